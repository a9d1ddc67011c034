//! Semantic errors of a complete era: references to what does not exist, impossible
//! placement, placement cycles, links to self and unknown lint names.

use super::{Ctx, rules};
use crate::diag::{Diagnostic, did_you_mean};
use crate::model::kind::AttrType;
use crate::model::{Era, Ref};

/// Every semantic error of the era in `ctx` (`was` needs the extended era: [`check_was`]).
pub fn check(ctx: &Ctx) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    references(ctx, &mut out);
    placement(ctx.era, &mut out);
    placement_cycles(ctx.era, &mut out);
    for link in &ctx.era.links {
        if link.from.id == link.to.id {
            out.push(
                Diagnostic::error(
                    "self-link",
                    link.to.span.clone(),
                    format!("link from `{}` to itself", link.from.id),
                )
                .with_label("same as `from`")
                .with_hint("a link joins two different items; check `from` and `to`"),
            );
        }
    }
    lint_names(ctx.era, &mut out);
    out
}

/// `was` written in this era's file must name an item of the era it extends. Without
/// `extends`, `was` refers to whatever era the user compares with, which is not known here.
pub fn check_was(ctx: &Ctx, base: Option<&Era>) -> Vec<Diagnostic> {
    let Some(base) = base else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in ctx.era.items.values() {
        let Some(was) = &item.was else { continue };
        if was.span.file != ctx.era.file || base.items.contains_key(&was.id) {
            continue;
        }
        out.push(
            Diagnostic::error(
                "unknown-reference",
                was.span.clone(),
                format!(
                    "`was` names `{}`, but era `{}` (which this era extends) has no such item",
                    was.id, base.name
                ),
            )
            .with_label("not an item of the extended era")
            .with_hint_opt(did_you_mean(&was.id, base.items.keys().map(String::as_str))),
        );
    }
    out
}

fn unknown_item(era: &Era, r: &Ref, span: crate::source::Span, key: &str) -> Diagnostic {
    Diagnostic::error(
        "unknown-reference",
        span,
        format!("`{key}` names `{}`, but no item has that id", r.id),
    )
    .with_label("not an item of this era")
    .with_hint_opt(did_you_mean(&r.id, era.items.keys().map(String::as_str)))
}

fn references(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let era = ctx.era;
    let exists = |id: &str| era.items.contains_key(id);
    for item in era.items.values() {
        if let Some(p) = &item.parent
            && !exists(&p.id)
        {
            out.push(unknown_item(era, p, p.span.clone(), "in"));
        }
        for (key, attr) in &item.attrs {
            let Some(spec) = item.kind.attr(key) else {
                continue;
            };
            let queue_list = matches!(key.as_str(), "queues" | "enqueues");
            if spec.ty != AttrType::RefList && !queue_list {
                continue;
            }
            for id in item.list(key) {
                let span = ctx.element(&attr.span, id);
                if queue_list {
                    if !era.queues.contains_key(id) {
                        out.push(
                            Diagnostic::error(
                                "unknown-reference",
                                span,
                                format!("`{key}` names queue `{id}`, but no queue has that id"),
                            )
                            .with_label("not declared under [queues]")
                            .with_hint(
                                did_you_mean(id, era.queues.keys().map(String::as_str))
                                    .unwrap_or_else(|| format!("declare it: [queues.{id}]")),
                            ),
                        );
                    }
                } else if !exists(id) {
                    let r = Ref {
                        id: id.clone(),
                        span: span.clone(),
                    };
                    out.push(unknown_item(era, &r, span, key));
                }
            }
        }
    }
    for link in &era.links {
        for (key, r) in [("from", &link.from), ("to", &link.to)] {
            if !exists(&r.id) {
                out.push(unknown_item(era, r, r.span.clone(), key));
            }
        }
    }
    for q in era.queues.values() {
        if let Some(b) = &q.broker
            && !exists(&b.id)
        {
            out.push(unknown_item(era, b, b.span.clone(), "broker"));
        }
    }
}

fn placement(era: &Era, out: &mut Vec<Diagnostic>) {
    for item in era.items.values() {
        let allowed = || {
            let parents = item.kind.allowed_parents();
            format!(
                "a `{}` may be placed in: {}",
                item.kind.name(),
                parents.join(", ")
            )
        };
        match &item.parent {
            Some(p) => {
                let Some(parent) = era.items.get(&p.id) else {
                    continue;
                };
                if !item.kind.may_sit_in(Some(parent.kind)) {
                    out.push(
                        Diagnostic::error(
                            "placement",
                            p.span.clone(),
                            format!(
                                "a `{}` cannot be placed directly in a `{}`",
                                item.kind.name(),
                                parent.kind.name()
                            ),
                        )
                        .with_label(format!("`{}` is a {}", parent.id, parent.kind.name()))
                        .with_hint(allowed()),
                    );
                }
            }
            None => {
                if !item.kind.may_sit_in(None) {
                    out.push(
                        Diagnostic::error(
                            "placement",
                            item.span.clone(),
                            format!(
                                "`{}` is a `{}` placed in nothing, but it only runs inside another item",
                                item.id,
                                item.kind.name()
                            ),
                        )
                        .with_label("no `in`")
                        .with_hint(format!("add `in = \"...\"`; {}", allowed())),
                    );
                }
            }
        }
    }
}

fn placement_cycles(era: &Era, out: &mut Vec<Diagnostic>) {
    // Each item has at most one container, so a walk up from every item finds each cycle;
    // `state` makes every item walked once: 0 new, 1 on the current walk, 2 done.
    let n = era.items.len();
    let mut state = vec![0u8; n];
    let parent = |i: usize| -> Option<usize> {
        let p = era.items.get_index(i)?.1.parent.as_ref()?;
        era.items.get_index_of(&p.id)
    };
    for start in 0..n {
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            match state[i] {
                2 => break,
                1 => {
                    let at = path.iter().position(|&x| x == i).unwrap_or(0);
                    let mut members: Vec<usize> = path[at..].to_vec();
                    // Start from the earliest declared member, keeping the cycle's order.
                    let first = (0..members.len()).min_by_key(|&k| members[k]).unwrap_or(0);
                    members.rotate_left(first);
                    out.push(cycle_error(era, &members));
                    break;
                }
                _ => {
                    state[i] = 1;
                    path.push(i);
                    cur = parent(i);
                }
            }
        }
        for i in path {
            state[i] = 2;
        }
    }
}

fn cycle_error(era: &Era, members: &[usize]) -> Diagnostic {
    let item = |i: usize| era.items.get_index(i).expect("member index").1;
    let names: Vec<String> = members
        .iter()
        .chain(members.first())
        .map(|&i| format!("`{}`", item(i).id))
        .collect();
    let first = item(members[0]);
    let span = first
        .parent
        .as_ref()
        .map_or(first.span.clone(), |p| p.span.clone());
    let mut d = Diagnostic::error(
        "placement-cycle",
        span,
        format!("placement cycle: {}", names.join(" in ")),
    )
    .with_label("placed in an item that is (indirectly) inside it")
    .with_hint("an item cannot contain what contains it; remove one `in` of the cycle");
    for &i in &members[1..] {
        if let Some(p) = &item(i).parent {
            d = d.with_related(p.span.clone(), format!("`{}` is placed here", item(i).id));
        }
    }
    d
}

fn lint_names(era: &Era, out: &mut Vec<Diagnostic>) {
    for (name, (_, span)) in &era.lints {
        if name == "warnings" || rules::is_lint(name) {
            continue;
        }
        let d = if rules::find(name).is_some() {
            Diagnostic::error(
                "unknown-lint",
                span.clone(),
                format!("`{name}` is an error code, not a lint: its level cannot be set"),
            )
            .with_hint("fix what the error reports instead")
        } else {
            Diagnostic::error(
                "unknown-lint",
                span.clone(),
                format!("unknown lint `{name}`"),
            )
            .with_hint(
                did_you_mean(name, rules::LINTS.iter().map(|r| r.id).chain(["warnings"]))
                    .unwrap_or_else(|| "`zukai explain` lists the lint rules".to_string()),
            )
        };
        out.push(d);
    }
}
