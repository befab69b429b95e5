//! Physical constants (exact SI 2019 definitions unless noted).

/// Faraday constant [C/mol] (exact: N_A·e).
pub const FARADAY: f64 = 96_485.332_123_310_02;
/// Molar gas constant [J/(mol K)] (exact: N_A·k_B).
pub const GAS_CONSTANT: f64 = 8.314_462_618_153_24;
/// Boltzmann constant [J/K] (exact).
pub const BOLTZMANN: f64 = 1.380_649e-23;
/// Avogadro constant [1/mol] (exact).
pub const AVOGADRO: f64 = 6.022_140_76e23;
/// Elementary charge [C] (exact).
pub const ELEMENTARY_CHARGE: f64 = 1.602_176_634e-19;
/// 0 °C in kelvin.
pub const ZERO_CELSIUS: f64 = 273.15;
/// Reference temperature for room-temperature data, 25 °C [K].
pub const T_REF: f64 = 298.15;
/// 1 mAh in coulombs.
pub const MAH: f64 = 3.6;
/// Electrons per formula unit → specific capacity: q = FARADAY·n/M; in mAh/g this is 26801.4·n/M.
pub const MAH_PER_G_PER_ELECTRON_MOLE: f64 = FARADAY / 3.6;

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn consistent() {
        approx::assert_relative_eq!(FARADAY, AVOGADRO * ELEMENTARY_CHARGE, max_relative = 1e-15);
        approx::assert_relative_eq!(GAS_CONSTANT, AVOGADRO * BOLTZMANN, max_relative = 1e-15);
        // the "26801·n/M mAh/g" rule of thumb (docs/physics/materials.md)
        approx::assert_relative_eq!(MAH_PER_G_PER_ELECTRON_MOLE, 26801.48, max_relative = 1e-6);
    }
}
