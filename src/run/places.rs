//! Where each record is, and so which documents judge it.
//!
//! A record's place cells are stored as the gazetteer's full names before anything
//! reads them, so a join of `淮阳区` with `周口市淮阳区` meets. Its place is then the
//! first of them that is a place (a region row's own name before its parent), else
//! the run's region. A pack judges a record only if its region holds the record's
//! place: a 许昌市 facility is never judged by 汴政〔2022〕2号, whatever the run chose.

use super::located::Ctx;
use crate::data::{Problem, Record, Value, View};
use crate::diag::Diag;
use crate::eval::Applies;
use crate::i18n::{Lang, tr};
use crate::pack::RuleSet;
use crate::region::{Gazetteer, PlaceIndex, Unresolved, canonical};
use crate::schema::{EntityId, Slot};
use std::borrow::Cow;

/// How many records a diagnostic names before it only counts.
const SHOWN: usize = 5;

/// Resolves place cells and puts records in zones: one per place of the
/// gazetteer, then "names no place", then "outside the run's region".
pub struct Placer<'g> {
    pub ix: &'g PlaceIndex,
    gaz: &'g Gazetteer,
    /// Per entity: its place fields, in the order they place a record.
    slots: Vec<Vec<Slot>>,
    /// Per entity: the field that names a record.
    names: Vec<Option<Slot>>,
    /// Per entity: its fields that are the level of a place field's place.
    levels: Vec<Vec<crate::schema::LevelFrom>>,
    /// The run's region (`--region`, a plan's), if one was named.
    pub home: Option<usize>,
    /// Per pack: the place its region is; `Err` for a region the gazetteer does
    /// not know (the pack then judges nothing).
    pack_place: Vec<Option<Result<usize, ()>>>,
    /// The sets of places a record may be in: those sharing a name (`示范区`),
    /// then each city's counties (a city written for a county). A record naming
    /// one and nothing that settles which is in the zone of its set.
    shared: Vec<std::borrow::Cow<'g, [usize]>>,
    /// Per city group: the index in `shared` of the set of its counties, which a
    /// record naming only the city where a county is asked for may be in.
    city_sets: std::collections::HashMap<usize, usize>,
    /// Per entity: the place of the pack that declares it ([`crate::schema::Entity::home`]).
    ent_home: Vec<Option<usize>>,
    /// Per entity: its fields that name a county ([`crate::schema::Field::names_county`]).
    county_slots: Vec<Vec<Slot>>,
    /// Smaller units (streets, communities) placed by the rows that name them
    /// with their parent, learned from the run's own tables once they are read
    /// ([`Placer::learn`]): a unit two counties share places nothing (`None`).
    learned: std::sync::OnceLock<std::collections::HashMap<Box<str>, Option<usize>>>,
}

/// What one row says of a smaller unit's place: its name, and its parent's place
/// (`Ok`) or, when the parent is itself a smaller unit, the parent's name.
pub type Learned = (Box<str>, Result<usize, Box<str>>);

/// How many levels of smaller units are followed (社区 → 街道 → 县).
const LEVELS: usize = 4;

impl<'g> Placer<'g> {
    pub fn new(
        gaz: &'g Gazetteer,
        ix: &'g PlaceIndex,
        set: &RuleSet,
        home: Option<usize>,
    ) -> Placer<'g> {
        let ents = &set.schema.entities;
        let mut placer = Placer {
            ix,
            gaz,
            slots: ents
                .iter()
                .map(crate::schema::Entity::place_slots)
                .collect(),
            names: ents.iter().map(crate::schema::Entity::name_slot).collect(),
            levels: (0..ents.len())
                .map(|e| set.schema.levels_of(e).copied().collect())
                .collect(),
            home,
            pack_place: set
                .packs
                .iter()
                .map(|p| {
                    p.region.as_ref().map(|r| {
                        gaz.resolve(r)
                            .ok()
                            .and_then(|pl| ix.group(&gaz.full_name(&pl)))
                            .ok_or(())
                    })
                })
                .collect(),
            shared: Vec::new(),
            city_sets: std::collections::HashMap::new(),
            learned: std::sync::OnceLock::new(),
            county_slots: ents
                .iter()
                .map(|e| {
                    (0..e.fields.len())
                        .filter(|&s| e.fields[s].names_county)
                        .collect()
                })
                .collect(),
            ent_home: ents
                .iter()
                .map(|e| {
                    let r = e.home.as_ref()?;
                    ix.group(&gaz.full_name(&gaz.resolve(r).ok()?))
                })
                .collect(),
        };
        placer.shared = ix
            .shared_sets()
            .into_iter()
            .map(std::borrow::Cow::Borrowed)
            .collect();
        for city in 1..ix.groups.len() {
            if ix.is_county(city) {
                continue;
            }
            let counties: Vec<usize> = (1..ix.groups.len())
                .filter(|&g| g != city && ix.is_county(g) && ix.contains(city, g))
                .collect();
            if !counties.is_empty() {
                placer.city_sets.insert(city, placer.shared.len());
                placer.shared.push(std::borrow::Cow::Owned(counties));
            }
        }
        placer
    }

    /// How many zones there are: places, no place, outside, uncertain, and one
    /// per set of places a record may be in (those sharing a name, a city's
    /// counties).
    pub fn zones(&self) -> usize {
        self.uncertain() + 1 + self.shared.len()
    }

    /// The zone of records that name no place, in a run that names none.
    pub fn none(&self) -> usize {
        self.ix.groups.len()
    }

    /// The zone of records outside the run's region.
    pub fn outside(&self) -> usize {
        self.ix.groups.len() + 1
    }

    /// The zone of records whose place cell names no known place, or several,
    /// and no other cell of theirs a place: they may be anywhere.
    pub fn uncertain(&self) -> usize {
        self.ix.groups.len() + 2
    }

    /// The zone a record (with canonical place cells) is in.
    pub fn zone(&self, entity: EntityId, rec: &Record<'_>) -> usize {
        let slots = self.slots.get(entity).map_or(&[][..], Vec::as_slice);
        match (self.ix.place_of(slots, rec), self.home) {
            (Some(g), Some(h)) if !self.ix.contains(h, g) => self.outside(),
            (Some(g), _) => g,
            // A place written wrongly is not the run's region, nor no place.
            (None, home) => match self.misplaced(slots, rec) {
                Some(Err(())) => self.uncertain(),
                // A shared name none of whose places is in the run's region is
                // outside it, whichever it is.
                Some(Ok(k)) => match (home, self.shared.get(k)) {
                    (Some(h), Some(set)) if !set.iter().any(|&g| self.ix.contains(h, g)) => {
                        self.outside()
                    }
                    _ => self.uncertain() + 1 + k,
                },
                None => match self.through_units(entity, slots, rec) {
                    Some(Ok(g)) => match home {
                        Some(h) if !self.ix.contains(h, g) => self.outside(),
                        _ => g,
                    },
                    // A street or community no row of the run places, in a run
                    // naming no region: it is somewhere, but where is unknown.
                    Some(Err(())) if home.is_none() => self.uncertain(),
                    // A table of one region's document is in that region.
                    _ => match (home, self.ent_home.get(entity).copied().flatten()) {
                        (Some(h), Some(e)) if self.ix.contains(h, e) => e,
                        (Some(h), Some(e)) if !self.ix.contains(e, h) => self.outside(),
                        (Some(h), _) => h,
                        (None, Some(e)) => e,
                        (None, None) => self.none(),
                    },
                },
            },
        }
    }

    /// The place of the smaller unit (a street, a community) a record's place
    /// cells name after its own name, as the run's rows place it: `Ok` the place,
    /// `Err` a unit no row places; `None` when the cells name no such unit.
    fn through_units(
        &self,
        entity: EntityId,
        slots: &[Slot],
        rec: &Record<'_>,
    ) -> Option<Result<usize, ()>> {
        let own = self.names.get(entity).copied().flatten();
        let mut named = false;
        for &s in slots.iter().filter(|&&s| Some(s) != own) {
            let Some(Value::Text(t)) = rec.values.get(s) else {
                continue;
            };
            if t.trim().is_empty() {
                continue;
            }
            named = true;
            if let Some(&Some(g)) = self.learned.get().and_then(|m| m.get(t.as_ref())) {
                return Some(Ok(g));
            }
        }
        named.then_some(Err(()))
    }

    /// Whether the entity's rows may name a smaller unit with its parent (a
    /// region table: its own name, then its parent's).
    pub fn has_units(&self, entity: EntityId) -> bool {
        self.slots.get(entity).is_some_and(|s| {
            s.len() > 1 && s.first().copied() == self.names.get(entity).copied().flatten()
        })
    }

    /// What a record says of a smaller unit's place, for [`Placer::learn`]: a row
    /// whose own name is no place of the gazetteer (a street), with its parent.
    pub fn unit(&self, entity: EntityId, rec: &Record<'_>) -> Option<Learned> {
        if !self.has_units(entity) {
            return None;
        }
        let (&own, rest) = self.slots.get(entity)?.split_first()?;
        let Some(Value::Text(name)) = rec.values.get(own) else {
            return None;
        };
        if name.trim().is_empty() || self.ix.lookup(name).is_some() {
            return None;
        }
        // A unit right under the province would be a city the gazetteer does not
        // know: it places nothing.
        if let Some(g) = self.ix.place_of(rest, rec) {
            return (g != 0).then(|| (name.as_ref().into(), Ok(g)));
        }
        rest.iter().find_map(|&s| match rec.values.get(s) {
            Some(Value::Text(p)) if !p.trim().is_empty() => {
                Some((name.as_ref().into(), Err(p.as_ref().into())))
            }
            _ => None,
        })
    }

    /// Learns where the smaller units the run's rows name are, following
    /// parents that are units themselves a few levels; once, before the rows
    /// that need it are judged.
    pub fn learn(&self, rows: Vec<Learned>) {
        let mut map: std::collections::HashMap<Box<str>, Option<usize>> =
            std::collections::HashMap::new();
        let mut pending = Vec::new();
        let add = |map: &mut std::collections::HashMap<Box<str>, Option<usize>>,
                   name: Box<str>,
                   g: usize| {
            match map.entry(name) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(Some(g));
                }
                std::collections::hash_map::Entry::Occupied(mut o) => {
                    if *o.get() != Some(g) {
                        o.insert(None);
                    }
                }
            }
        };
        for (name, parent) in rows {
            match parent {
                Ok(g) => add(&mut map, name, g),
                Err(p) => pending.push((name, p)),
            }
        }
        for _ in 0..LEVELS {
            let before = pending.len();
            let mut still = Vec::new();
            for (name, p) in pending {
                match map.get(&p) {
                    Some(&Some(g)) => add(&mut map, name, g),
                    _ => still.push((name, p)),
                }
            }
            pending = still;
            if pending.len() == before {
                break;
            }
        }
        let _ = self.learned.set(map);
    }

    /// The first place cell of the record that names no known place (`Err`), or
    /// several (`Ok`, the index of their set).
    fn misplaced(&self, slots: &[Slot], rec: &Record<'_>) -> Option<Result<usize, ()>> {
        slots.iter().find_map(|&s| match rec.values.get(s) {
            Some(Value::Invalid(bad)) => match bad.problem {
                Problem::UnknownPlace => Some(Err(())),
                // One of the city's counties.
                Problem::CoarsePlace => Some(
                    self.ix
                        .lookup(&bad.text)
                        .and_then(|g| self.city_sets.get(&g).copied())
                        .ok_or(()),
                ),
                Problem::AmbiguousPlace => Some(match self.ix.named(&bad.text) {
                    // A generic area's short name (`高新区`) one listed city has
                    // may be any city's: anywhere.
                    crate::region::Named::Shared(set) if set.len() > 1 => {
                        self.shared.iter().position(|s| **s == *set).ok_or(())
                    }
                    _ => Err(()),
                }),
                _ => None,
            },
            _ => None,
        })
    }

    /// Whether a pack judges records of a zone. Records that name no place (in
    /// a run naming none) or an uncertain one are in the province, whose packs
    /// judge them, and may be in any city or county the run covers, whose packs
    /// may.
    pub fn judges(&self, zone: usize, pack: usize) -> Applies {
        let yes = |b: bool| if b { Applies::Yes } else { Applies::No };
        // A record naming no place, in a run naming none, may be anywhere too.
        if zone >= self.uncertain() || zone == self.none() {
            let place = match self.pack_place.get(pack) {
                Some(None) | Some(Some(Ok(0))) => return Applies::Yes,
                Some(Some(Ok(p))) => *p,
                _ => return Applies::No,
            };
            // Of a shared name, the places the pack's region holds.
            let k = zone.checked_sub(self.uncertain() + 1);
            if let Some(set) = k.and_then(|k| self.shared.get(k)) {
                let held = set.iter().filter(|&&g| self.ix.contains(place, g)).count();
                return match held {
                    0 => Applies::No,
                    n if n == set.len() => Applies::Yes,
                    _ => Applies::Maybe,
                };
            }
            let meets = self
                .home
                .is_none_or(|h| self.ix.contains(h, place) || self.ix.contains(place, h));
            return if meets { Applies::Maybe } else { Applies::No };
        }
        if zone >= self.ix.groups.len() {
            return Applies::No;
        }
        match self.pack_place.get(pack) {
            Some(None) => Applies::Yes,
            Some(Some(Ok(p))) => yes(self.ix.contains(*p, zone)),
            _ => Applies::No,
        }
    }

    /// Whether a pack may judge records of a zone ([`Placer::judges`]).
    pub fn applies(&self, zone: usize, pack: usize) -> bool {
        self.judges(zone, pack) != Applies::No
    }

    /// Whether a pack can judge any record of the run: its region and the run's
    /// overlap. Packs that cannot are not run, nor reported.
    pub fn in_run(&self, pack: usize) -> bool {
        match (self.pack_place.get(pack), self.home) {
            (Some(None), _) => true,
            (Some(Some(Ok(_))), None) => true,
            (Some(Some(Ok(p))), Some(h)) => self.ix.contains(*p, h) || self.ix.contains(h, *p),
            _ => false,
        }
    }

    /// Per zone, per pack: [`Placer::judges`].
    pub fn table(&self, packs: usize) -> Vec<Vec<Applies>> {
        (0..self.zones())
            .map(|z| (0..packs).map(|p| self.judges(z, p)).collect())
            .collect()
    }

    /// The packs whose region is no place of the gazetteer: they judge nothing.
    pub fn lost_packs(&self) -> impl Iterator<Item = usize> + '_ {
        self.pack_place
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p, Some(Err(()))))
            .map(|(i, _)| i)
    }

    /// Whether a pack is one of a city's or a county's, which records naming no
    /// place escape.
    pub fn is_local(&self, pack: usize) -> bool {
        matches!(self.pack_place.get(pack), Some(Some(Ok(p))) if *p != 0)
    }

    /// Whether the record's place cells need rewriting.
    fn needs_canon(&self, entity: EntityId, slots: &[Slot], rec: &Record<'_>) -> bool {
        slots.iter().any(|&s| match rec.values.get(s) {
            Some(Value::Text(t)) => match self.ix.named(t) {
                crate::region::Named::Place(g) => {
                    self.ix.groups.get(g).map(String::as_str) != Some(t.as_ref())
                        || self.coarse(entity, s, g)
                }
                crate::region::Named::Other => crate::region::unit_changes(self.ix, t),
                _ => true,
            },
            _ => false,
        })
    }

    /// Whether place `g` in slot `s` is coarser than the slot asks: a city in a
    /// field that names a county (`place county`).
    fn coarse(&self, entity: EntityId, s: Slot, g: usize) -> bool {
        g != 0
            && !self.ix.is_county(g)
            && self
                .county_slots
                .get(entity)
                .is_some_and(|c| c.contains(&s))
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
        out.values.clear();
        out.values.extend(rec.values.iter().cloned());
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
                && self.coarse(entity, s, g)
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
        out.values.clear();
        out.values.extend(rec.values.iter().cloned());
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
            values: Vec::new(),
            pos: rec.pos,
        };
        if self.canonicalise(entity, rec, &mut out) {
            rec.values = out.values.into_iter().map(Value::into_owned).collect();
        }
    }

    /// The record's name, for listing it.
    fn name(&self, entity: EntityId, rec: &Record<'_>) -> String {
        match self
            .names
            .get(entity)
            .copied()
            .flatten()
            .and_then(|s| rec.values.get(s))
        {
            Some(Value::Text(t)) => t.to_string(),
            // No name: its first place cell, as written.
            _ => self
                .slots
                .get(entity)
                .into_iter()
                .flatten()
                .find_map(|&s| match rec.values.get(s) {
                    Some(Value::Text(t)) if !t.trim().is_empty() => Some(t.to_string()),
                    Some(Value::Invalid(bad)) => Some(bad.text.to_string()),
                    _ => None,
                })
                .unwrap_or_else(|| format!("#{}", rec.pos.row + 1)),
        }
    }

    /// Notes what is wrong with the record's place cells, and where it is.
    #[expect(
        clippy::too_many_arguments,
        reason = "one record's place, and where to note it"
    )]
    pub fn note(
        &self,
        entity: EntityId,
        rec: &Record<'_>,
        zone: usize,
        checked: bool,
        ctx: &Ctx<'_>,
        view: &View<'_>,
        notes: &mut Notes,
    ) {
        let slots = self.slots.get(entity).map_or(&[][..], Vec::as_slice);
        for &s in slots {
            let Some(Value::Invalid(bad)) = rec.values.get(s) else {
                continue;
            };
            if !matches!(bad.problem, Problem::UnknownPlace | Problem::AmbiguousPlace) {
                continue;
            }
            if let Some(seen) = notes.bad.iter_mut().find(|b| b.0 == bad.text) {
                seen.2 += 1;
                continue;
            }
            let loc = view.locate(rec, Some(s));
            let d = self.bad_place(&bad.text, ctx, (loc.offset, loc.len));
            notes.bad.push((bad.text.clone(), d, 1));
        }
        let seen = if zone >= self.uncertain() && checked {
            // Its place cell is reported above; its checks say what they could not tell.
            return;
        } else if zone >= self.uncertain() {
            // No rule could judge it wherever it may be.
            &mut notes.unchecked
        } else if zone == self.outside() {
            &mut notes.outside
        } else if zone == self.none() {
            &mut notes.unplaced
        } else if !checked {
            &mut notes.unchecked
        } else {
            return;
        };
        seen.count += 1;
        if seen.first.len() < SHOWN {
            // A city written for a county shows as written.
            let place = self
                .ix
                .place_of(slots, rec)
                .and_then(|g| self.ix.groups.get(g).cloned())
                .or_else(|| {
                    slots.iter().find_map(|&s| match rec.values.get(s) {
                        Some(Value::Invalid(bad)) if bad.problem == Problem::CoarsePlace => {
                            Some(bad.text.to_string())
                        }
                        _ => None,
                    })
                });
            seen.first
                .push((rec.pos.line, self.name(entity, rec), place));
        }
    }

    /// A place cell that names no place, or several.
    fn bad_place(&self, text: &str, ctx: &Ctx<'_>, span: (usize, usize)) -> Diag {
        let lang = ctx.lang;
        match self.gaz.resolve(text) {
            Err(Unresolved::Ambiguous(all)) => ctx
                .warning(
                    "ylcheck::region::ambiguous_place",
                    tr(
                        lang,
                        format!("`{text}` 不止一处，记录本身和 --region 都没有说明是哪个市的"),
                        format!(
                            "more than one city has a `{text}`, and neither the record nor --region says which"
                        ),
                    ),
                    span,
                    lang.pick("哪个市的？", "which city's?"),
                )
                .with_help(match all.as_slice() {
                    // A generic area's name (`高新区`) the gazetteer lists once.
                    [one] => tr(
                        lang,
                        format!("请写明是哪个市的，如 {one}"),
                        format!("say which city's, e.g. {one}"),
                    ),
                    _ => tr(
                        lang,
                        format!("请写全称：{}", all.join("、")),
                        format!("write the full name: {}", all.join(", ")),
                    ),
                }),
            other => {
                let d = ctx.warning(
                    "ylcheck::region::unknown_place",
                    tr(
                        lang,
                        format!(
                            "`{text}` 不是{}的市、县（区），用到它的检查无法判断",
                            self.gaz.province
                        ),
                        format!(
                            "`{text}` is no city or county of {}; checks that use it are unknown",
                            self.gaz.province
                        ),
                    ),
                    span,
                    lang.pick("未知地名", "unknown place"),
                );
                match other {
                    Err(Unresolved::Unknown(near)) if !near.is_empty() => d.with_help(tr(
                        lang,
                        format!("是不是 `{}`？", near.join("`、`")),
                        format!("did you mean `{}`?", near.join("`, `")),
                    )),
                    _ => d.with_help(lang.pick(
                        "写作 开封市、开封市祥符区 或 祥符区；地名见 rules/gazetteer.toml",
                        "write e.g. 开封市, 开封市祥符区 or 祥符区; places are listed in rules/gazetteer.toml",
                    )),
                }
            }
        }
    }
}

/// Records of one kind of note: how many, and the first few (line, name, place).
#[derive(Debug, Default)]
pub struct Seen {
    pub count: usize,
    pub first: Vec<(u32, String, Option<String>)>,
}

impl Seen {
    fn add(&mut self, other: Seen) {
        self.count += other.count;
        for x in other.first {
            if self.first.len() < SHOWN {
                self.first.push(x);
            }
        }
    }

    fn list(&self, lang: Lang) -> String {
        let mut out: Vec<String> = self
            .first
            .iter()
            .map(|(line, name, place)| match place {
                Some(p) if p != name => tr(
                    lang,
                    format!("{name}（{p}，第 {line} 行）"),
                    format!("{name} ({p}, line {line})"),
                ),
                _ => tr(
                    lang,
                    format!("{name}（第 {line} 行）"),
                    format!("{name} (line {line})"),
                ),
            })
            .collect();
        if self.count > self.first.len() {
            out.push(tr(
                lang,
                format!("等 {} 条", self.count),
                format!("and {} more", self.count - self.first.len()),
            ));
        }
        out.join(lang.pick("、", ", "))
    }
}

/// What one input's records said about places.
#[derive(Debug, Default)]
pub struct Notes {
    /// Each bad place name once: its text, the diagnostic at its first cell, and
    /// how many cells hold it.
    pub bad: Vec<(Box<str>, Diag, usize)>,
    pub outside: Seen,
    pub unplaced: Seen,
    pub unchecked: Seen,
    /// Problems of single records (a failed `check`, a duplicate), each at its cell.
    pub records: Vec<Diag>,
}

impl Notes {
    /// Notes one of many alike problems (a failed `check`): the diagnostic is
    /// made for the first only, and the others are counted, so a table failing a
    /// check on every row says so once, not once a row.
    pub fn alike(&mut self, key: &str, d: impl FnOnce() -> Diag) {
        match self.bad.iter_mut().find(|b| &*b.0 == key) {
            Some(b) => b.2 += 1,
            None => self.bad.push((key.into(), d(), 1)),
        }
    }

    /// Adds the notes of a later stretch of the same input.
    pub fn add(&mut self, other: Notes) {
        for (text, d, n) in other.bad {
            match self.bad.iter_mut().find(|b| b.0 == text) {
                Some(b) => b.2 += n,
                None => self.bad.push((text, d, n)),
            }
        }
        self.outside.add(other.outside);
        self.unplaced.add(other.unplaced);
        self.unchecked.add(other.unchecked);
        self.records.extend(other.records);
    }

    /// The notes as diagnostics, one per kind. `entity` is the records' kind,
    /// `region` the run's, `missed` the packs records naming no place escaped.
    pub fn diags(
        self,
        path: &str,
        entity: &str,
        region: &str,
        missed: &[String],
        lang: Lang,
    ) -> Vec<Diag> {
        let mut out = self.records;
        for (text, d, n) in self.bad {
            out.push(if n > 1 {
                let mut d = d;
                d.message
                    .push_str(&tr(lang, format!("（共 {n} 处）"), format!(" ({n} cells)")));
                d
            } else {
                d
            });
            let _ = text;
        }
        if self.outside.count > 0 {
            out.push(
                Diag::warning(
                    "ylcheck::region::outside",
                    tr(
                        lang,
                        format!(
                            "{path}：{} 条{entity}记录不在 {region} 范围内，未检查：{}",
                            self.outside.count,
                            self.outside.list(lang)
                        ),
                        format!(
                            "{path}: {} {entity} record(s) lie outside {region} and were not checked: {}",
                            self.outside.count,
                            self.outside.list(lang)
                        ),
                    ),
                )
                .with_help(lang.pick(
                    "不加 --region 时，每条记录按其所在地区的文件检查",
                    "without --region, each record is checked by the documents of its own place",
                )),
            );
        }
        // Only worth saying when a city's or county's pack had rules for them.
        if self.unplaced.count > 0 && !missed.is_empty() {
            out.push(
                Diag::warning(
                    "ylcheck::region::no_place",
                    tr(
                        lang,
                        format!(
                            "{path}：{} 条{entity}记录没有注明所在的市或县（区），{} 的规则对它们无法判断：{}",
                            self.unplaced.count,
                            missed.join("、"),
                            self.unplaced.list(lang)
                        ),
                        format!(
                            "{path}: {} {entity} record(s) name no city or county, so the rules of {} cannot tell for them: {}",
                            self.unplaced.count,
                            missed.join(", "),
                            self.unplaced.list(lang)
                        ),
                    ),
                )
                .with_help(lang.pick(
                    "在数据中填写县（区），或用 --region 指定地区",
                    "fill in the county, or name the region with --region",
                )),
            );
        }
        if self.unchecked.count > 0 {
            out.push(
                Diag::warning(
                    "ylcheck::region::unchecked",
                    tr(
                        lang,
                        format!(
                            "{path}：{} 条{entity}记录所在地区没有能检查它们的规则（该地的文件对此类记录没有要求、相关规则在检查日期不在施行期内，或所需的其他输入没有提供），未检查：{}",
                            self.unchecked.count,
                            self.unchecked.list(lang)
                        ),
                        format!(
                            "{path}: no rule could check {} {entity} record(s) in their place (its documents set nothing for such records, the rules that do are not in force on the checking date, or they need inputs not given), so they were not checked: {}",
                            self.unchecked.count,
                            self.unchecked.list(lang)
                        ),
                    ),
                )
                .with_help(lang.pick(
                    "用 `ylcheck rules` 查看各规则包适用的地区",
                    "`ylcheck rules` lists the region each pack applies to",
                )),
            );
        }
        out
    }
}

/// Each region's outcomes rule by rule, regions in the order their first records
/// come. A zone is named by the gazetteer's place (`names`), the zone of records
/// naming none by the run's region; zones named alike are one region.
pub fn by_rule(
    groups: &[crate::eval::GroupRules],
    names: &[String],
    region: &str,
) -> Vec<crate::report::PlaceRules> {
    type First = (crate::eval::RecordKey, EntityId);
    let mut seen: Vec<(First, crate::report::PlaceRules)> = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        let Some(first) = group.first else { continue };
        let name = names.get(g).map_or(region, String::as_str);
        match seen.iter_mut().find(|(_, p)| p.name == name) {
            Some((f, p)) => {
                *f = (*f).min(first);
                if p.rules.len() < group.rules.len() {
                    p.rules.resize(group.rules.len(), [0; 3]);
                }
                for (a, b) in p.rules.iter_mut().zip(&group.rules) {
                    for (x, y) in a.iter_mut().zip(b) {
                        *x += y;
                    }
                }
            }
            None => seen.push((
                first,
                crate::report::PlaceRules {
                    name: name.to_string(),
                    rules: group.rules.clone(),
                },
            )),
        }
    }
    seen.sort_by_key(|(f, _)| *f);
    seen.into_iter().map(|(_, p)| p).collect()
}
