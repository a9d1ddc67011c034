//! The inventory both importers build, and the one writer that turns it into TOML.
//!
//! A fresh import and `--into` are the same operation: a [`Draft`] is merged into a
//! `toml_edit` document, either a new one holding only the header and `[era]`, or the user's
//! file. Because `toml_edit` keeps every comment, blank line and key order of what it parsed,
//! what the user wrote by hand survives byte for byte.
//!
//! Merge rule for `--into` (documented in `zukai import --help`): an item whose id already
//! exists is left exactly as the user wrote it and reported as skipped; a link whose
//! `from`, `to` and `kind` already exist is skipped; queues likewise; `[era]` is never
//! touched. Everything else is appended after the existing entries of its table.

use crate::model::{Kind, LinkKind};
use toml_edit::{Array, DocumentMut, InlineTable, Item as TItem, Table, value};

/// Where generated inventories point for their JSON Schema (relative to `inventories/`).
pub const SCHEMA_DIRECTIVE: &str = "#:schema ../schema/inventory.schema.json";

/// An attribute value an importer sets.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// Text.
    Str(String),
    /// A whole number.
    Int(i64),
    /// A flag.
    Bool(bool),
    /// A list of strings.
    List(Vec<String>),
}

impl Val {
    fn to_toml(&self) -> toml_edit::Value {
        match self {
            Val::Str(s) => s.as_str().into(),
            Val::Int(i) => (*i).into(),
            Val::Bool(b) => (*b).into(),
            Val::List(l) => {
                let mut a = Array::new();
                for s in l {
                    a.push(s.as_str());
                }
                toml_edit::Value::Array(a)
            }
        }
    }

    fn display(&self) -> String {
        match self {
            Val::Str(s) => s.clone(),
            Val::Int(i) => i.to_string(),
            Val::Bool(b) => b.to_string(),
            Val::List(l) => l.join(", "),
        }
    }
}

/// One item an importer found.
#[derive(Debug, Clone)]
pub struct DraftItem {
    /// Unique id in the inventory.
    pub id: String,
    /// What it is.
    pub kind: Kind,
    /// Id of its container.
    pub parent: Option<String>,
    /// A sentence about it.
    pub description: Option<String>,
    /// Where it came from (`docker-compose.yml:12`), written as a comment above it.
    pub origin: String,
    /// Attributes in the order they are written. Keys the kind does not accept go to `meta`.
    pub attrs: Vec<(String, Val)>,
    /// Free-form `meta` entries: what the source said that the kind has no key for.
    pub meta: Vec<(String, String)>,
}

impl DraftItem {
    /// Sets an attribute (replacing an earlier value of the same key). Keys `kind` does not
    /// accept, and values its type rejects (a cron schedule zukai cannot read, an unknown
    /// enum value), are kept as text in `meta`, so nothing the source said is lost and the
    /// inventory still loads without errors.
    pub fn set(&mut self, key: &str, v: Val) {
        use crate::model::kind::AttrType as T;
        use crate::model::value as units;
        let Some(ty) = self.kind.attr(key).map(|s| s.ty) else {
            return self.set_meta(key, v.display());
        };
        let v = match (v, ty) {
            (Val::List(l), T::Str) => Val::Str(l.join(", ")),
            (v, T::Cron) if units::parse_cron(&v.display()).is_err() => {
                return self.set_meta(key, v.display());
            }
            (v, T::Cpu) if units::parse_cpu(&v.display()).is_err() => {
                return self.set_meta(key, v.display());
            }
            (v, T::Memory) if units::parse_memory(&v.display()).is_err() => {
                return self.set_meta(key, v.display());
            }
            (Val::Str(s), T::Enum(choices)) if !choices.contains(&s.as_str()) => {
                return self.set_meta(key, s);
            }
            (Val::List(l), T::Ports) => Val::List(
                l.into_iter()
                    .filter(|p| units::parse_port(p).is_ok())
                    .collect(),
            ),
            (v, _) => v,
        };
        match self.attrs.iter_mut().find(|(k, _)| k == key) {
            Some(e) => e.1 = v,
            None => self.attrs.push((key.to_string(), v)),
        }
    }

    /// Sets a free-form `meta` entry.
    pub fn set_meta(&mut self, key: &str, text: String) {
        self.meta.retain(|(k, _)| k != key);
        self.meta.push((key.to_string(), text));
    }

    /// Appends a sentence to the description.
    pub fn describe(&mut self, sentence: &str) {
        match &mut self.description {
            Some(d) if !d.contains(sentence) => {
                d.push(' ');
                d.push_str(sentence);
            }
            Some(_) => {}
            None => self.description = Some(sentence.to_string()),
        }
    }

    /// An attribute value already set.
    pub fn get(&self, key: &str) -> Option<&Val> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// One link an importer found.
#[derive(Debug, Clone)]
pub struct DraftLink {
    /// Id of the item it starts at.
    pub from: String,
    /// Id of the item it points to.
    pub to: String,
    /// What the relation is.
    pub kind: LinkKind,
    /// Text on the arrow.
    pub label: Option<String>,
    /// Port, when the source named one.
    pub port: Option<i64>,
    /// Whether the link was guessed from names in values rather than declared.
    pub inferred: bool,
    /// Why the link exists (`depends_on: condition service_healthy`).
    pub description: Option<String>,
}

/// A job queue found in worker arguments.
#[derive(Debug, Clone)]
pub struct DraftQueue {
    /// Queue name.
    pub id: String,
    /// The store holding it, when the import can tell.
    pub broker: Option<String>,
    /// Where it was seen.
    pub description: String,
}

/// A whole imported era, before it is written.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// `[era] name`.
    pub name: String,
    /// `[era] title`.
    pub title: String,
    /// `[era] description`.
    pub description: Option<String>,
    /// Comment lines written under the schema directive of a new file.
    pub header: Vec<String>,
    /// Items in source order.
    pub items: Vec<DraftItem>,
    /// Links in source order.
    pub links: Vec<DraftLink>,
    /// Queues in the order first seen.
    pub queues: Vec<DraftQueue>,
}

/// What [`Draft::merge_into`] did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeReport {
    /// Items added.
    pub added_items: Vec<String>,
    /// Items that already existed and were left as written.
    pub kept_items: Vec<String>,
    /// Kept items whose kind differs from what the import found: (id, yours, imported).
    pub kind_conflicts: Vec<(String, String, String)>,
    /// Links added.
    pub added_links: usize,
    /// Links that already existed.
    pub kept_links: usize,
}

impl Draft {
    /// Adds an item with an id derived from `name` that is unique in this draft: `name`, else
    /// `name-KIND`, else `name-KIND-2`... Returns the id.
    pub fn add_item(&mut self, name: &str, kind: Kind, origin: String) -> String {
        let base = sanitize_id(name);
        let mut id = base.clone();
        if self.item(&id).is_some() {
            id = format!("{base}-{}", kind.name());
            let mut n = 2;
            while self.item(&id).is_some() {
                id = format!("{base}-{}-{n}", kind.name());
                n += 1;
            }
        }
        self.items.push(DraftItem {
            id: id.clone(),
            kind,
            parent: None,
            description: None,
            origin,
            attrs: Vec::new(),
            meta: Vec::new(),
        });
        id
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&DraftItem> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The item with this id, to change it.
    pub fn item_mut(&mut self, id: &str) -> Option<&mut DraftItem> {
        self.items.iter_mut().find(|i| i.id == id)
    }

    /// Adds a link unless one with the same ends and kind exists; then the descriptions are
    /// joined and the link counts as declared if either was.
    pub fn link(&mut self, l: DraftLink) {
        if l.from == l.to {
            return;
        }
        match self
            .links
            .iter_mut()
            .find(|o| o.from == l.from && o.to == l.to && o.kind == l.kind)
        {
            Some(o) => {
                o.inferred &= l.inferred;
                if let Some(d) = l.description {
                    match &mut o.description {
                        Some(od) if !od.contains(&d) => {
                            od.push_str("; ");
                            od.push_str(&d);
                        }
                        Some(_) => {}
                        None => o.description = Some(d),
                    }
                }
                o.port = o.port.or(l.port);
                o.label = o.label.take().or(l.label);
            }
            None => self.links.push(l),
        }
    }

    /// Declares a queue (first sighting wins).
    pub fn queue(&mut self, id: &str, description: String) {
        if !self.queues.iter().any(|q| q.id == id) {
            self.queues.push(DraftQueue {
                id: id.to_string(),
                broker: None,
                description,
            });
        }
    }

    /// The draft as a new inventory file.
    pub fn to_toml(&self) -> String {
        let mut head = String::new();
        head.push_str(SCHEMA_DIRECTIVE);
        head.push('\n');
        for h in &self.header {
            head.push_str("# ");
            head.push_str(h);
            head.push('\n');
        }
        let mut doc = DocumentMut::new();
        let mut era = Table::new();
        head.push('\n');
        era.decor_mut().set_prefix(head);
        era.insert("name", value(&self.name));
        era.insert("title", value(&self.title));
        if let Some(d) = &self.description {
            era.insert("description", value(d));
        }
        doc.insert("era", TItem::Table(era));
        self.merge_doc(&mut doc);
        doc.to_string()
    }

    /// Merges the draft into the text of an existing inventory, keeping everything the user
    /// wrote (see the module documentation for the rule).
    pub fn merge_into(&self, existing: &str) -> Result<(String, MergeReport), String> {
        let mut doc: DocumentMut = existing.parse().map_err(|e: toml_edit::TomlError| {
            format!("cannot merge into a file that is not valid TOML: {e}")
        })?;
        for key in ["items", "queues"] {
            if doc.get(key).is_some_and(|t| !t.is_table()) {
                return Err(format!("`{key}` is not a table in the existing inventory"));
            }
        }
        if doc.get("links").is_some_and(|t| !t.is_array_of_tables()) {
            return Err("`links` is not an array of tables (`[[links]]`)".to_string());
        }
        let report = self.merge_doc(&mut doc);
        Ok((doc.to_string(), report))
    }

    fn merge_doc(&self, doc: &mut DocumentMut) -> MergeReport {
        let mut report = MergeReport::default();
        let root = doc.as_table_mut();
        if !root.contains_key("items") {
            let mut t = Table::new();
            t.set_implicit(true);
            root.insert("items", TItem::Table(t));
        }
        let items = root["items"].as_table_mut().expect("checked");
        for it in &self.items {
            if let Some(existing) = items.get(&it.id) {
                report.kept_items.push(it.id.clone());
                let yours = existing.get("kind").and_then(|k| k.as_str()).unwrap_or("");
                if yours != it.kind.name() {
                    report.kind_conflicts.push((
                        it.id.clone(),
                        yours.to_string(),
                        it.kind.name().to_string(),
                    ));
                }
                continue;
            }
            report.added_items.push(it.id.clone());
            items.insert(&it.id, TItem::Table(item_table(it)));
        }
        if !self.queues.is_empty() {
            if !root.contains_key("queues") {
                let mut t = Table::new();
                t.set_implicit(true);
                root.insert("queues", TItem::Table(t));
            }
            let queues = root["queues"].as_table_mut().expect("checked");
            for q in &self.queues {
                if queues.contains_key(&q.id) {
                    continue;
                }
                let mut t = Table::new();
                if let Some(b) = &q.broker {
                    t.insert("broker", value(b));
                }
                t.insert("description", value(&q.description));
                queues.insert(&q.id, TItem::Table(t));
            }
        }
        if !self.links.is_empty() {
            if !root.contains_key("links") {
                root.insert("links", TItem::ArrayOfTables(Default::default()));
            }
            let links = root["links"].as_array_of_tables_mut().expect("checked");
            let existing: Vec<(String, String, String)> = links
                .iter()
                .map(|t| {
                    let s = |k: &str| t.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
                    let kind = t.get("kind").and_then(|v| v.as_str()).unwrap_or("uses");
                    (s("from"), s("to"), kind.to_string())
                })
                .collect();
            let mut first = links.is_empty();
            for l in &self.links {
                let key = (l.from.clone(), l.to.clone(), l.kind.name().to_string());
                if existing.contains(&key) {
                    report.kept_links += 1;
                    continue;
                }
                report.added_links += 1;
                let mut t = Table::new();
                if first {
                    t.decor_mut().set_prefix("\n");
                    first = false;
                }
                t.insert("from", value(&l.from));
                t.insert("to", value(&l.to));
                t.insert("kind", value(l.kind.name()));
                if let Some(x) = &l.label {
                    t.insert("label", value(x));
                }
                if let Some(p) = l.port {
                    t.insert("port", value(p));
                }
                if l.inferred {
                    t.insert("inferred", value(true));
                }
                if let Some(d) = &l.description {
                    t.insert("description", value(d));
                }
                links.push(t);
            }
        }
        report
    }
}

fn item_table(it: &DraftItem) -> Table {
    let mut t = Table::new();
    t.decor_mut().set_prefix(format!("\n# {}\n", it.origin));
    t.insert("kind", value(it.kind.name()));
    if let Some(p) = &it.parent {
        t.insert("in", value(p));
    }
    if let Some(d) = &it.description {
        t.insert("description", value(d));
    }
    for (k, v) in &it.attrs {
        t.insert(k, TItem::Value(v.to_toml()));
    }
    if !it.meta.is_empty() {
        let mut m = InlineTable::new();
        for (k, v) in &it.meta {
            m.insert(k, v.as_str().into());
        }
        t.insert("meta", value(m));
    }
    t
}

/// An id the inventory accepts: letters, digits, `-`, `_` and `.`; anything else becomes `-`.
pub fn sanitize_id(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let s = s.replace("->", "-");
    if s.is_empty() {
        "unnamed".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        let mut d = Draft {
            name: "compose".into(),
            title: "Compose".into(),
            ..Draft::default()
        };
        let p = d.add_item("app", Kind::Project, "a.yml".into());
        let w = d.add_item("web", Kind::ComposeService, "a.yml:3".into());
        d.item_mut(&w).unwrap().parent = Some(p);
        d.item_mut(&w).unwrap().set("replicas", Val::Int(2));
        d.item_mut(&w)
            .unwrap()
            .set("software", Val::Str("x".into()));
        let db = d.add_item("web", Kind::Postgresql, "a.yml:9".into());
        d.link(DraftLink {
            from: w.clone(),
            to: db,
            kind: LinkKind::Uses,
            label: None,
            port: None,
            inferred: false,
            description: None,
        });
        d
    }

    #[test]
    fn ids_stay_unique_and_unknown_keys_go_to_meta() {
        let d = draft();
        let ids: Vec<&str> = d.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["app", "web", "web-postgresql"]);
        let text = d.to_toml();
        assert!(text.contains("meta = { software = \"x\" }"), "{text}");
        assert!(text.starts_with(SCHEMA_DIRECTIVE), "{text}");
        eprintln!("{text}");
        assert_eq!(sanitize_id("my app/1"), "my-app-1");
    }

    #[test]
    fn merge_keeps_user_text_and_skips_existing_ids() {
        let user = "# mine\n[era]\nname = \"x\"   # keep\ntitle = \"X\"\n\n[items.web]\nkind = \"vm\" # hand\n";
        let (out, rep) = draft().merge_into(user).unwrap();
        assert!(out.starts_with(user), "{out}");
        assert_eq!(rep.kept_items, ["web"]);
        assert_eq!(
            rep.kind_conflicts,
            [(
                "web".to_string(),
                "vm".to_string(),
                "compose-service".to_string()
            )]
        );
        assert_eq!(rep.added_items, ["app", "web-postgresql"]);
    }
}
