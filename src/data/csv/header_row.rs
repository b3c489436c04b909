//! A delimited file's header: the line it is on (past titles and notes), which
//! field each column holds, and the ratio columns whose fractions are undecided.
//! Read once, then used for every chunk of the file.

use super::layout::{Column, Header};
use super::lex::{cell_span, count_newlines, line_len, sniff_delimiter};
use super::lex::{unquote, walk};
use super::quote_error;
use super::rows::read_rows;
use crate::data::Problem;
use crate::data::ctx::{Ctx, MAX_COLUMNS};
use crate::data::error::{DataError, Named};
use crate::data::header::is_fraction;
use crate::data::header::{map_columns, match_header, recognise};
use crate::data::notes::{self, Notes};
use crate::schema::{EntityId, FieldType, Schema};
use std::sync::{Arc, Mutex};

/// An undecided ratio column's warning quotes a fraction of the file's first MiB,
/// which a streamed read has in its first chunk: every chunk reports it alike.
const EXAMPLE_WITHIN: usize = 1 << 20;

/// How many lines may come before the header (titles, notes), as in a workbook.
const HEADER_SEARCH: usize = 30;

/// Where the header is, from the first non-blank line at `start` (on `line`):
/// past the titles and notes a sheet saved as CSV keeps above it
/// (`开封市养老服务设施统计表,,,`, `填报单位：…`), lines with fewer than two filled
/// cells or none naming a field, when a later line names at least two fields.
/// Otherwise the first line is the header, as it always was.
fn header_line(
    text: &str,
    start: usize,
    line: u32,
    delim: u8,
    schema: &Schema,
    entity: Option<EntityId>,
) -> (usize, u32) {
    let b = text.as_bytes();
    let (mut at, mut ln) = (start, line);
    for _ in 0..HEADER_SEARCH {
        let mut filled = 0usize;
        let mut best = 0usize;
        let mut scores = vec![0usize; schema.entities.len()];
        let end = walk(text, at, delim, |_, s, e, _| {
            let cell = unquote(text.get(s..e).unwrap_or(""));
            let h = cell.trim();
            if !h.is_empty() {
                filled += 1;
                for (i, ent) in schema.entities.iter().enumerate() {
                    if entity.is_none_or(|x| x == i) && match_header(ent, h).is_some() {
                        scores[i] += 1;
                        best = best.max(scores[i]);
                    }
                }
            }
            filled <= MAX_COLUMNS
        });
        let Ok(end) = end else { break };
        if best >= 2 {
            return (at, ln);
        }
        if filled >= 2 && best >= 1 {
            // A header naming a field, if not enough of them: no title.
            break;
        }
        // The next non-blank line.
        let mut next = end;
        while let Some(&c) = b.get(next) {
            match c {
                b'\n' | b'\r' | b' ' | b'\t' => next += 1,
                _ => break,
            }
        }
        if next >= b.len() {
            break;
        }
        ln += count_newlines(&b[at..next]);
        at = next;
    }
    (start, line)
}

/// Reads the header row at the start of `ctx.text` (BOM already removed).
pub(crate) fn read_header(
    ctx: &Ctx<'_>,
    schema: &Schema,
    entity: Option<EntityId>,
) -> Result<(Header, Vec<DataError>), DataError> {
    let text = ctx.text;
    let delim = sniff_delimiter(ctx.path, text);
    // Leading blank lines are not a header.
    let mut hstart = 0;
    let mut line = 1u32;
    while let Some(&c) = text.as_bytes().get(hstart) {
        match c {
            b'\n' => {
                line += 1;
                hstart += 1;
            }
            b'\r' | b' ' | b'\t' => hstart += 1,
            _ => break,
        }
    }
    if hstart >= text.len() {
        return Err(DataError::NoHeader { at: ctx.at((0, 0)) });
    }
    (hstart, line) = header_line(text, hstart, line, delim, schema, entity);
    let mut spans = Vec::new();
    let end = walk(text, hstart, delim, |_, s, e, _| {
        spans.push((s, e - s));
        spans.len() <= MAX_COLUMNS
    })
    .map_err(|at| quote_error(ctx, at))?;
    if spans.len() > MAX_COLUMNS {
        return Err(DataError::TooManyColumns {
            at: ctx.at((hstart, line_len(text, hstart).min(200))),
            max: MAX_COLUMNS,
        });
    }
    let headers: Vec<String> = spans
        .iter()
        .map(|&(s, l)| unquote(text.get(s..s + l).unwrap_or("")).trim().to_string())
        .collect();
    let header_span = |i: usize| spans.get(i).copied().unwrap_or((hstart, 0));
    let eid = match entity {
        Some(e) if e < schema.entities.len() => e,
        Some(e) => {
            return Err(DataError::NoEntityNumber { number: e });
        }
        None => recognise(ctx, schema, &headers, (hstart, line_len(text, hstart)))?,
    };
    let ent = &schema.entities[eid];
    let mapping = map_columns(ctx, ent, &headers, &header_span)?;
    let warnings = mapping.warnings;
    let mut slot_columns = mapping.slot_columns;
    let points = crate::data::points::of(schema, eid);
    let mut derived = Vec::new();
    for p in &points {
        let pair = slot_columns[p.lon].or(slot_columns[p.lat]);
        if slot_columns[p.target].is_none() && pair.is_some() {
            // A derived location is shown at its longitude cell.
            slot_columns[p.target] = pair;
            derived.push(p.target);
        }
    }
    let columns: Vec<Option<Column>> = mapping
        .columns
        .into_iter()
        .map(|c| c.map(|(slot, bare)| Column { slot, bare }))
        .collect();
    if slot_columns.iter().all(Option::is_none) {
        return Err(DataError::NoColumns {
            at: ctx.at((hstart, line_len(text, hstart))),
            entity: Named::entity(ent),
        });
    }
    // Past the header's line terminator.
    let mut data_start = end;
    if text.as_bytes().get(data_start) == Some(&b'\r') {
        data_start += 1;
    }
    if text.as_bytes().get(data_start) == Some(&b'\n') {
        data_start += 1;
    }
    let data_line = line + count_newlines(&text.as_bytes()[hstart..data_start]);
    let watch = ent
        .fields
        .iter()
        .enumerate()
        .filter(|(s, f)| {
            slot_columns[*s].is_some()
                && (matches!(f.ty, FieldType::Enum(_)) || crate::data::header::is_percent(&f.ty))
        })
        .map(|(s, _)| s)
        .collect();
    let mut header = Header {
        entity: eid,
        delimiter: delim,
        columns,
        slot_columns,
        data_start,
        data_line,
        points,
        derived,
        watch,
        notes: Arc::default(),
    };
    note_fractions(ctx, schema, &mut header, &headers, &header_span);
    Ok((header, warnings))
}

/// Notes the ratio columns whose header gives no unit: their bare numbers in
/// (0, 1] may be fractions or percent points, whatever the column's other values
/// (`30` beside `0.6` says nothing of the `0.6`), so each such cell is unknown and
/// the column reported once, at its header, if it has any. The decision is the
/// header's alone, so every chunk of a streamed file reads alike; the records of
/// the file's first MiB only lend the message an example.
pub(super) fn note_fractions(
    ctx: &Ctx<'_>,
    schema: &Schema,
    header: &mut Header,
    headers: &[String],
    header_span: &dyn Fn(usize) -> (usize, usize),
) {
    let undecided: Vec<usize> = header
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.as_ref()
                .is_some_and(|c| c.bare == Err(Problem::FractionOrPercent))
        })
        .map(|(i, _)| i)
        .collect();
    if undecided.is_empty() {
        return;
    }
    let text = ctx.text;
    let mut cut = text.len().min(EXAMPLE_WITHIN);
    if cut < text.len() {
        cut = text.as_bytes()[..cut]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
    }
    let head = text.get(..cut).unwrap_or("");
    let sub = Ctx {
        path: ctx.path,
        text: head,
        first_line: ctx.first_line,
        source: ctx.source,
    };
    let mut example: Vec<Option<String>> = vec![None; undecided.len()];
    let _ = read_rows(
        &sub,
        schema,
        header,
        header.data_start.min(head.len()),
        header.data_line,
        0,
        &mut |r| {
            for (k, &col) in undecided.iter().enumerate() {
                if example[k].is_some() {
                    continue;
                }
                let Some((s, l)) = cell_span(head, r.pos.offset as usize, header.delimiter, col)
                else {
                    continue;
                };
                let raw = head.get(s..s + l).unwrap_or("");
                if is_fraction(raw) {
                    example[k] = Some(raw.trim().to_string());
                }
            }
        },
    );
    let ent = &schema.entities[header.entity];
    let mut notes = Notes::default();
    for (k, &col) in undecided.iter().enumerate() {
        let Some(c) = header.columns[col].as_ref() else {
            continue;
        };
        let example = example[k].as_deref().unwrap_or("0.6");
        let warning = notes::fraction_or_percent(
            ctx,
            ent,
            c.slot,
            Some(&headers[col]),
            example,
            header_span(col),
        );
        notes.at_header(c.slot, warning);
    }
    header.notes = Arc::new(Mutex::new(notes));
}
