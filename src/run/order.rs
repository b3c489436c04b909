//! Findings put in report order. A run can find millions (a small file can say
//! fifteen things of each of its rows), and each waits in memory as a key and a
//! handle to its text until the report is written; sorting them must not add
//! another half of that, as a stable sort's buffer of whole findings does.

/// Sorts `v` by key, findings of equal keys kept in the order they came (the
/// input's order: a map's features can share a line). Sorts positions, 4 bytes
/// each, and then moves each finding once into its place.
pub(super) fn by_key<K: Ord, T>(v: &mut [(K, T)]) {
    let Ok(n) = u32::try_from(v.len()) else {
        v.sort_by(|a, b| a.0.cmp(&b.0));
        return;
    };
    if v.is_sorted_by(|a, b| a.0 <= b.0) {
        return;
    }
    // `from[j]`: where the finding that goes to place `j` is now.
    let mut from: Vec<u32> = (0..n).collect();
    from.sort_by(|&a, &b| v[a as usize].0.cmp(&v[b as usize].0));
    // Each cycle of the permutation is walked once; a place is marked done by
    // pointing at itself.
    for i in 0..v.len() {
        let mut j = i;
        loop {
            let k = from[j] as usize;
            from[j] = j as u32;
            if k == i {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

/// Adds an input's findings: the first input's are moved, not copied.
pub(super) fn gather<K, T>(all: &mut Vec<(K, T)>, mut more: Vec<(K, T)>) {
    if all.is_empty() {
        std::mem::swap(all, &mut more);
    } else {
        all.append(&mut more);
    }
}

#[cfg(test)]
mod tests {
    use super::by_key;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_as_a_stable_sort_does(keys in proptest::collection::vec(0u8..6, 0..300)) {
            let mut v: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
            let mut expected = v.clone();
            expected.sort_by_key(|p| p.0);
            by_key(&mut v);
            prop_assert_eq!(v, expected);
        }
    }

    #[test]
    fn moves_what_cannot_be_copied() {
        let mut v: Vec<(u32, String)> = [3, 1, 2, 1, 0]
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, format!("{k}.{i}")))
            .collect();
        by_key(&mut v);
        let texts: Vec<&str> = v.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["0.4", "1.1", "1.3", "2.2", "3.0"]);
    }
}
