//! Typed attribute values and the unit parsers behind them (CPU, memory, cron, ports).

use serde::Serialize;
use std::fmt;

/// A typed attribute value, after its units were checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// Free text or an enum choice.
    Str(String),
    /// A whole number.
    Int(i64),
    /// A flag.
    Bool(bool),
    /// CPU in millicores (`"500m"` is 500, `2` is 2000).
    Cpu(Cpu),
    /// Bytes.
    Memory(Memory),
    /// A validated cron schedule, as written.
    Cron(String),
    /// A list of strings or ids.
    List(Vec<String>),
    /// A list of ports.
    Ports(Vec<String>),
    /// Free-form metadata, rendered as text.
    Table(Vec<(String, String)>),
}

impl Value {
    /// The value as text, as tooltips, tables and diffs show it.
    pub fn display(&self) -> String {
        match self {
            Value::Str(s) | Value::Cron(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Cpu(c) => c.to_string(),
            Value::Memory(m) => m.to_string(),
            Value::List(l) | Value::Ports(l) => l.join(", "),
            Value::Table(t) => t
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// CPU, in millicores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Cpu(pub u64);

impl fmt::Display for Cpu {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_multiple_of(1000) {
            write!(f, "{}", self.0 / 1000)
        } else {
            write!(f, "{}m", self.0)
        }
    }
}

/// A size in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Memory(pub u64);

impl fmt::Display for Memory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: &[(u64, &str)] = &[
            (1 << 40, "TiB"),
            (1 << 30, "GiB"),
            (1 << 20, "MiB"),
            (1 << 10, "KiB"),
        ];
        // Largest exact unit first, binary or decimal: 4GB stays "4GB", not "3906250KiB".
        const EXACT: &[(u64, &str)] = &[
            (1 << 40, "TiB"),
            (1_000_000_000_000, "TB"),
            (1 << 30, "GiB"),
            (1_000_000_000, "GB"),
            (1 << 20, "MiB"),
            (1_000_000, "MB"),
            (1 << 10, "KiB"),
            (1_000, "kB"),
        ];
        for (n, u) in EXACT {
            if self.0 >= *n && self.0.is_multiple_of(*n) {
                return write!(f, "{}{u}", self.0 / n);
            }
        }
        for (n, u) in UNITS {
            if self.0 >= *n {
                return write!(f, "{:.1}{u}", self.0 as f64 / *n as f64);
            }
        }
        write!(f, "{}B", self.0)
    }
}

/// Parses CPU: `"500m"`, `"2"`, `"0.5"`, `"4 cores"`, `"4 CPU"`.
pub fn parse_cpu(text: &str) -> Result<Cpu, String> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    if let Some(m) = lower.strip_suffix('m') {
        return m
            .trim()
            .parse::<u64>()
            .map(Cpu)
            .map_err(|_| format!("`{t}` is not a CPU amount"));
    }
    let num = ["cores", "core", "cpus", "cpu", "vcpus", "vcpu"]
        .iter()
        .find_map(|s| lower.strip_suffix(s))
        .unwrap_or(&lower)
        .trim();
    match num.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..1e9).contains(&v) => Ok(Cpu((v * 1000.0).round() as u64)),
        _ => Err(format!("`{t}` is not a CPU amount")),
    }
}

/// Parses a size: `"8GiB"`, `"8GB"`, `"8G"`, `"512Mi"`, `"1.5 TB"`, `1024` (bytes).
///
/// `G` and `GB` are decimal (10^9) as Kubernetes and most vendors mean them; `Gi` and `GiB`
/// are binary.
pub fn parse_memory(text: &str) -> Result<Memory, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let unit = unit.trim();
    let factor: f64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "ki" | "kib" => 1024.0,
        "mi" | "mib" => 1048576.0,
        "gi" | "gib" => 1073741824.0,
        "ti" | "tib" => 1099511627776.0,
        _ => {
            return Err(format!("`{unit}` is not a size unit"));
        }
    };
    match num.parse::<f64>() {
        Ok(v) if v.is_finite() && v * factor < 1.8e19 => Ok(Memory((v * factor).round() as u64)),
        _ => Err(format!("`{t}` is not a size")),
    }
}

const CRON_FIELDS: &[(&str, u32, u32, &[&str])] = &[
    ("minute", 0, 59, &[]),
    ("hour", 0, 23, &[]),
    ("day of month", 1, 31, &[]),
    (
        "month",
        1,
        12,
        &[
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ],
    ),
    (
        "day of week",
        0,
        7,
        &["sun", "mon", "tue", "wed", "thu", "fri", "sat"],
    ),
];

/// Checks a cron schedule: five fields (`*`, numbers, ranges, lists, steps, month and day
/// names) or one of `@yearly @annually @monthly @weekly @daily @midnight @hourly`.
pub fn parse_cron(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.starts_with('@') {
        return match t {
            "@yearly" | "@annually" | "@monthly" | "@weekly" | "@daily" | "@midnight"
            | "@hourly" => Ok(t.to_string()),
            _ => Err(format!(
                "`{t}` is not a cron macro (use @hourly, @daily, @weekly, @monthly or @yearly)"
            )),
        };
    }
    let fields: Vec<&str> = t.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!(
            "a cron schedule has 5 fields (minute hour day-of-month month day-of-week), this one has {}",
            fields.len()
        ));
    }
    for (field, (name, lo, hi, names)) in fields.iter().zip(CRON_FIELDS) {
        for part in field.split(',') {
            let (range, step) = match part.split_once('/') {
                Some((r, s)) => (r, Some(s)),
                None => (part, None),
            };
            if let Some(s) = step
                && !s.parse::<u32>().is_ok_and(|s| s > 0)
            {
                return Err(format!("bad step `{s}` in the {name} field"));
            }
            if range == "*" {
                continue;
            }
            let value = |v: &str| -> Result<u32, String> {
                let lower = v.to_ascii_lowercase();
                if let Some(i) = names.iter().position(|n| *n == lower) {
                    return Ok(i as u32 + if *lo == 1 { 1 } else { 0 });
                }
                match v.parse::<u32>() {
                    Ok(n) if (*lo..=*hi).contains(&n) => Ok(n),
                    _ => Err(format!(
                        "`{v}` is out of range for the {name} field ({lo}-{hi})"
                    )),
                }
            };
            match range.split_once('-') {
                Some((a, b)) => {
                    let (a, b) = (value(a)?, value(b)?);
                    if a > b {
                        return Err(format!(
                            "range `{range}` runs backwards in the {name} field"
                        ));
                    }
                }
                None => {
                    value(range)?;
                }
            }
        }
    }
    Ok(fields.join(" "))
}

/// Checks one port: `80`, `"443/tcp"`, `"8080:80"`, `"127.0.0.1:8080:80/udp"`.
pub fn parse_port(text: &str) -> Result<String, String> {
    let t = text.trim();
    let (addr, proto) = match t.rsplit_once('/') {
        Some((a, p)) if matches!(p, "tcp" | "udp" | "sctp") => (a, Some(p)),
        Some((_, p)) => return Err(format!("`{p}` is not a protocol (tcp, udp, sctp)")),
        None => (t, None),
    };
    let _ = proto;
    let numbers: Vec<&str> = addr.rsplitn(3, ':').collect();
    let ports = if numbers.len() == 3 {
        &numbers[..2]
    } else {
        &numbers[..]
    };
    for p in ports {
        let ok = match p.split_once('-') {
            Some((a, b)) => a.parse::<u16>().is_ok() && b.parse::<u16>().is_ok(),
            None => p.parse::<u16>().is_ok_and(|n| n > 0),
        };
        if !ok {
            return Err(format!("`{p}` is not a port number (1-65535)"));
        }
    }
    Ok(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_parse_and_nonsense_does_not() {
        assert_eq!(parse_memory("8GiB"), Ok(Memory(8 << 30)));
        assert_eq!(parse_memory("8GB"), Ok(Memory(8_000_000_000)));
        assert_eq!(parse_memory("512Mi"), Ok(Memory(512 << 20)));
        assert!(parse_memory("8 potatoes").is_err());
        assert_eq!(parse_cpu("500m"), Ok(Cpu(500)));
        assert_eq!(parse_cpu("4 cores"), Ok(Cpu(4000)));
        assert!(parse_cpu("lots").is_err());
        assert_eq!(Memory(8 << 30).to_string(), "8GiB");
        assert_eq!(Memory(4_000_000_000).to_string(), "4GB");
        assert_eq!(Memory(1_500_000_000).to_string(), "1500MB");
        assert_eq!(Cpu(500).to_string(), "500m");
    }

    #[test]
    fn cron_accepts_real_schedules_and_rejects_bad_ones() {
        assert!(parse_cron("0 22 * * *").is_ok());
        assert!(parse_cron("*/15 0-6 1,15 jan-mar mon-fri").is_ok());
        assert!(parse_cron("@daily").is_ok());
        assert!(parse_cron("0 25 * * *").unwrap_err().contains("hour"));
        assert!(parse_cron("0 22 * *").unwrap_err().contains("5 fields"));
        assert!(parse_cron("*/0 * * * *").is_err());
    }

    #[test]
    fn ports_accept_compose_forms() {
        assert!(parse_port("443/tcp").is_ok());
        assert!(parse_port("8080:80").is_ok());
        assert!(parse_port("127.0.0.1:8080:80/udp").is_ok());
        assert!(parse_port("70000").is_err());
    }
}
