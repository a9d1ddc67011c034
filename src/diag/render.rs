//! Turning diagnostics into text: rustc-style snippets for people, JSON for scripts.
//! SARIF and GitHub annotations live beside these so every output format reads one list.

use super::{Diagnostic, RuleDoc, Severity, count};
use crate::source::{Sources, Span};
use std::fmt::Write;

/// `file:line:col` of the start of a span.
pub fn location(sources: &Sources, span: &Span) -> (String, usize, usize) {
    let file = sources.get(span.file);
    let (line, col) = file.line_col(span.range.start);
    (file.name.clone(), line, col)
}

/// rustc/cargo-style text: the message, `--> file:line:col`, the source line with a caret
/// under the exact span, the label and hints; a one-line summary at the end.
pub fn human(sources: &Sources, diags: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    for d in diags {
        let (word, col) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let _ = writeln!(
            out,
            "{}: {}",
            paint(col, &format!("{word}[{}]", d.code)),
            paint("1", &d.message)
        );
        // One gutter width for the whole diagnostic, as rustc does, so every `|` lines up.
        let width = d
            .span
            .iter()
            .chain(d.related.iter().map(|(s, _)| s))
            .map(|s| {
                sources
                    .get(s.file)
                    .line_col(s.range.start)
                    .0
                    .to_string()
                    .len()
            })
            .max()
            .unwrap_or(1);
        let pad = " ".repeat(width);
        if let Some(span) = &d.span {
            snippet(
                &mut out,
                sources,
                span,
                width,
                d.label.as_deref(),
                '^',
                &paint,
                col,
            );
        }
        for (span, note) in &d.related {
            let _ = writeln!(out, "{pad} = {}: {note}", paint("1", "note"));
            snippet(&mut out, sources, span, width, None, '-', &paint, "1;34");
        }
        for h in &d.hints {
            let h = h.replace('\n', &format!("\n{pad}         "));
            let _ = writeln!(out, "{pad} = {}: {h}", paint("1", "help"));
        }
        out.push('\n');
    }
    let (e, w) = count(diags);
    let files = sources.len();
    let plural = |n: usize, s: &str| format!("{n} {s}{}", if n == 1 { "" } else { "s" });
    let _ = writeln!(
        out,
        "{}: {}, {} in {}",
        if e > 0 {
            paint("1;31", "failed")
        } else {
            paint("1;32", "checked")
        },
        plural(e, "error"),
        plural(w, "warning"),
        plural(files, "file")
    );
    out
}

#[allow(clippy::too_many_arguments)]
/// Characters of a source line shown around the caret; longer lines are cut with `…`.
const MAX_SHOWN: usize = 120;

/// The part of `text` to show so that 1-based column `col` (and `carets` characters after
/// it) stay visible, and the column of the caret in what is shown. A minified 20,000-character
/// line would otherwise flood the terminal.
fn crop(text: &str, col: usize, carets: usize) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= MAX_SHOWN {
        return (text.to_string(), col);
    }
    let start = (col - 1)
        .saturating_sub(MAX_SHOWN / 3)
        .min(chars.len().saturating_sub(MAX_SHOWN));
    let end = (start + MAX_SHOWN)
        .max((col - 1 + carets).min(chars.len()))
        .min(start + MAX_SHOWN);
    let mut shown: String = chars[start..end].iter().collect();
    let mut col = col - start;
    if start > 0 {
        shown.insert(0, '…');
        col += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, col)
}

fn snippet(
    out: &mut String,
    sources: &Sources,
    span: &Span,
    width: usize,
    label: Option<&str>,
    mark: char,
    paint: &dyn Fn(&str, &str) -> String,
    col_code: &str,
) {
    let file = sources.get(span.file);
    let (line, col) = file.line_col(span.range.start);
    let text = file.line_text(line);
    let gutter = " ".repeat(width);
    let _ = writeln!(
        out,
        "{gutter}{} {}:{line}:{col}",
        paint("1;34", "-->"),
        file.name
    );
    let _ = writeln!(out, "{gutter} {}", paint("1;34", "|"));
    let (end_line, end_col) = file.line_col(span.range.end.max(span.range.start));
    let carets = if end_line == line {
        end_col.saturating_sub(col).max(1)
    } else {
        text.chars().count().saturating_sub(col - 1).max(1)
    };
    let (shown, col) = crop(text, col, carets);
    let _ = writeln!(
        out,
        "{} {} {}",
        paint("1;34", &format!("{line:>width$}")),
        paint("1;34", "|"),
        shown
    );
    let carets: String = std::iter::repeat_n(mark, carets.min(MAX_SHOWN)).collect();
    let pad = " ".repeat(col - 1);
    let tail = label.map(|l| format!(" {l}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{gutter} {} {pad}{}",
        paint("1;34", "|"),
        paint(col_code, &format!("{carets}{tail}"))
    );
}

/// One diagnostic as JSON: the stable machine form documented in `docs/check.md`.
pub fn json_value(sources: &Sources, d: &Diagnostic) -> serde_json::Value {
    let loc = |span: &Span| {
        let (file, line, column) = location(sources, span);
        let (end_line, end_column) = sources.get(span.file).line_col(span.range.end);
        serde_json::json!({"file": file, "line": line, "column": column, "end_line": end_line, "end_column": end_column})
    };
    serde_json::json!({
        "severity": d.severity,
        "code": d.code,
        "message": d.message,
        "location": d.span.as_ref().map(loc),
        "label": d.label,
        "hints": d.hints,
        "related": d.related.iter().map(|(s, n)| serde_json::json!({"location": loc(s), "message": n})).collect::<Vec<_>>(),
    })
}

/// The whole list as one JSON document: `{"diagnostics": [...], "errors": N, "warnings": N}`.
pub fn json(sources: &Sources, diags: &[Diagnostic]) -> String {
    let (errors, warnings) = count(diags);
    let doc = serde_json::json!({
        "version": 1,
        "diagnostics": diags.iter().map(|d| json_value(sources, d)).collect::<Vec<_>>(),
        "errors": errors,
        "warnings": warnings,
    });
    serde_json::to_string_pretty(&doc).expect("JSON values always serialise") + "\n"
}

/// Where a span is, as SARIF and GitHub want it: 1-based start and end line/column, the end
/// exclusive, and never before the start.
fn region(sources: &Sources, span: &Span) -> (String, usize, usize, usize, usize) {
    let file = sources.get(span.file);
    let (line, col) = file.line_col(span.range.start);
    let (end_line, end_col) = file.line_col(span.range.end.max(span.range.start));
    (file.name.clone(), line, col, end_line, end_col)
}

/// A file name as a SARIF artifact URI: relative paths stay relative (resolved against the
/// checkout by code scanning), with `/` separators; absolute paths become `file://` URIs.
fn artifact_uri(name: &str) -> String {
    let name = name.replace('\\', "/");
    let escaped: String = name
        .chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '%' => "%25".to_string(),
            '#' => "%23".to_string(),
            '?' => "%3F".to_string(),
            c => c.to_string(),
        })
        .collect();
    if escaped.starts_with('/') {
        format!("file://{escaped}")
    } else {
        escaped.trim_start_matches("./").to_string()
    }
}

/// The text of a diagnostic with its hints, for formats that have one message field.
fn full_message(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    for h in &d.hints {
        text.push_str("\nhelp: ");
        text.push_str(h);
    }
    text
}

/// SARIF 2.1.0, the format GitHub code scanning uploads: one run whose driver lists every
/// rule (`rules`, with help text) and one result per diagnostic with its exact region.
/// Diagnostics without a location (unreadable files) are tool execution notifications of
/// the run's invocation instead of results.
pub fn sarif(sources: &Sources, diags: &[Diagnostic], rules: &[RuleDoc]) -> String {
    let location = |span: &Span, message: Option<&str>| {
        let (file, line, col, end_line, end_col) = region(sources, span);
        let mut region = serde_json::json!({"startLine": line, "startColumn": col});
        if (end_line, end_col) > (line, col) {
            region["endLine"] = end_line.into();
            region["endColumn"] = end_col.into();
        }
        let mut loc = serde_json::json!({
            "physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(&file)},
                "region": region,
            }
        });
        if let Some(m) = message {
            loc["message"] = serde_json::json!({"text": m});
        }
        loc
    };
    // Problems without a place (a file that could not be read) are about the run, not the
    // code: SARIF's tool execution notifications, which code scanning shows as run errors.
    let notifications: Vec<serde_json::Value> = diags
        .iter()
        .filter(|d| d.span.is_none())
        .map(|d| {
            serde_json::json!({
                "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": {"text": full_message(d)},
                "descriptor": {"id": d.code},
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = diags
        .iter()
        .filter(|d| d.span.is_some())
        .map(|d| {
            let mut r = serde_json::json!({
                "ruleId": d.code,
                "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": {"text": full_message(d)},
            });
            if let Some(i) = rules.iter().position(|x| x.id == d.code) {
                r["ruleIndex"] = i.into();
            }
            if let Some(span) = &d.span {
                r["locations"] = serde_json::json!([location(span, None)]);
            }
            if !d.related.is_empty() {
                r["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, (s, n))| {
                        let mut l = location(s, Some(n));
                        l["id"] = i.into();
                        l
                    })
                    .collect();
            }
            r
        })
        .collect();
    let rules: Vec<serde_json::Value> = rules
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.explanation},
                "help": {"text": format!("{}\n\nRun `zukai explain {}` for this text.", r.explanation, r.id)},
                "defaultConfiguration": {"level": if r.lint { "warning" } else { "error" }},
                "properties": {"tags": [if r.lint { "lint" } else { "error" }]},
            })
        })
        .collect();
    let doc = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "zukai",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&doc).expect("JSON values always serialise") + "\n"
}

/// Escapes data for a GitHub workflow command (`%`, CR and LF), and in properties also
/// `:` and `,`, as the runner's toolkit does.
fn gh_escape(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

/// GitHub Actions workflow commands: one `::error file=…,line=…,col=…::message` (or
/// `::warning`) per diagnostic, which the runner turns into annotations on the pull request,
/// then the one-line summary.
pub fn github(sources: &Sources, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let cmd = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(span) = &d.span {
            let (file, line, col, end_line, end_col) = region(sources, span);
            props.push(format!("file={}", gh_escape(&file, true)));
            props.push(format!("line={line}"));
            props.push(format!("col={col}"));
            if end_line > line {
                props.push(format!("endLine={end_line}"));
            } else if end_col > col {
                props.push(format!("endColumn={end_col}"));
            }
        }
        props.push(format!(
            "title={}",
            gh_escape(&format!("zukai {}", d.code), true)
        ));
        let _ = writeln!(
            out,
            "::{cmd} {}::{}",
            props.join(","),
            gh_escape(&full_message(d), false)
        );
    }
    out.push_str(&summary(sources, diags));
    out
}

/// The one-line summary: `checked: 0 errors, 2 warnings in 3 files`.
pub fn summary(sources: &Sources, diags: &[Diagnostic]) -> String {
    let (e, w) = count(diags);
    let plural = |n: usize, s: &str| format!("{n} {s}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}: {}, {} in {}\n",
        if e > 0 { "failed" } else { "checked" },
        plural(e, "error"),
        plural(w, "warning"),
        plural(sources.len(), "file")
    )
}

#[cfg(test)]
mod crop_tests {
    use super::*;
    use crate::diag::Diagnostic;
    use crate::source::SourceFile;

    #[test]
    fn a_very_long_line_is_cut_around_the_caret() {
        let mut line = "x".repeat(20_000);
        line.replace_range(10_000..10_003, "BAD");
        let mut sources = Sources::new();
        let f = sources.add(SourceFile::new("long.toml", format!("{line}\n")));
        let d = Diagnostic::error("syntax", Span::new(f, 10_000..10_003), "bad");
        let out = human(&sources, &[d], false);
        let lines: Vec<&str> = out.lines().collect();
        let src = lines
            .iter()
            .find(|l| l.contains("BAD"))
            .expect("the bad part is shown");
        assert!(src.chars().count() < MAX_SHOWN + 12, "{src}");
        let caret = lines.iter().find(|l| l.contains("^^^")).unwrap();
        let at = |s: &str, pat: &str| s.chars().count() - s[s.find(pat).unwrap()..].chars().count();
        assert_eq!(at(src, "BAD"), at(caret, "^^^"));
        assert!(out.contains("long.toml:1:10001"));
    }
}
