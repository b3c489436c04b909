//! Every file ylcheck writes appears whole or not at all: it is written to a hidden
//! temporary file beside its target and renamed over it only once complete. A run
//! that fails, is interrupted or fills the disk leaves the previous report (or the
//! submitted plan someone named by mistake) as it was. What is no plain file
//! (`/dev/null`, a FIFO) is written as a stream; a link is followed.

use super::error::CliError;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file being written; [`Atomic::commit`] puts it in place.
pub struct Atomic {
    to: To,
    shown: String,
}

enum To {
    /// A plain file (or none yet): a temporary file renamed onto `target`, the
    /// path with its links followed, so a link stays a link.
    Plain {
        file: std::io::BufWriter<tempfile::NamedTempFile>,
        target: PathBuf,
    },
    /// Something that is not a plain file — `/dev/null`, a FIFO, a terminal — is
    /// written to as it is: renaming over it would put a regular file in place of
    /// a device every other program on the machine uses.
    Stream(std::io::BufWriter<std::fs::File>),
}

impl Atomic {
    /// Starts writing `path`. The temporary file is in the target's directory, so
    /// the rename cannot cross file systems, and it has the permissions of the
    /// file it replaces, or a new file's usual ones.
    pub fn create(path: &str) -> Result<Atomic, CliError> {
        let fail = |e: &std::io::Error| write_error(path, e);
        let given = PathBuf::from(path);
        let (target, existing) = match std::fs::metadata(&given) {
            Ok(meta) if !meta.is_file() && !meta.is_dir() => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .open(&given)
                    .map_err(|e| fail(&e))?;
                return Ok(Atomic {
                    to: To::Stream(std::io::BufWriter::with_capacity(1 << 20, file)),
                    shown: path.to_string(),
                });
            }
            Ok(meta) => (
                given.canonicalize().map_err(|e| fail(&e))?,
                Some(meta.permissions()),
            ),
            Err(_) => (given, None),
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".ylcheck-").suffix(".tmp");
        #[cfg(unix)]
        let fresh = {
            use std::os::unix::fs::PermissionsExt;
            // Filtered by the umask, like any file a program creates.
            std::fs::Permissions::from_mode(0o666)
        };
        #[cfg(unix)]
        builder.permissions(existing.clone().unwrap_or(fresh));
        let tmp = builder.tempfile_in(&dir).map_err(|e| fail(&e))?;
        if let Some(perms) = existing {
            // Set again: the umask narrowed what the file was created with.
            tmp.as_file().set_permissions(perms).map_err(|e| fail(&e))?;
        }
        Ok(Atomic {
            to: To::Plain {
                file: std::io::BufWriter::with_capacity(1 << 20, tmp),
                target,
            },
            shown: path.to_string(),
        })
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(self) -> Result<(), CliError> {
        let shown = self.shown;
        let fail = |e: &std::io::Error| write_error(&shown, e);
        match self.to {
            To::Plain { file, target } => {
                let tmp = file.into_inner().map_err(|e| fail(e.error()))?;
                tmp.as_file().sync_all().map_err(|e| fail(&e))?;
                tmp.persist(&target).map_err(|e| fail(&e.error))?;
            }
            To::Stream(mut file) => file.flush().map_err(|e| fail(&e))?,
        }
        Ok(())
    }
}

impl Write for Atomic {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.to {
            To::Plain { file, .. } => file.write(buf),
            To::Stream(file) => file.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.to {
            To::Plain { file, .. } => file.flush(),
            To::Stream(file) => file.flush(),
        }
    }
}

/// Writes `text` to `path` whole, or leaves `path` untouched.
pub fn write_file(path: &str, text: &[u8]) -> Result<(), CliError> {
    let mut file = Atomic::create(path)?;
    file.write_all(text).map_err(|e| write_error(path, &e))?;
    file.commit()
}

/// A failure to write, said as one: not "cannot be read".
pub fn write_error(path: &str, e: &std::io::Error) -> CliError {
    CliError::Unwritable {
        path: path.to_string(),
        kind: e.kind(),
        reason: e.to_string(),
    }
}

/// Refuses an output that is one of the run's own files (`-o plan.toml plan.toml`):
/// the report would replace what it reports on.
pub fn refuse_overwriting(output: &str, inputs: &[&str]) -> Result<(), CliError> {
    let Ok(out) = Path::new(output).canonicalize() else {
        // A file that does not exist yet is no input.
        return Ok(());
    };
    for input in inputs {
        if Path::new(input).canonicalize().is_ok_and(|p| p == out) {
            return Err(CliError::OutputIsInput {
                output: output.to_string(),
            });
        }
    }
    Ok(())
}
