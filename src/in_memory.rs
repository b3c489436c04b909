//! A check of files held in memory, by the embedded packs, with no settings file:
//! what `ylcheck check --no-config [--region R] --as-of D FILE…` reports, as the
//! JSON and the HTML document of one run, and the exit code the command would
//! give. For a front end that has no files, terminal or clock of its own (the page
//! built in `web/`); it goes the command line's way through [`crate::run::run`]
//! and [`crate::run::finish`], so both report the same findings for the same
//! inputs.
//!
//! ```
//! use ylcheck::i18n::Lang;
//! use ylcheck::in_memory::{self, File, Request};
//!
//! let set = in_memory::shipped_rules(Lang::En).unwrap();
//! let gazetteer = ylcheck::region::shipped().unwrap();
//! let csv = "名称,类型,县（区）,建筑面积（平方米）\n城东中心,街道综合养老服务中心,祥符区,1.5 亩\n";
//! let files = [File { name: "f.csv".into(), bytes: csv.as_bytes().to_vec() }];
//! let req = Request {
//!     files: &files,
//!     region: None,
//!     as_of: in_memory::parse_as_of("2026-01-01", Lang::En).unwrap(),
//!     lang: Lang::En,
//! };
//! let out = in_memory::check(&set, &gazetteer, &req).unwrap();
//! assert_eq!(out.exit_code, 1);
//! assert!(out.json.contains("street-center-floor-area"));
//! assert!(out.html.starts_with("<!DOCTYPE html>"));
//! ```

use crate::diag::Diag;
use crate::eval::{Finding, Options, Summary};
use crate::i18n::{Lang, tr};
use crate::pack::{RuleSet, Severity};
use crate::region::Gazetteer;
use crate::report::render::{self, Render};
use crate::report::spool::{Held, Spool};
use crate::report::{self, Context, Settings};
use crate::run::filter::Filter;
use crate::run::{self, InputSpec, RunOptions};
use std::io::Read;

/// One input: its name as the reports show it, and its bytes.
pub struct File {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What to check, and how.
pub struct Request<'a> {
    pub files: &'a [File],
    /// `--region`: narrows the run to one region; else a plan's own, else none.
    pub region: Option<&'a str>,
    pub as_of: jiff::civil::Date,
    pub lang: Lang,
}

/// The reports of one run.
pub struct Reports {
    /// `--format json`.
    pub json: String,
    /// `--format html`.
    pub html: String,
    /// The command's exit code with `--fail-on error`: 1 when a finding or
    /// diagnostic is an error, or nothing was checked.
    pub exit_code: i32,
    pub summary: Summary,
}

/// The embedded packs, compiled and their tests run, as `ylcheck check` with no
/// `--rules` has them.
pub fn shipped_rules(lang: Lang) -> Result<RuleSet, Vec<Diag>> {
    crate::rules::compile_rules(&crate::embedded::files(), lang, &[])
}

/// A date as `--as-of` takes it, `YYYY-MM-DD`.
pub fn parse_as_of(s: &str, lang: Lang) -> Result<jiff::civil::Date, Diag> {
    s.parse::<jiff::civil::Date>().map_err(|_| {
        Diag::error(
            "ylcheck::args",
            tr(
                lang,
                format!("`--as-of {s}` 不是有效日期"),
                format!("`--as-of {s}` is not a valid date"),
            ),
        )
        .with_help(lang.pick(
            "写作 YYYY-MM-DD，如 2023-01-01",
            "write YYYY-MM-DD, e.g. 2023-01-01",
        ))
    })
}

/// Why `--region NAME` would stop a run (an unknown name, with "did you mean"; a
/// name several places share), or `None` when it names one place.
pub fn region_problem(gazetteer: &Gazetteer, name: &str, lang: Lang) -> Option<Diag> {
    gazetteer
        .resolve(name)
        .err()
        .map(|why| run::unknown_region(name, &why, lang))
}

/// Checks the files; the errors that stop a run (an unreadable file, an unknown
/// region) are returned as the command line would print them.
pub fn check(
    set: &RuleSet,
    gazetteer: &Gazetteer,
    req: &Request<'_>,
) -> Result<Reports, Vec<Diag>> {
    let lang = req.lang;
    let paths: Vec<String> = req.files.iter().map(|f| f.name.clone()).collect();
    let specs: Vec<InputSpec<'_>> = req
        .files
        .iter()
        .map(|f| {
            let bytes: &[u8] = &f.bytes;
            InputSpec {
                path: f.name.clone(),
                open: Box::new(move || Ok(Box::new(bytes) as Box<dyn Read + Send + '_>)),
                len: Some(bytes.len() as u64),
            }
        })
        .collect();
    let none: [String; 0] = [];
    let filter = Filter {
        select: &none,
        ignore: &none,
    };
    let selected = |pack: &str, id: &str| filter.selected(pack, id);
    let opts = RunOptions {
        check: Options {
            as_of: req.as_of,
            selected: &selected,
        },
        entity: None,
        lang,
        snippets: false,
        cells: false,
        region: req.region.map(str::to_string),
        gazetteer,
        waivers: None,
        by_region: false,
        trace: run::Traces::Drawn,
        passes: None,
        by_place: true,
    };
    let ctx = Context::new(set, &paths, req.as_of, lang);
    // One run renders each finding both ways; the HTML page needs the traces of
    // the records its map draws, which the JSON document does not read.
    let spool = Spool::in_memory();
    let render = |f: &Finding| {
        (
            ctx.sort_key(f),
            (
                render::Json.row(&ctx, f, &spool),
                render::Html.row(&ctx, f, &spool),
            ),
        )
    };
    let mut out = run::run(set, &specs, &opts, &render)?;
    let settings = Settings {
        fail_on: "error".to_string(),
        as_of: req.as_of.to_string(),
        region: req.region.map(str::to_string),
        ..Settings::default()
    };
    let finish = run::finish::Finish {
        set,
        filter: &filter,
        flags: &filter,
        settings: &settings,
        as_of: req.as_of,
        allow_empty: false,
        lang,
    };
    run::finish::finish(&finish, &mut out);
    let (mut json_rows, mut html_rows): (Vec<Held>, Vec<report::html::Row>) =
        std::mem::take(&mut out.findings).into_iter().unzip();
    let written = |what: &str, e: std::io::Error| {
        vec![Diag::error(
            "ylcheck::io::write",
            tr(
                lang,
                format!("无法写出 {what} 报告：{e}"),
                format!("the {what} report could not be written: {e}"),
            ),
        )]
    };
    let mut json = Vec::new();
    render::Json
        .document(
            render::Document::of(&ctx, &out, &mut json_rows, &spool),
            &mut json,
        )
        .map_err(|e| written("JSON", e))?;
    // Each report's parts are let go once it is written: a page has less memory
    // than a machine (a workbook of 200 000 rows takes some 2 GB of its 4 GB).
    drop(json_rows);
    let mut html = Vec::new();
    render::Html
        .document(
            render::Document::of(&ctx, &out, &mut html_rows, &spool),
            &mut html,
        )
        .map_err(|e| written("HTML", e))?;
    drop((html_rows, std::mem::take(&mut out.traces)));
    Ok(Reports {
        json: text(json),
        html: text(html),
        exit_code: run::finish::exit_code(&out.totals, Some(Severity::Error)),
        summary: out.totals.summary.clone(),
    })
}

/// A report's bytes as text; they are UTF-8, as every piece written was.
fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
