//! Markdown: inventory tables of one era for a blog post or a runbook — machines,
//! namespaces/projects/groups, workloads, data stores, traffic, external services, other
//! items, queues and links. A section with no rows is left out.
//!
//! Cells are escaped for GitHub-flavoured Markdown: `|` would end the cell, a newline the
//! row, and `*`, `_`, `` ` ``, `[`, `<`, `&`, `\` would turn into formatting or HTML, so they
//! are backslash-escaped or written as entities and a newline becomes `<br>`.

use crate::model::{Category, Era, Item, Kind};
use std::fmt::Write;

/// Writes an era as Markdown tables.
pub fn write(era: &Era) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", cell(&era.title));
    if let Some(d) = &era.description {
        let _ = writeln!(out, "{}\n", cell(d));
    }
    let _ = writeln!(
        out,
        "Era `{}`: {} items, {} links.\n",
        era.name.replace('`', "'"),
        era.items.len(),
        era.links.len()
    );
    let of = |cat: Category| era.items.values().filter(move |i| i.kind.category() == cat);
    let place = |i: &Item| placement(era, i);
    let text = |i: &Item, key: &str| i.get(key).map(|v| v.display()).unwrap_or_default();

    let is_machine = |i: &&Item| matches!(i.kind, Kind::Vm | Kind::Cluster | Kind::Node);
    table(
        &mut out,
        "Machines",
        &[
            "Machine",
            "Kind",
            "CPU",
            "Memory",
            "Disk",
            "Site",
            "Machine type",
            "OS / distribution",
            "In",
        ],
        of(Category::Machine).filter(is_machine).map(|i| {
            let system = match i.kind {
                Kind::Cluster => [text(i, "distribution"), text(i, "version")]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => text(i, "os"),
            };
            vec![
                name(i),
                i.kind.title().into(),
                text(i, "cpu"),
                text(i, "memory"),
                text(i, "disk"),
                text(i, "site"),
                text(i, "machine-type"),
                system,
                place(i),
            ]
        }),
    );
    table(
        &mut out,
        "Namespaces, projects and groups",
        &["Name", "Kind", "Items inside", "In"],
        of(Category::Machine).filter(|i| !is_machine(i)).map(|i| {
            vec![
                name(i),
                i.kind.title().into(),
                era.children_of(Some(&i.id)).count().to_string(),
                place(i),
            ]
        }),
    );
    table(
        &mut out,
        "Workloads",
        &[
            "Workload", "Kind", "Replicas", "Image", "Schedule", "Queues", "In",
        ],
        of(Category::Workload).map(|i| {
            vec![
                name(i),
                i.kind.title().into(),
                replicas(i),
                text(i, "image"),
                text(i, "schedule"),
                text(i, "queues"),
                place(i),
            ]
        }),
    );
    table(
        &mut out,
        "Data stores",
        &["Store", "Kind", "Version", "Persistence", "Image", "In"],
        of(Category::Store).map(|i| {
            vec![
                name(i),
                i.kind.title().into(),
                text(i, "version"),
                persistence(i),
                text(i, "image"),
                place(i),
            ]
        }),
    );
    table(
        &mut out,
        "Traffic",
        &["Item", "Kind", "What", "Ports", "In"],
        of(Category::Traffic).map(|i| {
            let what = match i.kind {
                Kind::Service => text(i, "type"),
                Kind::Proxy | Kind::LoadBalancer => text(i, "software"),
                Kind::Ingress => text(i, "host"),
                Kind::Dns => [text(i, "type"), text(i, "name")]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => String::new(),
            };
            vec![
                name(i),
                i.kind.title().into(),
                what,
                text(i, "ports"),
                place(i),
            ]
        }),
    );
    table(
        &mut out,
        "External services",
        &["Service", "Kind", "Vendor", "URL", "In"],
        of(Category::External).map(|i| {
            vec![
                name(i),
                i.kind.title().into(),
                text(i, "vendor"),
                text(i, "url"),
                place(i),
            ]
        }),
    );
    table(
        &mut out,
        "Other items",
        &["Item", "Type", "Replicas", "Image", "In"],
        of(Category::Generic).map(|i| {
            vec![
                name(i),
                text(i, "type"),
                i.replicas().to_string(),
                text(i, "image"),
                place(i),
            ]
        }),
    );
    table(
        &mut out,
        "Queues",
        &["Queue", "Broker", "Singleton", "Served by", "Description"],
        era.queues.values().map(|q| {
            let served: Vec<&str> = era
                .items
                .values()
                .filter(|i| i.list("queues").contains(&q.id))
                .map(|i| i.display_name())
                .collect();
            vec![
                match &q.label {
                    Some(l) if *l != q.id => format!("{l} ({})", q.id),
                    _ => q.id.clone(),
                },
                q.broker
                    .as_ref()
                    .map(|b| {
                        era.items
                            .get(&b.id)
                            .map_or(b.id.as_str(), |i| i.display_name())
                    })
                    .unwrap_or_default()
                    .to_string(),
                if q.singleton { "yes" } else { "no" }.into(),
                served.join(", "),
                q.description.clone().unwrap_or_default(),
            ]
        }),
    );
    let shown = |id: &str| {
        era.items
            .get(id)
            .map_or(id.to_string(), |i| i.display_name().to_string())
    };
    table(
        &mut out,
        "Links",
        &["From", "To", "Kind", "Label"],
        era.links.iter().map(|l| {
            vec![
                shown(&l.from.id),
                shown(&l.to.id),
                l.kind.name().into(),
                l.label.clone().unwrap_or_default(),
            ]
        }),
    );
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Writes `## title` and a table, or nothing when there are no rows. Every cell is escaped
/// here, so no caller can forget it.
fn table(out: &mut String, title: &str, head: &[&str], rows: impl Iterator<Item = Vec<String>>) {
    let rows: Vec<Vec<String>> = rows.collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {title}\n");
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let _ = writeln!(
        out,
        "|{}",
        head.iter().map(|_| " --- |").collect::<String>()
    );
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

/// How many copies run: `replicas`, or "one per node" for a DaemonSet that does not say.
fn replicas(i: &Item) -> String {
    match (i.kind, i.int("replicas")) {
        (Kind::DaemonSet, None) => "one per node".into(),
        _ => i.replicas().to_string(),
    }
}

/// The name of an item in a table: its label, with the id when they differ.
fn name(i: &Item) -> String {
    match &i.label {
        Some(l) if *l != i.id => format!("{l} ({})", i.id),
        _ => i.id.clone(),
    }
}

/// Where an item sits: its containers, outermost first.
fn placement(era: &Era, i: &Item) -> String {
    let mut chain: Vec<&str> = era
        .ancestors(&i.id)
        .iter()
        .map(|a| a.display_name())
        .collect();
    chain.reverse();
    chain.join(" / ")
}

/// Whether and how a store keeps its data.
fn persistence(i: &Item) -> String {
    match (i.str("volume"), i.flag("persistent")) {
        (Some(v), _) => format!("volume {v}"),
        (None, Some(true)) => "yes".into(),
        (None, Some(false)) => "no".into(),
        (None, None) => String::new(),
    }
}

/// Text escaped so that a Markdown renderer shows exactly it, inside a table cell or a
/// heading.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_pipes_newlines_and_markup() {
        assert_eq!(
            cell("a|b\nc <d> & e_f\\"),
            "a\\|b<br>c &lt;d&gt; &amp; e\\_f\\\\"
        );
    }
}
