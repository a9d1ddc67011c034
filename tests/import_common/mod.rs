//! Helpers shared by the `import_*` tests: fixture inputs, snapshots, and the checks every
//! generated inventory must pass.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
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

/// Compares `text` with `tests/fixtures/import/snapshots/<name>`; `UPDATE_SNAPSHOTS=1`
/// rewrites the file instead.
pub fn snapshot(name: &str, text: &str) {
    let path = fixture("snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}; run with UPDATE_SNAPSHOTS=1 to create it",
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
            "{} differs from the import (UPDATE_SNAPSHOTS=1 accepts it):\n{diff}(lines: {} snapshot, {} now)",
            path.display(),
            want.lines().count(),
            text.lines().count()
        );
    }
}

/// Loads generated TOML with the model loader, asserting zero diagnostics, and checks what
/// `zukai check` will check about references and placement, so the import is curated from a
/// clean start.
pub fn load_clean(text: &str) -> Era {
    let mut s = Sources::new();
    s.add(SourceFile::new("imported.toml", text));
    let loaded = load_sources(s);
    assert!(
        loaded.diagnostics.is_empty(),
        "generated inventory has diagnostics: {:#?}\n{text}",
        loaded.diagnostics
    );
    let era = loaded.eras.into_iter().next().expect("one era");
    for item in era.items.values() {
        let parent = item.parent.as_ref().map(|p| {
            era.items
                .get(&p.id)
                .unwrap_or_else(|| panic!("`{}` is in unknown `{}`", item.id, p.id))
                .kind
        });
        assert!(
            item.kind.may_sit_in(parent),
            "`{}` ({}) may not sit in {:?}",
            item.id,
            item.kind.name(),
            parent
        );
        for key in ["selects", "liveness-depends-on", "readiness-depends-on"] {
            for r in item.list(key) {
                assert!(
                    era.items.contains_key(r),
                    "`{}` {key} unknown `{r}`",
                    item.id
                );
            }
        }
        for q in item.list("queues") {
            assert!(era.queues.contains_key(q), "queue `{q}` is not declared");
        }
    }
    for l in &era.links {
        assert!(
            era.items.contains_key(&l.from.id),
            "link from unknown `{}`",
            l.from.id
        );
        assert!(
            era.items.contains_key(&l.to.id),
            "link to unknown `{}`",
            l.to.id
        );
    }
    for q in era.queues.values() {
        if let Some(b) = &q.broker {
            assert_eq!(era.items[&b.id].kind, Kind::Redis);
        }
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
