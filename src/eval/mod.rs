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
mod finding;
mod index;
mod pack_test;
mod range;
mod tally;
mod trace;
pub mod value;
mod verdict;

use crate::data::{Record, Value, View};
use crate::pack::{Cmp, Node, Rule, RuleSet};
use crate::schema::{EntityId, Slot};
use crate::waiver::Waivers;
use agg_data::AggData;
pub use dataset::{Outcomes, check};
use expr::Env;
pub use expr::work;
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
                values: Vec::new(),
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

    /// Checks one record against every rule for its entity.
    pub fn evaluate(
        &self,
        entity: EntityId,
        rec: &Record<'_>,
        view: &View<'_>,
        tally: &mut Tally,
        found: &mut dyn FnMut(Finding),
    ) {
        self.evaluate_traced(entity, rec, view, tally, found, None, None);
    }

    /// [`Engine::evaluate`], also noting in `checks` every rule that checked the
    /// record and its outcome, passes included: for the reports that show where
    /// rules pass as well as where they fail. `zone` is the record's zone when the
    /// caller has already placed it ([`Engine::set_scope`]), so it is not placed
    /// again.
    #[expect(
        clippy::too_many_arguments,
        reason = "one record, where its outcomes go, and its zone if known"
    )]
    pub fn evaluate_traced(
        &self,
        entity: EntityId,
        rec: &Record<'_>,
        view: &View<'_>,
        tally: &mut Tally,
        found: &mut dyn FnMut(Finding),
        mut checks: Option<&mut Vec<(usize, Outcome)>>,
        zone: Option<usize>,
    ) {
        let known = zone;
        let env = self.env();
        *tally::at(&mut tally.per_entity, entity) += 1;
        // This record's counts, added to the run's (and its group's) at the end.
        let mut s = Summary {
            records: 1,
            ..Summary::default()
        };
        // The zone is worked out once: it is also the group when the run groups
        // records by zone, as it does.
        let (packs, group) = match (self.zones.as_ref(), self.group) {
            (Some((zone, applies, _)), Some(g)) if std::ptr::addr_eq(*zone, g) => {
                let z = known.unwrap_or_else(|| zone(entity, rec));
                (Some(applies.get(z).map_or(&[][..], Vec::as_slice)), Some(z))
            }
            _ => (
                self.packs_for(entity, rec, known).0,
                self.group.map(|g| g(entity, rec)),
            ),
        };
        // The group whose rules this record's outcomes are counted under, if any;
        // it notes where the record comes in input order.
        let by_rule = group.filter(|_| self.group_rules);
        if let Some(g) = by_rule {
            let key = (view.source, view.sheet_index(), rec.pos.row);
            tally::at(&mut tally.group_rules, g).seen((key, entity));
        }
        // The place cell blamed where a pack may not apply, found once a record.
        let mut bad_place: Option<Option<Slot>> = None;
        // Why the record's rules passed it over, should none check it.
        let mut why = tally::skipped::NO_RULE;
        if let Some(rules) = self.by_entity.get(entity) {
            for &ri in rules {
                let applies = match packs {
                    None => Applies::Yes,
                    Some(p) => p
                        .get(self.set.rules[ri].pack)
                        .copied()
                        .unwrap_or(Applies::No),
                };
                // Where the pack may or may not apply, its verdict is unknown,
                // blamed on the place cell that could not be placed.
                let place = match applies {
                    Applies::No => continue,
                    Applies::Yes => None,
                    Applies::Maybe => {
                        Some(*bad_place.get_or_insert_with(|| self.bad_place_slot(entity, rec)))
                    }
                };
                why &= !tally::skipped::NO_RULE;
                let outcome =
                    self.check_rule(&env, ri, rec, view, tally, &mut s, &mut why, found, place);
                if let (Some(c), Some(o)) = (checks.as_deref_mut(), outcome) {
                    c.push((ri, o));
                }
                if let (Some(g), Some(o)) = (by_rule, outcome) {
                    tally::at(&mut tally.group_rules, g).count(ri, o);
                }
            }
        }
        if s.checks == 0 {
            let bad_place = rec.values.iter().any(|v| {
                matches!(v, crate::data::Value::Invalid(b)
                    if matches!(b.problem, crate::data::Problem::UnknownPlace | crate::data::Problem::AmbiguousPlace))
            });
            if bad_place {
                why |= tally::skipped::PLACE;
            }
            if self.wanted_out_of_force(&env, entity, rec, packs) {
                why |= tally::skipped::NOT_IN_FORCE;
            }
            // A rule that takes the record in but could not check it says why;
            // that other rules' scopes leave it out does not.
            use tally::skipped::{COLUMN, NEEDS, NOT_IN_FORCE, SCOPE};
            if why & (NEEDS | COLUMN | NOT_IN_FORCE) != 0 {
                why &= !SCOPE;
            }
            *tally
                .unjudged
                .entry((entity, group.unwrap_or(usize::MAX), why))
                .or_default() += 1;
        }
        if let Some(g) = group {
            tally::at(&mut tally.per_group, g).add(&s);
        }
        tally.summary.add(&s);
    }

    /// Whether a rule not in force on the date checked would take the record in
    /// (or may): its scope is true or unknown for it. A scope that reads other
    /// tables is not evaluated (their records were not gathered for it).
    fn wanted_out_of_force(
        &self,
        env: &Env<'_>,
        entity: EntityId,
        rec: &Record<'_>,
        packs: Option<&[Applies]>,
    ) -> bool {
        self.out_of_force.iter().any(|&ri| {
            let rule = &self.set.rules[ri];
            if rule.entity != entity
                || packs.is_some_and(|p| {
                    matches!(
                        p.get(rule.pack).copied().unwrap_or(Applies::No),
                        Applies::No
                    )
                })
            {
                return false;
            }
            let Some(filter) = &rule.filter else {
                return true;
            };
            if filter.any(&|n| matches!(n, Node::Agg(_))) {
                return false;
            }
            let lets = expr::Lets::new(&rule.lets, rec);
            let env = &Env {
                lets: Some(&lets),
                ..*env
            };
            !matches!(env.eval(filter, rec, rec, true), Ok(V::Bool(false)))
        })
    }

    /// The record's first place cell that names no known place, or several; else
    /// the first naming a street or community no row of the run places; else its
    /// first (blank) place cell.
    fn bad_place_slot(&self, entity: EntityId, rec: &Record<'_>) -> Option<Slot> {
        let ent = self.set.schema.entities.get(entity)?;
        let slots = ent.place_slots();
        let own = ent.name_slot();
        slots
            .iter()
            .copied()
            .find(|&s| matches!(rec.values.get(s), Some(Value::Invalid(_))))
            .or_else(|| {
                slots.iter().copied().find(|&s| {
                    Some(s) != own
                        && matches!(rec.values.get(s), Some(Value::Text(t)) if !t.trim().is_empty())
                })
            })
            // Else the blank place cell a record naming no place leaves.
            .or_else(|| slots.iter().copied().find(|&s| Some(s) != own))
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

/// The fields of the checked record a rule reads, in its scope then its
/// requirement: an unknown names every blank one, so a bureau fixing the row
/// learns everything it lacks at once.
fn own_fields_of(rule: &Rule) -> Vec<Slot> {
    let mut slots = Vec::new();
    for n in rule.filter.iter().chain(std::iter::once(&rule.require)) {
        own_fields(n, &mut slots, &mut Vec::new());
    }
    slots
}

/// The checked record's fields an expression reads (not those of the records an
/// aggregate runs over), each once. Each let is entered once (`seen`): its fields
/// are already in `out` the next time.
fn own_fields(n: &Node, out: &mut Vec<Slot>, seen: &mut Vec<usize>) {
    match n {
        Node::Field(s) | Node::Outer(s) | Node::Agrees { slot: s, .. } if !out.contains(s) => {
            out.push(*s)
        }
        Node::Let(i, l) if !seen.contains(i) => {
            seen.push(*i);
            own_fields(l, out, seen);
        }
        _ => {}
    }
    n.each_child(&mut |c| own_fields(c, out, seen));
}

/// The checked record's fields that an expression cannot do without: a blank in
/// any of them makes it unknown, however the rest turns out. An `if` needs its
/// condition's and those both branches need; an `and` or `or` only those every
/// part needs (another part may decide it); `present` needs nothing; an aggregate
/// or a built-in is not looked into. `lets` remembers each let's, so a chain of
/// lets is walked once.
fn strict_fields(n: &Node, lets: &mut Vec<(usize, Vec<Slot>)>) -> Vec<Slot> {
    fn union(mut a: Vec<Slot>, b: Vec<Slot>) -> Vec<Slot> {
        for s in b {
            if !a.contains(&s) {
                a.push(s);
            }
        }
        a
    }
    fn both(a: Vec<Slot>, b: &[Slot]) -> Vec<Slot> {
        a.into_iter().filter(|s| b.contains(s)).collect()
    }
    match n {
        Node::Field(s) => vec![*s],
        Node::Neg(a) | Node::Not(a) | Node::Matches(a, _) | Node::In(a, _) => {
            strict_fields(a, lets)
        }
        Node::Contains { list, .. } => strict_fields(list, lets),
        Node::Arith(_, a, b) | Node::Cmp(_, a, b, _) => {
            let a = strict_fields(a, lets);
            union(a, strict_fields(b, lets))
        }
        Node::Agrees { slot, expr, .. } => union(vec![*slot], strict_fields(expr, lets)),
        Node::If(c, a, b) => {
            let c = strict_fields(c, lets);
            let a = strict_fields(a, lets);
            let b = strict_fields(b, lets);
            union(c, both(a, &b))
        }
        Node::And(parts) | Node::Or(parts) => {
            let mut parts = parts.iter();
            let Some(first) = parts.next() else {
                return Vec::new();
            };
            let mut out = strict_fields(first, lets);
            for p in parts {
                let p = strict_fields(p, lets);
                out = both(out, &p);
            }
            out
        }
        Node::Let(i, l) => {
            if let Some((_, s)) = lets.iter().find(|(j, _)| j == i) {
                return s.clone();
            }
            let s = strict_fields(l, lets);
            lets.push((*i, s.clone()));
            s
        }
        _ => Vec::new(),
    }
}

/// `field == value` for an enum, alone or as the first part of an `and`: a record
/// with none of the values returned cannot pass the filter (nor make it unknown:
/// with the value, the values that may be it, as `maybe` declares them).
fn guard(filter: &Node) -> Option<(Slot, Box<[u16]>)> {
    use crate::pack::Const;
    match filter {
        Node::Cmp(Cmp::Eq, a, b, _) => match (&**a, &**b) {
            (Node::Field(s), Node::Const(Const::Enum(v)))
            | (Node::Const(Const::Enum(v)), Node::Field(s)) => Some((*s, Box::new([*v]))),
            _ => None,
        },
        // `if field in [vague …] then unknown else field == value` (see `maybe`).
        Node::If(c, then, test) if matches!(**then, Node::Vague(_)) => {
            let (s, v) = guard(test)?;
            let Node::In(f, vague) = &**c else {
                return None;
            };
            if !matches!(**f, Node::Field(x) if x == s) {
                return None;
            }
            let mut all = v.into_vec();
            for w in vague.iter() {
                let Node::Const(Const::Enum(w)) = w else {
                    return None;
                };
                all.push(*w);
            }
            Some((s, all.into()))
        }
        Node::And(parts) => parts.first().and_then(guard),
        _ => None,
    }
}

/// What aggregates kept of a batch of records: (aggregate id, records, each with
/// whether its pre-filter was unknown).
pub type Kept = Vec<(usize, Vec<(Record<'static>, bool)>)>;

fn agg_ids(n: &Node, out: &mut Vec<usize>) {
    let mut aggs = Vec::new();
    aggregate::aggs_in(n, &mut aggs);
    out.extend(aggs.iter().map(|a| a.id));
}

/// `None` when the rule does not apply to the record (its filter is false). A
/// filter that cannot be evaluated makes the outcome unknown, marked as the scope's:
/// passing over the record would be a silent pass.
fn evaluate(
    env: &Env<'_>,
    filter: &Option<Node>,
    require: &Node,
    rec: &Record<'_>,
) -> Option<Result<bool, Unknown>> {
    if let Some(f) = filter {
        match env.eval(f, rec, rec, true) {
            Ok(V::Bool(true)) => {}
            Ok(V::Bool(false)) => return None,
            Ok(_) => {
                return Some(Err(Unknown {
                    scope: true,
                    ..Unknown::of(Reason::Invalid)
                }));
            }
            Err(u) => return Some(Err(Unknown { scope: true, ..u })),
        }
    }
    Some(match env.eval(require, rec, rec, true) {
        Ok(V::Bool(b)) => Ok(b),
        Ok(_) => Err(Unknown::of(Reason::Invalid)),
        Err(u) => Err(u),
    })
}
