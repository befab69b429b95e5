//! Constriction of the current through the contact spots (Holm; Cooper–Mikic–Yovanovich), with
//! the resistances in series on the contacted area.
//!
//! η_c = I_ion·ASR(A_c) + j_f·(R_film + R_int)/(θ·φ), ASR(A) = π·ρ·a·(1 − √A)^1.5/(4A) for
//! spots of radius a covering the fraction A = θ·φ + (1 − θ)·φ_coll of the interface (the
//! sodium islands in contact, and the bare collector's contact spots before sodium covers it;
//! docs/physics/constriction.md). The ionic current spreads into the spots; the faradaic current
//! j_f, which crosses the sodium | electrolyte contact, also crosses the surface film and the
//! reduction interphase on it. The constriction carries the activation energy of the
//! electrolyte, not of charge transfer (Eckhardt et al. 2023). The negative overpotential is
//! η_ct + η_c, and the electrolyte potential at the interface −(η_ct + η_c).

use crate::ad::{soft_floor, Real};
use crate::cell::CollectorForm;
use crate::error::InputError;
use crate::materials::arrhenius::Arrhenius;
use crate::model::{Citation, Describe, Env, Info, Kernel, LayoutBuilder, OutputDecl, Var, Vars};
use crate::physics::negative::kernels::constriction_asr;
use crate::physics::negative::resolve::Ctx;
use crate::units::dims;

/// Contact-spot radius [m] (assumed: 10 µm, the scale of ground-surface asperities; range
/// 1–50 µm).
pub const SPOT_RADIUS: f64 = 10e-6;
/// Contact of a bare collector with the electrolyte before sodium covers it (assumed 5 %).
pub const COLLECTOR_CONTACT: f64 = 0.05;

/// Constriction and series resistance of the negative interface.
#[derive(Debug, Clone)]
pub struct Constriction {
    /// Contact-spot radius [m].
    pub spot_radius: f64,
    /// Electrolyte conductivity law.
    pub conductivity: Arrhenius,
    /// Contact fraction of the bare collector with the electrolyte.
    pub collector_contact: f64,
}

impl Constriction {
    pub fn resolve(ctx: &mut Ctx) -> Result<Constriction, InputError> {
        let spot_radius = ctx.param(
            "spot_radius",
            dims::LENGTH,
            "m",
            SPOT_RADIUS,
            "assumed: 10 um contact spots (range 1-50 um)",
        )?;
        let collector_contact = match (ctx.interlayer(), ctx.collector_form()) {
            (Some(l), _) => ctx.log.add(
                "constriction.collector_contact",
                1.0,
                "-",
                format!("assumed: the {} interlayer touches the ceramic everywhere", l.id),
            ),
            (None, CollectorForm::Foil) => ctx.log.add(
                "constriction.collector_contact",
                COLLECTOR_CONTACT,
                "-",
                "assumed: 5 % of a bare foil touches the ceramic before Na covers it (range 1-20 %)",
            ),
            (None, form) => ctx.log.add(
                "constriction.collector_contact",
                1.0,
                "-",
                format!("a {} collector is conformal", form.as_str()),
            ),
        };
        Ok(Constriction {
            spot_radius,
            conductivity: ctx.law,
            collector_contact,
        })
    }

    /// Contact area carrying the current.
    pub fn carrying_area<T: Real>(&self, v: &Vars<T>) -> T {
        let theta = v.get(Var::Coverage);
        theta * v.get(Var::NegativeContact) + (T::cst(1.0) - theta) * self.collector_contact
    }
}

impl Describe for Constriction {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/constriction",
            variant: "holm",
            citations: vec![
                Citation { key: "holm1967", text: "R. Holm, Electric Contacts, 4th ed., Springer (1967) (spreading resistance ρ/4a)" },
                Citation { key: "cooper1969", text: "M. G. Cooper, B. B. Mikic, M. M. Yovanovich, Int. J. Heat Mass Transf. 12 (1969) 279 (finite contact fraction)" },
            ],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![
            Var::ConstrictionOverpotential,
            Var::NegativeOverpotential,
            Var::PhiNegative,
        ]
    }
    fn needs(&self) -> Vec<Var> {
        vec![
            Var::Temperature,
            Var::IonicCurrent,
            Var::FaradaicCurrent,
            Var::ChargeTransferOverpotential,
            Var::Coverage,
            Var::NegativeContact,
            Var::FilmResistance,
            Var::InterphaseResistance,
        ]
    }
    fn declare(&mut self, _b: &mut LayoutBuilder) {}
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![OutputDecl {
            quantity: "constriction overpotential",
            unit: "V",
            description:
                "spreading resistance of the contact spots and films in series, times the current",
        }]
    }
    fn write_outputs(&self, _y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(v.get(Var::ConstrictionOverpotential));
    }
}

impl Kernel for Constriction {
    fn compute<T: Real>(&self, _y: &[T], v: &mut Vars<T>, _env: &Env) {
        let rho = 1.0 / self.conductivity.at(v.temperature());
        let asr = constriction_asr(rho, self.spot_radius, self.carrying_area(v));
        let contacted = soft_floor(v.get(Var::Coverage) * v.get(Var::NegativeContact), 1e-6);
        let series = (v.get(Var::FilmResistance) + v.get(Var::InterphaseResistance)) / contacted;
        let drop = v.get(Var::IonicCurrent) * asr + v.get(Var::FaradaicCurrent) * series;
        v.set(Var::ConstrictionOverpotential, drop);
        let total = v.get(Var::ChargeTransferOverpotential) + drop;
        v.set(Var::NegativeOverpotential, total);
        v.set(Var::PhiNegative, -total);
    }
    fn residual<T: Real>(&self, _y: &[T], _v: &Vars<T>, _env: &Env, _f: &mut [T]) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drop_is_current_times_constriction_plus_series_over_contact() {
        let c = Constriction {
            spot_radius: 10e-6,
            conductivity: Arrhenius {
                value_ref: 0.05,
                t_ref: 298.15,
                ea: 0.0,
                sigma_t: false,
                ea_assumed: false,
            },
            collector_contact: 0.05,
        };
        let mut v = Vars::<f64>::new();
        v.set(Var::Temperature, 298.15);
        v.set(Var::IonicCurrent, 10.0);
        v.set(Var::FaradaicCurrent, 8.0);
        v.set(Var::ChargeTransferOverpotential, 0.01);
        v.set(Var::Coverage, 1.0);
        v.set(Var::NegativeContact, 0.5);
        v.set(Var::FilmResistance, 0.01);
        v.set(Var::InterphaseResistance, 0.0);
        c.compute(&[], &mut v, &Env::new(298.15, 0.0));
        let want = 10.0 * constriction_asr(20.0, 10e-6, 0.5f64) + 8.0 * 0.01 / 0.5;
        approx::assert_relative_eq!(
            v.get(Var::ConstrictionOverpotential),
            want,
            max_relative = 1e-6
        );
        approx::assert_relative_eq!(v.get(Var::PhiNegative), -(want + 0.01), max_relative = 1e-9);
    }
}
