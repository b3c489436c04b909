//! A run that checked nothing is not a pass. Zero checks means zero evidence:
//! the report says which cause it was (the filters, no records, no pack for the
//! place, no rule in force, or, record by record, why: a place that is no place,
//! a place no pack covers, tables or columns the rules need, their scope) and the
//! run exits 1, unless the user said an empty run is expected (`--allow-empty`).

use super::filter::Filter;
use super::places::Placer;
use crate::diag::Diag;
use crate::eval::{NotChecked, Tally};
use crate::i18n::{Lang, tr};
use crate::pack::RuleSet;
use crate::report::{Totals, Unjudged};
use crate::schema::EntityId;
use std::collections::BTreeMap;

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
    // A place that is no place, or one no city's or county's pack covers, says
    // more than which packs or rules apply.
    let place_first = totals
        .unjudged
        .iter()
        .any(|(w, _)| matches!(w, Unjudged::Place | Unjudged::NoPack(_)));
    if place_first && let Some(why) = breakdown(run, totals) {
        return why;
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
    if let Some(why) = breakdown(run, totals) {
        return why;
    }
    let n = totals.summary.records;
    (
        format!("{n} 条记录都不符合任何规则的适用条件"),
        format!("none of the {n} records is within any rule's scope (for … where)"),
    )
}

/// What deciding why records went unchecked reads of the run.
pub(super) struct Judges<'a> {
    pub set: &'a RuleSet,
    pub placer: &'a Placer<'a>,
    pub selected: &'a dyn Fn(&str, &str) -> bool,
    pub as_of: jiff::civil::Date,
    /// Whether an input gives records of the entity.
    pub given: &'a dyn Fn(EntityId) -> bool,
    pub tally: &'a Tally,
}

/// The records no rule checked, counted by why ([`Tally::unjudged`]): a bad place
/// cell says it all; a place only the province's packs cover, while a city's or
/// county's would have rules for such records, comes next; else each reason
/// that held for one of its rules.
pub(super) fn unjudged(j: &Judges<'_>) -> Vec<(Unjudged, usize)> {
    use crate::eval::skipped;
    let set = j.set;
    let placer = j.placer;
    let rules_for = |e: EntityId, pack: &dyn Fn(usize) -> bool| -> Vec<&crate::pack::Rule> {
        set.rules
            .iter()
            .filter(|r| {
                r.entity == e
                    && pack(r.pack)
                    && r.in_force(j.as_of)
                    && (j.selected)(&set.packs[r.pack].id, &r.id)
            })
            .collect()
    };
    let mut out: BTreeMap<Unjudged, usize> = BTreeMap::new();
    let mut places: BTreeMap<String, usize> = BTreeMap::new();
    for (&(e, zone, why), &n) in &j.tally.unjudged {
        if why & skipped::PLACE != 0 {
            *out.entry(Unjudged::Place).or_default() += n;
            continue;
        }
        let place = placer.ix.groups.get(zone);
        let local_here =
            (0..set.packs.len()).any(|p| placer.is_local(p) && placer.applies(zone, p));
        let local_elsewhere = !rules_for(e, &|p| placer.is_local(p)).is_empty();
        if let Some(place) = place
            && !local_here
            && local_elsewhere
        {
            *places.entry(place.clone()).or_default() += n;
            continue;
        }
        if why & skipped::NO_RULE != 0 {
            *out.entry(Unjudged::NoRule).or_default() += n;
        }
        if why & skipped::NEEDS != 0 {
            let mut needs: Vec<EntityId> = rules_for(e, &|p| placer.applies(zone, p))
                .into_iter()
                .flat_map(|r| r.needs.iter().copied())
                .filter(|&x| !(j.given)(x))
                .collect();
            needs.sort_unstable();
            needs.dedup();
            *out.entry(Unjudged::Needs(needs)).or_default() += n;
        }
        if why & skipped::COLUMN != 0 {
            *out.entry(Unjudged::Column).or_default() += n;
        }
        if why & skipped::NOT_IN_FORCE != 0 {
            *out.entry(Unjudged::NotInForce).or_default() += n;
        }
        if why & skipped::SCOPE != 0 {
            *out.entry(Unjudged::Scope).or_default() += n;
        }
    }
    if !places.is_empty() {
        let n = places.values().sum();
        out.insert(Unjudged::NoPack(places.into_keys().collect()), n);
    }
    out.into_iter().collect()
}

/// Why the records were not checked, reason by reason; `None` when no record
/// was counted.
fn breakdown(run: &Run<'_>, totals: &Totals) -> Option<(String, String)> {
    if totals.unjudged.is_empty() {
        return None;
    }
    let set = run.set;
    let n = totals.summary.records;
    let (mut zh, mut en) = (Vec::new(), Vec::new());
    for (why, k) in &totals.unjudged {
        let k = *k;
        // English agreement: `1 lies`, `2 lie`.
        let v = |one: &'static str, many: &'static str| if k == 1 { one } else { many };
        let (z, e) = match why {
            Unjudged::Place => (
                format!(
                    "{k} 条所填的地名不是已知的市、县（区），或几个市都有同名的（见 ylcheck::region::unknown_place、ylcheck::region::ambiguous_place）"
                ),
                format!(
                    "{k} {} a place that is no known city or county, or that several cities share (see ylcheck::region::unknown_place, ylcheck::region::ambiguous_place)",
                    v("names", "name")
                ),
            ),
            Unjudged::NoPack(places) => (
                format!(
                    "{k} 条所在的地区（{}）没有市、县（区）的规则包，全省的规则也没有检查它们",
                    places.join("、")
                ),
                format!(
                    "{k} {} in {}, which no city's or county's pack covers, and no rule of the province's packs checked {}",
                    v("lies", "lie"),
                    places.join(", "),
                    v("it", "them")
                ),
            ),
            Unjudged::NoRule => (
                format!("{k} 条所在地区的规则包中，没有（被选中且在施行期内的）规则检查此类记录"),
                format!(
                    "{k} {} of a kind no rule (selected and in force) of {} place's packs checks",
                    v("is", "are"),
                    v("its", "their")
                ),
            ),
            Unjudged::Needs(needs) => {
                let labels: Vec<String> = needs
                    .iter()
                    .map(|&x| {
                        let ent = &set.schema.entities[x];
                        ent.labels.first().unwrap_or(&ent.name).clone()
                    })
                    .collect();
                let names: Vec<String> = needs
                    .iter()
                    .map(|&x| format!("`{}`", set.schema.entities[x].name))
                    .collect();
                (
                    format!("{k} 条的规则还需要未提供的其他表（{}）", labels.join("、")),
                    format!(
                        "for {k}, the rules also need tables no input gives ({})",
                        names.join(", ")
                    ),
                )
            }
            Unjudged::Column => (
                format!("{k} 条的规则所需的列在表中缺失（见 ylcheck::data::missing_column）"),
                format!(
                    "for {k}, the tables lack columns the rules need (see ylcheck::data::missing_column)"
                ),
            ),
            Unjudged::NotInForce => (
                format!(
                    "{k} 条适用的规则在检查日期 {} 时不在施行期内（见“未检查的规则”）",
                    run.as_of
                ),
                format!(
                    "for {k}, the rules that apply are not in force as of {} (see the rules not checked)",
                    run.as_of
                ),
            ),
            Unjudged::Scope => (
                format!("{k} 条不符合任何规则的适用条件"),
                format!(
                    "{k} {} outside every rule's scope (for … where)",
                    v("is", "are")
                ),
            ),
        };
        zh.push(z);
        en.push(e);
    }
    let counted: usize = totals.unjudged.iter().map(|(_, k)| k).sum();
    let (zh_more, en_more) = if counted > n {
        (
            "（一条记录可能有几种原因）",
            " (a record may count under several reasons)",
        )
    } else {
        ("", "")
    };
    Some((
        format!("{n} 条记录中{zh_more}，{}", zh.join("；")),
        format!("of the {n} records{en_more}, {}", en.join("; ")),
    ))
}
