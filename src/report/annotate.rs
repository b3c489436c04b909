//! `--annotate DIR`: a copy of each table input as a workbook, the file a bureau
//! mails back to a county. The values are copied as they were ([`crate::data::copy`]);
//! every cell at fault is filled — red where a check failed, yellow where it could
//! not be decided — and carries a note with each finding's rule, message and
//! citation. A waived finding keeps its note but no fill: it no longer fails.

use super::Context;
use super::xlsx::{FAIL_FILL, UNKNOWN_FILL, cell_text};
use crate::data::copy::{Sheet, Value, Visibility};
use crate::eval::{Finding, Outcome};
use crate::i18n::Lang;
use rust_xlsxwriter::{Color, Format, Note, Workbook, Worksheet, XlsxError};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Excel's longest note, in UTF-16 units (less what it adds itself).
const MAX_NOTE: usize = 32_767 - 54;

/// How a cell is marked; the strongest of its findings wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Waived,
    Unknown,
    Fail,
}

/// What one finding marks in its input.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The input (its index).
    pub source: u32,
    /// The worksheet, for a workbook.
    pub sheet: Option<Arc<str>>,
    /// (row, 0-based column): the Excel row of a worksheet, a CSV record's first line.
    pub cells: Vec<(u32, u32)>,
    pub kind: Kind,
    pub note: String,
}

/// The mark a finding leaves in a copy of its table, if it came from one.
pub fn mark(ctx: &Context<'_>, f: &Finding) -> Option<Mark> {
    if f.marks.is_empty() {
        return None;
    }
    let waiver = ctx.waiver(f);
    let kind = match (waiver, f.outcome) {
        (Some(_), _) => Kind::Waived,
        (None, Outcome::Unknown) => Kind::Unknown,
        _ => Kind::Fail,
    };
    // An unknown's reason does not say what the rule asks: its title does.
    let mut note = match kind {
        Kind::Unknown => format!(
            "{}\n{}{}{}",
            ctx.rule_id(f.rule),
            ctx.rule(f).title.get(ctx.lang),
            ctx.lang.pick("：", ": "),
            ctx.full_message(f)
        ),
        _ => format!("{}\n{}", ctx.rule_id(f.rule), ctx.full_message(f)),
    };
    if let Some(w) = waiver {
        note = format!("{}\n{note}", ctx.waiver_note(w));
    }
    Some(Mark {
        source: f.source,
        sheet: f.sheet.as_ref().map(|(_, s)| s.clone()),
        cells: f.marks.clone(),
        kind,
        note,
    })
}

/// A cell's marks: the strongest kind, and every note in finding order.
type Marked<'m> = BTreeMap<(u32, u32), (Kind, Vec<&'m str>)>;

/// The marks on one sheet, by 0-based (row, column). A CSV's marks name no sheet.
fn on_sheet<'m>(sheet: &Sheet, csv: bool, marks: &[&'m Mark]) -> Marked<'m> {
    let mut out: Marked<'m> = BTreeMap::new();
    for m in marks {
        let here = match &m.sheet {
            Some(s) => !csv && s.as_ref() == sheet.name,
            None => csv,
        };
        if !here {
            continue;
        }
        for &(row, col) in &m.cells {
            let Some(r) = row.checked_sub(1) else {
                continue;
            };
            let e = out.entry((r, col)).or_insert((m.kind, Vec::new()));
            e.0 = e.0.max(m.kind);
            e.1.push(&m.note);
        }
    }
    out
}

/// A valid, unused sheet name: the input's own where Excel takes it.
fn name_sheet(ws: &mut Worksheet, want: &str, n: usize, used: &mut Vec<String>) {
    let clean: String = want
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean: String = clean.trim_matches('\'').chars().take(31).collect();
    let tries = [want.to_string(), clean, format!("Sheet{n}")];
    for t in tries {
        let lower = t.to_lowercase();
        if t.is_empty() || used.contains(&lower) {
            continue;
        }
        if ws.set_name(&t).is_ok() {
            used.push(lower);
            return;
        }
    }
}

/// How tall a note must be to show its text, in pixels, for a note 360 pixels wide.
fn note_height(text: &str) -> u32 {
    let lines: usize = text
        .lines()
        .map(|l| unicode_width::UnicodeWidthStr::width(l).div_ceil(52).max(1))
        .sum();
    u32::try_from(lines.saturating_mul(16).saturating_add(24))
        .unwrap_or(u32::MAX)
        .clamp(64, 640)
}

/// The copy: `sheets` (one for a CSV) with `marks` (this input's) applied.
pub fn copy(
    sheets: &[Sheet],
    csv: bool,
    marks: &[&Mark],
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let mut used = Vec::new();
    // A workbook shows at least one sheet, and opens on one that shows.
    let shown = sheets
        .iter()
        .position(|s| s.visibility == Visibility::Visible)
        .unwrap_or(0);
    for (n, sheet) in sheets.iter().enumerate() {
        let ws = wb.add_worksheet();
        name_sheet(ws, &sheet.name, n + 1, &mut used);
        ws.set_default_note_author("ylcheck");
        if n == shown {
            ws.set_active(true);
        } else {
            match sheet.visibility {
                Visibility::Visible => {}
                Visibility::Hidden => {
                    ws.set_hidden(true);
                }
                Visibility::VeryHidden => {
                    ws.set_very_hidden(true);
                }
            }
        }
        let marked = on_sheet(sheet, csv, marks);
        let mut formats: HashMap<(Option<Arc<str>>, Option<Kind>), Format> = HashMap::new();
        let mut format = |num: Option<&Arc<str>>, kind: Option<Kind>| -> Option<Format> {
            let fill = match kind {
                Some(Kind::Fail) => Some(FAIL_FILL),
                Some(Kind::Unknown) => Some(UNKNOWN_FILL),
                Some(Kind::Waived) | None => None,
            };
            if num.is_none() && fill.is_none() {
                return None;
            }
            let key = (num.cloned(), fill.and(kind));
            let f = formats.entry(key).or_insert_with(|| {
                let mut f = Format::new();
                if let Some(code) = num {
                    f = f.set_num_format(code.as_ref());
                }
                if let Some(rgb) = fill {
                    f = f.set_background_color(Color::RGB(rgb));
                }
                f
            });
            Some(f.clone())
        };
        // Merged ranges first: a range is written blank, then its cells' values.
        let plain = Format::new();
        for &((r1, c1), (r2, c2)) in &sheet.merges {
            let (Ok(c1), Ok(c2)) = (u16::try_from(c1), u16::try_from(c2)) else {
                continue;
            };
            // One cell is no range, and overlapping ranges are not Excel's: both are
            // left unmerged, their values kept.
            let _ = ws.merge_range(r1, c1, r2, c2, "", &plain);
        }
        for cell in &sheet.cells {
            let Ok(col) = u16::try_from(cell.col) else {
                continue;
            };
            let kind = marked.get(&(cell.row, cell.col)).map(|(k, _)| *k);
            let fmt = format(cell.format.as_ref(), kind);
            match (&cell.value, &fmt) {
                (Value::Text(t), Some(f)) => {
                    ws.write_string_with_format(cell.row, col, cell_text(t, 32_767).as_ref(), f)?
                }
                (Value::Text(t), None) => {
                    ws.write_string(cell.row, col, cell_text(t, 32_767).as_ref())?
                }
                (Value::Number(x), Some(f)) => ws.write_number_with_format(cell.row, col, *x, f)?,
                (Value::Number(x), None) => ws.write_number(cell.row, col, *x)?,
                (Value::Bool(b), Some(f)) => ws.write_boolean_with_format(cell.row, col, *b, f)?,
                (Value::Bool(b), None) => ws.write_boolean(cell.row, col, *b)?,
            };
        }
        // A blank cell at fault is filled too; every cell at fault gets its note.
        let filled: std::collections::HashSet<(u32, u32)> =
            sheet.cells.iter().map(|c| (c.row, c.col)).collect();
        for (&(row, col), (kind, notes)) in &marked {
            let Ok(c) = u16::try_from(col) else { continue };
            if !filled.contains(&(row, col))
                && let Some(f) = format(None, Some(*kind))
            {
                ws.write_blank(row, c, &f)?;
            }
            let text = notes.join("\n\n");
            let text = cell_text(&text, MAX_NOTE);
            let note = Note::new(text.as_ref())
                .add_author_prefix(false)
                .set_width(360)
                .set_height(note_height(&text));
            ws.insert_note(row, c, &note)?;
        }
        ws.set_autofit_max_width(320);
        ws.autofit();
    }
    if sheets.is_empty() {
        let ws = wb.add_worksheet();
        let _ = ws.set_name(lang.pick("空", "empty"));
    }
    wb.save_to_buffer()
}
