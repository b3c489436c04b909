//! `--format json`: one object, as fixed by the output contract in DESIGN.md.

use super::{Amount, Context, amount};
use crate::data::Value;
use crate::eval::Outcome;
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

pub fn render(ctx: &Context<'_>) -> String {
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
    let inputs: Vec<J> = ctx
        .data
        .inputs
        .iter()
        .map(|i| json!({ "path": i.path, "entity": set.schema.entities[i.entity].name, "records": i.records }))
        .collect();
    let s = &ctx.out.summary;
    let not_checked: Vec<J> = ctx
        .out
        .not_checked
        .iter()
        .map(|(r, why)| json!({ "rule": ctx.rule_id(*r), "reason": ctx.not_checked_reason(why) }))
        .collect();
    let findings: Vec<J> = ctx
        .findings()
        .map(|f| {
            let rule = ctx.rule(f);
            let (ent, rec) = (ctx.entity(f), ctx.record(f));
            let loc = ctx.loc(f);
            let mut values = Map::new();
            for &slot in &rule.fields {
                let field = &ent.fields[slot];
                let v = match rec.values.get(slot) {
                    Some(Value::Num(q)) => match crate::lang::check::display_of(&field.ty) {
                        Some((_, d)) => amount_json(&amount(*q, &d)),
                        None => json!({ "value": q.to_decimal_string(6), "unit": J::Null }),
                    },
                    Some(Value::Missing) | None => json!({ "value": J::Null, "unit": J::Null }),
                    Some(Value::Invalid(bad)) => json!({ "value": bad.text.to_string(), "unit": J::Null, "invalid": true }),
                    Some(Value::Text(t)) => json!({ "value": t.to_string(), "unit": J::Null }),
                    Some(Value::Enum(i)) => json!({ "value": ctx.enum_label(&field.ty, *i), "unit": J::Null }),
                    Some(Value::Bool(b)) => json!({ "value": b, "unit": J::Null }),
                    Some(Value::Date(d)) => json!({ "value": d.to_string(), "unit": J::Null }),
                    Some(Value::List(items)) => json!({ "value": crate::data::list_items(items).collect::<Vec<_>>(), "unit": J::Null }),
                };
                values.insert(field.name.clone(), v);
            }
            let message = match f.outcome {
                Outcome::Unknown => format!("{}{}{}", rule.title.get(lang), lang.pick("：", ": "), ctx.unknown_reason(f)),
                _ => ctx.message(f),
            };
            json!({
                "rule": ctx.rule_id(f.rule),
                "severity": rule.severity.name(),
                "outcome": f.outcome.name(),
                "message": message,
                "cite": rule.cite,
                "entity": ent.name,
                "record": ctx.record_name(f),
                "location": { "path": ctx.path(f), "line": loc.line, "column": loc.column },
                "values": values,
                "required": rule.required_text,
                "shortfall": f.comparison.and_then(|c| c.shortfall).zip(f.comparison).map(|(q, c)| amount_json(&amount(q, &c.display))),
            })
        })
        .collect();
    let doc = json!({
        "tool": { "name": "ylcheck", "version": env!("CARGO_PKG_VERSION") },
        "as_of": ctx.as_of.to_string(),
        "packs": packs,
        "inputs": inputs,
        "summary": {
            "records": s.records, "checks": s.checks, "passed": s.passed, "failed": s.failed,
            "unknown": s.unknown, "errors": s.errors, "warnings": s.warnings,
        },
        "not_checked": not_checked,
        "findings": findings,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
