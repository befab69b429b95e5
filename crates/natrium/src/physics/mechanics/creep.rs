//! The creep law of sodium, one for every use: the fixture's stress relaxation, the flattening of
//! a pressed foil, the closure of interfacial voids and the extrusion of sodium into flaws
//! (docs/physics/creep.md).
//!
//! * Dislocation (power-law) creep, ε̇ = A·σⁿ·a(T), with A = 0.53 MPa⁻ⁿ s⁻¹ and n = 5 measured on
//!   bulk Na at room temperature (Wang et al., Materialia 12 (2020) 100792).
//! * Diffusional (Nabarro–Herring) creep of grains of size d, ε̇ = B·D(T)·Ω·σ/(kT·d²), B = 14
//!   (Herring, J. Appl. Phys. 21 (1950) 437), with the lattice self-diffusivity D of sodium
//!   (5.7e-13 m²/s at 25 °C, Mundy-type tracer fits).
//! * Both share the Arrhenius factor a(T) = exp(−Q/R·(1/T − 1/T_ref)) of lattice self-diffusion,
//!   Q ≈ 43 kJ/mol (0.45 eV; dilatometry and tracer data, quoted by Wang et al. 2020).
//! * Thin-film constraint: a layer of thickness h pressed between two rigid, adherent faces can
//!   only thin by squeezing metal out over its lateral extent R. Lubrication theory for a
//!   power-law fluid gives −ḣ/h = C_n·(h/R)^(n+1)·ε̇(p), C_n = 4·3^((n+1)/2)·(3 + 1/n)ⁿ /
//!   ((n + 2)·2^(n+2)) (C₁ = 2 is Stefan's squeeze film; C₅ ≈ 40); capped at free creep for
//!   h ≳ R. A micrometre film under a centimetre electrode therefore barely creeps, a disc as
//!   thick as it is wide creeps freely.
//! * Interfacial voids close by diffusion of sodium over their spacing λ along the stress
//!   gradient, v = D(T)·Ω·p/(kT·λ) (linear in the pressure, as the void-free stripping current
//!   measured by Spencer Jolly et al., ACS Appl. Mater. Interfaces 12 (2020) 678). Dislocation
//!   creep is left out at this scale: metals are far harder at micrometres than in bulk (for Li,
//!   46–350× the bulk flow stress at 40 nm, Herbert et al., J. Mater. Res. 33 (2018) 1347), and
//!   the bulk law would make voids close a thousand times faster than measured. λ is the one
//!   calibrated length (see [`VOID_SPACING`]).

use crate::ad::{soft_floor, Real};
use crate::constants::{AVOGADRO, BOLTZMANN, GAS_CONSTANT, T_REF};

/// Nabarro–Herring constant of diffusional creep (Herring 1950).
pub const NABARRO_HERRING: f64 = 14.0;

/// Diffusion length of interfacial void closure [m]. Calibrated: with the lattice
/// self-diffusivity it reproduces the void-free stripping current of Na | Na-β''-alumina, 2.5
/// mA/cm² at 9 MPa (Spencer Jolly et al. 2020); plausible range 1–150 µm (voids to Na grains,
/// Fuchs et al., Nat. Mater. 23 (2024) 1678).
pub const VOID_SPACING: f64 = 8.0e-6;

/// Grain size of sodium for bulk diffusional creep [m] (assumed: columnar grains of plated and
/// pressed Na up to ≈150 µm wide, Fuchs et al. 2024; range 10–300 µm).
pub const GRAIN_SIZE: f64 = 100e-6;

/// Squeeze-film factor C_n of a power-law fluid (n = 1: Stefan's 2).
pub fn squeeze_factor(n: f64) -> f64 {
    4.0 * 3f64.powf((n + 1.0) / 2.0) * (3.0 + 1.0 / n).powf(n) / ((n + 2.0) * 2f64.powf(n + 2.0))
}

/// The creep law of the negative metal (SI).
#[derive(Debug, Clone, PartialEq)]
pub struct CreepLaw {
    /// Power-law prefactor A at `t_ref` [Pa⁻ⁿ s⁻¹].
    pub prefactor: f64,
    /// Stress exponent n.
    pub exponent: f64,
    /// Activation energy of self-diffusion, shared by both mechanisms [J/mol].
    pub activation: f64,
    /// Lattice self-diffusivity at `t_ref` [m²/s].
    pub self_diffusivity: f64,
    /// Atomic volume Ω [m³].
    pub atomic_volume: f64,
    /// Grain size for bulk diffusional creep [m].
    pub grain_size: f64,
    /// Diffusion length of interfacial void closure [m].
    pub void_spacing: f64,
    /// Reference temperature of A and D [K].
    pub t_ref: f64,
}

impl CreepLaw {
    /// Sodium with the values of the module notes and molar volume `vm` [m³/mol].
    pub fn sodium(vm: f64) -> CreepLaw {
        CreepLaw {
            prefactor: 0.53e-30,
            exponent: 5.0,
            activation: 43e3,
            self_diffusivity: 5.7e-13,
            atomic_volume: vm / AVOGADRO,
            grain_size: GRAIN_SIZE,
            void_spacing: VOID_SPACING,
            t_ref: T_REF,
        }
    }

    /// a(T) = exp(−Q/R·(1/T − 1/T_ref)).
    pub fn arrhenius(&self, t: f64) -> f64 {
        (-(self.activation / GAS_CONSTANT) * (1.0 / t - 1.0 / self.t_ref)).exp()
    }

    /// D(T)·Ω/(kT) [m⁴/(J s)]: the mobility of diffusional flow.
    fn mobility(&self, t: f64) -> f64 {
        self.self_diffusivity * self.arrhenius(t) * self.atomic_volume / (BOLTZMANN * t)
    }

    /// Uniaxial power-law strain rate [1/s] at stress σ [Pa].
    pub fn power_law_rate<T: Real>(&self, sigma: T, t: f64) -> T {
        soft_floor(sigma, 1.0).powf(self.exponent) * (self.prefactor * self.arrhenius(t))
    }

    /// Uniaxial diffusional strain rate [1/s] at stress σ [Pa].
    pub fn diffusional_rate<T: Real>(&self, sigma: T, t: f64) -> T {
        sigma * (NABARRO_HERRING * self.mobility(t) / (self.grain_size * self.grain_size))
    }

    /// Thinning rate −ḣ/h [1/s] of a layer of thickness `h` and half-width `r` [m] squeezed
    /// between rigid adherent faces at mean pressure `p` [Pa]: each mechanism with its
    /// thin-film factor, capped at free creep.
    pub fn squeeze_rate<T: Real>(&self, p: T, h: T, r: f64, t: f64) -> T {
        let n = self.exponent;
        let ratio = h * (1.0 / r);
        let cap = |x: T| -soft_floor(-x + 1.0, 1e-3) + 1.0;
        let f_pl = cap(ratio.powf(n + 1.0) * squeeze_factor(n));
        let f_d = cap(ratio * ratio * squeeze_factor(1.0));
        self.power_law_rate(p, t) * f_pl + self.diffusional_rate(p, t) * f_d
    }

    /// Closure speed of interfacial voids [m/s] at the pressure `p` [Pa] on the metal.
    pub fn void_closure_speed<T: Real>(&self, p: T, t: f64) -> T {
        soft_floor(p, 1.0) * (self.mobility(t) / self.void_spacing)
    }

    /// Speed [m/s] at which sodium under an excess pressure `dp` [Pa] creeps by diffusion over
    /// a distance `length` [m] (into a flaw of that size): D·Ω·Δp/(kT·ℓ).
    pub fn diffusive_flow_speed<T: Real>(&self, dp: T, length: f64, t: f64) -> T {
        dp * (self.mobility(t) / length)
    }

    /// The stripping current density [A/m²] that void closure at pressure `p` can feed without
    /// opening voids: F·v/V_m.
    pub fn void_free_current(&self, p: f64, t: f64, molar_volume: f64) -> f64 {
        crate::constants::FARADAY * self.void_closure_speed(p, t) / molar_volume
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn na() -> CreepLaw {
        CreepLaw::sodium(22.99e-3 / 968.0)
    }

    #[test]
    fn squeeze_factors_of_lubrication_theory() {
        approx::assert_relative_eq!(squeeze_factor(1.0), 2.0, max_relative = 1e-12);
        approx::assert_relative_eq!(squeeze_factor(5.0), 40.45, max_relative = 1e-3);
    }

    #[test]
    fn wang_creep_law_and_its_temperature_dependence() {
        let c = na();
        // 0.53 MPa^-5 s^-1 at 0.2 MPa: 1.7e-4 1/s
        let r: f64 = c.power_law_rate(0.2e6, 298.15);
        approx::assert_relative_eq!(r, 0.53 * 0.2f64.powi(5), max_relative = 1e-6);
        // 43 kJ/mol: 25 → 60 °C speeds creep ×6.1
        let x = c.arrhenius(333.15) / c.arrhenius(298.15);
        assert!((x - 6.1).abs() < 0.2, "{x}");
    }

    #[test]
    fn a_thin_film_barely_creeps_and_a_thick_disc_creeps_freely() {
        let c = na();
        let p = 1e6;
        let free: f64 = c.power_law_rate(p, 298.15);
        let disc: f64 = c.squeeze_rate(p, 5e-3, 3e-3, 298.15);
        approx::assert_relative_eq!(
            disc,
            free + c.diffusional_rate(p, 298.15),
            max_relative = 1e-2
        );
        let film: f64 = c.squeeze_rate(p, 5e-6, 5e-3, 298.15);
        assert!(film < 1e-10 * free, "{film} vs {free}");
    }

    #[test]
    fn void_free_stripping_current_of_the_calibration() {
        // calibration check: 2.5 mA/cm² at 9 MPa on Na|β''-alumina (Spencer Jolly et al. 2020)
        let c = na();
        let j = c.void_free_current(9e6, 298.15, 22.99e-3 / 968.0);
        approx::assert_relative_eq!(j, 25.0, max_relative = 0.02);
        // linear in the pressure
        let j2 = c.void_free_current(4.5e6, 298.15, 22.99e-3 / 968.0);
        approx::assert_relative_eq!(j / j2, 2.0, max_relative = 1e-3);
    }
}
