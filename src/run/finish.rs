//! What a check adds to its totals once every record is checked, whoever ran it
//! (the command line, a page): the reading warnings, the `--select` globs that
//! matched no rule, the rules a settings file turned off, the settings in force,
//! and why nothing was checked if nothing was. One function, so every front end
//! reports the same diagnostics for the same run.

use super::RunOutput;
use super::filter::Filter;
use super::nothing;
use crate::eval::NotChecked;
use crate::i18n::Lang;
use crate::pack::{RuleSet, Severity};
use crate::report::{Settings, Totals};

/// What the finishing step reads besides the run's output.
pub struct Finish<'a> {
    pub set: &'a RuleSet,
    /// The rules the run used: the flags over the settings file's lists.
    pub filter: &'a Filter<'a>,
    /// The flags' own `--select` and `--ignore`, to tell the rules the settings
    /// file turned off (only read when [`Settings::file`] names one).
    pub flags: &'a Filter<'a>,
    pub settings: &'a Settings,
    pub as_of: jiff::civil::Date,
    /// An empty run is expected (`--allow-empty`): said as a note, not an error.
    pub allow_empty: bool,
    pub lang: Lang,
}

/// Makes the run's diagnostics part of its report, and records the settings.
pub fn finish<T>(f: &Finish<'_>, out: &mut RunOutput<T>) {
    let mut all = std::mem::take(&mut out.warnings);
    all.extend(f.filter.unmatched(f.set, f.lang));
    out.totals.add_diagnostics(all);
    // The rules of this run's packs the settings file's `select` or `ignore`
    // turned off: listed as not checked, the file named, never silently absent.
    if let Some(file) = &f.settings.file {
        for (i, r) in f.set.rules.iter().enumerate() {
            let pack = &f.set.packs[r.pack].id;
            if out.totals.packs.contains(&r.pack)
                && !f.filter.selected(pack, &r.id)
                && f.flags.selected(pack, &r.id)
            {
                out.totals
                    .not_checked
                    .push((i, NotChecked::TurnedOff { file: file.clone() }));
            }
        }
        out.totals.not_checked.sort_by_key(|(i, _)| *i);
    }
    out.totals.settings = Some(f.settings.clone());
    let run = nothing::Run {
        set: f.set,
        filter: f.filter,
        as_of: f.as_of,
        allow_empty: f.allow_empty,
        lang: f.lang,
    };
    if let Some(d) = nothing::diagnose(&run, &out.totals) {
        out.totals.add_diagnostics([d]);
    }
}

/// The exit code of a finished run: 1 when a finding or diagnostic is at or above
/// `threshold` (an unknown counts like a failure), or when nothing was checked and
/// that is not allowed, whatever the threshold; else 0.
pub fn exit_code(totals: &Totals, threshold: Option<Severity>) -> i32 {
    let failing = threshold.is_some_and(|t| match t {
        Severity::Error => totals.summary.errors > 0,
        _ => totals.summary.errors + totals.summary.warnings > 0,
    });
    let empty = totals
        .diagnostics
        .iter()
        .any(|d| d.code == nothing::CODE && d.is_error());
    i32::from(failing || empty)
}
