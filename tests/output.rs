//! A report appears whole or not at all: a failed run leaves the previous report,
//! `-o` never overwrites the run's own files, and a write failure says so.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "tests fail by panicking"
)]

mod common;

fn dir_names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_failed_run_leaves_the_previous_report() {
    let dir = tempfile::tempdir().unwrap();
    let plan = common::root().join("samples/kaifeng-plan.toml");
    let plan = plan.to_str().unwrap();
    let report = dir.path().join("report.json");
    let report_s = report.to_str().unwrap();
    for format in [
        "json", "human", "sarif", "junit", "markdown", "github", "html",
    ] {
        let ok = common::ylcheck(
            &[
                "check",
                "--format",
                format,
                "-o",
                report_s,
                "--as-of",
                "2026-01-01",
                plan,
            ],
            None,
        );
        assert_eq!(ok.code, 1, "{}", ok.transcript());
        let before = std::fs::read(&report).unwrap();
        assert!(!before.is_empty());
        // An input that cannot be read: exit 2, and the report is as it was.
        let missing = dir.path().join("missing.csv");
        let failed = common::ylcheck(
            &[
                "check",
                "--format",
                format,
                "-o",
                report_s,
                plan,
                missing.to_str().unwrap(),
            ],
            None,
        );
        assert_eq!(failed.code, 2, "{}", failed.transcript());
        assert_eq!(std::fs::read(&report).unwrap(), before, "{format}");
        assert_eq!(
            dir_names(dir.path()),
            ["report.json"],
            "no temporary file left"
        );
    }
}

#[test]
fn the_output_is_never_one_of_the_runs_files() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::copy(common::root().join("samples/kaifeng-plan.toml"), &plan).unwrap();
    let before = std::fs::read(&plan).unwrap();
    let p = plan.to_str().unwrap();
    for lang in ["zh", "en"] {
        let out = common::ylcheck(&["check", "--lang", lang, "-o", p, p], None);
        assert_eq!(out.code, 2, "{}", out.transcript());
        assert!(
            out.stderr.contains("output-is-input"),
            "{}",
            out.transcript()
        );
        assert_eq!(std::fs::read(&plan).unwrap(), before);
        // The same file under another spelling of its path.
        let other = format!("{}/./plan.toml", dir.path().display());
        let out = common::ylcheck(&["check", "--lang", lang, "-o", &other, p], None);
        assert_eq!(out.code, 2, "{}", out.transcript());
        assert_eq!(std::fs::read(&plan).unwrap(), before);
        let out = common::ylcheck(&["map", "--lang", lang, "-o", p, p], None);
        assert_eq!(out.code, 2, "{}", out.transcript());
        assert_eq!(std::fs::read(&plan).unwrap(), before);
    }
}

#[test]
fn a_write_failure_says_it_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no-such-dir/report.json");
    let plan = common::root().join("samples/kaifeng-plan.toml");
    let out = common::ylcheck(
        &[
            "check",
            "--lang",
            "en",
            "--format",
            "json",
            "-o",
            target.to_str().unwrap(),
            plan.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.code, 2, "{}", out.transcript());
    assert!(
        out.stderr.contains("ylcheck::io::write"),
        "{}",
        out.transcript()
    );
    assert!(
        out.stderr.contains("nothing written"),
        "{}",
        out.transcript()
    );
    assert!(
        !out.stderr.contains("cannot be read"),
        "{}",
        out.transcript()
    );
}

/// Inputs are not all held open: 1,100 small tables are checked under a limit of
/// 256 open files (the usual limit is 1024).
#[cfg(unix)]
#[test]
fn many_small_inputs_fit_under_the_open_file_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for i in 0..1100 {
        let name = format!("f{i:04}.csv");
        std::fs::write(
            dir.path().join(&name),
            format!(
                "名称,类型,县（区）,街道,建筑面积（平方米）\n中心{i},街道综合养老服务中心,龙亭区,街道{i},2500\n"
            ),
        )
        .unwrap();
        names.push(name);
    }
    let exe = env!("CARGO_BIN_EXE_ylcheck");
    let script = format!(
        "ulimit -n 256 && exec '{exe}' check --format json --region 开封市 --as-of 2026-01-01 --select '*/street-center-floor-area' {}",
        names.join(" ")
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["summary"]["records"], 1100);
    assert_eq!(report["summary"]["passed"], 1100);
}
