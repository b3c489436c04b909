//! The command line: arguments, files, the clock, the locale and the terminal. The
//! library below it only sees bytes and names.

use crate::diag::Diag;
use crate::eval::{self, Options};
use crate::i18n::{Lang, tr};
use crate::lang::ast::Expect;
use crate::pack::{RuleSet, Severity};
use crate::report::{self, Context};
use crate::run::{self, RunOptions};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::sync::Arc;

/// Largest input file read.
const MAX_INPUT: u64 = 1 << 30;

#[derive(Parser, Debug)]
#[command(
    name = "ylcheck",
    version,
    about = "检查住宅规划与养老服务设施数据是否符合河南养老服务政策文件的规划标准 / Check residential plans and elder-care facility data against Henan's elder-care planning standards"
)]
pub struct Cli {
    /// Output language (default: from the locale, else zh)
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum FormatArg {
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
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum FailOn {
    Error,
    Warning,
    Never,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check input files against the rule packs
    Check {
        /// Rule files or directories (default: the embedded packs)
        #[arg(long = "rules", value_name = "PATH")]
        rules: Vec<String>,
        /// The date the standards are checked as of (default: today)
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value = "human")]
        format: FormatArg,
        /// Write the report to FILE instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<String>,
        /// Only run rules whose id (`pack/rule` or `rule`) matches a glob
        #[arg(long, value_name = "GLOB")]
        select: Vec<String>,
        /// Skip rules whose id matches a glob
        #[arg(long, value_name = "GLOB")]
        ignore: Vec<String>,
        /// Lowest severity of a finding that makes the exit code 1
        #[arg(long, value_enum, default_value = "error")]
        fail_on: FailOn,
        /// The entity of CSV inputs (default: recognised from the header)
        #[arg(long, value_name = "NAME")]
        entity: Option<String>,
        /// The region the data is for, e.g. 开封市祥符区 (default: a plan's own, else 开封市)
        #[arg(long, value_name = "NAME")]
        region: Option<String>,
        /// Overrides a pack's parameter, e.g. walk_radius=800m (repeatable)
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// Input files (`-` for standard input)
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<String>,
    },
    /// List the rules
    Rules {
        #[arg(long = "rules", value_name = "PATH")]
        rules: Vec<String>,
        /// Map every standard to the rules that check it, or why none can
        #[arg(long)]
        coverage: bool,
    },
    /// Explain one rule: what it checks, why, and where it comes from
    Explain {
        /// Rule id (`rule` or `pack/rule`)
        rule: String,
        #[arg(long = "rules", value_name = "PATH")]
        rules: Vec<String>,
    },
    /// Run the tests inside rule packs
    Test {
        /// Rule files or directories (default: the embedded packs)
        rules: Vec<String>,
    },
    /// Print an empty CSV with the right headers for an entity
    Template { entity: String },
}

fn detect_lang(arg: Option<LangArg>) -> Lang {
    match arg {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
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
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let lang = detect_lang(cli.lang);
    match run(cli.command, lang) {
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
            for d in &diags {
                let _ = handler.render_report(&mut out, d);
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

/// Reads an input file, or standard input for `-`.
fn read_input(path: &str, lang: Lang) -> Result<Vec<u8>, Diag> {
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(path, &e, lang))?;
    } else {
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
        let f = std::fs::File::open(path).map_err(|e| io_error(path, &e, lang))?;
        f.take(MAX_INPUT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(path, &e, lang))?;
    }
    if bytes.len() as u64 > MAX_INPUT {
        return Err(Diag::error(
            "ylcheck::limit",
            tr(
                lang,
                format!("`{path}` 超过 1 GiB"),
                format!("`{path}` is larger than 1 GiB"),
            ),
        )
        .with_help(lang.pick(
            "请按地区拆分文件后分别检查",
            "split the file by region and check the parts",
        )));
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
                Err(e) => errors.push(
                    Diag::error(
                        "ylcheck::rules::encoding",
                        tr(
                            lang,
                            format!("规则文件 `{p}` 不是 UTF-8"),
                            format!("rule file `{p}` is not UTF-8"),
                        ),
                    )
                    .with_help(tr(
                        lang,
                        format!(
                            "第 {} 字节无效；规则文件须以 UTF-8 保存",
                            e.utf8_error().valid_up_to()
                        ),
                        format!(
                            "invalid byte at offset {}; save rule files as UTF-8",
                            e.utf8_error().valid_up_to()
                        ),
                    )),
                ),
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
    load_rules_with(paths, lang, &[])
}

/// [`load_rules`] with parameters overridden (`walk_radius=800m`). The packs' tests
/// run on their own values; the returned set uses the overrides.
fn load_rules_with(paths: &[String], lang: Lang, params: &[String]) -> Result<RuleSet, Vec<Diag>> {
    compile_rules(&rule_files(paths, lang)?, lang, params)
}

/// What `ylcheck check` does with rule files once read: compile them, run the
/// packs' tests, then compile again with `NAME=VALUE` parameter overrides if any.
/// Public so that rule text held in memory (an embedder's, a fuzzer's) goes
/// through exactly the command line's path.
pub fn compile_rules(
    files: &[(String, Arc<str>)],
    lang: Lang,
    params: &[String],
) -> Result<RuleSet, Vec<Diag>> {
    let set = crate::lang::compile(files, lang)?;
    let (_, failures) = eval::run_tests(&set);
    if !failures.is_empty() {
        return Err(test_failures(&set, &failures, lang));
    }
    if params.is_empty() {
        return Ok(set);
    }
    let pairs = params
        .iter()
        .map(|p| match p.split_once('=') {
            Some((k, v)) => Ok((k.trim().to_string(), v.trim().to_string())),
            None => Err(Diag::error(
                "ylcheck::param",
                tr(
                    lang,
                    format!("--param {p}：应写成 名称=值，如 walk_radius=800m"),
                    format!("--param {p}: write NAME=VALUE, e.g. walk_radius=800m"),
                ),
            )),
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|d| vec![d])?;
    crate::lang::compile_with(files, lang, &pairs)
}

fn test_failures(set: &RuleSet, failures: &[eval::TestFailure], lang: Lang) -> Vec<Diag> {
    failures
        .iter()
        .map(|f| {
            let t = &set.tests[f.test];
            let case = &t.cases[f.case];
            let rule = &set.rules[t.rule];
            let file = &set.files[t.file];
            let want = format!("{:?}", case.expect).to_lowercase();
            let got = f.got.map_or(
                lang.pick(
                    "不适用（被 for … where 排除）",
                    "skip (excluded by for … where)",
                )
                .to_string(),
                |o| o.name().to_string(),
            );
            Diag::error(
                "ylcheck::rules::test",
                tr(
                    lang,
                    format!("规则 `{}` 的测试未通过：应为 {want}，实际为 {got}", rule.id),
                    format!(
                        "test of rule `{}` failed: expected {want}, got {got}",
                        rule.id
                    ),
                ),
            )
            .with_source(&file.name, file.text.clone())
            .with_label(
                case.span,
                tr(lang, format!("应为 {want}"), format!("expected {want}")),
            )
            .with_help(lang.pick(
                "修正规则的 require 或这条测试记录",
                "fix the rule's `require` or this test record",
            ))
        })
        .collect()
}

/// An input as the run opens it: a file (checked to exist first, for a clear
/// message), or standard input read once.
fn input_spec<'a>(
    path: &str,
    stdin: Option<&'a [u8]>,
    lang: Lang,
) -> Result<run::InputSpec<'a>, Diag> {
    if path == "-" {
        let bytes = stdin.unwrap_or_default();
        return Ok(run::InputSpec {
            path: path.to_string(),
            open: Box::new(move || Ok(Box::new(bytes) as Box<dyn Read + Send + 'a>)),
        });
    }
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
    let owned = path.to_string();
    Ok(run::InputSpec {
        path: path.to_string(),
        open: Box::new(move || Ok(Box::new(std::fs::File::open(&owned)?) as Box<dyn Read + Send>)),
    })
}

fn parse_as_of(s: Option<&str>, lang: Lang) -> Result<jiff::civil::Date, Diag> {
    match s {
        None => Ok(jiff::ZonedDateTime::now().date()),
        Some(s) => s.parse::<jiff::civil::Date>().map_err(|_| {
            Diag::error(
                "ylcheck::args",
                tr(
                    lang,
                    format!("`--as-of {s}` 不是有效日期"),
                    format!("`--as-of {s}` is not a valid date"),
                ),
            )
            .with_help(lang.pick(
                "写作 YYYY-MM-DD，如 2023-01-01",
                "write YYYY-MM-DD, e.g. 2023-01-01",
            ))
        }),
    }
}

fn run(cmd: Command, lang: Lang) -> Run {
    match cmd {
        Command::Check {
            rules,
            as_of,
            format,
            output,
            select,
            ignore,
            fail_on,
            entity,
            region,
            params,
            inputs,
        } => {
            let as_of = parse_as_of(as_of.as_deref(), lang).map_err(|d| vec![d])?;
            let set = load_rules_with(&rules, lang, &params)?;
            let entity = match entity {
                None => None,
                Some(name) => Some(set.schema.entity(&name).ok_or_else(|| {
                    let names = set.schema.entities.iter().map(|e| e.name.as_str());
                    let d = Diag::error(
                        "ylcheck::args",
                        tr(
                            lang,
                            format!("未知实体 `{name}`"),
                            format!("unknown entity `{name}`"),
                        ),
                    );
                    vec![d.did_you_mean(lang, &name, names).or_help(tr(
                        lang,
                        format!(
                                "可用实体：{}",
                                set.schema
                                    .entities
                                    .iter()
                                    .map(|e| e.name.as_str())
                                    .collect::<Vec<_>>()
                                    .join("、")
                            ),
                        format!(
                                "the entities are: {}",
                                set.schema
                                    .entities
                                    .iter()
                                    .map(|e| e.name.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                    ))]
                })?),
            };
            let stdin = if inputs.iter().any(|p| p == "-") {
                Some(read_input("-", lang).map_err(|d| vec![d])?)
            } else {
                None
            };
            let mut specs = Vec::new();
            let mut errors = Vec::new();
            for path in &inputs {
                match input_spec(path, stdin.as_deref(), lang) {
                    Ok(spec) => specs.push(spec),
                    Err(d) => errors.push(d),
                }
            }
            if !errors.is_empty() {
                return Err(errors);
            }
            let matches = |pats: &[String], pack: &str, id: &str| {
                let full = format!("{pack}/{id}");
                pats.iter().any(|p| {
                    let w = wildmatch::WildMatch::new(p);
                    w.matches(&full) || w.matches(id)
                })
            };
            let selected = |pack: &str, id: &str| {
                (select.is_empty() || matches(&select, pack, id)) && !matches(&ignore, pack, id)
            };
            let gazetteer = crate::region::shipped().map_err(|e| {
                vec![Diag::error(
                    "ylcheck::region",
                    format!("rules/gazetteer.toml: {e}"),
                )]
            })?;
            let opts = RunOptions {
                check: Options {
                    as_of,
                    selected: &selected,
                },
                entity,
                lang,
                snippets: format == FormatArg::Human,
                region,
                gazetteer: &gazetteer,
            };
            let paths: Vec<String> = inputs.clone();
            let ctx = Context::new(&set, &paths, as_of, lang);
            let to_terminal = output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none();
            let mut sink = Output::open(output.as_deref(), lang)?;
            let totals = match format {
                FormatArg::Human => {
                    let out = run::run(&set, &specs, &opts, &|f| {
                        (
                            ctx.sort_key(f),
                            report::human::finding(
                                &ctx,
                                f,
                                &report::human::handler(to_terminal, 100),
                            ),
                        )
                    })?;
                    let handler = report::human::handler(to_terminal, 100);
                    let mut head = String::new();
                    for w in &out.warnings {
                        let _ = handler.render_report(&mut head, w);
                        head.push('\n');
                    }
                    sink.write(head.as_bytes());
                    for f in &out.findings {
                        sink.write(f.as_bytes());
                    }
                    sink.write(report::human::summary(&ctx, &out.totals).as_bytes());
                    out.totals
                }
                FormatArg::Json => {
                    let out = run::run(&set, &specs, &opts, &|f| {
                        (ctx.sort_key(f), report::json::finding(&ctx, f))
                    })?;
                    stderr_warnings(&out.warnings);
                    let res =
                        report::json::document(&ctx, &out.totals, &out.findings, &mut sink.writer);
                    sink.check(res);
                    out.totals
                }
                FormatArg::Github => {
                    let out = run::run(&set, &specs, &opts, &|f| {
                        (ctx.sort_key(f), report::github::finding(&ctx, f))
                    })?;
                    stderr_warnings(&out.warnings);
                    for f in &out.findings {
                        sink.write(f.as_bytes());
                    }
                    out.totals
                }
                FormatArg::Markdown => {
                    let mut out = run::run(&set, &specs, &opts, &|f| {
                        (ctx.sort_key(f), report::markdown::finding(&ctx, f))
                    })?;
                    stderr_warnings(&out.warnings);
                    let text = report::markdown::document(&ctx, &out.totals, &mut out.findings);
                    sink.write(text.as_bytes());
                    out.totals
                }
                FormatArg::Junit => {
                    let out = run::run(&set, &specs, &opts, &|f| {
                        (ctx.sort_key(f), report::junit::finding(&ctx, f))
                    })?;
                    stderr_warnings(&out.warnings);
                    let res =
                        report::junit::document(&ctx, &out.totals, out.findings, &mut sink.writer);
                    sink.check(res);
                    out.totals
                }
                FormatArg::Sarif => {
                    let out = run::run(&set, &specs, &opts, &|f| {
                        (ctx.sort_key(f), report::sarif::finding(&ctx, f))
                    })?;
                    stderr_warnings(&out.warnings);
                    let res =
                        report::sarif::document(&ctx, &out.totals, out.findings, &mut sink.writer);
                    sink.check(res);
                    out.totals
                }
            };
            sink.finish()?;

            let threshold = match fail_on {
                FailOn::Error => Some(Severity::Error),
                FailOn::Warning => Some(Severity::Warning),
                FailOn::Never => None,
            };
            // Findings at or above the threshold (an unknown counts like a failure).
            let failing = threshold.is_some_and(|t| match t {
                Severity::Error => totals.summary.errors > 0,
                _ => totals.summary.errors + totals.summary.warnings > 0,
            });
            Ok(i32::from(failing))
        }
        Command::Rules {
            rules,
            coverage: true,
        } => {
            let set = load_rules(&rules, lang)?;
            write_output(None, &report::coverage::render(&set, lang), lang)?;
            Ok(0)
        }
        Command::Rules { rules, .. } => {
            let set = load_rules(&rules, lang)?;
            let mut out = String::new();
            for r in &set.rules {
                let window = match (r.from, r.until) {
                    (Some(f), Some(u)) => format!("{f}..{u}"),
                    (Some(f), None) => format!("{f}.."),
                    (None, Some(u)) => format!("..{u}"),
                    (None, None) => String::new(),
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
            let set = load_rules(&rules, lang)?;
            let found = set
                .rules
                .iter()
                .find(|r| r.id == rule || format!("{}/{}", set.packs[r.pack].id, r.id) == rule);
            let Some(r) = found else {
                let names = set.rules.iter().map(|r| r.id.as_str());
                let d = Diag::error(
                    "ylcheck::args",
                    tr(
                        lang,
                        format!("没有规则 `{rule}`"),
                        format!("no rule `{rule}`"),
                    ),
                );
                return Err(vec![d.did_you_mean(lang, &rule, names).or_help(lang.pick(
                    "`ylcheck rules` 列出全部规则",
                    "`ylcheck rules` lists them all",
                ))]);
            };
            write_output(None, &explain(&set, r, lang), lang)?;
            Ok(0)
        }
        Command::Test { rules } => {
            let files = rule_files(&rules, lang)?;
            let set = crate::lang::compile(&files, lang)?;
            let (cases, failures) = eval::run_tests(&set);
            if !failures.is_empty() {
                return Err(test_failures(&set, &failures, lang));
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
        Command::Template { entity } => {
            let set = load_rules(&[], lang)?;
            let Some(e) = set.schema.entity(&entity) else {
                let names = set.schema.entities.iter().map(|e| e.name.as_str());
                let d = Diag::error(
                    "ylcheck::args",
                    tr(
                        lang,
                        format!("未知实体 `{entity}`"),
                        format!("unknown entity `{entity}`"),
                    ),
                );
                return Err(vec![d.did_you_mean(lang, &entity, names)]);
            };
            let headers: Vec<&str> = set.schema.entities[e]
                .fields
                .iter()
                .map(|f| match lang {
                    Lang::Zh => f.aliases.first().map_or(f.name.as_str(), String::as_str),
                    Lang::En => f.name.as_str(),
                })
                .collect();
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(&headers);
            let bytes = w.into_inner().unwrap_or_default();
            write_output(None, &String::from_utf8_lossy(&bytes), lang)?;
            Ok(0)
        }
    }
}

fn explain(set: &RuleSet, r: &crate::pack::Rule, lang: Lang) -> String {
    let pack = &set.packs[r.pack];
    let ent = &set.schema.entities[r.entity];
    let mut s = format!("{}/{}: {}\n\n", pack.id, r.id, r.title.get(lang));
    let l = |zh: &str, en: &str| lang.pick(zh, en).to_string();
    s.push_str(&format!("{}\n  {}\n", l("## 依据", "## Source"), r.cite));
    if let Some(src) = &pack.source {
        let title = pack
            .title
            .as_ref()
            .map_or(String::new(), |t| format!(" {}", t.get(lang)));
        s.push_str(&format!("  {src}{title}\n"));
    }
    if let Some(n) = &r.note {
        s.push_str(&format!(
            "\n{}\n  {}\n",
            l("## 说明", "## Why"),
            n.get(lang)
        ));
    }
    s.push_str(&format!(
        "\n{}\n  for {}",
        l("## 检查内容", "## What it checks"),
        ent.name
    ));
    if let Some(f) = &r.filter_text {
        s.push_str(&format!(" where {f}"));
    }
    s.push_str(&format!("\n  require {}\n", r.required_text));
    s.push_str(&format!("  severity {}\n", r.severity.name()));
    let window = match (r.from, r.until) {
        (None, None) => l("始终施行", "always in force"),
        (Some(f), None) => tr(lang, format!("{f} 起施行"), format!("in force from {f}")),
        (None, Some(u)) => tr(lang, format!("施行至 {u}"), format!("in force until {u}")),
        (Some(f), Some(u)) => tr(
            lang,
            format!("{f} 至 {u} 施行"),
            format!("in force from {f} until {u}"),
        ),
    };
    s.push_str(&format!(
        "\n{}\n  {window}\n",
        l("## 施行期", "## In force")
    ));
    if let Some(region) = &pack.region {
        s.push_str(&format!("  {}{region}\n", l("适用地区：", "applies in: ")));
    }
    // Examples come from the pack's own tests, as written there.
    let mut cases = 0;
    let mut examples = String::new();
    for t in set
        .tests
        .iter()
        .filter(|t| std::ptr::eq(&set.rules[t.rule], r))
    {
        let text = &set.files[t.file].text;
        cases += t.cases.len();
        for c in &t.cases {
            if matches!(c.expect, Expect::Pass | Expect::Fail | Expect::Given)
                && let Some(src) = text.get(c.span.range())
            {
                examples.push_str(&format!(
                    "  {}\n",
                    src.split_whitespace().collect::<Vec<_>>().join(" ")
                ));
            }
        }
    }
    if !examples.is_empty() {
        s.push_str(&format!("\n{}\n{examples}", l("## 示例", "## Examples")));
    }
    s.push_str(&format!(
        "\n{}\n  {}\n",
        l("## 测试", "## Tests"),
        tr(
            lang,
            format!("{cases} 个测试用例（ylcheck test）"),
            format!("{cases} test cases (ylcheck test)")
        )
    ));
    s
}

/// Where a report goes: a file or standard output, buffered. A closed pipe (the
/// reader quit, as `| head` does) is not an error.
struct Output {
    writer: Box<dyn Write>,
    path: String,
    lang: Lang,
    error: Option<std::io::Error>,
}

impl Output {
    fn open(path: Option<&str>, lang: Lang) -> Result<Output, Vec<Diag>> {
        let writer: Box<dyn Write> = match path {
            Some(p) => Box::new(std::io::BufWriter::with_capacity(
                1 << 20,
                std::fs::File::create(p).map_err(|e| vec![io_error(p, &e, lang)])?,
            )),
            None => Box::new(std::io::BufWriter::with_capacity(
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
        match self.error {
            None => Ok(()),
            Some(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Some(e) => Err(vec![io_error(&self.path, &e, self.lang)]),
        }
    }
}

fn write_output(path: Option<&str>, text: &str, lang: Lang) -> Result<(), Vec<Diag>> {
    let res = match path {
        Some(p) => std::fs::write(p, text),
        None => std::io::stdout().lock().write_all(text.as_bytes()),
    };
    match res {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(vec![io_error(path.unwrap_or("-"), &e, lang)]),
    }
}

/// Machine output stays pure: reading warnings go to the terminal instead.
fn stderr_warnings(warnings: &[Diag]) {
    let mut text = String::new();
    for w in warnings {
        text.push_str(&crate::diag::render_plain(w, 100));
    }
    let _ = std::io::stderr().write_all(text.as_bytes());
}
