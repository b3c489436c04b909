//! Three-valued logic, aggregates and joins, from CSV text to outcomes.

use crate::common;
use std::sync::Arc;
use ylcheck::eval::Outcome::{self, Fail, Pass, Unknown};
use ylcheck::{data, eval, i18n::Lang, rules};

const PACK: &str = r#"
extend entity district { p: bool  q: bool  phone: text  done: count  target: count  rate: ratio reported  d1: date  d2: date }
pack logic { source "test" }
rule and { title zh "与" en "and" cite "t" for district require p and q }
rule or  { title zh "或" en "or"  cite "t" for district require p or q }
rule not { title zh "非" en "not" cite "t" for district require not p }
rule if  { title zh "若" en "if"  cite "t" for district require if p then q else true }
rule in  { title zh "属于" en "in" cite "t" for district require status in [new] }
rule phone { title zh "电话" en "phone" cite "t" for district
  require matches(phone, "1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}") }
rule rate { title zh "完成率" en "rate" cite "t" for district require agrees(rate, done / target) }
rule gap { title zh "间隔" en "gap" cite "t" for district require d2 - d1 <= 7 and d1 + 7 >= d2 and d2 - 7 <= d1 }
rule alternatives { title zh "择一" en "alternatives" cite "t" for district
  require care_floor_area >= 100 m2 or (p and care_floor_area >= 50 m2) }
rule undecided { title zh "未定" en "undecided" cite "t" for district require if p then true else unknown }
rule street-has-center {
  title zh "街道有中心" en "street has a center" cite "t"
  for region where level == street
  require count(facility where kind == street_center and street == self.name and county == self.parent) >= 1
}
rule county-beds {
  title zh "县床位" en "county beds" cite "t"
  for region where level == county
  require sum(beds of facility where county == self.name) >= 100
      and max(beds of facility where county == self.name) <= 80
      and exists(facility where county == self.name and kind == county_support)
}
rule near {
  title zh "近" en "near" cite "t"
  for district
  require exists(facility where distance(location, self.location) <= 1000 m)
}
rule center-area {
  title zh "中心面积" en "center area" cite "t"
  for facility where kind == street_center
  require floor_area >= 2000 m2
}
rule county-sum {
  title zh "县床位合计" en "county bed total" cite "t"
  for region where level == county
  require sum(beds of facility where county == self.name) >= 100
}
rule county-max {
  title zh "县最大床位" en "county bed maximum" cite "t"
  for region where level == county
  require max(beds of facility where county == self.name) <= 80
}
rule county-min {
  title zh "县最小床位" en "county bed minimum" cite "t"
  for region where level == county
  require min(beds of facility where county == self.name) >= 20
}
define same_county = county == self.parent
rule street-center-where-known {
  title zh "街道有中心（上级已知时同县）" en "street has a center (of its county, if known)" cite "t"
  for region where level == street
  require count(facility where kind == street_center and street == self.name
                and (not present(self.parent) or same_county)) >= 1
}
rule street-known-has-center {
  title zh "上级已知的街道有中心" en "a street of known county has a center" cite "t"
  for region where level == street
  require exists(facility where street == self.name and present(self.parent))
}
rule all-upgraded {
  title zh "全部改造" en "all upgraded" cite "t"
  for region where level == county
  require all(upgraded of facility where county == self.name and kind == township_home)
}
"#;

/// Compiles the test pack, loads the CSV inputs and checks them with one rule.
fn check(
    inputs: &[(&str, &str)],
    rule: &str,
) -> (ylcheck::pack::RuleSet, data::Dataset, eval::Outcomes) {
    let set = common::compile_beside_entities("logic.rules", PACK).expect("pack compiles");
    let ds = common::load_tables(&set, inputs);
    let out = eval::check(
        &set,
        &ds,
        &eval::Options {
            as_of: jiff::civil::date(2026, 1, 1),
            selected: &|_, id| id == rule,
        },
    );
    (set, ds, out)
}

/// Outcome of each rule for each record of the entity, in record order
/// (`None` = not checked because the filter excluded it).
fn outcomes(inputs: &[(&str, &str)], rule: &str) -> Vec<Outcome> {
    let (set, ds, out) = check(inputs, rule);
    let r = set.rules.iter().position(|r| r.id == rule).expect("rule");
    let ent = set.rules[r].entity;
    let n = ds.tables[ent].len();
    let mut v = vec![Pass; n];
    for f in &out.findings {
        v[f.row as usize] = f.outcome;
    }
    assert_eq!(out.summary.checks, n, "every record checked");
    v
}

/// Findings of one rule, with the full outcome model (scope, missing fields).
fn findings(inputs: &[(&str, &str)], rule: &str) -> Vec<eval::Finding> {
    check(inputs, rule).2.findings
}

/// A record whose `for … where` cannot be evaluated is an unknown finding about
/// the rule's scope, at the cell, never passed over.
#[test]
fn an_unreadable_scope_is_unknown_never_skipped() {
    let facilities = "name,kind,floor_area\n\
        甲,street_center,2500\n\
        乙,street_center,1500\n\
        丙,,2500\n\
        丁,街道综合养老服务站点,2500\n";
    let got = findings(&[("facility", facilities)], "center-area");
    let seen: Vec<(&str, Outcome, bool)> = got
        .iter()
        .map(|f| (f.record.as_str(), f.outcome, f.scope))
        .collect();
    assert_eq!(
        seen,
        [
            ("乙", Fail, false),
            ("丙", Unknown, true),
            ("丁", Unknown, true)
        ]
    );
    // The finding points at the kind cell, the one that could not be read.
    assert!(got[1..].iter().all(|f| f.column == 3), "{got:?}");
    // A community center is out of scope, and not a finding at all.
    let other = "name,kind,floor_area\n戊,community_center,100\n";
    assert!(findings(&[("facility", other)], "center-area").is_empty());
}

/// A street whose only center has an unreadable kind, or names no street, may have
/// a center: unknown, never "has no center". A known center still passes, and a
/// street with no candidate at all still fails.
#[test]
fn a_candidate_that_may_count_makes_a_count_a_range() {
    let facilities = "name,kind,county,street\n\
        甲,,龙亭区,城东街道\n\
        乙,street_center,龙亭区,\n\
        丙,street_center,鼓楼区,城西街道\n\
        丁,街道综合养老服务站点,鼓楼区,城西街道\n";
    let regions = "name,level,parent\n\
        城东街道,street,龙亭区\n\
        城北街道,street,龙亭区\n\
        城西街道,street,鼓楼区\n\
        城南街道,street,祥符区\n";
    let got = outcomes(
        &[("facility", facilities), ("region", regions)],
        "street-has-center",
    );
    // 城东: 甲 may be a center; 城北: 乙 names no street; 城西: 丙 counts whatever
    // 丁 is; 城南 (祥符区): nothing could count.
    assert_eq!(got, [Unknown, Unknown, Pass, Fail]);
}

/// Sums and extremes over candidates that may or may not count are decided only
/// when every possibility agrees.
#[test]
fn sums_and_extremes_over_uncertain_candidates() {
    let facilities = "name,county,beds\n\
        A,杞县,60\nB,杞县,50\nC,,90\nD,兰考县,30\nF,尉氏县,5\nG,通许县,85\n";
    let regions = "name,level\n杞县,county\n兰考县,county\n尉氏县,county\n通许县,county\n";
    let data = [("facility", facilities), ("region", regions)];
    // 杞县 110 to 200 ≥ 100; 兰考县 30 to 120; 尉氏县 5 to 95 < 100; 通许县 85 to 175.
    assert_eq!(
        outcomes(&data, "county-sum"),
        [Pass, Unknown, Fail, Unknown]
    );
    // The largest: 杞县 60 or 90; 兰考县 30 or 90; 尉氏县 5 or 90; 通许县 85 or 90 > 80.
    assert_eq!(
        outcomes(&data, "county-max"),
        [Unknown, Unknown, Unknown, Fail]
    );
    // The smallest: 杞县 50 (C cannot lower it below 50); 尉氏县 5 < 20 whatever C is.
    assert_eq!(outcomes(&data, "county-min"), [Pass, Pass, Fail, Pass]);
    // Without the uncertain row every county is decided.
    let known = "name,county,beds\nA,杞县,60\nB,杞县,50\nD,兰考县,30\nF,尉氏县,5\nG,通许县,85\n";
    let data = [("facility", known), ("region", regions)];
    assert_eq!(outcomes(&data, "county-sum"), [Pass, Fail, Fail, Fail]);
    assert_eq!(outcomes(&data, "county-max"), [Pass, Pass, Pass, Fail]);
}

/// An unknown names every blank field of the record the rule reads, not only the
/// first.
#[test]
fn every_missing_field_is_named() {
    let csv = "name,p,q\na,,\nb,是,\n";
    let (set, _, out) = check(&[("district", csv)], "and");
    let missing: Vec<Vec<usize>> = out.findings.iter().map(|f| f.missing.clone()).collect();
    let ent = &set.schema.entities[set.schema.entity("district").expect("district")];
    let slot = |n: &str| ent.field(n).expect("field");
    assert_eq!(missing, [vec![slot("p"), slot("q")], vec![slot("q")]]);
}

const PQ: &str = "name,p,q\n\
                  tt,是,是\ntf,是,否\ntu,是,\n\
                  ft,否,是\nff,否,否\nfu,否,\n\
                  ut,,是\nuf,,否\nuu,,\n";

#[test]
fn sql_truth_tables() {
    let d = |rule| outcomes(&[("district", PQ)], rule);
    assert_eq!(
        d("and"),
        [
            Pass, Fail, Unknown, Fail, Fail, Fail, Unknown, Fail, Unknown
        ]
    );
    assert_eq!(
        d("or"),
        [
            Pass, Pass, Pass, Pass, Fail, Unknown, Pass, Unknown, Unknown
        ]
    );
    assert_eq!(
        d("not"),
        [
            Fail, Fail, Fail, Pass, Pass, Pass, Unknown, Unknown, Unknown
        ]
    );
    assert_eq!(
        d("if"),
        [
            Pass, Fail, Unknown, Pass, Pass, Pass, Unknown, Unknown, Unknown
        ]
    );
    assert_eq!(
        d("undecided"),
        [
            Pass, Pass, Pass, Unknown, Unknown, Unknown, Unknown, Unknown, Unknown
        ]
    );
    let status = "name,status\na,new\nb,existing\nc,\n";
    assert_eq!(
        outcomes(&[("district", status)], "in"),
        [Pass, Fail, Unknown]
    );
}

const FACILITIES: &str = "name,kind,county,street,beds,upgraded\n\
    东城中心,street_center,龙亭区,城东街道,60,是\n\
    西城中心,street_center,鼓楼区,城西街道,40,是\n\
    无县中心,street_center,,城北街道,10,是\n\
    敬老院甲,township_home,杞县,,50,是\n\
    敬老院乙,township_home,杞县,,50,否\n\
    供养中心,county_support,杞县,,20,是\n\
    敬老院丙,township_home,兰考县,,80,\n";

#[test]
fn joins_use_the_composite_key_across_files() {
    // Street names repeat across counties: only 龙亭区's 城东街道 has a center.
    let regions = "name,level,parent\n城东街道,street,龙亭区\n城东街道,street,祥符区\n城西街道,street,鼓楼区\n城北街道,street,祥符区\n城南街道,street,\n";
    let got = outcomes(
        &[("facility", FACILITIES), ("region", regions)],
        "street-has-center",
    );
    // A facility with a blank county may be in any county: 祥符区's 城北街道, where the
    // only center has no county, is unknown, never a failure; a region with a blank
    // parent is unknown.
    assert_eq!(got, [Pass, Fail, Pass, Unknown, Unknown]);
}

#[test]
fn aggregates_over_other_records() {
    let regions = "name,level\n杞县,county\n兰考县,county\n通许县,county\n";
    // 杞县: sum 120 ≥ 100, max 50 ≤ 80, has a county_support → pass.
    // 兰考县: sum 80 < 100 → fail. 通许县: no facilities, sum 0 → fail; max of nothing is unknown,
    // but `and` with a false part is false.
    assert_eq!(
        outcomes(
            &[("facility", FACILITIES), ("region", regions)],
            "county-beds"
        ),
        [Pass, Fail, Fail]
    );
    // 杞县 has a home not upgraded → fail; 兰考县's only home is blank → unknown; 通许县 has none → pass.
    assert_eq!(
        outcomes(
            &[("facility", FACILITIES), ("region", regions)],
            "all-upgraded"
        ),
        [Fail, Unknown, Pass]
    );
}

#[test]
fn a_rule_needing_an_absent_entity_is_not_checked() {
    let files = vec![
        (
            "entities.rules".to_string(),
            Arc::from(include_str!("../../rules/entities.rules")),
        ),
        ("logic.rules".to_string(), Arc::from(PACK)),
    ];
    let set = rules::compile(&files, Lang::En).expect("pack compiles");
    let mut ds = data::Dataset::new(set.schema.entities.len());
    let regions = "name,level,parent\n城东街道,street,龙亭区\n";
    data::load(
        "r.csv",
        regions.as_bytes(),
        data::Format::Csv,
        &set.schema,
        None,
        &mut ds,
    )
    .expect("loads");
    let out = eval::check(
        &set,
        &ds,
        &eval::Options {
            as_of: jiff::civil::date(2026, 1, 1),
            selected: &|_, id| id == "street-has-center",
        },
    );
    assert!(out.findings.is_empty());
    assert_eq!(out.not_checked.len(), 1);
    assert!(matches!(out.not_checked[0].1, eval::NotChecked::NoInput(_)));
}

/// Of several failed alternatives, the finding reports the one that applies.
#[test]
fn a_failed_or_reports_the_alternative_that_applies() {
    let files = vec![
        (
            "entities.rules".to_string(),
            Arc::from(include_str!("../../rules/entities.rules")),
        ),
        ("logic.rules".to_string(), Arc::from(PACK)),
    ];
    let set = rules::compile(&files, Lang::En).expect("pack compiles");
    let mut ds = data::Dataset::new(set.schema.entities.len());
    let csv = "name,p,care_floor_area\na,是,40\nb,否,40\n";
    let ent = set.schema.entity("district");
    data::load(
        "d.csv",
        csv.as_bytes(),
        data::Format::Csv,
        &set.schema,
        ent,
        &mut ds,
    )
    .expect("loads");
    let out = eval::check(
        &set,
        &ds,
        &eval::Options {
            as_of: jiff::civil::date(2026, 1, 1),
            selected: &|_, id| id == "alternatives",
        },
    );
    let required: Vec<String> = out
        .findings
        .iter()
        .filter_map(|f| f.comparison.map(|c| c.required.to_string()))
        .collect();
    // a has p: the 50 m² alternative applies; b does not: the 100 m² one does.
    assert_eq!(required, ["50", "100"]);
}

#[test]
fn matches_a_whole_cell() {
    let csv = "name,phone\na,13812345678\nb,0371-65432100\nc,1381234567\nd,x13812345678\ne,\n";
    assert_eq!(
        outcomes(&[("district", csv)], "phone"),
        [Pass, Pass, Fail, Fail, Unknown]
    );
}

/// A reported ratio is checked at the precision it was written at.
#[test]
fn reported_ratios_agree_to_their_precision() {
    let csv = "name,done,target,rate\n\
               a,2,3,67%\nb,2,3,66%\nc,2,3,66.67%\nd,2,3,66.6%\ne,2,3,66.7%\nf,2,3,\ng,3,3,100%\nh,1,8,12.5%\n";
    assert_eq!(
        outcomes(&[("district", csv)], "rate"),
        [Pass, Fail, Pass, Fail, Pass, Unknown, Pass, Pass]
    );
}

#[test]
fn dates_subtract_to_days_and_move_by_days() {
    let csv = "name,d1,d2\na,2022-03-01,2022-03-08\nb,2022-03-01,2022-03-09\nc,2022-02-25,2022-03-04\nd,2022-12-28,2023-01-04\ne,2022-03-01,\n";
    assert_eq!(
        outcomes(&[("district", csv)], "gap"),
        [Pass, Fail, Pass, Pass, Unknown]
    );
}

/// A district without a site cannot be said to lack a facility nearby; nor can
/// one with a site when the facilities have none: they may be anywhere.
#[test]
fn a_missing_site_of_the_checked_record_is_unknown() {
    let facilities = "名称,类型,位置\n甲,社区养老服务设施,\n乙,社区养老服务设施,\n";
    let districts = "名称,位置\n近,\"114.305,34.79\"\n无,\n";
    assert_eq!(
        outcomes(&[("facility", facilities), ("district", districts)], "near"),
        [Unknown, Unknown]
    );
    let sited = "名称,类型,位置\n甲,社区养老服务设施,\"114.30,34.79\"\n";
    assert_eq!(
        outcomes(&[("facility", sited), ("district", districts)], "near"),
        [Pass, Unknown]
    );
}

/// `present(self.f)` inside an aggregate asks about the checked record, and a
/// `define` used there reads the candidate's fields and `self.`: a street whose
/// county is blank is served by a center of that street name in any county; one
/// whose county is given, only by a center of that county.
#[test]
fn present_self_and_definitions_inside_an_aggregate() {
    let facilities = "name,kind,county,street\n\
        甲,street_center,龙亭区,城东街道\n\
        乙,street_center,龙亭区,城西街道\n";
    let regions = "name,level,parent\n\
        城东街道,street,\n\
        城西街道,street,鼓楼区\n\
        城西街道,street,龙亭区\n";
    let got = outcomes(
        &[("facility", facilities), ("region", regions)],
        "street-center-where-known",
    );
    assert_eq!(got, [Pass, Fail, Pass]);
    // Alone in a `where`, `present(self.f)` is still about the checked record: it
    // is not applied to the other records as they are read.
    let got = outcomes(
        &[("facility", facilities), ("region", regions)],
        "street-known-has-center",
    );
    assert_eq!(got, [Fail, Pass, Pass]);
}
