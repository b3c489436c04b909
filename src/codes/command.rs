//! The codes of the command line and its settings file as such: arguments that
//! do not parse, a `ylcheck.toml` that cannot be read. Kept apart from the
//! other stages' so each table stays short enough to read whole.

use super::{Code, Level};

/// This stage's codes, in byte order.
pub(super) const CODES: &[Code] = &[
    Code {
        code: "ylcheck::args",
        level: Level::Fatal,
        zh: "命令行参数有误。可能是：--annotate 指向一个文件而不是目录；explain 给出的规则或标准不存在，或该规则在多个规则包中；未知实体（template、--entity）；工作簿（template --xlsx、--format xlsx）没有用 -o 指定文件；--junit-passes 没有配 --format junit；--summary 与 --format 同用；--as-of 不是有效日期。",
        en: "A command-line argument is wrong. It may be: --annotate naming a file, not a directory; `explain` naming no rule or standard, or a rule found in several packs; an unknown entity (template, --entity); a workbook (template --xlsx, --format xlsx) with no file named by -o; --junit-passes without --format junit; --summary with --format; an --as-of that is no real date.",
        fix_zh: "按消息和帮助行改正参数；`ylcheck --help` 和 `ylcheck 命令 --help` 列出全部参数。",
        fix_en: "Correct the argument as the message and its help line say; `ylcheck --help` and `ylcheck COMMAND --help` list them all.",
        example: "ylcheck check --as-of 2023-02-30 设施.csv",
    },
    Code {
        code: "ylcheck::args::deep-directory",
        level: Level::Fatal,
        zh: "作为输入给出的目录中，子目录嵌套超过 16 层，未读取。",
        en: "A directory given as input has folders nested more than 16 levels deep; it is not read.",
        fix_zh: "指定更下层的目录，或直接列出要检查的文件。",
        fix_en: "Name a directory further down, or the files to check.",
        example: "ylcheck check 数据/    # 数据/ 下的子目录超过 16 层 / folders nested 17 deep",
    },
    Code {
        code: "ylcheck::args::empty-directory",
        level: Level::Fatal,
        zh: "作为输入给出的目录（连同子目录）中没有 ylcheck 读取的文件（.csv、.tsv、.xlsx、.xlsm、.toml、.geojson）。",
        en: "A directory given as input (with its subdirectories) holds no file ylcheck reads (.csv, .tsv, .xlsx, .xlsm, .toml, .geojson).",
        fix_zh: "确认目录是否写对，或直接给出要检查的文件。",
        fix_en: "Check the directory is the right one, or name the files to check.",
        example: "ylcheck check 空目录/",
    },
    Code {
        code: "ylcheck::args::large-directory",
        level: Level::Fatal,
        zh: "作为输入给出的目录中可检查的文件超过 10000 个，一个也未读取。",
        en: "The directories given as input hold more than 10 000 files to read; none is read.",
        fix_zh: "指定更小的目录，或分几次检查。",
        fix_en: "Name a smaller directory, or check in several runs.",
        example: "ylcheck check 全省/    # 超过 10000 个 .csv / more than 10 000 .csv files",
    },
    Code {
        code: "ylcheck::args::output-is-input",
        level: Level::Fatal,
        zh: "-o 指定的输出文件正是本次检查的输入之一；ylcheck 不会覆盖它。",
        en: "The output named by -o is one of the run's inputs; ylcheck does not overwrite it.",
        fix_zh: "用 -o 指定另一个文件。",
        fix_en: "Name another file with -o.",
        example: "ylcheck check --format xlsx -o 设施.xlsx 设施.xlsx",
    },
    Code {
        code: "ylcheck::config",
        level: Level::Fatal,
        zh: "项目设置文件 ylcheck.toml 不是 UTF-8 文本。",
        en: "The settings file ylcheck.toml is not UTF-8 text.",
        fix_zh: "把 ylcheck.toml 另存为 UTF-8 编码；或用 --no-config 不读取它。",
        fix_en: "Save ylcheck.toml as UTF-8, or skip it with --no-config.",
        example: "ylcheck check 设施.csv    # ylcheck.toml 以 GBK 保存 / saved as GBK",
    },
];
