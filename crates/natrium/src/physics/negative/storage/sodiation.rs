//! Sodiation of a carbon-bearing or alloying interlayer (docs/physics/inventory.md).
//!
//! The layer takes sodium at its own potential U(x) vs Na, x = q_rev/q_rev,max, before the
//! interface reaches the potential at which sodium metal nucleates: a carbon layer along a slope
//! U = U₀·(1 − x) (hard and soft carbons sodiate from ≈1 V down to 0 V), an alloying metal on a
//! plateau U = U₀ + (RT/F)·ln((1 − x)/x) (Sn: 0.16 and 0.08 V for the last steps). The current
//! into the layer is j_s = G·(U(x) − η) (fast, G = 1 S/cm², assumed), taking sodium when the
//! interface is below U and giving back the reversible part above it. The first q_irr of
//! sodium goes into sites it never leaves (defects, surface groups): the share of the first
//! charge the layer keeps.
//!
//! BaTiO3/C (≈3 µm): about 0.17 mg/cm² of carbon (30 vol% at 1.9 g/cm³, assumed) taking
//! 150 mAh/g on the first charge (carbon blacks: 100–200 mAh/g, half of it irreversible;
//! assumed for a solid-state cell, where no solvent is reduced), i.e. ≈25 µAh/cm², 50 % of it
//! kept. Sn: 847 mAh/g to Na15Sn4 (≈0.6 mAh/cm² per µm), 20 % kept (assumed).

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::{FARADAY, GAS_CONSTANT};
use crate::error::InputError;
use crate::materials::Material;
use crate::model::{Describe, Env, Info, Kernel, LayoutBuilder, OutputDecl, Var, Vars};
use crate::physics::negative::kernels::pos;
use crate::physics::negative::resolve::Ctx;
use crate::units::dims;

/// Conductance of the storage reaction [S/m²] (assumed 1 S/cm²: fast next to the cycling).
pub const CONDUCTANCE: f64 = 1e4;
/// Sodium a carbon-bearing coating takes per thickness [C/m² per m]: 25 µAh/cm² for 3 µm.
pub const CARBON_PER_THICKNESS: f64 = 25e-3 * 36_000.0 / 3e-6;
/// Irreversible share of a carbon coating's first sodiation (assumed 50 %, range 20–80 %).
pub const CARBON_IRREVERSIBLE: f64 = 0.5;
/// Potential at which carbon starts to sodiate [V] (sloping region from ≈1 V).
pub const CARBON_POTENTIAL: f64 = 1.0;
/// Sodium an alloying metal takes per thickness [C/m² per m]: Sn to Na15Sn4, 0.62 mAh/cm² per µm.
pub const ALLOY_PER_THICKNESS: f64 = 0.62 * 36_000.0 / 1e-6;
/// Irreversible share of an alloying layer (assumed 20 %).
pub const ALLOY_IRREVERSIBLE: f64 = 0.2;
/// Plateau of an alloying layer [V] (Na–Sn, 0.16 V).
pub const ALLOY_POTENTIAL: f64 = 0.16;

/// How the layer stores sodium.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Along a slope (carbons).
    Sloping,
    /// On a plateau (alloys).
    Plateau,
}

impl Kind {
    /// The kind of a layer that stores sodium, from its family and composition.
    pub fn of(m: &Material) -> Option<Kind> {
        if m.family == "alloying-metal" {
            return Some(Kind::Plateau);
        }
        let carbon = m.family == "carbon"
            || m.formula
                .as_deref()
                .is_some_and(|f| f.contains("/C") || f.ends_with('C'))
            || m.id.ends_with("-c")
            || m.id.contains("graph")
            || m.id == "cnt";
        carbon.then_some(Kind::Sloping)
    }
}

/// An interlayer that stores sodium.
#[derive(Debug, Clone)]
pub struct Sodiation {
    pub kind: Kind,
    /// Reversible capacity [mol/m²].
    pub reversible: f64,
    /// Irreversible capacity [mol/m²].
    pub irreversible: f64,
    /// U₀ [V].
    pub potential: f64,
    /// G [S/m²].
    pub conductance: f64,
    range: Range<usize>,
}

impl Sodiation {
    pub fn resolve(ctx: &mut Ctx) -> Result<Sodiation, InputError> {
        let layer = ctx.cell.interlayer.as_ref();
        let m = layer.map(|l| &l.material);
        let kind = m.and_then(Kind::of).unwrap_or(Kind::Sloping);
        let thickness = layer.map_or(0.0, |l| l.thickness);
        let (per, irr, u0) = match kind {
            Kind::Sloping => (CARBON_PER_THICKNESS, CARBON_IRREVERSIBLE, CARBON_POTENTIAL),
            Kind::Plateau => (ALLOY_PER_THICKNESS, ALLOY_IRREVERSIBLE, ALLOY_POTENTIAL),
        };
        let why = match kind {
            Kind::Sloping => {
                "carbon coating: 25 uAh/cm^2 per 3 um (0.17 mg/cm^2 of C at 150 mAh/g, assumed)"
            }
            Kind::Plateau => "alloying metal: 0.62 mAh/cm^2 per um (Na15Sn4, derived)",
        };
        let total = ctx.param_from(
            "storage_capacity",
            dims::AREAL_CAPACITY,
            "C/m^2",
            m.filter(|x| x.prop("na_storage").is_some()),
            "na_storage",
            per * thickness,
            why,
        )?;
        let irreversible = ctx.param_from(
            "storage_irreversible",
            dims::DIMENSIONLESS,
            "-",
            m.filter(|x| x.prop("storage_irreversible").is_some()),
            "storage_irreversible",
            irr,
            "share of the first sodiation kept (carbons 20-80 %, alloys ~20 %)",
        )?;
        let potential = ctx.param_from(
            "storage_potential",
            dims::VOLTAGE,
            "V",
            m.filter(|x| x.prop("storage_potential").is_some()),
            "storage_potential",
            u0,
            "carbons from ~1 V, Na-Sn plateau 0.16 V",
        )?;
        Ok(Sodiation {
            kind,
            reversible: total * (1.0 - irreversible) / FARADAY,
            irreversible: total * irreversible / FARADAY,
            potential,
            conductance: CONDUCTANCE,
            range: 0..0,
        })
    }

    /// U(x) [V].
    pub fn potential_at<T: Real>(&self, x: T, t: f64) -> T {
        match self.kind {
            Kind::Sloping => (T::cst(1.0) - x) * self.potential,
            Kind::Plateau => {
                let x = soft_floor(x, 1e-6);
                let one_minus = soft_floor(T::cst(1.0) - x, 1e-6);
                (one_minus / x).ln() * (GAS_CONSTANT * t / FARADAY) + self.potential
            }
        }
    }

    fn fluxes<T: Real>(&self, y: &[T], v: &Vars<T>) -> (T, T) {
        let (irr, rev) = (y[self.range.start], y[self.range.start + 1]);
        let t = v.temperature();
        let x = rev * (1.0 / self.reversible.max(1e-30));
        let eta = v.get(Var::ChargeTransferOverpotential);
        let total = (self.potential_at(x, t) - eta) * (self.conductance / FARADAY);
        // sodium in: the irreversible sites fill first; out: only the reversible part returns
        let left = soft_floor(
            T::cst(self.irreversible) - irr,
            1e-9 * self.irreversible.max(1e-12),
        );
        let share = left / (left + 0.05 * self.irreversible.max(1e-12));
        let inflow = pos(total, 1e-12);
        let to_irr = inflow * share;
        (to_irr, total - to_irr)
    }
}

impl Describe for Sodiation {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/storage",
            variant: "sodiation",
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::StorageFlux]
    }
    fn needs(&self) -> Vec<Var> {
        vec![Var::Temperature, Var::ChargeTransferOverpotential]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        let scale = (self.reversible + self.irreversible).max(1e-9);
        self.range = b.add(
            "negative.storage",
            2,
            crate::model::Kind::Differential,
            scale,
            "mol/m^2 (irreversible, reversible)",
        );
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![
            OutputDecl {
                quantity: "Na kept by interlayer",
                unit: "uAh/cm^2",
                description: "sodium the interlayer took for good",
            },
            OutputDecl {
                quantity: "Na stored in interlayer",
                unit: "uAh/cm^2",
                description: "sodium the interlayer holds reversibly",
            },
        ]
    }
    fn write_outputs(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(y[self.range.start] * FARADAY / 36.0);
        out.push(y[self.range.start + 1] * FARADAY / 36.0);
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        y[self.range.start] + y[self.range.start + 1]
    }
}

impl Kernel for Sodiation {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        let (a, b) = self.fluxes(y, v);
        v.set(Var::StorageFlux, a + b);
    }
    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        let (a, b) = self.fluxes(y, v);
        f[self.range.start] = a;
        f[self.range.start + 1] = b;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacities_per_thickness_are_the_quoted_ones() {
        // 1 mAh/cm² = 36 000 C/m²: 25 µAh/cm² for 3 µm of carbon coating, 0.62 mAh/cm² per µm Sn
        approx::assert_relative_eq!(
            CARBON_PER_THICKNESS * 3e-6 / 36_000.0,
            0.025,
            max_relative = 1e-12
        );
        approx::assert_relative_eq!(
            ALLOY_PER_THICKNESS * 1e-6 / 36_000.0,
            0.62,
            max_relative = 1e-12
        );
    }

    #[test]
    fn potentials_of_the_two_kinds() {
        let s = Sodiation {
            kind: Kind::Sloping,
            reversible: 1.0,
            irreversible: 0.0,
            potential: 1.0,
            conductance: CONDUCTANCE,
            range: 0..2,
        };
        assert_eq!(s.potential_at(0.0f64, 298.15), 1.0);
        assert_eq!(s.potential_at(1.0f64, 298.15), 0.0);
        let a = Sodiation {
            kind: Kind::Plateau,
            potential: 0.16,
            ..s
        };
        approx::assert_relative_eq!(a.potential_at(0.5f64, 298.15), 0.16, max_relative = 1e-9);
        assert!(a.potential_at(0.999f64, 298.15) < 0.0);
    }
}
