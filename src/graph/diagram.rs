//! The diagram graph: the contract between the model (or a diff) and layout.

use crate::model::{Category, Era, Item, Kind, Link, LinkKind, Value};
use serde::Serialize;

/// How a node or edge is marked in a diff picture; [`Mark::Plain`] in a normal render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    /// Drawn normally (and unchanged, in a diff).
    Plain,
    /// Only in the after era.
    Added,
    /// Only in the before era.
    Removed,
    /// In both, with changed attributes.
    Changed,
    /// In both, placed in another container (drawn where it is after).
    Moved,
    /// Where a moved item was before: an outline only.
    Ghost,
}

/// One node of a diagram.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiagramNode {
    /// Unique id (the inventory id; ghosts get `id~before`).
    pub id: String,
    /// The item kind; decides the shape and colours.
    pub kind: Kind,
    /// The name drawn.
    pub label: String,
    /// A short second line in italics: kind, replicas, schedule, queues. `None`: no caption.
    pub caption: Option<String>,
    /// Index of the containing node; always smaller than this node's index.
    pub parent: Option<usize>,
    /// `key: value` lines for the tooltip.
    pub tooltip: Vec<String>,
    /// Diff mark.
    pub mark: Mark,
}

/// One edge of a diagram.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiagramEdge {
    /// Index of the start node.
    pub from: usize,
    /// Index of the end node.
    pub to: usize,
    /// What the relation is; decides dashes and heads.
    pub kind: LinkKind,
    /// Text on the arrow.
    pub label: Option<String>,
    /// `key: value` lines for the tooltip.
    pub tooltip: Vec<String>,
    /// Diff mark.
    pub mark: Mark,
}

/// A diagram: nodes (parents before children, siblings in declaration order) and edges.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Diagram {
    /// Title drawn at the top.
    pub title: String,
    /// One sentence for the SVG `<desc>`.
    pub description: String,
    /// Nodes, parents first.
    pub nodes: Vec<DiagramNode>,
    /// Edges, in link order.
    pub edges: Vec<DiagramEdge>,
}

impl Diagram {
    /// Index of the node with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// Whether some node sits in node `i`.
    pub fn is_container(&self, i: usize) -> bool {
        self.nodes.iter().any(|n| n.parent == Some(i))
    }

    /// Nesting depth of node `i` (0 at the top level).
    pub fn depth(&self, i: usize) -> usize {
        let mut d = 0;
        let mut cur = self.nodes[i].parent;
        while let Some(p) = cur {
            d += 1;
            cur = self.nodes[p].parent;
        }
        d
    }
}

/// The caption under an item's name: what a reader needs to know at a glance.
pub fn caption(item: &Item) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let replicas = item.int("replicas");
    match item.kind {
        Kind::CronJob | Kind::Job => {
            let mut s = item.kind.title().to_string();
            if let Some(c) = item.str("schedule") {
                s.push(' ');
                s.push_str(c);
            }
            parts.push(s);
        }
        Kind::Service => parts.push(match item.str("type") {
            Some(t) => format!("Service ({t})"),
            None => "Service".into(),
        }),
        Kind::Generic => parts.push(item.str("type").unwrap_or("item").to_string()),
        k if k.category() == Category::Machine => {
            let mut s = String::new();
            if let Some(c) = item.cpu("cpu") {
                s.push_str(&format!("{} CPU", crate::model::value::Cpu(c)));
            }
            if let Some(m) = item.get("memory") {
                if !s.is_empty() {
                    s.push_str(" / ");
                }
                s.push_str(&m.display());
            }
            if let Some(t) = item.str("machine-type") {
                s = if s.is_empty() {
                    t.to_string()
                } else {
                    format!("{t}, {s}")
                };
            }
            if !s.is_empty() {
                parts.push(s);
            }
        }
        k => {
            let mut s = k.title().to_string();
            if let Some(r) = replicas.filter(|r| *r != 1) {
                s.push_str(&format!(" ×{r}"));
            }
            if let Some(v) = item.str("version") {
                s.push_str(&format!(" {v}"));
            }
            parts.push(s);
        }
    }
    if let Some(role) = item.str("role") {
        parts.push(role.to_string());
    }
    let queues = item.list("queues");
    if !queues.is_empty() {
        parts.push(format!("queues: {}", queues.join(", ")));
    }
    let text = parts.join(" · ");
    // An empty caption says nothing, and one that repeats the name ("PostgreSQL" under
    // "PostgreSQL") only adds noise.
    if text.is_empty() || text.eq_ignore_ascii_case(item.display_name()) {
        None
    } else {
        Some(text)
    }
}

/// Tooltip lines for an item: kind then every attribute, `key: value`.
pub fn tooltip(item: &Item) -> Vec<String> {
    let mut lines = vec![format!("{} ({})", item.id, item.kind.name())];
    for (k, a) in &item.attrs {
        if let Value::Table(t) = &a.value {
            lines.extend(t.iter().map(|(mk, mv)| format!("{mk}: {mv}")));
        } else {
            lines.push(format!("{k}: {}", a.value.display()));
        }
    }
    lines
}

/// Tooltip lines for a link: `from kind to`, then every attribute, `key: value`.
pub fn link_tooltip(l: &Link) -> Vec<String> {
    let mut lines = vec![format!("{} {} {}", l.from.id, l.kind.name(), l.to.id)];
    lines.extend(
        l.attrs
            .iter()
            .map(|(k, a)| format!("{k}: {}", a.value.display())),
    );
    lines
}

/// The diagram of one era. References must already be valid (`check` passed); links to
/// unknown items and placement cycles are skipped rather than drawn wrong.
pub fn from_era(era: &Era) -> Diagram {
    let mut nodes: Vec<DiagramNode> = Vec::new();
    // Children of each container (None: the top level) in declaration order, gathered once:
    // asking the era per node is quadratic at thousands of items.
    let mut children: std::collections::HashMap<Option<&str>, Vec<&str>> =
        std::collections::HashMap::new();
    for i in era.items.values() {
        let parent = i.parent.as_ref().map(|p| p.id.as_str());
        children.entry(parent).or_default().push(i.id.as_str());
    }
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    // Depth-first from the top level keeps parents first and siblings in declaration order.
    let mut stack: Vec<(&str, Option<usize>)> = children
        .get(&None)
        .into_iter()
        .flatten()
        .map(|&id| (id, None))
        .collect();
    stack.reverse();
    while let Some((id, parent)) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let item = &era.items[id];
        nodes.push(DiagramNode {
            id: item.id.clone(),
            kind: item.kind,
            label: item.display_name().to_string(),
            caption: caption(item),
            parent,
            tooltip: tooltip(item),
            mark: Mark::Plain,
        });
        let me = nodes.len() - 1;
        let mut kids: Vec<(&str, Option<usize>)> = children
            .get(&Some(id))
            .into_iter()
            .flatten()
            .map(|&c| (c, Some(me)))
            .collect();
        kids.reverse();
        stack.extend(kids);
    }
    let index: std::collections::HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let edges = era
        .links
        .iter()
        .filter_map(|l| {
            let (from, to) = (
                *index.get(l.from.id.as_str())?,
                *index.get(l.to.id.as_str())?,
            );
            let tooltip = link_tooltip(l);
            Some(DiagramEdge {
                from,
                to,
                kind: l.kind,
                label: l.label.clone(),
                tooltip,
                mark: Mark::Plain,
            })
        })
        .collect();
    Diagram {
        title: era.title.clone(),
        description: format!(
            "{}: {} items, {} links (era `{}`)",
            era.title,
            era.items.len(),
            era.links.len(),
            era.name
        ),
        nodes,
        edges,
    }
}
