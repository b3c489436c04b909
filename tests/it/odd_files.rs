//! Odd but valid files that once gave wrong answers: a record contradicting itself,
//! the same file or record given twice, a workbook's stale formulas and hidden
//! sheets, a settings file planted beside the data.

use crate::common;

/// 70 nursing-type beds out of 60 beds passed the 55 % share: the record fails its
/// entity's `check nursing_beds <= beds`, gets an error at the cell, and the share
/// is unknown, never a pass.
#[test]
fn more_nursing_beds_than_beds_is_unknown_not_a_pass() {
    for lang in ["zh", "en"] {
        let out = common::ylcheck(
            &[
                "--lang",
                lang,
                "check",
                "--as-of",
                "2026-01-01",
                "--select",
                "huaiyang-2022-2/institution-nursing-share",
                "tests/odd_files/护理床位多于床位.csv",
                "tests/odd_files/淮阳区.csv",
            ],
            None,
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        assert!(
            out.stderr.contains("ylcheck::data::invariant"),
            "{}",
            out.transcript()
        );
        insta::assert_snapshot!(format!("nursing-beds-over-beds-{lang}"), out.transcript());
    }
    let out = common::ylcheck(
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-01-01",
            "--select",
            "huaiyang-2022-2/institution-nursing-share",
            "tests/odd_files/护理床位多于床位.csv",
            "tests/odd_files/淮阳区.csv",
        ],
        None,
    );
    let v = out.json();
    assert_eq!(v["summary"]["passed"], 0, "{}", out.stdout);
    assert_eq!(v["summary"]["unknown"], 1, "{}", out.stdout);
    let text = out.stdout;
    assert!(text.contains("ylcheck::data::invariant"), "{text}");
}

/// 祥符区 needs 20000 m² of elder-care land. Parcel XF-01 (12000 m²) given again
/// under the county's full name made 27000 m²: a pass. The second row is reported
/// at its name cell and left out of the sum, so the county fails with 15000 m².
#[test]
fn a_parcel_given_twice_counts_once() {
    for lang in ["zh", "en"] {
        let out = common::ylcheck(
            &[
                "--lang",
                lang,
                "check",
                "--as-of",
                "2026-01-01",
                "--select",
                "kaifeng-2022-2/care-land-per-capita",
                "tests/odd_files/祥符区.csv",
                "tests/odd_files/地块重复.csv",
            ],
            None,
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        insta::assert_snapshot!(format!("parcel-given-twice-{lang}"), out.transcript());
    }
}

/// The same file twice, by one path or as `-` beside its path, is read once.
#[test]
fn the_same_file_twice_is_read_once() {
    let parcels = std::fs::read(common::root().join("tests/odd_files/地块.csv")).unwrap();
    for extra in ["tests/odd_files/地块.csv", "-"] {
        let out = common::ylcheck(
            &[
                "--lang",
                "en",
                "check",
                "--format",
                "json",
                "--as-of",
                "2026-01-01",
                "--select",
                "kaifeng-2022-2/care-land-per-capita",
                "tests/odd_files/祥符区.csv",
                "tests/odd_files/地块.csv",
                extra,
            ],
            Some(&parcels),
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        let v = out.json();
        assert_eq!(v["summary"]["failed"], 1, "{}", out.stdout);
        assert!(
            out.stdout.contains("ylcheck::data::duplicate_file"),
            "{}",
            out.stdout
        );
        assert!(out.stdout.contains("12000"), "{}", out.stdout);
    }
}

/// A `ylcheck.toml` planted in a submitted folder turned a failing run into exit 0
/// without a word. The run still obeys it, but every report records the settings
/// in force and lists the rules the file turned off as not checked, naming it;
/// `--no-config` ignores it.
#[test]
fn a_planted_settings_file_is_recorded() {
    let dir = common::root().join("tests/odd_files/planted");
    let args = |extra: &[&'static str]| {
        let mut a = vec!["--lang", "en", "check", "--as-of", "2026-01-01"];
        a.extend_from_slice(extra);
        a.extend(["护理床位多于床位.csv", "淮阳区.csv"]);
        a
    };
    let out = common::ylcheck_in(&dir, &args(&["--format", "json"]), None);
    assert_eq!(out.code, 0, "{}", out.transcript());
    let v = out.json();
    let st = &v["settings"];
    assert_eq!(st["file"], "ylcheck.toml", "{st}");
    assert_eq!(st["fail_on"], "never", "{st}");
    assert_eq!(
        st["from_file"],
        serde_json::json!(["ignore", "fail_on"]),
        "{st}"
    );
    assert_eq!(
        st["ignore"],
        serde_json::json!(["huaiyang-2022-2/institution-nursing-share"])
    );
    let off: Vec<&serde_json::Value> = v["not_checked"]
        .as_array()
        .expect("not_checked")
        .iter()
        .filter(|n| n["rule"] == "huaiyang-2022-2/institution-nursing-share")
        .collect();
    assert_eq!(off.len(), 1, "{}", v["not_checked"]);
    assert!(
        off[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("ylcheck.toml")),
        "{}",
        off[0]
    );

    let human = common::ylcheck_in(&dir, &args(&[]), None);
    assert_eq!(human.code, 0, "{}", human.transcript());
    assert!(
        human.stdout.contains(
            "settings: ylcheck.toml (ignore, fail_on); ignore huaiyang-2022-2/institution-nursing-share; fail_on never"
        ),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains(
            "huaiyang-2022-2/institution-nursing-share: turned off by the settings file ylcheck.toml"
        ),
        "{}",
        human.stdout
    );
    for (format, needle) in [
        ("markdown", "`settings: ylcheck.toml (ignore, fail_on)"),
        ("html", "settings: ylcheck.toml (ignore, fail_on)"),
        ("sarif", "\"settings\": {"),
        ("junit", "name=\"settings_file\" value=\"ylcheck.toml\""),
        (
            "github",
            "::notice title=ylcheck::settings::settings: ylcheck.toml",
        ),
    ] {
        let out = common::ylcheck_in(&dir, &args(&["--format", format]), None);
        assert_eq!(out.code, 0, "{format}: {}", out.transcript());
        assert!(out.stdout.contains(needle), "{format}: {}", out.stdout);
    }

    // A settings file in a folder whose name is Markdown: the list of rules it
    // turned off shows the name, never a live link.
    let tmp = tempfile::tempdir().expect("temp dir");
    let folder = tmp.path().join("[x](https:evil.example)");
    std::fs::create_dir_all(&folder).expect("mkdir");
    for f in ["ylcheck.toml", "护理床位多于床位.csv", "淮阳区.csv"] {
        std::fs::copy(dir.join(f), folder.join(f)).expect("copy");
    }
    let out = common::ylcheck_in(
        tmp.path(),
        &[
            "--lang",
            "en",
            "check",
            "--as-of",
            "2026-01-01",
            "--format",
            "markdown",
            "--config",
            "[x](https:evil.example)/ylcheck.toml",
            "[x](https:evil.example)/护理床位多于床位.csv",
            "[x](https:evil.example)/淮阳区.csv",
        ],
        None,
    );
    let listed = out
        .stdout
        .lines()
        .find(|l| l.starts_with("- `huaiyang-2022-2/institution-nursing-share`"))
        .unwrap_or_else(|| panic!("{}", out.stdout));
    assert!(
        listed.contains("\\[x\\]\\(https\\:evil.example\\)"),
        "{listed}"
    );

    let strict = common::ylcheck_in(&dir, &args(&["--no-config", "--format", "json"]), None);
    assert_eq!(strict.code, 1, "{}", strict.transcript());
    let v: serde_json::Value = serde_json::from_str(&strict.stdout).expect("json");
    assert_eq!(v["settings"]["file"], serde_json::Value::Null);
    assert_eq!(v["settings"]["fail_on"], "error");
}

/// A facility sheet and a county sheet; `nursing` writes the facility's nursing
/// beds, `extra` adds sheets.
fn workbook(
    nursing: impl Fn(&mut rust_xlsxwriter::Worksheet) -> Result<(), rust_xlsxwriter::XlsxError>,
    extra: impl Fn(&mut rust_xlsxwriter::Workbook) -> Result<(), rust_xlsxwriter::XlsxError>,
) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("设施").unwrap();
    for (c, h) in ["名称", "类型", "县（区）", "床位数", "护理型床位数"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "淮阳区第一养老院").unwrap();
    ws.write_string(1, 1, "养老机构").unwrap();
    ws.write_string(1, 2, "淮阳区").unwrap();
    ws.write_number(1, 3, 100).unwrap();
    nursing(ws).unwrap();
    let ws = wb.add_worksheet().set_name("区划").unwrap();
    ws.write_string(0, 0, "名称").unwrap();
    ws.write_string(0, 1, "级别").unwrap();
    ws.write_string(1, 0, "淮阳区").unwrap();
    ws.write_string(1, 1, "区").unwrap();
    extra(&mut wb).unwrap();
    wb.save_to_buffer().unwrap()
}

/// The workbook with one part's text rewritten.
pub(crate) fn rewrite(bytes: &[u8], part: &str, from: &str, to: &str) -> Vec<u8> {
    rewrite_with(bytes, part, |text| {
        assert!(text.contains(from), "{text}");
        text.replace(from, to)
    })
}

/// The workbook with one part's text made anew by `anew`.
fn rewrite_with(bytes: &[u8], part: &str, anew: impl Fn(&str) -> String) -> Vec<u8> {
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
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn check_workbook(bytes: &[u8]) -> (common::Output, serde_json::Value) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("淮阳区.xlsx"), bytes).unwrap();
    let out = common::ylcheck_in(
        tmp.path(),
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
            "huaiyang-2022-2/institution-nursing-share",
            "淮阳区.xlsx",
        ],
        None,
    );
    let v = out.json();
    (out, v)
}

/// Excel recalculates a workbook that says `fullCalcOnLoad` when it opens it, and
/// shows 30 nursing beds of 100; the saved value of the formula says 60, which
/// passed the 55 % share. Such a formula cell is reported at its cell and
/// unreadable: the share is unknown, never a pass.
#[test]
fn a_formula_recalculated_on_opening_is_not_taken_at_its_saved_value() {
    let bytes = workbook(
        |ws| {
            ws.write_formula(1, 4, rust_xlsxwriter::Formula::new("=30").set_result("60"))
                .map(|_| ())
        },
        |_| Ok(()),
    );
    let (out, v) = check_workbook(&bytes);
    assert_eq!(out.code, 1, "{}", out.transcript());
    assert_eq!(v["summary"]["passed"], 0, "{}", out.stdout);
    assert_eq!(v["summary"]["unknown"], 1, "{}", out.stdout);
    let stale: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "ylcheck::data::stale_formula")
        .collect();
    assert_eq!(stale.len(), 1, "{}", out.stdout);
    assert_eq!(stale[0]["location"]["cell"], "E2", "{}", stale[0]);
    assert!(
        stale[0]["message"].as_str().unwrap().contains("设施"),
        "{}",
        stale[0]
    );

    // Without the request to recalculate, the saved value is what Excel shows.
    let saved = rewrite(&bytes, "xl/workbook.xml", " fullCalcOnLoad=\"1\"", "");
    let (out, v) = check_workbook(&saved);
    assert_eq!(v["summary"]["passed"], 1, "{}", out.stdout);
    assert!(!out.stdout.contains("stale_formula"), "{}", out.stdout);
}

/// A very hidden sheet (out of sight even from Excel's Unhide menu) held a second
/// institution that lifted the share from 40 % to 70 %. It is named in a warning
/// and not read; a merely hidden sheet is read, with a note.
#[test]
fn a_very_hidden_sheet_is_reported_and_not_read() {
    let with_sheet = |hidden: bool| {
        workbook(
            |ws| ws.write_number(1, 4, 40).map(|_| ()),
            move |wb| {
                let ws = wb.add_worksheet().set_name("设施2")?;
                for (c, h) in ["名称", "类型", "县（区）", "床位数", "护理型床位数"]
                    .iter()
                    .enumerate()
                {
                    ws.write_string(0, c as u16, *h)?;
                }
                ws.write_string(1, 0, "淮阳区康养中心")?;
                ws.write_string(1, 1, "养老机构")?;
                ws.write_string(1, 2, "淮阳区")?;
                ws.write_number(1, 3, 100)?;
                ws.write_number(1, 4, 100)?;
                ws.set_hidden(hidden);
                Ok(())
            },
        )
    };
    let hidden = with_sheet(true);
    let very = rewrite(
        &hidden,
        "xl/workbook.xml",
        "state=\"hidden\"",
        "state=\"veryHidden\"",
    );
    let (out, v) = check_workbook(&very);
    assert_eq!(out.code, 1, "{}", out.transcript());
    assert_eq!(v["summary"]["failed"], 1, "{}", out.stdout);
    assert!(
        out.stdout.contains("ylcheck::data::very_hidden_sheet") && out.stdout.contains("设施2"),
        "{}",
        out.stdout
    );

    let (out, v) = check_workbook(&hidden);
    assert_eq!(v["summary"]["passed"], 1, "{}", out.stdout);
    assert!(
        out.stdout.contains("ylcheck::data::hidden_sheet"),
        "{}",
        out.stdout
    );
}

/// 禹王台区 needs 33000 m² of elder-care land. One parcel's polygon (about
/// 19700 m²) given again under another name made 39400 m²: a pass. The second
/// lies wholly within the first: reported, and counted once, so the county fails.
/// A parcel overlapping another by half counts only the half outside it.
#[test]
fn overlapping_parcels_count_their_land_once() {
    for (file, lang) in [
        ("tests/odd_files/同一地块两个名称.geojson", "zh"),
        ("tests/odd_files/同一地块两个名称.geojson", "en"),
        ("tests/odd_files/地块部分重叠.geojson", "en"),
    ] {
        let out = common::ylcheck(
            &[
                "--lang",
                lang,
                "check",
                "--as-of",
                "2026-01-01",
                "--select",
                "kaifeng-2022-2/care-land-per-capita",
                file,
            ],
            None,
        );
        assert_eq!(out.code, 1, "{}", out.transcript());
        assert!(
            out.stderr.contains("ylcheck::data::overlap"),
            "{}",
            out.transcript()
        );
        let name = if file.contains("部分") {
            "partly"
        } else {
            "same"
        };
        insta::assert_snapshot!(format!("overlap-{name}-{lang}"), out.transcript());
    }
}

/// `check`, `key` and `disjoint` are read from an entity block, and checked: a
/// `check` between other dimensions, of a field that is no quantity, or a
/// `disjoint` field that is no geometry, is an error at the rule text.
#[test]
fn entity_checks_keys_and_disjoint_are_declared() {
    use std::sync::Arc;
    use ylcheck::i18n::Lang;
    let compile =
        |text: &str| ylcheck::rules::compile(&[("t.rules".to_string(), Arc::from(text))], Lang::En);
    let set = compile(
        "entity t { name: text\n a: count\n b: count\n r: ratio\n g: geometry\n \
         check a <= b zh \"甲\" en \"a\"\n check r <= 100% zh \"乙\" en \"r\"\n \
         key name\n disjoint g\n check: text }\n",
    )
    .expect("compiles");
    let e = &set.schema.entities[set.schema.entity("t").unwrap()];
    assert_eq!(e.checks.len(), 2);
    assert_eq!(e.key, vec![0]);
    assert_eq!(e.disjoint, Some(4));
    assert!(
        e.field("check").is_some(),
        "a field may still be called check"
    );
    for (bad, code) in [
        (
            "entity t { a: count\n g: area\n check a <= g zh \"甲\" en \"a\" }",
            "ylcheck::rules::dimension",
        ),
        (
            "entity t { a: text\n b: count\n check a <= b zh \"甲\" en \"a\" }",
            "ylcheck::rules::type",
        ),
        ("entity t { a: count\n disjoint a }", "ylcheck::rules::type"),
        (
            "entity t { a: count\n key nope }",
            "ylcheck::rules::unknown-field",
        ),
    ] {
        let Err(errs) = compile(bad) else {
            panic!("{bad} compiles")
        };
        assert!(errs.iter().any(|d| d.code == code), "{bad}: {errs:?}");
    }
}

/// Two records of one name that name no place are not thereby one record: neither
/// is dropped as the other's repeat (a blank county is no county in common).
#[test]
fn a_name_with_no_place_is_not_a_repeat() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("facilities.csv");
    std::fs::write(
        &path,
        "名称,类型,县（区）,街道,床位数\n幸福院,农村幸福院,,,10\n幸福院,农村幸福院,,,12\n\
         祥符区敬老院,乡镇敬老院,祥符区,八里湾镇,40\n祥符区敬老院,乡镇敬老院,祥符区,八里湾镇,40\n",
    )
    .expect("write");
    let out = common::ylcheck(
        &[
            "check",
            "--format",
            "json",
            "--region",
            "开封市",
            "--as-of",
            "2026-01-01",
            path.to_str().expect("utf-8"),
        ],
        None,
    );
    let v = out.json();
    let repeats: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "ylcheck::data::duplicate")
        .collect();
    // The placed repeat is reported; the two unplaced 幸福院 are not.
    assert_eq!(repeats.len(), 1, "{}", out.stdout);
    assert!(
        repeats[0]["message"]
            .as_str()
            .expect("message")
            .contains("祥符区敬老院")
    );
}

/// A repeat far into a large CSV (past its first chunks, from a file and from
/// standard input) is reported with its line's text: the line is read again
/// once it is known to be a repeat, since no line is copied while checking.
#[test]
fn a_repeat_deep_in_a_large_csv_shows_its_line() {
    let mut csv = String::from("地块名称,用地性质,县（区）,用地面积\n");
    for i in 0..60_000 {
        csv.push_str(&format!("XF-{i:05},养老服务设施用地,开封市祥符区,1\n"));
    }
    csv.push_str("XF-00007,养老服务设施用地,开封市祥符区,1\n");
    let last = 60_002;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("地块.csv");
    std::fs::write(&file, &csv).unwrap();
    for input in [file.to_str().unwrap(), "-"] {
        let out = common::ylcheck(
            &[
                "--lang",
                "en",
                "check",
                "--format",
                "json",
                "--as-of",
                "2026-01-01",
                "--select",
                "kaifeng-2022-2/care-land-per-capita",
                "tests/odd_files/祥符区.csv",
                input,
            ],
            (input == "-").then_some(csv.as_bytes()),
        );
        let v = out.json();
        let dups = common::diagnostics(&v, |c| c == "ylcheck::data::duplicate");
        assert_eq!(dups.len(), 1, "{}", out.stdout);
        let message = dups[0]["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("line {last} repeats")) && message.contains("`XF-00007`"),
            "{message}"
        );
        assert!(message.contains(":9"), "the first is on line 9: {message}");
    }
}

/// A CSV saved from a sheet with a title and a note above its header is read from
/// its header, as the workbook is.
#[test]
fn a_csv_with_title_rows_is_read_from_its_header() {
    let out = common::ylcheck(
        &[
            "--lang",
            "en",
            "check",
            "--format",
            "json",
            "--allow-empty",
            "--as-of",
            "2026-01-01",
            "tests/odd_files/标题行.csv",
        ],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.transcript());
    let v = out.json();
    assert_eq!(v["summary"]["records"], 1, "{}", out.stdout);
    let data = common::diagnostics(&v, |c| c.starts_with("ylcheck::data::"));
    assert!(data.is_empty(), "{data:?}");
}

/// Two homes of 100 beds each, 60 and 30 of them nursing-type: their county's
/// share reads "90 nursing-type beds of 200" when each is read once.
fn two_homes() -> Vec<u8> {
    workbook(
        |ws| {
            ws.write_number(1, 4, 60)?;
            ws.write_string(2, 0, "淮阳区第二养老院")?;
            ws.write_string(2, 1, "养老机构")?;
            ws.write_string(2, 2, "淮阳区")?;
            ws.write_number(2, 3, 100)?;
            ws.write_number(2, 4, 30).map(|_| ())
        },
        |_| Ok(()),
    )
}

/// A writer other than Excel may give a sheet's rows out of order, and a cell
/// twice (the later one stands): such a sheet reads as the same sheet in order,
/// each record at its own row.
#[test]
fn a_sheet_whose_rows_come_out_of_order_reads_as_in_order() {
    let bytes = two_homes();
    // Row 3 before row 2, its beds given twice (999, then 100).
    let shuffled = rewrite_with(&bytes, "xl/worksheets/sheet1.xml", |xml| {
        let row = |n: usize| {
            let start = xml.find(&format!("<row r=\"{n}\"")).unwrap();
            (
                start,
                start + xml[start..].find("</row>").unwrap() + "</row>".len(),
            )
        };
        let ((a, b), (c, d)) = (row(2), row(3));
        assert_eq!(b, c, "{xml}");
        let three = xml[c..d].replacen("<c r=\"D3\"", "<c r=\"D3\"><v>999</v></c><c r=\"D3\"", 1);
        format!("{}{three}{}{}", &xml[..a], &xml[a..b], &xml[d..])
    });
    let (out, ordered) = check_workbook(&bytes);
    assert_eq!(out.code, 1, "{}", out.transcript());
    let (out, read) = check_workbook(&shuffled);
    assert_eq!(out.code, 1, "{}", out.transcript());
    assert_eq!(read["findings"], ordered["findings"]);
    // Both rows are read, each once, the second with its later beds: 60 + 30
    // nursing-type beds of 100 + 100.
    let found = read["findings"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{}", out.stdout);
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("90 nursing-type beds of 200"), "{message}");
}

/// A cell given twice in its place, the rest of its row after it: the later
/// value stands, and the cells after it are where they are in the sheet read
/// once, so every finding is located as before.
#[test]
fn a_cell_given_twice_in_order_reads_as_given_once() {
    let bytes = two_homes();
    let twice = rewrite_with(&bytes, "xl/worksheets/sheet1.xml", |xml| {
        xml.replacen("<c r=\"D3\"", "<c r=\"D3\"><v>99999</v></c><c r=\"D3\"", 1)
    });
    assert_ne!(twice, bytes);
    let (out, ordered) = check_workbook(&bytes);
    assert_eq!(out.code, 1, "{}", out.transcript());
    let (out, read) = check_workbook(&twice);
    assert_eq!(out.code, 1, "{}", out.transcript());
    assert_eq!(read["findings"], ordered["findings"]);
    let message = read["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("90 nursing-type beds of 200"), "{message}");
}
