//! `zukai export` on the command line: what it writes where, and what it refuses.

mod export_support;

use export_support::*;
use std::process::{Command, Output};

fn zukai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zukai"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("run zukai")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const SMALL: &str = "tests/fixtures/export/small.toml";
const SECOND: &str = "tests/fixtures/export/second.toml";

#[test]
fn one_era_goes_to_stdout_exactly_as_the_library_writes_it() {
    for (name, format) in [
        ("d2", zukai::export::Format::D2),
        ("dot", zukai::export::Format::Dot),
        ("mermaid", zukai::export::Format::Mermaid),
        ("json", zukai::export::Format::Json),
        ("markdown", zukai::export::Format::Markdown),
    ] {
        for fixture in ["small.toml", "hostile.toml"] {
            let path = format!("tests/fixtures/export/{fixture}");
            let out = zukai(&["export", "--to", name, &path]);
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
            let want = zukai::export::export(&fixture_era(fixture), format);
            assert_eq!(text(&out.stdout), want, "--to {name} {fixture}");
        }
    }
}

#[test]
fn an_inventory_with_errors_is_not_exported() {
    let out = zukai(&["export", "--to", "d2", "tests/fixtures/export/broken.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing may be written");
    let err = text(&out.stderr);
    assert!(
        err.contains("broken.toml:7:"),
        "diagnostic with file:line: {err}"
    );
    assert!(err.contains("postgres"), "{err}");
    assert!(err.contains("not exporting"), "{err}");
}

#[test]
fn an_error_leaves_an_existing_output_file_untouched() {
    let dir = scratch("cli-untouched");
    let file = dir.join("out.d2");
    std::fs::write(&file, "keep me").unwrap();
    let out = zukai(&[
        "export",
        "--to",
        "d2",
        "-o",
        file.to_str().unwrap(),
        "tests/fixtures/export/broken.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}

#[test]
fn one_era_goes_to_the_named_file() {
    let dir = scratch("cli-file");
    let file = dir.join("nested/small.mmd");
    let out = zukai(&[
        "export",
        "--to",
        "mermaid",
        "-o",
        file.to_str().unwrap(),
        SMALL,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let want = zukai::export::export(&fixture_era("small.toml"), zukai::export::Format::Mermaid);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), want);
}

#[test]
fn several_eras_go_to_one_file_each_in_a_directory() {
    let dir = scratch("cli-dir").join("exports");
    let out = zukai(&[
        "export",
        "--to",
        "json",
        "-o",
        dir.to_str().unwrap(),
        SMALL,
        SECOND,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["second.json", "small.json"]);
    let want = zukai::export::export(&fixture_era("second.toml"), zukai::export::Format::Json);
    assert_eq!(
        std::fs::read_to_string(dir.join("second.json")).unwrap(),
        want
    );
}

#[test]
fn an_existing_directory_takes_one_era_as_era_dot_ext() {
    let dir = scratch("cli-existing-dir");
    let out = zukai(&[
        "export",
        "--to",
        "markdown",
        "-o",
        dir.to_str().unwrap(),
        SMALL,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.join("small.md").is_file());
}

#[test]
fn several_eras_to_stdout_is_a_usage_error() {
    let out = zukai(&["export", "--to", "d2", SMALL, SECOND]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("-o DIR"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn several_eras_into_an_existing_file_is_a_usage_error() {
    let dir = scratch("cli-into-file");
    let file = dir.join("one.d2");
    std::fs::write(&file, "keep me").unwrap();
    let out = zukai(&[
        "export",
        "--to",
        "d2",
        "-o",
        file.to_str().unwrap(),
        SMALL,
        SECOND,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}

#[test]
fn unknown_formats_and_missing_files_are_usage_errors() {
    let out = zukai(&["export", "--to", "svg", SMALL]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("d2"), "lists the formats");
    let out = zukai(&["export", "--to", "d2", "tests/fixtures/export/nope.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nope.toml"));
}

#[test]
fn an_inventory_that_check_rejects_is_not_exported() {
    let out = zukai(&[
        "export",
        "--to",
        "dot",
        "tests/fixtures/export/dangling.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "nothing may be written");
    let err = text(&out.stderr);
    assert!(err.contains("unknown-reference"), "{err}");
    assert!(err.contains("dangling.toml:15:"), "{err}");
}
