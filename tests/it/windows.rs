//! When a rule is in force: a year's target from its document's adoption through the
//! following year, an ongoing requirement from adoption, a deadline's standing (behind
//! up to and on the day, overdue from the next).

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

/// A failed rule, its severity and its status (behind, overdue).
type Failed = (String, String, String);

/// The rules failed, with their severity and status, and the rules listed as not
/// checked, as of `as_of`.
fn run(as_of: &str) -> (Vec<Failed>, Vec<(String, String)>) {
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
    let doc = out.json();
    let failed = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["outcome"] == "fail")
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("rule"), s("severity"), s("status"))
        })
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

fn fails(failed: &[Failed], rule: &str) -> Option<(String, String)> {
    failed
        .iter()
        .find(|(r, _, _)| r == rule)
        .map(|(_, sev, status)| (sev.clone(), status.clone()))
}

/// A 2023 target is checked from the document's adoption: a shortfall up to and on
/// its deadline is behind (a warning), from the next day overdue (an error), and it
/// judges data reported through 2024; data of 2025 is not held to it.
#[test]
fn a_years_target_is_in_force_through_the_following_year() {
    for (as_of, want) in [
        ("2023-06-01", ("warning", "behind")),
        ("2023-12-31", ("warning", "behind")),
        ("2024-01-01", ("error", "overdue")),
        ("2024-01-15", ("error", "overdue")),
        ("2024-12-31", ("error", "overdue")),
    ] {
        let (failed, _) = run(as_of);
        for rule in YEAR_TARGETS {
            assert_eq!(
                fails(&failed, rule),
                Some((want.0.to_string(), want.1.to_string())),
                "{rule} {as_of}: {failed:?}"
            );
        }
    }
    for as_of in ["2023-03-18", "2025-01-01", "2025-06-30"] {
        let (failed, not_checked) = run(as_of);
        for rule in YEAR_TARGETS {
            assert!(fails(&failed, rule).is_none(), "{rule} judged {as_of}");
            let why = not_checked
                .iter()
                .find(|(r, _)| r == rule)
                .map(|(_, why)| why.as_str());
            assert!(why.is_some(), "{rule} not listed as not checked {as_of}");
        }
        if as_of > "2024-12-31" {
            let (_, why) = not_checked
                .iter()
                .find(|(r, _)| r == YEAR_TARGETS[0])
                .expect("listed");
            assert!(why.contains("until 2024-12-31"), "{why}");
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
    assert!(fails(&failed, rule).is_none());
    assert!(not_checked.iter().any(|(r, _)| r == rule));
    for as_of in ["2023-03-19", "2024-06-30"] {
        let (failed, _) = run(as_of);
        assert!(fails(&failed, rule).is_some(), "{as_of}: {failed:?}");
    }
}

/// `explain` says a year's target is in force from adoption through the following
/// year, with its deadline, in both languages.
#[test]
fn explain_shows_a_years_window_and_its_deadline() {
    let zh = ylcheck(
        &["--lang", "zh", "explain", "age-friendly-renovation"],
        None,
    );
    for want in ["2023-03-19 至 2024-12-31 施行", "期限 2023-12-31"] {
        assert!(zh.stdout.contains(want), "{}", zh.stdout);
    }
    let en = ylcheck(
        &["--lang", "en", "explain", "age-friendly-renovation"],
        None,
    );
    for want in [
        "in force from 2023-03-19 until 2024-12-31",
        "due 2023-12-31",
    ] {
        assert!(en.stdout.contains(want), "{}", en.stdout);
    }
}

/// A standard with a document deadline is checked from the document's date: before and
/// on the deadline a shortfall is behind (a warning), from the next day overdue (an
/// error). 开封's 2025 family-bed target and 2022 street-center standard, 淮阳's 2025
/// bed total.
#[test]
fn a_deadline_is_behind_until_the_day_and_overdue_after() {
    const KF: &str = r#"[plan]
region = "开封市"
[[region]]
name = "杞县"
level = "county"
parent = "开封市"
elderly_population = 200000
family_beds = 100
[[facility]]
name = "城关街道综合养老服务中心"
kind = "街道综合养老服务中心"
county = "杞县"
floor_area = "1500平方米"
"#;
    const HY: &str = r#"[plan]
region = "周口市淮阳区"
[[region]]
name = "淮阳区"
level = "county"
parent = "周口市"
[[facility]]
name = "淮阳区颐养院"
kind = "养老机构"
county = "淮阳区"
beds = 300
"#;
    let status = |plan: &str, as_of: &str, rule: &str| -> Option<(String, String)> {
        let out = ylcheck(
            &[
                "--lang", "en", "check", "--format", "json", "--as-of", as_of, "-",
            ],
            Some(plan.as_bytes()),
        );
        let doc = out.json();
        doc["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["outcome"] == "fail" && f["rule"] == rule)
            .map(|f| {
                let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
                (s("severity"), s("status"))
            })
    };
    let behind = Some(("warning".to_string(), "behind".to_string()));
    let overdue = Some(("error".to_string(), "overdue".to_string()));
    for (plan, rule, early, deadline, next) in [
        (
            KF,
            "kaifeng-2022-2/family-care-beds",
            "2023-06-30",
            "2025-12-31",
            "2026-01-01",
        ),
        (
            KF,
            "kaifeng-2022-2/street-center-floor-area",
            "2022-06-30",
            "2022-12-31",
            "2023-01-01",
        ),
        (
            HY,
            "huaiyang-2022-2/district-total-beds",
            "2024-06-30",
            "2025-12-31",
            "2026-01-01",
        ),
    ] {
        assert_eq!(status(plan, early, rule), behind, "{rule} {early}");
        assert_eq!(status(plan, deadline, rule), behind, "{rule} {deadline}");
        assert_eq!(status(plan, next, rule), overdue, "{rule} {next}");
    }
}
