//! Every diagnostic code ylcheck reports (`ylcheck::stage::kind`), described once
//! in both languages: what went wrong, how it counts, what to do, and an input or
//! command line that brings it. `ylcheck explain CODE` prints one entry and
//! `docs/errors.md` is [`markdown`] of the whole table; a test keeps the table to
//! the codes the source builds, no more and no fewer.

use crate::i18n::Lang;

/// The prefix every diagnostic code starts with.
pub const PREFIX: &str = "ylcheck::";

/// How a diagnostic counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// An error that stops the command: exit code 2.
    Fatal,
    /// An error in the report: the run goes on, and fails (exit 1) under the
    /// default `--fail-on error`.
    Error,
    /// A warning in the report: it fails the run only under `--fail-on warning`.
    Warning,
    /// A note in the report: it never changes the exit code.
    Note,
    /// An error or a warning in the report, as severe as the most severe rule it
    /// concerns.
    ErrorOrWarning,
    /// An error with exit code 1 whatever `--fail-on` says; a note under
    /// `--allow-empty`.
    ErrorOrNote,
}

impl Level {
    /// The level in the reader's words.
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            Level::Fatal => lang.pick(
                "错误，命令停止（退出码 2）",
                "error, the command stops (exit code 2)",
            ),
            Level::Error => lang.pick(
                "错误，列入报告，运行继续（默认 --fail-on error 时退出码为 1）",
                "error in the report; the run goes on (exit code 1 under the default --fail-on error)",
            ),
            Level::Warning => lang.pick(
                "警告，列入报告（仅在 --fail-on warning 时使退出码为 1）",
                "warning in the report (exit code 1 only under --fail-on warning)",
            ),
            Level::Note => lang.pick(
                "提示，列入报告，不影响退出码",
                "note in the report; it never changes the exit code",
            ),
            Level::ErrorOrWarning => lang.pick(
                "错误或警告，列入报告，级别取受影响规则中最严重的一条",
                "error or warning in the report, at the level of the most severe rule it concerns",
            ),
            Level::ErrorOrNote => lang.pick(
                "错误，无论 --fail-on 如何退出码都为 1；用 --allow-empty 时为提示",
                "error, exit code 1 whatever --fail-on says; a note under --allow-empty",
            ),
        }
    }
}

/// One diagnostic code and what a user needs to know about it.
#[derive(Debug, Clone, Copy)]
pub struct Code {
    /// The code as reports print it.
    pub code: &'static str,
    pub level: Level,
    /// What went wrong, in Chinese.
    pub zh: &'static str,
    /// What went wrong, in English.
    pub en: &'static str,
    /// What to do, in Chinese.
    pub fix_zh: &'static str,
    /// What to do, in English.
    pub fix_en: &'static str,
    /// An input excerpt or a command line that brings it.
    pub example: &'static str,
}

impl Code {
    /// What went wrong, in `lang`.
    pub fn summary(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }

    /// What to do, in `lang`.
    pub fn fix(&self, lang: Lang) -> &'static str {
        lang.pick(self.fix_zh, self.fix_en)
    }
}

/// The entry for `code`, if there is one.
pub fn find(code: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code == code)
}

/// One entry as `ylcheck explain CODE` prints it, in `lang`.
pub fn render(c: &Code, lang: Lang) -> String {
    let mut s = format!("{}\n\n", c.code);
    let section = |s: &mut String, title: &str, body: &str| {
        s.push_str(title);
        s.push('\n');
        for line in body.lines() {
            s.push_str("  ");
            s.push_str(line);
            s.push('\n');
        }
    };
    section(
        &mut s,
        lang.pick("## 问题", "## What went wrong"),
        c.summary(lang),
    );
    s.push('\n');
    section(
        &mut s,
        lang.pick("## 级别", "## Level"),
        c.level.describe(lang),
    );
    s.push('\n');
    section(&mut s, lang.pick("## 怎么办", "## What to do"), c.fix(lang));
    s.push('\n');
    section(&mut s, lang.pick("## 示例", "## Example"), c.example);
    s
}

/// `docs/errors.md`: every code, Chinese then English, with its example.
pub fn markdown() -> String {
    let mut s = String::from(
        "# Diagnostic codes / 诊断代码\n\
         \n\
         <!-- Generated from src/codes.rs: edit the table there, then run\n\
         \x20    YLCHECK_BLESS=1 cargo test codes -->\n\
         \n\
         ylcheck 报告的每个输入问题和运行错误都带有一个代码（`ylcheck::…`）。本页逐一说明：\n\
         出了什么问题、它的级别（退出码 2 的错误会使命令停止；报告中的错误和警告按\n\
         `--fail-on` 计入退出码）、怎么办，以及一个会引起它的输入或命令。\n\
         `ylcheck explain 代码` 显示其中一条（`--lang en` 为英文）。\n\
         \n\
         Every input problem and run error ylcheck reports carries a code (`ylcheck::…`).\n\
         This page lists them all: what went wrong, its level (an error with exit code 2\n\
         stops the command; errors and warnings in the report count toward the exit code\n\
         by `--fail-on`), what to do, and an input or command that brings it.\n\
         `ylcheck explain CODE` prints one entry (in English with `--lang en`).\n",
    );
    for c in CODES {
        s.push_str(&format!("\n## `{}`\n\n", c.code));
        s.push_str(&format!(
            "{}\n\n级别：{}。\n\n怎么办：{}\n\n",
            c.zh,
            c.level.describe(Lang::Zh),
            c.fix_zh
        ));
        s.push_str(&format!(
            "{}\n\nLevel: {}.\n\nWhat to do: {}\n\n",
            c.en,
            c.level.describe(Lang::En),
            c.fix_en
        ));
        s.push_str(&format!("```text\n{}\n```\n", c.example));
    }
    s
}

/// Every code, in byte order.
pub const CODES: &[Code] = &[
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
    Code {
        code: "ylcheck::data::cell_too_large",
        level: Level::Fatal,
        zh: "CSV 的一个单元格或规划文件的一个值超过 1 MiB，或大文件中的一条记录超过 64 MiB；通常是引号没有闭合，把后面的内容都算进了一个单元格。",
        en: "A CSV cell or a plan's value is larger than 1 MiB, or one record of a large file is longer than 64 MiB; usually an unclosed quote that takes in everything after it.",
        fix_zh: "检查是否有未闭合的引号；单元格内的引号要写成两个（\"\"）。",
        fix_en: "Look for an unclosed quote; a quote inside a quoted cell is written \"\".",
        example: "名称,备注\n城东中心,\"引号从这里开始，一直没有闭合……",
    },
    Code {
        code: "ylcheck::data::duplicate",
        level: Level::Warning,
        zh: "一条记录的 key 字段（如设施的名称、县（区）、街道）与前面的一条记录全部相同：它是重复记录，只计一次，不计入任何合计。",
        en: "A record's key fields (a facility's name, county and street, say) all equal an earlier record's: it is a duplicate, counted once and left out of every aggregate.",
        fix_zh: "删除重复的记录；若是两条不同的记录，改正其名称或所在地。",
        fix_en: "Delete the repeated record; if the two are different things, correct the name or the place.",
        example: "名称,类型,县（区）,街道\n城东中心,街道综合养老服务中心,祥符区,城东街道\n城东中心,街道综合养老服务中心,祥符区,城东街道",
    },
    Code {
        code: "ylcheck::data::duplicate_column",
        level: Level::Fatal,
        zh: "表头中有两列指的是同一个字段（如“名称”和“中心（机构）名称”都是 name）。",
        en: "Two columns of the header are the same field (\"名称\" and \"中心（机构）名称\" are both `name`, say).",
        fix_zh: "删除其中一列。",
        fix_en: "Remove one of the columns.",
        example: "名称,中心（机构）名称,类型",
    },
    Code {
        code: "ylcheck::data::duplicate_file",
        level: Level::Warning,
        zh: "同一份数据给了两次（同一路径两次、`- -`，或通配符匹配到内容完全相同的副本），只读取一次，以免面积、床位等合计加倍。",
        en: "The same data was given twice (one path twice, `- -`, or a glob matching a byte-identical copy); it is read once, so no total is doubled.",
        fix_zh: "去掉重复给出的文件或副本。",
        fix_en: "Drop the file given twice, or the copy.",
        example: "ylcheck check 设施.csv 设施副本.csv    # 两个文件内容完全相同 / the same bytes",
    },
    Code {
        code: "ylcheck::data::duplicate_key",
        level: Level::Fatal,
        zh: "规划文件（TOML）的一条记录中，同一个字段写了两次（如 beds 和 床位数）。",
        en: "A record of a plan (TOML) gives one field twice (as `beds` and as `床位数`, say).",
        fix_zh: "删除其中一个。",
        fix_en: "Remove one of them.",
        example: "[[facility]]\nname = \"城东中心\"\nbeds = 120\n\"床位数\" = 120",
    },
    Code {
        code: "ylcheck::data::empty",
        level: Level::Fatal,
        zh: "数据文件是空的、只有空白、没有表头行，或工作簿里没有任何数据。",
        en: "A data file is empty or blank, has no header row, or a workbook holds no data.",
        fix_zh: "提供带表头的数据文件；`ylcheck template 实体` 打印应有的表头。",
        fix_en: "Give a data file with a header row; `ylcheck template ENTITY` prints the header.",
        example: "ylcheck check 空文件.csv    # 0 字节 / 0 bytes",
    },
    Code {
        code: "ylcheck::data::encoding",
        level: Level::Fatal,
        zh: "数据文件不是 UTF-8 或 GBK 编码的文本：有无法解码的字节、含有 NUL 字符（像是二进制文件），或同一文件中混有 UTF-8 和 GBK。",
        en: "A data file is not UTF-8 or GBK text: a byte cannot be decoded, it holds a NUL character (it looks binary), or it mixes UTF-8 and GBK.",
        fix_zh: "在 Excel 中另存为“CSV UTF-8（逗号分隔）”，整个文件用同一种编码；确认它是文本数据文件而不是改了扩展名的 .xlsx 或 .docx。",
        fix_en: "Save it from Excel as \"CSV UTF-8 (comma delimited)\", the whole file in one encoding; check it is a text data file, not an .xlsx or .docx renamed.",
        example: "ylcheck check 报表.csv    # 其实是改了扩展名的 Word 文档 / a Word file renamed",
    },
    Code {
        code: "ylcheck::data::entity",
        level: Level::Fatal,
        zh: "无法从表头判断文件（或工作簿的任何一个工作表）是哪类数据：表头中没有足够的列是某个实体的字段。",
        en: "The header does not tell which entity the file (or any sheet of the workbook) holds: too few of its columns are fields of one entity.",
        fix_zh: "按 `ylcheck template 实体` 的表头命名各列，或用 --entity 指定实体。",
        fix_en: "Name the columns as `ylcheck template ENTITY` does, or give the entity with --entity.",
        example: "甲,乙,丙\n1,2,3",
    },
    Code {
        code: "ylcheck::data::fraction_or_percent",
        level: Level::Warning,
        zh: "比例列中 0 到 1 之间的数无法判断是小数还是百分数（0.6 是 0.6% 还是 60%？）：表头没有写明单位，或写明了 %（在百分数表头下填小数很常见；同列中大于 1 的值也不能说明它们）。这些值按无法判断处理，用到它们的检查结果为无法判断。",
        en: "The numbers between 0 and 1 in a ratio column may be fractions or percent points (is 0.6 0.6 % or 60 %?): the header gives no unit, or gives % (a fraction typed under a percent heading is common; the column's values above 1 do not say). They are treated as unknown, and so are the checks that use them.",
        fix_zh: "在数值后加 %（写作“60%”，若确是 0.6% 则写作“0.6%”），或在表头写明单位，如“完工比例（%）”（其下仍须避免 0 到 1 之间的裸数）；若列中是小数，表头写作“完工比例（小数）”。",
        fix_en: "Write the value with its unit (\"60%\", or \"0.6%\" if that is what it is), or put the unit in the header, e.g. \"完工比例（%）\" (bare numbers between 0 and 1 under it stay undecided), or \"完工比例（小数）\" for a column of fractions.",
        example: "名称,完工比例\n城东小区,0.6",
    },
    Code {
        code: "ylcheck::data::header_unit",
        level: Level::Warning,
        zh: "列名中的单位不适用于该字段或无法识别（如面积列写了长度单位）；该列只读取自带单位的数值，不带单位的数值无法读取。",
        en: "The unit in a column's name does not fit its field or is not known (a length unit on an area column, say); only values that carry their own unit are read from it.",
        fix_zh: "改正表头中的单位，如“建筑面积（平方米）”，或在每个值后写明单位。",
        fix_en: "Correct the unit in the header, e.g. \"建筑面积（平方米）\", or write each value with its unit.",
        example: "名称,类型,建筑面积（米）\n城东中心,街道综合养老服务中心,2000",
    },
    Code {
        code: "ylcheck::data::hidden_sheet",
        level: Level::Note,
        zh: "工作簿中的一个工作表是隐藏的；它仍作为数据读取。",
        en: "A sheet of a workbook is hidden; it is read as data all the same.",
        fix_zh: "在 Excel 中取消隐藏核对；若其中不是要检查的数据，删除该工作表。",
        fix_en: "Unhide it in Excel to review it; if it holds no data to check, delete the sheet.",
        example: "设施.xlsx：工作表“旧表”已隐藏 / sheet \"旧表\" is hidden",
    },
    Code {
        code: "ylcheck::data::invariant",
        level: Level::Error,
        zh: "一条记录违反了实体自身的 check（如护理型床位数多于床位数）。这两个单元格按无法读取处理，用到它们的检查结果为无法判断；每个文件每条 check 报告一次，在第一条这样的记录处。",
        en: "A record contradicts its entity's own `check` (more nursing-type beds than beds, say). Both cells become unreadable, so checks that use them are unknown; reported once per file and check, at the first such record.",
        fix_zh: "核对该记录的数字，改正后重新检查。",
        fix_en: "Check the record's figures and correct them.",
        example: "名称,类型,县（区）,床位数,护理型床位数\n淮阳区第一养老院,养老机构,淮阳区,60,70",
    },
    Code {
        code: "ylcheck::data::missing_column",
        level: Level::ErrorOrWarning,
        zh: "一个表缺少某些规则需要的列；这些规则对该表未检查，消息中列出它们。",
        en: "A table lacks a column some rules need; those rules were not checked for the table, and the message names them.",
        fix_zh: "在表头中加上该列，列名用帮助行列出的任一名称。",
        fix_en: "Add the column to the header, under any of the names the help line gives.",
        example: "名称,类型\n城东中心,街道综合养老服务中心    # 没有“建筑面积”列 / no floor area column",
    },
    Code {
        code: "ylcheck::data::nesting",
        level: Level::Fatal,
        zh: "规划文件（TOML）中的括号嵌套超过 64 层。",
        en: "Brackets in a plan (TOML) are nested more than 64 deep.",
        fix_zh: "规划文件只需要 [plan] 和 [[facility]] 这样的表，去掉多余的嵌套。",
        fix_en: "A plan only needs tables like [plan] and [[facility]]: remove the nesting.",
        example: "x = [[[[[[ … 1 … ]]]]]]    # 括号嵌套 65 层 / brackets nested 65 deep",
    },
    Code {
        code: "ylcheck::data::no_columns",
        level: Level::Fatal,
        zh: "表头中没有一列是所指定实体的字段（如用 --entity 指定了实体，而表头不是该实体的）。",
        en: "No column of the header is a field of the entity named (by --entity, say).",
        fix_zh: "运行 `ylcheck template 实体` 查看应有的表头，或改正 --entity。",
        fix_en: "Run `ylcheck template ENTITY` for the header it needs, or correct --entity.",
        example: "ylcheck check --entity facility 表.csv    # 表头：甲,乙,丙 / header: 甲,乙,丙",
    },
    Code {
        code: "ylcheck::data::no_rows",
        level: Level::Warning,
        zh: "一个表只有表头，没有数据行；它不检查任何东西。",
        en: "A table has a header but no data rows; it checks nothing.",
        fix_zh: "确认给的是填好的文件，而不是空白模板。",
        fix_en: "Check the file given is the filled-in one, not the blank template.",
        example: "名称,类型,建筑面积（平方米）",
    },
    Code {
        code: "ylcheck::data::no_tables",
        level: Level::Fatal,
        zh: "规划文件（TOML）中没有任何数据表，例如表名拼错（[[facilty]]）；什么也不检查的规划不能算通过。",
        en: "A plan (TOML) has no data tables, e.g. because a table's name is misspelt ([[facilty]]); a plan with nothing to check cannot pass.",
        fix_zh: "用帮助行列出的表名写数据表，如 [[facility]]。",
        fix_en: "Write the data as the tables the help line lists, such as [[facility]].",
        example: "[plan]\nregion = \"开封市祥符区\"\n\n[[facilty]]\nname = \"城东中心\"",
    },
    Code {
        code: "ylcheck::data::overlap",
        level: Level::Warning,
        zh: "实体声明了 disjoint（如用地地块），而一条记录的范围与前面的记录重叠：完全落在其中的记录不计入合计，部分重叠的只计不重叠的部分。",
        en: "An entity declared `disjoint` (parcels, say) has a record whose area overlaps earlier ones: one lying wholly within them is left out of every aggregate, one overlapping in part counts only its part outside them.",
        fix_zh: "同一块地不应出现在两个地块中：核对地块边界，或删除重复给出的地块。",
        fix_en: "The same land should not be in two parcels: check the boundaries, or delete the parcel given twice.",
        example: "地块 XF-01 与 XF-02 的边界多边形部分重叠 / parcels XF-01 and XF-02 overlap",
    },
    Code {
        code: "ylcheck::data::plan_shape",
        level: Level::Fatal,
        zh: "规划文件（TOML）中以实体命名的项不是表，也不是表的数组：每条记录应写成一个 [[facility]] 这样的表。",
        en: "An entry of a plan (TOML) named for an entity is neither a table nor an array of tables: each record is written as a [[facility]] table.",
        fix_zh: "每条记录写作一个 [[实体]] 表。",
        fix_en: "Write each record as a [[ENTITY]] table.",
        example: "facility = \"城东中心\"",
    },
    Code {
        code: "ylcheck::data::quote",
        level: Level::Fatal,
        zh: "CSV 中的引号不配对：带引号的单元格没有以引号结束，或引号后面还有其他字符。",
        en: "A quote in a CSV is unbalanced: a quoted cell is not closed, or something follows its closing quote.",
        fix_zh: "单元格内的引号要写成两个（\"\"），并以引号结束整个单元格。",
        fix_en: "Write a quote inside a quoted cell as \"\", and end the cell with a quote.",
        example: "名称,备注\n城东中心,\"二楼\"北侧",
    },
    Code {
        code: "ylcheck::data::ragged",
        level: Level::Fatal,
        zh: "CSV 的一行单元格数与表头列数不符：少于表头，或多出的单元格不是空的。",
        en: "A CSV row has a different number of cells from the header: fewer, or more that are not blank.",
        fix_zh: "检查是否漏了分隔符，或单元格中的逗号没有加引号。",
        fix_en: "Look for a missing delimiter, or a comma inside an unquoted cell.",
        example: "名称,类型,床位数\n城东中心,养老院",
    },
    Code {
        code: "ylcheck::data::sheet_skipped",
        level: Level::Warning,
        zh: "工作簿中有一个工作表无法从表头判断是哪类数据，已跳过（其他工作表照常读取）。",
        en: "A sheet of a workbook does not tell from its header which entity it holds; it is skipped (the other sheets are read).",
        fix_zh: "若其中是要检查的数据，按 `ylcheck template 实体` 的表头命名各列；否则可以不管。",
        fix_en: "If it holds data to check, name its columns as `ylcheck template ENTITY` does; otherwise it may stay.",
        example: "设施.xlsx：工作表“填报说明”只有文字 / a sheet of instructions",
    },
    Code {
        code: "ylcheck::data::stale_formula",
        level: Level::Warning,
        zh: "工作簿要求打开时重新计算（fullCalcOnLoad），而工作表中有公式单元格：保存的值可能与 Excel 显示的不同，用到它们的检查结果为无法判断。",
        en: "The workbook asks to be recalculated on opening (fullCalcOnLoad) and a sheet has formula cells: their saved values may not be what Excel shows, so checks using them are unknown.",
        fix_zh: "在 Excel 或 WPS 中打开并保存一次，或把公式单元格复制后“粘贴为数值”。",
        fix_en: "Open and save it once in Excel or WPS, or copy the formula cells and paste them as values.",
        example: "合计.xlsx：B2 = SUM(B3:B9)，由程序生成、从未在 Excel 中保存 / written by a program, never saved in Excel",
    },
    Code {
        code: "ylcheck::data::toml",
        level: Level::Fatal,
        zh: "规划文件（TOML）有语法错误，常见的是中文输入法的全角标点（“ ” ＝ ，［ ］）或文字没有加引号。",
        en: "A plan (TOML) has a syntax error, often full-width punctuation from a Chinese input method (“ ” ＝ ， ［ ］) or text without quotes.",
        fix_zh: "文字用英文双引号括起来（name = \"城东\"），标点用半角；每条记录写作 [[facility]] 这样的表。",
        fix_en: "Put text in ASCII double quotes (name = \"城东\") with ASCII punctuation; each record is a table such as [[facility]].",
        example: "[[facility]]\nname = “城东中心”",
    },
    Code {
        code: "ylcheck::data::too_large",
        level: Level::Fatal,
        zh: "数据超过大小上限：规划文件和 GeoJSON 地图 256 MiB，其他数据 1 GiB（磁盘上超过 1 GiB 的文件在读取前即报告为 ylcheck::limit，此代码报告读取中才超出的数据）；或工作簿解压后的内容超过上限（可能已损坏）。",
        en: "Data over its size limit: 256 MiB for a plan or a GeoJSON map, 1 GiB for other data (a file on disk over 1 GiB is refused before reading, as ylcheck::limit; this code is for data found too large as it is read); or a workbook that inflates past its limits (it may be damaged).",
        fix_zh: "按地区拆分成多个文件；工作簿可在 Excel 或 WPS 中打开后另存为 .xlsx。",
        fix_en: "Split it into several files, e.g. by region; a workbook may be opened in Excel or WPS and saved again as .xlsx.",
        example: "ylcheck check 全省规划.toml    # 300 MiB",
    },
    Code {
        code: "ylcheck::data::too_many_columns",
        level: Level::Fatal,
        zh: "表头或某一行超过 10000 列，通常是分隔符不对。",
        en: "A header or a row has more than 10 000 columns, usually because of the wrong delimiter.",
        fix_zh: "检查分隔符是否正确；工作簿中删除右侧多余的内容。",
        fix_en: "Check the delimiter; in a workbook, delete what lies far to the right.",
        example: "名称,类型,,,,,,,,,,,, …    # 表头超过 10000 列 / a header of more than 10 000 columns",
    },
    Code {
        code: "ylcheck::data::too_many_rows",
        level: Level::Fatal,
        zh: "用 --annotate 生成标注副本时，CSV 的行数超过 Excel 工作表的最大行数（1048576），无法复制为工作簿。",
        en: "With --annotate, a CSV has lines past Excel's last row (1 048 576): it cannot be copied into a workbook.",
        fix_zh: "按地区拆分文件，或不用 --annotate。",
        fix_en: "Split the file, e.g. by region, or leave out --annotate.",
        example: "ylcheck check --annotate 标注 全省设施.csv    # 超过 1048576 行 / more rows than Excel holds",
    },
    Code {
        code: "ylcheck::data::total_row",
        level: Level::Note,
        zh: "设施表中名称或序号为合计、总计、小计的一行是合计行，不是一条记录：不作检查，也不计入统计。每个文件提示一次。",
        en: "A row of the facility table whose name or sequence number is 合计, 总计 or 小计 is a total, not a record: it is neither checked nor counted. Noted once per file.",
        fix_zh: "无需处理；若这一行确是一条记录，改正其名称。",
        fix_en: "Nothing to do; if the row is a record, correct its name.",
        example: "序号,名称,类型,床位数\n1,城东中心,街道综合养老服务中心,120\n合计,,,120",
    },
    Code {
        code: "ylcheck::data::unknown_column",
        level: Level::Warning,
        zh: "表头中有一列不是该实体的任何字段，已忽略。",
        en: "A column of the header is no field of the table's entity; it is ignored.",
        fix_zh: "若该列应被检查，按帮助行的建议或 `ylcheck template 实体` 改正列名；否则可以不管。",
        fix_en: "If the column should be checked, rename it as the help line or `ylcheck template ENTITY` says; otherwise it may stay.",
        example: "名称,类型,床位数,填表人\n城东中心,街道综合养老服务中心,120,张三",
    },
    Code {
        code: "ylcheck::data::unknown_key",
        level: Level::Warning,
        zh: "规划文件（TOML）或 GeoJSON 属性中的一个键不是该实体的字段，或不是 [plan] 的一项，已忽略。",
        en: "A key of a plan (TOML) or of a GeoJSON feature's properties is no field of its entity, or no entry of [plan]; it is ignored.",
        fix_zh: "按帮助行的建议改正键名；`ylcheck template 实体` 列出可用的字段。",
        fix_en: "Correct the key as the help line suggests; `ylcheck template ENTITY` lists the fields.",
        example: "[plan]\nregoin = \"开封市祥符区\"",
    },
    Code {
        code: "ylcheck::data::unknown_table",
        level: Level::Warning,
        zh: "规划文件（TOML）中有一个表不是任何实体，已忽略。",
        en: "A table of a plan (TOML) is no entity; it is ignored.",
        fix_zh: "按帮助行的建议改正表名。",
        fix_en: "Correct the table's name as the help line suggests.",
        example: "[[facilty]]\nname = \"城东中心\"",
    },
    Code {
        code: "ylcheck::data::unknown_value",
        level: Level::Warning,
        zh: "可选值字段（如设施类型）中的值不是可识别的取值；用到它的检查结果为无法判断。",
        en: "A value of an enum field (a facility's type, say) is not one of its values; checks that use it are unknown.",
        fix_zh: "改为帮助行列出的取值之一。",
        fix_en: "Write one of the values the help line lists.",
        example: "名称,类型\n城东中心,养老中心",
    },
    Code {
        code: "ylcheck::data::value_shape",
        level: Level::Warning,
        zh: "规划文件（TOML）中一个值的形式不对：[plan] 的 region 不是地区名称，或字段应是单个值却写成了数组或表；该值被忽略。",
        en: "A value of a plan (TOML) has the wrong shape: [plan] region is not a region's name, or a field takes a single value and was given an array or a table; the value is not read.",
        fix_zh: "region 写作地区名称（region = \"开封市祥符区\"），字段写作单个值。",
        fix_en: "Write region as a name (region = \"开封市祥符区\") and each field as a single value.",
        example: "[plan]\nregion = 410212",
    },
    Code {
        code: "ylcheck::data::very_hidden_sheet",
        level: Level::Warning,
        zh: "工作簿中的一个工作表被设为深度隐藏（veryHidden），在 Excel 中看不到，未作为数据读取。",
        en: "A sheet of a workbook is very hidden (veryHidden), out of sight in Excel; it is not read as data.",
        fix_zh: "若其中是要检查的数据，在 VBA 编辑器中把该表的 Visible 设为 xlSheetVisible 后另存。",
        fix_en: "If it holds data to check, set the sheet's Visible to xlSheetVisible in the VBA editor and save again.",
        example: "设施.xlsx：工作表“底稿”为 veryHidden / sheet \"底稿\" is veryHidden",
    },
    Code {
        code: "ylcheck::data::xlsx",
        level: Level::Fatal,
        zh: "无法读取 Excel 工作簿：文件已损坏，或不是工作簿（如改了扩展名的 CSV），或单元格超出 Excel 的范围，或共享字符串数超过上限。",
        en: "An Excel workbook cannot be read: it is damaged or no workbook at all (a CSV renamed .xlsx, say), a cell lies beyond Excel's range, or it declares more shared strings than the limit.",
        fix_zh: "在 Excel 或 WPS 中打开后另存为 .xlsx 再试；CSV 文件请用 .csv 扩展名。",
        fix_en: "Open it in Excel or WPS and save it again as .xlsx; give a CSV its .csv extension.",
        example: "ylcheck check 设施.xlsx    # 其实是 CSV 文本 / a CSV renamed",
    },
    Code {
        code: "ylcheck::geojson::crs",
        level: Level::Fatal,
        zh: "GeoJSON 声明的坐标系不是经纬度（如投影坐标系）。",
        en: "A GeoJSON declares a coordinate system that is not longitude–latitude (a projected one, say).",
        fix_zh: "导出为 WGS84 或 CGCS2000 经纬度坐标。",
        fix_en: "Export it in WGS84 or CGCS2000 longitude–latitude.",
        example: "\"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::4547\"}}",
    },
    Code {
        code: "ylcheck::geojson::feature",
        level: Level::Fatal,
        zh: "GeoJSON 中的一个要素不是有效的 Feature 对象（应有 \"type\": \"Feature\"、properties 和 geometry）。",
        en: "A feature of a GeoJSON is not a valid Feature object (with \"type\": \"Feature\", properties and geometry).",
        fix_zh: "从 GIS 软件重新导出为 GeoJSON FeatureCollection。",
        fix_en: "Export it again from the GIS as a GeoJSON FeatureCollection.",
        example: "{\"type\": \"FeatureCollection\", \"features\": [[114.3, 34.8]]}",
    },
    Code {
        code: "ylcheck::geojson::geometry_type",
        level: Level::Fatal,
        zh: "GeoJSON 要素的几何类型不受支持：只接受 Point、Polygon 和 MultiPolygon。",
        en: "A GeoJSON feature's geometry is of a kind not accepted: only Point, Polygon and MultiPolygon are.",
        fix_zh: "把线等其他图形转为点或面后再导出。",
        fix_en: "Turn lines and other shapes into points or polygons before exporting.",
        example: "\"geometry\": {\"type\": \"LineString\", \"coordinates\": [[114.3, 34.8], [114.4, 34.8]]}",
    },
    Code {
        code: "ylcheck::geojson::invalid",
        level: Level::Fatal,
        zh: "GeoJSON 要素的多边形无效：边界自相交、边界环少于 3 个不同的顶点、各环相交，或内环不在外环之内。",
        en: "A GeoJSON feature's polygon is invalid: its boundary crosses itself, a ring has fewer than 3 distinct vertices, rings cross, or a hole lies outside its shell.",
        fix_zh: "在 GIS 软件中修复几何（如“修复几何图形”）后重新导出。",
        fix_en: "Repair the geometry in the GIS (\"fix geometries\") and export again.",
        example: "\"coordinates\": [[[114.30, 34.80], [114.31, 34.81], [114.31, 34.80], [114.30, 34.81], [114.30, 34.80]]]",
    },
    Code {
        code: "ylcheck::geojson::no_entity",
        level: Level::Fatal,
        zh: "GeoJSON 要素没有说明它是哪类数据：没有表示数据类别的属性，也没有用 --entity 指定。",
        en: "A GeoJSON feature does not say which entity it is: it has no `entity` property and no --entity was given.",
        fix_zh: "给要素加上 \"entity\" 属性（如 \"entity\": \"parcel\"），或用 --entity 指定。",
        fix_en: "Add an \"entity\" property to the feature (\"entity\": \"parcel\", say), or pass --entity.",
        example: "\"properties\": {\"name\": \"XF-01\"}",
    },
    Code {
        code: "ylcheck::geojson::no_geometry_field",
        level: Level::Fatal,
        zh: "GeoJSON 要素所属的实体没有几何字段，无法存放要素的图形。",
        en: "The entity of a GeoJSON feature has no geometry field to hold its shape.",
        fix_zh: "把该实体的数据写成 CSV 或工作簿；地图只用于有位置或边界字段的实体。",
        fix_en: "Give that entity's data as a CSV or a workbook; a map is for entities with a location or boundary field.",
        example: "\"properties\": {\"entity\": \"visit\"}",
    },
    Code {
        code: "ylcheck::geojson::position",
        level: Level::Fatal,
        zh: "GeoJSON 要素的坐标不是两个有限数。",
        en: "A GeoJSON feature has a position that is not two finite numbers.",
        fix_zh: "每个坐标写作 [经度, 纬度]。",
        fix_en: "Write each position as [longitude, latitude].",
        example: "\"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[114.3], [114.4, 34.8], [114.4, 34.9], [114.3]]]}",
    },
    Code {
        code: "ylcheck::geojson::range",
        level: Level::Fatal,
        zh: "GeoJSON 要素的坐标超出经纬度范围，可能是投影坐标。",
        en: "A GeoJSON feature has coordinates outside the longitude–latitude range: projected coordinates, perhaps.",
        fix_zh: "导出为经纬度坐标（WGS84 或 CGCS2000）。",
        fix_en: "Export it in longitude–latitude (WGS84 or CGCS2000).",
        example: "\"coordinates\": [38523456.2, 3853210.7]",
    },
    Code {
        code: "ylcheck::geojson::shape",
        level: Level::Fatal,
        zh: "GeoJSON 的顶层不是 FeatureCollection（如单个 Feature 或 Geometry）。",
        en: "The top level of a GeoJSON is not a FeatureCollection (a single Feature or Geometry, say).",
        fix_zh: "导出为 FeatureCollection。",
        fix_en: "Export it as a FeatureCollection.",
        example: "{\"type\": \"Feature\", \"properties\": {}, \"geometry\": null}",
    },
    Code {
        code: "ylcheck::geojson::swapped",
        level: Level::Fatal,
        zh: "GeoJSON 要素的坐标像是把纬度写在了经度前面；GeoJSON 应先写经度。",
        en: "A GeoJSON feature's coordinates look like latitude before longitude; GeoJSON puts longitude first.",
        fix_zh: "交换坐标顺序为 [经度, 纬度] 后重新导出。",
        fix_en: "Swap them to [longitude, latitude] and export again.",
        example: "\"geometry\": {\"type\": \"Point\", \"coordinates\": [34.8, 114.3]}",
    },
    Code {
        code: "ylcheck::geojson::syntax",
        level: Level::Fatal,
        zh: "文件不是有效的 GeoJSON（JSON 语法错误）。",
        en: "The file is not valid GeoJSON (a JSON syntax error).",
        fix_zh: "从 GIS 软件重新导出，或按消息所指位置改正。",
        fix_en: "Export it again from the GIS, or correct it where the message points.",
        example: "{\"type\": \"FeatureCollection\", \"features\": [",
    },
    Code {
        code: "ylcheck::geojson::unclosed",
        level: Level::Fatal,
        zh: "GeoJSON 要素的边界环没有闭合：首尾两点应相同。",
        en: "A ring of a GeoJSON feature is not closed: its first and last positions must be equal.",
        fix_zh: "在环的末尾重复第一个点，或在 GIS 软件中修复后重新导出。",
        fix_en: "Repeat the first position at the end of the ring, or repair it in the GIS and export again.",
        example: "\"coordinates\": [[[114.30, 34.80], [114.31, 34.80], [114.31, 34.81]]]",
    },
    Code {
        code: "ylcheck::geojson::unknown_entity",
        level: Level::Fatal,
        zh: "GeoJSON 要素表示数据类别的属性不是已知的数据类别。",
        en: "A GeoJSON feature's `entity` property names no known entity.",
        fix_zh: "改为帮助行列出的实体之一，如 parcel、district、facility。",
        fix_en: "Name one of the entities the help line lists, such as parcel, district or facility.",
        example: "\"properties\": {\"entity\": \"parcels\", \"name\": \"XF-01\"}",
    },
    Code {
        code: "ylcheck::init",
        level: Level::Fatal,
        zh: "ylcheck init：当前目录已有 ylcheck.toml，未覆盖。",
        en: "ylcheck init: ylcheck.toml already exists in the current directory; it is not overwritten.",
        fix_zh: "用 ylcheck init --force 覆盖它。",
        fix_en: "Overwrite it with ylcheck init --force.",
        example: "ylcheck init    # ylcheck.toml 已存在 / ylcheck.toml exists",
    },
    Code {
        code: "ylcheck::input",
        level: Level::Fatal,
        zh: "无法从扩展名和内容识别输入文件的类型。",
        en: "Neither its extension nor its content tells what kind of file an input is.",
        fix_zh: "ylcheck 读取 .csv（UTF-8 或 GBK）、.xlsx、.toml 规划文件和 .geojson 地图；请转换为其中一种。",
        fix_en: "ylcheck reads .csv (UTF-8 or GBK), .xlsx, .toml plans and .geojson maps: convert the file to one of them.",
        example: "ylcheck check 设施.docx",
    },
    Code {
        code: "ylcheck::io",
        level: Level::Fatal,
        zh: "无法读取输入文件：文件不存在、没有读取权限、是目录而不是文件，或读取时出错。",
        en: "An input cannot be read: no such file, permission denied, a directory rather than a file, or a read failed.",
        fix_zh: "检查路径和权限；帮助行给出系统报告的原因。",
        fix_en: "Check the path and the permissions; the help line gives the system's reason.",
        example: "ylcheck check 不存在.csv",
    },
    Code {
        code: "ylcheck::io::write",
        level: Level::Fatal,
        zh: "无法写出输出：没有写入权限、磁盘已满、路径是目录，或无法生成 Excel 工作簿；未写入任何内容，原有文件保持不变。",
        en: "An output cannot be written: permission denied, the disk is full, the path is a directory, or the Excel workbook could not be made; nothing is written and any file there is left as it was.",
        fix_zh: "检查输出路径、权限和磁盘空间；帮助行给出系统报告的原因。",
        fix_en: "Check the output path, the permissions and the free space; the help line gives the system's reason.",
        example: "ylcheck check -o /只读目录/报告.txt 设施.csv",
    },
    Code {
        code: "ylcheck::limit",
        level: Level::Fatal,
        zh: "要读取的文件（数据、规则、设置或豁免文件）或标准输入超过 1 GiB 的上限，被拒绝。",
        en: "A file to read (data, rules, settings or waivers) or standard input is larger than the 1 GiB limit; it is refused.",
        fix_zh: "按地区拆分文件后分别检查。",
        fix_en: "Split the file by region and check the parts.",
        example: "ylcheck check 全省设施.csv    # 1.2 GiB",
    },
    Code {
        code: "ylcheck::map::no-geometry",
        level: Level::Fatal,
        zh: "ylcheck map：输入中没有任何几何图形（位置、边界或经纬度），无法绘图。",
        en: "ylcheck map: no input has any geometry (a location, a boundary, longitude and latitude) to draw.",
        fix_zh: "给出带位置或边界的输入，如 GeoJSON 地图，或带“经度”“纬度”列的表。",
        fix_en: "Give inputs with locations or boundaries, such as a GeoJSON map or a table with 经度 and 纬度 columns.",
        example: "ylcheck map -o 覆盖图.svg 县区.csv    # 没有边界列 / no boundary column",
    },
    Code {
        code: "ylcheck::nothing_checked",
        level: Level::ErrorOrNote,
        zh: "没有进行任何检查，消息说明原因：--select 没有匹配任何规则、所选规则全部被 --ignore 排除、输入中没有数据记录、全部记录都不在 --region 范围内、适用于该地区的规则包中没有规则检查这些记录、没有规则在 --as-of 当日施行，或逐条记录说明未被检查的原因：地名无法识别或几个市同名、所在地区没有市县的规则包、规则还需要未提供的其他表、表中缺少规则所需的列、适用的规则在检查日期不在施行期内、不符合任何规则的适用条件。没有检查就没有结论。",
        en: "Nothing was checked, and the message says why: --select matched no rule, every rule selected is ignored, the inputs hold no records, every record lies outside --region, no rule of the packs for the region checks these records, no rule is in force on --as-of, or, counted record by record, why they were passed over: a place that is unknown or several cities', a place no city's or county's pack covers, a table the rules also need that no input gives, columns the tables lack, rules that would apply but are not in force on --as-of, or no rule's scope taking them in. No check is no evidence.",
        fix_zh: "按消息所说的原因改正参数或输入；确实不需要检查时用 --allow-empty（或 ylcheck.toml 中的 allow_empty = true）。",
        fix_en: "Correct the arguments or inputs as the cause says; where an empty run is expected, pass --allow-empty (or allow_empty = true in ylcheck.toml).",
        example: "ylcheck check --select 'foo*' 设施.csv",
    },
    Code {
        code: "ylcheck::param",
        level: Level::Fatal,
        zh: "参数覆盖（--param 或 ylcheck.toml 中的参数）有误：不是“名称=值”的形式、值不是带单位的数、单位的量纲与规则包声明的不同，或没有规则包声明这个参数。",
        en: "A parameter override (--param, or a parameter in ylcheck.toml) is wrong: not NAME=VALUE, a value that is no number with its unit, a unit of another dimension than the packs declare, or a parameter no pack declares.",
        fix_zh: "写作 名称=值，值带单位，如 walk_radius=800m；帮助行列出可用的参数。",
        fix_en: "Write NAME=VALUE with the value's unit, e.g. walk_radius=800m; the help line lists the parameters.",
        example: "ylcheck check --param walk_radius 规划.toml",
    },
    Code {
        code: "ylcheck::region",
        level: Level::Fatal,
        zh: "检查的地区（--region、规划文件的 [plan] region 或 ylcheck.toml 中的 region）不是河南省的地区，或同名的地区不止一处；内置地名表无法读取时也报告此代码。",
        en: "The region checked (--region, a plan's [plan] region, or region in ylcheck.toml) is no place of 河南省, or more than one place has that name; also reported when the built-in gazetteer cannot be read.",
        fix_zh: "写作 开封市、开封市祥符区 或 祥符区；同名时写全称。",
        fix_en: "Write e.g. 开封市, 开封市祥符区 or 祥符区; where a name is shared, the full name.",
        example: "ylcheck check --region 开风市 设施.csv",
    },
    Code {
        code: "ylcheck::region::ambiguous_place",
        level: Level::Warning,
        zh: "地名单元格中的县（区）名不止一个市有，记录本身和 --region 都没有说明是哪个市的；用到它的检查结果为无法判断。",
        en: "A place cell names a county more than one city has, and neither the record nor --region says which; checks that use it are unknown.",
        fix_zh: "写全称（如“开封市示范区”），或填上市一列，或用 --region 指定市。",
        fix_en: "Write the full name (\"开封市示范区\", say), fill in the city, or name the city with --region.",
        example: "名称,类型,县（区）\n城东中心,街道综合养老服务中心,示范区    # 开封市、平顶山市都有 / in two cities",
    },
    Code {
        code: "ylcheck::region::no_place",
        level: Level::Warning,
        zh: "有记录没有注明所在的市或县（区），只按全省的文件检查；市、县的规则未能适用于它们。",
        en: "Some records name no city or county, so they were checked by the province's documents only; the cities' and counties' rules could not apply.",
        fix_zh: "填写这些记录的县（区）或所在市。",
        fix_en: "Fill in the records' county or city.",
        example: "名称,类型,床位数\n城东中心,街道综合养老服务中心,120    # 没有县（区）列 / no county column",
    },
    Code {
        code: "ylcheck::region::outside",
        level: Level::Warning,
        zh: "有记录不在本次检查的地区（--region）范围内，未检查。",
        en: "Some records lie outside the region checked (--region) and were not checked.",
        fix_zh: "若应检查它们，用 --region 指定它们所在的地区，或改正记录的县（区）。",
        fix_en: "If they should be checked, name their region with --region, or correct the records' county.",
        example: "ylcheck check --region 开封市 设施.csv    # 表中有洛阳市的设施 / rows in 洛阳市",
    },
    Code {
        code: "ylcheck::region::unchecked",
        level: Level::Warning,
        zh: "有记录所在地区没有能检查它们的规则（该地的文件对此类记录没有要求、相关规则在检查日期不在施行期内，或所需的其他输入没有提供），未检查。",
        en: "No rule could check some records in their place (its documents set nothing for such records, the rules that do are not in force on the checking date, or they need inputs not given), so they were not checked.",
        fix_zh: "确认地区是否写对；若规则需要其他输入（如县区表），一并给出。",
        fix_en: "Check the place is right; if the rules need other inputs (a table of counties, say), give them too.",
        example: "ylcheck check --region 河南省 设施.csv\n\n名称,类型,县（区）\n城东中心,街道综合养老服务中心,西工区",
    },
    Code {
        code: "ylcheck::region::unknown_pack_region",
        level: Level::Warning,
        zh: "规则包声明的 region 不是河南省的地区，其规则不检查任何记录。",
        en: "A pack's `region` is no place of 河南省; its rules check no record.",
        fix_zh: "把规则包的 region 改为河南省的市或县（区）名称。",
        fix_en: "Make the pack's region a city or county of 河南省.",
        example: "pack demo { source \"某文号\" region \"开风市\" }",
    },
    Code {
        code: "ylcheck::region::unknown_place",
        level: Level::Warning,
        zh: "地名单元格中的名称不是河南省的市、县（区）；用到它的检查结果为无法判断。",
        en: "A place cell names no city or county of 河南省; checks that use it are unknown.",
        fix_zh: "改正地名（可用旧名改后的现名，如开封县→祥符区）。",
        fix_en: "Correct the place's name (renamed ones under their current name, e.g. 开封县 → 祥符区).",
        example: "名称,类型,县（区）\n城东中心,街道综合养老服务中心,祥付区",
    },
    Code {
        code: "ylcheck::rules::date",
        level: Level::Fatal,
        zh: "规则文件中的日期不是有效日期。",
        en: "A date in a rule file is no real date.",
        fix_zh: "日期写作 YYYY-MM-DD，月份 1–12，日期在该月之内。",
        fix_en: "Write dates as YYYY-MM-DD with a real month and day.",
        example: "from 2022-02-30",
    },
    Code {
        code: "ylcheck::rules::define",
        level: Level::Fatal,
        zh: "规则包的 define 有误：名称已是字段名或可选值、let 用了定义的名称、同一名称定义了两次、定义直接或间接用到了它自己，或展开定义后超过 20000 个节点。",
        en: "A pack's `define` is wrong: its name is a field or an enum value, a `let` takes a definition's name, a name is defined twice, a definition uses itself (directly or through others), or a rule passes 20 000 nodes once its definitions are written out.",
        fix_zh: "换一个名称，去掉循环；重复使用的计算值用 let 保存。",
        fix_en: "Choose another name, break the cycle; keep a value computed once in a `let`.",
        example: "define county_row = county_row and present(parent)",
    },
    Code {
        code: "ylcheck::rules::dimension",
        level: Level::Fatal,
        zh: "规则中的量纲不符：字段类型的单位与类型不符（如 area m），entity 的 check 两边量纲不同，或比较、加减的两边是不同类的量（如面积与纯数、面积与长度）。",
        en: "Dimensions do not match in a rule file: a field type's unit is not of the type (`area m`), the two sides of an entity's `check` differ, or a comparison or a sum sets unlike quantities side by side (an area and a plain number, an area and a length).",
        fix_zh: "给数字加上单位（如 2000 m2），或改正单位。",
        fix_en: "Give the number its unit (2000 m2, say), or correct the unit.",
        example: "require floor_area >= 2000",
    },
    Code {
        code: "ylcheck::rules::duplicate",
        level: Level::Fatal,
        zh: "规则文件中有重复：实体或字段声明了两次、一个文件中有多个 pack 声明、同一规则包加载了两次，或同一规则包中两条规则编号相同。",
        en: "Something is declared twice in the rule files: an entity or a field, more than one `pack` in a file, one pack loaded twice, or two rules of a pack with one id.",
        fix_zh: "删除或改名重复的部分；为已有实体加字段用 extend entity。",
        fix_en: "Remove or rename the repeat; add fields to an existing entity with `extend entity`.",
        example: "rule street-center-floor-area { … }\nrule street-center-floor-area { … }",
    },
    Code {
        code: "ylcheck::rules::encoding",
        level: Level::Fatal,
        zh: "规则文件不是 UTF-8 文本。",
        en: "A rule file is not UTF-8 text.",
        fix_zh: "把规则文件另存为 UTF-8。",
        fix_en: "Save rule files as UTF-8.",
        example: "ylcheck check --rules 本地.rules 设施.csv    # 本地.rules 以 GBK 保存 / saved as GBK",
    },
    Code {
        code: "ylcheck::rules::no-cite",
        level: Level::Fatal,
        zh: "规则没有 cite：每条规则都要写明依据的文件和条款。",
        en: "A rule has no `cite`: every rule says which document and clause require it.",
        fix_zh: "加上 cite \"文号 条款\"，如 cite \"汴政〔2022〕2号 二.6\"。",
        fix_en: "Add cite \"DOC NO. CLAUSE\", e.g. cite \"汴政〔2022〕2号 二.6\".",
        example: "rule r {\n  title zh \"…\" en \"…\"\n  for facility\n  require beds >= 1\n}",
    },
    Code {
        code: "ylcheck::rules::no-pack",
        level: Level::Fatal,
        zh: "规则文件中有规则、测试或标准声明，却没有 pack 声明。",
        en: "A rule file holds rules, tests or standards but no `pack`.",
        fix_zh: "在文件开头写 pack 名称 { source \"文号\" … }。",
        fix_en: "Start the file with pack NAME { source \"DOC NO.\" … }.",
        example: "rule r { … }    # 文件中没有 pack / no pack in the file",
    },
    Code {
        code: "ylcheck::rules::none",
        level: Level::Fatal,
        zh: "--rules 给出的目录中没有 .rules 规则文件；不按任何规则检查会让一切都通过。",
        en: "A directory given to --rules holds no .rules files; checking against no rules would pass anything.",
        fix_zh: "给出规则文件或含有规则文件的目录；不给 --rules 时使用内置规则包。",
        fix_en: "Name rule files or a directory of them; without --rules the embedded packs are used.",
        example: "ylcheck check --rules 空目录/ 设施.csv",
    },
    Code {
        code: "ylcheck::rules::number",
        level: Level::Fatal,
        zh: "实体的 check 中的数值无法读取（如超过 30 位数字）。",
        en: "A number in an entity's `check` cannot be read (more than 30 digits, say).",
        fix_zh: "写成普通的十进制数，可带单位，如 100%。",
        fix_en: "Write a plain decimal number, with its unit if any, e.g. 100%.",
        example: "check beds <= 1000000000000000000000000000000000 zh \"…\" en \"…\"",
    },
    Code {
        code: "ylcheck::rules::param",
        level: Level::Fatal,
        zh: "规则包的 param 的值不是带单位的数。",
        en: "A pack's `param` is not a number with its unit.",
        fix_zh: "写成带单位的数，如 param walk_radius = 1000 m。",
        fix_en: "Write a number with its unit, e.g. param walk_radius = 1000 m.",
        example: "param walk_radius = \"1000 m\"",
    },
    Code {
        code: "ylcheck::rules::severity",
        level: Level::Fatal,
        zh: "规则的 severity 不是可用的级别。",
        en: "A rule's `severity` is not a known level.",
        fix_zh: "用 error、warning 或 info。",
        fix_en: "Use error, warning or info.",
        example: "severity fatal",
    },
    Code {
        code: "ylcheck::rules::standard-conflict",
        level: Level::Fatal,
        zh: "同一规则包中，一项标准既由规则检查（standard）又声明为 unchecked，或既声明为 partial 又声明为 unchecked。",
        en: "Within a pack, a standard is claimed by a rule (`standard`) and also declared `unchecked`, or declared both `partial` and `unchecked`.",
        fix_zh: "规则检查其一部分的标准写作 partial；完全无法检查的才写 unchecked；删除其中一个声明。",
        fix_en: "A standard the rules check in part is `partial`; only one no rule can check is `unchecked`: remove one of the two.",
        example: "rule r { … standard \"KF-6b\" … }\nunchecked \"KF-6b\" { … }",
    },
    Code {
        code: "ylcheck::rules::standard-unclaimed",
        level: Level::Fatal,
        zh: "一项标准声明为 partial，但本规则包中没有规则检查它（没有规则的 standard 写这个编号）。",
        en: "A standard is declared `partial`, but no rule of the pack claims it (no rule's `standard` names its id).",
        fix_zh: "在检查它的规则中写 standard \"编号\"，或改为 unchecked。",
        fix_en: "Name it in the `standard` of the rules that check it, or declare it `unchecked`.",
        example: "partial \"KF-4b\" { cite \"汴政〔2022〕2号 一.4\" missing zh \"…\" en \"…\" }",
    },
    Code {
        code: "ylcheck::rules::syntax",
        level: Level::Fatal,
        zh: "规则文件有语法错误：字符串没有结束的引号、无法识别的字符、此处应为某个语法成分，或规则缺少 title、for 等必需的部分。",
        en: "A rule file has a syntax error: an unterminated string, an unexpected character, something other than what the grammar expects there, or a rule without a required part such as `title` or `for`.",
        fix_zh: "按消息所指位置改正；语法见 docs/language.md。",
        fix_en: "Correct it where the message points; docs/language.md gives the grammar.",
        example: "title zh \"街道综合养老服务中心建筑面积 en \"…\"",
    },
    Code {
        code: "ylcheck::rules::test",
        level: Level::Fatal,
        zh: "规则包的测试有误：测试用例的结果与预期不符（如预期 fail 实际 pass）、测试值与字段类型不符、as_of 后不是日期，或测试记录的实体与规则检查的不同。测试未通过的规则包不用于检查。",
        en: "A pack's test is wrong or failed: a case's outcome is not the one expected (fail expected, pass got, say), a test value does not fit its field, `as_of` is not followed by a date, or a test record is of another entity than the rule checks. A pack whose tests fail checks nothing.",
        fix_zh: "改正规则或测试用例；`ylcheck test` 运行全部测试。",
        fix_en: "Correct the rule or the test case; `ylcheck test` runs every test.",
        example: "test street-center-floor-area {\n  fail facility { kind = street_center, floor_area = 2500 m2 }\n}",
    },
    Code {
        code: "ylcheck::rules::test-date",
        level: Level::Fatal,
        zh: "规则读取检查日期（as_of），但它的测试没有日期：规则没有 from 或 until，规则包也没有 issued；测试结果会随运行的日期而变。",
        en: "A rule reads the date checked on (`as_of`), but its test has no date: the rule has no `from` or `until`, nor its pack an `issued`; its cases would depend on the day they run.",
        fix_zh: "在测试块中写 as_of 日期，或给规则加 from，或给规则包加 issued。",
        fix_en: "Write `as_of DATE` in the test block, or give the rule a `from`, or its pack an `issued`.",
        example: "require due_date >= as_of    # 规则和规则包都没有日期 / no date on rule or pack",
    },
    Code {
        code: "ylcheck::rules::too-deep",
        level: Level::Fatal,
        zh: "表达式嵌套超过 48 层，或连同所用的 let 嵌套超过 256 层。",
        en: "An expression is nested more than 48 levels deep, or more than 256 counting the lets it uses.",
        fix_zh: "把条件拆成几条规则，去掉多余的括号，或用 let 命名重复的部分。",
        fix_en: "Split the condition into several rules, drop redundant parentheses, or name repeated parts with `let`.",
        example: "require ((((((((((((((((((((((((((((((((((((((((((((((((((beds >= 1))))))))))))))))))))))))))))))))))))))))))))))))))",
    },
    Code {
        code: "ylcheck::rules::too-large",
        level: Level::Fatal,
        zh: "规则文件超过 4 MiB，或一条规则编译后超过 20000 个节点。",
        en: "A rule file is larger than 4 MiB, or a rule compiles to more than 20 000 nodes.",
        fix_zh: "把规则拆成几条，或用 let 命名重复的部分。",
        fix_en: "Split the rule, or name repeated parts with `let`.",
        example: "ylcheck check --rules 巨大.rules 设施.csv    # 5 MiB",
    },
    Code {
        code: "ylcheck::rules::type",
        level: Level::Fatal,
        zh: "规则文件中的类型错误：未知字段类型；reported 用于非数量类型；disjoint 或 or point(…) 用于非 geometry 字段；点的坐标字段不是 number；check 比较非数量字段；规则表达式中有未知字段、条件不是真假值、函数的参数个数或类型不对、对非数量求和或运算、无效的正则表达式、不是该字段的可选值等。",
        en: "A type error in a rule file: an unknown field type; `reported` on a type that is no quantity; `disjoint` or `or point(…)` on a field that is no geometry; a point's coordinate field that is no `number`; a `check` on a field that is no quantity; in a rule's expression an unknown field, a condition that is not yes/no, a call with the wrong number or kind of arguments, a sum or arithmetic over things that are no quantities, an invalid regular expression, a value that is not one of an enum's, and the like.",
        fix_zh: "按消息和帮助行改正；字段和类型见 docs/fields.md 和 docs/language.md。",
        fix_en: "Correct it as the message and its help line say; docs/fields.md and docs/language.md give the fields and the types.",
        example: "for facility where kind == street_centre",
    },
    Code {
        code: "ylcheck::rules::unit",
        level: Level::Fatal,
        zh: "字段类型中的单位未知，或给不带单位的类型（如 text、count）写了单位。",
        en: "A field type's unit is not known, or a unit is given to a type that takes none (text, count …).",
        fix_zh: "用已知单位：m2 亩 公顷 km2 m km 元 万元 亿元 % ‰；不带单位的类型去掉单位。",
        fix_en: "Use a known unit: m2 亩 公顷 km2 m km 元 万元 亿元 % ‰; drop the unit of a type that takes none.",
        example: "name: text m2 alias \"名称\"",
    },
    Code {
        code: "ylcheck::rules::unknown-entity",
        level: Level::Fatal,
        zh: "规则的 for、extend entity 或测试记录中的实体不存在。",
        en: "The entity of a rule's `for`, of an `extend entity`, or of a test record does not exist.",
        fix_zh: "改为已有实体的名称（见帮助行的建议或 `ylcheck template`）。",
        fix_en: "Name an entity that exists (the help line suggests one; `ylcheck template` lists them).",
        example: "for facilty where kind == street_center",
    },
    Code {
        code: "ylcheck::rules::unknown-field",
        level: Level::Fatal,
        zh: "规则文件中用到的字段在该实体中不存在：测试记录中的字段、实体的 key、disjoint、check、or point(…) 中的字段，或消息模板中的 {字段}。",
        en: "A field named in a rule file is not a field of the entity: in a test record, in an entity's `key`, `disjoint`, `check` or `or point(…)`, or as {FIELD} in a message.",
        fix_zh: "改正字段名（见帮助行的建议）；`ylcheck template 实体` 列出字段。",
        fix_en: "Correct the field's name (the help line suggests one); `ylcheck template ENTITY` lists the fields.",
        example: "message zh \"{nmae}的建筑面积为{floor_area}\" en \"…\"",
    },
    Code {
        code: "ylcheck::rules::unknown-rule",
        level: Level::Fatal,
        zh: "test 块测试的规则在本规则包中不存在。",
        en: "A `test` block is for a rule the pack does not have.",
        fix_zh: "改正规则编号（见帮助行的建议）。",
        fix_en: "Correct the rule's id (the help line suggests one).",
        example: "test street-center-floor-aera { … }",
    },
    Code {
        code: "ylcheck::select::unmatched",
        level: Level::Warning,
        zh: "一个 --select 模式没有匹配任何规则（即使其他模式匹配到了规则）。",
        en: "A --select glob matched no rule (even when other globs selected something).",
        fix_zh: "按帮助行的建议改正模式；`ylcheck rules` 列出全部规则。",
        fix_en: "Correct the glob as the help line suggests; `ylcheck rules` lists the rules.",
        example: "ylcheck check --select 'kaifeng-2022-2/street-*' --select 'kaifeng/*' 设施.csv",
    },
    Code {
        code: "ylcheck::settings::date",
        level: Level::Fatal,
        zh: "ylcheck.toml 或豁免文件中的日期不是有效日期。TOML 读取时已会拒绝大多数这样的日期（报告为 ylcheck::settings::toml），此代码是其后的再次检查。",
        en: "A date in ylcheck.toml or a waivers file is no real date. The TOML reader already refuses most such dates (reported as ylcheck::settings::toml); this code is the check behind it.",
        fix_zh: "写成有效的 TOML 日期，如 expires = 2027-06-30。",
        fix_en: "Write a real TOML date, e.g. expires = 2027-06-30.",
        example: "expires = 2027-02-30    # 通常先报为 ylcheck::settings::toml / usually reported as ylcheck::settings::toml",
    },
    Code {
        code: "ylcheck::settings::key",
        level: Level::Fatal,
        zh: "ylcheck.toml 或豁免文件中有未知的键。",
        en: "ylcheck.toml or a waivers file has an unknown key.",
        fix_zh: "按帮助行的建议改正键名。",
        fix_en: "Correct the key as the help line suggests.",
        example: "fail-on = \"warning\"",
    },
    Code {
        code: "ylcheck::settings::missing",
        level: Level::Fatal,
        zh: "豁免文件中的一条豁免缺少必填的键（rule、record、reason、approver、document、expires）。",
        en: "A waiver lacks a required key (rule, record, reason, approver, document, expires).",
        fix_zh: "补上缺少的键；帮助行说明它的写法。",
        fix_en: "Add the missing key; the help line shows how it is written.",
        example: "[[waiver]]\nrule = \"kaifeng-2022-2/street-center-floor-area\"\nrecord = \"城东中心\"",
    },
    Code {
        code: "ylcheck::settings::toml",
        level: Level::Fatal,
        zh: "ylcheck.toml 或豁免文件有 TOML 语法错误。",
        en: "ylcheck.toml or a waivers file has a TOML syntax error.",
        fix_zh: "字符串要加引号，日期不加引号（expires = 2027-06-30）。",
        fix_en: "Quote strings, not dates (expires = 2027-06-30).",
        example: "fail_on = warning",
    },
    Code {
        code: "ylcheck::settings::type",
        level: Level::Fatal,
        zh: "ylcheck.toml 或豁免文件中的值类型不对：如应为字符串、字符串数组或日期，或日期加了引号。",
        en: "A value in ylcheck.toml or a waivers file is of the wrong type: it should be a string, an array of strings or a date, say, or a date is quoted.",
        fix_zh: "按帮助行的例子改写，如 rules = [\"…\"]、expires = 2027-06-30。",
        fix_en: "Write it as the help line's example does, e.g. rules = [\"…\"], expires = 2027-06-30.",
        example: "expires = \"2027-06-30\"",
    },
    Code {
        code: "ylcheck::settings::value",
        level: Level::Fatal,
        zh: "ylcheck.toml 中的值不是可选的值之一（如 fail_on、format、lang）。",
        en: "A value in ylcheck.toml is not one of those allowed (for fail_on, format or lang, say).",
        fix_zh: "改为帮助行列出的值之一。",
        fix_en: "Write one of the values the help line lists.",
        example: "fail_on = \"warnings\"",
    },
    Code {
        code: "ylcheck::waiver",
        level: Level::Fatal,
        zh: "豁免文件不是 UTF-8 文本。",
        en: "The waivers file is not UTF-8 text.",
        fix_zh: "把豁免文件另存为 UTF-8。",
        fix_en: "Save the waivers file as UTF-8.",
        example: "ylcheck check --waivers 豁免.toml 设施.csv    # 豁免.toml 以 GBK 保存 / saved as GBK",
    },
    Code {
        code: "ylcheck::waiver::blank",
        level: Level::Fatal,
        zh: "一条豁免的理由、批准人或批准文件是空的。",
        en: "A waiver's reason, approver or document is blank.",
        fix_zh: "豁免须写明理由、批准人和批准文件。",
        fix_en: "A waiver must say why, who approved it and under which document.",
        example: "[[waiver]]\nrule = \"kaifeng-2022-2/street-center-floor-area\"\nrecord = \"城东中心\"\nreason = \"\"\napprover = \"张三\"\ndocument = \"汴民〔2024〕1号\"\nexpires = 2026-06-30",
    },
    Code {
        code: "ylcheck::waiver::expired",
        level: Level::Warning,
        zh: "一条豁免已于 expires 日期到期，不再适用：它覆盖的结果照常计入。",
        en: "A waiver expired on its `expires` date and no longer applies: the finding it covered counts as usual.",
        fix_zh: "改正数据，或重新批准后更新 expires 日期。",
        fix_en: "Correct the data, or have the waiver approved again and update its `expires`.",
        example: "[[waiver]]\nrule = \"kaifeng-2022-2/street-center-floor-area\"\nrecord = \"城东中心\"\n…\nexpires = 2024-06-30    # 检查日期 2025-01-01 / checked as of 2025-01-01",
    },
    Code {
        code: "ylcheck::waiver::shape",
        level: Level::Fatal,
        zh: "豁免文件中的 waiver 不是 [[waiver]] 表的数组。",
        en: "`waiver` in the waivers file is not an array of [[waiver]] tables.",
        fix_zh: "每条豁免写作一个 [[waiver]] 表（见 README 的“豁免”一节）。",
        fix_en: "Write each waiver as a [[waiver]] table (see the README's section on waivers).",
        example: "[waiver]\nrule = \"kaifeng-2022-2/street-center-floor-area\"",
    },
    Code {
        code: "ylcheck::waiver::unused",
        level: Level::Warning,
        zh: "一条豁免没有对应任何检查结果：规则或记录名称写错，或该问题已改正。",
        en: "A waiver matches no finding: the rule or the record is misnamed, or the problem has been put right.",
        fix_zh: "核对 rule 和 record（帮助行给出建议）；问题已改正时删除这条豁免。",
        fix_en: "Check its rule and record (the help line suggests); delete the waiver once the problem is fixed.",
        example: "[[waiver]]\nrule = \"kaifeng-2022-2/street-center-floor-aera\"\nrecord = \"城东中心\"\n…",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Every `"ylcheck::…"` string literal in the Rust files under `dir`, but this one.
    fn used_codes(dir: &Path, out: &mut BTreeSet<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("src is readable")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                used_codes(&path, out);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("src/codes.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            let open = format!("\"{PREFIX}");
            let mut rest = text.as_str();
            while let Some(at) = rest.find(&open) {
                let tail = &rest[at + 1..];
                let len = tail
                    .char_indices()
                    .find(|&(_, c)| !(c.is_ascii_lowercase() || matches!(c, '_' | ':' | '-')))
                    .map_or(tail.len(), |(i, _)| i);
                let code = &tail[..len];
                if tail[len..].starts_with('"') && !code.ends_with(':') {
                    out.insert(code.to_string());
                }
                rest = &tail[len..];
            }
        }
    }

    /// The table names exactly the codes the source builds.
    #[test]
    fn codes_table_matches_the_source() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = BTreeSet::new();
        used_codes(&src, &mut used);
        assert!(used.len() > 50, "too few codes found: {used:?}");
        let listed: BTreeSet<String> = CODES.iter().map(|c| c.code.to_string()).collect();
        let missing: Vec<&String> = used.difference(&listed).collect();
        let stale: Vec<&String> = listed.difference(&used).collect();
        assert!(
            missing.is_empty() && stale.is_empty(),
            "src/codes.rs is out of date:\n  used in src/ but not in CODES: {missing:?}\n  in CODES but no longer used: {stale:?}"
        );
    }

    /// Each entry is whole, once, in byte order.
    #[test]
    fn codes_entries_are_complete_and_sorted() {
        for c in CODES {
            for (what, text) in [
                ("zh", c.zh),
                ("en", c.en),
                ("fix_zh", c.fix_zh),
                ("fix_en", c.fix_en),
                ("example", c.example),
            ] {
                assert!(!text.trim().is_empty(), "{}: empty {what}", c.code);
            }
            assert!(c.code.starts_with(PREFIX), "{}", c.code);
            assert!(
                !c.example.contains("```"),
                "{}: the example would end its code block",
                c.code
            );
        }
        for w in CODES.windows(2) {
            assert!(
                w[0].code < w[1].code,
                "CODES is in byte order, once each: {} before {}",
                w[0].code,
                w[1].code
            );
        }
    }

    /// `docs/errors.md` is the table's own text; `YLCHECK_BLESS=1` rewrites it.
    #[test]
    fn codes_docs_are_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/errors.md");
        let want = markdown();
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have == want {
            return;
        }
        if std::env::var("YLCHECK_BLESS").is_ok_and(|v| v == "1") {
            std::fs::write(&path, want).expect("docs/errors.md is writable");
            return;
        }
        panic!(
            "docs/errors.md differs from src/codes.rs: run `YLCHECK_BLESS=1 cargo test codes` to rewrite it"
        );
    }

    /// An entry printed for `explain` has its sections in the language asked for.
    #[test]
    fn codes_render_in_both_languages() {
        let c = find("ylcheck::data::unknown_column").expect("listed");
        let zh = render(c, Lang::Zh);
        assert!(zh.starts_with("ylcheck::data::unknown_column\n"), "{zh}");
        assert!(zh.contains("## 问题\n  表头中有一列"), "{zh}");
        assert!(zh.contains("## 示例\n  名称,类型"), "{zh}");
        let en = render(c, Lang::En);
        assert!(en.contains("## What went wrong\n  A column"), "{en}");
        assert!(en.contains("## What to do"), "{en}");
        assert!(find("ylcheck::no_such_code").is_none());
    }
}
