//! Named expressions of a pack (`define county_row = …`), written out where they
//! are used before the rules are checked. A definition means what it would mean
//! written in place: inside an aggregate its fields are those of the record in hand
//! and `self.` the checked record, so one predicate serves every rule and every
//! aggregate that needs it.
//!
//! Writing out is counted: definitions that each use the one before twice would
//! otherwise grow as 2^n (as `let`s once did), so a rule whose definitions write out
//! past [`MAX_EXPANDED`] nodes is an error at the use that passes it.

use super::ast::{Expr, ExprKind, File, Ident, Item};
use super::error::LangError;
use crate::schema::{FieldType, Schema};
use std::collections::HashMap;

/// Syntax nodes a rule may hold once its definitions are written out.
pub const MAX_EXPANDED: usize = super::limits::MAX_RULE_NODES;

fn size(e: &mut Expr) -> usize {
    let mut n = 1;
    e.each_child_mut(&mut |c| n += size(c));
    n
}

/// One file's definitions: as written, then written out (`None` while in progress,
/// which is how a definition using itself is found).
struct Table<'f> {
    written: HashMap<&'f str, &'f Expr>,
    done: HashMap<String, Option<(Expr, usize)>>,
}

/// What writing out an expression ran into.
enum Stop {
    Cycle(String),
    TooLarge,
}

impl Table<'_> {
    /// The definition `name` written out, and its size; `None` if `name` is not one.
    fn get(&mut self, name: &str) -> Option<Result<(Expr, usize), Stop>> {
        if let Some(d) = self.done.get(name) {
            return Some(match d {
                Some(x) => Ok(x.clone()),
                None => Err(Stop::Cycle(name.to_string())),
            });
        }
        let mut e = (*self.written.get(name)?).clone();
        self.done.insert(name.to_string(), None);
        let mut budget = MAX_EXPANDED;
        let r = self.write_out(&mut e, &mut budget).map(|()| {
            let n = size(&mut e);
            (e, n)
        });
        match &r {
            Ok(x) => self.done.insert(name.to_string(), Some(x.clone())),
            // Not a cycle: found again, it is tried again (and fails alike).
            Err(_) => self.done.remove(name),
        };
        Some(r)
    }

    /// Replaces every definition's name in `e` by its expression, spending `budget`.
    fn write_out(&mut self, e: &mut Expr, budget: &mut usize) -> Result<(), Stop> {
        if let ExprKind::Name(n) = &e.kind
            && let Some(d) = self.get(&n.clone())
        {
            let (x, n) = d?;
            *budget = budget.checked_sub(n).ok_or(Stop::TooLarge)?;
            // The use's own span, so an error about the whole points at the use; a
            // text keeps its own, so an error inside a pattern points into it.
            let span = match x.kind {
                ExprKind::Str(_) => x.span,
                _ => e.span,
            };
            *e = Expr { kind: x.kind, span };
            return Ok(());
        }
        let mut stop = None;
        e.each_child_mut(&mut |c| {
            if stop.is_none()
                && let Err(s) = self.write_out(c, budget)
            {
                stop = Some(s);
            }
        });
        stop.map_or(Ok(()), Err)
    }
}

/// Whether `name` is a field or an enum value of some entity: a definition of that
/// name would change what existing rules mean.
fn taken(schema: &Schema, name: &str) -> bool {
    schema.entities.iter().any(|ent| {
        ent.fields.iter().any(|f| {
            f.name == name || matches!(&f.ty, FieldType::Enum(_) if f.ty.variant(name).is_some())
        })
    })
}

/// Writes every file's definitions into its rules. Errors carry the file's index; a
/// file with one is not compiled further (its rules would only repeat the error as
/// unknown fields).
pub(crate) fn expand(parsed: &mut [(usize, File)], schema: &Schema) -> Vec<(usize, LangError)> {
    let mut errors = Vec::new();
    for (file, f) in parsed.iter_mut() {
        let defs: Vec<(Ident, Expr)> = f
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Define(d) => Some((d.name.clone(), d.value.clone())),
                _ => None,
            })
            .collect();
        if defs.is_empty() {
            continue;
        }
        let mut table = Table {
            written: HashMap::new(),
            done: HashMap::new(),
        };
        let mut ok = true;
        for (name, value) in &defs {
            if taken(schema, &name.name) {
                ok = false;
                errors.push((
                    *file,
                    LangError::DefineTaken {
                        name: name.name.clone(),
                        span: name.span,
                    },
                ));
            } else if table.written.insert(&name.name, value).is_some() {
                ok = false;
                errors.push((
                    *file,
                    LangError::DefinedTwice {
                        name: name.name.clone(),
                        span: name.span,
                    },
                ));
            }
        }
        // Each definition written out on its own, so one that uses itself or grows
        // too large is reported where it is declared: the first, as those after it
        // that use it fail alike.
        for (name, _) in &defs {
            if let Some(Err(stop)) = table.get(&name.name) {
                ok = false;
                errors.push((*file, stop_error(stop, name.span)));
                break;
            }
        }
        if !ok {
            continue;
        }
        for item in &mut f.items {
            let Item::Rule(r) = item else { continue };
            // A `let` of the definition's name would be silently replaced by it.
            if let Some((name, _)) = r
                .lets
                .iter()
                .find(|(n, _)| table.written.contains_key(n.name.as_str()))
            {
                errors.push((
                    *file,
                    LangError::LetIsDefine {
                        name: name.name.clone(),
                        span: name.span,
                    },
                ));
                continue;
            }
            let mut budget = MAX_EXPANDED;
            let mut exprs: Vec<&mut Expr> = r.filter.iter_mut().collect();
            exprs.extend(r.lets.iter_mut().map(|(_, e)| e));
            exprs.push(&mut r.require);
            for e in exprs {
                let span = e.span;
                if let Err(stop) = table.write_out(e, &mut budget) {
                    errors.push((*file, stop_error(stop, span)));
                    break;
                }
            }
        }
    }
    errors
}

fn stop_error(stop: Stop, span: super::span::Span) -> LangError {
    match stop {
        Stop::Cycle(name) => LangError::DefineCycle { name, span },
        Stop::TooLarge => LangError::DefineTooLarge { span },
    }
}
