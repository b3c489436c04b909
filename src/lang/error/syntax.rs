//! The text of errors in a rule file's shape: the file and its packs, tokens and
//! syntax, a rule's own clauses. Apart from the other stages' so each is short
//! enough to read whole.

use super::{DUPLICATE, LangError, SYNTAX, TEST, dym, here};
use crate::diag::{Both, Draft, did_you_mean};

impl LangError {
    /// The draft of an error of this stage; `None` for another stage's.
    pub(super) fn syntax_draft(&self) -> Option<Draft> {
        use LangError as E;
        Some(match self {
            E::FileTooLarge { max } => Draft::new(
                "ylcheck::rules::too-large",
                format!("规则文件超过 {} MiB", max >> 20),
                format!("rule file larger than {} MiB", max >> 20),
            ),
            E::TwoPacks { span } => Draft::new(
                DUPLICATE,
                "一个文件只能有一个 `pack`",
                "a file holds at most one `pack`",
            )
            .label(*span, "第二个 pack 声明", "second pack here"),
            E::NoPack { span } => Draft::new(
                "ylcheck::rules::no-pack",
                "规则文件没有 `pack` 声明",
                "rules outside a `pack`",
            )
            .label(
                *span,
                "这条规则不属于任何规则包",
                "this rule belongs to no pack",
            )
            .help(
                "在文件开头写 `pack 名称 { source \"文号\" … }`",
                "start the file with `pack NAME { source \"DOC NO.\" … }`",
            ),
            E::DuplicatePack { id, span } => Draft::new(
                DUPLICATE,
                format!("pack `{id}` 重复"),
                format!("pack `{id}` is loaded twice"),
            )
            .label(*span, "重复的规则包", "duplicate pack"),
            E::DuplicateRule { id, span, first } => Draft::new(
                DUPLICATE,
                format!("规则 `{id}` 重复定义"),
                format!("rule `{id}` is defined twice"),
            )
            .label(*span, "再次定义", "defined again here")
            .label(*first, "第一次定义", "first defined here")
            .help(
                "同一规则包内的规则编号必须唯一",
                "rule ids must be unique within a pack",
            ),
            E::UnknownRule {
                name,
                suggestion,
                span,
            } => dym(
                Draft::new(
                    "ylcheck::rules::unknown-rule",
                    format!("测试的规则 `{name}` 不存在"),
                    format!("test for unknown rule `{name}`"),
                )
                .label(*span, "未知规则", "unknown rule"),
                suggestion,
            ),
            E::AsOfNotDate { span } => Draft::new(
                TEST,
                "`as_of` 后应为日期",
                "`as_of` takes a date",
            )
            .label(*span, "不是日期", "not a date"),
            E::TestWrongEntity { want, named, span } => Draft::new(
                TEST,
                format!("规则检查的是 `{want}`，测试记录却是 `{named}`"),
                format!("the rule checks `{want}`, this record is a `{named}`"),
            )
            .label(*span, "实体不符", "wrong entity")
            .help(
                "其他实体的记录用 `given` 提供",
                "give records of other entities with `given`",
            ),
            E::Unterminated { span } => {
                Draft::new(SYNTAX, "字符串没有结束的引号", "unterminated string")
                    .label(*span, "字符串从这里开始", "the string starts here")
                    .help(
                        "用 `\"` 结束字符串；字符串不能跨行",
                        "close the string with `\"`; strings cannot span lines",
                    )
            }
            E::UnexpectedChar { c, span } => here(
                SYNTAX,
                *span,
                format!("无法识别的字符 `{c}`"),
                format!("unexpected character `{c}`"),
            )
            .help(
                "名称由字母、数字、下划线或汉字组成；文本要放在双引号里",
                "names are letters, digits, `_` or Chinese characters; put text in double quotes",
            ),
            E::Expected { want, found, span } => {
                let found = match found {
                    Some(f) => Both::same(f.clone()),
                    None => Both::new("文件结尾", "end of file"),
                };
                let w = want.text();
                let d = Draft::new(
                    SYNTAX,
                    format!("此处应为{}，实际是{}", w.zh, found.zh),
                    format!("expected {}, found {}", w.en, found.en),
                )
                .label(
                    *span,
                    format!("应为{}", w.zh),
                    format!("expected {}", w.en),
                );
                match want.help() {
                    Some(h) => d.with_help(h),
                    None => d,
                }
            }
            E::TooDeep { span } => Draft::new(
                "ylcheck::rules::too-deep",
                format!("表达式嵌套超过 {} 层", crate::lang::limits::MAX_DEPTH),
                format!(
                    "expression nested deeper than {} levels",
                    crate::lang::limits::MAX_DEPTH
                ),
            )
            .label(*span, "嵌套太深", "too deep here")
            .help(
                "把条件拆成几条规则或去掉多余的括号",
                "split the condition into several rules or drop redundant parentheses",
            ),
            E::NoFor { rule, span } => Draft::new(
                SYNTAX,
                format!("规则 `{rule}` 缺少 `for`"),
                format!("rule `{rule}` has no `for`"),
            )
            .label(*span, "这条规则", "this rule")
            .help(
                "用 `for 实体 where 条件` 说明规则检查哪些记录",
                "say which records the rule checks with `for ENTITY where CONDITION`",
            ),
            E::NoRequire { rule, span } => Draft::new(
                SYNTAX,
                format!("规则 `{rule}` 缺少 `require`"),
                format!("rule `{rule}` has no `require`"),
            )
            .label(*span, "这条规则", "this rule")
            .help(
                "用 `require 条件` 写出标准要求",
                "state the standard with `require CONDITION`",
            ),
            E::UnknownEntity {
                name,
                suggestion,
                span,
            } => dym(
                Draft::new(
                    "ylcheck::rules::unknown-entity",
                    format!("未知实体 `{name}`"),
                    format!("unknown entity `{name}`"),
                )
                .label(*span, "未知实体", "unknown entity"),
                suggestion,
            ),
            E::UnknownSeverity { name, span } => here(
                "ylcheck::rules::severity",
                *span,
                format!("未知严重级别 `{name}`"),
                format!("unknown severity `{name}`"),
            )
            .help("可用：error、warning、info", "use error, warning or info"),
            E::NoTitle { rule, span } => Draft::new(
                SYNTAX,
                format!("规则 `{rule}` 缺少 `title`"),
                format!("rule `{rule}` has no `title`"),
            )
            .label(*span, "这条规则", "this rule")
            .help(
                "每条规则都要有中英文标题：title zh \"…\" en \"…\"",
                "every rule needs a title in both languages: title zh \"…\" en \"…\"",
            ),
            E::NoCite { rule, span } => Draft::new(
                "ylcheck::rules::no-cite",
                format!("规则 `{rule}` 没有引用条款"),
                format!("rule `{rule}` cites no clause"),
            )
            .label(*span, "这条规则", "this rule")
            .help(
                "用 `cite \"文号 条款\"` 写明依据",
                "say which clause requires it with `cite \"DOC NO. CLAUSE\"`",
            ),
            E::RuleTooLarge { span } => {
                let max = crate::lang::limits::MAX_RULE_NODES;
                Draft::new(
                    "ylcheck::rules::too-large",
                    format!("规则编译后超过 {max} 个节点"),
                    format!("the rule compiles to more than {max} nodes"),
                )
                .label(*span, "到这里超出", "past the limit here")
                .help(
                    "把规则拆成几条，或用 let 命名重复的部分",
                    "split the rule, or name repeated parts with `let`",
                )
            }
            E::RuleTooDeep { span } => {
                let max = crate::lang::limits::MAX_RULE_DEPTH;
                Draft::new(
                    "ylcheck::rules::too-deep",
                    format!("表达式连同所用的 let 嵌套超过 {max} 层"),
                    format!(
                        "the expression, with the lets it uses, is nested deeper than {max} levels"
                    ),
                )
                .label(*span, "嵌套太深", "too deep here")
                .help(
                    "缩短 let 的链条，或把规则拆成几条",
                    "shorten the chain of lets, or split the rule",
                )
            }
            E::TemplateField {
                name,
                entity,
                suggestion,
                span,
            } => {
                let d = Draft::new(
                    "ylcheck::rules::unknown-field",
                    format!("消息中的字段 `{name}` 不存在于 `{entity}`"),
                    format!("message names unknown field `{name}` of `{entity}`"),
                )
                .label(*span, "未知字段", "unknown field");
                match suggestion {
                    Some(s) => d.with_help(did_you_mean(&format!("{{{s}}}"))),
                    None => d,
                }
            }
            E::FaultPatternName {
                name,
                suggestion,
                span,
            } => {
                let d = Draft::new(
                    "ylcheck::rules::unknown-field",
                    format!("`{{faults: …}}` 中的 `{name}` 不是 column、actual 或 required"),
                    format!("`{name}` in `{{faults: …}}` is not column, actual or required"),
                )
                .label(*span, "未知名称", "unknown name");
                match suggestion {
                    Some(s) => d.with_help(did_you_mean(&format!("{{{s}}}"))),
                    None => d,
                }
            }
            _ => return None,
        })
    }
}
