//! The text of errors in a pack's declarations and its tests: coverage claims,
//! definitions, entities and fields, test records, parameters and their
//! overrides.

use super::{DEFINE, DIMENSION, DUPLICATE, LangError, PARAM, TYPE, UNITS_EN, UNITS_ZH, dym};
use crate::diag::{Both, Draft, did_you_mean};
use crate::lang::param_override::{Override, flag_source};
use crate::lang::span::Span;
use crate::units::Dim;
use std::sync::Arc;

impl LangError {
    /// The draft of an error of this stage; `None` for another stage's.
    pub(super) fn pack_draft(&self) -> Option<Draft> {
        use LangError as E;
        Some(match self {
            E::ClaimedAndUnchecked {
                id,
                claim,
                unchecked,
            } => Draft::new(
                "ylcheck::rules::standard-conflict",
                format!("标准 `{id}` 既由规则检查，又声明为 `unchecked`"),
                format!("standard `{id}` is claimed by a rule and also declared `unchecked`"),
            )
            .label(*claim, "规则声明检查它", "a rule claims it here")
            .label(*unchecked, "又声明为无法检查", "declared unchecked here")
            .help(
                "规则只检查其中一部分时改用 `partial` 说明未检查的部分；否则删去 `unchecked` 或规则的 `standard`",
                "if the rules check only part of it, use `partial` to say what is left; otherwise remove the `unchecked` block or the rule's `standard`",
            ),
            E::PartialAndUnchecked {
                id,
                partial,
                unchecked,
            } => Draft::new(
                "ylcheck::rules::standard-conflict",
                format!("标准 `{id}` 既声明为 `partial`，又声明为 `unchecked`"),
                format!("standard `{id}` is declared both `partial` and `unchecked`"),
            )
            .label(*partial, "部分检查", "partly checked here")
            .label(*unchecked, "又声明为无法检查", "declared unchecked here")
            .help(
                "一条标准要么部分检查，要么无法检查：删去其中一个声明",
                "a standard is either partly checked or not checkable: remove one of the two",
            ),
            E::PartialUnclaimed { id, span } => Draft::new(
                "ylcheck::rules::standard-unclaimed",
                format!("标准 `{id}` 声明为 `partial`，但本规则包中没有规则检查它"),
                format!("standard `{id}` is declared `partial`, but no rule of this pack claims it"),
            )
            .label(*span, "没有规则的 `standard` 写这个编号", "no rule's `standard` names this id")
            .help(
                "在检查它的规则中写 `standard \"编号\"`，或改用 `unchecked` 说明无法检查的原因",
                "name it in the checking rule's `standard`, or declare it `unchecked` with the reason",
            ),
            E::DefineTaken { name, span } => Draft::new(
                DEFINE,
                format!("`{name}` 已是字段名或可选值，不能再作为定义的名称"),
                format!("`{name}` is already a field or an enum value; a definition cannot take its name"),
            )
            .label(*span, "换一个名称", "choose another name"),
            E::LetIsDefine { name, span } => Draft::new(
                DEFINE,
                format!("`{name}` 已是本规则包的定义，`let` 不能再用这个名称"),
                format!("`{name}` is a definition of this pack; a `let` cannot take its name"),
            )
            .label(*span, "换一个名称", "choose another name"),
            E::DefinedTwice { name, span } => Draft::new(
                DEFINE,
                format!("`{name}` 定义了两次"),
                format!("`{name}` is defined twice"),
            )
            .label(*span, "第二次定义", "defined again here"),
            E::DefineCycle { name, span } => Draft::new(
                DEFINE,
                format!("定义 `{name}` 直接或间接地用到了它自己"),
                format!("the definition `{name}` uses itself, directly or through others"),
            )
            .label(*span, "循环定义", "defined in a circle"),
            E::DefineTooLarge { span } => {
                let max = crate::lang::defines::MAX_EXPANDED;
                Draft::new(
                    DEFINE,
                    format!("展开定义后超过 {max} 个节点"),
                    format!("more than {max} nodes once its definitions are written out"),
                )
                .label(*span, "展开后过大", "too large written out")
                .help(
                    "用 `let` 保存一次计算的值，而不是让定义层层重复使用",
                    "keep a value computed once in a `let` instead of definitions that repeat each other",
                )
            }
            E::MaybeNotDefinite { name, span } => Draft::new(
                TYPE,
                format!("`maybe` 须列出本枚举中其他确定的取值，`{name}` 不是"),
                format!("`maybe` lists other, definite values of the enum; `{name}` is not one"),
            )
            .label(*span, "不是其他确定的取值", "not another definite value"),
            E::UnitNotOfType {
                unit,
                dim,
                ty,
                span,
            } => Draft::new(
                DIMENSION,
                format!(
                    "单位 `{unit}` 是{}，与类型 `{ty}` 不符",
                    dim.describe(true)
                ),
                format!(
                    "unit `{unit}` is {}, not what `{ty}` holds",
                    dim.describe(false)
                ),
            )
            .label(*span, "单位不符", "wrong unit"),
            E::UnknownFieldUnit { unit, span } => Draft::new(
                "ylcheck::rules::unit",
                format!("未知单位 `{unit}`"),
                format!("unknown unit `{unit}`"),
            )
            .label(*span, "未知单位", "unknown unit")
            .help(UNITS_ZH, UNITS_EN),
            E::TypeTakesNoUnit { ty, span } => Draft::new(
                "ylcheck::rules::unit",
                format!("类型 `{ty}` 不带单位"),
                format!("type `{ty}` takes no unit"),
            )
            .label(*span, "多余的单位", "unexpected unit"),
            E::NotReportable { ty, span } => Draft::new(
                TYPE,
                format!("`{ty}` 不是数量，不能是 reported"),
                format!("`{ty}` is not a quantity and cannot be `reported`"),
            )
            .label(*span, "只有数量可以", "only quantities can be"),
            E::UnknownType {
                name,
                suggestion,
                span,
            } => {
                let d = Draft::new(
                    TYPE,
                    format!("未知字段类型 `{name}`"),
                    format!("unknown field type `{name}`"),
                )
                .label(*span, "未知类型", "unknown type");
                let types = crate::lang::entities::TYPES.join(" ");
                match suggestion {
                    Some(s) => d.with_help(did_you_mean(s)),
                    None => d.help(format!("可用类型：{types}"), format!("the types are: {types}")),
                }
            }
            E::EntityTwice { name, span } => Draft::new(
                DUPLICATE,
                format!("实体 `{name}` 重复声明"),
                format!("entity `{name}` is declared twice"),
            )
            .label(*span, "重复声明", "declared again here")
            .help(
                "用 `extend entity` 为已有实体增加字段",
                "use `extend entity` to add fields to an existing entity",
            ),
            E::ExtendUnknown { name, span } => Draft::new(
                "ylcheck::rules::unknown-entity",
                format!("要扩展的实体 `{name}` 不存在"),
                format!("cannot extend unknown entity `{name}`"),
            )
            .label(*span, "未知实体", "unknown entity"),
            E::FieldTwice { name, span } => Draft::new(
                DUPLICATE,
                format!("字段 `{name}` 重复声明"),
                format!("field `{name}` is declared twice"),
            )
            .label(*span, "重复声明", "declared again here"),
            E::DisjointNotGeometry { name, span } => Draft::new(
                TYPE,
                format!("`disjoint` 要求 geometry 字段，`{name}` 不是"),
                format!("`disjoint` takes a geometry field; `{name}` is not one"),
            )
            .label(*span, "不是 geometry", "not a geometry"),
            E::LevelNotEnum { office, name, span } => {
                let form = if *office { "office_level" } else { "level" };
                Draft::new(
                    TYPE,
                    format!("`or {form}(…)` 只能用于 enum 字段，`{name}` 不是"),
                    format!("`or {form}(…)` belongs to an enum field; `{name}` is not one"),
                )
                .label(*span, "不是 enum", "not an enum")
            }
            E::LevelNotPlace {
                office: false,
                name,
                span,
            } => Draft::new(
                TYPE,
                format!("`or level(…)` 的地名字段 `{name}` 应是 place"),
                format!("the place field `{name}` of `or level(…)` must be a `place`"),
            )
            .label(*span, "不是 place", "not a place"),
            E::LevelNotPlace {
                office: true,
                name,
                span,
            } => Draft::new(
                TYPE,
                format!("`or office_level(…)` 的单位字段 `{name}` 应是 text"),
                format!("the unit field `{name}` of `or office_level(…)` must be a `text`"),
            )
            .label(*span, "不是 text", "not a text"),
            E::LevelValue { value, field, span } => Draft::new(
                TYPE,
                format!("`{value}` 不是 `{field}` 的可选值"),
                format!("`{value}` is not a value of `{field}`"),
            )
            .label(*span, "未知取值", "unknown value"),
            E::PointNotGeometry { name, span } => Draft::new(
                TYPE,
                format!("`or point(…)` 只能用于 geometry 字段，`{name}` 不是"),
                format!("`or point(…)` belongs to a geometry field; `{name}` is not one"),
            )
            .label(*span, "不是 geometry", "not a geometry"),
            E::PointNotNumber { name, span } => Draft::new(
                TYPE,
                format!("点的坐标字段 `{name}` 应是 number"),
                format!("the coordinate field `{name}` of a point must be a `number`"),
            )
            .label(*span, "不是 number", "not a number"),
            E::UnknownField {
                entity,
                name,
                suggestion,
                span,
            } => dym(
                Draft::new(
                    "ylcheck::rules::unknown-field",
                    format!("实体 `{entity}` 没有字段 `{name}`"),
                    format!("entity `{entity}` has no field `{name}`"),
                )
                .label(*span, "未知字段", "unknown field"),
                suggestion,
            ),
            E::CheckNotQuantity { name, span } => Draft::new(
                TYPE,
                format!("`check` 只比较数量字段，`{name}` 不是"),
                format!("`check` compares quantities; `{name}` is not one"),
            )
            .label(*span, "不是数量", "not a quantity"),
            E::CheckDimension { left, span } => Draft::new(
                DIMENSION,
                format!("`check` 两边的量纲不同：`{left}`"),
                format!("the two sides of `check {left}` differ in dimension"),
            )
            .label(*span, "量纲不同", "another dimension"),
            E::CheckNumber { digits, span } => Draft::new(
                "ylcheck::rules::number",
                format!("无法读取数值 `{digits}`"),
                format!("cannot read the number `{digits}`"),
            )
            .label(*span, "数值", "number"),
            E::TestValue { field, span } => test_value(field, *span),
            E::TestValueNotEnum { field, value, span } => test_value(field, *span).help(
                format!("`{value}` 不是 `{field}` 的取值"),
                format!("`{value}` is not a value of `{field}`"),
            ),
            E::TestValueUnit { field, dim, span } => test_value(field, *span).help(
                format!("`{field}` 需要{}的单位", dim.describe(true)),
                format!("`{field}` needs a unit of {}", dim.describe(false)),
            ),
            E::ParamNotNumber { name, span } => Draft::new(
                "ylcheck::rules::param",
                format!("参数 `{name}` 的值应是带单位的数"),
                format!("parameter `{name}` must be a number with its unit"),
            )
            .label(*span, "不是数", "not a number"),
            E::ParamFlag { text } => Draft::new(
                PARAM,
                format!("--param {text}：应写成 名称=值，如 walk_radius=800m"),
                format!("--param {text}: write NAME=VALUE, e.g. walk_radius=800m"),
            ),
            E::OverrideSyntax { given, error } => {
                at_override(given, error.draft(), Both::same(""))
            }
            E::OverrideNotNumber { given } => {
                let shown = shown(given);
                at_override(
                    given,
                    Draft::new(
                        PARAM,
                        format!("{shown}：值应是带单位的数，如 800m"),
                        format!("{shown}: the value must be a number with its unit, e.g. 800m"),
                    ),
                    Both::new("不是带单位的数", "not a number with its unit"),
                )
            }
            E::OverrideDimension { given, want, got } => {
                let (shown, name) = (shown(given), &given.name);
                let describe = |d: &Option<Dim>, zh| d.map_or_else(|| "?".to_string(), |d| d.describe(zh));
                at_override(
                    given,
                    Draft::new(
                        PARAM,
                        format!(
                            "{shown}：规则包声明的 `{name}` 是{}，这里给的是{}",
                            describe(want, true),
                            describe(got, true)
                        ),
                        format!(
                            "{shown}: the packs declare `{name}` as {}, not {}",
                            describe(want, false),
                            describe(got, false)
                        ),
                    ),
                    Both::new("单位不同类", "a unit of another kind"),
                )
            }
            E::OverridePercent {
                given,
                want_percent,
            } => {
                let (shown, name) = (shown(given), &given.name);
                let draft = if *want_percent {
                    Draft::new(
                        PARAM,
                        format!("{shown}：规则包声明的 `{name}` 是百分比（如 5%），这里给的是不带百分号的数；请写成 `{name}=10%` 这样"),
                        format!("{shown}: the packs declare `{name}` as a percentage (such as 5%), not a plain number: write it as `{name}=10%`"),
                    )
                } else {
                    Draft::new(
                        PARAM,
                        format!("{shown}：规则包声明的 `{name}` 是不带单位的数，这里给的是百分比"),
                        format!("{shown}: the packs declare `{name}` as a plain number, not a percentage"),
                    )
                };
                at_override(given, draft, Both::new("缺少或多了 %", "a % missing or extra"))
            }
            E::OverrideUnknown { given, known } => {
                let name = &given.name;
                at_override(
                    given,
                    Draft::new(
                        PARAM,
                        format!("没有规则包声明参数 `{name}`"),
                        format!("no rule pack declares a parameter `{name}`"),
                    )
                    .help(
                        format!("可用的参数：{}", known.join("、")),
                        format!("parameters: {}", known.join(", ")),
                    ),
                    Both::new("未声明的参数", "not a parameter of any pack"),
                )
            }
            _ => return None,
        })
    }
}

fn test_value(field: &str, span: Span) -> Draft {
    Draft::new(
        "ylcheck::rules::test",
        format!("`{field}` 的测试值类型不符"),
        format!("test value does not fit `{field}`"),
    )
    .label(span, "这个值", "this value")
    .help(
        "写成该字段的字面量，如 2000 m2、\"文本\"、true、2022-12-31、[\"全托\"]，或按表格单元格写成文本",
        "write a literal of the field's type, e.g. 2000 m2, \"text\", true, 2022-12-31, [\"全托\"], or text as a spreadsheet cell would hold it",
    )
}

/// An override as its error names it: the flag, or the settings file's line.
fn shown(o: &Override) -> String {
    match o.from {
        None => format!("--param {}={}", o.name, o.value),
        Some(_) => format!("params.{} = {}", o.name, o.value),
    }
}

/// A flag is shown as the declaration it stands for; a value from the settings file
/// is labelled where it is written.
fn at_override(o: &Override, mut d: Draft, label: Both) -> Draft {
    match &o.from {
        None => {
            d.source = Some(("--param".to_string(), Arc::from(flag_source(o).as_str())));
            d
        }
        Some((path, file, span)) => {
            d.source = Some((path.clone(), file.clone()));
            d.labels.push(((*span).into(), label));
            d
        }
    }
}
