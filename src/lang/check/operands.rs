//! Number literals with their units, and operands brought to a common type:
//! a constant read against the field it is compared with, types that must agree,
//! and the diagnostic for dimensions that do not.

use super::{CResult, Ty, TypeChecker, bare_digits, plain};
use crate::diag::suggest;
use crate::lang::ast::{self, BinOp, Expr};
use crate::lang::error::{LangError, Operand, Sides};
use crate::lang::span::Span;
use crate::num::Q;
use crate::pack::{Const, Display, Node};
use crate::region::{Named, Unresolved};
use crate::schema::FieldType;
use crate::units::{self, Dim};

impl<'a> TypeChecker<'a> {
    pub(super) fn number(
        &mut self,
        span: Span,
        digits: &str,
        unit: Option<&ast::Ident>,
    ) -> CResult {
        let Some(q) = Q::parse_decimal(digits) else {
            return Err(LangError::NumberTooLong {
                digits: digits.to_string(),
                span,
            });
        };
        let Some(u) = unit else {
            return Ok((
                Node::Const(Const::Num(q)),
                Ty::Num {
                    dim: Dim::NUMBER,
                    display: plain(Dim::NUMBER),
                },
            ));
        };
        let Some(unit_def) = units::lookup(&u.name) else {
            return Err(LangError::UnknownUnit {
                unit: u.name.clone(),
                suggestion: suggest(&u.name, units::all_spellings()).map(str::to_string),
                span: u.span,
            });
        };
        let Some(v) = unit_def.to_base(q) else {
            return Err(LangError::NumberTooLarge { span });
        };
        // A percentage or per-mille threshold is printed the way it was written.
        let display = if unit_def.dim.is_number() {
            Display {
                unit: Some(unit_def),
                symbol: "",
            }
        } else {
            plain(unit_def.dim)
        };
        Ok((
            Node::Const(Const::Num(v)),
            Ty::Num {
                dim: unit_def.dim,
                display,
            },
        ))
    }

    /// Resolves `node` (of type `ty`) against the type it is compared with: a bare
    /// word or a string becomes the enum value it names.
    pub(super) fn against(
        &self,
        node: Node,
        ty: &Ty,
        other: &Ty,
        e: &Expr,
    ) -> Result<Node, LangError> {
        let node = if *other == Ty::Place {
            self.place_const(node, e)?
        } else {
            node
        };
        if let Ty::Enum(ent, slot) = other {
            let text = match (&node, ty) {
                (Node::Const(Const::Text(s)), Ty::Unresolved(_) | Ty::Text) => Some(s.to_string()),
                _ => None,
            };
            if let Some(text) = text {
                let field = &self.schema.entities[*ent].fields[*slot];
                return match field.ty.variant(&text) {
                    Some(i) => Ok(Node::Const(Const::Enum(i))),
                    None => {
                        let FieldType::Enum(vs) = &field.ty else {
                            return Ok(node);
                        };
                        let names = vs.iter().flat_map(|v| {
                            std::iter::once(v.name.as_str())
                                .chain(v.labels.iter().map(String::as_str))
                        });
                        Err(LangError::NotAValue {
                            suggestion: suggest(&text, names).map(str::to_string),
                            text,
                            field: field.name.clone(),
                            values: vs.iter().map(|v| v.name.clone()).collect(),
                            span: e.span,
                        })
                    }
                };
            }
        }
        self.unresolved(ty, e)?;
        self.same(ty, other, e.span, Sides::Comparison)?;
        Ok(node)
    }

    /// A constant compared with a place field, as the place's full name: data
    /// cells are stored so, and a pack may write the short name (`淮阳区`) as its
    /// document does. Canonicalised here rather than refused, so a pack reads like
    /// its document; a name that is no single place of the gazetteer is refused,
    /// since it could never equal a place cell.
    fn place_const(&self, node: Node, e: &Expr) -> Result<Node, LangError> {
        let Node::Const(Const::Text(s)) = &node else {
            return Ok(node);
        };
        let Some((gaz, ix)) = crate::region::shipped_index() else {
            return Ok(node);
        };
        match ix.named(s) {
            Named::Place(g) => Ok(Node::Const(Const::Text(
                ix.groups.get(g).map_or(s.as_ref(), String::as_str).into(),
            ))),
            Named::Other => Ok(node),
            Named::Shared(_) | Named::Unknown => Err(match gaz.resolve(s) {
                Err(Unresolved::Ambiguous(all)) => LangError::AmbiguousPlace {
                    name: s.to_string(),
                    all: all.iter().map(|a| a.to_string()).collect(),
                    span: e.span,
                },
                Err(Unresolved::Unknown(near)) => LangError::UnknownPlace {
                    name: s.to_string(),
                    near: near.first().map(|n| n.to_string()),
                    span: e.span,
                },
                Ok(_) => return Ok(node),
            }),
        }
    }

    /// Requires two types to agree, explaining dimension mismatches.
    pub(super) fn same(&self, a: &Ty, b: &Ty, span: Span, sides: Sides) -> Result<Ty, LangError> {
        let ok = match (a, b) {
            (Ty::Num { dim: x, .. }, Ty::Num { dim: y, .. }) => x == y,
            (Ty::Enum(e1, s1), Ty::Enum(e2, s2)) => {
                (e1, s1) == (e2, s2)
                    || self.schema.entities[*e1].fields[*s1].ty
                        == self.schema.entities[*e2].fields[*s2].ty
            }
            // A place is text that compares as a place: `street == self.parent`.
            (Ty::Text | Ty::Place, Ty::Text | Ty::Place) => true,
            (x, y) => x == y,
        };
        if ok {
            return Ok(a.clone());
        }
        Err(LangError::Mismatch {
            sides,
            a: self.describe(a),
            b: self.describe(b),
            span,
        })
    }

    /// Both operands labelled with their dimension, and a hint at the likely fix.
    pub(super) fn dimension_mismatch(
        &self,
        op: BinOp,
        (l, dl): (&Expr, Dim),
        (r, dr): (&Expr, Dim),
    ) -> LangError {
        LangError::DimensionMismatch {
            op: op.symbol(),
            left: Operand {
                span: l.span,
                dim: dl,
                bare: bare_digits(l),
            },
            right: Operand {
                span: r.span,
                dim: dr,
                bare: bare_digits(r),
            },
        }
    }
}
