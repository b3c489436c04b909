//! Name resolution, type and unit checking, and lowering of expressions to
//! [`Node`]s over field slots — all before any data is read.

use super::ast::{self, Expr, ExprKind};
use super::error::{Kind, LangError};
use super::limits::MAX_REGEX;
use super::span::Span;
use crate::diag::suggest;
use crate::pack::{Display, Node};
use crate::schema::{EntityId, FieldType, Schema, Slot};
use crate::units::{self, Dim};

mod binary;
mod calls;
mod expr;
mod operands;

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
pub(crate) struct TypeChecker<'a> {
    pub schema: &'a Schema,
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
    /// The reasons its `unknown`s give, in the order met (`Node::Unknown`'s index).
    pub reasons: Vec<crate::lang::ast::Bilingual>,
}

type CResult = Result<(Node, Ty), LangError>;

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

impl<'a> TypeChecker<'a> {
    pub fn new(schema: &'a Schema, rule_entity: EntityId, aggregates: &'a mut usize) -> Self {
        TypeChecker {
            schema,
            rule_entity,
            fields: Vec::new(),
            aggregates,
            cur: rule_entity,
            in_agg: false,
            uses_self: false,
            lets: Vec::new(),
            reasons: Vec::new(),
        }
    }

    /// Checks `let name = e`, to be used by name in what follows (outside aggregates,
    /// where names are the other record's fields).
    pub fn define(&mut self, name: &ast::Ident, e: &Expr) -> CResult {
        let ent = &self.schema.entities[self.rule_entity];
        if ent.field(&name.name).is_some() || self.lets.iter().any(|l| l.0 == name.name) {
            return Err(LangError::LetTaken {
                name: name.name.clone(),
                entity: ent.name.clone(),
                span: name.span,
            });
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

    /// What a type is, as an error names it.
    fn describe(&self, ty: &Ty) -> Kind {
        match ty {
            Ty::Num { dim, .. } => Kind::Num(*dim),
            Ty::Bool => Kind::Bool,
            Ty::Text => Kind::Text,
            Ty::Place => Kind::Place,
            Ty::Enum(e, s) => Kind::ValueOf(self.schema.entities[*e].fields[*s].name.clone()),
            Ty::Date => Kind::Date,
            Ty::List => Kind::List,
            Ty::Geometry => Kind::Geometry,
            Ty::Unresolved(n) => Kind::Word(n.clone()),
        }
    }

    /// Checks a condition: it must be a yes/no value.
    pub fn condition(&mut self, e: &Expr) -> Result<Node, LangError> {
        let (node, ty) = self.expr(e)?;
        self.unresolved(&ty, e)?;
        if ty != Ty::Bool {
            return Err(LangError::NotCondition {
                what: self.describe(&ty),
                span: e.span,
            });
        }
        Ok(node)
    }

    /// Compiles a `matches` pattern, anchored: the whole cell must fit, as a reader of
    /// the pattern expects. The pattern is first parsed alone, so `a)|(b` cannot
    /// close the anchoring group, and compiled once. The compiled size is capped: a
    /// fuzzed 3 KB pattern took 35 ms to compile before.
    fn regex(&self, pattern: &ast::Str) -> Result<regex::Regex, LangError> {
        let invalid = |e: &dyn std::fmt::Display| LangError::InvalidRegex {
            error: e.to_string(),
            span: pattern.span,
        };
        regex_syntax::Parser::new()
            .parse(&pattern.text)
            .map_err(|e| invalid(&e))?;
        regex::RegexBuilder::new(&format!("^(?:{})$", pattern.text))
            .size_limit(MAX_REGEX)
            .build()
            .map_err(|e| match e {
                regex::Error::CompiledTooBig(_) => LangError::RegexTooLarge { span: pattern.span },
                e => invalid(&e),
            })
    }

    /// An unresolved word is only acceptable next to an enum; anywhere else it names
    /// a field that does not exist.
    fn unresolved(&self, ty: &Ty, e: &Expr) -> Result<(), LangError> {
        match ty {
            Ty::Unresolved(name) => Err(self.unknown_name(self.cur, name, e.span)),
            _ => Ok(()),
        }
    }

    /// `name`, written at `span`, is no field of entity `ent`.
    fn unknown_name(&self, ent: EntityId, name: &str, span: Span) -> LangError {
        let ent = &self.schema.entities[ent];
        let names = ent.fields.iter().flat_map(|f| {
            std::iter::once(f.name.as_str()).chain(f.aliases.iter().map(String::as_str))
        });
        LangError::UnknownName {
            entity: ent.name.clone(),
            name: name.to_string(),
            suggestion: suggest(name, names).map(str::to_string),
            fields: field_list(ent),
            span,
        }
    }
}

/// The digits of a number literal written without a unit, for a help line.
fn bare_digits(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::Num { digits, unit: None } => Some(digits.clone()),
        _ => None,
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
pub(crate) fn date_literal(text: &str, span: Span) -> Result<jiff::civil::Date, LangError> {
    text.parse::<jiff::civil::Date>()
        .map_err(|_| LangError::BadDate {
            text: text.to_string(),
            span,
        })
}
