//! `ylcheck explain RULE`: a rule's own documentation, in fixed sections — its
//! source, the clause's own words, why, what it checks, when it is in force, examples
//! from its tests — as `ruff rule` shows a lint's. `ylcheck explain KF-6b` (a standard)
//! lists the rules that check it and what they leave unchecked.

use ylcheck::i18n::{Lang, tr};
use ylcheck::lang::ast::Expect;
use ylcheck::pack::RuleSet;

pub fn render(set: &RuleSet, r: &ylcheck::pack::Rule, lang: Lang) -> String {
    let pack = &set.packs[r.pack];
    let ent = &set.schema.entities[r.entity];
    let mut s = format!("{}/{}: {}\n\n", pack.id, r.id, r.title.get(lang));
    let l = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    s.push_str(&format!("{}\n  {}\n", l("## 依据", "## Source"), r.cite));
    if let Some(doc) = document(pack, lang) {
        s.push_str(&format!("  {doc}\n"));
    }
    // The document's words, verbatim (a test holds them to the document): in both
    // languages, since a translation is not the clause.
    let quotes = r.quotes();
    if !quotes.is_empty() {
        s.push_str(&format!("\n{}\n", l("## 原文", "## Text (原文, verbatim)")));
        for q in quotes {
            s.push_str(&format!("  “{q}”\n"));
        }
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
    if let Some((zh, en)) = &r.requirement {
        let segs = lang.pick_ref::<Vec<ylcheck::pack::Seg>>(zh, en);
        s.push_str(&format!(
            "  {}{}\n",
            l("报告中写作：", "reports say: "),
            template(segs, ent, r)
        ));
    }
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

/// `ylcheck explain KF-6b`: a standard of the packs' documents, the rules that claim
/// it and how far they check it — so a reader starting from the document's list of
/// standards finds the rules, and learns what no rule checks. `None` if no pack
/// names the standard.
pub fn render_standard(set: &RuleSet, id: &str, lang: Lang) -> Option<String> {
    let l = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    let mut s = String::new();
    for (pi, pack) in set.packs.iter().enumerate() {
        let rules: Vec<&ylcheck::pack::Rule> = set
            .rules
            .iter()
            .filter(|r| r.pack == pi && r.standards.iter().any(|x| x == id))
            .collect();
        let partial = set.partial.iter().find(|p| p.pack == pi && p.id == id);
        let unchecked = set.unchecked.iter().find(|u| u.pack == pi && u.id == id);
        if rules.is_empty() && unchecked.is_none() {
            continue;
        }
        let status = match (rules.is_empty(), partial) {
            (false, None) => l("已检查", "checked"),
            (false, Some(_)) => l("部分检查", "partly checked"),
            (true, _) => l("无法检查", "not checkable"),
        };
        if !s.is_empty() {
            s.push('\n');
        }
        s.push_str(&format!("{}/{id}: {status}\n", pack.id));
        let mut cites: Vec<&str> = Vec::new();
        for c in rules
            .iter()
            .map(|r| r.cite.as_str())
            .chain(partial.and_then(|p| p.cite.as_deref()))
            .chain(unchecked.and_then(|u| u.cite.as_deref()))
        {
            if !cites.contains(&c) {
                cites.push(c);
            }
        }
        if !cites.is_empty() || pack.source.is_some() {
            s.push_str(&format!("\n{}\n", l("## 依据", "## Source")));
            for c in &cites {
                s.push_str(&format!("  {c}\n"));
            }
            if let Some(doc) = document(pack, lang) {
                s.push_str(&format!("  {doc}\n"));
            }
        }
        if !rules.is_empty() {
            s.push_str(&format!("\n{}\n", l("## 规则", "## Rules")));
            for r in &rules {
                s.push_str(&format!("  {}/{}  {}\n", pack.id, r.id, r.title.get(lang)));
            }
        }
        if let Some(p) = partial {
            s.push_str(&format!(
                "\n{}\n  {}\n",
                l("## 未检查", "## Not checked"),
                p.missing.get(lang)
            ));
        }
        if let Some(u) = unchecked {
            s.push_str(&format!(
                "\n{}\n  {}\n",
                l("## 无法检查的原因", "## Why it cannot be checked"),
                u.reason.get(lang)
            ));
        }
        if let [only] = rules.as_slice() {
            // One rule: its own explanation follows, so no second command is needed.
            s.push_str(&format!("\n{}\n", "-".repeat(40)));
            s.push_str(&render(set, only, lang));
        } else if !rules.is_empty() {
            s.push_str(&format!(
                "\n  {}\n",
                l(
                    "`ylcheck explain 规则包/规则` 说明每条规则",
                    "`ylcheck explain PACK/RULE` explains each rule"
                )
            ));
        }
    }
    (!s.is_empty()).then_some(s)
}

/// A message or requirement as the pack writes it, placeholders and all.
fn template(
    segs: &[ylcheck::pack::Seg],
    ent: &ylcheck::schema::Entity,
    r: &ylcheck::pack::Rule,
) -> String {
    use ylcheck::pack::Seg;
    segs.iter()
        .map(|seg| match seg {
            Seg::Lit(t) => t.clone(),
            Seg::Field(slot) => format!("{{{}}}", ent.fields[*slot].name),
            Seg::Let(i) => format!("{{{}}}", r.lets.get(*i).map_or("", |l| l.name.as_str())),
            Seg::Required => "{required}".to_string(),
            Seg::Faults => "{faults}".to_string(),
            Seg::Lacking => "{lacking}".to_string(),
            Seg::FaultsEach(pattern) => {
                let inner: String = pattern
                    .iter()
                    .map(|p| match p {
                        ylcheck::pack::FaultSeg::Lit(t) => t.as_str(),
                        ylcheck::pack::FaultSeg::Column => "{column}",
                        ylcheck::pack::FaultSeg::Actual => "{actual}",
                        ylcheck::pack::FaultSeg::Required => "{required}",
                    })
                    .collect();
                format!("{{faults: {inner}}}")
            }
        })
        .collect()
}

/// The pack's document: its number and title (`汴政〔2022〕2号 开封市…实施方案`).
fn document(pack: &ylcheck::pack::Pack, lang: Lang) -> Option<String> {
    let src = pack.source.as_ref()?;
    Some(match &pack.title {
        Some(t) => format!("{src} {}", t.get(lang)),
        None => src.clone(),
    })
}
