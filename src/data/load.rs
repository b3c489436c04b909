//! The one entry point for every input: detect, decode, parse, then add to the
//! dataset all at once, so a file that fails leaves the dataset as it was.

// A `DataError` is large for a `Result`, but it ends a file's loading, off the hot path.

use super::ctx::{Ctx, Loaded, MAX_CELL, MAX_INPUT, MAX_TREE_INPUT};
use super::{Dataset, Input, Source, csv, decode, plan, xlsx};
use crate::data::error::DataError;
use crate::schema::{EntityId, Schema};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Delimited text (CSV, TSV, Excel's "Unicode text").
    Csv,
    /// A TOML plan: `[plan]` and `[[entity]]` tables.
    Plan,
    /// An Excel workbook (`.xlsx`): every sheet a table, read whole.
    Xlsx,
    /// A GeoJSON FeatureCollection in longitude–latitude.
    GeoJson,
}

impl Format {
    /// By extension; for standard input (`-`) or a name without one, by content.
    /// `None` for a format ylcheck does not read (`.xls`, `.docx` …).
    pub fn detect(path: &str, bytes: &[u8]) -> Option<Format> {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => match ext.to_ascii_lowercase().as_str() {
                "csv" | "tsv" | "txt" => Some(Format::Csv),
                "toml" => Some(Format::Plan),
                "xlsx" | "xlsm" => Some(Format::Xlsx),
                "geojson" | "json" => Some(Format::GeoJson),
                _ => None,
            },
            _ => Some(Format::sniff(bytes)),
        }
    }

    /// A workbook is a ZIP archive. A plan has a `[table]` line; a CSV header line
    /// almost never starts with `[`. Only the first MiB is looked at. Bytes suffice:
    /// in GBK a line still starts with an ASCII byte or a lead byte, never with `[`
    /// inside a character.
    fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"PK\x03\x04") {
            return Format::Xlsx;
        }
        if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            return Format::Csv;
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.trim_ascii_start().first() == Some(&b'{') {
            return Format::GeoJson;
        }
        let head = &bytes[..bytes.len().min(MAX_CELL)];
        let plan = head
            .split(|&b| b == b'\n')
            .any(|line| line.trim_ascii_start().first() == Some(&b'['));
        if plan { Format::Plan } else { Format::Csv }
    }
}

/// Loads one input into `ds`. `entity` names the entity of a CSV (else it is
/// recognised from the header); a plan names its entities itself. Bytes given
/// owned are let go once decoded, before the records are made.
pub fn load<'b>(
    path: &str,
    bytes: impl Into<std::borrow::Cow<'b, [u8]>>,
    format: Format,
    schema: &Schema,
    entity: Option<EntityId>,
    ds: &mut Dataset,
) -> Result<(), DataError> {
    let bytes = bytes.into();
    if bytes.len() > MAX_INPUT {
        return Err(DataError::TooLarge {
            path: path.to_string(),
            bytes: bytes.len(),
        });
    }
    if matches!(format, Format::Plan | Format::GeoJson) && bytes.len() > MAX_TREE_INPUT {
        return Err(DataError::TreeTooLarge {
            path: path.to_string(),
            bytes: bytes.len(),
        });
    }
    type Read<'r> = &'r dyn Fn(&Ctx<'_>) -> Result<Loaded, DataError>;
    let read: Read<'_> = match format {
        Format::Csv => &|ctx| csv::load_csv(ctx, schema, entity),
        Format::Plan => &|ctx| plan::load_plan(ctx, schema),
        Format::GeoJson => &|ctx| super::geojson::load_geojson(ctx, schema, entity),
        Format::Xlsx => return xlsx::load_xlsx(path, &bytes, schema, entity, ds),
    };
    let (text, encoding) = {
        let (text, encoding) = decode::decode(&bytes).map_err(|e| e.to_error(path, &bytes))?;
        (Arc::<str>::from(text.as_ref()), encoding)
    };
    drop(bytes);
    let ctx = Ctx {
        path,
        text: &text,
        first_line: 1,
        source: u32::try_from(ds.sources.len()).unwrap_or(u32::MAX),
    };
    let loaded = read(&ctx)?;
    if ds.tables.len() < schema.entities.len() {
        ds.tables.resize_with(schema.entities.len(), Vec::new);
    }
    ds.sources.push(Source {
        path: path.to_string(),
        text: text.clone(),
        encoding,
        cells: loaded.cells,
    });
    for (entity, records) in loaded.tables {
        ds.inputs.push(Input {
            path: path.to_string(),
            entity,
            records: records.len(),
        });
        match ds.tables.get_mut(entity) {
            Some(table) if table.is_empty() => *table = records,
            Some(table) => table.extend(records),
            None => {}
        }
    }
    ds.warnings.extend(loaded.warnings);
    if ds.region.is_none() {
        ds.region = loaded.region;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::schema::{Entity, Field, FieldType};
    use crate::units::{self, Dim};

    fn field(name: &str, ty: FieldType, aliases: &[&str]) -> Field {
        Field {
            name: name.into(),
            ty,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            names_county: false,
        }
    }

    fn area(unit: Option<&str>) -> FieldType {
        FieldType::Quantity {
            dim: Dim::AREA,
            unit: unit.and_then(units::lookup),
            count: false,
            reported: false,
        }
    }

    const COUNT: FieldType = FieldType::Quantity {
        dim: Dim::NUMBER,
        unit: None,
        count: true,
        reported: false,
    };

    /// `facility` as the brief's example pack declares it, and a small `region`.
    pub(crate) fn schema() -> Schema {
        let kind = FieldType::labelled(&[
            ("street_center", "街道综合养老服务中心"),
            ("community_center", "社区养老服务设施"),
        ]);
        let facility = Entity {
            name: "facility".into(),
            checks: Vec::new(),
            key: Vec::new(),
            disjoint: None,
            home: None,
            labels: vec!["养老服务设施".into()],
            fields: vec![
                field("name", FieldType::Text, &["名称", "中心（机构）名称"]),
                field("kind", kind, &["类型"]),
                field("floor_area", area(None), &["建筑面积"]),
                field("land_area", area(Some("亩")), &["占地面积"]),
                field("beds", COUNT, &["床位数"]),
                field("services", FieldType::List, &["服务功能"]),
                field("upgraded", FieldType::Bool, &["是否改造提升"]),
                field("opened", FieldType::Date, &["投用日期"]),
            ],
        };
        let region = Entity {
            name: "region".into(),
            checks: Vec::new(),
            key: Vec::new(),
            disjoint: None,
            home: None,
            labels: vec!["区域".into()],
            fields: vec![
                field("name", FieldType::Text, &["名称"]),
                field("population", COUNT, &["常住人口"]),
                field(
                    "signed_rate",
                    FieldType::Quantity {
                        dim: Dim::NUMBER,
                        unit: units::lookup("%"),
                        count: false,
                        reported: false,
                    },
                    &["签约率"],
                ),
            ],
        };
        Schema {
            entities: vec![facility, region],
            points: Vec::new(),
            levels: Vec::new(),
        }
    }

    #[test]
    fn detects_formats() {
        assert_eq!(Format::detect("a/b.CSV", b""), Some(Format::Csv));
        assert_eq!(Format::detect("b.tsv", b""), Some(Format::Csv));
        assert_eq!(Format::detect("b.txt", b""), Some(Format::Csv));
        assert_eq!(Format::detect("plan.toml", b""), Some(Format::Plan));
        assert_eq!(Format::detect("plan.docx", b"[x]"), None);
        assert_eq!(Format::detect("a.XLSX", b""), Some(Format::Xlsx));
        assert_eq!(Format::detect("-", b"PK\x03\x04rest"), Some(Format::Xlsx));
        assert_eq!(
            Format::detect("-", b"# plan\n[plan]\nname = 1\n"),
            Some(Format::Plan)
        );
        assert_eq!(Format::detect("-", b"name,beds\n"), Some(Format::Csv));
        assert_eq!(
            Format::detect("data/input", b"\xEF\xBB\xBF[[facility]]\n"),
            Some(Format::Plan)
        );
    }

    #[test]
    fn load_adds_everything_or_nothing() {
        let s = schema();
        let mut ds = Dataset::new(s.entities.len());
        let r = load(
            "a.csv",
            "名称,床位数\n甲,10\n乙,\"20\n".as_bytes(),
            Format::Csv,
            &s,
            None,
            &mut ds,
        );
        assert!(r.is_err());
        assert!(ds.sources.is_empty() && ds.inputs.is_empty() && ds.tables[0].is_empty());
        let r = load(
            "b.csv",
            "名称,床位数,备注\n甲,10,x\n".as_bytes(),
            Format::Csv,
            &s,
            None,
            &mut ds,
        );
        assert!(r.is_ok(), "{r:?}");
        assert_eq!(ds.sources.len(), 1);
        assert_eq!(ds.sources[0].encoding, "UTF-8");
        assert_eq!(
            ds.inputs,
            vec![Input {
                path: "b.csv".into(),
                entity: 0,
                records: 1
            }]
        );
        assert_eq!(ds.warnings.len(), 1);
        let mut empty = Dataset::default();
        let r = load("c.csv", b"  \n", Format::Csv, &s, None, &mut empty);
        assert_eq!(r.map_err(|d| d.code()).err(), Some("ylcheck::data::empty"));
        let r = load(
            "d.csv",
            "床位数\n3\n".as_bytes(),
            Format::Csv,
            &s,
            None,
            &mut empty,
        );
        assert!(r.is_ok() && empty.tables.len() == 2);
    }
}
