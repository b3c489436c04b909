//! The rule language: text → tokens → AST → checked, compiled [`RuleSet`].

mod agg;
pub mod ast;
pub mod check;
mod defines;
mod entities;
pub mod lexer;
pub mod params;
pub mod parser;
pub mod span;

use crate::data::{Pos, Record, Value};
use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use crate::pack::{Pack, Rule, RuleFile, RuleSet, Seg, Severity, Test, TestCase, Text2};
use crate::schema::{EntityId, FieldType, Schema};
use ast::{Bilingual, Expect, Expr, ExprKind, Item};
use check::{Checker, parse_date};
use span::Span;
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
                lang.pick("第二个 pack", "second pack here"),
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
                        lang.pick("这条规则不属于任何 pack", "this rule belongs to no pack"),
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
            .with_label(p.id.span, lang.pick("重复的 pack", "duplicate pack")),
        );
        return;
    }
    let issued = p.issued.as_ref().and_then(|d| {
        parse_date(&d.name, d.span, lang)
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
                    "同一 pack 内的规则编号必须唯一",
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
                ast::ExprKind::Date(d) => match check::parse_date(d, e.span, lang) {
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

/// A pack's coverage claims must agree, since `ylcheck rules --coverage` reports them
/// as fact: a standard a rule claims is not also declared `unchecked`; a `partial`
/// standard is claimed by some rule of the pack and is not also `unchecked`.
fn check_coverage_claims(f: &ast::File, lang: Lang, errors: &mut Vec<Diag>) {
    let claims: Vec<&ast::Str> = f
        .items
        .iter()
        .filter_map(|i| if let Item::Rule(r) = i { Some(r) } else { None })
        .flat_map(|r| r.standards.iter())
        .collect();
    let unchecked: Vec<&ast::UncheckedDecl> = f
        .items
        .iter()
        .filter_map(|i| {
            if let Item::Unchecked(u) = i {
                Some(u)
            } else {
                None
            }
        })
        .collect();
    for u in &unchecked {
        if let Some(claim) = claims.iter().find(|c| c.text == u.id.text) {
            errors.push(
                Diag::error(
                    "ylcheck::rules::standard-conflict",
                    tr(
                        lang,
                        format!("标准 `{}` 既由规则检查，又声明为 `unchecked`", u.id.text),
                        format!(
                            "standard `{}` is claimed by a rule and also declared `unchecked`",
                            u.id.text
                        ),
                    ),
                )
                .with_label(claim.span, lang.pick("规则声明检查它", "a rule claims it here"))
                .with_label(u.id.span, lang.pick("又声明为无法检查", "declared unchecked here"))
                .with_help(lang.pick(
                    "规则只检查其中一部分时改用 `partial` 说明未检查的部分；否则删去 `unchecked` 或规则的 `standard`",
                    "if the rules check only part of it, use `partial` to say what is left; otherwise remove the `unchecked` block or the rule's `standard`",
                )),
            );
        }
    }
    for item in &f.items {
        let Item::Partial(p) = item else { continue };
        if let Some(u) = unchecked.iter().find(|u| u.id.text == p.id.text) {
            errors.push(
                Diag::error(
                    "ylcheck::rules::standard-conflict",
                    tr(
                        lang,
                        format!(
                            "标准 `{}` 既声明为 `partial`，又声明为 `unchecked`",
                            p.id.text
                        ),
                        format!(
                            "standard `{}` is declared both `partial` and `unchecked`",
                            p.id.text
                        ),
                    ),
                )
                .with_label(p.id.span, lang.pick("部分检查", "partly checked here"))
                .with_label(
                    u.id.span,
                    lang.pick("又声明为无法检查", "declared unchecked here"),
                )
                .with_help(lang.pick(
                    "一条标准要么部分检查，要么无法检查：删去其中一个声明",
                    "a standard is either partly checked or not checkable: remove one of the two",
                )),
            );
        } else if !claims.iter().any(|c| c.text == p.id.text) {
            errors.push(
                Diag::error(
                    "ylcheck::rules::standard-unclaimed",
                    tr(
                        lang,
                        format!("标准 `{}` 声明为 `partial`，但本 pack 没有规则检查它", p.id.text),
                        format!(
                            "standard `{}` is declared `partial`, but no rule of this pack claims it",
                            p.id.text
                        ),
                    ),
                )
                .with_label(p.id.span, lang.pick("没有规则的 `standard` 写这个编号", "no rule's `standard` names this id"))
                .with_help(lang.pick(
                    "在检查它的规则中写 `standard \"编号\"`，或改用 `unchecked` 说明无法检查的原因",
                    "name it in the checking rule's `standard`, or declare it `unchecked` with the reason",
                )),
            );
        }
    }
}

fn compile_rule(
    set: &mut RuleSet,
    pack: usize,
    file: usize,
    r: &ast::RuleDecl,
    text: &str,
    lang: Lang,
) -> Result<Rule, Diag> {
    let Some(entity) = set.schema.entity(&r.entity.name) else {
        let names = set.schema.entities.iter().map(|e| e.name.as_str());
        let d = Diag::error(
            "ylcheck::rules::unknown-entity",
            tr(
                lang,
                format!("未知实体 `{}`", r.entity.name),
                format!("unknown entity `{}`", r.entity.name),
            ),
        )
        .with_label(r.entity.span, lang.pick("未知实体", "unknown entity"));
        return Err(d.did_you_mean(lang, &r.entity.name, names));
    };
    let severity = match r.severity.as_ref().map(|s| s.name.as_str()) {
        None | Some("error") => Severity::Error,
        Some("warning") => Severity::Warning,
        Some("info") => Severity::Info,
        Some(other) => {
            let span = r.severity.as_ref().map_or(r.span, |s| s.span);
            return Err(Diag::error(
                "ylcheck::rules::severity",
                tr(
                    lang,
                    format!("未知严重级别 `{other}`"),
                    format!("unknown severity `{other}`"),
                ),
            )
            .with_label(span, lang.pick("这里", "here"))
            .with_help(lang.pick("可用：error、warning、info", "use error, warning or info")));
        }
    };
    let Some(title) = r.title.as_ref() else {
        return Err(Diag::error(
            "ylcheck::rules::syntax",
            tr(
                lang,
                format!("规则 `{}` 缺少 `title`", r.id.name),
                format!("rule `{}` has no `title`", r.id.name),
            ),
        )
        .with_label(r.id.span, lang.pick("这条规则", "this rule"))
        .with_help(lang.pick(
            "每条规则都要有中英文标题：title zh \"…\" en \"…\"",
            "every rule needs a title in both languages: title zh \"…\" en \"…\"",
        )));
    };
    let Some(cite) = r.cite.as_ref() else {
        return Err(Diag::error(
            "ylcheck::rules::no-cite",
            tr(
                lang,
                format!("规则 `{}` 没有引用条款", r.id.name),
                format!("rule `{}` cites no clause", r.id.name),
            ),
        )
        .with_label(r.id.span, lang.pick("这条规则", "this rule"))
        .with_help(lang.pick(
            "用 `cite \"文号 条款\"` 写明依据",
            "say which clause requires it with `cite \"DOC NO. CLAUSE\"`",
        )));
    };
    // A rule without `from` is in force from its document's date: data as of
    // before the document was issued is not judged by it.
    let from = r
        .from
        .as_ref()
        .map(|d| parse_date(&d.name, d.span, lang))
        .transpose()?
        .or_else(|| set.packs.get(pack).and_then(|p| p.issued));
    let until = r
        .until
        .as_ref()
        .map(|d| parse_date(&d.name, d.span, lang))
        .transpose()?;
    let due = r
        .due
        .as_ref()
        .map(|d| parse_date(&d.name, d.span, lang))
        .transpose()?;
    let mut aggregates = set.aggregates;
    let mut ck = Checker::new(&set.schema, lang, entity, &mut aggregates);
    let mut lets = Vec::with_capacity(r.lets.len());
    let mut size = Size::default();
    for (name, e) in &r.lets {
        let (node, ty) = ck.define(name, e)?;
        let depth = size.add(&node, e.span, lang)?;
        size.lets.push(depth);
        lets.push(crate::pack::Let {
            name: name.name.clone(),
            text: text
                .get(e.span.range())
                .unwrap_or("")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            node,
            display: match ty {
                check::Ty::Num { display, .. } => Some(display),
                _ => None,
            },
        });
    }
    let filter = r.filter.as_ref().map(|f| ck.condition(f)).transpose()?;
    if let (Some(n), Some(f)) = (&filter, &r.filter) {
        size.add(n, f.span, lang)?;
    }
    // Fields the filter reads are not the ones a finding reports.
    ck.fields.clear();
    let require = ck.condition(&r.require)?;
    size.add(&require, r.require.span, lang)?;
    let fields = std::mem::take(&mut ck.fields);
    drop(ck);
    let mut needs = Vec::new();
    let mut seen = Vec::new();
    for n in filter.iter().chain(std::iter::once(&require)) {
        always_needed(n, &mut needs, &mut seen);
    }
    needs.retain(|&e| e != entity);
    set.aggregates = aggregates;
    let both = |b: &Option<Bilingual>| {
        b.as_ref()
            .map(|m| {
                Ok::<_, Diag>((
                    template(&set.schema, entity, &lets, &m.zh, lang)?,
                    template(&set.schema, entity, &lets, &m.en, lang)?,
                ))
            })
            .transpose()
    };
    let message = both(&r.message)?;
    let requirement = both(&r.requirement)?;
    let src = |e: &Expr| {
        text.get(e.span.range())
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    Ok(Rule {
        pack,
        id: r.id.name.clone(),
        title: text2(title),
        message,
        requirement,
        note: r.note.as_ref().map(text2),
        cite: cite.text.clone(),
        standards: r.standards.iter().map(|s| s.text.clone()).collect(),
        severity,
        entity,
        filter,
        require,
        from,
        until,
        due,
        lets,
        required_text: src(&r.require),
        filter_text: r.filter.as_ref().map(src),
        fields,
        needs,
        file,
        span: r.span,
    })
}

/// Most nodes a rule may compile to, its lets counted once each. Rules in the
/// shipped packs have at most a few hundred; the cap keeps a hostile pack from
/// making every record's evaluation arbitrarily costly.
pub const MAX_RULE_NODES: usize = 20_000;

/// Deepest a rule's expression may be, counted through the lets it uses: the
/// evaluator recurses that deep, and a long chain of lets (each a few levels, none
/// past the parser's limit) must not exhaust the stack.
pub const MAX_RULE_DEPTH: usize = 256;

/// The running size of a rule as it compiles, and the depth of each of its lets.
#[derive(Default)]
struct Size {
    nodes: usize,
    lets: Vec<usize>,
}

impl Size {
    /// Adds the expression written at `span`, refusing the rule past a limit;
    /// returns the expression's depth.
    fn add(&mut self, n: &crate::pack::Node, span: Span, lang: Lang) -> Result<usize, Diag> {
        self.nodes = self.nodes.saturating_add(n.size());
        let depth = n.depth(&self.lets);
        if self.nodes > MAX_RULE_NODES {
            return Err(Diag::error(
                "ylcheck::rules::too-large",
                tr(
                    lang,
                    format!("规则编译后超过 {MAX_RULE_NODES} 个节点"),
                    format!("the rule compiles to more than {MAX_RULE_NODES} nodes"),
                ),
            )
            .with_label(span, lang.pick("到这里超出", "past the limit here"))
            .with_help(lang.pick(
                "把规则拆成几条，或用 let 命名重复的部分",
                "split the rule, or name repeated parts with `let`",
            )));
        }
        if depth > MAX_RULE_DEPTH {
            return Err(Diag::error(
                "ylcheck::rules::too-deep",
                tr(
                    lang,
                    format!("表达式连同所用的 let 嵌套超过 {MAX_RULE_DEPTH} 层"),
                    format!(
                        "the expression, with the lets it uses, is nested deeper than {MAX_RULE_DEPTH} levels"
                    ),
                ),
            )
            .with_label(span, lang.pick("嵌套太深", "too deep here"))
            .with_help(lang.pick(
                "缩短 let 的链条，或把规则拆成几条",
                "shorten the chain of lets, or split the rule",
            )));
        }
        Ok(depth)
    }
}

/// The entities an expression's aggregates read whatever the record: a rule without
/// input for one of them is not run at all. An aggregate inside a branch of `if`
/// (`if present(x) then x else sum(…)`) is needed only sometimes; without its input it
/// is `unknown` for the records that reach it, and the rule still runs for the others.
/// A let is entered once (`seen`): its entities are already in `out` the next time.
fn always_needed(n: &crate::pack::Node, out: &mut Vec<EntityId>, seen: &mut Vec<usize>) {
    use crate::pack::Node;
    match n {
        Node::If(c, _, _) => always_needed(c, out, seen),
        Node::Let(i, l) => {
            if !seen.contains(i) {
                seen.push(*i);
                always_needed(l, out, seen);
            }
        }
        Node::Agg(a) => {
            if !out.contains(&a.entity) {
                out.push(a.entity);
            }
            for x in a.inner() {
                always_needed(x, out, seen);
            }
            n.each_child(&mut |c| always_needed(c, out, seen));
        }
        _ => n.each_child(&mut |c| always_needed(c, out, seen)),
    }
}

/// Splits `"{name} 的面积 {floor_area}"` into literal and field pieces.
fn template(
    schema: &Schema,
    entity: EntityId,
    lets: &[crate::pack::Let],
    s: &ast::Str,
    lang: Lang,
) -> Result<Vec<Seg>, Diag> {
    let mut segs = Vec::new();
    let mut rest = s.text.as_str();
    let mut offset = 0;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            break;
        };
        if open > 0 {
            segs.push(Seg::Lit(rest[..open].to_string()));
        }
        let name = rest[open + 1..close].trim();
        let ent = &schema.entities[entity];
        let local = lets.iter().position(|l| l.name == name);
        match (ent.field(name), local) {
            (Some(slot), _) => segs.push(Seg::Field(slot)),
            (None, Some(i)) => segs.push(Seg::Let(i)),
            // Names the record's fields and lets do not take.
            (None, None) if name == "required" => segs.push(Seg::Required),
            (None, None) if name == "faults" => segs.push(Seg::Faults),
            (None, None) => {
                let at = s.span.start as usize + 1 + offset + open;
                let d = Diag::error(
                    "ylcheck::rules::unknown-field",
                    tr(
                        lang,
                        format!("消息中的字段 `{name}` 不存在于 `{}`", ent.name),
                        format!("message names unknown field `{name}` of `{}`", ent.name),
                    ),
                )
                .with_label(
                    Span::new(at, at + close - open + 1),
                    lang.pick("未知字段", "unknown field"),
                );
                let names = ent
                    .fields
                    .iter()
                    .map(|f| f.name.as_str())
                    .chain(lets.iter().map(|l| l.name.as_str()))
                    .chain(["required", "faults"]);
                return Err(match check::suggest(name, names) {
                    Some(x) => d.with_help(tr(
                        lang,
                        format!("是不是 `{{{x}}}`？"),
                        format!("did you mean `{{{x}}}`?"),
                    )),
                    None => d,
                });
            }
        }
        offset += close + 1;
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segs.push(Seg::Lit(rest.to_string()));
    }
    Ok(segs)
}

/// Builds a record from a test case's `field = value` pairs.
fn test_record(
    schema: &Schema,
    case: &ast::TestCase,
    own: EntityId,
    lang: Lang,
) -> Result<(EntityId, Record<'static>), Diag> {
    let Some(named) = &case.entity else {
        return test_fields(schema, case, own, lang).map(|r| (own, r));
    };
    let Some(ent_id) = schema.entity(&named.name) else {
        let names = schema.entities.iter().map(|e| e.name.as_str());
        let d = Diag::error(
            "ylcheck::rules::unknown-entity",
            tr(
                lang,
                format!("未知实体 `{}`", named.name),
                format!("unknown entity `{}`", named.name),
            ),
        )
        .with_label(named.span, lang.pick("未知实体", "unknown entity"));
        return Err(d.did_you_mean(lang, &named.name, names));
    };
    test_fields(schema, case, ent_id, lang).map(|r| (ent_id, r))
}

/// A test case's `field = value` pairs as a record of entity `ent_id`.
fn test_fields(
    schema: &Schema,
    case: &ast::TestCase,
    ent_id: EntityId,
    lang: Lang,
) -> Result<Record<'static>, Diag> {
    let ent = &schema.entities[ent_id];
    let mut values = vec![Value::Missing; ent.fields.len()];
    for (name, expr) in &case.fields {
        let Some(slot) = ent.field(&name.name) else {
            let names = ent.fields.iter().map(|f| f.name.as_str());
            let d = Diag::error(
                "ylcheck::rules::unknown-field",
                tr(
                    lang,
                    format!("实体 `{}` 没有字段 `{}`", ent.name, name.name),
                    format!("entity `{}` has no field `{}`", ent.name, name.name),
                ),
            )
            .with_label(name.span, lang.pick("未知字段", "unknown field"));
            return Err(d.did_you_mean(lang, &name.name, names));
        };
        values[slot] = literal_value(schema, ent_id, slot, expr, lang)?;
    }
    Ok(Record {
        values,
        pos: Pos {
            source: u32::MAX,
            row: 0,
            line: 0,
            offset: case.span.start,
        },
    })
}

/// A test value: a literal of the field's type, or text read as a data cell would be.
fn literal_value(
    schema: &Schema,
    ent: EntityId,
    slot: usize,
    e: &Expr,
    lang: Lang,
) -> Result<Value<'static>, Diag> {
    let field = &schema.entities[ent].fields[slot];
    let bad = || {
        Diag::error("ylcheck::rules::test", tr(lang, format!("`{}` 的测试值类型不符", field.name), format!("test value does not fit `{}`", field.name)))
            .with_label(e.span, lang.pick("这个值", "this value"))
            .with_help(lang.pick("写成该字段的字面量，如 2000 m2、\"文本\"、true、2022-12-31、[\"全托\"]，或按表格单元格写成文本", "write a literal of the field's type, e.g. 2000 m2, \"text\", true, 2022-12-31, [\"全托\"], or text as a spreadsheet cell would hold it"))
    };
    let v = match (&e.kind, &field.ty) {
        (ExprKind::Str(s), FieldType::Text) => Value::Text(s.as_str().into()),
        // As a data cell is read: the place's full name, or invalid when it names
        // no single place.
        (ExprKind::Str(s), FieldType::Place) => match crate::region::shipped_index() {
            Some((_, ix)) => crate::region::canonical(ix, s, None).into_owned(),
            None => Value::Text(s.as_str().into()),
        },
        (ExprKind::Str(s), ty) => crate::data::cell::parse_cell(s, ty),
        (ExprKind::Name(n), ty @ FieldType::Enum(_)) => match ty.variant(n) {
            Some(i) => Value::Enum(i),
            None => {
                return Err(bad().with_help(tr(
                    lang,
                    format!("`{n}` 不是 `{}` 的取值", field.name),
                    format!("`{n}` is not a value of `{}`", field.name),
                )));
            }
        },
        (ExprKind::Bool(b), FieldType::Bool) => Value::Bool(*b),
        (ExprKind::Date(d), FieldType::Date) => Value::Date(parse_date(d, e.span, lang)?),
        (ExprKind::List(items), FieldType::List) => {
            let mut out: Vec<&str> = Vec::new();
            for it in items {
                let ExprKind::Str(s) = &it.kind else {
                    return Err(bad());
                };
                out.push(s.as_str());
            }
            Value::List(out.join("、").into())
        }
        // A reported figure keeps the precision it is written at, as in a cell.
        (ExprKind::Num { digits, unit }, ty @ FieldType::Quantity { reported: true, .. }) => {
            let text = format!("{digits}{}", unit.as_ref().map_or("", |u| u.name.as_str()));
            crate::data::cell::parse_cell(&text, ty).into_owned()
        }
        (ExprKind::Num { digits, unit }, FieldType::Quantity { dim, unit: fu, .. }) => {
            let q = crate::num::Q::parse_decimal(digits).ok_or_else(bad)?;
            let u = match unit {
                Some(u) => Some(
                    crate::units::lookup(&u.name)
                        .filter(|d| d.dim == *dim)
                        .ok_or_else(|| {
                            bad().with_help(tr(
                                lang,
                                format!("`{}` 需要{}的单位", field.name, dim.describe(true)),
                                format!("`{}` needs a unit of {}", field.name, dim.describe(false)),
                            ))
                        })?,
                ),
                None => *fu,
            };
            Value::Num(match u {
                Some(u) => u.to_base(q).ok_or_else(bad)?,
                None => q,
            })
        }
        _ => return Err(bad()),
    };
    Ok(v.into_owned())
}
