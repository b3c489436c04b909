//! The province's gazetteer as `rules/gazetteer.toml` writes it: its cities and
//! counties under every name documents give them, and a place name resolved to
//! one place of it, or to why not.

use serde::Deserialize;

#[derive(Deserialize)]
pub(super) struct City {
    pub(super) name: String,
    #[serde(default)]
    pub(super) aliases: Vec<String>,
    #[serde(default)]
    pub(super) counties: Vec<String>,
    /// County-level functional areas reported on like counties (`示范区`).
    #[serde(default)]
    pub(super) functional: Vec<String>,
    /// Other spellings of a county's name that documents use (`郟县` for `郏县`):
    /// variant → official name.
    #[serde(default)]
    pub(super) county_aliases: std::collections::BTreeMap<String, String>,
    /// A county's former names (`淮阳县` for `淮阳区`, renamed 2019): former name →
    /// the place it is now. Data written before a renaming still means the place.
    #[serde(default)]
    pub(super) former: std::collections::BTreeMap<String, String>,
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
    pub(super) fn other_names(&self) -> impl Iterator<Item = (&String, &String)> {
        self.county_aliases.iter().chain(&self.former)
    }
}

/// The province's cities and counties.
#[derive(Deserialize)]
pub struct Gazetteer {
    pub province: String,
    /// How a city's or county's name ends (`市`, `县`, `区`): a name ending so that
    /// is no place of the gazetteer is an unknown place, not a street.
    pub(super) place_endings: Vec<String>,
    /// Endings of smaller units' names that end like a county's (`社区`, `小区`).
    pub(super) smaller_endings: Vec<String>,
    /// Administrative suffixes of a smaller unit's name as an office or committee
    /// writes it, each with the unit's level that replaces it (`街道办事处` →
    /// `街道`), longer ones first.
    #[serde(default)]
    pub(super) unit_suffixes: Vec<(String, String)>,
    /// How a smaller unit's name ends when it says its level (`街道`, `社区` …).
    #[serde(default)]
    pub(super) unit_levels: Vec<String>,
    /// How a government office's name ends (`民政局`, `人民政府`), each with the
    /// level of unit a bare stem names (`城关民政所` is a town's), longer ones first.
    #[serde(default)]
    pub(super) office_endings: Vec<(String, String)>,
    /// Stems of an office's name that say its level with no place
    /// (`县民政局`, `省民政厅`), each with the level.
    #[serde(default)]
    pub(super) bare_offices: Vec<(String, String)>,
    /// How a town's, township's or street's name ends (`镇`, `乡`, `街道`).
    #[serde(default)]
    pub(super) township_endings: Vec<String>,
    /// Short names of functional areas many cities have (`高新区`, `经开区`, `示范区`):
    /// alone they are always shared, listed here or not, and under a city that
    /// lists no such area they are that city.
    #[serde(default)]
    pub(super) generic_areas: Vec<String>,
    #[serde(rename = "city")]
    pub(super) cities: Vec<City>,
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

    pub(super) fn counties(c: &City) -> impl Iterator<Item = &String> {
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
