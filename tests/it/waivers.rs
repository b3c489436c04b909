//! Waivers on the sample plan: one that applies (the finding is shown as waived
//! and no longer fails the run), one past its expiry (the finding fails as
//! usual, the waiver is reported), and ones that match nothing (reported). The
//! invalid waiver files are in `bad_inputs.rs`.

use crate::common;
use common::ylcheck;

const PLAN: &str = "samples/kaifeng-plan.toml";

/// `check` on three rules of the plan (so the transcripts stay short) with a
/// waivers file, in `lang` and `format`. `applies.toml` waives a failure (the
/// county's land) and two unknowns (the districts named `*苑` have no site yet).
fn check(waivers: &str, lang: &str, format: &str, extra: &[&str]) -> common::Output {
    let mut args = vec![
        "--lang",
        lang,
        "check",
        "--as-of",
        "2026-01-01",
        "--format",
        format,
        "--select",
        "kaifeng-2022-2/care-land-per-capita",
        "--select",
        "kaifeng-2022-2/family-care-beds",
        "--select",
        "kaifeng-2022-2/service-circle",
        "--waivers",
        waivers,
    ];
    args.extend_from_slice(extra);
    args.push(PLAN);
    ylcheck(&args, None)
}

fn both_languages(waivers: &str, extra: &[&str], code: i32) -> String {
    let mut t = String::new();
    for lang in ["zh", "en"] {
        let out = check(waivers, lang, "human", extra);
        assert_eq!(out.code, code, "{}", out.transcript());
        t.push_str(&out.transcript());
        t.push('\n');
    }
    t
}

#[test]
fn a_waiver_marks_its_finding() {
    insta::assert_snapshot!(
        "waived-human",
        both_languages("tests/waivers/applies.toml", &[], 1)
    );
}

/// The waived error no longer counts: with only its rule selected, the run passes;
/// without the waiver it fails.
#[test]
fn a_waived_finding_does_not_fail_the_run() {
    let only = |waivers: Option<&str>| {
        let mut args = vec![
            "check",
            "--as-of",
            "2026-01-01",
            "--select",
            "care-land-per-capita",
        ];
        if let Some(w) = waivers {
            args.extend(["--waivers", w]);
        }
        args.push(PLAN);
        ylcheck(&args, None)
    };
    let waived = only(Some("tests/waivers/applies.toml"));
    assert_eq!(waived.code, 0, "{}", waived.transcript());
    assert!(waived.stdout.contains("已豁免"), "{}", waived.stdout);
    assert_eq!(only(None).code, 1);
    // Nor is it a warning: the only warnings are the file's other waivers, which
    // match nothing once --select leaves their rules out.
    let mut args = vec!["check", "--as-of", "2026-01-01", "--format", "json"];
    args.extend(["--select", "care-land-per-capita"]);
    args.extend(["--waivers", "tests/waivers/applies.toml", PLAN]);
    let out = ylcheck(&args, None);
    let doc = out.json();
    assert_eq!(doc["summary"]["waived"], 1, "{}", out.transcript());
    assert_eq!(
        doc["summary"]["warnings"],
        doc["summary"]["diagnostics"]["warnings"],
        "{}",
        out.transcript()
    );
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(
        codes.iter().all(|c| *c == "ylcheck::waiver::unused"),
        "{codes:?}"
    );
}

/// On 2027-07-01 the waiver that ran to 2027-06-30 no longer applies; on
/// 2027-06-30 it still does.
#[test]
fn a_waiver_applies_through_its_expiry_date() {
    let on = |date: &str| {
        ylcheck(
            &[
                "--lang",
                "en",
                "check",
                "--format",
                "json",
                "--as-of",
                date,
                "--select",
                "care-land-per-capita",
                "--waivers",
                "tests/waivers/applies.toml",
                PLAN,
            ],
            None,
        )
    };
    let last_day = on("2027-06-30");
    assert_eq!(last_day.code, 0, "{}", last_day.transcript());
    let doc: serde_json::Value = serde_json::from_str(&last_day.stdout).expect("JSON");
    assert_eq!(doc["summary"]["waived"], 1);
    assert_eq!(doc["summary"]["errors"], 0);
    assert_eq!(doc["findings"][0]["waived"]["document"], "汴民〔2026〕12号");
    let after = on("2027-07-01");
    assert_eq!(after.code, 1, "{}", after.transcript());
    assert!(
        after.stderr.contains("expired on 2027-06-30"),
        "{}",
        after.stderr
    );
    let doc: serde_json::Value = serde_json::from_str(&after.stdout).expect("JSON");
    assert_eq!(doc["summary"]["waived"], 0);
    assert!(doc["findings"][0].get("waived").is_none());
}

#[test]
fn an_expired_waiver_is_reported_and_its_finding_fails() {
    insta::assert_snapshot!(
        "waiver-expired",
        both_languages("tests/waivers/expired.toml", &[], 1)
    );
}

#[test]
fn a_waiver_matching_nothing_is_reported() {
    insta::assert_snapshot!(
        "waiver-unused",
        both_languages(
            "tests/waivers/unused.toml",
            &["--select", "kaifeng-2022-2/street-has-center"],
            1
        )
    );
}

/// Every report format shows the waived finding its own way; machine formats
/// keep their output valid.
#[test]
fn every_format_shows_waived_findings() {
    for format in ["json", "github", "markdown", "junit", "sarif"] {
        let out = check("tests/waivers/applies.toml", "en", format, &[]);
        assert_eq!(out.code, 1, "{format}: {}", out.transcript());
        assert!(out.stderr.is_empty(), "{format}: {}", out.stderr);
        let report = match format {
            "sarif" => common::sarif_findings(&out.stdout),
            _ => out.stdout,
        };
        insta::assert_snapshot!(format!("waived-{format}"), report);
    }
    // The page is snapshotted whole elsewhere; here, that the waived row is marked
    // and carries its approval.
    for (lang, mark) in [("zh", "已豁免"), ("en", "waived")] {
        let out = check("tests/waivers/applies.toml", lang, "html", &[]);
        assert_eq!(out.code, 1, "{}", out.transcript());
        assert!(
            out.stdout
                .contains(&format!(r#"<span class="badge b-waived">{mark}</span>"#)),
            "{lang}"
        );
        assert!(
            out.stdout.contains(r#"<div class="small waiver">"#),
            "{lang}"
        );
    }
}

/// The SARIF log with suppressions is still valid SARIF 2.1.0.
#[test]
fn suppressions_follow_the_sarif_schema() {
    let Some(validator) = common::sarif_validator() else {
        return;
    };
    let out = check("tests/waivers/applies.toml", "zh", "sarif", &[]);
    let log = out.json();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let suppressed = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["suppressions"][0]["kind"] == "external")
        .count();
    assert_eq!(suppressed, 2);
}

/// An expired waiver whose rule id is misspelt is reported as expired and as
/// naming no rule, with the rule it was likely meant for.
#[test]
fn an_expired_waiver_naming_no_rule_says_so() {
    for (lang, none, near) in [
        (
            "zh",
            "没有规则叫 `street-center-flor-area`",
            "是不是 `street-center-floor-area`",
        ),
        (
            "en",
            "no rule is called `street-center-flor-area`",
            "did you mean `street-center-floor-area`",
        ),
    ] {
        let out = check("tests/waivers/expired-misspelt.toml", lang, "json", &[]);
        let doc = out.json();
        let expired = common::diagnostics(&doc, |c| c == "ylcheck::waiver::expired");
        assert_eq!(expired.len(), 1, "{}", out.transcript());
        let text = expired[0].to_string();
        assert!(text.contains(none), "{text}");
        assert!(text.contains(near), "{text}");
    }
}
