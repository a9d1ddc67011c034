//! `zukai export`: eras as d2, DOT, Mermaid, JSON or Markdown.

use crate::export::{self, Format};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `zukai export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The format to write.
    #[arg(long = "to", value_enum)]
    pub to: Format,
    /// Where to write: a file for one era, a directory for several (one `<era>.<ext>` file
    /// each). Default: standard output (one era only).
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Inventory files or directories. Default: every inventory in `inventories/`.
    pub files: Vec<PathBuf>,
}

/// Runs `zukai export`. An inventory with errors (as `zukai check` finds them with its
/// default lint levels) is not exported: the diagnostics are printed and the exit code is 1.
pub fn run(args: ExportArgs) -> u8 {
    let paths = match super::inventory_paths(&args.files) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return super::EXIT_ERROR;
        }
    };
    let loaded = crate::model::load_files(&paths);
    for (path, why) in &loaded.io_errors {
        eprintln!("error: {path}: {why}");
    }
    if !loaded.io_errors.is_empty() {
        return super::EXIT_ERROR;
    }
    // The same checks as `zukai check` with its defaults: a diagram of an inventory with
    // dangling references or placement cycles would be wrong, so errors stop the export.
    let diags = crate::check::check(&loaded, &crate::check::CheckConfig::default());
    let (errors, warnings) = crate::diag::count(&diags);
    if errors > 0 {
        eprint!(
            "{}",
            crate::diag::render::human(&loaded.sources, &diags, false)
        );
        eprintln!("error: not exporting: the inventory has {errors} error(s)");
        return super::EXIT_FINDINGS;
    }
    if warnings > 0 {
        eprintln!("note: {warnings} warning(s); `zukai check` shows them");
    }
    let outputs: Vec<(String, String)> = loaded
        .eras
        .iter()
        .map(|e| (e.name.clone(), export::export(e, args.to)))
        .collect();
    match write_outputs(&outputs, args.output.as_deref(), args.to) {
        Ok(()) => super::EXIT_CLEAN,
        Err(e) => {
            eprintln!("error: {e}");
            super::EXIT_ERROR
        }
    }
}

/// Writes each era's text: to stdout, to one file, or to `<dir>/<era>.<ext>` files.
fn write_outputs(
    outputs: &[(String, String)],
    output: Option<&Path>,
    format: Format,
) -> Result<(), String> {
    let write = |path: &Path, text: &str| {
        super::write_atomic(path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))
    };
    match (outputs, output) {
        ([], _) => Err("no era to export".into()),
        ([(_, text)], None) => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|_| out.flush())
                .map_err(|e| format!("standard output: {e}"))
        }
        (_, None) => Err(format!(
            "{} eras to export; give a directory with `-o DIR` (one file per era) or name one inventory",
            outputs.len()
        )),
        ([(_, text)], Some(path)) if !path.is_dir() => write(path, text),
        (_, Some(dir)) => {
            if dir.exists() && !dir.is_dir() {
                return Err(format!(
                    "{}: {} eras need a directory, and this is a file",
                    dir.display(),
                    outputs.len()
                ));
            }
            for (name, text) in outputs {
                write(
                    &dir.join(format!("{}.{}", file_stem(name), format.extension())),
                    text,
                )?;
            }
            Ok(())
        }
    }
}

/// An era name as a file name: era names are free text, so path separators and other
/// punctuation become `_` and the file always lands inside the directory.
fn file_stem(era: &str) -> String {
    let stem: String = era
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() { "era".into() } else { stem }
}
