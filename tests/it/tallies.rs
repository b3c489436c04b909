//! `check --statistics` (counts per rule and outcome) and `check --summary` (a
//! table per region) on the shipped samples.

use crate::common;
use common::ylcheck;

const PLAN: &str = "samples/kaifeng-plan.toml";
const GBK: &str = "samples/kaifeng-facilities-gbk.csv";

/// The human report ends with the table, after the summary line.
#[test]
fn statistics_follow_the_human_report() {
    for (name, path) in [("plan", PLAN), ("gbk", GBK)] {
        for lang in ["zh", "en"] {
            let out = ylcheck(
                &[
                    "--lang",
                    lang,
                    "check",
                    "--as-of",
                    "2026-01-01",
                    "--statistics",
                    path,
                ],
                None,
            );
            assert_eq!(out.code, 1, "{}", out.transcript());
            let head = if lang == "zh" {
                "\n各规则的检查结果"
            } else {
                "\nStatistics per rule"
            };
            let at = out.stdout.find(head).expect("the table follows the report");
            let summary = out.stdout[..at].trim_end().lines().last().unwrap_or("");
            assert!(
                summary.starts_with("检查日期")
                    || summary.starts_with("as of")
                    || summary.starts_with("  "),
                "the summary comes first: {summary}"
            );
            insta::assert_snapshot!(format!("statistics-{name}-{lang}"), &out.stdout[at + 1..]);
        }
    }
}

/// For machine formats the table goes to standard error; the output stays valid.
#[test]
fn statistics_beside_machine_output() {
    for format in ["json", "sarif"] {
        let out = ylcheck(
            &[
                "--lang",
                "en",
                "check",
                "--as-of",
                "2026-01-01",
                "--format",
                format,
                "--statistics",
                GBK,
            ],
            None,
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        serde_json::from_str::<serde_json::Value>(&out.stdout).expect("valid JSON");
        assert!(out.stderr.contains("Statistics per rule"), "{}", out.stderr);
    }
    let out = ylcheck(
        &[
            "--lang",
            "en",
            "check",
            "--as-of",
            "2026-01-01",
            "--format",
            "json",
            "--statistics",
            GBK,
        ],
        None,
    );
    insta::assert_snapshot!("statistics-json-stderr", out.stderr);
}

fn summary(lang: &str, args: &[&str]) -> String {
    let mut full = vec!["--lang", lang, "check", "--summary"];
    full.extend_from_slice(args);
    let out = ylcheck(&full, None);
    assert_eq!(out.code, 1, "{}", out.transcript());
    out.transcript()
}

/// A facility list is summed per county (its 县（区） column); a plan's streets
/// and districts belong to the plan's region.
#[test]
fn summary_per_region() {
    for lang in ["zh", "en"] {
        insta::assert_snapshot!(
            format!("summary-gbk-{lang}"),
            summary(lang, &["--as-of", "2026-01-01", GBK])
        );
    }
    insta::assert_snapshot!(
        "summary-plan-zh",
        summary("zh", &["--as-of", "2026-01-01", PLAN])
    );
    insta::assert_snapshot!(
        "summary-pingdingshan-en",
        summary(
            "en",
            &[
                "--as-of",
                "2023-01-01",
                "--region",
                "平顶山市",
                "samples/pingdingshan-progress.csv"
            ]
        )
    );
}

/// Waived findings get a column of their own; totals match the JSON summary.
#[test]
fn summary_counts_waivers_apart() {
    let args = [
        "--as-of",
        "2026-01-01",
        "--waivers",
        "tests/waivers/applies.toml",
        PLAN,
    ];
    insta::assert_snapshot!("summary-plan-waived-en", summary("en", &args));
    let mut json = vec!["check", "--format", "json"];
    json.extend_from_slice(&args);
    let out = ylcheck(&json, None);
    let doc = out.json();
    assert_eq!(doc["summary"]["waived"], 2);
}

#[test]
fn summary_is_a_table_not_a_format() {
    let out = ylcheck(&["check", "--summary", "--format", "json", PLAN], None);
    assert_eq!(out.code, 2, "{}", out.transcript());
}
