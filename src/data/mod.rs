//! Typed records loaded from the user's files, each value keeping where it came from.
//!
//! Loaders (one per format) turn bytes into [`Record`]s of the schema's entities.
//! A cell that cannot be read becomes [`Value::Invalid`], which every check treats as
//! unknown, pointing at the cell — never as zero, never as a pass.

use crate::num::{Num, Q};
use crate::schema::{EntityId, Slot};
use std::borrow::Cow;
use std::sync::Arc;

pub mod cell;
pub mod copy;
pub mod csv;
pub mod decode;
pub mod geojson;
mod header;
pub mod invariants;
mod notes;
mod parts;
pub mod plan;
mod points;
mod shared_strings;
pub mod stream;
mod toml_error;
pub(crate) mod totals;
mod values;
pub mod xlsx;

pub use self::error::DataError;
pub use self::load::{Format, load};
pub use self::values::Values;

pub(crate) mod ctx;
pub mod error;
pub(crate) mod load;

/// One field's value in one record. Text borrows from the input where it can, so
/// reading a record allocates nothing for its cells.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// A blank cell or an absent key.
    Missing,
    /// A quantity in its dimension's base unit (m, m², 元) or a plain number.
    Num(Num),
    Text(Cow<'a, str>),
    /// Index into the field's enum variants.
    Enum(u16),
    Bool(bool),
    Date(jiff::civil::Date),
    /// The cell as written; items are separated by `、` `;` `；` `,` `，`
    /// ([`list_items`]).
    List(Cow<'a, str>),
    /// A cell that was present but could not be read as the field's type.
    Invalid(Box<Invalid>),
    /// A quantity kept with the precision it was written at.
    Reported(Box<Reported>),
    /// A feature's geometry, shared rather than copied when records are kept.
    Shape(std::sync::Arc<crate::spatial::Shape>),
}

/// A figure as a bureau reported it: its value and half a unit of its last digit.
#[derive(Debug, Clone, PartialEq)]
pub struct Reported {
    pub value: Q,
    pub half: Q,
}

/// What was wrong with a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    /// The cell's text as written.
    pub text: Box<str>,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// Not a number (`abc`, `12,5`, `NaN`, `1e309`).
    NotANumber,
    /// A negative value where only non-negative quantities make sense.
    Negative,
    /// A unit of the wrong dimension, e.g. `3 km` in an area column.
    WrongUnit {
        unit: Box<str>,
    },
    UnknownUnit {
        unit: Box<str>,
    },
    /// Not a real date (`2022-13-40`).
    BadDate,
    /// Not 是/否/true/false/yes/no/1/0.
    BadBool,
    /// Not one of the enum's values or labels.
    UnknownEnum,
    /// A fraction where a count of things is expected (`60.5` beds).
    NotWhole,
    /// Not a longitude–latitude point (`114.30,34.79`).
    BadPoint,
    /// Latitude written before longitude (`34.79,114.30`).
    SwappedPoint,
    /// A bare number between 0 and 1 in a ratio column whose header gives no
    /// unit: `0.6` may be 60 % or 0.6 %.
    FractionOrPercent,
    /// Written like a city or county, but no place of the gazetteer.
    UnknownPlace,
    /// A county name several cities have (`示范区`), and nothing says which.
    AmbiguousPlace,
    /// A city or the province written where a county is asked for (`place
    /// county`): the record is in one of its counties, which one is unknown.
    CoarsePlace,
    /// A street's or community's name that does not say its level (`午朝门` for
    /// 午朝门街道, `东关` for 东关社区): it may be any unit of the stem.
    ShortUnit,
    /// Readable, but contradicting another cell of the record by one of the
    /// entity's `check`s (its message, in both languages), or outside the bound
    /// one sets (`bound`: `plot_completion <= 100%`).
    Contradicts {
        zh: Box<str>,
        en: Box<str>,
        bound: bool,
    },
    /// A workbook formula's saved value, in a workbook that asks to be
    /// recalculated on opening: Excel may show another value.
    StaleFormula,
    /// An area that overlaps another record's (`disjoint`), so its figure counts
    /// shared land twice.
    Overlaps,
}

/// Where a record starts in its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// Index into [`Dataset::sources`].
    pub source: u32,
    /// Index of the record within its source (for per-cell spans).
    pub row: u32,
    /// 1-based line of the record's first character.
    pub line: u32,
    /// Byte offset of the record's first character in the decoded text.
    pub offset: u32,
}

#[derive(Debug, Clone)]
pub struct Record<'a> {
    pub values: Values<'a>,
    pub pos: Pos,
}

impl Value<'_> {
    /// The same value, owning its text.
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Missing => Value::Missing,
            Value::Num(q) => Value::Num(q),
            Value::Text(t) => Value::Text(Cow::Owned(t.into_owned())),
            Value::Enum(i) => Value::Enum(i),
            Value::Bool(b) => Value::Bool(b),
            Value::Date(d) => Value::Date(d),
            Value::List(l) => Value::List(Cow::Owned(l.into_owned())),
            Value::Invalid(i) => Value::Invalid(i),
            Value::Reported(r) => Value::Reported(r),
            Value::Shape(s) => Value::Shape(s),
        }
    }
}

/// The items of a list cell, trimmed, blanks dropped. A line break (Alt+Enter in
/// an Excel cell) separates items too.
pub fn list_items(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(['、', ';', '；', ',', '，', '\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A cell's place in its source, for reports and miette spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loc {
    pub line: u32,
    pub column: u32,
    /// Byte offset and length in the decoded text.
    pub offset: usize,
    pub len: usize,
}

/// One input file, decoded to UTF-8 and kept for showing the offending line.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it (`-` for standard input).
    pub path: String,
    pub text: Arc<str>,
    /// The encoding it was decoded from (`UTF-8`, `GBK`, …).
    pub encoding: &'static str,
    pub cells: CellMap,
}

/// How to find a cell's span within a source.
#[derive(Debug, Clone)]
pub enum CellMap {
    /// Delimited text: a record's cells are found again by re-reading its line, so
    /// no per-cell position is stored. `columns[slot]` is the column holding `slot`.
    Csv {
        delimiter: u8,
        columns: Vec<Option<usize>>,
    },
    /// Per record (by [`Pos::row`]), per slot: the value's byte span.
    Spans(SpanRows),
    /// One worksheet of a workbook, rendered one line per sheet row (line N is row
    /// N), so [`Pos::line`] is the Excel row. Spans as for [`CellMap::Spans`];
    /// `columns[slot]` is the sheet column (0-based) holding `slot`, for naming a
    /// cell the way Excel does (`C12`).
    Sheet {
        /// The sheet's name and its index in the workbook.
        sheet: Arc<str>,
        index: u32,
        spans: SpanRows,
        columns: Vec<Option<u32>>,
        /// The sheet is hidden: a row of it that repeats a visible one gives way.
        hidden: bool,
    },
}

impl CellMap {
    /// Whether the source is a hidden sheet of a workbook.
    pub fn hidden(&self) -> bool {
        matches!(self, CellMap::Sheet { hidden: true, .. })
    }

    /// Whether the whole source lacks a column for `slot` (a table's header has no
    /// such column): unlike a TOML key, absent from every record alike.
    pub fn lacks_column(&self, slot: Slot) -> bool {
        match self {
            CellMap::Csv { columns, .. } => columns.get(slot).copied().flatten().is_none(),
            CellMap::Sheet { columns, .. } => columns.get(slot).copied().flatten().is_none(),
            CellMap::Spans(_) => false,
        }
    }

    /// The worksheet's index in its workbook; 0 for any other source.
    pub fn sheet_index(&self) -> u32 {
        match self {
            CellMap::Sheet { index, .. } => *index,
            _ => 0,
        }
    }
}

/// Every record's value spans (offset, length) in one source, for the slots each
/// gives, in one list: a plan's record gives a few of its entity's fields, and a
/// list of its own for each record would cost more than its spans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanRows {
    /// Where each record's spans start in `spans`.
    starts: Vec<u32>,
    /// (slot, offset, length), by record, then by slot.
    spans: Vec<(u32, u32, u32)>,
}

impl SpanRows {
    /// Adds the next record's spans, by slot.
    pub fn push(&mut self, by_slot: &[Option<(u32, u32)>]) {
        self.starts
            .push(u32::try_from(self.spans.len()).unwrap_or(u32::MAX));
        self.spans
            .extend(by_slot.iter().enumerate().filter_map(|(s, span)| {
                let (offset, len) = (*span)?;
                Some((u32::try_from(s).ok()?, offset, len))
            }));
    }

    /// How many records' spans it holds.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The span of `slot`'s value in record `row`; `None` for an absent key.
    pub fn get(&self, row: usize, slot: Slot) -> Option<(u32, u32)> {
        let start = *self.starts.get(row)? as usize;
        let end = self
            .starts
            .get(row + 1)
            .map_or(self.spans.len(), |&e| e as usize);
        let slot = u32::try_from(slot).ok()?;
        let spans = self.spans.get(start..end)?;
        spans
            .binary_search_by_key(&slot, |&(s, _, _)| s)
            .ok()
            .and_then(|i| spans.get(i))
            .map(|&(_, offset, len)| (offset, len))
    }
}

/// What one input contributed, for reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub path: String,
    pub entity: EntityId,
    pub records: usize,
}

/// Every record of a run, grouped by entity, across all input files.
#[derive(Debug, Default)]
pub struct Dataset {
    pub sources: Vec<Source>,
    /// `tables[entity]`: that entity's records in input order.
    pub tables: Vec<Vec<Record<'static>>>,
    pub inputs: Vec<Input>,
    /// Non-fatal problems found while loading (unknown columns …).
    pub warnings: Vec<DataError>,
    /// The region a plan says it is for.
    pub region: Option<String>,
}

impl Dataset {
    pub fn new(entities: usize) -> Dataset {
        Dataset {
            tables: vec![Vec::new(); entities],
            ..Dataset::default()
        }
    }

    /// Where `slot` of `record` is in its source (see [`View::locate`]).
    pub fn locate(&self, record: &Record<'_>, slot: Option<Slot>) -> Loc {
        match self.view(record) {
            Some(v) => v.locate(record, slot),
            None => Loc {
                line: record.pos.line,
                column: 1,
                offset: record.pos.offset as usize,
                len: 0,
            },
        }
    }

    /// The view of the source a record came from.
    pub fn view(&self, record: &Record<'_>) -> Option<View<'_>> {
        let src = self.sources.get(record.pos.source as usize)?;
        Some(View {
            source: record.pos.source,
            text: &src.text,
            cells: &src.cells,
        })
    }
}

/// A stretch of one input's text (a whole file, or the chunk of a large CSV being
/// read) with what is needed to find a record's cells in it. Record offsets are
/// relative to `text`; record lines are absolute.
#[derive(Debug, Clone, Copy)]
pub struct View<'v> {
    /// The input's index.
    pub source: u32,
    pub text: &'v str,
    pub cells: &'v CellMap,
}

impl View<'_> {
    /// Where `slot` of `record` is, or the record's start if the cell has no span of
    /// its own (an absent column or key).
    pub fn locate(&self, record: &Record<'_>, slot: Option<Slot>) -> Loc {
        let start = Loc {
            line: record.pos.line,
            column: 1,
            offset: record.pos.offset as usize,
            len: 0,
        };
        let span = slot.and_then(|slot| match self.cells {
            CellMap::Spans(rows) | CellMap::Sheet { spans: rows, .. } => rows
                .get(record.pos.row as usize, slot)
                .map(|(o, l)| (o as usize, l as usize)),
            CellMap::Csv { delimiter, columns } => {
                columns.get(slot).copied().flatten().and_then(|col| {
                    csv::lex::cell_span(self.text, record.pos.offset as usize, *delimiter, col)
                })
            }
        });
        match span {
            Some((offset, len)) => {
                let (line, column) = line_col_from(self.text, record, offset);
                Loc {
                    line,
                    column,
                    offset,
                    len,
                }
            }
            None => start,
        }
    }

    /// Whether the source has a cell for `slot` at all (a CSV column, a TOML key),
    /// as opposed to a blank one.
    pub fn has_cell(&self, record: &Record<'_>, slot: Slot) -> bool {
        match self.cells {
            CellMap::Csv { columns, .. } => columns.get(slot).copied().flatten().is_some(),
            CellMap::Sheet { columns, .. } => columns.get(slot).copied().flatten().is_some(),
            CellMap::Spans(rows) => rows.get(record.pos.row as usize, slot).is_some(),
        }
    }

    /// Whether `slot`'s column is `other`'s: a location the table makes of its
    /// longitude and latitude columns is shown at one of them.
    pub fn same_column(&self, slot: Slot, other: Slot) -> bool {
        fn same<T: PartialEq>(columns: &[Option<T>], a: Slot, b: Slot) -> bool {
            matches!((columns.get(a), columns.get(b)), (Some(Some(a)), Some(Some(b))) if a == b)
        }
        match self.cells {
            CellMap::Csv { columns, .. } => same(columns, slot, other),
            CellMap::Sheet { columns, .. } => same(columns, slot, other),
            CellMap::Spans(_) => false,
        }
    }

    /// Whether the whole source lacks a column for `slot` (a table's header has no
    /// such column): unlike a TOML key, absent from every record alike.
    pub fn lacks_column(&self, slot: Slot) -> bool {
        self.cells.lacks_column(slot)
    }

    /// For a worksheet: the sheet's index in its workbook and its name.
    /// The worksheet's index in its workbook; 0 for any other input.
    pub fn sheet_index(&self) -> u32 {
        self.cells.sheet_index()
    }

    pub fn sheet(&self) -> Option<(u32, Arc<str>)> {
        match self.cells {
            CellMap::Sheet { sheet, index, .. } => Some((*index, sheet.clone())),
            _ => None,
        }
    }

    /// For a table (a CSV or a worksheet): the row and 0-based column of the cell
    /// of each of `slots` the table has, each once. The row is the Excel row of a
    /// worksheet, and the line a CSV record starts on. Empty for a plan or a map.
    pub fn table_cells(
        &self,
        record: &Record<'_>,
        slots: impl IntoIterator<Item = Slot>,
    ) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        for slot in slots {
            let cell = match self.cells {
                CellMap::Csv { columns, .. } => columns
                    .get(slot)
                    .copied()
                    .flatten()
                    .map(|c| (record.pos.line, u32::try_from(c).unwrap_or(u32::MAX))),
                CellMap::Sheet { columns, .. } => columns
                    .get(slot)
                    .copied()
                    .flatten()
                    .map(|c| (self.locate(record, Some(slot)).line, c)),
                CellMap::Spans(_) => None,
            };
            if let Some(c) = cell
                && !out.contains(&c)
            {
                out.push(c);
            }
        }
        out
    }

    /// For a table: the record's first cell (the leftmost column the table reads).
    pub fn first_cell(&self, record: &Record<'_>) -> Option<(u32, u32)> {
        match self.cells {
            CellMap::Csv { .. } => Some((record.pos.line, 0)),
            CellMap::Sheet { columns, .. } => columns
                .iter()
                .flatten()
                .min()
                .map(|&c| (record.pos.line, c)),
            CellMap::Spans(_) => None,
        }
    }

    /// For a worksheet: the cell holding `slot` of `record` as Excel names it
    /// (`C12`) and its 1-based column number. `loc` is where [`View::locate`] put
    /// it: its line is the cell's row (a merged cell's first row).
    pub fn cell_ref(&self, slot: Option<Slot>, loc: &Loc) -> Option<(String, u32)> {
        let CellMap::Sheet { columns, .. } = self.cells else {
            return None;
        };
        let col = slot.and_then(|s| columns.get(s).copied().flatten())?;
        Some((format!("{}{}", column_name(col), loc.line), col + 1))
    }
}

/// A column as Excel names it: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_name(col: u32) -> String {
    let mut n = u64::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = u8::try_from((n - 1) % 26).unwrap_or(0);
        out.push(char::from(b'A' + r));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// Line and column of `offset`, counted from the record's start when the cell lies
/// after it, so locating a finding costs the record's length, not the file's.
fn line_col_from(text: &str, record: &Record<'_>, offset: usize) -> (u32, u32) {
    let start = record.pos.offset as usize;
    let (Some(between), true) = (text.get(start..offset), record.pos.line > 0) else {
        return line_col(text, offset);
    };
    let newlines = between.bytes().filter(|&b| b == b'\n').count();
    let line_start = match between.rfind('\n') {
        Some(i) => start + i + 1,
        None => text
            .get(..start)
            .and_then(|b| b.rfind('\n'))
            .map_or(0, |i| i + 1),
    };
    let column = text
        .get(line_start..offset)
        .map_or(0, |l| l.chars().count())
        + 1;
    let line = (record.pos.line as usize).saturating_add(newlines);
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or("");
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod input_tests;
