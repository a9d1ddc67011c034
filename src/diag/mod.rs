//! Diagnostics: every problem found in an inventory, carried together.
//!
//! Stages never print. They return [`Diagnostic`]s (many at once), and the renderers in
//! [`render`] turn the whole list into human text, JSON, SARIF or GitHub annotations in one
//! place, as typst and rustc do.

pub mod render;

use crate::source::Span;
use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The inventory is wrong, or a lint was denied: exit code 1.
    Error,
    /// A lint at level `warn`: printed, exit code stays 0.
    Warning,
}

/// One problem, pointing at the exact characters that cause it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code: an error code (`unknown-key`, `unknown-reference`...) or a lint rule id
    /// (`singleton`, `orphan`...). `zukai explain CODE` describes it.
    pub code: &'static str,
    /// One sentence saying what is wrong.
    pub message: String,
    /// Where: `None` only for problems that belong to no file position (an I/O error).
    #[serde(skip)]
    pub span: Option<Span>,
    /// A short text shown under the caret.
    pub label: Option<String>,
    /// Suggestions ("did you mean `postgres`?") and explanations.
    pub hints: Vec<String>,
    /// Other places that explain this one (the first declaration of a duplicate id...).
    #[serde(skip)]
    pub related: Vec<(Span, String)>,
}

impl Diagnostic {
    /// An error with a code and message at `span`.
    pub fn error(
        code: &'static str,
        span: impl Into<Option<Span>>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span: span.into(),
            label: None,
            hints: Vec::new(),
            related: Vec::new(),
        }
    }

    /// A warning with a code and message at `span`.
    pub fn warning(
        code: &'static str,
        span: impl Into<Option<Span>>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    /// Adds the text shown under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Adds a hint only when there is one (for "did you mean").
    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hints.extend(hint);
        self
    }

    /// Adds a related place.
    pub fn with_related(mut self, span: Span, note: impl Into<String>) -> Self {
        self.related.push((span, note.into()));
        self
    }
}

/// What a diagnostic code means: the text `zukai explain CODE` prints and SARIF's rule table
/// carries. Codes are either errors (the inventory is wrong) or lints (levels can be set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleDoc {
    /// The stable code, as in [`Diagnostic::code`].
    pub id: &'static str,
    /// Whether it is a lint (level allow/warn/deny) rather than an error.
    pub lint: bool,
    /// One line: what the code reports.
    pub summary: &'static str,
    /// One paragraph: why it matters and how to fix it.
    pub explanation: &'static str,
}

/// The closest candidate to `wrong`, if any is close enough to be a likely typo.
///
/// Jaro-Winkler above 0.8 catches transpositions and dropped letters (`postgress`,
/// `deploymnet`) without suggesting unrelated words.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

/// Sorts diagnostics by file and position so output is stable whatever order checks ran in.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.span
                .as_ref()
                .map(|s| (s.file, s.range.start, s.range.end))
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.code.cmp(b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// Counts of errors and warnings.
pub fn count(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diags.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_suggests_close_names_only() {
        let ids = ["postgres", "redis", "web"];
        assert_eq!(
            did_you_mean("postgress", ids).as_deref(),
            Some("did you mean `postgres`?")
        );
        assert_eq!(did_you_mean("kafka", ids), None);
    }
}
