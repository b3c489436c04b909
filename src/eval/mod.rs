//! Runs a compiled rule set over a data set and produces findings.

mod expr;
mod index;
pub mod value;

use crate::data::{Dataset, Record};
use crate::lang::ast::Expect;
use crate::num::Q;
use crate::pack::{Cmp, Display, Node, RuleSet, Severity};
use crate::schema::{EntityId, Slot};
use expr::Env;
use jiff::civil::Date;
pub use value::{Reason, Unknown, V};

/// A record that failed a rule or could not be checked against it.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Index into [`RuleSet::rules`].
    pub rule: usize,
    pub entity: EntityId,
    /// Index into the entity's table in the [`Dataset`].
    pub record: usize,
    pub outcome: Outcome,
    /// For `unknown`: why.
    pub unknown: Option<Reason>,
    /// The cell the finding is about, if one can be named.
    pub focus: Option<Slot>,
    /// For a failed numeric comparison: the numbers behind it.
    pub comparison: Option<Comparison>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    Pass,
    Fail,
    Unknown,
}

impl Outcome {
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::Unknown => "unknown",
        }
    }
}

/// The comparison that decided a failure: `actual op required`, and by how much it
/// falls short, all in base units, printed with `display`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    pub op: Cmp,
    pub actual: Q,
    pub required: Q,
    pub shortfall: Option<Q>,
    pub display: Display,
}

/// Why a rule was not run at all.
#[derive(Debug, Clone, PartialEq)]
pub enum NotChecked {
    /// `--as-of` is outside the rule's `from`/`until` window.
    NotInForce {
        from: Option<Date>,
        until: Option<Date>,
    },
    /// No input provides records of this entity.
    NoInput(EntityId),
    /// Excluded by `--select`/`--ignore`.
    Deselected,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    pub records: usize,
    pub checks: usize,
    pub passed: usize,
    pub failed: usize,
    pub unknown: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// Everything a check run found.
#[derive(Debug, Default)]
pub struct Outcomes {
    pub findings: Vec<Finding>,
    pub not_checked: Vec<(usize, NotChecked)>,
    pub summary: Summary,
}

/// Which rules to run.
pub struct Options<'a> {
    pub as_of: Date,
    /// Whether a rule (by `pack/id`) is selected.
    pub selected: &'a dyn Fn(&str, &str) -> bool,
}

/// Checks every selected rule in force against every record of its entity.
pub fn check(rules: &RuleSet, data: &Dataset, opts: &Options<'_>) -> Outcomes {
    let env = Env::new(data, opts.as_of, rules.aggregates);
    let mut out = Outcomes::default();
    out.summary.records = data.tables.iter().map(Vec::len).sum();
    for (ri, rule) in rules.rules.iter().enumerate() {
        let pack = &rules.packs[rule.pack].id;
        if !(opts.selected)(pack, &rule.id) {
            continue;
        }
        if !rule.in_force(opts.as_of) {
            out.not_checked.push((
                ri,
                NotChecked::NotInForce {
                    from: rule.from,
                    until: rule.until,
                },
            ));
            continue;
        }
        let empty = |e: EntityId| data.tables.get(e).is_none_or(Vec::is_empty);
        if let Some(&e) = std::iter::once(&rule.entity)
            .chain(&rule.needs)
            .find(|&&e| empty(e))
        {
            out.not_checked.push((ri, NotChecked::NoInput(e)));
            continue;
        }
        for (i, rec) in data.tables[rule.entity].iter().enumerate() {
            let Some(outcome) = evaluate(&env, &rule.filter, &rule.require, rec) else {
                continue;
            };
            out.summary.checks += 1;
            let (outcome, unknown) = match outcome {
                Ok(true) => {
                    out.summary.passed += 1;
                    continue;
                }
                Ok(false) => (Outcome::Fail, None),
                Err(u) => (Outcome::Unknown, Some(u)),
            };
            match outcome {
                Outcome::Fail => out.summary.failed += 1,
                _ => out.summary.unknown += 1,
            }
            match rule.severity {
                Severity::Error => out.summary.errors += 1,
                Severity::Warning => out.summary.warnings += 1,
                Severity::Info => {}
            }
            let comparison = if outcome == Outcome::Fail {
                explain(&env, &rule.require, rec)
            } else {
                None
            };
            let focus = match unknown {
                Some(u) => u.slot,
                None => comparison
                    .as_ref()
                    .and(first_field(&rule.require, &env, rec))
                    .or(rule.fields.first().copied()),
            };
            out.findings.push(Finding {
                rule: ri,
                entity: rule.entity,
                record: i,
                outcome,
                unknown: unknown.map(|u| u.reason),
                focus,
                comparison,
            });
        }
    }
    out
}

/// `None` when the rule does not apply to the record (its filter is not true).
fn evaluate<'a>(
    env: &Env<'a>,
    filter: &'a Option<Node>,
    require: &'a Node,
    rec: &'a Record,
) -> Option<Result<bool, Unknown>> {
    if let Some(f) = filter
        && !matches!(env.eval(f, rec, rec, true), Ok(V::Bool(true)))
    {
        return None;
    }
    Some(match env.eval(require, rec, rec, true) {
        Ok(V::Bool(b)) => Ok(b),
        Ok(_) => Err(Unknown::of(Reason::Invalid)),
        Err(u) => Err(u),
    })
}

/// Finds the numeric comparison that made a requirement false.
fn explain<'a>(env: &Env<'a>, n: &'a Node, rec: &'a Record) -> Option<Comparison> {
    match n {
        Node::And(parts) => parts
            .iter()
            .find(|p| matches!(env.eval(p, rec, rec, true), Ok(V::Bool(false))))
            .and_then(|p| explain(env, p, rec)),
        Node::Or(parts) => parts.iter().find_map(|p| explain(env, p, rec)),
        Node::If(c, a, b) => match env.eval(c, rec, rec, true) {
            Ok(V::Bool(true)) => explain(env, a, rec),
            _ => explain(env, b, rec),
        },
        Node::Cmp(op, a, b, display) => {
            let (Ok(V::Num(actual)), Ok(V::Num(required))) =
                (env.eval(a, rec, rec, true), env.eval(b, rec, rec, true))
            else {
                return None;
            };
            let shortfall = match op {
                Cmp::Ge | Cmp::Gt => required.checked_sub(actual),
                Cmp::Le | Cmp::Lt => actual.checked_sub(required),
                Cmp::Eq => required.checked_sub(actual).map(|d| {
                    if d.is_negative() {
                        d.checked_neg().unwrap_or(d)
                    } else {
                        d
                    }
                }),
                Cmp::Ne => None,
            };
            Some(Comparison {
                op: *op,
                actual,
                required,
                shortfall,
                display: *display,
            })
        }
        _ => None,
    }
}

/// The first field of the checked record that the deciding comparison reads.
fn first_field<'a>(n: &'a Node, env: &Env<'a>, rec: &'a Record) -> Option<Slot> {
    match n {
        Node::Field(s) => Some(*s),
        Node::And(parts) => parts
            .iter()
            .find(|p| matches!(env.eval(p, rec, rec, true), Ok(V::Bool(false))))
            .and_then(|p| first_field(p, env, rec)),
        Node::Or(parts) => parts.iter().find_map(|p| first_field(p, env, rec)),
        Node::If(c, a, b) => match env.eval(c, rec, rec, true) {
            Ok(V::Bool(true)) => first_field(a, env, rec),
            _ => first_field(b, env, rec),
        },
        Node::Cmp(_, a, b, _) | Node::Arith(_, a, b) => {
            first_field(a, env, rec).or_else(|| first_field(b, env, rec))
        }
        Node::Neg(a) | Node::Not(a) => first_field(a, env, rec),
        Node::In(a, _) => first_field(a, env, rec),
        Node::Contains { list, .. } => first_field(list, env, rec),
        _ => None,
    }
}

/// A test case whose outcome differs from what the pack says.
#[derive(Debug, Clone, PartialEq)]
pub struct TestFailure {
    pub test: usize,
    pub case: usize,
    /// What happened: `Some(outcome)`, or `None` when the rule did not apply.
    pub got: Option<Outcome>,
}

/// Runs every test case of the rule set; returns the number of cases and failures.
pub fn run_tests(rules: &RuleSet) -> (usize, Vec<TestFailure>) {
    let mut failures = Vec::new();
    let mut cases = 0;
    for (ti, t) in rules.tests.iter().enumerate() {
        let rule = &rules.rules[t.rule];
        for (ci, case) in t.cases.iter().enumerate() {
            cases += 1;
            let mut data = Dataset::new(rules.schema.entities.len());
            for (e, r) in &t.given {
                data.tables[*e].push(r.clone());
            }
            data.tables[rule.entity].push(case.record.clone());
            let idx = data.tables[rule.entity].len() - 1;
            // Windows are ignored in tests: the date only matters to `as_of`.
            let as_of = rule
                .from
                .or(rule.until)
                .unwrap_or(Date::constant(2022, 1, 1));
            let env = Env::new(&data, as_of, rules.aggregates);
            let rec = &data.tables[rule.entity][idx];
            let got = evaluate(&env, &rule.filter, &rule.require, rec).map(|r| match r {
                Ok(true) => Outcome::Pass,
                Ok(false) => Outcome::Fail,
                Err(_) => Outcome::Unknown,
            });
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
                    got,
                });
            }
        }
    }
    (cases, failures)
}
