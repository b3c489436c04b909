//! A compiled rule set: the schema, the packs, and every rule lowered to a tree over
//! field slots. This is what the evaluator runs; nothing here refers to names.

use crate::data::Record;
use crate::lang::span::Span;
use crate::num::Q;
use crate::schema::{EntityId, Schema, Slot};
use crate::units::Unit;
use jiff::civil::Date;
use std::sync::Arc;

/// Every pack of a run, compiled against one schema.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub schema: Schema,
    pub packs: Vec<Pack>,
    pub rules: Vec<Rule>,
    pub tests: Vec<Test>,
    /// Standards of the packs' documents that no rule checks.
    pub unchecked: Vec<Unchecked>,
    /// Standards the rules claiming them check only in part.
    pub partial: Vec<Partial>,
    /// Rule files, by index, for diagnostics that point into them.
    pub files: Vec<RuleFile>,
    /// Number of aggregate nodes, for the evaluator's per-run caches.
    pub aggregates: usize,
}

#[derive(Debug, Clone)]
pub struct RuleFile {
    pub name: String,
    pub text: Arc<str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Text2 {
    pub zh: String,
    pub en: String,
}

impl Text2 {
    pub fn get(&self, lang: crate::i18n::Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

#[derive(Debug)]
pub struct Pack {
    pub id: String,
    pub title: Option<Text2>,
    /// The document number, e.g. `汴政〔2022〕2号`.
    pub source: Option<String>,
    pub region: Option<String>,
    pub issued: Option<Date>,
    pub file: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A piece of a message template.
#[derive(Debug, Clone, PartialEq)]
pub enum Seg {
    Lit(String),
    Field(Slot),
    /// A rule's `let` value, by index into [`Rule::lets`].
    Let(usize),
    /// `{required}`: the figure a failed comparison required, in its unit.
    Required,
    /// `{faults}`: the fields whose parts of an `and` requirement are false, so
    /// a 合计 row or a form names the columns at fault.
    Faults,
    /// `{faults: …}`: the pattern once for every false part, with that part's
    /// column and figures.
    FaultsEach(Vec<FaultSeg>),
    /// `{lacking}`: the items a failed `contains_all` found missing from its list.
    Lacking,
}

/// A piece of the pattern of `{faults: …}`, filled once for each false part of
/// an `and` requirement.
#[derive(Debug, Clone, PartialEq)]
pub enum FaultSeg {
    Lit(String),
    /// `{column}`: the part's field, as the reader knows it.
    Column,
    /// `{actual}`: the part's own figure (the left side of its comparison).
    Actual,
    /// `{required}`: the figure it is held to (the right side).
    Required,
}

/// A rule's named intermediate value, kept so its message can show it.
#[derive(Debug)]
pub struct Let {
    pub name: String,
    /// The expression as written, for `explain`.
    pub text: String,
    pub node: Node,
    /// How a quantity is printed; `None` for other kinds of value.
    pub display: Option<Display>,
}

#[derive(Debug)]
pub struct Rule {
    pub pack: usize,
    pub id: String,
    pub title: Text2,
    pub message: Option<(Vec<Seg>, Vec<Seg>)>,
    /// What is required, in the reader's words (zh, en); reports show it in place
    /// of the rule-language expression.
    pub requirement: Option<(Vec<Seg>, Vec<Seg>)>,
    /// Why the rule cannot decide, where an `unknown` of it says (zh, en), by
    /// `Node::Unknown`'s index.
    pub reasons: Vec<(Vec<Seg>, Vec<Seg>)>,
    pub note: Option<Text2>,
    pub cite: String,
    /// Ids of the standards it checks.
    pub standards: Vec<String>,
    pub severity: Severity,
    pub entity: EntityId,
    pub filter: Option<Node>,
    pub require: Node,
    pub from: Option<Date>,
    pub until: Option<Date>,
    /// A task's deadline: before it a failure is a warning ("behind"), after it the
    /// rule's own severity ("overdue").
    pub due: Option<Date>,
    pub lets: Vec<Let>,
    /// The requirement as written in the pack.
    pub required_text: String,
    /// The filter as written, for `explain`.
    pub filter_text: Option<String>,
    /// Fields of the checked record the requirement reads, in order of appearance.
    pub fields: Vec<Slot>,
    /// Entities the rule reads besides its own (through aggregates).
    pub needs: Vec<EntityId>,
    pub file: usize,
    pub span: Span,
}

impl Rule {
    /// Every field the rule reads, of its own entity and of those its aggregates
    /// count, as (entity, slot): what a data dictionary lists as "used by".
    pub fn reads(&self) -> std::collections::BTreeSet<(EntityId, Slot)> {
        let mut out: std::collections::BTreeSet<(EntityId, Slot)> =
            self.walk_reads().into_iter().map(|(_, r)| r).collect();
        out.extend(self.fields.iter().map(|&s| (self.entity, s)));
        out
    }

    /// The fields the rule's aggregates read of the records they run over (in
    /// their `where` and value), as (entity, slot): a column the whole input
    /// lacks there leaves the rule unanswerable as surely as one of its own.
    pub fn aggregated_reads(&self) -> std::collections::BTreeSet<(EntityId, Slot)> {
        self.walk_reads()
            .into_iter()
            .filter(|&(top, _)| !top)
            .map(|(_, r)| r)
            .collect()
    }

    /// Every field read, each marked whether it is the checked record's (`true`)
    /// or an aggregated record's.
    fn walk_reads(&self) -> std::collections::BTreeSet<(bool, (EntityId, Slot))> {
        /// What a `Field` slot means where the walk is: the checked record's, a
        /// whole record of an aggregated entity (its `pre`), or a kept position
        /// (its filter and body: the kept slots are listed from `proj`).
        #[derive(Clone, Copy)]
        enum At {
            Top,
            Whole(EntityId),
            Kept,
        }
        type Out = std::collections::BTreeSet<(bool, (EntityId, Slot))>;
        fn walk(n: &Node, own: EntityId, at: At, out: &mut Out) {
            let field = |s: Slot, out: &mut Out| match at {
                At::Top => {
                    out.insert((true, (own, s)));
                }
                At::Whole(e) => {
                    out.insert((false, (e, s)));
                }
                At::Kept => {}
            };
            match n {
                Node::Field(s) | Node::Agrees { slot: s, .. } => field(*s, out),
                Node::Present {
                    slot, outer: false, ..
                } => field(*slot, out),
                Node::Outer(s)
                | Node::Present {
                    slot: s,
                    outer: true,
                    ..
                } => {
                    out.insert((true, (own, *s)));
                }
                Node::Let(_, l) => walk(&l.0, own, at, out),
                Node::Agg(a) => {
                    // A column the aggregate tests for (`present(parent) and …`) is
                    // one it does without: a table lacking it is read all the same.
                    fn tested(n: &Node, out: &mut Vec<Slot>) {
                        if let Node::Present {
                            slot, outer: false, ..
                        } = n
                        {
                            out.push(*slot);
                        }
                        n.each_child(&mut |c| tested(c, out));
                    }
                    let mut guarded = Vec::new();
                    for x in a.filter.iter().chain(a.body.iter()) {
                        tested(x, &mut guarded);
                    }
                    out.extend(
                        a.proj
                            .iter()
                            .enumerate()
                            .filter(|(p, _)| !guarded.contains(p))
                            .map(|(_, &s)| (false, (a.entity, s))),
                    );
                    if let Some(pre) = &a.pre {
                        let mut read = Out::new();
                        walk(pre, own, At::Whole(a.entity), &mut read);
                        let mut whole = Vec::new();
                        tested(pre, &mut whole);
                        out.extend(
                            read.into_iter().filter(|&(top, (e, s))| {
                                top || e != a.entity || !whole.contains(&s)
                            }),
                        );
                    }
                    for x in a.filter.iter().chain(a.body.iter()) {
                        walk(x, own, At::Kept, out);
                    }
                }
                _ => {}
            }
            n.each_child(&mut |c| walk(c, own, at, out));
        }
        let mut out = Out::new();
        for n in self.nodes() {
            walk(n, self.entity, At::Top, &mut out);
        }
        out
    }

    /// The document's own words the rule quotes: each `原文：“…”` of its Chinese
    /// note, without the marks. A quote may nest ‘…’ for the document's own “…”
    /// and elide text with `……`. `explain` shows them as the clause's text, and a
    /// test holds each to be verbatim in the document, so the marker is the contract.
    pub fn quotes(&self) -> Vec<&str> {
        self.note.as_ref().map_or_else(Vec::new, |n| quotes(&n.zh))
    }

    /// Every expression the rule evaluates: its scope, its requirement and its
    /// `let`s, which a message may show without the requirement reading them (the
    /// nearest facility), so their aggregates need data too.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        self.filter
            .iter()
            .chain(std::iter::once(&self.require))
            .chain(self.lets.iter().map(|l| &l.node))
    }

    /// Whether the rule is in force on `date`.
    pub fn in_force(&self, date: Date) -> bool {
        self.from.is_none_or(|f| date >= f) && self.until.is_none_or(|u| date <= u)
    }

    /// Whether the rule measures geometry (`area`, `distance`, `within`,
    /// `centroid`), in its own expressions or inside an aggregate: a map shades
    /// records by these rules.
    pub fn is_spatial(&self) -> bool {
        self.filter
            .iter()
            .chain(std::iter::once(&self.require))
            .any(|n| n.any(&|n| matches!(n, Node::Spatial(..))))
    }
}

/// Every `原文：“…”` in `text`, without the marks: a quote ends at the `”` that
/// closes its `“` (a nested `“…”` is kept whole), or at the end of the text.
pub fn quotes(text: &str) -> Vec<&str> {
    const OPEN: &str = "原文：“";
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(OPEN) {
        let body = &rest[i + OPEN.len()..];
        let mut depth = 0usize;
        let mut end = body.len();
        for (j, c) in body.char_indices() {
            match c {
                '“' => depth += 1,
                '”' if depth == 0 => {
                    end = j;
                    break;
                }
                '”' => depth -= 1,
                _ => {}
            }
        }
        out.push(&body[..end]);
        rest = &body[end..];
    }
    out
}

/// A standard of a pack's document that no rule checks, and why.
#[derive(Debug)]
pub struct Unchecked {
    pub pack: usize,
    pub id: String,
    pub cite: Option<String>,
    pub reason: Text2,
}

/// A standard the pack's rules check only in part, and what they leave unchecked.
#[derive(Debug)]
pub struct Partial {
    pub pack: usize,
    pub id: String,
    pub cite: Option<String>,
    pub missing: Text2,
}

/// A test block's cases for one rule.
#[derive(Debug)]
pub struct Test {
    pub rule: usize,
    pub given: Vec<(EntityId, Record<'static>)>,
    pub cases: Vec<TestCase>,
    pub file: usize,
    /// The date the cases are checked on, when the block names one (`as_of`).
    pub as_of: Option<jiff::civil::Date>,
}

#[derive(Debug)]
pub struct TestCase {
    pub expect: crate::lang::ast::Expect,
    pub record: Record<'static>,
    pub span: Span,
}

/// A constant in a compiled expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    Num(Q),
    Bool(bool),
    Text(Box<str>),
    Enum(u16),
    Date(Date),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// How a number on one side of a comparison is printed in a finding.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Display {
    pub unit: Option<&'static Unit>,
    /// The base unit's symbol when `unit` is `None` (`""` for plain numbers).
    pub symbol: &'static str,
}

/// An expression lowered to field slots. `Field` reads the record in hand (inside an
/// aggregate: the other record); `Outer` reads the record the rule is checking.
#[derive(Debug, Clone)]
pub enum Node {
    Const(Const),
    Field(Slot),
    Outer(Slot),
    AsOf,
    /// Always `unknown`: a case the rule cannot decide, with the index of the
    /// rule's reason for it (`Rule::reasons`) where it gives one.
    Unknown(Option<u16>),
    /// Always `unknown`: the record's enum value (in this slot, if a field's) may
    /// be any of several (a `maybe` value), and which decides the comparison.
    Vague(Option<Slot>),
    Neg(Box<Node>),
    Arith(Arith, Box<Node>, Box<Node>),
    Cmp(Cmp, Box<Node>, Box<Node>, Display),
    And(Box<[Node]>),
    Or(Box<[Node]>),
    Not(Box<Node>),
    If(Box<Node>, Box<Node>, Box<Node>),
    In(Box<Node>, Box<[Node]>),
    Contains {
        all: bool,
        list: Box<Node>,
        items: Box<[Box<str>]>,
    },
    Present {
        slot: Slot,
        outer: bool,
        /// Asked by the requirement itself (`require present(x) and …`): is the
        /// field filled in readably? An unreadable cell is then a plain no. As a
        /// guard (an `if`'s condition, a `where`) it is unknown instead: whether
        /// the rule should use the cell cannot be told.
        strict: bool,
    },
    /// Whether a reported figure equals `expr` to the precision it was written at.
    Agrees {
        slot: Slot,
        expr: Box<Node>,
        /// How the figure and its calculation are printed.
        display: Display,
    },
    /// Whether text fits a (whole-cell) regular expression.
    Matches(Box<Node>, Box<regex::Regex>),
    /// A spatial built-in over its arguments.
    Spatial(crate::spatial::Func, Box<[Node]>),
    /// A built-in of plain values (`monday`, `city_of`).
    Call(crate::lang::ast::Builtin, Box<[Node]>),
    Agg(Box<Agg>),
    /// A use of the rule's `let` number `.0` (an index into [`Rule::lets`]). The
    /// value is shared, not copied: `let a1 = a0 + a0; let a2 = a1 + a1; …` would
    /// otherwise double in size with every line. The evaluator computes it once per
    /// record; [`Node::each_child`] does not descend into it (a walk over
    /// [`Rule::nodes`] meets each let once), and a walk that must see through it
    /// remembers the lets it has entered.
    Let(usize, LetNode),
}

/// The shared expression of a `let` (see [`Node::Let`]).
#[derive(Clone)]
pub struct LetNode(pub std::sync::Arc<Node>);

impl std::fmt::Debug for LetNode {
    /// Not the expression: printed in full at each use, a chain of lets would print
    /// exponentially much.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LetNode(..)")
    }
}

impl std::ops::Deref for LetNode {
    type Target = Node;
    fn deref(&self) -> &Node {
        &self.0
    }
}

/// An aggregate over another entity's records, lowered by `lang::agg`.
#[derive(Debug, Clone)]
pub struct Agg {
    /// Index of this aggregate's index and cache in the evaluator.
    pub id: usize,
    pub func: crate::lang::ast::AggFunc,
    pub entity: EntityId,
    /// The part of the `where` that does not look at `self`, over whole records:
    /// applied once to each record of `entity` as it is read.
    pub pre: Option<Node>,
    /// Which fields of a record the aggregate keeps (`proj[i]` is the slot kept at
    /// position `i`); `keys`, `filter` and `body` read these positions.
    pub proj: Vec<Slot>,
    /// Equalities `kept_field == outer_expr` taken out of the `where`: a hash key.
    pub keys: Vec<(usize, Node)>,
    /// The rest of the `where`, which depends on `self`.
    pub filter: Option<Node>,
    pub body: Option<Node>,
    /// Whether the result depends on the checked record; if not it is computed once.
    pub uses_self: bool,
    /// A `distance(kept_geometry, self.geometry) <= radius` taken from the `where`:
    /// candidates come from an R-tree of the kept geometries, and the condition,
    /// still in `filter`, decides exactly.
    pub near: Option<Near>,
    /// For `nearest(… by distance(g, self.g))`: the kept position of the other
    /// records' geometry and the checked record's, searched in an R-tree.
    pub by: Option<(usize, Node)>,
    /// Whether the result depends on the checked record only through its key (no
    /// residual `where` and no body that reads `self`): every record of a group
    /// gets the same answer, so a large group's is computed once and remembered.
    pub by_key: bool,
}

/// See [`Agg::near`].
#[derive(Debug, Clone)]
pub struct Near {
    /// The kept position of the other records' geometry.
    pub pos: usize,
    /// The checked record's geometry.
    pub outer: Node,
    /// In metres.
    pub radius: crate::num::Q,
}

impl Node {
    /// Calls `f` on each direct sub-expression. Of an aggregate, only its keys' outer
    /// sides: the rest ([`Agg::inner`]) reads another entity's records.
    pub fn each_child<'a>(&'a self, f: &mut dyn FnMut(&'a Node)) {
        match self {
            Node::Neg(a) | Node::Not(a) | Node::Matches(a, _) | Node::Agrees { expr: a, .. } => {
                f(a)
            }
            Node::Contains { list, .. } => f(list),
            Node::Arith(_, a, b) | Node::Cmp(_, a, b, _) => {
                f(a);
                f(b);
            }
            Node::And(xs) | Node::Or(xs) | Node::Spatial(_, xs) | Node::Call(_, xs) => {
                xs.iter().for_each(f)
            }
            Node::If(c, a, b) => {
                f(c);
                f(a);
                f(b);
            }
            Node::In(a, xs) => {
                f(a);
                xs.iter().for_each(f);
            }
            Node::Agg(a) => {
                a.keys.iter().for_each(|(_, k)| f(k));
                if let Some((_, outer)) = &a.by {
                    f(outer);
                }
            }
            Node::Const(_)
            | Node::Field(_)
            | Node::Outer(_)
            | Node::AsOf
            | Node::Unknown(_)
            | Node::Vague(_)
            | Node::Present { .. }
            | Node::Let(..) => {}
        }
    }

    /// How many nodes the expression has, each let's expression counted where it
    /// is defined, not at each use: the size of what the evaluator holds.
    pub fn size(&self) -> usize {
        let mut n = 1;
        if let Node::Agg(a) = self {
            n += a.inner().map(Node::size).sum::<usize>();
        }
        self.each_child(&mut |c| n += c.size());
        n
    }

    /// The longest path down from the node, through the lets it uses (`lets[i]` is
    /// the depth of let `i`'s expression): how deep evaluating it recurses.
    pub fn depth(&self, lets: &[usize]) -> usize {
        if let Node::Let(i, _) = self {
            return 1 + lets.get(*i).copied().unwrap_or(0);
        }
        let mut d = 0;
        if let Node::Agg(a) = self {
            for n in a.inner() {
                d = d.max(n.depth(lets));
            }
        }
        self.each_child(&mut |c| d = d.max(c.depth(lets)));
        1 + d
    }
}

impl Node {
    /// Whether `pred` holds for this node or any below it, aggregates' insides
    /// and the lets it uses included (each let looked into once: it would answer
    /// the same again).
    pub fn any(&self, pred: &dyn Fn(&Node) -> bool) -> bool {
        self.any_in(pred, &mut Vec::new())
    }

    /// The lets this node uses, directly or through other lets, each once, in the
    /// order first met (indexes into [`Rule::lets`]).
    pub fn lets_used(&self, out: &mut Vec<usize>) {
        if let Node::Let(i, l) = self {
            if !out.contains(i) {
                out.push(*i);
                l.lets_used(out);
            }
            return;
        }
        self.each_child(&mut |c| c.lets_used(out));
    }

    fn any_in(&self, pred: &dyn Fn(&Node) -> bool, seen: &mut Vec<usize>) -> bool {
        if pred(self) {
            return true;
        }
        if let Node::Let(i, l) = self {
            if seen.contains(i) {
                return false;
            }
            seen.push(*i);
            return l.any_in(pred, seen);
        }
        if let Node::Agg(a) = self
            && a.inner().any(|n| n.any_in(pred, seen))
        {
            return true;
        }
        let mut found = false;
        self.each_child(&mut |c| found = found || c.any_in(pred, seen));
        found
    }
}

impl Agg {
    /// The expressions over the other entity's records: pre-filter, filter, body.
    pub fn inner(&self) -> impl Iterator<Item = &Node> {
        self.pre
            .iter()
            .chain(self.filter.iter())
            .chain(self.body.iter())
    }
}
