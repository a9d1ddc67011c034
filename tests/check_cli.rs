//! `zukai check`, `explain` and `schema` as a user runs them: exit codes 0/1/2, output
//! formats, inventories found without arguments.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_zukai");
const FIX: &str = "tests/fixtures/check";

fn zukai(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run zukai")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn fixture(name: &str) -> String {
    format!("{FIX}/{name}")
}

#[test]
fn exit_0_when_clean_or_only_warnings() {
    let o = zukai(&["check", &fixture("clean.toml")]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert_eq!(stdout(&o), "checked: 0 errors, 0 warnings in 1 file\n");
    let o = zukai(&["check", &fixture("lint-orphan.toml")]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("warning[orphan]"));
}

#[test]
fn exit_1_on_errors_and_all_files_are_reported_in_one_run() {
    let o = zukai(&[
        "check",
        &fixture("syntax.toml"),
        &fixture("unknown-kind.toml"),
    ]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(out.contains("syntax.toml:6:19"), "{out}");
    assert!(out.contains("unknown-kind.toml:6:8"), "{out}");
    assert!(
        out.ends_with("failed: 3 errors, 0 warnings in 2 files\n"),
        "{out}"
    );
}

#[test]
fn exit_1_on_a_lint_denied_on_the_command_line_or_by_deny_warnings() {
    let f = fixture("lint-orphan.toml");
    let o = zukai(&["check", "-D", "orphan", &f]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("error[orphan]"));
    assert!(stdout(&o).contains("denied by `-D orphan` on the command line"));
    let o = zukai(&["check", "--deny", "warnings", &f]);
    assert_eq!(code(&o), 1);
    let o = zukai(&["check", "-A", "orphan", &f]);
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o), "checked: 0 errors, 0 warnings in 1 file\n");
    // The inventory denies `orphan`; the command line may lower it again.
    let levels = fixture("lint-levels.toml");
    assert_eq!(code(&zukai(&["check", &levels])), 1);
    assert_eq!(code(&zukai(&["check", "-W", "orphan", &levels])), 0);
}

#[test]
fn exit_2_on_missing_files_unreadable_files_and_bad_usage() {
    let o = zukai(&["check", "no/such/inventory.toml"]);
    assert_eq!(code(&o), 2);
    assert!(
        stdout(&o).contains("error[io]: no/such/inventory.toml"),
        "{}",
        stdout(&o)
    );
    // The readable file is still checked in the same run.
    let o = zukai(&[
        "check",
        &fixture("io-binary.toml"),
        &fixture("self-link.toml"),
    ]);
    assert_eq!(code(&o), 2);
    assert!(stdout(&o).contains("file is binary"));
    assert!(stdout(&o).contains("error[self-link]"));
    let o = zukai(&["check", "-D", "orphn", &fixture("clean.toml")]);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `orphan`?"));
    let o = zukai(&["check", "-A", "syntax", &fixture("clean.toml")]);
    assert_eq!(code(&o), 2);
    assert_eq!(code(&zukai(&["check", "--format", "xml"])), 2);
    assert_eq!(code(&zukai(&["explain", "no-such-rule"])), 2);
}

#[test]
fn without_arguments_every_inventory_in_inventories_is_checked() {
    let dir = std::env::temp_dir().join(format!("zukai-check-cli-{}", std::process::id()));
    let inv = dir.join("inventories");
    std::fs::create_dir_all(&inv).unwrap();
    std::fs::copy(fixture("clean.toml"), inv.join("a.toml")).unwrap();
    std::fs::copy(fixture("lint-orphan.toml"), inv.join("b.toml")).unwrap();
    let o = Command::new(BIN)
        .arg("check")
        .current_dir(&dir)
        .output()
        .unwrap();
    let out = stdout(&o);
    assert_eq!(code(&o), 0, "{out}");
    assert!(out.contains("inventories/b.toml:11:8"), "{out}");
    assert!(
        out.ends_with("checked: 0 errors, 2 warnings in 2 files\n"),
        "{out}"
    );
    // No inventories directory at all: a usage error, not a silent success.
    std::fs::remove_dir_all(&inv).unwrap();
    let o = Command::new(BIN)
        .arg("check")
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(code(&o), 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn json_output_is_one_document_with_counts() {
    let o = zukai(&[
        "check",
        "--format",
        "json",
        &fixture("unknown-reference.toml"),
    ]);
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(v["version"], 1);
    assert_eq!(v["errors"], 7);
    assert_eq!(v["warnings"], 1);
    let first = &v["diagnostics"][0];
    assert_eq!(first["code"], "unknown-reference");
    assert_eq!(first["location"]["line"], 10);
    assert_eq!(first["location"]["column"], 6);
    assert_eq!(first["hints"][0], "did you mean `k8s`?");
}

#[test]
fn github_output_is_workflow_commands() {
    let o = zukai(&[
        "check",
        "--format",
        "github",
        &fixture("lint-queue-coverage.toml"),
    ]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with(
            "::warning file=tests/fixtures/check/lint-queue-coverage.toml,line=19,col=9,endColumn=16,title=zukai queue-coverage::jobs are put on queue `mailers`"
        ),
        "{first}"
    );
    // Newlines in the message are escaped so one annotation stays one line.
    assert!(first.contains("%0Ahelp: add \"mailers\""), "{first}");
    assert_eq!(out.lines().count(), 2);
}

#[test]
fn explain_lists_every_code_and_explains_one() {
    let o = zukai(&["explain"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    for id in [
        "unknown-reference",
        "placement-cycle",
        "singleton",
        "probe-shares-dependency",
    ] {
        assert!(
            out.contains(&format!("  {id} ")),
            "{id} missing from\n{out}"
        );
    }
    let o = zukai(&["explain", "singleton"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).starts_with("singleton (lint, warn by default): "));
    assert!(stdout(&o).contains("scheduler"));
    let o = zukai(&["explain", "kinds"]);
    assert!(stdout(&o).contains("compose-service (Compose service)"));
}

#[test]
fn schema_prints_the_committed_file_and_writes_atomically() {
    let o = zukai(&["schema"]);
    assert_eq!(code(&o), 0);
    let committed = std::fs::read_to_string("schema/inventory.schema.json").unwrap();
    assert_eq!(stdout(&o), committed);
    let dir = std::env::temp_dir().join(format!("zukai-schema-{}", std::process::id()));
    let out = dir.join("s.json");
    let o = zukai(&["schema", "-o", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), committed);
    assert!(Path::new(&out).exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_extended_era_is_found_beside_the_file_and_unrelated_siblings_are_ignored() {
    let dir = std::env::temp_dir().join(format!("zukai-check-siblings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    write(
        "a-base.toml",
        "[era]\nname = 'base'\ntitle = 'Base'\n[items.web]\nkind = 'process'\n",
    );
    write("b-broken.toml", "[era\nthis is not toml\n");
    write(
        "c-other.toml",
        "[era]\nname = 'other'\ntitle = 'O'\n[items.x]\nkind = 'nope'\n",
    );
    write(
        "d-child.toml",
        "[era]\nname = 'child'\ntitle = 'Child'\nextends = 'base'\n[items.web]\nreplicas = 2\n[items.db]\nkind = 'redis'\n[[links]]\nfrom = 'web'\nto = 'db'\n",
    );
    let o = zukai(&["check", dir.join("d-child.toml").to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(code(&o), 0, "{out}");
    // Inherited `web` keeps its kind; the broken and unrelated files are never read.
    assert_eq!(out, "checked: 0 errors, 0 warnings in 2 files\n");
    assert!(
        !out.contains("b-broken") && !out.contains("c-other"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
