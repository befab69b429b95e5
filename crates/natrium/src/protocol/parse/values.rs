//! Values: stop conditions, comparisons, currents, temperatures and quantities with units.

use super::lexer::is_ws;
use super::{
    best_match, did_you_mean, Kind, Parser, Subject, Val, CLAUSE_WORDS, EX_CURRENT, EX_STOP_GALV,
    TIME_WORDS,
};
use crate::protocol::{CapacityAmount, Current, ParseError, Stop};
use crate::units::{self, dims, Dimension, UnitError};

impl<'a> Parser<'a> {
    // ------------------------------------------------------------------ values

    /// A stop condition in `[vs, ve)`; `lead` when it came right after the step keyword, `for_`
    /// after "for".
    pub(super) fn stop(
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
    pub(super) fn current(&self, vs: usize, ve: usize, v: Val) -> Result<Current, ParseError> {
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

    pub(super) fn temperature(&self, at: usize, kelvin: f64) -> Result<f64, ParseError> {
        if kelvin <= 0.0 {
            return Err(self.err(at, "a temperature must be above absolute zero"));
        }
        Ok(kelvin)
    }

    /// A quantity (not a C-rate) in `[vs, ve)`; `what` says what was expected.
    pub(super) fn quantity_of(
        &self,
        vs: usize,
        ve: usize,
        what: &str,
    ) -> Result<units::Quantity, ParseError> {
        match self.value(vs, ve)? {
            Val::Q(q) => Ok(q),
            Val::CRate(_) => Err(self.err(vs, format!("expected {what}; found a C-rate"))),
        }
    }

    pub(super) fn wrong_dim(
        &self,
        vs: usize,
        ve: usize,
        what: &str,
        found: Dimension,
    ) -> ParseError {
        self.err(
            vs,
            format!(
                "expected {what}; \"{}\" is {}",
                &self.text[vs..ve],
                describe(found)
            ),
        )
    }

    pub(super) fn wrong_dim_of(&self, vs: usize, ve: usize, what: &str, v: &Val) -> ParseError {
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
    pub(super) fn value(&self, s: usize, e: usize) -> Result<Val, ParseError> {
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
