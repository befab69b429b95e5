//! The protocol parser: lines and indentation, `;` and `[...]` sequences, then one step at a time
//! split into clauses at the keywords `at`, `until`, `for`, `or`, `under`. Every position is a byte
//! offset into the original text, turned into line and column only when an error is reported.

use super::{ParseError, Protocol};
use crate::units;

mod lexer;
mod steps;
mod structure;
mod values;

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
    let n = crate::protocol::expand::count(&items);
    if n > crate::protocol::MAX_STEPS {
        let at = items
            .iter()
            .find_map(|it| match it {
                crate::protocol::Item::Repeat { line, .. } => {
                    p.lines.iter().find(|l| l.no == *line)
                }
                _ => None,
            })
            .map_or(first.start, |l| l.start);
        return Err(p.err(
            at,
            format!(
                "the repeats expand to {} steps, more than the {:e} a run may have; \
                 lower the repeat counts",
                if n == u64::MAX {
                    "over 1.8e19".to_string()
                } else {
                    format!("{n:e}")
                },
                crate::protocol::MAX_STEPS as f64
            ),
        ));
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

fn unexpected_bracket() -> &'static str {
    "unexpected '[': brackets hold the body of a repeat, as in \"Repeat 3 times: [Charge at C/2 until 3.8 V; Discharge at C/2 until 2.5 V]\""
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
