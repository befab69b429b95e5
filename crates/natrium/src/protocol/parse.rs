//! The protocol parser: lines and indentation, `;` and `[...]` sequences, then one step at a time
//! split into clauses at the keywords `at`, `until`, `for`, `or`, `under`. Every position is a byte
//! offset into the original text, turned into line and column only when an error is reported.

use super::{
    CapacityAmount, Current, Item, Mode, ParseError, Protocol, Step, Stop, MAX_DEPTH, MAX_REPEAT,
};
use crate::units::{self, dims, Dimension, UnitError};

const INSTRUCTIONS: &[&str] = &[
    "Charge",
    "Discharge",
    "Hold",
    "Rest",
    "Plate",
    "Strip",
    "Set",
    "Repeat",
];
const CLAUSE_WORDS: &[&str] = &["at", "until", "for", "or", "under"];
/// Spelled-out time units read in place of the unit symbol.
const TIME_WORDS: &[(&str, &str)] = &[
    ("hour", "h"),
    ("hours", "h"),
    ("hrs", "h"),
    ("minute", "min"),
    ("minutes", "min"),
    ("mins", "min"),
    ("second", "s"),
    ("seconds", "s"),
    ("secs", "s"),
];

const EX_CURRENT: &str =
    "a current density (\"0.1 mA/cm2\"), a current (\"2 mA\") or a C-rate (\"C/5\", \"0.2C\")";
const EX_STOP_GALV: &str = "a voltage (\"3.8 V\"), a capacity (\"1 mAh/cm2\", \"50 mAh/g\", \"2 mAh\") or a time (\"2 h\")";
const EX_STOP_HOLD: &str = "a current (\"0.02 mA/cm2\", \"C/50\", \"0.1 mA\"), a capacity (\"1 mAh/cm2\") or a time (\"2 h\")";
const EX_STOP_REST: &str = "a time (\"1 h\", \"30 min\")";

const EMPTY_BODY: &str = "empty repeat body: indent the instructions to repeat on the lines below, or give them in brackets: \"Repeat 3 times: [Charge at C/2 until 3.8 V; Discharge at C/2 until 2.5 V]\"";
const EMPTY: &str =
    "empty protocol: expected at least one instruction, e.g. \"Charge at 0.1 mA/cm2 until 3.8 V\"";

pub(super) fn parse(text: &str, source: &str) -> Result<Protocol, ParseError> {
    let p = Parser::new(text, source);
    let Some(first) = p.lines.first() else {
        return Err(ParseError::without_position(source, EMPTY));
    };
    let mut idx = 0;
    let items = p.block(&mut idx, first.indent, 0)?;
    if let Some(l) = p.lines.get(idx) {
        return Err(p.err(
            l.start,
            "this line is indented less than the first instruction of the file",
        ));
    }
    if items.is_empty() {
        // only separators, e.g. ";"
        return Err(p.err(first.start, EMPTY));
    }
    Ok(Protocol {
        items,
        source: source.to_string(),
    })
}

/// A non-blank line: content range (indentation, comment and trailing blanks removed).
struct Line {
    no: usize,
    start: usize,
    end: usize,
    indent: usize,
}

/// A `Repeat N times:` that ends its line: its body is the indented block below.
struct Header {
    count: u32,
    line: usize,
    end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Charge,
    Discharge,
    Plate,
    Strip,
    Hold,
    Rest,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Charge => "Charge",
            Kind::Discharge => "Discharge",
            Kind::Plate => "Plate",
            Kind::Strip => "Strip",
            Kind::Hold => "Hold",
            Kind::Rest => "Rest",
        }
    }
    fn galvanostatic(self) -> bool {
        matches!(
            self,
            Kind::Charge | Kind::Discharge | Kind::Plate | Kind::Strip
        )
    }
    fn stop_examples(self) -> &'static str {
        match self {
            Kind::Hold => EX_STOP_HOLD,
            Kind::Rest => EX_STOP_REST,
            _ => EX_STOP_GALV,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kw {
    Lead,
    At,
    Until,
    For,
    Or,
    Under,
}

struct Seg {
    kw: Kw,
    kw_end: usize,
    val: Option<(usize, usize)>,
}

/// A value after a keyword: a C-rate or a quantity.
enum Val {
    CRate(f64),
    Q(units::Quantity),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Subject {
    Voltage,
    Current,
    /// A bare `>` / `<`: the value's dimension decides.
    Any,
}

struct Parser<'a> {
    text: &'a str,
    source: &'a str,
    lines: Vec<Line>,
}

fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == b'\r' || b == 0x0b || b == 0x0c
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, source: &'a str) -> Self {
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

    fn err(&self, at: usize, msg: impl Into<String>) -> ParseError {
        ParseError::at(self.text, self.source, at, msg)
    }

    fn byte(&self, i: usize) -> u8 {
        self.text.as_bytes()[i]
    }

    /// First non-whitespace position in `[i, end)`, or `end`.
    fn skip_ws(&self, i: usize, end: usize) -> usize {
        match self.text[i..end].find(|c: char| !c.is_whitespace()) {
            Some(k) => i + k,
            None => end,
        }
    }

    /// Whitespace-separated words of `[start, end)` as byte ranges.
    fn words(&self, start: usize, end: usize) -> Vec<(usize, usize)> {
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

    // ------------------------------------------------------------------ structure

    /// Lines at indentation `indent` (and the blocks under their `Repeat` headers).
    fn block(&self, idx: &mut usize, indent: usize, depth: usize) -> Result<Vec<Item>, ParseError> {
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

    // ------------------------------------------------------------------ steps

    fn step(&self, start: usize, end: usize, line: usize) -> Result<Step, ParseError> {
        let words = self.words(start, end);
        let Some(&(w0s, w0e)) = words.first() else {
            return Err(self.err(start, "expected an instruction"));
        };
        let kw = self.text[w0s..w0e].to_ascii_lowercase();
        let kind = match kw.as_str() {
            "charge" => Kind::Charge,
            "discharge" => Kind::Discharge,
            "plate" => Kind::Plate,
            "strip" => Kind::Strip,
            "hold" => Kind::Hold,
            "rest" => Kind::Rest,
            "set" => return self.set_step(&words, start, end, line),
            _ => {
                let w = &self.text[w0s..w0e];
                return Err(self.err(
                    w0s,
                    format!(
                        "unknown instruction \"{w}\"{}; expected one of {}",
                        did_you_mean(w, INSTRUCTIONS, 0.7),
                        INSTRUCTIONS.join(", ")
                    ),
                ));
            }
        };

        // split into clauses at the keywords
        let mut segs: Vec<Seg> = Vec::new();
        let mut cur = Seg {
            kw: Kw::Lead,
            kw_end: w0e,
            val: None,
        };
        for &(ws, we) in &words[1..] {
            let k = match self.text[ws..we].to_ascii_lowercase().as_str() {
                "at" => Some(Kw::At),
                "until" => Some(Kw::Until),
                "for" => Some(Kw::For),
                "or" => Some(Kw::Or),
                "under" => Some(Kw::Under),
                _ => None,
            };
            match k {
                Some(kw) => {
                    segs.push(cur);
                    cur = Seg {
                        kw,
                        kw_end: we,
                        val: None,
                    };
                }
                None => cur.val = Some((cur.val.map_or(ws, |v| v.0), we)),
            }
        }
        segs.push(cur);

        let mut setpoint: Option<Mode> = None;
        let mut temperature: Option<f64> = None;
        let mut pressure: Option<f64> = None;
        let mut stops: Vec<Stop> = Vec::new();
        for (i, seg) in segs.iter().enumerate() {
            let Some((vs, ve)) = seg.val else {
                let next_is_stop = segs
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.kw, Kw::Until | Kw::For));
                match seg.kw {
                    Kw::Lead => continue,
                    Kw::Or if next_is_stop => continue,
                    _ => {
                        let (word, what) = match seg.kw {
                            Kw::At => (
                                "at",
                                if kind == Kind::Hold {
                                    "a voltage such as \"3.8 V\"".to_string()
                                } else if kind == Kind::Rest {
                                    "a temperature such as \"60 degC\"".to_string()
                                } else {
                                    EX_CURRENT.to_string()
                                },
                            ),
                            Kw::Under => ("under", "a stack pressure such as \"2 MPa\"".into()),
                            Kw::For => ("for", "a duration such as \"2 h\"".into()),
                            Kw::Or => (
                                "or",
                                format!("another stop condition: {}", kind.stop_examples()),
                            ),
                            _ => (
                                "until",
                                format!("a stop condition: {}", kind.stop_examples()),
                            ),
                        };
                        return Err(
                            self.err(seg.kw_end, format!("expected {what} after \"{word}\""))
                        );
                    }
                }
            };
            match seg.kw {
                Kw::Lead | Kw::Until | Kw::Or => {
                    stops.push(self.stop(kind, vs, ve, seg.kw == Kw::Lead, false)?)
                }
                Kw::For => stops.push(self.stop(kind, vs, ve, false, true)?),
                Kw::Under => {
                    let q = self.quantity_of(
                        vs,
                        ve,
                        "a stack pressure such as \"2 MPa\" after \"under\"",
                    )?;
                    if q.dim != dims::PRESSURE {
                        return Err(self.wrong_dim(
                            vs,
                            ve,
                            "a stack pressure such as \"2 MPa\" after \"under\"",
                            q.dim,
                        ));
                    }
                    if q.value < 0.0 {
                        return Err(self.err(vs, "a stack pressure cannot be negative"));
                    }
                    if pressure.replace(q.value).is_some() {
                        return Err(self.err(vs, "the stack pressure is given twice"));
                    }
                }
                Kw::At => {
                    let v = self.value(vs, ve)?;
                    if let Val::Q(q) = &v {
                        if q.dim == dims::TEMPERATURE {
                            let t = self.temperature(vs, q.value)?;
                            if temperature.replace(t).is_some() {
                                return Err(self.err(vs, "the temperature is given twice"));
                            }
                            continue;
                        }
                    }
                    let is_setpoint_like = match &v {
                        Val::CRate(_) => kind.galvanostatic(),
                        Val::Q(q) => {
                            (kind.galvanostatic()
                                && (q.dim == dims::CURRENT || q.dim == dims::CURRENT_DENSITY))
                                || (kind == Kind::Hold && q.dim == dims::VOLTAGE)
                        }
                    };
                    if setpoint.is_some() && !is_setpoint_like {
                        let mut e = self.wrong_dim_of(
                            vs,
                            ve,
                            "a temperature such as \"60 degC\" after this \"at\"",
                            &v,
                        );
                        if matches!(&v, Val::Q(q) if q.dim == dims::PRESSURE) {
                            e.message.push_str(
                                " (a stack pressure goes after \"under\": \"under 2 MPa\")",
                            );
                        }
                        return Err(e);
                    }
                    let mode = match kind {
                        Kind::Rest => {
                            return Err(self.err(
                                vs,
                                "a Rest has no set-point: \"at\" after Rest takes a temperature such as \"60 degC\"",
                            ))
                        }
                        Kind::Hold => match v {
                            Val::Q(q) if q.dim == dims::VOLTAGE => Mode::Hold(q.value),
                            Val::Q(q) => {
                                return Err(self.wrong_dim(vs, ve, "the hold voltage such as \"3.8 V\" (or a temperature such as \"60 degC\") after \"at\"", q.dim))
                            }
                            Val::CRate(_) => {
                                return Err(self.err(vs, "a Hold is at fixed voltage: expected a voltage such as \"3.8 V\" after \"at\" (a C-rate can end it: \"until C/50\")"))
                            }
                        },
                        _ => {
                            let c = self.current(vs, ve, v)?;
                            match kind {
                                Kind::Charge => Mode::Charge(c),
                                Kind::Discharge => Mode::Discharge(c),
                                Kind::Plate => Mode::Plate(c),
                                _ => Mode::Strip(c),
                            }
                        }
                    };
                    if setpoint.replace(mode).is_some() {
                        return Err(self.err(
                            vs,
                            format!("a second set-point: this {} already has one (a suffix \"at\" takes a temperature such as \"60 degC\")", kind.name()),
                        ));
                    }
                }
            }
        }

        let mode = match (kind, setpoint) {
            (Kind::Rest, _) => Mode::Rest,
            (_, Some(m)) => m,
            (Kind::Hold, None) => {
                return Err(self.err(
                    w0e,
                    "Hold needs a voltage: \"Hold at 3.8 V until 0.02 mA/cm2\"",
                ))
            }
            (k, None) => {
                return Err(self.err(
                    w0e,
                    format!("{} needs a current after \"at\": {EX_CURRENT}", k.name()),
                ))
            }
        };
        if stops.is_empty() {
            let msg = match kind {
                Kind::Rest => "a Rest needs a duration, e.g. \"Rest for 1 h\"".to_string(),
                Kind::Hold => "this Hold never ends: add a current or time stop, e.g. \"until 0.02 mA/cm2\", \"until C/50\" or \"for 2 h\"".to_string(),
                k => format!(
                    "this {} never ends: add a stop condition, e.g. \"until 3.8 V\", \"until 1 mAh/cm2\" or \"for 2 h\"",
                    k.name()
                ),
            };
            return Err(self.err(end, msg));
        }
        if kind == Kind::Hold
            && !stops
                .iter()
                .any(|s| matches!(s, Stop::CurrentBelow(_) | Stop::Time(_)))
        {
            return Err(self.err(
                end,
                "a Hold needs a current or time stop (\"until 0.02 mA/cm2\", \"or 2 h\"): a capacity alone may never be reached while the current decays",
            ));
        }
        Ok(Step {
            mode,
            stops,
            temperature,
            pressure,
            text: self.text[start..end].to_string(),
            line,
            span: start..end,
        })
    }

    /// `Set temperature to X [and pressure to Y]`.
    fn set_step(
        &self,
        words: &[(usize, usize)],
        start: usize,
        end: usize,
        line: usize,
    ) -> Result<Step, ParseError> {
        let mut temperature = None;
        let mut pressure = None;
        let mut i = 1;
        let w = |k: usize| -> &str { &self.text[words[k].0..words[k].1] };
        loop {
            // what
            while i < words.len()
                && ["ambient", "stack"]
                    .iter()
                    .any(|a| w(i).eq_ignore_ascii_case(a))
            {
                i += 1;
            }
            let Some(&(ws, we)) = words.get(i) else {
                let at = words.last().map_or(end, |x| x.1);
                return Err(self.err(at, "expected \"temperature\" or \"pressure\" after \"Set\": \"Set temperature to 60 degC\""));
            };
            let what = w(i).to_ascii_lowercase();
            let is_temp = match what.as_str() {
                "temperature" | "temp" => true,
                "pressure" => false,
                _ => {
                    return Err(self.err(
                        ws,
                        format!(
                        "expected \"temperature\" or \"pressure\" after \"Set\", found \"{}\"{}",
                        w(i),
                        did_you_mean(w(i), &["temperature", "pressure"], 0.7)
                    ),
                    ))
                }
            };
            i += 1;
            match words.get(i) {
                Some(_) if w(i).eq_ignore_ascii_case("to") => i += 1,
                Some(&(ts, _)) => {
                    return Err(self.err(
                        ts,
                        format!("expected \"to\" after \"{}\"", &self.text[ws..we]),
                    ))
                }
                None => {
                    return Err(self.err(
                        we,
                        format!("expected \"to\" after \"{}\"", &self.text[ws..we]),
                    ))
                }
            }
            let vstart = i;
            while i < words.len() && !w(i).eq_ignore_ascii_case("and") {
                if CLAUSE_WORDS.iter().any(|k| w(i).eq_ignore_ascii_case(k)) {
                    return Err(self.err(
                        words[i].0,
                        "\"Set\" takes effect at once and has no stop or suffix; follow it with \"Rest for ...\" to wait",
                    ));
                }
                i += 1;
            }
            if i == vstart {
                let at = words[vstart - 1].1;
                return Err(self.err(
                    at,
                    format!(
                        "expected a {} after \"to\"",
                        if is_temp {
                            "temperature such as \"60 degC\""
                        } else {
                            "pressure such as \"5 MPa\""
                        }
                    ),
                ));
            }
            let (vs, ve) = (words[vstart].0, words[i - 1].1);
            if is_temp {
                let what = "a temperature such as \"60 degC\"";
                let q = self.quantity_of(vs, ve, what)?;
                if q.dim != dims::TEMPERATURE {
                    return Err(self.wrong_dim(vs, ve, what, q.dim));
                }
                let t = self.temperature(vs, q.value)?;
                if temperature.replace(t).is_some() {
                    return Err(self.err(vs, "the temperature is set twice"));
                }
            } else {
                let what = "a stack pressure such as \"5 MPa\"";
                let q = self.quantity_of(vs, ve, what)?;
                if q.dim != dims::PRESSURE {
                    return Err(self.wrong_dim(vs, ve, what, q.dim));
                }
                if q.value < 0.0 {
                    return Err(self.err(vs, "a stack pressure cannot be negative"));
                }
                if pressure.replace(q.value).is_some() {
                    return Err(self.err(vs, "the pressure is set twice"));
                }
            }
            if i >= words.len() {
                break;
            }
            // "and"
            if i + 1 >= words.len() {
                return Err(self.err(
                    words[i].1,
                    "expected \"temperature\" or \"pressure\" after \"and\"",
                ));
            }
            i += 1;
        }
        Ok(Step {
            mode: Mode::SetAmbient,
            stops: Vec::new(),
            temperature,
            pressure,
            text: self.text[start..end].to_string(),
            line,
            span: start..end,
        })
    }

    // ------------------------------------------------------------------ values

    /// A stop condition in `[vs, ve)`; `lead` when it came right after the step keyword, `for_`
    /// after "for".
    fn stop(
        &self,
        kind: Kind,
        vs: usize,
        ve: usize,
        lead: bool,
        for_: bool,
    ) -> Result<Stop, ParseError> {
        let (cmp, qs) = self.comparison(vs, ve);
        if qs >= ve {
            return Err(self.err(ve, "expected a value after the comparison"));
        }
        let v = self.value(qs, ve)?;
        let dim = match &v {
            Val::CRate(_) => dims::CURRENT,
            Val::Q(q) => q.dim,
        };
        if for_ && dim != dims::TIME {
            return Err(self.err(
                vs,
                format!(
                    "expected a duration such as \"2 h\" after \"for\"; \"{}\" is {} (use \"until\" for voltage, current and capacity stops)",
                    &self.text[vs..ve],
                    what_is(&v)
                ),
            ));
        }
        let q = match &v {
            Val::Q(q) => q.value,
            Val::CRate(x) => *x,
        };
        if dim == dims::VOLTAGE {
            if let Some((Subject::Current, _, p)) = cmp {
                return Err(self.err(p, "\"I\" compares a current, but the value is a voltage"));
            }
            let rises = match (kind, cmp) {
                (_, Some((_, above, _))) if kind.galvanostatic() => above,
                (Kind::Hold, _) => {
                    return Err(self.err(
                        vs,
                        if lead {
                            "write the hold voltage after \"at\": \"Hold at 3.8 V until 0.02 mA/cm2\""
                        } else {
                            "a Hold is at fixed voltage, so a voltage cannot end it: stop it on current (\"until 0.02 mA/cm2\", \"until C/50\") or time (\"for 2 h\")"
                        },
                    ))
                }
                (Kind::Rest, _) => return Err(self.err(vs, "a Rest ends only after a time, e.g. \"Rest for 1 h\"")),
                _ => matches!(kind, Kind::Charge | Kind::Strip),
            };
            return Ok(if rises {
                Stop::VoltageAbove(q)
            } else {
                Stop::VoltageBelow(q)
            });
        }
        let is_current =
            matches!(v, Val::CRate(_)) || dim == dims::CURRENT || dim == dims::CURRENT_DENSITY;
        if is_current {
            if let Some((subject, above, p)) = cmp {
                if subject == Subject::Voltage {
                    return Err(self.err(p, "\"V\" compares a voltage, but the value is a current"));
                }
                if above {
                    return Err(self.err(p, "a current stop ends the step when |I| falls below the value: write \"until I < 0.02 mA/cm2\" or just \"until 0.02 mA/cm2\""));
                }
            }
            return match kind {
                Kind::Hold => Ok(Stop::CurrentBelow(self.current(qs, ve, v)?)),
                Kind::Rest => Err(self.err(vs, "a Rest ends only after a time, e.g. \"Rest for 1 h\"")),
                k => Err(self.err(
                    vs,
                    format!(
                        "a current stop applies only to Hold; a {} runs at fixed current: stop it on {EX_STOP_GALV}",
                        k.name()
                    ),
                )),
            };
        }
        if let Some((_, _, p)) = cmp {
            return Err(self.err(p, "'<' and '>' apply only to voltage and current stops; write capacities and times without them"));
        }
        let cap = match dim {
            d if d == dims::AREAL_CAPACITY => Some(CapacityAmount::Areal(q)),
            d if d == dims::CHARGE => Some(CapacityAmount::Absolute(q)),
            d if d == dims::SPECIFIC_CAPACITY => Some(CapacityAmount::Specific(q)),
            _ => None,
        };
        if let Some(c) = cap {
            if kind == Kind::Rest {
                return Err(self.err(vs, "a Rest ends only after a time, e.g. \"Rest for 1 h\""));
            }
            if q <= 0.0 {
                return Err(self.err(vs, if q < 0.0 { "magnitudes only: a capacity is written without a sign (the direction comes from the step)" } else { "a capacity stop must be positive" }));
            }
            return Ok(Stop::Capacity(c));
        }
        if dim == dims::TIME {
            if q <= 0.0 {
                return Err(self.err(vs, "a duration must be positive"));
            }
            return Ok(Stop::Time(q));
        }
        if dim == dims::TEMPERATURE {
            return Err(self.err(vs, "a temperature is not a stop condition; to run the step at a temperature write \"at 60 degC\""));
        }
        Err(self.wrong_dim(
            vs,
            ve,
            &format!("{} after \"until\"", kind.stop_examples()),
            dim,
        ))
    }

    /// An optional `V >`, `I <`, `>`, `<=` … at the start of a stop value: (subject, above,
    /// position of the operator) and where the quantity starts.
    fn comparison(&self, vs: usize, ve: usize) -> (Option<(Subject, bool, usize)>, usize) {
        let t = &self.text[vs..ve];
        let op_at = |p: usize| -> Option<(bool, usize)> {
            let r = &self.text[p..ve];
            for (op, above) in [
                (">=", true),
                ("<=", false),
                ("≥", true),
                ("≤", false),
                (">", true),
                ("<", false),
            ] {
                if r.starts_with(op) {
                    return Some((above, p + op.len()));
                }
            }
            None
        };
        const SUBJECTS: &[(&str, Subject)] = &[
            ("voltage", Subject::Voltage),
            ("potential", Subject::Voltage),
            ("current", Subject::Current),
            ("|i|", Subject::Current),
            ("v", Subject::Voltage),
            ("e", Subject::Voltage),
            ("u", Subject::Voltage),
            ("i", Subject::Current),
        ];
        for (name, subject) in SUBJECTS {
            if t.get(..name.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(name))
            {
                let p = self.skip_ws(vs + name.len(), ve);
                if let Some((above, after)) = op_at(p) {
                    return (Some((*subject, above, p)), self.skip_ws(after, ve));
                }
            }
        }
        if let Some((above, after)) = op_at(vs) {
            // no subject: the value's dimension decides
            return (Some((Subject::Any, above, vs)), self.skip_ws(after, ve));
        }
        (None, vs)
    }

    /// A current set-point or current stop from a parsed value.
    fn current(&self, vs: usize, ve: usize, v: Val) -> Result<Current, ParseError> {
        let c = match v {
            Val::CRate(x) => Current::CRate(x),
            Val::Q(q) if q.dim == dims::CURRENT_DENSITY => Current::Density(q.value),
            Val::Q(q) if q.dim == dims::CURRENT => Current::Absolute(q.value),
            Val::Q(q) => return Err(self.wrong_dim(vs, ve, EX_CURRENT, q.dim)),
        };
        let m = c.magnitude();
        if m < 0.0 {
            return Err(self.err(vs, "magnitudes only: write the current without a sign; the direction comes from the step (Charge/Discharge, Plate/Strip)"));
        }
        if m == 0.0 {
            return Err(self.err(
                vs,
                "the current must be positive (for no current use \"Rest\")",
            ));
        }
        Ok(c)
    }

    fn temperature(&self, at: usize, kelvin: f64) -> Result<f64, ParseError> {
        if kelvin <= 0.0 {
            return Err(self.err(at, "a temperature must be above absolute zero"));
        }
        Ok(kelvin)
    }

    /// A quantity (not a C-rate) in `[vs, ve)`; `what` says what was expected.
    fn quantity_of(&self, vs: usize, ve: usize, what: &str) -> Result<units::Quantity, ParseError> {
        match self.value(vs, ve)? {
            Val::Q(q) => Ok(q),
            Val::CRate(_) => Err(self.err(vs, format!("expected {what}; found a C-rate"))),
        }
    }

    fn wrong_dim(&self, vs: usize, ve: usize, what: &str, found: Dimension) -> ParseError {
        self.err(
            vs,
            format!(
                "expected {what}; \"{}\" is {}",
                &self.text[vs..ve],
                describe(found)
            ),
        )
    }

    fn wrong_dim_of(&self, vs: usize, ve: usize, what: &str, v: &Val) -> ParseError {
        self.err(
            vs,
            format!(
                "expected {what}; \"{}\" is {}",
                &self.text[vs..ve],
                what_is(v)
            ),
        )
    }

    /// A value: a C-rate (`C/5`, `0.2C`, `2 C`) or a quantity with units.
    fn value(&self, s: usize, e: usize) -> Result<Val, ParseError> {
        let t = &self.text[s..e];
        let b = t.as_bytes();
        if let Some(&first) = b.first() {
            if first == b'C' || first == b'c' {
                let mut k = 1;
                while k < b.len() && is_ws(b[k]) {
                    k += 1;
                }
                if k < b.len() && b[k] == b'/' {
                    k += 1;
                    while k < b.len() && is_ws(b[k]) {
                        k += 1;
                    }
                    if k < b.len() && (b[k].is_ascii_digit() || b[k] == b'.') {
                        let x = self.number(s + k, e)?;
                        let rate = 1.0 / x;
                        if x <= 0.0 || !rate.is_finite() {
                            return Err(
                                self.err(s + k, "the C-rate divisor must be a positive number")
                            );
                        }
                        return Ok(Val::CRate(rate));
                    }
                }
            }
        }
        if let Some(&last) = b.last() {
            if last == b'C' || last == b'c' {
                let num = t[..t.len() - 1].trim_end();
                if num.bytes().any(|c| c.is_ascii_digit())
                    && num
                        .bytes()
                        .all(|c| c.is_ascii_digit() || b"+-.eE".contains(&c))
                {
                    return Ok(Val::CRate(self.number(s, s + num.len())?));
                }
            }
        }
        // spelled-out time units ("2 hours") are read as their symbols
        let mut owned = None;
        let mut clamp = usize::MAX;
        if let Some((head, word)) = t.rsplit_once(char::is_whitespace) {
            if !head.trim().is_empty() {
                if let Some((_, sym)) = TIME_WORDS
                    .iter()
                    .find(|(w, _)| word.eq_ignore_ascii_case(w))
                {
                    clamp = t.len() - word.len();
                    owned = Some(format!("{}{sym}", &t[..clamp]));
                }
            }
        }
        let q_text = owned.as_deref().unwrap_or(t);
        units::parse_quantity(q_text)
            .map(Val::Q)
            .map_err(|err| self.unit_error(s, &err, clamp))
    }

    /// A plain number in `[s, e)` (read with the quantity parser's number grammar).
    fn number(&self, s: usize, e: usize) -> Result<f64, ParseError> {
        let q = units::parse_quantity(&self.text[s..e])
            .map_err(|err| self.unit_error(s, &err, usize::MAX))?;
        if q.dim != dims::DIMENSIONLESS {
            return Err(self.err(
                s,
                format!("expected a plain number, found \"{}\"", &self.text[s..e]),
            ));
        }
        Ok(q.value)
    }

    /// A quantity error at its position in the original text (`s` is where the quantity
    /// starts; positions at or after `clamp` fall inside a replaced word and point to its start).
    fn unit_error(&self, s: usize, err: &UnitError, clamp: usize) -> ParseError {
        let rel = err.position().unwrap_or(0).min(clamp);
        let msg = match err {
            UnitError::UnknownUnit {
                symbol, suggestion, ..
            } => {
                let low = symbol.to_lowercase();
                if low == "and" {
                    "stop conditions are alternatives joined with \"or\" (the first one met ends the step)".to_string()
                } else if let Some(kw) = best_match(&low, CLAUSE_WORDS, 0.85) {
                    format!("unknown word \"{symbol}\" (did you mean \"{kw}\"?)")
                } else {
                    let words: Vec<&str> = TIME_WORDS.iter().map(|(w, _)| *w).collect();
                    let hint = match suggestion {
                        Some(x) => format!(" (did you mean \"{x}\"?)"),
                        None => did_you_mean(symbol, &words, 0.85),
                    };
                    format!("unknown unit \"{symbol}\"{hint}")
                }
            }
            UnitError::Syntax { input, what, .. } => {
                format!("in \"{}\": expected {what}", input.trim())
            }
            UnitError::BadNumber { input, .. } => {
                format!("expected a number in \"{}\"", input.trim())
            }
            UnitError::Empty => "expected a value".to_string(),
            other => other.to_string(),
        };
        self.err(s + rel, msg)
    }
}

fn unexpected_bracket() -> &'static str {
    "unexpected '[': brackets hold the body of a repeat, as in \"Repeat 3 times: [Charge at C/2 until 3.8 V; Discharge at C/2 until 2.5 V]\""
}

fn what_is(v: &Val) -> String {
    match v {
        Val::CRate(_) => "a C-rate".to_string(),
        Val::Q(q) => describe(q.dim),
    }
}

/// "a voltage", "an areal capacity", "a number without a unit", "in [m^2 kg]".
fn describe(d: Dimension) -> String {
    if d == dims::DIMENSIONLESS {
        return "a number without a unit".to_string();
    }
    match d.name() {
        Some(n) => {
            let an = if n.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{an} {n}")
        }
        None => format!("in [{d}]"),
    }
}

fn best_match<'k>(word: &str, candidates: &[&'k str], threshold: f64) -> Option<&'k str> {
    let low = word.to_lowercase();
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(&low, &c.to_lowercase()), *c))
        .filter(|(s, _)| *s >= threshold)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn did_you_mean(word: &str, candidates: &[&str], threshold: f64) -> String {
    best_match(word, candidates, threshold)
        .map(|c| format!(" (did you mean \"{c}\"?)"))
        .unwrap_or_default()
}
