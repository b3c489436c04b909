//! One check run over a set of inputs: open each, read the entities aggregates run
//! over first, then check every record, chunk by chunk and in parallel, keeping
//! only findings (already rendered by the caller) and the aggregates' indexes.
//!
//! The inputs are given as openers of byte streams, so the library stays free of
//! files and terminals: the command line opens files, a test gives byte slices.

use crate::data::{Dataset, Input};
use crate::diag::Diag;
use crate::eval::{Engine, Finding, Kept, Options, Tally, Trace};
use crate::i18n::{Lang, tr};
use crate::pack::RuleSet;
use crate::region::Gazetteer;
use crate::report::Totals;
use crate::schema::EntityId;
use crate::waiver::Waivers;
use std::io::Read;
use std::sync::Arc;

mod columns;
mod dups;
mod evaluate;
pub use evaluate::MAP_LIMIT;
pub mod filter;
pub mod finish;
mod held;
mod located;
pub mod nothing;
mod open;
mod order;
mod passes;
pub use passes::{PassRun, Passed, Passes};
mod places;
mod region;
mod repeats;
mod stream;
mod totals;
use open::{Opened, open};
use places::{Notes, Placer};
pub(crate) use region::unknown_region;
use stream::{Work, stream_csv};

/// Opens an input's bytes, as often as the run needs to read them.
pub type Opener<'a> = Box<dyn Fn() -> std::io::Result<Box<dyn Read + Send + 'a>> + Sync + 'a>;

/// One input of a run.
pub struct InputSpec<'a> {
    /// The path as the user gave it (`-` for standard input).
    pub path: String,
    pub open: Opener<'a>,
    /// Its size in bytes, where known without reading it (a file's metadata):
    /// only inputs of equal size can repeat one another.
    pub len: Option<u64>,
}

/// How the run reads its inputs.
pub struct RunOptions<'a> {
    pub check: Options<'a>,
    /// The entity of CSV inputs, if not recognised from their headers.
    pub entity: Option<EntityId>,
    pub lang: Lang,
    /// Keep the input lines around each finding (for human reports).
    pub snippets: bool,
    /// Name every cell at fault in each finding (for the findings workbook and
    /// annotated copies); other reports need only the finding's own place.
    pub cells: bool,
    /// The region the run is narrowed to (`--region`); else a plan's own. Records
    /// elsewhere are listed, not judged; with none, every record is judged by the
    /// documents of its own place.
    pub region: Option<String>,
    pub gazetteer: &'a Gazetteer,
    /// Approved exceptions: findings they cover are marked, and do not fail.
    pub waivers: Option<&'a Waivers>,
    /// Count records and checks per region too ([`Totals::regions`]).
    pub by_region: bool,
    /// Which records to keep a [`Trace`] of (for reports that draw maps).
    pub trace: Traces,
    /// List every passing (rule, record) this way ([`RunOutput::passes`]).
    pub passes: Option<Passes<'a>>,
    /// Count each rule's outcomes per region ([`Totals::places`]).
    pub by_place: bool,
}

/// Which records a run keeps a [`Trace`] of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Traces {
    None,
    /// Those a map draws (with a geometry), at most [`MAP_LIMIT`]; the others
    /// are only counted ([`Totals::undrawn`], [`Totals::beyond_limit`]).
    Drawn,
    /// Every record checked (the map command).
    All,
}

/// Where the region a run was narrowed to came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionFrom {
    Argument,
    Plan,
    /// None was named: the whole province, each record by its own place.
    Default,
}

/// What a run produced: findings as the caller rendered them, in output order.
pub struct RunOutput<T> {
    pub totals: Totals,
    pub findings: Vec<T>,
    /// Non-fatal problems found while reading (unknown columns …).
    pub warnings: Vec<Diag>,
    /// The region the run was narrowed to (the province when none was named),
    /// and where it came from.
    pub region: (String, RegionFrom),
    /// Every record checked, in input order, when [`RunOptions::trace`] asks.
    pub traces: Vec<Trace>,
    /// The passes listed, when [`RunOptions::passes`] asks: by rule, in runs of
    /// records, in no order.
    pub passes: Vec<PassRun>,
}

/// Runs the check. `render` turns each finding into the caller's form, with the key
/// it is sorted by, on the worker that found it.
pub fn run<K: Ord + Send, T: Send>(
    set: &RuleSet,
    inputs: &[InputSpec<'_>],
    opts: &RunOptions<'_>,
    render: &(dyn Fn(&Finding) -> (K, T) + Sync),
) -> Result<RunOutput<T>, Vec<Diag>> {
    let mut engine = Engine::new(set, &opts.check);
    engine.snippets = opts.snippets;
    engine.cells = opts.cells;
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    let mut opened = Vec::with_capacity(inputs.len());
    let again = repeats::repeated_inputs(inputs, opts.lang, &mut warnings).map_err(|d| vec![d])?;
    for (i, spec) in inputs.iter().enumerate() {
        if again.get(i).copied().unwrap_or(false) {
            opened.push(None);
            continue;
        }
        match open(
            spec,
            u32::try_from(i).unwrap_or(u32::MAX),
            set,
            opts,
            &mut warnings,
        ) {
            Ok(o) => opened.push(Some(o)),
            Err(d) => {
                errors.push(d);
                opened.push(None);
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Each table's header line, for problems about its columns.
    let header_lines = columns::header_lines(&opened);
    let present: Vec<EntityId> = opened
        .iter()
        .flat_map(|o| match o {
            Some(Opened::Csv { header, .. }) => vec![header.entity],
            Some(Opened::Plan(ds)) => ds.inputs.iter().map(|i| i.entity).collect(),
            None => Vec::new(),
        })
        .collect();
    let plan_region = opened.iter().find_map(|o| match o {
        Some(Opened::Plan(ds)) => ds.region.clone(),
        _ => None,
    });
    let gaz = opts.gazetteer;
    let ix = gaz.index();
    let (region, home) = region::settle(opts, plan_region, &ix)?;
    let placer = Placer::new(gaz, &ix, set, home);
    warnings.extend(region::lost_packs(&placer, set, opts.lang));
    // Packs whose region and the run's do not meet are not run, not even reported.
    engine.restrict_packs(&|p| placer.in_run(p));
    engine.restrict_to(&present);
    let lacking = columns::lacking(&opened, set.schema.entities.len());
    engine.set_absent_columns(&|e, s| {
        lacking
            .get(e)
            .and_then(|f| f.get(s))
            .cloned()
            .unwrap_or_default()
    });
    let zone = |e: EntityId, rec: &crate::data::Record<'_>| placer.zone(e, rec);
    engine.set_scope(&zone, placer.table(set.packs.len()), placer.none());
    engine.set_zone_names(ix.groups.iter().map(|g| Arc::from(g.as_str())).collect());
    if let Some(w) = opts.waivers {
        engine.set_waivers(w);
    }
    // Per entity, per zone: whether a rule in force could check such records
    // there, given the inputs (whether it was selected is the user's choice).
    let has_rules = |e: EntityId, pack: &dyn Fn(usize) -> bool| {
        set.rules.iter().any(|r| {
            r.entity == e
                && pack(r.pack)
                && r.in_force(opts.check.as_of)
                && r.needs.iter().all(|n| present.contains(n))
        })
    };
    let checked: Vec<Vec<bool>> = (0..set.schema.entities.len())
        .map(|e| {
            (0..placer.zones())
                .map(|z| has_rules(e, &|p| placer.applies(z, p)))
                .collect()
        })
        .collect();
    // Records are counted by zone: the packs used are those of the zones seen.
    engine.set_grouper(&zone);
    if opts.by_place {
        engine.count_rules_by_group();
    }
    let work = |keep: bool, evaluate: bool, key: bool| Work {
        placer: &placer,
        checked: &checked,
        keep,
        evaluate,
        trace: opts.trace,
        key,
        passes: opts.passes,
    };

    // A plan's records are held whole: their places are made canonical once, and
    // their entities' `check`s applied once.
    let mut vetted: Vec<((String, EntityId), Option<String>, Diag)> = Vec::new();
    // Every keyed record's key, in whatever order it was read.
    let mut keyed: Vec<dups::Keyed> = Vec::new();
    held::vet(
        &mut opened,
        set,
        &placer,
        opts.lang,
        &mut vetted,
        &mut keyed,
    );
    // What each input's records said about places, by (path, entity).
    let mut notes: Vec<((String, EntityId), Notes)> = Vec::new();
    let mut note = |path: &str, entity: EntityId, n: Notes| match notes
        .iter_mut()
        .find(|((p, e), _)| p == path && *e == entity)
    {
        Some((_, all)) => all.add(n),
        None => notes.push(((path.to_string(), entity), n)),
    };
    // Areas of held records that overlap earlier ones: the shared land counts once.
    let overlapped = {
        let mut held: Vec<(usize, &mut Dataset)> = opened
            .iter_mut()
            .enumerate()
            .filter_map(|(i, o)| match o {
                Some(Opened::Plan(ds)) => Some((i, &mut **ds)),
                _ => None,
            })
            .collect();
        dups::overlaps(&mut held, &set.schema, opts.lang)
    };
    vetted.extend(overlapped.diags.into_iter().map(|(w, d)| (w, None, d)));
    for ((path, e), key, d) in vetted {
        let mut n = Notes::default();
        match key {
            Some(k) => n.alike(&k, || d),
            None => n.records.push(d),
        }
        note(&path, e, n);
    }
    let lang = opts.lang;
    let mut tally = Tally::default();
    let mut findings: Vec<(K, T)> = Vec::new();
    // What aggregates keep, by (input, table): a CSV is table 0, a held input's
    // tables are by entity.
    let mut kept_all: Vec<((u32, u32), Kept)> = Vec::new();
    let mut traces: Vec<Trace> = Vec::new();
    let mut passed: Vec<PassRun> = Vec::new();
    // Records per entity of what aggregates read.
    let mut aggregated = vec![0usize; set.schema.entities.len()];
    // What each input holds, for the report; records are counted as they are checked.
    let mut listed: Vec<Input> = Vec::new();
    for (i, o) in opened.iter().enumerate() {
        match o {
            Some(Opened::Csv { header, .. }) => listed.push(Input {
                path: inputs[i].path.clone(),
                entity: header.entity,
                records: 0,
            }),
            Some(Opened::Plan(ds)) => listed.extend(ds.inputs.iter().cloned()),
            None => {}
        }
    }
    let count = |listed: &mut Vec<Input>, path: &str, entity: EntityId, n: usize| {
        if let Some(x) = listed
            .iter_mut()
            .find(|x| x.path == path && x.entity == entity)
        {
            x.records += n;
        }
    };

    // What the rows read in pass 1 say of streets' and communities' places.
    let mut units = Vec::new();
    // Pass 1: what aggregates run over, checked at the same time where its rules
    // need no aggregate.
    // Tables of streets and communities are read here too, to learn where each
    // is before any is judged (they are judged in pass 2).
    let first_pass = |e: EntityId| engine.is_aggregated(e) || placer.has_units(e);
    let mut read_first = vec![false; opened.len()];
    for (i, o) in opened.iter_mut().enumerate() {
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        match o {
            Some(Opened::Csv { header, .. }) if first_pass(header.entity) => {
                let Some(Opened::Csv {
                    chunks,
                    first,
                    header,
                }) = o.take()
                else {
                    continue;
                };
                read_first[i] = true;
                let evaluate =
                    !engine.is_deferred(header.entity) && !placer.has_units(header.entity);
                let path = &inputs[i].path;
                let p = stream_csv(
                    &engine,
                    set,
                    path,
                    index,
                    chunks,
                    first,
                    &header,
                    work(true, evaluate, true),
                    lang,
                    render,
                )
                .map_err(|d| vec![d])?;
                if evaluate {
                    warnings.extend(header.take_notes().iter().map(|w| w.render(lang)));
                    count(&mut listed, path, header.entity, p.read);
                }
                note(path, header.entity, p.notes);
                traces.extend(p.traces);
                passed.extend(p.passes);
                if opts.trace == Traces::Drawn {
                    evaluate::limit_drawn(&mut traces, &mut tally.beyond_limit, false);
                }
                units.extend(p.units);
                aggregated[header.entity] += p.read;
                kept_all.push(((index, 0), p.kept));
                keyed.extend(p.keyed);
                tally.add(&p.tally);
                order::gather(&mut findings, p.findings);
                if !evaluate {
                    // Read again in pass 2, once the aggregates are complete.
                    *o = Some(
                        open(&inputs[i], index, set, opts, &mut Vec::new()).map_err(|d| vec![d])?,
                    );
                }
            }
            Some(Opened::Plan(ds)) => {
                for (e, table) in ds.tables.iter().enumerate() {
                    units.extend(table.iter().filter_map(|r| placer.unit(e, r)));
                    if engine.is_aggregated(e) {
                        aggregated[e] += table.len();
                        kept_all.push((
                            (index, u32::try_from(e).unwrap_or(u32::MAX)),
                            engine.keep(e, table.iter()),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    // A record given twice counts once in every aggregate: the first is kept.
    let paths: Vec<&str> = inputs.iter().map(|x| x.path.as_str()).collect();
    let labels: Vec<String> = set
        .schema
        .entities
        .iter()
        .map(|ent| match lang {
            Lang::Zh => ent.labels.first().unwrap_or(&ent.name).clone(),
            Lang::En => ent.name.clone(),
        })
        .collect();
    // Repeats among the records aggregates read; every repeat is reported once
    // all inputs are read (below).
    let pairs = dups::repeats(&mut keyed);
    let mut again = dups::places(&keyed, &pairs);
    let unseen = dups::hidden_places(&keyed, &pairs);
    again.extend(overlapped.within.iter().copied());
    for ((input, table), kept) in &mut kept_all {
        for (_, recs) in kept.iter_mut() {
            if !again.is_empty() {
                recs.retain(|r| !again.contains(&(*input, *table, r.pos.source, r.pos.row)));
            }
            // A held input's record is numbered by its sheet within the input; a
            // record an aggregate names is named by its input, as findings are.
            for r in &mut recs.records {
                r.pos.source = *input;
            }
        }
    }
    engine.add_kept(kept_all.into_iter().map(|(_, k)| k).collect());
    placer.learn(units);
    engine.finish_aggregates(&aggregated);

    // The text of held inputs, for the lines of repeats found at the end.
    let held = held::texts(&opened);

    // Pass 2: everything else.
    for (i, o) in opened.into_iter().enumerate() {
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        match o {
            Some(Opened::Csv {
                chunks,
                first,
                header,
            }) => {
                let path = &inputs[i].path;
                let p = stream_csv(
                    &engine,
                    set,
                    path,
                    index,
                    chunks,
                    first,
                    &header,
                    work(false, true, !read_first[i]),
                    lang,
                    render,
                )
                .map_err(|d| vec![d])?;
                warnings.extend(header.take_notes().iter().map(|w| w.render(lang)));
                count(&mut listed, path, header.entity, p.read);
                note(path, header.entity, p.notes);
                tally.add(&p.tally);
                order::gather(&mut findings, p.findings);
                traces.extend(p.traces);
                passed.extend(p.passes);
                if opts.trace == Traces::Drawn {
                    evaluate::limit_drawn(&mut traces, &mut tally.beyond_limit, false);
                }
                keyed.extend(p.keyed);
            }
            Some(Opened::Plan(ds)) => {
                let c = held::check(
                    &ds,
                    index,
                    &engine,
                    &placer,
                    &checked,
                    lang,
                    render,
                    &mut findings,
                    opts.trace,
                    opts.passes.map(|p| (p, set.rules.len())),
                    &unseen,
                );
                for (s, e, n) in c.notes {
                    if let Some(src) = ds.sources.get(s as usize) {
                        note(&src.path, e, n);
                    }
                }
                tally.add(&c.tally);
                traces.extend(c.traces);
                passed.extend(c.passes);
                if opts.trace == Traces::Drawn {
                    evaluate::limit_drawn(&mut traces, &mut tally.beyond_limit, false);
                }
            }
            None => {}
        }
    }
    order::by_key(&mut findings);
    for ((path, e), n) in notes {
        let ent = &set.schema.entities[e];
        let label = match lang {
            Lang::Zh => ent.labels.first().unwrap_or(&ent.name).clone(),
            Lang::En => format!("`{}`", ent.name),
        };
        // The city and county packs a record naming no place escaped.
        let missed: Vec<String> = (0..set.packs.len())
            .filter(|&p| placer.is_local(p) && has_rules(e, &|q| q == p))
            .map(|p| set.packs[p].id.clone())
            .collect();
        warnings.extend(n.diags(&path, &label, &region.0, &missed, lang));
    }
    let pairs = dups::repeats(&mut keyed);
    let lines = repeats::repeat_lines(&keyed, &pairs, inputs, &held, set, opts);
    warnings.extend(dups::diags(&keyed, &pairs, &paths, &labels, &lines, lang));
    // A table of headers alone checks nothing and so passes every gate: say so.
    for input in listed.iter().filter(|x| x.records == 0) {
        let ent = &set.schema.entities[input.entity];
        warnings.push(Diag::warning(
            "ylcheck::data::no_rows",
            tr(
                lang,
                format!(
                    "{}：{}表只有表头，没有数据行",
                    input.path,
                    ent.labels.first().unwrap_or(&ent.name)
                ),
                format!(
                    "{}: the `{}` table has a header but no data rows",
                    input.path, ent.name
                ),
            ),
        ));
    }
    // Chunks finish in any order; a plan's tables come entity by entity.
    traces.sort_by_key(|t| (t.key(), t.entity));
    if opts.trace == Traces::Drawn {
        evaluate::limit_drawn(&mut traces, &mut tally.beyond_limit, true);
    }
    warnings.extend(columns::absent_columns(
        set,
        &tally,
        inputs,
        &header_lines,
        lang,
    ));
    // A pack judges the records of the zones it applies to; one that could judge
    // none of this run's records (a 许昌市 pack, for 开封市 data) is not reported.
    // The run's own region counts as seen: its packs' unchecked rules are listed
    // even when no record came.
    let used: Vec<bool> = (0..set.packs.len())
        .map(|p| {
            home.is_some_and(|h| placer.applies(h, p))
                || tally
                    .per_group
                    .iter()
                    .enumerate()
                    .any(|(z, s)| s.records > 0 && placer.applies(z, p))
        })
        .collect();
    let unjudged = nothing::unjudged(&nothing::Judges {
        set,
        placer: &placer,
        selected: opts.check.selected,
        as_of: opts.check.as_of,
        given: &|e| {
            present.contains(&e)
                && (aggregated.get(e).copied().unwrap_or(0) > 0
                    || tally.per_entity.get(e).copied().unwrap_or(0) > 0)
        },
        tally: &tally,
    });
    let mut not_checked = engine.not_checked(&tally);
    not_checked.retain(|(r, _)| used.get(set.rules[*r].pack).copied().unwrap_or(false));
    if let Some(w) = opts.waivers {
        let ids: Vec<String> = set
            .rules
            .iter()
            .map(|r| format!("{}/{}", set.packs[r.pack].id, r.id))
            .collect();
        warnings.extend(w.warnings(opts.check.as_of, &tally.waiver_hits, &ids, lang));
    }
    let regions = if opts.by_region {
        tally
            .per_group
            .iter()
            .enumerate()
            .filter(|(_, s)| s.records > 0)
            .map(|(g, s)| (placer.zone_label(g, lang), s.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let places = match opts.by_place {
        true => places::by_rule(&tally.group_rules, &ix.groups, &region.0),
        false => Vec::new(),
    };
    Ok(RunOutput {
        totals: Totals {
            packs: (0..set.packs.len())
                .filter(|&p| used.get(p).copied().unwrap_or(false))
                .collect(),
            region: region.0.clone(),
            inputs: listed,
            summary: tally.summary,
            not_checked,
            per_rule: tally.per_rule,
            per_entity: tally.per_entity,
            regions,
            diagnostics: Vec::new(),
            settings: None,
            places,
            undrawn: tally.undrawn,
            beyond_limit: tally.beyond_limit,
            unjudged,
        },
        findings: findings.into_iter().map(|(_, t)| t).collect(),
        warnings,
        region,
        traces,
        passes: passed,
    })
}
