//! The inputs a run reads: files as given, directories expanded to the files in
//! them a run can read, and standard input under the name it is given.

use super::error::CliError;
use super::io_error;
use std::path::{Path, PathBuf};

/// The extensions a directory is searched for: the formats ylcheck reads, less
/// `.json` and `.txt`, which in a data folder are as often reports and notes.
const EXTENSIONS: [&str; 6] = ["csv", "tsv", "xlsx", "xlsm", "toml", "geojson"];
/// How deep a directory is searched, and how many files it may give: a tree
/// that goes further is refused, not read in part.
const MAX_DEPTH: usize = 16;
const MAX_FILES: usize = 10_000;

/// The inputs as reports name them, and which are standard input (`-`, named
/// `stdin_name` if given). A directory gives its readable files, recursively, in
/// the order of their paths; hidden files and folders, the settings file
/// (`ylcheck.toml`) and linked folders are not entered.
pub fn expand(
    given: &[String],
    stdin_name: Option<&str>,
) -> Result<(Vec<String>, Vec<bool>), CliError> {
    let mut paths = Vec::new();
    let mut stdin = Vec::new();
    for g in given {
        if g == "-" {
            paths.push(stdin_name.unwrap_or("-").to_string());
            stdin.push(true);
            continue;
        }
        let dir = Path::new(g);
        if !std::fs::metadata(dir).is_ok_and(|m| m.is_dir()) {
            paths.push(g.clone());
            stdin.push(false);
            continue;
        }
        let mut found = Vec::new();
        walk(dir, 0, &mut found)?;
        if found.is_empty() {
            return Err(CliError::EmptyDirectory {
                dir: g.clone(),
                extensions: &EXTENSIONS,
            });
        }
        found.sort();
        for f in found {
            paths.push(f.to_string_lossy().into_owned());
            stdin.push(false);
        }
    }
    Ok((paths, stdin))
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let shown = dir.to_string_lossy();
    if depth > MAX_DEPTH {
        return Err(CliError::DeepDirectory {
            dir: shown.into_owned(),
            max: MAX_DEPTH,
        });
    }
    let entries = std::fs::read_dir(dir).map_err(|e| io_error(&shown, &e))?;
    for entry in entries {
        let entry = entry.map_err(|e| io_error(&shown, &e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "ylcheck.toml" {
            continue;
        }
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, depth + 1, out)?;
            continue;
        }
        let readable = name.rsplit_once('.').is_some_and(|(stem, ext)| {
            !stem.is_empty() && EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        });
        // A link to a file is read; a link to a folder is not entered.
        if readable && std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            if out.len() >= MAX_FILES {
                return Err(CliError::LargeDirectory { max: MAX_FILES });
            }
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use ylcheck::data::Format;

    /// Every extension searched for is one ylcheck reads by its name.
    #[test]
    fn the_extensions_are_formats_read() {
        for ext in super::EXTENSIONS {
            assert!(Format::detect(&format!("a.{ext}"), b"").is_some(), "{ext}");
        }
    }
}
