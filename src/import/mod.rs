//! Import: docker-compose files and Kubernetes manifests → a TOML inventory to curate.
//!
//! ```text
//! YAML text ─► yaml::parse_stream (positions, budget) ─► compose / k8s (what it means)
//!           ─► writer::Draft (items, links, queues) ─► TOML (new file, or merged --into)
//! ```
//!
//! Both importers share what this module holds: the table of well-known images that are
//! data stores or proxies, Sidekiq queue arguments, and the inference of dependencies from
//! names, `host:port` and URLs in values.

pub mod compose;
pub mod interpolate;
pub mod k8s;
pub mod writer;
pub mod yaml;

use crate::diag::{Diagnostic, Severity};
use crate::model::Kind;
use crate::source::Sources;
pub use writer::{Draft, DraftItem, DraftLink, MergeReport, Val};

/// One input file: the name shown to the user and its text.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as the user named it.
    pub name: String,
    /// The whole text.
    pub text: String,
}

/// The result of an import: the inventory draft and every problem found.
#[derive(Debug, Default)]
pub struct Import {
    /// The inventory, ready to write.
    pub draft: Draft,
    /// The input files, for rendering diagnostics.
    pub sources: Sources,
    /// Errors (the input cannot be imported as it is: exit 1) and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

impl Import {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// What a well-known image is.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownImage {
    /// The kind an item running it gets.
    pub kind: Kind,
    /// The software, for `software` (proxies) or `flavor` (stores).
    pub software: &'static str,
    /// The image tag, when it is a version (not `latest`).
    pub version: Option<String>,
}

/// Images recognised by name (registry, path and tag stripped). Exact names only, so
/// `postgres-exporter` is not mistaken for a database.
const KNOWN_IMAGES: &[(&[&str], Kind, &str)] = &[
    (
        &["postgres", "postgresql", "postgis", "timescaledb"],
        Kind::Postgresql,
        "postgresql",
    ),
    (
        &[
            "redis",
            "redis-stack",
            "redis-stack-server",
            "valkey",
            "keydb",
        ],
        Kind::Redis,
        "redis",
    ),
    (&["elasticsearch"], Kind::Elasticsearch, "elasticsearch"),
    (&["opensearch"], Kind::Elasticsearch, "opensearch"),
    (&["minio"], Kind::ObjectStorage, "minio"),
    (&["mysql", "mysql-server"], Kind::Mysql, "mysql"),
    (&["mariadb"], Kind::Mysql, "mariadb"),
    (&["mongo", "mongodb"], Kind::Store, "mongodb"),
    (&["memcached"], Kind::Store, "memcached"),
    (&["cassandra"], Kind::Store, "cassandra"),
    (&["rabbitmq"], Kind::Store, "rabbitmq"),
    (&["nginx", "nginx-unprivileged"], Kind::Proxy, "nginx"),
    (&["traefik"], Kind::Proxy, "traefik"),
    (&["haproxy"], Kind::Proxy, "haproxy"),
    (&["caddy"], Kind::Proxy, "caddy"),
    (&["envoy"], Kind::Proxy, "envoy"),
];

/// Recognises data stores and proxies by image name: `docker.io/library/postgres:14-alpine`
/// is PostgreSQL version `14-alpine`; `ghcr.io/x/nginx@sha256:...` is nginx.
pub fn known_image(image: &str) -> Option<KnownImage> {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last = no_digest.rsplit('/').next().unwrap_or(no_digest);
    let (name, tag) = match last.split_once(':') {
        Some((n, t)) => (n, Some(t)),
        None => (last, None),
    };
    let name = name.to_ascii_lowercase();
    let (_, kind, software) = KNOWN_IMAGES
        .iter()
        .find(|(names, _, _)| names.contains(&name.as_str()))?;
    Some(KnownImage {
        kind: *kind,
        software,
        version: tag
            .filter(|t| !t.is_empty() && *t != "latest")
            .map(str::to_string),
    })
}

/// Splits a command line into words, honouring single and double quotes.
pub fn split_words(cmd: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in cmd.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Joins words into one command line, quoting words a shell would split.
pub fn join_words(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            if !w.is_empty()
                && w.chars()
                    .all(|c| c.is_alphanumeric() || "-_./:=@%+,".contains(c))
            {
                w.clone()
            } else if !w.contains(['"', '$', '`', '\\']) {
                format!("\"{w}\"")
            } else {
                format!("'{}'", w.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The queues a Sidekiq command serves: `bundle exec sidekiq -q default -q pull,2` gives
/// `["default", "pull"]`. Commands that are not Sidekiq, or name no queue, give none (a bare
/// `sidekiq` reads its queues from a config file the import cannot see).
pub fn sidekiq_queues(words: &[String]) -> Vec<String> {
    // `sh -c "bundle exec sidekiq -q a"` arrives as one word: look inside it too.
    let words: Vec<String> = words.iter().flat_map(|w| split_words(w)).collect();
    if !words
        .iter()
        .any(|w| w.rsplit('/').next() == Some("sidekiq"))
    {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    let mut it = words.iter().peekable();
    while let Some(w) = it.next() {
        let q = if w == "-q" || w == "--queue" {
            it.next().cloned()
        } else if let Some(v) = w.strip_prefix("--queue=") {
            Some(v.to_string())
        } else {
            w.strip_prefix("-q")
                .filter(|v| !v.is_empty())
                .map(|v| v.to_string())
        };
        if let Some(q) = q {
            let name = q.split(',').next().unwrap_or(&q).trim().to_string();
            if !name.is_empty() && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// The description of a queue first seen served by `worker`. Mastodon's `scheduler` queue
/// runs periodic jobs and must be served by exactly one process; the import cannot know the
/// app is Mastodon, so it says so instead of setting `singleton`.
pub fn queue_description(worker: &str, queue: &str) -> String {
    let mut d = format!("Served by `{worker}` (Sidekiq `-q`).");
    if queue == "scheduler" {
        d.push_str(
            " If this is Mastodon, set `singleton = true`: periodic jobs run twice when two \
             processes serve this queue.",
        );
    }
    d
}

/// A reference to another service found in a value: which name, and the port if one was
/// given.
#[derive(Debug, Clone, PartialEq)]
pub struct NameRef {
    /// The host name as written, reduced to the service name (`redis.mastodon.svc` → `redis`).
    pub name: String,
    /// Port, when written (`db:5432`, `http://web:3000/health`).
    pub port: Option<i64>,
}

/// Service names a value points at: the whole value (`DB_HOST=db`), `host:port`
/// (`redis:6379`), or a URL (`postgres://user@db:5432/x`, `http://es:9200`). Kubernetes DNS
/// forms (`db.ns`, `db.ns.svc`, `db.ns.svc.cluster.local`) are reduced to `db` when `ns` is
/// `namespace`. `is_name` says which names exist; nothing else is returned.
pub fn names_in_value(
    value: &str,
    namespace: Option<&str>,
    is_name: &dyn Fn(&str) -> bool,
) -> Vec<NameRef> {
    let mut out: Vec<NameRef> = Vec::new();
    for word in value.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        let word = word.trim_matches(|c| c == '"' || c == '\'');
        if word.is_empty() {
            continue;
        }
        // Strip `scheme://` and `user:pass@`; keep `host[:port]`.
        let rest = word.split_once("://").map_or(word, |(_, r)| r);
        let hostport = rest.split(['/', '?', '#']).next().unwrap_or(rest);
        let hostport = hostport.rsplit('@').next().unwrap_or(hostport);
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => match p.parse::<i64>() {
                Ok(n) => (h, Some(n)),
                Err(_) => (hostport, None),
            },
            None => (hostport, None),
        };
        let host = host.to_ascii_lowercase();
        let mut name = host.as_str();
        for suffix in [".svc.cluster.local", ".svc"] {
            name = name.strip_suffix(suffix).unwrap_or(name);
        }
        if let Some(ns) = namespace
            && let Some(n) = name.strip_suffix(&format!(".{ns}"))
        {
            name = n;
        }
        // A bare word counts only as the whole value or with a port or scheme, so that
        // prose ("the web front") does not make links.
        let whole = word == value.trim();
        let explicit = port.is_some() || word.contains("://");
        if (whole || explicit) && is_name(name) && !out.iter().any(|r| r.name == name) {
            out.push(NameRef {
                name: name.to_string(),
                port,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_recognised_without_registry_and_tag() {
        let k = known_image("docker.io/library/postgres:14-alpine").unwrap();
        assert_eq!(
            (k.kind, k.version.as_deref()),
            (Kind::Postgresql, Some("14-alpine"))
        );
        assert_eq!(known_image("redis:7").unwrap().kind, Kind::Redis);
        assert_eq!(
            known_image("docker.elastic.co/elasticsearch/elasticsearch:7.17.4")
                .unwrap()
                .kind,
            Kind::Elasticsearch
        );
        assert_eq!(known_image("nginx@sha256:abc").unwrap().kind, Kind::Proxy);
        assert_eq!(known_image("bitnami/mariadb:latest").unwrap().version, None);
        assert_eq!(known_image("prometheuscommunity/postgres-exporter"), None);
        assert_eq!(known_image("tootsuite/mastodon:v4.2.0"), None);
    }

    #[test]
    fn sidekiq_queue_arguments_become_queues() {
        let w = split_words("bundle exec sidekiq -q default -q pull,2 --queue=push -qmailers");
        assert_eq!(sidekiq_queues(&w), ["default", "pull", "push", "mailers"]);
        let sh: Vec<String> = ["sh", "-c", "bundle exec sidekiq -q scheduler"]
            .map(String::from)
            .to_vec();
        assert_eq!(sidekiq_queues(&sh), ["scheduler"]);
        assert!(sidekiq_queues(&split_words("rails s -q x")).is_empty());
        assert_eq!(
            join_words(&split_words("sh -c 'a b'")),
            "sh -c \"a b\"".to_string()
        );
        assert_eq!(join_words(&["a'b".to_string()]), "\"a'b\"");
        assert_eq!(join_words(&["$x'".to_string()]), r"'$x'\'''");
    }

    #[test]
    fn names_are_found_in_hosts_and_urls_only() {
        let known = |n: &str| ["db", "redis", "es"].contains(&n);
        let f = |v: &str| names_in_value(v, Some("mastodon"), &known);
        assert_eq!(f("db")[0].name, "db");
        assert_eq!(f("redis:6379")[0].port, Some(6379));
        assert_eq!(
            f("postgres://u:p@db.mastodon.svc.cluster.local:5432/x")[0].name,
            "db"
        );
        assert_eq!(f("http://es:9200/_cluster/health")[0].name, "es");
        assert!(f("the db is slow").is_empty());
        assert!(f("dbx").is_empty());
    }
}
