//! Stage 0, *source*: the text of inventory files as the user wrote them.
//!
//! Every later stage points back into these files through a [`Span`] (a file and a byte
//! range), so diagnostics can show `file:line:col` and the offending line. The loader
//! refuses what cannot be an inventory before any parser sees it: files that are too large,
//! binary, or not UTF-8.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// Inventories larger than this are refused with a clear error rather than parsed.
/// Default: 16 MiB, about 50 times the size of a 10,000-item inventory.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// Index of a file inside a [`Sources`] collection.
pub type FileId = usize;

/// A byte range inside one source file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The file the range belongs to.
    pub file: FileId,
    /// Byte offsets into the file's text.
    pub range: Range<usize>,
}

impl Span {
    /// A span over `range` in `file`.
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span { file, range }
    }
}

/// One inventory file: its name as shown to the user and its full text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user named it (or `REV:path` for a file read from git).
    pub name: String,
    /// The whole text of the file.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// A source file from a name and its text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self.line_starts.get(line).map_or(self.text.len(), |&e| e);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// Every source file of one run; diagnostics refer to files by their [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// An empty collection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        self.files.len() - 1
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    /// All files with their ids, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate()
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The operating system refused (missing file, permissions, a directory...).
    Io(String),
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge(usize),
    /// The file holds a NUL byte, so it is binary, not TOML.
    Binary {
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// The bytes at `offset` are not UTF-8.
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::TooLarge(n) => write!(
                f,
                "file is {:.1} MiB; inventories larger than {} MiB are refused",
                *n as f64 / 1048576.0,
                MAX_FILE_BYTES / 1048576
            ),
            ReadError::Binary { offset } => {
                write!(
                    f,
                    "file is binary (NUL byte at offset {offset}), not a TOML inventory"
                )
            }
            ReadError::NotUtf8 { offset } => {
                write!(
                    f,
                    "file is not valid UTF-8 (first bad byte at offset {offset})"
                )
            }
        }
    }
}

/// Turns raw bytes into text, refusing binary, oversized and non-UTF-8 input.
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len()));
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ReadError::Binary { offset });
    }
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Reads a file from disk as inventory text.
pub fn read_file(path: &Path) -> Result<String, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Io(e.to_string()))?;
    if meta.len() as usize > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len() as usize));
    }
    decode(std::fs::read(path).map_err(|e| ReadError::Io(e.to_string()))?)
}

/// Reads `path` as it was at git revision `rev` (`git show REV:path`), without a checkout.
pub fn read_git(rev: &str, path: &Path) -> Result<String, ReadError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file = path
        .file_name()
        .ok_or_else(|| ReadError::Io("not a file path".into()))?;
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .arg("show")
        .arg(format!("{rev}:./{}", file.to_string_lossy()))
        .output()
        .map_err(|e| ReadError::Io(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        return Err(ReadError::Io(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ));
    }
    decode(out.stdout)
}

/// Every `*.toml` file directly inside `dir`, sorted by name so runs are deterministic.
pub fn inventory_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let f = SourceFile::new("a.toml", "ab\nc\u{e9}d\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(6), (2, 3));
        assert_eq!(f.line_text(2), "c\u{e9}d");
    }

    #[test]
    fn binary_and_bad_utf8_are_refused() {
        assert_eq!(
            decode(vec![b'a', 0, b'b']),
            Err(ReadError::Binary { offset: 1 })
        );
        assert_eq!(
            decode(vec![b'a', 0xff]),
            Err(ReadError::NotUtf8 { offset: 1 })
        );
    }
}
