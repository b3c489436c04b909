//! What a check finds: a record that failed a rule or could not be checked
//! against it, with everything a report needs to say so, and why a rule was not
//! run at all. Findings refer to no data that may be gone by the time a report
//! is written.

use super::Reason;
use crate::data::{Record, Value};
use crate::num::Q;
use crate::pack::{Cmp, Display, Severity};
use crate::schema::{EntityId, Slot};
use jiff::civil::Date;

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
    /// Half a unit of the actual figure's last written digit, when it is a
    /// reported figure: it is shown as written (`69.00%`, not `69%`).
    pub written: Option<Q>,
}

/// Whether the cell a finding is about exists in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Present,
    /// The input has no such column at all.
    Absent,
    /// This record has no such key (a plan's entry, a map's feature), though
    /// others may.
    Unwritten,
    /// The input has no such column, and the field read from this one in its
    /// place (a 级别 from its 单位) does not tell it.
    Derived(crate::schema::Slot),
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
    /// Index into [`RuleSet::rules`](crate::pack::RuleSet::rules).
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
    /// For each of `faults`, its part's comparison when the part is one (the
    /// figures `{faults: …}` shows).
    pub fault_figures: Vec<Option<Comparison>>,
    /// For a failed `contains_all` whose message shows `{lacking}`: the items its
    /// list lacks, in the order the rule names them.
    pub lacking: Vec<Box<str>>,
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
    /// For an unknown aggregate: the first records that may or may not count,
    /// which left it undecided.
    pub undecided: Vec<Undecided>,
    /// The lets of [`Finding::lets`] known only within bounds (`land` that may or
    /// may not include a parcel), by index: a message shows the bounds.
    pub let_bounds: Vec<(usize, crate::num::Q, crate::num::Q)>,
}

/// A record that may or may not count in an aggregate (its filter read a blank or
/// unreadable value of its own), named in an unknown finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Undecided {
    pub entity: crate::schema::EntityId,
    /// The input it comes from ([`Finding::source`]'s numbering) and its line.
    pub source: u32,
    pub line: u32,
    pub name: Option<String>,
    /// Its fields the aggregate's filter read that are blank or unreadable.
    pub blanks: Vec<crate::schema::Slot>,
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
    /// `entity` is the table's; `of`, the rule's, whose records were passed over
    /// (another when the rule reads the field through an aggregate).
    NoColumn {
        entity: EntityId,
        of: EntityId,
        source: u32,
        /// The sheet's index in its workbook (0 for a CSV).
        sheet: u32,
        slot: Slot,
        records: usize,
    },
}

/// The line before the cell's record through the line after it.
pub(super) fn snippet(text: &str, rec: &Record<'_>, loc: &crate::data::Loc) -> Snippet {
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
