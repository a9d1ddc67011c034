//! `examples/every-lint.toml` fires every lint exactly once, and its expected output beside it
//! stays true (`UPDATE_GOLDEN=1` rewrites it).

use std::path::PathBuf;
use zukai::check::{CheckConfig, check, rules};
use zukai::diag::render;
use zukai::model::load_files;

#[test]
fn every_lint_example_fires_each_lint_once_and_matches_its_expected_output() {
    let path = PathBuf::from("examples/every-lint.toml");
    let loaded = load_files(std::slice::from_ref(&path));
    let diags = check(&loaded, &CheckConfig::default());
    for r in rules::LINTS {
        let n = diags.iter().filter(|d| d.code == r.id).count();
        assert_eq!(n, 1, "`{}` fires {n} times", r.id);
    }
    assert_eq!(diags.len(), rules::LINTS.len(), "only lints, nothing else");
    let human = render::human(&loaded.sources, &diags, false);
    let json = render::json(&loaded.sources, &diags);
    for (file, actual) in [
        ("examples/every-lint.expected.txt", &human),
        ("examples/every-lint.expected.json", &json),
    ] {
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(file, actual).unwrap();
        }
        let expected = std::fs::read_to_string(file).unwrap_or_default();
        assert!(
            &expected == actual,
            "{file} is stale (UPDATE_GOLDEN=1 cargo test --test check_examples)\n{actual}"
        );
    }
}

#[test]
fn every_lint_example_fails_with_deny_warnings() {
    let loaded = load_files(&[PathBuf::from("examples/every-lint.toml")]);
    let config = CheckConfig {
        deny_warnings: true,
        ..CheckConfig::default()
    };
    let diags = check(&loaded, &config);
    assert!(zukai::check::has_errors(&diags));
    assert_eq!(
        render::summary(&loaded.sources, &diags),
        "failed: 9 errors, 0 warnings in 1 file\n"
    );
}
