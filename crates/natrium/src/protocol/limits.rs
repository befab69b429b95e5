//! Valid and typical ranges of the quantities a protocol sets. A value outside the valid range
//! is an error (the parser reports it with line and column, the runner refuses the step); a
//! value outside the typical range runs, with a warning naming the range.

pub use crate::limits::{Limit, Verdict};
use crate::units::dims;

/// Current density through the cell [A/m²]: valid up to 1 A/cm², typical up to 20 mA/cm².
pub const CURRENT_DENSITY: Limit = Limit {
    quantity: "current density",
    dim: dims::CURRENT_DENSITY,
    unit: "mA/cm^2",
    valid: (0.0, 1e4),
    typical: (1e-3, 200.0),
    why: "above 1 A/cm^2 no solid electrolyte carries the current and the model's kinetics do not apply",
};

/// C-rate [1/h].
pub const C_RATE: Limit = Limit {
    quantity: "C-rate",
    dim: dims::FREQUENCY,
    unit: "1/h",
    valid: (0.0, 1000.0),
    typical: (0.001, 20.0),
    why: "a full (dis)charge in under 4 s",
};

/// Absolute current [A].
pub const CURRENT: Limit = Limit {
    quantity: "current",
    dim: dims::CURRENT,
    unit: "mA",
    valid: (0.0, 1000.0),
    typical: (0.0, 10.0),
    why: "a laboratory solid-state cell",
};

/// Duration of a step [s]: up to 30 years.
pub const DURATION: Limit = Limit {
    quantity: "duration",
    dim: dims::TIME,
    unit: "h",
    valid: (0.0, 1e9),
    typical: (0.0, 1e7),
    why: "about 30 years",
};

/// Areal capacity passed in one step [C/m²].
pub const AREAL_CAPACITY: Limit = Limit {
    quantity: "capacity",
    dim: dims::AREAL_CAPACITY,
    unit: "mAh/cm^2",
    valid: (0.0, 3.6e6),
    typical: (0.0, 3.6e5),
    why: "100 mAh/cm^2 is about 0.9 mm of sodium",
};

/// Temperature [K].
pub const TEMPERATURE: Limit = Limit {
    quantity: "temperature",
    dim: dims::TEMPERATURE,
    unit: "degC",
    valid: (150.0, 573.15),
    typical: (233.15, 363.15),
    why: "the property data cover solid-state cells from -120 to 300 degC at most, and \
          sodium melts at 97.8 degC",
};

/// Stack pressure [Pa].
pub const PRESSURE: Limit = Limit {
    quantity: "stack pressure",
    dim: dims::PRESSURE,
    unit: "MPa",
    valid: (0.0, 1e9),
    typical: (0.0, 100e6),
    why: "1 GPa crushes ceramic separators",
};

/// Voltage set-point or stop [V] (a half cell's is vs Na and may be negative).
pub const VOLTAGE: Limit = Limit {
    quantity: "voltage",
    dim: dims::VOLTAGE,
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
