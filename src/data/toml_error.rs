//! A TOML syntax error explained to a planner, in their language.
//!
//! Plans are typed by hand, often with a Chinese input method left on: `“城东”`
//! for `"城东"`, `＝` for `=`, `，` between items. The parser then reports
//! something about literal strings that no planner can act on; so the error
//! is restated in the user's language and, where the line holds full-width
//! punctuation outside a string, points at it and shows the line as it should
//! read.

use super::ctx::Ctx;
use super::error::DataError;

/// Full-width punctuation an input method types where TOML needs ASCII, and
/// what it should be.
const FULL_WIDTH: &[(char, &str)] = &[
    ('“', "\""),
    ('”', "\""),
    ('‘', "'"),
    ('’', "'"),
    ('＂', "\""),
    ('＇', "'"),
    ('＝', "="),
    ('：', "="),
    ('，', ","),
    ('【', "["),
    ('】', "]"),
    ('［', "["),
    ('］', "]"),
    ('｛', "{"),
    ('｝', "}"),
];

/// The diagnostic for a TOML parse error at `span` with the parser's `message`.
pub(crate) fn explain(ctx: &Ctx<'_>, span: std::ops::Range<usize>, message: &str) -> DataError {
    let text = ctx.text;
    let start = span.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text.get(line_start..line_end).unwrap_or("");
    let line_no = text[..line_start].matches('\n').count() + 1;
    let message = message.trim();
    let (zh, en) = restate(message);
    if let Some((at, ch)) = full_width(line) {
        let fixed = fix(line);
        let ascii = FULL_WIDTH
            .iter()
            .find(|(c, _)| *c == ch)
            .map_or("", |(_, a)| *a);
        return DataError::TomlFullWidth {
            at: ctx.at((line_start + at, ch.len_utf8())),
            line: line_no,
            zh,
            en,
            ch,
            ascii,
            fixed,
        };
    }
    let len = span.end.saturating_sub(span.start);
    DataError::Toml {
        at: ctx.at((start, len)),
        line: line_no,
        zh,
        en,
    }
}

/// The parser's message in Chinese, and in English as the parser wrote it.
fn restate(message: &str) -> (String, String) {
    const KNOWN: &[(&str, &str)] = &[
        ("string values must be quoted", "文字要用英文双引号括起来"),
        ("key with no value", "键后面应是 = 和值"),
        (
            "missing comma between array elements",
            "数组的元素之间缺少英文逗号",
        ),
        ("invalid basic string", "字符串缺少结尾的双引号"),
        ("invalid literal string", "字符串缺少结尾的单引号"),
        ("unclosed array table", "[[表名]] 的方括号没有闭合"),
        ("unclosed table", "[表名] 的方括号没有闭合"),
        ("unclosed array", "数组的方括号没有闭合"),
        ("duplicate key", "同一个键写了两次"),
        ("unexpected key or value", "一行只能写一个“键 = 值”"),
        ("invalid number", "不是有效的数字"),
        ("invalid date", "不是有效的日期"),
    ];
    let first = message.lines().next().unwrap_or(message);
    match KNOWN.iter().find(|(k, _)| first.starts_with(k)) {
        Some((_, zh)) => (zh.to_string(), first.to_string()),
        None => (format!("无法解析（{first}）"), first.to_string()),
    }
}

/// The first full-width punctuation outside a string or comment, by byte offset.
fn full_width(line: &str) -> Option<(usize, char)> {
    outside_strings(line).find(|(_, c)| FULL_WIDTH.iter().any(|(f, _)| f == c))
}

/// The characters of a line that are not inside an ASCII-quoted string or a
/// comment, with their offsets.
fn outside_strings(line: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    line.char_indices().filter(move |&(_, c)| {
        if comment {
            return false;
        }
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
                false
            }
            None => match c {
                '"' | '\'' => {
                    quote = Some(c);
                    false
                }
                '#' => {
                    comment = true;
                    false
                }
                _ => true,
            },
        }
    })
}

/// The line with its full-width punctuation (outside strings) made ASCII; a
/// full-width comma ending a line outside brackets is dropped.
fn fix(line: &str) -> String {
    let outside: Vec<(usize, char)> = outside_strings(line).collect();
    let depth = outside
        .iter()
        .map(|(_, c)| match c {
            '[' | '［' | '【' | '{' | '｛' => 1,
            ']' | '］' | '】' | '}' | '｝' => -1,
            _ => 0,
        })
        .sum::<i32>();
    let last = outside
        .iter()
        .rev()
        .find(|(_, c)| !c.is_whitespace())
        .copied();
    let mut out = String::with_capacity(line.len());
    for (i, c) in line.char_indices() {
        let replace = outside.binary_search_by_key(&i, |(o, _)| *o).is_ok();
        if replace && last == Some((i, '，')) && depth <= 0 {
            continue;
        }
        match FULL_WIDTH.iter().find(|(f, _)| *f == c) {
            Some((_, ascii)) if replace => out.push_str(ascii),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_full_width_outside_strings_only() {
        assert_eq!(full_width("name = “城东”"), Some((7, '“')));
        assert_eq!(full_width("services = \"助餐，助浴\""), None);
        assert_eq!(full_width("name = \"x\" # 注释：全角"), None);
        assert_eq!(full_width("name ＝ \"城东\""), Some((5, '＝')));
    }

    #[test]
    fn shows_the_line_as_it_should_read() {
        assert_eq!(fix("name = “城东”"), "name = \"城东\"");
        assert_eq!(fix("name： \"x\""), "name= \"x\"");
        assert_eq!(fix("services = [\"a\"，\"b\"]"), "services = [\"a\",\"b\"]");
        assert_eq!(
            fix("kind = \"street_center\"，"),
            "kind = \"street_center\""
        );
        assert_eq!(fix("【【facility】】"), "[[facility]]");
        assert_eq!(fix("name = ‘西关’ # “注释”"), "name = '西关' # “注释”");
        assert_eq!(fix("note = \"甲，乙\""), "note = \"甲，乙\"");
    }
}
