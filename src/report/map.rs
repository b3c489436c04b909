//! The coverage map (`ylcheck map`, and the map of `--format html`): every record
//! with a geometry, drawn as one self-contained SVG from the run's traces.
//!
//! What is drawn comes from the compiled packs, not from names:
//! - the *sites* are the records of the entities that spatial aggregates run over
//!   (`exists(facility where distance(location, self.location) <= r)`): symbols by
//!   the value of their entity's first enum field (a facility's `kind`);
//! - around each site an aggregate with a radius counts (its `where` holds for the
//!   site alone: `kind in [community_center, street_center]`), a circle of the
//!   radius the rule measured with — `--param` overrides included, since the
//!   radius is read from the compiled aggregate. A site drawn as a boundary gets
//!   its circle around its centroid, though the rule measures from its nearest
//!   edge: the map then understates the reach by up to the site's own size;
//! - every other record with a geometry is an *area* (a polygon, or a dot when it
//!   only has a point), shaded by its outcome on the rules that measure geometry;
//!   failing areas are labelled by name.

mod draw;
pub mod project;

use super::{Context, Totals};
use crate::data::Value;
use crate::eval::Outcome;
use crate::eval::Trace;
use crate::num::Q;
use crate::pack::{Agg, Severity};
use crate::schema::{EntityId, FieldType, Slot};
use crate::spatial::Shape;
use std::sync::Arc;

/// How an area came out on the spatial rules, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Fails a rule of error severity.
    FailError,
    Unknown,
    /// Fails only rules of lower severity.
    FailWarning,
    Pass,
    /// No spatial rule checked it (out of force, not selected, filtered out).
    NotChecked,
}

impl Class {
    pub const ALL: [Class; 5] = [
        Class::FailError,
        Class::FailWarning,
        Class::Unknown,
        Class::Pass,
        Class::NotChecked,
    ];

    /// The fill colour, also what the render test looks for.
    pub fn colour(self) -> &'static str {
        match self {
            Class::FailError => "#e0452f",
            Class::FailWarning => "#f5a25d",
            Class::Unknown => "#a98fd6",
            Class::Pass => "#8cd08c",
            Class::NotChecked => "#d6d6d6",
        }
    }

    fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Class::FailError => lang.pick("不符合（错误）", "fails (error)"),
            Class::FailWarning => lang.pick("不符合（警告）", "fails (warning)"),
            Class::Unknown => lang.pick("无法判断", "unknown"),
            Class::Pass => lang.pick("通过", "passes"),
            Class::NotChecked => lang.pick("未检查", "not checked"),
        }
    }
}

/// A record shaded by outcome.
struct Area {
    name: String,
    shape: Arc<Shape>,
    class: Class,
    /// The spatial rules it failed or could not be checked against.
    failed: Vec<usize>,
}

/// A record drawn as a symbol.
struct Site {
    name: String,
    shape: Arc<Shape>,
    entity: EntityId,
    /// The value of its entity's first enum field, if set.
    kind: Option<u16>,
}

/// A radius a rule measures around the sites it counts.
#[derive(Debug, Clone, PartialEq)]
struct Ring {
    rule: usize,
    radius: Q,
    /// The sites it counts (indexes into [`Layers::sites`]).
    around: Vec<usize>,
}

/// Everything the map shows, gathered from the traces.
struct Layers {
    areas: Vec<Area>,
    sites: Vec<Site>,
    rings: Vec<Ring>,
    /// Records of entities with a geometry field that have none (blank or
    /// unreadable): counted in the legend, since they cannot be shown.
    undrawn: usize,
    /// Records with a geometry past the map's limit, left out.
    beyond_limit: usize,
}

/// The slot of an entity's first geometry field, and of its first enum field.
fn slots(ctx: &Context<'_>, entity: EntityId) -> (Option<Slot>, Option<Slot>) {
    let fields = &ctx.set.schema.entities[entity].fields;
    (
        fields.iter().position(|f| f.ty == FieldType::Geometry),
        fields
            .iter()
            .position(|f| matches!(f.ty, FieldType::Enum(_))),
    )
}

/// The aggregates that measure geometry, with the rule each belongs to.
fn spatial_aggs<'s>(ctx: &Context<'s>) -> Vec<(usize, &'s Agg)> {
    let mut out = Vec::new();
    for (i, r) in ctx.set.rules.iter().enumerate() {
        let mut aggs = Vec::new();
        // The scope and requirement, and the lets they use (which a message alone
        // may also show, without their aggregates deciding anything).
        let mut lets = Vec::new();
        for n in r.filter.iter().chain(std::iter::once(&r.require)) {
            crate::eval::aggregate::aggs_in(n, &mut aggs);
            n.lets_used(&mut lets);
        }
        for l in lets.iter().filter_map(|&i| r.lets.get(i)) {
            crate::eval::aggregate::aggs_in(&l.node, &mut aggs);
        }
        out.extend(
            aggs.into_iter()
                .filter(|a| {
                    a.near.is_some()
                        || a.inner()
                            .any(|n| n.any(&|n| matches!(n, crate::pack::Node::Spatial(..))))
                })
                .map(|a| (i, a)),
        );
    }
    out
}

/// `traces` are the records the map draws (the run may have kept others too);
/// `totals` says which rules checked anything and how many records it could not
/// draw that it kept no trace of.
fn gather(ctx: &Context<'_>, traces: &[Trace], totals: &Totals) -> Layers {
    let set = ctx.set;
    let aggs = spatial_aggs(ctx);
    let site_entities: Vec<EntityId> = aggs.iter().map(|(_, a)| a.entity).collect();
    // Rules that checked anything in this run: their radii are drawn.
    let ran: Vec<bool> = (0..set.rules.len())
        .map(|r| totals.per_rule.get(r).is_some_and(|s| s.checks > 0))
        .collect();
    let mut rings: Vec<(Ring, &Agg)> = Vec::new();
    for (rule, a) in &aggs {
        if let Some(near) = &a.near
            && ran[*rule]
            && !rings
                .iter()
                .any(|(r, b)| r.rule == *rule && std::ptr::eq(*b, *a))
        {
            rings.push((
                Ring {
                    rule: *rule,
                    radius: near.radius,
                    around: Vec::new(),
                },
                a,
            ));
        }
    }
    let name_of = |t: &Trace| {
        let ent = &set.schema.entities[t.entity];
        ent.name_slot()
            .and_then(|s| match t.record.values.get(s) {
                Some(Value::Text(x)) => Some(x.to_string()),
                _ => None,
            })
            .unwrap_or_else(|| format!("{} #{}", ent.name, t.record.pos.row + 1))
    };
    let mut areas = Vec::new();
    let mut sites = Vec::new();
    let mut undrawn = totals.undrawn;
    for t in traces {
        let (geo, kind) = slots(ctx, t.entity);
        let Some(Value::Shape(shape)) = geo.and_then(|s| t.record.values.get(s)) else {
            undrawn += usize::from(geo.is_some());
            continue;
        };
        if site_entities.contains(&t.entity) {
            let i = sites.len();
            for (ring, a) in &mut rings {
                if a.entity == t.entity && crate::eval::aggregate::admits(a, &t.record, ctx.as_of) {
                    ring.around.push(i);
                }
            }
            sites.push(Site {
                name: name_of(t),
                shape: shape.clone(),
                entity: t.entity,
                kind: kind.and_then(|s| match t.record.values.get(s) {
                    Some(Value::Enum(v)) => Some(*v),
                    _ => None,
                }),
            });
            continue;
        }
        let mut class = Class::NotChecked;
        let mut failed = Vec::new();
        for &(r, outcome) in &t.checks {
            let rule = &set.rules[r];
            if !rule.is_spatial() {
                continue;
            }
            let c = match (outcome, rule.severity) {
                (Outcome::Pass, _) => Class::Pass,
                (Outcome::Unknown, _) => Class::Unknown,
                (Outcome::Fail, Severity::Error) => Class::FailError,
                (Outcome::Fail, _) => Class::FailWarning,
            };
            if c != Class::Pass {
                failed.push(r);
            }
            class = class.min(c);
        }
        areas.push(Area {
            name: name_of(t),
            shape: shape.clone(),
            class,
            failed,
        });
    }
    Layers {
        areas,
        sites,
        rings: rings.into_iter().map(|(r, _)| r).collect(),
        undrawn,
        beyond_limit: totals.beyond_limit,
    }
}

/// The map as SVG text, or `None` when no record has a geometry. `region` is the
/// region the run checked against, for the title.
pub fn render(
    ctx: &Context<'_>,
    traces: &[Trace],
    totals: &Totals,
    region: &str,
) -> Option<String> {
    let layers = gather(ctx, traces, totals);
    if layers.areas.is_empty() && layers.sites.is_empty() {
        return None;
    }
    // Names from the data may hold characters XML forbids.
    let svg = draw::svg(ctx, &layers, region);
    // Escaped text is a new string; text needing none is kept, not copied.
    Some(match crate::escape::xml(&svg) {
        std::borrow::Cow::Owned(escaped) => escaped,
        std::borrow::Cow::Borrowed(_) => svg,
    })
}

/// The pixel at which the map of these traces draws a longitude–latitude: what a
/// test needs to look at the right place of the rendered picture.
pub fn pixel_of(
    ctx: &Context<'_>,
    traces: &[Trace],
    totals: &Totals,
    lon: f64,
    lat: f64,
) -> Option<(f64, f64)> {
    let layers = gather(ctx, traces, totals);
    draw::layout(&layers).map(|l| l.projection.px(lon, lat))
}
