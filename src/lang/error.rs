//! What can be wrong with rule files, as data: each error of the rule language with
//! its code, the places it points at, and its text in Chinese and in English side by
//! side. The stage returns these; they become diagnostics in the run's language only
//! where pack loading is reported ([`crate::rules`]).

use super::param_override::{Override, flag_source};
use super::span::Span;
use crate::diag::{Both, Draft, did_you_mean};
use crate::units::Dim;
use std::sync::Arc;

/// An error found in rule files, with the file it is in (`None` for a parameter
/// override given outside the packs).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Located {
    pub file: Option<usize>,
    pub error: LangError,
}

/// What a message says a value is, in the reader's words.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Num(Dim),
    Bool,
    Text,
    Place,
    /// A value of the enum field named.
    ValueOf(String),
    Date,
    List,
    Geometry,
    /// A bare word that names nothing.
    Word(String),
}

impl Kind {
    fn text(&self) -> Both {
        match self {
            Kind::Num(dim) => Both::new(dim.describe(true), dim.describe(false)),
            Kind::Bool => Both::new("真假值", "a yes/no value"),
            Kind::Text => Both::new("文本", "text"),
            Kind::Place => Both::new("地名", "a place name"),
            Kind::ValueOf(f) => Both::new(format!("`{f}` 的取值"), format!("a value of `{f}`")),
            Kind::Date => Both::new("日期", "a date"),
            Kind::List => Both::new("列表", "a list"),
            Kind::Geometry => Both::new("几何图形", "a geometry"),
            Kind::Word(n) => Both::same(format!("`{n}`")),
        }
    }
}

/// What the parser wanted where it found something else.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Want {
    Punct(&'static str),
    QuotedText,
    Date,
    Name,
    Bilingual,
    Item,
    ParamName,
    DefineName,
    Expression,
    Then,
    Else,
    FieldName,
    PatternName,
    Aggregate,
    /// `of` in the aggregate named.
    Of(String),
    EntityName,
    Comparison,
    RuleKey,
    Severity,
    UncheckedKey,
    Reason,
    PartialKey,
    Missing,
    TestKey,
    EntityOrBrace,
    FieldOrBrace,
    PackKey,
    EntityKeyword,
    GeometryField,
    PlaceField,
    ValueName,
    PointOrLevel,
    Longitude,
    Latitude,
    CheckOp,
    FieldOrNumber,
    EnumValueOrBrace,
    EnumValue,
    FieldType,
}

impl Want {
    fn text(&self) -> Both {
        let (zh, en) = match self {
            Want::Punct(p) => return Both::same(format!("`{p}`")),
            Want::Of(_) => ("`of`", "`of`"),
            Want::QuotedText => ("带引号的文本", "quoted text"),
            Want::Date => ("日期", "a date"),
            Want::Name => ("名称", "a name"),
            Want::Bilingual => ("`zh \"…\" en \"…\"`", "`zh \"…\" en \"…\"`"),
            Want::Item => (
                "`pack`、`entity`、`rule`、`test`、`param` 或 `define`",
                "`pack`, `entity`, `rule`, `test`, `param` or `define`",
            ),
            Want::ParamName => ("参数名", "a parameter name"),
            Want::DefineName => ("定义名", "a definition's name"),
            Want::Expression => ("表达式", "an expression"),
            Want::Then => ("`then`", "`then`"),
            Want::Else => ("`else`", "`else`"),
            Want::FieldName => ("字段名", "a field name"),
            Want::PatternName => ("模式名", "a pattern's name"),
            Want::Aggregate => ("聚合函数", "an aggregate"),
            Want::EntityName => ("实体名称", "an entity name"),
            Want::Comparison => ("比较运算符", "a comparison"),
            Want::RuleKey => (
                "`title`、`message`、`requirement`、`note`、`cite`、`standard`、`severity`、`for`、`from`、`until`、`due`、`let`、`require` 或 `}`",
                "`title`, `message`, `requirement`, `note`, `cite`, `standard`, `severity`, `for`, `from`, `until`, `due`, `let`, `require` or `}`",
            ),
            Want::Severity => (
                "`error`、`warning` 或 `info`",
                "`error`, `warning` or `info`",
            ),
            Want::UncheckedKey => ("`cite`、`reason` 或 `}`", "`cite`, `reason` or `}`"),
            Want::Reason => ("`reason zh \"…\" en \"…\"`", "`reason zh \"…\" en \"…\"`"),
            Want::PartialKey => ("`cite`、`missing` 或 `}`", "`cite`, `missing` or `}`"),
            Want::Missing => ("`missing zh \"…\" en \"…\"`", "`missing zh \"…\" en \"…\"`"),
            Want::TestKey => (
                "`pass`、`fail`、`unknown`、`skip`、`given` 或 `}`",
                "`pass`, `fail`, `unknown`, `skip`, `given` or `}`",
            ),
            Want::EntityOrBrace => ("实体名称或 `{`", "an entity name or `{`"),
            Want::FieldOrBrace => ("字段名或 `}`", "a field name or `}`"),
            Want::PackKey => (
                "`title`、`source`、`region`、`issued` 或 `}`",
                "`title`, `source`, `region`, `issued` or `}`",
            ),
            Want::EntityKeyword => ("`entity`", "`entity`"),
            Want::GeometryField => ("几何字段名", "a geometry field name"),
            Want::PlaceField => ("地名字段名", "a place field name"),
            Want::ValueName => ("取值名", "a value name"),
            Want::PointOrLevel => (
                "`point`、`level` 或 `office_level`",
                "`point`, `level` or `office_level`",
            ),
            Want::Longitude => ("经度字段名", "a longitude field name"),
            Want::Latitude => ("纬度字段名", "a latitude field name"),
            Want::CheckOp => ("`<=`、`<`、`>=` 或 `>`", "`<=`, `<`, `>=` or `>`"),
            Want::FieldOrNumber => ("字段名或数值", "a field name or a number"),
            Want::EnumValueOrBrace => ("枚举值名称或 `}`", "an enum value name or `}`"),
            Want::EnumValue => ("枚举值名称", "an enum value name"),
            Want::FieldType => ("字段类型", "a field type"),
        };
        Both::new(zh, en)
    }

    /// The help line an error for this want carries, if any.
    fn help(&self) -> Option<Both> {
        let (zh, en) = match self {
            Want::QuotedText => (
                "文本要写在双引号里，如 \"街道\"",
                "write text in double quotes, like \"street\"",
            ),
            Want::Date => ("日期写作 2022-12-31", "write dates as 2022-12-31"),
            Want::Bilingual => (
                "每段面向用户的文字都要有中文和英文：zh \"中文\" en \"English\"",
                "every user-facing text needs Chinese and English: zh \"中文\" en \"English\"",
            ),
            Want::Else => (
                "`if` 必须有 `else` 分支",
                "every `if` needs an `else` branch",
            ),
            Want::Of(w) => {
                return Some(Both::new(
                    format!("写作 `{w}(表达式 of 实体 where 条件)`"),
                    format!("write `{w}(EXPR of ENTITY where CONDITION)`"),
                ));
            }
            Want::Comparison => ("相等比较写作 `==`", "equality is written `==`"),
            Want::Reason => (
                "说明为什么无法从数据检查这条标准",
                "say why this standard cannot be checked from data",
            ),
            Want::Missing => (
                "说明这条标准的哪一部分没有规则检查",
                "say which part of this standard no rule checks",
            ),
            _ => return None,
        };
        Some(Both::new(zh, en))
    }
}

/// Which two things must agree in type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Sides {
    IfBranches,
    Comparison,
    PlusMinus,
}

/// One side of an operator whose sides differ in dimension: where it is, its
/// dimension, and its digits if it is a number written without a unit.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Operand {
    pub span: Span,
    pub dim: Dim,
    pub bare: Option<String>,
}

/// An error of the rule language. Each variant's code, places and texts are in
/// [`LangError::draft`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LangError {
    // Files and packs.
    FileTooLarge {
        max: usize,
    },
    TwoPacks {
        span: Span,
    },
    NoPack {
        span: Span,
    },
    DuplicatePack {
        id: String,
        span: Span,
    },
    DuplicateRule {
        id: String,
        span: Span,
        first: Span,
    },
    UnknownRule {
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    AsOfNotDate {
        span: Span,
    },
    TestWrongEntity {
        want: String,
        named: String,
        span: Span,
    },
    // Tokens and syntax.
    Unterminated {
        span: Span,
    },
    UnexpectedChar {
        c: char,
        span: Span,
    },
    /// `found` is the token as shown, `None` at the end of the file.
    Expected {
        want: Want,
        found: Option<String>,
        span: Span,
    },
    TooDeep {
        span: Span,
    },
    NoFor {
        rule: String,
        span: Span,
    },
    NoRequire {
        rule: String,
        span: Span,
    },
    // Rules.
    UnknownEntity {
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    UnknownSeverity {
        name: String,
        span: Span,
    },
    NoTitle {
        rule: String,
        span: Span,
    },
    NoCite {
        rule: String,
        span: Span,
    },
    RuleTooLarge {
        span: Span,
    },
    RuleTooDeep {
        span: Span,
    },
    TemplateField {
        name: String,
        entity: String,
        suggestion: Option<String>,
        span: Span,
    },
    /// A name in a `{faults: …}` pattern other than column, actual or required.
    FaultPatternName {
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    // Types of expressions.
    LetTaken {
        name: String,
        entity: String,
        span: Span,
    },
    NotCondition {
        what: Kind,
        span: Span,
    },
    InvalidRegex {
        error: String,
        span: Span,
    },
    RegexTooLarge {
        span: Span,
    },
    /// A word in an expression that is no field of the entity in hand.
    UnknownName {
        entity: String,
        name: String,
        suggestion: Option<String>,
        fields: String,
        span: Span,
    },
    BadDate {
        text: String,
        span: Span,
    },
    AgreesKinds {
        a: Kind,
        b: Kind,
        span: Span,
    },
    MatchesNotText {
        what: Kind,
        span: Span,
    },
    PatternNotText {
        span: Span,
    },
    SpatialArity {
        func: &'static str,
        want: usize,
        got: usize,
        span: Span,
    },
    SpatialNotGeometry {
        func: &'static str,
        what: Kind,
        span: Span,
    },
    CannotNegate {
        what: Kind,
        span: Span,
    },
    ContainsNotList {
        what: Kind,
        span: Span,
    },
    ListItemNotText {
        span: Span,
    },
    ListOutOfPlace {
        span: Span,
    },
    NumberTooLong {
        digits: String,
        span: Span,
    },
    UnknownUnit {
        unit: String,
        suggestion: Option<String>,
        span: Span,
    },
    NumberTooLarge {
        span: Span,
    },
    NotAValue {
        text: String,
        field: String,
        suggestion: Option<String>,
        values: Vec<String>,
        span: Span,
    },
    AmbiguousPlace {
        name: String,
        all: Vec<String>,
        span: Span,
    },
    UnknownPlace {
        name: String,
        near: Option<String>,
        span: Span,
    },
    Mismatch {
        sides: Sides,
        a: Kind,
        b: Kind,
        span: Span,
    },
    DimensionMismatch {
        op: &'static str,
        left: Operand,
        right: Operand,
    },
    NotOrdered {
        what: Kind,
        span: Span,
    },
    DateArithmetic {
        span: Span,
    },
    NotArithmetic {
        what: Kind,
        span: Span,
    },
    CallArity {
        func: &'static str,
        got: usize,
        span: Span,
    },
    CallArgument {
        func: &'static str,
        want: Kind,
        what: Kind,
        span: Span,
    },
    UnknownAggEntity {
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    NearestWithoutBy {
        span: Span,
    },
    ByWithoutNearest {
        span: Span,
    },
    DistinctOf {
        what: Kind,
        span: Span,
    },
    NotSummable {
        what: Kind,
        span: Span,
    },
    BadBy {
        span: Span,
    },
    // Coverage claims.
    ClaimedAndUnchecked {
        id: String,
        claim: Span,
        unchecked: Span,
    },
    PartialAndUnchecked {
        id: String,
        partial: Span,
        unchecked: Span,
    },
    PartialUnclaimed {
        id: String,
        span: Span,
    },
    // Definitions.
    DefineTaken {
        name: String,
        span: Span,
    },
    LetIsDefine {
        name: String,
        span: Span,
    },
    DefinedTwice {
        name: String,
        span: Span,
    },
    DefineCycle {
        name: String,
        span: Span,
    },
    DefineTooLarge {
        span: Span,
    },
    // Entities.
    MaybeNotDefinite {
        name: String,
        span: Span,
    },
    UnitNotOfType {
        unit: String,
        dim: Dim,
        ty: String,
        span: Span,
    },
    UnknownFieldUnit {
        unit: String,
        span: Span,
    },
    TypeTakesNoUnit {
        ty: String,
        span: Span,
    },
    NotReportable {
        ty: String,
        span: Span,
    },
    UnknownType {
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    EntityTwice {
        name: String,
        span: Span,
    },
    ExtendUnknown {
        name: String,
        span: Span,
    },
    FieldTwice {
        name: String,
        span: Span,
    },
    DisjointNotGeometry {
        name: String,
        span: Span,
    },
    /// `or level(…)` (`office: false`) or `or office_level(…)` on a field that is
    /// no enum.
    LevelNotEnum {
        office: bool,
        name: String,
        span: Span,
    },
    /// The field `or level(…)` reads is no place, or the one `or
    /// office_level(…)` reads no text.
    LevelNotPlace {
        office: bool,
        name: String,
        span: Span,
    },
    LevelValue {
        value: String,
        field: String,
        span: Span,
    },
    PointNotGeometry {
        name: String,
        span: Span,
    },
    PointNotNumber {
        name: String,
        span: Span,
    },
    /// A declared or tested field the entity does not have.
    UnknownField {
        entity: String,
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    CheckNotQuantity {
        name: String,
        span: Span,
    },
    CheckDimension {
        left: String,
        span: Span,
    },
    CheckNumber {
        digits: String,
        span: Span,
    },
    // Test records.
    TestValue {
        field: String,
        span: Span,
    },
    TestValueNotEnum {
        field: String,
        value: String,
        span: Span,
    },
    TestValueUnit {
        field: String,
        dim: Dim,
        span: Span,
    },
    // Parameters.
    ParamNotNumber {
        name: String,
        span: Span,
    },
    ParamFlag {
        text: String,
    },
    OverrideSyntax {
        given: Override,
        error: Box<LangError>,
    },
    OverrideNotNumber {
        given: Override,
    },
    OverrideDimension {
        given: Override,
        want: Option<Dim>,
        got: Option<Dim>,
    },
    OverrideUnknown {
        given: Override,
        known: Vec<String>,
    },
}

/// Most memory a `matches` pattern may compile to, as its error states it.
pub(crate) const REGEX_MIB: usize = super::check::MAX_REGEX >> 20;

impl LangError {
    /// The error with its code, labels, help and both texts.
    pub(crate) fn draft(&self) -> Draft {
        use LangError as E;
        const SYNTAX: &str = "ylcheck::rules::syntax";
        const TYPE: &str = "ylcheck::rules::type";
        const DIMENSION: &str = "ylcheck::rules::dimension";
        const DUPLICATE: &str = "ylcheck::rules::duplicate";
        const DEFINE: &str = "ylcheck::rules::define";
        const TEST: &str = "ylcheck::rules::test";
        const PARAM: &str = "ylcheck::param";
        let here = |code, span: Span, zh: String, en: String| {
            Draft::new(code, zh, en).label(span, "这里", "here")
        };
        let dym = |d: Draft, s: &Option<String>| match s {
            Some(s) => d.with_help(did_you_mean(s)),
            None => d,
        };
        match self {
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
            .label(*span, "这条规则不属于任何规则包", "this rule belongs to no pack")
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
            E::AsOfNotDate { span } => {
                Draft::new(TEST, "`as_of` 后应为日期", "`as_of` takes a date")
                    .label(*span, "不是日期", "not a date")
            }
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
            E::Unterminated { span } => Draft::new(SYNTAX, "字符串没有结束的引号", "unterminated string")
                .label(*span, "字符串从这里开始", "the string starts here")
                .help(
                    "用 `\"` 结束字符串；字符串不能跨行",
                    "close the string with `\"`; strings cannot span lines",
                ),
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
                .label(*span, format!("应为{}", w.zh), format!("expected {}", w.en));
                match want.help() {
                    Some(h) => d.with_help(h),
                    None => d,
                }
            }
            E::TooDeep { span } => Draft::new(
                "ylcheck::rules::too-deep",
                format!("表达式嵌套超过 {} 层", super::parser::MAX_DEPTH),
                format!(
                    "expression nested deeper than {} levels",
                    super::parser::MAX_DEPTH
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
                let max = super::MAX_RULE_NODES;
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
                let max = super::MAX_RULE_DEPTH;
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
            E::LetTaken { name, entity, span } => Draft::new(
                TYPE,
                format!("`{name}` 已是 `{entity}` 的字段或前面的 let"),
                format!("`{name}` is already a field of `{entity}` or an earlier let"),
            )
            .label(*span, "重名", "name taken"),
            E::NotCondition { what, span } => {
                let w = what.text();
                here(
                    TYPE,
                    *span,
                    format!("条件应为真假值，这里是{}", w.zh),
                    format!("a condition must be yes/no, this is {}", w.en),
                )
                .help(
                    "写成比较，如 `floor_area >= 2000 m2`",
                    "write a comparison, such as `floor_area >= 2000 m2`",
                )
            }
            E::InvalidRegex { error, span } => here(
                TYPE,
                *span,
                format!("无效的正则表达式：{error}"),
                format!("invalid regular expression: {error}"),
            ),
            E::RegexTooLarge { span } => Draft::new(
                TYPE,
                format!("正则表达式编译后超过 {REGEX_MIB} MiB 上限"),
                format!("the regular expression compiles to more than {REGEX_MIB} MiB"),
            )
            .label(*span, "过大", "too large"),
            E::UnknownName {
                entity,
                name,
                suggestion,
                fields,
                span,
            } => {
                let d = Draft::new(
                    TYPE,
                    format!("实体 `{entity}` 没有字段 `{name}`"),
                    format!("entity `{entity}` has no field `{name}`"),
                )
                .label(*span, "未知字段", "unknown field");
                match suggestion {
                    Some(s) => d.with_help(did_you_mean(s)),
                    None => d.help(
                        format!("`{entity}` 的字段有：{fields}"),
                        format!("the fields of `{entity}` are: {fields}"),
                    ),
                }
            }
            E::BadDate { text, span } => Draft::new(
                "ylcheck::rules::date",
                format!("`{text}` 不是有效日期"),
                format!("`{text}` is not a valid date"),
            )
            .label(*span, "无效日期", "invalid date")
            .help(
                "日期写作 YYYY-MM-DD，月份 1–12，日期在该月之内",
                "dates are YYYY-MM-DD with a real month and day",
            ),
            E::AgreesKinds { a, b, span } => {
                let (x, y) = (a.text(), b.text());
                here(
                    TYPE,
                    *span,
                    format!("agrees 需要同类的两个数量，这里是{}和{}", x.zh, y.zh),
                    format!(
                        "`agrees` compares two like quantities, not {} and {}",
                        x.en, y.en
                    ),
                )
            }
            E::MatchesNotText { what, span } => {
                let w = what.text();
                Draft::new(
                    TYPE,
                    format!("matches 只能用于文本，这里是{}", w.zh),
                    format!("`matches` takes text, this is {}", w.en),
                )
                .label(*span, "不是文本", "not text")
            }
            E::PatternNotText { span } => Draft::new(
                TYPE,
                "matches 的模式应是带引号的文本，或定义为文本的名称（define 名称 = \"…\"）",
                "the pattern of `matches` is quoted text, or the name of a text definition (define NAME = \"…\")",
            )
            .label(*span, "不是文本", "not text"),
            E::SpatialArity {
                func,
                want,
                got,
                span,
            } => here(
                TYPE,
                *span,
                format!("{func} 需要 {want} 个参数，这里有 {got}"),
                format!("`{func}` takes {want} argument(s), not {got}"),
            ),
            E::SpatialNotGeometry { func, what, span } => {
                let w = what.text();
                Draft::new(
                    TYPE,
                    format!("{func} 的参数应是几何图形，这里是{}", w.zh),
                    format!("`{func}` takes geometries, this is {}", w.en),
                )
                .label(*span, "不是几何图形", "not a geometry")
            }
            E::CannotNegate { what, span } => {
                let w = what.text();
                here(
                    TYPE,
                    *span,
                    format!("不能对{}取负", w.zh),
                    format!("cannot negate {}", w.en),
                )
            }
            E::ContainsNotList { what, span } => {
                let w = what.text();
                Draft::new(
                    TYPE,
                    format!("contains_all/contains_any 的左边应为列表字段，这里是{}", w.zh),
                    format!(
                        "`contains_all`/`contains_any` need a list field on the left, this is {}",
                        w.en
                    ),
                )
                .label(*span, "不是列表", "not a list")
                .help(
                    "列表字段在实体中声明为 `list`",
                    "list fields are declared `list` in the entity",
                )
            }
            E::ListItemNotText { span } => here(
                TYPE,
                *span,
                "列表项应为带引号的文本".into(),
                "list items must be quoted text".into(),
            )
            .help("如 [\"全托\", \"日托\"]", "e.g. [\"全托\", \"日托\"]"),
            E::ListOutOfPlace { span } => here(
                TYPE,
                *span,
                "列表只能用在 `in`、`contains_all`、`contains_any` 之后".into(),
                "a list can only follow `in`, `contains_all` or `contains_any`".into(),
            ),
            E::NumberTooLong { digits, span } => here(
                TYPE,
                *span,
                format!("数字 `{digits}` 太长"),
                format!("the number `{digits}` is too long"),
            ),
            E::UnknownUnit {
                unit,
                suggestion,
                span,
            } => {
                let d = Draft::new(
                    TYPE,
                    format!("未知单位 `{unit}`"),
                    format!("unknown unit `{unit}`"),
                )
                .label(*span, "未知单位", "unknown unit");
                match suggestion {
                    Some(s) => d.with_help(did_you_mean(s)),
                    None => d.help(UNITS_ZH, UNITS_EN),
                }
            }
            E::NumberTooLarge { span } => {
                here(TYPE, *span, "数值太大".into(), "number too large".into())
            }
            E::NotAValue {
                text,
                field,
                suggestion,
                values,
                span,
            } => {
                let d = Draft::new(
                    TYPE,
                    format!("`{text}` 不是 `{field}` 的取值"),
                    format!("`{text}` is not a value of `{field}`"),
                )
                .label(*span, "未知取值", "unknown value");
                match suggestion {
                    Some(s) => d.with_help(did_you_mean(s)),
                    None => d.help(
                        format!("可用取值：{}", values.join("、")),
                        format!("the values are: {}", values.join(", ")),
                    ),
                }
            }
            E::AmbiguousPlace { name, all, span } => Draft::new(
                TYPE,
                format!("地名 `{name}` 不止一处"),
                format!("more than one place is called `{name}`"),
            )
            .label(*span, "这个地名", "this place name")
            .help(
                format!("请写全称：{}", all.join("、")),
                format!("write the full name: {}", all.join(", ")),
            ),
            E::UnknownPlace { name, near, span } => {
                let d = Draft::new(
                    TYPE,
                    format!("`{name}` 不是河南省的市、县（区）"),
                    format!("`{name}` is no city or county of 河南省"),
                )
                .label(*span, "这个地名", "this place name");
                match near {
                    Some(n) => d.with_help(did_you_mean(n)),
                    None => d.help(
                        "地名见 rules/gazetteer.toml",
                        "places are listed in rules/gazetteer.toml",
                    ),
                }
            }
            E::Mismatch { sides, a, b, span } => {
                let (what_zh, what_en) = match sides {
                    Sides::IfBranches => ("if 的两个分支", "the branches of `if`"),
                    Sides::Comparison => ("比较的两边", "both sides of a comparison"),
                    Sides::PlusMinus => ("加减的两边", "both sides of `+`/`-`"),
                };
                let (da, db) = (a.text(), b.text());
                let d = Draft::new(
                    DIMENSION,
                    format!("{what_zh}类型不一致：{}与{}", da.zh, db.zh),
                    format!("{what_en} do not match: {} and {}", da.en, db.en),
                )
                .label(*span, "类型不一致", "mismatched here");
                match (a, b) {
                    (Kind::Num(x), Kind::Num(y)) if y.is_number() && !x.is_number() => {
                        let sym = x.base_symbol();
                        d.help(
                            format!("给数字加上单位，如 `50 {sym}`"),
                            format!("give the number a unit, e.g. `50 {sym}`"),
                        )
                    }
                    (Kind::Num(x), Kind::Num(y)) if *x == Dim::AREA || *y == Dim::AREA => d.help(
                        "面积单位：m2、亩、公顷、km2",
                        "area units are m2, 亩, 公顷, km2",
                    ),
                    _ => d.help(
                        "比较和加减只能在同类的量之间进行",
                        "only like quantities can be compared, added or subtracted",
                    ),
                }
            }
            E::DimensionMismatch { op, left, right } => {
                let (dl, dr) = (left.dim, right.dim);
                let d = Draft::new(
                    DIMENSION,
                    format!(
                        "`{op}` 两边的量纲不同：{}与{}",
                        dl.describe(true),
                        dr.describe(true)
                    ),
                    format!(
                        "`{op}` between {} and {}",
                        dl.describe(false),
                        dr.describe(false)
                    ),
                )
                .label(left.span, dl.describe(true), dl.describe(false))
                .label(right.span, dr.describe(true), dr.describe(false));
                let unit = |digits: &str, s: String| {
                    Both::new(
                        format!("给数字加上单位，如 `{digits} {s}`"),
                        format!("give the number a unit, e.g. `{digits} {s}`"),
                    )
                };
                d.with_help(match (&left.bare, &right.bare) {
                    (_, Some(r)) if dr.is_number() && !dl.is_number() => unit(r, dl.base_symbol()),
                    (Some(l), _) if dl.is_number() && !dr.is_number() => unit(l, dr.base_symbol()),
                    _ if dl == Dim::AREA || dr == Dim::AREA => Both::new(
                        "面积单位：m2、亩、公顷、km2；长度单位：m、km",
                        "area units are m2, 亩, 公顷, km2; length units are m, km",
                    ),
                    _ => Both::new(
                        "只有同类的量才能比较或加减",
                        "only like quantities can be compared, added or subtracted",
                    ),
                })
            }
            E::NotOrdered { what, span } => {
                let w = what.text();
                here(
                    TYPE,
                    *span,
                    format!("{}不能比较大小", w.zh),
                    format!("{} cannot be ordered", w.en),
                )
                .help(
                    "只有数量和日期能用 < <= > >=",
                    "only quantities and dates take < <= > >=",
                )
            }
            E::DateArithmetic { span } => here(
                TYPE,
                *span,
                "日期只能相减（得到天数），或加减天数".into(),
                "dates can only be subtracted (giving days) or moved by a number of days".into(),
            )
            .help(
                "如 `date - self.date <= 7`、`as_of - 7`",
                "e.g. `date - self.date <= 7`, `as_of - 7`",
            ),
            E::NotArithmetic { what, span } => {
                let w = what.text();
                Draft::new(
                    TYPE,
                    format!("不能对{}做算术", w.zh),
                    format!("cannot do arithmetic on {}", w.en),
                )
                .label(*span, "不是数量", "not a quantity")
            }
            E::CallArity { func, got, span } => here(
                TYPE,
                *span,
                format!("{func} 需要 1 个参数，这里有 {got}"),
                format!("`{func}` takes 1 argument, not {got}"),
            ),
            E::CallArgument {
                func,
                want,
                what,
                span,
            } => {
                let (w, x) = (want.text(), what.text());
                here(
                    TYPE,
                    *span,
                    format!("{func} 的参数应是{}，这里是{}", w.zh, x.zh),
                    format!("`{func}` takes {}, this is {}", w.en, x.en),
                )
            }
            E::UnknownAggEntity {
                name,
                suggestion,
                span,
            } => dym(
                Draft::new(
                    TYPE,
                    format!("未知实体 `{name}`"),
                    format!("unknown entity `{name}`"),
                )
                .label(*span, "未知实体", "unknown entity"),
                suggestion,
            ),
            E::NearestWithoutBy { span } => here(
                TYPE,
                *span,
                "nearest 需要 `by distance(位置字段, self.位置字段)`".into(),
                "`nearest` needs `by distance(FIELD, self.FIELD)`".into(),
            )
            .help(
                "如 `nearest(name of facility where … by distance(location, self.location))`",
                "e.g. `nearest(name of facility where … by distance(location, self.location))`",
            ),
            E::ByWithoutNearest { span } => here(
                TYPE,
                *span,
                "只有 nearest 可以写 `by`".into(),
                "only `nearest` takes `by`".into(),
            ),
            E::DistinctOf { what, span } => {
                let w = what.text();
                here(
                    TYPE,
                    *span,
                    format!("distinct/nearest 不能取{}", w.zh),
                    format!("`distinct`/`nearest` cannot take {}", w.en),
                )
            }
            E::NotSummable { what, span } => {
                let w = what.text();
                Draft::new(
                    TYPE,
                    format!("只能对数量求和或取极值，这里是{}", w.zh),
                    format!(
                        "only quantities can be summed, averaged or compared, this is {}",
                        w.en
                    ),
                )
                .label(*span, "不是数量", "not a quantity")
            }
            E::BadBy { span } => here(
                TYPE,
                *span,
                "`by` 后应为 distance(位置字段, self.位置字段)".into(),
                "`by` takes distance(FIELD, self.FIELD)".into(),
            ),
            E::ClaimedAndUnchecked {
                id,
                claim,
                unchecked,
            } => Draft::new(
                "ylcheck::rules::standard-conflict",
                format!("标准 `{id}` 既由规则检查，又声明为 `unchecked`"),
                format!("standard `{id}` is claimed by a rule and also declared `unchecked`"),
            )
            .label(*claim, "规则声明检查它", "a rule claims it here")
            .label(*unchecked, "又声明为无法检查", "declared unchecked here")
            .help(
                "规则只检查其中一部分时改用 `partial` 说明未检查的部分；否则删去 `unchecked` 或规则的 `standard`",
                "if the rules check only part of it, use `partial` to say what is left; otherwise remove the `unchecked` block or the rule's `standard`",
            ),
            E::PartialAndUnchecked {
                id,
                partial,
                unchecked,
            } => Draft::new(
                "ylcheck::rules::standard-conflict",
                format!("标准 `{id}` 既声明为 `partial`，又声明为 `unchecked`"),
                format!("standard `{id}` is declared both `partial` and `unchecked`"),
            )
            .label(*partial, "部分检查", "partly checked here")
            .label(*unchecked, "又声明为无法检查", "declared unchecked here")
            .help(
                "一条标准要么部分检查，要么无法检查：删去其中一个声明",
                "a standard is either partly checked or not checkable: remove one of the two",
            ),
            E::PartialUnclaimed { id, span } => Draft::new(
                "ylcheck::rules::standard-unclaimed",
                format!("标准 `{id}` 声明为 `partial`，但本规则包中没有规则检查它"),
                format!("standard `{id}` is declared `partial`, but no rule of this pack claims it"),
            )
            .label(*span, "没有规则的 `standard` 写这个编号", "no rule's `standard` names this id")
            .help(
                "在检查它的规则中写 `standard \"编号\"`，或改用 `unchecked` 说明无法检查的原因",
                "name it in the checking rule's `standard`, or declare it `unchecked` with the reason",
            ),
            E::DefineTaken { name, span } => Draft::new(
                DEFINE,
                format!("`{name}` 已是字段名或可选值，不能再作为定义的名称"),
                format!("`{name}` is already a field or an enum value; a definition cannot take its name"),
            )
            .label(*span, "换一个名称", "choose another name"),
            E::LetIsDefine { name, span } => Draft::new(
                DEFINE,
                format!("`{name}` 已是本规则包的定义，`let` 不能再用这个名称"),
                format!("`{name}` is a definition of this pack; a `let` cannot take its name"),
            )
            .label(*span, "换一个名称", "choose another name"),
            E::DefinedTwice { name, span } => Draft::new(
                DEFINE,
                format!("`{name}` 定义了两次"),
                format!("`{name}` is defined twice"),
            )
            .label(*span, "第二次定义", "defined again here"),
            E::DefineCycle { name, span } => Draft::new(
                DEFINE,
                format!("定义 `{name}` 直接或间接地用到了它自己"),
                format!("the definition `{name}` uses itself, directly or through others"),
            )
            .label(*span, "循环定义", "defined in a circle"),
            E::DefineTooLarge { span } => {
                let max = super::defines::MAX_EXPANDED;
                Draft::new(
                    DEFINE,
                    format!("展开定义后超过 {max} 个节点"),
                    format!("more than {max} nodes once its definitions are written out"),
                )
                .label(*span, "展开后过大", "too large written out")
                .help(
                    "用 `let` 保存一次计算的值，而不是让定义层层重复使用",
                    "keep a value computed once in a `let` instead of definitions that repeat each other",
                )
            }
            E::MaybeNotDefinite { name, span } => Draft::new(
                TYPE,
                format!("`maybe` 须列出本枚举中其他确定的取值，`{name}` 不是"),
                format!("`maybe` lists other, definite values of the enum; `{name}` is not one"),
            )
            .label(*span, "不是其他确定的取值", "not another definite value"),
            E::UnitNotOfType {
                unit,
                dim,
                ty,
                span,
            } => Draft::new(
                DIMENSION,
                format!(
                    "单位 `{unit}` 是{}，与类型 `{ty}` 不符",
                    dim.describe(true)
                ),
                format!(
                    "unit `{unit}` is {}, not what `{ty}` holds",
                    dim.describe(false)
                ),
            )
            .label(*span, "单位不符", "wrong unit"),
            E::UnknownFieldUnit { unit, span } => Draft::new(
                "ylcheck::rules::unit",
                format!("未知单位 `{unit}`"),
                format!("unknown unit `{unit}`"),
            )
            .label(*span, "未知单位", "unknown unit")
            .help(UNITS_ZH, UNITS_EN),
            E::TypeTakesNoUnit { ty, span } => Draft::new(
                "ylcheck::rules::unit",
                format!("类型 `{ty}` 不带单位"),
                format!("type `{ty}` takes no unit"),
            )
            .label(*span, "多余的单位", "unexpected unit"),
            E::NotReportable { ty, span } => Draft::new(
                TYPE,
                format!("`{ty}` 不是数量，不能是 reported"),
                format!("`{ty}` is not a quantity and cannot be `reported`"),
            )
            .label(*span, "只有数量可以", "only quantities can be"),
            E::UnknownType {
                name,
                suggestion,
                span,
            } => {
                let d = Draft::new(
                    TYPE,
                    format!("未知字段类型 `{name}`"),
                    format!("unknown field type `{name}`"),
                )
                .label(*span, "未知类型", "unknown type");
                let types = super::entities::TYPES.join(" ");
                match suggestion {
                    Some(s) => d.with_help(did_you_mean(s)),
                    None => d.help(format!("可用类型：{types}"), format!("the types are: {types}")),
                }
            }
            E::EntityTwice { name, span } => Draft::new(
                DUPLICATE,
                format!("实体 `{name}` 重复声明"),
                format!("entity `{name}` is declared twice"),
            )
            .label(*span, "重复声明", "declared again here")
            .help(
                "用 `extend entity` 为已有实体增加字段",
                "use `extend entity` to add fields to an existing entity",
            ),
            E::ExtendUnknown { name, span } => Draft::new(
                "ylcheck::rules::unknown-entity",
                format!("要扩展的实体 `{name}` 不存在"),
                format!("cannot extend unknown entity `{name}`"),
            )
            .label(*span, "未知实体", "unknown entity"),
            E::FieldTwice { name, span } => Draft::new(
                DUPLICATE,
                format!("字段 `{name}` 重复声明"),
                format!("field `{name}` is declared twice"),
            )
            .label(*span, "重复声明", "declared again here"),
            E::DisjointNotGeometry { name, span } => Draft::new(
                TYPE,
                format!("`disjoint` 要求 geometry 字段，`{name}` 不是"),
                format!("`disjoint` takes a geometry field; `{name}` is not one"),
            )
            .label(*span, "不是 geometry", "not a geometry"),
            E::LevelNotEnum { office, name, span } => {
                let form = if *office { "office_level" } else { "level" };
                Draft::new(
                    TYPE,
                    format!("`or {form}(…)` 只能用于 enum 字段，`{name}` 不是"),
                    format!("`or {form}(…)` belongs to an enum field; `{name}` is not one"),
                )
                .label(*span, "不是 enum", "not an enum")
            }
            E::LevelNotPlace {
                office: false,
                name,
                span,
            } => Draft::new(
                TYPE,
                format!("`or level(…)` 的地名字段 `{name}` 应是 place"),
                format!("the place field `{name}` of `or level(…)` must be a `place`"),
            )
            .label(*span, "不是 place", "not a place"),
            E::LevelNotPlace {
                office: true,
                name,
                span,
            } => Draft::new(
                TYPE,
                format!("`or office_level(…)` 的单位字段 `{name}` 应是 text"),
                format!("the unit field `{name}` of `or office_level(…)` must be a `text`"),
            )
            .label(*span, "不是 text", "not a text"),
            E::LevelValue { value, field, span } => Draft::new(
                TYPE,
                format!("`{value}` 不是 `{field}` 的可选值"),
                format!("`{value}` is not a value of `{field}`"),
            )
            .label(*span, "未知取值", "unknown value"),
            E::PointNotGeometry { name, span } => Draft::new(
                TYPE,
                format!("`or point(…)` 只能用于 geometry 字段，`{name}` 不是"),
                format!("`or point(…)` belongs to a geometry field; `{name}` is not one"),
            )
            .label(*span, "不是 geometry", "not a geometry"),
            E::PointNotNumber { name, span } => Draft::new(
                TYPE,
                format!("点的坐标字段 `{name}` 应是 number"),
                format!("the coordinate field `{name}` of a point must be a `number`"),
            )
            .label(*span, "不是 number", "not a number"),
            E::UnknownField {
                entity,
                name,
                suggestion,
                span,
            } => dym(
                Draft::new(
                    "ylcheck::rules::unknown-field",
                    format!("实体 `{entity}` 没有字段 `{name}`"),
                    format!("entity `{entity}` has no field `{name}`"),
                )
                .label(*span, "未知字段", "unknown field"),
                suggestion,
            ),
            E::CheckNotQuantity { name, span } => Draft::new(
                TYPE,
                format!("`check` 只比较数量字段，`{name}` 不是"),
                format!("`check` compares quantities; `{name}` is not one"),
            )
            .label(*span, "不是数量", "not a quantity"),
            E::CheckDimension { left, span } => Draft::new(
                DIMENSION,
                format!("`check` 两边的量纲不同：`{left}`"),
                format!("the two sides of `check {left}` differ in dimension"),
            )
            .label(*span, "量纲不同", "another dimension"),
            E::CheckNumber { digits, span } => Draft::new(
                "ylcheck::rules::number",
                format!("无法读取数值 `{digits}`"),
                format!("cannot read the number `{digits}`"),
            )
            .label(*span, "数值", "number"),
            E::TestValue { field, span } => test_value(field, *span),
            E::TestValueNotEnum { field, value, span } => test_value(field, *span).help(
                format!("`{value}` 不是 `{field}` 的取值"),
                format!("`{value}` is not a value of `{field}`"),
            ),
            E::TestValueUnit { field, dim, span } => test_value(field, *span).help(
                format!("`{field}` 需要{}的单位", dim.describe(true)),
                format!("`{field}` needs a unit of {}", dim.describe(false)),
            ),
            E::ParamNotNumber { name, span } => Draft::new(
                "ylcheck::rules::param",
                format!("参数 `{name}` 的值应是带单位的数"),
                format!("parameter `{name}` must be a number with its unit"),
            )
            .label(*span, "不是数", "not a number"),
            E::ParamFlag { text } => Draft::new(
                PARAM,
                format!("--param {text}：应写成 名称=值，如 walk_radius=800m"),
                format!("--param {text}: write NAME=VALUE, e.g. walk_radius=800m"),
            ),
            E::OverrideSyntax { given, error } => {
                at_override(given, error.draft(), Both::same(""))
            }
            E::OverrideNotNumber { given } => {
                let shown = shown(given);
                at_override(
                    given,
                    Draft::new(
                        PARAM,
                        format!("{shown}：值应是带单位的数，如 800m"),
                        format!("{shown}: the value must be a number with its unit, e.g. 800m"),
                    ),
                    Both::new("不是带单位的数", "not a number with its unit"),
                )
            }
            E::OverrideDimension { given, want, got } => {
                let (shown, name) = (shown(given), &given.name);
                let describe = |d: &Option<Dim>, zh| d.map_or_else(|| "?".to_string(), |d| d.describe(zh));
                at_override(
                    given,
                    Draft::new(
                        PARAM,
                        format!(
                            "{shown}：规则包声明的 `{name}` 是{}，这里给的是{}",
                            describe(want, true),
                            describe(got, true)
                        ),
                        format!(
                            "{shown}: the packs declare `{name}` as {}, not {}",
                            describe(want, false),
                            describe(got, false)
                        ),
                    ),
                    Both::new("单位不同类", "a unit of another kind"),
                )
            }
            E::OverrideUnknown { given, known } => {
                let name = &given.name;
                at_override(
                    given,
                    Draft::new(
                        PARAM,
                        format!("没有规则包声明参数 `{name}`"),
                        format!("no rule pack declares a parameter `{name}`"),
                    )
                    .help(
                        format!("可用的参数：{}", known.join("、")),
                        format!("parameters: {}", known.join(", ")),
                    ),
                    Both::new("未声明的参数", "not a parameter of any pack"),
                )
            }
        }
    }
}

const UNITS_ZH: &str = "可用单位：m2 亩 公顷 km2 m km 元 万元 亿元 % ‰";
const UNITS_EN: &str = "known units: m2 亩 公顷 km2 m km 元 万元 亿元 % ‰";

fn test_value(field: &str, span: Span) -> Draft {
    Draft::new(
        "ylcheck::rules::test",
        format!("`{field}` 的测试值类型不符"),
        format!("test value does not fit `{field}`"),
    )
    .label(span, "这个值", "this value")
    .help(
        "写成该字段的字面量，如 2000 m2、\"文本\"、true、2022-12-31、[\"全托\"]，或按表格单元格写成文本",
        "write a literal of the field's type, e.g. 2000 m2, \"text\", true, 2022-12-31, [\"全托\"], or text as a spreadsheet cell would hold it",
    )
}

/// An override as its error names it: the flag, or the settings file's line.
fn shown(o: &Override) -> String {
    match o.from {
        None => format!("--param {}={}", o.name, o.value),
        Some(_) => format!("params.{} = {}", o.name, o.value),
    }
}

/// A flag is shown as the declaration it stands for; a value from the settings file
/// is labelled where it is written.
fn at_override(o: &Override, mut d: Draft, label: Both) -> Draft {
    match &o.from {
        None => {
            d.source = Some(("--param".to_string(), Arc::from(flag_source(o).as_str())));
            d
        }
        Some((path, file, span)) => {
            d.source = Some((path.clone(), file.clone()));
            d.labels.push(((*span).into(), label));
            d
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which variant an error is: a `match` with no wildcard, so a new variant
    /// does not compile until it has a number here (and so an example below).
    fn index(e: &LangError) -> usize {
        match e {
            LangError::FileTooLarge { .. } => 0,
            LangError::TwoPacks { .. } => 1,
            LangError::NoPack { .. } => 2,
            LangError::DuplicatePack { .. } => 3,
            LangError::DuplicateRule { .. } => 4,
            LangError::UnknownRule { .. } => 5,
            LangError::AsOfNotDate { .. } => 6,
            LangError::TestWrongEntity { .. } => 7,
            LangError::Unterminated { .. } => 8,
            LangError::UnexpectedChar { .. } => 9,
            LangError::Expected { .. } => 10,
            LangError::TooDeep { .. } => 11,
            LangError::NoFor { .. } => 12,
            LangError::NoRequire { .. } => 13,
            LangError::UnknownEntity { .. } => 14,
            LangError::UnknownSeverity { .. } => 15,
            LangError::NoTitle { .. } => 16,
            LangError::NoCite { .. } => 17,
            LangError::RuleTooLarge { .. } => 18,
            LangError::RuleTooDeep { .. } => 19,
            LangError::TemplateField { .. } => 20,
            LangError::LetTaken { .. } => 21,
            LangError::NotCondition { .. } => 22,
            LangError::InvalidRegex { .. } => 23,
            LangError::RegexTooLarge { .. } => 24,
            LangError::UnknownName { .. } => 25,
            LangError::BadDate { .. } => 26,
            LangError::AgreesKinds { .. } => 27,
            LangError::MatchesNotText { .. } => 28,
            LangError::PatternNotText { .. } => 29,
            LangError::SpatialArity { .. } => 30,
            LangError::SpatialNotGeometry { .. } => 31,
            LangError::CannotNegate { .. } => 32,
            LangError::ContainsNotList { .. } => 33,
            LangError::ListItemNotText { .. } => 34,
            LangError::ListOutOfPlace { .. } => 35,
            LangError::NumberTooLong { .. } => 36,
            LangError::UnknownUnit { .. } => 37,
            LangError::NumberTooLarge { .. } => 38,
            LangError::NotAValue { .. } => 39,
            LangError::AmbiguousPlace { .. } => 40,
            LangError::UnknownPlace { .. } => 41,
            LangError::Mismatch { .. } => 42,
            LangError::DimensionMismatch { .. } => 43,
            LangError::NotOrdered { .. } => 44,
            LangError::DateArithmetic { .. } => 45,
            LangError::NotArithmetic { .. } => 46,
            LangError::CallArity { .. } => 47,
            LangError::CallArgument { .. } => 48,
            LangError::UnknownAggEntity { .. } => 49,
            LangError::NearestWithoutBy { .. } => 50,
            LangError::ByWithoutNearest { .. } => 51,
            LangError::DistinctOf { .. } => 52,
            LangError::NotSummable { .. } => 53,
            LangError::BadBy { .. } => 54,
            LangError::ClaimedAndUnchecked { .. } => 55,
            LangError::PartialAndUnchecked { .. } => 56,
            LangError::PartialUnclaimed { .. } => 57,
            LangError::DefineTaken { .. } => 58,
            LangError::LetIsDefine { .. } => 59,
            LangError::DefinedTwice { .. } => 60,
            LangError::DefineCycle { .. } => 61,
            LangError::DefineTooLarge { .. } => 62,
            LangError::MaybeNotDefinite { .. } => 63,
            LangError::UnitNotOfType { .. } => 64,
            LangError::UnknownFieldUnit { .. } => 65,
            LangError::TypeTakesNoUnit { .. } => 66,
            LangError::NotReportable { .. } => 67,
            LangError::UnknownType { .. } => 68,
            LangError::EntityTwice { .. } => 69,
            LangError::ExtendUnknown { .. } => 70,
            LangError::FieldTwice { .. } => 71,
            LangError::DisjointNotGeometry { .. } => 72,
            LangError::LevelNotEnum { .. } => 73,
            LangError::LevelNotPlace { .. } => 74,
            LangError::LevelValue { .. } => 75,
            LangError::PointNotGeometry { .. } => 76,
            LangError::PointNotNumber { .. } => 77,
            LangError::UnknownField { .. } => 78,
            LangError::CheckNotQuantity { .. } => 79,
            LangError::CheckDimension { .. } => 80,
            LangError::CheckNumber { .. } => 81,
            LangError::TestValue { .. } => 82,
            LangError::TestValueNotEnum { .. } => 83,
            LangError::TestValueUnit { .. } => 84,
            LangError::ParamNotNumber { .. } => 85,
            LangError::ParamFlag { .. } => 86,
            LangError::OverrideSyntax { .. } => 87,
            LangError::OverrideNotNumber { .. } => 88,
            LangError::OverrideDimension { .. } => 89,
            LangError::OverrideUnknown { .. } => 90,
            LangError::FaultPatternName { .. } => 91,
        }
    }

    const VARIANTS: usize = 92;

    fn examples() -> Vec<LangError> {
        let s = Span::new(1, 2);
        let given = Override {
            name: "walk_radius".into(),
            value: "800".into(),
            from: None,
        };
        vec![
            LangError::FileTooLarge { max: 2 },
            LangError::TwoPacks { span: s },
            LangError::NoPack { span: s },
            LangError::DuplicatePack {
                id: "x".into(),
                span: s,
            },
            LangError::DuplicateRule {
                id: "x".into(),
                span: s,
                first: s,
            },
            LangError::UnknownRule {
                name: "x".into(),
                suggestion: Some("y".into()),
                span: s,
            },
            LangError::AsOfNotDate { span: s },
            LangError::TestWrongEntity {
                want: "x".into(),
                named: "x".into(),
                span: s,
            },
            LangError::Unterminated { span: s },
            LangError::UnexpectedChar { c: '@', span: s },
            LangError::Expected {
                want: Want::FieldName,
                found: Some("y".into()),
                span: s,
            },
            LangError::TooDeep { span: s },
            LangError::NoFor {
                rule: "x".into(),
                span: s,
            },
            LangError::NoRequire {
                rule: "x".into(),
                span: s,
            },
            LangError::UnknownEntity {
                name: "x".into(),
                suggestion: Some("y".into()),
                span: s,
            },
            LangError::UnknownSeverity {
                name: "x".into(),
                span: s,
            },
            LangError::NoTitle {
                rule: "x".into(),
                span: s,
            },
            LangError::NoCite {
                rule: "x".into(),
                span: s,
            },
            LangError::RuleTooLarge { span: s },
            LangError::RuleTooDeep { span: s },
            LangError::TemplateField {
                name: "x".into(),
                entity: "x".into(),
                suggestion: Some("y".into()),
                span: s,
            },
            LangError::FaultPatternName {
                name: "x".into(),
                suggestion: Some("y".into()),
                span: s,
            },
            LangError::LetTaken {
                name: "x".into(),
                entity: "x".into(),
                span: s,
            },
            LangError::NotCondition {
                what: Kind::Text,
                span: s,
            },
            LangError::InvalidRegex {
                error: "x".into(),
                span: s,
            },
            LangError::RegexTooLarge { span: s },
            LangError::UnknownName {
                entity: "x".into(),
                name: "x".into(),
                suggestion: Some("y".into()),
                fields: "x".into(),
                span: s,
            },
            LangError::BadDate {
                text: "x".into(),
                span: s,
            },
            LangError::AgreesKinds {
                a: Kind::Text,
                b: Kind::Text,
                span: s,
            },
            LangError::MatchesNotText {
                what: Kind::Text,
                span: s,
            },
            LangError::PatternNotText { span: s },
            LangError::SpatialArity {
                func: "area",
                want: 2,
                got: 2,
                span: s,
            },
            LangError::SpatialNotGeometry {
                func: "area",
                what: Kind::Text,
                span: s,
            },
            LangError::CannotNegate {
                what: Kind::Text,
                span: s,
            },
            LangError::ContainsNotList {
                what: Kind::Text,
                span: s,
            },
            LangError::ListItemNotText { span: s },
            LangError::ListOutOfPlace { span: s },
            LangError::NumberTooLong {
                digits: "x".into(),
                span: s,
            },
            LangError::UnknownUnit {
                unit: "x".into(),
                suggestion: Some("y".into()),
                span: s,
            },
            LangError::NumberTooLarge { span: s },
            LangError::NotAValue {
                text: "x".into(),
                field: "x".into(),
                suggestion: Some("y".into()),
                values: vec!["a".into(), "b".into()],
                span: s,
            },
            LangError::AmbiguousPlace {
                name: "x".into(),
                all: vec!["a".into(), "b".into()],
                span: s,
            },
            LangError::UnknownPlace {
                name: "x".into(),
                near: Some("y".into()),
                span: s,
            },
            LangError::Mismatch {
                sides: Sides::Comparison,
                a: Kind::Text,
                b: Kind::Text,
                span: s,
            },
            LangError::DimensionMismatch {
                op: "area",
                left: Operand {
                    span: s,
                    dim: Dim::AREA,
                    bare: Some("50".into()),
                },
                right: Operand {
                    span: s,
                    dim: Dim::AREA,
                    bare: Some("50".into()),
                },
            },
            LangError::NotOrdered {
                what: Kind::Text,
                span: s,
            },
            LangError::DateArithmetic { span: s },
            LangError::NotArithmetic {
                what: Kind::Text,
                span: s,
            },
            LangError::CallArity {
                func: "area",
                got: 2,
                span: s,
            },
            LangError::CallArgument {
                func: "area",
                want: Kind::Text,
                what: Kind::Text,
                span: s,
            },
            LangError::UnknownAggEntity {
                name: "x".into(),
                suggestion: Some("y".into()),
                span: s,
            },
            LangError::NearestWithoutBy { span: s },
            LangError::ByWithoutNearest { span: s },
            LangError::DistinctOf {
                what: Kind::Text,
                span: s,
            },
            LangError::NotSummable {
                what: Kind::Text,
                span: s,
            },
            LangError::BadBy { span: s },
            LangError::ClaimedAndUnchecked {
                id: "x".into(),
                claim: s,
                unchecked: s,
            },
            LangError::PartialAndUnchecked {
                id: "x".into(),
                partial: s,
                unchecked: s,
            },
            LangError::PartialUnclaimed {
                id: "x".into(),
                span: s,
            },
            LangError::DefineTaken {
                name: "x".into(),
                span: s,
            },
            LangError::LetIsDefine {
                name: "x".into(),
                span: s,
            },
            LangError::DefinedTwice {
                name: "x".into(),
                span: s,
            },
            LangError::DefineCycle {
                name: "x".into(),
                span: s,
            },
            LangError::DefineTooLarge { span: s },
            LangError::MaybeNotDefinite {
                name: "x".into(),
                span: s,
            },
            LangError::UnitNotOfType {
                unit: "x".into(),
                dim: Dim::AREA,
                ty: "x".into(),
                span: s,
            },
            LangError::UnknownFieldUnit {
                unit: "x".into(),
                span: s,
            },
            LangError::TypeTakesNoUnit {
                ty: "x".into(),
                span: s,
            },
            LangError::NotReportable {
                ty: "x".into(),
                span: s,
            },
            LangError::UnknownType {
                name: "x".into(),
                suggestion: Some("y".into()),
                span: s,
            },
            LangError::EntityTwice {
                name: "x".into(),
                span: s,
            },
            LangError::ExtendUnknown {
                name: "x".into(),
                span: s,
            },
            LangError::FieldTwice {
                name: "x".into(),
                span: s,
            },
            LangError::DisjointNotGeometry {
                name: "x".into(),
                span: s,
            },
            LangError::LevelNotEnum {
                office: false,
                name: "x".into(),
                span: s,
            },
            LangError::LevelNotPlace {
                office: true,
                name: "x".into(),
                span: s,
            },
            LangError::LevelValue {
                value: "x".into(),
                field: "x".into(),
                span: s,
            },
            LangError::PointNotGeometry {
                name: "x".into(),
                span: s,
            },
            LangError::PointNotNumber {
                name: "x".into(),
                span: s,
            },
            LangError::UnknownField {
                entity: "x".into(),
                name: "x".into(),
                suggestion: Some("y".into()),
                span: s,
            },
            LangError::CheckNotQuantity {
                name: "x".into(),
                span: s,
            },
            LangError::CheckDimension {
                left: "x".into(),
                span: s,
            },
            LangError::CheckNumber {
                digits: "x".into(),
                span: s,
            },
            LangError::TestValue {
                field: "x".into(),
                span: s,
            },
            LangError::TestValueNotEnum {
                field: "x".into(),
                value: "x".into(),
                span: s,
            },
            LangError::TestValueUnit {
                field: "x".into(),
                dim: Dim::AREA,
                span: s,
            },
            LangError::ParamNotNumber {
                name: "x".into(),
                span: s,
            },
            LangError::ParamFlag { text: "x".into() },
            LangError::OverrideSyntax {
                given: given.clone(),
                error: Box::new(LangError::TooDeep { span: s }),
            },
            LangError::OverrideNotNumber {
                given: given.clone(),
            },
            LangError::OverrideDimension {
                given: given.clone(),
                want: Some(Dim::AREA),
                got: Some(Dim::AREA),
            },
            LangError::OverrideUnknown {
                given: given.clone(),
                known: vec!["a".into(), "b".into()],
            },
            LangError::OverrideNotNumber {
                given: Override {
                    from: Some(("ylcheck.toml".into(), Arc::from("x"), (0, 1))),
                    ..given.clone()
                },
            },
            LangError::Expected {
                want: Want::Of("sum".into()),
                found: None,
                span: s,
            },
            LangError::Mismatch {
                sides: Sides::IfBranches,
                a: Kind::Num(Dim::AREA),
                b: Kind::Num(Dim::NUMBER),
                span: s,
            },
        ]
    }

    /// Every error of the rule language has an example; each reads differently in
    /// Chinese and English, says something in both, and carries a code that
    /// docs/errors.md explains.
    #[test]
    fn every_error_renders_in_both_languages_with_a_listed_code() {
        let examples = examples();
        let mut seen = [false; VARIANTS];
        for e in &examples {
            seen[index(e)] = true;
            let d = e.draft();
            assert!(crate::codes::find(d.code).is_some(), "{e:?}: {}", d.code);
            let texts = std::iter::once(&d.message)
                .chain(d.help.iter())
                .chain(d.labels.iter().map(|l| &l.1))
                .filter(|t| *t != &Both::same(""));
            for t in texts {
                assert!(
                    !t.zh.trim().is_empty() && !t.en.trim().is_empty(),
                    "{e:?}: {t:?}"
                );
            }
            assert_ne!(d.message.zh, d.message.en, "{e:?}");
        }
        let missing: Vec<usize> = (0..VARIANTS).filter(|&i| !seen[i]).collect();
        assert!(
            missing.is_empty(),
            "variants without an example: {missing:?}"
        );
    }

    /// An error travels in every parser `Result`, whose size sets how deep a
    /// thread's stack lets expressions nest: no larger than the diagnostic it
    /// replaced.
    #[test]
    fn an_error_is_small() {
        assert!(
            std::mem::size_of::<LangError>() <= std::mem::size_of::<crate::diag::Diag>(),
            "{}",
            std::mem::size_of::<LangError>()
        );
    }
}
