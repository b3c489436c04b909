//! `ylcheck template`: what it writes is read back by `check` exactly (every header
//! known, every unit understood), the workbook has its drop-downs and 填报说明, and
//! `docs/fields.md` is the current data dictionary.

use crate::common;

use calamine::Reader;

const ENTITIES: [&str; 10] = [
    "facility",
    "region",
    "district",
    "parcel",
    "progress_kf",
    "subsidy_claim",
    "caregiver_claim",
    "pairing",
    "visit",
    "progress_pds",
];

#[test]
fn docs_fields_md_is_up_to_date() {
    let out = common::ylcheck(&["--lang", "zh", "template", "--fields"], None);
    assert_eq!(out.code, 0, "{}", out.transcript());
    let doc = std::fs::read_to_string(common::root().join("docs/fields.md")).unwrap();
    assert!(
        doc == out.stdout,
        "docs/fields.md is out of date: run `cargo run -- --lang zh template --fields -o docs/fields.md`"
    );
}

#[test]
fn without_an_entity_the_entities_are_listed() {
    let out = common::ylcheck(&["--lang", "zh", "template"], None);
    assert_eq!(out.code, 0, "{}", out.transcript());
    for e in ENTITIES {
        assert!(out.stdout.contains(e), "{e} missing: {}", out.stdout);
    }
    insta::assert_snapshot!("template-list-zh", out.stdout);
}

/// Every entity's CSV template, in both languages, starts with a byte-order mark
/// and is read back by `check` with every column known and every unit understood.
#[test]
fn every_csv_template_reads_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["zh", "en"] {
        for e in ENTITIES {
            let path = dir.path().join(format!("{e}-{lang}.csv"));
            let path = path.to_str().unwrap();
            let out = common::ylcheck(&["--lang", lang, "template", e, "-o", path], None);
            assert_eq!(out.code, 0, "{}", out.transcript());
            let bytes = std::fs::read(path).unwrap();
            assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{e} {lang}: no BOM");
            let check = common::ylcheck(
                &[
                    "--lang", "en", "check", "--format", "json", "--entity", e, path,
                ],
                None,
            );
            let v = check.json();
            let codes = common::diagnostics(&v, |c| {
                c.starts_with("ylcheck::data::") && c != "ylcheck::data::no_rows"
            });
            assert!(codes.is_empty(), "{e} {lang}: {codes:?}\n{}", check.stdout);
        }
    }
}

/// The workbook: the entity's sheet with the CSV's headers and a check on every
/// enum, yes/no and quantity column, the 填报说明 sheet with a row per field, and
/// the hidden list of choices; `check` reads its data sheet with every column
/// known.
#[test]
fn the_workbook_template_has_drop_downs_and_instructions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("设施.xlsx");
    let path = path.to_str().unwrap();
    let out = common::ylcheck(
        &["--lang", "zh", "template", "facility", "--xlsx", "-o", path],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.transcript());
    let csv = common::ylcheck(&["--lang", "zh", "template", "facility"], None);
    let headers: Vec<String> = csv
        .stdout
        .trim_start_matches('\u{feff}')
        .trim_end()
        .split(',')
        .map(str::to_string)
        .collect();

    let mut book = calamine::open_workbook_auto(path).unwrap();
    assert_eq!(book.sheet_names(), ["养老服务设施", "填报说明", "选项"]);
    let data = book.worksheet_range("养老服务设施").unwrap();
    let row: Vec<String> = data
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(row, headers);
    let help = book.worksheet_range("填报说明").unwrap();
    assert_eq!(help.height(), headers.len() + 1);
    let kinds: Vec<String> = help.rows().map(|r| r[0].to_string()).collect();
    assert_eq!(kinds[1..], headers[..]);
    let kind_row = help.rows().find(|r| r[1] == "kind").unwrap();
    assert!(kind_row[3].to_string().contains("街道综合养老服务中心"));
    assert!(
        !kind_row[5].to_string().is_empty(),
        "the standards using 类型"
    );
    let choices = book.worksheet_range("选项").unwrap();
    assert_eq!(choices.rows().next().unwrap()[0].to_string(), "类型");

    // The drop-downs and number checks, as the sheet's XML declares them.
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    let lists = xml.matches("type=\"list\"").count();
    let numbers = xml.matches("type=\"decimal\"").count() + xml.matches("type=\"whole\"").count();
    // kind, grade, operator and four yes/no fields; areas and bed counts.
    assert!(lists >= 6, "{lists} lists");
    assert!(numbers >= 5, "{numbers} number checks");
    assert!(
        xml.contains("'选项'!$A$2"),
        "the list of 类型 is on the choices sheet"
    );

    let check = common::ylcheck(&["--lang", "en", "check", "--format", "json", path], None);
    let v = check.json();
    let unknown = common::diagnostics(&v, |c| c == "ylcheck::data::unknown_column");
    assert!(unknown.is_empty(), "{unknown:?}");
}

#[test]
fn a_workbook_is_not_written_to_the_terminal() {
    let out = common::ylcheck(&["--lang", "en", "template", "facility", "--xlsx"], None);
    assert_eq!(out.code, 2, "{}", out.transcript());
    assert!(out.stderr.contains("name a file with -o"), "{}", out.stderr);
    let out = common::ylcheck(&["--lang", "zh", "template", "facilty"], None);
    assert_eq!(out.code, 2, "{}", out.transcript());
    // In Chinese the suggestion is the entity's label, which the command takes too.
    assert!(
        out.stderr.contains("是不是“养老服务设施”"),
        "did you mean: {}",
        out.stderr
    );
    let out = common::ylcheck(&["--lang", "zh", "template", "养老服务设施"], None);
    assert_eq!(out.code, 0, "{}", out.transcript());
}
