//! Values as the evaluator sees them: borrowed from records and constants, so
//! evaluating a rule allocates nothing.

use crate::data::Value;
use crate::num::Q;
use crate::pack::Const;
use crate::schema::Slot;
use crate::spatial::Shape;
use jiff::civil::Date;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum V<'a> {
    Num(Q),
    Bool(bool),
    Str(&'a str),
    Enum(u16),
    Date(Date),
    /// A list cell as written; see [`crate::data::list_items`].
    List(&'a str),
    Shape(&'a Shape),
    /// A computed point (`centroid`).
    Point(geo::Point<f64>),
    /// A number known only to lie in `[lo, hi]` (`lo < hi`): an aggregate over
    /// candidates some of which may or may not count (`count` of facilities, one
    /// of them with an unreadable kind, is 0 or 1). Arithmetic carries the bounds;
    /// a comparison decides only when every value in them agrees.
    Range(Q, Q),
}

/// Why a value could not be had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// A blank cell or absent value.
    Missing,
    /// A cell that could not be read as its field's type.
    Invalid,
    DivZero,
    /// Arithmetic beyond the exact range (a value beyond ±10^38).
    Overflow,
    /// An aggregate over no records (`min`, `max`, `avg`).
    Empty,
    /// An aggregate's candidates include records that may or may not count (their
    /// filter or value is blank or unreadable), and the verdict depends on them.
    Uncertain,
    /// The rule itself says it cannot decide (`else unknown`), with the index of
    /// its reason (`Rule::reasons`) where it gives one.
    Undecided(Option<u16>),
    /// An enum value that may be any of several (`养老服务场所`) was compared with
    /// one of them.
    Vague,
    /// An aggregate over an entity no input provides, reached only in some cases
    /// (a rule that always needs it is not run at all: see `Rule::needs`).
    NoInput(crate::schema::EntityId),
    /// The record's place cell names no known place, or several: whether a city's
    /// or a county's documents apply to it cannot be told.
    Place,
}

/// An `unknown` result and where it came from. `slot` is set when the cause is a
/// cell of the record being checked, so the finding can point at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unknown {
    pub reason: Reason,
    pub slot: Option<Slot>,
    /// Whether it is the rule's scope (its `for … where`) that is unknown: whether
    /// the rule applies to the record at all.
    pub scope: bool,
}

impl Unknown {
    pub const fn of(reason: Reason) -> Unknown {
        Unknown {
            reason,
            slot: None,
            scope: false,
        }
    }
}

pub type R<'a> = Result<V<'a>, Unknown>;

/// Reads a record's value; `top` says whether the record is the one being checked.
#[inline]
pub fn read<'a>(value: &'a Value<'_>, slot: Slot, top: bool) -> R<'a> {
    let unknown = |reason| {
        Err(Unknown {
            reason,
            slot: top.then_some(slot),
            scope: false,
        })
    };
    match value {
        Value::Num(q) => Ok(V::Num(q.q())),
        Value::Text(s) => Ok(V::Str(s)),
        Value::Enum(i) => Ok(V::Enum(*i)),
        Value::Bool(b) => Ok(V::Bool(*b)),
        Value::Date(d) => Ok(V::Date(*d)),
        Value::List(l) => Ok(V::List(l)),
        Value::Missing => unknown(Reason::Missing),
        Value::Invalid(_) => unknown(Reason::Invalid),
        Value::Reported(r) => Ok(V::Num(r.value)),
        Value::Shape(s) => Ok(V::Shape(s)),
    }
}

pub fn constant(c: &Const) -> V<'_> {
    match c {
        Const::Num(q) => V::Num(*q),
        Const::Bool(b) => V::Bool(*b),
        Const::Text(s) => V::Str(s),
        Const::Enum(i) => V::Enum(*i),
        Const::Date(d) => V::Date(*d),
    }
}

/// A computed value kept for a report (a rule's `let` shown in its message).
pub fn to_owned_value(r: R<'_>) -> Value<'static> {
    use std::borrow::Cow;
    match r {
        Err(_) => Value::Missing,
        Ok(V::Num(q)) => Value::Num(q.into()),
        Ok(V::Bool(b)) => Value::Bool(b),
        Ok(V::Str(s)) => Value::Text(Cow::Owned(s.to_string())),
        Ok(V::Enum(i)) => Value::Enum(i),
        Ok(V::Date(d)) => Value::Date(d),
        Ok(V::List(l)) => Value::List(Cow::Owned(l.to_string())),
        Ok(V::Shape(s)) => Value::Shape(std::sync::Arc::new(s.clone())),
        Ok(V::Point(p)) => Value::Shape(std::sync::Arc::new(Shape::Point(p))),
        // A range is not one value: shown as not computable.
        Ok(V::Range(..)) => Value::Missing,
    }
}
