//! Operators over values that are not plain numbers: dates in arithmetic, and
//! comparison of any two values (bounds included).

use crate::eval::range::{self, bounds};
use crate::eval::value::{R, Reason, Unknown, V};
use crate::num::Q;
use crate::pack::{Arith, Cmp};
use std::cmp::Ordering;

/// `date - date` in days, `date ± days`; `None` when neither side is a date.
pub(super) fn date_arith(op: Arith, x: &V<'_>, y: &V<'_>) -> Option<R<'static>> {
    let overflow = Unknown::of(Reason::Overflow);
    match (op, x, y) {
        (Arith::Sub, V::Date(a), V::Date(b)) => {
            // A civil date difference is counted in days (its largest unit).
            let days = a.since(*b).ok().map(|s| s.get_days());
            Some(days.map(|d| V::Num(Q::int(i64::from(d)))).ok_or(overflow))
        }
        (Arith::Add | Arith::Sub, V::Date(a), V::Num(n)) => {
            let days = if n.is_integer() {
                i64::try_from(n.numer()).ok()
            } else {
                None
            };
            let Some(days) = days else {
                return Some(Err(Unknown::of(Reason::Invalid)));
            };
            let days = if op == Arith::Sub { -days } else { days };
            let span = jiff::Span::new().try_days(days).ok();
            Some(
                span.and_then(|s| a.checked_add(s).ok())
                    .map(V::Date)
                    .ok_or(overflow),
            )
        }
        _ => None,
    }
}

pub fn compare(op: Cmp, x: &V<'_>, y: &V<'_>) -> Result<bool, Unknown> {
    if matches!(x, V::Range(..)) || matches!(y, V::Range(..)) {
        return match (bounds(x), bounds(y)) {
            (Some(a), Some(b)) => range::compare(op, a, b),
            _ => Err(Unknown::of(Reason::Invalid)),
        };
    }
    let ord = match (x, y) {
        (V::Num(a), V::Num(b)) => a.checked_cmp(*b).ok_or(Unknown::of(Reason::Overflow))?,
        (V::Date(a), V::Date(b)) => a.cmp(b),
        _ => {
            return match op {
                Cmp::Eq => Ok(x == y),
                Cmp::Ne => Ok(x != y),
                _ => Err(Unknown::of(Reason::Invalid)),
            };
        }
    };
    Ok(match op {
        Cmp::Eq => ord == Ordering::Equal,
        Cmp::Ne => ord != Ordering::Equal,
        Cmp::Lt => ord == Ordering::Less,
        Cmp::Le => ord != Ordering::Greater,
        Cmp::Gt => ord == Ordering::Greater,
        Cmp::Ge => ord != Ordering::Less,
    })
}
