//! The text of errors in what a rule's expressions name and how their types fit:
//! names, values, dimensions, calls and aggregates.

use super::want::{Kind, Sides};
use super::{DIMENSION, LangError, REGEX_MIB, TYPE, UNITS_EN, UNITS_ZH, dym, here};
use crate::diag::{Both, Draft, did_you_mean};
use crate::units::Dim;

impl LangError {
    /// The draft of an error of this stage; `None` for another stage's.
    pub(super) fn type_draft(&self) -> Option<Draft> {
        use LangError as E;
        Some(match self {
            E::LetTaken { name, entity, span } => Draft::new(
                TYPE,
                format!("`{name}` 已是 `{entity}` 的字段或前面的 let"),
                format!("`{name}` is already a field of `{entity}` or an earlier let"),
            )
            .label(*span, "重名", "name taken"),
            E::NotCondition { what, span } => {
                let w = what.text();
                here(
                    TYPE,
                    *span,
                    format!("条件应为真假值，这里是{}", w.zh),
                    format!("a condition must be yes/no, this is {}", w.en),
                )
                .help(
                    "写成比较，如 `floor_area >= 2000 m2`",
                    "write a comparison, such as `floor_area >= 2000 m2`",
                )
            }
            E::InvalidRegex { error, span } => {
                let (what, diagram) = regex_parts(error);
                let d = here(
                    TYPE,
                    *span,
                    format!("无效的正则表达式：{what}"),
                    format!("invalid regular expression: {what}"),
                );
                match diagram {
                    Some(at) => d.with_help(Both::same(at)),
                    None => d,
                }
            }
            E::RegexTooLarge { span } => Draft::new(
                TYPE,
                format!("正则表达式编译后超过 {REGEX_MIB} MiB 上限"),
                format!("the regular expression compiles to more than {REGEX_MIB} MiB"),
            )
            .label(*span, "过大", "too large"),
            E::UnknownName {
                entity,
                name,
                suggestion,
                fields,
                span,
            } => {
                let d = Draft::new(
                    TYPE,
                    format!("实体 `{entity}` 没有字段 `{name}`"),
                    format!("entity `{entity}` has no field `{name}`"),
                )
                .label(*span, "未知字段", "unknown field");
                match suggestion {
                    Some(s) => d.with_help(did_you_mean(s)),
                    None => d.help(
                        format!("`{entity}` 的字段有：{fields}"),
                        format!("the fields of `{entity}` are: {fields}"),
                    ),
                }
            }
            E::BadDate { text, span } => Draft::new(
                "ylcheck::rules::date",
                format!("`{text}` 不是有效日期"),
                format!("`{text}` is not a valid date"),
            )
            .label(*span, "无效日期", "invalid date")
            .help(
                "日期写作 YYYY-MM-DD，月份 1–12，日期在该月之内",
                "dates are YYYY-MM-DD with a real month and day",
            ),
            E::AgreesKinds { a, b, span } => {
                let (x, y) = (a.text(), b.text());
                here(
                    TYPE,
                    *span,
                    format!("agrees 需要同类的两个数量，这里是{}和{}", x.zh, y.zh),
                    format!(
                        "`agrees` compares two like quantities, not {} and {}",
                        x.en, y.en
                    ),
                )
            }
            E::MatchesNotText { what, span } => {
                let w = what.text();
                Draft::new(
                    TYPE,
                    format!("matches 只能用于文本，这里是{}", w.zh),
                    format!("`matches` takes text, this is {}", w.en),
                )
                .label(*span, "不是文本", "not text")
            }
            E::PatternNotText { span } => Draft::new(
                TYPE,
                "matches 的模式应是带引号的文本，或定义为文本的名称（define 名称 = \"…\"）",
                "the pattern of `matches` is quoted text, or the name of a text definition (define NAME = \"…\")",
            )
            .label(*span, "不是文本", "not text"),
            E::SpatialArity {
                func,
                want,
                got,
                span,
            } => here(
                TYPE,
                *span,
                format!("{func} 需要 {want} 个参数，这里有 {got}"),
                format!("`{func}` takes {want} argument(s), not {got}"),
            ),
            E::SpatialNotGeometry { func, what, span } => {
                let w = what.text();
                Draft::new(
                    TYPE,
                    format!("{func} 的参数应是几何图形，这里是{}", w.zh),
                    format!("`{func}` takes geometries, this is {}", w.en),
                )
                .label(*span, "不是几何图形", "not a geometry")
            }
            E::CannotNegate { what, span } => {
                let w = what.text();
                here(
                    TYPE,
                    *span,
                    format!("不能对{}取负", w.zh),
                    format!("cannot negate {}", w.en),
                )
            }
            E::ContainsNotList { what, span } => {
                let w = what.text();
                Draft::new(
                    TYPE,
                    format!("contains_all/contains_any 的左边应为列表字段，这里是{}", w.zh),
                    format!(
                        "`contains_all`/`contains_any` need a list field on the left, this is {}",
                        w.en
                    ),
                )
                .label(*span, "不是列表", "not a list")
                .help(
                    "列表字段在实体中声明为 `list`",
                    "list fields are declared `list` in the entity",
                )
            }
            E::ListItemNotText { span } => here(
                TYPE,
                *span,
                "列表项应为带引号的文本".into(),
                "list items must be quoted text".into(),
            )
            .help("如 [\"全托\", \"日托\"]", "e.g. [\"全托\", \"日托\"]"),
            E::ListOutOfPlace { span } => here(
                TYPE,
                *span,
                "列表只能用在 `in`、`contains_all`、`contains_any` 之后".into(),
                "a list can only follow `in`, `contains_all` or `contains_any`".into(),
            ),
            E::NumberTooLong { digits, span } => here(
                TYPE,
                *span,
                format!("数字 `{digits}` 太长"),
                format!("the number `{digits}` is too long"),
            ),
            E::UnknownUnit {
                unit,
                suggestion,
                span,
            } => {
                let d = Draft::new(
                    TYPE,
                    format!("未知单位 `{unit}`"),
                    format!("unknown unit `{unit}`"),
                )
                .label(*span, "未知单位", "unknown unit");
                match suggestion {
                    Some(s) => d.with_help(did_you_mean(s)),
                    None => d.help(UNITS_ZH, UNITS_EN),
                }
            }
            E::NumberTooLarge { span } => {
                here(TYPE, *span, "数值太大".into(), "number too large".into())
            }
            E::NotAValue {
                text,
                field,
                suggestion,
                values,
                span,
            } => {
                let d = Draft::new(
                    TYPE,
                    format!("`{text}` 不是 `{field}` 的取值"),
                    format!("`{text}` is not a value of `{field}`"),
                )
                .label(*span, "未知取值", "unknown value");
                match suggestion {
                    Some(s) => d.with_help(did_you_mean(s)),
                    None => d.help(
                        format!("可用取值：{}", values.join("、")),
                        format!("the values are: {}", values.join(", ")),
                    ),
                }
            }
            E::AmbiguousPlace { name, all, span } => Draft::new(
                TYPE,
                format!("地名 `{name}` 不止一处"),
                format!("more than one place is called `{name}`"),
            )
            .label(*span, "这个地名", "this place name")
            .help(
                format!("请写全称：{}", all.join("、")),
                format!("write the full name: {}", all.join(", ")),
            ),
            E::UnknownPlace { name, near, span } => {
                let d = Draft::new(
                    TYPE,
                    format!("`{name}` 不是河南省的市、县（区）"),
                    format!("`{name}` is no city or county of 河南省"),
                )
                .label(*span, "这个地名", "this place name");
                match near {
                    Some(n) => d.with_help(did_you_mean(n)),
                    None => d.help(
                        "地名见 rules/gazetteer.toml",
                        "places are listed in rules/gazetteer.toml",
                    ),
                }
            }
            E::Mismatch { sides, a, b, span } => {
                let (what_zh, what_en) = match sides {
                    Sides::IfBranches => ("if 的两个分支", "the branches of `if`"),
                    Sides::Comparison => ("比较的两边", "both sides of a comparison"),
                    Sides::PlusMinus => ("加减的两边", "both sides of `+`/`-`"),
                };
                let (da, db) = (a.text(), b.text());
                let d = Draft::new(
                    DIMENSION,
                    format!("{what_zh}类型不一致：{}与{}", da.zh, db.zh),
                    format!("{what_en} do not match: {} and {}", da.en, db.en),
                )
                .label(*span, "类型不一致", "mismatched here");
                match (a, b) {
                    (Kind::Num(x), Kind::Num(y)) if y.is_number() && !x.is_number() => {
                        let sym = x.base_symbol();
                        d.help(
                            format!("给数字加上单位，如 `50 {sym}`"),
                            format!("give the number a unit, e.g. `50 {sym}`"),
                        )
                    }
                    (Kind::Num(x), Kind::Num(y)) if *x == Dim::AREA || *y == Dim::AREA => d.help(
                        "面积单位：m2、亩、公顷、km2",
                        "area units are m2, 亩, 公顷, km2",
                    ),
                    _ => d.help(
                        "比较和加减只能在同类的量之间进行",
                        "only like quantities can be compared, added or subtracted",
                    ),
                }
            }
            E::DimensionMismatch { op, left, right } => {
                let (dl, dr) = (left.dim, right.dim);
                let d = Draft::new(
                    DIMENSION,
                    format!(
                        "`{op}` 两边的量纲不同：{}与{}",
                        dl.describe(true),
                        dr.describe(true)
                    ),
                    format!(
                        "`{op}` between {} and {}",
                        dl.describe(false),
                        dr.describe(false)
                    ),
                )
                .label(left.span, dl.describe(true), dl.describe(false))
                .label(right.span, dr.describe(true), dr.describe(false));
                let unit = |digits: &str, s: String| {
                    Both::new(
                        format!("给数字加上单位，如 `{digits} {s}`"),
                        format!("give the number a unit, e.g. `{digits} {s}`"),
                    )
                };
                d.with_help(match (&left.bare, &right.bare) {
                    (_, Some(r)) if dr.is_number() && !dl.is_number() => unit(r, dl.base_symbol()),
                    (Some(l), _) if dl.is_number() && !dr.is_number() => unit(l, dr.base_symbol()),
                    _ if dl == Dim::AREA || dr == Dim::AREA => Both::new(
                        "面积单位：m2、亩、公顷、km2；长度单位：m、km",
                        "area units are m2, 亩, 公顷, km2; length units are m, km",
                    ),
                    _ => Both::new(
                        "只有同类的量才能比较或加减",
                        "only like quantities can be compared, added or subtracted",
                    ),
                })
            }
            E::NotOrdered { what, span } => {
                let w = what.text();
                here(
                    TYPE,
                    *span,
                    format!("{}不能比较大小", w.zh),
                    format!("{} cannot be ordered", w.en),
                )
                .help(
                    "只有数量和日期能用 < <= > >=",
                    "only quantities and dates take < <= > >=",
                )
            }
            E::DateArithmetic { span } => here(
                TYPE,
                *span,
                "日期只能相减（得到天数），或加减天数".into(),
                "dates can only be subtracted (giving days) or moved by a number of days".into(),
            )
            .help(
                "如 `date - self.date <= 7`、`as_of - 7`",
                "e.g. `date - self.date <= 7`, `as_of - 7`",
            ),
            E::NotArithmetic { what, span } => {
                let w = what.text();
                Draft::new(
                    TYPE,
                    format!("不能对{}做算术", w.zh),
                    format!("cannot do arithmetic on {}", w.en),
                )
                .label(*span, "不是数量", "not a quantity")
            }
            E::CallArity { func, got, span } => here(
                TYPE,
                *span,
                format!("{func} 需要 1 个参数，这里有 {got}"),
                format!("`{func}` takes 1 argument, not {got}"),
            ),
            E::CallArgument {
                func,
                want,
                what,
                span,
            } => {
                let (w, x) = (want.text(), what.text());
                here(
                    TYPE,
                    *span,
                    format!("{func} 的参数应是{}，这里是{}", w.zh, x.zh),
                    format!("`{func}` takes {}, this is {}", w.en, x.en),
                )
            }
            E::UnknownAggEntity {
                name,
                suggestion,
                span,
            } => dym(
                Draft::new(
                    TYPE,
                    format!("未知实体 `{name}`"),
                    format!("unknown entity `{name}`"),
                )
                .label(*span, "未知实体", "unknown entity"),
                suggestion,
            ),
            E::NearestWithoutBy { span } => here(
                TYPE,
                *span,
                "nearest 需要 `by distance(位置字段, self.位置字段)`".into(),
                "`nearest` needs `by distance(FIELD, self.FIELD)`".into(),
            )
            .help(
                "如 `nearest(name of facility where … by distance(location, self.location))`",
                "e.g. `nearest(name of facility where … by distance(location, self.location))`",
            ),
            E::ByWithoutNearest { span } => here(
                TYPE,
                *span,
                "只有 nearest 可以写 `by`".into(),
                "only `nearest` takes `by`".into(),
            ),
            E::DistinctOf { what, span } => {
                let w = what.text();
                here(
                    TYPE,
                    *span,
                    format!("distinct/nearest 不能取{}", w.zh),
                    format!("`distinct`/`nearest` cannot take {}", w.en),
                )
            }
            E::NotSummable { what, span } => {
                let w = what.text();
                Draft::new(
                    TYPE,
                    format!("只能对数量求和或取极值，这里是{}", w.zh),
                    format!(
                        "only quantities can be summed, averaged or compared, this is {}",
                        w.en
                    ),
                )
                .label(*span, "不是数量", "not a quantity")
            }
            E::BadBy { span } => here(
                TYPE,
                *span,
                "`by` 后应为 distance(位置字段, self.位置字段)".into(),
                "`by` takes distance(FIELD, self.FIELD)".into(),
            ),
            _ => return None,
        })
    }
}

/// The regex crate's message — `regex parse error:`, the pattern with carets
/// under the fault, `error: what` — as what is wrong, for the message, which is
/// drawn on one line, and the pattern and carets, for the help, whose lines
/// miette indents alike, so the carets stay under the fault.
fn regex_parts(error: &str) -> (String, Option<String>) {
    match error.lines().collect::<Vec<_>>().as_slice() {
        [_, diagram @ .., last] if !diagram.is_empty() => (
            last.strip_prefix("error: ").unwrap_or(last).to_string(),
            Some(dedent(diagram)),
        ),
        _ => (error.to_string(), None),
    }
}

/// `lines` joined, less the indent they all share.
fn dedent(lines: &[&str]) -> String {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let shared = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent(l))
        .min()
        .unwrap_or(0);
    let cut: Vec<&str> = lines
        .iter()
        .map(|l| l.get(shared.min(indent(l))..).unwrap_or(l))
        .collect();
    cut.join("\n")
}

#[cfg(test)]
mod tests {
    /// A pattern's fault is said on one line; its carets stay under it.
    #[test]
    fn a_regex_error_is_split_into_what_and_where() {
        let Err(e) = regex_syntax::Parser::new().parse("1[3-9][0-9]{9") else {
            panic!("the pattern is bad");
        };
        let (what, at) = super::regex_parts(&e.to_string());
        assert_eq!(what, "unclosed counted repetition");
        assert_eq!(at.as_deref(), Some("1[3-9][0-9]{9\n           ^^"));
        assert_eq!(super::regex_parts("odd"), ("odd".to_string(), None));
    }
}
