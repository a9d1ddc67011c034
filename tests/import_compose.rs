//! `zukai import compose`: every compose construct, checked through the generated TOML.

mod import_common;

use import_common::{fixture, inputs, load_clean, snapshot, zukai};
use zukai::import::compose::{ComposeOptions, import};
use zukai::import::interpolate::{Env, parse_env_file};
use zukai::model::{Kind, Value};

fn mastodon() -> zukai::import::Import {
    let files = [fixture("compose/mastodon/docker-compose.yml")];
    import(
        &inputs("compose/mastodon", &files),
        &ComposeOptions {
            project: Some("mastodon".into()),
            base_dir: Some(fixture("compose/mastodon")),
            ..ComposeOptions::default()
        },
    )
}

fn constructs(env: Env) -> zukai::import::Import {
    let files = [
        fixture("compose/constructs/docker-compose.yml"),
        fixture("compose/constructs/docker-compose.override.yml"),
    ];
    import(
        &inputs("compose/constructs", &files),
        &ComposeOptions {
            name: Some("shop-compose".into()),
            title: Some("Shop on Docker Compose".into()),
            env,
            base_dir: Some(fixture("compose/constructs")),
            ..ComposeOptions::default()
        },
    )
}

#[test]
fn mastodon_compose_becomes_a_project_with_stores_and_links() {
    let imp = mastodon();
    assert!(imp.diagnostics.is_empty(), "{:?}", imp.diagnostics);
    let text = imp.draft.to_toml();
    snapshot("compose_mastodon.toml", &text);
    let era = load_clean(&text);
    assert_eq!(era.name, "mastodon");
    let kinds: Vec<(&str, Kind)> = era
        .items
        .values()
        .map(|i| (i.id.as_str(), i.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("mastodon", Kind::Project),
            ("db", Kind::Postgresql),
            ("redis", Kind::Redis),
            ("es", Kind::Elasticsearch),
            ("web", Kind::ComposeService),
            ("streaming", Kind::ComposeService),
            ("sidekiq", Kind::ComposeService),
        ]
    );
    assert!(
        era.items
            .values()
            .skip(1)
            .all(|i| i.parent.as_ref().unwrap().id == "mastodon")
    );
    assert_eq!(era.items["db"].str("version"), Some("14-alpine"));
    assert_eq!(
        era.items["db"].str("healthcheck"),
        Some("pg_isready -U postgres")
    );
    assert_eq!(
        era.items["db"].str("volume"),
        Some("./postgres14:/var/lib/postgresql/data")
    );
    assert_eq!(era.items["web"].list("ports"), ["127.0.0.1:3000:3000"]);
    let web_desc = era.items["web"].attrs["description"].value.display();
    assert!(
        web_desc.contains("internal_network (internal"),
        "{web_desc}"
    );
    let links: Vec<(String, String)> = era
        .links
        .iter()
        .map(|l| (l.from.id.clone(), l.to.id.clone()))
        .collect();
    assert_eq!(links.len(), 9);
    assert_eq!(links[0], ("web".into(), "db".into()));
    // .env.production names es: an inferred link, so es is no orphan.
    let es = era.links.iter().find(|l| l.to.id == "es").unwrap();
    assert!(es.inferred());
    assert!(
        !era.links
            .iter()
            .filter(|l| l.to.id == "db")
            .any(|l| l.inferred())
    );
    assert!(!text.contains("placeholder"), "no env value is written");
    // Comments say where each item came from.
    assert!(
        text.contains("# docker-compose.yml:53\n[items.web]"),
        "{text}"
    );
}

#[test]
fn every_compose_construct_maps_to_the_inventory() {
    let env = Env::from_pairs(
        parse_env_file(&std::fs::read_to_string(fixture("compose/constructs/env.test")).unwrap())
            .unwrap(),
    );
    let imp = constructs(env);
    let codes: Vec<&str> = imp.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["env-file", "env-file", "unknown-service"]);
    // The anchor's `env_file: .env` does not exist beside the fixture: said, per service.
    assert!(
        imp.diagnostics[0]
            .message
            .starts_with("cannot read env_file `.env` of `api`")
    );
    let text = imp.draft.to_toml();
    snapshot("compose_constructs.toml", &text);
    let era = load_clean(&text);
    assert_eq!(
        (era.name.as_str(), era.title.as_str()),
        ("shop-compose", "Shop on Docker Compose")
    );
    let it = |id: &str| &era.items[id];

    // Well-known images, with registry and tag stripped.
    assert_eq!(it("proxy").kind, Kind::Proxy);
    assert_eq!(it("proxy").str("software"), Some("nginx"));
    assert_eq!(it("db").kind, Kind::Mysql);
    assert_eq!(it("db").str("flavor"), Some("mariadb"));
    assert_eq!(it("cache").kind, Kind::Redis);
    assert_eq!(it("files").kind, Kind::ObjectStorage);
    assert_eq!(it("search").kind, Kind::Elasticsearch);
    assert_eq!(it("docs").str("flavor"), Some("mongodb"));
    assert_eq!(it("memcache").kind, Kind::Store);

    // Anchors and `<<` merge, interpolation with defaults and the env file, `$$`.
    assert_eq!(
        it("api").str("image"),
        Some("registry.example.com/shop/app:2.5.1")
    );
    assert_eq!(it("worker").str("restart"), Some("unless-stopped"));
    assert!(!text.contains("x-owner") && !text.contains("team-a"));
    // Override file: command replaced, replicas replaced, ports appended, service added.
    assert_eq!(it("api").str("command"), Some("bin/rails server"));
    assert_eq!(it("api").replicas(), 2);
    assert_eq!(it("api").list("ports"), ["3000:3000"]);
    assert_eq!(it("admin").kind, Kind::ComposeService);
    assert!(text.contains(
        "# docker-compose.yml:27, overridden in docker-compose.override.yml:3\n[items.api]"
    ));
    // Ports long form, volumes long form (tmpfs and anonymous volumes are not persistence),
    // read-only config mounts are not persistence either.
    assert_eq!(it("proxy").list("ports"), ["80:80", "0.0.0.0:8443:443"]);
    assert_eq!(it("proxy").get("volume"), None);
    assert_eq!(it("db").str("volume"), Some("db-data:/var/lib/mysql"));
    assert_eq!(it("cache").str("volume"), Some("cache-data:/data"));
    assert_eq!(it("files").str("volume"), Some("./files:/data"));
    // scale, profiles, healthcheck forms.
    assert_eq!(it("search").replicas(), 2);
    assert_eq!(it("search").list("profiles"), ["search", "full"]);
    assert_eq!(
        it("api").str("healthcheck"),
        Some("curl -f http://localhost:3000/health")
    );
    assert_eq!(it("worker").get("healthcheck"), None);
    assert_eq!(
        it("db").str("healthcheck"),
        Some("healthcheck.sh --connect")
    );
    // Sidekiq queues, each declared with the only Redis as broker.
    assert_eq!(it("worker").list("queues"), ["default", "mailers", "push"]);
    assert_eq!(era.queues["mailers"].broker.as_ref().unwrap().id, "cache");

    // Links: depends_on map with conditions, list merged with map, links with alias,
    // environment values inferred.
    let link = |f: &str, t: &str| {
        era.links
            .iter()
            .find(|l| l.from.id == f && l.to.id == t)
            .unwrap_or_else(|| panic!("no link {f} -> {t}"))
    };
    let desc = |f: &str, t: &str| link(f, t).attrs["description"].value.display();
    assert!(desc("api", "db").contains("condition: service_healthy, restart: true"));
    assert!(
        !link("api", "db").inferred(),
        "declared by depends_on as well"
    );
    assert_eq!(link("api", "db").attrs["port"].value, Value::Int(5432));
    assert!(link("api", "memcache").inferred());
    assert!(desc("worker", "db").contains("service_healthy"));
    assert_eq!(desc("proxy", "api"), "links (as `backend`)");
    assert!(
        !era.links
            .iter()
            .any(|l| l.from.id == "api" && l.to.id == "search")
    );
    // The unknown depends_on target is a warning, not a broken link.
    assert!(!era.links.iter().any(|l| l.from.id == "sql"));
}

#[test]
fn unset_variables_are_named_in_one_warning_and_become_empty() {
    let imp = constructs(Env::default());
    let w: Vec<&str> = imp
        .diagnostics
        .iter()
        .filter(|d| d.code == "unset-variable")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(w, ["unset variable `DB_NAME` interpolated as empty"]);
    // `${TAG:-1.0}` has a default, so it is not empty; `${REGISTRY-...}` neither.
    let text = imp.draft.to_toml();
    assert!(text.contains("registry.example.com/shop/app:1.0"), "{text}");
}

#[test]
fn a_required_variable_that_is_unset_is_an_error_with_its_place() {
    let imp = import(
        &[zukai::import::Input {
            name: "c.yml".into(),
            text: "services:\n  a:\n    image: \"x:${TAG:?set TAG first}\"\n".into(),
        }],
        &ComposeOptions::default(),
    );
    assert!(imp.has_errors());
    let d = &imp.diagnostics[0];
    assert!(d.message.contains("set TAG first"), "{}", d.message);
    let (file, line, _) = zukai::diag::render::location(&imp.sources, d.span.as_ref().unwrap());
    assert_eq!((file.as_str(), line), ("c.yml", 3));
}

#[test]
fn cli_reads_env_files_writes_atomically_and_exits_zero_with_warnings() {
    let dir = fixture("compose/constructs");
    let tmp = std::env::temp_dir().join(format!("zukai-import-compose-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let out = tmp.join("shop.toml");
    let o = zukai(
        &[
            "import",
            "compose",
            "docker-compose.yml",
            "docker-compose.override.yml",
            "--env-file",
            "env.test",
            "--name",
            "shop-compose",
            "-o",
            out.to_str().unwrap(),
        ],
        &dir,
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("warning[unknown-service]"), "{stderr}");
    assert!(stderr.contains("docker-compose.yml:107:9"), "{stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("# Imported by `zukai import compose docker-compose.yml docker-compose.override.yml --env-file env.test --name shop-compose -o"));
    let era = load_clean(&text);
    assert_eq!(
        era.items["api"].str("image"),
        Some("registry.example.com/shop/app:2.5.1")
    );
    std::fs::remove_dir_all(&tmp).unwrap();

    // Usage and I/O errors exit 2.
    let o = zukai(&["import", "compose", "missing.yml"], &dir);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.yml"));
    let o = zukai(&["import", "compose"], &dir);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn same_input_gives_byte_identical_output() {
    assert_eq!(mastodon().draft.to_toml(), mastodon().draft.to_toml());
}

#[test]
fn the_process_environment_is_read_only_with_env() {
    let dir = fixture("compose/constructs");
    let run = |extra: &[&str]| {
        let mut args = vec!["import", "compose", "docker-compose.yml"];
        args.extend_from_slice(extra);
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_zukai"))
            .args(&args)
            .current_dir(&dir)
            .env("TAG", "9.9")
            .env("DB_NAME", "x")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0));
        (
            String::from_utf8(o.stdout).unwrap(),
            String::from_utf8(o.stderr).unwrap(),
        )
    };
    let (out, err) = run(&[]);
    assert!(out.contains("registry.example.com/shop/app:1.0"), "{out}");
    assert!(err.contains("unset variable `DB_NAME`"), "{err}");
    let (out, err) = run(&["--env"]);
    assert!(out.contains("registry.example.com/shop/app:9.9"), "{out}");
    assert!(!err.contains("unset variable"), "{err}");
    // --env wins over --env-file, as the shell wins over .env in compose.
    let (out, _) = run(&["--env-file", "env.test", "--env"]);
    assert!(out.contains("app:9.9"));
}
