//! Every export is fed to the real tool that reads it — `d2`, Graphviz `dot`, Mermaid's
//! parser, a GitHub-flavoured Markdown parser — and what the tool understood is compared
//! with the inventory: every label, every container, every link.

mod export_support;

use base64::Engine;
use export_support::*;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use zukai::export::{self, Format, Line, node_text};
use zukai::graph::{Diagram, diagram};

/// Every diagram the languages must carry: each era's, and one generated with labels drawn
/// from the characters the languages treat specially.
///
/// `generated` diagrams are added, each from its own seed: a fast validator takes many, d2
/// (seconds per diagram) one. `ZUKAI_EXPORT_SEEDS=N` asks every validator for N, for a
/// longer hunt on a laptop.
fn cases(generated_count: u64) -> Vec<(String, Diagram)> {
    let generated_count = std::env::var("ZUKAI_EXPORT_SEEDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(generated_count);
    // Era names repeat across directories (two imports are both `k8s`): number the repeats.
    let mut cases: Vec<(String, Diagram)> = Vec::new();
    for e in all_eras() {
        let repeats = cases
            .iter()
            .filter(|(n, _)| n.split('#').next() == Some(e.name.as_str()))
            .count();
        let name = if repeats == 0 {
            e.name.clone()
        } else {
            format!("{}#{repeats}", e.name)
        };
        cases.push((name, diagram::from_era(&e)));
    }
    for seed in 1..=generated_count {
        cases.push((format!("generated-{seed}"), generated(seed)));
    }
    cases
}

/// A diagram of 24 items with random nesting, kinds, links and labels made of hostile
/// pieces; the seed is fixed, so a failure is reproducible.
fn generated(seed: u64) -> Diagram {
    const PIECES: &[&str] = &[
        "\"",
        "'",
        "\\",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "&",
        "&amp;",
        "|",
        "#",
        "#quot;",
        "%%",
        "${x}",
        "$",
        "`",
        "*",
        "_",
        ";",
        ":",
        ".",
        "->",
        "--",
        "<br>",
        "\\n",
        "\\N",
        "end",
        "subgraph",
        "shape",
        "label",
        "@import",
        "...",
        "データ",
        "ünï",
        "a",
        "Web",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let label = |next: &mut dyn FnMut(usize) -> usize| {
        let words: Vec<String> = (0..1 + next(4))
            .map(|_| {
                (0..1 + next(3))
                    .map(|_| PIECES[next(PIECES.len())])
                    .collect()
            })
            .collect();
        let mut s = String::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                s.push(if next(4) == 0 { '\n' } else { ' ' });
            }
            s.push_str(w);
        }
        s
    };
    let kinds = zukai::model::Kind::ALL;
    let mut d = Diagram {
        title: label(&mut next),
        ..Default::default()
    };
    for i in 0..24 {
        let parent = if i > 0 && next(3) > 0 {
            Some(next(i))
        } else {
            None
        };
        d.nodes.push(zukai::graph::DiagramNode {
            id: format!(
                "{}{}",
                PIECES[next(PIECES.len())]
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>(),
                i
            ),
            kind: kinds[next(kinds.len())],
            label: label(&mut next),
            caption: if next(2) == 0 {
                Some(label(&mut next))
            } else {
                None
            },
            parent,
            tooltip: vec![label(&mut next)],
            mark: zukai::graph::Mark::Plain,
        });
    }
    let link_kinds = zukai::model::LinkKind::ALL;
    for _ in 0..30 {
        let (from, to) = (next(24), next(24));
        d.edges.push(zukai::graph::DiagramEdge {
            from,
            to,
            kind: link_kinds[next(link_kinds.len())],
            label: if next(3) > 0 {
                Some(label(&mut next))
            } else {
                None
            },
            tooltip: vec![label(&mut next)],
            mark: zukai::graph::Mark::Plain,
        });
    }
    d
}

fn containers(d: &Diagram) -> Vec<usize> {
    (0..d.nodes.len()).filter(|&i| d.is_container(i)).collect()
}

fn lines_of(d: &Diagram, i: usize) -> Vec<String> {
    node_text(d, i).lines().map(str::to_string).collect()
}

#[test]
fn d2_compiles_every_export_and_draws_the_same_structure() {
    let Some(d2) = d2() else { return };
    let dir = scratch("d2");
    for (name, d) in cases(1) {
        let src = dir.join(format!("{name}.d2"));
        let svg = dir.join(format!("{name}.svg"));
        std::fs::write(&src, export::d2::write(&d)).unwrap();
        let (ok, _, err) = run(
            &d2,
            &[
                OsStr::new("--layout"),
                OsStr::new("dagre"),
                src.as_os_str(),
                svg.as_os_str(),
            ],
        );
        assert!(ok, "d2 rejected {}: {err}", src.display());
        let svg = std::fs::read_to_string(&svg).unwrap();

        let shown = svg_text_lines(&svg);
        for line in d.title.lines() {
            assert!(
                shown.iter().any(|s| s == line),
                "{name}: title line {line:?}"
            );
        }
        for i in 0..d.nodes.len() {
            for line in lines_of(&d, i) {
                assert!(
                    shown.contains(&line),
                    "{}: label line {line:?} of `{}` is not in the picture",
                    name,
                    d.nodes[i].id
                );
            }
        }
        for e in &d.edges {
            for line in e.label.iter().flat_map(|l| l.lines()) {
                assert!(
                    shown.iter().any(|s| s == line),
                    "{}: link label {line:?} is not in the picture",
                    name
                );
            }
        }

        // d2 names each object's and connection's group by its absolute id, in base64:
        // `a.b` for objects, `(a -> b)[0]` for connections.
        let doc = roxmltree::Document::parse_with_options(
            &svg,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap();
        // Object id -> the text drawn for it.
        let mut objects: BTreeMap<String, String> = BTreeMap::new();
        let (mut connections, mut dashed, mut both) = (0, 0, 0);
        for g in doc.descendants().filter(|n| n.has_tag_name("g")) {
            let Some(class) = g.attribute("class").filter(|c| !c.contains(' ')) else {
                continue;
            };
            let is_shape = g
                .children()
                .any(|c| c.has_tag_name("g") && c.attribute("class") == Some("shape"));
            let path = g.children().find(|c| {
                c.has_tag_name("path")
                    && c.attribute("class")
                        .is_some_and(|k| k.starts_with("connection"))
            });
            if let Some(p) = path {
                connections += 1;
                if p.attribute("style")
                    .is_some_and(|s| s.contains("dasharray"))
                {
                    dashed += 1;
                }
                if p.attribute("marker-start").is_some() && p.attribute("marker-end").is_some() {
                    both += 1;
                }
            } else if is_shape {
                let id = base64::engine::general_purpose::URL_SAFE
                    .decode(class)
                    .map(|b| String::from_utf8(b).expect("utf-8 id"))
                    .unwrap_or_else(|_| panic!("group class {class} is not a d2 id"));
                let text = g
                    .children()
                    .find(|c| c.has_tag_name("text"))
                    .map(text_of)
                    .unwrap_or_default();
                objects.insert(id.replace("&#34;", "\""), text);
            }
        }
        assert_eq!(connections, d.edges.len(), "{}: connections", name);
        let want_dashed = d
            .edges
            .iter()
            .filter(|e| Line::of(e.kind) == Line::Dashed)
            .count();
        let want_both = d
            .edges
            .iter()
            .filter(|e| Line::of(e.kind) == Line::Both)
            .count();
        assert_eq!(dashed, want_dashed, "{}: dashed connections", name);
        assert_eq!(both, want_both, "{}: two-headed connections", name);

        // Same nesting: each item's text inside its container's text, plus the title at the
        // top and an empty anchor in each container that a link joins to something inside
        // it (or to itself).
        let mut got: Vec<(String, Option<String>)> = objects
            .iter()
            .map(|(id, text)| {
                let parent = d2_parent(id).map(|p| objects[p].clone());
                (text.clone(), parent)
            })
            .collect();
        let text = |i: usize| node_text(&d, i);
        let mut want: Vec<(String, Option<String>)> = (0..d.nodes.len())
            .map(|i| (text(i), d.nodes[i].parent.map(text)))
            .collect();
        want.push((d.title.clone(), None));
        for c in containers(&d) {
            let joined = d.edges.iter().any(|e| {
                (e.from == c && (e.to == c || inside(&d, c, e.to)))
                    || (e.to == c && inside(&d, c, e.from))
            });
            if joined {
                want.push((String::new(), Some(text(c))));
            }
        }
        want.sort();
        got.sort();
        assert_eq!(got, want, "{name}: objects and their containers");
    }
}

/// The text a `<text>` element shows: its `<tspan>` lines joined by newlines.
fn text_of(t: roxmltree::Node) -> String {
    let spans: Vec<_> = t.children().filter(|c| c.has_tag_name("tspan")).collect();
    if spans.is_empty() {
        t.text().unwrap_or_default().to_string()
    } else {
        spans
            .iter()
            .map(|s| s.text().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// The id of the container of d2 object `id` (`a."b.c".d` → `a."b.c"`).
fn d2_parent(id: &str) -> Option<&str> {
    let (mut quoted, mut escaped, mut last_dot) = (false, false, None);
    for (i, c) in id.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '.' if !quoted => last_dot = Some(i),
            _ => {}
        }
    }
    last_dot.map(|i| &id[..i])
}

fn inside(d: &Diagram, outer: usize, inner: usize) -> bool {
    export::contains(d, outer, inner)
}

#[test]
fn dot_renders_every_export_without_a_warning() {
    let Some(dot) = dot() else { return };
    let dir = scratch("dot");
    for (name, d) in cases(60) {
        let src = dir.join(format!("{name}.dot"));
        std::fs::write(&src, export::dot::write(&d)).unwrap();
        let (ok, svg, err) = run(&dot, &[OsStr::new("-Tsvg"), src.as_os_str()]);
        assert!(ok, "dot failed on {}: {err}", src.display());
        assert_eq!(err, "", "dot warned on {}", src.display());

        let shown = svg_text_lines(&svg);
        for line in d.title.lines() {
            assert!(
                shown.iter().any(|s| s == line),
                "{name}: title line {line:?}"
            );
        }
        for i in 0..d.nodes.len() {
            for line in lines_of(&d, i) {
                assert!(
                    shown.contains(&line),
                    "{}: label line {line:?} of `{}` is not in the picture",
                    name,
                    d.nodes[i].id
                );
            }
        }
        for e in &d.edges {
            for line in e.label.iter().flat_map(|l| l.lines()) {
                assert!(
                    shown.iter().any(|s| s == line),
                    "{name}: link label {line:?} is not in the picture"
                );
            }
        }
        let doc = roxmltree::Document::parse_with_options(
            &svg,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap();
        let titles = |class: &str| {
            let mut t: Vec<String> = doc
                .descendants()
                .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some(class))
                .map(|g| {
                    g.children()
                        .find(|c| c.has_tag_name("title"))
                        .and_then(|t| t.text())
                        .unwrap_or_default()
                        .to_string()
                })
                .collect();
            t.sort();
            t
        };
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        let want_clusters = sorted(
            containers(&d)
                .into_iter()
                .map(|c| format!("cluster_{}", d.nodes[c].id))
                .collect(),
        );
        assert_eq!(titles("cluster"), want_clusters, "{}: clusters", name);
        // Graphviz draws no group for the invisible anchors, so only leaves show.
        let want_nodes = sorted(
            (0..d.nodes.len())
                .filter(|&i| !d.is_container(i))
                .map(|i| d.nodes[i].id.clone())
                .collect(),
        );
        assert_eq!(titles("node"), want_nodes, "{}: nodes", name);
        assert_eq!(titles("edge").len(), d.edges.len(), "{}: edges", name);

        // Same nesting, read from the picture: a leaf is drawn inside exactly the clusters
        // of its containers.
        let group = |class: &'static str| {
            doc.descendants()
                .filter(move |n| n.has_tag_name("g") && n.attribute("class") == Some(class))
                .map(|g| {
                    let title = g
                        .children()
                        .find(|c| c.has_tag_name("title"))
                        .and_then(|t| t.text())
                        .unwrap_or_default()
                        .to_string();
                    (title, g)
                })
        };
        let boxes: BTreeMap<String, (f64, f64, f64, f64)> = group("cluster")
            .map(|(t, g)| {
                let poly = g.descendants().find(|c| c.has_tag_name("polygon")).unwrap();
                let pts = points(poly.attribute("points").unwrap());
                let xs = pts.iter().map(|p| p.0);
                let ys = pts.iter().map(|p| p.1);
                let bbox = (
                    xs.clone().fold(f64::MAX, f64::min),
                    ys.clone().fold(f64::MAX, f64::min),
                    xs.fold(f64::MIN, f64::max),
                    ys.fold(f64::MIN, f64::max),
                );
                (t, bbox)
            })
            .collect();
        for (id, g) in group("node") {
            let leaf = d.index_of(&id).expect("a node of the diagram");
            let at = g
                .descendants()
                .find(|c| c.has_tag_name("text"))
                .map(|t| {
                    let n = |a| t.attribute(a).unwrap().parse::<f64>().unwrap();
                    (n("x"), n("y"))
                })
                .or_else(|| {
                    let e = g.descendants().find(|c| c.has_tag_name("ellipse"))?;
                    let n = |a| e.attribute(a).unwrap().parse::<f64>().unwrap();
                    Some((n("cx"), n("cy")))
                })
                .expect("a drawn node");
            for c in containers(&d) {
                let (x0, y0, x1, y1) = boxes[&format!("cluster_{}", d.nodes[c].id)];
                let drawn_in = (x0..=x1).contains(&at.0) && (y0..=y1).contains(&at.1);
                assert_eq!(
                    drawn_in,
                    inside(&d, c, leaf),
                    "{name}: `{id}` drawn in cluster of `{}`: {drawn_in}",
                    d.nodes[c].id
                );
            }
        }
    }
}

/// The points of an SVG `points` attribute.
fn points(s: &str) -> Vec<(f64, f64)> {
    s.split_whitespace()
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect()
}

/// What Mermaid's parser made of one file (see `tests/tools/mermaid-parse.mjs`).
#[derive(serde::Deserialize)]
struct Parsed {
    title: String,
    vertices: Vec<Vertex>,
    edges: Vec<Edge>,
    subgraphs: Vec<Subgraph>,
}
#[derive(serde::Deserialize)]
struct Vertex {
    id: String,
    text: String,
}
#[derive(serde::Deserialize)]
struct Edge {
    from: String,
    to: String,
    text: String,
    stroke: String,
    #[serde(rename = "type")]
    kind: String,
}
#[derive(serde::Deserialize)]
struct Subgraph {
    id: String,
    title: String,
    nodes: Vec<String>,
}

#[test]
fn mermaid_parses_every_export_with_the_same_structure() {
    let Some(node) = node_with("mermaid") else {
        return;
    };
    let dir = scratch("mermaid");
    let cases = cases(20);
    let files: Vec<_> = cases
        .iter()
        .map(|(name, d)| {
            let f = dir.join(format!("{name}.mmd"));
            std::fs::write(&f, export::mermaid::write(d)).unwrap();
            f
        })
        .collect();
    let script = root().join("tests/tools/mermaid-parse.mjs");
    let mut args = vec![script.as_os_str(), OsStr::new("--summary")];
    args.extend(files.iter().map(|f| f.as_os_str()));
    let (ok, out, err) = run(&node, &args);
    assert!(ok, "Mermaid rejected an export: {err}");
    let parsed: Vec<Parsed> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("summary line"))
        .collect();
    assert_eq!(parsed.len(), cases.len());

    for ((name, d), p) in cases.iter().zip(parsed) {
        // A title Mermaid would mangle is left out rather than shown wrong.
        let title = if d.title.contains(['&', '<', '>']) {
            String::new()
        } else {
            d.title.replace('\n', " ")
        };
        assert_eq!(p.title, title, "{name}: title");
        // Mermaid ids are the exporter's business; compare what a reader sees instead.
        let mut text_of: BTreeMap<&str, &str> = BTreeMap::new();
        for v in &p.vertices {
            text_of.insert(&v.id, &v.text);
        }
        for s in &p.subgraphs {
            text_of.insert(&s.id, &s.title);
        }
        let leaves: Vec<usize> = (0..d.nodes.len()).filter(|&i| !d.is_container(i)).collect();
        let mut want: Vec<String> = leaves.iter().map(|&i| node_text(d, i)).collect();
        let mut got: Vec<String> = p.vertices.iter().map(|v| v.text.clone()).collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{}: nodes", name);

        let mut want: Vec<(String, Vec<String>)> = containers(d)
            .into_iter()
            .map(|c| {
                let mut kids: Vec<String> = (0..d.nodes.len())
                    .filter(|&k| d.nodes[k].parent == Some(c))
                    .map(|k| node_text(d, k))
                    .collect();
                kids.sort();
                (node_text(d, c), kids)
            })
            .collect();
        let mut got: Vec<(String, Vec<String>)> = p
            .subgraphs
            .iter()
            .map(|s| {
                let mut kids: Vec<String> = s
                    .nodes
                    .iter()
                    .map(|k| text_of[k.as_str()].to_string())
                    .collect();
                kids.sort();
                (s.title.clone(), kids)
            })
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{}: subgraphs and what they hold", name);

        let mut want: Vec<(String, String, String, &str)> = d
            .edges
            .iter()
            .map(|e| {
                let style = match Line::of(e.kind) {
                    Line::Solid => "normal arrow_point",
                    Line::Dashed => "dotted arrow_point",
                    Line::Both => "normal double_arrow_point",
                };
                (
                    node_text(d, e.from),
                    node_text(d, e.to),
                    e.label.clone().unwrap_or_default(),
                    style,
                )
            })
            .collect();
        let styles: Vec<String> = p
            .edges
            .iter()
            .map(|e| format!("{} {}", e.stroke, e.kind))
            .collect();
        let mut got: Vec<(String, String, String, &str)> = p
            .edges
            .iter()
            .zip(&styles)
            .map(|(e, s)| {
                (
                    text_of[e.from.as_str()].to_string(),
                    text_of[e.to.as_str()].to_string(),
                    e.text.clone(),
                    s.as_str(),
                )
            })
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{}: links", name);
    }
}

/// What marked made of one Markdown file (see `tests/tools/markdown-cells.mjs`).
#[derive(serde::Deserialize)]
struct Table {
    heading: Option<String>,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

#[test]
fn markdown_tables_keep_every_character_of_every_cell() {
    let Some(node) = node_with("marked") else {
        return;
    };
    let dir = scratch("markdown");
    let script = root().join("tests/tools/markdown-cells.mjs");
    for era in all_eras() {
        let f = dir.join(format!("{}.md", era.name));
        std::fs::write(&f, export::export(&era, Format::Markdown)).unwrap();
        let (ok, out, err) = run(&node, &[script.as_os_str(), f.as_os_str()]);
        assert!(ok, "marked failed: {err}");
        let tables: Vec<Table> = serde_json::from_str(&out).unwrap();
        for t in &tables {
            for r in &t.rows {
                assert_eq!(
                    r.len(),
                    t.header.len(),
                    "{}: a row of {:?} has the wrong number of cells: {r:?}",
                    era.name,
                    t.heading
                );
            }
        }

        // Every item appears once, by name, in the first column of some table.
        let mut firsts: Vec<String> = tables
            .iter()
            .filter(|t| !matches!(t.heading.as_deref(), Some("Links" | "Queues")))
            .flat_map(|t| t.rows.iter().map(|r| r[0].clone()))
            .collect();
        let mut names: Vec<String> = era
            .items
            .values()
            .map(|i| match &i.label {
                Some(l) if *l != i.id => format!("{l} ({})", i.id),
                _ => i.id.clone(),
            })
            .collect();
        firsts.sort();
        names.sort();
        assert_eq!(firsts, names, "{}: item names", era.name);

        let links = tables
            .iter()
            .find(|t| t.heading.as_deref() == Some("Links"));
        let got: Vec<Vec<String>> = links.map(|t| t.rows.clone()).unwrap_or_default();
        let want: Vec<Vec<String>> = era
            .links
            .iter()
            .map(|l| {
                vec![
                    era.items[&l.from.id].display_name().to_string(),
                    era.items[&l.to.id].display_name().to_string(),
                    l.kind.name().to_string(),
                    l.label.clone().unwrap_or_default(),
                ]
            })
            .collect();
        assert_eq!(got, want, "{}: links table", era.name);
    }
}
