//! The fuzz targets' bodies. They live apart from libFuzzer's entry points so
//! that `tests/it/fuzz_regressions.rs` runs every kept input through exactly the code
//! its target ran it through, and snapshots what a user would have seen.
//!
//! Each body goes the command line's way: the same compile-and-test of rule
//! files, the same loaders, the same run and renderers, diagnostics rendered by
//! miette as the terminal shows them. Only files, the clock and the locale are
//! replaced: bytes in memory, fixed dates, the language from the input.

use std::io::Read;
use std::sync::{Arc, LazyLock};
use ylcheck::data::{self, Dataset, Format};
use ylcheck::diag::{Diag, render_plain};
use ylcheck::eval::{self, Options};
use ylcheck::i18n::Lang;
use ylcheck::pack::RuleSet;
use ylcheck::region::Gazetteer;
use ylcheck::report::render::{self, Render};
use ylcheck::report::spool::{Held, Spool};
use ylcheck::report::{self, Context};
use ylcheck::run::{self, InputSpec, RunOptions};

/// A target's body: one input in, what came of it out.
pub type Target = fn(&[u8]) -> Outcome;

/// The targets, by name, as `cargo fuzz` and `tests/fuzz_regressions/` know them.
pub const TARGETS: &[(&str, Target)] = &[
    ("rules", rules),
    ("csv", csv),
    ("plan_toml", plan_toml),
    ("geojson", geojson),
    ("xlsx", xlsx),
    ("check", check),
];

/// What one input came to.
#[derive(Debug)]
pub struct Outcome {
    /// Whether the command would have gone on (exit 0 or 1) rather than stopped (2).
    pub ok: bool,
    /// A short account of what was read or reported.
    pub summary: String,
    /// The errors that stopped it, or the warnings it went on with.
    pub diags: Vec<Diag>,
}

impl Outcome {
    fn failed(diags: Vec<Diag>) -> Outcome {
        Outcome {
            ok: false,
            summary: String::new(),
            diags,
        }
    }

    /// Everything as the terminal would show it: the summary, then each
    /// diagnostic drawn by miette (which reads every span against its source).
    pub fn render(&self) -> String {
        let mut out = format!("{}\n{}", if self.ok { "ok" } else { "error" }, self.summary);
        for d in &self.diags {
            out.push_str(&render_plain(d, 100));
        }
        out
    }
}

/// The shipped packs, compiled once per process as `ylcheck check` compiles them.
static SHIPPED: LazyLock<RuleSet> = LazyLock::new(|| {
    match ylcheck::rules::compile_rules(&ylcheck::embedded::files(), Lang::Zh, &[]) {
        Ok(set) => set,
        Err(e) => panic!("the shipped packs do not compile: {e:?}"),
    }
});

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| match ylcheck::region::shipped() {
    Ok(g) => g,
    Err(e) => panic!("rules/gazetteer.toml does not parse: {e}"),
});

/// A plan that exercises every entity the shipped schema declares, for checking
/// rules that compiled against data.
const PLAN: &str = include_str!("../../samples/kaifeng-plan.toml");

/// Both languages get fuzzed; which one an input gets is fixed by its length.
fn lang_of(data: &[u8]) -> Lang {
    if data.len().is_multiple_of(2) {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// Rule text (non-UTF-8 bytes replaced, as no rule file can hold them) as one
/// more rule file beside the shipped `entities.rules`: lexed, parsed, checked,
/// compiled, its tests run, recompiled with the overrides its `#param NAME=VALUE`
/// comment lines give; then, if it compiled, its coverage table rendered and its
/// rules checked against the sample plan.
pub fn rules(data: &[u8]) -> Outcome {
    let lang = lang_of(data);
    let text = String::from_utf8_lossy(data);
    let mut params = Vec::new();
    for p in text
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("#param "))
    {
        match ylcheck::rules::param_flag(p, lang) {
            Ok(o) => params.push(o),
            Err(d) => return Outcome::failed(vec![d]),
        }
    }
    let entities = ylcheck::embedded::ENTITIES;
    let files = vec![
        (entities.0.to_string(), Arc::from(entities.1)),
        ("fuzz.rules".to_string(), Arc::from(text.as_ref())),
    ];
    let set = match ylcheck::rules::compile_rules(&files, lang, &params) {
        Ok(set) => set,
        Err(diags) => return Outcome::failed(diags),
    };
    let coverage = report::coverage::render(&set, lang);
    let mut ds = Dataset::new(set.schema.entities.len());
    let plan = data::load(
        "kaifeng-plan.toml",
        PLAN.as_bytes(),
        Format::Plan,
        &set.schema,
        None,
        &mut ds,
    )
    .map_err(|e| e.render(lang));
    let mut summary = format!(
        "{} packs, {} rules, {} tests; coverage {} lines\n",
        set.packs.len(),
        set.rules.len(),
        set.tests.len(),
        coverage.lines().count()
    );
    let mut diags: Vec<_> = ds.warnings.drain(..).map(|w| w.render(lang)).collect();
    match plan {
        Ok(()) => {
            let as_of = jiff::civil::date(2026, 1, 1);
            let paths = ["kaifeng-plan.toml".to_string()];
            let ctx = Context::new(&set, &paths, as_of, lang);
            let out = eval::check(
                &set,
                &ds,
                &Options {
                    as_of,
                    selected: &|_, _| true,
                },
            );
            let handler = report::human::handler(false, 100);
            for f in &out.findings {
                summary.push_str(&report::human::finding(&ctx, f, &handler));
            }
        }
        // The sample plan need not fit a schema the input redeclares.
        Err(d) => diags.push(d),
    }
    Outcome {
        ok: true,
        summary,
        diags,
    }
}

/// Loads `data` as one file of `format` against the shipped schema.
fn load(path: &str, data: &[u8], format: Format) -> Outcome {
    let set = &*SHIPPED;
    let mut ds = Dataset::new(set.schema.entities.len());
    let lang = lang_of(data);
    match data::load(path, data, format, &set.schema, None, &mut ds) {
        Ok(()) => Outcome {
            ok: true,
            summary: ds
                .inputs
                .iter()
                .map(|i| {
                    let entity = &set.schema.entities[i.entity].name;
                    format!("{}: {} × {}\n", i.path, entity, i.records)
                })
                .collect(),
            diags: ds.warnings.iter().map(|w| w.render(lang)).collect(),
        },
        Err(e) => Outcome::failed(vec![e.render(lang)]),
    }
}

/// Bytes as a CSV: encoding detection, the header, every record, read whole by
/// the library's loader; then read again the way `ylcheck check` streams it.
pub fn csv(data: &[u8]) -> Outcome {
    let whole = load("fuzz.csv", data, Format::Csv);
    let streamed = run_one(
        "fuzz.csv",
        data,
        lang_of(data),
        as_of(0),
        None,
        false,
        &|_| (),
    );
    let mut summary = whole.summary;
    let mut diags = whole.diags;
    match streamed {
        Ok(out) => {
            summary.push_str(&format!(
                "streamed: {} records\n",
                out.totals.summary.records
            ));
            diags.extend(out.warnings);
        }
        Err(d) => {
            summary.push_str("streamed: error\n");
            diags.extend(d);
        }
    }
    Outcome {
        ok: whole.ok,
        summary,
        diags,
    }
}

/// Text as a TOML plan.
pub fn plan_toml(data: &[u8]) -> Outcome {
    load("fuzz.toml", data, Format::Plan)
}

/// Text as a GeoJSON map.
pub fn geojson(data: &[u8]) -> Outcome {
    load("fuzz.geojson", data, Format::GeoJson)
}

/// Bytes as an Excel workbook. A ZIP archive (`PK…`) is read as it is. Anything
/// else is a workbook's XML parts separated by NUL bytes — `workbook.xml`, the
/// shared strings, the styles, then up to four sheets — zipped here around a fixed
/// skeleton first: mutating compressed, checksummed bytes rarely gets past the
/// archive, mutating the XML reaches the sheet reader.
pub fn xlsx(data: &[u8]) -> Outcome {
    if data.starts_with(b"PK") {
        return load("fuzz.xlsx", data, Format::Xlsx);
    }
    match zip_parts(data) {
        Ok(book) => load("fuzz.xlsx", &book, Format::Xlsx),
        Err(e) => panic!("a workbook could not be zipped in memory: {e}"),
    }
}

/// The parts of a workbook [`zip_parts`] takes, in the order it takes them.
pub const PARTS: &[&str] = &[
    "xl/workbook.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
    "xl/worksheets/sheet3.xml",
    "xl/worksheets/sheet4.xml",
];

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet3.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet4.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

/// Sheets are `rId1`…`rId4`, as Excel, WPS and rust_xlsxwriter number them.
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet4.xml"/><Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId11" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// Zips NUL-separated XML parts (see [`PARTS`]) into a workbook, stored
/// uncompressed. A part left empty is left out, except `workbook.xml`, which
/// then lists one sheet per sheet part given.
pub fn zip_parts(data: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    let parts: Vec<&[u8]> = data.splitn(PARTS.len(), |&b| b == 0).collect();
    let part = |i: usize| parts.get(i).copied().unwrap_or_default();
    let mut listed = String::new();
    for n in 1..=4 {
        if !part(n + 2).is_empty() {
            listed.push_str(&format!(
                r#"<sheet name="Sheet{n}" sheetId="{n}" r:id="rId{n}"/>"#
            ));
        }
    }
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{listed}</sheets></workbook>"#
    );
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let skeleton = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
    ];
    let given = PARTS.iter().enumerate().map(|(i, name)| match part(i) {
        b"" if i == 0 => (*name, workbook.as_bytes()),
        bytes => (*name, bytes),
    });
    for (name, bytes) in skeleton.into_iter().chain(given) {
        if bytes.is_empty() {
            continue;
        }
        w.start_file(name, stored)?;
        std::io::Write::write_all(&mut w, bytes)?;
    }
    Ok(w.finish()?.into_inner())
}

/// The dates the packs are checked as of: before most windows open, inside
/// them, after the deadlines.
fn as_of(pick: u8) -> jiff::civil::Date {
    match pick % 3 {
        0 => jiff::civil::date(2023, 1, 1),
        1 => jiff::civil::date(2021, 6, 30),
        _ => jiff::civil::date(2026, 1, 1),
    }
}

/// One input through [`run::run`] with the shipped packs; with `trace`, every
/// record checked is kept for the HTML report and the map.
fn run_one<T: Send>(
    path: &str,
    data: &[u8],
    lang: Lang,
    as_of: jiff::civil::Date,
    entity: Option<usize>,
    trace: bool,
    render: &(dyn Fn(&eval::Finding) -> T + Sync),
) -> Result<run::RunOutput<T>, Vec<Diag>> {
    let set = &*SHIPPED;
    let spec = InputSpec {
        path: path.to_string(),
        open: Box::new(move || Ok(Box::new(data) as Box<dyn Read + Send + '_>)),
        len: Some(data.len() as u64),
    };
    let paths = [path.to_string()];
    let ctx = Context::new(set, &paths, as_of, lang);
    let opts = RunOptions {
        check: Options {
            as_of,
            selected: &|_, _| true,
        },
        entity,
        lang,
        snippets: true,
        cells: true,
        region: None,
        gazetteer: &GAZETTEER,
        waivers: None,
        by_region: false,
        trace: match trace {
            true => run::Traces::All,
            false => run::Traces::None,
        },
        passes: None,
        by_place: true,
    };
    run::run(set, &[spec], &opts, &|f| (ctx.sort_key(f), render(f)))
}

/// One finding in every format, rendered where it was found, as `ylcheck check`
/// renders it for the format asked for.
struct Rendered {
    human: Held,
    json: Held,
    github: Held,
    markdown: report::markdown::Row,
    junit: report::junit::Case,
    sarif: report::sarif::Entry,
    html: report::html::Row,
}

const HUMAN: render::Human = render::Human {
    color: false,
    quiet: false,
};

/// The whole check. The first byte chooses how (bits 0–2: the file's extension,
/// or standard input so its content decides; bit 3: the language; bits 4–5: the
/// date; bits 6–7: the `--entity`, if any); the rest is the file. The report is
/// rendered in every format, the HTML page with its map; JSON and SARIF must parse
/// as JSON, and no format may pass on a character a terminal would obey.
pub fn check(data: &[u8]) -> Outcome {
    let Some((&how, file)) = data.split_first() else {
        return Outcome {
            ok: true,
            summary: "empty input".to_string(),
            diags: Vec::new(),
        };
    };
    let path = match how & 7 {
        0 | 5 => "fuzz.csv",
        1 | 6 => "fuzz.toml",
        2 => "fuzz.xlsx",
        3 | 7 => "fuzz.geojson",
        _ => "-",
    };
    let lang = if how & 8 == 0 { Lang::Zh } else { Lang::En };
    let as_of = as_of(how >> 4 & 3);
    let set = &*SHIPPED;
    let entity = match how >> 6 {
        0 => None,
        n => Some(usize::from(n - 1) % set.schema.entities.len()),
    };
    let paths = [path.to_string()];
    let ctx = Context::new(set, &paths, as_of, lang);
    let spool = Spool::in_memory();
    let out = run_one(path, file, lang, as_of, entity, true, &|f| Rendered {
        human: HUMAN.row(&ctx, f, &spool),
        json: render::Json.row(&ctx, f, &spool),
        github: render::Github.row(&ctx, f, &spool),
        markdown: render::Markdown.row(&ctx, f, &spool),
        junit: render::Junit { passes: false }.row(&ctx, f, &spool),
        sarif: render::Sarif.row(&ctx, f, &spool),
        html: render::Html.row(&ctx, f, &spool),
    });
    let mut out = match out {
        Ok(out) => out,
        Err(diags) => return Outcome::failed(diags),
    };
    let (mut human, mut json, mut github, mut markdown) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut junit, mut sarif, mut html) = (Vec::new(), Vec::new(), Vec::new());
    for f in std::mem::take(&mut out.findings) {
        human.push(f.human);
        json.push(f.json);
        github.push(f.github);
        markdown.push(f.markdown);
        junit.push(f.junit);
        sarif.push(f.sarif);
        html.push(f.html);
    }
    // Each format's document, as `ylcheck check` writes it.
    let written = |format: &str, bytes: std::io::Result<Vec<u8>>| match bytes {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => panic!("the {format} report could not be written to memory: {e}"),
    };
    let doc = Doc {
        ctx: &ctx,
        run: &out,
        spool: &spool,
    };
    let human = written("human", doc.write(&HUMAN, &mut human));
    let github = written("github", doc.write(&render::Github, &mut github));
    let json = written("JSON", doc.write(&render::Json, &mut json));
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("the JSON report does not parse: {e}");
    }
    // Text from the input is shown, never obeyed, in every format (JSON goes to
    // terminals as readily), and XML stays well-formed.
    for (format, text) in [("human", &human), ("github", &github), ("JSON", &json)] {
        if let Some(c) = obeyed(text) {
            panic!("the {format} report passes {c:?} through");
        }
    }
    // A line the Actions runner would take for a workflow command: a name's
    // line break left as it is would start one.
    if let Some(l) = human.lines().find(|l| l.trim_start().starts_with("::")) {
        panic!("the human report has a line of the input's: {l:?}");
    }
    let markdown = written("Markdown", doc.write(&render::Markdown, &mut markdown));
    if let Some(c) = obeyed(&markdown) {
        panic!("the Markdown report passes {c:?} through");
    }
    for (i, c) in markdown.char_indices() {
        if matches!(c, '[' | '<' | '!') && !markdown[..i].ends_with('\\') {
            panic!("live Markdown {c:?} at {i}");
        }
    }
    let junit = written(
        "JUnit",
        doc.write(&render::Junit { passes: false }, &mut junit),
    );
    if let Some(c) = xml_invalid(&junit) {
        panic!("the JUnit report holds {c:?}, which XML forbids");
    }
    let sarif = written("SARIF", doc.write(&render::Sarif, &mut sarif));
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&sarif) {
        panic!("the SARIF report does not parse: {e}");
    }
    if let Some(c) = obeyed(&sarif) {
        panic!("the SARIF report passes {c:?} through");
    }
    let map = report::map::render(&ctx, &out.traces, &out.totals, &out.region.0);
    if let Some(c) = map.as_deref().and_then(xml_invalid) {
        panic!("the map holds {c:?}, which XML forbids");
    }
    let html = written("HTML", doc.write(&render::Html, &mut html));
    if let Some(c) = obeyed(&html).or_else(|| xml_invalid(&html)) {
        panic!("the HTML report holds {c:?}");
    }
    Outcome {
        ok: true,
        summary: human,
        diags: out.warnings,
    }
}

/// What every format's document is written from, but its rows.
struct Doc<'a> {
    ctx: &'a Context<'a>,
    run: &'a run::RunOutput<Rendered>,
    spool: &'a Spool,
}

impl Doc<'_> {
    /// The document `format` writes of `rows`, in memory.
    fn write<R: Render>(&self, format: &R, rows: &mut [R::Row]) -> std::io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        let doc = render::Document::of(self.ctx, self.run, rows, self.spool);
        format.document(doc, &mut bytes)?;
        Ok(bytes)
    }
}

/// A character a terminal or CI log would obey rather than show: C0 but `\n` and
/// `\t`, DEL, C1, CR, bidi controls, the line and paragraph separators some
/// viewers break at.
fn obeyed(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
            | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}'
            | '\u{61c}' | '\u{2028}' | '\u{2029}')
    })
}

/// A character XML 1.0 forbids.
fn xml_invalid(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        !matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
    })
}
