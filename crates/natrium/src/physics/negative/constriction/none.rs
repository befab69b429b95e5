//! No constriction and nothing in series: the negative overpotential is the charge-transfer
//! overpotential alone (a perfectly contacting, film-free interface).

use crate::ad::Real;
use crate::model::{Describe, Env, Info, Kernel, LayoutBuilder, Var, Vars};

/// The `none` variant.
#[derive(Debug, Clone, Default)]
pub struct Direct;

impl Describe for Direct {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/constriction",
            variant: "none",
            citations: vec![],
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
        vec![Var::ChargeTransferOverpotential]
    }
    fn declare(&mut self, _b: &mut LayoutBuilder) {}
}

impl Kernel for Direct {
    fn compute<T: Real>(&self, _y: &[T], v: &mut Vars<T>, _env: &Env) {
        let eta = v.get(Var::ChargeTransferOverpotential);
        v.set(Var::ConstrictionOverpotential, T::cst(0.0));
        v.set(Var::NegativeOverpotential, eta);
        v.set(Var::PhiNegative, -eta);
    }
    fn residual<T: Real>(&self, _y: &[T], _v: &Vars<T>, _env: &Env, _f: &mut [T]) {}
}
