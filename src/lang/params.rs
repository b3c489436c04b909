//! Named constants of a pack (`param walk_radius = 1000 m`) and their overrides from
//! the command line (`--param walk_radius=800m`) or the project's settings
//! (`[params]`). A parameter is replaced by its value in the pack's rules before
//! they are checked, so the checker and the evaluator see a plain number with its
//! unit.

use super::ast::{Expr, ExprKind, File, Item};
use super::error::LangError;
pub use super::param_override::Override;
use std::collections::HashMap;

impl Override {
    /// `--param NAME=VALUE`.
    pub(crate) fn flag(p: &str) -> Result<Override, LangError> {
        match p.split_once('=') {
            Some((k, v)) => Ok(Override {
                name: k.trim().to_string(),
                value: v.trim().to_string(),
                from: None,
            }),
            None => Err(LangError::ParamFlag {
                text: p.to_string(),
            }),
        }
    }
}

/// Substitutes every file's parameters into its rules, overrides applied. Errors
/// carry the index of the file they are in, or `None` for an override.
pub(crate) fn apply(
    parsed: &mut [(usize, File)],
    overrides: &[Override],
) -> Vec<(Option<usize>, LangError)> {
    let mut errors = Vec::new();
    let mut tables: Vec<HashMap<String, Expr>> = Vec::with_capacity(parsed.len());
    for (i, f) in parsed.iter() {
        let mut table = HashMap::new();
        for item in &f.items {
            let Item::Param(p) = item else { continue };
            if !matches!(p.value.kind, ExprKind::Num { .. }) {
                errors.push((
                    Some(*i),
                    LangError::ParamNotNumber {
                        name: p.name.name.clone(),
                        span: p.value.span,
                    },
                ));
                continue;
            }
            table.insert(p.name.name.clone(), p.value.clone());
        }
        tables.push(table);
    }
    for o in overrides {
        let name = &o.name;
        let source = super::param_override::flag_source(o);
        let value = match super::lexer::lex(&source).and_then(|t| super::parser::parse(&t)) {
            Ok(f) => f.items.into_iter().find_map(|i| match i {
                Item::Param(p) if matches!(p.value.kind, ExprKind::Num { .. }) => Some(p.value),
                _ => None,
            }),
            // The lexer's or parser's labels point into the flag as written.
            Err(e) if o.from.is_none() => {
                errors.push((
                    None,
                    LangError::OverrideSyntax {
                        given: o.clone(),
                        error: Box::new(e),
                    },
                ));
                continue;
            }
            Err(_) => None,
        };
        let Some(value) = value else {
            errors.push((None, LangError::OverrideNotNumber { given: o.clone() }));
            continue;
        };
        let mut found = false;
        for table in tables.iter_mut() {
            let Some(declared) = table.get_mut(name) else {
                continue;
            };
            found = true;
            let (want, got) = (dim_of(declared), dim_of(&value));
            if want != got {
                errors.push((
                    None,
                    LangError::OverrideDimension {
                        given: o.clone(),
                        want,
                        got,
                    },
                ));
                break;
            }
            if is_percent(declared) != is_percent(&value) {
                errors.push((
                    None,
                    LangError::OverridePercent {
                        given: o.clone(),
                        want_percent: is_percent(declared),
                    },
                ));
                break;
            }
            *declared = Expr {
                kind: value.kind.clone(),
                span: declared.span,
            };
        }
        if !found {
            // Sorted: the tables are hash maps, and the help must read the same every run.
            let mut known: Vec<&str> = tables
                .iter()
                .flat_map(|t| t.keys().map(String::as_str))
                .collect();
            known.sort_unstable();
            known.dedup();
            errors.push((
                None,
                LangError::OverrideUnknown {
                    given: o.clone(),
                    known: known.into_iter().map(str::to_string).collect(),
                },
            ));
        }
    }
    for ((_, f), table) in parsed.iter_mut().zip(&tables) {
        if table.is_empty() {
            continue;
        }
        for item in &mut f.items {
            // A definition may name a parameter; it is written out into rules later.
            if let Item::Define(d) = item {
                substitute(&mut d.value, table);
            }
            if let Item::Rule(r) = item {
                if let Some(e) = &mut r.filter {
                    substitute(e, table);
                }
                // A `let` may name a parameter too, so a message can show it.
                for (_, e) in &mut r.lets {
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

/// Whether a parameter's value is written in percent: `10` for a declared `5%`
/// is not taken as 1000 %.
fn is_percent(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Num { unit: Some(u), .. }
        if crate::units::lookup(&u.name).is_some_and(|u| u.symbol == "%"))
}

fn substitute(e: &mut Expr, table: &HashMap<String, Expr>) {
    if let ExprKind::Name(n) = &e.kind
        && let Some(v) = table.get(n.as_str())
    {
        e.kind = v.kind.clone();
        return;
    }
    e.each_child_mut(&mut |c| substitute(c, table));
}
