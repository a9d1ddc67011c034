//! `--format sarif` has the shape GitHub code scanning accepts (SARIF 2.1.0): the fields it
//! requires, rules with help text, results pointing at regions that exist in the file.

use serde_json::Value;
use std::process::Command;

fn sarif(files: &[&str]) -> (i32, Value) {
    let o = Command::new(env!("CARGO_BIN_EXE_zukai"))
        .arg("check")
        .arg("--format")
        .arg("sarif")
        .args(files)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&o.stdout).expect("SARIF is JSON");
    (o.status.code().unwrap(), v)
}

#[test]
fn sarif_has_the_shape_code_scanning_expects() {
    let files = [
        "examples/every-lint.toml",
        "tests/fixtures/check/unknown-reference.toml",
        "tests/fixtures/check/io-binary.toml",
    ];
    let (code, v) = sarif(&files);
    assert_eq!(code, 2, "an unreadable file still makes exit code 2");
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "zukai");
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "rule ids are unique");
    for r in rules {
        for key in ["shortDescription", "fullDescription", "help"] {
            assert!(
                !r[key]["text"].as_str().unwrap().is_empty(),
                "{key} of {}",
                r["id"]
            );
        }
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning"].contains(&level));
    }
    let results = runs[0]["results"].as_array().unwrap();
    assert!(results.len() > 15, "{}", results.len());
    let texts: Vec<Vec<String>> = files
        .iter()
        .map(|f| {
            std::fs::read_to_string(f)
                .unwrap_or_default()
                .lines()
                .map(String::from)
                .collect()
        })
        .collect();
    let mut located = 0;
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(ids[index], id, "ruleIndex points at the rule");
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let locs = r["locations"]
            .as_array()
            .expect("every result has a location");
        let phys = &locs[0]["physicalLocation"];
        let uri = phys["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.contains('\\') && !uri.starts_with('/'), "{uri}");
        let file = files
            .iter()
            .position(|f| *f == uri)
            .expect("uri is a checked file");
        let region = &phys["region"];
        let line = region["startLine"].as_u64().unwrap() as usize;
        let col = region["startColumn"].as_u64().unwrap() as usize;
        assert!(line >= 1 && col >= 1);
        let text = &texts[file][line - 1];
        assert!(
            col <= text.chars().count() + 1,
            "column inside line {line} of {uri}"
        );
        if let Some(end) = region["endLine"].as_u64() {
            assert!(end as usize >= line);
            let end_col = region["endColumn"].as_u64().unwrap() as usize;
            assert!(end as usize > line || end_col > col);
        }
        located += 1;
    }
    assert!(located > 15);
    let invocation = &runs[0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["descriptor"]["id"], "io");
    assert!(
        note["message"]["text"]
            .as_str()
            .unwrap()
            .contains("io-binary.toml")
    );
    let singleton = results.iter().find(|r| r["ruleId"] == "singleton").unwrap();
    assert_eq!(singleton["level"], "warning");
    assert!(
        singleton["relatedLocations"][0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("singleton")
    );
}

#[test]
fn sarif_of_a_clean_file_has_no_results_but_all_rules() {
    let (code, v) = sarif(&["tests/fixtures/check/clean.toml"]);
    assert_eq!(code, 0);
    assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 0);
    assert_eq!(v["runs"][0]["invocations"][0]["executionSuccessful"], true);
    let n = v["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(n, zukai::check::rules::all().count());
}
