//! Rule files to a rule set a run may trust: compiled, the packs' own tests run (a
//! pack whose tests fail checks nothing; the shipped packs' tests are the test
//! suite's to run, since they change only with the binary), then compiled again with the parameter overrides. The
//! command line and every embedder go this one way.

use crate::diag::Diag;
use crate::eval;
use crate::i18n::{Lang, tr};
use crate::lang::error::Located;
use crate::lang::params::Override;
use crate::pack::RuleSet;
use std::sync::Arc;

/// Compiles rule files into one rule set ([`crate::lang`]); its errors as
/// diagnostics in `lang`, each pointing into its file.
pub fn compile(files: &[(String, Arc<str>)], lang: Lang) -> Result<RuleSet, Vec<Diag>> {
    crate::lang::compile(files).map_err(|e| diagnostics(files, e, lang))
}

/// [`compile`], with packs' parameters overridden (`walk_radius` = `800m`).
pub fn compile_with(
    files: &[(String, Arc<str>)],
    lang: Lang,
    params: &[Override],
) -> Result<RuleSet, Vec<Diag>> {
    crate::lang::compile_with(files, params).map_err(|e| diagnostics(files, e, lang))
}

/// `--param NAME=VALUE` as an override, or the diagnostic for a flag written otherwise.
pub fn param_flag(p: &str, lang: Lang) -> Result<Override, Diag> {
    Override::flag(p).map_err(|e| e.draft().in_lang(lang))
}

/// The rule language's errors in `lang`, each with the file it is in attached.
fn diagnostics(files: &[(String, Arc<str>)], errors: Vec<Located>, lang: Lang) -> Vec<Diag> {
    errors
        .into_iter()
        .map(|l| {
            let d = l.error.draft().in_lang(lang);
            match l.file.and_then(|i| files.get(i)) {
                Some((name, text)) => d.with_source(name, text.clone()),
                None => d,
            }
        })
        .collect()
}

/// The shipped packs, compiled: what `ylcheck check` uses with no `--rules`.
pub fn shipped(lang: Lang) -> Result<RuleSet, Vec<Diag>> {
    compile_rules(&crate::embedded::files(), lang, &[])
}

/// What `ylcheck check` does with rule files once read: compile them, run the
/// packs' tests, then compile again with the parameter overrides if any.
/// Public so that rule text held in memory (an embedder's, a fuzzer's) goes
/// through exactly the command line's path.
pub fn compile_rules(
    files: &[(String, Arc<str>)],
    lang: Lang,
    params: &[Override],
) -> Result<RuleSet, Vec<Diag>> {
    let set = compile(files, lang)?;
    if !crate::embedded::all_shipped(files) {
        let (_, failures) = eval::run_tests(&set);
        if !failures.is_empty() {
            return Err(test_failures(&set, &failures, lang));
        }
    }
    if params.is_empty() {
        return Ok(set);
    }
    compile_with(files, lang, params)
}

/// Each failed test case of a pack, as an error at the case's record in the rule file.
pub fn test_failures(set: &RuleSet, failures: &[eval::TestFailure], lang: Lang) -> Vec<Diag> {
    failures
        .iter()
        .map(|f| {
            let t = &set.tests[f.test];
            let case = &t.cases[f.case];
            let rule = &set.rules[t.rule];
            let file = &set.files[t.file];
            let want = format!("{:?}", case.expect).to_lowercase();
            let got = match f.got {
                eval::Got::NoDate => {
                    return Diag::error(
                        "ylcheck::rules::test-date",
                        tr(
                            lang,
                            format!(
                                "规则 `{}` 读取检查日期（as_of），但它的测试没有日期：规则没有 `from` 或 `until`，规则包也没有 `issued`",
                                rule.id
                            ),
                            format!(
                                "rule `{}` reads the date checked on (`as_of`), but its test has no date: the rule has no `from` or `until`, nor its pack an `issued`",
                                rule.id
                            ),
                        ),
                    )
                    .with_source(&file.name, file.text.clone())
                    .with_label(case.span, lang.pick("何日检查？", "checked on what day?"))
                    .with_help(lang.pick(
                        "在测试中写明日期，如 `test 规则 { as_of 2024-01-01 … }`，或给规则包写 `issued`",
                        "give the test a date, e.g. `test RULE { as_of 2024-01-01 … }`, or the pack an `issued`",
                    ));
                }
                eval::Got::Outcome(None) => lang
                    .pick(
                        "不适用（不符合规则的适用条件）",
                        "skip (excluded by for … where)",
                    )
                    .to_string(),
                eval::Got::Outcome(Some(o)) => o.name().to_string(),
            };
            Diag::error(
                "ylcheck::rules::test",
                tr(
                    lang,
                    format!("规则 `{}` 的测试未通过：应为 {want}，实际为 {got}", rule.id),
                    format!(
                        "test of rule `{}` failed: expected {want}, got {got}",
                        rule.id
                    ),
                ),
            )
            .with_source(&file.name, file.text.clone())
            .with_label(
                case.span,
                tr(lang, format!("应为 {want}"), format!("expected {want}")),
            )
            .with_help(lang.pick(
                "修正规则的 require 或这条测试记录",
                "fix the rule's `require` or this test record",
            ))
        })
        .collect()
}
