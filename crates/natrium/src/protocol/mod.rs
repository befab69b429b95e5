//! The experiment language: what the cell is asked to do, step by step.
//!
//! A protocol is plain text in the style of PyBaMM experiment strings, one instruction per line
//! (or several separated by `;`). Keywords are case-insensitive; quantities are read by
//! [`crate::units`] and stored in SI.
//!
//! ```text
//! # first charge of an anode-free cell, then 100 cycles
//! Set temperature to 25 degC
//! Charge at 0.1 mA/cm2 until 3.8 V
//! Rest for 1 h
//! Repeat 100 times:
//!     Charge at C/2 until 3.8 V or 5 h
//!     Hold at 3.8 V until C/50
//!     Discharge at C/2 until 2.5 V under 2 MPa
//! ```
//!
//! # Grammar
//!
//! ```text
//! protocol    := line*                                  (blank lines and '#' comments ignored)
//! line        := indent instruction (';' instruction)* [';']
//! instruction := step | repeat
//! repeat      := 'Repeat' INT ['times'|'time'|'cycles'|'cycle'|'x'] [':'] ( '[' body ']' | EOL block )
//! body        := instruction (';' instruction)*         (inline form; may nest)
//! block       := the following lines indented deeper than the 'Repeat' line (may nest)
//! step        := current-step | hold | rest | set
//! current-step:= ('Charge'|'Discharge'|'Plate'|'Strip') [amount] 'at' current stops suffix*
//! hold        := 'Hold' 'at' VOLTAGE stops suffix*
//! rest        := 'Rest' ['for'] TIME ['or' TIME]* suffix*
//! set         := 'Set' what 'to' Q ('and' what 'to' Q)*    what := 'temperature' | 'pressure'
//! stops       := stop-clause (stop-clause)*             any one of them ends the step
//! stop-clause := ('until'|'for'|'or'|'or until'|'or for') stop
//! stop        := VOLTAGE | CAPACITY | TIME | current | ['V'|'I'] ('>'|'<') Q
//! suffix      := 'at' TEMPERATURE | 'under' PRESSURE
//! current     := CURRENT_DENSITY ("0.1 mA/cm2") | CURRENT ("2 mA") | c-rate
//! c-rate      := 'C/' NUMBER | NUMBER ['C']             ("C/5", "0.2C", "0.2 C", "2C")
//! ```
//!
//! The clauses after a step keyword may come in any order (`Rest at 60 degC for 1 h`); an `at`
//! whose value is a temperature is the temperature suffix, any other `at` is the set-point.
//! Indentation counts spaces, a tab advancing to the next multiple of 4 columns. A `Repeat`
//! header ending its line opens an indented block; an inline body in `[...]` must close on the
//! same line.
//!
//! Meaning of the stops (the first one reached ends the step):
//! * a voltage: `Charge` and `Strip` stop when the voltage rises **above** it, `Discharge` and
//!   `Plate` when it falls **below**; write `until V > 3.8 V` / `until V < 2.5 V` to choose.
//!   For deposition (collector|SE|Na) and symmetric cells the voltage is the working-electrode
//!   potential against the Na counter electrode, which falls while plating and rises while
//!   stripping.
//! * a current (only after `Hold`): the step ends when |I| falls below it ("until 0.02 mA/cm2",
//!   "until C/50").
//! * a capacity passed in the step: areal ("1 mAh/cm2"), absolute ("2 mAh") or per mass of
//!   cathode active material ("50 mAh/g"). `Plate 1 mAh/cm2 at 0.5 mA/cm2` is the same as
//!   `Plate at 0.5 mA/cm2 until 1 mAh/cm2`.
//! * a time ("for 2 h", "until 2 h", "or 5 h"); `hours`, `minutes`, `seconds` are also read.
//!
//! After a number, `C` always means the C-rate; write charges in `Ah` / `mAh`.
//!
//! Checks (all are errors, reported with file, line and column):
//! magnitudes only (the direction comes from the step; "Discharge at -1 mA" is an error),
//! currents, times and capacities must be positive, temperatures above 0 K, pressures not
//! negative; every step must end (a current step needs a stop, a `Rest` needs a time, and a `Hold`
//! needs a current or time stop — a capacity alone may never be reached while the current
//! decays); a voltage stop on a `Hold`/`Rest` or a current stop on a galvanostatic step is
//! rejected; repeat counts are 1…10⁷ and bodies are not empty; nesting is at most
//! [`MAX_DEPTH`] levels. The voltage value itself is not checked against the direction:
//! "Charge … until 2.5 V" is accepted (the runner ends such a step at once if the cell is
//! already above 2.5 V).
//!
//! `Set temperature to …` / `Set pressure to …` change the ambient for all following steps; an
//! `at 60 degC` / `under 2 MPa` suffix applies to its own step only.
//!
//! [`Protocol`] implements `Display` as canonical text that parses back to an equal protocol
//! (values bit for bit). Equality compares meaning only: the text, line and span a step was read
//! from are provenance and are ignored by `==`.

mod display;
mod error;
mod expand;
pub mod limits;
mod parse;

#[cfg(test)]
mod tests;

use std::ops::Range;
use std::path::Path;

pub use error::ParseError;
pub use expand::{ExpandedStep, Steps};

/// Deepest nesting of `Repeat` blocks accepted.
pub const MAX_DEPTH: usize = 32;
/// Largest repeat count accepted.
pub const MAX_REPEAT: u32 = 10_000_000;
/// Most steps a protocol may expand to (repeat counts multiplied through the nesting): at the
/// engine's tens of microseconds per step, about a day of computing.
pub const MAX_STEPS: u64 = 100_000_000;
/// Largest protocol text read [bytes].
pub const MAX_TEXT: u64 = 1 << 20;

/// A current set-point. Magnitudes only: the direction comes from the [`Mode`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Current {
    /// Current density \[A/m²\] through the cell's active area.
    Density(f64),
    /// Absolute current \[A\].
    Absolute(f64),
    /// C-rate \[1/h\] relative to the cell's nominal capacity (0.2 for "C/5").
    CRate(f64),
}

/// What the step controls.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mode {
    /// Galvanostatic charge of a full cell.
    Charge(Current),
    /// Galvanostatic discharge of a full cell.
    Discharge(Current),
    /// Cathodic current at the negative (Na plates on the collector / working electrode).
    Plate(Current),
    /// Anodic current at the negative (Na is stripped).
    Strip(Current),
    /// Potentiostatic hold at this voltage \[V\].
    Hold(f64),
    /// Open circuit.
    Rest,
    /// Instantaneous change of the ambient temperature and/or stack pressure for all following
    /// steps (the new values are in [`Step::temperature`] / [`Step::pressure`]).
    SetAmbient,
}

/// A condition that ends a step; the first one met wins.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stop {
    /// Voltage rises above \[V\].
    VoltageAbove(f64),
    /// Voltage falls below \[V\].
    VoltageBelow(f64),
    /// |current| falls below (potentiostatic steps).
    CurrentBelow(Current),
    /// This much charge has passed in the step.
    Capacity(CapacityAmount),
    /// The step has lasted this long \[s\].
    Time(f64),
}

/// A capacity passed in one step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CapacityAmount {
    /// Per active area \[C/m²\].
    Areal(f64),
    /// Whole cell \[C\].
    Absolute(f64),
    /// Per mass of cathode active material \[C/kg\].
    Specific(f64),
}

/// One instruction.
#[derive(Clone, Debug)]
pub struct Step {
    pub mode: Mode,
    /// Alternatives; the first one met ends the step. Empty only for [`Mode::SetAmbient`].
    pub stops: Vec<Stop>,
    /// Temperature \[K\]: for this step only, or the new ambient for [`Mode::SetAmbient`].
    pub temperature: Option<f64>,
    /// Stack pressure \[Pa\]: for this step only, or the new ambient for [`Mode::SetAmbient`].
    pub pressure: Option<f64>,
    /// The instruction as written.
    pub text: String,
    /// 1-based line of the instruction in its source.
    pub line: usize,
    /// Byte range of the instruction in its source text.
    pub span: Range<usize>,
}

/// A step or a repeated block.
#[derive(Clone, Debug)]
pub enum Item {
    Step(Step),
    Repeat {
        count: u32,
        body: Vec<Item>,
        /// 1-based line of the `Repeat` keyword.
        line: usize,
    },
}

/// A parsed experiment.
#[derive(Clone, Debug)]
pub struct Protocol {
    pub items: Vec<Item>,
    /// File name, bundled name, or `"<string>"`.
    pub source: String,
}

impl Current {
    /// The magnitude in its own unit (A/m², A or 1/h).
    pub fn magnitude(&self) -> f64 {
        match *self {
            Current::Density(x) | Current::Absolute(x) | Current::CRate(x) => x,
        }
    }
}

impl Mode {
    /// The keyword of this mode as written in canonical text.
    pub fn keyword(&self) -> &'static str {
        match self {
            Mode::Charge(_) => "Charge",
            Mode::Discharge(_) => "Discharge",
            Mode::Plate(_) => "Plate",
            Mode::Strip(_) => "Strip",
            Mode::Hold(_) => "Hold",
            Mode::Rest => "Rest",
            Mode::SetAmbient => "Set",
        }
    }

    /// The current set-point of a galvanostatic step.
    pub fn current(&self) -> Option<Current> {
        match *self {
            Mode::Charge(c) | Mode::Discharge(c) | Mode::Plate(c) | Mode::Strip(c) => Some(c),
            _ => None,
        }
    }

    /// Whether a plain voltage stop ("until 3.8 V") means "rises above" in this mode: true for
    /// Charge and Strip, false for Discharge and Plate, `None` where voltage stops do not apply.
    pub fn voltage_rises(&self) -> Option<bool> {
        match self {
            Mode::Charge(_) | Mode::Strip(_) => Some(true),
            Mode::Discharge(_) | Mode::Plate(_) => Some(false),
            _ => None,
        }
    }
}

impl PartialEq for Step {
    /// Meaning only: `text`, `line` and `span` are ignored.
    fn eq(&self, other: &Self) -> bool {
        self.mode == other.mode
            && self.stops == other.stops
            && self.temperature == other.temperature
            && self.pressure == other.pressure
    }
}

impl PartialEq for Item {
    /// Meaning only: lines are ignored.
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Item::Step(a), Item::Step(b)) => a == b,
            (
                Item::Repeat {
                    count: c1,
                    body: b1,
                    ..
                },
                Item::Repeat {
                    count: c2,
                    body: b2,
                    ..
                },
            ) => c1 == c2 && b1 == b2,
            _ => false,
        }
    }
}

impl PartialEq for Protocol {
    /// Meaning only: the items are compared, not the source name.
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}

impl Protocol {
    /// Parse protocol text; `source` names it in error messages (a file name or `"<string>"`).
    pub fn parse(text: &str, source: &str) -> Result<Protocol, ParseError> {
        if text.len() as u64 > MAX_TEXT {
            return Err(ParseError::without_position(
                source,
                format!(
                    "the protocol is {} bytes long; at most {MAX_TEXT} bytes are read (use \
                     Repeat for long experiments)",
                    text.len()
                ),
            ));
        }
        parse::parse(text, source)
    }

    /// Read and parse a protocol file.
    pub fn load(path: impl AsRef<Path>) -> Result<Protocol, ParseError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = crate::fsutil::read_text_limited(path, MAX_TEXT)
            .map_err(|e| ParseError::without_position(&name, e))?;
        Protocol::parse(&text, &name)
    }

    /// A protocol bundled with natrium, by name with or without `.txt` (e.g. `"cccv"`); see
    /// [`Protocol::bundled_names`].
    pub fn bundled(name: &str) -> Result<Protocol, ParseError> {
        let stem = name.strip_suffix(".txt").unwrap_or(name);
        let rel = format!("protocols/{stem}.txt");
        match crate::materials::bundled_file(&rel) {
            Some(text) => Protocol::parse(text, &rel),
            None => {
                let names = Protocol::bundled_names();
                let hint = names
                    .iter()
                    .map(|n| (strsim::jaro_winkler(stem, n), *n))
                    .filter(|(s, _)| *s > 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, n)| format!(" (did you mean \"{n}\"?)"))
                    .unwrap_or_default();
                Err(ParseError::without_position(
                    name,
                    format!(
                        "no bundled protocol \"{stem}\"{hint}; bundled: {}",
                        names.join(", ")
                    ),
                ))
            }
        }
    }

    /// Names (file stems) of the bundled protocols.
    pub fn bundled_names() -> Vec<&'static str> {
        crate::materials::bundled_files("protocols/")
            .into_iter()
            .filter_map(|p| p.strip_prefix("protocols/")?.strip_suffix(".txt"))
            .collect()
    }

    /// All steps in execution order with repeats expanded lazily (a 10⁷-cycle protocol costs
    /// nothing until iterated).
    pub fn steps(&self) -> Steps<'_> {
        Steps::new(&self.items)
    }

    /// Number of steps [`Protocol::steps`] yields (saturating at `u64::MAX`).
    pub fn n_steps_expanded(&self) -> u64 {
        expand::count(&self.items)
    }
}

impl From<ParseError> for crate::error::InputError {
    fn from(e: ParseError) -> Self {
        let mut msg = e.message.clone();
        if e.line > 0 {
            msg = format!("column {}: {msg}", e.column);
        }
        let err = crate::error::InputError::new(e.source_name.clone(), "", msg)
            .at_line((e.line > 0).then_some(e.line));
        if e.line > 0 {
            err.with_value(e.line_text.trim().to_string())
        } else {
            err
        }
    }
}
