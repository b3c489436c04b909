//! Why a finding is unknown and why a rule was not run, in words: the reasons
//! a report gives where it cannot give a verdict.

use super::{Context, describe_problem};
use crate::data::Value;
use crate::eval::{Cell, Finding, NotChecked, Reason};
use crate::i18n::{Lang, tr};

impl<'a> Context<'a> {
    /// The records that left an aggregate undecided, named with their place in
    /// the input and their blank fields.
    fn undecided_list(&self, f: &Finding) -> Option<String> {
        let lang = self.lang;
        let items: Vec<String> = f
            .undecided
            .iter()
            .map(|u| {
                let ent = &self.set.schema.entities[u.entity];
                let path = self.paths.get(u.source as usize).map_or("", String::as_str);
                let path = crate::escape::line(path);
                let name = u.name.as_deref().map(crate::escape::line);
                let blanks: Vec<String> = u
                    .blanks
                    .iter()
                    .map(|&s| self.field_label(ent, s).to_string())
                    .collect();
                let blanks = match blanks.is_empty() {
                    true => String::new(),
                    false => tr(
                        lang,
                        format!("，{}不明", blanks.join("、")),
                        format!(", {} not known", blanks.join(", ")),
                    ),
                };
                match (name, lang) {
                    (Some(n), Lang::Zh) => format!("{n}（{path} 第 {} 行{blanks}）", u.line),
                    (Some(n), Lang::En) => format!("{n} ({path} line {}{blanks})", u.line),
                    (None, Lang::Zh) => format!("{path} 第 {} 行{blanks}", u.line),
                    (None, Lang::En) => format!("{path} line {}{blanks}", u.line),
                }
            })
            .collect();
        (!items.is_empty()).then(|| {
            tr(
                lang,
                format!("如 {}", items.join("、")),
                format!("such as {}", items.join("; ")),
            )
        })
    }

    /// Why a finding is unknown, in words.
    pub fn unknown_reason(&self, f: &Finding) -> String {
        let ent = self.entity(f);
        let lang = self.lang;
        if f.unknown == Some(Reason::Place) {
            let why = match f.focus {
                Some(s) if let Some(Value::Text(t)) = self.value(f, s) => tr(
                    lang,
                    format!(
                        "“{}”为“{}”，它不是市、县（区），输入中也没有哪一行说明它在哪个县（区）",
                        self.field_label(ent, s),
                        crate::escape::quoted(t)
                    ),
                    format!(
                        "`{}` is `{}`, which is no city or county, and no row of the input says which county it is in",
                        self.field_label(ent, s),
                        crate::escape::quoted(t)
                    ),
                ),
                Some(s) => self.value_problem(ent, s, self.value(f, s)),
                None => lang
                    .pick("所在地无法确定", "its place cannot be told")
                    .to_string(),
            };
            return tr(
                lang,
                format!("{why}，无法判断它是否在本规则所属文件的地区内，本条规则是否适用无法判断"),
                format!(
                    "{why}, so whether it lies in the region of this rule's document, and so whether this rule applies, cannot be told"
                ),
            );
        }
        if f.scope {
            let why = match f.focus {
                Some(s) if matches!(f.unknown, Some(Reason::Missing | Reason::Invalid)) => {
                    self.value_problem(ent, s, self.value(f, s))
                }
                Some(s) if f.unknown == Some(Reason::Vague) => self.vague(ent, s, f),
                _ => lang
                    .pick(
                        "条件中的值缺失或无法识别",
                        "a value it needs is blank or unreadable",
                    )
                    .to_string(),
            };
            // The record's other blanks the rule reads, so a bureau fixing the row
            // learns everything it lacks at once.
            let others: Vec<String> = f
                .missing
                .iter()
                .filter(|&&s| Some(s) != f.focus)
                .map(|&s| self.value_problem(ent, s, self.value(f, s)))
                .collect();
            let others = match others.is_empty() {
                true => String::new(),
                false => tr(
                    lang,
                    format!("；此外{}", others.join("；")),
                    format!("; also {}", others.join("; ")),
                ),
            };
            return tr(
                lang,
                format!("无法判断本条规则是否适用：{why}{others}"),
                format!("cannot tell whether this rule applies: {why}{others}"),
            );
        }
        if f.missing.len() > 1 && f.cell == Cell::Present {
            let all: Vec<String> = f
                .missing
                .iter()
                .map(|&s| self.value_problem(ent, s, self.value(f, s)))
                .collect();
            return tr(
                lang,
                format!("{}，无法判断", all.join("；")),
                format!("{}, so this cannot be checked", all.join("; ")),
            );
        }
        let field = f.focus.map(|s| self.field_label(ent, s));
        match (f.unknown, field) {
            (Some(Reason::Missing), Some(n)) if f.cell == Cell::Absent => {
                // In English the column as a bureau heads it helps find it.
                let alias = f
                    .focus
                    .and_then(|s| ent.fields[s].aliases.first())
                    .filter(|_| lang == Lang::En)
                    .map_or(String::new(), |a| format!(" ({a})"));
                tr(
                    lang,
                    format!("输入中没有“{n}”一栏，无法判断"),
                    format!("the input has no `{n}` column{alias}, so this cannot be checked"),
                )
            }
            (Some(Reason::Missing), Some(n)) if let Cell::Derived(from) = f.cell => {
                let source = self.field_label(ent, from);
                let shown = match self.value(f, from) {
                    Some(Value::Text(t)) => crate::escape::quoted(t).into_owned(),
                    _ => String::new(),
                };
                tr(
                    lang,
                    format!("输入中没有“{n}”一栏，{source}“{shown}”也看不出，无法判断"),
                    format!(
                        "the input has no `{n}` column, and `{source}` \"{shown}\" does not tell it, so this cannot be checked"
                    ),
                )
            }
            (Some(Reason::Missing), Some(n)) if f.cell == Cell::Unwritten => tr(
                lang,
                format!("这一条没有填写“{n}”，无法判断"),
                format!("this entry gives no `{n}`, so this cannot be checked"),
            ),
            (Some(Reason::Missing), Some(n)) => tr(
                lang,
                format!("“{n}”未填，无法判断"),
                format!("`{n}` is blank, so this cannot be checked"),
            ),
            (Some(Reason::Invalid), Some(n)) => {
                let detail = match f.focus.and_then(|s| self.value(f, s)) {
                    Some(Value::Invalid(bad)) => describe_problem(bad, lang),
                    _ => String::new(),
                };
                tr(
                    lang,
                    format!("“{n}”的值无法识别，无法判断{detail}"),
                    format!("`{n}` cannot be read, so this cannot be checked{detail}"),
                )
            }
            (Some(Reason::DivZero), _) => tr(
                lang,
                "除数为零，无法判断",
                "division by zero, so this cannot be checked",
            ),
            (Some(Reason::Overflow), _) => tr(
                lang,
                "数值超出精确计算范围，无法判断",
                "a number is out of exact range, so this cannot be checked",
            ),
            (Some(Reason::Undecided(why)), _) => why
                .and_then(|w| self.stated_reason(f, w))
                .map(|why| {
                    tr(
                        lang,
                        format!("{why}，无法判断"),
                        format!("{why}, so this cannot be checked"),
                    )
                })
                .unwrap_or_else(|| {
                    tr(
                        lang,
                        "规则对这条记录无法作出判断",
                        "the rule cannot decide for this record",
                    )
                }),
            (Some(Reason::Uncertain), _) => {
                let base = tr(
                    lang,
                    "它汇总的记录中有的可能计入也可能不计入（其条件或数值为空、无法识别），结论取决于它们，无法判断",
                    "some records it counts or adds up may or may not belong (a condition or value of theirs is blank or unreadable), and the verdict depends on them, so this cannot be checked",
                );
                match self.undecided_list(f) {
                    Some(list) => tr(lang, format!("{base}：{list}"), format!("{base}: {list}")),
                    None => base.to_string(),
                }
            }
            (Some(Reason::Empty), _) => tr(
                lang,
                "没有可汇总的记录，无法判断",
                "no records to aggregate, so this cannot be checked",
            ),
            (Some(Reason::NoInput(e)), _) => {
                let other = &self.set.schema.entities[e];
                let label = other.labels.first().unwrap_or(&other.name);
                // The record's own blanks the rule would use instead (a blank 用地面积
                // beside no parcel table): filling either settles it.
                let blanks: Vec<&str> = f
                    .missing
                    .iter()
                    .chain(f.focus.iter())
                    .filter(|&&s| matches!(self.value(f, s), None | Some(Value::Missing)))
                    .map(|&s| self.field_label(ent, s))
                    .fold(Vec::new(), |mut v, l| {
                        if !v.contains(&l) {
                            v.push(l);
                        }
                        v
                    });
                if blanks.is_empty() {
                    tr(
                        lang,
                        format!("没有输入提供所需的“{label}”记录，无法判断"),
                        format!(
                            "no input provides the `{}` records it needs, so this cannot be checked",
                            other.name
                        ),
                    )
                } else {
                    tr(
                        lang,
                        format!(
                            "“{}”未填，也没有输入提供“{label}”记录，无法判断",
                            blanks.join("”“")
                        ),
                        format!(
                            "`{}` is blank and no input provides the `{}` records, so this cannot be checked",
                            blanks.join("`, `"),
                            other.name
                        ),
                    )
                }
            }
            (Some(Reason::Vague), Some(_)) => {
                let why = f.focus.map(|s| self.vague(ent, s, f)).unwrap_or_default();
                tr(
                    lang,
                    format!("{why}，无法判断"),
                    format!("{why}, so this cannot be checked"),
                )
            }
            (Some(Reason::Vague), None) => tr(
                lang,
                "它汇总的记录中有的类型未指明具体是哪一类（如“养老服务场所”），可能计入也可能不计入，无法判断",
                "a record it counts is of a kind that does not say which (such as 养老服务场所), and may or may not belong, so this cannot be checked",
            ),
            (Some(Reason::Missing | Reason::Invalid), None) => {
                let base = tr(
                    lang,
                    "它汇总的其他记录中有空白或无法识别的值，无法判断",
                    "a record it adds up or looks up has a blank or unreadable value, so this cannot be checked",
                );
                match self.undecided_list(f) {
                    Some(list) => tr(lang, format!("{base}：{list}"), format!("{base}: {list}")),
                    None => base,
                }
            }
            _ => tr(
                lang,
                "所需的值缺失或无法识别，无法判断",
                "a value it needs is blank or unreadable, so this cannot be checked",
            ),
        }
    }

    /// An enum cell whose value may be any of several: `“类型”填的是“养老服务场所”，
    /// 未指明是哪一类`.
    fn vague(&self, ent: &crate::schema::Entity, slot: crate::schema::Slot, f: &Finding) -> String {
        let name = self.field_label(ent, slot);
        let value = match (self.value(f, slot), &ent.fields[slot].ty) {
            (Some(Value::Enum(v)), crate::schema::FieldType::Enum(vs)) => {
                vs.get(usize::from(*v)).map_or("", |v| v.shown(self.lang))
            }
            (Some(Value::List(l)), _) => {
                let l = crate::escape::quoted(l);
                return tr(
                    self.lang,
                    format!("“{name}”填的是“{l}”，分不清其中各项（各项请用“、”分隔）"),
                    format!(
                        "`{name}` is `{l}`, whose items cannot be told apart (separate them with 、)"
                    ),
                );
            }
            _ => "",
        };
        tr(
            self.lang,
            format!("“{name}”填的是“{value}”，未指明是哪一类"),
            format!("`{name}` is `{value}`, which does not say which kind"),
        )
    }

    /// Why a rule was not run, in words, on one line: the reports list one
    /// reason a line, and one may name a file, whose name may hold line breaks.
    pub fn not_checked_reason(&self, why: &NotChecked) -> String {
        crate::escape::line(&self.not_checked_text(why)).into_owned()
    }

    fn not_checked_text(&self, why: &NotChecked) -> String {
        let lang = self.lang;
        match why {
            NotChecked::NotInForce { from: Some(f), .. } if self.as_of < *f => tr(
                lang,
                format!("{f} 起施行，检查日期为 {}", self.as_of),
                format!("in force from {f}; checking as of {}", self.as_of),
            ),
            NotChecked::NotInForce { until: Some(u), .. } => tr(
                lang,
                format!("施行至 {u}，检查日期为 {}", self.as_of),
                format!("in force until {u}; checking as of {}", self.as_of),
            ),
            NotChecked::NotInForce { .. } => tr(
                lang,
                "检查日期不在施行期内",
                "not in force on the checking date",
            ),
            NotChecked::TurnedOff { file } => tr(
                lang,
                format!("被设置文件 {file} 关闭（select/ignore）"),
                format!("turned off by the settings file {file} (select/ignore)"),
            ),
            NotChecked::NoInput(e) => {
                let ent = &self.set.schema.entities[*e];
                let name = &ent.name;
                let label = ent.labels.first().unwrap_or(name);
                tr(
                    lang,
                    format!("输入中没有“{label}”记录"),
                    format!("no input provides `{name}` records"),
                )
            }
            NotChecked::NoColumn {
                entity,
                of,
                source,
                slot,
                records,
                ..
            } => {
                let ent = &self.set.schema.entities[*entity];
                let path = self.paths.get(*source as usize).map_or("", String::as_str);
                let name = self.field_label(ent, *slot);
                if of != entity {
                    let checked = &self.set.schema.entities[*of];
                    let label = checked.labels.first().unwrap_or(&checked.name);
                    return tr(
                        lang,
                        format!(
                            "`{path}` 没有“{name}”一栏，规则汇总其记录时需要它：{records} 条{label}记录未检查"
                        ),
                        format!(
                            "`{path}` has no `{name}` column, which the rule reads of its records: {records} `{}` records not checked",
                            checked.name
                        ),
                    );
                }
                tr(
                    lang,
                    format!("`{path}` 没有“{name}”一栏，其中 {records} 条记录未检查"),
                    format!(
                        "`{path}` has no `{name}` column: {records} of its records not checked"
                    ),
                )
            }
        }
    }
}
