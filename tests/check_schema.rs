//! The committed JSON Schema is the one `zukai schema` generates from the kind table.

use serde_json::Value;
use zukai::check::schema::{SCHEMA_PATH, json_schema, json_schema_text};
use zukai::model::Kind;
use zukai::model::kind::{LINK_ATTRS, LinkKind};

#[test]
fn committed_schema_is_up_to_date() {
    let committed = std::fs::read_to_string(SCHEMA_PATH).unwrap_or_default();
    assert!(
        committed == json_schema_text(),
        "{SCHEMA_PATH} is stale; regenerate it with `cargo run -- schema -o {SCHEMA_PATH}`"
    );
}

#[test]
fn schema_knows_every_kind_attribute_link_kind_and_lint() {
    let s = json_schema();
    assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
    let item = &s["definitions"]["item"];
    let kinds: Vec<&str> = item["properties"]["kind"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(kinds, names);
    let branches = item["allOf"].as_array().unwrap();
    assert_eq!(branches.len(), Kind::ALL.len());
    for (k, b) in Kind::ALL.iter().zip(branches) {
        assert_eq!(b["if"]["properties"]["kind"]["const"], k.name());
        let props = b["then"]["properties"].as_object().unwrap();
        let mut keys: Vec<&str> = props.keys().map(String::as_str).collect();
        let mut want = k.attr_names();
        keys.sort();
        want.sort();
        assert_eq!(keys, want, "keys of {}", k.name());
        assert_eq!(b["then"]["additionalProperties"], false);
    }
    let cron = &branches[Kind::ALL.iter().position(|k| *k == Kind::CronJob).unwrap()];
    assert_eq!(
        cron["then"]["properties"]["concurrency-policy"]["enum"],
        serde_json::json!(["Allow", "Forbid", "Replace"])
    );
    let link_kinds = &s["definitions"]["link"]["properties"]["kind"]["enum"];
    let want: Vec<&str> = LinkKind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(link_kinds, &serde_json::json!(want));
    assert_eq!(
        s["definitions"]["link"]["properties"]
            .as_object()
            .unwrap()
            .len(),
        LINK_ATTRS.len()
    );
    for r in zukai::check::rules::LINTS {
        assert_eq!(
            s["properties"]["lints"]["properties"][r.id]["enum"][2],
            "deny"
        );
    }
}

#[test]
fn docs_name_every_code_and_rule() {
    let docs = std::fs::read_to_string("docs/check.md").unwrap();
    for r in zukai::check::rules::all() {
        assert!(
            docs.contains(&format!("| `{}` |", r.id)),
            "docs/check.md does not list `{}`",
            r.id
        );
    }
}

/// A small JSON Schema (draft-07) validator for the keywords our schema uses, so the test
/// needs no outside program. Returns the paths of the values that fail.
fn validate(root: &Value, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    let mut fail = |why: &str| errors.push(format!("{path}: {why}"));
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/definitions/").expect("local ref");
        return validate(root, &root["definitions"][name], v, path, errors);
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            _ => false,
        });
        if !ok {
            return fail(&format!("{v} is not {types:?}"));
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array)
        && !e.contains(v)
    {
        fail(&format!("{v} not in enum"));
    }
    if let Some(c) = schema.get("const")
        && c != v
    {
        fail(&format!("{v} is not {c}"));
    }
    if let (Some(m), Some(n)) = (schema.get("minimum").and_then(Value::as_i64), v.as_i64())
        && n < m
    {
        fail(&format!("{n} < {m}"));
    }
    if let Some(obj) = v.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        for req in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !obj.contains_key(req.as_str().unwrap()) {
                errors.push(format!("{path}: missing {req}"));
            }
        }
        for (k, x) in obj {
            let p = format!("{path}.{k}");
            match props.and_then(|p| p.get(k)) {
                Some(s) => validate(root, s, x, &p, errors),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => errors.push(format!("{p}: not allowed")),
                    Some(s @ Value::Object(_)) => validate(root, s, x, &p, errors),
                    _ => {}
                },
            }
        }
    }
    if let (Some(items), Some(a)) = (schema.get("items"), v.as_array()) {
        for (i, x) in a.iter().enumerate() {
            validate(root, items, x, &format!("{path}[{i}]"), errors);
        }
    }
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
        let ok = any.iter().any(|s| {
            let mut e = Vec::new();
            validate(root, s, v, path, &mut e);
            e.is_empty()
        });
        if !ok {
            errors.push(format!("{path}: matches no anyOf branch"));
        }
    }
    for s in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let mut e = Vec::new();
        validate(root, &s["if"], v, path, &mut e);
        if s.get("if").is_some() {
            if e.is_empty() {
                validate(root, &s["then"], v, path, errors);
            }
        } else {
            validate(root, s, v, path, errors);
        }
    }
}

/// The schema accepts what the loader accepts and flags what the loader calls an unknown
/// key or kind, a wrong type, a value outside its choices or a missing key: every fixture,
/// example and the shipped inventories.
#[test]
fn schema_and_loader_agree_on_every_fixture() {
    use zukai::check::{CheckConfig, check};
    let schema = json_schema();
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["tests/fixtures/check", "examples", "inventories"] {
        if let Ok(found) = zukai::source::inventory_files(std::path::Path::new(dir)) {
            files.extend(found);
        }
    }
    let structural = [
        "unknown-key",
        "unknown-kind",
        "type",
        "unknown-value",
        "missing-key",
        "unknown-lint",
    ];
    let (mut accepted, mut rejected) = (0, 0);
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let Ok(value) = toml::from_str::<Value>(&text) else {
            continue;
        };
        let loaded = zukai::model::load_files(std::slice::from_ref(&f));
        let codes: Vec<&str> = check(&loaded, &CheckConfig::default())
            .iter()
            .map(|d| d.code)
            .collect();
        if codes.iter().any(|c| ["unit", "cron", "io"].contains(c)) {
            continue;
        }
        let mut errors = Vec::new();
        validate(&schema, &schema, &value, "", &mut errors);
        let loader_says_wrong = codes.iter().any(|c| structural.contains(c));
        assert_eq!(
            !errors.is_empty(),
            loader_says_wrong,
            "{}: schema errors {errors:?}, loader codes {codes:?}",
            f.display()
        );
        if loader_says_wrong {
            rejected += 1
        } else {
            accepted += 1
        }
    }
    assert!(
        accepted >= 15 && rejected >= 5,
        "accepted {accepted}, rejected {rejected}"
    );
}
