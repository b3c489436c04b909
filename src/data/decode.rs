//! Turns an input's bytes into text, detecting the encoding instead of asking.
//!
//! Spreadsheets exported by Excel on a Chinese Windows are GBK; everything else is
//! UTF-8, sometimes with a byte-order mark. A file that is neither is rejected with
//! the position of the first bad byte, never decoded with replacement characters
//! that would silently change a facility's name.

use super::error::{DataError, Excerpt};
use std::borrow::Cow;
use std::sync::Arc;

/// Why the bytes are not usable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Nothing but whitespace (or a byte-order mark).
    Empty,
    /// Neither UTF-8 nor GBK/GB18030; `offset` is the first byte that is not UTF-8.
    NotText { offset: usize },
    /// A NUL character at `offset` in the decoded text: a binary file.
    Nul { text: String, offset: usize },
}

/// The decoded text and the name of the encoding it was found in.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), DecodeError> {
    let (text, encoding): (Cow<'_, str>, &'static str) =
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            match std::str::from_utf8(rest) {
                Ok(s) => (Cow::Borrowed(s), "UTF-8"),
                Err(e) => {
                    return Err(DecodeError::NotText {
                        offset: 3 + e.valid_up_to(),
                    });
                }
            }
        } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
            utf16(encoding_rs::UTF_16LE, rest, "UTF-16LE")?
        } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
            utf16(encoding_rs::UTF_16BE, rest, "UTF-16BE")?
        } else {
            match std::str::from_utf8(bytes) {
                Ok(s) => (Cow::Borrowed(s), "UTF-8"),
                Err(e) => match encoding_rs::GB18030
                    .decode_without_bom_handling_and_without_replacement(bytes)
                {
                    Some(_) if looks_big5(bytes) => match encoding_rs::BIG5
                        .decode_without_bom_handling_and_without_replacement(bytes)
                    {
                        Some(s) => (s, "Big5"),
                        None => {
                            return Err(DecodeError::NotText {
                                offset: e.valid_up_to(),
                            });
                        }
                    },
                    Some(s) => (s, "GBK/GB18030"),
                    None => {
                        return Err(DecodeError::NotText {
                            offset: e.valid_up_to(),
                        });
                    }
                },
            }
        };
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(offset) = text.find('\0') {
        return Err(DecodeError::Nul {
            text: text.into_owned(),
            offset,
        });
    }
    Ok((text, encoding))
}

/// Big5 (Traditional Chinese, as exported in Taiwan and Hong Kong) also decodes as
/// GBK, into the wrong characters. Simplified Chinese in GBK is almost all GB2312:
/// both bytes of a character at 0xA1 or above, and hanzi at lead bytes 0xB0 and up.
/// A third of Big5's characters have a second byte below 0xA1, and its common hanzi
/// start at lead byte 0xA4. A table where most double-byte characters look like
/// that is Big5.
pub(crate) fn looks_big5(bytes: &[u8]) -> bool {
    let (mut pairs, mut big5ish) = (0usize, 0usize);
    let mut i = 0;
    while i + 1 < bytes.len() {
        let (lead, trail) = (bytes[i], bytes[i + 1]);
        if lead < 0x81 {
            i += 1;
            continue;
        }
        pairs += 1;
        if trail < 0xA1 || (0xA4..0xB0).contains(&lead) {
            big5ish += 1;
        }
        i += 2;
    }
    pairs >= 4 && big5ish * 2 > pairs
}

fn utf16<'a>(
    enc: &'static encoding_rs::Encoding,
    bytes: &'a [u8],
    name: &'static str,
) -> Result<(Cow<'a, str>, &'static str), DecodeError> {
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => Ok((Cow::Owned(s.into_owned()), name)),
        None => Err(DecodeError::NotText { offset: 0 }),
    }
}

impl DecodeError {
    /// The error as the user sees it. `bytes` are the original input, so the valid
    /// part before a bad byte can be shown with the bad byte's line.
    pub fn to_error(&self, path: &str, bytes: &[u8]) -> DataError {
        let path = path.to_string();
        match self {
            DecodeError::Empty => DataError::Empty { path },
            DecodeError::NotText { offset } => {
                let offset = (*offset).min(bytes.len());
                let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
                // Show the valid text up to the bad byte plus the rest of its line.
                let excerpt = std::str::from_utf8(&bytes[..offset]).ok().map(|before| {
                    let rest = &bytes[offset..];
                    let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                    let shown = format!("{before}{}", String::from_utf8_lossy(&rest[..end]));
                    let len = shown.len().saturating_sub(offset).min(3);
                    Excerpt {
                        path: path.clone(),
                        text: Arc::from(shown),
                        first_line: 1,
                        span: (offset, len),
                    }
                });
                DataError::NotText {
                    path,
                    line,
                    offset,
                    excerpt,
                }
            }
            DecodeError::Nul { text, offset } => DataError::Nul {
                at: Excerpt {
                    path,
                    text: Arc::from(text.as_str()),
                    first_line: 1,
                    span: (*offset, 1),
                },
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(bytes: &[u8]) -> (String, &'static str) {
        match decode(bytes) {
            Ok((t, e)) => (t.into_owned(), e),
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            ok("名称,床位数\n".as_bytes()),
            ("名称,床位数\n".into(), "UTF-8")
        );
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("名称\n".as_bytes());
        assert_eq!(ok(&bom), ("名称\n".into(), "UTF-8"));
    }

    #[test]
    fn gbk() {
        let (bytes, _, bad) = encoding_rs::GBK.encode("名称,建筑面积\n城东中心,2000\n");
        assert!(!bad);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(
            ok(&bytes),
            ("名称,建筑面积\n城东中心,2000\n".into(), "GBK/GB18030")
        );
    }

    #[test]
    fn big5_is_told_from_gbk() {
        let text = "名稱,類型,建築面積\n城東中心,街道綜合養老服務中心,1850\n";
        let (bytes, _, bad) = encoding_rs::BIG5.encode(text);
        assert!(!bad);
        // It would decode as GBK too, into other characters.
        assert!(
            encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(&bytes)
                .is_some()
        );
        assert_eq!(ok(&bytes), (text.into(), "Big5"));
        // The bureaus' own GBK exports stay GBK.
        let sample = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/kaifeng-facilities-gbk.csv"
        ))
        .unwrap_or_default();
        assert!(!sample.is_empty());
        assert_eq!(ok(&sample).1, "GBK/GB18030");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "名称\tbeds\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(ok(&bytes), ("名称\tbeds\n".into(), "UTF-16LE"));
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \r\n\t"), Err(DecodeError::Empty));
        assert_eq!(decode(b"\xEF\xBB\xBF\n"), Err(DecodeError::Empty));
        // 0x80 and 0xFF are not valid GB18030 lead bytes.
        assert_eq!(
            decode(b"name\nab\x80\xFF"),
            Err(DecodeError::NotText { offset: 7 })
        );
        match decode(b"PK\x03\x04\0\0") {
            Err(DecodeError::Nul { offset: 4, .. }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn diag_points_at_the_bad_byte() {
        let bytes = b"name\nab\x80\xFF\nmore";
        let Err(e) = decode(bytes) else { panic!() };
        let d = e.to_error("x.csv", bytes).draft();
        assert_eq!(d.code, "ylcheck::data::encoding");
        assert!(d.message.en.contains("line 2"), "{}", d.message.en);
        assert_eq!(d.labels[0].0.offset(), 7);
    }
}
