//! A check of a [`Dataset`] already in memory (a plan, a small table, a test):
//! the same engine as a streamed run, fed every table at once.

use super::{Engine, Finding, NotChecked, Options, Summary, Tally};
use crate::data::Dataset;
use crate::pack::RuleSet;

/// Everything a check of an in-memory data set found.
#[derive(Debug, Default)]
pub struct Outcomes {
    pub findings: Vec<Finding>,
    pub not_checked: Vec<(usize, NotChecked)>,
    pub summary: Summary,
}

/// Checks a data set held in memory (a plan, a test, a small table).
pub fn check(rules: &RuleSet, data: &Dataset, opts: &Options<'_>) -> Outcomes {
    let mut engine = Engine::new(rules, opts);
    for (e, table) in data.tables.iter().enumerate() {
        if engine.is_aggregated(e) {
            let kept = engine.keep(e, table.iter());
            engine.add_kept(vec![kept]);
        }
    }
    let sizes: Vec<usize> = data.tables.iter().map(Vec::len).collect();
    engine.finish_aggregates(&sizes);
    let mut tally = Tally::default();
    let mut findings = Vec::new();
    for (e, table) in data.tables.iter().enumerate() {
        for rec in table {
            let Some(view) = data.view(rec) else {
                continue;
            };
            engine.evaluate(e, rec, &view, &mut tally, &mut |f| findings.push(f));
        }
    }
    Outcomes {
        not_checked: engine.not_checked(&tally),
        summary: tally.summary,
        findings,
    }
}
