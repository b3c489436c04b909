//! A workbook's shared-string table, checked before calamine opens the workbook.
//!
//! calamine reserves room for as many strings as `<sst uniqueCount="…">` declares
//! before it reads one. A 31-byte part declaring 3 666 666 665 strings asks for
//! 88 GB: the allocation fails and the process aborts, which no `catch_unwind`
//! catches. A count past [`MAX_SHARED_STRINGS`] is refused here instead, with the
//! part named.

use std::io::{BufReader, Cursor, Read};

/// The most shared strings a workbook may declare: 2²⁵ (33 554 432), for which
/// calamine reserves 800 MB of address space. A real table holds one entry per
/// distinct text in the workbook; a bureau's largest is far below this.
pub const MAX_SHARED_STRINGS: u64 = 1 << 25;

/// The first shared-string part (`xl/sharedStrings.xml`) whose declared count
/// passes the limit, with that count. Parts that cannot be read are left to
/// calamine, which reports them.
pub fn over_limit(bytes: &[u8]) -> Option<(String, u128)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else {
            continue;
        };
        // calamine finds its parts whatever their case and slashes.
        let Ok(name) = part.name().map(|n| n.replace('\\', "/")) else {
            continue;
        };
        if !name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            continue;
        }
        if let Some(n) = declared(part).filter(|&n| n > u128::from(MAX_SHARED_STRINGS)) {
            return Some((name, n));
        }
    }
    None
}

/// The largest `uniqueCount` on the part's `sst` element; `None` without one.
/// The element is found as calamine finds it (the same XML reader, configured
/// alike), but its attributes are scanned more leniently than calamine's own
/// lenient scanner reads them, so that no count calamine would act on is missed
/// in a malformed tag (`<sst xmlns"…="x" uniqueCount="000…1111797228634`).
fn declared(part: impl Read) -> Option<u128> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.trim_text(false);
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sst" => {
                return counts(e.attributes_raw()).max();
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

/// Every value written after `uniqueCount` (spaces, `=`, spaces, a quote, up to
/// the same quote or the end) that is a count.
fn counts(attributes: &str) -> impl Iterator<Item = u128> + '_ {
    attributes
        .match_indices("uniqueCount")
        .filter_map(|(at, key)| {
            let rest = attributes[at + key.len()..].trim_start();
            let rest = rest.strip_prefix('=')?.trim_start();
            let quote = rest.chars().next().filter(|&q| q == '"' || q == '\'')?;
            let value = &rest[quote.len_utf8()..];
            let end = value.find(quote).unwrap_or(value.len());
            count(&value.as_bytes()[..end])
        })
}

/// All digits (after an optional `+`) as a number, saturating rather than
/// overflowing; anything else is no count.
fn count(value: &[u8]) -> Option<u128> {
    let digits = value.strip_prefix(b"+").unwrap_or(value);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0u128, |n, d| {
        n.saturating_mul(10).saturating_add(u128::from(d - b'0'))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_saturate_and_only_digits_count() {
        assert_eq!(count(b"3666666665"), Some(3_666_666_665));
        assert_eq!(count(b"+12"), Some(12));
        assert_eq!(count(&[b'9'; 60]), Some(u128::MAX));
        assert_eq!(count(b"12a"), None);
        assert_eq!(count(b""), None);
        assert_eq!(count(b"-1"), None);
    }

    #[test]
    fn the_sst_element_is_found_after_other_markup() {
        let part = br#"<?xml version="1.0"?><!-- x --><x:sst xmlns:x="m" count="2" uniqueCount="99999999999"><x:si/></x:sst>"#;
        assert_eq!(declared(&part[..]), Some(99_999_999_999));
        assert_eq!(declared(&b"<sst count=\"3\"/>"[..]), None);
        assert_eq!(declared(&b"<other uniqueCount=\"3\"/>"[..]), None);
        assert_eq!(declared(&b"<sst uniqueCount = '7'/>"[..]), Some(7));
    }

    /// Found by fuzzing: calamine's scanner reads a count from a tag whose first
    /// attribute has no `=` and whose count has no closing quote.
    #[test]
    fn a_count_in_a_malformed_tag_is_found() {
        let part =
            br#"<sst xmlns"http://x.="5nt7" uniqueCount="000000000000000000000000111179722863448>"#;
        assert_eq!(declared(&part[..]), Some(111_179_722_863_448));
    }
}
