//! Coordinates, ratio fractions and unknown enum values through every loader,
//! with the shipped entities.

use super::csv::{read_header, read_rows};
use super::ctx::Ctx;
use super::stream::Chunks;
use super::{Dataset, Format, Problem, Value, load};
use crate::data::error::{en, shown};
use crate::schema::{Schema, Slot};
use rust_xlsxwriter::{Workbook, XlsxError};

fn schema() -> Schema {
    match crate::lang::compile(&crate::embedded::files()) {
        Ok(set) => set.schema,
        Err(d) => panic!("{d:?}"),
    }
}

fn load_as(path: &str, bytes: &[u8], format: Format) -> (Schema, Dataset) {
    let s = schema();
    let mut ds = Dataset::new(s.entities.len());
    if let Err(d) = load(path, bytes, format, &s, None, &mut ds) {
        panic!("{}", crate::diag::render_plain(&shown(&d, false), 100));
    }
    (s, ds)
}

fn slot(s: &Schema, entity: &str, field: &str) -> Slot {
    let e = s.entity(entity).unwrap_or(usize::MAX);
    s.entities[e].field(field).unwrap_or(usize::MAX)
}

fn value<'d>(
    s: &Schema,
    ds: &'d Dataset,
    entity: &str,
    i: usize,
    field: &str,
) -> &'d Value<'static> {
    let e = s.entity(entity).unwrap_or(usize::MAX);
    &ds.tables[e][i].values[slot(s, entity, field)]
}

/// The text of the cell a finding about `field` of record `i` points at.
fn cell<'d>(s: &Schema, ds: &'d Dataset, entity: &str, i: usize, field: &str) -> &'d str {
    let e = s.entity(entity).unwrap_or(usize::MAX);
    let rec = &ds.tables[e][i];
    let loc = ds.locate(rec, Some(slot(s, entity, field)));
    let text = &ds.sources[rec.pos.source as usize].text;
    &text[loc.offset..loc.offset + loc.len]
}

fn point(v: &Value<'_>) -> String {
    match v {
        Value::Shape(s) => match &**s {
            crate::spatial::Shape::Point(p) => format!("{:.6},{:.6}", p.x(), p.y()),
            area => panic!("not a point: {area:?}"),
        },
        other => panic!("not a shape: {other:?}"),
    }
}

fn problem(v: &Value<'_>) -> Problem {
    match v {
        Value::Invalid(i) => i.problem.clone(),
        other => panic!("not invalid: {other:?}"),
    }
}

const DISTRICTS: &str = "名称,户数,经度,纬度,位置\n\
甲苑,500,114.4587,34.77536,\n\
乙苑,500,34.7741,114.4587,\n\
丙苑,500,114.4587,,\n\
丁苑,500,,,\n\
戊苑,500,1,1,114.30,34.79\n";

#[test]
fn csv_coordinates_make_the_location() {
    let text = DISTRICTS.replace(",114.30,34.79", ",\"114.30,34.79\"");
    let (s, ds) = load_as("d.csv", text.as_bytes(), Format::Csv);
    assert_eq!(
        point(value(&s, &ds, "district", 0, "location")),
        "114.458700,34.775360"
    );
    assert_eq!(
        problem(value(&s, &ds, "district", 1, "location")),
        Problem::SwappedPoint
    );
    assert_eq!(
        problem(value(&s, &ds, "district", 2, "location")),
        Problem::BadPoint
    );
    assert_eq!(value(&s, &ds, "district", 3, "location"), &Value::Missing);
    // A location of its own wins over the pair.
    assert_eq!(
        point(value(&s, &ds, "district", 4, "location")),
        "114.300000,34.790000"
    );
    // The table has a 位置 column: a derived location is shown there, blank.
    assert_eq!(cell(&s, &ds, "district", 0, "location"), "");
}

#[test]
fn csv_without_a_location_column_points_at_the_longitude() {
    let text = "名称,户数,经度,纬度\n甲苑,500,114.4587,34.77536\n乙苑,500,114.4587,\n";
    let (s, ds) = load_as("d.csv", text.as_bytes(), Format::Csv);
    assert_eq!(
        point(value(&s, &ds, "district", 0, "location")),
        "114.458700,34.775360"
    );
    assert_eq!(cell(&s, &ds, "district", 0, "location"), "114.4587");
    assert_eq!(
        problem(value(&s, &ds, "district", 1, "location")),
        Problem::BadPoint
    );
    assert_eq!(cell(&s, &ds, "district", 1, "location"), "114.4587");
}

#[test]
fn plan_coordinates_make_the_location() {
    let text = "[[district]]\nname = \"甲苑\"\nlon = 114.4587\nlat = 34.77536\n\n\
[[district]]\nname = \"乙苑\"\n\"经度\" = 114.4587\n\n\
[[facility]]\nname = \"丙\"\nlocation = \"114.1,34.1\"\nlon = 114.4587\nlat = 34.7741\n";
    let (s, ds) = load_as("p.toml", text.as_bytes(), Format::Plan);
    assert_eq!(
        point(value(&s, &ds, "district", 0, "location")),
        "114.458700,34.775360"
    );
    assert_eq!(cell(&s, &ds, "district", 0, "location"), "114.4587");
    assert_eq!(
        problem(value(&s, &ds, "district", 1, "location")),
        Problem::BadPoint
    );
    assert_eq!(cell(&s, &ds, "district", 1, "location"), "114.4587");
    assert_eq!(
        point(value(&s, &ds, "facility", 0, "location")),
        "114.100000,34.100000"
    );
}

fn book(f: impl FnOnce(&mut Workbook) -> Result<(), XlsxError>) -> Vec<u8> {
    let mut wb = Workbook::new();
    f(&mut wb).unwrap_or_else(|e| panic!("{e}"));
    wb.save_to_buffer().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn workbook_coordinates_and_notes() {
    let bytes = book(|wb| {
        let ws = wb.add_worksheet();
        for (c, h) in ["名称", "建设状态", "户数", "完工比例", "经度", "纬度"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h)?;
        }
        ws.write_string(1, 0, "甲苑")?;
        ws.write_string(1, 1, "新建")?;
        ws.write_number(1, 2, 500)?;
        ws.write_number(1, 3, 0.6)?;
        ws.write_number(1, 4, 114.4587)?;
        ws.write_number(1, 5, 34.77536)?;
        ws.write_string(2, 0, "乙苑")?;
        ws.write_string(2, 1, "新健")?;
        ws.write_number(2, 2, 300)?;
        ws.write_number(2, 3, 0.3)?;
        ws.write_number(2, 4, 114.4587)?;
        Ok(())
    });
    let (s, ds) = load_as("b.xlsx", &bytes, Format::Xlsx);
    assert_eq!(
        point(value(&s, &ds, "district", 0, "location")),
        "114.458700,34.775360"
    );
    assert_eq!(
        problem(value(&s, &ds, "district", 1, "location")),
        Problem::BadPoint
    );
    // A half pair is shown on its row.
    let e = s.entity("district").unwrap_or(usize::MAX);
    let rec = &ds.tables[e][1];
    let loc = ds.locate(rec, Some(slot(&s, "district", "location")));
    assert_eq!(loc.line, 3);
    assert_eq!(
        problem(value(&s, &ds, "district", 0, "plot_completion")),
        Problem::FractionOrPercent
    );
    assert_eq!(
        problem(value(&s, &ds, "district", 1, "status")),
        Problem::UnknownEnum
    );
    let codes: Vec<&str> = ds.warnings.iter().map(|w| w.code()).collect();
    assert_eq!(
        codes,
        [
            "ylcheck::data::fraction_or_percent",
            "ylcheck::data::unknown_value"
        ],
        "{:?}",
        en(&ds.warnings)
    );
    assert!(en(&ds.warnings)[0].message.contains("完工比例"));
    assert!(en(&ds.warnings)[0].message.contains("(2 cells)"));
    assert!(
        en(&ds.warnings)[1]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean \"新建\"")
    );
}

/// A value above 1 says nothing of the column's fractions: 35 is 35 %, 0.6 is
/// still unknown, reported once at the header.
#[test]
fn a_workbook_column_above_one_leaves_its_fractions_undecided() {
    let bytes = book(|wb| {
        let ws = wb.add_worksheet();
        for (c, h) in ["名称", "完工比例"].iter().enumerate() {
            ws.write_string(0, c as u16, *h)?;
        }
        ws.write_string(1, 0, "甲苑")?;
        ws.write_number(1, 1, 0.6)?;
        ws.write_string(2, 0, "乙苑")?;
        ws.write_number(2, 1, 35)?;
        Ok(())
    });
    let (s, ds) = load_as("b.xlsx", &bytes, Format::Xlsx);
    let pct = |n, d| {
        Value::Num(
            crate::num::Q::new(n, d)
                .unwrap_or(crate::num::Q::ZERO)
                .into(),
        )
    };
    assert_eq!(
        problem(value(&s, &ds, "district", 0, "plot_completion")),
        Problem::FractionOrPercent
    );
    assert_eq!(
        value(&s, &ds, "district", 1, "plot_completion"),
        &pct(35, 100)
    );
    let codes: Vec<&str> = ds.warnings.iter().map(|w| w.code()).collect();
    assert_eq!(codes, ["ylcheck::data::fraction_or_percent"]);
    assert!(
        en(&ds.warnings)[0].message.contains("(1 cell)"),
        "{:?}",
        en(&ds.warnings)
    );
}

/// Under a `（%）` header an unformatted 0.95 may be a fraction typed there: it is
/// unknown, never a confident 0.95 %; a cell formatted as a percentage says
/// which it is, and 70 is 70 %.
#[test]
fn a_workbook_percent_header_leaves_unformatted_fractions_undecided() {
    let bytes = book(|wb| {
        let pct = rust_xlsxwriter::Format::new().set_num_format("0%");
        let ws = wb.add_worksheet();
        for (c, h) in ["名称", "完工比例（%）"].iter().enumerate() {
            ws.write_string(0, c as u16, *h)?;
        }
        ws.write_string(1, 0, "甲苑")?;
        ws.write_number(1, 1, 0.95)?;
        ws.write_string(2, 0, "乙苑")?;
        ws.write_number(2, 1, 70)?;
        ws.write_string(3, 0, "丙苑")?;
        ws.write_number_with_format(3, 1, 0.95, &pct)?;
        Ok(())
    });
    let (s, ds) = load_as("b.xlsx", &bytes, Format::Xlsx);
    let pct = |n, d| {
        Value::Num(
            crate::num::Q::new(n, d)
                .unwrap_or(crate::num::Q::ZERO)
                .into(),
        )
    };
    assert_eq!(
        problem(value(&s, &ds, "district", 0, "plot_completion")),
        Problem::FractionOrPercent
    );
    assert_eq!(
        value(&s, &ds, "district", 1, "plot_completion"),
        &pct(70, 100)
    );
    assert_eq!(
        value(&s, &ds, "district", 2, "plot_completion"),
        &pct(95, 100)
    );
    let codes: Vec<&str> = ds.warnings.iter().map(|w| w.code()).collect();
    assert_eq!(codes, ["ylcheck::data::fraction_or_percent"]);
    assert!(
        en(&ds.warnings)[0].message.contains("(1 cell)"),
        "{:?}",
        en(&ds.warnings)
    );
}

#[test]
fn csv_ratio_columns() {
    let pct = |n, d| {
        Value::Num(
            crate::num::Q::new(n, d)
                .unwrap_or(crate::num::Q::ZERO)
                .into(),
        )
    };
    // Undecided: the fractions are unknown, reported once at the header.
    let (s, ds) = load_as(
        "d.csv",
        "名称,完工比例\n甲,0.6\n乙,0.3\n丙,0\n丁,40%\n".as_bytes(),
        Format::Csv,
    );
    assert_eq!(
        problem(value(&s, &ds, "district", 0, "plot_completion")),
        Problem::FractionOrPercent
    );
    assert_eq!(
        problem(value(&s, &ds, "district", 1, "plot_completion")),
        Problem::FractionOrPercent
    );
    assert_eq!(value(&s, &ds, "district", 2, "plot_completion"), &pct(0, 1));
    assert_eq!(
        value(&s, &ds, "district", 3, "plot_completion"),
        &pct(40, 100)
    );
    assert_eq!(ds.warnings.len(), 1, "{:?}", en(&ds.warnings));
    let w = &en(&ds.warnings)[0];
    assert_eq!(w.code, "ylcheck::data::fraction_or_percent");
    assert!(w.message.contains("(2 cells)"), "{}", w.message);
    assert_eq!(w.labels[0].offset(), "名称,".len());
    // A value above 1 settles nothing: 35 is 35 %, 0.6 still unknown.
    let (s, ds) = load_as(
        "d.csv",
        "名称,完工比例\n甲,0.6\n乙,35\n".as_bytes(),
        Format::Csv,
    );
    assert_eq!(
        problem(value(&s, &ds, "district", 0, "plot_completion")),
        Problem::FractionOrPercent
    );
    assert_eq!(
        value(&s, &ds, "district", 1, "plot_completion"),
        &pct(35, 100)
    );
    assert_eq!(ds.warnings.len(), 1, "{:?}", en(&ds.warnings));
    // Values above 1 alone: percent points, and nothing to report.
    let (s, ds) = load_as(
        "d.csv",
        "名称,完工比例\n甲,60\n乙,35\n".as_bytes(),
        Format::Csv,
    );
    assert_eq!(
        value(&s, &ds, "district", 0, "plot_completion"),
        &pct(60, 100)
    );
    assert!(ds.warnings.is_empty());
    // A `（%）` header settles the values above 1, not a fraction typed under it:
    // 0.6 there is still 0.6 % or 60 %, reported once at the header, unless the
    // cell itself says %.
    let (s, ds) = load_as(
        "d.csv",
        "名称,完工比例（%）\n甲,0.6\n乙,70\n丙,0.6%\n丁,1\n戊,0\n".as_bytes(),
        Format::Csv,
    );
    assert_eq!(
        problem(value(&s, &ds, "district", 0, "plot_completion")),
        Problem::FractionOrPercent
    );
    assert_eq!(
        value(&s, &ds, "district", 1, "plot_completion"),
        &pct(70, 100)
    );
    assert_eq!(
        value(&s, &ds, "district", 2, "plot_completion"),
        &pct(6, 1000)
    );
    assert_eq!(
        problem(value(&s, &ds, "district", 3, "plot_completion")),
        Problem::FractionOrPercent
    );
    assert_eq!(value(&s, &ds, "district", 4, "plot_completion"), &pct(0, 1));
    assert_eq!(ds.warnings.len(), 1, "{:?}", en(&ds.warnings));
    let w = &en(&ds.warnings)[0];
    assert_eq!(w.code, "ylcheck::data::fraction_or_percent");
    assert!(w.message.contains("(2 cells)"), "{}", w.message);
    assert_eq!(w.labels[0].offset(), "名称,".len());
    assert!(
        w.help.as_deref().unwrap_or("").contains("完工比例（小数）"),
        "{:?}",
        w.help
    );
    // Values above 1 alone under `（%）`: nothing to report.
    let (_, ds) = load_as(
        "d.csv",
        "名称,完工比例（%）\n甲,60\n乙,35\n".as_bytes(),
        Format::Csv,
    );
    assert!(ds.warnings.is_empty(), "{:?}", en(&ds.warnings));
    let (s, ds) = load_as(
        "d.csv",
        "名称,完工比例（小数）\n甲,0.6\n".as_bytes(),
        Format::Csv,
    );
    assert_eq!(
        value(&s, &ds, "district", 0, "plot_completion"),
        &pct(6, 10)
    );
    assert!(ds.warnings.is_empty());
}

/// Reads a CSV the way `check` does: header from the first chunk, then every
/// chunk on its own, in reverse order to show the order does not matter.
fn streamed_notes(bytes: &[u8], s: &Schema) -> Vec<String> {
    let mut chunks = Chunks::new(bytes, Vec::new(), "big.csv");
    let mut all = Vec::new();
    while let Some(c) = chunks.next_chunk().unwrap_or_else(|d| panic!("{d:?}")) {
        all.push(c);
    }
    assert!(all.len() > 2, "only {} chunks", all.len());
    let ctx = |text: &'static str, first_line| Ctx {
        path: "big.csv",
        text,
        first_line,
        source: 0,
    };
    let first: &'static str = Box::leak(all[0].text.clone().into_boxed_str());
    let (header, _) = read_header(&ctx(first, 1), s, None).unwrap_or_else(|d| panic!("{d:?}"));
    for (i, c) in all.iter().enumerate().rev() {
        let text: &'static str = Box::leak(c.text.clone().into_boxed_str());
        let (start, line) = if i == 0 {
            (header.data_start, header.data_line)
        } else {
            (0, c.first_line)
        };
        read_rows(
            &ctx(text, c.first_line as usize),
            s,
            &header,
            start,
            line,
            0,
            &mut |_| {},
        )
        .unwrap_or_else(|d| panic!("{d:?}"));
    }
    en(&header.take_notes())
        .into_iter()
        .map(|d| format!("{} {:?}", d.message, d.source.map(|s| s.first_line)))
        .collect()
}

/// A table of millions of cells repeats its mistakes; each distinct one is
/// reported once, at its first cell, counted, whether the file is read whole
/// or in chunks.
#[test]
fn notes_are_the_same_whole_or_chunked() {
    let mut text = String::from("名称,类型,建筑面积\n");
    let mut expected_typo = 0;
    for i in 0..120_000 {
        let kind = match i % 50 {
            7 => {
                expected_typo += 1;
                "街道综合养老服务站点"
            }
            13 if i > 100_000 => "养老服务站",
            _ => "街道综合养老服务中心",
        };
        text.push_str(&format!("设施{i},{kind},2000\n"));
    }
    let s = schema();
    let streamed = streamed_notes(text.as_bytes(), &s);
    let (_, ds) = load_as("big.csv", text.as_bytes(), Format::Csv);
    let whole: Vec<String> = en(&ds.warnings)
        .into_iter()
        .map(|d| format!("{} {:?}", d.message, d.source.map(|s| s.first_line)))
        .collect();
    assert_eq!(streamed, whole);
    assert_eq!(whole.len(), 2, "{whole:?}");
    assert!(
        whole[0].contains(&format!("and {} more cells alike", expected_typo - 1)),
        "{}",
        whole[0]
    );
    // First seen on line 9 (record 7, after the header): the snippet starts a line before.
    assert!(whole[0].ends_with("Some(8)"), "{}", whole[0]);
    assert!(whole[1].contains("养老服务站"), "{}", whole[1]);
}

/// A fraction typed under a `（%）` header far into a large file is undecided and
/// reported once at the header, whether the file is read whole or in chunks.
#[test]
fn fractions_under_a_percent_header_are_noted_alike_whole_or_chunked() {
    let mut text = String::from("名称,完工比例（%）\n");
    for i in 0..120_000 {
        let v = if i % 30_000 == 29_999 { "0.6" } else { "70" };
        text.push_str(&format!("开封市祥符区某某街道地块{i},{v}\n"));
    }
    let s = schema();
    let streamed = streamed_notes(text.as_bytes(), &s);
    let (s, ds) = load_as("big.csv", text.as_bytes(), Format::Csv);
    let whole: Vec<String> = en(&ds.warnings)
        .iter()
        .map(|d| {
            format!(
                "{} {:?}",
                d.message,
                d.source.as_ref().map(|s| s.first_line)
            )
        })
        .collect();
    assert_eq!(streamed, whole);
    assert_eq!(whole.len(), 1, "{whole:?}");
    assert!(whole[0].contains("(4 cells)"), "{whole:?}");
    assert_eq!(
        problem(value(&s, &ds, "district", 29_999, "plot_completion")),
        Problem::FractionOrPercent
    );
    assert_eq!(
        value(&s, &ds, "district", 0, "plot_completion"),
        &Value::Num(
            crate::num::Q::new(70, 100)
                .unwrap_or(crate::num::Q::ZERO)
                .into()
        )
    );
}

/// 合计 rows of a large table: noted once, at the first, counted, whether the file
/// is read whole or in chunks; never records.
#[test]
fn total_rows_are_noted_once_whole_or_chunked() {
    let mut text = String::from("序号,名称,类型,建筑面积\n");
    for i in 0..120_000 {
        match i % 40_000 {
            39_999 => text.push_str(",小计,,80000000\n"),
            _ => text.push_str(&format!("{i},设施{i},街道综合养老服务中心,2000\n")),
        }
    }
    text.push_str("合计,,,240000000\n");
    let s = schema();
    let streamed = streamed_notes(text.as_bytes(), &s);
    let (_, ds) = load_as("big.csv", text.as_bytes(), Format::Csv);
    let whole: Vec<String> = en(&ds.warnings)
        .iter()
        .map(|d| {
            format!(
                "{} {:?}",
                d.message,
                d.source.as_ref().map(|s| s.first_line)
            )
        })
        .collect();
    assert_eq!(streamed, whole);
    assert_eq!(whole.len(), 1, "{whole:?}");
    assert!(
        whole[0].starts_with("the \"小计\" row is a total"),
        "{whole:?}"
    );
    assert!(whole[0].contains("and 3 more total rows"), "{whole:?}");
    assert_eq!(en(&ds.warnings)[0].code, "ylcheck::data::total_row");
    assert_eq!(en(&ds.warnings)[0].severity, miette::Severity::Advice);
    let fac = s.entity("facility").unwrap_or(usize::MAX);
    assert_eq!(ds.tables[fac].len(), 120_000 - 3);
}

/// A workbook's 合计 row, its label merged over 序号 and 名称: no facility.
#[test]
fn a_workbook_total_row_is_no_facility() {
    let bytes = book(|wb| {
        let f = rust_xlsxwriter::Format::new();
        let ws = wb.add_worksheet().set_name("设施")?;
        for (c, h) in ["序号", "名称", "机构类型", "所在县（区）", "床位总数"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h)?;
        }
        ws.write_number(1, 0, 1)?;
        ws.write_string(1, 1, "祥符区供养中心")?;
        ws.write_string(1, 2, "区级特困人员供养服务机构")?;
        ws.write_string(1, 3, "祥符区")?;
        ws.write_string(1, 4, "0.012万")?;
        ws.merge_range(2, 0, 2, 1, "合计", &f)?;
        ws.write_number(2, 4, 120)?;
        Ok(())
    });
    let (s, ds) = load_as("x.xlsx", &bytes, Format::Xlsx);
    let fac = s.entity("facility").unwrap_or(usize::MAX);
    assert_eq!(ds.tables[fac].len(), 1);
    assert_eq!(
        value(&s, &ds, "facility", 0, "kind"),
        &Value::Enum(2),
        "区级 reads as 县级: county_support"
    );
    assert_eq!(
        value(&s, &ds, "facility", 0, "beds"),
        &Value::Num(crate::num::Q::int(120).into())
    );
    let codes: Vec<&str> = ds.warnings.iter().map(|d| d.code()).collect();
    assert_eq!(
        codes,
        ["ylcheck::data::total_row"],
        "{:?}",
        en(&ds.warnings)
    );
}

/// A region table as a bureau writes it: 县级市 and 区级 are county levels.
#[test]
fn county_level_cities_are_counties() {
    let text = "序号,名称,级别,备注\n1,禹州市,县级市,\n2,魏都区,区级,\n3,许昌市,地级市,\n";
    let (s, ds) = load_as("r.csv", text.as_bytes(), Format::Csv);
    let county = s.entities[s.entity("region").unwrap_or(usize::MAX)]
        .fields
        .iter()
        .find(|f| f.name == "level")
        .and_then(|f| f.ty.variant("county"))
        .map(Value::Enum);
    assert_eq!(Some(value(&s, &ds, "region", 0, "level")), county.as_ref());
    assert_eq!(Some(value(&s, &ds, "region", 1, "level")), county.as_ref());
    assert_ne!(Some(value(&s, &ds, "region", 2, "level")), county.as_ref());
    assert!(ds.warnings.is_empty(), "{:?}", en(&ds.warnings));
}

/// A GeoJSON collection is read feature by feature, each made a record as it
/// comes; a feature that is not one is still refused before a feature that is
/// one but cannot be a record (an unknown entity), wherever the two are.
#[test]
fn geojson_features_that_are_not_ones_are_refused_first() {
    let s = schema();
    let code = |text: &str| {
        let mut ds = Dataset::new(s.entities.len());
        match load(
            "map.geojson",
            text.as_bytes(),
            Format::GeoJson,
            &s,
            None,
            &mut ds,
        ) {
            Ok(()) => panic!("loaded: {text}"),
            Err(d) => d.code(),
        }
    };
    let unknown = r#"{"type": "Feature", "properties": {"entity": "nosuch"}, "geometry": null}"#;
    let swapped = r#"{"type": "Feature", "properties": {"entity": "facility"}, "geometry": {"type": "Point", "coordinates": [34.7, 114.3]}}"#;
    let nameless = r#"{"type": "Feature", "properties": {"name": "x"}, "geometry": null}"#;
    let collection = |features: &[&str]| {
        format!(
            "{{\"type\": \"FeatureCollection\", \"features\": [\n{}\n]}}",
            features.join(",\n")
        )
    };
    assert_eq!(
        code(&collection(&[unknown, swapped])),
        "ylcheck::geojson::swapped"
    );
    assert_eq!(
        code(&collection(&[swapped, unknown])),
        "ylcheck::geojson::swapped"
    );
    // Of two features that cannot be records, the first.
    assert_eq!(
        code(&collection(&[unknown, nameless])),
        "ylcheck::geojson::unknown_entity"
    );
    assert_eq!(
        code(&collection(&[nameless, unknown])),
        "ylcheck::geojson::no_entity"
    );
}

#[test]
fn span_rows_keep_each_records_spans_apart() {
    let mut rows = super::SpanRows::default();
    rows.push(&[None, Some((10, 2)), Some((20, 3))]);
    rows.push(&[]);
    rows.push(&[Some((40, 1))]);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows.get(0, 1), Some((10, 2)));
    assert_eq!(rows.get(0, 2), Some((20, 3)));
    assert_eq!(rows.get(0, 0), None);
    assert_eq!(rows.get(1, 0), None);
    assert_eq!(rows.get(2, 0), Some((40, 1)));
    assert_eq!(rows.get(2, 1), None);
    assert_eq!(rows.get(3, 0), None);
}
