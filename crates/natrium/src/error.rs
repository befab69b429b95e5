//! Errors of the library. Input errors name the file, line, field and value and say what was
//! expected; solver errors carry the time and state at failure (see `solver`).

use std::fmt;
use std::path::{Path, PathBuf};

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
    pub fn with_value(mut self, v: impl Into<String>) -> Self {
        self.value = Some(v.into());
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

/// Turn a TOML parse/deserialize error into an input error with a line.
pub fn toml_error(file: &Path, text: &str, e: &toml::de::Error) -> InputError {
    let line = e.span().map(|s| line_of(text, s.start));
    let msg = e.message().trim().to_string();
    InputError::new(file, "", msg).at_line(line)
}
