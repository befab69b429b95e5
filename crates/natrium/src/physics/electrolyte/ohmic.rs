//! Ohmic separator of a single-ion conductor (t+ = 1): φ_e(cathode side) = φ_e(negative side) −
//! I_ion·L/σ(T), with σ(T) from the electrolyte's Arrhenius law (form σ or σT as stored with its
//! activation energy; see `materials::arrhenius`).

use crate::ad::Real;
use crate::materials::arrhenius::Arrhenius;
use crate::model::{Describe, Env, Info, Kernel, LayoutBuilder, OutputDecl, Var, Vars};

/// Ohmic separator.
#[derive(Debug, Clone)]
pub struct OhmicSeparator {
    pub thickness: f64,
    pub conductivity: Arrhenius,
}

impl OhmicSeparator {
    /// Area-specific resistance [Ω·m²] at temperature `t`.
    pub fn asr(&self, t: f64) -> f64 {
        self.thickness / self.conductivity.at(t)
    }
}

impl Describe for OhmicSeparator {
    fn info(&self) -> Info {
        Info {
            phenomenon: "electrolyte/transport",
            variant: "single-ion-ohmic",
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![
            Var::PhiSeparatorCathode,
            Var::SeparatorOhmic,
            Var::SeparatorConcentration,
        ]
    }
    fn needs(&self) -> Vec<Var> {
        vec![Var::Temperature, Var::IonicCurrent, Var::PhiNegative]
    }
    fn declare(&mut self, _b: &mut LayoutBuilder) {}
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![OutputDecl {
            quantity: "separator ohmic overpotential",
            unit: "V",
            description: "I_ion·L/σ(T) across the separator",
        }]
    }
    fn write_outputs(&self, _y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(v.get(Var::SeparatorOhmic));
    }
}

impl Kernel for OhmicSeparator {
    fn compute<T: Real>(&self, _y: &[T], v: &mut Vars<T>, _env: &Env) {
        let drop = v.get(Var::IonicCurrent) * self.asr(v.temperature());
        v.set(Var::SeparatorOhmic, drop);
        v.set(Var::SeparatorConcentration, T::cst(0.0));
        v.set(Var::PhiSeparatorCathode, v.get(Var::PhiNegative) - drop);
    }
    fn residual<T: Real>(&self, _y: &[T], _v: &Vars<T>, _env: &Env, _f: &mut [T]) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::ELEMENTARY_CHARGE;

    #[test]
    fn asr_follows_arrhenius() {
        let s = OhmicSeparator {
            thickness: 1e-3,
            conductivity: Arrhenius {
                value_ref: 0.06,
                t_ref: 298.15,
                ea: 0.35 * ELEMENTARY_CHARGE,
                sigma_t: false,
                ea_assumed: false,
            },
        };
        // 1 mm of 0.6 mS/cm: 1e-3 m / 0.06 S/m = 1/60 Ω·m² = 166.7 Ω·cm²
        approx::assert_relative_eq!(s.asr(298.15) * 1e4, 166.666_666, max_relative = 1e-6);
        let ratio = s.asr(298.15) / s.asr(333.15);
        approx::assert_relative_eq!(
            ratio,
            s.conductivity.at(333.15) / 0.06,
            max_relative = 1e-12
        );
    }
}
