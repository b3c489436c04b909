//! One `rule` declaration compiled to a [`Rule`], and the size limits of the
//! result: how many nodes, how deep, and which entities it always needs.

use super::ast::{self, Bilingual, Expr};
use super::check;
use super::check::{TypeChecker, date_literal};
use super::error::LangError;
use super::limits::{MAX_RULE_DEPTH, MAX_RULE_NODES};
use super::span::Span;
use super::template::template;
use super::text2;
use crate::diag::suggest;
use crate::pack::{Node, Rule, RuleSet, Severity};
use crate::schema::EntityId;

pub(super) fn compile_rule(
    set: &mut RuleSet,
    pack: usize,
    file: usize,
    r: &ast::RuleDecl,
    text: &str,
) -> Result<Rule, LangError> {
    let Some(entity) = set.schema.entity(&r.entity.name) else {
        let names = set.schema.entities.iter().map(|e| e.name.as_str());
        return Err(LangError::UnknownEntity {
            name: r.entity.name.clone(),
            suggestion: suggest(&r.entity.name, names).map(str::to_string),
            span: r.entity.span,
        });
    };
    let severity = match r.severity.as_ref().map(|s| s.name.as_str()) {
        None | Some("error") => Severity::Error,
        Some("warning") => Severity::Warning,
        Some("info") => Severity::Info,
        Some(other) => {
            let span = r.severity.as_ref().map_or(r.span, |s| s.span);
            return Err(LangError::UnknownSeverity {
                name: other.to_string(),
                span,
            });
        }
    };
    let Some(title) = r.title.as_ref() else {
        return Err(LangError::NoTitle {
            rule: r.id.name.clone(),
            span: r.id.span,
        });
    };
    let Some(cite) = r.cite.as_ref() else {
        return Err(LangError::NoCite {
            rule: r.id.name.clone(),
            span: r.id.span,
        });
    };
    // A rule without `from` is in force from its document's date: data as of
    // before the document was issued is not judged by it.
    let from = r
        .from
        .as_ref()
        .map(|d| date_literal(&d.name, d.span))
        .transpose()?
        .or_else(|| set.packs.get(pack).and_then(|p| p.issued));
    let until = r
        .until
        .as_ref()
        .map(|d| date_literal(&d.name, d.span))
        .transpose()?;
    let due = r
        .due
        .as_ref()
        .map(|d| date_literal(&d.name, d.span))
        .transpose()?;
    let mut aggregates = set.aggregates;
    let mut ck = TypeChecker::new(&set.schema, entity, &mut aggregates);
    let mut lets = Vec::with_capacity(r.lets.len());
    let mut size = Size::default();
    for (name, e) in &r.lets {
        let (node, ty) = ck.define(name, e)?;
        let depth = size.add(&node, e.span)?;
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
        size.add(n, f.span)?;
    }
    // Fields the filter reads are not the ones a finding reports.
    ck.fields.clear();
    let mut require = ck.condition(&r.require)?;
    strict_presence(&mut require);
    size.add(&require, r.require.span)?;
    let fields = std::mem::take(&mut ck.fields);
    let why = std::mem::take(&mut ck.reasons);
    drop(ck);
    let mut needs = Vec::new();
    let mut seen = Vec::new();
    for n in filter.iter().chain(std::iter::once(&require)) {
        always_needed(n, &mut needs, &mut seen);
    }
    needs.retain(|&e| e != entity);
    set.aggregates = aggregates;
    share_display(&require, &mut lets);
    let both = |b: &Option<Bilingual>| {
        b.as_ref()
            .map(|m| {
                Ok::<_, LangError>((
                    template(&set.schema, entity, &lets, &m.zh)?,
                    template(&set.schema, entity, &lets, &m.en)?,
                ))
            })
            .transpose()
    };
    let message = both(&r.message)?;
    let requirement = both(&r.requirement)?;
    let reasons = why
        .into_iter()
        .map(|b| both(&Some(b)).map(|t| t.unwrap_or_default()))
        .collect::<Result<Vec<_>, _>>()?;
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
        reasons,
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

/// A `let` of a plain number compared with a percentage or per-mille threshold
/// (`share >= 55%`, in the requirement or in a later `let`) is shown in that
/// unit: a share reads `53.33%`, as its threshold does, not `0.53`.
/// Marks the `present` tests the requirement itself makes (through `and`, `or` and
/// `not`, not inside an `if` or an aggregate): those ask whether a field is filled
/// in readably, so an unreadable cell answers no (`require present(category)`:
/// 敬老院 is not one of the four). Elsewhere `present` is a guard.
fn strict_presence(n: &mut Node) {
    match n {
        Node::Present { strict, .. } => *strict = true,
        Node::And(xs) | Node::Or(xs) => xs.iter_mut().for_each(strict_presence),
        Node::Not(x) => strict_presence(x),
        _ => {}
    }
}

fn share_display(require: &Node, lets: &mut [crate::pack::Let]) {
    fn walk(n: &Node, found: &mut Vec<(usize, crate::pack::Display)>, seen: &mut Vec<usize>) {
        if let Node::Let(i, l) = n {
            if !seen.contains(i) {
                seen.push(*i);
                walk(l, found, seen);
            }
            return;
        }
        if let Node::Cmp(_, a, b, d) = n
            && d.unit.is_some_and(|u| u.dim.is_number())
        {
            for side in [a, b] {
                if let Node::Let(i, _) = &**side {
                    found.push((*i, *d));
                }
            }
        }
        n.each_child(&mut |c| walk(c, found, seen));
    }
    let mut found = Vec::new();
    let mut seen = Vec::new();
    walk(require, &mut found, &mut seen);
    for (i, d) in found {
        if let Some(l) = lets.get_mut(i)
            && l.display
                .is_some_and(|p| p.unit.is_none() && p.symbol.is_empty())
        {
            l.display = Some(d);
        }
    }
}

/// The running size of a rule as it compiles, and the depth of each of its lets.
#[derive(Default)]
struct Size {
    nodes: usize,
    lets: Vec<usize>,
}

impl Size {
    /// Adds the expression written at `span`, refusing the rule past a limit;
    /// returns the expression's depth.
    fn add(&mut self, n: &crate::pack::Node, span: Span) -> Result<usize, LangError> {
        self.nodes = self.nodes.saturating_add(n.size());
        let depth = n.depth(&self.lets);
        if self.nodes > MAX_RULE_NODES {
            return Err(LangError::RuleTooLarge { span });
        }
        if depth > MAX_RULE_DEPTH {
            return Err(LangError::RuleTooDeep { span });
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
