//! Runs the `ylcheck` binary the way a user does and captures what they see.

use std::io::Write;
use std::process::{Command, Stdio};

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// stdout, stderr and exit code in one snapshot-friendly text.
    pub fn transcript(&self) -> String {
        format!(
            "exit code: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// The JSON report on standard output.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.transcript()))
    }
}

/// The diagnostics of a JSON report whose code `keep` accepts.
pub fn diagnostics(
    report: &serde_json::Value,
    keep: impl Fn(&str) -> bool,
) -> Vec<&serde_json::Value> {
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"].as_str().is_some_and(&keep))
        .collect()
}

pub fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs ylcheck in the crate root with `args`, feeding `stdin`.
pub fn ylcheck(args: &[&str], stdin: Option<&[u8]>) -> Output {
    ylcheck_in(&root(), args, stdin)
}

/// Runs ylcheck in `dir` with `args`, feeding `stdin`.
pub fn ylcheck_in(dir: &std::path::Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ylcheck"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ylcheck runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("write stdin");
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("ylcheck finishes");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A file kept outside the repository, in the directory beside it (`../shared`, or
/// `YLCHECK_SHARED_DIR`), where CI has it. A fresh clone has no such directory, so a
/// test needing the file is skipped with a message, unless `YLCHECK_SHARED_TEST=require`
/// (as `.ci/run` sets it), when a missing file fails the test.
pub fn shared_file(name: &str) -> Option<String> {
    let dir = std::env::var_os("YLCHECK_SHARED_DIR")
        .map_or_else(|| root().join("../shared"), std::path::PathBuf::from);
    let path = dir.join(name);
    if let Ok(text) = std::fs::read_to_string(&path) {
        return Some(text);
    }
    let required = std::env::var("YLCHECK_SHARED_TEST").is_ok_and(|v| v == "require");
    assert!(
        !required,
        "YLCHECK_SHARED_TEST=require, but {} cannot be read",
        path.display()
    );
    // Written past the test harness's capture, so the skip shows in every run.
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "skipped: {test}: {} not found (set YLCHECK_SHARED_DIR to the directory holding it, or YLCHECK_SHARED_TEST=require to fail instead)\n",
            path.display()
        )
        .as_bytes(),
    );
    None
}

/// A page with the contents of its `<style>` and `<script>` blocks left out, for a
/// snapshot that shows what the page says rather than the stylesheet and code every
/// page carries (those have tests of their own).
pub fn page_content(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    loop {
        let next = ["<style", "<script"]
            .iter()
            .filter_map(|tag| rest.find(tag).map(|at| (at, *tag)))
            .min();
        let Some((at, tag)) = next else {
            out.push_str(rest);
            return out;
        };
        let close = format!("</{}>", &tag[1..]);
        let (Some(open_end), Some(end)) = (rest[at..].find('>'), rest[at..].find(&close)) else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at + open_end + 1]);
        out.push_str(&format!("…{} omitted…", &tag[1..]));
        out.push_str(&close);
        rest = &rest[at + end + close.len()..];
    }
}

/// A SARIF log's results, invocations (which carry the diagnostics) and
/// properties: what a run found, without the tool's catalogue of every rule,
/// which is the same in every log (and checked against the schema elsewhere).
pub fn sarif_findings(log: &str) -> String {
    let log: serde_json::Value = serde_json::from_str(log).expect("SARIF is JSON");
    let run = &log["runs"][0];
    let mut kept = serde_json::Map::new();
    for key in ["results", "invocations", "properties"] {
        kept.insert(key.to_string(), run[key].clone());
    }
    let mut text = serde_json::to_string_pretty(&kept).expect("JSON");
    text.push('\n');
    text
}

/// A validator for the official SARIF 2.1.0 schema, kept outside the repository
/// ([`shared_file`]); `None` (the test skips) where it is absent. The schema's own
/// `language` patterns have a stray `]`, legal in ECMA regexes but rejected when
/// `jsonschema` checks the schema itself, so those patterns are escaped in memory
/// first; ylcheck never sets `language`.
pub fn sarif_validator() -> Option<jsonschema::Validator> {
    let text = shared_file("sarif-schema-2.1.0.json")?;
    let mut schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    for def in ["run", "toolComponent"] {
        let at = format!("/definitions/{def}/properties/language/pattern");
        if let Some(p) = schema.pointer_mut(&at) {
            *p = p.as_str().unwrap_or("").replace("}]?$", "}\\]?$").into();
        }
    }
    Some(
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("schema compiles"),
    )
}

/// The shipped entity declarations with one more rule file, `name`, beside them.
pub fn compile_beside_entities(
    name: &str,
    pack: &str,
) -> Result<ylcheck::pack::RuleSet, Vec<ylcheck::diag::Diag>> {
    let files = vec![
        (
            "entities.rules".to_string(),
            std::sync::Arc::from(include_str!("../../rules/entities.rules")),
        ),
        (name.to_string(), std::sync::Arc::from(pack)),
    ];
    ylcheck::rules::compile(&files, ylcheck::i18n::Lang::En)
}

/// CSV tables, each with the entity it holds, loaded into one data set (the `i`th
/// as `i.csv`).
pub fn load_tables(
    set: &ylcheck::pack::RuleSet,
    tables: &[(&str, &str)],
) -> ylcheck::data::Dataset {
    let mut ds = ylcheck::data::Dataset::new(set.schema.entities.len());
    for (i, (entity, csv)) in tables.iter().enumerate() {
        ylcheck::data::load(
            &format!("{i}.csv"),
            csv.as_bytes(),
            ylcheck::data::Format::Csv,
            &set.schema,
            set.schema.entity(entity),
            &mut ds,
        )
        .expect("loads");
    }
    ds
}
