//! Small hostile inputs to the shipped rules cost work linear in their size. The
//! work is counted (candidates an aggregate visits), not timed: the n, 2n, 4n times
//! are in the benchmark (`bench/worst.sh`).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "tests fail by panicking"
)]

use ylcheck::data;
use ylcheck::eval::{self, work};
use ylcheck::i18n::Lang;
use ylcheck::lang;

/// `n` pairing rows of category `category`, all paired by one staff member.
fn one_staff(n: usize, category: &str) -> String {
    let mut csv = String::from("序号,中心（机构）名称,类别,包联人1,单位,电话\n");
    for i in 0..n {
        csv.push_str(&format!(
            "{},中心{i},{category},王建国,龙亭区民政局,13803781234\n",
            i + 1
        ));
    }
    csv
}

/// Candidates the rule's aggregates visit over `csv` (pairing rows), and its
/// findings.
fn visits(csv: &str, rule: &str) -> (u64, usize) {
    visits_of(&[("pairing", csv)], rule)
}

/// [`visits`] over tables of several entities.
fn visits_of(tables: &[(&str, &str)], rule: &str) -> (u64, usize) {
    let set = lang::compile(&ylcheck::embedded::files(), Lang::En).expect("packs compile");
    let mut ds = data::Dataset::new(set.schema.entities.len());
    for (entity, csv) in tables {
        data::load(
            &format!("{entity}.csv"),
            csv.as_bytes(),
            data::Format::Csv,
            &set.schema,
            set.schema.entity(entity),
            Lang::En,
            &mut ds,
        )
        .expect("loads");
    }
    let before = work::get(&work::CANDIDATES);
    let out = eval::check(
        &set,
        &ds,
        &eval::Options {
            as_of: jiff::civil::date(2024, 12, 29),
            selected: &|pack, id| pack == "henan-2022-57" && id == rule,
        },
    );
    (work::get(&work::CANDIDATES) - before, out.findings.len())
}

/// Every record of a group gets its count from one pass over the group: 40 000
/// rows of one staff member took 7 minutes when each row counted the whole group.
#[test]
fn one_staff_member_on_forty_thousand_rows_is_counted_once() {
    for (rule, category) in [
        ("staff-one-center", "街道综合养老服务中心"),
        ("rural-home-staff-load", "农村幸福院"),
    ] {
        let (small, found_small) = visits(&one_staff(10_000, category), rule);
        let (large, found_large) = visits(&one_staff(40_000, category), rule);
        // Every row pairs more centers than allowed.
        assert_eq!((found_small, found_large), (10_000, 40_000), "{rule}");
        // A few passes over the group (once per aggregate that reaches it), not
        // one per row: 4n rows, about 4 times the visits.
        assert!(
            large <= 4 * 40_000,
            "{rule}: {large} visits for 40 000 rows"
        );
        assert!(large <= 4 * small + 64, "{rule}: {small} → {large} visits");
    }
}

/// visits-weekly counts each center's weeks with a visit once per center, however
/// many pairing rows name it: 4 000 rows of one center over its 40 000 visits.
#[test]
fn visits_weekly_counts_a_center_once() {
    let mut visits = String::from("日期,中心（机构）名称\n");
    let start = jiff::civil::date(2022, 4, 4);
    for i in 0..40_000i64 {
        let day = start.checked_add(jiff::Span::new().days(i % 1000)).unwrap();
        visits.push_str(&format!("{day},宋门社区养老服务中心\n"));
    }
    let mut pairing = String::from("序号,中心（机构）名称,类别,包联人1,单位,电话\n");
    for i in 0..4_000 {
        pairing.push_str(&format!(
            "{},宋门社区养老服务中心,社区老年人日间照料中心,李明{i},民政局,13803781234\n",
            i + 1
        ));
    }
    let (n, _) = visits_of(
        &[("visit", &visits), ("pairing", &pairing)],
        "visits-weekly",
    );
    // One pass over the center's visits, not one per pairing row (1.6 × 10⁸).
    assert!((40_000..=2 * 40_000).contains(&n), "{n} visits");
}

/// A ring of `n` vertices around 开封, as WKT.
fn ring_wkt(n: usize) -> String {
    let mut s = String::from("POLYGON((");
    for i in 0..=n {
        let a = std::f64::consts::TAU * (i % n) as f64 / n as f64;
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!(
            "{:.9} {:.9}",
            114.3 + 0.05 * a.cos(),
            34.8 + 0.05 * a.sin()
        ));
    }
    s.push_str("))");
    s
}

/// A boundary of 100 000 vertices took over a minute to validate, comparing every
/// segment with every other; each is now compared with the few whose boxes meet.
#[cfg(debug_assertions)]
#[test]
fn a_hundred_thousand_vertex_ring_is_validated_in_near_linear_work() {
    use ylcheck::spatial::valid::PAIRS;
    let count = |n: usize| {
        let wkt = ring_wkt(n);
        let before = PAIRS.with(std::cell::Cell::get);
        assert!(ylcheck::spatial::parse_cell(&wkt).is_some(), "a valid ring");
        PAIRS.with(std::cell::Cell::get) - before
    };
    let small = count(25_000);
    let large = count(100_000);
    // Each segment meets its two neighbours' boxes, and a few more where the
    // circle's boxes overlap: a constant a segment, not n.
    assert!(large <= 8 * 100_000, "{large} pairs for 100 000 segments");
    assert!(large <= 4 * small + 1000, "{small} → {large} pairs");
    // A ring that crosses itself is still refused: a figure eight.
    let eight = "POLYGON((114.3 34.8,114.4 34.9,114.4 34.8,114.3 34.9,114.3 34.8))";
    assert!(ylcheck::spatial::parse_cell(eight).is_none());
}
