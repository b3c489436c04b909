//! `nearest(…)`: the body on the record closest to the checked one, found by
//! searching the R-tree in growing boxes.

use super::Env;
use super::calls::geometry;
use crate::data::Record;
use crate::eval::agg_data::AggData;
use crate::eval::value::{R, Reason, Unknown, V};
use crate::pack::{Agg, Node};
use crate::spatial;

impl<'a> Env<'a> {
    /// `nearest(body of … by distance(g, self.g))`: the body on the record whose
    /// geometry is closest to the checked record's. The R-tree is searched in boxes
    /// growing eightfold from 1 km until one holds a record that certainly counts
    /// and no farther than the box's radius, so a search reads the records near
    /// the answer, not all of them. Fails closed: a record that may count (its
    /// `where` unknown) at least as close, or one that counts or may with no
    /// readable geometry (it may be anywhere), makes the answer unknown; so does
    /// having no record at all (`Empty`).
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
        /// Half the earth's circumference, and more: a box this wide is the globe.
        const WORLD: f64 = 2.1e7;
        let at = geometry(self.eval(by, outer, outer, true)?)?;
        let Some(sites) = &data.sites else {
            return Err(Unknown::of(Reason::Missing));
        };
        // Whether a candidate counts: Some(false) it certainly does, Some(true) it
        // may, None it does not.
        let counts = |i: usize| -> Result<Option<bool>, Unknown> {
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
        };
        for &i in &data.unplaced {
            if counts(i as usize)?.is_some() {
                return Err(Unknown::of(Reason::Uncertain));
            }
        }
        let mut radius = 1000.0_f64;
        // Eightfold growth reaches the globe in six rounds, and a round that finds a
        // record farther than its radius is followed by one that settles it: a bound
        // well above that only guards against a distance that is not a number.
        for _ in 0..32 {
            let mut best: Option<(f64, u32)> = None;
            let mut closest_maybe: Option<f64> = None;
            for i in sites.near(&at, radius) {
                let Some(may) = counts(i as usize)? else {
                    continue;
                };
                let shape = match data.records.get(i as usize).and_then(|r| r.values.get(pos)) {
                    Some(crate::data::Value::Shape(s)) => s,
                    _ => continue,
                };
                let d = spatial::distance(&at, shape);
                if may {
                    closest_maybe = Some(closest_maybe.map_or(d, |m| m.min(d)));
                } else if best.is_none_or(|(bd, bi)| d < bd || (d == bd && i < bi)) {
                    best = Some((d, i));
                }
            }
            match best {
                Some((d, i)) if d <= radius => {
                    if closest_maybe.is_some_and(|m| m <= d) {
                        return Err(Unknown::of(Reason::Uncertain));
                    }
                    let Some(r) = data.records.get(i as usize) else {
                        return Err(Unknown::of(Reason::Missing));
                    };
                    return match &a.body {
                        Some(b) => self.eval(b, r, outer, false),
                        None => Err(Unknown::of(Reason::Invalid)),
                    };
                }
                // Every record within `d` is in the box of radius `d`.
                Some((d, _)) if d.is_finite() => radius = d,
                Some(_) => return Err(Unknown::of(Reason::Invalid)),
                None if radius >= WORLD => {
                    return Err(Unknown::of(if closest_maybe.is_some() {
                        Reason::Uncertain
                    } else {
                        Reason::Empty
                    }));
                }
                None => radius *= 8.0,
            }
        }
        Err(Unknown::of(Reason::Invalid))
    }
}
