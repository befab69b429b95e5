//! Reduction of the collector's native oxide by the first plated sodium (e.g. Cu₂O + 2Na →
//! 2Cu + Na₂O): a one-time loss of inventory on the first charge (negative-interface.md: ≈1.1
//! µAh/cm² for 5 nm of Cu₂O). The oxide takes the plating flux first, in proportion to what is
//! left: flux = P_plate·r/(r + 0.1·q), r = q − n_ox. Al₂O₃ is not reduced by Na (ΔG_f per O of
//! Na₂O is less negative than that of Al₂O₃), so Al collectors have none.

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::model::{Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars};
use crate::physics::negative::kernels::pos;

/// Native-oxide reduction.
#[derive(Debug, Clone)]
pub struct OxideReduction {
    /// Reducible oxide as sodium equivalents [mol/m²].
    pub capacity: f64,
    range: Range<usize>,
}

impl OxideReduction {
    pub fn new(capacity: f64) -> Self {
        OxideReduction {
            capacity,
            range: 0..0,
        }
    }
    fn flux<T: Real>(&self, y: &[T], v: &Vars<T>) -> T {
        let left = soft_floor(
            T::cst(self.capacity) - y[self.range.start],
            1e-6 * self.capacity,
        );
        let plate = pos(-v.get(Var::FaradaicCurrent), 1e-4) / FARADAY;
        plate * left / (left + 0.1 * self.capacity)
    }
}

impl Describe for OxideReduction {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/native-oxide",
            variant: "first-charge-reduction",
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::OxideFlux]
    }
    fn needs(&self) -> Vec<Var> {
        vec![Var::FaradaicCurrent]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add(
            "negative.oxide_consumed",
            1,
            Kind::Differential,
            self.capacity.max(1e-9),
            "mol/m^2",
        );
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![OutputDecl {
            quantity: "Na lost to native oxide",
            unit: "uAh/cm^2",
            description: "sodium consumed reducing the collector oxide",
        }]
    }
    fn write_outputs(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(y[self.range.start] * FARADAY / 36.0);
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        y[self.range.start]
    }
}

impl Kernel for OxideReduction {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        v.set(Var::OxideFlux, self.flux(y, v));
    }
    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        f[self.range.start] = self.flux(y, v);
    }
}
