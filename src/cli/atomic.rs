//! Every file ylcheck writes appears whole or not at all: it is written to a hidden
//! temporary file beside its target and renamed over it only once complete. A run
//! that fails, is interrupted or fills the disk leaves the previous report (or the
//! submitted plan someone named by mistake) as it was.

use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file being written; [`Atomic::commit`] puts it in place.
pub struct Atomic {
    file: std::io::BufWriter<tempfile::NamedTempFile>,
    target: PathBuf,
    shown: String,
}

impl Atomic {
    /// Starts writing `path`. The temporary file is in the target's directory, so
    /// the rename cannot cross file systems.
    pub fn create(path: &str, lang: Lang) -> Result<Atomic, Diag> {
        let target = PathBuf::from(path);
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".ylcheck-")
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| write_error(path, &e, lang))?;
        Ok(Atomic {
            file: std::io::BufWriter::with_capacity(1 << 20, tmp),
            target,
            shown: path.to_string(),
        })
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(self, lang: Lang) -> Result<(), Diag> {
        let shown = self.shown.clone();
        let fail = |e: &std::io::Error| write_error(&shown, e, lang);
        let tmp = self.file.into_inner().map_err(|e| fail(e.error()))?;
        tmp.as_file().sync_all().map_err(|e| fail(&e))?;
        tmp.persist(&self.target).map_err(|e| fail(&e.error))?;
        Ok(())
    }
}

impl Write for Atomic {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Writes `text` to `path` whole, or leaves `path` untouched.
pub fn write_file(path: &str, text: &[u8], lang: Lang) -> Result<(), Diag> {
    let mut file = Atomic::create(path, lang)?;
    file.write_all(text)
        .map_err(|e| write_error(path, &e, lang))?;
    file.commit(lang)
}

/// A failure to write, said as one: not "cannot be read".
pub fn write_error(path: &str, e: &std::io::Error, lang: Lang) -> Diag {
    let (zh, en) = match e.kind() {
        std::io::ErrorKind::NotFound => ("所在目录不存在", "its directory does not exist"),
        std::io::ErrorKind::PermissionDenied => ("没有写入权限", "permission denied"),
        std::io::ErrorKind::StorageFull => ("磁盘已满", "the disk is full"),
        std::io::ErrorKind::IsADirectory => ("这是一个目录", "is a directory"),
        _ => ("无法写入", "cannot be written"),
    };
    Diag::error(
        "ylcheck::io::write",
        tr(
            lang,
            format!("`{path}`：{zh}，未写入"),
            format!("`{path}`: {en}; nothing written"),
        ),
    )
    .with_help(tr(
        lang,
        format!("系统报告：{e}"),
        format!("the system said: {e}"),
    ))
}

/// Refuses an output that is one of the run's own files (`-o plan.toml plan.toml`):
/// the report would replace what it reports on.
pub fn refuse_overwriting(output: &str, inputs: &[&str], lang: Lang) -> Result<(), Diag> {
    let Ok(out) = Path::new(output).canonicalize() else {
        // A file that does not exist yet is no input.
        return Ok(());
    };
    for input in inputs {
        if Path::new(input).canonicalize().is_ok_and(|p| p == out) {
            return Err(Diag::error(
                "ylcheck::args::output-is-input",
                tr(
                    lang,
                    format!("输出文件 `{output}` 是本次检查的输入，不能覆盖它"),
                    format!(
                        "the output `{output}` is one of the run's inputs; it is not overwritten"
                    ),
                ),
            )
            .with_help(lang.pick("用 -o 指定另一个文件", "name another file with -o")));
        }
    }
    Ok(())
}
