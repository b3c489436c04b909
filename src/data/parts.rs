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

/// The first part of the archive past a limit, with its name and why. An archive
/// or part that cannot be read is left to calamine, which reports it.
pub fn over_limit(bytes: &[u8]) -> Option<(String, Excess)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else {
            continue;
        };
        let name = part
            .name()
            .map_or_else(|_| "?".to_string(), |n| n.replace('\\', "/"));
        if part.size() > MAX_PART {
            return Some((name, Excess::Declared(part.size())));
        }
        if let Some(e) = measure(part, MAX_PART, MAX_RUN) {
            return Some((name, e));
        }
    }
    None
}

/// Inflates `part` into a fixed buffer, stopping at the first limit passed
/// (`max_part` bytes in all, runs of `max_run`).
fn measure(part: impl Read, max_part: u64, max_run: u64) -> Option<Excess> {
    let mut part = part.take(max_part.saturating_add(1));
    let mut buf = vec![0u8; 64 << 10];
    let mut total = 0u64;
    // Where the current run (text between tags, or a tag) started.
    let mut run_start = 0u64;
    loop {
        let n = match part.read(&mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(n) => n,
        };
        let chunk = buf.get(..n)?;
        for (i, &b) in chunk.iter().enumerate() {
            if b == b'<' || b == b'>' {
                let at = total + i as u64;
                if at - run_start > max_run {
                    return Some(Excess::Run(run_start));
                }
                run_start = at + 1;
            }
        }
        total += n as u64;
        if total - run_start > max_run {
            return Some(Excess::Run(run_start));
        }
        if total > max_part {
            return Some(Excess::Inflated);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_run_is_found_where_it_starts() {
        let mut xml = b"<a>".to_vec();
        xml.extend(std::iter::repeat_n(b' ', (MAX_RUN + 10) as usize));
        xml.extend(b"</a>");
        assert_eq!(measure(&xml[..], MAX_PART, MAX_RUN), Some(Excess::Run(3)));
        assert_eq!(measure(&b"<a> x </a><b/>"[..], MAX_PART, MAX_RUN), None);
    }

    /// The bytes are counted as they come: a part that never ends is refused at
    /// the limit, however little it declared.
    #[test]
    fn an_endless_part_is_refused_at_the_limit() {
        let endless = std::io::repeat(b'<');
        assert_eq!(measure(endless, 1 << 20, 64), Some(Excess::Inflated));
        let spaces = std::io::repeat(b' ');
        assert_eq!(measure(spaces, 1 << 20, 1000), Some(Excess::Run(0)));
    }
}
