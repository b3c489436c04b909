//! Where a report and the diagnostics go: the report to a file put in place whole
//! or to standard output, diagnostics and warnings to standard error.

use crate::cli::atomic;
use crate::cli::error::CliError;
use std::io::{IsTerminal, Write};
use ylcheck::diag::Diag;
use ylcheck::report;

/// Where a report goes: a file, put in place whole only when the run succeeds
/// ([`atomic`]), or standard output, buffered. A closed pipe (the reader quit, as
/// `| head` does) is not an error.
pub(super) struct Output {
    pub(super) writer: Sink,
    path: String,
    error: Option<std::io::Error>,
}

pub(super) enum Sink {
    File(atomic::Atomic),
    Stdout(std::io::BufWriter<std::io::Stdout>),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::File(f) => f.write(buf),
            Sink::Stdout(o) => o.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Sink::File(f) => f.write_all(buf),
            Sink::Stdout(o) => o.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::File(f) => f.flush(),
            Sink::Stdout(o) => o.flush(),
        }
    }
}

impl Output {
    pub(super) fn open(path: Option<&str>) -> Result<Output, CliError> {
        let writer = match path {
            Some(p) => Sink::File(atomic::Atomic::create(p)?),
            None => Sink::Stdout(std::io::BufWriter::with_capacity(
                1 << 20,
                std::io::stdout(),
            )),
        };
        Ok(Output {
            writer,
            path: path.unwrap_or("-").to_string(),
            error: None,
        })
    }

    pub(super) fn write(&mut self, bytes: &[u8]) {
        let res = self.writer.write_all(bytes);
        self.check(res);
    }

    pub(super) fn check(&mut self, res: std::io::Result<()>) {
        if let Err(e) = res
            && self.error.is_none()
        {
            self.error = Some(e);
        }
    }

    pub(super) fn finish(mut self) -> Result<(), CliError> {
        let res = self.writer.flush();
        self.check(res);
        match (self.error, self.writer) {
            (Some(e), _) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            (Some(e), _) => Err(atomic::write_error(&self.path, &e)),
            (None, Sink::File(f)) => f.commit(),
            (None, Sink::Stdout(_)) => Ok(()),
        }
    }
}

/// Diagnostics go to standard error in every format (and into the machine
/// formats' documents too): the report on standard output stays the report.
pub(super) fn stderr_diagnostics(diagnostics: &[Diag]) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let handler = report::human::handler(color, 100);
    let mut text = String::new();
    for d in diagnostics {
        let _ = handler.render_report(&mut text, &d.clone().fit());
        text.push('\n');
    }
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Machine output stays pure: reading warnings go to the terminal instead.
pub(super) fn stderr_warnings(warnings: &[Diag]) {
    let mut text = String::new();
    for w in warnings {
        text.push_str(&ylcheck::diag::render_plain(w, 100));
    }
    let _ = std::io::stderr().write_all(text.as_bytes());
}
