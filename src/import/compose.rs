//! `zukai import compose`: docker-compose files → one era with a compose project.
//!
//! What maps to what:
//! - the project (`name:`, `--name`, or the directory of the first file) → `kind = "project"`;
//! - each service → `compose-service` in the project, or the store or proxy kind its image
//!   is known as (`postgres` → `postgresql`, `nginx` → `proxy`...);
//! - `image`, `command` (string or list), `deploy.replicas` / `scale`, `ports` (short and
//!   long form), writable `volumes` (named volumes and bind mounts, short and long form),
//!   `healthcheck`, `restart`, `profiles` → the attributes of the same name; Sidekiq `-q`
//!   arguments → `queues` (and a `[queues.NAME]` entry each);
//! - `depends_on` (list or map; conditions kept in the link description) and `links` →
//!   `uses` links; `environment` and `env_file` values naming another service (`db`,
//!   `redis:6379`, `postgres://db/x`) → `uses` links marked `inferred` (only the names are
//!   used; no value, secret or not, is written);
//! - networks → the service description (an `internal: true` network is called internal).
//!
//! Several files are merged in order like `docker compose -f a -f b`: mappings merge key by
//! key, sequences append (volumes merge by target path), scalars and `command`,
//! `entrypoint` and `healthcheck.test` are replaced.

use super::interpolate::{Env, interpolate};
use super::writer::{Draft, DraftLink, Val};
use super::yaml::{self, Loc, Node, Value};
use super::{Import, Input, join_words, known_image, names_in_value, sidekiq_queues, split_words};
use crate::diag::Diagnostic;
use crate::model::{Kind, LinkKind};
use crate::source::{SourceFile, Sources};
use std::collections::BTreeSet;

/// Settings of a compose import.
#[derive(Debug, Clone, Default)]
pub struct ComposeOptions {
    /// Era name; default: the project name.
    pub name: Option<String>,
    /// Era title; default: "PROJECT (Docker Compose)".
    pub title: Option<String>,
    /// Project name when the files do not say (`name:`); default: the directory of the
    /// first file, else "compose".
    pub project: Option<String>,
    /// Variables for `${VAR}` interpolation; the shell environment is not read unless the
    /// caller puts it here.
    pub env: Env,
    /// Directory that services' `env_file` paths are relative to (the project directory).
    /// Default: none, and env files are not read. When set, their values are searched for
    /// service names like `environment` values are (only names are used; no value is
    /// written to the inventory).
    pub base_dir: Option<std::path::PathBuf>,
}

/// Imports compose files (merged in order) into one era.
pub fn import(inputs: &[Input], opts: &ComposeOptions) -> Import {
    let mut sources = Sources::new();
    let mut diags = Vec::new();
    let mut unset: BTreeSet<String> = BTreeSet::new();
    let mut unset_at: Option<Loc> = None;
    // (file name, root) of every file that parsed.
    let mut roots: Vec<(usize, Node)> = Vec::new();
    for input in inputs {
        let file = sources.add(SourceFile::new(&input.name, input.text.as_str()));
        let src = sources.get(file);
        let docs = match yaml::parse_stream(src, file) {
            Ok(d) => d,
            Err(d) => {
                diags.push(*d);
                continue;
            }
        };
        let mut docs = docs.into_iter();
        let Some(mut root) = docs.next() else {
            diags.push(
                Diagnostic::warning(
                    "empty-input",
                    crate::source::Span::new(file, 0..0),
                    format!("{} is empty", input.name),
                )
                .with_hint("a compose file has a top-level `services:` mapping"),
            );
            continue;
        };
        if let Some(extra) = docs.next() {
            diags.push(Diagnostic::warning(
                "multiple-documents",
                yaml::span_of(src, extra.loc),
                "a compose file holds one YAML document; the ones after the first are ignored",
            ));
        }
        if !matches!(root.value, Value::Map(_)) {
            diags.push(
                Diagnostic::error(
                    "compose",
                    yaml::span_of(src, root.loc),
                    "a compose file must be a mapping with `services:`",
                )
                .with_hint("is this a Kubernetes manifest? use `zukai import k8s`"),
            );
            continue;
        }
        strip_extensions(&mut root);
        let mut errors = Vec::new();
        root.map_strings(&mut |s, loc| {
            let before = unset.len();
            match interpolate(s, &opts.env, &mut unset) {
                Ok(v) => *s = v,
                Err(e) => errors.push((loc, e)),
            }
            if unset.len() > before && unset_at.is_none() {
                unset_at = Some(loc);
            }
        });
        for (loc, e) in errors {
            let hint = if e.starts_with("required variable") {
                "give the variable with `--env-file FILE` or `--env`"
            } else {
                "write `$$` for a literal `$`; variables are `${NAME}`, `${NAME:-default}`..."
            };
            diags.push(
                Diagnostic::error("interpolation", yaml::span_of(src, loc), e).with_hint(hint),
            );
        }
        normalize(&mut root);
        roots.push((file, root));
    }
    if !unset.is_empty() {
        let names: Vec<String> = unset.iter().map(|n| format!("`{n}`")).collect();
        let span = unset_at.map(|l| yaml::span_of(sources.get(l.file), l));
        diags.push(
            Diagnostic::warning(
                "unset-variable",
                span,
                format!(
                    "unset variable{} {} interpolated as empty",
                    if names.len() == 1 { "" } else { "s" },
                    names.join(", ")
                ),
            )
            .with_hint(
                "the shell environment is not read, so the output is the same everywhere; \
                 pass `--env-file .env` (or `--env` to read the environment)",
            ),
        );
    }

    let mut draft = Draft::default();
    if roots.is_empty() {
        crate::diag::sort(&mut diags);
        return Import {
            draft,
            sources,
            diagnostics: diags,
        };
    }

    // Where each service is declared, per file, before the trees are merged.
    let mut origins: Vec<(String, Vec<String>)> = Vec::new();
    for (file, root) in &roots {
        let name = &sources.get(*file).name;
        for (svc, kl, _) in root.get("services").map(Node::entries).unwrap_or(&[]) {
            let at = format!("{name}:{}", kl.line);
            match origins.iter_mut().find(|(s, _)| s == svc) {
                Some((_, v)) => v.push(at),
                None => origins.push((svc.clone(), vec![at])),
            }
        }
    }
    let mut merged_iter = roots.into_iter();
    let (first_file, mut merged) = merged_iter.next().expect("not empty");
    for (_, r) in merged_iter {
        merge(&mut merged, r, &[]);
    }
    let src_name = |f: usize| sources.get(f).name.clone();

    let project_name = merged
        .get("name")
        .and_then(Node::text)
        .or_else(|| opts.project.clone())
        .unwrap_or_else(|| "compose".to_string());
    let files: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
    draft.name = opts.name.clone().unwrap_or_else(|| project_name.clone());
    draft.title = opts
        .title
        .clone()
        .unwrap_or_else(|| format!("{project_name} (Docker Compose)"));
    draft.header = vec![
        format!("Imported by `zukai import compose {}`.", files.join(" ")),
        "Curate freely: rename ids, add labels, machines and links the compose file cannot know."
            .to_string(),
    ];
    let project = draft.add_item(&project_name, Kind::Project, files.join(", "));
    draft
        .item_mut(&project)
        .expect("added")
        .set("file", Val::Str(src_name(first_file)));

    let Some(services) = merged.get("services") else {
        diags.push(
            Diagnostic::error(
                "compose",
                yaml::span_of(sources.get(first_file), merged.loc),
                "the compose file has no `services:`",
            )
            .with_hint("a compose file lists its containers under `services:`"),
        );
        crate::diag::sort(&mut diags);
        return Import {
            draft,
            sources,
            diagnostics: diags,
        };
    };

    if !matches!(services.value, Value::Map(_)) {
        diags.push(
            Diagnostic::error(
                "compose",
                yaml::span_of(sources.get(services.loc.file), services.loc),
                "`services:` must be a mapping of service names to their settings",
            )
            .with_hint("write each service as `name:` with its settings indented below it"),
        );
    }

    // Networks: which are internal, for descriptions.
    let internal: Vec<String> = merged
        .get("networks")
        .map(Node::entries)
        .unwrap_or(&[])
        .iter()
        .filter(|(_, _, n)| n.get("internal").and_then(Node::bool) == Some(true))
        .map(|(k, _, _)| k.clone())
        .collect();

    // Services first, so links can name any of them.
    let mut ids: Vec<(String, String)> = Vec::new();
    for (svc, _, body) in services.entries() {
        let image = body.get("image").and_then(Node::text);
        let known = image.as_deref().and_then(known_image);
        let kind = known.as_ref().map_or(Kind::ComposeService, |k| k.kind);
        let origin = origins
            .iter()
            .find(|(s, _)| s == svc)
            .map(|(_, v)| v.join(", overridden in "))
            .unwrap_or_default();
        let id = draft.add_item(svc, kind, origin);
        ids.push((svc.clone(), id.clone()));
        let item = draft.item_mut(&id).expect("added");
        item.parent = Some(project.clone());
        if kind != Kind::ComposeService {
            item.describe(&format!("Compose service `{svc}`."));
        }
        if let Some(k) = &known {
            if kind == Kind::Proxy {
                item.set("software", Val::Str(k.software.to_string()));
            } else {
                if k.software != kind.name() {
                    item.set("flavor", Val::Str(k.software.to_string()));
                }
                if let Some(v) = &k.version {
                    item.set("version", Val::Str(v.clone()));
                }
            }
        }
        if let Some(i) = &image {
            item.set("image", Val::Str(i.clone()));
        } else if let Some(b) = body.get("build") {
            let ctx = b.text().or_else(|| b.get("context").and_then(Node::text));
            item.describe(&format!(
                "Built from `{}`.",
                ctx.unwrap_or_else(|| ".".to_string())
            ));
        }
        let words = body.get("command").map(command_words).unwrap_or_default();
        if !words.is_empty() {
            item.set("command", Val::Str(join_words(&words)));
        }
        let replicas = body
            .path(&["deploy", "replicas"])
            .or_else(|| body.get("scale"))
            .and_then(Node::uint);
        if let Some(r) = replicas {
            item.set("replicas", Val::Int(r));
        }
        let ports = body.get("ports").map(ports_of).unwrap_or_default();
        if !ports.is_empty() {
            item.set("ports", Val::List(ports));
        }
        let volumes = body.get("volumes").map(volumes_of).unwrap_or_default();
        if !volumes.is_empty() {
            item.set("volume", Val::Str(volumes.join(", ")));
        }
        if let Some(h) = body.get("healthcheck").and_then(healthcheck_of) {
            item.set("healthcheck", Val::Str(h));
        }
        if let Some(r) = body.get("restart").and_then(Node::text) {
            item.set("restart", Val::Str(r));
        }
        let profiles = body.get("profiles").map(Node::strings).unwrap_or_default();
        if !profiles.is_empty() {
            item.set("profiles", Val::List(profiles));
        }
        let queues = sidekiq_queues(&words);
        if !queues.is_empty() {
            item.set("queues", Val::List(queues.clone()));
        }
        let nets: Vec<String> = body
            .get("networks")
            .map(|n| n.entries().iter().map(|(k, _, _)| k.clone()).collect())
            .unwrap_or_default();
        if !nets.is_empty() {
            let shown: Vec<String> = nets
                .iter()
                .map(|n| {
                    if internal.contains(n) {
                        format!("{n} (internal: no access from outside)")
                    } else {
                        n.clone()
                    }
                })
                .collect();
            item.describe(&format!(
                "Network{}: {}.",
                if nets.len() == 1 { "" } else { "s" },
                shown.join(", ")
            ));
        }
        for q in queues {
            draft.queue(&q, super::queue_description(&id, &q));
        }
    }
    // A queue's broker is known when the project has exactly one Redis.
    let redis: Vec<&str> = draft
        .items
        .iter()
        .filter(|i| i.kind == Kind::Redis)
        .map(|i| i.id.as_str())
        .collect();
    if let [only] = redis[..] {
        let only = only.to_string();
        for q in &mut draft.queues {
            q.broker = Some(only.clone());
        }
    }

    // Links, in service order: depends_on, links, then what the environment names.
    let id_of = |name: &str| ids.iter().find(|(s, _)| s == name).map(|(_, i)| i.clone());
    for (svc, _, body) in services.entries() {
        let from = id_of(svc).expect("every service has an id");
        let src = |loc: Loc| sources.get(loc.file);
        for (target, kl, cond) in body.get("depends_on").map(Node::entries).unwrap_or(&[]) {
            let Some(to) = id_of(target) else {
                diags.push(unknown_service(src(*kl), *kl, target, "depends_on", &ids));
                continue;
            };
            let mut parts = Vec::new();
            if let Some(c) = cond.get("condition").and_then(Node::text) {
                parts.push(format!("condition: {c}"));
            }
            if cond.get("required").and_then(Node::bool) == Some(false) {
                parts.push("required: false".to_string());
            }
            if cond.get("restart").and_then(Node::bool) == Some(true) {
                parts.push("restart: true".to_string());
            }
            let description = if parts.is_empty() {
                "depends_on".to_string()
            } else {
                format!("depends_on ({})", parts.join(", "))
            };
            draft.link(DraftLink {
                from: from.clone(),
                to,
                kind: LinkKind::Uses,
                label: None,
                port: None,
                inferred: false,
                description: Some(description),
            });
        }
        for l in body.get("links").map(Node::items).unwrap_or(&[]) {
            let Some(text) = l.text() else { continue };
            let (target, alias) = text.split_once(':').unwrap_or((&text, ""));
            let Some(to) = id_of(target) else {
                diags.push(unknown_service(src(l.loc), l.loc, target, "links", &ids));
                continue;
            };
            draft.link(DraftLink {
                from: from.clone(),
                to,
                kind: LinkKind::Uses,
                label: None,
                port: None,
                inferred: false,
                description: Some(if alias.is_empty() {
                    "links".to_string()
                } else {
                    format!("links (as `{alias}`)")
                }),
            });
        }
        // Values that may name other services: env files first, then `environment`, which
        // overrides them in compose.
        let mut values: Vec<(String, String)> = Vec::new();
        if let Some(dir) = &opts.base_dir {
            for (f, required) in env_files(body) {
                let Some(path) = f.text() else { continue };
                let read = crate::source::read_file(&dir.join(&path))
                    .map_err(|e| e.to_string())
                    .and_then(|t| {
                        super::interpolate::parse_env_file(&t)
                            .map_err(|(line, m)| format!("line {line}: {m}"))
                    });
                match read {
                    Ok(pairs) => values.extend(
                        pairs
                            .into_iter()
                            .map(|(k, v)| (format!("env_file `{path}` `{k}`"), v)),
                    ),
                    Err(_) if !required => {}
                    Err(e) => diags.push(
                        Diagnostic::warning(
                            "env-file",
                            yaml::span_of(src(f.loc), f.loc),
                            format!("cannot read env_file `{path}` of `{svc}`: {e}"),
                        )
                        .with_hint("the services it names are not linked; add those links by hand"),
                    ),
                }
            }
        }
        for (var, _, v) in body.get("environment").map(Node::entries).unwrap_or(&[]) {
            if let Some(text) = v.text() {
                values.push((format!("environment `{var}`"), text));
            }
        }
        let is_name = |n: &str| id_of(n).is_some();
        for (why, text) in values {
            for r in names_in_value(&text, None, &is_name) {
                draft.link(DraftLink {
                    from: from.clone(),
                    to: id_of(&r.name).expect("is_name"),
                    kind: LinkKind::Uses,
                    label: None,
                    port: r.port,
                    inferred: true,
                    description: Some(format!("{why} names `{}`", r.name)),
                });
            }
        }
    }
    for (svc, kl, body) in services.entries() {
        if body.get("extends").is_some() {
            diags.push(Diagnostic::warning(
                "compose-extends",
                yaml::span_of(sources.get(kl.file), *kl),
                format!("service `{svc}` uses `extends`, which the import does not follow"),
            ));
        }
    }
    crate::diag::sort(&mut diags);
    Import {
        draft,
        sources,
        diagnostics: diags,
    }
}

fn unknown_service(
    src: &SourceFile,
    loc: Loc,
    target: &str,
    key: &str,
    ids: &[(String, String)],
) -> Diagnostic {
    Diagnostic::warning(
        "unknown-service",
        yaml::span_of(src, loc),
        format!("`{key}` names service `{target}`, which no file defines; no link made"),
    )
    .with_hint_opt(crate::diag::did_you_mean(
        target,
        ids.iter().map(|(s, _)| s.as_str()),
    ))
}

/// The `env_file` entries of a service with whether each is required: a path, a list of
/// paths, or a list of `{path, required}`.
fn env_files(body: &Node) -> Vec<(Node, bool)> {
    let Some(e) = body.get("env_file") else {
        return Vec::new();
    };
    let one = |n: &Node| match &n.value {
        Value::Map(_) => n.get("path").map(|p| {
            (
                p.clone(),
                n.get("required").and_then(Node::bool) != Some(false),
            )
        }),
        _ => Some((n.clone(), true)),
    };
    match &e.value {
        Value::Seq(list) => list.iter().filter_map(one).collect(),
        _ => one(e).into_iter().collect(),
    }
}

/// Drops `x-` extension fields at the top level and in services: they hold anchors' bodies
/// and tool settings, not containers.
fn strip_extensions(root: &mut Node) {
    if let Value::Map(m) = &mut root.value {
        m.retain(|(k, _, _)| !k.starts_with("x-"));
        for (k, _, v) in m.iter_mut() {
            if k == "services"
                && let Value::Map(svcs) = &mut v.value
            {
                for (_, _, s) in svcs.iter_mut() {
                    if let Value::Map(sm) = &mut s.value {
                        sm.retain(|(k, _, _)| !k.starts_with("x-"));
                    }
                }
            }
        }
    }
}

/// Brings list forms to map forms so files merge key by key: `depends_on: [db]` becomes
/// `{db: {}}`, `environment: ["A=1"]` becomes `{A: "1"}`, service `networks: [a]` becomes
/// `{a: null}`.
fn normalize(root: &mut Node) {
    let Some(Value::Map(svcs)) = root_services(root) else {
        return;
    };
    for (_, _, s) in svcs.iter_mut() {
        let Value::Map(sm) = &mut s.value else {
            continue;
        };
        for (k, _, v) in sm.iter_mut() {
            let Value::Seq(list) = &v.value else { continue };
            let as_map = match k.as_str() {
                "depends_on" | "networks" => list
                    .iter()
                    .filter_map(|n| {
                        n.text().map(|t| {
                            let value = if k == "depends_on" {
                                Value::Map(Vec::new())
                            } else {
                                Value::Null
                            };
                            (t, n.loc, Node { value, loc: n.loc })
                        })
                    })
                    .collect(),
                "environment" | "labels" => list
                    .iter()
                    .filter_map(|n| {
                        let t = n.text()?;
                        let (a, b) = match t.split_once('=') {
                            Some((a, b)) => (a.to_string(), Value::Str(b.to_string())),
                            None => (t, Value::Null),
                        };
                        Some((
                            a,
                            n.loc,
                            Node {
                                value: b,
                                loc: n.loc,
                            },
                        ))
                    })
                    .collect(),
                _ => continue,
            };
            v.value = Value::Map(as_map);
        }
    }
}

fn root_services(root: &mut Node) -> Option<&mut Value> {
    match &mut root.value {
        Value::Map(m) => m
            .iter_mut()
            .find(|(k, _, _)| k == "services")
            .map(|(_, _, v)| &mut v.value),
        _ => None,
    }
}

/// Compose's merge of `-f a -f b`: mappings merge, sequences append (without repeats;
/// volumes by target path), scalars and command-like sequences are replaced.
fn merge(base: &mut Node, over: Node, path: &[&str]) {
    match (&mut base.value, over.value) {
        (Value::Map(b), Value::Map(o)) => {
            for (k, kl, v) in o {
                match b.iter_mut().find(|(bk, _, _)| *bk == k) {
                    Some((_, _, bv)) => {
                        let mut p = path.to_vec();
                        p.push(&k);
                        merge(bv, v, &p);
                    }
                    None => b.push((k, kl, v)),
                }
            }
        }
        (Value::Seq(b), Value::Seq(o)) => {
            let key = path.last().copied().unwrap_or("");
            let replaced = matches!(key, "command" | "entrypoint")
                || (key == "test" && path.get(path.len().wrapping_sub(2)) == Some(&"healthcheck"));
            if replaced {
                *b = o;
            } else if key == "volumes" && path.len() == 3 {
                for v in o {
                    let t = volume_target(&v);
                    match b.iter_mut().find(|x| t.is_some() && volume_target(x) == t) {
                        Some(x) => *x = v,
                        None => b.push(v),
                    }
                }
            } else {
                for v in o {
                    if !b.iter().any(|x| x.value == v.value) {
                        b.push(v);
                    }
                }
            }
        }
        (_, v) => base.value = v,
    }
}

fn volume_target(v: &Node) -> Option<String> {
    match v.text() {
        Some(t) => {
            let parts: Vec<&str> = t.split(':').collect();
            Some(if parts.len() >= 2 { parts[1] } else { parts[0] }.to_string())
        }
        None => v.get("target").and_then(Node::text),
    }
}

/// `command:` as words: a string is split like a shell would, a list is taken as is.
fn command_words(n: &Node) -> Vec<String> {
    match &n.value {
        Value::Seq(_) => n.strings(),
        _ => n.text().map(|t| split_words(&t)).unwrap_or_default(),
    }
}

/// Ports, short form kept as written (`"8080:80"`, `"127.0.0.1:3000:3000"`), long form
/// written the same way (`published:target/protocol`).
fn ports_of(n: &Node) -> Vec<String> {
    n.items()
        .iter()
        .filter_map(|p| match &p.value {
            Value::Map(_) => {
                let target = p.get("target").and_then(Node::text)?;
                let mut s = String::new();
                if let Some(ip) = p.get("host_ip").and_then(Node::text) {
                    s.push_str(&ip);
                    s.push(':');
                }
                if let Some(pubd) = p.get("published").and_then(Node::text) {
                    s.push_str(&pubd);
                    s.push(':');
                }
                s.push_str(&target);
                if let Some(proto) = p.get("protocol").and_then(Node::text)
                    && proto != "tcp"
                {
                    s.push('/');
                    s.push_str(&proto);
                }
                Some(s)
            }
            _ => p.text(),
        })
        .filter(|p| crate::model::value::parse_port(p).is_ok())
        .collect()
}

/// Mounts that keep data: named volumes and writable bind mounts, as `source:target`
/// (named volumes are sources without a path).
/// Read-only mounts (configuration files), anonymous volumes and tmpfs are not persistence.
fn volumes_of(n: &Node) -> Vec<String> {
    let mut out = Vec::new();
    for v in n.items() {
        let (source, target, ro, typ) = match &v.value {
            Value::Map(_) => (
                v.get("source").and_then(Node::text),
                v.get("target").and_then(Node::text).unwrap_or_default(),
                v.get("read_only").and_then(Node::bool) == Some(true),
                v.get("type").and_then(Node::text).unwrap_or_default(),
            ),
            _ => {
                let Some(t) = v.text() else { continue };
                let parts: Vec<&str> = t.split(':').collect();
                match parts.len() {
                    1 => (None, parts[0].to_string(), false, String::new()),
                    _ => (
                        Some(parts[0].to_string()),
                        parts[1].to_string(),
                        parts
                            .get(2)
                            .is_some_and(|m| m.split(',').any(|o| o == "ro")),
                        String::new(),
                    ),
                }
            }
        };
        let Some(source) = source else { continue };
        if ro || typ == "tmpfs" || typ == "npipe" {
            continue;
        }
        out.push(format!("{source}:{target}"));
    }
    out
}

/// The health check as one line: `pg_isready -U postgres`, or the shell line of
/// `CMD-SHELL`. `disable: true` and `["NONE"]` give none.
fn healthcheck_of(n: &Node) -> Option<String> {
    if n.get("disable").and_then(Node::bool) == Some(true) {
        return None;
    }
    let test = n.get("test")?;
    match &test.value {
        Value::Seq(_) => {
            let words = test.strings();
            match words.first().map(String::as_str) {
                Some("NONE") | None => None,
                Some("CMD-SHELL") => Some(words[1..].join(" ")),
                Some("CMD") => Some(join_words(&words[1..])),
                Some(_) => Some(join_words(&words)),
            }
        }
        _ => test.text(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Import {
        import(
            &[Input {
                name: "c.yml".into(),
                text: text.into(),
            }],
            &ComposeOptions::default(),
        )
    }

    #[test]
    fn services_that_are_not_a_mapping_are_an_error() {
        let imp = run("services:\n  - web\n");
        assert!(imp.has_errors());
        assert_eq!(imp.diagnostics[0].code, "compose");
        let imp = run("apiVersion: v1\nkind: Service\n");
        assert!(imp.diagnostics[0].message.contains("no `services:`"));
    }

    #[test]
    fn volumes_merge_by_target_and_ports_append() {
        let a = "services:\n  db:\n    image: postgres\n    ports: ['5432']\n    volumes: ['a:/data']\n";
        let b = "services:\n  db:\n    ports: ['5433:5432']\n    volumes: ['./b:/data']\n";
        let imp = import(
            &[
                Input {
                    name: "a.yml".into(),
                    text: a.into(),
                },
                Input {
                    name: "b.yml".into(),
                    text: b.into(),
                },
            ],
            &ComposeOptions::default(),
        );
        let db = imp.draft.item("db").unwrap();
        assert_eq!(db.get("volume"), Some(&Val::Str("./b:/data".into())));
        assert_eq!(
            db.get("ports"),
            Some(&Val::List(vec!["5432".into(), "5433:5432".into()]))
        );
        assert_eq!(db.origin, "a.yml:2, overridden in b.yml:2");
    }
}
