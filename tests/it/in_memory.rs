//! The in-memory check (`ylcheck::in_memory`, what the page in web/ runs) reports
//! as `ylcheck check --no-config` does: the same JSON and HTML documents, byte for
//! byte, for every sample, several files at once and both languages; the same
//! errors, drawn as the terminal draws them, for a bad file and an unknown region.
//! web/test.sh holds the page in a browser to the same; this holds the library to
//! it wherever `cargo test` runs.

use crate::common;
use common::{root, ylcheck_in};
use ylcheck::diag::render_plain;
use ylcheck::i18n::Lang;
use ylcheck::in_memory::{self, File, Request};

const AS_OF: &str = "2026-01-01";

struct Case {
    dir: &'static str,
    files: &'static [&'static str],
    region: Option<&'static str>,
    as_of: &'static str,
    lang: Lang,
}

fn case(files: &'static [&'static str], region: Option<&'static str>) -> Case {
    Case {
        dir: "samples",
        files,
        region,
        as_of: AS_OF,
        lang: Lang::Zh,
    }
}

/// The command line's arguments for a case, in the case's directory.
fn args(c: &Case, format: &str) -> Vec<String> {
    let lang = if c.lang == Lang::En { "en" } else { "zh" };
    let mut a: Vec<String> = [
        "--lang",
        lang,
        "check",
        "--no-config",
        "--format",
        format,
        "--as-of",
        c.as_of,
    ]
    .map(String::from)
    .to_vec();
    if let Some(r) = c.region {
        a.extend(["--region".to_string(), r.to_string()]);
    }
    a.extend(c.files.iter().map(|f| f.to_string()));
    a
}

fn in_memory(c: &Case) -> Result<in_memory::Reports, String> {
    let dir = root().join(c.dir);
    let files: Vec<File> = c
        .files
        .iter()
        .map(|f| File {
            name: f.to_string(),
            bytes: std::fs::read(dir.join(f)).expect("the sample"),
        })
        .collect();
    let set = in_memory::shipped_rules(c.lang).expect("the shipped packs");
    let gazetteer = ylcheck::region::shipped().expect("the gazetteer");
    let req = Request {
        files: &files,
        region: c.region,
        as_of: in_memory::parse_as_of(c.as_of, c.lang).expect("a date"),
        lang: c.lang,
    };
    in_memory::check(&set, &gazetteer, &req)
        .map_err(|ds| ds.iter().map(|d| render_plain(d, 100)).collect())
}

fn run(c: &Case, format: &str) -> common::Output {
    let a = args(c, format);
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    ylcheck_in(&root().join(c.dir), &a, None)
}

fn same_reports(c: &Case) {
    let json = run(c, "json");
    let html = run(c, "html");
    let got = in_memory(c).unwrap_or_else(|e| panic!("{:?}: {e}", c.files));
    assert_eq!(got.exit_code, json.code, "{:?}", c.files);
    assert!(
        got.json == json.stdout,
        "{:?}: the JSON report differs",
        c.files
    );
    assert!(
        got.html == html.stdout,
        "{:?}: the HTML report differs",
        c.files
    );
}

#[test]
fn samples_report_as_the_command_line_does() {
    let huaiyang = Some("周口市淮阳区");
    let cases = [
        case(&["henan-pairing.csv"], None),
        case(&["henan-visits.csv"], None),
        case(&["huaiyang-caregivers.csv"], huaiyang),
        case(&["huaiyang-claims.csv"], huaiyang),
        case(&["huaiyang-tasks.toml"], huaiyang),
        case(&["huaiyang-workbook.xlsx"], huaiyang),
        case(&["kaifeng-facilities-gbk.csv"], None),
        case(&["kaifeng-workbook.xlsx"], None),
        case(&["kaifeng-parcels.geojson"], Some("开封市禹王台区")),
        case(&["kaifeng-plan.geojson"], Some("开封市")),
        case(&["kaifeng-plan.toml"], None),
        case(&["kaifeng-tasks.csv"], None),
        Case {
            as_of: "2023-01-01",
            ..case(&["pingdingshan-progress.csv"], Some("平顶山市"))
        },
        Case {
            as_of: "2023-01-01",
            ..case(&["pingdingshan-progress-faults.csv"], Some("平顶山市"))
        },
        case(
            &[
                "huaiyang-caregivers.csv",
                "huaiyang-claims.csv",
                "huaiyang-tasks.toml",
                "huaiyang-workbook.xlsx",
            ],
            huaiyang,
        ),
        Case {
            lang: Lang::En,
            ..case(&["kaifeng-plan.geojson"], Some("开封市"))
        },
    ];
    for c in &cases {
        same_reports(c);
    }
}

#[test]
fn errors_are_drawn_as_the_terminal_draws_them() {
    let cases = [
        Case {
            dir: "tests/bad",
            ..case(&["syntax-error.toml"], None)
        },
        Case {
            dir: "tests/bad",
            ..case(&["broken-quote.csv"], None)
        },
        Case {
            dir: "tests/bad",
            lang: Lang::En,
            ..case(&["bowtie.geojson"], None)
        },
        case(&["kaifeng-plan.toml"], Some("祥府区")),
    ];
    for c in &cases {
        let cli = run(c, "json");
        assert_eq!(cli.code, 2, "{}", cli.transcript());
        let Err(errors) = in_memory(c) else {
            panic!("{:?}: the run went on", c.files)
        };
        assert_eq!(errors, cli.stderr, "{:?}", c.files);
    }
}

#[test]
fn a_region_hint_says_did_you_mean() {
    let gazetteer = ylcheck::region::shipped().expect("the gazetteer");
    assert!(in_memory::region_problem(&gazetteer, "开封市祥符区", Lang::Zh).is_none());
    let d = in_memory::region_problem(&gazetteer, "祥府区", Lang::Zh).expect("unknown");
    assert_eq!(d.help.as_deref(), Some("是不是 `祥符区`？"));
    let names = gazetteer.full_names();
    assert_eq!(names.first().map(String::as_str), Some("河南省"));
    for n in ["开封市", "开封市祥符区", "周口市淮阳区"] {
        assert!(names.iter().any(|x| x == n), "{n}");
    }
}
