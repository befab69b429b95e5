//! Sodium stranded by contact loss and reconnected when contact returns (docs/physics/
//! inventory.md).
//!
//! Stripping removes sodium only where it touches the electrolyte. Where contact is lost (a
//! void opens, the collector stops pressing), the sodium beneath stays behind, electronically
//! connected to the collector but cut off from the electrolyte. With the connected sodium n
//! spread over the contacted share φ of the interface and the isolated sodium n_iso over the
//! rest, contact changes move sodium between them:
//!   dn_iso/dt = (−dφ/dt)₊·n/φ − (dφ/dt)₊·n_iso/(1 − φ).
//! Isolated sodium is what an anode-free cell loses per cycle when its contact cannot follow the
//! stripping front: it depends on current, stack pressure and how well the collector presses
//! the deposit (foil against pellet), and part of it returns on the next plating or under creep.

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::model::{Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars};
use crate::physics::negative::kernels::pos;

/// Isolated sodium.
#[derive(Debug, Clone)]
pub struct Isolation {
    /// State scale [mol/m²].
    pub scale: f64,
    pub molar_volume: f64,
    range: Range<usize>,
}

impl Isolation {
    pub fn new(scale: f64, molar_volume: f64) -> Isolation {
        Isolation {
            scale,
            molar_volume,
            range: 0..0,
        }
    }

    fn flux<T: Real>(&self, y: &[T], v: &Vars<T>) -> T {
        let rate = v.get(Var::ContactRate);
        let phi = soft_floor(v.get(Var::NegativeContact), 1e-6);
        let n = soft_floor(v.get(Var::NegativeMetalThickness), 1e-15) / self.molar_volume;
        let iso = soft_floor(y[self.range.start], 1e-6 * self.scale);
        let w = 1e-9;
        let strand = pos(-rate, w) * n / phi;
        let back = pos(rate, w) * iso / soft_floor(T::cst(1.0) - phi, 1e-6);
        strand - back
    }
}

impl Describe for Isolation {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/isolation",
            variant: "contact",
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::IsolationFlux]
    }
    fn needs(&self) -> Vec<Var> {
        vec![
            Var::ContactRate,
            Var::NegativeContact,
            Var::NegativeMetalThickness,
        ]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add(
            "negative.isolated",
            1,
            Kind::Differential,
            self.scale,
            "mol/m^2",
        );
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![OutputDecl {
            quantity: "isolated sodium",
            unit: "uAh/cm^2",
            description: "sodium cut off from the electrolyte where contact was lost",
        }]
    }
    fn write_outputs(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(y[self.range.start] * FARADAY / 36.0);
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        y[self.range.start]
    }
}

impl Kernel for Isolation {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        v.set(Var::IsolationFlux, self.flux(y, v));
    }
    fn residual<T: Real>(&self, _y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        f[self.range.start] = v.get(Var::IsolationFlux);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn losing_contact_strands_the_sodium_beneath_and_regaining_it_returns_it() {
        let iso = Isolation {
            scale: 1e-3,
            molar_volume: 2.375e-5,
            range: 0..1,
        };
        let mut v = Vars::<f64>::new();
        v.set(Var::NegativeContact, 0.5);
        v.set(Var::NegativeMetalThickness, 1e-6);
        let n = 1e-6 / 2.375e-5;
        v.set(Var::ContactRate, -1e-3);
        approx::assert_relative_eq!(iso.flux(&[0.0], &v), 1e-3 * n / 0.5, max_relative = 1e-3);
        v.set(Var::ContactRate, 1e-3);
        approx::assert_relative_eq!(
            iso.flux(&[0.02], &v),
            -1e-3 * 0.02 / 0.5,
            max_relative = 1e-3
        );
    }
}
