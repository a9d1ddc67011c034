//! Helpers shared by the `import_*` tests: fixture inputs, snapshots, and the checks every
//! generated inventory must pass.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use zukai::check::{CheckConfig, check};
use zukai::export::{Format, export};
use zukai::import::Input;
use zukai::model::{Era, Kind, load_sources};
use zukai::source::{SourceFile, Sources};

/// `tests/fixtures/import/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(rel)
}

/// Inputs named relative to the fixture directory, so comments in snapshots do not depend
/// on where the repository is checked out.
pub fn inputs(dir: &str, files: &[PathBuf]) -> Vec<Input> {
    let base = fixture(dir);
    files
        .iter()
        .map(|f| Input {
            name: f.strip_prefix(&base).unwrap_or(f).display().to_string(),
            text: std::fs::read_to_string(f).unwrap(),
        })
        .collect()
}

/// Compares `text` with `tests/fixtures/import/snapshots/<name>`; `UPDATE_GOLDEN=1`
/// rewrites the file instead.
pub fn snapshot(name: &str, text: &str) {
    let path = fixture("snapshots").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    if want != text {
        let mut diff = String::new();
        for (i, (a, b)) in want.lines().zip(text.lines()).enumerate() {
            if a != b {
                diff.push_str(&format!("line {}:\n- {a}\n+ {b}\n", i + 1));
            }
        }
        panic!(
            "{} differs from the import (UPDATE_GOLDEN=1 accepts it):\n{diff}(lines: {} snapshot, {} now)",
            path.display(),
            want.lines().count(),
            text.lines().count()
        );
    }
}

/// The round trip every generated inventory must survive: load with zero diagnostics,
/// `zukai check` without errors (references, placement, units), JSON and every other format
/// exported, and drawn as a diagram with every item and link.
pub fn load_clean(text: &str) -> Era {
    let mut s = Sources::new();
    s.add(SourceFile::new("imported.toml", text));
    let loaded = load_sources(s);
    assert!(
        loaded.diagnostics.is_empty(),
        "generated inventory has diagnostics: {:#?}\n{text}",
        loaded.diagnostics
    );
    // `zukai check`: no errors; the only warnings allowed are orphans, items whose links the
    // input did not say (a store only reached through an env file...), left to curate.
    let found = check(&loaded, &CheckConfig::default());
    let unexpected: Vec<_> = found.iter().filter(|d| d.code != "orphan").collect();
    assert!(
        unexpected.is_empty(),
        "zukai check: {unexpected:#?}\n{text}"
    );
    let era = loaded.eras.into_iter().next().expect("one era");
    // Sidekiq's broker is Redis: the import names one only when there is exactly one.
    for q in era.queues.values() {
        if let Some(b) = &q.broker {
            assert_eq!(era.items[&b.id].kind, Kind::Redis);
        }
    }
    // Out again: the JSON export holds every item and link, in order.
    let json: serde_json::Value = serde_json::from_str(&export(&era, Format::Json)).unwrap();
    let ids: Vec<&str> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        era.items.keys().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(json["links"].as_array().unwrap().len(), era.links.len());
    for f in [Format::D2, Format::Dot, Format::Mermaid, Format::Markdown] {
        assert!(!export(&era, f).trim().is_empty());
    }
    // On down the pipeline: the diagram holds every item, nested as placed, and every link.
    let d = zukai::graph::diagram::from_era(&era);
    assert_eq!(d.nodes.len(), era.items.len());
    assert_eq!(d.edges.len(), era.links.len());
    for n in &d.nodes {
        let want = era.items[&n.id].parent.as_ref().map(|p| p.id.as_str());
        assert_eq!(n.parent.map(|i| d.nodes[i].id.as_str()), want);
    }
    era
}

/// Runs the `zukai` binary.
pub fn zukai(args: &[&str], cwd: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_zukai"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}
