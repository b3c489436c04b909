//! Why a requirement came out false: the numeric comparison that decided it and
//! by how much it falls short, and the fields of the record at fault, read
//! through lets as if each were written out where it is used.

use super::expr::Env;
use super::{Comparison, V};
use crate::data::{Record, Value};
use crate::pack::{Cmp, Node};
use crate::schema::Slot;

/// `n` with any let wrappers taken off: the expression a let stands for.
fn unlet(mut n: &Node) -> &Node {
    while let Node::Let(_, l) = n {
        n = l;
    }
    n
}

/// The parts of an `and` (of an `or` when `and` is false) as the checker would have
/// flattened them had each let been written out at its uses: a let of the same
/// connective stands for its parts. A let already spliced is not spliced again (its
/// parts are already there, and a chain of lets would double them at each step).
fn parts<'n>(n: &'n Node, and: bool, seen: &mut Vec<usize>, out: &mut Vec<&'n Node>) {
    let xs = match (unlet(n), and) {
        (Node::And(xs), true) | (Node::Or(xs), false) => xs,
        (m, _) => {
            out.push(m);
            return;
        }
    };
    for x in xs.iter() {
        let same = matches!((unlet(x), and), (Node::And(_), true) | (Node::Or(_), false));
        match x {
            Node::Let(i, _) if same => {
                if !seen.contains(i) {
                    seen.push(*i);
                    parts(x, and, seen, out);
                }
            }
            _ => out.push(x),
        }
    }
}

/// How many parts of the `and` `n`, counted as written out (a let as often as it
/// is used), are false; `memo` holds the count of each let met. Anything else is
/// one part.
fn count_false(n: &Node, env: &Env<'_>, rec: &Record<'_>, memo: &mut Vec<(usize, usize)>) -> usize {
    // Not an `and`: one part, the one that misses.
    let Node::And(xs) = unlet(n) else {
        return 1;
    };
    let mut total = 0usize;
    for x in xs.iter() {
        total = total.saturating_add(match x {
            Node::Let(i, _) if matches!(unlet(x), Node::And(_)) => {
                match memo.iter().find(|(j, _)| j == i) {
                    Some(&(_, c)) => c,
                    None => {
                        let c = count_false(x, env, rec, memo);
                        memo.push((*i, c));
                        c
                    }
                }
            }
            _ => usize::from(matches!(env.eval(x, rec, rec, true), Ok(V::Bool(false)))),
        });
    }
    total
}

type Explained = Option<(Comparison, Option<Slot>)>;

/// Finds the numeric comparison that made a requirement false.
pub(super) fn explain(env: &Env<'_>, n: &Node, rec: &Record<'_>) -> Explained {
    explain_in(env, n, rec, &mut Vec::new())
}

/// [`explain`], with what each let met explains in `memo`: a let's explanation for
/// the record is the same at each of its uses.
fn explain_in(
    env: &Env<'_>,
    n: &Node,
    rec: &Record<'_>,
    memo: &mut Vec<(usize, Explained)>,
) -> Explained {
    let is_false = |p: &Node| matches!(env.eval(p, rec, rec, true), Ok(V::Bool(false)));
    match n {
        Node::Let(i, l) => {
            if let Some(&(_, e)) = memo.iter().find(|(j, _)| j == i) {
                return e;
            }
            let e = explain_in(env, l, rec, memo);
            memo.push((*i, e));
            e
        }
        Node::And(_) => {
            let mut ps = Vec::new();
            parts(n, true, &mut Vec::new(), &mut ps);
            let p = ps.into_iter().find(|p| is_false(p))?;
            explain_in(env, p, rec, memo)
        }
        // Every alternative failed: report one that applies to this record, where only
        // the comparison itself falls short (`premises == self_built and …`).
        Node::Or(_) => {
            let mut ps = Vec::new();
            parts(n, false, &mut Vec::new(), &mut ps);
            let mut counts = Vec::new();
            // Of those, the one closest to passing (the first of equals).
            let mut best: Explained = None;
            for &p in &ps {
                if count_false(p, env, rec, &mut counts) != 1 {
                    continue;
                }
                let Some(x) = explain_in(env, p, rec, memo) else {
                    continue;
                };
                let better = best.is_none_or(|y| match (x.0.shortfall, y.0.shortfall) {
                    (Some(a), Some(b)) => {
                        a.checked_cmp(b).unwrap_or(std::cmp::Ordering::Equal)
                            == std::cmp::Ordering::Less
                    }
                    (Some(_), None) => true,
                    _ => false,
                });
                if better {
                    best = Some(x);
                }
            }
            if best.is_some() {
                return best;
            }
            for &p in &ps {
                if let Some(x) = explain_in(env, p, rec, memo) {
                    return Some(x);
                }
            }
            None
        }
        Node::If(c, a, b) => match env.eval(c, rec, rec, true) {
            Ok(V::Bool(true)) => explain_in(env, a, rec, memo),
            _ => explain_in(env, b, rec, memo),
        },
        // A reported figure against its calculation: the difference is the shortfall.
        Node::Agrees {
            slot,
            expr,
            display,
        } => {
            let (actual, written) = match rec.values.get(*slot)? {
                Value::Num(q) => (q.q(), None),
                Value::Reported(r) => (r.value, Some(r.half)),
                _ => return None,
            };
            let Ok(V::Num(required)) = env.eval(expr, rec, rec, true) else {
                return None;
            };
            let diff = actual.checked_sub(required)?;
            let shortfall = if diff.is_negative() {
                diff.checked_neg()
            } else {
                Some(diff)
            };
            Some((
                Comparison {
                    op: Cmp::Eq,
                    actual,
                    required,
                    shortfall,
                    display: *display,
                    written,
                },
                Some(*slot),
            ))
        }
        Node::Cmp(op, a, b, display) => {
            // A figure known only within bounds (land that may include a parcel)
            // failed at its most favourable bound: that bound is what it is held
            // to, and the shortfall from it is certain.
            let actual = match (op, env.eval(a, rec, rec, true)) {
                (_, Ok(V::Num(q))) => q,
                (Cmp::Ge | Cmp::Gt, Ok(V::Range(_, hi))) => hi,
                (Cmp::Le | Cmp::Lt, Ok(V::Range(lo, _))) => lo,
                _ => return None,
            };
            let Ok(V::Num(required)) = env.eval(b, rec, rec, true) else {
                return None;
            };
            let shortfall = match op {
                Cmp::Ge | Cmp::Gt => required.checked_sub(actual),
                Cmp::Le | Cmp::Lt => actual.checked_sub(required),
                Cmp::Eq => required.checked_sub(actual).map(|d| {
                    if d.is_negative() {
                        d.checked_neg().unwrap_or(d)
                    } else {
                        d
                    }
                }),
                Cmp::Ne => None,
            }
            // A strict bound failed on the bound itself (50% against `< 50%`): no
            // shortfall to show, rather than a `0` that reads as none.
            .filter(|d| !d.is_zero());
            let focus = first_field(a).or_else(|| first_field(b));
            let written = match a.as_ref() {
                Node::Field(s) => match rec.values.get(*s) {
                    Some(Value::Reported(r)) => Some(r.half),
                    _ => None,
                },
                _ => None,
            };
            Some((
                Comparison {
                    op: *op,
                    actual,
                    required,
                    shortfall,
                    display: *display,
                    written,
                },
                focus,
            ))
        }
        _ => None,
    }
}

/// The first field of the checked record an expression reads.
pub(super) fn first_field(n: &Node) -> Option<Slot> {
    first_field_in(n, &mut Vec::new())
}

/// [`first_field`], entering each let once: a let that had none the first time
/// has none the next (and one that had would have ended the search).
fn first_field_in(n: &Node, seen: &mut Vec<usize>) -> Option<Slot> {
    match n {
        Node::Field(s)
        | Node::Agrees { slot: s, .. }
        | Node::Present {
            slot: s,
            outer: false,
            ..
        } => Some(*s),
        Node::Let(i, l) => {
            if seen.contains(i) {
                return None;
            }
            seen.push(*i);
            first_field_in(l, seen)
        }
        Node::Cmp(_, a, b, _) | Node::Arith(_, a, b) => {
            first_field_in(a, seen).or_else(|| first_field_in(b, seen))
        }
        Node::Neg(a) | Node::Not(a) => first_field_in(a, seen),
        Node::In(a, _) => first_field_in(a, seen),
        Node::Contains { list, .. } | Node::Matches(list, _) => first_field_in(list, seen),
        Node::And(xs) | Node::Or(xs) => xs.iter().find_map(|x| first_field_in(x, seen)),
        Node::If(c, a, b) => first_field_in(c, seen)
            .or_else(|| first_field_in(a, seen))
            .or_else(|| first_field_in(b, seen)),
        _ => None,
    }
}

/// For a failure with no numeric comparison behind it: the field of the first part
/// that is false (`upgraded`, `services contains_all …`).
pub(super) fn failing_field(n: &Node, env: &Env<'_>, rec: &Record<'_>) -> Option<Slot> {
    match unlet(n) {
        m @ (Node::And(_) | Node::Or(_)) => {
            let mut ps = Vec::new();
            parts(m, matches!(m, Node::And(_)), &mut Vec::new(), &mut ps);
            ps.into_iter()
                .find(|p| matches!(env.eval(p, rec, rec, true), Ok(V::Bool(false))))
                .and_then(|p| failing_field(p, env, rec))
        }
        Node::If(c, a, b) => match env.eval(c, rec, rec, true) {
            Ok(V::Bool(true)) => failing_field(a, env, rec),
            _ => failing_field(b, env, rec),
        },
        m => first_field(m),
    }
}

/// For a failed requirement: the items that each false `contains_all` (of every
/// false part of an `and`, the last alternative of an `or`, the branch an `if`
/// took) finds missing from its list, each once, in the order the rule names them.
pub(super) fn lacking(n: &Node, env: &Env<'_>, rec: &Record<'_>) -> Vec<Box<str>> {
    fn walk(
        n: &Node,
        env: &Env<'_>,
        rec: &Record<'_>,
        out: &mut Vec<Box<str>>,
        seen: &mut Vec<usize>,
    ) {
        let is_false = |p: &Node| matches!(env.eval(p, rec, rec, true), Ok(V::Bool(false)));
        match n {
            Node::Let(i, l) if !seen.contains(i) => {
                seen.push(*i);
                walk(l, env, rec, out, seen);
            }
            Node::And(_) => {
                let mut ps = Vec::new();
                parts(n, true, &mut Vec::new(), &mut ps);
                for p in ps.into_iter().filter(|p| is_false(p)) {
                    walk(p, env, rec, out, seen);
                }
            }
            Node::Or(xs) => {
                if let Some(p) = xs.last() {
                    walk(p, env, rec, out, seen);
                }
            }
            Node::If(c, a, b) => match env.eval(c, rec, rec, true) {
                Ok(V::Bool(true)) => walk(a, env, rec, out, seen),
                _ => walk(b, env, rec, out, seen),
            },
            Node::Contains {
                all: true,
                list,
                items,
            } => {
                if let Ok(V::List(l)) = env.eval(list, rec, rec, true) {
                    for it in items.iter() {
                        if !crate::data::list_items(l).any(|x| x == &**it) && !out.contains(it) {
                            out.push(it.clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(n, env, rec, &mut out, &mut Vec::new());
    out
}

/// A false part of a failed `and`: its field, and its figures when it is a comparison.
pub(super) type Fault = (Slot, Option<Comparison>);

/// For a failed conjunction, the first field of each false part (once each), with
/// the part's comparison when it is one; for any other requirement, none: its one
/// fault is the finding's focus.
pub(super) fn faults(n: &Node, env: &Env<'_>, rec: &Record<'_>) -> Vec<Fault> {
    let mut out = Vec::new();
    match unlet(n) {
        Node::If(c, a, b) => match env.eval(c, rec, rec, true) {
            Ok(V::Bool(true)) => return faults(a, env, rec),
            _ => return faults(b, env, rec),
        },
        m @ Node::And(_) => at_fault(m, env, rec, &mut out, &mut Vec::new()),
        _ => {}
    }
    out
}

/// The fields of the false parts of `n`: every false part of an `and`; of an
/// `or`, its last alternative — in `not present(a) or present(b)` (if `a` then
/// `b`) the fault is `b`. A let is entered once: again, it would add the same fields.
fn at_fault(
    n: &Node,
    env: &Env<'_>,
    rec: &Record<'_>,
    out: &mut Vec<Fault>,
    seen: &mut Vec<usize>,
) {
    let is_false = |p: &Node| matches!(env.eval(p, rec, rec, true), Ok(V::Bool(false)));
    match n {
        Node::Let(i, l) => {
            if !seen.contains(i) {
                seen.push(*i);
                at_fault(l, env, rec, out, seen);
            }
        }
        Node::And(_) => {
            let mut ps = Vec::new();
            parts(n, true, &mut Vec::new(), &mut ps);
            for p in ps.into_iter().filter(|p| is_false(p)) {
                at_fault(p, env, rec, out, seen);
            }
        }
        Node::Or(xs) => {
            // The last alternative as written out: that of a trailing `or` let.
            let mut last = xs.last();
            while let Some(Node::Or(ys)) = last.map(unlet) {
                last = ys.last();
            }
            if let Some(p) = last {
                at_fault(p, env, rec, out, seen);
            }
        }
        Node::If(c, a, b) => match env.eval(c, rec, rec, true) {
            Ok(V::Bool(true)) => at_fault(a, env, rec, out, seen),
            _ => at_fault(b, env, rec, out, seen),
        },
        n => {
            if let Some(s) = first_field(n)
                && !out.iter().any(|(x, _)| *x == s)
            {
                out.push((s, explain(env, n, rec).map(|(c, _)| c)));
            }
        }
    }
}

/// The checked record's fields read by the parts that leave `n` unknown on `rec`,
/// each once: of an `and` or an `or`, only its parts that are unknown themselves
/// (a part that is true or false is decided, whatever blanks it reads); of an
/// `if`, the branch its condition takes, or the condition where that is unknown;
/// of anything else, every field it reads. So an unknown names the blanks that
/// leave it undecided, not a blank that a part decided without
/// (`if built == 0 and not present(beds) then share == 0% else …`).
pub(super) fn undecided_fields(n: &Node, env: &Env<'_>, rec: &Record<'_>) -> Vec<Slot> {
    fn walk(n: &Node, env: &Env<'_>, rec: &Record<'_>, out: &mut Vec<Slot>, seen: &mut Vec<usize>) {
        match n {
            Node::Let(i, l) => {
                if !seen.contains(i) {
                    seen.push(*i);
                    walk(l, env, rec, out, seen);
                }
            }
            Node::And(xs) | Node::Or(xs) => {
                for x in xs.iter() {
                    if env.eval(x, rec, rec, true).is_err() {
                        walk(x, env, rec, out, seen);
                    }
                }
            }
            Node::If(c, a, b) => match env.eval(c, rec, rec, true) {
                Ok(V::Bool(true)) => walk(a, env, rec, out, seen),
                Ok(V::Bool(false)) => walk(b, env, rec, out, seen),
                _ => walk(c, env, rec, out, seen),
            },
            n => super::fields::own_fields(n, out, seen),
        }
    }
    let mut out = Vec::new();
    walk(n, env, rec, &mut out, &mut Vec::new());
    out
}
