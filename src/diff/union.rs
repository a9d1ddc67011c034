//! The union diagram: both eras in one [`Diagram`], each node and edge marked with what
//! happened to it. It is drawn by the same layout and scene code as a single era, and it is
//! also the one layout both sides are cut from, so unchanged items never move.

use super::compare::{Change, EraDiff};
use super::report::{item_details, summary_line};
use crate::graph::diagram::{caption, link_tooltip, tooltip};
use crate::graph::{Diagram, DiagramEdge, DiagramNode, Mark};
use crate::model::{Era, Item, Link};
use std::collections::HashMap;

/// Suffix of a ghost node's id: the ghost of moved item `db` is `db~before`. `~` cannot
/// occur in an inventory id, so a ghost id never collides with an item.
pub const GHOST_SUFFIX: &str = "~before";
/// Suffix of a removed item's id when an item of the after era took its id by a rename.
pub const REMOVED_SUFFIX: &str = "~removed";

/// The union of two eras with its bookkeeping: which era item each node and edge depicts
/// on each side.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The marked union diagram.
    pub diagram: Diagram,
    /// Per node (same index as `diagram.nodes`): the before-era item it shows where it was
    /// before (unchanged, changed, removed, ghost), or `None`.
    pub before_item: Vec<Option<String>>,
    /// Per node: the after-era item it shows where it is after, or `None` (removed, ghost).
    pub after_item: Vec<Option<String>>,
    /// Per edge: the before-era link (index into `before.links`) it shows at this
    /// geometry, or `None` (added links, and links that reach a moved item after).
    pub edge_before: Vec<Option<usize>>,
    /// Per edge: the after-era link (index into `after.links`) it shows, or `None`.
    pub edge_after: Vec<Option<usize>>,
}

/// One node before ordering.
struct Pending {
    node: DiagramNode,
    parent: Option<String>,
    before_item: Option<String>,
    after_item: Option<String>,
}

/// Builds the union diagram of `diff` (which must compare `before` with `after`).
///
/// - items of the after era are drawn where they are after: [`Mark::Added`], [`Mark::Changed`]
///   (renamed, re-platformed or with changed attributes, listed in the tooltip),
///   [`Mark::Moved`] (only moved) or [`Mark::Plain`];
/// - removed items are drawn where they were, [`Mark::Removed`];
/// - every moved item (also when changed) gets a [`Mark::Ghost`] node `ID~before` placed in
///   its before container (the ghost of that container, if it moved too);
/// - links of the after era keep their marks; removed links are drawn between the before
///   positions of their ends; links that stay but touch a moved item are also drawn, as
///   [`Mark::Ghost`], between the before positions, so the before side can be cut from the
///   same layout.
///
/// Children are ordered as after, with before-only nodes placed right after the sibling
/// they followed before.
pub fn union(before: &Era, after: &Era, diff: &EraDiff) -> Union {
    let before_of: HashMap<&str, &str> = diff
        .matched
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let after_of: HashMap<&str, &str> = diff
        .matched
        .iter()
        .map(|(a, b)| (b.as_str(), a.as_str()))
        .collect();
    // Indexes, so the union stays linear in the size of the eras.
    let changes: HashMap<&str, &super::compare::ItemDiff> = diff
        .items
        .iter()
        .filter(|d| d.change != Change::Removed)
        .map(|d| (d.id.as_str(), d))
        .collect();
    let moved = |aid: &str| changes.get(aid).is_some_and(|d| d.moved.is_some());
    // The union node standing for before item `bid` where it was before.
    let before_pos = |bid: &str| -> String {
        match after_of.get(bid) {
            Some(aid) if moved(aid) => format!("{aid}{GHOST_SUFFIX}"),
            Some(aid) => aid.to_string(),
            None if after.items.contains_key(bid) => format!("{bid}{REMOVED_SUFFIX}"),
            None => bid.to_string(),
        }
    };

    let mut pending: Vec<Pending> = Vec::new();
    for a in after.items.values() {
        let d = changes.get(a.id.as_str()).copied();
        let mark = match d.map(|d| d.change) {
            None => Mark::Plain,
            Some(Change::Added) => Mark::Added,
            Some(Change::Moved) => Mark::Moved,
            Some(_) => Mark::Changed,
        };
        let mut tip = tooltip(a);
        if let Some(d) = d.filter(|d| d.change != Change::Added) {
            let lines = item_details(d).into_iter().map(|l| format!("changed: {l}"));
            tip.splice(1..1, lines);
        } else if mark == Mark::Added {
            tip.insert(1, format!("added in {}", diff.after.era));
        }
        pending.push(Pending {
            node: node(a, tip, mark),
            parent: a.parent.as_ref().map(|p| p.id.clone()),
            before_item: (mark != Mark::Added && !moved(&a.id))
                .then(|| before_of[a.id.as_str()].to_string()),
            after_item: Some(a.id.clone()),
        });
    }
    // Before-only nodes, in before order: removed items and ghosts of moved ones.
    let mut before_only: Vec<(usize, String)> = Vec::new();
    for b in before.items.values() {
        let (mark, id) = match after_of.get(b.id.as_str()) {
            Some(aid) if moved(aid) => (Mark::Ghost, before_pos(&b.id)),
            Some(_) => continue,
            None => (Mark::Removed, before_pos(&b.id)),
        };
        let mut tip = tooltip(b);
        tip.insert(
            1,
            match mark {
                Mark::Ghost => format!(
                    "was here in {}; now in {}",
                    diff.before.era,
                    super::report::placement_text(&super::compare::chain(
                        after,
                        after_of[b.id.as_str()]
                    ))
                ),
                _ => format!("removed in {}", diff.after.era),
            },
        );
        let mut n = node(b, tip, mark);
        n.id = id.clone();
        pending.push(Pending {
            node: n,
            parent: b.parent.as_ref().map(|p| before_pos(&p.id)),
            before_item: Some(b.id.clone()),
            after_item: None,
        });
        before_only.push((pending.len() - 1, b.id.clone()));
    }

    // Children lists per union parent: after order, then each before-only node right after
    // the node standing for the sibling it followed before.
    let mut children: HashMap<Option<String>, Vec<usize>> = HashMap::new();
    for (i, p) in pending.iter().enumerate() {
        if p.after_item.is_some() {
            children.entry(p.parent.clone()).or_default().push(i);
        }
    }
    let index_of: HashMap<String, usize> = pending
        .iter()
        .enumerate()
        .map(|(i, p)| (p.node.id.clone(), i))
        .collect();
    let mut front: HashMap<Option<String>, usize> = HashMap::new();
    let mut last_child: HashMap<Option<&str>, &str> = HashMap::new();
    let previous_sibling: HashMap<&str, Option<&str>> = before
        .items
        .values()
        .map(|i| {
            let parent = i.parent.as_ref().map(|p| p.id.as_str());
            (i.id.as_str(), last_child.insert(parent, i.id.as_str()))
        })
        .collect();
    for (i, bid) in &before_only {
        let parent = pending[*i].parent.clone();
        let prev = previous_sibling
            .get(bid.as_str())
            .copied()
            .flatten()
            .map(before_pos);
        let list = children.entry(parent.clone()).or_default();
        let at = prev
            .and_then(|p| index_of.get(&p))
            .and_then(|pi| list.iter().position(|x| x == pi))
            .map(|pos| pos + 1);
        match at {
            Some(pos) => list.insert(pos, *i),
            None => {
                let f = front.entry(parent).or_default();
                list.insert(*f, *i);
                *f += 1;
            }
        }
    }

    // Depth-first from the top level: parents first, siblings in the merged order. Nodes
    // whose container does not exist are left out, as `from_era` does.
    let mut order: Vec<(usize, Option<usize>)> = Vec::new();
    let mut stack: Vec<(usize, Option<usize>)> = children
        .get(&None)
        .map(|v| v.iter().rev().map(|&i| (i, None)).collect())
        .unwrap_or_default();
    let mut seen = vec![false; pending.len()];
    while let Some((i, parent)) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        order.push((i, parent));
        let me = order.len() - 1;
        if let Some(kids) = children.get(&Some(pending[i].node.id.clone())) {
            stack.extend(kids.iter().rev().map(|&k| (k, Some(me))));
        }
    }
    let mut nodes = Vec::with_capacity(order.len());
    let mut before_item = Vec::with_capacity(order.len());
    let mut after_item = Vec::with_capacity(order.len());
    let mut slot: HashMap<String, usize> = HashMap::new();
    for (i, parent) in order {
        let p = &pending[i];
        let mut n = p.node.clone();
        n.parent = parent;
        slot.insert(n.id.clone(), nodes.len());
        nodes.push(n);
        before_item.push(p.before_item.clone());
        after_item.push(p.after_item.clone());
    }

    let mut edges = Vec::new();
    let mut edge_before = Vec::new();
    let mut edge_after = Vec::new();
    let link_changes: HashMap<
        (Change, &str, &str, crate::model::LinkKind),
        &super::compare::LinkDiff,
    > = diff
        .links
        .iter()
        .map(|d| ((d.change, d.from.as_str(), d.to.as_str(), d.kind), d))
        .collect();
    let link_diff = |from: &str, to: &str, l: &Link, change: Change| {
        link_changes.get(&(change, from, to, l.kind)).copied()
    };
    let before_link: HashMap<(String, String, crate::model::LinkKind), usize> = before
        .links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let map = |id: &str| after_of.get(id).copied().unwrap_or(id).to_string();
            ((map(&l.from.id), map(&l.to.id), l.kind), i)
        })
        .collect();
    // Links whose ends are not items of their own era are left out, as `from_era` does.
    for (li, l) in after.links.iter().enumerate() {
        if !after.items.contains_key(&l.from.id) || !after.items.contains_key(&l.to.id) {
            continue;
        }
        let (Some(&from), Some(&to)) = (slot.get(&l.from.id), slot.get(&l.to.id)) else {
            continue;
        };
        let added = link_diff(&l.from.id, &l.to.id, l, Change::Added).is_some();
        let changed = link_diff(&l.from.id, &l.to.id, l, Change::Changed);
        let mut tip = link_tooltip(l);
        if let Some(c) = changed {
            tip.splice(
                1..1,
                c.attributes
                    .iter()
                    .map(|a| format!("changed: {}", a.describe())),
            );
        }
        edges.push(DiagramEdge {
            from,
            to,
            kind: l.kind,
            label: l.label.clone(),
            tooltip: tip,
            mark: if added {
                Mark::Added
            } else if changed.is_some() {
                Mark::Changed
            } else {
                Mark::Plain
            },
        });
        edge_after.push(Some(li));
        edge_before.push(if moved(&l.from.id) || moved(&l.to.id) {
            None
        } else {
            before_link.get(&l.key()).copied()
        });
    }
    for (li, l) in before.links.iter().enumerate() {
        if !before.items.contains_key(&l.from.id) || !before.items.contains_key(&l.to.id) {
            continue;
        }
        let removed = link_diff(&l.from.id, &l.to.id, l, Change::Removed).is_some();
        let map = |id: &'_ str| -> String { after_of.get(id).copied().unwrap_or(id).to_string() };
        let touches_moved = moved(&map(&l.from.id)) || moved(&map(&l.to.id));
        if !removed && !touches_moved {
            continue;
        }
        let (Some(&from), Some(&to)) = (
            slot.get(&before_pos(&l.from.id)),
            slot.get(&before_pos(&l.to.id)),
        ) else {
            continue;
        };
        let mut tip = link_tooltip(l);
        tip.insert(
            1,
            if removed {
                format!("removed in {}", diff.after.era)
            } else {
                format!("as it was in {}", diff.before.era)
            },
        );
        edges.push(DiagramEdge {
            from,
            to,
            kind: l.kind,
            label: l.label.clone(),
            tooltip: tip,
            mark: if removed { Mark::Removed } else { Mark::Ghost },
        });
        edge_before.push(Some(li));
        edge_after.push(None);
    }

    Union {
        diagram: Diagram {
            title: format!("{} → {}", before.title, after.title),
            description: format!(
                "Changes from era `{}` to era `{}`: {}",
                before.name,
                after.name,
                summary_line(&diff.summary())
            ),
            nodes,
            edges,
        },
        before_item,
        after_item,
        edge_before,
        edge_after,
    }
}

fn node(item: &Item, tooltip: Vec<String>, mark: Mark) -> DiagramNode {
    DiagramNode {
        id: item.id.clone(),
        kind: item.kind,
        label: item.display_name().to_string(),
        caption: caption(item),
        parent: None,
        tooltip,
        mark,
    }
}

/// The union diagram of two eras: [`super::compare()`] then [`union`].
pub fn union_diagram(before: &Era, after: &Era) -> Diagram {
    union(before, after, &super::compare::compare(before, after)).diagram
}
