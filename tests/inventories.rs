//! The shipped inventories (Asteroidon's three eras) and the examples load cleanly and say
//! what the real system was.

use std::path::{Path, PathBuf};
use zukai::model::{Era, Kind, LinkKind, Loaded, load_files};

fn toml_files(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
}

/// Problems the loader leaves to `check`, looked at here so a broken reference in a shipped
/// file fails even before `check` runs: every `in`, link end, queue and queue broker must
/// name an item of the era, and every placement must be one the vocabulary allows.
fn dangling(era: &Era) -> Vec<String> {
    let mut out = Vec::new();
    for item in era.items.values() {
        let parent = item.parent.as_ref().map(|p| &p.id);
        let parent_kind = match parent {
            Some(p) => match era.items.get(p) {
                Some(pi) => Some(pi.kind),
                None => {
                    out.push(format!("{}: `in` names unknown `{p}`", item.id));
                    continue;
                }
            },
            None => None,
        };
        if !item.kind.may_sit_in(parent_kind) {
            out.push(format!(
                "{}: a {:?} may not sit in {parent_kind:?}",
                item.id, item.kind
            ));
        }
        for q in item.list("queues").iter().chain(item.list("enqueues")) {
            if !era.queues.contains_key(q) {
                out.push(format!("{}: unknown queue `{q}`", item.id));
            }
        }
        for key in ["selects", "liveness-depends-on", "readiness-depends-on"] {
            for r in item.list(key) {
                if !era.items.contains_key(r) {
                    out.push(format!("{}: `{key}` names unknown `{r}`", item.id));
                }
            }
        }
    }
    for l in &era.links {
        for end in [&l.from.id, &l.to.id] {
            if !era.items.contains_key(end) {
                out.push(format!(
                    "link {} -> {}: unknown `{end}`",
                    l.from.id, l.to.id
                ));
            }
        }
    }
    for q in era.queues.values() {
        if let Some(b) = &q.broker {
            if !era.items.contains_key(&b.id) {
                out.push(format!("queue {}: unknown broker `{}`", q.id, b.id));
            }
        }
    }
    out
}

fn assert_clean(loaded: &Loaded) {
    assert!(loaded.io_errors.is_empty(), "{:?}", loaded.io_errors);
    assert!(
        loaded.diagnostics.is_empty(),
        "{:#?}",
        loaded
            .diagnostics
            .iter()
            .map(|d| (
                d.code,
                &d.message,
                d.span.as_ref().map(|s| {
                    let f = loaded.sources.get(s.file);
                    (f.name.clone(), f.line_col(s.range.start))
                })
            ))
            .collect::<Vec<_>>()
    );
    for era in &loaded.eras {
        assert_eq!(dangling(era), Vec::<String>::new(), "era `{}`", era.name);
    }
}

fn asteroidon() -> Loaded {
    let loaded = load_files(&toml_files("inventories"));
    assert_clean(&loaded);
    loaded
}

fn era<'a>(loaded: &'a Loaded, name: &str) -> &'a Era {
    loaded
        .eras
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no era `{name}`"))
}

#[test]
fn shipped_inventories_load_without_a_single_diagnostic() {
    let loaded = asteroidon();
    let mut names: Vec<&str> = loaded.eras.iter().map(|e| e.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["compose", "gcp", "k8s"]);
}

#[test]
fn every_example_loads_without_a_single_diagnostic() {
    // Lint showcases are meant to warn in `check`; loading them must still be clean.
    let files = toml_files("examples");
    assert!(files.len() >= 4, "{files:?}");
    for f in files {
        assert_clean(&load_files(std::slice::from_ref(&f)));
    }
}

#[test]
fn every_shipped_file_names_the_schema_on_its_first_line() {
    for dir in ["inventories", "examples"] {
        for f in toml_files(dir) {
            let text = std::fs::read_to_string(&f).unwrap();
            assert_eq!(
                text.lines().next(),
                Some("#:schema ../schema/inventory.schema.json"),
                "{}",
                f.display()
            );
        }
    }
}

/// The comment block right above the line `line` (1-based) of `text`.
fn comment_above(text: &str, line: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[..line - 1]
        .iter()
        .rev()
        .take_while(|l| l.trim_start().starts_with('#'))
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every warning `zukai check` prints on a shipped file must be true of the system, and the
/// file must say so: the comment right above the item the warning points at names the rule.
/// (`every-lint.toml` fires every lint on purpose and has its own expected output.)
#[test]
fn every_lint_on_a_shipped_file_is_explained_where_it_points() {
    let mut files = toml_files("inventories");
    files.extend(
        toml_files("examples")
            .into_iter()
            .filter(|f| !f.ends_with("every-lint.toml")),
    );
    let loaded = load_files(&files);
    let diags = zukai::check::check(&loaded, &zukai::check::CheckConfig::default());
    assert!(!zukai::check::has_errors(&diags), "{diags:#?}");
    let mut unexplained = Vec::new();
    for d in &diags {
        let span = d.span.as_ref().expect("lints point at the inventory");
        let file = loaded.sources.get(span.file);
        let (line, _) = file.line_col(span.range.start);
        if !comment_above(&file.text, line).contains(&format!("`{}`", d.code)) {
            unexplained.push(format!("{}:{line}: {} {}", file.name, d.code, d.message));
        }
    }
    assert!(unexplained.is_empty(), "{unexplained:#?}");
    // The Asteroidon eras do warn: a single nginx and single-copy stores are real risks.
    assert!(
        diags
            .iter()
            .any(|d| d.code == "single-point-of-failure" && d.message.starts_with("`nginx`"))
    );
}

#[test]
fn the_compose_era_runs_everything_but_nginx_and_minio_on_one_vm() {
    let loaded = asteroidon();
    let e = era(&loaded, "compose");
    for id in [
        "web",
        "streaming",
        "sidekiq",
        "postgresql",
        "redis",
        "elasticsearch",
    ] {
        let chain: Vec<&str> = e.ancestors(id).iter().map(|i| i.id.as_str()).collect();
        assert_eq!(chain, ["compose", "app-vm"], "{id}");
    }
    assert_eq!(e.parent_of("nginx").unwrap().id, "nginx-vm");
    assert_eq!(e.parent_of("minio").unwrap().id, "minio-vm");
    assert_eq!(e.items["nginx"].flag("tls"), Some(true));
    assert_eq!(e.items["minio"].kind, Kind::ObjectStorage);
    // One Sidekiq serves every queue; only the scheduler is a singleton.
    assert_eq!(e.items["sidekiq"].list("queues").len(), e.queues.len());
    let singles: Vec<&str> = e
        .queues
        .values()
        .filter(|q| q.singleton)
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(singles, ["scheduler"]);
    assert!(
        e.links
            .iter()
            .any(|l| l.from.id == "mackerel-agent" && l.kind == LinkKind::Monitors)
    );
}

#[test]
fn the_gcp_era_runs_on_two_e2_medium_vms_and_shows_the_cut_over() {
    let loaded = asteroidon();
    let e = era(&loaded, "gcp");
    for vm in ["gce-a", "gce-b"] {
        let i = &e.items[vm];
        assert_eq!(i.str("machine-type"), Some("e2-medium"));
        assert_eq!(i.str("site"), Some("gcp"));
        assert_eq!(i.cpu("cpu"), Some(2000));
        assert_eq!(i.memory("memory"), Some(4_000_000_000));
        assert_eq!(e.parent_of(vm).unwrap().kind, Kind::CloudProvider);
    }
    for id in ["web", "streaming", "sidekiq"] {
        assert_eq!(e.ancestors(id)[1].id, "gce-a", "{id}");
    }
    for id in ["postgresql", "redis"] {
        assert_eq!(e.parent_of(id).unwrap().id, "gce-b", "{id}");
    }
    assert!(!e.items.contains_key("nginx") && !e.items.contains_key("elasticsearch"));
    let kinds: Vec<(&str, &str, LinkKind)> = e
        .links
        .iter()
        .filter(|l| matches!(l.kind, LinkKind::Replicates | LinkKind::Migrates))
        .map(|l| (l.from.id.as_str(), l.to.id.as_str(), l.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("home-postgresql", "postgresql", LinkKind::Replicates),
            ("home-redis", "redis", LinkKind::Migrates)
        ]
    );
    assert!(
        e.links
            .iter()
            .any(|l| l.from.id == "dns" && l.to.id == "gce-a")
    );
}

#[test]
fn the_k8s_era_has_three_nodes_a_split_sidekiq_and_the_daily_cronjob() {
    let loaded = asteroidon();
    let e = era(&loaded, "k8s");
    let nodes: Vec<_> = e.items.values().filter(|i| i.kind == Kind::Node).collect();
    assert_eq!(nodes.len(), 3);
    for n in nodes {
        assert_eq!(n.cpu("cpu"), Some(4000));
        assert_eq!(n.memory("memory"), Some(8_000_000_000));
        assert_eq!(n.parent.as_ref().unwrap().id, "microk8s");
    }
    assert_eq!(e.items["microk8s"].str("distribution"), Some("microk8s"));
    // Same id, new kind: `web` was a compose service and is a Deployment now.
    assert_eq!(e.items["web"].kind, Kind::Deployment);
    assert_eq!(e.items["streaming"].kind, Kind::Deployment);
    for svc in ["web-svc", "streaming-svc"] {
        assert_eq!(e.items[svc].str("type"), Some("LoadBalancer"));
    }
    assert!(!e.items.contains_key("app-vm") && !e.items.contains_key("sidekiq"));
    // The scheduler queue is served by exactly one pod in the whole system.
    let b = &e.items["sidekiq-b"];
    assert_eq!(b.replicas(), 1);
    assert_eq!(
        b.list("queues"),
        ["push", "ingress", "mailers", "scheduler"]
    );
    assert_eq!(e.items["sidekiq-a"].list("queues"), ["default", "pull"]);
    let scheduler_workers = e
        .items
        .values()
        .filter(|i| i.list("queues").iter().any(|q| q == "scheduler"))
        .count();
    assert_eq!(scheduler_workers, 1);
    // Stateful services left Kubernetes for a data VM that still runs Docker Compose.
    for id in ["postgresql", "redis", "elasticsearch"] {
        let chain: Vec<&str> = e.ancestors(id).iter().map(|i| i.id.as_str()).collect();
        assert_eq!(chain, ["data-compose", "data-vm"], "{id}");
    }
    let cj = &e.items["mastodon-delete-old-remote-cache"];
    assert_eq!(cj.kind, Kind::CronJob);
    assert_eq!(cj.parent.as_ref().unwrap().id, "mastodon");
    assert_eq!(cj.str("schedule"), Some("0 22 * * *"));
    assert_eq!(
        cj.str("command"),
        Some("bin/tootctl media remove --days=90")
    );
    assert_eq!(cj.str("image"), Some("tootsuite/mastodon"));
    assert_eq!(cj.int("backoff-limit"), Some(0));
    assert_eq!(cj.str("restart-policy"), Some("OnFailure"));
    assert_eq!(cj.int("starting-deadline-seconds"), Some(120));
    assert_eq!(cj.str("concurrency-policy"), Some("Replace"));
    assert_eq!(cj.int("successful-jobs-history-limit"), Some(1));
    assert_eq!(cj.int("failed-jobs-history-limit"), Some(1));
    assert!(
        e.links.iter().any(|l| l.from.id == "betteruptime"
            && l.to.id == cj.id
            && l.kind == LinkKind::Monitors)
    );
    assert_eq!(e.items["datadog-agent"].kind, Kind::DaemonSet);
    assert!(
        e.links
            .iter()
            .any(|l| l.from.id == "argocd" && l.kind == LinkKind::Deploys)
    );
    // Nginx reaches the pods only through the LoadBalancer Services now.
    assert!(
        !e.links
            .iter()
            .any(|l| l.from.id == "nginx" && l.to.id == "web")
    );
    assert!(
        e.links
            .iter()
            .any(|l| l.from.id == "nginx" && l.to.id == "web-svc")
    );
}

#[test]
fn the_extends_example_overrides_replatforms_renames_and_removes() {
    let loaded =
        load_files(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/eras-after.toml")]);
    assert_clean(&loaded);
    let e = &loaded.eras[0];
    assert_eq!(e.name, "shop-k8s");
    // Overridden key by key: the inherited `tls` stays.
    assert_eq!(e.items["nginx"].replicas(), 2);
    assert_eq!(e.items["nginx"].flag("tls"), Some(true));
    // Re-platformed: new kind, same id, inherited link kept.
    assert_eq!(e.items["backup"].kind, Kind::CronJob);
    assert!(
        e.links
            .iter()
            .any(|l| l.from.id == "backup" && l.to.id == "db")
    );
    assert_eq!(e.items["backups"].was.as_ref().unwrap().id, "nas");
    for gone in ["app-vm", "compose", "nas"] {
        assert!(!e.items.contains_key(gone), "{gone}");
    }
    assert!(
        !e.links
            .iter()
            .any(|l| l.from.id == "nginx" && l.to.id == "app")
    );
}
