//! Physical dimensions as exponent vectors over seven base quantities.
//!
//! Exponents are stored in halves so that units such as the fracture toughness `MPa m^0.5` or a
//! parabolic rate `uAh/cm^2/h^0.5` are exact.

use std::fmt;

/// Number of base quantities: length, mass, time, current, temperature, amount, currency.
pub const N_BASE: usize = 7;
const BASE_SYMBOLS: [&str; N_BASE] = ["m", "kg", "s", "A", "K", "mol", "USD"];

/// A physical dimension: `L^a M^b T^c I^d Θ^e N^f $^g`, exponents in halves.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Dimension {
    half: [i8; N_BASE],
}

impl Dimension {
    /// Build from integer exponents (length, mass, time, current, temperature, amount, currency).
    pub const fn new(l: i8, m: i8, t: i8, i: i8, th: i8, n: i8, c: i8) -> Self {
        Dimension {
            half: [2 * l, 2 * m, 2 * t, 2 * i, 2 * th, 2 * n, 2 * c],
        }
    }

    /// Build from exponents given in halves.
    pub const fn from_halves(half: [i8; N_BASE]) -> Self {
        Dimension { half }
    }

    /// Exponents in halves.
    pub const fn halves(&self) -> [i8; N_BASE] {
        self.half
    }

    pub const fn is_dimensionless(&self) -> bool {
        let mut k = 0;
        while k < N_BASE {
            if self.half[k] != 0 {
                return false;
            }
            k += 1;
        }
        true
    }

    /// Product of two dimensions (exponents add). Saturates instead of overflowing.
    pub fn times(self, other: Dimension) -> Dimension {
        let mut half = [0i8; N_BASE];
        for (k, h) in half.iter_mut().enumerate() {
            *h = self.half[k].saturating_add(other.half[k]);
        }
        Dimension { half }
    }

    /// Quotient of two dimensions.
    pub fn per(self, other: Dimension) -> Dimension {
        self.times(other.powi_halves(-2))
    }

    /// Raise to a power given in halves (e.g. `2` = square, `1` = square root); `None` when the
    /// result would need quarter exponents.
    pub fn pow_halves(self, p_half: i32) -> Option<Dimension> {
        let mut half = [0i8; N_BASE];
        for (k, h) in half.iter_mut().enumerate() {
            let prod = self.half[k] as i32 * p_half;
            if prod % 2 != 0 {
                return None;
            }
            *h = i8::try_from(prod / 2).ok()?;
        }
        Some(Dimension { half })
    }

    fn powi_halves(self, p_half: i32) -> Dimension {
        self.pow_halves(p_half).unwrap_or(self)
    }

    /// A short name for well-known dimensions (used in error messages).
    pub fn name(&self) -> Option<&'static str> {
        KNOWN
            .iter()
            .find(|(d, _, _)| d == self)
            .map(|(_, name, _)| *name)
    }

    /// An example unit string for well-known dimensions.
    pub fn example(&self) -> Option<&'static str> {
        KNOWN
            .iter()
            .find(|(d, _, _)| d == self)
            .map(|(_, _, ex)| *ex)
    }

    /// Human description: its name when known, always followed by the SI form.
    pub fn describe(&self) -> String {
        match self.name() {
            Some(n) => format!("{n} [{self}]"),
            None => format!("[{self}]"),
        }
    }
}

impl fmt::Display for Dimension {
    /// SI base-unit form, e.g. `kg m^-1 s^-2` for a pressure.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_dimensionless() {
            return write!(f, "1");
        }
        let mut first = true;
        for (k, sym) in BASE_SYMBOLS.iter().enumerate() {
            let h = self.half[k];
            if h == 0 {
                continue;
            }
            if !first {
                write!(f, " ")?;
            }
            first = false;
            if h == 2 {
                write!(f, "{sym}")?;
            } else if h % 2 == 0 {
                write!(f, "{sym}^{}", h / 2)?;
            } else {
                write!(f, "{sym}^{}", h as f64 / 2.0)?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Dimension({self})")
    }
}

/// Named dimensions used across natrium.
pub mod dims {
    use super::Dimension;
    pub const DIMENSIONLESS: Dimension = Dimension::new(0, 0, 0, 0, 0, 0, 0);
    pub const LENGTH: Dimension = Dimension::new(1, 0, 0, 0, 0, 0, 0);
    pub const AREA: Dimension = Dimension::new(2, 0, 0, 0, 0, 0, 0);
    pub const VOLUME: Dimension = Dimension::new(3, 0, 0, 0, 0, 0, 0);
    pub const MASS: Dimension = Dimension::new(0, 1, 0, 0, 0, 0, 0);
    pub const TIME: Dimension = Dimension::new(0, 0, 1, 0, 0, 0, 0);
    pub const CURRENT: Dimension = Dimension::new(0, 0, 0, 1, 0, 0, 0);
    pub const TEMPERATURE: Dimension = Dimension::new(0, 0, 0, 0, 1, 0, 0);
    pub const AMOUNT: Dimension = Dimension::new(0, 0, 0, 0, 0, 1, 0);
    pub const CURRENCY: Dimension = Dimension::new(0, 0, 0, 0, 0, 0, 1);
    pub const CHARGE: Dimension = Dimension::new(0, 0, 1, 1, 0, 0, 0);
    pub const ENERGY: Dimension = Dimension::new(2, 1, -2, 0, 0, 0, 0);
    pub const POWER: Dimension = Dimension::new(2, 1, -3, 0, 0, 0, 0);
    pub const VOLTAGE: Dimension = Dimension::new(2, 1, -3, -1, 0, 0, 0);
    pub const RESISTANCE: Dimension = Dimension::new(2, 1, -3, -2, 0, 0, 0);
    pub const CONDUCTANCE: Dimension = Dimension::new(-2, -1, 3, 2, 0, 0, 0);
    pub const CONDUCTIVITY: Dimension = Dimension::new(-3, -1, 3, 2, 0, 0, 0);
    pub const RESISTIVITY: Dimension = Dimension::new(3, 1, -3, -2, 0, 0, 0);
    pub const AREAL_RESISTANCE: Dimension = Dimension::new(4, 1, -3, -2, 0, 0, 0);
    pub const CAPACITANCE: Dimension = Dimension::new(-2, -1, 4, 2, 0, 0, 0);
    pub const AREAL_CAPACITANCE: Dimension = Dimension::new(-4, -1, 4, 2, 0, 0, 0);
    pub const PRESSURE: Dimension = Dimension::new(-1, 1, -2, 0, 0, 0, 0);
    pub const FORCE: Dimension = Dimension::new(1, 1, -2, 0, 0, 0, 0);
    pub const DENSITY: Dimension = Dimension::new(-3, 1, 0, 0, 0, 0, 0);
    pub const AREAL_MASS: Dimension = Dimension::new(-2, 1, 0, 0, 0, 0, 0);
    pub const SPECIFIC_CAPACITY: Dimension = Dimension::new(0, -1, 1, 1, 0, 0, 0);
    pub const AREAL_CAPACITY: Dimension = Dimension::new(-2, 0, 1, 1, 0, 0, 0);
    pub const CURRENT_DENSITY: Dimension = Dimension::new(-2, 0, 0, 1, 0, 0, 0);
    pub const MOLAR_MASS: Dimension = Dimension::new(0, 1, 0, 0, 0, -1, 0);
    pub const MOLAR_ENERGY: Dimension = Dimension::new(2, 1, -2, 0, 0, -1, 0);
    pub const CONCENTRATION: Dimension = Dimension::new(-3, 0, 0, 0, 0, 1, 0);
    pub const DIFFUSIVITY: Dimension = Dimension::new(2, 0, -1, 0, 0, 0, 0);
    pub const VELOCITY: Dimension = Dimension::new(1, 0, -1, 0, 0, 0, 0);
    pub const FREQUENCY: Dimension = Dimension::new(0, 0, -1, 0, 0, 0, 0);
    pub const SPECIFIC_ENERGY: Dimension = Dimension::new(2, 0, -2, 0, 0, 0, 0);
    pub const ENERGY_DENSITY: Dimension = Dimension::new(-1, 1, -2, 0, 0, 0, 0);
    pub const PRICE_PER_MASS: Dimension = Dimension::new(0, -1, 0, 0, 0, 0, 1);
    pub const PRICE_PER_ENERGY: Dimension = Dimension::new(-2, -1, 2, 0, 0, 0, 1);
    /// Volume per charge, e.g. cathode volume change in cm^3/Ah.
    pub const VOLUME_PER_CHARGE: Dimension = Dimension::new(3, 0, -1, -1, 0, 0, 0);
    /// Areal stiffness of a fixture, Pa/m.
    pub const AREAL_STIFFNESS: Dimension = Dimension::new(-2, 1, -2, 0, 0, 0, 0);
    /// Surface energy, J/m^2.
    pub const SURFACE_ENERGY: Dimension = Dimension::new(0, 1, -2, 0, 0, 0, 0);
    /// Fracture toughness, Pa m^0.5.
    pub const FRACTURE_TOUGHNESS: Dimension = Dimension::from_halves([-1, 2, -4, 0, 0, 0, 0]);
    /// Parabolic interphase growth rate, charge per area per sqrt(time): C m^-2 s^-0.5.
    pub const PARABOLIC_AREAL_CHARGE_RATE: Dimension =
        Dimension::from_halves([-4, 0, 1, 2, 0, 0, 0]);
    /// Power-law creep prefactor for n = 5: Pa^-5 s^-1.
    pub const CREEP_PREFACTOR_N5: Dimension = Dimension::new(5, -5, 9, 0, 0, 0, 0);
}

use dims::*;

const KNOWN: &[(Dimension, &str, &str)] = &[
    (DIMENSIONLESS, "dimensionless number", "0.5 or 50 %"),
    (LENGTH, "length", "12 um"),
    (AREA, "area", "1 cm^2"),
    (VOLUME, "volume", "1 cm^3"),
    (MASS, "mass", "1 g"),
    (TIME, "time", "1 h"),
    (CURRENT, "current", "1 mA"),
    (TEMPERATURE, "temperature", "25 degC"),
    (AMOUNT, "amount of substance", "1 mol"),
    (CURRENCY, "price", "1 USD"),
    (CHARGE, "charge", "1 mAh"),
    (ENERGY, "energy", "0.3 eV"),
    (POWER, "power", "1 W"),
    (VOLTAGE, "voltage", "3.8 V"),
    (RESISTANCE, "resistance", "10 ohm"),
    (CONDUCTANCE, "conductance", "1 mS"),
    (CONDUCTIVITY, "conductivity", "5 mS/cm"),
    (RESISTIVITY, "resistivity", "200 ohm cm"),
    (AREAL_RESISTANCE, "area-specific resistance", "25 ohm cm^2"),
    (CAPACITANCE, "capacitance", "1 uF"),
    (AREAL_CAPACITANCE, "areal capacitance", "10 uF/cm^2"),
    (PRESSURE, "pressure", "2 MPa"),
    (FORCE, "force", "1 kN"),
    (DENSITY, "density", "3.2 g/cm3"),
    (AREAL_MASS, "areal mass loading", "10 mg/cm^2"),
    (SPECIFIC_CAPACITY, "specific capacity", "110 mAh/g"),
    (AREAL_CAPACITY, "areal capacity", "1 mAh/cm^2"),
    (CURRENT_DENSITY, "current density", "0.1 mA/cm^2"),
    (MOLAR_MASS, "molar mass", "455.8 g/mol"),
    (MOLAR_ENERGY, "molar energy", "44 kJ/mol"),
    (CONCENTRATION, "concentration", "15320 mol/m^3"),
    (DIFFUSIVITY, "diffusivity", "1e-14 m^2/s"),
    (VELOCITY, "velocity (rate constant)", "1e-10 m/s"),
    (FREQUENCY, "frequency", "1 kHz"),
    (SPECIFIC_ENERGY, "specific energy", "300 Wh/kg"),
    (ENERGY_DENSITY, "energy density", "800 Wh/L"),
    (PRICE_PER_MASS, "price per mass", "8 USD/kg"),
    (PRICE_PER_ENERGY, "price per energy", "100 USD/kWh"),
    (VOLUME_PER_CHARGE, "volume per charge", "-0.21 cm^3/Ah"),
    (AREAL_STIFFNESS, "areal stiffness", "1e10 Pa/m"),
    (SURFACE_ENERGY, "surface energy", "0.2 J/m^2"),
    (FRACTURE_TOUGHNESS, "fracture toughness", "1.3 MPa m^0.5"),
    (
        PARABOLIC_AREAL_CHARGE_RATE,
        "parabolic growth rate",
        "3 uAh/cm^2/h^0.5",
    ),
    (
        CREEP_PREFACTOR_N5,
        "creep prefactor (n = 5)",
        "0.53 MPa^-5/s",
    ),
];

#[cfg(test)]
mod tests {
    use super::dims::*;

    #[test]
    fn algebra() {
        assert_eq!(VOLTAGE.times(CURRENT), POWER);
        assert_eq!(CHARGE.per(MASS), SPECIFIC_CAPACITY);
        assert_eq!(RESISTIVITY.times(LENGTH), AREAL_RESISTANCE);
        assert_eq!(
            PRESSURE.times(LENGTH.pow_halves(1).unwrap()),
            FRACTURE_TOUGHNESS
        );
        assert!(LENGTH.pow_halves(1).is_some());
        assert_eq!(CONDUCTIVITY.times(RESISTIVITY), DIMENSIONLESS);
    }

    #[test]
    fn display() {
        assert_eq!(PRESSURE.to_string(), "m^-1 kg s^-2");
        assert_eq!(FRACTURE_TOUGHNESS.to_string(), "m^-0.5 kg s^-2");
        assert_eq!(DIMENSIONLESS.to_string(), "1");
        assert_eq!(CONDUCTIVITY.describe(), "conductivity [m^-3 kg^-1 s^3 A^2]");
    }
}
