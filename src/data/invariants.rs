//! The `check`s of an entity, applied to each record as it is read, before any rule.
//!
//! A record that contradicts itself (70 nursing beds out of 60 beds) has no figure a
//! rule can trust: were the cells taken at their word, a share of 117 % would pass a
//! 55 % minimum. So both sides of a failed check become unreadable cells, every rule
//! reading them is unknown, and the record gets an input diagnostic at its cell.

use super::ctx::Ctx;
use super::{Invalid, Problem, Record, Value, View};
use crate::data::error::{DataError, Named};
use crate::num::Q;
use crate::schema::{Entity, Invariant, Operand};

/// A cell's number, if it holds one.
fn num(v: Option<&Value<'_>>) -> Option<Q> {
    match v? {
        Value::Num(q) => Some(q.q()),
        Value::Reported(r) => Some(r.value),
        _ => None,
    }
}

/// A value as its column reads it: in the unit a bare number there is in (`101%`
/// for a share, not `1.01`), with every decimal it has.
fn shown(q: Q, ty: Option<&crate::schema::FieldType>) -> String {
    match ty {
        Some(crate::schema::FieldType::Quantity { unit: Some(u), .. })
            if let Some(v) = u.from_base(q) =>
        {
            crate::units::with_symbol(&v.to_shown_decimal(40, 6), u.symbol)
        }
        _ => q.to_shown_decimal(40, 6),
    }
}

/// Whether `rec` fails `inv`: both sides readable and the comparison false. A side
/// that is blank or unreadable is judged by the rules that read it, not here.
fn fails(inv: &Invariant, rec: &Record<'_>) -> bool {
    let Some(a) = num(rec.values.get(inv.left)) else {
        return false;
    };
    let b = match &inv.right {
        Operand::Field(s) => num(rec.values.get(*s)),
        Operand::Const(q) => Some(*q),
    };
    b.is_some_and(|b| !inv.op.holds(a, b))
}

/// The checks of `ent` that `rec` fails, by index. When there are any, `out` holds
/// a copy of `rec` whose cells on either side of them are unreadable.
pub fn vet<'t>(ent: &Entity, rec: &Record<'t>, out: &mut Record<'t>) -> Vec<usize> {
    if ent.checks.is_empty() {
        return Vec::new();
    }
    let failed: Vec<usize> = (0..ent.checks.len())
        .filter(|&i| fails(&ent.checks[i], rec))
        .collect();
    if failed.is_empty() {
        return failed;
    }
    out.values.copy_from(&rec.values);
    out.pos = rec.pos;
    for &i in &failed {
        let inv = &ent.checks[i];
        let mut slots = vec![inv.left];
        if let Operand::Field(s) = inv.right {
            slots.push(s);
        }
        for s in slots {
            let Some(cell) = out.values.get_mut(s) else {
                continue;
            };
            let Some(q) = num(rec.values.get(s)) else {
                continue;
            };
            *cell = Value::Invalid(Box::new(Invalid {
                text: shown(q, ent.fields.get(s).map(|f| &f.ty)).into(),
                problem: Problem::Contradicts {
                    zh: inv.zh.as_str().into(),
                    en: inv.en.as_str().into(),
                    bound: matches!(inv.right, Operand::Const(_)),
                },
            }));
        }
    }
    failed
}

/// The input diagnostic of a failed check, at the record's cell of its left side.
pub(crate) fn diag(
    ent: &Entity,
    inv: &Invariant,
    rec: &Record<'_>,
    ctx: &Ctx<'_>,
    view: &View<'_>,
) -> DataError {
    let loc = view.locate(rec, Some(inv.left));
    let field = |s: usize| ent.fields.get(s).map(Named::field);
    let rule = |name: &dyn Fn(&Named) -> String| {
        let name = |s: usize| field(s).map_or(String::new(), |f| name(&f));
        let right = match &inv.right {
            Operand::Field(s) => name(*s),
            Operand::Const(q) => shown(*q, ent.fields.get(inv.left).map(|f| &f.ty)),
        };
        format!("{} {} {right}", name(inv.left), inv.op.symbol())
    };
    DataError::Invariant {
        at: ctx.at((loc.offset, loc.len)),
        line: rec.pos.line,
        zh: inv.zh.clone(),
        en: inv.en.clone(),
        rule_zh: rule(&|f| f.zh().to_string()),
        rule_en: rule(&|f| f.name.clone()),
        bound: matches!(inv.right, Operand::Const(_)),
    }
}
