use super::*;
use std::sync::Arc;

/// Which variant an error is: a `match` with no wildcard, so a new variant
/// does not compile until it has a number here (and so an example below).
fn index(e: &LangError) -> usize {
    match e {
        LangError::FileTooLarge { .. } => 0,
        LangError::TwoPacks { .. } => 1,
        LangError::NoPack { .. } => 2,
        LangError::DuplicatePack { .. } => 3,
        LangError::DuplicateRule { .. } => 4,
        LangError::UnknownRule { .. } => 5,
        LangError::AsOfNotDate { .. } => 6,
        LangError::TestWrongEntity { .. } => 7,
        LangError::Unterminated { .. } => 8,
        LangError::UnexpectedChar { .. } => 9,
        LangError::Expected { .. } => 10,
        LangError::TooDeep { .. } => 11,
        LangError::NoFor { .. } => 12,
        LangError::NoRequire { .. } => 13,
        LangError::UnknownEntity { .. } => 14,
        LangError::UnknownSeverity { .. } => 15,
        LangError::NoTitle { .. } => 16,
        LangError::NoCite { .. } => 17,
        LangError::RuleTooLarge { .. } => 18,
        LangError::RuleTooDeep { .. } => 19,
        LangError::TemplateField { .. } => 20,
        LangError::LetTaken { .. } => 21,
        LangError::NotCondition { .. } => 22,
        LangError::InvalidRegex { .. } => 23,
        LangError::RegexTooLarge { .. } => 24,
        LangError::UnknownName { .. } => 25,
        LangError::BadDate { .. } => 26,
        LangError::AgreesKinds { .. } => 27,
        LangError::MatchesNotText { .. } => 28,
        LangError::PatternNotText { .. } => 29,
        LangError::SpatialArity { .. } => 30,
        LangError::SpatialNotGeometry { .. } => 31,
        LangError::CannotNegate { .. } => 32,
        LangError::ContainsNotList { .. } => 33,
        LangError::ListItemNotText { .. } => 34,
        LangError::ListOutOfPlace { .. } => 35,
        LangError::NumberTooLong { .. } => 36,
        LangError::UnknownUnit { .. } => 37,
        LangError::NumberTooLarge { .. } => 38,
        LangError::NotAValue { .. } => 39,
        LangError::AmbiguousPlace { .. } => 40,
        LangError::UnknownPlace { .. } => 41,
        LangError::Mismatch { .. } => 42,
        LangError::DimensionMismatch { .. } => 43,
        LangError::NotOrdered { .. } => 44,
        LangError::DateArithmetic { .. } => 45,
        LangError::NotArithmetic { .. } => 46,
        LangError::CallArity { .. } => 47,
        LangError::CallArgument { .. } => 48,
        LangError::UnknownAggEntity { .. } => 49,
        LangError::NearestWithoutBy { .. } => 50,
        LangError::ByWithoutNearest { .. } => 51,
        LangError::DistinctOf { .. } => 52,
        LangError::NotSummable { .. } => 53,
        LangError::BadBy { .. } => 54,
        LangError::ClaimedAndUnchecked { .. } => 55,
        LangError::PartialAndUnchecked { .. } => 56,
        LangError::PartialUnclaimed { .. } => 57,
        LangError::DefineTaken { .. } => 58,
        LangError::LetIsDefine { .. } => 59,
        LangError::DefinedTwice { .. } => 60,
        LangError::DefineCycle { .. } => 61,
        LangError::DefineTooLarge { .. } => 62,
        LangError::MaybeNotDefinite { .. } => 63,
        LangError::UnitNotOfType { .. } => 64,
        LangError::UnknownFieldUnit { .. } => 65,
        LangError::TypeTakesNoUnit { .. } => 66,
        LangError::NotReportable { .. } => 67,
        LangError::UnknownType { .. } => 68,
        LangError::EntityTwice { .. } => 69,
        LangError::ExtendUnknown { .. } => 70,
        LangError::FieldTwice { .. } => 71,
        LangError::DisjointNotGeometry { .. } => 72,
        LangError::LevelNotEnum { .. } => 73,
        LangError::LevelNotPlace { .. } => 74,
        LangError::LevelValue { .. } => 75,
        LangError::PointNotGeometry { .. } => 76,
        LangError::PointNotNumber { .. } => 77,
        LangError::UnknownField { .. } => 78,
        LangError::CheckNotQuantity { .. } => 79,
        LangError::CheckDimension { .. } => 80,
        LangError::CheckNumber { .. } => 81,
        LangError::TestValue { .. } => 82,
        LangError::TestValueNotEnum { .. } => 83,
        LangError::TestValueUnit { .. } => 84,
        LangError::ParamNotNumber { .. } => 85,
        LangError::ParamFlag { .. } => 86,
        LangError::OverrideSyntax { .. } => 87,
        LangError::OverrideNotNumber { .. } => 88,
        LangError::OverrideDimension { .. } => 89,
        LangError::OverrideUnknown { .. } => 90,
        LangError::FaultPatternName { .. } => 91,
        LangError::OverridePercent { .. } => 92,
    }
}

const VARIANTS: usize = 93;

fn examples() -> Vec<LangError> {
    let s = Span::new(1, 2);
    let given = Override {
        name: "walk_radius".into(),
        value: "800".into(),
        from: None,
    };
    vec![
        LangError::FileTooLarge { max: 2 },
        LangError::TwoPacks { span: s },
        LangError::NoPack { span: s },
        LangError::DuplicatePack {
            id: "x".into(),
            span: s,
        },
        LangError::DuplicateRule {
            id: "x".into(),
            span: s,
            first: s,
        },
        LangError::UnknownRule {
            name: "x".into(),
            suggestion: Some("y".into()),
            span: s,
        },
        LangError::AsOfNotDate { span: s },
        LangError::TestWrongEntity {
            want: "x".into(),
            named: "x".into(),
            span: s,
        },
        LangError::Unterminated { span: s },
        LangError::UnexpectedChar { c: '@', span: s },
        LangError::Expected {
            want: Want::FieldName,
            found: Some("y".into()),
            span: s,
        },
        LangError::TooDeep { span: s },
        LangError::NoFor {
            rule: "x".into(),
            span: s,
        },
        LangError::NoRequire {
            rule: "x".into(),
            span: s,
        },
        LangError::UnknownEntity {
            name: "x".into(),
            suggestion: Some("y".into()),
            span: s,
        },
        LangError::UnknownSeverity {
            name: "x".into(),
            span: s,
        },
        LangError::NoTitle {
            rule: "x".into(),
            span: s,
        },
        LangError::NoCite {
            rule: "x".into(),
            span: s,
        },
        LangError::RuleTooLarge { span: s },
        LangError::RuleTooDeep { span: s },
        LangError::TemplateField {
            name: "x".into(),
            entity: "x".into(),
            suggestion: Some("y".into()),
            span: s,
        },
        LangError::FaultPatternName {
            name: "x".into(),
            suggestion: Some("y".into()),
            span: s,
        },
        LangError::LetTaken {
            name: "x".into(),
            entity: "x".into(),
            span: s,
        },
        LangError::NotCondition {
            what: Kind::Text,
            span: s,
        },
        LangError::InvalidRegex {
            error: "x".into(),
            span: s,
        },
        LangError::RegexTooLarge { span: s },
        LangError::UnknownName {
            entity: "x".into(),
            name: "x".into(),
            suggestion: Some("y".into()),
            fields: "x".into(),
            span: s,
        },
        LangError::BadDate {
            text: "x".into(),
            span: s,
        },
        LangError::AgreesKinds {
            a: Kind::Text,
            b: Kind::Text,
            span: s,
        },
        LangError::MatchesNotText {
            what: Kind::Text,
            span: s,
        },
        LangError::PatternNotText { span: s },
        LangError::SpatialArity {
            func: "area",
            want: 2,
            got: 2,
            span: s,
        },
        LangError::SpatialNotGeometry {
            func: "area",
            what: Kind::Text,
            span: s,
        },
        LangError::CannotNegate {
            what: Kind::Text,
            span: s,
        },
        LangError::ContainsNotList {
            what: Kind::Text,
            span: s,
        },
        LangError::ListItemNotText { span: s },
        LangError::ListOutOfPlace { span: s },
        LangError::NumberTooLong {
            digits: "x".into(),
            span: s,
        },
        LangError::UnknownUnit {
            unit: "x".into(),
            suggestion: Some("y".into()),
            span: s,
        },
        LangError::NumberTooLarge { span: s },
        LangError::NotAValue {
            text: "x".into(),
            field: "x".into(),
            suggestion: Some("y".into()),
            values: vec!["a".into(), "b".into()],
            span: s,
        },
        LangError::AmbiguousPlace {
            name: "x".into(),
            all: vec!["a".into(), "b".into()],
            span: s,
        },
        LangError::UnknownPlace {
            name: "x".into(),
            near: Some("y".into()),
            span: s,
        },
        LangError::Mismatch {
            sides: Sides::Comparison,
            a: Kind::Text,
            b: Kind::Text,
            span: s,
        },
        LangError::DimensionMismatch {
            op: "area",
            left: Operand {
                span: s,
                dim: Dim::AREA,
                bare: Some("50".into()),
            },
            right: Operand {
                span: s,
                dim: Dim::AREA,
                bare: Some("50".into()),
            },
        },
        LangError::NotOrdered {
            what: Kind::Text,
            span: s,
        },
        LangError::DateArithmetic { span: s },
        LangError::NotArithmetic {
            what: Kind::Text,
            span: s,
        },
        LangError::CallArity {
            func: "area",
            got: 2,
            span: s,
        },
        LangError::CallArgument {
            func: "area",
            want: Kind::Text,
            what: Kind::Text,
            span: s,
        },
        LangError::UnknownAggEntity {
            name: "x".into(),
            suggestion: Some("y".into()),
            span: s,
        },
        LangError::NearestWithoutBy { span: s },
        LangError::ByWithoutNearest { span: s },
        LangError::DistinctOf {
            what: Kind::Text,
            span: s,
        },
        LangError::NotSummable {
            what: Kind::Text,
            span: s,
        },
        LangError::BadBy { span: s },
        LangError::ClaimedAndUnchecked {
            id: "x".into(),
            claim: s,
            unchecked: s,
        },
        LangError::PartialAndUnchecked {
            id: "x".into(),
            partial: s,
            unchecked: s,
        },
        LangError::PartialUnclaimed {
            id: "x".into(),
            span: s,
        },
        LangError::DefineTaken {
            name: "x".into(),
            span: s,
        },
        LangError::LetIsDefine {
            name: "x".into(),
            span: s,
        },
        LangError::DefinedTwice {
            name: "x".into(),
            span: s,
        },
        LangError::DefineCycle {
            name: "x".into(),
            span: s,
        },
        LangError::DefineTooLarge { span: s },
        LangError::MaybeNotDefinite {
            name: "x".into(),
            span: s,
        },
        LangError::UnitNotOfType {
            unit: "x".into(),
            dim: Dim::AREA,
            ty: "x".into(),
            span: s,
        },
        LangError::UnknownFieldUnit {
            unit: "x".into(),
            span: s,
        },
        LangError::TypeTakesNoUnit {
            ty: "x".into(),
            span: s,
        },
        LangError::NotReportable {
            ty: "x".into(),
            span: s,
        },
        LangError::UnknownType {
            name: "x".into(),
            suggestion: Some("y".into()),
            span: s,
        },
        LangError::EntityTwice {
            name: "x".into(),
            span: s,
        },
        LangError::ExtendUnknown {
            name: "x".into(),
            span: s,
        },
        LangError::FieldTwice {
            name: "x".into(),
            span: s,
        },
        LangError::DisjointNotGeometry {
            name: "x".into(),
            span: s,
        },
        LangError::LevelNotEnum {
            office: false,
            name: "x".into(),
            span: s,
        },
        LangError::LevelNotPlace {
            office: true,
            name: "x".into(),
            span: s,
        },
        LangError::LevelValue {
            value: "x".into(),
            field: "x".into(),
            span: s,
        },
        LangError::PointNotGeometry {
            name: "x".into(),
            span: s,
        },
        LangError::PointNotNumber {
            name: "x".into(),
            span: s,
        },
        LangError::UnknownField {
            entity: "x".into(),
            name: "x".into(),
            suggestion: Some("y".into()),
            span: s,
        },
        LangError::CheckNotQuantity {
            name: "x".into(),
            span: s,
        },
        LangError::CheckDimension {
            left: "x".into(),
            span: s,
        },
        LangError::CheckNumber {
            digits: "x".into(),
            span: s,
        },
        LangError::TestValue {
            field: "x".into(),
            span: s,
        },
        LangError::TestValueNotEnum {
            field: "x".into(),
            value: "x".into(),
            span: s,
        },
        LangError::TestValueUnit {
            field: "x".into(),
            dim: Dim::AREA,
            span: s,
        },
        LangError::ParamNotNumber {
            name: "x".into(),
            span: s,
        },
        LangError::ParamFlag { text: "x".into() },
        LangError::OverrideSyntax {
            given: given.clone(),
            error: Box::new(LangError::TooDeep { span: s }),
        },
        LangError::OverrideNotNumber {
            given: given.clone(),
        },
        LangError::OverrideDimension {
            given: given.clone(),
            want: Some(Dim::AREA),
            got: Some(Dim::AREA),
        },
        LangError::OverrideUnknown {
            given: given.clone(),
            known: vec!["a".into(), "b".into()],
        },
        LangError::OverridePercent {
            given: Override {
                name: "area_tolerance".into(),
                value: "10".into(),
                ..given.clone()
            },
            want_percent: true,
        },
        LangError::OverrideNotNumber {
            given: Override {
                from: Some(("ylcheck.toml".into(), Arc::from("x"), (0, 1))),
                ..given.clone()
            },
        },
        LangError::Expected {
            want: Want::Of("sum".into()),
            found: None,
            span: s,
        },
        LangError::Mismatch {
            sides: Sides::IfBranches,
            a: Kind::Num(Dim::AREA),
            b: Kind::Num(Dim::NUMBER),
            span: s,
        },
    ]
}

/// Every error of the rule language has an example; each reads differently in
/// Chinese and English, says something in both, and carries a code that
/// docs/errors.md explains.
#[test]
fn every_error_renders_in_both_languages_with_a_listed_code() {
    let examples = examples();
    let mut seen = [false; VARIANTS];
    for e in &examples {
        seen[index(e)] = true;
        let d = e.draft();
        crate::diag::assert_bilingual(&d, e);
    }
    let missing: Vec<usize> = (0..VARIANTS).filter(|&i| !seen[i]).collect();
    assert!(
        missing.is_empty(),
        "variants without an example: {missing:?}"
    );
}

/// Each error's text is drafted by exactly one stage, so `LangError::draft`
/// never falls back to its generic text.
#[test]
fn every_error_is_drafted_by_one_stage() {
    for e in &examples() {
        let stages = [
            e.syntax_draft().is_some(),
            e.type_draft().is_some(),
            e.pack_draft().is_some(),
        ];
        assert_eq!(stages.iter().filter(|&&s| s).count(), 1, "{e:?}");
    }
}

/// An error travels in every parser `Result`, whose size sets how deep a
/// thread's stack lets expressions nest: no larger than the diagnostic it
/// replaced.
#[test]
fn an_error_is_small() {
    assert!(
        std::mem::size_of::<LangError>() <= std::mem::size_of::<crate::diag::Diag>(),
        "{}",
        std::mem::size_of::<LangError>()
    );
}
