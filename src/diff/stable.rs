//! Stable layout: the union of two eras is laid out once, and the before, after and diff
//! pictures are all cut from that one layout, so an item that did not change sits at the
//! same pixel position in all three and a reader can flip between them.
//!
//! Boxes are sized for the larger text of both sides (a caption `Deployment ×2` after and
//! `Deployment` before), then each picture writes its own side's text into them, centred
//! where the layout put the text block.

use super::compare::{EraDiff, compare};
use super::union::{Union, union};
use crate::graph::diagram::{caption, from_era, tooltip};
use crate::graph::{Diagram, DiagramEdge, DiagramNode, Mark};
use crate::layout::{self, CAPTION_SIZE, EDGE_LABEL_SIZE, LABEL_SIZE, Layout, LayoutOptions};
use crate::measure::{self, TextBlock};
use crate::model::{Era, Link};
use crate::scene::build::{SceneOptions, build};
use crate::scene::{FontStyle, Rect, Scene};
use std::path::{Path, PathBuf};

/// The three pictures of a comparison, cut from one layout, and the comparison itself.
#[derive(Debug, Clone)]
pub struct StableScenes {
    /// The before era alone, where the union layout put it.
    pub before: Scene,
    /// The after era alone.
    pub after: Scene,
    /// The union with diff marks and a legend: added green, removed red and dashed,
    /// changed amber, moved items after with a ghost where they were.
    pub diff: Scene,
    /// What changed (the text/JSON/Markdown reports read this).
    pub report: EraDiff,
}

/// Lays out the union of `before` and `after` once and draws the before, after and diff
/// scenes from it. Direction, engine and theme come from `opts`
/// (`SceneOptions::default()`: left to right, layered engine, d2's Neutral Default).
///
/// Write them with [`write_stable`], or render each [`Scene`] as usual.
pub fn stable_scenes(before: &Era, after: &Era, opts: &SceneOptions) -> StableScenes {
    let report = compare(before, after);
    let u = union(before, after, &report);
    let lo = LayoutOptions {
        direction: opts.direction,
        engine: opts.engine,
        ..LayoutOptions::default()
    };
    let before_side = side(&u, before, Side::Before);
    let after_side = side(&u, after, Side::After);
    let sizing = sizing_diagram(&u.diagram, &before_side, &after_side, &lo);
    let shared = layout::layout(&sizing, &lo);

    let diff = build(&u.diagram, &retext(&shared, &u.diagram, &lo), opts);
    let cut = |s: &SideCut| {
        let (d, l) = s.cut(&shared, &lo);
        build(&d, &l, opts)
    };
    StableScenes {
        before: cut(&before_side),
        after: cut(&after_side),
        diff,
        report,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Before,
    After,
}

/// One side's view of the union: which union nodes and edges it shows, with its own
/// texts, in union order.
struct SideCut {
    /// The side's diagram: nodes and edges of the union it shows, with its own content.
    diagram: Diagram,
    /// Per side node, its union node index.
    node_of: Vec<usize>,
    /// Per side edge, its union edge index.
    edge_of: Vec<usize>,
    /// Per union node, the side's content, when the side shows it.
    content: Vec<Option<DiagramNode>>,
    /// Per union edge, the side's label, when the side shows it.
    edge_label: Vec<Option<Option<String>>>,
}

fn side(u: &Union, era: &Era, which: Side) -> SideCut {
    let plain = from_era(era);
    let (items, links) = match which {
        Side::Before => (&u.before_item, &u.edge_before),
        Side::After => (&u.after_item, &u.edge_after),
    };
    let mut nodes: Vec<DiagramNode> = Vec::new();
    let mut node_of = Vec::new();
    let mut slot: Vec<Option<usize>> = vec![None; u.diagram.nodes.len()];
    let mut content = vec![None; u.diagram.nodes.len()];
    for (i, id) in items.iter().enumerate() {
        let Some(item) = id.as_ref().and_then(|id| era.items.get(id)) else {
            continue;
        };
        let n = DiagramNode {
            id: item.id.clone(),
            kind: item.kind,
            label: item.display_name().to_string(),
            caption: caption(item),
            parent: u.diagram.nodes[i].parent.and_then(|p| slot[p]),
            tooltip: tooltip(item),
            mark: Mark::Plain,
        };
        content[i] = Some(n.clone());
        slot[i] = Some(nodes.len());
        nodes.push(n);
        node_of.push(i);
    }
    let mut edges = Vec::new();
    let mut edge_of = Vec::new();
    let mut edge_label = vec![None; u.diagram.edges.len()];
    for (ei, e) in u.diagram.edges.iter().enumerate() {
        let Some(l): Option<&Link> = links[ei].and_then(|li| era.links.get(li)) else {
            continue;
        };
        let (Some(from), Some(to)) = (slot[e.from], slot[e.to]) else {
            continue;
        };
        edge_label[ei] = Some(l.label.clone());
        edges.push(DiagramEdge {
            from,
            to,
            kind: l.kind,
            label: l.label.clone(),
            tooltip: crate::graph::diagram::link_tooltip(l),
            mark: Mark::Plain,
        });
        edge_of.push(ei);
    }
    SideCut {
        diagram: Diagram {
            title: plain.title,
            description: plain.description,
            nodes,
            edges,
        },
        node_of,
        edge_of,
        content,
        edge_label,
    }
}

impl SideCut {
    /// The side's diagram and the shared layout restricted to it, with its own texts.
    fn cut(&self, shared: &Layout, lo: &LayoutOptions) -> (Diagram, Layout) {
        let mut l = Layout {
            nodes: self
                .node_of
                .iter()
                .map(|&i| shared.nodes[i].clone())
                .collect(),
            edges: self
                .edge_of
                .iter()
                .map(|&i| shared.edges[i].clone())
                .collect(),
            width: shared.width,
            height: shared.height,
        };
        for (g, n) in l.nodes.iter_mut().zip(&self.diagram.nodes) {
            set_node_text(g, &n.label, n.caption.as_deref(), lo);
        }
        for (g, e) in l.edges.iter_mut().zip(&self.diagram.edges) {
            set_edge_text(g, e.label.as_deref(), lo);
        }
        (self.diagram.clone(), l)
    }
}

/// Measures a node's name the way the layout does: a container title or a leaf label.
fn label_block(text: &str, container: bool, depth: usize, lo: &LayoutOptions) -> TextBlock {
    if container {
        measure::block(
            text,
            FontStyle::Regular,
            layout::title_size(depth),
            lo.wrap_width * 2.0,
        )
    } else {
        measure::block(text, FontStyle::Bold, LABEL_SIZE, lo.wrap_width)
    }
}

fn caption_block(text: &str, lo: &LayoutOptions) -> TextBlock {
    measure::block(text, FontStyle::Italic, CAPTION_SIZE, lo.wrap_width)
}

fn edge_block(text: &str, lo: &LayoutOptions) -> TextBlock {
    measure::block(
        text,
        FontStyle::Italic,
        EDGE_LABEL_SIZE,
        lo.edge_label_width,
    )
}

/// The larger of two texts as measured: more lines first, then wider.
fn larger<'a>(a: &'a str, b: &'a str, measure: impl Fn(&str) -> TextBlock) -> &'a str {
    let (ma, mb) = (measure(a), measure(b));
    if (mb.height, mb.width) > (ma.height, ma.width) {
        b
    } else {
        a
    }
}

/// The union diagram with, for every node and link both sides show, the larger of the two
/// texts, so the one layout has room for either side's text.
fn sizing_diagram(d: &Diagram, before: &SideCut, after: &SideCut, lo: &LayoutOptions) -> Diagram {
    let mut s = d.clone();
    for (i, n) in s.nodes.iter_mut().enumerate() {
        let (Some(b), Some(a)) = (&before.content[i], &after.content[i]) else {
            continue;
        };
        let container = d.is_container(i);
        let depth = d.depth(i);
        n.label = larger(&b.label, &a.label, |t| label_block(t, container, depth, lo)).to_string();
        n.caption = match (&b.caption, &a.caption) {
            (Some(x), Some(y)) => Some(larger(x, y, |t| caption_block(t, lo)).to_string()),
            (x, y) => x.clone().or_else(|| y.clone()),
        };
    }
    for (i, e) in s.edges.iter_mut().enumerate() {
        if let (Some(Some(b)), Some(Some(a))) = (&before.edge_label[i], &after.edge_label[i]) {
            e.label = Some(larger(b, a, |t| edge_block(t, lo)).to_string());
        }
    }
    s
}

/// Writes a node's own text into its laid-out box: the block keeps the centre the layout
/// gave it (a container title keeps its top).
fn set_node_text(g: &mut layout::NodeGeom, label: &str, caption: Option<&str>, lo: &LayoutOptions) {
    g.label = label_block(label, g.container, g.depth, lo);
    g.caption = if g.container {
        None
    } else {
        caption
            .filter(|c| !c.trim().is_empty())
            .map(|c| caption_block(c, lo))
    };
    let tw = g
        .label
        .width
        .max(g.caption.as_ref().map_or(0.0, |c| c.width));
    let th = g.label.height + g.caption.as_ref().map_or(0.0, |c| c.height);
    let old = g.text_rect;
    let (cx, cy) = (old.x + old.w / 2.0, old.y + old.h / 2.0);
    g.text_rect = Rect {
        x: cx - tw / 2.0,
        y: if g.container { old.y } else { cy - th / 2.0 },
        w: tw,
        h: th,
    };
}

fn set_edge_text(g: &mut layout::EdgeGeom, label: Option<&str>, lo: &LayoutOptions) {
    let Some(text) = label.filter(|l| !l.trim().is_empty()) else {
        g.label = None;
        return;
    };
    let Some(old) = &g.label else { return };
    let block = edge_block(text, lo);
    let c = old.rect.center();
    g.label = Some(layout::LabelGeom {
        rect: Rect {
            x: c.x - block.width / 2.0,
            y: c.y - block.height / 2.0,
            w: block.width,
            h: block.height,
        },
        text: block,
    });
}

/// The shared layout with the union diagram's own texts (the diff picture's).
fn retext(shared: &Layout, d: &Diagram, lo: &LayoutOptions) -> Layout {
    let mut l = shared.clone();
    for (g, n) in l.nodes.iter_mut().zip(&d.nodes) {
        set_node_text(g, &n.label, n.caption.as_deref(), lo);
    }
    for (g, e) in l.edges.iter_mut().zip(&d.edges) {
        set_edge_text(g, e.label.as_deref(), lo);
    }
    l
}

/// How many unchanged items (same id, nothing differs) sit at a different place in the
/// before and after pictures, and how many unchanged items both pictures show.
pub fn unchanged_displaced(s: &StableScenes) -> (usize, usize) {
    let rects = |scene: &Scene| -> std::collections::HashMap<String, Rect> {
        scene.nodes.iter().map(|n| (n.id.clone(), n.rect)).collect()
    };
    let (before, after) = (rects(&s.before), rects(&s.after));
    let differs: std::collections::HashSet<&str> =
        s.report.items.iter().map(|i| i.id.as_str()).collect();
    let mut moved = 0;
    let mut total = 0;
    for (a, b) in &s.report.matched {
        if a != b || differs.contains(a.as_str()) {
            continue;
        }
        if let (Some(rb), Some(ra)) = (before.get(b), after.get(a)) {
            total += 1;
            if rb != ra {
                moved += 1;
            }
        }
    }
    (moved, total)
}

/// PNG scale of [`write_stable`]: two PNG pixels per SVG px, zukai's default.
pub const PNG_SCALE: f32 = 2.0;

/// One picture of a comparison, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StableFile {
    /// `before`, `after` or `diff`.
    pub side: &'static str,
    /// `svg` or `png`.
    pub extension: &'static str,
    /// `{prefix}{side}.{extension}`.
    pub name: String,
    /// The file's content.
    pub bytes: Vec<u8>,
}

/// The six pictures of a comparison in memory, in the order before, after, diff (each SVG
/// then PNG at `scale` PNG pixels per SVG px), named `{prefix}{side}.{svg|png}`. For
/// callers that compare with files on disk before writing (`zukai render --check`).
pub fn stable_files(
    s: &StableScenes,
    prefix: &str,
    scale: f32,
) -> Result<Vec<StableFile>, crate::render::png::PngError> {
    let mut out = Vec::new();
    for (side, scene) in [
        ("before", &s.before),
        ("after", &s.after),
        ("diff", &s.diff),
    ] {
        let svg = crate::render::svg::to_svg(scene);
        let png = crate::render::png::to_png(&svg, scale)?;
        for (extension, bytes) in [("svg", svg.into_bytes()), ("png", png)] {
            out.push(StableFile {
                side,
                extension,
                name: format!("{prefix}{side}.{extension}"),
                bytes,
            });
        }
    }
    Ok(out)
}

/// Writes [`stable_files`] at [`PNG_SCALE`] into `dir` (created if needed), each
/// atomically. Returns the paths written; the error names the file that failed.
///
/// `zukai diff --stable-dir DIR` uses the prefix `""`; `zukai render` can use e.g.
/// `"compose-k8s."` to write `compose-k8s.diff.svg` beside the era pictures.
pub fn write_stable(dir: &Path, prefix: &str, s: &StableScenes) -> Result<Vec<PathBuf>, String> {
    let files = stable_files(s, prefix, PNG_SCALE)
        .map_err(|e| format!("{}: {e}", dir.join(format!("{prefix}*.png")).display()))?;
    let mut out = Vec::new();
    for f in files {
        let p = dir.join(&f.name);
        crate::cli::write_atomic(&p, &f.bytes).map_err(|e| format!("{}: {e}", p.display()))?;
        out.push(p);
    }
    Ok(out)
}

/// Which eras to compare in a system's history: each era with the next, and the first with
/// the last when there are more than two. Eras are ordered by `[era] order`, then by name
/// (eras without an order come after those with one). Returns index pairs into `eras`
/// (before, after); for Asteroidon: compose → gcp, gcp → k8s, compose → k8s.
pub fn era_pairs(eras: &[Era]) -> Vec<(usize, usize)> {
    let mut idx: Vec<usize> = (0..eras.len()).collect();
    idx.sort_by(|&a, &b| {
        let key = |e: &Era| (e.order.is_none(), e.order, e.name.clone());
        key(&eras[a]).cmp(&key(&eras[b]))
    });
    let mut pairs: Vec<(usize, usize)> = idx.windows(2).map(|w| (w[0], w[1])).collect();
    if idx.len() > 2 {
        pairs.push((idx[0], idx[idx.len() - 1]));
    }
    pairs
}
