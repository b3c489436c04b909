//! One diagnostic type for every stage.
//!
//! Messages are built in the run's language when the problem is found, so a
//! diagnostic is plain data: a message, an optional help line, and labelled spans in
//! one named source. miette renders it; JSON and the other reports read its fields.

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, Severity, SourceCode, SourceSpan,
    SpanContents,
};
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// A located problem in a rule pack, a data file or the command line.
#[derive(Debug, Clone)]
pub struct Diag {
    /// `ylcheck::stage::kind` for tool errors; `pack/rule` for findings.
    pub code: Cow<'static, str>,
    pub message: String,
    pub help: Option<String>,
    pub severity: Severity,
    /// Boxed: a `Diag` travels in every parser `Result`, whose size sets the depth of
    /// nesting a thread's stack allows.
    pub source: Option<Box<Source>>,
    pub labels: Vec<LabeledSpan>,
    /// Further diagnostics shown with this one (e.g. every error of a stage).
    pub related: Vec<Diag>,
    /// The worksheet cell it is about (`C7`), for a report to name beside the line.
    pub cell: Option<String>,
}

/// Where a diagnostic points, as reports give it: 1-based line and column, the
/// column counting characters as editors do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub cell: Option<String>,
}

impl Diag {
    pub fn error(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Diag {
        Diag {
            code: code.into(),
            message: message.into(),
            help: None,
            severity: Severity::Error,
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
            cell: None,
        }
    }

    pub fn warning(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Diag {
        Diag {
            severity: Severity::Warning,
            ..Diag::error(code, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diag {
        self.help = Some(help.into());
        self
    }

    /// Attaches the source text (named by its path) the labels point into.
    pub fn with_source(mut self, name: &str, text: Arc<str>) -> Diag {
        self.source = Some(Box::new(Source {
            name: name.to_string(),
            text,
            first_line: 1,
            cut: None,
        }));
        self
    }

    /// Attaches a stretch of a source that starts at line `first_line`.
    pub fn with_source_at(mut self, name: &str, text: Arc<str>, first_line: usize) -> Diag {
        self.source = Some(Box::new(Source {
            name: name.to_string(),
            text,
            first_line: first_line.max(1),
            cut: None,
        }));
        self
    }

    pub fn with_label(mut self, span: impl Into<SourceSpan>, label: impl Into<String>) -> Diag {
        self.labels
            .push(LabeledSpan::new_with_span(Some(label.into()), span.into()));
        self
    }

    /// Adds "did you mean `x`?" when a candidate is close to `name`.
    pub fn did_you_mean<'c>(
        self,
        lang: crate::i18n::Lang,
        name: &str,
        candidates: impl Iterator<Item = &'c str>,
    ) -> Diag {
        match suggest(name, candidates) {
            Some(s) => self.with_help(did_you_mean(s).pick(lang)),
            None => self,
        }
    }

    /// Adds "did you mean `x`?" for a suggestion already chosen; in Chinese the
    /// suggestion is quoted as a form's word (“养老服务设施”), not as code.
    pub fn suggesting(self, lang: crate::i18n::Lang, s: Option<&str>) -> Diag {
        match s {
            Some(s) => self.with_help(crate::i18n::tr(
                lang,
                format!("是不是“{s}”？"),
                format!("did you mean `{s}`?"),
            )),
            None => self,
        }
    }

    /// A help line, unless the diagnostic has one already.
    pub fn or_help(self, help: impl Into<String>) -> Diag {
        if self.help.is_some() {
            self
        } else {
            self.with_help(help)
        }
    }

    pub fn with_related(mut self, related: Vec<Diag>) -> Diag {
        self.related = related;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Names the worksheet cell the diagnostic is about.
    pub fn with_cell(mut self, cell: impl Into<String>) -> Diag {
        self.cell = Some(cell.into());
        self
    }

    /// `error`, `warning` or `note`: the level as every report names it.
    pub fn level(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "note",
        }
    }

    /// The file, line and column of its first label, for reports that cannot show
    /// the source: `None` for a problem with no place in a file (the command line,
    /// the run as a whole).
    pub fn location(&self) -> Option<Location> {
        let src = self.source.as_ref()?;
        let text = src.text.as_ref();
        let at = self.labels.iter().map(|l| l.offset()).min().unwrap_or(0);
        let at = floor(text, at);
        let before = &text[..at];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let mut column = before[line_start..].chars().count() + 1;
        if let Some((cut_at, hidden)) = src.cut
            && cut_at == line_start
        {
            column = (column + hidden).saturating_sub(1);
        }
        Some(Location {
            path: src.name.clone(),
            line: src.first_line + before.matches('\n').count(),
            column,
            cell: self.cell.clone(),
        })
    }

    /// The diagnostic as a terminal can show it: a line of megabytes (a runaway
    /// quote, a pasted file, 100 000 columns) is cut to a window around its labels,
    /// and the lines beside it to their start, so a report never repeats an input;
    /// and every text in it made safe to print ([`crate::escape::terminal`], and
    /// [`crate::escape::line`] where miette draws a text on one line).
    pub fn fit(self) -> Diag {
        self.window().escaped()
    }

    /// Control characters, lone CRs and bidi controls from the input shown
    /// escaped, in the message, help, labels, names and the source shown (its
    /// labels moved to where their text now is). The message, the labels, the
    /// cell and the source's name are each one line as miette draws them, so a
    /// line break in them (a file or sheet name, a header) is shown escaped too:
    /// left as it is, it would start a line of its own, which the GitHub Actions
    /// runner reads as a workflow command when it starts with `::`. Only the help
    /// has lines of its own.
    fn escaped(mut self) -> Diag {
        use crate::escape::{line, terminal};
        let owned = |s: std::borrow::Cow<'_, str>| match s {
            std::borrow::Cow::Borrowed(_) => None,
            std::borrow::Cow::Owned(o) => Some(o),
        };
        if let Some(m) = owned(line(&self.message)) {
            self.message = m;
        }
        if let Some(h) = self.help.as_deref().map(terminal).and_then(owned) {
            self.help = Some(h);
        }
        if let Some(c) = self.cell.as_deref().map(line).and_then(owned) {
            self.cell = Some(c);
        }
        if let Some(src) = self.source.as_mut() {
            if let Some(n) = owned(line(&src.name)) {
                src.name = n;
            }
            if let Some(text) = owned(terminal(&src.text)) {
                // Each label moves to where its text now is.
                let mut at: Vec<usize> = Vec::new();
                for l in &self.labels {
                    at.push(l.offset());
                    at.push(l.offset() + l.len());
                }
                if let Some((cut, _)) = src.cut {
                    at.push(cut);
                }
                let moved = crate::escape::terminal_offsets(&src.text, &at);
                self.labels = self
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(k, l)| {
                        let (start, end) = (moved[2 * k], moved[2 * k + 1]);
                        LabeledSpan::new(
                            l.label().map(|t| line(t).into_owned()),
                            start,
                            end.saturating_sub(start),
                        )
                    })
                    .collect();
                if let Some((_, hidden)) = src.cut {
                    src.cut = moved.last().map(|&c| (c, hidden));
                }
                src.text = Arc::from(text);
                return self;
            }
        }
        self.labels = self
            .labels
            .iter()
            .map(|l| match l.label().map(line).and_then(owned) {
                Some(t) => LabeledSpan::new(Some(t), l.offset(), l.len()),
                None => l.clone(),
            })
            .collect();
        self
    }

    /// [`Diag::fit`]'s cutting, before escaping.
    fn window(mut self) -> Diag {
        self.related = std::mem::take(&mut self.related)
            .into_iter()
            .map(Diag::fit)
            .collect();
        let Some(src) = self.source.as_ref() else {
            return self;
        };
        let text = src.text.as_ref();
        let Some(a) = self.labels.iter().map(|l| l.offset()).min() else {
            return self;
        };
        let line_of = |i: usize| {
            let i = floor(text, i.min(text.len()));
            let s = text[..i].rfind('\n').map_or(0, |k| k + 1);
            let e = text[i..].find('\n').map_or(text.len(), |k| i + k);
            (s, e)
        };
        // Labels on several lines with more between them than a window shows (a long
        // line, or many): one window cannot hold them all, so each line's labels are
        // shown apart, the first here and the others after it.
        let lines: Vec<(usize, usize)> = self.labels.iter().map(|l| line_of(l.offset())).collect();
        let from = lines.iter().map(|l| l.0).min().unwrap_or(0);
        let to = lines.iter().map(|l| l.1).max().unwrap_or(0);
        if lines.iter().any(|&l| l != lines[0]) && to.saturating_sub(from) > WIDE {
            let first = lines[0];
            let (here, apart): (Vec<_>, Vec<_>) = std::mem::take(&mut self.labels)
                .into_iter()
                .zip(lines)
                .partition(|(_, l)| *l == first);
            self.labels = here.into_iter().map(|(l, _)| l).collect();
            for (label, _) in apart {
                self.related.push(
                    Diag {
                        code: self.code.clone(),
                        message: label.label().unwrap_or_default().to_string(),
                        help: None,
                        severity: Severity::Advice,
                        source: self.source.clone(),
                        labels: vec![label],
                        related: Vec::new(),
                        cell: None,
                    }
                    .fit(),
                );
            }
            return self.fit();
        }
        let a = floor(text, a.min(text.len()));
        let b = self
            .labels
            .iter()
            .map(|l| l.offset() + l.len())
            .max()
            .unwrap_or(a)
            .clamp(a, text.len());
        let b = floor(text, b);
        let ls = text[..a].rfind('\n').map_or(0, |i| i + 1);
        let le = text[b..].find('\n').map_or(text.len(), |i| b + i);
        let prev = text[..ls.saturating_sub(1)]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let next_end = text
            .get(le + 1..)
            .and_then(|t| t.find('\n').map(|i| le + 1 + i))
            .unwrap_or(text.len());
        let wide = |from: usize, to: usize| to.saturating_sub(from) > WIDE;
        if !wide(ls, le) && !wide(prev, ls) && !wide(le, next_end) {
            return self;
        }
        // The label's line: a window from a little before the first label.
        let (ws, we) = if wide(ls, le) {
            (
                floor(text, a.saturating_sub(MARGIN).max(ls)),
                floor(text, (b.min(a + MAX_LABEL) + MARGIN).min(le)),
            )
        } else {
            (ls, le)
        };
        let head = |from: usize, to: usize| {
            let end = floor(text, to.min(from + WIDE));
            let mut line = text[from..end].trim_end_matches('\r').to_string();
            if end < to {
                line.push('…');
            }
            line
        };
        let mut shown = String::new();
        if ls > 0 {
            shown.push_str(&head(prev, ls.saturating_sub(1)));
            shown.push('\n');
        }
        let mid = shown.len();
        let lead = if ws > ls { "…" } else { "" };
        shown.push_str(lead);
        let shift = mid + lead.len();
        shown.push_str(&text[ws..we]);
        if we < le {
            shown.push('…');
        }
        if le < text.len() {
            shown.push('\n');
            shown.push_str(&head(le + 1, next_end));
        }
        let hidden = text[ls..ws].chars().count();
        let skipped = text[..prev].matches('\n').count();
        let (name, first_line) = (src.name.clone(), src.first_line);
        self.labels = self
            .labels
            .iter()
            .map(|l| {
                let start = floor(text, l.offset().clamp(ws, we));
                let end = floor(text, (l.offset() + l.len()).clamp(start, we));
                LabeledSpan::new(
                    l.label().map(str::to_string),
                    start - ws + shift,
                    end - start,
                )
            })
            .collect();
        self.source = Some(Box::new(Source {
            name,
            text: Arc::from(shown),
            first_line: first_line + skipped,
            cut: (ws > ls).then_some((mid, hidden)),
        }));
        self
    }
}

/// A line longer than this is shown cut ([`Diag::fit`]).
const WIDE: usize = 400;
/// Bytes shown before and after the labels of a cut line, and of a label at most.
const MARGIN: usize = 60;
const MAX_LABEL: usize = 120;

/// The nearest character boundary at or before `i`.
fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        if self.code.is_empty() {
            return None;
        }
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_deref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
        }
    }
}

/// Renders diagnostics the way snapshots and terminals without colour see them.
pub fn render_plain(d: &Diag, width: usize) -> String {
    let mut out = String::new();
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_width(width);
    if handler.render_report(&mut out, &d.clone().fit()).is_err() {
        out = d.to_string();
    }
    out
}

/// A named text whose positions count characters, not bytes, so `file:line:column`
/// in a diagnostic agrees with the column in JSON reports and editors.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: Arc<str>,
    /// The line number of the text's first line (a stretch of a larger file).
    pub first_line: usize,
    /// For a line shown cut ([`Diag::fit`]): where it starts in `text`, and how many
    /// characters of the real line the `…` before it stands for.
    pub cut: Option<(usize, usize)>,
}

impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_ref().read_span(span, before, after)?;
        let start = inner.span().offset();
        let before_start = self.text.get(..start).unwrap_or("");
        let line_start = before_start.rfind('\n').map_or(0, |i| i + 1);
        let mut column = before_start
            .get(line_start..)
            .map_or(0, |l| l.chars().count());
        if let Some((at, hidden)) = self.cut
            && at == line_start
        {
            // The `…` is one character of the shown line.
            column = (column + hidden).saturating_sub(1);
        }
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line - 1,
            column,
            inner.line_count(),
        )))
    }
}

/// "Did you mean `x`?", in both languages.
pub(crate) fn did_you_mean(s: &str) -> Both {
    Both::new(format!("是不是 `{s}`？"), format!("did you mean `{s}`?"))
}

/// One text in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Both {
    pub zh: String,
    pub en: String,
}

impl Both {
    pub(crate) fn new(zh: impl Into<String>, en: impl Into<String>) -> Both {
        Both {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The same text in both (a name, a code).
    pub(crate) fn same(text: impl Into<String>) -> Both {
        let text = text.into();
        Both {
            zh: text.clone(),
            en: text,
        }
    }

    pub(crate) fn pick(self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::Zh => self.zh,
            crate::i18n::Lang::En => self.en,
        }
    }
}

/// An error diagnostic with every text in both languages, as a stage's typed error
/// describes itself; the run's language picks one at the edge ([`Draft::in_lang`]).
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub code: &'static str,
    pub message: Both,
    pub labels: Vec<(SourceSpan, Both)>,
    pub help: Option<Both>,
    /// The source the labels point into, when the error knows it (a `--param` flag).
    pub source: Option<(String, Arc<str>)>,
    /// The line number of the source's first line (a stretch of a larger file).
    pub first_line: usize,
    pub severity: Severity,
    /// The worksheet cell it is about (`C7`).
    pub cell: Option<String>,
    /// Further diagnostics shown with this one.
    pub related: Vec<Draft>,
}

impl Draft {
    pub(crate) fn new(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Draft {
        Draft {
            code,
            message: Both::new(zh, en),
            labels: Vec::new(),
            help: None,
            source: None,
            first_line: 1,
            severity: Severity::Error,
            cell: None,
            related: Vec::new(),
        }
    }

    /// The same, as a warning.
    pub(crate) fn warning(mut self) -> Draft {
        self.severity = Severity::Warning;
        self
    }

    /// The same, as a note.
    pub(crate) fn note(mut self) -> Draft {
        self.severity = Severity::Advice;
        self
    }

    /// Points into a stretch of `name` starting at line `first_line`.
    pub(crate) fn source_at(mut self, name: &str, text: Arc<str>, first_line: usize) -> Draft {
        self.source = Some((name.to_string(), text));
        self.first_line = first_line;
        self
    }

    pub(crate) fn label(
        mut self,
        span: impl Into<SourceSpan>,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Draft {
        self.labels.push((span.into(), Both::new(zh, en)));
        self
    }

    pub(crate) fn help(self, zh: impl Into<String>, en: impl Into<String>) -> Draft {
        self.with_help(Both::new(zh, en))
    }

    pub(crate) fn with_help(mut self, help: Both) -> Draft {
        self.help = Some(help);
        self
    }

    /// The diagnostic in `lang`.
    pub(crate) fn in_lang(self, lang: crate::i18n::Lang) -> Diag {
        let mut d = Diag::error(self.code, self.message.pick(lang));
        d.severity = self.severity;
        for (span, label) in self.labels {
            d = d.with_label(span, label.pick(lang));
        }
        if let Some(h) = self.help {
            d = d.with_help(h.pick(lang));
        }
        if let Some((name, text)) = self.source {
            d = d.with_source_at(&name, text, self.first_line);
        }
        d.cell = self.cell;
        d.related = self.related.into_iter().map(|r| r.in_lang(lang)).collect();
        d
    }
}

/// The closest of `candidates` to `name`, if close enough to be a typo.
pub fn suggest<'c>(name: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// For the stages' tests of their errors: a draft's code is listed, its message,
/// help and labels each have Chinese and English text, and its message differs
/// between the two. `what` names the error in a failure.
#[cfg(test)]
pub(crate) fn assert_bilingual(d: &Draft, what: &dyn std::fmt::Debug) {
    assert!(crate::codes::find(d.code).is_some(), "{what:?}: {}", d.code);
    let texts = std::iter::once(&d.message)
        .chain(d.help.iter())
        .chain(d.labels.iter().map(|l| &l.1))
        .filter(|t| *t != &Both::same(""));
    for t in texts {
        assert!(
            !t.zh.trim().is_empty() && !t.en.trim().is_empty(),
            "{what:?}: {t:?}"
        );
    }
    assert_ne!(d.message.zh, d.message.en, "{what:?}");
}

#[cfg(test)]
#[path = "diag_tests.rs"]
mod tests;
