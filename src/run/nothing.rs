//! A run that checked nothing is not a pass. Zero checks means zero evidence:
//! the report says which cause it was (the filters, no records, no pack for the
//! place, no rule in force, no record in any rule's scope) and the run exits 1,
//! unless the user said an empty run is expected (`--allow-empty`).

use super::filter::Filter;
use crate::diag::Diag;
use crate::eval::NotChecked;
use crate::i18n::{Lang, tr};
use crate::pack::RuleSet;
use crate::report::Totals;

/// The diagnostic's code, which the exit code also reads.
pub const CODE: &str = "ylcheck::nothing_checked";

/// What the diagnosis reads besides the totals.
pub struct Run<'a> {
    pub set: &'a RuleSet,
    pub filter: &'a Filter<'a>,
    pub as_of: jiff::civil::Date,
    pub allow_empty: bool,
    pub lang: Lang,
}

/// Why nothing was checked, or `None` when something was: an error, or a note
/// when an empty run is allowed.
pub fn diagnose(run: &Run<'_>, totals: &Totals) -> Option<Diag> {
    if totals.summary.checks > 0 {
        return None;
    }
    let lang = run.lang;
    let (zh, en) = cause(run, totals);
    let d = if run.allow_empty {
        Diag {
            severity: miette::Severity::Advice,
            ..Diag::warning(CODE, "")
        }
        .with_help(lang.pick(
            "--allow-empty（或 ylcheck.toml 中的 allow_empty = true）允许这样的运行通过",
            "--allow-empty (or allow_empty = true in ylcheck.toml) lets such a run pass",
        ))
    } else {
        Diag::error(CODE, "").with_help(lang.pick(
            "没有检查就没有结论，因此退出码为 1；确实不需要检查时用 --allow-empty",
            "no check is no evidence, so the exit code is 1; where an empty run is expected, pass --allow-empty",
        ))
    };
    Some(Diag {
        message: tr(
            lang,
            format!("没有进行任何检查：{zh}"),
            format!("nothing was checked: {en}"),
        ),
        ..d
    })
}

/// The first cause that explains an empty run, in both languages.
fn cause(run: &Run<'_>, totals: &Totals) -> (String, String) {
    let set = run.set;
    let f = run.filter;
    let pack_id = |r: &crate::pack::Rule| set.packs[r.pack].id.as_str();
    let quoted = |v: &[String]| {
        v.iter()
            .map(|p| format!("'{p}'"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    if !set.rules.iter().any(|r| f.selected(pack_id(r), &r.id)) {
        if !set
            .rules
            .iter()
            .any(|r| f.selected_by_select(pack_id(r), &r.id))
        {
            let s = quoted(f.select);
            return (
                format!("--select {s} 没有匹配任何规则"),
                format!("--select {s} matched no rule"),
            );
        }
        let s = quoted(f.ignore);
        return (
            format!("所选的规则全部被 --ignore {s} 排除"),
            format!("every rule selected is ignored (--ignore {s})"),
        );
    }
    let outside = totals
        .diagnostics
        .iter()
        .any(|d| d.code == "ylcheck::region::outside");
    if totals.summary.records == 0 && outside {
        let r = &totals.region;
        return (
            format!("全部记录都不在 {r} 范围内（见 ylcheck::region::outside）"),
            format!("every record lies outside {r} (see ylcheck::region::outside)"),
        );
    }
    if totals.summary.records == 0 {
        return (
            "输入中没有任何数据记录".into(),
            "the inputs hold no records".into(),
        );
    }
    let present: Vec<usize> = totals
        .inputs
        .iter()
        .filter(|i| i.records > 0)
        .map(|i| i.entity)
        .collect();
    let ents = |zh: bool| {
        let mut names: Vec<String> = present
            .iter()
            .map(|&e| {
                let ent = &set.schema.entities[e];
                match (zh, ent.labels.first()) {
                    (true, Some(l)) => l.clone(),
                    _ => format!("`{}`", ent.name),
                }
            })
            .collect();
        names.dedup();
        names.join(if zh { "、" } else { ", " })
    };
    let applicable: Vec<usize> = (0..set.rules.len())
        .filter(|&r| {
            let rule = &set.rules[r];
            totals.packs.contains(&rule.pack)
                && f.selected(pack_id(rule), &rule.id)
                && present.contains(&rule.entity)
        })
        .collect();
    let region = &totals.region;
    if applicable.is_empty() {
        return (
            format!("适用于{region}的规则包中，没有规则检查{}记录", ents(true)),
            format!(
                "no rule of the packs that apply to {region} checks {} records",
                ents(false)
            ),
        );
    }
    let in_force = applicable.iter().any(|r| {
        !totals
            .not_checked
            .iter()
            .any(|(n, why)| n == r && matches!(why, NotChecked::NotInForce { .. }))
    });
    if !in_force {
        let d = run.as_of;
        return (
            format!("检查日期 {d} 时，检查这些记录的规则都不在施行期内"),
            format!("no rule for these records is in force as of {d}"),
        );
    }
    let n = totals.summary.records;
    (
        format!("{n} 条记录都不在任何规则的适用范围（for … where）内"),
        format!("none of the {n} records is within any rule's scope (for … where)"),
    )
}
