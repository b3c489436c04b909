//! `ylcheck map`: the SVG of the GeoJSON sample as text (snapshot), rendered to
//! pixels (resvg) and looked at where it matters, and the runs that cannot draw.

use crate::common;
use common::ylcheck;
use std::io::Read;
use ylcheck::i18n::Lang;
use ylcheck::report::{Context, map::Class};
use ylcheck::run::{self, InputSpec, RunOptions};

const MAP: &str = "samples/kaifeng-plan.geojson";
const AS_OF: &str = "2026-01-01";

#[test]
fn sample_map_snapshot() {
    for lang in ["zh", "en"] {
        let out = ylcheck(
            &[
                "--lang",
                lang,
                "map",
                "--as-of",
                AS_OF,
                "--region",
                "开封市",
                MAP,
            ],
            None,
        );
        assert_eq!(out.code, 0, "{}", out.transcript());
        assert!(
            out.stdout
                .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"")
        );
        // The walking radius is the pack's parameter, read from the compiled rule.
        assert!(out.stdout.contains("1000 m"), "{}", out.stdout);
        insta::assert_snapshot!(format!("map-{lang}"), out.stdout);
        let again = ylcheck(
            &[
                "--lang",
                lang,
                "map",
                "--as-of",
                AS_OF,
                "--region",
                "开封市",
                MAP,
            ],
            None,
        );
        assert_eq!(out.stdout, again.stdout, "byte-identical runs");
    }
}

#[test]
fn param_override_changes_the_circles() {
    let base = ylcheck(&["map", "--as-of", AS_OF, "--region", "开封市", MAP], None);
    let wide = ylcheck(
        &[
            "map",
            "--as-of",
            AS_OF,
            "--param",
            "walk_radius=5 km",
            "--region",
            "开封市",
            MAP,
        ],
        None,
    );
    assert_eq!(wide.code, 0, "{}", wide.transcript());
    assert!(wide.stdout.contains("5000 m（service-circle）"));
    assert!(!wide.stdout.contains("1000 m（service-circle）"));
    // 5 km reaches 大梁府 from the others: nothing fails, so nothing is labelled.
    let labels = |svg: &str| {
        let start = svg.find("<g class=\"labels\"").expect("labels group");
        let end = start + svg[start..].find("</g>").expect("end of labels");
        svg[start..end].matches("<text").count()
    };
    assert_eq!(labels(&base.stdout), 2, "大梁府 and 清河苑");
    assert_eq!(labels(&wide.stdout), 1, "清河苑's area warning only");
}

#[test]
fn input_without_geometry_is_an_error() {
    for lang in ["zh", "en"] {
        let out = ylcheck(
            &[
                "--lang",
                lang,
                "map",
                "--as-of",
                AS_OF,
                "samples/kaifeng-facilities-gbk.csv",
            ],
            None,
        );
        assert_eq!(out.code, 2, "{}", out.transcript());
        assert!(out.stdout.is_empty());
        insta::assert_snapshot!(format!("map-no-geometry-{lang}"), out.transcript());
    }
}

#[test]
fn names_are_text_not_markup() {
    let evil = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"entity":"district","name":"<script>alert(1)</script>","households":10},
 "geometry":{"type":"Polygon","coordinates":[[[114.30,34.78],[114.31,34.78],[114.31,34.79],[114.30,34.79],[114.30,34.78]]]}}]}"#;
    let out = ylcheck(&["map", "--as-of", AS_OF, "-"], Some(evil.as_bytes()));
    // `-` has no extension: the content says it is GeoJSON.
    assert_eq!(out.code, 0, "{}", out.transcript());
    assert!(!out.stdout.contains("<script>"));
    assert!(out.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

/// Checks the sample through the library, as the command does, keeping traces.
fn sample_run(lang: Lang) -> (ylcheck::pack::RuleSet, run::RunOutput<()>) {
    let set = ylcheck::rules::shipped(lang).expect("shipped rules");
    let gazetteer = ylcheck::region::shipped().expect("gazetteer");
    let as_of: jiff::civil::Date = AS_OF.parse().expect("date");
    let path = common::root().join(MAP);
    let specs = vec![InputSpec {
        path: MAP.to_string(),
        open: Box::new(move || Ok(Box::new(std::fs::File::open(&path)?) as Box<dyn Read + Send>)),
        len: None,
    }];
    let all = |_: &str, _: &str| true;
    let opts = RunOptions {
        check: ylcheck::eval::Options {
            as_of,
            selected: &all,
        },
        entity: None,
        lang,
        snippets: false,
        cells: false,
        region: Some("开封市".into()),
        gazetteer: &gazetteer,
        waivers: None,
        by_region: false,
        trace: ylcheck::run::Traces::All,
        passes: None,
        by_place: false,
    };
    let out = run::run(&set, &specs, &opts, &|f| ((f.source, f.line, f.rule), ())).expect("run");
    (set, out)
}

fn hex(c: &str) -> [u8; 3] {
    let v = u32::from_str_radix(c.trim_start_matches('#'), 16).expect("hex colour");
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

/// A district's corners from the sample.
fn ring_of(name: &str) -> Vec<(f64, f64)> {
    let text = std::fs::read_to_string(common::root().join(MAP)).expect("sample");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("GeoJSON");
    let f = doc["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["properties"]["name"] == name)
        .expect("district");
    f["geometry"]["coordinates"][0]
        .as_array()
        .expect("ring")
        .iter()
        .map(|c| (c[0].as_f64().expect("lon"), c[1].as_f64().expect("lat")))
        .collect()
}

#[test]
fn rendered_map_shows_the_failing_district() {
    let (set, out) = sample_run(Lang::Zh);
    let paths = [MAP.to_string()];
    let ctx = Context::new(&set, &paths, AS_OF.parse().expect("date"), Lang::Zh);
    let svg =
        ylcheck::report::map::render(&ctx, &out.traces, &out.totals, &out.region.0).expect("a map");

    let mut opt = resvg::usvg::Options::default();
    opt.fontdb_mut().load_system_fonts();
    let cjk = opt
        .fontdb
        .faces()
        .any(|f| f.families.iter().any(|(n, _)| n.contains("CJK")));
    if !cjk {
        eprintln!("no CJK font on this machine: labels render as boxes or not at all");
    }
    let tree = resvg::usvg::Tree::from_str(&svg, &opt).expect("the SVG parses");
    let size = tree.size().to_int_size();
    assert_eq!(size.width(), 1000);
    assert!(size.height() >= 72 + 380 && size.height() <= 72 + 820 + 36);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).expect("a pixmap");
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    let png = common::root().join("target/map-sample.png");
    // `target/` is absent where builds go elsewhere (CARGO_TARGET_DIR).
    std::fs::create_dir_all(png.parent().expect("a parent")).expect("mkdir target");
    pixmap.save_png(&png).expect("PNG written");

    let at = |x: f64, y: f64| {
        let p = pixmap
            .pixel(x.round() as u32, y.round() as u32)
            .expect("inside the picture");
        [p.red(), p.green(), p.blue()]
    };
    // Samples a district at a quarter of the way across its box, both ways, where
    // neither its edge, a symbol nor a label is drawn.
    let inside = |name: &str| {
        let ring = ring_of(name);
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(lon, lat) in &ring {
            let (x, y) = ylcheck::report::map::pixel_of(&ctx, &out.traces, &out.totals, lon, lat)
                .expect("px");
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
        assert!(x1 - x0 > 8.0, "{name} is drawn large enough to sample");
        [
            (x0 + (x1 - x0) * 0.25, y0 + (y1 - y0) * 0.25),
            (x0 + (x1 - x0) * 0.75, y0 + (y1 - y0) * 0.75),
            (x0 + (x1 - x0) * 0.25, y0 + (y1 - y0) * 0.75),
        ]
    };
    for (x, y) in inside("大梁府") {
        assert_eq!(
            at(x, y),
            hex(Class::FailError.colour()),
            "大梁府 at {x},{y}"
        );
    }
    for (x, y) in inside("翰林苑") {
        assert_eq!(at(x, y), hex(Class::Pass.colour()), "翰林苑 at {x},{y}");
    }
    for (x, y) in inside("清河苑") {
        assert_eq!(
            at(x, y),
            hex(Class::FailWarning.colour()),
            "清河苑 at {x},{y}"
        );
    }
    // The legend panel (right of the map) has its swatches: each outcome colour
    // appears there.
    let legend: Vec<[u8; 3]> = (744..984)
        .flat_map(|x| (72..260).map(move |y| (x, y)))
        .map(|(x, y)| at(f64::from(x), f64::from(y)))
        .collect();
    for c in Class::ALL {
        assert!(legend.contains(&hex(c.colour())), "legend swatch {:?}", c);
    }
    // Without a CJK font the legend's Chinese labels draw nothing, so how much ink
    // it has says nothing; CI installs the fonts and requires the check.
    let required = std::env::var("YLCHECK_BROWSER_TEST").is_ok_and(|v| v == "require");
    if cjk || required {
        let ink = legend.iter().filter(|p| **p != [255, 255, 255]).count();
        assert!(ink > legend.len() / 20, "the legend is not blank: {ink} px");
    } else {
        eprintln!("skipping the legend's ink check: no CJK font (install fonts-noto-cjk)");
    }
}

/// The traces the map and the HTML report read account for every record and
/// every check the summary counts.
#[test]
fn traces_account_for_every_check() {
    let (_, out) = sample_run(Lang::En);
    let s = &out.totals.summary;
    assert_eq!(out.traces.len(), s.records);
    let outcomes: Vec<ylcheck::eval::Outcome> = out
        .traces
        .iter()
        .flat_map(|t| t.checks.iter().map(|(_, o)| *o))
        .collect();
    assert_eq!(outcomes.len(), s.checks);
    let count = |o| outcomes.iter().filter(|x| **x == o).count();
    assert_eq!(count(ylcheck::eval::Outcome::Pass), s.passed);
    assert_eq!(count(ylcheck::eval::Outcome::Fail), s.failed);
    assert_eq!(count(ylcheck::eval::Outcome::Unknown), s.unknown);
    // In input order, each record once.
    let keys: Vec<_> = out.traces.iter().map(|t| t.key()).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted);
}
