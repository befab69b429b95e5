//! Dead sodium: metal that loses electronic contact while it is stripped (review §1 and §3:
//! isolation; negative-interface.md: "Na isolated where contact falls during stripping, more at
//! low pressure"). A fraction of the stripping flux is isolated instead of dissolved:
//!   flux = P_strip·[β_void·(1 − φ)² + β_end·(1 − s)],
//! from voids (contact φ < 1) and from the break-up of the last, thin deposit into islands as the
//! metal runs out (presence s → 0). β_void and β_end are fitted (see `build`).

use std::ops::Range;

use crate::ad::Real;
use crate::constants::FARADAY;
use crate::model::{Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars};
use crate::physics::negative::kernels::pos;

/// Contact-isolation loss.
#[derive(Debug, Clone)]
pub struct DeadSodium {
    pub beta_void: f64,
    pub beta_end: f64,
    pub scale: f64,
    range: Range<usize>,
}

impl DeadSodium {
    pub fn new(beta_void: f64, beta_end: f64, scale: f64) -> Self {
        DeadSodium {
            beta_void,
            beta_end,
            scale,
            range: 0..0,
        }
    }
    fn flux<T: Real>(&self, v: &Vars<T>) -> T {
        let strip = pos(v.get(Var::FaradaicCurrent), 1e-4) / FARADAY;
        let gap = T::cst(1.0) - v.get(Var::NegativeContact);
        let s = v.get(Var::MetalPresence);
        strip * (gap * gap * self.beta_void + (T::cst(1.0) - s) * self.beta_end)
    }
}

impl Describe for DeadSodium {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/dead-sodium",
            variant: "contact-isolation",
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::DeadFlux]
    }
    fn needs(&self) -> Vec<Var> {
        vec![
            Var::MetalPresence,
            Var::NegativeContact,
            Var::FaradaicCurrent,
        ]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add(
            "negative.dead",
            1,
            Kind::Differential,
            self.scale,
            "mol/m^2",
        );
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![OutputDecl {
            quantity: "dead sodium",
            unit: "uAh/cm^2",
            description: "sodium isolated from the collector",
        }]
    }
    fn write_outputs(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(y[self.range.start] * FARADAY / 36.0);
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        y[self.range.start]
    }
}

impl Kernel for DeadSodium {
    fn compute<T: Real>(&self, _y: &[T], v: &mut Vars<T>, _env: &Env) {
        v.set(Var::DeadFlux, self.flux(v));
    }
    fn residual<T: Real>(&self, _y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        f[self.range.start] = self.flux(v);
    }
}
