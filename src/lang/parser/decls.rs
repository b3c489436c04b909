//! The declarations that shape a pack: `pack`, `entity` (its fields, checks,
//! keys) and field types with their units.

use super::{KEYWORDS, PResult, Parser};
use crate::lang::ast::*;
use crate::lang::error::Want;
use crate::lang::lexer::Tok;
use crate::units;

impl<'t> Parser<'t> {
    /// The grammar's `pack` (`src/lang/grammar.txt`).
    pub(super) fn parse_pack(&mut self) -> PResult<PackDecl> {
        self.bump();
        let id = self.id()?;
        self.expect_punct("{")?;
        let mut pack = PackDecl {
            id,
            title: None,
            source: None,
            region: None,
            issued: None,
        };
        while !self.eat_punct("}") {
            let key = self.word(Want::PackKey)?;
            match key.name.as_str() {
                "title" => pack.title = Some(self.bilingual()?),
                "source" => pack.source = Some(self.string()?),
                "region" => pack.region = Some(self.string()?),
                "issued" => pack.issued = Some(self.date()?),
                _ => {
                    self.pos -= 1;
                    return Err(self.expected(Want::PackKey));
                }
            }
        }
        Ok(pack)
    }

    /// The grammar's `entity` (`src/lang/grammar.txt`).
    pub(super) fn parse_entity(&mut self) -> PResult<EntityDecl> {
        let extend = self.eat_word("extend");
        if !self.eat_word("entity") {
            return Err(self.expected(Want::EntityKeyword));
        }
        let name = self.word(Want::EntityName)?;
        let mut labels = Vec::new();
        while matches!(self.peek().tok, Tok::Str(_)) {
            labels.push(self.string()?);
        }
        self.expect_punct("{")?;
        let mut fields = Vec::new();
        let mut checks = Vec::new();
        let mut key = Vec::new();
        let mut disjoint = None;
        while !self.eat_punct("}") {
            // `check` and `key` open a declaration unless a `:` makes them field names.
            if self.at_word("check") && !matches!(self.peek_at(1), Tok::Punct(":")) {
                self.bump();
                checks.push(self.parse_check()?);
                continue;
            }
            if self.at_word("disjoint") && !matches!(self.peek_at(1), Tok::Punct(":")) {
                self.bump();
                disjoint = Some(self.word(Want::GeometryField)?);
                continue;
            }
            if self.at_word("key") && !matches!(self.peek_at(1), Tok::Punct(":")) {
                self.bump();
                key.push(self.word(Want::FieldName)?);
                while self.eat_punct(",") {
                    key.push(self.word(Want::FieldName)?);
                }
                continue;
            }
            let fname = self.word(Want::FieldOrBrace)?;
            self.expect_punct(":")?;
            let ty = self.parse_type()?;
            let mut aliases = Vec::new();
            if self.eat_word("alias") {
                aliases.push(self.string()?);
                while self.at_punct(",") && matches!(self.peek_at(1), Tok::Str(_)) {
                    self.bump();
                    aliases.push(self.string()?);
                }
            }
            let (mut point, mut level) = (None, None);
            if self.eat_word("or") {
                let by = if self.eat_word("level") {
                    Some(crate::schema::LevelBy::Place)
                } else if self.eat_word("office_level") {
                    Some(crate::schema::LevelBy::Office)
                } else {
                    None
                };
                if let Some(by) = by {
                    self.expect_punct("(")?;
                    let from = self.word(match by {
                        crate::schema::LevelBy::Place => Want::PlaceField,
                        crate::schema::LevelBy::Office => Want::FieldName,
                    })?;
                    let mut values = Vec::new();
                    let n = if by == crate::schema::LevelBy::Office {
                        4
                    } else {
                        3
                    };
                    for _ in 0..n {
                        self.expect_punct(",")?;
                        values.push(self.word(Want::ValueName)?);
                    }
                    self.expect_punct(")")?;
                    level = Some(LevelDecl { by, from, values });
                } else {
                    if !self.eat_word("point") {
                        return Err(self.expected(Want::PointOrLevel));
                    }
                    self.expect_punct("(")?;
                    let lon = self.word(Want::Longitude)?;
                    self.expect_punct(",")?;
                    let lat = self.word(Want::Latitude)?;
                    self.expect_punct(")")?;
                    point = Some((lon, lat));
                }
            }
            self.eat_punct(",");
            fields.push(FieldDecl {
                name: fname,
                ty,
                aliases,
                point,
                level,
            });
        }
        Ok(EntityDecl {
            name,
            extend,
            labels,
            fields,
            checks,
            key,
            disjoint,
        })
    }

    /// The grammar's `check` (`src/lang/grammar.txt`).
    fn parse_check(&mut self) -> PResult<CheckDecl> {
        let left = self.word(Want::FieldName)?;
        let t = self.peek();
        let op = match &t.tok {
            Tok::Punct(p @ ("<=" | "<" | ">=" | ">")) => Ident {
                name: p.to_string(),
                span: t.span,
            },
            _ => {
                return Err(self.expected(Want::CheckOp));
            }
        };
        self.bump();
        let t = self.peek();
        let right = match &t.tok {
            Tok::Number(n) => {
                let digits = Ident {
                    name: n.clone(),
                    span: t.span,
                };
                self.bump();
                let unit = self.unit_after()?;
                CheckOperand::Num { digits, unit }
            }
            _ => CheckOperand::Field(self.word(Want::FieldOrNumber)?),
        };
        let message = self.bilingual()?;
        Ok(CheckDecl {
            left,
            op,
            right,
            message,
        })
    }

    /// The grammar's `type` (`src/lang/grammar.txt`).
    fn parse_type(&mut self) -> PResult<TypeDecl> {
        if self.at_word("enum") {
            let start = self.bump().span;
            self.expect_punct("{")?;
            let mut vs = Vec::new();
            while !self.eat_punct("}") {
                let name = self.word(Want::EnumValueOrBrace)?;
                let mut labels = Vec::new();
                while matches!(self.peek().tok, Tok::Str(_)) {
                    labels.push(self.string()?);
                }
                let mut maybe = Vec::new();
                if self.eat_word("maybe") {
                    self.expect_punct("[")?;
                    maybe.push(self.word(Want::EnumValue)?);
                    while self.eat_punct(",") {
                        maybe.push(self.word(Want::EnumValue)?);
                    }
                    self.expect_punct("]")?;
                }
                self.eat_punct(",");
                vs.push(VariantDecl {
                    name,
                    labels,
                    maybe,
                });
            }
            return Ok(TypeDecl::Enum(vs, start.to(self.prev_span())));
        }
        let ty = self.word(Want::FieldType)?;
        // `place county`: a place field whose cell names a county.
        let unit = if ty.name == "place" && self.at_word("county") {
            Some(self.word(Want::FieldType)?)
        } else {
            self.unit_after()?
        };
        let reported = if self.at_word("reported") {
            Some(self.word(Want::FieldType)?)
        } else {
            None
        };
        Ok(TypeDecl::Named { ty, unit, reported })
    }

    /// A unit directly after a number or a type: a known unit word or symbol, or any
    /// word written with no space after the number (then checked, for a good error).
    pub(super) fn unit_after(&mut self) -> PResult<Option<Ident>> {
        let prev_end = self.prev_span().end;
        let t = self.peek();
        let unit = match &t.tok {
            Tok::Punct(p @ ("%" | "‰" | "％" | "㎡")) => Some(p.to_string()),
            Tok::Word(w) if units::lookup(w).is_some() => Some(w.clone()),
            Tok::Word(w) if t.span.start == prev_end && !KEYWORDS.contains(&w.as_str()) => {
                Some(w.clone())
            }
            _ => None,
        };
        Ok(unit.map(|name| Ident {
            name,
            span: self.bump().span,
        }))
    }
}
