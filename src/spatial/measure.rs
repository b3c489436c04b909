//! The measures behind the rule language's spatial built-ins.

use super::Shape;
use geo::{
    Centroid, Contains, Distance, Geodesic, GeodesicArea, Intersects, Line, MultiPolygon, Point,
};

/// Geodesic area in m²; a point has none.
pub fn area(s: &Shape) -> f64 {
    match s {
        Shape::Point(_) => 0.0,
        Shape::Area(mp) => mp.geodesic_area_unsigned(),
    }
}

/// The centroid; a point is its own.
pub fn centroid(s: &Shape) -> Option<Point<f64>> {
    match s {
        Shape::Point(p) => Some(*p),
        Shape::Area(mp) => mp.centroid(),
    }
}

/// Whether `inner` lies inside `outer`. Only a boundary can contain anything.
pub fn within(inner: &Shape, outer: &Shape) -> bool {
    match (inner, outer) {
        (Shape::Point(p), Shape::Area(o)) => o.contains(p),
        (Shape::Area(i), Shape::Area(o)) => o.contains(i),
        (_, Shape::Point(_)) => false,
    }
}

/// Shortest geodesic distance in m between two shapes; 0 when they touch or
/// overlap. Between a point and a boundary it is the distance to the nearest edge.
pub fn distance(a: &Shape, b: &Shape) -> f64 {
    match (a, b) {
        (Shape::Point(p), Shape::Point(q)) => between(*p, *q),
        (Shape::Point(p), Shape::Area(mp)) | (Shape::Area(mp), Shape::Point(p)) => {
            point_to_area(*p, mp)
        }
        (Shape::Area(x), Shape::Area(y)) => {
            if x.intersects(y) {
                return 0.0;
            }
            // Disjoint polygons are nearest at a vertex of one of them.
            let from = |m: &MultiPolygon<f64>, other: &MultiPolygon<f64>| {
                edges(m)
                    .map(|l| point_to_edges(l.start.into(), other))
                    .fold(f64::INFINITY, f64::min)
            };
            from(x, y).min(from(y, x))
        }
    }
}

fn point_to_area(p: Point<f64>, mp: &MultiPolygon<f64>) -> f64 {
    if mp.intersects(&p) {
        0.0
    } else {
        point_to_edges(p, mp)
    }
}

fn point_to_edges(p: Point<f64>, mp: &MultiPolygon<f64>) -> f64 {
    edges(mp)
        .map(|l| between(p, nearest_on(p, l)))
        .fold(f64::INFINITY, f64::min)
}

/// Geodesic distance between two points. Below 2 km the ellipsoid is flat to
/// within 0.2 mm: the radii of curvature at the mid-latitude give the distance
/// without Karney's iteration, which a walking-radius check would otherwise run
/// for every district and nearby facility.
fn between(p: Point<f64>, q: Point<f64>) -> f64 {
    let phi = ((p.y() + q.y()) / 2.0).to_radians();
    let (n, m) = radii(phi);
    let dx = (q.x() - p.x()).to_radians() * n * phi.cos();
    let dy = (q.y() - p.y()).to_radians() * m;
    let d = dx.hypot(dy);
    if d < 2000.0 {
        d
    } else {
        Geodesic.distance(p, q)
    }
}

/// WGS84's radii of curvature at latitude `phi` (radians): prime vertical and
/// meridian, in metres.
pub fn radii(phi: f64) -> (f64, f64) {
    const A: f64 = 6_378_137.0;
    const E2: f64 = 0.006_694_379_990_14;
    let w = 1.0 - E2 * phi.sin().powi(2);
    (A / w.sqrt(), A * (1.0 - E2) / (w * w.sqrt()))
}

fn edges(mp: &MultiPolygon<f64>) -> impl Iterator<Item = Line<f64>> + '_ {
    mp.0.iter().flat_map(|poly| {
        std::iter::once(poly.exterior())
            .chain(poly.interiors())
            .flat_map(|ring| ring.lines())
    })
}

/// The point of an edge nearest to `p`, found in a plane tangent at `p` (degrees
/// of longitude shrunk by the cosine of the latitude); the distance to it is then
/// measured geodesically. Over the few kilometres a walking radius spans, the
/// tangent plane moves the foot of the perpendicular by millimetres.
fn nearest_on(p: Point<f64>, l: Line<f64>) -> Point<f64> {
    let k = p.y().to_radians().cos();
    let (ax, ay) = ((l.start.x - p.x()) * k, l.start.y - p.y());
    let (bx, by) = ((l.end.x - p.x()) * k, l.end.y - p.y());
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    Point::new(
        l.start.x + t * (l.end.x - l.start.x),
        l.start.y + t * (l.end.y - l.start.y),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Polygon, polygon};

    /// Relative error against an independently computed value.
    fn close(got: f64, want: f64, tol: f64) {
        assert!(
            ((got - want) / want).abs() < tol,
            "got {got}, want {want} (±{})",
            tol * want
        );
    }

    /// A square of `side` metres with its south-west corner at (lon, lat), from the
    /// ellipsoid's radii of curvature at that latitude.
    fn square(lon: f64, lat: f64, side: f64) -> Polygon<f64> {
        let (dlon, dlat) = degrees(lat, side);
        polygon![
            (x: lon, y: lat),
            (x: lon + dlon, y: lat),
            (x: lon + dlon, y: lat + dlat),
            (x: lon, y: lat + dlat),
        ]
    }

    /// How many degrees of longitude and of latitude `metres` spans at `lat`.
    fn degrees(lat: f64, metres: f64) -> (f64, f64) {
        let (a, e2) = (6_378_137.0_f64, 0.006_694_379_990_14_f64);
        let phi = lat.to_radians();
        let w = 1.0 - e2 * phi.sin().powi(2);
        let n = a / w.sqrt();
        let m = a * (1.0 - e2) / w.powf(1.5);
        (
            (metres / (n * phi.cos())).to_degrees(),
            (metres / m).to_degrees(),
        )
    }

    #[test]
    fn a_square_kilometre_near_kaifeng() {
        let s = Shape::Area(MultiPolygon(vec![square(114.30, 34.79, 1000.0)]));
        close(area(&s), 1_000_000.0, 0.001);
    }

    #[test]
    fn a_degree_of_longitude_at_34_8_north() {
        // Arc of the parallel: N·cos φ·π/180 on WGS84 = 91 508.6 m; the geodesic
        // between its ends is shorter by well under a metre.
        let d = distance(
            &Shape::Point(Point::new(114.0, 34.8)),
            &Shape::Point(Point::new(115.0, 34.8)),
        );
        close(d, 91_508.6, 0.001);
    }

    #[test]
    fn short_distances_agree_with_karney() {
        let p = Point::new(114.30, 34.79);
        for (dx, dy) in [
            (0.001, 0.0),
            (0.0, 0.015),
            (0.012, 0.009),
            (-0.02, 0.003),
            (0.0001, -0.0002),
        ] {
            let q = Point::new(p.x() + dx, p.y() + dy);
            let (fast, exact) = (between(p, q), Geodesic.distance(p, q));
            assert!((fast - exact).abs() < 0.001, "{dx},{dy}: {fast} vs {exact}");
        }
    }

    #[test]
    fn a_degree_of_latitude_from_34_to_35() {
        // Meridian arc from 34° to 35° N on WGS84: 110 922 m.
        let d = distance(
            &Shape::Point(Point::new(114.3, 34.0)),
            &Shape::Point(Point::new(114.3, 35.0)),
        );
        close(d, 110_922.0, 0.001);
    }

    #[test]
    fn point_to_polygon_is_to_its_nearest_edge() {
        let sq = Shape::Area(MultiPolygon(vec![square(114.30, 34.79, 1000.0)]));
        let Some(c) = centroid(&sq) else {
            panic!("a square has a centroid")
        };
        let middle = Shape::Point(c);
        assert_eq!(distance(&middle, &sq), 0.0);
        assert!(within(&middle, &sq));
        // 500 m due east of the east edge, at mid-height.
        let (dlon, _) = degrees(c.y(), 1000.0);
        let outside = Shape::Point(Point::new(c.x() + dlon, c.y()));
        close(distance(&outside, &sq), 500.0, 0.001);
        assert!(!within(&outside, &sq));
        close(distance(&sq, &outside), 500.0, 0.001);
    }

    #[test]
    fn disjoint_polygons_and_touching_ones() {
        let a = square(114.30, 34.79, 1000.0);
        let b = square(114.30, 34.79, 500.0);
        let a = Shape::Area(MultiPolygon(vec![a]));
        let b2 = Shape::Area(MultiPolygon(vec![b]));
        assert_eq!(distance(&a, &b2), 0.0);
        assert!(within(&b2, &a));
        assert!(!within(&a, &b2));
        let far = Shape::Area(MultiPolygon(vec![square(114.33, 34.79, 500.0)]));
        let d = distance(&a, &far);
        assert!(d > 1000.0 && d < 2000.0, "{d}");
    }
}
