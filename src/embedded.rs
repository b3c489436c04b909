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

/// Where the packs apply (`rules/regions.toml`).
#[derive(serde::Deserialize)]
pub struct Regions {
    /// The province: a pack for it applies everywhere.
    pub province: String,
    /// The region data is checked for when neither `--region` nor a plan names one.
    pub default: String,
}

pub fn regions() -> Regions {
    // The file is part of the binary and tested; an unreadable one falls back to no
    // province and no default rather than stopping every run.
    toml::from_str(include_str!("../rules/regions.toml")).unwrap_or(Regions {
        province: String::new(),
        default: String::new(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn regions_file_is_read() {
        let r: super::Regions = toml::from_str(include_str!("../rules/regions.toml"))
            .expect("rules/regions.toml parses");
        assert_eq!(
            (r.province.as_str(), r.default.as_str()),
            ("河南省", "开封市")
        );
    }
}
