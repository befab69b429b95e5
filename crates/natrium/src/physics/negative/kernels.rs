//! Equations of the negative interface, each with its source (docs/physics/).

use crate::ad::{soft_floor, Real};
use crate::constants::{BOLTZMANN, ELEMENTARY_CHARGE};

/// Smooth positive part: softplus with width `w` (→ max(x, 0) for |x| ≫ w).
#[inline]
pub fn pos<T: Real>(x: T, w: f64) -> T {
    // w·ln(1 + e^{x/w}), written to avoid overflow
    let z = x / w;
    if z.re() > 30.0 {
        x
    } else {
        (crate::ad::exp_or_zero(z) + 1.0).ln() * w
    }
}

/// Smooth step from 0 (x ≪ −w) to 1 (x ≫ w): ½(1 + tanh(x/w)).
#[inline]
pub fn step<T: Real>(x: T, w: f64) -> T {
    (crate::ad::tanh(x / w) + 1.0) * 0.5
}

/// Constriction (spreading) resistance of a uniform array of contact spots of radius `a` [m]
/// covering the fraction `phi` of an interface with an electrolyte of resistivity `rho` [Ω·m]:
/// ASR = π·ρ·a·ψ(√φ)/(4φ), ψ(ε) = (1 − ε)^1.5 (Holm's single-spot ρ/4a with the
/// Cooper–Mikic–Yovanovich finite-fraction correction; docs/physics/constriction.md). [Ω·m²]
#[inline]
pub fn constriction_asr<T: Real>(rho: f64, a: f64, phi: T) -> T {
    let phi = soft_floor(phi, 1e-6);
    let eps = phi.sqrt();
    let one_minus = soft_floor(T::cst(1.0) - eps, 1e-9);
    one_minus.powf(1.5) * (std::f64::consts::PI * rho * a / 4.0) / phi
}

/// Homogeneous-nucleation barrier constant B = 16π·γ³·Ω²/(3e²) [J·V²] for surface energy `gamma`
/// [J/m²] and atomic volume `omega` [m³]: ΔG* = f(θ)·B/η*² (classical nucleation,
/// docs/physics/nucleation.md).
pub fn barrier_constant(gamma: f64, omega: f64) -> f64 {
    16.0 * std::f64::consts::PI * gamma.powi(3) * omega * omega
        / (3.0 * ELEMENTARY_CHARGE * ELEMENTARY_CHARGE)
}

/// Nucleation frequency of a free site A = ν·exp(−ΔG*/kT), ΔG* = f·B/η*², η* = |η| − η_mech
/// (smoothly floored) [1/s] for the attempt frequency `j0` = ν.
#[inline]
pub fn nucleation_rate<T: Real>(eta_abs: T, eta_mech: T, f_b: f64, j0: f64, t: f64) -> T {
    let eta_star = soft_floor(eta_abs - eta_mech, 2e-4);
    let g = (eta_star * eta_star).recip() * (f_b / (BOLTZMANN * t));
    crate::ad::exp_or_zero(-g) * j0
}

/// Wetting factor of heterogeneous nucleation f(θ) = (2 + cos θ)(1 − cos θ)²/4.
pub fn wetting_factor(contact_angle_rad: f64) -> f64 {
    let c = contact_angle_rad.cos();
    (2.0 + c) * (1.0 - c).powi(2) / 4.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constriction_examples_of_negative_interface_notes() {
        // ρ = 200 Ω·cm = 2 Ω·m, a = 10 µm: φ = 0.5 → 0.05, φ = 0.05 → 2.2, φ = 0.01 → 13 Ω·cm²
        let asr = |phi: f64| constriction_asr(2.0, 10e-6, phi) * 1e4;
        approx::assert_relative_eq!(asr(0.5), 0.05, max_relative = 0.05);
        approx::assert_relative_eq!(asr(0.05), 2.2, max_relative = 0.05);
        approx::assert_relative_eq!(asr(0.01), 13.0, max_relative = 0.05);
        // vanishes at full contact, rises steeply as contact falls
        assert!(asr(0.999_999) < 1e-6);
        assert!(asr(0.1) > 5.0 * asr(0.5));
    }

    #[test]
    fn nucleation_barrier_is_hundreds_of_kt_without_wetting() {
        // γ = 0.2 J/m², Ω = 3.94e-29 m³, η = 50 mV: homogeneous barrier of hundreds of kT
        let b = barrier_constant(0.2, 3.94e-29);
        let g = b / (0.05f64 * 0.05) / (BOLTZMANN * 298.15);
        assert!(g > 100.0 && g < 2000.0, "{g}");
        assert!((wetting_factor(std::f64::consts::PI) - 1.0).abs() < 1e-12);
        assert!(wetting_factor(0.0).abs() < 1e-12);
        // the rate rises steeply with η and vanishes below the mechanical back-stress
        let r1: f64 = nucleation_rate(0.05, 0.0, 0.02 * b, 1e15, 298.15);
        let r2: f64 = nucleation_rate(0.06, 0.0, 0.02 * b, 1e15, 298.15);
        assert!(r2 > 10.0 * r1);
        let r0: f64 = nucleation_rate(0.002, 0.003, 0.02 * b, 1e15, 298.15);
        assert!(r0 < 1e-100);
    }
}
