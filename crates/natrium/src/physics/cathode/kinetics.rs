//! Charge transfer at the active-material | solid-electrolyte contacts.
//!
//! Symmetric Butler–Volmer (α = ½): j = 2·i₀·sinh(F·η/(2RT)), with the exchange current density
//! i₀ = F·k·c_max·√(x·(1 − x)) of a single-ion conductor whose Na⁺ activity is constant (the
//! electrolyte factor of the usual √(c_e) form is folded into k). Standard P2D kinetics
//! (Doyle, Fuller & Newman, J. Electrochem. Soc. 140 (1993) 1526); j > 0 is anodic (Na leaves
//! the particle: charge).

use crate::ad::{soft_floor, Real};
use crate::constants::{FARADAY, GAS_CONSTANT};

/// Floor of x and 1 − x under the square root [-].
const X_EPS: f64 = 1e-6;

/// Exchange current density [A/m²] at Na filling `x`.
#[inline]
pub fn exchange_current<T: Real>(k: f64, c_max: f64, x: T) -> T {
    let xa = soft_floor(x, X_EPS);
    let xb = soft_floor(T::cst(1.0) - x, X_EPS);
    (xa * xb).sqrt() * (FARADAY * k * c_max)
}

/// Butler–Volmer current density [A/m²] for overpotential `eta` [V] at temperature `t` [K].
#[inline]
pub fn butler_volmer<T: Real>(i0: T, eta: T, t: f64) -> T {
    i0 * 2.0 * (eta * (FARADAY / (2.0 * GAS_CONSTANT * t))).sinh_fast()
}

/// Inverse of [`butler_volmer`]: η = (2RT/F)·asinh(j/(2 i₀)).
#[inline]
pub fn bv_overpotential<T: Real>(j: T, i0: T, t: f64) -> T {
    (j / (i0 * 2.0)).asinh() * (2.0 * GAS_CONSTANT * t / FARADAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_limit_is_the_charge_transfer_resistance() {
        // R_ct = RT/(F i0) (docs/physics/constriction.md): 1 Ω·cm² ↔ i0 ≈ 26 mA/cm² at 25 °C
        let t = 298.15;
        let i0 = 257.0; // A/m² = 25.7 mA/cm²
        let eta = 1e-5;
        let j: f64 = butler_volmer(i0, eta, t);
        let r_ct = eta / j; // Ω·m²
        approx::assert_relative_eq!(r_ct, GAS_CONSTANT * t / (FARADAY * i0), max_relative = 1e-6);
        approx::assert_relative_eq!(r_ct * 1e4, 1.0, max_relative = 0.01);
    }

    #[test]
    fn inverse_round_trips() {
        let t = 310.0;
        for &eta in &[-0.3, -0.01, 0.0, 0.02, 0.25] {
            let j: f64 = butler_volmer(3.0, eta, t);
            let back: f64 = bv_overpotential(j, 3.0, t);
            assert!((back - eta).abs() < 1e-12);
        }
    }

    #[test]
    fn exchange_current_vanishes_at_the_ends_but_stays_positive() {
        let mid: f64 = exchange_current(1e-11, 13850.0, 0.5);
        approx::assert_relative_eq!(mid, FARADAY * 1e-11 * 13850.0 * 0.5, max_relative = 1e-9);
        let end: f64 = exchange_current(1e-11, 13850.0, 1.0);
        assert!(end > 0.0 && end < 5e-3 * mid);
        let beyond: f64 = exchange_current(1e-11, 13850.0, 1.02);
        assert!(beyond > 0.0 && beyond.is_finite());
    }
}
