//! Built-in calls and aggregates (`count`, `sum`, `nearest` … `of` an entity
//! `where` a condition), with the record they are asked about.

use super::{CResult, Ty, TypeChecker, plain};
use crate::diag::Diag;
use crate::lang::ast::{self, Expr};
use crate::lang::span::Span;
use crate::pack::Node;
use crate::schema::Slot;
use crate::units::Dim;

impl<'a> TypeChecker<'a> {
    /// `monday(date)` is a date, `city_of(place)` a place.
    pub(super) fn call(&mut self, func: ast::Builtin, args: &[Expr], span: Span) -> CResult {
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

    pub(super) fn aggregate(
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
        Ok((
            Node::Agg(Box::new(crate::lang::agg::lower(
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
