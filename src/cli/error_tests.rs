use super::*;
use std::io::ErrorKind;

/// Which variant an error is: a `match` with no wildcard, so a new variant
/// does not compile until it has a number here (and so an example below).
fn index(e: &CliError) -> usize {
    match e {
        CliError::Unreadable { .. } => 0,
        CliError::InputIsDirectory { .. } => 1,
        CliError::TooLarge { .. } => 2,
        CliError::NoRulesInDirectory { .. } => 3,
        CliError::RulesNotUtf8 { .. } => 4,
        CliError::ConfigNotUtf8 { .. } => 5,
        CliError::WaiversNotUtf8 { .. } => 6,
        CliError::Gazetteer { .. } => 7,
        CliError::EmptyDirectory { .. } => 8,
        CliError::DeepDirectory { .. } => 9,
        CliError::LargeDirectory { .. } => 10,
        CliError::Unwritable { .. } => 11,
        CliError::WorkbookNotMade { .. } => 12,
        CliError::TemplateNotMade { .. } => 13,
        CliError::OutputIsInput { .. } => 14,
        CliError::AnnotateNotDirectory { .. } => 15,
        CliError::InitExists { .. } => 16,
        CliError::JunitPassesWithoutJunit => 17,
        CliError::SummaryWithFormat => 18,
        CliError::XlsxToTerminal => 19,
        CliError::TemplateToTerminal => 20,
        CliError::NoGeometry { .. } => 21,
        CliError::AmbiguousRule { .. } => 22,
        CliError::UnknownRule { .. } => 23,
        CliError::UnknownCode { .. } => 24,
        CliError::UnknownEntity { .. } => 25,
    }
}

const VARIANTS: usize = 26;

fn examples() -> Vec<CliError> {
    let path = || "a.csv".to_string();
    vec![
        CliError::Unreadable {
            path: path(),
            kind: ErrorKind::NotFound,
            reason: "No such file or directory (os error 2)".into(),
        },
        CliError::InputIsDirectory { path: path() },
        CliError::TooLarge {
            path: path(),
            max: 1 << 30,
        },
        CliError::NoRulesInDirectory {
            dir: "rules".into(),
        },
        CliError::RulesNotUtf8 {
            path: "a.rules".into(),
            shown: Arc::from("pack a\u{fffd}"),
            at: 6,
            width: 3,
        },
        CliError::ConfigNotUtf8 {
            path: "ylcheck.toml".into(),
        },
        CliError::WaiversNotUtf8 {
            path: "waivers.toml".into(),
        },
        CliError::Gazetteer {
            reason: "expected `=`".into(),
        },
        CliError::EmptyDirectory {
            dir: "data".into(),
            extensions: &["csv", "xlsx"],
        },
        CliError::DeepDirectory {
            dir: "data".into(),
            max: 16,
        },
        CliError::LargeDirectory { max: 10_000 },
        CliError::Unwritable {
            path: path(),
            kind: ErrorKind::StorageFull,
            reason: "No space left on device (os error 28)".into(),
        },
        CliError::WorkbookNotMade {
            path: "a.xlsx".into(),
            reason: "too many rows".into(),
        },
        CliError::TemplateNotMade {
            path: "a.xlsx".into(),
            reason: "too many rows".into(),
        },
        CliError::OutputIsInput { output: path() },
        CliError::AnnotateNotDirectory { dir: path() },
        CliError::InitExists {
            file: "ylcheck.toml",
        },
        CliError::JunitPassesWithoutJunit,
        CliError::SummaryWithFormat,
        CliError::XlsxToTerminal,
        CliError::TemplateToTerminal,
        CliError::NoGeometry {
            inputs: vec![path(), "b.csv".into()],
        },
        CliError::AmbiguousRule {
            rule: "x".into(),
            choices: vec!["a/x".into(), "b/x".into()],
        },
        CliError::UnknownRule {
            rule: "x".into(),
            suggestion: Some("y".into()),
        },
        CliError::UnknownCode {
            code: "ylcheck-x".into(),
            suggestion: None,
        },
        CliError::UnknownEntity {
            name: "x".into(),
            guess_zh: None,
            guess_en: None,
            entities: vec![("设施".into(), "facility".into())],
        },
    ]
}

/// Every error of the command line has an example; each reads differently in
/// Chinese and English, says something in both, and carries a code that
/// docs/errors.md explains.
#[test]
fn every_error_renders_in_both_languages_with_a_listed_code() {
    let mut seen = [false; VARIANTS];
    for e in &examples() {
        seen[index(e)] = true;
        let d = e.draft();
        assert!(ylcheck::codes::find(d.code).is_some(), "{e:?}: {}", d.code);
        let texts = std::iter::once(&d.message)
            .chain(d.help.iter())
            .chain(d.at.iter().map(|a| &a.label));
        for t in texts {
            assert!(
                !t.zh.trim().is_empty() && !t.en.trim().is_empty(),
                "{e:?}: {t:?}"
            );
        }
        assert_ne!(d.message.zh, d.message.en, "{e:?}");
        let (zh, en) = (e.render(Lang::Zh), e.render(Lang::En));
        assert!(!zh.message.is_empty() && !en.message.is_empty(), "{e:?}");
        assert_ne!(zh.message, en.message, "{e:?}");
        assert_eq!((zh.code.as_ref(), en.code.as_ref()), (d.code, d.code));
        assert_eq!(zh.help.is_some(), en.help.is_some(), "{e:?}");
        assert_eq!(zh.labels.len(), en.labels.len(), "{e:?}");
    }
    let missing: Vec<usize> = (0..VARIANTS).filter(|&i| !seen[i]).collect();
    assert!(
        missing.is_empty(),
        "variants without an example: {missing:?}"
    );
}

/// An entity is guessed in each language apart: with a guess the help is it,
/// quoted as a form's word in Chinese; without one, the entities are listed.
#[test]
fn an_unknown_entity_is_guessed_in_each_language() {
    let e = CliError::UnknownEntity {
        name: "设备".into(),
        guess_zh: Some("设施".into()),
        guess_en: None,
        entities: vec![("设施".into(), "facility".into())],
    };
    let help = |lang| e.render(lang).help.unwrap_or_default();
    assert_eq!(help(Lang::Zh), "是不是“设施”？");
    assert_eq!(help(Lang::En), "the entities are: facility");
    let bare = CliError::UnknownEntity {
        name: "x".into(),
        guess_zh: None,
        guess_en: None,
        entities: vec![],
    };
    assert_eq!(bare.render(Lang::En).help, None);
}

/// Stages' diagnostics and the command line's keep the order they were found in.
#[test]
fn errors_keep_their_order() {
    let mut errors = Errors::default();
    errors.push(CliError::XlsxToTerminal);
    errors.push(Diag::error("ylcheck::args", "said"));
    errors.push(CliError::SummaryWithFormat);
    let shown: Vec<String> = errors
        .render(Lang::En)
        .into_iter()
        .map(|d| d.message)
        .collect();
    assert_eq!(shown[1], "said");
    assert!(shown[0].starts_with("--format xlsx"), "{shown:?}");
    assert!(shown[2].starts_with("--summary"), "{shown:?}");
}
