//! A rule's `let` values for the checked record, and the answers of aggregates
//! nested in another aggregate's loop: each computed once a record, however often
//! the expression reads it.

use crate::data::Record;
use crate::eval::agg_data::owned;
use crate::eval::value::{R, V};

/// A rule's `let` values for one record, each computed at its first use and then
/// shared by every other use ([`Node::Let`]): evaluating a chain of lets that each
/// use the one before twice costs one evaluation per let, not 2^n.
///
/// It also remembers, for the same record, the answers of aggregates nested in
/// another aggregate's `where` or value: such an inner aggregate depends on the
/// checked record alone, never on the outer candidate in hand, so it is computed
/// once, not once per candidate (n² per record, n³ for the rule, before).
///
/// [`Node::Let`]: crate::pack::Node::Let
pub struct Lets<'a> {
    pub(super) rec: &'a Record<'a>,
    pub(super) lets: &'a [crate::pack::Let],
    pub(super) values: Vec<std::cell::OnceCell<R<'a>>>,
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
    pub(super) fn inner<'r>(&self, id: usize, answer: impl FnOnce() -> R<'r>) -> R<'r> {
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
