//! A uniform bucket grid over rectangles: which boxes may touch a point or a rectangle,
//! without comparing every pair.

use crate::scene::Rect;

pub(crate) struct Index {
    x0: f64,
    y0: f64,
    cell: f64,
    cols: usize,
    rows: usize,
    buckets: Vec<Vec<u32>>,
    /// Per-query de-duplication stamps.
    stamp: Vec<u32>,
    epoch: u32,
}

impl Index {
    /// An index over `bounds`; `cell` is the bucket size in px. Items outside `bounds` are
    /// clamped into the border buckets, so queries stay correct.
    pub fn new(bounds: Rect, cell: f64, items: usize) -> Index {
        let cols = ((bounds.w / cell).ceil() as usize).clamp(1, 4096);
        let rows = ((bounds.h / cell).ceil() as usize).clamp(1, 4096);
        Index {
            x0: bounds.x,
            y0: bounds.y,
            cell,
            cols,
            rows,
            buckets: vec![Vec::new(); cols * rows],
            stamp: vec![0; items],
            epoch: 0,
        }
    }

    fn span(&self, r: &Rect) -> (usize, usize, usize, usize) {
        let cx =
            |x: f64| (((x - self.x0) / self.cell).floor().max(0.0) as usize).min(self.cols - 1);
        let cy =
            |y: f64| (((y - self.y0) / self.cell).floor().max(0.0) as usize).min(self.rows - 1);
        (cx(r.x), cx(r.right()), cy(r.y), cy(r.bottom()))
    }

    /// Adds item `id` covering `r`.
    pub fn insert(&mut self, id: usize, r: &Rect) {
        if id >= self.stamp.len() {
            self.stamp.resize(id + 1, 0);
        }
        let (a, b, c, d) = self.span(r);
        for y in c..=d {
            for x in a..=b {
                self.buckets[y * self.cols + x].push(id as u32);
            }
        }
    }

    /// Calls `f` once for every item whose buckets meet `r`.
    pub fn query(&mut self, r: &Rect, mut f: impl FnMut(usize)) {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.epoch = 1;
        }
        let (a, b, c, d) = self.span(r);
        for y in c..=d {
            for x in a..=b {
                for &id in &self.buckets[y * self.cols + x] {
                    let id = id as usize;
                    if self.stamp[id] != self.epoch {
                        self.stamp[id] = self.epoch;
                        f(id);
                    }
                }
            }
        }
    }
}
