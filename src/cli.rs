//! The command line: arguments, files, the clock, the locale and the terminal. The
//! library below it only sees bytes and names.

use crate::diag::Diag;
use crate::eval;
use crate::i18n::{Lang, tr};
use crate::lang::ast::Expect;
use crate::pack::RuleSet;
use crate::report;
use clap::{Parser, Subcommand, ValueEnum};

mod check;
use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::sync::Arc;

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
    /// One self-contained HTML page: summary, compliance table, charts, the
    /// coverage map (for inputs with geometry) and every finding, with filters
    Html,
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
        #[arg(long, value_enum, default_value = "human")]
        format: FormatArg,
        /// Write the report to FILE instead of standard output
        #[arg(long, short, value_name = "FILE")]
        output: Option<String>,
        /// Lowest severity of a finding that makes the exit code 1
        #[arg(long, value_enum, default_value = "error")]
        fail_on: FailOn,
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
        files.push((
            crate::embedded::ENTITIES.0.into(),
            Arc::from(crate::embedded::ENTITIES.1),
        ));
        files.extend(
            crate::embedded::PACKS
                .iter()
                .map(|(n, t)| (n.to_string(), Arc::from(*t))),
        );
        return Ok(files);
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
    let files = rule_files(paths, lang)?;
    let set = crate::lang::compile(&files, lang)?;
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
    crate::lang::compile_with(&files, lang, &pairs)
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

fn run(cmd: Command, lang: Lang) -> Run {
    match cmd {
        Command::Check {
            args,
            format,
            output,
            fail_on,
        } => check::check(&args, format, output.as_deref(), fail_on, lang),
        Command::Map { args, output } => check::map(&args, output.as_deref(), lang),
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
