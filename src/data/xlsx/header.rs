//! A worksheet's header: the row that names an entity's fields, under any title
//! rows, read across merged cells and two rows.

use super::grid::{Grid, Kind, header_text};
use crate::data::ctx::MAX_COLUMNS;
use crate::data::header::{best_entity, match_header, split_paren};
use crate::schema::{Entity, EntityId, Schema};

/// How many non-blank rows may come before the header (titles, notes).
const HEADER_SEARCH: usize = 30;
/// A sheet's header: where it is and what each column holds.
pub(super) struct Found {
    /// The header's first row and whether it has two (a merged group title over
    /// its sub-headers).
    pub(super) row: u32,
    pub(super) two: bool,
    pub(super) entity: EntityId,
}

/// Whether the header at row `r` has a second row: a cell of row `r` merged down
/// into the next row, or merged across columns with text under it.
fn two_rows(g: &Grid, r: u32) -> bool {
    let Some(next) = g.row(r + 1) else {
        return false;
    };
    g.merges.iter().any(|d| {
        d.start.0 == r
            && (d.end.0 > r
                || (d.end.1 > d.start.1
                    && next
                        .cells
                        .iter()
                        .any(|x| x.kind == Kind::Text && (d.start.1..=d.end.1).contains(&x.col))))
    })
}

/// How many columns the header at `r` spans.
pub(super) fn header_width(g: &Grid, r: u32, two: bool) -> u32 {
    let last = |r: u32| {
        g.row(r)
            .and_then(|x| x.cells.last())
            .map_or(0, |c| c.col + 1)
    };
    let merged = g
        .merges
        .iter()
        .filter(|d| d.start.0 == r)
        .map(|d| d.end.1 + 1)
        .max()
        .unwrap_or(0);
    let w = last(r).max(merged).max(if two { last(r + 1) } else { 0 });
    w.min(u32::try_from(MAX_COLUMNS).unwrap_or(u32::MAX))
}

/// `base（unit）` from a base and the unit of either part.
fn with_unit(base: String, unit: Option<&str>) -> String {
    match unit {
        Some(u) => format!("{base}（{u}）"),
        None => base,
    }
}

/// The header of column `c` for entity `ent`, and the cell it comes from. In a
/// two-row header the child names the column if it matches a field, else parent
/// and child together (`床位` + `总数`, `护理型` + `床位`), else the parent if this
/// is its first column.
pub(super) fn column_header(
    g: &Grid,
    r: u32,
    two: bool,
    c: u32,
    ent: &Entity,
) -> (String, Option<(u32, u32)>) {
    let parent = g.filled(r, c).map(|(at, x)| (at, header_text(x.text)));
    let child = if two {
        g.filled(r + 1, c).map(|(at, x)| (at, header_text(x.text)))
    } else {
        None
    };
    let first_col = |at: (u32, u32)| at.1 == c;
    match (parent, child) {
        (None, None) => (String::new(), None),
        (Some((at, p)), None) => {
            if first_col(at) {
                (p, Some(at))
            } else {
                (String::new(), None)
            }
        }
        (Some((pa, p)), Some((ca, _))) if pa == ca => {
            if first_col(pa) {
                (p, Some(pa))
            } else {
                (String::new(), None)
            }
        }
        (None, Some((at, ch))) => (ch, Some(at)),
        (Some((pa, p)), Some((ca, ch))) => {
            let (pb, pu) = split_paren(&p).map_or((p.as_str(), None), |(b, u)| (b, Some(u)));
            let (cb, cu) = split_paren(&ch).map_or((ch.as_str(), None), |(b, u)| (b, Some(u)));
            let unit = cu.or(pu);
            let mut tries = vec![
                (ch.clone(), ca),
                (with_unit(format!("{pb}{cb}"), unit), ca),
                (with_unit(format!("{cb}{pb}"), unit), ca),
            ];
            if first_col(pa) {
                tries.push((p.clone(), pa));
            }
            match tries
                .into_iter()
                .find(|(t, _)| match_header(ent, t).is_some())
            {
                Some((t, at)) => (t, Some(at)),
                None => (format!("{p}/{ch}"), Some(ca)),
            }
        }
    }
}

/// Finds the header row of a sheet and the entity it names. `Err(row)` when no
/// row names one (`row`: the row to point at, if the sheet has any).
pub(super) fn find_header(
    g: &Grid,
    schema: &Schema,
    entity: Option<EntityId>,
) -> Result<Found, Option<u32>> {
    let candidates: Vec<EntityId> = match entity {
        Some(e) => vec![e],
        None => (0..schema.entities.len()).collect(),
    };
    let mut fallback = None;
    let mut first_row = None;
    for row in g.rows.iter().take(HEADER_SEARCH) {
        first_row.get_or_insert(row.row);
        // A title or a note: fewer than two cells of its own.
        if row.cells.len() < 2 {
            continue;
        }
        let r = row.row;
        let two = two_rows(g, r);
        let width = header_width(g, r, two);
        let mut named = 0;
        let scores: Vec<usize> = candidates
            .iter()
            .map(|&e| {
                let ent = &schema.entities[e];
                let mut score = 0;
                named = 0;
                for c in 0..width {
                    let (h, _) = column_header(g, r, two, c, ent);
                    if h.is_empty() {
                        continue;
                    }
                    named += 1;
                    score += usize::from(match_header(ent, &h).is_some());
                }
                score
            })
            .collect();
        let best = scores.iter().copied().max().unwrap_or(0);
        if let Some(e) = entity {
            if best >= 2 {
                return Ok(Found {
                    row: r,
                    two,
                    entity: e,
                });
            }
            if best == 1 && fallback.is_none() {
                fallback = Some(Found {
                    row: r,
                    two,
                    entity: e,
                });
            }
            continue;
        }
        if best >= 2 {
            return match best_entity(&scores, named) {
                Some(i) => Ok(Found {
                    row: r,
                    two,
                    entity: candidates[i],
                }),
                None => Err(Some(r)),
            };
        }
    }
    fallback.ok_or(first_row)
}
