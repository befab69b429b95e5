//! The table of unit symbols and SI prefixes the parser knows.
//!
//! Each unit is `SI value = (x · 10^pow10 · factor) + offset`. Keeping the power of ten apart from
//! the remaining factor lets the parser apply decimal prefixes by shifting the decimal exponent of
//! the input literal, so that e.g. "5 mS/cm" converts to 0.5 S/m with a single, correctly rounded
//! decimal-to-binary conversion.

use super::dimension::{dims, Dimension};

/// One unit symbol.
#[derive(Clone, Copy, Debug)]
pub struct UnitDef {
    pub symbol: &'static str,
    pub dim: Dimension,
    /// Power of ten of the conversion to SI.
    pub pow10: i32,
    /// Remaining (non-decimal) factor of the conversion to SI.
    pub factor: f64,
    /// Whether SI prefixes may be attached.
    pub prefixable: bool,
    /// Affine offset (only `degC`); such units may not appear in compound expressions.
    pub offset: f64,
}

const fn u(
    symbol: &'static str,
    dim: Dimension,
    pow10: i32,
    factor: f64,
    prefixable: bool,
) -> UnitDef {
    UnitDef {
        symbol,
        dim,
        pow10,
        factor,
        prefixable,
        offset: 0.0,
    }
}

/// Elementary charge [C] (exact, SI 2019).
pub const ELEMENTARY_CHARGE: f64 = 1.602_176_634e-19;

use dims::*;

/// All unit symbols. Lookup tries an exact match first, then prefix + prefixable symbol.
pub const UNITS: &[UnitDef] = &[
    // length
    u("m", LENGTH, 0, 1.0, true),
    u("Å", LENGTH, -10, 1.0, false),
    u("A°", LENGTH, -10, 1.0, false),
    u("angstrom", LENGTH, -10, 1.0, false),
    // mass
    u("g", MASS, -3, 1.0, true),
    u("t", MASS, 3, 1.0, false),
    // time
    u("s", TIME, 0, 1.0, true),
    u("sec", TIME, 0, 1.0, false),
    u("min", TIME, 0, 60.0, false),
    u("h", TIME, 0, 3600.0, false),
    u("hr", TIME, 0, 3600.0, false),
    u("day", TIME, 0, 86400.0, false),
    u("days", TIME, 0, 86400.0, false),
    // electrical
    u("A", CURRENT, 0, 1.0, true),
    u("C", CHARGE, 0, 1.0, true),
    u("Ah", CHARGE, 0, 3600.0, true),
    u("V", VOLTAGE, 0, 1.0, true),
    u("W", POWER, 0, 1.0, true),
    u("Wh", ENERGY, 0, 3600.0, true),
    u("J", ENERGY, 0, 1.0, true),
    u("eV", ENERGY, 0, ELEMENTARY_CHARGE, true),
    u("S", CONDUCTANCE, 0, 1.0, true),
    u("ohm", RESISTANCE, 0, 1.0, true),
    u("Ohm", RESISTANCE, 0, 1.0, true),
    u("Ω", RESISTANCE, 0, 1.0, true),
    u("F", CAPACITANCE, 0, 1.0, true),
    u("Hz", FREQUENCY, 0, 1.0, true),
    // mechanics
    u("Pa", PRESSURE, 0, 1.0, true),
    u("bar", PRESSURE, 5, 1.0, true),
    u("atm", PRESSURE, 0, 101_325.0, false),
    u("psi", PRESSURE, 0, 6_894.757_293_168_361, false),
    u("N", FORCE, 0, 1.0, true),
    // amount and volume
    u("mol", AMOUNT, 0, 1.0, true),
    u("L", VOLUME, -3, 1.0, true),
    u("l", VOLUME, -3, 1.0, false),
    u("M", CONCENTRATION, 3, 1.0, false),
    // temperature (kelvin; degC is affine, handled below)
    u("K", TEMPERATURE, 0, 1.0, false),
    // dimensionless
    u("%", DIMENSIONLESS, -2, 1.0, false),
    u("wt%", DIMENSIONLESS, -2, 1.0, false),
    u("vol%", DIMENSIONLESS, -2, 1.0, false),
    u("at%", DIMENSIONLESS, -2, 1.0, false),
    u("mol%", DIMENSIONLESS, -2, 1.0, false),
    u("ppm", DIMENSIONLESS, -6, 1.0, false),
    // currency (indicative prices; US dollars of the year stated in the data)
    u("USD", CURRENCY, 0, 1.0, false),
    u("$", CURRENCY, 0, 1.0, false),
    // affine temperature
    UnitDef {
        symbol: "degC",
        dim: TEMPERATURE,
        pow10: 0,
        factor: 1.0,
        prefixable: false,
        offset: 273.15,
    },
    UnitDef {
        symbol: "°C",
        dim: TEMPERATURE,
        pow10: 0,
        factor: 1.0,
        prefixable: false,
        offset: 273.15,
    },
];

/// SI prefixes: symbol and power of ten. `u` and both micro signs are accepted.
pub const PREFIXES: &[(&str, i32)] = &[
    ("p", -12),
    ("n", -9),
    ("u", -6),
    ("µ", -6),
    ("μ", -6),
    ("m", -3),
    ("c", -2),
    ("d", -1),
    ("k", 3),
    ("M", 6),
    ("G", 9),
    ("T", 12),
];

/// Resolve a unit symbol (possibly prefixed) to its definition with the prefix folded into
/// `pow10`.
pub fn lookup(symbol: &str) -> Option<UnitDef> {
    if let Some(def) = UNITS.iter().find(|d| d.symbol == symbol) {
        return Some(*def);
    }
    for (p, e) in PREFIXES {
        if let Some(rest) = symbol.strip_prefix(p) {
            if let Some(def) = UNITS.iter().find(|d| d.symbol == rest && d.prefixable) {
                let mut d = *def;
                d.pow10 += e;
                return Some(d);
            }
        }
    }
    None
}

/// All symbols with all their prefixed forms, for suggestions on typos.
pub fn all_symbols() -> Vec<String> {
    let mut out = Vec::new();
    for d in UNITS {
        out.push(d.symbol.to_string());
        if d.prefixable {
            for (p, _) in PREFIXES {
                out.push(format!("{p}{}", d.symbol));
            }
        }
    }
    out
}
