//! ylcheck in a page: the library's in-memory check ([`ylcheck::in_memory`])
//! behind a small wasm-bindgen interface, which `ylcheck.html` runs in a worker.
//!
//! The page adds each file's name and bytes to an [`Inputs`], then calls
//! [`Inputs::check`] with the region, the date and the language; it gets the JSON
//! and HTML reports `ylcheck check --format json|html` would write, or the errors
//! that stopped the run, rendered as the terminal shows them. Nothing here
//! panics on input: every problem is a returned message. Should a bug panic all
//! the same, the hook hands its message to the page (`ylcheckPanic`) before the
//! instance traps, and the page starts a fresh one.

use std::cell::OnceCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use ylcheck::diag::{Diag, render_plain};
use ylcheck::i18n::Lang;
use ylcheck::in_memory::{self, File, Request};
use ylcheck::pack::RuleSet;
use ylcheck::region::Gazetteer;

/// Terminal width the errors are drawn at, as the command line draws them when
/// its output is not a terminal.
const WIDTH: usize = 100;

#[wasm_bindgen]
extern "C" {
    /// The page's handler for a panic's message (a global function).
    #[wasm_bindgen(js_name = ylcheckPanic)]
    fn report_panic(message: &str);
}

/// Installs the panic hook; the page calls it once, after instantiating.
#[wasm_bindgen]
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| report_panic(&info.to_string())));
}

/// ylcheck's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn lang_of(code: &str) -> Lang {
    match code {
        "en" => Lang::En,
        _ => Lang::Zh,
    }
}

thread_local! {
    /// The embedded packs, compiled (and their tests run) once per language.
    static RULES: [OnceCell<Result<Rc<RuleSet>, Vec<String>>>; 2] =
        const { [OnceCell::new(), OnceCell::new()] };
    static GAZETTEER: OnceCell<Result<Rc<Gazetteer>, String>> = const { OnceCell::new() };
}

fn rules(lang: Lang) -> Result<Rc<RuleSet>, Vec<String>> {
    let i = usize::from(lang == Lang::En);
    RULES.with(|cells| {
        cells[i]
            .get_or_init(|| {
                in_memory::shipped_rules(lang)
                    .map(Rc::new)
                    .map_err(|ds| rendered(&ds))
            })
            .clone()
    })
}

fn gazetteer() -> Result<Rc<Gazetteer>, String> {
    GAZETTEER.with(|cell| {
        cell.get_or_init(|| {
            ylcheck::region::shipped()
                .map(Rc::new)
                .map_err(|e| format!("rules/gazetteer.toml: {e}"))
        })
        .clone()
    })
}

fn rendered(diags: &[Diag]) -> Vec<String> {
    diags.iter().map(|d| render_plain(d, WIDTH)).collect()
}

/// The regions `--region` knows, by full name: the province, its cities, and
/// each city's counties, in the gazetteer's order.
#[wasm_bindgen]
pub fn regions() -> Vec<String> {
    gazetteer().map(|g| g.full_names()).unwrap_or_default()
}

/// What is wrong with a region's name, as the command line would say it (with
/// "did you mean"), or an empty string when it names one place.
#[wasm_bindgen]
pub fn region_hint(name: &str, lang: &str) -> String {
    let lang = lang_of(lang);
    match gazetteer() {
        Ok(g) => match in_memory::region_problem(&g, name, lang) {
            Some(d) => match &d.help {
                Some(h) => format!("{}\n{h}", d.message),
                None => d.message.clone(),
            },
            None => String::new(),
        },
        Err(e) => e,
    }
}

/// The files of one check.
#[wasm_bindgen]
#[derive(Default)]
pub struct Inputs {
    files: Vec<File>,
}

#[wasm_bindgen]
impl Inputs {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Inputs {
        Inputs::default()
    }

    /// Adds a file, by the name the reports show and its bytes.
    pub fn add(&mut self, name: String, bytes: Vec<u8>) {
        self.files.push(File { name, bytes });
    }

    /// Checks the files as `ylcheck check --no-config --as-of AS_OF [--region
    /// REGION] --lang LANG` does (`as_of` is `YYYY-MM-DD`; an empty region is
    /// none).
    pub fn check(&self, region: &str, as_of: &str, lang: &str) -> Outcome {
        let lang = lang_of(lang);
        match self.run(region.trim(), as_of.trim(), lang) {
            Ok(r) => Outcome {
                summary: summary_json(&r.summary),
                json: r.json,
                html: r.html,
                exit_code: r.exit_code,
                errors: Vec::new(),
            },
            Err(errors) => Outcome {
                json: String::new(),
                html: String::new(),
                summary: String::new(),
                exit_code: 2,
                errors,
            },
        }
    }
}

impl Inputs {
    fn run(
        &self,
        region: &str,
        as_of: &str,
        lang: Lang,
    ) -> Result<in_memory::Reports, Vec<String>> {
        let set = rules(lang)?;
        let gazetteer = gazetteer().map_err(|e| vec![e])?;
        let as_of = in_memory::parse_as_of(as_of, lang).map_err(|d| rendered(&[d]))?;
        let req = Request {
            files: &self.files,
            region: (!region.is_empty()).then_some(region),
            as_of,
            lang,
        };
        in_memory::check(&set, &gazetteer, &req).map_err(|ds| rendered(&ds))
    }
}

/// What a check came to: the reports, or the errors that stopped it.
#[wasm_bindgen]
pub struct Outcome {
    json: String,
    html: String,
    summary: String,
    exit_code: i32,
    errors: Vec<String>,
}

#[wasm_bindgen]
impl Outcome {
    /// The JSON report (`--format json`) as UTF-8, moved out (a report can be
    /// hundreds of megabytes: it is not kept twice); empty when the run stopped.
    pub fn take_json(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.json).into_bytes()
    }

    /// The HTML report (`--format html`) as UTF-8, moved out; empty when the run
    /// stopped.
    pub fn take_html(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.html).into_bytes()
    }

    /// The counts of the JSON report's `summary` (records, checks, passed,
    /// failed, unknown, errors, warnings, waived), as a small JSON object, so
    /// the page need not parse the whole report for its status line.
    #[wasm_bindgen(getter)]
    pub fn summary(&self) -> String {
        self.summary.clone()
    }

    /// The command line's exit code: 0 passed, 1 failed (an error, or nothing
    /// checked), 2 stopped by the errors.
    #[wasm_bindgen(getter)]
    pub fn exit_code(&self) -> i32 {
        self.exit_code
    }

    /// The errors that stopped the run, each as the terminal shows it: file,
    /// line or cell, the message and its help.
    #[wasm_bindgen(getter)]
    pub fn errors(&self) -> Vec<String> {
        self.errors.clone()
    }
}

fn summary_json(s: &ylcheck::eval::Summary) -> String {
    format!(
        r#"{{"records":{},"checks":{},"passed":{},"failed":{},"unknown":{},"errors":{},"warnings":{},"waived":{}}}"#,
        s.records,
        s.checks,
        s.passed,
        s.failed,
        s.unknown,
        s.errors,
        s.warnings,
        s.waived()
    )
}
