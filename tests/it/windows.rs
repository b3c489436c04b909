//! When a rule is in force: a year's target for its year alone, an ongoing
//! requirement from its document's adoption.

use crate::common;
use common::ylcheck;

/// 许昌's 2023 figures, every one short of its target, and a new street with no center
/// (the only center is another street's).
const PLAN: &str = r#"[plan]
region = "许昌市"
[[region]]
name = "许昌市"
level = "city"
age_friendly_renovated = 1999
regional_centers_converted = 14
caregiver_training = 2379
new_care_workers = 1439
[[region]]
name = "新元街道"
level = "street"
parent = "建安区"
newly_established = true
[[facility]]
name = "芙蓉湖街道综合养老服务中心"
kind = "街道综合养老服务中心"
county = "魏都区"
street = "芙蓉湖街道"
"#;

const YEAR_TARGETS: [&str; 4] = [
    "xuchang-2023/age-friendly-renovation",
    "xuchang-2023/township-homes-to-regional-centers",
    "xuchang-2023/caregiver-training",
    "xuchang-2023/new-care-workers",
];

/// The rules failed and the rules listed as not checked, as of `as_of`.
fn run(as_of: &str) -> (Vec<String>, Vec<(String, String)>) {
    let out = ylcheck(
        &[
            "--lang",
            "en",
            "check",
            "--format",
            "json",
            "--as-of",
            as_of,
            "--select",
            "xuchang-2023/*",
            "-",
        ],
        Some(PLAN.as_bytes()),
    );
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let failed = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["outcome"] == "fail")
        .map(|f| f["rule"].as_str().unwrap_or("").to_string())
        .collect();
    let not_checked = doc["not_checked"]
        .as_array()
        .expect("not_checked")
        .iter()
        .map(|n| {
            (
                n["rule"].as_str().unwrap_or("").to_string(),
                n["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    (failed, not_checked)
}

/// A 2023 target is judged on the year-end figures, and later data is not held to it.
#[test]
fn a_years_target_is_in_force_for_that_year_only() {
    let (failed, _) = run("2023-12-31");
    for rule in YEAR_TARGETS {
        assert!(
            failed.iter().any(|f| f == rule),
            "{rule} not failed: {failed:?}"
        );
    }
    for as_of in ["2023-06-30", "2024-01-01", "2025-06-30"] {
        let (failed, not_checked) = run(as_of);
        for rule in YEAR_TARGETS {
            assert!(!failed.iter().any(|f| f == rule), "{rule} judged {as_of}");
            let why = not_checked
                .iter()
                .find(|(r, _)| r == rule)
                .map(|(_, why)| why.as_str());
            assert!(why.is_some(), "{rule} not listed as not checked {as_of}");
        }
        if as_of > "2023-12-31" {
            let (_, why) = not_checked
                .iter()
                .find(|(r, _)| r == YEAR_TARGETS[0])
                .expect("listed");
            assert!(why.contains("until 2023-12-31"), "{why}");
        }
    }
}

/// The requirement on new streets applies from the document's earliest possible
/// adoption (2023-03-19, the central plan it cites), not from New Year's Day; being
/// ongoing, it still applies later.
#[test]
fn the_ongoing_requirement_applies_from_adoption() {
    let rule = "xuchang-2023/new-street-has-center";
    let (failed, not_checked) = run("2023-03-18");
    assert!(!failed.iter().any(|f| f == rule));
    assert!(not_checked.iter().any(|(r, _)| r == rule));
    for as_of in ["2023-03-19", "2024-06-30"] {
        let (failed, _) = run(as_of);
        assert!(failed.iter().any(|f| f == rule), "{as_of}: {failed:?}");
    }
}

/// `explain` says a year's target is in force on its year-end day alone, in both
/// languages.
#[test]
fn explain_shows_a_single_day_window() {
    let zh = ylcheck(
        &["--lang", "zh", "explain", "age-friendly-renovation"],
        None,
    );
    assert!(
        zh.stdout.contains("仅 2023-12-31 当日施行"),
        "{}",
        zh.stdout
    );
    let en = ylcheck(
        &["--lang", "en", "explain", "age-friendly-renovation"],
        None,
    );
    assert!(
        en.stdout.contains("in force on 2023-12-31 only"),
        "{}",
        en.stdout
    );
}
