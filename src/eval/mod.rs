//! Runs a compiled rule set over records and produces findings.
//!
//! Records may stream past: an [`Engine`] is fed the records of the entities that
//! aggregates run over first ([`Engine::keep`]), then evaluates every record of
//! every entity ([`Engine::evaluate`]) on its own, so a large table never has to
//! be held in memory. [`check`] does the same for a [`Dataset`] already in memory.

pub mod aggregate;
mod expr;
mod index;
mod range;
mod tally;
mod trace;
pub mod value;

use crate::data::{Dataset, Record, Value, View};
use crate::lang::ast::Expect;
use crate::num::Q;
use crate::pack::{Cmp, Display, Node, Rule, RuleSet, Seg, Severity};
use crate::schema::{EntityId, Slot};
use crate::waiver::Waivers;
use aggregate::AggData;
use expr::Env;
pub use expr::work;
use jiff::civil::Date;
pub use tally::{Summary, Tally};
pub use trace::{RecordKey, Trace, finding_key};
pub use value::{Reason, Unknown, V};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Pass,
    Fail,
    Unknown,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Unknown => "unknown",
        }
    }
}

/// The comparison that decided a failure: `actual op required`, and by how much it
/// falls short, all in base units, printed with `display`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    pub op: Cmp,
    pub actual: Q,
    pub required: Q,
    pub shortfall: Option<Q>,
    pub display: Display,
}

/// Whether the cell a finding is about exists in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Present,
    /// The input has no such column or key at all.
    Absent,
}

/// The lines of the input around a finding's cell, for showing it.
#[derive(Debug, Clone, PartialEq)]
pub struct Snippet {
    pub text: String,
    /// The line number of the first line of `text`.
    pub first_line: u32,
    /// The cell's byte offset and length in `text`.
    pub span: (usize, usize),
}

/// A record that failed a rule or could not be checked against it, with
/// everything a report needs: it refers to no data that may be gone by then.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    pub outcome: Outcome,
    /// The rule's severity, lowered to a warning for a task not yet due.
    pub severity: Severity,
    /// For a rule with a deadline (`due`): behind before it, overdue after.
    pub progress: Option<Progress>,
    /// For `unknown`: why.
    pub unknown: Option<Reason>,
    /// For `unknown`: it is the rule's scope (`for … where`) that could not be
    /// evaluated, so whether the rule applies to the record is itself unknown.
    pub scope: bool,
    /// For `unknown`: every field of the record the rule reads that is blank or
    /// unreadable, in the order the rule reads them.
    pub missing: Vec<Slot>,
    /// For a failed numeric comparison: the numbers behind it.
    pub comparison: Option<Comparison>,
    /// For a failed `a and b and …`: the first field of every false part, so a
    /// total row or a form names each column at fault, not only the first.
    pub faults: Vec<Slot>,
    /// The field the finding is about, if one can be named.
    pub focus: Option<Slot>,
    pub cell: Cell,
    /// The input it came from (its index) and the record's index within it.
    pub source: u32,
    pub row: u32,
    /// For a worksheet, the Excel row and column number of the cell.
    pub line: u32,
    pub column: u32,
    /// For a worksheet: its index in the workbook and its name.
    pub sheet: Option<(u32, std::sync::Arc<str>)>,
    /// For a worksheet: the cell as Excel names it (`C12`), when the finding is
    /// about a column the sheet has.
    pub cell_ref: Option<String>,
    /// The record's name (or `entity #row`).
    pub record: String,
    /// The values of the fields the rule and its message read.
    pub values: Vec<(Slot, Value<'static>)>,
    /// The rule's `let` values, when its message shows any (else empty).
    pub lets: Vec<Value<'static>>,
    pub snippet: Option<Snippet>,
    /// The waiver (its index in the run's waivers file) that covers this finding.
    pub waiver: Option<u32>,
    /// The record's region as the gazetteer names it (`开封市祥符区`): its own
    /// place, else the region the run was narrowed to; with the region's index in
    /// the gazetteer's order. `None` when neither names one.
    pub region: Option<(u32, std::sync::Arc<str>)>,
    /// For a table (a CSV or a worksheet): each cell at fault as (row, 0-based
    /// column) — the finding's own, every field at fault, every blank or
    /// unreadable field an unknown needs; else the record's name cell, else its
    /// first. The row is the Excel row of a worksheet, and the line a CSV record
    /// starts on. Empty for a plan or a map, and unless the run asks for cells
    /// ([`crate::run::RunOptions::cells`]).
    pub marks: Vec<(u32, u32)>,
}

/// Where a task with a deadline stands when it falls short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Not yet at the target, before the deadline.
    Behind(Date),
    /// Not at the target after the deadline.
    Overdue(Date),
}

/// Why a rule was not run at all.
#[derive(Debug, Clone, PartialEq)]
pub enum NotChecked {
    /// `--as-of` is outside the rule's `from`/`until` window.
    NotInForce {
        from: Option<Date>,
        until: Option<Date>,
    },
    /// No input provides records of this entity.
    NoInput(EntityId),
    /// Not selected, because a settings file's `select` or `ignore` said so (the
    /// command line alone would have run it).
    TurnedOff { file: String },
    /// An input's table has no column for a field the rule needs: its records
    /// were passed over (`records` of them) rather than each reported unknown.
    NoColumn {
        entity: EntityId,
        source: u32,
        /// The sheet's index in its workbook (0 for a CSV).
        sheet: u32,
        slot: Slot,
        records: usize,
    },
}

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
    guards: Vec<Option<(Slot, u16)>>,
    /// The waivers in force, and per rule the ones whose rule pattern matches it.
    waivers: Option<(&'s Waivers, Vec<Vec<u32>>)>,
    /// Which group (region) a record's checks are counted under, if grouped.
    group: Option<&'s Grouper<'s>>,
    /// Which packs judge a record, when that depends on where it is: its zone,
    /// per zone, per pack, whether the pack applies there, and the zone of records
    /// that name no place.
    zones: Option<(&'s Grouper<'s>, Vec<Vec<bool>>, usize)>,
    /// Per aggregate id: the pack of the rule using it.
    agg_pack: Vec<usize>,
    /// Per rule: the fields of the checked record it reads, scope first, each once
    /// (to name every blank one an unknown needs).
    own: Vec<Vec<Slot>>,
    /// The name of each zone that is a place ([`Engine::set_scope`]), by zone.
    zone_names: Vec<std::sync::Arc<str>>,
    /// Per entity, what a [`Trace`] keeps of its records.
    traced: Vec<trace::TraceFields>,
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
            zones: None,
            zone_names: Vec::new(),
            traced,
            own: set.rules.iter().map(own_fields_of).collect(),
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
    /// pack read only the records it judges, and those of `unplaced`, which may be
    /// anywhere: as records that may count (a facility naming no county may be the
    /// center of any street of its name).
    pub fn set_scope(&mut self, zone: &'s Grouper<'s>, applies: Vec<Vec<bool>>, unplaced: usize) {
        self.zones = Some((zone, applies, unplaced));
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
    fn packs_for(&self, entity: EntityId, rec: &Record<'_>) -> (Option<&[bool]>, bool) {
        let Some((zone, applies, none)) = self.zones.as_ref() else {
            return (None, false);
        };
        let z = zone(entity, rec);
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
            self.keep_one(entity, rec, &mut kept);
        }
        kept
    }

    /// Adds what the aggregates over `entity` keep of one record to `kept`.
    pub fn keep_one(&self, entity: EntityId, rec: &Record<'_>, kept: &mut Kept) {
        let env = self.env();
        let (packs, unplaced) = self.packs_for(entity, rec);
        for &id in self.aggs_over.get(entity).map_or(&[][..], Vec::as_slice) {
            let Some(a) = self.agg_nodes.get(id).copied().flatten() else {
                continue;
            };
            let judged = packs.is_none_or(|p| {
                self.agg_pack
                    .get(id)
                    .is_some_and(|&i| p.get(i) == Some(&true))
            });
            if !judged && !unplaced {
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
        self.aggs.par_iter_mut().enumerate().for_each(|(id, d)| {
            if let Some(a) = nodes.get(id).copied().flatten() {
                aggregate::finish(a, d);
            }
        });
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
        self.evaluate_traced(entity, rec, view, tally, found, None);
    }

    /// [`Engine::evaluate`], also noting in `checks` every rule that checked the
    /// record and its outcome, passes included: for the reports that show where
    /// rules pass as well as where they fail.
    pub fn evaluate_traced(
        &self,
        entity: EntityId,
        rec: &Record<'_>,
        view: &View<'_>,
        tally: &mut Tally,
        found: &mut dyn FnMut(Finding),
        mut checks: Option<&mut Vec<(usize, Outcome)>>,
    ) {
        let env = self.env();
        *tally::at(&mut tally.per_entity, entity) += 1;
        // This record's counts, added to the run's (and its group's) at the end.
        let mut s = Summary {
            records: 1,
            ..Summary::default()
        };
        let (packs, _) = self.packs_for(entity, rec);
        if let Some(rules) = self.by_entity.get(entity) {
            for &ri in rules {
                if let Some(p) = packs
                    && p.get(self.set.rules[ri].pack) != Some(&true)
                {
                    continue;
                }
                let outcome = self.check_rule(&env, ri, rec, view, tally, &mut s, found);
                if let (Some(c), Some(o)) = (checks.as_deref_mut(), outcome) {
                    c.push((ri, o));
                }
            }
        }
        if let Some(group) = self.group {
            tally::at(&mut tally.per_group, group(entity, rec)).add(&s);
        }
        tally.summary.add(&s);
    }

    /// Checks one record against one rule, counting the outcome in `s` and the
    /// rule's tally; `None` when the rule does not apply to the record.
    #[allow(
        clippy::too_many_arguments,
        reason = "the pieces of one check, passed down from evaluate"
    )]
    fn check_rule(
        &self,
        env: &Env<'_>,
        ri: usize,
        rec: &Record<'_>,
        view: &View<'_>,
        tally: &mut Tally,
        s: &mut Summary,
        found: &mut dyn FnMut(Finding),
    ) -> Option<Outcome> {
        let rule = &self.set.rules[ri];
        // `for facility where kind == street_center …`: most records are of
        // another kind, and are passed over without evaluating anything.
        // A blank or unreadable value is not ruled out here: the filter decides,
        // and an unknown scope is reported, not passed over.
        if let Some((slot, variant)) = self.guards[ri]
            && matches!(rec.values.get(slot), Some(Value::Enum(v)) if *v != variant)
        {
            return None;
        }
        if rule
            .needs
            .iter()
            .any(|&e| self.absent_entities.get(e).copied().unwrap_or(false))
        {
            return None;
        }
        // The rule's lets and inner aggregates, computed at most once for this
        // record (no allocation unless it has some).
        let lets = expr::Lets::new(&rule.lets, rec);
        let env = &Env {
            lets: Some(&lets),
            ..*env
        };
        let outcome = evaluate(env, &rule.filter, &rule.require, rec)?;
        let (outcome, unknown) = match outcome {
            Ok(true) => {
                s.count(Outcome::Pass, rule.severity, false);
                tally::at(&mut tally.per_rule, ri).count(Outcome::Pass, rule.severity, false);
                return Some(Outcome::Pass);
            }
            Ok(false) => (Outcome::Fail, None),
            Err(u) => (Outcome::Unknown, Some(u)),
        };
        let missing: Vec<Slot> = if outcome == Outcome::Unknown {
            self.own[ri]
                .iter()
                .copied()
                .filter(|&s| {
                    rec.values
                        .get(s)
                        .is_none_or(|v| matches!(v, Value::Missing | Value::Invalid(_)))
                })
                .collect()
        } else {
            Vec::new()
        };
        // A column the whole table lacks: the rule is not checked on this input
        // (said once, at the header), rather than unknown on every row.
        if let Some(&slot) = missing.iter().find(|&&s| view.lacks_column(s)) {
            let sheet = view.sheet().map_or(0, |(i, _)| i);
            *tally
                .no_column
                .entry((view.source, sheet, ri, slot))
                .or_default() += 1;
            return None;
        }
        // The deadline day itself is still on time: overdue from the next day.
        let progress = rule.due.map(|due| {
            if self.as_of <= due {
                Progress::Behind(due)
            } else {
                Progress::Overdue(due)
            }
        });
        // Behind a task not yet due is a warning; overdue, the rule's own severity.
        let severity = match progress {
            Some(Progress::Behind(_)) => rule.severity.min(Severity::Warning),
            _ => rule.severity,
        };
        let mut f = self.finding(env, ri, rule, rec, view, outcome, unknown);
        for &slot in &missing {
            if !f.values.iter().any(|(s, _)| *s == slot) {
                let v = rec.values.get(slot).cloned().unwrap_or(Value::Missing);
                f.values.push((slot, v.into_owned()));
            }
        }
        if self.cells {
            let at_fault = f.focus.into_iter().chain(f.faults.iter().copied());
            f.marks = view.table_cells(rec, at_fault.chain(missing.iter().copied()));
            if f.marks.is_empty() {
                let ent = &self.set.schema.entities[rule.entity];
                f.marks = view.table_cells(rec, ent.name_slot());
            }
            if f.marks.is_empty() {
                f.marks.extend(view.first_cell(rec));
            }
        }
        f.region = self.region_of(rule.entity, rec);
        f.missing = missing;
        f.severity = severity;
        f.progress = progress;
        f.waiver = self.waiver_for(ri, &f.record);
        if let Some(w) = f.waiver {
            *tally::at(&mut tally.waiver_hits, w as usize) += 1;
        }
        s.count(outcome, severity, f.waiver.is_some());
        tally::at(&mut tally.per_rule, ri).count(outcome, severity, f.waiver.is_some());
        found(f);
        Some(outcome)
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "one call site; the pieces of one finding"
    )]
    fn finding(
        &self,
        env: &Env<'_>,
        ri: usize,
        rule: &Rule,
        rec: &Record<'_>,
        view: &View<'_>,
        outcome: Outcome,
        unknown: Option<Unknown>,
    ) -> Finding {
        let explained = if outcome == Outcome::Fail {
            explain(env, &rule.require, rec)
        } else {
            None
        };
        let comparison = explained.map(|(c, _)| c);
        // An unknown names the checked record's blank cell, or none when the blank is in
        // another record (a sum over rows): blaming a filled cell would mislead.
        let focus = match (unknown, explained) {
            (Some(u), _) => u.slot,
            (None, Some((_, f))) => f.or(rule.fields.first().copied()),
            (None, None) => failing_field(&rule.require, env, rec).or(rule.fields.first().copied()),
        };
        let loc = view.locate(rec, focus);
        let ent = &self.set.schema.entities[rule.entity];
        let record = ent
            .name_slot()
            .and_then(|s| match rec.values.get(s) {
                Some(Value::Text(t)) => Some(t.to_string()),
                // A name that is no known place is still the record's name.
                Some(Value::Invalid(bad)) => Some(bad.text.to_string()),
                _ => None,
            })
            .unwrap_or_else(|| format!("{} #{}", ent.name, rec.pos.row + 1));
        // The fields the requirement reads, the scope's field an unknown is about,
        // and the message's.
        let mut slots: Vec<Slot> = rule.fields.clone();
        if let Some(s) = focus
            && !slots.contains(&s)
        {
            slots.push(s);
        }
        let texts = || {
            rule.message
                .iter()
                .chain(&rule.requirement)
                .flat_map(|(zh, en)| zh.iter().chain(en))
        };
        let faults = if outcome == Outcome::Fail {
            faults(&rule.require, env, rec)
        } else {
            Vec::new()
        };
        for seg in texts() {
            if let Seg::Field(s) = seg
                && !slots.contains(s)
            {
                slots.push(*s);
            }
        }
        for &s in &faults {
            if !slots.contains(&s) {
                slots.push(s);
            }
        }
        let values = slots
            .into_iter()
            .map(|s| {
                (
                    s,
                    rec.values
                        .get(s)
                        .cloned()
                        .unwrap_or(Value::Missing)
                        .into_owned(),
                )
            })
            .collect();
        // Only the `let`s a message or requirement shows are worth evaluating again.
        let shows_lets = texts().any(|s| matches!(s, Seg::Let(_)));
        let lets = if shows_lets {
            rule.lets
                .iter()
                .map(|l| value::to_owned_value(env.eval(&l.node, rec, rec, true)))
                .collect()
        } else {
            Vec::new()
        };
        let cell = match focus {
            Some(s) if !view.has_cell(rec, s) => Cell::Absent,
            _ => Cell::Present,
        };
        let snippet = self.snippets.then(|| snippet(view.text, rec, &loc));
        let sheet_cell = view.cell_ref(focus, &loc);
        Finding {
            rule: ri,
            outcome,
            severity: rule.severity,
            progress: None,
            unknown: unknown.map(|u| u.reason),
            scope: unknown.is_some_and(|u| u.scope),
            missing: Vec::new(),
            comparison,
            faults,
            focus,
            cell,
            source: view.source,
            row: rec.pos.row,
            line: loc.line,
            column: sheet_cell.as_ref().map_or(loc.column, |(_, col)| *col),
            sheet: view.sheet(),
            cell_ref: sheet_cell.map(|(cell, _)| cell),
            record,
            values,
            lets,
            snippet,
            waiver: None,
            region: None,
            marks: Vec::new(),
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
        for (&(source, sheet, rule, slot), &records) in &tally.no_column {
            out.push((
                rule,
                NotChecked::NoColumn {
                    entity: self.set.rules[rule].entity,
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

/// `field == value` for an enum, alone or as the first part of an `and`: a record
/// without that value cannot pass the filter.
fn guard(filter: &Node) -> Option<(Slot, u16)> {
    use crate::pack::Const;
    match filter {
        Node::Cmp(Cmp::Eq, a, b, _) => match (&**a, &**b) {
            (Node::Field(s), Node::Const(Const::Enum(v)))
            | (Node::Const(Const::Enum(v)), Node::Field(s)) => Some((*s, *v)),
            _ => None,
        },
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

/// The line before the cell's record through the line after it.
fn snippet(text: &str, rec: &Record<'_>, loc: &crate::data::Loc) -> Snippet {
    let start = rec.pos.offset as usize;
    let b = text.as_bytes();
    let line_start = |at: usize| {
        b[..at.min(b.len())]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |i| i + 1)
    };
    let line_end = |at: usize| {
        b[at.min(b.len())..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(b.len(), |i| at + i)
    };
    let first = line_start(start);
    let (from, first_line) = if first > 0 {
        (line_start(first - 1), rec.pos.line.saturating_sub(1))
    } else {
        (first, rec.pos.line)
    };
    let cell_end = (loc.offset + loc.len).max(start);
    let last = line_end(cell_end);
    let to = if last < b.len() {
        line_end(last + 1)
    } else {
        last
    };
    let text_part = text
        .get(from..to)
        .unwrap_or("")
        .trim_end_matches('\r')
        .to_string();
    Snippet {
        text: text_part,
        first_line: first_line.max(1),
        span: (loc.offset.saturating_sub(from), loc.len),
    }
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

/// `n` with any let wrappers taken off: the expression a let stands for.
fn unlet(mut n: &Node) -> &Node {
    while let Node::Let(_, l) = n {
        n = l;
    }
    n
}

/// The parts of an `and` (of an `or` when `and` is false) as the checker would have
/// flattened them had each let been written out at its uses: a let of the same
/// connective stands for its parts. A let already spliced is not spliced again (its
/// parts are already there, and a chain of lets would double them at each step).
fn parts<'n>(n: &'n Node, and: bool, seen: &mut Vec<usize>, out: &mut Vec<&'n Node>) {
    let xs = match (unlet(n), and) {
        (Node::And(xs), true) | (Node::Or(xs), false) => xs,
        (m, _) => {
            out.push(m);
            return;
        }
    };
    for x in xs.iter() {
        let same = matches!((unlet(x), and), (Node::And(_), true) | (Node::Or(_), false));
        match x {
            Node::Let(i, _) if same => {
                if !seen.contains(i) {
                    seen.push(*i);
                    parts(x, and, seen, out);
                }
            }
            _ => out.push(x),
        }
    }
}

/// How many parts of the `and` `n`, counted as written out (a let as often as it
/// is used), are false; `memo` holds the count of each let met. Anything else is
/// one part.
fn count_false(n: &Node, env: &Env<'_>, rec: &Record<'_>, memo: &mut Vec<(usize, usize)>) -> usize {
    // Not an `and`: one part, the one that misses.
    let Node::And(xs) = unlet(n) else {
        return 1;
    };
    let mut total = 0usize;
    for x in xs.iter() {
        total = total.saturating_add(match x {
            Node::Let(i, _) if matches!(unlet(x), Node::And(_)) => {
                match memo.iter().find(|(j, _)| j == i) {
                    Some(&(_, c)) => c,
                    None => {
                        let c = count_false(x, env, rec, memo);
                        memo.push((*i, c));
                        c
                    }
                }
            }
            _ => usize::from(matches!(env.eval(x, rec, rec, true), Ok(V::Bool(false)))),
        });
    }
    total
}

type Explained = Option<(Comparison, Option<Slot>)>;

/// Finds the numeric comparison that made a requirement false.
fn explain(env: &Env<'_>, n: &Node, rec: &Record<'_>) -> Explained {
    explain_in(env, n, rec, &mut Vec::new())
}

/// [`explain`], with what each let met explains in `memo`: a let's explanation for
/// the record is the same at each of its uses.
fn explain_in(
    env: &Env<'_>,
    n: &Node,
    rec: &Record<'_>,
    memo: &mut Vec<(usize, Explained)>,
) -> Explained {
    let is_false = |p: &Node| matches!(env.eval(p, rec, rec, true), Ok(V::Bool(false)));
    match n {
        Node::Let(i, l) => {
            if let Some(&(_, e)) = memo.iter().find(|(j, _)| j == i) {
                return e;
            }
            let e = explain_in(env, l, rec, memo);
            memo.push((*i, e));
            e
        }
        Node::And(_) => {
            let mut ps = Vec::new();
            parts(n, true, &mut Vec::new(), &mut ps);
            let p = ps.into_iter().find(|p| is_false(p))?;
            explain_in(env, p, rec, memo)
        }
        // Every alternative failed: report one that applies to this record, where only
        // the comparison itself falls short (`premises == self_built and …`).
        Node::Or(_) => {
            let mut ps = Vec::new();
            parts(n, false, &mut Vec::new(), &mut ps);
            let mut counts = Vec::new();
            // Of those, the one closest to passing (the first of equals).
            let mut best: Explained = None;
            for &p in &ps {
                if count_false(p, env, rec, &mut counts) != 1 {
                    continue;
                }
                let Some(x) = explain_in(env, p, rec, memo) else {
                    continue;
                };
                let better = best.is_none_or(|y| match (x.0.shortfall, y.0.shortfall) {
                    (Some(a), Some(b)) => {
                        a.checked_cmp(b).unwrap_or(std::cmp::Ordering::Equal)
                            == std::cmp::Ordering::Less
                    }
                    (Some(_), None) => true,
                    _ => false,
                });
                if better {
                    best = Some(x);
                }
            }
            if best.is_some() {
                return best;
            }
            for &p in &ps {
                if let Some(x) = explain_in(env, p, rec, memo) {
                    return Some(x);
                }
            }
            None
        }
        Node::If(c, a, b) => match env.eval(c, rec, rec, true) {
            Ok(V::Bool(true)) => explain_in(env, a, rec, memo),
            _ => explain_in(env, b, rec, memo),
        },
        // A reported figure against its calculation: the difference is the shortfall.
        Node::Agrees {
            slot,
            expr,
            display,
        } => {
            let actual = match rec.values.get(*slot)? {
                Value::Num(q) => *q,
                Value::Reported(r) => r.value,
                _ => return None,
            };
            let Ok(V::Num(required)) = env.eval(expr, rec, rec, true) else {
                return None;
            };
            let diff = actual.checked_sub(required)?;
            let shortfall = if diff.is_negative() {
                diff.checked_neg()
            } else {
                Some(diff)
            };
            Some((
                Comparison {
                    op: Cmp::Eq,
                    actual,
                    required,
                    shortfall,
                    display: *display,
                },
                Some(*slot),
            ))
        }
        Node::Cmp(op, a, b, display) => {
            let (Ok(V::Num(actual)), Ok(V::Num(required))) =
                (env.eval(a, rec, rec, true), env.eval(b, rec, rec, true))
            else {
                return None;
            };
            let shortfall = match op {
                Cmp::Ge | Cmp::Gt => required.checked_sub(actual),
                Cmp::Le | Cmp::Lt => actual.checked_sub(required),
                Cmp::Eq => required.checked_sub(actual).map(|d| {
                    if d.is_negative() {
                        d.checked_neg().unwrap_or(d)
                    } else {
                        d
                    }
                }),
                Cmp::Ne => None,
            };
            let focus = first_field(a).or_else(|| first_field(b));
            Some((
                Comparison {
                    op: *op,
                    actual,
                    required,
                    shortfall,
                    display: *display,
                },
                focus,
            ))
        }
        _ => None,
    }
}

/// The first field of the checked record an expression reads.
fn first_field(n: &Node) -> Option<Slot> {
    first_field_in(n, &mut Vec::new())
}

/// [`first_field`], entering each let once: a let that had none the first time
/// has none the next (and one that had would have ended the search).
fn first_field_in(n: &Node, seen: &mut Vec<usize>) -> Option<Slot> {
    match n {
        Node::Field(s)
        | Node::Agrees { slot: s, .. }
        | Node::Present {
            slot: s,
            outer: false,
        } => Some(*s),
        Node::Let(i, l) => {
            if seen.contains(i) {
                return None;
            }
            seen.push(*i);
            first_field_in(l, seen)
        }
        Node::Cmp(_, a, b, _) | Node::Arith(_, a, b) => {
            first_field_in(a, seen).or_else(|| first_field_in(b, seen))
        }
        Node::Neg(a) | Node::Not(a) => first_field_in(a, seen),
        Node::In(a, _) => first_field_in(a, seen),
        Node::Contains { list, .. } | Node::Matches(list, _) => first_field_in(list, seen),
        Node::And(xs) | Node::Or(xs) => xs.iter().find_map(|x| first_field_in(x, seen)),
        Node::If(c, a, b) => first_field_in(c, seen)
            .or_else(|| first_field_in(a, seen))
            .or_else(|| first_field_in(b, seen)),
        _ => None,
    }
}

/// For a failure with no numeric comparison behind it: the field of the first part
/// that is false (`upgraded`, `services contains_all …`).
fn failing_field(n: &Node, env: &Env<'_>, rec: &Record<'_>) -> Option<Slot> {
    match unlet(n) {
        m @ (Node::And(_) | Node::Or(_)) => {
            let mut ps = Vec::new();
            parts(m, matches!(m, Node::And(_)), &mut Vec::new(), &mut ps);
            ps.into_iter()
                .find(|p| matches!(env.eval(p, rec, rec, true), Ok(V::Bool(false))))
                .and_then(|p| failing_field(p, env, rec))
        }
        Node::If(c, a, b) => match env.eval(c, rec, rec, true) {
            Ok(V::Bool(true)) => failing_field(a, env, rec),
            _ => failing_field(b, env, rec),
        },
        m => first_field(m),
    }
}

/// For a failed conjunction, the first field of each false part (once each); for
/// any other requirement, none: its one fault is the finding's focus.
fn faults(n: &Node, env: &Env<'_>, rec: &Record<'_>) -> Vec<Slot> {
    let mut out = Vec::new();
    match unlet(n) {
        Node::If(c, a, b) => match env.eval(c, rec, rec, true) {
            Ok(V::Bool(true)) => return faults(a, env, rec),
            _ => return faults(b, env, rec),
        },
        m @ Node::And(_) => at_fault(m, env, rec, &mut out, &mut Vec::new()),
        _ => {}
    }
    out
}

/// The fields of the false parts of `n`: every false part of an `and`; of an
/// `or`, its last alternative — in `not present(a) or present(b)` (if `a` then
/// `b`) the fault is `b`. A let is entered once: again, it would add the same fields.
fn at_fault(n: &Node, env: &Env<'_>, rec: &Record<'_>, out: &mut Vec<Slot>, seen: &mut Vec<usize>) {
    let is_false = |p: &Node| matches!(env.eval(p, rec, rec, true), Ok(V::Bool(false)));
    match n {
        Node::Let(i, l) => {
            if !seen.contains(i) {
                seen.push(*i);
                at_fault(l, env, rec, out, seen);
            }
        }
        Node::And(_) => {
            let mut ps = Vec::new();
            parts(n, true, &mut Vec::new(), &mut ps);
            for p in ps.into_iter().filter(|p| is_false(p)) {
                at_fault(p, env, rec, out, seen);
            }
        }
        Node::Or(xs) => {
            // The last alternative as written out: that of a trailing `or` let.
            let mut last = xs.last();
            while let Some(Node::Or(ys)) = last.map(unlet) {
                last = ys.last();
            }
            if let Some(p) = last {
                at_fault(p, env, rec, out, seen);
            }
        }
        Node::If(c, a, b) => match env.eval(c, rec, rec, true) {
            Ok(V::Bool(true)) => at_fault(a, env, rec, out, seen),
            _ => at_fault(b, env, rec, out, seen),
        },
        n => {
            if let Some(s) = first_field(n)
                && !out.contains(&s)
            {
                out.push(s);
            }
        }
    }
}

/// Everything a check of an in-memory data set found.
#[derive(Debug, Default)]
pub struct Outcomes {
    pub findings: Vec<Finding>,
    pub not_checked: Vec<(usize, NotChecked)>,
    pub summary: Summary,
}

/// Checks a data set held in memory (a plan, a test, a small table).
pub fn check(rules: &RuleSet, data: &Dataset, opts: &Options<'_>) -> Outcomes {
    let mut engine = Engine::new(rules, opts);
    for (e, table) in data.tables.iter().enumerate() {
        if engine.is_aggregated(e) {
            let kept = engine.keep(e, table.iter());
            engine.add_kept(vec![kept]);
        }
    }
    let sizes: Vec<usize> = data.tables.iter().map(Vec::len).collect();
    engine.finish_aggregates(&sizes);
    let mut tally = Tally::default();
    let mut findings = Vec::new();
    for (e, table) in data.tables.iter().enumerate() {
        for rec in table {
            let Some(view) = data.view(rec) else {
                continue;
            };
            engine.evaluate(e, rec, &view, &mut tally, &mut |f| findings.push(f));
        }
    }
    Outcomes {
        not_checked: engine.not_checked(&tally),
        summary: tally.summary,
        findings,
    }
}

/// A test case whose outcome differs from what the pack says.
#[derive(Debug, Clone, PartialEq)]
pub struct TestFailure {
    pub test: usize,
    pub case: usize,
    /// What happened: `Some(outcome)`, or `None` when the rule did not apply.
    pub got: Option<Outcome>,
}

/// Runs every test case of the rule set; returns the number of cases and failures.
pub fn run_tests(rules: &RuleSet) -> (usize, Vec<TestFailure>) {
    let mut failures = Vec::new();
    let mut cases = 0;
    let all = aggregate::all_aggs(rules);
    for (ti, t) in rules.tests.iter().enumerate() {
        let rule = &rules.rules[t.rule];
        for (ci, case) in t.cases.iter().enumerate() {
            cases += 1;
            // Windows are ignored in tests: the date only matters to `as_of`.
            let as_of = t
                .as_of
                .or(rule.from)
                .or(rule.until)
                .unwrap_or(Date::constant(2022, 1, 1));
            let mut aggs: Vec<AggData> =
                (0..rules.aggregates).map(|_| AggData::default()).collect();
            {
                let env = Env {
                    as_of,
                    aggs: &[],
                    absent: &[],
                    lets: None,
                };
                let records = t
                    .given
                    .iter()
                    .map(|(e, r)| (*e, r))
                    .chain(std::iter::once((rule.entity, &case.record)));
                for (e, r) in records {
                    for a in all.iter().filter(|a| a.entity == e) {
                        if let Some((k, maybe)) = aggregate::keep(&env, a, r) {
                            aggs[a.id].records.push(k);
                            aggs[a.id].maybe.push(maybe);
                        }
                    }
                }
            }
            for a in &all {
                aggregate::finish(a, &mut aggs[a.id]);
            }
            let lets = expr::Lets::new(&rule.lets, &case.record);
            let env = Env {
                as_of,
                aggs: &aggs,
                absent: &[],
                lets: Some(&lets),
            };
            let got = evaluate(&env, &rule.filter, &rule.require, &case.record).map(|r| match r {
                Ok(true) => Outcome::Pass,
                Ok(false) => Outcome::Fail,
                Err(_) => Outcome::Unknown,
            });
            let want = match case.expect {
                Expect::Pass => Some(Outcome::Pass),
                Expect::Fail => Some(Outcome::Fail),
                Expect::Unknown => Some(Outcome::Unknown),
                Expect::Skip | Expect::Given => None,
            };
            if got != want {
                failures.push(TestFailure {
                    test: ti,
                    case: ci,
                    got,
                });
            }
        }
    }
    (cases, failures)
}
