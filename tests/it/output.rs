//! A report appears whole or not at all: a failed run leaves the previous report,
//! `-o` never overwrites the run's own files, and a write failure says so.

use crate::common;

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

/// Writes the sample plan's JSON report to `path` (the run finds shortfalls: exit 1).
fn json_report_to(path: &std::path::Path) {
    let plan = common::root().join("samples/kaifeng-plan.toml");
    let out = common::ylcheck(
        &[
            "check",
            "--format",
            "json",
            "-o",
            path.to_str().unwrap(),
            "--as-of",
            "2026-01-01",
            plan.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
}

/// `-o` naming something that is not a plain file — a FIFO here, `/dev/null` or a
/// terminal elsewhere — is written to, never replaced: renaming a finished report
/// over `/dev/null` would leave a regular file in its place for every other
/// program on the machine.
#[cfg(unix)]
#[test]
fn an_output_that_is_no_plain_file_is_written_not_replaced() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("report.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // The reader answers on a channel: a FIFO replaced behind its back would
    // leave it waiting for ever.
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            let read = std::fs::File::open(&fifo).and_then(|mut f| f.read_to_string(&mut text));
            let _ = tx.send(read.map(|_| text));
        });
    }
    json_report_to(&fifo);
    let text = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("nothing was written to the FIFO")
        .unwrap();
    assert!(text.contains("\"findings\""), "{text}");
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced: {kind:?}");
    assert_eq!(
        dir_names(dir.path()),
        ["report.fifo"],
        "no temporary file left"
    );
}

/// `-o` naming a symbolic link writes the file it points to; the link stays.
#[cfg(unix)]
#[test]
fn an_output_through_a_link_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("report.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    json_report_to(&link);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("\"findings\"")
    );
}

/// A report replacing an earlier one keeps that file's permissions, and a new one
/// gets the usual ones (not the 0600 of a temporary file).
#[cfg(unix)]
#[test]
fn a_report_keeps_the_permissions_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.json");
    std::fs::write(&old, "old").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
    json_report_to(&old);
    let mode = std::fs::metadata(&old).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let new = dir.path().join("new.json");
    json_report_to(&new);
    let mode = std::fs::metadata(&new).unwrap().permissions().mode() & 0o777;
    assert_ne!(
        mode & 0o044,
        0,
        "a new report is readable by others: {mode:o}"
    );
}
