//! Delimited text: the spreadsheets counties report, exported from Excel.
//!
//! Columns are matched to fields by the Chinese headers the pack declares, so the
//! same table can be submitted as exported. No per-cell positions are stored: a
//! finding re-reads its record's line ([`cell_span`]) to point at the cell, which
//! keeps a million-row table's footprint to its values.

// `Diag` is the crate's one error type; errors end a file's loading, off the hot path.

use super::header::{
    Bare, header_unit_warning, match_header, read_value, recognise, unknown_field,
};
use super::load::{Ctx, Loaded, MAX_CELL, MAX_COLUMNS};
use super::{CellMap, Pos, Record, Value};
use crate::diag::Diag;
use crate::schema::{EntityId, Schema, Slot};

/// Walks one record from `start`, giving each cell's column, content span (inside
/// the quotes if quoted) and whether it was quoted to `cell`, which returns false
/// to stop. Returns where the record ends, or `Err(offset)` of broken quoting.
fn walk(
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
fn sniff_delimiter(path: &str, text: &str) -> u8 {
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

struct Column {
    slot: Slot,
    bare: Bare,
}

pub(crate) fn load_csv(
    ctx: &Ctx<'_>,
    schema: &Schema,
    entity: Option<EntityId>,
) -> Result<Loaded, Diag> {
    let text: &str = ctx.text;
    let delim = sniff_delimiter(ctx.path, text);
    let mut rdr = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut rec = ::csv::StringRecord::new();
    // The csv crate's line numbers skip blank lines, so lines are counted here,
    // incrementally: (offset, line) of the last record start.
    let mut last = (0usize, 1u32);
    let mut read = |rdr: &mut ::csv::Reader<&[u8]>,
                    rec: &mut ::csv::StringRecord|
     -> Result<Option<(usize, u32)>, Diag> {
        let start = rdr.position().byte() as usize;
        match rdr.read_record(rec) {
            Ok(false) => Ok(None),
            Ok(true) => {
                let mut begin = rec
                    .position()
                    .map_or(start, |p| p.byte() as usize)
                    .min(text.len());
                // The reported start may include the blank lines and terminators before it.
                begin += text.as_bytes()[begin..]
                    .iter()
                    .take_while(|&&b| b == b'\r' || b == b'\n')
                    .count();
                let end = (rdr.position().byte() as usize).min(text.len());
                check_quotes(ctx, begin, end, delim)?;
                let skipped = text.as_bytes()[last.0.min(begin)..begin]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                last = (
                    begin,
                    last.1
                        .saturating_add(u32::try_from(skipped).unwrap_or(u32::MAX)),
                );
                Ok(Some((begin, last.1)))
            }
            Err(e) => Err(ctx.error(
                "ylcheck::data::csv",
                ctx.tr("无法读取 CSV", "cannot read the CSV") + &format!(": {e}"),
                (start, 0),
                &ctx.tr("此处", "here"),
            )),
        }
    };

    let Some((hstart, _)) = read(&mut rdr, &mut rec)? else {
        return Err(ctx.error(
            "ylcheck::data::empty",
            ctx.tr("文件没有表头", "the file has no header row"),
            (0, 0),
            "",
        ));
    };
    if rec.len() > MAX_COLUMNS {
        return Err(ctx
            .error(
                "ylcheck::data::too_many_columns",
                ctx.tr(
                    format!("表头有 {} 列，超过上限 {MAX_COLUMNS}", rec.len()),
                    format!(
                        "the header has {} columns, more than the limit of {MAX_COLUMNS}",
                        rec.len()
                    ),
                ),
                (hstart, line_len(text, hstart)),
                &ctx.tr("表头", "header"),
            )
            .with_help(ctx.tr("检查分隔符是否正确", "check the delimiter")));
    }
    let headers: Vec<String> = rec.iter().map(|h| h.trim().to_string()).collect();
    let mut spans = Vec::with_capacity(headers.len());
    let _ = walk(text, hstart, delim, |_, s, e, _| {
        spans.push((s, e - s));
        true
    });
    let header_span = |i: usize| spans.get(i).copied().unwrap_or((hstart, 0));

    let eid = match entity {
        Some(e) if e < schema.entities.len() => e,
        Some(e) => {
            return Err(Diag::error(
                "ylcheck::data::entity",
                ctx.tr(
                    format!("没有编号为 {e} 的数据类别"),
                    format!("no entity number {e}"),
                ),
            ));
        }
        None => recognise(ctx, schema, &headers, (hstart, line_len(text, hstart)))?,
    };
    let ent = &schema.entities[eid];
    let mut warnings = Vec::new();
    let mut columns: Vec<Option<Column>> = Vec::with_capacity(headers.len());
    let mut slot_columns: Vec<Option<usize>> = vec![None; ent.fields.len()];
    for (i, h) in headers.iter().enumerate() {
        let col = if h.is_empty() {
            None
        } else {
            match_header(ent, h)
        };
        match col {
            Some((slot, bare)) => {
                if let Some(prev) = slot_columns[slot] {
                    let field = &ent.fields[slot].name;
                    return Err(ctx
                        .error(
                            "ylcheck::data::duplicate_column",
                            ctx.tr(
                                format!("“{}”和“{h}”都是字段 {field}", headers[prev]),
                                format!("\"{}\" and \"{h}\" are both field {field}", headers[prev]),
                            ),
                            header_span(i),
                            &ctx.tr("重复的列", "duplicate column"),
                        )
                        .with_help(ctx.tr("请删除其中一列", "remove one of the columns")));
                }
                if let Err(p) = &bare {
                    warnings.push(header_unit_warning(ctx, h, p, header_span(i)));
                }
                slot_columns[slot] = Some(i);
                columns.push(Some(Column { slot, bare }));
            }
            None => {
                if !h.is_empty() {
                    warnings.push(unknown_field(ctx, ent, h, header_span(i), false));
                }
                columns.push(None);
            }
        }
    }
    if slot_columns.iter().all(Option::is_none) {
        return Err(ctx
            .error(
                "ylcheck::data::no_columns",
                ctx.tr(
                    format!("表头中没有 {} 的任何字段", ent.name),
                    format!("no column of the header is a field of {}", ent.name),
                ),
                (hstart, line_len(text, hstart)),
                &ctx.tr("表头", "header"),
            )
            .with_help(ctx.tr(
                format!("运行 `ylcheck template {}` 查看应有的表头", ent.name),
                format!(
                    "run `ylcheck template {}` to see the expected header",
                    ent.name
                ),
            )));
    }

    let mut records = Vec::new();
    while let Some((start, line)) = read(&mut rdr, &mut rec)? {
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let extra_blank = rec.iter().skip(headers.len()).all(|c| c.trim().is_empty());
        if rec.len() < headers.len() || !extra_blank {
            return Err(ctx
                .error(
                    "ylcheck::data::ragged",
                    ctx.tr(
                        format!(
                            "这一行有 {} 个单元格，表头有 {} 列",
                            rec.len(),
                            headers.len()
                        ),
                        format!(
                            "this row has {} cells but the header has {} columns",
                            rec.len(),
                            headers.len()
                        ),
                    ),
                    (start, line_len(text, start)),
                    &ctx.tr("列数不符", "wrong number of cells"),
                )
                .with_help(ctx.tr(
                    "检查是否漏了分隔符，或单元格中的逗号未加引号",
                    "check for a missing delimiter, or a comma inside an unquoted cell",
                )));
        }
        if let Some(i) = rec.iter().position(|c| c.len() > MAX_CELL) {
            let span = cell_span(text, start, delim, i).unwrap_or((start, 0));
            return Err(ctx
                .error(
                    "ylcheck::data::cell_too_large",
                    ctx.tr("单元格超过 1 MiB", "a cell is larger than 1 MiB"),
                    (span.0, span.1.min(64)),
                    &ctx.tr("过大的单元格", "oversized cell"),
                )
                .with_help(ctx.tr("检查是否有未闭合的引号", "check for an unclosed quote")));
        }
        let mut values = vec![Value::Missing; ent.fields.len()];
        for (cell, col) in rec.iter().zip(&columns) {
            if let Some(col) = col {
                values[col.slot] = read_value(cell, &ent.fields[col.slot].ty, &col.bare);
            }
        }
        records.push(Record {
            values: values.into_iter().map(Value::into_owned).collect(),
            pos: Pos {
                source: ctx.source,
                row: u32::try_from(records.len()).unwrap_or(u32::MAX),
                line,
                offset: u32::try_from(start).unwrap_or(u32::MAX),
            },
        });
    }
    Ok(Loaded {
        cells: CellMap::Csv {
            delimiter: delim,
            columns: slot_columns,
        },
        tables: vec![(eid, records)],
        warnings,
    })
}

fn line_len(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or("");
    rest.find(['\r', '\n']).unwrap_or(rest.len())
}

/// The csv crate reads `"abc"def` and an unclosed quote without complaint; a
/// record with a quote in it is walked again so that neither passes silently.
fn check_quotes(ctx: &Ctx<'_>, start: usize, end: usize, delim: u8) -> Result<(), Diag> {
    let raw = ctx.text.as_bytes().get(start..end).unwrap_or(&[]);
    if !raw.contains(&b'"') {
        return Ok(());
    }
    match walk(ctx.text, start, delim, |_, _, _, _| true) {
        Ok(_) => Ok(()),
        Err(at) => Err(ctx
            .error(
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
            ))),
    }
}

#[cfg(test)]
#[path = "csv_tests.rs"]
mod tests;
