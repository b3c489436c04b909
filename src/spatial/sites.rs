//! An R-tree of geometries' bounding boxes, for "within r metres of" queries: the
//! tree narrows the candidates to boxes near the query, the exact geodesic
//! distance decides.

use super::Shape;
use geo::BoundingRect;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

type Entry = GeomWithData<Rectangle<[f64; 2]>, u32>;

#[derive(Debug, Default)]
pub struct Sites {
    tree: RTree<Entry>,
}

/// Shortest length of a degree of latitude (at the equator) and of longitude per
/// unit cosine of latitude, on WGS84, less 1 % so the search box never falls short.
const MERIDIAN_DEGREE: f64 = 110_574.0 * 0.99;
const PARALLEL_DEGREE: f64 = 111_319.0 * 0.99;

fn bbox(s: &Shape) -> Option<([f64; 2], [f64; 2])> {
    match s {
        Shape::Point(p) => Some(([p.x(), p.y()], [p.x(), p.y()])),
        Shape::Area(mp) => mp
            .bounding_rect()
            .map(|r| ([r.min().x, r.min().y], [r.max().x, r.max().y])),
    }
}

impl Sites {
    /// Built in one bulk load, which packs the tree better than inserting.
    pub fn build<'s>(shapes: impl Iterator<Item = (u32, &'s Shape)>) -> Sites {
        let entries: Vec<Entry> = shapes
            .filter_map(|(i, s)| {
                bbox(s).map(|(lo, hi)| GeomWithData::new(Rectangle::from_corners(lo, hi), i))
            })
            .collect();
        Sites {
            tree: RTree::bulk_load(entries),
        }
    }

    /// Indices of the geometries whose boxes come within `metres` of `s`'s box,
    /// lazily, so `exists` stops at the first match. The order is the tree's;
    /// every aggregate's result is independent of it (sums are exact).
    pub fn near(&self, s: &Shape, metres: f64) -> impl Iterator<Item = u32> + '_ {
        let env = bbox(s).map(|(lo, hi)| search_box(lo, hi, metres));
        env.into_iter()
            .flat_map(|env| self.tree.locate_in_envelope_intersecting(env))
            .map(|e| e.data)
    }
}

/// The box around `lo`–`hi` that holds every point within `metres` of it.
fn search_box(lo: [f64; 2], hi: [f64; 2], metres: f64) -> AABB<[f64; 2]> {
    let dlat = metres.max(0.0) / MERIDIAN_DEGREE;
    let top = (lo[1] - dlat).abs().max((hi[1] + dlat).abs()).min(90.0);
    let cos = top.to_radians().cos();
    let dlon = if cos > 0.01 {
        metres.max(0.0) / (PARALLEL_DEGREE * cos)
    } else {
        360.0
    };
    AABB::from_corners([lo[0] - dlon, lo[1] - dlat], [hi[0] + dlon, hi[1] + dlat])
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Point;

    #[test]
    fn finds_every_site_within_the_radius_and_few_beyond() {
        // A 50 × 50 grid at 0.002° (about 180 m × 220 m) around Kaifeng.
        let shapes: Vec<Shape> = (0..2500)
            .map(|i| {
                let (r, c) = (i / 50, i % 50);
                Shape::Point(Point::new(
                    114.3 + c as f64 * 0.002,
                    34.7 + r as f64 * 0.002,
                ))
            })
            .collect();
        let sites = Sites::build(shapes.iter().enumerate().map(|(i, s)| (i as u32, s)));
        let q = Shape::Point(Point::new(114.35, 34.75));
        let got: Vec<u32> = sites.near(&q, 1000.0).collect();
        let exact: Vec<u32> = (0..2500u32)
            .filter(|&i| super::super::distance(&q, &shapes[i as usize]) <= 1000.0)
            .collect();
        assert!(exact.len() > 50);
        assert!(
            exact.iter().all(|i| got.contains(i)),
            "a site within 1000 m was missed"
        );
        assert!(
            got.len() < exact.len() * 2,
            "{} candidates for {}",
            got.len(),
            exact.len()
        );
    }
}
