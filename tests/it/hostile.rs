//! A file from someone else cannot write to the reader's terminal, the CI log, a
//! merge-request comment or an XML report: control sequences, lone CRs, bidi
//! overrides, Markdown and XML-invalid characters in cells reach every format as
//! visible text.

use crate::common;

/// A facility table whose cells try everything: clear the screen (in 7 and 8
/// bits), set the window title, write the clipboard, ring the bell, end a line
/// for the Actions runner and start a workflow command, break a line as some
/// viewers do, reverse and isolate the text, make live Markdown, break XML.
const HOSTILE: &str = "名称,类型,县（区）,街道,建筑面积（平方米）,位置\n\
\"\u{1b}[2J\u{1b}]0;title\u{7}\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}2J\u{85}\u{2028}全部通过\r::error::forged\u{202e}cba\u{2066}\",街道综合养老服务中心,龙亭区,北书店街道,1500,\"114.35,34.80\"\n\
\"[link](https://evil.example) ![img](https://evil.example/x.png) <img src=x onerror=alert(1)> # head \u{ffff}\u{1}\",街道综合养老服务中心,龙亭区,州桥街道,abc\u{1b}[31m,\"114.36,34.81\"\n";

/// No character a terminal or log would obey: C0 but `\n` and `\t`, DEL, C1, CR,
/// bidi controls, the line and paragraph separators some viewers break at.
fn obeyed(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
            | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}'
            | '\u{61c}' | '\u{2028}' | '\u{2029}')
    })
}

/// The name the hostile table's first record has, as the file holds it.
fn first_name() -> &'static str {
    HOSTILE.split('"').nth(1).unwrap_or_default()
}

fn xml_invalid(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
    })
}

#[test]
fn hostile_cells_are_shown_never_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("facilities.csv");
    std::fs::write(&path, HOSTILE).unwrap();
    let p = path.to_str().unwrap();
    for format in [
        "human", "github", "markdown", "junit", "json", "sarif", "html",
    ] {
        for lang in ["zh", "en"] {
            let out = common::ylcheck(
                &[
                    "check",
                    "--format",
                    format,
                    "--lang",
                    lang,
                    "--region",
                    "开封市",
                    "--as-of",
                    "2026-01-01",
                    p,
                ],
                None,
            );
            assert_eq!(out.code, 1, "{format}: {}", out.transcript());
            assert!(
                out.stdout.contains("全部通过"),
                "{format}: the cell is still shown"
            );
            assert_eq!(
                obeyed(&out.stderr),
                None,
                "{format} stderr: {:?}",
                out.stderr
            );
            // JSON and SARIF escape what the rest show escaped; they go to
            // terminals as readily.
            assert_eq!(obeyed(&out.stdout), None, "{format}: {:?}", out.stdout);
            if matches!(format, "human" | "github" | "html") {
                assert!(
                    out.stdout.contains("\\u{1b}"),
                    "{format}: the escape is visible"
                );
            }
            if format == "json" {
                // Escaped as JSON: the same document, every name as the file has it.
                let v = out.json();
                let records: Vec<&str> = v["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|f| f["record"].as_str())
                    .collect();
                assert!(records.contains(&first_name()), "{records:?}");
            }
            if format == "sarif" {
                let v = out.json();
                let records: Vec<&str> = v["runs"][0]["results"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|r| r["properties"]["record"].as_str())
                    .collect();
                assert!(records.contains(&first_name()), "{records:?}");
            }
            if format == "github" {
                // The forged command stays inside the annotation's line.
                for line in out.stdout.lines() {
                    assert!(
                        line.starts_with("::") || line.is_empty(),
                        "a line that is not ylcheck's: {line:?}"
                    );
                    assert!(!line.contains("::error::forged") || line.starts_with("::error file="));
                }
            }
            if format == "markdown" {
                for (i, c) in out.stdout.char_indices() {
                    if matches!(c, '[' | '<' | '!') {
                        assert_eq!(
                            out.stdout[..i].chars().last(),
                            Some('\\'),
                            "live Markdown at {i}: {}",
                            &out.stdout[i.saturating_sub(40)..(i + 10).min(out.stdout.len())]
                        );
                    }
                }
            }
            if matches!(format, "junit" | "html") {
                assert_eq!(xml_invalid(&out.stdout), None, "{format}: {:?}", out.stdout);
            }
        }
    }
    let map = common::ylcheck(
        &["map", "--region", "开封市", "--as-of", "2026-01-01", p],
        None,
    );
    assert_eq!(map.code, 0, "{}", map.transcript());
    assert_eq!(xml_invalid(&map.stdout), None, "map: not well-formed");
    assert_eq!(obeyed(&map.stdout.replace('\r', "")), None, "map");
}

/// A cell of thousands of characters is quoted in its message by its start and
/// end; the JSON report's own field still holds all of it.
#[test]
fn a_huge_cell_is_quoted_short() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("facilities.csv");
    let digits = format!("1{}7", "0".repeat(5000));
    std::fs::write(
        &path,
        format!("名称,类型,县（区）,建筑面积（平方米）\n甲,社区养老服务中心,祥符区,{digits}\n"),
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let args = |format| {
        [
            "check",
            "--format",
            format,
            "--region",
            "开封市",
            "--as-of",
            "2026-01-01",
            p,
        ]
    };
    let human = common::ylcheck(&args("human"), None);
    assert_eq!(human.code, 1, "{}", human.transcript());
    let quoted = format!("“1{}…{}7”不是数字", "0".repeat(58), "0".repeat(19));
    assert!(human.stdout.contains(&quoted), "{}", human.stdout);
    assert!(
        human.stdout.lines().all(|l| l.chars().count() < 400),
        "{}",
        human.stdout
    );
    let json = common::ylcheck(&args("json"), None);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let f = &v["findings"][0];
    assert!(f["message"].as_str().unwrap().contains(&quoted), "{f}");
    assert!(
        json.stdout.contains(&digits),
        "the whole cell is in the report"
    );
}

/// What a file or sheet name may hold after a line break: a workflow command
/// for the GitHub Actions runner, which reads one from any line of a step's
/// output that starts with it (leading spaces aside).
const FORGED: &str = "\n::error::PWNED\n";

/// How [`FORGED`] is shown, on the line of the name it is in.
const SHOWN: &str = "\\u{a}::error::PWNED\\u{a}";

/// A community centre short of its 200 m², beside a column no schema knows: a
/// finding on standard output and a warning on standard error, each naming the
/// file it is in.
const CENTRE: &str = "名称,类型,县（区）,街道,社区,建筑面积（平方米）,某某栏\n\
测社区养老服务中心,社区养老服务中心,龙亭区,北书店街道,测社区,199,x\n";

/// The lines of `text` a name broke open: one the forged command starts, or one
/// that holds it but not as [`SHOWN`].
fn broken_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            l.trim_start().starts_with("::") || (l.contains("::error::PWNED") && !l.contains(SHOWN))
        })
        .collect()
}

/// Runs `check` in `dir` on `inputs`, reading only the community centres' area.
fn check_names(dir: &std::path::Path, lang: &str, inputs: &[&str]) -> common::Output {
    let mut args = vec![
        "--lang",
        lang,
        "check",
        "--no-config",
        "--as-of",
        "2026-01-01",
        "--select",
        "community-center-floor-area",
    ];
    args.extend_from_slice(inputs);
    common::ylcheck_in(dir, &args, None)
}

/// A file named with line breaks in it (no Windows file can be) is named on one
/// line wherever a report or a diagnostic names it: the snippet's header, the
/// finding's place, the rules not checked, the warnings and errors about it.
#[cfg(unix)]
#[test]
fn a_line_break_in_a_file_name_is_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let given = dir.path().join("in");
    std::fs::create_dir(&given).unwrap();
    std::fs::write(given.join(format!("x{FORGED}全部通过.csv")), CENTRE).unwrap();
    // No area column: its records are not checked, and the summary says where.
    std::fs::write(
        given.join(format!("y{FORGED}.csv")),
        "名称,类型,县（区）,街道,社区\n乙社区养老服务中心,社区养老服务中心,龙亭区,北书店街道,乙社区\n",
    )
    .unwrap();
    std::fs::write(dir.path().join(format!("empty{FORGED}.csv")), "").unwrap();
    for lang in ["zh", "en"] {
        let out = check_names(dir.path(), lang, &["in"]);
        assert_eq!(out.code, 1, "{}", out.transcript());
        for text in [&out.stdout, &out.stderr] {
            assert!(text.contains(&format!("x{SHOWN}全部通过.csv")), "{text}");
            assert_eq!(broken_lines(text), Vec::<&str>::new(), "{text}");
        }
        assert!(
            out.stdout.contains(&format!("y{SHOWN}.csv")),
            "{}",
            out.stdout
        );

        let empty = format!("empty{FORGED}.csv");
        let out = check_names(dir.path(), lang, &[&empty]);
        assert_eq!(out.code, 2, "{}", out.transcript());
        assert!(
            out.stderr.contains(&format!("empty{SHOWN}.csv")),
            "{}",
            out.stderr
        );
        assert_eq!(
            broken_lines(&out.stderr),
            Vec::<&str>::new(),
            "{}",
            out.stderr
        );
    }
}

/// A worksheet named with line breaks (and a bidi override) in it: Excel refuses
/// such a name, but a workbook's XML can hold it, and the name is shown on the
/// line of the file's.
#[test]
fn a_line_break_in_a_sheet_name_is_shown_not_obeyed() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("设施").unwrap();
    for (r, line) in CENTRE.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            match cell.parse::<f64>() {
                Ok(n) => ws.write_number(r as u32, c as u16, n).unwrap(),
                Err(_) => ws.write_string(r as u32, c as u16, cell).unwrap(),
            };
        }
    }
    let book = crate::odd_files::rewrite(
        &wb.save_to_buffer().unwrap(),
        "xl/workbook.xml",
        "name=\"设施\"",
        "name=\"设施&#10;::error::PWNED&#10;&#x202E;\"",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("book.xlsx"), book).unwrap();
    for lang in ["zh", "en"] {
        let out = check_names(dir.path(), lang, &["book.xlsx"]);
        assert_eq!(out.code, 1, "{}", out.transcript());
        for text in [&out.stdout, &out.stderr] {
            assert!(
                text.contains(&format!("book.xlsx!设施{SHOWN}\\u{{202e}}")),
                "{text}"
            );
            assert_eq!(broken_lines(text), Vec::<&str>::new(), "{text}");
            assert_eq!(obeyed(text), None, "{text}");
        }
    }
}
