//! The JSON export carries the whole inventory graph with typed values, and hostile text
//! comes back out of it unchanged.

mod export_support;

use export_support::*;
use serde_json::{Value, json};
use zukai::export::{Format, export};

fn parsed(name: &str) -> (zukai::model::Era, Value) {
    let era = fixture_era(name);
    let v: Value = serde_json::from_str(&export(&era, Format::Json)).expect("valid JSON");
    (era, v)
}

#[test]
fn items_links_and_queues_are_all_there_in_order() {
    let (era, v) = parsed("small.toml");
    assert_eq!(v["zukai_export"], 1);
    assert_eq!(v["era"]["name"], "small");
    assert_eq!(v["era"]["title"], era.title);
    let ids: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    let want: Vec<&str> = era.items.keys().map(String::as_str).collect();
    assert_eq!(ids, want);
    assert_eq!(v["links"].as_array().unwrap().len(), era.links.len());
    let web = &v["items"][ids.iter().position(|i| *i == "web").unwrap()];
    assert_eq!(web["kind"], "compose-service");
    assert_eq!(web["category"], "workload");
    assert_eq!(web["parent"], "stack");
    assert_eq!(web["label"], Value::Null);
    assert_eq!(
        v["queues"][0],
        json!({"id": "mail", "label": null, "broker": "redis", "singleton": false, "description": "Outgoing e-mail."})
    );
}

#[test]
fn attribute_values_keep_their_types_and_units() {
    let (_, v) = parsed("small.toml");
    let item = |id: &str| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()["attributes"]
            .clone()
    };
    let vm = item("vm");
    assert_eq!(vm["cpu"], json!({"millicores": 4000}));
    assert_eq!(vm["memory"], json!({"bytes": 8u64 << 30}));
    assert_eq!(vm["site"], "home");
    assert_eq!(item("web")["replicas"], 2);
    assert_eq!(item("web")["enqueues"], json!(["mail"]));
    assert_eq!(item("nginx")["tls"], true);
    assert_eq!(item("nginx")["ports"], json!(["443/tcp"]));
    assert_eq!(item("cleanup")["schedule"], "0 3 * * *");
    let https = &v["links"][1];
    assert_eq!(https["kind"], "routes");
    assert_eq!(
        https["attributes"],
        json!({"protocol": "https", "port": 443})
    );
}

#[test]
fn hostile_ids_and_labels_survive_intact() {
    let (era, v) = parsed("hostile.toml");
    for (item, out) in era.items.values().zip(v["items"].as_array().unwrap()) {
        assert_eq!(out["id"], item.id.as_str());
        assert_eq!(out["label"].as_str(), item.label.as_deref());
    }
    for (link, out) in era.links.iter().zip(v["links"].as_array().unwrap()) {
        assert_eq!(out["label"].as_str(), link.label.as_deref());
    }
    assert_eq!(v["era"]["title"], era.title);
}
