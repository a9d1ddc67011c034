//! TOML text → [`Era`]s, collecting every problem instead of stopping at the first.
//!
//! Each file is parsed into toml's spanned tree (`DeTable`), then decoded by hand against
//! the kind tables, so one run reports all unknown keys, wrong types and bad units of all
//! files. Eras that `extends` another are resolved in dependency order; an era in a file
//! beside the requested ones is loaded when it is needed.

use super::kind::{
    AttrSpec, AttrType, COMMON_ATTRS, ERA_ATTRS, Kind, LINK_ATTRS, LinkKind, QUEUE_ATTRS, TOP_LEVEL,
};
use super::value::{self, Value};
use super::{Attr, Era, Item, Link, LintLevel, Queue, Ref};
use crate::diag::{Diagnostic, did_you_mean};
use crate::source::{self, FileId, SourceFile, Sources, Span};
use indexmap::IndexMap;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The result of loading inventories: the files read, the eras they declare (complete, with
/// `extends` resolved) and every problem found on the way.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Every file read, including those read only to resolve `extends`.
    pub sources: Sources,
    /// Eras of the requested files, in the order of the files.
    pub eras: Vec<Era>,
    /// Eras read only because a requested era extends them (directly or through others),
    /// complete like [`Loaded::eras`]; `zukai check` compares `was` against them.
    pub extended: Vec<Era>,
    /// Problems in the requested files and in the eras they extend.
    pub diagnostics: Vec<Diagnostic>,
    /// Paths that could not be read at all (exit code 2), with the reason.
    pub io_errors: Vec<(String, String)>,
}

/// Loads inventory files from disk. Eras named by `extends` are looked up among the given
/// files first, then among the `*.toml` files beside them.
pub fn load_files(paths: &[PathBuf]) -> Loaded {
    let mut sources = Sources::new();
    let mut io_errors = Vec::new();
    let mut requested = Vec::new();
    for p in paths {
        match source::read_file(p) {
            Ok(text) => requested.push(sources.add(SourceFile::new(p.display().to_string(), text))),
            Err(e) => io_errors.push((p.display().to_string(), e.to_string())),
        }
    }
    let mut dirs: Vec<PathBuf> = paths
        .iter()
        .map(|p| p.parent().map(Path::to_path_buf).unwrap_or_default())
        .collect();
    dirs.dedup();
    let loaded_names: HashSet<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut loaded = load_sources_with(sources, requested, |sources| {
        // Sibling files, read only when an `extends` is not found among the requested ones.
        let mut siblings = Vec::new();
        for dir in &dirs {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir.as_path()
            };
            for f in source::inventory_files(dir).unwrap_or_default() {
                let shown = if dirs.iter().any(|d| d.as_os_str().is_empty()) && f.starts_with("./")
                {
                    f.strip_prefix("./").unwrap_or(&f).display().to_string()
                } else {
                    f.display().to_string()
                };
                if loaded_names.contains(&shown) || sources.iter().any(|(_, s)| s.name == shown) {
                    continue;
                }
                if let Ok(text) = source::read_file(&f) {
                    siblings.push(SourceFile::new(shown, text));
                }
            }
        }
        // Only the siblings that declare a wanted era (and the eras those extend) join the
        // run, so an unrelated or broken file beside them costs nothing and is not counted.
        let mut have: HashSet<String> = HashSet::new();
        let mut wanted: Vec<String> = Vec::new();
        for (_, file) in sources.iter() {
            let (name, extends) = era_header(&file.text);
            have.extend(name);
            wanted.extend(extends);
        }
        let headers: Vec<(Option<String>, Option<String>)> =
            siblings.iter().map(|f| era_header(&f.text)).collect();
        let mut taken = vec![false; siblings.len()];
        while let Some(name) = wanted.pop() {
            if !have.insert(name.clone()) {
                continue;
            }
            for (i, (n, x)) in headers.iter().enumerate() {
                if !taken[i] && n.as_deref() == Some(name.as_str()) {
                    taken[i] = true;
                    wanted.extend(x.clone());
                }
            }
        }
        for (f, take) in siblings.into_iter().zip(taken) {
            if take {
                sources.add(f);
            }
        }
    });
    loaded.io_errors.extend(io_errors);
    loaded
}

/// Loads inventories from text already in memory (tests, git revisions); every file is
/// requested.
pub fn load_sources(sources: Sources) -> Loaded {
    let requested = (0..sources.len()).collect();
    load_sources_with(sources, requested, |_| {})
}

/// The era `name` and `extends` of an inventory's text, as far as it parses.
fn era_header(text: &str) -> (Option<String>, Option<String>) {
    let (t, _) = DeTable::parse_recoverable(text);
    let era = t.get_ref().get("era").and_then(|v| v.get_ref().as_table());
    let get = |key: &str| {
        era.and_then(|e| e.get(key))
            .and_then(|v| v.get_ref().as_str())
            .map(str::to_string)
    };
    (get("name"), get("extends"))
}

/// One file, decoded as far as its own text allows (before `extends` is applied).
struct FileEra<'a> {
    file: FileId,
    name: Option<(String, Span)>,
    title: Option<String>,
    description: Option<String>,
    extends: Option<Ref>,
    order: Option<i64>,
    remove: Vec<Ref>,
    remove_links: Vec<(String, String, Span)>,
    items: Option<&'a Spanned<DeValue<'a>>>,
    links: Option<&'a Spanned<DeValue<'a>>>,
    queues: Option<&'a Spanned<DeValue<'a>>>,
    lints: Option<&'a Spanned<DeValue<'a>>>,
}

fn load_sources_with(
    mut sources: Sources,
    requested: Vec<FileId>,
    find_more: impl FnOnce(&mut Sources),
) -> Loaded {
    // Sibling files are only read when an `extends` cannot be found, so a broken sibling
    // never costs a user who does not need it.
    let needs_more = {
        let mut names = HashSet::new();
        let mut wanted = Vec::new();
        for &f in &requested {
            let (name, extends) = era_header(&sources.get(f).text);
            names.extend(name);
            wanted.extend(extends);
        }
        wanted.iter().any(|w| !names.contains(w))
    };
    if needs_more {
        find_more(&mut sources);
    }

    let mut diags = Vec::new();
    let mut tables = Vec::new();
    for (id, file) in sources.iter() {
        let (table, errors) = DeTable::parse_recoverable(&file.text);
        if errors.is_empty() {
            tables.push((id, Some(table)));
        } else {
            // After a duplicate table, the parser also reports each of its keys as a
            // duplicate: one error for the table says it all.
            let mut dup_table: Option<std::ops::Range<usize>> = None;
            for e in errors {
                let d = syntax_error(id, &file.text, &e);
                let at = e.span().map_or(0, |r| r.start);
                if d.code == "syntax" && dup_table.as_ref().is_some_and(|r| r.contains(&at)) {
                    continue;
                }
                if d.code == "duplicate-id" {
                    let next_header = file.text[at..]
                        .match_indices("\n[")
                        .next()
                        .map_or(file.text.len(), |(i, _)| at + i);
                    dup_table = Some(at..next_header);
                }
                diags.push((id, d));
            }
            tables.push((id, None));
        }
    }
    let mut file_eras = Vec::new();
    for (id, table) in &tables {
        if let Some(t) = table {
            let mut d = Vec::new();
            if let Some(fe) = decode_file(*id, t, &sources, &mut d) {
                file_eras.push(fe);
            }
            diags.extend(d.into_iter().map(|x| (*id, x)));
        }
    }

    // Resolve `extends` in dependency order.
    let by_name: HashMap<String, usize> = {
        let mut m = HashMap::new();
        for (i, fe) in file_eras.iter().enumerate() {
            if let Some((n, span)) = &fe.name {
                if let Some(&first) = m.get(n) {
                    let first: &FileEra = &file_eras[first];
                    let mut d = Diagnostic::error(
                        "duplicate-era",
                        span.clone(),
                        format!("era `{n}` is declared twice"),
                    );
                    if let Some((_, s)) = &first.name {
                        d = d.with_related(s.clone(), "first declared here");
                    }
                    diags.push((fe.file, d));
                } else {
                    m.insert(n.clone(), i);
                }
            }
        }
        m
    };
    let mut resolved: Vec<Option<Era>> = vec![None; file_eras.len()];
    let mut needed: HashSet<FileId> = requested.iter().copied().collect();
    for &f in &requested {
        let Some(i) = file_eras.iter().position(|fe| fe.file == f) else {
            continue;
        };
        let mut stack = Vec::new();
        resolve(
            i,
            &file_eras,
            &by_name,
            &mut resolved,
            &mut stack,
            &mut diags,
            &sources,
            &mut needed,
        );
    }
    let eras = requested
        .iter()
        .filter_map(|f| file_eras.iter().position(|fe| fe.file == *f))
        .filter_map(|i| resolved[i].clone())
        .collect();
    let extended = file_eras
        .iter()
        .zip(&resolved)
        .filter(|(fe, _)| !requested.contains(&fe.file))
        .filter_map(|(_, e)| e.clone())
        .collect();
    let mut diagnostics: Vec<Diagnostic> = diags
        .into_iter()
        .filter(|(f, _)| needed.contains(f))
        .map(|(_, d)| d)
        .collect();
    crate::diag::sort(&mut diagnostics);
    diagnostics.dedup();
    Loaded {
        sources,
        eras,
        extended,
        diagnostics,
        io_errors: Vec::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn resolve(
    i: usize,
    fes: &[FileEra],
    by_name: &HashMap<String, usize>,
    resolved: &mut Vec<Option<Era>>,
    stack: &mut Vec<usize>,
    diags: &mut Vec<(FileId, Diagnostic)>,
    sources: &Sources,
    needed: &mut HashSet<FileId>,
) -> Option<Era> {
    if let Some(e) = &resolved[i] {
        return Some(e.clone());
    }
    let fe = &fes[i];
    needed.insert(fe.file);
    let base = match &fe.extends {
        None => None,
        Some(r) => {
            let own = fe.name.as_ref().map(|n| n.0.as_str());
            if own == Some(r.id.as_str()) {
                diags.push((
                    fe.file,
                    Diagnostic::error(
                        "extends",
                        r.span.clone(),
                        format!("era `{}` extends itself", r.id),
                    ),
                ));
                None
            } else if let Some(&p) = by_name.get(&r.id) {
                if stack.contains(&p) || p == i {
                    diags.push((
                        fe.file,
                        Diagnostic::error(
                            "extends",
                            r.span.clone(),
                            format!("`extends` makes a cycle through era `{}`", r.id),
                        ),
                    ));
                    None
                } else {
                    stack.push(i);
                    let b = resolve(p, fes, by_name, resolved, stack, diags, sources, needed);
                    stack.pop();
                    b
                }
            } else {
                let names: Vec<&str> = by_name.keys().map(String::as_str).collect();
                diags.push((
                    fe.file,
                    Diagnostic::error(
                        "extends",
                        r.span.clone(),
                        format!("era `{}` does not exist", r.id),
                    )
                    .with_label("no era of this name in these files or beside them")
                    .with_hint_opt(did_you_mean(&r.id, names)),
                ));
                None
            }
        }
    };
    let (name, span) = fe.name.clone()?;
    let mut d = Vec::new();
    let era = build_era(fe, name, span, base, sources, &mut d);
    diags.extend(d.into_iter().map(|x| (fe.file, x)));
    resolved[i] = Some(era.clone());
    Some(era)
}

/// A TOML parse error as a diagnostic. Two cases get their own wording because the parser's
/// is cryptic: a table declared twice (`[items.web]` twice is a duplicate id, pointed at both
/// declarations) and nesting deeper than the parser's recursion limit (which has no span).
fn syntax_error(file: FileId, text: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim();
    let Some(range) = e.span() else {
        let message = if message.contains("recursion") {
            "tables or arrays are nested too deeply for an inventory".to_string()
        } else {
            message.to_string()
        };
        return Diagnostic::error("syntax", Span::new(file, 0..0), message)
            .with_label("TOML syntax error")
            .with_hint("inventories nest a few levels at most; was this file generated?");
    };
    let span = Span::new(file, range.clone());
    if message.contains("max recursion depth") {
        return Diagnostic::error(
            "syntax",
            span,
            "tables or arrays are nested too deeply for an inventory",
        )
        .with_label("the parser gives up at this depth");
    }
    if message == "duplicate key" {
        let key = text
            .get(range.clone())
            .unwrap_or("")
            .trim_matches(['"', '\'']);
        let line_start = text[..range.start.min(text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let header = table_header(&text[line_start..line_end]);
        if let Some(path) = header
            .filter(|p| p.len() == 2 && matches!(p[0].as_str(), "items" | "queues") && p[1] == key)
        {
            let what = if path[0] == "items" { "id" } else { "queue id" };
            let mut d =
                Diagnostic::error("duplicate-id", span, format!("duplicate {what} `{key}`"))
                    .with_label("declared again here")
                    .with_hint("ids must be unique; rename one of them, or merge the two tables");
            // The first declaration: the earliest line with the same header.
            let mut offset = 0;
            for line in text.split_inclusive('\n') {
                if offset >= line_start {
                    break;
                }
                if table_header(line).as_ref() == Some(&path) {
                    let lead = line.len() - line.trim_start().len();
                    let end = offset + line.trim_end().len();
                    d = d.with_related(
                        Span::new(file, offset + lead..end),
                        format!("`{key}` is first declared here"),
                    );
                    break;
                }
                offset += line.len();
            }
            return d;
        }
        return Diagnostic::error("syntax", span, format!("duplicate key `{key}`"))
            .with_label("this key is already set in the same table");
    }
    Diagnostic::error("syntax", span, message.to_string()).with_label("TOML syntax error")
}

/// The dotted path of a `[a.b]` table header line (not `[[a]]`), keys unquoted.
fn table_header(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    let inner = t.strip_prefix('[')?;
    if inner.starts_with('[') {
        return None;
    }
    let inner = inner.split(']').next()?;
    Some(
        inner
            .split('.')
            .map(|k| k.trim().trim_matches(['"', '\'']).to_string())
            .collect(),
    )
}

fn span_of<T>(file: FileId, v: &Spanned<T>) -> Span {
    Span::new(file, v.span())
}

fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn expect_table<'a>(
    file: FileId,
    v: &'a Spanned<DeValue<'a>>,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'a DeTable<'a>> {
    match v.get_ref() {
        DeValue::Table(t) => Some(t),
        other => {
            diags.push(Diagnostic::error(
                "type",
                span_of(file, v),
                format!("{what} must be a table, found {}", type_name(other)),
            ));
            None
        }
    }
}

fn expect_str(
    file: FileId,
    v: &Spanned<DeValue>,
    key: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    match v.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        other => {
            diags.push(Diagnostic::error(
                "type",
                span_of(file, v),
                format!("`{key}` must be a string, found {}", type_name(other)),
            ));
            None
        }
    }
}

fn unknown_key(
    file: FileId,
    key: &Spanned<std::borrow::Cow<str>>,
    place: &str,
    allowed: &[&str],
) -> Diagnostic {
    Diagnostic::error(
        "unknown-key",
        span_of(file, key),
        format!("unknown key `{}` in {place}", key.get_ref()),
    )
    .with_hint_opt(did_you_mean(key.get_ref(), allowed.iter().copied()))
}

fn decode_file<'a>(
    file: FileId,
    root: &'a Spanned<DeTable<'a>>,
    sources: &Sources,
    diags: &mut Vec<Diagnostic>,
) -> Option<FileEra<'a>> {
    let root_t = root.get_ref();
    let mut fe = FileEra {
        file,
        name: None,
        title: None,
        description: None,
        extends: None,
        order: None,
        remove: Vec::new(),
        remove_links: Vec::new(),
        items: None,
        links: None,
        queues: None,
        lints: None,
    };
    for (k, v) in root_t.iter() {
        match k.get_ref().as_ref() {
            "era" => {}
            "items" => fe.items = Some(v),
            "links" => fe.links = Some(v),
            "queues" => fe.queues = Some(v),
            "lints" => fe.lints = Some(v),
            _ => {
                let mut d = unknown_key(file, k, "the inventory", TOP_LEVEL);
                if Kind::from_name(k.get_ref()).is_some() || k.get_ref() == "item" {
                    d = d.with_hint(format!(
                        "items are declared as `[items.ID]` with `kind = \"{}\"`",
                        k.get_ref()
                    ));
                } else if k.get_ref() == "link" {
                    d.hints =
                        vec!["did you mean `links`? links are declared as `[[links]]`".into()];
                }
                diags.push(d);
            }
        }
    }
    let Some(era_v) = root_t.get("era") else {
        let empty = sources.get(file).text.trim().is_empty();
        diags.push(
            Diagnostic::error(
                "missing-key",
                Span::new(file, 0..0),
                if empty {
                    "the file is empty".to_string()
                } else {
                    "the inventory has no `[era]` table".to_string()
                },
            )
            .with_hint("start the file with:\n[era]\nname = \"prod\"\ntitle = \"Production\""),
        );
        return None;
    };
    let era = expect_table(file, era_v, "`era`", diags)?;
    let names: Vec<&str> = ERA_ATTRS.iter().map(|s| s.name).collect();
    for (k, v) in era.iter() {
        match k.get_ref().as_ref() {
            "name" => fe.name = expect_str(file, v, "name", diags).map(|n| (n, span_of(file, v))),
            "title" => fe.title = expect_str(file, v, "title", diags),
            "description" => fe.description = expect_str(file, v, "description", diags),
            "extends" => {
                fe.extends = expect_str(file, v, "extends", diags).map(|id| Ref {
                    id,
                    span: span_of(file, v),
                })
            }
            "order" => {
                fe.order = decode_value(
                    file,
                    ERA_ATTRS.iter().find(|s| s.name == "order").unwrap(),
                    v,
                    diags,
                )
                .and_then(|v| if let Value::Int(i) = v { Some(i) } else { None })
            }
            "remove" => fe.remove = decode_refs(file, v, "remove", diags),
            "remove-links" => {
                for r in decode_refs(file, v, "remove-links", diags) {
                    match r.id.split_once("->") {
                        Some((a, b)) => fe.remove_links.push((
                            a.trim().to_string(),
                            b.trim().to_string(),
                            r.span,
                        )),
                        None => diags.push(Diagnostic::error(
                            "type",
                            r.span,
                            format!("`{}` is not a link; write \"from -> to\"", r.id),
                        )),
                    }
                }
            }
            _ => diags.push(unknown_key(file, k, "`[era]`", &names)),
        }
    }
    let era_span = span_of(file, era_v);
    if fe.name.is_none() {
        diags.push(
            Diagnostic::error("missing-key", era_span.clone(), "`[era]` has no `name`")
                .with_hint("add `name = \"...\"`, a short name used by `extends` and `zukai diff`"),
        );
    }
    if fe.title.is_none() {
        diags.push(
            Diagnostic::error("missing-key", era_span, "`[era]` has no `title`")
                .with_hint("add `title = \"...\"`, drawn at the top of the diagram"),
        );
    }
    Some(fe)
}

fn decode_refs(
    file: FileId,
    v: &Spanned<DeValue>,
    key: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Ref> {
    match v.get_ref() {
        DeValue::Array(a) => a
            .iter()
            .filter_map(|e| {
                expect_str(file, e, key, diags).map(|id| Ref {
                    id,
                    span: span_of(file, e),
                })
            })
            .collect(),
        other => {
            diags.push(Diagnostic::error(
                "type",
                span_of(file, v),
                format!(
                    "`{key}` must be an array of strings, found {}",
                    type_name(other)
                ),
            ));
            Vec::new()
        }
    }
}

/// Decodes one value against its spec, reporting a wrong type or bad unit.
fn decode_value(
    file: FileId,
    spec: &AttrSpec,
    v: &Spanned<DeValue>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Value> {
    let span = span_of(file, v);
    let key = spec.name;
    let wrong = |expected: &str, diags: &mut Vec<Diagnostic>| {
        let mut d = Diagnostic::error(
            "type",
            span.clone(),
            format!(
                "`{key}` must be {expected}, found {}",
                type_name(v.get_ref())
            ),
        );
        if let DeValue::String(s) = v.get_ref()
            && s.trim().parse::<i64>().is_ok()
            && matches!(spec.ty, AttrType::Int)
        {
            d = d.with_hint(format!("write {} without quotes", s.trim()));
        }
        diags.push(d);
        None
    };
    let unit_err = |msg: String, hint: &str, diags: &mut Vec<Diagnostic>| {
        diags.push(
            Diagnostic::error(
                "unit",
                span.clone(),
                format!("bad value for `{key}`: {msg}"),
            )
            .with_hint(hint.to_string()),
        );
        None
    };
    let scalar_text = |v: &DeValue| -> Option<String> {
        match v {
            DeValue::String(s) => Some(s.to_string()),
            DeValue::Integer(i) => Some(i.as_str().to_string()),
            DeValue::Float(f) => Some(f.as_str().to_string()),
            _ => None,
        }
    };
    match spec.ty {
        AttrType::Str => match v.get_ref() {
            DeValue::String(s) => Some(Value::Str(s.to_string())),
            _ => wrong("a string", diags),
        },
        AttrType::Enum(choices) => match v.get_ref() {
            DeValue::String(s) if choices.contains(&s.as_ref()) => Some(Value::Str(s.to_string())),
            DeValue::String(s) => {
                let mut d = Diagnostic::error(
                    "unknown-value",
                    span.clone(),
                    format!("`{s}` is not a valid `{key}`"),
                )
                .with_label(format!("expected one of: {}", choices.join(", ")));
                d = d.with_hint_opt(did_you_mean(s, choices.iter().copied()));
                diags.push(d);
                None
            }
            _ => wrong("a string", diags),
        },
        AttrType::Int => match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) if n >= 0 => Some(Value::Int(n)),
                _ => unit_err(
                    format!("`{i}` is not a non-negative integer"),
                    "use a whole number of 0 or more",
                    diags,
                ),
            },
            _ => wrong("an integer", diags),
        },
        AttrType::Bool => match v.get_ref() {
            DeValue::Boolean(b) => Some(Value::Bool(*b)),
            _ => wrong("`true` or `false`", diags),
        },
        AttrType::Cpu => match scalar_text(v.get_ref()) {
            Some(t) => match value::parse_cpu(&t) {
                Ok(c) => Some(Value::Cpu(c)),
                Err(e) => unit_err(
                    e,
                    "write CPU as cores (2, 0.5) or millicores (\"500m\")",
                    diags,
                ),
            },
            None => wrong("a CPU amount", diags),
        },
        AttrType::Memory => match v.get_ref() {
            DeValue::String(s) => match value::parse_memory(s) {
                Ok(m) => Some(Value::Memory(m)),
                Err(e) => unit_err(e, "write sizes like \"8GiB\", \"8GB\", \"512Mi\"", diags),
            },
            DeValue::Integer(i) => Some(Value::Memory(value::Memory(
                i.as_str().parse().unwrap_or(0),
            ))),
            _ => wrong("a size such as \"8GiB\"", diags),
        },
        AttrType::Cron => match v.get_ref() {
            DeValue::String(s) => match value::parse_cron(s) {
                Ok(c) => Some(Value::Cron(c)),
                Err(e) => {
                    diags.push(Diagnostic::error("cron", span.clone(), format!("bad cron schedule: {e}")).with_hint("five fields: minute hour day-of-month month day-of-week, e.g. \"0 22 * * *\""));
                    None
                }
            },
            _ => wrong("a cron schedule string", diags),
        },
        AttrType::StrList | AttrType::RefList => match v.get_ref() {
            DeValue::Array(a) => {
                let mut out = Vec::new();
                for e in a.iter() {
                    match e.get_ref() {
                        DeValue::String(s) => out.push(s.to_string()),
                        other => diags.push(Diagnostic::error(
                            "type",
                            span_of(file, e),
                            format!("`{key}` holds strings, found {}", type_name(other)),
                        )),
                    }
                }
                Some(Value::List(out))
            }
            DeValue::String(s) => Some(Value::List(vec![s.to_string()])),
            _ => wrong("an array of strings", diags),
        },
        AttrType::Ports => {
            let items: Vec<&Spanned<DeValue>> = match v.get_ref() {
                DeValue::Array(a) => a.iter().collect(),
                _ => vec![v],
            };
            let mut out = Vec::new();
            for e in items {
                match scalar_text(e.get_ref()) {
                    Some(t) => match value::parse_port(&t) {
                        Ok(p) => out.push(p),
                        Err(msg) => diags.push(Diagnostic::error(
                            "unit",
                            span_of(file, e),
                            format!("bad port: {msg}"),
                        )),
                    },
                    None => diags.push(Diagnostic::error(
                        "type",
                        span_of(file, e),
                        format!(
                            "a port must be a number or a string, found {}",
                            type_name(e.get_ref())
                        ),
                    )),
                }
            }
            Some(Value::Ports(out))
        }
        AttrType::Table => match v.get_ref() {
            DeValue::Table(t) => {
                let mut out = Vec::new();
                for (k, e) in t.iter() {
                    match scalar_text(e.get_ref()).or_else(|| {
                        if let DeValue::Boolean(b) = e.get_ref() {
                            Some(b.to_string())
                        } else {
                            None
                        }
                    }) {
                        Some(s) => out.push((k.get_ref().to_string(), s)),
                        None => diags.push(Diagnostic::error(
                            "type",
                            span_of(file, e),
                            format!(
                                "`{key}` values must be strings, numbers or booleans, found {}",
                                type_name(e.get_ref())
                            ),
                        )),
                    }
                }
                Some(Value::Table(out))
            }
            _ => wrong("a table", diags),
        },
    }
}

fn build_era(
    fe: &FileEra,
    name: String,
    span: Span,
    base: Option<Era>,
    sources: &Sources,
    diags: &mut Vec<Diagnostic>,
) -> Era {
    let file = fe.file;
    let _ = sources;
    let mut era = base.unwrap_or_else(|| Era {
        name: String::new(),
        span: span.clone(),
        title: String::new(),
        description: None,
        extends: None,
        order: None,
        file,
        items: IndexMap::new(),
        links: Vec::new(),
        queues: IndexMap::new(),
        lints: IndexMap::new(),
    });
    era.name = name;
    era.span = span;
    era.file = file;
    era.title = fe.title.clone().unwrap_or_default();
    era.description = fe.description.clone();
    era.extends = fe.extends.clone();
    era.order = fe.order;

    // Removals first: `remove` names items of the extended era, with everything inside them,
    // except what this era declares again (re-platformed items keep their links).
    let redeclared: HashSet<String> = fe
        .items
        .and_then(|v| v.get_ref().as_table())
        .map(|t| t.iter().map(|(k, _)| k.get_ref().to_string()).collect())
        .unwrap_or_default();
    let mut gone: HashSet<String> = HashSet::new();
    for r in &fe.remove {
        if !era.items.contains_key(&r.id) {
            let ids: Vec<&str> = era.items.keys().map(String::as_str).collect();
            diags.push(
                Diagnostic::error(
                    "unknown-reference",
                    r.span.clone(),
                    format!(
                        "`remove` names `{}`, which the extended era does not have",
                        r.id
                    ),
                )
                .with_hint_opt(did_you_mean(&r.id, ids)),
            );
            continue;
        }
        gone.insert(r.id.clone());
    }
    loop {
        let more: Vec<String> = era
            .items
            .values()
            .filter(|i| {
                !gone.contains(&i.id)
                    && !redeclared.contains(&i.id)
                    && i.parent.as_ref().is_some_and(|p| gone.contains(&p.id))
            })
            .map(|i| i.id.clone())
            .collect();
        if more.is_empty() {
            break;
        }
        gone.extend(more);
    }
    era.items.retain(|id, _| !gone.contains(id));
    era.links
        .retain(|l| !gone.contains(&l.from.id) && !gone.contains(&l.to.id));
    for (from, to, span) in &fe.remove_links {
        let before = era.links.len();
        era.links
            .retain(|l| !(l.from.id == *from && l.to.id == *to));
        if era.links.len() == before {
            diags.push(Diagnostic::error(
                "unknown-reference",
                span.clone(),
                format!(
                    "`remove-links` names `{from} -> {to}`, which the extended era does not have"
                ),
            ));
        }
    }

    if let Some(v) = fe.items
        && let Some(t) = expect_table(file, v, "`items`", diags)
    {
        for (k, v) in t.iter() {
            if let Some(item) = decode_item(file, k, v, era.items.get(k.get_ref().as_ref()), diags)
            {
                if let Some(old) = era.items.get_mut(&item.id) {
                    *old = item;
                } else {
                    era.items.insert(item.id.clone(), item);
                }
            }
        }
    }
    if let Some(v) = fe.links {
        decode_links(file, v, &mut era.links, diags);
    }
    if let Some(v) = fe.queues
        && let Some(t) = expect_table(file, v, "`queues`", diags)
    {
        for (k, v) in t.iter() {
            if let Some(q) = decode_queue(file, k, v, diags) {
                era.queues.insert(q.id.clone(), q);
            }
        }
    }
    if let Some(v) = fe.lints
        && let Some(t) = expect_table(file, v, "`lints`", diags)
    {
        for (k, v) in t.iter() {
            match v.get_ref().as_str().and_then(LintLevel::from_name) {
                Some(level) => {
                    era.lints
                        .insert(k.get_ref().to_string(), (level, span_of(file, k)));
                }
                None => diags.push(Diagnostic::error(
                    "unknown-value",
                    span_of(file, v),
                    format!(
                        "lint level for `{}` must be \"allow\", \"warn\" or \"deny\"",
                        k.get_ref()
                    ),
                )),
            }
        }
    }
    era
}

fn decode_item(
    file: FileId,
    key: &Spanned<std::borrow::Cow<str>>,
    v: &Spanned<DeValue>,
    inherited: Option<&Item>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Item> {
    let id = key.get_ref().to_string();
    let id_span = span_of(file, key);
    if let Some(msg) = bad_id(&id) {
        diags.push(
            Diagnostic::error(
                "bad-id",
                id_span.clone(),
                format!("`{id}` is not a valid id: {msg}"),
            )
            .with_hint("ids use letters, digits, `-`, `_` and `.`"),
        );
    }
    let t = expect_table(file, v, &format!("item `{id}`"), diags)?;
    let kind = match t.get("kind") {
        Some(kv) => match kv.get_ref() {
            DeValue::String(s) => match Kind::from_name(s) {
                Some(k) => Some((k, span_of(file, kv))),
                None => {
                    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                    let hint = did_you_mean(s, names.iter().copied()).or_else(|| Some("for anything zukai does not know, use kind = \"generic\" with type = \"...\"".to_string()));
                    diags.push(
                        Diagnostic::error(
                            "unknown-kind",
                            span_of(file, kv),
                            format!("unknown kind `{s}`"),
                        )
                        .with_hint_opt(hint),
                    );
                    return None;
                }
            },
            other => {
                diags.push(Diagnostic::error(
                    "type",
                    span_of(file, kv),
                    format!("`kind` must be a string, found {}", type_name(other)),
                ));
                return None;
            }
        },
        None => inherited.map(|i| (i.kind, i.kind_span.clone())),
    };
    let Some((kind, kind_span)) = kind else {
        diags.push(Diagnostic::error("missing-key", id_span, format!("item `{id}` has no `kind`")).with_hint("add `kind = \"...\"`, e.g. vm, deployment, postgresql; `zukai explain kinds` lists them"));
        return None;
    };
    // Same kind: keys override one by one. A new kind is a new declaration (re-platformed).
    let mut item = match inherited {
        Some(old) if old.kind == kind => {
            let mut i = old.clone();
            i.span = id_span.clone();
            i
        }
        _ => Item {
            id: id.clone(),
            span: id_span,
            kind,
            kind_span: kind_span.clone(),
            label: None,
            parent: None,
            was: None,
            attrs: IndexMap::new(),
        },
    };
    item.kind_span = kind_span;
    let allowed = kind.attr_names();
    for (k, v) in t.iter() {
        let name = k.get_ref().as_ref();
        if name == "kind" {
            continue;
        }
        let Some(spec) = kind.attr(name) else {
            let mut d = unknown_key(file, k, &format!("a `{}` item", kind.name()), &allowed);
            if d.hints.is_empty() {
                let owners: Vec<&str> = Kind::ALL
                    .iter()
                    .filter(|o| o.attr(name).is_some())
                    .map(|o| o.name())
                    .collect();
                if !owners.is_empty() {
                    d = d.with_hint(format!("`{name}` applies to: {}", owners.join(", ")));
                } else {
                    d = d.with_hint("put free-form data in `meta = { ... }`");
                }
            }
            diags.push(d);
            continue;
        };
        match name {
            "label" => item.label = expect_str(file, v, name, diags),
            "in" => {
                item.parent = expect_str(file, v, name, diags).map(|id| Ref {
                    id,
                    span: span_of(file, v),
                })
            }
            "was" => {
                item.was = expect_str(file, v, name, diags).map(|id| Ref {
                    id,
                    span: span_of(file, v),
                })
            }
            _ => {
                if let Some(value) = decode_value(file, spec, v, diags) {
                    item.attrs.insert(
                        name.to_string(),
                        Attr {
                            value,
                            span: span_of(file, v),
                        },
                    );
                }
            }
        }
    }
    if kind == Kind::Generic && item.str("type").is_none() {
        diags.push(
            Diagnostic::error(
                "missing-key",
                item.span.clone(),
                format!("generic item `{id}` has no `type`"),
            )
            .with_hint("say what it is: type = \"Kafka broker\""),
        );
    }
    if COMMON_ATTRS.is_empty() {
        unreachable!()
    }
    Some(item)
}

fn bad_id(id: &str) -> Option<&'static str> {
    if id.is_empty() {
        return Some("it is empty");
    }
    if id.contains("->") {
        return Some("it contains `->`");
    }
    if !id
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Some("it contains spaces or punctuation");
    }
    None
}

fn decode_links(
    file: FileId,
    v: &Spanned<DeValue>,
    links: &mut Vec<Link>,
    diags: &mut Vec<Diagnostic>,
) {
    let DeValue::Array(a) = v.get_ref() else {
        diags.push(Diagnostic::error(
            "type",
            span_of(file, v),
            format!(
                "`links` must be an array of tables (`[[links]]`), found {}",
                type_name(v.get_ref())
            ),
        ));
        return;
    };
    let names: Vec<&str> = LINK_ATTRS.iter().map(|s| s.name).collect();
    // Index of each link by its identity, so a 10,000-link era is not quadratic.
    let mut index: HashMap<(String, String, LinkKind), usize> = links
        .iter()
        .enumerate()
        .map(|(i, l)| (l.key(), i))
        .collect();
    for e in a.iter() {
        let Some(t) = expect_table(file, e, "a link", diags) else {
            continue;
        };
        let (mut from, mut to, mut kind, mut label) = (None, None, LinkKind::Uses, None);
        let mut attrs = IndexMap::new();
        for (k, v) in t.iter() {
            match k.get_ref().as_ref() {
                "from" => {
                    from = expect_str(file, v, "from", diags).map(|id| Ref {
                        id,
                        span: span_of(file, v),
                    })
                }
                "to" => {
                    to = expect_str(file, v, "to", diags).map(|id| Ref {
                        id,
                        span: span_of(file, v),
                    })
                }
                "label" => label = expect_str(file, v, "label", diags),
                "kind" => {
                    let spec = LINK_ATTRS.iter().find(|s| s.name == "kind").unwrap();
                    if let Some(Value::Str(s)) = decode_value(file, spec, v, diags) {
                        kind = LinkKind::from_name(&s).unwrap_or(LinkKind::Uses);
                    }
                }
                other => match LINK_ATTRS.iter().find(|s| s.name == other) {
                    Some(spec) => {
                        if let Some(value) = decode_value(file, spec, v, diags) {
                            attrs.insert(
                                other.to_string(),
                                Attr {
                                    value,
                                    span: span_of(file, v),
                                },
                            );
                        }
                    }
                    None => diags.push(unknown_key(file, k, "a link", &names)),
                },
            }
        }
        let span = span_of(file, e);
        match (from, to) {
            (Some(from), Some(to)) => {
                let link = Link {
                    from,
                    to,
                    kind,
                    label,
                    attrs,
                    span,
                };
                let key = link.key();
                match index.get(&key).map(|&i| &mut links[i]) {
                    Some(old) if old.span.file != file => *old = link,
                    Some(_) => diags.push(Diagnostic::error(
                        "duplicate-link",
                        link.span.clone(),
                        format!(
                            "link `{} -> {}` ({}) is declared twice",
                            key.0,
                            key.1,
                            key.2.name()
                        ),
                    )),
                    None => {
                        index.insert(key, links.len());
                        links.push(link);
                    }
                }
            }
            (f, _) => {
                let missing = if f.is_none() { "from" } else { "to" };
                diags.push(Diagnostic::error(
                    "missing-key",
                    span,
                    format!("link has no `{missing}`"),
                ));
            }
        }
    }
}

fn decode_queue(
    file: FileId,
    key: &Spanned<std::borrow::Cow<str>>,
    v: &Spanned<DeValue>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Queue> {
    let id = key.get_ref().to_string();
    let t = expect_table(file, v, &format!("queue `{id}`"), diags)?;
    let mut q = Queue {
        id,
        span: span_of(file, key),
        broker: None,
        singleton: false,
        label: None,
        description: None,
    };
    let names: Vec<&str> = QUEUE_ATTRS.iter().map(|s| s.name).collect();
    for (k, v) in t.iter() {
        match k.get_ref().as_ref() {
            "label" => q.label = expect_str(file, v, "label", diags),
            "description" => q.description = expect_str(file, v, "description", diags),
            "broker" => {
                q.broker = expect_str(file, v, "broker", diags).map(|id| Ref {
                    id,
                    span: span_of(file, v),
                })
            }
            "singleton" => match v.get_ref() {
                DeValue::Boolean(b) => q.singleton = *b,
                other => diags.push(Diagnostic::error(
                    "type",
                    span_of(file, v),
                    format!(
                        "`singleton` must be `true` or `false`, found {}",
                        type_name(other)
                    ),
                )),
            },
            _ => diags.push(unknown_key(file, k, "a queue", &names)),
        }
    }
    Some(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(texts: &[&str]) -> Loaded {
        let mut s = Sources::new();
        for (i, t) in texts.iter().enumerate() {
            s.add(SourceFile::new(format!("f{i}.toml"), *t));
        }
        load_sources(s)
    }

    #[test]
    fn every_bad_key_of_a_file_is_reported_in_one_run() {
        let l = load(&[
            "[era]\nname='a'\ntitle='A'\n[items.db]\nkind='postgress'\n[items.w]\nkind='deployment'\nreplicas='2'\nimgae='x'\n[items.v]\nkind='vm'\nmemory='8 potatoes'\n",
        ]);
        let codes: Vec<&str> = l.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["unknown-kind", "type", "unknown-key", "unit"]);
        assert_eq!(l.diagnostics[0].hints, ["did you mean `postgresql`?"]);
        assert_eq!(l.diagnostics[2].hints, ["did you mean `image`?"]);
    }

    #[test]
    fn extends_overrides_removes_and_keeps_order() {
        let base = "[era]\nname='one'\ntitle='One'\n[items.vm]\nkind='vm'\n[items.web]\nkind='compose-service'\nin='p'\n[items.p]\nkind='project'\nin='vm'\n[items.x]\nkind='users'\n[[links]]\nfrom='x'\nto='web'\n";
        let child = "[era]\nname='two'\ntitle='Two'\nextends='one'\nremove=['vm']\n[items.web]\nkind='deployment'\nreplicas=2\n";
        let l = load(&[base, child]);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let two = &l.eras[1];
        assert_eq!(two.items.keys().collect::<Vec<_>>(), ["web", "x"]);
        assert_eq!(two.items["web"].kind, Kind::Deployment);
        assert_eq!(two.links.len(), 1);
    }

    #[test]
    fn extends_of_a_missing_era_or_itself_is_an_error() {
        let l = load(&[
            "[era]\nname='a'\ntitle='A'\nextends='a'\n",
            "[era]\nname='b'\ntitle='B'\nextends='aa'\n",
        ]);
        let msgs: Vec<&str> = l.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs, ["era `a` extends itself", "era `aa` does not exist"]);
    }
}
