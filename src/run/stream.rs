//! A CSV input's records, streamed: read chunk by chunk, each chunk decoded and
//! its records kept for aggregates, checked, or both, in parallel, the parts then
//! put together in input order.

use super::dups;
use super::evaluate::evaluate;
use super::located::Ctx;
use super::places::{Notes, Placer};
use crate::data::View;
use crate::data::csv::{Header, read_rows};
use crate::data::invariants;
use crate::data::stream::{Chunk, Chunks, Encoding, decode_chunk};
use crate::diag::Diag;
use crate::eval::{Engine, Finding, Kept, Tally, Trace};
use crate::i18n::{Lang, tr};
use crate::pack::RuleSet;
use rayon::prelude::*;
use std::io::Read;

/// The part of a run's output a worker produces for one chunk.
pub(super) struct Part<K, T> {
    /// Records read.
    pub(super) read: usize,
    /// What the records' places said.
    pub(super) notes: Notes,
    pub(super) kept: Kept,
    pub(super) findings: Vec<(K, T)>,
    pub(super) tally: Tally,
    pub(super) traces: Vec<Trace>,
    /// The passes listed, held in the report's spool.
    pub(super) passes: Vec<super::passes::PassRun>,
    /// The keys of the records read, for finding the ones given twice.
    pub(super) keyed: Vec<dups::Keyed>,
    /// What the records say of streets' and communities' places ([`Placer::unit`]).
    pub(super) units: Vec<super::places::Learned>,
}

/// What to do with the records of one chunk.
#[derive(Clone, Copy)]
pub(super) struct Work<'w> {
    pub(super) placer: &'w Placer<'w>,
    /// Per entity, per zone: whether a rule judges such records there.
    pub(super) checked: &'w [Vec<bool>],
    pub(super) keep: bool,
    pub(super) evaluate: bool,
    /// Which records to keep a trace of.
    pub(super) trace: super::Traces,
    /// Note each record's key (once per record, in the pass that first reads it).
    pub(super) key: bool,
    /// How to render the passes the run lists, if it does.
    pub(super) passes: Option<super::Passes<'w>>,
}

/// Reads every chunk of a CSV input and processes them in parallel: the workers
/// take turns reading the next chunk, then decode and check it on their own.
#[expect(clippy::too_many_arguments, reason = "the pieces of one input's pass")]
pub(super) fn stream_csv<'a, K: Send, T: Send>(
    engine: &Engine<'_>,
    set: &RuleSet,
    path: &str,
    index: u32,
    mut chunks: Chunks<Box<dyn Read + Send + 'a>>,
    first: Chunk,
    header: &Header,
    work: Work<'_>,
    lang: Lang,
    render: &(dyn Fn(&Finding) -> (K, T) + Sync),
) -> Result<Part<K, T>, Diag> {
    let process = |text: &str, first_line: u32, start: usize| -> Result<Part<K, T>, Diag> {
        let ctx = Ctx {
            path,
            text,
            first_line: first_line as usize,
            lang,
            source: index,
        };
        let line = if start == 0 {
            first_line
        } else {
            header.data_line
        };
        let cells = header.cells();
        let view = View {
            source: index,
            text,
            cells: &cells,
        };
        let mut part = Part {
            read: 0,
            notes: Notes::default(),
            kept: Vec::new(),
            findings: Vec::new(),
            tally: Tally::default(),
            traces: Vec::new(),
            passes: Vec::new(),
            keyed: Vec::new(),
            units: Vec::new(),
        };
        // A chunk's passes of each rule are one run of records, held as one text.
        let mut pending = work
            .passes
            .filter(|_| work.evaluate)
            .map(|p| super::passes::Pending::new(p, set.rules.len()));
        let first_row = line.saturating_sub(header.data_line);
        // Reused for every record whose place cells are rewritten.
        let mut canon = crate::data::Record {
            values: crate::data::Values::blank(0),
            pos: crate::data::Pos {
                source: index,
                row: 0,
                line: 0,
                offset: 0,
            },
        };
        // Reused for every record that fails a `check` of its entity.
        let mut vetted = canon.clone();
        // A table of places: its total rows may be its city's row. Only a
        // chunk that starts at the table's start knows every row above one.
        let place_name = set.schema.place_name_slot(header.entity);
        let total_slots = match place_name {
            Some(_) => crate::data::totals::slots(&set.schema.entities[header.entity]),
            None => Vec::new(),
        };
        let whole = start == header.data_start;
        let mut listed = super::totals::TotalRows::default();
        let mut as_city = canon.clone();
        let ent = &set.schema.entities[header.entity];
        read_rows(
            &ctx.data(),
            &set.schema,
            header,
            start,
            line,
            first_row,
            &mut |r| {
                let placer = work.placer;
                let r = match place_name {
                    Some(name) if let Some(t) = super::totals::total_cell(&total_slots, r) => {
                        let city = whole
                            .then(|| listed.total(placer.ix))
                            .flatten()
                            .and_then(|c| placer.ix.groups.get(c));
                        if work.evaluate {
                            let key = format!("\u{0}total {}", r.pos.line);
                            part.notes.alike(&key, || {
                                super::totals::note(&ctx, &view, r, t, city.map(String::as_str))
                            });
                        }
                        let Some(city) = city else {
                            return;
                        };
                        super::totals::as_city(r, name, city, &mut as_city);
                        &as_city
                    }
                    Some(name) => {
                        listed.row(placer.ix, r.values.get(name));
                        r
                    }
                    None => r,
                };
                part.read += 1;
                let r = if placer.canonicalise(header.entity, r, &mut canon) {
                    &canon
                } else {
                    r
                };
                let failed = invariants::vet(ent, r, &mut vetted);
                if work.evaluate {
                    for &i in &failed {
                        part.notes.alike(&format!("\u{0}check {i}"), || {
                            ctx.render(&invariants::diag(
                                ent,
                                &ent.checks[i],
                                r,
                                &ctx.data(),
                                &view,
                            ))
                        });
                    }
                }
                let r = if failed.is_empty() { r } else { &vetted };
                if work.key {
                    dups::note(ent, header.entity, r, index, 0, &view, &mut part.keyed);
                }
                let zone = placer.zone(header.entity, r);
                if work.evaluate {
                    let checked = work
                        .checked
                        .get(header.entity)
                        .and_then(|z| z.get(zone))
                        .copied()
                        .unwrap_or(false);
                    placer.note(
                        header.entity,
                        r,
                        zone,
                        checked,
                        &ctx,
                        &view,
                        &mut part.notes,
                    );
                }
                if zone == placer.outside() {
                    return;
                }
                if work.evaluate {
                    evaluate(
                        engine,
                        header.entity,
                        zone,
                        r,
                        &view,
                        &mut part.tally,
                        &mut |f| part.findings.push(render(f)),
                        (work.trace != super::Traces::None)
                            .then_some((&mut part.traces, work.trace == super::Traces::All)),
                        pending.as_mut(),
                    );
                }
                if work.keep {
                    engine.keep_one(header.entity, r, Some(zone), &mut part.kept);
                    part.units.extend(placer.unit(header.entity, r));
                }
            },
        )
        .map_err(|e| ctx.render(&e))?;
        if let Some(p) = pending {
            part.passes = p.finish();
        }
        Ok(part)
    };
    let mut total = process(&first.text, first.first_line, header.data_start)?;
    drop(first);
    let drawn = std::sync::Mutex::new((Vec::<Trace>::new(), 0usize));
    let hint = chunks.hint();
    let pool = chunks.pool();
    #[expect(
        clippy::type_complexity,
        reason = "a local: chunk number and its result"
    )]
    let mut parts: Vec<(usize, Result<(Part<K, T>, Encoding), Diag>)> =
        std::iter::from_fn(|| chunks.next_raw().transpose())
            .enumerate()
            .par_bridge()
            .map(|(seq, raw)| {
                let run = || {
                    let raw = raw.map_err(|e| e.render(lang))?;
                    let (text, enc) = decode_chunk(raw.bytes, raw.first_line, hint, path)
                        .map_err(|e| e.render(lang))?;
                    let Some(s) = text.as_str() else {
                        return Err(crate::data::DataError::Undecodable {
                            path: path.to_string(),
                        }
                        .render(lang));
                    };
                    let mut part = process(s, raw.first_line, 0)?;
                    // Drawn records wait in one place, trimmed as they come, so
                    // chunks finished early do not hold them all.
                    if work.trace == super::Traces::Drawn
                        && let Ok(mut d) = drawn.lock()
                    {
                        let (traces, beyond) = &mut *d;
                        traces.append(&mut part.traces);
                        super::evaluate::limit_drawn(traces, beyond, false);
                    }
                    if let Ok(mut p) = pool.lock() {
                        p.push(text.into_bytes());
                    }
                    Ok((part, enc))
                };
                (seq, run())
            })
            .collect();
    parts.sort_by_key(|(seq, _)| *seq);
    // Room for every finding at once, each part freed once moved in: growing by
    // doubling would hold the parts and twice the findings.
    total.findings.reserve_exact(
        parts
            .iter()
            .filter_map(|(_, p)| p.as_ref().ok())
            .map(|(p, _)| p.findings.len())
            .sum(),
    );
    // Every chunk must be in the same encoding as the others.
    let mut settled = hint;
    for (_, part) in parts {
        let (part, enc) = part?;
        match (settled, enc) {
            (Encoding::Undecided, e) => settled = e,
            (a, b) if b != Encoding::Undecided && a != b => {
                return Err(Diag::error(
                    "ylcheck::data::encoding",
                    tr(
                        lang,
                        format!("{path}：文件中混有 UTF-8 和 GBK 两种编码"),
                        format!("{path}: the file mixes UTF-8 and GBK text"),
                    ),
                )
                .with_help(lang.pick(
                    "请用同一种编码保存整个文件",
                    "save the whole file in one encoding",
                )));
            }
            _ => {}
        }
        total.read += part.read;
        total.notes.add(part.notes);
        total.kept.extend(part.kept);
        total.findings.extend(part.findings);
        total.tally.add(&part.tally);
        total.traces.extend(part.traces);
        total.passes.extend(part.passes);
        total.keyed.extend(part.keyed);
        total.units.extend(part.units);
    }
    if let Ok((traces, beyond)) = drawn.into_inner() {
        total.traces.extend(traces);
        total.tally.beyond_limit += beyond;
        super::evaluate::limit_drawn(&mut total.traces, &mut total.tally.beyond_limit, false);
    }
    Ok(total)
}
