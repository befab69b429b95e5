//! The `none` variant of a negative-interface phenomenon: it provides its quantities as zero (or
//! one, for fractions that default to full), so the effect is simply off.

use crate::ad::Real;
use crate::model::{Describe, Env, Info, Kernel, LayoutBuilder, Var, Vars};

/// A phenomenon switched off.
#[derive(Debug, Clone)]
pub struct Off {
    pub phenomenon: &'static str,
    /// Vars provided, with the constant value each takes.
    pub values: Vec<(Var, f64)>,
}

impl Off {
    pub fn new(phenomenon: &'static str, values: &[(Var, f64)]) -> Off {
        Off {
            phenomenon,
            values: values.to_vec(),
        }
    }
}

impl Describe for Off {
    fn info(&self) -> Info {
        Info {
            phenomenon: self.phenomenon,
            variant: "none",
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        self.values.iter().map(|(v, _)| *v).collect()
    }
    fn declare(&mut self, _b: &mut LayoutBuilder) {}
}

impl Kernel for Off {
    fn compute<T: Real>(&self, _y: &[T], v: &mut Vars<T>, _env: &Env) {
        for (k, x) in &self.values {
            v.set(*k, T::cst(*x));
        }
    }
    fn residual<T: Real>(&self, _y: &[T], _v: &Vars<T>, _env: &Env, _f: &mut [T]) {}
}
