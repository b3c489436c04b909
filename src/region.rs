//! Region names, resolved through the gazetteer of the province in
//! `rules/gazetteer.toml`: `龙亭区`, `开封市龙亭区`, `河南省开封市龙亭区` and `开封龙亭区`
//! are one place, and `开封市` contains it. A pack applies to data whose region lies
//! inside the pack's.

use serde::Deserialize;

#[derive(Deserialize)]
struct City {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    counties: Vec<String>,
    /// County-level functional areas reported on like counties (`示范区`).
    #[serde(default)]
    functional: Vec<String>,
    /// Other spellings of a county's name that documents use (`郟县` for `郏县`):
    /// variant → official name.
    #[serde(default)]
    county_aliases: std::collections::BTreeMap<String, String>,
    /// A county's former names (`淮阳县` for `淮阳区`, renamed 2019): former name →
    /// the place it is now. Data written before a renaming still means the place.
    #[serde(default)]
    former: std::collections::BTreeMap<String, String>,
}

impl City {
    /// The official name of a county written `name`, under an alias, a former
    /// name or its own.
    fn county(&self, name: &str) -> Option<&String> {
        let name = self
            .county_aliases
            .get(name)
            .or_else(|| self.former.get(name))
            .map_or(name, String::as_str);
        Gazetteer::counties(self).find(|k| *k == name)
    }

    /// Every other name of a county: its aliases and former names, as (name, official).
    fn other_names(&self) -> impl Iterator<Item = (&String, &String)> {
        self.county_aliases.iter().chain(&self.former)
    }
}

/// The province's cities and counties.
#[derive(Deserialize)]
pub struct Gazetteer {
    pub province: String,
    /// How a city's or county's name ends (`市`, `县`, `区`): a name ending so that
    /// is no place of the gazetteer is an unknown place, not a street.
    place_endings: Vec<String>,
    /// Endings of smaller units' names that end like a county's (`社区`, `小区`).
    smaller_endings: Vec<String>,
    /// Administrative suffixes of a smaller unit's name as an office or committee
    /// writes it, each with the unit's level that replaces it (`街道办事处` →
    /// `街道`), longer ones first.
    #[serde(default)]
    unit_suffixes: Vec<(String, String)>,
    /// How a smaller unit's name ends when it says its level (`街道`, `社区` …).
    #[serde(default)]
    unit_levels: Vec<String>,
    /// How a government office's name ends (`民政局`, `人民政府`), each with the
    /// level of unit a bare stem names (`城关民政所` is a town's), longer ones first.
    #[serde(default)]
    office_endings: Vec<(String, String)>,
    /// Stems of an office's name that say its level with no place
    /// (`县民政局`, `省民政厅`), each with the level.
    #[serde(default)]
    bare_offices: Vec<(String, String)>,
    /// How a town's, township's or street's name ends (`镇`, `乡`, `街道`).
    #[serde(default)]
    township_endings: Vec<String>,
    /// Short names of functional areas many cities have (`高新区`, `经开区`, `示范区`):
    /// alone they are always shared, listed here or not, and under a city that
    /// lists no such area they are that city.
    #[serde(default)]
    generic_areas: Vec<String>,
    #[serde(rename = "city")]
    cities: Vec<City>,
}

/// A place of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Province,
    City(usize),
    /// A county-level division of a city, by its official name.
    County(usize, String),
}

/// Why a name did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// No place has that name; the closest names, if any.
    Unknown(Vec<String>),
    /// Several places have it (`示范区`): their full names.
    Ambiguous(Vec<String>),
}

impl Gazetteer {
    pub fn parse(text: &str) -> Result<Gazetteer, String> {
        let g: Gazetteer = toml::from_str(text).map_err(|e| e.to_string())?;
        for c in &g.cities {
            for (alias, official) in c.other_names() {
                if !Self::counties(c).any(|k| k == official) {
                    return Err(format!(
                        "{}: county alias {alias} names {official}, which is not a county of the city",
                        c.name
                    ));
                }
            }
        }
        Ok(g)
    }

    fn counties(c: &City) -> impl Iterator<Item = &String> {
        c.counties.iter().chain(&c.functional)
    }

    /// The place a name denotes.
    pub fn resolve(&self, name: &str) -> Result<Place, Unresolved> {
        match self.lookup(name) {
            Ok(p) => Ok(p),
            Err(many) if !many.is_empty() => Err(Unresolved::Ambiguous(many)),
            Err(_) => {
                let name: String = name.split_whitespace().collect();
                let s = name.strip_prefix(self.province.as_str()).unwrap_or(&name);
                let all = self.all_names();
                let near =
                    crate::diag::suggest(s, all.iter().map(String::as_str)).map(String::from);
                Err(Unresolved::Unknown(near.into_iter().collect()))
            }
        }
    }

    /// The place a name denotes when it denotes exactly one. No close names are
    /// looked for, so this is cheap enough to try on every cell of a table.
    pub fn find(&self, name: &str) -> Option<Place> {
        self.lookup(name).ok()
    }

    /// The place, or the full names of every place so called (none when unknown).
    fn lookup(&self, name: &str) -> Result<Place, Vec<String>> {
        let name: String = name.split_whitespace().collect();
        let s = name.strip_prefix(self.province.as_str()).unwrap_or(&name);
        if s.is_empty() {
            return Ok(Place::Province);
        }
        for (i, c) in self.cities.iter().enumerate() {
            for form in std::iter::once(&c.name).chain(&c.aliases) {
                if s == form {
                    return Ok(Place::City(i));
                }
                if let Some(rest) = s.strip_prefix(form.as_str()) {
                    if let Some(k) = c.county(rest) {
                        return Ok(Place::County(i, k.clone()));
                    }
                    // A functional area the gazetteer does not list: somewhere in the city.
                    if self.generic_areas.iter().any(|g| g == rest) {
                        return Ok(Place::City(i));
                    }
                }
            }
        }
        let hits: Vec<(usize, &String)> = self
            .cities
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.county(s).map(|k| (i, k)))
            .collect();
        match hits.as_slice() {
            [(i, k)] if !self.generic_areas.iter().any(|g| g == s) => {
                Ok(Place::County(*i, (*k).clone()))
            }
            many => Err(many
                .iter()
                .map(|(i, k)| format!("{}{k}", self.cities[*i].name))
                .collect()),
        }
    }

    fn all_names(&self) -> Vec<String> {
        let mut out = vec![self.province.clone()];
        for c in &self.cities {
            out.push(c.name.clone());
            out.extend(Self::counties(c).map(|k| format!("{}{k}", c.name)));
            out.extend(Self::counties(c).cloned());
        }
        out
    }

    /// Every place by its full name: the province, then each city followed by its
    /// counties, in the gazetteer's order (what `--region` may be given).
    pub fn full_names(&self) -> Vec<String> {
        let mut out = vec![self.province.clone()];
        for c in &self.cities {
            out.push(c.name.clone());
            out.extend(Self::counties(c).map(|k| format!("{}{k}", c.name)));
        }
        out
    }

    /// The place's full name (`开封市祥符区`).
    pub fn full_name(&self, p: &Place) -> String {
        match p {
            Place::Province => self.province.clone(),
            Place::City(i) => self
                .cities
                .get(*i)
                .map_or(String::new(), |c| c.name.clone()),
            Place::County(i, k) => {
                format!("{}{k}", self.cities.get(*i).map_or("", |c| c.name.as_str()))
            }
        }
    }

    /// Whether `inner` lies within `outer` (or is it).
    pub fn contains(outer: &Place, inner: &Place) -> bool {
        match (outer, inner) {
            (Place::Province, _) => true,
            (Place::City(a), Place::City(b) | Place::County(b, _)) => a == b,
            (Place::County(a, x), Place::County(b, y)) => a == b && x == y,
            _ => false,
        }
    }
}

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
    parent: Vec<usize>,
    names: FastMap<String, usize>,
    /// Bare names several places share (`示范区`): which.
    shared: FastMap<String, Vec<usize>>,
    /// See [`Gazetteer`]'s fields of the same names.
    place_endings: Vec<String>,
    smaller_endings: Vec<String>,
    unit_suffixes: Vec<(String, String)>,
    unit_levels: Vec<String>,
    office_endings: Vec<(String, String)>,
    bare_offices: Vec<(String, String)>,
    township_endings: Vec<String>,
    /// Per group: for a city, how many counties it has (its first groups after
    /// its own), functional areas not counted; 0 for any other place.
    regular: Vec<usize>,
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

impl PlaceIndex {
    /// Whether a name is written like a province, city or county.
    fn county_like(&self, name: &str) -> bool {
        let ends = |list: &[String]| list.iter().any(|e| name.ends_with(e.as_str()));
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
        let name = name.trim();
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
    let text = text.trim();
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
    let text = text.trim();
    let mut name: Cow<'a, str> = if text.contains(char::is_whitespace) {
        Cow::Owned(text.split_whitespace().collect())
    } else {
        Cow::Borrowed(text)
    };
    if let Some((stem, level)) = ix.unit_suffixes.iter().find_map(|(suffix, level)| {
        name.strip_suffix(suffix.as_str())
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
    if ix.unit_levels.iter().any(|l| name.ends_with(l.as_str())) {
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
                let place_like = self
                    .place_endings
                    .iter()
                    .any(|e| head.ends_with(e.as_str()));
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
    values: &[crate::data::Value<'_>],
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
mod tests {
    use super::*;

    #[test]
    fn an_office_says_its_level_by_its_place() {
        let ix = shipped().expect("gazetteer").index();
        use OfficeLevel::*;
        for (unit, want) in [
            ("河南省民政厅", Some(Province)),
            ("省民政厅", Some(Province)),
            ("开封市民政局", Some(City)),
            ("开封市人民政府", Some(City)),
            ("兰考县民政局", Some(County)),
            ("禹州市民政局", Some(County)),
            ("开封市鼓楼区民政局", Some(County)),
            ("县民政局", Some(County)),
            ("兰考县东坝头镇人民政府", Some(Township)),
            ("东坝头镇民政所", Some(Township)),
            ("城关民政所", Some(Township)),
            ("北书店街道办事处", Some(Township)),
            ("龙亭区北书店街道办事处", Some(Township)),
            ("北书店 街道办事处", Some(Township)),
            // 市民政局 may be a prefecture's or a county-level city's
            ("市民政局", None),
            ("曹门办事处", None),
            ("民政局", None),
            ("祥府区民政局", None),
            ("鼓楼区卫健委", None),
            ("", None),
        ] {
            assert_eq!(ix.office_level(unit), want, "{unit}");
        }
    }

    #[test]
    fn names_resolve_to_one_place() {
        let g = shipped().expect("rules/gazetteer.toml parses");
        let xf = g.resolve("祥符区").expect("祥符区");
        for name in [
            "开封市祥符区",
            "河南省开封市祥符区",
            "开封祥符区",
            " 开封市 祥符区 ",
        ] {
            assert_eq!(g.resolve(name), Ok(xf.clone()), "{name}");
        }
        let kf = g.resolve("开封市").expect("开封市");
        assert_eq!(g.resolve("开封"), Ok(kf.clone()));
        assert!(Gazetteer::contains(&kf, &xf));
        assert!(!Gazetteer::contains(&xf, &kf));
        assert!(Gazetteer::contains(&Place::Province, &xf));
        assert_eq!(g.full_name(&xf), "开封市祥符区");
        let hy = g.resolve("淮阳区").expect("淮阳区");
        assert!(!Gazetteer::contains(&kf, &hy));
        assert_eq!(g.resolve("河南省"), Ok(Place::Province));
        assert!(matches!(g.resolve("示范区"), Err(Unresolved::Ambiguous(v)) if v.len() == 2));
        assert_eq!(
            g.resolve("开封市示范区"),
            Ok(Place::County(1, "城乡一体化示范区".into()))
        );
        assert_eq!(g.find("祥符区"), Some(xf.clone()));
        assert_eq!(g.find("城东街道"), None);
        assert_eq!(g.find("示范区"), None);
        assert_eq!(
            g.resolve("祥府区"),
            Err(Unresolved::Unknown(vec!["祥符区".into()]))
        );
    }

    #[test]
    fn the_index_knows_every_name_of_a_place() {
        let g = shipped().expect("rules/gazetteer.toml parses");
        let ix = g.index();
        let xf = ix.group("开封市祥符区").expect("a group");
        for name in [
            "祥符区",
            "开封市祥符区",
            "开封祥符区",
            "河南省开封市祥符区",
            " 开封市 祥符区",
        ] {
            assert_eq!(ix.named(name), Named::Place(xf), "{name}");
        }
        let kf = ix.group("开封市").expect("开封市");
        assert_eq!(ix.lookup("开封市"), Some(kf));
        assert_eq!(ix.lookup("开封"), Some(kf));
        assert_eq!(ix.lookup("河南省"), Some(0));
        assert!(ix.is_county(xf) && !ix.is_county(0) && !ix.is_county(kf));
        assert_eq!(ix.city(xf), Some(kf));
        assert_eq!(ix.city(kf), Some(kf));
        assert_eq!(ix.city(0), None);
        assert!(ix.contains(kf, xf) && ix.contains(0, xf) && ix.contains(xf, xf));
        let hy = ix.group("周口市淮阳区").expect("淮阳区");
        assert!(!ix.contains(kf, hy) && !ix.contains(xf, kf));
        // Streets, towns and communities are not places of the gazetteer.
        for other in ["城西街道", "白楼镇", "包公湖社区", "金明小区"] {
            assert_eq!(ix.named(other), Named::Other, "{other}");
        }
        // Written like a county, but none: a typo or another province's.
        for unknown in ["祥府区", "朝阳区", "开封市祥府区", "郑东新区"] {
            assert_eq!(ix.named(unknown), Named::Unknown, "{unknown}");
        }
        let Named::Shared(both) = ix.named("示范区") else {
            panic!("示范区 is two places")
        };
        assert_eq!(both.len(), 2);
        let pds = ix.group("平顶山市").expect("平顶山市");
        assert_eq!(
            ix.settle(both, Some(kf)),
            ix.group("开封市城乡一体化示范区")
        );
        assert_eq!(
            ix.settle(both, Some(pds)),
            ix.group("平顶山市城乡一体化示范区")
        );
        assert_eq!(ix.settle(both, None), None);
        assert_eq!(
            ix.named("开封市示范区"),
            Named::Place(ix.group("开封市城乡一体化示范区").unwrap_or(0))
        );
    }

    /// A functional area is one place under each name its city's documents give
    /// it: 平顶山's 城乡一体化示范区 is its 示范区 and, in the task table, 新城区.
    #[test]
    fn a_functional_area_is_one_place_under_every_name() {
        let g = shipped().expect("rules/gazetteer.toml parses");
        let ix = g.index();
        let pds = ix.group("平顶山市城乡一体化示范区").expect("a group");
        for name in [
            "新城区",
            "平顶山市新城区",
            "平顶山市示范区",
            "平顶山新城区",
            "平顶山市城乡一体化示范区",
        ] {
            assert_eq!(ix.named(name), Named::Place(pds), "{name}");
        }
        let gx = ix.group("平顶山市高新技术产业开发区").expect("a group");
        for name in ["平顶山市高新区", "平顶山市高新技术产业开发区"] {
            assert_eq!(ix.named(name), Named::Place(gx), "{name}");
        }
        // Alone, a generic area's short name is no one city's, listed or not.
        let Named::Shared(one) = ix.named("高新区") else {
            panic!("高新区 alone is shared")
        };
        assert_eq!(ix.settle(one, ix.group("平顶山市")), Some(gx));
        assert_eq!(ix.settle(one, ix.group("开封市")), None);
        assert!(matches!(g.resolve("高新区"), Err(Unresolved::Ambiguous(_))));
        // Under a city that lists no such area, it is somewhere in that city.
        let ly = ix.group("洛阳市").expect("洛阳市");
        for name in [
            "洛阳市高新区",
            "洛阳高新区",
            "河南省洛阳市经开区",
            "郑州市航空港区",
        ] {
            assert!(
                matches!(ix.named(name), Named::Place(g) if ix.city(g) == Some(g)),
                "{name}"
            );
        }
        assert_eq!(ix.named("洛阳市高新区"), Named::Place(ly));
        assert_eq!(g.full_name(&g.resolve("洛阳市高新区").unwrap()), "洛阳市");
        let kf = ix.group("开封市城乡一体化示范区").expect("a group");
        assert_eq!(ix.named("开封市示范区"), Named::Place(kf));
        assert_eq!(
            g.full_name(&g.resolve("平顶山市新城区").unwrap()),
            "平顶山市城乡一体化示范区"
        );
        // One group per place: no short name is a place of its own.
        for short in [
            "平顶山市新城区",
            "平顶山市示范区",
            "平顶山市高新区",
            "开封市示范区",
        ] {
            assert_eq!(ix.group(short), None, "{short}");
        }
    }

    /// A county renamed since is the current place under its former name (listed,
    /// as each city's `former`, from the renamings the gazetteer's header gives).
    #[test]
    fn a_former_name_is_the_place_now() {
        let g = shipped().expect("rules/gazetteer.toml parses");
        let ix = g.index();
        for (former, now) in [
            ("淮阳县", "周口市淮阳区"),
            ("周口市淮阳县", "周口市淮阳区"),
            ("开封县", "开封市祥符区"),
            ("开封市开封县", "开封市祥符区"),
            ("许昌县", "许昌市建安区"),
            ("陕县", "三门峡市陕州区"),
            ("长垣县", "新乡市长垣市"),
            ("偃师市", "洛阳市偃师区"),
            ("孟津县", "洛阳市孟津区"),
            ("吉利区", "洛阳市孟津区"),
        ] {
            assert_eq!(
                ix.named(former),
                Named::Place(ix.group(now).unwrap_or(0)),
                "{former}"
            );
            let place = g
                .resolve(former)
                .unwrap_or_else(|e| panic!("{former}: {e:?}"));
            assert_eq!(g.full_name(&place), now, "{former}");
        }
    }

    #[test]
    fn a_county_resolves_under_the_spelling_documents_use() {
        let g = shipped().expect("rules/gazetteer.toml parses");
        let jia = Place::County(3, "郏县".into());
        for name in [
            "郟县",
            "平顶山市郟县",
            "平顶山郟县",
            "河南省平顶山市郟县",
            "郏县",
        ] {
            assert_eq!(g.resolve(name), Ok(jia.clone()), "{name}");
        }
        assert_eq!(g.full_name(&jia), "平顶山市郏县");
        let ix = g.index();
        let group = ix.group("平顶山市郏县").expect("郏县");
        for name in ["郟县", "平顶山市郟县", "河南省平顶山市郟县"] {
            assert_eq!(ix.named(name), Named::Place(group), "{name}");
        }
        assert_eq!(text_of(canonical(&ix, "郟县", None)), "平顶山市郏县");
        // An alias of no county of its city is a gazetteer error, not a silent no-op.
        let bad = "province = \"河南省\"\nplace_endings = []\nsmaller_endings = []\n[[city]]\nname = \"平顶山市\"\ncounties = [\"郏县\"]\ncounty_aliases = { \"郟县\" = \"叶县\" }\n";
        assert!(Gazetteer::parse(bad).is_err_and(|e| e.contains("叶县")));
    }

    fn text_of(v: crate::data::Value<'_>) -> String {
        match v {
            crate::data::Value::Text(t) => t.into_owned(),
            other => panic!("not text: {other:?}"),
        }
    }

    #[test]
    fn a_smaller_unit_is_its_name_as_an_identity() {
        let g = shipped().expect("rules/gazetteer.toml parses");
        let ix = g.index();
        for (written, unit) in [
            ("北书店街道办事处", "北书店街道"),
            ("北书店办事处", "北书店街道"),
            ("龙亭区大兴街道", "大兴街道"),
            ("开封市龙亭区 大兴街道", "大兴街道"),
            ("双龙巷社区居委会", "双龙巷社区"),
            ("双龙巷居民委员会", "双龙巷社区"),
            ("王庄村村委会", "王庄村"),
            ("王庄村民委员会", "王庄村"),
            ("白楼镇人民政府", "白楼镇"),
            ("宝丰县城关镇", "城关镇"),
            // A leading name must be a place's: 开封路 is a road.
            ("开封路社区", "开封路社区"),
            ("城东街道", "城东街道"),
        ] {
            assert_eq!(unit_name(&ix, written).as_deref(), Ok(unit), "{written}");
        }
        for short in ["午朝门", "东关", "龙亭区东关"] {
            assert!(unit_name(&ix, short).is_err(), "{short}");
        }
        assert!(unit_changes(&ix, "北书店街道办事处"));
        assert!(!unit_changes(&ix, "北书店街道"));
    }

    #[test]
    fn place_cells_are_stored_as_full_names() {
        use crate::data::{Problem, Value};
        let g = shipped().expect("rules/gazetteer.toml parses");
        let ix = g.index();
        let text = |v: Value<'_>| match v {
            Value::Text(t) => t.into_owned(),
            other => panic!("not text: {other:?}"),
        };
        let problem = |v: Value<'_>| match v {
            Value::Invalid(bad) => bad.problem,
            other => panic!("not invalid: {other:?}"),
        };
        for name in ["淮阳区", "周口市淮阳区", "周口淮阳区", " 周口市 淮阳区 "]
        {
            assert_eq!(text(canonical(&ix, name, None)), "周口市淮阳区", "{name}");
        }
        assert_eq!(text(canonical(&ix, "开封", None)), "开封市");
        assert_eq!(text(canonical(&ix, "城东 街道", None)), "城东街道");
        assert_eq!(text(canonical(&ix, "包公湖社区", None)), "包公湖社区");
        assert_eq!(
            problem(canonical(&ix, "祥府区", None)),
            Problem::UnknownPlace
        );
        assert_eq!(
            problem(canonical(&ix, "示范区", None)),
            Problem::AmbiguousPlace
        );
        let kf = ix.group("开封市");
        assert_eq!(text(canonical(&ix, "示范区", kf)), "开封市城乡一体化示范区");
    }
}
