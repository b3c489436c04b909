//! Which region a record belongs to, for reports that count by region: the place
//! its place fields name (a region row's own name, else its parent; a facility's
//! county), else the region the run was narrowed to. The same function places
//! records for checking ([`crate::region::PlaceIndex::place_of`]), so a report
//! never files a record under a place other than the one that chose its packs.

use crate::data::Record;
use crate::region::{Gazetteer, PlaceIndex};
use crate::schema::Entity;

pub struct Places<'g> {
    index: PlaceIndex,
    fallback: String,
    gazetteer: std::marker::PhantomData<&'g Gazetteer>,
}

impl<'g> Places<'g> {
    /// `fallback` is the run's region (`开封市祥符区`).
    pub fn new(gazetteer: &'g Gazetteer, fallback: &str) -> Places<'g> {
        Places {
            index: gazetteer.index(),
            fallback: fallback.to_string(),
            gazetteer: std::marker::PhantomData,
        }
    }

    /// The full name of the record's region. Its place cells are canonical by
    /// the time a report sees it; a cell written otherwise is resolved here.
    pub fn of(&mut self, ent: &Entity, rec: &Record<'_>) -> String {
        let slots = ent.place_slots();
        let found = self.index.place_of(&slots, rec).or_else(|| {
            slots.iter().find_map(|&s| match rec.values.get(s) {
                Some(crate::data::Value::Text(t)) => self.index.lookup(t),
                _ => None,
            })
        });
        match found.and_then(|g| self.index.groups.get(g)) {
            Some(name) => name.clone(),
            None => self.fallback.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Pos;
    use crate::data::Value;
    use crate::schema::{Field, FieldType};
    use std::borrow::Cow;

    fn field(name: &str, ty: FieldType) -> Field {
        Field {
            name: name.into(),
            ty,
            aliases: Vec::new(),
        }
    }

    #[test]
    fn a_record_is_placed_by_its_place_fields() {
        let g = crate::region::shipped().expect("gazetteer");
        let mut places = Places::new(&g, "开封市");
        let ent = Entity {
            name: "facility".into(),
            checks: Vec::new(),
            key: Vec::new(),
            disjoint: None,
            labels: Vec::new(),
            fields: vec![
                field("name", FieldType::Text),
                field("county", FieldType::Place),
                field("street", FieldType::Text),
            ],
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
        // A facility's name is no place field, whatever it says.
        assert_eq!(places.of(&ent, &rec(["兰考县", "", ""])), "开封市");
        assert_eq!(
            places.of(&ent, &rec(["某中心", "周口市淮阳区", "城关镇"])),
            "周口市淮阳区"
        );
        // Nothing names a county (示范区 is in two cities): the run's region.
        assert_eq!(
            places.of(&ent, &rec(["某中心", "示范区", "城东街道"])),
            "开封市"
        );
    }
}
