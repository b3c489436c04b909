//! One record against one rule: whether the rule applies, its verdict, and for
//! a failure or an unknown the finding that says so — the comparison that
//! decided it, the cells at fault, the input lines around them.

use super::explain::{explain, failing_field, faults};
use super::expr::{self, Env};
use super::finding::snippet;
use super::tally::{self, skipped};
use super::{Cell, Engine, Finding, Outcome, Progress, Summary, Tally, Unknown, evaluate, value};
use crate::data::{Record, Value, View};
use crate::pack::{Rule, Seg, Severity};
use crate::schema::Slot;

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
    ) -> Option<Outcome> {
        let rule = &self.set.rules[ri];
        // `for facility where kind == street_center …`: most records are of
        // another kind, and are passed over without evaluating anything.
        // A blank or unreadable value is not ruled out here: the filter decides,
        // and an unknown scope is reported, not passed over.
        if let Some((slot, variant)) = self.guards[ri]
            && matches!(rec.values.get(slot), Some(Value::Enum(v)) if *v != variant)
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
                .entry((view.source, sheet, ri, rule.entity, slot))
                .or_default() += 1;
            *why |= skipped::COLUMN;
            return None;
        }
        // A column every input of an aggregated table lacks: the rule is not checked
        // on this record either, unless a blank cell of its own says more.
        if outcome == Outcome::Unknown
            && missing.is_empty()
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
}
