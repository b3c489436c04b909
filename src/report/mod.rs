//! Renders findings. Every format reads the same [`Context`]; each renderer lives in
//! its own module and only decides layout. A finding is rendered as soon as it is
//! found (on whichever thread found it), so a run keeps text, not records.

pub mod chart;
pub mod coverage;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod map;
pub mod markdown;
pub mod place;
pub mod regions;
pub mod sarif;
pub mod stats;
pub mod table;

use crate::data::{Input, Invalid, Value};
use crate::eval::{Cell, Finding, NotChecked, Reason, Summary};
use crate::i18n::{Lang, tr};
use crate::num::Q;
use crate::pack::{Display, Rule, RuleSet, Seg};
use crate::schema::{Entity, FieldType, Slot};
use crate::waiver::{Waiver, Waivers};
use jiff::civil::Date;

/// What every renderer needs to turn a finding into text.
pub struct Context<'a> {
    pub set: &'a RuleSet,
    pub as_of: Date,
    pub lang: Lang,
    /// Input paths, by source index.
    pub paths: &'a [String],
    /// Each rule's `pack/rule-id`.
    ids: Vec<String>,
    /// Sort ranks: of each rule's full id, of each input's path.
    rule_rank: Vec<u32>,
    path_rank: Vec<u32>,
    /// The waivers findings may point to.
    pub waivers: Option<&'a Waivers>,
}

/// What a whole run found besides its findings.
#[derive(Debug, Default)]
pub struct Totals {
    /// The packs that applied (by index), and the region they were chosen for.
    pub packs: Vec<usize>,
    pub region: String,
    pub inputs: Vec<Input>,
    pub summary: Summary,
    pub not_checked: Vec<(usize, NotChecked)>,
    /// Counts per rule (by index).
    pub per_rule: Vec<Summary>,
    /// Records read per entity.
    pub per_entity: Vec<usize>,
    /// Counts per region, in the gazetteer's order, when the run was asked for them.
    pub regions: Vec<(String, Summary)>,
}

/// Where a finding goes in the output: by path, sheet (of a workbook), line, then
/// rule.
pub type SortKey = (u32, u32, u32, u32);

/// A number with the unit it is printed in.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub value: Q,
    pub unit: String,
}

impl Amount {
    pub fn show(&self) -> String {
        let v = self.value.to_decimal_string(2);
        match self.unit.as_str() {
            "" => v,
            u @ ("%" | "‰" | "亩" | "元" | "万元" | "公顷") => format!("{v}{u}"),
            u => format!("{v} {u}"),
        }
    }
}

/// Converts a base-unit value to how `display` prints it.
pub fn amount(v: Q, display: &Display) -> Amount {
    match display.unit {
        Some(u) => Amount {
            value: u.from_base(v).unwrap_or(v),
            unit: u.symbol.to_string(),
        },
        None => Amount {
            value: v,
            unit: display.symbol.to_string(),
        },
    }
}

fn ranks<T: Ord>(items: &[T]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| items[a].cmp(&items[b]));
    let mut rank = vec![0; items.len()];
    for (r, i) in order.into_iter().enumerate() {
        rank[i] = u32::try_from(r).unwrap_or(u32::MAX);
    }
    rank
}

impl<'a> Context<'a> {
    pub fn new(set: &'a RuleSet, paths: &'a [String], as_of: Date, lang: Lang) -> Context<'a> {
        let ids: Vec<String> = (0..set.rules.len()).map(|r| full_id(set, r)).collect();
        Context {
            set,
            as_of,
            lang,
            paths,
            rule_rank: ranks(&ids),
            path_rank: ranks(paths),
            ids,
            waivers: None,
        }
    }

    /// The waivers the run's findings were matched against.
    pub fn with_waivers(mut self, waivers: Option<&'a Waivers>) -> Context<'a> {
        self.waivers = waivers;
        self
    }

    /// The waiver that covers a finding, if one does.
    pub fn waiver(&self, f: &Finding) -> Option<&'a Waiver> {
        self.waivers?.list.get(f.waiver? as usize)
    }

    /// Where a waiver is written: `waivers.toml:12`.
    pub fn waiver_place(&self, w: &Waiver) -> String {
        format!(
            "{}:{}",
            self.waivers.map_or("", |ws| ws.path.as_str()),
            w.line
        )
    }

    /// A waiver in one line: why, who approved it, under which document, until when.
    pub fn waiver_note(&self, w: &Waiver) -> String {
        tr(
            self.lang,
            format!(
                "已豁免：{}（批准：{}；文件：{}；有效期至 {}；{}）",
                w.reason,
                w.approver,
                w.document,
                w.expires,
                self.waiver_place(w)
            ),
            format!(
                "waived: {} (approved by {}; document {}; until {}; {})",
                w.reason,
                w.approver,
                w.document,
                w.expires,
                self.waiver_place(w)
            ),
        )
    }

    pub fn sort_key(&self, f: &Finding) -> SortKey {
        (
            self.path_rank
                .get(f.source as usize)
                .copied()
                .unwrap_or(u32::MAX),
            f.sheet.as_ref().map_or(0, |(i, _)| *i),
            f.line,
            self.rule_rank.get(f.rule).copied().unwrap_or(u32::MAX),
        )
    }

    /// `pack/rule-id`.
    pub fn rule_id(&self, rule: usize) -> &str {
        self.ids.get(rule).map_or("", String::as_str)
    }

    pub fn rule(&self, f: &Finding) -> &'a Rule {
        &self.set.rules[f.rule]
    }

    pub fn entity(&self, f: &Finding) -> &'a Entity {
        &self.set.schema.entities[self.rule(f).entity]
    }

    pub fn path(&self, f: &Finding) -> &'a str {
        self.paths.get(f.source as usize).map_or("", String::as_str)
    }

    /// The path, and for a worksheet its sheet: `file.xlsx!Sheet`.
    pub fn location(&self, f: &Finding) -> std::borrow::Cow<'a, str> {
        let path = self.path(f);
        match &f.sheet {
            Some((_, sheet)) if !path.ends_with(&format!("!{sheet}")) => {
                format!("{path}!{sheet}").into()
            }
            _ => path.into(),
        }
    }

    pub fn value<'f>(&self, f: &'f Finding, slot: Slot) -> Option<&'f Value<'static>> {
        f.values.iter().find(|(s, _)| *s == slot).map(|(_, v)| v)
    }

    /// A value as text with its unit, in the report's language.
    pub fn show_value(&self, ent: &Entity, slot: Slot, value: Option<&Value<'_>>) -> String {
        let field = &ent.fields[slot];
        match value {
            None | Some(Value::Missing) => self.lang.pick("（空）", "(blank)").to_string(),
            Some(Value::Invalid(bad)) => tr(
                self.lang,
                format!("无法识别的“{}”", bad.text),
                format!("unreadable `{}`", bad.text),
            ),
            Some(Value::Reported(r)) => self.show_value(ent, slot, Some(&Value::Num(r.value))),
            Some(Value::Num(q)) => match crate::lang::check::display_of(&field.ty) {
                Some((_, d)) => amount(*q, &d).show(),
                None => q.to_decimal_string(2),
            },
            Some(Value::Text(t)) => t.to_string(),
            Some(Value::Enum(i)) => self.enum_label(&field.ty, *i),
            Some(Value::Bool(b)) => self
                .lang
                .pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" })
                .to_string(),
            Some(Value::Date(d)) => d.to_string(),
            Some(Value::List(items)) => crate::data::list_items(items)
                .collect::<Vec<_>>()
                .join("、"),
            Some(Value::Shape(s)) => crate::spatial::describe(s, self.lang),
        }
    }

    /// A `let` value in a message: a quantity in the unit its expression has.
    fn show_let(&self, rule: &crate::pack::Rule, i: usize, value: Option<&Value<'_>>) -> String {
        match (value, rule.lets.get(i).and_then(|l| l.display.as_ref())) {
            (Some(Value::Num(q)), Some(d)) => amount(*q, d).show(),
            (None | Some(Value::Missing), _) => self
                .lang
                .pick("（无法计算）", "(not computable)")
                .to_string(),
            (Some(Value::Num(q)), None) => q.to_decimal_string(2),
            (Some(Value::Text(t)), _) => t.to_string(),
            (Some(Value::Bool(b)), _) => self
                .lang
                .pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" })
                .to_string(),
            (Some(Value::Date(d)), _) => d.to_string(),
            (Some(Value::Shape(s)), _) => crate::spatial::describe(s, self.lang),
            (Some(Value::List(items)), _) => crate::data::list_items(items)
                .collect::<Vec<_>>()
                .join("、"),
            (Some(Value::Reported(r)), Some(d)) => amount(r.value, d).show(),
            (Some(_), _) => self.lang.pick("（无法显示）", "(not shown)").to_string(),
        }
    }

    pub fn enum_label(&self, ty: &FieldType, i: u16) -> String {
        match ty {
            FieldType::Enum(vs) => vs
                .get(usize::from(i))
                .map(|v| match (self.lang, v.labels.first()) {
                    (Lang::Zh, Some(l)) => l.clone(),
                    _ => v.name.clone(),
                })
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// The rule's message for this record, or its title when it has none.
    pub fn message(&self, f: &Finding) -> String {
        let rule = self.rule(f);
        let Some((zh, en)) = &rule.message else {
            return rule.title.get(self.lang).to_string();
        };
        let segs = self.lang.pick_ref(zh, en);
        let ent = self.entity(f);
        segs.iter()
            .map(|s| match s {
                Seg::Lit(t) => t.clone(),
                Seg::Field(slot) => self.show_value(ent, *slot, self.value(f, *slot)),
                Seg::Let(i) => self.show_let(rule, *i, f.lets.get(*i)),
            })
            .collect()
    }

    /// The finding's message (or, for an unknown, why) with its shortfall and
    /// citation: what the CI formats show, where there is no room for more.
    pub fn full_message(&self, f: &Finding) -> String {
        let rule = self.rule(f);
        let lang = self.lang;
        let mut m = match f.outcome {
            crate::eval::Outcome::Unknown => self.unknown_reason(f),
            _ => self.message(f) + &self.progress_note(f),
        };
        if let Some(a) = f
            .comparison
            .and_then(|c| c.shortfall.map(|q| amount(q, &c.display)))
        {
            m.push_str(&tr(
                lang,
                format!("；差额 {}", a.show()),
                format!("; short by {}", a.show()),
            ));
        }
        m.push_str(&tr(
            lang,
            format!("（依据：{}）", rule.cite),
            format!(" (source: {})", rule.cite),
        ));
        m
    }

    /// For a task with a deadline: whether it is behind or overdue, and the deadline.
    pub fn progress_note(&self, f: &Finding) -> String {
        use crate::eval::Progress;
        match f.progress {
            Some(Progress::Behind(d)) => tr(
                self.lang,
                format!("（进度落后，期限 {d}）"),
                format!(" (behind; due {d})"),
            ),
            Some(Progress::Overdue(d)) => tr(
                self.lang,
                format!("（已逾期，期限 {d}）"),
                format!(" (overdue; due {d})"),
            ),
            None => String::new(),
        }
    }

    /// Why a finding is unknown, in words.
    pub fn unknown_reason(&self, f: &Finding) -> String {
        let ent = self.entity(f);
        let field = f.focus.map(|s| ent.fields[s].name.as_str());
        let lang = self.lang;
        match (f.unknown, field) {
            (Some(Reason::Missing), Some(n)) if f.cell == Cell::Absent => {
                let alias = f.focus.and_then(|s| ent.fields[s].aliases.first()).map_or(
                    String::new(),
                    |a| {
                        lang.pick(&format!("（{a}）"), &format!(" ({a})"))
                            .to_string()
                    },
                );
                tr(
                    lang,
                    format!("输入中没有 `{n}`{alias}，无法判断"),
                    format!("the input has no `{n}`{alias}, so this cannot be checked"),
                )
            }
            (Some(Reason::Missing), Some(n)) => tr(
                lang,
                format!("`{n}` 为空，无法判断"),
                format!("`{n}` is blank, so this cannot be checked"),
            ),
            (Some(Reason::Invalid), Some(n)) => {
                let detail = match f.focus.and_then(|s| self.value(f, s)) {
                    Some(Value::Invalid(bad)) => describe_problem(bad, lang),
                    _ => String::new(),
                };
                tr(
                    lang,
                    format!("`{n}` 的值无法识别，无法判断{detail}"),
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
            (Some(Reason::Undecided), _) => tr(
                lang,
                "规则对这条记录无法作出判断",
                "the rule cannot decide for this record",
            ),
            (Some(Reason::Empty), _) => tr(
                lang,
                "没有可汇总的记录，无法判断",
                "no records to aggregate, so this cannot be checked",
            ),
            (Some(Reason::NoInput(e)), _) => {
                let ent = &self.set.schema.entities[e];
                let label = ent.labels.first().unwrap_or(&ent.name);
                tr(
                    lang,
                    format!("没有输入提供所需的{label}（{}）记录，无法判断", ent.name),
                    format!(
                        "no input provides the `{}` records it needs, so this cannot be checked",
                        ent.name
                    ),
                )
            }
            (Some(Reason::Missing | Reason::Invalid), None) => tr(
                lang,
                "它汇总的其他记录中有空白或无法识别的值，无法判断",
                "a record it adds up or looks up has a blank or unreadable value, so this cannot be checked",
            ),
            _ => tr(
                lang,
                "所需的值缺失或无法识别，无法判断",
                "a value it needs is blank or unreadable, so this cannot be checked",
            ),
        }
    }

    /// Why a rule was not run, in words.
    pub fn not_checked_reason(&self, why: &NotChecked) -> String {
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
            NotChecked::NoInput(e) => {
                let name = &self.set.schema.entities[*e].name;
                tr(
                    lang,
                    format!("输入中没有 `{name}` 记录"),
                    format!("no input provides `{name}` records"),
                )
            }
        }
    }
}

/// Markup with a line break between adjacent tags, so a snapshot's diff shows
/// which element changed. Only the gap between a closing `>` and an opening `<` is
/// touched, where a newline is insignificant whitespace; text cannot hold a bare
/// `<`, since every value was escaped.
pub(crate) fn tag_per_line(markup: String) -> String {
    markup.replace("><", ">\n<")
}

fn full_id(set: &RuleSet, rule: usize) -> String {
    let r = &set.rules[rule];
    format!("{}/{}", set.packs[r.pack].id, r.id)
}

impl Lang {
    /// Like [`Lang::pick`] for any borrowed value.
    pub fn pick_ref<'a, T>(self, zh: &'a T, en: &'a T) -> &'a T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// What was wrong with a cell, as a clause starting with a separator.
pub fn describe_problem(bad: &Invalid, lang: Lang) -> String {
    use crate::data::Problem;
    let t = &bad.text;
    match &bad.problem {
        Problem::NotANumber => tr(
            lang,
            format!("：“{t}”不是数字"),
            format!(": `{t}` is not a number"),
        ),
        Problem::Negative => tr(
            lang,
            format!("：“{t}”为负数"),
            format!(": `{t}` is negative"),
        ),
        Problem::WrongUnit { unit } => tr(
            lang,
            format!("：单位“{unit}”与该列不符"),
            format!(": the unit `{unit}` does not fit this column"),
        ),
        Problem::UnknownUnit { unit } => tr(
            lang,
            format!("：未知单位“{unit}”"),
            format!(": unknown unit `{unit}`"),
        ),
        Problem::BadDate => tr(
            lang,
            format!("：“{t}”不是有效日期"),
            format!(": `{t}` is not a real date"),
        ),
        Problem::BadBool => tr(
            lang,
            format!("：“{t}”应为是或否"),
            format!(": `{t}` is not yes/no"),
        ),
        Problem::BadPoint => tr(
            lang,
            format!("：“{t}”不是“经度,纬度”坐标或有效的 WKT 图形"),
            format!(": `{t}` is neither a `longitude,latitude` point nor a valid WKT geometry"),
        ),
        Problem::SwappedPoint => tr(
            lang,
            format!("：“{t}”像是纬度在前；应写作“经度,纬度”"),
            format!(": `{t}` looks like latitude first; write `longitude,latitude`"),
        ),
        Problem::NotWhole => tr(
            lang,
            format!("：“{t}”不是整数"),
            format!(": `{t}` is not a whole number"),
        ),
        Problem::UnknownEnum => tr(
            lang,
            format!("：“{t}”不是可选的取值"),
            format!(": `{t}` is not one of the allowed values"),
        ),
        Problem::UnknownPlace => tr(
            lang,
            format!("：“{t}”不是河南省的市、县（区）"),
            format!(": `{t}` is no city or county of 河南省"),
        ),
        Problem::AmbiguousPlace => tr(
            lang,
            format!("：“{t}”不止一处，无法确定是哪个市的"),
            format!(": more than one city has a `{t}`, and nothing says which"),
        ),
    }
}
