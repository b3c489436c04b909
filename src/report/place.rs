//! Which region a record belongs to, for reports that count by region: the first
//! of its text fields that names a city or county of the gazetteer (a facility's
//! `county`, a region row's own name or its `parent`, a task row's county), else
//! the region the run checked against. No field is named here: the gazetteer
//! decides, so any entity a pack declares is placed the same way.

use crate::data::{Record, Value};
use crate::region::Gazetteer;
use crate::schema::{Entity, FieldType};
use std::collections::HashMap;

pub struct Places<'g> {
    gazetteer: &'g Gazetteer,
    fallback: String,
    /// Each text seen, and the full name of the place it names (if any): a table
    /// repeats its county names, and its record names never resolve.
    seen: HashMap<String, Option<String>>,
}

impl<'g> Places<'g> {
    /// `fallback` is the run's region (`开封市祥符区`).
    pub fn new(gazetteer: &'g Gazetteer, fallback: &str) -> Places<'g> {
        Places {
            gazetteer,
            fallback: fallback.to_string(),
            seen: HashMap::new(),
        }
    }

    /// The full name of the record's region.
    pub fn of(&mut self, ent: &Entity, rec: &Record<'_>) -> String {
        for (field, value) in ent.fields.iter().zip(&rec.values) {
            let (FieldType::Text, Value::Text(t)) = (&field.ty, value) else {
                continue;
            };
            let found = match self.seen.get(t.as_ref()) {
                Some(f) => f.clone(),
                None => {
                    let f = self.gazetteer.find(t).map(|p| self.gazetteer.full_name(&p));
                    self.seen.insert(t.to_string(), f.clone());
                    f
                }
            };
            if let Some(name) = found {
                return name;
            }
        }
        self.fallback.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Pos;
    use crate::schema::Field;
    use std::borrow::Cow;

    fn text(name: &str) -> Field {
        Field {
            name: name.into(),
            ty: FieldType::Text,
            aliases: Vec::new(),
        }
    }

    #[test]
    fn a_record_is_placed_by_the_first_field_naming_a_county() {
        let g = crate::region::shipped().expect("gazetteer");
        let mut places = Places::new(&g, "开封市");
        let ent = Entity {
            name: "facility".into(),
            labels: Vec::new(),
            fields: vec![text("name"), text("county"), text("street")],
        };
        let rec = |cells: [&str; 3]| Record {
            values: cells
                .iter()
                .map(|c| match *c {
                    "" => Value::Missing,
                    c => Value::Text(Cow::Owned(c.to_string())),
                })
                .collect(),
            pos: Pos {
                source: 0,
                row: 0,
                line: 1,
                offset: 0,
            },
        };
        assert_eq!(
            places.of(
                &ent,
                &rec(["州桥街道综合养老服务中心", "鼓楼区", "州桥街道"])
            ),
            "开封市鼓楼区"
        );
        assert_eq!(places.of(&ent, &rec(["兰考县", "", ""])), "开封市兰考县");
        // Nothing names a county (示范区 is in two cities): the run's region.
        assert_eq!(
            places.of(&ent, &rec(["某中心", "示范区", "城东街道"])),
            "开封市"
        );
    }
}
