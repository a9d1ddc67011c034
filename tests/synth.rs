//! The synthetic inventories of the scale benchmark are valid and reproducible.

#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

use synth::{Shape, generate};
use zukai::model::load_sources;
use zukai::source::{SourceFile, Sources};

fn load(text: &str) -> zukai::model::Era {
    let mut s = Sources::new();
    s.add(SourceFile::new("synth.toml", text));
    let loaded = load_sources(s);
    assert!(
        loaded.diagnostics.is_empty(),
        "{:?}",
        &loaded.diagnostics[..loaded.diagnostics.len().min(5)]
    );
    loaded.eras.into_iter().next().unwrap()
}

#[test]
fn nested_inventories_load_cleanly_with_the_reference_proportions() {
    // (leaves, clusters, hosts) as in the peer measurements' table.
    for (n, clusters, hosts) in [(50, 1, 2), (200, 1, 10), (1000, 5, 50), (3000, 15, 150)] {
        let era = load(&generate(n, Shape::Nested, 7));
        let count = |k: &str| era.items.values().filter(|i| i.kind.name() == k).count();
        assert_eq!(count("cluster") + count("group"), clusters, "n={n}");
        assert_eq!(count("node") + count("vm"), hosts, "n={n}");
        let leaves = era
            .items
            .values()
            .filter(|i| {
                !matches!(
                    i.kind.name(),
                    "cluster" | "group" | "node" | "vm" | "project"
                )
            })
            .count();
        assert_eq!(leaves, n);
        assert_eq!(era.links.len(), n * 3 / 2, "n={n}");
        let top = era
            .items
            .values()
            .filter(|i| i.parent.is_none() && !matches!(i.kind.name(), "cluster" | "group"))
            .count();
        assert_eq!(top, (n as f64 * 0.02).round() as usize, "n={n}");
        // Most links cross containers, which is what makes these graphs hard to lay out.
        let same_parent = era
            .links
            .iter()
            .filter(|l| era.items[&l.from.id].parent == era.items[&l.to.id].parent)
            .count();
        assert!(same_parent < era.links.len() / 2, "n={n}: {same_parent}");
        let labelled = era.links.iter().filter(|l| l.label.is_some()).count();
        let share = labelled as f64 / era.links.len() as f64;
        assert!((0.2..0.4).contains(&share), "n={n}: {share}");
    }
}

#[test]
fn wide_inventory_is_one_namespace_of_siblings() {
    let era = load(&generate(500, Shape::Wide, 1));
    let in_ns = era
        .items
        .values()
        .filter(|i| i.parent.as_ref().is_some_and(|p| p.id == "apps"))
        .count();
    assert_eq!(in_ns, 500);
    assert_eq!(era.links.len(), 1000);
}

#[test]
fn the_same_seed_gives_the_same_inventory_and_another_seed_another() {
    for shape in [Shape::Nested, Shape::Wide] {
        let a = generate(300, shape, 42);
        assert_eq!(a, generate(300, shape, 42));
        assert_ne!(a, generate(300, shape, 43));
    }
}
