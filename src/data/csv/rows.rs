//! A delimited file's records, read against its [`Header`].

use super::layout::Header;
use super::lex::{cell_span, count_newlines, unquote, walk};
use super::quote_error;
use crate::data::ctx::{Ctx, MAX_CELL};
use crate::data::error::DataError;
use crate::data::header::read_value;
use crate::data::notes::{self, Notes};
use crate::data::{Invalid, Pos, Record, Value};
use crate::schema::{Schema, Slot};

/// The warning for an unreadable cell of `slot` in the record at `offset`.
fn cell_note(
    ctx: &Ctx<'_>,
    schema: &Schema,
    header: &Header,
    offset: usize,
    slot: Slot,
    bad: &Invalid,
) -> DataError {
    let col = header.slot_columns.get(slot).copied().flatten();
    let span = col
        .and_then(|c| cell_span(ctx.text, offset, header.delimiter, c))
        .unwrap_or((offset, 0));
    notes::cell_warning(ctx, &schema.entities[header.entity], slot, bad, span)
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
) -> Result<(), DataError> {
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
        None => crate::data::totals::slots(&schema.entities[header.entity]),
    };
    let mut cells: Vec<(usize, usize, bool)> = Vec::with_capacity(width + 1);
    // One record buffer, refilled for every row: reading allocates nothing per row.
    let mut rec = Record {
        values: crate::data::Values::blank(fields.len()),
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
                return Err(DataError::Ragged {
                    at: ctx.at((at, end - at)),
                    cells: cells.len(),
                    width,
                });
            }
            if let Some(&(s, e, _)) = cells.iter().find(|(s, e, _)| e - s > MAX_CELL) {
                return Err(DataError::CellTooLarge {
                    at: ctx.at((s, (e - s).min(64))),
                });
            }
            // Every slot with a column is overwritten; the others stay missing.
            let values = rec.values.as_mut_slice();
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
                crate::data::points::fill(&header.points, values);
            }
            rec.pos = Pos {
                source: ctx.source,
                row,
                line,
                offset: u32::try_from(at).unwrap_or(u32::MAX),
            };
            if let Some(t) = crate::data::totals::total_in(&total_slots, &rec.values) {
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
                    crate::data::totals::note(ctx, text, span)
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
