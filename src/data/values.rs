//! A record's values by slot.
//!
//! A CSV's record fills every field of its entity, is read field by field while
//! it is checked, and is dropped: it is stored whole. A record held until the
//! whole input is read (a plan's, a map's, a workbook's) or kept for an aggregate
//! is stored compact: it gives few of its entity's fields, or the aggregate reads
//! few, and stored whole its blanks would cost more than its text (a 130-byte TOML
//! table made a 900-byte record). It keeps only the values it has, with a bit per
//! slot saying which; the others read as blank.

use super::Value;
use crate::schema::Slot;

/// The value every slot a compact record leaves out reads as.
static MISSING: Value<'static> = Value::Missing;

/// A record's values, one per field of its entity.
#[derive(Debug, Clone)]
pub struct Values<'a> {
    vals: Vec<Value<'a>>,
    /// For a compact record: a bit per slot it has a value for (`vals` holds
    /// those, in slot order) and how many fields its entity has.
    given: Option<(u64, u32)>,
}

impl<'a> Values<'a> {
    /// `n` blank values.
    pub fn blank(n: usize) -> Values<'a> {
        Values::from(vec![Value::Missing; n])
    }

    /// How many fields the record has values for, blank or not.
    pub fn len(&self) -> usize {
        match self.given {
            None => self.vals.len(),
            Some((_, n)) => n as usize,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value at `slot`; `None` past the record's last field.
    #[inline]
    pub fn get(&self, slot: Slot) -> Option<&Value<'a>> {
        match self.given {
            None => self.vals.get(slot),
            Some((bits, n)) => {
                if slot >= n as usize {
                    return None;
                }
                let bit = 1u64 << slot;
                if bits & bit == 0 {
                    return Some(&MISSING);
                }
                self.vals.get((bits & (bit - 1)).count_ones() as usize)
            }
        }
    }

    /// The value at `slot`, to change; a compact record is made whole first.
    pub fn get_mut(&mut self, slot: Slot) -> Option<&mut Value<'a>> {
        self.as_mut_slice().get_mut(slot)
    }

    /// Every value in slot order, blanks included; a compact record is made whole
    /// first.
    pub fn as_mut_slice(&mut self) -> &mut [Value<'a>] {
        if self.given.is_some() {
            *self = Values::from(self.to_vec());
        }
        &mut self.vals
    }

    /// Every value in slot order, blanks included.
    pub fn iter(&self) -> impl Iterator<Item = &Value<'a>> {
        let (whole, compact) = match self.given {
            None => (Some(self.vals.iter()), None),
            Some((_, n)) => (None, Some((0..n as usize).filter_map(|s| self.get(s)))),
        };
        whole
            .into_iter()
            .flatten()
            .chain(compact.into_iter().flatten())
    }

    /// The values, one per slot.
    pub fn to_vec(&self) -> Vec<Value<'a>> {
        match self.given {
            None => self.vals.clone(),
            Some(_) => self.iter().cloned().collect(),
        }
    }

    /// Blanks every value, keeping the record's width.
    pub fn clear(&mut self) {
        let n = self.len();
        self.vals.clear();
        self.vals.resize(n, Value::Missing);
        self.given = None;
    }

    /// Makes these values a whole copy of `other`'s: for a buffer reused from
    /// record to record.
    pub fn copy_from(&mut self, other: &Values<'a>) {
        self.vals.clear();
        self.vals.extend(other.iter().cloned());
        self.given = None;
    }

    /// Replaces a held record's values by `new`, compact.
    pub fn replace(&mut self, new: Values<'a>) {
        *self = new.compact();
    }

    /// Whether only the given values are kept.
    #[cfg(test)]
    fn is_compact(&self) -> bool {
        self.given.is_some()
    }

    /// The same values, keeping only those not blank when the entity has at most
    /// 64 fields (a bit each); else, or when none is blank, whole (as compact,
    /// without a second copy).
    pub fn compact(self) -> Values<'a> {
        let n = self.len();
        let Ok(width) = u32::try_from(n) else {
            return self;
        };
        if n > 64 {
            return self;
        }
        let mut bits = 0u64;
        let mut vals = Vec::new();
        for (s, v) in self.iter().enumerate() {
            if !matches!(v, Value::Missing) {
                bits |= 1 << s;
            }
        }
        if self.given.is_none() && bits.count_ones() as usize == n {
            return self;
        }
        vals.reserve_exact(bits.count_ones() as usize);
        let mut all = match self.given {
            None => self.vals,
            Some(_) => self.to_vec(),
        };
        for (s, v) in all.drain(..).enumerate() {
            if bits & (1 << s) != 0 {
                vals.push(v);
            }
        }
        Values {
            vals,
            given: Some((bits, width)),
        }
    }

    /// The same values, owning their text.
    pub fn into_owned(self) -> Values<'static> {
        Values {
            vals: self.vals.into_iter().map(Value::into_owned).collect(),
            given: self.given,
        }
    }
}

impl<'a> From<Vec<Value<'a>>> for Values<'a> {
    /// A whole record: `vals[slot]` is `slot`'s value.
    fn from(vals: Vec<Value<'a>>) -> Values<'a> {
        Values { vals, given: None }
    }
}

impl<'a> FromIterator<Value<'a>> for Values<'a> {
    fn from_iter<I: IntoIterator<Item = Value<'a>>>(iter: I) -> Values<'a> {
        Values::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl PartialEq for Values<'_> {
    /// Equal when every slot reads the same, however each is stored.
    fn eq(&self, other: &Values<'_>) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

impl<'a> std::ops::Index<Slot> for Values<'a> {
    type Output = Value<'a>;

    /// The value at `slot`; blank past the record's last field.
    fn index(&self, slot: Slot) -> &Value<'a> {
        self.get(slot).unwrap_or(&MISSING)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::num::Q;

    fn whole() -> Values<'static> {
        Values::from(vec![
            Value::Text("甲".into()),
            Value::Missing,
            Value::Num(Q::int(3).into()),
            Value::Missing,
            Value::Bool(true),
        ])
    }

    #[test]
    fn a_compact_record_reads_as_the_whole_one() {
        let c = whole().compact();
        assert!(c.is_compact());
        assert_eq!(c.vals.len(), 3);
        assert_eq!(c, whole());
        for s in 0..6 {
            assert_eq!(c.get(s), whole().get(s), "slot {s}");
        }
        assert_eq!(c.get(5), None);
        assert_eq!(c.len(), 5);
        assert_eq!(c.iter().count(), 5);
        assert_eq!(c.to_vec(), whole().to_vec());
    }

    #[test]
    fn changing_a_compact_record_makes_it_whole() {
        let mut c = whole().compact();
        *c.get_mut(1).expect("slot 1") = Value::Enum(2);
        assert!(!c.is_compact());
        assert_eq!(c.get(1), Some(&Value::Enum(2)));
        assert_eq!(c.get(2), Some(&Value::Num(Q::int(3).into())));
        assert_eq!(c.get_mut(5), None);
    }

    #[test]
    fn a_record_with_no_blank_stays_whole() {
        let full = Values::from(vec![Value::Bool(true), Value::Enum(1)]).compact();
        assert!(!full.is_compact());
        assert_eq!(full.get(1), Some(&Value::Enum(1)));
        assert_eq!(full.iter().count(), 2);
    }

    #[test]
    fn a_wide_record_stays_whole() {
        let wide = Values::blank(65).compact();
        assert!(!wide.is_compact());
        let narrow = Values::blank(64).compact();
        assert!(narrow.is_compact());
        assert_eq!(narrow.get(63), Some(&Value::Missing));
        assert_eq!(narrow.get(64), None);
        assert_eq!(narrow, Values::blank(64));
    }
}
