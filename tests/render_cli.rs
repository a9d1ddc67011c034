//! `zukai render` as a user runs it: files written, `--check` for CI, refusal to draw a
//! broken inventory, exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/render/cli")
        .join(name)
}

/// A fresh scratch directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zukai-render-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn zukai(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zukai"))
        .arg("render")
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("zukai runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn renders_svg_and_png_into_the_output_directory() {
    let dir = scratch("dir");
    let out = dir.join("pictures");
    let o = zukai(&dir, &[s(&fixture("tiny.toml")), "-o", s(&out)]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    let svg = std::fs::read_to_string(out.join("tiny.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).expect("valid XML");
    assert_eq!(
        doc.root_element().first_element_child().unwrap().text(),
        Some("Tiny <era> & \"co\"")
    );
    assert!(svg.contains("web &lt;puma&gt;"));
    let png = std::fs::read(out.join("tiny.png")).unwrap();
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).unwrap();
    // Scale 2 by default.
    let width: f64 = doc
        .root_element()
        .attribute("width")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(pixmap.width(), (width * 2.0).ceil() as u32);
    assert!(!out.join("tiny.json").exists());
}

#[test]
fn no_argument_renders_every_inventory_into_out() {
    let dir = scratch("default");
    std::fs::create_dir_all(dir.join("inventories")).unwrap();
    std::fs::copy(fixture("tiny.toml"), dir.join("inventories/tiny.toml")).unwrap();
    let o = zukai(&dir, &[]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(dir.join("out/tiny.svg").is_file());
    assert!(dir.join("out/tiny.png").is_file());
}

#[test]
fn same_inventory_same_bytes_across_runs() {
    let dir = scratch("determinism");
    for run in ["a", "b"] {
        let o = zukai(
            &dir,
            &[s(&fixture("tiny.toml")), "-o", run, "--format", "all"],
        );
        assert_eq!(code(&o), 0, "{}", text(&o));
    }
    for f in ["tiny.svg", "tiny.png", "tiny.json"] {
        let a = std::fs::read(dir.join("a").join(f)).unwrap();
        let b = std::fs::read(dir.join("b").join(f)).unwrap();
        assert!(a == b, "{f} differs between two runs");
    }
}

#[test]
fn check_passes_when_fresh_and_names_stale_and_missing_files() {
    let dir = scratch("check");
    let tiny = fixture("tiny.toml");
    assert_eq!(code(&zukai(&dir, &[s(&tiny), "-o", "out"])), 0);

    let o = zukai(&dir, &[s(&tiny), "-o", "out", "--check"]);
    assert_eq!(code(&o), 0, "{}", text(&o));

    // A hand-edited SVG is stale; a deleted PNG is missing; --check repairs neither.
    let svg = dir.join("out/tiny.svg");
    let edited = std::fs::read_to_string(&svg)
        .unwrap()
        .replace("HTTPS", "HTTP");
    std::fs::write(&svg, &edited).unwrap();
    std::fs::remove_file(dir.join("out/tiny.png")).unwrap();
    let o = zukai(&dir, &[s(&tiny), "-o", "out", "--check"]);
    assert_eq!(code(&o), 1, "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("stale: out/tiny.svg"), "{t}");
    assert!(t.contains("missing: out/tiny.png"), "{t}");
    assert_eq!(std::fs::read_to_string(&svg).unwrap(), edited);
    assert!(!dir.join("out/tiny.png").exists());

    // A different theme makes the committed drawings stale too.
    assert_eq!(code(&zukai(&dir, &[s(&tiny), "-o", "out"])), 0);
    let o = zukai(&dir, &[s(&tiny), "-o", "out", "--check", "--theme", "dark"]);
    assert_eq!(code(&o), 1, "{}", text(&o));
}

#[test]
fn an_inventory_with_errors_draws_nothing_and_touches_nothing() {
    let dir = scratch("broken");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let kept = b"committed drawing, must survive";
    std::fs::write(out.join("broken.svg"), kept).unwrap();
    let o = zukai(&dir, &[s(&fixture("broken.toml")), "-o", "out"]);
    assert_eq!(code(&o), 1, "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("broken.toml:7:8"),
        "diagnostic with file:line: {t}"
    );
    assert!(t.contains("proces"), "{t}");
    assert_eq!(std::fs::read(out.join("broken.svg")).unwrap(), kept);
    assert!(!out.join("broken.png").exists());

    // Together with a good inventory: still nothing is drawn.
    let o = zukai(
        &dir,
        &[
            s(&fixture("broken.toml")),
            s(&fixture("tiny.toml")),
            "-o",
            "out",
        ],
    );
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert!(!out.join("tiny.svg").exists());
}

#[test]
fn unreadable_paths_and_bad_options_exit_2() {
    let dir = scratch("usage");
    let o = zukai(&dir, &["does/not/exist.toml"]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("does/not/exist.toml"));

    let tiny = fixture("tiny.toml");
    for bad in [
        vec!["--scale", "0"],
        vec!["--scale", "abc"],
        vec!["--theme", "neon"],
        vec!["--direction", "up"],
        vec!["--pad", "-5"],
        vec!["--format", "gif"],
    ] {
        let mut args = vec![s(&tiny)];
        args.extend(bad.iter().copied());
        let o = zukai(&dir, &args);
        assert_eq!(code(&o), 2, "{bad:?}: {}", text(&o));
    }
    assert!(!dir.join("out").exists(), "nothing written on usage errors");

    // -o naming one file while two eras are drawn.
    let other = dir.join("other.toml");
    std::fs::write(
        &other,
        std::fs::read_to_string(&tiny)
            .unwrap()
            .replace("name = \"tiny\"", "name = \"other\""),
    )
    .unwrap();
    let o = zukai(&dir, &[s(&tiny), s(&other), "-o", "one.svg"]);
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("names a file"), "{}", text(&o));
}

#[test]
fn output_file_and_json_format() {
    let dir = scratch("file");
    let tiny = fixture("tiny.toml");
    // A file name picks the format from its extension and writes only that file.
    let o = zukai(&dir, &[s(&tiny), "-o", "docs/arch.svg"]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(dir.join("docs/arch.svg").is_file());
    assert!(!dir.join("docs/arch.png").exists());

    // --format json writes the Scene, which reads back as a Scene.
    let o = zukai(
        &dir,
        &[
            s(&tiny),
            "-o",
            "j",
            "--format",
            "json",
            "--direction",
            "down",
        ],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    let json = std::fs::read_to_string(dir.join("j/tiny.json")).unwrap();
    let scene: zukai::scene::Scene = serde_json::from_str(&json).expect("a Scene");
    assert!(scene.nodes.iter().any(|n| n.id == "web"));
    assert_eq!(scene.edges.len(), 2);
}

#[test]
fn scale_and_pad_change_the_picture() {
    let dir = scratch("scale");
    let tiny = fixture("tiny.toml");
    let o = zukai(
        &dir,
        &[s(&tiny), "-o", "a", "--scale", "1", "--format", "all"],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    let o = zukai(
        &dir,
        &[s(&tiny), "-o", "b", "--pad", "100", "--format", "json"],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    let a: zukai::scene::Scene =
        serde_json::from_str(&std::fs::read_to_string(dir.join("a/tiny.json")).unwrap()).unwrap();
    let b: zukai::scene::Scene =
        serde_json::from_str(&std::fs::read_to_string(dir.join("b/tiny.json")).unwrap()).unwrap();
    assert!(b.width > a.width, "a larger pad makes a larger canvas");
    let png = resvg::tiny_skia::Pixmap::decode_png(&std::fs::read(dir.join("a/tiny.png")).unwrap())
        .unwrap();
    assert_eq!(png.width(), a.width.ceil() as u32);
}

#[test]
fn a_directory_of_drawings_also_holds_the_check_report_and_the_diffs_between_eras() {
    let dir = scratch("history");
    let before = "[era]\nname = \"one\"\ntitle = \"One\"\norder = 1\n\n[items.users]\nkind = \"users\"\n\n[items.web]\nkind = \"compose-service\"\nin = \"app\"\n\n[items.app]\nkind = \"project\"\n\n[[links]]\nfrom = \"users\"\nto = \"web\"\n";
    let after = "[era]\nname = \"two\"\ntitle = \"Two\"\norder = 2\nextends = \"one\"\nremove = [\"app\"]\n\n[items.web]\nkind = \"deployment\"\nin = \"ns\"\nreplicas = 2\n\n[items.cluster]\nkind = \"cluster\"\n\n[items.ns]\nkind = \"namespace\"\nin = \"cluster\"\n";
    std::fs::write(dir.join("one.toml"), before).unwrap();
    std::fs::write(dir.join("two.toml"), after).unwrap();
    let out = dir.join("out");
    let o = zukai(&dir, &["one.toml", "two.toml", "-o", s(&out)]);
    assert_eq!(code(&o), 0, "{}", text(&o));

    let report = std::fs::read_to_string(out.join("check.txt")).unwrap();
    assert!(
        report.ends_with("checked: 0 errors, 0 warnings in 2 files\n"),
        "{report}"
    );
    let svg = std::fs::read_to_string(out.join("one-to-two.diff.svg")).unwrap();
    roxmltree::Document::parse(&svg).expect("the diff picture is valid XML");
    assert!(
        svg.contains("added in two") && svg.contains("removed in two"),
        "{svg}"
    );
    assert!(out.join("one-to-two.diff.png").is_file());
    let md = std::fs::read_to_string(out.join("one-to-two.diff.md")).unwrap();
    assert!(
        md.contains("**2 added, 1 removed, 1 changed, 1 moved**"),
        "{md}"
    );
    assert!(
        md.contains("re-platformed: Compose service → Deployment"),
        "{md}"
    );

    // The extras are part of what `--check` guards.
    std::fs::remove_file(out.join("one-to-two.diff.md")).unwrap();
    let o = zukai(&dir, &["one.toml", "two.toml", "-o", s(&out), "--check"]);
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert!(
        text(&o).contains("missing: ") && text(&o).contains("one-to-two.diff.md"),
        "{}",
        text(&o)
    );
}

#[test]
fn the_layout_rs_engine_draws_the_same_items_elsewhere() {
    let dir = scratch("engine");
    let ours = dir.join("ours.json");
    let theirs = dir.join("theirs.json");
    let o = zukai(&dir, &[s(&fixture("tiny.toml")), "-o", s(&ours)]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    let o = zukai(
        &dir,
        &[
            s(&fixture("tiny.toml")),
            "--engine",
            "layout-rs",
            "-o",
            s(&theirs),
        ],
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    let ids = |p: &Path| -> Vec<(String, String)> {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| (n["id"].to_string(), n["rect"].to_string()))
            .collect()
    };
    let (a, b) = (ids(&ours), ids(&theirs));
    let names = |v: &[(String, String)]| v.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b));
    assert_ne!(a, b, "the engine option must change the geometry");
}
