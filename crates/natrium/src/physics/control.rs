//! The external circuit: galvanostatic or potentiostatic control of the cell, with counters of
//! charge and energy.
//!
//! Current control: 0 = I − I_set. Voltage control: 0 = (V − V_set)/V_scale, which makes I an
//! algebraic unknown fixed by the cell's state (the PyBaMM-style operating-mode constraint).
//! Counters: dQ/dt = I, dE/dt = I·V (per unit area).

use std::ops::Range;

use crate::ad::Real;
use crate::model::{Describe, Env, Info, Kernel, Kind, LayoutBuilder, Mode, OutputDecl, Var, Vars};

/// Circuit submodel.
#[derive(Debug, Clone, Default)]
pub struct Control {
    pub current: usize,
    pub charge: usize,
    pub energy: usize,
    /// Typical current density [A/m²] (tolerance scale).
    pub scale: f64,
    range: Range<usize>,
}

impl Control {
    pub fn new(current_scale: f64) -> Control {
        Control {
            scale: current_scale.max(1e-3),
            ..Default::default()
        }
    }
}

impl Describe for Control {
    fn info(&self) -> Info {
        Info {
            phenomenon: "circuit",
            variant: "galvanostatic-potentiostatic",
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::Current]
    }
    fn residual_needs(&self) -> Vec<Var> {
        vec![Var::TerminalVoltage]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        let i = b.add("circuit.current", 1, Kind::Algebraic, self.scale, "A/m^2");
        let q = b.add(
            "circuit.charge",
            1,
            Kind::Differential,
            self.scale * 3600.0,
            "C/m^2",
        );
        let e = b.add(
            "circuit.energy",
            1,
            Kind::Differential,
            self.scale * 3600.0 * 3.0,
            "J/m^2",
        );
        self.current = i.start;
        self.charge = q.start;
        self.energy = e.start;
        self.range = i.start..e.end;
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![
            OutputDecl {
                quantity: "current density",
                unit: "mA/cm^2",
                description: "external current density, positive on discharge",
            },
            OutputDecl {
                quantity: "charge passed",
                unit: "mAh/cm^2",
                description: "integral of the current density since the start",
            },
            OutputDecl {
                quantity: "energy delivered",
                unit: "mWh/cm^2",
                description: "integral of current density times voltage",
            },
        ]
    }
    fn write_outputs(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(y[self.current] / 10.0);
        out.push(y[self.charge] / 36_000.0);
        out.push(y[self.energy] / 36_000.0);
    }
}

impl Kernel for Control {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        v.set(Var::Current, y[self.current]);
    }
    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, env: &Env, f: &mut [T]) {
        let i = y[self.current];
        let volt = v.get(Var::TerminalVoltage);
        f[self.current] = match env.mode.get() {
            Mode::Current(set) => (i - set) / self.scale,
            Mode::Voltage(set) => volt - set,
        };
        f[self.charge] = i;
        f[self.energy] = i * volt;
    }
}
