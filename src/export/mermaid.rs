//! Mermaid: a `flowchart LR` with one nested `subgraph` per container.
//!
//! Mermaid ids are plain ASCII names; an inventory id that is not one, or that Mermaid
//! reserves (`end`, `subgraph`, `style`...), becomes a sanitised id and the item keeps its
//! label. Labels are quoted strings in which Mermaid still reads entity codes (`#quot;`),
//! HTML tags, `%%` comments and (after a backquote) Markdown, so `"`, `#`, `%`, `<`, `>`,
//! `&` and `` ` `` are written as entity codes and a newline as `<br>`.

use super::{Line, Shape, node_text, tree, unique_ids};
use crate::graph::Diagram;
use std::fmt::Write;

/// Words the flowchart grammar reads as keywords wherever an id may stand.
const KEYWORDS: &[&str] = &[
    "end",
    "subgraph",
    "graph",
    "flowchart",
    "flowchart-elk",
    "style",
    "linkstyle",
    "classdef",
    "class",
    "click",
    "call",
    "href",
    "callback",
    "direction",
    "default",
    "interpolate",
    "acctitle",
    "accdescr",
];

/// Writes a diagram as a Mermaid flowchart.
pub fn write(d: &Diagram) -> String {
    let ids = unique_ids(d.nodes.iter().map(|n| n.id.as_str()), ident, str::to_string);
    let (roots, children) = tree(d);
    let mut out = String::new();
    // Mermaid shows the front matter title through an HTML sanitiser and then as plain
    // text, so `&`, `<` and `>` would come out as `&amp;` or lose a tag; such a title stays
    // in the comment only. The front matter is YAML, and a JSON string is a valid YAML
    // double-quoted scalar.
    let one_line = d.title.replace(['\n', '\r'], " ");
    if !d.title.contains(['&', '<', '>']) {
        let _ = writeln!(
            out,
            "---\ntitle: {}\n---",
            serde_json::to_string(&one_line).unwrap_or_default()
        );
    }
    let _ = writeln!(out, "%% {one_line}");
    out.push_str("%% Written by zukai export; edit the inventory, not this file.\n");
    out.push_str("flowchart LR\n");
    for &r in &roots {
        write_node(&mut out, d, &ids, &children, r, 1);
    }
    for e in &d.edges {
        let (from, to) = (&ids[e.from], &ids[e.to]);
        let _ = match (&e.label, Line::of(e.kind)) {
            (None, Line::Solid) => writeln!(out, "    {from} --> {to}"),
            (None, Line::Dashed) => writeln!(out, "    {from} -.-> {to}"),
            (None, Line::Both) => writeln!(out, "    {from} <--> {to}"),
            (Some(l), Line::Solid) => writeln!(out, "    {from} -- {} --> {to}", string(l)),
            (Some(l), Line::Dashed) => writeln!(out, "    {from} -. {} .-> {to}", string(l)),
            (Some(l), Line::Both) => writeln!(out, "    {from} <-- {} --> {to}", string(l)),
        };
    }
    out
}

fn write_node(
    out: &mut String,
    d: &Diagram,
    ids: &[String],
    children: &[Vec<usize>],
    i: usize,
    depth: usize,
) {
    let pad = "    ".repeat(depth);
    let text = string(&node_text(d, i));
    if children[i].is_empty() {
        let (open, close) = brackets(Shape::of(d.nodes[i].kind));
        let _ = writeln!(out, "{pad}{}{open}{text}{close}", ids[i]);
        return;
    }
    let _ = writeln!(out, "{pad}subgraph {}[{text}]", ids[i]);
    for &c in &children[i] {
        write_node(out, d, ids, children, c, depth + 1);
    }
    let _ = writeln!(out, "{pad}end");
}

fn brackets(s: Shape) -> (&'static str, &'static str) {
    match s {
        Shape::Box | Shape::Machine => ("[", "]"),
        Shape::Workload => ("(", ")"),
        Shape::Batch => ("([", "])"),
        Shape::Cylinder => ("[(", ")]"),
        Shape::Hexagon => ("{{", "}}"),
        Shape::Parallelogram => ("[/", "/]"),
        Shape::Person => ("((", "))"),
        Shape::Cloud => (">", "]"),
        Shape::Page => ("[[", "]]"),
    }
}

/// A Mermaid id for an inventory id: ASCII letters, digits and `_`, starting with a letter,
/// never a keyword.
fn ident(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic())
        || KEYWORDS.contains(&s.to_ascii_lowercase().as_str())
    {
        s.insert_str(0, "n_");
    }
    s
}

/// A quoted Mermaid string that shows exactly `s`.
pub fn string(s: &str) -> String {
    super::quoted(s, |c| match c {
        '"' => Some("#quot;"),
        '#' => Some("#35;"),
        '%' => Some("#37;"),
        '<' => Some("#lt;"),
        '>' => Some("#gt;"),
        '&' => Some("#amp;"),
        // A backquote right after the opening quote starts a Markdown string.
        '`' => Some("#96;"),
        '\n' => Some("<br>"),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_mermaid_cannot_take_are_replaced() {
        assert_eq!(ident("web"), "web");
        assert_eq!(ident("app-vm"), "app_vm");
        assert_eq!(ident("end"), "n_end");
        assert_eq!(ident("1st"), "n_1st");
        assert_eq!(ident("db.primary"), "db_primary");
    }

    #[test]
    fn strings_use_entity_codes_for_what_mermaid_interprets() {
        assert_eq!(
            string("a\"b <i>&%%#1\nc"),
            "\"a#quot;b #lt;i#gt;#amp;#37;#37;#35;1<br>c\""
        );
    }
}
