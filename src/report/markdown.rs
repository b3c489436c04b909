//! `--format markdown`: a summary to paste into a merge-request comment. Unlike the
//! line formats it groups findings by rule, so each finding is kept as its table
//! row's text, with what places the row, and laid out once the run is over.

use super::spool::{Held, Spool};
use super::{Context, SortKey, Totals};
use crate::eval::{Finding, Outcome};
use crate::i18n::tr;
use crate::num::Q;
use std::cmp::Ordering;

/// One finding, ready to be a table row.
pub struct Row {
    rule: usize,
    key: SortKey,
    unknown: bool,
    waived: bool,
    /// In the rule's base unit, so rows of one rule compare.
    shortfall: Option<Q>,
    /// `| county | location | … |` and the line's end.
    text: Held,
}

/// Makes a table cell: pipes would end the cell, line breaks the row.
fn cell(s: &str) -> String {
    crate::escape::markdown(s)
}

/// For a code span in a table cell, where backslashes show: one line, no backtick
/// to end the span early, `|` escaped for the table.
fn code(s: &str) -> String {
    crate::escape::line(s).replace('`', "'").replace('|', "\\|")
}

pub fn finding(ctx: &Context<'_>, f: &Finding, spool: &Spool) -> Row {
    let shortfall = f.comparison.and_then(|c| c.shortfall);
    let shown = f
        .comparison
        .and_then(|c| super::Figures::of(&c).shortfall)
        .unwrap_or_default();
    let message = match f.outcome {
        Outcome::Unknown => ctx.unknown_reason(f),
        _ => ctx.message(f) + &ctx.progress_note(f),
    };
    // The waived column: the approving document and the last day, or nothing.
    let waiver = ctx.waiver(f).map_or(String::new(), |w| {
        tr(
            ctx.lang,
            format!("{}，至 {}：{}", w.document, w.expires, w.reason),
            format!("{}, until {}: {}", w.document, w.expires, w.reason),
        )
    });
    Row {
        rule: f.rule,
        key: ctx.sort_key(f),
        unknown: f.outcome == Outcome::Unknown,
        waived: f.waiver.is_some(),
        shortfall,
        text: spool.hold(format!(
            "| {} |\n",
            [
                cell(ctx.region(f)),
                cell(&ctx.place(f)),
                cell(&f.record),
                cell(&message),
                cell(&shown),
                cell(&waiver),
            ]
            .join(" | ")
        )),
    }
}

/// Worst shortfall first; rows without one (and ties) by where they are.
fn worst_first(a: &Row, b: &Row) -> Ordering {
    match (a.shortfall, b.shortfall) {
        (Some(x), Some(y)) => y.partial_cmp(&x).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then(a.key.cmp(&b.key))
}

/// The problems with the input and the run, as a table, or nothing when there are
/// none.
fn diagnostics(ctx: &Context<'_>, totals: &Totals) -> String {
    let lang = ctx.lang;
    let list = totals.flat_diagnostics();
    if list.is_empty() {
        return String::new();
    }
    let mut o = tr(
        lang,
        "\n### 输入问题\n\n| 级别 | 代码 | 位置 | 说明 |\n|---|---|---|---|\n",
        "\n### Input problems\n\n| Level | Code | Location | Problem |\n|---|---|---|---|\n",
    );
    for d in list {
        let level = super::level_word(d, lang);
        let place = super::diag_place(d);
        let text = match &d.help {
            Some(h) => format!("{}{}{h}", d.message, lang.pick("——", " — ")),
            None => d.message.clone(),
        };
        o.push_str(&format!(
            "| {level} | `{}` | {} | {} |\n",
            code(&d.code),
            cell(&place),
            cell(&text)
        ));
    }
    o
}

/// The whole comment: totals, the problems with the input, a table of the rules
/// with findings and their counts, then one table per rule of its findings, worst
/// shortfall first, each row written as its text is read back.
pub fn document(
    ctx: &Context<'_>,
    totals: &Totals,
    rows: &mut [Row],
    spool: &Spool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let lang = ctx.lang;
    let s = &totals.summary;
    let mut o = tr(lang, "## ylcheck 检查结果\n\n", "## ylcheck report\n\n");
    let waived = match s.waived() {
        0 => String::new(),
        n => tr(
            lang,
            format!("，其中 {n} 项已豁免"),
            format!(", {n} of them waived"),
        ),
    };
    o.push_str(&tr(
        lang,
        format!(
            "检查日期 {}：{} 条记录，{} 项检查，{} 项通过，{} 项不符合，{} 项无法判断{waived}（错误 {}，警告 {}）。\n",
            ctx.as_of, s.records, s.checks, s.passed, s.failed, s.unknown, s.errors, s.warnings
        ),
        format!(
            "As of {}: {} records, {} checks, {} passed, {} failed, {} unknown{waived} ({} errors, {} warnings).\n",
            ctx.as_of, s.records, s.checks, s.passed, s.failed, s.unknown, s.errors, s.warnings
        ),
    ));
    if let Some(st) = &totals.settings {
        // In a code span: globs such as `*` are not emphasis.
        let line = st.line(lang).replace('`', "'");
        o.push_str(&format!("\n`{line}`\n"));
        let off: Vec<String> = totals
            .not_checked
            .iter()
            .filter(|(_, why)| matches!(why, crate::eval::NotChecked::TurnedOff { .. }))
            // The reason names the settings file, whose path is the submitter's.
            .map(|(r, why)| {
                let why = crate::escape::markdown(&ctx.not_checked_reason(why));
                format!("- `{}`: {why}\n", ctx.rule_id(*r))
            })
            .collect();
        if !off.is_empty() {
            o.push_str(&tr(
                lang,
                "\n被设置文件关闭、未检查的规则：\n\n",
                "\nRules turned off by the settings file, not checked:\n\n",
            ));
            o.push_str(&off.concat());
        }
    }
    o.push_str(&diagnostics(ctx, totals));
    rows.sort_by(|a, b| {
        ctx.rule_id(a.rule)
            .cmp(ctx.rule_id(b.rule))
            .then(worst_first(a, b))
    });
    let head = tr(
        lang,
        "| 县区 | 位置 | 记录 | 说明 | 差额 | 豁免 |\n|---|---|---|---|---|---|\n",
        "| County | Location | Record | Finding | Shortfall | Waived |\n|---|---|---|---|---|---|\n",
    );
    if !rows.is_empty() {
        o.push_str(&tr(
            lang,
            "\n| 规则 | 标题 | 依据 | 不符合 | 无法判断 | 已豁免 |\n|---|---|---|---|---|---|\n",
            "\n| Rule | Title | Source | Failed | Unknown | Waived |\n|---|---|---|---|---|---|\n",
        ));
    }
    // Failed and unknown count what stands; waived findings are counted apart.
    let counts = |group: &[Row]| {
        let waived = group.iter().filter(|r| r.waived).count();
        let unknown = group.iter().filter(|r| r.unknown && !r.waived).count();
        (group.len() - waived - unknown, unknown, waived)
    };
    for group in rows.chunk_by(|a, b| a.rule == b.rule) {
        let Some(first) = group.first() else { continue };
        let rule = &ctx.set.rules[first.rule];
        let (failed, unknown, waived) = counts(group);
        o.push_str(&format!(
            "| `{}` | {} | {} | {failed} | {unknown} | {waived} |\n",
            ctx.rule_id(first.rule),
            cell(rule.title.get(lang)),
            cell(&rule.cite),
        ));
    }
    for group in rows.chunk_by(|a, b| a.rule == b.rule) {
        let Some(first) = group.first() else { continue };
        let rule = &ctx.set.rules[first.rule];
        let (failed, unknown, waived) = counts(group);
        let waived = match waived {
            0 => String::new(),
            n => tr(lang, format!("，已豁免 {n} 项"), format!(", {n} waived")),
        };
        o.push_str(&format!(
            "\n### `{}` {}\n\n",
            ctx.rule_id(first.rule),
            cell(rule.title.get(lang))
        ));
        o.push_str(&tr(
            lang,
            format!(
                "依据：{}；不符合 {failed} 项，无法判断 {unknown} 项{waived}\n\n",
                cell(&rule.cite),
            ),
            format!(
                "Source: {}; {failed} failed, {unknown} unknown{waived}\n\n",
                cell(&rule.cite),
            ),
        ));
        o.push_str(&head);
        out.write_all(o.as_bytes())?;
        o.clear();
        for r in group {
            spool.write(&r.text, out)?;
        }
    }
    out.write_all(o.as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn pipes_are_escaped() {
        // The line break is shown escaped, and the escape itself is text.
        assert_eq!(super::cell("a|b\nc"), "a\\|b\\\\u\\{a\\}c");
        assert_eq!(super::code("a`b|c"), "a'b\\|c");
    }
}
