//! Geometry on the ellipsoid: the shapes plans are drawn with and the measures the
//! spatial standards need (area in m², distance in m, containment, centroid).
//!
//! Coordinates are longitude–latitude on WGS84/CGCS2000 (the two differ by
//! centimetres, far below any planning tolerance). Areas and distances are geodesic
//! (Karney's algorithms through `geo`), because a planar measure on degrees is wrong
//! by the cosine of the latitude — 18 % at Kaifeng.

pub mod geojson;
mod measure;

pub use measure::{area, centroid, distance, within};

use geo::{MultiPolygon, Point};

/// A record's geometry: a site marked as a point, or a boundary.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Point(Point<f64>),
    Area(MultiPolygon<f64>),
}
