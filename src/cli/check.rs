//! `ylcheck check` and `ylcheck map`: one way of reading the rules, the inputs and
//! the flags, then a report in the chosen format, or the coverage map.

use super::annotate;
use super::atomic;
use super::error::{CliError, Errors};
use super::project::Config;
use super::{CheckExtra, FailOn, FormatArg, write_output};
use std::io::{IsTerminal, Write};
use ylcheck::i18n::Lang;
use ylcheck::pack::Severity;
use ylcheck::report;
use ylcheck::run;

mod checker;
mod output;

use checker::Checker;
use output::{Output, stderr_diagnostics, stderr_warnings};

/// What `check` and `map` read the same way.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Rule files or directories (default: the embedded packs)
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<String>,
    /// The date the standards are checked as of (default: today in China, UTC+8)
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    /// Only run rules whose id (`pack/rule` or `rule`) matches a glob
    #[arg(long, value_name = "GLOB")]
    select: Vec<String>,
    /// Skip rules whose id matches a glob
    #[arg(long, value_name = "GLOB")]
    ignore: Vec<String>,
    /// The entity of CSV inputs (default: recognised from the header)
    #[arg(long, value_name = "NAME")]
    entity: Option<String>,
    /// Narrows the run to one region, e.g. 开封市祥符区 (default: a plan's own, else none:
    /// each record is checked by the documents of its own place)
    #[arg(long, value_name = "NAME")]
    region: Option<String>,
    /// Overrides a pack's parameter, e.g. walk_radius=800m (repeatable)
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// The name standard input (`-`) goes by in reports, whose extension also
    /// says its format (`设施.xlsx`)
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Input files, or directories (their .csv, .tsv, .xlsx, .xlsm, .toml and
    /// .geojson files, recursively, in name order); `-` for standard input
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
}

/// How `check` reports: the flags, before the project's settings fill them in.
pub struct Report<'a> {
    pub format: Option<FormatArg>,
    pub output: Option<&'a str>,
    pub fail_on: Option<FailOn>,
    pub extra: &'a CheckExtra,
}

/// `ylcheck check`: the report in its format (or the per-region summary, and the
/// statistics after it); exit code 1 when a finding is at or above `fail_on`.
pub fn check(
    args: &CheckArgs,
    report: Report<'_>,
    config: Option<&Config>,
    beside: &[String],
    lang: Lang,
) -> Result<i32, Errors> {
    let Report {
        format,
        output,
        fail_on,
        extra,
    } = report;
    if extra.junit_passes && format != Some(FormatArg::Junit) {
        return Err(CliError::JunitPassesWithoutJunit.into());
    }
    if extra.summary && format.is_some_and(|f| f != FormatArg::Human) {
        return Err(CliError::SummaryWithFormat.into());
    }
    let format = match extra.summary {
        true => FormatArg::Human,
        false => format.or(config.and_then(|c| c.format)).unwrap_or_default(),
    };
    // A workbook is no text for a terminal or a pipe.
    if format == FormatArg::Xlsx && output.is_none() {
        return Err(CliError::XlsxToTerminal.into());
    }
    let fail_on_from_file = fail_on.is_none() && config.and_then(|c| c.fail_on).is_some();
    let fail_on = fail_on
        .or(config.and_then(|c| c.fail_on))
        .unwrap_or_default();
    let mut checker = Checker::new(args, config, beside, Some(extra), lang)?;
    checker.settings.fail_on = match fail_on {
        FailOn::Error => "error",
        FailOn::Warning => "warning",
        FailOn::Never => "never",
    }
    .to_string();
    if fail_on_from_file {
        checker.settings.from_file.push("fail_on");
    }
    // Only the findings workbook and the annotated copies name every cell at fault.
    checker.cells = format == FormatArg::Xlsx || extra.annotate.is_some();
    let checker = checker;
    let ctx = checker.context();
    let to_terminal = output.is_none()
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none();
    if let Some(out) = output {
        refuse_overwriting(out, args, config, extra.waivers.as_deref())?;
    }
    if let Some(dir) = &extra.annotate {
        annotate::refuse(dir)?;
    }
    let mut sink = Output::open(output)?;
    let marking = extra.annotate.is_some();
    // Findings' texts wait here for the report, on disk past a limit.
    let spool = report::spool::Spool::with_limit(report::spool::LIMIT);
    let run = Emit {
        checker: &checker,
        ctx: &ctx,
        marking,
        by_region: extra.summary,
        spool: &spool,
        output,
    };
    use report::render;
    let (totals, marks) = match format {
        _ if extra.summary => {
            let needs = render::Needs {
                by_region: true,
                ..render::Needs::default()
            };
            let (mut out, marks) = checker.run_marked(&ctx, marking, needs, None, &|_| ())?;
            checker.finish(&mut out);
            sink.write(report::regions::render(&ctx, &out.totals).as_bytes());
            (out.totals, marks)
        }
        FormatArg::Human => run.emit(
            &render::Human {
                color: to_terminal,
                quiet: extra.quiet,
            },
            &mut sink,
        )?,
        FormatArg::Json => run.emit(&render::Json, &mut sink)?,
        FormatArg::Github => run.emit(&render::Github, &mut sink)?,
        FormatArg::Markdown => run.emit(&render::Markdown, &mut sink)?,
        FormatArg::Junit => run.emit(
            &render::Junit {
                passes: extra.junit_passes,
            },
            &mut sink,
        )?,
        FormatArg::Sarif => run.emit(&render::Sarif, &mut sink)?,
        FormatArg::Xlsx => run.emit(&render::Xlsx, &mut sink)?,
        FormatArg::Html => run.emit(&render::Html, &mut sink)?,
    };
    if extra.statistics {
        // After a report for people; beside one for machines, which stays valid.
        let table = report::stats::render(&ctx, &totals);
        match format {
            FormatArg::Human => sink.write(format!("\n{table}").as_bytes()),
            _ => {
                let _ = std::io::stderr().write_all(table.as_bytes());
            }
        }
    }
    if let Some(dir) = &extra.annotate {
        let mut own = own_files(args, config, extra.waivers.as_deref());
        own.extend(output.map(String::from));
        annotate::write(
            dir,
            &checker.inputs,
            &checker.from_stdin,
            checker.stdin.as_deref(),
            &ctx,
            &marks,
            &own,
        )?;
    }
    sink.finish()?;
    let threshold = match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Never => None,
    };
    Ok(run::finish::exit_code(&totals, threshold))
}

/// One check written in one format: what [`Emit::emit`] needs besides the format.
struct Emit<'a> {
    checker: &'a Checker,
    ctx: &'a report::Context<'a>,
    marking: bool,
    by_region: bool,
    spool: &'a report::spool::Spool,
    output: Option<&'a str>,
}

impl Emit<'_> {
    /// Runs the check, each finding rendered as `format` keeps it, and writes the
    /// document to `sink`.
    fn emit<R: report::render::Render>(
        &self,
        format: &R,
        sink: &mut Output,
    ) -> Result<(report::Totals, Vec<report::annotate::Mark>), Errors> {
        let (ctx, spool) = (self.ctx, self.spool);
        let mut needs = format.needs();
        needs.by_region |= self.by_region;
        let pass = |rule: usize, p: &run::Passed<'_>| format.pass(ctx, rule, p);
        let passes = run::Passes { text: &pass, spool };
        let (mut out, marks) =
            self.checker
                .run_marked(ctx, self.marking, needs, Some(passes), &|f| {
                    format.row(ctx, f, spool)
                })?;
        self.checker.finish(&mut out);
        let mut rows = std::mem::take(&mut out.findings);
        let doc = report::render::Document::of(ctx, &out, &mut rows, spool);
        let res = format.document(doc, &mut sink.writer);
        // A workbook that could not be made, as against one that could not be written.
        if let Err(e) = &res
            && let Some(x) = e
                .get_ref()
                .and_then(|x| x.downcast_ref::<rust_xlsxwriter::XlsxError>())
        {
            let path = self.output.unwrap_or("-");
            return Err(annotate::workbook_error(path, x).into());
        }
        sink.check(res);
        Ok((out.totals, marks))
    }
}

/// `ylcheck map`: the coverage map as SVG. The file is written only once the map
/// is drawn, so a failed run leaves no half-written map behind.
pub fn map(
    args: &CheckArgs,
    output: Option<&str>,
    config: Option<&Config>,
    beside: &[String],
    lang: Lang,
) -> Result<i32, Errors> {
    let checker = Checker::new(args, config, beside, None, lang)?;
    let ctx = checker.context();
    let needs = report::render::Needs {
        traces: run::Traces::All,
        ..report::render::Needs::default()
    };
    let out = checker.run(needs, None, &|f| (ctx.sort_key(f), ()))?;
    stderr_warnings(&out.warnings);
    let Some(svg) = report::map::render(&ctx, &out.traces, &out.totals, &out.region.0) else {
        return Err(CliError::NoGeometry {
            inputs: args.inputs.clone(),
        }
        .into());
    };
    if let Some(out) = output {
        refuse_overwriting(out, args, config, None)?;
    }
    write_output(output, &svg)?;
    Ok(0)
}

/// The run's own files: the inputs, the rule files, the settings and the waivers.
fn own_files(args: &CheckArgs, config: Option<&Config>, waivers: Option<&str>) -> Vec<String> {
    let mut own: Vec<String> = args.inputs.clone();
    own.extend(args.rules.iter().cloned());
    own.extend(config.map(|c| c.path.clone()));
    own.extend(config.and_then(|c| c.waivers.clone()));
    own.extend(waivers.map(String::from));
    own
}

/// Refuses an `-o` that names one of the run's own files.
fn refuse_overwriting(
    output: &str,
    args: &CheckArgs,
    config: Option<&Config>,
    waivers: Option<&str>,
) -> Result<(), CliError> {
    let own = own_files(args, config, waivers);
    let own: Vec<&str> = own.iter().map(String::as_str).collect();
    atomic::refuse_overwriting(output, &own)
}
