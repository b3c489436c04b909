//! Every facility kind, region level and place the five documents write is read as
//! they mean it. Each term is first found verbatim in the documents (kept beside the
//! repository, `../shared/seeds`; the test skips without them unless
//! `YLCHECK_SHARED_TEST=require`), then read through the shipped entities.

use crate::common;

use ylcheck::data::Value;
use ylcheck::data::cell::parse_cell;
use ylcheck::i18n::Lang;

const SEEDS: [&str; 5] = [
    "seeds/000_a7a975cb229a2f9f.txt",
    "seeds/001_d0a2eb3618a85ce2.txt",
    "seeds/002_9c323ecf831d2e29.txt",
    "seeds/003_b36ad1fca9dd8cf4.txt",
    "seeds/004_6ac02c7535d16ea5.txt",
];

/// (as a document writes it, the kind it names).
const KINDS: &[(&str, &str)] = &[
    ("街道综合养老服务中心", "street_center"),
    ("街道综合养老中心", "street_center"),
    ("街道综合养老服务设施", "street_center"),
    ("社区综合养老服务设施", "community_center"),
    ("社区养老服务设施", "community_center"),
    ("社区老年人日间照料中心", "community_center"),
    ("社区日间照料中心", "community_center"),
    ("社区养老服务中心", "community_center"),
    ("县级特困供养机构", "county_support"),
    ("县级特困供养服务机构", "county_support"),
    ("县级供养服务机构", "county_support"),
    ("区级供养服务机构", "county_support"),
    ("区级特困人员供养服务机构", "county_support"),
    ("区级特困人员供养服务设施", "county_support"),
    ("区级供养服务设施（敬老院）", "county_support"),
    ("区级供养服务机构(敬老院)", "county_support"),
    ("乡镇特困供养服务设施（敬老院）", "township_home"),
    ("乡镇敬老院", "township_home"),
    ("敬老院", "township_home"),
    ("农村幸福院（日间照料中心）", "rural_home"),
    ("农村幸福院（居村联养点）", "rural_home"),
    ("村级幸福院", "rural_home"),
    ("农村幸福院", "rural_home"),
    ("幸福院", "rural_home"),
    ("养老机构", "institution"),
    // 淮阳: every community has one 养老服务场所, which may be any kind.
    ("养老服务场所", "care_place"),
    // 淮阳 附件1's row heads, with the word their things are counted in.
    ("街道综合养老服务设施(所)", "street_center"),
    ("社区综合养老服务设施(所)", "community_center"),
    // 养老机构 by who runs them.
    ("民办养老机构", "institution"),
    ("公办养老机构", "institution"),
    ("非营利性养老机构", "institution"),
    ("互助式养老幸福院", "rural_home"),
    // A township's 敬老院 transformed (淮阳, 许昌).
    ("区域养老服务中心", "township_home"),
    ("区域性养老服务中心", "township_home"),
    ("农村区域性养老服务中心", "township_home"),
    // No level: the county's or a township's.
    ("特困人员供养服务机构", "support_home"),
];

/// Kinds the bureaus' forms write that the five documents do not.
const FORM_KINDS: &[(&str, &str)] = &[
    ("农村敬老院", "township_home"),
    ("街道综合养老服务设施（所）", "street_center"),
    ("社区综合养老服务设施（所）", "community_center"),
    ("乡镇敬老院(所)", "township_home"),
];

/// (a region level as a document writes it, the level it names).
const LEVELS: &[(&str, &str)] = &[
    ("县（市、区）", "county"),
    ("县(市、区)", "county"),
    ("县（区）", "county"),
    ("县区", "county"),
    ("省辖市", "city"),
    ("乡镇", "township"),
    ("街道", "street"),
    ("社区", "community"),
];

/// Levels the forms write that the five documents do not (a county-level city).
const FORM_LEVELS: &[(&str, &str)] =
    &[("县级市", "county"), ("县级", "county"), ("地级市", "city")];

/// (a place as a document writes it, the city whose document writes it, the place).
const PLACES: &[(&str, &str, &str)] = &[
    // 平顶山's task table (附件1) writes its 城乡一体化示范区 as 新城区.
    ("新城区", "平顶山市", "平顶山市城乡一体化示范区"),
    ("示范区", "平顶山市", "平顶山市城乡一体化示范区"),
    ("城乡一体化示范区", "平顶山市", "平顶山市城乡一体化示范区"),
    ("高新区", "平顶山市", "平顶山市高新技术产业开发区"),
    ("示范区", "开封市", "开封市城乡一体化示范区"),
    ("郟县", "平顶山市", "平顶山市郏县"),
];

/// Terms the documents use that name no single kind: never read as one.
const GENERIC: &[&str] = &["养老服务设施", "日间照料中心", "养老服务机构"];

fn documents() -> Option<String> {
    let mut all = String::new();
    for s in SEEDS {
        all.push_str(&common::shared_file(s)?);
    }
    // The documents break lines inside terms (区级供养\n服务设施（敬老院）).
    Some(all.split_whitespace().collect())
}

fn field(entity: &str, name: &str) -> ylcheck::schema::FieldType {
    let set = ylcheck::rules::shipped(Lang::En).expect("the shipped rules compile");
    let e = set.schema.entity(entity).expect("entity");
    let ent = &set.schema.entities[e];
    ent.fields[ent.field(name).expect("field")].ty.clone()
}

#[test]
fn every_kind_the_documents_write_is_understood() {
    let Some(docs) = documents() else { return };
    let kind = field("facility", "kind");
    for &(term, want) in KINDS {
        assert!(docs.contains(term), "{term} is not in the documents");
        let expected = kind.variant(want).map(Value::Enum);
        assert_eq!(Some(parse_cell(term, &kind)), expected, "{term}");
    }
    for &(term, want) in FORM_KINDS {
        let expected = kind.variant(want).map(Value::Enum);
        assert_eq!(Some(parse_cell(term, &kind)), expected, "{term}");
    }
    // A word in parentheses that is no counting word is part of no label.
    assert!(matches!(
        parse_cell("街道综合养老服务设施(试点)", &kind),
        Value::Invalid(_)
    ));
    for &term in GENERIC {
        assert!(docs.contains(term), "{term} is not in the documents");
        assert!(
            matches!(parse_cell(term, &kind), Value::Invalid(_)),
            "{term} names no one kind"
        );
    }
}

#[test]
fn every_level_the_documents_write_is_understood() {
    let Some(docs) = documents() else { return };
    let level = field("region", "level");
    for &(term, want) in LEVELS {
        assert!(docs.contains(term), "{term} is not in the documents");
        let expected = level.variant(want).map(Value::Enum);
        assert_eq!(Some(parse_cell(term, &level)), expected, "{term}");
    }
    for &(term, want) in FORM_LEVELS {
        let expected = level.variant(want).map(Value::Enum);
        assert_eq!(Some(parse_cell(term, &level)), expected, "{term}");
    }
}

#[test]
fn the_documents_functional_areas_resolve() {
    let Some(docs) = documents() else { return };
    let gaz = ylcheck::region::Gazetteer::parse(
        &std::fs::read_to_string(common::root().join("rules/gazetteer.toml")).unwrap(),
    )
    .unwrap();
    let ix = gaz.index();
    for &(term, city, want) in PLACES {
        assert!(docs.contains(term), "{term} is not in the documents");
        let city = ix.group(city);
        let got = match ylcheck::region::canonical(&ix, term, city) {
            Value::Text(t) => t.into_owned(),
            other => panic!("{term}: {other:?}"),
        };
        assert_eq!(got, want, "{term}");
    }
}

#[test]
fn the_documents_places_resolve() {
    let Some(docs) = documents() else { return };
    let gaz = ylcheck::region::Gazetteer::parse(
        &std::fs::read_to_string(common::root().join("rules/gazetteer.toml")).unwrap(),
    )
    .unwrap();
    // 平顶山's document writes 郏县 in the traditional form.
    assert!(docs.contains("郟县"), "郟县 is not in the documents");
    let place = gaz
        .resolve("郟县")
        .unwrap_or_else(|e| panic!("郟县: {e:?}"));
    assert_eq!(gaz.full_name(&place), "平顶山市郏县");
}

/// A 特困人员供养服务机构 that does not say its level may be the district's support
/// institution or a township's home: the district's check is unknown, not failed.
#[test]
fn a_support_institution_of_no_level_may_be_the_countys() {
    let o = common::ylcheck(
        &[
            "--lang",
            "en",
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-01-01",
            "--select",
            "huaiyang-2022-2/district-has-support-institution",
            "tests/vocabulary/support-home.csv",
            "tests/vocabulary/huaiyang.csv",
        ],
        None,
    );
    let doc: serde_json::Value = serde_json::from_str(&o.stdout).expect("json");
    assert_eq!(doc["summary"]["unknown"], 1, "{doc}");
    assert_eq!(doc["summary"]["failed"], 0, "{doc}");
}
