//! One record against every rule of its entity: which packs judge it, the
//! tally of its outcomes, and, when no rule checked it, why not.

use super::expr::{self, Env};
use super::tally::{self, Summary, Tally};
use super::{Applies, Engine, Finding, Outcome, V};
use crate::data::{Record, Value, View};
use crate::pack::Node;
use crate::schema::{EntityId, Slot};

impl Engine<'_> {
    /// Checks one record against every rule for its entity.
    pub fn evaluate(
        &self,
        entity: EntityId,
        rec: &Record<'_>,
        view: &View<'_>,
        tally: &mut Tally,
        found: &mut dyn FnMut(Finding),
    ) {
        self.evaluate_traced(entity, rec, view, tally, found, None, None);
    }

    /// [`Engine::evaluate`], also noting in `checks` every rule that checked the
    /// record and its outcome, passes included: for the reports that show where
    /// rules pass as well as where they fail. `zone` is the record's zone when the
    /// caller has already placed it ([`Engine::set_scope`]), so it is not placed
    /// again.
    #[expect(
        clippy::too_many_arguments,
        reason = "one record, where its outcomes go, and its zone if known"
    )]
    pub fn evaluate_traced(
        &self,
        entity: EntityId,
        rec: &Record<'_>,
        view: &View<'_>,
        tally: &mut Tally,
        found: &mut dyn FnMut(Finding),
        mut checks: Option<&mut Vec<(usize, Outcome)>>,
        zone: Option<usize>,
    ) {
        let known = zone;
        let env = self.env();
        *tally::at(&mut tally.per_entity, entity) += 1;
        // This record's counts, added to the run's (and its group's) at the end.
        let mut s = Summary {
            records: 1,
            ..Summary::default()
        };
        // The zone is worked out once: it is also the group when the run groups
        // records by zone, as it does.
        let (packs, group) = match (self.zones.as_ref(), self.group) {
            (Some((zone, applies, _)), Some(g)) if std::ptr::addr_eq(*zone, g) => {
                let z = known.unwrap_or_else(|| zone(entity, rec));
                (Some(applies.get(z).map_or(&[][..], Vec::as_slice)), Some(z))
            }
            _ => (
                self.packs_for(entity, rec, known).0,
                self.group.map(|g| g(entity, rec)),
            ),
        };
        // The group whose rules this record's outcomes are counted under, if any;
        // it notes where the record comes in input order.
        let by_rule = group.filter(|_| self.group_rules);
        if let Some(g) = by_rule {
            let key = (view.source, view.sheet_index(), rec.pos.row);
            tally::at(&mut tally.group_rules, g).seen((key, entity));
        }
        // The place cell blamed where a pack may not apply, found once a record.
        let mut bad_place: Option<Option<Slot>> = None;
        // Why the record's rules passed it over, should none check it.
        let mut why = tally::skipped::NO_RULE;
        if let Some(rules) = self.by_entity.get(entity) {
            for &ri in rules {
                let applies = match packs {
                    None => Applies::Yes,
                    Some(p) => p
                        .get(self.set.rules[ri].pack)
                        .copied()
                        .unwrap_or(Applies::No),
                };
                // Where the pack may or may not apply, its verdict is unknown,
                // blamed on the place cell that could not be placed.
                let place = match applies {
                    Applies::No => continue,
                    Applies::Yes => None,
                    Applies::Maybe => {
                        Some(*bad_place.get_or_insert_with(|| self.bad_place_slot(entity, rec)))
                    }
                };
                why &= !tally::skipped::NO_RULE;
                let outcome =
                    self.check_rule(&env, ri, rec, view, tally, &mut s, &mut why, found, place);
                if let (Some(c), Some(o)) = (checks.as_deref_mut(), outcome) {
                    c.push((ri, o));
                }
                if let (Some(g), Some(o)) = (by_rule, outcome) {
                    tally::at(&mut tally.group_rules, g).count(ri, o);
                }
            }
        }
        if s.checks == 0 {
            let bad_place = rec.values.iter().any(|v| {
                matches!(v, crate::data::Value::Invalid(b)
                    if matches!(b.problem, crate::data::Problem::UnknownPlace | crate::data::Problem::AmbiguousPlace))
            });
            if bad_place {
                why |= tally::skipped::PLACE;
            }
            if self.wanted_out_of_force(&env, entity, rec, packs) {
                why |= tally::skipped::NOT_IN_FORCE;
            }
            // A rule that takes the record in but could not check it says why;
            // that other rules' scopes leave it out does not.
            use tally::skipped::{COLUMN, NEEDS, NOT_IN_FORCE, SCOPE};
            if why & (NEEDS | COLUMN | NOT_IN_FORCE) != 0 {
                why &= !SCOPE;
            }
            *tally
                .unjudged
                .entry((entity, group.unwrap_or(usize::MAX), why))
                .or_default() += 1;
        }
        if let Some(g) = group {
            tally::at(&mut tally.per_group, g).add(&s);
        }
        tally.summary.add(&s);
    }

    /// Whether a rule not in force on the date checked would take the record in
    /// (or may): its scope is true or unknown for it. A scope that reads other
    /// tables is not evaluated (their records were not gathered for it).
    fn wanted_out_of_force(
        &self,
        env: &Env<'_>,
        entity: EntityId,
        rec: &Record<'_>,
        packs: Option<&[Applies]>,
    ) -> bool {
        self.out_of_force.iter().any(|&ri| {
            let rule = &self.set.rules[ri];
            if rule.entity != entity
                || packs.is_some_and(|p| {
                    matches!(
                        p.get(rule.pack).copied().unwrap_or(Applies::No),
                        Applies::No
                    )
                })
            {
                return false;
            }
            let Some(filter) = &rule.filter else {
                return true;
            };
            if filter.any(&|n| matches!(n, Node::Agg(_))) {
                return false;
            }
            let lets = expr::Lets::new(&rule.lets, rec);
            let env = &Env {
                lets: Some(&lets),
                ..*env
            };
            !matches!(env.eval(filter, rec, rec, true), Ok(V::Bool(false)))
        })
    }

    /// The record's first place cell that names no known place, or several; else
    /// the first naming a street or community no row of the run places; else its
    /// first (blank) place cell.
    fn bad_place_slot(&self, entity: EntityId, rec: &Record<'_>) -> Option<Slot> {
        let ent = self.set.schema.entities.get(entity)?;
        let slots = ent.place_slots();
        let own = ent.name_slot();
        slots
            .iter()
            .copied()
            .find(|&s| matches!(rec.values.get(s), Some(Value::Invalid(_))))
            .or_else(|| {
                slots.iter().copied().find(|&s| {
                    Some(s) != own
                        && matches!(rec.values.get(s), Some(Value::Text(t)) if !t.trim().is_empty())
                })
            })
            // Else the blank place cell a record naming no place leaves.
            .or_else(|| slots.iter().copied().find(|&s| Some(s) != own))
    }
}
