//! Where command-line users work: completion scripts, the manual page, `--quiet`.

use crate::common;

#[test]
fn completions_cover_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = common::ylcheck(&["completions", shell], None);
        assert_eq!(out.code, 0, "{}", out.transcript());
        for sub in ["check", "map", "explain", "template", "stdin-filename"] {
            assert!(out.stdout.contains(sub), "{shell}: no {sub}");
        }
    }
    let out = common::ylcheck(&["completions", "tcsh"], None);
    assert_eq!(out.code, 2, "{}", out.transcript());
}

#[test]
fn the_manual_page_has_every_subcommand() {
    let out = common::ylcheck(&["man"], None);
    assert_eq!(out.code, 0, "{}", out.transcript());
    assert!(
        out.stdout.contains(".TH ylcheck 1"),
        "{}",
        &out.stdout[..200]
    );
    for sub in [
        "check", "map", "rules", "explain", "test", "template", "init",
    ] {
        assert!(
            out.stdout.contains(&format!(".TH ylcheck-{sub} ")),
            "no page for {sub}"
        );
    }
    assert!(out.stdout.contains("stdin\\-filename"));
}

/// `--quiet` leaves the findings: no totals, and only errors on standard error;
/// the exit code is the same.
#[test]
fn quiet_prints_the_findings_alone() {
    let args = [
        "--lang",
        "zh",
        "check",
        "--as-of",
        "2026-01-01",
        "samples/kaifeng-plan.toml",
    ];
    let loud = common::ylcheck(&args, None);
    let mut q = args.to_vec();
    q.push("--quiet");
    let quiet = common::ylcheck(&q, None);
    assert_eq!(quiet.code, loud.code);
    assert!(loud.stdout.contains("检查日期"));
    assert!(!quiet.stdout.contains("检查日期"), "{}", quiet.stdout);
    assert!(quiet.stdout.contains("kaifeng-2022-2/care-land-per-capita"));
    assert!(!quiet.stderr.contains('⚠'), "{}", quiet.stderr);
}

/// `--junit-passes` adds one passing testcase per (rule, record) that passed: as
/// many as the report's `passed` count, each in its rule's suite.
#[test]
fn junit_passes_are_the_passed_checks() {
    let run = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "--format",
            "junit",
            "--as-of",
            "2026-01-01",
            "samples/kaifeng-plan.toml",
        ];
        args.extend_from_slice(extra);
        common::ylcheck(&args, None)
    };
    let plain = run(&[]);
    let with = run(&["--junit-passes"]);
    assert_eq!(plain.code, with.code);
    let cases = |s: &str| s.matches("<testcase").count();
    let passed: usize = with
        .stdout
        .split("<property name=\"passed\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|n| n.parse().ok())
        .expect("passed count");
    assert!(passed > 0);
    assert_eq!(cases(&with.stdout) - cases(&plain.stdout), passed);
    assert!(
        with.stdout
            .contains("classname=\"kaifeng-2022-2/care-land-per-capita\"")
    );
    let wrong = common::ylcheck(
        &[
            "--lang",
            "en",
            "check",
            "--format",
            "json",
            "--junit-passes",
            "samples/kaifeng-plan.toml",
        ],
        None,
    );
    assert_eq!(wrong.code, 2, "{}", wrong.transcript());
    assert!(wrong.stderr.contains("goes with --format junit"));
}

/// The value of `key:` in a YAML file's line, as written.
fn yaml_value<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
    text.lines()
        .filter_map(|l| l.trim_start().trim_start_matches("- ").strip_prefix(key))
        .filter_map(|rest| rest.strip_prefix(':'))
        .map(str::trim)
        .collect()
}

/// action.yml passes each of its inputs to scripts/action.sh, which runs the
/// check as the action would: annotations on the log, a SARIF file, exit 1 on
/// findings.
#[cfg(unix)]
#[test]
fn the_github_action_runs_the_check() {
    let root = common::root();
    let action = std::fs::read_to_string(root.join("action.yml")).unwrap();
    let declared: Vec<&str> = action
        .split("\ninputs:\n")
        .nth(1)
        .and_then(|r| r.split("\nruns:").next())
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("    "))
        .map(|l| l.trim().trim_end_matches(':'))
        .collect();
    for input in &declared {
        assert!(
            action.contains(&format!("${{{{ inputs.{input} }}}}")),
            "input {input} is not passed to the script"
        );
    }
    assert!(action.contains("scripts/action.sh"));
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("ylcheck.sarif");
    let out = std::process::Command::new("bash")
        .arg(root.join("scripts/action.sh"))
        .current_dir(&root)
        .env("YLCHECK", env!("CARGO_BIN_EXE_ylcheck"))
        .env("INPUT_INPUTS", "samples/kaifeng-plan.toml")
        .env("INPUT_AS_OF", "2026-01-01")
        .env("INPUT_FORMAT", "github")
        .env("INPUT_FAIL_ON", "error")
        .env("INPUT_SARIF", &sarif)
        .env("INPUT_LANG", "zh")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("::error file=samples/kaifeng-plan.toml"),
        "{stdout}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert!(!v["runs"][0]["results"].as_array().unwrap().is_empty());
}

/// The pre-commit hook's entry, run on the files its pattern picks, checks them.
#[test]
fn the_pre_commit_hook_checks_the_files_it_picks() {
    let root = common::root();
    let hooks = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    let entry = yaml_value(&hooks, "entry")[0];
    let files = regex::Regex::new(yaml_value(&hooks, "files")[0]).unwrap();
    let exclude = regex::Regex::new(yaml_value(&hooks, "exclude")[0]).unwrap();
    let picked = |p: &str| files.is_match(p) && !exclude.is_match(p);
    assert!(picked("samples/kaifeng-plan.toml"));
    assert!(picked("data/设施.xlsx"));
    assert!(!picked("ylcheck.toml") && !picked("sub/Cargo.toml") && !picked("README.md"));
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("ylcheck"));
    let mut args: Vec<&str> = vec!["--lang", "zh"];
    args.extend(words);
    args.extend(["--as-of", "2026-01-01", "samples/kaifeng-plan.toml"]);
    let out = common::ylcheck(&args, None);
    assert_eq!(out.code, 1, "{}", out.transcript());
    assert!(out.stdout.contains("kaifeng-2022-2/care-land-per-capita"));
}

/// `--help` speaks the user's language: Chinese under `--lang zh` or by default,
/// English under `--lang en` or an English locale.
#[test]
fn help_is_in_the_users_language() {
    let zh = common::ylcheck(&["check", "--help"], None);
    assert_eq!(zh.code, 0);
    assert!(zh.stdout.contains("用法：") && zh.stdout.contains("按规则包检查输入文件"));
    assert!(zh.stdout.contains("只检查某一地区"), "{}", zh.stdout);
    let en = common::ylcheck(&["--lang", "en", "check", "--help"], None);
    assert!(en.stdout.contains("Usage:") && en.stdout.contains("Narrows the run"));
    let en = common::ylcheck(&["check", "--lang=en", "-h"], None);
    assert!(en.stdout.contains("Usage:"), "{}", en.stdout);
}
