//! `nearest(…)` names the record truly nearest, found against a scan of every
//! candidate: when every candidate is kilometres away, when two tie, and when one
//! that may count (its kind blank) is nearer, which leaves the answer unknown.

use crate::common;
use crate::worst_cases::far_centers;
use ylcheck::spatial::{Shape, distance, parse_cell};

const DISTRICTS: &str = "名称,县（区）,建设状态,户数,养老服务设施建筑面积（平方米）,经度,纬度\n";
const FACILITIES: &str = "名称,类型,县（区）,街道,经度,纬度\n";

/// Each finding of service-circle over the two CSVs: the district and its
/// message, in English.
fn findings(districts: &str, facilities: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("d.csv"), districts).expect("written");
    std::fs::write(dir.path().join("f.csv"), facilities).expect("written");
    let out = common::ylcheck_in(
        dir.path(),
        &[
            "--lang",
            "en",
            "check",
            "--no-config",
            "--format",
            "json",
            "--as-of",
            "2026-01-01",
            "--select",
            "kaifeng-2022-2/service-circle",
            "d.csv",
            "f.csv",
        ],
        None,
    );
    let doc = out.json();
    doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let field = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (field("record"), field("message"))
        })
        .collect()
}

/// The nearest a message names and how far it says it is: `None` where it says
/// the nearest cannot be computed.
fn named(message: &str) -> Option<(String, f64)> {
    let (_, rest) = message.split_once("; the nearest is ")?;
    let (name, far) = rest.split_once(", ")?;
    let metres = far.strip_suffix(" m away")?.parse().ok()?;
    Some((name.to_string(), metres))
}

/// Each row's first cell and the point of its last two, for a CSV written by
/// this module (no quoting).
fn rows(csv: &str) -> Vec<(String, String, Shape)> {
    csv.lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            let n = cells.len();
            let at = parse_cell(&format!("{},{}", cells[n - 2], cells[n - 1])).expect("a point");
            (cells[0].to_string(), cells[1].to_string(), at)
        })
        .collect()
}

/// The community center nearest to `at` by a scan of them all (the first listed
/// among equals), and its distance.
fn scanned(at: &Shape, facilities: &[(String, String, Shape)]) -> (String, f64) {
    let mut best: Option<(String, f64)> = None;
    for (name, kind, site) in facilities {
        let d = distance(at, site);
        if kind == "社区养老服务中心" && best.as_ref().is_none_or(|(_, bd)| d < *bd) {
            best = Some((name.clone(), d));
        }
    }
    best.expect("a center")
}

/// 300 districts, their nearest centers 2 to 30 km away in a cluster: each message
/// names the center a scan finds nearest, at the distance it measures.
#[test]
fn the_nearest_of_far_centers_is_the_one_a_scan_finds() {
    let (districts, centers) = far_centers(300);
    let (places, sites) = (rows(&districts), rows(&centers));
    let found = findings(&districts, &centers);
    assert_eq!(found.len(), 300);
    for ((district, message), (name, _, at)) in found.iter().zip(&places) {
        assert_eq!(district, name);
        let (center, metres) = named(message).unwrap_or_else(|| panic!("{message}"));
        let (want, exact) = scanned(at, &sites);
        assert_eq!(center, want, "{message}");
        assert!((metres - exact).abs() < 0.01, "{message}: {exact} m");
        assert!(exact > 2000.0, "{district} is {exact} m from its nearest");
    }
}

/// A facility of blank kind may be a community center: nearer than the nearest
/// that certainly is one, the nearest is unknown; farther, it does not matter,
/// even when every center is kilometres away. A nursing home is no candidate.
#[test]
fn a_nearer_facility_of_blank_kind_leaves_the_nearest_unknown() {
    let districts = format!(
        "{DISTRICTS}北苑,祥符区,已建成,100,20,114.300000,34.800000\n\
         东苑,祥符区,已建成,100,20,114.400000,34.800000\n\
         南苑,祥符区,已建成,100,20,114.250000,34.550000\n"
    );
    let facilities = format!(
        "{FACILITIES}甲中心,社区养老服务中心,祥符区,城关街道,114.335000,34.800000\n\
         乙中心,社区养老服务中心,祥符区,城关街道,114.430000,34.800000\n\
         未填,,祥符区,城关街道,114.300000,34.820000\n\
         养老院,养老机构,祥符区,城关街道,114.300000,34.810000\n"
    );
    let got: Vec<(String, Option<String>)> = findings(&districts, &facilities)
        .into_iter()
        .map(|(d, m)| {
            assert!(m.starts_with(&format!("{d} has no")), "{m}");
            (d, named(&m).map(|(n, _)| n))
        })
        .collect();
    let want = [
        ("北苑", None),
        ("东苑", Some("乙中心")),
        ("南苑", Some("甲中心")),
    ];
    let want: Vec<(String, Option<String>)> = want
        .iter()
        .map(|(d, n)| (d.to_string(), n.map(str::to_string)))
        .collect();
    assert_eq!(got, want);
}

/// Two centers at the same point, 3 km away: the one listed first is named,
/// whichever it is.
#[test]
fn of_two_centers_equally_near_the_first_listed_is_named() {
    let districts = format!("{DISTRICTS}北苑,祥符区,已建成,100,20,114.300000,34.800000\n");
    for (first, second) in [("甲中心", "乙中心"), ("乙中心", "甲中心")] {
        let facilities = format!(
            "{FACILITIES}{first},社区养老服务中心,祥符区,城关街道,114.335000,34.800000\n\
             {second},社区养老服务中心,祥符区,城关街道,114.335000,34.800000\n\
             丙中心,社区养老服务中心,祥符区,城关街道,114.300000,34.840000\n"
        );
        let found = findings(&districts, &facilities);
        let names: Vec<Option<String>> = found.iter().map(|(_, m)| named(m).map(|n| n.0)).collect();
        assert_eq!(names, [Some(first.to_string())], "{found:?}");
    }
}
