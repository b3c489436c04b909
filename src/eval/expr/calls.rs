//! What the built-in calls need besides evaluation: a place's city, a value as a
//! geometry, and a geodesic measure as an exact number.

use crate::eval::value::{R, Reason, Unknown, V};
use crate::num::Q;
use crate::spatial::Shape;
use std::borrow::Cow;

/// The city a place lies in, by the shipped gazetteer: a county's city, a city
/// itself. A name that is no county or city (the province, a street) has none.
pub(super) fn city_of(name: &str) -> R<'static> {
    let Some((_, ix)) = crate::region::shipped_index() else {
        return Err(Unknown::of(Reason::Invalid));
    };
    let crate::region::Named::Place(g) = ix.named(name) else {
        return Err(Unknown::of(Reason::Invalid));
    };
    ix.city(g)
        .and_then(|c| ix.groups.get(c))
        .map(|c| V::Str(c.as_str()))
        .ok_or(Unknown::of(Reason::Invalid))
}

pub(super) fn geometry<'r>(v: V<'r>) -> Result<Cow<'r, Shape>, Unknown> {
    match v {
        V::Shape(s) => Ok(Cow::Borrowed(s)),
        V::Point(p) => Ok(Cow::Owned(Shape::Point(p))),
        _ => Err(Unknown::of(Reason::Invalid)),
    }
}

/// A measured length or area, to the millimetre (or mm²): geodesic measures are
/// far less exact than that, and thresholds are whole metres.
pub(super) fn metres<'r>(x: f64) -> R<'r> {
    let scaled = (x * 1000.0).round();
    if scaled.is_finite() && scaled.abs() < 9.0e18 {
        Ok(V::Num(Q::decimal(scaled as i64, 3)))
    } else {
        Err(Unknown::of(Reason::Overflow))
    }
}
