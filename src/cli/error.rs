//! What can go wrong on the command line, as data: each error of the command line
//! (a flag that does not fit, a file that cannot be read or written, a name that
//! is no rule, entity or code) with its code, the place it points at, and its text
//! in Chinese and in English side by side (`CliError::draft`). The commands return
//! these beside the library's diagnostics ([`Errors`]); they become diagnostics in
//! the run's language only where the command line reports them (`cli::main`).
//! `Draft` and `Both` here are the binary's own of the library's crate-private
//! ones, the same shape.

use std::io::ErrorKind;
use std::sync::Arc;
use ylcheck::data::error::DataError;
use ylcheck::diag::Diag;
use ylcheck::i18n::Lang;
use ylcheck::pack::RuleSet;

/// An error of the command line. Each variant's code, place and texts are in
/// `CliError::draft`.
#[derive(Debug, Clone, PartialEq)]
pub enum CliError {
    // Reading.
    /// A file that cannot be read; `reason` is what the system said.
    Unreadable {
        path: String,
        kind: ErrorKind,
        reason: String,
    },
    /// An input that names a directory where a file is read.
    InputIsDirectory {
        path: String,
    },
    /// An input over the size limit, `max` bytes.
    TooLarge {
        path: String,
        max: u64,
    },
    /// `--rules DIR` with no `.rules` file in it: checking against no rules would
    /// pass anything.
    NoRulesInDirectory {
        dir: String,
    },
    /// A rule file that is not UTF-8: its text with the bad byte replaced, and the
    /// byte's place in it.
    RulesNotUtf8 {
        path: String,
        shown: Arc<str>,
        at: usize,
        width: usize,
    },
    /// A settings file (`ylcheck.toml`) that is not UTF-8.
    ConfigNotUtf8 {
        path: String,
    },
    /// A waivers file that is not UTF-8.
    WaiversNotUtf8 {
        path: String,
    },
    /// The shipped gazetteer does not parse; `reason` is the parser's.
    Gazetteer {
        reason: String,
    },
    // Directories of inputs.
    /// A directory holding none of the files a directory is searched for.
    EmptyDirectory {
        dir: String,
        extensions: &'static [&'static str],
    },
    /// A directory nested more than `max` levels deep.
    DeepDirectory {
        dir: String,
        max: usize,
    },
    /// Directories holding more than `max` files to read.
    LargeDirectory {
        max: usize,
    },
    // Writing.
    /// A file that cannot be written; `reason` is what the system said.
    Unwritable {
        path: String,
        kind: ErrorKind,
        reason: String,
    },
    /// A report or an annotated copy that could not be made as a workbook.
    WorkbookNotMade {
        path: String,
        reason: String,
    },
    /// `ylcheck template --xlsx`'s workbook that could not be made.
    TemplateNotMade {
        path: String,
        reason: String,
    },
    /// `-o` naming one of the run's own files.
    OutputIsInput {
        output: String,
    },
    /// `--annotate` naming a file.
    AnnotateNotDirectory {
        dir: String,
    },
    /// `ylcheck init` where a settings file is, without `--force`.
    InitExists {
        file: &'static str,
    },
    // Flags that do not fit together.
    JunitPassesWithoutJunit,
    SummaryWithFormat,
    /// `--format xlsx` without `-o`.
    XlsxToTerminal,
    /// `ylcheck template --xlsx` without `-o`.
    TemplateToTerminal,
    /// `ylcheck map` on inputs with no geometry.
    NoGeometry {
        inputs: Vec<String>,
    },
    // Names.
    /// A rule id in several packs: `choices` as `pack/rule`.
    AmbiguousRule {
        rule: String,
        choices: Vec<String>,
    },
    /// No rule or standard of that name, with the closest rule id.
    UnknownRule {
        rule: String,
        suggestion: Option<String>,
    },
    /// No diagnostic code of that name, with the closest code.
    UnknownCode {
        code: String,
        suggestion: Option<String>,
    },
    /// An entity no rule pack declares, with the closest name as Chinese and
    /// English name it, and the entities there are (in Chinese and in English) to
    /// list when there is no guess (`--entity`; none for `ylcheck template`).
    UnknownEntity {
        name: String,
        guess_zh: Option<String>,
        guess_en: Option<String>,
        entities: Vec<(String, String)>,
    },
}

const ARGS: &str = "ylcheck::args";
const IO: &str = "ylcheck::io";
const WRITE: &str = "ylcheck::io::write";

/// One text in Chinese and in English.
#[derive(Debug, Clone, PartialEq)]
struct Both {
    zh: String,
    en: String,
}

fn both(zh: impl Into<String>, en: impl Into<String>) -> Both {
    Both {
        zh: zh.into(),
        en: en.into(),
    }
}

impl Both {
    fn pick(&self, lang: Lang) -> String {
        lang.pick(&self.zh, &self.en).to_string()
    }
}

/// An error's code, texts and place, before the run's language picks one.
#[derive(Debug, Clone)]
struct Draft {
    code: &'static str,
    message: Both,
    help: Option<Both>,
    at: Option<At>,
}

/// The source an error points into, and the span and label in it.
#[derive(Debug, Clone)]
struct At {
    path: String,
    text: Arc<str>,
    span: (usize, usize),
    label: Both,
}

impl Draft {
    fn new(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Draft {
        Draft {
            code,
            message: both(zh, en),
            help: None,
            at: None,
        }
    }

    fn help(mut self, zh: impl Into<String>, en: impl Into<String>) -> Draft {
        self.help = Some(both(zh, en));
        self
    }

    fn in_lang(&self, lang: Lang) -> Diag {
        let mut d = Diag::error(self.code, self.message.pick(lang));
        if let Some(at) = &self.at {
            d = d
                .with_source(&at.path, at.text.clone())
                .with_label(at.span, at.label.pick(lang));
        }
        // A help said in one language only (a guess made in one) is none in the other.
        if let Some(h) = self.help.as_ref().map(|h| h.pick(lang))
            && !h.is_empty()
        {
            d = d.with_help(h);
        }
        d
    }
}

/// What the system said, as a help line.
fn system(d: Draft, reason: &str) -> Draft {
    d.help(
        format!("系统报告：{reason}"),
        format!("the system said: {reason}"),
    )
}

/// "Did you mean `x`?" for a code or an id.
fn did_you_mean(d: Draft, s: &str) -> Draft {
    d.help(format!("是不是 `{s}`？"), format!("did you mean `{s}`?"))
}

impl CliError {
    /// An entity no pack of `set` declares, with the closest name in each
    /// language and, `listed`, the entities there are.
    pub fn unknown_entity(set: &RuleSet, name: &str, listed: bool) -> CliError {
        let guess = |lang| set.schema.suggest_entity(name, lang).map(String::from);
        let entities = match listed {
            true => set
                .schema
                .entities
                .iter()
                .map(|e| (e.shown(Lang::Zh).to_string(), e.shown(Lang::En).to_string()))
                .collect(),
            false => Vec::new(),
        };
        CliError::UnknownEntity {
            name: name.to_string(),
            guess_zh: guess(Lang::Zh),
            guess_en: guess(Lang::En),
            entities,
        }
    }

    /// The error as a diagnostic in `lang`.
    pub fn render(&self, lang: Lang) -> Diag {
        self.draft().in_lang(lang)
    }

    /// The error's code, texts and place in both languages.
    fn draft(&self) -> Draft {
        match self {
            CliError::Unreadable { path, kind, reason } => {
                let (zh, en) = match kind {
                    ErrorKind::NotFound => ("文件不存在", "no such file"),
                    ErrorKind::PermissionDenied => ("没有读取权限", "permission denied"),
                    ErrorKind::IsADirectory => {
                        ("这是一个目录，不是文件", "is a directory, not a file")
                    }
                    _ => ("无法读取", "cannot be read"),
                };
                system(
                    Draft::new(IO, format!("`{path}`：{zh}"), format!("`{path}`: {en}")),
                    reason,
                )
            }
            CliError::InputIsDirectory { path } => Draft::new(
                IO,
                format!("`{path}`：这是一个目录，不是文件"),
                format!("`{path}`: is a directory, not a file"),
            )
            .help(
                "请给出目录中的文件，如 dir/facility.csv",
                "name the files in it, e.g. dir/facility.csv",
            ),
            CliError::TooLarge { path, max } => {
                let gib = max >> 30;
                Draft::new(
                    "ylcheck::limit",
                    format!("`{path}` 超过 {gib} GiB 的上限"),
                    format!("`{path}` is larger than the {gib} GiB limit"),
                )
                .help(
                    "请按地区拆分文件后分别检查",
                    "split the file by region and check the parts",
                )
            }
            CliError::NoRulesInDirectory { dir } => Draft::new(
                "ylcheck::rules::none",
                format!("目录 `{dir}` 中没有 .rules 规则文件"),
                format!("directory `{dir}` holds no .rules files"),
            )
            .help(
                "给出规则文件或含有规则文件的目录；不给 --rules 时使用内置规则包",
                "name rule files or a directory of them; without --rules the embedded packs are used",
            ),
            CliError::RulesNotUtf8 {
                path,
                shown,
                at,
                width,
            } => Draft {
                at: Some(At {
                    path: path.clone(),
                    text: shown.clone(),
                    span: (*at, *width),
                    label: both("无效字节", "invalid byte"),
                }),
                ..Draft::new(
                    "ylcheck::rules::encoding",
                    format!("规则文件 `{path}` 不是 UTF-8"),
                    format!("rule file `{path}` is not UTF-8"),
                )
                .help("规则文件须以 UTF-8 保存", "save rule files as UTF-8")
            },
            CliError::ConfigNotUtf8 { path } => Draft::new(
                "ylcheck::config",
                format!("`{path}` 不是 UTF-8 文本"),
                format!("`{path}` is not UTF-8 text"),
            ),
            CliError::WaiversNotUtf8 { path } => Draft::new(
                "ylcheck::waiver",
                format!("`{path}` 不是 UTF-8 文本"),
                format!("`{path}` is not UTF-8 text"),
            ),
            CliError::Gazetteer { reason } => Draft::new(
                "ylcheck::region",
                format!("内置地名表 rules/gazetteer.toml 有误：{reason}"),
                format!("rules/gazetteer.toml: {reason}"),
            ),
            CliError::EmptyDirectory { dir, extensions } => Draft::new(
                "ylcheck::args::empty-directory",
                format!("目录 `{dir}` 中没有可检查的文件"),
                format!("the directory `{dir}` holds no file ylcheck reads"),
            )
            .help(
                format!("目录中读取的文件类型：.{}", extensions.join("、.")),
                format!("in a directory, ylcheck reads .{}", extensions.join(", .")),
            ),
            CliError::DeepDirectory { dir, max } => Draft::new(
                "ylcheck::args::deep-directory",
                format!("目录 `{dir}` 嵌套超过 {max} 层，未读取"),
                format!("`{dir}` is nested more than {max} levels deep; not read"),
            ),
            CliError::LargeDirectory { max } => Draft::new(
                "ylcheck::args::large-directory",
                format!("目录中可检查的文件超过 {max} 个，未读取"),
                format!("the directories hold more than {max} files to read; none read"),
            )
            .help("请指定更小的目录", "name a smaller directory"),
            CliError::Unwritable { path, kind, reason } => {
                let (zh, en) = match kind {
                    ErrorKind::NotFound => ("所在目录不存在", "its directory does not exist"),
                    ErrorKind::PermissionDenied => ("没有写入权限", "permission denied"),
                    ErrorKind::StorageFull => ("磁盘已满", "the disk is full"),
                    ErrorKind::IsADirectory => ("这是一个目录", "is a directory"),
                    _ => ("无法写入", "cannot be written"),
                };
                system(
                    Draft::new(
                        WRITE,
                        format!("`{path}`：{zh}，未写入"),
                        format!("`{path}`: {en}; nothing written"),
                    ),
                    reason,
                )
            }
            CliError::WorkbookNotMade { path, reason } => Draft::new(
                WRITE,
                format!("`{path}`：无法生成 Excel 工作簿（{reason}），未写入"),
                format!("`{path}`: cannot make the Excel workbook ({reason}); nothing written"),
            ),
            CliError::TemplateNotMade { path, reason } => Draft::new(
                WRITE,
                format!("`{path}`：无法生成工作簿：{reason}"),
                format!("`{path}`: the workbook could not be made: {reason}"),
            ),
            CliError::OutputIsInput { output } => Draft::new(
                "ylcheck::args::output-is-input",
                format!("输出文件 `{output}` 是本次检查的输入，不能覆盖它"),
                format!("the output `{output}` is one of the run's inputs; it is not overwritten"),
            )
            .help("用 -o 指定另一个文件", "name another file with -o"),
            CliError::AnnotateNotDirectory { dir } => Draft::new(
                ARGS,
                format!("--annotate 须指定目录，`{dir}` 是一个文件"),
                format!("--annotate names a directory; `{dir}` is a file"),
            )
            .help(
                "指定一个目录（不存在时会创建），如 --annotate 标注",
                "name a directory (created if missing), e.g. --annotate marked",
            ),
            CliError::InitExists { file } => Draft::new(
                "ylcheck::init",
                format!("{file} 已存在，未覆盖"),
                format!("{file} already exists; not overwritten"),
            )
            .help(
                "用 ylcheck init --force 覆盖它",
                "overwrite it with ylcheck init --force",
            ),
            CliError::JunitPassesWithoutJunit => Draft::new(
                ARGS,
                "--junit-passes 只用于 --format junit",
                "--junit-passes goes with --format junit",
            ),
            CliError::SummaryWithFormat => Draft::new(
                ARGS,
                "--summary 输出表格，不能与 --format 同用",
                "--summary prints a table; it cannot be combined with --format",
            )
            .help(
                "机器可读的汇总在 --format json 的 summary 中",
                "for machines, --format json has the totals in `summary`",
            ),
            CliError::XlsxToTerminal => Draft::new(
                ARGS,
                "--format xlsx 生成 Excel 工作簿，不能输出到终端或标准输出；请用 -o 指定文件",
                "--format xlsx writes an Excel workbook, not text for a terminal or standard output; name the file with -o",
            )
            .help(
                "例如 ylcheck check --format xlsx -o 检查结果.xlsx 设施.csv",
                "e.g. ylcheck check --format xlsx -o findings.xlsx facility.csv",
            ),
            CliError::TemplateToTerminal => Draft::new(
                ARGS,
                "工作簿不能写到终端，请用 -o 指定文件",
                "a workbook is not written to the terminal: name a file with -o",
            )
            .help(
                "例如：ylcheck template facility --xlsx -o 设施.xlsx",
                "for example: ylcheck template facility --xlsx -o facility.xlsx",
            ),
            CliError::NoGeometry { inputs } => Draft::new(
                "ylcheck::map::no-geometry",
                format!("输入中没有任何几何图形，无法绘图：{}", inputs.join("、")),
                format!("no input has any geometry to draw: {}", inputs.join(", ")),
            )
            .help(
                "请给出 GeoJSON 地图，或在表格中填写 位置（“经度,纬度” 或 WKT 图形）",
                "give a GeoJSON map, or fill a `location` column (`longitude,latitude` or WKT)",
            ),
            CliError::AmbiguousRule { rule, choices } => {
                let first = choices.first().map_or("", String::as_str);
                Draft::new(
                    ARGS,
                    format!("规则 `{rule}` 在多个规则包中：{}", choices.join("、")),
                    format!("rule `{rule}` is in several packs: {}", choices.join(", ")),
                )
                .help(
                    format!("写成 `规则包/规则`，如 `ylcheck explain {first}`"),
                    format!("name it as `pack/rule`, e.g. `ylcheck explain {first}`"),
                )
            }
            CliError::UnknownRule { rule, suggestion } => {
                let d = Draft::new(
                    ARGS,
                    format!("没有规则或标准 `{rule}`"),
                    format!("no rule or standard `{rule}`"),
                );
                match suggestion {
                    Some(s) => did_you_mean(d, s),
                    None => d.help(
                        "`ylcheck rules` 列出全部规则，`ylcheck rules --coverage` 列出全部标准",
                        "`ylcheck rules` lists the rules, `ylcheck rules --coverage` the standards",
                    ),
                }
            }
            CliError::UnknownCode { code, suggestion } => {
                let d = Draft::new(
                    ARGS,
                    format!("没有诊断代码 `{code}`"),
                    format!("no diagnostic code `{code}`"),
                );
                match suggestion {
                    Some(s) => did_you_mean(d, s),
                    None => d.help(
                        "docs/errors.md 列出全部诊断代码",
                        "docs/errors.md lists every diagnostic code",
                    ),
                }
            }
            CliError::UnknownEntity {
                name,
                guess_zh,
                guess_en,
                entities,
            } => {
                // Guessed in each language apart (a guess in one may be none in
                // the other), and quoted in Chinese as a form's word.
                let listed = |sep: &str, pick: fn(&(String, String)) -> &str| {
                    let all: Vec<&str> = entities.iter().map(pick).collect();
                    (!all.is_empty()).then(|| all.join(sep))
                };
                let zh = match guess_zh {
                    Some(s) => Some(format!("是不是“{s}”？")),
                    None => listed("、", |e| &e.0).map(|l| format!("可用实体：{l}")),
                };
                let en = match guess_en {
                    Some(s) => Some(format!("did you mean `{s}`?")),
                    None => listed(", ", |e| &e.1).map(|l| format!("the entities are: {l}")),
                };
                let d = Draft::new(
                    ARGS,
                    format!("未知实体 `{name}`"),
                    format!("unknown entity `{name}`"),
                );
                match (zh, en) {
                    (None, None) => d,
                    (zh, en) => d.help(zh.unwrap_or_default(), en.unwrap_or_default()),
                }
            }
        }
    }
}

/// One error that stops a command.
#[derive(Debug)]
pub enum Stop {
    /// The command line's own.
    Cli(CliError),
    /// The data stage's, as the readers found it (an input copied for `--annotate`).
    Data(DataError),
    /// A stage's diagnostic, already in the run's language: the rule packs', the
    /// settings', the waivers', a run's.
    Said(Diag),
}

/// What stops a command: every error found, in the order found, rendered
/// together where the command line reports them ([`Errors::render`]).
#[derive(Debug, Default)]
pub struct Errors(Vec<Stop>);

impl Errors {
    pub fn push(&mut self, e: impl Into<Errors>) {
        self.0.extend(e.into().0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The diagnostics, in `lang`: the run's language, the one the stages' own
    /// diagnostics were said in.
    pub fn render(self, lang: Lang) -> Vec<Diag> {
        self.0
            .into_iter()
            .map(|s| match s {
                Stop::Cli(e) => e.render(lang),
                Stop::Data(e) => e.render(lang),
                Stop::Said(d) => d,
            })
            .collect()
    }
}

impl From<CliError> for Errors {
    fn from(e: CliError) -> Errors {
        Errors(vec![Stop::Cli(e)])
    }
}

impl From<DataError> for Errors {
    fn from(e: DataError) -> Errors {
        Errors(vec![Stop::Data(e)])
    }
}

impl From<Diag> for Errors {
    fn from(d: Diag) -> Errors {
        Errors(vec![Stop::Said(d)])
    }
}

impl From<Vec<Diag>> for Errors {
    fn from(ds: Vec<Diag>) -> Errors {
        Errors(ds.into_iter().map(Stop::Said).collect())
    }
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
