//! Exact rational numbers.
//!
//! Planning thresholds sit exactly on values that binary floating point cannot hold
//! (`55.8 亩` is exactly 37 200 m², one 亩 being 2000/3 m²), and a value exactly on a
//! threshold must pass. So every quantity is a reduced fraction of two `i128`s, and
//! every operation is checked: an overflow yields `None`, which the evaluator reports
//! as `unknown` rather than a wrong answer.

use std::cmp::Ordering;
use std::fmt;

/// An exact rational number `n / d`, always reduced, with `d > 0`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Q {
    n: i128,
    d: i128,
}

/// Binary GCD: shifts and subtractions, no 128-bit division (which is slow).
fn gcd(a: i128, b: i128) -> i128 {
    let (a, b) = (a.unsigned_abs(), b.unsigned_abs());
    if a == 0 || b == 0 {
        return (a | b) as i128;
    }
    if let (Ok(a), Ok(b)) = (u64::try_from(a), u64::try_from(b)) {
        return gcd64(a, b) as i128;
    }
    let (mut a, mut b) = (a, b);
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return (a << shift) as i128;
        }
    }
}

fn gcd64(mut a: u64, mut b: u64) -> u64 {
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

impl Q {
    pub const ZERO: Q = Q { n: 0, d: 1 };
    pub const ONE: Q = Q { n: 1, d: 1 };

    pub const fn int(n: i64) -> Q {
        Q { n: n as i128, d: 1 }
    }

    /// `n / d`, reduced; `None` when `d == 0`.
    pub fn new(n: i128, d: i128) -> Option<Q> {
        if d == 0 {
            return None;
        }
        if d == 1 {
            return Some(Q { n, d });
        }
        // Most values fit in 64 bits, where division is several times faster.
        if let (Ok(n64), Ok(d64)) = (i64::try_from(n), i64::try_from(d))
            && n64 != i64::MIN
            && d64 > 0
        {
            let g = gcd64(n64.unsigned_abs(), d64.unsigned_abs()).max(1) as i64;
            return Some(Q {
                n: i128::from(n64 / g),
                d: i128::from(d64 / g),
            });
        }
        let g = gcd(n, d);
        let (mut n, mut d) = (n / g, d / g);
        if d < 0 {
            n = n.checked_neg()?;
            d = d.checked_neg()?;
        }
        Some(Q { n, d })
    }

    /// `n / 10^scale`, reduced without a general gcd: only 2s and 5s can be shared.
    pub fn decimal(n: i64, scale: u32) -> Q {
        let (mut n, mut d, mut k) = (n, 1i64, scale);
        while k > 0 && n % 10 == 0 {
            n /= 10;
            k -= 1;
        }
        if k == 0 {
            return Q {
                n: i128::from(n),
                d: 1,
            };
        }
        // n is not divisible by 10: it shares with 10^k either 2s or 5s, not both.
        let (mut twos, mut fives) = (k, k);
        if n % 2 == 0 {
            let t = n.trailing_zeros().min(k);
            n >>= t;
            twos -= t;
        } else {
            while fives > 0 && n % 5 == 0 {
                n /= 5;
                fives -= 1;
            }
        }
        d <<= twos;
        d *= 5i64.pow(fives);
        Q {
            n: i128::from(n),
            d: i128::from(d),
        }
    }

    pub fn numer(self) -> i128 {
        self.n
    }
    pub fn denom(self) -> i128 {
        self.d
    }
    pub fn is_zero(self) -> bool {
        self.n == 0
    }
    pub fn is_negative(self) -> bool {
        self.n < 0
    }
    pub fn is_integer(self) -> bool {
        self.d == 1
    }

    /// The decimals the value has when written out exactly, if it ends within
    /// `max` of them (`199.99999999999997`: 14; a third: none).
    pub fn exact_places(self, max: u32) -> Option<u32> {
        // Reduced, so it ends iff the denominator has no prime factor but 2 and 5;
        // then the places are the larger of the two exponents.
        let mut d = self.d.unsigned_abs();
        let (mut twos, mut fives) = (0u32, 0u32);
        while d.is_multiple_of(2) {
            d /= 2;
            twos += 1;
        }
        while d.is_multiple_of(5) {
            d /= 5;
            fives += 1;
        }
        let places = twos.max(fives);
        (d == 1 && places <= max).then_some(places)
    }

    /// Written out with every decimal it has, up to `max`; a value that does not
    /// end there is rounded to `fallback` places, or to its first nonzero one.
    pub fn to_shown_decimal(self, max: u32, fallback: u32) -> String {
        let mut places = self.exact_places(max).unwrap_or(fallback);
        let mut text = self.to_decimal_string(places);
        while !self.is_zero() && places < max && !text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
            places += 1;
            text = self.to_decimal_string(places);
        }
        text
    }

    pub fn checked_add(self, o: Q) -> Option<Q> {
        if self.d == 1 && o.d == 1 {
            return Some(Q {
                n: self.n.checked_add(o.n)?,
                d: 1,
            });
        }
        let g = gcd(self.d, o.d);
        let l = self.d / g;
        let n = self
            .n
            .checked_mul(o.d / g)?
            .checked_add(o.n.checked_mul(l)?)?;
        Q::new(n, l.checked_mul(o.d)?)
    }

    pub fn checked_neg(self) -> Option<Q> {
        Some(Q {
            n: self.n.checked_neg()?,
            d: self.d,
        })
    }

    pub fn checked_sub(self, o: Q) -> Option<Q> {
        self.checked_add(o.checked_neg()?)
    }

    pub fn checked_mul(self, o: Q) -> Option<Q> {
        if self.d == 1 && o.d == 1 {
            return Some(Q {
                n: self.n.checked_mul(o.n)?,
                d: 1,
            });
        }
        if o.d == 1 && o.n == 1 {
            return Some(self);
        }
        if self.d == 1 && self.n == 1 {
            return Some(o);
        }
        // Cross-reduce first so intermediate products stay small.
        let g1 = gcd(self.n, o.d);
        let g2 = gcd(o.n, self.d);
        let (g1, g2) = (g1.max(1), g2.max(1));
        let n = (self.n / g1).checked_mul(o.n / g2)?;
        let d = (self.d / g2).checked_mul(o.d / g1)?;
        // Already reduced: a/b and c/d being reduced, a/g1 shares nothing with b/g2
        // or d/g1, nor c/g2 with either; so no third gcd. Both denominators are
        // positive, and a zero factor leaves 0/1 (its gcd with the other's
        // denominator is that denominator, and its own denominator is 1).
        Some(Q { n, d })
    }

    /// `checked_mul` as first written, reducing the product afresh: what the
    /// shortcuts above must equal.
    #[cfg(test)]
    fn mul_reference(self, o: Q) -> Option<Q> {
        Q::new(self.n.checked_mul(o.n)?, self.d.checked_mul(o.d)?)
    }

    /// `None` on division by zero or overflow.
    pub fn checked_div(self, o: Q) -> Option<Q> {
        if o.n == 0 {
            return None;
        }
        self.checked_mul(Q::new(o.d, o.n)?)
    }

    /// Exact comparison; `None` only if the cross products overflow.
    pub fn checked_cmp(self, o: Q) -> Option<Ordering> {
        if self.d == o.d {
            return Some(self.n.cmp(&o.n));
        }
        // Parts within 64 bits (nearly every cell's decimal) cross-multiply
        // within 128 bits: nothing to check.
        if let (Ok(a), Ok(b), Ok(c), Ok(d)) = (
            i64::try_from(self.n),
            i64::try_from(self.d),
            i64::try_from(o.n),
            i64::try_from(o.d),
        ) {
            return Some((i128::from(a) * i128::from(d)).cmp(&(i128::from(c) * i128::from(b))));
        }
        let a = self.n.checked_mul(o.d)?;
        let b = o.n.checked_mul(self.d)?;
        Some(a.cmp(&b))
    }

    /// Parses a plain decimal such as `-12.73`, `2000`, `1e3` or `.5` exactly.
    /// Returns `None` for anything else (including `NaN`, `inf`, `1e309`).
    pub fn parse_decimal(s: &str) -> Option<Q> {
        let s = s.trim();
        let (neg, body) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (mant, exp) = match body.find(['e', 'E']) {
            Some(i) => (&body[..i], body[i + 1..].parse::<i32>().ok()?),
            None => (body, 0),
        };
        let (int, frac) = match mant.split_once('.') {
            Some((a, b)) => (a, b),
            None => (mant, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = int.len() + frac.len();
        if digits > 30 {
            return None;
        }
        let mut n: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            n = n.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
        let scale = exp.checked_sub(i32::try_from(frac.len()).ok()?)?;
        if !(-30..=30).contains(&scale) {
            return None;
        }
        let p = 10i128.checked_pow(scale.unsigned_abs())?;
        let q = if scale >= 0 {
            Q::new(n.checked_mul(p)?, 1)?
        } else {
            Q::new(n, p)?
        };
        if neg { q.checked_neg() } else { Some(q) }
    }

    pub fn to_f64(self) -> f64 {
        self.n as f64 / self.d as f64
    }

    /// A decimal rendering: exact when the fraction terminates within `max_frac`
    /// digits, otherwise rounded half away from zero to `max_frac` digits.
    pub fn to_decimal_string(self, max_frac: u32) -> String {
        let neg = self.n < 0;
        let n = self.n.unsigned_abs();
        let d = self.d.unsigned_abs();
        let mut int = n / d;
        let mut rem = n % d;
        let mut frac = Vec::new();
        for _ in 0..max_frac {
            if rem == 0 {
                break;
            }
            // A denominator near the type's limit: the digits stop, rounded below.
            let Some(r) = rem.checked_mul(10) else {
                break;
            };
            rem = r;
            frac.push((rem / d) as u8);
            rem %= d;
        }
        if rem != 0 && rem >= d - rem {
            // round up, carrying through the fraction digits
            let mut i = frac.len();
            loop {
                if i == 0 {
                    int += 1;
                    break;
                }
                i -= 1;
                if frac[i] == 9 {
                    frac[i] = 0;
                } else {
                    frac[i] += 1;
                    break;
                }
            }
        }
        while frac.last() == Some(&0) {
            frac.pop();
        }
        let mut s = String::new();
        if neg && (int != 0 || !frac.is_empty()) {
            s.push('-');
        }
        s.push_str(&int.to_string());
        if !frac.is_empty() {
            s.push('.');
            s.extend(frac.iter().map(|d| char::from(b'0' + d)));
        }
        s
    }
}

impl PartialOrd for Q {
    fn partial_cmp(&self, o: &Q) -> Option<Ordering> {
        self.checked_cmp(*o)
    }
}

impl fmt::Debug for Q {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.d == 1 {
            write!(f, "{}", self.n)
        } else {
            write!(f, "{}/{}", self.n, self.d)
        }
    }
}

impl fmt::Display for Q {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_decimal_string(4))
    }
}

/// A [`Q`] as a record holds it, in 24 bytes rather than 32: a numerator and
/// denominator of 64 bits where they fit (a cell's number nearly always does),
/// else the whole `Q` boxed. A record's value is then 32 bytes, not 48, which is
/// most of what a plan held whole costs.
#[derive(Clone, PartialEq, Eq)]
pub struct Num(Stored);

/// Small whenever the value fits, so equal values are stored alike.
#[derive(Clone, PartialEq, Eq)]
enum Stored {
    Small(i64, i64),
    Big(Box<Q>),
}

impl Num {
    /// The number.
    #[inline]
    pub fn q(&self) -> Q {
        match &self.0 {
            Stored::Small(n, d) => Q {
                n: i128::from(*n),
                d: i128::from(*d),
            },
            Stored::Big(q) => **q,
        }
    }
}

impl From<Q> for Num {
    fn from(q: Q) -> Num {
        match (i64::try_from(q.n), i64::try_from(q.d)) {
            (Ok(n), Ok(d)) => Num(Stored::Small(n, d)),
            _ => Num(Stored::Big(Box::new(q))),
        }
    }
}

impl fmt::Debug for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.q(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_number_is_the_number() {
        for q in [
            Q::ZERO,
            Q::int(-7),
            Q::decimal(12_345, 3),
            Q::new(2000, 3).unwrap_or(Q::ZERO),
            Q::new(i128::from(i64::MAX) + 1, 3).unwrap_or(Q::ZERO),
            Q::new(1, i128::from(i64::MAX) * 5).unwrap_or(Q::ZERO),
            Q::new(i128::MIN + 1, 1).unwrap_or(Q::ZERO),
        ] {
            let n = Num::from(q);
            assert_eq!(n.q(), q);
            assert_eq!(n, Num::from(n.q()));
        }
        assert!(matches!(Num::from(Q::int(3)).0, Stored::Small(3, 1)));
        assert!(std::mem::size_of::<Num>() <= 24);
    }

    fn q(s: &str) -> Q {
        Q::parse_decimal(s).unwrap_or_else(|| panic!("bad {s}"))
    }

    #[test]
    fn parses_decimals_exactly() {
        assert_eq!(q("12.73"), Q::new(1273, 100).unwrap());
        assert_eq!(q("-0.5"), Q::new(-1, 2).unwrap());
        assert_eq!(q("1e3"), Q::int(1000));
        assert_eq!(q(".25"), Q::new(1, 4).unwrap());
        for bad in ["", "abc", "12,5", "NaN", "inf", "1e309", "1.2.3", "-", "."] {
            assert_eq!(Q::parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn decimals_reduce_like_new() {
        for n in [0i64, 1, 2, 5, 8, 25, 125, 1250, 2000, 37, 1024, 999_999_999] {
            for k in 0..6 {
                assert_eq!(
                    Q::decimal(n, k),
                    Q::new(i128::from(n), 10i128.pow(k)).unwrap(),
                    "{n}e-{k}"
                );
            }
        }
    }

    #[test]
    fn arithmetic_is_exact() {
        // 1240 households / 100 × 30 m² = 372 m²
        let need = Q::int(1240)
            .checked_div(Q::int(100))
            .unwrap()
            .checked_mul(Q::int(30))
            .unwrap();
        assert_eq!(need, Q::int(372));
        // 55.8 亩 = 55.8 × 2000/3 m² = 37200 m² = 0.2 × 186000
        let mu = Q::new(2000, 3).unwrap();
        assert_eq!(q("55.8").checked_mul(mu).unwrap(), Q::int(37200));
        assert_eq!(q("0.2").checked_mul(Q::int(186000)).unwrap(), Q::int(37200));
        assert_eq!(Q::ONE.checked_div(Q::ZERO), None);
        assert_eq!(Q::new(i128::MAX, 1).unwrap().checked_add(Q::ONE), None);
    }

    /// The comparison as first written: checked cross products.
    fn cmp_reference(a: Q, b: Q) -> Option<Ordering> {
        Some(a.n.checked_mul(b.d)?.cmp(&b.n.checked_mul(a.d)?))
    }

    /// A decimal as cells write them (`123.45`, `-0.007`, `2000`), or, now and
    /// then, a fraction of another denominator (a 亩's 2000/3) or a large one.
    fn decimal() -> impl proptest::strategy::Strategy<Value = Q> {
        use proptest::prelude::*;
        prop_oneof![
            4 => (-10_000_000_000i64..10_000_000_000, 0u32..7).prop_map(|(n, k)| Q::decimal(n, k)),
            1 => (-1_000_000i128..1_000_000, 1i128..10_000).prop_map(|(n, d)| Q::new(n, d).unwrap_or(Q::ZERO)),
            1 => (any::<i64>(), 0u32..19).prop_map(|(n, k)| Q::decimal(n, k)),
            1 => (any::<i128>(), 1i128..1_000_000_007).prop_map(|(n, d)| Q::new(n, d).unwrap_or(Q::ZERO)),
            1 => Just(Q::ONE),
            1 => Just(Q::ZERO),
        ]
    }

    proptest::proptest! {
        /// The multiplication's shortcuts (a factor of one, no third gcd) and the
        /// comparison's 64-bit path give what reducing afresh and checked cross
        /// products give, on random decimals.
        #[test]
        fn fast_paths_equal_the_exact_ones(a in decimal(), b in decimal()) {
            // Cross-reducing first may keep within 128 bits a product that the
            // reference overflows; where the reference has one, both agree.
            if let Some(r) = a.mul_reference(b) {
                proptest::prop_assert_eq!(a.checked_mul(b), Some(r));
                proptest::prop_assert_eq!(b.checked_mul(a), Some(r));
            }
            if let Some(r) = cmp_reference(a, b) {
                proptest::prop_assert_eq!(a.checked_cmp(b), Some(r));
            }
            // Every result is reduced, as equality and hashing need.
            if let Some(p) = a.checked_mul(b) {
                proptest::prop_assert_eq!(Q::new(p.n, p.d), Some(p));
                proptest::prop_assert!(p.d > 0);
            }
        }
    }

    #[test]
    fn renders_decimals() {
        assert_eq!(Q::new(2000, 3).unwrap().to_decimal_string(2), "666.67");
        assert_eq!(Q::new(-1, 8).unwrap().to_decimal_string(4), "-0.125");
        assert_eq!(Q::new(999, 1000).unwrap().to_decimal_string(2), "1");
        assert_eq!(Q::int(372).to_string(), "372");
    }

    #[test]
    fn shows_every_decimal_a_value_has() {
        let artefact = Q::parse_decimal("199.99999999999997").unwrap();
        assert_eq!(artefact.exact_places(40), Some(14));
        assert_eq!(artefact.to_shown_decimal(40, 6), "199.99999999999997");
        assert_eq!(Q::int(200).to_shown_decimal(40, 6), "200");
        // A value that never ends: rounded, but never to a zero it is not.
        assert_eq!(Q::new(1, 3).unwrap().exact_places(40), None);
        assert_eq!(Q::new(1, 3).unwrap().to_shown_decimal(40, 6), "0.333333");
        assert_eq!(
            Q::new(1, 3_000_000_000).unwrap().to_shown_decimal(40, 6),
            "0.0000000003"
        );
        // A denominator near the type's limit stops the digits instead of overflowing.
        let tiny = Q::new(1, i128::MAX).unwrap();
        let text = tiny.to_decimal_string(60);
        assert!(text.starts_with("0.000000") && text.len() < 62, "{text}");
    }
}
