//! Reads a large delimited file in chunks of whole records, so a province's table
//! is checked without ever being held in memory, and chunks can be read in
//! parallel.
//!
//! A chunk ends at a line break outside quotes (quotes inside a quoted cell are
//! doubled, so their count tells). GBK never uses `"` or a line break inside a
//! character, so bytes can be split before decoding. The encoding is decided by the
//! first chunk that is not plain ASCII, and every later chunk must agree.

use super::decode;
use super::error::{DataError, Excerpt};
use std::io::Read;

/// Bytes read at a time; a chunk is about this size.
pub const CHUNK: usize = 1 << 20;
/// No record (a line with its quoted line breaks) is longer than this.
const MAX_RECORD: usize = 64 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Only ASCII so far: UTF-8 and GBK agree.
    Undecided,
    Utf8,
    Gbk,
    /// Traditional Chinese; see `decode::looks_big5`.
    Big5,
}

/// Decoded whole records and the line number of the first.
#[derive(Debug)]
pub struct Chunk {
    pub text: String,
    pub first_line: u32,
}

/// A chunk's text: UTF-8 bytes already validated, or text decoded from GBK.
#[derive(Debug)]
pub enum Text {
    Utf8(Vec<u8>),
    Decoded(String),
}

impl Text {
    /// The text (UTF-8 bytes are checked again, cheaply, to stay in safe code).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Text::Utf8(b) => simdutf8::basic::from_utf8(b).ok(),
            Text::Decoded(s) => Some(s),
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Text::Utf8(b) => b,
            Text::Decoded(s) => s.as_bytes(),
        }
    }

    /// The buffer, to be read into again.
    pub fn into_bytes(self) -> Vec<u8> {
        match self {
            Text::Utf8(b) => b,
            Text::Decoded(s) => s.into_bytes(),
        }
    }
}

/// Whole records not yet decoded, so decoding can run on any thread.
#[derive(Debug)]
pub struct RawChunk {
    pub bytes: Vec<u8>,
    pub first_line: u32,
}

/// A delimited input being read chunk by chunk.
pub struct Chunks<R> {
    reader: R,
    path: String,
    pending: Vec<u8>,
    eof: bool,
    started: bool,
    encoding: Encoding,
    line: u32,
    /// Total bytes read, to refuse inputs beyond the size limit.
    read: u64,
    /// A UTF-16 input, decoded whole on the first read.
    utf16: Option<String>,
    /// Buffers of chunks already checked, to read into again.
    pool: Pool,
}

impl<'a> Chunks<Box<dyn Read + Send + 'a>> {
    /// Once an input is read to its end (a small file: with its first chunk), its
    /// file is closed: a run over a thousand small tables does not hold a thousand
    /// files open, past the usual limit of 1024.
    pub fn close_when_read(&mut self) {
        if self.eof {
            self.reader = Box::new(std::io::empty());
        }
    }
}

/// Buffers handed back by the workers: reusing them saves zeroing and mapping
/// fresh memory for every chunk.
pub type Pool = std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>;

impl<R: Read> Chunks<R> {
    /// `head` is what was already read from `reader` (to tell the format).
    pub fn new(reader: R, head: Vec<u8>, path: &str) -> Chunks<R> {
        Chunks {
            reader,
            path: path.to_string(),
            read: head.len() as u64,
            pending: head,
            eof: false,
            started: false,
            encoding: Encoding::Undecided,
            line: 1,
            utf16: None,
            pool: Pool::default(),
        }
    }

    pub fn encoding(&self) -> &'static str {
        match self.encoding {
            Encoding::Gbk => "GBK/GB18030",
            Encoding::Big5 => "Big5",
            _ => "UTF-8",
        }
    }

    fn fill(&mut self, want: usize) -> Result<(), DataError> {
        while !self.eof && self.pending.len() < want {
            let old = self.pending.len();
            // Appends without zero-filling first.
            let n = (&mut self.reader)
                .take(CHUNK as u64)
                .read_to_end(&mut self.pending)
                .map_err(|e| DataError::Unreadable {
                    path: self.path.clone(),
                    reason: e.to_string(),
                });
            let n = match n {
                Ok(n) => n,
                Err(d) => {
                    self.pending.truncate(old);
                    return Err(d);
                }
            };
            self.pending.truncate(old + n);
            self.read += n as u64;
            if n == 0 {
                self.eof = true;
            }
            if self.read > super::ctx::MAX_INPUT as u64 {
                return Err(DataError::StreamTooLarge {
                    path: self.path.clone(),
                });
            }
        }
        Ok(())
    }

    /// The next chunk, decoded here; the encoding it settles on holds for the rest.
    pub fn next_chunk(&mut self) -> Result<Option<Chunk>, DataError> {
        let Some(raw) = self.next_raw()? else {
            return Ok(None);
        };
        if let Some(text) = self.utf16.take() {
            return Ok(Some(Chunk {
                text,
                first_line: 1,
            }));
        }
        let (text, enc) = decode_chunk(raw.bytes, raw.first_line, self.encoding, &self.path)?;
        self.encoding = enc;
        let text = match text {
            Text::Decoded(s) => s,
            // Validated already; this chunk is read once, at the start.
            Text::Utf8(b) => String::from_utf8_lossy(&b).into_owned(),
        };
        Ok(Some(Chunk {
            text,
            first_line: raw.first_line,
        }))
    }

    /// Where to hand a chunk's buffer back once it is checked.
    pub fn pool(&self) -> Pool {
        self.pool.clone()
    }

    /// The encoding settled so far (for decoding the chunks that follow).
    pub fn hint(&self) -> Encoding {
        self.encoding
    }

    /// The next stretch of whole records, undecoded, or `None` at the end. After an
    /// error there is nothing more: the caller sees it once.
    pub fn next_raw(&mut self) -> Result<Option<RawChunk>, DataError> {
        let next = self.next_raw_or_fail();
        if next.is_err() {
            self.eof = true;
            self.pending.clear();
        }
        next
    }

    fn next_raw_or_fail(&mut self) -> Result<Option<RawChunk>, DataError> {
        self.fill(CHUNK)?;
        if !self.started {
            self.started = true;
            if self.pending.starts_with(b"\xFF\xFE") || self.pending.starts_with(b"\xFE\xFF") {
                // UTF-16 (Excel's "Unicode text"): small in practice, decoded whole.
                self.fill(usize::MAX)?;
                if let Some(c) = self.whole()? {
                    self.utf16 = Some(c.text);
                    return Ok(Some(RawChunk {
                        bytes: Vec::new(),
                        first_line: 1,
                    }));
                }
                return Ok(None);
            }
            if self.pending.starts_with(b"\xEF\xBB\xBF") {
                self.pending.drain(..3);
                self.encoding = Encoding::Utf8;
            }
        }
        if self.pending.is_empty() {
            return Ok(None);
        }
        let (mut cut, mut scan) = scan_from(&self.pending, 0, Scan::default());
        while cut.is_none() && !self.eof {
            if self.pending.len() > MAX_RECORD {
                return Err(DataError::RecordTooLarge {
                    path: self.path.clone(),
                    line: self.line,
                });
            }
            // Only the bytes read since are scanned: a long record costs its length,
            // not its length squared.
            let from = self.pending.len();
            self.fill(from + CHUNK)?;
            (cut, scan) = scan_from(&self.pending, from, scan);
        }
        // At the end, what is left is the last records (perhaps with no final break).
        let (cut, lines) = match (self.eof, cut) {
            (false, Some(c)) => c,
            _ => (
                self.pending.len(),
                memchr::memchr_iter(b'\n', &self.pending).count(),
            ),
        };
        // The chunk keeps the big buffer; what follows it moves to a recycled one.
        let mut rest = self
            .pool
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_default();
        rest.clear();
        rest.reserve(2 * CHUNK);
        rest.extend_from_slice(&self.pending[cut..]);
        self.pending.truncate(cut);
        let bytes = std::mem::replace(&mut self.pending, rest);
        let first_line = self.line;
        self.line = self
            .line
            .saturating_add(u32::try_from(lines).unwrap_or(u32::MAX));
        Ok(Some(RawChunk { bytes, first_line }))
    }

    fn whole(&mut self) -> Result<Option<Chunk>, DataError> {
        let bytes = std::mem::take(&mut self.pending);
        match decode::decode(&bytes) {
            Ok((text, _)) => Ok(Some(Chunk {
                text: text.into_owned(),
                first_line: 1,
            })),
            Err(e) => Err(e.to_error(&self.path, &bytes)),
        }
    }
}

/// Decodes whole records: UTF-8, or GBK/GB18030 where the bytes are not UTF-8.
/// `hint` is what earlier chunks settled on; the result says what this one used.
pub fn decode_chunk(
    bytes: Vec<u8>,
    first_line: u32,
    hint: Encoding,
    path: &str,
) -> Result<(Text, Encoding), DataError> {
    let bad = |bytes: &[u8], offset: usize| {
        let offset = offset.min(bytes.len());
        let line = first_line
            + u32::try_from(memchr::memchr_iter(b'\n', &bytes[..offset]).count()).unwrap_or(0);
        // Show the line, with the bad bytes replaced, and point at the first.
        let start = bytes[..offset]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |i| i + 1);
        let end = bytes[offset..]
            .iter()
            .position(|&c| c == b'\n')
            .map_or(bytes.len(), |i| offset + i);
        let before = String::from_utf8_lossy(&bytes[start..offset]).len();
        let shown = String::from_utf8_lossy(&bytes[start..end])
            .trim_end_matches('\r')
            .to_string();
        let width = shown
            .get(before..)
            .and_then(|s| s.chars().next())
            .map_or(0, char::len_utf8);
        DataError::ChunkNotText {
            line,
            at: Excerpt {
                path: path.to_string(),
                text: std::sync::Arc::from(shown.as_str()),
                first_line: line as usize,
                span: (before, width),
            },
        }
    };
    let legacy = |enc: Encoding| match enc {
        Encoding::Big5 => encoding_rs::BIG5,
        _ => encoding_rs::GB18030,
    };
    let (text, enc) = if matches!(hint, Encoding::Gbk | Encoding::Big5) {
        match legacy(hint).decode_without_bom_handling_and_without_replacement(&bytes) {
            Some(s) => (Text::Decoded(s.into_owned()), hint),
            None => {
                return Err(bad(
                    &bytes,
                    std::str::from_utf8(&bytes)
                        .err()
                        .map_or(0, |e| e.valid_up_to()),
                ));
            }
        }
    } else if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // Validated with SIMD; kept as bytes, so it is not validated again here.
        let enc = if hint == Encoding::Undecided && bytes.is_ascii() {
            Encoding::Undecided
        } else {
            Encoding::Utf8
        };
        (Text::Utf8(bytes), enc)
    } else {
        let offset = std::str::from_utf8(&bytes)
            .err()
            .map_or(0, |e| e.valid_up_to());
        if hint == Encoding::Utf8 {
            return Err(bad(&bytes, offset));
        }
        let enc = if super::decode::looks_big5(&bytes) {
            Encoding::Big5
        } else {
            Encoding::Gbk
        };
        match legacy(enc).decode_without_bom_handling_and_without_replacement(&bytes) {
            Some(s) => (Text::Decoded(s.into_owned()), enc),
            None => return Err(bad(&bytes, offset)),
        }
    };
    if let Some(offset) = memchr::memchr(0, text.bytes()) {
        let line = first_line
            + u32::try_from(memchr::memchr_iter(b'\n', &text.bytes()[..offset]).count())
                .unwrap_or(0);
        return Err(DataError::ChunkNul {
            path: path.to_string(),
            line,
        });
    }
    Ok((text, enc))
}

/// Quotes and line breaks seen so far, to carry a scan on from where it stopped.
#[derive(Clone, Copy, Default)]
struct Scan {
    quotes: usize,
    lines: usize,
}

/// Just past the last line break outside quotes in `b`, if any, and the number of
/// line breaks before it; scanning only from `from`, with the counts of what is
/// before it (which held no boundary).
fn scan_from(b: &[u8], from: usize, mut s: Scan) -> (Option<(usize, usize)>, Scan) {
    let mut last = None;
    for i in memchr::memchr2_iter(b'"', b'\n', b.get(from..).unwrap_or_default()) {
        let i = from + i;
        if b[i] == b'"' {
            s.quotes += 1;
        } else {
            s.lines += 1;
            if s.quotes.is_multiple_of(2) {
                last = Some((i + 1, s.lines));
            }
        }
    }
    (last, s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8]) -> Result<Vec<(String, u32)>, DataError> {
        let mut c = Chunks::new(bytes, Vec::new(), "t.csv");
        let mut out = Vec::new();
        while let Some(ch) = c.next_chunk()? {
            out.push((ch.text, ch.first_line));
        }
        Ok(out)
    }

    /// A record past the limit is an error once: the stream ends there, it does not
    /// report the same error forever to a caller that keeps asking.
    #[test]
    fn an_overlong_record_ends_the_stream() {
        let mut bytes = b"name,beds\n".to_vec();
        bytes.resize(MAX_RECORD + 2 * CHUNK, b'x');
        let mut c = Chunks::new(&bytes[..], Vec::new(), "t.csv");
        let mut errors = 0;
        for _ in 0..4 {
            match c.next_raw() {
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(_) => errors += 1,
            }
        }
        assert_eq!(errors, 1);
        assert!(matches!(c.next_raw(), Ok(None)));
    }

    fn last_boundary(b: &[u8]) -> Option<(usize, usize)> {
        scan_from(b, 0, Scan::default()).0
    }

    #[test]
    fn splits_between_records_only() {
        assert_eq!(last_boundary(b"a,b\n\"x\ny\",z\nq"), Some((12, 3)));
        assert_eq!(last_boundary(b"\"x\ny"), None);
        let big: String = (0..400_000)
            .map(|i| format!("n{i},\"a\nb\",{i}\n"))
            .collect();
        let chunks = all(big.as_bytes()).unwrap_or_default();
        assert!(chunks.len() > 1);
        assert_eq!(chunks.iter().map(|c| c.0.as_str()).collect::<String>(), big);
        let mut line = 1;
        for (text, first) in &chunks {
            assert_eq!(*first, line);
            assert!(text.ends_with('\n'));
            line += text.matches('\n').count() as u32;
        }
    }

    #[test]
    fn decodes_gbk_and_rejects_mixtures() {
        let (gbk, _, _) = encoding_rs::GBK.encode("名称,建筑面积\n城东,2000\n");
        let chunks = all(&gbk).unwrap_or_default();
        assert_eq!(chunks[0].0, "名称,建筑面积\n城东,2000\n");
        let mut mixed = "名称\n".as_bytes().to_vec();
        mixed.extend(vec![b'a'; CHUNK + 10]);
        mixed.extend_from_slice(b"\n");
        mixed.extend_from_slice(&gbk);
        assert!(all(&mixed).is_err());
    }
}
