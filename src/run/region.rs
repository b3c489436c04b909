//! The region a run is narrowed to, and what is said when a region named (on the
//! command line, in a plan or in a pack) is no place the gazetteer knows.

use super::RegionFrom;
use super::RunOptions;
use super::places::Placer;
use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use crate::pack::RuleSet;
use crate::region::{PlaceIndex, Unresolved};

/// The run's region (the province when none is named) and where it came from,
/// with its zone: the one named on the command line, else a plan's own.
#[expect(
    clippy::type_complexity,
    reason = "the region, where from, and its zone"
)]
pub(super) fn settle(
    opts: &RunOptions<'_>,
    plan_region: Option<String>,
    ix: &PlaceIndex,
) -> Result<((String, RegionFrom), Option<usize>), Vec<Diag>> {
    let gaz = opts.gazetteer;
    // No region named: no default city. Each record is judged by its own place.
    let named = match (&opts.region, plan_region) {
        (Some(r), _) => Some((r.clone(), RegionFrom::Argument)),
        (None, Some(r)) => Some((r, RegionFrom::Plan)),
        (None, None) => None,
    };
    Ok(match named {
        Some((name, from)) => {
            let place = gaz
                .resolve(&name)
                .map_err(|e| vec![unknown_region(&name, &e, opts.lang)])?;
            let full = gaz.full_name(&place);
            let home = ix.group(&full);
            ((full, from), home)
        }
        None => ((gaz.province.clone(), RegionFrom::Default), None),
    })
}

/// A warning for each pack whose region is no place of the gazetteer: its rules
/// check no record.
pub(super) fn lost_packs(placer: &Placer<'_>, set: &RuleSet, lang: Lang) -> Vec<Diag> {
    let mut out = Vec::new();
    for p in placer.lost_packs() {
        let pack = &set.packs[p];
        let r = pack.region.as_deref().unwrap_or_default();
        out.push(
            Diag::warning(
                "ylcheck::region::unknown_pack_region",
                tr(
                    lang,
                    format!("规则包 {} 的地区 `{r}` 不是河南省的地区，其规则不检查任何记录", pack.id),
                    format!(
                        "the region `{r}` of pack {} is no place of 河南省; its rules check no record",
                        pack.id
                    ),
                ),
            )
            .with_help(lang.pick(
                "在规则包中写 region \"开封市\" 或 region \"开封市祥符区\" 这样的地区全称",
                "write the pack's region as a full name, e.g. region \"开封市\" or region \"开封市祥符区\"",
            )),
        );
    }
    out
}

/// A region name the gazetteer does not know, or knows several places by.
pub(crate) fn unknown_region(name: &str, why: &Unresolved, lang: Lang) -> Diag {
    match why {
        Unresolved::Unknown(near) => {
            let d = Diag::error(
                "ylcheck::region",
                tr(
                    lang,
                    format!("未知地区 `{name}`"),
                    format!("unknown region `{name}`"),
                ),
            );
            match near.first() {
                Some(s) => d.with_help(tr(
                    lang,
                    format!("是不是 `{s}`？"),
                    format!("did you mean `{s}`?"),
                )),
                None => d.with_help(lang.pick(
                    "写作 开封市、开封市祥符区 或 祥符区",
                    "write e.g. 开封市, 开封市祥符区 or 祥符区",
                )),
            }
        }
        Unresolved::Ambiguous(all) => Diag::error(
            "ylcheck::region",
            tr(
                lang,
                format!("地区 `{name}` 不止一处"),
                format!("more than one region is called `{name}`"),
            ),
        )
        .with_help(tr(
            lang,
            format!("请写全称：{}", all.join("、")),
            format!("write the full name: {}", all.join(", ")),
        )),
    }
}
