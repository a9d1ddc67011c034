//! One fixture per error code and per lint under `tests/fixtures/check/`: a `*.toml` file is
//! one case, a directory is one case made of all its `*.toml` files (eras that extend each
//! other). Each case has its human output (`NAME.expected.txt`) and JSON output
//! (`NAME.expected.json`) beside it. `UPDATE_GOLDEN=1 cargo test --test check_fixtures`
//! rewrites them; review the diff before committing.

use std::path::{Path, PathBuf};
use zukai::check::{CheckConfig, check, rules};
use zukai::diag::render;
use zukai::model::load_files;

const DIR: &str = "tests/fixtures/check";

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixture directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

/// Every case: its name and the files checked together.
fn cases() -> Vec<(String, Vec<PathBuf>)> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(DIR)
        .expect("tests/fixtures/check exists")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            out.push((name, toml_files(&p)));
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push((name, vec![p]));
        }
    }
    out
}

fn outputs(files: &[PathBuf]) -> (String, String) {
    let loaded = load_files(files);
    let diags = check(&loaded, &CheckConfig::default());
    (
        render::human(&loaded.sources, &diags, false),
        render::json(&loaded.sources, &diags),
    )
}

/// Compares `actual` with the file at `path`, or writes it when updating.
fn compare(path: &Path, actual: &str, update: bool, failures: &mut Vec<String>) {
    if update {
        std::fs::write(path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        failures.push(format!(
            "{}: differs from line {}\n  expected: {:?}\n  actual:   {:?}",
            path.display(),
            line + 1,
            expected.lines().nth(line).unwrap_or("<end>"),
            actual.lines().nth(line).unwrap_or("<end>"),
        ));
    }
}

#[test]
fn every_fixture_matches_its_snapshots() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 30, "fixtures went missing: {}", all.len());
    for (name, files) in &all {
        let (human, json) = outputs(files);
        compare(
            &Path::new(DIR).join(format!("{name}.expected.txt")),
            &human,
            update,
            &mut failures,
        );
        compare(
            &Path::new(DIR).join(format!("{name}.expected.json")),
            &json,
            update,
            &mut failures,
        );
    }
    assert!(
        failures.is_empty(),
        "{} snapshot(s) differ (UPDATE_GOLDEN=1 cargo test --test check_fixtures rewrites them):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_error_code_and_lint_has_a_fixture_that_reports_it() {
    let mut seen = std::collections::BTreeSet::new();
    for (_, files) in cases() {
        let loaded = load_files(&files);
        for d in check(&loaded, &CheckConfig::default()) {
            seen.insert(d.code);
        }
    }
    let missing: Vec<&str> = rules::all()
        .map(|r| r.id)
        .filter(|id| !seen.contains(id))
        .collect();
    assert!(missing.is_empty(), "no fixture reports: {missing:?}");
    let unknown: Vec<&&str> = seen.iter().filter(|c| rules::find(c).is_none()).collect();
    assert!(
        unknown.is_empty(),
        "codes without documentation: {unknown:?}"
    );
}

#[test]
fn each_lint_fixture_reports_its_lint_with_the_rule_as_code() {
    for r in rules::LINTS {
        let path = Path::new(DIR).join(format!("lint-{}.toml", r.id));
        let loaded = load_files(std::slice::from_ref(&path));
        let diags = check(&loaded, &CheckConfig::default());
        assert!(
            diags
                .iter()
                .any(|d| d.code == r.id && d.severity == zukai::diag::Severity::Warning),
            "{} does not warn with `{}`",
            path.display(),
            r.id
        );
        assert!(
            !zukai::check::has_errors(&diags),
            "{} has errors",
            path.display()
        );
    }
}
