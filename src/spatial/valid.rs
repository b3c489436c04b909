//! Polygon validity, decided as geo's `Validation` decides it but without its
//! quadratic step.
//!
//! geo tests a ring for self-intersection by comparing every segment with every
//! other: a 100 000-vertex boundary took over a minute to load, and three WKT
//! cells of under a MiB each half a minute. Here a segment is compared only with
//! the segments whose bounding boxes meet its own, found in an R-tree: on a real
//! boundary (each segment near a few others) that is O(n log n). Two segments can
//! only intersect if their closed boxes meet, so the pairs left out are exactly
//! pairs geo finds disjoint, and the answer is geo's. The other checks (too few
//! points, coordinates, rings and polygons against each other, through `Relate`)
//! are geo's own, in geo's order, so the first error is the one geo reports.

use geo::algorithm::validation::{
    CoordIndex, GeometryIndex, InvalidMultiPolygon, InvalidPolygon, RingRole,
};
use geo::coordinate_position::CoordPos;
use geo::dimensions::Dimensions;
use geo::{
    BoundingRect, HasDimensions, Intersects, LineString, MultiPolygon, Polygon, PreparedGeometry,
    Relate, RemoveRepeatedPoints,
};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

#[cfg(debug_assertions)]
thread_local! {
    /// Segment pairs compared on this thread (debug builds, for tests that hold
    /// the work to a bound by counting).
    pub static PAIRS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The first way `mp` is not a valid multipolygon, as geo's
/// `mp.validation_errors().first()` would give it; `None` when it is valid.
pub fn first_error(mp: &MultiPolygon<f64>) -> Option<InvalidMultiPolygon> {
    for (i, polygon) in mp.0.iter().enumerate() {
        if let Some(e) = polygon_error(polygon) {
            return Some(InvalidMultiPolygon::InvalidPolygon(GeometryIndex(i), e));
        }
        let bbox = polygon.bounding_rect();
        for (j, other) in mp.0.iter().enumerate().skip(i + 1) {
            // Polygons whose closed boxes do not meet neither overlap nor touch.
            if let (Some(a), Some(b)) = (bbox, other.bounding_rect())
                && !a.intersects(&b)
            {
                continue;
            }
            let im = polygon.relate(other);
            if im.get(CoordPos::Inside, CoordPos::Inside) == Dimensions::TwoDimensional {
                return Some(InvalidMultiPolygon::ElementsOverlaps(
                    GeometryIndex(i),
                    GeometryIndex(j),
                ));
            }
            if im.get(CoordPos::OnBoundary, CoordPos::OnBoundary) == Dimensions::OneDimensional {
                return Some(InvalidMultiPolygon::ElementsTouchOnALine(
                    GeometryIndex(i),
                    GeometryIndex(j),
                ));
            }
        }
    }
    None
}

/// geo's polygon validation, its first error.
fn polygon_error(p: &Polygon<f64>) -> Option<InvalidPolygon> {
    if p.is_empty() {
        return None;
    }
    for (ring_idx, ring) in std::iter::once(p.exterior())
        .chain(p.interiors().iter())
        .enumerate()
    {
        if ring.is_empty() {
            continue;
        }
        let role = if ring_idx == 0 {
            RingRole::Exterior
        } else {
            RingRole::Interior(ring_idx - 1)
        };
        if ring.remove_repeated_points().0.len() < 4 {
            return Some(InvalidPolygon::TooFewPointsInRing(role));
        }
        if self_intersects(ring) {
            return Some(InvalidPolygon::SelfIntersection(role));
        }
        if let Some(at) = ring
            .0
            .iter()
            .position(|c| !(c.x.is_finite() && c.y.is_finite()))
        {
            return Some(InvalidPolygon::NonFiniteCoord(role, CoordIndex(at)));
        }
    }
    if !p.interiors().iter().any(|r| !r.is_empty()) {
        return None;
    }
    let exterior = Polygon::new(p.exterior().clone(), vec![]);
    let prepared_exterior = PreparedGeometry::from(&exterior);
    for (i1, interior_1) in p.interiors().iter().enumerate() {
        if interior_1.is_empty() {
            continue;
        }
        let role_1 = RingRole::Interior(i1);
        let poly_1 = Polygon::new(interior_1.clone(), vec![]);
        let prepared_1 = PreparedGeometry::from(&poly_1);
        let im = prepared_exterior.relate(&prepared_1);
        if !im.is_contains() {
            return Some(InvalidPolygon::InteriorRingNotContainedInExteriorRing(
                role_1,
            ));
        }
        if im.get(CoordPos::OnBoundary, CoordPos::OnBoundary) == Dimensions::OneDimensional {
            return Some(InvalidPolygon::IntersectingRingsOnALine(
                RingRole::Exterior,
                role_1,
            ));
        }
        for (i2, interior_2) in p.interiors().iter().enumerate().skip(i1 + 1) {
            if interior_2.is_empty() {
                continue;
            }
            let role_2 = RingRole::Interior(i2);
            let poly_2 = Polygon::new(interior_2.clone(), vec![]);
            let im = prepared_1.relate(&poly_2);
            if im.get(CoordPos::Inside, CoordPos::Inside) == Dimensions::TwoDimensional {
                return Some(InvalidPolygon::IntersectingRingsOnAnArea(role_1, role_2));
            }
            if im.get(CoordPos::OnBoundary, CoordPos::OnBoundary) == Dimensions::OneDimensional {
                return Some(InvalidPolygon::IntersectingRingsOnALine(role_1, role_2));
            }
        }
    }
    None
}

type Segment = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// Whether two segments of the ring intersect other than where one ends and the
/// other starts: geo's `linestring_has_self_intersection`, over the pairs whose
/// boxes meet.
pub fn self_intersects(ring: &LineString<f64>) -> bool {
    let lines: Vec<geo::Line<f64>> = ring.lines().collect();
    let boxes = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Segment::new(
                Rectangle::from_corners([l.start.x, l.start.y], [l.end.x, l.end.y]),
                i,
            )
        })
        .collect();
    let tree: RTree<Segment> = RTree::bulk_load(boxes);
    for (i, line) in lines.iter().enumerate() {
        let envelope = AABB::from_corners([line.start.x, line.start.y], [line.end.x, line.end.y]);
        for other in tree.locate_in_envelope_intersecting(envelope) {
            let j = other.data;
            if j == i {
                continue;
            }
            #[cfg(debug_assertions)]
            PAIRS.with(|n| n.set(n.get() + 1));
            let Some(o) = lines.get(j) else {
                continue;
            };
            if line.intersects(o) && line.start != o.end && line.end != o.start {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Validation;

    /// The same verdict and first error as geo's, on valid and invalid shapes.
    #[test]
    fn agrees_with_geo() {
        let cases = [
            "POLYGON((0 0,4 0,4 4,0 4,0 0))",
            "POLYGON((0 0,4 4,4 0,0 4,0 0))",
            "POLYGON((0 0,4 0,4 4,0 0))",
            "POLYGON((0 0,0 0,4 0,0 0))",
            "POLYGON((0 0,4 0,4 4,2 0,0 4,0 0))",
            "POLYGON((0 0,10 0,10 10,0 10,0 0),(1 1,2 1,2 2,1 2,1 1))",
            "POLYGON((0 0,10 0,10 10,0 10,0 0),(1 1,20 1,20 2,1 2,1 1))",
            "POLYGON((0 0,10 0,10 10,0 10,0 0),(1 1,3 1,3 3,1 3,1 1),(2 2,4 2,4 4,2 4,2 2))",
            "MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((2 2,3 2,3 3,2 3,2 2)))",
            "MULTIPOLYGON(((0 0,2 0,2 2,0 2,0 0)),((1 1,3 1,3 3,1 3,1 1)))",
            "MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((1 0,2 0,2 1,1 1,1 0)))",
            "MULTIPOLYGON(((0 0,1 0,1 1,0 1,0 0)),((1 1,2 1,2 2,1 2,1 1)))",
            "POLYGON((0 0,2 0,2 2,1 2,1 3,1 2,0 2,0 0))",
        ];
        for wkt in cases {
            let g: geo::Geometry<f64> = wkt::Wkt::<f64>::from_str(wkt)
                .ok()
                .and_then(|w| geo::Geometry::try_from(w).ok())
                .expect("parses");
            let mp = match g {
                geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
                geo::Geometry::MultiPolygon(mp) => mp,
                _ => unreachable!(),
            };
            let theirs = mp.validation_errors().first().cloned();
            assert_eq!(first_error(&mp), theirs, "{wkt}");
        }
    }

    use std::str::FromStr;
}
