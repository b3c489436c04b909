//! Bad input never panics and never passes silently: each case gives a located
//! message in both languages and exit 2, or an `unknown` finding at the bad cell.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "tests fail by panicking"
)]

mod common;

const PLAN: &str = "samples/kaifeng-plan.toml";

/// (snapshot name, arguments after `check` (with `--as-of 2026-01-01` unless given), exit code)
const CASES: &[(&str, &[&str], i32)] = &[
    ("missing-file", &["tests/bad/missing.csv"], 2),
    ("directory", &["tests/bad/a-directory"], 2),
    ("empty-file", &["tests/bad/empty.csv"], 2),
    ("not-utf8-or-gbk", &["tests/bad/not-text.csv"], 2),
    ("ragged-rows", &["tests/bad/ragged.csv"], 2),
    ("unknown-extension", &["tests/bad/plan.docx"], 2),
    ("toml-syntax-error", &["tests/bad/syntax-error.toml"], 2),
    (
        "geojson-unclosed-ring",
        &["tests/bad/unclosed-ring.geojson"],
        2,
    ),
    ("geojson-projected-crs", &["tests/bad/projected.geojson"], 2),
    (
        "param-wrong-unit",
        &["--param", "walk_radius=3", "samples/kaifeng-plan.geojson"],
        2,
    ),
    (
        "param-unknown",
        &["--param", "walk_radus=800m", "samples/kaifeng-plan.geojson"],
        2,
    ),
    (
        "geojson-self-intersecting",
        &["tests/bad/bowtie.geojson"],
        2,
    ),
    (
        "unknown-column-warns",
        &[
            "--select",
            "street-center-floor-area",
            "tests/bad/unknown-column.csv",
        ],
        0,
    ),
    (
        "bad-numbers-are-unknown",
        &[
            "--select",
            "street-center-floor-area",
            "tests/bad/bad-numbers.csv",
        ],
        1,
    ),
    (
        "bad-date-is-unknown",
        &[
            "--rules",
            "tests/bad/opened.rules",
            "tests/bad/bad-date.csv",
        ],
        1,
    ),
    (
        "bad-as-of",
        &["--as-of", "2022-02-30", "tests/bad/bad-date.csv"],
        2,
    ),
    (
        "unknown-entity-flag",
        &["--entity", "facilty", "tests/bad/bad-date.csv"],
        2,
    ),
    (
        "waiver-incomplete",
        &["--waivers", "tests/bad/waiver-incomplete.toml", PLAN],
        2,
    ),
    (
        "waiver-unknown-key",
        &["--waivers", "tests/bad/waiver-unknown-key.toml", PLAN],
        2,
    ),
    (
        "waiver-bad-date",
        &["--waivers", "tests/bad/waiver-bad-date.toml", PLAN],
        2,
    ),
    (
        "waiver-quoted-date",
        &["--waivers", "tests/bad/waiver-quoted-date.toml", PLAN],
        2,
    ),
    (
        "waiver-missing-file",
        &["--waivers", "tests/bad/no-such-waivers.toml", PLAN],
        2,
    ),
    (
        "unreadable-rules",
        &[
            "--rules",
            "tests/bad/missing.rules",
            "tests/bad/bad-date.csv",
        ],
        2,
    ),
];

#[test]
fn bad_inputs() {
    for (name, args, code) in CASES {
        let mut transcripts = String::new();
        for lang in ["zh", "en"] {
            let mut full = vec!["--lang", lang, "check"];
            if !args.contains(&"--as-of") {
                full.extend(["--as-of", "2026-01-01"]);
            }
            full.extend_from_slice(args);
            let out = common::ylcheck(&full, None);
            assert_eq!(out.code, *code, "{name} ({lang}): {}", out.transcript());
            assert!(!out.stderr.contains("panicked"), "{name}: {}", out.stderr);
            transcripts.push_str(&out.transcript());
            transcripts.push('\n');
        }
        insta::assert_snapshot!(*name, transcripts);
    }
}

#[test]
fn bad_arguments_exit_2() {
    for args in [
        &["check"][..],
        &["check", "--format", "xml", "x.csv"],
        &["frobnicate"],
        &["check", "--fail-on", "sometimes", "x.csv"],
    ] {
        let out = common::ylcheck(args, None);
        assert_eq!(out.code, 2, "{args:?}: {}", out.transcript());
    }
}

#[test]
fn empty_stdin_is_an_error() {
    let out = common::ylcheck(&["check", "-"], Some(b""));
    assert_eq!(out.code, 2, "{}", out.transcript());
}
