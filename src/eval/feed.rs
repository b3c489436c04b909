//! Feeding the aggregates: the records of the entities they run over are kept
//! first, batch by batch, then indexed once all are in, so that every record can
//! then be checked on its own against rules that read whole tables.

use super::agg_data::AggData;
use super::{Applies, Engine, aggregate};
use crate::data::Record;
use crate::schema::EntityId;

/// What aggregates kept of a batch of records, by aggregate id.
pub type Kept = Vec<(usize, KeptRecords)>;

/// Records an aggregate kept, each with whether its pre-filter was unknown, side
/// by side as [`AggData`] holds them: a batch that is all an aggregate gets
/// becomes its records without a copy.
#[derive(Debug, Default)]
pub struct KeptRecords {
    pub records: Vec<Record<'static>>,
    pub maybe: Vec<bool>,
}

impl KeptRecords {
    fn push(&mut self, (record, maybe): (Record<'static>, bool)) {
        self.records.push(record);
        self.maybe.push(maybe);
    }

    /// Keeps only the records `keep` says to.
    pub fn retain(&mut self, keep: impl Fn(&Record<'static>) -> bool) {
        let mut i = 0;
        self.maybe.retain(|_| {
            let k = self.records.get(i).is_some_and(&keep);
            i += 1;
            k
        });
        self.records.retain(|r| keep(r));
    }
}

impl Engine<'_> {
    /// What the aggregates over `entity` keep of these records, by aggregate id.
    pub fn keep<'r>(
        &self,
        entity: EntityId,
        records: impl Iterator<Item = &'r Record<'r>>,
    ) -> Kept {
        let mut kept = Kept::default();
        for rec in records {
            self.keep_one(entity, rec, None, &mut kept);
        }
        kept
    }

    /// Adds what the aggregates over `entity` keep of one record to `kept`.
    /// `zone` is the record's zone when the caller has placed it already.
    pub fn keep_one(
        &self,
        entity: EntityId,
        rec: &Record<'_>,
        zone: Option<usize>,
        kept: &mut Kept,
    ) {
        let env = self.env();
        let (packs, unplaced) = self.packs_for(entity, rec, zone);
        for &id in self.aggs_over.get(entity).map_or(&[][..], Vec::as_slice) {
            let Some(a) = self.agg_nodes.get(id).copied().flatten() else {
                continue;
            };
            let applies = match packs {
                None => Applies::Yes,
                Some(p) => self
                    .agg_pack
                    .get(id)
                    .and_then(|&i| p.get(i))
                    .copied()
                    .unwrap_or(Applies::No),
            };
            let judged = applies == Applies::Yes;
            if applies == Applies::No && !unplaced {
                continue;
            }
            if let Some(mut k) = aggregate::keep(&env, a, rec) {
                // Where it is not known to be judged, it may or may not count.
                k.1 |= !judged;
                match kept.iter_mut().find(|(i, _)| *i == id) {
                    Some((_, v)) => v.push(k),
                    None => {
                        let mut v = KeptRecords::default();
                        v.push(k);
                        kept.push((id, v));
                    }
                }
            }
        }
    }
    /// Adds what [`Engine::keep`] returned, in input order.
    pub fn add_kept(&mut self, kept: Vec<Kept>) {
        // Reserved once: growing by doubling would briefly hold twice the records.
        let mut sizes = vec![0usize; self.aggs.len()];
        for (id, recs) in kept.iter().flatten() {
            if let Some(n) = sizes.get_mut(*id) {
                *n += recs.records.len();
            }
        }
        for (id, mut recs) in kept.into_iter().flatten() {
            let (Some(d), Some(left)) = (self.aggs.get_mut(id), sizes.get_mut(id)) else {
                continue;
            };
            // What is still to come, this batch included: room for all of it is
            // made at the first batch, and the others fit.
            let n = std::mem::replace(left, left.saturating_sub(recs.records.len()));
            // A batch that is all the aggregate gets (a plan's table) is moved.
            if d.records.is_empty() && recs.records.len() == n {
                d.records = recs.records;
                d.maybe = recs.maybe;
                continue;
            }
            d.records.reserve_exact(n);
            d.maybe.reserve_exact(n);
            d.records.append(&mut recs.records);
            d.maybe.append(&mut recs.maybe);
        }
    }

    /// Forgets every aggregated record, to check another data set with the same
    /// rules and date.
    pub fn clear_aggregates(&mut self) {
        for d in &mut self.aggs {
            *d = AggData::default();
        }
    }

    /// Indexes the aggregates' records: call once every aggregated record is kept,
    /// with the number of records each entity had (a rule reading an entity with
    /// none is not run: it is reported as not checked).
    pub fn finish_aggregates(&mut self, records: &[usize]) {
        use rayon::prelude::*;
        for (e, a) in self.absent_entities.iter_mut().enumerate() {
            if self.aggs_over.get(e).is_some_and(|a| !a.is_empty()) {
                *a = records.get(e).copied().unwrap_or(0) == 0;
            }
        }
        let nodes = &self.agg_nodes;
        let finish = |(id, d): (usize, &mut AggData)| {
            if let Some(a) = nodes.get(id).copied().flatten() {
                aggregate::finish(a, d);
            }
        };
        // A few records (a plan, a pack's test case) are indexed faster than
        // the threads are woken.
        if records.iter().sum::<usize>() < 4096 {
            self.aggs.iter_mut().enumerate().for_each(finish);
        } else {
            self.aggs.par_iter_mut().enumerate().for_each(finish);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Pos, Values};

    fn rec(row: u32) -> Record<'static> {
        Record {
            values: Values::blank(1),
            pos: Pos {
                source: 0,
                row,
                line: row + 2,
                offset: 0,
            },
        }
    }

    #[test]
    fn kept_records_and_their_flags_are_dropped_together() {
        let mut kept = KeptRecords::default();
        for row in 0..6 {
            kept.push((rec(row), row % 3 == 0));
        }
        kept.retain(|r| r.pos.row % 2 == 1);
        let rows: Vec<u32> = kept.records.iter().map(|r| r.pos.row).collect();
        assert_eq!(rows, [1, 3, 5]);
        assert_eq!(kept.maybe, [false, true, false]);
    }

    fn batch(rows: std::ops::Range<u32>) -> KeptRecords {
        let mut kept = KeptRecords::default();
        for row in rows {
            kept.push((rec(row), false));
        }
        kept
    }

    /// Kept records are given room for all of them once, at their first batch,
    /// however many batches and calls they come in: an aggregate of a million
    /// records never holds room for two million.
    #[test]
    fn kept_records_get_room_for_all_of_them_once() {
        let set = match crate::lang::compile(&crate::embedded::files()) {
            Ok(set) => set,
            Err(d) => panic!("{d:?}"),
        };
        assert!(set.aggregates > 0);
        let as_of = jiff::civil::date(2026, 1, 1);
        let mut engine = Engine::new(
            &set,
            &super::super::Options {
                as_of,
                selected: &|_, _| true,
            },
        );
        engine.add_kept(vec![vec![(0, batch(0..3))], vec![(0, batch(3..5))]]);
        let d = &engine.aggs[0];
        assert_eq!((d.records.len(), d.records.capacity()), (5, 5));
        engine.add_kept(vec![vec![(0, batch(5..7))], vec![(0, batch(7..9))]]);
        let d = &engine.aggs[0];
        assert_eq!((d.records.len(), d.records.capacity()), (9, 9));
        assert_eq!((d.maybe.len(), d.maybe.capacity()), (9, 9));
        let rows: Vec<u32> = d.records.iter().map(|r| r.pos.row).collect();
        assert_eq!(rows, (0..9).collect::<Vec<_>>());
    }
}
