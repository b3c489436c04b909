//! Name resolution, type and unit checking, and lowering of expressions to
//! [`Node`]s over field slots — all before any data is read.

use super::ast::{self, Expr, ExprKind};
use super::span::Span;
use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use crate::pack::{Display, Node};
use crate::schema::{EntityId, FieldType, Schema, Slot};
use crate::units::{self, Dim};

mod binary;
mod calls;
mod expr;
mod operands;

/// The most memory one `matches` pattern may compile to. Real patterns (phone
/// numbers, ID cards, `[\p{Han}·]{2,50}`) fit; Unicode `\w{25}` does not.
const MAX_REGEX: usize = 1 << 20;

/// The static type of an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Num {
        dim: Dim,
        display: Display,
    },
    Bool,
    Text,
    /// A place name, held as the gazetteer's full name: text that compares as a place.
    Place,
    /// A value of the enum declared by this entity's field.
    Enum(EntityId, Slot),
    Date,
    List,
    Geometry,
    /// A bare word that is not a field: an enum value, once compared with an enum.
    Unresolved(String),
}

/// What a type check of one rule collects besides the node.
pub struct TypeChecker<'a> {
    pub schema: &'a Schema,
    pub lang: Lang,
    /// The entity the rule checks (`self`).
    pub rule_entity: EntityId,
    /// Fields of the checked record read outside aggregates.
    pub fields: Vec<Slot>,
    /// Running count of aggregates in the whole rule set.
    pub aggregates: &'a mut usize,
    /// The entity whose record is in hand (differs from `rule_entity` in aggregates).
    cur: EntityId,
    in_agg: bool,
    uses_self: bool,
    /// The rule's `let` values checked so far, with the fields each reads.
    lets: Vec<(String, Node, Ty, Vec<Slot>)>,
}

type CResult = Result<(Node, Ty), Diag>;

pub fn display_of(ft: &FieldType) -> Option<(Dim, Display)> {
    match ft {
        FieldType::Quantity { dim, unit, .. } => Some((
            *dim,
            Display {
                unit: *unit,
                symbol: base_symbol(*dim),
            },
        )),
        _ => None,
    }
}

fn base_symbol(dim: Dim) -> &'static str {
    units::base_unit(dim).map_or("", |u| if u.dim == Dim::NUMBER { "" } else { u.symbol })
}

fn plain(dim: Dim) -> Display {
    Display {
        unit: None,
        symbol: base_symbol(dim),
    }
}

pub use crate::diag::suggest;

impl<'a> TypeChecker<'a> {
    pub fn new(
        schema: &'a Schema,
        lang: Lang,
        rule_entity: EntityId,
        aggregates: &'a mut usize,
    ) -> Self {
        TypeChecker {
            schema,
            lang,
            rule_entity,
            fields: Vec::new(),
            aggregates,
            cur: rule_entity,
            in_agg: false,
            uses_self: false,
            lets: Vec::new(),
        }
    }

    /// Checks `let name = e`, to be used by name in what follows (outside aggregates,
    /// where names are the other record's fields).
    pub fn define(&mut self, name: &ast::Ident, e: &Expr) -> Result<(Node, Ty), Diag> {
        let ent = &self.schema.entities[self.rule_entity];
        if ent.field(&name.name).is_some() || self.lets.iter().any(|l| l.0 == name.name) {
            return Err(self.err(
                name.span,
                format!("`{}` 已是 `{}` 的字段或前面的 let", name.name, ent.name),
                format!(
                    "`{}` is already a field of `{}` or an earlier let",
                    name.name, ent.name
                ),
                "重名",
                "name taken",
            ));
        }
        let before = std::mem::take(&mut self.fields);
        let (node, ty) = self.expr(e)?;
        self.unresolved(&ty, e)?;
        let read = std::mem::replace(&mut self.fields, before);
        // Uses refer to the one expression (see `Node::Let`): copying it into each
        // use would let a chain of lets grow exponentially.
        let shared = Node::Let(
            self.lets.len(),
            crate::pack::LetNode(std::sync::Arc::new(node.clone())),
        );
        self.lets
            .push((name.name.clone(), shared, ty.clone(), read));
        Ok((node, ty))
    }

    fn err(&self, span: Span, zh: String, en: String, label_zh: &str, label_en: &str) -> Diag {
        Diag::error("ylcheck::rules::type", tr(self.lang, zh, en))
            .with_label(span, self.lang.pick(label_zh, label_en))
    }

    fn describe(&self, ty: &Ty) -> String {
        let zh = self.lang.is_zh();
        match ty {
            Ty::Num { dim, .. } => dim.describe(zh),
            Ty::Bool => self.lang.pick("真假值", "a yes/no value").into(),
            Ty::Text => self.lang.pick("文本", "text").into(),
            Ty::Place => self.lang.pick("地名", "a place name").into(),
            Ty::Enum(e, s) => {
                let f = &self.schema.entities[*e].fields[*s].name;
                tr(
                    self.lang,
                    format!("`{f}` 的取值"),
                    format!("a value of `{f}`"),
                )
            }
            Ty::Date => self.lang.pick("日期", "a date").into(),
            Ty::List => self.lang.pick("列表", "a list").into(),
            Ty::Geometry => self.lang.pick("几何图形", "a geometry").into(),
            Ty::Unresolved(n) => format!("`{n}`"),
        }
    }

    /// Checks a condition: it must be a yes/no value.
    pub fn condition(&mut self, e: &Expr) -> Result<Node, Diag> {
        let (node, ty) = self.expr(e)?;
        self.unresolved(&ty, e)?;
        if ty != Ty::Bool {
            let what = self.describe(&ty);
            return Err(self
                .err(
                    e.span,
                    format!("条件应为真假值，这里是{what}"),
                    format!("a condition must be yes/no, this is {what}"),
                    "这里",
                    "here",
                )
                .with_help(self.lang.pick(
                    "写成比较，如 `floor_area >= 2000 m2`",
                    "write a comparison, such as `floor_area >= 2000 m2`",
                )));
        }
        Ok(node)
    }

    /// Compiles a `matches` pattern, anchored: the whole cell must fit, as a reader of
    /// the pattern expects. The pattern is first parsed alone, so `a)|(b` cannot
    /// close the anchoring group, and compiled once. The compiled size is capped: a
    /// fuzzed 3 KB pattern took 35 ms to compile before.
    fn regex(&self, pattern: &ast::Str) -> Result<regex::Regex, Diag> {
        let invalid = |e: &dyn std::fmt::Display| {
            self.err(
                pattern.span,
                format!("无效的正则表达式：{e}"),
                format!("invalid regular expression: {e}"),
                "这里",
                "here",
            )
        };
        regex_syntax::Parser::new()
            .parse(&pattern.text)
            .map_err(|e| invalid(&e))?;
        regex::RegexBuilder::new(&format!("^(?:{})$", pattern.text))
            .size_limit(MAX_REGEX)
            .build()
            .map_err(|e| match e {
                regex::Error::CompiledTooBig(_) => self.err(
                    pattern.span,
                    format!("正则表达式编译后超过 {} MiB 上限", MAX_REGEX >> 20),
                    format!(
                        "the regular expression compiles to more than {} MiB",
                        MAX_REGEX >> 20
                    ),
                    "过大",
                    "too large",
                ),
                e => invalid(&e),
            })
    }

    /// An unresolved word is only acceptable next to an enum; anywhere else it names
    /// a field that does not exist.
    fn unresolved(&self, ty: &Ty, e: &Expr) -> Result<(), Diag> {
        let Ty::Unresolved(name) = ty else {
            return Ok(());
        };
        let ent = &self.schema.entities[self.cur];
        let mut d = self.err(
            e.span,
            format!("实体 `{}` 没有字段 `{name}`", ent.name),
            format!("entity `{}` has no field `{name}`", ent.name),
            "未知字段",
            "unknown field",
        );
        let names = ent.fields.iter().flat_map(|f| {
            std::iter::once(f.name.as_str()).chain(f.aliases.iter().map(String::as_str))
        });
        d = d.did_you_mean(self.lang, name, names).or_help(tr(
            self.lang,
            format!("`{}` 的字段有：{}", ent.name, field_list(ent)),
            format!("the fields of `{}` are: {}", ent.name, field_list(ent)),
        ));
        Err(d)
    }
}

/// The digits of a bare number literal, for a help line.
fn self_text(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Num { digits, .. } => digits.clone(),
        _ => "…".into(),
    }
}

fn field_list(ent: &crate::schema::Entity) -> String {
    ent.fields
        .iter()
        .map(|f| f.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses a `YYYY-MM-DD` date written in a rule file.
pub fn date_literal(text: &str, span: Span, lang: Lang) -> Result<jiff::civil::Date, Diag> {
    text.parse::<jiff::civil::Date>().map_err(|_| {
        Diag::error(
            "ylcheck::rules::date",
            tr(
                lang,
                format!("`{text}` 不是有效日期"),
                format!("`{text}` is not a valid date"),
            ),
        )
        .with_label(span, lang.pick("无效日期", "invalid date"))
        .with_help(lang.pick(
            "日期写作 YYYY-MM-DD，月份 1–12，日期在该月之内",
            "dates are YYYY-MM-DD with a real month and day",
        ))
    })
}
