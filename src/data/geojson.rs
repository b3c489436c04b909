//! A plan drawn as GeoJSON: each feature a record of the entity its `entity` (or
//! `kind`) property names, its properties the fields, its geometry the entity's
//! geometry field. Findings point at the feature, by its text and its name.

use super::ctx::{Ctx, Loaded};
use super::header::{Bare, match_header, read_value, unknown_field};
use super::plan::LineIndex;
use super::{CellMap, Pos, Record, SpanRows, Value};
use crate::data::error::{DataError, Named};
use crate::schema::Slot;
use crate::schema::{EntityId, FieldType, Schema};
use crate::spatial::features::{Feature, read_each};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::sync::Arc;

/// Reads a GeoJSON plan feature by feature: each is made a record as it is
/// read, and only the records are kept, not the features' properties.
pub(crate) fn load_geojson(
    ctx: &Ctx<'_>,
    schema: &Schema,
    entity: Option<EntityId>,
) -> Result<Loaded, DataError> {
    let lines = LineIndex::new(ctx.text);
    let mut out = Loaded {
        cells: CellMap::Spans(SpanRows::default()),
        tables: Vec::new(),
        warnings: Vec::new(),
        region: None,
    };
    let mut rows = SpanRows::default();
    let mut headers: Vec<HashMap<String, Option<(Slot, Bare)>>> =
        vec![HashMap::new(); schema.entities.len()];
    let points: Vec<_> = (0..schema.entities.len())
        .map(|e| super::points::of(schema, e))
        .collect();
    let mut notes = super::notes::Notes::default();
    // The first feature that cannot be a record. The features after it are still
    // read, not kept: a collection that is not one is refused as such first.
    let mut refused: Option<DataError> = None;
    let mut add = |f: Feature| -> Result<(), DataError> {
        let eid = entity_of(ctx, schema, entity, &f)?;
        let ent = &schema.entities[eid];
        let geom = ent.fields.iter().position(|x| x.ty == FieldType::Geometry);
        if geom.is_none() && f.shape.is_some() {
            return Err(DataError::NoGeometryField {
                at: ctx.at(f.span),
                entity: Named::entity(ent),
            });
        }
        let mut values = vec![Value::Missing; ent.fields.len()];
        let mut spans: Vec<Option<(u32, u32)>> = vec![None; ent.fields.len()];
        let at = (
            u32::try_from(f.span.0).unwrap_or(u32::MAX),
            u32::try_from(f.span.1).unwrap_or(u32::MAX),
        );
        for (key, value) in &f.properties {
            if key == "entity" || (key == "kind" && named_by_kind(schema, &f).is_some()) {
                continue;
            }
            // Features repeat their property names: each is matched (and an
            // unknown one reported) once per entity.
            let known = headers[eid].entry(key.clone()).or_insert_with(|| {
                let m = match_header(ent, key);
                if m.is_none() {
                    out.warnings
                        .push(unknown_field(ctx, ent, key, f.span, true));
                }
                m
            });
            let Some((slot, bare)) = known.as_ref().map(|(s, b)| (*s, b)) else {
                continue;
            };
            let ty = &ent.fields[slot].ty;
            values[slot] = match value {
                Json::Null => Value::Missing,
                Json::String(s) => read_value(s, ty, bare).into_owned(),
                Json::Bool(b) if *ty == FieldType::Bool => Value::Bool(*b),
                Json::Array(items) if *ty == FieldType::List => {
                    let items: Vec<String> = items.iter().map(scalar).collect();
                    Value::List(items.join("、").into())
                }
                other => read_value(&scalar(other), ty, bare).into_owned(),
            };
            spans[slot] = Some(at);
        }
        // A feature without geometry is located by its longitude and latitude
        // properties (`经度`, `纬度`), as a table's row is; with neither its
        // location is blank (the feature is where to fill it), and rules needing
        // one are unknown for it.
        if let Some(g) = geom {
            if let Some(shape) = f.shape {
                values[g] = Value::Shape(Arc::new(shape));
            }
            spans[g] = Some(at);
        }
        for (p, _) in super::points::fill(&points[eid], &mut values) {
            spans[p.target] = Some(at);
        }
        let record = Record {
            values: super::Values::from(values).compact(),
            pos: Pos {
                source: ctx.source,
                row: u32::try_from(rows.len()).unwrap_or(u32::MAX),
                line: lines.line(ctx.text, f.span.0),
                offset: at.0,
            },
        };
        notes.note(&record, &mut |slot, bad| {
            super::notes::cell_warning(ctx, ent, slot, bad, f.span)
        });
        rows.push(&spans);
        match out.tables.iter_mut().find(|(e, _)| *e == eid) {
            Some((_, existing)) => existing.push(record),
            None => out.tables.push((eid, vec![record])),
        }
        Ok(())
    };
    read_each(ctx.text, &mut |f| {
        if refused.is_none()
            && let Err(d) = add(f)
        {
            refused = Some(d);
        }
    })
    .map_err(|e| DataError::Map {
        at: ctx.at(e.span),
        code: e.code,
        zh: e.zh,
        en: e.en,
    })?;
    if let Some(d) = refused {
        return Err(d);
    }
    out.warnings.extend(notes.into_errors());
    out.cells = CellMap::Spans(rows);
    Ok(out)
}

/// A property as the text a cell would hold. Numbers print as the shortest
/// decimal that reads back to the same binary value, which is how they were written.
fn scalar(v: &Json) -> String {
    match v {
        Json::String(s) => s.trim().to_string(),
        Json::Null => String::new(),
        other => other.to_string(),
    }
}

fn named_by_kind(schema: &Schema, f: &Feature) -> Option<EntityId> {
    f.properties
        .get("kind")
        .and_then(Json::as_str)
        .and_then(|k| schema.entity(k.trim()))
}

fn entity_of(
    ctx: &Ctx<'_>,
    schema: &Schema,
    given: Option<EntityId>,
    f: &Feature,
) -> Result<EntityId, DataError> {
    // `kind` names the entity only when it is an entity's name: a facility's own
    // `kind` field (street center, station …) is data.
    let kind = named_by_kind(schema, f);
    match (&f.entity, given.or(kind)) {
        (Some(name), _) => schema
            .entity(name)
            .ok_or_else(|| DataError::UnknownFeatureEntity {
                at: ctx.at(f.span),
                index: f.index,
                name: name.clone(),
                entities: Named::entities(schema),
            }),
        (None, Some(e)) => Ok(e),
        (None, None) => Err(DataError::NoFeatureEntity {
            at: ctx.at(f.span),
            index: f.index,
            entities: Named::entities(schema),
        }),
    }
}
