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
pub mod place;
pub mod regions;
pub mod sarif;
pub mod spool;
pub mod stats;
pub mod table;
pub mod xlsx;

use crate::data::{Input, Invalid, Value};
use crate::diag::Diag;
use crate::eval::{Cell, Finding, NotChecked, Reason, Summary};
use crate::i18n::{Lang, tr};
use crate::num::Q;
use crate::pack::{Display, Rule, RuleSet, Seg};
use crate::schema::{Entity, FieldType, Slot};
use crate::waiver::{Waiver, Waivers};
use jiff::civil::Date;

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

/// What a whole run found besides its findings.
#[derive(Debug, Default)]
pub struct Totals {
    /// The packs that applied (by index), and the region they were chosen for.
    pub packs: Vec<usize>,
    pub region: String,
    pub inputs: Vec<Input>,
    pub summary: Summary,
    pub not_checked: Vec<(usize, NotChecked)>,
    /// Counts per rule (by index).
    pub per_rule: Vec<Summary>,
    /// Records read per entity.
    pub per_entity: Vec<usize>,
    /// Counts per region, in the gazetteer's order, when the run was asked for them.
    pub regions: Vec<(String, Summary)>,
    /// Problems with the input and the run itself (an unknown column, a skipped
    /// sheet, an unused waiver, nothing checked): part of every report, and
    /// counted in the summary's errors and warnings ([`Totals::add_diagnostics`]).
    pub diagnostics: Vec<Diag>,
    /// The settings the run was made under, when the command line recorded them.
    pub settings: Option<Settings>,
}

/// The settings in force for a run, as every report records them: a
/// `ylcheck.toml` found beside the data can turn rules off, move the checking
/// date or make every finding pass the exit code, so a reader must be able to
/// see that it did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// The settings file read, if any (`--no-config` reads none).
    pub file: Option<String>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// `error`, `warning` or `never`.
    pub fail_on: String,
    pub as_of: String,
    /// Rule files or directories checked beside the embedded packs.
    pub rules: Vec<String>,
    /// `NAME=VALUE`, as given.
    pub params: Vec<String>,
    pub region: Option<String>,
    /// Which of the above the settings file gave (its key names).
    pub from_file: Vec<&'static str>,
}

impl Settings {
    /// One line: `settings: ylcheck.toml (ignore, fail_on); select …; fail_on …`.
    pub fn line(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        let file = match &self.file {
            Some(f) if self.from_file.is_empty() => f.clone(),
            Some(f) => format!("{f} ({})", self.from_file.join(", ")),
            None => lang.pick("无设置文件", "no settings file").to_string(),
        };
        parts.push(file);
        let list = |v: &[String]| v.join(", ");
        if !self.select.is_empty() {
            parts.push(format!("select {}", list(&self.select)));
        }
        if !self.ignore.is_empty() {
            parts.push(format!("ignore {}", list(&self.ignore)));
        }
        parts.push(format!("fail_on {}", self.fail_on));
        parts.push(format!("as_of {}", self.as_of));
        if let Some(r) = &self.region {
            parts.push(format!("region {r}"));
        }
        if !self.rules.is_empty() {
            parts.push(format!("rules {}", list(&self.rules)));
        }
        if !self.params.is_empty() {
            parts.push(format!("params {}", list(&self.params)));
        }
        tr(
            lang,
            format!("设置：{}", parts.join("；")),
            format!("settings: {}", parts.join("; ")),
        )
    }

    /// The settings as a JSON object.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "file": self.file,
            "from_file": self.from_file,
            "select": self.select,
            "ignore": self.ignore,
            "fail_on": self.fail_on,
            "as_of": self.as_of,
            "region": self.region,
            "rules": self.rules,
            "params": self.params,
        })
    }
}

/// How many diagnostics a run has at each level.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DiagCounts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Totals {
    /// Adds diagnostics to the report. Each counts in `summary.errors` or
    /// `summary.warnings` like a finding at its level, so the totals a report
    /// prints include them and `--fail-on` reads them.
    pub fn add_diagnostics(&mut self, diagnostics: impl IntoIterator<Item = Diag>) {
        for d in diagnostics {
            let mut c = DiagCounts::default();
            count(&d, &mut c);
            self.summary.errors += c.errors;
            self.summary.warnings += c.warnings;
            self.diagnostics.push(d);
        }
    }

    /// The diagnostics and those shown with them, one by one, for the formats
    /// that list rather than nest.
    pub fn flat_diagnostics(&self) -> Vec<&Diag> {
        fn walk<'d>(d: &'d Diag, out: &mut Vec<&'d Diag>) {
            out.push(d);
            for r in &d.related {
                walk(r, out);
            }
        }
        let mut out = Vec::new();
        for d in &self.diagnostics {
            walk(d, &mut out);
        }
        out
    }

    pub fn diagnostic_counts(&self) -> DiagCounts {
        let mut c = DiagCounts::default();
        for d in &self.diagnostics {
            count(d, &mut c);
        }
        c
    }
}

fn count(d: &Diag, c: &mut DiagCounts) {
    match d.severity {
        miette::Severity::Error => c.errors += 1,
        miette::Severity::Warning => c.warnings += 1,
        miette::Severity::Advice => c.notes += 1,
    }
    for r in &d.related {
        count(r, c);
    }
}

/// Where a finding goes in the output: by path, sheet (of a workbook), line, then
/// rule.
pub type SortKey = (u32, u32, u32, u32);

/// A number with the unit it is printed in.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub value: Q,
    pub unit: String,
}

/// A failed comparison's figures as text, each with enough decimals that a failing
/// value never reads as its threshold (`1999.999 m²`, not `2000 m²`) and a
/// shortfall never as `0`.
pub struct Figures {
    pub actual: String,
    pub required: String,
    pub shortfall: Option<String>,
}

impl Figures {
    pub fn of(c: &crate::eval::Comparison) -> Figures {
        let at = |q: Q, places: u32| amount(q, &c.display).show_at(places);
        let mut places = 2;
        while places < 12
            && c.actual != c.required
            && at(c.actual, places) == at(c.required, places)
        {
            places += 1;
        }
        let shortfall = c.shortfall.map(|q| {
            let mut p = places;
            while p < 12 && !q.is_zero() && !at(q, p).chars().any(|ch| ('1'..='9').contains(&ch)) {
                p += 1;
            }
            at(q, p)
        });
        Figures {
            actual: at(c.actual, places),
            required: at(c.required, places),
            shortfall,
        }
    }
}

impl Amount {
    pub fn show(&self) -> String {
        self.show_at(2)
    }

    /// With up to `places` decimals (trailing zeros dropped); money as [`money`] writes it.
    pub fn show_at(&self, places: u32) -> String {
        self.with_unit(self.value.to_decimal_string(places), places)
    }

    /// With exactly `places` decimals, trailing zeros kept: a figure as it was
    /// written (`67.00%`).
    pub fn show_fixed(&self, places: u32) -> String {
        let mut v = self.value.to_decimal_string(places);
        let have = v.split_once('.').map_or(0, |(_, f)| f.len());
        if have == 0 && places > 0 {
            v.push('.');
        }
        v.extend(std::iter::repeat_n(
            '0',
            (places as usize).saturating_sub(have),
        ));
        self.with_unit(v, places)
    }

    fn with_unit(&self, v: String, places: u32) -> String {
        match self.unit.as_str() {
            "元" => money(self.value, places),
            "万元" => self
                .value
                .checked_mul(Q::int(10_000))
                .map_or_else(|| format!("{v}万元"), |y| money(y, places)),
            "" => v,
            u @ ("%" | "‰" | "亩" | "公顷") => format!("{v}{u}"),
            u => format!("{v} {u}"),
        }
    }
}

/// An amount of money as a finance bureau writes it: `15亿元`, `850万元` where that
/// is exact to the fen, else every 元 with thousands separators and up to `places`
/// decimals (`1,234,567.5 元`); under 10,000 元 as is (`2000元`).
fn money(yuan: Q, places: u32) -> String {
    let exact_in = |unit: i64| {
        yuan.checked_div(Q::int(unit))
            .and_then(|v| v.checked_mul(Q::int(100)).map(|c| (v, c.is_integer())))
    };
    let abs = if yuan.is_negative() {
        yuan.checked_neg().unwrap_or(yuan)
    } else {
        yuan
    };
    for (unit, name) in [(100_000_000, "亿元"), (10_000, "万元")] {
        if abs.checked_cmp(Q::int(unit)).is_some_and(|o| o.is_ge())
            && let Some((v, true)) = exact_in(unit)
        {
            return format!("{}{name}", v.to_decimal_string(2));
        }
    }
    if abs.checked_cmp(Q::int(10_000)).is_some_and(|o| o.is_lt()) {
        return format!("{}元", yuan.to_decimal_string(places));
    }
    let text = yuan.to_decimal_string(places);
    let (sign, digits) = text.split_at(usize::from(text.starts_with('-')));
    let (int, frac) = digits.split_once('.').map_or((digits, ""), |(i, f)| (i, f));
    let mut grouped = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = if frac.is_empty() {
        String::new()
    } else {
        format!(".{frac}")
    };
    format!("{sign}{grouped}{frac} 元")
}

/// Converts a base-unit value to how `display` prints it.
pub fn amount(v: Q, display: &Display) -> Amount {
    match display.unit {
        Some(u) => Amount {
            value: u.from_base(v).unwrap_or(v),
            unit: u.symbol.to_string(),
        },
        None => Amount {
            value: v,
            unit: display.symbol.to_string(),
        },
    }
}

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

    /// A waiver in one line: why, who approved it, under which document, until when.
    pub fn waiver_note(&self, w: &Waiver) -> String {
        tr(
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
        )
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

    /// A value as text with its unit, in the report's language.
    pub fn show_value(&self, ent: &Entity, slot: Slot, value: Option<&Value<'_>>) -> String {
        let field = &ent.fields[slot];
        match value {
            None | Some(Value::Missing) => self.lang.pick("（空）", "(blank)").to_string(),
            Some(Value::Invalid(bad)) => tr(
                self.lang,
                format!("无法识别的“{}”", crate::escape::line(&bad.text)),
                format!("unreadable `{}`", crate::escape::line(&bad.text)),
            ),
            // A reported figure keeps the precision it was written at (`67.00%`).
            Some(Value::Reported(r)) => {
                let Some((_, d)) = crate::lang::check::display_of(&field.ty) else {
                    return r.value.to_decimal_string(2);
                };
                let half = amount(r.half, &d).value;
                let places = (0..=6u32)
                    .find(|&p| {
                        Q::decimal(5, p + 1).checked_cmp(half) == Some(std::cmp::Ordering::Equal)
                    })
                    .unwrap_or(2);
                amount(r.value, &d).show_fixed(places)
            }
            // A cell's number as written: every decimal it has (up to 6), so a failing
            // 1999.999 m² is not shown as 2000 m².
            Some(Value::Num(q)) => {
                let shown = match crate::lang::check::display_of(&field.ty) {
                    Some((_, d)) => amount(*q, &d),
                    None => Amount {
                        value: *q,
                        unit: String::new(),
                    },
                };
                // The decimals of the figure as shown, in its display unit.
                let places = (2..=6u32)
                    .find(|&p| {
                        shown
                            .value
                            .checked_mul(Q::int(10i64.pow(p)))
                            .is_some_and(crate::num::Q::is_integer)
                    })
                    .unwrap_or(2);
                shown.show_at(places)
            }
            Some(Value::Text(t)) => t.to_string(),
            Some(Value::Enum(i)) => self.enum_label(&field.ty, *i),
            Some(Value::Bool(b)) => self
                .lang
                .pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" })
                .to_string(),
            Some(Value::Date(d)) => d.to_string(),
            Some(Value::List(items)) => crate::data::list_items(items)
                .collect::<Vec<_>>()
                .join("、"),
            Some(Value::Shape(s)) => crate::spatial::describe(s, self.lang),
        }
    }

    /// A `let` value in a message: a quantity in the unit its expression has.
    fn show_let(&self, rule: &crate::pack::Rule, i: usize, value: Option<&Value<'_>>) -> String {
        match (value, rule.lets.get(i).and_then(|l| l.display.as_ref())) {
            (Some(Value::Num(q)), Some(d)) => amount(*q, d).show(),
            (None | Some(Value::Missing), _) => self
                .lang
                .pick("（无法计算）", "(not computable)")
                .to_string(),
            (Some(Value::Num(q)), None) => q.to_decimal_string(2),
            (Some(Value::Text(t)), _) => t.to_string(),
            (Some(Value::Bool(b)), _) => self
                .lang
                .pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" })
                .to_string(),
            (Some(Value::Date(d)), _) => d.to_string(),
            (Some(Value::Shape(s)), _) => crate::spatial::describe(s, self.lang),
            (Some(Value::List(items)), _) => crate::data::list_items(items)
                .collect::<Vec<_>>()
                .join("、"),
            (Some(Value::Reported(r)), Some(d)) => amount(r.value, d).show(),
            (Some(_), _) => self.lang.pick("（无法显示）", "(not shown)").to_string(),
        }
    }

    pub fn enum_label(&self, ty: &FieldType, i: u16) -> String {
        match ty {
            FieldType::Enum(vs) => vs
                .get(usize::from(i))
                .map(|v| match (self.lang, v.labels.first()) {
                    (Lang::Zh, Some(l)) => l.clone(),
                    _ => v.name.clone(),
                })
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// The rule's message for this record, or its title when it has none.
    pub fn message(&self, f: &Finding) -> String {
        let rule = self.rule(f);
        rule.message
            .as_ref()
            .and_then(|(zh, en)| self.fill(f, self.lang.pick_ref::<Vec<Seg>>(zh, en)))
            .unwrap_or_else(|| rule.title.get(self.lang).to_string())
    }

    /// What the rule requires of this record in the reader's words, with its
    /// figures: the rule's `requirement`, or its title when it has none or a figure
    /// it shows (`{required}` of a record that did not fail on a comparison) is not
    /// known.
    pub fn requirement(&self, f: &Finding) -> String {
        self.stated_requirement(f)
            .unwrap_or_else(|| self.rule(f).title.get(self.lang).to_string())
    }

    /// The rule's own `requirement` for this record, when it has one and its
    /// figures are known.
    pub fn stated_requirement(&self, f: &Finding) -> Option<String> {
        self.rule(f)
            .requirement
            .as_ref()
            .and_then(|(zh, en)| self.fill(f, self.lang.pick_ref::<Vec<Seg>>(zh, en)))
    }

    /// The figure a failed comparison required, in its unit.
    pub fn required_amount(&self, f: &Finding) -> Option<Amount> {
        f.comparison.map(|c| amount(c.required, &c.display))
    }

    /// The figure a failed comparison required, as the report prints it.
    fn required_text(&self, f: &Finding) -> Option<String> {
        f.comparison.map(|c| Figures::of(&c).required)
    }

    /// The fields at fault, for a report line of their own: only where there are
    /// several and the message does not already name them.
    pub fn faults_note(&self, f: &Finding) -> Option<String> {
        let named = self
            .rule(f)
            .message
            .iter()
            .flat_map(|(zh, en)| zh.iter().chain(en))
            .any(|s| matches!(s, Seg::Faults));
        if named || f.faults.len() < 2 {
            return None;
        }
        self.faults(f)
    }

    /// The fields at fault, as the reader knows them: `社区养老服务设施目标、护理员培训目标`.
    pub fn faults(&self, f: &Finding) -> Option<String> {
        if f.faults.is_empty() {
            return None;
        }
        let ent = self.entity(f);
        let names: Vec<&str> = f.faults.iter().map(|&s| self.field_label(ent, s)).collect();
        Some(names.join(self.lang.pick("、", ", ")))
    }

    /// A message template filled from a finding, or `None` when a figure it
    /// shows is not part of this finding.
    fn fill(&self, f: &Finding, segs: &[Seg]) -> Option<String> {
        let rule = self.rule(f);
        let ent = self.entity(f);
        let mut out = String::new();
        for seg in segs {
            match seg {
                Seg::Lit(t) => out.push_str(t),
                Seg::Field(slot) => match self.value(f, *slot) {
                    // Which field is blank, not a bare "(blank)".
                    None | Some(Value::Missing) => out.push_str(&tr(
                        self.lang,
                        format!("（{}未填）", self.field_label(ent, *slot)),
                        format!("({} blank)", self.field_label(ent, *slot)),
                    )),
                    // A cell's text is shown on the message's one line.
                    v => out.push_str(&crate::escape::line(&self.show_value(ent, *slot, v))),
                },
                Seg::Let(i) => {
                    out.push_str(&crate::escape::line(&self.show_let(
                        rule,
                        *i,
                        f.lets.get(*i),
                    )));
                }
                Seg::Required => out.push_str(&self.required_text(f)?),
                Seg::Faults => out.push_str(&self.faults(f)?),
            }
        }
        Some(out)
    }

    /// The finding's message (or, for an unknown, why) with its shortfall and
    /// citation: what the CI formats show, where there is no room for more.
    pub fn full_message(&self, f: &Finding) -> String {
        let rule = self.rule(f);
        let lang = self.lang;
        let mut m = match f.outcome {
            crate::eval::Outcome::Unknown => self.unknown_reason(f),
            _ => self.message(f) + &self.progress_note(f),
        };
        if f.outcome != crate::eval::Outcome::Unknown
            && let Some(req) = self.stated_requirement(f)
        {
            m.push_str(&tr(
                lang,
                format!("；要求：{req}"),
                format!("; required: {req}"),
            ));
        }
        if let Some(a) = f.comparison.and_then(|c| Figures::of(&c).shortfall) {
            m.push_str(&tr(lang, format!("；差额 {a}"), format!("; short by {a}")));
        }
        m.push_str(&tr(
            lang,
            format!("（依据：{}）", rule.cite),
            format!(" (source: {})", rule.cite),
        ));
        m
    }

    /// For a task with a deadline: whether it is behind or overdue, and the deadline.
    pub fn progress_note(&self, f: &Finding) -> String {
        use crate::eval::Progress;
        match f.progress {
            Some(Progress::Behind(d)) => tr(
                self.lang,
                format!("（进度落后，期限 {d}）"),
                format!(" (behind; due {d})"),
            ),
            Some(Progress::Overdue(d)) => tr(
                self.lang,
                format!("（已逾期，期限 {d}）"),
                format!(" (overdue; due {d})"),
            ),
            None => String::new(),
        }
    }

    /// A field as a reader of the report's language knows it: its first Chinese
    /// column name in zh (`类型`), its canonical name in en (`kind`).
    /// Where a form repeats a heading (附件1's two 单位 columns), the field's
    /// fullest heading of its own (`包联人2单位`), so a message never names two
    /// columns alike.
    pub fn field_label<'e>(&self, ent: &'e Entity, slot: Slot) -> &'e str {
        let field = &ent.fields[slot];
        let Some(first) = field.aliases.first().filter(|_| self.lang == Lang::Zh) else {
            return &field.name;
        };
        let shared = |a: &String| {
            ent.fields
                .iter()
                .enumerate()
                .any(|(i, f)| i != slot && f.aliases.contains(a))
        };
        if !shared(first) {
            return first;
        }
        field
            .aliases
            .iter()
            .filter(|a| a.contains(first.as_str()) && !shared(a))
            .max_by_key(|a| a.chars().count())
            .map_or(first, String::as_str)
    }

    /// What is wrong with a blank or unreadable value, for a reason in words.
    fn value_problem(&self, ent: &Entity, slot: Slot, value: Option<&Value<'_>>) -> String {
        let lang = self.lang;
        let name = self.field_label(ent, slot);
        match value {
            Some(Value::Invalid(bad))
                if matches!(bad.problem, crate::data::Problem::UnknownEnum) =>
            {
                let FieldType::Enum(vs) = &ent.fields[slot].ty else {
                    return String::new();
                };
                let labels = vs.iter().flat_map(|v| {
                    std::iter::once(v.name.as_str()).chain(v.labels.iter().map(String::as_str))
                });
                let near = crate::diag::suggest(bad.text.trim(), labels)
                    .map(|s| {
                        tr(
                            lang,
                            format!("，是不是“{s}”？"),
                            format!("; did you mean `{s}`?"),
                        )
                    })
                    .unwrap_or_default();
                let allowed: Vec<String> = vs
                    .iter()
                    .map(|v| match (lang, v.labels.first()) {
                        (Lang::Zh, Some(l)) => l.clone(),
                        _ => v.name.clone(),
                    })
                    .collect();
                tr(
                    lang,
                    format!(
                        "“{name}”一栏的“{}”不是可识别的取值{near}（可填：{}）",
                        crate::escape::line(&bad.text),
                        allowed.join("、")
                    ),
                    format!(
                        "`{name}` `{}` is not one of its values{near} (allowed: {})",
                        crate::escape::line(&bad.text),
                        allowed.join(", ")
                    ),
                )
            }
            Some(Value::Invalid(bad)) => tr(
                lang,
                format!("“{name}”的值无法识别{}", describe_problem(bad, lang)),
                format!("`{name}` cannot be read{}", describe_problem(bad, lang)),
            ),
            _ => tr(lang, format!("“{name}”未填"), format!("`{name}` is blank")),
        }
    }

    /// A finding in one line, as the machine formats and the findings workbook
    /// give it: an unknown as the rule's title and why it could not be decided,
    /// else the rule's message with its deadline's note.
    pub fn one_line(&self, f: &Finding) -> String {
        match f.outcome {
            crate::eval::Outcome::Unknown => format!(
                "{}{}{}",
                self.rule(f).title.get(self.lang),
                self.lang.pick("：", ": "),
                self.unknown_reason(f)
            ),
            _ => self.message(f) + &self.progress_note(f),
        }
    }

    /// Why a finding is unknown, in words.
    pub fn unknown_reason(&self, f: &Finding) -> String {
        let ent = self.entity(f);
        let lang = self.lang;
        if f.scope {
            let why = match f.focus {
                Some(s) if matches!(f.unknown, Some(Reason::Missing | Reason::Invalid)) => {
                    self.value_problem(ent, s, self.value(f, s))
                }
                _ => lang
                    .pick(
                        "条件中的值缺失或无法识别",
                        "a value it needs is blank or unreadable",
                    )
                    .to_string(),
            };
            return tr(
                lang,
                format!("无法判断本条规则是否适用：{why}"),
                format!("cannot tell whether this rule applies: {why}"),
            );
        }
        if f.missing.len() > 1 && f.cell == Cell::Present {
            let all: Vec<String> = f
                .missing
                .iter()
                .map(|&s| self.value_problem(ent, s, self.value(f, s)))
                .collect();
            return tr(
                lang,
                format!("{}，无法判断", all.join("；")),
                format!("{}, so this cannot be checked", all.join("; ")),
            );
        }
        let field = f.focus.map(|s| self.field_label(ent, s));
        match (f.unknown, field) {
            (Some(Reason::Missing), Some(n)) if f.cell == Cell::Absent => {
                // In English the column as a bureau heads it helps find it.
                let alias = f
                    .focus
                    .and_then(|s| ent.fields[s].aliases.first())
                    .filter(|_| lang == Lang::En)
                    .map_or(String::new(), |a| format!(" ({a})"));
                tr(
                    lang,
                    format!("输入中没有“{n}”一栏，无法判断"),
                    format!("the input has no `{n}` column{alias}, so this cannot be checked"),
                )
            }
            (Some(Reason::Missing), Some(n)) => tr(
                lang,
                format!("“{n}”未填，无法判断"),
                format!("`{n}` is blank, so this cannot be checked"),
            ),
            (Some(Reason::Invalid), Some(n)) => {
                let detail = match f.focus.and_then(|s| self.value(f, s)) {
                    Some(Value::Invalid(bad)) => describe_problem(bad, lang),
                    _ => String::new(),
                };
                tr(
                    lang,
                    format!("“{n}”的值无法识别，无法判断{detail}"),
                    format!("`{n}` cannot be read, so this cannot be checked{detail}"),
                )
            }
            (Some(Reason::DivZero), _) => tr(
                lang,
                "除数为零，无法判断",
                "division by zero, so this cannot be checked",
            ),
            (Some(Reason::Overflow), _) => tr(
                lang,
                "数值超出精确计算范围，无法判断",
                "a number is out of exact range, so this cannot be checked",
            ),
            (Some(Reason::Undecided), _) => tr(
                lang,
                "规则对这条记录无法作出判断",
                "the rule cannot decide for this record",
            ),
            (Some(Reason::Uncertain), _) => tr(
                lang,
                "它汇总的记录中有的可能计入也可能不计入（其条件或数值为空、无法识别），结论取决于它们，无法判断",
                "some records it counts or adds up may or may not belong (a condition or value of theirs is blank or unreadable), and the verdict depends on them, so this cannot be checked",
            ),
            (Some(Reason::Empty), _) => tr(
                lang,
                "没有可汇总的记录，无法判断",
                "no records to aggregate, so this cannot be checked",
            ),
            (Some(Reason::NoInput(e)), _) => {
                let ent = &self.set.schema.entities[e];
                let label = ent.labels.first().unwrap_or(&ent.name);
                tr(
                    lang,
                    format!("没有输入提供所需的“{label}”记录，无法判断"),
                    format!(
                        "no input provides the `{}` records it needs, so this cannot be checked",
                        ent.name
                    ),
                )
            }
            (Some(Reason::Missing | Reason::Invalid), None) => tr(
                lang,
                "它汇总的其他记录中有空白或无法识别的值，无法判断",
                "a record it adds up or looks up has a blank or unreadable value, so this cannot be checked",
            ),
            _ => tr(
                lang,
                "所需的值缺失或无法识别，无法判断",
                "a value it needs is blank or unreadable, so this cannot be checked",
            ),
        }
    }

    /// Why a rule was not run, in words.
    pub fn not_checked_reason(&self, why: &NotChecked) -> String {
        let lang = self.lang;
        match why {
            NotChecked::NotInForce { from: Some(f), .. } if self.as_of < *f => tr(
                lang,
                format!("{f} 起施行，检查日期为 {}", self.as_of),
                format!("in force from {f}; checking as of {}", self.as_of),
            ),
            NotChecked::NotInForce { until: Some(u), .. } => tr(
                lang,
                format!("施行至 {u}，检查日期为 {}", self.as_of),
                format!("in force until {u}; checking as of {}", self.as_of),
            ),
            NotChecked::NotInForce { .. } => tr(
                lang,
                "检查日期不在施行期内",
                "not in force on the checking date",
            ),
            NotChecked::TurnedOff { file } => tr(
                lang,
                format!("被设置文件 {file} 关闭（select/ignore）"),
                format!("turned off by the settings file {file} (select/ignore)"),
            ),
            NotChecked::NoInput(e) => {
                let ent = &self.set.schema.entities[*e];
                let name = &ent.name;
                let label = ent.labels.first().unwrap_or(name);
                tr(
                    lang,
                    format!("输入中没有“{label}”记录"),
                    format!("no input provides `{name}` records"),
                )
            }
            NotChecked::NoColumn {
                entity,
                source,
                slot,
                records,
                ..
            } => {
                let ent = &self.set.schema.entities[*entity];
                let path = self.paths.get(*source as usize).map_or("", String::as_str);
                let name = self.field_label(ent, *slot);
                tr(
                    lang,
                    format!("`{path}` 没有“{name}”一栏，其中 {records} 条记录未检查"),
                    format!(
                        "`{path}` has no `{name}` column: {records} of its records not checked"
                    ),
                )
            }
        }
    }
}

/// Markup with a line break between adjacent tags, so a snapshot's diff shows
/// which element changed. Only the gap between a closing `>` and an opening `<` is
/// touched, where a newline is insignificant whitespace; text cannot hold a bare
/// `<`, since every value was escaped.
pub(crate) fn tag_per_line(markup: String) -> String {
    markup.replace("><", ">\n<")
}

/// [`tag_per_line`] for markup written piece by piece, so a page is never one
/// string: the breaks inside each piece, and the one where a piece ending in `>`
/// meets one starting with `<`. The same bytes as the whole page's, since a `><`
/// cannot overlap another.
pub(crate) struct TagPerLine<'w> {
    out: &'w mut dyn std::io::Write,
    /// The last piece written ended in `>`.
    after_tag: bool,
}

impl<'w> TagPerLine<'w> {
    pub(crate) fn new(out: &'w mut dyn std::io::Write) -> TagPerLine<'w> {
        TagPerLine {
            out,
            after_tag: false,
        }
    }

    pub(crate) fn put(&mut self, piece: &[u8]) -> std::io::Result<()> {
        let Some(&first) = piece.first() else {
            return Ok(());
        };
        if self.after_tag && first == b'<' {
            self.out.write_all(b"\n")?;
        }
        let mut rest = piece;
        while let Some(i) = memchr::memmem::find(rest, b"><") {
            self.out.write_all(&rest[..=i])?;
            self.out.write_all(b"\n")?;
            rest = &rest[i + 1..];
        }
        self.out.write_all(rest)?;
        self.after_tag = piece.last() == Some(&b'>');
        Ok(())
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

/// What was wrong with a cell, as a clause starting with a separator.
pub fn describe_problem(bad: &Invalid, lang: Lang) -> String {
    use crate::data::Problem;
    let t = &crate::escape::line(&bad.text);
    match &bad.problem {
        Problem::NotANumber => tr(
            lang,
            format!("：“{t}”不是数字"),
            format!(": `{t}` is not a number"),
        ),
        Problem::Negative => tr(
            lang,
            format!("：“{t}”为负数"),
            format!(": `{t}` is negative"),
        ),
        Problem::WrongUnit { unit } => tr(
            lang,
            format!("：单位“{unit}”与该列不符"),
            format!(": the unit `{unit}` does not fit this column"),
        ),
        Problem::UnknownUnit { unit } => tr(
            lang,
            format!("：未知单位“{unit}”"),
            format!(": unknown unit `{unit}`"),
        ),
        Problem::BadDate => tr(
            lang,
            format!("：“{t}”不是有效日期"),
            format!(": `{t}` is not a real date"),
        ),
        Problem::BadBool => tr(
            lang,
            format!("：“{t}”应为是或否"),
            format!(": `{t}` is not yes/no"),
        ),
        Problem::BadPoint => tr(
            lang,
            format!("：“{t}”不是“经度,纬度”坐标或有效的 WKT 图形"),
            format!(": `{t}` is neither a `longitude,latitude` point nor a valid WKT geometry"),
        ),
        Problem::SwappedPoint => tr(
            lang,
            format!("：“{t}”像是纬度在前；应写作“经度,纬度”"),
            format!(": `{t}` looks like latitude first; write `longitude,latitude`"),
        ),
        Problem::NotWhole => tr(
            lang,
            format!("：“{t}”不是整数"),
            format!(": `{t}` is not a whole number"),
        ),
        Problem::UnknownEnum => tr(
            lang,
            format!("：“{t}”不是可选的取值"),
            format!(": `{t}` is not one of the allowed values"),
        ),
        Problem::FractionOrPercent => tr(
            lang,
            format!("：“{t}”是小数还是百分数无法判断，应写作带 % 的数值"),
            format!(": `{t}` may be a fraction or percent points; write it with `%`"),
        ),
        Problem::UnknownPlace => tr(
            lang,
            format!("：“{t}”不是地名表（rules/gazetteer.toml）中的市、县（区）"),
            format!(": `{t}` is no city or county of the gazetteer (rules/gazetteer.toml)"),
        ),
        Problem::Contradicts { zh, en } => tr(
            lang,
            format!("：“{t}”与本行其他数据矛盾（{zh}）"),
            format!(": `{t}` contradicts the rest of the record ({en})"),
        ),
        Problem::StaleFormula => tr(
            lang,
            format!("：“{t}”是公式保存的旧值，工作簿要求打开时重新计算，Excel 显示的可能不同"),
            format!(
                ": `{t}` is a formula's saved value, and the workbook asks to be recalculated on opening, so Excel may show another"
            ),
        ),
        Problem::Overlaps => tr(
            lang,
            "：范围与另一地块重叠，面积会重复计算",
            ": its area overlaps another record's, so the figure counts shared land twice",
        ),
        Problem::AmbiguousPlace => tr(
            lang,
            format!("：“{t}”不止一处，无法确定是哪个市的"),
            format!(": more than one city has a `{t}`, and nothing says which"),
        ),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn yuan(s: &str) -> String {
        let q = crate::num::Q::parse_decimal(s).unwrap_or_else(|| panic!("{s}"));
        Amount {
            value: q,
            unit: "元".into(),
        }
        .show()
    }

    #[test]
    fn money_is_written_as_a_finance_bureau_writes_it() {
        assert_eq!(yuan("1500000000"), "15亿元");
        assert_eq!(yuan("150000000"), "1.5亿元");
        assert_eq!(yuan("8500000"), "850万元");
        assert_eq!(yuan("12345.67"), "12,345.67 元");
        assert_eq!(yuan("1234567"), "1,234,567 元");
        assert_eq!(yuan("2000"), "2000元");
        assert_eq!(yuan("-30000"), "-3万元");
        assert_eq!(yuan("100000000.5"), "100,000,000.5 元");
        // More decimals where a failing figure needs them to differ from its limit.
        let odd = Amount {
            value: crate::num::Q::parse_decimal("80000.004").unwrap_or_else(|| panic!()),
            unit: "元".into(),
        };
        assert_eq!(odd.show(), "80,000 元");
        assert_eq!(odd.show_at(3), "80,000.004 元");
        let share = Amount {
            value: Q::int(50),
            unit: "%".into(),
        };
        assert_eq!(share.show_fixed(2), "50.00%");
        let wan = Amount {
            value: Q::int(800),
            unit: "万元".into(),
        };
        assert_eq!(wan.show(), "800万元");
        let big = Amount {
            value: Q::int(15_000),
            unit: "万元".into(),
        };
        assert_eq!(big.show(), "1.5亿元");
    }
}
