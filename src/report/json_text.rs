//! How every JSON document ylcheck writes (the JSON report, SARIF) writes its
//! strings. JSON escapes only `"`, `\` and C0 controls; a cell's C1 controls
//! (U+009B is an 8-bit CSI), bidi overrides, line separators and non-characters
//! would reach, as they are, the terminal a report is printed to. Here they are
//! written as `\u009b`: the same document to any parser, inert on a screen.

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter, PrettyFormatter};
use std::io;

/// A formatter that writes what `F` writes, but for the characters
/// [`crate::escape`] shows escaped elsewhere, written in strings as `\uXXXX`.
///
/// `F` may be only one of serde_json's own formatters or one that, like them,
/// changes nothing but layout and the escapes JSON requires: the methods that
/// write values are not passed on.
pub(crate) struct Visible<F>(pub F);

/// Writes `text`, each character a terminal would obey as a JSON escape. Every
/// such character is in the Basic Multilingual Plane, so one `\uXXXX` each.
fn write_visible<W: ?Sized + io::Write>(w: &mut W, text: &str) -> io::Result<()> {
    let bytes = text.as_bytes();
    let mut from = 0;
    // Every such character is ASCII or starts with one of four lead bytes (U+0080–
    // U+009F: C2; U+061C: D8; U+200E–U+2069: E2; U+FFFE, U+FFFF: EF): only there
    // is a character decoded. A report's strings are mostly Chinese, whose lead
    // bytes are others.
    for (i, &b) in bytes.iter().enumerate() {
        if !(b < 0x20 || matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2 | 0xef)) {
            continue;
        }
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            continue;
        };
        if !crate::escape::unsafe_in_terminal(c) {
            continue;
        }
        w.write_all(&bytes[from..i])?;
        write!(w, "\\u{:04x}", u32::from(c))?;
        from = i + c.len_utf8();
    }
    w.write_all(&bytes[from..])
}

impl<F: Formatter> Formatter for Visible<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_visible(w, fragment)
    }

    /// A raw fragment is JSON text, where such characters can only be inside
    /// strings: escaped the same way, it means the same.
    fn write_raw_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        write_visible(w, fragment)
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        escape: CharEscape,
    ) -> io::Result<()> {
        self.0.write_char_escape(w, escape)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// `value` as JSON text written by `formatter`.
fn text<T: ?Sized + Serialize, F: Formatter>(
    value: &T,
    formatter: F,
) -> serde_json::Result<String> {
    let mut buf = Vec::with_capacity(128);
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut buf,
        Visible(formatter),
    ))?;
    // serde_json writes only UTF-8, and the escapes are ASCII.
    String::from_utf8(buf).map_err(serde::ser::Error::custom)
}

/// As `serde_json::to_string`, but for the characters [`Visible`] escapes.
pub(crate) fn compact<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    text(value, CompactFormatter)
}

/// As `serde_json::to_string_pretty`, but for the characters [`Visible`] escapes.
pub(crate) fn pretty<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    text(value, PrettyFormatter::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The characters are written as JSON escapes; the rest, and the layout,
    /// as serde_json writes them.
    #[test]
    fn terminal_controls_are_json_escapes() {
        let v = serde_json::json!({
            "a\u{202e}": ["x\u{9b}2J\u{85}y", "\u{2066}\u{2028}\u{fffe}\u{7f}", "开封\u{1b}\u{8}\n"],
            "n": 1,
        });
        assert_eq!(
            compact(&v).unwrap(),
            r#"{"a\u202e":["x\u009b2J\u0085y","\u2066\u2028\ufffe\u007f","开封\u001b\b\n"],"n":1}"#
        );
        let shown = pretty(&v).unwrap();
        let plain = serde_json::to_string_pretty(&v).unwrap();
        assert_eq!(shown.lines().count(), plain.lines().count());
        assert!(
            shown.contains("\n  \"a\\u202e\": [\n    \"x\\u009b2J"),
            "{shown}"
        );
        let ordinary = serde_json::json!({"路径": "a.csv", "v": [1.5, null, true]});
        assert_eq!(
            pretty(&ordinary).unwrap(),
            serde_json::to_string_pretty(&ordinary).unwrap()
        );
        assert_eq!(compact(&ordinary).unwrap(), ordinary.to_string());
    }

    proptest! {
        /// Whatever a string holds, the document reads back as the same value,
        /// and holds nothing a terminal would obey.
        #[test]
        fn strings_read_back_as_they_were(s in any::<String>()) {
            let v = serde_json::json!({ &s: [&s] });
            for text in [compact(&v).unwrap(), pretty(&v).unwrap()] {
                let back: serde_json::Value = serde_json::from_str(&text).unwrap();
                prop_assert_eq!(&back, &v);
                prop_assert!(
                    !text.chars().any(|c| c == '\r' || crate::escape::unsafe_in_terminal(c)),
                    "{}", text
                );
            }
        }
    }
}
