//! HTML and XML markup with one tag a line, so a snapshot's diff shows which
//! element changed.

/// Markup with a line break between adjacent tags, so a snapshot's diff shows
/// which element changed. Only the gap between a closing `>` and an opening `<` is
/// touched, where a newline is insignificant whitespace; text cannot hold a bare
/// `<`, since every value was escaped.
pub(crate) fn tag_per_line(markup: String) -> String {
    markup.replace("><", ">\n<")
}

/// [`tag_per_line`] for markup written piece by piece, so a page is never one
/// string: the breaks inside each piece, and the one where a piece ending in `>`
/// meets one starting with `<`. The same bytes as the whole page's, since a `><`
/// cannot overlap another.
pub(crate) struct TagPerLine<'w> {
    out: &'w mut dyn std::io::Write,
    /// The last piece written ended in `>`.
    after_tag: bool,
}

impl<'w> TagPerLine<'w> {
    pub(crate) fn new(out: &'w mut dyn std::io::Write) -> TagPerLine<'w> {
        TagPerLine {
            out,
            after_tag: false,
        }
    }

    pub(crate) fn put(&mut self, piece: &[u8]) -> std::io::Result<()> {
        let Some(&first) = piece.first() else {
            return Ok(());
        };
        if self.after_tag && first == b'<' {
            self.out.write_all(b"\n")?;
        }
        let mut rest = piece;
        while let Some(i) = memchr::memmem::find(rest, b"><") {
            self.out.write_all(&rest[..=i])?;
            self.out.write_all(b"\n")?;
            rest = &rest[i + 1..];
        }
        self.out.write_all(rest)?;
        self.after_tag = piece.last() == Some(&b'>');
        Ok(())
    }
}
