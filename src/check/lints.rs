//! The lints: true statements about an era's design that are usually mistakes. Each is a
//! warning by default; its level comes from [`CheckConfig::level`]. Their explanations live
//! in [`super::rules::LINTS`].

use super::{CheckConfig, Ctx};
use crate::diag::{Diagnostic, Severity};
use crate::model::value::{Cpu, Memory};
use crate::model::{Category, Era, Item, Kind, LinkKind, LintLevel};
use crate::source::Span;
use petgraph::algo::{dominators, tarjan_scc};
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// A lint: adds what it finds in the era to the list, as warnings.
type Lint = fn(&Ctx, &mut Vec<Diagnostic>);

/// Every lint with its rule id, in the order of [`super::rules::LINTS`].
pub const ALL: &[(&str, Lint)] = &[
    ("singleton", singleton),
    ("queue-coverage", queue_coverage),
    ("dependency-cycle", dependency_cycle),
    ("orphan", orphan),
    ("capacity", capacity),
    ("stateful-without-volume", stateful_without_volume),
    ("unmonitored", unmonitored),
    ("single-point-of-failure", single_point_of_failure),
    ("probe-shares-dependency", probe_shares_dependency),
];

/// Every lint of the era in `ctx`, at the level `config` and the era's `[lints]` give it.
/// Allowed lints are not run at all.
pub fn check(ctx: &Ctx, config: &CheckConfig) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (rule, lint) in ALL {
        let (level, why) = config.level(ctx.era, rule);
        if level == LintLevel::Allow {
            continue;
        }
        let mut found = Vec::new();
        lint(ctx, &mut found);
        for mut d in found {
            debug_assert_eq!(d.code, *rule);
            if level == LintLevel::Deny {
                d.severity = Severity::Error;
                if let Some(why) = &why {
                    d.hints.push(format!("denied by {why}"));
                }
            }
            out.push(d);
        }
    }
    out
}

/// How many copies of an item run, or `None` for what does not run as copies (Services,
/// DNS records, external services, containers such as namespaces). A DaemonSet without
/// `replicas` runs once per node of its cluster.
pub fn copies(era: &Era, item: &Item) -> Option<i64> {
    if let Some(n) = item.int("replicas") {
        return Some(n);
    }
    match item.kind {
        Kind::DaemonSet => {
            let cluster = era
                .ancestors(&item.id)
                .into_iter()
                .find(|a| a.kind == Kind::Cluster);
            let nodes = cluster.map_or(0, |c| {
                era.items
                    .values()
                    .filter(|n| {
                        n.kind == Kind::Node && era.ancestors(&n.id).iter().any(|a| a.id == c.id)
                    })
                    .count() as i64
            });
            Some(nodes.max(1))
        }
        Kind::Proxy | Kind::LoadBalancer | Kind::Vm | Kind::Node => Some(1),
        k if k.runs() => Some(item.replicas()),
        _ => None,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn names<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let ids: Vec<String> = ids.into_iter().map(|i| format!("`{i}`")).collect();
    match ids.len() {
        0 => String::new(),
        1 => ids[0].clone(),
        n if n <= 6 => format!("{} and {}", ids[..n - 1].join(", "), ids[n - 1]),
        n => format!("{} and {} more", ids[..5].join(", "), n - 5),
    }
}

fn replicas_span(item: &Item) -> Span {
    item.attrs
        .get("replicas")
        .map_or(item.span.clone(), |a| a.span.clone())
}

fn copies_text(item: &Item, n: i64) -> String {
    if item.kind == Kind::DaemonSet && item.int("replicas").is_none() {
        format!(
            "runs on {} (a DaemonSet runs once per node)",
            plural(n as usize, "node", "nodes")
        )
    } else {
        format!("runs {}", plural(n as usize, "replica", "replicas"))
    }
}

fn singleton(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let era = ctx.era;
    for q in era.queues.values().filter(|q| q.singleton) {
        let servers: Vec<&Item> = era
            .items
            .values()
            .filter(|i| i.list("queues").contains(&q.id))
            .collect();
        let served_at = |i: &Item| {
            i.attrs
                .get("queues")
                .map_or(i.span.clone(), |a| ctx.element(&a.span, &q.id))
        };
        if servers.len() > 1 {
            let mut d = Diagnostic::warning(
                "singleton",
                q.span.clone(),
                format!(
                    "queue `{}` must be served by exactly one process, but {} workloads serve it: {}",
                    q.id,
                    servers.len(),
                    names(servers.iter().map(|s| s.id.as_str()))
                ),
            )
            .with_label("declared `singleton = true`")
            .with_hint("keep the queue on one workload with `replicas = 1`; jobs would otherwise run twice, concurrently");
            for s in &servers {
                d = d.with_related(served_at(s), format!("`{}` serves it here", s.id));
            }
            out.push(d);
        } else if let Some(s) = servers.first() {
            let n = copies(era, s).unwrap_or(1);
            if n > 1 {
                out.push(
                    Diagnostic::warning(
                        "singleton",
                        replicas_span(s),
                        format!(
                            "queue `{}` must be served by exactly one process, but `{}`, which serves it, {}",
                            q.id,
                            s.id,
                            copies_text(s, n)
                        ),
                    )
                    .with_label("more than one copy")
                    .with_related(q.span.clone(), "the queue is declared `singleton = true` here")
                    .with_hint(format!("move `{}` to a workload of its own with `replicas = 1`", q.id)),
                );
            }
        }
    }
    for item in era
        .items
        .values()
        .filter(|i| i.flag("singleton") == Some(true))
    {
        let n = copies(era, item).unwrap_or(1);
        if n > 1 {
            let mut d = Diagnostic::warning(
                "singleton",
                replicas_span(item),
                format!(
                    "`{}` must run as exactly one copy, but {}",
                    item.id,
                    copies_text(item, n)
                ),
            )
            .with_label("more than one copy")
            .with_hint("set `replicas = 1`");
            if let Some(a) = item.attrs.get("singleton") {
                d = d.with_related(a.span.clone(), "declared a singleton here");
            }
            out.push(d);
        }
    }
}

fn queue_coverage(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let era = ctx.era;
    for q in era.queues.values() {
        let serves = era.items.values().any(|i| i.list("queues").contains(&q.id));
        if serves {
            continue;
        }
        let producers: Vec<&Item> = era
            .items
            .values()
            .filter(|i| i.list("enqueues").contains(&q.id))
            .collect();
        if producers.is_empty() {
            continue;
        }
        let mut d = Diagnostic::warning(
            "queue-coverage",
            q.span.clone(),
            format!(
                "jobs are put on queue `{}` by {}, but no workload serves it",
                q.id,
                names(producers.iter().map(|p| p.id.as_str()))
            ),
        )
        .with_label("no workload lists this queue in `queues`")
        .with_hint(format!(
            "add \"{}\" to the `queues` of a worker, or stop enqueuing on it",
            q.id
        ));
        for p in producers {
            if let Some(a) = p.attrs.get("enqueues") {
                d = d.with_related(
                    ctx.element(&a.span, &q.id),
                    format!("`{}` enqueues here", p.id),
                );
            }
        }
        out.push(d);
    }
}

/// The run-time dependency graph: one node per item (its index in `era.items`), an edge for
/// every dependency link between existing items and for every Service `selects`. The edge
/// weight is the index of the link, or `None` for `selects`.
fn dependency_graph(era: &Era) -> DiGraph<usize, Option<usize>> {
    let mut g = DiGraph::with_capacity(era.items.len(), era.links.len());
    for i in 0..era.items.len() {
        g.add_node(i);
    }
    for (li, l) in era.links.iter().enumerate() {
        if !l.kind.is_dependency() || l.from.id == l.to.id {
            continue;
        }
        if let (Some(a), Some(b)) = (
            era.items.get_index_of(&l.from.id),
            era.items.get_index_of(&l.to.id),
        ) {
            g.add_edge(NodeIndex::new(a), NodeIndex::new(b), Some(li));
        }
    }
    for (a, item) in era.items.values().enumerate() {
        for id in item.list("selects") {
            if let Some(b) = era.items.get_index_of(id)
                && a != b
            {
                g.add_edge(NodeIndex::new(a), NodeIndex::new(b), None);
            }
        }
    }
    g
}

fn id_of(era: &Era, i: usize) -> &str {
    era.items.get_index(i).map_or("", |(k, _)| k.as_str())
}

fn dependency_cycle(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let era = ctx.era;
    let g = dependency_graph(era);
    for scc in tarjan_scc(&g) {
        if scc.len() < 2 {
            continue;
        }
        let members: BTreeSet<usize> = scc.iter().map(|n| n.index()).collect();
        let first = *members.iter().next().expect("non-empty");
        // One concrete cycle through the earliest member, found breadth-first inside the SCC.
        let mut prev: Vec<Option<(usize, EdgeIndex)>> = vec![None; era.items.len()];
        let mut queue = std::collections::VecDeque::from([first]);
        let mut seen = HashSet::from([first]);
        let mut closing = None;
        'bfs: while let Some(u) = queue.pop_front() {
            let mut edges: Vec<_> = g.edges(NodeIndex::new(u)).collect();
            edges.sort_by_key(|e| (e.weight().unwrap_or(usize::MAX), e.target().index()));
            for e in edges {
                let v = e.target().index();
                if !members.contains(&v) {
                    continue;
                }
                if v == first {
                    closing = Some((u, e.id()));
                    break 'bfs;
                }
                if seen.insert(v) {
                    prev[v] = Some((u, e.id()));
                    queue.push_back(v);
                }
            }
        }
        let Some((last, closing_edge)) = closing else {
            continue;
        };
        let mut path = vec![(last, closing_edge)];
        let mut cur = last;
        while let Some((p, e)) = prev[cur] {
            path.push((p, e));
            cur = p;
        }
        path.reverse();
        let mut chain: Vec<&str> = path.iter().map(|(u, _)| id_of(era, *u)).collect();
        chain.push(id_of(era, first));
        let link_span = |e: EdgeIndex, u: usize| -> Span {
            match g[e] {
                Some(li) => era.links[li].to.span.clone(),
                None => era
                    .items
                    .get_index(u)
                    .map(|(_, i)| {
                        i.attrs
                            .get("selects")
                            .map_or(i.span.clone(), |a| a.span.clone())
                    })
                    .expect("item"),
            }
        };
        let mut message = format!(
            "dependency cycle: {}",
            chain
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(" -> ")
        );
        if members.len() > path.len() {
            message.push_str(&format!(
                " (the cycle's {} members: {})",
                members.len(),
                names(members.iter().map(|&m| id_of(era, m)))
            ));
        }
        let mut d = Diagnostic::warning("dependency-cycle", link_span(path[0].1, path[0].0), message)
            .with_label(format!("`{}` depends on `{}` here", chain[0], chain[1]))
            .with_hint("break the cycle, or fix a link that points the wrong way; monitors, deploys and backups are not dependencies");
        for (u, e) in &path[1..] {
            let next = g
                .edge_endpoints(*e)
                .map_or("", |(_, t)| id_of(era, t.index()));
            d = d.with_related(
                link_span(*e, *u),
                format!("`{}` depends on `{next}` here", id_of(era, *u)),
            );
        }
        out.push(d);
    }
}

fn orphan(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let era = ctx.era;
    let mut related: HashSet<&str> = HashSet::new();
    for l in &era.links {
        related.insert(&l.from.id);
        related.insert(&l.to.id);
    }
    for item in era.items.values() {
        if let Some(p) = &item.parent {
            related.insert(&p.id);
        }
        for key in ["selects", "liveness-depends-on", "readiness-depends-on"] {
            let refs = item.list(key);
            if !refs.is_empty() {
                related.insert(&item.id);
                related.extend(refs.iter().map(String::as_str));
            }
        }
        if !item.list("queues").is_empty() || !item.list("enqueues").is_empty() {
            related.insert(&item.id);
        }
    }
    for q in era.queues.values() {
        if let Some(b) = &q.broker {
            related.insert(&b.id);
        }
    }
    for item in era.items.values() {
        if related.contains(item.id.as_str()) {
            continue;
        }
        // A machine placed in a cluster or provider is part of it (a node gives its cluster
        // capacity), not a forgotten item.
        if item.kind.category() == Category::Machine && item.parent.is_some() {
            continue;
        }
        out.push(
            Diagnostic::warning(
                "orphan",
                item.span.clone(),
                format!("`{}` is an orphan: no link reaches it and it reaches nothing", item.id),
            )
            .with_label("no links, contains nothing")
            .with_hint(format!(
                "add the links that explain it ([[links]] from = \"...\" to = \"{}\"), or remove it",
                item.id
            )),
        );
    }
}

/// Indices of the items placed directly in each item, built once per era.
fn placement_tree(era: &Era) -> Vec<Vec<usize>> {
    let mut children = vec![Vec::new(); era.items.len()];
    for (i, item) in era.items.values().enumerate() {
        if let Some(p) = item
            .parent
            .as_ref()
            .and_then(|p| era.items.get_index_of(&p.id))
        {
            children[p].push(i);
        }
    }
    children
}

/// Indices of everything placed (transitively) in `root`, in declaration order.
fn descendants(children: &[Vec<usize>], root: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut seen = HashSet::from([root]);
    let mut stack = vec![root];
    while let Some(i) = stack.pop() {
        for &c in &children[i] {
            if seen.insert(c) {
                out.push(c);
                stack.push(c);
            }
        }
    }
    out.sort_unstable();
    out
}

/// What the `capacity` lint adds up.
#[derive(Clone, Copy)]
enum Resource {
    Cpu,
    Memory,
}

impl Resource {
    fn key(self) -> &'static str {
        match self {
            Resource::Cpu => "cpu",
            Resource::Memory => "memory",
        }
    }

    fn capacity(self, machine: &Item) -> Option<u64> {
        match self {
            Resource::Cpu => machine.cpu("cpu"),
            Resource::Memory => machine.memory("memory"),
        }
    }

    fn request(self, workload: &Item) -> Option<u64> {
        match self {
            Resource::Cpu => workload.cpu("cpu-request"),
            Resource::Memory => workload.memory("memory-request"),
        }
    }

    fn show(self, v: u64) -> String {
        match self {
            Resource::Cpu => format!("{} CPU", Cpu(v)),
            Resource::Memory => format!("{} of memory", Memory(v)),
        }
    }
}

fn capacity(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let era = ctx.era;
    let children = placement_tree(era);
    for (h, host) in era.items.values().enumerate() {
        if !matches!(
            host.kind,
            Kind::Vm | Kind::Node | Kind::Cluster | Kind::Generic
        ) {
            continue;
        }
        let inside = descendants(&children, h);
        if inside.is_empty() {
            continue;
        }
        let item = |i: usize| era.items.get_index(i).expect("descendant").1;
        for res in [Resource::Cpu, Resource::Memory] {
            let have = if host.kind == Kind::Cluster {
                let nodes: Vec<u64> = inside
                    .iter()
                    .map(|&i| item(i))
                    .filter(|i| i.kind == Kind::Node)
                    .filter_map(|n| res.capacity(n))
                    .collect();
                (!nodes.is_empty()).then(|| nodes.iter().sum())
            } else {
                res.capacity(host)
            };
            let (key, request, show) = (res.key(), |i: &Item| res.request(i), |v| res.show(v));
            let Some(have) = have else { continue };
            let mut parts: Vec<(u64, String)> = inside
                .iter()
                .map(|&i| item(i))
                .filter_map(|i| {
                    let r = request(i)?;
                    let n = copies(era, i).unwrap_or(1).max(0) as u64;
                    let total = r.saturating_mul(n);
                    let text = if n == 1 {
                        format!("`{}` {}", i.id, show(r))
                    } else {
                        format!("`{}` {n} × {}", i.id, show(r))
                    };
                    Some((total, text))
                })
                .collect();
            let want: u64 = parts.iter().fold(0u64, |a, (t, _)| a.saturating_add(*t));
            if want <= have {
                continue;
            }
            parts.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            let biggest: Vec<String> = parts.iter().take(5).map(|p| p.1.clone()).collect();
            let what = if host.kind == Kind::Cluster {
                "its nodes have"
            } else {
                "it has"
            };
            let span = if host.kind == Kind::Cluster {
                host.span.clone()
            } else {
                host.attrs
                    .get(key)
                    .map_or(host.span.clone(), |a| a.span.clone())
            };
            out.push(
                Diagnostic::warning(
                    "capacity",
                    span,
                    format!(
                        "what is placed on `{}` requests {}, but {what} {}",
                        host.id,
                        show(want),
                        show(have)
                    ),
                )
                .with_label(format!("{} requested", show(want)))
                .with_hint(format!("largest requests: {}", biggest.join(", "))),
            );
        }
    }
}

fn in_kubernetes(era: &Era, item: &Item) -> bool {
    era.ancestors(&item.id)
        .iter()
        .any(|a| matches!(a.kind, Kind::Cluster | Kind::Namespace | Kind::Node))
}

fn stateful_without_volume(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let era = ctx.era;
    for item in era.items.values() {
        let stateful = item.kind.category() == Category::Store || item.kind == Kind::StatefulSet;
        if !stateful || !in_kubernetes(era, item) {
            continue;
        }
        if item.get("volume").is_some() || item.flag("persistent") == Some(true) {
            continue;
        }
        let explicit = item.flag("persistent") == Some(false);
        out.push(
            Diagnostic::warning(
                "stateful-without-volume",
                item.attrs.get("persistent").map_or(item.span.clone(), |a| a.span.clone()),
                format!(
                    "`{}` ({}) keeps data inside Kubernetes but has no persistent volume",
                    item.id,
                    item.kind.title()
                ),
            )
            .with_label(if explicit { "`persistent = false`" } else { "no `volume`" })
            .with_hint("its data is lost when the pod restarts or moves; add `volume = \"...\"`, or `persistent = true` if the volume is declared elsewhere"),
        );
    }
}

fn unmonitored(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let era = ctx.era;
    let watched: HashSet<&str> = era
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Monitors)
        .map(|l| l.to.id.as_str())
        .collect();
    if watched.is_empty() {
        return;
    }
    // Traffic items that are watched cover what they send traffic to.
    let mut covered: HashSet<&str> = watched.clone();
    for item in era
        .items
        .values()
        .filter(|i| watched.contains(i.id.as_str()))
    {
        covered.extend(item.list("selects").iter().map(String::as_str));
        for l in &era.links {
            if l.from.id == item.id && l.kind == LinkKind::Routes {
                covered.insert(&l.to.id);
            }
        }
    }
    for item in era.items.values() {
        if item.kind.category() != Category::Workload || item.kind == Kind::Job {
            continue;
        }
        if item.kind == Kind::CronJob {
            if !watched.contains(item.id.as_str()) {
                out.push(
                    Diagnostic::warning(
                        "unmonitored",
                        item.span.clone(),
                        format!("CronJob `{}` has no heartbeat: no `monitors` link points at it", item.id),
                    )
                    .with_label("nothing notices when it stops running")
                    .with_hint(format!(
                        "add a heartbeat check: [[links]] from = \"...\" to = \"{}\" kind = \"monitors\"",
                        item.id
                    )),
                );
            }
            continue;
        }
        let ancestors = era.ancestors(&item.id);
        if covered.contains(item.id.as_str())
            || ancestors.iter().any(|a| watched.contains(a.id.as_str()))
        {
            continue;
        }
        out.push(
            Diagnostic::warning(
                "unmonitored",
                item.span.clone(),
                format!("nothing monitors `{}`", item.id),
            )
            .with_label("no `monitors` link to it, to what it runs in, or to what routes to it")
            .with_hint(format!(
                "add [[links]] from = \"...\" to = \"{}\" kind = \"monitors\", or monitor what it runs in",
                item.id
            )),
        );
    }
}

/// Items whose requests are served by a provider (a database in a SaaS or cloud account):
/// their redundancy is the provider's business. A store on a VM the user runs inside a cloud
/// account is not managed: the nearest host decides, plain groups aside.
fn managed(era: &Era, item: &Item) -> bool {
    let host = era
        .ancestors(&item.id)
        .into_iter()
        .find(|a| a.kind != Kind::Group && a.kind != Kind::Generic);
    host.is_some_and(|h| matches!(h.kind, Kind::Saas | Kind::CloudProvider))
        && matches!(item.kind.category(), Category::Store | Category::Traffic)
}

fn single_point_of_failure(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let era = ctx.era;
    let entries: Vec<usize> = era
        .items
        .values()
        .enumerate()
        .filter(|(_, i)| i.kind == Kind::Users)
        .map(|(n, _)| n)
        .collect();
    if entries.is_empty() {
        return;
    }
    let mut g = dependency_graph(era);
    let root = g.add_node(usize::MAX);
    for &e in &entries {
        g.add_edge(root, NodeIndex::new(e), None);
    }
    let dom = dominators::simple_fast(&g, root);
    // For each candidate: the items it cuts off (it strictly dominates them).
    let mut cuts: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut stores: BTreeSet<usize> = BTreeSet::new();
    for w in 0..era.items.len() {
        let wn = NodeIndex::new(w);
        let Some(doms) = dom.strict_dominators(wn) else {
            continue;
        };
        for d in doms {
            if d != root {
                cuts.entry(d.index()).or_default().push(w);
            }
        }
        if era.items[w].kind.category() == Category::Store {
            stores.insert(w);
        }
    }
    let entry_names = names(entries.iter().map(|&e| id_of(era, e)));
    let candidates: BTreeSet<usize> = cuts.keys().copied().chain(stores.iter().copied()).collect();
    for c in candidates {
        let item = &era.items[c];
        if item.kind == Kind::Users || managed(era, item) || copies(era, item) != Some(1) {
            continue;
        }
        let message = match cuts.get(&c) {
            Some(behind) => format!(
                "`{}` is a single point of failure: it runs as one copy and every path from {entry_names} to {} goes through it",
                item.id,
                names(behind.iter().map(|&w| id_of(era, w)))
            ),
            None => {
                let users: Vec<&str> = g
                    .neighbors_directed(NodeIndex::new(c), petgraph::Direction::Incoming)
                    .filter(|n| *n != root && dom.dominators(*n).is_some())
                    .map(|n| id_of(era, n.index()))
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                format!(
                    "`{}` is a single point of failure: a data store that runs as one copy, used by {} on the paths from {entry_names}",
                    item.id,
                    names(users)
                )
            }
        };
        out.push(
            Diagnostic::warning("single-point-of-failure", replicas_span(item), message)
                .with_label("one copy")
                .with_hint("run more replicas or add a second path; if the risk is accepted, allow the lint and say why in a comment"),
        );
    }
}

fn probe_shares_dependency(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let era = ctx.era;
    let mut by_dep: BTreeMap<usize, Vec<&Item>> = BTreeMap::new();
    for item in era.items.values() {
        let mut deps: Vec<usize> = item
            .list("liveness-depends-on")
            .iter()
            .filter_map(|d| era.items.get_index_of(d))
            .collect();
        deps.sort_unstable();
        deps.dedup();
        for d in deps {
            by_dep.entry(d).or_default().push(item);
        }
    }
    for (dep, workloads) in by_dep {
        if workloads.len() < 2 {
            continue;
        }
        let dep = id_of(era, dep);
        let at = |w: &Item| {
            w.attrs
                .get("liveness-depends-on")
                .map_or(w.span.clone(), |a| ctx.element(&a.span, dep))
        };
        let mut d = Diagnostic::warning(
            "probe-shares-dependency",
            at(workloads[0]),
            format!(
                "liveness probes of {} all depend on `{dep}`: one blip of `{dep}` restarts them all at once",
                names(workloads.iter().map(|w| w.id.as_str()))
            ),
        )
        .with_label("liveness depends on a shared item")
        .with_hint("let liveness probes check only the process itself; check dependencies in readiness probes (`readiness-depends-on`)");
        for w in &workloads[1..] {
            d = d.with_related(at(w), format!("`{}` depends on it too", w.id));
        }
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_lint_rule_has_one_lint_in_documentation_order() {
        let ids: Vec<&str> = super::ALL.iter().map(|(id, _)| *id).collect();
        let documented: Vec<&str> = crate::check::rules::LINTS.iter().map(|r| r.id).collect();
        assert_eq!(ids, documented);
    }
}
