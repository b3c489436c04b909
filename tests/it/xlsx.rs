//! Excel input end to end: a workbook as a bureau makes it (a title row, a merged
//! two-row header, several sheets of different entities, a formula error), checked
//! by the binary, with every finding located as `file.xlsx!Sheet!C12`.

use crate::common;
use common::ylcheck;
use rust_xlsxwriter::{Format, Formula, Workbook, XlsxError};

fn workbook() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let plain = Format::new();

    // Facilities under a title row merged across the table.
    let ws = wb.add_worksheet().set_name("设施")?;
    ws.merge_range(0, 0, 0, 9, "开封市祥符区养老服务设施情况表", &plain)?;
    let header = [
        "序号",
        "名称",
        "类型",
        "县（区）",
        "街道",
        "建筑面积（平方米）",
        "床位数",
        "护理型床位数",
        "嵌入式床位数",
        "服务功能",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h)?;
    }
    let services = "全托、日托、上门服务、运营家庭养老床位";
    // Row 3: 1800 m² at F3, short of 2000 m².
    ws.write_number(2, 0, 1)?;
    ws.write_string(2, 1, "城东街道综合养老服务中心")?;
    ws.write_string(2, 2, "街道综合养老服务中心")?;
    ws.write_string(2, 3, "祥符区")?;
    ws.write_string(2, 4, "城东街道")?;
    ws.write_number(2, 5, 1800.0)?;
    ws.write_number(2, 6, 60)?;
    ws.write_number(2, 7, 36)?;
    ws.write_number(2, 8, 50)?;
    ws.write_string(2, 9, services)?;
    // Row 4: the floor area is a formula that failed: unknown, at F4.
    ws.write_number(3, 0, 2)?;
    ws.write_string(3, 1, "城西街道综合养老服务中心")?;
    ws.write_string(3, 2, "街道综合养老服务中心")?;
    ws.write_string(3, 3, "祥符区")?;
    ws.write_string(3, 4, "城西街道")?;
    ws.write_formula(3, 5, Formula::new("=F3/0").set_result("#DIV/0!"))?;
    ws.write_number(3, 6, 60)?;
    ws.write_number(3, 7, 33)?;
    ws.write_number(3, 8, 55)?;
    ws.write_string(3, 9, services)?;

    // An institution under a two-row header: 床位（张） over 总数 / 护理型.
    let ws = wb.add_worksheet().set_name("特困供养")?;
    ws.merge_range(0, 0, 1, 0, "机构名称", &plain)?;
    ws.merge_range(0, 1, 1, 1, "类型", &plain)?;
    ws.merge_range(0, 2, 1, 2, "县（区）", &plain)?;
    ws.merge_range(0, 3, 1, 3, "建筑面积（平方米）", &plain)?;
    ws.merge_range(0, 4, 0, 5, "床位（张）", &plain)?;
    ws.write_string(1, 4, "总数")?;
    ws.write_string(1, 5, "护理型")?;
    ws.write_string(2, 0, "祥符区特困人员供养服务中心")?;
    ws.write_string(2, 1, "县级特困供养服务机构")?;
    ws.write_string(2, 2, "祥符区")?;
    ws.write_number(2, 3, 3600)?;
    ws.write_number(2, 4, 120)?;
    ws.write_number(2, 5, 100)?;

    // The county, with its care land in 亩 written as a plain number.
    let ws = wb.add_worksheet().set_name("区划")?;
    let header = [
        "名称",
        "级别",
        "上级",
        "常住人口",
        "60岁以上老年人口",
        "养老服务设施用地面积（亩）",
        "家庭养老床位",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h)?;
    }
    ws.write_string(1, 0, "祥符区")?;
    ws.write_string(1, 1, "县")?;
    ws.write_string(1, 2, "开封市")?;
    ws.write_number(1, 3, 578_000)?;
    ws.write_number(1, 4, 125_000)?;
    ws.write_number(1, 5, 172.5)?;
    ws.write_number(1, 6, 900)?;
    for (r, (name, level, parent)) in [
        ("城东街道", "街道", "祥符区"),
        ("城西街道", "街道", "祥符区"),
    ]
    .into_iter()
    .enumerate()
    {
        let r = r as u32 + 2;
        ws.write_string(r, 0, name)?;
        ws.write_string(r, 1, level)?;
        ws.write_string(r, 2, parent)?;
    }

    // Notes: no table at all, skipped with a warning.
    let ws = wb.add_worksheet().set_name("填表说明")?;
    ws.write_string(0, 0, "填表说明")?;
    ws.write_string(1, 0, "1.")?;
    ws.write_string(1, 1, "面积以平方米为单位")?;
    wb.save_to_buffer()
}

/// Writes the workbook into a fresh directory; returns it and the file's path
/// relative to nothing (absolute), to be redacted in snapshots.
fn write_workbook() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("x.xlsx");
    std::fs::write(&path, workbook().expect("workbook")).expect("write");
    let path = path.to_str().expect("utf-8 path").to_string();
    (dir, path)
}

fn redact(text: &str, dir: &tempfile::TempDir) -> String {
    let d = dir.path().to_str().expect("utf-8 path");
    text.replace(&format!("{d}/"), "")
}

#[test]
fn workbook_json_report() {
    let (dir, path) = write_workbook();
    let out = ylcheck(
        &[
            "--lang",
            "zh",
            "check",
            "--as-of",
            "2026-01-01",
            "--region",
            "开封市祥符区",
            "--format",
            "json",
            &path,
        ],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    let json = out.json();
    let floor = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "kaifeng-2022-2/street-center-floor-area" && f["outcome"] == "fail")
        .expect("the 1800 m² center fails");
    let loc = &floor["location"];
    assert!(
        loc["path"].as_str().unwrap().ends_with("x.xlsx!设施"),
        "{loc}"
    );
    assert_eq!(
        (&loc["line"], &loc["column"], &loc["cell"]),
        (&3.into(), &6.into(), &"F3".into())
    );
    insta::assert_snapshot!("xlsx-json", redact(&out.transcript(), &dir));
}

#[test]
fn workbook_human_report() {
    let (dir, path) = write_workbook();
    for lang in ["zh", "en"] {
        let out = ylcheck(
            &[
                "--lang",
                lang,
                "check",
                "--as-of",
                "2026-01-01",
                "--region",
                "开封市祥符区",
                &path,
            ],
            None,
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        let text = redact(&out.transcript(), &dir);
        assert!(text.contains("x.xlsx!设施!F3"), "{text}");
        assert!(text.contains("x.xlsx!设施!F4"), "{text}");
        assert!(text.contains("x.xlsx!填表说明"), "{text}");
        insta::assert_snapshot!(format!("xlsx-human-{lang}"), text);
    }
}

/// A workbook on standard input is recognised by its ZIP signature.
#[test]
fn workbook_on_stdin() {
    let bytes = workbook().expect("workbook");
    let out = ylcheck(
        &[
            "check",
            "--as-of",
            "2026-01-01",
            "--region",
            "开封市祥符区",
            "--format",
            "json",
            "-",
        ],
        Some(&bytes),
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    assert!(
        out.stdout
            .contains(r#""path":"-!设施","line":3,"column":6,"cell":"F3""#),
        "{}",
        out.stdout
    );
}

#[test]
fn corrupt_workbook() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.xlsx");
    let mut bytes = workbook().expect("workbook");
    bytes.truncate(bytes.len() / 3);
    std::fs::write(&path, bytes).expect("write");
    let out = ylcheck(&["--lang", "en", "check", path.to_str().unwrap()], None);
    assert_eq!(out.code, 2, "{}", out.transcript());
    assert!(out.stderr.contains("ylcheck::data::xlsx"), "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
}

/// A workbook of a few kilobytes whose sheet inflates to 20 MiB of whitespace
/// between two tags: refused from the part's inflated bytes, counted in a fixed
/// buffer before calamine reads the sheet (which would hold the run in memory).
#[test]
fn a_sheet_that_inflates_past_its_limit_is_refused() {
    use std::io::{Read, Write};
    let plain = workbook().expect("workbook");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(plain)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).expect("part");
        let name = part.name().expect("name").to_string();
        let mut xml = Vec::new();
        part.read_to_end(&mut xml).expect("read");
        if name == "xl/worksheets/sheet1.xml" {
            let at = xml
                .windows(11)
                .position(|w| w == b"<sheetData>")
                .expect("sheetData")
                + 11;
            let mut bomb = xml[..at].to_vec();
            bomb.extend(std::iter::repeat_n(b' ', 20 << 20));
            bomb.extend(&xml[at..]);
            xml = bomb;
        }
        out.start_file(name, options).expect("start");
        out.write_all(&xml).expect("write");
    }
    let bytes = out.finish().expect("finish").into_inner();
    assert!(bytes.len() < 200 << 10, "{} bytes", bytes.len());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bomb.xlsx");
    std::fs::write(&path, bytes).expect("write");
    for (lang, words) in [("en", "run of text"), ("zh", "文字或标记")] {
        let out = ylcheck(&["--lang", lang, "check", path.to_str().unwrap()], None);
        assert_eq!(out.code, 2, "{}", out.transcript());
        assert!(
            out.stderr.contains("ylcheck::data::too_large"),
            "{}",
            out.stderr
        );
        assert!(
            out.stderr.contains("xl/worksheets/sheet1.xml"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains(words), "{}", out.stderr);
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    }
}

/// The JSON report of checking workbook `wb`, saved as `name`, with `args`, on
/// 2026-01-01; the directory holding it goes with it.
fn check_book(
    wb: &mut Workbook,
    name: &str,
    args: &[&str],
) -> (tempfile::TempDir, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, wb.save_to_buffer().unwrap()).unwrap();
    let path = path.to_string_lossy().into_owned();
    let mut all = vec!["check", "--format", "json", "--as-of", "2026-01-01", &path];
    all.extend_from_slice(args);
    (dir, ylcheck(&all, None).json())
}

/// A share a workbook shows as `69.00%` (stored 0.69 under the format `0.00%`) is
/// the table's 69.00 %, and 55 done of 80 (68.75 %) does not agree with it; read as
/// a bare `69%` it would have, to the nearest point.
#[test]
fn a_share_is_held_to_the_decimals_the_sheet_shows() {
    let mut wb = Workbook::new();
    let two = Format::new().set_num_format("0.00%");
    let ws = wb.add_worksheet().set_name("附件1").unwrap();
    for (c, h) in [
        "单位",
        "街道综合养老中心目标数",
        "街道综合养老中心完成数",
        "街道综合养老中心占比",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "郏县").unwrap();
    ws.write_number(1, 1, 80).unwrap();
    ws.write_number(1, 2, 55).unwrap();
    ws.write_number_with_format(1, 3, 0.69, &two).unwrap();
    let rule = "pingdingshan-2021-54/reported-ratios";
    let (_dir, report) = check_book(
        &mut wb,
        "附件1.xlsx",
        &["--region", "平顶山市", "--select", rule],
    );
    let found: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["outcome"].as_str().unwrap(),
                f["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "fail", "{found:?}");
    assert!(found[0].1.contains("69.00%"), "{found:?}");
}

/// A hidden sheet holding an old copy of the visible table (the same facilities,
/// stale figures) does not speak for them: whatever the sheets' order, the visible
/// row is checked and counted, and the hidden one is reported as a repeat, neither
/// checked nor counted. A hidden row that repeats nothing is still read as data.
#[test]
fn a_hidden_stale_copy_gives_way_to_the_visible_table() {
    let mut wb = Workbook::new();
    let header = ["名称", "类型", "县（区）", "街道", "建筑面积（平方米）"];
    let row = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, name: &str, street: &str, area: f64| {
        ws.write_string(r, 0, name)?;
        ws.write_string(r, 1, "街道综合养老服务中心")?;
        ws.write_string(r, 2, "祥符区")?;
        ws.write_string(r, 3, street)?;
        ws.write_number(r, 4, area)?;
        Ok::<(), XlsxError>(())
    };
    {
        let old = wb.add_worksheet().set_name("旧表").unwrap();
        for (c, h) in header.iter().enumerate() {
            old.write_string(0, c as u16, *h).unwrap();
        }
        row(old, 1, "城东街道综合养老服务中心", "城东街道", 1800.0).unwrap();
        row(old, 2, "城西街道综合养老服务中心", "城西街道", 1500.0).unwrap();
        old.set_hidden(true);
    }
    {
        let ws = wb.add_worksheet().set_name("设施").unwrap();
        for (c, h) in header.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        row(ws, 1, "城东街道综合养老服务中心", "城东街道", 2100.0).unwrap();
        ws.set_active(true);
    }
    let rule = "kaifeng-2022-2/street-center-floor-area";
    let (_dir, report) = check_book(
        &mut wb,
        "设施.xlsx",
        &["--region", "开封市", "--select", rule],
    );
    let found: Vec<(&str, &str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["outcome"].as_str().unwrap(),
                f["record"].as_str().unwrap(),
                f["location"]["cell"].as_str().unwrap_or(""),
            )
        })
        .collect();
    // The stale 1800 m² is not judged; the hidden row repeating nothing is.
    assert_eq!(
        found,
        [("fail", "城西街道综合养老服务中心", "E3")],
        "{report}"
    );
    assert_eq!(report["summary"]["passed"], 1, "{report}");
    let warnings = report["diagnostics"].to_string();
    assert!(
        warnings.contains("隐藏的工作表") && warnings.contains("以可见的为准"),
        "{warnings}"
    );
}
