//! Message templates: `"{name} 的面积 {floor_area}"` split into literal text and
//! the fields it shows.

use super::ast;
use super::error::LangError;
use super::span::Span;
use crate::pack::Seg;
use crate::schema::{EntityId, Schema};

/// Splits `"{name} 的面积 {floor_area}"` into literal and field pieces.
pub(super) fn template(
    schema: &Schema,
    entity: EntityId,
    lets: &[crate::pack::Let],
    s: &ast::Str,
) -> Result<Vec<Seg>, LangError> {
    let mut segs = Vec::new();
    let mut rest = s.text.as_str();
    let mut offset = 0;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            break;
        };
        if open > 0 {
            segs.push(Seg::Lit(rest[..open].to_string()));
        }
        let name = rest[open + 1..close].trim();
        let ent = &schema.entities[entity];
        let local = lets.iter().position(|l| l.name == name);
        match (ent.field(name), local) {
            (Some(slot), _) => segs.push(Seg::Field(slot)),
            (None, Some(i)) => segs.push(Seg::Let(i)),
            // Names the record's fields and lets do not take.
            (None, None) if name == "required" => segs.push(Seg::Required),
            (None, None) if name == "faults" => segs.push(Seg::Faults),
            (None, None) => {
                let at = s.span.start as usize + 1 + offset + open;
                let names = ent
                    .fields
                    .iter()
                    .map(|f| f.name.as_str())
                    .chain(lets.iter().map(|l| l.name.as_str()))
                    .chain(["required", "faults"]);
                return Err(LangError::TemplateField {
                    name: name.to_string(),
                    entity: ent.name.clone(),
                    suggestion: crate::diag::suggest(name, names).map(str::to_string),
                    span: Span::new(at, at + close - open + 1),
                });
            }
        }
        offset += close + 1;
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segs.push(Seg::Lit(rest.to_string()));
    }
    Ok(segs)
}
