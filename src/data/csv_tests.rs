use super::lex::cell_span;
use super::*;
use crate::data::Pos;
use crate::data::ctx::{MAX_CELL, MAX_COLUMNS};
use crate::data::error::{en, shown};
use crate::data::load::tests::schema;
use crate::data::{CellMap, Dataset, Format, Invalid, Problem, load};
use crate::diag::Diag;
use crate::num::Q;

fn load_bytes(bytes: &[u8], entity: Option<EntityId>) -> Result<Dataset, Diag> {
    let s = schema();
    let mut ds = Dataset::new(s.entities.len());
    load("t.csv", bytes, Format::Csv, &s, entity, &mut ds).map_err(|e| shown(&e, false))?;
    Ok(ds)
}

fn ok(text: &str) -> Dataset {
    load_bytes(text.as_bytes(), None)
        .unwrap_or_else(|d| panic!("{}", crate::diag::render_plain(&d, 100)))
}

fn err(text: &str) -> Diag {
    match load_bytes(text.as_bytes(), None) {
        Ok(_) => panic!("loaded: {text:?}"),
        Err(d) => d,
    }
}

fn num(n: i64) -> Value<'static> {
    Value::Num(Q::int(n).into())
}

fn label(d: &Diag, text: &str) -> (usize, usize) {
    match d.labels.first() {
        Some(l) => abs_label(d, l, text),
        None => panic!("no label: {d:?}"),
    }
}

const FACILITIES: &str = "名称,类型,建筑面积,占地面积,床位数,服务功能,是否改造提升,投用日期\n\
城东中心,街道综合养老服务中心,2100,1.5,60,助餐、助浴,是,2022/12/31\n\
\"西关, 社区\",社区养老服务设施,\"1,234.5\",55.8亩,,,否,2022年1月5日\n";

#[test]
fn reads_chinese_headers_and_recognises_the_entity() {
    let ds = ok(FACILITIES);
    let t = &ds.tables[0];
    assert_eq!(t.len(), 2);
    assert_eq!(ds.inputs[0].entity, 0);
    assert!(ds.warnings.is_empty());
    let r = &t[0].values;
    assert_eq!(r[0], Value::Text("城东中心".into()));
    assert_eq!(r[1], Value::Enum(0));
    assert_eq!(r[2], num(2100));
    assert_eq!(r[3], num(1000)); // 1.5 亩: the field's own unit
    assert_eq!(r[4], num(60));
    assert_eq!(items(&r[5]), ["助餐", "助浴"]);
    assert_eq!(r[6], Value::Bool(true));
    assert_eq!(r[7], Value::Date(jiff::civil::date(2022, 12, 31)));
    let r = &t[1].values;
    assert_eq!(r[0], Value::Text("西关, 社区".into()));
    assert_eq!(r[2], Value::Num(Q::new(2469, 2).unwrap_or(Q::ZERO).into()));
    assert_eq!(r[3], num(37200));
    assert_eq!(r[4], Value::Missing);
    assert_eq!(
        t[1].pos,
        Pos {
            source: 0,
            row: 1,
            line: 3,
            offset: FACILITIES.find("\"西关").unwrap_or(0) as u32
        }
    );
    assert_eq!(t[0].pos.line, 2);
}

#[test]
fn decodes_gbk_and_bom() {
    let (gbk, _, _) = encoding_rs::GBK.encode(FACILITIES);
    let ds = load_bytes(&gbk, None).unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(ds.sources[0].encoding, "GBK/GB18030");
    assert_eq!(ds.tables[0][0].values[0], Value::Text("城东中心".into()));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(FACILITIES.as_bytes());
    let ds = load_bytes(&bom, None).unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(ds.tables[0].len(), 2);
    assert_eq!(&*ds.sources[0].text, FACILITIES);
    let d = match load_bytes(b"name\n\x80\xFF\xFE\n", None) {
        Err(d) => d,
        Ok(_) => panic!(),
    };
    assert_eq!(d.code, "ylcheck::data::encoding");
}

#[test]
fn invalid_cells_are_values_not_errors() {
    let ds = ok("名称,建筑面积,床位数,投用日期\n甲,12,5,2022-13-40\n乙,abc,-3,\n");
    let bad = |r: usize, s: usize| match &ds.tables[0][r].values[s] {
        Value::Invalid(i) => (**i).clone(),
        other => panic!("{other:?}"),
    };
    // `12,5` is split by the comma here, so it's `12` and `5`: the quoted case is below.
    assert_eq!(
        bad(0, 7),
        Invalid {
            text: "2022-13-40".into(),
            problem: Problem::BadDate
        }
    );
    assert_eq!(bad(1, 2).problem, Problem::NotANumber);
    assert_eq!(bad(1, 4).problem, Problem::Negative);
    let ds = ok("名称,建筑面积\n甲,\"12,5\"\n");
    assert!(
        matches!(&ds.tables[0][0].values[2], Value::Invalid(i) if i.problem == Problem::NotANumber)
    );
}

#[test]
fn unknown_column_is_a_located_warning() {
    let text = "名称,建筑面积,备注,床位\n甲,1,x,2\n";
    let ds = ok(text);
    assert_eq!(ds.warnings.len(), 2);
    let w = &en(&ds.warnings)[0];
    assert!(!w.is_error());
    assert_eq!(w.code, "ylcheck::data::unknown_column");
    assert_eq!(
        label(w, text),
        (text.find("备注").unwrap_or(0), "备注".len())
    );
    assert_eq!(
        w.help.as_deref(),
        Some("run `ylcheck template facility` to see the known fields")
    );
    assert_eq!(
        en(&ds.warnings)[1].help.as_deref(),
        Some("did you mean \"床位数\"?")
    );
}

#[test]
fn header_units() {
    let ds = ok("名称, 建筑面积（亩） ,占地面积(m2),床位数（张）\n甲,1.5,1000,3\n");
    assert!(ds.warnings.is_empty(), "{:?}", en(&ds.warnings));
    assert_eq!(
        &ds.tables[0][0].values.to_vec()[2..5],
        &[num(1000), num(1000), num(3)]
    );
    let ds = ok("名称,建筑面积（万平方米）,床位数\n甲,1.5,3\n乙,2 公顷,\n");
    assert_eq!(ds.warnings.len(), 1);
    assert_eq!(en(&ds.warnings)[0].code, "ylcheck::data::header_unit");
    let t = &ds.tables[0];
    assert!(
        matches!(&t[0].values[2], Value::Invalid(i) if i.problem == Problem::UnknownUnit { unit: "万平方米".into() })
    );
    assert_eq!(t[1].values[2], num(20_000));
}

#[test]
fn entity_recognition() {
    // region wins on its own columns; an explicit entity overrides.
    let ds = ok("名称,常住人口,签约率\n甲县,100,55\n");
    assert_eq!(ds.inputs[0].entity, 1);
    assert_eq!(
        ds.tables[1][0].values[2],
        Value::Num(Q::new(11, 20).unwrap_or(Q::ZERO).into())
    );
    let d = err("名称,foo,bar\n甲,1,2\n");
    assert_eq!(d.code, "ylcheck::data::entity");
    assert!(
        d.help.as_deref().unwrap_or("").contains("--entity"),
        "{:?}",
        d.help
    );
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("`facility` (养老服务设施)")
    );
    let ds = load_bytes("名称,foo,bar\n甲,1,2\n".as_bytes(), Some(0))
        .unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(ds.warnings.len(), 2);
    let d = match load_bytes(b"foo,bar\n1,2\n", Some(0)) {
        Err(d) => d,
        Ok(_) => panic!(),
    };
    assert_eq!(d.code, "ylcheck::data::no_columns");
    let d = err("名称,名称\n甲,乙\n");
    assert_eq!(d.code, "ylcheck::data::entity");
    let d = match load_bytes("name,名称\n甲,乙\n".as_bytes(), Some(0)) {
        Err(d) => d,
        Ok(_) => panic!(),
    };
    assert_eq!(d.code, "ylcheck::data::duplicate_column");
}

#[test]
fn a_repeated_header_names_the_next_field_with_that_alias() {
    let mut schema = Schema::default();
    schema.entities.push(crate::schema::Entity {
        name: "pairing".into(),
        checks: Vec::new(),
        key: Vec::new(),
        disjoint: None,
        home: None,
        labels: vec![],
        fields: ["staff1", "phone1", "staff2", "phone2"]
            .iter()
            .map(|n| crate::schema::Field {
                name: n.to_string(),
                ty: crate::schema::FieldType::Text,
                aliases: vec![if n.starts_with("phone") {
                    "电话".into()
                } else {
                    format!("包联人{}", &n[5..])
                }],
                names_county: false,
            })
            .collect(),
    });
    let mut ds = Dataset::new(1);
    let text = "包联人1,电话,包联人2,电话\n张三,13800000000,李四,13900000000\n";
    crate::data::load(
        "p.csv",
        text.as_bytes(),
        crate::data::Format::Csv,
        &schema,
        Some(0),
        &mut ds,
    )
    .map_err(|e| shown(&e, false))
    .unwrap_or_else(|d| panic!("{}", crate::diag::render_plain(&d, 100)));
    let r = &ds.tables[0][0];
    assert_eq!(r.values[1], Value::Text("13800000000".into()));
    assert_eq!(r.values[3], Value::Text("13900000000".into()));
}

#[test]
fn ragged_rows_and_quotes_are_located_errors() {
    let text = "名称,建筑面积\n甲,1\n乙,2,3\n";
    let d = err(text);
    assert_eq!(d.code, "ylcheck::data::ragged");
    assert_eq!(
        label(&d, text),
        (text.find("乙").unwrap_or(0), "乙,2,3".len())
    );
    let text = "名称,建筑面积\n甲\n";
    assert_eq!(err(text).code, "ylcheck::data::ragged");
    // trailing empty cells and blank rows are what Excel writes: accepted.
    let ds = ok("名称,建筑面积\n甲,1,,\n,\n\n乙,2\n");
    assert_eq!(ds.tables[0].len(), 2);
    assert_eq!(ds.tables[0][1].pos.line, 5);
    let text = "名称,建筑面积\n\"甲,1\n乙,2\n";
    let d = err(text);
    assert_eq!(d.code, "ylcheck::data::quote");
    assert_eq!(label(&d, text), (text.find('"').unwrap_or(0), 1));
    let text = "名称,建筑面积\n\"甲\"乙,1\n";
    let d = err(text);
    assert_eq!(d.code, "ylcheck::data::quote");
    assert_eq!(label(&d, text).0, text.find("乙").unwrap_or(0));
}

#[test]
fn header_only_and_delimiters() {
    let ds = ok("名称,建筑面积\n");
    assert_eq!(ds.tables[0].len(), 0);
    assert_eq!(ds.inputs[0].records, 0);
    let ds = ok("名称\t建筑面积\n甲\t1,234\n");
    assert_eq!(ds.tables[0][0].values[2], num(1234));
    assert!(matches!(
        ds.sources[0].cells,
        CellMap::Csv {
            delimiter: b'\t',
            ..
        }
    ));
    let ds = ok("名称;建筑面积\r\n甲;3\r\n");
    assert_eq!(ds.tables[0][0].values[2], num(3));
    assert_eq!(ds.tables[0][0].pos.line, 2);
}

#[test]
fn limits() {
    let mut big = String::from("名称,建筑面积\n\"");
    big.push_str(&"x".repeat(MAX_CELL + 1));
    big.push_str("\",1\n");
    assert_eq!(err(&big).code, "ylcheck::data::cell_too_large");
    let mut wide = vec!["c"; MAX_COLUMNS + 1].join(",");
    wide.push('\n');
    assert_eq!(err(&wide).code, "ylcheck::data::too_many_columns");
}

#[test]
fn cell_spans() {
    let text = "a,b,c\n城东,\"x,\"\"y\"\" \" ,  2000 亩 \r\n,,\n";
    let row = text.find('城').unwrap_or(0);
    let span = |col| cell_span(text, row, b',', col).map(|(s, l)| &text[s..s + l]);
    assert_eq!(span(0), Some("城东"));
    assert_eq!(span(1), Some("x,\"\"y\"\" "));
    assert_eq!(span(2), Some("2000 亩"));
    assert_eq!(span(3), None);
    let last = text.rfind(",,").unwrap_or(0);
    assert_eq!(cell_span(text, last, b',', 2), Some((last + 2, 0)));
    assert_eq!(cell_span(text, text.len() + 5, b',', 0), None);
    assert_eq!(cell_span(text, row + 1, b',', 0), None); // not a char boundary
}

#[test]
fn locate_points_at_the_cell() {
    let ds = ok(FACILITIES);
    let r = &ds.tables[0][1];
    let loc = ds.locate(r, Some(2));
    assert_eq!(
        &ds.sources[0].text[loc.offset..loc.offset + loc.len],
        "1,234.5"
    );
    assert_eq!((loc.line, loc.column), (3, 20));
    let loc = ds.locate(r, Some(5)); // blank cell: an empty span where it would be
    assert_eq!((loc.line, loc.len), (3, 0));
    let loc = ds.locate(&ds.tables[0][0], None);
    assert_eq!((loc.line, loc.column), (2, 1));
}

fn items<'a>(v: &'a Value<'_>) -> Vec<&'a str> {
    match v {
        Value::List(cell) => crate::data::list_items(cell).collect(),
        other => panic!("not a list: {other:?}"),
    }
}

/// A label's span in the whole text (a diagnostic shows only the lines around it).
fn abs_label(d: &crate::diag::Diag, l: &miette::LabeledSpan, text: &str) -> (usize, usize) {
    let first = d.source.as_ref().map_or(1, |s| s.first_line);
    let start: usize = text
        .split_inclusive('\n')
        .take(first - 1)
        .map(str::len)
        .sum();
    (start + l.offset(), l.len())
}

#[test]
fn title_rows_above_the_header_are_skipped() {
    // As a sheet with a title and a note is saved as CSV: the title's row keeps
    // the other columns' separators.
    let ds = ok(
        "开封市养老服务设施统计表,,,\n填报单位：祥符区民政局,,,\n\n名称,类型,床位数,\n甲,街道综合养老服务中心,30,\n",
    );
    assert!(ds.warnings.is_empty(), "{:?}", en(&ds.warnings));
    assert_eq!(ds.tables[0].len(), 1);
    let r = &ds.tables[0][0];
    assert_eq!(r.values[0], Value::Text("甲".into()));
    let loc = ds.locate(r, Some(0));
    assert_eq!(loc.line, 5);
    // A first line naming even one field is the header, as before, though a
    // later line names two.
    let ds = load_bytes("名称,甲乙\n名称,床位数\n".as_bytes(), Some(0)).unwrap();
    assert_eq!(ds.tables[0].len(), 1);
}
