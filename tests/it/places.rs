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

/// The codes of a JSON report's diagnostics, in order.
fn diag_codes(doc: &serde_json::Value) -> Vec<&str> {
    doc["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["code"].as_str())
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
    assert!(t.contains("开封市城乡一体化示范区") && t.contains("平顶山市城乡一体化示范区"));
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

/// 平顶山's task table writes its 城乡一体化示范区 as 新城区: a row so named is
/// inside the area, whichever of its names `--region` gives.
#[test]
fn a_functional_area_is_one_place_under_its_names() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("progress.csv");
    std::fs::write(
        &table,
        "单位,上级,街道综合养老中心目标数,街道综合养老中心完成数\n新城区,平顶山市,2,2\n",
    )
    .unwrap();
    for region in [
        "平顶山市城乡一体化示范区",
        "平顶山市示范区",
        "平顶山市新城区",
    ] {
        let doc = json(&["--region", region, table.to_str().unwrap()]);
        let codes = diag_codes(&doc);
        assert!(
            !codes.contains(&"ylcheck::region::outside"),
            "{region}: {doc:#}"
        );
        assert!(
            doc["summary"]["passed"].as_u64() > Some(0),
            "{region}: {doc:#}"
        );
        assert_eq!(doc["region"], "平顶山市城乡一体化示范区", "{region}");
    }
}

/// A county renamed since (淮阳县, 2019; 开封县, 2014) is the place it is now:
/// `--region` and data cells under the former name mean the current place.
#[test]
fn a_former_county_name_is_the_current_place() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("facilities.csv");
    std::fs::write(
        &table,
        "名称,类型,县（区）,街道,建筑面积（平方米）\n城关街道综合养老服务中心,街道综合养老服务中心,淮阳县,城关街道,1900\n",
    )
    .unwrap();
    let doc = json(&["--region", "周口市淮阳区", table.to_str().unwrap()]);
    let codes = diag_codes(&doc);
    assert!(
        !codes.iter().any(|c| c.starts_with("ylcheck::region::")),
        "{doc:#}"
    );
    for (former, now) in [("淮阳县", "周口市淮阳区"), ("开封县", "开封市祥符区")]
    {
        let doc = json(&["--region", former, table.to_str().unwrap()]);
        assert_eq!(doc["region"], now, "{former}: {doc:#}");
    }
}

/// A region row's level is its place's, where the gazetteer knows the place: `市`
/// on a county-level place (汝州市, 禹州市, or here 祥符区) is a county, a blank
/// level is filled, and a city is a city whatever its cell says.
#[test]
fn a_known_place_has_its_own_level() {
    let dir = tempfile::tempdir().unwrap();
    let regions = dir.path().join("regions.csv");
    let facilities = dir.path().join("facilities.csv");
    std::fs::write(
        &regions,
        "名称,级别,上级\n祥符区,市,开封市\n兰考县,,开封市\n开封市,县,\n",
    )
    .unwrap();
    std::fs::write(
        &facilities,
        "名称,类型,县（区）,街道\n兰考县供养中心,县级特困供养服务机构,兰考县,城关镇\n",
    )
    .unwrap();
    let doc = json(&[
        "--region",
        "开封市",
        "--select",
        "kaifeng-2022-2/county-has-support-institution",
        regions.to_str().unwrap(),
        facilities.to_str().unwrap(),
    ]);
    // 祥符区 and 兰考县 are counties (one failing, one passing); 开封市 is not.
    assert_eq!(
        findings(&doc),
        [(
            "kaifeng-2022-2/county-has-support-institution".to_string(),
            "开封市祥符区".to_string(),
            "fail".to_string()
        )]
    );
    assert_eq!(doc["summary"]["checks"], 2, "{doc:#}");
    assert_eq!(doc["summary"]["passed"], 1, "{doc:#}");
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

/// A place cell that names no known place (`祥府区`, a typo) or several (`示范区`)
/// puts its record nowhere known: never judged as the run's region, nor as no
/// place. A city's or county's rule that could apply is unknown, blamed on the
/// cell; a shared name none of whose places is in the region is outside it, and
/// not counted in the region's totals.
#[test]
fn a_misplaced_record_is_never_judged_by_the_wrong_documents() {
    let files = [
        "tests/places/misplaced-facilities.csv",
        "tests/places/misplaced-regions.csv",
    ];
    let mut args = vec!["--region", "淮阳区"];
    args.extend(files);
    let doc = json(&args);
    let all = findings(&doc);
    for (rule, record, outcome) in &all {
        if record.starts_with("祥府区") || record.starts_with("示范区") {
            assert_eq!(outcome, "unknown", "{rule} {record}");
        }
    }
    // The typo may be in 淮阳区: its rules are unknown, blamed on the cell.
    assert!(
        all.iter()
            .any(|(r, rec, o)| r == "huaiyang-2022-2/township-home-upgraded"
                && rec == "祥府区敬老院"
                && o == "unknown")
    );
    // 示范区 is 开封's or 平顶山's: outside 淮阳区, listed, never judged.
    assert!(
        !all.iter().any(|(_, rec, _)| rec.starts_with("示范区")),
        "{all:?}"
    );
    let diags = doc["diagnostics"].to_string();
    assert!(diags.contains("ylcheck::region::outside"), "{diags}");
    // And the region's street count is decided (it passes, by 城关镇's center):
    // the 示范区 center cannot be one of its.
    assert!(
        !all.iter()
            .any(|(r, _, _)| r == "huaiyang-2022-2/task-street-facilities"),
        "{all:?}"
    );

    // With no region, each is unknown under every pack that may judge it: 示范区
    // under 开封's, never 淮阳's; the typo under any city's or county's.
    let doc = json(&files);
    let all = findings(&doc);
    for (rule, record, outcome) in &all {
        if record.starts_with("祥府区") || record.starts_with("示范区") {
            assert_eq!(outcome, "unknown", "{rule} {record}");
        }
        if record.starts_with("示范区") {
            assert!(rule.starts_with("kaifeng-2022-2/"), "{rule}");
        }
    }
    assert!(
        all.iter()
            .any(|(r, rec, _)| r == "kaifeng-2022-2/street-center-floor-area"
                && rec.starts_with("示范区"))
    );
    let (out, codes) = both(&files);
    assert_eq!(codes, [1, 1]);
    insta::assert_snapshot!("misplaced", out);
}

/// A table only one region's document defines (Kaifeng's task table) is that
/// region's: with no --region, its 示范区 row is 开封市示范区, not a name two
/// cities share, and its rows are judged by 汴政〔2022〕2号.
#[test]
fn a_regional_table_is_in_its_region() {
    let doc = json(&["samples/kaifeng-tasks.csv"]);
    let diags = doc["diagnostics"].to_string();
    for code in [
        "ambiguous_place",
        "no_place",
        "nothing_checked",
        "region::unchecked",
    ] {
        assert!(!diags.contains(code), "{code}: {diags}");
    }
    assert!(doc["summary"]["checks"].as_u64().unwrap_or(0) > 0, "{doc}");
    let all = findings(&doc);
    assert!(
        all.iter().all(|(r, _, _)| r.starts_with("kaifeng-2022-2/")),
        "{all:?}"
    );
}

/// A community row names its street, and the street's row its county: the
/// community is in that county and judged by its documents. A street no row
/// places leaves its community's place unknown: with no --region, a city's or
/// county's rule that could apply is unknown, blamed on the 上级 cell; with one,
/// the community is the region's.
#[test]
fn streets_and_communities_are_placed_by_the_rows_that_name_them() {
    let placed = json(&[
        "tests/places/units-facilities.csv",
        "tests/places/units-regions.csv",
    ]);
    let all = findings(&placed);
    assert!(
        all.iter()
            .any(|(r, rec, o)| r == "kaifeng-2022-2/community-has-center"
                && rec == "书香社区"
                && o == "fail"),
        "{all:?}"
    );
    assert!(!all.iter().any(|(_, _, o)| o == "unknown"), "{all:?}");
    let (out, codes) = both(&[
        "tests/places/units-facilities.csv",
        "tests/places/units-unplaced.csv",
    ]);
    assert_eq!(codes, [1, 1]);
    insta::assert_snapshot!("units-unplaced", out);
    let region = json(&[
        "--region",
        "开封市祥符区",
        "tests/places/units-facilities.csv",
        "tests/places/units-unplaced.csv",
    ]);
    assert!(
        findings(&region)
            .iter()
            .any(|(r, _, o)| r == "kaifeng-2022-2/community-has-center" && o == "fail"),
        "{region}"
    );
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

/// Facilities whose county is no place (洛杨区) or several cities' (示范区) are
/// not "nothing checked": every city's or county's rule that could apply is
/// unknown, and the run fails closed.
#[test]
fn unplaceable_facilities_are_unknown_not_unchecked() {
    let doc = json(&["tests/nothing/地名不明.csv"]);
    let diags = doc["diagnostics"].to_string();
    assert!(!diags.contains("nothing_checked"), "{diags}");
    let all = findings(&doc);
    assert!(!all.is_empty(), "{doc}");
    assert!(all.iter().all(|(_, _, o)| o == "unknown"), "{all:?}");
    assert!(all.iter().any(|(_, rec, _)| rec == "某中心"), "{all:?}");
    assert!(all.iter().any(|(_, rec, _)| rec == "乙中心"), "{all:?}");
}

/// A facility naming no county, in a run naming no region, may be anywhere in
/// the province: the province's rules judge it, and every city's or county's
/// rule that could apply is unknown, blamed on its blank county cell; never
/// passed over with exit 0 (its 1500 m² would fail Kaifeng's 2000 m²).
#[test]
fn a_record_naming_no_place_is_unknown_under_local_rules() {
    let doc = json(&["tests/places/no-county.csv"]);
    let all = findings(&doc);
    let unplaced: Vec<_> = all
        .iter()
        .filter(|(_, rec, _)| rec == "城西街道综合养老服务中心")
        .collect();
    assert!(
        unplaced
            .iter()
            .any(|(r, _, o)| r == "kaifeng-2022-2/street-center-floor-area" && o == "unknown"),
        "{all:?}"
    );
    assert!(unplaced.iter().all(|(_, _, o)| o == "unknown"), "{all:?}");
    let (out, codes) = both(&["tests/places/no-county.csv"]);
    assert_eq!(codes, [1, 1], "{out}");
    assert!(out.contains("ylcheck::region::no_place"), "{out}");
}

/// A street or community is one unit however a bureau writes it: `北书店街道办事处`,
/// `龙亭区大兴街道` and `双龙巷社区居委会` meet the region rows `北书店街道`, `大兴街道`
/// (parent `开封市龙亭区`) and `双龙巷社区`. A short form that does not say its level
/// (`午朝门`, `东关`) may be any unit of the stem: never a confident fail.
#[test]
fn street_and_community_names_are_identities() {
    for (facilities, regions, rules, passed) in [
        (
            "tests/places/unit-names-facilities.csv",
            "tests/places/unit-names-streets.csv",
            "*street-has-center",
            2,
        ),
        (
            "tests/places/unit-names-community-facilities.csv",
            "tests/places/unit-names-communities.csv",
            "*community-has*",
            1,
        ),
    ] {
        let args = ["--select", rules, facilities, regions];
        let doc = json(&args);
        let found = findings(&doc);
        assert!(
            found.iter().all(|(_, _, outcome)| outcome != "fail"),
            "{found:?}"
        );
        assert!(
            found.iter().any(|(_, _, outcome)| outcome == "unknown"),
            "{found:?}"
        );
        assert!(doc["summary"]["passed"].as_u64() >= Some(passed), "{doc}");
        // An unknown of an error rule still fails the run (exit 1): it is not a pass.
        let (t, _) = both(&args);
        assert!(!t.contains("没有"), "{t}");
        assert!(t.contains("不符合 0") && t.contains("0 failed"), "{t}");
    }
}

/// A bare `高新区` is no one city's, though the gazetteer lists only 平顶山's: a
/// 开封 facility so filed is not judged as 平顶山's and passed over, but is unknown
/// where a city's rule could judge it. `洛阳市高新区` is in 洛阳市.
#[test]
fn a_generic_functional_area_alone_is_no_one_citys() {
    let doc = json(&["tests/places/generic-area.csv"]);
    let found = findings(&doc);
    assert!(
        found
            .iter()
            .any(|(rule, rec, outcome)| rule.starts_with("kaifeng-2022-2/")
                && rec == "高新区街道综合养老服务中心"
                && outcome == "unknown"),
        "{found:?}"
    );
    let codes = diag_codes(&doc);
    assert!(
        codes.contains(&"ylcheck::region::ambiguous_place"),
        "{codes:?}"
    );
    assert!(
        !codes.contains(&"ylcheck::region::unknown_place"),
        "{codes:?}"
    );
    let (t, _) = both(&["tests/places/generic-area.csv"]);
    assert!(!t.contains("`洛阳市高新区` 不是"), "{t}");
    // Read whole, not as the terminal wraps it.
    let zh = common::ylcheck(
        &[
            "--lang",
            "zh",
            "check",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "tests/places/generic-area.csv",
        ],
        None,
    )
    .json();
    assert!(
        zh["diagnostics"]
            .to_string()
            .contains("X中心（洛阳市，第 3 行）"),
        "{zh}"
    );
}

/// A county written without its 县/区 (`兰考`) is that county, as `兰考县` is: its
/// support institution counts for it, never a false "has none".
#[test]
fn a_county_written_without_its_suffix_is_that_county() {
    let doc = json(&[
        "--select",
        "*county-has-support*",
        "tests/places/stem-facility.csv",
        "tests/places/stem-region.csv",
    ]);
    assert!(findings(&doc).is_empty(), "{doc}");
    assert_eq!(doc["summary"]["passed"], 1, "{doc}");
    let diags = doc["diagnostics"].to_string();
    assert!(!diags.contains("unknown_place"), "{diags}");
}

/// A facility whose 县（区） cell names only its city (`开封市`) is in one of the
/// city's counties, which is not said: it may be 兰考县's support institution, so
/// 兰考县 is unknown, never "has none"; the city's own rules still judge it.
#[test]
fn a_city_where_a_county_is_asked_for_may_be_any_of_its_counties() {
    let doc = json(&[
        "tests/places/city-as-county.csv",
        "tests/places/stem-region.csv",
    ]);
    let all = findings(&doc);
    assert!(
        all.iter().any(
            |(r, rec, o)| r == "kaifeng-2022-2/county-has-support-institution"
                && rec == "开封市兰考县"
                && o == "unknown"
        ),
        "{all:?}"
    );
    assert!(!all.iter().any(|(_, _, o)| o == "fail"), "{all:?}");
    assert!(doc["summary"]["passed"].as_u64().unwrap_or(0) >= 3, "{doc}");
}

/// The province's 包联名单 as its 附件1 prints it has no 级别 column: each staff
/// member's level is that of the office the 单位 cell names, so the pairing rules
/// decide, and a unit that does not say its level leaves them unknown.
#[test]
fn pairing_levels_come_from_the_units_of_the_form_as_issued() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("包联名单.csv");
    std::fs::write(
        &path,
        "序号,中心（机构）名称,类别,包联人1,单位,电话,包联人2,单位,电话\n\
         1,北书店街道综合养老服务中心,街道综合养老服务中心,王建国,龙亭区北书店街道办事处,13803781234,,,\n\
         2,州桥街道综合养老服务中心,街道综合养老服务中心,李明,鼓楼区民政局,13803781235,孙伟,开封市民政局,13803781236\n\
         3,曹门街道综合养老服务中心,街道综合养老服务中心,赵丽,市民政局,13803781237,,,\n\
         4,兰考县特困人员供养服务中心,养老机构,马振华,兰考县民政局,13803781238,,,\n\
         5,禹州市福寿园养老院,养老机构,黄磊,禹州市民政局,13803781239,,,\n\
         6,鼓楼区颐和养老院,养老机构,陈志强,河南省民政厅,13803781240,,,\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let doc = json(&[
        "--select",
        "street-center-township-staff",
        "--select",
        "institution-county-staff",
        p,
    ]);
    let mut got: Vec<(String, String)> = findings(&doc)
        .into_iter()
        .filter(|(r, _, _)| {
            r.ends_with("street-center-township-staff") || r.ends_with("institution-county-staff")
        })
        .map(|(_, rec, o)| (rec, o))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            ("州桥街道综合养老服务中心".to_string(), "fail".to_string()),
            (
                "曹门街道综合养老服务中心".to_string(),
                "unknown".to_string()
            ),
            ("鼓楼区颐和养老院".to_string(), "fail".to_string()),
        ],
        "{doc:#}"
    );
}

/// 许昌's year targets are the city's: a county table whose 合计 row sums every
/// county of 许昌市 is checked by that row, as CSV and as a workbook; a table
/// missing a county, or holding the city's own row, leaves its 合计 row out.
#[test]
fn a_total_row_over_every_county_of_a_city_is_the_city() {
    let rows = [
        ("魏都区", 300),
        ("建安区", 300),
        ("禹州市", 500),
        ("长葛市", 500),
        ("鄢陵县", 100),
        ("襄城县", 100),
    ];
    let csv = |rows: &[(&str, u32)], extra: &str| {
        let mut s = String::from("序号,名称,级别,适老化改造户数\n");
        for (i, (n, v)) in rows.iter().enumerate() {
            s.push_str(&format!("{},{n},,{v}\n", i + 1));
        }
        s.push_str(extra);
        let sum: u32 = rows.iter().map(|r| r.1).sum();
        s.push_str(&format!("合计,,,{sum}\n"));
        s
    };
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let o = ylcheck(
            &[
                "--lang",
                "en",
                "check",
                "--format",
                "json",
                "--as-of",
                "2024-06-01",
                "--region",
                "许昌市",
                "--select",
                "xuchang-2023/age-friendly-renovation",
                "--allow-empty",
                p.to_str().unwrap(),
            ],
            None,
        );
        let doc: serde_json::Value =
            serde_json::from_str(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", o.transcript()));
        (
            findings(&doc),
            diag_codes(&doc)
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>(),
            doc["summary"]["passed"].clone(),
        )
    };
    let fail = vec![(
        "xuchang-2023/age-friendly-renovation".to_string(),
        "许昌市".to_string(),
        "fail".to_string(),
    )];
    let whole = csv(&rows, "");
    let (got, codes, _) = run("whole.csv", whole.as_bytes());
    assert_eq!(got, fail);
    assert!(
        codes.contains(&"ylcheck::data::total_row".to_string()),
        "{codes:?}"
    );
    // 2000 households in all: the city passes
    let mut more = rows;
    more[0].1 = 500;
    let (got, _, passed) = run("more.csv", csv(&more, "").as_bytes());
    assert_eq!((got, passed), (vec![], serde_json::json!(1)));
    // a county missing: the sum is no city's figure
    let (got, _, passed) = run("part.csv", csv(&rows[..5], "").as_bytes());
    assert_eq!((got, passed), (vec![], serde_json::json!(0)));
    // the city's own row is there: it, not the total, is the city's
    let (got, _, _) = run("own.csv", csv(&rows, "7,许昌市,市,2100\n").as_bytes());
    assert_eq!(got, vec![]);
    // the same table as a workbook
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in whole.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(n) if r > 0 && c == 3 => ws.write_number(r, c, n).map(|_| ()),
                _ => ws.write_string(r, c, cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    let (got, _, _) = run("whole.xlsx", &wb.save_to_buffer().unwrap());
    assert_eq!(got, fail);
}
