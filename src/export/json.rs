//! JSON: the inventory graph of one era with typed attributes. The layout is documented in
//! `docs/export.md`; keys come in a fixed order (attributes in declaration order), so the
//! same inventory always gives the same bytes.

use crate::model::{Attr, Era, Value};
use indexmap::IndexMap;
use serde_json::{Map, Value as Json, json};

/// The version of the JSON layout, written as `zukai_export`. Bumped when a key changes
/// meaning or disappears; new keys may appear without a bump.
pub const VERSION: u64 = 1;

/// Writes an era as pretty-printed JSON, ending with a newline.
pub fn write(era: &Era) -> String {
    let mut text = serde_json::to_string_pretty(&to_json(era)).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON value of an era (see `docs/export.md`).
pub fn to_json(era: &Era) -> Json {
    let items: Vec<Json> = era
        .items
        .values()
        .map(|i| {
            json!({
                "id": i.id,
                "kind": i.kind.name(),
                "category": i.kind.category(),
                "label": i.label,
                "parent": i.parent.as_ref().map(|r| &r.id),
                "was": i.was.as_ref().map(|r| &r.id),
                "attributes": attributes(&i.attrs),
            })
        })
        .collect();
    let links: Vec<Json> = era
        .links
        .iter()
        .map(|l| {
            json!({
                "from": l.from.id,
                "to": l.to.id,
                "kind": l.kind.name(),
                "label": l.label,
                "attributes": attributes(&l.attrs),
            })
        })
        .collect();
    let queues: Vec<Json> = era
        .queues
        .values()
        .map(|q| {
            json!({
                "id": q.id,
                "label": q.label,
                "broker": q.broker.as_ref().map(|r| &r.id),
                "singleton": q.singleton,
                "description": q.description,
            })
        })
        .collect();
    json!({
        "zukai_export": VERSION,
        "era": {
            "name": era.name,
            "title": era.title,
            "description": era.description,
            "extends": era.extends.as_ref().map(|r| &r.id),
            "order": era.order,
        },
        "items": items,
        "links": links,
        "queues": queues,
    })
}

fn attributes(attrs: &IndexMap<String, Attr>) -> Json {
    Json::Object(
        attrs
            .iter()
            .map(|(k, a)| (k.clone(), value(&a.value)))
            .collect::<Map<_, _>>(),
    )
}

/// A typed value as JSON. Quantities carry their unit as the key, so a reader never has to
/// guess whether `2000` is cores or millicores.
fn value(v: &Value) -> Json {
    match v {
        Value::Str(s) | Value::Cron(s) => json!(s),
        Value::Int(i) => json!(i),
        Value::Bool(b) => json!(b),
        Value::Cpu(c) => json!({ "millicores": c.0 }),
        Value::Memory(m) => json!({ "bytes": m.0 }),
        Value::List(l) | Value::Ports(l) => json!(l),
        Value::Table(t) => Json::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect::<Map<_, _>>(),
        ),
    }
}
