//! Message templates: `"{name} 的面积 {floor_area}"` split into literal text and
//! the fields it shows.

use super::ast;
use super::error::LangError;
use super::span::Span;
use crate::pack::{FaultSeg, Seg};
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
        let Some(close) = closing(rest, open) else {
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
            (None, None) if name == "lacking" => segs.push(Seg::Lacking),
            (None, None) if name.starts_with("faults:") => {
                let at = s.span.start as usize + 1 + offset + open;
                let inner = &rest[open + 1..close];
                let start = inner.find(':').map_or(0, |c| c + 1);
                let pattern = inner[start..].trim_start();
                let skipped = inner.len() - pattern.len();
                segs.push(Seg::FaultsEach(fault_pattern(pattern, at + 1 + skipped)?));
            }
            (None, None) => {
                let at = s.span.start as usize + 1 + offset + open;
                let names = ent
                    .fields
                    .iter()
                    .map(|f| f.name.as_str())
                    .chain(lets.iter().map(|l| l.name.as_str()))
                    .chain(["required", "faults", "lacking"]);
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

/// The `}` closing the `{` at `open`, past any `{…}` inside it (the pattern of
/// `{faults: …}`).
fn closing(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The pattern of `{faults: …}`: text with `{column}`, `{actual}` and
/// `{required}`; `at` is where it starts in the pack's text.
fn fault_pattern(text: &str, at: usize) -> Result<Vec<FaultSeg>, LangError> {
    let mut segs = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            break;
        };
        if open > 0 {
            segs.push(FaultSeg::Lit(rest[..open].to_string()));
        }
        let name = rest[open + 1..close].trim();
        segs.push(match name {
            "column" => FaultSeg::Column,
            "actual" => FaultSeg::Actual,
            "required" => FaultSeg::Required,
            _ => {
                let from = at + offset + open;
                let names = ["column", "actual", "required"].into_iter();
                return Err(LangError::FaultPatternName {
                    name: name.to_string(),
                    suggestion: crate::diag::suggest(name, names).map(str::to_string),
                    span: Span::new(from, from + close - open + 1),
                });
            }
        });
        offset += close + 1;
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segs.push(FaultSeg::Lit(rest.to_string()));
    }
    Ok(segs)
}
