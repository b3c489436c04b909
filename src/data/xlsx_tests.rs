use super::grid::{number, percent_decimals};
use super::*;
use crate::data::error::{en, shown};
use crate::data::{Format, Invalid, View, load};
use crate::diag::Diag;
use crate::num::Q;
use crate::schema::Slot;
use rust_xlsxwriter::{Format as XFormat, Formula, Workbook, XlsxError};

/// The shipped entities (facility, region, district), as a real run reads them.
fn schema() -> Schema {
    match crate::lang::compile(&crate::embedded::files()) {
        Ok(set) => set.schema,
        Err(d) => panic!("{d:?}"),
    }
}

fn book(f: impl FnOnce(&mut Workbook) -> Result<(), XlsxError>) -> Vec<u8> {
    let mut wb = Workbook::new();
    f(&mut wb).unwrap();
    wb.save_to_buffer().unwrap()
}

fn load_book(bytes: &[u8], entity: Option<&str>) -> Result<(Schema, Dataset), Diag> {
    let s = schema();
    let mut ds = Dataset::new(s.entities.len());
    let entity = entity.map(|e| s.entity(e).unwrap());
    load("x.xlsx", bytes, Format::Xlsx, &s, entity, &mut ds).map_err(|e| shown(&e, false))?;
    Ok((s, ds))
}

fn ok(bytes: &[u8]) -> (Schema, Dataset) {
    load_book(bytes, None).unwrap_or_else(|d| panic!("{}", crate::diag::render_plain(&d, 100)))
}

fn slot(s: &Schema, entity: &str, field: &str) -> Slot {
    let e = s.entity(entity).unwrap();
    s.entities[e].field(field).unwrap()
}

fn get<'d>(s: &Schema, ds: &'d Dataset, entity: &str, i: usize, field: &str) -> &'d Value<'static> {
    let e = s.entity(entity).unwrap();
    &ds.tables[e][i].values[slot(s, entity, field)]
}

fn num(n: i64) -> Value<'static> {
    Value::Num(Q::int(n).into())
}

/// The cell of `field` in record `i` as Excel names it.
fn cell_of(s: &Schema, ds: &Dataset, entity: &str, i: usize, field: &str) -> String {
    let e = s.entity(entity).unwrap();
    let rec = &ds.tables[e][i];
    let view: View<'_> = ds.view(rec).unwrap();
    let f = Some(slot(s, entity, field));
    let loc = view.locate(rec, f);
    view.cell_ref(f, &loc).unwrap().0
}

#[test]
fn column_names() {
    let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702, 16383]
        .into_iter()
        .map(column_name)
        .collect();
    assert_eq!(
        names,
        ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"]
    );
}

#[test]
fn numbers_stay_exact() {
    assert_eq!(number(55.8, None), "55.8");
    assert_eq!(number(2000.0, None), "2000");
    assert_eq!(number(-0.0, None), "0");
    assert_eq!(number(0.1 + 0.2, None), "0.30000000000000004");
    assert_eq!(number(1e-7, None), "0.0000001");
    assert_eq!(number(0.55, Some(0)), "55%");
    assert_eq!(number(0.123, Some(0)), "12.3%");
    assert_eq!(number(1.0, Some(0)), "100%");
    assert_eq!(number(0.69, Some(2)), "69.00%");
    assert_eq!(number(0.68996, Some(2)), "68.996%");
    assert_eq!(number(0.005, Some(0)), "0.5%");
}

/// Two sheets of different entities, each recognised from its own header; a title
/// row merged across the table above one of them.
#[test]
fn every_sheet_with_its_own_entity() {
    let bytes = book(|wb| {
        let title = XFormat::new();
        let ws = wb.add_worksheet().set_name("设施")?;
        ws.merge_range(0, 0, 0, 5, "开封市祥符区养老服务设施统计表", &title)?;
        for (c, h) in [
            "序号",
            "设施名称",
            "类型",
            "建筑面积（平方米）",
            "占地面积（亩）",
            "床位数",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(1, c as u16, *h)?;
        }
        ws.write_number(2, 0, 1)?;
        ws.write_string(2, 1, "城东中心")?;
        ws.write_string(2, 2, "街道综合养老服务中心")?;
        ws.write_number(2, 3, 2000.0)?;
        ws.write_number(2, 4, 55.8)?;
        ws.write_formula(2, 5, Formula::new("=1/0").set_result("#DIV/0!"))?;
        ws.write_number(3, 0, 2)?;
        ws.write_string(3, 1, "西关\n社区")?;
        ws.write_string(3, 2, "社区养老服务设施")?;
        ws.write_string(3, 3, "1.5 亩")?;
        let ws = wb.add_worksheet().set_name("区划")?;
        ws.write_string(0, 0, "名称")?;
        ws.write_string(0, 1, "级别")?;
        ws.write_string(0, 2, "常住人口")?;
        ws.write_string(1, 0, "祥符区")?;
        ws.write_string(1, 1, "县")?;
        ws.write_number(1, 2, 578000)?;
        Ok(())
    });
    let (s, ds) = ok(&bytes);
    let fac = s.entity("facility").unwrap();
    let reg = s.entity("region").unwrap();
    assert_eq!(
        ds.inputs,
        vec![
            Input {
                path: "x.xlsx!设施".into(),
                entity: fac,
                records: 2
            },
            Input {
                path: "x.xlsx!区划".into(),
                entity: reg,
                records: 1
            },
        ]
    );
    assert_eq!(ds.sources.len(), 2);
    assert_eq!(ds.sources[0].path, "x.xlsx!设施");
    // Line N of the rendering is row N.
    let lines: Vec<&str> = ds.sources[0].text.lines().collect();
    assert_eq!(lines[0], "开封市祥符区养老服务设施统计表");
    assert_eq!(
        lines[2],
        "1 │ 城东中心 │ 街道综合养老服务中心 │ 2000 │ 55.8 │ #DIV/0!"
    );
    assert_eq!(lines[3], "2 │ 西关 社区 │ 社区养老服务设施 │ 1.5 亩");
    assert_eq!(
        get(&s, &ds, "facility", 0, "name"),
        &Value::Text("城东中心".into())
    );
    assert_eq!(get(&s, &ds, "facility", 0, "floor_area"), &num(2000));
    // 55.8 亩, written as the number 55.8 in a 亩 column, is exactly 37 200 m².
    assert_eq!(get(&s, &ds, "facility", 0, "land_area"), &num(37200));
    assert_eq!(
        get(&s, &ds, "facility", 0, "beds"),
        &Value::Invalid(Box::new(Invalid {
            text: "#DIV/0!".into(),
            problem: Problem::NotANumber
        }))
    );
    assert_eq!(get(&s, &ds, "facility", 1, "floor_area"), &num(1000));
    assert_eq!(
        get(&s, &ds, "facility", 1, "name"),
        &Value::Text("西关 社区".into())
    );
    assert_eq!(get(&s, &ds, "region", 0, "population"), &num(578000));
    // Records know their Excel rows and cells.
    assert_eq!(ds.tables[fac][0].pos.line, 3);
    assert_eq!(cell_of(&s, &ds, "facility", 0, "beds"), "F3");
    assert_eq!(cell_of(&s, &ds, "facility", 1, "land_area"), "E4");
    assert_eq!(cell_of(&s, &ds, "region", 0, "population"), "C2");
    let rec = &ds.tables[fac][0];
    let view = ds.view(rec).unwrap();
    let loc = view.locate(rec, Some(slot(&s, "facility", "beds")));
    assert_eq!(&view.text[loc.offset..loc.offset + loc.len], "#DIV/0!");
    assert_eq!(
        view.sheet().map(|(i, n)| (i, n.to_string())),
        Some((0, "设施".into()))
    );
    // 序号 is a table's running number: accepted quietly, as in a CSV.
    assert!(
        !en(&ds.warnings)
            .iter()
            .any(|w| w.code == "ylcheck::data::unknown_column"),
        "{:?}",
        en(&ds.warnings)
    );
}

/// 床位（张） merged over 总数 / 护理型, with 名称 and 类型 merged down both rows.
#[test]
fn merged_two_row_header() {
    let bytes = book(|wb| {
        let f = XFormat::new();
        let ws = wb.add_worksheet().set_name("床位")?;
        ws.merge_range(0, 0, 0, 3, "养老机构床位情况", &f)?;
        ws.merge_range(1, 0, 2, 0, "机构名称", &f)?;
        ws.merge_range(1, 1, 2, 1, "类型", &f)?;
        ws.merge_range(1, 2, 1, 3, "床位（张）", &f)?;
        ws.write_string(2, 2, "总数")?;
        ws.write_string(2, 3, "护理型")?;
        ws.write_string(3, 0, "福寿园")?;
        ws.write_string(3, 1, "养老机构")?;
        ws.write_number(3, 2, 120)?;
        ws.write_number(3, 3, 66)?;
        ws.write_string(4, 0, "康乐园")?;
        ws.write_string(4, 1, "养老机构")?;
        ws.write_number(4, 2, 80.0)?;
        Ok(())
    });
    let (s, ds) = ok(&bytes);
    let fac = s.entity("facility").unwrap();
    assert_eq!(ds.tables[fac].len(), 2);
    assert_eq!(get(&s, &ds, "facility", 0, "beds"), &num(120));
    assert_eq!(get(&s, &ds, "facility", 0, "nursing_beds"), &num(66));
    assert_eq!(get(&s, &ds, "facility", 1, "beds"), &num(80));
    assert_eq!(get(&s, &ds, "facility", 1, "nursing_beds"), &Value::Missing);
    assert_eq!(cell_of(&s, &ds, "facility", 1, "nursing_beds"), "D5");
    assert_eq!(ds.tables[fac][1].pos.line, 5);
    assert!(ds.warnings.is_empty(), "{:?}", en(&ds.warnings));
}

/// A value merged down over several records applies to each of them.
#[test]
fn merged_data_cells_fill_down() {
    let bytes = book(|wb| {
        let f = XFormat::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "街道")?;
        ws.write_string(0, 1, "名称")?;
        ws.write_string(0, 2, "床位数")?;
        ws.merge_range(1, 0, 2, 0, "城东街道", &f)?;
        ws.write_string(1, 1, "甲")?;
        ws.write_number(1, 2, 10)?;
        ws.write_string(2, 1, "乙")?;
        ws.write_number(2, 2, 20)?;
        Ok(())
    });
    let (s, ds) = ok(&bytes);
    for i in 0..2 {
        assert_eq!(
            get(&s, &ds, "facility", i, "street"),
            &Value::Text("城东街道".into())
        );
    }
    // The merged cell is named by its top-left cell.
    assert_eq!(cell_of(&s, &ds, "facility", 1, "street"), "A2");
}

#[test]
fn dates_bools_percent_and_line_breaks() {
    let bytes = book(|wb| {
        let date = XFormat::new().set_num_format("yyyy-mm-dd");
        let pct = XFormat::new().set_num_format("0%");
        let ws = wb.add_worksheet().set_name("区划")?;
        ws.write_string(0, 0, "名称")?;
        ws.write_string(0, 1, "签约率")?;
        ws.write_string(0, 2, "常住\n人口")?;
        ws.write_string(1, 0, "城东")?;
        ws.write_number_with_format(1, 1, 0.55, &pct)?;
        ws.write_number(1, 2, 1200)?;
        let ws = wb.add_worksheet().set_name("小区")?;
        ws.write_string(0, 0, "小区名称")?;
        ws.write_string(0, 1, "是否开工")?;
        ws.write_string(0, 2, "户数")?;
        ws.write_string(0, 3, "备注")?;
        ws.write_string(1, 0, "金明")?;
        ws.write_boolean(1, 1, true)?;
        ws.write_number(1, 2, 1240)?;
        ws.write_datetime_with_format(
            1,
            3,
            rust_xlsxwriter::ExcelDateTime::from_ymd(2022, 12, 31)?,
            &date,
        )?;
        Ok(())
    });
    let (s, ds) = ok(&bytes);
    assert_eq!(
        get(&s, &ds, "region", 0, "signed_rate"),
        &Value::Num(Q::new(55, 100).unwrap().into())
    );
    assert_eq!(get(&s, &ds, "region", 0, "population"), &num(1200));
    assert_eq!(
        get(&s, &ds, "district", 0, "care_started"),
        &Value::Bool(true)
    );
    assert!(
        ds.sources[1].text.contains("2022-12-31"),
        "{}",
        ds.sources[1].text
    );
    assert!(ds.sources[0].text.contains("55%"));
}

#[test]
fn unrecognised_sheet_is_skipped_with_a_warning() {
    let bytes = book(|wb| {
        let ws = wb.add_worksheet().set_name("说明")?;
        ws.write_string(0, 0, "填表说明")?;
        ws.write_string(2, 0, "一、")?;
        ws.write_string(2, 1, "请如实填写")?;
        let ws = wb.add_worksheet().set_name("设施")?;
        ws.write_string(0, 0, "名称")?;
        ws.write_string(0, 1, "床位数")?;
        ws.write_string(1, 0, "甲")?;
        ws.write_number(1, 1, 10)?;
        Ok(())
    });
    let (s, ds) = ok(&bytes);
    assert_eq!(ds.inputs.len(), 1);
    assert_eq!(ds.inputs[0].path, "x.xlsx!设施");
    let w: Vec<&str> = ds.warnings.iter().map(|w| w.code()).collect();
    assert_eq!(w, ["ylcheck::data::sheet_skipped"]);
    let text = crate::diag::render_plain(&en(&ds.warnings)[0], 100);
    assert!(text.contains("x.xlsx!说明"), "{text}");
    // Records of the recognised sheet point at their own source.
    let fac = s.entity("facility").unwrap();
    assert_eq!(ds.tables[fac][0].pos.source, 0);
    // With --entity, a sheet is read as that entity.
    let (_, ds) = load_book(&bytes, Some("facility")).unwrap();
    assert_eq!(ds.inputs.len(), 1);
}

#[test]
fn no_sheet_recognised_is_an_error() {
    let bytes = book(|wb| {
        let ws = wb.add_worksheet().set_name("说明")?;
        ws.write_string(0, 0, "甲")?;
        ws.write_string(0, 1, "乙")?;
        Ok(())
    });
    let d = load_book(&bytes, None).map(|_| ()).unwrap_err();
    assert_eq!(d.code, "ylcheck::data::entity");
    let text = crate::diag::render_plain(&d, 100);
    assert!(text.contains("x.xlsx!说明"), "{text}");
    let empty = book(|wb| {
        wb.add_worksheet();
        Ok(())
    });
    let d = load_book(&empty, None).map(|_| ()).unwrap_err();
    assert_eq!(d.code, "ylcheck::data::empty");
}

#[test]
fn corrupt_workbooks_are_errors() {
    let good = book(|wb| {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "名称")?;
        ws.write_string(0, 1, "床位数")?;
        Ok(())
    });
    for bad in [
        b"PK\x03\x04 not really a zip".to_vec(),
        good[..good.len() / 2].to_vec(),
        Vec::new(),
    ] {
        let s = schema();
        let mut ds = Dataset::new(s.entities.len());
        let d = load("x.xlsx", &bad, Format::Xlsx, &s, None, &mut ds).unwrap_err();
        assert_eq!(d.code(), "ylcheck::data::xlsx");
        assert!(ds.sources.is_empty() && ds.inputs.is_empty());
    }
}

#[test]
fn too_many_columns() {
    let bytes = book(|wb| {
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "名称")?;
        ws.write_string(0, 1, "床位数")?;
        ws.write_string(3, 12_000, "x")?;
        Ok(())
    });
    let d = load_book(&bytes, None).map(|_| ()).unwrap_err();
    assert_eq!(d.code, "ylcheck::data::too_many_columns");
}

/// A share is read with the decimals its cell shows: `0.69` under `0.00%` is the
/// reader's 69.00 %, held to a hundredth of a point, not a bare 69 % that any
/// share from 68.5 % to 69.5 % would agree with. Digits stored beyond those shown
/// are kept: the value is never rounded.
#[test]
fn a_share_keeps_the_decimals_its_format_shows() {
    let bytes = book(|wb| {
        let two = XFormat::new().set_num_format("0.00%");
        let one = XFormat::new().set_num_format("#,##0.0%;[Red]-#,##0.0%");
        let ws = wb.add_worksheet().set_name("区划")?;
        ws.write_string(0, 0, "名称")?;
        ws.write_string(0, 1, "签约率")?;
        ws.write_string(0, 2, "智慧养老覆盖率")?;
        for (r, (name, signed, covered)) in [("城东", 0.69, 0.5), ("城西", 0.68996, 1.0)]
            .into_iter()
            .enumerate()
        {
            let r = u32::try_from(r + 1).unwrap();
            ws.write_string(r, 0, name)?;
            ws.write_number_with_format(r, 1, signed, &two)?;
            ws.write_number_with_format(r, 2, covered, &one)?;
        }
        Ok(())
    });
    let (_, ds) = ok(&bytes);
    let text = &ds.sources[0].text;
    for shown in ["69.00%", "50.0%", "68.996%", "100.0%"] {
        assert!(text.contains(shown), "{shown} not in {text}");
    }
}

#[test]
fn percentage_formats_and_their_decimals() {
    assert_eq!(percent_decimals("0%"), Some(0));
    assert_eq!(percent_decimals("0.00%"), Some(2));
    assert_eq!(percent_decimals("#,##0.0%"), Some(1));
    assert_eq!(percent_decimals("[Red]0.000%;0%"), Some(3));
    assert_eq!(percent_decimals("0.00"), None);
    assert_eq!(percent_decimals("0.0\"%\""), None);
    assert_eq!(percent_decimals("0.0\\%"), None);
    assert_eq!(percent_decimals("General"), None);
}

/// `bytes` with the part `part` rewritten.
fn rewrite(bytes: &[u8], part: &str, anew: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == part {
            data = anew(&String::from_utf8(data).unwrap()).into_bytes();
        }
        let options = zip::write::SimpleFileOptions::default();
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A sheet is rendered as its cells come: a cell given twice in its place
/// is rendered once, with its later value, and the cells after it, a blank
/// column between, and a cell with a line break in it are where the line
/// shows them.
#[test]
fn a_cell_given_twice_in_its_place_is_rendered_once() {
    let bytes = book(|wb| {
        let ws = wb.add_worksheet();
        for (c, h) in ["名称", "类型", "所在区县", "床位数", "", "服务内容"]
            .iter()
            .enumerate()
        {
            if !h.is_empty() {
                ws.write_string(0, c as u16, *h)?;
            }
        }
        ws.write_string(1, 0, "城东中心")?;
        ws.write_string(1, 1, "养老机构")?;
        ws.write_string(1, 2, "祥符区")?;
        ws.write_number(1, 3, 100)?;
        ws.write_string(1, 5, "助餐\n助浴")?;
        Ok(())
    });
    let twice = rewrite(&bytes, "xl/worksheets/sheet1.xml", |xml| {
        xml.replacen("<c r=\"D2\"", "<c r=\"D2\"><v>99999</v></c><c r=\"D2\"", 1)
    });
    assert_ne!(twice, bytes);
    for b in [&bytes, &twice] {
        let (s, ds) = ok(b);
        let lines: Vec<&str> = ds.sources[0].text.lines().collect();
        assert_eq!(
            lines[1],
            "城东中心 │ 养老机构 │ 祥符区 │ 100 │  │ 助餐 助浴"
        );
        assert_eq!(get(&s, &ds, "facility", 0, "beds"), &num(100));
        let rec = &ds.tables[s.entity("facility").unwrap()][0];
        let view = ds.view(rec).unwrap();
        for (field, shown, cell) in [("beds", "100", "D2"), ("services", "助餐 助浴", "F2")] {
            let loc = view.locate(rec, Some(slot(&s, "facility", field)));
            assert_eq!(&view.text[loc.offset..loc.offset + loc.len], shown);
            assert_eq!(cell_of(&s, &ds, "facility", 0, field), cell);
        }
        // A list's items on two lines of one cell are two items.
        let services = get(&s, &ds, "facility", 0, "services");
        assert_eq!(format!("{services:?}"), "List(\"助餐、助浴\")");
    }
}
