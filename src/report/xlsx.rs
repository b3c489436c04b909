//! `--format xlsx`: a findings workbook a county can act on. A summary sheet (per
//! region: records, checks, passed, failed, unknown, pass rate), a findings sheet
//! (one row per finding: county, file, sheet, cell, record, rule, finding, actual,
//! required, shortfall, source, status — filterable, its header row frozen, sorted
//! by county then location) and the input problems.
//!
//! Every text from the input is written as a string cell, never as a formula: a
//! facility named `=HYPERLINK(…)` stays that text.

use super::spool::{Held, Spool};
use super::{Context, Figures, SortKey, Totals};
use crate::eval::{Finding, Outcome, Progress};
use crate::i18n::{Lang, tr};
use crate::pack::Severity;
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use std::borrow::Cow;

/// Fills of a failed cell and of one that could not be checked.
pub const FAIL_FILL: u32 = 0xFFC7CE;
pub const UNKNOWN_FILL: u32 = 0xFFEB9C;

/// Excel's longest cell text, in UTF-16 units.
const MAX_TEXT: usize = 32_767;

/// Text for a cell: cut to Excel's limit (with `…`), and with a literal `_x0041_`
/// kept literal (Excel would read it as an escaped character).
pub(crate) fn cell_text(s: &str, limit: usize) -> Cow<'_, str> {
    let mut out: Cow<'_, str> = Cow::Borrowed(s);
    if s.contains("_x") {
        let mut o = String::with_capacity(s.len() + 8);
        let b = s.as_bytes();
        for (i, ch) in s.char_indices() {
            let escape = ch == '_'
                && b.get(i + 1) == Some(&b'x')
                && b.get(i + 6) == Some(&b'_')
                && b.get(i + 2..i + 6)
                    .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
            if escape {
                o.push_str("_x005F");
            }
            o.push(ch);
        }
        out = Cow::Owned(o);
    }
    if out.encode_utf16().count() <= limit {
        return out;
    }
    let mut used = 0;
    let mut cut = String::new();
    for ch in out.chars() {
        used += ch.len_utf16();
        if used >= limit {
            break;
        }
        cut.push(ch);
    }
    cut.push('…');
    Cow::Owned(cut)
}

/// Writes a text cell as a string, whatever it begins with.
fn text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    s: &str,
    fmt: Option<&Format>,
) -> Result<(), XlsxError> {
    let s = cell_text(s, MAX_TEXT);
    match fmt {
        Some(f) => ws.write_string_with_format(row, col, s.as_ref(), f)?,
        None => ws.write_string(row, col, s.as_ref())?,
    };
    Ok(())
}

/// What became of a finding, for its status cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Fail,
    Unknown,
    Waived,
}

/// One finding, ready to be a row of the findings sheet: where it sorts, and its
/// cells' texts, held until the sheet is written in order.
pub struct Row {
    /// The region's place in the gazetteer's order; records of no place last.
    region: u32,
    key: SortKey,
    status: Status,
    cells: Held,
}

/// Cells as one held text: each one's byte length in decimal, `:`, its text.
fn pack_cells(cells: &[String; COLUMNS]) -> String {
    let mut out = String::with_capacity(cells.iter().map(|c| c.len() + 6).sum());
    for c in cells {
        let c = cell_text(c, MAX_TEXT);
        out.push_str(&c.len().to_string());
        out.push(':');
        out.push_str(&c);
    }
    out
}

/// The cells [`pack_cells`] wrote, in order; `None` past a malformed length.
fn unpack_cells(mut text: &str) -> impl Iterator<Item = Option<&str>> {
    std::iter::from_fn(move || {
        if text.is_empty() {
            return None;
        }
        let Some((len, rest)) = text.split_once(':') else {
            text = "";
            return Some(None);
        };
        let cell = len.parse::<usize>().ok().and_then(|n| {
            let cell = rest.get(..n)?;
            text = rest.get(n..)?;
            Some(cell)
        });
        if cell.is_none() {
            text = "";
        }
        Some(cell)
    })
}

/// Columns of the findings sheet.
const COLUMNS: usize = 12;

/// The findings sheet's columns.
fn headers(lang: Lang) -> [&'static str; COLUMNS] {
    match lang {
        Lang::Zh => [
            "县区",
            "文件",
            "工作表",
            "单元格",
            "记录",
            "规则",
            "问题",
            "实际",
            "要求",
            "差额",
            "依据",
            "状态",
        ],
        Lang::En => [
            "County",
            "File",
            "Sheet",
            "Cell",
            "Record",
            "Rule",
            "Finding",
            "Actual",
            "Required",
            "Shortfall",
            "Source",
            "Status",
        ],
    }
}

/// The cell a reader opens: a worksheet's (`C12`); in a CSV, the cell as Excel
/// shows the file (its record's first line, the column at fault); else the line
/// and column (`12:5`) of a plan or map.
fn cell_name(f: &Finding) -> String {
    if let Some(c) = &f.cell_ref {
        return c.clone();
    }
    if let Some(&(row, col)) = f.marks.first() {
        return format!("{}{row}", crate::data::xlsx::column_name(col));
    }
    match f.line {
        0 => String::new(),
        l => format!("{l}:{}", f.column),
    }
}

pub fn finding(ctx: &Context<'_>, f: &Finding, spool: &Spool) -> Row {
    let lang = ctx.lang;
    let rule = ctx.rule(f);
    let ent = ctx.entity(f);
    let message = ctx.one_line(f);
    let figures = f.comparison.map(|c| Figures::of(&c));
    let actual = match (&figures, f.focus) {
        (Some(fig), _) => fig.actual.clone(),
        (None, Some(s)) => ctx.show_value(ent, s, ctx.value(f, s)),
        (None, None) => String::new(),
    };
    let shortfall = figures.and_then(|fig| fig.shortfall).unwrap_or_default();
    let waiver = ctx.waiver(f);
    let status = match (waiver, f.outcome) {
        (Some(_), _) => Status::Waived,
        (None, Outcome::Unknown) => Status::Unknown,
        _ => Status::Fail,
    };
    let status_text = match (status, f.progress) {
        (Status::Waived, _) => lang.pick("已豁免", "waived").to_string(),
        (Status::Unknown, _) => lang.pick("无法判断", "unknown").to_string(),
        (_, Some(Progress::Behind(d))) => tr(
            lang,
            format!("进度落后（期限 {d}）"),
            format!("behind (due {d})"),
        ),
        (_, Some(Progress::Overdue(d))) => tr(
            lang,
            format!("已逾期（期限 {d}）"),
            format!("overdue (due {d})"),
        ),
        _ if f.severity == Severity::Error => lang.pick("不符合", "failed").to_string(),
        _ => lang.pick("不符合（警告）", "failed (warning)").to_string(),
    };
    let status_text = match waiver {
        Some(w) => format!(
            "{status_text}{}{}",
            lang.pick("：", ": "),
            ctx.waiver_note(w)
        ),
        None => status_text,
    };
    Row {
        region: f.region.as_ref().map_or(u32::MAX, |(i, _)| *i),
        key: ctx.sort_key(f),
        status,
        cells: spool.hold(pack_cells(&[
            ctx.region(f).to_string(),
            ctx.path(f).to_string(),
            f.sheet
                .as_ref()
                .map_or(String::new(), |(_, s)| s.to_string()),
            cell_name(f),
            f.record.clone(),
            ctx.rule_id(f.rule).to_string(),
            message,
            actual,
            ctx.requirement(f),
            shortfall,
            rule.cite.clone(),
            status_text,
        ])),
    }
}

/// `passed / checks`, or `None` when nothing was checked.
#[expect(
    clippy::cast_precision_loss,
    reason = "a rate shown to a tenth of a percent"
)]
fn rate(s: &crate::eval::Summary) -> Option<f64> {
    (s.checks > 0).then(|| s.passed as f64 / s.checks as f64)
}

#[expect(clippy::cast_precision_loss, reason = "counts far below 2^53")]
fn count(n: usize) -> f64 {
    n as f64
}

/// Column widths, in characters.
fn widths(ws: &mut Worksheet, widths: &[f64]) -> Result<(), XlsxError> {
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(u16::try_from(c).unwrap_or(u16::MAX), *w)?;
    }
    Ok(())
}

/// Writes the whole workbook to `out`. `rows` are the findings in any order.
///
/// The findings and input-problem sheets are written row by row to temporary
/// files (rust_xlsxwriter's constant-memory worksheets, where the command line
/// has files), and the archive is written to `out` as it is made: the memory the
/// workbook takes does not grow with the number of findings.
pub fn document(
    ctx: &Context<'_>,
    totals: &Totals,
    rows: &mut [Row],
    spool: &Spool,
    out: impl std::io::Write + Send,
) -> Result<(), XlsxError> {
    let lang = ctx.lang;
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border_bottom(FormatBorder::Thin);
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    let fail = Format::new().set_background_color(Color::RGB(FAIL_FILL));
    let unknown = Format::new().set_background_color(Color::RGB(UNKNOWN_FILL));

    // The summary, per region.
    let ws = wb.add_worksheet();
    ws.set_name(lang.pick("汇总", "Summary"))?;
    let show_waived = totals.summary.waived() > 0;
    let mut cols: Vec<&str> = vec![
        lang.pick("县区", "County"),
        lang.pick("记录", "Records"),
        lang.pick("检查", "Checks"),
        lang.pick("通过", "Passed"),
        lang.pick("不符合", "Failed"),
        lang.pick("无法判断", "Unknown"),
    ];
    if show_waived {
        cols.push(lang.pick("已豁免", "Waived"));
    }
    cols.push(lang.pick("通过率", "Pass rate"));
    for (c, h) in cols.iter().enumerate() {
        text(ws, 0, u16::try_from(c).unwrap_or(0), h, Some(&head))?;
    }
    let total_name = lang.pick("合计", "Total");
    let lines = totals
        .regions
        .iter()
        .map(|(n, s)| (n.as_str(), s, None))
        .chain(std::iter::once((total_name, &totals.summary, Some(&bold))));
    let mut r = 1u32;
    for (name, s, fmt) in lines {
        text(ws, r, 0, name, fmt)?;
        let mut c = 1u16;
        for n in super::regions::counts(s, show_waived) {
            ws.write_number(r, c, count(n))?;
            c += 1;
        }
        match rate(s) {
            Some(x) => ws.write_number_with_format(r, c, x, &percent)?,
            None => ws.write_string(r, c, "—")?,
        };
        r += 1;
    }
    r += 1;
    text(
        ws,
        r,
        0,
        &tr(
            lang,
            format!(
                "检查日期 {}，范围 {}；记录按其所在地区归类，各按其所在地的文件检查",
                ctx.as_of, totals.region
            ),
            format!(
                "As of {}, within {}; records by the region they are in, each checked against the documents of its own place",
                ctx.as_of, totals.region
            ),
        ),
        None,
    )?;
    r += 1;
    if let Some(st) = &totals.settings {
        text(ws, r, 0, &st.line(lang), None)?;
        r += 1;
    }
    if !totals.not_checked.is_empty() {
        r += 1;
        text(
            ws,
            r,
            0,
            lang.pick("未检查的规则", "Rules not checked"),
            Some(&bold),
        )?;
        text(ws, r, 1, lang.pick("原因", "Why"), Some(&bold))?;
        for (rule, why) in &totals.not_checked {
            r += 1;
            text(ws, r, 0, ctx.rule_id(*rule), None)?;
            text(ws, r, 1, &ctx.not_checked_reason(why), None)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    widths(ws, &[24.0, 8.0, 8.0, 8.0, 8.0, 10.0, 10.0, 10.0])?;

    // One row per finding, by county, then where it is.
    let ws = row_by_row(&mut wb)?;
    ws.set_name(lang.pick("问题", "Findings"))?;
    for (c, h) in headers(lang).iter().enumerate() {
        text(ws, 0, u16::try_from(c).unwrap_or(0), h, Some(&head))?;
    }
    rows.sort_by_key(|r| (r.region, r.key));
    let mut r = 0u32;
    for row in rows.iter() {
        r += 1;
        let written = spool.with(&row.cells, |held| {
            let Ok(held) = std::str::from_utf8(held) else {
                return Ok(Err(XlsxError::ParameterError(
                    "a held finding is not UTF-8".into(),
                )));
            };
            for (c, v) in unpack_cells(held).enumerate() {
                let Some(v) = v else {
                    return Ok(Err(XlsxError::ParameterError(
                        "a held finding is cut short".into(),
                    )));
                };
                let fmt = match (c, row.status) {
                    (11, Status::Fail) => Some(&fail),
                    (11, Status::Unknown) => Some(&unknown),
                    _ => None,
                };
                let col = u16::try_from(c).unwrap_or(u16::MAX);
                let res = match fmt {
                    Some(f) => ws.write_string_with_format(r, col, v, f),
                    None => ws.write_string(r, col, v),
                };
                if let Err(e) = res {
                    return Ok(Err(e));
                }
            }
            Ok(Ok(()))
        });
        written.map_err(XlsxError::IoError)??;
    }
    ws.autofilter(0, 0, r, 11)?;
    ws.set_freeze_panes(1, 0)?;
    widths(
        ws,
        &[
            16.0, 28.0, 12.0, 8.0, 26.0, 36.0, 60.0, 16.0, 40.0, 14.0, 24.0, 12.0,
        ],
    )?;

    // The problems with the input and the run.
    let ws = row_by_row(&mut wb)?;
    ws.set_name(lang.pick("输入问题", "Input problems"))?;
    let cols = [
        lang.pick("级别", "Level"),
        lang.pick("代码", "Code"),
        lang.pick("位置", "Location"),
        lang.pick("说明", "Problem"),
        lang.pick("建议", "Help"),
    ];
    for (c, h) in cols.iter().enumerate() {
        text(ws, 0, u16::try_from(c).unwrap_or(0), h, Some(&head))?;
    }
    let mut r = 0u32;
    for d in totals.flat_diagnostics() {
        r += 1;
        let level = super::level_word(d, lang);
        let place = super::diag_place(d);
        text(ws, r, 0, level, None)?;
        text(ws, r, 1, &d.code, None)?;
        text(ws, r, 2, &place, None)?;
        text(ws, r, 3, &d.message, None)?;
        text(ws, r, 4, d.help.as_deref().unwrap_or(""), None)?;
    }
    ws.autofilter(0, 0, r, 4)?;
    ws.set_freeze_panes(1, 0)?;
    widths(ws, &[8.0, 30.0, 36.0, 80.0, 60.0])?;
    wb.save_to_writer(out)
}

/// A sheet written in row order: to a temporary file where there are files.
fn row_by_row(wb: &mut Workbook) -> Result<&mut Worksheet, XlsxError> {
    #[cfg(feature = "cli")]
    return wb.add_worksheet_with_constant_memory();
    #[cfg(not(feature = "cli"))]
    Ok(wb.add_worksheet())
}

#[cfg(test)]
mod tests {
    use super::{cell_text, pack_cells, unpack_cells};

    #[test]
    fn cell_text_is_cut_to_excels_limit_and_keeps_escapes_literal() {
        assert_eq!(cell_text("=1+1", 10), "=1+1");
        assert_eq!(cell_text("a_x0041_b", 100), "a_x005F_x0041_b");
        assert_eq!(cell_text("_x12_", 100), "_x12_");
        let long = "养".repeat(20);
        let cut = cell_text(&long, 10);
        assert_eq!(cut.encode_utf16().count(), 10);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn held_cells_come_back_as_written() {
        let cells: [String; 12] = std::array::from_fn(|i| match i {
            0 => "开封市:龙亭区".to_string(),
            1 => String::new(),
            2 => "12:3".to_string(),
            3 => "a_x0041_".to_string(),
            _ => "x".repeat(i),
        });
        let packed = pack_cells(&cells);
        let back: Vec<Option<&str>> = unpack_cells(&packed).collect();
        assert_eq!(back.len(), 12);
        assert_eq!(back[0], Some("开封市:龙亭区"));
        assert_eq!(back[1], Some(""));
        assert_eq!(back[2], Some("12:3"));
        assert_eq!(back[3], Some("a_x005F_x0041_"));
        assert_eq!(back[11], Some("x".repeat(11).as_str()));
        // A cut or garbled text ends in a `None`, never a panic or a wrong split.
        assert_eq!(unpack_cells("5:ab").last(), Some(None));
        assert_eq!(unpack_cells("x:ab").last(), Some(None));
        assert_eq!(unpack_cells("3").last(), Some(None));
    }
}
