//! Counts gathered while evaluating: per run, per rule and per group of records
//! (the region a record belongs to), kept by each worker and merged at the end.

use super::{Outcome, RecordKey};
use crate::pack::Severity;
use crate::schema::EntityId;

/// How many checks came out which way.
///
/// `failed` and `unknown` count every such outcome, waived or not, so `checks` is
/// `passed + failed + unknown` and a report lists `failed + unknown` findings;
/// `waived_failed` and `waived_unknown` say how many of them a waiver covers.
/// `errors` and `warnings` count only findings that stand (are not waived): they
/// are what `--fail-on` reads.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    pub records: usize,
    pub checks: usize,
    pub passed: usize,
    pub failed: usize,
    pub unknown: usize,
    pub errors: usize,
    pub warnings: usize,
    pub waived_failed: usize,
    pub waived_unknown: usize,
}

impl Summary {
    pub fn add(&mut self, o: &Summary) {
        self.records += o.records;
        self.checks += o.checks;
        self.passed += o.passed;
        self.failed += o.failed;
        self.unknown += o.unknown;
        self.errors += o.errors;
        self.warnings += o.warnings;
        self.waived_failed += o.waived_failed;
        self.waived_unknown += o.waived_unknown;
    }

    /// Findings a waiver covers.
    pub fn waived(&self) -> usize {
        self.waived_failed + self.waived_unknown
    }

    /// Counts one check's outcome; a waived finding counts as waived, not by severity.
    pub fn count(&mut self, outcome: Outcome, severity: Severity, waived: bool) {
        self.checks += 1;
        match outcome {
            Outcome::Pass => {
                self.passed += 1;
                return;
            }
            Outcome::Fail => self.failed += 1,
            Outcome::Unknown => self.unknown += 1,
        }
        match (waived, outcome) {
            (true, Outcome::Unknown) => self.waived_unknown += 1,
            (true, _) => self.waived_failed += 1,
            (false, _) => match severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => {}
            },
        }
    }
}

/// Counts gathered while evaluating, mergeable across threads.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub summary: Summary,
    /// Per rule (by index); `records` is unused there.
    pub per_rule: Vec<Summary>,
    /// Records seen per entity.
    pub per_entity: Vec<usize>,
    /// Per group of records, when the engine groups them (by region).
    pub per_group: Vec<Summary>,
    /// Per group, each rule's outcomes and the group's first record, when the
    /// engine counts rules by group too (for the page's region × standard table).
    pub group_rules: Vec<GroupRules>,
    /// Findings each waiver covered, by waiver index.
    pub waiver_hits: Vec<usize>,
    /// Records with a geometry field but no geometry, not traced.
    pub undrawn: usize,
    /// Records a map would draw that are past its limit ([`crate::run::MAP_LIMIT`]).
    pub beyond_limit: usize,
    /// Per rule: how many of its unknowns in this stretch of input named the
    /// records that left them undecided ([`crate::eval::Finding::undecided`]).
    pub witnessed: Vec<usize>,
    /// Rules not checked on an input because its table has no column for a field
    /// they need: (input, sheet, rule, entity, field) → records passed over. The
    /// entity is the rule's own, or one whose records its aggregates read.
    pub no_column: std::collections::BTreeMap<(u32, u32, usize, EntityId, usize), usize>,
    /// Records no rule checked, by entity, zone (`usize::MAX` when not grouped)
    /// and why ([`skipped`] flags): what a run that checked nothing explains.
    pub unjudged: std::collections::BTreeMap<(EntityId, usize, u8), usize>,
}

/// Why a record was not checked, as flags: every reason that held for one of
/// its rules is set.
pub mod skipped {
    /// A place cell of the record names no place, or several.
    pub const PLACE: u8 = 1;
    /// No rule (selected, in force) of the packs judging it checks its entity.
    pub const NO_RULE: u8 = 2;
    /// A rule needs records of an entity no input gives.
    pub const NEEDS: u8 = 4;
    /// A rule reads a column its table (or an aggregated one) lacks.
    pub const COLUMN: u8 = 8;
    /// A rule's scope (`for … where`) leaves the record out.
    pub const SCOPE: u8 = 16;
    /// A rule whose scope takes the record in (or may) is not in force on the
    /// date checked.
    pub const NOT_IN_FORCE: u8 = 32;
}

impl Tally {
    pub fn add(&mut self, o: &Tally) {
        self.summary.add(&o.summary);
        grow_add(&mut self.per_rule, &o.per_rule, Summary::add);
        grow_add(&mut self.per_entity, &o.per_entity, |a, b| *a += b);
        grow_add(&mut self.per_group, &o.per_group, Summary::add);
        grow_add(&mut self.group_rules, &o.group_rules, GroupRules::add);
        grow_add(&mut self.waiver_hits, &o.waiver_hits, |a, b| *a += b);
        self.undrawn += o.undrawn;
        self.beyond_limit += o.beyond_limit;
        for (k, n) in &o.no_column {
            *self.no_column.entry(*k).or_default() += n;
        }
        for (k, n) in &o.unjudged {
            *self.unjudged.entry(*k).or_default() += n;
        }
    }
}

/// One group's records, rule by rule: what the page's tables show of a region.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct GroupRules {
    /// The group's first record in input order, with its entity: regions are
    /// listed in the order their first record comes.
    pub first: Option<(RecordKey, EntityId)>,
    /// Per rule (by index): passed, failed, unknown.
    pub rules: Vec<[usize; 3]>,
}

impl GroupRules {
    fn add(&mut self, o: &GroupRules) {
        self.first = match (self.first, o.first) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        grow_add(&mut self.rules, &o.rules, |a, b| {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        });
    }

    /// Notes a record placed in the group.
    pub(super) fn seen(&mut self, key: (RecordKey, EntityId)) {
        if self.first.is_none_or(|f| key < f) {
            self.first = Some(key);
        }
    }

    /// Counts a rule's outcome on a record of the group.
    pub(super) fn count(&mut self, rule: usize, outcome: Outcome) {
        let i = match outcome {
            Outcome::Pass => 0,
            Outcome::Fail => 1,
            Outcome::Unknown => 2,
        };
        at(&mut self.rules, rule)[i] += 1;
    }
}

/// The entry at `i`, growing the vector to hold it.
pub(super) fn at<T: Default + Clone>(v: &mut Vec<T>, i: usize) -> &mut T {
    if v.len() <= i {
        v.resize(i + 1, T::default());
    }
    &mut v[i]
}

fn grow_add<T: Default + Clone>(a: &mut Vec<T>, b: &[T], add: impl Fn(&mut T, &T)) {
    if a.len() < b.len() {
        a.resize(b.len(), T::default());
    }
    for (x, y) in a.iter_mut().zip(b) {
        add(x, y);
    }
}
