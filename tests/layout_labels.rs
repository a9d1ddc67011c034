//! Link labels a reader can attribute: in the shipped Asteroidon pictures (each era and each
//! diff), every link label sits on or right beside its own link, and no other link's line
//! runs under its text.

use std::path::{Path, PathBuf};
use zukai::scene::build::{SceneOptions, draw};
use zukai::scene::{Point, Rect, Scene};

fn inventories() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("inventories");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

/// Every shipped picture: each era alone and each diff, by name.
fn pictures() -> Vec<(String, Scene)> {
    let loaded = zukai::model::load_files(&inventories());
    assert!(loaded.io_errors.is_empty(), "{:?}", loaded.io_errors);
    let opts = SceneOptions::default();
    let mut out = Vec::new();
    for era in &loaded.eras {
        let d = zukai::graph::diagram::from_era(era);
        out.push((era.name.clone(), draw(&d, &opts)));
    }
    for (b, a) in zukai::diff::stable::era_pairs(&loaded.eras) {
        let (before, after) = (&loaded.eras[b], &loaded.eras[a]);
        let scenes = zukai::diff::stable_scenes(before, after, &opts);
        out.push((
            format!("{}-to-{}.diff", before.name, after.name),
            scenes.diff,
        ));
    }
    out
}

fn seg_hits(a: Point, b: Point, r: &Rect) -> bool {
    let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
    let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
    x0 < r.right() && x1 > r.x && y0 < r.bottom() && y1 > r.y
}

/// Distance from `p` to the rectangle `r` (0 inside).
fn dist_to_rect(p: Point, r: &Rect) -> f64 {
    let dx = (r.x - p.x).max(p.x - r.right()).max(0.0);
    let dy = (r.y - p.y).max(p.y - r.bottom()).max(0.0);
    dx.hypot(dy)
}

/// Distance from the axis-aligned segment `a`–`b` to `r`, sampled finely enough for
/// labels (a few px).
fn seg_dist(a: Point, b: Point, r: &Rect) -> f64 {
    if seg_hits(a, b, r) {
        return 0.0;
    }
    let n = ((b.x - a.x).abs() + (b.y - a.y).abs()).ceil().max(1.0) as usize;
    (0..=n)
        .map(|i| {
            let t = i as f64 / n as f64;
            let p = Point {
                x: a.x + (b.x - a.x) * t,
                y: a.y + (b.y - a.y) * t,
            };
            dist_to_rect(p, r)
        })
        .fold(f64::INFINITY, f64::min)
}

/// Every label that another link's line runs under, as `label of A under B`.
fn crossed(s: &Scene) -> Vec<String> {
    let mut out = Vec::new();
    for e in &s.edges {
        let Some(l) = &e.label else { continue };
        let r = l.bounds;
        for o in &s.edges {
            if o.id == e.id {
                continue;
            }
            if o.route.windows(2).any(|w| seg_hits(w[0], w[1], &r)) {
                out.push(format!("label of {} under {}", e.id, o.id));
            }
        }
    }
    out
}

/// Every label farther than a few px from its own link's line.
fn detached(s: &Scene) -> Vec<String> {
    let mut out = Vec::new();
    for e in &s.edges {
        let Some(l) = &e.label else { continue };
        let d = e
            .route
            .windows(2)
            .map(|w| seg_dist(w[0], w[1], &l.bounds))
            .fold(f64::INFINITY, f64::min);
        if d > 6.0 {
            out.push(format!("label of {} is {d:.0} px from its link", e.id));
        }
    }
    out
}

#[test]
fn no_other_link_runs_under_a_label_in_the_asteroidon_pictures() {
    let mut report = Vec::new();
    for (name, s) in pictures() {
        let c = crossed(&s);
        let d = detached(&s);
        let n = s.edges.iter().filter(|e| e.label.is_some()).count();
        eprintln!(
            "{name}: {n} labels, {} crossed, {} detached",
            c.len(),
            d.len()
        );
        report.extend(c.into_iter().chain(d).map(|p| format!("{name}: {p}")));
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}
