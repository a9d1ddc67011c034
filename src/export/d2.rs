//! d2: the placement tree as nested containers, a shape per kind, tooltips with the
//! attributes, links as connections between full paths.
//!
//! Every label is a double-quoted d2 string, where d2 reads `\` escapes and `${...}`
//! substitutions, so `\`, `"`, `$` and control characters are escaped. Keys stay bare when
//! d2 would read them as one plain name; the rest (dots, `--`, keywords such as `shape` or
//! `label`, non-ASCII) are quoted. d2 compares keys ignoring case, so `Web` and `web` get
//! distinct keys (`web_2`).
//!
//! d2's dagre layout refuses a connection between a container and something inside it (a
//! monitoring agent that watches the cluster it runs in) and a loop on a container. Such a
//! container gets a small anchor node inside it, `<key>_self`, and those connections end
//! there instead.

use super::{Line, Shape, contains, node_text, tree, unique_ids};
use crate::graph::Diagram;
use std::fmt::Write;

/// Keys d2 reserves (`d2graph` keywords, style keywords, board keywords). An item with one
/// of these ids is written quoted.
const KEYWORDS: &[&str] = &[
    "label",
    "desc",
    "shape",
    "icon",
    "constraint",
    "tooltip",
    "link",
    "near",
    "width",
    "height",
    "direction",
    "top",
    "left",
    "grid-rows",
    "grid-columns",
    "grid-gap",
    "vertical-gap",
    "horizontal-gap",
    "class",
    "classes",
    "vars",
    "style",
    "source-arrowhead",
    "target-arrowhead",
    "opacity",
    "stroke",
    "fill",
    "fill-pattern",
    "stroke-width",
    "stroke-dash",
    "border-radius",
    "font",
    "font-size",
    "font-color",
    "bold",
    "italic",
    "underline",
    "shadow",
    "multiple",
    "double-border",
    "3d",
    "animated",
    "filled",
    "text-transform",
    "layers",
    "scenarios",
    "steps",
    "legend-label",
    "suspend",
    "unsuspend",
    "null",
    "_",
];

/// Writes a diagram as d2 source.
pub fn write(d: &Diagram) -> String {
    let (roots, children) = tree(d);
    let n = d.nodes.len();
    // Which end of each link goes to its container's anchor rather than the container.
    let ends: Vec<(bool, bool)> = d
        .edges
        .iter()
        .map(|e| {
            let looped = e.from == e.to && !children[e.from].is_empty();
            (
                looped || contains(d, e.from, e.to),
                looped || contains(d, e.to, e.from),
            )
        })
        .collect();
    let mut anchored = vec![false; n];
    for (e, &(from, to)) in d.edges.iter().zip(&ends) {
        anchored[e.from] |= from;
        anchored[e.to] |= to;
    }
    let anchor_names: Vec<String> = d.nodes.iter().map(|n| format!("{}_self", n.id)).collect();
    // Keys: one per node, then the title, then one anchor per node (used where anchored).
    let keys = unique_ids(
        d.nodes
            .iter()
            .map(|n| n.id.as_str())
            .chain(std::iter::once("title"))
            .chain(anchor_names.iter().map(String::as_str)),
        |s| s.to_string(),
        |s| s.to_lowercase(),
    );
    let w = Writer {
        d,
        keys: &keys,
        children: &children,
        anchored: &anchored,
    };
    let mut out = String::new();
    let _ = writeln!(out, "# {}", comment(&d.title));
    let _ = writeln!(
        out,
        "# Written by zukai export; edit the inventory, not this file."
    );
    out.push_str("direction: right\n");
    let _ = writeln!(
        out,
        "{}: {} {{\n  shape: text\n  near: top-center\n  style.font-size: 28\n  style.bold: true\n}}",
        key(&keys[n]),
        string(&d.title)
    );
    for &r in &roots {
        w.node(&mut out, r, 0);
    }
    if !d.edges.is_empty() {
        out.push('\n');
    }
    for (e, &(from_anchor, to_anchor)) in d.edges.iter().zip(&ends) {
        let arrow = match Line::of(e.kind) {
            Line::Both => "<->",
            _ => "->",
        };
        let end = |i: usize, anchor: bool| {
            if anchor { w.anchor_path(i) } else { w.path(i) }
        };
        let (from, to) = (end(e.from, from_anchor), end(e.to, to_anchor));
        let _ = write!(out, "{from} {arrow} {to}");
        if let Some(l) = &e.label {
            let _ = write!(out, ": {}", string(l));
        }
        if Line::of(e.kind) == Line::Dashed {
            out.push_str(" {style.stroke-dash: 4}");
        }
        out.push('\n');
    }
    out
}

/// What writing nodes and paths needs to know about the whole diagram.
struct Writer<'a> {
    d: &'a Diagram,
    /// Node keys, the title key at `nodes.len()`, then anchor keys.
    keys: &'a [String],
    children: &'a [Vec<usize>],
    /// Containers that need an anchor node.
    anchored: &'a [bool],
}

impl Writer<'_> {
    fn node(&self, out: &mut String, i: usize, depth: usize) {
        let pad = "  ".repeat(depth);
        let n = &self.d.nodes[i];
        // Containers stay boxes, as zukai draws them; a cloud or person outline around
        // other items reads as a leaf that swallowed its neighbours.
        let shape = if self.children[i].is_empty() {
            shape(Shape::of(n.kind))
        } else {
            "rectangle"
        };
        let _ = writeln!(
            out,
            "{pad}{}: {} {{",
            key(&self.keys[i]),
            string(&node_text(self.d, i))
        );
        let _ = writeln!(out, "{pad}  shape: {shape}");
        if !n.tooltip.is_empty() {
            let _ = writeln!(out, "{pad}  tooltip: {}", tooltip(&n.tooltip.join("\n")));
        }
        if self.anchored[i] {
            let _ = writeln!(
                out,
                "{pad}  {}: \"\" {{\n{pad}    shape: circle\n{pad}    width: 12\n{pad}    tooltip: {}\n{pad}  }}",
                key(&self.anchor_key(i)),
                tooltip(&format!("{} itself", n.label))
            );
        }
        for &c in &self.children[i] {
            self.node(out, c, depth + 1);
        }
        let _ = writeln!(out, "{pad}}}");
    }

    fn anchor_key(&self, i: usize) -> String {
        self.keys[self.d.nodes.len() + 1 + i].clone()
    }

    /// The full path of node `i`: the keys of its containers and its own, joined by `.`.
    fn path(&self, i: usize) -> String {
        let mut parts = vec![key(&self.keys[i])];
        let mut cur = self.d.nodes[i].parent;
        while let Some(p) = cur {
            parts.push(key(&self.keys[p]));
            cur = self.d.nodes[p].parent;
        }
        parts.reverse();
        parts.join(".")
    }

    /// The path of container `i`'s anchor node.
    fn anchor_path(&self, i: usize) -> String {
        format!("{}.{}", self.path(i), key(&self.anchor_key(i)))
    }
}

fn shape(s: Shape) -> &'static str {
    match s {
        Shape::Box | Shape::Machine | Shape::Workload => "rectangle",
        Shape::Batch => "step",
        Shape::Cylinder => "cylinder",
        Shape::Hexagon => "hexagon",
        Shape::Parallelogram => "parallelogram",
        Shape::Person => "person",
        Shape::Cloud => "cloud",
        Shape::Page => "page",
    }
}

/// A key as d2 must see it: bare when it is one plain ASCII name, else quoted.
fn key(k: &str) -> String {
    let plain = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !k.starts_with('-')
        && !k.ends_with('-')
        && !k.contains("--")
        && !KEYWORDS.contains(&k.to_ascii_lowercase().as_str());
    if plain { k.to_string() } else { string(k) }
}

/// A double-quoted d2 string holding exactly `s`.
pub fn string(s: &str) -> String {
    super::quoted(s, |c| match c {
        '"' => Some("\\\""),
        '\\' => Some("\\\\"),
        '$' => Some("\\$"),
        '\n' => Some("\\n"),
        '\r' => Some("\\r"),
        '\t' => Some("\\t"),
        _ => None,
    })
}

/// A tooltip string. d2 checks tooltips as Markdown and rejects one with an unbalanced
/// HTML tag (`<br>`, `</p>`, `<!--`), although the SVG shows them as plain text; an
/// invisible word joiner after a `<` that would open a tag keeps the text as shown and
/// stops it being read as HTML.
fn tooltip(s: &str) -> String {
    let mut guarded = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        guarded.push(c);
        if c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        {
            guarded.push('\u{2060}');
        }
    }
    string(&guarded)
}

/// Text for a `#` comment: one line.
fn comment(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_d2_would_misread_are_quoted() {
        assert_eq!(key("web"), "web");
        assert_eq!(key("app-vm"), "app-vm");
        assert_eq!(key("db.primary"), "\"db.primary\"");
        assert_eq!(key("Shape"), "\"Shape\"");
        assert_eq!(key("a--b"), "\"a--b\"");
        assert_eq!(key("データ"), "\"データ\"");
    }

    #[test]
    fn tooltips_never_open_an_html_tag() {
        assert_eq!(tooltip("a <br> b < c"), "\"a <\u{2060}br> b < c\"");
    }

    #[test]
    fn strings_escape_what_d2_interprets() {
        assert_eq!(string("a\"b\\c${x}\nd"), r#""a\"b\\c\${x}\nd""#);
    }
}
