//! Contact between sodium and the solid electrolyte: voids opened by stripping, closed by creep
//! under stack pressure and refilled by plating (review §2–3; negative-interface.md, a reduced
//! model in the spirit of Zhang et al., Cell Rep. Phys. Sci. 1 (2020) 100012).
//!
//! v_strip = V_m·P_strip/φ (recession at the contacts), v_creep(p) = diffusional + power-law creep
//! of sodium under the stack pressure (`kernels::creep_speed`), v_plate = V_m·P_plate:
//!   dφ/dt = [−k·(v_strip − v_creep)₊·(φ − φ_min)/(1 − φ_min) + (v_creep + v_plate)·(φ_eq − φ)]/ℓ.
//! Stripping faster than creep can refill opens voids (resistance rises); plating and creep close
//! them (resistance falls). The critical stripping current is where v_strip = v_creep.
//! φ_eq is the contact the interface can reach: 1 where sodium wets the electrolyte (plated,
//! welded or coated interfaces); for a pressed foil on a poorly wetted ceramic it is the
//! real-contact fraction of a plastic rough contact, φ_eq = min(1, w·p/H) (Bowden–Tabor: real
//! area ∝ load/hardness; w the fitted wetting of the surface, H the hardness of sodium).

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::model::{
    Citation, Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars,
};
use crate::physics::negative::fluctuation::Delamination;
use crate::physics::negative::kernels::{creep_speed, pos};

/// Creep law of the metal (SI).
#[derive(Debug, Clone, PartialEq)]
pub struct CreepLaw {
    /// A [Pa⁻ⁿ s⁻¹].
    pub prefactor: f64,
    pub exponent: f64,
    /// Q [J/mol].
    pub activation: f64,
    /// Effective-stress factor β (fitted).
    pub beta: f64,
    /// Diffusional closure coefficient g·D_sd·Ω/(kT·ℓ) at the reference temperature [m/(s·Pa)].
    pub diffusional: f64,
    /// Activation energy of the diffusional closure [J/mol].
    pub diffusional_activation: f64,
}

/// Contact parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactParams {
    pub initial: f64,
    pub minimum: f64,
    /// Void length scale ℓ [m].
    pub length: f64,
    /// Void-opening rate factor k [-].
    pub opening: f64,
    pub creep: CreepLaw,
    pub molar_volume: f64,
    /// Reference temperature of the creep law [K].
    pub t_ref: f64,
    /// Poor wetting of a pressed foil: (w, H) with φ_eq = min(1, w·p/H); `None`: φ_eq = 1.
    pub pressed: Option<(f64, f64)>,
}

impl ContactParams {
    /// Equilibrium contact φ_eq at stack pressure p [Pa] (see the module notes).
    pub fn equilibrium<T: Real>(&self, p: T) -> T {
        match self.pressed {
            None => T::cst(1.0),
            Some((w, h)) => {
                // smooth max(φ_min, x) and min(1, ·), each rounded over a narrow band
                let x = soft_floor(p * (w / h) - self.minimum, 0.02 * self.minimum) + self.minimum;
                -soft_floor(-x + 1.0, 1e-3) + 1.0
            }
        }
    }
}

/// Void/creep contact submodel.
#[derive(Debug, Clone)]
pub struct Contact {
    pub p: ContactParams,
    /// Random local delamination (`fluctuation` option), if on.
    pub delamination: Option<Delamination>,
    range: Range<usize>,
}

impl Contact {
    pub fn new(p: ContactParams) -> Contact {
        Contact {
            p,
            delamination: None,
            range: 0..0,
        }
    }
    pub fn index(&self) -> usize {
        self.range.start
    }
    /// Creep closure speed [m/s] at stack pressure p.
    pub fn creep<T: Real>(&self, p: T, t: f64) -> T {
        let c = &self.p.creep;
        let d = c.diffusional
            * (-(c.diffusional_activation / crate::constants::GAS_CONSTANT)
                * (1.0 / t - 1.0 / self.p.t_ref))
                .exp()
            * self.p.t_ref
            / t;
        creep_speed(
            p,
            self.p.length,
            d,
            c.prefactor,
            c.exponent,
            c.beta,
            c.activation,
            t,
            self.p.t_ref,
        )
    }
    /// dφ/dt for a faradaic current density `jf` (anodic positive).
    pub fn rate<T: Real>(&self, phi: T, jf: T, p: T, t: f64) -> T {
        let phi_f = soft_floor(phi, 1e-4);
        let strip = pos(jf, 1e-4) * (self.p.molar_volume / FARADAY);
        let plate = pos(-jf, 1e-4) * (self.p.molar_volume / FARADAY);
        let v_strip = strip / phi_f;
        let vc = self.creep(p, t);
        let open = pos(v_strip - vc, 1e-13)
            * ((phi - self.p.minimum) / (1.0 - self.p.minimum))
            * self.p.opening;
        let close = (vc + plate) * (self.p.equilibrium(p) - phi);
        (close - open) / self.p.length
    }
}

impl Describe for Contact {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/contact",
            variant: "void-creep",
            citations: vec![
                Citation { key: "ortmann2024", text: "T. Ortmann et al., Adv. Energy Mater. 14 (2024) 2302729 (potential fluctuations from local delamination; review ref. 37)" },
                Citation { key: "wang2020", text: "M. J. Wang, J. Chang, J. B. Wolfenstine, J. Sakamoto, Materialia 12 (2020) 100792 (Na creep and plasticity; review ref. 53)" },
                Citation { key: "zhang2020", text: "X. Zhang, Q. J. Wang, K. L. Harrison, S. A. Roberts, S. J. Harris, Cell Rep. Phys. Sci. 1 (2020) 100012 (pressure-driven interface evolution; review ref. 52)" },
            ],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::NegativeContact]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add("negative.contact", 1, Kind::Differential, 1.0, "-");
    }
    fn init(&self, y: &mut [f64], _env: &Env) {
        y[self.range.start] = self.p.initial;
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![OutputDecl {
            quantity: "interface contact fraction",
            unit: "-",
            description:
                "fraction of the sodium|electrolyte interface in contact (voids reduce it)",
        }]
    }
    fn write_outputs(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(y[self.range.start]);
    }
    fn jumps(&self) -> Option<(f64, u64)> {
        self.delamination.as_ref().map(|d| (d.rate, d.seed))
    }
    fn jump(&self, y: &mut [f64], v: &Vars<f64>, _env: &Env, u: [f64; 2]) -> Option<String> {
        let d = self.delamination.as_ref()?;
        // only while sodium is being plated onto an existing deposit
        if v.get(Var::IonicCurrent) >= 0.0 || v.get(Var::MetalPresence) < 0.5 {
            return None;
        }
        let i = self.range.start;
        let before = y[i];
        y[i] = d.detach(before, u[0]).max(self.p.minimum);
        Some(format!("delamination: contact {before:.3} → {:.3}", y[i]))
    }
    fn on_step_boundary(&self, y: &mut [f64], v: &Vars<f64>, _env: &Env) -> Option<String> {
        // freshly plated sodium after a complete strip grows in contact with the electrolyte
        let eq: f64 = self.p.equilibrium(v.get(Var::StackPressure));
        if v.get(Var::MetalPresence) < 0.05 && y[self.range.start] < eq - 1e-3 {
            y[self.range.start] = eq;
        }
        None
    }
}

impl Kernel for Contact {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        v.set(Var::NegativeContact, soft_floor(y[self.range.start], 1e-6));
    }
    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, env: &Env, f: &mut [T]) {
        let phi = y[self.range.start];
        f[self.range.start] = self.rate(
            phi,
            v.get(Var::FaradaicCurrent),
            v.get(Var::StackPressure),
            env.t(),
        );
    }
}
