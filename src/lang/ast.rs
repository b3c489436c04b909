//! The syntax tree of a rule file: what was written, with spans, before any name is
//! resolved.

use super::span::Span;

#[derive(Clone, Debug)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Str {
    pub text: String,
    pub span: Span,
}

/// A text given in both languages: `zh "…" en "…"`.
#[derive(Clone, Debug)]
pub struct Bilingual {
    pub zh: Str,
    pub en: Str,
}

#[derive(Clone, Debug, Default)]
pub struct File {
    pub items: Vec<Item>,
}

#[derive(Clone, Debug)]
pub enum Item {
    Pack(PackDecl),
    Entity(EntityDecl),
    Rule(Box<RuleDecl>),
    Test(TestDecl),
    Unchecked(UncheckedDecl),
    /// `partial "KF-4b" { … }`: the rules claiming a standard check only part of it.
    Partial(PartialDecl),
    /// `param walk_radius = 1000 m`: a named constant of the pack, which
    /// `--param walk_radius=800m` overrides.
    Param(ParamDecl),
    /// `define county_row = present(parent) and parent == self.region`: a named
    /// expression of the pack, written once and used by name in any rule, inside
    /// aggregates too, where its fields are those of the record in hand.
    Define(ParamDecl),
}

#[derive(Clone, Debug)]
pub struct ParamDecl {
    pub name: Ident,
    pub value: Expr,
}

#[derive(Clone, Debug)]
pub struct PackDecl {
    pub id: Ident,
    pub title: Option<Bilingual>,
    pub source: Option<Str>,
    pub region: Option<Str>,
    pub issued: Option<Ident>,
}

#[derive(Clone, Debug)]
pub struct EntityDecl {
    pub name: Ident,
    /// `extend entity …` adds fields to an entity declared elsewhere.
    pub extend: bool,
    pub labels: Vec<Str>,
    pub fields: Vec<FieldDecl>,
    /// `check nursing_beds <= beds zh "…" en "…"`: what every record must satisfy
    /// before any rule reads it.
    pub checks: Vec<CheckDecl>,
    /// `key name, county`: the fields that say two records are the same thing.
    pub key: Vec<Ident>,
    /// `disjoint location`: the geometry field whose overlaps are counted once.
    pub disjoint: Option<Ident>,
}

/// An invariant of an entity: `check FIELD OP (FIELD | NUMBER UNIT?) zh "…" en "…"`.
#[derive(Clone, Debug)]
pub struct CheckDecl {
    pub left: Ident,
    /// `<=`, `<`, `>=`, `>`.
    pub op: Ident,
    pub right: CheckOperand,
    pub message: Bilingual,
}

#[derive(Clone, Debug)]
pub enum CheckOperand {
    Field(Ident),
    Num { digits: Ident, unit: Option<Ident> },
}

#[derive(Clone, Debug)]
pub struct FieldDecl {
    pub name: Ident,
    pub ty: TypeDecl,
    pub aliases: Vec<Str>,
    /// `or point(lon, lat)`: the fields a point is made of when the record has no
    /// value of its own for this one.
    pub point: Option<(Ident, Ident)>,
    /// `or level(name, province, city, county)`: an enum field that is the level of
    /// the place a place field names, when the gazetteer knows it: the enum's
    /// values for a province, a city and a county. Or `or office_level(unit,
    /// province, city, county, township)`: the level of the government office a
    /// text field names, filling a blank cell.
    pub level: Option<LevelDecl>,
}

/// The `or level(…)` or `or office_level(…)` of a field.
#[derive(Clone, Debug)]
pub struct LevelDecl {
    pub by: crate::schema::LevelBy,
    /// The field naming the place or the office.
    pub from: Ident,
    /// The enum's values for a province, a city, a county (and, for an office, a
    /// township).
    pub values: Vec<Ident>,
}

#[derive(Clone, Debug)]
pub enum TypeDecl {
    /// `text`, `count`, `area 亩`, `m2` …
    Named {
        ty: Ident,
        unit: Option<Ident>,
        /// `reported`: keep the precision cells are written at.
        reported: Option<Ident>,
    },
    Enum(Vec<VariantDecl>, Span),
}

#[derive(Clone, Debug)]
pub struct VariantDecl {
    pub name: Ident,
    pub labels: Vec<Str>,
    /// `maybe [a, b]`: a value that names no one of the others but may be any of
    /// these (`养老服务场所`, which may be a street center or a community facility …).
    pub maybe: Vec<Ident>,
}

#[derive(Clone, Debug)]
pub struct RuleDecl {
    pub id: Ident,
    pub title: Option<Bilingual>,
    pub message: Option<Bilingual>,
    /// The requirement in the reader's words, with the record's figures
    /// (`{households}`, `{required}`): what a report says is required.
    pub requirement: Option<Bilingual>,
    pub note: Option<Bilingual>,
    pub cite: Option<Str>,
    /// Ids of the standards it checks (`KF-2a`).
    pub standards: Vec<Str>,
    pub severity: Option<Ident>,
    pub entity: Ident,
    pub filter: Option<Expr>,
    pub from: Option<Ident>,
    pub until: Option<Ident>,
    /// A task's deadline: before it a shortfall is "behind" (a warning), after it
    /// "overdue".
    pub due: Option<Ident>,
    /// Named intermediate values (`let land = …`), usable in `require`, `for … where`
    /// and the message, so a message can show a measured figure.
    pub lets: Vec<(Ident, Expr)>,
    pub require: Expr,
    pub span: Span,
}

/// A standard no rule checks, and why.
#[derive(Clone, Debug)]
pub struct UncheckedDecl {
    pub id: Str,
    pub cite: Option<Str>,
    pub reason: Bilingual,
}

/// A standard the pack's rules check only in part, and what they leave unchecked:
/// so a reader of the coverage table is not told "checked" of a standard half of which
/// no rule looks at.
#[derive(Clone, Debug)]
pub struct PartialDecl {
    pub id: Str,
    pub cite: Option<Str>,
    pub missing: Bilingual,
}

#[derive(Clone, Debug)]
pub struct TestDecl {
    pub rule: Ident,
    pub cases: Vec<TestCase>,
    /// `as_of 2022-05-01`: the date the block's cases are checked on (else the rule's
    /// `from`, `due` or `until`), for rules that read `as_of`.
    pub as_of: Option<Expr>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    Pass,
    Fail,
    Unknown,
    Skip,
    Given,
}

#[derive(Clone, Debug)]
pub struct TestCase {
    pub expect: Expect,
    /// `None` when left out (`pass { … }`): a record of the rule's own entity.
    pub entity: Option<Ident>,
    pub fields: Vec<(Ident, Expr)>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

impl Expr {
    /// Calls `f` on each direct sub-expression: what rewrites of the tree before
    /// checking (parameters, definitions) walk.
    pub fn each_child_mut(&mut self, f: &mut dyn FnMut(&mut Expr)) {
        match &mut self.kind {
            ExprKind::Neg(a) | ExprKind::Not(a) | ExprKind::Agrees(_, a) => f(a),
            ExprKind::Binary(_, a, b) | ExprKind::Matches(a, b) => {
                f(a);
                f(b);
            }
            ExprKind::If(a, b, c) => {
                f(a);
                f(b);
                f(c);
            }
            ExprKind::In(a, xs) => {
                f(a);
                xs.iter_mut().for_each(f);
            }
            ExprKind::Contains { list, items, .. } => {
                f(list);
                items.iter_mut().for_each(f);
            }
            ExprKind::Agg {
                body, filter, by, ..
            } => {
                for x in [body, filter, by].into_iter().flatten() {
                    f(x);
                }
            }
            ExprKind::Spatial(_, xs) | ExprKind::List(xs) | ExprKind::Call(_, xs) => {
                xs.iter_mut().for_each(f)
            }
            ExprKind::Num { .. }
            | ExprKind::Str(_)
            | ExprKind::Date(_)
            | ExprKind::Bool(_)
            | ExprKind::AsOf
            | ExprKind::Unknown(_)
            | ExprKind::Name(_)
            | ExprKind::SelfField(_)
            | ExprKind::Present(..) => {}
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "and",
            BinOp::Or => "or",
        }
    }
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
        )
    }
}

/// An aggregate's function: the word before `of` in a rule, kept as it is in the
/// compiled [`Agg`](crate::pack::Agg) for the evaluator to fold by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggFunc {
    Count,
    Exists,
    Sum,
    Min,
    Max,
    Avg,
    All,
    /// `distinct(expr of …)`: how many different values `expr` takes.
    Distinct,
    /// `nearest(expr of … by distance(g, self.g))`: `expr` of the closest record
    /// ([`Agg::by`](crate::pack::Agg::by)).
    Nearest,
}

impl AggFunc {
    pub fn from_name(s: &str) -> Option<AggFunc> {
        Some(match s {
            "count" => AggFunc::Count,
            "exists" => AggFunc::Exists,
            "sum" => AggFunc::Sum,
            "min" => AggFunc::Min,
            "max" => AggFunc::Max,
            "avg" => AggFunc::Avg,
            "all" => AggFunc::All,
            "distinct" => AggFunc::Distinct,
            "nearest" => AggFunc::Nearest,
            _ => return None,
        })
    }
    /// Whether the aggregate takes an expression before `of`.
    pub fn has_body(self) -> bool {
        !matches!(self, AggFunc::Count | AggFunc::Exists)
    }
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A number as written, with its unit if any.
    Num {
        digits: String,
        unit: Option<Ident>,
    },
    Str(String),
    Date(String),
    Bool(bool),
    AsOf,
    /// A condition the rule cannot decide (`else unknown`): fails closed. It may
    /// say why, in both languages (`unknown zh "…" en "…"`), for the report.
    Unknown(Option<Box<Bilingual>>),
    /// A field of the current record, or an enum value (resolved by type).
    Name(String),
    /// `self.field`: the record the rule is checking, from inside an aggregate.
    SelfField(Ident),
    Neg(Box<Expr>),
    Not(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    In(Box<Expr>, Vec<Expr>),
    Contains {
        all: bool,
        list: Box<Expr>,
        items: Vec<Expr>,
    },
    Agg {
        func: AggFunc,
        body: Option<Box<Expr>>,
        entity: Ident,
        filter: Option<Box<Expr>>,
        /// `by distance(g, self.g)`: what `nearest` measures.
        by: Option<Box<Expr>>,
    },
    /// A built-in function of plain values: `monday(date)`, `city_of(place)`.
    Call(Builtin, Vec<Expr>),
    /// `present(f)`, or `present(self.f)` (`true`): the checked record's, from
    /// inside an aggregate.
    Present(Ident, bool),
    /// `agrees(field, expr)`: the field as reported equals `expr` to the precision
    /// it was written at.
    Agrees(Ident, Box<Expr>),
    /// `matches(text, "pattern")`: whether text fits a regular expression. The
    /// pattern is a string, or the name of a `define` of one, written out before
    /// the rule is checked.
    Matches(Box<Expr>, Box<Expr>),
    /// `area(g)`, `distance(a, b)`, `within(a, b)`, `centroid(g)`.
    Spatial(crate::spatial::Func, Vec<Expr>),
    List(Vec<Expr>),
}

/// Built-in functions of plain values (the spatial ones are [`crate::spatial::Func`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// `monday(date)`: the Monday of the date's calendar week (Monday to Sunday), so
    /// that `distinct(monday(date) of …)` counts calendar weeks.
    Monday,
    /// `city_of(place)`: the city a county lies in (a city is its own), from the
    /// gazetteer, so a record whose city cell is blank is still placed by its county.
    CityOf,
}

impl Builtin {
    pub fn from_name(s: &str) -> Option<Builtin> {
        match s {
            "monday" => Some(Builtin::Monday),
            "city_of" => Some(Builtin::CityOf),
            _ => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Monday => "monday",
            Builtin::CityOf => "city_of",
        }
    }
}
