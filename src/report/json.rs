//! `--format json`: one object, as fixed by the output contract in DESIGN.md.
//! Each finding is one line, so the document is written as findings arrive in
//! order and a consumer can also read it line by line. A finding is a serde
//! struct (`FindingOut`) written with serde_json.

use super::json_text::Visible;
use super::spool::{Held, Spool};
use super::{Amount, Context, Totals, amount};
use crate::data::Value;
use crate::eval::Finding;
use crate::num::Q;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};
use serde_json::value::RawValue;
use serde_json::{Value as J, json};
use std::borrow::Cow;

/// One finding as the output contract writes it. Field order is output order.
#[derive(Serialize)]
struct FindingOut<'f> {
    rule: &'f str,
    severity: &'static str,
    outcome: &'static str,
    /// `behind` or `overdue` for a progress check; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    message: String,
    cite: &'f str,
    entity: &'f str,
    record: &'f str,
    /// The record's county (or other place), so a report splits by region.
    region: Option<&'f str>,
    location: At<'f>,
    values: Values<'f>,
    required: &'f str,
    requirement: String,
    required_value: Option<Figure<'static>>,
    faults: Vec<&'f str>,
    shortfall: Option<Figure<'static>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    waived: Option<Waived<'f>>,
}

#[derive(Serialize)]
struct At<'f> {
    path: Cow<'f, str>,
    line: u32,
    column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<&'f str>,
}

#[derive(Serialize)]
struct Waived<'f> {
    reason: &'f str,
    approver: &'f str,
    document: &'f str,
    #[serde(serialize_with = "collect_display")]
    expires: jiff::civil::Date,
    location: WaiverAt<'f>,
}

#[derive(Serialize)]
struct WaiverAt<'f> {
    path: &'f str,
    line: u32,
}

/// `{"value": …, "unit": …}`, with `"invalid": true` for a cell that could not be read.
#[derive(Serialize)]
struct Figure<'v> {
    value: Plain<'v>,
    unit: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    invalid: bool,
}

impl<'v> Figure<'v> {
    fn plain(value: Plain<'v>) -> Figure<'v> {
        Figure {
            value,
            unit: None,
            invalid: false,
        }
    }

    /// A number in its display unit: exact decimals (at most 6 places).
    fn amount(a: Amount) -> Figure<'v> {
        Figure {
            value: Plain::Num(a.value),
            unit: (!a.unit.is_empty()).then_some(a.unit),
            invalid: false,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn collect_display<S: Serializer>(d: &impl std::fmt::Display, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// A value as JSON: a number as its exact decimal text, never through a float.
enum Plain<'v> {
    Null,
    Num(Q),
    Bool(bool),
    Text(Cow<'v, str>),
    List(Vec<&'v str>),
}

impl Serialize for Plain<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Plain::Null => s.serialize_unit(),
            // `-?digits(.digits)?`: always a JSON number, written as it is, every
            // decimal kept (a failing 199.99999999999997 is not 200).
            Plain::Num(q) => RawValue::from_string(q.to_shown_decimal(40, 6))
                .map_err(serde::ser::Error::custom)?
                .serialize(s),
            Plain::Bool(b) => s.serialize_bool(*b),
            Plain::Text(t) => s.serialize_str(t),
            Plain::List(items) => items.serialize(s),
        }
    }
}

/// The rule's fields of the record, by name, as the findings' `values` object.
struct Values<'f> {
    ctx: &'f Context<'f>,
    f: &'f Finding,
}

impl Serialize for Values<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (ctx, f) = (self.ctx, self.f);
        let ent = ctx.entity(f);
        let fields = &ctx.rule(f).fields;
        let mut map = s.serialize_map(Some(fields.len()))?;
        for &slot in fields {
            let field = &ent.fields[slot];
            map.serialize_entry(&field.name, &value(ctx, f, slot))?;
        }
        map.end()
    }
}

/// One field's value of a finding's record.
fn value<'v>(ctx: &Context<'_>, f: &'v Finding, slot: usize) -> Figure<'v> {
    let ty = &ctx.entity(f).fields[slot].ty;
    let number = |q: Q| match crate::lang::check::display_of(ty) {
        Some((_, d)) => Figure::amount(amount(q, &d)),
        None => Figure::plain(Plain::Num(q)),
    };
    match ctx.value(f, slot) {
        Some(Value::Num(q)) => number(q.q()),
        Some(Value::Reported(r)) => number(r.value),
        Some(Value::Missing) | None => Figure::plain(Plain::Null),
        Some(Value::Invalid(bad)) => Figure {
            value: Plain::Text(Cow::Borrowed(&bad.text)),
            unit: None,
            invalid: true,
        },
        Some(Value::Text(t)) => Figure::plain(Plain::Text(Cow::Borrowed(t))),
        Some(Value::Enum(i)) => Figure::plain(Plain::Text(ctx.enum_label(ty, *i).into())),
        Some(Value::Bool(b)) => Figure::plain(Plain::Bool(*b)),
        Some(Value::Date(d)) => Figure::plain(Plain::Text(d.to_string().into())),
        Some(Value::Shape(sh)) => {
            Figure::plain(Plain::Text(crate::spatial::describe(sh, ctx.lang).into()))
        }
        Some(Value::List(items)) => {
            Figure::plain(Plain::List(crate::data::list_items(items).collect()))
        }
    }
}

/// Writes JSON as serde_json's compact form does, but escapes backspace and form
/// feed as `\u0008` and `\u000c` (as every other control character), not `\b`
/// and `\f`: the form findings have always had.
struct Compact;

impl Formatter for Compact {
    fn write_char_escape<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        escape: CharEscape,
    ) -> std::io::Result<()> {
        match escape {
            CharEscape::Backspace => w.write_all(b"\\u0008"),
            CharEscape::FormFeed => w.write_all(b"\\u000c"),
            other => CompactFormatter.write_char_escape(w, other),
        }
    }
}

/// One finding as a one-line JSON object.
pub fn finding(ctx: &Context<'_>, f: &Finding) -> String {
    let rule = ctx.rule(f);
    let ent = ctx.entity(f);
    let out = FindingOut {
        rule: ctx.rule_id(f.rule),
        severity: f.severity.name(),
        outcome: f.outcome.name(),
        status: f.progress.map(|p| match p {
            crate::eval::Progress::Behind(_) => "behind",
            crate::eval::Progress::Overdue(_) => "overdue",
        }),
        message: ctx.one_line(f),
        cite: &rule.cite,
        entity: &ent.name,
        record: &f.record,
        region: f.region.as_ref().map(|(_, name)| &**name),
        location: At {
            path: ctx.location(f),
            line: f.line,
            column: f.column,
            cell: f.cell_ref.as_deref(),
        },
        values: Values { ctx, f },
        required: &rule.required_text,
        requirement: ctx.requirement(f),
        required_value: ctx.required_amount(f).map(Figure::amount),
        faults: f.faults.iter().map(|&s| &*ent.fields[s].name).collect(),
        shortfall: f
            .comparison
            .and_then(|c| c.shortfall.map(|q| Figure::amount(amount(q, &c.display)))),
        waived: ctx.waiver(f).map(|w| Waived {
            reason: &w.reason,
            approver: &w.approver,
            document: &w.document,
            expires: w.expires,
            location: WaiverAt {
                path: ctx.waivers.map_or("", |ws| ws.path.as_str()),
                line: w.line,
            },
        }),
    };
    let mut buf = Vec::with_capacity(512);
    let written = out.serialize(&mut serde_json::Serializer::with_formatter(
        &mut buf,
        Visible(Compact),
    ));
    // Nothing above can fail to serialize (a map's keys are strings, a number's
    // text is always a JSON number); if it did, the finding still says so.
    match written.ok().and_then(|()| String::from_utf8(buf).ok()) {
        // Hundreds of thousands of these may wait for output: keep no spare capacity.
        Some(mut o) => {
            o.shrink_to_fit();
            o
        }
        None => {
            json!({ "rule": out.rule, "error": "the finding could not be written" }).to_string()
        }
    }
}

/// Every diagnostic of the run, one object each: `level`, `code`, `message`,
/// `help` when there is one, and `location` when the problem has a place in a file.
pub fn diagnostics(totals: &Totals) -> J {
    totals
        .flat_diagnostics()
        .into_iter()
        .map(|d| {
            let mut o = serde_json::Map::new();
            o.insert("level".into(), J::from(d.level()));
            o.insert("code".into(), J::from(d.code.as_ref()));
            o.insert("message".into(), J::from(d.message.as_str()));
            if let Some(h) = &d.help {
                o.insert("help".into(), J::from(h.as_str()));
            }
            if let Some(l) = d.location() {
                let mut at = serde_json::Map::new();
                // A worksheet is named as findings name it: `file.xlsx!Sheet`.
                at.insert("path".into(), J::from(l.path));
                at.insert("line".into(), J::from(l.line));
                at.insert("column".into(), J::from(l.column));
                if let Some(c) = l.cell {
                    at.insert("cell".into(), J::from(c));
                }
                o.insert("location".into(), J::Object(at));
            }
            J::Object(o)
        })
        .collect()
}

/// The whole document around the rendered findings (given in output order), each
/// written as its text is read back.
pub fn document(
    ctx: &Context<'_>,
    totals: &Totals,
    findings: &[Held],
    spool: &Spool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let set = ctx.set;
    let lang = ctx.lang;
    let packs: Vec<J> = totals
        .packs
        .iter()
        .filter_map(|&i| set.packs.get(i))
        .map(|p| {
            json!({
                "id": p.id,
                "source": p.source,
                "title": p.title.as_ref().map(|t| t.get(lang)),
                "region": p.region,
            })
        })
        .collect();
    let inputs: Vec<J> = totals
        .inputs
        .iter()
        .map(|i| json!({ "path": i.path, "entity": set.schema.entities[i.entity].name, "records": i.records }))
        .collect();
    let s = &totals.summary;
    let not_checked: Vec<J> = totals
        .not_checked
        .iter()
        .map(|(r, why)| json!({ "rule": ctx.rule_id(*r), "reason": ctx.not_checked_reason(why) }))
        .collect();
    let d = totals.diagnostic_counts();
    let head = [
        (
            "tool",
            json!({ "name": "ylcheck", "version": env!("CARGO_PKG_VERSION") }),
        ),
        ("as_of", J::from(ctx.as_of.to_string())),
        ("region", J::from(totals.region.clone())),
        ("packs", J::from(packs)),
        ("inputs", J::from(inputs)),
        (
            "summary",
            json!({
                "records": s.records, "checks": s.checks, "passed": s.passed, "failed": s.failed,
                "unknown": s.unknown, "errors": s.errors, "warnings": s.warnings,
                "waived": s.waived(),
                "diagnostics": { "errors": d.errors, "warnings": d.warnings, "notes": d.notes },
            }),
        ),
        ("not_checked", J::from(not_checked)),
        (
            "settings",
            totals.settings.as_ref().map_or(J::Null, |st| st.json()),
        ),
        ("diagnostics", diagnostics(totals)),
    ];
    out.write_all(b"{\n")?;
    for (k, v) in head {
        let v = super::json_text::compact(&v).map_err(std::io::Error::other)?;
        writeln!(out, "  {}: {v},", J::from(k))?;
    }
    out.write_all(b"  \"findings\": [")?;
    for (i, f) in findings.iter().enumerate() {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        spool.write(f, out)?;
    }
    out.write_all(if findings.is_empty() {
        b"]\n}\n"
    } else {
        b"\n  ]\n}\n"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings are escaped as findings always had them: every control character
    /// as `\u00XX` but for `\n`, `\r` and `\t`; quotes and backslashes; DEL, C1
    /// and the other characters a terminal would obey ([`Visible`]); nothing else
    /// (non-ASCII text is written as it is).
    #[test]
    fn strings_escape_as_before() {
        let s = "a\"b\\c\nd\re\tf\u{8}g\u{c}h\u{1}i\u{1f}j\u{7f}\u{9b}\u{202e}开封 é";
        let mut buf = Vec::new();
        s.serialize(&mut serde_json::Serializer::with_formatter(
            &mut buf,
            Visible(Compact),
        ))
        .unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "\"a\\\"b\\\\c\\nd\\re\\tf\\u0008g\\u000ch\\u0001i\\u001fj\\u007f\\u009b\\u202e开封 é\""
        );
    }

    /// A number is its exact decimal text: no float, no exponent.
    #[test]
    fn numbers_are_exact_decimals() {
        for (q, want) in [
            (Q::int(5), "5"),
            (Q::int(-3), "-3"),
            (Q::new(1, 1_000_000).unwrap(), "0.000001"),
            (
                Q::new(10_i128.pow(21), 1).unwrap(),
                "1000000000000000000000",
            ),
            (Q::new(-5, 2).unwrap(), "-2.5"),
            (Q::new(1, 3).unwrap(), "0.333333"),
        ] {
            assert_eq!(serde_json::to_string(&Plain::Num(q)).unwrap(), want);
        }
    }
}
