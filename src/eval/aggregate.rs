//! What aggregates keep of the records they run over: built while those records
//! are read, complete before any rule that uses them runs.

pub use super::agg_data::{AggData, Groups, KeyPart};
use super::expr::Env;
use super::index::Index;
use super::value::V;
use crate::data::{Record, Value};
use crate::pack::{Agg, Node, RuleSet};

/// Every aggregate node of a rule set.
pub fn all_aggs(set: &RuleSet) -> Vec<&Agg> {
    let mut out = Vec::new();
    for r in &set.rules {
        for n in r.nodes() {
            aggs_in(n, &mut out);
        }
    }
    // A `let` the requirement uses is in both: each aggregate once.
    let mut seen = vec![false; set.aggregates];
    out.retain(|a| match seen.get_mut(a.id) {
        Some(s) if *s => false,
        Some(s) => {
            *s = true;
            true
        }
        None => true,
    });
    out
}

/// The aggregates in an expression, nested ones included.
pub fn aggs_in<'n>(n: &'n Node, out: &mut Vec<&'n Agg>) {
    if let Node::Agg(a) = n {
        out.push(a);
        for x in a.inner() {
            aggs_in(x, out);
        }
    }
    n.each_child(&mut |c| aggs_in(c, out));
}

/// The part of `rec` that aggregate `a` keeps, if its pre-filter may select it,
/// and whether that is uncertain. A record whose pre-filter is unknown is kept as
/// one that may count: leaving it out, as SQL's `WHERE` does, would let a facility
/// of unreadable kind make its street look as if it had no center.
pub fn keep(env: &Env<'_>, a: &Agg, rec: &Record<'_>) -> Option<(Record<'static>, bool)> {
    let maybe = match &a.pre {
        None => false,
        Some(pre) => match env.eval(pre, rec, rec, false) {
            Ok(V::Bool(true)) => false,
            Ok(V::Bool(false)) => return None,
            _ => true,
        },
    };
    // Kept compact: the aggregates of a whole table hold a record each, and
    // many of the fields they read are blank.
    let values = a
        .proj
        .iter()
        .map(|&s| {
            rec.values
                .get(s)
                .cloned()
                .unwrap_or(Value::Missing)
                .into_owned()
        })
        .collect::<crate::data::Values<'static>>()
        .compact();
    Some((
        Record {
            values,
            pos: rec.pos,
        },
        maybe,
    ))
}

/// Whether a record is one aggregate `a` runs over: its pre-filter (the part of
/// the `where` that does not look at the checked record) holds for it. A map uses
/// this to tell which sites count for a walking radius.
pub fn admits(a: &Agg, rec: &Record<'_>, as_of: jiff::civil::Date) -> bool {
    let env = Env {
        as_of,
        aggs: &[],
        absent: &[],
        lets: None,
        witness: None,
    };
    a.pre
        .as_ref()
        .is_none_or(|pre| matches!(env.eval(pre, rec, rec, false), Ok(V::Bool(true))))
}

/// Builds the index of a keyed aggregate once its records are all in.
pub fn finish(a: &Agg, data: &mut AggData) {
    if let Some((pos, _)) = &a.by {
        sites(data, *pos);
    } else if a.uses_self && !a.keys.is_empty() {
        let slots: Vec<usize> = a.keys.iter().map(|(s, _)| *s).collect();
        data.index = Some(Index::build(&data.records, &slots));
    } else if let Some(near) = a.near.as_ref().filter(|_| a.uses_self) {
        sites(data, near.pos);
    }
}

/// The R-tree of the kept geometries at `pos`, and the records with none.
fn sites(data: &mut AggData, pos: usize) {
    let shapes = data.records.iter().enumerate().filter_map(|(i, r)| {
        match (u32::try_from(i), r.values.get(pos)) {
            (Ok(i), Some(Value::Shape(s))) => Some((i, &**s)),
            _ => None,
        }
    });
    data.sites = Some(crate::spatial::Sites::build(shapes));
    data.unplaced = data
        .records
        .iter()
        .enumerate()
        .filter(|(_, r)| !matches!(r.values.get(pos), Some(Value::Shape(_))))
        .filter_map(|(i, _)| u32::try_from(i).ok())
        .collect();
}
