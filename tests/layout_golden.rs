//! Geometry goldens: the Scene JSON of small fixture inventories, so any change in where
//! shapes, routes or labels go shows up in review. Regenerate with `UPDATE_GOLDEN=1`.

use zukai::layout::Direction;
use zukai::scene::build::{SceneOptions, draw};
use zukai::source::{SourceFile, Sources};

fn check(name: &str, direction: Direction, golden: &str) {
    let dir = format!("{}/tests/fixtures/layout", env!("CARGO_MANIFEST_DIR"));
    let path = format!("{dir}/{name}");
    let mut sources = Sources::new();
    sources.add(SourceFile::new(
        name,
        std::fs::read_to_string(&path).unwrap(),
    ));
    let loaded = zukai::model::load_sources(sources);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let d = zukai::graph::diagram::from_era(&loaded.eras[0]);
    let opts = SceneOptions {
        direction,
        ..SceneOptions::default()
    };
    let json = serde_json::to_string_pretty(&draw(&d, &opts)).unwrap() + "\n";
    let golden_path = format!("{dir}/{golden}");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden_path, &json).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&golden_path)
        .unwrap_or_else(|e| panic!("{golden_path}: {e} (run with UPDATE_GOLDEN=1 to create it)"));
    if want != json {
        let got = format!("{golden_path}.new");
        std::fs::write(&got, &json).unwrap();
        panic!(
            "{golden} differs from the scene drawn now (written to {got}); rerun with UPDATE_GOLDEN=1 if the change is intended"
        );
    }
}

#[test]
fn small_graph_scene_matches_golden() {
    check("small.toml", Direction::Right, "small.json");
}

#[test]
fn compose_scene_matches_golden() {
    check("compose.toml", Direction::Right, "compose.json");
}

#[test]
fn k8s_scene_flowing_down_matches_golden() {
    check("k8s.toml", Direction::Down, "k8s-down.json");
}
