//! `zukai diff BEFORE AFTER`: what changed between two eras, as text, JSON or Markdown.

use crate::diag::Severity;
use crate::diff::side::{self, SideSpec};
use crate::diff::{compare, report};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// Report formats of `zukai diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Plan-style text for review (the default).
    Text,
    /// Stable JSON for scripts (see docs/diff.md).
    Json,
    /// Markdown tables for a PR comment or a blog post.
    Markdown,
}

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset (the default).
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Arguments of `zukai diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The era before: an inventory file, an era name (looked up in `inventories/` and
    /// beside the other side's file), or `REV:path` (a file at a git revision).
    pub before: String,
    /// The era after, written the same way.
    pub after: String,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// Exit with code 1 when the eras differ (like `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
    /// Colour the text report.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

/// Runs `zukai diff`.
pub fn run(args: DiffArgs) -> u8 {
    let specs = [SideSpec::parse(&args.before), SideSpec::parse(&args.after)];
    let mut dirs = vec![PathBuf::from(super::DEFAULT_INVENTORY_DIR)];
    dirs.extend(specs.iter().filter_map(SideSpec::dir));
    dirs.dedup();
    let stderr_color = {
        use std::io::IsTerminal;
        std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
    };
    let mut eras = Vec::new();
    let mut worst = super::EXIT_CLEAN;
    for (spec, arg) in specs.iter().zip([&args.before, &args.after]) {
        let loaded = match side::load(spec, &dirs) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: {e}");
                return super::EXIT_ERROR;
            }
        };
        if !loaded.loaded.io_errors.is_empty() {
            for (path, e) in &loaded.loaded.io_errors {
                eprintln!("error: {path}: {e}");
            }
            return super::EXIT_ERROR;
        }
        // Broken input is refused; lints, even denied ones, are what a diff compares.
        let errors: Vec<_> =
            crate::check::check(&loaded.loaded, &crate::check::CheckConfig::default())
                .into_iter()
                .filter(|d| d.severity == Severity::Error && !crate::check::rules::is_lint(d.code))
                .collect();
        if !errors.is_empty() {
            eprint!(
                "{}",
                crate::diag::render::human(&loaded.loaded.sources, &errors, stderr_color)
            );
            eprintln!("error: `{arg}` has errors; fix them before comparing");
            worst = super::EXIT_FINDINGS;
            continue;
        }
        match loaded.era {
            Some(e) => eras.push(e),
            None => {
                eprintln!("error: `{arg}` declares no era");
                worst = super::EXIT_FINDINGS;
            }
        }
    }
    if worst != super::EXIT_CLEAN {
        return worst;
    }
    let diff = compare(&eras[0], &eras[1]);
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => super::color_stdout(),
    };
    let out = match args.format {
        DiffFormat::Text => report::text(&diff, color),
        DiffFormat::Json => report::json(&diff),
        DiffFormat::Markdown => report::markdown(&diff),
    };
    // A closed pipe (`zukai diff ... | head`) is not an error worth a panic.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes());
    if args.exit_code && diff.has_differences() {
        super::EXIT_FINDINGS
    } else {
        super::EXIT_CLEAN
    }
}
