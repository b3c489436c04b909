//! Number literals with their units, and operands brought to a common type:
//! a constant read against the field it is compared with, types that must agree,
//! and the diagnostic for dimensions that do not.

use super::{CResult, Ty, TypeChecker, plain, self_text, suggest};
use crate::diag::Diag;
use crate::i18n::tr;
use crate::lang::ast::{self, BinOp, Expr, ExprKind};
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
            return Err(self.err(
                span,
                format!("数字 `{digits}` 太长"),
                format!("the number `{digits}` is too long"),
                "这里",
                "here",
            ));
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
            let d = self.err(
                u.span,
                format!("未知单位 `{}`", u.name),
                format!("unknown unit `{}`", u.name),
                "未知单位",
                "unknown unit",
            );
            let help = match suggest(&u.name, units::all_spellings()) {
                Some(s) => tr(
                    self.lang,
                    format!("是不是 `{s}`？"),
                    format!("did you mean `{s}`?"),
                ),
                None => tr(
                    self.lang,
                    "可用单位：m2 亩 公顷 km2 m km 元 万元 亿元 % ‰",
                    "known units: m2 亩 公顷 km2 m km 元 万元 亿元 % ‰",
                ),
            };
            return Err(d.with_help(help));
        };
        let Some(v) = unit_def.to_base(q) else {
            return Err(self.err(
                span,
                "数值太大".into(),
                "number too large".into(),
                "这里",
                "here",
            ));
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
    pub(super) fn against(&self, node: Node, ty: &Ty, other: &Ty, e: &Expr) -> Result<Node, Diag> {
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
                        let all: Vec<&str> = vs.iter().map(|v| v.name.as_str()).collect();
                        let d = self.err(
                            e.span,
                            format!("`{text}` 不是 `{}` 的取值", field.name),
                            format!("`{text}` is not a value of `{}`", field.name),
                            "未知取值",
                            "unknown value",
                        );
                        Err(match suggest(&text, names) {
                            Some(s) => d.with_help(tr(
                                self.lang,
                                format!("是不是 `{s}`？"),
                                format!("did you mean `{s}`?"),
                            )),
                            None => d.with_help(tr(
                                self.lang,
                                format!("可用取值：{}", all.join("、")),
                                format!("the values are: {}", all.join(", ")),
                            )),
                        })
                    }
                };
            }
        }
        self.unresolved(ty, e)?;
        self.same(
            ty,
            other,
            e.span,
            "比较的两边",
            "both sides of a comparison",
        )?;
        Ok(node)
    }

    /// A constant compared with a place field, as the place's full name: data
    /// cells are stored so, and a pack may write the short name (`淮阳区`) as its
    /// document does. Canonicalised here rather than refused, so a pack reads like
    /// its document; a name that is no single place of the gazetteer is refused,
    /// since it could never equal a place cell.
    fn place_const(&self, node: Node, e: &Expr) -> Result<Node, Diag> {
        let Node::Const(Const::Text(s)) = &node else {
            return Ok(node);
        };
        let Some((gaz, ix)) = crate::region::shipped_index() else {
            return Ok(node);
        };
        let d = |zh: String, en: String, help: String| {
            self.err(e.span, zh, en, "这个地名", "this place name")
                .with_help(help)
        };
        match ix.named(s) {
            Named::Place(g) => Ok(Node::Const(Const::Text(
                ix.groups.get(g).map_or(s.as_ref(), String::as_str).into(),
            ))),
            Named::Other => Ok(node),
            Named::Shared(_) | Named::Unknown => Err(match gaz.resolve(s) {
                Err(Unresolved::Ambiguous(all)) => d(
                    format!("地名 `{s}` 不止一处"),
                    format!("more than one place is called `{s}`"),
                    tr(
                        self.lang,
                        format!("请写全称：{}", all.join("、")),
                        format!("write the full name: {}", all.join(", ")),
                    ),
                ),
                Err(Unresolved::Unknown(near)) => d(
                    format!("`{s}` 不是河南省的市、县（区）"),
                    format!("`{s}` is no city or county of 河南省"),
                    match near.first() {
                        Some(n) => tr(
                            self.lang,
                            format!("是不是 `{n}`？"),
                            format!("did you mean `{n}`?"),
                        ),
                        None => self
                            .lang
                            .pick(
                                "地名见 rules/gazetteer.toml",
                                "places are listed in rules/gazetteer.toml",
                            )
                            .into(),
                    },
                ),
                Ok(_) => return Ok(node),
            }),
        }
    }

    /// Requires two types to agree, explaining dimension mismatches.
    pub(super) fn same(
        &self,
        a: &Ty,
        b: &Ty,
        span: Span,
        what_zh: &str,
        what_en: &str,
    ) -> Result<Ty, Diag> {
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
        let (da, db) = (self.describe(a), self.describe(b));
        let mut d = self
            .err(
                span,
                format!("{what_zh}类型不一致：{da}与{db}"),
                format!("{what_en} do not match: {da} and {db}"),
                "类型不一致",
                "mismatched here",
            )
            .with_help(self.lang.pick(
                "比较和加减只能在同类的量之间进行",
                "only like quantities can be compared, added or subtracted",
            ));
        d.code = "ylcheck::rules::dimension".into();
        if let (Ty::Num { dim: x, .. }, Ty::Num { dim: y, .. }) = (a, b) {
            if y.is_number() && !x.is_number() {
                let sym = x.base_symbol();
                d = d.with_help(tr(
                    self.lang,
                    format!("给数字加上单位，如 `50 {sym}`"),
                    format!("give the number a unit, e.g. `50 {sym}`"),
                ));
            } else if *x == Dim::AREA || *y == Dim::AREA {
                d = d.with_help(self.lang.pick(
                    "面积单位：m2、亩、公顷、km2",
                    "area units are m2, 亩, 公顷, km2",
                ));
            }
        }
        Err(d)
    }

    /// Both operands labelled with their dimension, and a hint at the likely fix.
    pub(super) fn dimension_mismatch(
        &self,
        op: BinOp,
        (l, dl): (&Expr, Dim),
        (r, dr): (&Expr, Dim),
    ) -> Diag {
        let lang = self.lang;
        let (zl, zr, el, er) = (
            dl.describe(true),
            dr.describe(true),
            dl.describe(false),
            dr.describe(false),
        );
        let sym = op.symbol();
        let mut d = Diag::error(
            "ylcheck::rules::dimension",
            tr(
                lang,
                format!("`{sym}` 两边的量纲不同：{zl}与{zr}"),
                format!("`{sym}` between {el} and {er}"),
            ),
        )
        .with_label(l.span, tr(lang, zl, el))
        .with_label(r.span, tr(lang, zr, er));
        let bare = |e: &Expr| matches!(&e.kind, ExprKind::Num { unit: None, .. });
        let help = if dr.is_number() && bare(r) && !dl.is_number() {
            let s = dl.base_symbol();
            tr(
                lang,
                format!("给数字加上单位，如 `{} {s}`", &self_text(r)),
                format!("give the number a unit, e.g. `{} {s}`", &self_text(r)),
            )
        } else if dl.is_number() && bare(l) && !dr.is_number() {
            let s = dr.base_symbol();
            tr(
                lang,
                format!("给数字加上单位，如 `{} {s}`", &self_text(l)),
                format!("give the number a unit, e.g. `{} {s}`", &self_text(l)),
            )
        } else if dl == Dim::AREA || dr == Dim::AREA {
            tr(
                lang,
                "面积单位：m2、亩、公顷、km2；长度单位：m、km",
                "area units are m2, 亩, 公顷, km2; length units are m, km",
            )
        } else {
            tr(
                lang,
                "只有同类的量才能比较或加减",
                "only like quantities can be compared, added or subtracted",
            )
        };
        d = d.with_help(help);
        d
    }
}
