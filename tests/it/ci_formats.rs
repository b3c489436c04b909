//! The CI output formats on the shipped samples: each is snapshotted whole, but
//! for SARIF's catalogue of rules (the log is checked whole against its schema).

use crate::common;
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

#[test]
fn sarif_logs() {
    for (name, path, lang) in [("plan", PLAN, "en"), ("gbk", GBK, "zh")] {
        insta::assert_snapshot!(
            format!("{name}-sarif-{lang}"),
            common::sarif_findings(&report("sarif", lang, path))
        );
    }
}

/// The SARIF log is valid against the official 2.1.0 schema.
#[test]
fn sarif_follows_the_schema() {
    let Some(validator) = common::sarif_validator() else {
        return;
    };
    for lang in ["zh", "en"] {
        for path in [PLAN, GBK, "samples/huaiyang-workbook.xlsx"] {
            let out = ylcheck(
                &[
                    "--lang", lang, "check", "--format", "sarif", "--as-of", AS_OF, path,
                ],
                None,
            );
            let log = out.json();
            let errors: Vec<String> = validator
                .iter_errors(&log)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{path} ({lang}): {errors:#?}");
            // Every result points at its rule's descriptor.
            let run = &log["runs"][0];
            for r in run["results"].as_array().expect("results") {
                let i = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
                assert_eq!(run["tool"]["driver"]["rules"][i]["id"], r["ruleId"]);
                assert_eq!(
                    r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                    path
                );
            }
        }
    }
}

/// A task table with many shortfalls per rule: each table lists the largest first.
#[test]
fn markdown_orders_by_shortfall() {
    let out = ylcheck(
        &[
            "--lang",
            "en",
            "check",
            "--format",
            "markdown",
            "--as-of",
            "2023-01-01",
            "--region",
            "平顶山市",
            "samples/pingdingshan-progress-faults.csv",
        ],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    insta::assert_snapshot!("pingdingshan-faults-markdown-en", out.stdout);
}
