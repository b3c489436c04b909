//! Plans and maps of tens of thousands of records, which are read whole: a
//! GeoJSON collection feature by feature, a TOML plan table by table. Every
//! record of a large file reads as the same record does in a small one, where it
//! is in the file included.

use crate::common;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Records repeat their figures every `KINDS`: record `i` is checked as record
/// `i % KINDS` is.
const KINDS: usize = 8;

/// Rules that judge a district or a facility by its own figures alone.
const RULES: [&str; 3] = [
    "kaifeng-2022-2/residential-care-floor-area",
    "kaifeng-2022-2/community-center-floor-area",
    "kaifeng-2022-2/district-land-area-matches-boundary",
];

fn dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("large_plans");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A generated record: its table, its name, its keys and values (as TOML and
/// JSON write them alike), and its place on a grid.
struct Made {
    entity: &'static str,
    name: String,
    keys: Vec<(&'static str, String)>,
    at: (f64, f64),
}

/// Record `i`.
fn record(i: usize) -> Made {
    let k = i % KINDS;
    let at = (
        114.30 + (i % 300) as f64 * 0.0004,
        34.70 + (i / 300) as f64 * 0.0004,
    );
    if i.is_multiple_of(2) {
        let status = ["\"新建\"", "\"已建成\""][k / 2 % 2];
        let mut keys = vec![
            ("status", status.to_string()),
            ("households", (600 + 40 * k).to_string()),
            ("care_floor_area", (100 + 30 * k).to_string()),
            ("land_area", "90000".to_string()),
        ];
        if status == "\"新建\"" {
            keys.push(("plot_completion", "\"40%\"".to_string()));
            keys.push(("care_started", "false".to_string()));
        }
        Made {
            entity: "district",
            name: format!("小区{i}"),
            keys,
            at,
        }
    } else {
        let keys = vec![
            ("kind", "\"社区养老服务设施\"".to_string()),
            ("floor_area", (150 + 20 * k).to_string()),
        ];
        Made {
            entity: "facility",
            name: format!("第{i}社区养老服务中心"),
            keys,
            at,
        }
    }
}

/// A GeoJSON collection of `n` records, one feature a line from line 2, each
/// district a small square and each facility a point; and each record's line.
fn geojson(n: usize) -> (String, Vec<usize>) {
    let mut text = String::from(
        "{\"type\": \"FeatureCollection\", \"name\": \"generated\", \"features\": [\n",
    );
    let mut lines = Vec::new();
    for i in 0..n {
        let Made {
            entity,
            name,
            keys,
            at: (x, y),
        } = record(i);
        let props: Vec<String> = keys.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
        let geometry = match entity {
            "district" => {
                let d = 0.0003;
                let ring = [(x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y)];
                let ring: Vec<String> = ring
                    .iter()
                    .map(|(a, b)| format!("[{a:.6}, {b:.6}]"))
                    .collect();
                format!(
                    "{{\"type\": \"Polygon\", \"coordinates\": [[{}]]}}",
                    ring.join(", ")
                )
            }
            _ => format!(
                "{{\"type\": \"Point\", \"coordinates\": [{:.6}, {:.6}]}}",
                x + 0.00035,
                y
            ),
        };
        text.push_str(&format!(
            "{}{{\"type\": \"Feature\", \"properties\": {{\"entity\": \"{entity}\", \"name\": \"{name}\", {}}}, \"geometry\": {geometry}}}\n",
            if i == 0 { "" } else { "," },
            props.join(", ")
        ));
        lines.push(i + 2);
    }
    text.push_str("]}\n");
    (text, lines)
}

/// A TOML plan of `n` records, one `[[table]]` each; and each record's line
/// (its header's).
fn toml(n: usize) -> (String, Vec<usize>) {
    let mut text = String::from("# generated\n[plan]\nname = \"generated\"\n\n");
    let mut lines = Vec::new();
    let mut line = 5;
    for i in 0..n {
        let Made {
            entity, name, keys, ..
        } = record(i);
        text.push_str(&format!("[[{entity}]]\nname = \"{name}\"\n"));
        for (k, v) in &keys {
            text.push_str(&format!("{k} = {v}\n"));
        }
        text.push('\n');
        lines.push(line);
        line += keys.len() + 3;
    }
    (text, lines)
}

/// Each finding of the per-record rules: (record, rule, outcome, line).
fn findings(path: &str) -> (serde_json::Value, BTreeSet<(usize, String, String, usize)>) {
    let mut args = vec![
        "check",
        "--format",
        "json",
        "--as-of",
        "2026-01-01",
        "--region",
        "开封市祥符区",
        "--fail-on",
        "never",
    ];
    for r in RULES {
        args.extend(["--select", r]);
    }
    args.push(path);
    let out = common::ylcheck_in(&dir(), &args, None);
    assert_eq!(out.code, 0, "{}", out.transcript());
    let doc = out.json();
    let found = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let name = f["record"].as_str().unwrap_or("");
            let digits: String = name.chars().filter(char::is_ascii_digit).collect();
            (
                digits.parse().unwrap_or_else(|_| panic!("{name}")),
                f["rule"].as_str().unwrap_or("").to_string(),
                f["outcome"].as_str().unwrap_or("").to_string(),
                f["location"]["line"].as_u64().unwrap_or(0) as usize,
            )
        })
        .collect();
    (doc, found)
}

/// The large file's findings are the small one's, record by record, each at
/// its own record's line; and every record is read.
fn reads_as_small(ext: &str, make: fn(usize) -> (String, Vec<usize>), n: usize) {
    let (small, small_lines) = make(KINDS);
    let (large, large_lines) = make(n);
    std::fs::write(dir().join(format!("small.{ext}")), small).unwrap();
    std::fs::write(dir().join(format!("large.{ext}")), &large).unwrap();
    assert!(large.len() > 2 << 20, "{} bytes", large.len());
    let (_, small_found) = findings(&format!("small.{ext}"));
    let (doc, large_found) = findings(&format!("large.{ext}"));
    assert!(!small_found.is_empty());
    let records: Vec<u64> = doc["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|x| x["records"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(records, [n as u64 / 2, n as u64 / 2], "{}", doc["inputs"]);
    // A finding's line is its record's, or its value's: as far into the record
    // in both files.
    let within = |i: usize, line: usize| line.checked_sub(small_lines[i]).expect("within");
    let (within, large_lines) = (&within, &large_lines);
    let expected: BTreeSet<(usize, String, String, usize)> = (0..n)
        .flat_map(|i| {
            small_found
                .iter()
                .filter(move |(k, ..)| *k == i % KINDS)
                .map(move |(k, rule, outcome, line)| {
                    let line = large_lines[i] + within(*k, *line);
                    (i, rule.clone(), outcome.clone(), line)
                })
        })
        .collect();
    assert_eq!(large_found.len(), expected.len());
    assert!(large_found == expected, "the large {ext} reads otherwise");
}

#[test]
fn a_large_geojson_map_reads_feature_by_feature() {
    reads_as_small("geojson", geojson, 12_000);
}

#[test]
fn a_large_toml_plan_reads_table_by_table() {
    reads_as_small("toml", toml, 24_000);
}
