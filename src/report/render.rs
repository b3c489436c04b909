//! The output formats behind one interface. Every format is written the same way:
//! each finding is rendered on the worker that found it into what the format keeps
//! of it until its turn ([`Render::row`], its text usually held in the [`Spool`]),
//! and once the run is over the document is written from the run's totals, the
//! sorted rows, the passes for the format that lists them (rendered as the
//! findings are, [`Render::pass`]) and the record traces for the formats that
//! draw maps ([`Render::document`]). The command line, the fuzz targets and the tests all go
//! through this one path, so no format can be written two ways.

use super::spool::{Held, Spool};
use super::{Context, Totals};
use crate::eval::{Finding, Trace};
use crate::run::{PassRun, Passed, RunOutput, Traces};
use std::io::{self, Write};

/// What a document is written from, once the run is over.
pub struct Document<'a, R> {
    pub ctx: &'a Context<'a>,
    pub totals: &'a Totals,
    /// The findings as the format rendered them, in report order; a format may
    /// sort them again (by county, by rule).
    pub rows: &'a mut [R],
    pub spool: &'a Spool,
    /// The checked records and their outcomes that [`Needs::traces`] asked for.
    pub traces: &'a [Trace],
    /// The passes [`Needs::passes`] asked for, as [`Render::pass`] rendered them.
    pub passes: &'a [PassRun],
    /// The region the run checked against.
    pub region: &'a str,
}

impl<'a, R> Document<'a, R> {
    /// The document of a run, its findings taken out of it as `rows`.
    pub fn of<T>(
        ctx: &'a Context<'a>,
        run: &'a RunOutput<T>,
        rows: &'a mut [R],
        spool: &'a Spool,
    ) -> Document<'a, R> {
        Document {
            ctx,
            totals: &run.totals,
            rows,
            spool,
            traces: &run.traces,
            passes: &run.passes,
            region: &run.region.0,
        }
    }
}

/// What a format needs the run to keep besides its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// The input lines around each finding's cell (the terminal report).
    pub snippets: bool,
    /// Which checked records to keep, with their outcomes, passes included.
    pub traces: Traces,
    /// Every passing (rule, record), each rendered by [`Render::pass`].
    pub passes: bool,
    /// Counts per region (the workbook's summary sheet).
    pub by_region: bool,
    /// Each rule's outcomes per region (the page's region × standard table).
    pub by_place: bool,
}

impl Default for Needs {
    fn default() -> Needs {
        Needs {
            snippets: false,
            traces: Traces::None,
            passes: false,
            by_region: false,
            by_place: false,
        }
    }
}

/// One output format.
pub trait Render: Sync {
    /// What the format keeps of a finding until the document is written.
    type Row: Send;

    /// What the run must keep for this format.
    fn needs(&self) -> Needs {
        Needs::default()
    }

    /// A finding as this format will write it, made on the worker that found it.
    fn row(&self, ctx: &Context<'_>, f: &Finding, spool: &Spool) -> Self::Row;

    /// A passing (rule, record) as this format will write it, made on the worker
    /// that checked the record, for a format whose [`Needs::passes`] lists them;
    /// `None` if it cannot be.
    fn pass(&self, _ctx: &Context<'_>, _rule: usize, _p: &Passed<'_>) -> Option<String> {
        None
    }

    /// Writes the whole document to `out`, as it goes.
    fn document(
        &self,
        doc: Document<'_, Self::Row>,
        out: &mut (dyn Write + Send),
    ) -> io::Result<()>;
}

/// Writes each held text in order.
fn each(rows: &[Held], spool: &Spool, out: &mut (dyn Write + Send)) -> io::Result<()> {
    rows.iter().try_for_each(|r| spool.write(r, out))
}

/// The terminal report: each finding with the lines of its input around the cell,
/// then the totals unless `quiet`. The diagnostics go to standard error.
pub struct Human {
    pub color: bool,
    pub quiet: bool,
}

impl Render for Human {
    type Row = Held;

    fn needs(&self) -> Needs {
        Needs {
            snippets: true,
            ..Needs::default()
        }
    }

    fn row(&self, ctx: &Context<'_>, f: &Finding, spool: &Spool) -> Held {
        spool.hold(super::human::finding(
            ctx,
            f,
            &super::human::handler(self.color, 100),
        ))
    }

    fn document(&self, doc: Document<'_, Held>, out: &mut (dyn Write + Send)) -> io::Result<()> {
        each(doc.rows, doc.spool, out)?;
        if !self.quiet {
            out.write_all(super::human::summary(doc.ctx, doc.totals).as_bytes())?;
        }
        Ok(())
    }
}

/// One JSON object.
pub struct Json;

impl Render for Json {
    type Row = Held;

    fn row(&self, ctx: &Context<'_>, f: &Finding, spool: &Spool) -> Held {
        spool.hold(super::json::finding(ctx, f))
    }

    fn document(&self, doc: Document<'_, Held>, out: &mut (dyn Write + Send)) -> io::Result<()> {
        super::json::document(doc.ctx, doc.totals, doc.rows, doc.spool, out)
    }
}

/// GitHub Actions workflow commands: the settings, the input problems, then one
/// annotation per finding.
pub struct Github;

impl Render for Github {
    type Row = Held;

    fn row(&self, ctx: &Context<'_>, f: &Finding, spool: &Spool) -> Held {
        spool.hold(super::github::finding(ctx, f))
    }

    fn document(&self, doc: Document<'_, Held>, out: &mut (dyn Write + Send)) -> io::Result<()> {
        if let Some(st) = &doc.totals.settings {
            out.write_all(super::github::settings(doc.ctx, st).as_bytes())?;
        }
        for d in doc.totals.flat_diagnostics() {
            out.write_all(super::github::diagnostic(doc.ctx, d).as_bytes())?;
        }
        each(doc.rows, doc.spool, out)
    }
}

/// A merge-request comment.
pub struct Markdown;

impl Render for Markdown {
    type Row = super::markdown::Row;

    fn row(&self, ctx: &Context<'_>, f: &Finding, spool: &Spool) -> Self::Row {
        super::markdown::finding(ctx, f, spool)
    }

    fn document(
        &self,
        doc: Document<'_, Self::Row>,
        out: &mut (dyn Write + Send),
    ) -> io::Result<()> {
        super::markdown::document(doc.ctx, doc.totals, doc.rows, doc.spool, out)
    }
}

/// JUnit XML: a testsuite per rule, a failing testcase per finding, and with
/// `passes` a passing one per record the rule checked.
pub struct Junit {
    pub passes: bool,
}

impl Render for Junit {
    type Row = super::junit::Case;

    fn needs(&self) -> Needs {
        Needs {
            passes: self.passes,
            ..Needs::default()
        }
    }

    fn row(&self, ctx: &Context<'_>, f: &Finding, spool: &Spool) -> Self::Row {
        super::junit::finding(ctx, f, spool)
    }

    fn pass(&self, ctx: &Context<'_>, rule: usize, p: &Passed<'_>) -> Option<String> {
        super::junit::pass(ctx, rule, p)
    }

    fn document(
        &self,
        doc: Document<'_, Self::Row>,
        out: &mut (dyn Write + Send),
    ) -> io::Result<()> {
        super::junit::document(doc.ctx, doc.totals, doc.rows, doc.passes, doc.spool, out)
    }
}

/// SARIF 2.1.0.
pub struct Sarif;

impl Render for Sarif {
    type Row = super::sarif::Entry;

    fn row(&self, ctx: &Context<'_>, f: &Finding, spool: &Spool) -> Self::Row {
        super::sarif::finding(ctx, f, spool)
    }

    fn document(
        &self,
        doc: Document<'_, Self::Row>,
        out: &mut (dyn Write + Send),
    ) -> io::Result<()> {
        super::sarif::document(doc.ctx, doc.totals, doc.rows, doc.spool, out)
    }
}

/// The self-contained page: tables by region and standard, the coverage map, and
/// every finding.
pub struct Html;

impl Render for Html {
    type Row = super::html::Row;

    fn needs(&self) -> Needs {
        // Only the records the map draws are kept: the tables are counted as
        // the run goes.
        Needs {
            traces: Traces::Drawn,
            by_place: true,
            ..Needs::default()
        }
    }

    fn row(&self, ctx: &Context<'_>, f: &Finding, spool: &Spool) -> Self::Row {
        super::html::finding(ctx, f, spool)
    }

    fn document(
        &self,
        doc: Document<'_, Self::Row>,
        out: &mut (dyn Write + Send),
    ) -> io::Result<()> {
        let map = super::map::render(doc.ctx, doc.traces, doc.totals, doc.region);
        super::html::document(
            doc.ctx,
            doc.totals,
            doc.rows,
            doc.spool,
            map.as_deref(),
            out,
        )
    }
}

/// The findings workbook. A workbook that cannot be made (not an I/O failure) is
/// an error holding the [`rust_xlsxwriter::XlsxError`].
pub struct Xlsx;

impl Render for Xlsx {
    type Row = super::xlsx::Row;

    fn needs(&self) -> Needs {
        Needs {
            by_region: true,
            ..Needs::default()
        }
    }

    fn row(&self, ctx: &Context<'_>, f: &Finding, spool: &Spool) -> Self::Row {
        super::xlsx::finding(ctx, f, spool)
    }

    fn document(
        &self,
        doc: Document<'_, Self::Row>,
        out: &mut (dyn Write + Send),
    ) -> io::Result<()> {
        match super::xlsx::document(doc.ctx, doc.totals, doc.rows, doc.spool, out) {
            Ok(()) => Ok(()),
            Err(rust_xlsxwriter::XlsxError::IoError(e)) => Err(e),
            Err(e) => Err(io::Error::other(e)),
        }
    }
}
