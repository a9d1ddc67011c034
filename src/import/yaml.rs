//! YAML → a small tree that remembers where every node was written.
//!
//! Both importers read their input through [`parse_stream`]: serde-saphyr (pure Rust, no
//! unsafe) resolves anchors and `<<` merge keys and enforces a budget against alias bombs and
//! deep nesting; every node keeps its file and line so the generated inventory can say where
//! each item came from, and every error points at `file:line:col` with the offending line.

use crate::diag::Diagnostic;
use crate::source::{FileId, SourceFile, Span};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// YAML inputs larger than this are refused before parsing. Default: 16 MiB, far above any
/// real compose file or manifest bundle, far below what would make a run slow.
pub const MAX_YAML_BYTES: usize = crate::source::MAX_FILE_BYTES;

/// Deepest nesting of mappings and sequences accepted. Default: 64 (real manifests stay
/// under 20; a CRD schema may reach 30).
pub const MAX_DEPTH: usize = 64;

/// Most documents in one stream. Default: 100,000 (a whole cluster dump as separate
/// documents; the byte limit bounds the work anyway).
pub const MAX_DOCUMENTS: usize = 100_000;

/// Most nodes (mappings, sequences, scalars) in one input, aliases expanded. Default:
/// 2,000,000: a 16 MiB manifest bundle has fewer; an alias bomb reaches it in well under a
/// second.
pub const MAX_NODES: usize = 2_000_000;

/// Most events replayed by aliases in one input. Default: 250,000: compose files use
/// anchors for a few shared settings, far below it; a billion-laughs document stops here
/// quickly.
pub const MAX_ALIAS_EVENTS: usize = 250_000;

/// Stack of the thread that parses YAML. Default: 64 MiB (reserved, not used, unless the
/// document nests deeply), enough for [`MAX_DEPTH`] levels with room to spare.
const PARSE_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Where a node was written: a file and a 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Loc {
    /// The file, in the run's [`crate::source::Sources`].
    pub file: FileId,
    /// 1-based line; 0 when unknown.
    pub line: u32,
    /// 1-based column in characters; 0 when unknown.
    pub col: u32,
}

/// A YAML node with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it was written.
    pub loc: Loc,
}

/// The value of a YAML node. Mapping keys are kept as text and in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false` (YAML 1.1 `yes`/`no` included).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, keys in document order, with where each key was written.
    Map(Vec<(String, Loc, Node)>),
}

impl Node {
    /// A node with no position (built by the importers, not read).
    pub fn new(value: Value) -> Node {
        Node {
            value,
            loc: Loc::default(),
        }
    }

    /// The value at `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(m) => m.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
            _ => None,
        }
    }

    /// Follows a path of mapping keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |n, k| n.get(k))
    }

    /// The entries of a mapping (empty for anything else).
    pub fn entries(&self) -> &[(String, Loc, Node)] {
        match &self.value {
            Value::Map(m) => m,
            _ => &[],
        }
    }

    /// The elements of a sequence (empty for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(s) => s,
            _ => &[],
        }
    }

    /// A scalar as text (`80`, `true`, `web`); `None` for null, sequences and mappings.
    pub fn text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A string scalar.
    pub fn str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A non-negative integer, also when written as a string (`"3"`).
    pub fn uint(&self) -> Option<i64> {
        match &self.value {
            Value::Int(i) if *i >= 0 => Some(*i),
            Value::Str(s) => s.trim().parse::<i64>().ok().filter(|i| *i >= 0),
            _ => None,
        }
    }

    /// A boolean, also when written as a string.
    pub fn bool(&self) -> Option<bool> {
        match &self.value {
            Value::Bool(b) => Some(*b),
            Value::Str(s) => match s.as_str() {
                "true" | "True" | "yes" => Some(true),
                "false" | "False" | "no" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// A sequence of scalars as text, or one scalar as a one-element list.
    pub fn strings(&self) -> Vec<String> {
        match &self.value {
            Value::Seq(s) => s.iter().filter_map(Node::text).collect(),
            _ => self.text().into_iter().collect(),
        }
    }

    /// Applies `f` to every string scalar (not to keys), depth first.
    pub fn map_strings(&mut self, f: &mut dyn FnMut(&mut String, Loc)) {
        let loc = self.loc;
        match &mut self.value {
            Value::Str(s) => f(s, loc),
            Value::Seq(s) => s.iter_mut().for_each(|n| n.map_strings(f)),
            Value::Map(m) => m.iter_mut().for_each(|(_, _, n)| n.map_strings(f)),
            _ => {}
        }
    }

    fn set_file(&mut self, file: FileId) {
        self.loc.file = file;
        match &mut self.value {
            Value::Seq(s) => s.iter_mut().for_each(|n| n.set_file(file)),
            Value::Map(m) => m.iter_mut().for_each(|(_, l, n)| {
                l.file = file;
                n.set_file(file)
            }),
            _ => {}
        }
    }
}

/// The span of a 1-based line and column in `file` (one character wide), for diagnostics.
pub fn span_at(src: &SourceFile, file: FileId, line: u32, col: u32) -> Span {
    let mut offset = 0;
    for (i, l) in src.text.split_inclusive('\n').enumerate() {
        if i + 1 == line as usize {
            let col_bytes: usize = l
                .chars()
                .take(col.saturating_sub(1) as usize)
                .map(char::len_utf8)
                .sum();
            let start = offset + col_bytes.min(l.trim_end_matches(['\n', '\r']).len());
            let end = src.text[start..]
                .chars()
                .next()
                .filter(|c| *c != '\n')
                .map_or(start, |c| start + c.len_utf8());
            return Span::new(file, start..end);
        }
        offset += l.len();
    }
    Span::new(file, src.text.len()..src.text.len())
}

/// The span of a node's position.
pub fn span_of(src: &SourceFile, loc: Loc) -> Span {
    span_at(src, loc.file, loc.line.max(1), loc.col.max(1))
}

/// Parses a YAML stream (one or more `---` documents) from `src`, which has id `file`.
///
/// Refuses, with an error diagnostic at the right place: files over [`MAX_YAML_BYTES`], Helm
/// templates (`{{ ... }}`, which are not YAML until rendered), invalid YAML, alias bombs and
/// nesting deeper than [`MAX_DEPTH`]. Empty documents are skipped.
pub fn parse_stream(src: &SourceFile, file: FileId) -> Result<Vec<Node>, Box<Diagnostic>> {
    if src.text.len() > MAX_YAML_BYTES {
        return Err(Box::new(Diagnostic::error(
            "input-too-large",
            Span::new(file, 0..0),
            format!(
                "{} is {:.1} MiB; YAML inputs larger than {} MiB are refused",
                src.name,
                src.text.len() as f64 / 1048576.0,
                MAX_YAML_BYTES / 1048576
            ),
        )));
    }
    // Parsing recurses once per nesting level, with large frames in debug builds; a thread
    // with a known stack keeps the depth budget, not the caller's stack size, the limit.
    let parsed = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("yaml-parse".into())
            .stack_size(PARSE_STACK_BYTES)
            .spawn_scoped(scope, || {
                // Options hold an `Rc`, so they are made on the parsing thread.
                let options = serde_saphyr::options! {
                    budget: serde_saphyr::budget! {
                        max_depth: MAX_DEPTH,
                        max_documents: MAX_DOCUMENTS,
                        max_nodes: MAX_NODES,
                        max_events: 4 * MAX_NODES,
                    },
                    alias_limits: serde_saphyr::alias_limits! {
                        max_total_replayed_events: MAX_ALIAS_EVENTS,
                    },
                    with_snippet: false,
                };
                serde_saphyr::from_multiple_with_options::<Option<Spanned<Raw>>>(&src.text, options)
            })
            .ok()
            .and_then(|h| h.join().ok())
    });
    let Some(parsed) = parsed else {
        return Err(Box::new(Diagnostic::error(
            "yaml",
            Span::new(file, 0..0),
            format!("{} could not be parsed (the YAML parser failed)", src.name),
        )));
    };
    // A Helm chart template either is not YAML at all (`{{- if }}` lines, `key: {{ x }}`),
    // or hides template actions in plain scalars (`image: repo:{{ .Values.tag }}`).
    // `{{` alone is legitimate in YAML (Prometheus and Argo templates in strings), so a
    // parse error with any `{{`, or a Helm-looking action in a file that parsed, is Helm.
    if let Some(d) = helm_template(src, file, parsed.is_err()) {
        return Err(Box::new(d));
    }
    let docs: Vec<Option<Spanned<Raw>>> = parsed.map_err(|e| {
        Box::new({
            let loc = e.location();
            let (line, col) = loc.map_or((1, 1), |l| (l.line() as u32, l.column() as u32));
            let raw = e.without_snippet().to_string();
            Diagnostic::error(
                "yaml",
                span_at(src, file, line.max(1), col.max(1)),
                yaml_message(&raw),
            )
            .with_label("the YAML cannot be read here")
            .with_hint(yaml_hint(&raw))
        })
    })?;
    Ok(docs
        .into_iter()
        .flatten()
        .filter_map(|d| {
            let mut n = into_node(d);
            if matches!(n.value, Value::Null) {
                return None;
            }
            n.set_file(file);
            Some(n)
        })
        .collect())
}

/// The error text without the location, which the diagnostic shows itself.
fn yaml_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let cut = first.find(" at line ").map_or(first, |i| &first[..i]);
    match cut.strip_prefix("budget breached: ") {
        Some(detail) => format!("the YAML expands beyond the import budget ({detail})"),
        None if cut.contains("limit exceeded") => {
            format!("the YAML expands beyond the import budget ({cut})")
        }
        None => {
            // serde-saphyr's advice to its developers is not for our users.
            let cut = cut.split(", set DuplicateKeyPolicy").next().unwrap_or(cut);
            format!("invalid YAML: {cut}")
        }
    }
}

fn yaml_hint(raw: &str) -> String {
    let lower = raw.to_ascii_lowercase();
    if ["budget", "alias", "depth", "recursion", "nesting"]
        .iter()
        .any(|w| lower.contains(w))
    {
        format!(
            "the file expands to more than the import budget (aliases, nodes or nesting deeper than {MAX_DEPTH}); \
             real compose files and manifests stay far below it"
        )
    } else if lower.contains("duplicate mapping key") {
        "a key may appear once in a mapping; remove or rename one of them".to_string()
    } else {
        "check the indentation and quoting on this line and the one above".to_string()
    }
}

/// Words that only a Helm (Go text/template) action contains.
const HELM_MARKERS: &[&str] = &[
    ".Values",
    ".Release",
    ".Chart",
    ".Capabilities",
    ".Files",
    ".Template",
    "include ",
    "template ",
    "toYaml",
    "nindent",
    "required ",
    "tpl ",
];

/// The first template action that shows `src` is a Helm template, as an error: any `{{`
/// when the YAML did not parse, else an action naming Helm's objects or functions. `{{` in
/// comments does not count.
fn helm_template(src: &SourceFile, file: FileId, unparsable: bool) -> Option<Diagnostic> {
    if !src.text.contains("{{") {
        return None;
    }
    let mut offset = 0;
    for line in src.text.split_inclusive('\n') {
        let code = line.split(" #").next().unwrap_or(line);
        if !line.trim_start().starts_with('#') {
            let mut from = 0;
            while let Some(i) = code[from..].find("{{") {
                let start = offset + from + i;
                let action_end = code[from + i..].find("}}").map(|e| from + i + e + 2);
                let action = &code[from + i..action_end.unwrap_or(code.len())];
                let helmish = action.starts_with("{{-")
                    || action.ends_with("-}}")
                    || HELM_MARKERS.iter().any(|m| action.contains(m));
                if unparsable || helmish {
                    let end = offset + action_end.unwrap_or(from + i + 2);
                    return Some(
                        Diagnostic::error(
                            "helm-template",
                            Span::new(file, start..end),
                            format!("{} is a Helm template, not YAML", src.name),
                        )
                        .with_label("template expression")
                        .with_hint(
                            "render it first and import the result: \
                             `helm template RELEASE CHART -f values.yaml | zukai import k8s -`",
                        ),
                    );
                }
                from = action_end.unwrap_or(code.len());
                if from >= code.len() {
                    break;
                }
            }
        }
        offset += line.len();
    }
    None
}

/// Deserialisation target: a value whose children carry their positions.
struct Raw(RawValue);

enum RawValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<Key>, Spanned<Raw>)>),
}

fn loc_of(l: &serde_saphyr::Location) -> Loc {
    Loc {
        file: 0,
        line: l.line() as u32,
        col: l.column() as u32,
    }
}

fn into_node(raw: Spanned<Raw>) -> Node {
    {
        let loc = loc_of(&raw.referenced);
        let value = match raw.value.0 {
            RawValue::Null => Value::Null,
            RawValue::Bool(b) => Value::Bool(b),
            RawValue::Int(i) => Value::Int(i),
            RawValue::Float(f) => Value::Float(f),
            RawValue::Str(s) => Value::Str(s),
            RawValue::Seq(s) => Value::Seq(s.into_iter().map(into_node).collect()),
            RawValue::Map(m) => {
                // Duplicate keys are an error in the parser, as in compose and kubectl.
                let out: Vec<(String, Loc, Node)> = m
                    .into_iter()
                    .map(|(k, v)| (k.value.0, loc_of(&k.referenced), into_node(v)))
                    .collect();
                Value::Map(out)
            }
        };
        Node { value, loc }
    }
}

/// A mapping key: any scalar, as text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scalar mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
                Ok(Key(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
                Ok(Key(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
                Ok(Key("null".to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Raw;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
                Ok(Raw(RawValue::Null))
            }
            fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
                Ok(Raw(RawValue::Null))
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Raw, D2::Error> {
                Raw::deserialize(d)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw, E> {
                Ok(Raw(RawValue::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
                Ok(Raw(RawValue::Int(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
                Ok(Raw(match i64::try_from(v) {
                    Ok(i) => RawValue::Int(i),
                    Err(_) => RawValue::Str(v.to_string()),
                }))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Raw, E> {
                Ok(Raw(RawValue::Str(v.to_string())))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Raw, E> {
                Ok(Raw(RawValue::Str(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
                Ok(Raw(RawValue::Float(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
                Ok(Raw(RawValue::Str(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
                Ok(Raw(RawValue::Str(v)))
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Raw, E> {
                Ok(Raw(RawValue::Str(String::from_utf8_lossy(v).into_owned())))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
                let mut out = Vec::new();
                while let Some(e) = a.next_element::<Spanned<Raw>>()? {
                    out.push(e);
                }
                Ok(Raw(RawValue::Seq(out)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Raw, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = a.next_key::<Spanned<Key>>()? {
                    let v = a.next_value::<Spanned<Raw>>()?;
                    out.push((k, v));
                }
                Ok(Raw(RawValue::Map(out)))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Node>, Box<Diagnostic>> {
        parse_stream(&SourceFile::new("t.yaml", text), 0)
    }

    #[test]
    fn nodes_keep_lines_and_merge_keys_resolve() {
        let docs = parse(
            "x-base: &base\n  image: ruby\n  restart: always\nservices:\n  web:\n    <<: *base\n    command: puma\n---\n---\nkind: List\n",
        )
        .unwrap();
        assert_eq!(docs.len(), 2);
        let web = docs[0].path(&["services", "web"]).unwrap();
        let keys: Vec<&str> = web.entries().iter().map(|(k, _, _)| k.as_str()).collect();
        assert!(
            keys.contains(&"image") && keys.contains(&"command"),
            "{keys:?}"
        );
        let (_, kl, _) = docs[0].path(&["services"]).unwrap().entries()[0].clone();
        assert_eq!(kl.line, 5);
        assert_eq!(web.get("command").unwrap().loc.line, 7);
    }

    #[test]
    fn duplicate_keys_are_an_error_without_developer_advice() {
        let e = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(e.message, "invalid YAML: duplicate mapping key: a");
        assert!(e.hints[0].contains("once"));
    }

    #[test]
    fn invalid_yaml_points_at_line_and_column() {
        let e = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert_eq!(e.code, "yaml");
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        assert!(e.span.is_some());
    }

    #[test]
    fn braces_in_strings_are_not_helm_but_helm_in_plain_scalars_is() {
        let ok = parse("kind: ConfigMap\ndata:\n  alert: \"{{ $labels.instance }} down\"\n");
        assert!(ok.is_ok(), "{ok:?}");
        let e = parse("image: repo:{{ .Values.tag }}\n").unwrap_err();
        assert_eq!(e.code, "helm-template");
        let e = parse("{{- if .Values.enabled }}\nkind: Service\n{{- end }}\n").unwrap_err();
        assert_eq!(e.code, "helm-template");
        assert_eq!(e.span.unwrap().range, 0..25);
    }

    #[test]
    fn helm_templates_are_refused_with_advice() {
        let e = parse("# {{ not this }}\nkind: Service\nname: {{ .Values.name }}\n").unwrap_err();
        assert_eq!(e.code, "helm-template");
        assert_eq!(e.span.unwrap().range.start, 37);
        assert!(e.hints[0].contains("helm template"));
    }
}
