//! What a run keeps of a record when a report draws passes as well as failures
//! (the map): the record and how every rule came out on it. JUnit's passing
//! testcases are rendered as the records are checked (`src/run/passes.rs`). The page's tables need no traces: the run counts them as it goes.

use super::{Finding, Outcome};
use crate::data::{Record, Value};
use crate::pack::Node;
use crate::schema::{Entity, EntityId, FieldType};

/// A record as the run checked it: the values reports read of it (its name, place
/// fields and kind; of a record the map draws, its geometry and the fields the
/// map's filters read too), owned, and every rule that checked it with the
/// outcome, passes included. Kept only for the records
/// [`crate::run::RunOptions::trace`] asks for, since it holds the data as well as
/// the findings.
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

/// Which of an entity's values a trace keeps, decided once per entity: the reports
/// that read traces (the HTML page, the map) read a record's name,
/// place fields and kind; the map also its first geometry and, to tell which sites
/// a walking radius counts, the fields the pre-filters of aggregates over the
/// entity read. The rest is not kept, nor any value past the last one read: a
/// table's texts would otherwise be held in full until the report is written.
#[derive(Debug, Clone)]
pub struct TraceFields {
    /// What is kept of a record the map does not draw.
    plain: Kept,
    /// Of one it draws (its geometry is a shape), and that geometry's slot.
    drawn: Option<(usize, Kept)>,
}

#[derive(Debug, Clone)]
struct Kept {
    read: Vec<bool>,
    /// Values past this are left off (a report reads by `get`).
    width: usize,
}

impl Kept {
    fn new(read: Vec<bool>) -> Kept {
        let width = read.iter().rposition(|&r| r).map_or(0, |s| s + 1);
        Kept { read, width }
    }
}

impl TraceFields {
    /// `pre_filters` are the pre-filters of the aggregates over `ent`.
    pub fn of<'a>(ent: &Entity, pre_filters: impl Iterator<Item = &'a Node>) -> TraceFields {
        let name = ent.name_slot();
        let first = |want: &dyn Fn(&FieldType) -> bool| ent.fields.iter().position(|f| want(&f.ty));
        let kind = first(&|t| matches!(t, FieldType::Enum(_)));
        let read: Vec<bool> = (0..ent.fields.len())
            .map(|s| Some(s) == name || Some(s) == kind || ent.fields[s].ty == FieldType::Place)
            .collect();
        let drawn = first(&|t| *t == FieldType::Geometry).map(|g| {
            let mut read = read.clone();
            read[g] = true;
            for pre in pre_filters {
                mark_fields(pre, &mut read);
            }
            (g, Kept::new(read))
        });
        TraceFields {
            plain: Kept::new(read),
            drawn,
        }
    }

    /// Whether a map draws `rec` (its geometry is a shape); `None` for an entity
    /// with no geometry field.
    pub fn drawn(&self, rec: &Record<'_>) -> Option<bool> {
        let (g, _) = self.drawn.as_ref()?;
        Some(matches!(rec.values.get(*g), Some(Value::Shape(_))))
    }

    /// What a trace keeps of `rec`, owned.
    pub fn record(&self, rec: &Record<'_>) -> Record<'static> {
        let kept = match &self.drawn {
            Some((g, kept)) if matches!(rec.values.get(*g), Some(Value::Shape(_))) => kept,
            _ => &self.plain,
        };
        let values = rec
            .values
            .iter()
            .take(kept.width)
            .zip(&kept.read)
            .map(|(v, &read)| match read {
                true => v.clone().into_owned(),
                false => Value::Missing,
            })
            .collect();
        Record {
            values,
            pos: rec.pos,
        }
    }
}

/// Marks the fields a whole-record expression (an aggregate's pre-filter) reads.
fn mark_fields(n: &Node, read: &mut [bool]) {
    match n {
        Node::Field(s) | Node::Agrees { slot: s, .. } | Node::Present { slot: s, .. } => {
            if let Some(r) = read.get_mut(*s) {
                *r = true;
            }
        }
        Node::Let(_, l) => mark_fields(&l.0, read),
        _ => {}
    }
    n.each_child(&mut |c| mark_fields(c, read));
}
