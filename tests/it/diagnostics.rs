//! Problems with the input or the run are part of the report in every format,
//! count in its totals and toward `--fail-on`; a run that checks nothing exits 1
//! and says why, unless an empty run is allowed.

use crate::common;
use common::ylcheck;

const AS_OF: &str = "2026-01-01";
/// One facility whose table has a column no entity knows (a located warning),
/// checked by one rule it passes, with a waiver file whose waivers match nothing
/// (warnings located in that file): warnings, and no failing finding.
const UNKNOWN_COLUMN: &str = "tests/bad/unknown-column.csv";
const WAIVERS: &str = "tests/waivers/unused.toml";
const PASSING_RULE: &str = "kaifeng-2022-2/street-center-floor-area";

fn with_warnings(lang: &str, format: &str, extra: &[&str]) -> common::Output {
    let mut args = vec![
        "--lang",
        lang,
        "check",
        "--format",
        format,
        "--as-of",
        AS_OF,
        "--region",
        "开封市龙亭区",
        "--select",
        PASSING_RULE,
        "--waivers",
        WAIVERS,
    ];
    args.extend(extra);
    args.push(UNKNOWN_COLUMN);
    ylcheck(&args, None)
}

/// The `<section id="diagnostics">` of an HTML page.
fn html_section(page: &str) -> &str {
    let start = page
        .find("<section id=\"diagnostics\">")
        .expect("a diagnostics section");
    let end = page[start..].find("</section>").expect("its end") + start;
    &page[start..end + "</section>".len()]
}

#[test]
fn every_format_carries_the_diagnostics() {
    for lang in ["zh", "en"] {
        for format in ["json", "sarif", "junit", "github", "markdown", "html"] {
            let out = with_warnings(lang, format, &[]);
            // Warnings alone fail nothing at the default --fail-on error.
            assert_eq!(out.code, 0, "{format} {lang}: {}", out.transcript());
            let report = match format {
                "html" => html_section(&out.stdout).to_string(),
                "sarif" => common::sarif_findings(&out.stdout),
                _ => out.stdout.clone(),
            };
            insta::assert_snapshot!(format!("diagnostics-{format}-{lang}"), report);
            // The terminal still sees them, whatever the report's format.
            assert!(
                out.stderr.contains("ylcheck::data::unknown_column"),
                "{format} {lang}: {}",
                out.stderr
            );
        }
    }
}

/// JSON: each diagnostic has level, code, message, help and where it is; the
/// summary counts them apart and within its warnings.
#[test]
fn json_diagnostics_are_located_and_counted() {
    let out = with_warnings("en", "json", &[]);
    let doc = out.json();
    let ds = doc["diagnostics"].as_array().expect("diagnostics");
    let column = ds
        .iter()
        .find(|d| d["code"] == "ylcheck::data::unknown_column")
        .expect("the unknown column");
    assert_eq!(column["level"], "warning");
    assert_eq!(
        column["location"],
        serde_json::json!({"path": UNKNOWN_COLUMN, "line": 1, "column": 12})
    );
    assert!(
        column["help"]
            .as_str()
            .is_some_and(|h| h.contains("template"))
    );
    let waiver = ds
        .iter()
        .find(|d| d["code"] == "ylcheck::waiver::unused")
        .expect("the unused waiver");
    assert_eq!(waiver["location"]["path"], WAIVERS);
    let s = &doc["summary"];
    assert_eq!(s["diagnostics"]["warnings"], ds.len());
    assert_eq!(s["warnings"], ds.len(), "no warning finding: {s}");
    assert_eq!(s["failed"], 0);
    assert_eq!(s["passed"], 1);
}

/// The human report: findings and totals on standard output, diagnostics on
/// standard error, and the totals count what standard error showed.
#[test]
fn human_diagnostics_go_to_stderr() {
    let out = ylcheck(
        &[
            "--lang",
            "en",
            "check",
            "--as-of",
            AS_OF,
            "--region",
            "开封市龙亭区",
            UNKNOWN_COLUMN,
        ],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    assert!(out.stdout.contains("as of 2026-01-01: 1 records, 1 checks"));
    assert!(!out.stdout.contains("ylcheck::"), "{}", out.stdout);
    assert!(out.stderr.contains("ylcheck::data::unknown_column"));
    assert!(out.stderr.contains("ylcheck::data::missing_column"));
    assert!(!out.stderr.contains("as of"), "{}", out.stderr);
    // The table lacks two columns error rules need and two warning rules need,
    // and has one it should not.
    assert!(
        out.stdout.contains("(2 errors, 3 warnings)"),
        "{}",
        out.stdout
    );
    insta::assert_snapshot!("diagnostics-human-stderr-en", out.stderr);
}

/// Warnings that are diagnostics alone: they pass `--fail-on error` and
/// `never`, and fail `--fail-on warning`, in every format.
#[test]
fn fail_on_reads_the_diagnostics() {
    for format in [
        "human", "json", "sarif", "junit", "github", "markdown", "html",
    ] {
        for (fail_on, code) in [("error", 0), ("warning", 1), ("never", 0)] {
            let out = with_warnings("zh", format, &["--fail-on", fail_on]);
            assert_eq!(out.code, code, "{format} --fail-on {fail_on}");
        }
    }
}

/// Facilities in a table with no 类型 column: nothing is checked because the
/// column is absent, not because the records are outside any rule's scope.
#[test]
fn nothing_checked_for_an_absent_column_is_not_out_of_scope() {
    for lang in ["zh", "en"] {
        let out = ylcheck(
            &[
                "--lang",
                lang,
                "check",
                "--as-of",
                AS_OF,
                "--format",
                "json",
                "tests/nothing/无类型列.csv",
            ],
            None,
        );
        let doc = out.json();
        let msg = doc["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .find(|d| d["code"] == "ylcheck::nothing_checked")
            .and_then(|d| d["message"].as_str())
            .unwrap_or_else(|| panic!("{}", out.transcript()))
            .to_string();
        assert!(msg.contains("missing_column"), "{msg}");
        for scope in ["适用条件", "适用范围", "scope", "for … where"] {
            assert!(!msg.contains(scope), "{msg}");
        }
    }
}

/// Each way of checking nothing: the message says which it was, the exit code
/// is 1 whatever `--fail-on` says, and 0 with `--allow-empty`, where the note
/// still says what happened.
#[test]
fn nothing_checked_says_why() {
    let cases: &[(&str, &[&str])] = &[
        (
            "select-matches-no-rule",
            &[
                "--select",
                "street-centre*",
                "samples/kaifeng-facilities-gbk.csv",
            ],
        ),
        (
            "every-rule-ignored",
            &["--ignore", "*", "samples/kaifeng-facilities-gbk.csv"],
        ),
        ("no-records", &["tests/bad/header-only.csv"]),
        (
            "no-pack-for-the-region",
            &["--region", "洛阳市", "samples/kaifeng-tasks.csv"],
        ),
        (
            "no-rule-in-scope",
            &["--region", "洛阳市", "samples/kaifeng-facilities-gbk.csv"],
        ),
        // A 洛阳 facility: no city's or county's pack covers it.
        ("no-pack-for-the-place", &["tests/nothing/洛阳设施.csv"]),
        // Streets of 开封 without the facility table their rules count.
        ("region-without-its-tables", &["tests/nothing/街道.csv"]),
        // 许昌市's own rules hold for 2023 only: not in force, not out of scope.
        ("rules-out-of-force", &["tests/nothing/许昌市.csv"]),
    ];
    for (name, args) in cases {
        for lang in ["zh", "en"] {
            let mut all = vec!["--lang", lang, "check", "--as-of", AS_OF];
            all.extend(args.iter());
            let out = ylcheck(&all, None);
            assert_eq!(out.code, 1, "{name}: {}", out.transcript());
            assert!(
                out.stderr.contains("ylcheck::nothing_checked"),
                "{name}: {}",
                out.stderr
            );
            insta::assert_snapshot!(format!("nothing-checked-{name}-{lang}"), out.transcript());
            let mut never = all.clone();
            never.extend(["--fail-on", "never"]);
            assert_eq!(ylcheck(&never, None).code, 1, "{name}: --fail-on never");
            let mut allowed = all.clone();
            allowed.extend(["--allow-empty", "--format", "json"]);
            let out = ylcheck(&allowed, None);
            assert_eq!(out.code, 0, "{name}: {}", out.transcript());
            let doc = out.json();
            let note = doc["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .find(|d| d["code"] == "ylcheck::nothing_checked")
                .expect("the note")
                .clone();
            assert_eq!(note["level"], "note", "{name}");
        }
    }
}

/// SARIF with notifications is still valid SARIF 2.1.0 (where the schema is at hand).
#[test]
fn notifications_follow_the_sarif_schema() {
    let Some(validator) = common::sarif_validator() else {
        return;
    };
    for out in [
        with_warnings("zh", "sarif", &[]),
        ylcheck(
            &["check", "--format", "sarif", "tests/bad/header-only.csv"],
            None,
        ),
    ] {
        let log = out.json();
        let errors: Vec<String> = validator
            .iter_errors(&log)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

/// Nothing checked in the machine formats: an error diagnostic, and SARIF says
/// the run did not succeed.
#[test]
fn nothing_checked_in_machine_formats() {
    let args = |format: &'static str| {
        [
            "--lang",
            "en",
            "check",
            "--format",
            format,
            "--as-of",
            AS_OF,
            "tests/bad/header-only.csv",
        ]
    };
    let out = ylcheck(&args("sarif"), None);
    assert_eq!(out.code, 1);
    let log = out.json();
    let inv = &log["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"].as_array().expect("notes");
    assert!(notes.iter().any(|n| {
        n["level"] == "error"
            && n["descriptor"]["id"] == "ylcheck::nothing_checked"
            && n["message"]["text"]
                .as_str()
                .is_some_and(|t| t.contains("the inputs hold no records"))
    }));
    let out = ylcheck(&args("github"), None);
    assert!(
        out.stdout
            .contains("::error title=ylcheck%3A%3Anothing_checked::nothing was checked"),
        "{}",
        out.stdout
    );
    let out = ylcheck(&args("junit"), None);
    assert!(
        out.stdout
            .contains("<testsuite name=\"ylcheck.diagnostics\"")
    );
    assert!(out.stdout.contains("<error message=\"nothing was checked"));
}

/// A `--select` glob that names no rule is reported even when other globs
/// selected something, with the nearest rule id.
#[test]
fn unmatched_select_is_a_warning() {
    let out = ylcheck(
        &[
            "--lang",
            "en",
            "check",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--select",
            "street-center-floor-area",
            "--select",
            "street-center-flor-area",
            "samples/kaifeng-facilities-gbk.csv",
        ],
        None,
    );
    let doc = out.json();
    assert!(doc["summary"]["checks"].as_u64().is_some_and(|n| n > 0));
    let d = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "ylcheck::select::unmatched")
        .expect("the unmatched glob")
        .clone();
    assert_eq!(d["level"], "warning");
    assert_eq!(
        d["message"],
        "--select 'street-center-flor-area' matched no rule"
    );
    assert_eq!(d["help"], "did you mean `street-center-floor-area`?");
}

/// `allow_empty = true` in ylcheck.toml does what the flag does; a value that is
/// not a boolean is an error in the file.
#[test]
fn allow_empty_in_the_settings() {
    let run = |config: &str| {
        ylcheck(
            &[
                "--lang",
                "en",
                "--config",
                config,
                "check",
                "--as-of",
                AS_OF,
                "tests/bad/header-only.csv",
            ],
            None,
        )
    };
    let allowed = run("tests/config/allow-empty.toml");
    assert_eq!(allowed.code, 0, "{}", allowed.transcript());
    assert!(allowed.stderr.contains("ylcheck::nothing_checked"));
    let wrong = run("tests/config/allow-empty-wrong.toml");
    assert_eq!(wrong.code, 2, "{}", wrong.transcript());
    assert!(
        wrong.stderr.contains("`allow_empty` must be true or false"),
        "{}",
        wrong.stderr
    );
}

/// A column the aggregated table lacks is reported as one the checked table
/// lacks: `district-support-medical-integration` counts the support institutions
/// with 是否医养结合, and a facility table without that column leaves it not
/// checked on 淮阳区 (listed, once at the facility table's header), not a vague
/// unknown about the records it counts.
#[test]
fn an_aggregated_table_without_a_column_is_reported_at_its_header() {
    for lang in ["zh", "en"] {
        let out = ylcheck(
            &[
                "--lang",
                lang,
                "check",
                "--format",
                "json",
                "--as-of",
                AS_OF,
                "--select",
                "*/district-support-medical-integration",
                "tests/places/huaiyang-facilities.csv",
                "tests/places/huaiyang-region.csv",
            ],
            None,
        );
        let doc = out.json();
        assert_eq!(
            doc["findings"],
            serde_json::json!([]),
            "{}",
            out.transcript()
        );
        let missing = common::diagnostics(&doc, |c| c == "ylcheck::data::missing_column");
        assert_eq!(missing.len(), 1, "{}", out.transcript());
        let d = missing[0];
        assert_eq!(
            d["location"]["path"], "tests/places/huaiyang-facilities.csv",
            "{d}"
        );
        assert_eq!(d["location"]["line"], 1, "{d}");
        let message = d["message"].as_str().unwrap_or("");
        let column = if lang == "zh" {
            "是否医养结合"
        } else {
            "medical_integration"
        };
        assert!(message.contains(column), "{message}");
        assert!(
            message.contains("huaiyang-2022-2/district-support-medical-integration"),
            "{message}"
        );
        let listed: Vec<&serde_json::Value> = doc["not_checked"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|n| n["rule"] == "huaiyang-2022-2/district-support-medical-integration")
            .collect();
        assert_eq!(listed.len(), 1, "{}", out.transcript());
        assert!(
            listed[0]["reason"]
                .as_str()
                .is_some_and(|r| r.contains("huaiyang-facilities.csv")),
            "{}",
            listed[0]
        );
    }
    // With the column, blank for the institution: unknown at its cell's record,
    // as before.
    let dir = tempfile::tempdir().expect("temp dir");
    let with = dir.path().join("facilities.csv");
    std::fs::write(
        &with,
        "名称,类型,县（区）,是否医养结合\n淮阳区特困人员供养服务中心,县级特困供养服务机构,淮阳区,\n",
    )
    .expect("written");
    let out = ylcheck(
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--select",
            "*/district-support-medical-integration",
            with.to_str().expect("path"),
            "tests/places/huaiyang-region.csv",
        ],
        None,
    );
    let doc = out.json();
    assert_eq!(doc["summary"]["unknown"], 1, "{}", out.transcript());
    assert!(
        common::diagnostics(&doc, |c| c == "ylcheck::data::missing_column").is_empty(),
        "{}",
        out.transcript()
    );
}
