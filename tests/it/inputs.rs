//! Inputs as people give them: a folder of files, and standard input named.

use crate::common;

/// A directory gives the files in it ylcheck reads, recursively, in path order;
/// hidden files, the settings file, reports (`.json`) and notes are left alone.
#[test]
fn a_directory_is_its_readable_files_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = common::root().join("samples");
    let d = dir.path();
    std::fs::create_dir_all(d.join("b-sub/.git")).unwrap();
    std::fs::copy(root.join("henan-pairing.csv"), d.join("z-pairing.csv")).unwrap();
    std::fs::copy(
        root.join("huaiyang-workbook.xlsx"),
        d.join("b-sub/淮阳.xlsx"),
    )
    .unwrap();
    std::fs::copy(root.join("henan-visits.csv"), d.join("a-visits.csv")).unwrap();
    std::fs::copy(root.join("henan-visits.csv"), d.join(".hidden.csv")).unwrap();
    std::fs::copy(root.join("henan-visits.csv"), d.join("b-sub/.git/x.csv")).unwrap();
    std::fs::write(d.join("report.json"), "{}").unwrap();
    std::fs::write(d.join("说明.txt"), "notes").unwrap();
    std::fs::write(d.join("ylcheck.toml"), "[check]\n").unwrap();
    let out = common::ylcheck(
        &[
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--as-of",
            "2026-01-01",
            d.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.transcript());
    let v = out.json();
    let paths: Vec<String> = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap().to_string())
        .collect();
    let base = d.to_str().unwrap();
    let mut seen: Vec<String> = paths
        .iter()
        .map(|p| {
            // A workbook's tables are named `file.xlsx!Sheet`.
            let file = p.split('!').next().unwrap_or(p);
            file.strip_prefix(base)
                .unwrap_or(file)
                .trim_start_matches('/')
                .to_string()
        })
        .collect();
    seen.dedup();
    assert_eq!(
        seen,
        ["a-visits.csv", "b-sub/淮阳.xlsx", "z-pairing.csv"],
        "{paths:?}"
    );
}

#[test]
fn a_directory_with_nothing_to_read_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("说明.txt"), "notes").unwrap();
    let out = common::ylcheck(
        &["--lang", "en", "check", dir.path().to_str().unwrap()],
        None,
    );
    assert_eq!(out.code, 2, "{}", out.transcript());
    assert!(
        out.stderr.contains("holds no file ylcheck reads"),
        "{}",
        out.stderr
    );
}

/// `--stdin-filename` names standard input in the report, and its extension says
/// the format: a workbook piped in reads as the same file given by name.
#[test]
fn standard_input_goes_by_the_name_given() {
    let path = common::root().join("samples/huaiyang-workbook.xlsx");
    let bytes = std::fs::read(&path).unwrap();
    let args = |input: &str| -> Vec<String> {
        [
            "check",
            "--format",
            "json",
            "--fail-on",
            "never",
            "--as-of",
            "2026-01-01",
            "--region",
            "周口市淮阳区",
            "--stdin-filename",
            "淮阳.xlsx",
            input,
        ]
        .map(str::to_string)
        .to_vec()
    };
    let piped = args("-");
    let piped: Vec<&str> = piped.iter().map(String::as_str).collect();
    let from_stdin = common::ylcheck(&piped, Some(&bytes)).json();
    let named = args(path.to_str().unwrap());
    let named: Vec<&str> = named.iter().map(String::as_str).collect();
    let from_file = common::ylcheck(&named, None).json();
    let name = from_stdin["inputs"][0]["path"].as_str().unwrap();
    assert!(name.starts_with("淮阳.xlsx!"), "{name}");
    assert_eq!(from_stdin["summary"], from_file["summary"]);
    assert!(from_file["summary"]["checks"].as_u64().unwrap() > 0);
}

/// A budget written in 亿 reads as exactly as one written in 万: `15亿元`, `15亿` and
/// `15 亿元` are the same 1 500 000 000 元 as `150000万元`.
#[test]
fn money_in_yi_reads_like_money_in_wan() {
    let dir = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    for (i, cell) in ["150000万元", "15亿元", "15亿", "15 亿元"]
        .iter()
        .enumerate()
    {
        let path = dir.path().join(format!("b{i}.csv"));
        std::fs::write(
            &path,
            format!("名称,级别,上级,预算收入,养老服务业经费\n淮阳区,区,周口市,{cell},2900万元\n"),
        )
        .unwrap();
        let out = common::ylcheck(
            &[
                "check",
                "--format",
                "json",
                "--fail-on",
                "never",
                "--select",
                "*budget-share",
                path.to_str().unwrap(),
            ],
            None,
        );
        let v = out.json();
        let f = &v["findings"][0];
        assert_eq!(f["outcome"], "fail", "{cell}: {}", out.transcript());
        assert_eq!(
            f["values"]["budget_revenue"]["value"], 1_500_000_000i64,
            "{cell}"
        );
        seen.push(f["message"].as_str().unwrap().to_string());
    }
    assert!(seen.iter().all(|m| m == &seen[0]), "{seen:?}");
    assert!(seen[0].contains("预算收入15亿元"), "{seen:?}");
}
