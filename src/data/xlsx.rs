//! Excel workbooks (`.xlsx`): every worksheet is a table of its own, its entity
//! recognised from its own header row.
//!
//! Sheets are read the way bureaus make them: a title row (or a note such as
//! `填报单位：…`) above the header is skipped, a header cell merged across several
//! columns names the first of them, and a two-row header (`床位（张）` over `总数` /
//! `护理型`) is read as parent and child (`护理型床位（张）`). Cells are read as text
//! with `read_value`, as in a CSV, so units and labels work the same: a number is
//! its shortest round-trip decimal (`55.8` stays `55.8`), a date is `YYYY-MM-DD`, and
//! an error value (`#DIV/0!`) is an unreadable cell, never zero.
//!
//! A workbook is read whole. Each sheet becomes a [`Source`] named `file.xlsx!Sheet`
//! whose text renders the sheet one line per row (line N is row N, cells separated by
//! ` │ `), so findings are located and shown as in any other input, and
//! [`CellMap::Sheet`] names their cell (`C12`).

// A `DataError` is large for a `Result`, but it ends a file's loading, off the hot path.

use super::cell::invalid;
use super::ctx::{Ctx, MAX_COLUMNS, MAX_INPUT};
use super::header::{Bare, best_entity, map_columns, match_header, read_value, split_paren};
use super::{CellMap, Dataset, Input, Pos, Problem, Record, RowSpans, Source, Value};
use crate::data::error::{DataError, Misnamed, Named};
use crate::schema::{Entity, EntityId, FieldType, Schema};
use calamine::{DataRef, Dimensions, Reader, SheetType, SheetVisible, Xlsx};
use std::borrow::Cow;
use std::io::Cursor;
use std::sync::Arc;

/// Between the cells of a rendered row.
const SEP: &str = " │ ";
/// How many non-blank rows may come before the header (titles, notes).
const HEADER_SEARCH: usize = 30;
/// Excel's last row. A sheet is rendered one line per row, so a cell claiming
/// row four billion (a damaged or hand-made file) must be refused before it
/// costs four billion line breaks.
pub(super) const MAX_ROWS: u32 = 1 << 20;
/// Merged regions are indexed per column; past this many entries the rest are
/// ignored (no real sheet comes near it).
const MAX_MERGE_ENTRIES: usize = 1 << 22;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
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
struct XCell {
    col: u32,
    /// The value as text, as a person reads it in Excel.
    text: String,
    kind: Kind,
}

#[derive(Debug)]
struct Row {
    /// 0-based sheet row.
    row: u32,
    /// Non-blank cells, by column.
    cells: Vec<XCell>,
    /// Per column from 0 to the last non-blank one: where it is in the rendered
    /// text (blank cells have a zero-length span between their separators).
    spans: Vec<(u32, u32)>,
}

/// One sheet's cells, rows in order.
struct Grid {
    rows: Vec<Row>,
    merges: Vec<Dimensions>,
    /// Per column: the merged regions covering it, by first row.
    by_col: Vec<Vec<Dimensions>>,
}

impl Grid {
    fn new(rows: Vec<Row>, merges: Vec<Dimensions>) -> Grid {
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

    fn row(&self, r: u32) -> Option<&Row> {
        let i = self.rows.binary_search_by_key(&r, |x| x.row).ok()?;
        self.rows.get(i)
    }

    fn raw(&self, r: u32, c: u32) -> Option<&XCell> {
        let row = self.row(r)?;
        let i = row.cells.binary_search_by_key(&c, |x| x.col).ok()?;
        row.cells.get(i)
    }

    /// The merged region covering (r, c), if any.
    fn merge(&self, r: u32, c: u32) -> Option<&Dimensions> {
        let col = self.by_col.get(c as usize)?;
        let i = col.partition_point(|d| d.start.0 <= r);
        col.get(i.checked_sub(1)?).filter(|d| d.contains(r, c))
    }

    /// The cell at (r, c), or the top-left cell of the merged region covering it,
    /// with where that cell is.
    fn filled(&self, r: u32, c: u32) -> Option<((u32, u32), &XCell)> {
        if let Some(x) = self.raw(r, c) {
            return Some(((r, c), x));
        }
        let d = self.merge(r, c)?;
        Some((d.start, self.raw(d.start.0, d.start.1)?))
    }

    /// Where cell (r, c) is in the rendered text.
    fn span(&self, r: u32, c: u32) -> Option<(u32, u32)> {
        self.row(r)?.spans.get(c as usize).copied()
    }
}

/// A number as its shortest round-trip decimal: `55.8`, `2000` (not `2000.0`).
/// A cell formatted as a percentage shows `0.55` as `55%`, and so is read.
fn number(f: f64, percent: bool) -> String {
    if !f.is_finite() {
        return "NaN".into();
    }
    let s = if f == 0.0 {
        "0".to_string()
    } else {
        format!("{f}")
    };
    if percent { shift_percent(&s) } else { s }
}

/// `0.55` → `55%`, exactly, by moving the decimal point.
fn shift_percent(s: &str) -> String {
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
    let rest = rest.trim_end_matches('0');
    if rest.is_empty() {
        format!("{sign}{int}%")
    } else {
        format!("{sign}{int}.{rest}%")
    }
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
fn convert(v: &DataRef<'_>, percent: bool) -> Option<(String, Kind)> {
    let (text, kind) = match v {
        DataRef::Empty => return None,
        DataRef::String(s) => (s.clone(), Kind::Text),
        DataRef::SharedString(s) => ((*s).to_string(), Kind::Text),
        DataRef::Int(i) if percent => (shift_percent(&i.to_string()), Kind::Number),
        DataRef::Int(i) => (i.to_string(), Kind::Number),
        DataRef::Float(f) => (number(*f, percent), Kind::Number),
        DataRef::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).into(), Kind::Bool),
        DataRef::DateTime(d) if d.is_duration() => (number(d.as_f64(), false), Kind::Number),
        DataRef::DateTime(d) => (date_text(d), Kind::Date),
        DataRef::DateTimeIso(s) => (s.replacen('T', " ", 1), Kind::Date),
        DataRef::DurationIso(s) => (s.clone(), Kind::Text),
        DataRef::Error(e) => (e.to_string(), Kind::Error),
    };
    (!text.trim().is_empty()).then_some((text, kind))
}

/// A cell's text on one line: line breaks inside a cell (Alt+Enter) become `with`.
fn flat<'t>(text: &'t str, with: &str) -> Cow<'t, str> {
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
fn header_text(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The error for a workbook that cannot be read.
pub(super) fn corrupt(path: &str, e: &dyn std::fmt::Display) -> DataError {
    DataError::Corrupt {
        path: path.to_string(),
        reason: Some(e.to_string()),
    }
}

/// A `.xlsx` that is not a ZIP archive: an old binary `.xls` renamed, or a CSV
/// saved under the wrong name. Say which, so the fix is obvious.
fn not_a_workbook(path: &str, bytes: &[u8]) -> DataError {
    let kind = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Misnamed::Xls
    } else if super::decode::decode(&bytes[..bytes.len().min(4096)]).is_ok() {
        Misnamed::Text
    } else {
        Misnamed::Unknown
    };
    DataError::NotWorkbook {
        path: path.to_string(),
        kind,
    }
}

pub(super) fn too_large(path: &str) -> DataError {
    DataError::SheetTooLarge {
        path: path.to_string(),
    }
}

/// Reads a sheet's non-blank cells, rows in order.
fn read_cells(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    path: &str,
    stale: &std::collections::HashSet<(u32, u32)>,
) -> Result<Vec<Row>, DataError> {
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(|e| corrupt(path, &e))?;
    let mut cells: Vec<(u32, XCell)> = Vec::new();
    let mut bytes = 0usize;
    while let Some((cell, style)) = reader
        .next_cell_with_style_id()
        .map_err(|e| corrupt(path, &e))?
    {
        let (r, c) = cell.get_position();
        let percent = reader
            .styles()
            .get(style)
            .and_then(|s| s.number_format.as_ref())
            .is_some_and(|f| f.format_code.contains('%'));
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
        cells.push((r, XCell { col: c, text, kind }));
    }
    // Stream order is row order in files Excel writes; others are sorted here.
    cells.sort_by_key(|(r, x)| (*r, x.col));
    let mut rows: Vec<Row> = Vec::new();
    for (r, x) in cells {
        match rows.last_mut() {
            Some(row) if row.row == r => {
                if row.cells.last().is_some_and(|l| l.col == x.col) {
                    row.cells.pop();
                }
                row.cells.push(x);
            }
            _ => rows.push(Row {
                row: r,
                cells: vec![x],
                spans: Vec::new(),
            }),
        }
    }
    Ok(rows)
}

/// Renders the sheet one line per row (line N is row N) and records where each
/// cell is.
fn render(rows: &mut [Row], path: &str) -> Result<String, DataError> {
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

/// A sheet's header: where it is and what each column holds.
struct Found {
    /// The header's first row and whether it has two (a merged group title over
    /// its sub-headers).
    row: u32,
    two: bool,
    entity: EntityId,
}

/// Whether the header at row `r` has a second row: a cell of row `r` merged down
/// into the next row, or merged across columns with text under it.
fn two_rows(g: &Grid, r: u32) -> bool {
    let Some(next) = g.row(r + 1) else {
        return false;
    };
    g.merges.iter().any(|d| {
        d.start.0 == r
            && (d.end.0 > r
                || (d.end.1 > d.start.1
                    && next
                        .cells
                        .iter()
                        .any(|x| x.kind == Kind::Text && (d.start.1..=d.end.1).contains(&x.col))))
    })
}

/// How many columns the header at `r` spans.
fn header_width(g: &Grid, r: u32, two: bool) -> u32 {
    let last = |r: u32| {
        g.row(r)
            .and_then(|x| x.cells.last())
            .map_or(0, |c| c.col + 1)
    };
    let merged = g
        .merges
        .iter()
        .filter(|d| d.start.0 == r)
        .map(|d| d.end.1 + 1)
        .max()
        .unwrap_or(0);
    let w = last(r).max(merged).max(if two { last(r + 1) } else { 0 });
    w.min(u32::try_from(MAX_COLUMNS).unwrap_or(u32::MAX))
}

/// `base（unit）` from a base and the unit of either part.
fn with_unit(base: String, unit: Option<&str>) -> String {
    match unit {
        Some(u) => format!("{base}（{u}）"),
        None => base,
    }
}

/// The header of column `c` for entity `ent`, and the cell it comes from. In a
/// two-row header the child names the column if it matches a field, else parent
/// and child together (`床位` + `总数`, `护理型` + `床位`), else the parent if this
/// is its first column.
fn column_header(
    g: &Grid,
    r: u32,
    two: bool,
    c: u32,
    ent: &Entity,
) -> (String, Option<(u32, u32)>) {
    let parent = g.filled(r, c).map(|(at, x)| (at, header_text(&x.text)));
    let child = if two {
        g.filled(r + 1, c).map(|(at, x)| (at, header_text(&x.text)))
    } else {
        None
    };
    let first_col = |at: (u32, u32)| at.1 == c;
    match (parent, child) {
        (None, None) => (String::new(), None),
        (Some((at, p)), None) => {
            if first_col(at) {
                (p, Some(at))
            } else {
                (String::new(), None)
            }
        }
        (Some((pa, p)), Some((ca, _))) if pa == ca => {
            if first_col(pa) {
                (p, Some(pa))
            } else {
                (String::new(), None)
            }
        }
        (None, Some((at, ch))) => (ch, Some(at)),
        (Some((pa, p)), Some((ca, ch))) => {
            let (pb, pu) = split_paren(&p).map_or((p.as_str(), None), |(b, u)| (b, Some(u)));
            let (cb, cu) = split_paren(&ch).map_or((ch.as_str(), None), |(b, u)| (b, Some(u)));
            let unit = cu.or(pu);
            let mut tries = vec![
                (ch.clone(), ca),
                (with_unit(format!("{pb}{cb}"), unit), ca),
                (with_unit(format!("{cb}{pb}"), unit), ca),
            ];
            if first_col(pa) {
                tries.push((p.clone(), pa));
            }
            match tries
                .into_iter()
                .find(|(t, _)| match_header(ent, t).is_some())
            {
                Some((t, at)) => (t, Some(at)),
                None => (format!("{p}/{ch}"), Some(ca)),
            }
        }
    }
}

/// Finds the header row of a sheet and the entity it names. `Err(row)` when no
/// row names one (`row`: the row to point at, if the sheet has any).
fn find_header(g: &Grid, schema: &Schema, entity: Option<EntityId>) -> Result<Found, Option<u32>> {
    let candidates: Vec<EntityId> = match entity {
        Some(e) => vec![e],
        None => (0..schema.entities.len()).collect(),
    };
    let mut fallback = None;
    let mut first_row = None;
    for row in g.rows.iter().take(HEADER_SEARCH) {
        first_row.get_or_insert(row.row);
        // A title or a note: fewer than two cells of its own.
        if row.cells.len() < 2 {
            continue;
        }
        let r = row.row;
        let two = two_rows(g, r);
        let width = header_width(g, r, two);
        let mut named = 0;
        let scores: Vec<usize> = candidates
            .iter()
            .map(|&e| {
                let ent = &schema.entities[e];
                let mut score = 0;
                named = 0;
                for c in 0..width {
                    let (h, _) = column_header(g, r, two, c, ent);
                    if h.is_empty() {
                        continue;
                    }
                    named += 1;
                    score += usize::from(match_header(ent, &h).is_some());
                }
                score
            })
            .collect();
        let best = scores.iter().copied().max().unwrap_or(0);
        if let Some(e) = entity {
            if best >= 2 {
                return Ok(Found {
                    row: r,
                    two,
                    entity: e,
                });
            }
            if best == 1 && fallback.is_none() {
                fallback = Some(Found {
                    row: r,
                    two,
                    entity: e,
                });
            }
            continue;
        }
        if best >= 2 {
            return match best_entity(&scores, named) {
                Some(i) => Ok(Found {
                    row: r,
                    two,
                    entity: candidates[i],
                }),
                None => Err(Some(r)),
            };
        }
    }
    fallback.ok_or(first_row)
}

/// What one sheet contributes.
struct Table {
    source: Source,
    input: Input,
    records: Vec<Record<'static>>,
    warnings: Vec<DataError>,
}

/// A sheet whose header names no entity.
struct Skipped {
    path: String,
    text: Arc<str>,
    span: (usize, usize),
}

/// A value of a field from its cell.
fn cell_value(x: &XCell, ty: &FieldType, bare: &Bare) -> Value<'static> {
    if x.kind == Kind::Error {
        return invalid(&x.text, Problem::NotANumber);
    }
    if x.kind == Kind::Stale {
        return invalid(&x.text, Problem::StaleFormula);
    }
    let with = if matches!(ty, FieldType::List) {
        "、"
    } else {
        " "
    };
    read_value(&flat(&x.text, with), ty, bare).into_owned()
}

/// A row of a single cell merged across columns: a title or note, not a record.
fn is_note(g: &Grid, row: &Row) -> bool {
    match &row.cells[..] {
        [only] => g
            .merge(row.row, only.col)
            .is_some_and(|d| d.end.1 > d.start.1),
        _ => false,
    }
}

fn read_table(
    ctx: &Ctx<'_>,
    g: &Grid,
    schema: &Schema,
    found: &Found,
    sheet: &Arc<str>,
    index: u32,
    text: &Arc<str>,
) -> Result<Table, DataError> {
    let ent = &schema.entities[found.entity];
    let (r, two) = (found.row, found.two);
    let width = header_width(g, r, two);
    let (headers, at): (Vec<String>, Vec<Option<(u32, u32)>>) =
        (0..width).map(|c| column_header(g, r, two, c, ent)).unzip();
    let line_span = |r: u32| {
        g.row(r).map_or((0, 0), |x| {
            let s = x.spans.first().map_or(0, |s| s.0 as usize);
            let e = x.spans.last().map_or(s, |l| (l.0 + l.1) as usize);
            (s, e - s)
        })
    };
    let span = |i: usize| {
        at.get(i)
            .copied()
            .flatten()
            .and_then(|(r, c)| g.span(r, c))
            .map_or_else(|| line_span(r), |(o, l)| (o as usize, l as usize))
    };
    let mut mapping = map_columns(ctx, ent, &headers, &span)?;
    let points = super::points::of(schema, found.entity);
    for p in &points {
        if mapping.slot_columns[p.target].is_none() {
            // Named as its longitude cell (`F12`) when it comes from the pair.
            mapping.slot_columns[p.target] =
                mapping.slot_columns[p.lon].or(mapping.slot_columns[p.lat]);
        }
    }
    let data_start = r + 1 + u32::from(two);
    let fields = &ent.fields;
    let mut notes = super::notes::Notes::default();
    // A ratio column whose header gives no unit has its fractions undecided,
    // whatever its other values: they are reported once, at the header.
    for (col, m) in mapping.columns.iter().enumerate() {
        let Some((slot, bare)) = m else { continue };
        if *bare != Err(Problem::FractionOrPercent) {
            continue;
        }
        let c = u32::try_from(col).unwrap_or(u32::MAX);
        let example = g
            .rows
            .iter()
            .filter(|x| x.row >= data_start)
            .filter_map(|x| g.raw(x.row, c))
            .map(|x| x.text.as_ref())
            .find(|t| super::header::is_fraction(t))
            .unwrap_or("0.6")
            .trim()
            .to_string();
        let warning = super::notes::fraction_or_percent(
            ctx,
            ent,
            *slot,
            Some(&headers[col]),
            &example,
            span(col),
        );
        notes.at_header(*slot, warning);
    }
    let mut records = Vec::new();
    let mut spans: Vec<RowSpans> = Vec::new();
    // A table of places keeps its total rows: the run tells whether one is a
    // city's own row.
    let total_slots = match schema.place_name_slot(found.entity) {
        Some(_) => Vec::new(),
        None => super::totals::slots(ent),
    };
    for row in g.rows.iter().filter(|x| x.row >= data_start) {
        if is_note(g, row) {
            continue;
        }
        let mut values = vec![Value::Missing; fields.len()];
        let mut cells: Vec<Option<(u32, u32)>> = vec![None; fields.len()];
        let mut any = false;
        for (col, m) in mapping.columns.iter().enumerate() {
            let Some((slot, bare)) = m else {
                continue;
            };
            let c = u32::try_from(col).unwrap_or(u32::MAX);
            // A cell merged down over several records gives each its value.
            let cell = g
                .filled(row.row, c)
                .filter(|((or, _), _)| *or >= data_start);
            match cell {
                Some(((or, oc), x)) => {
                    any = true;
                    values[*slot] = cell_value(x, &fields[*slot].ty, bare);
                    cells[*slot] = g.span(or, oc);
                }
                None => cells[*slot] = row.spans.get(col).map(|&(o, _)| (o, 0)),
            }
        }
        // A row with nothing in any column read (a note, a stray total) is no record.
        if !any {
            continue;
        }
        for (p, at) in super::points::fill(&points, &mut values) {
            cells[p.target] = cells[at].or(cells[p.lon]).or(cells[p.lat]);
        }
        let offset = row.spans.first().map_or(0, |s| s.0);
        if let Some(t) = super::totals::total_in(&total_slots, &values)
            && let Some(Value::Text(name)) = values.get(t)
        {
            let span = cells[t].map_or((offset as usize, 0), |(o, l)| (o as usize, l as usize));
            notes.total_row(row.row + 1, offset, || {
                super::totals::note(ctx, name.trim(), span)
            });
            continue;
        }
        let record = Record {
            values,
            pos: Pos {
                source: ctx.source,
                row: u32::try_from(records.len()).unwrap_or(u32::MAX),
                line: row.row + 1,
                offset,
            },
        };
        notes.note(&record, &mut |slot, bad| {
            let at = cells
                .get(slot)
                .copied()
                .flatten()
                .map_or((offset as usize, 0), |(o, l)| (o as usize, l as usize));
            super::notes::cell_warning(ctx, ent, slot, bad, at)
        });
        records.push(record);
        spans.push(RowSpans::from(cells));
    }
    let columns = mapping
        .slot_columns
        .iter()
        .map(|c| c.and_then(|c| u32::try_from(c).ok()))
        .collect();
    Ok(Table {
        input: Input {
            path: ctx.path.to_string(),
            entity: found.entity,
            records: records.len(),
        },
        source: Source {
            path: ctx.path.to_string(),
            text: text.clone(),
            encoding: "XLSX",
            cells: CellMap::Sheet {
                sheet: sheet.clone(),
                index,
                spans,
                columns,
            },
        },
        records,
        warnings: {
            let mut w = mapping.warnings;
            w.extend(notes.into_errors());
            w
        },
    })
}

/// Loads every sheet of a workbook into `ds`, all or nothing.
pub(crate) fn load_xlsx(
    path: &str,
    bytes: &[u8],
    schema: &Schema,
    entity: Option<EntityId>,
    ds: &mut Dataset,
) -> Result<(), DataError> {
    if let Some(e) = entity.filter(|&e| e >= schema.entities.len()) {
        return Err(DataError::NoEntityNumber { number: e });
    }
    guard(path, bytes)?;
    // A malformed archive must not end the run with a panic, whatever the
    // reader does with it.
    let read =
        std::panic::catch_unwind(|| read_workbook(path, bytes, schema, entity, ds.sources.len()));
    let (tables, warnings) = match read {
        Ok(r) => r?,
        Err(_) => {
            return Err(DataError::Corrupt {
                path: path.to_string(),
                reason: None,
            });
        }
    };
    if ds.tables.len() < schema.entities.len() {
        ds.tables.resize_with(schema.entities.len(), Vec::new);
    }
    for t in tables {
        ds.tables[t.input.entity].extend(t.records);
        ds.inputs.push(t.input);
        ds.sources.push(t.source);
        ds.warnings.extend(t.warnings);
    }
    ds.warnings.extend(warnings);
    Ok(())
}

/// What a workbook must pass before calamine opens it: it is a ZIP archive, no
/// part inflates past its limit, and its shared-string table is of a sane size.
pub(super) fn guard(path: &str, bytes: &[u8]) -> Result<(), DataError> {
    if !bytes.starts_with(b"PK") {
        return Err(not_a_workbook(path, bytes));
    }
    if let Some((part, excess)) = super::parts::over_limit(bytes) {
        return Err(DataError::PartTooLarge {
            path: path.to_string(),
            part,
            excess,
        });
    }
    if let Some((part, n)) = super::shared_strings::over_limit(bytes) {
        return Err(DataError::SharedStrings {
            path: path.to_string(),
            part,
            count: n,
        });
    }
    Ok(())
}

/// Reads every worksheet: the tables found, and warnings for the sheets skipped.
fn read_workbook(
    path: &str,
    bytes: &[u8],
    schema: &Schema,
    entity: Option<EntityId>,
    first_source: usize,
) -> Result<(Vec<Table>, Vec<DataError>), DataError> {
    let mut wb: Xlsx<Cursor<&[u8]>> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| corrupt(path, &e))?;
    let sheets: Vec<(String, SheetVisible)> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible))
        .collect();
    let recalc = recalculated_on_load(bytes);
    let mut tables: Vec<Table> = Vec::new();
    let mut skipped: Vec<Skipped> = Vec::new();
    let mut hidden: Vec<DataError> = Vec::new();
    let mut total = 0usize;
    for (index, (name, visible)) in sheets.iter().enumerate() {
        let sheet_path = format!("{path}!{name}");
        // A very hidden sheet cannot be shown from Excel's own menus: whoever
        // reads the workbook never sees it, so its rows are not data of the
        // submission. It is named, never read.
        if *visible == SheetVisible::VeryHidden {
            hidden.push(DataError::VeryHiddenSheet {
                path: path.to_string(),
                sheet: name.clone(),
            });
            continue;
        }
        let stale = if recalc {
            stale_cells(&mut wb, name)
        } else {
            std::collections::HashSet::new()
        };
        let mut rows = read_cells(&mut wb, name, &sheet_path, &stale)?;
        let merges = wb
            .merge_cells_by_sheet_name(name)
            .map_err(|e| corrupt(&sheet_path, &e))?;
        let text = render(&mut rows, &sheet_path)?;
        total += text.len();
        if total > MAX_INPUT {
            return Err(too_large(path));
        }
        let text: Arc<str> = Arc::from(text);
        if !stale.is_empty() {
            hidden.push(stale_diag(&rows, &stale, name, &sheet_path, &text));
        }
        if *visible == SheetVisible::Hidden {
            hidden.push(DataError::HiddenSheet {
                path: path.to_string(),
                sheet: name.clone(),
            });
        }
        let g = Grid::new(rows, merges);
        let ctx = Ctx {
            path: &sheet_path,
            text: &text,
            first_line: 1,
            source: u32::try_from(first_source + tables.len()).unwrap_or(u32::MAX),
        };
        match find_header(&g, schema, entity) {
            Ok(found) => {
                let sheet: Arc<str> = Arc::from(name.as_str());
                let index = u32::try_from(index).unwrap_or(u32::MAX);
                tables.push(read_table(&ctx, &g, schema, &found, &sheet, index, &text)?);
            }
            Err(None) => {}
            Err(Some(r)) => {
                let span = g.row(r).map_or((0, 0), |x| {
                    let s = x.spans.first().map_or(0, |s| s.0 as usize);
                    let e = x.spans.last().map_or(s, |l| (l.0 + l.1) as usize);
                    (s, e - s)
                });
                skipped.push(Skipped {
                    path: sheet_path,
                    text,
                    span,
                });
            }
        }
    }
    let none = tables.is_empty();
    let diag = |s: &Skipped| DataError::SheetUnrecognised {
        at: Ctx {
            path: &s.path,
            text: &s.text,
            first_line: 1,
            source: 0,
        }
        .at(s.span),
        skipped: !none,
        entities: Named::entities(schema),
    };
    if none {
        return Err(match skipped.first() {
            Some(s) => diag(s),
            None => DataError::EmptyWorkbook {
                path: path.to_string(),
            },
        });
    }
    let mut warnings: Vec<DataError> = skipped.iter().map(diag).collect();
    warnings.extend(hidden);
    Ok((tables, warnings))
}

/// Whether the workbook asks to be recalculated when opened
/// (`<calcPr fullCalcOnLoad="1"/>` in `xl/workbook.xml`): then a formula's saved
/// value is not what Excel will show.
fn recalculated_on_load(bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return false;
    };
    let Ok(part) = zip.by_name("xl/workbook.xml") else {
        return false;
    };
    let mut xml = String::new();
    // A workbook part is small; a larger one is read as far as this.
    if part.take(16 << 20).read_to_string(&mut xml).is_err() {
        return false;
    }
    let Some(at) = xml.find("<calcPr") else {
        return false;
    };
    let tag = &xml[at..];
    let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
    [
        "fullCalcOnLoad=\"1\"",
        "fullCalcOnLoad=\"true\"",
        "fullCalcOnLoad='1'",
        "fullCalcOnLoad='true'",
    ]
    .iter()
    .any(|a| tag.contains(a))
}

/// The cells of a sheet that hold a formula (`<f>`), by 0-based row and column.
fn stale_cells(wb: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> std::collections::HashSet<(u32, u32)> {
    let Ok(range) = wb.worksheet_formula(name) else {
        return std::collections::HashSet::new();
    };
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .filter(|(_, _, f)| !f.is_empty())
        .filter_map(|(r, c, _)| {
            let r = u32::try_from(r).ok()?.checked_add(r0)?;
            let c = u32::try_from(c).ok()?.checked_add(c0)?;
            Some((r, c))
        })
        .collect()
}

/// One diagnostic per sheet for its formula cells read by stale saved values: at
/// the first, with how many there are.
fn stale_diag(
    rows: &[Row],
    stale: &std::collections::HashSet<(u32, u32)>,
    name: &str,
    sheet_path: &str,
    text: &Arc<str>,
) -> DataError {
    let mut first: Option<(u32, u32)> = None;
    for row in rows {
        for x in &row.cells {
            // Rows and their cells are in order: the first found is the first.
            if first.is_none() && stale.contains(&(row.row, x.col)) {
                first = Some((row.row, x.col));
            }
        }
    }
    let n = stale.len();
    let cell = first.map(|(r, c)| format!("{}{}", column_name(c), r + 1));
    let ctx = Ctx {
        path: sheet_path,
        text,
        first_line: 1,
        source: 0,
    };
    let span = first
        .and_then(|(r, c)| {
            let row = rows.iter().find(|x| x.row == r)?;
            row.spans
                .get(c as usize)
                .map(|s| (s.0 as usize, s.1 as usize))
        })
        .unwrap_or((0, 0));
    DataError::StaleFormula {
        at: ctx.at(span),
        sheet: name.to_string(),
        count: n,
        cell,
    }
}

#[cfg(test)]
#[path = "xlsx_tests.rs"]
mod tests;
