//! Charge transfer at the negative interface with its double layer.
//!
//! C_dl·dη/dt = I_ion − j_f − j_s, with the faradaic current of sodium on the active area
//! j_f = A·2·i₀(T)·sinh(Fη/2RT), A = θ·φ·(s + (1 − s)·step(−η)): coverage θ by sodium
//! (nucleation), contact φ (voids), and presence s of connected sodium (stripping needs metal,
//! plating does not); j_s the current into an interlayer's storage. The negative overpotential
//! is η plus the constriction and series drops ([`super::super::constriction`]). The sodium held by the double layer, −C_dl·η/F,
//! is counted in the inventory, so the balance stays exact. With i₀ = 25.7 mA/cm² the
//! charge-transfer resistance RT/(F·i₀) is ≈1 Ω·cm², the value reported for well-contacted
//! Na | NZSP (Eckhardt et al., Adv. Mater. Interfaces 10 (2023) 2202354).

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::{FARADAY, GAS_CONSTANT, T_REF};
use crate::error::InputError;
use crate::materials::arrhenius::Arrhenius;
use crate::model::{
    Citation, Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars,
};
use crate::physics::cathode::kinetics::bv_overpotential;
use crate::physics::negative::kernels::{pos, step};
use crate::physics::negative::resolve::Ctx;
use crate::units::dims;

/// Exchange current density of Na | electrolyte [A/m²] at 25 °C: R_ct ≈ 1 Ω·cm² (Eckhardt et
/// al. 2023; range 10–100 mA/cm²).
pub const EXCHANGE_CURRENT: f64 = 257.0;
/// Activation energy of the exchange current [J] (assumed 0.3 eV, range 0.2–0.5 eV).
pub const EXCHANGE_ACTIVATION: f64 = 0.3 * crate::constants::ELEMENTARY_CHARGE;
/// Double-layer capacitance [F/m²] (10 µF/cm², electrode-interface class 0.1–10 µF/cm²,
/// Irvine–Sinclair–West).
pub const DOUBLE_LAYER: f64 = 0.1;

/// Cap of the anodic exponent Fη/2RT (≈0.31 V at 25 °C).
const ANODIC_CAP: f64 = 6.0;

/// Double-layer charge transfer at the negative.
#[derive(Debug, Clone)]
pub struct Kinetics {
    /// Exchange current density and its Arrhenius law.
    pub i0: Arrhenius,
    /// Double-layer capacitance [F/m²].
    pub c_dl: f64,
    /// Overpotential at assembly [V] (an interlayer that stores sodium holds the interface at
    /// its potential; 0 otherwise).
    pub eta0: f64,
    range: Range<usize>,
}

impl Kinetics {
    pub fn new(i0: Arrhenius, c_dl: f64) -> Kinetics {
        Kinetics {
            i0,
            c_dl,
            eta0: 0.0,
            range: 0..0,
        }
    }

    /// Exchange current law of sodium deposition (also the growth speed of nuclei).
    pub fn exchange_law(ctx: &mut Ctx) -> Result<Arrhenius, InputError> {
        let i0 = ctx.param(
            "exchange_current",
            dims::CURRENT_DENSITY,
            "A/m^2",
            EXCHANGE_CURRENT,
            "assumed: R_ct ≈ 1 Ω·cm² (Eckhardt et al. 2023), range 100-1000 A/m^2",
        )?;
        // an override holds at the cell's temperature, the default at 25 °C
        let t_ref = if ctx.has("exchange_current") {
            ctx.cell.temperature
        } else {
            T_REF
        };
        Ok(Arrhenius {
            value_ref: i0,
            t_ref,
            ea: EXCHANGE_ACTIVATION,
            sigma_t: false,
            ea_assumed: true,
        })
    }

    /// The variant from the design: exchange current and double-layer capacitance (of the
    /// interlayer when it reports one).
    pub fn resolve(ctx: &mut Ctx) -> Result<Kinetics, InputError> {
        let i0 = Kinetics::exchange_law(ctx)?;
        let layer = ctx.interlayer();
        let c_dl = ctx.param_from(
            "double_layer_capacitance",
            dims::AREAL_CAPACITANCE,
            "F/m^2",
            layer.filter(|m| m.prop("double_layer_capacitance").is_some()),
            "double_layer_capacitance",
            DOUBLE_LAYER,
            "10 uF/cm^2, electrode-interface class (range 1-100 uF/cm^2)",
        )?;
        Ok(Kinetics::new(i0, c_dl))
    }

    /// Active area: the covered, contacted share, all of it for plating, the part holding
    /// connected sodium for stripping; a floor of 1e-9 only for plating (nothing can be stripped
    /// from where there is no sodium).
    fn area<T: Real>(&self, eta: T, v: &Vars<T>) -> T {
        let s = v.get(Var::MetalPresence);
        let cathodic = step(-eta, 1e-3);
        let a =
            v.get(Var::Coverage) * v.get(Var::NegativeContact) * (s + (T::cst(1.0) - s) * cathodic);
        a + cathodic * 1e-9
    }
}

impl Describe for Kinetics {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/kinetics",
            variant: "double-layer",
            citations: vec![Citation {
                key: "eckhardt2023",
                text: "J. K. Eckhardt et al., Adv. Mater. Interfaces 10 (2023) 2202354 (Na|NZSP charge transfer ≲ 1 Ω·cm²; constriction dominates)",
            }],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::FaradaicCurrent, Var::ChargeTransferOverpotential]
    }
    fn needs(&self) -> Vec<Var> {
        vec![
            Var::Temperature,
            Var::Coverage,
            Var::NegativeContact,
            Var::MetalPresence,
        ]
    }
    fn residual_needs(&self) -> Vec<Var> {
        vec![Var::IonicCurrent, Var::StorageFlux]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        // scale 1 V as for every potential of the model
        self.range = b.add("negative.overpotential", 1, Kind::Differential, 1.0, "V");
    }
    fn init(&self, y: &mut [f64], _env: &Env) {
        y[self.range.start] = self.eta0;
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![
            OutputDecl { quantity: "negative overpotential", unit: "V", description: "charge transfer plus constriction and series drops at the negative (anodic positive)" },
            OutputDecl { quantity: "charge-transfer overpotential", unit: "V", description: "double-layer overpotential of the negative interface" },
            OutputDecl { quantity: "nucleation overpotential", unit: "V", description: "charge-transfer overpotential in excess of steady growth on the fully covered, contacted interface" },
        ]
    }
    fn write_outputs(&self, y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        let eta = y[self.range.start];
        let t = v.temperature();
        out.push(v.get(Var::NegativeOverpotential));
        out.push(eta);
        let area = soft_floor(v.get(Var::NegativeContact), 1e-9);
        let steady: f64 = bv_overpotential(v.get(Var::FaradaicCurrent) / area, self.i0.at(t), t);
        out.push(eta - steady);
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        -self.c_dl * y[self.range.start] / FARADAY
    }
}

impl Kernel for Kinetics {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        let eta = y[self.range.start];
        let t = v.temperature();
        let a = self.area(eta, v);
        // the anodic branch saturates beyond ≈0.3 V, where only an interlayer's potential, not
        // sodium, can hold the interface (nothing left to strip)
        let x = eta * (FARADAY / (2.0 * GAS_CONSTANT * t));
        // (a softplus, exact to 1e-26 below the cap: a hyperbolic floor would shift every
        // overpotential by w²/cap)
        let x = x - pos(x - ANODIC_CAP, 0.1);
        let jf = a * (x.sinh_fast() * (2.0 * self.i0.at(t)));
        v.set(Var::FaradaicCurrent, jf);
        v.set(Var::ChargeTransferOverpotential, eta);
    }
    fn residual<T: Real>(&self, _y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        // the storage takes Na (cathodic current) when its flux is positive
        let storage_current = v.get(Var::StorageFlux) * (-FARADAY);
        f[self.range.start] =
            (v.get(Var::IonicCurrent) - v.get(Var::FaradaicCurrent) - storage_current) / self.c_dl;
    }
}
