//! The figures and output the README and samples/README.md show are the real,
//! current ones: each is recomputed here, so none can go stale.

use crate::common;

fn read(path: &str) -> String {
    std::fs::read_to_string(common::root().join(path)).expect(path)
}

/// The fenced block after the first line containing `marker`.
fn block_after<'a>(text: &'a str, marker: &str) -> &'a str {
    let at = text.find(marker).expect("marker");
    let rest = &text[at..];
    let open = rest.find("```text\n").expect("a text block") + "```text\n".len();
    let close = rest[open..].find("\n```").expect("closed");
    &rest[open..open + close + 1]
}

/// The README's first output: each part between `…` lines is verbatim in the real
/// output of the command it shows, run at the date its totals line gives.
#[test]
fn readme_real_output_is_real() {
    let readme = read("README.md");
    let block = block_after(&readme, "<!-- excerpt of: check samples/kaifeng-plan.toml");
    let date = block
        .lines()
        .find_map(|l| l.strip_prefix("检查日期 "))
        .and_then(|l| l.get(..10))
        .expect("the totals line gives the date");
    let out = common::ylcheck(
        &["check", "--as-of", date, "samples/kaifeng-plan.toml"],
        None,
    );
    assert_eq!(out.code, 1, "{}", out.transcript());
    let mut from = 0;
    for part in block.split("\n…\n") {
        let part = part.trim_matches('\n');
        let Some(at) = out.stdout[from..].find(part) else {
            panic!(
                "README.md shows output ylcheck no longer prints:\n{part}\n--- real output:\n{}",
                out.stdout
            );
        };
        from += at + part.len();
    }
}

/// The `--summary` example is the whole real output of its command.
#[test]
fn readme_summary_example_is_real() {
    let readme = read("README.md");
    let block = block_after(&readme, "```text\n$ ylcheck check --summary");
    let (command, shown) = block.split_once('\n').expect("command line");
    let args: Vec<&str> = command
        .trim_start_matches("$ ylcheck ")
        .split_whitespace()
        .collect();
    let out = common::ylcheck(&args, None);
    assert_eq!(out.stdout, shown, "{}", out.transcript());
}

/// The pack table's rule counts and the number of the packs' tests.
#[test]
fn readme_counts_are_real() {
    let readme = read("README.md");
    let rules = common::ylcheck(&["rules"], None);
    assert_eq!(rules.code, 0, "{}", rules.transcript());
    let mut packs = 0;
    for line in readme.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(id), Some(count)) = (cells.get(1), cells.get(4)) else {
            continue;
        };
        let Ok(count) = count.parse::<usize>() else {
            continue;
        };
        let id = id.trim_matches('`');
        let real = rules
            .stdout
            .lines()
            .filter(|l| l.starts_with(&format!("{id}/")))
            .count();
        assert_eq!(count, real, "README.md says {id} has {count} rules");
        packs += 1;
    }
    assert_eq!(packs, 5, "the pack table lists every shipped pack");
    let tests = common::ylcheck(&["--lang", "en", "test"], None);
    let cases = tests
        .stdout
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| w[1] == "test")
        .map(|w| w[0].to_string())
        .expect("a count of test cases");
    assert!(
        readme.contains(&format!("running its {cases} tests")),
        "README.md should say the packs have {cases} tests"
    );
}

/// Each "In all" paragraph of samples/README.md, after the command its comment
/// names, states that command's real counts.
#[test]
fn samples_readme_counts_are_real() {
    let text = read("samples/README.md");
    let mut seen = 0;
    for (at, _) in text.match_indices("<!-- counts: ") {
        let rest = &text[at + "<!-- counts: ".len()..];
        let (command, rest) = rest.split_once(" -->").expect("closed comment");
        // The paragraph's first sentence, up to its exit code.
        let paragraph = rest.trim_start().split("\n\n").next().unwrap_or("");
        let paragraph = paragraph.split("Exit").next().unwrap_or(paragraph);
        let mut args: Vec<&str> = command.split_whitespace().collect();
        args.splice(1..1, ["--format", "json"]);
        let out = common::ylcheck(&args, None);
        let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
        let s = &doc["summary"];
        let words: Vec<&str> = paragraph
            .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
            .filter(|w| !w.is_empty())
            .collect();
        let mut checked = 0;
        for w in words.windows(2) {
            let Ok(n) = w[0].parse::<u64>() else { continue };
            let key = match w[1].trim_end_matches(['.', ';']) {
                "records" => "records",
                "checks" => "checks",
                "pass" | "passed" => "passed",
                "fail" | "failed" => "failed",
                "unknown" => "unknown",
                _ => continue,
            };
            assert_eq!(
                s[key].as_u64(),
                Some(n),
                "samples/README.md says {n} {key} for `{command}`; the real summary is {s}"
            );
            checked += 1;
        }
        assert_eq!(
            checked, 5,
            "records, checks, pass, fail, unknown in: {paragraph}"
        );
        seen += 1;
    }
    assert!(seen >= 4, "the counted paragraphs are marked");
}

/// docs/architecture.md names every module under `src/` in its code map, and every
/// path it names exists: a module added, moved or removed shows here.
#[test]
fn architecture_code_map_is_current() {
    let doc = read("docs/architecture.md");
    let root = common::root();
    let mut modules = Vec::new();
    let mut dirs = vec![root.join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&root).expect("under root");
                let rel = rel.to_string_lossy().replace('\\', "/");
                // Unit tests beside a module are part of it.
                if !rel.ends_with("_tests.rs") {
                    modules.push(rel);
                }
            }
        }
    }
    modules.sort();
    let missing: Vec<&String> = modules
        .iter()
        .filter(|m| !doc.contains(&format!("`{m}`")))
        .collect();
    assert!(missing.is_empty(), "not in the code map: {missing:?}");
    let named: Vec<&str> = doc
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            (s.starts_with("src/") || s.starts_with("rules/") || s.starts_with("tests/"))
                && !s.contains([' ', '*'])
        })
        .collect();
    let gone: Vec<&&str> = named.iter().filter(|p| !root.join(p).exists()).collect();
    assert!(gone.is_empty(), "named but absent: {gone:?}");
}

/// Every `.rs` file under `src/`, as a path relative to the package root with
/// `/` separators, sorted.
fn source_files() -> Vec<String> {
    let root = common::root();
    let mut files = Vec::new();
    let mut dirs = vec![root.join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&root).expect("under root");
                files.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

/// Most lines a source file may have: past it a file does several jobs, and is
/// split into modules with one each. The workbook reader is the one exception.
const MAX_LINES: usize = 700;

/// No source file but the workbook reader is longer than [`MAX_LINES`] (unit
/// tests beside a module count too).
#[test]
fn source_files_are_short() {
    let long: Vec<(String, usize)> = source_files()
        .into_iter()
        .filter(|f| f != "src/data/xlsx.rs")
        .map(|f| {
            let lines = read(&f).bytes().filter(|&b| b == b'\n').count();
            (f, lines)
        })
        .filter(|&(_, lines)| lines > MAX_LINES)
        .collect();
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines, to split: {long:?}"
    );
}
