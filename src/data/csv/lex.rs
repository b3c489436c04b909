//! Delimited text as cells: where a record's cells are, what a quoted cell says,
//! which delimiter a file uses. Knows nothing of headers or fields.

use std::borrow::Cow;

/// Walks one record from `start`, giving each cell's column, content span (inside
/// the quotes if quoted) and whether it was quoted to `cell`, which returns false
/// to stop. Returns where the record ends, or `Err(offset)` of broken quoting.
pub(crate) fn walk(
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
pub(crate) fn cell_span(
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
pub(crate) fn sniff_delimiter(path: &str, text: &str) -> u8 {
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

pub(super) fn count_newlines(b: &[u8]) -> u32 {
    u32::try_from(memchr::memchr_iter(b'\n', b).count()).unwrap_or(u32::MAX)
}

/// A quoted cell's content with `""` read as `"`.
pub(crate) fn unquote(cell: &str) -> Cow<'_, str> {
    if cell.contains("\"\"") {
        Cow::Owned(cell.replace("\"\"", "\""))
    } else {
        Cow::Borrowed(cell)
    }
}

pub(super) fn line_len(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or("");
    rest.find(['\r', '\n']).unwrap_or(rest.len())
}
