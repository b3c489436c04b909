//! Named constants of a pack (`param walk_radius = 1000 m`) and their overrides from
//! the command line (`--param walk_radius=800m`). A parameter is replaced by its
//! value in the pack's rules before they are checked, so the checker and the
//! evaluator see a plain number with its unit.

use super::ast::{Expr, ExprKind, File, Item};
use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use std::collections::HashMap;
use std::sync::Arc;

/// Substitutes every file's parameters into its rules, overrides applied. Errors
/// carry the index of the file they are in, or `None` for an override.
pub fn apply(
    parsed: &mut [(usize, File)],
    overrides: &[(String, String)],
    lang: Lang,
) -> Vec<(Option<usize>, Diag)> {
    let mut errors = Vec::new();
    let mut tables: Vec<HashMap<String, Expr>> = Vec::with_capacity(parsed.len());
    for (i, f) in parsed.iter() {
        let mut table = HashMap::new();
        for item in &f.items {
            let Item::Param(p) = item else { continue };
            if !matches!(p.value.kind, ExprKind::Num { .. }) {
                errors.push((
                    Some(*i),
                    Diag::error(
                        "ylcheck::rules::param",
                        tr(
                            lang,
                            format!("参数 `{}` 的值应是带单位的数", p.name.name),
                            format!("parameter `{}` must be a number with its unit", p.name.name),
                        ),
                    )
                    .with_label(p.value.span, lang.pick("不是数", "not a number")),
                ));
                continue;
            }
            table.insert(p.name.name.clone(), p.value.clone());
        }
        tables.push(table);
    }
    for (name, text) in overrides {
        let source = format!("param {name} = {text}");
        let attach = |d: Diag| (None, d.with_source("--param", Arc::from(source.as_str())));
        let value =
            match super::lexer::lex(&source, lang).and_then(|t| super::parser::parse(&t, lang)) {
                Ok(f) => f.items.into_iter().find_map(|i| match i {
                    Item::Param(p) if matches!(p.value.kind, ExprKind::Num { .. }) => Some(p.value),
                    _ => None,
                }),
                Err(d) => {
                    errors.push(attach(d));
                    continue;
                }
            };
        let Some(value) = value else {
            errors.push(attach(Diag::error(
                "ylcheck::param",
                tr(
                    lang,
                    format!("--param {name}={text}：值应是带单位的数，如 800m"),
                    format!(
                        "--param {name}={text}: the value must be a number with its unit, e.g. 800m"
                    ),
                ),
            )));
            continue;
        };
        let mut found = false;
        for table in tables.iter_mut() {
            let Some(declared) = table.get_mut(name) else {
                continue;
            };
            found = true;
            if dim_of(declared) != dim_of(&value) {
                errors.push(attach(Diag::error(
                    "ylcheck::param",
                    tr(
                        lang,
                        format!("--param {name}={text}：单位与规则包中声明的不同类"),
                        format!(
                            "--param {name}={text}: the unit is not of the kind the pack declares"
                        ),
                    ),
                )));
                break;
            }
            *declared = Expr {
                kind: value.kind.clone(),
                span: declared.span,
            };
        }
        if !found {
            let known: Vec<&str> = tables
                .iter()
                .flat_map(|t| t.keys().map(String::as_str))
                .collect();
            errors.push(attach(
                Diag::error(
                    "ylcheck::param",
                    tr(
                        lang,
                        format!("没有规则包声明参数 `{name}`"),
                        format!("no rule pack declares a parameter `{name}`"),
                    ),
                )
                .with_help(tr(
                    lang,
                    format!("可用的参数：{}", known.join("、")),
                    format!("parameters: {}", known.join(", ")),
                )),
            ));
        }
    }
    for ((_, f), table) in parsed.iter_mut().zip(&tables) {
        if table.is_empty() {
            continue;
        }
        for item in &mut f.items {
            if let Item::Rule(r) = item {
                if let Some(e) = &mut r.filter {
                    substitute(e, table);
                }
                substitute(&mut r.require, table);
            }
        }
    }
    errors
}

fn dim_of(e: &Expr) -> Option<crate::units::Dim> {
    match &e.kind {
        ExprKind::Num { unit: Some(u), .. } => crate::units::lookup(&u.name).map(|u| u.dim),
        ExprKind::Num { unit: None, .. } => Some(crate::units::Dim::NUMBER),
        _ => None,
    }
}

fn substitute(e: &mut Expr, table: &HashMap<String, Expr>) {
    let each = |xs: &mut Vec<Expr>| xs.iter_mut().for_each(|x| substitute(x, table));
    match &mut e.kind {
        ExprKind::Name(n) => {
            if let Some(v) = table.get(n.as_str()) {
                e.kind = v.kind.clone();
            }
        }
        ExprKind::Neg(a) | ExprKind::Not(a) | ExprKind::Agrees(_, a) | ExprKind::Matches(a, _) => {
            substitute(a, table)
        }
        ExprKind::Binary(_, a, b) => {
            substitute(a, table);
            substitute(b, table);
        }
        ExprKind::If(a, b, c) => {
            substitute(a, table);
            substitute(b, table);
            substitute(c, table);
        }
        ExprKind::In(a, xs) => {
            substitute(a, table);
            each(xs);
        }
        ExprKind::Contains { list, items, .. } => {
            substitute(list, table);
            each(items);
        }
        ExprKind::Agg { body, filter, .. } => {
            if let Some(b) = body {
                substitute(b, table);
            }
            if let Some(f) = filter {
                substitute(f, table);
            }
        }
        ExprKind::Spatial(_, xs) | ExprKind::List(xs) => each(xs),
        ExprKind::Num { .. }
        | ExprKind::Str(_)
        | ExprKind::Date(_)
        | ExprKind::Bool(_)
        | ExprKind::AsOf
        | ExprKind::Unknown
        | ExprKind::SelfField(_)
        | ExprKind::Present(_) => {}
    }
}
