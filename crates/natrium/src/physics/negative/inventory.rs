//! The sodium-metal inventory of the negative side: the plated (or foil) sodium in electronic
//! contact with the collector.
//!
//! dn/dt = −j_f/F − (oxide + alloy + pore + interphase + dead fluxes), where j_f is the faradaic
//! current (anodic positive) and the fluxes are sodium diverted to side reservoirs by their own
//! submodels, so the sum over all reservoirs changes exactly as −j_f/F. Presence indicator
//! s = n/(n + n_ε) marks whether metal is left (it switches the stripping area off, smoothly).

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::model::{
    Describe, Electrode, Env, EventDecl, EventKind, Info, Kernel, Kind, LayoutBuilder, OutputDecl,
    Var, Vars,
};

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
    pub fn new(n0: f64, scale: f64, molar_volume: f64) -> Inventory {
        // n_ε ≈ 10 nm of sodium: below this the deposit no longer forms a connected layer
        let n_eps = 10e-9 / molar_volume;
        Inventory {
            n0,
            scale,
            n_eps,
            molar_volume,
            range: 0..0,
        }
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
        // only while the negative is stripped (anodic ionic current); plating cannot deplete it
        if v.get(Var::IonicCurrent) > 0.0 {
            g.push(y[self.range.start] / self.n_eps - 0.05);
        } else {
            g.push(1.0);
        }
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
        f[self.range.start] = -v.get(Var::FaradaicCurrent) / FARADAY
            - v.get(Var::OxideFlux)
            - v.get(Var::AlloyFlux)
            - v.get(Var::PoreFlux)
            - v.get(Var::InterphaseFlux)
            - v.get(Var::DeadFlux);
    }
}
