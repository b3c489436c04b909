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
        let doc = out.json();
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
    // Unit tests beside a module are part of it.
    let modules: Vec<String> = source_files()
        .into_iter()
        .filter(|m| !m.ends_with("_tests.rs"))
        .collect();
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

/// A source file with its comments dropped and its string and character
/// literals emptied: paths in docs or messages are not imports.
fn code_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|p| b[p]);
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            continue;
        }
        let raw_start = prev.is_none_or(|p| !ident(p))
            || (prev == Some('b') && i.checked_sub(2).is_none_or(|p| !ident(b[p])));
        if c == 'r' && matches!(next, Some('"' | '#')) && raw_start {
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) == Some(&'"') {
                j += 1;
                while j < b.len()
                    && !(b[j] == '"' && (1..=hashes).all(|k| b.get(j + k) == Some(&'#')))
                {
                    j += 1;
                }
                out.push_str("\"\"");
                i = j + 1 + hashes;
                continue;
            }
        }
        if c == '"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != '"' {
                j += if b[j] == '\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i = j + 1;
            continue;
        }
        if c == '\'' {
            if next == Some('\\') {
                let mut j = i + 2;
                while j < b.len() && b[j] != '\'' {
                    j += 1;
                }
                out.push_str("' '");
                i = j + 1;
                continue;
            }
            if b.get(i + 2) == Some(&'\'') {
                out.push_str("' '");
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The byte just past the `}` that closes the `{` at `open`.
fn closing(code: &str, open: usize) -> usize {
    let mut depth = 0usize;
    for (i, c) in code[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i + 1;
                }
            }
            _ => {}
        }
    }
    code.len()
}

/// The paths a `use` tree names, each as its segments (`a::{b, c::d}` is
/// `a::b` and `a::c::d`; `self` in a group is the group's prefix).
fn use_paths(tree: &str) -> Vec<Vec<String>> {
    fn split_top(s: &str) -> Vec<&str> {
        let mut parts = Vec::new();
        let (mut depth, mut start) = (0, 0);
        for (i, c) in s.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&s[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&s[start..]);
        parts.into_iter().filter(|p| !p.is_empty()).collect()
    }
    fn walk(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
        let (head, group) = match tree.find('{') {
            Some(at) => (&tree[..at], Some(&tree[at + 1..tree.len() - 1])),
            None => (tree, None),
        };
        let mut path = prefix.to_vec();
        path.extend(
            head.split("::")
                .filter(|s| !s.is_empty() && *s != "*" && *s != "self")
                .map(str::to_string),
        );
        match group {
            Some(g) => {
                for part in split_top(g) {
                    walk(&path, part, out);
                }
            }
            None => out.push(path),
        }
    }
    let renamed = regex::Regex::new(r"\s+as\s+\w+").expect("regex");
    let tree: String = renamed
        .replace_all(tree, "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut out = Vec::new();
    walk(&[], &tree, &mut out);
    out
}

/// Which file imports which: `use crate::…` and `use super::…` (not `pub use`
/// re-exports) and `crate::…` or `super::…` paths in code, each to the file of
/// the deepest module it names (`crate::a::b::Item` is `a/b.rs` or
/// `a/b/mod.rs`). `mod` declarations and test modules are left out: a module
/// declares its children and its tests read it, and neither is a dependency.
/// A path through a re-export stops at the re-exporting module's file. Each
/// edge comes with the path that makes it.
fn import_graph() -> std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>>
{
    use std::collections::{BTreeMap, BTreeSet};
    let files: BTreeSet<String> = source_files().into_iter().collect();
    let in_bin = |f: &str| f == "src/main.rs" || f.starts_with("src/cli/");
    let file_of = |module: &[String], bin: bool| -> Option<String> {
        if module.is_empty() {
            return Some(if bin { "src/main.rs" } else { "src/lib.rs" }.to_string());
        }
        let base = format!("src/{}", module.join("/"));
        [format!("{base}.rs"), format!("{base}/mod.rs")]
            .into_iter()
            .find(|f| files.contains(f))
    };
    let test_mod = regex::Regex::new(
        r"#\[cfg\(test\)\]\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*\{",
    )
    .expect("regex");
    let inline_mod = regex::Regex::new(r"\bmod\s+(\w+)\s*\{").expect("regex");
    let use_stmt = regex::Regex::new(r"\b(pub(?:\s*\([^)]*\))?\s+)?use\s+([^;]+);").expect("regex");
    let inline_path = regex::Regex::new(r"\b(?:crate|super)(?:::\w+)+").expect("regex");
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in &files {
        if file.ends_with("_tests.rs") {
            continue;
        }
        let bin = in_bin(file);
        let stem = file
            .trim_start_matches("src/")
            .trim_end_matches(".rs")
            .trim_end_matches("/mod");
        let own: Vec<String> = match stem {
            "lib" | "main" => Vec::new(),
            s => s.split('/').map(str::to_string).collect(),
        };
        let mut code = code_only(&read(file));
        while let Some(m) = test_mod.find(&code) {
            let end = closing(&code, m.end() - 1);
            code.replace_range(m.start()..end, "");
        }
        let inline: Vec<(usize, usize, String)> = inline_mod
            .captures_iter(&code)
            .filter_map(|c| {
                let m = c.get(0)?;
                Some((m.start(), closing(&code, m.end() - 1), c[1].to_string()))
            })
            .collect();
        // The module a position is in: the file's, and the inline ones around it.
        let module_at = |at: usize| -> Vec<String> {
            let mut m = own.clone();
            m.extend(
                inline
                    .iter()
                    .filter(|(s, e, _)| *s < at && at < *e)
                    .map(|(_, _, n)| n.clone()),
            );
            m
        };
        let mut edge = |at: usize, path: &[String]| {
            let Some((first, rest)) = path.split_first() else {
                return;
            };
            let mut base = match first.as_str() {
                "crate" => Vec::new(),
                "super" => {
                    let mut m = module_at(at);
                    m.pop();
                    m
                }
                _ => return,
            };
            let mut rest = rest.iter().peekable();
            while rest.peek().is_some_and(|s| *s == "super") {
                base.pop();
                rest.next();
            }
            // An inline module is in its nearest ancestor's file.
            while file_of(&base, bin).is_none() && base.pop().is_some() {}
            let mut target = file_of(&base, bin);
            for s in rest {
                base.push(s.clone());
                match file_of(&base, bin) {
                    Some(f) => target = Some(f),
                    None => break,
                }
            }
            if let Some(t) = target
                && t != *file
            {
                graph
                    .entry(file.clone())
                    .or_default()
                    .entry(t)
                    .or_insert_with(|| path.join("::"));
            }
        };
        let mut uses = Vec::new();
        for c in use_stmt.captures_iter(&code) {
            let Some(m) = c.get(0) else { continue };
            uses.push(m.range());
            if c.get(1).is_some() {
                continue;
            }
            for path in use_paths(&c[2]) {
                edge(m.start(), &path);
            }
        }
        for m in inline_path.find_iter(&code) {
            if uses.iter().any(|u| u.contains(&m.start())) {
                continue;
            }
            let path: Vec<String> = m.as_str().split("::").map(str::to_string).collect();
            edge(m.start(), &path);
        }
    }
    graph
}

/// No source files import each other, directly or through others: each module
/// builds on the ones it imports, so it can be read, tested and changed without
/// those that import it.
#[test]
fn source_files_import_no_cycle() {
    use std::collections::BTreeSet;
    let graph = import_graph();
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(f) = todo.pop() {
            for t in graph.get(&f).into_iter().flat_map(|e| e.keys()) {
                if seen.insert(t.clone()) {
                    todo.push(t.clone());
                }
            }
        }
        seen
    };
    let reached: Vec<(&String, BTreeSet<String>)> = graph.keys().map(|f| (f, reach(f))).collect();
    // Each cycle once, as the files that reach each other.
    let mut cycles: BTreeSet<Vec<&String>> = BTreeSet::new();
    for (f, r) in &reached {
        if !r.contains(*f) {
            continue;
        }
        let mut members: Vec<&String> = reached
            .iter()
            .filter(|(g, s)| r.contains(*g) && s.contains(*f))
            .map(|(g, _)| *g)
            .collect();
        members.sort();
        cycles.insert(members);
    }
    let named: Vec<String> = cycles
        .iter()
        .map(|c| {
            let edges: Vec<String> = c
                .iter()
                .flat_map(|f| {
                    graph[*f]
                        .iter()
                        .filter(|(t, _)| c.contains(t))
                        .map(move |(t, p)| format!("  {f} -> {t} ({p})"))
                })
                .collect();
            edges.join("\n")
        })
        .collect();
    assert!(
        named.is_empty(),
        "import cycles between files:\n{}",
        named.join("\n\n")
    );
}
