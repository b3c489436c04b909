//! One expression checked and lowered: the dispatch over every kind of
//! expression, and the fields it names.

use super::{CResult, Ty, TypeChecker, date_literal, display_of, plain};
use crate::lang::ast::{self, Expr, ExprKind};
use crate::lang::error::{LangError, Sides};
use crate::pack::{Const, Node};
use crate::schema::{EntityId, FieldType, Slot};
use crate::units::Dim;

impl<'a> TypeChecker<'a> {
    pub fn expr(&mut self, e: &Expr) -> CResult {
        match &e.kind {
            ExprKind::Num { digits, unit } => self.number(e.span, digits, unit.as_ref()),
            ExprKind::Str(s) => Ok((Node::Const(Const::Text(s.as_str().into())), Ty::Text)),
            ExprKind::Date(d) => Ok((Node::Const(Const::Date(date_literal(d, e.span)?)), Ty::Date)),
            ExprKind::Bool(b) => Ok((Node::Const(Const::Bool(*b)), Ty::Bool)),
            ExprKind::AsOf => Ok((Node::AsOf, Ty::Date)),
            ExprKind::Unknown(why) => {
                let why = why.as_ref().map(|b| {
                    self.reasons.push((**b).clone());
                    u16::try_from(self.reasons.len() - 1).unwrap_or(u16::MAX)
                });
                Ok((Node::Unknown(why), Ty::Bool))
            }
            ExprKind::Name(n) => {
                if !self.in_agg
                    && let Some((_, node, ty, read)) = self.lets.iter().find(|l| &l.0 == n)
                {
                    let (node, ty) = (node.clone(), ty.clone());
                    for s in read.clone() {
                        if !self.fields.contains(&s) {
                            self.fields.push(s);
                        }
                    }
                    return Ok((node, ty));
                }
                let ent = &self.schema.entities[self.cur];
                match ent.field(n) {
                    Some(slot) => {
                        if !self.in_agg && !self.fields.contains(&slot) {
                            self.fields.push(slot);
                        }
                        Ok((Node::Field(slot), self.field_ty(self.cur, slot)))
                    }
                    None => Ok((
                        Node::Const(Const::Text(n.as_str().into())),
                        Ty::Unresolved(n.clone()),
                    )),
                }
            }
            ExprKind::SelfField(f) => {
                let (slot, outer) = self.own_field(f, e)?;
                let ty = self.field_ty(self.rule_entity, slot);
                Ok((
                    if outer {
                        Node::Outer(slot)
                    } else {
                        Node::Field(slot)
                    },
                    ty,
                ))
            }
            ExprKind::Agrees(f, e2) => {
                let ent = &self.schema.entities[self.cur];
                let Some(slot) = ent.field(&f.name) else {
                    return Err(self.unknown_name(self.cur, &f.name, e.span));
                };
                if !self.in_agg && !self.fields.contains(&slot) {
                    self.fields.push(slot);
                }
                let ty = self.field_ty(self.cur, slot);
                let (n, t) = self.expr(e2)?;
                self.unresolved(&t, e2)?;
                match (&ty, &t) {
                    (Ty::Num { dim: a, .. }, Ty::Num { dim: b, .. }) if a == b => {}
                    _ => {
                        return Err(LangError::AgreesKinds {
                            a: self.describe(&ty),
                            b: self.describe(&t),
                            span: e.span,
                        });
                    }
                }
                let display = match &ty {
                    Ty::Num { display, .. } => *display,
                    _ => plain(Dim::NUMBER),
                };
                Ok((
                    Node::Agrees {
                        slot,
                        expr: Box::new(n),
                        display,
                    },
                    Ty::Bool,
                ))
            }
            ExprKind::Matches(arg, pattern) => {
                let (n, ty) = self.expr(arg)?;
                self.unresolved(&ty, arg)?;
                if !matches!(ty, Ty::Text | Ty::Place) {
                    return Err(LangError::MatchesNotText {
                        what: self.describe(&ty),
                        span: arg.span,
                    });
                }
                let ExprKind::Str(text) = &pattern.kind else {
                    return Err(LangError::PatternNotText { span: pattern.span });
                };
                let re = self.regex(&ast::Str {
                    text: text.clone(),
                    span: pattern.span,
                })?;
                Ok((Node::Matches(Box::new(n), Box::new(re)), Ty::Bool))
            }
            ExprKind::Spatial(func, args) => {
                if args.len() != func.arity() {
                    return Err(LangError::SpatialArity {
                        func: func.name(),
                        want: func.arity(),
                        got: args.len(),
                        span: e.span,
                    });
                }
                let mut nodes = Vec::with_capacity(args.len());
                for a in args {
                    let (n, ty) = self.expr(a)?;
                    self.unresolved(&ty, a)?;
                    if ty != Ty::Geometry {
                        return Err(LangError::SpatialNotGeometry {
                            func: func.name(),
                            what: self.describe(&ty),
                            span: a.span,
                        });
                    }
                    nodes.push(n);
                }
                let ty = match func {
                    crate::spatial::Func::Area => Ty::Num {
                        dim: Dim::AREA,
                        display: plain(Dim::AREA),
                    },
                    crate::spatial::Func::Distance => Ty::Num {
                        dim: Dim::LENGTH,
                        display: plain(Dim::LENGTH),
                    },
                    crate::spatial::Func::Within => Ty::Bool,
                    crate::spatial::Func::Centroid => Ty::Geometry,
                };
                Ok((Node::Spatial(*func, nodes.into()), ty))
            }
            ExprKind::Present(f, false) => {
                let ent = &self.schema.entities[self.cur];
                let Some(slot) = ent.field(&f.name) else {
                    return Err(self.unknown_name(self.cur, &f.name, e.span));
                };
                Ok((
                    Node::Present {
                        slot,
                        outer: false,
                        strict: false,
                    },
                    Ty::Bool,
                ))
            }
            // `present(self.f)`: the checked record's field, as `self.f` reads it.
            ExprKind::Present(f, true) => {
                let (slot, outer) = self.own_field(f, e)?;
                Ok((
                    Node::Present {
                        slot,
                        outer,
                        strict: false,
                    },
                    Ty::Bool,
                ))
            }
            ExprKind::Neg(inner) => {
                let (n, ty) = self.expr(inner)?;
                self.unresolved(&ty, inner)?;
                if !matches!(ty, Ty::Num { .. }) {
                    return Err(LangError::CannotNegate {
                        what: self.describe(&ty),
                        span: inner.span,
                    });
                }
                Ok((Node::Neg(Box::new(n)), ty))
            }
            ExprKind::Not(inner) => Ok((Node::Not(Box::new(self.condition(inner)?)), Ty::Bool)),
            ExprKind::Binary(op, l, r) => self.binary(*op, l, r, e.span),
            ExprKind::If(c, a, b) => {
                let c = self.condition(c)?;
                let (na, ta) = self.expr(a)?;
                let (nb, tb) = self.expr(b)?;
                self.unresolved(&ta, a)?;
                self.unresolved(&tb, b)?;
                // `unknown` as a branch is a value of whatever kind the other one is:
                // `if present(x) then x else unknown`.
                let ty = match (&a.kind, &b.kind) {
                    (ExprKind::Unknown(_), _) => tb,
                    (_, ExprKind::Unknown(_)) => ta,
                    _ => self.same(&ta, &tb, b.span, Sides::IfBranches)?,
                };
                Ok((Node::If(Box::new(c), Box::new(na), Box::new(nb)), ty))
            }
            ExprKind::In(lhs, items) => {
                let (nl, tl) = self.expr(lhs)?;
                self.unresolved(&tl, lhs)?;
                let mut nodes = Vec::with_capacity(items.len());
                for it in items {
                    let (n, t) = self.expr(it)?;
                    let n = self.against(n, &t, &tl, it)?;
                    nodes.push(n);
                }
                let mut consts: Vec<u16> = nodes
                    .iter()
                    .filter_map(|n| match n {
                        Node::Const(crate::pack::Const::Enum(c)) => Some(*c),
                        _ => None,
                    })
                    .collect();
                // A value that may only be values of the list is in it for certain
                // (特困人员供养服务机构 is a county's or a township's home: in
                // `[county_support, township_home]` whichever it is).
                for w in self.covered_values(&tl, &consts) {
                    consts.push(w);
                    nodes.push(Node::Const(crate::pack::Const::Enum(w)));
                }
                let test = Node::In(Box::new(nl.clone()), nodes.into());
                Ok((self.vague_values(nl, &tl, &consts, test), Ty::Bool))
            }
            ExprKind::Contains { all, list, items } => {
                let (nl, tl) = self.expr(list)?;
                self.unresolved(&tl, list)?;
                if tl != Ty::List {
                    return Err(LangError::ContainsNotList {
                        what: self.describe(&tl),
                        span: list.span,
                    });
                }
                let mut strs = Vec::with_capacity(items.len());
                for it in items {
                    match &it.kind {
                        ExprKind::Str(s) => strs.push(s.as_str().into()),
                        _ => {
                            return Err(LangError::ListItemNotText { span: it.span });
                        }
                    }
                }
                Ok((
                    Node::Contains {
                        all: *all,
                        list: Box::new(nl),
                        items: strs.into(),
                    },
                    Ty::Bool,
                ))
            }
            ExprKind::Agg {
                func,
                body,
                entity,
                filter,
                by,
            } => self.aggregate(
                *func,
                body.as_deref(),
                entity,
                filter.as_deref(),
                by.as_deref(),
                e.span,
            ),
            ExprKind::Call(func, args) => self.call(*func, args, e.span),
            ExprKind::List(_) => Err(LangError::ListOutOfPlace { span: e.span }),
        }
    }

    /// `self.f`: the checked record's field `f`, and whether it is read from
    /// inside an aggregate (the outer record) rather than as the record in hand.
    fn own_field(&mut self, f: &ast::Ident, e: &Expr) -> Result<(Slot, bool), LangError> {
        let ent = &self.schema.entities[self.rule_entity];
        let Some(slot) = ent.field(&f.name) else {
            return Err(self.unknown_name(self.rule_entity, &f.name, e.span));
        };
        if !self.fields.contains(&slot) {
            self.fields.push(slot);
        }
        if self.in_agg {
            self.uses_self = true;
        }
        Ok((slot, self.in_agg))
    }

    fn field_ty(&self, e: EntityId, slot: Slot) -> Ty {
        match &self.schema.entities[e].fields[slot].ty {
            FieldType::Text | FieldType::Locality => Ty::Text,
            FieldType::Place => Ty::Place,
            FieldType::Bool => Ty::Bool,
            FieldType::Date => Ty::Date,
            FieldType::List => Ty::List,
            FieldType::Geometry => Ty::Geometry,
            FieldType::Enum(_) => Ty::Enum(e, slot),
            ft @ FieldType::Quantity { .. } => {
                let (dim, display) = display_of(ft).unwrap_or((Dim::NUMBER, plain(Dim::NUMBER)));
                Ty::Num { dim, display }
            }
        }
    }
}
