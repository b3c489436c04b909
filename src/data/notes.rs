//! Load-time warnings about cells that are present but unreadable in a way the
//! user should hear about once, not once per row: an enum value that matches no
//! label (`类型` = `街道综合养老服务站点`), a ratio written as a fraction where it
//! could as well be percent points (`0.6`).
//!
//! A province's table may repeat one mistake a million times, and a large CSV is
//! read in chunks in parallel. So each distinct (column, text) is reported once,
//! at its first cell, with how many cells had it; and what is reported depends
//! only on the file, never on how it was cut into chunks: every chunk keeps its
//! own notes, merging keeps the earliest cell and sums the counts.

use super::error::{DataError, Named, Tally};
use super::{Invalid, Problem, Record};
use crate::schema::{Entity, FieldType, Slot};
use std::collections::BTreeMap;

/// More distinct unknown values than this in one column is not a few typos but a
/// column of something else: it is reported once, as a whole.
const MAX_DISTINCT: usize = 20;

/// Where a cell is, in file order: its record's line, then its offset (records on
/// one line are always in the same chunk).
type At = (u32, u32);

#[derive(Debug, Clone)]
struct Seen {
    at: At,
    diag: DataError,
    cells: u64,
}

impl Seen {
    fn merge(&mut self, other: Seen) {
        self.cells += other.cells;
        if other.at < self.at {
            self.at = other.at;
            self.diag = other.diag;
        }
    }
}

#[derive(Debug, Clone)]
struct EnumColumn {
    /// The column's first unknown value, whatever its text.
    first: Seen,
    /// Per distinct text, while there are at most [`MAX_DISTINCT`].
    texts: BTreeMap<Box<str>, Seen>,
    overflow: bool,
}

/// What one file (or one chunk of it) had to say.
#[derive(Debug, Clone, Default)]
pub(crate) struct Notes {
    enums: BTreeMap<Slot, EnumColumn>,
    fractions: BTreeMap<Slot, Seen>,
    /// For a column, a warning about its fractions located at its header.
    headers: BTreeMap<Slot, DataError>,
    /// The total rows left out (合计), noted at the first.
    totals: Option<Seen>,
}

impl Notes {
    /// Reports a column's fractions at its header (a table's column) rather than
    /// at their first cell.
    pub fn at_header(&mut self, slot: Slot, diag: DataError) {
        self.headers.insert(slot, diag);
    }

    /// Notes a total row left out; `make` builds the note, located at it.
    pub fn total_row(&mut self, line: u32, offset: u32, make: impl FnOnce() -> DataError) {
        let at = (line, offset);
        match &mut self.totals {
            Some(s) => bump(s, at, make),
            None => {
                let diag = make();
                self.totals = Some(Seen { at, diag, cells: 1 });
            }
        }
    }

    /// Notes the record's unknown enum values and ambiguous fractions. `make`
    /// builds the warning for one cell, located at it; it is called only for a
    /// cell that is the first of its kind so far.
    pub fn note(&mut self, rec: &Record<'_>, make: &mut dyn FnMut(Slot, &Invalid) -> DataError) {
        for (slot, v) in rec.values.iter().enumerate() {
            let super::Value::Invalid(bad) = v else {
                continue;
            };
            let at = (rec.pos.line, rec.pos.offset);
            match bad.problem {
                Problem::UnknownEnum => self.note_enum(slot, at, bad, make),
                Problem::FractionOrPercent => match self.fractions.get_mut(&slot) {
                    Some(s) => bump(s, at, || make(slot, bad)),
                    None => {
                        let diag = make(slot, bad);
                        self.fractions.insert(slot, Seen { at, diag, cells: 1 });
                    }
                },
                _ => {}
            }
        }
    }

    fn note_enum(
        &mut self,
        slot: Slot,
        at: At,
        bad: &Invalid,
        make: &mut dyn FnMut(Slot, &Invalid) -> DataError,
    ) {
        let Some(col) = self.enums.get_mut(&slot) else {
            let seen = Seen {
                at,
                diag: make(slot, bad),
                cells: 1,
            };
            let texts = BTreeMap::from([(bad.text.clone(), seen.clone())]);
            self.enums.insert(
                slot,
                EnumColumn {
                    first: seen,
                    texts,
                    overflow: false,
                },
            );
            return;
        };
        bump(&mut col.first, at, || make(slot, bad));
        if col.overflow {
            return;
        }
        let room = col.texts.len() < MAX_DISTINCT;
        match col.texts.get_mut(&bad.text) {
            Some(s) => bump(s, at, || make(slot, bad)),
            None if room => {
                let diag = make(slot, bad);
                col.texts
                    .insert(bad.text.clone(), Seen { at, diag, cells: 1 });
            }
            None => {
                col.overflow = true;
                col.texts.clear();
            }
        }
    }

    /// Adds what another chunk noted.
    pub fn merge(&mut self, other: Notes) {
        for (slot, col) in other.enums {
            match self.enums.get_mut(&slot) {
                None => {
                    self.enums.insert(slot, col);
                }
                Some(mine) => {
                    mine.first.merge(col.first);
                    mine.overflow |= col.overflow;
                    if !mine.overflow {
                        for (text, s) in col.texts {
                            match mine.texts.get_mut(&text) {
                                Some(m) => m.merge(s),
                                None => {
                                    mine.texts.insert(text, s);
                                }
                            }
                        }
                        mine.overflow = mine.texts.len() > MAX_DISTINCT;
                    }
                    if mine.overflow {
                        mine.texts.clear();
                    }
                }
            }
        }
        for (slot, s) in other.fractions {
            match self.fractions.get_mut(&slot) {
                Some(m) => m.merge(s),
                None => {
                    self.fractions.insert(slot, s);
                }
            }
        }
        for (slot, d) in other.headers {
            self.headers.entry(slot).or_insert(d);
        }
        match (&mut self.totals, other.totals) {
            (Some(m), Some(s)) => m.merge(s),
            (mine @ None, theirs) => *mine = theirs,
            (Some(_), None) => {}
        }
    }

    /// The warnings, in file order, each saying how many more cells were alike.
    pub fn into_errors(self) -> Vec<DataError> {
        let mut out: Vec<(At, DataError)> = Vec::new();
        for col in self.enums.into_values() {
            if col.overflow {
                let n = col.first.cells;
                out.push((
                    col.first.at,
                    col.first.diag.tallied(Tally::Overflow(n, MAX_DISTINCT)),
                ));
                continue;
            }
            for (_, s) in col.texts {
                out.push((s.at, more(s.diag, s.cells)));
            }
        }
        let mut headers = self.headers;
        for (slot, s) in self.fractions {
            let n = s.cells;
            match headers.remove(&slot) {
                Some(d) => out.push(((0, 0), d.tallied(Tally::Column(n)))),
                None if n > 1 => out.push((s.at, s.diag.tallied(Tally::InAll(n)))),
                None => out.push((s.at, s.diag)),
            }
        }
        if let Some(s) = self.totals {
            let n = s.cells.saturating_sub(1);
            out.push((s.at, s.diag.tallied(Tally::More(n))));
        }
        out.sort_by_key(|(at, _)| *at);
        out.into_iter().map(|(_, d)| d).collect()
    }
}

/// Counts one more cell, keeping the earliest's warning.
fn bump(seen: &mut Seen, at: At, make: impl FnOnce() -> DataError) {
    seen.cells += 1;
    if at < seen.at {
        seen.at = at;
        seen.diag = make();
    }
}

/// A warning about one cell, saying how many more had the same.
fn more(d: DataError, cells: u64) -> DataError {
    if cells > 1 {
        d.tallied(Tally::More(cells - 1))
    } else {
        d
    }
}

/// The warning for one unreadable cell of `slot`, at `span` in the file.
pub(crate) fn cell_warning(
    ctx: &super::ctx::Ctx<'_>,
    ent: &Entity,
    slot: Slot,
    bad: &Invalid,
    span: (usize, usize),
) -> DataError {
    match bad.problem {
        Problem::UnknownEnum => unknown_value(ctx, ent, slot, &bad.text, span),
        _ => fraction_or_percent(ctx, ent, slot, None, &bad.text, span),
    }
}

/// An unknown enum value of `slot`: the closest allowed value, and every one.
fn unknown_value(
    ctx: &super::ctx::Ctx<'_>,
    ent: &Entity,
    slot: Slot,
    text: &str,
    span: (usize, usize),
) -> DataError {
    let field = &ent.fields[slot];
    let variants = match &field.ty {
        FieldType::Enum(variants) => &variants[..],
        _ => &[],
    };
    // In Chinese a value is suggested by its label, never by its name.
    let candidates = variants
        .iter()
        .flat_map(|v| std::iter::once(v.name.as_str()).chain(v.labels.iter().map(String::as_str)));
    let guess = crate::diag::suggest(text, candidates).and_then(|hit| {
        let v = variants
            .iter()
            .find(|v| v.name == hit || v.labels.iter().any(|l| l == hit))?;
        let zh = match v.labels.first() {
            Some(l) if v.name == hit => l.clone(),
            _ => hit.to_string(),
        };
        Some((zh, hit.to_string()))
    });
    DataError::UnknownValue {
        at: ctx.at(span),
        text: text.to_string(),
        field: Named::field(field),
        guess,
        allowed: variants
            .iter()
            .map(|v| (v.name.clone(), v.labels.clone()))
            .collect(),
        tally: Tally::One,
    }
}

/// A column (or key) whose bare numbers between 0 and 1 could be fractions or
/// percent points, at `span`: its header (a table's column) or its first cell.
pub(crate) fn fraction_or_percent(
    ctx: &super::ctx::Ctx<'_>,
    ent: &Entity,
    slot: Slot,
    header: Option<&str>,
    example: &str,
    span: (usize, usize),
) -> DataError {
    // A header that already says % (the cell must say which it is).
    let percent = header
        .and_then(super::header::split_paren)
        .filter(|(_, u)| super::cell::lookup_unit(u).is_some_and(|u| u.symbol == "%"))
        .map(|(b, _)| b.to_string());
    DataError::FractionOrPercent {
        at: ctx.at(span),
        field: Named::field(&ent.fields[slot]),
        header: header.map(str::to_string),
        percent,
        example: example.to_string(),
        percent_example: as_percent(example),
        tally: Tally::One,
    }
}

/// `0.6` as percent points, `60%`, for the help.
fn as_percent(fraction: &str) -> String {
    match crate::num::Q::parse_decimal(fraction.trim())
        .and_then(|q| q.checked_mul(crate::num::Q::int(100)))
    {
        Some(q) => format!("{}%", q.to_decimal_string(6)),
        None => "60%".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Pos, Value};

    fn rec(line: u32, text: &str, problem: Problem) -> Record<'static> {
        Record {
            values: vec![Value::Missing, crate::data::cell::invalid(text, problem)].into(),
            pos: Pos {
                source: 0,
                row: line,
                line,
                offset: line * 10,
            },
        }
    }

    fn make(slot: Slot, bad: &Invalid) -> DataError {
        DataError::UnknownValue {
            at: crate::data::error::Excerpt {
                path: String::new(),
                text: "".into(),
                first_line: 1,
                span: (0, 0),
            },
            text: format!("{slot}:{}", bad.text),
            field: Named {
                name: String::new(),
                label: None,
            },
            guess: None,
            allowed: Vec::new(),
            tally: Tally::One,
        }
    }

    /// Each warning's text and the words its count adds.
    fn messages(n: Notes) -> Vec<String> {
        n.into_errors()
            .into_iter()
            .map(|d| match d {
                DataError::UnknownValue { text, tally, .. } => {
                    format!("{text}{}", tally.words().en)
                }
                other => format!("{other:?}"),
            })
            .collect()
    }

    /// However the rows are cut into chunks and in whatever order the chunks are
    /// merged, the same warnings come out: the first cell of each text, counted.
    #[test]
    fn the_same_notes_whatever_the_chunking() {
        let rows: Vec<Record> = (1..=60)
            .map(|i| {
                let t = ["nwe", "old", "nwe", "x"][i as usize % 4];
                rec(i, t, Problem::UnknownEnum)
            })
            .chain([rec(61, "0.6", Problem::FractionOrPercent)])
            .collect();
        let whole = {
            let mut n = Notes::default();
            for r in &rows {
                n.note(r, &mut make);
            }
            messages(n)
        };
        assert_eq!(
            whole,
            vec![
                "1:old (and 14 more cells alike)",
                "1:nwe (and 29 more cells alike)",
                "1:x (and 14 more cells alike)",
                "1:0.6",
            ]
        );
        for size in [1, 7, 13, 60] {
            let mut parts: Vec<Notes> = rows
                .chunks(size)
                .map(|c| {
                    let mut n = Notes::default();
                    for r in c {
                        n.note(r, &mut make);
                    }
                    n
                })
                .collect();
            parts.reverse();
            let mut all = Notes::default();
            for p in parts {
                all.merge(p);
            }
            assert_eq!(messages(all), whole, "chunks of {size}");
        }
    }

    /// A column of many different unknown values is one warning, not thousands.
    #[test]
    fn a_column_of_other_things_is_one_warning() {
        let rows: Vec<Record> = (1..=500)
            .map(|i| rec(i, &format!("v{i}"), Problem::UnknownEnum))
            .collect();
        let mut whole = Notes::default();
        for r in &rows {
            whole.note(r, &mut make);
        }
        let mut halves = [Notes::default(), Notes::default()];
        for (i, r) in rows.iter().enumerate() {
            halves[usize::from(i % 2 == 1)].note(r, &mut make);
        }
        let [mut a, b] = halves;
        a.merge(b);
        let whole = messages(whole);
        assert_eq!(whole.len(), 1);
        assert!(whole[0].starts_with("1:v1 (500 cells"), "{whole:?}");
        assert_eq!(messages(a), whole);
    }
}
