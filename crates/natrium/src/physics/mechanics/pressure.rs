//! Stack pressure (docs/physics/creep.md).
//!
//! * `constant-pressure`: the fixture holds the pressure of the step (springs, pneumatic).
//! * `fixed-gap`: the stack sits in a fixture of areal stiffness K_A (layers and fixture in series);
//!   plated sodium thickens the stack, cathode shrinkage offsets it, and creep of the sodium layer
//!   relaxes the pressure: dp/dt = K_A·[V_m·P_plate + ḣ_cathode − h_Na·ε̇_sq(p, h_Na, R, T)],
//!   with ε̇_sq the thinning rate of a layer squeezed between rigid faces over the electrode
//!   radius R = √(A/π) ([`crate::physics::mechanics::creep::CreepLaw::squeeze_rate`], the creep
//!   law of Wang et al., Materialia 12 (2020) 100792, with no fitted factor). Without relaxation
//!   Δp = K_A·h_Na (1 mAh/cm², 8.9 µm → 0.09 MPa at 1e10 Pa/m); a micrometre film under a
//!   centimetre electrode relaxes little, a thick foil relaxes within hours.

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::model::{
    Citation, Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars,
};
use crate::physics::mechanics::creep::CreepLaw;

/// Pressure held by the fixture.
#[derive(Debug, Clone, Default)]
pub struct ConstantPressure;

impl Describe for ConstantPressure {
    fn info(&self) -> Info {
        Info {
            phenomenon: "mechanics/stack-pressure",
            variant: "constant-pressure",
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::StackPressure]
    }
    fn declare(&mut self, _b: &mut LayoutBuilder) {}
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![OutputDecl {
            quantity: "stack pressure",
            unit: "MPa",
            description: "pressure on the stack",
        }]
    }
    fn write_outputs(&self, _y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(v.get(Var::StackPressure) / 1e6);
    }
}

impl Kernel for ConstantPressure {
    fn compute<T: Real>(&self, _y: &[T], v: &mut Vars<T>, env: &Env) {
        v.set(Var::StackPressure, T::cst(env.pressure.get()));
    }
    fn residual<T: Real>(&self, _y: &[T], _v: &Vars<T>, _env: &Env, _f: &mut [T]) {}
}

/// Fixed-gap fixture.
#[derive(Debug, Clone)]
pub struct FixedGap {
    /// Areal stiffness [Pa/m].
    pub stiffness: f64,
    pub creep: CreepLaw,
    pub molar_volume: f64,
    /// Lateral half-width of the sodium layer [m] (radius of the electrode).
    pub radius: f64,
    /// Initial (preload) pressure [Pa].
    pub p0: f64,
    /// Where the other side's thickness change comes from.
    pub other_side: OtherSide,
    range: Range<usize>,
}

/// The thickness change of the stack besides the plated sodium.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OtherSide {
    /// Composite cathode of a full cell: volume change per charge removed on charge [m³/C]
    /// (negative = shrinks), applied uniaxially to the ionic current through the separator.
    Cathode { volume_change: f64 },
    /// Metal counter electrode of a half cell (rate from `Var::CathodeSwellingRate`).
    Counter,
}

impl FixedGap {
    pub fn new(
        stiffness: f64,
        creep: CreepLaw,
        molar_volume: f64,
        radius: f64,
        p0: f64,
        other_side: OtherSide,
    ) -> Self {
        FixedGap {
            stiffness,
            creep,
            molar_volume,
            radius,
            p0,
            other_side,
            range: 0..0,
        }
    }
}

impl Describe for FixedGap {
    fn info(&self) -> Info {
        Info {
            phenomenon: "mechanics/stack-pressure",
            variant: "fixed-gap",
            citations: vec![Citation { key: "wang2020", text: "M. J. Wang et al., Materialia 12 (2020) 100792 (Na creep and stress relaxation)" }],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::StackPressure]
    }
    fn residual_needs(&self) -> Vec<Var> {
        let mut v = vec![
            Var::Temperature,
            Var::FaradaicCurrent,
            Var::NegativeMetalThickness,
        ];
        v.push(match self.other_side {
            OtherSide::Cathode { .. } => Var::IonicCurrent,
            OtherSide::Counter => Var::CathodeSwellingRate,
        });
        v
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add("mechanics.pressure", 1, Kind::Differential, 1e5, "Pa");
    }
    fn init(&self, y: &mut [f64], _env: &Env) {
        y[self.range.start] = self.p0;
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![OutputDecl {
            quantity: "stack pressure",
            unit: "MPa",
            description: "pressure in the fixed-gap fixture",
        }]
    }
    fn write_outputs(&self, _y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(v.get(Var::StackPressure) / 1e6);
    }
}

impl Kernel for FixedGap {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        v.set(Var::StackPressure, soft_floor(y[self.range.start], 1.0));
    }
    fn residual<T: Real>(&self, _y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        let t = v.temperature();
        let p = v.get(Var::StackPressure);
        let plate = -v.get(Var::FaradaicCurrent) * (self.molar_volume / FARADAY);
        let other = match self.other_side {
            // charge leaves the cathode at −I_ion (I_ion > 0 on discharge)
            OtherSide::Cathode { volume_change } => -v.get(Var::IonicCurrent) * volume_change,
            OtherSide::Counter => v.get(Var::CathodeSwellingRate),
        };
        let swell = plate + other;
        let h = soft_floor(v.get(Var::NegativeMetalThickness), 1e-12);
        let relax = h * self.creep.squeeze_rate(p, h, self.radius, t);
        f[self.range.start] = (swell - relax) * self.stiffness;
    }
}
