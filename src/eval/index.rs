//! Hash indexes for equality joins in aggregates, built once per run and aggregate.
//!
//! A key is hashed to a `u64` without allocating; candidates are then compared
//! value by value, so a hash collision costs a comparison, never a wrong match.

use super::value::{V, read};
use crate::data::Record;
use crate::schema::Slot;
use std::hash::{BuildHasher, Hash, Hasher};

/// A fast hasher with a fixed seed, so the index behaves the same on every run.
/// Keys come from the user's own data, so flooding is not a concern.
#[derive(Clone, Copy, Default)]
pub struct Fixed;

impl BuildHasher for Fixed {
    type Hasher = foldhash::fast::FoldHasher<'static>;
    fn build_hasher(&self) -> Self::Hasher {
        foldhash::fast::FixedState::with_seed(0x0079_6c63_6865_636b).build_hasher()
    }
}

pub fn hash_value(v: &V<'_>, h: &mut impl Hasher) {
    match v {
        V::Num(q) => (0u8, q).hash(h),
        V::Bool(b) => (1u8, b).hash(h),
        V::Str(s) => (2u8, s).hash(h),
        V::Enum(i) => (3u8, i).hash(h),
        V::Date(d) => (4u8, d.year(), d.month(), d.day()).hash(h),
        V::List(l) => (5u8, l).hash(h),
        // Geometry is never a join key; equal shapes hashing alike is enough.
        V::Shape(_) | V::Point(_) => 6u8.hash(h),
        V::Range(lo, hi) => (7u8, lo, hi).hash(h),
    }
}

/// Records of one entity by the hash of their key fields: a sorted array of
/// (hash, record), so the index costs 16 bytes a record and no allocation per key.
///
/// A record with a blank or unreadable key field may equal any key there: it is
/// kept apart, by which key fields it does have (a bit mask), indexed on those, so
/// a lookup also finds it as a candidate that *may* count (fail closed) without
/// scanning every such record for every key.
#[derive(Debug, Default)]
pub struct Index {
    entries: Vec<(u64, u32)>,
    wild: Vec<(u32, Vec<(u64, u32)>)>,
}

/// The hash of the key parts a mask selects.
fn hash_parts<'v>(parts: impl Iterator<Item = &'v V<'v>>) -> u64 {
    let mut h = Fixed.build_hasher();
    for v in parts {
        hash_value(v, &mut h);
    }
    h.finish()
}

impl Index {
    pub fn build(records: &[Record<'_>], slots: &[Slot]) -> Index {
        let full = (1u32 << slots.len().min(31)) - 1;
        let mut entries = Vec::with_capacity(records.len());
        let mut wild: Vec<(u32, Vec<(u64, u32)>)> = Vec::new();
        for (i, r) in records.iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            let mut h = Fixed.build_hasher();
            let mut mask = 0u32;
            for (k, &s) in slots.iter().enumerate().take(31) {
                if let Some(Ok(v)) = r.values.get(s).map(|v| read(v, s, false)) {
                    hash_value(&v, &mut h);
                    mask |= 1 << k;
                }
            }
            if mask == full {
                entries.push((h.finish(), i));
                continue;
            }
            match wild.iter_mut().find(|(m, _)| *m == mask) {
                Some((_, list)) => list.push((h.finish(), i)),
                None => wild.push((mask, vec![(h.finish(), i)])),
            }
        }
        entries.sort_unstable();
        for (_, list) in &mut wild {
            list.sort_unstable();
        }
        wild.sort_unstable_by_key(|(m, _)| *m);
        Index { entries, wild }
    }

    /// Candidate records for a key (to be confirmed by comparing values).
    pub fn get(&self, key: &[V<'_>]) -> impl Iterator<Item = u32> + '_ {
        let hash = hash_parts(key.iter());
        lookup(&self.entries, hash)
    }

    /// How many records may be candidates for a key, by hash alone (a collision
    /// only overcounts): whether its group is large.
    pub fn group_len(&self, key: &[V<'_>]) -> usize {
        let hash = hash_parts(key.iter());
        let start = self.entries.partition_point(|e| e.0 < hash);
        let end = self.entries.partition_point(|e| e.0 <= hash);
        (end - start).saturating_add(self.count_wild(key))
    }

    /// The hash a key is indexed by.
    pub fn hash_key(key: &[V<'_>]) -> u64 {
        hash_parts(key.iter())
    }

    /// Per group of records with blank or unreadable key fields: the entries whose
    /// readable key fields hash like the key's.
    fn wild_matches<'s>(&'s self, key: &'s [V<'_>]) -> impl Iterator<Item = &'s [(u64, u32)]> {
        self.wild.iter().map(move |(mask, list)| {
            let parts = key
                .iter()
                .enumerate()
                .filter(|(k, _)| *k < 31 && mask & (1 << k) != 0)
                .map(|(_, v)| v);
            let hash = hash_parts(parts);
            let start = list.partition_point(|e| e.0 < hash);
            let end = list.partition_point(|e| e.0 <= hash);
            &list[start..end]
        })
    }

    /// Records with a blank or unreadable key field whose readable key fields match
    /// the key's hash (to be confirmed by comparing values): they may count.
    pub fn get_wild<'s>(&'s self, key: &'s [V<'s>]) -> impl Iterator<Item = u32> + 's {
        self.wild_matches(key).flatten().map(|e| e.1)
    }

    /// How many records with a blank or unreadable key field may match the key, by
    /// hash alone: a collision can only count a record that does not match as one
    /// that may, which widens a range and never decides a verdict. So a count over
    /// such records costs a lookup, not a scan, however many there are.
    pub fn count_wild(&self, key: &[V<'_>]) -> usize {
        self.wild_matches(key).map(<[_]>::len).sum()
    }
}

fn lookup(list: &[(u64, u32)], hash: u64) -> impl Iterator<Item = u32> + '_ {
    let start = list.partition_point(|e| e.0 < hash);
    list[start..]
        .iter()
        .take_while(move |e| e.0 == hash)
        .map(|e| e.1)
}
