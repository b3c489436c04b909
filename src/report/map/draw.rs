//! The map's SVG: layout (frame, legend, scale bar, north arrow), shapes and
//! labels. Written with maud, which escapes every interpolated name, so a record
//! called `<script>` is text on the map, never markup. Coordinates are printed to
//! a tenth of a pixel, so the same data gives the same bytes.

use super::project::{Extent, Frame, Projection, round_length};
use super::{Area, Class, Layers, Site};
use crate::i18n::{Lang, tr};
use crate::report::Context;
use crate::spatial::Shape;
use maud::{Markup, html};

const WIDTH: f64 = 1000.0;
const TOP: f64 = 72.0;
const MAP_X: f64 = 16.0;
const MAP_W: f64 = 708.0;
const LEGEND_X: f64 = 744.0;
const LEGEND_W: f64 = 240.0;
const PAD: f64 = 28.0;
const FONT: &str = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','WenQuanYi Micro Hei',sans-serif";
const LABEL_SIZE: f64 = 13.0;
/// The band under the map holding the scale bar and the north arrow, which kept
/// out of the frame never cover the data.
const BAND: f64 = 44.0;
const RING_COLOUR: &str = "#2b6cb0";

/// Symbol shapes and colours for a site's kind, by the kind's index (the last for
/// a site without one).
const SITE_COLOURS: [&str; 8] = [
    "#1f5fa8", "#7b3fa0", "#0f8a7e", "#b5407a", "#8a5a1f", "#3d4f8f", "#5e7d16", "#555555",
];

/// A tenth of a pixel, without a trailing `.0`.
fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    let s = format!("{r:.1}");
    let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
    if s == "-0" { "0".into() } else { s }
}

/// Where everything goes.
pub(super) struct Layout {
    pub projection: Projection,
    frame: Frame,
    height: f64,
}

/// Fits the data (and the circles around it) into the map frame.
pub(super) fn layout(layers: &Layers) -> Option<Layout> {
    let shapes = layers
        .areas
        .iter()
        .map(|a| &*a.shape)
        .chain(layers.sites.iter().map(|s| &*s.shape));
    let mut deg = Extent::empty();
    for s in shapes.clone() {
        for (x, y) in coords(s) {
            deg.add(x, y);
        }
    }
    if deg.is_empty() {
        return None;
    }
    // The data's centre: the middle of its longitude–latitude box.
    let p = Projection::centred((deg.west + deg.east) / 2.0, (deg.south + deg.north) / 2.0);
    let mut m = Extent::empty();
    for s in shapes {
        for (x, y) in coords(s) {
            let (e, nn) = p.metres(x, y);
            m.add(e, nn);
        }
    }
    for ring in &layers.rings {
        let r = ring.radius.to_f64();
        for &i in &ring.around {
            if let Some(c) = layers.sites.get(i).and_then(|s| anchor(&s.shape)) {
                let (e, nn) = p.metres(c.0, c.1);
                m.add(e - r, nn - r);
                m.add(e + r, nn + r);
            }
        }
    }
    let aspect = m.height().max(1.0) / m.width().max(1.0);
    let map_h = (MAP_W * aspect).clamp(380.0, 820.0);
    let frame = Frame {
        x: MAP_X,
        y: TOP,
        w: MAP_W,
        h: map_h,
    };
    let legend_h = legend_height(layers);
    Some(Layout {
        projection: p.fit(&m, frame, PAD),
        frame,
        height: TOP + (map_h + BAND).max(legend_h) + 26.0,
    })
}

fn coords(s: &Shape) -> Vec<(f64, f64)> {
    use geo::CoordsIter;
    match s {
        Shape::Point(p) => vec![(p.x(), p.y())],
        Shape::Area(mp) => mp.coords_iter().map(|c| (c.x, c.y)).collect(),
    }
}

/// Where a shape's symbol or label is anchored: a point itself, else the centroid.
fn anchor(s: &Shape) -> Option<(f64, f64)> {
    crate::spatial::centroid(s).map(|p| (p.x(), p.y()))
}

/// An SVG path of a boundary: each ring a closed subpath.
fn path(p: &Projection, s: &Shape) -> String {
    let Shape::Area(mp) = s else {
        return String::new();
    };
    let mut d = String::new();
    for poly in &mp.0 {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            for (i, c) in ring.0.iter().enumerate() {
                let (x, y) = p.px(c.x, c.y);
                d.push_str(if i == 0 { "M" } else { "L" });
                d.push_str(&format!("{} {}", n(x), n(y)));
            }
            d.push('Z');
        }
    }
    d
}

/// A symbol of the given shape (by index) centred at (x, y).
fn symbol(kind: usize, x: f64, y: f64, fill: &str) -> Markup {
    let r = 6.5;
    let pts = |v: &[(f64, f64)]| {
        v.iter()
            .map(|(a, b)| format!("{},{}", n(x + a * r), n(y + b * r)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let stroke = "#ffffff";
    match kind % 6 {
        0 => {
            html! { circle cx=(n(x)) cy=(n(y)) r=(n(r)) fill=(fill) stroke=(stroke) stroke-width="1.5" {} }
        }
        1 => {
            html! { rect x=(n(x - r * 0.9)) y=(n(y - r * 0.9)) width=(n(r * 1.8)) height=(n(r * 1.8)) fill=(fill) stroke=(stroke) stroke-width="1.5" {} }
        }
        2 => {
            html! { polygon points=(pts(&[(0.0, -1.2), (1.1, 0.8), (-1.1, 0.8)])) fill=(fill) stroke=(stroke) stroke-width="1.5" {} }
        }
        3 => {
            html! { polygon points=(pts(&[(0.0, -1.25), (1.1, 0.0), (0.0, 1.25), (-1.1, 0.0)])) fill=(fill) stroke=(stroke) stroke-width="1.5" {} }
        }
        4 => {
            html! { polygon points=(pts(&[(0.0, -1.3), (0.38, -0.42), (1.24, -0.4), (0.6, 0.2), (0.77, 1.05), (0.0, 0.6), (-0.77, 1.05), (-0.6, 0.2), (-1.24, -0.4), (-0.38, -0.42)])) fill=(fill) stroke=(stroke) stroke-width="1.2" {} }
        }
        _ => {
            html! { polygon points=(pts(&[(1.1, 0.0), (0.55, 0.95), (-0.55, 0.95), (-1.1, 0.0), (-0.55, -0.95), (0.55, -0.95)])) fill=(fill) stroke=(stroke) stroke-width="1.5" {} }
        }
    }
}

/// The legend's rows for site kinds: (entity, kind) pairs present, in schema order.
fn site_kinds(layers: &Layers) -> Vec<(usize, Option<u16>)> {
    let mut kinds: Vec<(usize, Option<u16>)> =
        layers.sites.iter().map(|s| (s.entity, s.kind)).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

fn kind_style(kinds: &[(usize, Option<u16>)], site: &Site) -> (usize, &'static str) {
    let i = kinds
        .iter()
        .position(|k| *k == (site.entity, site.kind))
        .unwrap_or(0);
    (i, SITE_COLOURS[i % SITE_COLOURS.len()])
}

fn kind_label(ctx: &Context<'_>, entity: usize, kind: Option<u16>) -> String {
    let ent = &ctx.set.schema.entities[entity];
    let entity_label = match ctx.lang {
        Lang::Zh => ent.labels.first().unwrap_or(&ent.name).clone(),
        Lang::En => ent.name.replace('_', " "),
    };
    let Some(k) = kind else {
        return tr(
            ctx.lang,
            format!("{entity_label}（未注明类型）"),
            format!("{entity_label} (no type)"),
        );
    };
    let ty = ent
        .fields
        .iter()
        .find(|f| matches!(f.ty, crate::schema::FieldType::Enum(_)))
        .map(|f| &f.ty);
    match ty {
        Some(ty) => ctx.enum_label(ty, k).replace('_', " "),
        None => entity_label,
    }
}

const ROW: f64 = 22.0;
const HEAD: f64 = 28.0;

fn legend_height(layers: &Layers) -> f64 {
    let kinds = site_kinds(layers).len();
    let mut h = 16.0 + HEAD + Class::ALL.len() as f64 * ROW;
    if kinds > 0 {
        h += 12.0 + HEAD + kinds as f64 * ROW;
    }
    if !layers.rings.is_empty() {
        h += 12.0 + HEAD + layers.rings.len() as f64 * ROW * 2.0;
    }
    // Room for the notes: records not drawn; labels left off (only possible past
    // CROWD failing areas).
    let failing = layers
        .areas
        .iter()
        .filter(|a| matches!(a.class, Class::FailError | Class::FailWarning))
        .count();
    let notes = usize::from(layers.undrawn > 0)
        + usize::from(layers.beyond_limit > 0)
        + usize::from(failing > CROWD);
    h + 12.0 + notes as f64 * ROW * 0.8
}

/// A label's box, to keep labels off each other and off the symbols.
#[derive(Clone, Copy)]
struct Boxed {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Boxed {
    fn hits(&self, o: &Boxed) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// Width of a label: CJK glyphs are square, others about half.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 0.58 } else { 1.0 })
        .sum::<f64>()
        * size
}

/// Up to this many failing areas, every one is labelled even where labels crowd.
const CROWD: usize = 12;

/// Places the failing areas' labels: above the area, else below, right or left,
/// whichever first clears the labels already placed, the symbols and the frame.
fn place_labels(
    p: &Projection,
    frame: Frame,
    areas: &[&Area],
    symbols: &[(f64, f64)],
) -> Vec<(f64, f64, String)> {
    let mut taken: Vec<Boxed> = symbols
        .iter()
        .map(|&(x, y)| Boxed {
            x0: x - 8.0,
            y0: y - 8.0,
            x1: x + 8.0,
            y1: y + 8.0,
        })
        .collect();
    let inside = |b: &Boxed| {
        b.x0 >= frame.x + 2.0
            && b.x1 <= frame.x + frame.w - 2.0
            && b.y0 >= frame.y + 2.0
            && b.y1 <= frame.y + frame.h - 2.0
    };
    let mut out = Vec::new();
    for a in areas {
        let pts: Vec<(f64, f64)> = coords(&a.shape)
            .into_iter()
            .map(|(x, y)| p.px(x, y))
            .collect();
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (x, y) in &pts {
            x0 = x0.min(*x);
            y0 = y0.min(*y);
            x1 = x1.max(*x);
            y1 = y1.max(*y);
        }
        let (x0, y0, x1, y1) = (x0 - 4.0, y0 - 4.0, x1 + 4.0, y1 + 4.0);
        let w = text_width(&a.name, LABEL_SIZE);
        let h = LABEL_SIZE * 1.25;
        let cx = (x0 + x1) / 2.0;
        let cy = (y0 + y1) / 2.0;
        // Candidate boxes (left, top) for: above, below, right, left.
        let candidates = [
            (cx - w / 2.0, y0 - h),
            (cx - w / 2.0, y1),
            (x1 + 2.0, cy - h / 2.0),
            (x0 - 2.0 - w, cy - h / 2.0),
        ];
        let boxes = candidates.map(|(l, t)| Boxed {
            x0: l,
            y0: t,
            x1: l + w,
            y1: t + h,
        });
        let clear = boxes
            .iter()
            .find(|b| inside(b) && !taken.iter().any(|t| t.hits(b)))
            .copied();
        // A few labels may crowd; past that, one that has no clear place is left
        // to the area's tooltip rather than written over another.
        let chosen = match clear {
            Some(b) => b,
            None if areas.len() <= CROWD => boxes
                .iter()
                .find(|b| inside(b))
                .copied()
                .unwrap_or(boxes[0]),
            None => continue,
        };
        taken.push(chosen);
        out.push((
            chosen.x0 + w / 2.0,
            chosen.y1 - LABEL_SIZE * 0.3,
            a.name.clone(),
        ));
    }
    out
}

pub(super) fn svg(ctx: &Context<'_>, layers: &Layers, region: &str) -> String {
    let Some(l) = layout(layers) else {
        return String::new();
    };
    let lang = ctx.lang;
    let p = &l.projection;
    let frame = l.frame;
    let kinds = site_kinds(layers);
    let title = tr(
        lang,
        format!("覆盖图：{region}"),
        format!("Coverage map: {region}"),
    );
    let subtitle = tr(
        lang,
        format!("检查日期 {}；输入 {}", ctx.as_of, ctx.paths.join("、")),
        format!("As of {}; input {}", ctx.as_of, ctx.paths.join(", ")),
    );
    // Circles: fills under the areas (so an area's colour stays its own), outlines
    // over them (so the reach across an area shows).
    let circles: Vec<(f64, f64, f64, usize)> = layers
        .rings
        .iter()
        .enumerate()
        .flat_map(|(ri, ring)| {
            let r = ring.radius.to_f64() * p.px_per_metre();
            ring.around.iter().filter_map(move |&i| {
                let (lon, lat) = anchor(&layers.sites.get(i)?.shape)?;
                let (x, y) = p.px(lon, lat);
                Some((x, y, r, ri))
            })
        })
        .collect();
    let dash = |ri: usize| ["6 4", "2 3", "10 3 2 3"][ri % 3];
    let symbols: Vec<(f64, f64)> = layers
        .sites
        .iter()
        .filter_map(|s| anchor(&s.shape).map(|(lon, lat)| p.px(lon, lat)))
        .collect();
    let mut failing: Vec<&Area> = layers
        .areas
        .iter()
        .filter(|a| matches!(a.class, Class::FailError | Class::FailWarning))
        .collect();
    failing.sort_by(|a, b| a.class.cmp(&b.class).then(a.name.cmp(&b.name)));
    let labels = place_labels(p, frame, &failing, &symbols);
    let outcome_title = |a: &Area| {
        let mut t = format!("{} — {}", a.name, a.class.label(lang));
        for r in &a.failed {
            t.push_str(&format!("\n{}", ctx.rule_id(*r)));
        }
        t
    };
    let counts = |c: Class| layers.areas.iter().filter(|a| a.class == c).count();

    // Scale bar: a round length of at most a quarter of the frame.
    let bar_m = round_length(frame.w * 0.25 / p.px_per_metre());
    let bar_px = bar_m * p.px_per_metre();
    let bar_x = frame.x + 18.0;
    let bar_y = frame.y + frame.h + 26.0;
    let north_x = frame.x + frame.w - 10.0;
    let north_y = frame.y + frame.h + 10.0;

    let legend = {
        let mut y = TOP + 16.0;
        let mut rows: Vec<Markup> = Vec::new();
        let head = |y: &mut f64, text: String| {
            let m = html! { text x=(n(LEGEND_X + 12.0)) y=(n(*y + 14.0)) font-size="13" font-weight="bold" fill="#1a202c" { (text) } };
            *y += HEAD;
            m
        };
        rows.push(head(
            &mut y,
            lang.pick("空间规则检查结果", "Outcome on spatial rules")
                .to_string(),
        ));
        for c in Class::ALL {
            rows.push(html! {
                rect x=(n(LEGEND_X + 12.0)) y=(n(y)) width="18" height="14" fill=(c.colour()) stroke="#4a5568" stroke-width="0.8" {}
                text x=(n(LEGEND_X + 38.0)) y=(n(y + 11.5)) font-size="12" fill="#1a202c" { (c.label(lang)) " (" (counts(c)) ")" }
            });
            y += ROW;
        }
        if !kinds.is_empty() {
            y += 12.0;
            let mut ents: Vec<usize> = kinds.iter().map(|k| k.0).collect();
            ents.dedup();
            let names: Vec<String> = ents
                .iter()
                .map(|&e| {
                    let ent = &ctx.set.schema.entities[e];
                    match lang {
                        Lang::Zh => ent.labels.first().unwrap_or(&ent.name).clone(),
                        Lang::En => ent.name.replace('_', " "),
                    }
                })
                .collect();
            rows.push(head(&mut y, names.join(lang.pick("、", ", "))));
            for (i, (e, k)) in kinds.iter().enumerate() {
                rows.push(html! {
                    (symbol(i, LEGEND_X + 21.0, y + 7.0, SITE_COLOURS[i % SITE_COLOURS.len()]))
                    text x=(n(LEGEND_X + 38.0)) y=(n(y + 11.5)) font-size="12" fill="#1a202c" { (kind_label(ctx, *e, *k)) }
                });
                y += ROW;
            }
        }
        if !layers.rings.is_empty() {
            y += 12.0;
            rows.push(head(&mut y, lang.pick("半径", "Radii").to_string()));
            for (ri, ring) in layers.rings.iter().enumerate() {
                let metres = ring.radius.to_decimal_string(2);
                let rule = &ctx.set.rules[ring.rule].id;
                rows.push(html! {
                    circle cx=(n(LEGEND_X + 21.0)) cy=(n(y + 7.0)) r="8" fill=(RING_COLOUR) fill-opacity="0.1" stroke=(RING_COLOUR) stroke-width="1.5" stroke-dasharray=(dash(ri)) {}
                    text x=(n(LEGEND_X + 38.0)) y=(n(y + 11.5)) font-size="12" fill="#1a202c" {
                        (tr(lang, format!("{metres} m（{rule}）"), format!("{metres} m ({rule})")))
                    }
                    text x=(n(LEGEND_X + 38.0)) y=(n(y + 11.5 + ROW * 0.8)) font-size="11" fill="#4a5568" {
                        (tr(lang, format!("计入的设施周围（{} 处）", ring.around.len()), format!("around each site it counts ({})", ring.around.len())))
                    }
                });
                y += ROW * 2.0;
            }
        }
        let mut notes = Vec::new();
        if layers.undrawn > 0 {
            notes.push(tr(
                lang,
                format!("另有 {} 条记录没有几何图形，未画出", layers.undrawn),
                format!("{} records without geometry are not drawn", layers.undrawn),
            ));
        }
        if layers.beyond_limit > 0 {
            notes.push(tr(
                lang,
                format!(
                    "只画出前 {} 条有几何图形的记录，另有 {} 条未画出",
                    crate::run::MAP_LIMIT,
                    layers.beyond_limit
                ),
                format!(
                    "only the first {} records with a geometry are drawn; {} more are not",
                    crate::run::MAP_LIMIT,
                    layers.beyond_limit
                ),
            ));
        }
        if labels.len() < failing.len() {
            notes.push(tr(
                lang,
                format!(
                    "{} 处不符合的名称因拥挤未标注",
                    failing.len() - labels.len()
                ),
                format!(
                    "{} failing names left off where crowded",
                    failing.len() - labels.len()
                ),
            ));
        }
        y += 6.0;
        for note in notes {
            rows.push(html! {
                text x=(n(LEGEND_X + 12.0)) y=(n(y + 11.0)) font-size="11" fill="#4a5568" { (note) }
            });
            y += ROW * 0.8;
        }
        html! { @for r in &rows { (r) } }
    };

    let doc = html! {
        svg xmlns="http://www.w3.org/2000/svg" width=(n(WIDTH)) height=(n(l.height)) viewBox=(format!("0 0 {} {}", n(WIDTH), n(l.height))) font-family=(FONT) {
            title { (title) }
            rect x="0" y="0" width=(n(WIDTH)) height=(n(l.height)) fill="#ffffff" {}
            text x=(n(MAP_X)) y="32" font-size="20" font-weight="bold" fill="#1a202c" { (title) }
            text x=(n(MAP_X)) y="54" font-size="12" fill="#4a5568" { (subtitle) }
            rect x=(n(frame.x)) y=(n(frame.y)) width=(n(frame.w)) height=(n(frame.h)) fill="#f4f7fa" stroke="#a0aec0" stroke-width="1" {}
            g class="radius-fill" {
                @for (x, y, r, _) in &circles {
                    circle cx=(n(*x)) cy=(n(*y)) r=(n(*r)) fill=(RING_COLOUR) fill-opacity="0.08" {}
                }
            }
            g class="areas" {
                @for a in &layers.areas {
                    @match &*a.shape {
                        Shape::Area(_) => {
                            path d=(path(p, &a.shape)) fill=(a.class.colour()) fill-rule="evenodd" stroke="#4a5568" stroke-width="0.8" {
                                title { (outcome_title(a)) }
                            }
                        }
                        Shape::Point(pt) => {
                            @let (x, y) = p.px(pt.x(), pt.y());
                            circle cx=(n(x)) cy=(n(y)) r="5" fill=(a.class.colour()) stroke="#4a5568" stroke-width="1" {
                                title { (outcome_title(a)) }
                            }
                        }
                    }
                }
            }
            g class="radius" fill="none" stroke=(RING_COLOUR) stroke-width="1.4" {
                @for (x, y, r, ri) in &circles {
                    circle cx=(n(*x)) cy=(n(*y)) r=(n(*r)) stroke-dasharray=(dash(*ri)) {}
                }
            }
            g class="sites" {
                @for s in &layers.sites {
                    @let (i, colour) = kind_style(&kinds, s);
                    @if let Shape::Area(_) = &*s.shape {
                        path d=(path(p, &s.shape)) fill="none" stroke=(colour) stroke-width="1.5" {}
                    }
                    @if let Some((lon, lat)) = anchor(&s.shape) {
                        @let (x, y) = p.px(lon, lat);
                        g {
                            title { (s.name) " — " (kind_label(ctx, s.entity, s.kind)) }
                            (symbol(i, x, y, colour))
                        }
                    }
                }
            }
            g class="labels" font-size=(n(LABEL_SIZE)) font-weight="bold" text-anchor="middle" fill="#9b1c1c" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke" {
                @for (x, y, name) in &labels {
                    text x=(n(*x)) y=(n(*y)) { (name) }
                }
            }
            g class="north" {
                polygon points=(format!("{},{} {},{} {},{}", n(north_x), n(north_y), n(north_x - 7.0), n(north_y + 20.0), n(north_x + 7.0), n(north_y + 20.0))) fill="#1a202c" {}
                text x=(n(north_x - 12.0)) y=(n(north_y + 17.0)) font-size="12" font-weight="bold" text-anchor="end" fill="#1a202c" { (lang.pick("北", "N")) }
            }
            g class="scale" font-size="11" fill="#1a202c" {
                rect x=(n(bar_x)) y=(n(bar_y)) width=(n(bar_px / 2.0)) height="6" fill="#1a202c" {}
                rect x=(n(bar_x + bar_px / 2.0)) y=(n(bar_y)) width=(n(bar_px / 2.0)) height="6" fill="#ffffff" stroke="#1a202c" stroke-width="1" {}
                text x=(n(bar_x)) y=(n(bar_y - 6.0)) text-anchor="middle" { "0" }
                text x=(n(bar_x + bar_px / 2.0)) y=(n(bar_y - 6.0)) text-anchor="middle" { (n(bar_m / 2.0)) }
                text x=(n(bar_x + bar_px)) y=(n(bar_y - 6.0)) text-anchor="middle" { (n(bar_m)) " m" }
            }
            g class="legend" {
                rect x=(n(LEGEND_X)) y=(n(TOP)) width=(n(LEGEND_W)) height=(n(legend_height(layers))) fill="#ffffff" stroke="#a0aec0" stroke-width="1" {}
                (legend)
            }
            text x=(n(MAP_X)) y=(n(l.height - 12.0)) font-size="11" fill="#718096" {
                (lang.pick("投影：以数据中心为原点的局部等距圆柱投影（WGS84 椭球在该纬度的曲率半径）；圆为规则实际使用的半径。ylcheck 生成。",
                    "Projection: local equirectangular around the data's centre (WGS84 radii of curvature at its latitude); circles are the radii the rules measured. Made by ylcheck."))
            }
        }
    };
    let mut s = crate::report::tag_per_line(doc.into_string());
    s.push('\n');
    s
}
