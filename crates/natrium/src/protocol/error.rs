//! Errors of the protocol parser, with positions in the original text.

use std::fmt;

/// A protocol that cannot be read, with where and why.
///
/// `Display` prints `source:line:col: message`, then the line and a caret under the column:
///
/// ```text
/// <string>:1:1: unknown instruction "Chrage" (did you mean "Charge"?); expected one of ...
/// Chrage at 1 mA until 3 V
/// ^
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// File name, bundled name or `"<string>"`.
    pub source_name: String,
    /// 1-based line; 0 when the error has no position (e.g. an unreadable file).
    pub line: usize,
    /// 1-based column in characters (not bytes); 0 when there is no position.
    pub column: usize,
    /// Byte offset of the position in the whole text.
    pub offset: usize,
    /// The line as written (without its line ending).
    pub line_text: String,
    /// What is wrong and what was expected.
    pub message: String,
}

impl ParseError {
    /// An error at byte `offset` of `text` (clamped to the text and moved back to a character
    /// boundary).
    pub(crate) fn at(text: &str, source: &str, offset: usize, message: impl Into<String>) -> Self {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_start = text[..offset].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let line_end = text[offset..]
            .find('\n')
            .map(|i| offset + i)
            .unwrap_or(text.len());
        let line = text.as_bytes()[..line_start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        let column = text[line_start..offset].chars().count() + 1;
        ParseError {
            source_name: source.to_string(),
            line,
            column,
            offset,
            line_text: text[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
            message: message.into(),
        }
    }

    /// An error that concerns the whole input (no line).
    pub(crate) fn without_position(source: &str, message: impl Into<String>) -> Self {
        ParseError {
            source_name: source.to_string(),
            line: 0,
            column: 0,
            offset: 0,
            line_text: String::new(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            return write!(f, "{}: {}", self.source_name, self.message);
        }
        writeln!(
            f,
            "{}:{}:{}: {}",
            self.source_name, self.line, self.column, self.message
        )?;
        writeln!(f, "{}", self.line_text)?;
        // keep tabs so that the caret lines up however the terminal expands them
        let pad: String = self
            .line_text
            .chars()
            .take(self.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        write!(f, "{pad}^")
    }
}

impl std::error::Error for ParseError {}
