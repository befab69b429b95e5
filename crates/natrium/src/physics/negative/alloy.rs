//! Sodium stored by an alloying interlayer (Sn, Au, Pb/C, SnO₂→NaₓSn …; review §2–3): the layer
//! takes sodium before metal plates and gives it back after the metal is stripped:
//!   flux = P_plate·r/(r + 0.05q) − P_strip·(1 − s)·n/(n + 0.05q),  r = q − n,
//! with q its capacity (negative-interface.md: 100 nm Sn → Na₁₅Sn₄ ≈ 0.06 mAh/cm²) and s the
//! presence of sodium metal. Alloying layers also remove the nucleation barrier (see `build`).

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::model::{Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars};
use crate::physics::negative::kernels::pos;

/// Alloying interlayer.
#[derive(Debug, Clone)]
pub struct AlloyStorage {
    /// Capacity [mol/m²].
    pub capacity: f64,
    range: Range<usize>,
}

impl AlloyStorage {
    pub fn new(capacity: f64) -> Self {
        AlloyStorage {
            capacity,
            range: 0..0,
        }
    }
    fn flux<T: Real>(&self, y: &[T], v: &Vars<T>) -> T {
        let q = self.capacity;
        let n = soft_floor(y[self.range.start], 1e-6 * q);
        let left = soft_floor(T::cst(q) - y[self.range.start], 1e-6 * q);
        let jf = v.get(Var::FaradaicCurrent);
        let plate = pos(-jf, 1e-4) / FARADAY;
        let strip = pos(jf, 1e-4) / FARADAY;
        let s = v.get(Var::MetalPresence);
        plate * left / (left + 0.05 * q) - strip * (T::cst(1.0) - s) * n / (n + 0.05 * q)
    }
}

impl Describe for AlloyStorage {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/alloy",
            variant: "alloying-interlayer",
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::AlloyFlux]
    }
    fn needs(&self) -> Vec<Var> {
        vec![Var::MetalPresence, Var::FaradaicCurrent]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add(
            "negative.alloy",
            1,
            Kind::Differential,
            self.capacity.max(1e-9),
            "mol/m^2",
        );
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![OutputDecl {
            quantity: "Na in alloy interlayer",
            unit: "uAh/cm^2",
            description: "sodium stored by the alloying interlayer",
        }]
    }
    fn write_outputs(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(y[self.range.start] * FARADAY / 36.0);
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        y[self.range.start]
    }
}

impl Kernel for AlloyStorage {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        v.set(Var::AlloyFlux, self.flux(y, v));
    }
    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        f[self.range.start] = self.flux(y, v);
    }
}
