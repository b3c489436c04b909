//! Three-valued evaluation of compiled expressions.

use super::aggregate::{AggData, KeyPart};
use super::index::Index;
use super::range::{self, bounds};
use super::value::{R, Reason, Unknown, V, constant, read};
use crate::data::Record;
use crate::lang::ast::Builtin;
use crate::num::Q;
use crate::pack::{Agg, AggFunc, Arith, Cmp, Node};
use crate::spatial::{self, Shape};
use jiff::civil::Date;
use std::borrow::Cow;
use std::cmp::Ordering;

/// How much work evaluation has done on this thread: counted in debug builds (where
/// tests run) so a test can hold a worst case to a bound by counting, not by timing.
/// Release builds do not count.
pub mod work {
    use std::cell::Cell;
    use std::thread::LocalKey;

    thread_local! {
        /// Expression nodes evaluated.
        pub static NODES: Cell<u64> = const { Cell::new(0) };
        /// Records an aggregate looked at for a checked record (candidates).
        pub static CANDIDATES: Cell<u64> = const { Cell::new(0) };
    }

    #[inline]
    pub fn count(c: &'static LocalKey<Cell<u64>>) {
        c.with(|n| n.set(n.get().wrapping_add(1)));
    }

    /// The count so far on this thread.
    pub fn get(c: &'static LocalKey<Cell<u64>>) -> u64 {
        c.with(Cell::get)
    }
}

/// A group of candidates at least this large has its answer remembered per key
/// ([`Agg::by_key`]); a smaller one costs less to recompute than to look up.
const GROUP_MEMO: usize = 32;

/// Everything evaluation reads besides the record: the date and the aggregates'
/// data, complete before any rule that uses them runs.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub as_of: Date,
    pub aggs: &'a [AggData],
    /// Entities no input provides, by id (an id beyond the slice is provided).
    pub absent: &'a [bool],
    /// The values of the checked rule's lets for the checked record, if it has any.
    pub lets: Option<&'a Lets<'a>>,
}

/// A rule's `let` values for one record, each computed at its first use and then
/// shared by every other use ([`Node::Let`]): evaluating a chain of lets that each
/// use the one before twice costs one evaluation per let, not 2^n.
///
/// It also remembers, for the same record, the answers of aggregates nested in
/// another aggregate's `where` or value: such an inner aggregate depends on the
/// checked record alone, never on the outer candidate in hand, so it is computed
/// once, not once per candidate (n² per record, n³ for the rule, before).
pub struct Lets<'a> {
    rec: &'a Record<'a>,
    lets: &'a [crate::pack::Let],
    values: Vec<std::cell::OnceCell<R<'a>>>,
    /// Inner aggregates' answers by aggregate id: a rule has few, so a list.
    inner: std::cell::RefCell<Vec<(usize, R<'static>)>>,
}

impl<'a> Lets<'a> {
    pub fn new(lets: &'a [crate::pack::Let], rec: &'a Record<'a>) -> Self {
        Lets {
            rec,
            lets,
            values: lets.iter().map(|_| std::cell::OnceCell::new()).collect(),
            inner: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// Aggregate `id`'s answer for the checked record: remembered, or `answer()`,
    /// remembered when it is a value that outlives the record (not text from it).
    fn inner<'r>(&self, id: usize, answer: impl FnOnce() -> R<'r>) -> R<'r> {
        if let Ok(known) = self.inner.try_borrow()
            && let Some((_, r)) = known.iter().find(|(i, _)| *i == id)
        {
            return *r;
        }
        let r = answer();
        let kept = match r {
            Ok(V::Str(_) | V::List(_) | V::Shape(_)) => None,
            _ => Some(owned(r)),
        };
        if let (Some(kept), Ok(mut known)) = (kept, self.inner.try_borrow_mut()) {
            known.push((id, kept));
        }
        r
    }
}

impl<'a> Env<'a> {
    /// Evaluates `n` with `cur` in hand and `outer` the record being checked.
    /// `top` says whether `cur` is the checked record (for locating unknowns).
    pub fn eval<'r>(
        &self,
        n: &'r Node,
        cur: &'r Record<'_>,
        outer: &'r Record<'_>,
        top: bool,
    ) -> R<'r>
    where
        'a: 'r,
    {
        #[cfg(debug_assertions)]
        work::count(&work::NODES);
        match n {
            Node::Const(c) => Ok(constant(c)),
            Node::Field(s) => cur
                .values
                .get(*s)
                .map_or(Err(Unknown::of(Reason::Missing)), |v| read(v, *s, top)),
            Node::Outer(s) => outer
                .values
                .get(*s)
                .map_or(Err(Unknown::of(Reason::Missing)), |v| read(v, *s, true)),
            Node::AsOf => Ok(V::Date(self.as_of)),
            Node::Unknown => Err(Unknown::of(Reason::Undecided)),
            Node::Neg(a) => match self.eval(a, cur, outer, top)? {
                V::Num(q) => q
                    .checked_neg()
                    .map(V::Num)
                    .ok_or(Unknown::of(Reason::Overflow)),
                V::Range(lo, hi) => match (hi.checked_neg(), lo.checked_neg()) {
                    (Some(a), Some(b)) => Ok(V::Range(a, b)),
                    _ => Err(Unknown::of(Reason::Overflow)),
                },
                _ => Err(Unknown::of(Reason::Invalid)),
            },
            Node::Arith(op, a, b) => {
                let x = self.eval(a, cur, outer, top);
                let y = self.eval(b, cur, outer, top);
                let (x, y) = (x?, y?);
                if let Some(r) = date_arith(*op, &x, &y) {
                    return r;
                }
                if matches!(x, V::Range(..)) || matches!(y, V::Range(..)) {
                    return match (bounds(&x), bounds(&y)) {
                        (Some(a), Some(b)) => range::arith(*op, a, b),
                        _ => Err(Unknown::of(Reason::Invalid)),
                    };
                }
                let (V::Num(x), V::Num(y)) = (x, y) else {
                    return Err(Unknown::of(Reason::Invalid));
                };
                let r = match op {
                    Arith::Add => x.checked_add(y),
                    Arith::Sub => x.checked_sub(y),
                    Arith::Mul => x.checked_mul(y),
                    Arith::Div if y.is_zero() => return Err(Unknown::of(Reason::DivZero)),
                    Arith::Div => x.checked_div(y),
                };
                r.map(V::Num).ok_or(Unknown::of(Reason::Overflow))
            }
            Node::Cmp(op, a, b, _) => {
                let x = self.eval(a, cur, outer, top)?;
                let y = self.eval(b, cur, outer, top)?;
                compare(*op, &x, &y).map(V::Bool)
            }
            Node::And(parts) => {
                let mut unknown = None;
                for p in parts.iter() {
                    match self.eval(p, cur, outer, top) {
                        Ok(V::Bool(false)) => return Ok(V::Bool(false)),
                        Ok(_) => {}
                        Err(u) => unknown = unknown.or(Some(u)),
                    }
                }
                unknown.map_or(Ok(V::Bool(true)), Err)
            }
            Node::Or(parts) => {
                let mut unknown = None;
                for p in parts.iter() {
                    match self.eval(p, cur, outer, top) {
                        Ok(V::Bool(true)) => return Ok(V::Bool(true)),
                        Ok(_) => {}
                        Err(u) => unknown = unknown.or(Some(u)),
                    }
                }
                unknown.map_or(Ok(V::Bool(false)), Err)
            }
            Node::Not(a) => match self.eval(a, cur, outer, top)? {
                V::Bool(b) => Ok(V::Bool(!b)),
                _ => Err(Unknown::of(Reason::Invalid)),
            },
            Node::If(c, a, b) => match self.eval(c, cur, outer, top)? {
                V::Bool(true) => self.eval(a, cur, outer, top),
                _ => self.eval(b, cur, outer, top),
            },
            Node::In(a, items) => {
                let x = self.eval(a, cur, outer, top)?;
                let mut unknown = None;
                for it in items.iter() {
                    match self
                        .eval(it, cur, outer, top)
                        .and_then(|y| compare(Cmp::Eq, &x, &y))
                    {
                        Ok(true) => return Ok(V::Bool(true)),
                        Ok(false) => {}
                        Err(u) => unknown = unknown.or(Some(u)),
                    }
                }
                unknown.map_or(Ok(V::Bool(false)), Err)
            }
            Node::Contains { all, list, items } => {
                let V::List(l) = self.eval(list, cur, outer, top)? else {
                    return Err(Unknown::of(Reason::Invalid));
                };
                let has = |it: &str| crate::data::list_items(l).any(|x| x == it);
                Ok(V::Bool(if *all {
                    items.iter().all(|i| has(i))
                } else {
                    items.iter().any(|i| has(i))
                }))
            }
            Node::Agrees { slot, expr, .. } => {
                let (value, half) = match cur.values.get(*slot) {
                    Some(crate::data::Value::Reported(r)) => (r.value, r.half),
                    Some(v) => match read(v, *slot, top)? {
                        V::Num(q) => (q, Q::ZERO),
                        _ => return Err(Unknown::of(Reason::Invalid)),
                    },
                    None => return Err(Unknown::of(Reason::Missing)),
                };
                let e = match self.eval(expr, cur, outer, top)? {
                    V::Num(e) => e,
                    V::Range(lo, hi) => {
                        let (near, far) = range::abs_diff(value, (lo, hi))?;
                        return range::compare(Cmp::Le, (near, far), (half, half)).map(V::Bool);
                    }
                    _ => return Err(Unknown::of(Reason::Invalid)),
                };
                let diff = value.checked_sub(e).ok_or(Unknown::of(Reason::Overflow))?;
                let diff = if diff.is_negative() {
                    diff.checked_neg().ok_or(Unknown::of(Reason::Overflow))?
                } else {
                    diff
                };
                Ok(V::Bool(
                    diff.checked_cmp(half)
                        .ok_or(Unknown::of(Reason::Overflow))?
                        != Ordering::Greater,
                ))
            }
            Node::Matches(a, re) => match self.eval(a, cur, outer, top)? {
                V::Str(s) => Ok(V::Bool(re.is_match(s.trim()))),
                _ => Err(Unknown::of(Reason::Invalid)),
            },
            Node::Present { slot, outer: o } => {
                let rec = if *o { outer } else { cur };
                Ok(V::Bool(
                    rec.values
                        .get(*slot)
                        .is_some_and(|v| read(v, *slot, false).is_ok()),
                ))
            }
            Node::Spatial(func, args) => {
                // Both arguments are read before either's absence is reported: a
                // missing site of the checked record makes an aggregate unknown,
                // while another record's only leaves that record out.
                let mut shapes = [Ok(None), Ok(None)];
                for (slot, a) in shapes.iter_mut().zip(args.iter()) {
                    *slot = self.eval(a, cur, outer, top).and_then(geometry).map(Some);
                }
                if let Some(Err(u)) = shapes
                    .iter()
                    .find(|s| matches!(s, Err(u) if u.slot.is_some()))
                {
                    return Err(*u);
                }
                let [a, b] = shapes;
                let (Some(a), b) = (a?, b?) else {
                    return Err(Unknown::of(Reason::Invalid));
                };
                use crate::spatial::Func;
                match (func, b) {
                    (Func::Area, _) => metres(spatial::area(&a)),
                    (Func::Centroid, _) => spatial::centroid(&a)
                        .map(V::Point)
                        .ok_or(Unknown::of(Reason::Empty)),
                    (Func::Distance, Some(b)) => metres(spatial::distance(&a, &b)),
                    (Func::Within, Some(b)) => Ok(V::Bool(spatial::within(&a, &b))),
                    _ => Err(Unknown::of(Reason::Invalid)),
                }
            }
            Node::Call(func, args) => {
                let Some(arg) = args.first() else {
                    return Err(Unknown::of(Reason::Invalid));
                };
                match (func, self.eval(arg, cur, outer, top)?) {
                    (Builtin::Monday, V::Date(d)) => {
                        let back = i64::from(d.weekday().to_monday_zero_offset());
                        jiff::Span::new()
                            .try_days(back)
                            .ok()
                            .and_then(|s| d.checked_sub(s).ok())
                            .map(V::Date)
                            .ok_or(Unknown::of(Reason::Overflow))
                    }
                    (Builtin::CityOf, V::Str(name)) => city_of(name),
                    _ => Err(Unknown::of(Reason::Invalid)),
                }
            }
            // Inside another aggregate's loop (`cur` is a candidate), an aggregate
            // still answers for the checked record: its answer is the same for
            // every candidate.
            Node::Agg(a) if !top => match self.lets {
                Some(l) if std::ptr::addr_eq(l.rec, outer) => {
                    l.inner(a.id, || self.aggregate(a, outer))
                }
                _ => self.aggregate(a, outer),
            },
            Node::Agg(a) => self.aggregate(a, outer),
            // A let is always of the checked record (lets are not visible inside an
            // aggregate), so its value for the record in hand is the cached one.
            Node::Let(i, node) => match self.lets {
                Some(l) => match (l.values.get(*i), l.lets.get(*i)) {
                    (Some(cell), Some(def)) => {
                        *cell.get_or_init(|| self.eval(&def.node, l.rec, l.rec, true))
                    }
                    _ => self.eval(node, cur, outer, top),
                },
                None => self.eval(node, cur, outer, top),
            },
        }
    }

    fn aggregate<'r>(&self, a: &'r Agg, outer: &'r Record<'_>) -> R<'r>
    where
        'a: 'r,
    {
        if self.absent.get(a.entity).copied().unwrap_or(false) {
            return Err(Unknown::of(Reason::NoInput(a.entity)));
        }
        let Some(data) = self.aggs.get(a.id) else {
            return Err(Unknown::of(Reason::Missing));
        };
        let flagged = |i: u32| {
            let i = i as usize;
            data.records
                .get(i)
                .map(|r| (r, data.maybe.get(i).copied().unwrap_or(false)))
        };
        if let Some((pos, by)) = &a.by {
            return self.nearest(a, outer, data, *pos, by);
        }
        if !a.uses_self {
            return *data.value.get_or_init(|| {
                let mut all = data
                    .records
                    .iter()
                    .zip(data.maybe.iter().copied().chain(std::iter::repeat(false)));
                owned(self.fold(a, outer, &mut all, &mut std::iter::empty(), 0))
            });
        }
        if let (Some(sites), Some(near)) = (&data.sites, &a.near) {
            // Candidates from the R-tree; the `where` still decides each exactly.
            // A record with no readable site may be within any radius.
            let at = geometry(self.eval(&near.outer, outer, outer, true)?)?;
            let mut candidates = sites.near(&at, near.radius.to_f64()).filter_map(flagged);
            let mut unplaced = data
                .unplaced
                .iter()
                .filter_map(|&i| flagged(i))
                .map(|(r, _)| (r, true));
            return self.fold(a, outer, &mut candidates, &mut unplaced, 0);
        }
        let Some(index) = &data.index else {
            let mut all = (0..data.records.len())
                .filter_map(|i| u32::try_from(i).ok())
                .filter_map(flagged);
            return self.fold(a, outer, &mut all, &mut std::iter::empty(), 0);
        };
        // The checked record's key; an unknown key makes the aggregate unknown.
        let mut key = [V::Bool(false); 4];
        let mut many = Vec::new();
        let key: &[V<'r>] = if a.keys.len() <= key.len() {
            for (i, (_, node)) in a.keys.iter().enumerate() {
                key[i] = self.eval(node, outer, outer, true)?;
            }
            &key[..a.keys.len()]
        } else {
            for (_, node) in &a.keys {
                many.push(self.eval(node, outer, outer, true)?);
            }
            &many
        };
        let answer = || {
            // A candidate's key fields equal the checked record's where readable; a
            // blank one may equal anything.
            let matches = |r: &Record<'static>, wild: bool| {
                a.keys.iter().zip(key).all(|((s, _), k)| {
                    r.values.get(*s).is_some_and(|v| match read(v, *s, false) {
                        Ok(x) => x == *k,
                        Err(_) => wild,
                    })
                })
            };
            let mut candidates = index
                .get(key)
                .filter_map(flagged)
                .filter(|(r, _)| matches(r, false));
            // With nothing else to decide, a record with a blank key only adds to the
            // uncertain part of a count: counted, not visited.
            if a.filter.is_none()
                && matches!(a.func, AggFunc::Count | AggFunc::Exists | AggFunc::Distinct)
            {
                let wild = i64::try_from(index.count_wild(key)).unwrap_or(i64::MAX);
                return self.fold(a, outer, &mut candidates, &mut std::iter::empty(), wild);
            }
            let mut wild = index
                .get_wild(key)
                .filter_map(flagged)
                .filter(|(r, _)| matches(r, true))
                .map(|(r, _)| (r, true));
            self.fold(a, outer, &mut candidates, &mut wild, 0)
        };
        // Every record of a large group gets the same answer: computed once.
        if a.by_key && index.group_len(key) >= GROUP_MEMO {
            return self.by_group(data, key, answer);
        }
        answer()
    }

    /// The answer of a key-determined aggregate ([`Agg::by_key`]) for `key`: the
    /// remembered one, or `answer()` remembered. A key or value that cannot be kept
    /// (geometry, text) is computed each time, as is everything if the table of
    /// answers is unusable (a thread panicked holding it).
    fn by_group<'r>(&self, data: &AggData, key: &[V<'r>], answer: impl FnOnce() -> R<'r>) -> R<'r> {
        let Some(parts) = key
            .iter()
            .map(KeyPart::of)
            .collect::<Option<Box<[KeyPart]>>>()
        else {
            return answer();
        };
        let hash = Index::hash_key(key);
        let same = |k: &[KeyPart]| k.len() == key.len() && k.iter().zip(key).all(|(p, v)| p.is(v));
        if let Ok(groups) = data.groups.lock()
            && let Some((_, r)) = groups
                .get(&hash)
                .and_then(|list| list.iter().find(|(k, _)| same(k)))
        {
            return *r;
        }
        let r = answer();
        if !matches!(r, Ok(V::Str(_) | V::List(_) | V::Shape(_)))
            && let Ok(mut groups) = data.groups.lock()
        {
            let list = groups.entry(hash).or_default();
            if !list.iter().any(|(k, _)| same(k)) {
                list.push((parts, owned(r)));
            }
        }
        r
    }

    /// `nearest(body of … by distance(g, self.g))`: the body on the record whose
    /// geometry is closest to the checked record's. The R-tree is searched in boxes
    /// growing eightfold from 1 km until one holds a record that certainly counts
    /// and no farther than the box's radius, so a search reads the records near
    /// the answer, not all of them. Fails closed: a record that may count (its
    /// `where` unknown) at least as close, or one that counts or may with no
    /// readable geometry (it may be anywhere), makes the answer unknown; so does
    /// having no record at all (`Empty`).
    fn nearest<'r>(
        &self,
        a: &'r Agg,
        outer: &'r Record<'_>,
        data: &'r AggData,
        pos: usize,
        by: &'r Node,
    ) -> R<'r>
    where
        'a: 'r,
    {
        /// Half the earth's circumference, and more: a box this wide is the globe.
        const WORLD: f64 = 2.1e7;
        let at = geometry(self.eval(by, outer, outer, true)?)?;
        let Some(sites) = &data.sites else {
            return Err(Unknown::of(Reason::Missing));
        };
        // Whether a candidate counts: Some(false) it certainly does, Some(true) it
        // may, None it does not.
        let counts = |i: usize| -> Result<Option<bool>, Unknown> {
            let (Some(r), flagged) = (
                data.records.get(i),
                data.maybe.get(i).copied().unwrap_or(false),
            ) else {
                return Ok(None);
            };
            match a.filter.as_ref().map(|f| self.eval(f, r, outer, false)) {
                None | Some(Ok(V::Bool(true))) => Ok(Some(flagged)),
                Some(Ok(_)) => Ok(None),
                Some(Err(u)) if u.slot.is_some() => Err(u),
                Some(Err(_)) => Ok(Some(true)),
            }
        };
        for &i in &data.unplaced {
            if counts(i as usize)?.is_some() {
                return Err(Unknown::of(Reason::Uncertain));
            }
        }
        let mut radius = 1000.0_f64;
        // Eightfold growth reaches the globe in six rounds, and a round that finds a
        // record farther than its radius is followed by one that settles it: a bound
        // well above that only guards against a distance that is not a number.
        for _ in 0..32 {
            let mut best: Option<(f64, u32)> = None;
            let mut closest_maybe: Option<f64> = None;
            for i in sites.near(&at, radius) {
                let Some(may) = counts(i as usize)? else {
                    continue;
                };
                let shape = match data.records.get(i as usize).and_then(|r| r.values.get(pos)) {
                    Some(crate::data::Value::Shape(s)) => s,
                    _ => continue,
                };
                let d = spatial::distance(&at, shape);
                if may {
                    closest_maybe = Some(closest_maybe.map_or(d, |m| m.min(d)));
                } else if best.is_none_or(|(bd, bi)| d < bd || (d == bd && i < bi)) {
                    best = Some((d, i));
                }
            }
            match best {
                Some((d, i)) if d <= radius => {
                    if closest_maybe.is_some_and(|m| m <= d) {
                        return Err(Unknown::of(Reason::Uncertain));
                    }
                    let Some(r) = data.records.get(i as usize) else {
                        return Err(Unknown::of(Reason::Missing));
                    };
                    return match &a.body {
                        Some(b) => self.eval(b, r, outer, false),
                        None => Err(Unknown::of(Reason::Invalid)),
                    };
                }
                // Every record within `d` is in the box of radius `d`.
                Some((d, _)) if d.is_finite() => radius = d,
                Some(_) => return Err(Unknown::of(Reason::Invalid)),
                None if radius >= WORLD => {
                    return Err(Unknown::of(if closest_maybe.is_some() {
                        Reason::Uncertain
                    } else {
                        Reason::Empty
                    }));
                }
                None => radius *= 8.0,
            }
        }
        Err(Unknown::of(Reason::Invalid))
    }

    /// Folds an aggregate over its candidates: `certain` ones, each flagged when
    /// its pre-filter was unknown, then `maybe` ones, which may or may not match
    /// the checked record. A candidate whose `where` is unknown may count: a count
    /// becomes a range, an `exists` with no certain match is unknown, and so on,
    /// so such a record can never decide the verdict either way. `also_maybe` more
    /// records may count, known only by number (see [`Index::count_wild`]).
    ///
    /// [`Index::count_wild`]: super::index::Index::count_wild
    fn fold<'r>(
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
    by_hash: std::collections::HashMap<u64, Vec<V<'r>>, super::index::Fixed>,
    len: usize,
}

impl<'r> Distinct<'r> {
    fn hash(v: &V<'_>) -> u64 {
        use std::hash::BuildHasher;
        let mut h = super::index::Fixed.build_hasher();
        super::index::hash_value(v, &mut h);
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

/// The city a place lies in, by the shipped gazetteer: a county's city, a city
/// itself. A name that is no county or city (the province, a street) has none.
fn city_of(name: &str) -> R<'static> {
    let Some((_, ix)) = crate::region::shipped_index() else {
        return Err(Unknown::of(Reason::Invalid));
    };
    let crate::region::Named::Place(g) = ix.named(name) else {
        return Err(Unknown::of(Reason::Invalid));
    };
    ix.city(g)
        .and_then(|c| ix.groups.get(c))
        .map(|c| V::Str(c.as_str()))
        .ok_or(Unknown::of(Reason::Invalid))
}

/// `date - date` in days, `date ± days`; `None` when neither side is a date.
fn date_arith(op: Arith, x: &V<'_>, y: &V<'_>) -> Option<R<'static>> {
    let overflow = Unknown::of(Reason::Overflow);
    match (op, x, y) {
        (Arith::Sub, V::Date(a), V::Date(b)) => {
            // A civil date difference is counted in days (its largest unit).
            let days = a.since(*b).ok().map(|s| s.get_days());
            Some(days.map(|d| V::Num(Q::int(i64::from(d)))).ok_or(overflow))
        }
        (Arith::Add | Arith::Sub, V::Date(a), V::Num(n)) => {
            let days = if n.is_integer() {
                i64::try_from(n.numer()).ok()
            } else {
                None
            };
            let Some(days) = days else {
                return Some(Err(Unknown::of(Reason::Invalid)));
            };
            let days = if op == Arith::Sub { -days } else { days };
            let span = jiff::Span::new().try_days(days).ok();
            Some(
                span.and_then(|s| a.checked_add(s).ok())
                    .map(V::Date)
                    .ok_or(overflow),
            )
        }
        _ => None,
    }
}

/// An aggregate's value is a number or a yes/no, never text borrowed from a record.
fn owned(r: R<'_>) -> R<'static> {
    match r? {
        V::Num(q) => Ok(V::Num(q)),
        V::Bool(b) => Ok(V::Bool(b)),
        V::Enum(i) => Ok(V::Enum(i)),
        V::Date(d) => Ok(V::Date(d)),
        V::Point(p) => Ok(V::Point(p)),
        V::Range(lo, hi) => Ok(V::Range(lo, hi)),
        V::Str(_) | V::List(_) | V::Shape(_) => Err(Unknown::of(Reason::Invalid)),
    }
}

pub fn compare(op: Cmp, x: &V<'_>, y: &V<'_>) -> Result<bool, Unknown> {
    if matches!(x, V::Range(..)) || matches!(y, V::Range(..)) {
        return match (bounds(x), bounds(y)) {
            (Some(a), Some(b)) => range::compare(op, a, b),
            _ => Err(Unknown::of(Reason::Invalid)),
        };
    }
    let ord = match (x, y) {
        (V::Num(a), V::Num(b)) => a.checked_cmp(*b).ok_or(Unknown::of(Reason::Overflow))?,
        (V::Date(a), V::Date(b)) => a.cmp(b),
        _ => {
            return match op {
                Cmp::Eq => Ok(x == y),
                Cmp::Ne => Ok(x != y),
                _ => Err(Unknown::of(Reason::Invalid)),
            };
        }
    };
    Ok(match op {
        Cmp::Eq => ord == Ordering::Equal,
        Cmp::Ne => ord != Ordering::Equal,
        Cmp::Lt => ord == Ordering::Less,
        Cmp::Le => ord != Ordering::Greater,
        Cmp::Gt => ord == Ordering::Greater,
        Cmp::Ge => ord != Ordering::Less,
    })
}

fn geometry<'r>(v: V<'r>) -> Result<Cow<'r, Shape>, Unknown> {
    match v {
        V::Shape(s) => Ok(Cow::Borrowed(s)),
        V::Point(p) => Ok(Cow::Owned(Shape::Point(p))),
        _ => Err(Unknown::of(Reason::Invalid)),
    }
}

/// A measured length or area, to the millimetre (or mm²): geodesic measures are
/// far less exact than that, and thresholds are whole metres.
fn metres<'r>(x: f64) -> R<'r> {
    let scaled = (x * 1000.0).round();
    if scaled.is_finite() && scaled.abs() < 9.0e18 {
        Ok(V::Num(Q::decimal(scaled as i64, 3)))
    } else {
        Err(Unknown::of(Reason::Overflow))
    }
}
