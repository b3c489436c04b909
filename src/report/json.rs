//! `--format json`: one object, as fixed by the output contract in DESIGN.md.
//! Each finding is one line, so the document is written as findings arrive in
//! order and a consumer can also read it line by line.

use super::spool::{Held, Spool};
use super::{Amount, Context, Totals, amount};
use crate::data::Value;
use crate::eval::Finding;
use serde_json::{Value as J, json};

/// Appends `s` as a JSON string.
fn str_into(out: &mut String, s: &str) {
    out.push('"');
    let mut rest = s;
    // Copy runs of ordinary characters at once; escape the rest.
    while let Some(i) = rest
        .bytes()
        .position(|b| b == b'"' || b == b'\\' || b < 0x20)
    {
        out.push_str(&rest[..i]);
        match rest.as_bytes()[i] {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b => out.push_str(&format!("\\u{b:04x}")),
        }
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out.push('"');
}

/// `{"value": …, "unit": …}` for a number: exact decimals (at most 6 places).
fn amount_into(out: &mut String, a: &Amount) {
    out.push_str("{\"value\":");
    out.push_str(&a.value.to_decimal_string(6));
    out.push_str(",\"unit\":");
    if a.unit.is_empty() {
        out.push_str("null");
    } else {
        str_into(out, &a.unit);
    }
    out.push('}');
}

fn plain_into(out: &mut String, value: &str) {
    out.push_str("{\"value\":");
    out.push_str(value);
    out.push_str(",\"unit\":null}");
}

/// One finding as a one-line JSON object. Written by hand: a large run renders
/// hundreds of thousands of these.
pub fn finding(ctx: &Context<'_>, f: &Finding) -> String {
    let rule = ctx.rule(f);
    let ent = ctx.entity(f);
    let mut o = String::with_capacity(512);
    o.push_str("{\"rule\":");
    str_into(&mut o, ctx.rule_id(f.rule));
    o.push_str(",\"severity\":");
    str_into(&mut o, f.severity.name());
    o.push_str(",\"outcome\":");
    str_into(&mut o, f.outcome.name());
    if let Some(p) = f.progress {
        o.push_str(",\"status\":");
        str_into(
            &mut o,
            match p {
                crate::eval::Progress::Behind(_) => "behind",
                crate::eval::Progress::Overdue(_) => "overdue",
            },
        );
    }
    o.push_str(",\"message\":");
    str_into(&mut o, &ctx.one_line(f));
    o.push_str(",\"cite\":");
    str_into(&mut o, &rule.cite);
    o.push_str(",\"entity\":");
    str_into(&mut o, &ent.name);
    o.push_str(",\"record\":");
    str_into(&mut o, &f.record);
    // The record's county (or other place), so a report splits by region.
    o.push_str(",\"region\":");
    match &f.region {
        Some((_, name)) => str_into(&mut o, name),
        None => o.push_str("null"),
    }
    o.push_str(",\"location\":{\"path\":");
    str_into(&mut o, &ctx.location(f));
    o.push_str(&format!(",\"line\":{},\"column\":{}", f.line, f.column));
    if let Some(cell) = &f.cell_ref {
        o.push_str(",\"cell\":");
        str_into(&mut o, cell);
    }
    o.push('}');
    o.push_str(",\"values\":{");
    for (i, &slot) in rule.fields.iter().enumerate() {
        let field = &ent.fields[slot];
        if i > 0 {
            o.push(',');
        }
        str_into(&mut o, &field.name);
        o.push(':');
        match ctx.value(f, slot) {
            Some(Value::Num(q)) => match crate::lang::check::display_of(&field.ty) {
                Some((_, d)) => amount_into(&mut o, &amount(*q, &d)),
                None => plain_into(&mut o, &q.to_decimal_string(6)),
            },
            Some(Value::Reported(r)) => match crate::lang::check::display_of(&field.ty) {
                Some((_, d)) => amount_into(&mut o, &amount(r.value, &d)),
                None => plain_into(&mut o, &r.value.to_decimal_string(6)),
            },
            Some(Value::Missing) | None => plain_into(&mut o, "null"),
            Some(Value::Invalid(bad)) => {
                o.push_str("{\"value\":");
                str_into(&mut o, &bad.text);
                o.push_str(",\"unit\":null,\"invalid\":true}");
            }
            Some(Value::Text(t)) => {
                let mut v = String::new();
                str_into(&mut v, t);
                plain_into(&mut o, &v);
            }
            Some(Value::Enum(i)) => {
                let mut v = String::new();
                str_into(&mut v, &ctx.enum_label(&field.ty, *i));
                plain_into(&mut o, &v);
            }
            Some(Value::Bool(b)) => plain_into(&mut o, if *b { "true" } else { "false" }),
            Some(Value::Date(d)) => {
                let mut v = String::new();
                str_into(&mut v, &d.to_string());
                plain_into(&mut o, &v);
            }
            Some(Value::Shape(s)) => {
                let mut v = String::new();
                str_into(&mut v, &crate::spatial::describe(s, ctx.lang));
                plain_into(&mut o, &v);
            }
            Some(Value::List(items)) => {
                let mut v = String::from("[");
                for (k, it) in crate::data::list_items(items).enumerate() {
                    if k > 0 {
                        v.push(',');
                    }
                    str_into(&mut v, it);
                }
                v.push(']');
                plain_into(&mut o, &v);
            }
        }
    }
    o.push_str("},\"required\":");
    str_into(&mut o, &rule.required_text);
    o.push_str(",\"requirement\":");
    str_into(&mut o, &ctx.requirement(f));
    o.push_str(",\"required_value\":");
    match ctx.required_amount(f) {
        Some(a) => amount_into(&mut o, &a),
        None => o.push_str("null"),
    }
    o.push_str(",\"faults\":[");
    for (k, &s) in f.faults.iter().enumerate() {
        if k > 0 {
            o.push(',');
        }
        str_into(&mut o, &ctx.entity(f).fields[s].name);
    }
    o.push_str("],\"shortfall\":");
    match f
        .comparison
        .and_then(|c| c.shortfall.map(|q| amount(q, &c.display)))
    {
        Some(a) => amount_into(&mut o, &a),
        None => o.push_str("null"),
    }
    if let Some(w) = ctx.waiver(f) {
        o.push_str(",\"waived\":{\"reason\":");
        str_into(&mut o, &w.reason);
        o.push_str(",\"approver\":");
        str_into(&mut o, &w.approver);
        o.push_str(",\"document\":");
        str_into(&mut o, &w.document);
        o.push_str(&format!(
            ",\"expires\":\"{}\",\"location\":{{\"path\":",
            w.expires
        ));
        str_into(&mut o, ctx.waivers.map_or("", |ws| ws.path.as_str()));
        o.push_str(&format!(",\"line\":{}}}}}", w.line));
    }
    o.push('}');
    // Hundreds of thousands of these may wait for output: keep no spare capacity.
    o.shrink_to_fit();
    o
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
        writeln!(out, "  {}: {},", J::from(k), v)?;
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
