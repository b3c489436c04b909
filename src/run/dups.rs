//! Records given twice: the same entity with the same `key` values (a facility's
//! name in its street and county, a parcel's name in its county). The first, in
//! input order, is kept; each later one is reported at its cell and left out of
//! every aggregate, so a county's land or beds are never counted twice.
//!
//! Each keyed record leaves a small note as it is read (its key and the line it
//! is on); the notes are compared once every input is read, by hash, so the cost
//! stays linear however the chunks of a large file were scheduled.

use crate::data::{Record, Value, View};
use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use crate::schema::{Entity, EntityId};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// What is kept of one keyed record until duplicates are sought.
#[derive(Debug, Clone)]
pub struct Keyed {
    pub entity: EntityId,
    /// The key fields' values, joined.
    pub key: Box<str>,
    /// The input (its index in the run), and the record's place in it: input order.
    pub input: u32,
    pub source: u32,
    pub row: u32,
    /// Which table of a held input (0 for a CSV), so records of two sheets differ.
    pub table: u32,
    pub line: u32,
    /// The line the first key cell is on, and the cell's span in it.
    pub text: Arc<str>,
    pub span: (usize, usize),
    pub cell: Option<String>,
}

/// The value of a key field, as compared: a place is already its full name.
fn part(v: Option<&Value<'_>>) -> Option<String> {
    Some(match v? {
        Value::Missing => String::new(),
        Value::Text(t) | Value::List(t) => t.trim().to_string(),
        Value::Num(q) => q.to_decimal_string(12),
        Value::Reported(r) => r.value.to_decimal_string(12),
        Value::Enum(i) => format!("#{i}"),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Invalid(bad) => bad.text.trim().to_string(),
        Value::Shape(_) => return None,
    })
}

/// The record's key, if its entity has one and its first key field is not blank.
pub fn key(ent: &Entity, rec: &Record<'_>) -> Option<Box<str>> {
    let first = *ent.key.first()?;
    if part(rec.values.get(first))?.is_empty() {
        return None;
    }
    let mut out = String::new();
    for &s in &ent.key {
        out.push_str(&part(rec.values.get(s))?);
        out.push('\u{1f}');
    }
    Some(out.into())
}

/// Notes a keyed record: `view` is the text it was read from.
pub fn note(
    ent: &Entity,
    entity: EntityId,
    rec: &Record<'_>,
    input: u32,
    table: u32,
    view: &View<'_>,
    out: &mut Vec<Keyed>,
) {
    let Some(key) = key(ent, rec) else {
        return;
    };
    let slot = ent.key.first().copied();
    let loc = view.locate(rec, slot);
    let text = view.text;
    let at = loc.offset.min(text.len());
    let start = text.get(..at).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let end = text
        .get(at..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| at + i);
    let line = text.get(start..end).unwrap_or("").trim_end_matches('\r');
    out.push(Keyed {
        entity,
        key,
        input,
        source: rec.pos.source,
        row: rec.pos.row,
        table,
        line: loc.line,
        text: Arc::from(line),
        span: (at - start, loc.len.min(line.len().saturating_sub(at - start))),
        cell: view.cell_ref(slot, &loc).map(|(c, _)| match view.sheet() {
            Some((_, sheet)) => format!("{sheet}!{c}"),
            None => c,
        }),
    });
}

/// The records that repeat an earlier one, as (input, table, source, row), and a
/// warning at each. `paths` names the inputs.
pub fn find(
    mut all: Vec<Keyed>,
    paths: &[&str],
    labels: &[String],
    lang: Lang,
) -> (HashSet<(u32, u32, u32, u32)>, Vec<Diag>) {
    all.sort_by_key(|k| (k.input, k.table, k.source, k.row));
    let mut first: HashMap<(EntityId, &str), usize> = HashMap::new();
    let mut again = HashSet::new();
    let mut diags = Vec::new();
    for (i, k) in all.iter().enumerate() {
        let Some(&j) = first.get(&(k.entity, &*k.key)) else {
            first.insert((k.entity, &k.key), i);
            continue;
        };
        let f = &all[j];
        again.insert((k.input, k.table, k.source, k.row));
        let path = paths.get(k.input as usize).copied().unwrap_or("");
        let fpath = paths.get(f.input as usize).copied().unwrap_or("");
        let label = labels.get(k.entity).map_or("", String::as_str);
        let name = k.key.split('\u{1f}').next().unwrap_or("");
        let at = match &f.cell {
            Some(c) => format!("{fpath}:{}（{c}）", f.line),
            None => format!("{fpath}:{}", f.line),
        };
        let at_en = match &f.cell {
            Some(c) => format!("{fpath}:{} ({c})", f.line),
            None => format!("{fpath}:{}", f.line),
        };
        let mut d = Diag::warning(
            "ylcheck::data::duplicate",
            tr(
                lang,
                format!("{path}：第 {} 行的{label}“{name}”与 {at} 重复，只计一次", k.line),
                format!(
                    "{path}: line {} repeats the `{label}` record `{name}` of {at_en}; it is counted once",
                    k.line
                ),
            ),
        )
        .with_source_at(path, k.text.clone(), k.line as usize)
        .with_label(k.span, lang.pick("重复记录", "a record given again"))
        .with_help(lang.pick(
            "同一记录（名称与所在地相同）出现两次时保留第一条，后面的不计入任何合计；若确是两处，请在名称或所在地上区分",
            "of a record given twice (same name, same place) the first is kept and the later one counts in no total; if they are two, tell them apart by name or place",
        ));
        if let Some(c) = &k.cell {
            d = d.with_cell(c.clone());
        }
        diags.push(d);
    }
    (again, diags)
}
