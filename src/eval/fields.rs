//! What a rule reads of the checked record, worked out once when an
//! [`Engine`](super::Engine) is built rather than for every record it checks.

use crate::pack::{Cmp, Node, Rule};
use crate::schema::Slot;

/// The fields of the checked record a rule reads, in its scope then its
/// requirement: an unknown names every blank one, so a bureau fixing the row
/// learns everything it lacks at once.
pub(super) fn own_fields_of(rule: &Rule) -> Vec<Slot> {
    let mut slots = Vec::new();
    for n in rule.filter.iter().chain(std::iter::once(&rule.require)) {
        own_fields(n, &mut slots, &mut Vec::new());
    }
    slots
}

/// The checked record's fields an expression reads (not those of the records an
/// aggregate runs over), each once. Each let is entered once (`seen`): its fields
/// are already in `out` the next time.
pub(super) fn own_fields(n: &Node, out: &mut Vec<Slot>, seen: &mut Vec<usize>) {
    match n {
        Node::Field(s) | Node::Outer(s) | Node::Agrees { slot: s, .. } if !out.contains(s) => {
            out.push(*s)
        }
        Node::Let(i, l) if !seen.contains(i) => {
            seen.push(*i);
            own_fields(l, out, seen);
        }
        _ => {}
    }
    n.each_child(&mut |c| own_fields(c, out, seen));
}

/// The checked record's fields that an expression cannot do without: a blank in
/// any of them makes it unknown, however the rest turns out. An `if` needs its
/// condition's and those both branches need; an `and` or `or` only those every
/// part needs (another part may decide it); `present` needs nothing; an aggregate
/// or a built-in is not looked into. `lets` remembers each let's, so a chain of
/// lets is walked once.
pub(super) fn strict_fields(n: &Node, lets: &mut Vec<(usize, Vec<Slot>)>) -> Vec<Slot> {
    fn union(mut a: Vec<Slot>, b: Vec<Slot>) -> Vec<Slot> {
        for s in b {
            if !a.contains(&s) {
                a.push(s);
            }
        }
        a
    }
    fn both(a: Vec<Slot>, b: &[Slot]) -> Vec<Slot> {
        a.into_iter().filter(|s| b.contains(s)).collect()
    }
    match n {
        Node::Field(s) => vec![*s],
        Node::Neg(a) | Node::Not(a) | Node::Matches(a, _) | Node::In(a, _) => {
            strict_fields(a, lets)
        }
        Node::Contains { list, .. } => strict_fields(list, lets),
        Node::Arith(_, a, b) | Node::Cmp(_, a, b, _) => {
            let a = strict_fields(a, lets);
            union(a, strict_fields(b, lets))
        }
        Node::Agrees { slot, expr, .. } => union(vec![*slot], strict_fields(expr, lets)),
        Node::If(c, a, b) => {
            let c = strict_fields(c, lets);
            let a = strict_fields(a, lets);
            let b = strict_fields(b, lets);
            union(c, both(a, &b))
        }
        Node::And(parts) | Node::Or(parts) => {
            let mut parts = parts.iter();
            let Some(first) = parts.next() else {
                return Vec::new();
            };
            let mut out = strict_fields(first, lets);
            for p in parts {
                let p = strict_fields(p, lets);
                out = both(out, &p);
            }
            out
        }
        Node::Let(i, l) => {
            if let Some((_, s)) = lets.iter().find(|(j, _)| j == i) {
                return s.clone();
            }
            let s = strict_fields(l, lets);
            lets.push((*i, s.clone()));
            s
        }
        _ => Vec::new(),
    }
}

/// `field == value` for an enum, alone or as the first part of an `and`: a record
/// with none of the values returned cannot pass the filter (nor make it unknown:
/// with the value, the values that may be it, as `maybe` declares them).
pub(super) fn guard(filter: &Node) -> Option<(Slot, Box<[u16]>)> {
    use crate::pack::Const;
    match filter {
        Node::Cmp(Cmp::Eq, a, b, _) => match (&**a, &**b) {
            (Node::Field(s), Node::Const(Const::Enum(v)))
            | (Node::Const(Const::Enum(v)), Node::Field(s)) => Some((*s, Box::new([*v]))),
            _ => None,
        },
        // `if field in [vague …] then unknown else field == value` (see `maybe`).
        Node::If(c, then, test) if matches!(**then, Node::Vague(_)) => {
            let (s, v) = guard(test)?;
            let Node::In(f, vague) = &**c else {
                return None;
            };
            if !matches!(**f, Node::Field(x) if x == s) {
                return None;
            }
            let mut all = v.into_vec();
            for w in vague.iter() {
                let Node::Const(Const::Enum(w)) = w else {
                    return None;
                };
                all.push(*w);
            }
            Some((s, all.into()))
        }
        Node::And(parts) => parts.first().and_then(guard),
        _ => None,
    }
}
