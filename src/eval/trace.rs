//! What a run keeps of each record when a report shows passes as well as failures
//! (the HTML report, the map): the record and how every rule came out on it.

use super::{Finding, Outcome};
use crate::data::Record;
use crate::schema::EntityId;

/// A record as the run checked it: the values reports read of it (its name, place
/// fields and kind; all of a record with a geometry, which the map draws), owned,
/// and every rule that checked it with the outcome, passes included. Kept only when
/// [`crate::run::RunOptions::trace`] asks, since it holds the data as well as the findings.
#[derive(Debug, Clone)]
pub struct Trace {
    pub entity: EntityId,
    /// The input it came from (its index), the worksheet's index in a workbook
    /// (0 otherwise) and the record's row: the same numbers as a [`Finding`]'s
    /// `source`, `sheet` and `row`, so [`Trace::key`] and [`finding_key`] match.
    pub input: u32,
    pub sheet: u32,
    pub record: Record<'static>,
    pub checks: Vec<(usize, Outcome)>,
}

/// Which record a trace or finding is about, in input order.
pub type RecordKey = (u32, u32, u32);

impl Trace {
    pub fn key(&self) -> RecordKey {
        (self.input, self.sheet, self.record.pos.row)
    }
}

/// The key of the record a finding is about.
pub fn finding_key(f: &Finding) -> RecordKey {
    (f.source, f.sheet.as_ref().map_or(0, |(i, _)| *i), f.row)
}
