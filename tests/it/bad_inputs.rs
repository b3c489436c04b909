//! Bad input never panics and never passes silently: each case gives a located
//! message in both languages and exit 2, or an `unknown` finding at the bad cell.

use crate::common;

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
        "param-percent-as-plain-number",
        &[
            "--param",
            "area_tolerance=10",
            "samples/kaifeng-plan.geojson",
        ],
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
    (
        "excel-unicode-text-utf16",
        &[
            "--select",
            "kaifeng-2022-2/street-center-floor-area",
            "tests/bad/utf16-unicode-text.txt",
        ],
        1,
    ),
    ("big5-traditional", &["tests/bad/big5.csv"], 2),
    ("mixed-encodings", &["tests/bad/mixed-encoding.csv"], 2),
    ("broken-quote", &["tests/bad/broken-quote.csv"], 2),
    (
        "stray-quote-is-text",
        &[
            "--select",
            "kaifeng-2022-2/street-center-floor-area",
            "tests/bad/stray-quote.csv",
        ],
        1,
    ),
    ("nul-byte", &["tests/bad/nul-byte.csv"], 2),
    (
        "non-finite-numbers-csv",
        &[
            "--select",
            "kaifeng-2022-2/street-center-floor-area",
            "tests/bad/non-finite.csv",
        ],
        1,
    ),
    (
        "non-finite-numbers-toml",
        &[
            "--select",
            "kaifeng-2022-2/street-center-floor-area",
            "tests/bad/non-finite.toml",
        ],
        1,
    ),
    (
        "full-width-digits",
        &[
            "--select",
            "kaifeng-2022-2/street-center-floor-area",
            "tests/bad/full-width-digits.csv",
        ],
        1,
    ),
    (
        "units-inside-cells",
        &[
            "--select",
            "kaifeng-2022-2/street-center-floor-area",
            "--select",
            "kaifeng-2022-2/street-center-nursing-share",
            "tests/bad/units-in-cells.csv",
        ],
        1,
    ),
    (
        "thousands-separators",
        &[
            "--select",
            "kaifeng-2022-2/street-center-floor-area",
            "tests/bad/thousands-separators.csv",
        ],
        1,
    ),
    (
        "crlf-and-blank-lines",
        &[
            "--select",
            "kaifeng-2022-2/street-center-floor-area",
            "tests/bad/crlf-blank-lines.csv",
        ],
        1,
    ),
    ("duplicate-column", &["tests/bad/duplicate-header.csv"], 2),
    // A bureau's own words: 机构类型/所在县（区）/床位总数 headers, 序号 and 备注 columns
    // read quietly, the documents' kind names, 万 and （平方米） in cells, and a 合计 row
    // that is noted once and never judged as a facility.
    (
        "bureau-vocabulary",
        &[
            "--select",
            "kaifeng-2022-2/street-center-floor-area",
            "tests/bad/bureau-vocabulary.csv",
        ],
        1,
    ),
    // No records, no checks: no pass either, unless an empty run is expected.
    (
        "header-only",
        &[
            "--select",
            "kaifeng-2022-2/street-center-floor-area",
            "tests/bad/header-only.csv",
        ],
        1,
    ),
    (
        "header-only-allowed",
        &[
            "--allow-empty",
            "--select",
            "kaifeng-2022-2/street-center-floor-area",
            "tests/bad/header-only.csv",
        ],
        0,
    ),
    ("bom-only", &["tests/bad/bom-only.csv"], 2),
    ("toml-deep-nesting", &["tests/bad/deep.toml"], 2),
    (
        "toml-wrong-types",
        &[
            "--select",
            "kaifeng-2022-2/street-center-floor-area",
            "tests/bad/wrong-types.toml",
        ],
        1,
    ),
    ("toml-misspelt-table", &["tests/bad/unknown-table.toml"], 2),
    ("toml-duplicate-key", &["tests/bad/duplicate-key.toml"], 2),
    (
        "geojson-deep-nesting",
        &["tests/bad/deep-properties.geojson"],
        2,
    ),
    ("geojson-latitude-first", &["tests/bad/swapped.geojson"], 2),
    (
        "geojson-number-out-of-range",
        &["tests/bad/huge-number.geojson"],
        2,
    ),
    (
        "geojson-not-a-feature",
        &["tests/bad/not-a-feature.geojson"],
        2,
    ),
    (
        "geojson-not-a-collection",
        &["tests/bad/not-a-collection.geojson"],
        2,
    ),
    (
        "geojson-latitude-out-of-range",
        &["tests/bad/latitude-out-of-range.geojson"],
        2,
    ),
    (
        "geojson-degenerate-ring",
        &["tests/bad/two-point-ring.geojson"],
        2,
    ),
    (
        "cell-latitude-first",
        &[
            "--select",
            "kaifeng-2022-2/service-circle",
            "tests/bad/swapped-cell.toml",
        ],
        1,
    ),
    ("xlsx-truncated", &["tests/bad/truncated.xlsx"], 2),
    ("xlsx-that-is-csv", &["tests/bad/csv-named.xlsx"], 2),
    ("xlsx-that-is-xls", &["tests/bad/old-binary.xlsx"], 2),
    (
        "rules-deep-nesting",
        &[
            "--rules",
            "tests/bad/deep.rules",
            "tests/bad/full-width-digits.csv",
        ],
        2,
    ),
    (
        "rules-not-utf8",
        &[
            "--rules",
            "tests/bad/bad-utf8.rules",
            "tests/bad/full-width-digits.csv",
        ],
        2,
    ),
    (
        "rules-directory",
        &[
            "--rules",
            "tests/bad/a-directory",
            "tests/bad/full-width-digits.csv",
        ],
        2,
    ),
    (
        "lonlat-columns-locate-records",
        &[
            "--region",
            "开封市祥符区",
            "--select",
            "kaifeng-2022-2/service-circle",
            "tests/bad/lonlat-facilities.csv",
            "tests/bad/lonlat-districts.csv",
        ],
        1,
    ),
    (
        "ratio-fractions-are-unknown",
        &[
            "--region",
            "开封市",
            "--select",
            "kaifeng-2022-2/smart-care-coverage",
            "--select",
            "kaifeng-2022-2/medical-signing-rate",
            "tests/bad/ratio-fractions.csv",
        ],
        1,
    ),
    (
        "ratio-column-mixed",
        &[
            "--region",
            "开封市",
            "--select",
            "kaifeng-2022-2/smart-care-coverage",
            "--select",
            "kaifeng-2022-2/medical-signing-rate",
            "tests/bad/ratio-mixed.csv",
        ],
        1,
    ),
    (
        "plan-fraction-is-unknown",
        &[
            "--select",
            "kaifeng-2022-2/care-construction-before-half",
            "tests/bad/plan-fraction.toml",
        ],
        1,
    ),
    (
        "toml-full-width-quotes",
        &["tests/bad/toml-full-width-quotes.toml"],
        2,
    ),
    (
        "toml-full-width-comma",
        &["tests/bad/toml-full-width-comma.toml"],
        2,
    ),
    (
        "toml-full-width-equals",
        &["tests/bad/toml-full-width-equals.toml"],
        2,
    ),
    (
        "toml-enum-and-key-typos",
        &[
            "--region",
            "开封市祥符区",
            "--select",
            "kaifeng-2022-2/residential-care-floor-area",
            "--select",
            "kaifeng-2022-2/street-center-floor-area",
            "tests/bad/toml-enum-typo.toml",
        ],
        1,
    ),
    (
        "unknown-kind-reported-once",
        &[
            "--region",
            "开封市祥符区",
            "--select",
            "kaifeng-2022-2/street-center-floor-area",
            "tests/bad/unknown-kind.csv",
        ],
        1,
    ),
];

/// Runs every case in both languages and fails once, listing every case whose exit
/// code, panic or snapshot was wrong: a change that breaks several cases shows
/// them all in one run.
#[test]
fn bad_inputs() {
    let mut wrong: Vec<String> = Vec::new();
    for (name, args, code) in CASES {
        let mut transcripts = String::new();
        for lang in ["zh", "en"] {
            let mut full = vec!["--lang", lang, "check"];
            if !args.contains(&"--as-of") {
                full.extend(["--as-of", "2026-01-01"]);
            }
            // These files name no county, and the rules selected are Kaifeng's: a
            // record naming no place is judged by the province's documents alone.
            if args.contains(&"--select") && !args.contains(&"--region") {
                full.extend(["--region", "开封市"]);
            }
            full.extend_from_slice(args);
            let out = common::ylcheck(&full, None);
            if out.code != *code {
                wrong.push(format!(
                    "{name} ({lang}): exit {} instead of {code}\n{}",
                    out.code,
                    out.transcript()
                ));
            }
            if out.stderr.contains("panicked") {
                wrong.push(format!("{name} ({lang}): panicked\n{}", out.stderr));
            }
            transcripts.push_str(&out.transcript());
            transcripts.push('\n');
        }
        // A snapshot that differs panics; it is caught so the other cases still run
        // (insta has written the new one beside it by then).
        let matched = std::panic::catch_unwind(|| insta::assert_snapshot!(*name, transcripts));
        if matched.is_err() {
            wrong.push(format!("{name}: the transcripts differ from the snapshot"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} mismatches among the {} cases (each run in zh and en):\n\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n\n")
    );
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
