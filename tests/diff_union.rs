//! The union diagram of two eras: every item of both, marked, with ghosts where moved items
//! were, so one layout serves the before, after and diff pictures.

use std::path::PathBuf;
use zukai::diff::{Union, compare, union};
use zukai::graph::{Diagram, Mark};
use zukai::model::{Era, load_files};

fn era(case: &str, side: &str) -> Era {
    let l = load_files(&[PathBuf::from(format!(
        "tests/fixtures/diff/{case}/{side}.toml"
    ))]);
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
    l.eras.into_iter().find(|e| e.file == 0).unwrap()
}

fn union_of(case: &str) -> Union {
    let (b, a) = (era(case, "before"), era(case, "after"));
    let u = union(&b, &a, &compare(&b, &a));
    well_formed(&u.diagram);
    assert_eq!(u.before_item.len(), u.diagram.nodes.len());
    assert_eq!(u.edge_before.len(), u.diagram.edges.len());
    u
}

/// The Diagram contract: unique ids, parents before children, edges between real nodes.
fn well_formed(d: &Diagram) {
    for (i, n) in d.nodes.iter().enumerate() {
        assert!(
            n.parent.is_none_or(|p| p < i),
            "{} comes before its parent",
            n.id
        );
        assert_eq!(d.index_of(&n.id), Some(i), "duplicate id {}", n.id);
    }
    for e in &d.edges {
        assert!(e.from < d.nodes.len() && e.to < d.nodes.len());
    }
}

/// `id [mark] in parent` per node, in diagram order.
fn outline(d: &Diagram) -> Vec<String> {
    d.nodes
        .iter()
        .map(|n| {
            let parent = n.parent.map(|p| d.nodes[p].id.as_str()).unwrap_or("-");
            format!("{} {:?} in {parent}", n.id, n.mark)
        })
        .collect()
}

fn edges(d: &Diagram) -> Vec<String> {
    d.edges
        .iter()
        .map(|e| {
            format!(
                "{} -> {} {:?}",
                d.nodes[e.from].id, d.nodes[e.to].id, e.mark
            )
        })
        .collect()
}

#[test]
fn a_moved_item_is_drawn_after_with_a_ghost_in_its_before_container() {
    let u = union_of("move");
    assert_eq!(
        outline(&u.diagram),
        [
            "app-vm Plain in -",
            "mastodon Plain in app-vm",
            "web Plain in mastodon",
            "postgres~before Ghost in mastodon",
            "old-postgres Added in mastodon",
            "data-vm Plain in -",
            "data Added in data-vm",
            "postgres Moved in data",
        ]
    );
    // The link as it is after, the migration, and the link as it was (to the ghost), which
    // only the before side shows.
    assert_eq!(
        edges(&u.diagram),
        [
            "web -> postgres Plain",
            "old-postgres -> postgres Added",
            "web -> postgres~before Ghost",
        ]
    );
    assert_eq!(u.edge_before, [None, None, Some(0)]);
    assert_eq!(u.edge_after, [Some(0), Some(1), None]);
    let ghost = u.diagram.index_of("postgres~before").unwrap();
    assert_eq!(u.before_item[ghost].as_deref(), Some("postgres"));
    assert_eq!(u.after_item[ghost], None);
    let pg = u.diagram.index_of("postgres").unwrap();
    assert_eq!(u.before_item[pg], None);
    assert_eq!(u.after_item[pg].as_deref(), Some("postgres"));
    assert!(
        u.diagram.nodes[pg]
            .tooltip
            .contains(&"changed: moved: app-vm › mastodon → data-vm › data".to_string()),
        "{:?}",
        u.diagram.nodes[pg].tooltip
    );
}

#[test]
fn removed_items_stay_where_they_were_and_ghosts_keep_the_before_order() {
    let u = union_of("data-loss");
    assert_eq!(
        outline(&u.diagram),
        [
            "app-vm Removed in -",
            "mastodon Removed in app-vm",
            "postgres~before Ghost in mastodon",
            "redis~before Ghost in mastodon",
            "es Removed in mastodon",
            "gce-b Added in -",
            "postgres Moved in gce-b",
            "redis Moved in gce-b",
            "home Added in -",
            "home-postgres Added in home",
        ]
    );
    assert_eq!(edges(&u.diagram), ["home-postgres -> postgres Added"]);
}

#[test]
fn changed_items_carry_their_changes_in_the_tooltip() {
    let u = union_of("replatform");
    let web = &u.diagram.nodes[u.diagram.index_of("web").unwrap()];
    assert_eq!(web.mark, Mark::Changed);
    assert_eq!(
        web.tooltip[..4],
        [
            "web (deployment)",
            "changed: re-platformed: Compose service → Deployment",
            "changed: moved: app-vm › mastodon → cluster › ns",
            "changed: restart: always (dropped)",
        ]
    );
    // Still moved, so it still has a ghost, inside the removed compose project.
    assert_eq!(
        outline(&u.diagram),
        [
            "app-vm Removed in -",
            "mastodon Removed in app-vm",
            "web~before Ghost in mastodon",
            "cluster Added in -",
            "ns Added in cluster",
            "web Changed in ns",
        ]
    );
}

#[test]
fn removed_links_are_drawn_between_the_before_positions() {
    let u = union_of("links");
    assert_eq!(
        edges(&u.diagram),
        [
            "nginx -> web Changed",
            "mackerel -> vm Plain",
            "mackerel -> web Added",
            "nginx -> streaming Removed",
        ]
    );
    // The changed link is on both sides (with its own label on each).
    assert_eq!(u.edge_before, [Some(0), Some(2), None, Some(1)]);
    assert_eq!(u.edge_after, [Some(0), Some(1), Some(2), None]);
    assert!(
        u.diagram.edges[0]
            .tooltip
            .contains(&"changed: label: HTTP → HTTP/2".to_string())
    );
}

#[test]
fn a_removed_item_whose_id_was_taken_by_a_rename_gets_its_own_node() {
    let text = |s: &str| {
        let mut src = zukai::source::Sources::new();
        src.add(zukai::source::SourceFile::new("x.toml", s));
        zukai::model::load_sources(src).eras.remove(0)
    };
    let before = text("[era]\nname='a'\ntitle='A'\n[items.old]\nkind='vm'\n[items.x]\nkind='vm'\n");
    let after = text("[era]\nname='b'\ntitle='B'\n[items.x]\nkind='vm'\nwas='old'\n");
    let u = union(&before, &after, &compare(&before, &after));
    well_formed(&u.diagram);
    assert_eq!(
        outline(&u.diagram),
        ["x Changed in -", "x~removed Removed in -"]
    );
    assert_eq!(
        u.before_item,
        [Some("old".to_string()), Some("x".to_string())]
    );
}

#[test]
fn identical_eras_give_the_plain_diagram_of_the_era() {
    let a = era("same", "after");
    let u = union(
        &era("same", "before"),
        &a,
        &compare(&era("same", "before"), &a),
    );
    let plain = zukai::graph::diagram::from_era(&a);
    assert_eq!(u.diagram.nodes, plain.nodes);
    assert_eq!(u.diagram.edges, plain.edges);
}

#[test]
fn a_link_to_an_item_its_era_lacks_is_not_drawn() {
    // Found by diff_props: `vm -> ns` after, where only the before era has `ns`.
    let text = |s: &str| {
        let mut src = zukai::source::Sources::new();
        src.add(zukai::source::SourceFile::new("x.toml", s));
        zukai::model::load_sources(src).eras.remove(0)
    };
    let before = text("[era]\nname='a'\ntitle='A'\n[items.ns]\nkind='users'\n");
    let after =
        text("[era]\nname='b'\ntitle='B'\n[items.vm]\nkind='vm'\n[[links]]\nfrom='vm'\nto='ns'\n");
    let u = union(&before, &after, &compare(&before, &after));
    well_formed(&u.diagram);
    assert!(u.diagram.edges.is_empty(), "{:?}", edges(&u.diagram));
}
