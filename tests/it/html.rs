//! `--format html`: the page for the samples (snapshots, zh and en, of what the
//! page says: its stylesheet and script are left out), and that no value from the
//! input can become markup.

use crate::common;
use common::ylcheck;

const AS_OF: &str = "2026-01-01";

#[test]
fn sample_reports() {
    for (name, path) in [
        ("map", "samples/kaifeng-plan.geojson"),
        ("plan", "samples/kaifeng-plan.toml"),
    ] {
        for lang in ["zh", "en"] {
            // The map names no place of its own; the plan does.
            let mut args = vec![
                "--lang", lang, "check", "--format", "html", "--as-of", AS_OF,
            ];
            if name == "map" {
                args.extend(["--region", "开封市"]);
            }
            args.push(path);
            let out = ylcheck(&args, None);
            assert_eq!(out.code, 1, "{}", out.transcript());
            let page = &out.stdout;
            assert!(page.starts_with("<!DOCTYPE html>"));
            // Self-contained: nothing is fetched.
            for outside in ["src=", "href=", "@import", "url("] {
                assert!(!page.contains(outside), "{outside} in the {name} report");
            }
            assert!(
                page.contains("<svg class=\"chart\""),
                "charts are inline SVG"
            );
            // Both have geometry: the map's polygons, the plan's 经度/纬度 points.
            assert!(
                page.contains("id=\"map\""),
                "a map when the input has geometry"
            );
            insta::assert_snapshot!(format!("{name}-html-{lang}"), common::page_content(page));
        }
    }
    // A table without coordinates has nothing to draw.
    let out = ylcheck(
        &[
            "check",
            "--format",
            "html",
            "--as-of",
            AS_OF,
            "samples/kaifeng-facilities-gbk.csv",
        ],
        None,
    );
    assert!(
        out.stdout.starts_with("<!DOCTYPE html>"),
        "{}",
        out.transcript()
    );
    assert!(
        !out.stdout.contains("id=\"map\""),
        "no map without geometry"
    );
}

#[test]
fn summary_counts_match_the_json_report() {
    let path = "samples/kaifeng-plan.toml";
    let json = ylcheck(&["check", "--format", "json", "--as-of", AS_OF, path], None);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let html = ylcheck(&["check", "--format", "html", "--as-of", AS_OF, path], None);
    for key in [
        "records", "checks", "passed", "failed", "unknown", "errors", "warnings",
    ] {
        let want = format!(
            "<dd id=\"sum-{key}\">{}</dd>",
            doc["summary"][key].as_u64().expect("count")
        );
        assert!(html.stdout.contains(&want), "{want}");
    }
    // One row per finding.
    let rows = html.stdout.matches("<tr data-severity=").count();
    assert_eq!(rows, doc["findings"].as_array().expect("findings").len());
}

#[test]
fn cell_values_cannot_inject_markup() {
    let csv = "名称,类型,服务功能,建筑面积（平方米）\n\
<script>alert(1)</script>,街道综合养老服务中心,\"\"\"><img src=x onerror=alert(2)>\",1800\n";
    let out = ylcheck(
        &[
            "check",
            "--format",
            "html",
            "--as-of",
            AS_OF,
            "--region",
            "开封市",
            "-",
        ],
        Some(csv.as_bytes()),
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    let page = &out.stdout;
    assert!(!page.contains("<script>alert"), "record name");
    assert!(!page.contains("<img"), "services");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
    // The page's own script is the only one.
    assert_eq!(page.matches("<script").count(), 1);
}

/// The page's map draws at most `MAP_LIMIT` records, the first in input order,
/// and its legend says how many it left out: held traces stay bounded however
/// many records have a site.
#[test]
fn map_draws_at_most_its_limit() {
    let extra = 7;
    let n = ylcheck::run::MAP_LIMIT + extra;
    let mut csv = String::from("名称,类型,县（区）,床位数,护理型床位数,经度,纬度\n");
    for i in 0..n {
        let (x, y) = (i % 200, i / 200);
        csv.push_str(&format!(
            "院{i},养老机构,龙亭区,100,60,{:.5},{:.5}\n",
            114.3 + 0.0005 * x as f64,
            34.8 + 0.0005 * y as f64
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.csv");
    std::fs::write(&path, csv).unwrap();
    let path = path.to_str().unwrap();
    for (lang, note) in [
        (
            "zh",
            format!(
                "只画出前 {} 条有几何图形的记录，另有 {extra} 条未画出",
                n - extra
            ),
        ),
        (
            "en",
            format!(
                "only the first {} records with a geometry are drawn; {extra} more are not",
                n - extra
            ),
        ),
    ] {
        let args = [
            "--lang",
            lang,
            "check",
            "--format",
            "html",
            "--as-of",
            AS_OF,
            "--allow-empty",
            path,
        ];
        let out = ylcheck(&args, None);
        assert_eq!(out.code, 0, "{}", out.transcript());
        let page = &out.stdout;
        assert!(page.contains(&note), "{note}");
        assert_eq!(page.matches("<title>院").count(), n - extra);
        assert!(page.contains("<title>院0 "));
        assert!(!page.contains(&format!("<title>院{} ", n - extra)));
    }
}
