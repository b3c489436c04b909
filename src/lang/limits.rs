//! The rule language's size limits, kept below both the stages that enforce them
//! and the errors that state them, so neither has to reach into the other.

/// Deepest expression nesting the parser accepts.
pub const MAX_DEPTH: usize = 48;

/// Most nodes a rule may compile to, its lets counted once each. Rules in the
/// shipped packs have at most a few hundred; the cap keeps a hostile pack from
/// making every record's evaluation arbitrarily costly.
pub const MAX_RULE_NODES: usize = 20_000;

/// Deepest a rule's expression may be, counted through the lets it uses: the
/// evaluator recurses that deep, and a long chain of lets (each a few levels, none
/// past the parser's limit) must not exhaust the stack.
pub const MAX_RULE_DEPTH: usize = 256;

/// The most memory one `matches` pattern may compile to. Real patterns (phone
/// numbers, ID cards, `[\p{Han}·]{2,50}`) fit; Unicode `\w{25}` does not.
pub(crate) const MAX_REGEX: usize = 1 << 20;
