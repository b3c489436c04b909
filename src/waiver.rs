//! Waivers: approved exceptions to a rule for a record, read from `waivers.toml`.
//!
//! A waived finding is still reported — with who approved it, under which document,
//! until when — but it no longer fails the run. An exception must be accountable
//! and must end, so every waiver names its reason, approver, document and expiry;
//! one past its expiry stops applying and is itself reported, and one that matches
//! nothing is reported as stale.

use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use crate::settings::{Doc, entries, span};
use jiff::civil::Date;
use std::sync::Arc;
use toml::de::DeValue;
use wildmatch::WildMatch;

/// One `[[waiver]]`.
#[derive(Debug, Clone)]
pub struct Waiver {
    /// A glob on the rule id, matched against `pack/rule` and `rule`.
    pub rule: String,
    /// A glob on the record's name as findings show it.
    pub record: String,
    pub reason: String,
    pub approver: String,
    pub document: String,
    pub expires: Date,
    /// The `[[waiver]]` header: offset and length in the file.
    pub at: (usize, usize),
    /// Its line (1-based), for reports that name a place in the file.
    pub line: u32,
    rule_glob: WildMatch,
    record_glob: WildMatch,
}

impl Waiver {
    pub fn matches_rule(&self, pack: &str, id: &str) -> bool {
        self.rule_glob.matches(&format!("{pack}/{id}")) || self.rule_glob.matches(id)
    }

    pub fn matches_record(&self, record: &str) -> bool {
        self.record_glob.matches(record)
    }

    /// In force on `as_of`: the expiry date itself is the last day it applies.
    pub fn in_force(&self, as_of: Date) -> bool {
        as_of <= self.expires
    }
}

/// The waivers of one file.
#[derive(Debug, Clone)]
pub struct Waivers {
    /// The file, as named on the command line or in `ylcheck.toml`.
    pub path: String,
    pub text: Arc<str>,
    pub list: Vec<Waiver>,
}

const KEYS: &[&str] = &[
    "rule", "record", "reason", "approver", "document", "expires",
];

impl Waivers {
    /// Reads a waivers file. Every problem of the file is reported at once.
    pub fn parse(path: &str, text: Arc<str>, lang: Lang) -> Result<Waivers, Vec<Diag>> {
        let mut doc = Doc::new(path, text.clone(), lang);
        let root = doc.parse(&text)?;
        let mut list = Vec::new();
        for (key, value) in entries(root.get_ref()) {
            if key.get_ref() != "waiver" {
                doc.unknown_key(key, &["waiver"]);
                continue;
            }
            let items: Vec<_> = match value.get_ref() {
                DeValue::Array(items) => items.iter().collect(),
                _ => {
                    let message = doc.tr(
                        format!("{path}：每条豁免写作一个 [[waiver]] 表"),
                        format!("{path}: write each waiver as a [[waiver]] table"),
                    );
                    let label = doc.tr("不是 [[waiver]]", "not [[waiver]]");
                    let help = doc.tr(
                        "见 README 的“豁免”一节",
                        "see the README's section on waivers",
                    );
                    doc.error("ylcheck::waiver::shape", message, span(value), &label, help);
                    continue;
                }
            };
            for item in items {
                let Some(table) = doc.table("waiver", item) else {
                    continue;
                };
                if let Some(w) = read_one(&mut doc, table, span(item)) {
                    list.push(w);
                }
            }
        }
        if !doc.errors.is_empty() {
            return Err(doc.errors);
        }
        Ok(Waivers {
            path: path.to_string(),
            text,
            list,
        })
    }

    /// The waivers that apply to findings of a rule on `as_of`, by index.
    pub fn for_rule(&self, pack: &str, id: &str, as_of: Date) -> Vec<u32> {
        self.list
            .iter()
            .enumerate()
            .filter(|(_, w)| w.in_force(as_of) && w.matches_rule(pack, id))
            .filter_map(|(i, _)| u32::try_from(i).ok())
            .collect()
    }

    /// The warnings a run owes about its waivers: those past their expiry, and
    /// those in force that matched no finding (`hits` counts matches by waiver).
    /// `rule_ids` are the `pack/rule` ids of the rule set, to suggest a near one
    /// when a waiver's rule names none.
    pub fn warnings(
        &self,
        as_of: Date,
        hits: &[usize],
        rule_ids: &[String],
        lang: Lang,
    ) -> Vec<Diag> {
        let mut out = Vec::new();
        for (i, w) in self.list.iter().enumerate() {
            let located = |d: Diag, label: String| {
                d.with_source(&self.path, self.text.clone())
                    .with_label(miette::SourceSpan::new(w.at.0.into(), w.at.1), label)
            };
            // A rule id that names no rule, with the one it was likely meant for:
            // said of an unused waiver and of an expired one alike.
            let names_a_rule = rule_ids.iter().any(|full| {
                let id = full.rsplit('/').next().unwrap_or(full);
                w.rule_glob.matches(full) || w.rule_glob.matches(id)
            });
            let no_rule = (!names_a_rule).then(|| {
                let near = crate::diag::suggest(
                    &w.rule,
                    rule_ids
                        .iter()
                        .map(String::as_str)
                        .chain(rule_ids.iter().filter_map(|f| f.rsplit('/').next())),
                );
                match near {
                    Some(s) => tr(
                        lang,
                        format!("没有规则叫 `{}`；是不是 `{s}`？", w.rule),
                        format!("no rule is called `{}`; did you mean `{s}`?", w.rule),
                    ),
                    None => tr(
                        lang,
                        format!("没有规则叫 `{}`；`ylcheck rules` 列出全部规则", w.rule),
                        format!("no rule is called `{}`; `ylcheck rules` lists them", w.rule),
                    ),
                }
            });
            if !w.in_force(as_of) {
                let d = Diag::warning(
                    "ylcheck::waiver::expired",
                    tr(
                        lang,
                        format!(
                            "{}:{} 的豁免已于 {} 到期，不再适用：`{}` 对 `{}` 的结果照常计入",
                            self.path, w.line, w.expires, w.rule, w.record
                        ),
                        format!(
                            "the waiver at {}:{} expired on {}: `{}` on `{}` counts as usual",
                            self.path, w.line, w.expires, w.rule, w.record
                        ),
                    ),
                );
                let renew = tr(
                    lang,
                    format!("检查日期为 {as_of}；请续批（更新 document 和 expires）或删除这条豁免"),
                    format!(
                        "checking as of {as_of}; renew it (a new document and expires) or remove it"
                    ),
                );
                let help = match &no_rule {
                    Some(n) => tr(
                        lang,
                        format!("{renew}；另外，{n}"),
                        format!("{renew}; also, {n}"),
                    ),
                    None => renew,
                };
                out.push(
                    located(
                        d,
                        tr(
                            lang,
                            format!("{} 到期", w.expires),
                            format!("expired {}", w.expires),
                        ),
                    )
                    .with_help(help),
                );
                continue;
            }
            if hits.get(i).copied().unwrap_or(0) > 0 {
                continue;
            }
            let help = no_rule.unwrap_or_else(|| {
                tr(
                    lang,
                    "它豁免的问题已不存在，或该规则这次没有检查这条记录；不再需要就删除它",
                    "what it waived is no longer found, or the rule did not check that record this time; remove it if it is no longer needed",
                )
            });
            let d = Diag::warning(
                "ylcheck::waiver::unused",
                tr(
                    lang,
                    format!(
                        "{}:{} 的豁免没有对应任何检查结果（`{}` 对 `{}`）",
                        self.path, w.line, w.rule, w.record
                    ),
                    format!(
                        "the waiver at {}:{} matches no finding (`{}` on `{}`)",
                        self.path, w.line, w.rule, w.record
                    ),
                ),
            );
            out.push(located(d, tr(lang, "未用到", "matches nothing")).with_help(help));
        }
        out
    }
}

/// Reads one `[[waiver]]` table; `None` when it has problems (they are in `doc`).
fn read_one(doc: &mut Doc, table: &toml::de::DeTable<'_>, at: (usize, usize)) -> Option<Waiver> {
    let before = doc.errors.len();
    let mut rule = None;
    let mut record = None;
    let mut reason = None;
    let mut approver = None;
    let mut document = None;
    let mut expires = None;
    // Keys a misspelt key was taken for: reported once, as the misspelling.
    let mut meant = Vec::new();
    for (key, v) in entries(table) {
        let k = key.get_ref().as_ref();
        match k {
            "rule" => rule = doc.string(k, v),
            "record" => record = doc.string(k, v),
            "reason" => reason = doc.string(k, v).filter(|s| !blank(doc, k, s, v)),
            "approver" => approver = doc.string(k, v).filter(|s| !blank(doc, k, s, v)),
            "document" => document = doc.string(k, v).filter(|s| !blank(doc, k, s, v)),
            "expires" => expires = doc.date(k, v),
            _ => meant.extend(doc.unknown_key(key, KEYS)),
        }
    }
    let helps: [(&str, bool, &str, &str); 6] = [
        (
            "rule",
            rule.is_some() || has(table, "rule"),
            "规则 id，如 rule = \"kaifeng-2022-2/care-land-per-capita\"",
            "the rule id, e.g. rule = \"kaifeng-2022-2/care-land-per-capita\"",
        ),
        (
            "record",
            record.is_some() || has(table, "record"),
            "记录名称（可用通配符），如 record = \"祥符区\"",
            "the record's name (a glob is allowed), e.g. record = \"祥符区\"",
        ),
        (
            "reason",
            reason.is_some() || has(table, "reason"),
            "为什么豁免：豁免须说明理由",
            "why it is waived: a waiver must give its reason",
        ),
        (
            "approver",
            approver.is_some() || has(table, "approver"),
            "批准人，如 approver = \"开封市民政局 张三\"",
            "who approved it, e.g. approver = \"开封市民政局 张三\"",
        ),
        (
            "document",
            document.is_some() || has(table, "document"),
            "批准文件，如 document = \"汴民〔2026〕12号\"",
            "the approving document, e.g. document = \"汴民〔2026〕12号\"",
        ),
        (
            "expires",
            expires.is_some() || has(table, "expires"),
            "到期日（TOML 日期，不加引号），如 expires = 2027-06-30",
            "when it ends (a TOML date, no quotes), e.g. expires = 2027-06-30",
        ),
    ];
    for (key, present, zh, en) in helps {
        if !present && !meant.contains(&key) {
            let help = doc.tr(zh, en);
            doc.missing(key, at, help);
        }
    }
    if doc.errors.len() > before {
        return None;
    }
    let (rule, record) = (rule?, record?);
    let line = doc.text.get(..at.0).map_or(0, |s| s.matches('\n').count()) + 1;
    Some(Waiver {
        rule_glob: WildMatch::new(&rule),
        record_glob: WildMatch::new(&place_name(&record)),
        rule,
        record,
        reason: reason?,
        approver: approver?,
        document: document?,
        expires: expires?,
        at,
        line: u32::try_from(line).unwrap_or(u32::MAX),
    })
}

fn has(table: &toml::de::DeTable<'_>, key: &str) -> bool {
    table.get(key).is_some()
}

/// An empty reason, approver or document is as good as none: reported.
fn blank(doc: &mut Doc, key: &str, s: &str, v: &toml::Spanned<DeValue<'_>>) -> bool {
    if !s.trim().is_empty() {
        return false;
    }
    let message = doc.tr(
        format!("{}：`{key}` 不能为空", doc.name),
        format!("{}: `{key}` cannot be blank", doc.name),
    );
    let label = doc.tr("空的", "blank");
    let help = doc.tr(
        "豁免须写明理由、批准人和批准文件",
        "a waiver must say why, who approved it and under which document",
    );
    doc.error("ylcheck::waiver::blank", message, span(v), &label, help);
    true
}

/// A record named by a place (`祥符区`) as findings name it: by the place's full
/// name (`开封市祥符区`), which is how place fields are stored.
fn place_name(record: &str) -> String {
    match crate::region::shipped_index() {
        Some((_, ix)) => match ix.lookup(record).and_then(|g| ix.groups.get(g)) {
            Some(full) => full.clone(),
            None => record.to_string(),
        },
        None => record.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[waiver]]
rule = "kaifeng-2022-2/care-land-per-capita"
record = "祥符区"
reason = "用地已划拨，待调规"
approver = "开封市民政局 张三"
document = "汴民〔2026〕12号"
expires = 2027-06-30
"#;

    #[test]
    fn a_waiver_reads_and_matches() {
        let w = Waivers::parse("waivers.toml", Arc::from(GOOD), Lang::En).expect("parses");
        assert_eq!(w.list.len(), 1);
        let one = &w.list[0];
        assert_eq!(one.line, 2);
        assert!(one.matches_rule("kaifeng-2022-2", "care-land-per-capita"));
        assert!(!one.matches_rule("kaifeng-2022-2", "family-care-beds"));
        // Findings name a place by its full name, whichever name the waiver uses.
        assert!(one.matches_record("开封市祥符区"));
        let d = |y, m, dd| jiff::civil::date(y, m, dd);
        assert!(one.in_force(d(2027, 6, 30)));
        assert!(!one.in_force(d(2027, 7, 1)));
        assert_eq!(
            w.for_rule("kaifeng-2022-2", "care-land-per-capita", d(2026, 1, 1)),
            vec![0]
        );
        assert!(
            w.for_rule("kaifeng-2022-2", "care-land-per-capita", d(2028, 1, 1))
                .is_empty()
        );
    }

    #[test]
    fn globs_cover_rules_and_records() {
        let text = GOOD
            .replace("kaifeng-2022-2/care-land-per-capita", "kaifeng-2022-2/*")
            .replace("\"祥符区\"", "\"*区\"");
        let w = Waivers::parse("w.toml", Arc::from(text), Lang::En).expect("parses");
        assert!(w.list[0].matches_rule("kaifeng-2022-2", "family-care-beds"));
        assert!(!w.list[0].matches_rule("henan-2022-57", "family-care-beds"));
        assert!(w.list[0].matches_record("龙亭区"));
        assert!(!w.list[0].matches_record("城西街道"));
    }

    #[test]
    fn every_problem_is_reported() {
        let text = "[[waiver]]\nrule = \"x\"\nrecord = \"y\"\nreasn = \"typo\"\nexpires = \"2027-01-01\"\n\n[[waiver]]\nrule = 3\n";
        let errs = Waivers::parse("w.toml", Arc::from(text), Lang::En).expect_err("invalid");
        let messages: Vec<&str> = errs.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("unknown key `reasn`")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("without quotes")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`approver` is required")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`rule` must be a string")),
            "{messages:?}"
        );
        // The first table lacks approver and document (`reasn` is reported as a
        // misspelt `reason`, not as a missing one); the second all but rule.
        assert_eq!(
            errs.iter()
                .filter(|d| d.message.contains("is required"))
                .count(),
            2 + 5
        );
    }
}
