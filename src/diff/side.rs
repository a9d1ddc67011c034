//! Reading one side of a comparison: an inventory file, an era name, or a file at a git
//! revision (`REV:path`, read with `git show`, no checkout).

use crate::model::{Era, Loaded, load_files, load_sources};
use crate::source::{self, SourceFile, Sources};
use std::path::{Path, PathBuf};

/// What a command-line side names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SideSpec {
    /// An inventory file on disk.
    File(PathBuf),
    /// An era looked up by its `[era] name`.
    Era(String),
    /// A file as it was at a git revision.
    Git {
        /// The revision (`HEAD~1`, a tag, a commit).
        rev: String,
        /// The file's path (relative to the current directory).
        path: PathBuf,
    },
}

impl SideSpec {
    /// Reads a side argument: an existing file; else `REV:path`; else something that looks
    /// like a path (`/` or `.toml`), reported as a missing file; else an era name.
    pub fn parse(arg: &str) -> SideSpec {
        let path = Path::new(arg);
        if path.is_file() {
            return SideSpec::File(path.to_path_buf());
        }
        if let Some((rev, p)) = arg.split_once(':')
            && !rev.is_empty()
            && !p.is_empty()
        {
            return SideSpec::Git {
                rev: rev.to_string(),
                path: PathBuf::from(p),
            };
        }
        if arg.contains('/') || arg.contains('\\') || arg.ends_with(".toml") {
            return SideSpec::File(path.to_path_buf());
        }
        SideSpec::Era(arg.to_string())
    }

    /// The directory an era name given for the other side is also looked up in.
    pub fn dir(&self) -> Option<PathBuf> {
        match self {
            SideSpec::File(p) => Some(
                p.parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."))
                    .to_path_buf(),
            ),
            _ => None,
        }
    }
}

/// A side that was read: everything loaded (for diagnostics) and the era it names.
#[derive(Debug)]
pub struct LoadedSide {
    /// Files read and problems found; render diagnostics against `loaded.sources`.
    pub loaded: Loaded,
    /// The era of the named file; `None` when the file declares none that loaded.
    pub era: Option<Era>,
}

/// Why a side could not be read at all (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideError(pub String);

impl std::fmt::Display for SideError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `[era] name` and `extends` of an inventory text, when it parses far enough.
fn era_header(text: &str) -> (Option<String>, Option<String>) {
    let Ok(t) = text.parse::<toml::Table>() else {
        return (None, None);
    };
    let era = t.get("era").and_then(|e| e.as_table());
    let get = |k: &str| {
        era.and_then(|e| e.get(k))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    (get("name"), get("extends"))
}

/// Reads a side. An era name is looked up in `dirs` (in order; the first file declaring it
/// wins); eras it extends are read beside the file, at the same revision for `REV:path`.
pub fn load(spec: &SideSpec, dirs: &[PathBuf]) -> Result<LoadedSide, SideError> {
    match spec {
        SideSpec::File(p) => Ok(from_files(p)),
        SideSpec::Era(name) => {
            let mut names = Vec::new();
            for d in dirs {
                for f in source::inventory_files(d).unwrap_or_default() {
                    let Ok(text) = source::read_file(&f) else {
                        continue;
                    };
                    match era_header(&text).0 {
                        Some(n) if n == *name => return Ok(from_files(&f)),
                        Some(n) => names.push(n),
                        None => {}
                    }
                }
            }
            let searched: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
            let mut msg = format!(
                "`{name}` is neither a file nor an era in {}",
                if searched.is_empty() {
                    "any inventory directory".to_string()
                } else {
                    searched.join(", ")
                }
            );
            if let Some(h) = crate::diag::did_you_mean(name, names.iter().map(String::as_str)) {
                msg.push_str(&format!("; {h}"));
            } else if !names.is_empty() {
                msg.push_str(&format!("; eras found: {}", names.join(", ")));
            }
            Err(SideError(msg))
        }
        SideSpec::Git { rev, path } => from_git(rev, path),
    }
}

fn from_files(path: &Path) -> LoadedSide {
    let loaded = load_files(&[path.to_path_buf()]);
    // The named file is always the first one read.
    let era = loaded.eras.iter().find(|e| e.file == 0).cloned();
    LoadedSide { loaded, era }
}

fn from_git(rev: &str, path: &Path) -> Result<LoadedSide, SideError> {
    let shown = |p: &Path| format!("{rev}:{}", p.display());
    let text =
        source::read_git(rev, path).map_err(|e| SideError(format!("{}: {e}", shown(path))))?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut sources = Sources::new();
    let (_, mut wanted) = era_header(&text);
    sources.add(SourceFile::new(shown(path), text));
    // Follow `extends` through the files beside it at the same revision, reading only the
    // chain so an unrelated broken sibling does not matter.
    let mut siblings: Option<Vec<(PathBuf, String)>> = None;
    let mut seen = Vec::new();
    while let Some(name) = wanted.take() {
        if seen.contains(&name) {
            break;
        }
        seen.push(name.clone());
        if siblings.is_none() {
            siblings = Some(git_siblings(rev, dir, path));
        }
        if let Some((p, t)) = siblings.as_ref().and_then(|s| {
            s.iter()
                .find(|(_, t)| era_header(t).0.as_deref() == Some(&name))
        }) {
            wanted = era_header(t).1;
            sources.add(SourceFile::new(shown(p), t.clone()));
        }
    }
    let loaded = load_sources(sources);
    let era = loaded.eras.iter().find(|e| e.file == 0).cloned();
    Ok(LoadedSide { loaded, era })
}

/// The `*.toml` files beside `path` at `rev`, with their text, sorted by name.
fn git_siblings(rev: &str, dir: &Path, path: &Path) -> Vec<(PathBuf, String)> {
    let Ok(out) = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["ls-tree", "--name-only", rev])
        .output()
    else {
        return Vec::new();
    };
    if !out.status.success() {
        return Vec::new();
    }
    let mut names: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|n| n.ends_with(".toml"))
        .map(str::to_string)
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            if dir == Path::new(".") {
                PathBuf::from(n)
            } else {
                dir.join(n)
            }
        })
        .filter(|p| p.file_name() != path.file_name())
        .filter_map(|p| source::read_git(rev, &p).ok().map(|t| (p, t)))
        .collect()
}
