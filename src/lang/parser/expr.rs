//! The expression grammar from `expr` down to `primary`, by precedence, with the
//! depth limit that keeps a hostile file from overflowing the stack.

use super::{MAX_DEPTH, PResult, Parser};
use crate::lang::ast::*;
use crate::lang::error::{LangError, Want};
use crate::lang::lexer::Tok;
use crate::lang::span::Span;

impl<'t> Parser<'t> {
    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let t = self.peek();
            return Err(LangError::TooDeep { span: t.span });
        }
        Ok(())
    }

    /// The grammar's `expr` (`src/lang/grammar.txt`).
    pub fn expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let e = self.or();
        self.depth -= 1;
        e
    }

    fn binary_chain(
        &mut self,
        ops: &[(&str, BinOp)],
        next: fn(&mut Self) -> PResult<Expr>,
    ) -> PResult<Expr> {
        let mut lhs = next(self)?;
        // Each operator deepens the (left-leaning) tree, so it counts towards the limit.
        let mut chained = 0;
        'outer: loop {
            for (tok, op) in ops {
                let hit = match &self.peek().tok {
                    Tok::Word(w) => w == tok,
                    Tok::Punct(p) => p == tok,
                    _ => false,
                };
                if hit {
                    self.bump();
                    self.enter()?;
                    chained += 1;
                    let rhs = next(self)?;
                    let span = lhs.span.to(rhs.span);
                    lhs = Expr {
                        kind: ExprKind::Binary(*op, Box::new(lhs), Box::new(rhs)),
                        span,
                    };
                    continue 'outer;
                }
            }
            self.depth -= chained;
            return Ok(lhs);
        }
    }

    /// The grammar's `or` (`src/lang/grammar.txt`).
    fn or(&mut self) -> PResult<Expr> {
        self.binary_chain(&[("or", BinOp::Or)], Self::and)
    }

    /// The grammar's `and` (`src/lang/grammar.txt`).
    fn and(&mut self) -> PResult<Expr> {
        self.binary_chain(&[("and", BinOp::And)], Self::not)
    }

    /// The grammar's `not` (`src/lang/grammar.txt`).
    fn not(&mut self) -> PResult<Expr> {
        if self.at_word("not") {
            let start = self.bump().span;
            self.enter()?;
            let inner = self.not();
            self.depth -= 1;
            let inner = inner?;
            let span = start.to(inner.span);
            return Ok(Expr {
                kind: ExprKind::Not(Box::new(inner)),
                span,
            });
        }
        self.compare()
    }

    /// The grammar's `compare` (`src/lang/grammar.txt`).
    fn compare(&mut self) -> PResult<Expr> {
        let lhs = self.sum()?;
        let op = match &self.peek().tok {
            Tok::Punct("==") => Some(BinOp::Eq),
            Tok::Punct("!=") => Some(BinOp::Ne),
            Tok::Punct("<") => Some(BinOp::Lt),
            Tok::Punct("<=") => Some(BinOp::Le),
            Tok::Punct(">") => Some(BinOp::Gt),
            Tok::Punct(">=") => Some(BinOp::Ge),
            Tok::Punct("=") => {
                return Err(self.expected(Want::Comparison));
            }
            _ => None,
        };
        if let Some(op) = op {
            self.bump();
            let rhs = self.sum()?;
            let span = lhs.span.to(rhs.span);
            return Ok(Expr {
                kind: ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)),
                span,
            });
        }
        for (kw, all) in [
            ("contains_all", Some(true)),
            ("contains_any", Some(false)),
            ("in", None),
        ] {
            if self.eat_word(kw) {
                let (items, end) = self.list()?;
                let span = lhs.span.to(end);
                let kind = match all {
                    Some(all) => ExprKind::Contains {
                        all,
                        list: Box::new(lhs),
                        items,
                    },
                    None => ExprKind::In(Box::new(lhs), items),
                };
                return Ok(Expr { kind, span });
            }
        }
        Ok(lhs)
    }

    /// The grammar's `list` (`src/lang/grammar.txt`).
    fn list(&mut self) -> PResult<(Vec<Expr>, Span)> {
        self.expect_punct("[")?;
        let mut items = Vec::new();
        while !self.at_punct("]") {
            items.push(self.expr()?);
            if !self.eat_punct(",") {
                break;
            }
        }
        let end = self.expect_punct("]")?;
        Ok((items, end))
    }

    /// The grammar's `sum` (`src/lang/grammar.txt`).
    fn sum(&mut self) -> PResult<Expr> {
        self.binary_chain(&[("+", BinOp::Add), ("-", BinOp::Sub)], Self::product)
    }

    /// The grammar's `product` (`src/lang/grammar.txt`).
    fn product(&mut self) -> PResult<Expr> {
        self.binary_chain(&[("*", BinOp::Mul), ("/", BinOp::Div)], Self::unary)
    }

    /// The grammar's `unary` (`src/lang/grammar.txt`).
    fn unary(&mut self) -> PResult<Expr> {
        if self.at_punct("-") {
            let start = self.bump().span;
            self.enter()?;
            let inner = self.unary();
            self.depth -= 1;
            let inner = inner?;
            let span = start.to(inner.span);
            return Ok(Expr {
                kind: ExprKind::Neg(Box::new(inner)),
                span,
            });
        }
        self.primary()
    }

    /// The grammar's `primary` (`src/lang/grammar.txt`).
    fn primary(&mut self) -> PResult<Expr> {
        let t = self.peek();
        let span = t.span;
        let kind = match &t.tok {
            Tok::Number(n) => {
                self.bump();
                let unit = self.unit_after()?;
                let span = unit.as_ref().map_or(span, |u| span.to(u.span));
                return Ok(Expr {
                    kind: ExprKind::Num {
                        digits: n.clone(),
                        unit,
                    },
                    span,
                });
            }
            Tok::Str(s) => {
                self.bump();
                ExprKind::Str(s.clone())
            }
            Tok::Date(d) => {
                self.bump();
                ExprKind::Date(d.clone())
            }
            Tok::Punct("(") => {
                self.bump();
                let e = self.expr()?;
                let end = self.expect_punct(")")?;
                return Ok(Expr {
                    kind: e.kind,
                    span: span.to(end),
                });
            }
            Tok::Punct("[") => {
                let (items, end) = self.list()?;
                return Ok(Expr {
                    kind: ExprKind::List(items),
                    span: span.to(end),
                });
            }
            Tok::Word(_) => return self.word_primary(span),
            _ => return Err(self.expected(Want::Expression)),
        };
        Ok(Expr { kind, span })
    }
}
