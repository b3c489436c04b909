//! `--format junit`: JUnit XML, which most CI systems show as a test report.
//!
//! One testsuite per rule that has findings or did not run. The engine renders
//! only failing and unknown findings; passes are counted (in [`Summary`]), not
//! reported one by one. So the testcases here are exactly the findings: a failing
//! finding is a `<failure>`, an unknown one an `<error>` (the check could not be
//! made), each with the message, shortfall and citation; a waived one is
//! `<skipped>` with the waiver's reason. A rule that did not run is one
//! `<skipped>` testcase with the reason. Passing (rule, record) pairs appear as
//! testcases only with `--junit-passes` (a million records make a million
//! cases), taken from the run's record traces, never made up from counts; their
//! number is always in the report's properties.
//!
//! Problems with the input or the run (an unknown column, an unused waiver,
//! nothing checked) are a suite of their own, `ylcheck.diagnostics`, one testcase
//! each: an error is an `<error>`, a warning a `<failure>` (what CI tools show as
//! failed), a note a passing case whose output is the note.
//!
//! [`Summary`]: crate::eval::Summary

use super::{Context, Totals};
use crate::diag::Diag;
use crate::eval::{Finding, Outcome};
use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

/// A finding as a testcase, with the rule it belongs to.
pub struct Case {
    rule: usize,
    case: TestCase,
}

pub fn finding(ctx: &Context<'_>, f: &Finding) -> Case {
    let kind = match f.outcome {
        Outcome::Unknown => NonSuccessKind::Error,
        _ => NonSuccessKind::Failure,
    };
    // A waived finding is a skipped case: reported, with why, but not a failure.
    let status = match ctx.waiver(f) {
        Some(w) => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(format!(
                "{}{}{}",
                ctx.waiver_note(w),
                ctx.lang.pick("；", "; "),
                ctx.full_message(f)
            ));
            status.set_type("waived");
            status
        }
        None => {
            let mut status = TestCaseStatus::non_success(kind);
            status.set_message(ctx.full_message(f));
            status.set_type(f.outcome.name());
            status
        }
    };
    let name = format!(
        "{}:{} {}",
        ctx.location(f),
        f.line,
        crate::escape::line(&f.record)
    );
    let mut case = TestCase::new(name, status);
    case.set_classname(ctx.rule_id(f.rule));
    // The record's county, so a report splits by region.
    if let Some((_, region)) = &f.region {
        case.add_property(Property::new("region", region.as_ref()));
    }
    Case { rule: f.rule, case }
}

/// A passing testcase for each (rule, record) that passed, named like a
/// finding's case: `file.csv:12 name`.
pub fn passes(ctx: &Context<'_>, traces: &[crate::eval::Trace]) -> Vec<Case> {
    let mut cases = Vec::new();
    for t in traces {
        let Some(ent) = ctx.set.schema.entities.get(t.entity) else {
            continue;
        };
        let name = ent
            .name_slot()
            .and_then(|s| match t.record.values.get(s) {
                Some(crate::data::Value::Text(x)) => Some(x.to_string()),
                Some(crate::data::Value::Invalid(bad)) => Some(bad.text.to_string()),
                _ => None,
            })
            .unwrap_or_else(|| format!("{} #{}", ent.name, t.record.pos.row + 1));
        let path = ctx.paths.get(t.input as usize).map_or("", String::as_str);
        for &(rule, outcome) in &t.checks {
            if outcome != Outcome::Pass {
                continue;
            }
            let mut case = TestCase::new(
                format!(
                    "{path}:{} {}",
                    t.record.pos.line,
                    crate::escape::line(&name)
                ),
                TestCaseStatus::success(),
            );
            case.set_classname(ctx.rule_id(rule));
            cases.push(Case { rule, case });
        }
    }
    cases
}

/// A diagnostic as a testcase named by its code and place.
fn diagnostic(d: &Diag) -> TestCase {
    let text = match &d.help {
        Some(h) => format!("{}\n{h}", d.message),
        None => d.message.clone(),
    };
    let place = d.location().map_or(String::new(), |l| match &l.cell {
        Some(c) => format!(" {}!{c}", l.path),
        None => format!(" {}:{}:{}", l.path, l.line, l.column),
    });
    let mut status = match d.severity {
        miette::Severity::Error => TestCaseStatus::non_success(NonSuccessKind::Error),
        miette::Severity::Warning => TestCaseStatus::non_success(NonSuccessKind::Failure),
        miette::Severity::Advice => TestCaseStatus::success(),
    };
    if d.severity != miette::Severity::Advice {
        status.set_message(text.clone());
        status.set_type(d.level());
    }
    let mut case = TestCase::new(format!("{}{place}", d.code), status);
    case.set_classname("ylcheck.diagnostics");
    if d.severity == miette::Severity::Advice {
        case.set_system_out(text);
    }
    case
}

/// The whole report: one suite per rule, in rule-id order.
pub fn document(
    ctx: &Context<'_>,
    totals: &Totals,
    cases: Vec<Case>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let lang = ctx.lang;
    let mut by_rule: Vec<(usize, Vec<TestCase>)> = Vec::new();
    for c in cases {
        match by_rule.iter_mut().find(|(r, _)| *r == c.rule) {
            Some((_, v)) => v.push(c.case),
            None => by_rule.push((c.rule, vec![c.case])),
        }
    }
    for (rule, why) in &totals.not_checked {
        let mut status = TestCaseStatus::skipped();
        status.set_message(ctx.not_checked_reason(why));
        let mut case = TestCase::new(ctx.rule_id(*rule), status);
        case.set_classname(ctx.rule_id(*rule));
        match by_rule.iter_mut().find(|(r, _)| r == rule) {
            Some((_, v)) => v.push(case),
            None => by_rule.push((*rule, vec![case])),
        }
    }
    by_rule.sort_by(|a, b| ctx.rule_id(a.0).cmp(ctx.rule_id(b.0)));

    let mut report = Report::new("ylcheck");
    let s = &totals.summary;
    let mut head = TestSuite::new(lang.pick("ylcheck 检查汇总", "ylcheck summary"));
    head.add_properties([
        Property::new("as_of", ctx.as_of.to_string()),
        Property::new("records", s.records.to_string()),
        Property::new("checks", s.checks.to_string()),
        Property::new("passed", s.passed.to_string()),
        Property::new("failed", s.failed.to_string()),
        Property::new("unknown", s.unknown.to_string()),
        Property::new("waived", s.waived().to_string()),
        Property::new("errors", s.errors.to_string()),
        Property::new("warnings", s.warnings.to_string()),
        Property::new("diagnostics", totals.flat_diagnostics().len().to_string()),
    ]);
    if let Some(st) = &totals.settings {
        head.add_properties([
            Property::new("settings", st.line(lang)),
            Property::new("settings_file", st.file.clone().unwrap_or_default()),
            Property::new("fail_on", st.fail_on.clone()),
            Property::new("select", st.select.join(",")),
            Property::new("ignore", st.ignore.join(",")),
        ]);
    }
    report.add_test_suite(head);
    let diagnostics = totals.flat_diagnostics();
    if !diagnostics.is_empty() {
        let mut suite = TestSuite::new("ylcheck.diagnostics");
        suite.add_property(Property::new(
            "title",
            lang.pick("输入与运行问题", "Problems with the input and the run"),
        ));
        suite.add_test_cases(diagnostics.into_iter().map(diagnostic));
        report.add_test_suite(suite);
    }
    for (rule, cases) in by_rule {
        let r = &ctx.set.rules[rule];
        let mut suite = TestSuite::new(ctx.rule_id(rule));
        suite.add_properties([
            Property::new("title", r.title.get(lang)),
            Property::new("cite", r.cite.as_str()),
        ]);
        suite.add_test_cases(cases);
        report.add_test_suite(suite);
    }
    // Data text may hold characters XML forbids (C0 controls, U+FFFF): the
    // document is made well-formed as a whole, since nothing of ylcheck's own
    // needs one.
    let mut xml = Vec::new();
    report.serialize(&mut xml).map_err(std::io::Error::other)?;
    let xml = String::from_utf8_lossy(&xml);
    out.write_all(crate::escape::xml(&xml).as_bytes())
}
