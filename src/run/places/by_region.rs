//! Outcomes rule by rule for each region, for the reports that show a region's
//! checks beside the others'.

use crate::schema::EntityId;

/// Each region's outcomes rule by rule, regions in the order their first records
/// come. A zone is named by the gazetteer's place (`names`), the zone of records
/// naming none by the run's region; zones named alike are one region.
pub fn by_rule(
    groups: &[crate::eval::GroupRules],
    names: &[String],
    region: &str,
) -> Vec<crate::report::PlaceRules> {
    type First = (crate::eval::RecordKey, EntityId);
    let mut seen: Vec<(First, crate::report::PlaceRules)> = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        let Some(first) = group.first else { continue };
        let name = names.get(g).map_or(region, String::as_str);
        match seen.iter_mut().find(|(_, p)| p.name == name) {
            Some((f, p)) => {
                *f = (*f).min(first);
                if p.rules.len() < group.rules.len() {
                    p.rules.resize(group.rules.len(), [0; 3]);
                }
                for (a, b) in p.rules.iter_mut().zip(&group.rules) {
                    for (x, y) in a.iter_mut().zip(b) {
                        *x += y;
                    }
                }
            }
            None => seen.push((
                first,
                crate::report::PlaceRules {
                    name: name.to_string(),
                    rules: group.rules.clone(),
                },
            )),
        }
    }
    seen.sort_by_key(|(f, _)| *f);
    seen.into_iter().map(|(_, p)| p).collect()
}
