//! Tokens of the rule language, recognised with nom.
//!
//! ```text
//! token   := date | number | string | word | punct
//! date    := DIGIT{4} "-" DIGIT{2} "-" DIGIT{2}
//! number  := DIGIT+ ("." DIGIT+)?
//! string  := '"' (char | '\"' | '\\' | '\n')* '"'
//! word    := (ALPHA | "_" | CJK) (ALNUM | "_" | CJK | "²")*
//! punct   := "==" | "!=" | "<=" | ">=" | one of { } ( ) [ ] , : . = < > + - * / % ‰ ％ ㎡
//! comment := "#" to end of line
//! ```
//! A rule id such as `street-center-floor-area` is several tokens; the parser joins
//! adjacent ones, so `a-b` with spaces stays a subtraction.

use super::error::LangError;
use super::span::Span;
use nom::bytes::complete::{tag, take_while, take_while_m_n};
use nom::character::complete::{char, digit1};
use nom::combinator::{opt, recognize};
use nom::sequence::{pair, preceded};
use nom::{IResult, Parser};

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Word(String),
    /// A decimal number exactly as written (parsed exactly later).
    Number(String),
    Str(String),
    Date(String),
    Punct(&'static str),
    Eof,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// Longest rule file accepted: far beyond any real pack, small enough to stay fast.
pub const MAX_RULE_FILE: usize = 4 << 20;

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}
fn word_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || is_cjk(c)
}
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '²' || is_cjk(c)
}

fn date(i: &str) -> IResult<&str, &str> {
    recognize((
        take_while_m_n(4, 4, |c: char| c.is_ascii_digit()),
        char('-'),
        take_while_m_n(2, 2, |c: char| c.is_ascii_digit()),
        char('-'),
        take_while_m_n(2, 2, |c: char| c.is_ascii_digit()),
    ))
    .parse(i)
}

fn number(i: &str) -> IResult<&str, &str> {
    recognize(pair(digit1, opt(preceded(char('.'), digit1)))).parse(i)
}

fn word(i: &str) -> IResult<&str, &str> {
    recognize(pair(
        take_while_m_n(1, 1, word_start),
        take_while(word_char),
    ))
    .parse(i)
}

const PUNCTS: &[&str] = &[
    "==", "!=", "<=", ">=", "{", "}", "(", ")", "[", "]", ",", ":", ".", "=", "<", ">", "+", "-",
    "*", "/", "%", "‰", "％", "㎡",
];

fn punct(i: &str) -> IResult<&str, &'static str> {
    for p in PUNCTS {
        if let Some(rest) = i.strip_prefix(p) {
            return Ok((rest, p));
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(
        i,
        nom::error::ErrorKind::Tag,
    )))
}

fn skip_trivia(i: &str) -> &str {
    let mut i = i;
    loop {
        let t = i.trim_start();
        if let Ok((rest, _)) = preceded(
            tag::<_, _, nom::error::Error<&str>>("#"),
            take_while(|c| c != '\n'),
        )
        .parse(t)
        {
            i = rest;
        } else {
            return t;
        }
    }
}

/// Reads a string body after the opening quote; returns the rest after the closing one.
fn string_body(i: &str) -> Result<(&str, String), usize> {
    let mut out = String::new();
    let mut chars = i.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return Ok((&i[at + 1..], out)),
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, c @ ('"' | '\\'))) => out.push(c),
                Some((_, c)) => {
                    out.push('\\');
                    out.push(c);
                }
                None => return Err(i.len()),
            },
            '\n' => return Err(at),
            c => out.push(c),
        }
    }
    Err(i.len())
}

/// Splits a rule file into tokens, ending with [`Tok::Eof`].
pub(crate) fn lex(text: &str) -> Result<Vec<Token>, LangError> {
    let mut toks = Vec::new();
    let mut rest = skip_trivia(text);
    while !rest.is_empty() {
        let start = text.len() - rest.len();
        let (next, tok) = if let Some(body) = rest.strip_prefix('"') {
            match string_body(body) {
                Ok((next, s)) => (next, Tok::Str(s)),
                Err(_) => {
                    return Err(LangError::Unterminated {
                        span: Span::new(start, start + 1),
                    });
                }
            }
        } else if let Ok((next, d)) = date(rest) {
            (next, Tok::Date(d.to_string()))
        } else if let Ok((next, n)) = number(rest) {
            (next, Tok::Number(n.to_string()))
        } else if let Ok((next, w)) = word(rest) {
            (next, Tok::Word(w.to_string()))
        } else if let Ok((next, p)) = punct(rest) {
            (next, Tok::Punct(p))
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            let end = start + c.len_utf8();
            return Err(LangError::UnexpectedChar {
                c,
                span: Span::new(start, end),
            });
        };
        let end = text.len() - next.len();
        toks.push(Token {
            tok,
            span: Span::new(start, end),
        });
        rest = skip_trivia(next);
    }
    toks.push(Token {
        tok: Tok::Eof,
        span: Span::new(text.len(), text.len()),
    });
    Ok(toks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        lex(s)
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    #[test]
    fn lexes_the_pieces() {
        assert_eq!(
            toks("floor_area >= 2000 m2 # comment\n from 2022-12-31 \"全托\" 55.8亩"),
            vec![
                Tok::Word("floor_area".into()),
                Tok::Punct(">="),
                Tok::Number("2000".into()),
                Tok::Word("m2".into()),
                Tok::Word("from".into()),
                Tok::Date("2022-12-31".into()),
                Tok::Str("全托".into()),
                Tok::Number("55.8".into()),
                Tok::Word("亩".into()),
                Tok::Eof,
            ]
        );
    }

    #[test]
    fn rejects_unterminated_strings_and_stray_chars() {
        assert!(lex("title \"abc").is_err());
        assert!(lex("a @ b").is_err());
    }
}
