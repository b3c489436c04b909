//! Passing (rule, record) pairs listed one by one (JUnit's `--junit-passes`):
//! each rendered on the worker that checks the record, as findings are, and held
//! in the report's [`Spool`] with the other passes of its rule from the same
//! stretch of input. So a run listing a million passes keeps a few numbers per
//! stretch and rule, not a trace of every record.

use crate::data::{Record, View};
use crate::eval::{Outcome, RecordKey};
use crate::report::spool::{Held, Spool};
use crate::schema::EntityId;

/// A record that passed a rule, as the report names it.
pub struct Passed<'r> {
    pub entity: EntityId,
    /// The input it came from (its index).
    pub input: u32,
    pub record: &'r Record<'r>,
}

/// How a run renders the passes it lists ([`super::RunOptions::passes`]).
#[derive(Clone, Copy)]
pub struct Passes<'a> {
    /// One pass as the report writes it, given the rule; `None` if it could not
    /// be rendered (the report then fails, as for a finding).
    pub text: &'a (dyn Fn(usize, &Passed<'_>) -> Option<String> + Sync),
    /// Where the texts wait for the report.
    pub spool: &'a Spool,
}

/// The passes of one rule over records next to one another in input order
/// (a chunk of a table, or one held record), as one text.
pub struct PassRun {
    pub rule: usize,
    /// The first record's key and entity: runs of a rule are written in this
    /// order, which is the records' (no two runs of a rule overlap).
    pub from: (RecordKey, EntityId),
    /// Passes in the run.
    pub count: usize,
    /// Passes that could not be rendered.
    pub lost: usize,
    pub text: Held,
}

/// A rule's passes in a stretch of records, until they are held.
struct Open {
    /// The first record's key and entity.
    from: (RecordKey, EntityId),
    count: usize,
    lost: usize,
    text: String,
}

/// The passes of a stretch of records, by rule, until they are held.
pub(super) struct Pending<'a> {
    passes: Passes<'a>,
    /// Per rule, its passes so far.
    by_rule: Vec<Option<Open>>,
    /// Rules with a text, in the order they first passed.
    open: Vec<usize>,
    pub(super) done: Vec<PassRun>,
    /// Reused for every record's outcomes.
    pub(super) checks: Vec<(usize, Outcome)>,
}

impl<'a> Pending<'a> {
    pub(super) fn new(passes: Passes<'a>, rules: usize) -> Pending<'a> {
        Pending {
            passes,
            by_rule: (0..rules).map(|_| None).collect(),
            open: Vec::new(),
            done: Vec::new(),
            checks: Vec::new(),
        }
    }

    /// Renders the passes among a record's outcomes (`checks`).
    pub(super) fn add(&mut self, entity: EntityId, rec: &Record<'_>, view: &View<'_>) {
        let key = (view.source, view.sheet_index(), rec.pos.row);
        let passed = Passed {
            entity,
            input: view.source,
            record: rec,
        };
        for &(rule, outcome) in &self.checks {
            if outcome != Outcome::Pass {
                continue;
            }
            let Some(slot) = self.by_rule.get_mut(rule) else {
                continue;
            };
            let open = slot.get_or_insert_with(|| {
                self.open.push(rule);
                Open {
                    from: (key, entity),
                    count: 0,
                    lost: 0,
                    text: String::new(),
                }
            });
            open.count += 1;
            match (self.passes.text)(rule, &passed) {
                Some(t) => open.text.push_str(&t),
                None => open.lost += 1,
            }
        }
    }

    /// Holds every rule's text so far: the records after it start new runs.
    pub(super) fn flush(&mut self) {
        for rule in self.open.drain(..) {
            let Some(Some(open)) = self.by_rule.get_mut(rule).map(Option::take) else {
                continue;
            };
            self.done.push(PassRun {
                rule,
                from: open.from,
                count: open.count,
                lost: open.lost,
                text: self.passes.spool.hold(open.text),
            });
        }
    }

    /// The runs held, the last ones included.
    pub(super) fn finish(mut self) -> Vec<PassRun> {
        self.flush();
        self.done
    }
}
