//! A table's cells as they were written, for a copy of the input a report
//! annotates ([`crate::report::annotate`]): every worksheet of a workbook with its
//! name, visibility, merged ranges and each cell's value and number format; a
//! delimited file as one sheet, each record on the row of the line it starts on,
//! so a CSV finding's line is the copy's row.
//!
//! Values keep their type: text stays text (`0123`, `=1+1`), numbers stay numbers.
//! A workbook's formula is copied as its saved value, never as a formula. A CSV
//! has no types: a cell reading as a plain decimal of at most ten integer digits
//! (`1800`, `-2.5`, quoted or not) is a number, anything else (`0123`, `1,850`,
//! `60%`, a phone number) stays text, as it was written.

use super::ctx::{MAX_COLUMNS, MAX_INPUT};
use super::xlsx::{MAX_ROWS, corrupt, guard, too_large};
use crate::data::error::DataError;
use calamine::{DataRef, Reader, SheetType, SheetVisible, Xlsx};
use std::io::Cursor;
use std::sync::Arc;

/// A cell's value, typed as the input had it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Bool(bool),
}

/// One non-blank cell: 0-based row and column, its value, and its number format
/// (`0.0%`, `yyyy-mm-dd`) when it has one other than General.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row: u32,
    pub col: u32,
    pub value: Value,
    pub format: Option<Arc<str>>,
}

/// Whether a sheet shows in Excel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Visible,
    Hidden,
    /// Hidden so that Excel's menus cannot show it.
    VeryHidden,
}

/// One sheet to copy.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub visibility: Visibility,
    /// Non-blank cells, by row then column.
    pub cells: Vec<Cell>,
    /// Merged ranges: first (row, column), last (row, column).
    pub merges: Vec<((u32, u32), (u32, u32))>,
}

/// Every worksheet of a workbook (chart sheets have no cells), under the limits
/// the loader applies.
pub fn workbook(path: &str, bytes: &[u8]) -> Result<Vec<Sheet>, DataError> {
    let survey = guard(path, bytes)?;
    // A malformed archive must not end the run with a panic.
    std::panic::catch_unwind(|| read_workbook(path, bytes, survey)).unwrap_or_else(|_| {
        Err(DataError::Corrupt {
            path: path.to_string(),
            reason: None,
        })
    })
}

fn read_workbook(
    path: &str,
    bytes: &[u8],
    survey: super::parts::Survey,
) -> Result<Vec<Sheet>, DataError> {
    let mut wb: Xlsx<Cursor<&[u8]>> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| corrupt(path, &e))?;
    let listed: Vec<(String, Visibility)> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| {
            let v = match s.visible {
                SheetVisible::Visible => Visibility::Visible,
                SheetVisible::Hidden => Visibility::Hidden,
                SheetVisible::VeryHidden => Visibility::VeryHidden,
            };
            (s.name.clone(), v)
        })
        .collect();
    let mut total = 0usize;
    let mut sheets = Vec::with_capacity(listed.len());
    for (name, visibility) in listed {
        let at = format!("{path}!{name}");
        let mut cells = Vec::new();
        {
            let mut reader = wb
                .worksheet_cells_reader(&name)
                .map_err(|e| corrupt(&at, &e))?;
            while let Some((cell, style)) = reader
                .next_cell_with_style_id()
                .map_err(|e| corrupt(&at, &e))?
            {
                let (row, col) = cell.get_position();
                if row >= MAX_ROWS || col as usize >= MAX_COLUMNS {
                    return Err(DataError::Outside { path: at, row, col });
                }
                let format = reader
                    .styles()
                    .get(style)
                    .and_then(|s| s.number_format.as_ref())
                    .map(|f| f.format_code.as_str())
                    .filter(|c| !c.is_empty() && !c.eq_ignore_ascii_case("general"));
                let Some(value) = value(cell.get_value()) else {
                    continue;
                };
                total += match &value {
                    Value::Text(t) => t.len(),
                    _ => 8,
                } + 16;
                if total > MAX_INPUT {
                    return Err(too_large(path));
                }
                cells.push(Cell {
                    row,
                    col,
                    value,
                    format: format.map(Arc::from),
                });
            }
        }
        // Stream order is row order in files Excel writes; others are sorted here,
        // the last of two values given for one cell kept, as the loader keeps it.
        cells.sort_by_key(|c| (c.row, c.col));
        cells.reverse();
        cells.dedup_by_key(|c| (c.row, c.col));
        cells.reverse();
        let merges = if survey.merges {
            wb.merge_cells_by_sheet_name(&name)
                .map_err(|e| corrupt(&at, &e))?
                .into_iter()
                .map(|d| (d.start, d.end))
                .collect()
        } else {
            Vec::new()
        };
        sheets.push(Sheet {
            name,
            visibility,
            cells,
            merges,
        });
    }
    Ok(sheets)
}

/// A cell's value as Excel holds it: a date is its serial number (its format
/// shows it as a date), a failed formula's error its text (`#DIV/0!`).
fn value(v: &DataRef<'_>) -> Option<Value> {
    Some(match v {
        DataRef::Empty => return None,
        DataRef::String(s) => Value::Text(s.clone()),
        DataRef::SharedString(s) => Value::Text((*s).to_string()),
        #[expect(
            clippy::cast_precision_loss,
            reason = "Excel holds every number as a double"
        )]
        DataRef::Int(i) => Value::Number(*i as f64),
        DataRef::Float(f) if f.is_finite() => Value::Number(*f),
        DataRef::Float(f) => Value::Text(f.to_string()),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(d) => Value::Number(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Text(s.clone()),
        DataRef::Error(e) => Value::Text(e.to_string()),
    })
}

/// A delimited file as one sheet named `name`: each record on the row of the line
/// it starts on, its cells unquoted.
pub fn csv(path: &str, name: &str, bytes: &[u8]) -> Result<Sheet, DataError> {
    let text = match super::decode::decode(bytes) {
        Ok((text, _)) => text,
        Err(super::decode::DecodeError::Empty) => std::borrow::Cow::Borrowed(""),
        Err(_) => {
            return Err(DataError::Undecodable {
                path: path.to_string(),
            });
        }
    };
    let delimiter = super::csv::sniff_delimiter(path, &text);
    let b = text.as_bytes();
    let (mut at, mut line) = (0usize, 1u32);
    let mut cells = Vec::new();
    while at < b.len() {
        match b[at] {
            b'\n' => {
                at += 1;
                line = line.saturating_add(1);
                continue;
            }
            b'\r' => {
                at += 1;
                continue;
            }
            _ => {}
        }
        let row = line - 1;
        if row >= MAX_ROWS {
            return Err(DataError::TooManyRows {
                path: path.to_string(),
                line,
                max: MAX_ROWS,
            });
        }
        let mut spans = Vec::new();
        let end = super::csv::walk(&text, at, delimiter, |_, s, e, quoted| {
            spans.push((s, e, quoted));
            true
        })
        .map_err(|q| DataError::RecordQuote {
            path: path.to_string(),
            line,
            byte: q,
        })?;
        if spans.len() > MAX_COLUMNS {
            return Err(DataError::LineTooWide {
                path: path.to_string(),
                line,
                max: MAX_COLUMNS,
            });
        }
        for (col, &(s, e, quoted)) in spans.iter().enumerate() {
            let raw = text.get(s..e).unwrap_or("");
            if raw.is_empty() {
                continue;
            }
            let raw = if quoted {
                super::csv::unquote(raw)
            } else {
                std::borrow::Cow::Borrowed(raw)
            };
            // Quotes are the exporter's habit, not a type: `"1800"` is a number.
            let value = match plain_number(&raw) {
                Some(n) => Value::Number(n),
                None => Value::Text(raw.into_owned()),
            };
            cells.push(Cell {
                row,
                col: u32::try_from(col).unwrap_or(u32::MAX),
                value,
                format: None,
            });
        }
        line = line.saturating_add(count_newlines(b.get(at..end).unwrap_or_default()));
        at = end;
    }
    Ok(Sheet {
        name: name.to_string(),
        visibility: Visibility::Visible,
        cells,
        merges: Vec::new(),
    })
}

fn count_newlines(b: &[u8]) -> u32 {
    u32::try_from(memchr::memchr_iter(b'\n', b).count()).unwrap_or(u32::MAX)
}

/// A CSV cell that is a number as Excel would keep it: a plain decimal, at most
/// ten integer digits (a phone or ID number stays text) and no leading zero
/// (`0123` is a code).
fn plain_number(cell: &str) -> Option<f64> {
    let t = cell.trim();
    let body = t.strip_prefix('-').unwrap_or(t);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let ok = digits(int)
        && int.len() <= 10
        && (int == "0" || !int.starts_with('0'))
        && frac.is_none_or(|f| digits(f) && f.len() <= 9);
    if !ok {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_decimals_are_numbers() {
        assert_eq!(plain_number("1800"), Some(1800.0));
        assert_eq!(plain_number(" -2.5 "), Some(-2.5));
        assert_eq!(plain_number("0.6"), Some(0.6));
        for text in [
            "0123",
            "1,850",
            "60%",
            "13812345678",
            "1e3",
            "=1+1",
            "",
            "-",
            "1.",
            ".5",
            "２０００",
        ] {
            assert_eq!(plain_number(text), None, "{text}");
        }
    }

    #[test]
    fn a_csv_record_sits_on_the_row_of_its_first_line() {
        let text = "名称,建筑面积\n\"甲\n中心\",1800\r\n\n乙中心,\"=1+1\"\n";
        let sheet = csv("a.csv", "a", text.as_bytes()).unwrap_or_else(|d| panic!("{d:?}"));
        let at = |r: u32, c: u32| {
            sheet
                .cells
                .iter()
                .find(|x| x.row == r && x.col == c)
                .map(|x| x.value.clone())
        };
        assert_eq!(at(0, 0), Some(Value::Text("名称".into())));
        assert_eq!(at(1, 0), Some(Value::Text("甲\n中心".into())));
        assert_eq!(at(1, 1), Some(Value::Number(1800.0)));
        // Line 5 (a blank line after the two-line record): row 5.
        assert_eq!(at(4, 0), Some(Value::Text("乙中心".into())));
        assert_eq!(at(4, 1), Some(Value::Text("=1+1".into())));
    }
}
