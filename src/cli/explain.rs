//! `ylcheck explain RULE`: a rule's own documentation, in fixed sections — its
//! source, why, what it checks, when it is in force, examples from its tests —
//! as `ruff rule` shows a lint's.

use crate::i18n::{Lang, tr};
use crate::lang::ast::Expect;
use crate::pack::RuleSet;

pub fn render(set: &RuleSet, r: &crate::pack::Rule, lang: Lang) -> String {
    let pack = &set.packs[r.pack];
    let ent = &set.schema.entities[r.entity];
    let mut s = format!("{}/{}: {}\n\n", pack.id, r.id, r.title.get(lang));
    let l = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    s.push_str(&format!("{}\n  {}\n", l("## 依据", "## Source"), r.cite));
    if let Some(src) = &pack.source {
        let title = pack
            .title
            .as_ref()
            .map_or(String::new(), |t| format!(" {}", t.get(lang)));
        s.push_str(&format!("  {src}{title}\n"));
    }
    if let Some(n) = &r.note {
        s.push_str(&format!(
            "\n{}\n  {}\n",
            l("## 说明", "## Why"),
            n.get(lang)
        ));
    }
    s.push_str(&format!(
        "\n{}\n  for {}",
        l("## 检查内容", "## What it checks"),
        ent.name
    ));
    if let Some(f) = &r.filter_text {
        s.push_str(&format!(" where {f}"));
    }
    for l in &r.lets {
        s.push_str(&format!("\n  let {} = {}", l.name, l.text));
    }
    s.push_str(&format!("\n  require {}\n", r.required_text));
    s.push_str(&format!("  severity {}\n", r.severity.name()));
    let window = match (r.from, r.until) {
        // A task with a deadline is checked all along; what changes is its standing.
        (None, None) if r.due.is_some() => String::new(),
        (None, None) => l("始终施行", "always in force"),
        (Some(f), None) => tr(lang, format!("{f} 起施行"), format!("in force from {f}")),
        (None, Some(u)) => tr(lang, format!("施行至 {u}"), format!("in force until {u}")),
        // A year's target judged on its year-end figures alone.
        (Some(f), Some(u)) if f == u => tr(
            lang,
            format!("仅 {f} 当日施行（按该日数据核对）"),
            format!("in force on {f} only (checked on that day's figures)"),
        ),
        (Some(f), Some(u)) => tr(
            lang,
            format!("{f} 至 {u} 施行"),
            format!("in force from {f} until {u}"),
        ),
    };
    s.push_str(&format!("\n{}\n", l("## 施行期", "## In force")));
    if !window.is_empty() {
        s.push_str(&format!("  {window}\n"));
    }
    if let Some(d) = r.due {
        s.push_str(&format!(
            "  {}\n",
            tr(
                lang,
                format!("期限 {d}：当日及以前未达标为“进度落后”（警告），次日起为“已逾期”"),
                format!(
                    "due {d}: a shortfall up to and on that day is \"behind\" (a warning), \"overdue\" from the day after"
                ),
            )
        ));
    }
    if let Some(region) = &pack.region {
        s.push_str(&format!("  {}{region}\n", l("适用地区：", "applies in: ")));
    }
    // Examples come from the pack's own tests, as written there.
    let mut cases = 0;
    let mut examples = String::new();
    for t in set
        .tests
        .iter()
        .filter(|t| std::ptr::eq(&set.rules[t.rule], r))
    {
        let text = &set.files[t.file].text;
        cases += t.cases.len();
        for c in &t.cases {
            if matches!(c.expect, Expect::Pass | Expect::Fail | Expect::Given)
                && let Some(src) = text.get(c.span.range())
            {
                examples.push_str(&format!(
                    "  {}\n",
                    src.split_whitespace().collect::<Vec<_>>().join(" ")
                ));
            }
        }
    }
    if !examples.is_empty() {
        s.push_str(&format!("\n{}\n{examples}", l("## 示例", "## Examples")));
    }
    s.push_str(&format!(
        "\n{}\n  {}\n",
        l("## 测试", "## Tests"),
        tr(
            lang,
            format!("{cases} 个测试用例（ylcheck test）"),
            format!("{cases} test cases (ylcheck test)")
        )
    ));
    s
}
