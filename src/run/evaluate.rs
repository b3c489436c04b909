//! One record evaluated against its rules, with its trace kept when the run asks
//! for traces: the same for a streamed record and a held one.

use crate::data::View;
use crate::eval::{Engine, Finding, Tally, Trace};
use crate::schema::EntityId;

/// Evaluates one record, keeping its trace when the run asks for traces: of
/// every record (`all`), or only of one a map draws, the others counted.
pub(super) fn evaluate(
    engine: &Engine<'_>,
    entity: EntityId,
    rec: &crate::data::Record<'_>,
    view: &View<'_>,
    tally: &mut Tally,
    found: &mut dyn FnMut(&Finding),
    traces: Option<(&mut Vec<Trace>, bool)>,
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
    let Some(traces) = traces else {
        engine.evaluate(entity, rec, view, tally, &mut |f| found(&f));
        return;
    };
    let mut checks = Vec::new();
    engine.evaluate_traced(
        entity,
        rec,
        view,
        tally,
        &mut |f| found(&f),
        Some(&mut checks),
    );
    let record = engine.traced(entity, rec);
    traces.push(Trace {
        entity,
        input: view.source,
        sheet: view.sheet().map_or(0, |(i, _)| i),
        record,
        checks,
    });
}
