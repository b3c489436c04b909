//! Place cells rewritten as the gazetteer's full names, and place-level fields
//! set from them, before any rule reads a record: so that a join of `淮阳区`
//! with `周口市淮阳区` meets, and a city where a county is asked for is known
//! to be unknown rather than taken for one.

use super::Placer;
use crate::data::{Problem, Record, Value, Values};
use crate::region::canonical;
use crate::schema::{EntityId, Slot};
use std::borrow::Cow;

impl<'g> Placer<'g> {
    /// Whether the record's place cells need rewriting.
    fn needs_canon(&self, entity: EntityId, slots: &[Slot], rec: &Record<'_>) -> bool {
        slots.iter().any(|&s| match rec.values.get(s) {
            Some(Value::Text(t)) => match self.ix.named(t) {
                crate::region::Named::Place(g) => {
                    self.ix.groups.get(g).map(String::as_str) != Some(t.as_ref())
                        || self.coarse(entity, s, g, rec)
                }
                crate::region::Named::Other => crate::region::unit_changes(self.ix, t),
                _ => true,
            },
            _ => false,
        })
    }

    /// Whether place `g` in slot `s` is coarser than the slot asks: a city, or
    /// the province, in a field that names a county (`place county`), or as the
    /// parent of a unit below a county (a street under 开封市: which county's
    /// street it is, is not said).
    fn coarse(&self, entity: EntityId, s: Slot, g: usize, rec: &Record<'_>) -> bool {
        !self.ix.is_county(g)
            && (self
                .county_slots
                .get(entity)
                .is_some_and(|c| c.contains(&s))
                || self.under_a_county(entity, s, rec))
    }

    /// Whether `s` is a parent's slot of a row whose own level is below a
    /// county's: a table of places (its level `or level(name, …)`) whose row's
    /// level is none of the province's, a city's or a county's.
    fn under_a_county(&self, entity: EntityId, s: Slot, rec: &Record<'_>) -> bool {
        self.levels.get(entity).into_iter().flatten().any(|l| {
            l.by == crate::schema::LevelBy::Place
                && l.place != s
                && matches!(rec.values.get(l.target),
                    Some(Value::Enum(v)) if !l.values[..3].contains(&Some(*v)))
        })
    }

    fn level_fix(&self, l: &crate::schema::LevelFrom, rec: &Record<'_>) -> Option<u16> {
        crate::region::level_fix(self.ix, l, &rec.values)
    }

    /// The city that settles a shared name in this record: one its other place
    /// cells name, else its table's (a regional pack's own), else the run's.
    fn city_hint(&self, entity: EntityId, slots: &[Slot], rec: &Record<'_>) -> Option<usize> {
        slots
            .iter()
            .find_map(|&s| match rec.values.get(s) {
                Some(Value::Text(t)) => self.ix.lookup(t).and_then(|g| self.ix.city(g)),
                _ => None,
            })
            .or_else(|| {
                self.ent_home
                    .get(entity)
                    .copied()
                    .flatten()
                    .and_then(|h| self.ix.city(h))
            })
            .or_else(|| self.home.and_then(|h| self.ix.city(h)))
    }

    /// Writes into `out` the record with its place cells canonical, when any
    /// needs it (`false`: `rec` is canonical as it is, and `out` is untouched).
    /// `out` is a buffer reused from record to record.
    pub fn canonicalise<'t>(&self, entity: EntityId, rec: &Record<'t>, out: &mut Record<'t>) -> bool
    where
        'g: 't,
    {
        let slots = self.slots.get(entity).map_or(&[][..], Vec::as_slice);
        if slots.is_empty() || !self.needs_canon(entity, slots, rec) {
            return self.fix_levels(entity, rec, out);
        }
        let city = self.city_hint(entity, slots, rec);
        out.values.copy_from(&rec.values);
        out.pos = rec.pos;
        for &s in slots {
            let mut v = match rec.values.get(s) {
                Some(Value::Text(Cow::Borrowed(t))) => canonical(self.ix, t, city),
                Some(Value::Text(Cow::Owned(t))) => canonical(self.ix, t, city).into_owned(),
                _ => continue,
            };
            // A city where a county is asked for: which county is unknown.
            if let Value::Text(t) = &v
                && let Some(g) = self.ix.lookup(t)
                && self.coarse(entity, s, g, rec)
            {
                v = crate::data::cell::invalid(t.as_ref(), Problem::CoarsePlace).into_owned();
            }
            if let Some(cell) = out.values.get_mut(s) {
                *cell = v;
            }
        }
        for l in self.levels.get(entity).into_iter().flatten() {
            if let Some(v) = self.level_fix(l, out)
                && let Some(cell) = out.values.get_mut(l.target)
            {
                *cell = Value::Enum(v);
            }
        }
        true
    }

    /// [`Placer::canonicalise`] for a record whose place cells are canonical: its
    /// place-level fields set to its places' levels, if any needs it.
    fn fix_levels<'t>(&self, entity: EntityId, rec: &Record<'t>, out: &mut Record<'t>) -> bool {
        let levels = self.levels.get(entity).map_or(&[][..], Vec::as_slice);
        if !levels.iter().any(|l| self.level_fix(l, rec).is_some()) {
            return false;
        }
        out.values.copy_from(&rec.values);
        out.pos = rec.pos;
        for l in levels {
            if let Some(v) = self.level_fix(l, rec)
                && let Some(cell) = out.values.get_mut(l.target)
            {
                *cell = Value::Enum(v);
            }
        }
        true
    }

    /// The same, in place, for a record held whole (a plan's, a workbook's).
    pub fn canonicalise_owned(&self, entity: EntityId, rec: &mut Record<'static>) {
        let mut out = Record {
            values: Values::blank(0),
            pos: rec.pos,
        };
        if self.canonicalise(entity, rec, &mut out) {
            rec.values.replace(out.values.into_owned());
        }
    }
}
