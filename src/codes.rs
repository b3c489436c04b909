//! Every diagnostic code ylcheck reports (`ylcheck::stage::kind`), described once
//! in both languages: what went wrong, how it counts, what to do, and an input or
//! command line that brings it. `ylcheck explain CODE` prints one entry and
//! `docs/errors.md` is [`markdown`] of the whole table; a test keeps the table to
//! the codes the source builds, no more and no fewer. The table is kept by stage
//! in the submodules, each in byte order, and joined here.

mod command;
mod data;
mod geojson;
mod region;
mod rules;
mod run;
mod settings;

use crate::i18n::Lang;

/// The prefix every diagnostic code starts with.
pub const PREFIX: &str = "ylcheck::";

/// How a diagnostic counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// An error that stops the command: exit code 2.
    Fatal,
    /// An error in the report: the run goes on, and fails (exit 1) under the
    /// default `--fail-on error`.
    Error,
    /// A warning in the report: it fails the run only under `--fail-on warning`.
    Warning,
    /// A note in the report: it never changes the exit code.
    Note,
    /// An error or a warning in the report, as severe as the most severe rule it
    /// concerns.
    ErrorOrWarning,
    /// An error with exit code 1 whatever `--fail-on` says; a note under
    /// `--allow-empty`.
    ErrorOrNote,
}

impl Level {
    /// The level in the reader's words.
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            Level::Fatal => lang.pick(
                "错误，命令停止（退出码 2）",
                "error, the command stops (exit code 2)",
            ),
            Level::Error => lang.pick(
                "错误，列入报告，运行继续（默认 --fail-on error 时退出码为 1）",
                "error in the report; the run goes on (exit code 1 under the default --fail-on error)",
            ),
            Level::Warning => lang.pick(
                "警告，列入报告（仅在 --fail-on warning 时使退出码为 1）",
                "warning in the report (exit code 1 only under --fail-on warning)",
            ),
            Level::Note => lang.pick(
                "提示，列入报告，不影响退出码",
                "note in the report; it never changes the exit code",
            ),
            Level::ErrorOrWarning => lang.pick(
                "错误或警告，列入报告，级别取受影响规则中最严重的一条",
                "error or warning in the report, at the level of the most severe rule it concerns",
            ),
            Level::ErrorOrNote => lang.pick(
                "错误，无论 --fail-on 如何退出码都为 1；用 --allow-empty 时为提示",
                "error, exit code 1 whatever --fail-on says; a note under --allow-empty",
            ),
        }
    }
}

/// One diagnostic code and what a user needs to know about it.
#[derive(Debug, Clone, Copy)]
pub struct Code {
    /// The code as reports print it.
    pub code: &'static str,
    pub level: Level,
    /// What went wrong, in Chinese.
    pub zh: &'static str,
    /// What went wrong, in English.
    pub en: &'static str,
    /// What to do, in Chinese.
    pub fix_zh: &'static str,
    /// What to do, in English.
    pub fix_en: &'static str,
    /// An input excerpt or a command line that brings it.
    pub example: &'static str,
}

impl Code {
    /// What went wrong, in `lang`.
    pub fn summary(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }

    /// What to do, in `lang`.
    pub fn fix(&self, lang: Lang) -> &'static str {
        lang.pick(self.fix_zh, self.fix_en)
    }
}

/// The entry for `code`, if there is one.
pub fn find(code: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code == code)
}

/// One entry as `ylcheck explain CODE` prints it, in `lang`.
pub fn render(c: &Code, lang: Lang) -> String {
    let mut s = format!("{}\n\n", c.code);
    let section = |s: &mut String, title: &str, body: &str| {
        s.push_str(title);
        s.push('\n');
        for line in body.lines() {
            s.push_str("  ");
            s.push_str(line);
            s.push('\n');
        }
    };
    section(
        &mut s,
        lang.pick("## 问题", "## What went wrong"),
        c.summary(lang),
    );
    s.push('\n');
    section(
        &mut s,
        lang.pick("## 级别", "## Level"),
        c.level.describe(lang),
    );
    s.push('\n');
    section(&mut s, lang.pick("## 怎么办", "## What to do"), c.fix(lang));
    s.push('\n');
    section(&mut s, lang.pick("## 示例", "## Example"), c.example);
    s
}

/// `docs/errors.md`: every code, Chinese then English, with its example.
pub fn markdown() -> String {
    let mut s = String::from(
        "# Diagnostic codes / 诊断代码\n\
         \n\
         <!-- Generated from src/codes.rs: edit the table there, then run\n\
         \x20    YLCHECK_BLESS=1 cargo test codes -->\n\
         \n\
         ylcheck 报告的每个输入问题和运行错误都带有一个代码（`ylcheck::…`）。本页逐一说明：\n\
         出了什么问题、它的级别（退出码 2 的错误会使命令停止；报告中的错误和警告按\n\
         `--fail-on` 计入退出码）、怎么办，以及一个会引起它的输入或命令。\n\
         `ylcheck explain 代码` 显示其中一条（`--lang en` 为英文）。\n\
         \n\
         Every input problem and run error ylcheck reports carries a code (`ylcheck::…`).\n\
         This page lists them all: what went wrong, its level (an error with exit code 2\n\
         stops the command; errors and warnings in the report count toward the exit code\n\
         by `--fail-on`), what to do, and an input or command that brings it.\n\
         `ylcheck explain CODE` prints one entry (in English with `--lang en`).\n",
    );
    for c in CODES {
        s.push_str(&format!("\n## `{}`\n\n", c.code));
        s.push_str(&format!(
            "{}\n\n级别：{}。\n\n怎么办：{}\n\n",
            c.zh,
            c.level.describe(Lang::Zh),
            c.fix_zh
        ));
        s.push_str(&format!(
            "{}\n\nLevel: {}.\n\nWhat to do: {}\n\n",
            c.en,
            c.level.describe(Lang::En),
            c.fix_en
        ));
        s.push_str(&format!("```text\n{}\n```\n", c.example));
    }
    s
}

/// Every code, in byte order: the stages' tables one after another.
pub const CODES: &[Code] = &ALL;

/// The stages' tables, in the byte order of their codes.
const STAGES: [&[Code]; 7] = [
    command::CODES,
    data::CODES,
    geojson::CODES,
    run::CODES,
    region::CODES,
    rules::CODES,
    settings::CODES,
];

/// How many codes there are.
const COUNT: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < STAGES.len() {
        n += STAGES[i].len();
        i += 1;
    }
    n
};

/// The stages' tables joined at compile time, so that `CODES` stays one slice.
const ALL: [Code; COUNT] = {
    let mut all = [STAGES[0][0]; COUNT];
    let mut n = 0;
    let mut i = 0;
    while i < STAGES.len() {
        let mut j = 0;
        while j < STAGES[i].len() {
            all[n] = STAGES[i][j];
            n += 1;
            j += 1;
        }
        i += 1;
    }
    all
};

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Every `"ylcheck::…"` string literal in the Rust files under `dir`, but the
    /// table's own.
    fn used_codes(dir: &Path, out: &mut BTreeSet<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("src is readable")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                used_codes(&path, out);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs")
                || path.ends_with("src/codes.rs")
                || path.parent().is_some_and(|p| p.ends_with("src/codes"))
            {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source is UTF-8");
            let open = format!("\"{PREFIX}");
            let mut rest = text.as_str();
            while let Some(at) = rest.find(&open) {
                let tail = &rest[at + 1..];
                let len = tail
                    .char_indices()
                    .find(|&(_, c)| !(c.is_ascii_lowercase() || matches!(c, '_' | ':' | '-')))
                    .map_or(tail.len(), |(i, _)| i);
                let code = &tail[..len];
                if tail[len..].starts_with('"') && !code.ends_with(':') {
                    out.insert(code.to_string());
                }
                rest = &tail[len..];
            }
        }
    }

    /// The table names exactly the codes the source builds.
    #[test]
    fn codes_table_matches_the_source() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = BTreeSet::new();
        used_codes(&src, &mut used);
        assert!(used.len() > 50, "too few codes found: {used:?}");
        let listed: BTreeSet<String> = CODES.iter().map(|c| c.code.to_string()).collect();
        let missing: Vec<&String> = used.difference(&listed).collect();
        let stale: Vec<&String> = listed.difference(&used).collect();
        assert!(
            missing.is_empty() && stale.is_empty(),
            "src/codes.rs is out of date:\n  used in src/ but not in CODES: {missing:?}\n  in CODES but no longer used: {stale:?}"
        );
    }

    /// Each entry is whole, once, in byte order.
    #[test]
    fn codes_entries_are_complete_and_sorted() {
        for c in CODES {
            for (what, text) in [
                ("zh", c.zh),
                ("en", c.en),
                ("fix_zh", c.fix_zh),
                ("fix_en", c.fix_en),
                ("example", c.example),
            ] {
                assert!(!text.trim().is_empty(), "{}: empty {what}", c.code);
            }
            assert!(c.code.starts_with(PREFIX), "{}", c.code);
            assert!(
                !c.example.contains("```"),
                "{}: the example would end its code block",
                c.code
            );
        }
        for w in CODES.windows(2) {
            assert!(
                w[0].code < w[1].code,
                "CODES is in byte order, once each: {} before {}",
                w[0].code,
                w[1].code
            );
        }
    }

    /// `docs/errors.md` is the table's own text; `YLCHECK_BLESS=1` rewrites it.
    #[test]
    fn codes_docs_are_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/errors.md");
        let want = markdown();
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have == want {
            return;
        }
        if std::env::var("YLCHECK_BLESS").is_ok_and(|v| v == "1") {
            std::fs::write(&path, want).expect("docs/errors.md is writable");
            return;
        }
        panic!(
            "docs/errors.md differs from src/codes.rs: run `YLCHECK_BLESS=1 cargo test codes` to rewrite it"
        );
    }

    /// An entry printed for `explain` has its sections in the language asked for.
    #[test]
    fn codes_render_in_both_languages() {
        let c = find("ylcheck::data::unknown_column").expect("listed");
        let zh = render(c, Lang::Zh);
        assert!(zh.starts_with("ylcheck::data::unknown_column\n"), "{zh}");
        assert!(zh.contains("## 问题\n  表头中有一列"), "{zh}");
        assert!(zh.contains("## 示例\n  名称,类型"), "{zh}");
        let en = render(c, Lang::En);
        assert!(en.contains("## What went wrong\n  A column"), "{en}");
        assert!(en.contains("## What to do"), "{en}");
        assert!(find("ylcheck::no_such_code").is_none());
    }
}
