//! Builds the [`Schema`] from `entity` and `extend entity` declarations.

use super::ast::{EntityDecl, TypeDecl};
use crate::diag::Diag;
use crate::i18n::{Lang, tr};
use crate::schema::{Entity, Field, FieldType, PointFrom, Schema, Variant};
use crate::units::{self, Dim};

const TYPES: &[&str] = &[
    "text", "place", "locality", "bool", "date", "list", "geometry", "count", "number", "ratio",
    "area", "length", "money",
];

fn field_type(ty: &TypeDecl, lang: Lang) -> Result<FieldType, Diag> {
    let (ty, unit, reported) = match ty {
        TypeDecl::Enum(vs, _) => {
            let mut out = Vec::with_capacity(vs.len());
            for v in vs {
                let mut maybe = Vec::new();
                for m in &v.maybe {
                    // One of the other values, itself definite: `maybe` does not chain.
                    let i = vs
                        .iter()
                        .position(|o| {
                            o.name.name == m.name
                                && o.name.name != v.name.name
                                && o.maybe.is_empty()
                        })
                        .and_then(|i| u16::try_from(i).ok());
                    match i {
                        Some(i) => maybe.push(i),
                        None => {
                            return Err(Diag::error(
                                "ylcheck::rules::type",
                                tr(
                                    lang,
                                    format!(
                                        "`maybe` 须列出本枚举中其他确定的取值，`{}` 不是",
                                        m.name
                                    ),
                                    format!(
                                        "`maybe` lists other, definite values of the enum; `{}` is not one",
                                        m.name
                                    ),
                                ),
                            )
                            .with_label(m.span, lang.pick("不是其他确定的取值", "not another definite value")));
                        }
                    }
                }
                out.push(Variant {
                    name: v.name.name.clone(),
                    labels: v.labels.iter().map(|l| l.text.clone()).collect(),
                    maybe,
                });
            }
            return Ok(FieldType::Enum(out));
        }
        TypeDecl::Named { ty, unit, reported } => (ty, unit, reported),
    };
    let quantity = |dim: Dim, count: bool| -> Result<FieldType, Diag> {
        let unit = match unit {
            None => None,
            Some(u) => match units::lookup(&u.name) {
                Some(def) if def.dim == dim => Some(def),
                Some(def) => {
                    return Err(Diag::error(
                        "ylcheck::rules::dimension",
                        tr(
                            lang,
                            format!(
                                "单位 `{}` 是{}，与类型 `{}` 不符",
                                u.name,
                                def.dim.describe(true),
                                ty.name
                            ),
                            format!(
                                "unit `{}` is {}, not what `{}` holds",
                                u.name,
                                def.dim.describe(false),
                                ty.name
                            ),
                        ),
                    )
                    .with_label(u.span, lang.pick("单位不符", "wrong unit")));
                }
                None => {
                    return Err(Diag::error(
                        "ylcheck::rules::unit",
                        tr(
                            lang,
                            format!("未知单位 `{}`", u.name),
                            format!("unknown unit `{}`", u.name),
                        ),
                    )
                    .with_label(u.span, lang.pick("未知单位", "unknown unit"))
                    .with_help(lang.pick(
                        "可用单位：m2 亩 公顷 km2 m km 元 万元 亿元 % ‰",
                        "known units: m2 亩 公顷 km2 m km 元 万元 亿元 % ‰",
                    )));
                }
            },
        };
        Ok(FieldType::Quantity {
            dim,
            unit,
            count,
            reported: reported.is_some(),
        })
    };
    let no_unit = || -> Result<(), Diag> {
        match unit {
            Some(u) => Err(Diag::error(
                "ylcheck::rules::unit",
                tr(
                    lang,
                    format!("类型 `{}` 不带单位", ty.name),
                    format!("type `{}` takes no unit", ty.name),
                ),
            )
            .with_label(u.span, lang.pick("多余的单位", "unexpected unit"))),
            None => Ok(()),
        }
    };
    let only_quantities = || -> Result<(), Diag> {
        match reported {
            Some(r)
                if matches!(
                    ty.name.as_str(),
                    "text" | "bool" | "date" | "list" | "geometry"
                ) =>
            {
                Err(Diag::error(
                    "ylcheck::rules::type",
                    tr(
                        lang,
                        format!("`{}` 不是数量，不能是 reported", ty.name),
                        format!("`{}` is not a quantity and cannot be `reported`", ty.name),
                    ),
                )
                .with_label(r.span, lang.pick("只有数量可以", "only quantities can be")))
            }
            _ => Ok(()),
        }
    };
    only_quantities()?;
    Ok(match ty.name.as_str() {
        "text" => no_unit().map(|_| FieldType::Text)?,
        // `place county`: see `schema::Field::names_county`.
        "place" if unit.as_ref().is_some_and(|u| u.name == "county") => FieldType::Place,
        "place" => no_unit().map(|_| FieldType::Place)?,
        "locality" => no_unit().map(|_| FieldType::Locality)?,
        "bool" => no_unit().map(|_| FieldType::Bool)?,
        "date" => no_unit().map(|_| FieldType::Date)?,
        "list" => no_unit().map(|_| FieldType::List)?,
        "geometry" => no_unit().map(|_| FieldType::Geometry)?,
        "count" => quantity(Dim::NUMBER, true)?,
        "number" => quantity(Dim::NUMBER, false)?,
        "ratio" => {
            no_unit()?;
            FieldType::Quantity {
                dim: Dim::NUMBER,
                unit: units::lookup("%"),
                count: false,
                reported: reported.is_some(),
            }
        }
        "area" => quantity(Dim::AREA, false)?,
        "length" => quantity(Dim::LENGTH, false)?,
        "money" => quantity(Dim::MONEY, false)?,
        other => match units::lookup(other) {
            Some(def) => FieldType::Quantity {
                dim: def.dim,
                unit: Some(def),
                count: false,
                reported: reported.is_some(),
            },
            None => {
                let d = Diag::error(
                    "ylcheck::rules::type",
                    tr(
                        lang,
                        format!("未知字段类型 `{other}`"),
                        format!("unknown field type `{other}`"),
                    ),
                )
                .with_label(ty.span, lang.pick("未知类型", "unknown type"));
                let help = match super::check::suggest(other, TYPES.iter().copied()) {
                    Some(s) => tr(
                        lang,
                        format!("是不是 `{s}`？"),
                        format!("did you mean `{s}`?"),
                    ),
                    None => tr(
                        lang,
                        format!("可用类型：{}", TYPES.join(" ")),
                        format!("the types are: {}", TYPES.join(" ")),
                    ),
                };
                return Err(d.with_help(help));
            }
        },
    })
}

/// Adds one declaration to the schema. Errors are collected by the caller.
pub fn declare(schema: &mut Schema, decl: &EntityDecl, lang: Lang, errors: &mut Vec<Diag>) {
    let existing = schema
        .entities
        .iter()
        .position(|e| e.name == decl.name.name);
    let idx = match (existing, decl.extend) {
        (Some(_), false) => {
            errors.push(
                Diag::error(
                    "ylcheck::rules::duplicate",
                    tr(
                        lang,
                        format!("实体 `{}` 重复声明", decl.name.name),
                        format!("entity `{}` is declared twice", decl.name.name),
                    ),
                )
                .with_label(decl.name.span, lang.pick("重复声明", "declared again here"))
                .with_help(lang.pick(
                    "用 `extend entity` 为已有实体增加字段",
                    "use `extend entity` to add fields to an existing entity",
                )),
            );
            return;
        }
        (None, true) => {
            errors.push(
                Diag::error(
                    "ylcheck::rules::unknown-entity",
                    tr(
                        lang,
                        format!("要扩展的实体 `{}` 不存在", decl.name.name),
                        format!("cannot extend unknown entity `{}`", decl.name.name),
                    ),
                )
                .with_label(decl.name.span, lang.pick("未知实体", "unknown entity")),
            );
            return;
        }
        (Some(i), true) => i,
        (None, false) => {
            schema.entities.push(Entity {
                name: decl.name.name.clone(),
                checks: Vec::new(),
                key: Vec::new(),
                disjoint: None,
                home: None,
                labels: Vec::new(),
                fields: Vec::new(),
            });
            schema.entities.len() - 1
        }
    };
    let ent = &mut schema.entities[idx];
    ent.labels
        .extend(decl.labels.iter().map(|l| l.text.clone()));
    for f in &decl.fields {
        if ent.fields.iter().any(|x| x.name == f.name.name) {
            errors.push(
                Diag::error(
                    "ylcheck::rules::duplicate",
                    tr(
                        lang,
                        format!("字段 `{}` 重复声明", f.name.name),
                        format!("field `{}` is declared twice", f.name.name),
                    ),
                )
                .with_label(f.name.span, lang.pick("重复声明", "declared again here")),
            );
            continue;
        }
        let names_county = matches!(&f.ty, TypeDecl::Named { ty, unit: Some(u), .. }
            if ty.name == "place" && u.name == "county");
        match field_type(&f.ty, lang) {
            Ok(ty) => ent.fields.push(Field {
                name: f.name.name.clone(),
                ty,
                aliases: f.aliases.iter().map(|a| a.text.clone()).collect(),
                names_county,
            }),
            Err(d) => errors.push(d),
        }
    }
    for c in &decl.checks {
        match invariant(&schema.entities[idx], c, lang) {
            Ok(inv) => schema.entities[idx].checks.push(inv),
            Err(d) => errors.push(d),
        }
    }
    if !decl.key.is_empty() {
        let ent = &schema.entities[idx];
        let mut key = Vec::new();
        for k in &decl.key {
            match slot_of(ent, k, lang) {
                Ok(s) => key.push(s),
                Err(d) => errors.push(d),
            }
        }
        schema.entities[idx].key = key;
    }
    if let Some(g) = &decl.disjoint {
        let ent = &schema.entities[idx];
        match slot_of(ent, g, lang) {
            Ok(s) if ent.fields[s].ty == FieldType::Geometry => {
                schema.entities[idx].disjoint = Some(s);
            }
            Ok(_) => errors.push(
                Diag::error(
                    "ylcheck::rules::type",
                    tr(
                        lang,
                        format!("`disjoint` 要求 geometry 字段，`{}` 不是", g.name),
                        format!("`disjoint` takes a geometry field; `{}` is not one", g.name),
                    ),
                )
                .with_label(g.span, lang.pick("不是 geometry", "not a geometry")),
            ),
            Err(d) => errors.push(d),
        }
    }
    for f in &decl.fields {
        if let Some(decl) = &f.level {
            match level_from(&schema.entities[idx], idx, &f.name, decl, lang) {
                Ok(l) => schema.levels.push(l),
                Err(d) => errors.push(d),
            }
        }
        if let Some((lon, lat)) = &f.point {
            match point_from(&schema.entities[idx], idx, &f.name, lon, lat, lang) {
                Ok(p) => schema.points.push(p),
                Err(d) => errors.push(d),
            }
        }
    }
}

/// Resolves `target … or level(place, province, city, county)`, an enum field
/// that is the level of a place field's place, and `target … or
/// office_level(unit, province, city, county, township)`, the level of the office
/// a text field names.
fn level_from(
    ent: &Entity,
    entity: usize,
    target: &super::ast::Ident,
    decl: &super::ast::LevelDecl,
    lang: Lang,
) -> Result<crate::schema::LevelFrom, Diag> {
    use crate::schema::LevelBy;
    let (t, p) = (slot_of(ent, target, lang)?, slot_of(ent, &decl.from, lang)?);
    let form = match decl.by {
        LevelBy::Place => "level",
        LevelBy::Office => "office_level",
    };
    let wrong = |id: &super::ast::Ident, zh: String, en: String, label: (&str, &str)| {
        Diag::error("ylcheck::rules::type", tr(lang, zh, en))
            .with_label(id.span, lang.pick(label.0, label.1))
    };
    if !matches!(ent.fields[t].ty, FieldType::Enum(_)) {
        return Err(wrong(
            target,
            format!("`or {form}(…)` 只能用于 enum 字段，`{}` 不是", target.name),
            format!(
                "`or {form}(…)` belongs to an enum field; `{}` is not one",
                target.name
            ),
            ("不是 enum", "not an enum"),
        ));
    }
    let (want, want_zh) = match decl.by {
        LevelBy::Place => (FieldType::Place, "place"),
        LevelBy::Office => (FieldType::Text, "text"),
    };
    if ent.fields[p].ty != want {
        let from = &decl.from;
        return Err(wrong(
            from,
            format!("`or {form}(…)` 的字段 `{}` 应是 {want_zh}", from.name),
            format!(
                "the field `{}` of `or {form}(…)` must be a `{want_zh}`",
                from.name
            ),
            (&format!("不是 {want_zh}"), &format!("not a {want_zh}")),
        ));
    }
    let mut out = [None; 4];
    for (o, id) in out.iter_mut().zip(&decl.values) {
        *o = Some(ent.fields[t].ty.variant(&id.name).ok_or_else(|| {
            wrong(
                id,
                format!("`{}` 不是 `{}` 的可选值", id.name, target.name),
                format!("`{}` is not a value of `{}`", id.name, target.name),
                ("未知取值", "unknown value"),
            )
        })?);
    }
    Ok(crate::schema::LevelFrom {
        entity,
        target: t,
        place: p,
        by: decl.by,
        values: out,
    })
}

/// Resolves `target … or point(lon, lat)`: a geometry field made of two numbers.
fn point_from(
    ent: &Entity,
    entity: usize,
    target: &super::ast::Ident,
    lon: &super::ast::Ident,
    lat: &super::ast::Ident,
    lang: Lang,
) -> Result<PointFrom, Diag> {
    let (t, x, y) = (
        slot_of(ent, target, lang)?,
        slot_of(ent, lon, lang)?,
        slot_of(ent, lat, lang)?,
    );
    if ent.fields[t].ty != FieldType::Geometry {
        return Err(Diag::error(
            "ylcheck::rules::type",
            tr(
                lang,
                format!(
                    "`or point(…)` 只能用于 geometry 字段，`{}` 不是",
                    target.name
                ),
                format!(
                    "`or point(…)` belongs to a geometry field; `{}` is not one",
                    target.name
                ),
            ),
        )
        .with_label(target.span, lang.pick("不是 geometry", "not a geometry")));
    }
    for (id, s) in [(lon, x), (lat, y)] {
        let number = matches!(
            ent.fields[s].ty,
            FieldType::Quantity { dim, unit: None, count: false, .. } if dim == Dim::NUMBER
        );
        if !number {
            return Err(Diag::error(
                "ylcheck::rules::type",
                tr(
                    lang,
                    format!("点的坐标字段 `{}` 应是 number", id.name),
                    format!(
                        "the coordinate field `{}` of a point must be a `number`",
                        id.name
                    ),
                ),
            )
            .with_label(id.span, lang.pick("不是 number", "not a number")));
        }
    }
    Ok(PointFrom {
        entity,
        target: t,
        lon: x,
        lat: y,
    })
}

/// A field of `ent` by its canonical name, or an error at `id`.
fn slot_of(ent: &Entity, id: &super::ast::Ident, lang: Lang) -> Result<usize, Diag> {
    ent.fields
        .iter()
        .position(|f| f.name == id.name)
        .ok_or_else(|| {
            Diag::error(
                "ylcheck::rules::unknown-field",
                tr(
                    lang,
                    format!("实体 `{}` 没有字段 `{}`", ent.name, id.name),
                    format!("entity `{}` has no field `{}`", ent.name, id.name),
                ),
            )
            .with_label(id.span, lang.pick("未知字段", "unknown field"))
            .did_you_mean(lang, &id.name, ent.fields.iter().map(|f| f.name.as_str()))
        })
}

/// Resolves `check left op right`: both sides quantities of one dimension, a
/// constant read in the left field's unit unless it carries its own.
fn invariant(
    ent: &Entity,
    c: &super::ast::CheckDecl,
    lang: Lang,
) -> Result<crate::schema::Invariant, Diag> {
    use crate::schema::{Cmp, Invariant, Operand};
    let left = slot_of(ent, &c.left, lang)?;
    let quantity = |s: usize, id: &super::ast::Ident| match &ent.fields[s].ty {
        FieldType::Quantity { dim, unit, .. } => Ok((*dim, *unit)),
        _ => Err(Diag::error(
            "ylcheck::rules::type",
            tr(
                lang,
                format!("`check` 只比较数量字段，`{}` 不是", id.name),
                format!("`check` compares quantities; `{}` is not one", id.name),
            ),
        )
        .with_label(id.span, lang.pick("不是数量", "not a quantity"))),
    };
    let (dim, unit) = quantity(left, &c.left)?;
    let op = match c.op.name.as_str() {
        "<=" => Cmp::Le,
        "<" => Cmp::Lt,
        ">=" => Cmp::Ge,
        _ => Cmp::Gt,
    };
    let mismatch = |span| {
        Diag::error(
            "ylcheck::rules::dimension",
            tr(
                lang,
                format!("`check` 两边的量纲不同：`{}`", c.left.name),
                format!(
                    "the two sides of `check {}` differ in dimension",
                    c.left.name
                ),
            ),
        )
        .with_label(span, lang.pick("量纲不同", "another dimension"))
    };
    let right = match &c.right {
        super::ast::CheckOperand::Field(id) => {
            let s = slot_of(ent, id, lang)?;
            if quantity(s, id)?.0 != dim {
                return Err(mismatch(id.span));
            }
            Operand::Field(s)
        }
        super::ast::CheckOperand::Num { digits, unit: u } => {
            let bad = || {
                Diag::error(
                    "ylcheck::rules::number",
                    tr(
                        lang,
                        format!("无法读取数值 `{}`", digits.name),
                        format!("cannot read the number `{}`", digits.name),
                    ),
                )
                .with_label(digits.span, lang.pick("数值", "number"))
            };
            let n = crate::num::Q::parse_decimal(&digits.name).ok_or_else(bad)?;
            let written = match u {
                Some(u) => match units::lookup(&u.name) {
                    Some(def) if def.dim == dim => Some(def),
                    _ => return Err(mismatch(u.span)),
                },
                None => unit,
            };
            let v = match written {
                Some(def) => def.to_base(n).ok_or_else(bad)?,
                None => n,
            };
            Operand::Const(v)
        }
    };
    Ok(Invariant {
        left,
        op,
        right,
        zh: c.message.zh.text.clone(),
        en: c.message.en.text.clone(),
    })
}
