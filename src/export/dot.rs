//! Graphviz DOT: a `digraph` with one `subgraph cluster_*` per container.
//!
//! Every identifier and label is a quoted DOT string, so any inventory id is a valid node
//! id. DOT cannot point an edge at a cluster, and zukai links may point at containers (a
//! link to a VM): each container gets an invisible anchor node inside its cluster, named
//! like the container, and edges to it are clipped at the cluster border with
//! `lhead`/`ltail` (`compound=true`). Clipping is left out where it would make Graphviz
//! warn: an edge between a container and something inside it, or a loop.

use super::{Line, Shape, contains, node_text, tree};
use crate::graph::Diagram;
use std::fmt::Write;

/// Writes a diagram as a DOT `digraph`.
pub fn write(d: &Diagram) -> String {
    let (roots, children) = tree(d);
    let mut out = String::new();
    let _ = writeln!(out, "// {}", d.title.replace(['\n', '\r'], " "));
    out.push_str("// Written by zukai export; edit the inventory, not this file.\n");
    out.push_str("digraph zukai {\n");
    let _ = writeln!(out, "  label={};", string(&d.title));
    // `newrank` ranks the whole graph at once instead of cluster by cluster; without it
    // Graphviz 2.43 fails ("trouble in init_rank") on some labelled edges between clusters.
    out.push_str(
        "  labelloc=t;\n  fontsize=20;\n  rankdir=LR;\n  compound=true;\n  newrank=true;\n",
    );
    out.push_str("  node [fontsize=12];\n  edge [fontsize=10];\n");
    for &r in &roots {
        write_node(&mut out, d, &children, r, 1);
    }
    for e in &d.edges {
        let mut attrs: Vec<String> = Vec::new();
        if let Some(l) = &e.label {
            attrs.push(format!("label={}", string(l)));
        }
        match Line::of(e.kind) {
            Line::Solid => {}
            Line::Dashed => attrs.push("style=dashed".into()),
            Line::Both => attrs.push("dir=both".into()),
        }
        if e.from != e.to {
            if !children[e.from].is_empty() && !contains(d, e.from, e.to) {
                attrs.push(format!("ltail={}", string(&cluster(d, e.from))));
            }
            if !children[e.to].is_empty() && !contains(d, e.to, e.from) {
                attrs.push(format!("lhead={}", string(&cluster(d, e.to))));
            }
        }
        if !e.tooltip.is_empty() {
            attrs.push(format!("tooltip={}", string(&e.tooltip.join("\n"))));
        }
        let _ = write!(
            out,
            "  {} -> {}",
            string(&d.nodes[e.from].id),
            string(&d.nodes[e.to].id)
        );
        if !attrs.is_empty() {
            let _ = write!(out, " [{}]", attrs.join(", "));
        }
        out.push_str(";\n");
    }
    out.push_str("}\n");
    out
}

fn write_node(out: &mut String, d: &Diagram, children: &[Vec<usize>], i: usize, depth: usize) {
    let pad = "  ".repeat(depth);
    let n = &d.nodes[i];
    let tooltip = string(&n.tooltip.join("\n"));
    if children[i].is_empty() {
        let (shape, style) = shape(Shape::of(n.kind));
        let _ = write!(
            out,
            "{pad}{} [label={}, shape={shape}",
            string(&n.id),
            string(&node_text(d, i))
        );
        if let Some(s) = style {
            let _ = write!(out, ", style={s}");
        }
        let _ = writeln!(out, ", tooltip={tooltip}];");
        return;
    }
    let _ = writeln!(out, "{pad}subgraph {} {{", string(&cluster(d, i)));
    let _ = writeln!(out, "{pad}  label={};", string(&node_text(d, i)));
    // Clusters would inherit the title's size.
    let _ = writeln!(out, "{pad}  fontsize=14;");
    let _ = writeln!(out, "{pad}  tooltip={tooltip};");
    let _ = writeln!(
        out,
        "{pad}  {} [shape=point, style=invis, width=0.01, height=0.01, label=\"\"];",
        string(&n.id)
    );
    for &c in &children[i] {
        write_node(out, d, children, c, depth + 1);
    }
    let _ = writeln!(out, "{pad}}}");
}

/// The cluster name of container `i`; Graphviz treats a subgraph as a cluster only when its
/// name starts with `cluster`.
fn cluster(d: &Diagram, i: usize) -> String {
    format!("cluster_{}", d.nodes[i].id)
}

fn shape(s: Shape) -> (&'static str, Option<&'static str>) {
    match s {
        Shape::Box => ("box", None),
        Shape::Machine => ("box3d", None),
        Shape::Workload => ("component", None),
        Shape::Batch => ("box", Some("rounded")),
        Shape::Cylinder => ("cylinder", None),
        Shape::Hexagon => ("hexagon", None),
        Shape::Parallelogram => ("parallelogram", None),
        // Graphviz has no person or cloud outline; an oval and an egg are the nearest.
        Shape::Person => ("oval", None),
        Shape::Cloud => ("egg", None),
        Shape::Page => ("note", None),
    }
}

/// A quoted DOT string holding exactly `s`. Graphviz reads `\` escapes in labels (`\N` is
/// the node name, `\l` a left-justified break) and HTML entities (`&amp;`), so a
/// backslash is doubled and `&` written as `&amp;`.
pub fn string(s: &str) -> String {
    super::quoted(s, |c| match c {
        '"' => Some("\\\""),
        '\\' => Some("\\\\"),
        '&' => Some("&amp;"),
        '\n' => Some("\\n"),
        '\t' => Some("\t"),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_quotes_backslashes_and_newlines() {
        assert_eq!(string("a\"b\\N\nc&amp;"), r#""a\"b\\N\nc&amp;amp;""#);
    }
}
