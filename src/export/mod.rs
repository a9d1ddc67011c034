//! Export: an era in the formats other tools read.
//!
//! The three diagram languages (d2, DOT, Mermaid) are written from a [`Diagram`], the same
//! contract the renderer reads, so what they show is what `zukai render` shows: the
//! placement tree as nested containers, a shape per kind, a line style per link kind. JSON
//! and Markdown are written from the [`Era`] itself, since they carry every typed attribute.
//!
//! Each diagram language has its own rules for identifiers (d2 folds case and reserves
//! keywords, Mermaid reserves `end`, DOT takes anything quoted); [`unique_ids`] is the one
//! mechanism that turns inventory ids into identifiers a language accepts, without two items
//! ever sharing one.

pub mod d2;
pub mod dot;
pub mod json;
pub mod markdown;
pub mod mermaid;

use crate::graph::{Diagram, diagram};
use crate::model::{Era, Kind, LinkKind};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// d2 (nested containers, shapes, tooltips); compiles with the `d2` binary.
    D2,
    /// Graphviz DOT (`subgraph cluster_*` per container).
    Dot,
    /// Mermaid `flowchart LR` with nested `subgraph`s.
    Mermaid,
    /// The inventory graph as JSON (documented in `docs/export.md`).
    Json,
    /// Inventory tables (machines, workloads, stores, traffic, external services, links).
    Markdown,
}

impl Format {
    /// The file extension of the format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::D2 => "d2",
            Format::Dot => "dot",
            Format::Mermaid => "mmd",
            Format::Json => "json",
            Format::Markdown => "md",
        }
    }
}

/// Writes one era in `format`. The text ends with a newline.
pub fn export(era: &Era, format: Format) -> String {
    match format {
        Format::D2 => d2::write(&diagram::from_era(era)),
        Format::Dot => dot::write(&diagram::from_era(era)),
        Format::Mermaid => mermaid::write(&diagram::from_era(era)),
        Format::Json => json::write(era),
        Format::Markdown => markdown::write(era),
    }
}

/// The outline a diagram language draws for an item, chosen by kind; each language maps it
/// to the nearest shape it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A plain box: groups, namespaces, projects, generic items.
    Box,
    /// A machine: VM or Kubernetes node.
    Machine,
    /// Something that runs continuously: Deployment, compose service, process...
    Workload,
    /// Something that runs to completion: CronJob, Job.
    Batch,
    /// A data store.
    Cylinder,
    /// Something that forwards traffic: Service, proxy, load balancer, ingress.
    Hexagon,
    /// A DNS record.
    Parallelogram,
    /// People: users, Internet traffic.
    Person,
    /// A hosted service or a cloud provider.
    Cloud,
    /// A git repository.
    Page,
}

impl Shape {
    /// The shape of an item of `kind`.
    pub fn of(kind: Kind) -> Shape {
        use Kind::*;
        match kind {
            Vm | Node => Shape::Machine,
            Cluster | Namespace | Project | Group | Generic => Shape::Box,
            Deployment | StatefulSet | DaemonSet | Pod | ComposeService | Process => {
                Shape::Workload
            }
            CronJob | Job => Shape::Batch,
            Service | Proxy | LoadBalancer | Ingress => Shape::Hexagon,
            Dns => Shape::Parallelogram,
            Postgresql | Redis | Elasticsearch | ObjectStorage | Mysql | Store => Shape::Cylinder,
            Users => Shape::Person,
            Saas | CloudProvider => Shape::Cloud,
            GitRepo => Shape::Page,
        }
    }
}

/// How a link is drawn, chosen by its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// A solid arrow: run-time dependencies (uses, reads, writes, routes).
    Solid,
    /// A dashed arrow: relations outside the request path (monitors, deploys, backs up,
    /// migrates).
    Dashed,
    /// A solid line with heads at both ends: replication.
    Both,
}

impl Line {
    /// The line of a link of `kind`.
    pub fn of(kind: LinkKind) -> Line {
        match kind {
            LinkKind::Replicates => Line::Both,
            k if k.is_dependency() => Line::Solid,
            _ => Line::Dashed,
        }
    }
}

/// The text a diagram language shows for a node: its label, then its caption on a second
/// line.
pub fn node_text(d: &Diagram, i: usize) -> String {
    let n = &d.nodes[i];
    match &n.caption {
        // "DNS record" labelled "DNS record" needs no caption saying so again.
        Some(c) if *c != n.label => format!("{}\n{c}", n.label),
        _ => n.label.clone(),
    }
}

/// Whether node `inner` sits, at any depth, in node `outer`.
pub fn contains(d: &Diagram, outer: usize, inner: usize) -> bool {
    let mut cur = d.nodes[inner].parent;
    while let Some(p) = cur {
        if p == outer {
            return true;
        }
        cur = d.nodes[p].parent;
    }
    false
}

/// The children of every node (`children[i]`) and the top-level nodes, in diagram order.
pub fn tree(d: &Diagram) -> (Vec<usize>, Vec<Vec<usize>>) {
    let mut roots = Vec::new();
    let mut children = vec![Vec::new(); d.nodes.len()];
    for (i, n) in d.nodes.iter().enumerate() {
        match n.parent {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    (roots, children)
}

/// Identifiers for `ids` that a target language accepts, one per id, never two alike.
///
/// `make` turns an id into a candidate identifier (escaping or replacing what the language
/// cannot take); `fold` gives the form the language compares identifiers by (d2 ignores
/// case). A candidate already taken gets `_2`, `_3`... appended to the id before `make`.
pub fn unique_ids<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    make: impl Fn(&str) -> String,
    fold: impl Fn(&str) -> String,
) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    let mut out = Vec::new();
    for id in ids {
        let mut candidate = make(id);
        let mut n = 1;
        while !taken.insert(fold(&candidate)) {
            n += 1;
            candidate = make(&format!("{id}_{n}"));
        }
        out.push(candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_fold_alike_get_distinct_identifiers() {
        let ids = unique_ids(
            ["Web", "web", "web_2"],
            |s| s.to_string(),
            |s| s.to_lowercase(),
        );
        assert_eq!(ids, ["Web", "web_2", "web_2_2"]);
    }

    #[test]
    fn every_kind_has_a_shape_and_every_link_kind_a_line() {
        assert_eq!(Shape::of(Kind::Postgresql), Shape::Cylinder);
        assert_eq!(Shape::of(Kind::Users), Shape::Person);
        assert_eq!(Line::of(LinkKind::Monitors), Line::Dashed);
        assert_eq!(Line::of(LinkKind::Replicates), Line::Both);
        assert_eq!(Line::of(LinkKind::Reads), Line::Solid);
    }
}

/// `s` in double quotes for a target language: `escape` gives the text to write for each
/// character that needs it; other control characters become spaces (no target keeps them
/// in a label) and carriage returns are dropped.
pub(crate) fn quoted(s: &str, escape: impl Fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match escape(c) {
            Some(text) => out.push_str(text),
            None if c == '\r' => {}
            None if c.is_control() => out.push(' '),
            None => out.push(c),
        }
    }
    out.push('"');
    out
}
