//! Text, JSON and Markdown reports of every fixture pair, compared with the snapshots
//! beside it (`expected.txt`, `expected.json`, `expected.md`). Run with
//! `UPDATE_GOLDEN=1` to rewrite them after an intended change, then review `git diff`.

use std::path::{Path, PathBuf};
use zukai::diff::{compare, report};
use zukai::model::load_files;

fn cases() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("tests/fixtures/diff")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("before.toml").is_file() && p.join("after.toml").is_file())
        .collect();
    v.sort();
    v
}

fn check(path: &Path, got: &str, failures: &mut Vec<String>) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, got).unwrap();
        return;
    }
    match std::fs::read_to_string(path) {
        Ok(want) if want == got => {}
        Ok(want) => failures.push(format!(
            "{} differs.\n--- want\n{want}\n--- got\n{got}",
            path.display()
        )),
        Err(_) => failures.push(format!(
            "{} is missing; run with UPDATE_GOLDEN=1",
            path.display()
        )),
    }
}

#[test]
fn reports_match_their_snapshots() {
    let cases = cases();
    assert!(cases.len() >= 10, "fixture pairs missing: {cases:?}");
    let mut failures = Vec::new();
    for dir in cases {
        let load = |side: &str| {
            let l = load_files(&[dir.join(format!("{side}.toml"))]);
            assert!(
                l.diagnostics.is_empty(),
                "{}: {:?}",
                dir.display(),
                l.diagnostics
            );
            l.eras.into_iter().find(|e| e.file == 0).unwrap()
        };
        let d = compare(&load("before"), &load("after"));
        check(
            &dir.join("expected.txt"),
            &report::text(&d, false),
            &mut failures,
        );
        check(&dir.join("expected.json"), &report::json(&d), &mut failures);
        check(
            &dir.join("expected.md"),
            &report::markdown(&d),
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_json_report_parses_and_carries_the_documented_fields() {
    let load = |side: &str| {
        load_files(&[PathBuf::from(format!(
            "tests/fixtures/diff/replatform/{side}.toml"
        ))])
        .eras
        .into_iter()
        .find(|e| e.file == 0)
        .unwrap()
    };
    let d = compare(&load("before"), &load("after"));
    let v: serde_json::Value = serde_json::from_str(&report::json(&d)).unwrap();
    assert_eq!(v["format"], 1);
    assert_eq!(v["before"]["era"], "compose");
    assert_eq!(v["after"]["era"], "k8s");
    assert_eq!(v["summary"]["replatformed"], 1);
    let web = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "web")
        .unwrap();
    assert_eq!(web["change"], "changed");
    assert_eq!(web["kind"], "deployment");
    assert_eq!(web["replatformed_from"], "compose-service");
    assert_eq!(web["moved"]["to"], serde_json::json!(["cluster", "ns"]));
    assert_eq!(
        web["attributes"][1],
        serde_json::json!({"key": "replicas", "before": "1", "after": "2"})
    );
}

#[test]
fn markdown_escapes_table_breaking_text() {
    assert_eq!(
        report::md_escape("a|b <script> *x* `y`\nz"),
        "a\\|b &lt;script&gt; \\*x\\* \\`y\\` z"
    );
}

#[test]
fn colour_is_only_added_when_asked() {
    let load = |side: &str| {
        load_files(&[PathBuf::from(format!(
            "tests/fixtures/diff/add/{side}.toml"
        ))])
        .eras
        .into_iter()
        .find(|e| e.file == 0)
        .unwrap()
    };
    let d = compare(&load("before"), &load("after"));
    assert!(!report::text(&d, false).contains('\x1b'));
    assert!(report::text(&d, true).contains("\x1b[32m+ minio-vm"));
}
