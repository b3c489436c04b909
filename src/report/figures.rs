//! Numbers as a report prints them: an amount in its unit, money as a finance
//! bureau writes it, and a failed comparison's figures with enough decimals to
//! tell them apart.

use crate::num::Q;
use crate::pack::Display;

/// A number with the unit it is printed in.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub value: Q,
    pub unit: String,
}

/// A failed comparison's figures as text, each with enough decimals that a failing
/// value never reads as its threshold (`1999.999 m²`, not `2000 m²`) and a
/// shortfall never as `0`.
pub struct Figures {
    pub actual: String,
    pub required: String,
    pub shortfall: Option<String>,
}

/// Most decimals a failed comparison's figures get. Values are exact and written
/// with at most a few dozen digits: a binary float's artefact (`199.99999999999997`,
/// as a spreadsheet writes a computed 200) needs 14 to differ from 200.
const MAX_PLACES: u32 = 40;

impl Figures {
    pub fn of(c: &crate::eval::Comparison) -> Figures {
        let at = |q: Q, places: u32| amount(q, &c.display).show_at(places);
        let mut places = 2;
        while places < MAX_PLACES
            && c.actual != c.required
            && at(c.actual, places) == at(c.required, places)
        {
            places += 1;
        }
        let shortfall = c.shortfall.map(|q| {
            let mut p = places;
            while p < MAX_PLACES
                && !q.is_zero()
                && !at(q, p).chars().any(|ch| ('1'..='9').contains(&ch))
            {
                p += 1;
            }
            at(q, p)
        });
        // A reported figure is shown as written, with every decimal it was
        // written with (`69.00%`), and more where telling it apart needs them.
        let actual = match c.written.map(|half| written_places(half, &c.display)) {
            Some(w) if w >= places => amount(c.actual, &c.display).show_fixed(w),
            _ => at(c.actual, places),
        };
        Figures {
            actual,
            required: at(c.required, places),
            shortfall,
        }
    }
}

/// The decimals a reported figure was written with, in its display unit: half a
/// unit of its last digit is `half` (0.005 % for `69.00%`).
pub fn written_places(half: Q, display: &Display) -> u32 {
    let half = amount(half, display).value;
    (0..=6u32)
        .find(|&p| Q::decimal(5, p + 1).checked_cmp(half) == Some(std::cmp::Ordering::Equal))
        .unwrap_or(2)
}

impl Amount {
    pub fn show(&self) -> String {
        self.show_at(2)
    }

    /// With up to `places` decimals (trailing zeros dropped); money as `money` writes it.
    pub fn show_at(&self, places: u32) -> String {
        self.with_unit(self.value.to_decimal_string(places), places)
    }

    /// With exactly `places` decimals, trailing zeros kept: a figure as it was
    /// written (`67.00%`).
    pub fn show_fixed(&self, places: u32) -> String {
        let mut v = self.value.to_decimal_string(places);
        let have = v.split_once('.').map_or(0, |(_, f)| f.len());
        if have == 0 && places > 0 {
            v.push('.');
        }
        v.extend(std::iter::repeat_n(
            '0',
            (places as usize).saturating_sub(have),
        ));
        self.with_unit(v, places)
    }

    fn with_unit(&self, v: String, places: u32) -> String {
        match self.unit.as_str() {
            "元" => money(self.value, places),
            "万元" => self
                .value
                .checked_mul(Q::int(10_000))
                .map_or_else(|| format!("{v}万元"), |y| money(y, places)),
            "亿元" => self
                .value
                .checked_mul(Q::int(100_000_000))
                .map_or_else(|| format!("{v}亿元"), |y| money(y, places)),
            u => crate::units::with_symbol(&v, u),
        }
    }
}

/// An amount of money as a finance bureau writes it: `15亿元`, `850万元` where that
/// is exact to the fen, else every 元 with thousands separators and up to `places`
/// decimals (`1,234,567.5 元`); under 10,000 元 as is (`2000元`).
fn money(yuan: Q, places: u32) -> String {
    let exact_in = |unit: i64| {
        yuan.checked_div(Q::int(unit))
            .and_then(|v| v.checked_mul(Q::int(100)).map(|c| (v, c.is_integer())))
    };
    let abs = if yuan.is_negative() {
        yuan.checked_neg().unwrap_or(yuan)
    } else {
        yuan
    };
    for (unit, name) in [(100_000_000, "亿元"), (10_000, "万元")] {
        if abs.checked_cmp(Q::int(unit)).is_some_and(|o| o.is_ge())
            && let Some((v, true)) = exact_in(unit)
        {
            return format!("{}{name}", v.to_decimal_string(2));
        }
    }
    if abs.checked_cmp(Q::int(10_000)).is_some_and(|o| o.is_lt()) {
        return format!("{}元", yuan.to_decimal_string(places));
    }
    let text = yuan.to_decimal_string(places);
    let (sign, digits) = text.split_at(usize::from(text.starts_with('-')));
    let (int, frac) = digits.split_once('.').map_or((digits, ""), |(i, f)| (i, f));
    let mut grouped = String::new();
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let frac = if frac.is_empty() {
        String::new()
    } else {
        format!(".{frac}")
    };
    format!("{sign}{grouped}{frac} 元")
}

/// Converts a base-unit value to how `display` prints it.
pub fn amount(v: Q, display: &Display) -> Amount {
    match display.unit {
        Some(u) => Amount {
            value: u.from_base(v).unwrap_or(v),
            unit: u.symbol.to_string(),
        },
        None => Amount {
            value: v,
            unit: display.symbol.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yuan(s: &str) -> String {
        let q = crate::num::Q::parse_decimal(s).unwrap_or_else(|| panic!("{s}"));
        Amount {
            value: q,
            unit: "元".into(),
        }
        .show()
    }

    #[test]
    fn money_is_written_as_a_finance_bureau_writes_it() {
        assert_eq!(yuan("1500000000"), "15亿元");
        assert_eq!(yuan("150000000"), "1.5亿元");
        assert_eq!(yuan("8500000"), "850万元");
        assert_eq!(yuan("12345.67"), "12,345.67 元");
        assert_eq!(yuan("1234567"), "1,234,567 元");
        assert_eq!(yuan("2000"), "2000元");
        assert_eq!(yuan("-30000"), "-3万元");
        assert_eq!(yuan("100000000.5"), "100,000,000.5 元");
        // More decimals where a failing figure needs them to differ from its limit.
        let odd = Amount {
            value: crate::num::Q::parse_decimal("80000.004").unwrap_or_else(|| panic!()),
            unit: "元".into(),
        };
        assert_eq!(odd.show(), "80,000 元");
        assert_eq!(odd.show_at(3), "80,000.004 元");
        let share = Amount {
            value: Q::int(50),
            unit: "%".into(),
        };
        assert_eq!(share.show_fixed(2), "50.00%");
        let wan = Amount {
            value: Q::int(800),
            unit: "万元".into(),
        };
        assert_eq!(wan.show(), "800万元");
        let big = Amount {
            value: Q::int(15_000),
            unit: "万元".into(),
        };
        assert_eq!(big.show(), "1.5亿元");
    }
}
