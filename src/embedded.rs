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
