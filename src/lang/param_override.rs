//! A parameter's value given outside the packs (`--param`, the project's
//! `[params]`): what [`params`](super::params) applies and what an error about a
//! value points at. Its own module, so the errors and the parameters each use it
//! without using each other.

use std::sync::Arc;

/// A parameter's value given outside the packs. It remembers where it was given,
/// so an error about it points there: at the flag, or at the value in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub name: String,
    pub value: String,
    /// The settings file's name and text and the value's span (offset, length);
    /// `None` for `--param`.
    pub from: Option<(String, Arc<str>, (usize, usize))>,
}

/// The text a `--param` flag stands for, which its errors point into.
pub(crate) fn flag_source(o: &Override) -> String {
    format!("param {} = {}", o.name, o.value)
}
