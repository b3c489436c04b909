use super::*;

#[test]
fn an_office_says_its_level_by_its_place() {
    let ix = shipped().expect("gazetteer").index();
    use OfficeLevel::*;
    for (unit, want) in [
        ("河南省民政厅", Some(Province)),
        ("省民政厅", Some(Province)),
        ("开封市民政局", Some(City)),
        ("开封市人民政府", Some(City)),
        ("兰考县民政局", Some(County)),
        ("禹州市民政局", Some(County)),
        ("开封市鼓楼区民政局", Some(County)),
        ("县民政局", Some(County)),
        ("兰考县东坝头镇人民政府", Some(Township)),
        ("东坝头镇民政所", Some(Township)),
        ("城关民政所", Some(Township)),
        ("北书店街道办事处", Some(Township)),
        ("龙亭区北书店街道办事处", Some(Township)),
        ("北书店 街道办事处", Some(Township)),
        // 市民政局 may be a prefecture's or a county-level city's
        ("市民政局", None),
        ("曹门办事处", None),
        ("民政局", None),
        ("祥府区民政局", None),
        ("鼓楼区卫健委", None),
        ("", None),
    ] {
        assert_eq!(ix.office_level(unit), want, "{unit}");
    }
}

#[test]
fn names_resolve_to_one_place() {
    let g = shipped().expect("rules/gazetteer.toml parses");
    let xf = g.resolve("祥符区").expect("祥符区");
    for name in [
        "开封市祥符区",
        "河南省开封市祥符区",
        "开封祥符区",
        " 开封市 祥符区 ",
    ] {
        assert_eq!(g.resolve(name), Ok(xf.clone()), "{name}");
    }
    let kf = g.resolve("开封市").expect("开封市");
    assert_eq!(g.resolve("开封"), Ok(kf.clone()));
    assert!(Gazetteer::contains(&kf, &xf));
    assert!(!Gazetteer::contains(&xf, &kf));
    assert!(Gazetteer::contains(&Place::Province, &xf));
    assert_eq!(g.full_name(&xf), "开封市祥符区");
    let hy = g.resolve("淮阳区").expect("淮阳区");
    assert!(!Gazetteer::contains(&kf, &hy));
    assert_eq!(g.resolve("河南省"), Ok(Place::Province));
    assert!(matches!(g.resolve("示范区"), Err(Unresolved::Ambiguous(v)) if v.len() == 2));
    assert_eq!(
        g.resolve("开封市示范区"),
        Ok(Place::County(1, "城乡一体化示范区".into()))
    );
    assert_eq!(g.find("祥符区"), Some(xf.clone()));
    assert_eq!(g.find("城东街道"), None);
    assert_eq!(g.find("示范区"), None);
    assert_eq!(
        g.resolve("祥府区"),
        Err(Unresolved::Unknown(vec!["祥符区".into()]))
    );
}

#[test]
fn the_index_knows_every_name_of_a_place() {
    let g = shipped().expect("rules/gazetteer.toml parses");
    let ix = g.index();
    let xf = ix.group("开封市祥符区").expect("a group");
    for name in [
        "祥符区",
        "开封市祥符区",
        "开封祥符区",
        "河南省开封市祥符区",
        " 开封市 祥符区",
    ] {
        assert_eq!(ix.named(name), Named::Place(xf), "{name}");
    }
    let kf = ix.group("开封市").expect("开封市");
    assert_eq!(ix.lookup("开封市"), Some(kf));
    assert_eq!(ix.lookup("开封"), Some(kf));
    assert_eq!(ix.lookup("河南省"), Some(0));
    assert!(ix.is_county(xf) && !ix.is_county(0) && !ix.is_county(kf));
    assert_eq!(ix.city(xf), Some(kf));
    assert_eq!(ix.city(kf), Some(kf));
    assert_eq!(ix.city(0), None);
    assert!(ix.contains(kf, xf) && ix.contains(0, xf) && ix.contains(xf, xf));
    let hy = ix.group("周口市淮阳区").expect("淮阳区");
    assert!(!ix.contains(kf, hy) && !ix.contains(xf, kf));
    // Streets, towns and communities are not places of the gazetteer.
    for other in ["城西街道", "白楼镇", "包公湖社区", "金明小区"] {
        assert_eq!(ix.named(other), Named::Other, "{other}");
    }
    // Written like a county, but none: a typo or another province's.
    for unknown in ["祥府区", "朝阳区", "开封市祥府区", "郑东新区"] {
        assert_eq!(ix.named(unknown), Named::Unknown, "{unknown}");
    }
    let Named::Shared(both) = ix.named("示范区") else {
        panic!("示范区 is two places")
    };
    assert_eq!(both.len(), 2);
    let pds = ix.group("平顶山市").expect("平顶山市");
    assert_eq!(
        ix.settle(both, Some(kf)),
        ix.group("开封市城乡一体化示范区")
    );
    assert_eq!(
        ix.settle(both, Some(pds)),
        ix.group("平顶山市城乡一体化示范区")
    );
    assert_eq!(ix.settle(both, None), None);
    assert_eq!(
        ix.named("开封市示范区"),
        Named::Place(ix.group("开封市城乡一体化示范区").unwrap_or(0))
    );
}

/// A functional area is one place under each name its city's documents give
/// it: 平顶山's 城乡一体化示范区 is its 示范区 and, in the task table, 新城区.
#[test]
fn a_functional_area_is_one_place_under_every_name() {
    let g = shipped().expect("rules/gazetteer.toml parses");
    let ix = g.index();
    let pds = ix.group("平顶山市城乡一体化示范区").expect("a group");
    for name in [
        "新城区",
        "平顶山市新城区",
        "平顶山市示范区",
        "平顶山新城区",
        "平顶山市城乡一体化示范区",
    ] {
        assert_eq!(ix.named(name), Named::Place(pds), "{name}");
    }
    let gx = ix.group("平顶山市高新技术产业开发区").expect("a group");
    for name in ["平顶山市高新区", "平顶山市高新技术产业开发区"] {
        assert_eq!(ix.named(name), Named::Place(gx), "{name}");
    }
    // Alone, a generic area's short name is no one city's, listed or not.
    let Named::Shared(one) = ix.named("高新区") else {
        panic!("高新区 alone is shared")
    };
    assert_eq!(ix.settle(one, ix.group("平顶山市")), Some(gx));
    assert_eq!(ix.settle(one, ix.group("开封市")), None);
    assert!(matches!(g.resolve("高新区"), Err(Unresolved::Ambiguous(_))));
    // Under a city that lists no such area, it is somewhere in that city.
    let ly = ix.group("洛阳市").expect("洛阳市");
    for name in [
        "洛阳市高新区",
        "洛阳高新区",
        "河南省洛阳市经开区",
        "郑州市航空港区",
    ] {
        assert!(
            matches!(ix.named(name), Named::Place(g) if ix.city(g) == Some(g)),
            "{name}"
        );
    }
    assert_eq!(ix.named("洛阳市高新区"), Named::Place(ly));
    assert_eq!(g.full_name(&g.resolve("洛阳市高新区").unwrap()), "洛阳市");
    let kf = ix.group("开封市城乡一体化示范区").expect("a group");
    assert_eq!(ix.named("开封市示范区"), Named::Place(kf));
    assert_eq!(
        g.full_name(&g.resolve("平顶山市新城区").unwrap()),
        "平顶山市城乡一体化示范区"
    );
    // One group per place: no short name is a place of its own.
    for short in [
        "平顶山市新城区",
        "平顶山市示范区",
        "平顶山市高新区",
        "开封市示范区",
    ] {
        assert_eq!(ix.group(short), None, "{short}");
    }
}

/// A county renamed since is the current place under its former name (listed,
/// as each city's `former`, from the renamings the gazetteer's header gives).
#[test]
fn a_former_name_is_the_place_now() {
    let g = shipped().expect("rules/gazetteer.toml parses");
    let ix = g.index();
    for (former, now) in [
        ("淮阳县", "周口市淮阳区"),
        ("周口市淮阳县", "周口市淮阳区"),
        ("开封县", "开封市祥符区"),
        ("开封市开封县", "开封市祥符区"),
        ("许昌县", "许昌市建安区"),
        ("陕县", "三门峡市陕州区"),
        ("长垣县", "新乡市长垣市"),
        ("偃师市", "洛阳市偃师区"),
        ("孟津县", "洛阳市孟津区"),
        ("吉利区", "洛阳市孟津区"),
    ] {
        assert_eq!(
            ix.named(former),
            Named::Place(ix.group(now).unwrap_or(0)),
            "{former}"
        );
        let place = g
            .resolve(former)
            .unwrap_or_else(|e| panic!("{former}: {e:?}"));
        assert_eq!(g.full_name(&place), now, "{former}");
    }
}

#[test]
fn a_county_resolves_under_the_spelling_documents_use() {
    let g = shipped().expect("rules/gazetteer.toml parses");
    let jia = Place::County(3, "郏县".into());
    for name in [
        "郟县",
        "平顶山市郟县",
        "平顶山郟县",
        "河南省平顶山市郟县",
        "郏县",
    ] {
        assert_eq!(g.resolve(name), Ok(jia.clone()), "{name}");
    }
    assert_eq!(g.full_name(&jia), "平顶山市郏县");
    let ix = g.index();
    let group = ix.group("平顶山市郏县").expect("郏县");
    for name in ["郟县", "平顶山市郟县", "河南省平顶山市郟县"] {
        assert_eq!(ix.named(name), Named::Place(group), "{name}");
    }
    assert_eq!(text_of(canonical(&ix, "郟县", None)), "平顶山市郏县");
    // An alias of no county of its city is a gazetteer error, not a silent no-op.
    let bad = "province = \"河南省\"\nplace_endings = []\nsmaller_endings = []\n[[city]]\nname = \"平顶山市\"\ncounties = [\"郏县\"]\ncounty_aliases = { \"郟县\" = \"叶县\" }\n";
    assert!(Gazetteer::parse(bad).is_err_and(|e| e.contains("叶县")));
}

fn text_of(v: crate::data::Value<'_>) -> String {
    match v {
        crate::data::Value::Text(t) => t.into_owned(),
        other => panic!("not text: {other:?}"),
    }
}

#[test]
fn a_smaller_unit_is_its_name_as_an_identity() {
    let g = shipped().expect("rules/gazetteer.toml parses");
    let ix = g.index();
    for (written, unit) in [
        ("北书店街道办事处", "北书店街道"),
        ("北书店办事处", "北书店街道"),
        ("龙亭区大兴街道", "大兴街道"),
        ("开封市龙亭区 大兴街道", "大兴街道"),
        ("双龙巷社区居委会", "双龙巷社区"),
        ("双龙巷居民委员会", "双龙巷社区"),
        ("王庄村村委会", "王庄村"),
        ("王庄村民委员会", "王庄村"),
        ("白楼镇人民政府", "白楼镇"),
        ("宝丰县城关镇", "城关镇"),
        // A leading name must be a place's: 开封路 is a road.
        ("开封路社区", "开封路社区"),
        ("城东街道", "城东街道"),
    ] {
        assert_eq!(unit_name(&ix, written).as_deref(), Ok(unit), "{written}");
    }
    for short in ["午朝门", "东关", "龙亭区东关"] {
        assert!(unit_name(&ix, short).is_err(), "{short}");
    }
    assert!(unit_changes(&ix, "北书店街道办事处"));
    assert!(!unit_changes(&ix, "北书店街道"));
}

#[test]
fn place_cells_are_stored_as_full_names() {
    use crate::data::{Problem, Value};
    let g = shipped().expect("rules/gazetteer.toml parses");
    let ix = g.index();
    let text = |v: Value<'_>| match v {
        Value::Text(t) => t.into_owned(),
        other => panic!("not text: {other:?}"),
    };
    let problem = |v: Value<'_>| match v {
        Value::Invalid(bad) => bad.problem,
        other => panic!("not invalid: {other:?}"),
    };
    for name in ["淮阳区", "周口市淮阳区", "周口淮阳区", " 周口市 淮阳区 "] {
        assert_eq!(text(canonical(&ix, name, None)), "周口市淮阳区", "{name}");
    }
    assert_eq!(text(canonical(&ix, "开封", None)), "开封市");
    assert_eq!(text(canonical(&ix, "城东 街道", None)), "城东街道");
    assert_eq!(text(canonical(&ix, "包公湖社区", None)), "包公湖社区");
    assert_eq!(
        problem(canonical(&ix, "祥府区", None)),
        Problem::UnknownPlace
    );
    assert_eq!(
        problem(canonical(&ix, "示范区", None)),
        Problem::AmbiguousPlace
    );
    let kf = ix.group("开封市");
    assert_eq!(text(canonical(&ix, "示范区", kf)), "开封市城乡一体化示范区");
}

/// The quick suffix test says what `str::ends_with` says, for names of one
/// character to several, suffixes that share a last byte with another, and
/// the empty suffix.
#[test]
fn the_quick_suffix_test_is_ends_with() {
    let names = [
        "",
        "区",
        "龙亭区",
        "大兴街道",
        "双龙巷社区居委会",
        "张村",
        "a区",
        "区a",
    ];
    let suffixes = [
        "",
        "区",
        "街道",
        "社区居委会",
        "村",
        "a",
        "市",
        "居委会",
        "道",
    ];
    for n in names {
        for s in suffixes {
            assert_eq!(index::ends_with(n, s), n.ends_with(s), "{n:?} {s:?}");
        }
    }
}
