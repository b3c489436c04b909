//! Three-valued evaluation of compiled expressions.

use super::agg_data::AggData;
use super::range::{self, bounds};
use super::value::{R, Reason, Unknown, V, constant, read};
use crate::data::Record;
use crate::lang::ast::Builtin;
use crate::num::Q;
use crate::pack::{Arith, Cmp, Node};
use crate::spatial;
use jiff::civil::Date;
use std::cmp::Ordering;

mod calls;
mod candidates;
mod fold;
mod lets;
mod nearest;
mod operators;
use calls::{city_of, geometry, metres};
pub use lets::Lets;
pub use operators::compare;
use operators::date_arith;

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
    /// Where an aggregate notes the candidates that may or may not count, when an
    /// unknown is being explained ([`Witness`]); remembered answers are then
    /// recomputed, so every candidate is seen.
    pub witness: Option<&'a Witness>,
}

/// The first few records that left an aggregate undecided (they may or may not
/// count), with the aggregate's filter's fields they leave blank: an unknown
/// names them.
#[derive(Default)]
pub struct Witness(
    std::cell::RefCell<
        Vec<(
            crate::schema::EntityId,
            Record<'static>,
            Vec<crate::schema::Slot>,
        )>,
    >,
);

/// How many undecided records an unknown names.
const WITNESSES: usize = 3;

impl Witness {
    /// Notes a candidate that may or may not count.
    pub fn note(&self, a: &crate::pack::Agg, r: &Record<'_>) {
        self.note_with(a, r, false);
    }

    /// Notes a candidate that counts but whose value the aggregate takes is blank
    /// or unreadable: its blanks are the value's as well as the filter's.
    pub fn note_value(&self, a: &crate::pack::Agg, r: &Record<'_>) {
        self.note_with(a, r, true);
    }

    fn note_with(&self, a: &crate::pack::Agg, r: &Record<'_>, value: bool) {
        let mut w = self.0.borrow_mut();
        if w.len() >= WITNESSES || w.iter().any(|(e, x, _)| *e == a.entity && x.pos == r.pos) {
            return;
        }
        // The record as the aggregate keeps it holds only the fields it reads
        // (`Agg::proj`): its slots are put back as the entity's.
        let mut blanks = Vec::new();
        if let Some(f) = &a.filter {
            candidate_blanks(f, r, &mut blanks);
        }
        if value && let Some(b) = &a.body {
            candidate_blanks(b, r, &mut blanks);
        }
        let entity_slot = |s: crate::schema::Slot| a.proj.get(s).copied().unwrap_or(s);
        let mut values = Vec::new();
        for (i, v) in r.values.iter().enumerate() {
            let s = entity_slot(i);
            if values.len() <= s {
                values.resize(s + 1, crate::data::Value::Missing);
            }
            values[s] = v.clone().into_owned();
        }
        let mut blanks: Vec<crate::schema::Slot> = blanks.into_iter().map(entity_slot).collect();
        // The pre-filter read the whole record when it was kept: only the fields
        // kept can be told blank now.
        let rec = Record {
            values: values.into(),
            pos: r.pos,
        };
        if let Some(pre) = &a.pre {
            let mut more = Vec::new();
            candidate_blanks(pre, &rec, &mut more);
            for s in more {
                if a.proj.contains(&s) && !blanks.contains(&s) {
                    blanks.push(s);
                }
            }
        }
        w.push((a.entity, rec, blanks));
    }

    pub fn take(
        self,
    ) -> Vec<(
        crate::schema::EntityId,
        Record<'static>,
        Vec<crate::schema::Slot>,
    )> {
        self.0.into_inner()
    }
}

/// The candidate's own fields a filter reads that are blank or unreadable.
fn candidate_blanks(n: &Node, r: &Record<'_>, out: &mut Vec<crate::schema::Slot>) {
    // `if present(f) then f else …` reads only the branch the record takes.
    if let Node::If(c, a, b) = n
        && let Node::Present {
            slot, outer: false, ..
        } = c.as_ref()
    {
        let taken = match r.values.get(*slot) {
            None | Some(crate::data::Value::Missing) => b,
            // Unreadable: the condition is what is unknown.
            Some(crate::data::Value::Invalid(_)) => c,
            Some(_) => a,
        };
        return candidate_blanks(taken, r, out);
    }
    if let Node::Present {
        slot, outer: false, ..
    } = n
        && !out.contains(slot)
        && matches!(r.values.get(*slot), Some(crate::data::Value::Invalid(_)))
    {
        out.push(*slot);
    }
    if let Node::Field(s) = n
        && !out.contains(s)
        && r.values.get(*s).is_none_or(|v| {
            matches!(
                v,
                crate::data::Value::Missing | crate::data::Value::Invalid(_)
            )
        })
    {
        out.push(*s);
    }
    n.each_child(&mut |c| candidate_blanks(c, r, out));
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
            Node::Unknown(why) => Err(Unknown::of(Reason::Undecided(*why))),
            Node::Vague(slot) => Err(Unknown {
                slot: *slot,
                ..Unknown::of(Reason::Vague)
            }),
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
                // An item found only inside another (`全托 日托`, written with a
                // separator lists do not use) may be there: unknown, not missing.
                let has = |it: &str| {
                    if crate::data::list_items(l).any(|x| x == it) {
                        Some(true)
                    } else {
                        (!l.contains(it)).then_some(false)
                    }
                };
                let mut unsure = false;
                for i in items {
                    match has(i) {
                        Some(found) if found != *all => return Ok(V::Bool(found)),
                        None => unsure = true,
                        Some(_) => {}
                    }
                }
                if unsure {
                    return Err(Unknown {
                        slot: match list.as_ref() {
                            Node::Field(s) if top => Some(*s),
                            _ => None,
                        },
                        ..Unknown::of(Reason::Vague)
                    });
                }
                Ok(V::Bool(*all))
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
            // As a guard, a cell filled in but unreadable is no blank: whether
            // the rule should use it is not known, and the unknown names it.
            Node::Present {
                slot,
                outer: o,
                strict,
            } => {
                let rec = if *o { outer } else { cur };
                match rec.values.get(*slot) {
                    None | Some(crate::data::Value::Missing) => Ok(V::Bool(false)),
                    Some(v) if *strict => Ok(V::Bool(read(v, *slot, false).is_ok())),
                    Some(v) => read(v, *slot, top || *o).map(|_| V::Bool(true)),
                }
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
}
