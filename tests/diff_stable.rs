//! The diff pictures: one layout of the union of two eras, cut into before, after and diff
//! scenes. Unchanged items must sit at exactly the same place in all three.

use std::path::PathBuf;
use zukai::diff::stable::unchanged_displaced;
use zukai::diff::{StableScenes, stable_scenes};
use zukai::graph::diagram::from_era;
use zukai::model::{Era, load_files};
use zukai::scene::Scene;
use zukai::scene::build::{SceneOptions, draw};

fn load(path: &str) -> Era {
    let l = load_files(&[PathBuf::from(path)]);
    assert!(l.diagnostics.is_empty(), "{path}: {:?}", l.diagnostics);
    l.eras.into_iter().find(|e| e.file == 0).unwrap()
}

fn asteroidon() -> (Era, Era, StableScenes) {
    let before = load("inventories/asteroidon-compose.toml");
    let after = load("inventories/asteroidon-k8s.toml");
    let s = stable_scenes(&before, &after, &SceneOptions::default());
    (before, after, s)
}

fn rect(scene: &Scene, id: &str) -> Option<zukai::scene::Rect> {
    scene.nodes.iter().find(|n| n.id == id).map(|n| n.rect)
}

#[test]
fn unchanged_asteroidon_items_keep_their_place_from_compose_to_k8s() {
    let (before, after, s) = asteroidon();
    let (moved, total) = unchanged_displaced(&s);
    // For comparison: each era laid out on its own.
    let alone = |e: &Era| draw(&from_era(e), &SceneOptions::default());
    let (b, a) = (alone(&before), alone(&after));
    let naive = s
        .report
        .matched
        .iter()
        .filter(|(a_id, b_id)| a_id == b_id && s.report.item(a_id).is_none())
        .filter(|(id, _)| rect(&b, id) != rect(&a, id))
        .count();
    println!(
        "stable layout, compose → k8s: {moved} of {total} unchanged items displaced ({:.0}%); \
         separate layouts: {naive} of {total} ({:.0}%)",
        100.0 * moved as f64 / total as f64,
        100.0 * naive as f64 / total as f64
    );
    assert!(total >= 5, "only {total} unchanged items");
    assert_eq!(moved, 0);
    // And the diff picture draws them at the same place too.
    for (id, _) in s.report.matched.iter().filter(|(a, b)| a == b) {
        if s.report.item(id).is_none() {
            assert_eq!(rect(&s.diff, id), rect(&s.after, id), "{id}");
        }
    }
}

#[test]
fn each_side_shows_exactly_its_own_era() {
    let (before, after, s) = asteroidon();
    for (era, scene) in [(&before, &s.before), (&after, &s.after)] {
        let plain = from_era(era);
        let mut want: Vec<&str> = plain.nodes.iter().map(|n| n.id.as_str()).collect();
        let mut got: Vec<&str> = scene.nodes.iter().map(|n| n.id.as_str()).collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{}", era.name);
        assert_eq!(scene.edges.len(), plain.edges.len(), "{}", era.name);
        assert_eq!(scene.title, era.title);
        // Plain pictures: no diff marks.
        assert!(scene.nodes.iter().all(|n| n.class.is_none()));
        assert!(scene.edges.iter().all(|e| e.class.is_none()));
    }
    // The before picture shows web as the compose service it was, where it was.
    let web = s.before.nodes.iter().find(|n| n.id == "web").unwrap();
    assert_eq!(web.texts[1].lines.join(" "), "Compose service · Rails/Puma");
    assert_eq!(
        Some(web.rect),
        rect(&s.diff, "web~before"),
        "drawn where its ghost is"
    );
}

#[test]
fn every_text_fits_its_box_on_every_side() {
    let (_, _, s) = asteroidon();
    for (name, scene) in [
        ("before", &s.before),
        ("after", &s.after),
        ("diff", &s.diff),
    ] {
        for n in scene.nodes.iter().filter(|n| !n.container) {
            for t in &n.texts {
                assert!(
                    n.rect.contains(&t.bounds),
                    "{name}: text {:?} of `{}` leaves its box",
                    t.lines,
                    n.id
                );
            }
        }
    }
}

#[test]
fn the_three_pictures_are_deterministic() {
    let (_, _, a) = asteroidon();
    let (_, _, b) = asteroidon();
    for (x, y) in [
        (&a.before, &b.before),
        (&a.after, &b.after),
        (&a.diff, &b.diff),
    ] {
        assert_eq!(zukai::render::svg::to_svg(x), zukai::render::svg::to_svg(y));
    }
}

#[test]
fn the_diff_svg_matches_its_golden_and_marks_every_change() {
    let before = load("tests/fixtures/diff/move/before.toml");
    let after = load("tests/fixtures/diff/move/after.toml");
    let s = stable_scenes(&before, &after, &SceneOptions::default());
    let svg = zukai::render::svg::to_svg(&s.diff);
    let golden = PathBuf::from("tests/fixtures/diff/move/expected-diff.svg");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &svg).unwrap();
    }
    let want = std::fs::read_to_string(&golden)
        .expect("golden missing; run with UPDATE_GOLDEN=1 and look at the picture");
    assert!(want == svg, "{} differs", golden.display());

    let doc = roxmltree::Document::parse(&svg).unwrap();
    let class_of = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no element {id}"))
            .attribute("class")
    };
    assert_eq!(class_of("node-postgres"), Some("moved"));
    assert_eq!(class_of("node-postgres~before"), Some("ghost"));
    assert_eq!(class_of("node-data"), Some("added"));
    assert_eq!(class_of("node-web"), None);
    assert_eq!(
        class_of("edge-old-postgres->postgres#migrates"),
        Some("added")
    );
    assert_eq!(class_of("edge-web->postgres~before#writes"), Some("ghost"));
    // The moved item's tooltip says where it came from.
    let pg = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("node-postgres"))
        .unwrap();
    let title = pg
        .descendants()
        .find(|n| n.has_tag_name("title"))
        .and_then(|t| t.text())
        .unwrap_or_default();
    assert!(
        title.contains("changed: moved: app-vm › mastodon → data-vm › data"),
        "{title}"
    );
    // Self-contained: nothing outside the file is referenced.
    for n in doc.descendants() {
        for a in n.attributes() {
            let v = a.value();
            assert!(
                !v.contains("http://") || a.name() == "xmlns" || v.contains("www.w3.org"),
                "{v}"
            );
        }
    }
}

#[test]
fn asteroidon_eras_are_compared_in_history_order_and_first_to_last() {
    let l =
        load_files(&zukai::source::inventory_files(std::path::Path::new("inventories")).unwrap());
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
    let names: Vec<(&str, &str)> = zukai::diff::stable::era_pairs(&l.eras)
        .into_iter()
        .map(|(b, a)| (l.eras[b].name.as_str(), l.eras[a].name.as_str()))
        .collect();
    assert_eq!(
        names,
        [("compose", "gcp"), ("gcp", "k8s"), ("compose", "k8s")]
    );
}

#[test]
fn stable_files_are_named_by_prefix_and_side() {
    let before = load("tests/fixtures/diff/rename/before.toml");
    let after = load("tests/fixtures/diff/rename/after.toml");
    let s = stable_scenes(&before, &after, &SceneOptions::default());
    let files = zukai::diff::stable::stable_files(&s, "a-b.", 1.0).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "a-b.before.svg",
            "a-b.before.png",
            "a-b.after.svg",
            "a-b.after.png",
            "a-b.diff.svg",
            "a-b.diff.png"
        ]
    );
    assert_eq!(
        files[4].bytes,
        zukai::render::svg::to_svg(&s.diff).into_bytes()
    );
    // The renamed item carries its before id in the before picture, its after id after.
    assert!(s.before.nodes.iter().any(|n| n.id == "db"));
    assert!(s.after.nodes.iter().any(|n| n.id == "postgres"));
    assert_eq!(rect(&s.before, "db"), rect(&s.after, "postgres"));
}
