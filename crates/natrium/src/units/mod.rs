//! Quantities with units, parsed from strings and converted to SI.
//!
//! Every number a user or a data file gives natrium is a string such as `"12 um"`,
//! `"0.1 mA/cm^2"`, `"2 MPa"` or `"25 degC"`. [`parse_quantity`] reads the number and the unit
//! expression, works out its [`Dimension`] and returns the value in SI; [`parse_as`] also checks
//! the dimension against the one expected. Decimal prefixes are applied by shifting the decimal
//! exponent of the literal, so a value in a decimal unit converts with a single correctly rounded
//! conversion ("5 mS/cm" is exactly the double nearest to 0.5 S/m). [`format_in`] is its inverse:
//! `parse_quantity(&format_in(x, u)?)` returns `x` bit-for-bit for every decimal unit `u`.

mod dimension;
mod format;
mod parse;
mod symbols;

pub use dimension::{dims, Dimension};
pub use format::{format_in, format_sig, sig_digits, to_unit};
pub use parse::Unit;
pub use symbols::ELEMENTARY_CHARGE;

use thiserror::Error;

/// A value in SI units with its dimension.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub dim: Dimension,
}

/// Errors of the quantity parser. Positions are byte offsets into `input`.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum UnitError {
    #[error("empty value: expected a number with a unit, e.g. \"12 um\"")]
    Empty,
    #[error("\"{input}\": expected a number at position {pos}")]
    BadNumber { input: String, pos: usize },
    #[error("\"{input}\": number out of range")]
    OutOfRange { input: String },
    #[error("\"{input}\": at position {pos} expected {what}")]
    Syntax {
        input: String,
        pos: usize,
        what: String,
    },
    #[error("\"{input}\": unknown unit \"{symbol}\" at position {pos}{}", suggestion.as_ref().map(|s| format!(" (did you mean \"{s}\"?)")).unwrap_or_default())]
    UnknownUnit {
        input: String,
        symbol: String,
        pos: usize,
        suggestion: Option<String>,
    },
    #[error(
        "\"{input}\": degC is an offset scale and must stand alone (use K inside compound units)"
    )]
    AffineInCompound { input: String, pos: usize },
    #[error("\"{input}\" has no unit; expected {}", expected_text(.expected))]
    MissingUnit { input: String, expected: Dimension },
    #[error("\"{input}\" is {}, expected {}", found.describe(), expected_text(.expected))]
    WrongDimension {
        input: String,
        found: Dimension,
        expected: Dimension,
    },
    #[error("\"{input}\" is not a finite number")]
    NotFinite { input: String },
}

fn expected_text(d: &Dimension) -> String {
    match d.example() {
        Some(ex) => format!("{} such as \"{ex}\"", d.describe()),
        None => d.describe(),
    }
}

impl UnitError {
    /// Byte position in the input where the problem was found, when known.
    pub fn position(&self) -> Option<usize> {
        match self {
            UnitError::BadNumber { pos, .. }
            | UnitError::Syntax { pos, .. }
            | UnitError::UnknownUnit { pos, .. }
            | UnitError::AffineInCompound { pos, .. } => Some(*pos),
            _ => None,
        }
    }
}

/// Parse a unit expression alone, e.g. `"mA/cm^2"`.
pub fn parse_unit(s: &str) -> Result<Unit, UnitError> {
    parse::parse_unit_at(s, s, 0)
}

/// Parse a quantity string into SI.
pub fn parse_quantity(s: &str) -> Result<Quantity, UnitError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(UnitError::Empty);
    }
    let lead = s.len() - s.trim_start().len();
    let num = parse::scan_number(t).map_err(|e| match e {
        UnitError::BadNumber { pos, .. } => UnitError::BadNumber {
            input: s.to_string(),
            pos: pos + lead,
        },
        UnitError::OutOfRange { .. } => UnitError::OutOfRange {
            input: s.to_string(),
        },
        other => other,
    })?;
    let unit = parse::parse_unit_at(s, &t[num.end..], lead + num.end)?;
    let v = parse::decimal_to_f64(&num.mantissa, num.exp10 + unit.pow10 as i64, s)?;
    let value = v * unit.factor + unit.offset;
    if !value.is_finite() {
        return Err(UnitError::NotFinite {
            input: s.to_string(),
        });
    }
    Ok(Quantity {
        value,
        dim: unit.dim,
    })
}

/// Parse and check the dimension. A bare number is accepted only where a dimensionless value is
/// expected.
pub fn parse_as(s: &str, expected: Dimension) -> Result<f64, UnitError> {
    let q = parse_quantity(s)?;
    if q.dim != expected {
        let t = s.trim();
        let has_unit = parse::scan_number(t)
            .map(|n| !t[n.end..].trim().is_empty())
            .unwrap_or(true);
        if !has_unit {
            return Err(UnitError::MissingUnit {
                input: s.to_string(),
                expected,
            });
        }
        return Err(UnitError::WrongDimension {
            input: s.to_string(),
            found: q.dim,
            expected,
        });
    }
    Ok(q.value)
}

/// Parse a quantity that may be given in any of several dimensions (e.g. an activation energy
/// in eV or kJ/mol); returns the value and which dimension matched.
pub fn parse_any_of(s: &str, allowed: &[Dimension]) -> Result<(f64, Dimension), UnitError> {
    let q = parse_quantity(s)?;
    if allowed.contains(&q.dim) {
        Ok((q.value, q.dim))
    } else {
        Err(UnitError::WrongDimension {
            input: s.to_string(),
            found: q.dim,
            expected: allowed.first().copied().unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests;
