//! Turning diagnostics into text: rustc-style snippets for people, JSON for scripts.
//! SARIF and GitHub annotations live beside these so every output format reads one list.

use super::{Diagnostic, Severity, count};
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
        if let Some(span) = &d.span {
            snippet(
                &mut out,
                sources,
                span,
                d.label.as_deref(),
                if d.severity == Severity::Error {
                    '^'
                } else {
                    '^'
                },
                &paint,
                col,
            );
        }
        for (span, note) in &d.related {
            let _ = writeln!(out, "   = note: {note}");
            snippet(&mut out, sources, span, None, '-', &paint, "1;34");
        }
        for h in &d.hints {
            let _ = writeln!(out, "   = {}: {h}", paint("1", "help"));
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

fn snippet(
    out: &mut String,
    sources: &Sources,
    span: &Span,
    label: Option<&str>,
    mark: char,
    paint: &dyn Fn(&str, &str) -> String,
    col_code: &str,
) {
    let file = sources.get(span.file);
    let (line, col) = file.line_col(span.range.start);
    let text = file.line_text(line);
    let gutter = " ".repeat(line.to_string().len());
    let _ = writeln!(
        out,
        "{gutter}{} {}:{line}:{col}",
        paint("1;34", "-->"),
        file.name
    );
    let _ = writeln!(out, "{gutter} {}", paint("1;34", "|"));
    let _ = writeln!(
        out,
        "{} {} {}",
        paint("1;34", &line.to_string()),
        paint("1;34", "|"),
        text
    );
    let (end_line, end_col) = file.line_col(span.range.end.max(span.range.start));
    let width = if end_line == line {
        end_col.saturating_sub(col).max(1)
    } else {
        text.chars().count().saturating_sub(col - 1).max(1)
    };
    let carets: String = std::iter::repeat_n(mark, width).collect();
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
