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
