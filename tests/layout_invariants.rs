//! The layout invariants a reader relies on, checked on random nested diagrams and on the
//! fixture inventories: children inside their container, no overlapping siblings, no link
//! through a shape it does not connect, labels clear of shapes and of each other, links
//! ending on their shapes' borders, and the same input giving the same scene.

use proptest::prelude::*;
use std::collections::BTreeMap;
use zukai::graph::{Diagram, DiagramEdge, DiagramNode, Mark};
use zukai::layout::{Direction, Engine};
use zukai::model::{Kind, LinkKind};
use zukai::scene::build::{SceneOptions, draw};
use zukai::scene::{Point, Rect, Scene};
use zukai::source::{SourceFile, Sources};

const EPS: f64 = 1.0;

fn shrink(r: &Rect, m: f64) -> Rect {
    Rect {
        x: r.x + m,
        y: r.y + m,
        w: (r.w - 2.0 * m).max(0.0),
        h: (r.h - 2.0 * m).max(0.0),
    }
}

fn seg_hits(a: Point, b: Point, r: &Rect) -> bool {
    let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
    let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
    x0 < r.right() && x1 > r.x && y0 < r.bottom() && y1 > r.y
}

/// On the drawn outline: the box border, or for slanted shapes the outline inside it.
fn on_outline(p: Point, n: &zukai::scene::Node) -> bool {
    use zukai::layout::route::{Side, outline_inset};
    if on_border(p, &n.rect) {
        return true;
    }
    [Side::Left, Side::Right, Side::Top, Side::Bottom]
        .into_iter()
        .any(|side| {
            let d = outline_inset(n.shape, &n.rect, side, p);
            let q = match side {
                Side::Left => Point { x: p.x - d, y: p.y },
                Side::Right => Point { x: p.x + d, y: p.y },
                Side::Top => Point { x: p.x, y: p.y - d },
                Side::Bottom => Point { x: p.x, y: p.y + d },
            };
            d > 0.0 && on_border(q, &n.rect)
        })
}

fn on_border(p: Point, r: &Rect) -> bool {
    let inside =
        p.x >= r.x - EPS && p.x <= r.right() + EPS && p.y >= r.y - EPS && p.y <= r.bottom() + EPS;
    let d = (p.x - r.x)
        .abs()
        .min((p.x - r.right()).abs())
        .min((p.y - r.y).abs())
        .min((p.y - r.bottom()).abs());
    inside && d <= EPS
}

/// Every broken invariant, described.
fn problems(s: &Scene) -> Vec<String> {
    let mut out = Vec::new();
    let by_id: BTreeMap<&str, usize> = s
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let ancestors = |id: &str| -> Vec<usize> {
        let mut v = Vec::new();
        let mut cur = s.nodes[by_id[id]].parent.as_deref();
        while let Some(p) = cur {
            let i = by_id[p];
            v.push(i);
            cur = s.nodes[i].parent.as_deref();
        }
        v
    };
    // Children inside the content box (below the title).
    for n in &s.nodes {
        if let Some(p) = &n.parent {
            let pn = &s.nodes[by_id[p.as_str()]];
            let title_bottom = pn.texts.first().map_or(pn.rect.y, |t| t.bounds.bottom());
            if !pn.rect.contains(&n.rect) || n.rect.y < title_bottom - 1e-6 {
                out.push(format!("{} is not inside the content box of {}", n.id, p));
            }
        }
    }
    // Siblings do not overlap.
    let mut groups: BTreeMap<Option<&str>, Vec<&Rect>> = BTreeMap::new();
    let mut group_ids: BTreeMap<Option<&str>, Vec<&str>> = BTreeMap::new();
    for n in &s.nodes {
        groups.entry(n.parent.as_deref()).or_default().push(&n.rect);
        group_ids
            .entry(n.parent.as_deref())
            .or_default()
            .push(&n.id);
    }
    for (k, rs) in &groups {
        for i in 0..rs.len() {
            for j in i + 1..rs.len() {
                if rs[i].overlaps(rs[j]) {
                    out.push(format!(
                        "siblings {} and {} overlap",
                        group_ids[k][i], group_ids[k][j]
                    ));
                }
            }
        }
    }
    let mut labels: Vec<(&str, Rect)> = Vec::new();
    for e in &s.edges {
        let (f, t) = (
            &s.nodes[by_id[e.from.as_str()]],
            &s.nodes[by_id[e.to.as_str()]],
        );
        if e.route.len() < 2 {
            out.push(format!("{} has no route", e.id));
            continue;
        }
        if !on_outline(e.route[0], f) {
            out.push(format!("{} does not start on the border of {}", e.id, f.id));
        }
        if !on_outline(*e.route.last().unwrap(), t) {
            out.push(format!("{} does not end on the border of {}", e.id, t.id));
        }
        let mut allowed = ancestors(&e.from);
        allowed.extend(ancestors(&e.to));
        allowed.push(by_id[e.from.as_str()]);
        allowed.push(by_id[e.to.as_str()]);
        for w in e.route.windows(2) {
            if (w[0].x - w[1].x).abs() > EPS && (w[0].y - w[1].y).abs() > EPS {
                out.push(format!("{} has a diagonal segment", e.id));
            }
            for (i, n) in s.nodes.iter().enumerate() {
                if allowed.contains(&i) {
                    continue;
                }
                if seg_hits(w[0], w[1], &shrink(&n.rect, EPS)) {
                    out.push(format!(
                        "{} passes through {} ({:?} at {:?}; route {:?})",
                        e.id,
                        n.id,
                        n.rect,
                        (w[0], w[1]),
                        e.route
                    ));
                }
            }
        }
        if let Some(l) = &e.label {
            labels.push((&e.id, l.bounds));
        }
    }
    for (i, (id, r)) in labels.iter().enumerate() {
        let r = shrink(r, 0.5);
        for n in &s.nodes {
            if !n.rect.overlaps(&r) {
                continue;
            }
            let title_hit = n.texts.iter().any(|t| t.bounds.overlaps(&r));
            if !n.container || !n.rect.contains(&r) || title_hit {
                out.push(format!("label of {id} overlaps {}", n.id));
            }
        }
        for (jd, q) in &labels[i + 1..] {
            if q.overlaps(&r) {
                out.push(format!("labels of {id} and {jd} overlap"));
            }
        }
    }
    out
}

fn assert_clean(s: &Scene, what: &str) {
    let p = problems(s);
    assert!(
        p.is_empty(),
        "{what}: {} problems:\n{}",
        p.len(),
        p.join("\n")
    );
}

fn fixture(name: &str) -> Diagram {
    let path = format!(
        "{}/tests/fixtures/layout/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let mut sources = Sources::new();
    sources.add(SourceFile::new(path, text));
    let loaded = zukai::model::load_sources(sources);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    zukai::graph::diagram::from_era(&loaded.eras[0])
}

fn opts(direction: Direction, engine: Engine) -> SceneOptions {
    SceneOptions {
        direction,
        engine,
        ..SceneOptions::default()
    }
}

#[test]
fn fixture_inventories_hold_every_invariant() {
    for name in ["compose.toml", "k8s.toml"] {
        let d = fixture(name);
        for dir in [Direction::Right, Direction::Down] {
            for engine in [Engine::Layered, Engine::LayoutRs] {
                let s = draw(&d, &opts(dir, engine));
                assert_clean(&s, &format!("{name} {dir:?} {engine:?}"));
            }
        }
    }
}

#[test]
fn same_input_gives_the_same_scene() {
    let d = fixture("k8s.toml");
    let a = serde_json::to_string(&draw(&d, &SceneOptions::default())).unwrap();
    let b = serde_json::to_string(&draw(&d.clone(), &SceneOptions::default())).unwrap();
    assert_eq!(a, b);
}

#[test]
fn flow_goes_right_by_default_and_down_on_request() {
    let d = fixture("compose.toml");
    let users = |s: &Scene| s.nodes.iter().find(|n| n.id == "users").unwrap().rect;
    let nginx = |s: &Scene| s.nodes.iter().find(|n| n.id == "nginx").unwrap().rect;
    let r = draw(&d, &SceneOptions::default());
    assert!(users(&r).right() < nginx(&r).x);
    let dn = draw(&d, &opts(Direction::Down, Engine::Layered));
    assert!(users(&dn).bottom() < nginx(&dn).y);
}

const KINDS: &[Kind] = &[
    Kind::Vm,
    Kind::Deployment,
    Kind::Postgresql,
    Kind::Saas,
    Kind::Users,
    Kind::Service,
    Kind::GitRepo,
    Kind::Dns,
    Kind::Namespace,
    Kind::Group,
];
const LABELS: &[&str] = &[
    "web",
    "PostgreSQL primary",
    "a",
    "sidekiq pod B queues: push, ingress, mailers, scheduler",
    "データベース",
    "🚀 rocket",
    "https://example.com/a/very/long/path/without/any/spaces/at/all",
];
const LINKS: &[LinkKind] = &[
    LinkKind::Uses,
    LinkKind::Monitors,
    LinkKind::Replicates,
    LinkKind::Deploys,
    LinkKind::Writes,
];

fn diagram_strategy() -> impl Strategy<Value = Diagram> {
    (1usize..24)
        .prop_flat_map(|n| {
            (
                proptest::collection::vec(
                    (0usize..100, 0..KINDS.len(), 0..LABELS.len(), any::<bool>()),
                    n,
                ),
                proptest::collection::vec(
                    (0..n, 0..n, 0..LINKS.len(), 0..LABELS.len() + 3),
                    0..n * 2,
                ),
            )
        })
        .prop_map(|(raw_nodes, raw_edges)| {
            let nodes: Vec<DiagramNode> = raw_nodes
                .iter()
                .enumerate()
                .map(|(i, &(p, k, l, cap))| DiagramNode {
                    id: format!("n{i}"),
                    kind: KINDS[k],
                    label: LABELS[l].to_string(),
                    caption: cap.then(|| "Deployment ×2".to_string()),
                    // About half the nodes nest in an earlier one.
                    parent: (i > 0 && p % 2 == 0).then(|| p % i),
                    tooltip: vec![],
                    mark: if p % 7 == 0 { Mark::Added } else { Mark::Plain },
                })
                .collect();
            let edges = raw_edges
                .iter()
                .map(|&(a, b, k, l)| DiagramEdge {
                    from: a,
                    to: b,
                    kind: LINKS[k],
                    label: LABELS.get(l).map(|s| s.to_string()),
                    tooltip: vec![],
                    mark: Mark::Plain,
                })
                .collect();
            Diagram {
                title: "random".into(),
                description: String::new(),
                nodes,
                edges,
            }
        })
}

/// The layered engine's drawing of `d` has no problem and is the same when drawn again.
fn holds_every_invariant(d: &Diagram, down: bool) -> Result<(), TestCaseError> {
    let dir = if down {
        Direction::Down
    } else {
        Direction::Right
    };
    let s = draw(d, &opts(dir, Engine::Layered));
    let p = problems(&s);
    prop_assert!(p.is_empty(), "{} problems:\n{}", p.len(), p.join("\n"));
    let again = draw(d, &opts(dir, Engine::Layered));
    prop_assert_eq!(
        serde_json::to_string(&s).unwrap(),
        serde_json::to_string(&again).unwrap()
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_nested_diagrams_hold_every_invariant(d in diagram_strategy(), down in any::<bool>()) {
        holds_every_invariant(&d, down)?;
    }
}

/// A diagram big enough for the large-diagram routing shortcuts: clusters of hosts of
/// items, links inside hosts, between hosts and anywhere (a small cousin of the benchmark).
fn nested(items: usize, seed: u64) -> Diagram {
    let mut state = seed;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n.max(1)
    };
    let mut nodes = Vec::new();
    let node = |id: String, kind: Kind, parent: Option<usize>| DiagramNode {
        id: id.clone(),
        kind,
        label: id,
        caption: None,
        parent,
        tooltip: vec![],
        mark: Mark::Plain,
    };
    let mut leaves = Vec::new();
    for c in 0..2 {
        nodes.push(node(format!("cluster{c}"), Kind::Cluster, None));
        let ci = nodes.len() - 1;
        for h in 0..(items / 40).max(1) {
            nodes.push(node(format!("host{c}-{h}"), Kind::Vm, Some(ci)));
            let hi = nodes.len() - 1;
            for i in 0..20 {
                let kind = if i % 7 == 0 {
                    Kind::Postgresql
                } else {
                    Kind::Deployment
                };
                nodes.push(node(format!("item{c}-{h}-{i}"), kind, Some(hi)));
                leaves.push(nodes.len() - 1);
            }
        }
    }
    let edges = (0..leaves.len())
        .map(|_| DiagramEdge {
            from: leaves[next(leaves.len())],
            to: leaves[next(leaves.len())],
            kind: LinkKind::Uses,
            label: (next(3) == 0).then(|| "HTTP".to_string()),
            tooltip: vec![],
            mark: Mark::Plain,
        })
        .collect();
    Diagram {
        title: "nested".into(),
        description: String::new(),
        nodes,
        edges,
    }
}

#[test]
fn a_large_nested_diagram_holds_every_invariant() {
    let d = nested(320, 7);
    assert!(d.nodes.len() > 300);
    assert_clean(&draw(&d, &SceneOptions::default()), "nested 320");
}

/// A chain of `len` workloads inside one namespace, each linked to the next, plus `extra`
/// links (from, to) between chain members; labels from [`LABELS`] by index.
fn chain(len: usize, labels: &[usize], extra: &[(usize, usize)]) -> Diagram {
    let mut nodes = vec![DiagramNode {
        id: "ns".into(),
        kind: Kind::Namespace,
        label: "namespace".into(),
        caption: None,
        parent: None,
        tooltip: vec![],
        mark: Mark::Plain,
    }];
    for i in 0..len {
        nodes.push(DiagramNode {
            id: format!("w{i}"),
            kind: KINDS[i % 3],
            label: labels
                .get(i)
                .map_or_else(|| format!("w{i}"), |&l| LABELS[l % LABELS.len()].into()),
            caption: None,
            parent: Some(0),
            tooltip: vec![],
            mark: Mark::Plain,
        });
    }
    let link = |from: usize, to: usize| DiagramEdge {
        from: from + 1,
        to: to + 1,
        kind: LinkKind::Uses,
        label: None,
        tooltip: vec![],
        mark: Mark::Plain,
    };
    let mut edges: Vec<DiagramEdge> = (1..len).map(|i| link(i - 1, i)).collect();
    edges.extend(extra.iter().map(|&(a, b)| link(a % len, b % len)));
    Diagram {
        title: "chain".into(),
        description: String::new(),
        nodes,
        edges,
    }
}

#[test]
fn a_long_chain_wraps_into_rows_that_approach_the_target_ratio() {
    let d = chain(30, &[], &[]);
    for dir in [Direction::Right, Direction::Down] {
        let s = draw(&d, &opts(dir, Engine::Layered));
        assert_clean(&s, &format!("chain {dir:?}"));
        let ns = s.nodes.iter().find(|n| n.id == "ns").unwrap().rect;
        // Unwrapped, 30 boxes in a row would be over 20 times longer than broad.
        let ratio = ns.w / ns.h;
        assert!(ratio > 0.8 && ratio < 3.2, "{dir:?}: {} × {}", ns.w, ns.h);
        // The chain reads in order: along the flow within a row, then on to the next row.
        let rows: std::collections::BTreeSet<i64> = s
            .nodes
            .iter()
            .filter(|n| n.id.starts_with('w'))
            .map(|n| match dir {
                Direction::Right => n.rect.y.round() as i64,
                Direction::Down => n.rect.x.round() as i64,
            })
            .collect();
        assert!(rows.len() >= 3, "{dir:?}: {} rows", rows.len());
        let at = |i: usize| {
            s.nodes
                .iter()
                .find(|n| n.id == format!("w{i}"))
                .unwrap()
                .rect
        };
        let (first, second) = (at(0), at(1));
        match dir {
            Direction::Right => assert!(first.right() < second.x),
            Direction::Down => assert!(first.bottom() < second.y),
        }
    }
}

#[test]
fn a_short_chain_stays_in_one_row() {
    let d = chain(5, &[], &[]);
    let s = draw(&d, &SceneOptions::default());
    let ys: std::collections::BTreeSet<i64> = s
        .nodes
        .iter()
        .filter(|n| n.id.starts_with('w'))
        .map(|n| n.rect.center().y.round() as i64)
        .collect();
    assert_eq!(ys.len(), 1, "{ys:?}");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        ..ProptestConfig::default()
    })]

    #[test]
    fn long_chains_that_wrap_hold_every_invariant(
        len in 12usize..60,
        labels in proptest::collection::vec(0usize..LABELS.len() + 4, 0..60),
        extra in proptest::collection::vec((0usize..60, 0usize..60), 0..20),
        down in any::<bool>(),
    ) {
        let d = chain(len, &labels, &extra);
        holds_every_invariant(&d, down)?;
    }
}
