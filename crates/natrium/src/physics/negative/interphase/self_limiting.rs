//! A thin interphase that forms where fresh sodium first touches the electrolyte and then stops
//! (NASICON: a Na₂O-rich film of a few nanometres, review §3, refs. 39, 62; its impedance is
//! negligible next to constriction, Ortmann et al. 2023).
//!
//! Fresh sodium forms it where it touches the electrolyte: of the sodium plated, the film takes
//! what the newly covered area needs, dq/dt = P_plate·r/(r + 0.1·q_f), r = q_f·θ − q (θ the
//! coverage by sodium), with q_f = δ/(v_q·F) for a film of thickness δ and volume per charge
//! v_q. Its resistance is part of the charge-transfer resistance measured on Na | oxide
//! interfaces, so by default nothing is added in series; given a conductivity σ for it, it adds
//! R = δ/σ on the covered, contacted area.

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::error::InputError;
use crate::model::{Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars};
use crate::physics::negative::kernels::pos;
use crate::physics::negative::resolve::Ctx;
use crate::units::dims;

/// Thickness of the self-limiting film [m] (assumed: a few nm, review §3; range 1–10 nm).
pub const THICKNESS: f64 = 3e-9;
/// Volume per charge of a Na₂O-rich film [m³/C]: 27.3 cm³/mol of Na₂O per 2 Na (derived).
pub const VOLUME_PER_CHARGE: f64 = 27.3e-6 / 2.0 / FARADAY;

/// A film that forms once.
#[derive(Debug, Clone)]
pub struct SelfLimiting {
    /// Sodium the film takes [mol/m²].
    pub capacity: f64,
    /// Its resistance when complete [Ω·m²].
    pub resistance: f64,
    range: Range<usize>,
}

impl SelfLimiting {
    pub fn resolve(ctx: &mut Ctx) -> Result<SelfLimiting, InputError> {
        let sep = ctx.separator();
        let vq = ctx.param_from(
            "interphase_thickness_per_charge",
            dims::VOLUME_PER_CHARGE,
            "m^3/C",
            Some(sep),
            "interphase_thickness_per_charge",
            VOLUME_PER_CHARGE,
            "Na2O-rich film: 27.3 cm^3/mol per 2 Na (derived)",
        )?;
        let q = ctx.param_from(
            "interphase_capacity",
            dims::AREAL_CAPACITY,
            "C/m^2",
            Some(sep),
            "interphase_capacity",
            THICKNESS / vq,
            "a film of 3 nm (assumed, review §3: a few nm; range 1-10 nm)",
        )?;
        // the film is part of every measured Na | oxide charge-transfer resistance (the
        // exchange current of the kinetics), so it adds nothing in series unless a conductivity
        // is given for it
        let sigma = match ctx.option("interphase_conductivity", dims::CONDUCTIVITY)? {
            Some(s) => Some((s, "cell file [model.interface] option".to_string())),
            None => sep
                .si("interphase_conductivity")
                .map(|s| (s, format!("{}.interphase_conductivity", sep.id))),
        };
        let resistance = match sigma {
            Some((s, basis)) if s > 0.0 => ctx.log.add(
                "interphase.resistance",
                q * vq / s,
                "ohm m^2",
                format!("thickness / conductivity ({basis})"),
            ),
            Some((s, _)) => {
                return Err(ctx.err(
                    "interphase_conductivity",
                    format!("{s} S/m: expected a positive conductivity"),
                ))
            }
            None => ctx.log.add(
                "interphase.resistance",
                0.0,
                "ohm m^2",
                "none in series: a film of a few nm is part of the measured Na | oxide charge-transfer resistance (Eckhardt et al. 2023)",
            ),
        };
        Ok(SelfLimiting {
            capacity: q / FARADAY,
            resistance,
            range: 0..0,
        })
    }

    fn flux<T: Real>(&self, y: &[T], v: &Vars<T>) -> T {
        let q = self.capacity.max(1e-30);
        let left = soft_floor(v.get(Var::Coverage) * q - y[self.range.start], 1e-6 * q);
        let plate = pos(-v.get(Var::FaradaicCurrent), 1e-4) / FARADAY;
        plate * left / (left + 0.1 * q)
    }
}

impl Describe for SelfLimiting {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/interphase",
            variant: "self-limiting",
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::InterphaseFlux, Var::InterphaseResistance]
    }
    fn needs(&self) -> Vec<Var> {
        vec![Var::FaradaicCurrent, Var::Coverage]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add(
            "negative.interphase",
            1,
            Kind::Differential,
            self.capacity.max(1e-9),
            "mol/m^2",
        );
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![OutputDecl {
            quantity: "Na in interphase",
            unit: "uAh/cm^2",
            description: "sodium consumed forming the electrolyte's reduction interphase",
        }]
    }
    fn write_outputs(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(y[self.range.start] * FARADAY / 36.0);
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        y[self.range.start]
    }
}

impl Kernel for SelfLimiting {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        v.set(Var::InterphaseFlux, self.flux(y, v));
        v.set(Var::InterphaseResistance, T::cst(self.resistance));
    }
    fn residual<T: Real>(&self, _y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        f[self.range.start] = v.get(Var::InterphaseFlux);
    }
}
