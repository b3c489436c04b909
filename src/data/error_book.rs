//! The rest of the data stage's errors in both languages: maps, records,
//! workbooks and copies of tables ([`DataError::draft`] goes on here).

use super::text::{ENCODING, ENTITY, HEADER, THIS_FEATURE, TOO_LARGE, at, entity_help, shown};
use super::{DataError, Excess, Misnamed};
use crate::diag::{Both, Draft};
use std::sync::Arc;

impl DataError {
    /// [`DataError::draft`] of maps and records.
    pub(super) fn draft_records(&self) -> Draft {
        use DataError as E;
        match self {
            E::NoGeometryField { at: e, entity } => at(
                Draft::new(
                    "ylcheck::geojson::no_geometry_field",
                    format!("“{}”没有几何字段，无法读取要素的图形", entity.zh()),
                    format!(
                        "entity {} has no geometry field to hold the feature's shape",
                        entity.name
                    ),
                )
                .help(
                    "在规则包的 entity 中声明一个 geometry 字段",
                    "declare a `geometry` field in the rule pack's entity",
                ),
                e,
                THIS_FEATURE,
            ),
            E::Map { at: e, code, zh, en } => at(
                Draft::new(code, zh.clone(), en.clone()).help(
                    "GeoJSON 应为经纬度坐标的 FeatureCollection，要素为 Point、Polygon 或 MultiPolygon",
                    "GeoJSON must be a FeatureCollection in longitude–latitude, of Point, Polygon or MultiPolygon features",
                ),
                e,
                ("此处", "here"),
            ),
            E::UnknownFeatureEntity {
                at: e,
                index,
                name,
                entities,
            } => {
                let n = index + 1;
                let names = shown(entities);
                at(
                    Draft::new(
                        "ylcheck::geojson::unknown_entity",
                        format!("第 {n} 个要素的实体“{name}”未知"),
                        format!("feature {n} names an unknown entity \"{name}\""),
                    )
                    .help(
                        format!("已知实体：{}", names.zh),
                        format!("known entities: {}", names.en),
                    ),
                    e,
                    THIS_FEATURE,
                )
            }
            E::NoFeatureEntity {
                at: e,
                index,
                entities,
            } => {
                let n = index + 1;
                let names = shown(entities);
                at(
                    Draft::new(
                        "ylcheck::geojson::no_entity",
                        format!("第 {n} 个要素没有说明它是什么数据（缺少表示数据类别的属性）"),
                        format!("feature {n} does not say what it is (an `entity` property)"),
                    )
                    .help(
                        format!("给要素加上 \"entity\" 属性，或用 --entity 指定；已知实体：{}", names.zh),
                        format!("add an \"entity\" property to the feature, or pass --entity; known entities: {}", names.en),
                    ),
                    e,
                    THIS_FEATURE,
                )
            }
            E::TotalRow { at: e, text, more } => {
                let mut d = Draft::new(
                    "ylcheck::data::total_row",
                    format!("“{text}”行是合计行，不是一条记录：不作检查，也不计入统计"),
                    format!(
                        "the \"{text}\" row is a total, not a record: it is neither checked nor counted"
                    ),
                )
                .note();
                if *more > 0 {
                    d.message.zh.push_str(&format!("（另有 {more} 行合计行同样不计）"));
                    d.message.en.push_str(&format!(
                        " (and {more} more total rows, likewise left out)"
                    ));
                }
                at(d, e, ("合计行", "total row"))
            }
            E::Invariant {
                at: e,
                line,
                zh,
                en,
                rule_zh,
                rule_en,
                bound,
            } => at(
                Draft::new(
                    "ylcheck::data::invariant",
                    format!("第 {line} 行：{zh}（{rule_zh}），用到这些数的检查无法判断"),
                    format!("line {line}: {en} ({rule_en}); checks that use these figures are unknown"),
                )
                .help(
                    "请核对这一行的数据；在改正之前，读取这些数的规则都记为无法判断",
                    "check the record's figures; until they agree, rules reading them are unknown",
                ),
                e,
                if *bound {
                    ("超出可能的范围", "out of the possible range")
                } else {
                    ("与本行其他数据矛盾", "contradicts the rest of the record")
                },
            ),
            E::UnknownValue {
                at: e,
                text,
                field,
                guess,
                allowed,
                tally: t,
            } => {
                let shown_en = match &field.label {
                    Some(a) => format!("`{}` ({a})", field.name),
                    None => format!("`{}`", field.name),
                };
                let shown_zh = field.zh();
                let allowed_zh = allowed
                    .iter()
                    .map(|(_, labels)| labels.join("、"))
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("；");
                let allowed_en = allowed
                    .iter()
                    .map(|(name, labels)| match labels.is_empty() {
                        true => format!("`{name}`"),
                        false => format!("`{name}` ({})", labels.join(", ")),
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                let help = match guess {
                    Some((z, n)) => Both::new(
                        format!("是不是“{z}”？可选值：{allowed_zh}"),
                        format!("did you mean \"{n}\"? allowed values: {allowed_en}"),
                    ),
                    None => Both::new(
                        format!("可选值：{allowed_zh}"),
                        format!("allowed values: {allowed_en}"),
                    ),
                };
                let more = t.words();
                at(
                    Draft::new(
                        "ylcheck::data::unknown_value",
                        format!("“{text}”不是“{shown_zh}”的可选值，这些记录的相关检查无法判断{}", more.zh),
                        format!(
                            "\"{text}\" is not an allowed value of {shown_en}; checks needing it are unknown for these records{}",
                            more.en
                        ),
                    )
                    .with_help(help)
                    .warning(),
                    e,
                    ("未知取值", "unknown value"),
                )
            }
            E::FractionOrPercent {
                at: e,
                field,
                header,
                percent,
                example,
                percent_example: pct,
                tally: t,
            } => {
                let (wz, we) = match header {
                    Some(h) => (h.as_str(), h.as_str()),
                    None => (field.zh(), field.name.as_str()),
                };
                let help = if let Some(base) = percent {
                    Both::new(
                        format!(
                            "写明是哪一种：若确是百分数，写作“{example}%”；若是小数，写作“{pct}”；整列都是小数时，表头写作“{base}（小数）”"
                        ),
                        format!(
                            "say which: write \"{example}%\" if it is percent points, \"{pct}\" if it is a fraction; head a column of fractions \"{base}（小数）\""
                        ),
                    )
                } else if header.is_none() {
                    // A plan's key or a map's property: each value is written on its own.
                    Both::new(
                        format!("写明单位：写作 \"{pct}\"（若确是 {example}%，写作 \"{example}%\"）"),
                        format!(
                            "say which: {} = \"{pct}\" (or \"{example}%\" if that is what it is)",
                            field.name
                        ),
                    )
                } else {
                    Both::new(
                        format!(
                            "写明单位：在数值后加 %（写作“{pct}”），或在表头写明单位，如“{wz}（%）”；若列中是小数，表头写作“{wz}（小数）”"
                        ),
                        format!(
                            "say which: write the value with its unit (\"{pct}\"), or put the unit in the header, e.g. \"{we}（%）\", or \"{we}（小数）\" for a column of fractions"
                        ),
                    )
                };
                let more = t.words();
                at(
                    Draft::new(
                        "ylcheck::data::fraction_or_percent",
                        format!(
                            "“{wz}”中 0 到 1 之间的数无法判断是小数还是百分数：“{example}”是 {example}% 还是 {pct}？这些值按无法判断处理{}",
                            more.zh
                        ),
                        format!(
                            "the numbers between 0 and 1 in \"{we}\" may be fractions or percent points: is \"{example}\" {example} % or {pct}? they are treated as unknown{}",
                            more.en
                        ),
                    )
                    .with_help(help)
                    .warning(),
                    e,
                    ("小数还是百分数？", "fraction or percent?"),
                )
            }
            _ => self.draft_workbook(),
        }
    }

    /// [`DataError::draft`] of workbooks and copies.
    fn draft_workbook(&self) -> Draft {
        use DataError as E;
        const XLSX: &str = "ylcheck::data::xlsx";
        const RESAVE: (&str, &str) = (
            "请用 Excel 或 WPS 打开后另存为 .xlsx 再试",
            "open it in Excel or WPS, save it again as .xlsx and retry",
        );
        const DAMAGED: (&str, &str) = (
            "文件已损坏：请用 Excel 或 WPS 打开后另存为 .xlsx 再试",
            "the workbook is damaged: open it in Excel or WPS, save it again as .xlsx and retry",
        );
        let sheet_source = |d: Draft, path: &str| d.source_at(path, Arc::from(""), 1);
        match self {
            E::Corrupt { path, reason } => {
                let (rz, re) = match reason {
                    Some(r) => (r.as_str(), r.as_str()),
                    None => ("文件结构损坏", "malformed"),
                };
                Draft::new(
                    XLSX,
                    format!("{path}：无法读取这个 Excel 文件（{rz}）"),
                    format!("{path}: cannot read this Excel workbook ({re})"),
                )
                .help(RESAVE.0, RESAVE.1)
            }
            E::NotWorkbook { path, kind } => {
                let (zh, en) = match kind {
                    Misnamed::Xls => (
                        "这是旧版 Excel 97-2003 工作簿（.xls），不是 .xlsx",
                        "this is an old Excel 97-2003 workbook (.xls), not .xlsx",
                    ),
                    Misnamed::Text => (
                        "内容是文本而不是 Excel 工作簿，可能是改了扩展名的 CSV",
                        "its content is text, not an Excel workbook: perhaps a CSV with the wrong extension",
                    ),
                    Misnamed::Unknown => ("不是 Excel 工作簿", "not an Excel workbook"),
                };
                Draft::new(XLSX, format!("{path}：{zh}"), format!("{path}: {en}")).help(
                    "请用 Excel 或 WPS 打开后另存为 .xlsx，或把 CSV 文件改回 .csv 扩展名",
                    "open it in Excel or WPS and save it as .xlsx, or give a CSV its .csv extension",
                )
            }
            E::SheetTooLarge { path } => Draft::new(
                TOO_LARGE,
                format!("{path}：工作表内容超过 1 GiB 的上限"),
                format!("{path}: the sheet holds more than the 1 GiB limit"),
            )
            .help(
                "请按地区拆分成多个文件",
                "split it into several files, e.g. by region",
            ),
            E::PartTooLarge { path, part, excess } => {
                use crate::data::parts::{MAX_PART, MAX_RUN};
                let mib = |n: u64| n >> 20;
                let (zh, en) = match excess {
                    Excess::Declared(n) => (
                        format!(
                            "{path}：部件 {part} 声明解压后有 {n} 字节，超过 {} MiB 的上限",
                            mib(MAX_PART)
                        ),
                        format!(
                            "{path}: part {part} declares {n} bytes uncompressed, more than the {} MiB limit",
                            mib(MAX_PART)
                        ),
                    ),
                    Excess::Inflated => (
                        format!("{path}：部件 {part} 解压后超过 {} MiB 的上限", mib(MAX_PART)),
                        format!(
                            "{path}: part {part} inflates to more than the {} MiB limit",
                            mib(MAX_PART)
                        ),
                    ),
                    Excess::Run(at) => (
                        format!(
                            "{path}：部件 {part} 解压后第 {at} 字节起有一段超过 {} MiB 的文字或标记",
                            mib(MAX_RUN)
                        ),
                        format!(
                            "{path}: part {part} holds a run of text or a tag longer than {} MiB, from byte {at} of the inflated part",
                            mib(MAX_RUN)
                        ),
                    ),
                };
                Draft::new(TOO_LARGE, zh, en).help(
                    "文件解压后过大，可能已损坏或并非正常的表格；请用 Excel 或 WPS 打开后另存为 .xlsx，或按地区拆分",
                    "the workbook inflates to far more than it holds: it may be damaged or not a real table; open it in Excel or WPS and save it again as .xlsx, or split it by region",
                )
            }
            E::SharedStrings { path, part, count } => {
                let most = crate::data::shared_strings::MAX_SHARED_STRINGS;
                Draft::new(
                    XLSX,
                    format!("{path}：{part} 声明有 {count} 个共享字符串，超过上限 {most}，文件结构可能已损坏"),
                    format!("{path}: {part} declares {count} shared strings, more than the limit of {most}; the workbook is probably damaged"),
                )
                .help(RESAVE.0, RESAVE.1)
            }
            E::RowBeyondExcel { path, row, max } => {
                Draft::new(
                    XLSX,
                    format!("{path}：单元格位于第 {row} 行，超出 Excel 的最大行数 {max}"),
                    format!("{path}: a cell in row {row}, beyond Excel's last row, {max}"),
                )
                .help(DAMAGED.0, DAMAGED.1)
            }
            E::ColumnsBeyond { path, row, max } => Draft::new(
                "ylcheck::data::too_many_columns",
                format!("{path}：第 {row} 行有超过 {max} 列的数据"),
                format!("{path}: row {row} has data beyond {max} columns"),
            )
            .help(
                "请删除表格右侧多余的内容",
                "remove what lies to the right of the table",
            ),
            E::VeryHiddenSheet { path, sheet } => sheet_source(
                Draft::new(
                    "ylcheck::data::very_hidden_sheet",
                    format!("{path}：工作表“{sheet}”被设为深度隐藏（veryHidden），在 Excel 中看不到，未作为数据读取"),
                    format!("{path}: sheet `{sheet}` is very hidden (veryHidden), out of sight in Excel, and was not read as data"),
                )
                .help(
                    "若其中是要检查的数据，请在 VBA 编辑器中把该表的 Visible 设为 xlSheetVisible 后另存",
                    "if it holds data to check, set the sheet's Visible to xlSheetVisible in the VBA editor and save again",
                )
                .warning(),
                &format!("{path}!{sheet}"),
            ),
            E::HiddenSheet { path, sheet } => sheet_source(
                Draft::new(
                    "ylcheck::data::hidden_sheet",
                    format!("{path}：工作表“{sheet}”是隐藏的，仍作为数据读取；其中与可见工作表重复的记录以可见的为准"),
                    format!("{path}: sheet `{sheet}` is hidden; it is read as data all the same, but a record of it that repeats one of a visible sheet gives way to that one"),
                )
                .help(
                    "隐藏的工作表可在 Excel 中取消隐藏；若其中不是要检查的数据，请删除它",
                    "a hidden sheet can be unhidden in Excel; if it is not data to check, delete it",
                )
                .note(),
                &format!("{path}!{sheet}"),
            ),
            E::SheetUnrecognised {
                at: e,
                skipped,
                entities,
            } => {
                let d = if *skipped {
                    Draft::new(
                        "ylcheck::data::sheet_skipped",
                        "无法从表头判断这个工作表是哪类数据，已跳过",
                        "cannot tell from its header which entity this sheet holds; skipped",
                    )
                    .warning()
                } else {
                    Draft::new(
                        ENTITY,
                        "无法从表头判断这个工作表是哪类数据",
                        "cannot tell from its header which entity this sheet holds",
                    )
                };
                let mut d = at(d, e, HEADER);
                d.help = Some(entity_help(entities));
                d
            }
            E::EmptyWorkbook { path } => Draft::new(
                "ylcheck::data::empty",
                format!("{path}：工作簿里没有数据"),
                format!("{path}: the workbook holds no data"),
            )
            .help(
                "请提供带表头的数据文件",
                "give a data file with a header row",
            ),
            E::StaleFormula {
                at: e,
                sheet,
                count: n,
                cell,
            } => {
                let first = cell.clone().unwrap_or_default();
                let mut d = at(
                    Draft::new(
                        "ylcheck::data::stale_formula",
                        format!("工作表“{sheet}”有 {n} 个公式单元格（第一个是 {first}），工作簿要求打开时重新计算（fullCalcOnLoad），保存的值可能与 Excel 显示的不同，用到它们的检查无法判断"),
                        format!("sheet `{sheet}` has {n} formula cell(s) (the first is {first}) and the workbook asks to be recalculated on opening (fullCalcOnLoad): their saved values may not be what Excel shows, so checks using them are unknown"),
                    )
                    .help(
                        "在 Excel 或 WPS 中打开并保存一次（保存计算后的值），或把公式单元格复制后“粘贴为数值”",
                        "open and save the workbook once in Excel or WPS (saving the computed values), or paste the formula cells as values",
                    )
                    .warning(),
                    e,
                    ("公式", "formula"),
                );
                d.cell = cell.clone();
                d
            }
            E::Outside { path, row, col } => {
                let (r, c) = (u64::from(*row) + 1, u64::from(*col) + 1);
                Draft::new(
                    XLSX,
                    format!("{path}：单元格（第 {r} 行第 {c} 列）超出 Excel 或 ylcheck 的范围"),
                    format!("{path}: a cell (row {r}, column {c}) lies beyond what Excel or ylcheck allows"),
                )
                .help(DAMAGED.0, DAMAGED.1)
            }
            E::Undecodable { path } => Draft::new(
                ENCODING,
                format!("{path}：无法解码"),
                format!("{path}: cannot be decoded"),
            ),
            E::TooManyRows { path, line, max } => {
                Draft::new(
                    "ylcheck::data::too_many_rows",
                    format!("{path}：第 {line} 行超出 Excel 工作表的最大行数 {max}，无法复制为工作簿"),
                    format!("{path}: line {line} lies past Excel's last row, {max}; it cannot be copied into a workbook"),
                )
                .help("请按地区拆分文件", "split the file, e.g. by region")
            }
            E::RecordQuote { path, line, byte } => Draft::new(
                "ylcheck::data::quote",
                format!("{path}：第 {line} 行起的记录引号不配对（字节 {byte}）"),
                format!("{path}: unbalanced quote in the record from line {line} (byte {byte})"),
            ),
            E::LineTooWide { path, line, max } => Draft::new(
                "ylcheck::data::too_many_columns",
                format!("{path}：第 {line} 行有超过 {max} 列"),
                format!("{path}: line {line} has more than {max} columns"),
            ),
            // Every variant is drafted above: the tests hold each to a code and text.
            _ => Draft::new("", "", ""),
        }
    }
}
