//! Property tests over random pairs of eras built from our own vocabulary: the comparison,
//! the union diagram and the stable pictures never panic, an era never differs from
//! itself, each side of the union is exactly that era's diagram, and unchanged items never
//! move between the before and after pictures.

use proptest::prelude::*;
use std::collections::BTreeSet;
use zukai::diff::stable::unchanged_displaced;
use zukai::diff::{compare, report, stable_scenes, union};
use zukai::graph::diagram::from_era;
use zukai::model::{Era, load_sources};
use zukai::scene::build::SceneOptions;
use zukai::source::{SourceFile, Sources};

/// One era, as choices: which items exist, where each sits, and how many copies run. The
/// choices are resolved into placements the vocabulary allows, so most eras are valid and
/// the comparison sees real moves, re-platforms and renames.
#[derive(Debug, Clone)]
struct Spec {
    /// internet, vm, vm2, p, k8s, ns, web, db, redis.
    present: [bool; 9],
    /// Where each item goes among its allowed containers, and web's platform.
    choice: [usize; 9],
    replicas: [u8; 3],
    /// `db` is called `postgres` (with `was = "db"`).
    renamed: bool,
    links: Vec<(usize, usize, usize)>,
}

const NAMES: [&str; 9] = [
    "internet", "vm", "vm2", "p", "k8s", "ns", "web", "db", "redis",
];
const LINKS: &[&str] = &["uses", "routes", "replicates", "migrates", "monitors"];

fn era() -> impl Strategy<Value = Spec> {
    (
        prop::array::uniform9(prop::bool::weighted(0.75)),
        prop::array::uniform9(0usize..6),
        prop::array::uniform3(1u8..4),
        prop::bool::weighted(0.3),
        prop::collection::vec((0usize..9, 0usize..9, 0..LINKS.len()), 0..10),
    )
        .prop_map(|(present, choice, replicas, renamed, links)| Spec {
            present,
            choice,
            replicas,
            renamed,
            links,
        })
}

fn era_text(name: &str, s: &Spec) -> String {
    let mut out = format!("[era]\nname = \"{name}\"\ntitle = \"{name}\"\n");
    let mut placed: Vec<(usize, String)> = Vec::new();
    let has = |placed: &Vec<(usize, String)>, i: usize| placed.iter().any(|(j, _)| *j == i);
    let pick = |placed: &Vec<(usize, String)>, options: &[usize], c: usize| -> Option<usize> {
        let ok: Vec<usize> = options
            .iter()
            .copied()
            .filter(|o| has(placed, *o))
            .collect();
        (!ok.is_empty()).then(|| ok[c % ok.len()])
    };
    for i in 0..NAMES.len() {
        if !s.present[i] {
            continue;
        }
        let c = s.choice[i];
        let (kind, parent): (&str, Option<usize>) = match i {
            0 => ("users", None),
            1 | 2 => ("vm", None),
            3 => match pick(&placed, &[1, 2], c) {
                Some(p) => ("project", Some(p)),
                None => continue,
            },
            4 => ("cluster", None),
            5 => match pick(&placed, &[4], c) {
                Some(p) => ("namespace", Some(p)),
                None => continue,
            },
            6 if c % 2 == 0 => match pick(&placed, &[3], c) {
                Some(p) => ("compose-service", Some(p)),
                None => continue,
            },
            6 => match pick(&placed, &[5, 4], c / 2) {
                Some(p) => ("deployment", Some(p)),
                None => continue,
            },
            7 => ("postgresql", pick(&placed, &[3, 1, 2, 5, 4], c)),
            _ => ("redis", pick(&placed, &[3, 1, 2, 5, 4], c)),
        };
        let id = if i == 7 && s.renamed {
            "postgres"
        } else {
            NAMES[i]
        };
        out.push_str(&format!("[items.{id}]\nkind = \"{kind}\"\n"));
        if let Some(p) = parent {
            let pid = &placed.iter().find(|(j, _)| *j == p).unwrap().1;
            out.push_str(&format!("in = \"{pid}\"\n"));
        }
        if i >= 6 {
            out.push_str(&format!("replicas = {}\n", s.replicas[i - 6]));
        }
        if i == 7 && s.renamed {
            out.push_str("was = \"db\"\n");
        }
        placed.push((i, id.to_string()));
    }
    let mut seen = BTreeSet::new();
    for &(f, t, k) in &s.links {
        let (Some(from), Some(to)) = (
            placed.iter().find(|(j, _)| *j == f),
            placed.iter().find(|(j, _)| *j == t),
        ) else {
            continue;
        };
        if f != t && seen.insert((f, t, k)) {
            out.push_str(&format!(
                "[[links]]\nfrom = \"{}\"\nto = \"{}\"\nkind = \"{}\"\n",
                from.1, to.1, LINKS[k]
            ));
        }
    }
    out
}

fn load(name: &str, spec: &Spec) -> Era {
    let mut s = Sources::new();
    s.add(SourceFile::new(
        format!("{name}.toml"),
        era_text(name, spec),
    ));
    // References may dangle and placement may be wrong or cyclic: the diff must cope.
    load_sources(s).eras.remove(0)
}

fn valid(era: &Era) -> bool {
    !zukai::check::has_errors(
        &zukai::check::check_era(era, &zukai::check::CheckConfig::default())
            .into_iter()
            .filter(|d| !zukai::check::rules::is_lint(d.code))
            .collect::<Vec<_>>(),
    )
}

fn ids(nodes: impl Iterator<Item = String>) -> BTreeSet<String> {
    nodes.collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn comparison_and_union_hold_their_contract(b in era(), a in era()) {
        let (before, after) = (load("before", &b), load("after", &a));
        let d = compare(&before, &after);
        let _ = report::text(&d, true);
        let _: serde_json::Value = serde_json::from_str(&report::json(&d)).unwrap();
        let _ = report::markdown(&d);

        let u = union(&before, &after, &d);
        let g = &u.diagram;
        for (i, n) in g.nodes.iter().enumerate() {
            prop_assert!(n.parent.is_none_or(|p| p < i));
            prop_assert_eq!(g.index_of(&n.id), Some(i));
        }
        // Each side of the union is exactly that era's own diagram, for eras `zukai diff`
        // accepts (a dangling `in` hides an item from `from_era` but not from the matching).
        if !valid(&before) || !valid(&after) {
            return Ok(());
        }
        let side = |items: &Vec<Option<String>>| ids(items.iter().flatten().cloned());
        prop_assert_eq!(side(&u.after_item), ids(from_era(&after).nodes.into_iter().map(|n| n.id)));
        prop_assert_eq!(side(&u.before_item), ids(from_era(&before).nodes.into_iter().map(|n| n.id)));
        prop_assert_eq!(
            u.edge_after.iter().flatten().count(),
            from_era(&after).edges.len()
        );
    }

    #[test]
    fn an_era_never_differs_from_itself(e in era()) {
        let era = load("e", &e);
        let d = compare(&era, &era);
        prop_assert!(!d.has_differences(), "{}", report::text(&d, false));
        prop_assert!(d.risks.is_empty());
        prop_assert_eq!(d.lints, Default::default());
    }
}

proptest! {
    // Layout is the slow part: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn unchanged_items_never_move_between_before_and_after(b in era(), a in era()) {
        let (before, after) = (load("before", &b), load("after", &a));
        let s = stable_scenes(&before, &after, &SceneOptions::default());
        let (moved, _) = unchanged_displaced(&s);
        prop_assert_eq!(moved, 0);
        // Each side's own text fits the box sized for both sides.
        for scene in [&s.before, &s.after, &s.diff] {
            for n in scene.nodes.iter().filter(|n| !n.container) {
                for t in &n.texts {
                    prop_assert!(n.rect.contains(&t.bounds), "{:?} leaves `{}`", t.lines, n.id);
                }
            }
        }
    }
}
