//! Adapter for the layout-rs crate (being built).

use super::{FlatGraph, LayoutEngine, LayoutOptions};
use crate::scene::Point;

/// layout-rs as a [`LayoutEngine`].
#[derive(Debug, Clone, Copy, Default)]
pub struct LayoutRs;

impl LayoutEngine for LayoutRs {
    fn place(&self, g: &FlatGraph, opts: &LayoutOptions) -> Vec<Point> {
        super::layered::Layered.place(g, opts)
    }
}
