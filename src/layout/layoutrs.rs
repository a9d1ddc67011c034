//! The layout-rs crate (a Graphviz-like layered engine) as a [`LayoutEngine`].
//!
//! layout-rs draws through a `RenderBackend`; we only need where the boxes went, so the
//! backend records nothing and the positions are read back from the graph. Boxes keep the
//! sizes we measured. Links are passed without labels: layout-rs would size label boxes by
//! character count, and labels are placed on the routes later anyway. Its cost grows fast
//! with size (about 23 s for 1,000 boxes), so `layout::place` only hands it containers up
//! to [`super::LAYOUT_RS_LIMIT`] children.

use super::{Direction, FlatGraph, LayoutEngine, LayoutOptions};
use crate::scene::Point;
use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point as LPoint;
use layout::core::style::StyleAttr;
use layout::std_shapes::shapes::{Arrow, Element, ShapeKind};
use layout::topo::layout::VisualGraph;

/// layout-rs as a [`LayoutEngine`].
#[derive(Debug, Clone, Copy, Default)]
pub struct LayoutRs;

/// A backend that draws nothing: positions are read from the graph after layout.
struct Discard;

impl RenderBackend for Discard {
    fn draw_rect(
        &mut self,
        _: LPoint,
        _: LPoint,
        _: &StyleAttr,
        _: Option<String>,
        _: Option<ClipHandle>,
    ) {
    }
    fn draw_line(&mut self, _: LPoint, _: LPoint, _: &StyleAttr, _: Option<String>) {}
    fn draw_circle(&mut self, _: LPoint, _: LPoint, _: &StyleAttr, _: Option<String>) {}
    fn draw_text(&mut self, _: LPoint, _: &str, _: &StyleAttr) {}
    fn draw_arrow(
        &mut self,
        _: &[(LPoint, LPoint)],
        _: bool,
        _: (bool, bool),
        _: &StyleAttr,
        _: Option<String>,
        _: &str,
    ) {
    }
    fn create_clip(&mut self, _: LPoint, _: LPoint, _: usize) -> ClipHandle {
        0
    }
}

impl LayoutEngine for LayoutRs {
    fn place(&self, g: &FlatGraph, opts: &LayoutOptions) -> Vec<Point> {
        let orientation = match opts.direction {
            Direction::Right => Orientation::LeftToRight,
            Direction::Down => Orientation::TopToBottom,
        };
        let mut vg = VisualGraph::new(orientation);
        // Half the gap around each box keeps layout-rs's boxes apart by at least our gap.
        let halo = opts.node_gap / 2.0;
        let handles: Vec<_> = g
            .sizes
            .iter()
            .enumerate()
            .map(|(i, &(w, h))| {
                vg.add_node(Element::create_with_properties(
                    ShapeKind::new_box(""),
                    StyleAttr::simple(),
                    orientation,
                    LPoint::new(w + halo, h + halo),
                    format!("n{i}"),
                ))
            })
            .collect();
        let mut seen = std::collections::BTreeSet::new();
        for e in &g.edges {
            if e.from != e.to && seen.insert((e.from, e.to)) {
                vg.add_edge(Arrow::simple(""), handles[e.from], handles[e.to]);
            }
        }
        vg.do_it(false, false, false, &mut Discard);
        let mut pos: Vec<Point> = handles
            .iter()
            .zip(&g.sizes)
            .map(|(&h, &(w, hh))| {
                let c = vg.pos(h).center();
                Point {
                    x: c.x - w / 2.0,
                    y: c.y - hh / 2.0,
                }
            })
            .collect();
        let min_x = pos.iter().map(|p| p.x).fold(f64::INFINITY, f64::min);
        let min_y = pos.iter().map(|p| p.y).fold(f64::INFINITY, f64::min);
        for p in &mut pos {
            p.x -= min_x;
            p.y -= min_y;
        }
        pos
    }
}
