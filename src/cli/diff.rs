//! `zukai diff BEFORE AFTER`: what changed between two eras, as text, JSON or Markdown.

use crate::diag::Severity;
use crate::diff::side::{self, SideSpec};
use crate::diff::stable::{PNG_SCALE, StableScenes, write_stable};
use crate::diff::{compare, report, stable_scenes};
use crate::scene::build::SceneOptions;
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
    /// Also draw the diff diagram (the union of both eras, marked) as SVG to FILE.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Also draw the diff diagram as PNG to FILE.
    #[arg(long, value_name = "FILE")]
    pub png: Option<PathBuf>,
    /// Also write before, after and diff pictures (`before.svg`, `before.png`, `after.*`,
    /// `diff.*`) into DIR, all cut from one layout so unchanged items stay in place.
    #[arg(long, value_name = "DIR")]
    pub stable_dir: Option<PathBuf>,
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
    let pictures = args.svg.is_some() || args.png.is_some() || args.stable_dir.is_some();
    let (diff, scenes) = if pictures {
        let s = stable_scenes(&eras[0], &eras[1], &SceneOptions::default());
        (s.report.clone(), Some(s))
    } else {
        (compare(&eras[0], &eras[1]), None)
    };
    if let Some(s) = &scenes
        && let Err(e) = write_pictures(&args, s)
    {
        eprintln!("error: {e}");
        return super::EXIT_ERROR;
    }
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

/// Writes the pictures asked for; the error names the file.
fn write_pictures(args: &DiffArgs, s: &StableScenes) -> Result<(), String> {
    let svg = crate::render::svg::to_svg(&s.diff);
    if let Some(p) = &args.svg {
        super::write_atomic(p, svg.as_bytes()).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    if let Some(p) = &args.png {
        let png = crate::render::png::to_png(&svg, PNG_SCALE)
            .map_err(|e| format!("{}: {e}", p.display()))?;
        super::write_atomic(p, &png).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    if let Some(dir) = &args.stable_dir {
        write_stable(dir, "", s)?;
    }
    Ok(())
}
