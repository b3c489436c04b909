//! From longitude–latitude to the picture.
//!
//! A plan covers a city or less, a few kilometres across. Over that, a local
//! equirectangular projection around the data's centre — east in metres through
//! the prime-vertical radius times cos φ₀, north through the meridian radius, both
//! of the WGS84 ellipsoid at φ₀ — is within a fraction of a per cent of the
//! geodesic: a circle drawn with the radius a rule measured is that radius on the
//! ground, and the scale bar holds across the map. (Across a province it would
//! not; nobody draws walking circles at that scale.)

use crate::spatial::radii;

/// A box in metres east and north of the projection's centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl Extent {
    pub fn empty() -> Extent {
        Extent {
            west: f64::INFINITY,
            south: f64::INFINITY,
            east: f64::NEG_INFINITY,
            north: f64::NEG_INFINITY,
        }
    }

    pub fn add(&mut self, x: f64, y: f64) {
        self.west = self.west.min(x);
        self.east = self.east.max(x);
        self.south = self.south.min(y);
        self.north = self.north.max(y);
    }

    pub fn is_empty(&self) -> bool {
        !(self.west <= self.east && self.south <= self.north)
    }

    pub fn width(&self) -> f64 {
        self.east - self.west
    }

    pub fn height(&self) -> f64 {
        self.north - self.south
    }
}

/// Where the map is drawn, in pixels: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// A local equirectangular projection fitted to a frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    lon0: f64,
    lat0: f64,
    /// Metres per degree of longitude and of latitude at the centre.
    east_per_degree: f64,
    north_per_degree: f64,
    /// Pixels per metre, and the pixel the centre falls on.
    scale: f64,
    cx: f64,
    cy: f64,
}

/// Below this the map would be a single point blown up: a lone site is shown
/// with its surroundings.
const MIN_SPAN_M: f64 = 400.0;

impl Projection {
    /// Centred on (lon0, lat0), unscaled until [`Projection::fit`].
    pub fn centred(lon0: f64, lat0: f64) -> Projection {
        let phi = lat0.to_radians();
        let (n, m) = radii(phi);
        let k = std::f64::consts::PI / 180.0;
        Projection {
            lon0,
            lat0,
            east_per_degree: n * phi.cos() * k,
            north_per_degree: m * k,
            scale: 1.0,
            cx: 0.0,
            cy: 0.0,
        }
    }

    /// Metres east and north of the centre.
    pub fn metres(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.lon0) * self.east_per_degree,
            (lat - self.lat0) * self.north_per_degree,
        )
    }

    /// Scales and moves the projection so `extent` fills `frame` less `pad`
    /// pixels on each side, at one scale both ways (north stays up, circles stay
    /// round), centred.
    pub fn fit(mut self, extent: &Extent, frame: Frame, pad: f64) -> Projection {
        let w = extent.width().max(MIN_SPAN_M);
        let h = extent.height().max(MIN_SPAN_M);
        let sx = (frame.w - 2.0 * pad).max(1.0) / w;
        let sy = (frame.h - 2.0 * pad).max(1.0) / h;
        self.scale = sx.min(sy);
        let mid_x = (extent.west + extent.east) / 2.0;
        let mid_y = (extent.south + extent.north) / 2.0;
        self.cx = frame.x + frame.w / 2.0 - mid_x * self.scale;
        self.cy = frame.y + frame.h / 2.0 + mid_y * self.scale;
        self
    }

    /// The pixel a longitude–latitude falls on (y grows downwards).
    pub fn px(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x, y) = self.metres(lon, lat);
        (self.cx + x * self.scale, self.cy - y * self.scale)
    }

    pub fn px_per_metre(&self) -> f64 {
        self.scale
    }
}

/// A round length for a scale bar of at most `limit` metres: 1, 2 or 5 × 10ᵏ.
pub fn round_length(limit: f64) -> f64 {
    if !(limit.is_finite() && limit > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(limit.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|k| k * mag)
        .find(|&l| l <= limit)
        .unwrap_or(mag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kilometre_on_the_map_is_a_kilometre_on_the_ground() {
        let p = Projection::centred(114.35, 34.79);
        let a = crate::spatial::Shape::Point(geo::Point::new(114.35, 34.79));
        // 1000 m east and north, measured geodesically, land 1000 m away here.
        let (x, _) = p.metres(114.360_946, 34.79);
        let b = crate::spatial::Shape::Point(geo::Point::new(114.360_946, 34.79));
        assert!((x - crate::spatial::distance(&a, &b)).abs() < 0.5, "{x}");
        let (_, y) = p.metres(114.35, 34.799_015);
        let c = crate::spatial::Shape::Point(geo::Point::new(114.35, 34.799_015));
        assert!((y - crate::spatial::distance(&a, &c)).abs() < 0.5, "{y}");
    }

    #[test]
    fn fitting_keeps_one_scale_and_north_up() {
        let mut e = Extent::empty();
        e.add(-1000.0, -500.0);
        e.add(1000.0, 500.0);
        let f = Frame {
            x: 0.0,
            y: 0.0,
            w: 420.0,
            h: 420.0,
        };
        let p = Projection::centred(114.0, 34.0).fit(&e, f, 10.0);
        assert!((p.px_per_metre() - 0.2).abs() < 1e-12);
        let (x0, y0) = p.px(114.0, 34.0);
        assert!((x0 - 210.0).abs() < 1e-9 && (y0 - 210.0).abs() < 1e-9);
        let (_, y_north) = p.px(114.0, 34.001);
        assert!(y_north < y0);
    }

    #[test]
    fn scale_bars_are_round() {
        assert_eq!(round_length(730.0), 500.0);
        assert_eq!(round_length(2400.0), 2000.0);
        assert_eq!(round_length(1000.0), 1000.0);
        assert_eq!(round_length(0.0), 1.0);
    }
}
