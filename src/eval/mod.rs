//! Runs a compiled rule set over records and produces findings.
//!
//! Records may stream past: an [`Engine`] is fed the records of the entities that
//! aggregates run over first ([`Engine::keep`]), then evaluates every record of
//! every entity ([`Engine::evaluate`]) on its own, so a large table never has to
//! be held in memory. [`check`] does the same for a [`Dataset`](crate::data::Dataset) already in memory.

mod agg_data;
pub mod aggregate;
mod dataset;
mod explain;
mod expr;
mod feed;
mod fields;
mod finding;
mod index;
mod pack_test;
mod range;
mod record;
mod tally;
mod trace;
pub mod value;
mod verdict;

use crate::data::Record;
use crate::pack::{Node, RuleSet};
use crate::schema::{EntityId, Slot};
use crate::waiver::Waivers;
use agg_data::AggData;
pub use dataset::{Outcomes, check};
use expr::Env;
pub use expr::work;
pub use feed::Kept;
use fields::{guard, own_fields_of, strict_fields};
pub use finding::{Cell, Comparison, Finding, NotChecked, Outcome, Progress, Snippet, Undecided};
use jiff::civil::Date;
pub use pack_test::{Got, TestFailure, run_tests};
pub use tally::{GroupRules, Summary, Tally, skipped};
pub use trace::{RecordKey, Trace, finding_key};
pub use value::{Reason, Unknown, V};

/// Which rules to run.
pub struct Options<'a> {
    pub as_of: Date,
    /// Whether a rule (by pack id and rule id) is selected.
    pub selected: &'a dyn Fn(&str, &str) -> bool,
}

/// A check run over streamed records. See the module documentation.
pub struct Engine<'s> {
    pub set: &'s RuleSet,
    pub as_of: Date,
    /// Selected rules in force, by entity.
    by_entity: Vec<Vec<usize>>,
    /// Rules not run because of their window.
    out_of_force: Vec<usize>,
    /// Aggregates (by id) that active rules use, by the entity they run over.
    aggs_over: Vec<Vec<usize>>,
    aggs: Vec<AggData>,
    /// Whether the entity's rules use aggregates (and so must wait for them).
    deferred: Vec<bool>,
    /// Whether findings carry the input lines around them (for human reports).
    pub snippets: bool,
    /// Whether findings name every cell at fault ([`Finding::marks`]).
    pub cells: bool,
    /// Whether no input provides records of each entity, once aggregates are done.
    absent_entities: Vec<bool>,
    /// Rules whose entity no input provides.
    absent: Vec<usize>,
    /// Aggregate nodes by id.
    agg_nodes: Vec<Option<&'s crate::pack::Agg>>,
    /// Per rule: an enum field and value its filter requires, if it begins so.
    guards: Vec<Option<(Slot, Box<[u16]>)>>,
    /// The waivers in force, and per rule the ones whose rule pattern matches it.
    waivers: Option<(&'s Waivers, Vec<Vec<u32>>)>,
    /// Which group (region) a record's checks are counted under, if grouped.
    group: Option<&'s Grouper<'s>>,
    /// Whether each rule's outcomes are counted by group too.
    group_rules: bool,
    /// Which packs judge a record, when that depends on where it is: its zone,
    /// per zone, per pack, whether the pack applies there, and the zone of records
    /// that name no place.
    zones: Option<(&'s Grouper<'s>, Vec<Vec<Applies>>, usize)>,
    /// Per aggregate id: the pack of the rule using it.
    agg_pack: Vec<usize>,
    /// Per rule: the fields of the checked record it reads, scope first, each once
    /// (to name every blank one an unknown needs).
    own: Vec<Vec<Slot>>,
    /// Per rule: the fields of the checked record whose blank alone makes its
    /// requirement unknown, whatever else the record or other tables say
    /// ([`strict_fields`]).
    strict: Vec<Vec<Slot>>,
    /// The name of each zone that is a place ([`Engine::set_scope`]), by zone.
    zone_names: Vec<std::sync::Arc<str>>,
    /// Per entity, what a [`Trace`] keeps of its records.
    traced: Vec<trace::TraceFields>,
    /// Per rule: the columns its aggregates read that every input of their
    /// entity lacks, as (input, sheet, entity, field) ([`Engine::set_absent_columns`]).
    agg_absent: Vec<Vec<(u32, u32, EntityId, Slot)>>,
}

/// Whether a pack judges the records of a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    No,
    Yes,
    /// The records' place is uncertain (a name that is no place, or several):
    /// the pack may or may not judge them, so its verdicts on them are unknown
    /// and they may or may not count in its aggregates.
    Maybe,
}

/// Puts a record in a group, by entity and record: the index into
/// [`Tally::per_group`] its checks count towards.
pub type Grouper<'a> = dyn Fn(EntityId, &Record<'_>) -> usize + Sync + 'a;

impl<'s> Engine<'s> {
    pub fn new(set: &'s RuleSet, opts: &Options<'_>) -> Engine<'s> {
        let n = set.schema.entities.len();
        let mut by_entity = vec![Vec::new(); n];
        let mut out_of_force = Vec::new();
        let mut deferred = vec![false; n];
        let all = aggregate::all_aggs(set);
        let mut used = vec![false; set.aggregates];
        for (i, r) in set.rules.iter().enumerate() {
            if !(opts.selected)(&set.packs[r.pack].id, &r.id) {
                continue;
            }
            if !r.in_force(opts.as_of) {
                out_of_force.push(i);
                continue;
            }
            by_entity[r.entity].push(i);
            let mut ids = Vec::new();
            for n in r.nodes() {
                agg_ids(n, &mut ids);
            }
            if !ids.is_empty() {
                deferred[r.entity] = true;
            }
            for id in ids {
                if let Some(u) = used.get_mut(id) {
                    *u = true;
                }
            }
        }
        let mut aggs_over = vec![Vec::new(); n];
        for a in &all {
            if used.get(a.id).copied().unwrap_or(false) {
                aggs_over[a.entity].push(a.id);
            }
        }
        let traced = (set.schema.entities.iter().enumerate())
            .map(|(e, ent)| {
                let over = all.iter().filter(|a| a.entity == e);
                trace::TraceFields::of(ent, over.filter_map(|a| a.pre.as_ref()))
            })
            .collect();
        let mut agg_nodes = vec![None; set.aggregates];
        for a in all {
            if let Some(slot) = agg_nodes.get_mut(a.id) {
                *slot = Some(a);
            }
        }
        Engine {
            set,
            as_of: opts.as_of,
            by_entity,
            out_of_force,
            aggs_over,
            aggs: (0..set.aggregates).map(|_| AggData::default()).collect(),
            deferred,
            snippets: false,
            cells: false,
            absent_entities: vec![false; n],
            absent: Vec::new(),
            agg_nodes,
            guards: set
                .rules
                .iter()
                .map(|r| r.filter.as_ref().and_then(guard))
                .collect(),
            waivers: None,
            group: None,
            group_rules: false,
            zones: None,
            zone_names: Vec::new(),
            traced,
            agg_absent: vec![Vec::new(); set.rules.len()],
            own: set.rules.iter().map(own_fields_of).collect(),
            strict: set
                .rules
                .iter()
                .map(|r| strict_fields(&r.require, &mut Vec::new()))
                .collect(),
            agg_pack: {
                let mut packs = vec![usize::MAX; set.aggregates];
                for r in &set.rules {
                    let mut aggs = Vec::new();
                    for n in r.nodes() {
                        aggregate::aggs_in(n, &mut aggs);
                    }
                    for a in aggs {
                        if let Some(p) = packs.get_mut(a.id) {
                            *p = r.pack;
                        }
                    }
                }
                packs
            },
        }
    }

    /// Judges each record only by the packs whose region holds it: `zone` puts a
    /// record in a zone, `applies[zone][pack]` says whether the pack judges records
    /// there (a zone past the table, or a pack past its row: none). Aggregates of a
    /// pack read only the records it judges, and those of `unplaced` or of a zone
    /// where it may apply, which may be anywhere: as records that may count (a
    /// facility naming no county may be the center of any street of its name).
    pub fn set_scope(
        &mut self,
        zone: &'s Grouper<'s>,
        applies: Vec<Vec<Applies>>,
        unplaced: usize,
    ) {
        self.zones = Some((zone, applies, unplaced));
    }

    /// Tells which columns the inputs lack: `lacking(entity, field)` lists the
    /// inputs (as input and sheet) of that entity's records when every one of them
    /// lacks the field's column, else none. A rule whose aggregates read such a
    /// field and whose outcome is then unknown is not checked on the record, and
    /// the column is reported once per input, as for a field of its own.
    pub fn set_absent_columns(&mut self, lacking: &dyn Fn(EntityId, Slot) -> Vec<(u32, u32)>) {
        for (ri, r) in self.set.rules.iter().enumerate() {
            let absent = r
                .aggregated_reads()
                .into_iter()
                .flat_map(|(e, s)| {
                    lacking(e, s)
                        .into_iter()
                        .map(move |(input, sheet)| (input, sheet, e, s))
                })
                .collect();
            if let Some(a) = self.agg_absent.get_mut(ri) {
                *a = absent;
            }
        }
    }

    /// Names the zones of [`Engine::set_scope`] that are places, by zone, so each
    /// finding carries its record's region.
    pub fn set_zone_names(&mut self, names: Vec<std::sync::Arc<str>>) {
        self.zone_names = names;
    }

    /// The region a record is in, when its zone is a named place.
    fn region_of(&self, entity: EntityId, rec: &Record<'_>) -> Option<(u32, std::sync::Arc<str>)> {
        let (zone, _, _) = self.zones.as_ref()?;
        let z = zone(entity, rec);
        let name = self.zone_names.get(z)?;
        Some((u32::try_from(z).unwrap_or(u32::MAX), name.clone()))
    }

    /// The packs that judge this record (`None`: every pack), and whether it names
    /// no place.
    /// `known` is the record's zone when the caller has placed it already.
    fn packs_for(
        &self,
        entity: EntityId,
        rec: &Record<'_>,
        known: Option<usize>,
    ) -> (Option<&[Applies]>, bool) {
        let Some((zone, applies, none)) = self.zones.as_ref() else {
            return (None, false);
        };
        let z = known.unwrap_or_else(|| zone(entity, rec));
        (
            Some(applies.get(z).map_or(&[][..], Vec::as_slice)),
            z == *none,
        )
    }

    /// Findings that an unexpired waiver covers are marked with it, and count as
    /// waived rather than by severity.
    pub fn set_waivers(&mut self, waivers: &'s Waivers) {
        let set = self.set;
        let by_rule = set
            .rules
            .iter()
            .map(|r| waivers.for_rule(&set.packs[r.pack].id, &r.id, self.as_of))
            .collect();
        self.waivers = Some((waivers, by_rule));
    }

    /// Counts each record's checks under the group `group` puts it in too.
    pub fn set_grouper(&mut self, group: &'s Grouper<'s>) {
        self.group = Some(group);
    }

    /// Counts each rule's outcomes by group too ([`Tally::group_rules`]).
    pub fn count_rules_by_group(&mut self) {
        self.group_rules = true;
    }

    /// The first waiver in force that covers this rule's finding on `record`.
    fn waiver_for(&self, rule: usize, record: &str) -> Option<u32> {
        let (list, by_rule) = self.waivers.as_ref()?;
        by_rule.get(rule)?.iter().copied().find(|&w| {
            list.list
                .get(w as usize)
                .is_some_and(|w| w.matches_record(record))
        })
    }

    /// Whether aggregates run over this entity's records ([`Engine::keep`] them).
    pub fn is_aggregated(&self, entity: EntityId) -> bool {
        self.aggs_over.get(entity).is_some_and(|a| !a.is_empty())
    }

    /// Whether this entity's rules must wait until every aggregated record is in.
    pub fn is_deferred(&self, entity: EntityId) -> bool {
        self.deferred.get(entity).copied().unwrap_or(false)
    }

    /// Whether a map draws the record; `None` for an entity with no geometry field.
    pub fn drawn(&self, entity: EntityId, rec: &Record<'_>) -> Option<bool> {
        self.traced.get(entity)?.drawn(rec)
    }

    /// What a [`Trace`] of this record keeps of it.
    pub fn traced(&self, entity: EntityId, rec: &Record<'_>) -> Record<'static> {
        match self.traced.get(entity) {
            Some(kept) => kept.record(rec),
            None => Record {
                values: crate::data::Values::blank(0),
                pos: rec.pos,
            },
        }
    }

    fn env(&self) -> Env<'_> {
        Env {
            as_of: self.as_of,
            aggs: &self.aggs,
            absent: &self.absent_entities,
            lets: None,
            witness: None,
        }
    }

    /// Only the packs `applies` accepts are run; the others are not even reported.
    pub fn restrict_packs(&mut self, applies: &dyn Fn(usize) -> bool) {
        let set = self.set;
        let keep = |i: &usize| applies(set.rules[*i].pack);
        for rules in &mut self.by_entity {
            rules.retain(keep);
        }
        self.out_of_force.retain(keep);
    }

    /// Only the rules of entities some input provides are run; the others are
    /// reported as not checked, and their aggregates keep nothing.
    pub fn restrict_to(&mut self, present: &[EntityId]) {
        for (e, rules) in self.by_entity.iter_mut().enumerate() {
            if !present.contains(&e) {
                self.absent.append(rules);
            }
        }
        let mut used = vec![false; self.set.aggregates];
        for rules in &self.by_entity {
            for &i in rules {
                let r = &self.set.rules[i];
                let mut ids = Vec::new();
                for n in r.nodes() {
                    agg_ids(n, &mut ids);
                }
                for id in ids {
                    if let Some(u) = used.get_mut(id) {
                        *u = true;
                    }
                }
            }
        }
        for over in &mut self.aggs_over {
            over.retain(|&id| used.get(id).copied().unwrap_or(false));
        }
    }

    /// The rules not run, and why, given what the whole run saw.
    pub fn not_checked(&self, tally: &Tally) -> Vec<(usize, NotChecked)> {
        let mut out: Vec<(usize, NotChecked)> = self
            .out_of_force
            .iter()
            .map(|&i| {
                let r = &self.set.rules[i];
                (
                    i,
                    NotChecked::NotInForce {
                        from: r.from,
                        until: r.until,
                    },
                )
            })
            .collect();
        let seen = |e: EntityId| tally.per_entity.get(e).copied().unwrap_or(0) > 0;
        for rules in self.by_entity.iter().chain(std::iter::once(&self.absent)) {
            for &i in rules {
                let r = &self.set.rules[i];
                if let Some(&e) = std::iter::once(&r.entity)
                    .chain(&r.needs)
                    .find(|&&e| !seen(e))
                {
                    out.push((i, NotChecked::NoInput(e)));
                }
            }
        }
        for (&(source, sheet, rule, entity, slot), &records) in &tally.no_column {
            out.push((
                rule,
                NotChecked::NoColumn {
                    entity,
                    of: self.set.rules[rule].entity,
                    source,
                    sheet,
                    slot,
                    records,
                },
            ));
        }
        out.sort_by_key(|(i, _)| *i);
        out
    }
}

fn agg_ids(n: &Node, out: &mut Vec<usize>) {
    let mut aggs = Vec::new();
    aggregate::aggs_in(n, &mut aggs);
    out.extend(aggs.iter().map(|a| a.id));
}
