//! Compose variable interpolation: `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR-default}`,
//! `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}` and `$$` for a literal `$`.
//!
//! Compose reads the shell environment; an import reads only what it is given
//! (`--env-file`, or the process environment with `--env`), so the same files always give
//! the same inventory. Variables that are unset and have no default become empty and are
//! named in one warning.

use std::collections::{BTreeMap, BTreeSet};

/// Variables available to interpolation.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: BTreeMap<String, String>,
}

impl Env {
    /// An environment with these variables.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Env {
        Env {
            vars: pairs.into_iter().collect(),
        }
    }

    /// Adds variables; later ones win.
    pub fn extend(&mut self, pairs: impl IntoIterator<Item = (String, String)>) {
        self.vars.extend(pairs);
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }
}

/// Parses a `.env` file: `KEY=VALUE` lines, `export KEY=VALUE`, `#` comments, values in
/// single quotes (literal) or double quotes (with `\n`, `\"` escapes). Errors carry the
/// 1-based line.
pub fn parse_env_file(text: &str) -> Result<Vec<(String, String)>, (usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let l = l.strip_prefix("export ").unwrap_or(l);
        let Some((k, v)) = l.split_once('=') else {
            return Err((i + 1, format!("`{l}` is not KEY=VALUE")));
        };
        let k = k.trim();
        if k.is_empty() || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err((i + 1, format!("`{k}` is not a variable name")));
        }
        let v = v.trim();
        let v = if let Some(s) = v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
            s.to_string()
        } else if let Some(s) = v.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            s.replace("\\n", "\n").replace("\\\"", "\"")
        } else {
            // An unquoted value ends at ` #` (an inline comment).
            v.split(" #").next().unwrap_or(v).trim().to_string()
        };
        out.push((k.to_string(), v));
    }
    Ok(out)
}

/// Interpolates one string. Unset variables without a default are added to `unset` and
/// replaced by nothing; `${VAR:?msg}` on an unset variable is an error.
pub fn interpolate(s: &str, env: &Env, unset: &mut BTreeSet<String>) -> Result<String, String> {
    interpolate_depth(s, env, unset, 0)
}

fn interpolate_depth(
    s: &str,
    env: &Env,
    unset: &mut BTreeSet<String>,
    depth: usize,
) -> Result<String, String> {
    if depth > 16 {
        return Err("variable defaults nest more than 16 levels deep".to_string());
    }
    if !s.contains('$') {
        return Ok(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'$' {
            let ch = s[i..].chars().next().expect("in bounds");
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        match b.get(i + 1) {
            Some(b'$') => {
                out.push('$');
                i += 2;
            }
            Some(b'{') => {
                // Find the matching `}`, allowing nested `${...}` in the default.
                let start = i + 2;
                let mut level = 1;
                let mut j = start;
                while j < b.len() {
                    match b[j] {
                        b'{' => level += 1,
                        b'}' => {
                            level -= 1;
                            if level == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                if j >= b.len() {
                    return Err(format!("`{}` has no closing `}}`", &s[i..]));
                }
                out.push_str(&expand(&s[start..j], env, unset, depth)?);
                i = j + 1;
            }
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
                    j += 1;
                }
                let name = &s[start..j];
                match env.get(name) {
                    Some(v) => out.push_str(v),
                    None => {
                        unset.insert(name.to_string());
                    }
                }
                i = j;
            }
            _ => {
                out.push('$');
                i += 1;
            }
        }
    }
    Ok(out)
}

fn expand(
    inner: &str,
    env: &Env,
    unset: &mut BTreeSet<String>,
    depth: usize,
) -> Result<String, String> {
    let name_end = inner
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inner.len());
    let (name, rest) = inner.split_at(name_end);
    if name.is_empty() {
        return Err(format!("`${{{inner}}}` does not name a variable"));
    }
    let value = env.get(name);
    let sub = |t: &str, unset: &mut BTreeSet<String>| interpolate_depth(t, env, unset, depth + 1);
    let (op, arg) = if rest.is_empty() {
        ("", "")
    } else if let Some(a) = rest.strip_prefix(":-") {
        (":-", a)
    } else if let Some(a) = rest.strip_prefix(":?") {
        (":?", a)
    } else if let Some(a) = rest.strip_prefix(":+") {
        (":+", a)
    } else if let Some(a) = rest.strip_prefix('-') {
        ("-", a)
    } else if let Some(a) = rest.strip_prefix('?') {
        ("?", a)
    } else if let Some(a) = rest.strip_prefix('+') {
        ("+", a)
    } else {
        return Err(format!("`${{{inner}}}` is not a valid substitution"));
    };
    let set_nonempty = value.is_some_and(|v| !v.is_empty());
    Ok(match op {
        "" => match value {
            Some(v) => v.to_string(),
            None => {
                unset.insert(name.to_string());
                String::new()
            }
        },
        ":-" if set_nonempty => value.unwrap_or_default().to_string(),
        ":-" => sub(arg, unset)?,
        "-" => match value {
            Some(v) => v.to_string(),
            None => sub(arg, unset)?,
        },
        ":?" | "?" => {
            let ok = if op == ":?" {
                set_nonempty
            } else {
                value.is_some()
            };
            if !ok {
                let msg = sub(arg, unset)?;
                return Err(if msg.is_empty() {
                    format!("required variable `{name}` is not set")
                } else {
                    format!("required variable `{name}` is not set: {msg}")
                });
            }
            value.unwrap_or_default().to_string()
        }
        ":+" if set_nonempty => sub(arg, unset)?,
        "+" if value.is_some() => sub(arg, unset)?,
        _ => String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> (Result<String, String>, Vec<String>) {
        let env = Env::from_pairs([
            ("TAG".to_string(), "v4.2".to_string()),
            ("EMPTY".to_string(), String::new()),
        ]);
        let mut unset = BTreeSet::new();
        let r = interpolate(s, &env, &mut unset);
        (r, unset.into_iter().collect())
    }

    #[test]
    fn compose_forms_expand_like_compose() {
        assert_eq!(run("img:${TAG}").0.unwrap(), "img:v4.2");
        assert_eq!(run("img:$TAG-x").0.unwrap(), "img:v4.2-x");
        assert_eq!(run("${EMPTY:-d}").0.unwrap(), "d");
        assert_eq!(run("${EMPTY-d}").0.unwrap(), "");
        assert_eq!(run("${NOPE-d}").0.unwrap(), "d");
        assert_eq!(run("${NOPE:-${TAG}}").0.unwrap(), "v4.2");
        assert_eq!(run("${TAG:+set}").0.unwrap(), "set");
        assert_eq!(run("cost $$5").0.unwrap(), "cost $5");
        let (r, unset) = run("${NOPE}/$ALSO_NOPE");
        assert_eq!(r.unwrap(), "/");
        assert_eq!(unset, ["ALSO_NOPE", "NOPE"]);
        assert!(run("${NOPE:?set it}").0.unwrap_err().contains("set it"));
        assert!(run("${TAG").0.is_err());
    }

    #[test]
    fn env_files_parse_with_quotes_and_comments() {
        let v = parse_env_file("# c\nA=1\nexport B='x y'\nC=\"q\\\"\" \nD=v # note\n").unwrap();
        assert_eq!(
            v,
            [
                ("A".into(), "1".into()),
                ("B".into(), "x y".into()),
                ("C".into(), "q\"".into()),
                ("D".into(), "v".into())
            ]
        );
        assert_eq!(parse_env_file("oops\n").unwrap_err().0, 1);
    }
}
