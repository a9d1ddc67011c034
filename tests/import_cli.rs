//! `zukai import` as a user runs it: `--into` keeps hand edits, hostile and broken input
//! gets a clear error at file:line:col and never hangs, exit codes 0/1/2.

mod import_common;

use import_common::{fixture, load_clean, zukai};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;
use zukai::import::Input;

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("zukai-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Every line of `sub` appears in `text`, unchanged and in the same order.
fn keeps_lines_in_order(sub: &str, text: &str) {
    let mut lines = text.lines();
    for want in sub.lines() {
        assert!(
            lines.any(|l| l == want),
            "line {want:?} was lost or reordered:\n{text}"
        );
    }
}

#[test]
fn into_keeps_hand_edits_byte_for_byte_and_appends_the_rest() {
    let dir = scratch("into");
    let hand = std::fs::read_to_string(fixture("into/hand.toml")).unwrap();
    let target = dir.join("compose.toml");
    std::fs::write(&target, &hand).unwrap();
    let compose = fixture("compose/mastodon/docker-compose.yml");
    let args = [
        "import",
        "compose",
        compose.to_str().unwrap(),
        "--into",
        target.to_str().unwrap(),
    ];
    let o = zukai(&args, &dir);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("5 item(s) and 8 link(s) added"), "{stderr}");
    assert!(stderr.contains("kept as written (already in the inventory): mastodon, web"));
    let merged = std::fs::read_to_string(&target).unwrap();
    keeps_lines_in_order(&hand, &merged);
    assert!(merged.contains("# The app VM; compose runs here.\n[items.app-vm]"));
    assert!(merged.contains("replicas = 3   # scaled by hand\n"));
    assert!(merged.contains("label = \"SQL\"   # a hand label"));
    let era = load_clean(&merged);
    assert_eq!(era.title, "Asteroidon on Docker Compose");
    assert_eq!(era.items["web"].replicas(), 3);
    assert_eq!(era.items["mastodon"].parent.as_ref().unwrap().id, "app-vm");
    assert_eq!(era.items["db"].kind, zukai::model::Kind::Postgresql);
    // The hand-written web -> db link is kept, not doubled; the others are added.
    let web_db: Vec<_> = era
        .links
        .iter()
        .filter(|l| l.from.id == "web" && l.to.id == "db")
        .collect();
    assert_eq!(web_db.len(), 1);
    assert_eq!(web_db[0].label.as_deref(), Some("SQL"));
    assert_eq!(era.links.len(), 9);

    // A second run changes nothing.
    let o = zukai(&args, &dir);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("0 item(s) and 0 link(s) added"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), merged);

    // A failed import leaves the file alone.
    let bad = dir.join("bad.yml");
    std::fs::write(&bad, "services:\n  web: [\n").unwrap();
    let o = zukai(
        &[
            "import",
            "compose",
            bad.to_str().unwrap(),
            "--into",
            target.to_str().unwrap(),
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), merged);

    // --into a file that does not exist yet creates it.
    let fresh = dir.join("new.toml");
    let o = zukai(
        &[
            "import",
            "compose",
            compose.to_str().unwrap(),
            "--into",
            fresh.to_str().unwrap(),
        ],
        &dir,
    );
    assert_eq!(o.status.code(), Some(0));
    load_clean(&std::fs::read_to_string(&fresh).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs an import on another thread; a hang fails the test instead of stalling the suite.
fn import_within_a_minute(kind: &'static str, text: String) -> zukai::import::Import {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let input = [Input {
            name: "hostile.yaml".into(),
            text,
        }];
        let r = if kind == "k8s" {
            zukai::import::k8s::import(&input, &Default::default())
        } else {
            zukai::import::compose::import(&input, &Default::default())
        };
        let _ = tx.send(r);
    });
    rx.recv_timeout(Duration::from_secs(60))
        .expect("the import hung or crashed")
}

fn error_at(imp: &zukai::import::Import) -> (String, String, usize, usize) {
    assert!(imp.has_errors(), "{:?}", imp.diagnostics);
    let d = &imp.diagnostics[0];
    let (file, line, col) = zukai::diag::render::location(&imp.sources, d.span.as_ref().unwrap());
    (d.message.clone(), file, line, col)
}

#[test]
fn billion_laughs_is_refused_by_the_budget() {
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        text.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    for kind in ["k8s", "compose"] {
        let imp = import_within_a_minute(kind, text.clone());
        let (msg, file, line, _) = error_at(&imp);
        assert!(msg.contains("import budget"), "{msg}");
        assert_eq!(file, "hostile.yaml");
        assert!(line >= 2, "points into the alias chain, got line {line}");
    }
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused() {
    for text in [
        format!("services: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        format!("{}deep\n", "- ".repeat(10_000)),
        // Block mappings, one more space per level (10k levels would be 50 MB, so 2k).
        (1..2_000)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect::<String>(),
    ] {
        let imp = import_within_a_minute("k8s", text);
        let (msg, _, line, col) = error_at(&imp);
        assert!(line >= 1 && col >= 1);
        assert!(
            msg.contains("budget") || msg.contains("recursion") || msg.contains("depth"),
            "{msg}"
        );
    }
}

#[test]
fn helm_templates_ask_to_be_rendered_first() {
    let imp = import_within_a_minute(
        "k8s",
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n".into(),
    );
    let (msg, _, line, col) = error_at(&imp);
    assert_eq!((line, col), (4, 9));
    assert!(msg.contains("Helm template"), "{msg}");
    assert!(imp.diagnostics[0].hints[0].contains("helm template"));
}

#[test]
fn invalid_yaml_gives_line_column_and_the_line() {
    let dir = scratch("invalid");
    std::fs::write(
        dir.join("docker-compose.yml"),
        "services:\n  web:\n    image: [unclosed\n    ports: 80\n",
    )
    .unwrap();
    let o = zukai(&["import", "compose", "docker-compose.yml"], &dir);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty(), "nothing is written on errors");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("error[yaml]: invalid YAML"), "{stderr}");
    assert!(stderr.contains("--> docker-compose.yml:4:10"), "{stderr}");
    assert!(stderr.contains("4 |     ports: 80"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn huge_and_binary_files_are_refused_before_parsing() {
    let dir = scratch("huge");
    let huge = dir.join("huge.yaml");
    let line = "# padding padding padding padding padding padding padding padding\n";
    std::fs::write(&huge, line.repeat(17 * 1024 * 1024 / line.len() + 1)).unwrap();
    let o = zukai(&["import", "k8s", "huge.yaml"], &dir);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("huge.yaml") && stderr.contains("larger than 16 MiB"),
        "{stderr}"
    );
    std::fs::write(dir.join("bin.yaml"), b"kind: \0\x01").unwrap();
    let o = zukai(&["import", "k8s", "bin.yaml"], &dir);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("binary"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn exit_codes_follow_the_cli_contract() {
    let k8s = fixture("k8s");
    // 0 with warnings on stderr.
    let o = zukai(&["import", "k8s", "constructs"], &k8s);
    assert_eq!(o.status.code(), Some(0));
    assert!(!o.stderr.is_empty());
    // 2: missing path, unknown flag, no subcommand.
    assert_eq!(
        zukai(&["import", "k8s", "nope"], &k8s).status.code(),
        Some(2)
    );
    assert_eq!(
        zukai(&["import", "k8s", "--bogus", "x"], &k8s)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(zukai(&["import"], &k8s).status.code(), Some(2));
    // 1: input with errors (here: a compose file given to the k8s importer has no kind, and
    // nothing else to import).
    let o = zukai(
        &["import", "k8s", "../compose/mastodon/docker-compose.yml"],
        &k8s,
    );
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("zukai import compose"), "{stderr}");
}

#[test]
fn a_bundle_of_many_documents_is_not_mistaken_for_an_attack() {
    // 1,500 documents: more than serde-saphyr's default budget of 1,024 allows.
    let text: Vec<String> = (0..750)
        .map(|i| {
            format!(
                "kind: Deployment\nmetadata: {{name: app{i}, namespace: ns{}}}\n\
                 spec: {{template: {{metadata: {{labels: {{app: a{i}}}}}, spec: {{containers: [{{name: c, image: x}}]}}}}}}\n---\n\
                 kind: Service\nmetadata: {{name: svc{i}, namespace: ns{}}}\nspec: {{selector: {{app: a{i}}}}}\n",
                i % 7,
                i % 7
            )
        })
        .collect();
    let imp = import_within_a_minute("k8s", text.join("---\n"));
    assert!(imp.diagnostics.is_empty(), "{:?}", imp.diagnostics);
    // cluster + 7 namespaces + 1,500 objects, each Service routing to its Deployment.
    assert_eq!(imp.draft.items.len(), 1 + 7 + 1500);
    assert_eq!(imp.draft.links.len(), 750);
}

#[test]
fn a_dash_reads_standard_input() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zukai"))
        .args(["import", "k8s", "-", "--cluster", "piped"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let manifest = std::fs::read(fixture("k8s/asteroidon/web.yaml")).unwrap();
    child.stdin.take().unwrap().write_all(&manifest).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("# <stdin>:1 (Deployment web)\n[items.web]"),
        "{text}"
    );
    let era = load_clean(&text);
    assert_eq!(era.items["web-service"].list("selects"), ["web"]);
}
