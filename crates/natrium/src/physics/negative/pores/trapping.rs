//! Sodium trapped in the open porosity of the collector (docs/physics/inventory.md; Deysher et
//! al., Nat. Energy 2024: Na plated into the pores of Cu and Ti pellets stays there once the
//! interfacial Na is gone, and such collectors keep less capacity than dense Al): pores fill
//! first on plating, give sodium back on stripping while the surface metal still connects them,
//! and what is left in them is cut off once the surface metal is gone:
//!   dn_p/dt = P_plate·r/(r + 0.05q) − P_strip·s·n_p/(n_p + n) − k_t·(1 − s)·n_p,  dn_t/dt = k_t·(1 − s)·n_p,
//! with q the pore volume as sodium, s the presence of surface metal, k_t an assumed isolation rate.

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::error::InputError;
use crate::model::{Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars};
use crate::physics::negative::kernels::pos;
use crate::physics::negative::resolve::Ctx;
use crate::units::dims;

/// Depth of open porosity that plated sodium fills in a dense collector [m] (assumed: one
/// roughness depth, ≈1 µm for pressed collectors, Deysher et al. 2024; range 0.3–10 µm).
pub const PORE_DEPTH: f64 = 1e-6;
/// Depth of open porosity plated sodium fills in a collector pressed from powder [m] (assumed:
/// a few powder particles, 10 µm; range 1–30 µm).
pub const PELLET_PORE_DEPTH: f64 = 10e-6;

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
    /// The pore volume the design's collector offers, as sodium [mol/m²]: porosity of the
    /// collector layer (the cell file's, else the material's) × the depth plated sodium reaches
    /// (the whole thickness for a porous collector).
    pub fn resolve(ctx: &mut Ctx) -> Result<Option<PoreTrapping>, InputError> {
        let Some(layer) = ctx.cell.negative_collector.as_ref() else {
            return Ok(if ctx.variant("pores", "none")? == "trapping" {
                return Err(ctx.err("pores", "\"trapping\" needs a [negative_collector]"));
            } else {
                None
            });
        };
        let porosity = layer.porosity;
        let default = if porosity > 0.0 { "trapping" } else { "none" };
        if ctx.variant("pores", default)? != "trapping" || porosity <= 0.0 {
            return Ok(None);
        }
        let m = &layer.material;
        let pellet = layer.form == Some(crate::cell::CollectorForm::Pellet);
        let depth_default = if m.family == "porous" {
            layer.thickness
        } else if let Some(d) = m.si("pore_depth") {
            d
        } else if pellet {
            PELLET_PORE_DEPTH
        } else {
            PORE_DEPTH
        };
        let depth = ctx.param(
            "pore_depth",
            dims::LENGTH,
            "m",
            if pellet { depth_default } else { depth_default.min(layer.thickness) },
            if m.family == "porous" {
                "a porous collector: sodium reaches its whole thickness".to_string()
            } else if pellet {
                "assumed: a pellet pressed from powder, open pores a few particles deep (10 um; range 1-30 um)".to_string()
            } else {
                "assumed: open pores within one roughness depth (1 um; range 0.3-10 um)".to_string()
            },
        )?;
        ctx.log.add(
            "pores.porosity",
            porosity,
            "-",
            "negative_collector porosity (cell file, else the material)",
        );
        let q = ctx.log.add(
            "pores.capacity",
            porosity * depth / ctx.vm,
            "mol/m^2",
            "derived: porosity × depth / V_m",
        );
        Ok(Some(PoreTrapping::new(q, ctx.vm)))
    }

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
            phenomenon: "negative/pores",
            variant: "trapping",
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
