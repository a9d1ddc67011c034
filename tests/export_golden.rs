//! The exact text of every format for a small era, pinned. A change here is a change every
//! user of the export sees in their diffs; regenerate with `UPDATE_GOLDEN=1 cargo test
//! --test export_golden` and review the diff.

mod export_support;

use export_support::*;
use zukai::export::{Format, export};

fn golden(format: Format) {
    let era = fixture_era("small.toml");
    let text = export(&era, format);
    let path = fixture("golden").join(format!("small.{}", format.extension()));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with UPDATE_GOLDEN=1 cargo test --test export_golden",
            path.display()
        )
    });
    assert!(
        text == want,
        "{} differs from the export; if the change is intended, run UPDATE_GOLDEN=1 cargo test --test export_golden\n--- export ---\n{text}",
        path.display()
    );
}

#[test]
fn d2_matches_golden() {
    golden(Format::D2);
}

#[test]
fn dot_matches_golden() {
    golden(Format::Dot);
}

#[test]
fn mermaid_matches_golden() {
    golden(Format::Mermaid);
}

#[test]
fn json_matches_golden() {
    golden(Format::Json);
}

#[test]
fn markdown_matches_golden() {
    golden(Format::Markdown);
}

#[test]
fn the_same_era_exports_to_the_same_bytes() {
    let era = fixture_era("hostile.toml");
    for f in [
        Format::D2,
        Format::Dot,
        Format::Mermaid,
        Format::Json,
        Format::Markdown,
    ] {
        assert_eq!(export(&era, f), export(&fixture_era("hostile.toml"), f));
    }
}
