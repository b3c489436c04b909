//! A value exactly on a threshold passes, after unit conversion and arithmetic —
//! checked end to end, from CSV text to findings.

use std::sync::Arc;
use ylcheck::{data, eval, i18n::Lang, rules};

const PACK: &str = r#"
pack boundaries { source "汴政〔2022〕2号" }
rule residential-care-floor-area {
  title zh "每百户配建" en "Per 100 households"
  cite "汴政〔2022〕2号 一.2"
  for district
  require care_floor_area >= households / 100 * (if status == new then 30 m2 else 20 m2)
}
rule care-land-per-capita {
  title zh "人均用地" en "Land per resident"
  cite "汴政〔2022〕2号 一.2"
  for region
  require care_land_area >= population * 0.2 m2
}
rule family-care-beds {
  title zh "家庭养老床位" en "Family beds"
  cite "汴政〔2022〕2号 四.16"
  for region
  require family_beds >= elderly_population * 7.2‰
}
"#;

/// Outcomes of one rule over the CSV records that did not pass.
fn run(csv: &str, entity: &str, rule: &str) -> Vec<(usize, eval::Outcome)> {
    let files = vec![
        (
            "entities.rules".to_string(),
            Arc::from(include_str!("../../rules/entities.rules")),
        ),
        ("boundaries.rules".to_string(), Arc::from(PACK)),
    ];
    let set = rules::compile(&files, Lang::En).expect("pack compiles");
    let mut ds = data::Dataset::new(set.schema.entities.len());
    let ent = set.schema.entity(entity);
    data::load(
        "t.csv",
        csv.as_bytes(),
        data::Format::Csv,
        &set.schema,
        ent,
        &mut ds,
    )
    .expect("loads");
    let as_of = jiff::civil::date(2026, 1, 1);
    let out = eval::check(
        &set,
        &ds,
        &eval::Options {
            as_of,
            selected: &|_, id| id == rule,
        },
    );
    let mut v: Vec<_> = out
        .findings
        .iter()
        .map(|f| (f.row as usize, f.outcome))
        .collect();
    v.sort();
    v
}

#[test]
fn households_on_the_boundary() {
    // 1240 / 100 × 30 m² = 372 m² exactly; 1240 / 100 × 20 m² = 248 m².
    let csv = "name,status,households,care_floor_area\n\
               a,new,1240,372\n\
               b,new,1240,371.99\n\
               c,existing,1240,248 m2\n\
               d,existing,1240,247.999\n\
               e,new,1240,0.558 亩\n";
    assert_eq!(
        run(csv, "district", "residential-care-floor-area"),
        vec![(1, eval::Outcome::Fail), (3, eval::Outcome::Fail)]
    );
}

#[test]
fn mu_on_the_boundary() {
    // 55.8 亩 = 37200 m² = 0.2 m² × 186000 exactly; f64 gets 37199.99999…
    assert!(std::hint::black_box(55.8_f64) * (2000.0 / 3.0) < 37200.0);
    let csv = "name,level,population,care_land_area\n\
               a,county,186000,55.8 亩\n\
               b,county,186000,55.79 亩\n\
               c,county,186000,3.72 公顷\n\
               d,county,186000,0.0372 km2\n";
    assert_eq!(
        run(csv, "region", "care-land-per-capita"),
        vec![(1, eval::Outcome::Fail)]
    );
}

#[test]
fn per_mille_on_the_boundary() {
    // 7.2‰ × 125000 = 900 exactly.
    let csv = "name,level,elderly_population,family_beds\n\
               a,county,125000,900\n\
               b,county,125000,899\n\
               c,county,125001,900\n";
    assert_eq!(
        run(csv, "region", "family-care-beds"),
        vec![(1, eval::Outcome::Fail), (2, eval::Outcome::Fail)]
    );
}

#[test]
fn blanks_and_zero_divisors_are_unknown() {
    let csv = "name,status,households,care_floor_area\n\
               a,new,,372\n\
               b,,1240,300\n\
               c,new,1240,abc\n";
    assert_eq!(
        run(csv, "district", "residential-care-floor-area"),
        vec![
            (0, eval::Outcome::Unknown),
            (1, eval::Outcome::Unknown),
            (2, eval::Outcome::Unknown)
        ]
    );
}
