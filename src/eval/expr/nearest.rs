//! `nearest(…)`: the body on the record closest to the checked one, found by
//! reading the R-tree nearest first.

use super::Env;
use super::calls::geometry;
#[cfg(debug_assertions)]
use super::work;
use crate::data::{Record, Value};
use crate::eval::agg_data::AggData;
use crate::eval::value::{R, Reason, Unknown, V};
use crate::pack::{Agg, Node};
use crate::spatial;

/// What the records read so far say: the one that certainly counts at the least
/// distance (the lowest index among equals), and the least distance of one that
/// may count.
#[derive(Default)]
struct Closest {
    best: Option<(f64, u32)>,
    maybe: Option<f64>,
}

impl Closest {
    /// Whether records no nearer than `bound` can still change the answer. Not
    /// once it passes the best distance (a tie at it is still read: the lower
    /// index wins); nor once it passes a record that may count, for then any
    /// record that certainly counts and is not yet read is farther than that one,
    /// and the answer is unknown whatever it is.
    fn settled(&self, bound: f64) -> bool {
        self.best.is_some_and(|(d, _)| bound > d) || self.maybe.is_some_and(|m| bound > m)
    }

    fn note(&mut self, d: f64, i: u32, may: bool) {
        if may {
            self.maybe = Some(self.maybe.map_or(d, |m| m.min(d)));
        } else if self
            .best
            .is_none_or(|(bd, bi)| d < bd || (d == bd && i < bi))
        {
            self.best = Some((d, i));
        }
    }

    /// The record to take the body of, or why there is none to: one that may count
    /// at least as near as the best makes it uncertain; so does one that may count
    /// where none certainly does, and neither is `Empty`.
    fn answer(&self) -> Result<u32, Unknown> {
        match (self.best, self.maybe) {
            (Some((d, _)), _) if !d.is_finite() => Err(Unknown::of(Reason::Invalid)),
            (Some((d, _)), Some(m)) if m <= d => Err(Unknown::of(Reason::Uncertain)),
            (Some((_, i)), _) => Ok(i),
            (None, Some(_)) => Err(Unknown::of(Reason::Uncertain)),
            (None, None) => Err(Unknown::of(Reason::Empty)),
        }
    }
}

impl<'a> Env<'a> {
    /// `nearest(body of … by distance(g, self.g))`: the body on the record whose
    /// geometry is closest to the checked record's. The R-tree is read nearest
    /// first ([`Sites::nearest_first`](crate::spatial::Sites::nearest_first)) until
    /// what is left cannot be nearer than a record that certainly counts, so a
    /// search reads the records about the answer, not all those within some box of
    /// it. Fails closed: a record that may count (its `where` unknown) at least as
    /// close, or one that counts or may with no readable geometry (it may be
    /// anywhere), makes the answer unknown; so does having no record at all
    /// (`Empty`).
    pub(super) fn nearest<'r>(
        &self,
        a: &'r Agg,
        outer: &'r Record<'_>,
        data: &'r AggData,
        pos: usize,
        by: &'r Node,
    ) -> R<'r>
    where
        'a: 'r,
    {
        let at = geometry(self.eval(by, outer, outer, true)?)?;
        let Some(sites) = &data.sites else {
            return Err(Unknown::of(Reason::Missing));
        };
        for &i in &data.unplaced {
            if self.counts(a, outer, data, i)?.is_some() {
                return Err(Unknown::of(Reason::Uncertain));
            }
        }
        let mut closest = Closest::default();
        for (bound, i) in sites.nearest_first(&at) {
            if closest.settled(bound) {
                break;
            }
            #[cfg(debug_assertions)]
            work::count(&work::CANDIDATES);
            let Some(may) = self.counts(a, outer, data, i)? else {
                continue;
            };
            let Some(Value::Shape(shape)) =
                data.records.get(i as usize).and_then(|r| r.values.get(pos))
            else {
                continue;
            };
            let d = spatial::distance(&at, shape);
            // Not a number: no order of the records can be trusted.
            if d.is_nan() {
                return Err(Unknown::of(Reason::Invalid));
            }
            closest.note(d, i, may);
        }
        let Some(r) = data.records.get(closest.answer()? as usize) else {
            return Err(Unknown::of(Reason::Missing));
        };
        match &a.body {
            Some(b) => self.eval(b, r, outer, false),
            None => Err(Unknown::of(Reason::Invalid)),
        }
    }

    /// Whether record `i` counts: `Some(false)` it certainly does, `Some(true)` it
    /// may (its pre-filter or `where` unknown), `None` it does not. The checked
    /// record's own value missing makes the whole answer unknown.
    fn counts(
        &self,
        a: &Agg,
        outer: &Record<'_>,
        data: &AggData,
        i: u32,
    ) -> Result<Option<bool>, Unknown> {
        let i = i as usize;
        let (Some(r), flagged) = (
            data.records.get(i),
            data.maybe.get(i).copied().unwrap_or(false),
        ) else {
            return Ok(None);
        };
        match a.filter.as_ref().map(|f| self.eval(f, r, outer, false)) {
            None | Some(Ok(V::Bool(true))) => Ok(Some(flagged)),
            Some(Ok(_)) => Ok(None),
            Some(Err(u)) if u.slot.is_some() => Err(u),
            Some(Err(_)) => Ok(Some(true)),
        }
    }
}
