//! Files on disk: inputs checked and read within the size limit, the rule files
//! of a run, outputs written, and I/O errors in the reader's words.

use super::atomic;
use super::error::{CliError, Errors};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

/// Largest input file read.
const MAX_INPUT: u64 = 1 << 30;

/// A file that cannot be read, with what the system said.
pub(super) fn io_error(path: &str, e: &std::io::Error) -> CliError {
    CliError::Unreadable {
        path: path.to_string(),
        kind: e.kind(),
        reason: e.to_string(),
    }
}

fn too_large(path: &str) -> CliError {
    CliError::TooLarge {
        path: path.to_string(),
        max: MAX_INPUT,
    }
}

/// Checks that an input names a file that may be read: not a directory, not over
/// the size limit (refused before a byte is read).
pub(super) fn input_file(path: &str) -> Result<(), CliError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e))?;
    if meta.is_dir() {
        return Err(CliError::InputIsDirectory {
            path: path.to_string(),
        });
    }
    if meta.len() > MAX_INPUT {
        return Err(too_large(path));
    }
    Ok(())
}

/// Reads an input file, or standard input for `-`.
pub(super) fn read_input(path: &str) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(path, &e))?;
    } else {
        input_file(path)?;
        let f = std::fs::File::open(path).map_err(|e| io_error(path, &e))?;
        f.take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(path, &e))?;
    }
    if bytes.len() as u64 > MAX_INPUT {
        return Err(too_large(path));
    }
    Ok(bytes)
}

/// Reads the rule files at `paths` (a directory gives its `.rules` files in name
/// order), the embedded `entities.rules` first unless one is among them; with no
/// `paths`, the embedded packs.
pub(super) fn read_rule_files(paths: &[String]) -> Result<Vec<(String, Arc<str>)>, Errors> {
    let mut files: Vec<(String, Arc<str>)> = Vec::new();
    if paths.is_empty() {
        return Ok(ylcheck::embedded::files());
    }
    let mut errors = Errors::default();
    let mut found = Vec::new();
    for p in paths {
        match std::fs::read_dir(p) {
            Ok(dir) => {
                let mut names: Vec<String> = dir
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "rules"))
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                names.sort();
                if names.is_empty() {
                    // Checking against no rules would pass anything.
                    errors.push(CliError::NoRulesInDirectory { dir: p.clone() });
                }
                found.extend(names);
            }
            Err(_) => found.push(p.clone()),
        }
    }
    if !found.iter().any(|p| {
        Path::new(p)
            .file_name()
            .is_some_and(|n| n == "entities.rules")
    }) {
        files.push((
            ylcheck::embedded::ENTITIES.0.into(),
            Arc::from(ylcheck::embedded::ENTITIES.1),
        ));
    }
    for p in found {
        match read_input(&p) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push((p, Arc::from(text))),
                Err(e) => {
                    // Shown with the bad byte replaced, pointing at it.
                    let at = e.utf8_error().valid_up_to();
                    let shown: Arc<str> = Arc::from(String::from_utf8_lossy(e.as_bytes()).as_ref());
                    let width = shown
                        .get(at..)
                        .and_then(|s| s.chars().next())
                        .map_or(0, char::len_utf8);
                    errors.push(CliError::RulesNotUtf8 {
                        path: p,
                        shown,
                        at,
                        width,
                    })
                }
            },
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

pub(super) fn write_output(path: Option<&str>, text: &str) -> Result<(), CliError> {
    write_bytes(path, text.as_bytes())
}

pub(super) fn write_bytes(path: Option<&str>, bytes: &[u8]) -> Result<(), CliError> {
    if let Some(p) = path {
        return atomic::write_file(p, bytes);
    }
    match std::io::stdout().lock().write_all(bytes) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(atomic::write_error("-", &e)),
    }
}
