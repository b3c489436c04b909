//! Arithmetic and comparison over numbers known only within bounds.
//!
//! An aggregate whose candidates include records that may or may not count (their
//! `where` or value is unreadable) is a range `[lo, hi]`, not a number. Carrying
//! the bounds through the requirement's arithmetic and deciding a comparison only
//! when every value in them agrees keeps such a record from turning a verdict
//! either way: `count(...) >= 1` over one unreadable candidate and no readable one
//! is unknown, while over two readable ones it still passes.

use super::value::{R, Reason, Unknown, V};
use crate::num::Q;
use crate::pack::{Arith, Cmp};
use std::cmp::Ordering;

/// The bounds of a number or a range; `None` for any other value.
pub fn bounds(v: &V<'_>) -> Option<(Q, Q)> {
    match v {
        V::Num(q) => Some((*q, *q)),
        V::Range(lo, hi) => Some((*lo, *hi)),
        _ => None,
    }
}

/// A range, or the number it is when its bounds meet.
pub fn range<'a>(lo: Q, hi: Q) -> V<'a> {
    if lo.checked_cmp(hi) == Some(Ordering::Equal) {
        V::Num(lo)
    } else {
        V::Range(lo, hi)
    }
}

fn overflow() -> Unknown {
    Unknown::of(Reason::Overflow)
}

pub fn min(a: Q, b: Q) -> Q {
    if b.checked_cmp(a) == Some(Ordering::Less) {
        b
    } else {
        a
    }
}

pub fn max(a: Q, b: Q) -> Q {
    if b.checked_cmp(a) == Some(Ordering::Greater) {
        b
    } else {
        a
    }
}

/// `x op y` where one side at least is a range.
pub fn arith<'a>(op: Arith, (a, b): (Q, Q), (c, d): (Q, Q)) -> R<'a> {
    let corners = |f: fn(Q, Q) -> Option<Q>| -> Result<(Q, Q), Unknown> {
        let xs = [f(a, c), f(a, d), f(b, c), f(b, d)];
        let mut lo: Option<Q> = None;
        let mut hi: Option<Q> = None;
        for x in xs {
            let x = x.ok_or_else(overflow)?;
            lo = Some(lo.map_or(x, |l| min(l, x)));
            hi = Some(hi.map_or(x, |h| max(h, x)));
        }
        lo.zip(hi).ok_or_else(overflow)
    };
    let (lo, hi) = match op {
        Arith::Add => (
            a.checked_add(c).ok_or_else(overflow)?,
            b.checked_add(d).ok_or_else(overflow)?,
        ),
        Arith::Sub => (
            a.checked_sub(d).ok_or_else(overflow)?,
            b.checked_sub(c).ok_or_else(overflow)?,
        ),
        Arith::Mul => corners(Q::checked_mul)?,
        Arith::Div => {
            if c.is_zero() && d.is_zero() {
                return Err(Unknown::of(Reason::DivZero));
            }
            if (c.is_negative() || c.is_zero()) && !d.is_negative() {
                // The divisor may be zero: whether the rule can be evaluated at all
                // depends on the records that may or may not count.
                return Err(Unknown::of(Reason::Uncertain));
            }
            corners(Q::checked_div)?
        }
    };
    Ok(range(lo, hi))
}

/// `x op y` where one side at least is a range: decided only when it holds, or
/// fails, for every value within the bounds.
pub fn compare(op: Cmp, (a, b): (Q, Q), (c, d): (Q, Q)) -> Result<bool, Unknown> {
    let lt = |x: Q, y: Q| x.checked_cmp(y).map(|o| o == Ordering::Less);
    let le = |x: Q, y: Q| x.checked_cmp(y).map(|o| o != Ordering::Greater);
    let decide = |yes: Option<bool>, no: Option<bool>| match (yes, no) {
        (Some(true), _) => Ok(true),
        (_, Some(true)) => Ok(false),
        (Some(false), Some(false)) => Err(Unknown::of(Reason::Uncertain)),
        _ => Err(overflow()),
    };
    match op {
        Cmp::Ge => decide(le(d, a), lt(b, c)),
        Cmp::Gt => decide(lt(d, a), le(b, c)),
        Cmp::Le => decide(le(b, c), lt(d, a)),
        Cmp::Lt => decide(lt(b, c), le(d, a)),
        Cmp::Eq | Cmp::Ne => {
            // Equal only when both are the same single value; unequal when apart.
            let same = a == b && c == d && a == c;
            let apart = lt(b, c) == Some(true) || lt(d, a) == Some(true);
            let eq = match (same, apart) {
                (true, _) => Ok(true),
                (_, true) => Ok(false),
                _ => Err(Unknown::of(Reason::Uncertain)),
            };
            eq.map(|e| e == (op == Cmp::Eq))
        }
    }
}

/// `|x - y|`'s bounds, for a reported figure checked against a range.
pub fn abs_diff(x: Q, (c, d): (Q, Q)) -> Result<(Q, Q), Unknown> {
    let lo = x.checked_sub(d).ok_or_else(overflow)?;
    let hi = x.checked_sub(c).ok_or_else(overflow)?;
    let abs = |q: Q| {
        if q.is_negative() {
            q.checked_neg().ok_or_else(overflow)
        } else {
            Ok(q)
        }
    };
    if lo.is_negative() && !hi.is_negative() {
        Ok((Q::ZERO, max(abs(lo)?, abs(hi)?)))
    } else {
        let (x, y) = (abs(lo)?, abs(hi)?);
        Ok((min(x, y), max(x, y)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64) -> Q {
        Q::int(n)
    }

    #[test]
    fn a_comparison_is_decided_only_when_the_whole_range_agrees() {
        // count in [0, 1] against >= 1: unknown; [1, 2]: passes; [0, 0] fails.
        assert_eq!(
            compare(Cmp::Ge, (q(0), q(1)), (q(1), q(1))),
            Err(Unknown::of(Reason::Uncertain))
        );
        assert_eq!(compare(Cmp::Ge, (q(1), q(2)), (q(1), q(1))), Ok(true));
        assert_eq!(compare(Cmp::Ge, (q(0), q(0)), (q(1), q(1))), Ok(false));
        assert!(compare(Cmp::Le, (q(1), q(3)), (q(2), q(2))).is_err());
        assert_eq!(compare(Cmp::Le, (q(1), q(2)), (q(2), q(2))), Ok(true));
        assert_eq!(compare(Cmp::Lt, (q(2), q(3)), (q(2), q(2))), Ok(false));
        assert_eq!(compare(Cmp::Gt, (q(3), q(4)), (q(2), q(2))), Ok(true));
        assert_eq!(compare(Cmp::Eq, (q(3), q(4)), (q(5), q(5))), Ok(false));
        assert_eq!(compare(Cmp::Ne, (q(3), q(4)), (q(5), q(5))), Ok(true));
        assert!(compare(Cmp::Eq, (q(3), q(5)), (q(4), q(4))).is_err());
    }

    #[test]
    fn arithmetic_keeps_the_bounds() {
        assert_eq!(
            arith(Arith::Add, (q(1), q(2)), (q(10), q(10))),
            Ok(V::Range(q(11), q(12)))
        );
        assert_eq!(
            arith(Arith::Sub, (q(1), q(2)), (q(1), q(2))),
            Ok(V::Range(q(-1), q(1)))
        );
        assert_eq!(
            arith(Arith::Mul, (q(-1), q(2)), (q(3), q(3))),
            Ok(V::Range(q(-3), q(6)))
        );
        // 55 nursing beds of 100 to 110 beds.
        let Ok(V::Range(lo, hi)) = arith(Arith::Div, (q(55), q(55)), (q(100), q(110))) else {
            panic!("a range")
        };
        assert_eq!(
            (lo, hi),
            (
                Q::new(1, 2).unwrap_or(Q::ZERO),
                Q::new(11, 20).unwrap_or(Q::ZERO)
            )
        );
        assert_eq!(
            arith(Arith::Div, (q(1), q(1)), (q(0), q(3))),
            Err(Unknown::of(Reason::Uncertain))
        );
        assert_eq!(
            arith(Arith::Add, (q(1), q(1)), (q(2), q(2))),
            Ok(V::Num(q(3)))
        );
    }

    #[test]
    fn distance_from_a_range() {
        assert_eq!(abs_diff(q(5), (q(3), q(7))), Ok((q(0), q(2))));
        assert_eq!(abs_diff(q(5), (q(6), q(8))), Ok((q(1), q(3))));
        assert_eq!(abs_diff(q(5), (q(1), q(2))), Ok((q(3), q(4))));
    }
}
