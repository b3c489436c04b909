//! How a delimited file's columns are read: its [`Header`], found by
//! [`read_header`](super::read_header) and used by every chunk's
//! [`read_rows`](super::read_rows).

use crate::data::CellMap;
use crate::data::error::DataError;
use crate::data::header::Bare;
use crate::data::notes::Notes;
use crate::schema::{EntityId, Slot};
use std::sync::{Arc, Mutex};

/// How one column of the file is read.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub(super) slot: Slot,
    pub(super) bare: Bare,
}

/// A file's header: which field each column holds. Read once, then used for every
/// chunk of the file.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub entity: EntityId,
    pub delimiter: u8,
    /// Per column of the file: the field it holds, if any.
    pub(super) columns: Vec<Option<Column>>,
    /// Per slot of the entity: the column holding it.
    pub slot_columns: Vec<Option<usize>>,
    /// Where the data starts (just past the header line) and its line number.
    pub data_start: usize,
    pub data_line: u32,
    /// Geometry fields made of a longitude and a latitude column where a record
    /// has none of its own.
    pub(super) points: Vec<crate::schema::PointFrom>,
    /// Of those, the ones with no column of their own: reset for every record.
    pub(super) derived: Vec<Slot>,
    /// Slots whose unreadable cells are reported once per file ([`Notes`]).
    pub(super) watch: Vec<Slot>,
    /// What the chunks read so far noted, merged as each chunk ends.
    pub(super) notes: Arc<Mutex<Notes>>,
}

impl Header {
    /// The warnings noted while reading the file's records, once: unknown enum
    /// values and undecided fractions, each at its first cell or its header.
    pub fn take_notes(&self) -> Vec<DataError> {
        match self.notes.lock() {
            Ok(mut n) => std::mem::take(&mut *n).into_errors(),
            Err(_) => Vec::new(),
        }
    }

    /// How to find cells of records read with this header.
    pub fn cells(&self) -> CellMap {
        CellMap::Csv {
            delimiter: self.delimiter,
            columns: self.slot_columns.clone(),
        }
    }
}
