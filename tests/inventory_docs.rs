//! `docs/inventory.md` tells the truth about the vocabulary: its tables of kinds, attributes
//! and link kinds are generated from `src/model/kind.rs`, and this test fails when they are
//! stale. Regenerate them with `UPDATE_GOLDEN=1 cargo test --test inventory_docs`.

use std::path::Path;
use zukai::model::kind::{AttrSpec, AttrType, COMMON_ATTRS, ERA_ATTRS, LINK_ATTRS, QUEUE_ATTRS};
use zukai::model::{Kind, LinkKind};

fn type_text(t: AttrType) -> String {
    match t {
        AttrType::Str => "string".into(),
        AttrType::Enum(choices) => format!(
            "one of {}",
            choices
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        AttrType::Int => "integer ≥ 0".into(),
        AttrType::Bool => "`true`/`false`".into(),
        AttrType::Cpu => "CPU".into(),
        AttrType::Memory => "size".into(),
        AttrType::Cron => "cron".into(),
        AttrType::StrList => "list of strings".into(),
        AttrType::RefList => "list of ids".into(),
        AttrType::Ports => "ports".into(),
        AttrType::Table => "table".into(),
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

fn attr_table(specs: &[AttrSpec]) -> String {
    let mut out = String::from("| key | value | meaning |\n|---|---|---|\n");
    for s in specs {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            s.name,
            cell(&type_text(s.ty)),
            cell(s.doc)
        ));
    }
    out
}

/// A short name for an attribute table, known by its first key; a table this list does not
/// know is named after that key, so a new table still shows up.
fn group_name(table: &[AttrSpec]) -> String {
    let first = table.first().map(|s| s.name).unwrap_or("");
    match (first, table.len()) {
        ("cpu", _) => "machine".into(),
        ("distribution", _) => "cluster".into(),
        ("file", _) => "compose project".into(),
        ("image", _) => "running code".into(),
        ("schedule", _) => "schedule".into(),
        ("type", 1) => "generic".into(),
        ("type", _) => "Kubernetes Service".into(),
        ("software", _) => "proxy".into(),
        ("host", _) => "ingress".into(),
        ("name", _) => "DNS record".into(),
        ("version", _) => "store".into(),
        ("vendor", _) => "outside service".into(),
        (other, _) => other.into(),
    }
}

fn anchor(title: &str) -> String {
    title.to_lowercase().replace(' ', "-")
}

/// The distinct attribute tables, each with the kinds that take it, in `Kind::ALL` order.
fn attr_groups() -> Vec<(&'static [AttrSpec], Vec<Kind>)> {
    let mut groups: Vec<(&'static [AttrSpec], Vec<Kind>)> = Vec::new();
    for &k in Kind::ALL {
        for &t in k.attr_tables() {
            match groups.iter_mut().find(|(g, _)| std::ptr::eq(*g, t)) {
                Some((_, kinds)) => kinds.push(k),
                None => groups.push((t, vec![k])),
            }
        }
    }
    groups
}

fn kinds_section() -> String {
    let mut out =
        String::from("| kind | what it is | may sit in | attributes |\n|---|---|---|---|\n");
    for &k in Kind::ALL {
        let mut parents: Vec<String> = Vec::new();
        if k.may_sit_in(None) {
            parents.push("top level".into());
        }
        parents.extend(k.allowed_parents().iter().map(|p| format!("`{p}`")));
        if parents.len() == Kind::ALL.len() + 1 {
            parents = vec!["anywhere".into()];
        }
        let own: Vec<String> = k
            .attr_tables()
            .iter()
            .map(|t| {
                let g = group_name(t);
                format!("[{g}](#{})", anchor(&g))
            })
            .collect();
        out.push_str(&format!(
            "| `{}` | {} ({:?}) | {} | {} |\n",
            k.name(),
            cell(k.doc()),
            k.category(),
            parents.join(", "),
            if own.is_empty() {
                "—".to_string()
            } else {
                own.join(", ")
            }
        ));
    }
    out
}

fn attributes_section() -> String {
    let mut out = String::from("#### Every item\n\n");
    out.push_str(&attr_table(COMMON_ATTRS));
    for (table, kinds) in attr_groups() {
        let names: Vec<String> = kinds.iter().map(|k| format!("`{}`", k.name())).collect();
        out.push_str(&format!("\n#### {}\n\n", group_name(table)));
        out.push_str(&format!("Taken by {}.\n\n", names.join(", ")));
        out.push_str(&attr_table(table));
    }
    out
}

fn links_section() -> String {
    let mut out = String::from("| link kind | meaning | a run-time dependency |\n|---|---|---|\n");
    for &l in LinkKind::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            l.name(),
            link_meaning(l),
            if l.is_dependency() { "yes" } else { "no" }
        ));
    }
    out.push_str("\nKeys of a `[[links]]` entry:\n\n");
    out.push_str(&attr_table(LINK_ATTRS));
    out
}

/// The meaning of each link kind, as its doc comment in `kind.rs` says it. Kept here
/// because doc comments are not visible at run time; the test below checks every kind has one.
fn link_meaning(l: LinkKind) -> &'static str {
    match l {
        LinkKind::Uses => "Depends on it at run time (the default).",
        LinkKind::Reads => "Reads data from it.",
        LinkKind::Writes => "Writes data to it.",
        LinkKind::Routes => "Sends incoming traffic to it (proxies, Services, DNS).",
        LinkKind::Replicates => "Copies its data to it (database replication).",
        LinkKind::Monitors => "Watches it (metrics, heartbeats, uptime checks).",
        LinkKind::Deploys => "Deploys it (CI, GitOps).",
        LinkKind::BacksUp => "Backs it up.",
        LinkKind::Migrates => "Data was moved to it once (a migration, a dump and load).",
    }
}

fn lints_section() -> String {
    let mut out = String::from("| rule | reports |\n|---|---|\n");
    for r in zukai::check::rules::LINTS {
        out.push_str(&format!("| `{}` | {} |\n", r.id, cell(r.summary)));
    }
    out
}

fn era_section() -> String {
    let mut out = String::from("Keys of `[era]`:\n\n");
    out.push_str(&attr_table(ERA_ATTRS));
    out.push_str("\nKeys of `[queues.ID]`:\n\n");
    out.push_str(&attr_table(QUEUE_ATTRS));
    out
}

/// Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`.
fn splice(doc: &str, name: &str, body: &str) -> String {
    let open = format!("<!-- generated:{name} -->\n");
    let close = format!("<!-- /generated:{name} -->");
    let start = doc
        .find(&open)
        .unwrap_or_else(|| panic!("docs/inventory.md lacks the marker {open}"))
        + open.len();
    let end = doc[start..]
        .find(&close)
        .unwrap_or_else(|| panic!("docs/inventory.md lacks the marker {close}"))
        + start;
    format!("{}{}{}", &doc[..start], body, &doc[end..])
}

#[test]
fn generated_tables_in_the_format_reference_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/inventory.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let mut want = doc.clone();
    for (name, body) in [
        ("kinds", kinds_section()),
        ("attributes", attributes_section()),
        ("links", links_section()),
        ("era", era_section()),
        ("lints", lints_section()),
    ] {
        want = splice(&want, name, &body);
    }
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        // Atomic, and only when changed: the other test in this file reads the document at
        // the same time.
        if doc != want {
            zukai::cli::write_atomic(&path, want.as_bytes()).unwrap();
        }
        return;
    }
    assert!(
        doc == want,
        "docs/inventory.md is stale: run `UPDATE_GOLDEN=1 cargo test --test inventory_docs`"
    );
}

#[test]
fn every_kind_attribute_and_link_kind_is_named_in_the_reference() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/inventory.md"))
            .unwrap();
    for &k in Kind::ALL {
        assert!(doc.contains(&format!("| `{}` |", k.name())), "{}", k.name());
        for a in k.attr_names() {
            assert!(doc.contains(&format!("| `{a}` |")), "{a}");
        }
    }
    for &l in LinkKind::ALL {
        assert!(doc.contains(&format!("| `{}` |", l.name())), "{}", l.name());
        assert!(!link_meaning(l).is_empty());
    }
}
