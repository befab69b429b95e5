//! Isothermal cell: the temperature is the one the protocol step sets (or the design's), held
//! exactly; every temperature-dependent law reads it from [`Var::Temperature`].

use crate::ad::Real;
use crate::model::{Describe, Env, Info, Kernel, LayoutBuilder, OutputDecl, Var, Vars};

/// The cell at the ambient temperature of the step.
#[derive(Debug, Clone, Default)]
pub struct Isothermal;

impl Describe for Isothermal {
    fn info(&self) -> Info {
        Info {
            phenomenon: "thermal",
            variant: "isothermal",
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::Temperature]
    }
    fn declare(&mut self, _b: &mut LayoutBuilder) {}
    fn outputs(&self) -> Vec<OutputDecl> {
        Vec::new()
    }
}

impl Kernel for Isothermal {
    fn compute<T: Real>(&self, _y: &[T], v: &mut Vars<T>, env: &Env) {
        v.set(Var::Temperature, T::cst(env.t()));
    }
    fn residual<T: Real>(&self, _y: &[T], _v: &Vars<T>, _env: &Env, _f: &mut [T]) {}
}
