//! Odd but valid files that once gave wrong answers: a record contradicting itself,
//! the same file or record given twice, a workbook's stale formulas and hidden
//! sheets, a settings file planted beside the data.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "tests fail by panicking"
)]

mod common;

/// 70 nursing-type beds out of 60 beds passed the 55 % share: the record fails its
/// entity's `check nursing_beds <= beds`, gets an error at the cell, and the share
/// is unknown, never a pass.
#[test]
fn more_nursing_beds_than_beds_is_unknown_not_a_pass() {
    for lang in ["zh", "en"] {
        let out = common::ylcheck(
            &[
                "--lang",
                lang,
                "check",
                "--as-of",
                "2026-01-01",
                "--select",
                "huaiyang-2022-2/institution-nursing-share",
                "tests/odd_files/护理床位多于床位.csv",
                "tests/odd_files/淮阳区.csv",
            ],
            None,
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        assert!(out.stderr.contains("ylcheck::data::invariant"), "{}", out.transcript());
        insta::assert_snapshot!(format!("nursing-beds-over-beds-{lang}"), out.transcript());
    }
    let out = common::ylcheck(
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-01-01",
            "--select",
            "huaiyang-2022-2/institution-nursing-share",
            "tests/odd_files/护理床位多于床位.csv",
            "tests/odd_files/淮阳区.csv",
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["summary"]["passed"], 0, "{}", out.stdout);
    assert_eq!(v["summary"]["unknown"], 1, "{}", out.stdout);
    let text = out.stdout;
    assert!(text.contains("ylcheck::data::invariant"), "{text}");
}

/// 祥符区 needs 20000 m² of elder-care land. Parcel XF-01 (12000 m²) given again
/// under the county's full name made 27000 m²: a pass. The second row is reported
/// at its name cell and left out of the sum, so the county fails with 15000 m².
#[test]
fn a_parcel_given_twice_counts_once() {
    for lang in ["zh", "en"] {
        let out = common::ylcheck(
            &[
                "--lang",
                lang,
                "check",
                "--as-of",
                "2026-01-01",
                "--select",
                "kaifeng-2022-2/care-land-per-capita",
                "tests/odd_files/祥符区.csv",
                "tests/odd_files/地块重复.csv",
            ],
            None,
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        insta::assert_snapshot!(format!("parcel-given-twice-{lang}"), out.transcript());
    }
}

/// The same file twice, by one path or as `-` beside its path, is read once.
#[test]
fn the_same_file_twice_is_read_once() {
    let parcels = std::fs::read(common::root().join("tests/odd_files/地块.csv")).unwrap();
    for extra in ["tests/odd_files/地块.csv", "-"] {
        let out = common::ylcheck(
            &[
                "--lang",
                "en",
                "check",
                "--format",
                "json",
                "--as-of",
                "2026-01-01",
                "--select",
                "kaifeng-2022-2/care-land-per-capita",
                "tests/odd_files/祥符区.csv",
                "tests/odd_files/地块.csv",
                extra,
            ],
            Some(&parcels),
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
        assert_eq!(v["summary"]["failed"], 1, "{}", out.stdout);
        assert!(
            out.stdout.contains("ylcheck::data::duplicate_file"),
            "{}",
            out.stdout
        );
        assert!(out.stdout.contains("12000"), "{}", out.stdout);
    }
}

/// A `ylcheck.toml` planted in a submitted folder turned a failing run into exit 0
/// without a word. The run still obeys it, but every report records the settings
/// in force and lists the rules the file turned off as not checked, naming it;
/// `--no-config` ignores it.
#[test]
fn a_planted_settings_file_is_recorded() {
    let dir = common::root().join("tests/odd_files/planted");
    let args = |extra: &[&'static str]| {
        let mut a = vec!["--lang", "en", "check", "--as-of", "2026-01-01"];
        a.extend_from_slice(extra);
        a.extend(["护理床位多于床位.csv", "淮阳区.csv"]);
        a
    };
    let out = common::ylcheck_in(&dir, &args(&["--format", "json"]), None);
    assert_eq!(out.code, 0, "{}", out.transcript());
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let st = &v["settings"];
    assert_eq!(st["file"], "ylcheck.toml", "{st}");
    assert_eq!(st["fail_on"], "never", "{st}");
    assert_eq!(st["from_file"], serde_json::json!(["ignore", "fail_on"]), "{st}");
    assert_eq!(
        st["ignore"],
        serde_json::json!(["huaiyang-2022-2/institution-nursing-share"])
    );
    let off: Vec<&serde_json::Value> = v["not_checked"]
        .as_array()
        .expect("not_checked")
        .iter()
        .filter(|n| n["rule"] == "huaiyang-2022-2/institution-nursing-share")
        .collect();
    assert_eq!(off.len(), 1, "{}", v["not_checked"]);
    assert!(
        off[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("ylcheck.toml")),
        "{}",
        off[0]
    );

    let human = common::ylcheck_in(&dir, &args(&[]), None);
    assert_eq!(human.code, 0, "{}", human.transcript());
    assert!(
        human.stdout.contains(
            "settings: ylcheck.toml (ignore, fail_on); ignore huaiyang-2022-2/institution-nursing-share; fail_on never"
        ),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains(
            "huaiyang-2022-2/institution-nursing-share: turned off by the settings file ylcheck.toml"
        ),
        "{}",
        human.stdout
    );
    for (format, needle) in [
        ("markdown", "`settings: ylcheck.toml (ignore, fail_on)"),
        ("html", "settings: ylcheck.toml (ignore, fail_on)"),
        ("sarif", "\"settings\": {"),
        ("junit", "name=\"settings_file\" value=\"ylcheck.toml\""),
        ("github", "::notice title=ylcheck::settings::settings: ylcheck.toml"),
    ] {
        let out = common::ylcheck_in(&dir, &args(&["--format", format]), None);
        assert_eq!(out.code, 0, "{format}: {}", out.transcript());
        assert!(out.stdout.contains(needle), "{format}: {}", out.stdout);
    }

    let strict = common::ylcheck_in(&dir, &args(&["--no-config", "--format", "json"]), None);
    assert_eq!(strict.code, 1, "{}", strict.transcript());
    let v: serde_json::Value = serde_json::from_str(&strict.stdout).expect("json");
    assert_eq!(v["settings"]["file"], serde_json::Value::Null);
    assert_eq!(v["settings"]["fail_on"], "error");
}
