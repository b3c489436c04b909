//! The HTML report in a real browser (headless Chromium): the script runs without
//! a console message, the summary is in the rendered page, a filter given in the
//! address hides the other findings, and a screenshot is kept at
//! `target/report-screenshot.png`.
//!
//! Without Chromium the test says so and passes, unless `YLCHECK_BROWSER_TEST=require`
//! (as CI sets it), when a missing browser is a failure.

use crate::common;
use common::{root, ylcheck};
use std::path::{Path, PathBuf};
use std::process::Command;

const SAMPLE: &str = "samples/kaifeng-plan.geojson";
const AS_OF: &str = "2026-01-01";

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("YLCHECK_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.exists() {
        return Some(path);
    }
    let required = std::env::var("YLCHECK_BROWSER_TEST").is_ok_and(|v| v == "require");
    assert!(
        !required,
        "YLCHECK_BROWSER_TEST=require, but there is no Chromium at {}",
        path.display()
    );
    eprintln!(
        "skipped: no Chromium at {} (install it, or set YLCHECK_CHROMIUM)",
        path.display()
    );
    None
}

/// Runs headless Chromium on `url` with `extra` arguments; returns stdout and the
/// console messages it logged.
fn browse(browser: &Path, profile: &Path, url: &str, extra: &[&str]) -> (String, Vec<String>) {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .output()
        .expect("chromium runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let console = stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    (String::from_utf8_lossy(&out.stdout).into_owned(), console)
}

#[test]
fn report_in_a_browser() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("report.html");
    let page_arg = page.to_string_lossy().into_owned();
    let out = ylcheck(
        &[
            "check",
            "--format",
            "html",
            "--as-of",
            AS_OF,
            "--region",
            "开封市",
            "-o",
            &page_arg,
            SAMPLE,
        ],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    let json = ylcheck(
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--region",
            "开封市",
            SAMPLE,
        ],
        None,
    );
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let url = format!("file://{}", page.display());

    // Filtered by the address: only the error (大梁府) is left showing.
    let (dom, console) = browse(
        &browser,
        &dir.path().join("profile-dom"),
        &format!("{url}#severity=error"),
        &["--dump-dom"],
    );
    assert!(console.is_empty(), "console messages: {console:#?}");
    assert!(
        dom.contains("data-filters=\"ready\""),
        "the script ran to its end"
    );
    for key in ["records", "checks", "passed", "failed", "unknown"] {
        let want = format!(
            "<dd id=\"sum-{key}\">{}</dd>",
            doc["summary"][key].as_u64().expect("count")
        );
        assert!(dom.contains(&want), "{want} in the rendered page");
    }
    assert!(
        !dom.contains("<form id=\"filters\" hidden"),
        "filters are shown"
    );
    let row = |severity: &str| {
        let at = dom
            .find(&format!("<tr data-severity=\"{severity}\""))
            .expect("the row");
        dom[at..at + dom[at..].find('>').expect("tag end")].to_string()
    };
    assert!(!row("error").contains("hidden"), "{}", row("error"));
    assert!(row("warning").contains("hidden"), "{}", row("warning"));
    assert!(
        dom.contains("<span id=\"shown\">1</span>"),
        "the count follows"
    );

    // The whole page, unfiltered, as a person sees it.
    let shot = root().join("target/report-screenshot.png");
    // `target/` is absent where builds go elsewhere (CARGO_TARGET_DIR).
    std::fs::create_dir_all(shot.parent().expect("a parent")).expect("mkdir target");
    let _ = std::fs::remove_file(&shot);
    let (_, console) = browse(
        &browser,
        &dir.path().join("profile-shot"),
        &url,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2600",
        ],
    );
    assert!(console.is_empty(), "console messages: {console:#?}");
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    assert!(
        png.len() > 50_000,
        "a page, not a blank: {} bytes",
        png.len()
    );
}
