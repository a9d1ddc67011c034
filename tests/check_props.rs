//! Property tests: `check` and every renderer never panic, on arbitrary bytes and on
//! arbitrary TOML-ish text built from a small grammar of our own keys, kinds and ids (which
//! reaches far deeper into the checks than random bytes do).

use proptest::prelude::*;
use zukai::check::{CheckConfig, check, rules};
use zukai::diag::render;
use zukai::model::load_sources;
use zukai::model::{Kind, LintLevel};
use zukai::source::{SourceFile, Sources, decode};

fn check_and_render(texts: &[String], config: &CheckConfig) {
    let mut s = Sources::new();
    for (i, t) in texts.iter().enumerate() {
        s.add(SourceFile::new(format!("f{i}.toml"), t.as_str()));
    }
    let loaded = load_sources(s);
    let diags = check(&loaded, config);
    let all: Vec<_> = rules::all().copied().collect();
    let _ = render::human(&loaded.sources, &diags, true);
    let json = render::json(&loaded.sources, &diags);
    let _: serde_json::Value = serde_json::from_str(&json).expect("JSON output parses");
    let _ = render::sarif(&loaded.sources, &diags, &all);
    let _ = render::github(&loaded.sources, &diags);
    for d in &diags {
        assert!(
            rules::find(d.code).is_some(),
            "undocumented code {}",
            d.code
        );
        if let Some(span) = &d.span {
            let text = &loaded.sources.get(span.file).text;
            assert!(span.range.start <= span.range.end && span.range.end <= text.len());
        }
    }
}

const IDS: &[&str] = &[
    "web", "db", "redis", "k8s", "ns", "vm", "internet", "a", "b", "q",
];
const KEYS: &[&str] = &[
    "kind",
    "in",
    "replicas",
    "queues",
    "enqueues",
    "selects",
    "liveness-depends-on",
    "readiness-depends-on",
    "cpu",
    "memory",
    "cpu-request",
    "memory-request",
    "schedule",
    "singleton",
    "volume",
    "persistent",
    "was",
    "from",
    "to",
    "broker",
    "name",
    "title",
    "extends",
    "remove",
    "type",
    "ports",
    "label",
    "meta",
    "bogus",
];

fn id() -> impl Strategy<Value = String> {
    prop::sample::select(IDS).prop_map(|s| s.to_string())
}

fn value() -> impl Strategy<Value = String> {
    let kinds: Vec<&'static str> = Kind::ALL.iter().map(|k| k.name()).collect();
    prop_oneof![
        id().prop_map(|i| format!("\"{i}\"")),
        prop::sample::select(kinds).prop_map(|k| format!("\"{k}\"")),
        prop::collection::vec(id(), 0..4).prop_map(|v| format!(
            "[{}]",
            v.iter()
                .map(|i| format!("\"{i}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        (-3i64..5).prop_map(|n| n.to_string()),
        prop::sample::select(vec![
            "true",
            "false",
            "\"500m\"",
            "\"8GiB\"",
            "\"8 potatoes\"",
            "\"0 22 * * *\"",
            "\"allow\"",
            "\"deny\"",
            "\"warn\"",
            "{ a = 1 }",
            "1.5",
            "\"routes\"",
            "\"monitors\"",
            "[[1]]",
            "\"",
            "[",
            "2024-01-01",
        ])
        .prop_map(String::from),
    ]
}

/// The keys of one table, each once (a repeated key would only test the TOML parser), with
/// random values; usually led by a real `kind`.
fn body() -> impl Strategy<Value = String> {
    let kinds: Vec<&'static str> = Kind::ALL.iter().map(|k| k.name()).collect();
    (
        prop::option::weighted(0.85, prop::sample::select(kinds)),
        prop::sample::subsequence(KEYS.to_vec(), 0..6),
    )
        .prop_flat_map(|(kind, keys)| {
            let n = keys.len();
            (Just(kind), Just(keys), prop::collection::vec(value(), n))
        })
        .prop_map(|(kind, keys, values)| {
            let mut lines: Vec<String> = kind
                .map(|k| format!("kind = \"{k}\""))
                .into_iter()
                .collect();
            lines.extend(
                keys.iter()
                    .filter(|k| **k != "kind")
                    .zip(values)
                    .map(|(k, v)| format!("{k} = {v}")),
            );
            lines.join("\n")
        })
}

fn link() -> impl Strategy<Value = String> {
    (
        id(),
        id(),
        prop::sample::select(vec!["uses", "routes", "monitors", "reads", "bogus"]),
    )
        .prop_map(|(a, b, k)| format!("[[links]]\nfrom = \"{a}\"\nto = \"{b}\"\nkind = \"{k}\""))
}

fn inventory() -> impl Strategy<Value = String> {
    let lints: Vec<&'static str> = rules::LINTS
        .iter()
        .map(|r| r.id)
        .chain(["orphn", "syntax"])
        .collect();
    (
        prop::sample::select(vec!["a", "b"]),
        prop::option::of(prop::sample::select(vec!["a", "b", "c"])),
        prop::sample::subsequence(IDS.to_vec(), 0..8),
        prop::sample::subsequence(IDS.to_vec(), 0..3),
        prop::collection::vec(link(), 0..8),
        prop::sample::subsequence(lints, 0..3),
        prop::option::weighted(0.1, "[ -~]{0,30}"),
    )
        .prop_flat_map(|(name, extends, items, queues, links, lints, garbage)| {
            let (ni, nq) = (items.len(), queues.len());
            (
                Just((name, extends, items, queues, links, lints, garbage)),
                prop::collection::vec(body(), ni),
                prop::collection::vec((prop::option::of(id()), any::<bool>()), nq),
            )
        })
        .prop_map(
            |((name, extends, items, queues, links, lints, garbage), bodies, qs)| {
                let mut t = format!("[era]\nname = \"{name}\"\ntitle = \"T\"\n");
                if let Some(x) = extends {
                    t.push_str(&format!("extends = \"{x}\"\n"));
                }
                for (i, b) in items.iter().zip(bodies) {
                    t.push_str(&format!("[items.{i}]\n{b}\n"));
                }
                for (q, (broker, single)) in queues.iter().zip(qs) {
                    t.push_str(&format!("[queues.{q}]\nsingleton = {single}\n"));
                    if let Some(b) = broker {
                        t.push_str(&format!("broker = \"{b}\"\n"));
                    }
                }
                for l in links {
                    t.push_str(&l);
                    t.push('\n');
                }
                if !lints.is_empty() {
                    t.push_str("[lints]\n");
                    for l in lints {
                        t.push_str(&format!("{l} = \"deny\"\n"));
                    }
                }
                if let Some(g) = garbage {
                    t.push_str(&g);
                }
                t
            },
        )
}

fn config() -> impl Strategy<Value = CheckConfig> {
    let lints: Vec<&'static str> = rules::LINTS.iter().map(|r| r.id).collect();
    (
        prop::collection::vec(
            (
                prop::sample::select(lints),
                prop::sample::select(vec![LintLevel::Allow, LintLevel::Warn, LintLevel::Deny]),
            ),
            0..3,
        ),
        any::<bool>(),
    )
        .prop_map(|(levels, deny_warnings)| CheckConfig {
            levels: levels
                .into_iter()
                .map(|(n, l)| (n.to_string(), l))
                .collect(),
            deny_warnings,
        })
}

proptest! {
    // 256 cases by default; `PROPTEST_CASES=5000` runs more.
    #[test]
    fn check_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(text) = decode(bytes) {
            check_and_render(&[text], &CheckConfig::default());
        }
    }

    #[test]
    fn check_never_panics_on_toml_built_from_our_vocabulary(
        a in inventory(),
        b in inventory(),
        config in config(),
    ) {
        check_and_render(&[a, b], &config);
    }
}
