//! The command line: arguments, files, the clock, the locale and the terminal. The
//! library below it only sees bytes and names.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use error::Errors;
use ylcheck::i18n::Lang;
use ylcheck::lang::params::Override;
use ylcheck::pack::RuleSet;

mod annotate;
mod atomic;
mod check;
mod help_zh;
mod inputs;
use std::io::{IsTerminal, Write};

mod dispatch;
mod error;
mod explain;
mod files;
mod init;
mod project;
mod template;

use dispatch::run;
use files::{input_file, io_error, read_input, read_rule_files, write_bytes, write_output};

#[derive(Parser, Debug)]
#[command(
    name = "ylcheck",
    version,
    about = "检查住宅规划与养老服务设施数据是否符合河南养老服务政策文件的规划标准 / Check residential plans and elder-care facility data against Henan's elder-care planning standards",
    after_help = "Examples:
  ylcheck check samples/kaifeng-plan.toml                                  # 逐条报告 / every shortfall, located
  ylcheck check --format html -o report.html samples/kaifeng-plan.geojson  # 网页报告（离线可用）/ a self-contained web page
  ylcheck map -o map.svg samples/kaifeng-plan.geojson                      # 覆盖图 / the coverage map (SVG)"
)]
pub struct Cli {
    /// Output language (default: from the locale, else zh)
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    #[command(flatten)]
    config: project::ConfigArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

impl LangArg {
    fn lang(self) -> Lang {
        match self {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Default)]
enum FormatArg {
    #[default]
    Human,
    Json,
    /// GitHub Actions annotations
    Github,
    /// A summary for a merge-request comment
    Markdown,
    /// JUnit XML test report
    Junit,
    /// SARIF 2.1.0 for code-scanning tools
    Sarif,
    /// One self-contained HTML page: summary, compliance table, charts, the
    /// coverage map (for inputs with geometry) and every finding, with filters
    Html,
    /// An Excel workbook (needs -o): a summary per county and every finding, one
    /// row each, with filters
    Xlsx,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Default)]
enum FailOn {
    #[default]
    Error,
    Warning,
    Never,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check input files against the rule packs
    #[command(
        after_help = "Settings: flags override ylcheck.toml, the nearest one from the current directory up \
                      (--config PATH names another, --no-config ignores it); a repeatable flag such as \
                      --select replaces the file's list. `ylcheck init` writes one with the defaults.\n\
                      Waivers: a finding an unexpired waiver covers is reported as waived, with its reason, \
                      approver, document and expiry, and does not count towards --fail-on."
    )]
    Check {
        /// Report format (default: human)
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// Write the report to FILE instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<String>,
        /// Lowest severity of a finding or input diagnostic that makes the exit code 1
        /// (default: error); a run that checks nothing exits 1 whatever this says,
        /// unless --allow-empty
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
        #[command(flatten)]
        extra: CheckExtra,
        #[command(flatten)]
        args: check::CheckArgs,
    },
    /// Check inputs with geometry and draw the coverage map as SVG
    #[command(
        long_about = "Check inputs with geometry as `check` does and draw them as one SVG: areas shaded by their outcome on the spatial rules, sites as symbols by kind, the walking radius each rule measured (after --param) around the sites it counts, failing areas labelled.\n检查带几何图形的输入并绘制覆盖图（SVG）：小区按空间规则的检查结果着色，设施按类型以符号表示，计入的设施周围画出规则实际使用的步行半径，不符合的小区标注名称。",
        after_help = "Example: ylcheck map --as-of 2026-01-01 samples/kaifeng-plan.geojson -o map.svg\nExit codes: 0 the map was written, 2 the run failed (no input has geometry, bad arguments …)."
    )]
    Map {
        /// Write the SVG to FILE instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<String>,
        #[command(flatten)]
        args: check::CheckArgs,
    },
    /// List the rules
    Rules {
        #[arg(long = "rules", value_name = "PATH")]
        rules: Vec<String>,
        /// Map every standard to the rules that check it, or why none can
        #[arg(long)]
        coverage: bool,
    },
    /// Explain one rule: what it checks, why, and where it comes from; or a standard
    /// (`KF-6b`): the rules that check it; or a diagnostic code
    /// (`ylcheck::data::unknown_column`): what it means and what to do
    Explain {
        /// Rule id (`rule` or `pack/rule`), a standard id (`KF-6b`), or a diagnostic
        /// code (`ylcheck::…`)
        rule: String,
        #[arg(long = "rules", value_name = "PATH")]
        rules: Vec<String>,
    },
    /// Run the tests inside rule packs
    Test {
        /// Rule files or directories (default: the embedded packs)
        rules: Vec<String>,
    },
    /// Print the table to fill in for an entity: a CSV header row (with a UTF-8
    /// byte-order mark, so Excel opens it right), or with --xlsx a workbook with
    /// drop-downs and a 填报说明 sheet; without an entity, list the entities
    #[command(
        after_help = "Examples:\n  ylcheck template facility -o 设施.csv\n  ylcheck template region --xlsx -o 县区.xlsx\n  ylcheck template --fields > docs/fields.md"
    )]
    Template {
        /// The entity (`facility`, `region`, … or its Chinese name)
        entity: Option<String>,
        /// A workbook instead of a CSV header (needs -o)
        #[arg(long)]
        xlsx: bool,
        /// Every entity's fields as a Markdown data dictionary
        #[arg(long, conflicts_with_all = ["entity", "xlsx"])]
        fields: bool,
        /// Write to FILE instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<String>,
    },
    /// Print a shell's completion script (bash, zsh, fish, powershell, elvish)
    #[command(after_help = "Example: ylcheck completions bash > /etc/bash_completion.d/ylcheck")]
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff), made from the command line's own definition
    #[command(after_help = "Example: ylcheck man > ylcheck.1 && man ./ylcheck.1")]
    Man,
    /// Write a commented ylcheck.toml with the default settings here
    Init {
        /// Overwrite an existing ylcheck.toml
        #[arg(long)]
        force: bool,
    },
}

/// `check`'s waivers and tallies.
#[derive(clap::Args, Debug)]
pub struct CheckExtra {
    /// Approved exceptions: findings they cover are reported as waived and do not
    /// fail the run (default: `waivers` in ylcheck.toml)
    #[arg(long, value_name = "PATH")]
    pub waivers: Option<String>,
    /// After the report, a table of each rule's pass/fail/unknown/waived/skipped
    /// counts (on standard error for machine formats)
    #[arg(long)]
    pub statistics: bool,
    /// Instead of the findings, a table per region: records, checks, pass, fail,
    /// unknown, pass rate
    #[arg(long)]
    pub summary: bool,
    /// A run that checks nothing (no rule applies, every rule filtered out, no
    /// records) passes instead of exiting 1 (default: `allow_empty` in ylcheck.toml)
    #[arg(long)]
    pub allow_empty: bool,
    /// Only the findings: no totals under the human report, and of the input
    /// diagnostics on standard error only the errors (every format still carries
    /// them all, and the exit code counts them)
    #[arg(long, short)]
    pub quiet: bool,
    /// With --format junit: also a passing testcase for every (rule, record)
    /// checked and passed (large for large inputs; without it passes are counted)
    #[arg(long)]
    pub junit_passes: bool,
    /// Also write into DIR a copy of each CSV or workbook input as .xlsx, every cell
    /// at fault filled (red: fails, yellow: unknown) with a note giving the finding
    /// and its source (DIR is created if missing)
    #[arg(long, value_name = "DIR")]
    pub annotate: Option<String>,
}

/// The language of `--help`, decided before the command line is parsed: a
/// `--lang` among the arguments, else the locale's, else Chinese.
fn help_lang(args: impl Iterator<Item = String>) -> Lang {
    let args: Vec<String> = args.collect();
    let flag = args
        .iter()
        .enumerate()
        .find_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).map(String::as_str),
            Some(v) => v.strip_prefix('='),
            None => None,
        });
    match flag {
        Some("en") => Lang::En,
        Some("zh") => Lang::Zh,
        _ => detect_lang(None, None),
    }
}

/// The flag's language, else the project's, else the locale's, else Chinese.
fn detect_lang(arg: Option<LangArg>, project: Option<Lang>) -> Lang {
    match arg.map(LangArg::lang).or(project) {
        Some(l) => l,
        None => ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .map_or(Lang::Zh, |l| Lang::from_locale(&l)),
    }
}

/// The outcome of a command: the exit code, or the errors that stopped it.
type Run = Result<i32, Errors>;

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let mut cmd = Cli::command();
    if help_lang(std::env::args()) == Lang::Zh {
        cmd = help_zh::localize(cmd);
    }
    let parsed = cmd
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    // Settings are read in the flag's or the locale's language; the rest of the
    // run speaks the one the settings may choose.
    let first = detect_lang(cli.lang, None);
    let config = match &cli.command {
        Command::Init { .. } => Ok(None),
        _ => project::load(&cli.config, first),
    };
    let (lang, result) = match config {
        Err(e) => (first, Err(e)),
        Ok(config) => {
            let lang = detect_lang(cli.lang, config.as_ref().and_then(|c| c.lang));
            (lang, run(cli.command, lang, config.as_ref()))
        }
    };
    match result {
        Ok(code) => code,
        Err(errors) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let theme = if color {
                miette::GraphicalTheme::unicode()
            } else {
                miette::GraphicalTheme::unicode_nocolor()
            };
            let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
            let mut out = String::new();
            for d in errors.render(lang) {
                let _ = handler.render_report(&mut out, &d.fit());
            }
            let _ = std::io::stderr().write_all(out.as_bytes());
            2
        }
    }
}

/// Compiles the rule files and runs their tests: a pack whose own tests fail is not
/// trusted to check anything.
pub fn load_rules(paths: &[String], lang: Lang) -> Result<RuleSet, Errors> {
    load_rules_with(paths, &[], lang, &[])
}

/// [`load_rules`] with the project's packs `beside` the embedded ones and
/// parameters overridden (`walk_radius=800m`). The packs' tests run on their own
/// values; the returned set uses the overrides.
fn load_rules_with(
    paths: &[String],
    beside: &[String],
    lang: Lang,
    params: &[Override],
) -> Result<RuleSet, Errors> {
    Ok(ylcheck::rules::compile_rules(
        &project::rule_files_in_force(paths, beside)?,
        lang,
        params,
    )?)
}
