//! What a run found besides its findings (inputs, counts, diagnostics) and the
//! settings it ran under: the figures every report's header and summary print.

use crate::data::Input;
use crate::diag::Diag;
use crate::eval::{NotChecked, Summary};
use crate::i18n::{Lang, tr};

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
    /// Per region, each rule's outcomes, in the order the regions' first records
    /// come, when the run was asked for them (the page's region × standard table).
    pub places: Vec<PlaceRules>,
    /// Records with a geometry field but no geometry that the run kept no trace
    /// of (it kept only the records a map draws): the map counts them.
    pub undrawn: usize,
    /// Records the map would draw that are past its limit
    /// ([`crate::run::MAP_LIMIT`]): the map says it left them out.
    pub beyond_limit: usize,
    /// Records no rule checked, counted by why: a record counts once under each
    /// reason that held for it. What a run that checked nothing explains.
    pub unjudged: Vec<(Unjudged, usize)>,
}

/// Why records were not checked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unjudged {
    /// A place cell names no place of the gazetteer, or one several cities share.
    Place,
    /// They lie in these places, which no city's or county's pack covers, and no
    /// rule of the packs that do cover them checked them.
    NoPack(Vec<String>),
    /// No rule (selected, in force) of the packs judging them checks their entity.
    NoRule,
    /// Their rules also need records of these entities, which no input gives.
    Needs(Vec<crate::schema::EntityId>),
    /// Their rules read columns their tables (or aggregated ones) lack.
    Column,
    /// A rule whose scope takes them in is not in force on the date checked.
    NotInForce,
    /// The rules' scope (`for … where`) leaves them out.
    Scope,
}

/// One region's records, rule by rule.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRules {
    /// The region's full name (the run's region for records that name none).
    pub name: String,
    /// Per rule (by index): passed, failed, unknown.
    pub rules: Vec<[usize; 3]>,
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
        let zh = lang == Lang::Zh;
        let mut parts = Vec::new();
        // Keys of the settings file and the command line stay as written: they
        // are what a reader looks for there.
        let file = match &self.file {
            Some(f) if self.from_file.is_empty() => f.clone(),
            Some(f) if zh => format!("{f}（{}）", self.from_file.join("、")),
            Some(f) => format!("{f} ({})", self.from_file.join(", ")),
            None => lang.pick("无设置文件", "no settings file").to_string(),
        };
        parts.push(file);
        let sep = lang.pick("、", ", ");
        let mut add = |zh_key: &str, en_key: &str, value: String| {
            parts.push(format!("{} {value}", lang.pick(zh_key, en_key)));
        };
        if !self.select.is_empty() {
            add("只检查", "select", self.select.join(sep));
        }
        if !self.ignore.is_empty() {
            add("不检查", "ignore", self.ignore.join(sep));
        }
        add("失败条件", "fail_on", self.fail_on.clone());
        add("检查日期", "as_of", self.as_of.clone());
        if let Some(r) = &self.region {
            add("地区", "region", r.clone());
        }
        if !self.rules.is_empty() {
            add("规则文件", "rules", self.rules.join(sep));
        }
        if !self.params.is_empty() {
            add("参数", "params", self.params.join(sep));
        }
        let line = tr(
            lang,
            format!("设置：{}", parts.join("；")),
            format!("settings: {}", parts.join("; ")),
        );
        // The settings file's path and the values given may hold line breaks.
        crate::escape::line(&line).into_owned()
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
