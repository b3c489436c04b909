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

/// A record of a held or streamed input: (input, table, source, row).
pub type At = (u32, u32, u32, u32);

/// What is kept of one keyed record until duplicates are sought: 64 bytes,
/// and no text but a workbook record's cell or a map's key value. The line of a repeat is read again
/// only once it is known to be one, so a clean file of a million records costs no
/// copy of its lines.
#[derive(Debug, Clone)]
pub struct Keyed {
    /// The key fields' values, hashed ([`key`]).
    pub key: [u64; 2],
    pub entity: u32,
    /// The input (its index in the run), and the record's place in it: input order.
    pub input: u32,
    pub source: u32,
    pub row: u32,
    /// Which table of a held input (0 for a CSV), so records of two sheets differ.
    pub table: u32,
    pub line: u32,
    /// The first key cell's span in its line, in bytes.
    pub span: (u32, u32),
    /// A workbook record's cell, or its key's value where the line does not
    /// show it alone; none where the line shows the value (a table's row, a
    /// plan's key), boxed: most records are such, and a run keys every record.
    pub shown: Option<Box<Shown>>,
    /// On a hidden sheet: it gives way to a repeat that is not ([`repeats`]).
    pub hidden: bool,
}

/// What a repeat's warning shows of a record beyond its line. One or the other,
/// never both: a workbook's cell shows the value alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// A workbook record's first key cell (`Sheet!B5`).
    Cell(Box<str>),
    /// The first key field's value, where the text at the span is not that value
    /// alone (a GeoJSON feature is one span for all its properties).
    Name(Box<str>),
}

/// The value of a key field, as compared: a place is already its full name.
fn part<'v>(v: Option<&'v Value<'_>>) -> Option<std::borrow::Cow<'v, str>> {
    use std::borrow::Cow;
    Some(match v? {
        Value::Missing => Cow::Borrowed(""),
        Value::Text(t) | Value::List(t) => Cow::Borrowed(crate::data::cell::trimmed(t)),
        Value::Num(q) => Cow::Owned(q.q().to_decimal_string(12)),
        Value::Reported(r) => Cow::Owned(r.value.to_decimal_string(12)),
        Value::Enum(i) => Cow::Owned(format!("#{i}")),
        Value::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        Value::Date(d) => Cow::Owned(d.to_string()),
        Value::Invalid(bad) => Cow::Borrowed(crate::data::cell::trimmed(&bad.text)),
        Value::Shape(_) => return None,
    })
}

/// The record's key, if its entity has one and every key field is filled: two
/// records naming no county are not thereby in the same place, so neither is
/// dropped as the other's repeat. Kept as a 128-bit hash of the values (two
/// fixed-seed hashes), not a copy of them: a million keyed records cost 16 bytes
/// each, and two different keys agree by chance with odds of 2⁻¹²⁸ a pair.
pub fn key(ent: &Entity, rec: &Record<'_>) -> Option<[u64; 2]> {
    use std::hash::{BuildHasher, Hasher};
    if ent.key.is_empty() {
        return None;
    }
    let mut a = foldhash::fast::FixedState::with_seed(0x796c_6368_6563_6b31).build_hasher();
    let mut b = foldhash::fast::FixedState::with_seed(0x796c_6368_6563_6b32).build_hasher();
    for &s in &ent.key {
        let p = part(rec.values.get(s))?;
        if p.is_empty() {
            return None;
        }
        for h in [&mut a, &mut b] {
            h.write(p.as_bytes());
            h.write_u8(0x1f);
        }
    }
    Some([a.finish(), b.finish()])
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
    let text = view.text.as_bytes();
    let at = loc.offset.min(text.len());
    let start = text
        .get(..at)
        .and_then(|t| t.iter().rposition(|&c| c == b'\n'))
        .map_or(0, |i| i + 1);
    let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let written = view
        .text
        .get(at..at + loc.len)
        .map(|t| t.trim().trim_matches('"').trim());
    let value = slot.and_then(|s| part(rec.values.get(s)));
    let cell = view.cell_ref(slot, &loc).map(|(c, _)| match view.sheet() {
        Some((_, sheet)) => format!("{sheet}!{c}").into(),
        None => c.into(),
    });
    let shown = match (cell, written, value) {
        (Some(c), ..) => Some(Shown::Cell(c)),
        (None, Some(w), Some(v)) if w == v.as_ref() => None,
        (None, _, Some(v)) => Some(Shown::Name(
            v.chars().take(NAME_CHARS).collect::<String>().into(),
        )),
        (None, _, None) => None,
    }
    .map(Box::new);
    out.push(Keyed {
        key,
        entity: small(entity),
        input,
        source: rec.pos.source,
        row: rec.pos.row,
        table,
        line: loc.line,
        span: (small(at - start), small(loc.len)),
        hidden: view.cells.hidden(),
        shown,
    });
}

/// How much of a key's value a repeat's warning quotes.
const NAME_CHARS: usize = 60;

/// The line `line` of `text`, whose first line is `first_line`, without its end.
pub fn line_of(text: &str, first_line: u32, line: u32) -> Option<&str> {
    let n = usize::try_from(line.checked_sub(first_line)?).ok()?;
    text.split('\n').nth(n).map(|l| l.trim_end_matches('\r'))
}

/// Pairs each repeat with the record it repeats, as indices into `all`, in the
/// repeats' input order. Sorting by key puts every repeat right after the record
/// it repeats, with no table beside the notes. A record on a hidden sheet comes
/// after every visible one of its key, whatever the order of sheets and inputs:
/// an old copy kept out of sight never stands for the table the reader sees.
pub fn repeats(all: &mut [Keyed]) -> Vec<(usize, usize)> {
    let order = |k: &Keyed| (k.input, k.table, k.source, k.row);
    all.sort_unstable_by_key(|k| (k.entity, k.key, k.hidden, order(k)));
    let mut pairs = Vec::new();
    let mut first = 0;
    for i in 1..all.len() {
        if (all[i].entity, all[i].key) == (all[first].entity, all[first].key) {
            pairs.push((i, first));
        } else {
            first = i;
        }
    }
    pairs.sort_unstable_by_key(|&(i, _)| order(&all[i]));
    pairs
}

/// Where the repeats are, as (input, table, source, row).
pub fn places(all: &[Keyed], pairs: &[(usize, usize)]) -> HashSet<At> {
    pairs
        .iter()
        .filter_map(|&(i, _)| all.get(i))
        .map(|k| (k.input, k.table, k.source, k.row))
        .collect()
}

/// Where the repeats on a hidden sheet of a visible record are: they are not
/// checked either, only reported.
pub fn hidden_places(all: &[Keyed], pairs: &[(usize, usize)]) -> HashSet<At> {
    pairs
        .iter()
        .filter_map(|&(i, j)| Some((all.get(i)?, all.get(j)?)))
        .filter(|(k, f)| k.hidden && !f.hidden)
        .map(|(k, _)| (k.input, k.table, k.source, k.row))
        .collect()
}

/// A warning at each repeat. `paths` names the inputs; `lines` gives the text of
/// a repeat's line (by input, source and line), where it can still be read.
pub fn diags(
    all: &[Keyed],
    pairs: &[(usize, usize)],
    paths: &[&str],
    labels: &[String],
    lines: &HashMap<(u32, u32, u32), Arc<str>>,
    lang: Lang,
) -> Vec<Diag> {
    let mut diags = Vec::new();
    for &(i, j) in pairs {
        let (Some(k), Some(f)) = (all.get(i), all.get(j)) else {
            continue;
        };
        let path = paths.get(k.input as usize).copied().unwrap_or("");
        let fpath = paths.get(f.input as usize).copied().unwrap_or("");
        let label = labels.get(k.entity as usize).map_or("", String::as_str);
        let text = lines
            .get(&(k.input, k.source, k.line))
            .cloned()
            .unwrap_or_else(|| Arc::from(""));
        let (from, len) = (k.span.0 as usize, k.span.1 as usize);
        let span = if text.get(from..from + len).is_some() {
            (from, len)
        } else {
            (0, 0)
        };
        // The first key cell, as the line shows it, unless the line holds more
        // than that value there.
        let name = match k.shown.as_deref() {
            Some(Shown::Name(n)) => n.as_ref(),
            _ => text.get(span.0..span.0 + span.1).unwrap_or("").trim(),
        };
        let (name_zh, name_en) = if name.is_empty() {
            (String::new(), String::new())
        } else {
            (format!("“{name}”"), format!(" `{name}`"))
        };
        let at = match f.shown.as_deref() {
            Some(Shown::Cell(c)) => format!("{fpath}:{}（{c}）", f.line),
            _ => format!("{fpath}:{}", f.line),
        };
        let at_en = match f.shown.as_deref() {
            Some(Shown::Cell(c)) => format!("{fpath}:{} ({c})", f.line),
            _ => format!("{fpath}:{}", f.line),
        };
        let message = if k.hidden && !f.hidden {
            tr(
                lang,
                format!(
                    "{path}：隐藏工作表第 {} 行的{label}{name_zh}与可见的 {at} 重复，以可见的为准，这一行既不检查也不计入合计",
                    k.line
                ),
                format!(
                    "{path}: line {} of a hidden sheet repeats the `{label}` record{name_en} of {at_en}, which is visible; the visible one stands, and this one is neither checked nor counted",
                    k.line
                ),
            )
        } else {
            tr(
                lang,
                format!(
                    "{path}：第 {} 行的{label}{name_zh}与 {at} 重复，只计一次",
                    k.line
                ),
                format!(
                    "{path}: line {} repeats the `{label}` record{name_en} of {at_en}; it is counted once",
                    k.line
                ),
            )
        };
        let mut d = Diag::warning("ylcheck::data::duplicate", message)
        .with_source_at(path, text, k.line as usize)
        .with_label(span, lang.pick("重复记录", "a record given again"))
        .with_help(lang.pick(
            "同一记录（名称与所在地相同）出现两次时保留第一条，后面的不计入任何合计；若确是两处，请在名称或所在地上区分",
            "of a record given twice (same name, same place) the first is kept and the later one counts in no total; if they are two, tell them apart by name or place",
        ));
        if let Some(Shown::Cell(c)) = k.shown.as_deref() {
            d = d.with_cell(c.to_string());
        }
        diags.push(d);
    }
    diags
}

/// What overlapping areas did to the held records of entities declaring
/// `disjoint`: the records wholly within earlier ones (left out of aggregates like
/// duplicates, as (input, table, source, row)), and a warning at each overlap.
pub struct Overlaps {
    pub within: HashSet<At>,
    pub diags: Vec<((String, EntityId), Diag)>,
}

/// One held record with an area in its entity's `disjoint` field.
struct Placed {
    input: usize,
    entity: EntityId,
    at: usize,
    mp: geo::MultiPolygon<f64>,
    area: f64,
}

/// How one record's area meets the earlier ones'.
enum Meets {
    /// Wholly inside earlier areas.
    Within(Vec<usize>),
    /// Partly: what is left of it, and the area given up.
    Partly(geo::MultiPolygon<f64>, f64, Vec<usize>),
    /// The geometry could not be compared.
    Unknown(Vec<usize>),
}

/// Finds, for each entity that declares `disjoint FIELD`, the held records whose
/// area overlaps an earlier one's, in input order. A record within earlier ones
/// counts in no aggregate (the land is already counted); one that overlaps in part
/// keeps only what lies outside them, so summing areas sums their union, and a
/// declared area of it (which counts the shared part again) becomes unreadable.
/// Candidates come from an R-tree of bounding boxes, so the cost stays near
/// linear; a geometry the boolean operations cannot handle makes the record's
/// area unknown, never counted twice.
pub fn overlaps(
    tables: &mut [(usize, &mut crate::data::Dataset)],
    schema: &crate::schema::Schema,
    lang: Lang,
) -> Overlaps {
    use geo::{BooleanOps, BoundingRect, GeodesicArea};
    use rstar::RTreeObject;
    use rstar::primitives::{GeomWithData, Rectangle};
    let mut out = Overlaps {
        within: HashSet::new(),
        diags: Vec::new(),
    };
    let mut placed: Vec<Placed> = Vec::new();
    for (input, ds) in tables.iter() {
        for (e, table) in ds.tables.iter().enumerate() {
            let Some(g) = schema.entities.get(e).and_then(|x| x.disjoint) else {
                continue;
            };
            for (at, rec) in table.iter().enumerate() {
                if let Some(Value::Shape(s)) = rec.values.get(g)
                    && let crate::spatial::Shape::Area(mp) = &**s
                {
                    let area = mp.geodesic_area_unsigned();
                    if area > 0.0 {
                        placed.push(Placed {
                            input: *input,
                            entity: e,
                            at,
                            mp: mp.clone(),
                            area,
                        });
                    }
                }
            }
        }
    }
    if placed.len() < 2 {
        return out;
    }
    let boxes: Vec<GeomWithData<Rectangle<[f64; 2]>, usize>> = placed
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let r = p.mp.bounding_rect()?;
            Some(GeomWithData::new(
                Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                i,
            ))
        })
        .collect();
    let tree = rstar::RTree::bulk_load(boxes.clone());
    let mut meets: Vec<(usize, Meets)> = Vec::new();
    // A record wholly within earlier ones adds no land: later ones are not
    // compared with it, so the same parcel given n times costs n comparisons.
    let mut inside = vec![false; placed.len()];
    for b in &boxes {
        let j = b.data;
        let p = &placed[j];
        let mut earlier: Vec<usize> = tree
            .locate_in_envelope_intersecting(b.geom().envelope())
            .map(|x| x.data)
            .filter(|&i| i < j && !inside[i] && placed[i].entity == p.entity)
            .collect();
        if earlier.is_empty() {
            continue;
        }
        earlier.sort_unstable();
        // A sliver along a shared edge is drawing noise, not shared land.
        let noise = p.area * 1e-4;
        let cut = std::panic::catch_unwind(|| {
            let mut left = p.mp.clone();
            let mut with = Vec::new();
            for &i in &earlier {
                let next = left.difference(&placed[i].mp);
                if left.geodesic_area_unsigned() - next.geodesic_area_unsigned() > noise {
                    with.push(i);
                    left = next;
                    if left.geodesic_area_unsigned() <= noise {
                        break;
                    }
                }
            }
            (left, with)
        });
        match cut {
            Ok((_, with)) if with.is_empty() => {}
            Ok((left, with)) => {
                let rest = left.geodesic_area_unsigned();
                if rest <= noise {
                    inside[j] = true;
                    meets.push((j, Meets::Within(with)));
                } else {
                    meets.push((j, Meets::Partly(left, p.area - rest, with)));
                }
            }
            Err(_) => meets.push((j, Meets::Unknown(earlier))),
        }
    }
    for (j, m) in meets {
        let p = &placed[j];
        let ent = &schema.entities[p.entity];
        let Some(g) = ent.disjoint else { continue };
        let name_of = |ds: &crate::data::Dataset, q: &Placed| -> String {
            ent.name_slot()
                .and_then(|s| ds.tables.get(q.entity)?.get(q.at)?.values.get(s))
                .and_then(|v| part(Some(v)))
                .filter(|n| !n.is_empty())
                .map_or_else(|| format!("#{}", q.at + 1), |n| n.into_owned())
        };
        let others: Vec<String> = match &m {
            Meets::Within(w) | Meets::Partly(_, _, w) | Meets::Unknown(w) => w
                .iter()
                .map(|&i| {
                    let q = &placed[i];
                    match tables.iter().find(|(x, _)| *x == q.input) {
                        Some((_, d)) => name_of(d, q),
                        None => String::new(),
                    }
                })
                .collect(),
        };
        let Some(ds) = tables
            .iter_mut()
            .find(|(i, _)| *i == p.input)
            .map(|(_, d)| d)
        else {
            continue;
        };
        let name = name_of(ds, p);
        let with = others.join(lang.pick("、", ", "));
        let Some(rec) = ds.tables.get(p.entity).and_then(|t| t.get(p.at)) else {
            continue;
        };
        let key = (
            u32::try_from(p.input).unwrap_or(u32::MAX),
            u32::try_from(p.entity).unwrap_or(u32::MAX),
            rec.pos.source,
            rec.pos.row,
        );
        let declared = ent.fields.iter().enumerate().any(|(s, f)| {
            matches!(&f.ty, crate::schema::FieldType::Quantity { dim, .. } if *dim == crate::units::Dim::AREA)
                && matches!(rec.values.get(s), Some(Value::Num(_) | Value::Reported(_)))
        });
        let (message, unreadable) = match &m {
            Meets::Within(_) => {
                out.within.insert(key);
                (
                    tr(
                        lang,
                        format!(
                            "“{name}”的范围完全落在“{with}”之内，同一块地只计一次，不计入任何合计"
                        ),
                        format!(
                            "`{name}` lies wholly within `{with}`: the same land is counted once, and it counts in no total"
                        ),
                    ),
                    None,
                )
            }
            Meets::Partly(left, shared, _) => {
                let (zh, en) = if declared {
                    (
                        "；它申报的面积包含重叠部分，无法使用",
                        ", and its declared area, which includes it, cannot be used",
                    )
                } else {
                    ("", "")
                };
                (
                    tr(
                        lang,
                        format!("“{name}”与“{with}”重叠约 {shared:.0} m²，重叠部分只计一次{zh}"),
                        format!(
                            "`{name}` overlaps `{with}` by about {shared:.0} m²: the overlap is counted once{en}"
                        ),
                    ),
                    Some(Some(left.clone())),
                )
            }
            Meets::Unknown(_) => (
                tr(
                    lang,
                    format!("“{name}”的范围可能与“{with}”重叠，但无法计算重叠部分，其面积无法判断"),
                    format!(
                        "`{name}` may overlap `{with}`, but the overlap cannot be computed, so its area is unknown"
                    ),
                ),
                Some(None),
            ),
        };
        let Some(src) = ds.sources.get(rec.pos.source as usize) else {
            continue;
        };
        let view = View {
            source: key.0,
            text: &src.text,
            cells: &src.cells,
        };
        let ctx = super::located::Ctx {
            path: &src.path,
            text: &src.text,
            first_line: 1,
            lang,
            source: key.0,
        };
        let loc = view.locate(rec, Some(g));
        let mut d = ctx
            .warning(
                "ylcheck::data::overlap",
                message,
                (loc.offset, loc.len),
                lang.pick("重叠的范围", "overlapping area"),
            )
            .with_help(lang.pick(
                "同一块地不应出现在两个地块中：请核对地块边界，或删除重复的地块",
                "the same land should not be in two parcels: check the boundaries, or delete the parcel given twice",
            ));
        if let Some((c, _)) = view.cell_ref(Some(g), &loc) {
            d = d.with_cell(c);
        }
        out.diags.push(((src.path.clone(), p.entity), d));
        // What is left of the record: its remaining area, and no declared area
        // that counts the shared land again.
        if let Some(left) = unreadable {
            let areas: Vec<usize> = (0..ent.fields.len())
                .filter(|&s| {
                    matches!(&ent.fields[s].ty, crate::schema::FieldType::Quantity { dim, .. } if *dim == crate::units::Dim::AREA)
                })
                .collect();
            let Some(rec) = ds.tables.get_mut(p.entity).and_then(|t| t.get_mut(p.at)) else {
                continue;
            };
            let spoil = |v: &Value<'_>| {
                Value::Invalid(Box::new(crate::data::Invalid {
                    text: match v {
                        Value::Num(q) => q.q().to_decimal_string(6).into(),
                        _ => "".into(),
                    },
                    problem: crate::data::Problem::Overlaps,
                }))
            };
            for s in areas {
                if let Some(v) = rec.values.get_mut(s)
                    && matches!(v, Value::Num(_) | Value::Reported(_))
                {
                    *v = spoil(v);
                }
            }
            if let Some(v) = rec.values.get_mut(g) {
                *v = match left {
                    Some(mp) => Value::Shape(Arc::new(crate::spatial::Shape::Area(mp))),
                    None => spoil(v),
                };
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// A run keys every record it reads: a million records cost 64 MB of keys.
    #[test]
    fn a_keyed_record_is_64_bytes() {
        assert!(std::mem::size_of::<super::Keyed>() <= 64);
    }
}
