//! Delimited text: the spreadsheets counties report, exported from Excel.
//!
//! Columns are matched to fields by the Chinese headers the pack declares, so the
//! same table can be submitted as exported. No per-cell positions are stored: a
//! finding re-reads its record's line ([`cell_span`]) to point at the cell, which
//! keeps a million-row table's footprint to its values.

// `Diag` is the crate's one error type; errors end a file's loading, off the hot path.

use super::header::read_value;
use super::load::{Ctx, Loaded, MAX_CELL};
use super::notes::{self, Notes};
use super::{Pos, Record, Value};
use crate::diag::Diag;
use crate::schema::{EntityId, Schema, Slot};
use std::borrow::Cow;

mod header_row;

pub(crate) use header_row::{Header, read_header};

/// An undecided ratio column's warning quotes a fraction of the file's first MiB,
/// which a streamed read has in its first chunk: every chunk reports it alike.
const EXAMPLE_WITHIN: usize = 1 << 20;

/// Walks one record from `start`, giving each cell's column, content span (inside
/// the quotes if quoted) and whether it was quoted to `cell`, which returns false
/// to stop. Returns where the record ends, or `Err(offset)` of broken quoting.
pub(super) fn walk(
    text: &str,
    start: usize,
    delim: u8,
    mut cell: impl FnMut(usize, usize, usize, bool) -> bool,
) -> Result<usize, usize> {
    let b = text.as_bytes();
    let at_end = |i: usize| i >= b.len() || b[i] == b'\r' || b[i] == b'\n';
    let (mut i, mut col) = (start, 0);
    loop {
        if b.get(i) == Some(&b'"') {
            let open = i;
            i += 1;
            let content = i;
            let close = loop {
                let Some(q) = b[i..].iter().position(|&c| c == b'"') else {
                    return Err(open);
                };
                if b.get(i + q + 1) == Some(&b'"') {
                    i += q + 2;
                } else {
                    break i + q;
                }
            };
            i = close + 1;
            while i < b.len() && (b[i] == b' ' || (b[i] == b'\t' && delim != b'\t')) {
                i += 1;
            }
            if !at_end(i) && b[i] != delim {
                return Err(i);
            }
            if !cell(col, content, close, true) {
                return Ok(i);
            }
        } else {
            let content = i;
            while !at_end(i) && b[i] != delim {
                i += 1;
            }
            if !cell(col, content, i, false) {
                return Ok(i);
            }
        }
        if at_end(i) {
            return Ok(i);
        }
        i += 1;
        col += 1;
    }
}

/// The byte span of cell `column` of the record starting at `record_offset`: the
/// content inside the quotes if quoted, else the cell without surrounding blanks.
pub fn cell_span(
    text: &str,
    record_offset: usize,
    delimiter: u8,
    column: usize,
) -> Option<(usize, usize)> {
    text.get(record_offset..)?;
    let mut found = None;
    let _ = walk(text, record_offset, delimiter, |col, s, e, quoted| {
        if col == column {
            found = Some((s, e, quoted));
        }
        col < column
    });
    let (s, e, quoted) = found?;
    let cell = text.get(s..e)?;
    if quoted {
        return Some((s, e - s));
    }
    let lead = cell.len() - cell.trim_start().len();
    Some((s + lead, cell.trim().len()))
}

/// The delimiter: tab for `.tsv`, else `,` unless the header line has none and has
/// tabs or semicolons (Excel's "Unicode text" and European-locale exports).
pub(super) fn sniff_delimiter(path: &str, text: &str) -> u8 {
    if path.to_ascii_lowercase().ends_with(".tsv") {
        return b'\t';
    }
    let first = text.lines().next().unwrap_or("");
    if first.contains(',') {
        b','
    } else if first.contains('\t') {
        b'\t'
    } else if first.contains(';') {
        b';'
    } else {
        b','
    }
}

/// The warning for an unreadable cell of `slot` in the record at `offset`.
fn cell_note(
    ctx: &Ctx<'_>,
    schema: &Schema,
    header: &Header,
    offset: usize,
    slot: Slot,
    bad: &super::Invalid,
) -> Diag {
    let col = header.slot_columns.get(slot).copied().flatten();
    let span = col
        .and_then(|c| cell_span(ctx.text, offset, header.delimiter, c))
        .unwrap_or((offset, 0));
    notes::cell_warning(ctx, &schema.entities[header.entity], slot, bad, span)
}

fn count_newlines(b: &[u8]) -> u32 {
    u32::try_from(memchr::memchr_iter(b'\n', b).count()).unwrap_or(u32::MAX)
}

/// A quoted cell's content with `""` read as `"`.
pub(super) fn unquote(cell: &str) -> Cow<'_, str> {
    if cell.contains("\"\"") {
        Cow::Owned(cell.replace("\"\"", "\""))
    } else {
        Cow::Borrowed(cell)
    }
}

fn quote_error(ctx: &Ctx<'_>, at: usize) -> Diag {
    ctx.error(
        "ylcheck::data::quote",
        ctx.tr("引号不配对", "unbalanced quote"),
        (at, 1),
        &ctx.tr(
            "引号从这里起没有正确结束",
            "the quoted cell is not closed properly here",
        ),
    )
    .with_help(ctx.tr(
        "单元格内的引号要写成两个（\"\"），并以引号结束整个单元格",
        "write a quote inside a quoted cell as \"\", and end the cell with a quote",
    ))
}

/// Reads the records of `ctx.text` from `start` (whole records only), calling `f`
/// with each. Cells are borrowed from the text; `first_line` is the line number at
/// `start` and `first_row` the index of its first record.
pub(crate) fn read_rows<'t>(
    ctx: &Ctx<'t>,
    schema: &Schema,
    header: &Header,
    start: usize,
    first_line: u32,
    first_row: u32,
    f: &mut dyn FnMut(&Record<'t>),
) -> Result<(), Diag> {
    let text: &'t str = ctx.text;
    let b = text.as_bytes();
    let fields = &schema.entities[header.entity].fields;
    let width = header.columns.len();
    let (mut at, mut line, mut row) = (start, first_line, first_row);
    let mut notes = Notes::default();
    // A table of places keeps its total rows: the run tells whether one is a
    // city's own row.
    let total_slots = match schema.place_name_slot(header.entity) {
        Some(_) => Vec::new(),
        None => super::totals::slots(&schema.entities[header.entity]),
    };
    let mut cells: Vec<(usize, usize, bool)> = Vec::with_capacity(width + 1);
    // One record buffer, refilled for every row: reading allocates nothing per row.
    let mut rec = Record {
        values: vec![Value::Missing; fields.len()],
        pos: Pos {
            source: ctx.source,
            row: 0,
            line: 0,
            offset: 0,
        },
    };
    while at < b.len() {
        // Blank lines between records are skipped.
        match b[at] {
            b'\n' => {
                at += 1;
                line += 1;
                continue;
            }
            b'\r' => {
                at += 1;
                continue;
            }
            _ => {}
        }
        cells.clear();
        let line_end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |i| at + i);
        let quoted = memchr::memchr(b'"', &b[at..line_end]).is_some();
        let end = if quoted {
            walk(text, at, header.delimiter, |_, s, e, q| {
                cells.push((s, e, q));
                true
            })
            .map_err(|q| quote_error(ctx, q))?
        } else {
            // No quotes: the record is this line, split at each delimiter.
            let end = if line_end > at && b[line_end - 1] == b'\r' {
                line_end - 1
            } else {
                line_end
            };
            let mut s = at;
            for i in memchr::memchr_iter(header.delimiter, &b[at..end]) {
                cells.push((s, at + i, false));
                s = at + i + 1;
            }
            cells.push((s, end, false));
            end
        };
        let blank =
            |&(s, e, _): &(usize, usize, bool)| text.get(s..e).is_none_or(|c| c.trim().is_empty());
        if !cells.iter().all(blank) {
            if cells.len() < width || !cells[width.min(cells.len())..].iter().all(blank) {
                return Err(ctx
                    .error(
                        "ylcheck::data::ragged",
                        ctx.tr(
                            format!("这一行有 {} 个单元格，表头有 {width} 列", cells.len()),
                            format!(
                                "this row has {} cells but the header has {width} columns",
                                cells.len()
                            ),
                        ),
                        (at, end - at),
                        &ctx.tr("列数不符", "wrong number of cells"),
                    )
                    .with_help(ctx.tr(
                        "检查是否漏了分隔符，或单元格中的逗号未加引号",
                        "check for a missing delimiter, or a comma inside an unquoted cell",
                    )));
            }
            if let Some(&(s, e, _)) = cells.iter().find(|(s, e, _)| e - s > MAX_CELL) {
                return Err(ctx
                    .error(
                        "ylcheck::data::cell_too_large",
                        ctx.tr("单元格超过 1 MiB", "a cell is larger than 1 MiB"),
                        (s, (e - s).min(64)),
                        &ctx.tr("过大的单元格", "oversized cell"),
                    )
                    .with_help(ctx.tr("检查是否有未闭合的引号", "check for an unclosed quote")));
            }
            // Every slot with a column is overwritten; the others stay missing.
            let values = &mut rec.values;
            for (&(s, e, quoted), col) in cells.iter().zip(&header.columns) {
                if let Some(col) = col {
                    let raw = text.get(s..e).unwrap_or("");
                    let v = if quoted && raw.contains('"') {
                        read_value(&unquote(raw), &fields[col.slot].ty, &col.bare).into_owned()
                    } else {
                        read_value(raw, &fields[col.slot].ty, &col.bare)
                    };
                    values[col.slot] = v;
                }
            }
            if !header.points.is_empty() {
                for &t in &header.derived {
                    values[t] = Value::Missing;
                }
                super::points::fill(&header.points, values);
            }
            rec.pos = Pos {
                source: ctx.source,
                row,
                line,
                offset: u32::try_from(at).unwrap_or(u32::MAX),
            };
            if let Some(t) = super::totals::total_in(&total_slots, &rec.values) {
                let name = rec.values[t].clone();
                notes.total_row(rec.pos.line, rec.pos.offset, || {
                    let span = header
                        .columns
                        .iter()
                        .position(|c| c.as_ref().is_some_and(|c| c.slot == t))
                        .and_then(|i| cells.get(i))
                        .map_or((at, 0), |&(s, e, _)| (s, e - s));
                    let text = match &name {
                        Value::Text(x) => x.trim(),
                        _ => "",
                    };
                    super::totals::note(ctx, text, span)
                });
                if quoted {
                    line += count_newlines(&b[at..end]);
                }
                at = end;
                continue;
            }
            if header
                .watch
                .iter()
                .any(|&s| matches!(rec.values[s], Value::Invalid(_)))
            {
                notes.note(&rec, &mut |slot, bad| {
                    cell_note(ctx, schema, header, at, slot, bad)
                });
            }
            f(&rec);
            row += 1;
        }
        if quoted {
            line += count_newlines(&b[at..end]);
        }
        at = end;
    }
    if let Ok(mut all) = header.notes.lock() {
        all.merge(notes);
    }
    Ok(())
}

/// Loads a whole delimited file held in memory.
pub(crate) fn load_csv(
    ctx: &Ctx<'_>,
    schema: &Schema,
    entity: Option<EntityId>,
) -> Result<Loaded, Diag> {
    let (header, mut warnings) = read_header(ctx, schema, entity)?;
    let mut records = Vec::new();
    read_rows(
        ctx,
        schema,
        &header,
        header.data_start,
        header.data_line,
        0,
        &mut |r| {
            records.push(Record {
                values: r.values.iter().cloned().map(Value::into_owned).collect(),
                pos: r.pos,
            })
        },
    )?;
    warnings.extend(header.take_notes(ctx.lang));
    Ok(Loaded {
        cells: header.cells(),
        tables: vec![(header.entity, records)],
        warnings,
        region: None,
    })
}

fn line_len(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or("");
    rest.find(['\r', '\n']).unwrap_or(rest.len())
}

#[cfg(test)]
#[path = "csv_tests.rs"]
mod tests;
