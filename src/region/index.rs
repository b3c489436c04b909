//! The gazetteer indexed once by every name data may give a place, so that each
//! place cell is looked up, not searched for.

use super::gazetteer::Gazetteer;

/// The index's maps, looked up for every place cell: foldhash, not SipHash (the
/// keys are the gazetteer's own names, not an adversary's).
type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// Every place of a gazetteer under each name data may give it: `groups` are the
/// places' full names in the gazetteer's order, and a place-valued cell is stored
/// as its group's full name, so data compare identities, not spellings.
pub struct PlaceIndex {
    pub groups: Vec<String>,
    /// Each group's parent: the province for a city, the city for a county, the
    /// province for itself.
    pub(super) parent: Vec<usize>,
    pub(super) names: FastMap<String, usize>,
    /// Bare names several places share (`示范区`): which.
    pub(super) shared: FastMap<String, Vec<usize>>,
    /// See [`Gazetteer`]'s fields of the same names.
    pub(super) place_endings: Vec<String>,
    pub(super) smaller_endings: Vec<String>,
    pub(super) unit_suffixes: Vec<(String, String)>,
    pub(super) unit_levels: Vec<String>,
    pub(super) office_endings: Vec<(String, String)>,
    pub(super) bare_offices: Vec<(String, String)>,
    pub(super) township_endings: Vec<String>,
    /// Per group: for a city, how many counties it has (its first groups after
    /// its own), functional areas not counted; 0 for any other place.
    pub(super) regular: Vec<usize>,
}

/// The level of a government office, as its name says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficeLevel {
    Province,
    City,
    County,
    /// A town's, township's or street's office (乡级: streets rank with towns).
    Township,
}

/// What a place-valued cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named<'a> {
    /// One place, by group.
    Place(usize),
    /// Several places share the name: their groups.
    Shared(&'a [usize]),
    /// Written like a city or county (`…区`, `…县`, `…市`) but no place of the
    /// gazetteer: a typo or a place of another province.
    Unknown,
    /// Not a city or county name (a street, town or community): kept as written.
    Other,
}

/// `hay.ends_with(suffix)`, most misses decided by the last byte: the names
/// compared are a few characters long, read for every unit cell, and a call to
/// compare the bytes cost more than the comparison.
#[inline]
pub(super) fn ends_with(hay: &str, suffix: &str) -> bool {
    match suffix.as_bytes().last() {
        None => true,
        Some(l) => hay.as_bytes().last() == Some(l) && hay.ends_with(suffix),
    }
}

impl PlaceIndex {
    /// Whether a name is written like a province, city or county.
    fn county_like(&self, name: &str) -> bool {
        let ends = |list: &[String]| list.iter().any(|e| ends_with(name, e));
        ends(&self.place_endings) && !ends(&self.smaller_endings)
    }

    /// The group a name denotes, if it is one place's name.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        match self.named(name) {
            Named::Place(g) => Some(g),
            _ => None,
        }
    }

    /// What a name denotes. Costs a hash lookup: names are tried as written, and
    /// only squeezed of inner blanks when they have some.
    pub fn named(&self, name: &str) -> Named<'_> {
        let name = crate::data::cell::trimmed(name);
        let found = |n: &str| {
            if let Some(&g) = self.names.get(n) {
                Some(Named::Place(g))
            } else {
                self.shared.get(n).map(|v| Named::Shared(v.as_slice()))
            }
        };
        if let Some(n) = found(name) {
            return n;
        }
        if name.contains(char::is_whitespace) {
            let squeezed: String = name.split_whitespace().collect();
            if let Some(n) = found(&squeezed) {
                return n;
            }
            return if self.county_like(&squeezed) {
                Named::Unknown
            } else {
                Named::Other
            };
        }
        if self.county_like(name) {
            Named::Unknown
        } else {
            Named::Other
        }
    }

    /// Every set of places that share a name, in a fixed order.
    pub fn shared_sets(&self) -> Vec<&[usize]> {
        let mut sets: Vec<&[usize]> = self.shared.values().map(Vec::as_slice).collect();
        sets.sort_unstable();
        sets.dedup();
        sets
    }

    pub fn is_county(&self, group: usize) -> bool {
        group != 0 && self.parent.get(group).is_some_and(|&p| p != 0)
    }

    /// The city a table's 合计 row is the row of, given the places the rows above
    /// it name (each once): all counties of one city, together every county the
    /// gazetteer lists for it (its functional areas may be there or not). A sum
    /// over part of a city, or over rows that are not all its counties, is no
    /// city's figure.
    pub fn totalled_city(&self, above: &[usize]) -> Option<usize> {
        let c = self.city(*above.first()?)?;
        if !above
            .iter()
            .all(|&g| self.is_county(g) && self.parent.get(g) == Some(&c))
        {
            return None;
        }
        let n = self.regular.get(c).copied().unwrap_or(0);
        (n > 0 && (c + 1..=c + n).all(|k| above.contains(&k))).then_some(c)
    }

    /// The city a place is in (itself for a city), none for the province.
    pub fn city(&self, group: usize) -> Option<usize> {
        match self.parent.get(group) {
            Some(_) if group == 0 => None,
            Some(0) => Some(group),
            Some(&p) => Some(p),
            None => None,
        }
    }

    /// Whether place `inner` lies within `outer` (or is it).
    pub fn contains(&self, outer: usize, inner: usize) -> bool {
        outer == 0 || outer == inner || self.parent.get(inner) == Some(&outer)
    }

    /// The group of a place.
    pub fn group(&self, full_name: &str) -> Option<usize> {
        self.groups.iter().position(|g| g == full_name)
    }

    /// Of the places sharing a name, the one in `city`.
    pub fn settle(&self, shared: &[usize], city: Option<usize>) -> Option<usize> {
        let city = city?;
        let mut hits = shared.iter().filter(|&&g| self.city(g) == Some(city));
        match (hits.next(), hits.next()) {
            (Some(&g), None) => Some(g),
            _ => None,
        }
    }

    /// The place a record is in, from its place-valued fields (`place_slots`, in
    /// the order they are tried: a region row's own name before its parent, a
    /// parcel's county before its city). Cells hold canonical names by then
    /// ([`PlaceIndex::named`] of a full name is one hash lookup). This one
    /// function places records for checking and for every report.
    pub fn place_of(&self, place_slots: &[usize], rec: &crate::data::Record<'_>) -> Option<usize> {
        place_slots.iter().find_map(|&s| match rec.values.get(s) {
            Some(crate::data::Value::Text(t)) => self.names.get(t.as_ref()).copied(),
            _ => None,
        })
    }
}

impl Gazetteer {
    /// An index of every place's names.
    pub fn index(&self) -> PlaceIndex {
        let mut groups = vec![self.province.clone()];
        let mut parent = vec![0];
        let mut names = FastMap::default();
        names.insert(self.province.clone(), 0);
        let mut bare: std::collections::HashMap<&str, Vec<usize>> =
            std::collections::HashMap::new();
        let mut regular = vec![0];
        for c in &self.cities {
            let city = groups.len();
            groups.push(c.name.clone());
            parent.push(0);
            regular.push(c.counties.len());
            for form in std::iter::once(&c.name).chain(&c.aliases) {
                names.insert(form.clone(), city);
                names.insert(format!("{}{form}", self.province), city);
            }
            for k in Self::counties(c) {
                let g = groups.len();
                groups.push(format!("{}{k}", c.name));
                parent.push(city);
                regular.push(0);
                for form in std::iter::once(&c.name).chain(&c.aliases) {
                    names.insert(format!("{form}{k}"), g);
                    names.insert(format!("{}{form}{k}", self.province), g);
                }
                bare.entry(k.as_str()).or_default().push(g);
                for (alias, _) in c.other_names().filter(|(_, o)| *o == k) {
                    for form in std::iter::once(&c.name).chain(&c.aliases) {
                        names.insert(format!("{form}{alias}"), g);
                        names.insert(format!("{}{form}{alias}", self.province), g);
                    }
                    bare.entry(alias.as_str()).or_default().push(g);
                }
            }
        }
        // Under a city that lists no such area, a generic one is the city.
        for (i, c) in self.cities.iter().enumerate() {
            let city = self
                .cities
                .iter()
                .take(i)
                .map(|c| 1 + Self::counties(c).count())
                .sum::<usize>()
                + 1;
            for a in &self.generic_areas {
                for form in std::iter::once(&c.name).chain(&c.aliases) {
                    for name in [format!("{form}{a}"), format!("{}{form}{a}", self.province)] {
                        names.entry(name).or_insert(city);
                    }
                }
            }
        }
        let mut shared = FastMap::default();
        for (k, places) in bare {
            match places.as_slice() {
                [_] if self.generic_areas.iter().any(|a| a == k) => {
                    shared.insert(k.to_string(), places);
                }
                [g] => {
                    names.entry(k.to_string()).or_insert(*g);
                }
                _ => {
                    shared.insert(k.to_string(), places);
                }
            }
        }
        // A county written without its ending (`兰考`, `祥符`, `淮阳`), as bureaus
        // often do: the place, when one county has that stem and the stem is no
        // other name; several counties sharing it make it a shared name.
        let mut stems: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
        for (g, full) in groups.iter().enumerate() {
            if parent.get(g).is_none_or(|&p| p == 0) {
                continue;
            }
            let Some(city) = parent.get(g).and_then(|&p| groups.get(p)) else {
                continue;
            };
            let Some(k) = full.strip_prefix(city.as_str()) else {
                continue;
            };
            if self.generic_areas.iter().any(|a| a == k) {
                continue;
            }
            if let Some(stem) = self
                .place_endings
                .iter()
                .find_map(|e| k.strip_suffix(e.as_str()))
                && stem.chars().count() >= 2
            {
                stems.entry(stem.to_string()).or_default().push(g);
            }
        }
        for (stem, places) in stems {
            if names.contains_key(&stem) || shared.contains_key(&stem) {
                continue;
            }
            match places.as_slice() {
                [g] => {
                    names.insert(stem, *g);
                }
                _ => {
                    shared.insert(stem, places);
                }
            }
        }
        PlaceIndex {
            groups,
            parent,
            names,
            shared,
            place_endings: self.place_endings.clone(),
            smaller_endings: self.smaller_endings.clone(),
            unit_suffixes: self.unit_suffixes.clone(),
            unit_levels: self.unit_levels.clone(),
            office_endings: self.office_endings.clone(),
            bare_offices: self.bare_offices.clone(),
            township_endings: self.township_endings.clone(),
            regular,
        }
    }
}
