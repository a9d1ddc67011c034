//! The semantic comparison of two eras: which items match, and what changed about them.

use super::risk::{self, Risk};
use crate::model::{Era, Item, Kind, LinkKind, Queue};
use indexmap::IndexMap;
use serde::Serialize;
use std::collections::HashSet;

/// What happened to an item, link or queue between the two eras.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// Only in the after era.
    Added,
    /// Only in the before era.
    Removed,
    /// In both, with a renamed id, another kind or changed attributes (possibly moved too).
    Changed,
    /// In both, unchanged except for its placement.
    Moved,
}

impl Change {
    /// The plan symbol: `+`, `-`, `~`, `→`.
    pub fn symbol(self) -> &'static str {
        match self {
            Change::Added => "+",
            Change::Removed => "-",
            Change::Changed => "~",
            Change::Moved => "→",
        }
    }
}

/// One attribute that differs; `None` on a side where the attribute is not set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttrChange {
    /// The attribute key as written in TOML (`replicas`, `image`, `label`...).
    pub key: String,
    /// The value before, as [`crate::model::Value::display`] shows it.
    pub before: Option<String>,
    /// The value after.
    pub after: Option<String>,
}

impl AttrChange {
    /// `replicas: 1 → 2`, `cpu: 2 (new)`, `volume: pgdata (dropped)`.
    pub fn describe(&self) -> String {
        match (&self.before, &self.after) {
            (Some(b), Some(a)) => format!("{}: {b} → {a}", self.key),
            (None, Some(a)) => format!("{}: {a} (new)", self.key),
            (Some(b), None) => format!("{}: {b} (dropped)", self.key),
            (None, None) => self.key.clone(),
        }
    }
}

/// A placement change: the chain of containers an item sits in, outermost first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    /// Containers before (before ids), outermost first; empty at the top level.
    pub from: Vec<String>,
    /// Containers after (after ids), outermost first.
    pub to: Vec<String>,
    /// The container that moved and took this item along (after id); `None` when the
    /// item's own container changed.
    pub with_container: Option<String>,
}

/// The difference for one item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemDiff {
    /// Added, removed, changed or (only) moved.
    pub change: Change,
    /// The id after (the before id for a removed item).
    pub id: String,
    /// The before id, when the item was renamed (`was = "..."`).
    pub renamed_from: Option<String>,
    /// The kind after (before, for a removed item).
    pub kind: Kind,
    /// The kind before, when it changed: the item was re-platformed.
    pub replatformed_from: Option<Kind>,
    /// The name drawn for the item.
    pub label: String,
    /// Its containers (after; before for a removed item), outermost first.
    pub placement: Vec<String>,
    /// Its placement change, if any.
    pub moved: Option<Move>,
    /// Attributes that differ, `label` included, in declaration order.
    pub attributes: Vec<AttrChange>,
}

impl ItemDiff {
    /// Whether the item changed in something other than placement.
    pub fn is_changed(&self) -> bool {
        self.renamed_from.is_some()
            || self.replatformed_from.is_some()
            || !self.attributes.is_empty()
    }
}

/// The difference for one link. A link's identity is its ends and kind, after renames.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinkDiff {
    /// Added, removed or changed (label or attributes).
    pub change: Change,
    /// Where it starts (after id; before id for a removed link).
    pub from: String,
    /// Where it points.
    pub to: String,
    /// What the relation is.
    pub kind: LinkKind,
    /// Its label (after; before for a removed link).
    pub label: Option<String>,
    /// Label and attributes that differ.
    pub attributes: Vec<AttrChange>,
}

/// The difference for one job queue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueueDiff {
    /// Added, removed or changed.
    pub change: Change,
    /// The queue id.
    pub id: String,
    /// Whether it must be served by exactly one process (after; before when removed).
    pub singleton: bool,
    /// Settings that differ (`broker`, `singleton`, `label`, `description`).
    pub attributes: Vec<AttrChange>,
}

/// A lint that fires on one side only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LintChange {
    /// The lint rule id.
    pub code: String,
    /// What the lint says.
    pub message: String,
}

/// Lints that appear or disappear between the two sides.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LintDiff {
    /// Lints only on the after side.
    pub appeared: Vec<LintChange>,
    /// Lints only on the before side.
    pub disappeared: Vec<LintChange>,
}

/// One side of a comparison, as reports name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// The era's name.
    pub era: String,
    /// The era's title.
    pub title: String,
}

/// Counts for the one-line summary. An item that is moved and changed counts in both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Items only after.
    pub added: usize,
    /// Items only before.
    pub removed: usize,
    /// Items renamed, re-platformed or with changed attributes.
    pub changed: usize,
    /// Items whose placement changed.
    pub moved: usize,
    /// Of the changed items, those renamed.
    pub renamed: usize,
    /// Of the changed items, those re-platformed.
    pub replatformed: usize,
    /// Links only after.
    pub links_added: usize,
    /// Links only before.
    pub links_removed: usize,
    /// Links in both with another label or attributes.
    pub links_changed: usize,
    /// Queues only after.
    pub queues_added: usize,
    /// Queues only before.
    pub queues_removed: usize,
    /// Queues in both with other settings.
    pub queues_changed: usize,
    /// Risk notes.
    pub risks: usize,
    /// Lints that appeared or disappeared.
    pub lints_changed: usize,
}

/// Everything that differs between two eras.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EraDiff {
    /// The before era.
    pub before: Side,
    /// The after era.
    pub after: Side,
    /// Every matched item: after id → before id, unchanged ones included, in after order.
    #[serde(skip)]
    pub matched: IndexMap<String, String>,
    /// Items that differ: added (after order), removed (before order), then changed and
    /// moved (after order).
    pub items: Vec<ItemDiff>,
    /// Links that differ: added and changed (after order), then removed (before order).
    pub links: Vec<LinkDiff>,
    /// Queues that differ.
    pub queues: Vec<QueueDiff>,
    /// What a reviewer should look at twice.
    pub risks: Vec<Risk>,
    /// Lints that appear or disappear.
    pub lints: LintDiff,
}

impl EraDiff {
    /// Counts for the summary line.
    pub fn summary(&self) -> Summary {
        let n = |c: Change| self.items.iter().filter(|i| i.change == c).count();
        let l = |c: Change| self.links.iter().filter(|i| i.change == c).count();
        let q = |c: Change| self.queues.iter().filter(|i| i.change == c).count();
        Summary {
            added: n(Change::Added),
            removed: n(Change::Removed),
            changed: self.items.iter().filter(|i| i.is_changed()).count(),
            moved: self.items.iter().filter(|i| i.moved.is_some()).count(),
            renamed: self
                .items
                .iter()
                .filter(|i| i.renamed_from.is_some())
                .count(),
            replatformed: self
                .items
                .iter()
                .filter(|i| i.replatformed_from.is_some())
                .count(),
            links_added: l(Change::Added),
            links_removed: l(Change::Removed),
            links_changed: l(Change::Changed),
            queues_added: q(Change::Added),
            queues_removed: q(Change::Removed),
            queues_changed: q(Change::Changed),
            risks: self.risks.len(),
            lints_changed: self.lints.appeared.len() + self.lints.disappeared.len(),
        }
    }

    /// Whether the two eras differ in anything a report shows (risks and lints follow from
    /// differences, so they do not count on their own).
    pub fn has_differences(&self) -> bool {
        !self.items.is_empty() || !self.links.is_empty() || !self.queues.is_empty()
    }

    /// The difference of an item of the after era (added, changed or moved), by after id.
    pub fn item(&self, after_id: &str) -> Option<&ItemDiff> {
        self.items
            .iter()
            .find(|i| i.id == after_id && i.change != Change::Removed)
    }

    /// A removed item, by its before id.
    pub fn removed(&self, before_id: &str) -> Option<&ItemDiff> {
        self.items
            .iter()
            .find(|i| i.id == before_id && i.change == Change::Removed)
    }
}

/// Matches the items of two eras: first by `was` (a declared rename, unless the after era
/// still has the old id), then by id among the items not claimed yet. Returns after id →
/// before id, in after order.
pub fn match_items(before: &Era, after: &Era) -> IndexMap<String, String> {
    let mut claimed: HashSet<&str> = HashSet::new();
    let mut by_was: IndexMap<&str, &str> = IndexMap::new();
    for a in after.items.values() {
        // A `was` naming an id the after era still has contradicts itself; the id match
        // decides then (and an era compared with itself never differs).
        if let Some(w) = &a.was
            && before.items.contains_key(&w.id)
            && !after.items.contains_key(&w.id)
            && claimed.insert(w.id.as_str())
        {
            by_was.insert(a.id.as_str(), w.id.as_str());
        }
    }
    let mut out = IndexMap::new();
    for a in after.items.values() {
        if let Some(b) = by_was.get(a.id.as_str()) {
            out.insert(a.id.clone(), b.to_string());
        } else if before.items.contains_key(&a.id) && claimed.insert(a.id.as_str()) {
            out.insert(a.id.clone(), a.id.clone());
        }
    }
    out
}

/// Compares two eras: items, links, queues, the risk notes that follow from them, and the
/// lints (at each era's own `[lints]` levels) that appear or disappear.
pub fn compare(before: &Era, after: &Era) -> EraDiff {
    let matched = match_items(before, after);
    let to_after: IndexMap<&str, &str> = matched
        .iter()
        .map(|(a, b)| (b.as_str(), a.as_str()))
        .collect();
    let map = |id: &str| -> String { to_after.get(id).copied().unwrap_or(id).to_string() };

    let mut added = Vec::new();
    let mut changed = Vec::new();
    for a in after.items.values() {
        let Some(bid) = matched.get(&a.id) else {
            added.push(ItemDiff {
                change: Change::Added,
                id: a.id.clone(),
                renamed_from: None,
                kind: a.kind,
                replatformed_from: None,
                label: a.display_name().to_string(),
                placement: chain(after, &a.id),
                moved: None,
                attributes: Vec::new(),
            });
            continue;
        };
        let b = &before.items[bid];
        let attributes = item_attr_changes(b, a);
        let moved = placement_change(before, after, &matched, &map, bid, &a.id);
        let d = ItemDiff {
            change: Change::Changed,
            id: a.id.clone(),
            renamed_from: (b.id != a.id).then(|| b.id.clone()),
            kind: a.kind,
            replatformed_from: (b.kind != a.kind).then_some(b.kind),
            label: a.display_name().to_string(),
            placement: chain(after, &a.id),
            moved,
            attributes,
        };
        if d.is_changed() {
            changed.push(d);
        } else if d.moved.is_some() {
            changed.push(ItemDiff {
                change: Change::Moved,
                ..d
            });
        }
    }
    let matched_before: HashSet<&str> = matched.values().map(String::as_str).collect();
    let removed: Vec<ItemDiff> = before
        .items
        .values()
        .filter(|b| !matched_before.contains(b.id.as_str()))
        .map(|b| ItemDiff {
            change: Change::Removed,
            id: b.id.clone(),
            renamed_from: None,
            kind: b.kind,
            replatformed_from: None,
            label: b.display_name().to_string(),
            placement: chain(before, &b.id),
            moved: None,
            attributes: Vec::new(),
        })
        .collect();

    let links = link_changes(before, after, &map);
    let queues = queue_changes(before, after);
    let lints = lint_changes(before, after, &map);
    let mut diff = EraDiff {
        before: Side {
            era: before.name.clone(),
            title: before.title.clone(),
        },
        after: Side {
            era: after.name.clone(),
            title: after.title.clone(),
        },
        matched,
        items: added.into_iter().chain(removed).chain(changed).collect(),
        links,
        queues,
        risks: Vec::new(),
        lints,
    };
    diff.risks = risk::assess(before, after, &diff);
    diff
}

/// The ids of the containers around `id`, outermost first.
pub fn chain(era: &Era, id: &str) -> Vec<String> {
    let mut c: Vec<String> = era.ancestors(id).iter().map(|i| i.id.clone()).collect();
    c.reverse();
    c
}

fn placement_change(
    before: &Era,
    after: &Era,
    matched: &IndexMap<String, String>,
    map: &impl Fn(&str) -> String,
    before_id: &str,
    after_id: &str,
) -> Option<Move> {
    let from = chain(before, before_id);
    let to = chain(after, after_id);
    let mapped: Vec<String> = from.iter().map(|id| map(id)).collect();
    if mapped == to {
        return None;
    }
    let parent_moved = |aid: &str| -> bool {
        let Some(bid) = matched.get(aid) else {
            return true;
        };
        let bp = before.items[bid].parent.as_ref().map(|p| map(&p.id));
        let ap = after.items[aid].parent.as_ref().map(|p| p.id.clone());
        bp != ap
    };
    // When the item's own container is the same one, some container further out moved and
    // took it along: name the innermost such container.
    let with_container = if parent_moved(after_id) {
        None
    } else {
        to.iter().rev().find(|c| parent_moved(c)).cloned()
    };
    Some(Move {
        from,
        to,
        with_container,
    })
}

fn diff_values<'a>(
    before: impl IntoIterator<Item = (&'a str, Option<String>)>,
    after: impl IntoIterator<Item = (&'a str, Option<String>)>,
) -> Vec<AttrChange> {
    let b: IndexMap<&str, Option<String>> = before.into_iter().collect();
    let a: IndexMap<&str, Option<String>> = after.into_iter().collect();
    let mut keys: Vec<&str> = b.keys().copied().collect();
    keys.extend(a.keys().copied().filter(|k| !b.contains_key(k)));
    keys.into_iter()
        .filter_map(|k| {
            let before = b.get(k).cloned().flatten();
            let after = a.get(k).cloned().flatten();
            (before != after).then(|| AttrChange {
                key: k.to_string(),
                before,
                after,
            })
        })
        .collect()
}

fn attr_values<'a>(
    label: Option<&str>,
    attrs: &'a IndexMap<String, crate::model::Attr>,
) -> Vec<(&'a str, Option<String>)> {
    std::iter::once(("label", label.map(str::to_string)))
        .chain(
            attrs
                .iter()
                .map(|(k, v)| (k.as_str(), Some(v.value.display()))),
        )
        .collect()
}

/// An item's attributes with documented defaults filled in, so `replicas = 1` equals an
/// unset `replicas` and `1 → 3` is shown instead of `3 (new)`.
fn item_values(item: &Item) -> Vec<(&str, Option<String>)> {
    let mut v = attr_values(item.label.as_deref(), &item.attrs);
    if item.kind.runs() && !item.attrs.contains_key("replicas") {
        v.push(("replicas", Some(item.replicas().to_string())));
    }
    v
}

/// Attribute changes of a matched item, compared as [`crate::model::Value::display`] shows them, which is
/// canonical for units (`cpu = 2` equals `cpu = "2000m"`).
fn item_attr_changes(b: &Item, a: &Item) -> Vec<AttrChange> {
    diff_values(item_values(b), item_values(a))
}

fn link_changes(before: &Era, after: &Era, map: &impl Fn(&str) -> String) -> Vec<LinkDiff> {
    let key_b = |l: &crate::model::Link| (map(&l.from.id), map(&l.to.id), l.kind);
    let before_keys: IndexMap<(String, String, LinkKind), &crate::model::Link> =
        before.links.iter().map(|l| (key_b(l), l)).collect();
    let after_keys: HashSet<(String, String, LinkKind)> =
        after.links.iter().map(|l| l.key()).collect();
    let mut out = Vec::new();
    for l in &after.links {
        match before_keys.get(&l.key()) {
            None => out.push(LinkDiff {
                change: Change::Added,
                from: l.from.id.clone(),
                to: l.to.id.clone(),
                kind: l.kind,
                label: l.label.clone(),
                attributes: Vec::new(),
            }),
            Some(b) => {
                let attributes = diff_values(
                    attr_values(b.label.as_deref(), &b.attrs),
                    attr_values(l.label.as_deref(), &l.attrs),
                );
                if !attributes.is_empty() {
                    out.push(LinkDiff {
                        change: Change::Changed,
                        from: l.from.id.clone(),
                        to: l.to.id.clone(),
                        kind: l.kind,
                        label: l.label.clone(),
                        attributes,
                    });
                }
            }
        }
    }
    for l in &before.links {
        if !after_keys.contains(&key_b(l)) {
            out.push(LinkDiff {
                change: Change::Removed,
                from: l.from.id.clone(),
                to: l.to.id.clone(),
                kind: l.kind,
                label: l.label.clone(),
                attributes: Vec::new(),
            });
        }
    }
    out
}

fn queue_values(q: &Queue) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("label", q.label.clone()),
        ("broker", q.broker.as_ref().map(|r| r.id.clone())),
        ("singleton", Some(q.singleton.to_string())),
        ("description", q.description.clone()),
    ]
}

fn queue_changes(before: &Era, after: &Era) -> Vec<QueueDiff> {
    let mut out = Vec::new();
    for q in after.queues.values() {
        match before.queues.get(&q.id) {
            None => out.push(QueueDiff {
                change: Change::Added,
                id: q.id.clone(),
                singleton: q.singleton,
                attributes: Vec::new(),
            }),
            Some(b) => {
                let attributes = diff_values(queue_values(b), queue_values(q));
                if !attributes.is_empty() {
                    out.push(QueueDiff {
                        change: Change::Changed,
                        id: q.id.clone(),
                        singleton: q.singleton,
                        attributes,
                    });
                }
            }
        }
    }
    for q in before.queues.values() {
        if !after.queues.contains_key(&q.id) {
            out.push(QueueDiff {
                change: Change::Removed,
                id: q.id.clone(),
                singleton: q.singleton,
                attributes: Vec::new(),
            });
        }
    }
    out
}

/// The lints of an era (errors are not lints and are left out), each with its identity: the
/// rule and the item it is about (the first id its message names, mapped through `map`), so
/// a lint reworded because its surroundings changed is not reported as new.
fn lints_of(era: &Era, map: &impl Fn(&str) -> String) -> Vec<((String, String), LintChange)> {
    crate::check::check_era(era, &crate::check::CheckConfig::default())
        .into_iter()
        .filter(|d| crate::check::rules::is_lint(d.code))
        .map(|d| {
            let subject = d
                .message
                .split('`')
                .nth(1)
                .map_or_else(|| d.message.clone(), map);
            (
                (d.code.to_string(), subject),
                LintChange {
                    code: d.code.to_string(),
                    message: d.message,
                },
            )
        })
        .collect()
}

fn lint_changes(before: &Era, after: &Era, map: &impl Fn(&str) -> String) -> LintDiff {
    let b = lints_of(before, map);
    let a = lints_of(after, &|id: &str| id.to_string());
    let keys = |v: &[((String, String), LintChange)]| -> HashSet<(String, String)> {
        v.iter().map(|(k, _)| k.clone()).collect()
    };
    let (bk, ak) = (keys(&b), keys(&a));
    LintDiff {
        appeared: a
            .into_iter()
            .filter(|(k, _)| !bk.contains(k))
            .map(|(_, l)| l)
            .collect(),
        disappeared: b
            .into_iter()
            .filter(|(k, _)| !ak.contains(k))
            .map(|(_, l)| l)
            .collect(),
    }
}
