//! Text from the files a run reads — cells, headers, sheet and file names — is
//! someone else's, and reaches terminals, CI logs, merge-request comments and XML.
//! There it must stay text: a control character can clear a screen, set a window
//! title or write the clipboard (ESC, OSC, BEL); a lone CR ends a line for the
//! GitHub Actions runner, turning the rest into a workflow command; bidi overrides
//! make a line read other than it is; Markdown punctuation makes links and images
//! live; and some characters make XML not well-formed. Each is shown escaped as
//! `\u{1b}`, visibly, rather than dropped, so a reviewer sees the file was odd.

use std::borrow::Cow;

/// Whether `c` may not reach a terminal or log as itself. Newlines and tabs may.
pub(crate) fn unsafe_in_terminal(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // bidi embeddings, overrides and isolates, and the marks that steer them
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
        // line and paragraph separators, which some viewers break lines at
        | '\u{2028}' | '\u{2029}'
        // not characters; XML forbids them
        | '\u{fffe}' | '\u{ffff}')
}

/// Escapes the characters `bad` picks; a CR that ends a line (`\r\n`) is a line
/// ending, not data, and is dropped rather than shown.
fn escape_if(s: &str, bad: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') && !bad('\n') {
            continue;
        }
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// For a terminal or a CI log: every control character but `\n` and `\t`, every
/// CR (a line ends with `\n` alone in what ylcheck writes), bidi controls and
/// non-characters, escaped.
pub fn terminal(s: &str) -> Cow<'_, str> {
    escape_if(s, |c| c == '\r' || unsafe_in_terminal(c))
}

/// Where byte offsets of `s` are in [`terminal`]'s text: each escaped character
/// before an offset moves it by its escape's length less its own, each dropped CR
/// of a CRLF by one back.
pub fn terminal_offsets(s: &str, offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![0; offsets.len()];
    let mut next = order.into_iter().peekable();
    let mut delta: isize = 0;
    let mut chars = s.char_indices().peekable();
    loop {
        let at = chars.peek().map_or(s.len(), |&(i, _)| i);
        while let Some(&k) = next.peek() {
            if offsets[k] > at {
                break;
            }
            out[k] = offsets[k].saturating_add_signed(delta);
            next.next();
        }
        let Some((_, c)) = chars.next() else { break };
        if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
            delta -= 1;
        } else if c == '\r' || unsafe_in_terminal(c) {
            let shown = format!("\\u{{{:x}}}", u32::from(c)).len();
            delta += shown as isize - c.len_utf8() as isize;
        }
    }
    for k in next {
        out[k] = offsets[k].saturating_add_signed(delta);
    }
    out
}

/// For a single line (a table cell, an annotation): [`terminal`], and line breaks
/// escaped too.
pub fn line(s: &str) -> Cow<'_, str> {
    escape_if(s, |c| c == '\r' || c == '\n' || unsafe_in_terminal(c))
}

/// Most characters of a value a message quotes.
pub const QUOTED: usize = 80;

/// For a value a message quotes: one line ([`line()`]), and past [`QUOTED`]
/// characters only its start and end, around `…`. The message is read for what
/// it says of the cell; a cell of thousands of characters would bury it, and the
/// snippet and the report's own fields still point at the whole cell.
pub fn quoted(s: &str) -> Cow<'_, str> {
    let Some((cut, _)) = s.char_indices().nth(QUOTED) else {
        return line(s);
    };
    let head = s.char_indices().nth(QUOTED - 21).map_or(cut, |(i, _)| i);
    let tail = s.char_indices().rev().nth(19).map_or(s.len(), |(i, _)| i);
    let mut out = line(&s[..head]).into_owned();
    out.push('…');
    out.push_str(&line(&s[tail.max(head)..]));
    Cow::Owned(out)
}

/// For XML 1.0 text (JUnit, SVG): the characters it forbids, and those a terminal
/// must not get, escaped; markup characters are the XML writer's business.
pub fn xml(s: &str) -> Cow<'_, str> {
    escape_if(s, |c| unsafe_in_terminal(c) || (c == '\r'))
}

/// For a Markdown table cell: one line, every ASCII punctuation character that
/// Markdown or HTML could read as syntax backslash-escaped (so `[x](y)`, `![x](y)`,
/// `<b>`, `# heading`, `*emphasis*` and `` `code` `` stay as written), and `:` too,
/// so `https://…` is not made a link.
pub fn markdown(s: &str) -> String {
    let one = line(s);
    let mut out = String::with_capacity(one.len() + 8);
    for c in one.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '('
                | ')'
                | '<'
                | '>'
                | '#'
                | '!'
                | '|'
                | '~'
                | '&'
                | ':'
                | '{'
                | '}'
                | '@'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_long_value_is_quoted_by_its_start_and_end() {
        let short = "建".repeat(QUOTED);
        assert_eq!(quoted(&short), short);
        let long = format!("1{}2", "0".repeat(5000));
        let q = quoted(&long);
        assert_eq!(q.chars().count(), QUOTED);
        assert_eq!(q, format!("1{}…{}2", "0".repeat(58), "0".repeat(19)));
        // Escaped as any quote is, on both sides of the cut.
        let odd = format!("\u{1b}{}\n", "社".repeat(200));
        let q = quoted(&odd);
        assert!(q.starts_with("\\u{1b}社") && q.ends_with("社\\u{a}"), "{q}");
        assert_eq!(q.matches('…').count(), 1);
    }

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(terminal("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(terminal("x\ry"), "x\\u{d}y");
        assert_eq!(terminal("a\r\nb\r"), "a\nb\\u{d}");
        assert_eq!(terminal("l1\nl2\tok"), "l1\nl2\tok");
        assert_eq!(terminal("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(line("a\nb"), "a\\u{a}b");
        assert_eq!(xml("\u{ffff}\u{1}"), "\\u{ffff}\\u{1}");
        assert_eq!(
            markdown("[x](https://e.example) <b>#1"),
            "\\[x\\]\\(https\\://e.example\\) \\<b\\>\\#1"
        );
        assert!(matches!(terminal("开封市祥符区"), Cow::Borrowed(_)));
        // Offsets follow the text: "a\r\nb\u{1b}c" becomes "a\nb\\u{1b}c".
        let s = "a\r\nb\u{1b}c";
        let t = terminal(s);
        assert_eq!(terminal_offsets(s, &[0, 3, 4, 5, 6]), vec![0, 2, 3, 9, 10]);
        assert_eq!(&t[2..3], "b");
        assert_eq!(&t[9..10], "c");
    }

    proptest! {
        #[test]
        fn nothing_unsafe_gets_through(s in any::<String>()) {
            let t = terminal(&s);
            prop_assert!(!t.chars().any(|c| c == '\r' || unsafe_in_terminal(c)));
            // Every character boundary maps to where that character now starts.
            let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
            for (i, at) in bounds.iter().zip(terminal_offsets(&s, &bounds)) {
                let c = s[*i..].chars().next().unwrap_or(' ');
                let shown = &t[at..];
                let kept = !(c == '\r' || unsafe_in_terminal(c));
                if kept {
                    prop_assert!(shown.starts_with(c));
                }
            }
            let l = line(&s);
            prop_assert!(!l.chars().any(|c| c == '\r' || c == '\n' || unsafe_in_terminal(c)));
            let x = xml(&s);
            let xml_char = |c: char| matches!(c, '\t' | '\n' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
            prop_assert!(x.chars().all(xml_char));
            let m = markdown(&s);
            prop_assert!(!m.contains('\n'));
            // Every syntax character is escaped.
            let mut prev = ' ';
            for c in m.chars() {
                if matches!(c, '[' | '<' | '`' | '*' | '_' | '!' | '|') {
                    prop_assert_eq!(prev, '\\');
                }
                prev = if prev == '\\' && c == '\\' { ' ' } else { c };
            }
        }
    }
}
