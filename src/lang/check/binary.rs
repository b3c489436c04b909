//! Binary operators: logic, comparisons and arithmetic, with the units each
//! side must have and the unit of the result.

use super::{CResult, Ty, TypeChecker, plain};
use crate::lang::ast::{BinOp, Expr, ExprKind};
use crate::lang::error::{LangError, Sides};
use crate::lang::span::Span;
use crate::pack::{Arith, Cmp, Display, Node};
use crate::units::Dim;

impl<'a> TypeChecker<'a> {
    /// `test`, a comparison of the enum `value` (of type `ty`) with the values
    /// `consts`, made unknown for a record whose value may be one of them without
    /// being one (`maybe [...]`): `kind == street_center` of a 养老服务场所 row.
    pub(super) fn vague_values(&self, value: Node, ty: &Ty, consts: &[u16], test: Node) -> Node {
        use crate::pack::Const;
        let Ty::Enum(e, s) = ty else {
            return test;
        };
        let crate::schema::FieldType::Enum(vs) = &self.schema.entities[*e].fields[*s].ty else {
            return test;
        };
        let vague: Vec<Node> = (0..vs.len())
            .filter_map(|w| u16::try_from(w).ok())
            .filter(|w| {
                !consts.contains(w)
                    && vs
                        .get(usize::from(*w))
                        .is_some_and(|v| v.maybe.iter().any(|m| consts.contains(m)))
            })
            .map(|w| Node::Const(Const::Enum(w)))
            .collect();
        if vague.is_empty() {
            return test;
        }
        let slot = match &value {
            Node::Field(s) | Node::Outer(s) => Some(*s),
            _ => None,
        };
        Node::If(
            Box::new(Node::In(Box::new(value), vague.into())),
            Box::new(Node::Vague(slot)),
            Box::new(test),
        )
    }

    /// The values of the enum of type `ty` that are not among `consts` but may
    /// only be values among them (`maybe [...]` all in `consts`).
    pub(super) fn covered_values(&self, ty: &Ty, consts: &[u16]) -> Vec<u16> {
        let Ty::Enum(e, s) = ty else {
            return Vec::new();
        };
        let crate::schema::FieldType::Enum(vs) = &self.schema.entities[*e].fields[*s].ty else {
            return Vec::new();
        };
        (0..vs.len())
            .filter_map(|w| u16::try_from(w).ok())
            .filter(|w| {
                !consts.contains(w)
                    && vs.get(usize::from(*w)).is_some_and(|v| {
                        !v.maybe.is_empty() && v.maybe.iter().all(|m| consts.contains(m))
                    })
            })
            .collect()
    }

    pub(super) fn binary(&mut self, op: BinOp, l: &Expr, r: &Expr, span: Span) -> CResult {
        if matches!(op, BinOp::And | BinOp::Or) {
            let a = self.condition(l)?;
            let b = self.condition(r)?;
            let mut parts = Vec::new();
            for n in [a, b] {
                match (op, n) {
                    (BinOp::And, Node::And(xs)) | (BinOp::Or, Node::Or(xs)) => {
                        parts.extend(xs.into_vec())
                    }
                    (_, n) => parts.push(n),
                }
            }
            let node = if op == BinOp::And {
                Node::And(parts.into())
            } else {
                Node::Or(parts.into())
            };
            return Ok((node, Ty::Bool));
        }
        // Check the side that is not a bare word first, so an enum value resolves
        // against the field it is compared with.
        let literalish = |e: &Expr| {
            matches!(&e.kind, ExprKind::Str(_))
                || matches!(&e.kind, ExprKind::Name(n) if self.schema.entities[self.cur].field(n).is_none())
        };
        let ((nl, tl), (nr, tr_)) = if literalish(l) && !literalish(r) {
            let rr = self.expr(r)?;
            (self.expr(l)?, rr)
        } else {
            let ll = self.expr(l)?;
            (ll, self.expr(r)?)
        };
        if let (Ty::Num { dim: dl, .. }, Ty::Num { dim: dr, .. }) = (&tl, &tr_)
            && dl != dr
            && !matches!(op, BinOp::Mul | BinOp::Div)
        {
            return Err(self.dimension_mismatch(op, (l, *dl), (r, *dr)));
        }
        if op.is_comparison() {
            let (nl, nr) = if matches!(tl, Ty::Enum(..) | Ty::Place) {
                (nl, self.against(nr, &tr_, &tl, r)?)
            } else {
                if !matches!(tl, Ty::Unresolved(_)) {
                    self.unresolved(&tr_, r)?;
                }
                (self.against(nl, &tl, &tr_, l)?, nr)
            };
            let ordered = !matches!(op, BinOp::Eq | BinOp::Ne);
            if ordered && !matches!(tl, Ty::Num { .. } | Ty::Date) {
                return Err(LangError::NotOrdered {
                    what: self.describe(&tl),
                    span,
                });
            }
            let shown = |d: &Display| d.unit.is_some() || !d.symbol.is_empty();
            let display = match (&tl, &tr_) {
                (Ty::Num { display, .. }, _) if shown(display) => *display,
                (_, Ty::Num { display, .. }) => *display,
                (Ty::Num { display, .. }, _) => *display,
                _ => plain(Dim::NUMBER),
            };
            let cmp = match op {
                BinOp::Eq => Cmp::Eq,
                BinOp::Ne => Cmp::Ne,
                BinOp::Lt => Cmp::Lt,
                BinOp::Le => Cmp::Le,
                BinOp::Gt => Cmp::Gt,
                _ => Cmp::Ge,
            };
            use crate::pack::Const;
            let vague = match (&nl, &nr) {
                (_, Node::Const(Const::Enum(c))) => Some((nl.clone(), tl.clone(), *c)),
                (Node::Const(Const::Enum(c)), _) => Some((nr.clone(), tr_.clone(), *c)),
                _ => None,
            };
            let node = Node::Cmp(cmp, Box::new(nl), Box::new(nr), display);
            return Ok((
                match vague {
                    Some((value, ty, c)) => self.vague_values(value, &ty, &[c], node),
                    None => node,
                },
                Ty::Bool,
            ));
        }
        self.unresolved(&tl, l)?;
        self.unresolved(&tr_, r)?;
        // Dates: the days between two, or a date some days after or before another.
        match (&tl, &tr_, op) {
            (Ty::Date, Ty::Date, BinOp::Sub) => {
                return Ok((
                    Node::Arith(Arith::Sub, Box::new(nl), Box::new(nr)),
                    Ty::Num {
                        dim: Dim::NUMBER,
                        display: plain(Dim::NUMBER),
                    },
                ));
            }
            (Ty::Date, Ty::Num { dim, .. }, BinOp::Add | BinOp::Sub) if dim.is_number() => {
                let a = if op == BinOp::Add {
                    Arith::Add
                } else {
                    Arith::Sub
                };
                return Ok((Node::Arith(a, Box::new(nl), Box::new(nr)), Ty::Date));
            }
            (Ty::Date, _, _) | (_, Ty::Date, _) => {
                return Err(LangError::DateArithmetic { span });
            }
            _ => {}
        }
        let (
            Ty::Num {
                dim: dl,
                display: disp_l,
            },
            Ty::Num { dim: dr, .. },
        ) = (&tl, &tr_)
        else {
            let bad = if matches!(tl, Ty::Num { .. }) {
                (&tr_, r)
            } else {
                (&tl, l)
            };
            return Err(LangError::NotArithmetic {
                what: self.describe(bad.0),
                span: bad.1.span,
            });
        };
        let (arith, dim, display) = match op {
            BinOp::Add | BinOp::Sub => {
                self.same(&tl, &tr_, span, Sides::PlusMinus)?;
                (
                    if op == BinOp::Add {
                        Arith::Add
                    } else {
                        Arith::Sub
                    },
                    *dl,
                    *disp_l,
                )
            }
            BinOp::Mul => (Arith::Mul, dl.times(*dr), plain(dl.times(*dr))),
            _ => (Arith::Div, dl.per(*dr), plain(dl.per(*dr))),
        };
        let display = if dim == *dl { display } else { plain(dim) };
        Ok((
            Node::Arith(arith, Box::new(nl), Box::new(nr)),
            Ty::Num { dim, display },
        ))
    }
}
