//! The documented limits: each is a located error with exit 2, found without
//! reading more than it must, and reported without repeating the oversized input.

use crate::common;

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

/// A plan or a map past 256 MiB is refused before it is parsed (a tree of it
/// would take some 13 times its size): a sparse file of zeros after a plan's
/// first table costs no disk, and no parse is tried.
#[test]
fn a_plan_past_256_mib_is_refused() {
    use std::io::Write;
    for name in ["huge-plan.toml", "huge-map.geojson"] {
        let path = generated(name, |f| {
            f.write_all(b"[plan]\nname = \"x\"\n").unwrap();
            f.set_len((256 << 20) + 1).unwrap();
        });
        let (code, transcript) = check(&path);
        assert_eq!(code, 2, "{transcript}");
        assert!(
            transcript.contains("256 MiB limit of a plan or a map"),
            "{transcript}"
        );
    }
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

/// visits-weekly counts the distinct weeks with a visit of each center: 40 000
/// visits of one center took 72 s when each visit looked for the next one.
#[test]
fn forty_thousand_visits_of_one_center_in_linear_time() {
    let visits = generated("visits-40k.csv", |f| {
        use std::io::Write;
        f.write_all("日期,中心（机构）名称\n".as_bytes()).unwrap();
        let start = jiff::civil::date(2022, 4, 4);
        for i in 0..40_000i64 {
            let day = start.checked_add(jiff::Span::new().days(i % 1000)).unwrap();
            writeln!(f, "{day},宋门社区养老服务中心").unwrap();
        }
    });
    let pairing = generated("pairing-1.csv", |f| {
        use std::io::Write;
        f.write_all(
            "序号,中心（机构）名称,类别,包联人1,单位,电话\n\
             1,宋门社区养老服务中心,社区老年人日间照料中心,李明,顺河回族区民政局,13803781234\n"
                .as_bytes(),
        )
        .unwrap();
    });
    let start = std::time::Instant::now();
    let out = common::ylcheck_in(
        &dir(),
        &[
            "--lang",
            "en",
            "check",
            "--region",
            "开封市",
            "--as-of",
            "2024-12-29",
            "--select",
            "henan-2022-57/visits-weekly",
            &visits,
            &pairing,
        ],
        None,
    );
    let took = start.elapsed();
    // Every week from 2022-04-04 to 2024-12-29 has a visit.
    assert_eq!(out.code, 0, "{}", out.transcript());
    assert!(out.stdout.contains("1 passed"), "{}", out.stdout);
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");
}
