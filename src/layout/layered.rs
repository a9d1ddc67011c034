//! zukai's own layered (Sugiyama) engine for one flat graph.
//!
//! Every step is bounded so a container with thousands of boxes stays fast: depth-first
//! cycle breaking, longest-path ranking with sources pulled next to their targets, dummy
//! boxes on long links, a fixed number of barycenter sweeps (the best ordering by crossing
//! count wins), and coordinates from repeated isotonic regression — each box moves toward the
//! mean of its neighbours while keeping its order and the gaps, which keeps ranks compact.
//! Boxes without links are packed into a grid instead of one tall rank.

use super::wrap::{self, RankBand};
use super::{Direction, FlatGraph, LayoutEngine, LayoutOptions};
use crate::scene::Point;

/// The layered engine. Stateless.
#[derive(Debug, Clone, Copy, Default)]
pub struct Layered;

/// Barycenter sweeps (down + up counts as two).
const SWEEPS: usize = 12;
/// Rank balancing rounds (each stops early once nothing moves).
const BALANCE_ROUNDS: usize = 8;
/// Coordinate relaxation rounds.
const COORD_ROUNDS: usize = 6;
/// Breadth reserved for a link passing through a rank.
const DUMMY_BREADTH: f64 = 14.0;
/// Room per link crossing a channel between ranks, px.
const TRACK: f64 = 8.0;
/// Channels widen for at most this many links; more share tracks.
const MAX_TRACKS: usize = 8;

impl LayoutEngine for Layered {
    fn place(&self, g: &FlatGraph, opts: &LayoutOptions) -> Vec<Point> {
        let n = g.sizes.len();
        if n == 0 {
            return Vec::new();
        }
        let across = opts.direction == Direction::Right;
        // thick: extent along the flow; breadth: extent across it.
        let thick: Vec<f64> = g
            .sizes
            .iter()
            .map(|s| if across { s.0 } else { s.1 })
            .collect();
        let breadth: Vec<f64> = g
            .sizes
            .iter()
            .map(|s| if across { s.1 } else { s.0 })
            .collect();

        // Unique directed links between distinct boxes, first occurrence order; the
        // largest label along the flow is kept per pair.
        let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
        // How many links each pair stands for: every one needs its own track in a channel.
        let mut multiplicity: std::collections::BTreeMap<(usize, usize), usize> =
            Default::default();
        {
            let mut seen: std::collections::BTreeMap<(usize, usize), usize> = Default::default();
            for e in &g.edges {
                if e.from == e.to || e.from >= n || e.to >= n {
                    continue;
                }
                let lab = if across { e.label.0 } else { e.label.1 };
                let key = (e.from.min(e.to), e.from.max(e.to));
                *multiplicity.entry(key).or_insert(0) += 1;
                match seen.get(&(e.from, e.to)) {
                    Some(&k) => pairs[k].2 = pairs[k].2.max(lab),
                    None => {
                        seen.insert((e.from, e.to), pairs.len());
                        pairs.push((e.from, e.to, lab));
                    }
                }
            }
        }
        // Boxes standing for the world outside: 1 upstream, 2 downstream.
        let mut pin = vec![0u8; n];
        for &v in g.upstream.iter().filter(|&&v| v < n) {
            pin[v] = 1;
        }
        for &v in g.downstream.iter().filter(|&&v| v < n) {
            pin[v] = 2;
        }
        let dag = break_cycles(n, &pairs);
        let mut rank = rank_nodes(n, &dag, &pin);
        let linked: Vec<bool> = {
            let mut l = vec![false; n];
            for &(a, b, _) in &dag {
                l[a] = true;
                l[b] = true;
            }
            l
        };
        pack_unlinked(&mut rank, &linked, &breadth, &pin);
        let ranks = rank.iter().copied().max().unwrap_or(0) + 1;
        // Ranks holding only outside boxes keep the order they were given.
        let mut fixed = vec![false; ranks];
        if let Some(&v) = g.upstream.first() {
            fixed[rank[v]] = true;
        }
        if let Some(&v) = g.downstream.first() {
            fixed[rank[v]] = true;
        }

        // Layered graph with dummies: node ids >= n are dummies.
        let mut lthick = thick.clone();
        let mut lbreadth = breadth.clone();
        let mut lrank = rank.clone();
        // Links between consecutive ranks, (upper, lower, weight).
        let mut segs: Vec<(usize, usize, f64)> = Vec::new();
        let mut channel_need = vec![0.0f64; ranks];
        let mut tracks = vec![0usize; ranks];
        for &(a, b, lab) in &dag {
            let (ra, rb) = (rank[a], rank[b]);
            debug_assert!(rb > ra);
            channel_need[ra] = channel_need[ra].max(lab);
            let m = multiplicity
                .get(&(a.min(b), a.max(b)))
                .copied()
                .unwrap_or(1);
            for t in &mut tracks[ra..rb] {
                *t += m;
            }
            let mut prev = a;
            for r in ra + 1..rb {
                let d = lthick.len();
                lthick.push(0.0);
                lbreadth.push(DUMMY_BREADTH);
                lrank.push(r);
                let w = if prev >= n { 4.0 } else { 2.0 };
                segs.push((prev, d, w));
                prev = d;
            }
            segs.push((prev, b, if prev >= n { 2.0 } else { 1.0 }));
        }
        let total = lthick.len();
        let mut up: Vec<Vec<(usize, f64)>> = vec![Vec::new(); total];
        let mut down: Vec<Vec<(usize, f64)>> = vec![Vec::new(); total];
        for &(a, b, w) in &segs {
            down[a].push((b, w));
            up[b].push((a, w));
        }

        let mut layers = initial_order(total, ranks, &lrank, &down, &up);
        for list in [&g.upstream, &g.downstream] {
            if let Some(&v) = list.first() {
                layers[rank[v]] = list.clone();
            }
        }
        order_layers(&mut layers, &up, &down, &fixed);
        // Boxes without links lead their rank, together, instead of wherever the sweeps
        // left them between links passing through.
        for layer in &mut layers {
            let (free, tied): (Vec<usize>, Vec<usize>) = layer
                .iter()
                .partition(|&&v| up[v].is_empty() && down[v].is_empty());
            *layer = free.into_iter().chain(tied).collect();
        }

        // Breadth coordinates (centres).
        let gap_between = |a: usize, b: usize| -> f64 {
            let da = a >= n;
            let db = b >= n;
            if (a < n && pin[a] != 0) || (b < n && pin[b] != 0) {
                return 2.0;
            }
            match (da, db) {
                (false, false) => opts.node_gap,
                (true, true) => 6.0,
                _ => opts.node_gap / 2.0,
            }
        };
        let mut centre = vec![0.0f64; total];
        for layer in &layers {
            let mut c = 0.0;
            for (i, &v) in layer.iter().enumerate() {
                if i > 0 {
                    let u = layer[i - 1];
                    c += (lbreadth[u] + lbreadth[v]) / 2.0 + gap_between(u, v);
                }
                centre[v] = c;
            }
        }
        // Centre each layer on the widest one to start from a balanced picture.
        let extent = |layer: &Vec<usize>, centre: &Vec<f64>| -> (f64, f64) {
            let f = layer[0];
            let l = *layer.last().unwrap();
            (centre[f] - lbreadth[f] / 2.0, centre[l] + lbreadth[l] / 2.0)
        };
        let widest = layers
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| {
                let (a, b) = extent(l, &centre);
                b - a
            })
            .fold(0.0, f64::max);
        for layer in layers.iter().filter(|l| !l.is_empty()) {
            let (a, b) = extent(layer, &centre);
            let shift = (widest - (b - a)) / 2.0 - a;
            for &v in layer {
                centre[v] += shift;
            }
        }
        for round in 0..COORD_ROUNDS {
            let last = round + 1 == COORD_ROUNDS;
            let order: Vec<usize> = if round % 2 == 0 {
                (0..ranks).collect()
            } else {
                (0..ranks).rev().collect()
            };
            for r in order {
                let layer = &layers[r];
                if layer.is_empty() {
                    continue;
                }
                let mut targets = Vec::with_capacity(layer.len());
                let mut weights = Vec::with_capacity(layer.len());
                for &v in layer {
                    // Both sides in the last round, so nothing is pulled one way only.
                    let nb: Vec<&(usize, f64)> = if last {
                        up[v].iter().chain(down[v].iter()).collect()
                    } else if round % 2 == 0 {
                        if up[v].is_empty() {
                            down[v].iter().collect()
                        } else {
                            up[v].iter().collect()
                        }
                    } else if down[v].is_empty() {
                        up[v].iter().collect()
                    } else {
                        down[v].iter().collect()
                    };
                    let sw: f64 = nb.iter().map(|x| x.1).sum();
                    if sw > 0.0 {
                        let t = nb.iter().map(|x| centre[x.0] * x.1).sum::<f64>() / sw;
                        targets.push(t);
                        weights.push(if v >= n { 2.0 } else { 1.0 });
                    } else {
                        targets.push(centre[v]);
                        weights.push(0.2);
                    }
                }
                let seps: Vec<f64> = (1..layer.len())
                    .map(|i| {
                        let (a, b) = (layer[i - 1], layer[i]);
                        (lbreadth[a] + lbreadth[b]) / 2.0 + gap_between(a, b)
                    })
                    .collect();
                let out = isotonic(&targets, &weights, &seps);
                for (&v, c) in layer.iter().zip(out) {
                    centre[v] = c;
                }
            }
        }

        // Flow coordinates: each rank is as thick as its thickest box; channels widen to fit
        // the labels of links leaving the rank. A sequence of ranks far longer than it is
        // broad wraps into rows stacked across the flow.
        let mut bands: Vec<RankBand> = (0..ranks)
            .map(|r| RankBand {
                thick: 0.0,
                channel: opts
                    .rank_gap
                    .max(channel_need[r] + 40.0)
                    .max(tracks[r].min(MAX_TRACKS) as f64 * TRACK + 30.0),
                lo: f64::INFINITY,
                hi: f64::NEG_INFINITY,
                links: tracks[r],
            })
            .collect();
        for v in 0..n {
            let b = &mut bands[rank[v]];
            b.thick = b.thick.max(thick[v]);
            b.lo = b.lo.min(centre[v] - breadth[v] / 2.0);
            b.hi = b.hi.max(centre[v] + breadth[v] / 2.0);
        }
        // The ratio is width to height; along the flow that is its inverse going down.
        let target = if across {
            opts.aspect_ratio
        } else {
            1.0 / opts.aspect_ratio
        };
        // Links crossing a cut run back through the gap between two rows.
        let row_gap = |links: usize| {
            opts.rank_gap
                .max(links.min(2 * MAX_TRACKS) as f64 * TRACK + 30.0)
        };
        let rows = wrap::wrap(&bands, target, row_gap);
        let min_b = (0..n)
            .map(|v| centre[v] - breadth[v] / 2.0 + rows.shift[rank[v]])
            .fold(f64::INFINITY, f64::min);
        (0..n)
            .map(|v| {
                let r = rank[v];
                let f = rows.start[r] + (bands[r].thick - thick[v]) / 2.0;
                let b = centre[v] - breadth[v] / 2.0 + rows.shift[r] - min_b;
                if across {
                    Point { x: f, y: b }
                } else {
                    Point { x: b, y: f }
                }
            })
            .collect()
    }
}

/// Reverses the links that close a cycle, found by depth-first search in declaration order.
fn break_cycles(n: usize, pairs: &[(usize, usize, f64)]) -> Vec<(usize, usize, f64)> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &(a, _, _)) in pairs.iter().enumerate() {
        out_edges[a].push(k);
    }
    // 0 unvisited, 1 on the stack, 2 done.
    let mut state = vec![0u8; n];
    let mut reversed = vec![false; pairs.len()];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (v, ref mut i)) = stack.last_mut() {
            if *i < out_edges[v].len() {
                let k = out_edges[v][*i];
                *i += 1;
                let w = pairs[k].1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => reversed[k] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    let mut dag: Vec<(usize, usize, f64)> = Vec::with_capacity(pairs.len());
    let mut seen = std::collections::BTreeSet::new();
    for (k, &(a, b, l)) in pairs.iter().enumerate() {
        let (a, b) = if reversed[k] { (b, a) } else { (a, b) };
        // A reversed link may now repeat another; one is enough for placement.
        if seen.insert((a, b)) {
            dag.push((a, b, l));
        }
    }
    dag
}

/// Longest-path ranks, then a few rounds of moving each box to the weighted median of the
/// ranks its links would like it at (within what its links allow): a cheap stand-in for
/// network simplex that shortens links, so fewer dummies cross each rank and fewer links
/// cross each other. Sources end right before their nearest target, sinks right after
/// their nearest source, instead of piling up in the first or last rank.
fn rank_nodes(n: usize, dag: &[(usize, usize, f64)], pin: &[u8]) -> Vec<usize> {
    let mut indeg = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b, _) in dag {
        indeg[b] += 1;
        succ[a].push(b);
        pred[b].push(a);
    }
    let mut rank = vec![0usize; n];
    let mut queue: std::collections::VecDeque<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut topo = Vec::with_capacity(n);
    while let Some(v) = queue.pop_front() {
        topo.push(v);
        for &w in &succ[v] {
            rank[w] = rank[w].max(rank[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    // Outside boxes get the first and last ranks to themselves.
    let shift = usize::from(pin.contains(&1));
    for v in (0..n).filter(|&v| pin[v] != 1) {
        rank[v] += shift;
    }
    let top = (0..n)
        .filter(|&v| pin[v] != 2)
        .map(|v| rank[v])
        .max()
        .unwrap_or(0);
    for v in (0..n).filter(|&v| pin[v] == 2) {
        rank[v] = top + 1;
    }
    let mut wish: Vec<usize> = Vec::new();
    for round in 0..BALANCE_ROUNDS {
        let mut moved = false;
        let order: Box<dyn Iterator<Item = &usize>> = if round % 2 == 0 {
            Box::new(topo.iter().rev())
        } else {
            Box::new(topo.iter())
        };
        for &v in order {
            if pin[v] != 0 || (pred[v].is_empty() && succ[v].is_empty()) {
                continue;
            }
            let lo = pred[v]
                .iter()
                .map(|&p| rank[p] + 1)
                .max()
                .unwrap_or(0)
                .max(shift);
            let hi = succ[v].iter().map(|&s| rank[s] - 1).min().unwrap_or(top);
            wish.clear();
            wish.extend(pred[v].iter().map(|&p| rank[p] + 1));
            wish.extend(succ[v].iter().map(|&s| rank[s] - 1));
            wish.sort_unstable();
            // Any rank between the two middle wishes is as short; the nearest one moves least.
            let (a, b) = (wish[(wish.len() - 1) / 2], wish[wish.len() / 2]);
            let r = rank[v].clamp(a, b).clamp(lo, hi.max(lo));
            if r != rank[v] {
                rank[v] = r;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    // Ranks left empty would only stretch the links across them.
    let last = top + 1;
    let mut used = vec![false; last + 1];
    for &r in &rank {
        used[r] = true;
    }
    let mut remap = vec![0usize; last + 1];
    let mut next = 0;
    for r in 0..=last {
        remap[r] = next;
        if used[r] {
            next += 1;
        }
    }
    for r in &mut rank {
        *r = remap[*r];
    }
    rank
}

/// Boxes without links: a near-square grid when nothing is linked, otherwise all in the
/// thinnest rank.
fn pack_unlinked(rank: &mut [usize], linked: &[bool], breadth: &[f64], pin: &[u8]) {
    let n = rank.len();
    let free: Vec<usize> = (0..n).filter(|&v| !linked[v]).collect();
    if free.is_empty() {
        return;
    }
    if free.len() == n {
        let cols = (n as f64).sqrt().ceil() as usize;
        for (i, &v) in free.iter().enumerate() {
            rank[v] = i % cols.max(1);
        }
        return;
    }
    let ranks = (0..n)
        .filter(|&v| linked[v])
        .map(|v| rank[v])
        .max()
        .unwrap_or(0)
        + 1;
    let mut load = vec![0.0f64; ranks];
    for v in (0..n).filter(|&v| linked[v]) {
        load[rank[v]] += breadth[v];
    }
    // Kept together, in declaration order, in the thinnest rank that is not outside's.
    let first = usize::from(pin.contains(&1));
    let end = if pin.contains(&2) { ranks - 1 } else { ranks };
    let r = (first..end.max(first + 1))
        .min_by(|&a, &b| load[a].total_cmp(&load[b]).then(a.cmp(&b)))
        .unwrap_or(0);
    for v in free {
        rank[v] = r;
    }
}

/// First order in each rank: depth-first from the boxes in declaration order, so linked
/// boxes start near each other.
fn initial_order(
    total: usize,
    ranks: usize,
    lrank: &[usize],
    down: &[Vec<(usize, f64)>],
    up: &[Vec<(usize, f64)>],
) -> Vec<Vec<usize>> {
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); ranks];
    let mut seen = vec![false; total];
    for root in 0..total {
        if seen[root] || !up[root].is_empty() {
            continue;
        }
        let mut stack = vec![root];
        while let Some(v) = stack.pop() {
            if seen[v] {
                continue;
            }
            seen[v] = true;
            layers[lrank[v]].push(v);
            for &(w, _) in down[v].iter().rev() {
                if !seen[w] {
                    stack.push(w);
                }
            }
        }
    }
    for v in 0..total {
        if !seen[v] {
            layers[lrank[v]].push(v);
        }
    }
    layers
}

/// Barycenter sweeps; keeps the ordering with the fewest crossings.
fn order_layers(
    layers: &mut [Vec<usize>],
    up: &[Vec<(usize, f64)>],
    down: &[Vec<(usize, f64)>],
    fixed: &[bool],
) {
    let total = up.len();
    let mut pos = vec![0usize; total];
    let set_pos = |layers: &[Vec<usize>], pos: &mut Vec<usize>| {
        for l in layers {
            for (i, &v) in l.iter().enumerate() {
                pos[v] = i;
            }
        }
    };
    set_pos(layers, &mut pos);
    let mut best = layers.to_vec();
    let mut best_c = crossings(layers, down, &pos);
    if best_c == 0 {
        return;
    }
    for sweep in 0..SWEEPS {
        let downward = sweep % 2 == 0;
        let rs: Vec<usize> = if downward {
            (1..layers.len()).collect()
        } else {
            (0..layers.len().saturating_sub(1)).rev().collect()
        };
        for r in rs.into_iter().filter(|&r| !fixed[r]) {
            let nbrs = if downward { up } else { down };
            let mut keyed: Vec<(f64, usize)> = layers[r]
                .iter()
                .map(|&v| {
                    let nb = &nbrs[v];
                    let key = if nb.is_empty() {
                        pos[v] as f64
                    } else {
                        let sw: f64 = nb.iter().map(|x| x.1).sum();
                        nb.iter().map(|&(w, wt)| pos[w] as f64 * wt).sum::<f64>() / sw
                    };
                    (key, v)
                })
                .collect();
            // Stable: ties keep the current order.
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            layers[r] = keyed.into_iter().map(|x| x.1).collect();
            for (i, &v) in layers[r].iter().enumerate() {
                pos[v] = i;
            }
        }
        let c = crossings(layers, down, &pos);
        if c < best_c {
            best_c = c;
            best = layers.to_vec();
            if c == 0 {
                break;
            }
        }
    }
    layers.clone_from_slice(&best);
}

/// Link crossings between consecutive ranks (inversion count with a Fenwick tree).
fn crossings(layers: &[Vec<usize>], down: &[Vec<(usize, f64)>], pos: &[usize]) -> u64 {
    let mut total = 0u64;
    for r in 0..layers.len().saturating_sub(1) {
        let width = layers[r + 1].len();
        if width == 0 {
            continue;
        }
        let mut ends: Vec<(usize, usize)> = Vec::new();
        for &v in &layers[r] {
            for &(w, _) in &down[v] {
                ends.push((pos[v], pos[w]));
            }
        }
        ends.sort_unstable();
        let mut tree = vec![0u64; width + 1];
        let mut inserted = 0u64;
        for &(_, b) in &ends {
            // Count earlier ends strictly greater than b.
            let mut i = b + 1;
            let mut le = 0u64;
            while i > 0 {
                le += tree[i];
                i &= i - 1;
            }
            total += inserted - le;
            let mut i = b + 1;
            while i <= width {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
            inserted += 1;
        }
    }
    total
}

/// Weighted least-squares positions closest to `targets` that keep the order and at least
/// `seps[i]` between item i and i + 1 (pool-adjacent-violators).
fn isotonic(targets: &[f64], weights: &[f64], seps: &[f64]) -> Vec<f64> {
    let k = targets.len();
    let mut offset = vec![0.0; k];
    for i in 1..k {
        offset[i] = offset[i - 1] + seps[i - 1];
    }
    // (weight sum, weighted value sum, count)
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(k);
    for i in 0..k {
        blocks.push((weights[i], weights[i] * (targets[i] - offset[i]), 1));
        while blocks.len() >= 2 {
            let b = blocks[blocks.len() - 1];
            let a = blocks[blocks.len() - 2];
            if a.1 / a.0 >= b.1 / b.0 {
                blocks.pop();
                let last = blocks.last_mut().unwrap();
                *last = (a.0 + b.0, a.1 + b.1, a.2 + b.2);
            } else {
                break;
            }
        }
    }
    let mut out = Vec::with_capacity(k);
    for (w, s, c) in blocks {
        let m = s / w;
        for _ in 0..c {
            let i = out.len();
            out.push(m + offset[i]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::FlatEdge;

    #[test]
    fn isotonic_keeps_order_and_gaps() {
        let out = isotonic(&[10.0, 0.0, 5.0], &[1.0, 1.0, 1.0], &[10.0, 10.0]);
        assert!(out[1] - out[0] >= 10.0 - 1e-9 && out[2] - out[1] >= 10.0 - 1e-9);
    }

    #[test]
    fn a_chain_flows_right_and_does_not_overlap() {
        let g = FlatGraph {
            sizes: vec![(80.0, 66.0); 4],
            edges: vec![
                FlatEdge {
                    from: 0,
                    to: 1,
                    label: (0.0, 0.0),
                },
                FlatEdge {
                    from: 1,
                    to: 2,
                    label: (0.0, 0.0),
                },
                FlatEdge {
                    from: 2,
                    to: 0,
                    label: (0.0, 0.0),
                },
                FlatEdge {
                    from: 0,
                    to: 3,
                    label: (0.0, 0.0),
                },
            ],
            ..FlatGraph::default()
        };
        let p = Layered.place(&g, &LayoutOptions::default());
        assert!(p[1].x > p[0].x && p[2].x > p[1].x);
        for i in 0..4 {
            for j in i + 1..4 {
                let a = crate::scene::Rect {
                    x: p[i].x,
                    y: p[i].y,
                    w: 80.0,
                    h: 66.0,
                };
                let b = crate::scene::Rect {
                    x: p[j].x,
                    y: p[j].y,
                    w: 80.0,
                    h: 66.0,
                };
                assert!(!a.overlaps(&b), "{i} {j}");
            }
        }
    }
}
