//! Places are identities, and each record is judged by the documents of its own
//! place: full and short names of one county meet in joins, a record of another city
//! is never judged by a city's pack, and names that are no place, or several, are
//! reported at their cell rather than compared as unequal strings.

use crate::common;
use common::ylcheck;

const AS_OF: &str = "2026-01-01";

/// The run in both languages, one transcript after the other.
fn both(args: &[&str]) -> (String, Vec<i32>) {
    let mut out = String::new();
    let mut codes = Vec::new();
    for lang in ["zh", "en"] {
        let mut full = vec!["--lang", lang, "check", "--as-of", AS_OF];
        full.extend_from_slice(args);
        let o = ylcheck(&full, None);
        assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
        codes.push(o.code);
        out.push_str(&o.transcript());
        out.push('\n');
    }
    (out, codes)
}

/// The JSON report of a run.
fn json(args: &[&str]) -> serde_json::Value {
    let mut full = vec![
        "--lang", "en", "check", "--format", "json", "--as-of", AS_OF,
    ];
    full.extend_from_slice(args);
    let o = ylcheck(&full, None);
    serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", o.transcript()))
}

/// `(rule, record, outcome)` of every finding.
fn findings(doc: &serde_json::Value) -> Vec<(String, String, String)> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["record"].as_str().unwrap_or_default().to_string(),
                f["outcome"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// A region row written `周口市淮阳区` is the district its facilities, filed under
/// `淮阳区`, are in: it has its support institution.
#[test]
fn full_and_short_county_names_meet() {
    let args = [
        "--select",
        "huaiyang-2022-2/district-has-support-institution",
        "tests/places/huaiyang-region.csv",
        "tests/places/huaiyang-facilities.csv",
    ];
    let doc = json(&args);
    assert_eq!(findings(&doc), []);
    assert_eq!(doc["summary"]["passed"], 1, "{doc}");
    let (t, codes) = both(&args);
    assert_eq!(codes, [0, 0]);
    insta::assert_snapshot!("huaiyang-full-name", t);
}

/// A street whose parent is `龙亭区`, `开封市龙亭区` or `开封龙亭区` is matched with the
/// street centers of that county however they write it.
#[test]
fn a_street_meets_its_center_under_any_name_of_its_county() {
    let args = [
        "--select",
        "kaifeng-2022-2/street-has-center",
        "tests/places/longting-streets.csv",
        "tests/places/longting-facilities.csv",
    ];
    let doc = json(&args);
    // 大兴街道 has no center: the only failure.
    assert_eq!(
        findings(&doc),
        [(
            "kaifeng-2022-2/street-has-center".to_string(),
            "大兴街道".to_string(),
            "fail".to_string()
        )]
    );
    assert_eq!(doc["summary"]["passed"], 2, "{doc}");
    let (t, codes) = both(&args);
    assert_eq!(codes, [1, 1]);
    insta::assert_snapshot!("longting-streets", t);
}

const MIXED: [&str; 6] = [
    "--select",
    "kaifeng-2022-2/street-center-floor-area",
    "--select",
    "huaiyang-2022-2/district-has-support-institution",
    "tests/places/mixed-facilities.csv",
    "tests/places/mixed-regions.csv",
];

/// Facilities of 开封, 许昌 and 洛阳 and a 淮阳区 row in one run: each is judged by the
/// documents of its own place, and nothing else.
#[test]
fn a_mixed_file_is_judged_place_by_place() {
    let doc = json(&MIXED);
    assert_eq!(
        findings(&doc),
        [
            (
                "kaifeng-2022-2/street-center-floor-area".to_string(),
                "北书店街道综合养老服务中心".to_string(),
                "fail".to_string()
            ),
            (
                "huaiyang-2022-2/district-has-support-institution".to_string(),
                "周口市淮阳区".to_string(),
                "fail".to_string()
            ),
        ]
    );
    let (t, codes) = both(&MIXED);
    assert_eq!(codes, [1, 1]);
    insta::assert_snapshot!("mixed-no-region", t);
}

/// `--region 开封市` narrows the run: the 许昌, 洛阳 and 淮阳 records are listed as
/// outside it, and not judged.
#[test]
fn region_narrows_the_run() {
    let mut args = vec!["--region", "开封市"];
    args.extend(MIXED);
    let doc = json(&args);
    assert_eq!(
        findings(&doc),
        [(
            "kaifeng-2022-2/street-center-floor-area".to_string(),
            "北书店街道综合养老服务中心".to_string(),
            "fail".to_string()
        )]
    );
    let packs: Vec<&str> = doc["packs"]
        .as_array()
        .expect("packs")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(packs, ["kaifeng-2022-2", "henan-2022-57"]);
    let (t, codes) = both(&args);
    assert_eq!(codes, [1, 1]);
    assert!(t.contains("ylcheck::region::outside"));
    insta::assert_snapshot!("mixed-region-kaifeng", t);
}

/// `--region 河南省` is the whole province: the same verdicts as no region at all.
#[test]
fn the_province_as_region_judges_every_record_by_its_place() {
    let mut args = vec!["--region", "河南省"];
    args.extend(MIXED);
    assert_eq!(findings(&json(&args)), findings(&json(&MIXED)));
    let (t, codes) = both(&args);
    assert_eq!(codes, [1, 1]);
    insta::assert_snapshot!("mixed-region-province", t);
}

/// A county name that is no county (`祥府区`) is reported once at its first cell with
/// the name it is likely a typo of, and the streets under it are unknown, not failed.
#[test]
fn an_unknown_county_is_reported_with_did_you_mean() {
    let args = [
        "--select",
        "kaifeng-2022-2/street-has-center",
        "--region",
        "开封市",
        "tests/places/typo-county.csv",
        "tests/places/typo-facilities.csv",
    ];
    let doc = json(&args);
    let outcomes: Vec<String> = findings(&doc).into_iter().map(|f| f.2).collect();
    assert_eq!(outcomes, ["unknown", "unknown"]);
    let (t, codes) = both(&args);
    assert_eq!(codes, [1, 1]);
    assert_eq!(t.matches("ylcheck::region::unknown_place").count(), 2);
    assert!(t.contains("祥符区"));
    insta::assert_snapshot!("typo-county", t);
}

/// `示范区` is a county-level area of two cities. A row whose parent names the city
/// is settled by it; others are reported, with both full names, unless `--region`
/// settles them.
#[test]
fn a_shared_name_is_settled_by_the_record_or_the_region() {
    let args = [
        "--select",
        "kaifeng-2022-2/street-has-center",
        "--select",
        "kaifeng-2022-2/street-center-floor-area",
        "tests/places/shifanqu-streets.csv",
        "tests/places/shifanqu.csv",
    ];
    let (t, _) = both(&args);
    assert!(t.contains("ylcheck::region::ambiguous_place"));
    assert!(t.contains("开封市示范区") && t.contains("平顶山市示范区"));
    insta::assert_snapshot!("shifanqu-no-region", t);
    let mut settled = vec!["--region", "开封市"];
    settled.extend(args);
    let doc = json(&settled);
    assert_eq!(
        findings(&doc),
        [(
            "kaifeng-2022-2/street-center-floor-area".to_string(),
            "示范区综合养老服务中心".to_string(),
            "fail".to_string()
        )]
    );
    assert_eq!(doc["summary"]["passed"], 1, "{doc}");
    let (t, codes) = both(&settled);
    assert_eq!(codes, [1, 1]);
    assert!(!t.contains("ambiguous_place"), "{t}");
    insta::assert_snapshot!("shifanqu-region-kaifeng", t);
}

/// A pack names places as its document does; they compile to the full names data
/// cells are stored as, so its own tests pass whichever name a row uses.
#[test]
fn pack_constants_are_places_too() {
    let out = ylcheck(
        &["--lang", "en", "test", "tests/places/short-names.rules"],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.transcript());
}

/// A pack whose region is no place judges no record, and the run says so.
#[test]
fn a_pack_of_an_unknown_region_is_reported() {
    let out = ylcheck(
        &[
            "--lang",
            "en",
            "check",
            "--as-of",
            AS_OF,
            "--rules",
            "tests/places/lost-region.rules",
            "--select",
            "lost/*",
            "tests/places/longting-facilities.csv",
        ],
        None,
    );
    let all = out.transcript();
    assert!(
        all.contains("ylcheck::region::unknown_pack_region"),
        "{all}"
    );
    assert!(all.contains("开风市"), "{all}");
}

/// A district table may name its county (`县（区）`): each district is then judged
/// by its own county's documents, in a CSV as in a workbook, with no unknown
/// column and no "fill in the county". A table without the column takes the
/// run's region, as before.
#[test]
fn a_district_table_names_its_county() {
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("小区.xlsx");
    let text = std::fs::read_to_string("tests/places/小区县区.csv").expect("fixture");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("住宅小区").expect("sheet");
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            match cell.parse::<f64>() {
                Ok(n) if r > 0 => ws.write_number(r as u32, c as u16, n),
                _ => ws.write_string(r as u32, c as u16, cell),
            }
            .expect("cell");
        }
    }
    wb.save(&book).expect("saved");
    let want = vec![
        (
            "huaiyang-2022-2/residential-care-floor-area".to_string(),
            "淮苑".to_string(),
            "fail".to_string(),
        ),
        (
            "kaifeng-2022-2/residential-care-floor-area".to_string(),
            "远苑".to_string(),
            "fail".to_string(),
        ),
    ];
    for path in ["tests/places/小区县区.csv", book.to_str().expect("path")] {
        let doc = json(&["--select", "*/residential-care-floor-area", path]);
        let mut got = findings(&doc);
        got.sort();
        assert_eq!(got, want, "{path}: {doc}");
        assert_eq!(
            common::diagnostics(&doc, |_| true).len(),
            0,
            "{path}: {doc}"
        );
        let (t, codes) = both(&["--select", "*/residential-care-floor-area", path]);
        assert_eq!(codes, [1, 1], "{t}");
        for absent in [
            "unknown_column",
            "no_place",
            "没有这个字段",
            "has no such field",
        ] {
            assert!(!t.contains(absent), "{absent}: {t}");
        }
    }
    // Without the column the district's place is the run's region.
    let doc = json(&[
        "--region",
        "开封市祥符区",
        "--select",
        "*/residential-care-floor-area",
        "tests/bad/lonlat-districts.csv",
    ]);
    let rules: std::collections::BTreeSet<String> =
        findings(&doc).into_iter().map(|(r, _, _)| r).collect();
    assert!(
        rules.iter().all(|r| r.starts_with("kaifeng-2022-2/")),
        "{doc}"
    );
    assert_eq!(doc["summary"]["checks"], 5, "{doc}");
}
