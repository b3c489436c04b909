//! An aggregate answered for the checked record: which candidates it folds over
//! (all of them, those the R-tree finds near, those of the checked record's key),
//! its value when it does not depend on that record, and large groups' answers
//! remembered by key.

use super::Env;
use super::calls::geometry;
use crate::data::Record;
use crate::eval::agg_data::{AggData, KeyPart, owned};
use crate::eval::index::Index;
use crate::eval::value::{R, Reason, Unknown, V, read};
use crate::lang::ast::AggFunc;
use crate::pack::Agg;

/// A group of candidates at least this large has its answer remembered per key
/// ([`Agg::by_key`]); a smaller one costs less to recompute than to look up.
const GROUP_MEMO: usize = 32;

impl<'a> Env<'a> {
    pub(super) fn aggregate<'r>(&self, a: &'r Agg, outer: &'r Record<'_>) -> R<'r>
    where
        'a: 'r,
    {
        if self.absent.get(a.entity).copied().unwrap_or(false) {
            return Err(Unknown::of(Reason::NoInput(a.entity)));
        }
        let Some(data) = self.aggs.get(a.id) else {
            return Err(Unknown::of(Reason::Missing));
        };
        let flagged = |i: u32| {
            let i = i as usize;
            data.records
                .get(i)
                .map(|r| (r, data.maybe.get(i).copied().unwrap_or(false)))
        };
        if let Some((pos, by)) = &a.by {
            return self.nearest(a, outer, data, *pos, by);
        }
        if !a.uses_self && self.witness.is_none() {
            return *data.value.get_or_init(|| {
                let mut all = data
                    .records
                    .iter()
                    .zip(data.maybe.iter().copied().chain(std::iter::repeat(false)));
                owned(self.fold(a, outer, &mut all, &mut std::iter::empty(), 0))
            });
        }
        if let (Some(sites), Some(near)) = (&data.sites, &a.near) {
            // Candidates from the R-tree; the `where` still decides each exactly.
            // A record with no readable site may be within any radius.
            let at = geometry(self.eval(&near.outer, outer, outer, true)?)?;
            let mut candidates = sites.near(&at, near.radius.to_f64()).filter_map(flagged);
            let mut unplaced = data
                .unplaced
                .iter()
                .filter_map(|&i| flagged(i))
                .map(|(r, _)| (r, true));
            return self.fold(a, outer, &mut candidates, &mut unplaced, 0);
        }
        let Some(index) = &data.index else {
            let mut all = (0..data.records.len())
                .filter_map(|i| u32::try_from(i).ok())
                .filter_map(flagged);
            return self.fold(a, outer, &mut all, &mut std::iter::empty(), 0);
        };
        // The checked record's key; an unknown key makes the aggregate unknown.
        let mut key = [V::Bool(false); 4];
        let mut many = Vec::new();
        let key: &[V<'r>] = if a.keys.len() <= key.len() {
            for (i, (_, node)) in a.keys.iter().enumerate() {
                key[i] = self.eval(node, outer, outer, true)?;
            }
            &key[..a.keys.len()]
        } else {
            for (_, node) in &a.keys {
                many.push(self.eval(node, outer, outer, true)?);
            }
            &many
        };
        let answer = || {
            // A candidate's key fields equal the checked record's where readable; a
            // blank one may equal anything.
            let matches = |r: &Record<'static>, wild: bool| {
                a.keys.iter().zip(key).all(|((s, _), k)| {
                    r.values.get(*s).is_some_and(|v| match read(v, *s, false) {
                        Ok(x) => x == *k,
                        Err(_) => wild,
                    })
                })
            };
            let mut candidates = index
                .get(key)
                .filter_map(flagged)
                .filter(|(r, _)| matches(r, false));
            // With nothing else to decide, a record with a blank key only adds to the
            // uncertain part of a count: counted, not visited.
            if a.filter.is_none()
                && self.witness.is_none()
                && matches!(a.func, AggFunc::Count | AggFunc::Exists | AggFunc::Distinct)
            {
                let wild = i64::try_from(index.count_wild(key)).unwrap_or(i64::MAX);
                return self.fold(a, outer, &mut candidates, &mut std::iter::empty(), wild);
            }
            let mut wild = index
                .get_wild(key)
                .filter_map(flagged)
                .filter(|(r, _)| matches(r, true))
                .map(|(r, _)| (r, true));
            self.fold(a, outer, &mut candidates, &mut wild, 0)
        };
        // Every record of a large group gets the same answer: computed once.
        if a.by_key && self.witness.is_none() && index.group_len(key) >= GROUP_MEMO {
            return self.by_group(data, key, answer);
        }
        answer()
    }

    /// The answer of a key-determined aggregate ([`Agg::by_key`]) for `key`: the
    /// remembered one, or `answer()` remembered. A key or value that cannot be kept
    /// (geometry, text) is computed each time, as is everything if the table of
    /// answers is unusable (a thread panicked holding it).
    fn by_group<'r>(&self, data: &AggData, key: &[V<'r>], answer: impl FnOnce() -> R<'r>) -> R<'r> {
        let Some(parts) = key
            .iter()
            .map(KeyPart::of)
            .collect::<Option<Box<[KeyPart]>>>()
        else {
            return answer();
        };
        let hash = Index::hash_key(key);
        let same = |k: &[KeyPart]| k.len() == key.len() && k.iter().zip(key).all(|(p, v)| p.is(v));
        if let Ok(groups) = data.groups.lock()
            && let Some((_, r)) = groups
                .get(&hash)
                .and_then(|list| list.iter().find(|(k, _)| same(k)))
        {
            return *r;
        }
        let r = answer();
        if !matches!(r, Ok(V::Str(_) | V::List(_) | V::Shape(_)))
            && let Ok(mut groups) = data.groups.lock()
        {
            let list = groups.entry(hash).or_default();
            if !list.iter().any(|(k, _)| same(k)) {
                list.push((parts, owned(r)));
            }
        }
        r
    }
}
