//! Where each record is, and so which documents judge it.
//!
//! A record's place cells are stored as the gazetteer's full names before anything
//! reads them, so a join of `淮阳区` with `周口市淮阳区` meets. Its place is then the
//! first of them that is a place (a region row's own name before its parent), else
//! the run's region. A pack judges a record only if its region holds the record's
//! place: a 许昌市 facility is never judged by 汴政〔2022〕2号, whatever the run chose.

mod by_region;
mod canon;
mod notes;

use crate::data::{Problem, Record, Value};
use crate::eval::Applies;
use crate::pack::RuleSet;
use crate::region::{Gazetteer, PlaceIndex};
use crate::schema::{EntityId, Slot};
pub use by_region::by_rule;
pub use notes::Notes;

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

    /// A zone's line in a report by region: a place, or what is known of where
    /// its records are (no place named, one not recognised, a city's county not
    /// said), each on a line of its own.
    pub fn zone_label(&self, zone: usize, lang: crate::i18n::Lang) -> String {
        if let Some(name) = self.ix.groups.get(zone) {
            return name.clone();
        }
        let k = zone.saturating_sub(self.uncertain() + 1);
        let city = self
            .city_sets
            .iter()
            .filter(|&(_, &set)| set == k)
            .find_map(|(&g, _)| self.ix.groups.get(g));
        let (zh, en) = match zone {
            z if z == self.none() => ("（未注明地区）".into(), "(no place named)".into()),
            z if z == self.outside() => ("（范围以外）".into(), "(outside the region)".into()),
            z if z == self.uncertain() => {
                ("（地区无法识别）".into(), "(place not recognised)".into())
            }
            _ => match city {
                Some(c) => (
                    format!("{c}（未注明县区）"),
                    format!("{c} (county not named)"),
                ),
                None => (
                    "（多地同名的地名）".into(),
                    "(a name several places share)".into(),
                ),
            },
        };
        crate::i18n::tr(lang, zh, en)
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
}
