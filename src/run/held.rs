//! Inputs held whole (plans, workbooks, maps): their records made canonical and
//! vetted once, keyed for repeats, and checked in the run's second pass; their
//! text kept for the lines of repeats.

use super::dups;
use super::evaluate::evaluate;
use super::located::Ctx;
use super::open::Opened;
use super::places::{Notes, Placer};
use crate::data::{Dataset, Values, View, invariants};
use crate::diag::Diag;
use crate::eval::{Engine, Finding, Tally, Trace};
use crate::i18n::Lang;
use crate::pack::RuleSet;
use crate::schema::EntityId;
use std::collections::HashMap;
use std::sync::Arc;

/// Where, what alike, the diagnostic: what vetting held records said.
pub(super) type Vetted = Vec<((String, EntityId), Option<String>, Diag)>;

/// What a diagnostic at a held record's cell needs: its source as the loader's
/// context and as a view of its cells.
fn located(src: &crate::data::Source, index: u32, lang: Lang) -> (Ctx<'_>, View<'_>) {
    let ctx = Ctx {
        path: &src.path,
        text: &src.text,
        first_line: 1,
        lang,
        source: index,
    };
    let view = View {
        source: index,
        text: &src.text,
        cells: &src.cells,
    };
    (ctx, view)
}

/// A held table of places: each total row taken as its city's row, or left out
/// (see [`super::totals`]); each noted.
#[expect(clippy::too_many_arguments, reason = "one table and where it is")]
fn city_rows(
    table: &mut Vec<crate::data::Record<'static>>,
    name: crate::schema::Slot,
    ent: &crate::schema::Entity,
    sources: &[crate::data::Source],
    placer: &Placer<'_>,
    lang: Lang,
    index: u32,
    e: EntityId,
    vetted: &mut Vetted,
) {
    let slots = crate::data::totals::slots(ent);
    let mut listed = super::totals::TotalRows::default();
    let mut source = None;
    let mut out = crate::data::Record {
        values: Values::blank(0),
        pos: crate::data::Pos {
            source: 0,
            row: 0,
            line: 0,
            offset: 0,
        },
    };
    table.retain_mut(|rec| {
        // Each sheet is a list of its own.
        if source != Some(rec.pos.source) {
            source = Some(rec.pos.source);
            listed = super::totals::TotalRows::default();
        }
        let Some(t) = super::totals::total_cell(&slots, rec) else {
            listed.row(placer.ix, rec.values.get(name));
            return true;
        };
        let city = listed
            .total(placer.ix)
            .and_then(|c| placer.ix.groups.get(c));
        if let Some(src) = sources.get(rec.pos.source as usize) {
            let (ctx, view) = located(src, index, lang);
            vetted.push((
                (src.path.clone(), e),
                Some(format!("\u{0}total {} {}", rec.pos.source, rec.pos.line)),
                super::totals::note(&ctx, &view, rec, t, city.map(String::as_str)),
            ));
        }
        let Some(city) = city else {
            return false;
        };
        super::totals::as_city(rec, name, city, &mut out);
        rec.values
            .replace(std::mem::replace(&mut out.values, Values::blank(0)));
        true
    });
}

/// Makes each held record's places canonical and applies its entity's `check`s,
/// once; notes every record's key in `keyed`.
pub(super) fn vet(
    opened: &mut [Option<Opened<'_>>],
    set: &RuleSet,
    placer: &Placer<'_>,
    lang: Lang,
    vetted: &mut Vetted,
    keyed: &mut Vec<dups::Keyed>,
) {
    for (i, o) in opened.iter_mut().enumerate() {
        if let Some(Opened::Plan(ds)) = o {
            let Dataset {
                tables, sources, ..
            } = &mut **ds;
            for (e, table) in tables.iter_mut().enumerate() {
                let ent = &set.schema.entities[e];
                let index = u32::try_from(i).unwrap_or(u32::MAX);
                if let Some(name) = set.schema.place_name_slot(e) {
                    city_rows(table, name, ent, sources, placer, lang, index, e, vetted);
                }
                for rec in table {
                    placer.canonicalise_owned(e, rec);
                    let mut out = crate::data::Record {
                        values: Values::blank(0),
                        pos: rec.pos,
                    };
                    let failed = invariants::vet(ent, rec, &mut out);
                    for c in failed.iter().copied() {
                        let Some(src) = sources.get(rec.pos.source as usize) else {
                            continue;
                        };
                        let (ctx, view) = located(src, u32::try_from(i).unwrap_or(u32::MAX), lang);
                        vetted.push((
                            (src.path.clone(), e),
                            Some(format!("\u{0}check {c}")),
                            ctx.render(&invariants::diag(
                                ent,
                                &ent.checks[c],
                                rec,
                                &ctx.data(),
                                &view,
                            )),
                        ));
                    }
                    if !failed.is_empty() {
                        rec.values.replace(out.values.into_owned());
                    }
                    if let Some(src) = sources.get(rec.pos.source as usize) {
                        let view = View {
                            source: u32::try_from(i).unwrap_or(u32::MAX),
                            text: &src.text,
                            cells: &src.cells,
                        };
                        dups::note(
                            ent,
                            e,
                            rec,
                            u32::try_from(i).unwrap_or(u32::MAX),
                            u32::try_from(e).unwrap_or(u32::MAX),
                            &view,
                            keyed,
                        );
                    }
                }
            }
        }
    }
}

/// The text of held inputs by (input, source), for the lines of repeats.
pub(super) fn texts(opened: &[Option<Opened<'_>>]) -> HashMap<(u32, u32), Arc<str>> {
    opened
        .iter()
        .enumerate()
        .filter_map(|(i, o)| match o {
            Some(Opened::Plan(ds)) => Some((u32::try_from(i).unwrap_or(u32::MAX), ds)),
            _ => None,
        })
        .flat_map(|(i, ds)| {
            ds.sources
                .iter()
                .enumerate()
                .map(move |(s, src)| ((i, u32::try_from(s).unwrap_or(u32::MAX)), src.text.clone()))
        })
        .collect()
}

/// What checking a held input's records gave besides its findings, in input
/// order.
#[derive(Default)]
pub(super) struct Checked {
    pub(super) tally: Tally,
    pub(super) traces: Vec<Trace>,
    pub(super) passes: Vec<super::passes::PassRun>,
    /// What the records' places said, by source and entity, a run of records
    /// from one source at a time.
    pub(super) notes: Vec<(u32, EntityId, Notes)>,
}

impl Checked {
    fn note(&mut self, source: u32, e: EntityId, n: Notes) {
        match self.notes.last_mut() {
            Some((s, f, all)) if *s == source && *f == e => all.add(n),
            _ => self.notes.push((source, e, n)),
        }
    }

    fn add(&mut self, other: Checked) {
        self.tally.add(&other.tally);
        self.traces.extend(other.traces);
        self.passes.extend(other.passes);
        for (s, e, n) in other.notes {
            self.note(s, e, n);
        }
    }
}

/// The records one worker checks at a time: enough to outweigh handing them
/// over, few enough that two workers share a table of a few thousand.
const STRETCH: usize = 2048;
/// The stretches checked before their findings join the run's: what waits to
/// be put in order stays a small part of all.
const WINDOW: usize = 32;

/// Checks every record of a held input: where it is, what its place says, and,
/// unless it lies outside the run, the rules that judge it. Stretches of its
/// records are checked in parallel, as a CSV's chunks are, and put together in
/// input order, their findings added to `findings`.
#[expect(clippy::too_many_arguments, reason = "the pieces of one input's pass")]
pub(super) fn check<K: Send, T: Send>(
    ds: &Dataset,
    index: u32,
    engine: &Engine<'_>,
    placer: &Placer<'_>,
    checked: &[Vec<bool>],
    lang: Lang,
    render: &(dyn Fn(&Finding) -> (K, T) + Sync),
    findings: &mut Vec<(K, T)>,
    trace: super::Traces,
    passes: Option<(super::Passes<'_>, usize)>,
    unseen: &std::collections::HashSet<dups::At>,
) -> Checked {
    use rayon::prelude::*;
    let stretches: Vec<(EntityId, &[crate::data::Record<'static>])> = ds
        .tables
        .iter()
        .enumerate()
        .flat_map(|(e, t)| t.chunks(STRETCH).map(move |c| (e, c)))
        .collect();
    let check = |&(e, records): &(EntityId, &[crate::data::Record<'static>])| {
        let mut part = Checked::default();
        let mut found = Vec::new();
        let mut pending = passes.map(|(p, rules)| super::passes::Pending::new(p, rules));
        let table_no = u32::try_from(e).unwrap_or(u32::MAX);
        for rec in records {
            // A hidden sheet's repeat of a visible record is reported, not checked.
            if unseen.contains(&(index, table_no, rec.pos.source, rec.pos.row)) {
                continue;
            }
            let Some(src) = ds.sources.get(rec.pos.source as usize) else {
                continue;
            };
            let (ctx, view) = located(src, index, lang);
            let z = placer.zone(e, rec);
            let judged = checked
                .get(e)
                .and_then(|c| c.get(z))
                .copied()
                .unwrap_or(false);
            let mut n = Notes::default();
            placer.note(e, rec, z, judged, &ctx, &view, &mut n);
            part.note(rec.pos.source, e, n);
            if z == placer.outside() {
                continue;
            }
            let Checked { tally, traces, .. } = &mut part;
            evaluate(
                engine,
                e,
                z,
                rec,
                &view,
                tally,
                &mut |f| found.push(render(f)),
                (trace != super::Traces::None).then_some((traces, trace == super::Traces::All)),
                pending.as_mut(),
            );
            // Records of a plan's tables interleave in input order: each
            // record's passes are a run of their own.
            if let Some(p) = pending.as_mut() {
                p.flush();
            }
        }
        if let Some(p) = pending {
            part.passes = p.finish();
        }
        (part, found)
    };
    let mut all = Checked::default();
    for window in stretches.chunks(WINDOW) {
        let parts: Vec<(Checked, Vec<(K, T)>)> = window.par_iter().map(check).collect();
        for (part, found) in parts {
            all.add(part);
            findings.extend(found);
        }
    }
    all
}
