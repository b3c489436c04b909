//! A residential plan written as TOML: `[plan]` and one `[[entity]]` table per record.
//!
//! TOML floats are binary, but thresholds sit exactly on decimal values (`55.8 亩`),
//! so numbers are read from their text as written, never through `f64`. Every value
//! keeps its span so a finding can point at it.

// A `DataError` is large for a `Result`, but it ends a file's loading, off the hot path.

use super::ctx::{Ctx, Loaded, MAX_CELL};
use super::header::{Bare, match_header, read_value, unknown_field};
use super::{CellMap, Pos, Record, SpanRows, Value};
use crate::data::error::{DataError, Named};
use crate::schema::{FieldType, Schema};
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

/// Deeper brackets than this are refused before parsing: no plan needs them, and
/// the parser recurses.
const MAX_DEPTH: usize = 64;

pub(crate) fn load_plan(ctx: &Ctx<'_>, schema: &Schema) -> Result<Loaded, DataError> {
    let starts = table_starts(ctx.text).map_err(|at| DataError::Nesting {
        at: ctx.at((at, 1)),
        max: MAX_DEPTH,
    })?;
    match by_tables(ctx, schema, &starts) {
        Some(loaded) => Ok(loaded),
        None => whole(ctx, schema),
    }
}

/// What is read of a plan as it goes.
struct Reading<'c> {
    out: Loaded,
    rows: SpanRows,
    notes: super::notes::Notes,
    lines: LineIndex,
    ctx: &'c Ctx<'c>,
}

impl<'c> Reading<'c> {
    fn new(ctx: &'c Ctx<'c>, lines: LineIndex) -> Reading<'c> {
        Reading {
            out: Loaded {
                cells: CellMap::Spans(SpanRows::default()),
                tables: Vec::new(),
                warnings: Vec::new(),
                region: None,
            },
            rows: SpanRows::default(),
            notes: super::notes::Notes::default(),
            lines,
            ctx,
        }
    }

    /// Reads one top-level entry of the plan, `name = value`, parsed from the
    /// text from `base` on (its spans are from there).
    fn entry(
        &mut self,
        schema: &Schema,
        key: &Spanned<DeString<'_>>,
        value: &Spanned<DeValue<'_>>,
        base: usize,
    ) -> Result<(), DataError> {
        let ctx = self.ctx;
        let name = key.get_ref().as_ref();
        if name == "plan" || name == "规划" {
            if let DeValue::Table(t) = value.get_ref() {
                self.out.region = plan_table(ctx, t, base, &mut self.out.warnings);
            }
            return Ok(());
        }
        let Some(eid) = schema.entity(name) else {
            let (guess_zh, guess_en) = entity_guess(schema, name);
            self.out.warnings.push(DataError::UnknownTable {
                at: ctx.at(span_of(key, base)),
                name: name.to_string(),
                guess_zh,
                guess_en,
            });
            return Ok(());
        };
        let tables: Vec<(&Spanned<DeValue<'_>>, &DeTable<'_>)> = match value.get_ref() {
            DeValue::Table(t) => vec![(value, t)],
            DeValue::Array(items) => {
                let mut tables = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::Table(t) => tables.push((item, t)),
                        _ => {
                            return Err(DataError::ItemNotTable {
                                at: ctx.at(span_of(item, base)),
                                name: name.to_string(),
                            });
                        }
                    }
                }
                tables
            }
            _ => {
                return Err(DataError::NotTables {
                    at: ctx.at(span_of(value, base)),
                    name: name.to_string(),
                });
            }
        };
        let mut records = Vec::with_capacity(tables.len());
        for (at, table) in tables {
            let (record, spans) =
                read_record(ctx, schema, eid, table, base, &mut self.out.warnings)?;
            let offset = base + at.span().start;
            let row = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
            records.push(Record {
                values: super::Values::from(record).compact(),
                pos: Pos {
                    source: ctx.source,
                    row,
                    line: self.lines.line(ctx.text, offset),
                    offset: u32::try_from(offset).unwrap_or(u32::MAX),
                },
            });
            self.rows.push(&spans);
            if let Some(rec) = records.last() {
                self.notes.note(rec, &mut |slot, bad| {
                    let span = spans
                        .get(slot)
                        .copied()
                        .flatten()
                        .map_or((offset, 0), |(o, l)| (o as usize, l as usize));
                    super::notes::cell_warning(ctx, &schema.entities[eid], slot, bad, span)
                });
            }
        }
        match self.out.tables.iter_mut().find(|(e, _)| *e == eid) {
            Some((_, existing)) => existing.extend(records),
            None => self.out.tables.push((eid, records)),
        }
        Ok(())
    }

    fn finish(self, schema: &Schema) -> Result<Loaded, DataError> {
        let (ctx, mut out) = (self.ctx, self.out);
        // A plan with nothing to check would pass every gate: that is a mistake, not a
        // plan (a misspelt `[[facilty]]`, say, warned about above).
        if out.tables.is_empty() {
            return Err(DataError::NoTables {
                at: ctx.at((0, 0)),
                entities: Named::entities(schema),
                related: std::mem::take(&mut out.warnings),
            });
        }
        out.warnings.extend(self.notes.into_errors());
        out.cells = CellMap::Spans(self.rows);
        Ok(out)
    }
}

/// Reads the plan parsed whole: the tree of its values is many times the size
/// of its text, so this is for the plans [`by_tables`] leaves (and it says
/// exactly what is wrong with a plan that is not TOML).
fn whole(ctx: &Ctx<'_>, schema: &Schema) -> Result<Loaded, DataError> {
    let root = DeTable::parse(ctx.text)
        .map_err(|e| super::toml_error::explain(ctx, e.span().unwrap_or(0..0), e.message()))?;
    let mut entries: Vec<_> = root.get_ref().iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    let mut reading = Reading::new(ctx, LineIndex::new(ctx.text));
    for (key, value) in entries {
        reading.entry(schema, key, value, 0)?;
    }
    reading.finish(schema)
}

/// Reads the plan table by table: the text from each top-level header to the
/// next is parsed on its own, made records and dropped, so only one table's
/// values are held at a time. That gives what [`whole`] gives when the plan
/// is what plans are: `[plan]` and `[[entity]]` tables, a name's tables all
/// alike, nothing before the first. `None` for any other plan, and for one that
/// does not read cleanly (a syntax error, a field given twice): [`whole`] then
/// reads it again, and says what is wrong as it always has.
fn by_tables(ctx: &Ctx<'_>, schema: &Schema, starts: &[usize]) -> Option<Loaded> {
    let text = ctx.text;
    // Nothing but comments and blank lines before the first table.
    let first = starts.first().copied().unwrap_or(text.len());
    if !DeTable::parse(text.get(..first)?)
        .ok()?
        .get_ref()
        .is_empty()
    {
        return None;
    }
    // Each table's name, from its header line; tables by name, in the order
    // their names first come: the name, whether as `[[name]]`, where each is.
    type Named = (String, bool, Vec<(usize, usize)>);
    let mut names: Vec<Named> = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let line = text.get(start..end)?;
        let line = line.split_once('\n').map_or(line, |(h, _)| h);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let head = DeTable::parse(line).ok()?;
        let mut keys = head.get_ref().iter();
        let (key, value) = keys.next()?;
        if keys.next().is_some() {
            return None;
        }
        // `[[name]]`, or `[name]` (a dotted header is a table under its first key).
        let listed = matches!(value.get_ref(), DeValue::Array(_));
        let name = key.get_ref().as_ref();
        match names.iter_mut().find(|(n, _, _)| n == name) {
            // A name given more than once must be `[[name]]` every time.
            Some((_, was, at)) if *was && listed => at.push((start, end)),
            Some(_) => return None,
            None => names.push((name.to_string(), listed, vec![(start, end)])),
        }
    }
    let mut reading = Reading::new(ctx, LineIndex::of_starts(text, starts));
    for (name, _, tables) in &names {
        let known = name == "plan" || name == "规划" || schema.entity(name).is_some();
        for (i, &(start, end)) in tables.iter().enumerate() {
            let one = DeTable::parse(text.get(start..end)?).ok()?;
            let mut entries = one.get_ref().iter();
            let (key, value) = entries.next()?;
            if entries.next().is_some() || key.get_ref().as_ref() != name {
                return None;
            }
            // An unknown table is warned of once, as the whole plan's one entry.
            if known || i == 0 {
                reading.entry(schema, key, value, start).ok()?;
            }
        }
    }
    reading.finish(schema).ok()
}

/// Where the TOML string starting at `b[i]` (a quote, single or tripled) ends:
/// just past its closing quote, at the line end of an unclosed one-line string, or
/// at the end of the text.
fn past_string(b: &[u8], mut i: usize) -> usize {
    let q = b[i];
    let triple = b[i..].starts_with(&[q, q, q]);
    i += if triple { 3 } else { 1 };
    while i < b.len() {
        if q == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if !triple && b[i] == b'\n' {
            return i;
        }
        if b[i] == q && (!triple || b[i..].starts_with(&[q, q, q])) {
            return i + if triple { 3 } else { 1 };
        }
        i += 1;
    }
    b.len()
}

/// Where each top-level table header (`[name]`, `[[name]]`) starts: a `[` first
/// on its line, outside strings, comments and values. `Err(offset)` of the first
/// bracket deeper than [`MAX_DEPTH`]: the parser recurses, so that is refused
/// before anything is parsed.
fn table_starts(text: &str) -> Result<Vec<usize>, usize> {
    let b = text.as_bytes();
    let mut starts = Vec::new();
    let (mut i, mut depth, mut line_start) = (0, 0usize, true);
    while i < b.len() {
        match b[i] {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                i = past_string(b, i);
                line_start = false;
                continue;
            }
            b'[' | b'{' => {
                if b[i] == b'[' && depth == 0 && line_start {
                    starts.push(i);
                }
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        line_start = false;
        i += 1;
    }
    Ok(starts)
}

/// The keys `[plan]` takes, canonical name first: the region it is for, and
/// what describes it.
const PLAN_KEYS: &[&[&str]] = &[
    &["region", "地区"],
    &["name", "名称"],
    &["submitted", "提交日期", "报送日期"],
    &["planner", "编制单位"],
];

/// Reads `[plan]`: its region, warning of any key it does not take (a typo such
/// as `regoin` would otherwise leave the plan with no region, silently).
fn plan_table(
    ctx: &Ctx<'_>,
    t: &DeTable<'_>,
    base: usize,
    warnings: &mut Vec<DataError>,
) -> Option<String> {
    let mut region = None;
    let mut keys: Vec<_> = t.iter().collect();
    keys.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in keys {
        let name = key.get_ref().as_ref();
        let Some(known) = PLAN_KEYS.iter().find(|ks| ks.contains(&name.trim())) else {
            let all = PLAN_KEYS.iter().flat_map(|ks| ks.iter().copied());
            warnings.push(DataError::UnknownPlanKey {
                at: ctx.at(span_of(key, base)),
                name: name.to_string(),
                guess: crate::diag::suggest(name, all).map(str::to_string),
                known: PLAN_KEYS.iter().map(|ks| ks[0]).collect(),
            });
            continue;
        };
        if known[0] == "region" {
            match value.get_ref() {
                DeValue::String(s) => region = Some(s.trim().to_string()),
                _ => warnings.push(DataError::RegionNotName {
                    at: ctx.at(span_of(value, base)),
                }),
            }
        }
    }
    region
}

/// The entity closest to a misspelt table's name, as each language names it: in
/// Chinese by its label where the name was the closest.
fn entity_guess(schema: &Schema, name: &str) -> (Option<String>, Option<String>) {
    let all = schema.entities.iter().flat_map(|e| {
        std::iter::once(&e.name)
            .chain(&e.labels)
            .map(String::as_str)
    });
    let Some(hit) = crate::diag::suggest(name, all) else {
        return (None, None);
    };
    let zh = match schema.entity(hit).and_then(|e| schema.entities.get(e)) {
        Some(e) if e.name == hit => Named::entity(e).zh().to_string(),
        Some(_) => hit.to_string(),
        None => return (None, None),
    };
    (Some(zh), Some(hit.to_string()))
}

/// Where a value is in the plan, parsed from the text from `base` on.
fn span_of<T>(s: &Spanned<T>, base: usize) -> (usize, usize) {
    let r = s.span();
    (base + r.start, r.end.saturating_sub(r.start))
}

/// A record's value spans (offset, length), by slot.
type BySlotSpans = Vec<Option<(u32, u32)>>;

fn read_record(
    ctx: &Ctx<'_>,
    schema: &Schema,
    eid: usize,
    table: &DeTable<'_>,
    base: usize,
    warnings: &mut Vec<DataError>,
) -> Result<(Vec<Value<'static>>, BySlotSpans), DataError> {
    let ent = &schema.entities[eid];
    let mut values = vec![Value::Missing; ent.fields.len()];
    let mut spans: Vec<Option<(u32, u32)>> = vec![None; ent.fields.len()];
    let points = super::points::of(schema, eid);
    let mut keys: Vec<_> = table.iter().collect();
    keys.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in keys {
        let name = key.get_ref().as_ref();
        let Some((slot, bare)) = match_header(ent, name) else {
            warnings.push(unknown_field(ctx, ent, name, span_of(key, base), true));
            continue;
        };
        let (start, len) = span_of(value, base);
        if let Some((prev, _)) = spans[slot] {
            return Err(DataError::DuplicateKey {
                at: ctx.at(span_of(key, base)),
                field: Named::field(&ent.fields[slot]),
                first_line: u32::try_from(1 + newlines(ctx.text, 0, prev as usize))
                    .unwrap_or(u32::MAX),
            });
        }
        if len > MAX_CELL {
            return Err(DataError::ValueTooLarge {
                at: ctx.at((start, 64)),
            });
        }
        let ty = &ent.fields[slot].ty;
        values[slot] = match convert(value, ctx.text, base, ty, &bare) {
            Some(v) => v,
            None => {
                warnings.push(DataError::ValueShape {
                    at: ctx.at((start, len)),
                    field: ent.fields[slot].name.clone(),
                });
                Value::Missing
            }
        };
        spans[slot] = Some((
            u32::try_from(start).unwrap_or(u32::MAX),
            u32::try_from(len).unwrap_or(u32::MAX),
        ));
    }
    for (p, at) in super::points::fill(&points, &mut values) {
        // A half pair is shown at the key that is there.
        spans[p.target] = spans[at].or(spans[p.lon]).or(spans[p.lat]);
    }
    Ok((values, spans))
}

/// A TOML value as the field's type; `None` for an array or table where one value
/// belongs. Scalars of another type are read from their source text.
fn convert(
    value: &Spanned<DeValue<'_>>,
    text: &str,
    base: usize,
    ty: &FieldType,
    bare: &Bare,
) -> Option<Value<'static>> {
    let source = |s: std::ops::Range<usize>| text.get(base + s.start..base + s.end).unwrap_or("");
    let raw = source(value.span());
    Some(
        match (value.get_ref(), ty) {
            (DeValue::String(s), _) => read_value(s, ty, bare),
            (DeValue::Integer(i), FieldType::Quantity { .. }) if i.radix() != 10 => {
                match i128::from_str_radix(i.as_str(), i.radix()) {
                    Ok(n) => read_value(&n.to_string(), ty, bare).into_owned(),
                    Err(_) => super::cell::invalid(raw, super::Problem::NotANumber),
                }
            }
            (DeValue::Integer(i), FieldType::Quantity { .. }) => read_value(i.as_str(), ty, bare),
            (DeValue::Float(f), FieldType::Quantity { .. }) => read_value(f.as_str(), ty, bare),
            (DeValue::Boolean(b), FieldType::Bool) => Value::Bool(*b),
            (DeValue::Datetime(dt), FieldType::Date) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => match jiff::civil::Date::new(
                    i16::try_from(d.year).unwrap_or(i16::MAX),
                    i8::try_from(d.month).unwrap_or(0),
                    i8::try_from(d.day).unwrap_or(0),
                ) {
                    Ok(d) => Value::Date(d),
                    Err(_) => super::cell::invalid(raw, super::Problem::BadDate),
                },
                _ => read_value(raw, ty, bare),
            },
            (DeValue::Array(items), FieldType::List) => {
                // A list is kept as one cell, its items joined the way a spreadsheet would.
                let mut list: Vec<&str> = Vec::with_capacity(items.len());
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => list.push(s.trim()),
                        DeValue::Array(_) | DeValue::Table(_) => return None,
                        _ => list.push(source(item.span()).trim()),
                    }
                }
                list.retain(|s| !s.is_empty());
                Value::List(list.join("、").into())
            }
            (DeValue::Array(_) | DeValue::Table(_), _) => return None,
            // A scalar of another TOML type: read its text as a cell would be
            // (`upgraded = 1`, `name = 2022`), so a mismatch is an invalid value.
            _ => read_value(raw, ty, bare),
        }
        .into_owned(),
    )
}

/// Line numbers by binary search, so numbering every record of a long plan or
/// map stays linear: over every newline's offset, or over a plan's table starts
/// alone (all a plan read table by table needs, at a fraction of the memory),
/// counting on from the table's start. Offsets past 4 GiB (no plan is read that
/// large) count as the last line's.
pub(crate) enum LineIndex {
    Newlines(Vec<u32>),
    /// Offsets in order, each with its line.
    Marks(Vec<(u32, u32)>),
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        LineIndex::Newlines(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
                .collect(),
        )
    }

    /// The lines of `starts` (in order), for offsets at or a little after one.
    pub(crate) fn of_starts(text: &str, starts: &[usize]) -> LineIndex {
        let (mut at, mut line) = (0, 1usize);
        let marks = starts
            .iter()
            .map(|&s| {
                line += newlines(text, at, s);
                at = s.max(at);
                (
                    u32::try_from(s).unwrap_or(u32::MAX),
                    u32::try_from(line).unwrap_or(u32::MAX),
                )
            })
            .collect();
        LineIndex::Marks(marks)
    }

    pub(crate) fn line(&self, text: &str, offset: usize) -> u32 {
        let o = u32::try_from(offset).unwrap_or(u32::MAX);
        let line = match self {
            LineIndex::Newlines(nl) => nl.partition_point(|&nl| nl < o) + 1,
            LineIndex::Marks(marks) => match marks.partition_point(|&(m, _)| m <= o) {
                0 => 1 + newlines(text, 0, offset),
                i => marks.get(i - 1).map_or(1, |&(m, line)| {
                    line as usize + newlines(text, m as usize, offset)
                }),
            },
        };
        u32::try_from(line).unwrap_or(u32::MAX)
    }
}

/// How many newlines `text[from..to]` holds.
fn newlines(text: &str, from: usize, to: usize) -> usize {
    text.as_bytes()
        .get(from..to.min(text.len()))
        .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
