//! Reads one cell's text as its field's type.
//!
//! Cells are written by hand in spreadsheets, so the common spellings are accepted
//! (`1.5 亩`, `２０００`, `1,234.5`, `2022年12月31日`, `√`), but nothing is guessed:
//! `12,5` could be twelve and a half or a typo for 125, so it is not a number, and a
//! cell that cannot be read becomes [`Value::Invalid`] rather than zero.
//!
//! This runs once per cell of every input, so the numeric path allocates nothing.

use super::{Invalid, Problem, Value};
use crate::num::Q;
use crate::schema::FieldType;
use crate::units::{self, Dim, Unit};

/// Words that name what is counted (`120张`, `3所`). They are not units: they only
/// make sense after a plain number and are dropped there.
pub const COUNT_WORDS: &[&str] = &[
    "张", "个", "户", "人", "人次", "所", "处", "床", "间", "名", "家",
];

/// `text` without blanks at its ends. Cells rarely carry any, and most begin and
/// end with a Chinese character: one look at each end decides, where `str::trim`
/// would run its general search on every cell.
pub(crate) fn trimmed(text: &str) -> &str {
    let blank = |c: Option<char>| c.is_some_and(char::is_whitespace);
    let mut chars = text.chars();
    if blank(chars.next()) || blank(chars.next_back()) {
        text.trim()
    } else {
        text
    }
}

pub fn parse_cell<'a>(text: &'a str, ty: &FieldType) -> Value<'a> {
    let text = trimmed(text);
    if text.is_empty() {
        return Value::Missing;
    }
    match ty {
        // Places are resolved against the gazetteer by the run, which knows it.
        FieldType::Text | FieldType::Place => Value::Text(text.into()),
        // A smaller unit by its identity; a short form (`午朝门`) may be any unit of
        // its stem, so it compares with none (a candidate that may count).
        FieldType::Locality => match crate::region::shipped_index() {
            Some((_, ix)) => match crate::region::unit_name(ix, text) {
                Ok(name) => Value::Text(name),
                Err(_) => invalid(text, Problem::ShortUnit),
            },
            None => Value::Text(text.into()),
        },
        FieldType::Bool => match parse_bool(text) {
            Some(b) => Value::Bool(b),
            None => invalid(text, Problem::BadBool),
        },
        FieldType::Date => match cell_date(text) {
            Some(d) => Value::Date(d),
            None => invalid(text, Problem::BadDate),
        },
        // A cell of separators only lists nothing: as blank as an empty cell.
        FieldType::List if crate::data::list_items(text).next().is_none() => Value::Missing,
        FieldType::List => Value::List(text.into()),
        FieldType::Geometry => match crate::spatial::parse_cell(text) {
            Some(s) => Value::Shape(std::sync::Arc::new(s)),
            None if crate::spatial::looks_swapped(text) => invalid(text, Problem::SwappedPoint),
            None => invalid(text, Problem::BadPoint),
        },
        FieldType::Enum(_) => match ty.variant(text).or_else(|| loose_variant(text, ty)) {
            Some(i) => Value::Enum(i),
            None => invalid(text, Problem::UnknownEnum),
        },
        FieldType::Quantity {
            dim,
            unit,
            count,
            reported,
        } => {
            let v = whole(text, *count, parse_quantity(text, *dim, Ok(*unit)));
            if *reported {
                as_reported(text, v, *unit)
            } else {
                v
            }
        }
    }
}

/// An enum label typed with ASCII parentheses or inner blanks (`农村幸福院(日间照料中心)`,
/// `乡镇 敬老院`): the same label, so it is matched as the rules write it. A label
/// followed by the word its things are counted in, in parentheses, as a task table's
/// row heads write it (`街道综合养老服务设施(所)`), is the label.
fn loose_variant(text: &str, ty: &FieldType) -> Option<u16> {
    if !text.contains(['(', ')', '（', '）']) && !text.contains(char::is_whitespace) {
        return None;
    }
    let loose: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect();
    ty.variant(&loose).or_else(|| {
        let head = loose.strip_suffix('）')?;
        let (label, word) = head.rsplit_once('（')?;
        (!label.is_empty() && COUNT_WORDS.contains(&word))
            .then(|| ty.variant(label))
            .flatten()
    })
}

pub(crate) fn invalid(text: &str, problem: Problem) -> Value<'static> {
    Value::Invalid(Box::new(Invalid {
        text: text.into(),
        problem,
    }))
}

/// Reads a quantity of dimension `dim`. `bare` says what a number without a unit
/// means: `Ok(unit)` (`None` = the base unit), or `Err(problem)` when the column
/// header named a unit that cannot apply, so only cells with their own unit count.
pub fn parse_quantity(
    text: &str,
    dim: Dim,
    bare: Result<Option<&'static Unit>, &Problem>,
) -> Value<'static> {
    // Most cells are a plain number such as `2000` or `12.5`: read them directly.
    if let Some(q) = plain_decimal(text.as_bytes()) {
        return match bare {
            Ok(None) => Value::Num(q.into()),
            Ok(Some(u)) => u.to_base(q).map_or_else(
                || invalid(text, Problem::NotANumber),
                |q| Value::Num(q.into()),
            ),
            Err(problem) => invalid(text, problem.clone()),
        };
    }
    let text = trimmed(text);
    if text.is_empty() {
        return Value::Missing;
    }
    let (number, suffix) = split_number(text);
    let Some(q) = read_number(number) else {
        return invalid(text, Problem::NotANumber);
    };
    let written = trimmed(suffix);
    let (times, suffix) = suffix_parts(suffix);
    let q = match times {
        Some(m) => match q.checked_mul(m) {
            Some(q) => q,
            None => return invalid(text, Problem::NotANumber),
        },
        None => q,
    };
    let unit = if suffix.is_empty() || (dim.is_number() && COUNT_WORDS.contains(&suffix)) {
        match bare {
            Ok(unit) => unit,
            Err(problem) => return invalid(text, problem.clone()),
        }
    } else if suffix.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | ','))
    {
        // `2000-3000`, `1.2.3`: a malformed number, not a unit.
        return invalid(text, Problem::NotANumber);
    } else {
        match lookup_unit(suffix) {
            Some(u) if u.dim == dim => Some(u),
            Some(_) => {
                return invalid(
                    text,
                    Problem::WrongUnit {
                        unit: written.into(),
                    },
                );
            }
            None => {
                return invalid(
                    text,
                    Problem::UnknownUnit {
                        unit: written.into(),
                    },
                );
            }
        }
    };
    let q = match unit {
        Some(u) => match u.to_base(q) {
            Some(q) => q,
            None => return invalid(text, Problem::NotANumber),
        },
        None => q,
    };
    if q.is_negative() {
        return invalid(text, Problem::Negative);
    }
    Value::Num(q.into())
}

/// A figure kept with its precision: half a unit of its last written digit, in the
/// unit it was written in (`67%` ± 0.5 %, `12.73%` ± 0.005 %).
pub(crate) fn as_reported(
    text: &str,
    v: Value<'static>,
    bare: Option<&'static Unit>,
) -> Value<'static> {
    let Value::Num(value) = &v else { return v };
    let value = value.q();
    let text = trimmed(text);
    let (number, suffix) = split_number(text);
    let decimals = number
        .split_once(['.', '．'])
        .map_or(0, |(_, f)| f.chars().filter(char::is_ascii_digit).count());
    let (times, suffix) = suffix_parts(suffix);
    let unit = lookup_unit(suffix).or(bare);
    let factor = unit.map_or(Q::ONE, Unit::factor);
    let Some(factor) = (match times {
        Some(m) => factor.checked_mul(m),
        None => Some(factor),
    }) else {
        return v;
    };
    let half = u32::try_from(decimals)
        .ok()
        .and_then(|d| 10i128.checked_pow(d + 1))
        .and_then(|p| Q::new(5, p))
        .and_then(|h| h.checked_mul(factor));
    match half {
        Some(half) => Value::Reported(Box::new(super::Reported { value, half })),
        None => v,
    }
}

/// The number of a cell written without a unit (`0.6`, `６０`), else `None`.
pub(crate) fn bare_number(text: &str) -> Option<Q> {
    let (number, suffix) = split_number(trimmed(text));
    if !trimmed(suffix).is_empty() {
        return None;
    }
    read_number(number)
}

/// A count must be a whole number, written without `%` or `‰`.
pub(crate) fn whole(text: &str, count: bool, v: Value<'static>) -> Value<'static> {
    if !count || text.bytes().all(|b| b.is_ascii_digit()) {
        return v;
    }
    if let Some(sym) = ['%', '％', '‰'].into_iter().find(|c| text.contains(*c)) {
        return invalid(
            text,
            Problem::WrongUnit {
                unit: sym.to_string().into(),
            },
        );
    }
    match v {
        Value::Num(q) if !q.q().is_integer() => invalid(text, Problem::NotWhole),
        v => v,
    }
}

/// `digits[.digits]` with at most 18 digits, exactly; anything else is left to the
/// general path.
fn plain_decimal(b: &[u8]) -> Option<Q> {
    if b.is_empty() || b.len() > 19 {
        return None;
    }
    let (mut n, mut scale, mut dot, mut digits) = (0i64, 0u32, false, 0);
    for &c in b {
        match c {
            b'0'..=b'9' => {
                n = n * 10 + i64::from(c - b'0');
                digits += 1;
                scale += u32::from(dot);
            }
            b'.' if !dot => dot = true,
            _ => return None,
        }
    }
    if digits == 0 || digits > 18 {
        return None;
    }
    Some(Q::decimal(n, scale))
}

/// `万` and `亿` before a unit multiply exactly, as bureau tables write large figures.
const MULTIPLIERS: [(char, Q); 2] = [('万', Q::int(10_000)), ('亿', Q::int(100_000_000))];

/// What follows a number: the multiplier it starts with where that is not part of
/// a unit (`25.6万`, `0.025万平方米`, `15亿`, but `3.5万元` and `15亿元` are the units
/// 万元 and 亿元), and the unit or count word, unwrapped from the parentheses a
/// header's unit is written in when copied into a cell (`250（平方米）`).
fn suffix_parts(suffix: &str) -> (Option<Q>, &str) {
    let s = unparen(suffix.trim());
    if s.is_empty() || lookup_unit(s).is_some() {
        return (None, s);
    }
    for (c, m) in MULTIPLIERS {
        if let Some(rest) = s.strip_prefix(c) {
            return (Some(m), unparen(rest.trim()));
        }
    }
    (None, s)
}

/// `（平方米）` or `(平方米)` as `平方米`; anything else as it is.
fn unparen(s: &str) -> &str {
    s.strip_prefix(['（', '('])
        .and_then(|r| r.strip_suffix(['）', ')']))
        .map_or(s, str::trim)
}

/// A unit by its spelling, forgiving ASCII case (`M2`, `KM`, `Ha`).
pub fn lookup_unit(s: &str) -> Option<&'static Unit> {
    units::lookup(s).or_else(|| {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            units::lookup(&s.to_ascii_lowercase())
        } else if s.bytes().any(|b| b.is_ascii_lowercase()) {
            units::lookup(&s.to_ascii_uppercase())
        } else {
            None
        }
    })
}

fn is_number_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '.' | ',' | '０'..='９' | '．')
}

/// Splits `1.5 亩` into `1.5` and ` 亩`: a sign, then digits, points, thousands
/// commas, and an exponent only where digits follow it.
fn split_number(s: &str) -> (&str, &str) {
    let mut end = 0;
    let mut chars = s.char_indices().peekable();
    if let Some(&(_, c)) = chars.peek()
        && matches!(c, '-' | '+' | '－' | '＋')
    {
        chars.next();
        end = c.len_utf8();
    }
    while let Some(&(i, c)) = chars.peek() {
        if is_number_char(c) {
            chars.next();
            end = i + c.len_utf8();
        } else if matches!(c, 'e' | 'E') {
            let after = &s[i + 1..];
            let unsigned = after.strip_prefix(['-', '+']).unwrap_or(after);
            let digits = unsigned.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 {
                end = s.len() - unsigned.len() + digits;
            }
            break;
        } else {
            break;
        }
    }
    (&s[..end], &s[end..])
}

/// The exact value of a decimal, allowing full-width digits and strict thousands
/// separators (`1,234,567.5`). Nothing is allocated: unusual spellings are copied
/// to ASCII in a stack buffer.
fn read_number(s: &str) -> Option<Q> {
    if !s.bytes().any(|b| b.is_ascii_digit() || b >= 0x80) {
        return None;
    }
    if s.is_ascii() && !s.contains(',') {
        return Q::parse_decimal(s);
    }
    let mut buf = [0u8; 64];
    let mut len = 0;
    for c in s.chars() {
        let b = match c {
            '０'..='９' => b'0' + (c as u32 - '０' as u32) as u8,
            '．' => b'.',
            '－' => b'-',
            '＋' => b'+',
            c if c.is_ascii() => c as u8,
            _ => return None,
        };
        *buf.get_mut(len)? = b;
        len += 1;
    }
    let ascii = std::str::from_utf8(&buf[..len]).ok()?;
    if !ascii.contains(',') {
        return Q::parse_decimal(ascii);
    }
    let body = ascii.trim_start_matches(['-', '+']);
    if ascii.len() - body.len() > 1 {
        return None;
    }
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let mut groups = int.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 || first.contains(['e', 'E']) {
        return None;
    }
    if !groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    if frac.contains(',') {
        return None;
    }
    let mut plain = [0u8; 64];
    let mut n = 0;
    for &b in ascii.as_bytes() {
        if b != b',' {
            plain[n] = b;
            n += 1;
        }
    }
    Q::parse_decimal(std::str::from_utf8(&plain[..n]).ok()?)
}

fn parse_bool(s: &str) -> Option<bool> {
    const TRUE: &[&str] = &["是", "true", "yes", "y", "1", "√", "✓", "✔", "对"];
    const FALSE: &[&str] = &["否", "false", "no", "n", "0", "×", "✗", "✘", "x"];
    if TRUE.iter().any(|t| t.eq_ignore_ascii_case(s)) {
        Some(true)
    } else if FALSE.iter().any(|f| f.eq_ignore_ascii_case(s)) {
        Some(false)
    } else {
        None
    }
}

/// A date cell as bureaus write it: `2022-12-31`, `2022/12/31`, `2022.12.31` or
/// `2022年12月31日`, with one- or two-digit month and day; a time after a space or
/// `T` (Excel writes `2022/12/31 0:00`) is ignored.
pub fn cell_date(s: &str) -> Option<jiff::civil::Date> {
    let s = match s.find([' ', 'T']) {
        Some(i)
            if s[i + 1..]
                .trim()
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b':' || b == b'.') =>
        {
            &s[..i]
        }
        _ => s,
    };
    let (year, rest, chinese) = if let Some((y, rest)) = s.split_once('年') {
        (y, rest, true)
    } else {
        let i = s.find(['-', '/', '.'])?;
        (&s[..i], &s[i..], false)
    };
    let (month, day) = if chinese {
        let (m, d) = rest.split_once('月')?;
        (
            m,
            d.strip_suffix('日')
                .or_else(|| d.strip_suffix('号'))
                .unwrap_or(d),
        )
    } else {
        let sep = rest.chars().next()?;
        let rest = &rest[1..];
        rest.split_once(sep)?
    };
    let num = |t: &str, max_len: usize| -> Option<i16> {
        let t = t.trim();
        if t.is_empty() || t.len() > max_len || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let (y, m, d) = (num(year, 4)?, num(month, 2)?, num(day, 2)?);
    if year.trim().len() != 4 {
        return None;
    }
    jiff::civil::Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

#[cfg(test)]
#[path = "cell_tests.rs"]
mod tests;
