//! A check made ready to run: the project's settings under the flags, the rules
//! compiled, the checking date, standard input read once; then the run itself,
//! shared by `check` and `map`.

use super::CheckArgs;
use super::stderr_diagnostics;
use crate::cli::error::{CliError, Errors};
use crate::cli::inputs;
use crate::cli::project::{self, Config};
use crate::cli::{CheckExtra, input_file, load_rules_with, read_input};
use std::io::Read;
use ylcheck::diag::Diag;
use ylcheck::eval::Options;
use ylcheck::i18n::Lang;
use ylcheck::pack::RuleSet;
use ylcheck::region::Gazetteer;
use ylcheck::report::annotate::{self as marking, Mark};
use ylcheck::report::render::Needs;
use ylcheck::report::{self, Context};
use ylcheck::run::filter::Filter;
use ylcheck::run::{self, RunOptions, RunOutput};
use ylcheck::schema::EntityId;
use ylcheck::waiver::Waivers;

/// A check ready to run: the project's settings under the flags given, the rules
/// compiled (parameters overridden), standard input read once if an input is `-`.
pub(super) struct Checker {
    /// The inputs, directories expanded, as reports name them.
    pub(super) inputs: Vec<String>,
    /// Which of them is standard input.
    pub(super) from_stdin: Vec<bool>,
    set: RuleSet,
    as_of: jiff::civil::Date,
    entity: Option<EntityId>,
    select: Vec<String>,
    ignore: Vec<String>,
    region: Option<String>,
    waivers: Option<Waivers>,
    pub(super) gazetteer: Gazetteer,
    pub(super) stdin: Option<Vec<u8>>,
    allow_empty: bool,
    /// `--quiet`: only error diagnostics on standard error.
    quiet: bool,
    /// Findings name every cell at fault ([`RunOptions::cells`]).
    pub(super) cells: bool,
    lang: Lang,
    /// The settings in force, for every report to record.
    pub(super) settings: report::Settings,
    /// `--select` and `--ignore` as given on the command line, to tell the rules a
    /// settings file turned off.
    flag_select: Vec<String>,
    flag_ignore: Vec<String>,
}

impl Checker {
    pub(super) fn new(
        args: &CheckArgs,
        config: Option<&Config>,
        beside: &[String],
        extra: Option<&CheckExtra>,
        lang: Lang,
    ) -> Result<Checker, Errors> {
        let waivers = extra.and_then(|e| e.waivers.clone());
        let allow_empty = extra.is_some_and(|e| e.allow_empty)
            || config.and_then(|c| c.allow_empty) == Some(true);
        let as_of = match (&args.as_of, config.and_then(|c| c.as_of)) {
            (None, Some(d)) => d,
            (flag, _) => parse_as_of(flag.as_deref(), lang)?,
        };
        let params = project::params(&args.params, config, lang)?;
        let waivers = match waivers.or(config.and_then(|c| c.waivers.clone())) {
            Some(path) => Some(project::read_waivers(&path, lang)?),
            None => None,
        };
        let set = load_rules_with(&args.rules, beside, lang, &params)?;
        let entity = match &args.entity {
            None => None,
            Some(name) => Some(
                set.schema
                    .entity(name)
                    .ok_or_else(|| CliError::unknown_entity(&set, name, true))?,
            ),
        };
        let (inputs, from_stdin) = inputs::expand(&args.inputs, args.stdin_filename.as_deref())?;
        let stdin = if from_stdin.iter().any(|&s| s) {
            Some(read_input("-")?)
        } else {
            None
        };
        let gazetteer =
            ylcheck::region::shipped().map_err(|reason| CliError::Gazetteer { reason })?;
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
    pub(super) fn finish<T>(&self, out: &mut RunOutput<T>) {
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

    pub(super) fn context<'c>(&'c self) -> Context<'c> {
        Context::new(&self.set, &self.inputs, self.as_of, self.lang)
            .with_waivers(self.waivers.as_ref())
    }

    /// Runs the check; `render` turns each finding into the caller's form, and
    /// `passes` each pass when [`Needs::passes`] lists them.
    pub(super) fn run<K: Ord + Send, T: Send>(
        &self,
        needs: Needs,
        passes: Option<run::Passes<'_>>,
        render: &(dyn Fn(&ylcheck::eval::Finding) -> (K, T) + Sync),
    ) -> Result<RunOutput<T>, Errors> {
        let lang = self.lang;
        let mut specs = Vec::new();
        let mut errors = Errors::default();
        for (path, &stdin) in self.inputs.iter().zip(&self.from_stdin) {
            let stdin = if stdin { self.stdin.as_deref() } else { None };
            match input_spec(path, stdin) {
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
            snippets: needs.snippets,
            cells: self.cells,
            region: self.region.clone(),
            gazetteer: &self.gazetteer,
            waivers: self.waivers.as_ref(),
            by_region: needs.by_region,
            trace: needs.traces,
            passes: passes.filter(|_| needs.passes),
            by_place: needs.by_place,
        };
        Ok(run::run(&self.set, &specs, &opts, render)?)
    }

    /// [`Checker::run`] in output order, each finding also leaving its mark for
    /// the annotated copies when `marks` asks for them.
    pub(super) fn run_marked<T: Send>(
        &self,
        ctx: &Context<'_>,
        marks: bool,
        needs: Needs,
        passes: Option<run::Passes<'_>>,
        render: &(dyn Fn(&ylcheck::eval::Finding) -> T + Sync),
    ) -> Result<(RunOutput<T>, Vec<Mark>), Errors> {
        // Boxed: a finding without a mark (every one, without `--annotate`) then
        // costs a pointer, not a mark's room, while the run sorts them all.
        let out = self.run(needs, passes, &|f| {
            let mark = if marks { marking::mark(ctx, f) } else { None };
            (ctx.sort_key(f), (render(f), mark.map(Box::new)))
        })?;
        // Without marks the findings are taken out where they are, not copied.
        let (findings, found): (Vec<T>, Vec<Option<Box<Mark>>>) = if marks {
            out.findings.into_iter().unzip()
        } else {
            (
                out.findings.into_iter().map(|(t, _)| t).collect(),
                Vec::new(),
            )
        };
        let out = RunOutput {
            totals: out.totals,
            findings,
            warnings: out.warnings,
            region: out.region,
            traces: out.traces,
            passes: out.passes,
        };
        Ok((out, found.into_iter().flatten().map(|m| *m).collect()))
    }
}

/// An input as the run opens it: a file (checked to exist first, for a clear
/// message), or standard input read once.
fn input_spec<'a>(path: &str, stdin: Option<&'a [u8]>) -> Result<run::InputSpec<'a>, CliError> {
    if let Some(bytes) = stdin {
        return Ok(run::InputSpec {
            path: path.to_string(),
            open: Box::new(move || Ok(Box::new(bytes) as Box<dyn Read + Send + 'a>)),
            len: Some(bytes.len() as u64),
        });
    }
    input_file(path)?;
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
        Some(s) => ylcheck::in_memory::parse_as_of(s, lang),
    }
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
