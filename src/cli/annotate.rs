//! `check --annotate DIR`: a marked copy of each CSV or workbook input, written
//! into DIR (created if missing), each file whole or not at all ([`atomic`]). Two
//! inputs of one name (`a/设施.csv`, `b/设施.csv`) get `设施.xlsx` and
//! `设施-2.xlsx`; no copy ever replaces one of the run's own files.

use super::error::{CliError, Errors};
use super::{atomic, read_input};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use ylcheck::data::{Format, copy};
use ylcheck::i18n::tr;
use ylcheck::report::Context;
use ylcheck::report::annotate::{self, Mark};

/// A workbook that could not be made.
pub fn workbook_error(path: &str, e: &rust_xlsxwriter::XlsxError) -> CliError {
    CliError::WorkbookNotMade {
        path: path.to_string(),
        reason: e.to_string(),
    }
}

/// Refuses a DIR that is a file, before the run.
pub fn refuse(dir: &str) -> Result<(), CliError> {
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => Err(CliError::AnnotateNotDirectory {
            dir: dir.to_string(),
        }),
        _ => Ok(()),
    }
}

/// The name of an input's copy, before collisions: its file name with `.xlsx`
/// for its extension (`设施.csv` → `设施.xlsx`); standard input is `stdin`.
fn stem(path: &str) -> String {
    if path == "-" {
        return "stdin".into();
    }
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s.to_string(),
        _ if name.is_empty() => "input".into(),
        _ => name.to_string(),
    }
}

/// Whether `target` is one of `own` (the inputs, rules, settings, the report).
fn is_own(target: &Path, own: &[String]) -> bool {
    let Ok(t) = target.canonicalize() else {
        return false;
    };
    own.iter()
        .any(|o| Path::new(o).canonicalize().is_ok_and(|p| p == t))
}

/// A file name in `dir` no other copy of this run took and none of the run's own
/// files has: `设施.xlsx`, else `设施-2.xlsx`, `设施-3.xlsx` …
fn free_name(dir: &Path, stem: &str, taken: &mut HashSet<String>, own: &[String]) -> PathBuf {
    let mut n = 1u32;
    loop {
        let name = match n {
            1 => format!("{stem}.xlsx"),
            _ => format!("{stem}-{n}.xlsx"),
        };
        let target = dir.join(&name);
        // Case folded: two names differing in case are one file on Windows and macOS.
        if taken.insert(name.to_lowercase()) && !is_own(&target, own) {
            return target;
        }
        n += 1;
    }
}

/// Writes the copies. `inputs` are the run's inputs in order (a mark's `source`
/// indexes them), `stdin` what `-` read, `own` the files no copy may replace.
pub fn write(
    dir: &str,
    inputs: &[String],
    from_stdin: &[bool],
    stdin: Option<&[u8]>,
    ctx: &Context<'_>,
    marks: &[Mark],
    own: &[String],
) -> Result<(), Errors> {
    let lang = ctx.lang;
    std::fs::create_dir_all(dir).map_err(|e| atomic::write_error(dir, &e))?;
    let mut taken = HashSet::new();
    let mut errors = Errors::default();
    let mut skipped = Vec::new();
    let mut said = String::new();
    for (i, path) in inputs.iter().enumerate() {
        let read;
        let piped = from_stdin.get(i).copied().unwrap_or(false);
        let bytes = match (piped, stdin) {
            (true, Some(b)) => b,
            _ => match read_input(path) {
                Ok(b) => {
                    read = b;
                    &read[..]
                }
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            },
        };
        let name = stem(path);
        let (sheets, csv) = match Format::detect(path, bytes) {
            Some(Format::Csv) => (copy::csv(path, &name, bytes).map(|s| vec![s]), true),
            Some(Format::Xlsx) => (copy::workbook(path, bytes), false),
            _ => {
                skipped.push(path.as_str());
                continue;
            }
        };
        let sheets = match sheets {
            Ok(s) => s,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let mine: Vec<&Mark> = marks
            .iter()
            .filter(|m| usize::try_from(m.source).is_ok_and(|s| s == i))
            .collect();
        let target = free_name(Path::new(dir), &name, &mut taken, own);
        let shown = target.to_string_lossy().into_owned();
        let book = match annotate::copy(&sheets, csv, &mine, lang) {
            Ok(b) => b,
            Err(e) => {
                errors.push(workbook_error(&shown, &e));
                continue;
            }
        };
        if let Err(d) = atomic::write_file(&shown, &book) {
            errors.push(d);
            continue;
        }
        let cells: HashSet<(Option<&str>, u32, u32)> = mine
            .iter()
            .flat_map(|m| m.cells.iter().map(|&(r, c)| (m.sheet.as_deref(), r, c)))
            .collect();
        say(
            &mut said,
            tr(
                lang,
                format!("标注副本：{shown}（{path}，标出 {} 个单元格）", cells.len()),
                format!(
                    "annotated copy: {shown} (of {path}; cells marked: {})",
                    cells.len()
                ),
            ),
        );
    }
    if !skipped.is_empty() {
        say(
            &mut said,
            tr(
                lang,
                format!(
                    "未标注：{}（只有 CSV 文件和 Excel 工作簿有单元格可标注）",
                    skipped.join("、")
                ),
                format!(
                    "not annotated: {} (only CSV files and workbooks have cells to mark)",
                    skipped.join(", ")
                ),
            ),
        );
    }
    let _ = std::io::stderr().write_all(said.as_bytes());
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Adds one line to what is said on standard error: the names in it are the
/// inputs', whose line breaks and control characters are shown, not obeyed.
fn say(said: &mut String, text: String) {
    said.push_str(&ylcheck::escape::line(&text));
    said.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_named_after_its_input() {
        assert_eq!(stem("data/设施.csv"), "设施");
        assert_eq!(stem("a.b.xlsx"), "a.b");
        assert_eq!(stem("-"), "stdin");
        assert_eq!(stem(".hidden"), ".hidden");
        assert_eq!(stem("dir\\x.csv"), "x");
    }

    #[test]
    fn names_do_not_collide() {
        let dir = Path::new("/nonexistent-dir-for-names");
        let mut taken = HashSet::new();
        let a = free_name(dir, "设施", &mut taken, &[]);
        let b = free_name(dir, "设施", &mut taken, &[]);
        let c = free_name(dir, "Facility", &mut taken, &[]);
        let d = free_name(dir, "facility", &mut taken, &[]);
        assert_eq!(a, dir.join("设施.xlsx"));
        assert_eq!(b, dir.join("设施-2.xlsx"));
        assert_eq!(c, dir.join("Facility.xlsx"));
        assert_eq!(d, dir.join("facility-2.xlsx"));
    }
}
