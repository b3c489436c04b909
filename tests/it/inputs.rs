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

/// A 开封 progress table with a bureau's own headers (…目标数, …任务数, …完成数, the
/// annex's …（个）beside a …完成数) is the 开封 task table, not 平顶山's, and is checked.
#[test]
fn a_kaifeng_progress_table_with_bureau_headers_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let tables = [
        "序号,县区,街道综合养老服务中心目标数,街道综合养老服务中心完成数,社区养老服务设施任务数,社区养老服务设施完成数,县级特困供养机构（个）,县级特困供养机构完成数,敬老院改造提升目标,敬老院改造提升完成数,家庭养老床位目标数,家庭养老床位完成数,养老护理员培训任务数,养老护理员培训完成数,备注\n\
         1,兰考县,3,2,32,32,1,1,15,15,1007,1007,360,360,\n\
         2,杞县,1,1,26,26,1,1,20,20,1378,1378,275,260,\n",
        "县区,街道综合养老服务中心目标,街道综合养老服务中心完成数,养老护理员培训目标,养老护理员培训完成数\n\
         兰考县,3,2,360,300\n",
    ];
    for (i, text) in tables.iter().enumerate() {
        let path = dir.path().join(format!("kf{i}.csv"));
        std::fs::write(&path, text).unwrap();
        let out = common::ylcheck(
            &[
                "check",
                "--format",
                "json",
                "--region",
                "开封市",
                "--as-of",
                "2023-01-05",
                path.to_str().unwrap(),
            ],
            None,
        );
        let doc: serde_json::Value = out.json();
        let failed: Vec<&str> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["outcome"] == "fail")
            .filter_map(|f| f["rule"].as_str())
            .collect();
        assert!(
            failed.contains(&"kaifeng-2022-2/task-facilities-done"),
            "{failed:?}\n{}",
            out.transcript()
        );
        assert!(
            failed.contains(&"kaifeng-2022-2/task-services-done"),
            "{failed:?}\n{}",
            out.transcript()
        );
    }
}
