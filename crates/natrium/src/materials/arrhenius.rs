//! Temperature dependence of ionic conductivity.
//!
//! Two Arrhenius forms are in use (docs/physics/materials.md): σ = σ0·exp(−Ea/kT) and
//! σ·T = A·exp(−Ea/kT). Both are anchored at the reported value σ_ref at T_ref:
//!
//! * `sigma`:   σ(T) = σ_ref · exp(−Ea/k · (1/T − 1/T_ref))
//! * `sigma-t`: σ(T) = σ_ref · (T_ref/T) · exp(−Ea/k · (1/T − 1/T_ref))

use super::{Material, Provenance};
use crate::constants::{AVOGADRO, BOLTZMANN, ELEMENTARY_CHARGE, T_REF};
use crate::units::dims;

/// An Arrhenius law anchored at a reference point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arrhenius {
    /// Reference value (S/m or any property).
    pub value_ref: f64,
    /// Reference temperature [K].
    pub t_ref: f64,
    /// Activation energy [J] per particle.
    pub ea: f64,
    /// σT form (true) or σ form (false).
    pub sigma_t: bool,
    /// Whether `ea` is an assumed default (the material gave none).
    pub ea_assumed: bool,
}

impl Arrhenius {
    /// Value at temperature `t` [K].
    pub fn at(&self, t: f64) -> f64 {
        let e = (-self.ea / BOLTZMANN * (1.0 / t - 1.0 / self.t_ref)).exp();
        if self.sigma_t {
            self.value_ref * self.t_ref / t * e
        } else {
            self.value_ref * e
        }
    }
    /// d ln(value)/dT at `t`.
    pub fn dln_dt(&self, t: f64) -> f64 {
        let base = self.ea / (BOLTZMANN * t * t);
        if self.sigma_t {
            base - 1.0 / t
        } else {
            base
        }
    }
}

/// Activation energy assumed when a material gives none [eV], by family, with the reason.
pub fn default_activation_energy(family: &str) -> (f64, &'static str) {
    match family {
        "nasicon" => (
            0.35,
            "assumed: middle of 0.3-0.4 eV typical of NASICON (docs/physics/materials.md, recalled)",
        ),
        "beta-alumina" => (
            0.25,
            "assumed: middle of 0.2-0.3 eV typical of beta''-alumina (recalled)",
        ),
        "sulfide" | "halide-sulfide" | "oxysulfide" => (
            0.25,
            "assumed: typical 0.2-0.28 eV of Na3PS4-type sulfides (recalled)",
        ),
        "selenide" => (0.21, "assumed: Na3PSe4 ~0.21 eV (recalled)"),
        _ => (0.30, "assumed: generic 0.3 eV for a Na+ solid electrolyte"),
    }
}

impl Material {
    /// Arrhenius law of the ionic conductivity, anchored at the reported value. `None` for
    /// materials without an `ionic_conductivity`.
    pub fn conductivity_law(&self) -> Option<Arrhenius> {
        let s = self.prop("ionic_conductivity")?;
        let t_ref = s.at.unwrap_or(T_REF);
        let (ea, sigma_t, assumed) = match self.prop("activation_energy") {
            Some(p) => {
                let ea = if p.dim == dims::MOLAR_ENERGY {
                    p.si / AVOGADRO
                } else {
                    p.si
                };
                (
                    ea,
                    p.sigma_t_form.unwrap_or(false),
                    p.provenance == Provenance::Assumed,
                )
            }
            None => {
                let (ev, _) = default_activation_energy(&self.family);
                (ev * ELEMENTARY_CHARGE, false, true)
            }
        };
        Some(Arrhenius {
            value_ref: s.si,
            t_ref,
            ea,
            sigma_t,
            ea_assumed: assumed,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchored_at_reference_and_doubles_as_expected() {
        let a = Arrhenius {
            value_ref: 0.1,
            t_ref: 298.15,
            ea: 0.3 * ELEMENTARY_CHARGE,
            sigma_t: false,
            ea_assumed: false,
        };
        assert_eq!(a.at(298.15), 0.1);
        // hand value: exp(0.3 eV / k · (1/298.15 − 1/333.15)) = 3.41…
        let ratio = a.at(333.15) / a.at(298.15);
        let hand = (0.3 * ELEMENTARY_CHARGE / BOLTZMANN * (1.0 / 298.15 - 1.0 / 333.15)).exp();
        approx::assert_relative_eq!(ratio, hand, max_relative = 1e-12);
        approx::assert_relative_eq!(ratio, 3.41, max_relative = 0.01);
        // the σT form rises less by the factor T_ref/T
        let b = Arrhenius { sigma_t: true, ..a };
        approx::assert_relative_eq!(
            b.at(333.15) / a.at(333.15),
            298.15 / 333.15,
            max_relative = 1e-12
        );
    }

    #[test]
    fn log_slope_matches_finite_difference() {
        let a = Arrhenius {
            value_ref: 1.0,
            t_ref: 298.15,
            ea: 0.25 * ELEMENTARY_CHARGE,
            sigma_t: true,
            ea_assumed: false,
        };
        let t = 310.0;
        let h = 1e-3;
        let fd = (a.at(t + h).ln() - a.at(t - h).ln()) / (2.0 * h);
        approx::assert_relative_eq!(a.dln_dt(t), fd, max_relative = 1e-6);
    }
}
