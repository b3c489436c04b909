//! A pack's claims about which standards it covers, checked against each other
//! before `ylcheck rules --coverage` reports them as fact.

use super::ast::{self, Item};
use crate::diag::Diag;
use crate::i18n::{Lang, tr};

/// A pack's coverage claims must agree, since `ylcheck rules --coverage` reports them
/// as fact: a standard a rule claims is not also declared `unchecked`; a `partial`
/// standard is claimed by some rule of the pack and is not also `unchecked`.
pub(super) fn check_coverage_claims(f: &ast::File, lang: Lang, errors: &mut Vec<Diag>) {
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
                        format!("标准 `{}` 声明为 `partial`，但本规则包中没有规则检查它", p.id.text),
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
