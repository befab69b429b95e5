//! Dendrite penetration and short circuit (review §2–3, §5; negative-interface.md).
//!
//! Sodium deposited into a surface flaw of size c builds a pressure up to F·|η|/V_m; the flaw
//! grows when it exceeds K_IC/(Y√(πc)) (Porz et al., Adv. Energy Mater. 7 (2017) 1701003), i.e.
//! when the local plating overpotential exceeds η_crit = V_m·K_IC/(F·Y·√(πc)). The local
//! overpotential is the cathodic charge-transfer plus constriction overpotential at the contact
//! spots (current focusing j/φ). Flaws are larger in less dense ceramics: c = c₀ + c₁·(1 − ρ_rel)
//! (assumed form). A damage variable D (0 → 1 = the filament spans the separator) grows as
//!   dD/dt = k·(η_loc/η_crit − 1)₊·(1 + σ_e/σ_ref),
//! faster in electronically leaky electrolytes, where sodium also deposits inside the ceramic
//! (review refs. 55, 61). D = 1 is a short circuit: it ends the run as a result.

use std::ops::Range;

use crate::ad::Real;
use crate::model::{
    Citation, Describe, Electrode, Env, EventDecl, EventKind, Info, Kernel, Kind, LayoutBuilder,
    OutputDecl, Var, Vars,
};
use crate::physics::negative::kernels::pos;

/// Dendrite parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct DendriteParams {
    /// Critical local overpotential [V].
    pub eta_crit: f64,
    /// Damage rate constant [1/s].
    pub rate: f64,
    /// Electronic-conductivity acceleration factor 1 + σ_e/σ_ref [-].
    pub leak_factor: f64,
}

/// Which electrode plates into the separator's flaws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The negative (working) electrode.
    Working,
    /// The sodium counter electrode of a half cell (plating while the working side strips).
    Counter,
}

/// Flaw-fracture dendrite model.
#[derive(Debug, Clone)]
pub struct Dendrite {
    pub p: DendriteParams,
    pub side: Side,
    range: Range<usize>,
}

impl Dendrite {
    pub fn new(p: DendriteParams) -> Self {
        Dendrite {
            p,
            side: Side::Working,
            range: 0..0,
        }
    }
    /// The same criterion on the counter electrode of a half cell.
    pub fn counter(p: DendriteParams) -> Self {
        Dendrite {
            p,
            side: Side::Counter,
            range: 0..0,
        }
    }
    /// Local cathodic overpotential at the contacts of this side [V].
    pub fn local_on<T: Real>(&self, v: &Vars<T>) -> T {
        match self.side {
            Side::Working => Dendrite::local(v),
            Side::Counter => pos(-v.get(Var::CounterOverpotential), 1e-4),
        }
    }
    /// Local cathodic overpotential at the contacts of the working electrode [V].
    pub fn local<T: Real>(v: &Vars<T>) -> T {
        pos(
            -(v.get(Var::ChargeTransferOverpotential) + v.get(Var::ConstrictionOverpotential)),
            1e-4,
        )
    }
}

impl Describe for Dendrite {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/dendrite",
            variant: "flaw-fracture",
            citations: vec![
                Citation { key: "porz2017", text: "L. Porz et al., Adv. Energy Mater. 7 (2017) 1701003 (flaw-size criterion for metal penetration)" },
                Citation { key: "wang2022", text: "X. Wang et al., Chem. Eng. J. 427 (2022) 130899 (denser, less electronically conducting NASICON resists dendrites; review ref. 61)" },
            ],
        }
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        let name = match self.side {
            Side::Working => "negative.dendrite_damage",
            Side::Counter => "counter.dendrite_damage",
        };
        self.range = b.add(name, 1, Kind::Differential, 1.0, "-");
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        match self.side {
            Side::Working => vec![
                OutputDecl {
                    quantity: "dendrite damage",
                    unit: "-",
                    description: "penetration of the separator by sodium (1 = short circuit)",
                },
                OutputDecl {
                    quantity: "flaw loading",
                    unit: "-",
                    description: "local plating overpotential over the critical flaw overpotential",
                },
            ],
            Side::Counter => vec![
                OutputDecl {
                    quantity: "counter dendrite damage",
                    unit: "-",
                    description: "penetration of the separator by sodium plated on the counter",
                },
                OutputDecl {
                    quantity: "counter flaw loading",
                    unit: "-",
                    description: "the counter's local plating overpotential over the critical one",
                },
            ],
        }
    }
    fn write_outputs(&self, y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(y[self.range.start]);
        out.push(self.local_on(v) / self.p.eta_crit);
    }
    fn events(&self) -> Vec<EventDecl> {
        vec![EventDecl {
            kind: EventKind::ShortCircuit(match self.side {
                Side::Working => Electrode::Working,
                Side::Counter => Electrode::Counter,
            }),
            description: match self.side {
                Side::Working => "sodium filament through the separator (dendrite)",
                Side::Counter => {
                    "sodium filament from the counter electrode through the separator (dendrite)"
                }
            },
        }]
    }
    fn event_values(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, g: &mut Vec<f64>) {
        g.push(1.0 - y[self.range.start]);
    }
}

impl Kernel for Dendrite {
    fn residual<T: Real>(&self, _y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        let load = self.local_on(v) / self.p.eta_crit;
        f[self.range.start] = pos(load - 1.0, 0.01) * (self.p.rate * self.p.leak_factor);
    }
}
