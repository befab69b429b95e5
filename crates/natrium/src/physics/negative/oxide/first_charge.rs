//! Reduction of the collector's native oxide by the first plated sodium (e.g. Cu₂O + 2Na →
//! 2Cu + Na₂O): a one-time loss of inventory on the first charge (docs/physics/inventory.md: ≈1.1
//! µAh/cm² for 5 nm of Cu₂O). The oxide takes the plating flux first, in proportion to what is
//! left: flux = P_plate·r/(r + 0.1·q), r = q − n_ox. Al₂O₃ is not reduced by Na (ΔG_f per O of
//! Na₂O is less negative than that of Al₂O₃), so Al collectors have none.

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::error::InputError;
use crate::model::{Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars};
use crate::physics::negative::kernels::pos;
use crate::physics::negative::resolve::Ctx;

/// Native-oxide thickness of a Cu collector without data [m] (assumed 5 nm).
pub const CU2O_THICKNESS: f64 = 5e-9;

/// Native-oxide reduction.
#[derive(Debug, Clone)]
pub struct OxideReduction {
    /// Reducible oxide as sodium equivalents [mol/m²].
    pub capacity: f64,
    range: Range<usize>,
}

impl OxideReduction {
    /// The reducible native oxide of the collector, as sodium [mol/m²]: Cu₂O (Na reduces it
    /// at ≈1.2 V vs Na: Cu₂O + 2Na → Na₂O + 2Cu; 6.0 g/cm³, 143.09 g/mol, 2 Na per formula
    /// unit: 1.1 µAh/cm² per 5 nm). Al₂O₃ is left: its reduction to NaAlO₂ sits at ≈0.15 V
    /// and is slow; it would take at most ≈1 µAh/cm² (docs/physics/inventory.md).
    pub fn capacity_of(ctx: &mut Ctx) -> f64 {
        let Some(c) = ctx.collector() else {
            return 0.0;
        };
        if c.formula.as_deref() != Some("Cu") {
            return 0.0;
        }
        let t = ctx.log.from_material(
            "oxide.native_thickness",
            c,
            "native_oxide_thickness",
            "m",
            CU2O_THICKNESS,
            "5 nm of Cu2O",
        );
        ctx.log.add(
            "oxide.capacity",
            2.0 * t * 6000.0 / 0.14309,
            "mol/m^2",
            "derived: Cu2O film, 2 Na per Cu2O (6.0 g/cm3, 143.09 g/mol)",
        )
    }

    /// The variant the design asks for (`first-charge` where the collector has a reducible
    /// oxide).
    pub fn resolve(ctx: &mut Ctx) -> Result<Option<OxideReduction>, InputError> {
        let q = OxideReduction::capacity_of(ctx);
        let default = if q > 0.0 { "first-charge" } else { "none" };
        Ok(match ctx.variant("oxide", default)? {
            "first-charge" if q > 0.0 => Some(OxideReduction::new(q)),
            _ => None,
        })
    }

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
            phenomenon: "negative/oxide",
            variant: "first-charge",
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
