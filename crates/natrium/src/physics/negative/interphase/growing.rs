//! A mixed-conducting interphase that keeps growing (sulfides: Na₂S + Na₃P or Na₃Sb, both
//! conducting ions and electrons; Wu et al., ACS Appl. Mater. Interfaces 10 (2018); Deysher et
//! al., ACS Appl. Mater. Interfaces 14 (2022) 47706).
//!
//! While sodium is plated onto it, electrons and ions reach the reduction front through the
//! interphase, which takes the share e^{−q/q_lim} of the plating current (the front passivates
//! as the interphase thickens): dq/dt = P_plate·e^{−q/q_lim} + s·k²/(2(q + q₀)), the second term
//! the slower chemical growth at rest where metal is present (parabolic, the electrolyte's
//! `interphase_growth`). Its resistance R = q·v_q/σ_int grows with it. q_lim is calibrated on
//! Na₃PS4: a Na9Sn4 | Na3PS4 | Sn half cell lost 34 % of 1.4 mAh/cm² in its first cycle
//! (Deysher et al. 2022), i.e. q_lim·ln(1 + 1.4/q_lim) = 0.48 mAh/cm² → q_lim = 0.25 mAh/cm².

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::error::InputError;
use crate::model::{Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars};
use crate::physics::negative::kernels::pos;
use crate::physics::negative::resolve::Ctx;
use crate::units::dims;

/// Interphase charge at which the reduction front passivates [C/m²]: 0.25 mAh/cm², calibrated
/// on Na3PS4 (Deysher et al. 2022); range 0.1–1 mAh/cm².
pub const CAPACITY: f64 = 0.25 * 36_000.0;
/// Volume per charge of Na₂S + Na₃P [m³/C]: ≈10.5 µm per mAh/cm² (derived from the densities of
/// the products).
pub const VOLUME_PER_CHARGE: f64 = 10.5e-6 / 36_000.0;
/// Na⁺ conductivity of the interphase [S/m]: 10 µm added ≈27 Ω·cm² (Deysher et al. 2022:
/// +35 Ω in a 10 mm cell after 1.4 mAh/cm²; derived).
pub const CONDUCTIVITY: f64 = 3.7e-3;

/// A growing interphase.
#[derive(Debug, Clone)]
pub struct Growing {
    /// q_lim [mol/m²].
    pub capacity: f64,
    /// Parabolic chemical rate k [mol/(m² s^½)] (0 when the electrolyte gives none).
    pub k: f64,
    /// Resistance per mole of sodium consumed [Ω·m⁴/mol].
    pub resistance_per_mol: f64,
    range: Range<usize>,
}

impl Growing {
    pub fn resolve(ctx: &mut Ctx) -> Result<Growing, InputError> {
        let sep = ctx.separator();
        let q = ctx.param_from(
            "interphase_capacity",
            dims::AREAL_CAPACITY,
            "C/m^2",
            Some(sep),
            "interphase_capacity",
            CAPACITY,
            "0.25 mAh/cm^2, calibrated on Na3PS4 (Deysher et al. 2022), applied to the family",
        )?;
        let vq = ctx.param_from(
            "interphase_thickness_per_charge",
            dims::VOLUME_PER_CHARGE,
            "m^3/C",
            Some(sep),
            "interphase_thickness_per_charge",
            VOLUME_PER_CHARGE,
            "10.5 um per mAh/cm^2 of Na2S + Na3P (derived)",
        )?;
        let sigma = ctx.param_from(
            "interphase_conductivity",
            dims::CONDUCTIVITY,
            "S/m",
            Some(sep),
            "interphase_conductivity",
            CONDUCTIVITY,
            "3.7e-5 S/cm, 27 ohm cm^2 per 10 um (Deysher et al. 2022, derived)",
        )?;
        let k = ctx.log.from_material(
            "interphase.chemical_rate",
            sep,
            "interphase_growth",
            "C/(m^2 s^0.5)",
            0.0,
            "no growth at rest reported",
        ) / FARADAY;
        Ok(Growing {
            capacity: q / FARADAY,
            k,
            resistance_per_mol: vq * FARADAY / sigma,
            range: 0..0,
        })
    }

    fn flux<T: Real>(&self, y: &[T], v: &Vars<T>) -> T {
        let q = soft_floor(y[self.range.start], 1e-12);
        let plate = pos(-v.get(Var::FaradaicCurrent), 1e-4) / FARADAY;
        let electro = plate * crate::ad::exp_or_zero(-q * (1.0 / self.capacity));
        let chem = if self.k > 0.0 {
            v.get(Var::MetalPresence) * (self.k * self.k) / ((q + self.k) * 2.0)
        } else {
            T::cst(0.0)
        };
        electro + chem
    }
}

impl Describe for Growing {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/interphase",
            variant: "growing",
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::InterphaseFlux, Var::InterphaseResistance]
    }
    fn needs(&self) -> Vec<Var> {
        vec![Var::FaradaicCurrent, Var::MetalPresence]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add(
            "negative.interphase",
            1,
            Kind::Differential,
            self.capacity.max(1e-9),
            "mol/m^2",
        );
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![OutputDecl {
            quantity: "Na in interphase",
            unit: "uAh/cm^2",
            description: "sodium consumed by the growing reduction interphase",
        }]
    }
    fn write_outputs(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(y[self.range.start] * FARADAY / 36.0);
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        y[self.range.start]
    }
}

impl Kernel for Growing {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        v.set(Var::InterphaseFlux, self.flux(y, v));
        v.set(
            Var::InterphaseResistance,
            soft_floor(y[self.range.start], 1e-12) * self.resistance_per_mol,
        );
    }
    fn residual<T: Real>(&self, _y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        f[self.range.start] = v.get(Var::InterphaseFlux);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calibration_of_the_passivation_charge() {
        // plating Q into a passivating front loses q_lim·ln(1 + Q/q_lim)
        let lost = |big_q: f64| 0.25 * (1.0 + big_q / 0.25f64).ln();
        assert!((lost(1.4) - 0.48).abs() < 0.02, "{}", lost(1.4));
        // 10 µm ↔ 27 Ω·cm² with the derived conductivity
        approx::assert_relative_eq!(10e-6 / CONDUCTIVITY * 1e4, 27.0, max_relative = 0.01);
    }
}
