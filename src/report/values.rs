//! A record's values and fields in the reader's words: a value with its unit, an
//! enum's label, a field's column name, and what is wrong with a blank or
//! unreadable cell.

use super::{Amount, Context, amount};
use crate::data::{Invalid, Value};
use crate::i18n::{Lang, tr};
use crate::num::Q;
use crate::schema::{Entity, FieldType, Slot};

impl<'a> Context<'a> {
    /// A value as text with its unit, in the report's language.
    pub fn show_value(&self, ent: &Entity, slot: Slot, value: Option<&Value<'_>>) -> String {
        let field = &ent.fields[slot];
        match value {
            None | Some(Value::Missing) => self.lang.pick("（空）", "(blank)").to_string(),
            Some(Value::Invalid(bad)) => tr(
                self.lang,
                format!("无法识别的“{}”", crate::escape::quoted(&bad.text)),
                format!("unreadable `{}`", crate::escape::quoted(&bad.text)),
            ),
            // A reported figure keeps the precision it was written at (`67.00%`).
            Some(Value::Reported(r)) => {
                let Some((_, d)) = crate::lang::check::display_of(&field.ty) else {
                    return r.value.to_decimal_string(2);
                };
                amount(r.value, &d).show_fixed(super::figures::written_places(r.half, &d))
            }
            // A cell's number as written: every decimal it has, so a failing
            // 1999.999 m² (or a spreadsheet's 199.99999999999997) is not shown as
            // its threshold.
            Some(Value::Num(q)) => {
                let q = &q.q();
                let shown = match crate::lang::check::display_of(&field.ty) {
                    Some((_, d)) => amount(*q, &d),
                    None => Amount {
                        value: *q,
                        unit: String::new(),
                    },
                };
                // The decimals of the figure as shown, in its display unit.
                let places = shown.value.exact_places(40).map_or(2, |p| p.max(2));
                shown.show_at(places)
            }
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
    pub(super) fn show_let(
        &self,
        rule: &crate::pack::Rule,
        i: usize,
        value: Option<&Value<'_>>,
        bounds: Option<(crate::num::Q, crate::num::Q)>,
        comparison: Option<&crate::eval::Comparison>,
    ) -> String {
        let display = rule.lets.get(i).and_then(|l| l.display.as_ref());
        // A figure in the unit of the failed comparison's threshold never reads as
        // the threshold unless it is equal to it (a 54.999% share is not `55%`).
        let places = |q: Q, d: &crate::pack::Display| {
            let mut p = 2;
            if let Some(c) = comparison.filter(|c| c.display == *d && c.required != q) {
                while p < 12 && amount(q, d).show_at(p) == amount(c.required, d).show_at(p) {
                    p += 1;
                }
            }
            p
        };
        // Known only within bounds: both are shown.
        if let Some((lo, hi)) = bounds {
            let show = |q: crate::num::Q| match display {
                Some(d) => amount(q, d).show(),
                None => q.to_decimal_string(2),
            };
            return tr(
                self.lang,
                format!("{}至{}", show(lo), show(hi)),
                format!("between {} and {}", show(lo), show(hi)),
            );
        }
        match (value, display) {
            (Some(Value::Num(q)), Some(d)) => amount(q.q(), d).show_at(places(q.q(), d)),
            (None | Some(Value::Missing), _) => self
                .lang
                .pick("（无法计算）", "(not computable)")
                .to_string(),
            (Some(Value::Num(q)), None) => q.q().to_decimal_string(2),
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

    /// A field as a reader of the report's language knows it: its first Chinese
    /// column name in zh (`类型`), its canonical name in en (`kind`).
    /// Where a form repeats a heading (附件1's two 单位 columns), the field's
    /// fullest heading of its own (`包联人2单位`), so a message never names two
    /// columns alike.
    pub fn field_label<'e>(&self, ent: &'e Entity, slot: Slot) -> &'e str {
        let field = &ent.fields[slot];
        let Some(first) = field.aliases.first().filter(|_| self.lang == Lang::Zh) else {
            return &field.name;
        };
        let shared = |a: &String| {
            ent.fields
                .iter()
                .enumerate()
                .any(|(i, f)| i != slot && f.aliases.contains(a))
        };
        if !shared(first) {
            return first;
        }
        field
            .aliases
            .iter()
            .filter(|a| a.contains(first.as_str()) && !shared(a))
            .max_by_key(|a| a.chars().count())
            .map_or(first, String::as_str)
    }

    /// What is wrong with a blank or unreadable value, for a reason in words.
    pub(super) fn value_problem(
        &self,
        ent: &Entity,
        slot: Slot,
        value: Option<&Value<'_>>,
    ) -> String {
        let lang = self.lang;
        let name = self.field_label(ent, slot);
        match value {
            Some(Value::Invalid(bad))
                if matches!(bad.problem, crate::data::Problem::UnknownEnum) =>
            {
                let FieldType::Enum(vs) = &ent.fields[slot].ty else {
                    return String::new();
                };
                let near = ent.fields[slot]
                    .ty
                    .suggest(bad.text.trim(), lang)
                    .map(|s| {
                        tr(
                            lang,
                            format!("，是不是“{s}”？"),
                            format!("; did you mean `{s}`?"),
                        )
                    })
                    .unwrap_or_default();
                let allowed: Vec<String> = vs
                    .iter()
                    .map(|v| match (lang, v.labels.first()) {
                        (Lang::Zh, Some(l)) => l.clone(),
                        _ => v.name.clone(),
                    })
                    .collect();
                tr(
                    lang,
                    format!(
                        "“{name}”一栏的“{}”不是可识别的取值{near}（可填：{}）",
                        crate::escape::quoted(&bad.text),
                        allowed.join("、")
                    ),
                    format!(
                        "`{name}` `{}` is not one of its values{near} (allowed: {})",
                        crate::escape::quoted(&bad.text),
                        allowed.join(", ")
                    ),
                )
            }
            Some(Value::Invalid(bad)) => tr(
                lang,
                format!("“{name}”的值无法识别{}", describe_problem(bad, lang)),
                format!("`{name}` cannot be read{}", describe_problem(bad, lang)),
            ),
            _ => tr(lang, format!("“{name}”未填"), format!("`{name}` is blank")),
        }
    }
}
/// What was wrong with a cell, as a clause starting with a separator.
pub fn describe_problem(bad: &Invalid, lang: Lang) -> String {
    use crate::data::Problem;
    let t = &crate::escape::quoted(&bad.text);
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
        Problem::FractionOrPercent => tr(
            lang,
            format!("：“{t}”是小数还是百分数无法判断，应写作带 % 的数值"),
            format!(": `{t}` may be a fraction or percent points; write it with `%`"),
        ),
        Problem::UnknownPlace => tr(
            lang,
            format!("：“{t}”不是地名表（rules/gazetteer.toml）中的市、县（区）"),
            format!(": `{t}` is no city or county of the gazetteer (rules/gazetteer.toml)"),
        ),
        Problem::Contradicts {
            zh,
            en,
            bound: false,
        } => tr(
            lang,
            format!("：“{t}”与本行其他数据矛盾（{zh}）"),
            format!(": `{t}` contradicts the rest of the record ({en})"),
        ),
        Problem::Contradicts {
            zh,
            en,
            bound: true,
        } => tr(
            lang,
            format!("：“{t}”超出可能的范围（{zh}）"),
            format!(": `{t}` is out of the possible range ({en})"),
        ),
        Problem::StaleFormula => tr(
            lang,
            format!("：“{t}”是公式保存的旧值，工作簿要求打开时重新计算，Excel 显示的可能不同"),
            format!(
                ": `{t}` is a formula's saved value, and the workbook asks to be recalculated on opening, so Excel may show another"
            ),
        ),
        Problem::Overlaps => tr(
            lang,
            "：范围与另一地块重叠，面积会重复计算",
            ": its area overlaps another record's, so the figure counts shared land twice",
        ),
        Problem::CoarsePlace => tr(
            lang,
            format!("：“{t}”不是县（区），不知道是其中哪个县（区）"),
            format!(": `{t}` is no county, and which of its counties is not said"),
        ),
        Problem::ShortUnit => tr(
            lang,
            format!("：“{t}”没有写明是街道、乡镇、社区还是村，无法确定是哪一个"),
            format!(
                ": `{t}` does not say whether it is a street, town, community or village, so which one is unknown"
            ),
        ),
        Problem::AmbiguousPlace => tr(
            lang,
            format!("：“{t}”不止一处，无法确定是哪个市的"),
            format!(": more than one city has a `{t}`, and nothing says which"),
        ),
    }
}
