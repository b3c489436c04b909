//! Small hostile inputs to the shipped rules cost work linear in their size. The
//! work is counted (candidates an aggregate visits), not timed: the n, 2n, 4n times
//! are in the benchmark (`bench/worst.sh`).

use crate::common;
use ylcheck::eval::{self, work};
use ylcheck::i18n::Lang;
use ylcheck::rules;

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
    visits_in("henan-2022-57", tables, rule)
}

/// [`visits_of`] for a rule of pack `pack`.
fn visits_in(pack: &str, tables: &[(&str, &str)], rule: &str) -> (u64, usize) {
    let set = rules::compile(&ylcheck::embedded::files(), Lang::En).expect("packs compile");
    let ds = common::load_tables(&set, tables);
    let before = work::get(&work::CANDIDATES);
    let out = eval::check(
        &set,
        &ds,
        &eval::Options {
            as_of: jiff::civil::date(2024, 12, 30),
            selected: &|p, id| p == pack && id == rule,
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
/// many pairing rows name it: 4 000 rows of one center over its 40 000 visits, all
/// of them in weeks over by the check date.
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

/// At most one other facility of the county may have more beds than twice the mean
/// of the others: the inner mean depends on the checked record only (its county and
/// name), not on the outer candidate, so it is computed once a record, not once a
/// candidate (n³ in all before, 8 minutes for 4 000 facilities).
const NESTED: &str = r#"pack nested { source "t" }
rule beds-near-mean {
  title zh "床位数接近县均值" en "Beds near the county mean" cite "t"
  message zh "{name}" en "{name}"
  for facility
  require count(facility where county == self.county
                and beds > 2 * avg(beds of facility where county == self.county
                                                and name != self.name)) <= 1
}
"#;

/// Candidates visited for `n` facilities of one county with beds 1..=n, and the
/// findings.
fn nested_visits(n: usize) -> (u64, usize) {
    let set = common::compile_beside_entities("nested.rules", NESTED).expect("compiles");
    let mut csv = String::from("名称,县（区）,床位数\n");
    for i in 1..=n {
        csv.push_str(&format!("院{i},龙亭区,{i}\n"));
    }
    // One facility far above the mean, twice: the count is 2 for every record.
    csv.push_str(&format!(
        "大院甲,龙亭区,{}\n大院乙,龙亭区,{}\n",
        100 * n,
        100 * n
    ));
    let ds = common::load_tables(&set, &[("facility", &csv)]);
    let before = work::get(&work::CANDIDATES);
    let out = eval::check(
        &set,
        &ds,
        &eval::Options {
            as_of: jiff::civil::date(2024, 12, 29),
            selected: &|_, _| true,
        },
    );
    (work::get(&work::CANDIDATES) - before, out.findings.len())
}

#[test]
fn an_aggregate_inside_another_is_computed_once_a_record() {
    let (small, found_small) = nested_visits(200);
    let (large, found_large) = nested_visits(400);
    // Both big facilities are above twice the mean, for every record.
    assert_eq!((found_small, found_large), (202, 402));
    // The outer count visits the county once a record for the verdict and once more
    // to explain a failure, the inner mean once a record: 3n² in all, not n³ (16.6
    // million visits for 200 before).
    let bound = |n: u64| 3 * (n + 2) * (n + 2) + 64;
    assert!(small <= bound(200), "{small} visits for 200");
    assert!(large <= bound(400), "{large} visits for 400");
    assert!(large <= 4 * small + 64, "{small} → {large}");
}

/// `n` districts spread over 祥符区 and `n` community centers in a 5 km square
/// east of them, the nearest 2 to 30 km from each district: the district and
/// center CSVs. Positions are a low-discrepancy sequence, spread evenly and the
/// same on every run.
pub fn far_centers(n: usize) -> (String, String) {
    let at = |i: usize, lon: f64, lat: f64, w: f64, h: f64| {
        let i = i as f64 + 1.0;
        let (x, y) = ((i * 0.754_877_666_2).fract(), (i * 0.569_840_290_9).fract());
        (lon + w * x, lat + h * y)
    };
    let mut districts =
        String::from("名称,县（区）,建设状态,户数,养老服务设施建筑面积（平方米）,经度,纬度\n");
    let mut centers = String::from("名称,类型,县（区）,街道,经度,纬度\n");
    for i in 0..n {
        let (x, y) = at(i, 114.2, 34.7, 0.3, 0.2);
        districts.push_str(&format!("小区{i},祥符区,已建成,100,20,{x:.6},{y:.6}\n"));
        let (x, y) = at(n + i, 114.52, 34.75, 0.05, 0.05);
        centers.push_str(&format!(
            "中心{i},社区养老服务中心,祥符区,街{i}街道,{x:.6},{y:.6}\n"
        ));
    }
    (districts, centers)
}

/// A district with no center within the walking radius fails service-circle, and
/// its message names the nearest center. When the centers all lay several
/// kilometres away, boxes growing from each district took in most of them before
/// one was settled: 10 000 districts and 10 000 centers took over three minutes.
/// Read nearest first, each district reads a few centers.
#[test]
fn the_nearest_of_far_centers_is_found_reading_few() {
    let count = |n: usize| {
        let (districts, centers) = far_centers(n);
        visits_in(
            "kaifeng-2022-2",
            &[("district", &districts), ("facility", &centers)],
            "service-circle",
        )
    };
    let (small, found_small) = count(1000);
    let (large, found_large) = count(4000);
    // No district has a center within 1000 m.
    assert_eq!((found_small, found_large), (1000, 4000));
    // Each failing district's two `nearest` read about one center each, where the
    // boxes read most of the cluster (29 million visits for 4000 districts).
    assert!(large <= 3 * 4000, "{large} visits for 4000 districts");
    assert!(large <= 4 * small + 1000, "{small} → {large} visits");
}
