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
//! cases), each rendered as its record is checked and held like a finding's,
//! never made up from counts; their number is always in the report's properties.
//!
//! Problems with the input or the run (an unknown column, an unused waiver,
//! nothing checked) are a suite of their own, `ylcheck.diagnostics`, one testcase
//! each: an error is an `<error>`, a warning a `<failure>` (what CI tools show as
//! failed), a note a passing case whose output is the note.
//!
//! [`Summary`]: crate::eval::Summary

use super::spool::{Held, Spool};
use super::{Context, Totals};
use crate::diag::Diag;
use crate::eval::{Finding, Outcome};
use crate::run::{PassRun, Passed};
use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

/// A finding as the testcase it will be in the report, with the rule whose suite
/// it goes in and what it counts as there.
pub struct Case {
    rule: usize,
    kind: Kind,
    /// `None` if it could not be serialized (it always can).
    text: Option<Held>,
}

/// What a testcase counts as in its suite's totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Success,
    Failure,
    Error,
    Skipped,
}

impl Kind {
    fn of(status: &TestCaseStatus) -> Kind {
        match status {
            TestCaseStatus::Success { .. } => Kind::Success,
            TestCaseStatus::NonSuccess {
                kind: NonSuccessKind::Failure,
                ..
            } => Kind::Failure,
            TestCaseStatus::NonSuccess {
                kind: NonSuccessKind::Error,
                ..
            } => Kind::Error,
            TestCaseStatus::Skipped { .. } => Kind::Skipped,
        }
    }
}

/// A suite's totals, as quick-junit counts them.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl Counts {
    fn add(&mut self, kind: Kind) {
        self.tests += 1;
        match kind {
            Kind::Success => {}
            Kind::Failure => self.failures += 1,
            Kind::Error => self.errors += 1,
            Kind::Skipped => self.skipped += 1,
        }
    }
}

/// Where a testcase sits: in a suite, in the report.
const CASE_INDENT: &str = "\n        <testcase";
const SUITE_START: &str = "\n    <testsuite";
const SUITE_END: &str = "\n    </testsuite>";
const REPORT_END: &str = "\n</testsuites>";

/// Serializes a report, made well-formed: data text may hold characters XML
/// forbids (C0 controls, U+FFFF), and nothing of ylcheck's own needs one.
fn xml(report: &Report) -> std::io::Result<String> {
    let mut xml = Vec::new();
    report.serialize(&mut xml).map_err(std::io::Error::other)?;
    let xml = String::from_utf8_lossy(&xml);
    Ok(crate::escape::xml(&xml).into_owned())
}

/// A testcase's final text, as quick-junit writes it inside a suite: serialized
/// in a report of its own, and cut out of it.
fn case_text(case: TestCase) -> std::io::Result<String> {
    let mut suite = TestSuite::new("");
    suite.add_test_case(case);
    let mut report = Report::new("");
    report.add_test_suite(suite);
    let text = xml(&report)?;
    match (text.find(CASE_INDENT), text.rfind(SUITE_END)) {
        (Some(a), Some(b)) if a <= b => Ok(text[a..b].to_string()),
        _ => Err(std::io::Error::other("a testcase outside its suite")),
    }
}

fn case(rule: usize, case: TestCase, spool: &Spool) -> Case {
    let kind = Kind::of(&case.status);
    Case {
        rule,
        kind,
        text: case_text(case).ok().map(|t| spool.hold(t)),
    }
}

pub fn finding(ctx: &Context<'_>, f: &Finding, spool: &Spool) -> Case {
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
    let mut tc = TestCase::new(name, status);
    tc.set_classname(ctx.rule_id(f.rule));
    // The record's county, so a report splits by region.
    if let Some((_, region)) = &f.region {
        tc.add_property(Property::new("region", region.as_ref()));
    }
    case(f.rule, tc, spool)
}

/// The passing testcase's text for a (rule, record) that passed, named like a
/// finding's case: `file.csv:12 name`. Made on the worker that checked the
/// record, and held with its rule's others: there may be millions.
pub fn pass(ctx: &Context<'_>, rule: usize, t: &Passed<'_>) -> Option<String> {
    let ent = ctx.set.schema.entities.get(t.entity)?;
    let name = ent
        .name_slot()
        .and_then(|s| match t.record.values.get(s) {
            Some(crate::data::Value::Text(x)) => Some(x.to_string()),
            Some(crate::data::Value::Invalid(bad)) => Some(bad.text.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| format!("{} #{}", ent.name, t.record.pos.row + 1));
    let path = ctx.paths.get(t.input as usize).map_or("", String::as_str);
    let mut case = TestCase::new(
        format!(
            "{path}:{} {}",
            t.record.pos.line,
            crate::escape::line(&name)
        ),
        TestCaseStatus::success(),
    );
    case.set_classname(ctx.rule_id(rule));
    case_text(case).ok()
}

/// A diagnostic as a testcase named by its code and place.
fn diagnostic(d: &Diag) -> TestCase {
    let text = match &d.help {
        Some(h) => format!("{}\n{h}", d.message),
        None => d.message.clone(),
    };
    let place = match super::diag_place(d) {
        p if p.is_empty() => p,
        p => format!(" {p}"),
    };
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

/// The whole report: one suite per rule, in rule-id order, each holding the
/// rule's findings, its passes (`passes` holds them when `--junit-passes` asks)
/// and why it was not checked, if it was not. The report's totals and each
/// suite's are counted first; then each case is written as its text is read back.
pub fn document(
    ctx: &Context<'_>,
    totals: &Totals,
    cases: &[Case],
    passes: &[PassRun],
    spool: &Spool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let lang = ctx.lang;
    // The suites in the order their rules first come, with what they hold.
    let mut by_rule: Vec<(usize, Counts)> = Vec::new();
    let mut count = |rule: usize, kind: Kind, n: usize| {
        let i = match by_rule.iter().position(|(r, _)| *r == rule) {
            Some(i) => i,
            None => {
                by_rule.push((rule, Counts::default()));
                by_rule.len() - 1
            }
        };
        for _ in 0..n {
            by_rule[i].1.add(kind);
        }
    };
    for c in cases {
        count(c.rule, c.kind, 1);
    }
    for p in passes.iter().filter(|p| p.count > 0) {
        count(p.rule, Kind::Success, p.count);
    }
    for (rule, _) in &totals.not_checked {
        count(*rule, Kind::Skipped, 1);
    }
    let not_checked = |rule: usize| -> Vec<TestCase> {
        totals
            .not_checked
            .iter()
            .filter(|(r, _)| *r == rule)
            .map(|(r, why)| {
                let mut status = TestCaseStatus::skipped();
                status.set_message(ctx.not_checked_reason(why));
                let mut case = TestCase::new(ctx.rule_id(*r), status);
                case.set_classname(ctx.rule_id(*r));
                case
            })
            .collect()
    };
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
    for (_, c) in &by_rule {
        report.tests += c.tests;
        report.failures += c.failures;
        report.errors += c.errors;
        report.skipped += c.skipped;
    }
    // The report's start, its totals and the suites of its own; the rules'
    // suites go before its end.
    let whole = xml(&report)?;
    let Some(end) = whole.rfind(REPORT_END) else {
        return Err(std::io::Error::other("a report without its end"));
    };
    out.write_all(&whole.as_bytes()[..end])?;

    // The findings, suite by suite, each suite's in output order.
    let rank: Vec<usize> = {
        let mut rank = vec![usize::MAX; ctx.set.rules.len()];
        for (i, (r, _)) in by_rule.iter().enumerate() {
            if let Some(x) = rank.get_mut(*r) {
                *x = i;
            }
        }
        rank
    };
    let mut order: Vec<&Case> = cases.iter().collect();
    order.sort_by_key(|c| rank.get(c.rule).copied());
    let mut next = order.into_iter().peekable();
    // Each rule's passes in its records' order.
    let mut runs: Vec<&PassRun> = passes.iter().collect();
    runs.sort_by_key(|p| (rank.get(p.rule).copied(), p.from));
    let mut runs = runs.into_iter().peekable();
    for (rule, c) in &by_rule {
        let r = &ctx.set.rules[*rule];
        let mut suite = TestSuite::new(ctx.rule_id(*rule));
        suite.add_properties([
            Property::new("title", r.title.get(lang)),
            Property::new("cite", r.cite.as_str()),
        ]);
        (suite.tests, suite.failures, suite.errors, suite.skipped) =
            (c.tests, c.failures, c.errors, c.skipped);
        let mut alone = Report::new("");
        alone.add_test_suite(suite);
        let text = xml(&alone)?;
        match (text.find(SUITE_START), text.rfind(SUITE_END)) {
            (Some(a), Some(b)) if a <= b => out.write_all(&text.as_bytes()[a..b])?,
            _ => return Err(std::io::Error::other("a suite without its start")),
        }
        while let Some(case) = next.next_if(|c| c.rule == *rule) {
            let Some(text) = &case.text else {
                return Err(std::io::Error::other("a testcase could not be serialized"));
            };
            spool.write(text, out)?;
        }
        while let Some(run) = runs.next_if(|p| p.rule == *rule) {
            if run.lost > 0 {
                return Err(std::io::Error::other("a testcase could not be serialized"));
            }
            spool.write(&run.text, out)?;
        }
        for case in not_checked(*rule) {
            out.write_all(case_text(case)?.as_bytes())?;
        }
        out.write_all(SUITE_END.as_bytes())?;
    }
    out.write_all(&whole.as_bytes()[end..])
}
