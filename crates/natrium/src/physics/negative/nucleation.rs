//! Nucleation and growth of sodium on a foreign collector (review §2; negative-interface.md).
//!
//! Classical heterogeneous nucleation with a mechanical back-stress:
//!   J = J₀·exp(−f·B/(kT·η*²)),  η* = |η| − η_mech,  η_mech = Ω·m·p/e,  B = 16πγ³Ω²/(3e²),
//! where f(θ_wet) is the wetting factor of the surface (an interlayer lowers it), p the stack
//! pressure and m ≥ 1 a local amplification of the stress at the contact spots (fitted).
//! Hemispherical nuclei grow at the local deposition speed u = V_m·|j_BV(η)|/F; coverage by
//! Johnson–Mehl–Avrami–Kolmogorov impingement: θ = 1 − e^{−X} with the extended area
//! X = Σπr². Moments N (number), M₁ = Σr, X obey
//!   dN/dt = (1 − θ)·(1 − N/N_s)·J,   dM₁/dt = u·N,   dX/dt = 2π·u·M₁,
//! with N_s the density of nucleation sites (site saturation as in Scharifker & Hills,
//! Electrochim. Acta 28 (1983) 879; default one site per surface atom, N_s = Ω^(−2/3)).
//! The voltage dip at the start of plating and its relaxation to the growth overpotential follow
//! from the double layer of `kinetics` charging until J(η) and the growing coverage carry the
//! current. When all sodium has been stripped, the next plating nucleates again.

use std::ops::Range;

use crate::ad::Real;
use crate::constants::{ELEMENTARY_CHARGE, FARADAY, GAS_CONSTANT};
use crate::materials::arrhenius::Arrhenius;
use crate::model::{
    Citation, Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars,
};
use crate::physics::negative::kernels::{nucleation_rate, pos};

/// Scale of the nuclei density state [1/m²].
const N_SCALE: f64 = 1e10;
/// Scale of the radius-sum state [m/m²] (N_SCALE nuclei of 1 µm).
const M_SCALE: f64 = 1e4;

/// Nucleation parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct NucleationParams {
    /// f·B: wetting factor times the homogeneous barrier constant [J·V²].
    pub barrier: f64,
    /// Pre-exponential nucleation rate per area [1/(m² s)].
    pub j0: f64,
    /// Density of nucleation sites [1/m²]: N cannot exceed it (site saturation,
    /// Scharifker & Hills 1983).
    pub sites: f64,
    /// Sodium atomic volume [m³].
    pub omega: f64,
    /// Amplification of the stack pressure at the nucleation sites [-].
    pub amplification: f64,
    pub molar_volume: f64,
}

/// Classical nucleation with JMAK coverage.
#[derive(Debug, Clone)]
pub struct Nucleation {
    pub p: NucleationParams,
    /// Exchange current law of sodium deposition (growth speed of the nuclei).
    pub i0: Arrhenius,
    range: Range<usize>,
}

impl Nucleation {
    pub fn new(p: NucleationParams, i0: Arrhenius) -> Nucleation {
        Nucleation { p, i0, range: 0..0 }
    }
    fn idx(&self) -> (usize, usize, usize) {
        (self.range.start, self.range.start + 1, self.range.start + 2)
    }
}

/// Citations of the nucleation model.
pub fn citations() -> Vec<Citation> {
    vec![
        Citation { key: "ortmann2024", text: "T. Ortmann et al., Adv. Energy Mater. 14 (2024) 2302729 (Na nucleation at Cu|NZSP vs current and pressure; review ref. 37)" },
        Citation { key: "motoyama2015", text: "M. Motoyama, M. Ejiri, Y. Iriyama, J. Electrochem. Soc. 162 (2015) A7067 (nucleation and growth at collector|LiPON; review ref. 32)" },
        Citation { key: "scharifker1983", text: "B. Scharifker, G. Hills, Electrochim. Acta 28 (1983) 879 (nucleation on a finite number of sites)" },
        Citation { key: "avrami1939", text: "M. Avrami, J. Chem. Phys. 7 (1939) 1103 (JMAK impingement)" },
    ]
}

impl Describe for Nucleation {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/nucleation",
            variant: "classical-jmak",
            citations: citations(),
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::Coverage]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add(
            "negative.nucleation",
            3,
            Kind::Differential,
            1.0,
            "N/1e10 m^-2, M1/1e4 m^-1, X",
        );
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![
            OutputDecl {
                quantity: "sodium coverage",
                unit: "-",
                description: "fraction of the collector covered by sodium (JMAK)",
            },
            OutputDecl {
                quantity: "nuclei density",
                unit: "1/cm^2",
                description: "number of sodium nuclei per area",
            },
        ]
    }
    fn write_outputs(&self, y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(v.get(Var::Coverage));
        out.push(y[self.range.start] * N_SCALE * 1e-4);
    }
    fn on_step_boundary(&self, y: &mut [f64], v: &Vars<f64>, _env: &Env) -> Option<String> {
        let (n, m, x) = self.idx();
        if v.get(Var::MetalPresence) < 0.05 && y[x] > 1e-6 {
            y[n] = 0.0;
            y[m] = 0.0;
            y[x] = 0.0;
            return Some("all sodium stripped: the next plating nucleates again".into());
        }
        None
    }
}

impl Kernel for Nucleation {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        let x = y[self.range.start + 2];
        v.set(
            Var::Coverage,
            T::cst(1.0) - crate::ad::exp_or_zero(-pos(x, 1e-9)),
        );
    }
    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, env: &Env, f: &mut [T]) {
        let (n, m, x) = self.idx();
        let t = env.t();
        let theta = v.get(Var::Coverage);
        // cathodic (plating) overpotential magnitude
        let eta = v.get(Var::ChargeTransferOverpotential);
        let eta_c = pos(-eta, 2e-4);
        let eta_mech =
            v.get(Var::StackPressure) * (self.p.omega * self.p.amplification / ELEMENTARY_CHARGE);
        let rate = nucleation_rate(eta_c, eta_mech, self.p.barrier, self.p.j0, t);
        // local deposition current density on the nuclei and their radial growth speed
        let j_loc =
            (eta_c * (FARADAY / (2.0 * GAS_CONSTANT * t))).sinh_fast() * (2.0 * self.i0.at(t));
        let u = j_loc * (self.p.molar_volume / FARADAY);
        let nn = y[n] * N_SCALE;
        let m1 = y[m] * M_SCALE;
        let free_sites = T::cst(1.0) - nn * (1.0 / self.p.sites);
        f[n] = (T::cst(1.0) - theta) * free_sites * rate / N_SCALE;
        f[m] = u * nn / M_SCALE;
        f[x] = u * m1 * (2.0 * std::f64::consts::PI);
    }
}
