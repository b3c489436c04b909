//! Which field a column header or a plan key names.
//!
//! Headers are written as the pack's Chinese aliases, often with the unit appended
//! (`建筑面积（平方米）`). That unit is taken at its word: it says how the column's
//! bare numbers are read, and a unit that cannot apply makes them unreadable rather
//! than silently read in the field's own unit.

// A `DataError` is large for a `Result`, but it ends a file's loading, off the hot path.

use super::cell::{COUNT_WORDS, lookup_unit, parse_cell, parse_quantity};
use super::ctx::Ctx;
use super::{Problem, Value};
use crate::data::error::{DataError, Named};
use crate::num::Q;
use crate::schema::{Entity, EntityId, FieldType, Schema, Slot};
use crate::units::Unit;

/// How bare numbers in one column are read: `Ok(unit)`, or `Err` when the header
/// names a unit that cannot apply (then only cells with their own unit are read).
pub(crate) type Bare = Result<Option<&'static Unit>, Problem>;

/// Reads one value of a field, honouring the column's unit.
pub(crate) fn read_value<'a>(text: &'a str, ty: &FieldType, bare: &Bare) -> Value<'a> {
    if let (Err(Problem::FractionOrPercent), FieldType::Quantity { unit, .. }) = (bare, ty) {
        if is_fraction(text) {
            return super::cell::invalid(text, Problem::FractionOrPercent);
        }
        return read_value(text, ty, &Ok(*unit));
    }
    match ty {
        FieldType::Quantity {
            dim,
            count,
            reported,
            ..
        } => {
            let v = super::cell::whole(
                text,
                *count,
                parse_quantity(text, *dim, bare.as_ref().copied()),
            );
            match (reported, bare) {
                (true, Ok(unit)) => super::cell::as_reported(text, v, *unit),
                _ => v,
            }
        }
        _ => parse_cell(text, ty),
    }
}

/// Matches a column header (or a plan key) to a field: exactly by name or alias,
/// then ignoring ASCII case, then without a trailing `（单位）`, whose unit then
/// says how the column's bare numbers are read.
pub(crate) fn match_header(entity: &Entity, header: &str) -> Option<(Slot, Bare)> {
    let h = header.trim();
    let by_name = |s: &str| {
        entity.field(s).or_else(|| {
            entity
                .fields
                .iter()
                .position(|f| f.name.eq_ignore_ascii_case(s))
        })
    };
    let paren = split_paren(h);
    if let Some(slot) = by_name(h) {
        let ty = &entity.fields[slot].ty;
        // A declared alias may carry any parenthesis; only a real unit is used.
        let bare = match paren.and_then(|(_, u)| lookup_unit(u)) {
            Some(u) => column_unit(ty, u.symbol, Some(u)),
            None => default_unit(ty),
        };
        return Some((slot, bare));
    }
    let (base, unit) = paren?;
    let slot = by_name(base)?;
    let ty = &entity.fields[slot].ty;
    Some((slot, column_unit(ty, unit, lookup_unit(unit))))
}

/// How a column whose header names no unit (or, for a ratio, `%`) is read. A
/// ratio's bare numbers are percent points (`55` is 55 %), except a fraction
/// (`0.6`), which could as well be 60 %: that is undecided, whatever the column's
/// other values, and unknown.
fn default_unit(ty: &FieldType) -> Bare {
    match ty {
        FieldType::Quantity { .. } if is_percent(ty) => Err(Problem::FractionOrPercent),
        FieldType::Quantity { unit, .. } => Ok(*unit),
        _ => Ok(None),
    }
}

/// A field whose bare numbers are percent points (a `ratio`).
pub(crate) fn is_percent(ty: &FieldType) -> bool {
    matches!(ty, FieldType::Quantity { unit: Some(u), .. } if u.symbol == "%")
}

/// A bare number in (0, 1]: a fraction, or a small figure in percent points.
pub(crate) fn is_fraction(text: &str) -> bool {
    super::cell::bare_number(text).is_some_and(|q| q > Q::ZERO && q <= Q::ONE)
}

fn column_unit(ty: &FieldType, text: &str, unit: Option<&'static Unit>) -> Bare {
    let FieldType::Quantity { dim, .. } = ty else {
        return Ok(None);
    };
    if is_percent(ty) && matches!(text, "小数" | "比例" | "小数形式") {
        // `完成率（小数）`: the column is written as fractions, 0.6 for 60 %.
        return Ok(None);
    }
    if is_percent(ty) && unit.is_some_and(|u| u.symbol == "%") {
        // `完成率（%）` says percent points, but a fraction typed under it is common:
        // `70` is 70 %, while `0.6` is as undecided as under a header with no unit.
        return default_unit(ty);
    }
    match unit {
        Some(u) if u.dim == *dim => Ok(Some(u)),
        Some(_) => Err(Problem::WrongUnit { unit: text.into() }),
        None if dim.is_number() && COUNT_WORDS.contains(&text) => default_unit(ty),
        None => Err(Problem::UnknownUnit { unit: text.into() }),
    }
}

/// `建筑面积（平方米）` → (`建筑面积`, `平方米`).
pub(crate) fn split_paren(h: &str) -> Option<(&str, &str)> {
    let inner = h.strip_suffix(')').or_else(|| h.strip_suffix('）'))?;
    let open = inner.rfind(['(', '（'])?;
    let unit_start = open + inner[open..].chars().next()?.len_utf8();
    let base = inner[..open].trim();
    (!base.is_empty()).then(|| (base, inner[unit_start..].trim()))
}

/// The entity whose fields match most header cells: at least half of them, and
/// no other entity matching as many.
pub(crate) fn recognise(
    ctx: &Ctx<'_>,
    schema: &Schema,
    headers: &[String],
    span: (usize, usize),
) -> Result<EntityId, DataError> {
    let named = headers.iter().filter(|h| !h.is_empty()).count();
    let scores: Vec<usize> = schema
        .entities
        .iter()
        .map(|e| {
            headers
                .iter()
                .filter(|h| !h.is_empty() && match_header(e, h).is_some())
                .count()
        })
        .collect();
    if let Some(e) = best_entity(&scores, named) {
        return Ok(e);
    }
    Err(DataError::Unrecognised {
        at: ctx.at(span),
        entities: Named::entities(schema),
    })
}

/// Given how many of `named` header cells each entity's fields match, the entity
/// matching most: at least half of them, and no other entity matching as many.
pub(crate) fn best_entity(scores: &[usize], named: usize) -> Option<EntityId> {
    let best = scores.iter().copied().max().unwrap_or(0);
    let winners: Vec<usize> = (0..scores.len()).filter(|&i| scores[i] == best).collect();
    match winners[..] {
        [only] if best > 0 && best * 2 >= named => Some(only),
        _ => None,
    }
}

/// How each column of a header is read: per column, the field it holds and how its
/// bare numbers are read; per slot, the column holding it.
pub(crate) struct Mapping {
    pub columns: Vec<Option<(Slot, Bare)>>,
    pub slot_columns: Vec<Option<usize>>,
    pub warnings: Vec<DataError>,
}

/// Matches every header cell (blank ones hold nothing) to a field of `ent`. A
/// header used twice (包联名单: 单位, 电话 after each 包联人) names the next field
/// with that alias that is still free; two columns for one field are an error.
/// `span(i)` is where header cell `i` is, for diagnostics.
pub(crate) fn map_columns(
    ctx: &Ctx<'_>,
    ent: &Entity,
    headers: &[String],
    span: &dyn Fn(usize) -> (usize, usize),
) -> Result<Mapping, DataError> {
    let mut warnings = Vec::new();
    let mut columns: Vec<Option<(Slot, Bare)>> = Vec::with_capacity(headers.len());
    let mut slot_columns: Vec<Option<usize>> = vec![None; ent.fields.len()];
    for (i, h) in headers.iter().enumerate() {
        let col = if h.is_empty() {
            None
        } else {
            match_header(ent, h)
        };
        let col = col.map(|(slot, bare)| {
            if slot_columns[slot].is_none() {
                return (slot, bare);
            }
            let h = h.trim();
            let free = ent.fields.iter().enumerate().find(|(s, f)| {
                slot_columns[*s].is_none() && *s != slot && f.aliases.iter().any(|a| a == h)
            });
            match free {
                Some((s, _)) => (s, bare),
                None => (slot, bare),
            }
        });
        match col {
            Some((slot, bare)) => {
                if let Some(prev) = slot_columns[slot] {
                    return Err(DataError::DuplicateColumn {
                        at: ctx.at(span(i)),
                        first: headers[prev].clone(),
                        second: h.to_string(),
                        field: Named::field(&ent.fields[slot]),
                    });
                }
                if let Err(p) = &bare
                    && *p != Problem::FractionOrPercent
                {
                    warnings.push(header_unit_warning(ctx, h, p, span(i)));
                }
                slot_columns[slot] = Some(i);
                columns.push(Some((slot, bare)));
            }
            None => {
                if !h.is_empty() {
                    warnings.push(unknown_field(ctx, ent, h, span(i), false));
                }
                columns.push(None);
            }
        }
    }
    Ok(Mapping {
        columns,
        slot_columns,
        warnings,
    })
}

/// A warning for a column (or, with `key`, a plan key) naming no field of `ent`,
/// suggesting the closest name or alias.
pub(crate) fn unknown_field(
    ctx: &Ctx<'_>,
    ent: &Entity,
    h: &str,
    span: (usize, usize),
    key: bool,
) -> DataError {
    // Chinese text suggests a heading a form would use, never a field's name.
    let best = |names: &mut dyn Iterator<Item = &String>| {
        names
            .map(|n| (strsim::normalized_levenshtein(n, h), n))
            .filter(|(s, _)| *s >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, n)| n.clone())
    };
    let headings = ent.fields.iter().flat_map(|f| f.aliases.iter());
    let mut all = ent
        .fields
        .iter()
        .flat_map(|f| std::iter::once(&f.name).chain(&f.aliases));
    DataError::UnknownField {
        at: ctx.at(span),
        key,
        name: h.to_string(),
        entity: Named::entity(ent),
        guess_zh: best(&mut headings.filter(|a| !a.is_ascii())),
        guess_en: best(&mut all),
    }
}

pub(crate) fn header_unit_warning(
    ctx: &Ctx<'_>,
    h: &str,
    p: &Problem,
    span: (usize, usize),
) -> DataError {
    let unit = match p {
        Problem::WrongUnit { unit } | Problem::UnknownUnit { unit } => unit.as_ref(),
        _ => "",
    };
    DataError::HeaderUnit {
        at: ctx.at(span),
        header: h.to_string(),
        unit: unit.to_string(),
    }
}
