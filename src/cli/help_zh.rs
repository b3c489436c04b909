//! `--help` in Chinese, under `--lang zh` or a Chinese locale (the default): the
//! command line is defined once, in English doc comments, and this table gives
//! each command and argument its Chinese text. A test keeps the table whole.

use clap::{Arg, ArgAction, Command};

/// Each command's summary, by name ("" for ylcheck itself, whose own is bilingual).
const COMMANDS: &[(&str, &str)] = &[
    ("check", "按规则包检查输入文件"),
    ("map", "检查带几何图形的输入，并绘制覆盖图（SVG）"),
    ("rules", "列出规则"),
    (
        "explain",
        "解释一条规则：检查什么、为什么、出自哪里；或一项标准（如 KF-6b）：检查它的规则；或一个诊断代码（如 ylcheck::data::unknown_column）：含义和处理方法",
    ),
    ("test", "运行规则包中的测试"),
    (
        "template",
        "打印某一实体的填报表：CSV 表头（带 UTF-8 BOM，Excel 可直接打开），或用 --xlsx 生成带下拉选项和填报说明的工作簿；不给实体时列出全部实体",
    ),
    (
        "completions",
        "打印命令行补全脚本（bash、zsh、fish、powershell、elvish）",
    ),
    ("man", "打印手册页（roff），由命令行定义生成"),
    ("init", "在当前目录写一个带注释的 ylcheck.toml（默认设置）"),
];

/// Each argument's help, by id; `(command, id)` where one id means two things.
const ARGS: &[(&str, &str, &str)] = &[
    ("", "lang", "输出语言（默认按系统区域设置，否则为中文）"),
    (
        "",
        "config",
        "从 PATH 读取项目设置（默认：从当前目录向上最近的 ylcheck.toml）",
    ),
    ("", "no_config", "不读取任何 ylcheck.toml"),
    ("", "format", "报告格式（默认 human）"),
    ("", "output", "把报告写到 FILE，而不是标准输出"),
    ("template", "output", "写到 FILE，而不是标准输出"),
    (
        "",
        "fail_on",
        "使退出码为 1 的最低级别（默认 error）；没有进行任何检查时，除非 --allow-empty，退出码总是 1",
    ),
    (
        "",
        "waivers",
        "经批准的豁免：其覆盖的结果记为已豁免，不使检查失败（默认：ylcheck.toml 中的 waivers）",
    ),
    (
        "",
        "statistics",
        "在报告后列出每条规则的通过、不符合、无法判断、豁免、跳过数（机器格式写到标准错误）",
    ),
    (
        "",
        "summary",
        "不列逐条结果，改为按地区列表：记录数、检查数、通过、不符合、无法判断、通过率",
    ),
    (
        "",
        "allow_empty",
        "没有进行任何检查（无规则适用、规则都被过滤、没有记录）时视为通过，而不是退出码 1（默认：ylcheck.toml 中的 allow_empty）",
    ),
    (
        "",
        "quiet",
        "只输出检查结果：人读报告下不打印合计，标准错误上只打印错误级诊断（各种格式仍包含全部诊断，退出码照常计入）",
    ),
    (
        "",
        "junit_passes",
        "配合 --format junit：每个通过的（规则，记录）也作为一个通过的测试用例（输入大时文件很大；不加时只计数）",
    ),
    (
        "",
        "annotate",
        "另在 DIR 中为每个 CSV 或工作簿输入写一份 .xlsx 副本：有问题的单元格标色（红：不符合，黄：无法判断）并附批注，写明问题和依据（DIR 不存在时创建）",
    ),
    ("", "rules", "规则文件或目录（默认：内置规则包）"),
    ("", "as_of", "按哪一天的标准检查（默认：中国的今天，UTC+8）"),
    (
        "",
        "select",
        "只运行 id（`包/规则` 或 `规则`）匹配通配符的规则",
    ),
    ("", "ignore", "跳过 id 匹配通配符的规则"),
    ("", "entity", "CSV 输入的实体（默认：按表头识别）"),
    ("template", "entity", "实体（facility、region……或其中文名）"),
    (
        "",
        "region",
        "只检查某一地区，如 开封市祥符区（默认：规划文件自己的地区，否则不限：每条记录按其所在地的文件检查）",
    ),
    (
        "",
        "params",
        "覆盖规则包的参数，如 walk_radius=800m（可重复）",
    ),
    (
        "",
        "stdin_filename",
        "标准输入（`-`）在报告中的名称，其扩展名也指明格式（如 `设施.xlsx`）",
    ),
    (
        "",
        "inputs",
        "输入文件或目录（目录中的 .csv、.tsv、.xlsx、.xlsm、.toml、.geojson 文件，递归、按路径排序）；`-` 为标准输入",
    ),
    ("", "coverage", "列出每项标准由哪些规则检查，或为何无法检查"),
    (
        "",
        "rule",
        "规则 id（`规则` 或 `包/规则`）、标准编号（如 `KF-6b`），或诊断代码（`ylcheck::…`）",
    ),
    ("", "xlsx", "生成工作簿而不是 CSV 表头（需要 -o）"),
    ("", "fields", "以 Markdown 数据字典列出全部实体的字段"),
    ("", "shell", "命令行：bash、zsh、fish、powershell 或 elvish"),
    ("", "force", "覆盖已有的 ylcheck.toml"),
];

/// The Chinese help of argument `id` of command `cmd`.
pub fn arg_help(cmd: &str, id: &str) -> Option<&'static str> {
    ARGS.iter()
        .find(|(c, i, _)| *c == cmd && *i == id)
        .or_else(|| ARGS.iter().find(|(c, i, _)| c.is_empty() && *i == id))
        .map(|(_, _, h)| *h)
}

/// The Chinese summary of command `name`.
pub fn command_about(name: &str) -> Option<&'static str> {
    COMMANDS.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
}

/// The command line with Chinese help: headings, each command's summary and each
/// argument's help, and the help and version flags of every command.
pub fn localize(cmd: Command) -> Command {
    localize_at(cmd, true)
}

fn localize_at(cmd: Command, top: bool) -> Command {
    let name = if top {
        String::new()
    } else {
        cmd.get_name().to_string()
    };
    let mut cmd = cmd
        .help_template("{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("命令")
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("打印帮助")
                .help_heading("选项"),
        )
        .mut_args(|a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let a = a.help_heading(heading);
            match arg_help(&name, a.get_id().as_str()) {
                Some(h) => a.help(h),
                None => a,
            }
        })
        .mut_subcommands(|sc| localize_at(sc, false));
    if let Some(about) = command_about(&name) {
        cmd = cmd.about(about);
    }
    if top {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("打印版本")
                .help_heading("选项"),
        );
    }
    cmd
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every command and every argument has its Chinese help: a flag added in
    /// English alone fails here.
    #[test]
    fn every_command_and_argument_has_chinese_help() {
        let cli = crate::cli::Cli::command();
        let mut missing = Vec::new();
        for a in cli.get_arguments() {
            if super::arg_help("", a.get_id().as_str()).is_none() {
                missing.push(format!("ylcheck {}", a.get_id()));
            }
        }
        for sc in cli.get_subcommands() {
            let name = sc.get_name();
            if super::command_about(name).is_none() {
                missing.push(format!("command {name}"));
            }
            for a in sc.get_arguments() {
                if super::arg_help(name, a.get_id().as_str()).is_none() {
                    missing.push(format!("{name} {}", a.get_id()));
                }
            }
        }
        assert!(missing.is_empty(), "no Chinese help: {missing:?}");
    }
}
