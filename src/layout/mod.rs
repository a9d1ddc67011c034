//! Stage 5, *layout*: where every node, route and label goes.
//!
//! Containers are laid out bottom-up, the way d2 lays out nested graphs for engines without
//! clusters: each container's direct children become fixed-size boxes in a flat graph, every
//! link is lifted to the lowest common ancestor of its ends, a [`LayoutEngine`] places the
//! boxes, and the container's size is the children's bounding box plus padding and a title
//! band; a layout far longer along the flow than across it wraps into rows ([`wrap`]). A
//! top-down pass then turns relative positions into absolute ones; a second, keyed pass
//! orders each container's border links by where their far ends now lie. Every link is
//! routed orthogonally around the shapes it must not cross ([`route`]), and labels are placed
//! on their routes where they touch no shape, no other label and no other link's line.
//!
//! Everything is deterministic: inputs are walked in declaration order and no hash map order
//! reaches the output.

pub(crate) mod index;
pub mod layered;
pub mod layoutrs;
pub mod route;
pub mod wrap;

use crate::graph::Diagram;
use crate::measure::{self, TextBlock};
use crate::scene::{FontStyle, Point, Rect, Shape};

/// Which way links flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Left to right (the default, as in d2's pictures).
    #[default]
    Right,
    /// Top to bottom.
    Down,
}

/// Which engine places the boxes of one container.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Engine {
    /// zukai's own layered (Sugiyama) engine: fast at any size. The default.
    #[default]
    Layered,
    /// The layout-rs crate (Graphviz-like); slow beyond a few hundred boxes per container,
    /// so containers with more than [`LAYOUT_RS_LIMIT`] children fall back to `Layered`.
    LayoutRs,
}

/// Containers with more children than this are always laid out by [`Engine::Layered`].
pub const LAYOUT_RS_LIMIT: usize = 150;

/// Layout settings.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    /// Flow direction. Default: [`Direction::Right`].
    pub direction: Direction,
    /// Box placement engine. Default: [`Engine::Layered`].
    pub engine: Engine,
    /// Gap between boxes in one rank, px. Default 40.
    pub node_gap: f64,
    /// Minimum gap between ranks, px (widened to fit link labels). Default 70.
    pub rank_gap: f64,
    /// Padding inside containers around their children, px. Default 30.
    pub container_pad: f64,
    /// Labels wrap at this width, px. Default 220.
    pub wrap_width: f64,
    /// Link labels wrap at this width, px. Default 180.
    pub edge_label_width: f64,
    /// Width : height that a container's layered layout approaches when it is far longer
    /// along the flow than across it: its ranks then wrap into rows (direction right) or
    /// columns (down) stacked across the flow (see [`wrap`]). Default 1.6, ELK's; 0 never
    /// wraps.
    pub aspect_ratio: f64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            direction: Direction::Right,
            engine: Engine::Layered,
            node_gap: 40.0,
            rank_gap: 70.0,
            container_pad: 30.0,
            wrap_width: 220.0,
            edge_label_width: 180.0,
            aspect_ratio: 1.6,
        }
    }
}

/// Leaf label: bold 16 px (d2's default).
pub const LABEL_SIZE: f64 = 16.0;
/// Caption under a leaf label: italic 13 px.
pub const CAPTION_SIZE: f64 = 13.0;
/// Link label: italic 16 px (d2's default).
pub const EDGE_LABEL_SIZE: f64 = 16.0;
/// Horizontal padding of a leaf label, each side (d2: about 25).
pub const LEAF_PAD_X: f64 = 25.0;
/// Vertical padding of a leaf's text, each side (a one-line leaf is 66 px tall, as in d2).
pub const LEAF_PAD_Y: f64 = 22.0;

/// Container title size by depth (d2: 28 / 24 / 20 / 16).
pub fn title_size(depth: usize) -> f64 {
    match depth {
        0 => 28.0,
        1 => 24.0,
        2 => 20.0,
        _ => 16.0,
    }
}

/// Where one diagram node ended up.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeGeom {
    /// The outline's box, absolute.
    pub rect: Rect,
    /// Whether other nodes sit inside it.
    pub container: bool,
    /// Nesting depth (0: top level).
    pub depth: usize,
    /// The outline drawn.
    pub shape: Shape,
    /// The name, measured and wrapped (bold for leaves, regular for container titles).
    pub label: TextBlock,
    /// The caption under a leaf's name, measured and wrapped.
    pub caption: Option<TextBlock>,
    /// Where the label block (plus caption) is drawn: the box its lines fill, absolute.
    pub text_rect: Rect,
}

/// A link label's place.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelGeom {
    /// The text, measured and wrapped.
    pub text: TextBlock,
    /// The box it fills, absolute; centred on the route.
    pub rect: Rect,
}

/// Where one diagram edge is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeGeom {
    /// Orthogonal route: first point on the start's border, last on the end's border.
    pub route: Vec<Point>,
    /// The label, when the link has one.
    pub label: Option<LabelGeom>,
}

/// Absolute geometry of a whole diagram; the top-left of everything drawn is at (0, 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// One per diagram node, same index.
    pub nodes: Vec<NodeGeom>,
    /// One per diagram edge, same index.
    pub edges: Vec<EdgeGeom>,
    /// Width of everything drawn.
    pub width: f64,
    /// Height of everything drawn.
    pub height: f64,
}

/// A flat graph handed to an engine: the direct children of one container as fixed boxes
/// and the links lifted to that container.
#[derive(Debug, Clone, Default)]
pub struct FlatGraph {
    /// Box sizes (width, height), in declaration order.
    pub sizes: Vec<(f64, f64)>,
    /// Links between boxes; repeated and reversed pairs allowed, self-links are not passed.
    pub edges: Vec<FlatEdge>,
    /// Boxes that stand for the world upstream of a container (links entering it), in the
    /// order across the flow in which their far ends lie. An engine that honours it keeps
    /// them alone in the first rank, in this order. Empty by default.
    pub upstream: Vec<usize>,
    /// The same for the world downstream (links leaving), kept alone in the last rank.
    pub downstream: Vec<usize>,
}

/// A lifted link.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlatEdge {
    /// Start box.
    pub from: usize,
    /// End box.
    pub to: usize,
    /// Size of its label (0, 0 when none), so the engine leaves room for it.
    pub label: (f64, f64),
}

/// Places the boxes of one flat graph. Returns the top-left corner of every box, with the
/// smallest x and y at 0; boxes must not overlap and should keep `node_gap` between them.
pub trait LayoutEngine {
    /// Positions of `g.sizes`, same order.
    fn place(&self, g: &FlatGraph, opts: &LayoutOptions) -> Vec<Point>;
}

/// Diagrams with fewer nodes than this get more than one keyed pass: border links placed by
/// one pass settle where their far ends now are. Larger ones get one.
const MORE_PASSES_BELOW: usize = 2_000;
/// Diagrams with this many nodes or more get no keyed pass: at that size placing everything
/// again costs more time than its few percent fewer crossings are worth.
const KEYED_BELOW: usize = 3_000;
/// Diagrams with fewer nodes than this (and any that choose by crossings) get four.
const MANY_PASSES_BELOW: usize = 600;

/// Diagrams with at most this many links choose the best of several placements by the
/// crossings of their routes.
const CHOOSE_BELOW_LINKS: usize = 120;

/// Lays out a whole diagram.
pub fn layout(diagram: &Diagram, opts: &LayoutOptions) -> Layout {
    let n = diagram.nodes.len();
    let t0 = std::time::Instant::now();
    let tree = Tree::new(diagram);
    let mut nodes: Vec<NodeGeom> = (0..n)
        .map(|i| measure_node(diagram, &tree, i, opts))
        .collect();

    // Lift every link to the lowest common ancestor of its ends (None: the top level).
    let mut lifted: Vec<Vec<FlatEdge>> = vec![Vec::new(); n + 1];
    let edge_labels: Vec<Option<TextBlock>> = diagram
        .edges
        .iter()
        .map(|e| {
            e.label
                .as_deref()
                .filter(|l| !l.trim().is_empty())
                .map(|l| {
                    measure::block(l, FontStyle::Italic, EDGE_LABEL_SIZE, opts.edge_label_width)
                })
        })
        .collect();
    // Links leaving a container pull their inner end toward the side they usually leave by
    // (downstream), links entering it pull theirs upstream.
    let mut crossing: Vec<Vec<Crossing>> = vec![Vec::new(); n + 1];
    for (ei, e) in diagram.edges.iter().enumerate() {
        if let Some((lca, a, b)) = tree.lift(e.from, e.to) {
            for (end, top, leaves, far) in [(e.from, a, true, e.to), (e.to, b, false, e.from)] {
                let mut x = end;
                while x != top {
                    let Some(p) = tree.parent[x] else { break };
                    crossing[p + 1].push(Crossing {
                        child: tree.pos_in_parent[x],
                        leaves,
                        far,
                    });
                    x = p;
                }
            }
            let label = edge_labels[ei]
                .as_ref()
                .map(|t| (t.width + 16.0, t.height + 8.0))
                .unwrap_or((0.0, 0.0));
            let slot = lca.map(|c| c + 1).unwrap_or(0);
            lifted[slot].push(FlatEdge {
                from: tree.pos_in_parent[a],
                to: tree.pos_in_parent[b],
                label,
            });
        }
    }

    // Containers are placed before their surroundings, so the first pass cannot know where
    // the far ends of the links crossing a border lie; the second pass orders each
    // container's border links by where the first pass put their far ends, so links
    // leaving a box side by side reach their targets without crossing each other.
    place_tree(&tree, &mut nodes, &lifted, &crossing, None, opts);
    // Small diagrams try a few passes, route each and keep the one whose links cross least:
    // routing them is cheap, and which pass wins varies from graph to graph.
    let choose = diagram.edges.len() <= CHOOSE_BELOW_LINKS;
    let mut best: Option<(usize, Vec<NodeGeom>, Vec<EdgeGeom>)> = None;
    if opts.engine == Engine::Layered && crossing.iter().any(|c| !c.is_empty()) {
        // Placement is cheap next to routing, so smaller diagrams afford more passes.
        let passes = if choose || n < MANY_PASSES_BELOW {
            4
        } else if n < MORE_PASSES_BELOW {
            2
        } else if n < KEYED_BELOW {
            1
        } else {
            0
        };
        for pass in 0..=passes {
            if pass > 0 {
                let keys: Vec<Point> = nodes.iter().map(|g| g.rect.center()).collect();
                place_tree(&tree, &mut nodes, &lifted, &crossing, Some(&keys), opts);
            }
            if choose {
                let edges = route::route_all(diagram, &tree, &nodes, edge_labels.clone(), opts);
                let c = route_crossings(diagram, &edges);
                if best.as_ref().is_none_or(|b| c < b.0) {
                    best = Some((c, nodes.clone(), edges));
                }
            }
        }
    }

    if std::env::var_os("ZUKAI_PROFILE").is_some() {
        eprintln!("place: {:.3}s", t0.elapsed().as_secs_f64());
    }
    let (nodes, edges) = match best {
        Some((_, nodes, edges)) => (nodes, edges),
        None => {
            let edges = route::route_all(diagram, &tree, &nodes, edge_labels, opts);
            (nodes, edges)
        }
    };
    let mut out = Layout {
        nodes,
        edges,
        width: 0.0,
        height: 0.0,
    };
    normalize(&mut out);
    out
}

/// Points where two routes properly cross, counted for links that share no end (links
/// meeting at a shape touch there by design).
fn route_crossings(d: &Diagram, edges: &[EdgeGeom]) -> usize {
    let side = |o: Point, a: Point, b: Point| (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    let bounds: Vec<Rect> = edges
        .iter()
        .map(|e| {
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for p in &e.route {
                x0 = x0.min(p.x);
                y0 = y0.min(p.y);
                x1 = x1.max(p.x);
                y1 = y1.max(p.y);
            }
            Rect {
                x: x0,
                y: y0,
                w: x1 - x0,
                h: y1 - y0,
            }
        })
        .collect();
    let mut count = 0;
    for i in 0..edges.len() {
        for j in i + 1..edges.len() {
            let (e, f) = (&d.edges[i], &d.edges[j]);
            if e.from == f.from || e.from == f.to || e.to == f.from || e.to == f.to {
                continue;
            }
            let (a, b) = (&bounds[i], &bounds[j]);
            if a.x > b.right() || b.x > a.right() || a.y > b.bottom() || b.y > a.bottom() {
                continue;
            }
            for s in edges[i].route.windows(2) {
                for t in edges[j].route.windows(2) {
                    let (d1, d2) = (side(t[0], t[1], s[0]), side(t[0], t[1], s[1]));
                    let (d3, d4) = (side(s[0], s[1], t[0]), side(s[0], s[1], t[1]));
                    if d1 * d2 < 0.0 && d3 * d4 < 0.0 {
                        count += 1;
                    }
                }
            }
        }
    }
    count
}

/// A link crossing a container's border, seen from inside: the child that holds its inner
/// end, whether it leaves, and the diagram node at its far end.
#[derive(Debug, Clone, Copy)]
struct Crossing {
    child: usize,
    leaves: bool,
    far: usize,
}

/// Places every container's children bottom-up, sizes the containers, then turns relative
/// positions into absolute ones top-down. `keys`: each node's centre in an earlier pass, to
/// order border links by.
fn place_tree(
    tree: &Tree,
    nodes: &mut [NodeGeom],
    lifted: &[Vec<FlatEdge>],
    crossing: &[Vec<Crossing>],
    keys: Option<&[Point]>,
    opts: &LayoutOptions,
) {
    let n = nodes.len();
    let across = opts.direction == Direction::Right;
    // (along the flow, across it)
    let split = |p: Point| if across { (p.x, p.y) } else { (p.y, p.x) };
    // Bottom-up: children have larger indices than their parents.
    let mut rel: Vec<Point> = vec![Point::default(); n];
    for c in (0..n).rev() {
        if tree.children[c + 1].is_empty() {
            continue;
        }
        let kids = &tree.children[c + 1];
        let g = FlatGraph {
            sizes: kids
                .iter()
                .map(|&k| (nodes[k].rect.w, nodes[k].rect.h))
                .collect(),
            edges: lifted[c + 1].clone(),
            ..FlatGraph::default()
        };
        // A border link leaves by the side its far end lay on in the earlier pass, whichever
        // way it points: a link from a box placed downstream enters from downstream.
        let outside: Vec<(usize, bool, Option<f64>)> = crossing[c + 1]
            .iter()
            .map(|x| match keys {
                None => (x.child, x.leaves, None),
                Some(k) => {
                    // Where the far end lies: inside containers already placed in this pass
                    // (larger indices) from their new layout, above them from the earlier
                    // pass. Mixing in what is new keeps two containers that link to each
                    // other from both reordering to match the other's old order.
                    let mut at = x.far;
                    let mut offset = Point::default();
                    while let Some(p) = tree.parent[at].filter(|&p| p > c) {
                        offset.x += rel[at].x;
                        offset.y += rel[at].y;
                        at = p;
                    }
                    let far = if at == x.far {
                        k[x.far]
                    } else {
                        let r = &nodes[x.far].rect;
                        Point {
                            x: nodes[at].rect.x + offset.x + r.w / 2.0,
                            y: nodes[at].rect.y + offset.y + r.h / 2.0,
                        }
                    };
                    let (far_along, far_across) = split(far);
                    let (here, _) = split(k[c]);
                    (x.child, far_along > here, Some(far_across))
                }
            })
            .collect();
        let pos = place(&g, &outside, opts);
        let (bw, bh) = bbox_size(&g.sizes, &pos);
        let pad = opts.container_pad;
        let band = nodes[c].label.height + 12.0;
        let w = (bw + 2.0 * pad).max(nodes[c].label.width + 2.0 * pad);
        let h = bh + 2.0 * pad + band;
        let dx = (w - bw) / 2.0;
        for (k, p) in kids.iter().zip(&pos) {
            rel[*k] = Point {
                x: p.x + dx,
                y: p.y + pad + band,
            };
        }
        let node = &mut nodes[c];
        node.rect.w = w;
        node.rect.h = h;
    }
    let roots = &tree.children[0];
    let g = FlatGraph {
        sizes: roots
            .iter()
            .map(|&k| (nodes[k].rect.w, nodes[k].rect.h))
            .collect(),
        edges: lifted[0].clone(),
        ..FlatGraph::default()
    };
    let pos = place(&g, &[], opts);
    for (k, p) in roots.iter().zip(&pos) {
        rel[*k] = *p;
    }

    // Top-down: parents first.
    for i in 0..n {
        let origin = match tree.parent[i] {
            Some(p) => Point {
                x: nodes[p].rect.x,
                y: nodes[p].rect.y,
            },
            None => Point::default(),
        };
        nodes[i].rect.x = origin.x + rel[i].x;
        nodes[i].rect.y = origin.y + rel[i].y;
        place_text(&mut nodes[i]);
    }
}

/// Runs the engine on one container's flat graph. Links that cross the container's border
/// are passed as links to virtual boxes upstream and downstream, so inner ends sit on the
/// side their links leave by; the virtual boxes are dropped afterwards. `outside`: per
/// border link, the child holding its inner end, whether it lies downstream, and where its
/// far end lies across the flow when known. Unknown far ends share one box each way; known
/// ones get a box each, ordered by where the far end lies.
fn place(
    g: &FlatGraph,
    outside: &[(usize, bool, Option<f64>)],
    opts: &LayoutOptions,
) -> Vec<Point> {
    let n = g.sizes.len();
    if n == 0 {
        return Vec::new();
    }
    let mut ext;
    let g = if outside.is_empty() {
        g
    } else {
        ext = g.clone();
        let mut sorted: Vec<&(usize, bool, Option<f64>)> = outside.iter().collect();
        sorted.sort_by(|a, b| a.2.unwrap_or(0.0).total_cmp(&b.2.unwrap_or(0.0)));
        for &&(child, downstream, key) in &sorted {
            let list = if downstream {
                &mut ext.downstream
            } else {
                &mut ext.upstream
            };
            let v = match (key, list.first()) {
                (None, Some(&v)) => v,
                _ => {
                    ext.sizes.push((1.0, 1.0));
                    list.push(ext.sizes.len() - 1);
                    ext.sizes.len() - 1
                }
            };
            let (from, to) = if downstream { (child, v) } else { (v, child) };
            ext.edges.push(FlatEdge {
                from,
                to,
                label: (0.0, 0.0),
            });
        }
        &ext
    };
    let mut pos = match opts.engine {
        Engine::LayoutRs if n <= LAYOUT_RS_LIMIT => layoutrs::LayoutRs.place(g, opts),
        _ => layered::Layered.place(g, opts),
    };
    pos.truncate(n);
    let min_x = pos.iter().map(|p| p.x).fold(f64::INFINITY, f64::min);
    let min_y = pos.iter().map(|p| p.y).fold(f64::INFINITY, f64::min);
    for p in &mut pos {
        p.x -= min_x;
        p.y -= min_y;
    }
    pos
}

fn bbox_size(sizes: &[(f64, f64)], pos: &[Point]) -> (f64, f64) {
    let mut w: f64 = 0.0;
    let mut h: f64 = 0.0;
    for (s, p) in sizes.iter().zip(pos) {
        w = w.max(p.x + s.0);
        h = h.max(p.y + s.1);
    }
    (w, h)
}

/// Shifts everything so the top-left of all drawn geometry is (0, 0) and sets the size.
fn normalize(l: &mut Layout) {
    let mut min = Point {
        x: f64::INFINITY,
        y: f64::INFINITY,
    };
    let mut max = Point {
        x: f64::NEG_INFINITY,
        y: f64::NEG_INFINITY,
    };
    let mut add = |r: &Rect| {
        min.x = min.x.min(r.x);
        min.y = min.y.min(r.y);
        max.x = max.x.max(r.right());
        max.y = max.y.max(r.bottom());
    };
    for n in &l.nodes {
        add(&n.rect);
    }
    for e in &l.edges {
        for p in &e.route {
            add(&Rect {
                x: p.x,
                y: p.y,
                w: 0.0,
                h: 0.0,
            });
        }
        if let Some(lb) = &e.label {
            add(&lb.rect);
        }
    }
    if !min.x.is_finite() {
        return;
    }
    let (dx, dy) = (-min.x, -min.y);
    for n in &mut l.nodes {
        n.rect.x += dx;
        n.rect.y += dy;
        n.text_rect.x += dx;
        n.text_rect.y += dy;
    }
    for e in &mut l.edges {
        for p in &mut e.route {
            p.x += dx;
            p.y += dy;
        }
        if let Some(lb) = &mut e.label {
            lb.rect.x += dx;
            lb.rect.y += dy;
        }
    }
    l.width = max.x - min.x;
    l.height = max.y - min.y;
}

/// The placement tree of a diagram, with what lifting and routing need.
pub(crate) struct Tree {
    /// Parent of each node.
    pub parent: Vec<Option<usize>>,
    /// Children of each node at `i + 1`; top-level nodes at 0. Declaration order.
    pub children: Vec<Vec<usize>>,
    /// Index of each node among its parent's children.
    pub pos_in_parent: Vec<usize>,
    /// Depth of each node.
    pub depth: Vec<usize>,
}

impl Tree {
    fn new(d: &Diagram) -> Tree {
        let n = d.nodes.len();
        let mut children = vec![Vec::new(); n + 1];
        let mut pos_in_parent = vec![0; n];
        let mut depth = vec![0; n];
        let mut parent = vec![None; n];
        for (i, node) in d.nodes.iter().enumerate() {
            // A parent index that does not come first would break the bottom-up pass; such a
            // node is drawn at the top level instead.
            let p = node.parent.filter(|&p| p < i);
            parent[i] = p;
            let slot = p.map(|p| p + 1).unwrap_or(0);
            pos_in_parent[i] = children[slot].len();
            children[slot].push(i);
            depth[i] = p.map(|p| depth[p] + 1).unwrap_or(0);
        }
        Tree {
            parent,
            children,
            pos_in_parent,
            depth,
        }
    }

    /// Whether `a` is `b` or contains it.
    pub fn is_ancestor_or_self(&self, a: usize, b: usize) -> bool {
        let mut cur = Some(b);
        while let Some(c) = cur {
            if self.depth[c] < self.depth[a] {
                return false;
            }
            if c == a {
                return true;
            }
            cur = self.parent[c];
        }
        false
    }

    /// The lowest common ancestor of `u` and `v` (None: top level) and the two children of
    /// it that hold `u` and `v`. `None` when one end contains the other or they are equal:
    /// such a link has nothing to place.
    pub fn lift(&self, u: usize, v: usize) -> Option<(Option<usize>, usize, usize)> {
        let (mut a, mut b) = (u, v);
        while self.depth[a] > self.depth[b] {
            a = self.parent[a]?;
        }
        while self.depth[b] > self.depth[a] {
            b = self.parent[b]?;
        }
        if a == b {
            return None;
        }
        while self.parent[a] != self.parent[b] {
            a = self.parent[a]?;
            b = self.parent[b]?;
        }
        Some((self.parent[a], a, b))
    }
}

/// Measures a node's text and sets its size (containers get their final size later).
fn measure_node(d: &Diagram, tree: &Tree, i: usize, opts: &LayoutOptions) -> NodeGeom {
    let node = &d.nodes[i];
    let container = !tree.children[i + 1].is_empty();
    let depth = tree.depth[i];
    let shape = if container {
        Shape::Rectangle
    } else {
        Shape::for_kind(node.kind)
    };
    if container {
        let label = measure::block(
            &node.label,
            FontStyle::Regular,
            title_size(depth),
            opts.wrap_width * 2.0,
        );
        return NodeGeom {
            rect: Rect::default(),
            container,
            depth,
            shape,
            label,
            caption: None,
            text_rect: Rect::default(),
        };
    }
    let label = measure::block(&node.label, FontStyle::Bold, LABEL_SIZE, opts.wrap_width);
    let caption = node
        .caption
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|c| measure::block(c, FontStyle::Italic, CAPTION_SIZE, opts.wrap_width));
    let tw = label.width.max(caption.as_ref().map_or(0.0, |c| c.width));
    let th = label.height + caption.as_ref().map_or(0.0, |c| c.height);
    let (w, h) = shape.outer_size(tw + 2.0 * LEAF_PAD_X, th + 2.0 * LEAF_PAD_Y);
    NodeGeom {
        rect: Rect {
            x: 0.0,
            y: 0.0,
            w: w.ceil(),
            h: h.ceil(),
        },
        container,
        depth,
        shape,
        label,
        caption,
        text_rect: Rect::default(),
    }
}

/// Puts the text block of a placed node: centred in a leaf (below a cylinder's lid), in the
/// top band of a container.
fn place_text(n: &mut NodeGeom) {
    let tw = n
        .label
        .width
        .max(n.caption.as_ref().map_or(0.0, |c| c.width));
    let th = n.label.height + n.caption.as_ref().map_or(0.0, |c| c.height);
    let r = n.rect;
    let y = if n.container {
        r.y + 6.0
    } else {
        let (top, bottom) = n.shape.text_insets(r.h);
        r.y + top + (r.h - top - bottom - th) / 2.0
    };
    n.text_rect = Rect {
        x: r.x + (r.w - tw) / 2.0,
        y,
        w: tw,
        h: th,
    };
}
