//! Builds the [`Schema`] from `entity` and `extend entity` declarations.

use super::ast::{EntityDecl, TypeDecl};
use super::error::LangError;
use crate::diag::suggest;
use crate::schema::{Entity, Field, FieldType, PointFrom, Schema, Variant};
use crate::units::{self, Dim};

pub(crate) const TYPES: &[&str] = &[
    "text", "place", "locality", "bool", "date", "list", "geometry", "count", "number", "ratio",
    "area", "length", "money",
];

fn field_type(ty: &TypeDecl) -> Result<FieldType, LangError> {
    let (ty, unit, reported) = match ty {
        TypeDecl::Enum(vs, _) => {
            let mut out = Vec::with_capacity(vs.len());
            for v in vs {
                let mut maybe = Vec::new();
                for m in &v.maybe {
                    // One of the other values, itself definite: `maybe` does not chain.
                    let i = vs
                        .iter()
                        .position(|o| {
                            o.name.name == m.name
                                && o.name.name != v.name.name
                                && o.maybe.is_empty()
                        })
                        .and_then(|i| u16::try_from(i).ok());
                    match i {
                        Some(i) => maybe.push(i),
                        None => {
                            return Err(LangError::MaybeNotDefinite {
                                name: m.name.clone(),
                                span: m.span,
                            });
                        }
                    }
                }
                out.push(Variant {
                    name: v.name.name.clone(),
                    labels: v.labels.iter().map(|l| l.text.clone()).collect(),
                    maybe,
                });
            }
            return Ok(FieldType::Enum(out.into()));
        }
        TypeDecl::Named { ty, unit, reported } => (ty, unit, reported),
    };
    let quantity = |dim: Dim, count: bool| -> Result<FieldType, LangError> {
        let unit = match unit {
            None => None,
            Some(u) => match units::lookup(&u.name) {
                Some(def) if def.dim == dim => Some(def),
                Some(def) => {
                    return Err(LangError::UnitNotOfType {
                        unit: u.name.clone(),
                        dim: def.dim,
                        ty: ty.name.clone(),
                        span: u.span,
                    });
                }
                None => {
                    return Err(LangError::UnknownFieldUnit {
                        unit: u.name.clone(),
                        span: u.span,
                    });
                }
            },
        };
        Ok(FieldType::Quantity {
            dim,
            unit,
            count,
            reported: reported.is_some(),
        })
    };
    let no_unit = || -> Result<(), LangError> {
        match unit {
            Some(u) => Err(LangError::TypeTakesNoUnit {
                ty: ty.name.clone(),
                span: u.span,
            }),
            None => Ok(()),
        }
    };
    let only_quantities = || -> Result<(), LangError> {
        match reported {
            Some(r)
                if matches!(
                    ty.name.as_str(),
                    "text" | "bool" | "date" | "list" | "geometry"
                ) =>
            {
                Err(LangError::NotReportable {
                    ty: ty.name.clone(),
                    span: r.span,
                })
            }
            _ => Ok(()),
        }
    };
    only_quantities()?;
    Ok(match ty.name.as_str() {
        "text" => no_unit().map(|_| FieldType::Text)?,
        // `place county`: see `schema::Field::names_county`.
        "place" if unit.as_ref().is_some_and(|u| u.name == "county") => FieldType::Place,
        "place" => no_unit().map(|_| FieldType::Place)?,
        "locality" => no_unit().map(|_| FieldType::Locality)?,
        "bool" => no_unit().map(|_| FieldType::Bool)?,
        "date" => no_unit().map(|_| FieldType::Date)?,
        "list" => no_unit().map(|_| FieldType::List)?,
        "geometry" => no_unit().map(|_| FieldType::Geometry)?,
        "count" => quantity(Dim::NUMBER, true)?,
        "number" => quantity(Dim::NUMBER, false)?,
        "ratio" => {
            no_unit()?;
            FieldType::Quantity {
                dim: Dim::NUMBER,
                unit: units::lookup("%"),
                count: false,
                reported: reported.is_some(),
            }
        }
        "area" => quantity(Dim::AREA, false)?,
        "length" => quantity(Dim::LENGTH, false)?,
        "money" => quantity(Dim::MONEY, false)?,
        other => match units::lookup(other) {
            Some(def) => FieldType::Quantity {
                dim: def.dim,
                unit: Some(def),
                count: false,
                reported: reported.is_some(),
            },
            None => {
                return Err(LangError::UnknownType {
                    name: other.to_string(),
                    suggestion: suggest(other, TYPES.iter().copied()).map(str::to_string),
                    span: ty.span,
                });
            }
        },
    })
}

/// Adds one declaration to the schema. Errors are collected by the caller.
pub(crate) fn declare(schema: &mut Schema, decl: &EntityDecl, errors: &mut Vec<LangError>) {
    let existing = schema
        .entities
        .iter()
        .position(|e| e.name == decl.name.name);
    let idx = match (existing, decl.extend) {
        (Some(_), false) => {
            errors.push(LangError::EntityTwice {
                name: decl.name.name.clone(),
                span: decl.name.span,
            });
            return;
        }
        (None, true) => {
            errors.push(LangError::ExtendUnknown {
                name: decl.name.name.clone(),
                span: decl.name.span,
            });
            return;
        }
        (Some(i), true) => i,
        (None, false) => {
            schema.entities.push(Entity {
                name: decl.name.name.clone(),
                checks: Vec::new(),
                key: Vec::new(),
                disjoint: None,
                home: None,
                labels: Vec::new(),
                fields: Vec::new(),
            });
            schema.entities.len() - 1
        }
    };
    let ent = &mut schema.entities[idx];
    ent.labels
        .extend(decl.labels.iter().map(|l| l.text.clone()));
    for f in &decl.fields {
        if ent.fields.iter().any(|x| x.name == f.name.name) {
            errors.push(LangError::FieldTwice {
                name: f.name.name.clone(),
                span: f.name.span,
            });
            continue;
        }
        let names_county = matches!(&f.ty, TypeDecl::Named { ty, unit: Some(u), .. }
            if ty.name == "place" && u.name == "county");
        match field_type(&f.ty) {
            Ok(ty) => ent.fields.push(Field {
                name: f.name.name.clone(),
                ty,
                aliases: f.aliases.iter().map(|a| a.text.clone()).collect(),
                names_county,
            }),
            Err(d) => errors.push(d),
        }
    }
    for c in &decl.checks {
        match invariant(&schema.entities[idx], c) {
            Ok(inv) => schema.entities[idx].checks.push(inv),
            Err(d) => errors.push(d),
        }
    }
    if !decl.key.is_empty() {
        let ent = &schema.entities[idx];
        let mut key = Vec::new();
        for k in &decl.key {
            match slot_of(ent, k) {
                Ok(s) => key.push(s),
                Err(d) => errors.push(d),
            }
        }
        schema.entities[idx].key = key;
    }
    if let Some(g) = &decl.disjoint {
        let ent = &schema.entities[idx];
        match slot_of(ent, g) {
            Ok(s) if ent.fields[s].ty == FieldType::Geometry => {
                schema.entities[idx].disjoint = Some(s);
            }
            Ok(_) => errors.push(LangError::DisjointNotGeometry {
                name: g.name.clone(),
                span: g.span,
            }),
            Err(d) => errors.push(d),
        }
    }
    for f in &decl.fields {
        if let Some(decl) = &f.level {
            match level_from(&schema.entities[idx], idx, &f.name, decl) {
                Ok(l) => schema.levels.push(l),
                Err(d) => errors.push(d),
            }
        }
        if let Some((lon, lat)) = &f.point {
            match point_from(&schema.entities[idx], idx, &f.name, lon, lat) {
                Ok(p) => schema.points.push(p),
                Err(d) => errors.push(d),
            }
        }
    }
}

/// Resolves `target … or level(place, province, city, county)`, an enum field
/// that is the level of a place field's place, and `target … or
/// office_level(unit, province, city, county, township)`, the level of the office
/// a text field names.
fn level_from(
    ent: &Entity,
    entity: usize,
    target: &super::ast::Ident,
    decl: &super::ast::LevelDecl,
) -> Result<crate::schema::LevelFrom, LangError> {
    use crate::schema::LevelBy;
    let office = decl.by == LevelBy::Office;
    let (t, p) = (slot_of(ent, target)?, slot_of(ent, &decl.from)?);
    if !matches!(ent.fields[t].ty, FieldType::Enum(_)) {
        return Err(LangError::LevelNotEnum {
            office,
            name: target.name.clone(),
            span: target.span,
        });
    }
    let want = if office {
        FieldType::Text
    } else {
        FieldType::Place
    };
    if ent.fields[p].ty != want {
        return Err(LangError::LevelNotPlace {
            office,
            name: decl.from.name.clone(),
            span: decl.from.span,
        });
    }
    let mut out = [None; 4];
    for (o, id) in out.iter_mut().zip(&decl.values) {
        *o = Some(
            ent.fields[t]
                .ty
                .variant(&id.name)
                .ok_or_else(|| LangError::LevelValue {
                    value: id.name.clone(),
                    field: target.name.clone(),
                    span: id.span,
                })?,
        );
    }
    Ok(crate::schema::LevelFrom {
        entity,
        target: t,
        place: p,
        by: decl.by,
        values: out,
    })
}

/// Resolves `target … or point(lon, lat)`: a geometry field made of two numbers.
fn point_from(
    ent: &Entity,
    entity: usize,
    target: &super::ast::Ident,
    lon: &super::ast::Ident,
    lat: &super::ast::Ident,
) -> Result<PointFrom, LangError> {
    let (t, x, y) = (
        slot_of(ent, target)?,
        slot_of(ent, lon)?,
        slot_of(ent, lat)?,
    );
    if ent.fields[t].ty != FieldType::Geometry {
        return Err(LangError::PointNotGeometry {
            name: target.name.clone(),
            span: target.span,
        });
    }
    for (id, s) in [(lon, x), (lat, y)] {
        let number = matches!(
            ent.fields[s].ty,
            FieldType::Quantity { dim, unit: None, count: false, .. } if dim == Dim::NUMBER
        );
        if !number {
            return Err(LangError::PointNotNumber {
                name: id.name.clone(),
                span: id.span,
            });
        }
    }
    Ok(PointFrom {
        entity,
        target: t,
        lon: x,
        lat: y,
    })
}

/// A field of `ent` by its canonical name, or an error at `id`.
fn slot_of(ent: &Entity, id: &super::ast::Ident) -> Result<usize, LangError> {
    ent.fields
        .iter()
        .position(|f| f.name == id.name)
        .ok_or_else(|| LangError::UnknownField {
            entity: ent.name.clone(),
            name: id.name.clone(),
            suggestion: suggest(&id.name, ent.fields.iter().map(|f| f.name.as_str()))
                .map(str::to_string),
            span: id.span,
        })
}

/// Resolves `check left op right`/// Resolves `check left op right`: both sides quantities of one dimension, a
/// constant read in the left field's unit unless it carries its own.
fn invariant(
    ent: &Entity,
    c: &super::ast::CheckDecl,
) -> Result<crate::schema::Invariant, LangError> {
    use crate::schema::{Cmp, Invariant, Operand};
    let left = slot_of(ent, &c.left)?;
    let quantity = |s: usize, id: &super::ast::Ident| match &ent.fields[s].ty {
        FieldType::Quantity { dim, unit, .. } => Ok((*dim, *unit)),
        _ => Err(LangError::CheckNotQuantity {
            name: id.name.clone(),
            span: id.span,
        }),
    };
    let (dim, unit) = quantity(left, &c.left)?;
    let op = match c.op.name.as_str() {
        "<=" => Cmp::Le,
        "<" => Cmp::Lt,
        ">=" => Cmp::Ge,
        _ => Cmp::Gt,
    };
    let mismatch = |span| LangError::CheckDimension {
        left: c.left.name.clone(),
        span,
    };
    let right = match &c.right {
        super::ast::CheckOperand::Field(id) => {
            let s = slot_of(ent, id)?;
            if quantity(s, id)?.0 != dim {
                return Err(mismatch(id.span));
            }
            Operand::Field(s)
        }
        super::ast::CheckOperand::Num { digits, unit: u } => {
            let bad = || LangError::CheckNumber {
                digits: digits.name.clone(),
                span: digits.span,
            };
            let n = crate::num::Q::parse_decimal(&digits.name).ok_or_else(bad)?;
            let written = match u {
                Some(u) => match units::lookup(&u.name) {
                    Some(def) if def.dim == dim => Some(def),
                    _ => return Err(mismatch(u.span)),
                },
                None => unit,
            };
            let v = match written {
                Some(def) => def.to_base(n).ok_or_else(bad)?,
                None => n,
            };
            Operand::Const(v)
        }
    };
    Ok(Invariant {
        left,
        op,
        right,
        zh: c.message.zh.text.clone(),
        en: c.message.en.text.clone(),
    })
}
