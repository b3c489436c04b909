//! Geometry on the ellipsoid: the shapes plans are drawn with and the measures the
//! spatial standards need (area in m², distance in m, containment, centroid).
//!
//! Coordinates are longitude–latitude on WGS84/CGCS2000 (the two differ by
//! centimetres, far below any planning tolerance). Areas and distances are geodesic
//! (Karney's algorithms through `geo`), because a planar measure on degrees is wrong
//! by the cosine of the latitude — 18 % at Kaifeng.

mod box_distance;
pub mod features;
mod measure;
mod sites;
pub mod valid;

pub use measure::{area, centroid, distance, radii, within};
pub use sites::Sites;

use crate::i18n::{Lang, tr};
use geo::{CoordsIter, MultiPolygon, Point};

/// A record's geometry: a site marked as a point, or a boundary.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Point(Point<f64>),
    Area(MultiPolygon<f64>),
}

/// The rule language's spatial built-ins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    /// `area(g)`: geodesic area in m².
    Area,
    /// `distance(a, b)`: shortest geodesic distance in m.
    Distance,
    /// `within(a, b)`: whether `a` lies inside `b`.
    Within,
    /// `centroid(g)`: a point.
    Centroid,
}

impl Func {
    pub fn from_name(s: &str) -> Option<Func> {
        Some(match s {
            "area" => Func::Area,
            "distance" => Func::Distance,
            "within" => Func::Within,
            "centroid" => Func::Centroid,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        match self {
            Func::Area => "area",
            Func::Distance => "distance",
            Func::Within => "within",
            Func::Centroid => "centroid",
        }
    }
    pub fn arity(self) -> usize {
        match self {
            Func::Area | Func::Centroid => 1,
            Func::Distance | Func::Within => 2,
        }
    }
}

/// Whether (x, y) is a finite longitude–latitude pair. (0, 0) is not: it is what a
/// spreadsheet formula over blank cells writes, a placeholder, not a site in the
/// Gulf of Guinea that a walking radius could be measured from.
pub(crate) fn lon_lat(x: f64, y: f64) -> bool {
    x.is_finite()
        && y.is_finite()
        && (-180.0..=180.0).contains(&x)
        && (-90.0..=90.0).contains(&y)
        && (x, y) != (0.0, 0.0)
}

/// A geometry written in a cell: WKT (`POLYGON((…))`, `POINT(…)`), as GIS tools
/// export it, or a bare `longitude,latitude`. Out-of-range coordinates and invalid
/// polygons are not geometries.
pub fn parse_cell(text: &str) -> Option<Shape> {
    let text = text.trim();
    if !text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return parse_point(text);
    }
    let wkt: wkt::Wkt<f64> = text.parse().ok()?;
    let shape = match geo::Geometry::try_from(wkt).ok()? {
        geo::Geometry::Point(p) => Shape::Point(p),
        geo::Geometry::Polygon(p) => Shape::Area(MultiPolygon(vec![p])),
        geo::Geometry::MultiPolygon(mp) => Shape::Area(mp),
        _ => return None,
    };
    let in_range = shape_coords(&shape).all(|c| lon_lat(c.x, c.y));
    let valid = match &shape {
        Shape::Point(_) => true,
        Shape::Area(mp) => valid::first_error(mp).is_none(),
    };
    (in_range && valid).then_some(shape)
}

fn shape_coords(s: &Shape) -> Box<dyn Iterator<Item = geo::Coord<f64>> + '_> {
    match s {
        Shape::Point(p) => Box::new(std::iter::once(p.0)),
        Shape::Area(mp) => Box::new(mp.coords_iter()),
    }
}

/// A site written as `longitude,latitude` (also with a space, `，` or `;`).
fn parse_point(text: &str) -> Option<Shape> {
    let (x, y) = two_numbers(text)?;
    lon_lat(x, y).then(|| Shape::Point(Point::new(x, y)))
}

fn two_numbers(text: &str) -> Option<(f64, f64)> {
    let mut parts = text
        .split([',', '，', ';', '；', ' '])
        .filter(|p| !p.is_empty());
    let x: f64 = parts.next()?.trim().parse().ok()?;
    let y: f64 = parts.next()?.trim().parse().ok()?;
    parts.next().is_none().then_some((x, y))
}

/// Whether a cell that is not a point would be one with its numbers the other way
/// round (`34.79,114.30`): latitude written first, as in many web maps' copy buttons.
pub fn looks_swapped(text: &str) -> bool {
    two_numbers(text.trim()).is_some_and(|(x, y)| !lon_lat(x, y) && lon_lat(y, x))
}

/// How a report shows a geometry: a point by its coordinates, a boundary by its
/// size, never by every vertex.
pub fn describe(s: &Shape, lang: Lang) -> String {
    match s {
        Shape::Point(p) => format!("{:.6},{:.6}", p.x(), p.y()),
        Shape::Area(mp) => {
            let n = mp.coords_count();
            tr(
                lang,
                format!("边界（{n} 个顶点）"),
                format!("boundary ({n} vertices)"),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wkt_in_cells() {
        let square =
            "POLYGON((114.30 34.79, 114.31 34.79, 114.31 34.80, 114.30 34.80, 114.30 34.79))";
        assert!(matches!(parse_cell(square), Some(Shape::Area(_))));
        assert_eq!(
            parse_cell("POINT(114.3 34.79)"),
            Some(Shape::Point(Point::new(114.3, 34.79)))
        );
        let bowtie =
            "POLYGON((114.30 34.79, 114.31 34.80, 114.31 34.79, 114.30 34.80, 114.30 34.79))";
        for bad in [
            bowtie,
            "POLYGON((1 2, 3",
            "LINESTRING(114 34, 115 35)",
            "POINT(500 34)",
            "POINT(NaN 1)",
        ] {
            assert_eq!(parse_cell(bad), None, "{bad}");
        }
    }

    #[test]
    fn points_in_cells() {
        assert_eq!(
            parse_cell("114.30,34.79"),
            Some(Shape::Point(Point::new(114.30, 34.79)))
        );
        assert_eq!(
            parse_cell(" 114.30， 34.79 "),
            Some(Shape::Point(Point::new(114.30, 34.79)))
        );
        for bad in [
            "114.30",
            "34.79,114.30,1",
            "200,34",
            "NaN,1",
            "inf,2",
            "a,b",
            "114.3,34.8,0",
        ] {
            assert_eq!(parse_cell(bad), None, "{bad}");
        }
    }
}
