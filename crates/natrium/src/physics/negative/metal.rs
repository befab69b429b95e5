//! Sodium-metal negative electrode: charge transfer (symmetric Butler–Volmer) in series with an
//! area-specific interfacial resistance, and the sodium inventory it holds.
//!
//! η_neg = (2RT/F)·asinh(I_ion/(2·i₀)) + I_ion·R_int (anodic positive: stripping on discharge);
//! dn/dt = −I_ion/F (mol Na per m²), thickness h = n·V_m. The electrolyte potential at the
//! interface is φ_e = −η_neg (the metal is the potential reference). With i₀ ≈ 26 mA/cm² the
//! charge-transfer resistance RT/(F·i₀) is about 1 Ω·cm², the value Janek and co-workers report
//! for well-contacted Na|NZSP (docs/physics/constriction.md).

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::model::{
    Citation, Describe, Electrode, Env, EventDecl, EventKind, Info, Kernel, Kind, LayoutBuilder,
    OutputDecl, Var, Vars,
};
use crate::physics::cathode::kinetics::bv_overpotential;

/// Na-metal electrode (also the "ideal" electrode when i₀ → ∞ and R_int = 0).
#[derive(Debug, Clone)]
pub struct MetalElectrode {
    /// Exchange current density [A/m²] at the reference temperature (∞ = ideal).
    pub i0: f64,
    /// Activation energy of the exchange current [J] (Arrhenius about `T_REF`).
    pub i0_activation: f64,
    /// Interfacial area-specific resistance [Ω·m²].
    pub r_int: f64,
    /// Initial sodium [mol/m²].
    pub n0: f64,
    /// Molar volume of the metal [m³/mol].
    pub molar_volume: f64,
    /// Whether this is the ideal electrode of a plain P2D comparison.
    pub ideal: bool,
    /// Scale of the inventory [mol/m²] for tolerances and the depletion event.
    pub scale: f64,
    range: Range<usize>,
}

impl MetalElectrode {
    pub fn new(
        i0: f64,
        i0_activation: f64,
        r_int: f64,
        n0: f64,
        molar_volume: f64,
        scale: f64,
    ) -> Self {
        MetalElectrode {
            i0,
            i0_activation,
            r_int,
            n0,
            molar_volume,
            ideal: false,
            scale,
            range: 0..0,
        }
    }
    pub fn ideal(n0: f64, molar_volume: f64, scale: f64) -> Self {
        MetalElectrode {
            i0: f64::INFINITY,
            i0_activation: 0.0,
            r_int: 0.0,
            n0,
            molar_volume,
            ideal: true,
            scale,
            range: 0..0,
        }
    }
    pub fn index(&self) -> usize {
        self.range.start
    }
    /// Overpotential [V] at ionic current `i` (A/m²) and temperature `t`.
    pub fn overpotential<T: Real>(&self, i: T, t: f64) -> T {
        if self.ideal {
            return T::cst(0.0);
        }
        let ct = if self.i0.is_finite() {
            let i0 = crate::materials::arrhenius::Arrhenius {
                value_ref: self.i0,
                t_ref: crate::constants::T_REF,
                ea: self.i0_activation,
                sigma_t: false,
                ea_assumed: true,
            }
            .at(t);
            bv_overpotential(i, T::cst(i0), t)
        } else {
            T::cst(0.0)
        };
        ct + i * self.r_int
    }
}

impl Describe for MetalElectrode {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/electrode",
            variant: if self.ideal { "ideal" } else { "sodium-metal" },
            citations: if self.ideal {
                vec![]
            } else {
                vec![Citation {
                    key: "eckhardt2023",
                    text: "J. K. Eckhardt et al., Adv. Mater. Interfaces 10 (2023) 2202354 (charge-transfer resistance of Na|NZSP)",
                }]
            },
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![
            Var::PhiNegative,
            Var::NegativeOverpotential,
            Var::NegativeMetalThickness,
        ]
    }
    fn needs(&self) -> Vec<Var> {
        vec![Var::Temperature, Var::IonicCurrent]
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
                quantity: "negative overpotential",
                unit: "V",
                description: "charge transfer plus interfacial resistance at the negative",
            },
            OutputDecl {
                quantity: "sodium thickness",
                unit: "um",
                description: "sodium metal on the negative side",
            },
            OutputDecl {
                quantity: "negative sodium",
                unit: "mAh/cm^2",
                description: "sodium on the negative side as charge",
            },
        ]
    }
    fn write_outputs(&self, y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        let n = y[self.range.start];
        out.push(v.get(Var::NegativeOverpotential));
        out.push(n * self.molar_volume * 1e6);
        out.push(n * FARADAY / 36_000.0);
    }
    fn events(&self) -> Vec<EventDecl> {
        vec![EventDecl {
            kind: EventKind::SodiumDepleted(Electrode::Working),
            description: "all sodium stripped from the negative",
        }]
    }
    fn event_values(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, g: &mut Vec<f64>) {
        // crosses zero when the inventory falls below 1e-6 of its scale
        g.push(y[self.range.start] / self.scale - 1e-6);
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        y[self.range.start]
    }
}

impl Kernel for MetalElectrode {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        let i = v.get(Var::IonicCurrent);
        let eta = self.overpotential(i, v.temperature());
        v.set(Var::NegativeOverpotential, eta);
        v.set(Var::PhiNegative, -eta);
        v.set(
            Var::NegativeMetalThickness,
            soft_floor(y[self.range.start], 1e-12 * self.scale) * self.molar_volume,
        );
    }
    fn residual<T: Real>(&self, _y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        f[self.range.start] = -v.get(Var::IonicCurrent) / FARADAY;
    }
}

/// Sodium-metal counter electrode of symmetric and deposition cells; it closes the circuit and
/// gives the terminal voltage V = φ_e(counter side) + η_counter (counter metal vs working).
#[derive(Debug, Clone)]
pub struct CounterElectrode {
    pub electrode: MetalElectrode,
    range: Range<usize>,
}

impl CounterElectrode {
    pub fn new(electrode: MetalElectrode) -> Self {
        CounterElectrode {
            electrode,
            range: 0..0,
        }
    }
}

impl Describe for CounterElectrode {
    fn info(&self) -> Info {
        Info {
            phenomenon: "counter/electrode",
            variant: "sodium-metal",
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::TerminalVoltage, Var::CounterOverpotential]
    }
    fn needs(&self) -> Vec<Var> {
        vec![
            Var::Temperature,
            Var::PhiSeparatorCathode,
            Var::IonicCurrent,
        ]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add(
            "counter.sodium",
            1,
            Kind::Differential,
            self.electrode.scale,
            "mol/m^2",
        );
    }
    fn init(&self, y: &mut [f64], _env: &Env) {
        y[self.range.start] = self.electrode.n0;
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![
            OutputDecl {
                quantity: "counter overpotential",
                unit: "V",
                description: "overpotential of the Na counter electrode (cathodic negative)",
            },
            OutputDecl {
                quantity: "counter sodium thickness",
                unit: "um",
                description: "sodium metal of the counter electrode",
            },
        ]
    }
    fn write_outputs(&self, y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(v.get(Var::CounterOverpotential));
        out.push(y[self.range.start] * self.electrode.molar_volume * 1e6);
    }
    fn events(&self) -> Vec<EventDecl> {
        vec![EventDecl {
            kind: EventKind::SodiumDepleted(Electrode::Counter),
            description: "the counter electrode ran out of sodium",
        }]
    }
    fn event_values(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, g: &mut Vec<f64>) {
        g.push(y[self.range.start] / self.electrode.scale - 1e-6);
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        y[self.range.start]
    }
}

impl Kernel for CounterElectrode {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        // the ionic current arrives at the counter; discharge (I > 0) is cathodic here
        let i = v.get(Var::IonicCurrent);
        let eta = -self.electrode.overpotential(i, v.temperature());
        v.set(Var::CounterOverpotential, eta);
        v.set(Var::TerminalVoltage, v.get(Var::PhiSeparatorCathode) + eta);
        let _ = y;
    }
    fn residual<T: Real>(&self, _y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        f[self.range.start] = v.get(Var::IonicCurrent) / FARADAY;
    }
}
