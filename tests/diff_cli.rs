//! `zukai diff` on the command line: sides as files, era names and `REV:path`, exit codes.

use std::path::Path;
use std::process::{Command, Output};

const FIX: &str = "tests/fixtures/diff";

fn zukai(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zukai"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn here() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn exit_code_flag_reports_differences_with_1_and_none_with_0() {
    let diff = |case: &str, extra: &[&str]| {
        let (b, a) = (
            format!("{FIX}/{case}/before.toml"),
            format!("{FIX}/{case}/after.toml"),
        );
        let mut args = vec!["diff", b.as_str(), a.as_str()];
        args.extend_from_slice(extra);
        zukai(here(), &args).status.code()
    };
    assert_eq!(diff("add", &["--exit-code"]), Some(1));
    assert_eq!(diff("add", &[]), Some(0));
    assert_eq!(diff("same", &["--exit-code"]), Some(0));
}

#[test]
fn text_output_is_the_plan_with_a_summary_line() {
    let o = zukai(
        here(),
        &[
            "diff",
            &format!("{FIX}/move/before.toml"),
            &format!("{FIX}/move/after.toml"),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(
            "  → postgres (PostgreSQL)\n      moved: app-vm › mastodon → data-vm › data\n"
        ),
        "{out}"
    );
    assert!(
        out.ends_with("\n2 added, 0 removed, 0 changed, 1 moved; links: 1 added; 1 lint changed\n"),
        "{out}"
    );
    assert!(
        !out.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    let forced = zukai(
        here(),
        &[
            "diff",
            &format!("{FIX}/move/before.toml"),
            &format!("{FIX}/move/after.toml"),
            "--color",
            "always",
        ],
    );
    assert!(stdout(&forced).contains("\x1b[36m→ postgres"));
}

#[test]
fn json_and_markdown_formats_are_selected_with_format() {
    let (b, a) = (
        format!("{FIX}/links/before.toml"),
        format!("{FIX}/links/after.toml"),
    );
    let j = zukai(here(), &["diff", &b, &a, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&j)).unwrap();
    assert_eq!(v["summary"]["links_changed"], 1);
    let m = zukai(here(), &["diff", &b, &a, "--format", "markdown"]);
    assert!(
        stdout(&m)
            .contains("| ~ | `nginx` → `web` | routes | label: HTTP → HTTP/2; port: 3000 (new) |")
    );
}

#[test]
fn a_side_with_errors_is_refused_with_exit_1_and_the_diagnostic() {
    let dir = tempdir("bad-side");
    std::fs::write(
        dir.join("a.toml"),
        "[era]\nname='a'\ntitle='A'\n[items.x]\nkind='vmm'\n",
    )
    .unwrap();
    std::fs::write(dir.join("b.toml"), "[era]\nname='b'\ntitle='B'\n").unwrap();
    let o = zukai(&dir, &["diff", "a.toml", "b.toml"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("unknown kind `vmm`"), "{err}");
    assert!(err.contains("a.toml:5:"), "{err}");
    assert!(stdout(&o).is_empty());
}

#[test]
fn a_side_with_a_dangling_reference_is_refused_but_lints_are_not() {
    let dir = tempdir("check-side");
    std::fs::write(
        dir.join("a.toml"),
        "[era]\nname='a'\ntitle='A'\n[items.x]\nkind='process'\nin='nope'\n",
    )
    .unwrap();
    // An orphan whose lint is denied: a finding for `zukai check`, not broken input.
    std::fs::write(
        dir.join("b.toml"),
        "[era]\nname='b'\ntitle='B'\n[items.x]\nkind='vm'\n[lints]\norphan='deny'\n",
    )
    .unwrap();
    let o = zukai(&dir, &["diff", "a.toml", "b.toml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("`nope`"), "{}", stderr(&o));
    assert!(stderr(&o).contains("a.toml:6:"), "{}", stderr(&o));
    let o = zukai(&dir, &["diff", "b.toml", "b.toml", "--exit-code"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn a_missing_file_or_unknown_era_is_a_usage_error() {
    let o = zukai(
        here(),
        &["diff", "no/such.toml", &format!("{FIX}/add/after.toml")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such.toml"), "{}", stderr(&o));
    let o = zukai(here(), &["diff", "befor", &format!("{FIX}/add/after.toml")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `before`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_era_name_is_found_beside_the_other_side_or_in_inventories() {
    let o = zukai(
        here(),
        &[
            "diff",
            "compose",
            &format!("{FIX}/replatform/after.toml"),
            "--exit-code",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("⇄ web (Deployment)"));

    let dir = tempdir("era-names");
    std::fs::create_dir_all(dir.join("inventories")).unwrap();
    for f in ["before", "after"] {
        std::fs::copy(
            here().join(format!("{FIX}/rename/{f}.toml")),
            dir.join(format!("inventories/{f}.toml")),
        )
        .unwrap();
    }
    let o = zukai(&dir, &["diff", "before", "after"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("renamed from db"), "{}", stdout(&o));
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("zukai-diff-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=zukai",
            "-c",
            "user.email=zukai@example.invalid",
        ])
        .args(args)
        .output()
        .expect("git is installed");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_side_can_be_a_file_at_a_git_revision_with_its_extended_era() {
    let dir = tempdir("git");
    git(&dir, &["init", "-q"]);
    std::fs::create_dir_all(dir.join("inv")).unwrap();
    // The replatform pair: k8s extends compose, read beside it at the same revision.
    for f in ["before", "after"] {
        std::fs::copy(
            here().join(format!("{FIX}/replatform/{f}.toml")),
            dir.join(format!("inv/{f}.toml")),
        )
        .unwrap();
    }
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-qm", "one"]);
    // Change the working copy: HEAD still has the committed k8s era.
    std::fs::write(
        dir.join("inv/after.toml"),
        std::fs::read_to_string(dir.join("inv/after.toml"))
            .unwrap()
            .replace("replicas = 2", "replicas = 4"),
    )
    .unwrap();
    let o = zukai(&dir, &["diff", "HEAD:inv/after.toml", "inv/after.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("  ~ web (Deployment)\n      replicas: 2 → 4\n"),
        "{out}"
    );
    assert!(
        out.ends_with("0 added, 0 removed, 1 changed, 0 moved\n"),
        "{out}"
    );

    // A revision that does not exist is an I/O error naming it.
    let o = zukai(&dir, &["diff", "nope:inv/after.toml", "inv/after.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope:inv/after.toml"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn svg_png_and_stable_dir_write_the_pictures() {
    let dir = tempdir("pictures");
    let (b, a) = (
        here().join(format!("{FIX}/move/before.toml")),
        here().join(format!("{FIX}/move/after.toml")),
    );
    let o = zukai(
        &dir,
        &[
            "diff",
            b.to_str().unwrap(),
            a.to_str().unwrap(),
            "--svg",
            "d.svg",
            "--png",
            "pics/d.png",
            "--stable-dir",
            "stable",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // The report still goes to stdout.
    assert!(stdout(&o).contains("→ postgres (PostgreSQL)"));
    let svg = std::fs::read_to_string(dir.join("d.svg")).unwrap();
    assert!(svg.contains("class=\"ghost\""));
    assert!(
        std::fs::read(dir.join("pics/d.png"))
            .unwrap()
            .starts_with(b"\x89PNG\r\n\x1a\n")
    );
    for side in ["before", "after", "diff"] {
        let s = std::fs::read_to_string(dir.join(format!("stable/{side}.svg"))).unwrap();
        roxmltree::Document::parse(&s).unwrap();
        let p = std::fs::read(dir.join(format!("stable/{side}.png"))).unwrap();
        assert!(p.starts_with(b"\x89PNG\r\n\x1a\n"), "{side}.png");
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("stable/diff.svg")).unwrap(),
        svg
    );
    // Nothing but the pictures: no temporary files left behind.
    let mut names: Vec<String> = std::fs::read_dir(dir.join("stable"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "after.png",
            "after.svg",
            "before.png",
            "before.svg",
            "diff.png",
            "diff.svg"
        ]
    );

    // An unwritable target is an I/O error (exit 2), named.
    std::fs::write(dir.join("file"), "").unwrap();
    let o = zukai(
        &dir,
        &[
            "diff",
            b.to_str().unwrap(),
            a.to_str().unwrap(),
            "--svg",
            "file/x.svg",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("file/x.svg"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}
