//! Valid and typical ranges of input quantities. Each input schema declares its own (the cell
//! design in `cell::limits`, the protocol in `protocol::limits`, the forecast options in
//! `analysis::forecast`): a value outside the valid range is an error naming field, value and
//! range; one outside the typical range is accepted with a warning naming the range.

use crate::units::{self, Dimension};

/// Ranges of one quantity, in SI.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// What the value is, e.g. "current density".
    pub quantity: &'static str,
    /// Dimension of the value.
    pub dim: Dimension,
    /// Unit the messages show the bounds in.
    pub unit: &'static str,
    /// Accepted range (inclusive).
    pub valid: (f64, f64),
    /// Range of ordinary designs and experiments (inclusive); outside it, a warning.
    pub typical: (f64, f64),
    /// Why the valid bounds are where they are.
    pub why: &'static str,
}

/// A value judged against a [`Limit`].
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Ok,
    /// Outside the typical range: a warning.
    Unusual(String),
    /// Outside the valid range: an error.
    Invalid(String),
}

/// `x` in `unit` with 3 significant digits (SI with its exponent if the unit does not fit).
pub fn show(x: f64, unit: &str) -> String {
    units::format_sig(x, unit, 3).unwrap_or_else(|_| format!("{x:e} (SI)"))
}

impl Limit {
    /// "from A to B".
    pub fn range_text(&self, r: (f64, f64)) -> String {
        format!("from {} to {}", show(r.0, self.unit), show(r.1, self.unit))
    }

    /// The verdict on a value in SI.
    pub fn check(&self, si: f64) -> Verdict {
        if !si.is_finite() || si < self.valid.0 || si > self.valid.1 {
            return Verdict::Invalid(format!(
                "{} {} is outside the valid range {} ({})",
                self.quantity,
                show(si, self.unit),
                self.range_text(self.valid),
                self.why
            ));
        }
        if si < self.typical.0 || si > self.typical.1 {
            return Verdict::Unusual(format!(
                "{} {} is outside the typical range {}; check the value",
                self.quantity,
                show(si, self.unit),
                self.range_text(self.typical)
            ));
        }
        Verdict::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::dims;

    const L: Limit = Limit {
        quantity: "thickness",
        dim: dims::LENGTH,
        unit: "um",
        valid: (1e-6, 1e-2),
        typical: (5e-6, 2e-3),
        why: "test",
    };

    #[test]
    fn verdicts_name_the_value_and_the_range() {
        assert_eq!(L.check(30e-6), Verdict::Ok);
        match L.check(1e6) {
            Verdict::Invalid(m) => assert!(
                m.contains("1.00e12 um") && m.contains("from 1.00 um to 10000 um"),
                "{m}"
            ),
            v => panic!("{v:?}"),
        }
        match L.check(3e-3) {
            Verdict::Unusual(m) => {
                assert!(m.contains("typical range from 5.00 um to 2000 um"), "{m}")
            }
            v => panic!("{v:?}"),
        }
        assert!(matches!(L.check(f64::NAN), Verdict::Invalid(_)));
    }
}
