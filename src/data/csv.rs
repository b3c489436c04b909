//! Delimited text: the spreadsheets counties report, exported from Excel.
//!
//! Columns are matched to fields by the Chinese headers the pack declares, so the
//! same table can be submitted as exported. No per-cell positions are stored: a
//! finding re-reads its record's line (`cell_span`) to point at the cell, which
//! keeps a million-row table's footprint to its values.

// A `DataError` is large for a `Result`, but it ends a file's loading, off the hot path.

use super::ctx::{Ctx, Loaded};
use super::{Record, Value};
use crate::data::error::DataError;
use crate::schema::{EntityId, Schema};

mod header_row;
mod layout;
/// Lexing alone, depending on nothing else of the data stage: a cell of any
/// record is found again with it (`View::locate`).
pub(super) mod lex;
mod rows;

pub(crate) use header_row::read_header;
pub(crate) use layout::Header;
pub(crate) use lex::{sniff_delimiter, unquote, walk};
pub(crate) use rows::read_rows;

/// Loads a whole delimited file held in memory.
pub(crate) fn load_csv(
    ctx: &Ctx<'_>,
    schema: &Schema,
    entity: Option<EntityId>,
) -> Result<Loaded, DataError> {
    let (header, mut warnings) = read_header(ctx, schema, entity)?;
    let mut records = Vec::new();
    read_rows(
        ctx,
        schema,
        &header,
        header.data_start,
        header.data_line,
        0,
        &mut |r| {
            records.push(Record {
                values: r.values.iter().cloned().map(Value::into_owned).collect(),
                pos: r.pos,
            })
        },
    )?;
    warnings.extend(header.take_notes());
    Ok(Loaded {
        cells: header.cells(),
        tables: vec![(header.entity, records)],
        warnings,
        region: None,
    })
}

/// The error for a quoted cell not closed properly at `at`.
fn quote_error(ctx: &Ctx<'_>, at: usize) -> DataError {
    DataError::Quote {
        at: ctx.at((at, 1)),
    }
}

#[cfg(test)]
#[path = "csv_tests.rs"]
mod tests;
