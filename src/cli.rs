//! The command line: arguments, files, the clock, the locale and the terminal. The
//! library below it only sees bytes and names.

use crate::diag::Diag;
use crate::eval;
use crate::i18n::{Lang, tr};
use crate::lang::params::Override;
use crate::pack::RuleSet;
use crate::report;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

mod annotate;
mod atomic;
mod check;
mod help_zh;
mod inputs;
use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::sync::Arc;

mod explain;
mod init;
mod project;
mod template;

/// Largest input file read.
const MAX_INPUT: u64 = 1 << 30;

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
    /// (`KF-6b`): the rules that check it
    Explain {
        /// Rule id (`rule` or `pack/rule`), or a standard id (`KF-6b`)
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

/// The outcome of a command: the exit code, or the diagnostics that stopped it.
type Run = Result<i32, Vec<Diag>>;

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
    let config = match &cli.command {
        Command::Init { .. } => Ok(None),
        _ => project::load(&cli.config, detect_lang(cli.lang, None)),
    };
    let result = config.and_then(|config| {
        let lang = detect_lang(cli.lang, config.as_ref().and_then(|c| c.lang));
        run(cli.command, lang, config.as_ref())
    });
    match result {
        Ok(code) => code,
        Err(diags) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let theme = if color {
                miette::GraphicalTheme::unicode()
            } else {
                miette::GraphicalTheme::unicode_nocolor()
            };
            let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
            let mut out = String::new();
            for d in diags {
                let _ = handler.render_report(&mut out, &d.fit());
            }
            let _ = std::io::stderr().write_all(out.as_bytes());
            2
        }
    }
}

fn io_error(path: &str, e: &std::io::Error, lang: Lang) -> Diag {
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
fn input_file(path: &str, lang: Lang) -> Result<(), Diag> {
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
fn read_input(path: &str, lang: Lang) -> Result<Vec<u8>, Diag> {
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

/// The rule files of a run: the embedded packs, or the given files and directories.
fn rule_files(paths: &[String], lang: Lang) -> Result<Vec<(String, Arc<str>)>, Vec<Diag>> {
    let mut files: Vec<(String, Arc<str>)> = Vec::new();
    if paths.is_empty() {
        return Ok(crate::embedded::files());
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
            crate::embedded::ENTITIES.0.into(),
            Arc::from(crate::embedded::ENTITIES.1),
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

/// Compiles the rule files and runs their tests: a pack whose own tests fail is not
/// trusted to check anything.
pub fn load_rules(paths: &[String], lang: Lang) -> Result<RuleSet, Vec<Diag>> {
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
) -> Result<RuleSet, Vec<Diag>> {
    compile_rules(&project::rule_files(paths, beside, lang)?, lang, params)
}

/// Kept here too, where embedders first found it.
pub use crate::rules::compile_rules;

fn run(cmd: Command, lang: Lang, config: Option<&project::Config>) -> Run {
    let beside = config.and_then(|c| c.rules.clone()).unwrap_or_default();
    match cmd {
        Command::Check {
            args,
            format,
            output,
            fail_on,
            extra,
        } => check::check(
            &args,
            check::Report {
                format,
                output: output.as_deref(),
                fail_on,
                extra: &extra,
            },
            config,
            &beside,
            lang,
        ),
        Command::Map { args, output } => {
            check::map(&args, output.as_deref(), config, &beside, lang)
        }
        Command::Rules {
            rules,
            coverage: true,
        } => {
            let set = load_rules_with(&rules, &beside, lang, &[])?;
            write_output(None, &report::coverage::render(&set, lang), lang)?;
            Ok(0)
        }
        Command::Rules { rules, .. } => {
            let set = load_rules_with(&rules, &beside, lang, &[])?;
            let mut out = String::new();
            for r in &set.rules {
                let window = match (r.from, r.until) {
                    (Some(f), Some(u)) => format!("{f}..{u}"),
                    (Some(f), None) => format!("{f}.."),
                    (None, Some(u)) => format!("..{u}"),
                    (None, None) => String::new(),
                };
                // A deadline is what a task's reader looks for, not "always".
                let window = match r.due {
                    Some(d) if window.is_empty() => format!("due {d}"),
                    Some(d) => format!("{window} due {d}"),
                    None => window,
                };
                out.push_str(&format!(
                    "{}/{}\t{}\t{}\t{}\t{}\n",
                    set.packs[r.pack].id,
                    r.id,
                    r.severity.name(),
                    window,
                    r.cite,
                    r.title.get(lang)
                ));
            }
            write_output(None, &out, lang)?;
            Ok(0)
        }
        Command::Explain { rule, rules } => {
            let set = load_rules_with(&rules, &beside, lang, &[])?;
            let found: Vec<&crate::pack::Rule> = set
                .rules
                .iter()
                .filter(|r| r.id == rule || format!("{}/{}", set.packs[r.pack].id, r.id) == rule)
                .collect();
            // The same id in two packs is two rules: which one is meant is asked,
            // never guessed.
            if found.len() > 1 {
                let choices: Vec<String> = found
                    .iter()
                    .map(|r| format!("{}/{}", set.packs[r.pack].id, r.id))
                    .collect();
                return Err(vec![
                    Diag::error(
                        "ylcheck::args",
                        tr(
                            lang,
                            format!("规则 `{rule}` 在多个规则包中：{}", choices.join("、")),
                            format!("rule `{rule}` is in several packs: {}", choices.join(", ")),
                        ),
                    )
                    .with_help(tr(
                        lang,
                        format!("写成 `规则包/规则`，如 `ylcheck explain {}`", choices[0]),
                        format!(
                            "name it as `pack/rule`, e.g. `ylcheck explain {}`",
                            choices[0]
                        ),
                    )),
                ]);
            }
            let Some(r) = found.first() else {
                if let Some(text) = explain::render_standard(&set, &rule, lang) {
                    write_output(None, &text, lang)?;
                    return Ok(0);
                }
                let names = set.rules.iter().map(|r| r.id.as_str());
                let d = Diag::error(
                    "ylcheck::args",
                    tr(
                        lang,
                        format!("没有规则或标准 `{rule}`"),
                        format!("no rule or standard `{rule}`"),
                    ),
                );
                return Err(vec![d.did_you_mean(lang, &rule, names).or_help(lang.pick(
                    "`ylcheck rules` 列出全部规则，`ylcheck rules --coverage` 列出全部标准",
                    "`ylcheck rules` lists the rules, `ylcheck rules --coverage` the standards",
                ))]);
            };
            write_output(None, &explain::render(&set, r, lang), lang)?;
            Ok(0)
        }
        Command::Test { rules } => {
            let files = project::rule_files(&rules, &beside, lang)?;
            let set = crate::lang::compile(&files, lang)?;
            let (cases, failures) = eval::run_tests(&set);
            if !failures.is_empty() {
                return Err(crate::rules::test_failures(&set, &failures, lang));
            }
            let untested: Vec<&str> = set
                .rules
                .iter()
                .enumerate()
                .filter(|(i, _)| !set.tests.iter().any(|t| t.rule == *i))
                .map(|(_, r)| r.id.as_str())
                .collect();
            let mut out = tr(
                lang,
                format!(
                    "{} 个规则包，{} 条规则，{} 个测试用例全部通过\n",
                    set.packs.len(),
                    set.rules.len(),
                    cases
                ),
                format!(
                    "{} packs, {} rules, {} test cases passed\n",
                    set.packs.len(),
                    set.rules.len(),
                    cases
                ),
            );
            if !untested.is_empty() {
                out.push_str(&tr(
                    lang,
                    format!("没有测试的规则：{}\n", untested.join("、")),
                    format!("rules without tests: {}\n", untested.join(", ")),
                ));
            }
            write_output(None, &out, lang)?;
            Ok(0)
        }
        Command::Init { force } => init::run(force, lang),
        Command::Completions { shell } => {
            let mut bytes = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "ylcheck", &mut bytes);
            write_bytes(None, &bytes, lang)?;
            Ok(0)
        }
        Command::Man => {
            let mut bytes = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut bytes)
                .map_err(|e| vec![atomic::write_error("-", &e, lang)])?;
            for sub in Cli::command().get_subcommands() {
                let name = format!("ylcheck-{}", sub.get_name());
                clap_mangen::Man::new(sub.clone())
                    .title(name)
                    .render(&mut bytes)
                    .map_err(|e| vec![atomic::write_error("-", &e, lang)])?;
            }
            write_bytes(None, &bytes, lang)?;
            Ok(0)
        }
        Command::Template {
            entity,
            xlsx,
            fields,
            output,
        } => {
            let set = load_rules(&[], lang)?;
            let out = output.as_deref();
            if fields {
                write_output(out, &template::fields_markdown(&set, lang), lang)?;
                return Ok(0);
            }
            let Some(entity) = entity else {
                write_output(out, &template::list(&set, lang), lang)?;
                return Ok(0);
            };
            let e = template::entity(&set, &entity, lang).map_err(|d| vec![d])?;
            if !xlsx {
                write_bytes(out, &template::csv(&set, e, lang), lang)?;
                return Ok(0);
            }
            let Some(path) = out else {
                return Err(vec![
                    Diag::error(
                        "ylcheck::args",
                        lang.pick(
                            "工作簿不能写到终端，请用 -o 指定文件",
                            "a workbook is not written to the terminal: name a file with -o",
                        ),
                    )
                    .with_help(lang.pick(
                        "例如：ylcheck template facility --xlsx -o 设施.xlsx",
                        "for example: ylcheck template facility --xlsx -o facility.xlsx",
                    )),
                ]);
            };
            let bytes = template::xlsx(&set, e, lang).map_err(|err| {
                vec![Diag::error(
                    "ylcheck::io::write",
                    tr(
                        lang,
                        format!("`{path}`：无法生成工作簿：{err}"),
                        format!("`{path}`: the workbook could not be made: {err}"),
                    ),
                )]
            })?;
            write_bytes(Some(path), &bytes, lang)?;
            Ok(0)
        }
    }
}

fn write_output(path: Option<&str>, text: &str, lang: Lang) -> Result<(), Vec<Diag>> {
    write_bytes(path, text.as_bytes(), lang)
}

fn write_bytes(path: Option<&str>, bytes: &[u8], lang: Lang) -> Result<(), Vec<Diag>> {
    if let Some(p) = path {
        return atomic::write_file(p, bytes, lang).map_err(|d| vec![d]);
    }
    match std::io::stdout().lock().write_all(bytes) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(vec![atomic::write_error("-", &e, lang)]),
    }
}
