//! Valid and typical ranges of the quantities a protocol sets. A value outside the valid range
//! is an error (the parser reports it with line and column, the runner refuses the step); a
//! value outside the typical range runs, with a warning naming the range.

use crate::units;

/// Ranges of one quantity, in SI.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    /// What the value is, e.g. "current density".
    pub quantity: &'static str,
    /// Unit the message shows the bounds in.
    pub unit: &'static str,
    /// Accepted range (inclusive).
    pub valid: (f64, f64),
    /// Range of ordinary experiments (inclusive); outside it the run warns.
    pub typical: (f64, f64),
    /// Why the bounds are where they are.
    pub why: &'static str,
}

/// What a value is, against a [`Limit`].
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Ok,
    /// Outside the typical range: a warning message.
    Unusual(String),
    /// Outside the valid range: an error message.
    Invalid(String),
}

fn show(x: f64, unit: &str) -> String {
    units::format_sig(x, unit, 3).unwrap_or_else(|_| format!("{x:e} (SI)"))
}

impl Limit {
    /// The verdict on `si`.
    pub fn check(&self, si: f64) -> Verdict {
        let range = |r: (f64, f64)| format!("{} to {}", show(r.0, self.unit), show(r.1, self.unit));
        if !si.is_finite() || si < self.valid.0 || si > self.valid.1 {
            return Verdict::Invalid(format!(
                "{} {} is outside the valid range {} ({})",
                self.quantity,
                show(si, self.unit),
                range(self.valid),
                self.why
            ));
        }
        if si < self.typical.0 || si > self.typical.1 {
            return Verdict::Unusual(format!(
                "{} {} is outside the typical range {}; check the value",
                self.quantity,
                show(si, self.unit),
                range(self.typical)
            ));
        }
        Verdict::Ok
    }
}

/// Current density through the cell [A/m²]: valid up to 1 A/cm², typical up to 20 mA/cm².
pub const CURRENT_DENSITY: Limit = Limit {
    quantity: "current density",
    unit: "mA/cm^2",
    valid: (0.0, 1e4),
    typical: (1e-3, 200.0),
    why: "above 1 A/cm^2 no solid electrolyte carries the current and the model's kinetics do not apply",
};

/// C-rate [1/h].
pub const C_RATE: Limit = Limit {
    quantity: "C-rate",
    unit: "1/h",
    valid: (0.0, 1000.0),
    typical: (0.001, 20.0),
    why: "a full (dis)charge in under 4 s",
};

/// Absolute current [A].
pub const CURRENT: Limit = Limit {
    quantity: "current",
    unit: "mA",
    valid: (0.0, 1000.0),
    typical: (0.0, 10.0),
    why: "a laboratory solid-state cell",
};

/// Duration of a step [s]: up to 30 years.
pub const DURATION: Limit = Limit {
    quantity: "duration",
    unit: "h",
    valid: (0.0, 1e9),
    typical: (0.0, 1e7),
    why: "about 30 years",
};

/// Areal capacity passed in one step [C/m²].
pub const AREAL_CAPACITY: Limit = Limit {
    quantity: "capacity",
    unit: "mAh/cm^2",
    valid: (0.0, 3.6e6),
    typical: (0.0, 3.6e5),
    why: "100 mAh/cm^2 is about 0.9 mm of sodium",
};

/// Temperature [K].
pub const TEMPERATURE: Limit = Limit {
    quantity: "temperature",
    unit: "degC",
    valid: (150.0, 573.15),
    typical: (233.15, 363.15),
    why: "the property data cover solid-state cells from -120 to 300 degC at most, and \
          sodium melts at 97.8 degC",
};

/// Stack pressure [Pa].
pub const PRESSURE: Limit = Limit {
    quantity: "stack pressure",
    unit: "MPa",
    valid: (0.0, 1e9),
    typical: (0.0, 100e6),
    why: "1 GPa crushes ceramic separators",
};

/// Voltage set-point or stop [V] (a half cell's is vs Na and may be negative).
pub const VOLTAGE: Limit = Limit {
    quantity: "voltage",
    unit: "V",
    valid: (-10.0, 10.0),
    typical: (-5.0, 6.0),
    why: "no solid-state sodium cell reaches it",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_typical_and_message() {
        assert_eq!(CURRENT_DENSITY.check(10.0), Verdict::Ok);
        match CURRENT_DENSITY.check(5e4) {
            Verdict::Invalid(m) => {
                assert!(m.contains("current density"), "{m}");
                assert!(m.contains("5000 mA/cm^2") || m.contains("5e3"), "{m}");
                assert!(m.contains("1000 mA/cm^2"), "{m}");
            }
            v => panic!("{v:?}"),
        }
        assert!(matches!(CURRENT_DENSITY.check(500.0), Verdict::Unusual(_)));
        assert!(matches!(PRESSURE.check(f64::NAN), Verdict::Invalid(_)));
        assert!(matches!(TEMPERATURE.check(100.0), Verdict::Invalid(_)));
    }
}
