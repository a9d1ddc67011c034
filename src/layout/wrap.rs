//! Wrapping a long layered layout into rows.
//!
//! A container whose ranks make a sequence far longer along the flow than across it (a
//! large inventory's clusters or hosts one after another) would be drawn as one thin band,
//! tens of thousands of pixels long. Like ELK's layered wrapping, the sequence of ranks is
//! cut into consecutive rows (direction right) or columns (direction down) that are stacked
//! across the flow, so the container's box approaches [`LayoutOptions::aspect_ratio`].
//! Cuts go near evenly spaced points where the fewest links pass, and the gap between two
//! rows is widened for the links that run back across it. Each candidate row count costs one
//! walk over the ranks; counts are tried upward from two until the picture is no longer too
//! long, so the cost is the number of ranks times the number of rows chosen.
//!
//! [`LayoutOptions::aspect_ratio`]: super::LayoutOptions::aspect_ratio

/// Wrapping starts only when a layout is this many times more elongated along its flow than
/// the target ratio, so pictures that are merely wide keep their single row.
pub const WRAP_TRIGGER: f64 = 3.0;
/// Layouts shorter than this along the flow, px, are never wrapped: a short chain reads best
/// in one row, however thin, and small inventories keep their pictures.
pub const WRAP_MIN_LENGTH: f64 = 2_000.0;

/// One rank of a layered layout, as wrapping sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RankBand {
    /// Extent along the flow of the rank's thickest box.
    pub thick: f64,
    /// The channel after the rank, along the flow.
    pub channel: f64,
    /// Smallest breadth coordinate of the rank's boxes (infinite when it holds none).
    pub lo: f64,
    /// Largest breadth coordinate of the rank's boxes (negative infinite when none).
    pub hi: f64,
    /// Links passing the channel after the rank.
    pub links: usize,
}

/// Where each rank goes once wrapped.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Wrapped {
    /// Flow coordinate of each rank's start, measured from the start of its row.
    pub start: Vec<f64>,
    /// Breadth shift of each rank: added to its boxes' breadth coordinates so that rows are
    /// stacked one after another, the first at 0.
    pub shift: Vec<f64>,
    /// Number of rows (1: not wrapped).
    pub rows: usize,
}

/// Cuts `ranks` into rows so the whole approaches `target` (length along the flow divided by
/// breadth across it); `row_gap(links)` is the gap left between two rows where `links`
/// links cross the cut. A layout no more elongated than [`WRAP_TRIGGER`] × `target`, or
/// shorter than [`WRAP_MIN_LENGTH`], keeps one row.
pub(crate) fn wrap(ranks: &[RankBand], target: f64, row_gap: impl Fn(usize) -> f64) -> Wrapped {
    let k = ranks.len();
    // cum[r]: flow coordinate of rank r's start when nothing wraps.
    let mut cum = Vec::with_capacity(k + 1);
    let mut s = 0.0;
    for r in ranks {
        cum.push(s);
        s += r.thick + r.channel;
    }
    cum.push(s);
    let single = vec![0];
    let (flow, breadth) = extent(ranks, &cum, &single, &row_gap);
    let usable = target.is_finite() && target > 0.0 && breadth > 0.0;
    let mut best = single;
    if usable && k >= 2 && flow > WRAP_MIN_LENGTH && flow / breadth > WRAP_TRIGGER * target {
        let mut best_score = score(flow, breadth, target);
        for rows in 2..=k {
            let cuts = cut(ranks, &cum, rows);
            let (f, b) = extent(ranks, &cum, &cuts, &row_gap);
            let sc = score(f, b, target);
            if sc < best_score {
                best_score = sc;
                best = cuts;
            }
            // More rows only make the picture squatter from here on.
            if f / b <= target {
                break;
            }
        }
    }
    place_rows(ranks, &cum, &best, &row_gap)
}

/// How far a flow:breadth ratio is from the target, symmetric for too long and too short.
fn score(flow: f64, breadth: f64, target: f64) -> f64 {
    ((flow / breadth) / target).ln().abs()
}

/// The first rank of each of about `rows` rows: each cut goes where the fewest links pass
/// among the channels within a sixth of a row's length from its evenly spaced point, the
/// nearest one on a tie.
fn cut(ranks: &[RankBand], cum: &[f64], rows: usize) -> Vec<usize> {
    let k = ranks.len();
    let total = cum[k];
    let len = total / rows as f64;
    let window = len / 6.0;
    let mut starts = vec![0];
    let mut b = 1;
    for j in 1..rows {
        let ideal = len * j as f64;
        let prev = *starts.last().unwrap();
        b = b.max(prev + 1);
        // Skip channels before the window, but keep the last one as a fallback.
        while b + 1 < k && cum[b + 1] < ideal - window {
            b += 1;
        }
        if b >= k {
            break;
        }
        let mut pick = b;
        let mut c = b;
        while c < k && cum[c] <= ideal + window {
            let better = (ranks[c - 1].links, (cum[c] - ideal).abs())
                < (ranks[pick - 1].links, (cum[pick] - ideal).abs());
            if better {
                pick = c;
            }
            c += 1;
        }
        // Nothing in the window: the boundary nearest the ideal point.
        if cum[pick] < ideal - window && pick + 1 < k && cum[pick + 1] - ideal < ideal - cum[pick] {
            pick += 1;
        }
        starts.push(pick);
        b = pick + 1;
    }
    starts
}

/// Length along the flow and breadth across it of the rows starting at `starts`.
fn extent(
    ranks: &[RankBand],
    cum: &[f64],
    starts: &[usize],
    row_gap: &impl Fn(usize) -> f64,
) -> (f64, f64) {
    let mut flow: f64 = 0.0;
    let mut breadth = 0.0;
    for (i, &s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(ranks.len());
        let last = &ranks[e - 1];
        flow = flow.max(cum[e - 1] + last.thick - cum[s]);
        let band = Band::of(&ranks[s..e], starts.len() > 1);
        breadth += band.hi - band.lo;
        if i > 0 {
            breadth += row_gap(ranks[s - 1].links);
        }
    }
    (flow, breadth)
}

/// One row's extent across the flow.
///
/// Ranks are offset against each other so links between neighbours run straight, which
/// staggers them; in a wrapped row that would make every row as broad as its staggered
/// ranks together. So in a wrapped row each rank that sticks out of a band as broad as the
/// row's broadest rank, centred on the ranks' median, is moved just inside it.
struct Band {
    lo: f64,
    hi: f64,
    /// The band ranks are moved into, when compacted.
    window: Option<(f64, f64)>,
}

impl Band {
    fn of(ranks: &[RankBand], compact: bool) -> Band {
        let filled = || ranks.iter().filter(|r| r.lo <= r.hi);
        if filled().next().is_none() {
            return Band {
                lo: 0.0,
                hi: 0.0,
                window: None,
            };
        }
        let mut band = Band {
            lo: filled().map(|r| r.lo).fold(f64::INFINITY, f64::min),
            hi: filled().map(|r| r.hi).fold(f64::NEG_INFINITY, f64::max),
            window: None,
        };
        if !compact {
            return band;
        }
        let broadest = filled().map(|r| r.hi - r.lo).fold(0.0, f64::max);
        let mut mids: Vec<f64> = filled().map(|r| (r.lo + r.hi) / 2.0).collect();
        mids.sort_by(f64::total_cmp);
        let mid = mids[mids.len() / 2];
        band.window = Some((mid - broadest / 2.0, mid + broadest / 2.0));
        band.lo = filled()
            .map(|r| r.lo + band.moved(r))
            .fold(f64::INFINITY, f64::min);
        band.hi = filled()
            .map(|r| r.hi + band.moved(r))
            .fold(f64::NEG_INFINITY, f64::max);
        band
    }

    /// How far a rank moves across the flow to sit in the band.
    fn moved(&self, r: &RankBand) -> f64 {
        match self.window {
            Some((lo, _)) if r.lo < lo => lo - r.lo,
            Some((_, hi)) if r.hi > hi => hi - r.hi,
            _ => 0.0,
        }
    }
}

fn place_rows(
    ranks: &[RankBand],
    cum: &[f64],
    starts: &[usize],
    row_gap: &impl Fn(usize) -> f64,
) -> Wrapped {
    let mut start = vec![0.0; ranks.len()];
    let mut shift = vec![0.0; ranks.len()];
    if starts.len() == 1 {
        start.copy_from_slice(&cum[..ranks.len()]);
        return Wrapped {
            start,
            shift,
            rows: 1,
        };
    }
    let mut offset = 0.0;
    for (i, &s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(ranks.len());
        if i > 0 {
            offset += row_gap(ranks[s - 1].links);
        }
        let band = Band::of(&ranks[s..e], starts.len() > 1);
        for r in s..e {
            start[r] = cum[r] - cum[s];
            shift[r] = offset - band.lo + band.moved(&ranks[r]);
        }
        offset += band.hi - band.lo;
    }
    Wrapped {
        start,
        shift,
        rows: starts.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<RankBand> {
        (0..n)
            .map(|_| RankBand {
                thick: 100.0,
                channel: 70.0,
                lo: 0.0,
                hi: 66.0,
                links: 1,
            })
            .collect()
    }

    #[test]
    fn a_short_chain_keeps_one_row() {
        // 11 boxes: 1,800 × 66, thin but short enough to read in one row.
        let w = wrap(&chain(11), 1.6, |_| 70.0);
        assert_eq!(w.rows, 1);
        assert!(w.shift.iter().all(|&s| s == 0.0));
    }

    #[test]
    fn a_long_but_broad_layout_keeps_one_row() {
        let mut ranks = chain(30);
        for r in &mut ranks {
            r.hi = 2_000.0;
        }
        assert_eq!(wrap(&ranks, 1.6, |_| 70.0).rows, 1);
    }

    #[test]
    fn a_long_chain_wraps_towards_the_target_ratio() {
        let ranks = chain(30);
        let w = wrap(&ranks, 1.6, |_| 70.0);
        assert!(w.rows >= 3, "{} rows", w.rows);
        // Rows stack without overlapping: each row's breadth band starts after the last.
        let mut bands: Vec<(f64, f64, f64)> = Vec::new();
        for r in 0..30 {
            let lo = ranks[r].lo + w.shift[r];
            let hi = ranks[r].hi + w.shift[r];
            match bands.last_mut() {
                Some(b) if b.0 == lo => b.2 = b.2.max(w.start[r] + 100.0),
                _ => bands.push((lo, hi, w.start[r] + 100.0)),
            }
        }
        assert_eq!(bands.len(), w.rows);
        for pair in bands.windows(2) {
            assert!(pair[1].0 >= pair[0].1 + 70.0);
        }
        let flow = bands.iter().map(|b| b.2).fold(0.0, f64::max);
        let breadth = bands.last().unwrap().1;
        let ratio = flow / breadth;
        assert!(ratio > 1.6 / 2.0 && ratio < 1.6 * 2.0, "ratio {ratio}");
    }

    #[test]
    fn cuts_prefer_channels_few_links_pass() {
        let mut ranks = chain(40);
        for r in &mut ranks {
            r.links = 5;
        }
        // One quiet channel a little after the middle.
        ranks[21].links = 0;
        let cuts = cut(
            &ranks,
            &{
                let mut c = vec![0.0];
                for r in &ranks {
                    c.push(c.last().unwrap() + r.thick + r.channel);
                }
                c
            },
            2,
        );
        assert_eq!(cuts, vec![0, 22]);
    }
}
