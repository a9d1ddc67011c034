//! Times each stage from inventory file to Scene (no SVG/PNG) for quick checks while working
//! on layout; the real benchmark is the bench command. Not a timed test. With
//! `ZUKAI_PROFILE` set, routing prints its search counts to stderr.
//!
//! ```text
//! ZUKAI_PROFILE=1 cargo run --release --example layout_timing -- big.toml [--down] [--layout-rs]
//! ```

use std::path::PathBuf;
use std::time::Instant;
use zukai::layout::{Direction, Engine, LayoutOptions};
use zukai::scene::build::{SceneOptions, build};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut opts = SceneOptions::default();
    if args.iter().any(|a| a == "--down") {
        opts.direction = Direction::Down;
    }
    if args.iter().any(|a| a == "--layout-rs") {
        opts.engine = Engine::LayoutRs;
    }
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let t = Instant::now();
        let loaded = zukai::model::load_files(&[PathBuf::from(path)]);
        let t_load = t.elapsed();
        for era in &loaded.eras {
            let t = Instant::now();
            let d = zukai::graph::diagram::from_era(era);
            let t_graph = t.elapsed();
            let t = Instant::now();
            let lo = LayoutOptions {
                direction: opts.direction,
                engine: opts.engine,
                ..LayoutOptions::default()
            };
            let l = zukai::layout::layout(&d, &lo);
            let t_layout = t.elapsed();
            let t = Instant::now();
            let s = build(&d, &l, &opts);
            let t_build = t.elapsed();
            println!(
                "{path} [{}]: {} nodes, {} links | load {:.3}s graph {:.3}s layout {:.3}s scene {:.3}s | {:.0}x{:.0} px",
                era.name,
                d.nodes.len(),
                d.edges.len(),
                t_load.as_secs_f64(),
                t_graph.as_secs_f64(),
                t_layout.as_secs_f64(),
                t_build.as_secs_f64(),
                s.width,
                s.height
            );
        }
    }
}
