//! The words errors use for what was wanted and what was found: kinds of value,
//! the tokens the parser expects, the sides of an operator.

use crate::diag::Both;
use crate::lang::span::Span;
use crate::units::Dim;

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
    pub(super) fn text(&self) -> Both {
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
    pub(super) fn text(&self) -> Both {
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
    pub(super) fn help(&self) -> Option<Both> {
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
