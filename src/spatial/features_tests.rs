use super::*;

fn collection(features: &[&str]) -> String {
    format!(
        "{{\"type\": \"FeatureCollection\", \"features\": [\n{}\n]}}",
        features.join(",\n")
    )
}

fn district(name: &str, ring: &str) -> String {
    format!(
        r#"{{"type": "Feature", "properties": {{"entity": "district", "name": "{name}"}}, "geometry": {{"type": "Polygon", "coordinates": [{ring}]}}}}"#
    )
}

const SQUARE: &str =
    "[[114.30, 34.79], [114.31, 34.79], [114.31, 34.80], [114.30, 34.80], [114.30, 34.79]]";

fn refused(text: &str) -> GeoError {
    match read(text) {
        Ok(f) => panic!("accepted: {f:?}"),
        Err(e) => e,
    }
}

#[test]
fn reads_features_with_entity_name_and_span() {
    let site = r#"{"type": "Feature", "id": 7, "properties": {"kind": "facility"}, "geometry": {"type": "Point", "coordinates": [114.305, 34.795]}}"#;
    let text = collection(&[&district("清河苑", SQUARE), site]);
    let Ok(fs) = read(&text) else {
        panic!("refused")
    };
    assert_eq!(fs.len(), 2);
    assert_eq!(fs[0].entity.as_deref(), Some("district"));
    assert_eq!(fs[0].label.as_deref(), Some("清河苑"));
    assert!(matches!(fs[0].shape, Some(Shape::Area(_))));
    assert_eq!(fs[1].entity, None);
    assert_eq!(fs[1].label.as_deref(), Some("7"));
    let (at, len) = fs[1].span;
    assert_eq!(&text[at..at + len], site);
    let (Some(site), Some(area)) = (&fs[1].shape, &fs[0].shape) else {
        panic!("no shapes")
    };
    assert!(super::super::within(site, area));
}

/// RFC 7946 allows a feature without geometry: `null`, or (as some exporters
/// write it) no `geometry` key at all. It is read, with no shape.
#[test]
fn a_feature_without_geometry_has_no_shape() {
    let null = r#"{"type": "Feature", "properties": {"name": "甲"}, "geometry": null}"#;
    let absent = r#"{"type": "Feature", "properties": {"name": "乙"}}"#;
    let text = collection(&[null, absent]);
    let Ok(fs) = read(&text) else {
        panic!("refused")
    };
    assert_eq!(fs.len(), 2);
    assert!(fs.iter().all(|f| f.shape.is_none()));
}

#[test]
fn an_unclosed_ring_points_at_its_feature() {
    let open = "[[114.30, 34.79], [114.31, 34.79], [114.31, 34.80], [114.30, 34.80]]";
    let bad = district("东苑", open);
    let text = collection(&[&district("西苑", SQUARE), &bad]);
    let e = refused(&text);
    assert_eq!(e.code, "ylcheck::geojson::unclosed");
    assert_eq!(&text[e.span.0..e.span.0 + e.span.1], bad);
    assert_eq!(e.zh, "第 2 个要素“东苑”的边界环未闭合：首尾两点应相同");
    assert!(e.en.starts_with("feature 2 \"东苑\" has a ring that is not closed"));
}

#[test]
fn a_self_intersecting_polygon_is_refused() {
    let bowtie =
        "[[114.30, 34.79], [114.31, 34.80], [114.31, 34.79], [114.30, 34.80], [114.30, 34.79]]";
    let e = refused(&collection(&[&district("蝶形", bowtie)]));
    assert_eq!(e.code, "ylcheck::geojson::invalid");
    assert!(e.en.contains("self-intersection"), "{}", e.en);
}

#[test]
fn projected_coordinates_are_refused() {
    let projected =
        "[[38500000, 3850000], [38501000, 3850000], [38501000, 3851000], [38500000, 3850000]]";
    let e = refused(&collection(&[&district("投影", projected)]));
    assert_eq!(e.code, "ylcheck::geojson::range");
    let crs = r#"{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4547"}}, "features": []}"#;
    let e = refused(crs);
    assert_eq!(e.code, "ylcheck::geojson::crs");
    assert_eq!(&crs[e.span.0..e.span.0 + e.span.1], "\"crs\"");
    let cgcs = r#"{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4490"}}, "features": []}"#;
    assert!(read(cgcs).is_ok());
}

#[test]
fn latitude_first_is_named_as_such() {
    let swapped = r#"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [34.79, 114.30]}}"#;
    let e = refused(&collection(&[swapped]));
    assert_eq!(e.code, "ylcheck::geojson::swapped");
}

#[test]
fn syntax_and_shape_errors_are_located() {
    let text = "{\"type\": \"FeatureCollection\",\n \"features\": [1, }";
    let e = refused(text);
    assert_eq!(e.code, "ylcheck::geojson::syntax");
    assert_eq!(&text[e.span.0..], "}");
    let e = refused(r#"{"type": "Feature", "features": []}"#);
    assert_eq!(e.code, "ylcheck::geojson::shape");
    let line = r#"{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[114.3, 34.7], [114.4, 34.8]]}}"#;
    assert_eq!(
        refused(&collection(&[line])).code,
        "ylcheck::geojson::geometry_type"
    );
    let short = r#"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [114.3]}}"#;
    assert_eq!(
        refused(&collection(&[short])).code,
        "ylcheck::geojson::feature"
    );
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(refused(&deep).code, "ylcheck::geojson::syntax");
}
