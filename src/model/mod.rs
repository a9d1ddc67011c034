//! Stage 1, *model*: an era of a system as typed values.
//!
//! [`load`] turns TOML text into [`Era`]s: every key checked against the kind's attribute
//! table ([`kind`]), every unit parsed ([`value`]), `extends` resolved so each era is
//! complete on its own. Declaration order is kept everywhere (items, links, attributes),
//! since it drives the deterministic order of every output.
//!
//! What the model does *not* check (references, placement, lints) is the job of
//! [`crate::check`], which sees whole eras.

pub mod kind;
pub mod load;
pub mod value;

pub use kind::{Category, Kind, LinkKind};
pub use load::{Loaded, load_files, load_sources};
pub use value::Value;

use crate::source::{FileId, Span};
use indexmap::IndexMap;

/// A reference to an item by id, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Ref {
    /// The id referred to.
    pub id: String,
    /// Where the reference is written.
    pub span: Span,
}

/// An attribute value with the span of its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr {
    /// The typed value.
    pub value: Value,
    /// Where the value is written.
    pub span: Span,
}

/// One item of an era: a machine, workload, Service, store, external service...
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Unique id within the era (the key of `[items.ID]`).
    pub id: String,
    /// Where the id is declared.
    pub span: Span,
    /// What it is.
    pub kind: Kind,
    /// Where `kind` is written.
    pub kind_span: Span,
    /// Display name; `None` means the id is shown.
    pub label: Option<String>,
    /// The item it is placed in (`in = "..."`).
    pub parent: Option<Ref>,
    /// The id it had before a rename (`was = "..."`).
    pub was: Option<Ref>,
    /// Every other attribute, in declaration order, keyed by its TOML name.
    pub attrs: IndexMap<String, Attr>,
}

impl Item {
    /// The label to draw: `label`, else the id.
    pub fn display_name(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.id)
    }

    /// An attribute's value.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.attrs.get(key).map(|a| &a.value)
    }

    /// A string attribute.
    pub fn str(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Value::Str(s) | Value::Cron(s) => Some(s),
            _ => None,
        }
    }

    /// A list attribute (empty when absent).
    pub fn list(&self, key: &str) -> &[String] {
        match self.get(key) {
            Some(Value::List(l) | Value::Ports(l)) => l,
            _ => &[],
        }
    }

    /// An integer attribute.
    pub fn int(&self, key: &str) -> Option<i64> {
        match self.get(key)? {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// A boolean attribute.
    pub fn flag(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// Running copies: `replicas`, default 1 for kinds that run, 0 for the rest.
    pub fn replicas(&self) -> i64 {
        self.int("replicas")
            .unwrap_or(if self.kind.runs() { 1 } else { 0 })
    }

    /// CPU of a machine, or CPU requested by a workload, in millicores.
    pub fn cpu(&self, key: &str) -> Option<u64> {
        match self.get(key)? {
            Value::Cpu(c) => Some(c.0),
            _ => None,
        }
    }

    /// Memory of a machine, or memory requested by a workload, in bytes.
    pub fn memory(&self, key: &str) -> Option<u64> {
        match self.get(key)? {
            Value::Memory(m) => Some(m.0),
            _ => None,
        }
    }
}

/// A relation between two items.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Where the link starts.
    pub from: Ref,
    /// Where it points.
    pub to: Ref,
    /// What the relation is; default [`LinkKind::Uses`].
    pub kind: LinkKind,
    /// Text drawn on the arrow.
    pub label: Option<String>,
    /// Every other key (`protocol`, `port`, `inferred`, `description`) in order.
    pub attrs: IndexMap<String, Attr>,
    /// The whole `[[links]]` entry.
    pub span: Span,
}

impl Link {
    /// The identity of a link across eras: its ends and its kind.
    pub fn key(&self) -> (String, String, LinkKind) {
        (self.from.id.clone(), self.to.id.clone(), self.kind)
    }

    /// Whether `zukai import` guessed this link.
    pub fn inferred(&self) -> bool {
        matches!(
            self.attrs.get("inferred").map(|a| &a.value),
            Some(Value::Bool(true))
        )
    }
}

/// A job queue (Sidekiq, Celery...) served by workers.
#[derive(Debug, Clone, PartialEq)]
pub struct Queue {
    /// Queue id (the key of `[queues.ID]`).
    pub id: String,
    /// Where it is declared.
    pub span: Span,
    /// The store holding the queue.
    pub broker: Option<Ref>,
    /// Must be served by exactly one process.
    pub singleton: bool,
    /// Display name and description.
    pub label: Option<String>,
    /// What runs on it.
    pub description: Option<String>,
}

/// A lint level set in an inventory's `[lints]` table or on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LintLevel {
    /// Do not report.
    Allow,
    /// Report as a warning (the default).
    Warn,
    /// Report as an error: exit code 1.
    Deny,
}

impl LintLevel {
    /// Parses `allow`, `warn` or `deny`.
    pub fn from_name(s: &str) -> Option<LintLevel> {
        match s {
            "allow" => Some(LintLevel::Allow),
            "warn" => Some(LintLevel::Warn),
            "deny" => Some(LintLevel::Deny),
            _ => None,
        }
    }
}

/// One era of a system: everything that ran, where, and how it was connected.
#[derive(Debug, Clone, PartialEq)]
pub struct Era {
    /// Short unique name (`[era] name`).
    pub name: String,
    /// Where the name is written.
    pub span: Span,
    /// Title drawn on the diagram.
    pub title: String,
    /// What the era is.
    pub description: Option<String>,
    /// The era this one starts from.
    pub extends: Option<Ref>,
    /// Position in the system's history (`order`); eras without one sort by name.
    pub order: Option<i64>,
    /// The file that declares the era.
    pub file: FileId,
    /// Items in declaration order (inherited ones first).
    pub items: IndexMap<String, Item>,
    /// Links in declaration order.
    pub links: Vec<Link>,
    /// Job queues.
    pub queues: IndexMap<String, Queue>,
    /// Lint levels set by the inventory, with where they are written.
    pub lints: IndexMap<String, (LintLevel, Span)>,
}

impl Era {
    /// The item that contains `id`, if any.
    pub fn parent_of(&self, id: &str) -> Option<&Item> {
        let p = self.items.get(id)?.parent.as_ref()?;
        self.items.get(&p.id)
    }

    /// Items directly placed in `id` (`None`: top-level items), in declaration order.
    pub fn children_of<'a>(&'a self, id: Option<&'a str>) -> impl Iterator<Item = &'a Item> + 'a {
        self.items
            .values()
            .filter(move |i| i.parent.as_ref().map(|p| p.id.as_str()) == id)
    }

    /// The chain of containers around `id`, innermost first. Stops at a cycle.
    pub fn ancestors(&self, id: &str) -> Vec<&Item> {
        let mut out: Vec<&Item> = Vec::new();
        let mut cur = self.parent_of(id);
        while let Some(p) = cur {
            if p.id == id || out.iter().any(|a| a.id == p.id) {
                break;
            }
            out.push(p);
            cur = self.parent_of(&p.id);
        }
        out
    }
}
