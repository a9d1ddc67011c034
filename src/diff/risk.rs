//! Risk notes: the differences a reviewer must look at twice, because they can lose data,
//! run a job twice or lock users out.

use super::compare::{Change, EraDiff};
use crate::model::{Category, Era, Item, LinkKind};
use serde::Serialize;

/// What kind of risk a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RiskKind {
    /// A data store removed, re-platformed or moved, and neither a `replicates` or `migrates`
    /// link into its successor in the after era nor one out of it in the before era (to
    /// something that remains) says how its data got there.
    DataLoss,
    /// A queue or item that must run as exactly one copy runs as more copies after.
    Singleton,
    /// An entry point (a `users` item) is gone.
    EntryPoint,
}

impl RiskKind {
    /// The stable code used in JSON and text: `data-loss`, `singleton`, `entry-point`.
    pub fn code(self) -> &'static str {
        match self {
            RiskKind::DataLoss => "data-loss",
            RiskKind::Singleton => "singleton",
            RiskKind::EntryPoint => "entry-point",
        }
    }
}

/// One risk note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Risk {
    /// What it is about.
    pub kind: RiskKind,
    /// The item or queue concerned (after id; before id when it is gone).
    pub id: String,
    /// One sentence for the reviewer.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

fn carries_data(k: LinkKind) -> bool {
    matches!(k, LinkKind::Replicates | LinkKind::Migrates)
}

/// Finds the risk notes of a comparison, in a stable order: data stores, singletons, entry
/// points, each in item order.
pub fn assess(before: &Era, after: &Era, diff: &EraDiff) -> Vec<Risk> {
    let to_after: std::collections::HashMap<&str, &str> = diff
        .matched
        .iter()
        .map(|(a, b)| (b.as_str(), a.as_str()))
        .collect();
    let map = |id: &str| to_after.get(id).copied().unwrap_or(id).to_string();
    let mut risks = Vec::new();

    for d in &diff.items {
        let before_item = match d.change {
            Change::Removed => before.items.get(&d.id),
            Change::Added => None,
            _ => diff.matched.get(&d.id).and_then(|b| before.items.get(b)),
        };
        let Some(b) = before_item else { continue };
        let is_store = b.kind.category() == Category::Store || d.kind.category() == Category::Store;
        if !is_store {
            continue;
        }
        let what = format!("data store `{}` ({})", b.id, b.kind.title());
        if d.change == Change::Removed {
            // With no successor by id, the data is safe only if it was carried to something
            // that still exists after.
            let carried = before.links.iter().any(|l| {
                carries_data(l.kind)
                    && l.from.id == b.id
                    && after.items.contains_key(&map(&l.to.id))
            }) || after
                .links
                .iter()
                .any(|l| carries_data(l.kind) && l.from.id == b.id);
            if !carried {
                risks.push(Risk {
                    kind: RiskKind::DataLoss,
                    id: b.id.clone(),
                    message: format!(
                        "{what} is removed and no `replicates` or `migrates` link carries its data to an item of `{}`: possible data loss",
                        after.name
                    ),
                    hint: format!(
                        "add a `migrates` link from `{}` to the store that takes its data over, or confirm the data is no longer needed",
                        b.id
                    ),
                });
            }
            continue;
        }
        let how = match (&d.replatformed_from, &d.moved) {
            (Some(k), _) => format!("is re-platformed from {} to {}", k.title(), d.kind.title()),
            (None, Some(m)) => format!(
                "moved from {} to {}",
                super::report::placement_text(&m.from),
                super::report::placement_text(&m.to)
            ),
            (None, None) => continue,
        };
        // Carried over when the after era says how the data got into the successor, or the
        // before era says the store copied its data to something that remains. A before-era
        // link *into* the store only says how it got its data then, not how it moves now.
        let carried = after
            .links
            .iter()
            .any(|l| carries_data(l.kind) && l.to.id == d.id)
            || before.links.iter().any(|l| {
                carries_data(l.kind)
                    && l.from.id == b.id
                    && after.items.contains_key(&map(&l.to.id))
            });
        if !carried {
            risks.push(Risk {
                kind: RiskKind::DataLoss,
                id: d.id.clone(),
                message: format!(
                    "{what} {how} with no `replicates` or `migrates` link into it: possible data loss"
                ),
                hint: format!(
                    "say how the data gets there: a `replicates` or `migrates` link into `{}` (e.g. from the old server)",
                    d.id
                ),
            });
        }
    }

    for q in after.queues.values().filter(|q| q.singleton) {
        let (now, servers) = served(after, &q.id);
        let (was, _) = served(before, &q.id);
        if now > 1 && now > was {
            risks.push(Risk {
                kind: RiskKind::Singleton,
                id: q.id.clone(),
                message: format!(
                    "queue `{}` must be served by exactly one process, but {} copies serve it after ({}); {} before",
                    q.id,
                    now,
                    servers.join(", "),
                    was
                ),
                hint: "serve it from one workload with `replicas = 1`, split out of the scaled workers".into(),
            });
        }
    }
    for a in after
        .items
        .values()
        .filter(|i| i.flag("singleton") == Some(true))
    {
        let now = copies(after, a);
        let was = diff
            .matched
            .get(&a.id)
            .and_then(|b| before.items.get(b))
            .map_or(0, |b| copies(before, b));
        if now > 1 && now > was {
            risks.push(Risk {
                kind: RiskKind::Singleton,
                id: a.id.clone(),
                message: format!(
                    "`{}` must run as exactly one copy, but runs as {now} after; {was} before",
                    a.id
                ),
                hint: format!("set `replicas = 1` on `{}`", a.id),
            });
        }
    }

    for d in diff.items.iter().filter(|d| d.change == Change::Removed) {
        if before.items[&d.id].kind == crate::model::Kind::Users {
            risks.push(Risk {
                kind: RiskKind::EntryPoint,
                id: d.id.clone(),
                message: format!(
                    "entry point `{}` is gone: nothing in `{}` says where users come in",
                    d.id, after.name
                ),
                hint: "keep a `users` item with a `routes` link to the front door, or rename it with `was`".into(),
            });
        }
    }
    risks
}

/// Running copies of an item, counted as `zukai check` counts them (a DaemonSet runs once
/// per node of its cluster).
fn copies(era: &Era, item: &Item) -> i64 {
    crate::check::lints::copies(era, item).unwrap_or_else(|| item.replicas())
}

/// How many running copies serve queue `q`, and who (`sidekiq ×2`).
fn served(era: &Era, q: &str) -> (i64, Vec<String>) {
    let mut n = 0;
    let mut who = Vec::new();
    for i in era.items.values() {
        if i.list("queues").iter().any(|x| x == q) {
            let r = copies(era, i);
            n += r;
            who.push(if r == 1 {
                i.id.clone()
            } else {
                format!("{} ×{r}", i.id)
            });
        }
    }
    (n, who)
}
