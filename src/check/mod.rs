//! Stage 2, *check*: what is wrong with whole eras, beyond what the loader sees in one file.
//!
//! The loader ([`crate::model::load`]) already reports syntax, unknown keys and kinds, types,
//! units, cron and `extends`. This stage adds the semantic errors that need a complete era
//! (references, placement, placement cycles, links to self, lint names; [`errors`]) and the
//! lints ([`lints`]), each a warning by default with a level set per rule. Every code is
//! documented once, in [`rules`].

pub mod errors;
pub mod lints;
pub mod rules;
pub mod schema;

use crate::diag::{self, Diagnostic, Severity};
use crate::model::{Era, LintLevel, Loaded};
use crate::source::{Sources, Span};

/// How `zukai check` treats lints beyond what each inventory's `[lints]` table says.
///
/// Precedence, lowest first: the default (`warn`), the inventory's `[lints]`, then
/// [`CheckConfig::levels`] in order (so the command line overrides the inventory), then
/// [`CheckConfig::deny_warnings`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckConfig {
    /// Levels from the command line (`-A/-W/-D RULE`), applied in order, later ones winning.
    /// Rule names are validated by the caller; an unknown name here is ignored. Default: none.
    pub levels: Vec<(String, LintLevel)>,
    /// `--deny warnings`: every lint still at `warn` becomes an error. Default: `false`.
    pub deny_warnings: bool,
}

impl CheckConfig {
    /// The level of `rule` in `era`, and what set it (for the hint of a denied lint).
    pub fn level(&self, era: &Era, rule: &str) -> (LintLevel, Option<String>) {
        let mut level = LintLevel::Warn;
        let mut why = None;
        if let Some((l, _)) = era.lints.get(rule) {
            level = *l;
            why = Some(format!("`{rule} = \"{}\"` in `[lints]`", level_name(*l)));
        }
        for (name, l) in &self.levels {
            if name == rule {
                level = *l;
                why = Some(format!("`{}` on the command line", flag(*l, rule)));
            }
        }
        if level == LintLevel::Warn {
            let era_wide = era.lints.get("warnings").map(|(l, _)| *l);
            let cli_wide = self
                .levels
                .iter()
                .rev()
                .find(|(n, _)| n == "warnings")
                .map(|(_, l)| *l);
            if self.deny_warnings || cli_wide == Some(LintLevel::Deny) {
                level = LintLevel::Deny;
                why = Some("`--deny warnings` on the command line".into());
            } else if era_wide == Some(LintLevel::Deny) {
                level = LintLevel::Deny;
                why = Some("`warnings = \"deny\"` in `[lints]`".into());
            }
        }
        (level, why)
    }
}

fn level_name(l: LintLevel) -> &'static str {
    match l {
        LintLevel::Allow => "allow",
        LintLevel::Warn => "warn",
        LintLevel::Deny => "deny",
    }
}

fn flag(l: LintLevel, rule: &str) -> String {
    let f = match l {
        LintLevel::Allow => "-A",
        LintLevel::Warn => "-W",
        LintLevel::Deny => "-D",
    };
    format!("{f} {rule}")
}

/// Everything wrong with what was loaded: the loader's diagnostics, unreadable files (code
/// `io`, without a location), and the semantic errors and lints of every era, sorted by file
/// and position, without repeats (an era and the era it extends share inherited problems).
pub fn check(loaded: &Loaded, config: &CheckConfig) -> Vec<Diagnostic> {
    let mut out = loaded.diagnostics.clone();
    for (path, reason) in &loaded.io_errors {
        out.push(Diagnostic::error("io", None, format!("{path}: {reason}")));
    }
    // An era that extends another sees the other's items again. What it finds at a place
    // in its own file is its own; what it finds in an inherited file is reported only when
    // it differs from what the era that owns the file says, and then names the era.
    let mut inherited = Vec::new();
    for era in &loaded.eras {
        let base = era.extends.as_ref().and_then(|r| {
            loaded
                .eras
                .iter()
                .chain(&loaded.extended)
                .find(|e| e.name == r.id)
        });
        let ctx = Ctx {
            era,
            sources: Some(&loaded.sources),
        };
        let mut found = errors::check(&ctx);
        found.extend(errors::check_was(&ctx, base));
        found.extend(lints::check(&ctx, config));
        for d in found {
            match &d.span {
                Some(s) if s.file != era.file => inherited.push((era, d)),
                _ => out.push(d),
            }
        }
    }
    for (era, mut d) in inherited {
        let same = |o: &Diagnostic| o.code == d.code && o.span == d.span && o.message == d.message;
        if out.iter().any(same) {
            continue;
        }
        let file = &loaded.sources.get(era.file).name;
        d.hints.push(format!(
            "found in era `{}` ({file}), which inherits this from the era it extends",
            era.name
        ));
        out.push(d);
    }
    diag::sort(&mut out);
    out.dedup();
    out
}

/// The semantic errors and lints of one era (no loader diagnostics), sorted. Without the
/// source text, a problem inside a list (one id of `selects`) points at the whole list, and
/// `was` is not checked (that needs the extended era, which [`check`] has).
pub fn check_era(era: &Era, config: &CheckConfig) -> Vec<Diagnostic> {
    let ctx = Ctx { era, sources: None };
    let mut out = errors::check(&ctx);
    out.extend(lints::check(&ctx, config));
    diag::sort(&mut out);
    out.dedup();
    out
}

/// Whether any diagnostic is an error (exit code 1).
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

/// What the checks of one era read: the era, and the text when there is one (to point at one
/// element of a list rather than the whole list).
pub struct Ctx<'a> {
    /// The era checked.
    pub era: &'a Era,
    /// The source files, when known.
    pub sources: Option<&'a Sources>,
}

impl Ctx<'_> {
    /// The span of the string `id` inside the value written at `span` (a list such as
    /// `queues = ["default", "pull"]`), or `span` itself when it cannot be found.
    pub fn element(&self, span: &Span, id: &str) -> Span {
        let Some(sources) = self.sources else {
            return span.clone();
        };
        let text = &sources.get(span.file).text;
        let Some(inner) = text.get(span.range.clone()) else {
            return span.clone();
        };
        for quote in ['"', '\''] {
            let needle = format!("{quote}{id}{quote}");
            if let Some(at) = inner.find(&needle) {
                let start = span.range.start + at;
                return Span::new(span.file, start..start + needle.len());
            }
        }
        span.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_sources;
    use crate::source::SourceFile;

    fn era(levels: &str) -> Era {
        let mut s = Sources::new();
        s.add(SourceFile::new(
            "a.toml",
            format!("[era]\nname='a'\ntitle='A'\n[lints]\n{levels}\n"),
        ));
        load_sources(s).eras.remove(0)
    }

    #[test]
    fn command_line_overrides_inventory_and_deny_warnings_spares_allowed_lints() {
        let e = era("orphan = 'allow'\ncapacity = 'deny'");
        let none = CheckConfig::default();
        assert_eq!(none.level(&e, "orphan").0, LintLevel::Allow);
        assert_eq!(none.level(&e, "capacity").0, LintLevel::Deny);
        assert_eq!(none.level(&e, "singleton").0, LintLevel::Warn);
        let cli = CheckConfig {
            levels: vec![
                ("orphan".into(), LintLevel::Deny),
                ("orphan".into(), LintLevel::Warn),
            ],
            deny_warnings: false,
        };
        assert_eq!(cli.level(&e, "orphan").0, LintLevel::Warn);
        let dw = CheckConfig {
            levels: vec![],
            deny_warnings: true,
        };
        assert_eq!(dw.level(&e, "orphan").0, LintLevel::Allow);
        assert_eq!(dw.level(&e, "singleton").0, LintLevel::Deny);
        let e = era("warnings = 'deny'\norphan = 'warn'");
        assert_eq!(none.level(&e, "orphan").0, LintLevel::Deny);
    }
}
