//! The CI output formats on the shipped samples: each is snapshotted whole.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "tests fail by panicking"
)]

mod common;
use common::ylcheck;

const PLAN: &str = "samples/kaifeng-plan.toml";
const GBK: &str = "samples/kaifeng-facilities-gbk.csv";
const AS_OF: &str = "2026-01-01";

/// Runs `check --format FORMAT` on a sample and returns standard output.
fn report(format: &str, lang: &str, path: &str) -> String {
    let out = ylcheck(
        &[
            "--lang", lang, "check", "--format", format, "--as-of", AS_OF, path,
        ],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    out.stdout
}

#[test]
fn github_annotations() {
    for (name, path) in [("plan", PLAN), ("gbk", GBK)] {
        for lang in ["zh", "en"] {
            insta::assert_snapshot!(
                format!("{name}-github-{lang}"),
                report("github", lang, path)
            );
        }
    }
}

#[test]
fn markdown_summary() {
    for (name, path) in [("plan", PLAN), ("gbk", GBK)] {
        for lang in ["zh", "en"] {
            insta::assert_snapshot!(
                format!("{name}-markdown-{lang}"),
                report("markdown", lang, path)
            );
        }
    }
}

#[test]
fn junit_reports() {
    for (name, path) in [("plan", PLAN), ("gbk", GBK)] {
        for lang in ["zh", "en"] {
            insta::assert_snapshot!(format!("{name}-junit-{lang}"), report("junit", lang, path));
        }
    }
}
