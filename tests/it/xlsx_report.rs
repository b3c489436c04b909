//! The findings workbook (`--format xlsx`) and the annotated copies
//! (`--annotate DIR`), read back with calamine: sheets, values and their types,
//! fills and notes, sorting by county, both languages, and text that looks like a
//! formula staying text.

use crate::common;
use calamine::{Data, Reader, Xlsx};
use common::ylcheck_in;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, XlsxError};
use std::io::{Cursor, Read};
use std::path::Path;

/// Facilities of three counties, out of county order, named like formulas.
const FACILITIES: &str = "\
名称,类型,县（区）,街道,建筑面积（平方米）,床位数,护理型床位数,嵌入式床位数,服务功能,运营方式
\"=HYPERLINK(\"\"http://example.com\"\",\"\"点我\"\")\",街道综合养老服务中心,鼓楼区,州桥街道,1800,60,36,50,全托、日托、上门服务、运营家庭养老床位,公建民营
+86中心,街道综合养老服务中心,龙亭区,北书店街道,,60,34,50,全托、日托、上门服务、运营家庭养老床位,公建民营
-1 中心,街道综合养老服务中心,鼓楼区,相国寺街道,2000,60,20,50,全托、日托、上门服务、运营家庭养老床位,公建民营
@SUM(A1),街道综合养老服务中心,兰考县,城关镇,1900,0123,34,50,全托、日托、上门服务、运营家庭养老床位,公建民营
";

/// One more 鼓楼区 center, in GBK as Excel exports it: its floor area is short.
const MORE: &str = "\
名称,类型,县（区）,街道,建筑面积（平方米）,床位数,护理型床位数,嵌入式床位数,服务功能,运营方式
五一街道综合养老服务中心,街道综合养老服务中心,鼓楼区,五一街道,1999.5,60,36,50,全托、日托、上门服务、运营家庭养老床位,公建民营
";

/// A workbook as a bureau makes it: a merged title row, a 龙亭区 center with a
/// failed formula for its floor area, and a sheet of notes with a date, a
/// percentage, a yes/no, a formula's saved value and a text that starts with `=`,
/// hidden.
fn workbook() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("设施")?;
    ws.merge_range(0, 0, 0, 9, "开封市养老服务设施情况表", &Format::new())?;
    let header = [
        "名称",
        "类型",
        "县（区）",
        "街道",
        "建筑面积（平方米）",
        "床位数",
        "护理型床位数",
        "嵌入式床位数",
        "服务功能",
        "运营方式",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h)?;
    }
    ws.write_string(2, 0, "北道门街道综合养老服务中心")?;
    ws.write_string(2, 1, "街道综合养老服务中心")?;
    ws.write_string(2, 2, "龙亭区")?;
    ws.write_string(2, 3, "北道门街道")?;
    ws.write_formula(2, 4, Formula::new("=1/0").set_result("#DIV/0!"))?;
    ws.write_number(2, 5, 60)?;
    ws.write_number(2, 6, 40)?;
    ws.write_number(2, 7, 55)?;
    ws.write_string(2, 8, "全托、日托、上门服务、运营家庭养老床位")?;
    ws.write_string(2, 9, "公建民营")?;
    let ws = wb.add_worksheet().set_name("填表说明")?;
    ws.set_hidden(true);
    ws.write_string(0, 0, "填报日期")?;
    let day = ExcelDateTime::from_ymd(2025, 12, 31)?;
    ws.write_datetime_with_format(0, 1, &day, &Format::new().set_num_format("yyyy-mm-dd"))?;
    ws.write_string(1, 0, "完成率")?;
    ws.write_number_with_format(1, 1, 0.625, &Format::new().set_num_format("0.0%"))?;
    ws.write_string(2, 0, "已审核")?;
    ws.write_boolean(2, 1, true)?;
    ws.write_string(3, 0, "合计")?;
    ws.write_formula(3, 1, Formula::new("=1+2").set_result("3"))?;
    ws.write_string(4, 0, "=1+1")?;
    wb.save_to_buffer()
}

/// A directory holding `a/设施.csv`, `b/设施.csv` (GBK) and `c/设施.xlsx`.
fn inputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for d in ["a", "b", "c"] {
        std::fs::create_dir(dir.path().join(d)).expect("dir");
    }
    std::fs::write(dir.path().join("a/设施.csv"), FACILITIES).expect("write");
    let (gbk, _, bad) = encoding_rs::GBK.encode(MORE);
    assert!(!bad);
    std::fs::write(dir.path().join("b/设施.csv"), gbk).expect("write");
    std::fs::write(
        dir.path().join("c/设施.xlsx"),
        workbook().expect("workbook"),
    )
    .expect("write");
    dir
}

const INPUTS: [&str; 3] = ["a/设施.csv", "b/设施.csv", "c/设施.xlsx"];

/// A cell value with its type: `s` text, `n` number, `b` yes/no, `d` date, `e` error.
fn typed(v: &Data) -> String {
    match v {
        Data::String(s) => format!("s:{s}"),
        Data::Float(f) => format!("n:{f}"),
        Data::Int(i) => format!("n:{i}"),
        Data::Bool(b) => format!("b:{b}"),
        Data::DateTime(d) => format!("d:{}", d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => format!("d:{s}"),
        Data::Error(e) => format!("e:{e}"),
        Data::Empty => String::new(),
    }
}

fn cell_name(r: u32, c: u32) -> String {
    let mut n = c + 1;
    let mut col = String::new();
    while n > 0 {
        col.insert(0, char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    format!("{col}{}", r + 1)
}

/// Each sheet's notes, by cell, read from the workbook's comment parts.
fn notes(bytes: &[u8], sheet: usize) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let rels = format!("xl/worksheets/_rels/sheet{sheet}.xml.rels");
    let Ok(mut part) = zip.by_name(&rels) else {
        return Vec::new();
    };
    let mut xml = String::new();
    part.read_to_string(&mut xml).expect("rels");
    drop(part);
    let target = regex::Regex::new(r#"Target="\.\./(comments\d+\.xml)""#).unwrap();
    let Some(name) = target.captures(&xml).map(|c| c[1].to_string()) else {
        return Vec::new();
    };
    let mut xml = String::new();
    zip.by_name(&format!("xl/{name}"))
        .expect("comments")
        .read_to_string(&mut xml)
        .expect("read");
    let comment =
        regex::Regex::new(r#"(?s)<comment ref="([A-Z]+\d+)"[^>]*>(.*?)</comment>"#).unwrap();
    let text = regex::Regex::new(r"(?s)<t(?:\s[^>]*)?>(.*?)</t>").unwrap();
    comment
        .captures_iter(&xml)
        .map(|c| {
            let t: String = text
                .captures_iter(&c[2])
                .map(|t| t[1].to_string())
                .collect();
            let t = t
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            (c[1].to_string(), t)
        })
        .collect()
}

/// A workbook as text: each sheet with its visibility, merged ranges, frozen
/// panes and filter, then every non-blank or filled cell with its type, fill and
/// note.
fn read_book(bytes: &[u8]) -> String {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a workbook");
    let sheets: Vec<(String, String)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), format!("{:?}", s.visible)))
        .collect();
    let mut out = String::new();
    for (i, (name, visible)) in sheets.iter().enumerate() {
        out.push_str(&format!("== {name} ({visible})\n"));
        let xml = part(bytes, &format!("xl/worksheets/sheet{}.xml", i + 1));
        for (what, re) in [
            ("merged", r#"<mergeCell ref="([^"]+)""#),
            (
                "frozen",
                r#"<pane [^>]*topLeftCell="([^"]+)"[^>]*state="frozen""#,
            ),
            ("filter", r#"<autoFilter ref="([^"]+)""#),
        ] {
            for c in regex::Regex::new(re).unwrap().captures_iter(&xml) {
                out.push_str(&format!("   {what} {}\n", &c[1]));
            }
        }
        // Formulas would be code in the reader's Excel: there must be none.
        let formulas = wb.worksheet_formula(name).expect("formulas");
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} holds formulas"
        );
        let range = wb.worksheet_range(name).expect("sheet");
        let styles = wb.worksheet_style(name).expect("styles");
        let notes = notes(bytes, i + 1);
        let mut cells: Vec<(u32, u32, String)> = range
            .used_cells()
            .map(|(r, c, v)| {
                let (r, c) = (
                    r as u32 + range.start().unwrap().0,
                    c as u32 + range.start().unwrap().1,
                );
                (r, c, typed(v))
            })
            .collect();
        for (r, c, style) in styles.cells() {
            if style.fill.as_ref().is_some_and(|f| f.is_visible())
                && !cells.iter().any(|x| (x.0, x.1) == (r, c))
            {
                cells.push((r, c, String::new()));
            }
        }
        cells.sort();
        for (r, c, v) in cells {
            let at = cell_name(r, c);
            let mut line = format!("{at} {v}");
            if let Some(color) = styles
                .get((r, c))
                .and_then(|s| s.fill.as_ref())
                .filter(|f| f.is_visible())
                .and_then(|f| f.get_color())
            {
                line.push_str(&format!(
                    " [fill {:02X}{:02X}{:02X}]",
                    color.red, color.green, color.blue
                ));
            }
            if let Some(code) = styles
                .get((r, c))
                .and_then(|s| s.number_format.as_ref())
                .filter(|n| n.format_code != "General")
            {
                line.push_str(&format!(" [format {}]", code.format_code));
            }
            if let Some((_, n)) = notes.iter().find(|(cell, _)| *cell == at) {
                line.push_str(&format!(" [note {}]", n.replace('\n', " ⏎ ")));
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut s = String::new();
    if let Ok(mut p) = zip.by_name(name) {
        p.read_to_string(&mut s).expect("read");
    }
    s
}

fn check_args<'a>(lang: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "--lang",
        lang,
        "check",
        "--no-config",
        "--as-of",
        "2026-01-01",
    ];
    args.extend_from_slice(extra);
    args.extend_from_slice(&INPUTS);
    args
}

#[test]
fn findings_workbook_in_both_languages() {
    let dir = inputs();
    for lang in ["zh", "en"] {
        let out = ylcheck_in(
            dir.path(),
            &check_args(lang, &["--format", "xlsx", "-o", "findings.xlsx"]),
            None,
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        assert!(out.stdout.is_empty(), "{}", out.stdout);
        let bytes = std::fs::read(dir.path().join("findings.xlsx")).expect("written");
        let text = read_book(&bytes);
        insta::assert_snapshot!(format!("findings-{lang}"), text);
    }
}

/// The findings sheet: one row per finding, by county in the gazetteer's order
/// (龙亭区, 鼓楼区, 兰考县), then by file and cell; every text from the data a
/// string, whatever it starts with.
#[test]
fn findings_are_sorted_by_county_and_stay_text() {
    let dir = inputs();
    let out = ylcheck_in(
        dir.path(),
        &check_args("zh", &["--format", "xlsx", "-o", "findings.xlsx"]),
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    let bytes = std::fs::read(dir.path().join("findings.xlsx")).expect("written");
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(&bytes[..])).expect("a workbook");
    let rows = wb.worksheet_range("问题").expect("findings sheet");
    let rows: Vec<Vec<Data>> = rows.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(
        rows[0].iter().map(typed).collect::<Vec<_>>(),
        [
            "s:县区",
            "s:文件",
            "s:工作表",
            "s:单元格",
            "s:记录",
            "s:规则",
            "s:问题",
            "s:实际",
            "s:要求",
            "s:差额",
            "s:依据",
            "s:状态"
        ]
    );
    let counties: Vec<String> = rows[1..].iter().map(|r| typed(&r[0])).collect();
    let order = ["s:开封市龙亭区", "s:开封市鼓楼区", "s:开封市兰考县"];
    let rank = |c: &String| order.iter().position(|o| o == c).expect("a county");
    assert!(
        counties.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])),
        "{counties:?}"
    );
    let places: Vec<(String, String)> = rows[1..]
        .iter()
        .map(|r| (typed(&r[1]), typed(&r[3])))
        .collect();
    assert_eq!(
        places,
        [
            ("s:a/设施.csv".into(), "s:E3".into()),
            ("s:c/设施.xlsx".into(), "s:E3".into()),
            ("s:a/设施.csv".into(), "s:E2".into()),
            ("s:a/设施.csv".into(), "s:G4".into()),
            ("s:b/设施.csv".into(), "s:E2".into()),
            ("s:a/设施.csv".into(), "s:E5".into()),
            ("s:a/设施.csv".into(), "s:G5".into()),
        ]
    );
    for record in [
        "=HYPERLINK(\"http://example.com\",\"点我\")",
        "+86中心",
        "-1 中心",
        "@SUM(A1)",
    ] {
        assert!(
            rows.iter().any(|r| r[4] == Data::String(record.into())),
            "{record} is not a text cell"
        );
    }
}

#[test]
fn xlsx_without_an_output_file_is_refused() {
    let dir = inputs();
    for lang in ["zh", "en"] {
        let out = ylcheck_in(dir.path(), &check_args(lang, &["--format", "xlsx"]), None);
        assert_eq!(out.code, 2, "{}", out.transcript());
        assert!(out.stdout.is_empty());
        insta::assert_snapshot!(format!("xlsx-needs-output-{lang}"), out.transcript());
    }
}

/// A copy of each CSV and workbook, named apart, the cells at fault filled and
/// noted, values as they were (text text, numbers numbers, a date a date).
#[test]
fn annotated_copies() {
    let dir = inputs();
    let before = std::fs::read(dir.path().join("c/设施.xlsx")).expect("input");
    for lang in ["zh", "en"] {
        let marked = format!("marked-{lang}");
        let out = ylcheck_in(
            dir.path(),
            &check_args(lang, &["--annotate", &marked]),
            None,
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        let tail: String = out
            .stderr
            .lines()
            .filter(|l| l.starts_with("标注副本") || l.starts_with("annotated copy"))
            .map(|l| format!("{l}\n"))
            .collect();
        let mut text = format!("--- stderr (the copies)\n{tail}");
        for name in ["设施.xlsx", "设施-2.xlsx", "设施-3.xlsx"] {
            let bytes = std::fs::read(dir.path().join(&marked).join(name)).expect("a copy");
            text.push_str(&format!("--- {name}\n{}", read_book(&bytes)));
        }
        insta::assert_snapshot!(format!("annotated-{lang}"), text);
    }
    assert_eq!(
        std::fs::read(dir.path().join("c/设施.xlsx")).expect("input"),
        before,
        "the input is untouched"
    );
}

/// DIR is an input's own directory: its copy takes another name, and the input
/// stays as it was; a DIR that is a file is refused before anything is checked.
#[test]
fn annotating_never_replaces_an_input() {
    let dir = inputs();
    let before = std::fs::read(dir.path().join("c/设施.xlsx")).expect("input");
    let out = ylcheck_in(
        dir.path(),
        &check_args(
            "en",
            &["--annotate", "c", "--format", "json", "-o", "c/report.json"],
        ),
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    assert_eq!(
        std::fs::read(dir.path().join("c/设施.xlsx")).expect("input"),
        before
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("c"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "report.json",
            "设施-2.xlsx",
            "设施-3.xlsx",
            "设施-4.xlsx",
            "设施.xlsx"
        ]
    );
    // The report knows each finding's county.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("c/report.json")).expect("report"))
            .expect("JSON");
    let regions: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["region"].as_str().expect("a region"))
        .collect();
    assert!(regions.contains(&"开封市兰考县"), "{regions:?}");

    std::fs::write(dir.path().join("file"), "x").expect("write");
    let out = ylcheck_in(dir.path(), &check_args("en", &["--annotate", "file"]), None);
    assert_eq!(out.code, 2, "{}", out.transcript());
    assert!(
        out.stderr.contains("--annotate names a directory"),
        "{}",
        out.stderr
    );
}

/// The findings workbook and the annotated copies open in LibreOffice: converted
/// to PDF, headless, where `soffice` is installed; skipped, saying so, where it is
/// not, unless YLCHECK_OFFICE_TEST=require (as in CI).
#[test]
fn workbooks_convert_to_pdf_in_libreoffice() {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|s| {
        std::process::Command::new(s)
            .arg("--version")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|st| st.success())
    });
    let Some(soffice) = soffice else {
        assert!(
            std::env::var("YLCHECK_OFFICE_TEST").as_deref() != Ok("require"),
            "YLCHECK_OFFICE_TEST=require, but no soffice (LibreOffice) is on PATH"
        );
        // Written past the test harness's capture, so the skip shows in every run.
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"skipped: workbooks_convert_to_pdf_in_libreoffice: no soffice (LibreOffice) on PATH\n",
        );
        return;
    };
    let dir = inputs();
    let out = ylcheck_in(
        dir.path(),
        &check_args(
            "zh",
            &[
                "--format",
                "xlsx",
                "-o",
                "findings.xlsx",
                "--annotate",
                "marked",
            ],
        ),
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    let mut books = vec![dir.path().join("findings.xlsx")];
    for e in std::fs::read_dir(dir.path().join("marked")).expect("annotated copies") {
        books.push(e.expect("entry").path());
    }
    assert!(books.len() >= 4, "{books:?}");
    let profile = dir.path().join("lo-profile");
    let pdfs = dir.path().join("pdf");
    for book in &books {
        let status = std::process::Command::new(soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.to_str().expect("utf-8")
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&pdfs)
            .arg(book)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("soffice runs");
        assert!(status.success(), "{book:?}");
        let stem = book.file_stem().expect("stem").to_str().expect("utf-8");
        let pdf = std::fs::read(pdfs.join(format!("{stem}.pdf"))).expect("a PDF");
        assert!(pdf.starts_with(b"%PDF"), "{book:?}: not a PDF");
    }
}

/// The findings workbook written to a path the run reads is refused, as any report.
#[test]
fn the_workbook_never_replaces_an_input() {
    let dir = inputs();
    let out = ylcheck_in(
        dir.path(),
        &check_args("en", &["--format", "xlsx", "-o", "c/设施.xlsx"]),
        None,
    );
    assert_eq!(out.code, 2, "{}", out.transcript());
    assert!(out.stderr.contains("output-is-input"), "{}", out.stderr);
    assert!(Path::new(&dir.path().join("c/设施.xlsx")).exists());
}

/// Markdown names a worksheet's finding by its sheet and cell, and its county.
#[test]
fn markdown_locates_a_worksheet_cell() {
    let dir = inputs();
    let out = ylcheck_in(
        dir.path(),
        &check_args("en", &["--format", "markdown"]),
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    assert!(
        out.stdout
            .contains("| 开封市龙亭区 | c/设施.xlsx\\!设施\\!E3 | 北道门街道综合养老服务中心 |"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("| 开封市鼓楼区 | b/设施.csv\\:2 | 五一街道综合养老服务中心 |"),
        "{}",
        out.stdout
    );
}

/// The copier reads what the loader reads, under the same limits: every input a
/// fuzz target once failed on, a truncated workbook and bytes that are none come
/// back as a copy or an error, never a panic.
#[test]
fn hostile_inputs_are_copied_or_refused() {
    use ylcheck::data::copy;
    use ylcheck::i18n::Lang;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    for dir in std::fs::read_dir(&root).expect("kept inputs") {
        for file in std::fs::read_dir(dir.expect("entry").path()).expect("a target") {
            inputs.push(std::fs::read(file.expect("entry").path()).expect("readable"));
        }
    }
    let book = workbook().expect("workbook");
    inputs.push(book[..book.len() / 2].to_vec());
    inputs.push(b"PK\x03\x04 not a zip".to_vec());
    inputs.push(b"a,\"b\nc".to_vec());
    inputs.push(vec![0xFF; 64]);
    for bytes in &inputs {
        let start = std::time::Instant::now();
        if let Ok(sheets) = copy::workbook("fuzz.xlsx", bytes) {
            ylcheck::report::annotate::copy(&sheets, false, &[], Lang::En).expect("a copy");
        }
        if let Ok(sheet) = copy::csv("fuzz.csv", "fuzz", bytes) {
            ylcheck::report::annotate::copy(&[sheet], true, &[], Lang::En).expect("a copy");
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
    }
}
