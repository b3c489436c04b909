//! What can be wrong with rule files, as data: each error of the rule language with
//! its code, the places it points at, and its text in Chinese and in English side by
//! side. The stage returns these; they become diagnostics in the run's language only
//! where pack loading is reported ([`crate::rules`]).

mod pack;
mod syntax;
mod types;
mod want;

use super::param_override::Override;
use super::span::Span;
use crate::diag::{Draft, did_you_mean};
use crate::units::Dim;
pub(crate) use want::{Kind, Operand, Sides, Want};

/// An error found in rule files, with the file it is in (`None` for a parameter
/// override given outside the packs).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Located {
    pub file: Option<usize>,
    pub error: LangError,
}

/// An error of the rule language. Each variant's code, places and texts are in
/// [`LangError::draft`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LangError {
    // Files and packs.
    FileTooLarge {
        max: usize,
    },
    TwoPacks {
        span: Span,
    },
    NoPack {
        span: Span,
    },
    DuplicatePack {
        id: String,
        span: Span,
    },
    DuplicateRule {
        id: String,
        span: Span,
        first: Span,
    },
    UnknownRule {
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    AsOfNotDate {
        span: Span,
    },
    TestWrongEntity {
        want: String,
        named: String,
        span: Span,
    },
    // Tokens and syntax.
    Unterminated {
        span: Span,
    },
    UnexpectedChar {
        c: char,
        span: Span,
    },
    /// `found` is the token as shown, `None` at the end of the file.
    Expected {
        want: Want,
        found: Option<String>,
        span: Span,
    },
    TooDeep {
        span: Span,
    },
    NoFor {
        rule: String,
        span: Span,
    },
    NoRequire {
        rule: String,
        span: Span,
    },
    // Rules.
    UnknownEntity {
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    UnknownSeverity {
        name: String,
        span: Span,
    },
    NoTitle {
        rule: String,
        span: Span,
    },
    NoCite {
        rule: String,
        span: Span,
    },
    RuleTooLarge {
        span: Span,
    },
    RuleTooDeep {
        span: Span,
    },
    TemplateField {
        name: String,
        entity: String,
        suggestion: Option<String>,
        span: Span,
    },
    /// A name in a `{faults: …}` pattern other than column, actual or required.
    FaultPatternName {
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    // Types of expressions.
    LetTaken {
        name: String,
        entity: String,
        span: Span,
    },
    NotCondition {
        what: Kind,
        span: Span,
    },
    InvalidRegex {
        error: String,
        span: Span,
    },
    RegexTooLarge {
        span: Span,
    },
    /// A word in an expression that is no field of the entity in hand.
    UnknownName {
        entity: String,
        name: String,
        suggestion: Option<String>,
        fields: String,
        span: Span,
    },
    BadDate {
        text: String,
        span: Span,
    },
    AgreesKinds {
        a: Kind,
        b: Kind,
        span: Span,
    },
    MatchesNotText {
        what: Kind,
        span: Span,
    },
    PatternNotText {
        span: Span,
    },
    SpatialArity {
        func: &'static str,
        want: usize,
        got: usize,
        span: Span,
    },
    SpatialNotGeometry {
        func: &'static str,
        what: Kind,
        span: Span,
    },
    CannotNegate {
        what: Kind,
        span: Span,
    },
    ContainsNotList {
        what: Kind,
        span: Span,
    },
    ListItemNotText {
        span: Span,
    },
    ListOutOfPlace {
        span: Span,
    },
    NumberTooLong {
        digits: String,
        span: Span,
    },
    UnknownUnit {
        unit: String,
        suggestion: Option<String>,
        span: Span,
    },
    NumberTooLarge {
        span: Span,
    },
    NotAValue {
        text: String,
        field: String,
        suggestion: Option<String>,
        values: Vec<String>,
        span: Span,
    },
    AmbiguousPlace {
        name: String,
        all: Vec<String>,
        span: Span,
    },
    UnknownPlace {
        name: String,
        near: Option<String>,
        span: Span,
    },
    Mismatch {
        sides: Sides,
        a: Kind,
        b: Kind,
        span: Span,
    },
    DimensionMismatch {
        op: &'static str,
        left: Operand,
        right: Operand,
    },
    NotOrdered {
        what: Kind,
        span: Span,
    },
    DateArithmetic {
        span: Span,
    },
    NotArithmetic {
        what: Kind,
        span: Span,
    },
    CallArity {
        func: &'static str,
        got: usize,
        span: Span,
    },
    CallArgument {
        func: &'static str,
        want: Kind,
        what: Kind,
        span: Span,
    },
    UnknownAggEntity {
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    NearestWithoutBy {
        span: Span,
    },
    ByWithoutNearest {
        span: Span,
    },
    DistinctOf {
        what: Kind,
        span: Span,
    },
    NotSummable {
        what: Kind,
        span: Span,
    },
    BadBy {
        span: Span,
    },
    // Coverage claims.
    ClaimedAndUnchecked {
        id: String,
        claim: Span,
        unchecked: Span,
    },
    PartialAndUnchecked {
        id: String,
        partial: Span,
        unchecked: Span,
    },
    PartialUnclaimed {
        id: String,
        span: Span,
    },
    // Definitions.
    DefineTaken {
        name: String,
        span: Span,
    },
    LetIsDefine {
        name: String,
        span: Span,
    },
    DefinedTwice {
        name: String,
        span: Span,
    },
    DefineCycle {
        name: String,
        span: Span,
    },
    DefineTooLarge {
        span: Span,
    },
    // Entities.
    MaybeNotDefinite {
        name: String,
        span: Span,
    },
    UnitNotOfType {
        unit: String,
        dim: Dim,
        ty: String,
        span: Span,
    },
    UnknownFieldUnit {
        unit: String,
        span: Span,
    },
    TypeTakesNoUnit {
        ty: String,
        span: Span,
    },
    NotReportable {
        ty: String,
        span: Span,
    },
    UnknownType {
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    EntityTwice {
        name: String,
        span: Span,
    },
    ExtendUnknown {
        name: String,
        span: Span,
    },
    FieldTwice {
        name: String,
        span: Span,
    },
    DisjointNotGeometry {
        name: String,
        span: Span,
    },
    /// `or level(…)` (`office: false`) or `or office_level(…)` on a field that is
    /// no enum.
    LevelNotEnum {
        office: bool,
        name: String,
        span: Span,
    },
    /// The field `or level(…)` reads is no place, or the one `or
    /// office_level(…)` reads no text.
    LevelNotPlace {
        office: bool,
        name: String,
        span: Span,
    },
    LevelValue {
        value: String,
        field: String,
        span: Span,
    },
    PointNotGeometry {
        name: String,
        span: Span,
    },
    PointNotNumber {
        name: String,
        span: Span,
    },
    /// A declared or tested field the entity does not have.
    UnknownField {
        entity: String,
        name: String,
        suggestion: Option<String>,
        span: Span,
    },
    CheckNotQuantity {
        name: String,
        span: Span,
    },
    CheckDimension {
        left: String,
        span: Span,
    },
    CheckNumber {
        digits: String,
        span: Span,
    },
    // Test records.
    TestValue {
        field: String,
        span: Span,
    },
    TestValueNotEnum {
        field: String,
        value: String,
        span: Span,
    },
    TestValueUnit {
        field: String,
        dim: Dim,
        span: Span,
    },
    // Parameters.
    ParamNotNumber {
        name: String,
        span: Span,
    },
    ParamFlag {
        text: String,
    },
    OverrideSyntax {
        given: Override,
        error: Box<LangError>,
    },
    OverrideNotNumber {
        given: Override,
    },
    OverrideDimension {
        given: Override,
        want: Option<Dim>,
        got: Option<Dim>,
    },
    /// A percentage given as a plain number (`area_tolerance=10` for `5%`: is it
    /// 10 % or 1000 %?), or a plain number as a percentage.
    OverridePercent {
        given: Override,
        want_percent: bool,
    },
    OverrideUnknown {
        given: Override,
        known: Vec<String>,
    },
}

/// Most memory a `matches` pattern may compile to, as its error states it.
pub(crate) const REGEX_MIB: usize = super::limits::MAX_REGEX >> 20;

const SYNTAX: &str = "ylcheck::rules::syntax";
const TYPE: &str = "ylcheck::rules::type";
const DIMENSION: &str = "ylcheck::rules::dimension";
const DUPLICATE: &str = "ylcheck::rules::duplicate";
const DEFINE: &str = "ylcheck::rules::define";
const TEST: &str = "ylcheck::rules::test";
const PARAM: &str = "ylcheck::param";

const UNITS_ZH: &str = "可用单位：m2 亩 公顷 km2 m km 元 万元 亿元 % ‰";
const UNITS_EN: &str = "known units: m2 亩 公顷 km2 m km 元 万元 亿元 % ‰";

/// A draft labelled "here" at `span`.
fn here(code: &'static str, span: Span, zh: String, en: String) -> Draft {
    Draft::new(code, zh, en).label(span, "这里", "here")
}

/// The draft, with a "did you mean" help when there is a suggestion.
fn dym(d: Draft, s: &Option<String>) -> Draft {
    match s {
        Some(s) => d.with_help(did_you_mean(s)),
        None => d,
    }
}

impl LangError {
    /// The error with its code, labels, help and both texts, drafted by the stage
    /// it comes from (a test checks that one stage drafts each).
    pub(crate) fn draft(&self) -> Draft {
        self.syntax_draft()
            .or_else(|| self.type_draft())
            .or_else(|| self.pack_draft())
            .unwrap_or_else(|| Draft::new(SYNTAX, "规则文件有误", "error in a rule file"))
    }
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
