//! A workbook's parts, inflated and measured before calamine opens the workbook.
//!
//! The input limit applies to the file as stored, but a zip part inflates up to a
//! thousandfold: a 3 MB workbook can hold 3 GB of XML. calamine reads a text node
//! whole into memory, so a sheet of whitespace between two tags made the process
//! resident at 3 GB before any cell limit could apply. Each part is refused here
//! instead, before calamine allocates anything for it, when it declares or
//! inflates to more than [`MAX_PART`] bytes, or when it holds a run of text or a
//! tag longer than [`MAX_RUN`]. The declared size is checked first (cheap), and the
//! bytes are counted as they are inflated, in a fixed buffer, since a declared
//! size can lie.

use std::io::{Cursor, Read};

/// The most a workbook part may inflate to: the 1 GiB a sheet's cells may hold.
pub const MAX_PART: u64 = 1 << 30;

/// The longest run of text between two tags, or tag, a part may hold: the XML of
/// the largest cell (`MAX_CELL`, 1 MiB), escaped, with room to spare.
/// calamine holds one such run in memory at a time.
pub const MAX_RUN: u64 = 16 << 20;

/// Why a part is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Excess {
    /// Its declared (uncompressed) size passes `MAX_PART`.
    Declared(u64),
    /// It inflates past `MAX_PART`, whatever it declares.
    Inflated,
    /// A run of text or a tag starting at this byte of the inflated part is longer
    /// than `MAX_RUN`.
    Run(u64),
}

/// What the parts hold, as far as reading the sheets needs to know: each is
/// a pass over every sheet that calamine would otherwise make to find nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Survey {
    /// Some part has a formula element (`<f>`, with any prefix).
    pub formulas: bool,
    /// Some part has a merged region (`<mergeCell>`).
    pub merges: bool,
}

/// Measures every part of the archive: the first past a limit, with its name
/// and why, or what the parts hold. An archive or part that cannot be read is
/// left to calamine, which reports it; its contents count as present, so that
/// nothing is skipped on a guess.
pub fn survey(bytes: &[u8]) -> Result<Survey, (String, Excess)> {
    let all = Survey {
        formulas: true,
        merges: true,
    };
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(all);
    };
    let mut found = Survey::default();
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else {
            found = all;
            continue;
        };
        let name = part
            .name()
            .map_or_else(|_| "?".to_string(), |n| n.replace('\\', "/"));
        if part.size() > MAX_PART {
            return Err((name, Excess::Declared(part.size())));
        }
        match measure(part, MAX_PART, MAX_RUN) {
            Measured::Over(e) => return Err((name, e)),
            Measured::Unread => found = all,
            Measured::Read(tags) => {
                found.formulas |= tags.formulas;
                found.merges |= tags.merges;
            }
        }
    }
    Ok(found)
}

enum Measured {
    Over(Excess),
    /// The part could not be inflated to its end.
    Unread,
    Read(Tags),
}

/// The start tags of interest seen so far, and the one being read: its local
/// name (after any prefix), while it is short enough to be one of interest.
#[derive(Default)]
struct Tags {
    formulas: bool,
    merges: bool,
    in_name: bool,
    local: [u8; 10],
    len: usize,
}

impl Tags {
    /// Reads a start tag's name from `chunk[i..]`, which may go on into the next
    /// chunk; returns where it stopped (at the byte ending the name, unread).
    fn name(&mut self, chunk: &[u8], mut i: usize) -> usize {
        while let Some(&b) = chunk.get(i) {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' | b'<' | b'>' | b'/' if self.len > 0 => {
                    self.end();
                    return i;
                }
                // An end tag, a comment, a declaration: not a start tag.
                b'/' | b'!' | b'?' | b'<' | b'>' => {
                    self.in_name = false;
                    return i;
                }
                b':' => self.len = 0,
                _ => {
                    // Past the longest name of interest it is none of them,
                    // unless a prefix ends later.
                    if let Some(slot) = self.local.get_mut(self.len) {
                        *slot = b;
                    }
                    self.len = self.len.saturating_add(1);
                }
            }
            i += 1;
        }
        i
    }

    fn end(&mut self) {
        self.in_name = false;
        match self.local.get(..self.len) {
            Some(b"f") => self.formulas = true,
            Some(b"mergeCell") => self.merges = true,
            _ => {}
        }
    }
}

/// Inflates `part` into a fixed buffer, stopping at the first limit passed
/// (`max_part` bytes in all, runs of `max_run`), and notes its start tags of
/// interest.
fn measure(part: impl Read, max_part: u64, max_run: u64) -> Measured {
    let mut part = part.take(max_part.saturating_add(1));
    let mut buf = vec![0u8; 64 << 10];
    let mut total = 0u64;
    // Where the current run (text between tags, or a tag) started.
    let mut run_start = 0u64;
    let mut tags = Tags::default();
    loop {
        let n = match part.read(&mut buf) {
            Ok(0) => {
                if tags.in_name {
                    tags.end();
                }
                return Measured::Read(tags);
            }
            Err(_) => return Measured::Unread,
            Ok(n) => n,
        };
        let Some(chunk) = buf.get(..n) else {
            return Measured::Unread;
        };
        let mut i = if tags.in_name { tags.name(chunk, 0) } else { 0 };
        while let Some(off) = chunk
            .get(i..)
            .and_then(|rest| memchr::memchr2(b'<', b'>', rest))
        {
            let at = i + off;
            let abs = total + at as u64;
            if abs - run_start > max_run {
                return Measured::Over(Excess::Run(run_start));
            }
            run_start = abs + 1;
            i = at + 1;
            if chunk.get(at) == Some(&b'<') {
                tags.in_name = true;
                tags.len = 0;
                i = tags.name(chunk, i);
            }
        }
        total += n as u64;
        if total - run_start > max_run {
            return Measured::Over(Excess::Run(run_start));
        }
        if total > max_part {
            return Measured::Over(Excess::Inflated);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn over(m: Measured) -> Option<Excess> {
        match m {
            Measured::Over(e) => Some(e),
            _ => None,
        }
    }

    /// A reader that gives `n` bytes at a time, so that every tag is cut
    /// somewhere between two reads.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn tags(xml: &str, n: usize) -> (bool, bool) {
        match measure(Trickle(xml.as_bytes(), n), MAX_PART, MAX_RUN) {
            Measured::Read(t) => (t.formulas, t.merges),
            _ => panic!("not read"),
        }
    }

    /// A formula or a merged region is seen however the part is written and
    /// wherever a read ends; what only looks like one is not.
    #[test]
    fn formulas_and_merges_are_found_in_any_spelling() {
        for n in [1, 2, 3, 7, 64 << 10] {
            assert_eq!(tags("<c><f>A1+1</f><v>2</v></c>", n), (true, false));
            assert_eq!(
                tags("<x:c><x:f t=\"shared\" si=\"0\"/></x:c>", n),
                (true, false)
            );
            assert_eq!(tags("<c><f\n>1</f></c>", n), (true, false));
            assert_eq!(tags("<c><f/></c>", n), (true, false));
            assert_eq!(
                tags("<mergeCells><mergeCell ref=\"A1:C1\"/></mergeCells>", n),
                (false, true)
            );
            assert_eq!(tags("<m:mergeCell ref=\"A1:C1\"/>", n), (false, true));
            // A part that ends inside a name still counts it.
            assert_eq!(tags("<a><f", n), (true, false));
            assert_eq!(tags("<<f<f", n), (true, false));
            // Not formulas: other names, end tags alone, text, comments' ends.
            assert_eq!(
                tags(
                    "<font/><fill></fill><ff>f</ff></f><mergeCells count=\"0\"/>",
                    n
                ),
                (false, false)
            );
            assert_eq!(tags("<t>a<b f> f</t><!--f-->", n), (false, false));
            assert_eq!(tags("<averyveryverylongprefix:f/>", n), (true, false));
            assert_eq!(tags("<formula>1</formula><mergeCellx/>", n), (false, false));
        }
    }

    /// An archive that cannot be read hides nothing: every pass is made.
    #[test]
    fn an_unreadable_archive_is_surveyed_as_holding_everything() {
        let s = survey(b"PK\x03\x04 not really").unwrap_or_default();
        assert_eq!(
            s,
            Survey {
                formulas: true,
                merges: true
            }
        );
    }

    #[test]
    fn a_long_run_is_found_where_it_starts() {
        let mut xml = b"<a>".to_vec();
        xml.extend(std::iter::repeat_n(b' ', (MAX_RUN + 10) as usize));
        xml.extend(b"</a>");
        assert_eq!(
            over(measure(&xml[..], MAX_PART, MAX_RUN)),
            Some(Excess::Run(3))
        );
        assert_eq!(
            over(measure(&b"<a> x </a><b/>"[..], MAX_PART, MAX_RUN)),
            None
        );
    }

    /// The bytes are counted as they come: a part that never ends is refused at
    /// the limit, however little it declared.
    #[test]
    fn an_endless_part_is_refused_at_the_limit() {
        let endless = std::io::repeat(b'<');
        assert_eq!(over(measure(endless, 1 << 20, 64)), Some(Excess::Inflated));
        let spaces = std::io::repeat(b' ');
        assert_eq!(over(measure(spaces, 1 << 20, 1000)), Some(Excess::Run(0)));
    }
}
