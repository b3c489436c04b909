//! A worksheet's cells as calamine gives them, read into rows and rendered one
//! line per row, with the limits a sheet is read under.

use crate::data::ctx::{MAX_COLUMNS, MAX_INPUT};
use crate::data::error::DataError;
use calamine::{DataRef, Dimensions, Xlsx};
use foldhash::HashMap;
use std::borrow::Cow;
use std::collections::HashSet;
use std::io::Cursor;
use std::sync::Arc;

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

/// A non-blank cell as it is read: its text as a person reads it in Excel.
#[derive(Debug, Clone, Copy)]
pub(super) struct XCell<'g> {
    pub(super) text: &'g str,
    pub(super) kind: Kind,
}

/// A non-blank cell as it is held: where its text is in the rendered sheet.
/// A sheet is held whole while its records are made, so no cell has text of its
/// own; the few whose text has line breaks keep it in [`Grid::broken`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Placed {
    pub(super) col: u32,
    start: u32,
    len: u32,
    pub(super) kind: Kind,
}

#[derive(Debug, Clone)]
pub(super) struct Row {
    /// 0-based sheet row.
    pub(super) row: u32,
    /// Where its line starts in the rendered text.
    start: u32,
    /// Non-blank cells, by column.
    pub(super) cells: Vec<Placed>,
}

impl Row {
    /// Where column `c` is in the rendered text, from the first column to the
    /// last non-blank one: a blank cell has a zero-length span between its
    /// separators.
    pub(super) fn span(&self, c: u32) -> Option<(u32, u32)> {
        if c > self.cells.last()?.col {
            return None;
        }
        let i = self.cells.partition_point(|x| x.col < c);
        if let Some(x) = self.cells.get(i).filter(|x| x.col == c) {
            return Some((x.start, x.len));
        }
        let sep = SEP.len() as u32;
        let at = match i.checked_sub(1).and_then(|p| self.cells.get(p)) {
            Some(p) => p.start + p.len + (c - p.col) * sep,
            None => self.start + c * sep,
        };
        Some((at, 0))
    }

    /// Where the row's line starts in the rendered text.
    pub(super) fn start(&self) -> u32 {
        self.start
    }

    /// Where the row's line is in the rendered text: its start and length.
    pub(super) fn line(&self) -> (usize, usize) {
        let end = self.cells.last().map_or(self.start, |l| l.start + l.len);
        (self.start as usize, (end - self.start) as usize)
    }
}

/// One sheet's cells, rows in order, and their rendering.
pub(super) struct Grid {
    pub(super) rows: Vec<Row>,
    pub(super) merges: Vec<Dimensions>,
    /// Per column: the merged regions covering it, by first row.
    pub(super) by_col: Vec<Vec<Dimensions>>,
    /// The sheet rendered one line per row.
    text: Arc<str>,
    /// The text of the cells with line breaks in it, which their rendering
    /// puts on one line.
    broken: HashMap<(u32, u32), Box<str>>,
}

impl Grid {
    pub(super) fn new(read: Read, merges: Vec<Dimensions>) -> Grid {
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
            rows: read.rows,
            merges,
            by_col,
            text: {
                // The text grew by doubling: it is copied once, at its size.
                let mut text = read.text;
                text.shrink_to_fit();
                Arc::from(text)
            },
            broken: read.broken,
        }
    }

    /// The sheet rendered one line per row (line N is row N, cells separated by
    /// ` │ `).
    pub(super) fn text(&self) -> &Arc<str> {
        &self.text
    }

    pub(super) fn row(&self, r: u32) -> Option<&Row> {
        let i = self.rows.binary_search_by_key(&r, |x| x.row).ok()?;
        self.rows.get(i)
    }

    /// A held cell of row `r` as it is read.
    pub(super) fn cell(&self, r: u32, x: &Placed) -> XCell<'_> {
        let broken = match self.broken.is_empty() {
            true => None,
            false => self.broken.get(&(r, x.col)),
        };
        let text = match broken {
            Some(t) => t,
            None => self
                .text
                .get(x.start as usize..(x.start + x.len) as usize)
                .unwrap_or_default(),
        };
        XCell { text, kind: x.kind }
    }

    pub(super) fn raw(&self, r: u32, c: u32) -> Option<XCell<'_>> {
        let row = self.row(r)?;
        let i = row.cells.binary_search_by_key(&c, |x| x.col).ok()?;
        Some(self.cell(r, row.cells.get(i)?))
    }

    /// The merged region covering (r, c), if any.
    pub(super) fn merge(&self, r: u32, c: u32) -> Option<&Dimensions> {
        let col = self.by_col.get(c as usize)?;
        let i = col.partition_point(|d| d.start.0 <= r);
        col.get(i.checked_sub(1)?).filter(|d| d.contains(r, c))
    }

    /// The cell at column `c` of `row`, or the top-left cell of the merged
    /// region covering it, with where that cell is.
    pub(super) fn filled_in(&self, row: &Row, c: u32) -> Option<((u32, u32), XCell<'_>)> {
        if let Ok(i) = row.cells.binary_search_by_key(&c, |x| x.col) {
            return Some(((row.row, c), self.cell(row.row, row.cells.get(i)?)));
        }
        if self.by_col.is_empty() {
            return None;
        }
        let d = self.merge(row.row, c)?;
        Some((d.start, self.raw(d.start.0, d.start.1)?))
    }

    /// The cell at (r, c), or the top-left cell of the merged region covering it,
    /// with where that cell is.
    pub(super) fn filled(&self, r: u32, c: u32) -> Option<((u32, u32), XCell<'_>)> {
        if let Some(x) = self.raw(r, c) {
            return Some(((r, c), x));
        }
        let d = self.merge(r, c)?;
        Some((d.start, self.raw(d.start.0, d.start.1)?))
    }

    /// Where cell (r, c) is in the rendered text.
    pub(super) fn span(&self, r: u32, c: u32) -> Option<(u32, u32)> {
        self.row(r)?.span(c)
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

/// A cell's value as text, written into `out`, and its kind; `None` for a
/// blank cell.
fn convert(v: &DataRef<'_>, percent: Option<usize>, out: &mut String) -> Option<Kind> {
    use std::fmt::Write;
    let kind = match v {
        DataRef::Empty => return None,
        DataRef::String(s) => {
            out.push_str(s);
            Kind::Text
        }
        DataRef::SharedString(s) => {
            out.push_str(s);
            Kind::Text
        }
        DataRef::Int(i) if let Some(shown) = percent => {
            out.push_str(&shift_percent(&i.to_string(), shown));
            Kind::Number
        }
        DataRef::Int(i) => {
            let _ = write!(out, "{i}");
            Kind::Number
        }
        DataRef::Float(f) => {
            out.push_str(&number(*f, percent));
            Kind::Number
        }
        DataRef::Bool(b) => {
            out.push_str(if *b { "TRUE" } else { "FALSE" });
            Kind::Bool
        }
        DataRef::DateTime(d) if d.is_duration() => {
            out.push_str(&number(d.as_f64(), None));
            Kind::Number
        }
        DataRef::DateTime(d) => {
            out.push_str(&date_text(d));
            Kind::Date
        }
        DataRef::DateTimeIso(s) => {
            out.push_str(&s.replacen('T', " ", 1));
            Kind::Date
        }
        DataRef::DurationIso(s) => {
            out.push_str(s);
            Kind::Text
        }
        DataRef::Error(e) => {
            let _ = write!(out, "{e}");
            Kind::Error
        }
    };
    (!out.trim().is_empty()).then_some(kind)
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

/// A sheet as read: its non-blank cells, rows in order, and its rendering.
pub(super) struct Read {
    rows: Vec<Row>,
    text: String,
    broken: HashMap<(u32, u32), Box<str>>,
    /// Lines rendered so far.
    lines: u32,
}

impl Read {
    fn new() -> Read {
        Read {
            rows: Vec::new(),
            text: String::new(),
            broken: HashMap::default(),
            lines: 0,
        }
    }

    /// The row and column of the last cell placed.
    fn last(&self) -> Option<(u32, u32)> {
        let row = self.rows.last()?;
        Some((row.row, row.cells.last()?.col))
    }

    /// Renders a cell after the last one placed, or in its place: of a cell
    /// given twice, the later one stands.
    fn place(
        &mut self,
        r: u32,
        c: u32,
        text: &str,
        kind: Kind,
        path: &str,
    ) -> Result<(), DataError> {
        if self.last() == Some((r, c))
            && let Some(row) = self.rows.last_mut()
        {
            // Back to where the row's previous cell ends, separators and all.
            row.cells.pop();
            let end = row.cells.last().map_or(row.start, |p| p.start + p.len);
            self.text.truncate(end as usize);
            self.broken.remove(&(r, c));
        }
        let flat = flat(text, " ");
        let after = match self.rows.last() {
            Some(row) if row.row == r => row.cells.last().map(|l| l.col),
            _ => None,
        };
        let seps = match after {
            Some(p) => c - p,
            None => c,
        } as usize;
        // A cell far to the right costs a separator per column before it.
        let needed = (r.saturating_sub(self.lines) as usize)
            .saturating_add(seps.saturating_mul(SEP.len()))
            .saturating_add(flat.len());
        if self.text.len().saturating_add(needed) > MAX_INPUT {
            return Err(too_large(path));
        }
        if !matches!(self.rows.last(), Some(row) if row.row == r) {
            // A finished row keeps room for its cells alone.
            if let Some(done) = self.rows.last_mut() {
                done.cells.shrink_to_fit();
            }
            while self.lines < r {
                self.text.push('\n');
                self.lines += 1;
            }
            let start = at(&self.text, path)?;
            self.rows.push(Row {
                row: r,
                start,
                cells: Vec::new(),
            });
        }
        for _ in 0..seps {
            self.text.push_str(SEP);
        }
        let start = at(&self.text, path)?;
        self.text.push_str(&flat);
        let len = at(&self.text, path)? - start;
        if let Cow::Owned(_) = flat {
            self.broken.insert((r, c), text.into());
        }
        if let Some(row) = self.rows.last_mut() {
            row.cells.push(Placed {
                col: c,
                start,
                len,
                kind,
            });
        }
        Ok(())
    }

    /// The cells placed so far, with their text, to be placed again in order.
    fn unplace(&mut self) -> Vec<(u32, u32, String, Kind)> {
        let mut out = Vec::new();
        for row in std::mem::take(&mut self.rows) {
            for x in row.cells {
                let text = match self.broken.remove(&(row.row, x.col)) {
                    Some(t) => t.into(),
                    None => self
                        .text
                        .get(x.start as usize..(x.start + x.len) as usize)
                        .unwrap_or_default()
                        .to_string(),
                };
                out.push((row.row, x.col, text, x.kind));
            }
        }
        self.text.clear();
        self.lines = 0;
        out
    }
}

fn at(text: &str, path: &str) -> Result<u32, DataError> {
    u32::try_from(text.len()).map_err(|_| too_large(path))
}

/// Reads a sheet's non-blank cells, rows in order, and renders it one line
/// per row (line N is row N).
pub(super) fn read_cells(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    path: &str,
    stale: &HashSet<(u32, u32)>,
) -> Result<Read, DataError> {
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|e| corrupt(path, &e))?;
    // Cells come row by row in files Excel writes, and are rendered as they
    // come; those of a file that orders them otherwise are sorted first.
    let mut read = Read::new();
    let mut unordered: Vec<(u32, u32, String, Kind)> = Vec::new();
    let mut bytes = 0usize;
    // A style's number format is read once, not at each of its cells. Keyed by
    // the id a cell names, which the file sets: a map, never a table that size.
    let mut percents: HashMap<usize, Option<usize>> = HashMap::default();
    let mut text = String::new();
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
        text.clear();
        let Some(mut kind) = convert(cell.get_value(), percent, &mut text) else {
            continue;
        };
        // A failed formula stays one: its error says more than "may be stale".
        if kind != Kind::Error && !stale.is_empty() && stale.contains(&(r, c)) {
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
        let in_order = unordered.is_empty()
            && read
                .last()
                .is_none_or(|(lr, lc)| r > lr || (r == lr && c >= lc));
        if in_order {
            read.place(r, c, &text, kind, path)?;
        } else {
            // Out of order: every cell so far, and the rest, are sorted below.
            if unordered.is_empty() {
                unordered = read.unplace();
            }
            unordered.push((r, c, text.clone(), kind));
        }
    }
    // A stable sort: of a cell given twice, the later one stands.
    unordered.sort_by_key(|(r, c, _, _)| (*r, *c));
    for (r, c, text, kind) in unordered {
        read.place(r, c, &text, kind, path)?;
    }
    Ok(read)
}
