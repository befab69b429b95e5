//! Sodium trapped in the porosity of a porous collector (negative-interface.md, "Na trapped in
//! collector pores"): pores fill first on plating, give sodium back on stripping while the surface
//! metal still connects them, and what is left in them is cut off once the surface metal is gone:
//!   dn_p/dt = P_plate·r/(r + 0.05q) − P_strip·s·n_p/(n_p + n) − k_t·(1 − s)·n_p,  dn_t/dt = k_t·(1 − s)·n_p,
//! with q the pore volume as sodium, s the presence of surface metal, k_t an assumed isolation rate.

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::model::{Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars};
use crate::physics::negative::kernels::pos;

/// Porous-collector trapping.
#[derive(Debug, Clone)]
pub struct PoreTrapping {
    /// Pore volume as sodium [mol/m²].
    pub capacity: f64,
    /// Isolation rate once the surface metal is gone [1/s].
    pub k_trap: f64,
    pub molar_volume: f64,
    range: Range<usize>,
}

impl PoreTrapping {
    pub fn new(capacity: f64, molar_volume: f64) -> Self {
        PoreTrapping {
            capacity,
            k_trap: 1e-3,
            molar_volume,
            range: 0..0,
        }
    }
    fn parts<T: Real>(&self, y: &[T], v: &Vars<T>) -> (T, T) {
        let q = self.capacity;
        let np = soft_floor(y[self.range.start], 1e-9 * q);
        let left = soft_floor(T::cst(q) - y[self.range.start], 1e-9 * q);
        let jf = v.get(Var::FaradaicCurrent);
        let plate = pos(-jf, 1e-4) / FARADAY;
        let strip = pos(jf, 1e-4) / FARADAY;
        let s = v.get(Var::MetalPresence);
        let n = v.get(Var::NegativeMetalThickness) / self.molar_volume;
        let net = plate * left / (left + 0.05 * q) - strip * s * np / (np + soft_floor(n, 1e-12));
        let trap = (T::cst(1.0) - s) * np * self.k_trap;
        (net, trap)
    }
}

impl Describe for PoreTrapping {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/collector-pores",
            variant: "fill-and-trap",
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::PoreFlux]
    }
    fn needs(&self) -> Vec<Var> {
        vec![
            Var::MetalPresence,
            Var::FaradaicCurrent,
            Var::NegativeMetalThickness,
        ]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add(
            "negative.pores",
            2,
            Kind::Differential,
            self.capacity.max(1e-9),
            "mol/m^2",
        );
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![
            OutputDecl {
                quantity: "Na in collector pores",
                unit: "uAh/cm^2",
                description: "connected sodium inside the collector porosity",
            },
            OutputDecl {
                quantity: "Na trapped in pores",
                unit: "uAh/cm^2",
                description: "sodium cut off inside the collector porosity",
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

impl Kernel for PoreTrapping {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        let (net, _) = self.parts(y, v);
        v.set(Var::PoreFlux, net);
    }
    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        let (net, trap) = self.parts(y, v);
        f[self.range.start] = net - trap;
        f[self.range.start + 1] = trap;
    }
}
