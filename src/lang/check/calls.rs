//! Built-in calls and aggregates (`count`, `sum`, `nearest` … `of` an entity
//! `where` a condition), with the record they are asked about.

use super::{CResult, Ty, TypeChecker, plain};
use crate::diag::suggest;
use crate::lang::ast::{self, Expr};
use crate::lang::error::LangError;
use crate::lang::span::Span;
use crate::pack::Node;
use crate::schema::Slot;
use crate::units::Dim;

impl<'a> TypeChecker<'a> {
    /// `monday(date)` is a date, `city_of(place)` a place.
    pub(super) fn call(&mut self, func: ast::Builtin, args: &[Expr], span: Span) -> CResult {
        let name = func.name();
        let [arg] = args else {
            return Err(LangError::CallArity {
                func: name,
                got: args.len(),
                span,
            });
        };
        let (n, ty) = self.expr(arg)?;
        self.unresolved(&ty, arg)?;
        let want = match func {
            ast::Builtin::Monday => Ty::Date,
            ast::Builtin::CityOf => Ty::Place,
        };
        if ty != want {
            return Err(LangError::CallArgument {
                func: name,
                want: self.describe(&want),
                what: self.describe(&ty),
                span: arg.span,
            });
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
            return Err(LangError::UnknownAggEntity {
                name: entity.name.clone(),
                suggestion: suggest(&entity.name, names).map(str::to_string),
                span: entity.span,
            });
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
                    return Err(LangError::NearestWithoutBy { span });
                }
                (_, Some(b)) => {
                    return Err(LangError::ByWithoutNearest { span: b.span });
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
                        return Err(LangError::DistinctOf {
                            what: self.describe(&t),
                            span: b.span,
                        });
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
                        return Err(LangError::NotSummable {
                            what: self.describe(&t),
                            span: b.span,
                        });
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
    fn by(&mut self, b: &Expr) -> Result<(Slot, Node), LangError> {
        let (n, ty) = self.expr(b)?;
        self.unresolved(&ty, b)?;
        if let Node::Spatial(crate::spatial::Func::Distance, args) = &n
            && let [Node::Field(s), o @ Node::Outer(_)] = &**args
        {
            return Ok((*s, o.clone()));
        }
        Err(LangError::BadBy { span: b.span })
    }
}
