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
    }
}

/// Records of one entity by the hash of their key fields: a sorted array of
/// (hash, record), so the index costs 16 bytes a record and no allocation per key.
/// Records with a missing or unreadable key field are left out: they cannot equal
/// anything.
#[derive(Debug, Default)]
pub struct Index {
    entries: Vec<(u64, u32)>,
}

impl Index {
    pub fn build(records: &[Record<'_>], slots: &[Slot]) -> Index {
        let mut entries = Vec::with_capacity(records.len());
        'rec: for (i, r) in records.iter().enumerate() {
            let mut h = Fixed.build_hasher();
            for &s in slots {
                match r.values.get(s).map(|v| read(v, s, false)) {
                    Some(Ok(v)) => hash_value(&v, &mut h),
                    _ => continue 'rec,
                }
            }
            if let Ok(i) = u32::try_from(i) {
                entries.push((h.finish(), i));
            }
        }
        entries.sort_unstable();
        Index { entries }
    }

    /// Candidate records for a key (to be confirmed by comparing values).
    pub fn get(&self, key: &[V<'_>]) -> impl Iterator<Item = u32> + '_ {
        let mut h = Fixed.build_hasher();
        for v in key {
            hash_value(v, &mut h);
        }
        let hash = h.finish();
        let start = self.entries.partition_point(|e| e.0 < hash);
        self.entries[start..]
            .iter()
            .take_while(move |e| e.0 == hash)
            .map(|e| e.1)
    }
}
