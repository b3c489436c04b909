//! A worksheet's cells as calamine gives them, read into rows and rendered one
//! line per row, with the limits a sheet is read under.

use crate::data::ctx::{MAX_COLUMNS, MAX_INPUT};
use crate::data::error::DataError;
use calamine::{DataRef, Dimensions, Xlsx};
use std::borrow::Cow;
use std::io::Cursor;

/// Between the cells of a rendered row.
const SEP: &str = " │ ";
/// Excel's last row. A sheet is rendered one line per row, so a cell claiming
/// row four billion (a damaged or hand-made file) must be refused before it
/// costs four billion line breaks.
pub(crate) const MAX_ROWS: u32 = 1 << 20;
/// Merged regions are indexed per column; past this many entries the rest are
/// ignored (no real sheet comes near it).
const MAX_MERGE_ENTRIES: usize = 1 << 22;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Number,
    Bool,
    Date,
    /// `#DIV/0!`, `#N/A` …: a formula that failed.
    Error,
    /// A formula's saved value in a workbook that asks to be recalculated on
    /// opening (`fullCalcOnLoad`): what Excel shows may differ, so it is unreadable.
    Stale,
}

#[derive(Debug)]
pub(super) struct XCell {
    pub(super) col: u32,
    /// The value as text, as a person reads it in Excel.
    pub(super) text: Box<str>,
    pub(super) kind: Kind,
}

#[derive(Debug)]
pub(super) struct Row {
    /// 0-based sheet row.
    pub(super) row: u32,
    /// Non-blank cells, by column.
    pub(super) cells: Vec<XCell>,
    /// Per column from 0 to the last non-blank one: where it is in the rendered
    /// text (blank cells have a zero-length span between their separators).
    pub(super) spans: Vec<(u32, u32)>,
}

/// One sheet's cells, rows in order.
pub(super) struct Grid {
    pub(super) rows: Vec<Row>,
    pub(super) merges: Vec<Dimensions>,
    /// Per column: the merged regions covering it, by first row.
    pub(super) by_col: Vec<Vec<Dimensions>>,
}

impl Grid {
    pub(super) fn new(rows: Vec<Row>, merges: Vec<Dimensions>) -> Grid {
        let mut by_col: Vec<Vec<Dimensions>> = Vec::new();
        let mut entries = 0usize;
        'm: for d in &merges {
            let last = d
                .end
                .1
                .min(u32::try_from(MAX_COLUMNS).unwrap_or(u32::MAX) - 1);
            for c in d.start.1..=last {
                let c = c as usize;
                if by_col.len() <= c {
                    by_col.resize_with(c + 1, Vec::new);
                }
                by_col[c].push(*d);
                entries += 1;
                if entries > MAX_MERGE_ENTRIES {
                    break 'm;
                }
            }
        }
        for col in &mut by_col {
            col.sort_by_key(|d| d.start.0);
        }
        Grid {
            rows,
            merges,
            by_col,
        }
    }

    pub(super) fn row(&self, r: u32) -> Option<&Row> {
        let i = self.rows.binary_search_by_key(&r, |x| x.row).ok()?;
        self.rows.get(i)
    }

    pub(super) fn raw(&self, r: u32, c: u32) -> Option<&XCell> {
        let row = self.row(r)?;
        let i = row.cells.binary_search_by_key(&c, |x| x.col).ok()?;
        row.cells.get(i)
    }

    /// The merged region covering (r, c), if any.
    pub(super) fn merge(&self, r: u32, c: u32) -> Option<&Dimensions> {
        let col = self.by_col.get(c as usize)?;
        let i = col.partition_point(|d| d.start.0 <= r);
        col.get(i.checked_sub(1)?).filter(|d| d.contains(r, c))
    }

    /// The cell at (r, c), or the top-left cell of the merged region covering it,
    /// with where that cell is.
    pub(super) fn filled(&self, r: u32, c: u32) -> Option<((u32, u32), &XCell)> {
        if let Some(x) = self.raw(r, c) {
            return Some(((r, c), x));
        }
        let d = self.merge(r, c)?;
        Some((d.start, self.raw(d.start.0, d.start.1)?))
    }

    /// Where cell (r, c) is in the rendered text.
    pub(super) fn span(&self, r: u32, c: u32) -> Option<(u32, u32)> {
        self.row(r)?.spans.get(c as usize).copied()
    }
}

/// A number as its shortest round-trip decimal: `55.8`, `2000` (not `2000.0`).
/// A cell formatted as a percentage shows `0.55` as `55%`, and so is read, with
/// at least the decimals its format shows (`0.69` under `0.00%` is `69.00%`): a
/// reported share is held to the precision the reader sees.
pub(super) fn number(f: f64, percent: Option<usize>) -> String {
    if !f.is_finite() {
        return "NaN".into();
    }
    let s = if f == 0.0 {
        "0".to_string()
    } else {
        format!("{f}")
    };
    match percent {
        Some(shown) => shift_percent(&s, shown),
        None => s,
    }
}

/// `0.55` → `55%`, exactly, by moving the decimal point; with at least `shown`
/// decimals, never fewer than the value has.
fn shift_percent(s: &str, shown: usize) -> String {
    let (sign, body) = match s.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", s),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let mut frac: String = frac.to_string();
    while frac.len() < 2 {
        frac.push('0');
    }
    let (moved, rest) = frac.split_at(2);
    let int = format!("{int}{moved}");
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let mut rest = rest.trim_end_matches('0').to_string();
    while rest.len() < shown {
        rest.push('0');
    }
    if rest.is_empty() {
        format!("{sign}{int}%")
    } else {
        format!("{sign}{int}.{rest}%")
    }
}

/// The decimals a percentage number format shows (`0.00%` → 2, `0%` → 0), or
/// `None` for a format that is no percentage. Only the format's first section
/// (positive numbers) is read; quoted text and escaped characters are not digits.
pub(super) fn percent_decimals(code: &str) -> Option<usize> {
    let mut section = String::new();
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            ';' => break,
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            c => section.push(c),
        }
    }
    if !section.contains('%') {
        return None;
    }
    let decimals = section.split_once('.').map_or(0, |(_, after)| {
        after
            .chars()
            .take_while(|c| matches!(c, '0' | '#' | '?' | ','))
            .filter(|c| matches!(c, '0' | '#' | '?'))
            .count()
    });
    Some(decimals)
}

fn date_text(d: &calamine::ExcelDateTime) -> String {
    let (y, m, day, h, mi, s, ms) = d.to_ymd_hms_milli();
    if (h, mi, s, ms) == (0, 0, 0, 0) {
        format!("{y:04}-{m:02}-{day:02}")
    } else {
        format!("{y:04}-{m:02}-{day:02} {h:02}:{mi:02}:{s:02}")
    }
}

/// A cell's value as text and kind; `None` for a blank cell.
fn convert(v: &DataRef<'_>, percent: Option<usize>) -> Option<(String, Kind)> {
    let (text, kind) = match v {
        DataRef::Empty => return None,
        DataRef::String(s) => (s.clone(), Kind::Text),
        DataRef::SharedString(s) => ((*s).to_string(), Kind::Text),
        DataRef::Int(i) if let Some(shown) = percent => {
            (shift_percent(&i.to_string(), shown), Kind::Number)
        }
        DataRef::Int(i) => (i.to_string(), Kind::Number),
        DataRef::Float(f) => (number(*f, percent), Kind::Number),
        DataRef::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).into(), Kind::Bool),
        DataRef::DateTime(d) if d.is_duration() => (number(d.as_f64(), None), Kind::Number),
        DataRef::DateTime(d) => (date_text(d), Kind::Date),
        DataRef::DateTimeIso(s) => (s.replacen('T', " ", 1), Kind::Date),
        DataRef::DurationIso(s) => (s.clone(), Kind::Text),
        DataRef::Error(e) => (e.to_string(), Kind::Error),
    };
    (!text.trim().is_empty()).then_some((text, kind))
}

/// A cell's text on one line: line breaks inside a cell (Alt+Enter) become `with`.
pub(super) fn flat<'t>(text: &'t str, with: &str) -> Cow<'t, str> {
    if !text.contains(['\n', '\r']) {
        return Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    Cow::Owned(lines.join(with))
}

/// A header cell's text, without blanks or line breaks (`建筑面积\n（平方米）`).
pub(super) fn header_text(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The error for a workbook that cannot be read.
pub(crate) fn corrupt(path: &str, e: &dyn std::fmt::Display) -> DataError {
    DataError::Corrupt {
        path: path.to_string(),
        reason: Some(e.to_string()),
    }
}

pub(crate) fn too_large(path: &str) -> DataError {
    DataError::SheetTooLarge {
        path: path.to_string(),
    }
}

/// Reads a sheet's non-blank cells, rows in order.
pub(super) fn read_cells(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    path: &str,
    stale: &std::collections::HashSet<(u32, u32)>,
) -> Result<Vec<Row>, DataError> {
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|e| corrupt(path, &e))?;
    // Cells come row by row in files Excel writes, and go straight into their
    // rows; those of a file that orders them otherwise are sorted first.
    let mut rows: Vec<Row> = Vec::new();
    let mut unordered: Vec<(u32, XCell)> = Vec::new();
    let mut bytes = 0usize;
    // A style's number format is read once, not at each of its cells. Keyed by
    // the id a cell names, which the file sets: a map, never a table that size.
    let mut percents: std::collections::HashMap<usize, Option<usize>> =
        std::collections::HashMap::new();
    while let Some((cell, style)) = reader
        .next_cell_with_style_id()
        .map_err(|e| corrupt(path, &e))?
    {
        let (r, c) = cell.get_position();
        let percent = *percents.entry(style).or_insert_with(|| {
            reader
                .styles()
                .get(style)
                .and_then(|s| s.number_format.as_ref())
                .and_then(|f| percent_decimals(&f.format_code))
        });
        let Some((text, mut kind)) = convert(cell.get_value(), percent) else {
            continue;
        };
        // A failed formula stays one: its error says more than "may be stale".
        if kind != Kind::Error && stale.contains(&(r, c)) {
            kind = Kind::Stale;
        }
        if r >= MAX_ROWS {
            return Err(DataError::RowBeyondExcel {
                path: path.to_string(),
                row: u64::from(r) + 1,
                max: MAX_ROWS,
            });
        }
        if c as usize >= MAX_COLUMNS {
            return Err(DataError::ColumnsBeyond {
                path: path.to_string(),
                row: u64::from(r) + 1,
                max: MAX_COLUMNS,
            });
        }
        bytes += text.len() + SEP.len();
        if bytes > MAX_INPUT {
            return Err(too_large(path));
        }
        let x = XCell {
            col: c,
            text: text.into_boxed_str(),
            kind,
        };
        let last = rows
            .last()
            .map(|row| (row.row, row.cells.last().map(|l| l.col)));
        match last {
            _ if !unordered.is_empty() => unordered.push((r, x)),
            Some((lr, Some(lc))) if r == lr && c > lc => add(&mut rows, r, x),
            None => add(&mut rows, r, x),
            Some((lr, _)) if r > lr => add(&mut rows, r, x),
            // Out of order: every cell so far, and the rest, are sorted below.
            _ => {
                unordered = std::mem::take(&mut rows)
                    .into_iter()
                    .flat_map(|row| row.cells.into_iter().map(move |x| (row.row, x)))
                    .collect();
                unordered.push((r, x));
            }
        }
    }
    // A stable sort: of a cell given twice, the later one stands.
    unordered.sort_by_key(|(r, x)| (*r, x.col));
    for (r, x) in unordered {
        add(&mut rows, r, x);
    }
    Ok(rows)
}

/// Adds a cell, in row and column order, to its row; one at the same place as
/// the row's last replaces it.
fn add(rows: &mut Vec<Row>, r: u32, x: XCell) {
    match rows.last_mut() {
        Some(row) if row.row == r => {
            if row.cells.last().is_some_and(|l| l.col == x.col) {
                row.cells.pop();
            }
            row.cells.push(x);
        }
        _ => {
            // A finished row keeps room for its cells alone: a sheet is held
            // whole while its records are made.
            if let Some(done) = rows.last_mut() {
                done.cells.shrink_to_fit();
            }
            rows.push(Row {
                row: r,
                cells: vec![x],
                spans: Vec::new(),
            });
        }
    }
}

/// Renders the sheet one line per row (line N is row N) and records where each
/// cell is.
pub(super) fn render(rows: &mut [Row], path: &str) -> Result<String, DataError> {
    let mut text = String::new();
    let mut line = 0u32;
    let at = |text: &String| u32::try_from(text.len()).map_err(|_| too_large(path));
    for row in rows.iter_mut() {
        while line < row.row {
            text.push('\n');
            line += 1;
        }
        let last = row.cells.last().map_or(0, |c| c.col);
        let mut cells = row.cells.iter().peekable();
        row.spans = Vec::with_capacity(last as usize + 1);
        for c in 0..=last {
            if c > 0 {
                text.push_str(SEP);
            }
            let start = at(&text)?;
            if let Some(cell) = cells.next_if(|x| x.col == c) {
                text.push_str(&flat(&cell.text, " "));
            }
            row.spans.push((start, at(&text)? - start));
            if text.len() > MAX_INPUT {
                return Err(too_large(path));
            }
        }
    }
    Ok(text)
}
