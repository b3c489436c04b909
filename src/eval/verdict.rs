//! One record against one rule: whether the rule applies, its verdict, and for
//! a failure or an unknown the finding that says so — the comparison that
//! decided it, the cells at fault, the input lines around them.

use super::explain::{explain, failing_field, faults, lacking, undecided_fields};
use super::expr::{self, Env, Witness};
use super::finding::snippet;
use super::tally::{self, skipped};
use super::{Cell, Engine, Finding, Outcome, Progress, Reason, Summary, Tally, Unknown, V, value};
use crate::data::{Record, Value, View};
use crate::pack::{Node, Rule, Seg, Severity};
use crate::schema::Slot;

/// How many unknowns of a rule, in each stretch of input, name the records that
/// left them undecided.
const WITNESSED: usize = 16;

impl Engine<'_> {
    /// Checks one record against one rule, counting the outcome in `s` and the
    /// rule's tally; `None` when the rule does not apply to the record, with why
    /// added to `why` ([`skipped`]).
    #[expect(
        clippy::too_many_arguments,
        reason = "the pieces of one check, passed down from evaluate"
    )]
    pub(super) fn check_rule(
        &self,
        env: &Env<'_>,
        ri: usize,
        rec: &Record<'_>,
        view: &View<'_>,
        tally: &mut Tally,
        s: &mut Summary,
        why: &mut u8,
        found: &mut dyn FnMut(Finding),
        place: Option<Option<Slot>>,
    ) -> Option<Outcome> {
        let rule = &self.set.rules[ri];
        // `for facility where kind == street_center …`: most records are of
        // another kind, and are passed over without evaluating anything.
        // A blank or unreadable value is not ruled out here: the filter decides,
        // and an unknown scope is reported, not passed over.
        if let Some((slot, variants)) = &self.guards[ri]
            && matches!(rec.values.get(*slot), Some(Value::Enum(v)) if !variants.contains(v))
        {
            *why |= skipped::SCOPE;
            return None;
        }
        if rule
            .needs
            .iter()
            .any(|&e| self.absent_entities.get(e).copied().unwrap_or(false))
        {
            *why |= skipped::NEEDS;
            return None;
        }
        // The rule's lets and inner aggregates, computed at most once for this
        // record (no allocation unless it has some).
        let lets = expr::Lets::new(&rule.lets, rec);
        let env = &Env {
            lets: Some(&lets),
            ..*env
        };
        let Some(outcome) = evaluate(env, &rule.filter, &rule.require, rec) else {
            *why |= skipped::SCOPE;
            return None;
        };
        // A column the whole table lacks: the rule is not checked on this input
        // (said once, at the header), rather than unknown on every row.
        // The requirement's own columns are named before the scope's.
        // A field read from others (a level from its 单位, a point from 经度/纬度)
        // is there when they are: a blank one is a blank, not a missing column.
        let derived = |s: Slot| {
            self.set
                .schema
                .derived_from(rule.entity, s, |c| !view.lacks_column(c))
                .is_some()
        };
        let lacking = |s: &Slot| {
            view.lacks_column(*s)
                && !derived(*s)
                && rec
                    .values
                    .get(*s)
                    .is_none_or(|v| matches!(v, Value::Missing | Value::Invalid(_)))
        };
        // A field the requirement cannot do without is blamed, whatever else left
        // it unknown (`land >= population * 0.2 m2` with no 常住人口 column is
        // unknown for want of the population, whether or not the land is known).
        // Otherwise only a blank or unreadable value is blamed on the column: a
        // rule that reads the field only to see whether it is there (`present`)
        // and is unknown for another reason (a parcel that may count) was checked.
        let blamed = match &outcome {
            Err(u) => self.strict[ri]
                .iter()
                .copied()
                .find(|s| lacking(s))
                .or_else(|| {
                    // A blank of this record's is blamed on its column when the table
                    // has none; a blank in a record an aggregate reads (a county row's
                    // empty cell) is no column's absence.
                    match (u.reason, u.slot) {
                        (super::Reason::Missing | super::Reason::Invalid, Some(s)) => {
                            Some(s).filter(|s| lacking(s))
                        }
                        // A column aggregates read (not merely test for) that the
                        // table lacks: the sum over its rows is blank for want of it.
                        (super::Reason::Missing | super::Reason::Invalid, None) => self
                            .agg_absent
                            .get(ri)
                            .into_iter()
                            .flatten()
                            .map(|&(_, _, e, s)| (e, s))
                            .find(|&(e, s)| e == rule.entity && lacking(&s))
                            .map(|(_, s)| s),
                        _ => None,
                    }
                }),
            _ => None,
        };
        if let Some(slot) = blamed {
            let sheet = view.sheet().map_or(0, |(i, _)| i);
            *tally
                .no_column
                .entry((view.source, sheet, ri, rule.entity, slot))
                .or_default() += 1;
            *why |= skipped::COLUMN;
            return None;
        }
        // Whatever the data says, a rule of a pack that may not apply here
        // decides nothing.
        let outcome = match place {
            Some(slot) => Err(Unknown {
                reason: super::Reason::Place,
                slot,
                scope: true,
            }),
            None => outcome,
        };
        let (outcome, unknown) = match outcome {
            Ok(true) => {
                s.count(Outcome::Pass, rule.severity, false);
                tally::at(&mut tally.per_rule, ri).count(Outcome::Pass, rule.severity, false);
                return Some(Outcome::Pass);
            }
            Ok(false) => (Outcome::Fail, None),
            Err(u) => (Outcome::Unknown, Some(u)),
        };
        let (outcome, mut unknown) = (outcome, unknown);
        let mut scope_blanks_matter = {
            let mut read: Option<Vec<Slot>> = None;
            move |s: &Slot| {
                // Those it cannot do without, and the one that left it unknown.
                let read = read.get_or_insert_with(|| {
                    let mut fields = self.strict[ri].clone();
                    if let Err(u) = env.eval(&rule.require, rec, rec, true) {
                        fields.extend(u.slot);
                    }
                    fields
                });
                read.contains(s)
            }
        };
        let mut undecided: Option<Vec<Slot>> = None;
        let mut missing: Vec<Slot> = if outcome == Outcome::Unknown && place.is_none() {
            self.own[ri]
                .iter()
                .copied()
                .filter(|&s| {
                    rec.values
                        .get(s)
                        .is_none_or(|v| matches!(v, Value::Missing | Value::Invalid(_)))
                })
                // With the scope unknown, the requirement's blanks only where they
                // leave it unknown too: an optional field left blank is no fault.
                .filter(|s| match unknown {
                    Some(u) if u.scope && u.slot != Some(*s) => scope_blanks_matter(s),
                    // With the requirement unknown, the blanks of the parts that
                    // leave it so: one a decided part read is no fault.
                    Some(u) if !u.scope => undecided
                        .get_or_insert_with(|| undecided_fields(&rule.require, env, rec))
                        .contains(s),
                    _ => true,
                })
                .collect()
        } else {
            Vec::new()
        };
        self.blank_pair(rule.entity, rec, view, &mut missing, &mut unknown);
        // A column every input of an aggregated table lacks: the rule is not checked
        // on this record either, unless a blank cell of its own says more.
        if outcome == Outcome::Unknown
            && missing.is_empty()
            && place.is_none()
            && let Some(absent) = self.agg_absent.get(ri)
            && !absent.is_empty()
        {
            for &(input, sheet, entity, slot) in absent {
                *tally
                    .no_column
                    .entry((input, sheet, ri, entity, slot))
                    .or_default() += 1;
            }
            *why |= skipped::COLUMN;
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
        // Naming them evaluates the rule again without remembered answers, a
        // scan of the aggregate's group: done for the first few unknowns of a
        // rule in each stretch of input (the same stretches however many threads
        // run), so a large group of unknowns stays linear.
        // An aggregate's candidates that may count, or that count with a blank
        // value (an unknown of another record's, with no slot of this one's).
        if unknown.is_some_and(|u| {
            u.reason == super::Reason::Uncertain
                || (matches!(u.reason, super::Reason::Missing | super::Reason::Invalid)
                    && u.slot.is_none())
        }) {
            let n = tally::at(&mut tally.witnessed, ri);
            if *n < WITNESSED {
                *n += 1;
                f.undecided = self.undecided(env, rule, rec);
            }
        }
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

    /// The records that left a rule's aggregate undecided for `rec`: the rule
    /// evaluated again with a [`Witness`] (for an unknown finding only).
    fn undecided(&self, env: &Env<'_>, rule: &Rule, rec: &Record<'_>) -> Vec<super::Undecided> {
        let witness = Witness::default();
        let lets = expr::Lets::new(&rule.lets, rec);
        let env = &Env {
            lets: Some(&lets),
            witness: Some(&witness),
            ..*env
        };
        let _ = evaluate(env, &rule.filter, &rule.require, rec);
        witness
            .take()
            .into_iter()
            .map(|(entity, r, blanks)| {
                let ent = &self.set.schema.entities[entity];
                let name = ent.name_slot().and_then(|s| match r.values.get(s) {
                    Some(Value::Text(t)) => Some(t.to_string()),
                    Some(Value::Invalid(bad)) => Some(bad.text.to_string()),
                    _ => None,
                });
                super::Undecided {
                    entity,
                    source: r.pos.source,
                    line: r.pos.line,
                    name,
                    blanks,
                }
            })
            .collect()
    }

    /// A location a table makes of its `经度` and `纬度` columns is blank because
    /// both are: the record's blanks are those two cells, named instead of the
    /// location (a `位置` column the table does not have).
    fn blank_pair(
        &self,
        entity: crate::schema::EntityId,
        rec: &Record<'_>,
        view: &View<'_>,
        missing: &mut Vec<Slot>,
        unknown: &mut Option<Unknown>,
    ) {
        for p in self.set.schema.points_of(entity) {
            let derived = view.same_column(p.target, p.lon) || view.same_column(p.target, p.lat);
            if !derived || !matches!(rec.values.get(p.target), Some(Value::Missing)) {
                continue;
            }
            let focus = unknown.as_ref().is_some_and(|u| u.slot == Some(p.target));
            let at = missing.iter().position(|&s| s == p.target);
            if !focus && at.is_none() {
                continue;
            }
            let at = at.unwrap_or(missing.len());
            missing.retain(|&s| s != p.target && s != p.lon && s != p.lat);
            let at = at.min(missing.len());
            missing.splice(at..at, [p.lon, p.lat]);
            if let Some(u) = unknown.as_mut().filter(|_| focus) {
                u.slot = Some(p.lon);
            }
        }
    }

    #[expect(
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
        // A blank field read from another column (a 级别 from its 单位) is shown
        // at that column's cell.
        let from = focus.filter(|&s| view.lacks_column(s)).and_then(|s| {
            self.set
                .schema
                .derived_from(rule.entity, s, |c| !view.lacks_column(c))
        });
        let loc = view.locate(rec, from.or(focus));
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
        for s in focus.into_iter().chain(from) {
            if !slots.contains(&s) {
                slots.push(s);
            }
        }
        let texts = || {
            rule.message
                .iter()
                .chain(&rule.requirement)
                .flat_map(|(zh, en)| zh.iter().chain(en))
        };
        let (faults, fault_figures): (Vec<Slot>, Vec<_>) = if outcome == Outcome::Fail {
            faults(&rule.require, env, rec).into_iter().unzip()
        } else {
            (Vec::new(), Vec::new())
        };
        // Several columns at fault have a shortfall each, which the message names
        // (`{faults: …}`): one comparison's figures would read as the whole row's.
        let comparison = comparison.filter(|_| faults.len() <= 1);
        let lacking = if outcome == Outcome::Fail && texts().any(|s| matches!(s, Seg::Lacking)) {
            lacking(&rule.require, env, rec)
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
        let mut let_bounds = Vec::new();
        let lets = if shows_lets {
            rule.lets
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let v = env.eval(&l.node, rec, rec, true);
                    if let Ok(super::V::Range(lo, hi)) = v {
                        let_bounds.push((i, lo, hi));
                    }
                    value::to_owned_value(v)
                })
                .collect()
        } else {
            Vec::new()
        };
        let cell = match focus {
            Some(_) if let Some(from) = from => Cell::Derived(from),
            Some(s) if view.lacks_column(s) => Cell::Absent,
            Some(s) if !view.has_cell(rec, s) => Cell::Unwritten,
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
            fault_figures,
            lacking,
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
            undecided: Vec::new(),
            let_bounds,
        }
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
