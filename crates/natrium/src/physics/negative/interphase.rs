//! Interphase growth on sodium metal in contact with the solid electrolyte: parabolic,
//! q = k·√t, i.e. dq/dt = k²/(2(q + q₀)), while metal is present (review §3: a thin Na₂O film on
//! NASICON, k ≈ 0; a growing mixed-conducting interphase on sulfides; the Li analogue of Aktekin
//! et al., Nat. Commun. 2023, loses ≈60 µAh/cm² in ≈400 h). k comes from the electrolyte's
//! `interphase_growth` entry.

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::model::{
    Citation, Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars,
};

/// Parabolic interphase growth.
#[derive(Debug, Clone)]
pub struct Interphase {
    /// k [mol/(m² s^½)].
    pub k: f64,
    /// q₀ regularising the start [mol/m²].
    pub q0: f64,
    range: Range<usize>,
}

impl Interphase {
    pub fn new(k: f64) -> Self {
        // q₀ = amount after 1 s of growth
        Interphase {
            k,
            q0: k,
            range: 0..0,
        }
    }
    fn flux<T: Real>(&self, y: &[T], v: &Vars<T>) -> T {
        let q = soft_floor(y[self.range.start], 1e-3 * self.q0);
        v.get(Var::MetalPresence) * (self.k * self.k / 2.0) / (q + self.q0)
    }
}

impl Describe for Interphase {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/interphase",
            variant: "parabolic",
            citations: vec![Citation { key: "aktekin2023", text: "B. Aktekin et al., Nat. Commun. 14 (2023) 6946 (parabolic interphase growth on Li|Li6PS5Cl; used as the sulfide analogue)" }],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::InterphaseFlux]
    }
    fn needs(&self) -> Vec<Var> {
        vec![Var::MetalPresence]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add(
            "negative.interphase",
            1,
            Kind::Differential,
            (self.k * 1000.0).max(1e-9),
            "mol/m^2",
        );
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![OutputDecl {
            quantity: "Na lost to interphase",
            unit: "uAh/cm^2",
            description: "sodium consumed by the interphase with the electrolyte",
        }]
    }
    fn write_outputs(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(y[self.range.start] * FARADAY / 36.0);
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        y[self.range.start]
    }
}

impl Kernel for Interphase {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        v.set(Var::InterphaseFlux, self.flux(y, v));
    }
    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        f[self.range.start] = self.flux(y, v);
    }
}
