//! `--format json`: one object, as fixed by the output contract in DESIGN.md.
//! Each finding is one line, so the document is written as findings arrive in
//! order and a consumer can also read it line by line.

use super::{Amount, Context, Totals, amount};
use crate::data::Value;
use crate::eval::{Finding, Outcome};
use serde_json::{Map, Value as J, json};

fn number(a: &Amount) -> J {
    if a.value.is_integer()
        && let Ok(i) = i64::try_from(a.value.numer())
    {
        return J::from(i);
    }
    a.value
        .to_decimal_string(6)
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or(J::Null, J::Number)
}

fn amount_json(a: &Amount) -> J {
    json!({ "value": number(a), "unit": if a.unit.is_empty() { J::Null } else { J::from(a.unit.clone()) } })
}

/// One finding as a one-line JSON object.
pub fn finding(ctx: &Context<'_>, f: &Finding) -> String {
    let rule = ctx.rule(f);
    let ent = ctx.entity(f);
    let lang = ctx.lang;
    let mut values = Map::new();
    for &slot in &rule.fields {
        let field = &ent.fields[slot];
        let v = match ctx.value(f, slot) {
            Some(Value::Num(q)) => match crate::lang::check::display_of(&field.ty) {
                Some((_, d)) => amount_json(&amount(*q, &d)),
                None => json!({ "value": q.to_decimal_string(6), "unit": J::Null }),
            },
            Some(Value::Missing) | None => json!({ "value": J::Null, "unit": J::Null }),
            Some(Value::Invalid(bad)) => {
                json!({ "value": bad.text.to_string(), "unit": J::Null, "invalid": true })
            }
            Some(Value::Text(t)) => json!({ "value": t, "unit": J::Null }),
            Some(Value::Enum(i)) => {
                json!({ "value": ctx.enum_label(&field.ty, *i), "unit": J::Null })
            }
            Some(Value::Bool(b)) => json!({ "value": b, "unit": J::Null }),
            Some(Value::Date(d)) => json!({ "value": d.to_string(), "unit": J::Null }),
            Some(Value::List(items)) => {
                json!({ "value": crate::data::list_items(items).collect::<Vec<_>>(), "unit": J::Null })
            }
        };
        values.insert(field.name.clone(), v);
    }
    let message = match f.outcome {
        Outcome::Unknown => format!(
            "{}{}{}",
            rule.title.get(lang),
            lang.pick("：", ": "),
            ctx.unknown_reason(f)
        ),
        _ => ctx.message(f),
    };
    let shortfall = f
        .comparison
        .and_then(|c| c.shortfall.map(|q| amount_json(&amount(q, &c.display))));
    json!({
        "rule": ctx.rule_id(f.rule),
        "severity": rule.severity.name(),
        "outcome": f.outcome.name(),
        "message": message,
        "cite": rule.cite,
        "entity": ent.name,
        "record": f.record,
        "location": { "path": ctx.path(f), "line": f.line, "column": f.column },
        "values": values,
        "required": rule.required_text,
        "shortfall": shortfall,
    })
    .to_string()
}

/// The whole document around the rendered findings (given in output order).
pub fn document(ctx: &Context<'_>, totals: &Totals, findings: &[String], out: &mut String) {
    let set = ctx.set;
    let lang = ctx.lang;
    let packs: Vec<J> = set
        .packs
        .iter()
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
    let head = [
        (
            "tool",
            json!({ "name": "ylcheck", "version": env!("CARGO_PKG_VERSION") }),
        ),
        ("as_of", J::from(ctx.as_of.to_string())),
        ("packs", J::from(packs)),
        ("inputs", J::from(inputs)),
        (
            "summary",
            json!({
                "records": s.records, "checks": s.checks, "passed": s.passed, "failed": s.failed,
                "unknown": s.unknown, "errors": s.errors, "warnings": s.warnings,
            }),
        ),
        ("not_checked", J::from(not_checked)),
    ];
    out.push_str("{\n");
    for (k, v) in head {
        out.push_str(&format!("  {}: {},\n", J::from(k), v));
    }
    out.push_str("  \"findings\": [");
    for (i, f) in findings.iter().enumerate() {
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(f);
    }
    out.push_str(if findings.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    });
}
