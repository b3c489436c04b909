//! The words of an expression: keywords, built-in calls, aggregates and names,
//! kept apart from `primary` so its stack frame stays small.

use super::{KEYWORDS, PResult, Parser};
use crate::lang::ast::*;
use crate::lang::error::Want;
use crate::lang::lexer::Tok;
use crate::lang::span::Span;

impl<'t> Parser<'t> {
    /// The words of `primary`: keywords, calls and names. Kept out of `primary`, whose
    /// frame every `(` of a nested expression repeats, so the depth limit fits in a
    /// thread's stack with room to spare.
    #[inline(never)]
    pub(super) fn word_primary(&mut self, span: Span) -> PResult<Expr> {
        let Tok::Word(w) = &self.peek().tok else {
            return Err(self.expected(Want::Expression));
        };
        let w = w.clone();
        let kind = match w.as_str() {
            "true" | "false" => {
                self.bump();
                ExprKind::Bool(w == "true")
            }
            "as_of" => {
                self.bump();
                ExprKind::AsOf
            }
            "unknown" => {
                self.bump();
                let why = match &self.peek().tok {
                    Tok::Word(w) if w == "zh" || w == "en" => Some(Box::new(self.bilingual()?)),
                    _ => None,
                };
                ExprKind::Unknown(why)
            }
            "if" => {
                self.bump();
                let c = self.expr()?;
                if !self.eat_word("then") {
                    return Err(self.expected(Want::Then));
                }
                let a = self.expr()?;
                if !self.eat_word("else") {
                    return Err(self.expected(Want::Else));
                }
                let b = self.expr()?;
                let span = span.to(b.span);
                return Ok(Expr {
                    kind: ExprKind::If(Box::new(c), Box::new(a), Box::new(b)),
                    span,
                });
            }
            "self" => {
                self.bump();
                self.expect_punct(".")?;
                let f = self.word(Want::FieldName)?;
                let span = span.to(f.span);
                return Ok(Expr {
                    kind: ExprKind::SelfField(f),
                    span,
                });
            }
            "present" if matches!(self.peek_at(1), Tok::Punct("(")) => {
                self.pos += 2;
                let own = matches!(self.peek_at(0), Tok::Word(w) if w == "self")
                    && matches!(self.peek_at(1), Tok::Punct("."));
                if own {
                    self.pos += 2;
                }
                let f = self.word(Want::FieldName)?;
                let end = self.expect_punct(")")?;
                return Ok(Expr {
                    kind: ExprKind::Present(f, own),
                    span: span.to(end),
                });
            }
            "agrees" if matches!(self.peek_at(1), Tok::Punct("(")) => {
                self.pos += 2;
                let field = self.word(Want::FieldName)?;
                self.expect_punct(",")?;
                let e = self.expr()?;
                let end = self.expect_punct(")")?;
                return Ok(Expr {
                    kind: ExprKind::Agrees(field, Box::new(e)),
                    span: span.to(end),
                });
            }
            "matches" if matches!(self.peek_at(1), Tok::Punct("(")) => {
                self.pos += 2;
                let arg = self.expr()?;
                self.expect_punct(",")?;
                let pattern = match &self.peek().tok {
                    Tok::Word(_) => {
                        let w = self.word(Want::PatternName)?;
                        Expr {
                            kind: ExprKind::Name(w.name),
                            span: w.span,
                        }
                    }
                    _ => {
                        let s = self.string()?;
                        Expr {
                            kind: ExprKind::Str(s.text),
                            span: s.span,
                        }
                    }
                };
                let end = self.expect_punct(")")?;
                return Ok(Expr {
                    kind: ExprKind::Matches(Box::new(arg), Box::new(pattern)),
                    span: span.to(end),
                });
            }
            name if matches!(self.peek_at(1), Tok::Punct("("))
                && (crate::spatial::Func::from_name(name).is_some()
                    || crate::lang::ast::Builtin::from_name(name).is_some()) =>
            {
                return self.call(span);
            }
            name if AggFunc::from_name(name).is_some()
                && matches!(self.peek_at(1), Tok::Punct("(")) =>
            {
                return self.aggregate();
            }
            name if KEYWORDS.contains(&name) => {
                return Err(self.expected(Want::Expression));
            }
            _ => {
                self.bump();
                ExprKind::Name(w.clone())
            }
        };
        Ok(Expr { kind, span })
    }

    /// `area(g)`, `distance(a, b)`, `monday(d)`, `city_of(p)` …: a built-in
    /// applied to its arguments. Kept out of `primary` so the frame that recursion
    /// repeats stays small.
    #[inline(never)]
    fn call(&mut self, span: Span) -> PResult<Expr> {
        let name = match self.peek_at(0) {
            Tok::Word(w) => w.clone(),
            _ => String::new(),
        };
        self.pos += 2;
        let mut args = vec![self.expr()?];
        while matches!(self.peek_at(0), Tok::Punct(",")) {
            self.bump();
            args.push(self.expr()?);
        }
        let end = self.expect_punct(")")?;
        // `primary` calls this only for a name one of the two knows.
        let kind = match crate::spatial::Func::from_name(&name) {
            Some(func) => ExprKind::Spatial(func, args),
            None => ExprKind::Call(
                crate::lang::ast::Builtin::from_name(&name)
                    .unwrap_or(crate::lang::ast::Builtin::Monday),
                args,
            ),
        };
        Ok(Expr {
            kind,
            span: span.to(end),
        })
    }

    /// The grammar's `AGGREGATE` (`src/lang/grammar.txt`).
    fn aggregate(&mut self) -> PResult<Expr> {
        let name = self.bump();
        let Tok::Word(w) = &name.tok else {
            return Err(self.expected(Want::Aggregate));
        };
        let func = AggFunc::from_name(w).ok_or_else(|| self.expected(Want::Aggregate))?;
        self.expect_punct("(")?;
        let body = if func.has_body() {
            let b = self.expr()?;
            if !self.eat_word("of") {
                return Err(self.expected(Want::Of(w.clone())));
            }
            Some(Box::new(b))
        } else {
            None
        };
        let entity = self.word(Want::EntityName)?;
        let filter = if self.eat_word("where") {
            Some(Box::new(self.expr()?))
        } else {
            None
        };
        let by = if self.eat_word("by") {
            Some(Box::new(self.expr()?))
        } else {
            None
        };
        let end = self.expect_punct(")")?;
        Ok(Expr {
            kind: ExprKind::Agg {
                func,
                body,
                entity,
                filter,
                by,
            },
            span: name.span.to(end),
        })
    }
}
