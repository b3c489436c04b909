//! The declarations about rules: `rule` with its keys, `unchecked`, `partial`
//! and a rule's `test` cases.

use super::{PResult, Parser};
use crate::lang::ast::*;
use crate::lang::error::{LangError, Want};
use crate::lang::lexer::Tok;

impl<'t> Parser<'t> {
    /// The grammar's `rule` (`src/lang/grammar.txt`).
    pub(super) fn parse_rule(&mut self) -> PResult<RuleDecl> {
        let start = self.bump().span;
        let id = self.id()?;
        self.expect_punct("{")?;
        let (mut title, mut message, mut note, mut cite, mut severity) =
            (None, None, None, None, None);
        let (mut entity, mut filter, mut from, mut until, mut require) =
            (None, None, None, None, None);
        let mut standards = Vec::new();
        let mut due = None;
        let mut requirement = None;
        let mut lets = Vec::new();
        while !self.eat_punct("}") {
            let key = self.word(Want::RuleKey)?;
            match key.name.as_str() {
                "title" => title = Some(self.bilingual()?),
                "message" => message = Some(self.bilingual()?),
                "requirement" => requirement = Some(self.bilingual()?),
                "note" => note = Some(self.bilingual()?),
                "cite" => cite = Some(self.string()?),
                "standard" => standards = self.strings()?,
                "severity" => severity = Some(self.word(Want::Severity)?),
                "for" => {
                    entity = Some(self.word(Want::EntityName)?);
                    if self.eat_word("where") {
                        filter = Some(self.expr()?);
                    }
                }
                "from" => from = Some(self.date()?),
                "until" => until = Some(self.date()?),
                "due" => due = Some(self.date()?),
                "let" => {
                    let name = self.word(Want::Name)?;
                    self.expect_punct("=")?;
                    lets.push((name, self.expr()?));
                }
                "require" => require = Some(self.expr()?),
                _ => {
                    self.pos -= 1;
                    return Err(self.expected(Want::RuleKey));
                }
            }
        }
        let span = start.to(self.prev_span());
        let Some(entity) = entity else {
            return Err(LangError::NoFor {
                rule: id.name,
                span: id.span,
            });
        };
        let Some(require) = require else {
            return Err(LangError::NoRequire {
                rule: id.name,
                span: id.span,
            });
        };
        Ok(RuleDecl {
            id,
            title,
            message,
            requirement,
            note,
            cite,
            standards,
            severity,
            entity,
            filter,
            from,
            until,
            due,
            lets,
            require,
            span,
        })
    }

    /// `STR ("," STR)*`
    fn strings(&mut self) -> PResult<Vec<Str>> {
        let mut out = vec![self.string()?];
        while self.at_punct(",") && matches!(self.peek_at(1), Tok::Str(_)) {
            self.bump();
            out.push(self.string()?);
        }
        Ok(out)
    }

    /// The grammar's `unchecked` (`src/lang/grammar.txt`): a standard
    /// of the pack's document that no rule checks, and why.
    pub(super) fn parse_unchecked(&mut self) -> PResult<UncheckedDecl> {
        self.bump();
        let id = self.string()?;
        self.expect_punct("{")?;
        let (mut cite, mut reason) = (None, None);
        while !self.eat_punct("}") {
            let key = self.word(Want::UncheckedKey)?;
            match key.name.as_str() {
                "cite" => cite = Some(self.string()?),
                "reason" => reason = Some(self.bilingual()?),
                _ => {
                    self.pos -= 1;
                    return Err(self.expected(Want::UncheckedKey));
                }
            }
        }
        let Some(reason) = reason else {
            return Err(self.expected(Want::Reason));
        };
        Ok(UncheckedDecl { id, cite, reason })
    }

    /// The grammar's `partial` (`src/lang/grammar.txt`): a standard the
    /// pack's rules check only in part, and the part they do not check.
    pub(super) fn parse_partial(&mut self) -> PResult<PartialDecl> {
        self.bump();
        let id = self.string()?;
        self.expect_punct("{")?;
        let (mut cite, mut missing) = (None, None);
        while !self.eat_punct("}") {
            let key = self.word(Want::PartialKey)?;
            match key.name.as_str() {
                "cite" => cite = Some(self.string()?),
                "missing" => missing = Some(self.bilingual()?),
                _ => {
                    self.pos -= 1;
                    return Err(self.expected(Want::PartialKey));
                }
            }
        }
        let Some(missing) = missing else {
            return Err(self.expected(Want::Missing));
        };
        Ok(PartialDecl { id, cite, missing })
    }

    /// The grammar's `test` (`src/lang/grammar.txt`).
    pub(super) fn parse_test(&mut self) -> PResult<TestDecl> {
        self.bump();
        let rule = self.id()?;
        self.expect_punct("{")?;
        let mut cases = Vec::new();
        let mut as_of = None;
        while !self.eat_punct("}") {
            if matches!(self.peek_at(0), Tok::Word(w) if w == "as_of") {
                self.bump();
                as_of = Some(self.expr()?);
                continue;
            }
            let kw = self.word(Want::TestKey)?;
            let expect = match kw.name.as_str() {
                "pass" => Expect::Pass,
                "fail" => Expect::Fail,
                "unknown" => Expect::Unknown,
                "skip" => Expect::Skip,
                "given" => Expect::Given,
                _ => {
                    self.pos -= 1;
                    return Err(self.expected(Want::TestKey));
                }
            };
            let entity = match self.peek_at(0) {
                Tok::Punct(p) if *p == "{" => None,
                _ => Some(self.word(Want::EntityOrBrace)?),
            };
            self.expect_punct("{")?;
            let mut fields = Vec::new();
            while !self.eat_punct("}") {
                let f = self.word(Want::FieldOrBrace)?;
                self.expect_punct("=")?;
                let v = self.expr()?;
                self.eat_punct(",");
                fields.push((f, v));
            }
            cases.push(TestCase {
                expect,
                entity,
                fields,
                span: kw.span.to(self.prev_span()),
            });
        }
        Ok(TestDecl { rule, cases, as_of })
    }
}
