//! Sodium filaments through flaws of the separator (review §2–3; docs/physics/dendrites.md).
//!
//! * Criterion (Porz et al., Adv. Energy Mater. 7 (2017) 1701003): sodium deposited into a
//!   surface flaw of depth c is under the pressure σ = F·η_loc/V_m + p, the electrochemical
//!   over-pressure of the local cathodic overpotential η_loc (charge transfer plus the
//!   constriction and series drops at the contact spots) plus the stack pressure p that
//!   extrudes the metal into it. The flaw grows when σ exceeds the flaw strength
//!   σ_c = K_IC/(Y·√(π·c)), Y = 1.12 (edge crack). The load is L = σ/σ_c.
//! * Flaw depth: the design's `flaw_size`; else the separator's open-pore size; else the pore
//!   of one grain-corner void per grain at relative density ρ, c = d·(6(1−ρ)/π)^⅓, with a floor
//!   of d/10 for grain-boundary grooves and polishing flaws of a dense ceramic (assumed).
//! * Growth: above L = 1 the filament tip advances as fast as sodium reaches it,
//!   u = (V_m/F)·(j_loc + j_e) + D·Ω·p/(kT·c), with j_loc the plating current density
//!   at the contact spots (j/φ: voids focus it), j_e the electronic leakage current through the
//!   ceramic, which deposits sodium inside it (Wang et al., Chem. Eng. J. 427 (2022) 130899;
//!   review ref. 61), and the last term the sodium the stack pressure p extrudes into the open
//!   crack by diffusional creep over the flaw size (docs/physics/creep.md): stack pressure beyond
//!   the flaw strength shorts a cell even at rest. The filament is assumed fed over its own
//!   cross-section without further focusing, so the speed is a lower bound. Below L = 1 it
//!   stays where it is (a crack does not heal).
//! * The damage D = ℓ/L_sep reaches 1 when the filament spans the separator: a short circuit,
//!   which ends the run.

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::error::InputError;
use crate::model::{
    Citation, Describe, Electrode, Env, EventDecl, EventKind, Info, Kernel, Kind, LayoutBuilder,
    OutputDecl, Var, Vars,
};
use crate::physics::mechanics::creep::CreepLaw;
use crate::physics::negative::kernels::{pos, step};
use crate::physics::negative::resolve::Ctx;
use crate::units::dims;

/// Fracture toughness of a ceramic electrolyte without data [Pa·√m] (assumed: NZSP, 1.30–1.58
/// MPa√m, Nonemacher et al., Ceram. Int. 45 (2019)).
pub const FRACTURE_TOUGHNESS: f64 = 1.3e6;
/// Grain size of a ceramic electrolyte without data [m] (assumed: sintered NASICON, 2–10 µm).
pub const GRAIN_SIZE: f64 = 5e-6;
/// Geometry factor of a surface (edge) crack.
pub const EDGE_CRACK: f64 = 1.12;
/// Smallest flaw as a share of the grain size (assumed: grain-boundary grooves, range 0.05–0.3).
pub const GROOVE_SHARE: f64 = 0.1;

/// The flaws of the separator and what fills them.
#[derive(Debug, Clone, PartialEq)]
pub struct FlawParams {
    /// Flaw depth c [m].
    pub flaw: f64,
    /// Flaw strength σ_c = K_IC/(Y√(πc)) [Pa].
    pub strength: f64,
    /// Separator thickness [m].
    pub thickness: f64,
    /// Molar volume of the metal [m³/mol].
    pub molar_volume: f64,
    /// The metal's creep law (extrusion into the cracks).
    pub creep: CreepLaw,
}

impl FlawParams {
    /// The flaw strength of the design's separator.
    pub fn resolve(ctx: &mut Ctx) -> Result<FlawParams, InputError> {
        let sep = &ctx.cell.separator;
        let m = &sep.material;
        let k_ic = ctx.param_from(
            "fracture_toughness",
            dims::FRACTURE_TOUGHNESS,
            "Pa m^0.5",
            m.prop("fracture_toughness").map(|_| m),
            "fracture_toughness",
            FRACTURE_TOUGHNESS,
            "NZSP-like 1.3 MPa m^0.5 (range 0.3-3)",
        )?;
        if k_ic <= 0.0 {
            return Err(ctx.err(
                "fracture_toughness",
                format!("{k_ic} Pa m^0.5: expected > 0"),
            ));
        }
        // treatments reported to densify the ceramic raise its relative density
        let mut rho = sep.relative_density;
        for t in &sep.treatments {
            for e in t
                .effects
                .iter()
                .filter(|e| e.property == "relative_density")
            {
                if let Some(w) = e.with {
                    rho = rho.max(w.min(1.0));
                }
            }
        }
        let (grain, grain_basis) = match (sep.grain_size, m.si("grain_size")) {
            (Some(d), _) => (d, "cell design [separator] grain_size".to_string()),
            (None, Some(d)) => (d, format!("{}.grain_size", m.id)),
            (None, None) => (
                GRAIN_SIZE,
                "assumed: 5 um (sintered NASICON 2-10 um)".to_string(),
            ),
        };
        let (c_default, basis) = match sep.pore_size {
            Some(p) => (
                p,
                "cell design [separator] pore_size: open pores at the surface".to_string(),
            ),
            None => {
                let share = (6.0 * (1.0 - rho).max(0.0) / std::f64::consts::PI).cbrt();
                (
                    grain * share.max(GROOVE_SHARE),
                    format!(
                        "one grain-corner pore per grain at relative density {rho:.3}: c = d (6(1-rho)/pi)^(1/3), at least d/10; grain size {:.2} um ({grain_basis})",
                        grain * 1e6
                    ),
                )
            }
        };
        let flaw = ctx.param("flaw_size", dims::LENGTH, "m", c_default, basis)?;
        if flaw <= 0.0 {
            return Err(ctx.err("flaw_size", format!("{flaw} m: expected > 0")));
        }
        let strength = ctx.log.add(
            "dendrite.flaw_strength",
            k_ic / (EDGE_CRACK * (std::f64::consts::PI * flaw).sqrt()),
            "Pa",
            "K_IC/(Y sqrt(pi c)), Y = 1.12 (Porz et al. 2017)",
        );
        Ok(FlawParams {
            flaw,
            strength,
            thickness: sep.thickness,
            molar_volume: ctx.vm,
            creep: ctx.creep.clone(),
        })
    }

    /// The local overpotential at which the flaws crack at stack pressure `p` [V].
    pub fn critical_overpotential(&self, p: f64) -> f64 {
        (self.strength - p).max(0.0) * self.molar_volume / FARADAY
    }
}

/// Which electrode plates into the separator's flaws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The negative (working) electrode.
    Working,
    /// The sodium counter electrode of a half cell (it plates while the working side strips).
    Counter,
}

/// Filament growth from one electrode.
#[derive(Debug, Clone)]
pub struct Filament {
    pub p: FlawParams,
    pub side: Side,
    range: Range<usize>,
}

impl Filament {
    pub fn new(p: FlawParams, side: Side) -> Filament {
        Filament {
            p,
            side,
            range: 0..0,
        }
    }

    /// Local cathodic overpotential [V] and plating current density at the contacts [A/m²].
    fn local<T: Real>(&self, v: &Vars<T>) -> (T, T) {
        match self.side {
            Side::Working => {
                let eta = -(v.get(Var::ChargeTransferOverpotential)
                    + v.get(Var::ConstrictionOverpotential));
                let j = pos(-v.get(Var::FaradaicCurrent), 1e-3)
                    / soft_floor(v.get(Var::NegativeContact), 1e-6);
                (pos(eta, 1e-4), j)
            }
            Side::Counter => {
                let j = pos(v.get(Var::IonicCurrent), 1e-3)
                    / soft_floor(v.get(Var::CounterContact), 1e-6);
                (pos(-v.get(Var::CounterOverpotential), 1e-4), j)
            }
        }
    }

    /// Load σ/σ_c of the flaws [-].
    pub fn load<T: Real>(&self, v: &Vars<T>) -> T {
        let (eta, _) = self.local(v);
        (eta * (FARADAY / self.p.molar_volume) + v.get(Var::StackPressure)) / self.p.strength
    }

    /// Growth rate of the damage D = ℓ/L_sep [1/s].
    pub fn rate<T: Real>(&self, v: &Vars<T>) -> T {
        let (_, j) = self.local(v);
        let leak = match self.side {
            Side::Working => pos(v.get(Var::LeakageCurrent).abs(), 1e-6),
            Side::Counter => T::cst(0.0),
        };
        let load = self.load(v);
        let fed = (j + leak) * (self.p.molar_volume / FARADAY);
        let p = soft_floor(v.get(Var::StackPressure), 1.0);
        let extruded = self
            .p
            .creep
            .diffusive_flow_speed(p, self.p.flaw, v.temperature());
        step(load - 1.0, 0.01) * (fed + extruded) * (1.0 / self.p.thickness)
    }
}

impl Describe for Filament {
    fn info(&self) -> Info {
        Info {
            phenomenon: match self.side {
                Side::Working => "negative/dendrite",
                Side::Counter => "counter/dendrite",
            },
            variant: "filament",
            citations: vec![
                Citation { key: "porz2017", text: "L. Porz et al., Adv. Energy Mater. 7 (2017) 1701003 (flaw criterion for metal penetration of solid electrolytes)" },
                Citation { key: "wang2022", text: "X. Wang et al., Chem. Eng. J. 427 (2022) 130899 (dense, electronically insulating NASICON resists dendrites; review ref. 61)" },
            ],
        }
    }
    fn residual_needs(&self) -> Vec<Var> {
        match self.side {
            Side::Working => vec![
                Var::Temperature,
                Var::ChargeTransferOverpotential,
                Var::ConstrictionOverpotential,
                Var::FaradaicCurrent,
                Var::NegativeContact,
                Var::LeakageCurrent,
                Var::StackPressure,
            ],
            Side::Counter => vec![
                Var::Temperature,
                Var::CounterOverpotential,
                Var::CounterContact,
                Var::IonicCurrent,
                Var::StackPressure,
            ],
        }
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        let name = match self.side {
            Side::Working => "negative.filament",
            Side::Counter => "counter.filament",
        };
        self.range = b.add(name, 1, Kind::Differential, 1.0, "-");
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        match self.side {
            Side::Working => vec![
                OutputDecl {
                    quantity: "filament penetration",
                    unit: "-",
                    description: "filament length over the separator thickness (1 = short circuit)",
                },
                OutputDecl {
                    quantity: "flaw loading",
                    unit: "-",
                    description:
                        "stress in the sodium-filled flaws over their strength (>1: they crack)",
                },
            ],
            Side::Counter => vec![
                OutputDecl {
                    quantity: "counter filament penetration",
                    unit: "-",
                    description: "filament from the counter electrode over the separator thickness",
                },
                OutputDecl {
                    quantity: "counter flaw loading",
                    unit: "-",
                    description: "stress in the flaws the counter plates into over their strength",
                },
            ],
        }
    }
    fn write_outputs(&self, y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(y[self.range.start]);
        out.push(self.load(v));
    }
    fn events(&self) -> Vec<EventDecl> {
        let (electrode, description) = match self.side {
            Side::Working => (Electrode::Working, "sodium filament through the separator"),
            Side::Counter => (
                Electrode::Counter,
                "sodium filament from the counter electrode through the separator",
            ),
        };
        vec![EventDecl {
            kind: EventKind::ShortCircuit(electrode),
            description,
        }]
    }
    fn event_values(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, g: &mut Vec<f64>) {
        g.push(1.0 - y[self.range.start]);
    }
}

impl Kernel for Filament {
    fn residual<T: Real>(&self, _y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        f[self.range.start] = self.rate(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VM: f64 = 22.99e-3 / 968.0;

    fn flaws(c: f64) -> FlawParams {
        FlawParams {
            flaw: c,
            strength: 1.4e6 / (EDGE_CRACK * (std::f64::consts::PI * c).sqrt()),
            thickness: 300e-6,
            molar_volume: VM,
            creep: CreepLaw::sodium(VM),
        }
    }

    #[test]
    fn critical_overpotentials_of_the_porz_criterion() {
        // K_IC = 1.4 MPa√m (NZSP range 1.30-1.58): c = 1/5/10/50 µm → 174/78/55/25 mV
        // (hand computation V_m K_IC/(F Y √(πc)))
        for (c, mv) in [(1e-6, 174.0), (5e-6, 78.0), (10e-6, 55.0), (50e-6, 25.0)] {
            let e = flaws(c).critical_overpotential(0.0) * 1e3;
            approx::assert_relative_eq!(e, mv, max_relative = 0.03);
        }
        // stack pressure takes its share: at the flaw strength nothing electrochemical is left
        let f = flaws(10e-6);
        assert!(f.critical_overpotential(f.strength) == 0.0);
        let half = f.critical_overpotential(0.5 * f.strength);
        approx::assert_relative_eq!(
            half,
            0.5 * f.critical_overpotential(0.0),
            max_relative = 1e-12
        );
    }

    fn vars(eta: f64, j: f64, contact: f64, p: f64) -> Vars<f64> {
        let mut v = Vars::new();
        v.set(Var::Temperature, 298.15);
        v.set(Var::ChargeTransferOverpotential, -eta);
        v.set(Var::ConstrictionOverpotential, 0.0);
        v.set(Var::FaradaicCurrent, -j);
        v.set(Var::NegativeContact, contact);
        v.set(Var::LeakageCurrent, 0.0);
        v.set(Var::StackPressure, p);
        v
    }

    #[test]
    fn a_filament_grows_only_above_the_criterion_at_the_speed_sodium_feeds_it() {
        let f = Filament::new(flaws(10e-6), Side::Working);
        let eta_c = f.p.critical_overpotential(0.0);
        assert!(f.rate(&vars(0.8 * eta_c, 10.0, 1.0, 0.0)) < 1e-12);
        let r = f.rate(&vars(1.5 * eta_c, 10.0, 1.0, 0.0));
        // u = V_m j/F over 300 µm
        approx::assert_relative_eq!(r, VM * 10.0 / (FARADAY * 300e-6), max_relative = 1e-3);
        // a tenth of the contact focuses the current tenfold
        let r10 = f.rate(&vars(1.5 * eta_c, 10.0, 0.1, 0.0));
        approx::assert_relative_eq!(r10 / r, 10.0, max_relative = 1e-3);
        // stripping never grows it
        assert!(f.rate(&vars(-0.2, -10.0, 1.0, 0.0)) < 1e-9);
    }

    #[test]
    fn stack_pressure_alone_extrudes_into_flaws_beyond_their_strength() {
        let f = Filament::new(flaws(10e-6), Side::Working);
        let s = f.p.strength;
        assert!(f.load(&vars(0.0, 0.0, 1.0, 0.9 * s)) < 1.0);
        assert!(f.load(&vars(0.0, 0.0, 1.0, 1.1 * s)) > 1.0);
        // at rest it grows by creep alone, at D·Ω·p/(kT·c) over the separator (below the
        // strength only the smooth step's tail, 1e-8 of it)
        let r = f.rate(&vars(0.0, 0.0, 1.0, 1.1 * s));
        assert!(f.rate(&vars(0.0, 0.0, 1.0, 0.9 * s)) < 1e-7 * r);
        let want = f.p.creep.diffusive_flow_speed(1.1 * s, 10e-6, 298.15) / 300e-6;
        approx::assert_relative_eq!(r, want, max_relative = 0.02);
    }
}
