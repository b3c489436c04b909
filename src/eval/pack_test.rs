//! `ylcheck test`: a pack's test cases, each checked by the same engine a run
//! uses — its scope, guards, aggregates and unknowns — on the records the case
//! gives, so a case passes only if a real input holding those records would come
//! out the same way.

use super::{Engine, Options, Outcome, Tally};
use crate::data::{CellMap, Record, View};
use crate::lang::ast::Expect;
use crate::pack::{Node, RuleSet, Test};

/// A test case whose outcome differs from what the pack says.
#[derive(Debug, Clone, PartialEq)]
pub struct TestFailure {
    pub test: usize,
    pub case: usize,
    pub got: Got,
}

/// What became of a failed test case.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Got {
    /// The outcome, or `None` when the rule did not apply.
    Outcome(Option<Outcome>),
    /// The rule reads `as_of` and nothing dates the case: no block `as_of`, no
    /// `from` or `until` on the rule, no `issued` on its pack. Any date chosen
    /// here would make the case pass or fail by the day it is run.
    NoDate,
}

/// Runs every test case of the rule set; returns the number of cases and failures.
pub fn run_tests(rules: &RuleSet) -> (usize, Vec<TestFailure>) {
    let mut failures = Vec::new();
    let mut cases = 0;
    // One engine per date the cases are checked on, its aggregates emptied for
    // each case: making one is the costly part, and a run of the packs' tests
    // comes before every check.
    let mut engines: Vec<(jiff::civil::Date, Engine<'_>)> = Vec::new();
    for (ti, t) in rules.tests.iter().enumerate() {
        let rule = &rules.rules[t.rule];
        let as_of = t.as_of.or(rule.from).or(rule.until);
        let dated = match as_of {
            Some(d) => Some(d),
            // In force on every day, and reading no date: any day gives the same.
            None if !rule.nodes().any(|n| n.any(&|n| matches!(n, Node::AsOf))) => {
                Some(jiff::civil::Date::MIN)
            }
            None => None,
        };
        for (ci, case) in t.cases.iter().enumerate() {
            cases += 1;
            let Some(as_of) = dated else {
                failures.push(TestFailure {
                    test: ti,
                    case: ci,
                    got: Got::NoDate,
                });
                continue;
            };
            let engine = match engines.iter().position(|(d, _)| *d == as_of) {
                Some(i) => &mut engines[i].1,
                None => {
                    let engine = Engine::new(
                        rules,
                        &Options {
                            as_of,
                            selected: &|_, _| true,
                        },
                    );
                    &mut engines.push_mut((as_of, engine)).1
                }
            };
            let got = outcome(engine, rules, t, &case.record);
            let want = match case.expect {
                Expect::Pass => Some(Outcome::Pass),
                Expect::Fail => Some(Outcome::Fail),
                Expect::Unknown => Some(Outcome::Unknown),
                Expect::Skip | Expect::Given => None,
            };
            if got != want {
                failures.push(TestFailure {
                    test: ti,
                    case: ci,
                    got: Got::Outcome(got),
                });
            }
        }
    }
    (cases, failures)
}

/// How the test's rule comes out on `record`, beside the test's `given` records,
/// checked by `engine` (made for the case's date); `None` when it does not apply.
fn outcome(
    engine: &mut Engine<'_>,
    rules: &RuleSet,
    t: &Test,
    record: &Record<'static>,
) -> Option<Outcome> {
    let rule = &rules.rules[t.rule];
    engine.clear_aggregates();
    let mut tables: Vec<Vec<&Record<'static>>> = vec![Vec::new(); rules.schema.entities.len()];
    for (e, r) in &t.given {
        if let Some(table) = tables.get_mut(*e) {
            table.push(r);
        }
    }
    tables.get_mut(rule.entity)?.push(record);
    for (e, table) in tables.iter().enumerate() {
        if engine.is_aggregated(e) {
            let kept = engine.keep(e, table.iter().copied());
            engine.add_kept(vec![kept]);
        }
    }
    let sizes: Vec<usize> = tables.iter().map(Vec::len).collect();
    engine.finish_aggregates(&sizes);
    // A case has no text of its own: its findings point nowhere.
    let cells = CellMap::Spans(crate::data::SpanRows::default());
    let view = View {
        source: record.pos.source,
        text: "",
        cells: &cells,
    };
    let mut checks = Vec::new();
    engine.evaluate_traced(
        rule.entity,
        record,
        &view,
        &mut Tally::default(),
        &mut |_| {},
        Some(&mut checks),
        None,
    );
    checks
        .into_iter()
        .find(|&(r, _)| r == t.rule)
        .map(|(_, o)| o)
}
