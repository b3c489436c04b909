//! `ylcheck template`: the table a county fills in, as the packs define it. The
//! headers carry their units (`建筑面积（平方米）`), so a bare number is read as
//! meant; the workbook offers each enum's labels as a drop-down and says, field by
//! field, what to enter and which standards use it. `--fields` prints the same data
//! dictionary as Markdown (`docs/fields.md`).

use super::error::CliError;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, Formula, Workbook,
    XlsxError,
};
use std::collections::BTreeSet;
use ylcheck::i18n::{Lang, tr};
use ylcheck::pack::RuleSet;
use ylcheck::schema::{Entity, EntityId, Field, FieldType};

/// Rows of the data sheet that carry the drop-downs and number checks.
const ROWS: u32 = 10_000;

/// A field's column header: its first Chinese name (or its name in English) and,
/// for a measured quantity, the unit a bare number is read in.
pub fn header(f: &Field, lang: Lang) -> String {
    let name = match lang {
        Lang::Zh => f.aliases.first().map_or(f.name.as_str(), String::as_str),
        Lang::En => f.name.as_str(),
    };
    if name.contains('（') || name.contains('(') {
        return name.to_string();
    }
    match unit_word(f, lang) {
        Some(u) => match lang {
            Lang::Zh => format!("{name}（{u}）"),
            Lang::En => format!("{name} ({u})"),
        },
        None => name.to_string(),
    }
}

/// The unit of a quantity that is no count, as a reader writes it: `平方米`, `%`.
fn unit_word(f: &Field, lang: Lang) -> Option<&'static str> {
    let FieldType::Quantity {
        dim, unit, count, ..
    } = &f.ty
    else {
        return None;
    };
    if *count {
        return None;
    }
    let u = unit.or_else(|| ylcheck::units::base_unit(*dim))?;
    let chinese = |s: &&&str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    Some(match lang {
        Lang::Zh => u
            .spellings
            .iter()
            .find(chinese)
            .copied()
            .unwrap_or(u.symbol),
        Lang::En => u.symbol,
    })
}

/// The values an enum or yes/no field allows, as a reader writes them.
fn allowed(f: &Field, lang: Lang) -> Vec<String> {
    match &f.ty {
        FieldType::Enum(vs) => vs
            .iter()
            .map(|v| match lang {
                Lang::Zh => v.labels.first().unwrap_or(&v.name).clone(),
                Lang::En => v.name.clone(),
            })
            .collect(),
        FieldType::Bool => match lang {
            Lang::Zh => vec!["是".into(), "否".into()],
            Lang::En => vec!["yes".into(), "no".into()],
        },
        _ => Vec::new(),
    }
}

/// What kind of value a field takes, in words.
fn kind(f: &Field, lang: Lang) -> String {
    let (zh, en) = match &f.ty {
        FieldType::Text => ("文字", "text"),
        FieldType::Place => ("地名（县区或市）", "place (county or city)"),
        FieldType::Locality => (
            "街道、乡镇、社区或村的名称",
            "street, town, community or village",
        ),
        FieldType::Bool => ("是/否", "yes/no"),
        FieldType::Date => ("日期", "date"),
        FieldType::List => ("列表，以“、”分隔", "list, items separated by 、"),
        FieldType::Quantity { count: true, .. } => ("数量", "count"),
        FieldType::Quantity { .. } => ("数值", "number"),
        FieldType::Enum(_) => ("选项", "one of the values"),
        FieldType::Geometry => ("位置（WKT，经纬度）", "location (WKT, longitude–latitude)"),
    };
    let word = lang.pick(zh, en).to_string();
    match unit_word(f, lang) {
        Some(u) => format!("{word}，{u}"),
        None => word,
    }
}

/// A value a reader could enter, to show the form.
fn example(f: &Field, lang: Lang) -> String {
    match &f.ty {
        FieldType::Text => lang
            .pick("城东街道综合养老服务中心", "Chengdong centre")
            .into(),
        FieldType::Place => "开封市祥符区".into(),
        FieldType::Locality => "城东街道".into(),
        FieldType::Bool | FieldType::Enum(_) => {
            allowed(f, lang).into_iter().next().unwrap_or_default()
        }
        FieldType::Date => "2026-01-01".into(),
        FieldType::List => lang.pick("助餐、助浴", "meals、bathing").into(),
        FieldType::Quantity { count: true, .. } => "30".into(),
        FieldType::Quantity { .. } => match unit_word(f, Lang::En) {
            Some("%") => "55".into(),
            _ => "1200".into(),
        },
        FieldType::Geometry => "POINT (114.35 34.79)".into(),
    }
}

/// The standards whose rules read each field of `entity`, by slot.
fn used_by(set: &RuleSet, entity: EntityId) -> Vec<BTreeSet<&str>> {
    let mut out = vec![BTreeSet::new(); set.schema.entities[entity].fields.len()];
    for r in &set.rules {
        for (e, s) in r.reads() {
            if e == entity
                && let Some(ids) = out.get_mut(s)
            {
                ids.extend(r.standards.iter().map(String::as_str));
            }
        }
    }
    // 经度 and 纬度 are read as the location they make.
    for p in set.schema.points_of(entity) {
        let ids = out.get(p.target).cloned().unwrap_or_default();
        for s in [p.lon, p.lat] {
            if let Some(x) = out.get_mut(s) {
                x.extend(ids.iter().copied());
            }
        }
    }
    out
}

fn label(e: &Entity, lang: Lang) -> &str {
    match lang {
        Lang::Zh => e.labels.first().unwrap_or(&e.name),
        Lang::En => &e.name,
    }
}

/// The entity named `name`, or an error with the closest name there is.
pub fn entity(set: &RuleSet, name: &str) -> Result<EntityId, CliError> {
    set.schema
        .entity(name)
        .ok_or_else(|| CliError::unknown_entity(set, name, false))
}

/// The entities there are, one a line, for `ylcheck template` alone.
pub fn list(set: &RuleSet, lang: Lang) -> String {
    let mut out = String::from(lang.pick(
        "可用的实体（ylcheck template 实体名 打印其表头）：\n",
        "entities (ylcheck template ENTITY prints its headers):\n",
    ));
    for e in &set.schema.entities {
        out.push_str(&tr(
            lang,
            format!(
                "  {:<16} {}，{} 个字段\n",
                e.name,
                e.labels.join("、"),
                e.fields.len()
            ),
            format!(
                "  {:<16} {}; {} fields\n",
                e.name,
                e.labels.join(", "),
                e.fields.len()
            ),
        ));
    }
    out
}

/// The CSV template: a UTF-8 byte-order mark (Excel opens the file garbled
/// without one) and the header row.
pub fn csv(set: &RuleSet, entity: EntityId, lang: Lang) -> Vec<u8> {
    let headers: Vec<String> = set.schema.entities[entity]
        .fields
        .iter()
        .map(|f| header(f, lang))
        .collect();
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    // Writing to memory cannot fail.
    let _ = w.write_record(&headers);
    w.into_inner().unwrap_or_default()
}

/// The data dictionary of every entity, as Markdown.
pub fn fields_markdown(set: &RuleSet, lang: Lang) -> String {
    let cell = ylcheck::escape::markdown;
    let mut out = String::from(lang.pick(
        "# 数据字段 / Data fields\n\n由 `ylcheck --lang zh template --fields` 生成，`tests/it/templates.rs` 保持其为最新。每个实体一张表：表头（带单位）、字段名、类型、允许的值和读取该字段的标准。\n",
        "# Data fields\n\nGenerated by `ylcheck --lang en template --fields`. One table per entity: the header (with its unit), the field, its kind, the values allowed and the standards that read it.\n",
    ));
    for (e, ent) in set.schema.entities.iter().enumerate() {
        let used = used_by(set, e);
        out.push_str(&format!(
            "\n## {} `{}`\n\n",
            cell(&ent.labels.join("、")),
            ent.name
        ));
        out.push_str(lang.pick(
            "| 表头 | 字段 | 类型 | 允许的值 | 使用它的标准 |\n|---|---|---|---|---|\n",
            "| Header | Field | Kind | Values | Standards using it |\n|---|---|---|---|---|\n",
        ));
        for (s, f) in ent.fields.iter().enumerate() {
            let values = allowed(f, lang).join(lang.pick("、", ", "));
            let ids: Vec<&str> = used.get(s).into_iter().flatten().copied().collect();
            out.push_str(&format!(
                "| {} | `{}` | {} | {} | {} |\n",
                cell(&header(f, lang)),
                f.name,
                cell(&kind(f, lang)),
                if values.is_empty() {
                    "—".into()
                } else {
                    cell(&values)
                },
                if ids.is_empty() {
                    "—".into()
                } else {
                    ids.join(", ")
                },
            ));
        }
    }
    out
}

/// The workbook template: the entity's sheet with its headers, a drop-down for
/// every enum and yes/no column, a number check for quantities (a warning, so
/// a value the check does not foresee can still be kept), and a `填报说明` sheet.
pub fn xlsx(set: &RuleSet, entity: EntityId, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let ent = &set.schema.entities[entity];
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let choices_name = lang.pick("选项", "choices");
    let help_name = lang.pick("填报说明", "how to fill in");
    {
        let sheet = book.add_worksheet();
        sheet.set_name(label(ent, lang))?;
        sheet.set_freeze_panes(1, 0)?;
        let mut choice_col = 0u16;
        for (c, f) in ent.fields.iter().enumerate() {
            let c = u16::try_from(c).map_err(|_| XlsxError::ParameterError("columns".into()))?;
            let head = header(f, lang);
            sheet.write_string_with_format(0, c, &head, &bold)?;
            let width = unicode_width::UnicodeWidthStr::width(head.as_str());
            sheet.set_column_width(c, (width as f64 + 2.0).max(10.0))?;
            let values = allowed(f, lang);
            let check = if values.is_empty() {
                match &f.ty {
                    FieldType::Quantity { count: true, .. } => Some(
                        DataValidation::new()
                            .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
                    ),
                    FieldType::Quantity { .. } => Some(
                        DataValidation::new()
                            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
                    ),
                    _ => None,
                }
            } else {
                // A list sheet, not an inline list: Excel limits those to 255
                // characters, and the facility kinds alone are longer.
                let col = column_letters(choice_col);
                choice_col += 1;
                let last = values.len();
                Some(
                    DataValidation::new().allow_list_formula(Formula::new(format!(
                        "='{choices_name}'!${col}$2:${col}${}",
                        last + 1
                    ))),
                )
            };
            if let Some(v) = check {
                let v = v
                    .set_error_style(DataValidationErrorStyle::Warning)
                    .set_input_title(truncate(&head, 32))?
                    .set_input_message(truncate(&kind(f, lang), 255))?;
                sheet.add_data_validation(1, c, ROWS, c, &v)?;
            }
        }
    }
    {
        let sheet = book.add_worksheet();
        sheet.set_name(help_name)?;
        let heads: [&str; 6] = match lang {
            Lang::Zh => ["表头", "字段", "类型", "允许的值", "示例", "使用它的标准"],
            Lang::En => [
                "Header",
                "Field",
                "Kind",
                "Values",
                "Example",
                "Standards using it",
            ],
        };
        for (c, h) in (0u16..).zip(heads) {
            sheet.write_string_with_format(0, c, h, &bold)?;
        }
        let used = used_by(set, entity);
        for (r, (s, f)) in (1u32..).zip(ent.fields.iter().enumerate()) {
            let ids: Vec<&str> = used.get(s).into_iter().flatten().copied().collect();
            let row = [
                header(f, lang),
                f.name.clone(),
                kind(f, lang),
                allowed(f, lang).join(lang.pick("、", ", ")),
                example(f, lang),
                ids.join(", "),
            ];
            for (c, text) in (0u16..).zip(row) {
                sheet.write_string(r, c, text)?;
            }
        }
        for (c, w) in (0u16..).zip([28.0, 22.0, 22.0, 60.0, 26.0, 30.0]) {
            sheet.set_column_width(c, w)?;
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    {
        let sheet = book.add_worksheet();
        sheet.set_name(choices_name)?;
        let mut col = 0u16;
        for f in &ent.fields {
            let values = allowed(f, lang);
            if values.is_empty() {
                continue;
            }
            sheet.write_string_with_format(0, col, header(f, lang), &bold)?;
            for (r, v) in (1u32..).zip(values) {
                sheet.write_string(r, col, v)?;
            }
            col += 1;
        }
        sheet.set_hidden(true);
    }
    book.save_to_buffer()
}

/// `A`, `B`, … `Z`, `AA`: a column's letters.
fn column_letters(mut c: u16) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + (c % 26) as u8));
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.iter().rev().collect()
}

/// At most `n` characters (Excel's limits on a validation's title and message).
fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::column_letters;

    #[test]
    fn column_letters_count_like_a_sheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
