//! `--select` and `--ignore`: which rules a run may use, decided by id alone, and
//! the patterns that name no rule (a typo there would silently check less).

use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use crate::pack::RuleSet;

/// The globs of `--select` and `--ignore` (after the project's settings).
pub struct Filter<'a> {
    pub select: &'a [String],
    pub ignore: &'a [String],
}

/// Whether a glob matches a rule, by its full id (`pack/rule`) or its own.
fn matches(pattern: &str, pack: &str, id: &str) -> bool {
    let w = wildmatch::WildMatch::new(pattern);
    w.matches(&format!("{pack}/{id}")) || w.matches(id)
}

impl Filter<'_> {
    pub fn selected_by_select(&self, pack: &str, id: &str) -> bool {
        self.select.is_empty() || self.select.iter().any(|p| matches(p, pack, id))
    }

    pub fn ignored(&self, pack: &str, id: &str) -> bool {
        self.ignore.iter().any(|p| matches(p, pack, id))
    }

    /// Whether the run uses the rule.
    pub fn selected(&self, pack: &str, id: &str) -> bool {
        self.selected_by_select(pack, id) && !self.ignored(pack, id)
    }

    /// A warning for each `--select` glob that matches no rule of the set, with
    /// the nearest rule id when one is close.
    pub fn unmatched(&self, set: &RuleSet, lang: Lang) -> Vec<Diag> {
        let ids: Vec<(String, &str)> = set
            .rules
            .iter()
            .map(|r| (set.packs[r.pack].id.clone(), r.id.as_str()))
            .collect();
        let full: Vec<String> = ids.iter().map(|(p, id)| format!("{p}/{id}")).collect();
        self.select
            .iter()
            .filter(|p| !ids.iter().any(|(pack, id)| matches(p, pack, id)))
            .map(|p| {
                let d = Diag::warning(
                    "ylcheck::select::unmatched",
                    tr(
                        lang,
                        format!("--select '{p}' 没有匹配任何规则"),
                        format!("--select '{p}' matched no rule"),
                    ),
                );
                let candidates = full
                    .iter()
                    .map(String::as_str)
                    .chain(ids.iter().map(|(_, id)| *id));
                d.did_you_mean(lang, p, candidates).or_help(lang.pick(
                    "`ylcheck rules` 列出全部规则的编号（规则包/规则）",
                    "`ylcheck rules` lists every rule id (pack/rule)",
                ))
            })
            .collect()
    }
}
