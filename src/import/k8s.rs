//! `zukai import k8s`: Kubernetes manifests → one era with a cluster and its namespaces.
//!
//! What maps to what:
//! - a cluster item (`--cluster`, default "cluster") holding a `namespace` item per
//!   namespace seen (objects without one are in `default`);
//! - Deployment, StatefulSet, DaemonSet, CronJob, Job, Pod → the kind of the same name in
//!   their namespace; a Deployment, StatefulSet, DaemonSet or Pod whose first container runs
//!   a well-known store or proxy image gets that kind instead (`postgres` → `postgresql`);
//! - containers → `image`, `command` (command and args), `ports`, resource requests and
//!   limits (summed over containers), liveness probe → `healthcheck`; a probe naming another
//!   Service → `liveness-depends-on` / `readiness-depends-on`; Sidekiq `-q` → `queues`;
//! - `envFrom`, `env[].valueFrom` and volumes from ConfigMaps and Secrets → `env-from`;
//!   PersistentVolumeClaims, claim templates and host paths a workload mounts → `volume`;
//! - CronJob `schedule`, `timeZone`, `concurrencyPolicy`, `startingDeadlineSeconds`,
//!   history limits, and the job's `backoffLimit` and `restartPolicy` → the CronJob keys;
//! - Service → `service` with `type` and `ports`; its selector is matched against pod
//!   template labels → `selects` and a `routes` link to each workload;
//! - Ingress → `ingress` with `host`, `class`, `tls`, and a `routes` link to each backend;
//! - env values (inline, or in a referenced ConfigMap) naming a Service, as a bare name,
//!   `host:port` or URL → `uses` links marked `inferred = true`.
//!
//! Kinds without a meaning here (RBAC, HPAs, CRDs...) are named in one warning.

use super::writer::{Draft, DraftLink, Val};
use super::yaml::{self, Loc, Node};
use super::{Import, Input, NameRef, join_words, known_image, names_in_value, sidekiq_queues};
use crate::diag::Diagnostic;
use crate::model::value::{Cpu, Memory, parse_cpu, parse_memory};
use crate::model::{Kind, LinkKind};
use crate::source::{SourceFile, Sources, Span};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Settings of a Kubernetes import.
#[derive(Debug, Clone)]
pub struct K8sOptions {
    /// Era name; default "k8s".
    pub name: Option<String>,
    /// Era title; default "CLUSTER (Kubernetes)".
    pub title: Option<String>,
    /// Id of the cluster item that holds the namespaces. Default: "cluster".
    pub cluster: String,
}

impl Default for K8sOptions {
    fn default() -> Self {
        K8sOptions {
            name: None,
            title: None,
            cluster: "cluster".to_string(),
        }
    }
}

/// The manifest files under `paths`: files as named (`-`, standard input, included),
/// directories searched recursively for `*.yaml` and `*.yml`, each directory's files sorted
/// by name so runs are deterministic.
pub fn manifest_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
        if depth > 32 {
            return Ok(());
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') {
                continue;
            }
            if p.is_dir() {
                walk(&p, out, depth + 1)?;
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            // Standard input, read by the caller.
            out.push(p.clone());
        } else if p.is_dir() {
            let before = out.len();
            walk(p, &mut out, 0)?;
            if out.len() == before {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!(
                        "{}: no *.yaml or *.yml files in this directory",
                        p.display()
                    ),
                ));
            }
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// One Kubernetes object as read.
struct Object {
    kind: String,
    name: String,
    namespace: String,
    node: Node,
    /// `file:line` of the object.
    origin: String,
    /// Id of the item made for it, if any.
    id: Option<String>,
}

const WORKLOADS: &[(&str, Kind)] = &[
    ("Deployment", Kind::Deployment),
    ("StatefulSet", Kind::StatefulSet),
    ("DaemonSet", Kind::DaemonSet),
    ("CronJob", Kind::CronJob),
    ("Job", Kind::Job),
    ("Pod", Kind::Pod),
];

/// Kinds read for what they tell about others, not drawn on their own.
const CONSUMED: &[&str] = &[
    "Namespace",
    "ConfigMap",
    "Secret",
    "PersistentVolumeClaim",
    "Service",
    "Ingress",
];

impl Object {
    /// The pod template spec and its labels.
    fn pod(&self) -> Option<(&Node, Option<&Node>)> {
        let tpl = match self.kind.as_str() {
            "Pod" => Some(&self.node),
            "CronJob" => self.node.path(&["spec", "jobTemplate", "spec", "template"]),
            _ => self.node.path(&["spec", "template"]),
        }?;
        Some((tpl.get("spec")?, tpl.path(&["metadata", "labels"])))
    }
}

/// Imports manifests into one era.
pub fn import(inputs: &[Input], opts: &K8sOptions) -> Import {
    let mut sources = Sources::new();
    let mut diags = Vec::new();
    let mut objects: Vec<Object> = Vec::new();
    let mut unknown: BTreeMap<String, (usize, Span)> = BTreeMap::new();
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
        let mut queue: Vec<Node> = docs;
        queue.reverse();
        while let Some(doc) = queue.pop() {
            let kind = doc.get("kind").and_then(Node::text);
            let Some(kind) = kind else {
                diags.push(
                    Diagnostic::warning(
                        "not-a-manifest",
                        yaml::span_of(src, doc.loc),
                        "this document has no `kind`, so it is not a Kubernetes object; skipped",
                    )
                    .with_hint("is this a compose file? use `zukai import compose`"),
                );
                continue;
            };
            if kind == "List" || kind.ends_with("List") && doc.get("items").is_some() {
                let mut items: Vec<Node> =
                    doc.get("items").map(Node::items).unwrap_or(&[]).to_vec();
                items.reverse();
                queue.extend(items);
                continue;
            }
            let name = doc.path(&["metadata", "name"]).and_then(Node::text);
            let Some(name) = name else {
                diags.push(Diagnostic::warning(
                    "not-a-manifest",
                    yaml::span_of(src, doc.loc),
                    format!("this {kind} has no `metadata.name`; skipped"),
                ));
                continue;
            };
            let namespace = if kind == "Namespace" {
                name.clone()
            } else {
                doc.path(&["metadata", "namespace"])
                    .and_then(Node::text)
                    .unwrap_or_else(|| "default".to_string())
            };
            let known =
                WORKLOADS.iter().any(|(k, _)| *k == kind) || CONSUMED.contains(&kind.as_str());
            if !known {
                let e = unknown
                    .entry(kind.clone())
                    .or_insert((0, yaml::span_of(src, doc.loc)));
                e.0 += 1;
                continue;
            }
            objects.push(Object {
                origin: format!("{}:{} ({kind} {name})", input.name, doc.loc.line),
                kind,
                name,
                namespace,
                node: doc,
                id: None,
            });
        }
    }
    if !unknown.is_empty() {
        let list: Vec<String> = unknown
            .iter()
            .map(|(k, (n, _))| {
                if *n == 1 {
                    k.clone()
                } else {
                    format!("{k} ({n})")
                }
            })
            .collect();
        let first = unknown
            .values()
            .map(|(_, s)| s.clone())
            .min_by_key(|s| (s.file, s.range.start));
        diags.push(
            Diagnostic::warning(
                "unknown-kind",
                first,
                format!("not imported (no inventory meaning): {}", list.join(", ")),
            )
            .with_hint("add what matters by hand; the import keeps workloads, Services, Ingresses, namespaces and what they reference"),
        );
    }

    let mut draft = Draft {
        name: opts.name.clone().unwrap_or_else(|| "k8s".to_string()),
        title: opts
            .title
            .clone()
            .unwrap_or_else(|| format!("{} (Kubernetes)", opts.cluster)),
        ..Draft::default()
    };
    let files: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
    draft.header = vec![
        format!("Imported by `zukai import k8s {}`.", files.join(" ")),
        "Links marked `inferred = true` were guessed from names in values: confirm or delete them."
            .to_string(),
    ];
    if objects.is_empty() {
        crate::diag::sort(&mut diags);
        return Import {
            draft,
            sources,
            diagnostics: diags,
        };
    }
    let cluster = draft.add_item(
        &opts.cluster,
        Kind::Cluster,
        "the cluster the manifests are applied to (--cluster)".to_string(),
    );
    let mut namespaces: Vec<(String, String)> = Vec::new();
    for o in &objects {
        if !namespaces.iter().any(|(n, _)| *n == o.namespace) {
            let origin = objects
                .iter()
                .find(|x| x.kind == "Namespace" && x.name == o.namespace)
                .map_or_else(
                    || format!("namespace of {}", o.origin),
                    |x| x.origin.clone(),
                );
            let id = draft.add_item(&o.namespace, Kind::Namespace, origin);
            draft.item_mut(&id).expect("added").parent = Some(cluster.clone());
            namespaces.push((o.namespace.clone(), id));
        }
    }
    let ns_id = |ns: &str| {
        namespaces
            .iter()
            .find(|(n, _)| n == ns)
            .map(|(_, i)| i.clone())
    };
    // A name used in two namespaces gets the namespace in front, so ids say which is which.
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for o in &objects {
        let v = seen.entry(o.name.clone()).or_default();
        if !v.contains(&o.namespace) {
            v.push(o.namespace.clone());
        }
    }
    let base_name = |o: &Object| {
        if seen.get(o.name.as_str()).is_some_and(|v| v.len() > 1) {
            format!("{}-{}", o.namespace, o.name)
        } else {
            o.name.clone()
        }
    };

    // Ids: workloads first, so they keep the plain names and a Service of the same name
    // becomes `NAME-service`; items are written in source order afterwards.
    let order_start = draft.items.len();
    let mut position: Vec<(String, usize)> = Vec::new();
    for pass in ["workload", "Service", "Ingress"] {
        for (i, o) in objects.iter_mut().enumerate() {
            let kind = match (pass, o.kind.as_str()) {
                ("workload", k) => match WORKLOADS.iter().find(|(n, _)| *n == k) {
                    Some((_, kind)) => workload_kind(o, *kind),
                    None => continue,
                },
                ("Service", "Service") => Kind::Service,
                ("Ingress", "Ingress") => Kind::Ingress,
                _ => continue,
            };
            let name = base_name(o);
            let id = draft.add_item(&name, kind, o.origin.clone());
            draft.item_mut(&id).expect("added").parent = ns_id(&o.namespace);
            position.push((id.clone(), i));
            o.id = Some(id);
        }
    }
    let position: HashMap<String, usize> = position.into_iter().collect();
    let mut tail = draft.items.split_off(order_start);
    tail.sort_by_key(|it| position.get(&it.id).copied().unwrap_or(0));
    draft.items.extend(tail);

    // (kind, namespace, name) → object, so large bundles stay linear.
    let mut index: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for (i, o) in objects.iter().enumerate() {
        index
            .entry((o.kind.as_str(), o.namespace.as_str(), o.name.as_str()))
            .or_insert(i);
    }
    let lookup =
        |kind: &str, ns: &str, name: &str| index.get(&(kind, ns, name)).map(|&i| &objects[i]);
    let service_id = |ns: &str, name: &str| lookup("Service", ns, name).and_then(|o| o.id.clone());

    // Workloads.
    for o in &objects {
        let Some(id) = &o.id else { continue };
        if !WORKLOADS.iter().any(|(k, _)| *k == o.kind) {
            continue;
        }
        let item = draft.item_mut(id).expect("added");
        let kind = item.kind;
        if !matches!(
            kind,
            Kind::Deployment
                | Kind::StatefulSet
                | Kind::DaemonSet
                | Kind::CronJob
                | Kind::Job
                | Kind::Pod
        ) {
            item.describe(&format!("Kubernetes {} `{}`.", o.kind, o.name));
        }
        if matches!(o.kind.as_str(), "Deployment" | "StatefulSet")
            && let Some(r) = o.node.path(&["spec", "replicas"]).and_then(Node::uint)
        {
            item.set("replicas", Val::Int(r));
        }
        let Some((pod, _)) = o.pod() else { continue };
        let containers = pod.get("containers").map(Node::items).unwrap_or(&[]);
        if let Some(c) = containers.first()
            && let Some(img) = c.get("image").and_then(Node::text)
        {
            if let Some(k) = known_image(&img).filter(|k| k.kind == kind) {
                if kind == Kind::Proxy {
                    item.set("software", Val::Str(k.software.to_string()));
                } else {
                    if k.software != kind.name() {
                        item.set("flavor", Val::Str(k.software.to_string()));
                    }
                    if let Some(v) = k.version {
                        item.set("version", Val::Str(v));
                    }
                }
            }
            item.set("image", Val::Str(img));
        }
        if containers.len() > 1 {
            let names: Vec<String> = containers
                .iter()
                .filter_map(|c| c.get("name").and_then(Node::text))
                .collect();
            item.describe(&format!("Containers: {}.", names.join(", ")));
        }
        let words: Vec<String> = containers
            .first()
            .map(|c| {
                let mut w = c.get("command").map(Node::strings).unwrap_or_default();
                w.extend(c.get("args").map(Node::strings).unwrap_or_default());
                w
            })
            .unwrap_or_default();
        if !words.is_empty() {
            item.set("command", Val::Str(join_words(&words)));
        }
        let queues = sidekiq_queues(&words);
        if !queues.is_empty() {
            item.set("queues", Val::List(queues.clone()));
        }
        let mut ports = Vec::new();
        for c in containers {
            for p in c.get("ports").map(Node::items).unwrap_or(&[]) {
                if let Some(n) = p.get("containerPort").and_then(Node::text) {
                    ports.push(with_protocol(n, p.get("protocol")));
                }
            }
        }
        if !ports.is_empty() {
            item.set("ports", Val::List(ports));
        }
        for (key, path) in [
            ("cpu-request", ["requests", "cpu"]),
            ("memory-request", ["requests", "memory"]),
            ("cpu-limit", ["limits", "cpu"]),
            ("memory-limit", ["limits", "memory"]),
        ] {
            let texts: Vec<String> = containers
                .iter()
                .filter_map(|c| {
                    c.path(&["resources", path[0], path[1]])
                        .and_then(Node::text)
                })
                .collect();
            if let Some(total) = sum_quantity(key.starts_with("cpu"), &texts) {
                item.set(key, Val::Str(total));
            }
        }
        if let Some(h) = containers
            .first()
            .and_then(|c| c.get("livenessProbe"))
            .and_then(probe_text)
        {
            item.set("healthcheck", Val::Str(h));
        }
        // ConfigMaps and Secrets the environment comes from.
        let mut env_from: Vec<String> = Vec::new();
        let mut config_maps: Vec<String> = Vec::new();
        let push = |v: &mut Vec<String>, n: Option<String>| {
            if let Some(n) = n
                && !v.contains(&n)
            {
                v.push(n);
            }
        };
        for c in containers
            .iter()
            .chain(pod.get("initContainers").map(Node::items).unwrap_or(&[]))
        {
            for e in c.get("envFrom").map(Node::items).unwrap_or(&[]) {
                let cm = e.path(&["configMapRef", "name"]).and_then(Node::text);
                push(&mut config_maps, cm.clone());
                push(&mut env_from, cm);
                push(
                    &mut env_from,
                    e.path(&["secretRef", "name"]).and_then(Node::text),
                );
            }
            for e in c.get("env").map(Node::items).unwrap_or(&[]) {
                push(
                    &mut env_from,
                    e.path(&["valueFrom", "configMapKeyRef", "name"])
                        .and_then(Node::text),
                );
                push(
                    &mut env_from,
                    e.path(&["valueFrom", "secretKeyRef", "name"])
                        .and_then(Node::text),
                );
            }
        }
        let mut volumes: Vec<String> = Vec::new();
        for v in pod.get("volumes").map(Node::items).unwrap_or(&[]) {
            push(
                &mut env_from,
                v.path(&["configMap", "name"]).and_then(Node::text),
            );
            push(
                &mut env_from,
                v.path(&["secret", "secretName"]).and_then(Node::text),
            );
            if let Some(claim) = v
                .path(&["persistentVolumeClaim", "claimName"])
                .and_then(Node::text)
            {
                let size = lookup("PersistentVolumeClaim", &o.namespace, &claim)
                    .and_then(|p| p.node.path(&["spec", "resources", "requests", "storage"]))
                    .and_then(Node::text);
                push(
                    &mut volumes,
                    Some(match size {
                        Some(s) => format!("pvc/{claim} ({s})"),
                        None => format!("pvc/{claim}"),
                    }),
                );
            }
            if let Some(p) = v.path(&["hostPath", "path"]).and_then(Node::text) {
                push(&mut volumes, Some(format!("hostPath {p}")));
            }
        }
        for t in o
            .node
            .path(&["spec", "volumeClaimTemplates"])
            .map(Node::items)
            .unwrap_or(&[])
        {
            let name = t.path(&["metadata", "name"]).and_then(Node::text);
            let size = t
                .path(&["spec", "resources", "requests", "storage"])
                .and_then(Node::text);
            push(
                &mut volumes,
                name.map(|n| match size {
                    Some(s) => format!("pvc/{n} ({s}, per replica)"),
                    None => format!("pvc/{n} (per replica)"),
                }),
            );
        }
        if !env_from.is_empty() {
            item.set("env-from", Val::List(env_from));
        }
        if !volumes.is_empty() {
            item.set("volume", Val::Str(volumes.join(", ")));
        }
        match o.kind.as_str() {
            "CronJob" => {
                let spec = o.node.get("spec");
                let get = |k: &str| spec.and_then(|s| s.get(k));
                if let Some(s) = get("schedule").and_then(Node::text) {
                    item.set("schedule", Val::Str(s));
                }
                if let Some(s) = get("timeZone").and_then(Node::text) {
                    item.set("timezone", Val::Str(s));
                }
                if let Some(s) = get("concurrencyPolicy").and_then(Node::text) {
                    item.set("concurrency-policy", Val::Str(s));
                }
                if let Some(n) = o
                    .node
                    .path(&["spec", "jobTemplate", "spec", "backoffLimit"])
                    .and_then(Node::uint)
                {
                    item.set("backoff-limit", Val::Int(n));
                }
                if let Some(n) = get("startingDeadlineSeconds").and_then(Node::uint) {
                    item.set("starting-deadline-seconds", Val::Int(n));
                }
                if let Some(s) = pod.get("restartPolicy").and_then(Node::text) {
                    item.set("restart-policy", Val::Str(s));
                }
                if let Some(n) = get("successfulJobsHistoryLimit").and_then(Node::uint) {
                    item.set("successful-jobs-history-limit", Val::Int(n));
                }
                if let Some(n) = get("failedJobsHistoryLimit").and_then(Node::uint) {
                    item.set("failed-jobs-history-limit", Val::Int(n));
                }
            }
            "Job" => {
                if let Some(n) = o.node.path(&["spec", "backoffLimit"]).and_then(Node::uint) {
                    item.set("backoff-limit", Val::Int(n));
                }
                if let Some(s) = pod.get("restartPolicy").and_then(Node::text) {
                    item.set("restart-policy", Val::Str(s));
                }
            }
            _ => {
                if let Some(s) = pod.get("restartPolicy").and_then(Node::text) {
                    item.set("restart", Val::Str(s));
                }
            }
        }

        // Probes that name another Service make the pod's health depend on it.
        let is_service = |n: &str| service_id(&o.namespace, n).is_some();
        for (probe, key) in [
            ("livenessProbe", "liveness-depends-on"),
            ("readinessProbe", "readiness-depends-on"),
        ] {
            let mut deps: Vec<String> = Vec::new();
            for c in containers {
                let Some(p) = c.get(probe) else { continue };
                for w in probe_words(p) {
                    for r in names_in_value(&w, Some(&o.namespace), &is_service) {
                        let sid = service_id(&o.namespace, &r.name).expect("is_service");
                        if !deps.contains(&sid)
                            && !selects(lookup("Service", &o.namespace, &r.name), o)
                        {
                            deps.push(sid);
                        }
                    }
                }
            }
            if !deps.is_empty() {
                draft.item_mut(id).expect("added").set(key, Val::List(deps));
            }
        }
        for q in &queues {
            draft.queue(q, super::queue_description(id, q));
        }

        // Env values, inline or in a referenced ConfigMap, that name a Service.
        let mut found: Vec<(String, NameRef)> = Vec::new();
        for c in containers {
            for e in c.get("env").map(Node::items).unwrap_or(&[]) {
                let (Some(var), Some(val)) = (
                    e.get("name").and_then(Node::text),
                    e.get("value").and_then(Node::text),
                ) else {
                    continue;
                };
                for r in names_in_value(&val, Some(&o.namespace), &is_service) {
                    found.push((format!("env `{var}`"), r));
                }
            }
        }
        for cm in &config_maps {
            let Some(cmo) = lookup("ConfigMap", &o.namespace, cm) else {
                continue;
            };
            for (var, _, v) in cmo.node.get("data").map(Node::entries).unwrap_or(&[]) {
                let Some(val) = v.text() else { continue };
                for r in names_in_value(&val, Some(&o.namespace), &is_service) {
                    found.push((format!("ConfigMap `{cm}` key `{var}`"), r));
                }
            }
        }
        for (why, r) in found {
            if selects(lookup("Service", &o.namespace, &r.name), o) {
                continue;
            }
            let to = service_id(&o.namespace, &r.name).expect("is_service");
            draft.link(DraftLink {
                from: id.clone(),
                to,
                kind: LinkKind::Uses,
                label: None,
                port: r.port,
                inferred: true,
                description: Some(format!("{why} names Service `{}`", r.name)),
            });
        }
    }

    // Services: type, ports, and the workloads their selector picks.
    for o in objects.iter().filter(|o| o.kind == "Service") {
        let Some(id) = &o.id else { continue };
        let spec = o.node.get("spec");
        let typ = if spec
            .and_then(|s| s.get("clusterIP"))
            .and_then(Node::text)
            .as_deref()
            == Some("None")
        {
            Some("Headless".to_string())
        } else {
            spec.and_then(|s| s.get("type")).and_then(Node::text)
        };
        let mut ports = Vec::new();
        for p in spec
            .and_then(|s| s.get("ports"))
            .map(Node::items)
            .unwrap_or(&[])
        {
            let Some(port) = p.get("port").and_then(Node::text) else {
                continue;
            };
            let target = p
                .get("targetPort")
                .and_then(Node::uint)
                .map(|t| t.to_string());
            let text = match target {
                Some(t) if t != port => format!("{port}:{t}"),
                _ => port,
            };
            ports.push(with_protocol(text, p.get("protocol")));
        }
        let selected: Vec<String> = match spec.and_then(|s| s.get("selector")) {
            Some(sel) if !sel.entries().is_empty() => objects
                .iter()
                .filter(|w| w.namespace == o.namespace && w.id.is_some())
                .filter(|w| {
                    let labels = w.pod().and_then(|(_, l)| l);
                    sel.entries().iter().all(|(k, _, v)| {
                        labels.and_then(|l| l.get(k)).and_then(Node::text) == v.text()
                    })
                })
                .filter_map(|w| w.id.clone())
                .collect(),
            _ => Vec::new(),
        };
        let item = draft.item_mut(id).expect("added");
        if let Some(t) = typ {
            item.set("type", Val::Str(t));
        }
        if !ports.is_empty() {
            item.set("ports", Val::List(ports));
        }
        if let Some(ext) = spec
            .and_then(|s| s.get("externalName"))
            .and_then(Node::text)
        {
            item.describe(&format!("Points at `{ext}`."));
        }
        if !selected.is_empty() {
            item.set("selects", Val::List(selected.clone()));
        }
        for w in selected {
            draft.link(DraftLink {
                from: id.clone(),
                to: w,
                kind: LinkKind::Routes,
                label: None,
                port: None,
                inferred: false,
                description: Some("selector matches the pod labels".to_string()),
            });
        }
    }

    // Ingresses: host, class, TLS, and a link to each backend Service.
    for o in objects.iter().filter(|o| o.kind == "Ingress") {
        let Some(id) = &o.id else { continue };
        let spec = o.node.get("spec");
        let rules = spec
            .and_then(|s| s.get("rules"))
            .map(Node::items)
            .unwrap_or(&[]);
        let hosts: Vec<String> = rules
            .iter()
            .filter_map(|r| r.get("host").and_then(Node::text))
            .collect();
        let mut backends: Vec<(String, Option<i64>, Option<String>, Loc)> = Vec::new();
        let backend_of = |b: &Node| -> Option<(String, Option<i64>)> {
            let name = b
                .path(&["service", "name"])
                .or_else(|| b.get("serviceName"))
                .and_then(Node::text)?;
            let port = b
                .path(&["service", "port", "number"])
                .or_else(|| b.get("servicePort"))
                .and_then(Node::uint);
            Some((name, port))
        };
        if let Some(b) = spec.and_then(|s| s.get("defaultBackend").or_else(|| s.get("backend")))
            && let Some((n, p)) = backend_of(b)
        {
            backends.push((n, p, None, b.loc));
        }
        for r in rules {
            let host = r.get("host").and_then(Node::text);
            for p in r.path(&["http", "paths"]).map(Node::items).unwrap_or(&[]) {
                if let Some((n, port)) = p.get("backend").and_then(backend_of) {
                    let path = p.get("path").and_then(Node::text);
                    let label = match (&host, path) {
                        (Some(h), Some(p)) => Some(format!("{h}{p}")),
                        (Some(h), None) => Some(h.clone()),
                        (None, p) => p,
                    };
                    backends.push((n, port, label, p.loc));
                }
            }
        }
        let item = draft.item_mut(id).expect("added");
        if let Some(h) = hosts.first() {
            item.set("host", Val::Str(h.clone()));
        }
        if hosts.len() > 1 {
            item.describe(&format!("Hosts: {}.", hosts.join(", ")));
        }
        let class = spec
            .and_then(|s| s.get("ingressClassName"))
            .and_then(Node::text)
            .or_else(|| {
                o.node
                    .path(&["metadata", "annotations", "kubernetes.io/ingress.class"])
                    .and_then(Node::text)
            });
        if let Some(c) = class {
            item.set("class", Val::Str(c));
        }
        if spec
            .and_then(|s| s.get("tls"))
            .is_some_and(|t| !t.items().is_empty())
        {
            item.set("tls", Val::Bool(true));
        }
        for (svc, port, label, loc) in backends {
            match service_id(&o.namespace, &svc) {
                Some(to) => draft.link(DraftLink {
                    from: id.clone(),
                    to,
                    kind: LinkKind::Routes,
                    label,
                    port,
                    inferred: false,
                    description: Some("Ingress backend".to_string()),
                }),
                None => diags.push(Diagnostic::warning(
                    "unknown-service",
                    yaml::span_of(sources.get(loc.file), loc),
                    format!(
                        "Ingress `{}` routes to Service `{svc}`, which these manifests do not define; no link made",
                        o.name
                    ),
                )),
            }
        }
    }

    crate::diag::sort(&mut diags);
    Import {
        draft,
        sources,
        diagnostics: diags,
    }
}

/// Whether Service `s` selects workload `o` (a pod's own Service is not a dependency).
fn selects(s: Option<&Object>, o: &Object) -> bool {
    let Some(s) = s else {
        return false;
    };
    let Some(sel) = s.node.path(&["spec", "selector"]) else {
        return false;
    };
    let labels = o.pod().and_then(|(_, l)| l);
    !sel.entries().is_empty()
        && sel
            .entries()
            .iter()
            .all(|(k, _, v)| labels.and_then(|l| l.get(k)).and_then(Node::text) == v.text())
}

/// The kind a workload gets: its own, or a store/proxy kind for a known image (not for
/// Jobs and CronJobs, which run a store's image to back it up or migrate it).
fn workload_kind(o: &Object, kind: Kind) -> Kind {
    if matches!(kind, Kind::CronJob | Kind::Job) {
        return kind;
    }
    o.pod()
        .and_then(|(spec, _)| {
            spec.get("containers")?
                .items()
                .first()?
                .get("image")?
                .text()
        })
        .and_then(|i| known_image(&i))
        .map_or(kind, |k| k.kind)
}

fn with_protocol(port: String, proto: Option<&Node>) -> String {
    match proto.and_then(Node::text) {
        Some(p) if !p.eq_ignore_ascii_case("tcp") => format!("{port}/{}", p.to_ascii_lowercase()),
        _ => port,
    }
}

/// Sums quantities over containers (`250m` + `0.5` = `750m`; `256Mi` + `1Gi` = `1280MiB`).
fn sum_quantity(cpu: bool, texts: &[String]) -> Option<String> {
    if texts.is_empty() {
        return None;
    }
    if texts.len() == 1 {
        return Some(texts[0].clone());
    }
    if cpu {
        let mut total = 0;
        for t in texts {
            total += parse_cpu(t).ok()?.0;
        }
        Some(Cpu(total).to_string())
    } else {
        let mut total = 0;
        for t in texts {
            total += parse_memory(t).ok()?.0;
        }
        Some(Memory(total).to_string())
    }
}

/// A probe as one line: `GET :3000/health`, `TCP :6379`, `exec: pg_isready`.
fn probe_text(p: &Node) -> Option<String> {
    if let Some(h) = p.get("httpGet") {
        let host = h.get("host").and_then(Node::text).unwrap_or_default();
        let port = h.get("port").and_then(Node::text).unwrap_or_default();
        let path = h.get("path").and_then(Node::text).unwrap_or_default();
        let scheme = h
            .get("scheme")
            .and_then(Node::text)
            .filter(|s| s != "HTTP")
            .map(|s| format!("{s} "))
            .unwrap_or_default();
        return Some(format!("{scheme}GET {host}:{port}{path}"));
    }
    if let Some(t) = p.get("tcpSocket") {
        let host = t.get("host").and_then(Node::text).unwrap_or_default();
        let port = t.get("port").and_then(Node::text).unwrap_or_default();
        return Some(format!("TCP {host}:{port}"));
    }
    if let Some(g) = p.get("grpc") {
        return Some(format!("gRPC :{}", g.get("port").and_then(Node::text)?));
    }
    let cmd = p.path(&["exec", "command"])?.strings();
    Some(format!("exec: {}", join_words(&cmd)))
}

/// The words of a probe in which another Service could be named.
fn probe_words(p: &Node) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(cmd) = p.path(&["exec", "command"]) {
        for w in cmd.strings() {
            out.extend(super::split_words(&w));
        }
    }
    for kind in ["httpGet", "tcpSocket"] {
        if let Some(h) = p.path(&[kind, "host"]).and_then(Node::text) {
            let port = p.path(&[kind, "port"]).and_then(Node::text);
            out.push(match port {
                Some(port) => format!("{h}:{port}"),
                None => h,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Import {
        import(
            &[Input {
                name: "m.yaml".into(),
                text: text.into(),
            }],
            &K8sOptions::default(),
        )
    }

    #[test]
    fn same_name_in_two_namespaces_gets_the_namespace_in_its_id() {
        let imp = run(
            "kind: Deployment\nmetadata: {name: web, namespace: a}\nspec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: x}]}}}\n---\n\
             kind: Deployment\nmetadata: {name: web, namespace: b}\nspec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: x}]}}}\n---\n\
             kind: Service\nmetadata: {name: front, namespace: b}\nspec: {selector: {app: web}}\n",
        );
        let ids: Vec<&str> = imp.draft.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["cluster", "a", "b", "a-web", "b-web", "front"]);
        // The selector only matches pods in the Service's own namespace.
        let front = imp.draft.item("front").unwrap();
        assert_eq!(front.get("selects"), Some(&Val::List(vec!["b-web".into()])));
    }

    #[test]
    fn nested_lists_old_ingresses_and_odd_documents() {
        let imp = run(
            "kind: List\nitems:\n- kind: List\n  items:\n  - kind: Service\n    metadata: {name: api}\n\
             ---\n- just a list\n---\nkind: Ingress\nmetadata: {name: edge}\n\
             spec: {backend: {serviceName: api, servicePort: 80}}\n---\nkind: Deployment\nmetadata: {}\n",
        );
        let codes: Vec<&str> = imp.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["not-a-manifest", "not-a-manifest"]);
        let l = &imp.draft.links[0];
        assert_eq!(
            (l.from.as_str(), l.to.as_str(), l.port),
            ("edge", "api", Some(80))
        );
    }
}
