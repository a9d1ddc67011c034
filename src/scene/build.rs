//! Turns a [`Diagram`] and its [`Layout`] into a [`Scene`]: shapes from kinds, colours from
//! the theme by d2's rules, diff marks, the heading and a legend, every coordinate rounded.

use super::theme::{self, Theme};
use super::{
    Align, Arrowhead, Edge, FontStyle, Legend, LegendEntry, Node, Paint, Point, Rect, Scene, Shape,
    Text,
};
use crate::graph::{Diagram, Mark};
use crate::layout::index::Index;
use crate::layout::{self, Direction, Engine, Layout, LayoutOptions};
use crate::measure::{self, TextBlock};
use crate::model::LinkKind;

/// How a scene is built.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneOptions {
    /// Colours. Default: [`theme::DEFAULT`] (d2's Neutral Default).
    pub theme: &'static Theme,
    /// Empty space around the picture, px. Default 40.
    pub pad: f64,
    /// Flow direction. Default: [`Direction::Right`].
    pub direction: Direction,
    /// Box placement engine. Default: [`Engine::Layered`].
    pub engine: Engine,
}

impl Default for SceneOptions {
    fn default() -> Self {
        SceneOptions {
            theme: &theme::DEFAULT,
            pad: 40.0,
            direction: Direction::Right,
            engine: Engine::Layered,
        }
    }
}

/// Heading size, px.
const HEADING_SIZE: f64 = 24.0;
/// Legend text size, px (d2: 14).
const LEGEND_SIZE: f64 = 14.0;
/// Dash pattern of dashed links and outlines.
const DASH: [f64; 2] = [6.0, 6.0];

/// Lays out and builds in one call.
pub fn draw(diagram: &Diagram, opts: &SceneOptions) -> Scene {
    let lo = LayoutOptions {
        direction: opts.direction,
        engine: opts.engine,
        ..LayoutOptions::default()
    };
    let l = layout::layout(diagram, &lo);
    build(diagram, &l, opts)
}

/// The outline style a link kind is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum LinkStyle {
    /// Solid, one head: run-time dependencies and backups.
    Solid,
    /// Dashed: monitoring and deploying, which are not on the data path.
    Dashed,
    /// Heads at both ends: data copied between the two.
    Double,
}

fn link_style(k: LinkKind) -> LinkStyle {
    match k {
        LinkKind::Monitors | LinkKind::Deploys => LinkStyle::Dashed,
        LinkKind::Replicates | LinkKind::Migrates => LinkStyle::Double,
        _ => LinkStyle::Solid,
    }
}

fn mark_name(m: Mark) -> Option<&'static str> {
    match m {
        Mark::Plain => None,
        Mark::Added => Some("added"),
        Mark::Removed => Some("removed"),
        Mark::Changed => Some("changed"),
        Mark::Moved => Some("moved"),
        Mark::Ghost => Some("ghost"),
    }
}

/// Applies a diff mark to a paint.
fn marked(mut p: Paint, m: Mark, t: &Theme) -> Paint {
    match m {
        Mark::Plain => {}
        // A moved item is otherwise unchanged: a brighter, heavier outline says "look here"
        // without claiming its attributes changed.
        Mark::Moved => {
            p.stroke = t.moved.into();
            p.stroke_width = 3.0;
        }
        Mark::Added => p.stroke = t.added.into(),
        Mark::Changed => p.stroke = t.changed.into(),
        Mark::Removed => {
            p.stroke = t.removed.into();
            p.dash = DASH.to_vec();
            p.opacity = 0.6;
        }
        Mark::Ghost => {
            p.fill = "none".into();
            p.dash = DASH.to_vec();
            p.opacity = 0.5;
        }
    }
    p
}

fn fill_for(shape: Shape, container: bool, depth: usize, t: &Theme) -> &'static str {
    if container {
        return match depth {
            0 => t.b4,
            1 => t.b5,
            2 => t.b6,
            _ => t.n7,
        };
    }
    match shape {
        Shape::Rectangle => t.b6,
        Shape::Cylinder => {
            if depth == 0 {
                t.aa4
            } else {
                t.aa5
            }
        }
        Shape::Page => {
            if depth == 0 {
                t.ab4
            } else {
                t.ab5
            }
        }
        Shape::Person => t.b3,
        Shape::Cloud => t.n7,
        Shape::Hexagon | Shape::Queue | Shape::Parallelogram => t.n5,
    }
}

/// A measured block as scene text, its lines centred on `cx` with the block's top at `top`.
fn text_at(b: &TextBlock, cx: f64, top: f64, color: &str) -> Text {
    Text {
        lines: b.lines.clone(),
        x: cx,
        y: top + b.ascent,
        line_height: b.line_height,
        size: b.size,
        style: b.style,
        color: color.into(),
        align: Align::Middle,
        bounds: Rect {
            x: cx - b.width / 2.0,
            y: top,
            w: b.width,
            h: b.height,
        },
    }
}

fn start_text(b: &TextBlock, x: f64, top: f64, color: &str) -> Text {
    let mut t = text_at(b, x + b.width / 2.0, top, color);
    t.x = x;
    t.align = Align::Start;
    t
}

/// Builds the scene of a laid-out diagram.
pub fn build(diagram: &Diagram, layout: &Layout, opts: &SceneOptions) -> Scene {
    let t = opts.theme;
    let pad = opts.pad;
    let heading = (!diagram.title.trim().is_empty())
        .then(|| measure::block(&diagram.title, FontStyle::Bold, HEADING_SIZE, f64::INFINITY));
    let heading_h = heading.as_ref().map_or(0.0, |h| h.height + 24.0);
    let (ox, oy) = (pad, pad + heading_h);
    let shift = |r: &Rect| Rect {
        x: r.x + ox,
        y: r.y + oy,
        w: r.w,
        h: r.h,
    };

    let mut order: Vec<usize> = (0..diagram.nodes.len()).collect();
    // Containers outermost first, then leaves; declaration order within each.
    order.sort_by_key(|&i| {
        let g = &layout.nodes[i];
        (!g.container, if g.container { g.depth } else { 0 }, i)
    });
    let nodes: Vec<Node> = order
        .into_iter()
        .map(|i| {
            let dn = &diagram.nodes[i];
            let g = &layout.nodes[i];
            let rect = shift(&g.rect);
            let tr = shift(&g.text_rect);
            let cx = tr.x + tr.w / 2.0;
            let mut texts = vec![text_at(&g.label, cx, tr.y, t.n1)];
            if let Some(c) = &g.caption {
                texts.push(text_at(c, cx, tr.y + g.label.height, t.n2));
            }
            let paint = Paint {
                fill: fill_for(g.shape, g.container, g.depth, t).into(),
                stroke: t.b1.into(),
                stroke_width: 2.0,
                dash: Vec::new(),
                opacity: 1.0,
            };
            Node {
                id: dn.id.clone(),
                shape: g.shape,
                rect,
                depth: g.depth,
                container: g.container,
                parent: dn.parent.map(|p| diagram.nodes[p].id.clone()),
                paint: marked(paint, dn.mark, t),
                texts,
                tooltip: dn.tooltip.clone(),
                class: mark_name(dn.mark).map(String::from),
            }
        })
        .collect();

    let mut ids: std::collections::BTreeMap<String, usize> = Default::default();
    let edges: Vec<Edge> = diagram
        .edges
        .iter()
        .zip(&layout.edges)
        .map(|(e, g)| {
            let from = diagram.nodes[e.from].id.clone();
            let to = diagram.nodes[e.to].id.clone();
            let base = format!("{from}->{to}#{}", e.kind.name());
            let count = ids.entry(base.clone()).or_insert(0);
            *count += 1;
            let id = if *count == 1 {
                base
            } else {
                format!("{base}#{count}")
            };
            let style = link_style(e.kind);
            let paint = Paint {
                fill: "none".into(),
                stroke: t.b1.into(),
                stroke_width: 2.0,
                dash: if style == LinkStyle::Dashed {
                    DASH.to_vec()
                } else {
                    Vec::new()
                },
                opacity: 1.0,
            };
            let label = g.label.as_ref().map(|l| {
                let r = shift(&l.rect);
                text_at(&l.text, r.x + r.w / 2.0, r.y, t.n2)
            });
            Edge {
                id,
                from,
                to,
                route: g
                    .route
                    .iter()
                    .map(|p| Point {
                        x: p.x + ox,
                        y: p.y + oy,
                    })
                    .collect(),
                corner_radius: 10.0,
                paint: marked(paint, e.mark, t),
                start: if style == LinkStyle::Double {
                    Arrowhead::Triangle
                } else {
                    Arrowhead::None
                },
                end: Arrowhead::Triangle,
                label,
                gaps: Vec::new(),
                tooltip: e.tooltip.clone(),
                class: mark_name(e.mark).map(String::from),
            }
        })
        .collect();

    let content_bottom = oy + layout.height;
    let legend = build_legend(diagram, t, pad, content_bottom + 30.0);
    let heading_w = heading.as_ref().map_or(0.0, |h| h.width);
    let legend_w = legend.as_ref().map_or(0.0, |l| l.rect.w);
    let width = layout.width.max(heading_w).max(legend_w) + 2.0 * pad;
    let height = legend.as_ref().map_or(content_bottom, |l| l.rect.bottom()) + pad;
    let mut scene = Scene {
        width,
        height,
        background: t.n7.into(),
        title: diagram.title.clone(),
        description: diagram.description.clone(),
        heading: heading.map(|h| start_text(&h, pad, pad, t.n1)),
        nodes,
        edges,
        legend,
    };
    round_scene(&mut scene);
    cut_lines_under_labels(&mut scene);
    scene
}

/// Padding around a link label where its own line is cut, in px (3).
pub const LABEL_GAP: f64 = 3.0;

/// Sets each link's [`Edge::gaps`]: its own label, padded by [`LABEL_GAP`], and any other
/// label whose text box its line runs through (rare: layout keeps other lines clear where it
/// can). A line that only passes close by stays whole, since a gap in it beside the text
/// would read as a break. [`build`] calls it; a scene placed or edited by hand calls it
/// again after its labels move.
pub fn cut_lines_under_labels(scene: &mut Scene) {
    let grow = |r: &Rect, m: f64| Rect {
        x: r.x - m,
        y: r.y - m,
        w: (r.w + 2.0 * m).max(0.0),
        h: (r.h + 2.0 * m).max(0.0),
    };
    let bounds = Rect {
        x: 0.0,
        y: 0.0,
        w: scene.width,
        h: scene.height,
    };
    let boxes: Vec<Option<Rect>> = scene
        .edges
        .iter()
        .map(|e| e.label.as_ref().map(|l| l.bounds))
        .collect();
    let mut index = Index::new(bounds, 160.0, boxes.len());
    for (i, b) in boxes.iter().enumerate() {
        if let Some(b) = b {
            index.insert(i, b);
        }
    }
    for (own, e) in scene.edges.iter_mut().enumerate() {
        let mut hit: Vec<usize> = Vec::new();
        for w in e.route.windows(2) {
            let (a, b) = (w[0], w[1]);
            let span = Rect {
                x: a.x.min(b.x),
                y: a.y.min(b.y),
                w: (a.x - b.x).abs(),
                h: (a.y - b.y).abs(),
            };
            index.query(&span, |id| {
                // A line along the edge of the box only touches it.
                let under =
                    boxes[id].is_some_and(|t| grow(&t, -0.5).segment_inside(a, b).is_some());
                if id != own && under {
                    hit.push(id);
                }
            });
        }
        hit.sort_unstable();
        hit.dedup();
        let others = hit.into_iter().filter_map(|id| boxes[id]);
        e.gaps = boxes[own]
            .map(|t| grow(&t, LABEL_GAP))
            .into_iter()
            .chain(others)
            .collect();
        e.gaps.iter_mut().for_each(round_rect);
    }
}

/// One legend row per link style and per diff mark present, when more than one link style
/// is used or anything is marked.
fn build_legend(d: &Diagram, t: &Theme, x: f64, y: f64) -> Option<Legend> {
    let mut styles: Vec<(LinkStyle, Vec<&'static str>)> = Vec::new();
    for e in &d.edges {
        let s = link_style(e.kind);
        match styles.iter_mut().find(|x| x.0 == s) {
            Some(x) => {
                if !x.1.contains(&e.kind.name()) {
                    x.1.push(e.kind.name());
                }
            }
            None => styles.push((s, vec![e.kind.name()])),
        }
    }
    styles.sort_by_key(|s| s.0);
    let mut marks: Vec<Mark> = Vec::new();
    for m in d
        .nodes
        .iter()
        .map(|n| n.mark)
        .chain(d.edges.iter().map(|e| e.mark))
    {
        if m != Mark::Plain && !marks.contains(&m) {
            marks.push(m);
        }
    }
    marks.sort_by_key(|m| *m as u8);
    if styles.len() < 2 && marks.is_empty() {
        return None;
    }
    let pad = 16.0;
    let title = measure::block("Legend", FontStyle::Bold, LEGEND_SIZE, f64::INFINITY);
    let mut rows: Vec<(Paint, bool, Arrowhead, Arrowhead, TextBlock)> = Vec::new();
    let line = |dash: bool| Paint {
        fill: "none".into(),
        stroke: t.b1.into(),
        stroke_width: 2.0,
        dash: if dash { DASH.to_vec() } else { Vec::new() },
        opacity: 1.0,
    };
    if styles.len() >= 2 {
        for (s, kinds) in &styles {
            let text = measure::block(
                &kinds.join(", "),
                FontStyle::Regular,
                LEGEND_SIZE,
                f64::INFINITY,
            );
            let start = if *s == LinkStyle::Double {
                Arrowhead::Triangle
            } else {
                Arrowhead::None
            };
            rows.push((
                line(*s == LinkStyle::Dashed),
                true,
                start,
                Arrowhead::Triangle,
                text,
            ));
        }
    }
    for m in marks {
        let base = Paint {
            fill: t.b6.into(),
            stroke: t.b1.into(),
            stroke_width: 2.0,
            dash: Vec::new(),
            opacity: 1.0,
        };
        let what = match m {
            Mark::Added => "added",
            Mark::Removed => "removed",
            Mark::Changed => "changed",
            Mark::Moved => "moved (drawn where it is now)",
            Mark::Ghost => "where a moved item was",
            Mark::Plain => continue,
        };
        let text = measure::block(what, FontStyle::Regular, LEGEND_SIZE, f64::INFINITY);
        rows.push((
            marked(base, m, t),
            false,
            Arrowhead::None,
            Arrowhead::None,
            text,
        ));
    }
    let sample_w = 44.0;
    let row_h = rows
        .iter()
        .map(|r| r.4.height)
        .fold(title.height, f64::max)
        .max(18.0);
    let text_w = rows.iter().map(|r| r.4.width).fold(0.0, f64::max);
    let w = (pad * 2.0 + sample_w + 12.0 + text_w).max(title.width + 2.0 * pad);
    let mut cy = y + pad + title.height + 8.0;
    let mut entries = Vec::new();
    for (paint, is_line, start, end, text) in rows {
        let sample = if is_line {
            Rect {
                x: x + pad,
                y: cy + row_h / 2.0 - 6.0,
                w: sample_w,
                h: 12.0,
            }
        } else {
            Rect {
                x: x + pad + 10.0,
                y: cy + row_h / 2.0 - 8.0,
                w: 24.0,
                h: 16.0,
            }
        };
        let top = cy + (row_h - text.height) / 2.0;
        entries.push(LegendEntry {
            paint,
            line: is_line,
            start,
            end,
            text: start_text(&text, x + pad + sample_w + 12.0, top, t.n1),
            sample,
        });
        cy += row_h + 6.0;
    }
    let rect = Rect {
        x,
        y,
        w,
        h: cy - y + pad - 6.0,
    };
    Some(Legend {
        rect,
        paint: Paint {
            fill: t.n7.into(),
            stroke: t.n4.into(),
            stroke_width: 1.0,
            dash: Vec::new(),
            opacity: 1.0,
        },
        title: start_text(&title, x + pad, y + pad, t.n1),
        entries,
    })
}

fn r2(v: &mut f64) {
    *v = (*v * 100.0).round() / 100.0;
    if *v == 0.0 {
        *v = 0.0; // no "-0"
    }
}

fn round_rect(r: &mut Rect) {
    r2(&mut r.x);
    r2(&mut r.y);
    r2(&mut r.w);
    r2(&mut r.h);
}

fn round_text(t: &mut Text) {
    r2(&mut t.x);
    r2(&mut t.y);
    r2(&mut t.line_height);
    round_rect(&mut t.bounds);
}

/// Rounds every coordinate to 1/100 px so output is byte-stable.
fn round_scene(s: &mut Scene) {
    r2(&mut s.width);
    r2(&mut s.height);
    if let Some(h) = &mut s.heading {
        round_text(h);
    }
    for n in &mut s.nodes {
        round_rect(&mut n.rect);
        n.texts.iter_mut().for_each(round_text);
    }
    for e in &mut s.edges {
        for p in &mut e.route {
            r2(&mut p.x);
            r2(&mut p.y);
        }
        if let Some(l) = &mut e.label {
            round_text(l);
        }
    }
    if let Some(l) = &mut s.legend {
        round_rect(&mut l.rect);
        round_text(&mut l.title);
        for e in &mut l.entries {
            round_rect(&mut e.sample);
            round_text(&mut e.text);
        }
    }
}
