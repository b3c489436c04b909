//! `ylcheck init`: writes a commented `ylcheck.toml` whose settings are the
//! defaults, so a project starts from a file that changes nothing and says what
//! each key would do.

use super::error::{CliError, Errors};
use super::project::FILE;
use std::io::Write;
use ylcheck::i18n::{Lang, tr};

/// The file `init` writes. Each key left active holds its default; the others
/// are commented out, since their default (today, the locale, no region) cannot
/// be written down.
pub const TEMPLATE: &str = r#"# ylcheck 项目设置 / ylcheck project settings
#
# ylcheck 从当前目录向上查找最近的 ylcheck.toml；--config PATH 指定其他文件，--no-config 忽略它。
# ylcheck looks for the nearest ylcheck.toml from the current directory up; --config PATH names
# another, --no-config ignores it.
# 命令行参数优先于本文件：给出 --select 等可重复参数时，替换这里的列表。
# A flag on the command line wins over this file: a repeatable flag such as --select replaces
# the list given here.
# 路径相对于本文件所在目录 / Paths are relative to this file's directory.

# 内置规则包之外再加载的规则文件或目录 / rule files or directories checked beside the embedded packs
rules = []

# 只检查这一地区的记录（默认：规划文件自己写明的；否则不限，每条记录按其所在地区的文件检查）
# narrow the run to one region (default: a plan's own; else none, each record by its own place)
# region = "开封市祥符区"

# 检查日期，决定哪些规则施行（默认：北京时间今天）/ the date rules are in force as of (default: today in China, UTC+8)
# as_of = 2026-12-31

# 只运行 id 匹配的规则（空：全部）/ only run rules whose id matches a glob (empty: all)
select = []

# 跳过 id 匹配的规则 / skip rules whose id matches a glob
ignore = []

# 何种严重程度的问题使退出码为 1：error | warning | never
# the lowest severity that makes the exit code 1: error | warning | never
fail_on = "error"

# 什么也没检查的运行（没有适用的规则、规则全被筛掉、没有记录）是否算通过；默认退出码 1
# whether a run that checks nothing (no rule applies, every rule filtered out, no records)
# passes; by default it exits 1
allow_empty = false

# 经批准的豁免清单 / the approved waivers
# waivers = "waivers.toml"

# 输出格式 / output format: human | json | github | markdown | junit | sarif
format = "human"

# 输出语言（默认：按系统语言环境，否则中文）/ output language (default: from the locale, else zh)
# lang = "zh"

# 覆盖规则包参数 / override pack parameters
# [params]
# walk_radius = "1000 m"
"#;

/// Writes the template into the current directory; an existing file is kept
/// unless `force`.
pub fn run(force: bool, lang: Lang) -> Result<i32, Errors> {
    if !force && std::path::Path::new(FILE).exists() {
        return Err(CliError::InitExists { file: FILE }.into());
    }
    super::atomic::write_file(FILE, TEMPLATE.as_bytes())?;
    let said = tr(lang, format!("已写入 {FILE}\n"), format!("wrote {FILE}\n"));
    let _ = std::io::stderr().write_all(said.as_bytes());
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::super::project::{Config, parse};
    use super::super::{FailOn, FormatArg};
    use super::*;
    use std::sync::Arc;

    /// The written file parses, and every key it sets holds the default the
    /// command line would use without it.
    #[test]
    fn the_template_round_trips_as_the_defaults() {
        let c = parse(FILE, Arc::from(TEMPLATE), Lang::En).expect("the template parses");
        assert_eq!(
            c,
            Config {
                path: FILE.into(),
                rules: Some(vec![]),
                select: Some(vec![]),
                ignore: Some(vec![]),
                fail_on: Some(FailOn::default()),
                format: Some(FormatArg::default()),
                allow_empty: Some(false),
                ..Config::default()
            }
        );
        // Uncommented, the examples parse too, as what they say.
        let all: String = TEMPLATE
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.contains(" = ") || rest == "[params]" => rest,
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let c = parse(FILE, Arc::from(all), Lang::En).expect("the examples parse");
        assert_eq!(c.region.as_deref(), Some("开封市祥符区"));
        assert_eq!(c.as_of, Some(jiff::civil::date(2026, 12, 31)));
        assert_eq!(c.waivers.as_deref(), Some("waivers.toml"));
        assert_eq!(c.lang, Some(Lang::Zh));
        let params: Vec<(&str, &str)> = c
            .params
            .iter()
            .map(|o| (o.name.as_str(), o.value.as_str()))
            .collect();
        assert_eq!(params, [("walk_radius", "1000 m")]);
    }
}
