//! The least geodesic distance between two longitude–latitude boxes, which the
//! nearest-first search reads the R-tree in the order of. It must never exceed a
//! distance [`distance`](super::distance) measures between geometries inside the
//! boxes, or the search would stop before the nearest; and it should fall short
//! of it by as little as can be, because every record it under-reaches by more
//! than the gap to the nearest is one more read. The radius search's boxes give
//! up 1 % (`search_box`), and a bound on degrees scaled by the cosine of the
//! highest latitude on the way some parts in a thousand: 30 km from a cluster of
//! facilities, a band tens or hundreds of metres deep, all of whose facilities
//! would be read for every district.
//!
//! So the boxes are taken to the conformal sphere, where the ellipsoid's length
//! element is the sphere's times a scale that depends on the latitude alone. The
//! great-circle angle between the boxes, times the least scale on the way, is
//! below the ellipsoidal distance by a few parts in a hundred thousand over a
//! city: a metre or two at 40 km.

use std::f64::consts::FRAC_PI_2;

/// A box: its south-west and north-east corners, longitude–latitude in degrees.
pub type Corners = ([f64; 2], [f64; 2]);

/// WGS84.
const A: f64 = 6_378_137.0;
const E2: f64 = 0.006_694_379_990_14;
/// The least meridian radius of curvature, at the equator: no path changes
/// latitude by a radian in fewer metres.
const MERIDIAN_MIN: f64 = A * (1.0 - E2);
/// What the bound gives up for the measure's own approximation (the flat formula
/// under 2 km is within 0.2 mm, a part in ten million) and for rounding.
const RELATIVE: f64 = 1e-6;
const ABSOLUTE: f64 = 1e-3;

/// The least distance in metres between a geometry inside `a` and one inside `b`.
/// Longitudes are compared the short way round the globe.
pub fn least_distance(a: Corners, b: Corners) -> f64 {
    let sigma = central_angle(a, b);
    if sigma <= 0.0 || !sigma.is_finite() {
        return 0.0;
    }
    // A shortest path of length D keeps within D/2 of one of its ends, so its
    // latitude within D/(2·MERIDIAN_MIN) of theirs, where the scale is at least
    // that at `reach(D)`: D ≥ g(D) = scale(reach(D))·σ, and g falls as D grows.
    // The scale never exceeds A, so A·σ ≥ g(anything): if D ≤ A·σ then
    // D ≥ g(D) ≥ g(A·σ), and if not, D > A·σ ≥ g(A·σ). Either way g(A·σ) ≤ D.
    let end = [a.0[1], a.1[1], b.0[1], b.1[1]]
        .iter()
        .fold(0.0_f64, |m, l| m.max(l.abs().to_radians()));
    let reach = (end + A * sigma / (2.0 * MERIDIAN_MIN)).min(FRAC_PI_2);
    (scale_at(reach) * sigma * (1.0 - RELATIVE) - ABSOLUTE).max(0.0)
}

/// `e·atanh(e·sin φ)`: what the ellipsoid takes off the sphere's isometric
/// latitude at geodetic latitude `phi` (radians).
fn flattening_term(phi: f64) -> f64 {
    let e = E2.sqrt();
    e * (e * phi.sin()).atanh()
}

/// The conformal latitude of geodetic latitude `phi` (radians): the latitude on
/// the sphere the ellipsoid maps to without distorting angles. Through
/// `asinh(tan φ)`, which stays exact up to the poles.
fn conformal(phi: f64) -> f64 {
    let phi = phi.clamp(-FRAC_PI_2, FRAC_PI_2);
    (phi.tan().asinh() - flattening_term(phi)).sinh().atan()
}

/// Metres per radian of the conformal sphere at geodetic latitude `phi`:
/// `N·cos φ / cos χ`, which reduces to `N·(cosh c − sin φ·sinh c)` with `c` the
/// [`flattening_term`], finite at the poles. It is the equatorial radius at the
/// equator and falls steadily towards the poles (by 0.11 % at Kaifeng, 0.33 % at
/// a pole), so along a path it is least at the path's highest latitude.
fn scale_at(phi: f64) -> f64 {
    let phi = phi.abs().min(FRAC_PI_2);
    let (s, c) = (phi.sin(), flattening_term(phi));
    let n = A / (1.0 - E2 * s * s).sqrt();
    (n * (c.cosh() - s * c.sinh())).min(A)
}

/// The least great-circle angle (radians) between a point of `a` and one of `b`
/// on the conformal sphere.
fn central_angle(a: Corners, b: Corners) -> f64 {
    let lat = |c: Corners| {
        (
            conformal(c.0[1].to_radians()),
            conformal(c.1[1].to_radians()),
        )
    };
    let ((alo, ahi), (blo, bhi)) = (lat(a), lat(b));
    let apart = (blo - ahi).max(alo - bhi).max(0.0);
    let dlon = longitude_gap(a, b).to_radians();
    // Sharing a meridian, or a quarter of the globe apart: the latitudes alone.
    if dlon <= 0.0 || dlon >= FRAC_PI_2 {
        return apart;
    }
    // Two meridians are nearest at the equator.
    if alo <= 0.0 && ahi >= 0.0 && blo <= 0.0 && bhi >= 0.0 {
        return dlon;
    }
    // Elsewhere the nearest pair lies on an edge of the pair of latitude ranges
    // (the equator is the only point where both latitudes are free to move), and
    // along an edge the angle has one minimum, where the other latitude is
    // `atan(tan χ / cos Δλ)`, or the end of its range nearest that.
    let c = dlon.cos();
    let facing = |x: f64, lo: f64, hi: f64| (x.tan() / c).atan().clamp(lo, hi);
    let from_a = [alo, ahi].map(|x| haversine(x, facing(x, blo, bhi), dlon));
    let from_b = [blo, bhi].map(|y| haversine(facing(y, alo, ahi), y, dlon));
    from_a
        .into_iter()
        .chain(from_b)
        .fold(f64::INFINITY, f64::min)
}

/// The least difference of longitude (degrees) between a point of `a` and one of
/// `b`, either way round.
fn longitude_gap(a: Corners, b: Corners) -> f64 {
    let (alo, ahi, blo, bhi) = (a.0[0], a.1[0], b.0[0], b.1[0]);
    let direct = (blo - ahi).max(alo - bhi).max(0.0);
    let round = (360.0 - (bhi - alo).max(ahi - blo)).max(0.0);
    direct.min(round)
}

/// The great-circle angle between latitudes `x` and `y` `dlon` apart (radians),
/// by the haversine, which keeps small angles exact.
fn haversine(x: f64, y: f64, dlon: f64) -> f64 {
    let h = ((y - x) / 2.0).sin().powi(2) + x.cos() * y.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * h.clamp(0.0, 1.0).sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spatial::{Shape, distance};
    use geo::Point;

    /// A deterministic sequence in [0, 1): the same cases on every run.
    fn sequence(seed: u64) -> impl FnMut() -> f64 {
        let mut x = seed;
        move || {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    fn point(lon: f64, lat: f64) -> Shape {
        Shape::Point(Point::new(lon, lat))
    }

    /// Around Kaifeng, across the globe, across the antimeridian and near a pole:
    /// the bound between two boxes never exceeds the distance between points in
    /// them.
    #[test]
    fn never_exceeds_a_distance_between_points_of_the_boxes() {
        let mut r = sequence(7);
        let regions = [
            (114.3, 34.8, 0.5, 0.3),
            (114.3, 34.8, 2e-4, 2e-4),
            (0.0, 0.0, 359.9, 179.9),
            (179.9, -40.0, 0.3, 0.3),
            (-179.9, 80.0, 0.5, 9.9),
            (20.0, -89.9, 60.0, 0.05),
        ];
        for region in regions {
            for _ in 0..2000 {
                let (a, b) = (within(region, &mut r), within(region, &mut r));
                let bound = least_distance(a, b);
                for _ in 0..4 {
                    let d = distance(&inside(a, &mut r), &inside(b, &mut r));
                    assert!(bound <= d, "{a:?} {b:?}: bound {bound} > distance {d}");
                }
            }
        }
    }

    /// A box somewhere in `(lon, lat, width, height)`, mostly small.
    fn within((lon, lat, w, h): (f64, f64, f64, f64), r: &mut impl FnMut() -> f64) -> Corners {
        let lo = [
            (lon + (r() - 0.5) * w).clamp(-180.0, 180.0),
            (lat + (r() - 0.5) * h).clamp(-90.0, 90.0),
        ];
        let size = r() * r() * w.min(1.0) / 10.0;
        (lo, [(lo[0] + size).min(180.0), (lo[1] + size).min(90.0)])
    }

    /// A point inside `c`.
    fn inside(c: Corners, r: &mut impl FnMut() -> f64) -> Shape {
        let (u, v) = (r(), r());
        point(
            c.0[0] + u * (c.1[0] - c.0[0]),
            c.0[1] + v * (c.1[1] - c.0[1]),
        )
    }

    /// Between two points the bound is the distance to within a few parts in a
    /// hundred thousand over a city (a metre or two at 40 km), a few in ten
    /// thousand over a province: the search reads few records beyond the nearest.
    #[test]
    fn between_points_falls_short_by_little() {
        let mut r = sequence(11);
        for (size, within) in [(0.4, 5e-5), (3.0, 3e-4)] {
            for _ in 0..2000 {
                let p = [114.1 + size * r(), 34.6 + size * r()];
                let q = [114.1 + size * r(), 34.6 + size * r()];
                let d = distance(&point(p[0], p[1]), &point(q[0], q[1]));
                let bound = least_distance((p, p), (q, q));
                assert!(
                    bound <= d && bound >= d * (1.0 - within) - 2e-3,
                    "{p:?} {q:?}: {bound} for {d}"
                );
            }
        }
    }

    /// The bound takes the scale at the highest latitude a path reaches as the
    /// least on it: so the scale must fall all the way from the equator (the
    /// equatorial radius) to a pole (its limit there).
    #[test]
    fn the_scale_falls_from_the_equator_to_the_poles() {
        assert_eq!(scale_at(0.0), A);
        let e = E2.sqrt();
        let polar = A / (1.0 - E2).sqrt() * ((1.0 - e) / (1.0 + e)).powf(e / 2.0);
        assert!((scale_at(FRAC_PI_2) - polar).abs() < 1e-6);
        let mut last = A;
        for i in 0..=90_000 {
            let m = scale_at(f64::from(i) / 1000.0 * std::f64::consts::PI / 180.0);
            assert!(m <= last, "rises at {} °", f64::from(i) / 1000.0);
            last = m;
        }
    }

    /// Boxes that overlap, share a meridian or straddle the antimeridian.
    #[test]
    fn overlapping_or_meridian_sharing_boxes() {
        let a = ([114.0, 34.0], [114.2, 34.2]);
        assert_eq!(least_distance(a, ([114.1, 34.1], [114.3, 34.3])), 0.0);
        // North of it, over the same longitudes: the meridian arc between.
        let north = least_distance(a, ([114.1, 34.3], [114.1, 34.3]));
        let arc = distance(&point(114.1, 34.2), &point(114.1, 34.3));
        assert!(north <= arc && north > arc * 0.99999, "{north} for {arc}");
        // A degree either side of the antimeridian is two degrees apart, not 358.
        let east = ([179.5, 0.0], [179.5, 0.0]);
        let west = ([-179.5, 0.0], [-179.5, 0.0]);
        let across = distance(&point(179.5, 0.0), &point(-179.5, 0.0));
        let bound = least_distance(east, west);
        assert!(
            bound <= across && bound > across * 0.99999,
            "{bound} for {across}"
        );
    }
}
