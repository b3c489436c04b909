//! The rule language: text → tokens → AST → checked, compiled [`RuleSet`].

mod agg;
pub mod ast;
pub mod check;
mod coverage;
mod defines;
mod entities;
pub(crate) mod error;
pub mod lexer;
mod limits;
mod param_override;
pub mod params;
pub mod parser;
mod rule;
pub mod span;
mod template;
mod test_cases;

pub use limits::{MAX_RULE_DEPTH, MAX_RULE_NODES};

use coverage::check_coverage_claims;
use rule::compile_rule;
use test_cases::test_record;

use crate::diag::suggest;
use crate::pack::{Pack, RuleFile, RuleSet, Test, TestCase, Text2};
use crate::schema::Schema;
use ast::{Bilingual, Expect, Item};
use check::date_literal;
use error::{LangError, Located};
use std::sync::Arc;

/// Compiles rule files into one rule set. Entities from every file are declared
/// first, so a pack may use entities declared in another file (`entities.rules`).
/// Returns every error found, each with the file it is in; [`crate::rules`] turns
/// them into diagnostics.
pub(crate) fn compile(files: &[(String, Arc<str>)]) -> Result<RuleSet, Vec<Located>> {
    compile_with(files, &[])
}

/// [`compile`], with packs' parameters overridden (`walk_radius` = `800m`).
pub(crate) fn compile_with(
    files: &[(String, Arc<str>)],
    params: &[params::Override],
) -> Result<RuleSet, Vec<Located>> {
    let mut errors = Vec::new();
    let mut parsed = Vec::new();
    for (i, (_, text)) in files.iter().enumerate() {
        let at = |error| Located {
            file: Some(i),
            error,
        };
        if text.len() > lexer::MAX_RULE_FILE {
            errors.push(at(LangError::FileTooLarge {
                max: lexer::MAX_RULE_FILE,
            }));
            continue;
        }
        match lexer::lex(text).and_then(|t| parser::parse(&t)) {
            Ok(f) => parsed.push((i, f)),
            Err(e) => errors.push(at(e)),
        }
    }
    let attach = |i: usize, error| Located {
        file: Some(i),
        error,
    };
    for (file, error) in params::apply(&mut parsed, params) {
        errors.push(Located { file, error });
    }

    // Entities first (declarations before extensions, whatever the file order).
    let mut schema = Schema::default();
    for extend in [false, true] {
        for (i, f) in &parsed {
            for item in &f.items {
                if let Item::Entity(e) = item
                    && e.extend == extend
                {
                    let mut errs = Vec::new();
                    entities::declare(&mut schema, e, &mut errs);
                    errors.extend(errs.into_iter().map(|d| attach(*i, d)));
                    // A table a city's or county's pack declares is that region's.
                    let region = f.items.iter().find_map(|it| match it {
                        Item::Pack(p) => p.region.as_ref(),
                        _ => None,
                    });
                    if !extend
                        && let Some(r) = region
                        && let Some(ent) =
                            schema.entities.iter_mut().find(|x| x.name == e.name.name)
                    {
                        ent.home = Some(r.text.clone());
                    }
                }
            }
        }
    }

    let mut undefined = Vec::new();
    for (i, d) in defines::expand(&mut parsed, &schema) {
        undefined.push(i);
        errors.push(attach(i, d));
    }

    let mut set = RuleSet {
        files: files
            .iter()
            .map(|(n, t)| RuleFile {
                name: n.clone(),
                text: t.clone(),
            })
            .collect(),
        ..RuleSet::default()
    };
    set.schema = schema;
    for (i, f) in parsed.iter().filter(|(i, _)| !undefined.contains(i)) {
        let mut errs = Vec::new();
        compile_file(&mut set, *i, f, &mut errs);
        errors.extend(errs.into_iter().map(|d| attach(*i, d)));
    }
    if errors.is_empty() {
        Ok(set)
    } else {
        Err(errors)
    }
}

fn text2(b: &Bilingual) -> Text2 {
    Text2 {
        zh: b.zh.text.clone(),
        en: b.en.text.clone(),
    }
}

fn compile_file(set: &mut RuleSet, file: usize, f: &ast::File, errors: &mut Vec<LangError>) {
    let packs: Vec<&ast::PackDecl> = f
        .items
        .iter()
        .filter_map(|i| if let Item::Pack(p) = i { Some(p) } else { None })
        .collect();
    let has_rules = f.items.iter().any(|i| {
        matches!(
            i,
            Item::Rule(_) | Item::Test(_) | Item::Unchecked(_) | Item::Partial(_)
        )
    });
    if packs.len() > 1 {
        errors.push(LangError::TwoPacks {
            span: packs[1].id.span,
        });
        return;
    }
    let Some(p) = packs.first() else {
        if let Some(span) = f.items.iter().find_map(|i| match i {
            Item::Rule(r) => Some(r.id.span),
            Item::Test(t) => Some(t.rule.span),
            _ => None,
        }) && has_rules
        {
            errors.push(LangError::NoPack { span });
        }
        return;
    };
    if set.packs.iter().any(|x| x.id == p.id.name) {
        errors.push(LangError::DuplicatePack {
            id: p.id.name.clone(),
            span: p.id.span,
        });
        return;
    }
    let issued = p.issued.as_ref().and_then(|d| {
        date_literal(&d.name, d.span)
            .map_err(|e| errors.push(e))
            .ok()
    });
    let pack_idx = set.packs.len();
    set.packs.push(Pack {
        id: p.id.name.clone(),
        title: p.title.as_ref().map(text2),
        source: p.source.as_ref().map(|s| s.text.clone()),
        region: p.region.as_ref().map(|s| s.text.clone()),
        issued,
        file,
    });
    let text = &set.files[file].text.clone();
    let first_rule = set.rules.len();
    for item in &f.items {
        let Item::Rule(r) = item else { continue };
        if let Some(prev) = set.rules[first_rule..].iter().find(|x| x.id == r.id.name) {
            errors.push(LangError::DuplicateRule {
                id: r.id.name.clone(),
                span: r.id.span,
                first: prev.span,
            });
            continue;
        }
        match compile_rule(set, pack_idx, file, r, text) {
            Ok(rule) => set.rules.push(rule),
            Err(d) => errors.push(d),
        }
    }
    for item in &f.items {
        if let Item::Unchecked(u) = item {
            set.unchecked.push(crate::pack::Unchecked {
                pack: pack_idx,
                id: u.id.text.clone(),
                cite: u.cite.as_ref().map(|c| c.text.clone()),
                reason: text2(&u.reason),
            });
        }
        if let Item::Partial(p) = item {
            set.partial.push(crate::pack::Partial {
                pack: pack_idx,
                id: p.id.text.clone(),
                cite: p.cite.as_ref().map(|c| c.text.clone()),
                missing: text2(&p.missing),
            });
        }
    }
    check_coverage_claims(f, errors);
    for item in &f.items {
        let Item::Test(t) = item else { continue };
        let Some(rule) = set.rules[first_rule..]
            .iter()
            .position(|x| x.id == t.rule.name)
            .map(|i| i + first_rule)
        else {
            let names = set.rules[first_rule..].iter().map(|r| r.id.as_str());
            errors.push(LangError::UnknownRule {
                name: t.rule.name.clone(),
                suggestion: suggest(&t.rule.name, names).map(str::to_string),
                span: t.rule.span,
            });
            continue;
        };
        let as_of = match &t.as_of {
            None => None,
            Some(e) => match &e.kind {
                ast::ExprKind::Date(d) => match check::date_literal(d, e.span) {
                    Ok(d) => Some(d),
                    Err(d) => {
                        errors.push(d);
                        None
                    }
                },
                _ => {
                    errors.push(LangError::AsOfNotDate { span: e.span });
                    None
                }
            },
        };
        let mut test = Test {
            rule,
            given: Vec::new(),
            cases: Vec::new(),
            file,
            as_of,
        };
        let own = set.rules[rule].entity;
        for case in &t.cases {
            match test_record(&set.schema, case, own) {
                Ok((ent, rec)) if case.expect == Expect::Given => test.given.push((ent, rec)),
                Ok((ent, record)) => {
                    if let Some(named) = case.entity.as_ref().filter(|_| ent != own) {
                        errors.push(LangError::TestWrongEntity {
                            want: set.schema.entities[own].name.clone(),
                            named: named.name.clone(),
                            span: named.span,
                        });
                        continue;
                    }
                    test.cases.push(TestCase {
                        expect: case.expect,
                        record,
                        span: case.span,
                    });
                }
                Err(d) => errors.push(d),
            }
        }
        set.tests.push(test);
    }
}
