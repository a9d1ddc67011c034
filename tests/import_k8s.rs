//! `zukai import k8s`: manifests → cluster, namespaces, workloads, Services and links.

mod import_common;

use import_common::{fixture, inputs, load_clean, snapshot, zukai};
use zukai::import::k8s::{K8sOptions, import, manifest_files};
use zukai::model::{Kind, Value};

fn run(dir: &str, cluster: &str) -> zukai::import::Import {
    let files = manifest_files(&[fixture(dir)]).unwrap();
    import(
        &inputs(dir, &files),
        &K8sOptions {
            cluster: cluster.into(),
            ..K8sOptions::default()
        },
    )
}

#[test]
fn asteroidon_manifests_give_the_mastodon_namespace_with_its_workloads() {
    let imp = run("k8s/asteroidon", "microk8s");
    assert!(imp.diagnostics.is_empty(), "{:?}", imp.diagnostics);
    let text = imp.draft.to_toml();
    snapshot("k8s_asteroidon.toml", &text);
    let era = load_clean(&text);
    let ids: Vec<(&str, Kind, Option<&str>)> = era
        .items
        .values()
        .map(|i| {
            (
                i.id.as_str(),
                i.kind,
                i.parent.as_ref().map(|p| p.id.as_str()),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            ("microk8s", Kind::Cluster, None),
            ("mastodon", Kind::Namespace, Some("microk8s")),
            (
                "mastodon-delete-old-remote-cache",
                Kind::CronJob,
                Some("mastodon")
            ),
            ("sidekiq-default", Kind::Deployment, Some("mastodon")),
            ("sidekiq-scheduler", Kind::Deployment, Some("mastodon")),
            ("streaming", Kind::Deployment, Some("mastodon")),
            ("streaming-service", Kind::Service, Some("mastodon")),
            ("web", Kind::Deployment, Some("mastodon")),
            ("web-service", Kind::Service, Some("mastodon")),
        ]
    );
    // The CronJob exactly as asteroidon.md describes it.
    let cron = &era.items["mastodon-delete-old-remote-cache"];
    assert_eq!(
        cron.get("schedule"),
        Some(&Value::Cron("0 22 * * *".into()))
    );
    assert_eq!(
        cron.str("command"),
        Some("bin/tootctl media remove --days=90")
    );
    assert_eq!(cron.str("image"), Some("tootsuite/mastodon"));
    assert_eq!(
        cron.list("env-from"),
        ["mastodon-config", "mastodon-secret"]
    );
    assert_eq!(cron.int("backoff-limit"), Some(0));
    assert_eq!(cron.str("restart-policy"), Some("OnFailure"));
    assert_eq!(cron.int("starting-deadline-seconds"), Some(120));
    assert_eq!(cron.str("concurrency-policy"), Some("Replace"));
    assert_eq!(cron.int("successful-jobs-history-limit"), Some(1));
    assert_eq!(cron.int("failed-jobs-history-limit"), Some(1));
    // Sidekiq split by queue, args or command.
    assert_eq!(
        era.items["sidekiq-default"].list("queues"),
        ["default", "pull"]
    );
    assert_eq!(
        era.items["sidekiq-scheduler"].list("queues"),
        ["push", "ingress", "mailers", "scheduler"]
    );
    assert!(era.queues.contains_key("scheduler"));
    // LoadBalancer Services select their Deployments and route to them.
    let svc = &era.items["web-service"];
    assert_eq!(svc.str("type"), Some("LoadBalancer"));
    assert_eq!(svc.list("selects"), ["web"]);
    assert_eq!(svc.list("ports"), ["80:3000"]);
    let routes: Vec<(&str, &str)> = era
        .links
        .iter()
        .map(|l| (l.from.id.as_str(), l.to.id.as_str()))
        .collect();
    assert_eq!(
        routes,
        [("streaming-service", "streaming"), ("web-service", "web")]
    );
    // Requests and limits with their units.
    assert_eq!(era.items["web"].memory("memory-request"), Some(1 << 30));
    assert_eq!(era.items["web"].cpu("cpu-request"), Some(500));
    assert_eq!(era.items["web"].replicas(), 2);
    // Hosts in the ConfigMap are IPs outside the cluster: no link is guessed.
    assert!(era.links.iter().all(|l| !l.inferred()));
}

#[test]
fn every_k8s_construct_maps_to_the_inventory() {
    let imp = run("k8s/constructs", "cluster");
    let msgs: Vec<(&str, &str)> = imp
        .diagnostics
        .iter()
        .map(|d| (d.code, d.message.as_str()))
        .collect();
    assert_eq!(
        msgs,
        [
            (
                "unknown-service",
                "Ingress `shop` routes to Service `storefront`, which these manifests do not define; no link made"
            ),
            (
                "unknown-kind",
                "not imported (no inventory meaning): HorizontalPodAutoscaler, Role (2), ServiceAccount"
            ),
        ]
    );
    let text = imp.draft.to_toml();
    snapshot("k8s_constructs.toml", &text);
    let era = load_clean(&text);
    let it = |id: &str| &era.items[id];
    // Namespaces: named, and `default` for objects without one; the recursive walk found
    // nested/ops.yml.
    assert_eq!(it("ops").kind, Kind::Namespace);
    assert_eq!(it("debug").parent.as_ref().unwrap().id, "default");
    // A StatefulSet running postgres is a PostgreSQL store; its claim template is its volume.
    assert_eq!(it("db").kind, Kind::Postgresql);
    assert_eq!(it("db").str("version"), Some("16.2"));
    assert_eq!(
        it("db").str("volume"),
        Some("pvc/pgdata (20Gi, per replica)")
    );
    assert_eq!(it("db-service").str("type"), Some("Headless"));
    assert_eq!(it("redis").str("type"), Some("ExternalName"));
    // `kind: List` items; resources summed over containers; UDP ports; PVC with its size.
    let api = it("api");
    assert_eq!(api.kind, Kind::Deployment);
    assert_eq!(api.replicas(), 3);
    assert_eq!(api.cpu("cpu-request"), Some(300));
    assert_eq!(api.memory("memory-request"), Some(576 << 20));
    assert_eq!(api.list("ports"), ["3000", "9394/udp"]);
    assert_eq!(api.str("volume"), Some("pvc/uploads (5Gi)"));
    assert_eq!(api.list("env-from"), ["api-keys", "flags", "api-settings"]);
    // Probes naming other Services.
    assert_eq!(api.list("liveness-depends-on"), ["db-service"]);
    assert_eq!(api.list("readiness-depends-on"), ["redis"]);
    // DaemonSet, Job, Pod, CronJob with a store image stays a CronJob.
    assert_eq!(it("log-agent").kind, Kind::DaemonSet);
    assert_eq!(it("log-agent").str("volume"), Some("hostPath /var/log"));
    assert_eq!(it("migrate").kind, Kind::Job);
    assert_eq!(it("migrate").int("backoff-limit"), Some(3));
    assert_eq!(it("debug").kind, Kind::Pod);
    assert_eq!(it("report").kind, Kind::CronJob);
    assert_eq!(it("report").str("timezone"), Some("Asia/Tokyo"));
    // Ingress: host, class, TLS, routes to its Service with the path as label.
    let ing = it("shop-ingress");
    assert_eq!(
        (ing.str("host"), ing.str("class"), ing.flag("tls")),
        (Some("shop.example.com"), Some("nginx"), Some(true))
    );
    let link = |f: &str, t: &str| {
        era.links
            .iter()
            .find(|l| l.from.id == f && l.to.id == t)
            .unwrap_or_else(|| panic!("no link {f} -> {t}"))
    };
    assert_eq!(
        link("shop-ingress", "api-service").label.as_deref(),
        Some("shop.example.com/api")
    );
    assert_eq!(
        link("api-service", "api").kind,
        zukai::model::LinkKind::Routes
    );
    // Env values naming Services: a cluster DNS name in a URL, and `host:port`.
    let db = link("api", "db-service");
    assert!(db.inferred());
    assert_eq!(db.attrs["port"].value, Value::Int(5432));
    assert!(link("api", "redis").inferred());
    // A value naming nothing known makes no link.
    assert_eq!(era.links.iter().filter(|l| l.from.id == "api").count(), 2);
}

#[test]
fn cli_takes_directories_and_writes_warnings_to_stderr() {
    let o = zukai(
        &[
            "import",
            "k8s",
            "asteroidon",
            "--cluster",
            "microk8s",
            "--name",
            "k8s",
            "--title",
            "Asteroidon on Kubernetes",
        ],
        &fixture("k8s"),
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout.starts_with("#:schema ../schema/inventory.schema.json\n"));
    let era = load_clean(&stdout);
    assert_eq!(era.title, "Asteroidon on Kubernetes");
    assert!(
        stdout.contains("# asteroidon/web.yaml:1 (Deployment web)\n[items.web]"),
        "{stdout}"
    );

    let o = zukai(&["import", "k8s", "constructs"], &fixture("k8s"));
    assert_eq!(o.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("warning[unknown-kind]"), "{stderr}");

    // What `-o` writes passes `zukai check` as a user runs it.
    let dir = std::env::temp_dir().join(format!("zukai-import-k8s-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("k8s.toml");
    let o = zukai(
        &["import", "k8s", "constructs", "-o", out.to_str().unwrap()],
        &fixture("k8s"),
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty(), "-o writes the file, not stdout");
    let o = zukai(&["check", out.to_str().unwrap()], &dir);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
