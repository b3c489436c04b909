//! `--format human`: rustc-style diagnostics, one per finding, each showing the data
//! file's line with the cell underlined, then a summary.

use super::{Context, amount};
use crate::diag::Diag;
use crate::eval::Outcome;
use crate::i18n::tr;
use crate::pack::{Cmp, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme};

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
pub fn finding_diag(ctx: &Context<'_>, f: &crate::eval::Finding) -> Diag {
    let lang = ctx.lang;
    let rule = ctx.rule(f);
    let loc = ctx.loc(f);
    let name = ctx.record_name(f);
    // The rule's own message names the record; the title does not.
    let message = match (f.outcome, &rule.message) {
        (Outcome::Unknown, _) => {
            format!("{name}{}{}", lang.pick("：", ": "), ctx.unknown_reason(f))
        }
        (_, Some(_)) => ctx.message(f),
        (_, None) => format!("{name}{}{}", lang.pick("：", ": "), rule.title.get(lang)),
    };
    let code = ctx.rule_id(f.rule);
    let mut d = match rule.severity {
        Severity::Error => Diag::error(code, message),
        Severity::Warning => Diag::warning(code, message),
        Severity::Info => Diag {
            severity: miette::Severity::Advice,
            ..Diag::warning(code, message)
        },
    };
    let label = match (&f.comparison, f.outcome) {
        (Some(c), _) => {
            let actual = amount(c.actual, &c.display).show();
            let required = amount(c.required, &c.display).show();
            tr(
                lang,
                format!("实际 {actual}，要求 {} {required}", op_text(c.op)),
                format!("actual {actual}, required {} {required}", op_text(c.op)),
            )
        }
        (None, Outcome::Unknown) => {
            let field = f.focus.map(|s| ctx.entity(f).fields[s].name.as_str());
            match (f.unknown, field) {
                (Some(crate::eval::Reason::Missing), Some(n))
                    if f.focus
                        .is_some_and(|s| !ctx.data.has_cell(ctx.record(f), s)) =>
                {
                    tr(lang, format!("缺少 `{n}`"), format!("no `{n}` here"))
                }
                (Some(crate::eval::Reason::Missing), Some(_)) => {
                    lang.pick("空白", "blank").to_string()
                }
                (Some(crate::eval::Reason::Invalid), Some(_)) => {
                    lang.pick("无法识别", "unreadable").to_string()
                }
                _ => lang.pick("无法判断", "cannot be checked").to_string(),
            }
        }
        (None, _) => {
            let ent = ctx.entity(f);
            let rec = ctx.record(f);
            match f.focus {
                Some(s) => tr(
                    lang,
                    format!("{} = {}", ent.fields[s].name, ctx.show_value(ent, rec, s)),
                    format!("{} = {}", ent.fields[s].name, ctx.show_value(ent, rec, s)),
                ),
                None => lang.pick("这条记录", "this record").to_string(),
            }
        }
    };
    let src = ctx.record(f).pos.source as usize;
    if let Some(source) = ctx.data.sources.get(src) {
        d = d
            .with_source(&source.path, source.text.clone())
            .with_label(miette::SourceSpan::new(loc.offset.into(), loc.len), label);
    }
    let mut help = vec![tr(
        lang,
        format!("要求：{}（{}）", rule.required_text, rule.title.zh),
        format!("required: {} ({})", rule.required_text, rule.title.en),
    )];
    if let Some(s) = f
        .comparison
        .and_then(|c| c.shortfall.map(|s| amount(s, &c.display).show()))
    {
        help.push(tr(lang, format!("差额：{s}"), format!("shortfall: {s}")));
    }
    help.push(tr(
        lang,
        format!("依据：{}", rule.cite),
        format!("cited: {}", rule.cite),
    ));
    d.with_help(help.join("\n"))
}

/// Renders every finding and the summary. `color` is for terminals.
pub fn render(ctx: &Context<'_>, color: bool, width: usize) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(width);
    let mut out = String::new();
    for w in &ctx.data.warnings {
        let _ = handler.render_report(&mut out, w);
    }
    for f in ctx.findings() {
        let d = finding_diag(ctx, f);
        let _ = handler.render_report(&mut out, &d);
        out.push('\n');
    }
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str(&summary(ctx));
    out
}

/// The closing lines: counts, and the rules that were not run.
pub fn summary(ctx: &Context<'_>) -> String {
    let s = &ctx.out.summary;
    let lang = ctx.lang;
    let mut out = tr(
        lang,
        format!(
            "检查日期 {}：{} 条记录，{} 项检查，通过 {}，不符合 {}，无法判断 {}（错误 {}，警告 {}）\n",
            ctx.as_of, s.records, s.checks, s.passed, s.failed, s.unknown, s.errors, s.warnings
        ),
        format!(
            "as of {}: {} records, {} checks, {} passed, {} failed, {} unknown ({} errors, {} warnings)\n",
            ctx.as_of, s.records, s.checks, s.passed, s.failed, s.unknown, s.errors, s.warnings
        ),
    );
    if !ctx.out.not_checked.is_empty() {
        out.push_str(lang.pick("未检查的规则：\n", "rules not checked:\n"));
        for (r, why) in &ctx.out.not_checked {
            out.push_str(&format!(
                "  {}: {}\n",
                ctx.rule_id(*r),
                ctx.not_checked_reason(why)
            ));
        }
    }
    out
}
