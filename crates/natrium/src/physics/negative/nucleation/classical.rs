//! Heterogeneous nucleation of sodium on a collector with a finite density of active sites,
//! and growth of the islands until they cover it (docs/physics/nucleation.md).
//!
//! Sites N_s of the collector or interlayer turn into nuclei at the rate per free site
//! A = ν·exp(−f·B/(kT·η*²)), B = 16πγ³Ω²/(3e²), η* = |η| − Ω·p/e: the classical barrier scaled
//! by the wetting factor f of the surface, with the stack pressure's mechanical back-stress
//! (≈0.25 mV per MPa), and an attempt frequency ν (Eyring, kT/h); dN/dt = (1 − θ)·A·(N_s − N)
//! (Scharifker & Hills, Electrochim. Acta 28 (1983) 879; Milchev, Electrocrystallization,
//! Kluwer 2002). An island is
//! a hemisphere fed through its footprint πr² by the local deposition current j_loc, so its
//! radius grows at dr/dt = u/2 with u = V_m·j_loc/F, and the sodium it holds is exactly the
//! faradaic charge the kinetics book. Coverage by Johnson–Mehl–Avrami–Kolmogorov impingement
//! θ = 1 − e^{−X} with the extended area X = Σπr². Moments N, M₁ = Σr and X obey
//!   dN/dt = (1 − θ)(1 − N/N_s)·J,  dM₁/dt = N·u/2,  dX/dt = π·u·M₁.
//! Sites: sodium forms where collector and electrolyte touch. Under a foil these are the
//! asperity contacts (≈1e10 m⁻², 10 µm apart): the nuclei saturate within milliseconds and the
//! few islands then carry the whole current until they cover the collector after ≈0.4 mAh/cm²,
//! so the overpotential relaxes over seconds to hours, as a cycler records it. A conformal film
//! or coating offers sites every ≈100 nm and covers after ≈0.004 mAh/cm². When all sodium has
//! been stripped, the next plating nucleates again.

use std::ops::Range;

use crate::ad::Real;
use crate::cell::CollectorForm;
use crate::constants::{AVOGADRO, ELEMENTARY_CHARGE, FARADAY, GAS_CONSTANT};
use crate::error::InputError;
use crate::materials::arrhenius::Arrhenius;
use crate::model::{
    Citation, Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars,
};
use crate::physics::negative::kernels::{barrier_constant, nucleation_rate, pos};
use crate::physics::negative::resolve::Ctx;
use crate::units::{dims, Dimension};

/// Na surface energy [J/m²] (0.22 J/m² in phase-field models of Na; liquid Na 0.206 J/m² at
/// 100 °C; range 0.15–0.25).
pub const SURFACE_ENERGY: f64 = 0.22;
/// Wetting factor f of sodium nuclei on a metal collector (assumed: f(θ) = (2 + cos θ)(1 −
/// cos θ)²/4 for a contact angle θ ≈ 31°, sodium wets clean metals well; range 0.001–0.2).
/// Under a foil the sites saturate within milliseconds whatever f, so the dip a cycler reads
/// depends on the site density, not on f.
pub const WETTING_BARE: f64 = 0.0146;
/// Shortest time in which a site turns into a nucleus [s] (numerical: far below every time scale
/// the model resolves).
const FASTEST_NUCLEATION: f64 = 1e-6;
/// Attempt frequency of a site [1/s]: kT/h at 25 °C (Eyring; range 1e9–1e13 1/s).
pub const ATTEMPT_FREQUENCY: f64 = 6.2e12;
/// Density of nucleation sites of a foil collector pressed on a ceramic [1/m²]: sodium can only
/// form where collector and electrolyte touch, at the asperity contacts. Calibrated: the
/// nucleation overpotential of Al foil | NZSP read at 1 s, 53 mV at 0.1 mA/cm² (Sun et al.,
/// Mater. Today 2024, review ref. 54); inside the asperity densities of ground and rolled
/// surfaces, 1e9–1e11 m⁻² (Greenwood & Williamson, Proc. R. Soc. A 295 (1966) 300).
pub const SITES_FOIL: f64 = 1e10;
/// Density of nucleation sites of a conformal collector (sputtered or evaporated film, pellet
/// pressed above its hardness) or coating [1/m²] (assumed: one site per grain of a film with
/// 100 nm grains; range 1e12–1e16 m⁻²).
pub const SITES_CONFORMAL: f64 = 1e14;

/// Nucleation parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct NucleationParams {
    /// f·B: wetting factor times the homogeneous barrier constant [J·V²].
    pub barrier: f64,
    /// Attempt frequency of a site [1/s].
    pub j0: f64,
    /// Density of nucleation sites [1/m²].
    pub sites: f64,
    /// Sodium atomic volume [m³].
    pub omega: f64,
    pub molar_volume: f64,
}

/// Classical nucleation with JMAK coverage.
#[derive(Debug, Clone)]
pub struct Nucleation {
    pub p: NucleationParams,
    /// Exchange current law of sodium deposition (growth speed of the islands).
    pub i0: Arrhenius,
    range: Range<usize>,
}

impl Nucleation {
    pub fn new(p: NucleationParams, i0: Arrhenius) -> Nucleation {
        Nucleation { p, i0, range: 0..0 }
    }

    /// Parameters from the collector or interlayer the sodium nucleates on.
    pub fn resolve(ctx: &mut Ctx, i0: Arrhenius) -> Result<Nucleation, InputError> {
        let metal = &ctx.cell.negative.metal;
        let gamma = ctx.param_from(
            "surface_energy",
            dims::SURFACE_ENERGY,
            "J/m^2",
            Some(metal).filter(|m| m.prop("surface_energy").is_some()),
            "surface_energy",
            SURFACE_ENERGY,
            "0.22 J/m^2 (Na phase-field models; liquid Na 0.206 J/m^2 at 100 degC)",
        )?;
        let omega = ctx.vm / AVOGADRO;
        let (f_default, f_basis) = match ctx.interlayer() {
            Some(m) => match m.prop("nucleation_wetting") {
                Some(p) => (
                    p.si,
                    format!("{}.nucleation_wetting ({})", m.id, p.provenance_label()),
                ),
                None if m.family == "alloying-metal" => (
                    1e-4,
                    format!("{} alloys with Na: no nucleation barrier (review §2)", m.id),
                ),
                None => (
                    WETTING_BARE,
                    format!("{}: no nucleation data; the bare-collector value", m.id),
                ),
            },
            None => (
                WETTING_BARE,
                "assumed: contact angle of about 31 deg on a clean metal (range 0.001-0.2)".into(),
            ),
        };
        let f = ctx.param("wetting", dims::DIMENSIONLESS, "-", f_default, f_basis)?;
        let j0 = ctx.param(
            "nucleation_prefactor",
            Dimension::new(0, 0, -1, 0, 0, 0, 0),
            "1/s",
            ATTEMPT_FREQUENCY,
            "assumed: kT/h at 25 degC (Eyring), range 1e9-1e13 1/s",
        )?;
        let (sites_default, sites_basis) = site_density(ctx);
        let sites = ctx.param(
            "nucleation_sites",
            Dimension::new(-2, 0, 0, 0, 0, 0, 0),
            "1/m^2",
            sites_default,
            sites_basis,
        )?;
        if sites <= 0.0 {
            return Err(ctx.err("nucleation_sites", format!("{sites} 1/m^2: expected > 0")));
        }
        Ok(Nucleation::new(
            NucleationParams {
                barrier: f * barrier_constant(gamma, omega),
                j0,
                sites,
                omega,
                molar_volume: ctx.vm,
            },
            i0,
        ))
    }

    fn idx(&self) -> (usize, usize, usize) {
        (self.range.start, self.range.start + 1, self.range.start + 2)
    }
}

/// Where sodium can nucleate: the sites of an interlayer (its `nucleation_site_density` or the
/// conformal default), else those of the collector by how it meets the electrolyte.
fn site_density(ctx: &Ctx) -> (f64, String) {
    let from = |m: &crate::materials::Material, default: f64, why: &str| match m
        .prop("nucleation_site_density")
    {
        Some(p) => (
            p.si,
            format!(
                "{}.nucleation_site_density ({})",
                m.id,
                p.provenance_label()
            ),
        ),
        None => (default, format!("{}: {why}", m.id)),
    };
    if let Some(m) = ctx.interlayer() {
        return from(
            m,
            SITES_CONFORMAL,
            "a coating touches the electrolyte everywhere: assumed 1e14 m^-2 (range 1e12-1e16)",
        );
    }
    let form = ctx.collector_form();
    match (form, ctx.collector()) {
        (CollectorForm::Foil, _) => (
            SITES_FOIL,
            "foil: asperity contacts, 1e10 m^-2, calibrated on Al foil | NZSP 53 mV at 0.1 mA/cm^2 read at 1 s (Sun et al. 2024); range 1e9-1e11".into(),
        ),
        (_, Some(m)) => from(m, SITES_CONFORMAL, "conformal collector: assumed 1e14 m^-2 (range 1e12-1e16)"),
        (_, None) => (SITES_CONFORMAL, "conformal collector: assumed 1e14 m^-2 (range 1e12-1e16)".into()),
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
            variant: "classical",
            citations: citations(),
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::Coverage]
    }
    fn residual_needs(&self) -> Vec<Var> {
        vec![
            Var::Temperature,
            Var::ChargeTransferOverpotential,
            Var::StackPressure,
            Var::MetalPresence,
        ]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add(
            "negative.nucleation",
            3,
            Kind::Differential,
            1.0,
            "N/N_s, M1/sqrt(N_s), X",
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
        out.push(y[self.range.start] * self.p.sites * 1e-4);
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
    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        let (n, m, x) = self.idx();
        let t = v.temperature();
        let theta = v.get(Var::Coverage);
        // cathodic (plating) overpotential magnitude
        let eta = v.get(Var::ChargeTransferOverpotential);
        let eta_c = pos(-eta, 2e-4);
        let eta_mech = v.get(Var::StackPressure) * (self.p.omega / ELEMENTARY_CHARGE);
        let a = nucleation_rate(eta_c, eta_mech, self.p.barrier, self.p.j0, t);
        // a site that converts within a microsecond is as good as converted at once: capping the
        // frequency there changes nothing the millisecond dip or a cycler resolves, and keeps
        // the saturation N → N_s from amplifying rounding (A·(1 − N/N_s) with A ≈ 1e12 1/s)
        let rate = a / (a * FASTEST_NUCLEATION + 1.0);
        // local deposition current density on the islands and the speed it thickens them at
        let j_loc =
            (eta_c * (FARADAY / (2.0 * GAS_CONSTANT * t))).sinh_fast() * (2.0 * self.i0.at(t));
        let u = j_loc * (self.p.molar_volume / FARADAY);
        // states: used share of the sites N/N_s, radius sum M₁/√N_s, extended area X
        let root = self.p.sites.sqrt();
        f[n] = (T::cst(1.0) - theta) * (T::cst(1.0) - y[n]) * rate;
        f[m] = u * y[n] * (0.5 * root);
        f[x] = u * y[m] * (std::f64::consts::PI * root);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn islands_of_the_site_density_cover_the_collector_after_the_settling_charge() {
        // N hemispheres of radius r with Nπr² = 1 hold (2/3)·π·r³·N = (2/3)/√(πN) of Na
        let covering = |n: f64| {
            let r = (1.0 / (std::f64::consts::PI * n)).sqrt();
            let thickness = 2.0 / 3.0 * std::f64::consts::PI * r.powi(3) * n;
            thickness / (22.99e-3 / 968.0) * FARADAY / 36_000.0 // mAh/cm²
        };
        // hand computation: 1e10 m^-2 → r = 5.64 µm, 3.76 µm of Na = 0.42 mAh/cm²
        approx::assert_relative_eq!(covering(SITES_FOIL), 0.42, max_relative = 0.02);
        approx::assert_relative_eq!(covering(SITES_CONFORMAL), 0.0042, max_relative = 0.02);
    }

    #[test]
    fn growth_is_consistent_with_the_charge() {
        // one island: d/dt[(2/3)πr³] = πr²·u with dr/dt = u/2
        let (r, u) = (1e-6, 1e-9);
        let dv = 2.0 * std::f64::consts::PI * r * r * (u / 2.0);
        approx::assert_relative_eq!(dv, std::f64::consts::PI * r * r * u, max_relative = 1e-12);
    }
}
