//! The cell reader's tests: numbers, units, 万, counts, ratios, dates, booleans
//! and enums as people write them, and the spellings refused.

use super::*;

fn area(unit: Option<&str>) -> FieldType {
    FieldType::Quantity {
        dim: Dim::AREA,
        unit: unit.and_then(units::lookup),
        count: false,
        reported: false,
    }
}
const COUNT: FieldType = FieldType::Quantity {
    dim: Dim::NUMBER,
    unit: None,
    count: true,
    reported: false,
};
fn q(n: i128, d: i128) -> Value<'static> {
    Value::Num(Q::new(n, d).unwrap_or(Q::ZERO).into())
}
fn problem(v: Value) -> Problem {
    match v {
        Value::Invalid(i) => i.problem,
        other => panic!("not invalid: {other:?}"),
    }
}

#[test]
fn numbers_and_units() {
    let a = area(None);
    assert_eq!(parse_cell("2000", &a), q(2000, 1));
    assert_eq!(parse_cell(" 1.5 亩 ", &a), q(1000, 1));
    assert_eq!(parse_cell("55.8亩", &a), q(37200, 1));
    assert_eq!(parse_cell("3000 M2", &a), q(3000, 1));
    assert_eq!(parse_cell("２０００", &a), q(2000, 1));
    assert_eq!(parse_cell("２０００．５平方米", &a), q(4001, 2));
    assert_eq!(parse_cell("1,234.5", &a), q(2469, 2));
    assert_eq!(parse_cell("1,234,567", &a), q(1_234_567, 1));
    assert_eq!(parse_cell("1e3", &a), q(1000, 1));
    assert_eq!(parse_cell("", &a), Value::Missing);
    assert_eq!(parse_cell("  ", &a), Value::Missing);
    // a field read in 亩 by default
    assert_eq!(parse_cell("1.5", &area(Some("亩"))), q(1000, 1));
    assert_eq!(parse_cell("1000 m2", &area(Some("亩"))), q(1000, 1));
}

#[test]
fn wan_multiplies_exactly_and_units_may_be_parenthesised() {
    let a = area(None);
    assert_eq!(parse_cell("25.6万", &COUNT), q(256_000, 1));
    assert_eq!(parse_cell("25.6万人", &COUNT), q(256_000, 1));
    assert_eq!(parse_cell("0.025万平方米", &a), q(250, 1));
    assert_eq!(parse_cell("0.025 万 平方米", &a), q(250, 1));
    assert_eq!(parse_cell("0.0001万平方米", &a), q(1, 1));
    assert_eq!(parse_cell("0.2万", &a), q(2000, 1));
    // Just below and at the 2000 m² / 3 亩 boundary, exactly.
    assert_eq!(parse_cell("0.19999万", &a), q(19_999, 10));
    assert_eq!(parse_cell("0.0003万亩", &a), q(2000, 1));
    assert_eq!(parse_cell("250（平方米）", &a), q(250, 1));
    assert_eq!(parse_cell("250(平方米)", &a), q(250, 1));
    assert_eq!(parse_cell("250 （ m² ）", &a), q(250, 1));
    assert_eq!(parse_cell("0.025万（平方米）", &a), q(250, 1));
    assert_eq!(parse_cell("120（张）", &COUNT), q(120, 1));
    // 万元 is a unit of its own, not 万 × 元.
    let money = FieldType::Quantity {
        dim: Dim::MONEY,
        unit: None,
        count: false,
        reported: false,
    };
    assert_eq!(parse_cell("3.5万元", &money), q(35_000, 1));
    assert_eq!(parse_cell("1.5万万元", &money), q(150_000_000, 1));
    // 亿 reads exactly like 万: 亿元 is a unit, 亿 before a unit multiplies.
    for t in [
        "15亿元",
        "15亿",
        "15 亿元",
        "15 亿 元",
        "１５亿元",
        "15亿（元）",
    ] {
        assert_eq!(parse_cell(t, &money), q(1_500_000_000, 1), "{t}");
    }
    assert_eq!(parse_cell("0.00000001亿元", &money), q(1, 1));
    assert_eq!(parse_cell("12.3456789亿元", &money), q(1_234_567_890, 1));
    assert_eq!(parse_cell("0.3亿", &COUNT), q(30_000_000, 1));
    assert_eq!(parse_cell("0.000002亿平方米", &a), q(200, 1));
    assert_eq!(
        problem(parse_cell("0.000000001亿", &COUNT)),
        Problem::NotWhole
    );
    assert_eq!(
        problem(parse_cell("3亿km", &a)),
        Problem::WrongUnit {
            unit: "亿km".into()
        }
    );
    // A fraction of a thing is still not a count.
    assert_eq!(problem(parse_cell("0.00001万", &COUNT)), Problem::NotWhole);
    assert_eq!(
        problem(parse_cell("3万万", &a)),
        Problem::UnknownUnit {
            unit: "万万".into()
        }
    );
    assert_eq!(
        problem(parse_cell("3万km", &a)),
        Problem::WrongUnit {
            unit: "万km".into()
        }
    );
    assert_eq!(
        problem(parse_cell("250（平方米", &a)),
        Problem::UnknownUnit {
            unit: "（平方米".into()
        }
    );
    assert_eq!(problem(parse_cell("-0.1万", &a)), Problem::Negative);
    // A reported figure keeps the precision it was written at, in 万.
    let reported = FieldType::Quantity {
        dim: Dim::NUMBER,
        unit: None,
        count: false,
        reported: true,
    };
    match parse_cell("25.6万", &reported) {
        Value::Reported(r) => {
            assert_eq!(r.value, Q::int(256_000));
            assert_eq!(r.half, Q::int(500));
        }
        other => panic!("not reported: {other:?}"),
    }
}

#[test]
fn bad_numbers() {
    let a = area(None);
    for bad in [
        "12,5",
        "abc",
        "NaN",
        "inf",
        "1e309",
        "1.2.3",
        "2000-3000",
        "1,23",
        "12,345,6",
        "约2000",
    ] {
        assert_eq!(problem(parse_cell(bad, &a)), Problem::NotANumber, "{bad}");
    }
    assert_eq!(problem(parse_cell("-3", &a)), Problem::Negative);
    assert_eq!(problem(parse_cell("－3", &a)), Problem::Negative);
    assert_eq!(
        problem(parse_cell("3 km", &a)),
        Problem::WrongUnit { unit: "km".into() }
    );
    assert_eq!(
        problem(parse_cell("3 furlong", &a)),
        Problem::UnknownUnit {
            unit: "furlong".into()
        }
    );
    assert_eq!(
        problem(parse_cell("3张", &a)),
        Problem::UnknownUnit { unit: "张".into() }
    );
    let bare: Result<_, &Problem> = Err(&Problem::UnknownUnit {
        unit: "万平方米".into(),
    });
    assert_eq!(
        problem(parse_quantity("3", Dim::AREA, bare)),
        Problem::UnknownUnit {
            unit: "万平方米".into()
        }
    );
    assert_eq!(parse_quantity("3 公顷", Dim::AREA, bare), q(30_000, 1));
}

#[test]
fn counts_and_ratios() {
    assert_eq!(parse_cell("120张", &COUNT), q(120, 1));
    assert_eq!(parse_cell("3 所", &COUNT), q(3, 1));
    let ratio = FieldType::Quantity {
        dim: Dim::NUMBER,
        unit: units::lookup("%"),
        count: false,
        reported: false,
    };
    assert_eq!(parse_cell("55", &ratio), q(11, 20));
    assert_eq!(parse_cell("55%", &ratio), q(11, 20));
    // A count is a whole number of things: no fractions, no percentages.
    assert_eq!(problem(parse_cell("60.5", &COUNT)), Problem::NotWhole);
    assert_eq!(parse_cell("60.0", &COUNT), q(60, 1));
    assert_eq!(
        problem(parse_cell("100%", &COUNT)),
        Problem::WrongUnit { unit: "%".into() }
    );
    assert_eq!(
        problem(parse_cell("55％", &COUNT)),
        Problem::WrongUnit { unit: "％".into() }
    );
    assert_eq!(parse_cell("12.73%", &ratio), q(1273, 10_000));
    assert_eq!(
        problem(parse_cell("3 m2", &COUNT)),
        Problem::WrongUnit { unit: "m2".into() }
    );
}

#[test]
fn other_types() {
    assert_eq!(parse_cell("是", &FieldType::Bool), Value::Bool(true));
    assert_eq!(parse_cell("TRUE", &FieldType::Bool), Value::Bool(true));
    assert_eq!(parse_cell("×", &FieldType::Bool), Value::Bool(false));
    assert_eq!(parse_cell("N", &FieldType::Bool), Value::Bool(false));
    assert_eq!(
        problem(parse_cell("maybe", &FieldType::Bool)),
        Problem::BadBool
    );
    let d = |y, m, d| Value::Date(jiff::civil::date(y, m, d));
    for s in [
        "2022-12-31",
        "2022/12/31",
        "2022.12.31",
        "2022年12月31日",
        "2022/12/31 0:00",
    ] {
        assert_eq!(parse_cell(s, &FieldType::Date), d(2022, 12, 31), "{s}");
    }
    assert_eq!(parse_cell("2023年1月5日", &FieldType::Date), d(2023, 1, 5));
    for bad in [
        "2022-13-40",
        "2022-02-30",
        "31/12/2022",
        "20221231",
        "2022-12",
    ] {
        assert_eq!(
            problem(parse_cell(bad, &FieldType::Date)),
            Problem::BadDate,
            "{bad}"
        );
    }
    let list = parse_cell("助餐、助浴; 日间照料，, 康复 ", &FieldType::List);
    // Separators with nothing between them are a blank cell, not an empty list.
    assert_eq!(parse_cell("、", &FieldType::List), Value::Missing);
    assert_eq!(parse_cell(" ;， ", &FieldType::List), Value::Missing);
    let Value::List(cell) = list else {
        panic!("{list:?}")
    };
    let items: Vec<&str> = crate::data::list_items(&cell).collect();
    assert_eq!(items, ["助餐", "助浴", "日间照料", "康复"]);
    let kind = FieldType::labelled(&[
        ("street_center", "街道综合养老服务中心"),
        ("community_center", "社区养老服务设施"),
    ]);
    assert_eq!(parse_cell(" 社区养老服务设施 ", &kind), Value::Enum(1));
    assert_eq!(parse_cell("street_center", &kind), Value::Enum(0));
    assert_eq!(problem(parse_cell("养老院", &kind)), Problem::UnknownEnum);
    let home = FieldType::labelled(&[("rural_home", "农村幸福院（日间照料中心）")]);
    for written in [
        "农村幸福院(日间照料中心)",
        "农村幸福院（日间照料中心)",
        "农村幸福院 （日间照料中心）",
    ] {
        assert_eq!(parse_cell(written, &home), Value::Enum(0), "{written}");
    }
    assert_eq!(
        problem(parse_cell("农村幸福院", &home)),
        Problem::UnknownEnum
    );
    // Only spacing and parentheses are loose: 区级 for 县级 is a label of its own
    // in the rules, never a rewrite.
    let county = FieldType::labelled(&[("county_support", "县级供养服务设施（敬老院）")]);
    assert_eq!(
        parse_cell("县级供养服务设施(敬老院)", &county),
        Value::Enum(0)
    );
    assert_eq!(
        problem(parse_cell("区级供养服务设施（敬老院）", &county)),
        Problem::UnknownEnum
    );
    assert_eq!(
        parse_cell(" 城东 ", &FieldType::Text),
        Value::Text("城东".into())
    );
}

#[test]
fn trimmed_takes_blanks_off_both_ends_only() {
    use super::trimmed;
    assert_eq!(trimmed("养老服务中心"), "养老服务中心");
    assert_eq!(trimmed("\u{3000}养老服务中心\u{3000}"), "养老服务中心");
    assert_eq!(trimmed("\u{a0}12 "), "12");
    assert_eq!(trimmed(" 东 区\t"), "东 区");
    assert_eq!(trimmed("东 区"), "东 区");
    assert_eq!(trimmed(""), "");
    assert_eq!(trimmed("\u{3000}"), "");
}
