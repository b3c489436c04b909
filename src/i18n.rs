//! The two languages every user-facing message comes in.

/// Output language. Chinese is the default: ylcheck's users read Chinese first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn is_zh(self) -> bool {
        self == Lang::Zh
    }

    /// From a locale string such as `en_US.UTF-8` or `zh_CN`; anything not English is zh.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    pub fn code(self) -> &'static str {
        self.pick("zh", "en")
    }
}

/// `zh!`/`en!`-free shorthand: `tr(lang, "中文", "English")` as an owned string.
pub fn tr(lang: Lang, zh: impl Into<String>, en: impl Into<String>) -> String {
    match lang {
        Lang::Zh => zh.into(),
        Lang::En => en.into(),
    }
}
