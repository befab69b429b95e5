//! Electronic leakage through the separator (review §5): a solid electrolyte with electronic
//! conductivity σ_e carries an electronic current j_e = σ_e·V/L in parallel with the ions, a
//! self-discharge. Continuity of current through the separator makes the ionic current
//! I_ion = I + j_e (DESIGN.md, "Separator").

use crate::ad::Real;
use crate::model::{Describe, Env, Info, Kernel, LayoutBuilder, OutputDecl, Var, Vars};

/// Leakage submodel: `none` (σ_e = 0) or `ohmic`.
#[derive(Debug, Clone)]
pub struct Leakage {
    /// Electronic conductance of the separator per area σ_e/L [S/m²]; 0 = none.
    pub conductance: f64,
}

impl Describe for Leakage {
    fn info(&self) -> Info {
        Info {
            phenomenon: "electrolyte/leakage",
            variant: if self.conductance > 0.0 {
                "ohmic"
            } else {
                "none"
            },
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::LeakageCurrent, Var::IonicCurrent]
    }
    fn needs(&self) -> Vec<Var> {
        if self.conductance > 0.0 {
            vec![Var::Current, Var::TerminalVoltage]
        } else {
            vec![Var::Current]
        }
    }
    fn declare(&mut self, _b: &mut LayoutBuilder) {}
    fn outputs(&self) -> Vec<OutputDecl> {
        if self.conductance > 0.0 {
            vec![OutputDecl {
                quantity: "leakage current density",
                unit: "uA/cm^2",
                description: "electronic current through the separator",
            }]
        } else {
            vec![]
        }
    }
    fn write_outputs(&self, _y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        if self.conductance > 0.0 {
            out.push(v.get(Var::LeakageCurrent) * 100.0);
        }
    }
}

impl Kernel for Leakage {
    fn compute<T: Real>(&self, _y: &[T], v: &mut Vars<T>, _env: &Env) {
        let i = v.get(Var::Current);
        if self.conductance > 0.0 {
            let jl = v.get(Var::TerminalVoltage) * self.conductance;
            v.set(Var::LeakageCurrent, jl);
            v.set(Var::IonicCurrent, i + jl);
        } else {
            v.set(Var::LeakageCurrent, T::cst(0.0));
            v.set(Var::IonicCurrent, i);
        }
    }
    fn residual<T: Real>(&self, _y: &[T], _v: &Vars<T>, _env: &Env, _f: &mut [T]) {}
}
