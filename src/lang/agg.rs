//! Lowers an aggregate so it can be answered from a compact index built while the
//! other entity's records stream past.
//!
//! `count(facility where kind == street_center and street == self.name)` becomes:
//! a *pre-filter* (`kind == street_center`, which does not look at `self`) applied
//! once per facility as it is read; a *key* (`street`, looked up by `self.name`)
//! for a hash index; and a *projection* keeping only the fields the rest of the
//! aggregate reads. So the index holds the street of each street center and nothing
//! else, however large the facility table.

use crate::lang::ast::AggFunc;
use crate::num::Q;
use crate::pack::{Agg, Cmp, Const, Near, Node};
use crate::schema::{EntityId, Slot};
use crate::spatial::Func;

/// Whether a node depends on the record being checked.
pub fn mentions_outer(n: &Node) -> bool {
    let mut found = false;
    visit(n, &mut |n| match n {
        Node::Outer(_) | Node::Present { outer: true, .. } => found = true,
        Node::Agg(a) => found |= a.uses_self,
        _ => {}
    });
    found
}

fn contains_agg(n: &Node) -> bool {
    let mut found = false;
    visit(n, &mut |n| found |= matches!(n, Node::Agg(_)));
    found
}

/// Calls `f` on `n` and every node below it, not descending into nested aggregates
/// (whose fields belong to another entity).
fn visit(n: &Node, f: &mut dyn FnMut(&Node)) {
    f(n);
    n.each_child(&mut |c| visit(c, f));
}

/// Rewrites the in-hand record's slots to projected positions.
fn remap(n: &mut Node, proj: &[Slot]) {
    let pos = |s: Slot| proj.iter().position(|&p| p == s).unwrap_or(s);
    match n {
        Node::Field(s) => *s = pos(*s),
        // The slot names the checked record's cell; the in-hand record's is not it.
        Node::Vague(s) => *s = None,
        Node::Present {
            slot, outer: false, ..
        } => *slot = pos(*slot),
        Node::Agrees { slot, expr, .. } => {
            *slot = pos(*slot);
            remap(expr, proj);
        }
        Node::Neg(a) | Node::Not(a) => remap(a, proj),
        Node::Arith(_, a, b) | Node::Cmp(_, a, b, _) => {
            remap(a, proj);
            remap(b, proj);
        }
        Node::And(xs) | Node::Or(xs) | Node::Spatial(_, xs) | Node::Call(_, xs) => {
            xs.iter_mut().for_each(|x| remap(x, proj))
        }
        Node::If(c, a, b) => {
            remap(c, proj);
            remap(a, proj);
            remap(b, proj);
        }
        Node::In(a, xs) => {
            remap(a, proj);
            xs.iter_mut().for_each(|x| remap(x, proj));
        }
        Node::Contains { list, .. } | Node::Matches(list, _) => remap(list, proj),
        _ => {}
    }
}

fn slots(n: &Node, out: &mut Vec<Slot>) {
    visit(n, &mut |n| match n {
        Node::Field(s)
        | Node::Present {
            slot: s,
            outer: false,
            ..
        } if !out.contains(s) => out.push(*s),
        _ => {}
    });
}

fn outer_key(n: &Node) -> bool {
    let mut only_outer = true;
    visit(n, &mut |n| {
        if !matches!(
            n,
            Node::Const(_) | Node::Outer(_) | Node::AsOf | Node::Neg(_) | Node::Arith(..)
        ) {
            only_outer = false;
        }
    });
    only_outer && mentions_outer(n)
}

/// Builds the aggregate: keys, pre-filter, residual filter and projection.
pub fn lower(
    id: usize,
    func: AggFunc,
    entity: EntityId,
    filter: Option<Node>,
    body: Option<Node>,
    uses_self: bool,
    by: Option<(Slot, Node)>,
) -> Agg {
    let conjuncts: Vec<Node> = match filter {
        None => Vec::new(),
        Some(Node::And(xs)) => xs.into_vec(),
        Some(n) => vec![n],
    };
    let (mut keys, mut pre, mut post) = (Vec::new(), Vec::new(), Vec::new());
    let mut near = None;
    for c in conjuncts {
        if near.is_none() {
            near = within_radius(&c);
        }
        match c {
            // `nearest` draws its candidates from an R-tree, not a hash index: a
            // key stays a condition.
            c if by.is_some() && mentions_outer(&c) => post.push(c),
            Node::Cmp(Cmp::Eq, a, b, _) if matches!(*a, Node::Field(_)) && outer_key(&b) => {
                if let Node::Field(s) = *a {
                    keys.push((s, *b));
                }
            }
            Node::Cmp(Cmp::Eq, a, b, _) if matches!(*b, Node::Field(_)) && outer_key(&a) => {
                if let Node::Field(s) = *b {
                    keys.push((s, *a));
                }
            }
            // A nested aggregate cannot run while records are still being read.
            c if mentions_outer(&c) || contains_agg(&c) => post.push(c),
            c => pre.push(c),
        }
    }
    let join = |mut xs: Vec<Node>| match xs.len() {
        0 => None,
        1 => xs.pop(),
        _ => Some(Node::And(xs.into())),
    };
    let (pre, mut filter, mut body) = (join(pre), join(post), body);
    let by_key = by.is_none()
        && near.is_none()
        && !keys.is_empty()
        && !filter.as_ref().is_some_and(mentions_outer)
        && !body.as_ref().is_some_and(mentions_outer);
    let mut proj: Vec<Slot> = keys.iter().map(|(s, _)| *s).collect();
    proj.dedup();
    if let Some((s, _)) = &by
        && !proj.contains(s)
    {
        proj.push(*s);
    }
    for n in filter.iter().chain(body.iter()) {
        slots(n, &mut proj);
    }
    for n in filter.iter_mut().chain(body.iter_mut()) {
        remap(n, &proj);
    }
    let near = near.map(|(s, outer, radius)| Near {
        pos: proj.iter().position(|&p| p == s).unwrap_or(0),
        outer,
        radius,
    });
    let keys = keys
        .into_iter()
        .map(|(s, k)| (proj.iter().position(|&p| p == s).unwrap_or(0), k))
        .collect();
    let by = by.map(|(s, outer)| (proj.iter().position(|&p| p == s).unwrap_or(0), outer));
    Agg {
        id,
        func,
        entity,
        body,
        keys,
        pre,
        filter,
        proj,
        uses_self,
        near,
        by,
        by_key,
    }
}

/// `distance(field, self.field) <= r` (either way round, `<` too): the field, the
/// checked record's side and the radius.
fn within_radius(c: &Node) -> Option<(Slot, Node, Q)> {
    let Node::Cmp(Cmp::Le | Cmp::Lt, d, r, _) = c else {
        return None;
    };
    let (Node::Spatial(Func::Distance, args), Node::Const(Const::Num(radius))) = (&**d, &**r)
    else {
        return None;
    };
    match &**args {
        [Node::Field(s), o @ Node::Outer(_)] | [o @ Node::Outer(_), Node::Field(s)] => {
            Some((*s, o.clone(), *radius))
        }
        _ => None,
    }
}
