//! The rule packs compiled into the binary, so `ylcheck check FILE` needs no `--rules`.

/// The shared entity declarations every pack builds on.
pub const ENTITIES: (&str, &str) = (
    "rules/entities.rules",
    include_str!("../rules/entities.rules"),
);

/// The shipped packs, one per source document.
pub const PACKS: &[(&str, &str)] = &[(
    "rules/kaifeng-2022-2.rules",
    include_str!("../rules/kaifeng-2022-2.rules"),
)];
