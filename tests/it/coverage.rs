//! Every standard of the source documents is checked by a rule or listed with the
//! reason it cannot be, and `docs/standards.md` says so up to date.

use crate::common;

#[test]
fn docs_standards_md_is_up_to_date() {
    let out = common::ylcheck(&["--lang", "zh", "rules", "--coverage"], None);
    assert_eq!(out.code, 0, "{}", out.transcript());
    let doc = std::fs::read_to_string(common::root().join("docs/standards.md"))
        .expect("docs/standards.md");
    assert!(
        doc == out.stdout,
        "docs/standards.md is out of date: run `cargo run -- --lang zh rules --coverage > docs/standards.md`"
    );
}

/// Each standard id of the shared list (beside the project, where CI has it;
/// [`common::shared_file`]) appears.
#[test]
fn every_listed_standard_is_covered() {
    let Some(list) = common::shared_file("standards.md") else {
        return;
    };
    let out = common::ylcheck(&["--lang", "en", "rules", "--coverage"], None);
    let ids: Vec<&str> = list
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(' ').next())
        .filter(|id| id.contains('-') && id.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .collect();
    assert!(ids.len() > 50, "{ids:?}");
    for id in ids {
        assert!(
            out.stdout.contains(&format!("| {id} |")),
            "{id} is neither checked nor listed as not checkable"
        );
    }
}
