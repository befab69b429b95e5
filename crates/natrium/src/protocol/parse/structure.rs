//! Structure: indented blocks, `;` and `[...]` sequences and `Repeat` headers.

use super::{did_you_mean, unexpected_bracket, Header, Parser, EMPTY_BODY};
use crate::protocol::{Item, ParseError, MAX_DEPTH, MAX_REPEAT};

impl<'a> Parser<'a> {
    // ------------------------------------------------------------------ structure

    /// Lines at indentation `indent` (and the blocks under their `Repeat` headers).
    pub(super) fn block(
        &self,
        idx: &mut usize,
        indent: usize,
        depth: usize,
    ) -> Result<Vec<Item>, ParseError> {
        let mut items = Vec::new();
        while let Some(line) = self.lines.get(*idx) {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return Err(self.err(
                    line.start,
                    "unexpected indentation: only the lines under a \"Repeat N times:\" line are indented",
                ));
            }
            *idx += 1;
            let mut pos = line.start;
            let header = self.seq(&mut pos, line.end, line.no, None, depth, &mut items)?;
            if let Some(h) = header {
                match self.lines.get(*idx) {
                    Some(next) if next.indent > indent => {
                        let body = self.block(idx, next.indent, depth + 1)?;
                        if body.is_empty() {
                            // the indented lines held only separators (fuzzer find)
                            return Err(self.err(h.end, EMPTY_BODY));
                        }
                        if let Some(l) = self.lines.get(*idx) {
                            if l.indent > indent {
                                return Err(self.err(
                                    l.start,
                                    "this line's indentation matches no enclosing block",
                                ));
                            }
                        }
                        items.push(Item::Repeat {
                            count: h.count,
                            body,
                            line: h.line,
                        });
                    }
                    _ => return Err(self.err(h.end, EMPTY_BODY)),
                }
            }
        }
        Ok(items)
    }

    /// Instructions separated by `;` in `[*pos, end)`, up to the `]` matching `open` when inside
    /// brackets. Returns the header of a `Repeat` that ends the line (block form).
    fn seq(
        &self,
        pos: &mut usize,
        end: usize,
        line: usize,
        open: Option<usize>,
        depth: usize,
        out: &mut Vec<Item>,
    ) -> Result<Option<Header>, ParseError> {
        loop {
            *pos = self.skip_ws(*pos, end);
            if *pos >= end {
                if let Some(o) = open {
                    let ls = self.text[..o].rfind('\n').map_or(0, |n| n + 1);
                    let col = self.text[ls..o].chars().count() + 1;
                    return Err(self.err(
                        end,
                        format!(
                            "missing ']' to close the '[' at column {col} (an inline repeat body \
                             must end on its line; use an indented block for longer bodies)"
                        ),
                    ));
                }
                return Ok(None);
            }
            match self.byte(*pos) {
                b';' => {
                    *pos += 1;
                    continue;
                }
                b']' => {
                    if open.is_some() {
                        *pos += 1;
                        return Ok(None);
                    }
                    return Err(self.err(*pos, "unexpected ']': no '[' is open"));
                }
                b'[' => return Err(self.err(*pos, unexpected_bracket())),
                _ => {}
            }
            let word_end = self.text[*pos..end]
                .find(|c: char| c.is_whitespace() || matches!(c, ';' | '[' | ']' | ':'))
                .map_or(end, |k| *pos + k);
            if self.text[*pos..word_end].eq_ignore_ascii_case("repeat") {
                let kw = *pos;
                if depth >= MAX_DEPTH {
                    return Err(self.err(
                        kw,
                        format!("repeats nested too deeply (at most {MAX_DEPTH} levels)"),
                    ));
                }
                let count = self.repeat_header(pos, word_end, end)?;
                if *pos < end && self.byte(*pos) == b'[' {
                    let o = *pos;
                    *pos += 1;
                    let mut body = Vec::new();
                    self.seq(pos, end, line, Some(o), depth + 1, &mut body)?;
                    if body.is_empty() {
                        return Err(self.err(o, "empty repeat body: put the instructions to repeat between the brackets"));
                    }
                    out.push(Item::Repeat { count, body, line });
                    let after = self.skip_ws(*pos, end);
                    if after < end && !matches!(self.byte(after), b';' | b']') {
                        return Err(self.err(after, "expected ';' between instructions"));
                    }
                } else if *pos >= end {
                    if open.is_some() {
                        return Err(self.err(
                            end,
                            "a repeat inside brackets needs its body in brackets too: \"Repeat 2 times: [...]\"",
                        ));
                    }
                    return Ok(Some(Header { count, line, end }));
                } else {
                    return Err(self.err(
                        *pos,
                        "expected '[' or the end of the line after \"Repeat N times:\"",
                    ));
                }
            } else {
                let start = *pos;
                let stop = self.text[start..end]
                    .find([';', ']', '['])
                    .map_or(end, |k| start + k);
                if stop < end && self.byte(stop) == b'[' {
                    return Err(self.err(stop, unexpected_bracket()));
                }
                let step_end = start + self.text[start..stop].trim_end().len();
                out.push(Item::Step(self.step(start, step_end, line)?));
                *pos = stop;
            }
        }
    }

    /// `Repeat` `N` [`times`] [`:`]; leaves `pos` after the header and the blanks after it.
    fn repeat_header(
        &self,
        pos: &mut usize,
        word_end: usize,
        end: usize,
    ) -> Result<u32, ParseError> {
        let ds = self.skip_ws(word_end, end);
        let de = self.text[ds..end]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(end, |k| ds + k);
        if de == ds {
            return Err(self.err(
                ds,
                "expected the number of repetitions after \"Repeat\", e.g. \"Repeat 100 times:\"",
            ));
        }
        if de < end {
            let c = self.byte(de);
            if c == b'.' || c == b'e' || c == b'E' || c == b',' {
                return Err(self.err(ds, "the repeat count must be a whole number"));
            }
        }
        let digits = &self.text[ds..de];
        let n: u64 = if digits.len() > 18 {
            u64::MAX
        } else {
            digits.parse().unwrap_or(u64::MAX)
        };
        if n == 0 {
            return Err(self.err(ds, "the repeat count must be at least 1"));
        }
        if n > MAX_REPEAT as u64 {
            return Err(self.err(
                ds,
                format!("at most {MAX_REPEAT} repetitions (got {digits}); nest repeats for more"),
            ));
        }
        let mut p = self.skip_ws(de, end);
        let we = self.text[p..end]
            .find(|c: char| !(c.is_alphabetic() || c == '×'))
            .map_or(end, |k| p + k);
        if we > p {
            let w = &self.text[p..we];
            let ok = ["times", "time", "cycles", "cycle", "x", "×"]
                .iter()
                .any(|k| w.eq_ignore_ascii_case(k));
            if !ok {
                return Err(self.err(
                    p,
                    format!(
                        "expected \"times\" after the repeat count, found \"{w}\"{}",
                        did_you_mean(w, &["times"], 0.7)
                    ),
                ));
            }
            p = self.skip_ws(we, end);
        }
        if p < end && self.byte(p) == b':' {
            p = self.skip_ws(p + 1, end);
        }
        *pos = p;
        Ok(n as u32)
    }
}
