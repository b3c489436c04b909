//! Reports are written as they go: each finding's final text waits (in memory, or
//! past a limit in a temporary file) until its turn, and every format's writer
//! reads the texts back one at a time into the output. So the same run gives the
//! same bytes whether its findings were held in memory or all spooled, and no
//! writer hands the output a whole document at once.

use crate::common;
use common::root;
use std::io::{Read, Write};
use ylcheck::eval::{Finding, Options};
use ylcheck::i18n::Lang;
use ylcheck::pack::RuleSet;
use ylcheck::region::Gazetteer;
use ylcheck::report::spool::Spool;
use ylcheck::report::{self, Context, Settings, SortKey};
use ylcheck::run::filter::Filter;
use ylcheck::run::{self, InputSpec, RunOptions, RunOutput};

const FORMATS: [&str; 7] = [
    "human", "github", "json", "markdown", "junit", "sarif", "html",
];

/// The files of one run, and what it is checked against.
struct Setup {
    set: RuleSet,
    gazetteer: Gazetteer,
    paths: Vec<String>,
    files: Vec<Vec<u8>>,
    region: Option<&'static str>,
    as_of: jiff::civil::Date,
    lang: Lang,
}

impl Setup {
    fn new(files: Vec<(String, Vec<u8>)>, region: Option<&'static str>, as_of: &str) -> Setup {
        let lang = Lang::Zh;
        let (paths, files) = files.into_iter().unzip();
        Setup {
            set: ylcheck::in_memory::shipped_rules(lang).expect("the shipped packs"),
            gazetteer: ylcheck::region::shipped().expect("the gazetteer"),
            paths,
            files,
            region,
            as_of: as_of.parse().expect("a date"),
            lang,
        }
    }

    fn samples(names: &[&str], region: Option<&'static str>, as_of: &str) -> Setup {
        let files = names
            .iter()
            .map(|n| {
                let bytes = std::fs::read(root().join("samples").join(n)).expect("the sample");
                (format!("samples/{n}"), bytes)
            })
            .collect();
        Setup::new(files, region, as_of)
    }

    fn ctx(&self) -> Context<'_> {
        Context::new(&self.set, &self.paths, self.as_of, self.lang)
    }

    /// The run as `ylcheck check` makes it, each finding rendered by `render`
    /// and each pass by `passes`, if the format lists them.
    fn run<T: Send>(
        &self,
        needs: report::render::Needs,
        passes: run::Passes<'_>,
        render: &(dyn Fn(&Finding) -> (SortKey, T) + Sync),
    ) -> RunOutput<T> {
        let specs: Vec<InputSpec<'_>> = self
            .paths
            .iter()
            .zip(&self.files)
            .map(|(path, bytes)| {
                let bytes: &[u8] = bytes;
                InputSpec {
                    path: path.clone(),
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
                as_of: self.as_of,
                selected: &selected,
            },
            entity: None,
            lang: self.lang,
            snippets: needs.snippets,
            cells: false,
            region: self.region.map(str::to_string),
            gazetteer: &self.gazetteer,
            waivers: None,
            by_region: needs.by_region,
            trace: needs.traces,
            passes: needs.passes.then_some(passes),
            by_place: needs.by_place,
        };
        let mut out = run::run(&self.set, &specs, &opts, render).expect("the run");
        let settings = Settings {
            fail_on: "error".to_string(),
            as_of: self.as_of.to_string(),
            ..Settings::default()
        };
        let finish = run::finish::Finish {
            set: &self.set,
            filter: &filter,
            flags: &filter,
            settings: &settings,
            as_of: self.as_of,
            allow_empty: false,
            lang: self.lang,
        };
        run::finish::finish(&finish, &mut out);
        out
    }

    /// The report in `format`, its findings' texts kept by `spool`.
    fn report(&self, format: &str, spool: &Spool, out: &mut (dyn Write + Send)) {
        use report::render;
        match format {
            "human" => self.write(
                &render::Human {
                    color: false,
                    quiet: false,
                },
                spool,
                out,
            ),
            "github" => self.write(&render::Github, spool, out),
            "json" => self.write(&render::Json, spool, out),
            "markdown" => self.write(&render::Markdown, spool, out),
            // With every pass as a testcase too, as `--junit-passes` asks.
            "junit" => self.write(&render::Junit { passes: true }, spool, out),
            "sarif" => self.write(&render::Sarif, spool, out),
            "html" => self.write(&render::Html, spool, out),
            "xlsx" => self.write(&render::Xlsx, spool, out),
            _ => unreachable!("{format}"),
        }
    }

    /// The run as `ylcheck check --format …` makes it, written by `format`.
    fn write<R: report::render::Render>(
        &self,
        format: &R,
        spool: &Spool,
        out: &mut (dyn Write + Send),
    ) {
        let ctx = self.ctx();
        let needs = format.needs();
        let pass = |rule: usize, p: &run::Passed<'_>| format.pass(&ctx, rule, p);
        let passes = run::Passes { text: &pass, spool };
        let mut run = self.run(needs, passes, &|f| {
            (ctx.sort_key(f), format.row(&ctx, f, spool))
        });
        let mut rows = std::mem::take(&mut run.findings);
        let doc = report::render::Document::of(&ctx, &run, &mut rows, spool);
        format.document(doc, out).expect("the report is written");
    }

    fn bytes(&self, format: &str, spool: &Spool) -> Vec<u8> {
        let mut out = Vec::new();
        self.report(format, spool, &mut out);
        out
    }
}

/// Records the largest piece a writer hands its output at once.
#[derive(Default)]
struct Pieces {
    total: usize,
    largest: usize,
}

impl Write for Pieces {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.total += buf.len();
        self.largest = self.largest.max(buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The same bytes in every format whether the findings' texts stay in memory,
/// all go to the file, or some of each.
fn same_spooled_or_not(setup: &Setup, what: &str) {
    for format in FORMATS {
        let held = setup.bytes(format, &Spool::in_memory());
        assert!(!held.is_empty(), "{what} {format}: a report");
        let all = Spool::with_limit(0);
        let spooled = setup.bytes(format, &all);
        let (here, there) = all.sizes();
        assert_eq!(here, 0, "{what} {format}: nothing kept in memory");
        assert!(there > 0, "{what} {format}: the texts went to the file");
        assert!(
            held == spooled,
            "{what} {format}: the report differs once spooled"
        );
        let some = Spool::with_limit(2000);
        assert!(
            held == setup.bytes(format, &some),
            "{what} {format}: the report differs when partly spooled"
        );
    }
}

#[test]
fn samples_report_the_same_spooled_or_not() {
    let huaiyang = Some("周口市淮阳区");
    same_spooled_or_not(
        &Setup::samples(&["kaifeng-facilities-gbk.csv"], None, "2026-01-01"),
        "kaifeng-facilities-gbk.csv",
    );
    same_spooled_or_not(
        &Setup::samples(&["kaifeng-plan.toml"], None, "2026-01-01"),
        "kaifeng-plan.toml",
    );
    same_spooled_or_not(
        &Setup::samples(
            &[
                "huaiyang-caregivers.csv",
                "huaiyang-workbook.xlsx",
                "huaiyang-tasks.toml",
            ],
            huaiyang,
            "2026-01-01",
        ),
        "huaiyang",
    );
    same_spooled_or_not(
        &Setup::samples(
            &["pingdingshan-progress-faults.csv"],
            Some("平顶山市"),
            "2023-01-01",
        ),
        "pingdingshan-progress-faults.csv",
    );
}

/// Facilities enough for hundreds of findings, each row a shortfall or two, and
/// cells that markup, XML and JSON must escape.
fn many_facilities(n: usize) -> Vec<u8> {
    let mut csv = String::from(
        "名称,类型,等级,县（区）,街道,社区,建筑面积（平方米）,床位数,护理型床位数,嵌入式床位数,服务功能,功能室,运营方式,是否改造提升\n",
    );
    for i in 0..n {
        let (county, street) = [
            ("龙亭区", "北书店街道"),
            ("鼓楼区", "州桥街道"),
            ("顺河回族区", "宋门街道"),
        ][i % 3];
        csv.push_str(&format!(
            "\"<b>&\"\"{i}\"\"</b> 街道综合养老服务中心\",街道综合养老服务中心,,{county},{street},,{},60,{},{},全托、日托,,公建民营,\n",
            1500 + i % 400,
            20 + i % 30,
            40 + i % 9,
        ));
        csv.push_str(&format!(
            "{street}第{i}社区养老服务中心,社区养老服务中心,,{county},{street},第{i}社区,{},6,,,日间照料、助餐,,市场主体,\n",
            if i % 7 == 0 {
                String::new()
            } else {
                (100 + i % 90).to_string()
            },
        ));
    }
    csv.into_bytes()
}

#[test]
fn many_findings_report_the_same_spooled_or_not_and_piece_by_piece() {
    let setup = Setup::new(
        vec![("facilities.csv".to_string(), many_facilities(400))],
        None,
        "2026-01-01",
    );
    same_spooled_or_not(&setup, "facilities.csv");
    for format in FORMATS {
        let spool = Spool::with_limit(0);
        let mut pieces = Pieces::default();
        setup.report(format, &spool, &mut pieces);
        // Hundreds of findings: a writer that made the document whole first
        // would hand it over in one piece, or a few.
        assert!(
            pieces.total > 200_000,
            "{format}: {} bytes, too few findings to tell",
            pieces.total
        );
        assert!(
            pieces.largest * 20 < pieces.total,
            "{format}: a piece of {} bytes of {}",
            pieces.largest,
            pieces.total
        );
    }
}

/// The findings workbook: the run's totals and findings with the findings' cells
/// kept by `spool`, written by rust_xlsxwriter (in row order, through temporary
/// files), and read back with calamine as every sheet's cells.
fn workbook_cells(setup: &Setup, spool: &Spool) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::Reader;
    let mut bytes = Vec::new();
    setup.report("xlsx", spool, &mut bytes);
    let mut book =
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("calamine reads the workbook");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("the sheet");
            let rows = range
                .rows()
                .map(|r| r.iter().map(ToString::to_string).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

#[test]
fn the_findings_workbook_is_the_same_spooled_or_not() {
    let setup = Setup::new(
        vec![("facilities.csv".to_string(), many_facilities(100))],
        None,
        "2026-01-01",
    );
    let held = workbook_cells(&setup, &Spool::in_memory());
    let findings = &held[1].1;
    assert!(findings.len() > 200, "{} rows", findings.len());
    // Sorted by county, in the gazetteer's order, then where the finding is.
    let mut counties: Vec<&str> = findings[1..].iter().map(|r| r[0].as_str()).collect();
    counties.dedup();
    assert_eq!(
        counties,
        ["开封市龙亭区", "开封市顺河回族区", "开封市鼓楼区"]
    );
    let all = Spool::with_limit(0);
    assert_eq!(held, workbook_cells(&setup, &all));
    assert_eq!(all.sizes().0, 0, "every finding's cells went to the file");
    assert_eq!(held, workbook_cells(&setup, &Spool::with_limit(3000)));
}

/// `--junit-passes` lists every pass without keeping a trace of every record:
/// each pass is rendered where its record is checked and waits in the spool with
/// the others of its rule, as findings do, so a run's memory does not grow with
/// its records' texts. Every pass, however many records: a table of more than
/// 40,000 once listed those of its first 20,000 records alone, cut to the map's
/// limit.
#[test]
fn junit_passes_wait_in_the_spool_not_in_traces() {
    use report::render::{self, Render};
    let setup = Setup::new(
        vec![("facilities.csv".to_string(), many_facilities(20_001))],
        None,
        "2026-01-01",
    );
    let ctx = setup.ctx();
    let format = render::Junit { passes: true };
    let spool = Spool::with_limit(0);
    let pass = |rule: usize, p: &run::Passed<'_>| format.pass(&ctx, rule, p);
    let passes = run::Passes {
        text: &pass,
        spool: &spool,
    };
    let out = setup.run(format.needs(), passes, &|f| {
        (ctx.sort_key(f), format.row(&ctx, f, &spool))
    });
    assert!(out.traces.is_empty(), "{} traces kept", out.traces.len());
    let listed: usize = out.passes.iter().map(|p| p.count).sum();
    assert!(listed > 20_000, "{listed} passes");
    assert_eq!(listed, out.totals.summary.passed);
    assert!(
        out.passes
            .iter()
            .all(|p| p.lost == 0 && p.text.is_spooled())
    );
    assert_eq!(spool.sizes().0, 0, "every pass went to the file");
}
