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
/// form [`crate::lang::compile`] takes: what `ylcheck check` runs with no `--rules`,
/// and what an embedder or a fuzz harness compiles to check data the same way.
pub fn files() -> Vec<(String, std::sync::Arc<str>)> {
    std::iter::once(&ENTITIES)
        .chain(PACKS)
        .map(|(name, text)| (name.to_string(), std::sync::Arc::from(*text)))
        .collect()
}
