//! Files written the way counties write them — a blank or misspelt kind, a blank
//! level, blank cells — never give a silent pass or a confident wrong verdict.

use crate::common;

/// A blank kind and a kind in the documents' own words that no label matches:
/// each rule whose scope reads the kind is unknown at that cell, with the allowed
/// values; the streets those facilities serve may have their center, so they are
/// unknown, not "has no center"; a street no facility could serve still fails; a
/// row of blank level is unknown; a district with two blank cells names both.
#[test]
fn bureau_files_fail_closed() {
    for lang in ["zh", "en"] {
        let out = common::ylcheck(
            &[
                "--lang",
                lang,
                "check",
                "--as-of",
                "2026-01-01",
                "--region",
                "开封市祥符区",
                "--select",
                "kaifeng-2022-2/street-*",
                "--select",
                "*/residential-care-floor-area",
                "tests/fail_closed/设施.csv",
                "tests/fail_closed/区划.csv",
                "tests/fail_closed/小区.csv",
            ],
            None,
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        insta::assert_snapshot!(format!("bureau-files-{lang}"), out.transcript());
    }
}

/// The same in JSON: the outcomes, and that no street is said to lack a center
/// when a facility of unreadable kind may be it.
#[test]
fn no_street_is_failed_by_an_unreadable_facility() {
    let out = common::ylcheck(
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-01-01",
            "--region",
            "开封市祥符区",
            "--select",
            "kaifeng-2022-2/street-has-center",
            "tests/fail_closed/设施.csv",
            "tests/fail_closed/区划.csv",
        ],
        None,
    );
    let doc = out.json();
    let got: Vec<(String, String)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["record"].as_str().unwrap_or("").to_string(),
                f["outcome"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let want = [
        ("城东街道", "unknown"),
        ("城西街道", "unknown"),
        ("城南街道", "fail"),
        ("八里湾镇", "unknown"),
    ];
    assert_eq!(
        got,
        want.map(|(a, b)| (a.to_string(), b.to_string())),
        "{}",
        out.stdout
    );
}

/// With no `--region`, a facility that names no county may be anywhere: the
/// street of its name in 龙亭区 may have it as its center, so that street is
/// unknown, not failed; a street of another name still fails.
#[test]
fn a_facility_naming_no_place_may_count_anywhere() {
    let dir = tempfile::tempdir().expect("temp dir");
    let facilities = dir.path().join("设施.csv");
    let regions = dir.path().join("区划.csv");
    std::fs::write(
        &facilities,
        "名称,类型,县（区）,街道\n城东街道综合养老服务中心,街道综合养老服务中心,,城东街道\n",
    )
    .expect("write");
    std::fs::write(
        &regions,
        "名称,级别,上级\n城东街道,街道,龙亭区\n城西街道,街道,龙亭区\n",
    )
    .expect("write");
    let out = common::ylcheck(
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-01-01",
            "--select",
            "kaifeng-2022-2/street-has-center",
            facilities.to_str().expect("path"),
            regions.to_str().expect("path"),
        ],
        None,
    );
    let doc = out.json();
    let got: Vec<(&str, &str)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["record"].as_str().unwrap_or(""),
                f["outcome"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [("城东街道", "unknown"), ("城西街道", "fail")],
        "{}",
        out.transcript()
    );
}

/// 平顶山's 附件1 as issued: no 上级 column, its county rows under the
/// documents' own names (郟县, 新城区, 高新区). A blank 上级 says nothing against a
/// row being a county's, so every county row is checked; the one rule that needs
/// a column the table lacks (the number trained) is listed as not checked, naming
/// that column, not 上级.
#[test]
fn pingdingshan_annex_as_issued_is_checked_row_by_row() {
    let (out, doc) = json_report(
        "en",
        "2023-01-05",
        &["tests/documents/pingdingshan-annex1.csv"],
    );
    assert_eq!(doc["summary"]["records"], 12, "{}", out.transcript());
    assert_eq!(doc["summary"]["unknown"], 0, "{}", out.transcript());
    let diags = doc["diagnostics"].as_array().expect("diagnostics");
    let missing: Vec<&str> = diags
        .iter()
        .filter(|d| d["code"] == "ylcheck::data::missing_column")
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].contains("`caregiver_trained`"), "{missing:?}");
    assert!(
        missing[0].ends_with("caregiver-training-done"),
        "{missing:?}"
    );
    // County rows are judged: 舞钢市 (row 3) fails its street-centre share.
    let findings = doc["findings"].as_array().expect("findings");
    assert!(findings.iter().any(
        |f| f["rule"] == "pingdingshan-2021-54/street-centers-70-percent"
            && f["record"] == "平顶山市舞钢市"
    ));
}

/// KF-2a from parcels: a region table with no declared land, and a 社会福利用地
/// parcel that may or may not be elder-care land and decides the city's verdict.
/// The rule reads the absent column only to see whether it is there, so it is
/// checked, and unknown for the parcel, not "not checked for a missing column".
#[test]
fn a_parcel_that_may_count_is_not_a_missing_column() {
    let (out, doc) = json_report(
        "en",
        "2026-01-01",
        &[
            "--select",
            "*/care-land-per-capita",
            "tests/fail_closed/kf2a-parcels.csv",
            "tests/fail_closed/kf2a-regions.csv",
        ],
    );
    let diags = doc["diagnostics"].to_string();
    assert!(!diags.contains("missing_column"), "{diags}");
    let findings = doc["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{}", out.transcript());
    assert_eq!(findings[0]["record"], "开封市");
    assert_eq!(findings[0]["outcome"], "unknown");
    assert_eq!(doc["summary"]["passed"], 1, "龙亭区 passes");
}

/// A region table with no 常住人口 column: land per resident cannot be judged
/// without the population, whatever the land (read only where it is `present`, or
/// from parcels no input gives). The population column is reported once, at the
/// header, with the rule not checked; the row carries no unknown blaming blanks.
#[test]
fn a_column_the_requirement_cannot_do_without_is_reported_at_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let regions = dir.path().join("r.csv");
    std::fs::write(&regions, "名称,级别,上级\n淮阳区,区,周口市\n").unwrap();
    let out = common::ylcheck(
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-01-01",
            "--region",
            "周口市淮阳区",
            "--select",
            "huaiyang-2022-2/care-land-per-capita",
            regions.to_str().unwrap(),
        ],
        None,
    );
    let doc = out.json();
    let findings = doc["findings"].as_array().expect("findings");
    assert!(findings.is_empty(), "{}", out.transcript());
    let missing: Vec<&str> = common::diagnostics(&doc, |c| c == "ylcheck::data::missing_column")
        .into_iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(missing.len(), 1, "{}", out.transcript());
    assert!(missing[0].contains("常住人口"), "{missing:?}");
    assert!(
        missing[0].ends_with("huaiyang-2022-2/care-land-per-capita"),
        "{missing:?}"
    );
}

/// The JSON report of `check` in `lang` as of `as_of` over `args`, and its run.
fn json_report(lang: &str, as_of: &str, args: &[&str]) -> (common::Output, serde_json::Value) {
    let mut all = vec![
        "--lang", lang, "check", "--format", "json", "--as-of", as_of,
    ];
    all.extend_from_slice(args);
    let out = common::ylcheck(&all, None);
    let doc = out.json();
    (out, doc)
}

/// The records and outcomes of a JSON report, and its diagnostics' codes.
fn outcomes_and_codes(out: &common::Output) -> (Vec<(String, String)>, Vec<String>) {
    let doc = out.json();
    let findings = doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["record"].as_str().unwrap_or("").to_string(),
                f["outcome"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let codes = common::diagnostics(&doc, |_| true)
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect();
    (findings, codes)
}

/// A ratio column holding both `30` and `0.6`: is 0.6 a fraction (60 %) or 0.6
/// percent points? The other rows do not say, so 0.6 is unknown, reported once at
/// the header, as in a column of fractions alone; 30 is 30 %. Through CSV, a
/// workbook, and a CSV streamed in chunks whose one fraction is past its first MiB.
#[test]
fn a_ratio_column_mixing_fractions_and_percent_points() {
    let args = |path: &str, lang: &'static str| {
        common::ylcheck(
            &[
                "--lang",
                lang,
                "check",
                "--format",
                "json",
                "--as-of",
                "2026-01-01",
                "--region",
                "开封市祥符区",
                "--select",
                "*care-construction-before-half",
                path,
            ],
            None,
        )
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("完工比例.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let rows: [[&str; 6]; 3] = [
        [
            "小区名称",
            "建设状态",
            "户数",
            "养老服务设施建筑面积（平方米）",
            "地块完工比例",
            "养老设施是否开工",
        ],
        ["东苑新城", "新建", "500", "150", "0.6", "否"],
        ["翰林苑", "新建", "500", "150", "30", "否"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) if r > 0 => ws.write_number(r as u32, c as u16, n),
                _ => ws.write_string(r as u32, c as u16, *cell),
            }
            .expect("cell");
        }
    }
    wb.save(&book).expect("saved");
    // Many rows of percent points, then one fraction past the first MiB.
    let big = dir.path().join("大表.csv");
    let mut text = String::from(
        "小区名称,建设状态,户数,养老服务设施建筑面积（平方米）,地块完工比例,养老设施是否开工\n",
    );
    for i in 0..80_000 {
        text.push_str(&format!("小区{i},新建,500,150,30,否\n"));
    }
    text.push_str("东苑新城,新建,500,150,0.6,否\n");
    assert!(text.len() > 1 << 21);
    std::fs::write(&big, text).expect("written");
    for lang in ["zh", "en"] {
        for path in [
            "tests/fail_closed/完工比例.csv",
            book.to_str().expect("path"),
            big.to_str().expect("path"),
        ] {
            let out = args(path, lang);
            let (findings, codes) = outcomes_and_codes(&out);
            assert_eq!(
                findings,
                [("东苑新城".to_string(), "unknown".to_string())],
                "{path}: {}",
                out.transcript()
            );
            assert_eq!(
                codes,
                ["ylcheck::data::fraction_or_percent"],
                "{path}: {}",
                out.transcript()
            );
            let doc = out.json();
            let d = &doc["diagnostics"][0];
            let message = d["message"].as_str().unwrap_or("");
            assert!(message.contains("地块完工比例"), "{message}");
            // At the header, not at the cell.
            assert_eq!(d["location"]["line"], 1, "{path}: {d}");
        }
    }
}

/// The same parcels for a city of 106,000: even with the 社会福利用地 parcel its
/// land falls short, so it fails, and the finding shows the land as the bounds it
/// is known within and the requirement with its computed figure.
#[test]
fn land_known_within_bounds_fails_showing_them() {
    for (lang, land, required) in [
        (
            "zh",
            "养老服务设施用地21000 m²至21100 m²",
            "≥ 21200 m²（常住人口106000人 × 0.2 m²）",
        ),
        (
            "en",
            "between 21000 m² and 21100 m²",
            "≥ 21200 m² (106000 residents × 0.2 m²)",
        ),
    ] {
        let (out, doc) = json_report(
            lang,
            "2026-01-01",
            &[
                "--select",
                "*/care-land-per-capita",
                "tests/fail_closed/kf2a-parcels.csv",
                "tests/fail_closed/kf2a-regions-short.csv",
            ],
        );
        let f = &doc["findings"][0];
        assert_eq!(f["record"], "开封市", "{}", out.transcript());
        assert_eq!(f["outcome"], "fail");
        let message = f["message"].as_str().unwrap_or_default();
        assert!(message.contains(land), "{message}");
        let requirement = f["requirement"].as_str().unwrap_or_default();
        assert!(requirement.contains(required), "{requirement}");
    }
}

/// A district whose 建设状态 (the rule's scope) is blank, and its 地块完工比例 and
/// 养老设施是否开工 too: the unknown names the requirement's blank that leaves it
/// unknown as well, not the scope's alone.
#[test]
fn an_unknown_scope_names_every_blank_the_rule_reads() {
    for (lang, want) in [
        ("zh", "“建设状态”未填；此外“地块完工比例”未填"),
        ("en", "`status` is blank; also `plot_completion` is blank"),
    ] {
        let (_, doc) = json_report(
            lang,
            "2026-01-01",
            &[
                "--select",
                "*care-construction-before-half",
                "tests/fail_closed/scope-and-blanks.csv",
            ],
        );
        let message = doc["findings"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains(want), "{lang}: {message}");
    }
}

/// A figure filled in but unreadable (`100 000`, `约10万`) is not a blank: a rule
/// that prefers a county's own figure to its parcels, or checks only counties that
/// give one, is unknown at that cell, never decided on the parcels or skipped.
#[test]
fn an_unreadable_figure_is_not_a_blank_one() {
    let dir = tempfile::tempdir().unwrap();
    let parcels = dir.path().join("地块.csv");
    std::fs::write(
        &parcels,
        "名称,用地性质,县（区）,用地面积（平方米）\n甲地块,养老服务设施用地,祥符区,200000\n",
    )
    .unwrap();
    for (area, outcome) in [("100 000", "unknown"), ("约10万", "unknown"), ("", "pass")] {
        let region = dir.path().join("区划.csv");
        std::fs::write(
            &region,
            format!(
                "名称,级别,上级,常住人口,养老服务设施用地面积（平方米）\n祥符区,县,开封市,578000,{area}\n"
            ),
        )
        .unwrap();
        let (out, doc) = json_report(
            "zh",
            "2026-01-01",
            &[
                "--select",
                "care-land-per-capita",
                "--select",
                "region-land-matches-parcels",
                region.to_str().unwrap(),
                parcels.to_str().unwrap(),
            ],
        );
        let per_capita: Vec<&serde_json::Value> = doc["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["rule"] == "kaifeng-2022-2/care-land-per-capita")
            .collect();
        let summary = &doc["summary"];
        if outcome == "pass" {
            assert!(per_capita.is_empty(), "{area}: {}", out.transcript());
            assert_eq!(summary["unknown"], 0, "{area}: {}", out.transcript());
            continue;
        }
        assert_eq!(per_capita.len(), 1, "{area}: {}", out.transcript());
        assert_eq!(per_capita[0]["outcome"], outcome, "{area}");
        let message = per_capita[0]["message"].as_str().unwrap_or("");
        assert!(
            message.contains("养老服务设施用地面积") && message.contains("无法识别"),
            "{area}: {message}"
        );
        // The consistency rule is not silently out of scope either.
        assert_eq!(summary["checks"], 2, "{area}: {}", out.transcript());
        assert_eq!(summary["unknown"], 2, "{area}: {}", out.transcript());
        assert_eq!(out.code, 1, "{area}");
    }
}

/// 河南省 in a county's column says only that the record is somewhere in the
/// province: a city's rule is unknown for it, never skipped as if no rule could
/// judge it, and a county's only support institution may be it.
#[test]
fn the_province_in_a_county_column_names_no_county() {
    let dir = tempfile::tempdir().expect("temp dir");
    let centers = dir.path().join("中心.csv");
    std::fs::write(
        &centers,
        "名称,类型,县（区）,街道,建筑面积（平方米）\n\
         甲街道综合养老服务中心,街道综合养老服务中心,河南省,甲街道,1800\n\
         乙街道综合养老服务中心,街道综合养老服务中心,鼓楼区,乙街道,2000\n",
    )
    .expect("write");
    let (out, _) = json_report(
        "zh",
        "2026-01-01",
        &[
            "--select",
            "street-center-floor-area",
            centers.to_str().expect("path"),
        ],
    );
    let (got, _) = outcomes_and_codes(&out);
    assert_eq!(
        got,
        [("甲街道综合养老服务中心".to_string(), "unknown".to_string())],
        "{}",
        out.transcript()
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    let regions = dir.path().join("区划.csv");
    let homes = dir.path().join("机构.csv");
    std::fs::write(&regions, "名称,级别,上级\n祥符区,县,开封市\n").expect("write");
    std::fs::write(
        &homes,
        "名称,类型,县（区）,床位数\n某特困人员供养服务中心,县级特困供养服务机构,河南省,100\n",
    )
    .expect("write");
    let (out, _) = json_report(
        "zh",
        "2026-01-01",
        &[
            "--select",
            "county-has-support-institution",
            regions.to_str().expect("path"),
            homes.to_str().expect("path"),
        ],
    );
    let (got, _) = outcomes_and_codes(&out);
    assert_eq!(
        got,
        [("开封市祥符区".to_string(), "unknown".to_string())],
        "{}",
        out.transcript()
    );
}

/// A street whose 上级 is its city, or the province, is in one of its counties,
/// which is not said: a street center in 龙亭区 of its name may be its center, so
/// it is unknown, never "has no center"; under its county it passes.
#[test]
fn a_street_under_a_city_is_not_failed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let centers = dir.path().join("设施.csv");
    std::fs::write(
        &centers,
        "名称,类型,县（区）,街道,建筑面积（平方米）\n\
         某街道综合养老服务中心,街道综合养老服务中心,龙亭区,北书店街道,2000\n",
    )
    .expect("write");
    for (parent, outcome) in [("开封市", "unknown"), ("河南省", "unknown"), ("龙亭区", "")]
    {
        let regions = dir.path().join("区划.csv");
        std::fs::write(
            &regions,
            format!("名称,级别,上级\n北书店街道,街道,{parent}\n"),
        )
        .expect("write");
        let (out, doc) = json_report(
            "zh",
            "2026-01-01",
            &[
                "--select",
                "kaifeng-2022-2/street-has-center",
                regions.to_str().expect("path"),
                centers.to_str().expect("path"),
            ],
        );
        let (got, _) = outcomes_and_codes(&out);
        let want: Vec<(String, String)> = if outcome.is_empty() {
            Vec::new()
        } else {
            vec![("北书店街道".to_string(), outcome.to_string())]
        };
        assert_eq!(got, want, "{parent}: {}", out.transcript());
        assert_eq!(doc["summary"]["checks"], 1, "{parent}");
    }
}

/// A report by region files each record by what is known of its place: a city
/// with its county not said, a place not recognised and no place named are
/// three lines, not three alike.
#[test]
fn records_of_no_certain_place_are_filed_by_what_is_known() {
    let dir = tempfile::tempdir().expect("temp dir");
    let centers = dir.path().join("设施.csv");
    std::fs::write(
        &centers,
        "名称,类型,县（区）,街道,建筑面积（平方米）\n\
         甲街道综合养老服务中心,街道综合养老服务中心,开封市,甲街道,1800\n\
         乙街道综合养老服务中心,街道综合养老服务中心,,乙街道,1800\n\
         丙街道综合养老服务中心,街道综合养老服务中心,祥府区,丙街道,1800\n",
    )
    .expect("write");
    for (lang, labels) in [
        (
            "zh",
            ["开封市（未注明县区）", "（地区无法识别）", "（未注明地区）"],
        ),
        (
            "en",
            [
                "开封市 (county not named)",
                "(place not recognised)",
                "(no place named)",
            ],
        ),
    ] {
        let out = common::ylcheck(
            &[
                "--lang",
                lang,
                "check",
                "--summary",
                "--as-of",
                "2026-01-01",
                "--select",
                "street-center-floor-area",
                centers.to_str().expect("path"),
            ],
            None,
        );
        for l in labels {
            assert_eq!(out.stdout.matches(l).count(), 1, "{l}: {}", out.stdout);
        }
    }
}

/// A community whose 上级 is written as its county, as county tables often do, is
/// matched on its name and county: its center in that county passes it; no
/// center of its name in that county fails it.
#[test]
fn a_community_under_its_county_is_matched_on_the_county() {
    let dir = tempfile::tempdir().expect("temp dir");
    let centers = dir.path().join("设施.csv");
    std::fs::write(
        &centers,
        "名称,类型,县（区）,街道,社区,建筑面积（平方米）\n\
         双龙巷社区养老服务中心,社区养老服务中心,龙亭区,北书店街道,双龙巷社区,200\n",
    )
    .expect("write");
    for (parent, want) in [("龙亭区", None), ("鼓楼区", Some("fail"))] {
        let regions = dir.path().join("区划.csv");
        std::fs::write(
            &regions,
            format!("名称,级别,上级\n双龙巷社区,社区,{parent}\n"),
        )
        .expect("write");
        let (out, doc) = json_report(
            "zh",
            "2026-01-01",
            &[
                "--select",
                "kaifeng-2022-2/community-has-center",
                regions.to_str().expect("path"),
                centers.to_str().expect("path"),
            ],
        );
        let (got, _) = outcomes_and_codes(&out);
        let want: Vec<(String, String)> = want
            .map(|w| vec![("双龙巷社区".to_string(), w.to_string())])
            .unwrap_or_default();
        assert_eq!(got, want, "{parent}: {}", out.transcript());
        assert_eq!(doc["summary"]["checks"], 1, "{parent}");
    }
}
