//! Small TOML files people write by hand (`ylcheck.toml`, `waivers.toml`), read with
//! every key's position kept, so a typo or a wrong type is reported where it is, in
//! the user's language, rather than as serde's English one-liner. Every problem of
//! a file is collected before any is reported.

use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use jiff::civil::Date;
use std::sync::Arc;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A settings file being read: its name, text and the problems found so far.
pub struct Doc {
    pub name: String,
    pub text: Arc<str>,
    pub lang: Lang,
    pub errors: Vec<Diag>,
}

/// A key and its value, as the parser gives them.
pub type Entry<'a, 'i> = (
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
);

/// A span as miette wants it: offset and length.
pub fn span<T>(s: &Spanned<T>) -> (usize, usize) {
    let r = s.span();
    (r.start, r.end.saturating_sub(r.start))
}

/// A table's entries in the order they are written.
pub fn entries<'a, 'i>(t: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut v: Vec<Entry<'a, 'i>> = t.iter().collect();
    v.sort_by_key(|(k, _)| k.span().start);
    v
}

/// The TOML type of a value, in words.
fn kind(v: &DeValue<'_>, lang: Lang) -> &'static str {
    match v {
        DeValue::String(_) => lang.pick("字符串", "a string"),
        DeValue::Integer(_) => lang.pick("整数", "an integer"),
        DeValue::Float(_) => lang.pick("小数", "a float"),
        DeValue::Boolean(_) => lang.pick("布尔值", "a boolean"),
        DeValue::Datetime(_) => lang.pick("日期时间", "a date-time"),
        DeValue::Array(_) => lang.pick("数组", "an array"),
        DeValue::Table(_) => lang.pick("表", "a table"),
    }
}

impl Doc {
    pub fn new(name: &str, text: Arc<str>, lang: Lang) -> Doc {
        Doc {
            name: name.to_string(),
            text,
            lang,
            errors: Vec::new(),
        }
    }

    pub fn tr(&self, zh: impl Into<String>, en: impl Into<String>) -> String {
        tr(self.lang, zh, en)
    }

    /// A diagnostic pointing into this file.
    pub fn at(&self, d: Diag, (offset, len): (usize, usize), label: &str) -> Diag {
        d.with_source(&self.name, self.text.clone())
            .with_label(miette::SourceSpan::new(offset.into(), len), label)
    }

    pub fn error(
        &mut self,
        code: &'static str,
        message: String,
        at: (usize, usize),
        label: &str,
        help: String,
    ) {
        let d = self
            .at(Diag::error(code, message), at, label)
            .with_help(help);
        self.errors.push(d);
    }

    /// Parses `text` (this file's own, held by the caller so the tables may borrow
    /// it while problems are added); a syntax error is the only problem reported then.
    pub fn parse<'t>(&self, text: &'t str) -> Result<Spanned<DeTable<'t>>, Vec<Diag>> {
        DeTable::parse(text).map_err(|e| {
            let r = e.span().unwrap_or(0..0);
            vec![
                self.at(
                    Diag::error(
                        "ylcheck::settings::toml",
                        self.tr(
                            format!("{} 有 TOML 语法错误：{}", self.name, e.message().trim()),
                            format!("{}: TOML syntax error: {}", self.name, e.message().trim()),
                        ),
                    ),
                    (r.start, r.end.saturating_sub(r.start)),
                    &self.tr("此处", "here"),
                )
                .with_help(self.tr(
                    "字符串要加引号，日期不加引号（expires = 2027-06-30）",
                    "strings need quotes; dates do not (expires = 2027-06-30)",
                )),
            ]
        })
    }

    /// A key the file may not have, with the closest known one suggested (and
    /// returned, so the caller need not also report that one as missing).
    pub fn unknown_key<'k>(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        known: &[&'k str],
    ) -> Option<&'k str> {
        let name = key.get_ref().as_ref();
        let near = crate::diag::suggest(name, known.iter().copied());
        let help = match near {
            Some(s) => self.tr(format!("是不是 `{s}`？"), format!("did you mean `{s}`?")),
            None => self.tr(
                format!("可用的键：{}", known.join("、")),
                format!("the keys are: {}", known.join(", ")),
            ),
        };
        let message = self.tr(
            format!("{}：未知的键 `{name}`", self.name),
            format!("{}: unknown key `{name}`", self.name),
        );
        let label = self.tr("未知的键", "unknown key");
        self.error("ylcheck::settings::key", message, span(key), &label, help);
        near
    }

    /// A value of the wrong type: `want` says what it should be.
    fn wrong_type(&mut self, key: &str, v: &Spanned<DeValue<'_>>, want: &str, example: &str) {
        let got = kind(v.get_ref(), self.lang);
        let message = self.tr(
            format!("{}：`{key}` 应为{want}，实际为{got}", self.name),
            format!("{}: `{key}` must be {want}, not {got}", self.name),
        );
        let label = self.tr(format!("应为{want}"), format!("expected {want}"));
        let help = self.tr(format!("例如 {example}"), format!("for example {example}"));
        self.error("ylcheck::settings::type", message, span(v), &label, help);
    }

    /// A string, or `None` (reported) when the value is something else.
    pub fn string(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> Option<String> {
        self.string_like(key, v, &format!("{key} = \"…\""))
    }

    /// [`Doc::string`] with an example of a right value for the error.
    fn string_like(
        &mut self,
        key: &str,
        v: &Spanned<DeValue<'_>>,
        example: &str,
    ) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                let want = self.lang.pick("字符串", "a string");
                self.wrong_type(key, v, want, example);
                None
            }
        }
    }

    /// `true` or `false`, or `None` (reported) when the value is something else.
    pub fn boolean(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                let want = self.lang.pick("true 或 false", "true or false");
                self.wrong_type(key, v, want, &format!("{key} = true"));
                None
            }
        }
    }

    /// A string that is one of `allowed`.
    pub fn choice(
        &mut self,
        key: &str,
        v: &Spanned<DeValue<'_>>,
        allowed: &[&str],
    ) -> Option<String> {
        let example = format!("{key} = \"{}\"", allowed.first().unwrap_or(&""));
        let s = self.string_like(key, v, &example)?;
        if allowed.contains(&s.as_str()) {
            return Some(s);
        }
        let message = self.tr(
            format!("{}：`{key}` 不能是 `{s}`", self.name),
            format!("{}: `{key}` cannot be `{s}`", self.name),
        );
        let label = self.tr("不是可选的取值", "not one of the values");
        let help = match crate::diag::suggest(&s, allowed.iter().copied()) {
            Some(n) => self.tr(format!("是不是 `{n}`？"), format!("did you mean `{n}`?")),
            None => self.tr(
                format!("可选：{}", allowed.join("、")),
                format!("one of: {}", allowed.join(", ")),
            ),
        };
        self.error("ylcheck::settings::value", message, span(v), &label, help);
        None
    }

    /// An array of strings.
    pub fn strings(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> Option<Vec<String>> {
        let DeValue::Array(items) = v.get_ref() else {
            let want = self.lang.pick("字符串数组", "an array of strings");
            self.wrong_type(key, v, want, &format!("{key} = [\"…\"]"));
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for it in items.iter() {
            match it.get_ref() {
                DeValue::String(s) => out.push(s.to_string()),
                other => {
                    ok = false;
                    let got = kind(other, self.lang);
                    let message = self.tr(
                        format!("{}：`{key}` 的每一项应为字符串，这一项是{got}", self.name),
                        format!(
                            "{}: each item of `{key}` must be a string, not {got}",
                            self.name
                        ),
                    );
                    let label = self.tr("应为字符串", "expected a string");
                    let help = self.tr(
                        format!("例如 {key} = [\"…\", \"…\"]"),
                        format!("for example {key} = [\"…\", \"…\"]"),
                    );
                    self.error("ylcheck::settings::type", message, span(it), &label, help);
                }
            }
        }
        ok.then_some(out)
    }

    /// A TOML date (`2027-06-30`, no quotes, no time).
    pub fn date(&mut self, key: &str, v: &Spanned<DeValue<'_>>) -> Option<Date> {
        let example = format!("{key} = 2027-06-30");
        match v.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => {
                    match Date::new(
                        i16::try_from(d.year).unwrap_or(i16::MAX),
                        d.month as i8,
                        d.day as i8,
                    ) {
                        Ok(date) => Some(date),
                        Err(_) => {
                            self.bad_date(key, v, &example);
                            None
                        }
                    }
                }
                _ => {
                    let want = self.lang.pick("日期（不带时间）", "a date without a time");
                    self.wrong_type(key, v, want, &example);
                    None
                }
            },
            DeValue::String(s) if s.trim().parse::<Date>().is_ok() => {
                let message = self.tr(
                    format!("{}：`{key}` 应为 TOML 日期，不加引号", self.name),
                    format!("{}: `{key}` must be a TOML date, without quotes", self.name),
                );
                let label = self.tr("去掉引号", "remove the quotes");
                let unquoted = format!("{key} = {}", s.trim());
                let help = self.tr(format!("写作 {unquoted}"), format!("write {unquoted}"));
                self.error("ylcheck::settings::type", message, span(v), &label, help);
                None
            }
            _ => {
                let want = self.lang.pick("日期", "a date");
                self.wrong_type(key, v, want, &example);
                None
            }
        }
    }

    fn bad_date(&mut self, key: &str, v: &Spanned<DeValue<'_>>, example: &str) {
        let message = self.tr(
            format!("{}：`{key}` 不是有效日期", self.name),
            format!("{}: `{key}` is not a real date", self.name),
        );
        let label = self.tr("无效日期", "no such date");
        let help = self.tr(format!("例如 {example}"), format!("for example {example}"));
        self.error("ylcheck::settings::date", message, span(v), &label, help);
    }

    /// A table, or `None` (reported).
    pub fn table<'a, 'i>(
        &mut self,
        key: &str,
        v: &'a Spanned<DeValue<'i>>,
    ) -> Option<&'a DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                let want = self.lang.pick("表", "a table");
                self.wrong_type(key, v, want, &format!("[{key}]"));
                None
            }
        }
    }

    /// A number or a quantity written as text (`800`, `"800 m"`), as text. `key`
    /// names it in messages (`params.walk_radius`); `name` is the key itself.
    pub fn quantity(&mut self, key: &str, name: &str, v: &Spanned<DeValue<'_>>) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            DeValue::Integer(i) => Some(i.as_str().replace('_', "")),
            DeValue::Float(f) => Some(f.as_str().replace('_', "")),
            _ => {
                let want = self
                    .lang
                    .pick("数值或带单位的字符串", "a number or a quantity string");
                self.wrong_type(key, v, want, &format!("{name} = \"800 m\""));
                None
            }
        }
    }

    /// Reports a required key the table at `at` lacks.
    pub fn missing(&mut self, key: &str, at: (usize, usize), help: String) {
        let message = self.tr(
            format!("{}：缺少必填的 `{key}`", self.name),
            format!("{}: `{key}` is required", self.name),
        );
        let label = self.tr(format!("这里缺少 `{key}`"), format!("no `{key}` here"));
        self.error("ylcheck::settings::missing", message, at, &label, help);
    }
}
