//! `zukai check`, `zukai explain` and `zukai schema`.

use crate::check::{self, CheckConfig, rules};
use crate::diag::{did_you_mean, render};
use crate::model::{Kind, LintLevel, load_files};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// rustc-style snippets with a caret under the exact span (the default).
    #[default]
    Human,
    /// One JSON document, documented in docs/check.md.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions annotations (`::error file=…,line=…,col=…::`).
    Github,
}

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Color {
    /// When stdout is a terminal and `NO_COLOR` is unset (the default).
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `zukai check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Inventory files or directories; default: every `*.toml` in `inventories/`.
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Do not report lint RULE (overrides the inventory's `[lints]`).
    #[arg(short = 'A', long = "allow", value_name = "RULE")]
    pub allow: Vec<String>,
    /// Report lint RULE as a warning.
    #[arg(short = 'W', long = "warn", value_name = "RULE")]
    pub warn: Vec<String>,
    /// Report lint RULE as an error (exit 1); `--deny warnings` denies every warning.
    #[arg(short = 'D', long = "deny", value_name = "RULE")]
    pub deny: Vec<String>,
}

impl CheckArgs {
    /// The lint levels these flags ask for. `-A`, then `-W`, then `-D` apply, so a rule
    /// named twice ends at the stricter level. An unknown rule name is a usage error.
    pub fn config(&self) -> Result<CheckConfig, String> {
        let mut config = CheckConfig::default();
        for (names, level) in [
            (&self.allow, LintLevel::Allow),
            (&self.warn, LintLevel::Warn),
            (&self.deny, LintLevel::Deny),
        ] {
            for name in names {
                if name == "warnings" {
                    if level == LintLevel::Deny {
                        config.deny_warnings = true;
                    }
                    continue;
                }
                if !rules::is_lint(name) {
                    let why = if rules::find(name).is_some() {
                        format!("`{name}` is an error code, not a lint: its level cannot be set")
                    } else {
                        let mut m = format!("unknown lint `{name}`");
                        if let Some(h) = did_you_mean(
                            name,
                            rules::LINTS.iter().map(|r| r.id).chain(["warnings"]),
                        ) {
                            m.push_str(&format!("; {h}"));
                        }
                        m
                    };
                    return Err(why);
                }
                config.levels.push((name.clone(), level));
            }
        }
        Ok(config)
    }
}

/// Runs `zukai check`: 0 when clean (warnings allowed), 1 on errors or denied lints, 2 on a
/// usage or I/O error (the readable files are still checked and reported).
pub fn run(args: CheckArgs) -> u8 {
    let config = match args.config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}\n  `zukai explain` lists the lint rules");
            return super::EXIT_ERROR;
        }
    };
    let paths = match super::inventory_paths(&args.files) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return super::EXIT_ERROR;
        }
    };
    let loaded = load_files(&paths);
    let diags = check::check(&loaded, &config);
    let text = match args.format {
        Format::Human => {
            let color = match args.color {
                Color::Auto => super::color_stdout(),
                Color::Always => true,
                Color::Never => false,
            };
            render::human(&loaded.sources, &diags, color)
        }
        Format::Json => render::json(&loaded.sources, &diags),
        Format::Sarif => {
            let all: Vec<_> = rules::all().copied().collect();
            render::sarif(&loaded.sources, &diags, &all)
        }
        Format::Github => render::github(&loaded.sources, &diags),
    };
    print!("{text}");
    if !loaded.io_errors.is_empty() {
        super::EXIT_ERROR
    } else if check::has_errors(&diags) {
        super::EXIT_FINDINGS
    } else {
        super::EXIT_CLEAN
    }
}

/// Arguments of `zukai explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A lint rule or error code (`singleton`, `unknown-reference`), or `kinds`; none: list
    /// every code.
    pub code: Option<String>,
}

/// Wraps a paragraph at 80 columns.
fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + line.len() + 1 + word.chars().count() > 80 {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The text `zukai explain` prints: the list of codes, one code's paragraph, or the kinds.
pub fn explain_text(code: Option<&str>) -> Result<String, String> {
    let Some(code) = code else {
        let mut out = String::from("Errors (the inventory is wrong; always exit code 1):\n");
        let width = rules::all().map(|r| r.id.len()).max().unwrap_or(0);
        for r in rules::ERRORS {
            out.push_str(&format!("  {:width$}  {}\n", r.id, r.summary));
        }
        out.push_str(
            "\nLints (warn by default; set allow/warn/deny in [lints] or with -A/-W/-D):\n",
        );
        for r in rules::LINTS {
            out.push_str(&format!("  {:width$}  {}\n", r.id, r.summary));
        }
        out.push_str(
            "\n`zukai explain CODE` explains one; `zukai explain kinds` lists the item kinds.\n",
        );
        return Ok(out);
    };
    if code == "kinds" {
        let mut out = String::new();
        for k in Kind::ALL {
            out.push_str(&format!("{} ({}): {}\n", k.name(), k.title(), k.doc()));
            let keys: Vec<&str> = k
                .attr_names()
                .into_iter()
                .filter(|n| *n != "kind")
                .collect();
            out.push_str(&wrap(&format!("keys: {}", keys.join(", ")), "    "));
            let parents = k.allowed_parents();
            let top = if k.may_sit_in(None) {
                "top level, "
            } else {
                ""
            };
            out.push_str(&wrap(
                &format!("placed in: {top}{}", parents.join(", ")),
                "    ",
            ));
        }
        return Ok(out);
    }
    match rules::find(code) {
        Some(r) => {
            let what = if r.lint {
                "lint, warn by default"
            } else {
                "error"
            };
            Ok(format!(
                "{} ({what}): {}\n\n{}",
                r.id,
                r.summary,
                wrap(r.explanation, "")
            ))
        }
        None => {
            let mut m = format!("unknown code `{code}`");
            if let Some(h) = did_you_mean(code, rules::all().map(|r| r.id).chain(["kinds"])) {
                m.push_str(&format!("; {h}"));
            }
            Err(m + "\n  `zukai explain` lists every code")
        }
    }
}

/// Runs `zukai explain`.
pub fn explain(args: ExplainArgs) -> u8 {
    match explain_text(args.code.as_deref()) {
        Ok(text) => {
            print!("{text}");
            super::EXIT_CLEAN
        }
        Err(e) => {
            eprintln!("error: {e}");
            super::EXIT_ERROR
        }
    }
}

/// Arguments of `zukai schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Write the schema to this file (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `zukai schema`.
pub fn schema(args: SchemaArgs) -> u8 {
    let text = check::schema::json_schema_text();
    match args.output {
        None => {
            print!("{text}");
            super::EXIT_CLEAN
        }
        Some(path) => match super::write_atomic(&path, text.as_bytes()) {
            Ok(()) => super::EXIT_CLEAN,
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                super::EXIT_ERROR
            }
        },
    }
}
