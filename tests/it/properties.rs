//! Properties over generated inputs, checked against independent references:
//! exact unit conversions, arithmetic and comparisons against big rationals, and
//! three-valued logic against Kleene's (SQL's) truth tables.

use num_bigint::BigInt;
use num_rational::BigRational;
use proptest::prelude::*;
use std::sync::Arc;
use ylcheck::eval::Outcome;
use ylcheck::{data, eval, i18n::Lang, rules};

/// The outcome of `require <condition>` for one district whose cells are `row`
/// (columns `name,p,q,r`, each of p, q, r `是`, `否` or blank).
fn outcome(condition: &str, row: &str) -> Outcome {
    let pack = format!(
        "extend entity district {{ p: bool  q: bool  r: bool }}\n\
         pack prop {{ source \"test\" }}\n\
         rule prop {{ title zh \"性质\" en \"property\" cite \"t\" for district require {condition} }}\n"
    );
    let files = vec![
        (
            "entities.rules".to_string(),
            Arc::from(include_str!("../../rules/entities.rules")),
        ),
        ("prop.rules".to_string(), Arc::from(pack.as_str())),
    ];
    let set = match rules::compile(&files, Lang::En) {
        Ok(set) => set,
        Err(e) => panic!("{condition}: {}", ylcheck::diag::render_plain(&e[0], 100)),
    };
    let mut ds = data::Dataset::new(set.schema.entities.len());
    let csv = format!("name,p,q,r\n{row}\n");
    data::load(
        "t.csv",
        csv.as_bytes(),
        data::Format::Csv,
        &set.schema,
        set.schema.entity("district"),
        &mut ds,
    )
    .expect("loads");
    let out = eval::check(
        &set,
        &ds,
        &eval::Options {
            as_of: jiff::civil::date(2026, 1, 1),
            selected: &|_, _| true,
        },
    );
    assert_eq!(out.summary.checks, 1, "{condition}");
    out.findings.first().map_or(Outcome::Pass, |f| f.outcome)
}

fn big(n: i64, d: i64) -> BigRational {
    BigRational::new(BigInt::from(n), BigInt::from(d))
}

// ------------------------------------------------------------------------------------
// Arithmetic and comparisons
// ------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Arith {
    /// A decimal literal: value / 10^scale.
    Lit(i64, u32),
    Neg(Box<Arith>),
    Bin(char, Box<Arith>, Box<Arith>),
}

impl Arith {
    fn text(&self) -> String {
        match self {
            Arith::Lit(v, scale) => {
                let s = decimal(*v, *scale);
                if v.is_negative() { format!("({s})") } else { s }
            }
            Arith::Neg(a) => format!("-({})", a.text()),
            Arith::Bin(op, a, b) => format!("({} {op} {})", a.text(), b.text()),
        }
    }

    /// The exact value, `None` for a division by zero.
    fn value(&self) -> Option<BigRational> {
        Some(match self {
            Arith::Lit(v, scale) => big(*v, 10i64.pow(*scale)),
            Arith::Neg(a) => -a.value()?,
            Arith::Bin(op, a, b) => {
                let (a, b) = (a.value()?, b.value()?);
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    _ if b == big(0, 1) => return None,
                    _ => a / b,
                }
            }
        })
    }
}

fn decimal(v: i64, scale: u32) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let v = v.unsigned_abs();
    let p = 10u64.pow(scale);
    if scale == 0 {
        format!("{sign}{v}")
    } else {
        format!("{sign}{}.{:0w$}", v / p, v % p, w = scale as usize)
    }
}

fn arith() -> impl Strategy<Value = Arith> {
    let leaf = (-2000i64..2000, 0u32..3).prop_map(|(v, s)| Arith::Lit(v, s));
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|a| Arith::Neg(Box::new(a))),
            (
                prop_oneof![Just('+'), Just('-'), Just('*'), Just('/')],
                inner.clone(),
                inner
            )
                .prop_map(|(op, a, b)| Arith::Bin(op, Box::new(a), Box::new(b))),
        ]
    })
}

const CMPS: [&str; 6] = ["==", "!=", "<", "<=", ">", ">="];

fn compare(op: &str, a: &BigRational, b: &BigRational) -> bool {
    match op {
        "==" => a == b,
        "!=" => a != b,
        "<" => a < b,
        "<=" => a <= b,
        ">" => a > b,
        _ => a >= b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// `a OP b` is decided exactly as big rationals decide it; a division by zero
    /// anywhere makes it `unknown`, never true or false.
    #[test]
    fn arithmetic_and_comparison_are_exact(a in arith(), b in arith(), op in 0usize..6) {
        let op = CMPS[op];
        let got = outcome(&format!("{} {op} {}", a.text(), b.text()), "x,,,");
        let want = match (a.value(), b.value()) {
            (Some(x), Some(y)) => if compare(op, &x, &y) { Outcome::Pass } else { Outcome::Fail },
            _ => Outcome::Unknown,
        };
        prop_assert_eq!(got, want, "{} {} {}", a.text(), op, b.text());
    }

    /// On the boundary: a value compared with itself computed another way, and with
    /// the smallest written step beside it.
    #[test]
    fn boundaries_are_exact(a in arith()) {
        let Some(v) = a.value() else { return Ok(()) };
        let text = a.text();
        prop_assert_eq!(outcome(&format!("{text} >= {text}"), "x,,,"), Outcome::Pass);
        prop_assert_eq!(outcome(&format!("{text} <= {text} * 1"), "x,,,"), Outcome::Pass);
        let step = "0.001";
        let above = outcome(&format!("{text} + {step} > {text}"), "x,,,");
        prop_assert_eq!(above, Outcome::Pass);
        let want = if v >= big(0, 1) { Outcome::Pass } else { Outcome::Fail };
        prop_assert_eq!(outcome(&format!("{text} >= 0"), "x,,,"), want, "{}", text);
    }
}

// ------------------------------------------------------------------------------------
// Units
// ------------------------------------------------------------------------------------

/// Area, length and money units with their exact factor to the base unit, from
/// the legal definitions (not from ylcheck's table).
const UNITS: &[(&str, &str, i64, i64)] = &[
    ("亩", "m2", 2000, 3),
    ("公顷", "m2", 10_000, 1),
    ("km2", "m2", 1_000_000, 1),
    ("平方米", "m2", 1, 1),
    ("km", "m", 1000, 1),
    ("公里", "m", 1000, 1),
    ("万元", "元", 10_000, 1),
    ("亿元", "元", 100_000_000, 1),
    ("元", "元", 1, 1),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// `x 亩` equals its exact value in m² written as a fraction, and differs from
    /// it by the smallest step; so conversions neither round nor drift.
    #[test]
    fn unit_conversions_are_exact(v in -10_000_000i64..10_000_000, scale in 0u32..4, u in 0usize..UNITS.len()) {
        let (unit, base, n, d) = UNITS[u];
        let x = decimal(v, scale);
        let exact = big(v, 10i64.pow(scale)) * big(n, d);
        let (num, den) = (exact.numer().to_string(), exact.denom().to_string());
        // A unit belongs to its number: `-1 亩` is minus one mu.
        let same = format!("{x} {unit} == {num} {base} / {den}");
        prop_assert_eq!(outcome(&same, "x,,,"), Outcome::Pass, "{}", same);
        let off = format!("{x} {unit} == {num} {base} / {den} + 0.000001 {base}");
        prop_assert_eq!(outcome(&off, "x,,,"), Outcome::Fail, "{}", off);
    }

    /// Converting to the base unit and back gives the number written.
    #[test]
    fn to_base_and_back(v in -1_000_000_000i64..1_000_000_000, scale in 0u32..6) {
        let q = ylcheck::num::Q::new(i128::from(v), 10i128.pow(scale)).unwrap();
        for u in ylcheck::units::UNITS {
            let back = u.to_base(q).and_then(|b| u.from_base(b));
            prop_assert_eq!(back, Some(q), "{}", u.symbol);
        }
    }
}

// ------------------------------------------------------------------------------------
// Three-valued logic
// ------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Logic {
    Var(usize),
    Not(Box<Logic>),
    And(Box<Logic>, Box<Logic>),
    Or(Box<Logic>, Box<Logic>),
}

const VARS: [&str; 3] = ["p", "q", "r"];

impl Logic {
    fn text(&self) -> String {
        match self {
            Logic::Var(i) => VARS[*i].to_string(),
            Logic::Not(a) => format!("not ({})", a.text()),
            Logic::And(a, b) => format!("({} and {})", a.text(), b.text()),
            Logic::Or(a, b) => format!("({} or {})", a.text(), b.text()),
        }
    }

    /// Kleene's strong three-valued logic, as SQL has it; `None` is unknown.
    fn value(&self, vars: &[Option<bool>; 3]) -> Option<bool> {
        match self {
            Logic::Var(i) => vars[*i],
            Logic::Not(a) => a.value(vars).map(|x| !x),
            Logic::And(a, b) => match (a.value(vars), b.value(vars)) {
                (Some(false), _) | (_, Some(false)) => Some(false),
                (Some(true), Some(true)) => Some(true),
                _ => None,
            },
            Logic::Or(a, b) => match (a.value(vars), b.value(vars)) {
                (Some(true), _) | (_, Some(true)) => Some(true),
                (Some(false), Some(false)) => Some(false),
                _ => None,
            },
        }
    }
}

fn logic() -> impl Strategy<Value = Logic> {
    (0usize..3)
        .prop_map(Logic::Var)
        .prop_recursive(4, 16, 2, |inner| {
            prop_oneof![
                inner.clone().prop_map(|a| Logic::Not(Box::new(a))),
                (inner.clone(), inner.clone())
                    .prop_map(|(a, b)| Logic::And(Box::new(a), Box::new(b))),
                (inner.clone(), inner).prop_map(|(a, b)| Logic::Or(Box::new(a), Box::new(b))),
            ]
        })
}

fn cell(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "是",
        Some(false) => "否",
        None => "",
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any and/or/not formula over yes, no and blank cells gives what Kleene's
    /// tables give: blank is unknown, and unknown is never passed.
    #[test]
    fn three_valued_logic_is_sqls(
        f in logic(),
        vars in proptest::array::uniform3(prop_oneof![Just(Some(true)), Just(Some(false)), Just(None)]),
    ) {
        let row = format!("x,{},{},{}", cell(vars[0]), cell(vars[1]), cell(vars[2]));
        let want = match f.value(&vars) {
            Some(true) => Outcome::Pass,
            Some(false) => Outcome::Fail,
            None => Outcome::Unknown,
        };
        prop_assert_eq!(outcome(&f.text(), &row), want, "{} on {}", f.text(), row);
    }
}
