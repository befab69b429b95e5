//! Lines, blanks and words: the parser over the original text.

use super::{Line, Parser};
use crate::protocol::ParseError;

pub(super) fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == b'\r' || b == 0x0b || b == 0x0c
}

impl<'a> Parser<'a> {
    pub(super) fn new(text: &'a str, source: &'a str) -> Self {
        let mut lines = Vec::new();
        let mut off = 0;
        for (i, raw) in text.split('\n').enumerate() {
            let ls = off;
            off += raw.len() + 1;
            let content = match raw.find('#') {
                Some(k) => &raw[..k],
                None => raw,
            };
            let body = content.trim();
            if body.is_empty() {
                continue;
            }
            let lead = content.len() - content.trim_start().len();
            let mut indent = 0;
            for c in content[..lead].chars() {
                indent = if c == '\t' {
                    (indent / 4 + 1) * 4
                } else {
                    indent + 1
                };
            }
            lines.push(Line {
                no: i + 1,
                start: ls + lead,
                end: ls + lead + body.len(),
                indent,
            });
        }
        Parser {
            text,
            source,
            lines,
        }
    }

    pub(super) fn err(&self, at: usize, msg: impl Into<String>) -> ParseError {
        ParseError::at(self.text, self.source, at, msg)
    }

    pub(super) fn byte(&self, i: usize) -> u8 {
        self.text.as_bytes()[i]
    }

    /// First non-whitespace position in `[i, end)`, or `end`.
    pub(super) fn skip_ws(&self, i: usize, end: usize) -> usize {
        match self.text[i..end].find(|c: char| !c.is_whitespace()) {
            Some(k) => i + k,
            None => end,
        }
    }

    /// Whitespace-separated words of `[start, end)` as byte ranges.
    pub(super) fn words(&self, start: usize, end: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut cur: Option<usize> = None;
        for (k, c) in self.text[start..end].char_indices() {
            if c.is_whitespace() {
                if let Some(s) = cur.take() {
                    out.push((s, start + k));
                }
            } else if cur.is_none() {
                cur = Some(start + k);
            }
        }
        if let Some(s) = cur {
            out.push((s, end));
        }
        out
    }
}
