//! The committed JSON Schema is the one `zukai schema` generates from the kind table.

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
