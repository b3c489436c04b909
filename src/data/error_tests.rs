//! Every error of the data stage, drafted in both languages.

use super::*;

/// Which variant an error is: a `match` with no wildcard, so a new variant does
/// not compile until it has a number here (and so an example below).
fn index(e: &DataError) -> usize {
    match e {
        DataError::TooLarge { .. } => 0,
        DataError::TreeTooLarge { .. } => 1,
        DataError::Empty { .. } => 2,
        DataError::NotText { .. } => 3,
        DataError::Nul { .. } => 4,
        DataError::Unreadable { .. } => 5,
        DataError::StreamTooLarge { .. } => 6,
        DataError::RecordTooLarge { .. } => 7,
        DataError::ChunkNotText { .. } => 8,
        DataError::ChunkNul { .. } => 9,
        DataError::NoHeader { .. } => 10,
        DataError::TooManyColumns { .. } => 11,
        DataError::NoEntityNumber { .. } => 12,
        DataError::NoColumns { .. } => 13,
        DataError::Ragged { .. } => 14,
        DataError::CellTooLarge { .. } => 15,
        DataError::Quote { .. } => 16,
        DataError::Unrecognised { .. } => 17,
        DataError::DuplicateColumn { .. } => 18,
        DataError::UnknownField { .. } => 19,
        DataError::HeaderUnit { .. } => 20,
        DataError::Nesting { .. } => 21,
        DataError::UnknownTable { .. } => 22,
        DataError::ItemNotTable { .. } => 23,
        DataError::NotTables { .. } => 24,
        DataError::NoTables { .. } => 25,
        DataError::UnknownPlanKey { .. } => 26,
        DataError::RegionNotName { .. } => 27,
        DataError::DuplicateKey { .. } => 28,
        DataError::ValueTooLarge { .. } => 29,
        DataError::ValueShape { .. } => 30,
        DataError::Toml { .. } => 31,
        DataError::TomlFullWidth { .. } => 32,
        DataError::NoGeometryField { .. } => 33,
        DataError::Map { .. } => 34,
        DataError::UnknownFeatureEntity { .. } => 35,
        DataError::NoFeatureEntity { .. } => 36,
        DataError::TotalRow { .. } => 37,
        DataError::Invariant { .. } => 38,
        DataError::UnknownValue { .. } => 39,
        DataError::FractionOrPercent { .. } => 40,
        DataError::Corrupt { .. } => 41,
        DataError::NotWorkbook { .. } => 42,
        DataError::SheetTooLarge { .. } => 43,
        DataError::PartTooLarge { .. } => 44,
        DataError::SharedStrings { .. } => 45,
        DataError::RowBeyondExcel { .. } => 46,
        DataError::ColumnsBeyond { .. } => 47,
        DataError::VeryHiddenSheet { .. } => 48,
        DataError::HiddenSheet { .. } => 49,
        DataError::SheetUnrecognised { .. } => 50,
        DataError::EmptyWorkbook { .. } => 51,
        DataError::StaleFormula { .. } => 52,
        DataError::Outside { .. } => 53,
        DataError::Undecodable { .. } => 54,
        DataError::TooManyRows { .. } => 55,
        DataError::RecordQuote { .. } => 56,
        DataError::LineTooWide { .. } => 57,
    }
}

const VARIANTS: usize = 58;

fn examples() -> Vec<DataError> {
    let at = || Excerpt {
        path: "a.csv".into(),
        text: Arc::from("名称,类型\n城东,养老院\n"),
        first_line: 1,
        span: (3, 2),
    };
    let path = || "a.csv".to_string();
    let named = || Named {
        name: "facility".into(),
        label: Some("养老服务设施".into()),
    };
    let plain = || Named {
        name: "beds".into(),
        label: None,
    };
    let s = || "x".to_string();
    vec![
        DataError::TooLarge {
            path: path(),
            bytes: 2,
        },
        DataError::TreeTooLarge {
            path: path(),
            bytes: 2,
        },
        DataError::Empty { path: path() },
        DataError::NotText {
            path: path(),
            line: 2,
            offset: 7,
            excerpt: Some(at()),
        },
        DataError::NotText {
            path: path(),
            line: 2,
            offset: 7,
            excerpt: None,
        },
        DataError::Nul { at: at() },
        DataError::Unreadable {
            path: path(),
            reason: "denied".into(),
        },
        DataError::StreamTooLarge { path: path() },
        DataError::RecordTooLarge {
            path: path(),
            line: 3,
        },
        DataError::ChunkNotText { line: 3, at: at() },
        DataError::ChunkNul {
            path: path(),
            line: 3,
        },
        DataError::NoHeader { at: at() },
        DataError::TooManyColumns {
            at: at(),
            max: 10_000,
        },
        DataError::NoEntityNumber { number: 9 },
        DataError::NoColumns {
            at: at(),
            entity: named(),
        },
        DataError::Ragged {
            at: at(),
            cells: 3,
            width: 2,
        },
        DataError::CellTooLarge { at: at() },
        DataError::Quote { at: at() },
        DataError::Unrecognised {
            at: at(),
            entities: vec![named(), plain()],
        },
        DataError::DuplicateColumn {
            at: at(),
            first: s(),
            second: s(),
            field: named(),
        },
        DataError::UnknownField {
            at: at(),
            key: false,
            name: s(),
            entity: named(),
            guess_zh: None,
            guess_en: None,
        },
        DataError::UnknownField {
            at: at(),
            key: true,
            name: s(),
            entity: named(),
            guess_zh: Some(s()),
            guess_en: Some(s()),
        },
        DataError::HeaderUnit {
            at: at(),
            header: s(),
            unit: "km".into(),
        },
        DataError::Nesting { at: at(), max: 64 },
        DataError::UnknownTable {
            at: at(),
            name: s(),
            guess_zh: Some(s()),
            guess_en: Some(s()),
        },
        DataError::ItemNotTable {
            at: at(),
            name: s(),
        },
        DataError::NotTables {
            at: at(),
            name: s(),
        },
        DataError::NoTables {
            at: at(),
            entities: vec![named()],
            related: vec![DataError::RegionNotName { at: at() }],
        },
        DataError::UnknownPlanKey {
            at: at(),
            name: s(),
            guess: None,
            known: vec!["region"],
        },
        DataError::UnknownPlanKey {
            at: at(),
            name: s(),
            guess: Some(s()),
            known: vec!["region"],
        },
        DataError::RegionNotName { at: at() },
        DataError::DuplicateKey {
            at: at(),
            field: named(),
            first_line: 2,
        },
        DataError::ValueTooLarge { at: at() },
        DataError::ValueShape {
            at: at(),
            field: s(),
        },
        DataError::Toml {
            at: at(),
            line: 2,
            zh: "缺少等号".into(),
            en: "missing `=`".into(),
        },
        DataError::TomlFullWidth {
            at: at(),
            line: 2,
            zh: "缺少等号".into(),
            en: "missing `=`".into(),
            ch: '＝',
            ascii: "=",
            fixed: "a = 1".into(),
        },
        DataError::NoGeometryField {
            at: at(),
            entity: named(),
        },
        DataError::Map {
            at: at(),
            code: "ylcheck::geojson::shape",
            zh: "不是要素集合".into(),
            en: "not a FeatureCollection".into(),
        },
        DataError::UnknownFeatureEntity {
            at: at(),
            index: 0,
            name: s(),
            entities: vec![named()],
        },
        DataError::NoFeatureEntity {
            at: at(),
            index: 0,
            entities: vec![named()],
        },
        DataError::TotalRow {
            at: at(),
            text: "合计".into(),
            more: 2,
        },
        DataError::Invariant {
            at: at(),
            line: 2,
            zh: "护理床位多于床位".into(),
            en: "more nursing beds than beds".into(),
            rule_zh: "护理床位 <= 床位".into(),
            rule_en: "nursing_beds <= beds".into(),
            bound: false,
        },
        DataError::UnknownValue {
            at: at(),
            text: s(),
            field: named(),
            guess: Some((s(), s())),
            allowed: vec![("a".into(), vec!["甲".into()])],
            tally: Tally::More(2),
        },
        DataError::FractionOrPercent {
            at: at(),
            field: named(),
            header: Some("签约率（%）".into()),
            percent: Some("签约率".into()),
            example: "0.6".into(),
            percent_example: "60%".into(),
            tally: Tally::Column(3),
        },
        DataError::FractionOrPercent {
            at: at(),
            field: named(),
            header: None,
            percent: None,
            example: "0.6".into(),
            percent_example: "60%".into(),
            tally: Tally::InAll(3),
        },
        DataError::FractionOrPercent {
            at: at(),
            field: plain(),
            header: Some("签约率".into()),
            percent: None,
            example: "0.6".into(),
            percent_example: "60%".into(),
            tally: Tally::Overflow(30, 20),
        },
        DataError::Corrupt {
            path: path(),
            reason: None,
        },
        DataError::Corrupt {
            path: path(),
            reason: Some("bad zip".into()),
        },
        DataError::NotWorkbook {
            path: path(),
            kind: Misnamed::Xls,
        },
        DataError::NotWorkbook {
            path: path(),
            kind: Misnamed::Text,
        },
        DataError::NotWorkbook {
            path: path(),
            kind: Misnamed::Unknown,
        },
        DataError::SheetTooLarge { path: path() },
        DataError::PartTooLarge {
            path: path(),
            part: s(),
            excess: Excess::Declared(1 << 31),
        },
        DataError::PartTooLarge {
            path: path(),
            part: s(),
            excess: Excess::Inflated,
        },
        DataError::PartTooLarge {
            path: path(),
            part: s(),
            excess: Excess::Run(9),
        },
        DataError::SharedStrings {
            path: path(),
            part: s(),
            count: 1 << 40,
        },
        DataError::RowBeyondExcel {
            path: path(),
            row: 1 << 21,
            max: 1 << 20,
        },
        DataError::ColumnsBeyond {
            path: path(),
            row: 2,
            max: 10_000,
        },
        DataError::VeryHiddenSheet {
            path: path(),
            sheet: s(),
        },
        DataError::HiddenSheet {
            path: path(),
            sheet: s(),
        },
        DataError::SheetUnrecognised {
            at: at(),
            skipped: true,
            entities: vec![named()],
        },
        DataError::SheetUnrecognised {
            at: at(),
            skipped: false,
            entities: vec![named()],
        },
        DataError::EmptyWorkbook { path: path() },
        DataError::StaleFormula {
            at: at(),
            sheet: s(),
            count: 2,
            cell: Some("B3".into()),
        },
        DataError::Outside {
            path: path(),
            row: 1 << 20,
            col: 3,
        },
        DataError::Undecodable { path: path() },
        DataError::TooManyRows {
            path: path(),
            line: 1 << 21,
            max: 1 << 20,
        },
        DataError::RecordQuote {
            path: path(),
            line: 2,
            byte: 9,
        },
        DataError::LineTooWide {
            path: path(),
            line: 2,
            max: 10_000,
        },
    ]
}

/// Every error of the data stage has an example; each reads differently in
/// Chinese and English, says something in both, and carries a code that
/// docs/errors.md explains.
#[test]
fn every_error_renders_in_both_languages_with_a_listed_code() {
    let mut seen = [false; VARIANTS];
    for e in &examples() {
        seen[index(e)] = true;
        let d = e.draft();
        assert_eq!(d.code, e.code());
        crate::diag::assert_bilingual(&d, e);
        let (zh, en) = (shown(e, true), shown(e, false));
        assert!(!zh.message.is_empty() && !en.message.is_empty(), "{e:?}");
        assert_ne!(zh.message, en.message, "{e:?}");
        assert_eq!((zh.code.as_ref(), en.code.as_ref()), (d.code, d.code));
    }
    let missing: Vec<usize> = (0..VARIANTS).filter(|&i| !seen[i]).collect();
    assert!(
        missing.is_empty(),
        "variants without an example: {missing:?}"
    );
}

/// A warning noted once says how many cells it stands for, in both languages.
#[test]
fn a_tally_adds_to_the_message() {
    let e = examples()
        .into_iter()
        .find(|e| matches!(e, DataError::UnknownValue { .. }))
        .map(|e| e.tallied(Tally::More(4)));
    let d = e.as_ref().map(DataError::draft);
    let m = d.map(|d| d.message);
    assert!(
        m.as_ref()
            .is_some_and(|m| m.zh.contains("另有 4 个") && m.en.contains("4 more")),
        "{m:?}"
    );
}
