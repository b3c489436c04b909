//! The documented limits: each is a located error with exit 2, found without
//! reading more than it must, and reported without repeating the oversized input.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "tests fail by panicking"
)]

mod common;

use std::path::PathBuf;

/// Where the generated files are; checks run there, so messages name the files
/// alone and wrap the same wherever the repository is.
fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("limits")
}

/// Files too large to keep in the repository, written once per run.
fn generated(name: &str, write: impl FnOnce(&mut std::fs::File)) -> String {
    std::fs::create_dir_all(dir()).unwrap();
    let mut f = std::fs::File::create(dir().join(name)).unwrap();
    write(&mut f);
    name.to_string()
}

fn check(path: &str) -> (i32, String) {
    let mut transcript = String::new();
    let mut code = 0;
    for lang in ["zh", "en"] {
        let out = common::ylcheck_in(
            &dir(),
            &[
                "--lang",
                lang,
                "check",
                "--region",
                "开封市",
                "--as-of",
                "2026-01-01",
                path,
            ],
            None,
        );
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        // A report that repeats a megabyte of input is no report.
        assert!(
            out.stdout.len() + out.stderr.len() < 8 * 1024,
            "{} bytes of output",
            out.stdout.len() + out.stderr.len()
        );
        code = out.code;
        transcript.push_str(&out.transcript());
        transcript.push('\n');
    }
    (code, transcript)
}

const HEADER: &[u8] = "名称,类型,建筑面积\n".as_bytes();

#[test]
fn a_ten_megabyte_cell() {
    use std::io::Write;
    let path = generated("huge-cell.csv", |f| {
        f.write_all(HEADER).unwrap();
        f.write_all("城东中心,街道综合养老服务中心,\"".as_bytes())
            .unwrap();
        f.write_all(&vec![b'x'; 10 << 20]).unwrap();
        f.write_all(b"\"\n").unwrap();
    });
    let (code, transcript) = check(&path);
    assert_eq!(code, 2);
    assert!(
        transcript.contains("ylcheck::data::cell_too_large"),
        "{transcript}"
    );
    insta::assert_snapshot!("ten-megabyte-cell", transcript);
}

#[test]
fn a_hundred_thousand_columns() {
    use std::io::Write;
    let path = generated("many-columns.csv", |f| {
        let names: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
        writeln!(f, "名称,{}", names.join(",")).unwrap();
        writeln!(f, "城东中心{}", ",".repeat(100_000)).unwrap();
    });
    let (code, transcript) = check(&path);
    assert_eq!(code, 2);
    assert!(
        transcript.contains("ylcheck::data::too_many_columns"),
        "{transcript}"
    );
    insta::assert_snapshot!("hundred-thousand-columns", transcript);
}

/// A record with no line break for more than 64 MiB (a file of NULs after its
/// header, an unclosed quote at the top of a huge table) stops at the limit.
#[test]
fn a_record_past_64_mib() {
    use std::io::Write;
    let path = generated("endless-record.csv", |f| {
        f.write_all(HEADER).unwrap();
        f.write_all("城东中心,街道综合养老服务中心,\"".as_bytes())
            .unwrap();
        let block = vec![b'x'; 1 << 20];
        for _ in 0..70 {
            f.write_all(&block).unwrap();
        }
    });
    let (code, transcript) = check(&path);
    assert_eq!(code, 2);
    assert!(
        transcript.contains("ylcheck::data::cell_too_large"),
        "{transcript}"
    );
    insta::assert_snapshot!("record-past-64-mib", transcript);
}

/// More than 1 GiB is refused from its size, before reading: the file here is
/// sparse, so it costs no disk.
#[test]
fn more_than_a_gibibyte() {
    use std::io::Write;
    let path = generated("huge.csv", |f| {
        f.write_all(HEADER).unwrap();
        f.set_len((1 << 30) + 1).unwrap();
    });
    let (code, transcript) = check(&path);
    assert_eq!(code, 2);
    assert!(transcript.contains("ylcheck::limit"), "{transcript}");
    insta::assert_snapshot!("more-than-1-gib", transcript);
}

/// A finding on a record with a long (but allowed) cell shows a window of its line.
#[test]
fn a_finding_in_a_wide_row_is_cut_to_fit() {
    use std::io::Write;
    let path = generated("wide-row.csv", |f| {
        writeln!(f, "名称,类型,建筑面积,服务功能").unwrap();
        writeln!(
            f,
            "城东中心,街道综合养老服务中心,1850,{}",
            "助餐、".repeat(50_000)
        )
        .unwrap();
    });
    let out = common::ylcheck_in(
        &dir(),
        &[
            "--lang",
            "en",
            "check",
            "--region",
            "开封市",
            "--select",
            "kaifeng-2022-2/street-center-floor-area",
            &path,
        ],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    assert!(out.stdout.len() < 8 * 1024, "{}", out.stdout.len());
    assert!(out.stdout.contains("actual 1850 m²"), "{}", out.stdout);
}
