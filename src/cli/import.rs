//! `zukai import compose FILE...` and `zukai import k8s PATH...`.
//!
//! Exit codes: 0 when the inventory was written (warnings go to stderr), 1 when the input
//! has errors (nothing is written), 2 on bad usage or a file that cannot be read or written.

use crate::import::interpolate::{Env, parse_env_file};
use crate::import::{self, Import, Input, compose, k8s};
use crate::source::{self, ReadError};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

/// Arguments of `zukai import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What to import from.
    #[command(subcommand)]
    pub from: ImportFrom,
}

/// The formats `zukai import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportFrom {
    /// docker-compose files, merged in order like `docker compose -f a -f b`.
    Compose(ComposeArgs),
    /// Kubernetes manifests: files, or directories searched for *.yaml/*.yml.
    K8s(K8sArgs),
}

/// Where the inventory goes and what its era is called.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Era name (`[era] name`). Default: the compose project name, or "k8s".
    #[arg(long)]
    pub name: Option<String>,
    /// Era title (`[era] title`). Default: derived from the project or cluster name.
    #[arg(long)]
    pub title: Option<String>,
    /// Write the inventory to this file (atomically) instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE", conflicts_with = "into")]
    pub output: Option<PathBuf>,
    /// Merge into this inventory, keeping everything written in it: items whose id it
    /// already has are left exactly as they are (and listed), links it already has (same
    /// from, to and kind) are skipped, `[era]` is untouched, comments and order survive;
    /// new items, links and queues are appended. The file is created if missing.
    #[arg(long, value_name = "FILE")]
    pub into: Option<PathBuf>,
}

/// Arguments of `zukai import compose`.
#[derive(Debug, Args)]
pub struct ComposeArgs {
    /// Compose files, in override order (`-` reads standard input).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Read `${VAR}` values from this .env file (repeatable; later files win).
    #[arg(long, value_name = "FILE")]
    pub env_file: Vec<PathBuf>,
    /// Also read `${VAR}` values from the environment of this process (after --env-file).
    /// Off by default, so the same files give the same inventory on every machine.
    #[arg(long)]
    pub env: bool,
    /// Project name when the files have no `name:`. Default: the first file's directory.
    #[arg(long)]
    pub project: Option<String>,
    /// Where the inventory goes and the era's name.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Arguments of `zukai import k8s`.
#[derive(Debug, Args)]
pub struct K8sArgs {
    /// Manifest files or directories (searched recursively, files sorted by name); `-` reads
    /// standard input, e.g. `helm template ... | zukai import k8s -`.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Id of the cluster item that holds the namespaces.
    #[arg(long, default_value = "cluster")]
    pub cluster: String,
    /// Where the inventory goes and the era's name.
    #[command(flatten)]
    pub out: OutputArgs,
}

/// Runs `zukai import`.
pub fn run(args: ImportArgs) -> u8 {
    match run_inner(args) {
        Ok(code) => code,
        Err((code, msg)) => {
            eprintln!("error: {msg}");
            code
        }
    }
}

type Failure = (u8, String);

fn run_inner(args: ImportArgs) -> Result<u8, Failure> {
    let (result, out) = match args.from {
        ImportFrom::Compose(a) => {
            let mut env = Env::default();
            for f in &a.env_file {
                let text = read(f)?;
                let pairs = parse_env_file(&text).map_err(|(line, msg)| {
                    (super::EXIT_ERROR, format!("{}:{line}: {msg}", f.display()))
                })?;
                env.extend(pairs);
            }
            if a.env {
                env.extend(std::env::vars());
            }
            let inputs = a
                .files
                .iter()
                .map(|p| input(p))
                .collect::<Result<Vec<_>, _>>()?;
            let opts = compose::ComposeOptions {
                name: a.out.name.clone(),
                title: a.out.title.clone(),
                project: a.project.clone().or_else(|| project_dir(&a.files[0])),
                env,
                base_dir: Some(
                    a.files[0]
                        .parent()
                        .filter(|d| !d.as_os_str().is_empty())
                        .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
                ),
            };
            (compose::import(&inputs, &opts), a.out)
        }
        ImportFrom::K8s(a) => {
            let files =
                k8s::manifest_files(&a.paths).map_err(|e| (super::EXIT_ERROR, e.to_string()))?;
            let inputs = files
                .iter()
                .map(|p| input(p))
                .collect::<Result<Vec<_>, _>>()?;
            let opts = k8s::K8sOptions {
                name: a.out.name.clone(),
                title: a.out.title.clone(),
                cluster: a.cluster.clone(),
            };
            (k8s::import(&inputs, &opts), a.out)
        }
    };
    let mut result = result;
    let typed: Vec<String> = std::env::args().skip(1).collect();
    if let Some(h) = result.draft.header.first_mut() {
        *h = format!("Imported by `zukai {}`.", crate::import::join_words(&typed));
    }
    report(&result);
    if result.has_errors() {
        eprintln!("error: nothing written; fix the input above and run the import again");
        return Ok(super::EXIT_FINDINGS);
    }
    if result.draft.items.is_empty() {
        eprintln!("error: the input holds nothing to import; nothing written");
        return Ok(super::EXIT_FINDINGS);
    }
    write(&result, &out)
}

fn write(result: &Import, out: &OutputArgs) -> Result<u8, Failure> {
    let io = |p: &Path, e: std::io::Error| (super::EXIT_ERROR, format!("{}: {e}", p.display()));
    if let Some(into) = &out.into {
        let existing = if into.exists() {
            Some(read(into)?)
        } else {
            None
        };
        let (text, rep) = match &existing {
            Some(t) => result
                .draft
                .merge_into(t)
                .map_err(|m| (super::EXIT_FINDINGS, format!("{}: {m}", into.display())))?,
            None => (result.draft.to_toml(), import::MergeReport::default()),
        };
        super::write_atomic(into, text.as_bytes()).map_err(|e| io(into, e))?;
        if existing.is_some() {
            eprintln!(
                "merged into {}: {} item(s) and {} link(s) added",
                into.display(),
                rep.added_items.len(),
                rep.added_links
            );
            if !rep.kept_items.is_empty() {
                eprintln!(
                    "kept as written (already in the inventory): {}",
                    rep.kept_items.join(", ")
                );
            }
            for (id, yours, imported) in &rep.kind_conflicts {
                eprintln!(
                    "note: `{id}` is a `{yours}` in the inventory; the import found a `{imported}` (kept yours)"
                );
            }
        } else {
            eprintln!("wrote {}", into.display());
        }
        return Ok(super::EXIT_CLEAN);
    }
    let text = result.draft.to_toml();
    match &out.output {
        Some(p) => {
            super::write_atomic(p, text.as_bytes()).map_err(|e| io(p, e))?;
            eprintln!(
                "wrote {} ({} items, {} links)",
                p.display(),
                result.draft.items.len(),
                result.draft.links.len()
            );
        }
        None => print!("{text}"),
    }
    Ok(super::EXIT_CLEAN)
}

fn report(result: &Import) {
    if result.diagnostics.is_empty() {
        return;
    }
    use std::io::IsTerminal;
    let color = std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal();
    eprint!(
        "{}",
        crate::diag::render::human(&result.sources, &result.diagnostics, color)
    );
}

/// Reads one input. A missing or unreadable file is an I/O error (exit 2); a file that is
/// too large, binary or not UTF-8 is bad input (exit 1).
fn read(p: &Path) -> Result<String, Failure> {
    let text = if p == Path::new(STDIN) {
        read_stdin()
    } else {
        source::read_file(p)
    };
    text.map_err(|e| {
        let code = match e {
            ReadError::Io(_) => super::EXIT_ERROR,
            _ => super::EXIT_FINDINGS,
        };
        let what = match e {
            ReadError::TooLarge(_) => e.to_string().replace("inventories", "inputs"),
            ReadError::Binary { .. } => e.to_string().replace("TOML inventory", "YAML file"),
            _ => e.to_string(),
        };
        (code, format!("{}: {what}", p.display()))
    })
}

fn input(p: &std::path::Path) -> Result<Input, Failure> {
    let name = if p == Path::new(STDIN) {
        "<stdin>".to_string()
    } else {
        p.display().to_string()
    };
    Ok(Input {
        name,
        text: read(p)?,
    })
}

/// The path that means standard input (`kubectl get all -o yaml | zukai import k8s -`).
const STDIN: &str = "-";

/// Reads standard input with the same limits as a file: at most
/// [`crate::source::MAX_FILE_BYTES`] (one byte more is read to tell), UTF-8, no NUL.
fn read_stdin() -> Result<String, ReadError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(source::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    source::decode(bytes)
}

/// Compose's default project name: the directory holding the first file, lower-cased.
fn project_dir(file: &Path) -> Option<String> {
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = match dir {
        Some(d) => d.canonicalize().ok()?,
        None => std::env::current_dir().ok()?,
    };
    let name = dir.file_name()?.to_str()?.to_lowercase();
    Some(crate::import::writer::sanitize_id(&name))
}
