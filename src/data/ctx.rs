//! The file a reader is reading, what it found, and the limits every reader keeps.
//! The readers (csv, plan, xlsx, geojson) and the entry point that chooses among
//! them (`load`) all depend on this, and it on none of them.

use super::error::{DataError, Excerpt};
use super::{CellMap, Record};
use crate::schema::EntityId;
use std::sync::Arc;

/// Inputs above this are refused before decoding: offsets are `u32`, and a
/// submission this large is a mistake, not a county's table.
pub(crate) const MAX_INPUT: usize = 1 << 30;
/// A plan or a map is parsed into a tree whole, at about 13 times its size in
/// memory (a 95 MB GeoJSON of points peaks at 1.2 GB): above this it is refused,
/// so a run stays within a few GB. Records this many go in a CSV, which streams.
pub(crate) const MAX_TREE_INPUT: usize = 256 << 20;
/// No real cell is this large; a runaway quote or a pasted file is.
pub(crate) const MAX_CELL: usize = 1 << 20;
pub(crate) const MAX_COLUMNS: usize = 10_000;

/// What a loader found in one file, before it is added to the dataset.
pub(crate) struct Loaded {
    pub cells: CellMap,
    /// Per entity, in the file's order; one entity appears once.
    pub tables: Vec<(EntityId, Vec<Record<'static>>)>,
    pub warnings: Vec<DataError>,
    /// The region a plan says it is for (`[plan] region`).
    pub region: Option<String>,
}

/// The file being loaded, for building located diagnostics.
pub(crate) struct Ctx<'a> {
    pub path: &'a str,
    /// The file's text, or the chunk of it being read.
    pub text: &'a str,
    /// The line number of `text`'s first line.
    pub first_line: usize,
    /// The index the file's [`Source`](super::Source) will have.
    pub source: u32,
}

impl Ctx<'_> {
    /// Where `span` is, with only the lines around it (a file may be large).
    pub fn at(&self, (offset, len): (usize, usize)) -> Excerpt {
        let b = self.text.as_bytes();
        let offset = offset.min(b.len());
        let len = len.min(b.len() - offset);
        let line_start = |at: usize| {
            b[..at]
                .iter()
                .rposition(|&c| c == b'\n')
                .map_or(0, |i| i + 1)
        };
        let line_end = |at: usize| {
            b[at..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |i| at + i)
        };
        let own = line_start(offset);
        let from = if own > 0 { line_start(own - 1) } else { 0 };
        let last = line_end(offset + len);
        let to = if last < b.len() {
            line_end(last + 1)
        } else {
            last
        };
        let first_line = self.first_line + b[..from].iter().filter(|&&c| c == b'\n').count();
        let part = self.text.get(from..to).unwrap_or("");
        Excerpt {
            path: self.path.to_string(),
            text: Arc::from(part),
            first_line,
            span: (offset - from, len),
        }
    }
}
