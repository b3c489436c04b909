//! What one input's records said about places (names that are no place, records
//! outside the run's region or naming none), gathered record by record and told
//! once per kind, so a table with a bad name on every row says so once.

use super::Placer;
use crate::data::{Problem, Record, Value, View};
use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use crate::region::Unresolved;
use crate::run::located::Ctx;
use crate::schema::EntityId;

/// How many records a diagnostic names before it only counts.
const SHOWN: usize = 5;

impl Placer<'_> {
    /// The record's name, for listing it.
    fn name(&self, entity: EntityId, rec: &Record<'_>) -> String {
        match self
            .names
            .get(entity)
            .copied()
            .flatten()
            .and_then(|s| rec.values.get(s))
        {
            Some(Value::Text(t)) => t.to_string(),
            // No name: its first place cell, as written.
            _ => self
                .slots
                .get(entity)
                .into_iter()
                .flatten()
                .find_map(|&s| match rec.values.get(s) {
                    Some(Value::Text(t)) if !t.trim().is_empty() => Some(t.to_string()),
                    Some(Value::Invalid(bad)) => Some(bad.text.to_string()),
                    _ => None,
                })
                .unwrap_or_else(|| format!("#{}", rec.pos.row + 1)),
        }
    }

    /// Notes what is wrong with the record's place cells, and where it is.
    #[expect(
        clippy::too_many_arguments,
        reason = "one record's place, and where to note it"
    )]
    pub fn note(
        &self,
        entity: EntityId,
        rec: &Record<'_>,
        zone: usize,
        checked: bool,
        ctx: &Ctx<'_>,
        view: &View<'_>,
        notes: &mut Notes,
    ) {
        let slots = self.slots.get(entity).map_or(&[][..], Vec::as_slice);
        for &s in slots {
            let Some(Value::Invalid(bad)) = rec.values.get(s) else {
                continue;
            };
            if !matches!(bad.problem, Problem::UnknownPlace | Problem::AmbiguousPlace) {
                continue;
            }
            if let Some(seen) = notes.bad.iter_mut().find(|b| b.0 == bad.text) {
                seen.2 += 1;
                continue;
            }
            let loc = view.locate(rec, Some(s));
            let d = self.bad_place(&bad.text, ctx, (loc.offset, loc.len));
            notes.bad.push((bad.text.clone(), d, 1));
        }
        let seen = if zone >= self.uncertain() && checked {
            // Its place cell is reported above; its checks say what they could not tell.
            return;
        } else if zone >= self.uncertain() {
            // No rule could judge it wherever it may be.
            &mut notes.unchecked
        } else if zone == self.outside() {
            &mut notes.outside
        } else if zone == self.none() {
            &mut notes.unplaced
        } else if !checked {
            &mut notes.unchecked
        } else {
            return;
        };
        seen.count += 1;
        if seen.first.len() < SHOWN {
            // A city written for a county shows as written.
            let place = self
                .ix
                .place_of(slots, rec)
                .and_then(|g| self.ix.groups.get(g).cloned())
                .or_else(|| {
                    slots.iter().find_map(|&s| match rec.values.get(s) {
                        Some(Value::Invalid(bad)) if bad.problem == Problem::CoarsePlace => {
                            Some(bad.text.to_string())
                        }
                        _ => None,
                    })
                });
            seen.first
                .push((rec.pos.line, self.name(entity, rec), place));
        }
    }

    /// A place cell that names no place, or several.
    fn bad_place(&self, text: &str, ctx: &Ctx<'_>, span: (usize, usize)) -> Diag {
        let lang = ctx.lang;
        match self.gaz.resolve(text) {
            Err(Unresolved::Ambiguous(all)) => ctx
                .warning(
                    "ylcheck::region::ambiguous_place",
                    tr(
                        lang,
                        format!("`{text}` 不止一处，记录本身和 --region 都没有说明是哪个市的"),
                        format!(
                            "more than one city has a `{text}`, and neither the record nor --region says which"
                        ),
                    ),
                    span,
                    lang.pick("哪个市的？", "which city's?"),
                )
                .with_help(match all.as_slice() {
                    // A generic area's name (`高新区`) the gazetteer lists once.
                    [one] => tr(
                        lang,
                        format!("请写明是哪个市的，如 {one}"),
                        format!("say which city's, e.g. {one}"),
                    ),
                    _ => tr(
                        lang,
                        format!("请写全称：{}", all.join("、")),
                        format!("write the full name: {}", all.join(", ")),
                    ),
                }),
            other => {
                let d = ctx.warning(
                    "ylcheck::region::unknown_place",
                    tr(
                        lang,
                        format!(
                            "`{text}` 不是{}的市、县（区），用到它的检查无法判断",
                            self.gaz.province
                        ),
                        format!(
                            "`{text}` is no city or county of {}; checks that use it are unknown",
                            self.gaz.province
                        ),
                    ),
                    span,
                    lang.pick("未知地名", "unknown place"),
                );
                match other {
                    Err(Unresolved::Unknown(near)) if !near.is_empty() => d.with_help(tr(
                        lang,
                        format!("是不是 `{}`？", near.join("`、`")),
                        format!("did you mean `{}`?", near.join("`, `")),
                    )),
                    _ => d.with_help(lang.pick(
                        "写作 开封市、开封市祥符区 或 祥符区；地名见 rules/gazetteer.toml",
                        "write e.g. 开封市, 开封市祥符区 or 祥符区; places are listed in rules/gazetteer.toml",
                    )),
                }
            }
        }
    }
}

/// Records of one kind of note: how many, and the first few (line, name, place).
#[derive(Debug, Default)]
pub struct Seen {
    pub count: usize,
    pub first: Vec<(u32, String, Option<String>)>,
}

impl Seen {
    fn add(&mut self, other: Seen) {
        self.count += other.count;
        for x in other.first {
            if self.first.len() < SHOWN {
                self.first.push(x);
            }
        }
    }

    fn list(&self, lang: Lang) -> String {
        let mut out: Vec<String> = self
            .first
            .iter()
            .map(|(line, name, place)| match place {
                Some(p) if p != name => tr(
                    lang,
                    format!("{name}（{p}，第 {line} 行）"),
                    format!("{name} ({p}, line {line})"),
                ),
                _ => tr(
                    lang,
                    format!("{name}（第 {line} 行）"),
                    format!("{name} (line {line})"),
                ),
            })
            .collect();
        if self.count > self.first.len() {
            out.push(tr(
                lang,
                format!("等 {} 条", self.count),
                format!("and {} more", self.count - self.first.len()),
            ));
        }
        out.join(lang.pick("、", ", "))
    }
}

/// What one input's records said about places.
#[derive(Debug, Default)]
pub struct Notes {
    /// Each bad place name once: its text, the diagnostic at its first cell, and
    /// how many cells hold it.
    pub bad: Vec<(Box<str>, Diag, usize)>,
    pub outside: Seen,
    pub unplaced: Seen,
    pub unchecked: Seen,
    /// Problems of single records (a failed `check`, a duplicate), each at its cell.
    pub records: Vec<Diag>,
}

impl Notes {
    /// Notes one of many alike problems (a failed `check`): the diagnostic is
    /// made for the first only, and the others are counted, so a table failing a
    /// check on every row says so once, not once a row.
    pub fn alike(&mut self, key: &str, d: impl FnOnce() -> Diag) {
        match self.bad.iter_mut().find(|b| &*b.0 == key) {
            Some(b) => b.2 += 1,
            None => self.bad.push((key.into(), d(), 1)),
        }
    }

    /// Adds the notes of a later stretch of the same input.
    pub fn add(&mut self, other: Notes) {
        for (text, d, n) in other.bad {
            match self.bad.iter_mut().find(|b| b.0 == text) {
                Some(b) => b.2 += n,
                None => self.bad.push((text, d, n)),
            }
        }
        self.outside.add(other.outside);
        self.unplaced.add(other.unplaced);
        self.unchecked.add(other.unchecked);
        self.records.extend(other.records);
    }

    /// The notes as diagnostics, one per kind. `entity` is the records' kind,
    /// `region` the run's, `missed` the packs records naming no place escaped.
    pub fn diags(
        self,
        path: &str,
        entity: &str,
        region: &str,
        missed: &[String],
        lang: Lang,
    ) -> Vec<Diag> {
        let mut out = self.records;
        for (text, d, n) in self.bad {
            out.push(if n > 1 {
                let mut d = d;
                d.message
                    .push_str(&tr(lang, format!("（共 {n} 处）"), format!(" ({n} cells)")));
                d
            } else {
                d
            });
            let _ = text;
        }
        if self.outside.count > 0 {
            out.push(
                Diag::warning(
                    "ylcheck::region::outside",
                    tr(
                        lang,
                        format!(
                            "{path}：{} 条{entity}记录不在 {region} 范围内，未检查：{}",
                            self.outside.count,
                            self.outside.list(lang)
                        ),
                        format!(
                            "{path}: {} {entity} record(s) lie outside {region} and were not checked: {}",
                            self.outside.count,
                            self.outside.list(lang)
                        ),
                    ),
                )
                .with_help(lang.pick(
                    "不加 --region 时，每条记录按其所在地区的文件检查",
                    "without --region, each record is checked by the documents of its own place",
                )),
            );
        }
        // Only worth saying when a city's or county's pack had rules for them.
        if self.unplaced.count > 0 && !missed.is_empty() {
            out.push(
                Diag::warning(
                    "ylcheck::region::no_place",
                    tr(
                        lang,
                        format!(
                            "{path}：{} 条{entity}记录没有注明所在的市或县（区），{} 的规则对它们无法判断：{}",
                            self.unplaced.count,
                            missed.join("、"),
                            self.unplaced.list(lang)
                        ),
                        format!(
                            "{path}: {} {entity} record(s) name no city or county, so the rules of {} cannot tell for them: {}",
                            self.unplaced.count,
                            missed.join(", "),
                            self.unplaced.list(lang)
                        ),
                    ),
                )
                .with_help(lang.pick(
                    "在数据中填写县（区），或用 --region 指定地区",
                    "fill in the county, or name the region with --region",
                )),
            );
        }
        if self.unchecked.count > 0 {
            out.push(
                Diag::warning(
                    "ylcheck::region::unchecked",
                    tr(
                        lang,
                        format!(
                            "{path}：{} 条{entity}记录所在地区没有能检查它们的规则（该地的文件对此类记录没有要求、相关规则在检查日期不在施行期内，或所需的其他输入没有提供），未检查：{}",
                            self.unchecked.count,
                            self.unchecked.list(lang)
                        ),
                        format!(
                            "{path}: no rule could check {} {entity} record(s) in their place (its documents set nothing for such records, the rules that do are not in force on the checking date, or they need inputs not given), so they were not checked: {}",
                            self.unchecked.count,
                            self.unchecked.list(lang)
                        ),
                    ),
                )
                .with_help(lang.pick(
                    "用 `ylcheck rules` 查看各规则包适用的地区",
                    "`ylcheck rules` lists the region each pack applies to",
                )),
            );
        }
        out
    }
}
