//! The rule language: text → tokens → AST → checked, compiled [`RuleSet`].

mod agg;
pub mod ast;
pub mod check;
mod coverage;
mod defines;
mod entities;
pub mod lexer;
pub mod params;
pub mod parser;
mod rule;
pub mod span;
mod template;
mod test_cases;

pub use rule::{MAX_RULE_DEPTH, MAX_RULE_NODES};

use coverage::check_coverage_claims;
use rule::compile_rule;
use test_cases::test_record;

use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use crate::pack::{Pack, RuleFile, RuleSet, Test, TestCase, Text2};
use crate::schema::Schema;
use ast::{Bilingual, Expect, Item};
use check::date_literal;
use std::sync::Arc;

/// Compiles rule files into one rule set. Entities from every file are declared
/// first, so a pack may use entities declared in another file (`entities.rules`).
/// Returns every error found, each pointing into its file.
pub fn compile(files: &[(String, Arc<str>)], lang: Lang) -> Result<RuleSet, Vec<Diag>> {
    compile_with(files, lang, &[])
}

/// [`compile`], with packs' parameters overridden (`walk_radius` = `800m`).
pub fn compile_with(
    files: &[(String, Arc<str>)],
    lang: Lang,
    params: &[params::Override],
) -> Result<RuleSet, Vec<Diag>> {
    let mut errors = Vec::new();
    let mut parsed = Vec::new();
    for (i, (name, text)) in files.iter().enumerate() {
        let attach = |d: Diag| d.with_source(name, text.clone());
        if text.len() > lexer::MAX_RULE_FILE {
            errors.push(attach(Diag::error(
                "ylcheck::rules::too-large",
                tr(
                    lang,
                    format!("规则文件超过 {} MiB", lexer::MAX_RULE_FILE >> 20),
                    format!("rule file larger than {} MiB", lexer::MAX_RULE_FILE >> 20),
                ),
            )));
            continue;
        }
        match lexer::lex(text, lang).and_then(|t| parser::parse(&t, lang)) {
            Ok(f) => parsed.push((i, f)),
            Err(d) => errors.push(attach(d)),
        }
    }
    let attach = |i: usize, d: Diag| d.with_source(&files[i].0, files[i].1.clone());
    for (file, d) in params::apply(&mut parsed, params, lang) {
        errors.push(match file {
            Some(i) => attach(i, d),
            None => d,
        });
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
                    entities::declare(&mut schema, e, lang, &mut errs);
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
    for (i, d) in defines::expand(&mut parsed, &schema, lang) {
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
        compile_file(&mut set, *i, f, lang, &mut errs);
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

fn compile_file(set: &mut RuleSet, file: usize, f: &ast::File, lang: Lang, errors: &mut Vec<Diag>) {
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
        errors.push(
            Diag::error(
                "ylcheck::rules::duplicate",
                lang.pick(
                    "一个文件只能有一个 `pack`",
                    "a file holds at most one `pack`",
                ),
            )
            .with_label(
                packs[1].id.span,
                lang.pick("第二个 pack 声明", "second pack here"),
            ),
        );
        return;
    }
    let Some(p) = packs.first() else {
        if let Some(span) = f.items.iter().find_map(|i| match i {
            Item::Rule(r) => Some(r.id.span),
            Item::Test(t) => Some(t.rule.span),
            _ => None,
        }) && has_rules
        {
            {
                errors.push(
                    Diag::error(
                        "ylcheck::rules::no-pack",
                        lang.pick("规则文件没有 `pack` 声明", "rules outside a `pack`"),
                    )
                    .with_label(
                        span,
                        lang.pick("这条规则不属于任何规则包", "this rule belongs to no pack"),
                    )
                    .with_help(lang.pick(
                        "在文件开头写 `pack 名称 { source \"文号\" … }`",
                        "start the file with `pack NAME { source \"DOC NO.\" … }`",
                    )),
                );
            }
        }
        return;
    };
    if set.packs.iter().any(|x| x.id == p.id.name) {
        errors.push(
            Diag::error(
                "ylcheck::rules::duplicate",
                tr(
                    lang,
                    format!("pack `{}` 重复", p.id.name),
                    format!("pack `{}` is loaded twice", p.id.name),
                ),
            )
            .with_label(p.id.span, lang.pick("重复的规则包", "duplicate pack")),
        );
        return;
    }
    let issued = p.issued.as_ref().and_then(|d| {
        date_literal(&d.name, d.span, lang)
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
            errors.push(
                Diag::error(
                    "ylcheck::rules::duplicate",
                    tr(
                        lang,
                        format!("规则 `{}` 重复定义", r.id.name),
                        format!("rule `{}` is defined twice", r.id.name),
                    ),
                )
                .with_label(r.id.span, lang.pick("再次定义", "defined again here"))
                .with_label(prev.span, lang.pick("第一次定义", "first defined here"))
                .with_help(lang.pick(
                    "同一规则包内的规则编号必须唯一",
                    "rule ids must be unique within a pack",
                )),
            );
            continue;
        }
        match compile_rule(set, pack_idx, file, r, text, lang) {
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
    check_coverage_claims(f, lang, errors);
    for item in &f.items {
        let Item::Test(t) = item else { continue };
        let Some(rule) = set.rules[first_rule..]
            .iter()
            .position(|x| x.id == t.rule.name)
            .map(|i| i + first_rule)
        else {
            let names = set.rules[first_rule..].iter().map(|r| r.id.as_str());
            let d = Diag::error(
                "ylcheck::rules::unknown-rule",
                tr(
                    lang,
                    format!("测试的规则 `{}` 不存在", t.rule.name),
                    format!("test for unknown rule `{}`", t.rule.name),
                ),
            )
            .with_label(t.rule.span, lang.pick("未知规则", "unknown rule"));
            errors.push(d.did_you_mean(lang, &t.rule.name, names));
            continue;
        };
        let as_of = match &t.as_of {
            None => None,
            Some(e) => match &e.kind {
                ast::ExprKind::Date(d) => match check::date_literal(d, e.span, lang) {
                    Ok(d) => Some(d),
                    Err(d) => {
                        errors.push(d);
                        None
                    }
                },
                _ => {
                    errors.push(
                        Diag::error(
                            "ylcheck::rules::test",
                            lang.pick("`as_of` 后应为日期", "`as_of` takes a date"),
                        )
                        .with_label(e.span, lang.pick("不是日期", "not a date")),
                    );
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
            match test_record(&set.schema, case, own, lang) {
                Ok((ent, rec)) if case.expect == Expect::Given => test.given.push((ent, rec)),
                Ok((ent, record)) => {
                    if let Some(named) = case.entity.as_ref().filter(|_| ent != own) {
                        let want = &set.schema.entities[own].name;
                        errors.push(
                            Diag::error(
                                "ylcheck::rules::test",
                                tr(
                                    lang,
                                    format!("规则检查的是 `{want}`，测试记录却是 `{}`", named.name),
                                    format!(
                                        "the rule checks `{want}`, this record is a `{}`",
                                        named.name
                                    ),
                                ),
                            )
                            .with_label(named.span, lang.pick("实体不符", "wrong entity"))
                            .with_help(lang.pick(
                                "其他实体的记录用 `given` 提供",
                                "give records of other entities with `given`",
                            )),
                        );
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
