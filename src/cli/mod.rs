//! The command line: clap arguments, validated into each command's config, then one call
//! into the pipeline. Exit codes follow ripgrep's discipline: 0 clean, 1 findings (errors,
//! denied lints, stale files, differences with `--exit-code`), 2 usage or I/O error.

pub mod check;
pub mod diff;
pub mod export;
pub mod import;
pub mod render;

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit code: nothing to report.
pub const EXIT_CLEAN: u8 = 0;
/// Exit code: findings (errors, denied lints, stale output, differences).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: bad usage or an I/O error.
pub const EXIT_ERROR: u8 = 2;

/// Where inventories live when no file is named. Default: `inventories`.
pub const DEFAULT_INVENTORY_DIR: &str = "inventories";
/// Where rendered diagrams go when no path is named. Default: `out`.
pub const DEFAULT_OUT_DIR: &str = "out";

/// zukai: infrastructure inventories as TOML, validated, drawn and diffed.
#[derive(Debug, Parser)]
#[command(name = "zukai", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate inventories: errors and lints at file:line:col (exit 1 on errors or denied lints).
    Check(check::CheckArgs),
    /// Explain a lint rule or error code (`zukai explain singleton`), or list them all.
    Explain(check::ExplainArgs),
    /// Print the JSON Schema of the inventory format (for taplo / Even Better TOML).
    Schema(check::SchemaArgs),
    /// Draw eras as SVG/PNG (no argument: every inventory in `inventories/` into `out/`).
    Render(render::RenderArgs),
    /// Compare two eras: text, JSON, Markdown, or a diff diagram.
    Diff(diff::DiffArgs),
    /// Create an inventory from docker-compose files or Kubernetes manifests.
    Import(import::ImportArgs),
    /// Write an inventory as d2, DOT, Mermaid, JSON or Markdown tables.
    Export(export::ExportArgs),
}

/// Runs the command line; what `main` calls.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            });
        }
    };
    let code = match cli.command {
        Command::Check(a) => check::run(a),
        Command::Explain(a) => check::explain(a),
        Command::Schema(a) => check::schema(a),
        Command::Render(a) => render::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Import(a) => import::run(a),
        Command::Export(a) => export::run(a),
    };
    ExitCode::from(code)
}

/// The inventory files a command works on: the named files (directories expand to their
/// `*.toml` files), or every `*.toml` in `inventories/` when none is named.
pub fn inventory_paths(named: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let named: Vec<PathBuf> = if named.is_empty() {
        vec![PathBuf::from(DEFAULT_INVENTORY_DIR)]
    } else {
        named.to_vec()
    };
    let mut out = Vec::new();
    for p in named {
        if p.is_dir() {
            let files =
                crate::source::inventory_files(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            if files.is_empty() {
                return Err(format!(
                    "{}: no *.toml inventories in this directory",
                    p.display()
                ));
            }
            out.extend(files);
        } else {
            out.push(p);
        }
    }
    Ok(out)
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a rename, so a
/// failed run never leaves a half-written or clobbered file. Creates the directory.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Whether stdout is a terminal that wants colour (and `NO_COLOR` is unset).
pub fn color_stdout() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}
