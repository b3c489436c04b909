//! A pack's claims about which standards it covers, checked against each other
//! before `ylcheck rules --coverage` reports them as fact.

use super::ast::{self, Item};
use super::error::LangError;

/// A pack's coverage claims must agree, since `ylcheck rules --coverage` reports them
/// as fact: a standard a rule claims is not also declared `unchecked`; a `partial`
/// standard is claimed by some rule of the pack and is not also `unchecked`.
pub(super) fn check_coverage_claims(f: &ast::File, errors: &mut Vec<LangError>) {
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
            errors.push(LangError::ClaimedAndUnchecked {
                id: u.id.text.clone(),
                claim: claim.span,
                unchecked: u.id.span,
            });
        }
    }
    for item in &f.items {
        let Item::Partial(p) = item else { continue };
        if let Some(u) = unchecked.iter().find(|u| u.id.text == p.id.text) {
            errors.push(LangError::PartialAndUnchecked {
                id: p.id.text.clone(),
                partial: p.id.span,
                unchecked: u.id.span,
            });
        } else if !claims.iter().any(|c| c.text == p.id.text) {
            errors.push(LangError::PartialUnclaimed {
                id: p.id.text.clone(),
                span: p.id.span,
            });
        }
    }
}
