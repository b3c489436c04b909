//! One record evaluated against its rules, with its trace kept when the run asks
//! for traces: the same for a streamed record and a held one.

use super::passes::Pending;
use crate::data::View;
use crate::eval::{Engine, Finding, Tally, Trace};
use crate::schema::EntityId;

/// The most records a report's map draws ([`super::Traces::Drawn`]): a page
/// with more shapes than this is too slow to open, and each drawn record is held
/// in memory until the page is written. The map says how many it left out.
pub const MAP_LIMIT: usize = 20_000;

/// Keeps the [`MAP_LIMIT`] first drawn records in input order, counting the
/// others in `beyond`. It trims only once twice the limit is held, so the cost
/// stays linear; whatever order chunks finish in, the same records are kept.
pub(super) fn limit_drawn(traces: &mut Vec<Trace>, beyond: &mut usize, now: bool) {
    if traces.len() <= MAP_LIMIT || (!now && traces.len() <= 2 * MAP_LIMIT) {
        return;
    }
    traces.sort_by_key(|t| (t.key(), t.entity));
    *beyond += traces.len() - MAP_LIMIT;
    traces.truncate(MAP_LIMIT);
}

/// Evaluates one record of the zone `zone` (as the run's placer put it),
/// keeping its trace when the run asks for traces: of every record (`all`), or
/// only of one a map draws, the others counted; and rendering its passes when
/// the run lists them.
#[expect(
    clippy::too_many_arguments,
    reason = "one record and where its outcomes go"
)]
pub(super) fn evaluate(
    engine: &Engine<'_>,
    entity: EntityId,
    zone: usize,
    rec: &crate::data::Record<'_>,
    view: &View<'_>,
    tally: &mut Tally,
    found: &mut dyn FnMut(&Finding),
    traces: Option<(&mut Vec<Trace>, bool)>,
    mut passes: Option<&mut Pending<'_>>,
) {
    let traces = match traces {
        Some((traces, all)) => match (all, engine.drawn(entity, rec)) {
            (true, _) | (false, Some(true)) => Some(traces),
            (false, Some(false)) => {
                tally.undrawn += 1;
                None
            }
            (false, None) => None,
        },
        None => None,
    };
    if traces.is_none() && passes.is_none() {
        engine.evaluate_traced(
            entity,
            rec,
            view,
            tally,
            &mut |f| found(&f),
            None,
            Some(zone),
        );
        return;
    }
    // A listing run reuses one list of outcomes for all its records.
    let mut checks = passes
        .as_mut()
        .map(|p| std::mem::take(&mut p.checks))
        .unwrap_or_default();
    checks.clear();
    engine.evaluate_traced(
        entity,
        rec,
        view,
        tally,
        &mut |f| found(&f),
        Some(&mut checks),
        Some(zone),
    );
    let checks = match passes {
        Some(p) => {
            p.checks = checks;
            p.add(entity, rec, view);
            match traces {
                Some(_) => p.checks.clone(),
                None => return,
            }
        }
        None => checks,
    };
    if let Some(traces) = traces {
        let record = engine.traced(entity, rec);
        traces.push(Trace {
            entity,
            input: view.source,
            sheet: view.sheet().map_or(0, |(i, _)| i),
            record,
            checks,
        });
    }
}
