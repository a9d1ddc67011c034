//! Stage 6, *scene*: the finished picture as plain data, the contract between layout and
//! renderers (like usvg's `Tree` or d2's `d2target.Diagram`).
//!
//! Everything is in absolute pixel coordinates with colours and fonts resolved, so a
//! renderer only draws: it never measures text, never looks at the inventory and never
//! decides a colour. `zukai render --format json` writes this value, and geometry tests read
//! it. Coordinates are rounded to 1/100 px when the scene is built, so output is byte-stable.
//!
//! Paint order is the order of the vectors: containers (outermost first), then links, then
//! leaf shapes, then labels — so arrows never hide a box and no box hides a label.

pub mod build;
pub mod theme;

use serde::{Deserialize, Serialize};

/// A point in scene pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Point {
    /// Horizontal, growing right.
    pub x: f64,
    /// Vertical, growing down.
    pub y: f64,
}

/// An axis-aligned rectangle: top-left corner and size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width (≥ 0).
    pub w: f64,
    /// Height (≥ 0).
    pub h: f64,
}

impl Rect {
    /// Right edge.
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    /// Centre point.
    pub fn center(&self) -> Point {
        Point {
            x: self.x + self.w / 2.0,
            y: self.y + self.h / 2.0,
        }
    }
    /// Whether the two rectangles share interior area.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
    /// Whether `o` lies inside this rectangle (edges may touch).
    pub fn contains(&self, o: &Rect) -> bool {
        o.x >= self.x - 1e-6
            && o.y >= self.y - 1e-6
            && o.right() <= self.right() + 1e-6
            && o.bottom() <= self.bottom() + 1e-6
    }
    /// The part of segment `a`–`b` inside this rectangle, as parameters `0 ≤ t0 < t1 ≤ 1`
    /// (Liang–Barsky); `None` when the segment misses it or only touches it.
    pub fn segment_inside(&self, a: Point, b: Point) -> Option<(f64, f64)> {
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.x - self.x),
            (dx, self.right() - a.x),
            (-dy, a.y - self.y),
            (dy, self.bottom() - a.y),
        ] {
            if p.abs() < 1e-12 {
                if q < 0.0 {
                    return None;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        (t1 - t0 > 1e-9).then_some((t0, t1))
    }
}

/// The outline drawn for a node; chosen from the item's kind when the scene is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// Plain box: containers and most workloads.
    Rectangle,
    /// Data stores.
    Cylinder,
    /// SaaS and the Internet.
    Cloud,
    /// Users.
    Person,
    /// Job queues.
    Queue,
    /// Kubernetes Services and load balancers.
    Hexagon,
    /// Git repositories and documents.
    Page,
    /// DNS records and other pointers.
    Parallelogram,
}

impl Shape {
    /// The outline for an item kind: cylinders for data stores, a cloud for SaaS and cloud
    /// providers, a person for users, a hexagon for Services, load balancers and ingresses,
    /// a page for git repositories, a parallelogram for DNS, a rectangle otherwise.
    pub fn for_kind(kind: crate::model::Kind) -> Shape {
        use crate::model::{Category, Kind};
        match kind {
            Kind::Users => Shape::Person,
            Kind::Saas | Kind::CloudProvider => Shape::Cloud,
            Kind::Service | Kind::LoadBalancer | Kind::Ingress => Shape::Hexagon,
            Kind::GitRepo => Shape::Page,
            Kind::Dns => Shape::Parallelogram,
            k if k.category() == Category::Store => Shape::Cylinder,
            _ => Shape::Rectangle,
        }
    }

    /// The outline's box for a padded text box of `w` × `h`: room for a cylinder's lid, a
    /// hexagon's points, a cloud's bumps, so the text stays inside the drawn outline.
    pub fn outer_size(self, w: f64, h: f64) -> (f64, f64) {
        match self {
            Shape::Rectangle => (w, h),
            Shape::Cylinder => (w, h + 24.0),
            // d2's inner text box of a cloud: 82% of the width, 55% of the height.
            Shape::Cloud => ((w / 0.82).max(h / 0.55 * 1.5), h / 0.55),
            Shape::Person => {
                // The text sits in the body, below the shoulders (the lower ~40%).
                let text_h = h - 2.0 * 22.0;
                let oh = ((text_h + 12.0) / 0.36).max(90.0);
                ((w - 10.0).max(oh * 0.9), oh)
            }
            Shape::Queue => (w + 30.0, h),
            Shape::Hexagon => (w + h * 0.5, h),
            Shape::Page => (w + 12.0, h + 8.0),
            Shape::Parallelogram => (w + h * 0.5, h),
        }
    }

    /// The band, from the top and from the bottom of an outline `h` px tall, that the text
    /// stays out of (a cylinder's lid, a person's head), px.
    pub fn text_insets(self, h: f64) -> (f64, f64) {
        match self {
            Shape::Cylinder => (18.0, 6.0),
            Shape::Person => (0.6 * h, 4.0),
            Shape::Cloud => (0.41 * h, 0.04 * h),
            Shape::Page => (8.0, 0.0),
            _ => (0.0, 0.0),
        }
    }
}

/// Stroke and fill of a shape or link, resolved from the theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paint {
    /// Fill colour, `#RRGGBB`, or `none`.
    pub fill: String,
    /// Stroke colour, `#RRGGBB`.
    pub stroke: String,
    /// Stroke width in px. d2 default: 2.
    pub stroke_width: f64,
    /// Dash pattern (`[dash, gap]`), empty for solid.
    pub dash: Vec<f64>,
    /// Opacity from 0 to 1. Default 1.
    pub opacity: f64,
}

/// Font style of a text run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FontStyle {
    /// Upright regular (container titles).
    Regular,
    /// Upright bold (leaf labels).
    Bold,
    /// Italic (link labels, captions).
    Italic,
}

/// Horizontal alignment of text relative to its anchor x.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Align {
    /// Text starts at x.
    Start,
    /// Text is centred on x.
    Middle,
    /// Text ends at x.
    End,
}

/// A block of text already measured, wrapped and placed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Text {
    /// One entry per line, already wrapped.
    pub lines: Vec<String>,
    /// Anchor x (see `align`).
    pub x: f64,
    /// Baseline of the first line.
    pub y: f64,
    /// Distance between baselines.
    pub line_height: f64,
    /// Font size in px.
    pub size: f64,
    /// Regular, bold or italic.
    pub style: FontStyle,
    /// Colour, `#RRGGBB`.
    pub color: String,
    /// Alignment on `x`.
    pub align: Align,
    /// The box the measured text occupies (for overlap checks and label masks).
    pub bounds: Rect,
}

/// One drawn item: a container (with children drawn inside it) or a leaf shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// The inventory id; unique in the scene.
    pub id: String,
    /// Outline.
    pub shape: Shape,
    /// Where the outline is drawn.
    pub rect: Rect,
    /// Nesting depth: 0 for top-level items.
    pub depth: usize,
    /// Whether other nodes are drawn inside it.
    pub container: bool,
    /// The id of the container it sits in.
    pub parent: Option<String>,
    /// Colours and stroke.
    pub paint: Paint,
    /// Name (bold for leaves, regular for container titles) and an optional caption line
    /// block (kind, replicas, schedule), already positioned.
    pub texts: Vec<Text>,
    /// Attribute lines shown as a tooltip (`<title>` in SVG): `key: value`.
    pub tooltip: Vec<String>,
    /// Extra marks drawn with the node (a diff badge, a ghost outline); empty normally.
    pub class: Option<String>,
}

/// How a link's end is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Arrowhead {
    /// Nothing.
    None,
    /// A filled triangle, d2's `->` (10×12 px at stroke width 2).
    Triangle,
}

/// One drawn link: a route from the border of one node to the border of another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// Stable id: `from->to#kind` (with a counter when repeated).
    pub id: String,
    /// Id of the node it starts at.
    pub from: String,
    /// Id of the node it points to.
    pub to: String,
    /// The route: first point on `from`'s border, last on `to`'s border. Straight segments;
    /// the renderer rounds corners with `corner_radius`.
    pub route: Vec<Point>,
    /// Radius for rounding bends. d2 default: 10.
    pub corner_radius: f64,
    /// Line colour, width and dashes.
    pub paint: Paint,
    /// Head at `route[0]`.
    pub start: Arrowhead,
    /// Head at the last point.
    pub end: Arrowhead,
    /// Italic label placed on the route, if any.
    pub label: Option<Text>,
    /// Where the line is not drawn: around its own label, and under any other label whose
    /// text it runs through, so no line crosses a label's text (d2 masks links behind labels
    /// the same way). Empty when nothing cuts it.
    #[serde(default)]
    pub gaps: Vec<Rect>,
    /// Tooltip lines (kind, protocol, port).
    pub tooltip: Vec<String>,
    /// Diff class or style class; `None` normally.
    pub class: Option<String>,
}

/// One row of the legend: a sample line and what it means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegendEntry {
    /// How the sample is drawn (line or swatch).
    pub paint: Paint,
    /// Whether the sample is a line (links) or a filled swatch (diff states).
    pub line: bool,
    /// Heads of a line sample.
    pub start: Arrowhead,
    /// Heads of a line sample.
    pub end: Arrowhead,
    /// What it means, placed.
    pub text: Text,
    /// Where the sample is drawn.
    pub sample: Rect,
}

/// A box explaining the styles used in the picture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Legend {
    /// The legend's frame.
    pub rect: Rect,
    /// Its frame paint.
    pub paint: Paint,
    /// "Legend" heading.
    pub title: Text,
    /// Rows in order.
    pub entries: Vec<LegendEntry>,
}

/// A whole diagram, ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scene {
    /// Canvas width, padding included.
    pub width: f64,
    /// Canvas height, padding included.
    pub height: f64,
    /// Background colour.
    pub background: String,
    /// Accessible title (the era's title).
    pub title: String,
    /// Accessible description (what is drawn, in one sentence).
    pub description: String,
    /// The title drawn at the top of the picture, if any.
    pub heading: Option<Text>,
    /// Containers then leaves, parents before children.
    pub nodes: Vec<Node>,
    /// Links, in inventory order.
    pub edges: Vec<Edge>,
    /// Legend, when more than one link style or diff state appears.
    pub legend: Option<Legend>,
}
