//! Project settings: `ylcheck.toml` found from a nested directory, flags over it,
//! `--no-config` and `--config`, a file with mistakes, and `ylcheck init`.

use crate::common;
use common::{root, ylcheck, ylcheck_in};
use std::path::{Path, PathBuf};

/// A project: `ylcheck.toml` (tests/config/project.toml) at the top, its pack in
/// `rules/`, its waivers beside it, the sample plan in `data/`, and an empty
/// `data/county/` to work from.
fn project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let top = tmp.path();
    let copy = |from: &str, to: &str| {
        let to = top.join(to);
        std::fs::create_dir_all(to.parent().expect("a parent")).expect("mkdir");
        std::fs::copy(root().join(from), to).expect("copy");
    };
    copy("tests/config/project.toml", "ylcheck.toml");
    copy("tests/config/extra.rules", "rules/extra.rules");
    copy("tests/waivers/applies.toml", "waivers.toml");
    copy("samples/kaifeng-plan.toml", "data/kaifeng-plan.toml");
    let deep = top.join("data/county");
    std::fs::create_dir_all(&deep).expect("mkdir");
    (tmp, deep)
}

const PLAN: &str = "../kaifeng-plan.toml";

/// From two levels down, the settings at the top apply: English GitHub
/// annotations of the selected rules as of 2026-01-01, the project's own pack
/// beside the embedded ones, the waivers named relative to the settings file.
#[test]
fn settings_are_found_from_a_nested_directory() {
    let (_tmp, deep) = project();
    let out = ylcheck_in(&deep, &["check", PLAN], None);
    assert_eq!(out.code, 1, "{}", out.transcript());
    insta::assert_snapshot!("config-discovered", out.transcript());
}

/// A flag wins over the file; a repeatable flag replaces the file's list.
#[test]
fn flags_override_the_settings() {
    let (_tmp, deep) = project();
    let out = ylcheck_in(
        &deep,
        &[
            "--lang",
            "zh",
            "check",
            "--format",
            "json",
            "--select",
            "family-care-beds",
            "--fail-on",
            "never",
            PLAN,
        ],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.transcript());
    let doc = out.json();
    assert_eq!(doc["as_of"], "2026-01-01", "the file's as_of still holds");
    assert_eq!(doc["region"], "开封市祥符区");
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(rules, ["kaifeng-2022-2/family-care-beds"]);
    assert!(
        doc["findings"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("家庭养老床位")),
        "zh from --lang: {}",
        doc["findings"][0]["message"]
    );
}

/// `--no-config` ignores the file (the human report, every rule); `--config`
/// names one that is not found by walking up.
#[test]
fn no_config_and_config_flags() {
    let (tmp, deep) = project();
    let plain = ylcheck_in(
        &deep,
        &["--no-config", "check", "--as-of", "2026-01-01", PLAN],
        None,
    );
    assert_eq!(plain.code, 1, "{}", plain.transcript());
    assert!(
        plain.stdout.contains("检查日期 2026-01-01"),
        "{}",
        plain.stdout
    );
    assert!(plain.stdout.contains("street-center-floor-area"));
    assert!(!plain.stdout.contains("project-extra"));

    let elsewhere = tempfile::tempdir().expect("a temporary directory");
    let config = tmp.path().join("ylcheck.toml");
    let plan = tmp.path().join("data/kaifeng-plan.toml");
    let named = ylcheck_in(
        elsewhere.path(),
        &[
            "--config",
            config.to_str().expect("UTF-8 path"),
            "check",
            plan.to_str().expect("UTF-8 path"),
        ],
        None,
    );
    assert_eq!(named.code, 1, "{}", named.transcript());
    assert!(named.stdout.starts_with("::"), "{}", named.stdout);
    assert!(named.stdout.contains("project-extra/street-center-beds"));
}

/// `check INPUT` with the settings in `config`, in both languages, each expected
/// to stop with exit 2.
fn stopped_by(config: &str, input: &str) -> String {
    let mut t = String::new();
    for lang in ["zh", "en"] {
        let out = ylcheck(&["--lang", lang, "--config", config, "check", input], None);
        assert_eq!(out.code, 2, "{}", out.transcript());
        t.push_str(&out.transcript());
        t.push('\n');
    }
    t
}

/// Mistakes in the file are located, in both languages, and stop every command.
#[test]
fn a_bad_settings_file_is_located() {
    let t = stopped_by("tests/bad/ylcheck.toml", "samples/kaifeng-plan.toml");
    insta::assert_snapshot!("config-bad", t);
    let rules = ylcheck(&["--config", "tests/bad/ylcheck.toml", "rules"], None);
    assert_eq!(rules.code, 2, "{}", rules.transcript());
}

/// A parameter in the file that no pack declares, or of the wrong kind, is
/// reported at its line in the file, not as if it were a `--param` flag.
#[test]
fn a_bad_parameter_in_the_settings_is_located() {
    let t = stopped_by(
        "tests/bad/ylcheck-params.toml",
        "samples/kaifeng-plan.geojson",
    );
    insta::assert_snapshot!("config-bad-params", t);
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).expect("readable")
}

/// `init` writes the commented defaults, refuses to overwrite them, and `--force`
/// does; with the file in place a check reports exactly what it does without.
#[test]
fn init_writes_the_defaults() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let dir = tmp.path();
    let first = ylcheck_in(dir, &["init"], None);
    assert_eq!(first.code, 0, "{}", first.transcript());
    let written = read(&dir.join("ylcheck.toml"));
    assert!(written.contains("fail_on = \"error\""), "{written}");

    std::fs::write(dir.join("ylcheck.toml"), "region = \"开封市\"\n").expect("write");
    let again = ylcheck_in(dir, &["--lang", "en", "init"], None);
    assert_eq!(again.code, 2, "{}", again.transcript());
    insta::assert_snapshot!("init-refuses", again.transcript());
    assert_eq!(read(&dir.join("ylcheck.toml")), "region = \"开封市\"\n");
    let forced = ylcheck_in(dir, &["init", "--force"], None);
    assert_eq!(forced.code, 0, "{}", forced.transcript());
    assert_eq!(read(&dir.join("ylcheck.toml")), written);

    std::fs::copy(
        root().join("samples/kaifeng-facilities-gbk.csv"),
        dir.join("f.csv"),
    )
    .expect("copy");
    for format in ["human", "json"] {
        let args = [
            "check",
            "--as-of",
            "2026-01-01",
            "--format",
            format,
            "f.csv",
        ];
        let with = ylcheck_in(dir, &args, None);
        let mut bare = vec!["--no-config"];
        bare.extend(args);
        let without = ylcheck_in(dir, &bare, None);
        // Only the record of the settings differs: the file is named there.
        let unrecorded = |t: String| -> String {
            t.lines()
                .filter(|l| !l.starts_with("设置：") && !l.starts_with("  \"settings\": "))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(
            unrecorded(with.transcript()),
            unrecorded(without.transcript()),
            "{format}"
        );
        let recorded = if format == "json" {
            "\"settings\": {\"file\":\"ylcheck.toml\""
        } else {
            "设置：ylcheck.toml"
        };
        assert!(with.stdout.contains(recorded), "{}", with.stdout);
    }
}
