//! The JSON Schema (draft-07) of inventory files, generated from the same tables the loader
//! reads ([`crate::model::kind`]) and the lint rules ([`super::rules`]), so editors
//! (taplo / Even Better TOML) complete and flag exactly what `zukai check` accepts.
//!
//! Items are one definition with the union of every attribute (an item that overrides an
//! inherited one may omit `kind`), narrowed per kind with `if`/`then` on `kind`.

use super::rules;
use crate::model::kind::{
    AttrSpec, AttrType, COMMON_ATTRS, ERA_ATTRS, Kind, LINK_ATTRS, QUEUE_ATTRS,
};
use serde_json::{Map, Value, json};

/// Where the committed schema lives, relative to the repository root.
pub const SCHEMA_PATH: &str = "schema/inventory.schema.json";

/// The schema of one attribute value.
fn value_schema(spec: &AttrSpec) -> Value {
    let strings = json!({"type": "array", "items": {"type": "string"}});
    let mut s = match spec.ty {
        AttrType::Str => json!({"type": "string"}),
        AttrType::Enum(choices) => json!({"type": "string", "enum": choices}),
        AttrType::Int => json!({"type": "integer", "minimum": 0}),
        AttrType::Bool => json!({"type": "boolean"}),
        AttrType::Cpu => json!({"type": ["number", "string"], "examples": [2, 0.5, "500m"]}),
        AttrType::Memory => {
            json!({"type": ["integer", "string"], "examples": ["8GiB", "4GB", "512Mi"]})
        }
        AttrType::Cron => json!({"type": "string", "examples": ["0 22 * * *", "@daily"]}),
        AttrType::StrList | AttrType::RefList => {
            json!({"anyOf": [strings, {"type": "string"}]})
        }
        AttrType::Ports => json!({"anyOf": [
            {"type": ["integer", "string"]},
            {"type": "array", "items": {"type": ["integer", "string"]}}
        ], "examples": [[80, "443/tcp", "8080:80"]]}),
        AttrType::Table => json!({
            "type": "object",
            "additionalProperties": {"type": ["string", "number", "boolean"]}
        }),
    };
    s["description"] = json!(spec.doc);
    s
}

/// An object schema with exactly these keys.
fn closed(specs: impl IntoIterator<Item = &'static AttrSpec>) -> Value {
    let mut props = Map::new();
    for spec in specs {
        props.entry(spec.name).or_insert_with(|| value_schema(spec));
    }
    json!({"type": "object", "properties": props, "additionalProperties": false})
}

fn kind_schema() -> Value {
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    let docs: Vec<String> = Kind::ALL
        .iter()
        .map(|k| format!("{} ({:?}): {}", k.title(), k.category(), k.doc()))
        .collect();
    json!({
        "type": "string",
        "description": "What the item is; decides the keys it takes and where it may be placed.",
        "enum": names,
        "x-taplo": {"docs": {"enumValues": docs}}
    })
}

fn item_schema() -> Value {
    // Without `kind` (an inherited item being overridden) any known key is accepted; a key
    // with different types in different kinds falls back to the loosest common form.
    let mut union = Map::new();
    for kind in Kind::ALL {
        for spec in COMMON_ATTRS
            .iter()
            .chain(kind.attr_tables().iter().flat_map(|t| t.iter()))
        {
            let s = value_schema(spec);
            match union.get(spec.name) {
                None => {
                    union.insert(spec.name.to_string(), s);
                }
                Some(old) if *old != s => {
                    union.insert(
                        spec.name.to_string(),
                        json!({"description": format!("Depends on the kind; see `kind`. {}", spec.doc)}),
                    );
                }
                Some(_) => {}
            }
        }
    }
    union.insert("kind".into(), kind_schema());
    let per_kind: Vec<Value> = Kind::ALL
        .iter()
        .map(|kind| {
            let mut then = closed(
                COMMON_ATTRS
                    .iter()
                    .chain(kind.attr_tables().iter().flat_map(|t| t.iter())),
            );
            then["properties"]["kind"] = kind_schema();
            if *kind == Kind::Generic {
                then["required"] = json!(["type"]);
            }
            json!({
                "if": {"properties": {"kind": {"const": kind.name()}}, "required": ["kind"]},
                "then": then,
            })
        })
        .collect();
    json!({
        "type": "object",
        "description": "An item: a machine, workload, Service, store or external service. The table key is its id.",
        "properties": union,
        "additionalProperties": false,
        "allOf": per_kind,
    })
}

/// The schema as a JSON value.
pub fn json_schema() -> Value {
    let mut era = closed(ERA_ATTRS.iter());
    era["required"] = json!(["name", "title"]);
    era["description"] = json!("The era this file describes.");
    let mut link = closed(LINK_ATTRS.iter());
    link["required"] = json!(["from", "to"]);
    let mut queue = closed(QUEUE_ATTRS.iter());
    queue["description"] = json!("A job queue (Sidekiq, Celery...); the table key is its id.");
    let level = json!({"type": "string", "enum": ["allow", "warn", "deny"]});
    let mut lints = Map::new();
    for r in rules::LINTS {
        let mut l = level.clone();
        l["description"] = json!(format!(
            "{}. `zukai explain {}` tells more.",
            capitalise(r.summary),
            r.id
        ));
        lints.insert(r.id.to_string(), l);
    }
    let mut all = level.clone();
    all["description"] = json!("`deny` turns every lint still at `warn` into an error.");
    lints.insert("warnings".into(), all);
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "zukai inventory",
        "description": "One era of a system as a zukai inventory. Generated by `zukai schema`; do not edit.",
        "type": "object",
        "required": ["era"],
        "additionalProperties": false,
        "properties": {
            "era": era,
            "items": {
                "type": "object",
                "description": "Items by id: `[items.web]`.",
                "additionalProperties": {"$ref": "#/definitions/item"}
            },
            "links": {
                "type": "array",
                "description": "Relations between items: `[[links]]`.",
                "items": {"$ref": "#/definitions/link"}
            },
            "queues": {
                "type": "object",
                "description": "Job queues by id: `[queues.scheduler]`.",
                "additionalProperties": {"$ref": "#/definitions/queue"}
            },
            "lints": {
                "type": "object",
                "description": "Lint levels for this inventory: `orphan = \"allow\"`.",
                "properties": lints,
                "additionalProperties": false
            }
        },
        "definitions": {
            "item": item_schema(),
            "link": link,
            "queue": queue,
        }
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// The schema as the text `zukai schema` prints and `schema/inventory.schema.json` holds.
pub fn json_schema_text() -> String {
    serde_json::to_string_pretty(&json_schema()).expect("JSON values always serialise") + "\n"
}
