//! One check run over a set of inputs: open each, read the entities aggregates run
//! over first, then check every record, chunk by chunk and in parallel, keeping
//! only findings (already rendered by the caller) and the aggregates' indexes.
//!
//! The inputs are given as openers of byte streams, so the library stays free of
//! files and terminals: the command line opens files, a test gives byte slices.

use crate::data::csv::{Header, read_header, read_rows};
use crate::data::load::Ctx;
use crate::data::stream::{Chunk, Chunks, Encoding, decode_chunk};
use crate::data::{self, Dataset, Format, Input, View, invariants};
use crate::diag::Diag;
use crate::eval::{Engine, Finding, Kept, Options, Tally, Trace};
use crate::i18n::{Lang, tr};
use crate::pack::RuleSet;
use crate::region::{Gazetteer, Unresolved};
use crate::report::Totals;
use crate::schema::EntityId;
use crate::waiver::Waivers;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::sync::Arc;

mod dups;
pub mod filter;
pub mod finish;
pub mod nothing;
mod places;
use places::{Notes, Placer};

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
    /// Keep a [`Trace`] of every record (for reports that show passes and maps).
    pub trace: bool,
}

/// Evaluates one record, keeping its trace when the run asks for traces.
fn evaluate(
    engine: &Engine<'_>,
    entity: EntityId,
    rec: &crate::data::Record<'_>,
    view: &View<'_>,
    tally: &mut Tally,
    found: &mut dyn FnMut(&Finding),
    traces: Option<&mut Vec<Trace>>,
) {
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
}

/// The part of a run's output a worker produces for one chunk.
struct Part<K, T> {
    /// Records read.
    read: usize,
    /// What the records' places said.
    notes: Notes,
    kept: Kept,
    findings: Vec<(K, T)>,
    tally: Tally,
    traces: Vec<Trace>,
    /// The keys of the records read, for finding the ones given twice.
    keyed: Vec<dups::Keyed>,
}

#[allow(
    clippy::large_enum_variant,
    reason = "one per input, moved a handful of times"
)]
enum Opened<'a> {
    Csv {
        chunks: Chunks<Box<dyn Read + Send + 'a>>,
        first: Chunk,
        header: Header,
    },
    Plan(Box<Dataset>),
}

fn open_err(path: &str, e: &std::io::Error, lang: Lang) -> Diag {
    Diag::error(
        "ylcheck::io",
        tr(
            lang,
            format!("`{path}`：无法读取"),
            format!("`{path}`: cannot be read"),
        ),
    )
    .with_help(tr(
        lang,
        format!("系统报告：{e}"),
        format!("the system said: {e}"),
    ))
}

/// Opens an input, tells its format, and reads a CSV's header (or a whole plan).
fn open<'a>(
    spec: &InputSpec<'a>,
    index: u32,
    set: &RuleSet,
    opts: &RunOptions<'_>,
    warnings: &mut Vec<Diag>,
) -> Result<Opened<'a>, Diag> {
    let lang = opts.lang;
    let mut reader = (spec.open)().map_err(|e| open_err(&spec.path, &e, lang))?;
    let mut head = Vec::with_capacity(64 << 10);
    (&mut reader)
        .take(64 << 10)
        .read_to_end(&mut head)
        .map_err(|e| open_err(&spec.path, &e, lang))?;
    let Some(format) = Format::detect(&spec.path, &head) else {
        return Err(Diag::error(
            "ylcheck::input",
            tr(
                lang,
                format!("无法识别 `{}` 的文件类型", spec.path),
                format!("cannot tell what kind of file `{}` is", spec.path),
            ),
        )
        .with_help(lang.pick(
            "支持 .csv（UTF-8 或 GBK）、.xlsx、.toml 规划文件和 .geojson 地图",
            "ylcheck reads .csv (UTF-8 or GBK), .xlsx, .toml plans and .geojson maps",
        )));
    };
    // A plan, a workbook or a map is read whole, into a data set of its own.
    if matches!(format, Format::Plan | Format::Xlsx | Format::GeoJson) {
        let mut bytes = head;
        reader
            .take(data::load::MAX_INPUT as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| open_err(&spec.path, &e, lang))?;
        let mut ds = Dataset::new(set.schema.entities.len());
        data::load(
            &spec.path,
            &bytes,
            format,
            &set.schema,
            opts.entity,
            lang,
            &mut ds,
        )?;
        warnings.append(&mut ds.warnings);
        return Ok(Opened::Plan(Box::new(ds)));
    }
    let mut chunks = Chunks::new(reader, head, &spec.path, lang);
    let Some(first) = chunks.next_chunk()? else {
        return Err(Diag::error(
            "ylcheck::data::empty",
            tr(
                lang,
                format!("{}: 文件是空的", spec.path),
                format!("{}: the file is empty", spec.path),
            ),
        )
        .with_help(lang.pick(
            "请提供带表头的数据文件",
            "give a data file with a header row",
        )));
    };
    if first.text.trim().is_empty() {
        return Err(Diag::error(
            "ylcheck::data::empty",
            tr(
                lang,
                format!("{}: 文件是空的", spec.path),
                format!("{}: the file is empty", spec.path),
            ),
        )
        .with_help(lang.pick(
            "请提供带表头的数据文件",
            "give a data file with a header row",
        )));
    }
    let ctx = Ctx {
        path: &spec.path,
        text: &first.text,
        first_line: 1,
        lang,
        source: index,
    };
    let (header, mut w) = read_header(&ctx, &set.schema, opts.entity)?;
    warnings.append(&mut w);
    chunks.close_when_read();
    Ok(Opened::Csv {
        chunks,
        first,
        header,
    })
}

/// What to do with the records of one chunk.
#[derive(Clone, Copy)]
struct Work<'w> {
    placer: &'w Placer<'w>,
    /// Per entity, per zone: whether a rule judges such records there.
    checked: &'w [Vec<bool>],
    keep: bool,
    evaluate: bool,
    /// Keep a trace of each record evaluated.
    trace: bool,
    /// Note each record's key (once per record, in the pass that first reads it).
    key: bool,
}

/// Reads every chunk of a CSV input and processes them in parallel: the workers
/// take turns reading the next chunk, then decode and check it on their own.
#[allow(clippy::too_many_arguments, reason = "the pieces of one input's pass")]
fn stream_csv<'a, K: Send, T: Send>(
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
            keyed: Vec::new(),
        };
        let first_row = line.saturating_sub(header.data_line);
        // Reused for every record whose place cells are rewritten.
        let mut canon = crate::data::Record {
            values: Vec::new(),
            pos: crate::data::Pos {
                source: index,
                row: 0,
                line: 0,
                offset: 0,
            },
        };
        // Reused for every record that fails a `check` of its entity.
        let mut vetted = canon.clone();
        let ent = &set.schema.entities[header.entity];
        read_rows(
            &ctx,
            &set.schema,
            header,
            start,
            line,
            first_row,
            &mut |r| {
                part.read += 1;
                let placer = work.placer;
                let r = if placer.canonicalise(header.entity, r, &mut canon) {
                    &canon
                } else {
                    r
                };
                let failed = invariants::vet(ent, r, &mut vetted);
                if work.evaluate {
                    for &i in &failed {
                        part.notes.alike(&format!("\u{0}check {i}"), || {
                            invariants::diag(ent, &ent.checks[i], r, &ctx, &view)
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
                        r,
                        &view,
                        &mut part.tally,
                        &mut |f| part.findings.push(render(f)),
                        work.trace.then_some(&mut part.traces),
                    );
                }
                if work.keep {
                    engine.keep_one(header.entity, r, &mut part.kept);
                }
            },
        )?;
        Ok(part)
    };
    let mut total = process(&first.text, first.first_line, header.data_start)?;
    drop(first);
    let hint = chunks.hint();
    let pool = chunks.pool();
    #[allow(
        clippy::type_complexity,
        reason = "a local: chunk number and its result"
    )]
    let mut parts: Vec<(usize, Result<(Part<K, T>, Encoding), Diag>)> =
        std::iter::from_fn(|| chunks.next_raw().transpose())
            .enumerate()
            .par_bridge()
            .map(|(seq, raw)| {
                let run = || {
                    let raw = raw?;
                    let (text, enc) = decode_chunk(raw.bytes, raw.first_line, hint, path, lang)?;
                    let Some(s) = text.as_str() else {
                        return Err(Diag::error(
                            "ylcheck::data::encoding",
                            tr(
                                lang,
                                format!("{path}：无法解码"),
                                format!("{path}: cannot be decoded"),
                            ),
                        ));
                    };
                    let part = process(s, raw.first_line, 0)?;
                    if let Ok(mut p) = pool.lock() {
                        p.push(text.into_bytes());
                    }
                    Ok((part, enc))
                };
                (seq, run())
            })
            .collect();
    parts.sort_by_key(|(seq, _)| *seq);
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
        total.keyed.extend(part.keyed);
    }
    Ok(total)
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
    let again = repeated_inputs(inputs, opts.lang, &mut warnings).map_err(|d| vec![d])?;
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
    let header_lines: Vec<Option<(Arc<str>, usize)>> = opened
        .iter()
        .map(|o| match o {
            Some(Opened::Csv { first, header, .. }) => {
                let head = first
                    .text
                    .get(..header.data_start)?
                    .trim_end_matches(['\n', '\r']);
                let start = head.rfind('\n').map_or(0, |i| i + 1);
                let line = (header.data_line as usize).saturating_sub(1).max(1);
                Some((Arc::from(&head[start..]), line))
            }
            _ => None,
        })
        .collect();
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
    // No region named: no default city. Each record is judged by its own place.
    let named = match (&opts.region, plan_region) {
        (Some(r), _) => Some((r.clone(), RegionFrom::Argument)),
        (None, Some(r)) => Some((r, RegionFrom::Plan)),
        (None, None) => None,
    };
    let (region, home) = match named {
        Some((name, from)) => {
            let place = gaz
                .resolve(&name)
                .map_err(|e| vec![unknown_region(&name, &e, opts.lang)])?;
            let full = gaz.full_name(&place);
            let home = ix.group(&full);
            ((full, from), home)
        }
        None => ((gaz.province.clone(), RegionFrom::Default), None),
    };
    let placer = Placer::new(gaz, &ix, set, home);
    for p in placer.lost_packs() {
        let pack = &set.packs[p];
        let r = pack.region.as_deref().unwrap_or_default();
        warnings.push(
            Diag::warning(
                "ylcheck::region::unknown_pack_region",
                tr(
                    opts.lang,
                    format!("规则包 {} 的地区 `{r}` 不是河南省的地区，其规则不检查任何记录", pack.id),
                    format!(
                        "the region `{r}` of pack {} is no place of 河南省; its rules check no record",
                        pack.id
                    ),
                ),
            )
            .with_help(opts.lang.pick(
                "在规则包中写 region \"开封市\" 或 region \"开封市祥符区\" 这样的地区全称",
                "write the pack's region as a full name, e.g. region \"开封市\" or region \"开封市祥符区\"",
            )),
        );
    }
    // Packs whose region and the run's do not meet are not run, not even reported.
    engine.restrict_packs(&|p| placer.in_run(p));
    engine.restrict_to(&present);
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
            (0..=placer.outside())
                .map(|z| has_rules(e, &|p| placer.applies(z, p)))
                .collect()
        })
        .collect();
    // Records are counted by zone: the packs used are those of the zones seen.
    engine.set_grouper(&zone);
    let work = |keep: bool, evaluate: bool, key: bool| Work {
        placer: &placer,
        checked: &checked,
        keep,
        evaluate,
        trace: opts.trace,
        key,
    };

    // A plan's records are held whole: their places are made canonical once, and
    // their entities' `check`s applied once.
    #[allow(
        clippy::type_complexity,
        reason = "a local: where, what alike, the diagnostic"
    )]
    let mut vetted: Vec<((String, EntityId), Option<String>, Diag)> = Vec::new();
    // Every keyed record's key, in whatever order it was read.
    let mut keyed: Vec<dups::Keyed> = Vec::new();
    for (i, o) in opened.iter_mut().enumerate() {
        if let Some(Opened::Plan(ds)) = o {
            let Dataset {
                tables, sources, ..
            } = &mut **ds;
            for (e, table) in tables.iter_mut().enumerate() {
                let ent = &set.schema.entities[e];
                for rec in table {
                    placer.canonicalise_owned(e, rec);
                    let mut out = crate::data::Record {
                        values: Vec::new(),
                        pos: rec.pos,
                    };
                    let failed = invariants::vet(ent, rec, &mut out);
                    for c in failed.iter().copied() {
                        let Some(src) = sources.get(rec.pos.source as usize) else {
                            continue;
                        };
                        let index = u32::try_from(i).unwrap_or(u32::MAX);
                        let ctx = Ctx {
                            path: &src.path,
                            text: &src.text,
                            first_line: 1,
                            lang: opts.lang,
                            source: index,
                        };
                        let view = View {
                            source: index,
                            text: &src.text,
                            cells: &src.cells,
                        };
                        vetted.push((
                            (src.path.clone(), e),
                            Some(format!("\u{0}check {c}")),
                            invariants::diag(ent, &ent.checks[c], rec, &ctx, &view),
                        ));
                    }
                    if !failed.is_empty() {
                        rec.values = out.values.into_iter().map(|v| v.into_owned()).collect();
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
                            &mut keyed,
                        );
                    }
                }
            }
        }
    }
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

    // Pass 1: what aggregates run over, checked at the same time where its rules
    // need no aggregate.
    for (i, o) in opened.iter_mut().enumerate() {
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        match o {
            Some(Opened::Csv { header, .. }) if engine.is_aggregated(header.entity) => {
                let Some(Opened::Csv {
                    chunks,
                    first,
                    header,
                }) = o.take()
                else {
                    continue;
                };
                let evaluate = !engine.is_deferred(header.entity);
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
                    warnings.extend(header.take_notes(lang));
                    count(&mut listed, path, header.entity, p.read);
                }
                note(path, header.entity, p.notes);
                traces.extend(p.traces);
                aggregated[header.entity] += p.read;
                kept_all.push(((index, 0), p.kept));
                keyed.extend(p.keyed);
                tally.add(&p.tally);
                findings.extend(p.findings);
                if !evaluate {
                    // Read again in pass 2, once the aggregates are complete.
                    *o = Some(
                        open(&inputs[i], index, set, opts, &mut Vec::new()).map_err(|d| vec![d])?,
                    );
                }
            }
            Some(Opened::Plan(ds)) => {
                for (e, table) in ds.tables.iter().enumerate() {
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
    again.extend(overlapped.within.iter().copied());
    if !again.is_empty() {
        for ((input, table), kept) in &mut kept_all {
            for (_, recs) in kept.iter_mut() {
                recs.retain(|(r, _)| !again.contains(&(*input, *table, r.pos.source, r.pos.row)));
            }
        }
    }
    engine.add_kept(kept_all.into_iter().map(|(_, k)| k).collect());
    engine.finish_aggregates(&aggregated);

    // The text of held inputs, for the lines of repeats found at the end.
    let held: HashMap<(u32, u32), Arc<str>> = opened
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
        .collect();

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
                    work(false, true, !engine.is_aggregated(header.entity)),
                    lang,
                    render,
                )
                .map_err(|d| vec![d])?;
                warnings.extend(header.take_notes(lang));
                count(&mut listed, path, header.entity, p.read);
                note(path, header.entity, p.notes);
                tally.add(&p.tally);
                findings.extend(p.findings);
                traces.extend(p.traces);
                keyed.extend(p.keyed);
            }
            Some(Opened::Plan(ds)) => {
                for (e, table) in ds.tables.iter().enumerate() {
                    for rec in table {
                        let Some(src) = ds.sources.get(rec.pos.source as usize) else {
                            continue;
                        };
                        let view = View {
                            source: index,
                            text: &src.text,
                            cells: &src.cells,
                        };
                        let ctx = Ctx {
                            path: &src.path,
                            text: &src.text,
                            first_line: 1,
                            lang,
                            source: index,
                        };
                        let z = placer.zone(e, rec);
                        let judged = checked
                            .get(e)
                            .and_then(|c| c.get(z))
                            .copied()
                            .unwrap_or(false);
                        let mut n = Notes::default();
                        placer.note(e, rec, z, judged, &ctx, &view, &mut n);
                        note(&src.path, e, n);
                        if z == placer.outside() {
                            continue;
                        }
                        evaluate(
                            &engine,
                            e,
                            rec,
                            &view,
                            &mut tally,
                            &mut |f| findings.push(render(f)),
                            opts.trace.then_some(&mut traces),
                        );
                    }
                }
            }
            None => {}
        }
    }
    findings.sort_by(|a, b| a.0.cmp(&b.0));
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
    let lines = repeat_lines(&keyed, &pairs, inputs, &held, set, opts);
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
    warnings.extend(absent_columns(set, &tally, inputs, &header_lines, lang));
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
            .map(|(g, s)| {
                let name = match ix.groups.get(g) {
                    Some(n) => n.clone(),
                    None => lang.pick("（未注明地区）", "(no place named)").to_string(),
                };
                (name, s.clone())
            })
            .collect()
    } else {
        Vec::new()
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
        },
        findings: findings.into_iter().map(|(_, t)| t).collect(),
        warnings,
        region,
        traces,
    })
}

/// A fingerprint of an input's bytes: its length and a fixed-key hash of them.
fn fingerprint(spec: &InputSpec<'_>) -> std::io::Result<(u64, u64)> {
    use std::hash::Hasher;
    let mut reader = (spec.open)()?;
    let mut h = std::hash::DefaultHasher::new();
    let mut buf = vec![0u8; 64 << 10];
    let mut len = 0u64;
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.write(&buf[..n]);
        len += n as u64;
    }
    Ok((len, h.finish()))
}

/// Whether two inputs hold the same bytes, read side by side.
fn same_bytes(a: &InputSpec<'_>, b: &InputSpec<'_>) -> std::io::Result<bool> {
    let (mut x, mut y) = ((a.open)()?, (b.open)()?);
    let (mut bx, mut by) = (vec![0u8; 64 << 10], vec![0u8; 64 << 10]);
    loop {
        let n = x.read(&mut bx)?;
        if n == 0 {
            return Ok(y.read(&mut by[..1])? == 0);
        }
        if y.read_exact(&mut by[..n]).is_err() || bx[..n] != by[..n] {
            return Ok(false);
        }
    }
}

/// The lines repeats are on, by (input, source, line): a held input's from its
/// text, a streamed CSV's read again, as far as its last repeat — a clean input
/// is not read twice, and no line of it was copied while it was checked.
fn repeat_lines(
    keyed: &[dups::Keyed],
    pairs: &[(usize, usize)],
    inputs: &[InputSpec<'_>],
    held: &HashMap<(u32, u32), Arc<str>>,
    set: &RuleSet,
    opts: &RunOptions<'_>,
) -> HashMap<(u32, u32, u32), Arc<str>> {
    let mut lines = HashMap::new();
    let mut streamed: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
    for k in pairs.iter().filter_map(|&(i, _)| keyed.get(i)) {
        match held.get(&(k.input, k.source)) {
            Some(text) => {
                if let Some(l) = dups::line_of(text, 1, k.line) {
                    lines.insert((k.input, k.source, k.line), Arc::from(l));
                }
            }
            None => {
                streamed.entry(k.input).or_default().insert(k.line);
            }
        }
    }
    for (input, mut wanted) in streamed {
        let Some(spec) = inputs.get(input as usize) else {
            continue;
        };
        // Read as when it was checked; an input that now fails to read keeps its
        // repeats' locations without their text.
        let Ok(Opened::Csv {
            mut chunks, first, ..
        }) = open(spec, input, set, opts, &mut Vec::new())
        else {
            continue;
        };
        let mut chunk = Some(first);
        while let Some(c) = chunk.take() {
            let ends = u32::try_from(c.text.matches('\n').count()).unwrap_or(u32::MAX);
            let here: Vec<u32> = wanted
                .range(c.first_line..=c.first_line.saturating_add(ends))
                .copied()
                .collect();
            for line in here {
                if let Some(l) = dups::line_of(&c.text, c.first_line, line) {
                    lines.insert((input, input, line), Arc::from(l));
                }
                wanted.remove(&line);
            }
            if wanted.is_empty() {
                break;
            }
            chunk = chunks.next_chunk().ok().flatten();
        }
    }
    lines
}

/// Which inputs repeat an earlier one byte for byte (the same path twice, `- -`, a
/// glob that also matches a copy): each is said once, at its path, and not read, so
/// its records are not counted twice. Found by fingerprint, then confirmed by
/// comparing the bytes, so a hash collision never drops a file.
fn repeated_inputs(
    inputs: &[InputSpec<'_>],
    lang: Lang,
    warnings: &mut Vec<Diag>,
) -> Result<Vec<bool>, Diag> {
    let mut again = vec![false; inputs.len()];
    if inputs.len() < 2 {
        return Ok(again);
    }
    // Only an input whose size another shares (or whose size is not known) is
    // read for its fingerprint: inputs of distinct sizes cost nothing.
    let mut sizes: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    for len in inputs.iter().filter_map(|s| s.len) {
        *sizes.entry(len).or_default() += 1;
    }
    let all_sized = inputs.iter().all(|s| s.len.is_some());
    let mut seen: std::collections::HashMap<(u64, u64), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, spec) in inputs.iter().enumerate() {
        if all_sized
            && spec
                .len
                .is_some_and(|n| sizes.get(&n).copied().unwrap_or(0) < 2)
        {
            continue;
        }
        let fp = fingerprint(spec).map_err(|e| open_err(&spec.path, &e, lang))?;
        let earlier = seen.entry(fp).or_default();
        let mut first = None;
        for &j in earlier.iter() {
            if same_bytes(&inputs[j], spec).map_err(|e| open_err(&spec.path, &e, lang))? {
                first = Some(j);
                break;
            }
        }
        match first {
            Some(j) => {
                again[i] = true;
                let (p, q) = (&spec.path, &inputs[j].path);
                warnings.push(
                    Diag::warning(
                        "ylcheck::data::duplicate_file",
                        tr(
                            lang,
                            format!("{p}：与 {q} 内容完全相同，只读取一次"),
                            format!("{p}: the same bytes as {q}, read once"),
                        ),
                    )
                    .with_source_at(p, Arc::from(""), 1)
                    .with_help(lang.pick(
                        "同一份数据给了两次（同一路径、`- -` 或匹配到副本的通配符）；计入两次会使面积、床位等合计加倍",
                        "the same data was given twice (one path twice, `- -`, or a glob matching a copy); counting it twice would double the land, the beds and every other total",
                    )),
                );
            }
            None => earlier.push(i),
        }
    }
    Ok(again)
}

/// A column a table lacks that rules need, said once per table and column: those
/// rules were not checked on its records. As severe as the worst rule it stops, so
/// a table that leaves out a required column fails as its unknowns would have.
fn absent_columns(
    set: &RuleSet,
    tally: &Tally,
    inputs: &[InputSpec<'_>],
    header_lines: &[Option<(Arc<str>, usize)>],
    lang: Lang,
) -> Vec<Diag> {
    let mut by_column: std::collections::BTreeMap<
        (u32, u32, EntityId, crate::schema::Slot),
        Vec<usize>,
    > = std::collections::BTreeMap::new();
    for &(source, sheet, rule, slot) in tally.no_column.keys() {
        let entity = set.rules[rule].entity;
        by_column
            .entry((source, sheet, entity, slot))
            .or_default()
            .push(rule);
    }
    by_column
        .into_iter()
        .map(|((source, _, entity, slot), rules)| {
            let path = inputs.get(source as usize).map_or("", |i| i.path.as_str());
            let field = &set.schema.entities[entity].fields[slot];
            let label = match lang {
                Lang::Zh => field.aliases.first().unwrap_or(&field.name),
                Lang::En => &field.name,
            };
            let ids: Vec<String> = rules
                .iter()
                .map(|&r| format!("{}/{}", set.packs[set.rules[r].pack].id, set.rules[r].id))
                .collect();
            let message = tr(
                lang,
                format!(
                    "{path}：没有 `{label}` 列，需要它的规则未检查：{}",
                    ids.join("、")
                ),
                format!(
                    "{path}: no `{label}` column, so the rules that need it were not checked: {}",
                    ids.join(", ")
                ),
            );
            let names: Vec<&str> = std::iter::once(field.name.as_str())
                .chain(field.aliases.iter().map(String::as_str))
                .collect();
            let help = tr(
                lang,
                format!("在表头中加上这一列，列名可写作：{}", names.join("、")),
                format!(
                    "add the column to the header, named any of: {}",
                    names.join(", ")
                ),
            );
            let worst = rules.iter().map(|&r| set.rules[r].severity).max();
            let d = if worst == Some(crate::pack::Severity::Error) {
                Diag::error("ylcheck::data::missing_column", message)
            } else {
                Diag::warning("ylcheck::data::missing_column", message)
            };
            let d = d.with_help(help);
            // At the header line, where the column is missing.
            match header_lines.get(source as usize) {
                Some(Some((text, line))) => d
                    .with_source_at(path, text.clone(), *line)
                    .with_label((0, text.len()), lang.pick("表头", "header")),
                _ => d,
            }
        })
        .collect()
}

/// A region name the gazetteer does not know, or knows several places by.
pub(crate) fn unknown_region(name: &str, why: &Unresolved, lang: Lang) -> Diag {
    match why {
        Unresolved::Unknown(near) => {
            let d = Diag::error(
                "ylcheck::region",
                tr(
                    lang,
                    format!("未知地区 `{name}`"),
                    format!("unknown region `{name}`"),
                ),
            );
            match near.first() {
                Some(s) => d.with_help(tr(
                    lang,
                    format!("是不是 `{s}`？"),
                    format!("did you mean `{s}`?"),
                )),
                None => d.with_help(lang.pick(
                    "写作 开封市、开封市祥符区 或 祥符区",
                    "write e.g. 开封市, 开封市祥符区 or 祥符区",
                )),
            }
        }
        Unresolved::Ambiguous(all) => Diag::error(
            "ylcheck::region",
            tr(
                lang,
                format!("地区 `{name}` 不止一处"),
                format!("more than one region is called `{name}`"),
            ),
        )
        .with_help(tr(
            lang,
            format!("请写全称：{}", all.join("、")),
            format!("write the full name: {}", all.join(", ")),
        )),
    }
}
