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

use super::{Invalid, Problem, Record};
use crate::diag::Diag;
use crate::i18n::{Lang, tr};
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
    diag: Diag,
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
    headers: BTreeMap<Slot, Diag>,
    /// The total rows left out (合计), noted at the first.
    totals: Option<Seen>,
}

impl Notes {
    /// Reports a column's fractions at its header (a table's column) rather than
    /// at their first cell.
    pub fn at_header(&mut self, slot: Slot, diag: Diag) {
        self.headers.insert(slot, diag);
    }

    /// Notes a total row left out; `make` builds the note, located at it.
    pub fn total_row(&mut self, line: u32, offset: u32, make: impl FnOnce() -> Diag) {
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
    pub fn note(&mut self, rec: &Record<'_>, make: &mut dyn FnMut(Slot, &Invalid) -> Diag) {
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
        make: &mut dyn FnMut(Slot, &Invalid) -> Diag,
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
    pub fn into_diags(self, lang: Lang) -> Vec<Diag> {
        let mut out: Vec<(At, Diag)> = Vec::new();
        for col in self.enums.into_values() {
            if col.overflow {
                let n = col.first.cells;
                let mut d = col.first.diag;
                d.message.push_str(&tr(
                    lang,
                    format!("（该列共有 {n} 个单元格的取值不在可选值中，超过 {MAX_DISTINCT} 种写法，只报告第一个）"),
                    format!(" ({n} cells of this column hold values that are not allowed, in more than {MAX_DISTINCT} spellings; only the first is reported)"),
                ));
                out.push((col.first.at, d));
                continue;
            }
            for (_, s) in col.texts {
                out.push((s.at, more(s.diag, s.cells, lang)));
            }
        }
        let mut headers = self.headers;
        for (slot, s) in self.fractions {
            let n = s.cells;
            match headers.remove(&slot) {
                Some(mut d) => {
                    d.message.push_str(&tr(
                        lang,
                        format!("（共 {n} 个单元格）"),
                        if n == 1 {
                            " (1 cell)".to_string()
                        } else {
                            format!(" ({n} cells)")
                        },
                    ));
                    out.push(((0, 0), d));
                }
                None => {
                    let mut d = s.diag;
                    if n > 1 {
                        d.message.push_str(&tr(
                            lang,
                            format!("（该字段共 {n} 处这样的值）"),
                            format!(" ({n} such values in all)"),
                        ));
                    }
                    out.push((s.at, d));
                }
            }
        }
        if let Some(s) = self.totals {
            let mut d = s.diag;
            if s.cells > 1 {
                let n = s.cells - 1;
                d.message.push_str(&tr(
                    lang,
                    format!("（另有 {n} 行合计行同样不计）"),
                    format!(" (and {n} more total rows, likewise left out)"),
                ));
            }
            out.push((s.at, d));
        }
        out.sort_by_key(|(at, _)| *at);
        out.into_iter().map(|(_, d)| d).collect()
    }
}

/// Counts one more cell, keeping the earliest's warning.
fn bump(seen: &mut Seen, at: At, make: impl FnOnce() -> Diag) {
    seen.cells += 1;
    if at < seen.at {
        seen.at = at;
        seen.diag = make();
    }
}

/// A warning about one cell, saying how many more had the same.
fn more(mut d: Diag, cells: u64, lang: Lang) -> Diag {
    if cells > 1 {
        let n = cells - 1;
        d.message.push_str(&tr(
            lang,
            format!("（另有 {n} 个单元格相同）"),
            format!(" (and {n} more cells alike)"),
        ));
    }
    d
}

/// The warning for one unreadable cell of `slot`, at `span` in the file.
pub(crate) fn cell_warning(
    ctx: &super::ctx::Ctx<'_>,
    ent: &Entity,
    slot: Slot,
    bad: &Invalid,
    span: (usize, usize),
) -> Diag {
    let (code, (msg, label, help)) = match bad.problem {
        Problem::UnknownEnum => (
            "ylcheck::data::unknown_value",
            unknown_value(ent, slot, &bad.text, ctx.lang),
        ),
        _ => (
            "ylcheck::data::fraction_or_percent",
            fraction_or_percent(ent, slot, None, &bad.text, ctx.lang),
        ),
    };
    ctx.warning(code, msg, span, &label).with_help(help)
}

/// The message, label and help of an unknown enum value of `slot`, as
/// (message, label, help): did you mean, and every allowed value.
pub(crate) fn unknown_value(
    ent: &Entity,
    slot: Slot,
    text: &str,
    lang: Lang,
) -> (String, String, String) {
    let field = &ent.fields[slot];
    let FieldType::Enum(variants) = &field.ty else {
        return (String::new(), String::new(), String::new());
    };
    // In Chinese the field and its values by their labels, as the form writes
    // them; in English the identifiers, with the form's heading beside the field.
    let shown = match (lang, field.aliases.iter().find(|a| !a.is_ascii())) {
        (Lang::En, Some(a)) => format!("`{}` ({a})", field.name),
        (Lang::En, None) => format!("`{}`", field.name),
        (Lang::Zh, _) => field.shown(lang).to_string(),
    };
    let guess = field.ty.suggest(text, lang);
    let allowed = variants
        .iter()
        .map(|v| match lang {
            Lang::Zh => v.labels.join("、"),
            Lang::En if v.labels.is_empty() => format!("`{}`", v.name),
            Lang::En => format!("`{}` ({})", v.name, v.labels.join(", ")),
        })
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(lang.pick("；", "; "));
    let help = match guess {
        Some(g) => tr(
            lang,
            format!("是不是“{g}”？可选值：{allowed}"),
            format!("did you mean \"{g}\"? allowed values: {allowed}"),
        ),
        None => tr(
            lang,
            format!("可选值：{allowed}"),
            format!("allowed values: {allowed}"),
        ),
    };
    (
        tr(
            lang,
            format!("“{text}”不是“{shown}”的可选值，这些记录的相关检查无法判断"),
            format!(
                "\"{text}\" is not an allowed value of {shown}; checks needing it are unknown for these records"
            ),
        ),
        tr(lang, "未知取值", "unknown value"),
        help,
    )
}

/// The message, label and help of a column (or key) whose bare numbers between
/// 0 and 1 could be fractions or percent points.
pub(crate) fn fraction_or_percent(
    ent: &Entity,
    slot: Slot,
    header: Option<&str>,
    example: &str,
    lang: Lang,
) -> (String, String, String) {
    let field = &ent.fields[slot];
    let pct = as_percent(example);
    let written = header.unwrap_or_else(|| field.shown(lang));
    (
        tr(
            lang,
            format!(
                "“{written}”中 0 到 1 之间的数无法判断是小数还是百分数：“{example}”是 {example}% 还是 {pct}？这些值按无法判断处理"
            ),
            format!(
                "the numbers between 0 and 1 in \"{written}\" may be fractions or percent points: is \"{example}\" {example} % or {pct}? they are treated as unknown"
            ),
        ),
        tr(lang, "小数还是百分数？", "fraction or percent?"),
        if let Some(base) = header
            .and_then(super::header::split_paren)
            .filter(|(_, u)| super::cell::lookup_unit(u).is_some_and(|u| u.symbol == "%"))
            .map(|(b, _)| b)
        {
            // The header already says %: the cell must say which it is.
            tr(
                lang,
                format!(
                    "写明是哪一种：若确是百分数，写作“{example}%”；若是小数，写作“{pct}”；整列都是小数时，表头写作“{base}（小数）”"
                ),
                format!(
                    "say which: write \"{example}%\" if it is percent points, \"{pct}\" if it is a fraction; head a column of fractions \"{base}（小数）\""
                ),
            )
        } else if header.is_none() {
            // A plan's key or a map's property: each value is written on its own.
            tr(
                lang,
                format!("写明单位：写作 \"{pct}\"（若确是 {example}%，写作 \"{example}%\"）"),
                format!(
                    "say which: {} = \"{pct}\" (or \"{example}%\" if that is what it is)",
                    field.name
                ),
            )
        } else {
            tr(
                lang,
                format!(
                    "写明单位：在数值后加 %（写作“{pct}”），或在表头写明单位，如“{written}（%）”；若列中是小数，表头写作“{written}（小数）”"
                ),
                format!(
                    "say which: write the value with its unit (\"{pct}\"), or put the unit in the header, e.g. \"{written}（%）\", or \"{written}（小数）\" for a column of fractions"
                ),
            )
        },
    )
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
            values: vec![Value::Missing, crate::data::cell::invalid(text, problem)],
            pos: Pos {
                source: 0,
                row: line,
                line,
                offset: line * 10,
            },
        }
    }

    fn make(slot: Slot, bad: &Invalid) -> Diag {
        Diag::warning("t", format!("{slot}:{}", bad.text))
    }

    fn messages(n: Notes) -> Vec<String> {
        n.into_diags(Lang::En)
            .into_iter()
            .map(|d| d.message)
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
