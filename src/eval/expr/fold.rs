//! An aggregate folded over its candidates in three-valued logic: records that
//! certainly count and records that may, and what each aggregate function makes
//! of them.

use super::Env;
#[cfg(debug_assertions)]
use super::work;
use crate::data::Record;
use crate::eval::range::{self, bounds};
use crate::eval::value::{R, Reason, Unknown, V};
use crate::lang::ast::AggFunc;
use crate::num::Q;
use crate::pack::Agg;
use std::cmp::Ordering;

impl<'a> Env<'a> {
    /// Folds an aggregate over its candidates: `certain` ones, each flagged when
    /// its pre-filter was unknown, then `maybe` ones, which may or may not match
    /// the checked record. A candidate whose `where` is unknown may count: a count
    /// becomes a range, an `exists` with no certain match is unknown, and so on,
    /// so such a record can never decide the verdict either way. `also_maybe` more
    /// records may count, known only by number (see [`Index::count_wild`]).
    ///
    /// [`Index::count_wild`]: crate::eval::index::Index::count_wild
    pub(super) fn fold<'r>(
        &self,
        a: &'r Agg,
        outer: &'r Record<'_>,
        certain: &mut dyn Iterator<Item = (&'r Record<'static>, bool)>,
        maybe: &mut dyn Iterator<Item = (&'r Record<'static>, bool)>,
        also_maybe: i64,
    ) -> R<'r>
    where
        'a: 'r,
    {
        let mut count: i64 = 0;
        let mut uncertain_count: i64 = also_maybe;
        // Sum: the bounds; min/max: the extreme over the candidates that count,
        // and over those that may.
        let (mut lo, mut hi) = (Q::ZERO, Q::ZERO);
        let mut sure: Option<(Q, Q)> = None;
        let mut reach: Option<(Q, Q)> = None;
        // A counted record's value is unknown: the answer is.
        let mut unknown: Option<Unknown> = None;
        // A record that may count could change the answer in ways no range says.
        let mut uncertain = false;
        // Distinct: the values of records that count, and of those that may; a
        // record that counts or may, whose value is unknown, may add one more.
        let mut seen = Distinct::default();
        let mut maybe_seen = Distinct::default();
        let overflow = || Unknown::of(Reason::Overflow);
        let all = certain.map(|c| (c, false)).chain(maybe.map(|c| (c, true)));
        for ((r, flagged), from_wild) in all {
            #[cfg(debug_assertions)]
            work::count(&work::CANDIDATES);
            let mut may = flagged || from_wild;
            if let Some(f) = &a.filter {
                match self.eval(f, r, outer, false) {
                    Ok(V::Bool(true)) => {}
                    Ok(V::Bool(false)) => continue,
                    // The checked record's own value is missing: the answer is unknown.
                    Err(u) if u.slot.is_some() => return Err(u),
                    // The other record's is: it may or may not be selected.
                    _ => may = true,
                }
            }
            if may && let Some(w) = self.witness {
                w.note(a, r);
            }
            match a.func {
                AggFunc::Distinct => {
                    let v = a.body.as_ref().map(|b| self.eval(b, r, outer, false));
                    match v {
                        Some(Ok(v)) if distinctive(&v) => {
                            if may {
                                maybe_seen.insert(v);
                            } else {
                                seen.insert(v);
                            }
                        }
                        _ => uncertain_count += 1,
                    }
                }
                AggFunc::Nearest => {}
                AggFunc::Count if may => uncertain_count += 1,
                AggFunc::Count => count += 1,
                AggFunc::Exists if !may => return Ok(V::Bool(true)),
                AggFunc::Exists => {
                    uncertain_count += 1;
                    // Every candidate from here on only may count: one is enough
                    // to leave the answer open.
                    if from_wild {
                        break;
                    }
                }
                AggFunc::All => match a.body.as_ref().map(|b| self.eval(b, r, outer, false)) {
                    Some(Ok(V::Bool(true))) | None => {}
                    Some(Ok(V::Bool(false))) if !may => return Ok(V::Bool(false)),
                    Some(Err(_)) if !may => {
                        if let Some(w) = self.witness {
                            w.note_value(a, r);
                        }
                        unknown = unknown.or(Some(Unknown::of(Reason::Missing)));
                    }
                    _ => uncertain = true,
                },
                AggFunc::Sum | AggFunc::Avg | AggFunc::Min | AggFunc::Max => {
                    let v = a
                        .body
                        .as_ref()
                        .map(|b| self.eval(b, r, outer, false))
                        .and_then(|v| v.ok())
                        .and_then(|v| bounds(&v));
                    let Some((l, h)) = v else {
                        if may {
                            uncertain = true;
                        } else {
                            if let Some(w) = self.witness {
                                w.note_value(a, r);
                            }
                            unknown = unknown.or(Some(Unknown::of(Reason::Missing)));
                        }
                        continue;
                    };
                    if may {
                        uncertain_count += 1;
                    } else {
                        count += 1;
                    }
                    match a.func {
                        AggFunc::Sum | AggFunc::Avg => {
                            // A record that may count adds between nothing and its value.
                            let (l, h) = if may {
                                (range::min(l, Q::ZERO), range::max(h, Q::ZERO))
                            } else {
                                (l, h)
                            };
                            lo = lo.checked_add(l).ok_or_else(overflow)?;
                            hi = hi.checked_add(h).ok_or_else(overflow)?;
                            if may && a.func == AggFunc::Avg {
                                uncertain = true;
                            }
                        }
                        _ => {
                            let pick = if a.func == AggFunc::Min {
                                range::min
                            } else {
                                range::max
                            };
                            let widen = |e: Option<(Q, Q)>| {
                                Some(e.map_or((l, h), |(x, y)| (pick(x, l), pick(y, h))))
                            };
                            if !may {
                                sure = widen(sure);
                            }
                            reach = widen(reach);
                        }
                    }
                }
            }
        }
        if let Some(u) = unknown {
            return Err(u);
        }
        if uncertain {
            return Err(Unknown::of(Reason::Uncertain));
        }
        match a.func {
            AggFunc::Count => Ok(range::range(
                Q::int(count),
                Q::int(count.saturating_add(uncertain_count)),
            )),
            AggFunc::Distinct => {
                let sure = i64::try_from(seen.len()).unwrap_or(i64::MAX);
                let more = maybe_seen.values().filter(|v| !seen.contains(v)).count();
                let more = i64::try_from(more).unwrap_or(i64::MAX);
                Ok(range::range(
                    Q::int(sure),
                    Q::int(sure.saturating_add(more).saturating_add(uncertain_count)),
                ))
            }
            // Answered by `Env::nearest`, never folded.
            AggFunc::Nearest => Err(Unknown::of(Reason::Invalid)),
            AggFunc::Exists if uncertain_count > 0 => Err(Unknown::of(Reason::Uncertain)),
            AggFunc::Exists => Ok(V::Bool(false)),
            AggFunc::All => Ok(V::Bool(true)),
            AggFunc::Sum => Ok(range::range(lo, hi)),
            AggFunc::Min | AggFunc::Max => match (sure, reach) {
                // Only records that may count: there may be none to take the
                // extreme of.
                (None, Some(_)) => Err(Unknown::of(Reason::Uncertain)),
                (None, None) => Err(Unknown::of(Reason::Empty)),
                // The extreme over the certain records, moved as far as the
                // uncertain ones could move it.
                (Some((sl, sh)), Some((rl, rh))) => Ok(if a.func == AggFunc::Min {
                    range::range(rl, sh)
                } else {
                    range::range(sl, rh)
                }),
                (Some((sl, sh)), None) => Ok(range::range(sl, sh)),
            },
            AggFunc::Avg => match (count, lo.checked_cmp(hi) == Some(Ordering::Equal)) {
                (0, _) => Err(Unknown::of(Reason::Empty)),
                (_, true) => lo
                    .checked_div(Q::int(count))
                    .map(V::Num)
                    .ok_or_else(overflow),
                // A record's own value is a range (a nested aggregate).
                (_, false) => Err(Unknown::of(Reason::Uncertain)),
            },
        }
    }
}

/// The values a `distinct` has seen, by hash and then by value, so equal values
/// are counted once at the cost of a hash lookup each: linear in the records.
#[derive(Default)]
struct Distinct<'r> {
    by_hash: std::collections::HashMap<u64, Vec<V<'r>>, crate::eval::index::Fixed>,
    len: usize,
}

impl<'r> Distinct<'r> {
    fn hash(v: &V<'_>) -> u64 {
        use std::hash::BuildHasher;
        let mut h = crate::eval::index::Fixed.build_hasher();
        crate::eval::index::hash_value(v, &mut h);
        std::hash::Hasher::finish(&h)
    }
    fn insert(&mut self, v: V<'r>) {
        let list = self.by_hash.entry(Self::hash(&v)).or_default();
        if !list.contains(&v) {
            list.push(v);
            self.len += 1;
        }
    }
    fn contains(&self, v: &V<'_>) -> bool {
        self.by_hash
            .get(&Self::hash(v))
            .is_some_and(|l| l.iter().any(|x| x == v))
    }
    fn len(&self) -> usize {
        self.len
    }
    fn values(&self) -> impl Iterator<Item = &V<'r>> {
        self.by_hash.values().flatten()
    }
}

/// Whether a value can be told apart from others by equality: a range (of a
/// nested aggregate) or a geometry cannot, and counts as a value that may be new.
fn distinctive(v: &V<'_>) -> bool {
    !matches!(v, V::Range(..) | V::Shape(_) | V::Point(_))
}
