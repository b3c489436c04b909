//! A rule's `test` cases as records: each `field = value` pair read as a literal
//! of the field's type or as a data cell would be.

use super::ast::{self, Expr, ExprKind};
use super::check::date_literal;
use super::error::LangError;
use crate::data::{Pos, Record, Value};
use crate::diag::suggest;
use crate::schema::{EntityId, FieldType, Schema};

/// Builds a record from a test case's `field = value` pairs.
pub(super) fn test_record(
    schema: &Schema,
    case: &ast::TestCase,
    own: EntityId,
) -> Result<(EntityId, Record<'static>), LangError> {
    let Some(named) = &case.entity else {
        return test_fields(schema, case, own).map(|r| (own, r));
    };
    let Some(ent_id) = schema.entity(&named.name) else {
        let names = schema.entities.iter().map(|e| e.name.as_str());
        return Err(LangError::UnknownEntity {
            name: named.name.clone(),
            suggestion: suggest(&named.name, names).map(str::to_string),
            span: named.span,
        });
    };
    test_fields(schema, case, ent_id).map(|r| (ent_id, r))
}

/// A test case's `field = value` pairs as a record of entity `ent_id`.
fn test_fields(
    schema: &Schema,
    case: &ast::TestCase,
    ent_id: EntityId,
) -> Result<Record<'static>, LangError> {
    let ent = &schema.entities[ent_id];
    let mut values = vec![Value::Missing; ent.fields.len()];
    for (name, expr) in &case.fields {
        let Some(slot) = ent.field(&name.name) else {
            let names = ent.fields.iter().map(|f| f.name.as_str());
            return Err(LangError::UnknownField {
                entity: ent.name.clone(),
                name: name.name.clone(),
                suggestion: suggest(&name.name, names).map(str::to_string),
                span: name.span,
            });
        };
        values[slot] = literal_value(schema, ent_id, slot, expr)?;
    }
    settle_places(ent, &mut values);
    let mut values = values.into();
    settle_levels(schema, ent_id, &mut values);
    Ok(Record {
        values,
        pos: Pos {
            source: u32::MAX,
            row: 0,
            line: 0,
            offset: case.span.start,
        },
    })
}

/// A place several cities share (`高新区`) in a test record is settled, as a data
/// record's is, by the city its other place cells name, else its entity's region.
fn settle_places(ent: &crate::schema::Entity, values: &mut [Value<'static>]) {
    use crate::data::Problem;
    let Some((_, ix)) = crate::region::shipped_index() else {
        return;
    };
    let slots = ent.place_slots();
    let city = slots
        .iter()
        .find_map(|&s| match values.get(s) {
            Some(Value::Text(t)) => ix.lookup(t).and_then(|g| ix.city(g)),
            _ => None,
        })
        .or_else(|| {
            ent.home
                .as_deref()
                .and_then(|h| ix.lookup(h))
                .and_then(|g| ix.city(g))
        });
    for s in slots {
        if let Some(v) = values.get_mut(s)
            && let Value::Invalid(bad) = v
            && bad.problem == Problem::AmbiguousPlace
        {
            let text = bad.text.to_string();
            *v = crate::region::canonical(ix, &text, city).into_owned();
        }
    }
}

/// Levels a data record's would take from its place or office cells (a blank
/// 级别 beside `兰考县民政局`), as a run's records take them.
fn settle_levels(schema: &Schema, ent_id: EntityId, values: &mut crate::data::Values<'static>) {
    let Some((_, ix)) = crate::region::shipped_index() else {
        return;
    };
    for l in schema.levels_of(ent_id) {
        if let Some(v) = crate::region::level_fix(ix, l, values)
            && let Some(cell) = values.get_mut(l.target)
        {
            *cell = Value::Enum(v);
        }
    }
}

/// A test value: a literal of the field's type, or text read as a data cell would be.
fn literal_value(
    schema: &Schema,
    ent: EntityId,
    slot: usize,
    e: &Expr,
) -> Result<Value<'static>, LangError> {
    let field = &schema.entities[ent].fields[slot];
    let bad = || LangError::TestValue {
        field: field.name.clone(),
        span: e.span,
    };
    let v = match (&e.kind, &field.ty) {
        (ExprKind::Str(s), FieldType::Text) => Value::Text(s.as_str().into()),
        (ExprKind::Str(s), FieldType::Locality) => {
            crate::data::cell::parse_cell(s, &FieldType::Locality).into_owned()
        }
        // As a data cell is read: the place's full name, or invalid when it names
        // no single place.
        (ExprKind::Str(s), FieldType::Place) => match crate::region::shipped_index() {
            Some((_, ix)) => crate::region::canonical(ix, s, None).into_owned(),
            None => Value::Text(s.as_str().into()),
        },
        (ExprKind::Str(s), ty) => crate::data::cell::parse_cell(s, ty),
        (ExprKind::Name(n), ty @ FieldType::Enum(_)) => match ty.variant(n) {
            Some(i) => Value::Enum(i),
            None => {
                return Err(LangError::TestValueNotEnum {
                    field: field.name.clone(),
                    value: n.clone(),
                    span: e.span,
                });
            }
        },
        (ExprKind::Bool(b), FieldType::Bool) => Value::Bool(*b),
        (ExprKind::Date(d), FieldType::Date) => Value::Date(date_literal(d, e.span)?),
        (ExprKind::List(items), FieldType::List) => {
            let mut out: Vec<&str> = Vec::new();
            for it in items {
                let ExprKind::Str(s) = &it.kind else {
                    return Err(bad());
                };
                out.push(s.as_str());
            }
            Value::List(out.join("、").into())
        }
        // A reported figure keeps the precision it is written at, as in a cell.
        (ExprKind::Num { digits, unit }, ty @ FieldType::Quantity { reported: true, .. }) => {
            let text = format!("{digits}{}", unit.as_ref().map_or("", |u| u.name.as_str()));
            crate::data::cell::parse_cell(&text, ty).into_owned()
        }
        (ExprKind::Num { digits, unit }, FieldType::Quantity { dim, unit: fu, .. }) => {
            let q = crate::num::Q::parse_decimal(digits).ok_or_else(bad)?;
            let u = match unit {
                Some(u) => Some(
                    crate::units::lookup(&u.name)
                        .filter(|d| d.dim == *dim)
                        .ok_or_else(|| LangError::TestValueUnit {
                            field: field.name.clone(),
                            dim: *dim,
                            span: e.span,
                        })?,
                ),
                None => *fu,
            };
            Value::Num(
                match u {
                    Some(u) => u.to_base(q).ok_or_else(bad)?,
                    None => q,
                }
                .into(),
            )
        }
        _ => return Err(bad()),
    };
    Ok(v.into_owned())
}
