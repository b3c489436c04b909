//! The rule packs compiled into the binary, so `ylcheck check FILE` needs no `--rules`.

/// The shared entity declarations every pack builds on.
pub const ENTITIES: (&str, &str) = (
    "rules/entities.rules",
    include_str!("../rules/entities.rules"),
);

/// The shipped packs, one per source document.
pub const PACKS: &[(&str, &str)] = &[
    (
        "rules/kaifeng-2022-2.rules",
        include_str!("../rules/kaifeng-2022-2.rules"),
    ),
    (
        "rules/huaiyang-2022-2.rules",
        include_str!("../rules/huaiyang-2022-2.rules"),
    ),
    (
        "rules/xuchang-2023.rules",
        include_str!("../rules/xuchang-2023.rules"),
    ),
    (
        "rules/henan-2022-57.rules",
        include_str!("../rules/henan-2022-57.rules"),
    ),
    (
        "rules/pingdingshan-2021-54.rules",
        include_str!("../rules/pingdingshan-2021-54.rules"),
    ),
];

/// The shipped rule files (entities first), named as in the repository, in the
/// form [`crate::rules::compile`] takes: what `ylcheck check` runs with no `--rules`,
/// and what an embedder or a fuzz harness compiles to check data the same way.
pub fn files() -> Vec<(String, std::sync::Arc<str>)> {
    std::iter::once(&ENTITIES)
        .chain(PACKS)
        .map(|(name, text)| (name.to_string(), std::sync::Arc::from(*text)))
        .collect()
}

/// Whether every file is one of the shipped ones, word for word. Their tests
/// cannot change without a new binary, and the test suite holds them to pass
/// (`the_shipped_packs_pass_their_tests`, and `ylcheck test` in CI), so a run on
/// them need not run the tests again at every start.
pub fn all_shipped(files: &[(String, std::sync::Arc<str>)]) -> bool {
    files.iter().all(|(_, text)| {
        std::iter::once(&ENTITIES)
            .chain(PACKS)
            .any(|(_, shipped)| **text == **shipped)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shipped_packs_pass_their_tests() {
        let set = crate::rules::compile(&super::files(), crate::i18n::Lang::En)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let (cases, failures) = crate::eval::run_tests(&set);
        assert!(cases > 700, "{cases} cases");
        assert_eq!(failures, []);
    }

    #[test]
    fn only_the_shipped_text_counts_as_shipped() {
        let mut files = super::files();
        assert!(super::all_shipped(&files));
        assert!(super::all_shipped(&files[..2]));
        files[1].1 = format!("{} ", files[1].1).into();
        assert!(!super::all_shipped(&files));
    }
}
