//! The semantic comparison of two eras, one fixture pair per kind of change
//! (`tests/fixtures/diff/<case>/{before,after}.toml`).

use std::path::PathBuf;
use zukai::diff::compare::{AttrChange, Change, EraDiff};
use zukai::diff::{RiskKind, compare};
use zukai::model::{Era, Kind, LinkKind, load_files};

fn era(case: &str, side: &str) -> Era {
    let path = PathBuf::from(format!("tests/fixtures/diff/{case}/{side}.toml"));
    let l = load_files(std::slice::from_ref(&path));
    assert!(
        l.diagnostics.is_empty(),
        "{case}/{side}: {:?}",
        l.diagnostics
    );
    l.eras
        .into_iter()
        .find(|e| e.file == 0)
        .expect("the file declares an era")
}

fn diff(case: &str) -> EraDiff {
    compare(&era(case, "before"), &era(case, "after"))
}

fn ids(d: &EraDiff, c: Change) -> Vec<&str> {
    d.items
        .iter()
        .filter(|i| i.change == c)
        .map(|i| i.id.as_str())
        .collect()
}

fn attr(key: &str, before: Option<&str>, after: Option<&str>) -> AttrChange {
    AttrChange {
        key: key.into(),
        before: before.map(Into::into),
        after: after.map(Into::into),
    }
}

#[test]
fn identical_eras_have_no_differences() {
    let d = diff("same");
    assert!(!d.has_differences());
    assert!(d.items.is_empty() && d.links.is_empty() && d.risks.is_empty());
    assert_eq!(d.matched.len(), 3);
}

#[test]
fn added_items_and_links_are_listed_with_their_placement() {
    let d = diff("add");
    assert_eq!(ids(&d, Change::Added), ["minio-vm", "minio"]);
    assert_eq!(d.item("minio").unwrap().placement, ["minio-vm"]);
    assert_eq!(d.item("minio").unwrap().kind, Kind::ObjectStorage);
    assert_eq!(d.links.len(), 1);
    assert_eq!(
        (
            d.links[0].change,
            d.links[0].from.as_str(),
            d.links[0].to.as_str()
        ),
        (Change::Added, "nginx", "minio")
    );
    let s = d.summary();
    assert_eq!((s.added, s.removed, s.changed, s.moved), (2, 0, 0, 0));
}

#[test]
fn removed_items_take_their_links_with_them() {
    let d = diff("remove");
    assert_eq!(ids(&d, Change::Removed), ["mackerel"]);
    assert_eq!(d.links.len(), 1);
    assert_eq!(d.links[0].change, Change::Removed);
    assert_eq!(d.links[0].kind, LinkKind::Monitors);
    // A SaaS is not a data store: nothing to warn about.
    assert!(d.risks.is_empty());
}

#[test]
fn each_changed_attribute_is_shown_old_to_new() {
    let d = diff("attributes");
    let web = d.item("web").unwrap();
    assert_eq!(web.change, Change::Changed);
    assert_eq!(
        web.attributes,
        [
            attr("label", None, Some("Mastodon web")),
            attr(
                "image",
                Some("tootsuite/mastodon:v3.5.3"),
                Some("tootsuite/mastodon:v4.0.2")
            ),
            attr("replicas", Some("1"), Some("2")),
            attr("cpu-request", Some("500m"), Some("1")),
        ]
    );
    let cleanup = d.item("cleanup").unwrap();
    assert_eq!(
        cleanup.attributes,
        [
            attr("schedule", Some("0 22 * * *"), Some("0 21 * * *")),
            attr("backoff-limit", None, Some("0")),
        ]
    );
    assert_eq!(web.attributes[2].describe(), "replicas: 1 → 2");
    assert_eq!(cleanup.attributes[1].describe(), "backoff-limit: 0 (new)");
}

#[test]
fn a_declared_rename_is_followed_not_reported_as_remove_and_add() {
    let d = diff("rename");
    assert_eq!(ids(&d, Change::Added), Vec::<&str>::new());
    assert_eq!(ids(&d, Change::Removed), Vec::<&str>::new());
    let pg = d.item("postgres").unwrap();
    assert_eq!(pg.renamed_from.as_deref(), Some("db"));
    assert!(pg.moved.is_none() && pg.attributes.is_empty());
    // The link follows the rename too: `app -> db` is `app -> postgres`.
    assert!(d.links.is_empty(), "{:?}", d.links);
    assert_eq!(d.matched.get("postgres").map(String::as_str), Some("db"));
}

#[test]
fn a_placement_change_is_a_move_with_both_container_chains() {
    let d = diff("move");
    let pg = d.item("postgres").unwrap();
    assert_eq!(pg.change, Change::Moved);
    let m = pg.moved.as_ref().unwrap();
    assert_eq!(m.from, ["app-vm", "mastodon"]);
    assert_eq!(m.to, ["data-vm", "data"]);
    assert_eq!(m.with_container, None);
    // The `migrates` link into it (from the old server, kept in the after era for the
    // cut-over) says how the data got there: no risk.
    assert!(d.risks.is_empty(), "{:?}", d.risks);
    let s = d.summary();
    assert_eq!((s.added, s.changed, s.moved), (2, 0, 1));
}

#[test]
fn a_kind_change_under_the_same_id_is_a_replatform() {
    let d = diff("replatform");
    let web = d.item("web").unwrap();
    assert_eq!(web.replatformed_from, Some(Kind::ComposeService));
    assert_eq!(web.kind, Kind::Deployment);
    assert_eq!(web.change, Change::Changed);
    assert_eq!(web.moved.as_ref().unwrap().to, ["cluster", "ns"]);
    assert!(
        web.attributes
            .contains(&attr("restart", Some("always"), None))
    );
    assert!(
        web.attributes
            .contains(&attr("replicas", Some("1"), Some("2")))
    );
    // The compose VM and project went away with `remove`; the re-declared web survived.
    assert_eq!(ids(&d, Change::Removed), ["app-vm", "mastodon"]);
    assert_eq!(d.summary().replatformed, 1);
}

#[test]
fn stores_moved_or_removed_without_replication_are_data_loss_risks() {
    let d = diff("data-loss");
    let risks: Vec<(RiskKind, &str)> = d.risks.iter().map(|r| (r.kind, r.id.as_str())).collect();
    // postgres is replicated into from the old primary; redis and es are not.
    assert_eq!(
        risks,
        [(RiskKind::DataLoss, "es"), (RiskKind::DataLoss, "redis")]
    );
    assert!(
        d.risks[0].message.contains("is removed"),
        "{}",
        d.risks[0].message
    );
    assert!(
        d.risks[1]
            .message
            .contains("moved from app-vm › mastodon to gce-b"),
        "{}",
        d.risks[1].message
    );
}

#[test]
fn a_singleton_served_by_more_copies_after_is_a_risk() {
    let d = diff("singleton");
    let risks: Vec<(RiskKind, &str)> = d.risks.iter().map(|r| (r.kind, r.id.as_str())).collect();
    assert_eq!(
        risks,
        [
            (RiskKind::Singleton, "scheduler"),
            (RiskKind::Singleton, "cron-leader")
        ]
    );
    assert!(
        d.risks[0]
            .message
            .contains("3 copies serve it after (sidekiq ×3); 1 before")
    );
}

#[test]
fn a_singleton_already_scaled_before_is_not_a_new_risk() {
    let after = era("singleton", "after");
    let d = compare(&after, &after);
    assert!(d.risks.is_empty());
}

#[test]
fn an_entry_point_that_disappears_is_a_risk() {
    let d = diff("entry-point");
    assert_eq!(d.risks.len(), 1);
    assert_eq!(d.risks[0].kind, RiskKind::EntryPoint);
    assert_eq!(d.risks[0].id, "internet");
}

#[test]
fn links_are_matched_by_ends_and_kind_and_compared_by_label_and_attributes() {
    let d = diff("links");
    let got: Vec<(Change, &str, &str)> = d
        .links
        .iter()
        .map(|l| (l.change, l.from.as_str(), l.to.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Change::Changed, "nginx", "web"),
            (Change::Added, "mackerel", "web"),
            (Change::Removed, "nginx", "streaming"),
        ]
    );
    assert_eq!(
        d.links[0].attributes,
        [
            attr("label", Some("HTTP"), Some("HTTP/2")),
            attr("port", None, Some("3000"))
        ]
    );
    assert!(d.items.is_empty());
}

#[test]
fn a_container_move_takes_its_contents_along() {
    let d = diff("data-loss");
    // postgres's own container changed (mastodon → gce-b): not "with" anything.
    assert_eq!(
        d.item("postgres")
            .unwrap()
            .moved
            .as_ref()
            .unwrap()
            .with_container,
        None
    );

    let text = |s: &str| {
        let mut src = zukai::source::Sources::new();
        src.add(zukai::source::SourceFile::new("x.toml", s));
        let l = zukai::model::load_sources(src);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        l.eras.into_iter().next().unwrap()
    };
    let before = text(
        "[era]\nname='a'\ntitle='A'\n[items.home]\nkind='group'\n[items.cloud]\nkind='group'\n[items.vm]\nkind='vm'\nin='home'\n[items.p]\nkind='project'\nin='vm'\n[items.web]\nkind='compose-service'\nin='p'\n",
    );
    let after = text(
        "[era]\nname='b'\ntitle='B'\n[items.home]\nkind='group'\n[items.cloud]\nkind='group'\n[items.vm]\nkind='vm'\nin='cloud'\n[items.p]\nkind='project'\nin='vm'\n[items.web]\nkind='compose-service'\nin='p'\n",
    );
    let d = compare(&before, &after);
    let moved: Vec<(&str, Option<&str>)> = d
        .items
        .iter()
        .map(|i| {
            (
                i.id.as_str(),
                i.moved.as_ref().unwrap().with_container.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        moved,
        [("vm", None), ("p", Some("vm")), ("web", Some("vm"))]
    );
}

#[test]
fn was_wins_over_an_id_match() {
    let text = |s: &str| {
        let mut src = zukai::source::Sources::new();
        src.add(zukai::source::SourceFile::new("x.toml", s));
        let l = zukai::model::load_sources(src);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        l.eras.into_iter().next().unwrap()
    };
    // `new` was `old`; a different `old`-less item takes the id `x` that also existed before.
    let before = text("[era]\nname='a'\ntitle='A'\n[items.old]\nkind='vm'\n[items.x]\nkind='vm'\n");
    let after = text("[era]\nname='b'\ntitle='B'\n[items.x]\nkind='vm'\nwas='old'\n");
    let d = compare(&before, &after);
    assert_eq!(d.matched.get("x").map(String::as_str), Some("old"));
    assert_eq!(ids(&d, Change::Removed), ["x"]);
    assert!(d.removed("x").is_some());
    assert_eq!(d.item("x").unwrap().renamed_from.as_deref(), Some("old"));
}

fn inline(s: &str) -> Era {
    let mut src = zukai::source::Sources::new();
    src.add(zukai::source::SourceFile::new("x.toml", s));
    let l = zukai::model::load_sources(src);
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
    l.eras.into_iter().next().unwrap()
}

#[test]
fn how_a_store_got_its_data_before_does_not_cover_moving_it_again() {
    // gcp → k8s in Asteroidon: the replication *into* postgres belongs to the earlier move.
    let before = inline(
        "[era]\nname='gcp'\ntitle='G'\n[items.home]\nkind='vm'\n[items.old]\nkind='postgresql'\nin='home'\n[items.gce]\nkind='vm'\n[items.db]\nkind='postgresql'\nin='gce'\n[[links]]\nfrom='old'\nto='db'\nkind='replicates'\n",
    );
    let after = inline(
        "[era]\nname='k8s'\ntitle='K'\n[items.home]\nkind='vm'\n[items.db]\nkind='postgresql'\nin='home'\n",
    );
    let d = compare(&before, &after);
    let risks: Vec<(&str, RiskKind)> = d.risks.iter().map(|r| (r.id.as_str(), r.kind)).collect();
    // `old` is removed with its data already replicated into `db`, which remains: safe.
    assert_eq!(risks, [("db", RiskKind::DataLoss)]);

    // Said in the before era, out of the store, to what takes over: no risk.
    let before = inline(
        "[era]\nname='a'\ntitle='A'\n[items.vm]\nkind='vm'\n[items.db]\nkind='postgresql'\nin='vm'\n[items.new]\nkind='vm'\n[items.db2]\nkind='postgresql'\nin='new'\n[[links]]\nfrom='db'\nto='db2'\nkind='migrates'\n",
    );
    let after = inline(
        "[era]\nname='b'\ntitle='B'\n[items.new]\nkind='vm'\n[items.db2]\nkind='postgresql'\nin='new'\n",
    );
    assert!(compare(&before, &after).risks.is_empty());
}

#[test]
fn queues_are_compared_by_id_and_settings() {
    let d = diff("queues");
    let got: Vec<(Change, &str)> = d.queues.iter().map(|q| (q.change, q.id.as_str())).collect();
    assert_eq!(
        got,
        [
            (Change::Added, "pull"),
            (Change::Changed, "scheduler"),
            (Change::Removed, "mailers")
        ]
    );
    assert_eq!(
        d.queues[1].attributes,
        [
            attr("singleton", Some("false"), Some("true")),
            attr(
                "description",
                Some("Periodic batch jobs."),
                Some("Periodic batch jobs; must run in exactly one process.")
            ),
        ]
    );
    assert!(d.queues[1].singleton);
    // Which worker serves what is an attribute of the worker.
    assert_eq!(
        d.item("sidekiq").unwrap().attributes,
        [attr(
            "queues",
            Some("default, mailers, scheduler"),
            Some("default, pull, scheduler")
        )]
    );
    // One process serves the new singleton queue: no risk.
    assert!(d.risks.is_empty());
}

#[test]
fn lints_that_appear_or_disappear_are_listed_and_renames_are_followed() {
    let d = diff("move");
    assert!(d.lints.appeared.is_empty(), "{:?}", d.lints.appeared);
    let gone: Vec<(&str, &str)> = d
        .lints
        .disappeared
        .iter()
        .map(|l| (l.code.as_str(), l.message.as_str()))
        .collect();
    assert_eq!(
        gone,
        [(
            "orphan",
            "`data-vm` is an orphan: no link reaches it and it reaches nothing"
        )]
    );

    // An orphan renamed is the same orphan: the lint neither appears nor disappears.
    let before = inline("[era]\nname='a'\ntitle='A'\n[items.box]\nkind='vm'\n");
    let after = inline("[era]\nname='b'\ntitle='B'\n[items.vm]\nkind='vm'\nwas='box'\n");
    let d = compare(&before, &after);
    assert_eq!(d.lints, Default::default());
    // Allowed in the after era's `[lints]`: gone.
    let after = inline(
        "[era]\nname='b'\ntitle='B'\n[items.vm]\nkind='vm'\nwas='box'\n[lints]\norphan='allow'\n",
    );
    let d = compare(&before, &after);
    assert_eq!(d.lints.disappeared.len(), 1);
    assert_eq!(d.summary().lints_changed, 1);
}

#[test]
fn a_was_naming_an_id_that_still_exists_is_not_followed() {
    // Found by diff_props: `internet` claims to have been `p`, but `p` is still there.
    let e = inline(
        "[era]\nname='e'\ntitle='E'\n[items.p]\nkind='users'\n[items.internet]\nkind='users'\nwas='p'\n",
    );
    let d = compare(&e, &e);
    assert!(!d.has_differences(), "{:?}", d.items);
}
