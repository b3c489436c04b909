//! Recursive descent over the lexer's tokens. Each `parse_*` function's doc is its
//! production; the expression grammar is in `docs/language.md`.
//!
//! ```text
//! file   := (pack | entity | rule | test | unchecked | partial | param | define)*
//! param  := "param" WORD "=" NUMBER UNIT?
//! define := "define" WORD "=" expr
//! pack   := "pack" ID "{" ("title" bi | "source" STR | "region" STR | "issued" DATE)* "}"
//! entity := "extend"? "entity" WORD STR* "{" (field | check | key | disjoint)* "}"
//! field  := WORD ":" type ("alias" STR ("," STR)*)? point? ","?
//! check  := "check" WORD ("<=" | "<" | ">=" | ">") (WORD | NUMBER UNIT?) bilingual
//! key    := "key" WORD ("," WORD)*
//! disjoint := "disjoint" WORD
//! point  := "or" "point" "(" WORD "," WORD ")"
//! type   := "enum" "{" (WORD STR* ","?)* "}" | WORD UNIT?
//! rule   := "rule" ID "{" (KEY value)* "}"
//! test   := "test" ID "{" ("as_of" DATE | ("pass"|"fail"|"unknown"|"skip"|"given") WORD? "{" (WORD "=" expr ","?)* "}")* "}"
//! bi     := ("zh" STR "en" STR) | ("en" STR "zh" STR)
//! ```
//! Nesting is limited to [`MAX_DEPTH`] so a hostile file is refused, not a stack overflow.

use super::ast::*;
use super::lexer::{Tok, Token};
use super::span::Span;
use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use crate::units;

/// Deepest expression nesting accepted.
pub const MAX_DEPTH: usize = 48;

const KEYWORDS: &[&str] = &[
    "and",
    "or",
    "not",
    "if",
    "then",
    "else",
    "in",
    "contains_all",
    "contains_any",
    "of",
    "where",
    "self",
    "true",
    "false",
    "as_of",
    "present",
    "unknown",
    "matches",
    "agrees",
];

struct Parser<'t> {
    toks: &'t [Token],
    pos: usize,
    depth: usize,
    lang: Lang,
}

type PResult<T> = Result<T, Diag>;

/// Parses a token stream (ending in `Eof`) into a file.
pub fn parse(toks: &[Token], lang: Lang) -> PResult<File> {
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
        lang,
    };
    p.parse_file()
}

fn describe(t: &Tok, lang: Lang) -> String {
    match t {
        Tok::Word(w) => format!("`{w}`"),
        Tok::Number(n) => format!("`{n}`"),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Date(d) => format!("`{d}`"),
        Tok::Punct(p) => format!("`{p}`"),
        Tok::Eof => lang.pick("文件结尾", "end of file").to_string(),
    }
}

impl<'t> Parser<'t> {
    fn peek(&self) -> &'t Token {
        let last = self.toks.len().saturating_sub(1);
        &self.toks[self.pos.min(last)]
    }
    fn peek_at(&self, n: usize) -> &'t Tok {
        let last = self.toks.len().saturating_sub(1);
        &self.toks[(self.pos + n).min(last)].tok
    }
    fn bump(&mut self) -> &'t Token {
        let t = self.peek();
        if self.pos < self.toks.len() {
            self.pos += 1;
        }
        t
    }
    fn prev_span(&self) -> Span {
        self.toks
            .get(self.pos.saturating_sub(1))
            .map_or(Span::default(), |t| t.span)
    }
    fn at_word(&self, w: &str) -> bool {
        matches!(&self.peek().tok, Tok::Word(x) if x == w)
    }
    fn at_punct(&self, p: &str) -> bool {
        matches!(&self.peek().tok, Tok::Punct(x) if *x == p)
    }
    fn eat_word(&mut self, w: &str) -> bool {
        let hit = self.at_word(w);
        if hit {
            self.pos += 1;
        }
        hit
    }
    fn eat_punct(&mut self, p: &str) -> bool {
        let hit = self.at_punct(p);
        if hit {
            self.pos += 1;
        }
        hit
    }

    fn expected(&self, what_zh: &str, what_en: &str) -> Diag {
        let t = self.peek();
        let found = describe(&t.tok, self.lang);
        Diag::error(
            "ylcheck::rules::syntax",
            tr(
                self.lang,
                format!("此处应为{what_zh}，实际是{found}"),
                format!("expected {what_en}, found {found}"),
            ),
        )
        .with_label(
            t.span,
            tr(
                self.lang,
                format!("应为{what_zh}"),
                format!("expected {what_en}"),
            ),
        )
    }

    fn expect_punct(&mut self, p: &str) -> PResult<Span> {
        if self.at_punct(p) {
            Ok(self.bump().span)
        } else {
            Err(self.expected(&format!("`{p}`"), &format!("`{p}`")))
        }
    }

    fn word(&mut self, zh: &str, en: &str) -> PResult<Ident> {
        match &self.peek().tok {
            Tok::Word(w) => {
                let span = self.bump().span;
                Ok(Ident {
                    name: w.clone(),
                    span,
                })
            }
            _ => Err(self.expected(zh, en)),
        }
    }

    fn string(&mut self) -> PResult<Str> {
        match &self.peek().tok {
            Tok::Str(s) => {
                let span = self.bump().span;
                Ok(Str {
                    text: s.clone(),
                    span,
                })
            }
            _ => Err(self
                .expected("带引号的文本", "quoted text")
                .with_help(self.lang.pick(
                    "文本要写在双引号里，如 \"街道\"",
                    "write text in double quotes, like \"street\"",
                ))),
        }
    }

    fn date(&mut self) -> PResult<Ident> {
        match &self.peek().tok {
            Tok::Date(d) => {
                let span = self.bump().span;
                Ok(Ident {
                    name: d.clone(),
                    span,
                })
            }
            _ => Err(self.expected("日期", "a date").with_help(
                self.lang
                    .pick("日期写作 2022-12-31", "write dates as 2022-12-31"),
            )),
        }
    }

    /// `ID := (WORD | NUMBER) ("-" (WORD | NUMBER))*` with no spaces between.
    fn id(&mut self) -> PResult<Ident> {
        let first = self.peek();
        let mut name = match &first.tok {
            Tok::Word(w) | Tok::Number(w) => w.clone(),
            _ => return Err(self.expected("名称", "a name")),
        };
        let start = first.span;
        let mut end = self.bump().span;
        loop {
            let dash = self.peek();
            let next = self.toks.get(self.pos + 1);
            match (&dash.tok, next) {
                (Tok::Punct("-"), Some(n))
                    if dash.span.start == end.end
                        && n.span.start == dash.span.end
                        && matches!(n.tok, Tok::Word(_) | Tok::Number(_)) =>
                {
                    if let Tok::Word(w) | Tok::Number(w) = &n.tok {
                        name.push('-');
                        name.push_str(w);
                    }
                    self.pos += 2;
                    end = n.span;
                }
                _ => break,
            }
        }
        Ok(Ident {
            name,
            span: start.to(end),
        })
    }

    /// `bi := "zh" STR "en" STR | "en" STR "zh" STR`
    fn bilingual(&mut self) -> PResult<Bilingual> {
        let (mut zh, mut en) = (None, None);
        for _ in 0..2 {
            if self.eat_word("zh") {
                zh = Some(self.string()?);
            } else if self.eat_word("en") {
                en = Some(self.string()?);
            } else {
                break;
            }
        }
        match (zh, en) {
            (Some(zh), Some(en)) => Ok(Bilingual { zh, en }),
            _ => Err(self
                .expected("`zh \"…\" en \"…\"`", "`zh \"…\" en \"…\"`")
                .with_help(self.lang.pick(
                    "每段面向用户的文字都要有中文和英文：zh \"中文\" en \"English\"",
                    "every user-facing text needs Chinese and English: zh \"中文\" en \"English\"",
                ))),
        }
    }

    fn parse_file(&mut self) -> PResult<File> {
        let mut file = File::default();
        loop {
            let item = match &self.peek().tok {
                Tok::Eof => return Ok(file),
                Tok::Word(w) if w == "pack" => Item::Pack(self.parse_pack()?),
                Tok::Word(w) if w == "entity" || w == "extend" => {
                    Item::Entity(self.parse_entity()?)
                }
                Tok::Word(w) if w == "rule" => Item::Rule(Box::new(self.parse_rule()?)),
                Tok::Word(w) if w == "test" => Item::Test(self.parse_test()?),
                Tok::Word(w) if w == "unchecked" => Item::Unchecked(self.parse_unchecked()?),
                Tok::Word(w) if w == "partial" => Item::Partial(self.parse_partial()?),
                Tok::Word(w) if w == "param" => {
                    self.bump();
                    let name = self.word("参数名", "a parameter name")?;
                    self.expect_punct("=")?;
                    let value = self.expr()?;
                    Item::Param(ParamDecl { name, value })
                }
                Tok::Word(w) if w == "define" => {
                    self.bump();
                    let name = self.word("定义名", "a definition's name")?;
                    self.expect_punct("=")?;
                    let value = self.expr()?;
                    Item::Define(ParamDecl { name, value })
                }
                _ => {
                    return Err(self.expected(
                        "`pack`、`entity`、`rule`、`test`、`param` 或 `define`",
                        "`pack`, `entity`, `rule`, `test`, `param` or `define`",
                    ));
                }
            };
            file.items.push(item);
        }
    }

    /// `pack := "pack" ID "{" ("title" bi | "source" STR | "region" STR | "issued" DATE)* "}"`
    fn parse_pack(&mut self) -> PResult<PackDecl> {
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
            let key = self.word(
                "`title`、`source`、`region`、`issued` 或 `}`",
                "`title`, `source`, `region`, `issued` or `}`",
            )?;
            match key.name.as_str() {
                "title" => pack.title = Some(self.bilingual()?),
                "source" => pack.source = Some(self.string()?),
                "region" => pack.region = Some(self.string()?),
                "issued" => pack.issued = Some(self.date()?),
                _ => {
                    self.pos -= 1;
                    return Err(self.expected(
                        "`title`、`source`、`region`、`issued` 或 `}`",
                        "`title`, `source`, `region`, `issued` or `}`",
                    ));
                }
            }
        }
        Ok(pack)
    }

    /// `entity := "extend"? "entity" WORD STR* "{" (field | check | key | disjoint)* "}"`
    fn parse_entity(&mut self) -> PResult<EntityDecl> {
        let extend = self.eat_word("extend");
        if !self.eat_word("entity") {
            return Err(self.expected("`entity`", "`entity`"));
        }
        let name = self.word("实体名称", "an entity name")?;
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
                disjoint = Some(self.word("几何字段名", "a geometry field name")?);
                continue;
            }
            if self.at_word("key") && !matches!(self.peek_at(1), Tok::Punct(":")) {
                self.bump();
                key.push(self.word("字段名", "a field name")?);
                while self.eat_punct(",") {
                    key.push(self.word("字段名", "a field name")?);
                }
                continue;
            }
            let fname = self.word("字段名或 `}`", "a field name or `}`")?;
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
            let point = if self.eat_word("or") {
                if !self.eat_word("point") {
                    return Err(self.expected("`point`", "`point`"));
                }
                self.expect_punct("(")?;
                let lon = self.word("经度字段名", "a longitude field name")?;
                self.expect_punct(",")?;
                let lat = self.word("纬度字段名", "a latitude field name")?;
                self.expect_punct(")")?;
                Some((lon, lat))
            } else {
                None
            };
            self.eat_punct(",");
            fields.push(FieldDecl {
                name: fname,
                ty,
                aliases,
                point,
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

    /// `check := "check" WORD ("<=" | "<" | ">=" | ">") (WORD | NUMBER UNIT?) bilingual`
    fn parse_check(&mut self) -> PResult<CheckDecl> {
        let left = self.word("字段名", "a field name")?;
        let t = self.peek();
        let op = match &t.tok {
            Tok::Punct(p @ ("<=" | "<" | ">=" | ">")) => Ident {
                name: p.to_string(),
                span: t.span,
            },
            _ => {
                return Err(self.expected("`<=`、`<`、`>=` 或 `>`", "`<=`, `<`, `>=` or `>`"));
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
            _ => CheckOperand::Field(self.word("字段名或数值", "a field name or a number")?),
        };
        let message = self.bilingual()?;
        Ok(CheckDecl {
            left,
            op,
            right,
            message,
        })
    }

    /// `type := "enum" "{" (WORD STR* ","?)* "}" | WORD UNIT?`
    fn parse_type(&mut self) -> PResult<TypeDecl> {
        if self.at_word("enum") {
            let start = self.bump().span;
            self.expect_punct("{")?;
            let mut vs = Vec::new();
            while !self.eat_punct("}") {
                let name = self.word("枚举值名称或 `}`", "an enum value name or `}`")?;
                let mut labels = Vec::new();
                while matches!(self.peek().tok, Tok::Str(_)) {
                    labels.push(self.string()?);
                }
                self.eat_punct(",");
                vs.push(VariantDecl { name, labels });
            }
            return Ok(TypeDecl::Enum(vs, start.to(self.prev_span())));
        }
        let ty = self.word("字段类型", "a field type")?;
        let unit = self.unit_after()?;
        let reported = if self.at_word("reported") {
            Some(self.word("", "")?)
        } else {
            None
        };
        Ok(TypeDecl::Named { ty, unit, reported })
    }

    /// A unit directly after a number or a type: a known unit word or symbol, or any
    /// word written with no space after the number (then checked, for a good error).
    fn unit_after(&mut self) -> PResult<Option<Ident>> {
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

    /// `rule := "rule" ID "{" (KEY value)* "}"` where KEY is one of title, message,
    /// note, cite, severity, for, from, until, require.
    fn parse_rule(&mut self) -> PResult<RuleDecl> {
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
        const KEYS_ZH: &str = "`title`、`message`、`requirement`、`note`、`cite`、`standard`、`severity`、`for`、`from`、`until`、`due`、`let`、`require` 或 `}`";
        const KEYS_EN: &str = "`title`, `message`, `requirement`, `note`, `cite`, `standard`, `severity`, `for`, `from`, `until`, `due`, `let`, `require` or `}`";
        while !self.eat_punct("}") {
            let key = self.word(KEYS_ZH, KEYS_EN)?;
            match key.name.as_str() {
                "title" => title = Some(self.bilingual()?),
                "message" => message = Some(self.bilingual()?),
                "requirement" => requirement = Some(self.bilingual()?),
                "note" => note = Some(self.bilingual()?),
                "cite" => cite = Some(self.string()?),
                "standard" => standards = self.strings()?,
                "severity" => {
                    severity = Some(self.word(
                        "`error`、`warning` 或 `info`",
                        "`error`, `warning` or `info`",
                    )?)
                }
                "for" => {
                    entity = Some(self.word("实体名称", "an entity name")?);
                    if self.eat_word("where") {
                        filter = Some(self.expr()?);
                    }
                }
                "from" => from = Some(self.date()?),
                "until" => until = Some(self.date()?),
                "due" => due = Some(self.date()?),
                "let" => {
                    let name = self.word("名称", "a name")?;
                    self.expect_punct("=")?;
                    lets.push((name, self.expr()?));
                }
                "require" => require = Some(self.expr()?),
                _ => {
                    self.pos -= 1;
                    return Err(self.expected(KEYS_ZH, KEYS_EN));
                }
            }
        }
        let span = start.to(self.prev_span());
        let missing = |zh: &str, en: &str| {
            Diag::error(
                "ylcheck::rules::syntax",
                tr(
                    self.lang,
                    format!("规则 `{}` 缺少 `{zh}`", id.name),
                    format!("rule `{}` has no `{en}`", id.name),
                ),
            )
            .with_label(id.span, self.lang.pick("这条规则", "this rule"))
        };
        let Some(entity) = entity else {
            return Err(missing("for", "for").with_help(self.lang.pick(
                "用 `for 实体 where 条件` 说明规则检查哪些记录",
                "say which records the rule checks with `for ENTITY where CONDITION`",
            )));
        };
        let Some(require) = require else {
            return Err(missing("require", "require").with_help(self.lang.pick(
                "用 `require 条件` 写出标准要求",
                "state the standard with `require CONDITION`",
            )));
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

    /// `unchecked := "unchecked" STR "{" ("cite" STR | "reason" bi)* "}"`: a standard
    /// of the pack's document that no rule checks, and why.
    fn parse_unchecked(&mut self) -> PResult<UncheckedDecl> {
        self.bump();
        let id = self.string()?;
        self.expect_punct("{")?;
        let (mut cite, mut reason) = (None, None);
        while !self.eat_punct("}") {
            let key = self.word("`cite`、`reason` 或 `}`", "`cite`, `reason` or `}`")?;
            match key.name.as_str() {
                "cite" => cite = Some(self.string()?),
                "reason" => reason = Some(self.bilingual()?),
                _ => {
                    self.pos -= 1;
                    return Err(self.expected("`cite`、`reason` 或 `}`", "`cite`, `reason` or `}`"));
                }
            }
        }
        let Some(reason) = reason else {
            return Err(self
                .expected("`reason zh \"…\" en \"…\"`", "`reason zh \"…\" en \"…\"`")
                .with_help(self.lang.pick(
                    "说明为什么无法从数据检查这条标准",
                    "say why this standard cannot be checked from data",
                )));
        };
        Ok(UncheckedDecl { id, cite, reason })
    }

    /// `partial := "partial" STR "{" ("cite" STR | "missing" bi)* "}"`: a standard the
    /// pack's rules check only in part, and the part they do not check.
    fn parse_partial(&mut self) -> PResult<PartialDecl> {
        self.bump();
        let id = self.string()?;
        self.expect_punct("{")?;
        let (mut cite, mut missing) = (None, None);
        while !self.eat_punct("}") {
            let key = self.word("`cite`、`missing` 或 `}`", "`cite`, `missing` or `}`")?;
            match key.name.as_str() {
                "cite" => cite = Some(self.string()?),
                "missing" => missing = Some(self.bilingual()?),
                _ => {
                    self.pos -= 1;
                    return Err(
                        self.expected("`cite`、`missing` 或 `}`", "`cite`, `missing` or `}`")
                    );
                }
            }
        }
        let Some(missing) = missing else {
            return Err(self
                .expected("`missing zh \"…\" en \"…\"`", "`missing zh \"…\" en \"…\"`")
                .with_help(self.lang.pick(
                    "说明这条标准的哪一部分没有规则检查",
                    "say which part of this standard no rule checks",
                )));
        };
        Ok(PartialDecl { id, cite, missing })
    }

    /// `test := "test" ID "{" (EXPECT WORD "{" (WORD "=" expr ","?)* "}")* "}"`
    fn parse_test(&mut self) -> PResult<TestDecl> {
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
            let kw = self.word(
                "`pass`、`fail`、`unknown`、`skip`、`given` 或 `}`",
                "`pass`, `fail`, `unknown`, `skip`, `given` or `}`",
            )?;
            let expect = match kw.name.as_str() {
                "pass" => Expect::Pass,
                "fail" => Expect::Fail,
                "unknown" => Expect::Unknown,
                "skip" => Expect::Skip,
                "given" => Expect::Given,
                _ => {
                    self.pos -= 1;
                    return Err(self.expected(
                        "`pass`、`fail`、`unknown`、`skip`、`given` 或 `}`",
                        "`pass`, `fail`, `unknown`, `skip`, `given` or `}`",
                    ));
                }
            };
            let entity = match self.peek_at(0) {
                Tok::Punct(p) if *p == "{" => None,
                _ => Some(self.word("实体名称或 `{`", "an entity name or `{`")?),
            };
            self.expect_punct("{")?;
            let mut fields = Vec::new();
            while !self.eat_punct("}") {
                let f = self.word("字段名或 `}`", "a field name or `}`")?;
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

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            let t = self.peek();
            return Err(Diag::error(
                "ylcheck::rules::too-deep",
                tr(
                    self.lang,
                    format!("表达式嵌套超过 {MAX_DEPTH} 层"),
                    format!("expression nested deeper than {MAX_DEPTH} levels"),
                ),
            )
            .with_label(t.span, self.lang.pick("嵌套太深", "too deep here"))
            .with_help(self.lang.pick(
                "把条件拆成几条规则或去掉多余的括号",
                "split the condition into several rules or drop redundant parentheses",
            )));
        }
        Ok(())
    }

    /// `expr := or`
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

    /// `or := and ("or" and)*`
    fn or(&mut self) -> PResult<Expr> {
        self.binary_chain(&[("or", BinOp::Or)], Self::and)
    }

    /// `and := not ("and" not)*`
    fn and(&mut self) -> PResult<Expr> {
        self.binary_chain(&[("and", BinOp::And)], Self::not)
    }

    /// `not := "not" not | compare`
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

    /// `compare := sum (CMP sum | "in" list | ("contains_all" | "contains_any") list)?`
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
                return Err(self.expected("比较运算符", "a comparison").with_help(
                    self.lang
                        .pick("相等比较写作 `==`", "equality is written `==`"),
                ));
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

    /// `list := "[" (expr ("," expr)* ","?)? "]"`
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

    /// `sum := product (("+" | "-") product)*`
    fn sum(&mut self) -> PResult<Expr> {
        self.binary_chain(&[("+", BinOp::Add), ("-", BinOp::Sub)], Self::product)
    }

    /// `product := unary (("*" | "/") unary)*`
    fn product(&mut self) -> PResult<Expr> {
        self.binary_chain(&[("*", BinOp::Mul), ("/", BinOp::Div)], Self::unary)
    }

    /// `unary := "-" unary | primary`
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

    /// ```text
    /// primary := NUMBER UNIT? | STRING | DATE | "true" | "false" | "as_of"
    ///          | "if" expr "then" expr "else" expr | "(" expr ")" | list
    ///          | AGG "(" (expr "of")? WORD ("where" expr)? ")" | "present" "(" WORD ")"
    ///          | "self" "." WORD | WORD
    /// ```
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
            _ => return Err(self.expected("表达式", "an expression")),
        };
        Ok(Expr { kind, span })
    }

    /// The words of `primary`: keywords, calls and names. Kept out of `primary`, whose
    /// frame every `(` of a nested expression repeats, so the depth limit fits in a
    /// thread's stack with room to spare.
    #[inline(never)]
    fn word_primary(&mut self, span: Span) -> PResult<Expr> {
        let Tok::Word(w) = &self.peek().tok else {
            return Err(self.expected("表达式", "an expression"));
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
                ExprKind::Unknown
            }
            "if" => {
                self.bump();
                let c = self.expr()?;
                if !self.eat_word("then") {
                    return Err(self.expected("`then`", "`then`"));
                }
                let a = self.expr()?;
                if !self.eat_word("else") {
                    return Err(self.expected("`else`", "`else`").with_help(self.lang.pick(
                        "`if` 必须有 `else` 分支",
                        "every `if` needs an `else` branch",
                    )));
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
                let f = self.word("字段名", "a field name")?;
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
                let f = self.word("字段名", "a field name")?;
                let end = self.expect_punct(")")?;
                return Ok(Expr {
                    kind: ExprKind::Present(f, own),
                    span: span.to(end),
                });
            }
            "agrees" if matches!(self.peek_at(1), Tok::Punct("(")) => {
                self.pos += 2;
                let field = self.word("字段名", "a field name")?;
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
                        let w = self.word("模式名", "a pattern's name")?;
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
                    || super::ast::Builtin::from_name(name).is_some()) =>
            {
                return self.call(span);
            }
            name if AggFunc::from_name(name).is_some()
                && matches!(self.peek_at(1), Tok::Punct("(")) =>
            {
                return self.aggregate();
            }
            name if KEYWORDS.contains(&name) => {
                return Err(self.expected("表达式", "an expression"));
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
                super::ast::Builtin::from_name(&name).unwrap_or(super::ast::Builtin::Monday),
                args,
            ),
        };
        Ok(Expr {
            kind,
            span: span.to(end),
        })
    }

    /// `AGG "(" (expr "of")? WORD ("where" expr)? ")"`
    fn aggregate(&mut self) -> PResult<Expr> {
        let name = self.bump();
        let Tok::Word(w) = &name.tok else {
            return Err(self.expected("聚合函数", "an aggregate"));
        };
        let func =
            AggFunc::from_name(w).ok_or_else(|| self.expected("聚合函数", "an aggregate"))?;
        self.expect_punct("(")?;
        let body = if func.has_body() {
            let b = self.expr()?;
            if !self.eat_word("of") {
                return Err(self.expected("`of`", "`of`").with_help(tr(
                    self.lang,
                    format!("写作 `{w}(表达式 of 实体 where 条件)`"),
                    format!("write `{w}(EXPR of ENTITY where CONDITION)`"),
                )));
            }
            Some(Box::new(b))
        } else {
            None
        };
        let entity = self.word("实体名称", "an entity name")?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::lexer::lex;

    fn parse_str(s: &str) -> PResult<File> {
        parse(&lex(s, Lang::En)?, Lang::En)
    }

    #[test]
    fn parses_a_rule_with_ids_and_units() {
        let f = parse_str(
            "rule street-center-floor-area { cite \"x\" for facility where kind == street_center require floor_area >= 2000 m2 }",
        );
        let Ok(f) = f else { panic!("{f:?}") };
        let Some(Item::Rule(r)) = f.items.first() else {
            panic!()
        };
        assert_eq!(r.id.name, "street-center-floor-area");
        assert!(
            matches!(&r.require.kind, ExprKind::Binary(BinOp::Ge, _, rhs)
            if matches!(&rhs.kind, ExprKind::Num { unit: Some(u), .. } if u.name == "m2"))
        );
    }

    #[test]
    fn precedence_and_then_or() {
        let f = parse_str("rule r { for x require a or b and not c }");
        let Ok(f) = f else { panic!() };
        let Some(Item::Rule(r)) = f.items.first() else {
            panic!()
        };
        assert!(
            matches!(&r.require.kind, ExprKind::Binary(BinOp::Or, _, rhs)
            if matches!(&rhs.kind, ExprKind::Binary(BinOp::And, _, _)))
        );
    }

    #[test]
    fn parses_partial_and_requires_missing() {
        let f = parse_str(
            "partial \"KF-4b\" { cite \"汴政〔2022〕2号 一.4\" missing zh \"验收\" en \"acceptance\" }",
        );
        let Ok(f) = f else { panic!("{f:?}") };
        let Some(Item::Partial(p)) = f.items.first() else {
            panic!()
        };
        assert_eq!(p.id.text, "KF-4b");
        assert_eq!(p.missing.en.text, "acceptance");
        assert!(p.cite.is_some());
        // what is not checked is the point of the declaration: it cannot be left out
        assert!(parse_str("partial \"KF-4b\" { cite \"x\" }").is_err());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!(
            "rule r {{ for x require {}a{} }}",
            "(".repeat(10_000),
            ")".repeat(10_000)
        );
        let err = parse_str(&deep).err().map(|d| d.code);
        assert_eq!(err.as_deref(), Some("ylcheck::rules::too-deep"));
        let nots = format!("rule r {{ for x require {}a }}", "not ".repeat(10_000));
        assert!(parse_str(&nots).is_err());
        let negs = format!("rule r {{ for x require {}a }}", "-".repeat(10_000));
        assert!(parse_str(&negs).is_err());
        let chain = format!("rule r {{ for x require a{} }}", " + a".repeat(10_000));
        assert!(parse_str(&chain).is_err());
    }
}

#[cfg(test)]
mod guide {
    use super::KEYWORDS;
    use crate::lang::ast::{AggFunc, Builtin};
    use crate::spatial::Func;

    /// The expression grammar of docs/language.md names every keyword the parser
    /// reserves, and every word it quotes is one the parser knows: the guide and the
    /// parser cannot drift apart unnoticed.
    #[test]
    fn the_language_guide_grammar_is_the_parsers() {
        let doc = include_str!("../../docs/language.md");
        let from = doc.find("### Expressions").unwrap_or(0);
        let block = doc[from..].split("```").nth(1).unwrap_or_default();
        let quoted: Vec<&str> = block
            .split('"')
            .skip(1)
            .step_by(2)
            .filter(|w| w.chars().all(|c| c.is_ascii_alphabetic() || c == '_'))
            .collect();
        for k in KEYWORDS {
            assert!(
                quoted.contains(k),
                "`{k}` is missing from the guide's grammar"
            );
        }
        for w in &quoted {
            let known = KEYWORDS.contains(w)
                || AggFunc::from_name(w).is_some()
                || Func::from_name(w).is_some()
                || Builtin::from_name(w).is_some()
                || *w == "by";
            assert!(
                known,
                "the guide's grammar names `{w}`, which the parser does not know"
            );
        }
    }
}
