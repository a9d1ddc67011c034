//! Reports of an [`EraDiff`]: plan-style text for review, JSON for scripts, Markdown for a
//! PR comment or blog post. All three read the same value and list things in its order.

use super::compare::{AttrChange, Change, EraDiff, ItemDiff, LinkDiff, QueueDiff, Summary};
use serde::Serialize;
use std::fmt::Write;

/// Version of the JSON report layout; bumped on any incompatible change.
pub const JSON_FORMAT_VERSION: u32 = 1;

/// A container chain as text: `app-vm › mastodon`, or `top level` when empty.
pub fn placement_text(chain: &[String]) -> String {
    if chain.is_empty() {
        "top level".to_string()
    } else {
        chain.join(" › ")
    }
}

/// Where an item sits, as a phrase: `in app-vm › mastodon`, or `at the top level`.
pub fn where_text(chain: &[String]) -> String {
    if chain.is_empty() {
        "at the top level".to_string()
    } else {
        format!("in {}", chain.join(" › "))
    }
}

/// The one-line summary: `3 added, 1 removed, 5 changed, 2 moved`, followed by links,
/// queues, risks and lints when there are any; `no differences` when nothing differs.
pub fn summary_line(s: &Summary) -> String {
    let mut parts = Vec::new();
    let items = [
        (s.added, "added"),
        (s.removed, "removed"),
        (s.changed, "changed"),
        (s.moved, "moved"),
    ];
    if items.iter().any(|(n, _)| *n > 0) {
        parts.push(
            items
                .iter()
                .map(|(n, w)| format!("{n} {w}"))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    let counts = |label: &str, c: [usize; 3]| {
        let parts: Vec<String> = c
            .iter()
            .zip(["added", "removed", "changed"])
            .filter(|(n, _)| **n > 0)
            .map(|(n, w)| format!("{n} {w}"))
            .collect();
        (!parts.is_empty()).then(|| format!("{label}: {}", parts.join(", ")))
    };
    parts.extend(counts(
        "links",
        [s.links_added, s.links_removed, s.links_changed],
    ));
    parts.extend(counts(
        "queues",
        [s.queues_added, s.queues_removed, s.queues_changed],
    ));
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if s.risks > 0 {
        parts.push(plural(s.risks, "risk", "risks"));
    }
    if s.lints_changed > 0 {
        parts.push(plural(s.lints_changed, "lint changed", "lints changed"));
    }
    if parts.is_empty() {
        "no differences".to_string()
    } else {
        parts.join("; ")
    }
}

/// The symbol an item is listed with: `+`, `-`, `⇄` (re-platformed), `~`, `→` (only moved).
pub fn item_symbol(d: &ItemDiff) -> &'static str {
    if d.replatformed_from.is_some() {
        "⇄"
    } else {
        d.change.symbol()
    }
}

/// The details of a changed or moved item, one per line, in a fixed order: rename,
/// re-platform, move, then attributes.
pub fn item_details(d: &ItemDiff) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(r) = &d.renamed_from {
        out.push(format!("renamed from {r}"));
    }
    if let Some(k) = d.replatformed_from {
        out.push(format!("re-platformed: {} → {}", k.title(), d.kind.title()));
    }
    if let Some(m) = &d.moved {
        let with = m
            .with_container
            .as_ref()
            .map(|c| format!(" (with {c})"))
            .unwrap_or_default();
        out.push(format!(
            "moved{with}: {} → {}",
            placement_text(&m.from),
            placement_text(&m.to)
        ));
    }
    out.extend(d.attributes.iter().map(AttrChange::describe));
    out
}

fn link_text(l: &LinkDiff) -> String {
    let mut s = format!("{} → {} ({})", l.from, l.to, l.kind.name());
    if let Some(label) = &l.label {
        let _ = write!(s, " \"{label}\"");
    }
    s
}

fn queue_text(q: &QueueDiff) -> String {
    if q.singleton {
        format!("{} (singleton)", q.id)
    } else {
        q.id.clone()
    }
}

struct Painter(bool);

impl Painter {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn change(&self, sym: &str, change: Change, s: &str) -> String {
        let code = match (sym, change) {
            ("⇄", _) => "35",
            (_, Change::Added) => "32",
            (_, Change::Removed) => "31",
            (_, Change::Changed) => "33",
            (_, Change::Moved) => "36",
        };
        self.paint(code, &format!("{sym} {s}"))
    }
}

/// Attribute changes on one line, for a table cell.
fn joined(attributes: &[AttrChange]) -> String {
    attributes
        .iter()
        .map(AttrChange::describe)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A titled list of changed things, each with its attribute changes indented below it;
/// nothing when the list is empty.
fn section<'a>(
    out: &mut String,
    p: &Painter,
    title: &str,
    entries: impl Iterator<Item = (Change, String, &'a [AttrChange])>,
) {
    let mut entries = entries.peekable();
    if entries.peek().is_none() {
        return;
    }
    let _ = writeln!(out, "\n{}", p.paint("1", title));
    for (change, head, attributes) in entries {
        let _ = writeln!(out, "  {}", p.change(change.symbol(), change, &head));
        for a in attributes {
            let _ = writeln!(out, "      {}", a.describe());
        }
    }
}

/// Plan-style text: the two eras, then sections Items, Links, Queues, Risks and Lints (each
/// only when not empty) and the summary line. `color` adds ANSI colours.
pub fn text(diff: &EraDiff, color: bool) -> String {
    let p = Painter(color);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} ({}) → {} ({})",
        p.paint("1", "zukai diff"),
        diff.before.era,
        diff.before.title,
        diff.after.era,
        diff.after.title
    );
    if !diff.items.is_empty() {
        let _ = writeln!(out, "\n{}", p.paint("1", "Items"));
        for d in &diff.items {
            let head = match d.change {
                Change::Added | Change::Removed => {
                    format!("{} ({}) {}", d.id, d.kind.title(), where_text(&d.placement))
                }
                _ => format!("{} ({})", d.id, d.kind.title()),
            };
            let _ = writeln!(out, "  {}", p.change(item_symbol(d), d.change, &head));
            for line in item_details(d) {
                let _ = writeln!(out, "      {line}");
            }
        }
    }
    let links = diff
        .links
        .iter()
        .map(|l| (l.change, link_text(l), &l.attributes[..]));
    section(&mut out, &p, "Links", links);
    let queues = diff
        .queues
        .iter()
        .map(|q| (q.change, queue_text(q), &q.attributes[..]));
    section(&mut out, &p, "Queues", queues);
    if !diff.risks.is_empty() {
        let _ = writeln!(out, "\n{}", p.paint("1;31", "Risks"));
        for r in &diff.risks {
            let _ = writeln!(
                out,
                "  {} {}",
                p.paint("1;31", &format!("! {}:", r.kind.code())),
                r.message
            );
            let _ = writeln!(out, "      hint: {}", r.hint);
        }
    }
    if !diff.lints.appeared.is_empty() || !diff.lints.disappeared.is_empty() {
        let _ = writeln!(out, "\n{}", p.paint("1", "Lints"));
        for l in &diff.lints.appeared {
            let s = format!("[{}] {}", l.code, l.message);
            let _ = writeln!(out, "  {}", p.change("+", Change::Added, &s));
        }
        for l in &diff.lints.disappeared {
            let s = format!("[{}] {}", l.code, l.message);
            let _ = writeln!(out, "  {}", p.change("-", Change::Removed, &s));
        }
    }
    let _ = writeln!(out, "\n{}", p.paint("1", &summary_line(&diff.summary())));
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    format: u32,
    before: &'a super::compare::Side,
    after: &'a super::compare::Side,
    summary: Summary,
    items: &'a [ItemDiff],
    links: &'a [LinkDiff],
    queues: &'a [QueueDiff],
    risks: &'a [super::risk::Risk],
    lints: &'a super::compare::LintDiff,
}

/// The JSON report (documented in `docs/diff.md`), pretty-printed, with a final newline.
pub fn json(diff: &EraDiff) -> String {
    let report = JsonReport {
        format: JSON_FORMAT_VERSION,
        before: &diff.before,
        after: &diff.after,
        summary: diff.summary(),
        items: &diff.items,
        links: &diff.links,
        queues: &diff.queues,
        risks: &diff.risks,
        lints: &diff.lints,
    };
    let mut s = serde_json::to_string_pretty(&report).expect("a diff always serialises");
    s.push('\n');
    s
}

/// Escapes inventory text for a Markdown table cell: characters with a meaning in
/// Markdown are backslash-escaped, `<`/`>` become entities and line breaks become spaces.
pub fn md_escape(s: &str) -> String {
    escape_md(s, true)
}

/// Like [`md_escape`] but keeps backticks, for sentences zukai writes itself around ids.
fn md_escape_keep_code(s: &str) -> String {
    escape_md(s, false)
}

fn escape_md(s: &str, code: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '`' if !code => out.push(c),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A Markdown report: the summary, then an items table, a links table and a queues table
/// (each only when not empty), risks and lints as lists. Ready to paste into a PR comment.
pub fn markdown(diff: &EraDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### `{}` → `{}`\n\n{} → {}\n\n**{}**",
        diff.before.era,
        diff.after.era,
        md_escape(&diff.before.title),
        md_escape(&diff.after.title),
        md_escape(&summary_line(&diff.summary()))
    );
    if !diff.items.is_empty() {
        out.push_str("\n| | Item | Kind | Change |\n|---|---|---|---|\n");
        for d in &diff.items {
            let kind = match d.replatformed_from {
                Some(k) => format!("{} → {}", k.title(), d.kind.title()),
                None => d.kind.title().to_string(),
            };
            let what = match d.change {
                Change::Added => format!("added {}", where_text(&d.placement)),
                Change::Removed => format!("removed, was {}", where_text(&d.placement)),
                _ => item_details(d).join("; "),
            };
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} |",
                item_symbol(d),
                d.id,
                md_escape(&kind),
                md_escape(&what)
            );
        }
    }
    if !diff.links.is_empty() {
        out.push_str("\n| | Link | Kind | Change |\n|---|---|---|---|\n");
        for l in &diff.links {
            let what = match l.change {
                Change::Added => match &l.label {
                    Some(x) => format!("added \"{x}\""),
                    None => "added".into(),
                },
                Change::Removed => "removed".into(),
                _ => joined(&l.attributes),
            };
            let _ = writeln!(
                out,
                "| {} | `{}` → `{}` | {} | {} |",
                l.change.symbol(),
                l.from,
                l.to,
                l.kind.name(),
                md_escape(&what)
            );
        }
    }
    if !diff.queues.is_empty() {
        out.push_str("\n| | Queue | Change |\n|---|---|---|\n");
        for q in &diff.queues {
            let what = match q.change {
                Change::Added => "added".to_string(),
                Change::Removed => "removed".to_string(),
                _ => joined(&q.attributes),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                q.change.symbol(),
                md_escape(&q.id),
                md_escape(&what)
            );
        }
    }
    if !diff.risks.is_empty() {
        out.push_str("\n**Risks**\n\n");
        for r in &diff.risks {
            let _ = writeln!(
                out,
                "- ⚠️ **{}** {} — {}",
                r.kind.code(),
                md_escape_keep_code(&r.message),
                md_escape_keep_code(&r.hint)
            );
        }
    }
    if !diff.lints.appeared.is_empty() || !diff.lints.disappeared.is_empty() {
        out.push_str("\n**Lints**\n\n");
        for (word, list) in [
            ("appeared", &diff.lints.appeared),
            ("gone", &diff.lints.disappeared),
        ] {
            for l in list {
                let _ = writeln!(
                    out,
                    "- {word}: `{}` {}",
                    md_escape(&l.code),
                    md_escape_keep_code(&l.message)
                );
            }
        }
    }
    out
}
