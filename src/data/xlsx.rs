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

mod grid;
mod header;

pub use super::column_name;
use grid::{Grid, Kind, Row, XCell, flat, read_cells};
pub(super) use grid::{MAX_ROWS, corrupt, too_large};
use header::{Found, column_header, find_header, header_width};

use super::cell::invalid;
use super::ctx::{Ctx, MAX_INPUT};
use super::header::{Bare, map_columns, read_value};
use super::parts::Survey;
use super::{CellMap, Dataset, Input, Pos, Problem, Record, Source, SpanRows, Value};
use crate::data::error::{DataError, Misnamed, Named};
use crate::schema::{EntityId, FieldType, Schema};
use calamine::{Reader, SheetType, SheetVisible, Xlsx};
use std::io::Cursor;
use std::sync::Arc;

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
        return invalid(x.text, Problem::NotANumber);
    }
    if x.kind == Kind::Stale {
        return invalid(x.text, Problem::StaleFormula);
    }
    let with = if matches!(ty, FieldType::List) {
        "、"
    } else {
        " "
    };
    read_value(&flat(x.text, with), ty, bare).into_owned()
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
    g: &mut Grid,
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
    let line_span = |r: u32| g.row(r).map_or((0, 0), Row::line);
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
            .map(|x| x.text)
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
    let mut cells: Vec<Option<(u32, u32)>> = Vec::new();
    let mut spans = SpanRows::default();
    // A table of places keeps its total rows: the run tells whether one is a
    // city's own row.
    let total_slots = match schema.place_name_slot(found.entity) {
        Some(_) => Vec::new(),
        None => super::totals::slots(ent),
    };
    // Without merged regions no row looks at another: each is dropped once
    // read, so a sheet's cells and its records are not both held whole.
    let rows: Box<dyn Iterator<Item = std::borrow::Cow<'_, Row>>> = if g.by_col.is_empty() {
        Box::new(
            std::mem::take(&mut g.rows)
                .into_iter()
                .map(std::borrow::Cow::Owned),
        )
    } else {
        Box::new(g.rows.iter().map(std::borrow::Cow::Borrowed))
    };
    let g: &Grid = g;
    for row in rows.filter(|x| x.row >= data_start) {
        let row = &*row;
        if is_note(g, row) {
            continue;
        }
        let mut values = vec![Value::Missing; fields.len()];
        // Where each value is: one list for every row, its spans copied out.
        cells.clear();
        cells.resize(fields.len(), None);
        let mut any = false;
        for (col, m) in mapping.columns.iter().enumerate() {
            let Some((slot, bare)) = m else {
                continue;
            };
            let c = u32::try_from(col).unwrap_or(u32::MAX);
            // A cell merged down over several records gives each its value.
            let cell = g.filled_in(row, c).filter(|((or, _), _)| *or >= data_start);
            match cell {
                Some(((or, oc), x)) => {
                    any = true;
                    values[*slot] = cell_value(&x, &fields[*slot].ty, bare);
                    cells[*slot] = if or == row.row {
                        row.span(oc)
                    } else {
                        g.span(or, oc)
                    };
                }
                None => cells[*slot] = row.span(c).map(|(o, _)| (o, 0)),
            }
        }
        // A row with nothing in any column read (a note, a stray total) is no record.
        if !any {
            continue;
        }
        for (p, at) in super::points::fill(&points, &mut values) {
            cells[p.target] = cells[at].or(cells[p.lon]).or(cells[p.lat]);
        }
        let offset = row.start();
        let values = super::Values::from(values);
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
            values: values.compact(),
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
        spans.push(&cells);
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
                hidden: false,
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
    let survey = guard(path, bytes)?;
    // A malformed archive must not end the run with a panic, whatever the
    // reader does with it.
    let read = std::panic::catch_unwind(|| {
        read_workbook(path, bytes, survey, schema, entity, ds.sources.len())
    });
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
/// What its parts hold comes with it.
pub(super) fn guard(path: &str, bytes: &[u8]) -> Result<Survey, DataError> {
    if !bytes.starts_with(b"PK") {
        return Err(not_a_workbook(path, bytes));
    }
    let survey = super::parts::survey(bytes).map_err(|(part, excess)| DataError::PartTooLarge {
        path: path.to_string(),
        part,
        excess,
    })?;
    if let Some((part, n)) = super::shared_strings::over_limit(bytes) {
        return Err(DataError::SharedStrings {
            path: path.to_string(),
            part,
            count: n,
        });
    }
    Ok(survey)
}

/// Reads every worksheet: the tables found, and warnings for the sheets skipped.
fn read_workbook(
    path: &str,
    bytes: &[u8],
    survey: Survey,
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
        // A pass over a sheet to find what no part has is not made.
        let stale = if recalc && survey.formulas {
            stale_cells(&mut wb, name)
        } else {
            std::collections::HashSet::new()
        };
        let read = read_cells(&mut wb, name, &sheet_path, &stale)?;
        let merges = if survey.merges {
            wb.merge_cells_by_sheet_name(name)
                .map_err(|e| corrupt(&sheet_path, &e))?
        } else {
            Vec::new()
        };
        let mut g = Grid::new(read, merges);
        let text = g.text().clone();
        total += text.len();
        if total > MAX_INPUT {
            return Err(too_large(path));
        }
        if !stale.is_empty() {
            hidden.push(stale_diag(&g, &stale, name, &sheet_path));
        }
        if *visible == SheetVisible::Hidden {
            hidden.push(DataError::HiddenSheet {
                path: path.to_string(),
                sheet: name.clone(),
            });
        }
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
                let mut table = read_table(&ctx, &mut g, schema, &found, &sheet, index, &text)?;
                if let CellMap::Sheet { hidden, .. } = &mut table.source.cells {
                    *hidden = *visible == SheetVisible::Hidden;
                }
                tables.push(table);
            }
            Err(None) => {}
            Err(Some(r)) => {
                let span = g.row(r).map_or((0, 0), Row::line);
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
    g: &Grid,
    stale: &std::collections::HashSet<(u32, u32)>,
    name: &str,
    sheet_path: &str,
) -> DataError {
    // Rows and their cells are in order: the first found is the first.
    let first = g.rows.iter().find_map(|row| {
        let x = row
            .cells
            .iter()
            .find(|x| stale.contains(&(row.row, x.col)))?;
        Some((row.row, x.col))
    });
    let n = stale.len();
    let cell = first.map(|(r, c)| format!("{}{}", column_name(c), r + 1));
    let ctx = Ctx {
        path: sheet_path,
        text: g.text(),
        first_line: 1,
        source: 0,
    };
    let span = first
        .and_then(|(r, c)| g.span(r, c))
        .map_or((0, 0), |s| (s.0 as usize, s.1 as usize));
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
