//! What can go wrong reading the user's files, as data: each error and warning of
//! the data stage with its code, the places it points at, and its text in Chinese
//! and in English side by side (in `error_text.rs` and `error_book.rs`). The
//! readers return these and speak no language; they become diagnostics in the
//! run's language only where loading is reported (`DataError::render`).

#[cfg(test)]
use crate::diag::Diag;
use crate::schema::{Entity, Field};
use std::sync::Arc;

/// A place in an input: the lines shown around it, the number of the first of
/// them, and the span pointed at within them.
#[derive(Debug, Clone, PartialEq)]
pub struct Excerpt {
    pub path: String,
    pub text: Arc<str>,
    pub first_line: usize,
    pub span: (usize, usize),
}

/// A thing of the schema as messages name it: by its identifier in English, by
/// its Chinese label (a form's heading) when it has one in Chinese.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub name: String,
    pub label: Option<String>,
}

impl Named {
    /// An entity, by its first label.
    pub fn entity(e: &Entity) -> Named {
        Named {
            name: e.name.clone(),
            label: e.labels.first().cloned(),
        }
    }

    /// A field, by its first Chinese alias.
    pub fn field(f: &Field) -> Named {
        Named {
            name: f.name.clone(),
            label: f.aliases.iter().find(|a| !a.is_ascii()).cloned(),
        }
    }

    /// Every entity of a schema, in order.
    pub fn entities(s: &crate::schema::Schema) -> Vec<Named> {
        s.entities.iter().map(Named::entity).collect()
    }

    /// As a Chinese message names it.
    pub fn zh(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
}

/// How many cells a warning noted once stands for, as its message adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tally {
    /// Its own cell alone, or no count said.
    One,
    /// This many more cells alike.
    More(u64),
    /// This many cells of the column, in more spellings than the most listed.
    Overflow(u64, usize),
    /// This many cells of a column, the warning at its header.
    Column(u64),
    /// This many such values of a field in all.
    InAll(u64),
}

/// An error or a warning found reading an input. Each variant's code, places
/// and texts are in `DataError::draft`.
#[derive(Debug, Clone)]
pub enum DataError {
    // Whole inputs.
    TooLarge {
        path: String,
        bytes: usize,
    },
    TreeTooLarge {
        path: String,
        bytes: usize,
    },
    Empty {
        path: String,
    },
    /// Not text: `excerpt` shows the valid text up to the bad byte, when there is some.
    NotText {
        path: String,
        line: usize,
        offset: usize,
        excerpt: Option<Excerpt>,
    },
    Nul {
        at: Excerpt,
    },
    // Read in chunks.
    Unreadable {
        path: String,
        reason: String,
    },
    StreamTooLarge {
        path: String,
    },
    RecordTooLarge {
        path: String,
        line: u32,
    },
    ChunkNotText {
        line: u32,
        at: Excerpt,
    },
    ChunkNul {
        path: String,
        line: u32,
    },
    // Tables.
    NoHeader {
        at: Excerpt,
    },
    /// A header of more than `max` columns.
    TooManyColumns {
        at: Excerpt,
        max: usize,
    },
    NoEntityNumber {
        number: usize,
    },
    NoColumns {
        at: Excerpt,
        entity: Named,
    },
    Ragged {
        at: Excerpt,
        cells: usize,
        width: usize,
    },
    CellTooLarge {
        at: Excerpt,
    },
    Quote {
        at: Excerpt,
    },
    Unrecognised {
        at: Excerpt,
        entities: Vec<Named>,
    },
    DuplicateColumn {
        at: Excerpt,
        first: String,
        second: String,
        field: Named,
    },
    /// A column (or, with `key`, a plan's key) naming no field, with the closest
    /// heading (in Chinese) and name or heading (in English).
    UnknownField {
        at: Excerpt,
        key: bool,
        name: String,
        entity: Named,
        guess_zh: Option<String>,
        guess_en: Option<String>,
    },
    HeaderUnit {
        at: Excerpt,
        header: String,
        unit: String,
    },
    // Plans.
    /// Brackets nested more than `max` deep.
    Nesting {
        at: Excerpt,
        max: usize,
    },
    UnknownTable {
        at: Excerpt,
        name: String,
        guess_zh: Option<String>,
        guess_en: Option<String>,
    },
    ItemNotTable {
        at: Excerpt,
        name: String,
    },
    NotTables {
        at: Excerpt,
        name: String,
    },
    NoTables {
        at: Excerpt,
        entities: Vec<Named>,
        /// The plan's warnings, shown with it.
        related: Vec<DataError>,
    },
    UnknownPlanKey {
        at: Excerpt,
        name: String,
        guess: Option<String>,
        known: Vec<&'static str>,
    },
    RegionNotName {
        at: Excerpt,
    },
    DuplicateKey {
        at: Excerpt,
        field: Named,
        first_line: u32,
    },
    ValueTooLarge {
        at: Excerpt,
    },
    ValueShape {
        at: Excerpt,
        field: String,
    },
    /// A TOML syntax error, the parser's message restated in both languages.
    Toml {
        at: Excerpt,
        line: usize,
        zh: String,
        en: String,
    },
    /// A TOML syntax error on a line with full-width punctuation: `ch` for `ascii`,
    /// and the line as it should be.
    TomlFullWidth {
        at: Excerpt,
        line: usize,
        zh: String,
        en: String,
        ch: char,
        ascii: &'static str,
        fixed: String,
    },
    // Maps.
    NoGeometryField {
        at: Excerpt,
        entity: Named,
    },
    /// A GeoJSON that is not a collection of features ylcheck reads.
    Map {
        at: Excerpt,
        code: &'static str,
        zh: String,
        en: String,
    },
    UnknownFeatureEntity {
        at: Excerpt,
        index: usize,
        name: String,
        entities: Vec<Named>,
    },
    NoFeatureEntity {
        at: Excerpt,
        index: usize,
        entities: Vec<Named>,
    },
    // Records.
    TotalRow {
        at: Excerpt,
        text: String,
        more: u64,
    },
    /// A record contradicting one of its entity's `check`s (`rule` names its
    /// sides), at the cell of its left side.
    Invariant {
        at: Excerpt,
        line: u32,
        zh: String,
        en: String,
        rule_zh: String,
        rule_en: String,
        /// Against a constant (`<= 100%`): out of range, not against another cell.
        bound: bool,
    },
    /// A value of `field` that is none of `allowed` (each a name and its labels),
    /// with the closest as Chinese and English name it.
    UnknownValue {
        at: Excerpt,
        text: String,
        field: Named,
        guess: Option<(String, String)>,
        allowed: Vec<(String, Vec<String>)>,
        tally: Tally,
    },
    /// Bare numbers between 0 and 1 in `field`'s column (its `header`) or key;
    /// `percent` is the header's name when it says `%` already.
    FractionOrPercent {
        at: Excerpt,
        field: Named,
        header: Option<String>,
        percent: Option<String>,
        example: String,
        percent_example: String,
        tally: Tally,
    },
    // Workbooks.
    /// A workbook calamine cannot read: its `reason`, or `None` for a malformed one.
    Corrupt {
        path: String,
        reason: Option<String>,
    },
    NotWorkbook {
        path: String,
        kind: Misnamed,
    },
    SheetTooLarge {
        path: String,
    },
    PartTooLarge {
        path: String,
        part: String,
        excess: Excess,
    },
    SharedStrings {
        path: String,
        part: String,
        count: u128,
    },
    /// A cell past Excel's last row (`row` counted from 1).
    RowBeyondExcel {
        path: String,
        row: u64,
        max: u32,
    },
    /// Data past the last column ylcheck reads, on `row` (counted from 1).
    ColumnsBeyond {
        path: String,
        row: u64,
        max: usize,
    },
    VeryHiddenSheet {
        path: String,
        sheet: String,
    },
    HiddenSheet {
        path: String,
        sheet: String,
    },
    /// A sheet whose header names no entity: the error when no sheet does,
    /// else a warning that it was `skipped`.
    SheetUnrecognised {
        at: Excerpt,
        skipped: bool,
        entities: Vec<Named>,
    },
    EmptyWorkbook {
        path: String,
    },
    /// A sheet's `count` formula cells read by saved values a recalculation may
    /// change, at the first (`cell`).
    StaleFormula {
        at: Excerpt,
        sheet: String,
        count: usize,
        cell: Option<String>,
    },
    // Copies of tables, for annotating.
    /// A cell (row and column counted from 0) past what Excel or ylcheck allows.
    Outside {
        path: String,
        row: u32,
        col: u32,
    },
    Undecodable {
        path: String,
    },
    /// A line past the last of a worksheet's `max` rows.
    TooManyRows {
        path: String,
        line: u32,
        max: u32,
    },
    RecordQuote {
        path: String,
        line: u32,
        byte: usize,
    },
    LineTooWide {
        path: String,
        line: u32,
        max: usize,
    },
}

pub use super::parts::Excess;

/// What a `.xlsx` that is no workbook is instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misnamed {
    /// An Excel 97-2003 workbook (`.xls`).
    Xls,
    /// Text: perhaps a CSV.
    Text,
    Unknown,
}

#[path = "error_book.rs"]
mod book;
#[path = "error_text.rs"]
mod text;

impl DataError {
    /// The same warning, saying how many cells it stands for.
    pub(crate) fn tallied(mut self, t: Tally) -> DataError {
        match &mut self {
            DataError::UnknownValue { tally, .. } | DataError::FractionOrPercent { tally, .. } => {
                *tally = t
            }
            DataError::TotalRow { more, .. } => {
                if let Tally::More(n) = t {
                    *more = n;
                }
            }
            _ => {}
        }
        self
    }
}

/// An error as the tests read it: a diagnostic in Chinese with `zh`, else in
/// English, rendered as a run renders it.
#[cfg(test)]
pub(crate) fn shown(e: &DataError, zh: bool) -> Diag {
    use crate::i18n::Lang;
    e.render(if zh { Lang::Zh } else { Lang::En })
}

/// Errors as the tests read them: diagnostics in English.
#[cfg(test)]
pub(crate) fn en(errors: &[DataError]) -> Vec<Diag> {
    errors.iter().map(|e| shown(e, false)).collect()
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
