//! Feeding the aggregates: the records of the entities they run over are kept
//! first, batch by batch, then indexed once all are in, so that every record can
//! then be checked on its own against rules that read whole tables.

use super::agg_data::AggData;
use super::{Applies, Engine, aggregate};
use crate::data::Record;
use crate::schema::EntityId;

/// What aggregates kept of a batch of records: (aggregate id, records, each with
/// whether its pre-filter was unknown).
pub type Kept = Vec<(usize, Vec<(Record<'static>, bool)>)>;

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
                    None => kept.push((id, vec![k])),
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
                *n += recs.len();
            }
        }
        for (d, n) in self.aggs.iter_mut().zip(sizes) {
            d.records.reserve_exact(n);
            d.maybe.reserve_exact(n);
        }
        for (id, recs) in kept.into_iter().flatten() {
            if let Some(d) = self.aggs.get_mut(id) {
                for (r, maybe) in recs {
                    d.records.push(r);
                    d.maybe.push(maybe);
                }
            }
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
