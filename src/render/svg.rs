//! Scene → SVG text.
//!
//! The SVG is written for two readers at once: browsers and resvg. So it uses presentation
//! attributes only (resvg ignores CSS selectors, d2#1560), and its one `<style>` block holds
//! nothing but `@font-face` rules, which usvg skips and browsers use. It never references
//! anything, not even inside itself: fonts are inlined as `data:` URLs, and there are no
//! masks, gradients or `<use>`.
//!
//! Paint order follows the scene: containers, links, leaf shapes, then link labels last.
//! Every number is written with at most two decimals, so the same scene gives the same bytes.

use super::font_face::{self, Corpus};
use crate::measure::fonts;
use crate::scene::{Align, Arrowhead, Edge, Legend, Node, Paint, Point, Rect, Scene, Shape, Text};
use std::fmt::Write as _;

/// Cylinder and queue cap depth (d2's `defaultArcDepth`), in px.
const ARC_DEPTH: f64 = 24.0;

/// How far the Bézier handles of a cylinder/queue cap reach, as a share of the side
/// (0.45 approximates an ellipse, as d2 draws it).
const CAP_HANDLE: f64 = 0.45;

/// Width the scene adds to a queue for its two rounded ends (`Shape::outer_size`), in px.
const QUEUE_ENDS: f64 = 30.0;

/// Side of the folded corner of a page, in px.
const PAGE_FOLD: f64 = 20.0;

/// Writes the whole scene as a standalone SVG document.
pub fn to_svg(scene: &Scene) -> String {
    let mut corpus = Corpus::default();
    collect_text(scene, &mut corpus);

    let mut s = String::with_capacity(64 * 1024);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let (w, h) = (num(scene.width), num(scene.height));
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{w}\" \
         height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-labelledby=\"zukai-title zukai-desc\">"
    );
    let _ = writeln!(s, "<title id=\"zukai-title\">{}</title>", esc(&scene.title));
    let _ = writeln!(
        s,
        "<desc id=\"zukai-desc\">{}</desc>",
        esc(&scene.description)
    );
    let rules = font_face::rules(&corpus);
    if !rules.is_empty() {
        let _ = write!(s, "<style>\n{rules}</style>\n");
    }
    let _ = writeln!(
        s,
        "<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"{}\"/>",
        esc(&scene.background)
    );

    if let Some(heading) = &scene.heading {
        s.push_str("<g id=\"heading\">\n");
        text(&mut s, heading);
        s.push_str("</g>\n");
    }
    for node in scene.nodes.iter().filter(|n| n.container) {
        node_group(&mut s, node);
    }
    for edge in &scene.edges {
        edge_group(&mut s, edge);
    }
    for node in scene.nodes.iter().filter(|n| !n.container) {
        node_group(&mut s, node);
    }
    // Labels last: no line or box may cover them.
    for edge in &scene.edges {
        if let Some(label) = &edge.label {
            let _ = writeln!(s, "<g id=\"label-{}\">", esc(&edge.id));
            tooltip(&mut s, &edge.tooltip, &edge.id);
            text(&mut s, label);
            s.push_str("</g>\n");
        }
    }
    if let Some(legend) = &scene.legend {
        legend_group(&mut s, legend);
    }
    s.push_str("</svg>\n");
    s
}

/// Every string the scene draws, by face, for the embedded font subsets.
fn collect_text(scene: &Scene, corpus: &mut Corpus) {
    let mut add = |t: &Text| {
        for line in &t.lines {
            corpus.add(t.style, &clean(line));
        }
    };
    scene.heading.iter().for_each(&mut add);
    scene.nodes.iter().flat_map(|n| &n.texts).for_each(&mut add);
    scene
        .edges
        .iter()
        .filter_map(|e| e.label.as_ref())
        .for_each(&mut add);
    if let Some(l) = &scene.legend {
        add(&l.title);
        l.entries.iter().for_each(|e| add(&e.text));
    }
}

fn node_group(s: &mut String, node: &Node) {
    let _ = write!(s, "<g id=\"node-{}\"", esc(&node.id));
    if let Some(class) = &node.class {
        let _ = write!(s, " class=\"{}\"", esc(class));
    }
    if node.paint.opacity < 1.0 {
        let _ = write!(s, " opacity=\"{}\"", num(node.paint.opacity.max(0.0)));
    }
    s.push_str(">\n");
    tooltip(s, &node.tooltip, &node.id);
    let label_top = node.texts.iter().map(|t| t.bounds.y).min_by(f64::total_cmp);
    let (outer, inner) = outline(node.shape, &node.rect, label_top);
    let paint = shape_paint(&node.paint, true);
    match outer {
        Outline::Rect(r) => rect(s, &r, &paint),
        Outline::Path(d) => {
            let _ = writeln!(s, "<path d=\"{d}\"{paint}/>");
        }
    }
    if let Some(d) = inner {
        let _ = writeln!(s, "<path d=\"{d}\"{}/>", shape_paint(&node.paint, false));
    }
    for t in &node.texts {
        text(s, t);
    }
    s.push_str("</g>\n");
}

/// `<title>` of a group: its tooltip lines, or `fallback` when there are none, so every
/// shape has one.
fn tooltip(s: &mut String, lines: &[String], fallback: &str) {
    let body = if lines.is_empty() {
        fallback.to_string()
    } else {
        lines.join("\n")
    };
    let _ = writeln!(s, "<title>{}</title>", esc(&body));
}

/// Presentation attributes of a shape outline; `filled` false for the inner strokes of a
/// cylinder cap, queue end or page fold.
fn shape_paint(p: &Paint, filled: bool) -> String {
    let fill = if filled { p.fill.as_str() } else { "none" };
    let mut a = format!(
        " fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\"",
        esc(fill),
        esc(&p.stroke),
        num(p.stroke_width)
    );
    dashes(&mut a, &p.dash);
    a
}

fn dashes(a: &mut String, dash: &[f64]) {
    if !dash.is_empty() && dash.iter().all(|d| *d >= 0.0) && dash.iter().any(|d| *d > 0.0) {
        let list: Vec<String> = dash.iter().map(|d| num(*d)).collect();
        let _ = write!(a, " stroke-dasharray=\"{}\"", list.join(","));
    }
}

enum Outline {
    Rect(Rect),
    Path(String),
}

/// The outline of a shape in `r`, and the extra stroke some shapes carry inside (the
/// cylinder's top rim, the queue's front rim, the page's fold). `label_top` is the top of the
/// node's text, which a person's head must stay above.
fn outline(shape: Shape, r: &Rect, label_top: Option<f64>) -> (Outline, Option<String>) {
    let (x, y, w, h) = (r.x, r.y, r.w, r.h);
    let mut d = PathData::default();
    match shape {
        Shape::Rectangle => return (Outline::Rect(*r), None),
        Shape::Cylinder => {
            let a = ARC_DEPTH.min(h / 2.0);
            let m = w * CAP_HANDLE;
            d.m(x, y + a / 2.0);
            d.c(x, y, x + m, y, x + w / 2.0, y);
            d.c(x + w - m, y, x + w, y, x + w, y + a / 2.0);
            d.l(x + w, y + h - a / 2.0);
            d.c(x + w, y + h, x + w - m, y + h, x + w / 2.0, y + h);
            d.c(x + m, y + h, x, y + h, x, y + h - a / 2.0);
            d.z();
            let mut rim = PathData::default();
            rim.m(x, y + a / 2.0);
            rim.c(x, y + a, x + m, y + a, x + w / 2.0, y + a);
            rim.c(x + w - m, y + a, x + w, y + a, x + w, y + a / 2.0);
            return (Outline::Path(d.0), Some(rim.0));
        }
        Shape::Queue => {
            // A cylinder on its side, the open end facing right. Its ends are shallower than a
            // cylinder's lid: the scene adds only QUEUE_ENDS px for both, and the front rim
            // (2·a from the right) must stay clear of the centred label.
            let a = (QUEUE_ENDS / 2.0).min(w / 4.0);
            let m = h * CAP_HANDLE;
            d.m(x + a, y);
            d.l(x + w - a, y);
            d.c(x + w, y, x + w, y + m, x + w, y + h / 2.0);
            d.c(x + w, y + h - m, x + w, y + h, x + w - a, y + h);
            d.l(x + a, y + h);
            d.c(x, y + h, x, y + h - m, x, y + h / 2.0);
            d.c(x, y + m, x, y, x + a, y);
            d.z();
            let mut rim = PathData::default();
            let rx = x + w - 2.0 * a;
            rim.m(x + w - a, y);
            rim.c(rx, y, rx, y + m, rx, y + h / 2.0);
            rim.c(rx, y + h - m, rx, y + h, x + w - a, y + h);
            return (Outline::Path(d.0), Some(rim.0));
        }
        Shape::Hexagon => {
            // d2 slants by a quarter of the width; capped for wide labels so the slanted
            // sides stay clear of the label's corners.
            let q = (w / 4.0).min(h * 0.6);
            d.polygon(&[
                (x + q, y),
                (x + w - q, y),
                (x + w, y + h / 2.0),
                (x + w - q, y + h),
                (x + q, y + h),
                (x, y + h / 2.0),
            ]);
        }
        Shape::Parallelogram => {
            let o = (h * 0.5).min(w * 0.2);
            d.polygon(&[(x + o, y), (x + w, y), (x + w - o, y + h), (x, y + h)]);
        }
        Shape::Page => {
            let f = PAGE_FOLD.min(w / 3.0).min(h / 3.0);
            d.polygon(&[
                (x, y),
                (x + w - f, y),
                (x + w, y + f),
                (x + w, y + h),
                (x, y + h),
            ]);
            let mut fold = PathData::default();
            fold.m(x + w - f, y);
            fold.l(x + w - f, y + f);
            fold.l(x + w, y + f);
            return (Outline::Path(d.0), Some(fold.0));
        }
        Shape::Person => {
            // The body is a box with rounded shoulders whose top sits just above the label
            // (when the label is inside the outline), and the head fills the room above it,
            // so neither ever crosses the text.
            let shoulders = label_top
                .filter(|t| *t > y + 12.0 && *t < y + h)
                .map_or(y + 0.56 * h, |t| t - 8.0);
            let rr = (0.25 * w).min((y + h - shoulders) / 2.0).max(0.0);
            d.m(x, y + h);
            d.l(x, shoulders + rr);
            d.arc(rr, x + rr, shoulders);
            d.l(x + w - rr, shoulders);
            d.arc(rr, x + w, shoulders + rr);
            d.l(x + w, y + h);
            d.z();
            let room = shoulders - 3.0 - y;
            let r = (room / 2.0).min(0.3 * w).max(2.0);
            d.circle(x + w / 2.0, shoulders - 3.0 - r, r);
        }
        Shape::Cloud => {
            // Four bumps over a flat base. The notches between bumps stay outside the middle
            // [0.12, 0.88] × [0.15, 0.85] of the box, where the scene puts the label.
            let p = |u: f64, v: f64| (x + u * w, y + v * h);
            let curves: [[(f64, f64); 3]; 8] = [
                [p(0.94, 1.0), p(1.0, 0.9), p(1.0, 0.76)],
                [p(1.0, 0.6), p(0.96, 0.42), p(0.88, 0.4)],
                [p(0.9, 0.22), p(0.8, 0.08), p(0.68, 0.08)],
                [p(0.62, 0.08), p(0.58, 0.1), p(0.55, 0.13)],
                [p(0.5, 0.04), p(0.42, 0.0), p(0.33, 0.0)],
                [p(0.2, 0.0), p(0.11, 0.12), p(0.12, 0.32)],
                [p(0.03, 0.36), p(0.0, 0.5), p(0.0, 0.66)],
                [p(0.0, 0.86), p(0.07, 1.0), p(0.18, 1.0)],
            ];
            let (sx, sy) = p(0.18, 1.0);
            d.m(sx, sy);
            let (bx, by) = p(0.82, 1.0);
            d.l(bx, by);
            for [c1, c2, e] in curves {
                d.c(c1.0, c1.1, c2.0, c2.1, e.0, e.1);
            }
            d.z();
        }
    }
    (Outline::Path(d.0), None)
}

/// Builder for a path's `d` attribute with rounded numbers.
#[derive(Default)]
struct PathData(String);

impl PathData {
    fn sep(&mut self) {
        if !self.0.is_empty() {
            self.0.push(' ');
        }
    }
    fn m(&mut self, x: f64, y: f64) {
        self.sep();
        let _ = write!(self.0, "M{},{}", num(x), num(y));
    }
    fn l(&mut self, x: f64, y: f64) {
        self.sep();
        let _ = write!(self.0, "L{},{}", num(x), num(y));
    }
    fn q(&mut self, cx: f64, cy: f64, x: f64, y: f64) {
        self.sep();
        let _ = write!(self.0, "Q{},{} {},{}", num(cx), num(cy), num(x), num(y));
    }
    #[allow(clippy::too_many_arguments)]
    fn c(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, x: f64, y: f64) {
        self.sep();
        let _ = write!(
            self.0,
            "C{},{} {},{} {},{}",
            num(x1),
            num(y1),
            num(x2),
            num(y2),
            num(x),
            num(y)
        );
    }
    fn z(&mut self) {
        self.0.push('Z');
    }
    fn polygon(&mut self, pts: &[(f64, f64)]) {
        for (i, (x, y)) in pts.iter().enumerate() {
            if i == 0 {
                self.m(*x, *y)
            } else {
                self.l(*x, *y)
            }
        }
        self.z();
    }
    /// A quarter-circle corner of radius `r` (clockwise) ending at `(x, y)`.
    fn arc(&mut self, r: f64, x: f64, y: f64) {
        self.sep();
        let _ = write!(self.0, "A{r},{r} 0 0 1 {},{}", num(x), num(y), r = num(r));
    }
    fn circle(&mut self, cx: f64, cy: f64, r: f64) {
        self.m(cx - r, cy);
        let _ = write!(
            self.0,
            " A{r},{r} 0 1 0 {},{} A{r},{r} 0 1 0 {},{}Z",
            num(cx + r),
            num(cy),
            num(cx - r),
            num(cy),
            r = num(r)
        );
    }
}

fn edge_group(s: &mut String, edge: &Edge) {
    if edge.route.len() < 2 {
        return;
    }
    let p = &edge.paint;
    let _ = write!(s, "<g id=\"edge-{}\"", esc(&edge.id));
    if let Some(class) = &edge.class {
        let _ = write!(s, " class=\"{}\"", esc(class));
    }
    if p.opacity < 1.0 {
        let _ = write!(s, " opacity=\"{}\"", num(p.opacity.max(0.0)));
    }
    s.push_str(">\n");
    tooltip(s, &edge.tooltip, &edge.id);

    // Where a label sits, the line is cut (not masked: resvg renders every mask as an
    // offscreen layer, which made large PNGs several times slower), so the text stays
    // readable on any fill.
    line_with_heads(
        s,
        &edge.route,
        edge.corner_radius,
        p,
        (edge.start, edge.end),
        &edge.gaps,
    );
    s.push_str("</g>\n");
}

/// A link's line through `route` (bends rounded) and its heads, leaving out the parts inside
/// `holes` (label boxes).
fn line_with_heads(
    s: &mut String,
    route: &[Point],
    corner_radius: f64,
    p: &Paint,
    (start, end): (Arrowhead, Arrowhead),
    holes: &[Rect],
) {
    // The line stops at the base of each head, so its round cap cannot poke past the tip.
    let (head_w, head_len) = head_size(p.stroke_width);
    let mut line = route.to_vec();
    if start == Arrowhead::Triangle {
        pull_back(&mut line, head_len, true);
    }
    if end == Arrowhead::Triangle {
        pull_back(&mut line, head_len, false);
    }
    let mut pieces = vec![(0.0, line)];
    for h in holes {
        pieces = pieces
            .into_iter()
            .flat_map(|(at, piece)| {
                outside(&piece, h)
                    .into_iter()
                    .map(move |(along, p)| (at + along, p))
            })
            .collect();
    }
    let period: f64 = p.dash.iter().sum();
    for (along, piece) in pieces {
        let mut a = format!(
            " fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linecap=\"round\" \
             stroke-linejoin=\"round\"",
            esc(&p.stroke),
            num(p.stroke_width)
        );
        dashes(&mut a, &p.dash);
        // A piece after a cut continues the dash pattern where the line left off.
        if period > 0.0 && num(along % period) != "0" && a.contains("dasharray") {
            let _ = write!(a, " stroke-dashoffset=\"{}\"", num(along % period));
        }
        let _ = writeln!(
            s,
            "<path d=\"{}\"{a}/>",
            rounded_path(&piece, corner_radius)
        );
    }
    let n = route.len();
    if start == Arrowhead::Triangle {
        head(s, route[0], route[1], head_w, head_len, &p.stroke);
    }
    if end == Arrowhead::Triangle {
        head(s, route[n - 1], route[n - 2], head_w, head_len, &p.stroke);
    }
}

/// The parts of the polyline `route` that lie outside `hole`, each with its distance from
/// the start of the route. Pieces shorter than half a pixel are dropped.
fn outside(route: &[Point], hole: &Rect) -> Vec<(f64, Vec<Point>)> {
    let lerp = |a: Point, b: Point, t: f64| Point {
        x: a.x + (b.x - a.x) * t,
        y: a.y + (b.y - a.y) * t,
    };
    let mut pieces: Vec<(f64, Vec<Point>)> = Vec::new();
    let mut cur: Option<(f64, Vec<Point>)> = None;
    let mut walked = 0.0;
    for w in route.windows(2) {
        let (a, b) = (w[0], w[1]);
        let len = dist(a, b);
        match hole.segment_inside(a, b) {
            None => {
                cur.get_or_insert_with(|| (walked, vec![a])).1.push(b);
            }
            Some((t0, t1)) => {
                if t0 > 0.0 {
                    cur.get_or_insert_with(|| (walked, vec![a]))
                        .1
                        .push(lerp(a, b, t0));
                }
                pieces.extend(cur.take());
                if t1 < 1.0 {
                    cur = Some((walked + t1 * len, vec![lerp(a, b, t1), b]));
                }
            }
        }
        walked += len;
    }
    pieces.extend(cur);
    pieces.retain(|(_, p)| p.windows(2).map(|w| dist(w[0], w[1])).sum::<f64>() >= 0.5);
    pieces
}

/// Width and length of a triangle head at this stroke width (d2: `4 + 3·sw` by
/// `4 + 4·sw`, 10×12 px at the default 2 px).
fn head_size(stroke_width: f64) -> (f64, f64) {
    (4.0 + 3.0 * stroke_width, 4.0 + 4.0 * stroke_width)
}

/// Moves the first (or last) route point `by` px toward its neighbour, leaving a sliver so
/// the segment keeps its direction.
fn pull_back(route: &mut [Point], by: f64, at_start: bool) {
    let n = route.len();
    let (tip, next) = if at_start { (0, 1) } else { (n - 1, n - 2) };
    let (a, b) = (route[tip], route[next]);
    let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
    if len <= f64::EPSILON {
        return;
    }
    let t = (by / len).min(0.95);
    route[tip] = Point {
        x: a.x + (b.x - a.x) * t,
        y: a.y + (b.y - a.y) * t,
    };
}

/// A filled triangle with its tip on `tip`, pointing away from `from`.
fn head(s: &mut String, tip: Point, from: Point, w: f64, len: f64, color: &str) {
    let (dx, dy) = (tip.x - from.x, tip.y - from.y);
    let d = (dx * dx + dy * dy).sqrt();
    if d <= f64::EPSILON {
        return;
    }
    let (ux, uy) = (dx / d, dy / d);
    let (bx, by) = (tip.x - ux * len, tip.y - uy * len);
    let (px, py) = (-uy * w / 2.0, ux * w / 2.0);
    let mut p = PathData::default();
    p.polygon(&[(tip.x, tip.y), (bx + px, by + py), (bx - px, by - py)]);
    let _ = writeln!(
        s,
        "<path d=\"{}\" fill=\"{c}\" stroke=\"{c}\" stroke-width=\"1\" \
         stroke-linejoin=\"round\"/>",
        p.0,
        c = esc(color)
    );
}

/// Straight segments through `route`, each bend rounded with a quadratic curve of at most
/// `radius` (never more than half of either neighbouring segment).
fn rounded_path(route: &[Point], radius: f64) -> String {
    let mut d = PathData::default();
    d.m(route[0].x, route[0].y);
    for i in 1..route.len() - 1 {
        let (a, p, b) = (route[i - 1], route[i], route[i + 1]);
        let (l1, l2) = (dist(a, p), dist(p, b));
        let r = radius.max(0.0).min(l1 / 2.0).min(l2 / 2.0);
        if r < 0.01 || collinear(a, p, b) {
            d.l(p.x, p.y);
            continue;
        }
        let enter = Point {
            x: p.x + (a.x - p.x) * r / l1,
            y: p.y + (a.y - p.y) * r / l1,
        };
        let leave = Point {
            x: p.x + (b.x - p.x) * r / l2,
            y: p.y + (b.y - p.y) * r / l2,
        };
        d.l(enter.x, enter.y);
        d.q(p.x, p.y, leave.x, leave.y);
    }
    let last = route[route.len() - 1];
    d.l(last.x, last.y);
    d.0
}

fn dist(a: Point, b: Point) -> f64 {
    ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt()
}

fn collinear(a: Point, p: Point, b: Point) -> bool {
    ((p.x - a.x) * (b.y - p.y) - (p.y - a.y) * (b.x - p.x)).abs() < 1e-6
}

/// A `<rect>` with already-written paint attributes.
fn rect(s: &mut String, r: &Rect, paint: &str) {
    let _ = writeln!(
        s,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{paint}/>",
        num(r.x),
        num(r.y),
        num(r.w),
        num(r.h)
    );
}

fn legend_group(s: &mut String, legend: &Legend) {
    s.push_str("<g id=\"legend\">\n");
    let entries: Vec<String> = legend
        .entries
        .iter()
        .map(|e| e.text.lines.join(" "))
        .collect();
    let _ = writeln!(s, "<title>{}</title>", esc(&entries.join("\n")));
    rect(s, &legend.rect, &shape_paint(&legend.paint, true));
    text(s, &legend.title);
    for e in &legend.entries {
        let r = &e.sample;
        if e.line {
            let y = r.y + r.h / 2.0;
            let route = [Point { x: r.x, y }, Point { x: r.right(), y }];
            line_with_heads(s, &route, 0.0, &e.paint, (e.start, e.end), &[]);
        } else {
            rect(s, r, &shape_paint(&e.paint, true));
        }
        text(s, &e.text);
    }
    s.push_str("</g>\n");
}

/// A text block: one `<tspan>` per line, each with its own baseline, so no renderer has to
/// guess line spacing.
fn text(s: &mut String, t: &Text) {
    if t.lines.is_empty() {
        return;
    }
    let anchor = match t.align {
        Align::Start => "start",
        Align::Middle => "middle",
        Align::End => "end",
    };
    let (weight, style) = font_face::css(t.style);
    let _ = write!(
        s,
        "<text xml:space=\"preserve\" font-family=\"{}\" font-size=\"{}\" font-weight=\"{weight}\" \
         font-style=\"{style}\" fill=\"{}\" text-anchor=\"{anchor}\">",
        fonts::FAMILY,
        num(t.size),
        esc(&t.color)
    );
    for (i, line) in t.lines.iter().enumerate() {
        let _ = write!(
            s,
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            num(t.x),
            num(t.y + i as f64 * t.line_height),
            esc(&clean(line))
        );
    }
    s.push_str("</text>\n");
}

/// A line as it is drawn: line breaks and tabs inside a line become spaces (the scene has
/// already split lines) and other control characters, which XML cannot carry, become U+FFFD,
/// so the drawn text and the embedded subset agree.
fn clean(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Escapes text for XML content and attribute values, replacing characters XML 1.0 cannot
/// carry at all (control characters, U+FFFE/U+FFFF) with U+FFFD. Line breaks and tabs are
/// written as character references so attribute values keep them.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A number with at most two decimals and no trailing zeros (`12`, `12.5`, `-0.25`); `0` for
/// values that are not finite.
pub(crate) fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    let r = (v * 100.0).round() / 100.0;
    let mut s = format!("{r:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" {
        s = "0".to_string();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(0.125), "0.13");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(-3.456), "-3.46");
    }

    #[test]
    fn escaping_covers_markup_and_controls() {
        assert_eq!(esc("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(esc("x\u{1}y"), "x\u{FFFD}y");
        assert_eq!(esc("l1\nl2"), "l1&#10;l2");
    }

    #[test]
    fn the_line_is_cut_around_the_label() {
        let route = [
            Point { x: 0.0, y: 10.0 },
            Point { x: 100.0, y: 10.0 },
            Point { x: 100.0, y: 50.0 },
        ];
        let hole = Rect {
            x: 40.0,
            y: 0.0,
            w: 20.0,
            h: 20.0,
        };
        let pieces = outside(&route, &hole);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].1, vec![route[0], Point { x: 40.0, y: 10.0 }]);
        assert_eq!(pieces[1].0, 60.0);
        assert_eq!(
            pieces[1].1,
            vec![Point { x: 60.0, y: 10.0 }, route[1], route[2]]
        );
        // A label away from the line leaves it whole.
        let far = Rect { y: 200.0, ..hole };
        assert_eq!(outside(&route, &far), vec![(0.0, route.to_vec())]);
    }

    #[test]
    fn bends_are_rounded_within_half_a_segment() {
        let pts = [
            Point { x: 0.0, y: 0.0 },
            Point { x: 100.0, y: 0.0 },
            Point { x: 100.0, y: 8.0 },
        ];
        // The short second segment (8 px) caps the radius at 4.
        assert_eq!(rounded_path(&pts, 10.0), "M0,0 L96,0 Q100,0 100,4 L100,8");
    }
}
