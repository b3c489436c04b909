//! Renders findings. Every format reads the same [`Context`]; each renderer lives in
//! its own module and only decides layout. A finding is rendered as soon as it is
//! found (on whichever thread found it), so a run keeps text, not records; the
//! text waits in a [`spool::Spool`] (on disk past a limit), and each format writes
//! its document to the output piece by piece around it, never whole in memory.

pub mod annotate;
pub mod chart;
pub mod coverage;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod map;
pub mod markdown;
pub mod regions;
pub mod render;
pub mod sarif;
pub mod spool;
pub mod stats;
pub mod table;
pub mod xlsx;

use crate::data::Value;
use crate::diag::Diag;
use crate::eval::Finding;
use crate::i18n::{Lang, tr};
use crate::pack::{Rule, RuleSet};
use crate::schema::{Entity, Slot};
use crate::waiver::{Waiver, Waivers};
use jiff::civil::Date;

mod figures;
mod json_text;
mod markup;
mod messages;
mod reasons;
mod totals;
mod values;

pub use figures::{Amount, Figures, amount};
pub(crate) use markup::{TagPerLine, tag_per_line};
pub use totals::{DiagCounts, PlaceRules, Settings, Totals, Unjudged};
pub use values::describe_problem;

/// What every renderer needs to turn a finding into text.
pub struct Context<'a> {
    pub set: &'a RuleSet,
    pub as_of: Date,
    pub lang: Lang,
    /// Input paths, by source index.
    pub paths: &'a [String],
    /// Each rule's `pack/rule-id`.
    ids: Vec<String>,
    /// Sort ranks: of each rule's full id, of each input's path.
    rule_rank: Vec<u32>,
    path_rank: Vec<u32>,
    /// The waivers findings may point to.
    pub waivers: Option<&'a Waivers>,
}

/// Where a finding goes in the output: by path, sheet (of a workbook), line, then
/// rule.
pub type SortKey = (u32, u32, u32, u32);

fn ranks<T: Ord>(items: &[T]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items[a].cmp(&items[b]));
    let mut rank = vec![0; items.len()];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = u32::try_from(r).unwrap_or(u32::MAX);
    }
    rank
}

impl<'a> Context<'a> {
    pub fn new(set: &'a RuleSet, paths: &'a [String], as_of: Date, lang: Lang) -> Context<'a> {
        let ids: Vec<String> = (0..set.rules.len()).map(|r| full_id(set, r)).collect();
        Context {
            set,
            as_of,
            lang,
            paths,
            rule_rank: ranks(&ids),
            path_rank: ranks(paths),
            ids,
            waivers: None,
        }
    }

    /// The waivers the run's findings were matched against.
    pub fn with_waivers(mut self, waivers: Option<&'a Waivers>) -> Context<'a> {
        self.waivers = waivers;
        self
    }

    /// The waiver that covers a finding, if one does.
    pub fn waiver(&self, f: &Finding) -> Option<&'a Waiver> {
        self.waivers?.list.get(f.waiver? as usize)
    }

    /// Where a waiver is written: `waivers.toml:12`.
    pub fn waiver_place(&self, w: &Waiver) -> String {
        format!(
            "{}:{}",
            self.waivers.map_or("", |ws| ws.path.as_str()),
            w.line
        )
    }

    /// A waiver in one line: why, who approved it, under which document, until
    /// when. The waiver file's strings may span lines; here they do not.
    pub fn waiver_note(&self, w: &Waiver) -> String {
        let note = tr(
            self.lang,
            format!(
                "已豁免：{}（批准：{}；文件：{}；有效期至 {}；{}）",
                w.reason,
                w.approver,
                w.document,
                w.expires,
                self.waiver_place(w)
            ),
            format!(
                "waived: {} (approved by {}; document {}; until {}; {})",
                w.reason,
                w.approver,
                w.document,
                w.expires,
                self.waiver_place(w)
            ),
        );
        crate::escape::line(&note).into_owned()
    }

    pub fn sort_key(&self, f: &Finding) -> SortKey {
        (
            self.path_rank
                .get(f.source as usize)
                .copied()
                .unwrap_or(u32::MAX),
            f.sheet.as_ref().map_or(0, |(i, _)| *i),
            f.line,
            self.rule_rank.get(f.rule).copied().unwrap_or(u32::MAX),
        )
    }

    /// `pack/rule-id`.
    pub fn rule_id(&self, rule: usize) -> &str {
        self.ids.get(rule).map_or("", String::as_str)
    }

    pub fn rule(&self, f: &Finding) -> &'a Rule {
        &self.set.rules[f.rule]
    }

    pub fn entity(&self, f: &Finding) -> &'a Entity {
        &self.set.schema.entities[self.rule(f).entity]
    }

    pub fn path(&self, f: &Finding) -> &'a str {
        self.paths.get(f.source as usize).map_or("", String::as_str)
    }

    /// A diagnostic's source name as the input file and, for a worksheet, the
    /// sheet: `file.xlsx!Sheet` is `("file.xlsx", Some("Sheet"))` when `file.xlsx`
    /// is an input. Other names (a waiver file, the settings) are files as given.
    pub fn split_sheet<'n>(&self, name: &'n str) -> (&'n str, Option<&'n str>) {
        if self.paths.iter().any(|p| p == name) {
            return (name, None);
        }
        for p in self.paths {
            if let Some(sheet) = name
                .strip_prefix(p.as_str())
                .and_then(|rest| rest.strip_prefix('!'))
            {
                return (&name[..p.len()], Some(sheet));
            }
        }
        (name, None)
    }

    /// The path, and for a worksheet its sheet: `file.xlsx!Sheet`.
    pub fn location(&self, f: &Finding) -> std::borrow::Cow<'a, str> {
        let path = self.path(f);
        match &f.sheet {
            Some((_, sheet)) if !path.ends_with(&format!("!{sheet}")) => {
                format!("{path}!{sheet}").into()
            }
            _ => path.into(),
        }
    }

    /// Where a finding is, as a reader looks for it: the cell of a worksheet,
    /// `file.xlsx!Sheet!C12`, else the path and line, `file.csv:12`.
    pub fn place(&self, f: &Finding) -> String {
        match &f.cell_ref {
            Some(cell) => format!("{}!{cell}", self.location(f)),
            None => format!("{}:{}", self.location(f), f.line),
        }
    }

    /// The record's region (`开封市祥符区`), or `""` when none is known.
    pub fn region<'f>(&self, f: &'f Finding) -> &'f str {
        f.region.as_ref().map_or("", |(_, name)| name)
    }

    pub fn value<'f>(&self, f: &'f Finding, slot: Slot) -> Option<&'f Value<'static>> {
        f.values.iter().find(|(s, _)| *s == slot).map(|(_, v)| v)
    }
}

fn full_id(set: &RuleSet, rule: usize) -> String {
    let r = &set.rules[rule];
    format!("{}/{}", set.packs[r.pack].id, r.id)
}

impl Lang {
    /// Like [`Lang::pick`] for any borrowed value.
    pub fn pick_ref<'a, T>(self, zh: &'a T, en: &'a T) -> &'a T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// A diagnostic's level in the reader's words.
pub fn level_word(d: &Diag, lang: Lang) -> &'static str {
    match d.severity {
        miette::Severity::Error => lang.pick("错误", "error"),
        miette::Severity::Warning => lang.pick("警告", "warning"),
        miette::Severity::Advice => lang.pick("提示", "note"),
    }
}

/// Where a diagnostic points, as a reader looks for it: `file.xlsx!Sheet!C12`, else
/// `file.csv:12:3`; empty where it points nowhere.
pub fn diag_place(d: &Diag) -> String {
    d.location().map_or(String::new(), |l| match &l.cell {
        Some(c) => format!("{}!{c}", l.path),
        None => format!("{}:{}:{}", l.path, l.line, l.column),
    })
}
