//! `--statistics`: how each rule came out, one line per rule with the most
//! standing failures first, the way `ruff check --statistics` counts its codes.
//! Every column partitions the rule's checks: a waived finding is counted as
//! waived, not as failed or unknown.

use super::table::{self, Align};
use super::{Context, Totals};
use crate::eval::Summary;

/// One rule's counts.
struct Line {
    rule: usize,
    fail: usize,
    unknown: usize,
    waived: usize,
    pass: usize,
    skipped: usize,
}

fn line(rule: usize, s: &Summary, skipped: usize) -> Line {
    Line {
        rule,
        fail: s.failed - s.waived_failed,
        unknown: s.unknown - s.waived_unknown,
        waived: s.waived(),
        pass: s.passed,
        skipped,
    }
}

/// The table. A rule that was not run counts the records of its entity it
/// skipped (none when no input had that entity: then it has no line).
pub fn render(ctx: &Context<'_>, totals: &Totals) -> String {
    // Region and file names come from the input: shown, never obeyed.
    crate::escape::terminal(&render_text(ctx, totals)).into_owned()
}

fn render_text(ctx: &Context<'_>, totals: &Totals) -> String {
    let lang = ctx.lang;
    let none = Summary::default();
    let mut lines: Vec<Line> = totals
        .per_rule
        .iter()
        .enumerate()
        .filter(|(_, s)| s.checks > 0)
        .map(|(r, s)| line(r, s, 0))
        .collect();
    for (r, _) in &totals.not_checked {
        let entity = ctx.set.rules[*r].entity;
        let skipped = totals.per_entity.get(entity).copied().unwrap_or(0);
        if skipped > 0 && !lines.iter().any(|l| l.rule == *r) {
            let s = totals.per_rule.get(*r).unwrap_or(&none);
            lines.push(line(*r, s, skipped));
        }
    }
    lines.sort_by(|a, b| {
        b.fail
            .cmp(&a.fail)
            .then(b.unknown.cmp(&a.unknown))
            .then(b.waived.cmp(&a.waived))
            .then(ctx.rule_id(a.rule).cmp(ctx.rule_id(b.rule)))
    });
    let mut out = lang
        .pick(
            "各规则的检查结果（不符合多的在前）：\n",
            "Statistics per rule (most failures first):\n",
        )
        .to_string();
    if lines.is_empty() {
        out.push_str(lang.pick("  没有进行任何检查\n", "  no checks were made\n"));
        return out;
    }
    let head: Vec<String> = [
        lang.pick("不符合", "fail"),
        lang.pick("无法判断", "unknown"),
        lang.pick("已豁免", "waived"),
        lang.pick("通过", "pass"),
        lang.pick("未检查", "skipped"),
        lang.pick("规则", "rule"),
        lang.pick("标题", "title"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut align = vec![Align::Right; 5];
    align.extend([Align::Left, Align::Left]);
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            vec![
                l.fail.to_string(),
                l.unknown.to_string(),
                l.waived.to_string(),
                l.pass.to_string(),
                l.skipped.to_string(),
                ctx.rule_id(l.rule).to_string(),
                ctx.set.rules[l.rule].title.get(lang).to_string(),
            ]
        })
        .collect();
    out.push_str(&table::render(&head, &align, &rows));
    out
}
