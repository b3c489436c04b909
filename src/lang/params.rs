//! Named constants of a pack (`param walk_radius = 1000 m`) and their overrides from
//! the command line (`--param walk_radius=800m`) or the project's settings
//! (`[params]`). A parameter is replaced by its value in the pack's rules before
//! they are checked, so the checker and the evaluator see a plain number with its
//! unit.

use super::ast::{Expr, ExprKind, File, Item};
use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use std::collections::HashMap;
use std::sync::Arc;

/// A parameter's value given outside the packs. It remembers where it was given,
/// so an error about it points there: at the flag, or at the value in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub name: String,
    pub value: String,
    /// The settings file's name and text and the value's span (offset, length);
    /// `None` for `--param`.
    pub from: Option<(String, Arc<str>, (usize, usize))>,
}

impl Override {
    /// `--param NAME=VALUE`.
    pub fn flag(p: &str, lang: Lang) -> Result<Override, Diag> {
        match p.split_once('=') {
            Some((k, v)) => Ok(Override {
                name: k.trim().to_string(),
                value: v.trim().to_string(),
                from: None,
            }),
            None => Err(Diag::error(
                "ylcheck::param",
                tr(
                    lang,
                    format!("--param {p}：应写成 名称=值，如 walk_radius=800m"),
                    format!("--param {p}: write NAME=VALUE, e.g. walk_radius=800m"),
                ),
            )),
        }
    }
}

/// Substitutes every file's parameters into its rules, overrides applied. Errors
/// carry the index of the file they are in, or `None` for an override.
pub fn apply(
    parsed: &mut [(usize, File)],
    overrides: &[Override],
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
    for o in overrides {
        let (name, text) = (&o.name, &o.value);
        let source = format!("param {name} = {text}");
        let shown = match o.from {
            None => format!("--param {name}={text}"),
            Some(_) => format!("params.{name} = {text}"),
        };
        // A flag is shown as the declaration it stands for; a value from the
        // settings file is labelled where it is written.
        let attach = |d: Diag, label: &str| match &o.from {
            None => (None, d.with_source("--param", Arc::from(source.as_str()))),
            Some((path, file, span)) => (
                None,
                d.with_source(path, file.clone()).with_label(*span, label),
            ),
        };
        let not_a_number = || {
            attach(
                Diag::error(
                    "ylcheck::param",
                    tr(
                        lang,
                        format!("{shown}：值应是带单位的数，如 800m"),
                        format!("{shown}: the value must be a number with its unit, e.g. 800m"),
                    ),
                ),
                lang.pick("不是带单位的数", "not a number with its unit"),
            )
        };
        let value =
            match super::lexer::lex(&source, lang).and_then(|t| super::parser::parse(&t, lang)) {
                Ok(f) => f.items.into_iter().find_map(|i| match i {
                    Item::Param(p) if matches!(p.value.kind, ExprKind::Num { .. }) => Some(p.value),
                    _ => None,
                }),
                // The lexer's or parser's labels point into the flag as written.
                Err(d) if o.from.is_none() => {
                    errors.push(attach(d, ""));
                    continue;
                }
                Err(_) => None,
            };
        let Some(value) = value else {
            errors.push(not_a_number());
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
                let zh = lang == Lang::Zh;
                let describe = |d: Option<crate::units::Dim>| {
                    d.map_or_else(|| "?".to_string(), |d| d.describe(zh))
                };
                errors.push(attach(
                    Diag::error(
                        "ylcheck::param",
                        tr(
                            lang,
                            format!(
                                "{shown}：规则包声明的 `{name}` 是{}，这里给的是{}",
                                describe(want),
                                describe(got)
                            ),
                            format!(
                                "{shown}: the packs declare `{name}` as {}, not {}",
                                describe(want),
                                describe(got)
                            ),
                        ),
                    ),
                    lang.pick("单位不同类", "a unit of another kind"),
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
                lang.pick("未声明的参数", "not a parameter of any pack"),
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

fn substitute(e: &mut Expr, table: &HashMap<String, Expr>) {
    if let ExprKind::Name(n) = &e.kind
        && let Some(v) = table.get(n.as_str())
    {
        e.kind = v.kind.clone();
        return;
    }
    e.each_child_mut(&mut |c| substitute(c, table));
}
