//! `经度`/`纬度` columns locate a record: the sample plan's districts are checked
//! for the 15-minute circle, and a facility given only by its coordinates counts.

use crate::common;
use common::ylcheck;

fn json(args: &[&str]) -> serde_json::Value {
    let mut full = vec!["check", "--format", "json", "--as-of", "2026-01-01"];
    full.extend_from_slice(args);
    let out = ylcheck(&full, None);
    assert!(out.code == 0 || out.code == 1, "{}", out.transcript());
    out.json()
}

fn outcomes(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["record"].as_str().unwrap_or("").to_string(),
                f["outcome"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Every district of the sample plan is given by `lon`/`lat` (or `经度`/`纬度`):
/// all six are checked, five lie within 1000 m of a center, 书香苑 does not.
#[test]
fn the_sample_plan_is_checked_for_the_service_circle() {
    let doc = json(&[
        "--select",
        "kaifeng-2022-2/service-circle",
        "samples/kaifeng-plan.toml",
    ]);
    let s = &doc["summary"];
    assert_eq!(
        (&s["checks"], &s["passed"], &s["failed"], &s["unknown"]),
        (&6.into(), &5.into(), &1.into(), &0.into()),
        "{s}"
    );
    assert_eq!(outcomes(&doc), [("书香苑".to_string(), "fail".to_string())]);
}

/// A community center given only by 经度/纬度 serves a district 140 m away; a
/// district 1.5 km away fails; swapped, half and out-of-range pairs are unknown.
#[test]
fn coordinates_alone_place_a_facility() {
    let doc = json(&[
        "--region",
        "开封市祥符区",
        "--select",
        "kaifeng-2022-2/service-circle",
        "tests/bad/lonlat-facilities.csv",
        "tests/bad/lonlat-districts.csv",
    ]);
    let got = outcomes(&doc);
    let want: Vec<(String, String)> = [
        ("远郊苑", "fail"),
        ("纬度在前苑", "unknown"),
        ("缺纬度苑", "unknown"),
        ("越界苑", "unknown"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(got, want);
    assert_eq!(doc["summary"]["passed"], 1, "近邻苑 passes");
}

/// A GeoJSON feature with no geometry (`null`, or no `geometry` key) is located by
/// its 经度/纬度 (or lon/lat) properties, as a CSV row is; one with neither is a
/// record without a location, unknown where a rule needs one, never a fatal error.
#[test]
fn a_feature_without_geometry_is_located_by_its_coordinates() {
    for (lang, blank) in [("zh", "“位置”未填"), ("en", "`location` is blank")] {
        let out = ylcheck(
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
                "kaifeng-2022-2/service-circle",
                "tests/bad/unlocated-features.geojson",
            ],
            None,
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        let doc = out.json();
        let want: Vec<(String, String)> = [("远郊苑", "fail"), ("无址苑", "unknown")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(outcomes(&doc), want, "{doc}");
        assert_eq!(doc["summary"]["passed"], 1, "近邻苑 passes: {doc}");
        assert_eq!(doc["summary"]["records"], 4, "{doc}");
        let unknown = &doc["findings"][1]["message"];
        assert!(
            unknown.as_str().is_some_and(|m| m.contains(blank)),
            "{unknown}"
        );
    }
}

/// A district table locates its districts by `经度` and `纬度`: a row with both
/// blank is unknown, and says those two columns are blank, not a `位置` the table
/// does not have.
#[test]
fn blank_coordinates_are_named_as_the_table_heads_them() {
    let dir = tempfile::tempdir().unwrap();
    let districts = dir.path().join("districts.csv");
    let facilities = dir.path().join("facilities.csv");
    std::fs::write(
        &districts,
        "小区名称,建设状态,户数,养老服务设施建筑面积,经度,纬度\n金明小区,新建,500,200,,\n",
    )
    .unwrap();
    std::fs::write(
        &facilities,
        "名称,类型,县（区）,街道,经度,纬度\n城东站,社区养老服务设施,祥符区,城东街道,114.4,34.8\n",
    )
    .unwrap();
    let (d, f) = (districts.to_str().unwrap(), facilities.to_str().unwrap());
    for (lang, want) in [
        ("zh", "“经度”未填；“纬度”未填"),
        ("en", "`lon` is blank; `lat` is blank"),
    ] {
        let doc = json(&["--lang", lang, "--region", "开封市祥符区", d, f]);
        let circle = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["rule"] == "kaifeng-2022-2/service-circle")
            .unwrap_or_else(|| panic!("no service-circle finding: {doc:#}"));
        let message = circle["message"].as_str().unwrap();
        assert_eq!(circle["outcome"], "unknown", "{message}");
        assert!(message.contains(want), "{lang}: {message}");
        assert!(
            !message.contains("位置") && !message.contains("location"),
            "{message}"
        );
    }
}

/// Survey tables write a site in degrees, minutes and seconds: the same sites as
/// `coordinates_alone_place_a_facility`'s, so the same verdicts; a minute past 59
/// is no coordinate, so unknown.
#[test]
fn degrees_minutes_and_seconds_locate_a_record() {
    let dir = tempfile::tempdir().unwrap();
    let fac = dir.path().join("facilities.csv");
    std::fs::write(
        &fac,
        "名称,类型,县（区）,街道,社区,建筑面积,经度,纬度\n\
         东苑社区养老服务中心,社区养老服务设施,祥符区,城东街道,东苑社区,200,114°27′31.32″,34°46′26.76″\n",
    )
    .unwrap();
    let dis = dir.path().join("districts.csv");
    std::fs::write(
        &dis,
        "名称,建设状态,户数,养老服务设施建筑面积,经度,纬度\n\
         近邻苑,已建成,500,100,东经114°27'31.32\",北纬34°46'31.296\"\n\
         远郊苑,已建成,500,100,114度26分24.72秒,34度46分0.48秒\n\
         错分苑,已建成,500,100,114°61′,34°46′\n",
    )
    .unwrap();
    let doc = json(&[
        "--region",
        "开封市祥符区",
        "--select",
        "kaifeng-2022-2/service-circle",
        fac.to_str().unwrap(),
        dis.to_str().unwrap(),
    ]);
    let want: Vec<(String, String)> = [("远郊苑", "fail"), ("错分苑", "unknown")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(outcomes(&doc), want);
    assert_eq!(doc["summary"]["passed"], 1, "近邻苑 passes");
}
