//! The SVG writer: exact goldens for hand-placed scenes, and the promises every SVG keeps
//! (valid XML, self-contained, accessible, escaped, deterministic).

mod render_common;

use render_common::{FIXTURES, fixture_dir, golden, scene};
use zukai::render::svg::to_svg;

#[test]
fn svg_matches_golden() {
    for name in FIXTURES {
        let svg = to_svg(&scene(name));
        let path = fixture_dir().join(format!("{name}.svg"));
        let expected = golden(&path, svg.as_bytes());
        assert!(
            expected == svg.as_bytes(),
            "{name}.svg differs from {} (UPDATE_GOLDEN=1 to accept)",
            path.display()
        );
    }
}

#[test]
fn same_scene_same_bytes() {
    for name in FIXTURES {
        let s = scene(name);
        assert_eq!(to_svg(&s), to_svg(&s.clone()), "{name}");
    }
}

/// Parses the SVG back and checks what a user relies on when they publish it.
fn check_svg<'a>(name: &str, svg: &'a str) -> roxmltree::Document<'a> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{name}: not XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let kids: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(kids[0].tag_name().name(), "title", "{name}: <title> first");
    assert_eq!(kids[1].tag_name().name(), "desc", "{name}: <desc> second");
    for n in doc.descendants().filter(|n| n.is_element()) {
        let tag = n.tag_name().name();
        assert!(
            !matches!(
                tag,
                "script" | "foreignObject" | "image" | "use" | "a" | "iframe"
            ),
            "{name}: <{tag}> is not allowed"
        );
        for a in n.attributes() {
            let v = a.value();
            assert!(
                !a.name().starts_with("on"),
                "{name}: event handler {}",
                a.name()
            );
            if a.name() == "href" {
                panic!("{name}: href={v}");
            }
            // No references at all, not even to something inside the file.
            assert!(!v.contains("url("), "{name}: {}={v}", a.name());
        }
    }
    // External references inside the style block: only data: URLs.
    for style in doc.descendants().filter(|n| n.has_tag_name("style")) {
        let css = style.text().unwrap_or("");
        for (i, _) in css.match_indices("url(") {
            assert!(
                css[i..].starts_with("url(data:font/ttf;base64,"),
                "{name}: style url {}",
                &css[i..(i + 40).min(css.len())]
            );
        }
        assert!(!css.contains('{') || css.trim_start().starts_with("@font-face"));
    }
    doc
}

#[test]
fn every_svg_is_self_contained_valid_and_titled() {
    for name in FIXTURES {
        let s = scene(name);
        let svg = to_svg(&s);
        let doc = check_svg(name, &svg);
        // Every node and edge has its own group with a tooltip title.
        for node in &s.nodes {
            let id = format!("node-{}", node.id);
            let g = doc
                .descendants()
                .find(|n| n.attribute("id") == Some(id.as_str()))
                .unwrap_or_else(|| panic!("{name}: no group {id}"));
            let title = g
                .first_element_child()
                .filter(|t| t.has_tag_name("title"))
                .unwrap_or_else(|| panic!("{name}: {id} has no <title>"));
            let expected = if node.tooltip.is_empty() {
                node.id.clone()
            } else {
                node.tooltip.join("\n").replace('\u{1}', "\u{FFFD}")
            };
            assert_eq!(title.text().unwrap_or(""), expected, "{name}: {id}");
        }
        for edge in &s.edges {
            let id = format!("edge-{}", edge.id);
            assert!(
                doc.descendants()
                    .any(|n| n.attribute("id") == Some(id.as_str())),
                "{name}: no group {id}"
            );
        }
        // Text survives escaping: every drawn line reads back exactly.
        let drawn: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("tspan"))
            .map(|n| n.text().unwrap_or("").to_string())
            .collect();
        for node in &s.nodes {
            for t in &node.texts {
                for line in &t.lines {
                    assert!(drawn.contains(line), "{name}: {line:?} not drawn");
                }
            }
        }
    }
}

#[test]
fn hostile_labels_stay_text() {
    let s = scene("edges");
    let svg = to_svg(&s);
    check_svg("edges", &svg);
    assert!(svg.contains("SQL &lt;5432&gt; &amp; &quot;tls&quot;"));
    assert!(svg.contains("db &lt;primary&gt;"));
    assert!(!svg.contains("<b>"), "tooltip markup must be escaped");
    assert!(
        !svg.contains('\u{1}'),
        "control characters cannot appear in XML"
    );
}

#[test]
fn only_used_faces_are_embedded_as_subsets() {
    // shapes.json draws container titles (regular), names (bold) and captions (italic).
    let svg = to_svg(&scene("shapes"));
    assert_eq!(svg.matches("@font-face").count(), 3);
    // A subset is a few kB, not the 200+ kB face.
    assert!(svg.len() < 120_000, "{} bytes", svg.len());
    // A scene with no text embeds no font at all.
    let mut bare = scene("shapes");
    bare.nodes.iter_mut().for_each(|n| n.texts.clear());
    assert!(!to_svg(&bare).contains("@font-face"));
}

#[test]
fn numbers_have_at_most_two_decimals() {
    let mut s = scene("edges");
    s.nodes[0].rect.x = 60.123456;
    let svg = to_svg(&s);
    assert!(svg.contains("x=\"60.12\""));
    let doc = roxmltree::Document::parse(&svg).unwrap();
    for n in doc.descendants().filter(|n| n.is_element()) {
        for a in n.attributes() {
            for tok in a.value().split(|c: char| !(c.is_ascii_digit() || c == '.')) {
                if let Some((_, frac)) = tok.split_once('.') {
                    assert!(
                        frac.len() <= 2 && !frac.ends_with('0'),
                        "{}={}",
                        a.name(),
                        a.value()
                    );
                }
            }
        }
    }
}

#[test]
fn heads_and_dashes_follow_the_scene() {
    let s = scene("edges");
    let svg = to_svg(&s);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    for edge in &s.edges {
        let id = format!("edge-{}", edge.id);
        let g = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id.as_str()))
            .unwrap();
        let paths: Vec<_> = g.children().filter(|n| n.has_tag_name("path")).collect();
        // Heads are the filled paths; the line pieces are unfilled.
        let heads = paths
            .iter()
            .filter(|p| p.attribute("fill") != Some("none"))
            .count();
        let expected = [edge.start, edge.end]
            .iter()
            .filter(|h| **h == zukai::scene::Arrowhead::Triangle)
            .count();
        assert_eq!(heads, expected, "{id}: heads");
        let lines: Vec<_> = paths
            .iter()
            .filter(|p| p.attribute("fill") == Some("none"))
            .collect();
        // A labelled link's line is cut where its label sits.
        let expected_pieces = if edge.label.is_some() { 2 } else { 1 };
        assert_eq!(lines.len(), expected_pieces, "{id}: line pieces");
        for l in lines {
            assert_eq!(
                l.attribute("stroke-dasharray").is_some(),
                !edge.paint.dash.is_empty(),
                "{id}: dashes"
            );
        }
    }
}

#[test]
fn odd_scenes_render_without_panicking() {
    use zukai::scene::Point;
    let mut s = scene("edges");
    // Text outside the font, empty lines, a label of nothing but markup.
    s.nodes[0].texts[0].lines = vec!["データベース 🚀".into(), String::new(), "<&>".into()];
    // Degenerate routes: one point, repeated points, a zero-length segment before a head.
    s.edges[0].route.truncate(1);
    let p = s.edges[1].route[0];
    s.edges[1].route = vec![
        p,
        p,
        p,
        Point {
            x: p.x,
            y: p.y + 40.0,
        },
    ];
    s.edges[2].corner_radius = -5.0;
    // Numbers that are not numbers, and negative sizes.
    s.nodes[1].rect.w = f64::NAN;
    s.nodes[2].rect.h = -20.0;
    s.nodes[3].paint.dash = vec![-1.0, 4.0];
    let svg = to_svg(&s);
    check_svg("odd", &svg);
    assert!(!svg.contains("NaN") && !svg.contains("inf"));
    assert!(svg.contains("データベース 🚀"));
    let png = zukai::render::png::to_png(&svg, 1.0).expect("still draws");
    assert!(png.starts_with(b"\x89PNG"));

    // An empty scene is still a valid, titled picture.
    let mut empty = scene("shapes");
    empty.nodes.clear();
    empty.edges.clear();
    empty.legend = None;
    empty.heading = None;
    let svg = to_svg(&empty);
    check_svg("empty", &svg);
    assert!(!svg.contains("@font-face"));
}

/// Unfilled paths (line pieces) drawn for the link `id`.
fn line_pieces(svg: &str, id: &str) -> usize {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let g = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(format!("edge-{id}").as_str()))
        .unwrap();
    g.children()
        .filter(|n| n.has_tag_name("path") && n.attribute("fill") == Some("none"))
        .count()
}

#[test]
fn a_line_is_cut_under_another_links_label() {
    let mut s = scene("edges");
    let (i, j) = (
        s.edges.iter().position(|e| e.label.is_some()).unwrap(),
        s.edges
            .iter()
            .position(|e| e.label.is_none() && e.route.len() >= 2)
            .unwrap(),
    );
    let id = s.edges[j].id.clone();
    let before = line_pieces(&to_svg(&s), &id);
    // Set link i's label down on the middle of link j's first segment.
    let (a, b) = (s.edges[j].route[0], s.edges[j].route[1]);
    let label = s.edges[i].label.as_mut().unwrap();
    label.bounds.x = (a.x + b.x) / 2.0 - label.bounds.w / 2.0;
    label.bounds.y = (a.y + b.y) / 2.0 - label.bounds.h / 2.0;
    zukai::scene::build::cut_lines_under_labels(&mut s);
    assert_eq!(line_pieces(&to_svg(&s), &id), before + 1);
}
