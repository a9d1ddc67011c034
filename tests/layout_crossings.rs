//! Links between containers do not cross each other where they need not: inner boxes line
//! up with where their links go, routes detour rather than cross earlier links, and the
//! synthetic 50-item benchmark graphs cross less than Graphviz's drawings of them.

#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

use zukai::layout::{Layout, LayoutOptions, layout};
use zukai::model::load_sources;
use zukai::scene::Point;
use zukai::source::{SourceFile, Sources};

fn lay_out(text: &str) -> (zukai::graph::Diagram, Layout) {
    let mut s = Sources::new();
    s.add(SourceFile::new("x.toml", text));
    let loaded = load_sources(s);
    let era = loaded.eras.into_iter().next().expect("one era");
    let d = zukai::graph::diagram::from_era(&era);
    let l = layout(&d, &LayoutOptions::default());
    (d, l)
}

fn side(o: Point, a: Point, b: Point) -> f64 {
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
}

/// Points where two links that share no end properly cross (as the scale benchmark counts).
fn crossings(d: &zukai::graph::Diagram, l: &Layout) -> usize {
    let mut count = 0;
    for i in 0..l.edges.len() {
        for j in i + 1..l.edges.len() {
            let (e, f) = (&d.edges[i], &d.edges[j]);
            if e.from == f.from || e.from == f.to || e.to == f.from || e.to == f.to {
                continue;
            }
            for s in l.edges[i].route.windows(2) {
                for t in l.edges[j].route.windows(2) {
                    let (a, b, c, q) = (s[0], s[1], t[0], t[1]);
                    let (d1, d2) = (side(c, q, a), side(c, q, b));
                    let (d3, d4) = (side(a, b, c), side(a, b, q));
                    if d1 * d2 < 0.0 && d3 * d4 < 0.0 {
                        count += 1;
                    }
                }
            }
        }
    }
    count
}

#[test]
fn links_between_two_hosts_keep_their_order() {
    // The first pod of one host talks to the last pod of the other, and the links are
    // declared in a scrambled order: placed in declaration or link order, most pairs of
    // these links would cross.
    let mut t = String::from(
        "[era]\nname = \"x\"\n[items.k]\nkind = \"cluster\"\n\
         [items.a]\nkind = \"node\"\nin = \"k\"\n[items.b]\nkind = \"node\"\nin = \"k\"\n",
    );
    for i in 1..=4 {
        t += &format!("[items.a{i}]\nkind = \"pod\"\nin = \"a\"\n");
        t += &format!("[items.b{i}]\nkind = \"pod\"\nin = \"b\"\n");
    }
    for i in [2, 4, 1, 3] {
        t += &format!("[[links]]\nfrom = \"a{i}\"\nto = \"b{}\"\n", 5 - i);
    }
    let (d, l) = lay_out(&t);
    assert_eq!(crossings(&d, &l), 0);
}

#[test]
fn the_fifty_item_benchmark_graphs_cross_less_than_graphviz() {
    // (seed, crossings `dot -Gnewrank=true` 2.43 draws on the same graph, zukai's when this
    // was pinned). Seed 1 drew 610 before border links were ordered by their far ends and
    // 112 before routes paid for crossing earlier links; seeds 2 and 3 drew 322 and 281.
    for (seed, dot, pinned) in [(1, 380, 58), (2, 275, 145), (3, 241, 195)] {
        let (d, l) = lay_out(&synth::generate(50, synth::Shape::Nested, seed));
        let c = crossings(&d, &l);
        assert!(
            c < dot && c <= pinned + pinned / 5,
            "seed {seed}: {c} crossings (dot {dot}, pinned {pinned})"
        );
    }
}
