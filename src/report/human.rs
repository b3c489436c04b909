//! `--format human`: rustc-style diagnostics, one per finding, each showing the
//! input's lines with the cell underlined, then a summary.

use super::{Context, Totals};
use crate::data::Value;
use crate::diag::Diag;
use crate::eval::{Cell, Finding, Outcome, Reason};
use crate::i18n::tr;
use crate::pack::{Cmp, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme};
use std::sync::Arc;

fn op_text(op: Cmp) -> &'static str {
    match op {
        Cmp::Eq => "=",
        Cmp::Ne => "≠",
        Cmp::Lt => "<",
        Cmp::Le => "≤",
        Cmp::Gt => ">",
        Cmp::Ge => "≥",
    }
}

/// Builds the diagnostic shown for one finding.
pub fn finding_diag(ctx: &Context<'_>, f: &Finding) -> Diag {
    let lang = ctx.lang;
    let rule = ctx.rule(f);
    let name = crate::escape::quoted(&f.record);
    // The rule's own message names the record; the title does not.
    let message = match (f.outcome, &rule.message) {
        (Outcome::Unknown, _) => {
            format!("{name}{}{}", lang.pick("：", ": "), ctx.unknown_reason(f))
        }
        (_, Some(_)) => ctx.message(f) + &ctx.progress_note(f),
        (_, None) => format!(
            "{name}{}{}{}",
            lang.pick("：", ": "),
            rule.title.get(lang),
            ctx.progress_note(f)
        ),
    };
    let code = ctx.rule_id(f.rule).to_string();
    let waiver = ctx.waiver(f);
    // A waived finding is shown, marked, as advice: it no longer fails the run.
    let mut d = match (waiver, f.severity) {
        (Some(_), _) => Diag {
            severity: miette::Severity::Advice,
            ..Diag::warning(
                code,
                format!("{}{message}", lang.pick("【已豁免】", "[waived] ")),
            )
        },
        (None, Severity::Error) => Diag::error(code, message),
        (None, Severity::Warning) => Diag::warning(code, message),
        (None, Severity::Info) => Diag {
            severity: miette::Severity::Advice,
            ..Diag::warning(code, message)
        },
    };
    let ent = ctx.entity(f);
    let field = f.focus.map(|s| ctx.field_label(ent, s));
    let label = match (&f.comparison, f.outcome) {
        (Some(c), _) => {
            let super::Figures {
                actual, required, ..
            } = super::Figures::of(c);
            let op = op_text(c.op);
            tr(
                lang,
                format!("实际 {actual}，要求 {op} {required}"),
                format!("actual {actual}, required {op} {required}"),
            )
        }
        (None, Outcome::Unknown) => match (f.unknown, field) {
            (Some(Reason::Missing), Some(n))
                if matches!(f.cell, Cell::Absent | Cell::Unwritten | Cell::Derived(_)) =>
            {
                tr(lang, format!("缺少“{n}”"), format!("no `{n}` here"))
            }
            (Some(Reason::Missing), Some(_)) => lang.pick("空白", "blank").to_string(),
            (Some(Reason::Invalid), Some(_)) => lang.pick("无法识别", "unreadable").to_string(),
            _ => lang.pick("无法判断", "cannot be checked").to_string(),
        },
        (None, _) => match f.focus {
            Some(s) => match ctx.value(f, s) {
                None | Some(Value::Missing) => tr(
                    lang,
                    format!("{}未填", ctx.field_label(ent, s)),
                    format!("{} not given", ctx.field_label(ent, s)),
                ),
                v => format!(
                    "{} = {}",
                    ctx.field_label(ent, s),
                    ctx.show_value(ent, s, v)
                ),
            },
            None => lang.pick("这条记录", "this record").to_string(),
        },
    };
    if let Some(snip) = &f.snippet {
        d = d
            .with_source_at(
                &ctx.location(f),
                Arc::from(snip.text.as_str()),
                snip.first_line as usize,
            )
            .with_label(
                miette::SourceSpan::new(snip.span.0.into(), snip.span.1),
                label,
            );
    }
    let mut help = vec![tr(
        lang,
        format!("要求：{}", ctx.requirement(f)),
        format!("required: {}", ctx.requirement(f)),
    )];
    if let Some(cols) = ctx.faults_note(f) {
        help.push(tr(
            lang,
            format!("不符的栏目：{cols}"),
            format!("columns at fault: {cols}"),
        ));
    }
    if let Some(s) = f.comparison.and_then(|c| super::Figures::of(&c).shortfall) {
        // Over a ceiling (a claim above what is allowed) it is an excess, not a shortfall.
        let over = f
            .comparison
            .is_some_and(|c| matches!(c.op, Cmp::Le | Cmp::Lt));
        if over {
            help.push(tr(lang, format!("超出：{s}"), format!("excess: {s}")));
        } else {
            help.push(tr(lang, format!("差额：{s}"), format!("shortfall: {s}")));
        }
    }
    help.push(tr(
        lang,
        format!("依据：{}", rule.cite),
        format!("cited: {}", rule.cite),
    ));
    // The help has lines of its own: a line break in a file or sheet name
    // would start another.
    let at = crate::escape::line(&ctx.location(f)).into_owned();
    match (&f.cell_ref, &f.snippet) {
        (Some(cell), _) => help.push(tr(
            lang,
            format!("位置：{at}!{cell}"),
            format!("at: {at}!{cell}"),
        )),
        (None, None) => help.push(format!("{at}:{}:{}", f.line, f.column)),
        (None, Some(_)) => {}
    }
    if let Some(w) = waiver {
        help.push(ctx.waiver_note(w));
    }
    d.with_help(help.join("\n"))
}

/// A renderer for terminals (`color`) or files and snapshots.
pub fn handler(color: bool, width: usize) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme).with_width(width)
}

/// One finding as rendered text, ending with a blank line.
pub fn finding(ctx: &Context<'_>, f: &Finding, handler: &GraphicalReportHandler) -> String {
    let mut out = String::new();
    let _ = handler.render_report(&mut out, &finding_diag(ctx, f).fit());
    out.push('\n');
    out
}

/// The closing lines: counts, and the rules that were not run.
pub fn summary(ctx: &Context<'_>, totals: &Totals) -> String {
    // Region and file names come from the input: shown, never obeyed.
    crate::escape::terminal(&summary_text(ctx, totals)).into_owned()
}

fn summary_text(ctx: &Context<'_>, totals: &Totals) -> String {
    let s = &totals.summary;
    let lang = ctx.lang;
    let waived = match s.waived() {
        0 => String::new(),
        n => tr(
            lang,
            format!("，其中已豁免 {n}"),
            format!(", {n} of them waived"),
        ),
    };
    let mut out = tr(
        lang,
        format!(
            "检查日期 {}：{} 条记录，{} 项检查，通过 {}，不符合 {}，无法判断 {}{waived}（错误 {}，警告 {}）\n",
            ctx.as_of, s.records, s.checks, s.passed, s.failed, s.unknown, s.errors, s.warnings
        ),
        format!(
            "as of {}: {} records, {} checks, {} passed, {} failed, {} unknown{waived} ({} errors, {} warnings)\n",
            ctx.as_of, s.records, s.checks, s.passed, s.failed, s.unknown, s.errors, s.warnings
        ),
    );
    if let Some(st) = &totals.settings {
        out.push_str(&st.line(lang));
        out.push('\n');
    }
    if !totals.not_checked.is_empty() {
        out.push_str(lang.pick("未检查的规则：\n", "rules not checked:\n"));
        // One line per pack and reason: a pack for data the input lacks is one line.
        let mut groups: Vec<(&str, String, Vec<&str>)> = Vec::new();
        for (r, why) in &totals.not_checked {
            let rule = &ctx.set.rules[*r];
            let pack = ctx.set.packs[rule.pack].id.as_str();
            let reason = ctx.not_checked_reason(why);
            match groups
                .iter_mut()
                .find(|(p, w, _)| *p == pack && *w == reason)
            {
                Some((_, _, ids)) => ids.push(&rule.id),
                None => groups.push((pack, reason, vec![&rule.id])),
            }
        }
        for (pack, reason, ids) in groups {
            match ids.as_slice() {
                [one] => out.push_str(&format!("  {pack}/{one}: {reason}\n")),
                _ => out.push_str(&format!("  {pack}/{{{}}}: {reason}\n", ids.join(", "))),
            }
        }
    }
    out
}
