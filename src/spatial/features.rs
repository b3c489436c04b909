//! Reads a plan drawn as a GeoJSON FeatureCollection into located features.
//!
//! The geojson crate does not keep positions, so the collection is first split into
//! each feature's raw text: a problem with a feature then points at that feature
//! (its byte span, index and name), which is what a planner can find in their file.
//! Anything that would give a wrong answer rather than an error — a projected CRS,
//! coordinates out of range or swapped, an unclosed ring, a self-intersecting
//! polygon — is refused here, before any rule sees it.

use super::Shape;
use geo::{Coord, LineString, MultiPolygon, Polygon};
use geojson::{GeometryValue, Position};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// One feature of the collection.
#[derive(Debug)]
pub struct Feature {
    /// Position in the collection's `features`, from 0.
    pub index: usize,
    /// Byte offset and length of the feature's text.
    pub span: (usize, usize),
    /// The `entity` property, when given.
    pub entity: Option<String>,
    /// The `name` property, else the feature's `id`: how findings name it.
    pub label: Option<String>,
    pub properties: Map<String, Value>,
    /// `None` for a feature without geometry (RFC 7946 allows `null`): its record
    /// is located by its longitude and latitude properties, if any, else nowhere.
    pub shape: Option<Shape>,
}

/// Why a collection was refused, with where.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoError {
    pub code: &'static str,
    pub span: (usize, usize),
    pub zh: String,
    pub en: String,
}

#[derive(Deserialize)]
struct Collection<'a> {
    #[serde(rename = "type")]
    kind: String,
    #[serde(borrow, default)]
    features: Vec<&'a RawValue>,
    #[serde(default)]
    crs: Option<Value>,
}

/// Names of the coordinate systems GeoJSON may be in: longitude–latitude on WGS84
/// (RFC 7946) or CGCS2000, whose difference is centimetres.
const GEOGRAPHIC: &[&str] = &["CRS84", "4326", "4490", "CRS:84"];

/// Reads every feature of the collection (see [`read_each`]).
pub fn read(text: &str) -> Result<Vec<Feature>, GeoError> {
    let mut all = Vec::new();
    read_each(text, &mut |f| all.push(f))?;
    Ok(all)
}

/// Reads the collection's features one at a time, in order, handing each to
/// `each` as it is read: only the feature in hand is held as properties and
/// geometry, not the collection. The whole text is parsed first (each feature
/// kept as where its text is), so a syntax error anywhere, a collection of the
/// wrong type or a projected CRS is refused before any feature is handed on; a
/// feature that is not one ends the reading.
pub fn read_each(text: &str, each: &mut dyn FnMut(Feature)) -> Result<(), GeoError> {
    let top: Collection<'_> = serde_json::from_str(text).map_err(|e| {
        let at = offset(text, e.line(), e.column());
        GeoError {
            code: "ylcheck::geojson::syntax",
            span: (at, 0),
            zh: format!("不是有效的 GeoJSON：{e}"),
            en: format!("not valid GeoJSON: {e}"),
        }
    })?;
    if top.kind != "FeatureCollection" {
        return Err(GeoError {
            code: "ylcheck::geojson::shape",
            span: (0, text.len().min(1)),
            zh: format!("GeoJSON 顶层应为 FeatureCollection，而不是 {}", top.kind),
            en: format!(
                "the top level of GeoJSON must be a FeatureCollection, not {}",
                top.kind
            ),
        });
    }
    if let Some(crs) = &top.crs {
        let name = crs
            .pointer("/properties/name")
            .and_then(Value::as_str)
            .unwrap_or("");
        if !GEOGRAPHIC.iter().any(|g| name.ends_with(g)) {
            return Err(GeoError {
                code: "ylcheck::geojson::crs",
                span: find(text, "\"crs\""),
                zh: format!("坐标系“{name}”不是经纬度；请导出为 WGS84 或 CGCS2000 经纬度坐标"),
                en: format!(
                    "coordinate system \"{name}\" is not longitude–latitude; export as WGS84 or CGCS2000 longitude–latitude"
                ),
            });
        }
    }
    for (index, raw) in top.features.iter().enumerate() {
        each(feature(text, index, raw)?);
    }
    Ok(())
}

fn feature(text: &str, index: usize, raw: &RawValue) -> Result<Feature, GeoError> {
    let body = raw.get();
    let start = (body.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let span = (start, body.len());
    let f: geojson::Feature = serde_json::from_str(body).map_err(|e| {
        let n = index + 1;
        // A type error names the parser's internal structs: say what was expected.
        let (zh, en) = if e.classify() == serde_json::error::Category::Data {
            (
                format!("第 {n} 个要素不是 GeoJSON Feature 对象（应有 \"type\": \"Feature\"、properties 和 geometry）"),
                format!("feature {n} is not a GeoJSON Feature object (with \"type\": \"Feature\", properties and geometry)"),
            )
        } else {
            // The position inside the feature is in the span already.
            let msg = e.to_string();
            let msg = msg.rsplit_once(" at line ").map_or(msg.as_str(), |(m, _)| m);
            (
                format!("第 {n} 个要素无效：{msg}"),
                format!("feature {n} is invalid: {msg}"),
            )
        };
        GeoError {
            code: "ylcheck::geojson::feature",
            span: (start + offset(body, e.line(), e.column()), 0),
            zh,
            en,
        }
    })?;
    let properties = f.properties.unwrap_or_default();
    let text_of = |k: &str| {
        properties
            .get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let entity = text_of("entity");
    let label = text_of("name").or_else(|| {
        f.id.as_ref().map(|id| match id {
            geojson::feature::Id::String(s) => s.clone(),
            geojson::feature::Id::Number(n) => n.to_string(),
        })
    });
    let whose = |zh: &str, en: &str| match &label {
        Some(l) => (
            format!("第 {} 个要素“{l}”{zh}", index + 1),
            format!("feature {} \"{l}\" {en}", index + 1),
        ),
        None => (
            format!("第 {} 个要素{zh}", index + 1),
            format!("feature {} {en}", index + 1),
        ),
    };
    let fail = |code, (zh, en): (String, String)| GeoError { code, span, zh, en };
    let shape = f
        .geometry
        .map(|g| shape(&g.value).map_err(|p| fail(p.code(), whose(&p.zh(), &p.en()))))
        .transpose()?;
    Ok(Feature {
        index,
        span,
        entity,
        label,
        properties,
        shape,
    })
}

/// What is wrong with a geometry, before it is placed in its feature.
#[derive(Debug)]
enum Problem {
    Kind(&'static str),
    Position,
    Range(f64, f64),
    Swapped(f64, f64),
    Unclosed,
    Invalid(String),
}

impl Problem {
    fn code(&self) -> &'static str {
        match self {
            Problem::Kind(_) => "ylcheck::geojson::geometry_type",
            Problem::Position => "ylcheck::geojson::position",
            Problem::Range(..) => "ylcheck::geojson::range",
            Problem::Swapped(..) => "ylcheck::geojson::swapped",
            Problem::Unclosed => "ylcheck::geojson::unclosed",
            Problem::Invalid(_) => "ylcheck::geojson::invalid",
        }
    }

    fn zh(&self) -> String {
        match self {
            Problem::Kind(k) => format!("是 {k}；只接受 Point、Polygon 和 MultiPolygon"),
            Problem::Position => "的坐标不是两个有限数".into(),
            Problem::Range(x, y) => {
                format!("的坐标 ({x}, {y}) 超出经纬度范围；可能是投影坐标，请导出为经纬度")
            }
            Problem::Swapped(x, y) => {
                format!("的坐标 ({x}, {y}) 像是把纬度写在了经度前；GeoJSON 应先写经度")
            }
            Problem::Unclosed => "的边界环未闭合：首尾两点应相同".into(),
            // geo describes the problem in English; name the usual ones in Chinese.
            Problem::Invalid(e) if e.contains("self-intersection") => {
                "的多边形无效：边界自相交".into()
            }
            Problem::Invalid(e) if e.contains("at least 3") => {
                "的多边形无效：边界环少于3个不同的顶点".into()
            }
            Problem::Invalid(_) => "的多边形无效：各环相交，或内环不在外环之内".into(),
        }
    }

    fn en(&self) -> String {
        match self {
            Problem::Kind(k) => {
                format!("is a {k}; only Point, Polygon and MultiPolygon are accepted")
            }
            Problem::Position => "has a position that is not two finite numbers".into(),
            Problem::Range(x, y) => format!(
                "has coordinates ({x}, {y}) outside longitude–latitude range; a projected CRS? export as longitude–latitude"
            ),
            Problem::Swapped(x, y) => format!(
                "has coordinates ({x}, {y}) that look like latitude before longitude; GeoJSON puts longitude first"
            ),
            Problem::Unclosed => {
                "has a ring that is not closed: its first and last positions must be equal".into()
            }
            Problem::Invalid(e) => format!("has an invalid polygon: {e}"),
        }
    }
}

fn shape(g: &GeometryValue) -> Result<Shape, Problem> {
    match g {
        GeometryValue::Point { coordinates } => Ok(Shape::Point(coord(coordinates)?.into())),
        GeometryValue::Polygon { coordinates } => {
            let mp = MultiPolygon(vec![polygon(coordinates)?]);
            valid(mp)
        }
        GeometryValue::MultiPolygon { coordinates } => {
            let polys = coordinates
                .iter()
                .map(|p| polygon(p))
                .collect::<Result<_, _>>()?;
            valid(MultiPolygon(polys))
        }
        other => Err(Problem::Kind(other.type_name())),
    }
}

fn valid(mp: MultiPolygon<f64>) -> Result<Shape, Problem> {
    match super::valid::first_error(&mp) {
        Some(e) => Err(Problem::Invalid(e.to_string())),
        None => Ok(Shape::Area(mp)),
    }
}

fn polygon(rings: &[Vec<Position>]) -> Result<Polygon<f64>, Problem> {
    let mut rings = rings.iter().map(|r| ring(r));
    let exterior = rings.next().ok_or(Problem::Invalid("no rings".into()))??;
    Ok(Polygon::new(exterior, rings.collect::<Result<_, _>>()?))
}

fn ring(positions: &[Position]) -> Result<LineString<f64>, Problem> {
    let coords: Vec<Coord<f64>> = positions.iter().map(coord).collect::<Result<_, _>>()?;
    match (coords.first(), coords.last()) {
        (Some(a), Some(b)) if a == b => Ok(LineString(coords)),
        _ => Err(Problem::Unclosed),
    }
}

fn coord(p: &Position) -> Result<Coord<f64>, Problem> {
    let (x, y) = match p.as_slice() {
        [x, y, ..] if x.is_finite() && y.is_finite() => (*x, *y),
        _ => return Err(Problem::Position),
    };
    if (-90.0..=90.0).contains(&x) && (73.0..=136.0).contains(&y) && !(-90.0..=90.0).contains(&y) {
        return Err(Problem::Swapped(x, y));
    }
    if !super::lon_lat(x, y) {
        return Err(Problem::Range(x, y));
    }
    Ok(Coord { x, y })
}

/// Byte offset of serde_json's 1-based line and column.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

fn find(text: &str, needle: &str) -> (usize, usize) {
    text.find(needle).map_or((0, 0), |at| (at, needle.len()))
}

#[cfg(test)]
#[path = "features_tests.rs"]
mod tests;
