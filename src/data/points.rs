//! A record's point from its longitude and latitude fields.
//!
//! Bureau tables and the template give a site as two columns, `经度` and `纬度`,
//! rather than one `经度,纬度` cell. The pack declares which geometry field falls
//! back to which pair (`location … or point(lon, lat)`); this module makes the
//! point the same way in every format, so a table located by two columns is
//! checked as one located by a `位置` cell. A pair that is not a point (out of
//! range, swapped, half blank) is an invalid location, so checks needing it are
//! unknown, never passed.

use super::cell::{invalid, parse_cell};
use super::{Problem, Value};
use crate::schema::{FieldType, PointFrom, Schema, Slot};

/// The point fallbacks of entity `entity` as a small list, looked up once per file.
pub(crate) fn of(schema: &Schema, entity: usize) -> Vec<PointFrom> {
    schema.points_of(entity).copied().collect()
}

/// Fills each fallback's target from its pair where the record has no value of
/// its own. Returns, per fallback filled, the fallback and the slot whose cell
/// the new value is best located at: the blank half of a half pair, else the
/// longitude.
pub(crate) fn fill(points: &[PointFrom], values: &mut [Value<'_>]) -> Vec<(PointFrom, Slot)> {
    let mut filled = Vec::new();
    for p in points {
        if !matches!(values.get(p.target), Some(Value::Missing)) {
            continue;
        }
        let (Some(lon), Some(lat)) = (values.get(p.lon), values.get(p.lat)) else {
            continue;
        };
        let Some(v) = point(lon, lat) else {
            continue;
        };
        let at = if matches!(lat, Value::Missing) {
            p.lat
        } else {
            p.lon
        };
        values[p.target] = v;
        filled.push((*p, at));
    }
    filled
}

/// The point made of a longitude and a latitude value; `None` when both are blank.
pub(crate) fn point(lon: &Value<'_>, lat: &Value<'_>) -> Option<Value<'static>> {
    match (lon, lat) {
        (Value::Missing, Value::Missing) => return None,
        // Most rows: two numbers in range, made a point without any text. Both
        // parts are exact decimals below 2^53, so the division rounds once, to
        // the value the same digits would parse to.
        (Value::Num(x), Value::Num(y)) => {
            let (x, y) = (x.q().to_f64(), y.q().to_f64());
            if crate::spatial::lon_lat(x, y) {
                let p = crate::spatial::Shape::Point(geo::Point::new(x, y));
                return Some(Value::Shape(std::sync::Arc::new(p)));
            }
        }
        _ => {}
    }
    // Degrees, minutes and seconds (`114°27′22″`, `东经114度27分22秒`), as survey
    // tables often write a site.
    if let (Some(x), Some(y)) = (degrees(lon), degrees(lat))
        && crate::spatial::lon_lat(x, y)
    {
        let p = crate::spatial::Shape::Point(geo::Point::new(x, y));
        return Some(Value::Shape(std::sync::Arc::new(p)));
    }
    let text = format!("{},{}", coordinate(lon), coordinate(lat));
    let numbers = |v: &Value<'_>| matches!(v, Value::Num(_) | Value::Reported(_));
    if !numbers(lon) || !numbers(lat) {
        return Some(invalid(&text, Problem::BadPoint));
    }
    Some(parse_cell(&text, &FieldType::Geometry).into_owned())
}

/// A coordinate in degrees: a number, or text in degrees, minutes and seconds
/// with an east or north mark (`114°27′22.5″`, `东经114度27分`, `34°46'N`). West and
/// south are no coordinates of this province's and are not read.
fn degrees(v: &Value<'_>) -> Option<f64> {
    let text = match v {
        Value::Num(q) => return Some(q.q().to_f64()),
        Value::Reported(r) => return Some(r.value.to_f64()),
        Value::Invalid(i) => i.text.as_ref(),
        Value::Text(t) => t.as_ref(),
        _ => return None,
    };
    let t: String = text.split_whitespace().collect();
    let t = ["东经", "北纬", "E", "N", "e", "n"]
        .iter()
        .find_map(|m| t.strip_prefix(m))
        .or_else(|| ["E", "N", "e", "n"].iter().find_map(|m| t.strip_suffix(m)))
        .unwrap_or(&t);
    let mut parts = [None::<f64>; 3];
    let mut rest = t;
    let mut next = 0;
    while !rest.is_empty() {
        let end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (digits, after) = rest.split_at(end);
        let n: f64 = digits.parse().ok()?;
        // Seconds written as two primes (`22''`) are read before one prime.
        let (unit, mark_len) = if after.starts_with("''") || after.starts_with("′′") {
            (2, 2 * after.chars().next().map_or(0, char::len_utf8))
        } else {
            let mark = after.chars().next()?;
            let unit = match mark {
                '°' | '度' => 0,
                '′' | '\'' | '’' | '分' => 1,
                '″' | '"' | '”' | '秒' => 2,
                _ => return None,
            };
            (unit, mark.len_utf8())
        };
        if unit < next || parts[unit].is_some() {
            return None;
        }
        parts[unit] = Some(n);
        next = unit + 1;
        rest = &after[mark_len..];
    }
    let d = parts[0]?;
    let (m, s) = (parts[1].unwrap_or(0.0), parts[2].unwrap_or(0.0));
    // Only the last part may have a fraction (`114°27.5′`, not `114.5°27′`).
    let whole = match parts {
        [_, None, None] => true,
        [_, Some(_), None] => d.fract() == 0.0,
        _ => d.fract() == 0.0 && m.fract() == 0.0,
    };
    (whole && m < 60.0 && s < 60.0).then_some(d + m / 60.0 + s / 3600.0)
}

/// A coordinate as it reads in a `经度,纬度` cell (blank when missing).
fn coordinate(v: &Value<'_>) -> String {
    match v {
        Value::Num(q) => q.q().to_decimal_string(12),
        Value::Reported(r) => r.value.to_decimal_string(12),
        Value::Invalid(i) => i.text.to_string(),
        Value::Text(t) | Value::List(t) => t.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::Q;

    fn num(s: &str) -> Value<'static> {
        Value::Num(Q::parse_decimal(s).unwrap_or(Q::ZERO).into())
    }

    fn problem(v: Option<Value<'_>>) -> Option<(Problem, String)> {
        match v {
            Some(Value::Invalid(i)) => Some((i.problem, i.text.to_string())),
            _ => None,
        }
    }

    #[test]
    fn a_pair_is_a_point() {
        let v = point(&num("114.4562"), &num("34.7713"));
        let Some(Value::Shape(s)) = v else {
            panic!("not a shape: {v:?}");
        };
        let crate::spatial::Shape::Point(p) = &*s else {
            panic!("not a point: {s:?}");
        };
        assert_eq!(format!("{:.6},{:.6}", p.x(), p.y()), "114.456200,34.771300");
        assert_eq!(point(&Value::Missing, &Value::Missing), None);
    }

    #[test]
    fn degrees_minutes_and_seconds_are_a_point() {
        let text = |t: &str| invalid(t, Problem::NotANumber);
        for (lon, lat, x, y) in [
            (
                "114°27′22.5″",
                "34°46′17″",
                114.0 + 27.0 / 60.0 + 22.5 / 3600.0,
                34.0 + 46.0 / 60.0 + 17.0 / 3600.0,
            ),
            ("东经114度27分", "北纬34度46分", 114.45, 34.0 + 46.0 / 60.0),
            ("114°27'E", "34°46'N", 114.45, 34.0 + 46.0 / 60.0),
            ("114.45°", "34.5°", 114.45, 34.5),
            (
                "114°27'22.5''",
                "34°46'17''",
                114.0 + 27.0 / 60.0 + 22.5 / 3600.0,
                34.0 + 46.0 / 60.0 + 17.0 / 3600.0,
            ),
        ] {
            let v = point(&text(lon), &text(lat));
            let Some(Value::Shape(s)) = v else {
                panic!("{lon},{lat}: not a shape: {v:?}");
            };
            let crate::spatial::Shape::Point(p) = s.as_ref() else {
                panic!("not a point");
            };
            assert!(
                (p.x() - x).abs() < 1e-9 && (p.y() - y).abs() < 1e-9,
                "{lon},{lat}: {p:?}"
            );
        }
        // minutes past 60, a fractional degree before minutes, west, no marks
        for (lon, lat) in [
            ("114°61′", "34°46′"),
            ("114.5°27′", "34°46′"),
            ("西经114°27′", "34°46′"),
            ("114 27 22", "34 46 17"),
            ("114°°27′", "34°46′"),
        ] {
            assert!(
                matches!(point(&text(lon), &text(lat)), Some(Value::Invalid(_))),
                "{lon},{lat}"
            );
        }
    }

    #[test]
    fn bad_pairs_are_invalid_never_missing() {
        assert_eq!(
            problem(point(&num("34.7713"), &num("114.4562"))),
            Some((Problem::SwappedPoint, "34.7713,114.4562".into()))
        );
        assert_eq!(
            problem(point(&num("214.4"), &num("34.7"))),
            Some((Problem::BadPoint, "214.4,34.7".into()))
        );
        // (0, 0): what a formula over blank cells writes, not a site.
        assert_eq!(
            problem(point(&num("0"), &num("0"))),
            Some((Problem::BadPoint, "0,0".into()))
        );
        assert_eq!(
            problem(point(&num("114.4562"), &Value::Missing)),
            Some((Problem::BadPoint, "114.4562,".into()))
        );
        assert_eq!(
            problem(point(
                &invalid("东经114", Problem::NotANumber),
                &num("34.7")
            )),
            Some((Problem::BadPoint, "东经114,34.7".into()))
        );
    }

    #[test]
    fn a_record_of_its_own_keeps_its_location() {
        let p = [PointFrom {
            entity: 0,
            target: 0,
            lon: 1,
            lat: 2,
        }];
        let own = invalid("x", Problem::BadPoint);
        let mut values = vec![own.clone(), num("114.4"), num("34.7")];
        assert!(fill(&p, &mut values).is_empty());
        assert_eq!(values[0], own);
        let mut values = vec![Value::Missing, num("114.4"), Value::Missing];
        assert_eq!(fill(&p, &mut values), vec![(p[0], 2)]);
        assert!(matches!(values[0], Value::Invalid(_)));
        let mut values = vec![Value::Missing, num("114.4"), num("34.7")];
        assert_eq!(fill(&p, &mut values), vec![(p[0], 1)]);
        assert!(matches!(values[0], Value::Shape(_)));
    }
}
