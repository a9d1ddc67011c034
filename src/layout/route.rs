//! Orthogonal link routing around shapes, and link label placement.
//!
//! Each link gets a port on the side of each end that faces the other end; ports on one
//! side are spread out and ordered by where their links go, so parallel links never share
//! an end point. The route between the ports is the cheapest path on a sparse grid made of
//! lines just outside every obstacle and halfway between them (A* with a cost per bend and
//! per stretch shared with an earlier link). Obstacles are every shape that is not an end
//! or a container of an end; containers of an end are entered freely, but their title is
//! avoided. Only obstacles near the two ends are looked at (a spatial index), so routing
//! costs grow with the size of a link's neighbourhood, not the diagram.

use super::index::Index;
use super::{Direction, EdgeGeom, LabelGeom, LayoutOptions, NodeGeom, Tree};
use crate::graph::Diagram;
use crate::measure::TextBlock;
use crate::scene::{Point, Rect, Shape};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

/// Clearance kept between a route and a shape it passes, px.
pub const CLEARANCE: f64 = 12.0;
/// Cost of one bend, in px of length.
const BEND: f64 = 40.0;
/// Searches smaller than this many cells get extra parallel tracks in wide gaps.
const SPREAD_BELOW: usize = 1_500;
/// Searches smaller than this many cells get lines down the middle of gaps.
const MIDLINES_BELOW: usize = 6_000;
/// Diagrams with more nodes than this try plain routes before searching.
const QUICK_ABOVE: usize = 300;
/// Weight of the estimate in large searches.
const GREED: f64 = 2.0;
/// Weight of the estimate in large searches of large diagrams.
const GREED_QUICK: f64 = 3.0;
/// Searches smaller than this many cells find the shortest route (unweighted estimate).
const EXACT_BELOW: usize = 12_000;
/// The same for diagrams with more than [`QUICK_ABOVE`] nodes.
const EXACT_BELOW_QUICK: usize = 3_000;
/// Extra cost per px of a stretch another link already uses.
const SHARE: f64 = 0.2;
/// Cost of crossing an earlier link, in px of length (diagrams up to [`QUICK_ABOVE`] nodes).
const CROSS: f64 = 60.0;
/// Distance between parallel tracks, px.
const TRACK_GAP: f64 = 10.0;
/// Largest grid one link may search (cells).
const MAX_CELLS: usize = 4_000_000;

/// A side of a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The left side.
    Left,
    /// The right side.
    Right,
    /// The top side.
    Top,
    /// The bottom side.
    Bottom,
}

impl Side {
    /// Outward unit normal.
    fn normal(self) -> (f64, f64) {
        match self {
            Side::Left => (-1.0, 0.0),
            Side::Right => (1.0, 0.0),
            Side::Top => (0.0, -1.0),
            Side::Bottom => (0.0, 1.0),
        }
    }
    fn index(self) -> usize {
        self as usize
    }
    fn vertical(self) -> bool {
        matches!(self, Side::Left | Side::Right)
    }
}

/// Grid direction: 0 +x, 1 −x, 2 +y, 3 −y.
fn dir_of(dx: f64, dy: f64) -> usize {
    if dx > 0.0 {
        0
    } else if dx < 0.0 {
        1
    } else if dy > 0.0 {
        2
    } else {
        3
    }
}

/// One end of a link: the port on the border and the way the route leaves it.
#[derive(Debug, Clone, Copy)]
struct End {
    node: usize,
    side: Side,
    /// Whether the route runs inside this end (a container holding the other end).
    inward: bool,
    port: Point,
}

impl End {
    fn normal(&self) -> (f64, f64) {
        let (x, y) = self.side.normal();
        if self.inward { (-x, -y) } else { (x, y) }
    }
    fn stub(&self) -> Point {
        let (x, y) = self.normal();
        Point {
            x: self.port.x + x * CLEARANCE,
            y: self.port.y + y * CLEARANCE,
        }
    }
}

fn expand(r: &Rect, m: f64) -> Rect {
    Rect {
        x: r.x - m,
        y: r.y - m,
        w: r.w + 2.0 * m,
        h: r.h + 2.0 * m,
    }
}

/// A small fast hasher for integer keys (FxHash). The map is looked up, and iterated only
/// into lists that are sorted before use, so its order cannot reach the output.
#[derive(Default, Clone, Copy)]
struct BuildFx;

struct Fx(u64);

impl std::hash::BuildHasher for BuildFx {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_i64(&mut self, v: i64) {
        self.write_u64(v as u64);
    }
    fn write_u8(&mut self, v: u8) {
        self.write_u64(v as u64);
    }
}

/// Routes every link and places its label.
pub(crate) fn route_all(
    d: &Diagram,
    tree: &Tree,
    nodes: &[NodeGeom],
    labels: Vec<Option<TextBlock>>,
    opts: &LayoutOptions,
) -> Vec<EdgeGeom> {
    let n = nodes.len();
    let mut bounds = Rect::default();
    if let Some(first) = nodes.first() {
        let (mut x0, mut y0, mut x1, mut y1) = (
            first.rect.x,
            first.rect.y,
            first.rect.right(),
            first.rect.bottom(),
        );
        for g in nodes {
            x0 = x0.min(g.rect.x);
            y0 = y0.min(g.rect.y);
            x1 = x1.max(g.rect.right());
            y1 = y1.max(g.rect.bottom());
        }
        bounds = Rect {
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
        };
    }
    let outer = expand(&bounds, 400.0);
    let mut index = Index::new(outer, 160.0, n);
    for (i, g) in nodes.iter().enumerate() {
        index.insert(i, &g.rect);
    }

    let ends = assign_ports(d, tree, nodes, opts);
    let mut router = Router {
        quick: n > QUICK_ABOVE,
        tree,
        nodes,
        index,
        used: HashMap::default(),
        scratch: Scratch::default(),
        outer,
        stats: (0, 0, 0, 0),
        dir: opts.direction,
    };
    let mut routes: Vec<Vec<Point>> = Vec::with_capacity(d.edges.len());
    for (ei, e) in d.edges.iter().enumerate() {
        let mut route = match ends[ei] {
            None => self_loop(&nodes[e.from].rect),
            Some((a, b)) => router.route(&a, &b),
        };
        router.record(&route);
        if let Some((a, b)) = ends[ei] {
            // Arrows touch the drawn outline, not the box around a slanted shape.
            let last = route.len() - 1;
            route[0] = to_outline(&nodes[a.node], a.side, a.inward, route[0]);
            route[last] = to_outline(&nodes[b.node], b.side, b.inward, route[last]);
        }
        routes.push(route);
    }

    if std::env::var_os("ZUKAI_PROFILE").is_some() {
        let s = router.stats;
        eprintln!(
            "route: {} searches, {} pushes, {} cells, largest grid {}",
            s.0, s.1, s.2, s.3
        );
    }
    let mut segments = Vec::new();
    let mut firsts = Vec::with_capacity(routes.len());
    for route in &routes {
        firsts.push(segments.len());
        segments.extend(route.windows(2).map(|s| (s[0], s[1])));
    }
    let mut segment_index = Index::new(outer, 160.0, segments.len());
    for (i, &(p, q)) in segments.iter().enumerate() {
        let r = Rect {
            x: p.x.min(q.x),
            y: p.y.min(q.y),
            w: (p.x - q.x).abs(),
            h: (p.y - q.y).abs(),
        };
        segment_index.insert(i, &r);
    }
    let mut placer = LabelPlacer {
        nodes,
        index: router.index,
        placed: Vec::new(),
        placed_index: Index::new(outer, 160.0, 0),
        segments,
        segment_index,
    };
    let started = std::time::Instant::now();
    let edges = routes
        .into_iter()
        .zip(labels)
        .zip(firsts)
        .map(|((route, text), first)| {
            let label = text.map(|t| {
                let rect = placer.place(&route, first, &t);
                LabelGeom { text: t, rect }
            });
            EdgeGeom { route, label }
        })
        .collect();
    if std::env::var_os("ZUKAI_PROFILE").is_some() {
        eprintln!(
            "labels: {} placed in {:.3}s",
            placer.placed.len(),
            started.elapsed().as_secs_f64()
        );
    }
    edges
}

/// Moves a port on the box border along the link's last segment onto the outline drawn
/// for the shape (hexagon and parallelogram sides, cylinder caps); see [`outline_inset`].
fn to_outline(g: &NodeGeom, side: Side, inward: bool, p: Point) -> Point {
    if inward || g.container {
        return p;
    }
    let d = outline_inset(g.shape, &g.rect, side, p);
    let (nx, ny) = side.normal();
    Point {
        x: p.x - nx * d,
        y: p.y - ny * d,
    }
}

/// How far inside its box the outline of `shape` is at port `p` on `side`, px; matches
/// the outlines the SVG renderer draws (hexagon points at a quarter of the width,
/// parallelogram slant of min(h/2, w/5), cylinder caps 24 px deep).
pub fn outline_inset(shape: Shape, r: &Rect, side: Side, p: Point) -> f64 {
    let t = ((p.y - r.y) / r.h.max(1e-9)).clamp(0.0, 1.0);
    match (shape, side) {
        (Shape::Hexagon, Side::Left | Side::Right) => r.w / 4.0 * (2.0 * t - 1.0).abs(),
        (Shape::Parallelogram, Side::Left) => (r.h * 0.5).min(r.w * 0.2) * (1.0 - t),
        (Shape::Parallelogram, Side::Right) => (r.h * 0.5).min(r.w * 0.2) * t,
        (Shape::Cylinder, Side::Top | Side::Bottom) => {
            // The cap is an elliptic arc half its depth deep at the sides, flat mid-width.
            let a = 24.0f64.min(r.h / 2.0) / 2.0;
            let u = ((p.x - r.x) / r.w.max(1e-9)).clamp(0.0, 1.0) * 2.0 - 1.0;
            a * (1.0 - (1.0 - u * u).max(0.0).sqrt())
        }
        _ => 0.0,
    }
}

/// A small loop off the top-right corner for a link from a shape to itself.
fn self_loop(r: &Rect) -> Vec<Point> {
    let x = r.right() - (r.w / 4.0).min(20.0);
    vec![
        Point { x, y: r.y },
        Point { x, y: r.y - 20.0 },
        Point {
            x: r.right() + 20.0,
            y: r.y - 20.0,
        },
        Point {
            x: r.right() + 20.0,
            y: r.y + r.h / 2.0,
        },
        Point {
            x: r.right(),
            y: r.y + r.h / 2.0,
        },
    ]
}

/// Picks the side of each end and spreads the ports of each side. `None` for self-links.
fn assign_ports(
    d: &Diagram,
    tree: &Tree,
    nodes: &[NodeGeom],
    opts: &LayoutOptions,
) -> Vec<Option<(End, End)>> {
    // (node, side) → [(sort key, edge, is_start)]
    let mut slots: Vec<Vec<(f64, usize, bool)>> = vec![Vec::new(); nodes.len() * 4];
    let mut sides: Vec<Option<(Side, Side, bool, bool)>> = Vec::with_capacity(d.edges.len());
    for (ei, e) in d.edges.iter().enumerate() {
        let (u, v) = (e.from, e.to);
        if u == v || u >= nodes.len() || v >= nodes.len() {
            sides.push(None);
            continue;
        }
        let (ru, rv) = (&nodes[u].rect, &nodes[v].rect);
        let (su, sv, iu, iv) = if tree.is_ancestor_or_self(u, v) {
            let s = nearest_inner_side(ru, rv, opts.direction);
            (s, s, true, false)
        } else if tree.is_ancestor_or_self(v, u) {
            let s = nearest_inner_side(rv, ru, opts.direction);
            (s, s, false, true)
        } else {
            let (a, b) = facing_sides(ru, rv, opts.direction);
            (a, b, false, false)
        };
        let cu = rv.center();
        let cv = ru.center();
        slots[u * 4 + su.index()].push((if su.vertical() { cu.y } else { cu.x }, ei, true));
        slots[v * 4 + sv.index()].push((if sv.vertical() { cv.y } else { cv.x }, ei, false));
        sides.push(Some((su, sv, iu, iv)));
    }
    let mut ports: Vec<[Option<Point>; 2]> = vec![[None, None]; d.edges.len()];
    for (k, list) in slots.iter_mut().enumerate() {
        if list.is_empty() {
            continue;
        }
        let node = k / 4;
        let side = [Side::Left, Side::Right, Side::Top, Side::Bottom][k % 4];
        list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let r = &nodes[node].rect;
        let (lo, len) = if side.vertical() {
            (r.y, r.h)
        } else {
            (r.x, r.w)
        };
        let inset = (len / 6.0).min(14.0);
        let usable = len - 2.0 * inset;
        let count = list.len() as f64;
        for (i, &(_, ei, start)) in list.iter().enumerate() {
            let t = lo + inset + usable * (i as f64 + 1.0) / (count + 1.0);
            let p = match side {
                Side::Left => Point { x: r.x, y: t },
                Side::Right => Point { x: r.right(), y: t },
                Side::Top => Point { x: t, y: r.y },
                Side::Bottom => Point {
                    x: t,
                    y: r.bottom(),
                },
            };
            ports[ei][if start { 0 } else { 1 }] = Some(p);
        }
    }
    // A link that is alone on both of its sides runs straight when the sides face each
    // other; alone on one side, it lines up with its port on the other.
    let usable = |node: usize, side: Side| -> (f64, f64) {
        let r = &nodes[node].rect;
        let (lo, len) = if side.vertical() {
            (r.y, r.h)
        } else {
            (r.x, r.w)
        };
        let inset = (len / 6.0).min(14.0);
        (lo + inset, lo + len - inset)
    };
    for (ei, e) in d.edges.iter().enumerate() {
        let (Some((su, sv, false, false)), [Some(pu), Some(pv)]) = (sides[ei], ports[ei]) else {
            continue;
        };
        if su.vertical() != sv.vertical() {
            continue;
        }
        let coord = |p: Point| if su.vertical() { p.y } else { p.x };
        let (au, bu) = usable(e.from, su);
        let (av, bv) = usable(e.to, sv);
        let nu = slots[e.from * 4 + su.index()].len();
        let nv = slots[e.to * 4 + sv.index()].len();
        let t = if nu == 1 && nv == 1 {
            let (lo, hi) = (au.max(av), bu.min(bv));
            if lo > hi {
                continue;
            }
            (lo + hi) / 2.0
        } else if nu == 1 && (au..=bu).contains(&coord(pv)) {
            coord(pv)
        } else if nv == 1 && (av..=bv).contains(&coord(pu)) {
            coord(pu)
        } else {
            continue;
        };
        let set = |p: Point| {
            if su.vertical() {
                Point { x: p.x, y: t }
            } else {
                Point { x: t, y: p.y }
            }
        };
        ports[ei] = [Some(set(pu)), Some(set(pv))];
    }
    d.edges
        .iter()
        .enumerate()
        .map(|(ei, e)| {
            let (su, sv, iu, iv) = sides[ei]?;
            Some((
                End {
                    node: e.from,
                    side: su,
                    inward: iu,
                    port: ports[ei][0]?,
                },
                End {
                    node: e.to,
                    side: sv,
                    inward: iv,
                    port: ports[ei][1]?,
                },
            ))
        })
        .collect()
}

/// The sides of `a` and `b` that face each other, preferring the flow direction.
fn facing_sides(a: &Rect, b: &Rect, dir: Direction) -> (Side, Side) {
    let gap_x = (b.x - a.right()).max(a.x - b.right());
    let gap_y = (b.y - a.bottom()).max(a.y - b.bottom());
    let (ca, cb) = (a.center(), b.center());
    let horizontal = match dir {
        Direction::Right => gap_x >= 0.0 || gap_x >= gap_y,
        Direction::Down => !(gap_y >= 0.0 || gap_y >= gap_x),
    };
    if horizontal {
        if cb.x >= ca.x {
            (Side::Right, Side::Left)
        } else {
            (Side::Left, Side::Right)
        }
    } else if cb.y >= ca.y {
        (Side::Bottom, Side::Top)
    } else {
        (Side::Top, Side::Bottom)
    }
}

/// The side of container `outer` closest to `inner`, ignoring the title side (top).
fn nearest_inner_side(outer: &Rect, inner: &Rect, dir: Direction) -> Side {
    let l = inner.x - outer.x;
    let r = outer.right() - inner.right();
    let b = outer.bottom() - inner.bottom();
    let mut best = (l, Side::Left);
    if r < best.0 || (r == best.0 && dir == Direction::Right) {
        best = (r, Side::Right);
    }
    if b < best.0 {
        best = (b, Side::Bottom);
    }
    best.1
}

#[derive(Default)]
struct Scratch {
    solid: Vec<bool>,
    /// One slot per search state; a cell's four directions share a cache line.
    slots: Vec<Slot>,
    /// Stamp of the current search (below 2^31, see [`Slot::mark`]).
    epoch: u32,
    heap: BinaryHeap<Open>,
}

/// What a search knows about one state: its cost so far and where it came from.
#[derive(Default, Clone, Copy)]
struct Slot {
    dist: f64,
    prev: u32,
    /// `2 * epoch` once the current search reached the state, `2 * epoch + 1` once it
    /// expanded it: the weighted estimate is not consistent, and expanding states again
    /// multiplies the work for little gain in length. Older stamps mean unseen.
    mark: u32,
}

impl Slot {
    fn seen(&self, epoch: u32) -> bool {
        self.mark >> 1 == epoch
    }
    fn closed(&self, epoch: u32) -> bool {
        self.mark == 2 * epoch + 1
    }
}

/// A state waiting in the search's queue. Costs are never negative, so their bit patterns
/// order like the numbers, and integer comparisons keep the queue cheap.
#[derive(PartialEq, Eq)]
struct Open {
    /// `!f.to_bits()`: the smallest estimate of the total comes out first.
    f_rev: u64,
    /// `g.to_bits()`, cost so far: among equal `f`, the state nearer the goal goes first.
    g: u64,
    seq: u32,
    state: u32,
}
impl Open {
    fn new(f: f64, g: f64, seq: u32, state: u32) -> Open {
        Open {
            f_rev: !f.to_bits(),
            g: g.to_bits(),
            seq,
            state,
        }
    }
    fn f(&self) -> f64 {
        f64::from_bits(!self.f_rev)
    }
}
impl Ord for Open {
    fn cmp(&self, o: &Self) -> Ordering {
        // Min-heap on f; ties go to the state furthest along, then the last pushed, which
        // follows one straight path across open space instead of widening every tie.
        (self.f_rev, self.g, self.seq).cmp(&(o.f_rev, o.g, o.seq))
    }
}
impl PartialOrd for Open {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

struct Router<'a> {
    /// Try plain routes before searching (large diagrams).
    quick: bool,
    tree: &'a Tree,
    nodes: &'a [NodeGeom],
    index: Index,
    /// Segments already drawn: (horizontal, line coordinate in 1/4 px) → spans.
    used: HashMap<(bool, i64), Vec<(f64, f64)>, BuildFx>,
    scratch: Scratch,
    outer: Rect,
    dir: Direction,
    /// Searches, heap pushes, grid cells, largest grid: for profiling.
    stats: (u64, u64, u64, u64),
}

fn key(v: f64) -> i64 {
    (v * 4.0).round() as i64
}

impl Router<'_> {
    fn record(&mut self, route: &[Point]) {
        for w in route.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (k, lo, hi) = if (a.y - b.y).abs() < 1e-9 {
                ((true, key(a.y)), a.x.min(b.x), a.x.max(b.x))
            } else if (a.x - b.x).abs() < 1e-9 {
                ((false, key(a.x)), a.y.min(b.y), a.y.max(b.y))
            } else {
                continue;
            };
            add_span(self.used.entry(k).or_default(), lo, hi);
        }
    }

    fn route(&mut self, a: &End, b: &End) -> Vec<Point> {
        // Ends and their containers may be crossed; everything else is an obstacle.
        let mut allowed: Vec<usize> = Vec::new();
        for &e in &[a.node, b.node] {
            let mut cur = self.tree.parent[e];
            while let Some(c) = cur {
                allowed.push(c);
                cur = self.tree.parent[c];
            }
        }
        if a.inward {
            allowed.push(a.node);
        }
        if b.inward {
            allowed.push(b.node);
        }
        allowed.sort_unstable();
        allowed.dedup();
        // The innermost common container bounds the search, so routes stay in it.
        let lca = self.lowest_common(a.node, b.node);
        let (sa, sb) = (a.stub(), b.stub());
        let ra = &self.nodes[a.node].rect;
        let rb = &self.nodes[b.node].rect;
        let mut win = Rect {
            x: sa.x.min(sb.x).min(ra.x).min(rb.x),
            y: sa.y.min(sb.y).min(ra.y).min(rb.y),
            w: 0.0,
            h: 0.0,
        };
        win.w = sa.x.max(sb.x).max(ra.right()).max(rb.right()) - win.x;
        win.h = sa.y.max(sb.y).max(ra.bottom()).max(rb.bottom()) - win.y;
        let limit = lca.map(|c| self.nodes[c].rect).unwrap_or(self.outer);
        // Across the flow the search may use the whole container: a column of tall boxes can
        // only be passed above or below, and a window that cuts that off finds nothing.
        let across = match self.dir {
            Direction::Right => Rect {
                x: win.x - 160.0,
                y: limit.y,
                w: win.w + 320.0,
                h: limit.h,
            },
            Direction::Down => Rect {
                x: limit.x,
                y: win.y - 160.0,
                w: limit.w,
                h: win.h + 320.0,
            },
        };
        if self.quick {
            if let Some(p) = self.straight_or_z(a, b, &allowed) {
                return finish(a.port, p, b.port);
            }
        }
        for w in [clip(&across, &limit), limit] {
            if let Some(p) = self.search(a, b, &allowed, &w) {
                return finish(a.port, p, b.port);
            }
            if w == limit {
                break;
            }
        }
        // No clear path exists (shapes packed too tightly): a plain elbow still connects
        // the right shapes.
        let mid = Point { x: sb.x, y: sa.y };
        finish(a.port, vec![sa, mid, sb], b.port)
    }

    fn lowest_common(&self, u: usize, v: usize) -> Option<usize> {
        let t = self.tree;
        let (mut a, mut b) = (u, v);
        while t.depth[a] > t.depth[b] {
            a = t.parent[a]?;
        }
        while t.depth[b] > t.depth[a] {
            b = t.parent[b]?;
        }
        while a != b {
            a = t.parent[a]?;
            b = t.parent[b]?;
        }
        Some(a)
    }

    /// In large diagrams, a link between facing sides first tries the plain route (straight,
    /// or one jog halfway) and keeps it when it touches no obstacle; only the rest are
    /// searched. Same guarantees, a fraction of the cost, less polish on shared channels.
    fn straight_or_z(&self, a: &End, b: &End, allowed: &[usize]) -> Option<Vec<Point>> {
        let (na, nb) = (a.normal(), b.normal());
        if na.0 != -nb.0 || na.1 != -nb.1 {
            return None;
        }
        let (sa, sb) = (a.stub(), b.stub());
        if (sb.x - sa.x) * na.0 + (sb.y - sa.y) * na.1 < 0.0 {
            return None;
        }
        let pts = if na.0 != 0.0 {
            let mx = (sa.x + sb.x) / 2.0;
            vec![sa, Point { x: mx, y: sa.y }, Point { x: mx, y: sb.y }, sb]
        } else {
            let my = (sa.y + sb.y) / 2.0;
            vec![sa, Point { x: sa.x, y: my }, Point { x: sb.x, y: my }, sb]
        };
        let bbox = Rect {
            x: sa.x.min(sb.x) - 1.0,
            y: sa.y.min(sb.y) - 1.0,
            w: (sa.x - sb.x).abs() + 2.0,
            h: (sa.y - sb.y).abs() + 2.0,
        };
        let obstacles = self.obstacles(allowed, &bbox);
        for w in pts.windows(2) {
            let seg = Rect {
                x: w[0].x.min(w[1].x),
                y: w[0].y.min(w[1].y),
                w: (w[0].x - w[1].x).abs(),
                h: (w[0].y - w[1].y).abs(),
            };
            if obstacles.iter().any(|r| {
                seg.x < r.right() - 0.6
                    && seg.right() > r.x + 0.6
                    && seg.y < r.bottom() - 0.6
                    && seg.bottom() > r.y + 0.6
            }) {
                return None;
            }
        }
        Some(pts)
    }

    /// Obstacles a link may not cross, as expanded rectangles: the children of every
    /// container the link may enter (and the top level) that are not such containers
    /// themselves, plus the titles of the containers it enters. Deeper shapes sit inside
    /// these, so they need no check of their own.
    fn obstacles(&self, allowed: &[usize], win: &Rect) -> Vec<Rect> {
        let mut out = Vec::new();
        let push_kids = |slot: usize, out: &mut Vec<Rect>| {
            for &k in &self.tree.children[slot] {
                if allowed.binary_search(&k).is_ok() {
                    continue;
                }
                let r = expand(&self.nodes[k].rect, CLEARANCE);
                if r.overlaps(win) {
                    out.push(r);
                }
            }
        };
        push_kids(0, &mut out);
        for &c in allowed {
            push_kids(c + 1, &mut out);
            let g = &self.nodes[c];
            let t = expand(&g.text_rect, 4.0);
            if g.container && t.overlaps(win) {
                out.push(t);
            }
        }
        out
    }

    fn search(&mut self, a: &End, b: &End, allowed: &[usize], win: &Rect) -> Option<Vec<Point>> {
        let (sa, sb) = (a.stub(), b.stub());
        let obstacles = self.obstacles(allowed, win);
        let mut xs = vec![win.x, win.right(), sa.x, sb.x];
        let mut ys = vec![win.y, win.bottom(), sa.y, sb.y];
        for r in &obstacles {
            xs.extend([r.x, r.right()]);
            ys.extend([r.y, r.bottom()]);
        }
        let mut xs = lines(xs, win.x, win.right(), &[sa.x, sb.x]);
        let mut ys = lines(ys, win.y, win.bottom(), &[sa.y, sb.y]);
        // Small searches get lines down the middle of gaps and several parallel tracks in
        // wide ones, so links sharing a channel run side by side, centred; large ones keep
        // to the lines beside the shapes, which keeps big diagrams fast.
        let base = xs.len() * ys.len();
        if base < SPREAD_BELOW {
            xs = tracks(midlines(xs));
            ys = tracks(midlines(ys));
        } else if base < MIDLINES_BELOW {
            xs = midlines(xs);
            ys = midlines(ys);
        }
        let (nx, ny) = (xs.len(), ys.len());
        // Large searches weight the estimate (weighted A*): a path at most a little longer
        // than the best, found while looking at a small part of the grid.
        // Large diagrams (see `quick`) switch to it at a smaller grid: exact searches there
        // flood whole containers, and weighting cut routing time at 1,000 items by two thirds.
        let (exact_below, greed) = if self.quick {
            (EXACT_BELOW_QUICK, GREED_QUICK)
        } else {
            (EXACT_BELOW, GREED)
        };
        let greed = if nx * ny < exact_below { 1.0 } else { greed };
        if nx * ny > MAX_CELLS || nx < 2 || ny < 2 {
            return None;
        }
        let find = |v: &[f64], t: f64| v.iter().position(|&x| (x - t).abs() < 0.6);
        let (ax, ay) = (find(&xs, sa.x)?, find(&ys, sa.y)?);
        let (bx, by) = (find(&xs, sb.x)?, find(&ys, sb.y)?);

        let crossing_aware = !self.quick;
        let Router {
            scratch: sc,
            used,
            stats,
            ..
        } = self;
        // Cell (i, j) lies between lines i, i+1 and j, j+1; it is solid when inside an
        // obstacle. A move along a line is blocked when the cells on both sides are solid.
        let cw = nx - 1;
        let cells = cw * (ny - 1);
        sc.solid.clear();
        sc.solid.resize(cells, false);
        for r in &obstacles {
            // Lines closer than 0.5 px were merged, so a border may sit up to that far off.
            let i0 = xs.partition_point(|&x| x < r.x - 0.51);
            let i1 = xs.partition_point(|&x| x < r.right() - 0.51);
            let j0 = ys.partition_point(|&y| y < r.y - 0.51);
            let j1 = ys.partition_point(|&y| y < r.bottom() - 0.51);
            for j in j0..j1.min(ny - 1) {
                sc.solid[j * cw + i0..j * cw + i1.min(nx - 1)].fill(true);
            }
        }
        let solid = |i: isize, j: isize| -> bool {
            // Outside the window counts as solid: routes stay in it.
            i < 0
                || j < 0
                || i >= cw as isize
                || j >= (ny - 1) as isize
                || sc.solid[j as usize * cw + i as usize]
        };
        // Earlier routes on each grid line, looked up once per search.
        let on_row: Vec<Option<&Vec<(f64, f64)>>> =
            ys.iter().map(|&y| used.get(&(true, key(y)))).collect();
        let on_col: Vec<Option<&Vec<(f64, f64)>>> =
            xs.iter().map(|&x| used.get(&(false, key(x)))).collect();
        // Where earlier links cross each grid line (sorted): a move along the line past one
        // of them is a crossing. Small diagrams only: it costs a pass over every earlier
        // link per search, and a crossing matters most where there are few.
        let mut cross_row: Vec<Vec<f64>> = vec![Vec::new(); if crossing_aware { ny } else { 0 }];
        let mut cross_col: Vec<Vec<f64>> = vec![Vec::new(); if crossing_aware { nx } else { 0 }];
        if crossing_aware {
            for (&(horizontal, at), spans) in used.iter() {
                let at = at as f64 / 4.0;
                let (lines, across) = if horizontal {
                    (&xs, &mut cross_col)
                } else {
                    (&ys, &mut cross_row)
                };
                for &(lo, hi) in spans {
                    let first = lines.partition_point(|&v| v <= lo + 1e-6);
                    for (k, &v) in lines.iter().enumerate().skip(first) {
                        if v >= hi - 1e-6 {
                            break;
                        }
                        across[k].push(at);
                    }
                }
            }
            for v in cross_row.iter_mut().chain(cross_col.iter_mut()) {
                v.sort_by(f64::total_cmp);
            }
        }
        // Crossings met moving from `from` to `to` along a line: a crossing at the start
        // point counts for the move that leaves it, so one passed through counts once and
        // one merely reached (where the route turns) does not.
        let crossings = |at: &[f64], from: f64, to: f64| -> usize {
            if at.is_empty() {
                return 0;
            }
            let (lo, hi) = if from < to { (from, to) } else { (to, from) };
            let i = at.partition_point(|&v| {
                if from < to {
                    v < lo - 1e-6
                } else {
                    v <= lo + 1e-6
                }
            });
            let j = at.partition_point(|&v| {
                if from < to {
                    v < hi - 1e-6
                } else {
                    v <= hi + 1e-6
                }
            });
            j - i
        };
        let overlap = |spans: Option<&Vec<(f64, f64)>>, lo: f64, hi: f64| -> f64 {
            let Some(spans) = spans else { return 0.0 };
            let mut i = spans.partition_point(|s| s.1 <= lo);
            let mut sum = 0.0;
            while i < spans.len() && spans[i].0 < hi {
                sum += hi.min(spans[i].1) - lo.max(spans[i].0);
                i += 1;
            }
            sum
        };

        let states = nx * ny * 4;
        if sc.slots.len() < states {
            sc.slots.resize(states, Slot::default());
        }
        sc.epoch += 1;
        if sc.epoch >= 1 << 31 {
            sc.slots.iter_mut().for_each(|s| s.mark = 0);
            sc.epoch = 1;
        }
        let epoch = sc.epoch;
        let id = |x: usize, y: usize, d: usize| ((y * nx + x) * 4 + d) as u32;
        let (na, nb) = (a.normal(), b.normal());
        let start_dir = dir_of(na.0, na.1);
        let arrive_dir = dir_of(-nb.0, -nb.1);
        // Distance plus the bends any path still needs: a tight, admissible estimate keeps
        // the search in a narrow corridor.
        let h = |x: usize, y: usize, d: usize| {
            let dx = sb.x - xs[x];
            let dy = sb.y - ys[y];
            let need = [dx > 1e-9, dx < -1e-9, dy > 1e-9, dy < -1e-9];
            let axes = need.iter().filter(|n| **n).count();
            let bends = match axes {
                0 => 0.0,
                1 if need[d] => 0.0,
                1 if need[d ^ 1] => 2.0,
                1 => 1.0,
                _ if need[d] => 1.0,
                _ => 2.0,
            };
            (dx.abs() + dy.abs() + bends * BEND) * greed
        };
        // A state is not worth going on from when the same point was reached at least a
        // turn cheaper in another direction: that one can go anywhere this one can.
        let dominated = |sc: &Scratch, s: usize, cost: f64| {
            let (base, d) = (s & !3, s & 3);
            (0..4).any(|k| {
                let t = base + k;
                let turn = if k == d {
                    return false;
                } else if k ^ 1 == d {
                    2.0 * BEND
                } else {
                    BEND
                };
                sc.slots[t].seen(epoch) && sc.slots[t].dist + turn < cost - 1e-9
            })
        };
        // The queue's memory is kept between searches: growing it afresh each time cost
        // more than the pushes themselves.
        let mut heap = std::mem::take(&mut sc.heap);
        heap.clear();
        let mut seq = 0u32;
        let st = id(ax, ay, start_dir);
        sc.slots[st as usize] = Slot {
            dist: 0.0,
            prev: u32::MAX,
            mark: 2 * epoch,
        };
        heap.push(Open::new(h(ax, ay, start_dir), 0.0, seq, st));
        let mut goal = None;
        while let Some(open) = heap.pop() {
            let (f, state) = (open.f(), open.state);
            let si = state as usize;
            let g = sc.slots[si].dist;
            let cell = si / 4;
            let (x, y, d) = (cell % nx, cell / nx, si % 4);
            if x == bx && y == by {
                goal = Some(state);
                break;
            }
            if f > g + h(x, y, d) + 1e-6 * greed
                || sc.slots[si].closed(epoch)
                || dominated(sc, si, g)
            {
                continue; // stale
            }
            sc.slots[si].mark = 2 * epoch + 1;
            for nd in 0..4 {
                // No turning back on itself.
                if nd ^ 1 == d {
                    continue;
                }
                let (qx, qy) = match nd {
                    0 if x + 1 < nx => (x + 1, y),
                    1 if x > 0 => (x - 1, y),
                    2 if y + 1 < ny => (x, y + 1),
                    3 if y > 0 => (x, y - 1),
                    _ => continue,
                };
                let (ix, iy) = (x as isize, y as isize);
                let blocked = match nd {
                    0 => solid(ix, iy - 1) && solid(ix, iy),
                    1 => solid(ix - 1, iy - 1) && solid(ix - 1, iy),
                    2 => solid(ix - 1, iy) && solid(ix, iy),
                    _ => solid(ix - 1, iy - 1) && solid(ix, iy - 1),
                };
                if blocked {
                    continue;
                }
                let (lo, hi, shared) = if nd < 2 {
                    let (lo, hi) = (xs[x].min(xs[qx]), xs[x].max(xs[qx]));
                    (lo, hi, overlap(on_row[y], lo, hi))
                } else {
                    let (lo, hi) = (ys[y].min(ys[qy]), ys[y].max(ys[qy]));
                    (lo, hi, overlap(on_col[x], lo, hi))
                };
                let mut cost = g + (hi - lo) + shared * SHARE;
                if crossing_aware {
                    let crossed = if nd < 2 {
                        crossings(&cross_row[y], xs[x], xs[qx])
                    } else {
                        crossings(&cross_col[x], ys[y], ys[qy])
                    };
                    cost += crossed as f64 * CROSS;
                }
                if nd != d {
                    cost += BEND;
                }
                if qx == bx && qy == by && nd != arrive_dir {
                    cost += BEND;
                }
                let qs = id(qx, qy, nd) as usize;
                let slot = sc.slots[qs];
                if slot.closed(epoch) || dominated(sc, qs, cost) {
                    continue;
                }
                if !slot.seen(epoch) || cost < slot.dist - 1e-9 {
                    sc.slots[qs] = Slot {
                        dist: cost,
                        prev: state,
                        mark: 2 * epoch,
                    };
                    seq += 1;
                    heap.push(Open::new(cost + h(qx, qy, nd), cost, seq, qs as u32));
                }
            }
        }
        sc.heap = heap;
        stats.0 += 1;
        stats.1 += seq as u64;
        stats.2 += (nx * ny) as u64;
        stats.3 = stats.3.max((nx * ny) as u64);
        let mut cur = goal?;
        let mut pts = Vec::new();
        loop {
            let cell = cur as usize / 4;
            pts.push(Point {
                x: xs[cell % nx],
                y: ys[cell / nx],
            });
            let p = sc.slots[cur as usize].prev;
            if p == u32::MAX {
                break;
            }
            cur = p;
        }
        pts.reverse();
        Some(pts)
    }
}

/// Adds `[lo, hi]` to sorted, disjoint spans, merging what it touches.
fn add_span(spans: &mut Vec<(f64, f64)>, lo: f64, hi: f64) {
    let i = spans.partition_point(|s| s.1 < lo);
    let mut j = i;
    let (mut a, mut b) = (lo, hi);
    while j < spans.len() && spans[j].0 <= hi {
        a = a.min(spans[j].0);
        b = b.max(spans[j].1);
        j += 1;
    }
    spans.splice(i..j, [(a, b)]);
}

fn clip(r: &Rect, limit: &Rect) -> Rect {
    let x0 = r.x.max(limit.x);
    let y0 = r.y.max(limit.y);
    let x1 = r.right().min(limit.right());
    let y1 = r.bottom().min(limit.bottom());
    Rect {
        x: x0,
        y: y0,
        w: (x1 - x0).max(0.0),
        h: (y1 - y0).max(0.0),
    }
}

/// Sorted, de-duplicated grid lines inside `[lo, hi]`, with a line halfway between each pair
/// so routes can run down the middle of a gap.
fn lines(mut v: Vec<f64>, lo: f64, hi: f64, exact: &[f64]) -> Vec<f64> {
    v.retain(|x| *x >= lo - 1e-9 && *x <= hi + 1e-9);
    v.sort_by(f64::total_cmp);
    v.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    // The stubs must be grid members exactly; a nearby line gives way to them.
    for &e in exact {
        if let Some(k) = v
            .iter()
            .enumerate()
            .min_by(|a, b| (a.1 - e).abs().total_cmp(&(b.1 - e).abs()))
            .map(|(k, _)| k)
        {
            v[k] = e;
        }
    }
    v.sort_by(f64::total_cmp);
    // `search` finds a stub as the first line within 0.6 px of it, so no other line may be
    // that near: taken for the stub, an obstacle's line would start the route inside its own
    // clearance, where no search can move and the fallback elbow runs through shapes.
    v.retain(|x| exact.contains(x) || exact.iter().all(|e| (x - e).abs() >= 0.6));
    v
}

/// Adds a line halfway between each pair, so routes can run down the middle of a gap.
fn midlines(v: Vec<f64>) -> Vec<f64> {
    let mut out = Vec::with_capacity(v.len() * 2);
    for i in 0..v.len() {
        if i > 0 && v[i] - v[i - 1] > 8.0 {
            out.push((v[i] + v[i - 1]) / 2.0);
        }
        out.push(v[i]);
    }
    out
}

/// Adds lines every [`TRACK_GAP`] px around the middle of each gap wider than four tracks.
fn tracks(v: Vec<f64>) -> Vec<f64> {
    let mut out = Vec::with_capacity(v.len() * 3);
    for i in 0..v.len() {
        if i > 0 {
            let (a, b) = (v[i - 1], v[i]);
            let room = b - a - 2.0 * TRACK_GAP;
            if room > 2.0 * TRACK_GAP {
                let mid = (a + b) / 2.0;
                let k = ((room / 2.0 / TRACK_GAP).floor() as usize).min(4);
                for j in 1..=k {
                    let d = j as f64 * TRACK_GAP;
                    out.push(mid - d);
                    out.push(mid + d);
                }
            }
        }
        out.push(v[i]);
    }
    out.sort_by(f64::total_cmp);
    out.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    out
}

/// Port, grid path, port; collinear points dropped.
fn finish(start: Point, mid: Vec<Point>, end: Point) -> Vec<Point> {
    let mut pts = Vec::with_capacity(mid.len() + 2);
    pts.push(start);
    pts.extend(mid);
    pts.push(end);
    let mut out: Vec<Point> = Vec::with_capacity(pts.len());
    for p in pts {
        if let Some(last) = out.last() {
            if (last.x - p.x).abs() < 1e-9 && (last.y - p.y).abs() < 1e-9 {
                continue;
            }
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            let collinear = ((a.x - b.x).abs() < 1e-9 && (b.x - p.x).abs() < 1e-9)
                || ((a.y - b.y).abs() < 1e-9 && (b.y - p.y).abs() < 1e-9);
            if collinear {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

/// Room kept between a link label and a shape or another label, px.
const LABEL_ROOM: f64 = 3.0;
/// Gap between a label set beside its link and the line, px.
const LABEL_BESIDE: f64 = 4.0;
/// Room kept, where possible, between a label beside its link and other links' lines and
/// labels, px (a label on its line keeps [`LABEL_BESIDE`]). Twice [`LABEL_BESIDE`], so the
/// nearest line to a label is its own and a reader does not take two labels for one.
const LABEL_APART: f64 = 2.0 * LABEL_BESIDE;
/// How far along a segment a label is looked for, each way from the point nearest the
/// middle of its link, px: on a long segment any stretch is as much the link's as another,
/// and looking at all of it in a large diagram costs more than it finds.
const LABEL_REACH: f64 = 600.0;
/// Room kept, where possible, between two link labels, px: twice [`LABEL_APART`].
const LABEL_SPACING: f64 = 2.0 * LABEL_APART;
/// How many segments of a link, nearest its middle, are looked at for its label: a long
/// winding route in a crowded diagram would cost more than its far ends could offer.
const LABEL_SEGMENTS: usize = 5;
/// Least room between a label on its line and a bend of that line, px.
const LABEL_BEND_ROOM: f64 = 6.0;
/// Least room between a label on its line and an end of the link, so the label stays off
/// the arrowhead, px.
const LABEL_END_ROOM: f64 = 16.0;

/// What a label crosses: how many other lines run through its text, and how many lines and
/// labels come too close to it (those through it included; see [`LABEL_APART`]).
type Crossed = (usize, usize);

/// A rectangle seen from a track: `a0..a1` along it, `b0..b1` across it.
#[derive(Clone, Copy)]
struct Across {
    a0: f64,
    a1: f64,
    b0: f64,
    b1: f64,
}

impl Across {
    fn of(r: &Rect, vertical: bool) -> Across {
        if vertical {
            Across {
                a0: r.y,
                a1: r.bottom(),
                b0: r.x,
                b1: r.right(),
            }
        } else {
            Across {
                a0: r.x,
                a1: r.right(),
                b0: r.y,
                b1: r.bottom(),
            }
        }
    }

    fn overlaps(&self, o: &Across) -> bool {
        self.a0 < o.a1 && o.a0 < self.a1 && self.b0 < o.b1 && o.b0 < self.b1
    }

    fn rect(&self, vertical: bool) -> Rect {
        let (a, b) = (self.a1 - self.a0, self.b1 - self.b0);
        if vertical {
            Rect {
                x: self.b0,
                y: self.a0,
                w: b,
                h: a,
            }
        } else {
            Rect {
                x: self.a0,
                y: self.b0,
                w: a,
                h: b,
            }
        }
    }
}

/// What lies near one segment of a link, seen from it: shapes (with a container's title),
/// other links' labels and every other segment.
#[derive(Default)]
struct Around {
    shapes: Vec<(Across, Option<Across>)>,
    labels: Vec<Across>,
    lines: Vec<Across>,
}

/// A line a label's centre slides along: parallel to one segment of its link, on it or
/// beside it, over `lo..=hi` (coordinates along the segment).
#[derive(Clone, Copy)]
struct Track {
    vertical: bool,
    /// Where the centre sits across the segment.
    at: f64,
    lo: f64,
    hi: f64,
    /// The segment the label belongs to (its line is cut under the label anyway).
    carrier: usize,
    /// Beside the segment rather than on it.
    beside: bool,
}

/// Places link labels on their own links, where no other link's line runs under the text.
///
/// Every segment of a link offers three tracks: the line itself and one each side of it.
/// Along a track, shapes and placed labels rule positions out; every other line that would
/// run under the text costs one, and every line or label closer than [`LABEL_APART`] (or
/// [`LABEL_SPACING`]) costs a little. Each track's best position is found exactly by a
/// sweep over those intervals, gathered once per segment from the spatial indexes. The
/// label goes where the fewest lines run under it, then the fewest come close, on its line
/// rather than beside it, nearest the middle of the link (d2 centres labels). Only the
/// [`LABEL_SEGMENTS`] segments nearest the middle, and [`LABEL_REACH`] along each, are
/// looked at, so placing all labels stays near-linear; a label with no room on its route
/// goes to the nearest free spot around the route's middle.
struct LabelPlacer<'a> {
    nodes: &'a [NodeGeom],
    index: Index,
    placed: Vec<Rect>,
    placed_index: Index,
    /// Every segment of every route, in route order.
    segments: Vec<(Point, Point)>,
    segment_index: Index,
}

impl LabelPlacer<'_> {
    fn free(&mut self, r: &Rect) -> bool {
        let probe = expand(r, LABEL_ROOM);
        let mut ok = true;
        let nodes = self.nodes;
        self.index.query(&probe, |id| {
            let g = &nodes[id];
            if !ok || !g.rect.overlaps(&probe) {
                return;
            }
            if !g.container || !g.rect.contains(&probe) || g.text_rect.overlaps(&probe) {
                ok = false;
            }
        });
        if !ok {
            return false;
        }
        let placed = &self.placed;
        self.placed_index.query(&probe, |id| {
            if placed[id].overlaps(&probe) {
                ok = false;
            }
        });
        ok
    }

    /// Places the label `t` of the link whose route is `route` and whose first segment is
    /// `segments[first]`.
    fn place(&mut self, route: &[Point], first: usize, t: &TextBlock) -> Rect {
        let (w, h) = (t.width, t.height);
        let total: f64 = route
            .windows(2)
            .map(|s| (s[1].x - s[0].x).hypot(s[1].y - s[0].y))
            .sum();
        let middle = total / 2.0;
        let last = route.len().saturating_sub(2);
        // Segments nearest the middle first: once a clean spot on the line is found, a
        // segment farther away than it cannot offer a better one.
        let mut order: Vec<(f64, usize, f64)> = Vec::with_capacity(route.len());
        let mut s0 = 0.0;
        for (i, s) in route.windows(2).enumerate() {
            let len = (s[1].x - s[0].x).hypot(s[1].y - s[0].y);
            let off_middle = (s0 - middle).max(middle - s0 - len).max(0.0);
            order.push((off_middle, i, s0));
            s0 += len;
        }
        order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        // (lines through the text, lines grazing it, beside the line, distance from the
        // link's middle) and the box.
        type Key = (Crossed, bool, f64);
        let better = |a: &Key, b: &Key| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2));
        let mut best: Option<(Key, Rect)> = None;
        for (off_middle, i, s0) in order.into_iter().take(LABEL_SEGMENTS) {
            let (p, q) = (route[i], route[i + 1]);
            let vertical = (p.x - q.x).abs() < 1e-9;
            if p == q || !(vertical || (p.y - q.y).abs() < 1e-9) {
                continue;
            }
            let (pa, qa, at) = if vertical {
                (p.y, q.y, p.x)
            } else {
                (p.x, q.x, p.y)
            };
            // The label's extent along and across the segment.
            let (la, lb) = if vertical { (h, w) } else { (w, h) };
            let dir = if qa >= pa { 1.0 } else { -1.0 };
            let room = |end: bool| if end { LABEL_END_ROOM } else { LABEL_BEND_ROOM };
            let (room_p, room_q) = (room(i == 0), room(i == last));
            let (lo, hi, room_lo, room_hi) = if dir > 0.0 {
                (pa, qa, room_p, room_q)
            } else {
                (qa, pa, room_q, room_p)
            };
            let whole = Track {
                vertical,
                at,
                lo,
                hi,
                carrier: first + i,
                beside: false,
            };
            let beside = lb / 2.0 + LABEL_BESIDE;
            let tracks = [
                Track {
                    lo: lo + la / 2.0 + room_lo,
                    hi: hi - la / 2.0 - room_hi,
                    ..whole
                },
                Track {
                    at: at - beside,
                    beside: true,
                    ..whole
                },
                Track {
                    at: at + beside,
                    beside: true,
                    ..whole
                },
            ];
            let hopeless = |t: &Track, best: &Option<(Key, Rect)>| {
                t.lo > t.hi
                    || best
                        .as_ref()
                        .is_some_and(|(k, _)| better(k, &((0, 0), t.beside, off_middle)).is_le())
            };
            if tracks.iter().all(|t| hopeless(t, &best)) {
                continue;
            }
            let want = (pa + (middle - s0) * dir).clamp(lo, hi);
            let whole = Track {
                lo: lo.max(want - LABEL_REACH),
                hi: hi.min(want + LABEL_REACH),
                ..whole
            };
            let near = self.gather(&whole, la, lb);
            for track in &tracks {
                if hopeless(track, &best) {
                    continue;
                }
                let track = &Track {
                    lo: track.lo.max(whole.lo),
                    hi: track.hi.min(whole.hi),
                    ..*track
                };
                if track.lo > track.hi {
                    continue;
                }
                let want = want.clamp(track.lo, track.hi);
                let Some((crossed, u)) = Self::best_on(track, &near, la, lb, want) else {
                    continue;
                };
                let key = (crossed, track.beside, (s0 + (u - pa) * dir - middle).abs());
                if best.as_ref().is_none_or(|(k, _)| better(&key, k).is_lt()) {
                    let r = Across {
                        a0: u - la / 2.0,
                        a1: u + la / 2.0,
                        b0: track.at - lb / 2.0,
                        b1: track.at + lb / 2.0,
                    };
                    best = Some((key, r.rect(vertical)));
                }
            }
        }
        if let Some((_, r)) = best {
            return self.commit(r);
        }
        // No room along the route (a link into its own container, a crowded channel): the
        // nearest free spot around the route's middle, searched in growing rings.
        let at = |c: Point| Rect {
            x: c.x - w / 2.0,
            y: c.y - h / 2.0,
            w,
            h,
        };
        let c = point_at(route, middle);
        let r = at(c);
        let step = 12.0;
        for ring in 1..200 {
            let k = ring as f64;
            let per_side = ring * 2;
            for i in 0..per_side {
                let t = -k + 2.0 * k * i as f64 / per_side as f64;
                for (dx, dy) in [(t, -k), (k, t), (-t, k), (-k, -t)] {
                    let cand = at(Point {
                        x: c.x + dx * step,
                        y: c.y + dy * step,
                    });
                    if self.free(&cand) {
                        return self.commit(cand);
                    }
                }
            }
        }
        self.commit(r)
    }

    /// What lies near the segment `track` belongs to, within reach of any of its tracks.
    fn gather(&mut self, track: &Track, la: f64, lb: f64) -> Around {
        let v = track.vertical;
        let reach = la / 2.0 + LABEL_SPACING;
        let wide = lb + LABEL_BESIDE + LABEL_SPACING;
        let band = Across {
            a0: track.lo - reach,
            a1: track.hi + reach,
            b0: track.at - wide,
            b1: track.at + wide,
        };
        let probe = band.rect(v);
        let mut near = Around::default();
        let nodes = self.nodes;
        self.index.query(&probe, |id| {
            let g = &nodes[id];
            let r = Across::of(&g.rect, v);
            if r.overlaps(&band) {
                let title = g.container.then(|| Across::of(&g.text_rect, v));
                near.shapes.push((r, title));
            }
        });
        let placed = &self.placed;
        self.placed_index.query(&probe, |id| {
            let r = Across::of(&placed[id], v);
            if r.overlaps(&band) {
                near.labels.push(r);
            }
        });
        let segments = &self.segments;
        self.segment_index.query(&probe, |id| {
            if id == track.carrier {
                return;
            }
            let (p, q) = segments[id];
            let r = Across::of(
                &Rect {
                    x: p.x.min(q.x),
                    y: p.y.min(q.y),
                    w: (p.x - q.x).abs(),
                    h: (p.y - q.y).abs(),
                },
                v,
            );
            if r.overlaps(&band) {
                near.lines.push(Across {
                    a0: r.a0.max(band.a0),
                    a1: r.a1.min(band.a1),
                    b0: r.b0.max(band.b0),
                    b1: r.b1.min(band.b1),
                });
            }
        });
        // Links that share a stretch draw one line there: count it once.
        near.lines.sort_unstable_by(|x, y| {
            (x.a0.total_cmp(&y.a0))
                .then(x.a1.total_cmp(&y.a1))
                .then(x.b0.total_cmp(&y.b0))
                .then(x.b1.total_cmp(&y.b1))
        });
        near.lines
            .dedup_by(|x, y| x.a0 == y.a0 && x.a1 == y.a1 && x.b0 == y.b0 && x.b1 == y.b1);
        near
    }

    /// The best centre on `track` for a label `la` long (along) and `lb` wide (across),
    /// among what [`LabelPlacer::gather`] found: the other lines it crosses there and the
    /// position, nearest `want` among the cheapest; `None` when shapes and labels leave no
    /// room at all.
    fn best_on(
        track: &Track,
        near: &Around,
        la: f64,
        lb: f64,
        want: f64,
    ) -> Option<(Crossed, f64)> {
        let (ha, hb) = (la / 2.0, lb / 2.0);
        // Open intervals of centre positions: ruled out, with a line through the text, and
        // with a line or label in the room around it.
        let mut hard: Vec<(f64, f64)> = Vec::new();
        let mut through: Vec<(f64, f64)> = Vec::new();
        let mut close: Vec<(f64, f64)> = Vec::new();
        let (pb0, pb1) = (track.at - hb - LABEL_ROOM, track.at + hb + LABEL_ROOM);
        let around = |r: &Across, m: f64| (r.a0 - ha - m, r.a1 + ha + m);
        for (r, title) in &near.shapes {
            if r.b0 >= pb1 || r.b1 <= pb0 {
                continue;
            }
            // A container may hold the label, clear of its title; anything else may not
            // be touched.
            let Some(t) = title.filter(|_| r.b0 <= pb0 + 1e-6 && r.b1 >= pb1 - 1e-6) else {
                hard.push(around(r, LABEL_ROOM));
                continue;
            };
            let m = ha + LABEL_ROOM;
            hard.push((r.a0 - m, r.a0 + m));
            hard.push((r.a1 - m, r.a1 + m));
            if t.b0 < pb1 && t.b1 > pb0 {
                hard.push(around(&t, LABEL_ROOM));
            }
        }
        // A label on its line is tied to it by the cut in the line; one beside it only by
        // being nearer to it than to anything else.
        let apart = if track.beside {
            LABEL_APART
        } else {
            LABEL_BESIDE
        };
        let (lb0, lb1) = (track.at - hb - apart, track.at + hb + apart);
        // Two labels read as one phrase unless there is clearly more room between them
        // than between words.
        let (sb0, sb1) = (track.at - hb - LABEL_SPACING, track.at + hb + LABEL_SPACING);
        for r in &near.labels {
            if r.b0 < pb1 && r.b1 > pb0 {
                hard.push(around(r, LABEL_ROOM));
            }
            if r.b0 < sb1 && r.b1 > sb0 {
                close.push(around(r, LABEL_SPACING));
            }
        }
        for r in &near.lines {
            if r.b0 < lb1 && r.b1 > lb0 {
                close.push(around(r, apart));
            }
            if r.b0 < track.at + hb && r.b1 > track.at - hb {
                through.push(around(r, 0.0));
            }
        }

        // Sweep along the track. The cheapest positions are where an interval starts or
        // ends (the open intervals leave out their ends), a track end, or `want`.
        // Events: (position, order at one position, what): ends are counted off before a
        // position is looked at, starts after it.
        const END: u8 = 0;
        const LOOK: u8 = 1;
        const START: u8 = 2;
        let mut events: Vec<(f64, u8, u8)> =
            Vec::with_capacity(2 * (hard.len() + through.len() + close.len()) + 3);
        for (list, what) in [(&hard, 0u8), (&through, 1), (&close, 2)] {
            for &(a, b) in list {
                events.push((a, START, what));
                events.push((b, END, what));
            }
        }
        for u in [want, track.lo, track.hi] {
            events.push((u, LOOK, 0));
        }
        events.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut counts = [0usize; 3];
        let mut best: Option<(Crossed, f64)> = None;
        for (u, order, what) in events {
            match order {
                END => counts[what as usize] -= 1,
                START => counts[what as usize] += 1,
                _ => {}
            }
            if order == START || !(track.lo..=track.hi).contains(&u) || counts[0] > 0 {
                continue;
            }
            let cost = (counts[1], counts[2]);
            let wins = best.is_none_or(|(c, b)| {
                cost.cmp(&c)
                    .then((u - want).abs().total_cmp(&(b - want).abs()))
                    .then(u.total_cmp(&b))
                    .is_lt()
            });
            if wins {
                best = Some((cost, u));
            }
        }
        best
    }

    fn commit(&mut self, r: Rect) -> Rect {
        self.placed_index.insert(self.placed.len(), &r);
        self.placed.push(r);
        r
    }
}

/// The point `s` px along `route`.
fn point_at(route: &[Point], s: f64) -> Point {
    let mut left = s;
    for w in route.windows(2) {
        let len = (w[1].x - w[0].x).hypot(w[1].y - w[0].y);
        if left <= len && len > 0.0 {
            let f = left / len;
            return Point {
                x: w[0].x + (w[1].x - w[0].x) * f,
                y: w[0].y + (w[1].y - w[0].y) * f,
            };
        }
        left -= len;
    }
    route.last().copied().unwrap_or(Point { x: 0.0, y: 0.0 })
}
