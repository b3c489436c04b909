//! A rule's `let`s are values shared by their uses, not copies: a chain of lets
//! that each use the one before twice compiles to a size linear in its length and
//! is evaluated once per let and record.

use crate::common;
use ylcheck::eval::{self, Outcome, work};
use ylcheck::lang;

/// `let a0 = beds; let a1 = a0 + a0; …; require a{n} >= 1`: written out, a{n} has
/// 2^n leaves.
fn chain(n: usize) -> String {
    let mut s = String::from("pack chain { source \"t\" }\nrule chained {\n");
    s.push_str("  title zh \"链\" en \"chain\" cite \"t\"\n");
    s.push_str(&format!(
        "  message zh \"{{name}}：{{a{n}}}\" en \"{{name}}: {{a{n}}}\"\n"
    ));
    s.push_str("  for facility\n  let a0 = beds\n");
    for i in 1..=n {
        s.push_str(&format!("  let a{i} = a{j} + a{j}\n", j = i - 1));
    }
    s.push_str(&format!("  require a{n} >= 1\n}}\n"));
    s
}

fn compile(pack: &str) -> Result<ylcheck::pack::RuleSet, Vec<ylcheck::diag::Diag>> {
    common::compile_beside_entities("chain.rules", pack)
}

/// Nodes the rule holds: its scope, requirement and lets.
fn size(set: &ylcheck::pack::RuleSet) -> usize {
    set.rules
        .iter()
        .flat_map(|r| r.nodes())
        .map(|n| n.size())
        .sum()
}

#[test]
fn forty_chained_lets_compile_to_a_linear_size() {
    let twenty = size(&compile(&chain(20)).expect("compiles"));
    let forty = size(&compile(&chain(40)).expect("compiles"));
    // Three nodes a let (`+` and its two uses) and a few for the requirement.
    assert!(forty <= 4 * 41 + 8, "{forty} nodes");
    assert_eq!(forty - twenty, 3 * 20, "{twenty} → {forty} nodes");
}

#[test]
fn forty_chained_lets_are_evaluated_once_each() {
    let set = compile(&chain(40)).expect("compiles");
    let ds = common::load_tables(&set, &[("facility", "名称,床位数\n甲,1\n乙,0\n丙,\n")]);
    let before = work::get(&work::NODES);
    let out = eval::check(
        &set,
        &ds,
        &eval::Options {
            as_of: jiff::civil::date(2026, 1, 1),
            selected: &|_, _| true,
        },
    );
    let nodes = work::get(&work::NODES) - before;
    // Three records, each evaluating the requirement, its 41 lets once and, for a
    // failure, its explanation and message: a few hundred nodes each, not 2^40.
    assert!(nodes < 3 * 1000, "{nodes} nodes evaluated");
    let outcomes: Vec<_> = out.findings.iter().map(|f| (f.row, f.outcome)).collect();
    assert_eq!(outcomes, [(1, Outcome::Fail), (2, Outcome::Unknown)]);
    // The message shows the let's value: 0 doubled forty times.
    let fail = &out.findings[0];
    assert_eq!(fail.lets.len(), 41);
    let shown = format!("{:?}", fail.lets[40]);
    assert!(shown.contains('0'), "{shown}");
    assert!(fail.comparison.is_some(), "{fail:?}");
}

#[test]
fn the_value_of_a_chain_is_what_it_would_be_written_out() {
    let set = compile(&chain(40)).expect("compiles");
    let ds = common::load_tables(&set, &[("facility", "名称,床位数\n甲,3\n")]);
    // Fails only if a40 < 1; passes here, and a rule requiring exactly 3 × 2^40 would
    // agree: checked through a second pack below.
    let out = eval::check(
        &set,
        &ds,
        &eval::Options {
            as_of: jiff::civil::date(2026, 1, 1),
            selected: &|_, _| true,
        },
    );
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    let exact = chain(40).replace("require a40 >= 1", "require a40 == 3298534883328");
    let set = compile(&exact).expect("compiles");
    let out = eval::check(
        &set,
        &ds,
        &eval::Options {
            as_of: jiff::civil::date(2026, 1, 1),
            selected: &|_, _| true,
        },
    );
    assert!(out.findings.is_empty(), "{:?}", out.findings);
}

#[test]
fn a_rule_past_the_size_limit_is_refused() {
    let items: Vec<String> = (0..lang::MAX_RULE_NODES).map(|i| i.to_string()).collect();
    let pack = format!(
        "pack chain {{ source \"t\" }}\nrule wide {{\n  title zh \"宽\" en \"wide\" cite \"t\"\n  \
         for facility\n  require beds in [{}]\n}}\n",
        items.join(", ")
    );
    let errs = compile(&pack).expect_err("refused");
    let text = format!("{errs:?}");
    assert!(text.contains("ylcheck::rules::too-large"), "{text}");
}
