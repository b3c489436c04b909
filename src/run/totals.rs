//! A 合计 row of a table of places (a county table a city reports) is the city's
//! own row when the rows above it are every county of that city: the city's
//! year targets (许昌's 2000 households, 15 homes …) are judged by it, as they
//! are by a row naming the city. Any other total row is no record, as in every
//! table (`data::totals`): a sum over part of a city is no city's figure.

use super::located::Ctx;
use crate::data::{Record, Value, View};
use crate::diag::Diag;
use crate::region::{Named, PlaceIndex};
use crate::schema::Slot;

/// How many distinct places the rows above a total row may name: more than any
/// city has counties, so a longer list is no one city's.
const MAX_ABOVE: usize = 64;

/// The rows of a table of places read so far, since its start or its last total
/// row.
#[derive(Default)]
pub(super) struct TotalRows {
    /// The counties they name, each once.
    above: Vec<usize>,
    /// A row named something else (a city, a street, a blank, an unknown name).
    broken: bool,
}

impl TotalRows {
    /// An ordinary row, named by `name`.
    pub(super) fn row(&mut self, ix: &PlaceIndex, name: Option<&Value<'_>>) {
        if self.broken {
            return;
        }
        let county = match name {
            Some(Value::Text(t)) => match ix.named(t) {
                Named::Place(g) if ix.is_county(g) => Some(g),
                _ => None,
            },
            _ => None,
        };
        match county {
            Some(g) if self.above.contains(&g) => {}
            Some(g) if self.above.len() < MAX_ABOVE => self.above.push(g),
            _ => {
                self.broken = true;
                self.above.clear();
            }
        }
    }

    /// A total row: the city it is the row of, if any. The rows after it are
    /// another list.
    pub(super) fn total(&mut self, ix: &PlaceIndex) -> Option<usize> {
        let city = (!self.broken)
            .then(|| ix.totalled_city(&self.above))
            .flatten();
        *self = TotalRows::default();
        city
    }
}

/// The total row's name cell, if `rec` is a total row of a table of places.
pub(super) fn total_cell(slots: &[Slot], rec: &Record<'_>) -> Option<Slot> {
    crate::data::totals::total_in(slots, &rec.values)
}

/// `rec` as the city's row: its name cell says the city.
pub(super) fn as_city<'t>(rec: &Record<'t>, name: Slot, city: &str, out: &mut Record<'t>) {
    out.values.copy_from(&rec.values);
    out.pos = rec.pos;
    if let Some(cell) = out.values.get_mut(name) {
        *cell = Value::Text(std::borrow::Cow::Owned(city.to_string()));
    }
}

/// The note at a total row taken as its city's row, or left out.
pub(super) fn note(
    ctx: &Ctx<'_>,
    view: &View<'_>,
    rec: &Record<'_>,
    slot: Slot,
    city: Option<&str>,
) -> Diag {
    let loc = view.locate(rec, Some(slot));
    let span = (loc.offset, loc.len);
    let text = match rec.values.get(slot) {
        Some(Value::Text(t)) => t.trim(),
        _ => "",
    };
    let Some(city) = city else {
        return ctx.render(&crate::data::totals::note(&ctx.data(), text, span)).with_help(ctx.tr(
            "一张表列出某市的全部县（区）时，其合计行作为该市一行核对；这一行以上不是同一市的全部县（区）",
            "a table listing every county of a city has its total row checked as the city's row; the rows above this one are not every county of one city",
        ));
    };
    let d = ctx.warning(
        "ylcheck::data::total_row",
        ctx.tr(
            format!("“{text}”行是{city}全部县（区）之和，作为{city}一行核对"),
            format!(
                "the \"{text}\" row sums every county of {city}: it is checked as {city}'s row"
            ),
        ),
        span,
        &ctx.tr(format!("{city}一行"), format!("{city}'s row")),
    );
    Diag {
        severity: miette::Severity::Advice,
        ..d
    }
}
