//! Recursive descent over the lexer's tokens. The grammar is `grammar.txt`, one
//! file that this documentation, `docs/language.md` and the parser's tests read:
//!
#![doc = concat!("```text\n", include_str!("grammar.txt"), "```")]
//!
//! Nesting is limited to [`MAX_DEPTH`] so a hostile file is refused, not a stack overflow.

use super::ast::*;
use super::error::{LangError, Want};
use super::lexer::{Tok, Token};
use super::span::Span;

mod decls;
mod expr;
mod rule_decls;
mod words;

pub use super::limits::MAX_DEPTH;

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
}

type PResult<T> = Result<T, LangError>;

/// Parses a token stream (ending in `Eof`) into a file.
pub(crate) fn parse(toks: &[Token]) -> PResult<File> {
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    p.parse_file()
}

/// A token as an error shows it; `None` for the end of the file.
fn describe(t: &Tok) -> Option<String> {
    Some(match t {
        Tok::Word(w) => format!("`{w}`"),
        Tok::Number(n) => format!("`{n}`"),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Date(d) => format!("`{d}`"),
        Tok::Punct(p) => format!("`{p}`"),
        Tok::Eof => return None,
    })
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

    fn expected(&self, want: Want) -> LangError {
        let t = self.peek();
        LangError::Expected {
            want,
            found: describe(&t.tok),
            span: t.span,
        }
    }

    fn expect_punct(&mut self, p: &'static str) -> PResult<Span> {
        if self.at_punct(p) {
            Ok(self.bump().span)
        } else {
            Err(self.expected(Want::Punct(p)))
        }
    }

    fn word(&mut self, want: Want) -> PResult<Ident> {
        match &self.peek().tok {
            Tok::Word(w) => {
                let span = self.bump().span;
                Ok(Ident {
                    name: w.clone(),
                    span,
                })
            }
            _ => Err(self.expected(want)),
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
            _ => Err(self.expected(Want::QuotedText)),
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
            _ => Err(self.expected(Want::Date)),
        }
    }

    /// The grammar's `ID` (`src/lang/grammar.txt`).
    fn id(&mut self) -> PResult<Ident> {
        let first = self.peek();
        let mut name = match &first.tok {
            Tok::Word(w) | Tok::Number(w) => w.clone(),
            _ => return Err(self.expected(Want::Name)),
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

    /// The grammar's `bi` (`src/lang/grammar.txt`).
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
            _ => Err(self.expected(Want::Bilingual)),
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
                    let name = self.word(Want::ParamName)?;
                    self.expect_punct("=")?;
                    let value = self.expr()?;
                    Item::Param(ParamDecl { name, value })
                }
                Tok::Word(w) if w == "define" => {
                    self.bump();
                    let name = self.word(Want::DefineName)?;
                    self.expect_punct("=")?;
                    let value = self.expr()?;
                    Item::Define(ParamDecl { name, value })
                }
                _ => {
                    return Err(self.expected(Want::Item));
                }
            };
            file.items.push(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::lexer::lex;

    fn parse_str(s: &str) -> PResult<File> {
        parse(&lex(s)?)
    }

    /// The words the parser reads as syntax, from its own source: every keyword,
    /// match arm, `eat_word`/`at_word` and `w == "…"` literal, and the names of
    /// aggregates and built-ins.
    fn syntax_words() -> Vec<String> {
        let sources = [
            include_str!("parser.rs"),
            include_str!("parser/decls.rs"),
            include_str!("parser/expr.rs"),
            include_str!("parser/rule_decls.rs"),
            include_str!("parser/words.rs"),
        ];
        let arms = regex::Regex::new(
            r#""([a-z_]+)"\s*(?:=>|\|)|(?:eat_word|at_word)\("([a-z_]+)"\)|w == "([a-z_]+)""#,
        )
        .expect("pattern");
        let mut words: Vec<String> = sources
            .iter()
            .flat_map(|src| arms.captures_iter(src))
            .filter_map(|c| {
                c.iter()
                    .skip(1)
                    .flatten()
                    .next()
                    .map(|m| m.as_str().to_string())
            })
            .chain(KEYWORDS.iter().map(|k| k.to_string()))
            .collect();
        let names =
            regex::Regex::new(r#""([a-z_]+)" => (?:AggFunc|Func|Some\(Builtin)"#).expect("pattern");
        for src in [include_str!("ast.rs"), include_str!("../spatial/mod.rs")] {
            words.extend(names.captures_iter(src).map(|c| c[1].to_string()));
        }
        words.sort();
        words.dedup();
        words
    }

    /// One grammar: every word the parser reads as syntax is in `grammar.txt`, and
    /// every production `docs/language.md` states is the grammar's own text, which
    /// it also gives whole.
    #[test]
    fn the_grammar_is_one_file_and_complete() {
        let grammar = include_str!("grammar.txt");
        let words = syntax_words();
        assert!(words.len() > 60, "{words:?}");
        let missing: Vec<&String> = words
            .iter()
            .filter(|w| !grammar.contains(&format!("\"{w}\"")))
            .collect();
        assert!(missing.is_empty(), "grammar.txt lacks {missing:?}");
        let doc = include_str!("../../docs/language.md");
        let blocks: Vec<&str> = doc
            .split("```")
            .skip(1)
            .step_by(2)
            .map(|b| b.split_once('\n').map_or("", |(_, body)| body))
            .filter(|b| b.contains(" := "))
            .collect();
        for b in &blocks {
            assert!(
                grammar.contains(b),
                "docs/language.md states a production not as grammar.txt does:\n{b}"
            );
        }
        assert!(
            blocks.contains(&grammar),
            "docs/language.md does not give the whole grammar"
        );
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
        let err = parse_str(&deep).err().map(|e| e.draft().code);
        assert_eq!(err, Some("ylcheck::rules::too-deep"));
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
