//! Files on disk: inputs checked and read within the size limit, the rule files
//! of a run, outputs written, and I/O errors in the reader's words.

use super::atomic;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;
use ylcheck::diag::Diag;
use ylcheck::i18n::{Lang, tr};

/// Largest input file read.
const MAX_INPUT: u64 = 1 << 30;

pub(super) fn io_error(path: &str, e: &std::io::Error, lang: Lang) -> Diag {
    let (zh, en) = match e.kind() {
        std::io::ErrorKind::NotFound => ("文件不存在", "no such file"),
        std::io::ErrorKind::PermissionDenied => ("没有读取权限", "permission denied"),
        std::io::ErrorKind::IsADirectory => {
            ("这是一个目录，不是文件", "is a directory, not a file")
        }
        _ => ("无法读取", "cannot be read"),
    };
    Diag::error(
        "ylcheck::io",
        tr(lang, format!("`{path}`：{zh}"), format!("`{path}`: {en}")),
    )
    .with_help(tr(
        lang,
        format!("系统报告：{e}"),
        format!("the system said: {e}"),
    ))
}

fn too_large(path: &str, lang: Lang) -> Diag {
    Diag::error(
        "ylcheck::limit",
        tr(
            lang,
            format!("`{path}` 超过 1 GiB 的上限"),
            format!("`{path}` is larger than the 1 GiB limit"),
        ),
    )
    .with_help(lang.pick(
        "请按地区拆分文件后分别检查",
        "split the file by region and check the parts",
    ))
}

/// Checks that an input names a file that may be read: not a directory, not over
/// the size limit (refused before a byte is read).
pub(super) fn input_file(path: &str, lang: Lang) -> Result<(), Diag> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, &e, lang))?;
    if meta.is_dir() {
        return Err(io_error(
            path,
            &std::io::Error::from(std::io::ErrorKind::IsADirectory),
            lang,
        )
        .with_help(lang.pick(
            "请给出目录中的文件，如 dir/facility.csv",
            "name the files in it, e.g. dir/facility.csv",
        )));
    }
    if meta.len() > MAX_INPUT {
        return Err(too_large(path, lang));
    }
    Ok(())
}

/// Reads an input file, or standard input for `-`.
pub(super) fn read_input(path: &str, lang: Lang) -> Result<Vec<u8>, Diag> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(path, &e, lang))?;
    } else {
        input_file(path, lang)?;
        let f = std::fs::File::open(path).map_err(|e| io_error(path, &e, lang))?;
        f.take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(path, &e, lang))?;
    }
    if bytes.len() as u64 > MAX_INPUT {
        return Err(too_large(path, lang));
    }
    Ok(bytes)
}

/// Reads the rule files at `paths` (a directory gives its `.rules` files in name
/// order), the embedded `entities.rules` first unless one is among them; with no
/// `paths`, the embedded packs.
pub(super) fn read_rule_files(
    paths: &[String],
    lang: Lang,
) -> Result<Vec<(String, Arc<str>)>, Vec<Diag>> {
    let mut files: Vec<(String, Arc<str>)> = Vec::new();
    if paths.is_empty() {
        return Ok(ylcheck::embedded::files());
    }
    let mut errors = Vec::new();
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
                    errors.push(
                        Diag::error(
                            "ylcheck::rules::none",
                            tr(
                                lang,
                                format!("目录 `{p}` 中没有 .rules 规则文件"),
                                format!("directory `{p}` holds no .rules files"),
                            ),
                        )
                        .with_help(lang.pick(
                            "给出规则文件或含有规则文件的目录；不给 --rules 时使用内置规则包",
                            "name rule files or a directory of them; without --rules the embedded packs are used",
                        )),
                    );
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
        match read_input(&p, lang) {
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
                    errors.push(
                        Diag::error(
                            "ylcheck::rules::encoding",
                            tr(
                                lang,
                                format!("规则文件 `{p}` 不是 UTF-8"),
                                format!("rule file `{p}` is not UTF-8"),
                            ),
                        )
                        .with_source(&p, shown)
                        .with_label((at, width), lang.pick("无效字节", "invalid byte"))
                        .with_help(
                            lang.pick("规则文件须以 UTF-8 保存", "save rule files as UTF-8"),
                        ),
                    )
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

pub(super) fn write_output(path: Option<&str>, text: &str, lang: Lang) -> Result<(), Vec<Diag>> {
    write_bytes(path, text.as_bytes(), lang)
}

pub(super) fn write_bytes(path: Option<&str>, bytes: &[u8], lang: Lang) -> Result<(), Vec<Diag>> {
    if let Some(p) = path {
        return atomic::write_file(p, bytes, lang).map_err(|d| vec![d]);
    }
    match std::io::stdout().lock().write_all(bytes) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(vec![atomic::write_error("-", &e, lang)]),
    }
}
