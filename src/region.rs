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
}

/// The province's cities and counties.
#[derive(Deserialize)]
pub struct Gazetteer {
    pub province: String,
    /// The region data is checked for when none is named.
    pub default: String,
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
        toml::from_str(text).map_err(|e| e.to_string())
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
                if let Some(rest) = s.strip_prefix(form.as_str())
                    && let Some(k) = Self::counties(c).find(|k| *k == rest)
                {
                    return Ok(Place::County(i, k.clone()));
                }
            }
        }
        let hits: Vec<(usize, &String)> = self
            .cities
            .iter()
            .enumerate()
            .flat_map(|(i, c)| Self::counties(c).filter(|k| *k == s).map(move |k| (i, k)))
            .collect();
        match hits.as_slice() {
            [(i, k)] => Ok(Place::County(*i, (*k).clone())),
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

/// Every place of a gazetteer under each name data may give it, for sorting records
/// by region: `groups` are the places' full names in the gazetteer's order.
pub struct PlaceIndex {
    pub groups: Vec<String>,
    /// Whether each group is a county-level division.
    county: Vec<bool>,
    names: std::collections::HashMap<String, usize>,
}

impl PlaceIndex {
    /// The group a name denotes, if it is a place's name.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        match self.names.get(name.trim()) {
            Some(&g) => Some(g),
            None if name.contains(char::is_whitespace) => {
                let squeezed: String = name.split_whitespace().collect();
                self.names.get(&squeezed).copied()
            }
            None => None,
        }
    }

    pub fn is_county(&self, group: usize) -> bool {
        self.county.get(group).copied().unwrap_or(false)
    }

    /// The group of a place.
    pub fn group(&self, full_name: &str) -> Option<usize> {
        self.groups.iter().position(|g| g == full_name)
    }
}

impl Gazetteer {
    /// An index of every place's names. A county name two cities share (`示范区`)
    /// denotes the one in `near`'s city, and no place elsewhere.
    pub fn index(&self, near: &Place) -> PlaceIndex {
        let mut groups = vec![self.province.clone()];
        let mut county = vec![false];
        let mut names = std::collections::HashMap::new();
        names.insert(self.province.clone(), 0);
        let near_city = match near {
            Place::City(i) | Place::County(i, _) => Some(*i),
            Place::Province => None,
        };
        let mut bare: std::collections::HashMap<&str, Vec<(usize, usize)>> =
            std::collections::HashMap::new();
        for (ci, c) in self.cities.iter().enumerate() {
            let g = groups.len();
            groups.push(c.name.clone());
            county.push(false);
            for form in std::iter::once(&c.name).chain(&c.aliases) {
                names.insert(form.clone(), g);
                names.insert(format!("{}{form}", self.province), g);
            }
            for k in Self::counties(c) {
                let g = groups.len();
                groups.push(format!("{}{k}", c.name));
                county.push(true);
                for form in std::iter::once(&c.name).chain(&c.aliases) {
                    names.insert(format!("{form}{k}"), g);
                    names.insert(format!("{}{form}{k}", self.province), g);
                }
                bare.entry(k.as_str()).or_default().push((ci, g));
            }
        }
        for (k, places) in bare {
            let pick = match places.as_slice() {
                [(_, g)] => Some(*g),
                many => many
                    .iter()
                    .find(|(ci, _)| Some(*ci) == near_city)
                    .map(|(_, g)| *g),
            };
            if let Some(g) = pick {
                names.insert(k.to_string(), g);
            }
        }
        PlaceIndex {
            groups,
            county,
            names,
        }
    }
}

/// The shipped gazetteer.
pub fn shipped() -> Result<Gazetteer, String> {
    Gazetteer::parse(include_str!("../rules/gazetteer.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
            Ok(Place::County(1, "示范区".into()))
        );
        assert_eq!(g.find("祥符区"), Some(xf.clone()));
        assert_eq!(g.find("城东街道"), None);
        assert_eq!(g.find("示范区"), None);
        assert_eq!(
            g.resolve("祥府区"),
            Err(Unresolved::Unknown(vec!["祥符区".into()]))
        );
        assert_eq!(
            g.resolve(&g.default).map(|p| g.full_name(&p)),
            Ok("开封市".into())
        );
    }

    #[test]
    fn the_index_knows_every_name_of_a_place() {
        let g = shipped().expect("rules/gazetteer.toml parses");
        let near = g.resolve("开封市").expect("开封市");
        let ix = g.index(&near);
        let xf = ix.group("开封市祥符区").expect("a group");
        for name in [
            "祥符区",
            "开封市祥符区",
            "开封祥符区",
            "河南省开封市祥符区",
            " 开封市 祥符区",
        ] {
            assert_eq!(ix.lookup(name), Some(xf), "{name}");
        }
        assert_eq!(ix.lookup("示范区"), ix.group("开封市示范区"));
        assert_eq!(ix.lookup("开封市"), ix.group("开封市"));
        assert_eq!(ix.lookup("河南省"), Some(0));
        assert!(ix.is_county(xf) && !ix.is_county(0));
        assert_eq!(ix.lookup("城西街道"), None);
        // Near 平顶山市, the same bare name is that city's area.
        let pds = g.index(&g.resolve("平顶山市").expect("平顶山市"));
        assert_eq!(pds.lookup("示范区"), pds.group("平顶山市示范区"));
    }
}
