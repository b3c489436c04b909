//! `ylcheck explain ylcheck::…`: a diagnostic code's entry in the reader's
//! language, and an unknown code refused with the nearest one.

use crate::common;

/// The default language is Chinese; `--lang en` gives the same sections in English.
#[test]
fn explain_prints_a_code_in_both_languages() {
    let out = common::ylcheck(&["explain", "ylcheck::data::unknown_column"], None);
    assert_eq!(out.code, 0, "{}", out.transcript());
    assert!(
        out.stdout.starts_with("ylcheck::data::unknown_column\n"),
        "{}",
        out.transcript()
    );
    for part in [
        "## 问题",
        "表头中有一列",
        "## 级别",
        "警告",
        "## 怎么办",
        "## 示例",
    ] {
        assert!(out.stdout.contains(part), "{part}:\n{}", out.transcript());
    }
    assert!(out.stderr.is_empty(), "{}", out.transcript());

    let out = common::ylcheck(
        &["--lang", "en", "explain", "ylcheck::data::unknown_column"],
        None,
    );
    assert_eq!(out.code, 0, "{}", out.transcript());
    for part in [
        "## What went wrong",
        "A column of the header",
        "## Level",
        "warning",
        "## What to do",
        "## Example",
    ] {
        assert!(out.stdout.contains(part), "{part}:\n{}", out.transcript());
    }
    assert!(!out.stdout.contains("## 问题"), "{}", out.transcript());
}

/// A misspelt code is an error with the code meant; no rule is read for it.
#[test]
fn explain_refuses_an_unknown_code_with_a_suggestion() {
    let out = common::ylcheck(
        &["--lang", "en", "explain", "ylcheck::data::unknown_colum"],
        None,
    );
    assert_eq!(out.code, 2, "{}", out.transcript());
    assert!(out.stdout.is_empty(), "{}", out.transcript());
    assert!(
        out.stderr
            .contains("no diagnostic code `ylcheck::data::unknown_colum`"),
        "{}",
        out.transcript()
    );
    assert!(
        out.stderr
            .contains("did you mean `ylcheck::data::unknown_column`?"),
        "{}",
        out.transcript()
    );

    let out = common::ylcheck(&["explain", "ylcheck::waiver::unsued"], None);
    assert_eq!(out.code, 2, "{}", out.transcript());
    assert!(
        out.stderr.contains("是不是 `ylcheck::waiver::unused`？"),
        "{}",
        out.transcript()
    );
}
