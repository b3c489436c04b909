//! `--format github`: GitHub Actions workflow commands, one per finding, so a CI
//! run shows each shortfall as an annotation on the input file. Only failing and
//! unknown findings reach a renderer: the engine counts passes without rendering them.
//! Problems with the input or the run are annotations too, before the findings.

use super::Context;
use crate::diag::Diag;
use crate::eval::Finding;
use crate::pack::Severity;

/// Escapes a message: GitHub reads `%`, CR and LF specially there.
fn escape_data(s: &str) -> String {
    crate::escape::terminal(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, which also ends at `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One `::error …::message` line, ending in a newline.
pub fn finding(ctx: &Context<'_>, f: &Finding) -> String {
    let waiver = ctx.waiver(f);
    // A waived finding is a notice: shown on the file, failing nothing.
    let level = match (waiver, f.severity) {
        (Some(_), _) | (None, Severity::Info) => "notice",
        (None, Severity::Error) => "error",
        (None, Severity::Warning) => "warning",
    };
    let message = match waiver {
        Some(w) => format!(
            "{}{}{}",
            ctx.full_message(f),
            ctx.lang.pick("；", "; "),
            ctx.waiver_note(w)
        ),
        None => ctx.full_message(f),
    };
    let title = format!(
        "{} {}",
        ctx.rule_id(f.rule),
        ctx.rule(f).title.get(ctx.lang)
    );
    format!(
        "::{level} file={},line={},col={},title={}::{}\n",
        escape_property(ctx.path(f)),
        f.line,
        f.column,
        escape_property(&title),
        escape_data(&message),
    )
}

/// One annotation for a diagnostic, on its file and line when it has them; a
/// worksheet's annotation goes on the workbook, with the sheet and cell in the text.
pub fn diagnostic(ctx: &Context<'_>, d: &Diag) -> String {
    let level = match d.severity {
        miette::Severity::Error => "error",
        miette::Severity::Warning => "warning",
        miette::Severity::Advice => "notice",
    };
    let mut message = d.message.clone();
    let mut place = String::new();
    if let Some(l) = d.location() {
        let (path, sheet) = ctx.split_sheet(&l.path);
        place = format!(
            "file={},line={},col={},",
            escape_property(path),
            l.line,
            l.column
        );
        match (sheet, &l.cell) {
            (Some(s), Some(c)) => message.push_str(&format!(" ({s}!{c})")),
            (Some(s), None) => message.push_str(&format!(" ({s})")),
            (None, Some(c)) => message.push_str(&format!(" ({c})")),
            (None, None) => {}
        }
    }
    if let Some(h) = &d.help {
        message.push('\n');
        message.push_str(h);
    }
    format!(
        "::{level} {place}title={}::{}\n",
        escape_property(&d.code),
        escape_data(&message)
    )
}

/// A notice of the settings in force, so a pull request's checks show when a
/// settings file, not the command line, chose the rules or the exit code.
pub fn settings(ctx: &Context<'_>, st: &super::Settings) -> String {
    format!(
        "::notice title=ylcheck::settings::{}\n",
        escape_data(&st.line(ctx.lang))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_github() {
        // A line break stays one; a lone CR from the data is shown, never obeyed.
        assert_eq!(escape_data("50%\r\nx:y,z"), "50%25%0Ax:y,z");
        assert_eq!(escape_data("a\r::error::x"), "a\\u{d}::error::x");
        assert_eq!(escape_data("a\u{1b}]0;t\u{7}"), "a\\u{1b}]0;t\\u{7}");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
