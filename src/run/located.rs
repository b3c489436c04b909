//! The stretch of an input a run is checking, in the run's language: for the
//! run's own warnings about records (places, totals, overlaps), and for the data
//! stage's, rendered here from what the readers found.

use crate::data::error::DataError;
use crate::diag::Diag;
use crate::i18n::Lang;

/// An input, or the chunk of it being read, with the run's language.
pub(crate) struct Ctx<'a> {
    pub path: &'a str,
    /// The file's text, or the chunk of it being read.
    pub text: &'a str,
    /// The line number of `text`'s first line.
    pub first_line: usize,
    pub lang: Lang,
    /// The index of the input.
    pub source: u32,
}

impl<'a> Ctx<'a> {
    /// The same stretch, as the readers take it.
    pub fn data(&self) -> crate::data::ctx::Ctx<'a> {
        crate::data::ctx::Ctx {
            path: self.path,
            text: self.text,
            first_line: self.first_line,
            source: self.source,
        }
    }

    pub fn tr(&self, zh: impl Into<String>, en: impl Into<String>) -> String {
        crate::i18n::tr(self.lang, zh, en)
    }

    /// A data error in the run's language.
    pub fn render(&self, e: &DataError) -> Diag {
        e.render(self.lang)
    }

    pub fn warning(
        &self,
        code: &'static str,
        message: String,
        span: (usize, usize),
        label: &str,
    ) -> Diag {
        self.locate(Diag::warning(code, message), span, label)
    }

    /// Points at a span, keeping only the lines around it (a file may be large).
    fn locate(&self, d: Diag, span: (usize, usize), label: &str) -> Diag {
        let at = self.data().at(span);
        d.with_source_at(&at.path, at.text, at.first_line)
            .with_label(at.span, label)
    }
}

impl DataError {
    /// The error as a diagnostic in `lang`: where the readers' findings are
    /// reported (a run, the command line, an embedder), never in the readers.
    pub fn render(&self, lang: Lang) -> Diag {
        self.draft().in_lang(lang)
    }
}
