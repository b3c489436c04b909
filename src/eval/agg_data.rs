//! What an aggregate holds once its records are read, and its answers kept past
//! the record they were computed for. The aggregates' builder fills it and the
//! evaluator reads it: both import it, so neither imports the other for it.

use super::index::Index;
use super::value::{R, Reason, Unknown, V};
use crate::data::Record;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// One aggregate's records (pre-filtered, projected) and what is derived from them.
#[derive(Debug, Default)]
pub struct AggData {
    pub records: Vec<Record<'static>>,
    /// Per record: whether its pre-filter was unknown, so it may or may not be one
    /// the aggregate runs over (a facility of unreadable kind).
    pub maybe: Vec<bool>,
    /// For an aggregate with a radius: the records with no readable geometry, which
    /// may lie within any radius.
    pub unplaced: Vec<u32>,
    pub index: Option<Index>,
    /// For an aggregate with a radius (`Agg::near`): the kept geometries.
    pub sites: Option<crate::spatial::Sites>,
    /// The value of an aggregate that does not depend on the checked record.
    pub value: OnceLock<R<'static>>,
    /// For an aggregate answered by its key alone ([`Agg::by_key`](crate::pack::Agg::by_key)): the answer for
    /// each key of a large group, by the key's hash. Without it, each of a group's
    /// n records would visit the group's n candidates: one staff member on 40 000
    /// pairing rows is 1.6 × 10⁹ visits.
    pub groups: Mutex<Groups>,
}

/// Remembered answers by key hash: each key (its parts) with its answer.
pub type Groups = HashMap<u64, Vec<(Box<[KeyPart]>, R<'static>)>>;

/// A part of a remembered key, owning its text.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyPart {
    Plain(V<'static>),
    Text(Box<str>),
    List(Box<str>),
}

impl KeyPart {
    /// The key part of `v`; `None` for geometry, never a key worth remembering.
    pub fn of(v: &V<'_>) -> Option<KeyPart> {
        Some(match *v {
            V::Str(s) => KeyPart::Text(s.into()),
            V::List(l) => KeyPart::List(l.into()),
            V::Num(q) => KeyPart::Plain(V::Num(q)),
            V::Bool(b) => KeyPart::Plain(V::Bool(b)),
            V::Enum(e) => KeyPart::Plain(V::Enum(e)),
            V::Date(d) => KeyPart::Plain(V::Date(d)),
            V::Range(lo, hi) => KeyPart::Plain(V::Range(lo, hi)),
            V::Shape(_) | V::Point(_) => return None,
        })
    }

    pub fn is(&self, v: &V<'_>) -> bool {
        match (self, v) {
            (KeyPart::Text(a), V::Str(b)) | (KeyPart::List(a), V::List(b)) => **a == **b,
            (KeyPart::Plain(a), b) => a == b,
            _ => false,
        }
    }
}

/// An aggregate's value is a number or a yes/no, never text borrowed from a record.
pub fn owned(r: R<'_>) -> R<'static> {
    match r? {
        V::Num(q) => Ok(V::Num(q)),
        V::Bool(b) => Ok(V::Bool(b)),
        V::Enum(i) => Ok(V::Enum(i)),
        V::Date(d) => Ok(V::Date(d)),
        V::Point(p) => Ok(V::Point(p)),
        V::Range(lo, hi) => Ok(V::Range(lo, hi)),
        V::Str(_) | V::List(_) | V::Shape(_) => Err(Unknown::of(Reason::Invalid)),
    }
}
