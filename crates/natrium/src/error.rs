//! Errors of the library. Input errors name the file, line, field and value and say what was
//! expected; solver errors carry the time and state at failure (see `solver`).

use std::fmt;
use std::path::{Path, PathBuf};

/// Most characters of a user's value repeated in a message.
pub const MAX_SHOWN: usize = 120;

/// `s` cut to [`MAX_SHOWN`] characters, saying how long it was.
pub fn shorten(s: &str) -> String {
    let n = s.chars().count();
    if n <= MAX_SHOWN {
        return s.to_string();
    }
    let head: String = s.chars().take(MAX_SHOWN).collect();
    format!("{head}… ({n} characters)")
}

/// A problem with something the user (or a data file) gave us.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    /// File the value came from (or `<string>` / `<protocol>` for inline input).
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// Dotted field path, e.g. `cathode.thickness` or `ionic_conductivity.value`.
    pub field: String,
    /// The offending value as written, when there is one.
    pub value: Option<String>,
    /// What is wrong and what was expected (with units).
    pub message: String,
}

impl InputError {
    pub fn new(
        file: impl Into<PathBuf>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        InputError {
            file: file.into(),
            line: None,
            field: field.into(),
            value: None,
            message: message.into(),
        }
    }
    pub fn at_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }
    /// The offending value as written, cut to [`MAX_SHOWN`] characters (a 10 MB value is not
    /// echoed back whole).
    pub fn with_value(mut self, v: impl Into<String>) -> Self {
        self.value = Some(shorten(&v.into()));
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        write!(f, ": ")?;
        if !self.field.is_empty() {
            write!(f, "field `{}`", self.field)?;
            if let Some(v) = &self.value {
                write!(f, " = \"{v}\"")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for InputError {}

/// Several input errors found in one pass (a data directory, a cell file).
#[derive(Debug, Clone, PartialEq)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, e) in self.0.iter().enumerate() {
            if k > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

impl From<InputError> for InputErrors {
    fn from(e: InputError) -> Self {
        InputErrors(vec![e])
    }
}

/// Map a byte offset in `text` to a 1-based line number.
pub fn line_of(text: &str, byte: usize) -> usize {
    let b = byte.min(text.len());
    text.as_bytes()[..b].iter().filter(|&&c| c == b'\n').count() + 1
}

/// Largest input file (cell design, material, OCV table, protocol) read [bytes].
pub const MAX_INPUT_BYTES: u64 = 4 << 20;

/// Read a text input file of at most [`MAX_INPUT_BYTES`], as an input error on failure.
pub fn read_text(path: &Path) -> Result<String, InputError> {
    crate::fsutil::read_text_limited(path, MAX_INPUT_BYTES)
        .map_err(|e| InputError::new(path, "", e))
}

/// Turn a TOML parse/deserialize error into an input error with its line and, where the
/// error sits on a `key = value` line or a `[table]` header, the dotted field it concerns
/// (duplicates also name the line of the first definition; type errors say how to write a
/// quantity).
pub fn toml_error(file: &Path, text: &str, e: &toml::de::Error) -> InputError {
    let line = e.span().map(|s| line_of(text, s.start));
    let mut msg = shorten(e.message().trim());
    let mut field = String::new();
    if let Some(l) = line {
        let ctx = toml_context(text, l);
        if let Some(key) = &ctx.key {
            field = ctx.path(key);
            if msg.contains("duplicate key") {
                let first = first_definition(text, &ctx.table, key, l);
                msg = format!(
                    "`{key}` is given twice in {}{}",
                    if ctx.table.is_empty() {
                        "the top level".to_string()
                    } else {
                        format!("[{}]", ctx.table)
                    },
                    first
                        .map(|f| format!(" (first on line {f})"))
                        .unwrap_or_default()
                );
            } else if msg.contains("invalid type") && msg.contains("expected a string") {
                msg = format!(
                    "{msg}: give `{key}` as a quoted string with its unit (quantities are \
                     written like thickness = \"30 um\" or stack_pressure = \"1 MPa\")"
                );
            }
        } else if let Some(header) = &ctx.header {
            if msg.contains("invalid type") && msg.contains("expected a string") {
                msg = format!(
                    "{msg}: the values of [{header}] are quoted strings (quantities with their \
                     unit, e.g. value = \"5 mS/cm\")"
                );
                field = header.clone();
            } else if msg.contains("duplicate key") || msg.contains("duplicate") {
                let first = first_header(text, header, l);
                msg = format!(
                    "the table [{header}] is given twice{}; merge the two",
                    first
                        .map(|f| format!(" (first on line {f})"))
                        .unwrap_or_default()
                );
                field = header.clone();
            }
        }
    }
    InputError::new(file, field, msg).at_line(line)
}

/// Where a TOML line sits: the table it is in, the key it sets, or the header it is.
struct TomlContext {
    table: String,
    key: Option<String>,
    header: Option<String>,
}

impl TomlContext {
    fn path(&self, key: &str) -> String {
        if self.table.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.table)
        }
    }
}

/// The name of a `[table]` or `[[table]]` header line.
fn header_name(l: &str) -> Option<String> {
    let t = l.trim();
    let inner = t.strip_prefix('[')?;
    let inner = inner.strip_prefix('[').unwrap_or(inner);
    let end = inner.find(']')?;
    Some(inner[..end].trim().replace(' ', ""))
}

/// The key of a `key = value` line (bare or quoted).
fn key_name(l: &str) -> Option<String> {
    let t = l.trim_start();
    if t.starts_with('#') || t.starts_with('[') {
        return None;
    }
    let eq = t.find('=')?;
    let k = t[..eq].trim().trim_matches('"').trim_matches('\'');
    (!k.is_empty()).then(|| k.to_string())
}

fn toml_context(text: &str, line: usize) -> TomlContext {
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(line.saturating_sub(1)).copied().unwrap_or("");
    let header = header_name(here);
    let table = lines[..line.saturating_sub(1).min(lines.len())]
        .iter()
        .rev()
        .find_map(|l| header_name(l))
        .unwrap_or_default();
    TomlContext {
        table,
        key: if header.is_some() {
            None
        } else {
            key_name(here)
        },
        header,
    }
}

/// Line of the first `key =` in `table` before line `before`.
fn first_definition(text: &str, table: &str, key: &str, before: usize) -> Option<usize> {
    let mut cur = String::new();
    for (i, l) in text.lines().enumerate().take(before.saturating_sub(1)) {
        if let Some(h) = header_name(l) {
            cur = h;
        } else if cur == table && key_name(l).as_deref() == Some(key) {
            return Some(i + 1);
        }
    }
    None
}

/// Line of the first `[header]` before line `before`.
fn first_header(text: &str, header: &str, before: usize) -> Option<usize> {
    text.lines()
        .take(before.saturating_sub(1))
        .position(|l| header_name(l).as_deref() == Some(header))
        .map(|i| i + 1)
}

/// Line of `key` (a plain or dotted key such as `interface.contact`) inside `[table]` or its
/// sub-tables, for errors found after parsing (e.g. in `[model]` options).
pub fn line_of_key(text: &str, table: &str, key: &str) -> Option<usize> {
    let mut cur = String::new();
    for (i, l) in text.lines().enumerate() {
        if let Some(h) = header_name(l) {
            cur = h;
            continue;
        }
        let Some(k) = key_name(l) else { continue };
        let full = if cur.is_empty() {
            k.replace(' ', "")
        } else {
            format!("{cur}.{}", k.replace(' ', ""))
        };
        if full == format!("{table}.{key}") {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Doc {
            area: Option<String>,
            separator: Option<toml::Table>,
        }
        let e = toml::from_str::<Doc>(text).unwrap_err();
        toml_error(Path::new("c.toml"), text, &e).to_string()
    }

    #[test]
    fn duplicates_and_types_name_the_field_and_the_first_line() {
        let m = err("area = \"1 cm^2\"\n[separator]\nthickness = \"1 um\"\nthickness = \"2 um\"\n");
        assert!(
            m.contains("c.toml:4") && m.contains("separator.thickness"),
            "{m}"
        );
        assert!(
            m.contains("given twice in [separator] (first on line 3)"),
            "{m}"
        );
        let m = err("[separator]\nthickness = \"1 um\"\n[separator]\nmaterial = \"x\"\n");
        assert!(
            m.contains("table [separator] is given twice") && m.contains("line 1"),
            "{m}"
        );
        let m = err("area = 1\n");
        assert!(
            m.contains("field `area`") && m.contains("quoted string with its unit"),
            "{m}"
        );
    }

    #[test]
    fn keys_are_found_in_tables_and_dotted() {
        let t = "[model]\ncathode = \"p2d\"\n[model.interface]\ncontact = \"none\"\n";
        assert_eq!(line_of_key(t, "model", "cathode"), Some(2));
        assert_eq!(line_of_key(t, "model", "interface.contact"), Some(4));
        assert_eq!(line_of_key(t, "model", "missing"), None);
    }

    #[test]
    fn long_values_are_cut() {
        let e = InputError::new("f", "x", "bad").with_value("a".repeat(10_000_000));
        let s = e.to_string();
        assert!(
            s.len() < 300 && s.contains("10000000 characters"),
            "{}",
            s.len()
        );
    }
}
