//! The shipped samples, checked the way the README shows: human and JSON reports.

use crate::common;
use common::ylcheck;

const PLAN: &str = "samples/kaifeng-plan.toml";
const GBK: &str = "samples/kaifeng-facilities-gbk.csv";
const AS_OF: &str = "2026-01-01";

#[test]
fn plan_human_report() {
    for lang in ["zh", "en"] {
        let out = ylcheck(&["--lang", lang, "check", "--as-of", AS_OF, PLAN], None);
        assert_eq!(out.code, 1, "{}", out.transcript());
        insta::assert_snapshot!(format!("plan-human-{lang}"), out.transcript());
    }
}

#[test]
fn gbk_human_report() {
    for lang in ["zh", "en"] {
        let out = ylcheck(&["--lang", lang, "check", "--as-of", AS_OF, GBK], None);
        assert_eq!(out.code, 1, "{}", out.transcript());
        insta::assert_snapshot!(format!("gbk-human-{lang}"), out.transcript());
    }
}

#[test]
fn json_reports() {
    for (name, path) in [("plan", PLAN), ("gbk", GBK)] {
        let out = ylcheck(
            &[
                "--lang", "en", "check", "--format", "json", "--as-of", AS_OF, path,
            ],
            None,
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        insta::assert_snapshot!(format!("{name}-json"), out.stdout);
    }
}

/// The Kaifeng list as a workbook under a title row is the CSV's data set: the same
/// findings, each at its cell of the sheet, one row below the CSV's line (the title).
#[test]
fn kaifeng_workbook_is_the_csv() {
    let json = |path: &str| {
        let out = ylcheck(&["check", "--format", "json", "--as-of", AS_OF, path], None);
        assert_eq!(out.code, 1, "{}", out.transcript());
        out.json()
    };
    let (csv, book) = (json(GBK), json("samples/kaifeng-workbook.xlsx"));
    assert_eq!(csv["totals"], book["totals"]);
    let (csv, book) = (csv["findings"].as_array(), book["findings"].as_array());
    let (Some(csv), Some(book)) = (csv, book) else {
        panic!("no findings");
    };
    assert_eq!(csv.len(), book.len());
    for (c, b) in csv.iter().zip(book) {
        for key in ["rule", "outcome", "message", "record", "region", "values"] {
            assert_eq!(c[key], b[key], "{key}: {c} / {b}");
        }
        assert_eq!(
            b["location"]["path"],
            "samples/kaifeng-workbook.xlsx!养老服务设施"
        );
        let line = c["location"]["line"].as_u64().unwrap_or(0);
        assert_eq!(b["location"]["line"].as_u64(), Some(line + 1), "{b}");
        assert!(
            b["location"]["cell"]
                .as_str()
                .is_some_and(|cell| cell.ends_with(&(line + 1).to_string()))
        );
    }
    let out = ylcheck(
        &[
            "--lang",
            "zh",
            "check",
            "--as-of",
            AS_OF,
            "samples/kaifeng-workbook.xlsx",
        ],
        None,
    );
    insta::assert_snapshot!("kaifeng-workbook-human-zh", out.transcript());
}

/// The JSON contract of DESIGN.md, field by field.
#[test]
fn json_follows_the_contract() {
    let out = ylcheck(&["check", "--format", "json", "--as-of", AS_OF, GBK], None);
    let doc = out.json();
    assert_eq!(doc["tool"]["name"], "ylcheck");
    assert_eq!(doc["as_of"], AS_OF);
    assert!(
        doc["packs"]
            .as_array()
            .is_some_and(|p| p.iter().any(|p| p["id"] == "kaifeng-2022-2"))
    );
    let inputs = doc["inputs"].as_array().expect("inputs");
    assert_eq!(inputs.len(), 1);
    assert_eq!(inputs[0]["path"], GBK);
    assert_eq!(inputs[0]["entity"], "facility");
    assert_eq!(inputs[0]["records"], 14);
    let s = &doc["summary"];
    for key in [
        "records", "checks", "passed", "failed", "unknown", "errors", "warnings",
    ] {
        assert!(s[key].is_u64(), "summary.{key}");
    }
    assert_eq!(s["records"], 14);
    assert_eq!(
        s["checks"].as_u64().unwrap_or(0),
        s["passed"].as_u64().unwrap_or(0)
            + s["failed"].as_u64().unwrap_or(0)
            + s["unknown"].as_u64().unwrap_or(0)
    );
    // Rules about regions and districts cannot run on a facility list.
    let not_checked = doc["not_checked"].as_array().expect("not_checked");
    assert!(
        not_checked
            .iter()
            .any(|n| n["rule"] == "kaifeng-2022-2/street-has-center")
    );
    let findings = doc["findings"].as_array().expect("findings");
    assert_eq!(
        findings.len() as u64,
        s["failed"].as_u64().unwrap_or(0) + s["unknown"].as_u64().unwrap_or(0)
    );
    let area = findings
        .iter()
        .find(|f| f["rule"] == "kaifeng-2022-2/street-center-floor-area")
        .expect("the 1800 m² street center");
    assert_eq!(area["severity"], "error");
    assert_eq!(area["outcome"], "fail");
    assert_eq!(area["cite"], "汴政〔2022〕2号 二.6");
    assert_eq!(area["entity"], "facility");
    assert_eq!(area["location"]["path"], GBK);
    assert_eq!(area["location"]["line"], 3);
    assert!(area["location"]["column"].as_u64().is_some_and(|c| c > 1));
    assert_eq!(area["values"]["floor_area"]["value"], 1800);
    assert_eq!(area["values"]["floor_area"]["unit"], "m²");
    assert_eq!(area["required"], "floor_area >= 2000 m2");
    assert_eq!(area["shortfall"]["value"], 200);
    assert_eq!(area["shortfall"]["unit"], "m²");
    let unknown = findings
        .iter()
        .find(|f| f["outcome"] == "unknown")
        .expect("the blank cell");
    assert_eq!(
        unknown["values"]["floor_area"]["value"],
        serde_json::Value::Null
    );
    // Deterministic order: by path, line, then rule.
    let keys: Vec<(u64, String)> = findings
        .iter()
        .map(|f| {
            (
                f["location"]["line"].as_u64().unwrap_or(0),
                f["rule"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn stdin_is_read_with_dash() {
    let bytes = std::fs::read(common::root().join(GBK)).expect("sample");
    let out = ylcheck(
        &["check", "--format", "json", "--as-of", AS_OF, "-"],
        Some(&bytes),
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    let doc = out.json();
    assert_eq!(doc["inputs"][0]["path"], "-");
    assert_eq!(doc["summary"]["records"], 14);
}

#[test]
fn select_ignore_and_fail_on() {
    let only = ylcheck(
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--select",
            "*floor-area*",
            GBK,
        ],
        None,
    );
    let doc: serde_json::Value = serde_json::from_str(&only.stdout).expect("json");
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(
        !rules.is_empty() && rules.iter().all(|r| r.contains("floor-area")),
        "{rules:?}"
    );
    let ignored = ylcheck(
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--ignore",
            "kaifeng-2022-2/*",
            GBK,
        ],
        None,
    );
    // The province's pack alone has no rule these facility rows fall under: nothing
    // is checked, which is no pass.
    assert_eq!(ignored.code, 1, "{}", ignored.transcript());
    let doc: serde_json::Value = serde_json::from_str(&ignored.stdout).expect("json");
    assert_eq!(doc["summary"]["checks"], 0);
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"ylcheck::nothing_checked"), "{codes:?}");
    assert!(ignored.stderr.contains("ylcheck::nothing_checked"));
    let never = ylcheck(
        &["check", "--fail-on", "never", "--as-of", AS_OF, GBK],
        None,
    );
    assert_eq!(never.code, 0);
    // Only warnings left: exit 0 with --fail-on error, 1 with --fail-on warning.
    let warn = [
        "check",
        "--as-of",
        AS_OF,
        "--select",
        "street-center-functions",
        "--select",
        "rural-home-rooms",
        GBK,
    ];
    assert_eq!(ylcheck(&warn, None).code, 0);
    let mut warn_fail = warn.to_vec();
    warn_fail.insert(1, "--fail-on");
    warn_fail.insert(2, "warning");
    assert_eq!(ylcheck(&warn_fail, None).code, 1);
}

/// A standard with a document deadline ("2022年，……") is checked from the document's
/// date: before and on the deadline a shortfall is behind (a warning), from the day
/// after overdue (an error).
#[test]
fn rules_in_force_depend_on_as_of() {
    let rule = "kaifeng-2022-2/street-center-floor-area";
    for (as_of, severity, status) in [
        ("2022-06-01", "warning", "behind"),
        ("2022-12-31", "warning", "behind"),
        ("2023-01-01", "error", "overdue"),
    ] {
        let out = ylcheck(&["check", "--format", "json", "--as-of", as_of, GBK], None);
        let doc = out.json();
        let findings = doc["findings"].as_array().expect("findings");
        assert!(
            findings.iter().any(|f| f["rule"] == rule
                && f["outcome"] == "fail"
                && f["severity"] == severity
                && f["status"] == status),
            "{as_of}: {findings:?}"
        );
    }
    // before the document was issued, it is not in force
    let out = ylcheck(
        &["check", "--format", "json", "--as-of", "2022-01-10", GBK],
        None,
    );
    let doc = out.json();
    let nc = doc["not_checked"].as_array().expect("not_checked");
    assert!(
        nc.iter().any(|n| n["rule"] == rule
            && n["reason"]
                .as_str()
                .is_some_and(|r| r.contains("2022-01-11"))),
        "{nc:?}"
    );
}

/// A wrong figure in the task table is an error from the notice's date, not a task
/// behind schedule: 平顶山's training target is 2763, and 2700 is wrong on 2021-09-01.
#[test]
fn a_wrong_target_is_an_error_not_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pds.csv");
    std::fs::write(&path, "单位,上级,护理员培训目标数\n平顶山市,河南省,2700\n").unwrap();
    let path = path.to_string_lossy().into_owned();
    let out = ylcheck(
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            "2021-09-01",
            "--region",
            "平顶山市",
            "--select",
            "*caregiver-training-target",
            &path,
        ],
        None,
    );
    let doc = out.json();
    let f = &doc["findings"][0];
    assert_eq!(f["outcome"], "fail", "{}", out.stdout);
    assert_eq!(f["severity"], "error", "{}", out.stdout);
    assert!(f["status"].is_null(), "{}", out.stdout);
}

/// `explain` takes a standard id as well as a rule id: it lists the rules claiming
/// the standard and what they leave unchecked, or explains the one rule; a rule id
/// two packs share is refused with the choices, never guessed.
#[test]
fn explain_standards_and_shared_ids() {
    for (name, args, code) in [
        (
            "explain-standard-rules",
            &["--lang", "en", "explain", "KF-5"][..],
            0,
        ),
        (
            "explain-standard-one-rule",
            &["--lang", "zh", "explain", "KF-6b"][..],
            0,
        ),
        (
            "explain-standard-partial",
            &["--lang", "zh", "explain", "HN-W"][..],
            0,
        ),
        (
            "explain-standard-unchecked",
            &["--lang", "en", "explain", "KF-10"][..],
            0,
        ),
        (
            "explain-shared-id-en",
            &["--lang", "en", "explain", "street-has-center"][..],
            2,
        ),
        (
            "explain-shared-id-zh",
            &["--lang", "zh", "explain", "street-has-center"][..],
            2,
        ),
        (
            "explain-pack-rule",
            &[
                "--lang",
                "en",
                "explain",
                "huaiyang-2022-2/street-has-center",
            ][..],
            0,
        ),
    ] {
        let out = ylcheck(args, None);
        assert_eq!(out.code, code, "{name}: {}", out.transcript());
        insta::assert_snapshot!(name, out.transcript());
    }
}

#[test]
fn other_commands() {
    let rules = ylcheck(&["--lang", "en", "rules"], None);
    assert_eq!(rules.code, 0);
    assert!(
        rules
            .stdout
            .contains("kaifeng-2022-2/street-center-floor-area")
    );
    insta::assert_snapshot!(
        "explain",
        ylcheck(
            &["--lang", "en", "explain", "street-center-floor-area"],
            None
        )
        .transcript()
    );
    insta::assert_snapshot!(
        "explain-unknown",
        ylcheck(
            &["--lang", "en", "explain", "street-center-flor-area"],
            None
        )
        .transcript()
    );
    let test = ylcheck(&["--lang", "en", "test"], None);
    assert_eq!(test.code, 0, "{}", test.transcript());
    insta::assert_snapshot!(
        "template-zh",
        ylcheck(&["--lang", "zh", "template", "facility"], None).transcript()
    );
    insta::assert_snapshot!(
        "template-en",
        ylcheck(&["--lang", "en", "template", "district"], None).transcript()
    );
}

/// A pack applies inside its region: the plan's own region picks Kaifeng's pack,
/// `--region` another city's; a facility list whose rows name their counties needs
/// no region at all, and nothing is said about one.
#[test]
fn packs_apply_by_region() {
    let rules = |args: &[&str]| -> Vec<String> {
        let out = ylcheck(args, None);
        let doc = out.json();
        let mut packs: Vec<String> = doc["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| {
                f["rule"]
                    .as_str()
                    .and_then(|r| r.split('/').next())
                    .map(String::from)
            })
            .collect();
        packs.dedup();
        packs
    };
    assert_eq!(
        rules(&["check", "--format", "json", "--as-of", AS_OF, PLAN]),
        ["kaifeng-2022-2"]
    );
    assert_eq!(
        rules(&[
            "check",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--region",
            "周口市淮阳区",
            PLAN
        ]),
        ["huaiyang-2022-2"]
    );
    let gbk = ylcheck(
        &[
            "--lang", "en", "check", "--format", "json", "--as-of", AS_OF, GBK,
        ],
        None,
    );
    assert!(!gbk.stderr.contains("ylcheck::region"), "{}", gbk.stderr);
    let doc: serde_json::Value = serde_json::from_str(&gbk.stdout).expect("json");
    assert!(
        doc["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["rule"]
                .as_str()
                .is_some_and(|r| r.starts_with("kaifeng-2022-2/"))),
        "the rows' own counties put them under Kaifeng's pack"
    );
}

#[test]
fn pairing_list_report() {
    let out = ylcheck(
        &[
            "--lang",
            "en",
            "check",
            "--as-of",
            "2023-01-01",
            "--select",
            "henan-2022-57/*",
            "samples/henan-pairing.csv",
        ],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    insta::assert_snapshot!("pairing-human-en", out.transcript());
}

/// Visit records (豫民文〔2022〕57号 附件2) with the pairing list they are checked against:
/// as of Monday 2022-04-18, two calendar weeks of visits are overdue per center (a
/// week's Sunday is its deadline day, still on time).
#[test]
fn visit_records_report() {
    let out = ylcheck(
        &[
            "--lang",
            "zh",
            "check",
            "--as-of",
            "2022-04-18",
            "--region",
            "开封市",
            "--select",
            "henan-2022-57/visit*",
            "samples/henan-visits.csv",
            "samples/henan-pairing.csv",
        ],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    insta::assert_snapshot!("bureau-visits", out.transcript());
}

/// The bureau samples of the other packs: claims and allowances (淮办〔2022〕2号), and a
/// workbook holding two of them.
#[test]
fn bureau_samples() {
    for (name, region, select, path) in [
        (
            "claims",
            "周口市淮阳区",
            "huaiyang-2022-2/*",
            "samples/huaiyang-claims.csv",
        ),
        (
            "caregivers",
            "周口市淮阳区",
            "huaiyang-2022-2/*",
            "samples/huaiyang-caregivers.csv",
        ),
        (
            "workbook",
            "周口市淮阳区",
            "huaiyang-2022-2/*",
            "samples/huaiyang-workbook.xlsx",
        ),
    ] {
        let out = ylcheck(
            &[
                "--lang",
                "zh",
                "check",
                "--as-of",
                "2023-01-01",
                "--region",
                region,
                "--select",
                select,
                path,
            ],
            None,
        );
        assert_eq!(out.code, 1, "{name}: {}", out.transcript());
        insta::assert_snapshot!(format!("bureau-{name}"), out.transcript());
    }
}

/// The Kaifeng task table as transcribed is consistent: no audit finding. A bureau's
/// actuals short of the targets are overdue; a total that is not the sum is reported.
#[test]
fn kaifeng_task_table() {
    let path = "samples/kaifeng-tasks.csv";
    let out = ylcheck(
        &[
            "--lang",
            "zh",
            "check",
            "--as-of",
            "2023-01-01",
            "--region",
            "开封市",
            path,
        ],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    assert!(!out.stdout.contains("task-table-totals"), "{}", out.stdout);
    insta::assert_snapshot!("kaifeng-tasks", out.transcript());
    let text = std::fs::read_to_string(common::root().join(path)).expect("sample");
    let faulty = text.replace(",3547,", ",3574,");
    assert_ne!(faulty, text);
    let out = ylcheck(
        &[
            "--lang",
            "en",
            "check",
            "--format",
            "json",
            "--as-of",
            "2023-01-01",
            "--region",
            "开封市",
            "--entity",
            "progress_kf",
            "-",
        ],
        Some(faulty.as_bytes()),
    );
    let doc = out.json();
    let totals: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["rule"] == "kaifeng-2022-2/task-table-totals")
        .collect();
    assert_eq!(totals.len(), 1, "{}", out.stdout);
    assert_eq!(totals[0]["location"]["line"], 12);
}

/// 淮阳区 against 淮办〔2022〕2号 附件1: one community facility short, and short of the
/// 2025 bed total; the other task-table columns met, the nursing share exactly.
#[test]
fn huaiyang_task_table() {
    let out = ylcheck(
        &[
            "--lang",
            "zh",
            "check",
            "--as-of",
            "2026-01-01",
            "--select",
            "huaiyang-2022-2/task-*",
            "--select",
            "huaiyang-2022-2/district-*",
            "--select",
            "huaiyang-2022-2/institution-nursing-share",
            "samples/huaiyang-tasks.toml",
        ],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    insta::assert_snapshot!("huaiyang-tasks", out.transcript());
}

/// The Pingdingshan task table as transcribed: its own figures agree (no audit finding);
/// the faults copy has each planted inconsistency reported.
#[test]
fn pingdingshan_task_table() {
    // Each audit finding as `rule:column` for every column it names at fault.
    let audit = |path: &str| -> (String, Vec<String>) {
        let out = ylcheck(
            &[
                "--lang",
                "en",
                "check",
                "--format",
                "json",
                "--as-of",
                "2023-01-01",
                "--region",
                "平顶山市",
                path,
            ],
            None,
        );
        let doc = out.json();
        let mut found = Vec::new();
        for f in doc["findings"].as_array().into_iter().flatten() {
            let rule = f["rule"].as_str().unwrap_or("");
            if !(rule.contains("reported-") || rule.contains("city-row")) {
                continue;
            }
            let rule = rule.rsplit('/').next().unwrap_or(rule);
            for c in f["faults"].as_array().into_iter().flatten() {
                found.push(format!("{rule}:{}", c.as_str().unwrap_or("")));
            }
            found.push(format!("{rule} {}", f["outcome"].as_str().unwrap_or("")));
        }
        (out.stdout, found)
    };
    let (clean_json, clean) = audit("samples/pingdingshan-progress.csv");
    assert!(
        clean.is_empty(),
        "false positives on the real table: {clean:?}"
    );
    insta::assert_snapshot!("pingdingshan-json", clean_json);
    let (json, faults) = audit("samples/pingdingshan-progress-faults.csv");
    // The planted faults (samples/README.md), each named by its column; the city row,
    // wrong in two columns, is one finding naming both.
    for planted in [
        "reported-ratios:community_ratio",
        "reported-gaps:township_home_gap",
        "city-row-totals:township_home_gap",
        "city-row-totals:institution_nursing_beds",
    ] {
        assert!(
            faults.iter().any(|r| r == planted),
            "{planted} not reported: {faults:?}"
        );
    }
    insta::assert_snapshot!("pingdingshan-faults-json", json);
}

/// A task with a deadline is "behind" (a warning) up to and on its deadline day and
/// "overdue" from the day after.
#[test]
fn tasks_are_behind_then_overdue() {
    let status = |as_of: &str| -> (String, String) {
        let out = ylcheck(
            &[
                "check",
                "--format",
                "json",
                "--as-of",
                as_of,
                "--region",
                "平顶山市",
                "--select",
                "*community-facilities-90-percent",
                "samples/pingdingshan-progress.csv",
            ],
            None,
        );
        let doc = out.json();
        let f = &doc["findings"][0];
        (
            f["severity"].as_str().unwrap_or("").into(),
            f["status"].as_str().unwrap_or("").into(),
        )
    };
    assert_eq!(status("2022-06-01"), ("warning".into(), "behind".into()));
    // due 2022-12-31: the day before, the day itself, the day after
    assert_eq!(status("2022-12-30"), ("warning".into(), "behind".into()));
    assert_eq!(status("2022-12-31"), ("warning".into(), "behind".into()));
    assert_eq!(status("2023-01-01"), ("error".into(), "overdue".into()));
}

/// A task's deadline is shown where its window would be: by `explain`, in both
/// languages, and by `rules`, never as "always in force".
#[test]
fn a_deadline_is_shown_not_always() {
    let id = "pingdingshan-2021-54/community-facilities-90-percent";
    for lang in ["zh", "en"] {
        let out = ylcheck(&["--lang", lang, "explain", id], None);
        assert_eq!(out.code, 0, "{}", out.transcript());
        assert!(!out.stdout.contains("始终施行") && !out.stdout.contains("always in force"));
        assert!(out.stdout.contains("2022-12-31"), "{}", out.stdout);
        let window: String = out
            .stdout
            .lines()
            .skip_while(|l| !l.starts_with("## 施行期") && !l.starts_with("## In force"))
            .take(3)
            .collect::<Vec<_>>()
            .join("\n");
        insta::assert_snapshot!(format!("explain-due-{lang}"), window);
    }
    let rules = ylcheck(&["--lang", "en", "rules"], None);
    let line = rules
        .stdout
        .lines()
        .find(|l| l.starts_with(id))
        .unwrap_or_default()
        .to_string();
    assert!(line.contains("\t2021-07-29.. due 2022-12-31\t"), "{line}");
}

/// A plan drawn as a map: one district outside every walking circle, one whose
/// declared land area disagrees with its boundary.
#[test]
fn geojson_plan_report() {
    const MAP: &str = "samples/kaifeng-plan.geojson";
    for lang in ["zh", "en"] {
        let out = ylcheck(
            &[
                "--lang",
                lang,
                "check",
                "--as-of",
                AS_OF,
                "--select",
                "kaifeng-2022-2/*",
                "--region",
                "开封市",
                MAP,
            ],
            None,
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        insta::assert_snapshot!(format!("geojson-human-{lang}"), out.transcript());
    }
    let out = ylcheck(
        &[
            "--lang",
            "en",
            "check",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--region",
            "开封市",
            MAP,
        ],
        None,
    );
    insta::assert_snapshot!("geojson-json", out.stdout);
}

/// The walking radius is a parameter of the pack: a tighter one leaves more districts
/// outside, a wider one none.
#[test]
fn walk_radius_is_a_parameter() {
    let failing = |radius: &str| {
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
                "kaifeng-2022-2/service-circle",
                "--param",
                &format!("walk_radius={radius}"),
                "--region",
                "开封市",
                "samples/kaifeng-plan.geojson",
            ],
            None,
        );
        out.stdout.matches("\"outcome\":\"fail\"").count()
    };
    assert_eq!(failing("1000m"), 1);
    assert_eq!(failing("1 km"), 1);
    assert_eq!(failing("400m"), 4);
    assert_eq!(failing("5km"), 0);
}

/// The declared-vs-drawn area tolerance is ylcheck's own, not a clause's: a
/// parameter, named in the message with the tolerance in force.
#[test]
fn area_tolerance_is_a_parameter() {
    // The boundary measures about 1 015 230 m²; 1 100 000 m² is 8.3% over it.
    let plan = r#"[plan]
region = "开封市"
[[district]]
name = "翰林苑"
location = "POLYGON((114.30 34.79, 114.31 34.79, 114.31 34.80, 114.30 34.80, 114.30 34.79))"
land_area = "1100000 m2"
"#;
    let run = |lang: &str, param: Option<&str>| {
        let mut args = vec![
            "--lang",
            lang,
            "check",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--select",
            "kaifeng-2022-2/district-land-area-matches-boundary",
        ];
        if let Some(p) = param {
            args.extend(["--param", p]);
        }
        args.push("-");
        let out = ylcheck(&args, Some(plan.as_bytes()));
        let doc = out.json();
        let messages: Vec<String> = doc["findings"]
            .as_array()
            .map(|fs| {
                fs.iter()
                    .map(|f| f["message"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default();
        messages
    };
    let en = run("en", None);
    assert_eq!(en.len(), 1, "{en:?}");
    assert!(en[0].contains("more than 5% off"), "{}", en[0]);
    assert!(en[0].contains("--param area_tolerance="), "{}", en[0]);
    let zh = run("zh", None);
    assert!(
        zh[0].contains("相差超过5%") && zh[0].contains("非文件规定"),
        "{}",
        zh[0]
    );
    assert!(run("en", Some("area_tolerance=10%")).is_empty());
    let tighter = run("en", Some("area_tolerance=8%"));
    assert!(tighter[0].contains("more than 8% off"), "{tighter:?}");
}

/// A TOML plan gives geometry inline, as WKT or `经度,纬度`.
#[test]
fn plan_geometry_inline() {
    let plan = r#"[plan]
region = "开封市"
[[district]]
name = "翰林苑"
location = "POLYGON((114.30 34.79, 114.31 34.79, 114.31 34.80, 114.30 34.80, 114.30 34.79))"
land_area = "152.3 亩"
[[facility]]
name = "西门社区日间照料中心"
kind = "社区养老服务设施"
location = "114.305,34.785"
"#;
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
            "kaifeng-2022-2/service-circle",
            "--select",
            "kaifeng-2022-2/district-land-area-matches-boundary",
            "-",
        ],
        Some(plan.as_bytes()),
    );
    // 550 m from the boundary's south edge: covered. 152.3 亩 is 101 533 m², 13% over.
    assert!(
        out.stdout
            .contains(r#""summary": {"records":2,"checks":2,"passed":1,"failed":1"#),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("district-land-area-matches-boundary"));
}

/// A county that declares no elder-care land: its parcels are measured (KF-2a), and
/// the message shows the measured figure; one parcel's declared area disagrees with
/// its boundary.
#[test]
fn land_measured_from_parcels() {
    const MAP: &str = "samples/kaifeng-parcels.geojson";
    for lang in ["zh", "en"] {
        let out = ylcheck(
            &[
                "--lang",
                lang,
                "check",
                "--as-of",
                AS_OF,
                "--region",
                "开封市禹王台区",
                "--select",
                "kaifeng-2022-2/care-land-per-capita",
                "--select",
                "kaifeng-2022-2/parcel-land-area-matches-boundary",
                MAP,
            ],
            None,
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        insta::assert_snapshot!(format!("parcels-human-{lang}"), out.transcript());
    }
    // Without the parcels, a county with no declared figure cannot be decided, and
    // says which input is missing rather than failing.
    let region = r#"[[region]]
name = "禹王台区"
level = "区"
population = 165000
"#;
    let out = ylcheck(
        &[
            "--lang",
            "en",
            "check",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--region",
            "开封市禹王台区",
            "--select",
            "kaifeng-2022-2/care-land-per-capita",
            "-",
        ],
        Some(region.as_bytes()),
    );
    assert!(
        out.stdout.contains(r#""outcome":"unknown""#)
            && out
                .stdout
                .contains("is blank and no input provides the `parcel` records"),
        "{}",
        out.stdout
    );
}
