//! The sodium-metal inventory of the negative side: the plated (or foil) sodium in electronic
//! and ionic contact.
//!
//! dn/dt = −j_f/F − Σ sinks, where j_f is the faradaic current (anodic positive) and the sinks
//! are the fluxes every side reservoir declares ([`Var::SODIUM_SINKS`]: oxide, storage, pores,
//! interphase, isolation), so the sum over all reservoirs changes exactly as −j_f/F. The
//! presence s = n/(n + n_ε) marks whether connected metal is left (it switches the stripping
//! area off smoothly); n_ε is the sodium of a layer of thickness `connected_layer` (assumed
//! 10 nm: below it a deposit no longer forms a connected film; range 1–100 nm).

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::error::InputError;
use crate::model::{
    Describe, Electrode, Env, EventDecl, EventKind, Info, Kernel, Kind, LayoutBuilder, OutputDecl,
    Var, Vars,
};
use crate::physics::negative::resolve::Ctx;
use crate::units::dims;

/// Thickness below which a deposit no longer forms a connected layer [m] (assumed 10 nm,
/// range 1–100 nm).
pub const CONNECTED_LAYER: f64 = 10e-9;

/// Plated/foil sodium of the negative.
#[derive(Debug, Clone)]
pub struct Inventory {
    /// Initial sodium [mol/m²].
    pub n0: f64,
    /// Scale for tolerances [mol/m²].
    pub scale: f64,
    /// Presence half-amount n_ε [mol/m²].
    pub n_eps: f64,
    pub molar_volume: f64,
    range: Range<usize>,
}

impl Inventory {
    pub fn new(n0: f64, scale: f64, molar_volume: f64, connected_layer: f64) -> Inventory {
        Inventory {
            n0,
            scale,
            n_eps: connected_layer / molar_volume,
            molar_volume,
            range: 0..0,
        }
    }

    /// The sodium at assembly and the connected-layer thickness from the design.
    pub fn resolve(ctx: &mut Ctx) -> Result<Inventory, InputError> {
        let layer = ctx.param(
            "connected_layer",
            dims::LENGTH,
            "m",
            CONNECTED_LAYER,
            "assumed: below 10 nm a deposit no longer forms a connected layer (range 1-100 nm)",
        )?;
        let n0 = ctx.cell.negative.initial_thickness / ctx.vm;
        Ok(Inventory::new(n0, ctx.n_scale, ctx.vm, layer))
    }
    pub fn index(&self) -> usize {
        self.range.start
    }
}

impl Describe for Inventory {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/inventory",
            variant: "plated-metal",
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::MetalPresence, Var::NegativeMetalThickness]
    }
    fn residual_needs(&self) -> Vec<Var> {
        let mut v = vec![Var::FaradaicCurrent];
        v.extend(Var::SODIUM_SINKS);
        v
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add(
            "negative.sodium",
            1,
            Kind::Differential,
            self.scale,
            "mol/m^2",
        );
    }
    fn init(&self, y: &mut [f64], _env: &Env) {
        y[self.range.start] = self.n0;
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![
            OutputDecl {
                quantity: "sodium thickness",
                unit: "um",
                description: "sodium metal connected to the negative collector",
            },
            OutputDecl {
                quantity: "negative sodium",
                unit: "mAh/cm^2",
                description: "connected sodium on the negative side as charge",
            },
        ]
    }
    fn write_outputs(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        let n = y[self.range.start];
        out.push(n * self.molar_volume * 1e6);
        out.push(n * FARADAY / 36_000.0);
    }
    fn events(&self) -> Vec<EventDecl> {
        vec![EventDecl {
            kind: EventKind::SodiumDepleted(Electrode::Working),
            description: "all connected sodium stripped from the negative",
        }]
    }
    fn event_values(&self, y: &[f64], v: &Vars<f64>, _env: &Env, g: &mut Vec<f64>) {
        // the runner heeds it only in steps that strip the negative (EventKind::applies)
        let _ = v;
        g.push(y[self.range.start] / self.n_eps - 0.05);
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        y[self.range.start]
    }
}

impl Kernel for Inventory {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        let n = soft_floor(y[self.range.start], 1e-6 * self.n_eps);
        v.set(Var::MetalPresence, n / (n + self.n_eps));
        v.set(Var::NegativeMetalThickness, n * self.molar_volume);
    }
    fn residual<T: Real>(&self, _y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        let mut d = -v.get(Var::FaradaicCurrent) / FARADAY;
        for s in Var::SODIUM_SINKS {
            d -= v.get(s);
        }
        f[self.range.start] = d;
    }
}
