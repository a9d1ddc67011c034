//! Whatever the bytes, an import returns an inventory or diagnostics: never a panic.

use proptest::prelude::*;
use zukai::check::{CheckConfig, check, has_errors};
use zukai::import::{Input, compose, k8s};
use zukai::model::load_sources;
use zukai::source::{SourceFile, Sources};

/// YAML-ish text: keys the importers look at, indentation, flow and block collections,
/// anchors, aliases, merge keys, interpolation and odd scalars.
fn yamlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("services:".to_string()),
        Just("kind: Deployment".to_string()),
        Just("kind: Service".to_string()),
        Just("kind: List".to_string()),
        Just("items:".to_string()),
        Just("metadata: {name: a, namespace: n}".to_string()),
        Just("spec:".to_string()),
        Just("template:".to_string()),
        Just("containers: [{name: c, image: postgres:1, command: [sidekiq, -q]}]".to_string()),
        Just("selector: {app: a}".to_string()),
        Just("depends_on: {db: {condition: x}}".to_string()),
        Just("depends_on: [a, b]".to_string()),
        Just("ports: [\"80:80\", {target: 1}]".to_string()),
        Just("volumes: [a:/b, {type: bind}]".to_string()),
        Just("image: ${A:-b}$$".to_string()),
        Just("env_file: [{path: x, required: false}]".to_string()),
        Just("<<: *a".to_string()),
        Just("&a".to_string()),
        Just("*a".to_string()),
        Just("- ".to_string()),
        Just("---".to_string()),
        Just("  ".to_string()),
        Just("\n".to_string()),
        Just("{".to_string()),
        Just("[".to_string()),
        Just(": ".to_string()),
        Just("~".to_string()),
        "[a-z0-9:./ -]{0,8}",
    ];
    prop::collection::vec(token, 0..40).prop_map(|t| t.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn imports_never_panic(text in yamlish()) {
        let input = [Input { name: "p.yaml".into(), text }];
        let c = compose::import(&input, &Default::default());
        let k = k8s::import(&input, &Default::default());
        for imp in [c, k] {
            // Whatever was imported loads and checks without errors.
            if !imp.has_errors() && !imp.draft.items.is_empty() {
                let text = imp.draft.to_toml();
                let mut s = Sources::new();
                s.add(SourceFile::new("out.toml", text.as_str()));
                let loaded = load_sources(s);
                prop_assert!(loaded.diagnostics.is_empty(), "{:?}\n{}", loaded.diagnostics, text);
                let found = check(&loaded, &CheckConfig::default());
                prop_assert!(!has_errors(&found), "{:?}\n{}", found, text);
            }
            for d in &imp.diagnostics {
                prop_assert!(!d.message.is_empty());
            }
        }
    }
}

/// A name as users write them, odd ones included (spaces, arrows, dots, unicode).
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("web".to_string()),
        Just("db".to_string()),
        Just("redis".to_string()),
        Just("a b".to_string()),
        Just("x->y".to_string()),
        Just("é.ü".to_string()),
        Just("-".to_string()),
        "[a-z][a-z0-9-]{0,6}",
    ]
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("postgres:16".to_string()),
        Just("nginx".to_string()),
        Just("70000".to_string()),
        Just("80:80/udp".to_string()),
        Just("0 25 * * *".to_string()),
        Just("500m".to_string()),
        Just("8 potatoes".to_string()),
        Just("${X:-y}".to_string()),
        Just("bundle exec sidekiq -q a -q".to_string()),
        Just("http://db:5432/x".to_string()),
        // `$` starts interpolation in compose; a random one is written `$$` as users must.
        "[ -~]{0,12}".prop_map(|s| s.replace('$', "$$")),
    ]
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

prop_compose! {
    fn compose_file()(svcs in prop::collection::vec((name(), scalar(), scalar(), prop::collection::vec(name(), 0..3), 0u8..5), 1..6)) -> String {
        let mut out = String::from("services:\n");
        let mut seen = std::collections::HashSet::new();
        for (n, a, b, deps, r) in svcs {
            if !seen.insert(n.clone()) {
                continue;
            }
            out.push_str(&format!(
                "  {}:\n    image: {}\n    command: {}\n    ports: [{}]\n    deploy: {{replicas: {r}}}\n    healthcheck: {{test: [CMD, {}]}}\n    volumes: [{}]\n    profiles: [{}]\n    depends_on: [{}]\n    environment: {{X: {}}}\n",
                q(&n), q(&a), q(&b), q(&a), q(&b), q(&format!("{a}:{b}")), q(&b),
                deps.iter().map(|d| q(d)).collect::<Vec<_>>().join(", "), q(&b)
            ));
        }
        out
    }
}

prop_compose! {
    fn manifest()(objs in prop::collection::vec((prop::sample::select(vec!["Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job", "Pod", "Service", "Ingress", "Namespace", "Widget"]), name(), name(), scalar(), scalar()), 1..8)) -> String {
        let mut docs = Vec::new();
        for (kind, n, ns, a, b) in objs {
            docs.push(format!(
                "kind: {kind}\nmetadata: {{name: {}, namespace: {}, labels: {{app: {}}}}}\nspec:\n  replicas: 2\n  schedule: {}\n  concurrencyPolicy: {}\n  selector: {{app: {}}}\n  type: {}\n  ports: [{{port: 80, targetPort: {}}}]\n  rules: [{{host: {}, http: {{paths: [{{path: /, backend: {{service: {{name: {}, port: {{number: 80}}}}}}}}]}}}}]\n  template: &t\n    metadata: {{labels: {{app: {}}}}}\n    spec:\n      restartPolicy: {}\n      containers: [{{name: c, image: {}, args: [{}], env: [{{name: U, value: {}}}], resources: {{requests: {{cpu: {}, memory: {}}}}}, livenessProbe: {{exec: {{command: [{}]}}}}}}]\n  jobTemplate: {{spec: {{template: *t}}}}\n",
                q(&n), q(&ns), q(&n), q(&a), q(&b), q(&n), q(&b), q(&a), q(&a), q(&n), q(&n), q(&b), q(&a), q(&b), q(&a), q(&a), q(&b), q(&a)
            ));
        }
        docs.join("---\n")
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn well_formed_inputs_always_give_inventories_that_check(c in compose_file(), m in manifest()) {
        for (imp, text_in) in [
            (compose::import(&[Input { name: "c.yml".into(), text: c.clone() }], &Default::default()), c),
            (k8s::import(&[Input { name: "m.yaml".into(), text: m.clone() }], &Default::default()), m),
        ] {
            prop_assert!(!imp.has_errors(), "{:?}\n{}", imp.diagnostics, text_in);
            let text = imp.draft.to_toml();
            let mut s = Sources::new();
            s.add(SourceFile::new("out.toml", text.as_str()));
            let loaded = load_sources(s);
            prop_assert!(loaded.diagnostics.is_empty(), "{:?}\n{}\n{}", loaded.diagnostics, text_in, text);
            let found = check(&loaded, &CheckConfig::default());
            prop_assert!(!has_errors(&found), "{:?}\n{}\n{}", found, text_in, text);
        }
    }
}
