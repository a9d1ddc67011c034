//! Whatever the input, `zukai check` answers with diagnostics and an exit code, never a
//! panic or a stack overflow: empty, binary, huge, deeply nested, not UTF-8.

use std::process::Command;
use zukai::check::{CheckConfig, check, has_errors};
use zukai::model::load_sources;
use zukai::source::{SourceFile, Sources};

fn check_text(text: &str) -> Vec<zukai::diag::Diagnostic> {
    let mut s = Sources::new();
    s.add(SourceFile::new("input.toml", text));
    check(&load_sources(s), &CheckConfig::default())
}

fn run_file(name: &str, bytes: &[u8]) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!("zukai-robust-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_zukai"))
        .arg("check")
        .arg(&path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn arrays_nested_100k_deep_are_a_syntax_error() {
    let n = 100_000;
    let text = format!("a = {}{}", "[".repeat(n), "]".repeat(n));
    let d = check_text(&text);
    assert!(has_errors(&d));
    assert!(
        d.iter()
            .any(|d| d.code == "syntax" && d.message.contains("nested too deeply")),
        "{d:?}"
    );
    let (code, out) = run_file("deep-array.toml", text.as_bytes());
    assert_eq!(code, 1);
    assert!(out.contains("nested too deeply"), "{out}");
}

#[test]
fn tables_nested_100k_deep_are_a_syntax_error() {
    let keys: Vec<String> = (0..100_000).map(|i| format!("k{i}")).collect();
    let text = format!(
        "[era]\nname='x'\ntitle='X'\n[items.{}]\nkind = 'vm'\n",
        keys.join(".")
    );
    let d = check_text(&text);
    assert!(
        d.iter()
            .any(|d| d.code == "syntax" && d.message.contains("nested too deeply")),
        "{d:?}"
    );
    let inline = format!("a = {}1{}", "{b=".repeat(100_000), "}".repeat(100_000));
    assert!(has_errors(&check_text(&inline)));
    let (code, out) = run_file("deep-table.toml", text.as_bytes());
    assert_eq!(code, 1, "{out}");
}

#[test]
fn empty_whitespace_and_comment_only_files_say_what_is_missing() {
    for text in ["", "\n\n  \n", "# just a comment\n"] {
        let d = check_text(text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, "missing-key");
    }
}

#[test]
fn binary_not_utf8_and_oversized_files_are_refused_with_exit_2() {
    let (code, out) = run_file("bin.toml", b"\x7fELF\x02\x01\x01\x00\x00");
    assert_eq!(code, 2);
    assert!(out.contains("file is binary"), "{out}");
    let (code, out) = run_file("latin1.toml", b"[era]\nname = \"caf\xe9\"\n");
    assert_eq!(code, 2);
    assert!(out.contains("not valid UTF-8"), "{out}");
    let big = vec![b'#'; 50 * 1024 * 1024];
    let (code, out) = run_file("big.toml", &big);
    assert_eq!(code, 2);
    assert!(out.contains("larger than 16 MiB are refused"), "{out}");
}

#[test]
fn a_large_valid_inventory_is_checked() {
    let mut text = String::from("[era]\nname='big'\ntitle='Big'\n[items.internet]\nkind='users'\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "[items.w{i}]\nkind='process'\nliveness-depends-on=['w{}']\n[[links]]\nfrom='internet'\nto='w{i}'\n",
            (i + 1) % 3000
        ));
    }
    let d = check_text(&text);
    assert!(!has_errors(&d), "{:?}", d.first());
    assert!(d.iter().all(|d| d.code == "single-point-of-failure"));
}
