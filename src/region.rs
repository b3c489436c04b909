//! Region names, resolved through the gazetteer of the province in
//! `rules/gazetteer.toml`: `龙亭区`, `开封市龙亭区`, `河南省开封市龙亭区` and `开封龙亭区`
//! are one place, and `开封市` contains it. A pack applies to data whose region lies
//! inside the pack's.

mod cells;
mod gazetteer;
mod index;

pub use cells::{canonical, level_fix, unit_changes, unit_name};
pub use gazetteer::{Gazetteer, Place, Unresolved};
pub use index::{Named, OfficeLevel, PlaceIndex};

/// The shipped gazetteer.
pub fn shipped() -> Result<Gazetteer, String> {
    Gazetteer::parse(include_str!("../rules/gazetteer.toml"))
}

/// The shipped gazetteer and its index, built once: rule packs canonicalise
/// their place constants against it when they are compiled.
pub fn shipped_index() -> Option<&'static (Gazetteer, PlaceIndex)> {
    static CELL: std::sync::OnceLock<Option<(Gazetteer, PlaceIndex)>> = std::sync::OnceLock::new();
    CELL.get_or_init(|| {
        shipped().ok().map(|g| {
            let ix = g.index();
            (g, ix)
        })
    })
    .as_ref()
}

#[cfg(test)]
#[path = "region_tests.rs"]
mod tests;
