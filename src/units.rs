//! Units and dimensions.
//!
//! Every quantity is held in its dimension's base unit (m, m², 元) as an exact
//! [`Q`]; units exist only at the edges — in rule literals, in data cells and in
//! reports. Counts, percentages and per-mille values are plain numbers: `%` and `‰`
//! are just the factors 1/100 and 1/1000, and a count of beds divides out of
//! `floor_area / beds` leaving an area, as the documents' "床均建筑面积" means.

use crate::num::Q;
use std::fmt;

/// A physical dimension as exponents of length and money. Area is length².
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Dim {
    pub length: i8,
    pub money: i8,
}

impl Dim {
    pub const NUMBER: Dim = Dim {
        length: 0,
        money: 0,
    };
    pub const LENGTH: Dim = Dim {
        length: 1,
        money: 0,
    };
    pub const AREA: Dim = Dim {
        length: 2,
        money: 0,
    };
    pub const MONEY: Dim = Dim {
        length: 0,
        money: 1,
    };

    pub fn times(self, o: Dim) -> Dim {
        Dim {
            length: self.length.saturating_add(o.length),
            money: self.money.saturating_add(o.money),
        }
    }
    pub fn per(self, o: Dim) -> Dim {
        Dim {
            length: self.length.saturating_sub(o.length),
            money: self.money.saturating_sub(o.money),
        }
    }
    pub fn is_number(self) -> bool {
        self == Dim::NUMBER
    }

    /// The base unit's symbol, as reports print it.
    pub fn base_symbol(self) -> String {
        match (self.length, self.money) {
            (0, 0) => String::new(),
            (1, 0) => "m".into(),
            (2, 0) => "m²".into(),
            (0, 1) => "元".into(),
            (l, m) => {
                let mut s = String::new();
                if l != 0 {
                    s.push_str(&format!("m^{l}"));
                }
                if m != 0 {
                    if !s.is_empty() {
                        s.push('·');
                    }
                    s.push_str(&format!("元^{m}"));
                }
                s
            }
        }
    }

    /// Name of the dimension in the given language, for diagnostics.
    pub fn describe(self, zh: bool) -> String {
        let name = match ((self.length, self.money), zh) {
            ((0, 0), true) => "不带单位的数",
            ((0, 0), false) => "a plain number",
            ((1, 0), true) => "长度",
            ((1, 0), false) => "a length",
            ((2, 0), true) => "面积",
            ((2, 0), false) => "an area",
            ((0, 1), true) => "金额",
            ((0, 1), false) => "an amount of money",
            _ => return self.base_symbol(),
        };
        name.to_string()
    }
}

impl fmt::Display for Dim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(false))
    }
}

/// A number written with a unit's symbol as reports print it: `50%`, `0.9亩`, but
/// `200 m²`.
pub fn with_symbol(number: &str, symbol: &str) -> String {
    match symbol {
        "" => number.to_string(),
        "%" | "‰" | "亩" | "公顷" => format!("{number}{symbol}"),
        s => format!("{number} {s}"),
    }
}

/// A unit a rule or a data cell may write after a number.
#[derive(Debug)]
pub struct Unit {
    /// How reports print it.
    pub symbol: &'static str,
    /// Every spelling accepted, ASCII and Chinese.
    pub spellings: &'static [&'static str],
    pub dim: Dim,
    /// Exact factor to the base unit: numerator, denominator.
    pub factor: (i64, i64),
}

/// Units are static table entries: two are equal when they are the same entry.
impl PartialEq for Unit {
    fn eq(&self, o: &Unit) -> bool {
        self.symbol == o.symbol
    }
}

impl Unit {
    pub fn factor(&self) -> Q {
        // The table below only holds non-zero denominators.
        Q::new(i128::from(self.factor.0), i128::from(self.factor.1)).unwrap_or(Q::ONE)
    }

    /// Converts a number written in this unit to the base unit.
    pub fn to_base(&self, v: Q) -> Option<Q> {
        v.checked_mul(self.factor())
    }

    /// Converts a base-unit value to this unit (for display).
    pub fn from_base(&self, v: Q) -> Option<Q> {
        v.checked_div(self.factor())
    }
}

/// Every unit ylcheck knows. The conversions are the legal definitions:
/// 1 亩 = 10000/15 m², 1 公顷 = 10000 m², 1 万元 = 10000 元, 1 亿元 = 10^8 元.
pub static UNITS: &[Unit] = &[
    Unit {
        symbol: "m²",
        spellings: &["m2", "m²", "㎡", "平方米", "平米", "sqm"],
        dim: Dim::AREA,
        factor: (1, 1),
    },
    Unit {
        symbol: "亩",
        spellings: &["亩", "mu"],
        dim: Dim::AREA,
        factor: (2000, 3),
    },
    Unit {
        symbol: "公顷",
        spellings: &["公顷", "ha", "hm2", "hm²"],
        dim: Dim::AREA,
        factor: (10_000, 1),
    },
    Unit {
        symbol: "km²",
        spellings: &["km2", "km²", "平方公里", "平方千米"],
        dim: Dim::AREA,
        factor: (1_000_000, 1),
    },
    Unit {
        symbol: "m",
        spellings: &["m", "米"],
        dim: Dim::LENGTH,
        factor: (1, 1),
    },
    Unit {
        symbol: "km",
        spellings: &["km", "公里", "千米"],
        dim: Dim::LENGTH,
        factor: (1000, 1),
    },
    Unit {
        symbol: "元",
        spellings: &["元", "yuan", "CNY", "RMB"],
        dim: Dim::MONEY,
        factor: (1, 1),
    },
    Unit {
        symbol: "万元",
        spellings: &["万元"],
        dim: Dim::MONEY,
        factor: (10_000, 1),
    },
    Unit {
        symbol: "亿元",
        spellings: &["亿元"],
        dim: Dim::MONEY,
        factor: (100_000_000, 1),
    },
    Unit {
        symbol: "%",
        spellings: &["%", "％"],
        dim: Dim::NUMBER,
        factor: (1, 100),
    },
    Unit {
        symbol: "‰",
        spellings: &["‰"],
        dim: Dim::NUMBER,
        factor: (1, 1000),
    },
];

/// Looks a unit up by any of its spellings.
pub fn lookup(spelling: &str) -> Option<&'static Unit> {
    UNITS.iter().find(|u| u.spellings.contains(&spelling))
}

/// The unit reports use for a dimension: the base unit.
pub fn base_unit(dim: Dim) -> Option<&'static Unit> {
    UNITS.iter().find(|u| u.dim == dim && u.factor == (1, 1))
}

/// Every spelling, for "did you mean" suggestions.
pub fn all_spellings() -> impl Iterator<Item = &'static str> {
    UNITS.iter().flat_map(|u| u.spellings.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The units table of docs/language.md, from [`UNITS`].
    fn table() -> String {
        let mut out = String::from("| dimension | units (all spellings accepted) |\n|---|---|\n");
        for (dim, name) in [
            (Dim::AREA, "area"),
            (Dim::LENGTH, "length"),
            (Dim::MONEY, "money"),
            (Dim::NUMBER, "plain number"),
        ] {
            let base = base_unit(dim).map_or("", |u| u.symbol);
            let units: Vec<String> = UNITS
                .iter()
                .filter(|u| u.dim == dim)
                .map(|u| {
                    let names: Vec<String> = u.spellings.iter().map(|s| format!("`{s}`")).collect();
                    let unit = if base.is_empty() {
                        String::new()
                    } else {
                        format!(" {base}")
                    };
                    let factor = match u.factor {
                        (1, 1) => String::new(),
                        (n, 1) => format!(" (= {n}{unit})"),
                        (n, d) => format!(" (= {n}/{d}{unit})"),
                    };
                    format!("{}{factor}", names.join(" "))
                })
                .collect();
            out.push_str(&format!("| {name} | {} |\n", units.join("; ")));
        }
        out
    }

    #[test]
    fn the_language_guide_lists_every_unit() {
        let doc = include_str!("../docs/language.md");
        let want = table();
        assert!(
            doc.contains(&want),
            "docs/language.md's units table should read:\n{want}"
        );
    }

    fn conv(v: &str, unit: &str) -> Q {
        lookup(unit)
            .and_then(|u| u.to_base(Q::parse_decimal(v)?))
            .unwrap_or_else(|| panic!("{v} {unit}"))
    }

    #[test]
    fn conversions_are_exact() {
        assert_eq!(conv("1.5", "亩"), Q::int(1000));
        assert_eq!(conv("55.8", "亩"), Q::int(37200));
        assert_eq!(conv("15", "亩"), Q::int(10_000));
        assert_eq!(conv("1", "公顷"), conv("15", "亩"));
        assert_eq!(conv("0.02", "km²"), Q::int(20_000));
        assert_eq!(conv("1.2", "公里"), Q::int(1200));
        assert_eq!(conv("3.5", "万元"), Q::int(35_000));
        assert_eq!(conv("15", "亿元"), Q::int(1_500_000_000));
        assert_eq!(conv("0.0001", "亿元"), conv("1", "万元"));
        assert_eq!(conv("7.2", "‰"), Q::new(72, 10_000).unwrap_or(Q::ZERO));
        assert_eq!(conv("55", "%"), Q::new(11, 20).unwrap_or(Q::ZERO));
    }

    #[test]
    fn conversions_round_trip() {
        for u in UNITS {
            let v = Q::parse_decimal("123.457").unwrap_or(Q::ZERO);
            assert_eq!(
                u.from_base(u.to_base(v).unwrap_or(Q::ZERO)),
                Some(v),
                "{}",
                u.symbol
            );
        }
    }

    #[test]
    fn dimensions_compose() {
        assert_eq!(Dim::LENGTH.times(Dim::LENGTH), Dim::AREA);
        assert_eq!(Dim::AREA.per(Dim::NUMBER), Dim::AREA);
        assert_eq!(Dim::MONEY.per(Dim::MONEY), Dim::NUMBER);
        assert_eq!(Dim::AREA.base_symbol(), "m²");
    }
}
