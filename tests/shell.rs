//! Where command-line users work: completion scripts, the manual page, `--quiet`.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "tests fail by panicking"
)]

mod common;

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
