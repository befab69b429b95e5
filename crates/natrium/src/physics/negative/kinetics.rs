//! Charge transfer at the negative interface with its double layer, and the constriction of the
//! current through the contact spots.
//!
//! Double layer: C_dl·dη/dt = I_ion − j_f, with the faradaic current on the active area
//! j_f = A·2·i₀·sinh(Fη/2RT), A = θ·φ·(s + (1 − s)·step(−η)): coverage θ by sodium (nucleation),
//! contact fraction φ (voids), and presence s of sodium (stripping needs metal; plating does
//! not). The negative overpotential is η + η_c with the constriction drop η_c = I_ion·ASR(A_c),
//! A_c = θφ + (1 − θ)·φ_coll (spreading resistance of the spots carrying the current, Holm/CMY;
//! negative-interface.md). The sodium held by the double layer, −C_dl·η/F, is counted in the
//! inventory, so the sodium balance stays exact.

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::{FARADAY, GAS_CONSTANT};
use crate::materials::arrhenius::Arrhenius;
use crate::model::{
    Citation, Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars,
};
use crate::physics::cathode::kinetics::bv_overpotential;
use crate::physics::negative::kernels::{constriction_asr, step};

/// Double-layer charge transfer at the negative.
#[derive(Debug, Clone)]
pub struct Kinetics {
    /// Exchange current density at the reference temperature [A/m²] and its Arrhenius law.
    pub i0: Arrhenius,
    /// Double-layer capacitance [F/m²].
    pub c_dl: f64,
    range: Range<usize>,
}

impl Kinetics {
    pub fn new(i0: Arrhenius, c_dl: f64) -> Kinetics {
        Kinetics {
            i0,
            c_dl,
            range: 0..0,
        }
    }
    fn area<T: Real>(&self, eta: T, v: &Vars<T>) -> T {
        let s = v.get(Var::MetalPresence);
        let a = v.get(Var::Coverage)
            * v.get(Var::NegativeContact)
            * (s + (T::cst(1.0) - s) * step(-eta, 1e-3));
        soft_floor(a, 1e-9)
    }
}

impl Describe for Kinetics {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/charge-transfer",
            variant: "double-layer-butler-volmer",
            citations: vec![Citation {
                key: "eckhardt2023",
                text: "J. K. Eckhardt et al., Adv. Mater. Interfaces 10 (2023) 2202354 (Na|NZSP charge transfer ≲ 1 Ω·cm²; constriction dominates)",
            }],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![
            Var::FaradaicCurrent,
            Var::ChargeTransferOverpotential,
            Var::NegativeOverpotential,
            Var::PhiNegative,
        ]
    }
    fn needs(&self) -> Vec<Var> {
        vec![
            Var::Coverage,
            Var::NegativeContact,
            Var::MetalPresence,
            Var::ConstrictionOverpotential,
        ]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        // scale 1 V as for every potential of the model (absolute tolerance atol·1 V = 1 µV by
        // default); the double-layer transient after each current reversal (τ = R_ct·C_dl of
        // microseconds) needs no finer resolution than the voltages around it
        self.range = b.add("negative.overpotential", 1, Kind::Differential, 1.0, "V");
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![
            OutputDecl { quantity: "negative overpotential", unit: "V", description: "charge transfer plus constriction at the negative (anodic positive)" },
            OutputDecl { quantity: "charge-transfer overpotential", unit: "V", description: "double-layer overpotential of the negative interface" },
            OutputDecl { quantity: "nucleation overpotential", unit: "V", description: "charge-transfer overpotential in excess of steady growth on the covered interface" },
        ]
    }
    fn write_outputs(&self, y: &[f64], v: &Vars<f64>, env: &Env, out: &mut Vec<f64>) {
        let eta = y[self.range.start];
        out.push(v.get(Var::NegativeOverpotential));
        out.push(eta);
        // steady growth overpotential of the same faradaic current on the fully covered interface
        let area = soft_floor(v.get(Var::NegativeContact), 1e-9);
        let i0 = self.i0.at(env.t());
        let steady: f64 = bv_overpotential(v.get(Var::FaradaicCurrent) / area, i0, env.t());
        out.push(eta - steady);
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        -self.c_dl * y[self.range.start] / FARADAY
    }
}

impl Kernel for Kinetics {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, env: &Env) {
        let eta = y[self.range.start];
        let t = env.t();
        let a = self.area(eta, v);
        let jf =
            a * ((eta * (FARADAY / (2.0 * GAS_CONSTANT * t))).sinh_fast() * (2.0 * self.i0.at(t)));
        v.set(Var::FaradaicCurrent, jf);
        v.set(Var::ChargeTransferOverpotential, eta);
        let total = eta + v.get(Var::ConstrictionOverpotential);
        v.set(Var::NegativeOverpotential, total);
        v.set(Var::PhiNegative, -total);
    }
    fn residual<T: Real>(&self, _y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        f[self.range.start] = (v.get(Var::IonicCurrent) - v.get(Var::FaradaicCurrent)) / self.c_dl;
    }
}

/// Constriction of the current through the contact spots (`none` variant: `Off`).
#[derive(Debug, Clone)]
pub struct Constriction {
    /// Contact-spot radius [m].
    pub spot_radius: f64,
    /// Electrolyte conductivity law (the constriction carries its activation energy).
    pub conductivity: Arrhenius,
    /// Contact fraction of the bare collector with the electrolyte (before sodium covers it).
    pub collector_contact: f64,
}

impl Describe for Constriction {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/constriction",
            variant: "holm-cooper-mikic-yovanovich",
            citations: vec![
                Citation { key: "holm1967", text: "R. Holm, Electric Contacts, 4th ed., Springer (1967) (spreading resistance ρ/4a)" },
                Citation { key: "cooper1969", text: "M. G. Cooper, B. B. Mikic, M. M. Yovanovich, Int. J. Heat Mass Transf. 12 (1969) 279 (finite contact fraction)" },
            ],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::ConstrictionOverpotential]
    }
    fn needs(&self) -> Vec<Var> {
        vec![Var::IonicCurrent, Var::Coverage, Var::NegativeContact]
    }
    fn declare(&mut self, _b: &mut LayoutBuilder) {}
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![OutputDecl {
            quantity: "constriction overpotential",
            unit: "V",
            description: "spreading resistance of the contact spots times the current",
        }]
    }
    fn write_outputs(&self, _y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(v.get(Var::ConstrictionOverpotential));
    }
}

impl Constriction {
    /// Contact area carrying the current.
    pub fn carrying_area<T: Real>(&self, v: &Vars<T>) -> T {
        let theta = v.get(Var::Coverage);
        theta * v.get(Var::NegativeContact) + (T::cst(1.0) - theta) * self.collector_contact
    }
}

impl Kernel for Constriction {
    fn compute<T: Real>(&self, _y: &[T], v: &mut Vars<T>, env: &Env) {
        let rho = 1.0 / self.conductivity.at(env.t());
        let asr = constriction_asr(rho, self.spot_radius, self.carrying_area(v));
        v.set(
            Var::ConstrictionOverpotential,
            v.get(Var::IonicCurrent) * asr,
        );
    }
    fn residual<T: Real>(&self, _y: &[T], _v: &Vars<T>, _env: &Env, _f: &mut [T]) {}
}
