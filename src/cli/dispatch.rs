//! Each subcommand carried out: the parsed command line to the function that
//! does its work, under the project's settings.

use super::error::CliError;
use super::{
    Cli, atomic, check, explain, init, load_rules, load_rules_with, project, template, write_bytes,
    write_output,
};
use super::{Command, Run};
use clap::CommandFactory;
use ylcheck::diag::suggest;
use ylcheck::eval;
use ylcheck::i18n::{Lang, tr};
use ylcheck::report;

pub(super) fn run(cmd: Command, lang: Lang, config: Option<&project::Config>) -> Run {
    let beside = config.and_then(|c| c.rules.clone()).unwrap_or_default();
    match cmd {
        Command::Check {
            args,
            format,
            output,
            fail_on,
            extra,
        } => check::check(
            &args,
            check::Report {
                format,
                output: output.as_deref(),
                fail_on,
                extra: &extra,
            },
            config,
            &beside,
            lang,
        ),
        Command::Map { args, output } => {
            check::map(&args, output.as_deref(), config, &beside, lang)
        }
        Command::Rules {
            rules,
            coverage: true,
        } => {
            let set = load_rules_with(&rules, &beside, lang, &[])?;
            write_output(None, &report::coverage::render(&set, lang))?;
            Ok(0)
        }
        Command::Rules { rules, .. } => {
            let set = load_rules_with(&rules, &beside, lang, &[])?;
            let mut out = String::new();
            for r in &set.rules {
                let window = match (r.from, r.until) {
                    (Some(f), Some(u)) => format!("{f}..{u}"),
                    (Some(f), None) => format!("{f}.."),
                    (None, Some(u)) => format!("..{u}"),
                    (None, None) => String::new(),
                };
                // A deadline is what a task's reader looks for, not "always".
                let window = match r.due {
                    Some(d) if window.is_empty() => format!("due {d}"),
                    Some(d) => format!("{window} due {d}"),
                    None => window,
                };
                out.push_str(&format!(
                    "{}/{}\t{}\t{}\t{}\t{}\n",
                    set.packs[r.pack].id,
                    r.id,
                    r.severity.name(),
                    window,
                    r.cite,
                    r.title.get(lang)
                ));
            }
            write_output(None, &out)?;
            Ok(0)
        }
        Command::Explain { rule, rules } => {
            // A diagnostic code is explained from its table, whatever the rules.
            if rule.starts_with(ylcheck::codes::PREFIX) {
                return explain_code(&rule, lang);
            }
            let set = load_rules_with(&rules, &beside, lang, &[])?;
            let found: Vec<&ylcheck::pack::Rule> = set
                .rules
                .iter()
                .filter(|r| r.id == rule || format!("{}/{}", set.packs[r.pack].id, r.id) == rule)
                .collect();
            // The same id in two packs is two rules: which one is meant is asked,
            // never guessed.
            if found.len() > 1 {
                let choices: Vec<String> = found
                    .iter()
                    .map(|r| format!("{}/{}", set.packs[r.pack].id, r.id))
                    .collect();
                return Err(CliError::AmbiguousRule { rule, choices }.into());
            }
            let Some(r) = found.first() else {
                if let Some(text) = explain::render_standard(&set, &rule, lang) {
                    write_output(None, &text)?;
                    return Ok(0);
                }
                let names = set.rules.iter().map(|r| r.id.as_str());
                let suggestion = suggest(&rule, names).map(String::from);
                return Err(CliError::UnknownRule { rule, suggestion }.into());
            };
            write_output(None, &explain::render(&set, r, lang))?;
            Ok(0)
        }
        Command::Test { rules } => {
            let files = project::rule_files_in_force(&rules, &beside)?;
            let set = ylcheck::rules::compile(&files, lang)?;
            let (cases, failures) = eval::run_tests(&set);
            if !failures.is_empty() {
                return Err(ylcheck::rules::test_failures(&set, &failures, lang).into());
            }
            let untested: Vec<&str> = set
                .rules
                .iter()
                .enumerate()
                .filter(|(i, _)| !set.tests.iter().any(|t| t.rule == *i))
                .map(|(_, r)| r.id.as_str())
                .collect();
            let mut out = tr(
                lang,
                format!(
                    "{} 个规则包，{} 条规则，{} 个测试用例全部通过\n",
                    set.packs.len(),
                    set.rules.len(),
                    cases
                ),
                format!(
                    "{} packs, {} rules, {} test cases passed\n",
                    set.packs.len(),
                    set.rules.len(),
                    cases
                ),
            );
            if !untested.is_empty() {
                out.push_str(&tr(
                    lang,
                    format!("没有测试的规则：{}\n", untested.join("、")),
                    format!("rules without tests: {}\n", untested.join(", ")),
                ));
            }
            write_output(None, &out)?;
            Ok(0)
        }
        Command::Init { force } => init::run(force, lang),
        Command::Completions { shell } => {
            let mut bytes = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "ylcheck", &mut bytes);
            write_bytes(None, &bytes)?;
            Ok(0)
        }
        Command::Man => {
            let mut bytes = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut bytes)
                .map_err(|e| atomic::write_error("-", &e))?;
            for sub in Cli::command().get_subcommands() {
                let name = format!("ylcheck-{}", sub.get_name());
                clap_mangen::Man::new(sub.clone())
                    .title(name)
                    .render(&mut bytes)
                    .map_err(|e| atomic::write_error("-", &e))?;
            }
            write_bytes(None, &bytes)?;
            Ok(0)
        }
        Command::Template {
            entity,
            xlsx,
            fields,
            output,
        } => {
            let set = load_rules(&[], lang)?;
            let out = output.as_deref();
            if fields {
                write_output(out, &template::fields_markdown(&set, lang))?;
                return Ok(0);
            }
            let Some(entity) = entity else {
                write_output(out, &template::list(&set, lang))?;
                return Ok(0);
            };
            let e = template::entity(&set, &entity)?;
            if !xlsx {
                write_bytes(out, &template::csv(&set, e, lang))?;
                return Ok(0);
            }
            let Some(path) = out else {
                return Err(CliError::TemplateToTerminal.into());
            };
            let bytes = template::xlsx(&set, e, lang).map_err(|err| CliError::TemplateNotMade {
                path: path.to_string(),
                reason: err.to_string(),
            })?;
            write_bytes(Some(path), &bytes)?;
            Ok(0)
        }
    }
}

/// `ylcheck explain ylcheck::…`: the code's entry from [`ylcheck::codes::CODES`], or
/// an error with the nearest code.
fn explain_code(code: &str, lang: Lang) -> Run {
    if let Some(c) = ylcheck::codes::find(code) {
        write_output(None, &ylcheck::codes::render(c, lang))?;
        return Ok(0);
    }
    let codes = ylcheck::codes::CODES.iter().map(|c| c.code);
    Err(CliError::UnknownCode {
        code: code.to_string(),
        suggestion: suggest(code, codes).map(String::from),
    }
    .into())
}
