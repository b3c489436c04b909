//! One expression checked and lowered: the dispatch over every kind of
//! expression, and the fields it names.

use super::{CResult, Ty, TypeChecker, date_literal, display_of, plain};
use crate::diag::Diag;
use crate::lang::ast::{self, Expr, ExprKind};
use crate::pack::{Const, Node};
use crate::schema::{EntityId, FieldType, Slot};
use crate::units::Dim;

impl<'a> TypeChecker<'a> {
    pub fn expr(&mut self, e: &Expr) -> CResult {
        match &e.kind {
            ExprKind::Num { digits, unit } => self.number(e.span, digits, unit.as_ref()),
            ExprKind::Str(s) => Ok((Node::Const(Const::Text(s.as_str().into())), Ty::Text)),
            ExprKind::Date(d) => Ok((
                Node::Const(Const::Date(date_literal(d, e.span, self.lang)?)),
                Ty::Date,
            )),
            ExprKind::Bool(b) => Ok((Node::Const(Const::Bool(*b)), Ty::Bool)),
            ExprKind::AsOf => Ok((Node::AsOf, Ty::Date)),
            ExprKind::Unknown => Ok((Node::Unknown, Ty::Bool)),
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
                    self.unresolved(&Ty::Unresolved(f.name.clone()), e)?;
                    return Err(Diag::error("ylcheck::rules::type", ""));
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
                        let (x, y) = (self.describe(&ty), self.describe(&t));
                        return Err(self.err(
                            e.span,
                            format!("agrees 需要同类的两个数量，这里是{x}和{y}"),
                            format!("`agrees` compares two like quantities, not {x} and {y}"),
                            "这里",
                            "here",
                        ));
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
                    let what = self.describe(&ty);
                    return Err(self.err(
                        arg.span,
                        format!("matches 只能用于文本，这里是{what}"),
                        format!("`matches` takes text, this is {what}"),
                        "不是文本",
                        "not text",
                    ));
                }
                let ExprKind::Str(text) = &pattern.kind else {
                    return Err(self.err(
                        pattern.span,
                        "matches 的模式应是带引号的文本，或定义为文本的名称（define 名称 = \"…\"）".to_string(),
                        "the pattern of `matches` is quoted text, or the name of a text definition (define NAME = \"…\")".to_string(),
                        "不是文本",
                        "not text",
                    ));
                };
                let re = self.regex(&ast::Str {
                    text: text.clone(),
                    span: pattern.span,
                })?;
                Ok((Node::Matches(Box::new(n), Box::new(re)), Ty::Bool))
            }
            ExprKind::Spatial(func, args) => {
                if args.len() != func.arity() {
                    let (name, n) = (func.name(), func.arity());
                    return Err(self.err(
                        e.span,
                        format!("{name} 需要 {n} 个参数，这里有 {}", args.len()),
                        format!("`{name}` takes {n} argument(s), not {}", args.len()),
                        "这里",
                        "here",
                    ));
                }
                let mut nodes = Vec::with_capacity(args.len());
                for a in args {
                    let (n, ty) = self.expr(a)?;
                    self.unresolved(&ty, a)?;
                    if ty != Ty::Geometry {
                        let (name, what) = (func.name(), self.describe(&ty));
                        return Err(self.err(
                            a.span,
                            format!("{name} 的参数应是几何图形，这里是{what}"),
                            format!("`{name}` takes geometries, this is {what}"),
                            "不是几何图形",
                            "not a geometry",
                        ));
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
                    self.unresolved(&Ty::Unresolved(f.name.clone()), e)?;
                    return Err(Diag::error("ylcheck::rules::type", ""));
                };
                Ok((Node::Present { slot, outer: false }, Ty::Bool))
            }
            // `present(self.f)`: the checked record's field, as `self.f` reads it.
            ExprKind::Present(f, true) => {
                let (slot, outer) = self.own_field(f, e)?;
                Ok((Node::Present { slot, outer }, Ty::Bool))
            }
            ExprKind::Neg(inner) => {
                let (n, ty) = self.expr(inner)?;
                self.unresolved(&ty, inner)?;
                if !matches!(ty, Ty::Num { .. }) {
                    let what = self.describe(&ty);
                    return Err(self.err(
                        inner.span,
                        format!("不能对{what}取负"),
                        format!("cannot negate {what}"),
                        "这里",
                        "here",
                    ));
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
                    (ExprKind::Unknown, _) => tb,
                    (_, ExprKind::Unknown) => ta,
                    _ => self.same(&ta, &tb, b.span, "if 的两个分支", "the branches of `if`")?,
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
                let consts: Vec<u16> = nodes
                    .iter()
                    .filter_map(|n| match n {
                        Node::Const(crate::pack::Const::Enum(c)) => Some(*c),
                        _ => None,
                    })
                    .collect();
                let test = Node::In(Box::new(nl.clone()), nodes.into());
                Ok((self.vague_values(nl, &tl, &consts, test), Ty::Bool))
            }
            ExprKind::Contains { all, list, items } => {
                let (nl, tl) = self.expr(list)?;
                self.unresolved(&tl, list)?;
                if tl != Ty::List {
                    let what = self.describe(&tl);
                    return Err(self
                        .err(list.span, format!("contains_all/contains_any 的左边应为列表字段，这里是{what}"), format!("`contains_all`/`contains_any` need a list field on the left, this is {what}"), "不是列表", "not a list")
                        .with_help(self.lang.pick("列表字段在实体中声明为 `list`", "list fields are declared `list` in the entity")));
                }
                let mut strs = Vec::with_capacity(items.len());
                for it in items {
                    match &it.kind {
                        ExprKind::Str(s) => strs.push(s.as_str().into()),
                        _ => {
                            return Err(self
                                .err(
                                    it.span,
                                    "列表项应为带引号的文本".into(),
                                    "list items must be quoted text".into(),
                                    "这里",
                                    "here",
                                )
                                .with_help(self.lang.pick(
                                    "如 [\"全托\", \"日托\"]",
                                    "e.g. [\"全托\", \"日托\"]",
                                )));
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
            ExprKind::List(_) => Err(self.err(
                e.span,
                "列表只能用在 `in`、`contains_all`、`contains_any` 之后".into(),
                "a list can only follow `in`, `contains_all` or `contains_any`".into(),
                "这里",
                "here",
            )),
        }
    }

    /// `self.f`: the checked record's field `f`, and whether it is read from
    /// inside an aggregate (the outer record) rather than as the record in hand.
    fn own_field(&mut self, f: &ast::Ident, e: &Expr) -> Result<(Slot, bool), Diag> {
        let ent = &self.schema.entities[self.rule_entity];
        let Some(slot) = ent.field(&f.name) else {
            let saved = self.cur;
            self.cur = self.rule_entity;
            let err = self.unresolved(&Ty::Unresolved(f.name.clone()), e);
            self.cur = saved;
            return Err(err
                .err()
                .unwrap_or_else(|| Diag::error("ylcheck::rules::type", "")));
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
