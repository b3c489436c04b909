//! `ylcheck check` and `ylcheck map`: one way of reading the rules, the inputs and
//! the flags, then a report in the chosen format, or the coverage map.

use super::annotate;
use super::atomic;
use super::inputs;
use super::project::{self, Config};
use super::{CheckExtra, FailOn, FormatArg, input_file, load_rules_with, read_input, write_output};
use crate::diag::Diag;
use crate::eval::Options;
use crate::i18n::{Lang, tr};
use crate::pack::{RuleSet, Severity};
use crate::region::Gazetteer;
use crate::report::annotate::{self as marking, Mark};
use crate::report::{self, Context};
use crate::run::filter::Filter;
use crate::run::{self, RunOptions, RunOutput};
use crate::schema::EntityId;
use crate::waiver::Waivers;
use std::io::{IsTerminal, Read, Write};

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

/// A check ready to run: the project's settings under the flags given, the rules
/// compiled (parameters overridden), standard input read once if an input is `-`.
struct Checker {
    /// The inputs, directories expanded, as reports name them.
    inputs: Vec<String>,
    /// Which of them is standard input.
    from_stdin: Vec<bool>,
    set: RuleSet,
    as_of: jiff::civil::Date,
    entity: Option<EntityId>,
    select: Vec<String>,
    ignore: Vec<String>,
    region: Option<String>,
    waivers: Option<Waivers>,
    gazetteer: Gazetteer,
    stdin: Option<Vec<u8>>,
    allow_empty: bool,
    /// `--quiet`: only error diagnostics on standard error.
    quiet: bool,
    /// Findings name every cell at fault ([`RunOptions::cells`]).
    cells: bool,
    lang: Lang,
    /// The settings in force, for every report to record.
    settings: report::Settings,
    /// `--select` and `--ignore` as given on the command line, to tell the rules a
    /// settings file turned off.
    flag_select: Vec<String>,
    flag_ignore: Vec<String>,
}

impl Checker {
    fn new(
        args: &CheckArgs,
        config: Option<&Config>,
        beside: &[String],
        extra: Option<&CheckExtra>,
        lang: Lang,
    ) -> Result<Checker, Vec<Diag>> {
        let waivers = extra.and_then(|e| e.waivers.clone());
        let allow_empty = extra.is_some_and(|e| e.allow_empty)
            || config.and_then(|c| c.allow_empty) == Some(true);
        let as_of = match (&args.as_of, config.and_then(|c| c.as_of)) {
            (None, Some(d)) => d,
            (flag, _) => parse_as_of(flag.as_deref(), lang).map_err(|d| vec![d])?,
        };
        let params = project::params(&args.params, config, lang)?;
        let waivers = match waivers.or(config.and_then(|c| c.waivers.clone())) {
            Some(path) => Some(project::read_waivers(&path, lang)?),
            None => None,
        };
        let set = load_rules_with(&args.rules, beside, lang, &params)?;
        let entity = match &args.entity {
            None => None,
            Some(name) => Some(set.schema.entity(name).ok_or_else(|| {
                let names = set.schema.entities.iter().map(|e| e.name.as_str());
                let all: Vec<&str> = set
                    .schema
                    .entities
                    .iter()
                    .map(|e| e.name.as_str())
                    .collect();
                let d = Diag::error(
                    "ylcheck::args",
                    tr(
                        lang,
                        format!("未知实体 `{name}`"),
                        format!("unknown entity `{name}`"),
                    ),
                );
                vec![d.did_you_mean(lang, name, names).or_help(tr(
                    lang,
                    format!("可用实体：{}", all.join("、")),
                    format!("the entities are: {}", all.join(", ")),
                ))]
            })?),
        };
        let (inputs, from_stdin) =
            inputs::expand(&args.inputs, args.stdin_filename.as_deref(), lang)
                .map_err(|d| vec![d])?;
        let stdin = if from_stdin.iter().any(|&s| s) {
            Some(read_input("-", lang).map_err(|d| vec![d])?)
        } else {
            None
        };
        let gazetteer = crate::region::shipped().map_err(|e| {
            vec![Diag::error(
                "ylcheck::region",
                format!("rules/gazetteer.toml: {e}"),
            )]
        })?;
        let select = project::list(args.select.clone(), config.and_then(|c| c.select.as_ref()));
        let ignore = project::list(args.ignore.clone(), config.and_then(|c| c.ignore.as_ref()));
        let region = args
            .region
            .clone()
            .or(config.and_then(|c| c.region.clone()));
        let mut from_file = Vec::new();
        if let Some(c) = config {
            let given = [
                ("rules", c.rules.is_some()),
                ("region", args.region.is_none() && c.region.is_some()),
                ("as_of", args.as_of.is_none() && c.as_of.is_some()),
                ("select", args.select.is_empty() && c.select.is_some()),
                ("ignore", args.ignore.is_empty() && c.ignore.is_some()),
                ("params", !c.params.is_empty()),
            ];
            from_file.extend(given.iter().filter(|(_, g)| *g).map(|(k, _)| *k));
        }
        let mut rules = args.rules.clone();
        rules.extend(beside.iter().cloned());
        let settings = report::Settings {
            file: config.map(|c| c.path.clone()),
            select: select.clone(),
            ignore: ignore.clone(),
            fail_on: String::new(),
            as_of: as_of.to_string(),
            rules,
            params: params
                .iter()
                .map(|p| format!("{}={}", p.name, p.value))
                .collect(),
            region: region.clone(),
            from_file,
        };
        Ok(Checker {
            settings,
            flag_select: args.select.clone(),
            flag_ignore: args.ignore.clone(),
            inputs,
            from_stdin,
            set,
            as_of,
            entity,
            select,
            ignore,
            region,
            waivers,
            gazetteer,
            stdin,
            allow_empty,
            quiet: extra.is_some_and(|e| e.quiet),
            cells: false,
            lang,
        })
    }

    fn filter(&self) -> Filter<'_> {
        Filter {
            select: &self.select,
            ignore: &self.ignore,
        }
    }

    /// Makes the run's diagnostics part of its report, and writes them to standard
    /// error: the reading warnings, the `--select` globs that matched no rule, and
    /// why nothing was checked if nothing was.
    fn finish<T>(&self, out: &mut RunOutput<T>) {
        let flags = Filter {
            select: &self.flag_select,
            ignore: &self.flag_ignore,
        };
        let finish = run::finish::Finish {
            set: &self.set,
            filter: &self.filter(),
            flags: &flags,
            settings: &self.settings,
            as_of: self.as_of,
            allow_empty: self.allow_empty,
            lang: self.lang,
        };
        run::finish::finish(&finish, out);
        let shown: Vec<Diag> = out
            .totals
            .diagnostics
            .iter()
            .filter(|d| !self.quiet || d.is_error())
            .cloned()
            .collect();
        stderr_diagnostics(&shown);
    }

    fn context<'c>(&'c self) -> Context<'c> {
        Context::new(&self.set, &self.inputs, self.as_of, self.lang)
            .with_waivers(self.waivers.as_ref())
    }

    /// Runs the check; `render` turns each finding into the caller's form.
    fn run<K: Ord + Send, T: Send>(
        &self,
        snippets: bool,
        trace: bool,
        by_region: bool,
        render: &(dyn Fn(&crate::eval::Finding) -> (K, T) + Sync),
    ) -> Result<RunOutput<T>, Vec<Diag>> {
        let lang = self.lang;
        let mut specs = Vec::new();
        let mut errors = Vec::new();
        for (path, &stdin) in self.inputs.iter().zip(&self.from_stdin) {
            let stdin = if stdin { self.stdin.as_deref() } else { None };
            match input_spec(path, stdin, lang) {
                Ok(spec) => specs.push(spec),
                Err(d) => errors.push(d),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let filter = self.filter();
        let selected = |pack: &str, id: &str| filter.selected(pack, id);
        let opts = RunOptions {
            check: Options {
                as_of: self.as_of,
                selected: &selected,
            },
            entity: self.entity,
            lang,
            snippets,
            cells: self.cells,
            region: self.region.clone(),
            gazetteer: &self.gazetteer,
            waivers: self.waivers.as_ref(),
            by_region,
            trace,
        };
        run::run(&self.set, &specs, &opts, render)
    }

    /// [`Checker::run`] in output order, each finding also leaving its mark for
    /// the annotated copies when `marks` asks for them.
    fn run_marked<T: Send>(
        &self,
        ctx: &Context<'_>,
        marks: bool,
        (snippets, trace, by_region): (bool, bool, bool),
        render: &(dyn Fn(&crate::eval::Finding) -> T + Sync),
    ) -> Result<(RunOutput<T>, Vec<Mark>), Vec<Diag>> {
        // Boxed: a finding without a mark (every one, without `--annotate`) then
        // costs a pointer, not a mark's room, while the run sorts them all.
        let out = self.run(snippets, trace, by_region, &|f| {
            let mark = if marks { marking::mark(ctx, f) } else { None };
            (ctx.sort_key(f), (render(f), mark.map(Box::new)))
        })?;
        let (findings, found): (Vec<T>, Vec<Option<Box<Mark>>>) = out.findings.into_iter().unzip();
        let out = RunOutput {
            totals: out.totals,
            findings,
            warnings: out.warnings,
            region: out.region,
            traces: out.traces,
        };
        Ok((out, found.into_iter().flatten().map(|m| *m).collect()))
    }
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
) -> Result<i32, Vec<Diag>> {
    let Report {
        format,
        output,
        fail_on,
        extra,
    } = report;
    if extra.junit_passes && format != Some(FormatArg::Junit) {
        return Err(vec![Diag::error(
            "ylcheck::args",
            lang.pick(
                "--junit-passes 只用于 --format junit",
                "--junit-passes goes with --format junit",
            ),
        )]);
    }
    if extra.summary && format.is_some_and(|f| f != FormatArg::Human) {
        return Err(vec![
            Diag::error(
                "ylcheck::args",
                lang.pick(
                    "--summary 输出表格，不能与 --format 同用",
                    "--summary prints a table; it cannot be combined with --format",
                ),
            )
            .with_help(lang.pick(
                "机器可读的汇总在 --format json 的 summary 中",
                "for machines, --format json has the totals in `summary`",
            )),
        ]);
    }
    let format = match extra.summary {
        true => FormatArg::Human,
        false => format.or(config.and_then(|c| c.format)).unwrap_or_default(),
    };
    // A workbook is no text for a terminal or a pipe.
    if format == FormatArg::Xlsx && output.is_none() {
        return Err(vec![
            Diag::error(
                "ylcheck::args",
                lang.pick(
                    "--format xlsx 生成 Excel 工作簿，不能输出到终端或标准输出；请用 -o 指定文件",
                    "--format xlsx writes an Excel workbook, not text for a terminal or standard output; name the file with -o",
                ),
            )
            .with_help(lang.pick(
                "例如 ylcheck check --format xlsx -o 检查结果.xlsx 设施.csv",
                "e.g. ylcheck check --format xlsx -o findings.xlsx facility.csv",
            )),
        ]);
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
        refuse_overwriting(out, args, config, extra.waivers.as_deref(), lang)?;
    }
    if let Some(dir) = &extra.annotate {
        annotate::refuse(dir, lang)?;
    }
    let mut sink = Output::open(output, lang)?;
    // The workbook's summary sheet counts by region, as `--summary` does.
    let by_region = extra.summary || format == FormatArg::Xlsx;
    let marking = extra.annotate.is_some();
    let flags = |snippets: bool, trace: bool| (snippets, trace, by_region);
    // Findings' texts wait here for the report, on disk past a limit.
    let spool = report::spool::Spool::with_limit(report::spool::LIMIT);
    let (totals, marks) = match format {
        _ if extra.summary => {
            let (mut out, marks) =
                checker.run_marked(&ctx, marking, flags(false, false), &|_| ())?;
            checker.finish(&mut out);
            sink.write(report::regions::render(&ctx, &out.totals).as_bytes());
            (out.totals, marks)
        }
        FormatArg::Human => {
            let (mut out, marks) = checker.run_marked(&ctx, marking, flags(true, false), &|f| {
                spool.hold(report::human::finding(
                    &ctx,
                    f,
                    &report::human::handler(to_terminal, 100),
                ))
            })?;
            // The diagnostics go to standard error; the findings alone to the report.
            checker.finish(&mut out);
            for f in &out.findings {
                let res = spool.write(f, &mut sink.writer);
                sink.check(res);
            }
            if !extra.quiet {
                sink.write(report::human::summary(&ctx, &out.totals).as_bytes());
            }
            (out.totals, marks)
        }
        FormatArg::Json => {
            let (mut out, marks) =
                checker.run_marked(&ctx, marking, flags(false, false), &|f| {
                    spool.hold(report::json::finding(&ctx, f))
                })?;
            checker.finish(&mut out);
            let res =
                report::json::document(&ctx, &out.totals, &out.findings, &spool, &mut sink.writer);
            sink.check(res);
            (out.totals, marks)
        }
        FormatArg::Github => {
            let (mut out, marks) =
                checker.run_marked(&ctx, marking, flags(false, false), &|f| {
                    spool.hold(report::github::finding(&ctx, f))
                })?;
            checker.finish(&mut out);
            if let Some(st) = &out.totals.settings {
                sink.write(report::github::settings(&ctx, st).as_bytes());
            }
            for d in out.totals.flat_diagnostics() {
                sink.write(report::github::diagnostic(&ctx, d).as_bytes());
            }
            for f in &out.findings {
                let res = spool.write(f, &mut sink.writer);
                sink.check(res);
            }
            (out.totals, marks)
        }
        FormatArg::Markdown => {
            let (mut out, marks) =
                checker.run_marked(&ctx, marking, flags(false, false), &|f| {
                    report::markdown::finding(&ctx, f, &spool)
                })?;
            checker.finish(&mut out);
            let res = report::markdown::document(
                &ctx,
                &out.totals,
                &mut out.findings,
                &spool,
                &mut sink.writer,
            );
            sink.check(res);
            (out.totals, marks)
        }
        FormatArg::Junit => {
            let (mut out, marks) =
                checker.run_marked(&ctx, marking, flags(false, extra.junit_passes), &|f| {
                    report::junit::finding(&ctx, f, &spool)
                })?;
            checker.finish(&mut out);
            let res = report::junit::document(
                &ctx,
                &out.totals,
                &out.findings,
                &out.traces,
                &spool,
                &mut sink.writer,
            );
            sink.check(res);
            (out.totals, marks)
        }
        FormatArg::Sarif => {
            let (mut out, marks) =
                checker.run_marked(&ctx, marking, flags(false, false), &|f| {
                    report::sarif::finding(&ctx, f, &spool)
                })?;
            checker.finish(&mut out);
            let res =
                report::sarif::document(&ctx, &out.totals, &out.findings, &spool, &mut sink.writer);
            sink.check(res);
            (out.totals, marks)
        }
        FormatArg::Xlsx => {
            let (mut out, marks) =
                checker.run_marked(&ctx, marking, flags(false, false), &|f| {
                    report::xlsx::finding(&ctx, f, &spool)
                })?;
            checker.finish(&mut out);
            let res = report::xlsx::document(
                &ctx,
                &out.totals,
                &mut out.findings,
                &spool,
                &mut sink.writer,
            );
            match res {
                // A full disk or a closed pipe: said as for every other format.
                Err(rust_xlsxwriter::XlsxError::IoError(e)) => sink.check(Err(e)),
                Err(e) => {
                    return Err(vec![annotate::workbook_error(
                        output.unwrap_or("-"),
                        &e,
                        lang,
                    )]);
                }
                Ok(()) => {}
            }
            (out.totals, marks)
        }
        FormatArg::Html => {
            let (mut out, marks) = checker.run_marked(&ctx, marking, flags(false, true), &|f| {
                report::html::finding(&ctx, f, &spool)
            })?;
            checker.finish(&mut out);
            let map = report::map::render(&ctx, &out.traces, &out.region.0);
            let mut places = report::place::Places::new(&checker.gazetteer, &out.region.0);
            let res = report::html::document(
                &ctx,
                &out.totals,
                &out.findings,
                &spool,
                &out.traces,
                &mut places,
                map.as_deref(),
                &mut sink.writer,
            );
            sink.check(res);
            (out.totals, marks)
        }
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

/// `ylcheck map`: the coverage map as SVG. The file is written only once the map
/// is drawn, so a failed run leaves no half-written map behind.
pub fn map(
    args: &CheckArgs,
    output: Option<&str>,
    config: Option<&Config>,
    beside: &[String],
    lang: Lang,
) -> Result<i32, Vec<Diag>> {
    let checker = Checker::new(args, config, beside, None, lang)?;
    let ctx = checker.context();
    let out = checker.run(false, true, false, &|f| (ctx.sort_key(f), ()))?;
    stderr_warnings(&out.warnings);
    let Some(svg) = report::map::render(&ctx, &out.traces, &out.region.0) else {
        return Err(vec![
            Diag::error(
                "ylcheck::map::no-geometry",
                tr(
                    lang,
                    format!(
                        "输入中没有任何几何图形，无法绘图：{}",
                        args.inputs.join("、")
                    ),
                    format!(
                        "no input has any geometry to draw: {}",
                        args.inputs.join(", ")
                    ),
                ),
            )
            .with_help(lang.pick(
                "请给出 GeoJSON 地图，或在表格中填写 位置（“经度,纬度” 或 WKT 图形）",
                "give a GeoJSON map, or fill a `location` column (`longitude,latitude` or WKT)",
            )),
        ]);
    };
    if let Some(out) = output {
        refuse_overwriting(out, args, config, None, lang)?;
    }
    write_output(output, &svg, lang)?;
    Ok(0)
}

/// An input as the run opens it: a file (checked to exist first, for a clear
/// message), or standard input read once.
fn input_spec<'a>(
    path: &str,
    stdin: Option<&'a [u8]>,
    lang: Lang,
) -> Result<run::InputSpec<'a>, Diag> {
    if let Some(bytes) = stdin {
        return Ok(run::InputSpec {
            path: path.to_string(),
            open: Box::new(move || Ok(Box::new(bytes) as Box<dyn Read + Send + 'a>)),
            len: Some(bytes.len() as u64),
        });
    }
    input_file(path, lang)?;
    let owned = path.to_string();
    Ok(run::InputSpec {
        path: path.to_string(),
        open: Box::new(move || Ok(Box::new(std::fs::File::open(&owned)?) as Box<dyn Read + Send>)),
        len: std::fs::metadata(path).ok().map(|m| m.len()),
    })
}

/// The documents' deadlines are days in China (UTC+8, no daylight saving): on a
/// UTC runner before 08:00 Beijing time the machine's own date is still yesterday.
fn today_in_china(now: jiff::Timestamp) -> jiff::civil::Date {
    now.to_zoned_datetime(jiff::tz::TimeZone::fixed(jiff::tz::offset(8)))
        .date()
}

fn parse_as_of(s: Option<&str>, lang: Lang) -> Result<jiff::civil::Date, Diag> {
    match s {
        None => Ok(today_in_china(jiff::Timestamp::now())),
        Some(s) => crate::in_memory::parse_as_of(s, lang),
    }
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
    lang: Lang,
) -> Result<(), Vec<Diag>> {
    let own = own_files(args, config, waivers);
    let own: Vec<&str> = own.iter().map(String::as_str).collect();
    atomic::refuse_overwriting(output, &own, lang).map_err(|d| vec![d])
}

/// Where a report goes: a file, put in place whole only when the run succeeds
/// ([`atomic`]), or standard output, buffered. A closed pipe (the reader quit, as
/// `| head` does) is not an error.
struct Output {
    writer: Sink,
    path: String,
    lang: Lang,
    error: Option<std::io::Error>,
}

enum Sink {
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
    fn open(path: Option<&str>, lang: Lang) -> Result<Output, Vec<Diag>> {
        let writer = match path {
            Some(p) => Sink::File(atomic::Atomic::create(p, lang).map_err(|d| vec![d])?),
            None => Sink::Stdout(std::io::BufWriter::with_capacity(
                1 << 20,
                std::io::stdout(),
            )),
        };
        Ok(Output {
            writer,
            path: path.unwrap_or("-").to_string(),
            lang,
            error: None,
        })
    }

    fn write(&mut self, bytes: &[u8]) {
        let res = self.writer.write_all(bytes);
        self.check(res);
    }

    fn check(&mut self, res: std::io::Result<()>) {
        if let Err(e) = res
            && self.error.is_none()
        {
            self.error = Some(e);
        }
    }

    fn finish(mut self) -> Result<(), Vec<Diag>> {
        let res = self.writer.flush();
        self.check(res);
        match (self.error, self.writer) {
            (Some(e), _) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            (Some(e), _) => Err(vec![atomic::write_error(&self.path, &e, self.lang)]),
            (None, Sink::File(f)) => f.commit(self.lang).map_err(|d| vec![d]),
            (None, Sink::Stdout(_)) => Ok(()),
        }
    }
}

/// Diagnostics go to standard error in every format (and into the machine
/// formats' documents too): the report on standard output stays the report.
fn stderr_diagnostics(diagnostics: &[Diag]) {
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
fn stderr_warnings(warnings: &[Diag]) {
    let mut text = String::new();
    for w in warnings {
        text.push_str(&crate::diag::render_plain(w, 100));
    }
    let _ = std::io::stderr().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::today_in_china;

    #[test]
    fn today_is_the_date_in_beijing() {
        let at = |s: &str| {
            s.parse::<jiff::Timestamp>()
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let day = |s: &str| {
            s.parse::<jiff::civil::Date>()
                .unwrap_or_else(|e| panic!("{e}"))
        };
        assert_eq!(
            today_in_china(at("2022-12-30T15:59:59Z")),
            day("2022-12-30")
        );
        assert_eq!(
            today_in_china(at("2022-12-30T16:00:00Z")),
            day("2022-12-31")
        );
        assert_eq!(
            today_in_china(at("2022-12-31T23:00:00-08:00")),
            day("2023-01-01")
        );
    }
}
