//! Each error of the data stage as a diagnostic in both languages: its code,
//! labels, help, and its Chinese and English text side by side.

use super::{DataError, Excerpt, Named, Tally};
use crate::diag::{Both, Draft, did_you_mean};

pub(super) const TOO_LARGE: &str = "ylcheck::data::too_large";
pub(super) const ENCODING: &str = "ylcheck::data::encoding";
pub(super) const ENTITY: &str = "ylcheck::data::entity";
const PLAN_SHAPE: &str = "ylcheck::data::plan_shape";
const VALUE_SHAPE: &str = "ylcheck::data::value_shape";
const CELL_TOO_LARGE: &str = "ylcheck::data::cell_too_large";
const UNCLOSED_QUOTE: (&str, &str) = ("检查是否有未闭合的引号", "check for an unclosed quote");
pub(super) const THIS_FEATURE: (&str, &str) = ("此要素", "this feature");
pub(super) const HEADER: (&str, &str) = ("表头", "header");

/// `d` pointing at `at`, labelled.
pub(super) fn at(d: Draft, at: &Excerpt, (zh, en): (&str, &str)) -> Draft {
    d.source_at(&at.path, at.text.clone(), at.first_line)
        .label(at.span, zh, en)
}

/// Entities as a list names them: in Chinese by label, in English by name.
pub(super) fn shown(entities: &[Named]) -> Both {
    Both::new(
        entities
            .iter()
            .map(Named::zh)
            .collect::<Vec<_>>()
            .join("、"),
        entities
            .iter()
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// `use --entity`, listing the entities.
pub(super) fn entity_help(entities: &[Named]) -> Both {
    let en = entities
        .iter()
        .map(|e| match &e.label {
            Some(l) => format!("`{}` ({l})", e.name),
            None => format!("`{}`", e.name),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let zh = shown(entities).zh;
    Both::new(
        format!("用 --entity 指定，可选：{zh}"),
        format!("give it with --entity, one of: {en}"),
    )
}

impl DataError {
    /// The diagnostic code.
    pub fn code(&self) -> &'static str {
        self.draft().code
    }

    /// The error with its code, labels, help and both texts.
    pub(crate) fn draft(&self) -> Draft {
        use DataError as E;
        match self {
            E::TooLarge { path, bytes } => Draft::new(
                TOO_LARGE,
                format!("{path}：文件大小 {bytes} 字节，超过 1 GiB 的上限"),
                format!("{path}: {bytes} bytes, more than the 1 GiB limit"),
            )
            .help(
                "请按地区拆分成多个文件",
                "split it into several files, e.g. by region",
            ),
            E::TreeTooLarge { path, bytes } => Draft::new(
                TOO_LARGE,
                format!("{path}：文件大小 {bytes} 字节，超过规划文件和地图 256 MiB 的上限"),
                format!("{path}: {bytes} bytes, more than the 256 MiB limit of a plan or a map"),
            )
            .help(
                "规划文件和地图整体读入内存；请按地区拆分，或把记录改为 CSV（逐块读取）",
                "a plan or a map is read whole: split it by region, or give the records as CSV, which is read in chunks",
            ),
            E::Empty { path } => Draft::new(
                "ylcheck::data::empty",
                format!("{path}: 文件是空的"),
                format!("{path}: the file is empty"),
            )
            .help(
                "请提供带表头的数据文件",
                "give a data file with a header row",
            ),
            E::NotText {
                path,
                line,
                offset,
                excerpt,
            } => {
                let d = Draft::new(
                    ENCODING,
                    format!(
                        "{path}: 不是 UTF-8 或 GBK 编码的文本（第 {line} 行，第 {offset} 字节起无法解码）"
                    ),
                    format!(
                        "{path}: not UTF-8 or GBK text (cannot decode line {line}, from byte {offset})"
                    ),
                )
                .help(
                    "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或确认这是文本数据文件而不是 .xlsx/.docx",
                    "save it from Excel as \"CSV UTF-8 (comma delimited)\", or check it is a text data file, not .xlsx/.docx",
                );
                match excerpt {
                    Some(e) => at(d, e, ("无法解码的字节", "undecodable byte")),
                    None => d,
                }
            }
            E::Nul { at: e } => at(
                Draft::new(
                    ENCODING,
                    format!("{}: 文件含有 NUL 字符，像是二进制文件", e.path),
                    format!(
                        "{}: the file contains a NUL character: it looks binary",
                        e.path
                    ),
                )
                .help(
                    "请提供 CSV 或 TOML 文本文件（.xlsx 请先另存为 CSV）",
                    "give a CSV or TOML text file (save .xlsx as CSV first)",
                ),
                e,
                ("NUL 字符", "NUL character"),
            ),
            E::Unreadable { path, reason } => Draft::new(
                "ylcheck::io",
                format!("`{path}`：读取失败"),
                format!("`{path}`: cannot be read"),
            )
            .with_help(Both::same(reason.clone())),
            E::StreamTooLarge { path } => Draft::new(
                TOO_LARGE,
                format!("{path}：超过 1 GiB 的上限"),
                format!("{path}: more than the 1 GiB limit"),
            )
            .help(
                "请按地区拆分成多个文件",
                "split it into several files, e.g. by region",
            ),
            E::RecordTooLarge { path, line } => Draft::new(
                CELL_TOO_LARGE,
                format!("{path}：第 {line} 行起的一条记录超过 64 MiB"),
                format!("{path}: a record from line {line} is longer than 64 MiB"),
            )
            .help(UNCLOSED_QUOTE.0, UNCLOSED_QUOTE.1),
            E::ChunkNotText { line, at: e } => at(
                Draft::new(
                    ENCODING,
                    format!("{}：不是 UTF-8 或 GBK 编码的文本（第 {line} 行无法解码）", e.path),
                    format!("{}: not UTF-8 or GBK text (cannot decode line {line})", e.path),
                )
                .help(
                    "整个文件须为同一种编码；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或确认这是文本数据文件而不是 .xlsx/.docx",
                    "the whole file must be in one encoding; save it from Excel as \"CSV UTF-8 (comma delimited)\", or check it is a text data file, not .xlsx/.docx",
                ),
                e,
                ("无法解码的字节", "undecodable byte"),
            ),
            E::ChunkNul { path, line } => Draft::new(
                ENCODING,
                format!("{path}：第 {line} 行含有 NUL 字符，这不是文本文件"),
                format!("{path}: line {line} contains a NUL character; this is not a text file"),
            )
            .help(
                "请导出为 CSV 文本文件",
                "export the table as a CSV text file",
            ),
            E::NoHeader { at: e } => at(
                Draft::new(
                    "ylcheck::data::empty",
                    "文件没有表头",
                    "the file has no header row",
                ),
                e,
                ("", ""),
            ),
            E::TooManyColumns { at: e, max } => at(
                Draft::new(
                    "ylcheck::data::too_many_columns",
                    format!("表头超过 {max} 列"),
                    format!("the header has more than {max} columns"),
                )
                .help("检查分隔符是否正确", "check the delimiter"),
                e,
                HEADER,
            ),
            E::NoEntityNumber { number } => Draft::new(
                ENTITY,
                format!("没有编号为 {number} 的数据类别"),
                format!("no entity number {number}"),
            ),
            E::NoColumns { at: e, entity } => at(
                Draft::new(
                    "ylcheck::data::no_columns",
                    format!("表头中没有“{}”的任何一栏", entity.zh()),
                    format!("no column of the header is a field of `{}`", entity.name),
                )
                .help(
                    format!("运行 `ylcheck template {}` 查看应有的表头", entity.zh()),
                    format!(
                        "run `ylcheck template {}` to see the expected header",
                        entity.name
                    ),
                ),
                e,
                HEADER,
            ),
            E::Ragged {
                at: e,
                cells,
                width,
            } => at(
                Draft::new(
                    "ylcheck::data::ragged",
                    format!("这一行有 {cells} 个单元格，表头有 {width} 列"),
                    format!("this row has {cells} cells but the header has {width} columns"),
                )
                .help(
                    "检查是否漏了分隔符，或单元格中的逗号未加引号",
                    "check for a missing delimiter, or a comma inside an unquoted cell",
                ),
                e,
                ("列数不符", "wrong number of cells"),
            ),
            E::CellTooLarge { at: e } => at(
                Draft::new(CELL_TOO_LARGE, "单元格超过 1 MiB", "a cell is larger than 1 MiB")
                    .help(UNCLOSED_QUOTE.0, UNCLOSED_QUOTE.1),
                e,
                ("过大的单元格", "oversized cell"),
            ),
            E::Quote { at: e } => at(
                Draft::new("ylcheck::data::quote", "引号不配对", "unbalanced quote").help(
                    "单元格内的引号要写成两个（\"\"），并以引号结束整个单元格",
                    "write a quote inside a quoted cell as \"\", and end the cell with a quote",
                ),
                e,
                (
                    "引号从这里起没有正确结束",
                    "the quoted cell is not closed properly here",
                ),
            ),
            E::Unrecognised { at: e, entities } => at(
                Draft::new(
                    ENTITY,
                    "无法从表头判断这是哪类数据",
                    "cannot tell from the header which entity this file holds",
                )
                .with_help(entity_help(entities)),
                e,
                HEADER,
            ),
            E::DuplicateColumn {
                at: e,
                first,
                second,
                field,
            } => at(
                Draft::new(
                    "ylcheck::data::duplicate_column",
                    format!("“{first}”和“{second}”都是“{}”一栏", field.zh()),
                    format!(
                        "\"{first}\" and \"{second}\" are both field `{}`",
                        field.name
                    ),
                )
                .help("请删除其中一列", "remove one of the columns"),
                e,
                ("重复的列", "duplicate column"),
            ),
            E::UnknownField {
                at: e,
                key,
                name,
                entity,
                guess_zh,
                guess_en,
            } => {
                let (code, zh, en) = if *key {
                    ("ylcheck::data::unknown_key", "键", "key")
                } else {
                    ("ylcheck::data::unknown_column", "列", "column")
                };
                let (ez, ee) = (entity.zh(), &entity.name);
                let help_zh = match guess_zh {
                    Some(n) => format!("是不是“{n}”？"),
                    None => format!("运行 `ylcheck template {ez}` 查看可用的字段"),
                };
                let help_en = match guess_en {
                    Some(n) => format!("did you mean \"{n}\"?"),
                    None => format!("run `ylcheck template {ee}` to see the known fields"),
                };
                let label = (format!("未知的{zh}"), format!("unknown {en}"));
                at(
                    Draft::new(
                        code,
                        format!("未知的{zh}“{name}”：{ez}没有这一项，已忽略"),
                        format!("unknown {en} \"{name}\": `{ee}` has no such field; ignored"),
                    )
                    .help(help_zh, help_en)
                    .warning(),
                    e,
                    (&label.0, &label.1),
                )
            }
            E::HeaderUnit { at: e, header, unit } => at(
                Draft::new(
                    "ylcheck::data::header_unit",
                    format!("列“{header}”的单位“{unit}”不适用于该字段，只读取自带单位的数值"),
                    format!("the unit \"{unit}\" of column \"{header}\" does not fit the field; only values with their own unit are read"),
                )
                .warning(),
                e,
                ("单位", "unit"),
            ),
            _ => self.draft_more(),
        }
    }

    /// [`DataError::draft`] of plans, maps and records.
    fn draft_more(&self) -> Draft {
        use DataError as E;
        match self {
            E::Nesting { at: e, max } => at(
                Draft::new(
                    "ylcheck::data::nesting",
                    format!("括号嵌套超过 {max} 层"),
                    format!("brackets are nested more than {max} deep"),
                )
                .help(
                    "规划文件只需要 [plan] 和 [[\"养老服务设施\"]] 这样的表",
                    "a plan only needs tables like [plan] and [[facility]]",
                ),
                e,
                ("嵌套过深", "nested too deep"),
            ),
            E::UnknownTable {
                at: e,
                name,
                guess_zh,
                guess_en,
            } => {
                let d = Draft::new(
                    "ylcheck::data::unknown_table",
                    format!("未知的表“{name}”，已忽略"),
                    format!("unknown table \"{name}\"; ignored"),
                )
                .warning();
                let d = match (guess_zh, guess_en) {
                    (Some(z), Some(n)) => d.help(format!("是不是“{z}”？"), format!("did you mean `{n}`?")),
                    _ => d,
                };
                at(d, e, ("未知的表", "unknown table"))
            }
            E::ItemNotTable { at: e, name } => at(
                Draft::new(
                    PLAN_SHAPE,
                    format!("“{name}”的每一项都应是表（写作 [[{name}]]）"),
                    format!("each item of \"{name}\" must be a table (written [[{name}]])"),
                )
                .help(
                    format!("每条记录写作一个 [[{name}]] 表"),
                    format!("write each record as a [[{name}]] table"),
                ),
                e,
                ("不是表", "not a table"),
            ),
            E::NotTables { at: e, name } => at(
                Draft::new(
                    PLAN_SHAPE,
                    format!("“{name}”应写成 [[{name}]] 表"),
                    format!("\"{name}\" must be written as [[{name}]] tables"),
                )
                .help(
                    format!("每条记录写作一个 [[{name}]] 表"),
                    format!("write each record as a [[{name}]] table"),
                ),
                e,
                ("不是表", "not a table"),
            ),
            E::NoTables {
                at: e,
                entities,
                related,
            } => {
                let zh: Vec<&str> = entities.iter().map(Named::zh).collect();
                let en: Vec<&str> = entities.iter().map(|e| e.name.as_str()).collect();
                let mut d = at(
                    Draft::new(
                        "ylcheck::data::no_tables",
                        "规划中没有任何数据表",
                        "the plan has no data tables",
                    )
                    .help(
                        format!("可用的表：[[\"{}\"]]", zh.join("\"]]、[[\"")),
                        format!("known tables: [[{}]]", en.join("]], [[")),
                    ),
                    e,
                    ("没有数据表", "no data tables"),
                );
                d.related = related.iter().map(DataError::draft).collect();
                d
            }
            E::UnknownPlanKey {
                at: e,
                name,
                guess,
                known,
            } => {
                let list = known.join(", ");
                let d = Draft::new(
                    "ylcheck::data::unknown_key",
                    format!("未知的键“{name}”：[plan] 没有这一项，已忽略"),
                    format!("unknown key \"{name}\": [plan] has no such entry; ignored"),
                )
                .warning();
                let d = match guess {
                    Some(g) => d.with_help(did_you_mean(g)),
                    None => d.help(
                        format!("[plan] 可用的键：{list}"),
                        format!("[plan] takes: {list}"),
                    ),
                };
                at(d, e, ("未知的键", "unknown key"))
            }
            E::RegionNotName { at: e } => at(
                Draft::new(
                    VALUE_SHAPE,
                    "[plan] 的 region 应是地区名称，如 \"开封市祥符区\"",
                    "[plan] region must be a region's name, e.g. \"开封市祥符区\"",
                )
                .warning(),
                e,
                ("不是地区名称", "not a region name"),
            ),
            E::DuplicateKey {
                at: e,
                field,
                first_line,
            } => {
                let label = (
                    format!("第一次在第 {first_line} 行"),
                    format!("first given on line {first_line}"),
                );
                at(
                    Draft::new(
                        "ylcheck::data::duplicate_key",
                        format!("“{}”写了两次", field.zh()),
                        format!("field `{}` is given twice", field.name),
                    )
                    .help("删除其中一个", "remove one of them"),
                    e,
                    (&label.0, &label.1),
                )
            }
            E::ValueTooLarge { at: e } => at(
                Draft::new(CELL_TOO_LARGE, "值超过 1 MiB", "a value is larger than 1 MiB")
                    .help(UNCLOSED_QUOTE.0, UNCLOSED_QUOTE.1),
                e,
                ("过大的值", "oversized value"),
            ),
            E::ValueShape { at: e, field } => at(
                Draft::new(
                    VALUE_SHAPE,
                    format!("字段 {field} 应是单个值，这里的值无法读取"),
                    format!("field {field} takes a single value; this one cannot be read"),
                )
                .warning(),
                e,
                ("无法读取", "unreadable"),
            ),
            E::Toml {
                at: e,
                line,
                zh,
                en,
            } => at(
                Draft::new(
                    "ylcheck::data::toml",
                    format!("TOML 语法错误（第 {line} 行）：{zh}"),
                    format!("TOML syntax error on line {line}: {en}"),
                )
                .help(
                    "文字要用英文双引号括起来（\"名称\" = \"城东\"），每条记录写作 [[\"养老服务设施\"]] 这样的表",
                    "text needs ASCII double quotes (name = \"城东\"); each record is a table such as [[facility]]",
                ),
                e,
                ("此处", "here"),
            ),
            E::TomlFullWidth {
                at: e,
                line,
                zh,
                en,
                ch,
                ascii,
                fixed,
            } => {
                let label = (
                    format!("全角 {ch} 应为半角 {ascii}"),
                    format!("full-width `{ch}`; TOML needs `{ascii}`"),
                );
                at(
                    Draft::new(
                        "ylcheck::data::toml",
                        format!("TOML 语法错误（第 {line} 行）：{zh}"),
                        format!("TOML syntax error on line {line}: {en}"),
                    )
                    .help(
                        format!(
                            "这一行用了中文输入法的全角标点；TOML 的引号、等号、逗号和方括号须为半角（英文）标点。改为：{}",
                            fixed.trim()
                        ),
                        format!(
                            "this line has full-width punctuation from a Chinese input method; TOML's quotes, equals signs, commas and brackets must be ASCII. Write: {}",
                            fixed.trim()
                        ),
                    ),
                    e,
                    (&label.0, &label.1),
                )
            }
            _ => self.draft_records(),
        }
    }
}

impl Tally {
    /// The words a count of alike cells adds to a warning's message.
    pub(crate) fn words(self) -> Both {
        tally(self)
    }
}

fn tally(t: Tally) -> Both {
    match t {
        Tally::One => Both::same(""),
        Tally::More(n) => Both::new(
            format!("（另有 {n} 个单元格相同）"),
            format!(" (and {n} more cells alike)"),
        ),
        Tally::Overflow(n, max) => Both::new(
            format!("（该列共有 {n} 个单元格的取值不在可选值中，超过 {max} 种写法，只报告第一个）"),
            format!(
                " ({n} cells of this column hold values that are not allowed, in more than {max} spellings; only the first is reported)"
            ),
        ),
        Tally::Column(n) => Both::new(
            format!("（共 {n} 个单元格）"),
            if n == 1 {
                " (1 cell)".to_string()
            } else {
                format!(" ({n} cells)")
            },
        ),
        Tally::InAll(n) => Both::new(
            format!("（该字段共 {n} 处这样的值）"),
            format!(" ({n} such values in all)"),
        ),
    }
}
