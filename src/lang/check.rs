//! Name resolution, type and unit checking, and lowering of expressions to
//! [`Node`]s over field slots — all before any data is read.

use super::ast::{self, BinOp, Expr, ExprKind};
use super::span::Span;
use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use crate::num::Q;
use crate::pack::{AggFunc, Arith, Cmp, Const, Display, Node};
use crate::region::{Named, Unresolved};
use crate::schema::{EntityId, FieldType, Schema, Slot};
use crate::units::{self, Dim};

/// The most memory one `matches` pattern may compile to. Real patterns (phone
/// numbers, ID cards, `[\p{Han}·]{2,50}`) fit; Unicode `\w{25}` does not.
const MAX_REGEX: usize = 1 << 20;

/// The static type of an expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    Num {
        dim: Dim,
        display: Display,
    },
    Bool,
    Text,
    /// A place name, held as the gazetteer's full name: text that compares as a place.
    Place,
    /// A value of the enum declared by this entity's field.
    Enum(EntityId, Slot),
    Date,
    List,
    Geometry,
    /// A bare word that is not a field: an enum value, once compared with an enum.
    Unresolved(String),
}

/// What a type check of one rule collects besides the node.
pub struct Checker<'a> {
    pub schema: &'a Schema,
    pub lang: Lang,
    /// The entity the rule checks (`self`).
    pub rule_entity: EntityId,
    /// Fields of the checked record read outside aggregates.
    pub fields: Vec<Slot>,
    /// Running count of aggregates in the whole rule set.
    pub aggregates: &'a mut usize,
    /// The entity whose record is in hand (differs from `rule_entity` in aggregates).
    cur: EntityId,
    in_agg: bool,
    uses_self: bool,
    /// The rule's `let` values checked so far, with the fields each reads.
    lets: Vec<(String, Node, Ty, Vec<Slot>)>,
}

type CResult = Result<(Node, Ty), Diag>;

pub fn display_of(ft: &FieldType) -> Option<(Dim, Display)> {
    match ft {
        FieldType::Quantity { dim, unit, .. } => Some((
            *dim,
            Display {
                unit: *unit,
                symbol: base_symbol(*dim),
            },
        )),
        _ => None,
    }
}

fn base_symbol(dim: Dim) -> &'static str {
    units::base_unit(dim).map_or("", |u| if u.dim == Dim::NUMBER { "" } else { u.symbol })
}

fn plain(dim: Dim) -> Display {
    Display {
        unit: None,
        symbol: base_symbol(dim),
    }
}

pub use crate::diag::suggest;

impl<'a> Checker<'a> {
    pub fn new(
        schema: &'a Schema,
        lang: Lang,
        rule_entity: EntityId,
        aggregates: &'a mut usize,
    ) -> Self {
        Checker {
            schema,
            lang,
            rule_entity,
            fields: Vec::new(),
            aggregates,
            cur: rule_entity,
            in_agg: false,
            uses_self: false,
            lets: Vec::new(),
        }
    }

    /// Checks `let name = e`, to be used by name in what follows (outside aggregates,
    /// where names are the other record's fields).
    pub fn define(&mut self, name: &ast::Ident, e: &Expr) -> Result<(Node, Ty), Diag> {
        let ent = &self.schema.entities[self.rule_entity];
        if ent.field(&name.name).is_some() || self.lets.iter().any(|l| l.0 == name.name) {
            return Err(self.err(
                name.span,
                format!("`{}` 已是 `{}` 的字段或前面的 let", name.name, ent.name),
                format!(
                    "`{}` is already a field of `{}` or an earlier let",
                    name.name, ent.name
                ),
                "重名",
                "name taken",
            ));
        }
        let before = std::mem::take(&mut self.fields);
        let (node, ty) = self.expr(e)?;
        self.unresolved(&ty, e)?;
        let read = std::mem::replace(&mut self.fields, before);
        // Uses refer to the one expression (see `Node::Let`): copying it into each
        // use would let a chain of lets grow exponentially.
        let shared = Node::Let(
            self.lets.len(),
            crate::pack::LetNode(std::sync::Arc::new(node.clone())),
        );
        self.lets
            .push((name.name.clone(), shared, ty.clone(), read));
        Ok((node, ty))
    }

    fn err(&self, span: Span, zh: String, en: String, label_zh: &str, label_en: &str) -> Diag {
        Diag::error("ylcheck::rules::type", tr(self.lang, zh, en))
            .with_label(span, self.lang.pick(label_zh, label_en))
    }

    fn describe(&self, ty: &Ty) -> String {
        let zh = self.lang.is_zh();
        match ty {
            Ty::Num { dim, .. } => dim.describe(zh),
            Ty::Bool => self.lang.pick("真假值", "a yes/no value").into(),
            Ty::Text => self.lang.pick("文本", "text").into(),
            Ty::Place => self.lang.pick("地名", "a place name").into(),
            Ty::Enum(e, s) => {
                let f = &self.schema.entities[*e].fields[*s].name;
                tr(
                    self.lang,
                    format!("`{f}` 的取值"),
                    format!("a value of `{f}`"),
                )
            }
            Ty::Date => self.lang.pick("日期", "a date").into(),
            Ty::List => self.lang.pick("列表", "a list").into(),
            Ty::Geometry => self.lang.pick("几何图形", "a geometry").into(),
            Ty::Unresolved(n) => format!("`{n}`"),
        }
    }

    /// Checks a condition: it must be a yes/no value.
    pub fn condition(&mut self, e: &Expr) -> Result<Node, Diag> {
        let (node, ty) = self.expr(e)?;
        self.unresolved(&ty, e)?;
        if ty != Ty::Bool {
            let what = self.describe(&ty);
            return Err(self
                .err(
                    e.span,
                    format!("条件应为真假值，这里是{what}"),
                    format!("a condition must be yes/no, this is {what}"),
                    "这里",
                    "here",
                )
                .with_help(self.lang.pick(
                    "写成比较，如 `floor_area >= 2000 m2`",
                    "write a comparison, such as `floor_area >= 2000 m2`",
                )));
        }
        Ok(node)
    }

    /// Compiles a `matches` pattern, anchored: the whole cell must fit, as a reader of
    /// the pattern expects. The pattern is first parsed alone, so `a)|(b` cannot
    /// close the anchoring group, and compiled once. The compiled size is capped: a
    /// fuzzed 3 KB pattern took 35 ms to compile before.
    fn regex(&self, pattern: &ast::Str) -> Result<regex::Regex, Diag> {
        let invalid = |e: &dyn std::fmt::Display| {
            self.err(
                pattern.span,
                format!("无效的正则表达式：{e}"),
                format!("invalid regular expression: {e}"),
                "这里",
                "here",
            )
        };
        regex_syntax::Parser::new()
            .parse(&pattern.text)
            .map_err(|e| invalid(&e))?;
        regex::RegexBuilder::new(&format!("^(?:{})$", pattern.text))
            .size_limit(MAX_REGEX)
            .build()
            .map_err(|e| match e {
                regex::Error::CompiledTooBig(_) => self.err(
                    pattern.span,
                    format!("正则表达式编译后超过 {} MiB 上限", MAX_REGEX >> 20),
                    format!(
                        "the regular expression compiles to more than {} MiB",
                        MAX_REGEX >> 20
                    ),
                    "过大",
                    "too large",
                ),
                e => invalid(&e),
            })
    }

    /// An unresolved word is only acceptable next to an enum; anywhere else it names
    /// a field that does not exist.
    fn unresolved(&self, ty: &Ty, e: &Expr) -> Result<(), Diag> {
        let Ty::Unresolved(name) = ty else {
            return Ok(());
        };
        let ent = &self.schema.entities[self.cur];
        let mut d = self.err(
            e.span,
            format!("实体 `{}` 没有字段 `{name}`", ent.name),
            format!("entity `{}` has no field `{name}`", ent.name),
            "未知字段",
            "unknown field",
        );
        let names = ent.fields.iter().flat_map(|f| {
            std::iter::once(f.name.as_str()).chain(f.aliases.iter().map(String::as_str))
        });
        d = d.did_you_mean(self.lang, name, names).or_help(tr(
            self.lang,
            format!("`{}` 的字段有：{}", ent.name, field_list(ent)),
            format!("the fields of `{}` are: {}", ent.name, field_list(ent)),
        ));
        Err(d)
    }

    pub fn expr(&mut self, e: &Expr) -> CResult {
        match &e.kind {
            ExprKind::Num { digits, unit } => self.number(e.span, digits, unit.as_ref()),
            ExprKind::Str(s) => Ok((Node::Const(Const::Text(s.as_str().into())), Ty::Text)),
            ExprKind::Date(d) => Ok((
                Node::Const(Const::Date(parse_date(d, e.span, self.lang)?)),
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
                Ok((Node::In(Box::new(nl), nodes.into()), Ty::Bool))
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
            FieldType::Text => Ty::Text,
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

    fn number(&mut self, span: Span, digits: &str, unit: Option<&ast::Ident>) -> CResult {
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
                    "可用单位：m2 亩 公顷 km2 m km 元 万元 % ‰",
                    "known units: m2 亩 公顷 km2 m km 元 万元 % ‰",
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
    fn against(&self, node: Node, ty: &Ty, other: &Ty, e: &Expr) -> Result<Node, Diag> {
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
    fn same(&self, a: &Ty, b: &Ty, span: Span, what_zh: &str, what_en: &str) -> Result<Ty, Diag> {
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
    fn dimension_mismatch(&self, op: BinOp, (l, dl): (&Expr, Dim), (r, dr): (&Expr, Dim)) -> Diag {
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

    fn binary(&mut self, op: BinOp, l: &Expr, r: &Expr, span: Span) -> CResult {
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
                let what = self.describe(&tl);
                return Err(self
                    .err(
                        span,
                        format!("{what}不能比较大小"),
                        format!("{what} cannot be ordered"),
                        "这里",
                        "here",
                    )
                    .with_help(self.lang.pick(
                        "只有数量和日期能用 < <= > >=",
                        "only quantities and dates take < <= > >=",
                    )));
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
            return Ok((
                Node::Cmp(cmp, Box::new(nl), Box::new(nr), display),
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
                return Err(self
                    .err(
                        span,
                        "日期只能相减（得到天数），或加减天数".into(),
                        "dates can only be subtracted (giving days) or moved by a number of days"
                            .into(),
                        "这里",
                        "here",
                    )
                    .with_help(self.lang.pick(
                        "如 `date - self.date <= 7`、`as_of - 7`",
                        "e.g. `date - self.date <= 7`, `as_of - 7`",
                    )));
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
            let what = self.describe(bad.0);
            return Err(self.err(
                bad.1.span,
                format!("不能对{what}做算术"),
                format!("cannot do arithmetic on {what}"),
                "不是数量",
                "not a quantity",
            ));
        };
        let (arith, dim, display) = match op {
            BinOp::Add | BinOp::Sub => {
                self.same(&tl, &tr_, span, "加减的两边", "both sides of `+`/`-`")?;
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

    /// `monday(date)` is a date, `city_of(place)` a place.
    fn call(&mut self, func: ast::Builtin, args: &[Expr], span: Span) -> CResult {
        let name = func.name();
        let [arg] = args else {
            return Err(self.err(
                span,
                format!("{name} 需要 1 个参数，这里有 {}", args.len()),
                format!("`{name}` takes 1 argument, not {}", args.len()),
                "这里",
                "here",
            ));
        };
        let (n, ty) = self.expr(arg)?;
        self.unresolved(&ty, arg)?;
        let want = match func {
            ast::Builtin::Monday => Ty::Date,
            ast::Builtin::CityOf => Ty::Place,
        };
        if ty != want {
            let (w, what) = (self.describe(&want), self.describe(&ty));
            return Err(self.err(
                arg.span,
                format!("{name} 的参数应是{w}，这里是{what}"),
                format!("`{name}` takes {w}, this is {what}"),
                "这里",
                "here",
            ));
        }
        Ok((Node::Call(func, Box::new([n])), want))
    }

    fn aggregate(
        &mut self,
        func: ast::AggFunc,
        body: Option<&Expr>,
        entity: &ast::Ident,
        filter: Option<&Expr>,
        by: Option<&Expr>,
        span: Span,
    ) -> CResult {
        let Some(ent) = self.schema.entity(&entity.name) else {
            let names = self.schema.entities.iter().map(|e| e.name.as_str());
            let d = self.err(
                entity.span,
                format!("未知实体 `{}`", entity.name),
                format!("unknown entity `{}`", entity.name),
                "未知实体",
                "unknown entity",
            );
            return Err(d.did_you_mean(self.lang, &entity.name, names));
        };
        let saved = (self.cur, self.in_agg, self.uses_self);
        self.cur = ent;
        self.in_agg = true;
        self.uses_self = false;
        let result = (|| {
            let filter = filter.map(|f| self.condition(f)).transpose()?;
            let by = match (func, by) {
                (ast::AggFunc::Nearest, Some(b)) => Some(self.by(b)?),
                (ast::AggFunc::Nearest, None) => {
                    return Err(self
                        .err(
                            span,
                            "nearest 需要 `by distance(位置字段, self.位置字段)`".into(),
                            "`nearest` needs `by distance(FIELD, self.FIELD)`".into(),
                            "这里",
                            "here",
                        )
                        .with_help(self.lang.pick(
                            "如 `nearest(name of facility where … by distance(location, self.location))`",
                            "e.g. `nearest(name of facility where … by distance(location, self.location))`",
                        )));
                }
                (_, Some(b)) => {
                    return Err(self.err(
                        b.span,
                        "只有 nearest 可以写 `by`".into(),
                        "only `nearest` takes `by`".into(),
                        "这里",
                        "here",
                    ));
                }
                (_, None) => None,
            };
            let (body, ty) = match (func, body) {
                (ast::AggFunc::All, Some(b)) => (Some(self.condition(b)?), Ty::Bool),
                // Any value with an equality: a count of them, or the nearest one's.
                (ast::AggFunc::Distinct | ast::AggFunc::Nearest, Some(b)) => {
                    let (n, t) = self.expr(b)?;
                    self.unresolved(&t, b)?;
                    if matches!(t, Ty::List | Ty::Geometry) {
                        let what = self.describe(&t);
                        return Err(self.err(
                            b.span,
                            format!("distinct/nearest 不能取{what}"),
                            format!("`distinct`/`nearest` cannot take {what}"),
                            "这里",
                            "here",
                        ));
                    }
                    let ty = if func == ast::AggFunc::Distinct {
                        Ty::Num {
                            dim: Dim::NUMBER,
                            display: plain(Dim::NUMBER),
                        }
                    } else {
                        t
                    };
                    (Some(n), ty)
                }
                (_, Some(b)) => {
                    let (n, t) = self.expr(b)?;
                    self.unresolved(&t, b)?;
                    if !matches!(t, Ty::Num { .. }) {
                        let what = self.describe(&t);
                        return Err(self.err(b.span, format!("只能对数量求和或取极值，这里是{what}"), format!("only quantities can be summed, averaged or compared, this is {what}"), "不是数量", "not a quantity"));
                    }
                    (Some(n), t)
                }
                (ast::AggFunc::Exists, None) => (None, Ty::Bool),
                _ => (
                    None,
                    Ty::Num {
                        dim: Dim::NUMBER,
                        display: plain(Dim::NUMBER),
                    },
                ),
            };
            Ok((filter, body, ty, by))
        })();
        let uses_self = self.uses_self;
        (self.cur, self.in_agg, self.uses_self) = saved;
        // An aggregate nested in another one that reads `self` makes the outer one
        // depend on the checked record too.
        self.uses_self |= uses_self;
        let (filter, body, ty, by) = result?;
        let id = *self.aggregates;
        *self.aggregates += 1;
        let func = match func {
            ast::AggFunc::Count => AggFunc::Count,
            ast::AggFunc::Exists => AggFunc::Exists,
            ast::AggFunc::Sum => AggFunc::Sum,
            ast::AggFunc::Min => AggFunc::Min,
            ast::AggFunc::Max => AggFunc::Max,
            ast::AggFunc::Avg => AggFunc::Avg,
            ast::AggFunc::All => AggFunc::All,
            ast::AggFunc::Distinct => AggFunc::Distinct,
            ast::AggFunc::Nearest => AggFunc::Nearest,
        };
        Ok((
            Node::Agg(Box::new(super::agg::lower(
                id, func, ent, filter, body, uses_self, by,
            ))),
            ty,
        ))
    }

    /// `by distance(FIELD, self.FIELD)` of `nearest`: the other record's geometry
    /// and the checked record's, so an R-tree can find the closest.
    fn by(&mut self, b: &Expr) -> Result<(Slot, Node), Diag> {
        let (n, ty) = self.expr(b)?;
        self.unresolved(&ty, b)?;
        if let Node::Spatial(crate::spatial::Func::Distance, args) = &n
            && let [Node::Field(s), o @ Node::Outer(_)] = &**args
        {
            return Ok((*s, o.clone()));
        }
        Err(self.err(
            b.span,
            "`by` 后应为 distance(位置字段, self.位置字段)".into(),
            "`by` takes distance(FIELD, self.FIELD)".into(),
            "这里",
            "here",
        ))
    }
}

/// The digits of a bare number literal, for a help line.
fn self_text(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Num { digits, .. } => digits.clone(),
        _ => "…".into(),
    }
}

fn field_list(ent: &crate::schema::Entity) -> String {
    ent.fields
        .iter()
        .map(|f| f.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses a `YYYY-MM-DD` date written in a rule file.
pub fn parse_date(text: &str, span: Span, lang: Lang) -> Result<jiff::civil::Date, Diag> {
    text.parse::<jiff::civil::Date>().map_err(|_| {
        Diag::error(
            "ylcheck::rules::date",
            tr(
                lang,
                format!("`{text}` 不是有效日期"),
                format!("`{text}` is not a valid date"),
            ),
        )
        .with_label(span, lang.pick("无效日期", "invalid date"))
        .with_help(lang.pick(
            "日期写作 YYYY-MM-DD，月份 1–12，日期在该月之内",
            "dates are YYYY-MM-DD with a real month and day",
        ))
    })
}
