//! What place cells and unit cells are stored as: a place's full name, a smaller
//! unit's name as written, the level of the office a unit names, so that records
//! compare places, not spellings.

use super::index::{Named, OfficeLevel, PlaceIndex, ends_with};

/// A place-valued cell as stored: the place's full name; a smaller unit's name
/// as written (blanks squeezed out); [`Value::Invalid`] for a county-like name
/// the gazetteer does not know, or a shared one (`示范区`) that `city` (the city
/// the record's other fields or the run name) does not settle.
///
/// [`Value::Invalid`]: crate::data::Value::Invalid
pub fn canonical<'a>(
    ix: &'a PlaceIndex,
    text: &'a str,
    city: Option<usize>,
) -> crate::data::Value<'a> {
    use crate::data::{Problem, Value, cell::invalid};
    let text = crate::data::cell::trimmed(text);
    match ix.named(text) {
        Named::Place(g) => match ix.groups.get(g) {
            Some(full) => Value::Text(full.as_str().into()),
            None => Value::Text(text.into()),
        },
        Named::Shared(places) => match ix.settle(places, city).and_then(|g| ix.groups.get(g)) {
            Some(full) => Value::Text(full.as_str().into()),
            None => invalid(text, Problem::AmbiguousPlace),
        },
        Named::Unknown => invalid(text, Problem::UnknownPlace),
        // A smaller unit, as its own identity ([`unit_name`]); a short form stays
        // as written: a region row names the unit the rules judge.
        Named::Other => match unit_name(ix, text) {
            Ok(name) => Value::Text(name),
            Err(_) if text.contains(char::is_whitespace) => {
                Value::Text(text.split_whitespace().collect::<String>().into())
            }
            Err(_) => Value::Text(text.into()),
        },
    }
}

/// Whether a smaller unit's name is not yet its identity ([`unit_name`]).
pub fn unit_changes(ix: &PlaceIndex, text: &str) -> bool {
    match unit_name(ix, text) {
        Ok(name) => name != text,
        Err(_) => text.contains(char::is_whitespace),
    }
}

/// A smaller unit's (a street's, a town's, a community's, a village's) name as
/// its own identity: blanks squeezed out, an office's or committee's suffix
/// replaced by the unit's level (`北书店街道办事处` → `北书店街道`, `双龙巷社区居委会` →
/// `双龙巷社区`), and a leading city or county name the gazetteer knows dropped
/// (`龙亭区大兴街道` → `大兴街道`: the county is the record's county cell's to say).
/// `Err` with that name when it does not end in a level (`午朝门`, `东关`): a short
/// form that may be any unit of the stem, which a comparison cannot settle.
pub fn unit_name<'a>(ix: &PlaceIndex, text: &'a str) -> Result<std::borrow::Cow<'a, str>, String> {
    use std::borrow::Cow;
    let text = crate::data::cell::trimmed(text);
    let mut name: Cow<'a, str> = if text.contains(char::is_whitespace) {
        Cow::Owned(text.split_whitespace().collect())
    } else {
        Cow::Borrowed(text)
    };
    if let Some((stem, level)) = ix.unit_suffixes.iter().find_map(|(suffix, level)| {
        ends_with(&name, suffix)
            .then(|| name.strip_suffix(suffix.as_str()))
            .flatten()
            .filter(|stem| !stem.is_empty())
            .map(|stem| (stem, level.as_str()))
    }) {
        name = Cow::Owned(if stem.ends_with(level) {
            stem.to_string()
        } else {
            format!("{stem}{level}")
        });
    }
    if let Some(rest) = ix.unit_rest(&name) {
        name = Cow::Owned(rest.to_string());
    }
    if ix.unit_levels.iter().any(|l| ends_with(&name, l)) {
        Ok(name)
    } else {
        Err(name.into_owned())
    }
}

impl PlaceIndex {
    /// The level of the office a unit cell names (`兰考县民政局` a county's,
    /// `禹州市民政局` a county's too: 禹州市 is a county-level city, `东坝头镇人民政府`
    /// a town's), when its name says it: a place of the gazetteer, or a town's,
    /// township's or street's name, before an office ending. `None` for anything
    /// else (`市民政局` may be a prefecture's or a county-level city's).
    pub fn office_level(&self, text: &str) -> Option<OfficeLevel> {
        let name: String = text.split_whitespace().collect();
        let (stem, implied) = self.office_endings.iter().find_map(|(ending, level)| {
            name.strip_suffix(ending.as_str())
                .map(|stem| (stem, level.as_str()))
        })?;
        let level_of = |l: &str| match l {
            "省" => Some(OfficeLevel::Province),
            "市" => Some(OfficeLevel::City),
            "县" | "区" => Some(OfficeLevel::County),
            "乡" | "镇" | "街道" => Some(OfficeLevel::Township),
            _ => None,
        };
        if let Some((_, l)) = self.bare_offices.iter().find(|(s, _)| s == stem) {
            return level_of(l);
        }
        if stem.is_empty() {
            return None;
        }
        match self.named(stem) {
            Named::Place(0) => return Some(OfficeLevel::Province),
            Named::Place(g) if self.is_county(g) => return Some(OfficeLevel::County),
            Named::Place(_) => return Some(OfficeLevel::City),
            Named::Shared(gs) if gs.iter().all(|&g| self.is_county(g)) => {
                return Some(OfficeLevel::County);
            }
            Named::Shared(_) | Named::Unknown => return None,
            Named::Other => {}
        }
        // A town's or street's office, perhaps after its county (`兰考县东坝头镇`).
        let rest = self.unit_rest(stem).unwrap_or(stem);
        let township = |n: &str| {
            self.township_endings
                .iter()
                .any(|l| n.len() > l.len() && n.ends_with(l.as_str()))
        };
        if township(rest) {
            return Some(OfficeLevel::Township);
        }
        (!implied.is_empty() && !rest.is_empty())
            .then(|| level_of(implied))
            .flatten()
    }

    /// What follows the longest leading city or county name of a smaller unit's
    /// name (`龙亭区大兴街道` → `大兴街道`), if one leads it. The leading name must
    /// end like a place (`…市`, `…县`, `…区`): `开封路社区` is no place's.
    fn unit_rest<'n>(&self, name: &'n str) -> Option<&'n str> {
        name.char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .filter(|&i| i < name.len())
            .rev()
            .find_map(|i| {
                let (head, rest) = name.split_at(i);
                // The ending first: it rules out most heads without hashing them.
                let place_like = self.place_endings.iter().any(|e| ends_with(head, e));
                (place_like
                    && (self.names.contains_key(head) || self.shared.contains_key(head))
                    && !self.unit_levels.iter().any(|l| l == rest))
                .then_some(rest)
            })
    }
}

/// The level a place-level field should hold, when it holds another: the
/// level of the place its place field names (a canonical name by then), if the
/// gazetteer knows the place and the cell is blank or another of a province's,
/// a city's or a county's levels (`汝州市` with a `市` cell is a county); or,
/// for a blank cell, the level of the office its unit field names.
pub fn level_fix(
    ix: &PlaceIndex,
    l: &crate::schema::LevelFrom,
    values: &crate::data::Values<'_>,
) -> Option<u16> {
    use crate::data::Value;
    use crate::schema::LevelBy;
    let Some(Value::Text(t)) = values.get(l.place) else {
        return None;
    };
    let current = values.get(l.target);
    let want = match l.by {
        LevelBy::Place => {
            let g = ix.lookup(t)?;
            if g == 0 {
                l.values[0]
            } else if ix.is_county(g) {
                l.values[2]
            } else {
                l.values[1]
            }
        }
        LevelBy::Office => {
            if !matches!(current, Some(Value::Missing)) {
                return None;
            }
            l.values[match ix.office_level(t)? {
                OfficeLevel::Province => 0,
                OfficeLevel::City => 1,
                OfficeLevel::County => 2,
                OfficeLevel::Township => 3,
            }]
        }
    }?;
    match current {
        Some(Value::Missing) => Some(want),
        Some(Value::Enum(v)) if *v != want && l.values.contains(&Some(*v)) => Some(want),
        _ => None,
    }
}
