//! An R-tree of geometries' bounding boxes, for "within r metres of" queries and
//! for the nearest one: the tree narrows the candidates to boxes near the query,
//! the exact geodesic distance decides.

use super::Shape;
use super::box_distance::{Corners, least_distance};
use geo::BoundingRect;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree, RTreeNode, RTreeObject};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

type Entry = GeomWithData<Rectangle<[f64; 2]>, u32>;

#[derive(Debug, Default)]
pub struct Sites {
    tree: RTree<Entry>,
}

/// Shortest length of a degree of latitude (at the equator) and of longitude per
/// unit cosine of latitude, on WGS84, less 1 % so the search box never falls short.
const MERIDIAN_DEGREE: f64 = 110_574.0 * 0.99;
const PARALLEL_DEGREE: f64 = 111_319.0 * 0.99;

fn bbox(s: &Shape) -> Option<Corners> {
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

    /// The geometries nearest first: each index with the least distance its
    /// geometry can be from `s` (a bound on the geodesic distance to its box, see
    /// `box_distance`), in the order of that bound. A search that stops once the
    /// bound passes the best distance measured so far reads the records about the
    /// answer, however far away it is; boxes growing from `s` read every record of
    /// a cluster lying at about the same distance, for each record checked.
    pub fn nearest_first(&self, s: &Shape) -> NearestFirst<'_> {
        let mut search = NearestFirst {
            from: bbox(s),
            queue: BinaryHeap::new(),
        };
        for child in self.tree.root().children() {
            search.push(child);
        }
        search
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

/// See [`Sites::nearest_first`].
pub struct NearestFirst<'t> {
    /// The box of the geometry searched from; none (an empty geometry) finds none.
    from: Option<Corners>,
    queue: BinaryHeap<Queued<'t>>,
}

/// A node or entry of the tree waiting to be read, with the least distance of
/// anything in its box.
struct Queued<'t> {
    bound: f64,
    node: &'t RTreeNode<Entry>,
}

// The heap is a max-heap: the least bound compares greatest.
impl Ord for Queued<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        other.bound.total_cmp(&self.bound)
    }
}
impl PartialOrd for Queued<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Queued<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Queued<'_> {}

impl<'t> NearestFirst<'t> {
    fn push(&mut self, node: &'t RTreeNode<Entry>) {
        let Some(from) = self.from else { return };
        let env = node.envelope();
        let bound = least_distance(from, (env.lower(), env.upper()));
        self.queue.push(Queued { bound, node });
    }
}

impl Iterator for NearestFirst<'_> {
    /// The least distance the geometry can be from the searched one (metres), and
    /// its index.
    type Item = (f64, u32);

    fn next(&mut self) -> Option<(f64, u32)> {
        while let Some(Queued { bound, node }) = self.queue.pop() {
            match node {
                RTreeNode::Leaf(e) => return Some((bound, e.data)),
                RTreeNode::Parent(p) => {
                    for child in p.children() {
                        self.push(child);
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{MultiPolygon, Point, polygon};

    /// A square of `d` degrees with its south-west corner at (lon, lat).
    fn square(lon: f64, lat: f64, d: f64) -> Shape {
        Shape::Area(MultiPolygon(vec![polygon![
            (x: lon, y: lat), (x: lon + d, y: lat), (x: lon + d, y: lat + d),
            (x: lon, y: lat + d), (x: lon, y: lat),
        ]]))
    }

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

    /// Points and small squares around Kaifeng, `n` of each kind in all.
    fn scattered(n: usize, seed: u64) -> Vec<Shape> {
        let mut x = seed;
        let mut r = move || {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|i| {
                let (lon, lat) = (114.52 + 0.05 * r(), 34.75 + 0.05 * r());
                if i % 3 == 0 {
                    square(lon, lat, 0.002 * r())
                } else {
                    Shape::Point(Point::new(lon, lat))
                }
            })
            .collect()
    }

    /// Read nearest first and stopped once the bound passes the best distance, the
    /// search finds the nearest a scan over all finds, from near and from 30 km
    /// away, for a point and for a boundary; its bounds never fall, and from afar
    /// it reads a few entries, not the thousands of the cluster.
    #[test]
    fn nearest_first_finds_the_nearest_reading_few() {
        let shapes = scattered(3000, 5);
        let sites = Sites::build(shapes.iter().enumerate().map(|(i, s)| (i as u32, s)));
        let queries = [
            Shape::Point(Point::new(114.54, 34.77)),
            Shape::Point(Point::new(114.2, 34.9)),
            Shape::Point(Point::new(114.51, 34.70)),
            square(114.3, 34.72, 0.001),
            square(114.545, 34.775, 0.001),
        ];
        for q in &queries {
            let exact = (0..shapes.len())
                .map(|i| (super::super::distance(q, &shapes[i]), i as u32))
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let (mut best, mut read, mut last) = (None::<(f64, u32)>, 0, 0.0);
            for (bound, i) in sites.nearest_first(q) {
                assert!(bound >= last, "bounds fell: {last} then {bound}");
                last = bound;
                if best.is_some_and(|(d, _)| bound > d) {
                    break;
                }
                read += 1;
                let d = super::super::distance(q, &shapes[i as usize]);
                assert!(bound <= d, "bound {bound} beyond the distance {d}");
                if best.is_none_or(|(bd, bi)| d < bd || (d == bd && i < bi)) {
                    best = Some((d, i));
                }
            }
            assert_eq!(best, exact, "{q:?}");
            assert!(read <= 4, "{read} entries read for {q:?}");
        }
    }
}
