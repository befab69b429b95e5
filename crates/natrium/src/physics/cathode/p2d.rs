//! Pseudo-two-dimensional composite cathode (Doyle–Fuller–Newman structure for a single-ion solid
//! electrolyte): `nx` finite volumes through the thickness, each with a spherical particle of `nr`
//! shells.
//!
//! The node's sodium exchange is spread over the whole particle surface (3φ/R) for the symmetric
//! diffusion problem, so the particle sees the mean surface flux of its contacts (an assumption
//! of this 1-D particle model; the sodium balance is exact).
//!
//! Unknowns per node i: particle filling x[i,k] (differential), electrolyte and solid potentials
//! φe[i], φs[i], and the node reaction current J[i] = a·j·Δx [A/m² of electrode] (algebraic).
//! Charge conservation (linear in the unknowns, so it holds exactly at every Newton iterate):
//!   electrolyte  (ie[i+½] − ie[i−½]) − J[i] = 0,  ie = −σe,eff·∂φe/∂x, ie(0) from φe at the
//!                separator boundary, ie(L) = 0;
//!   solid        (is[i+½] − is[i−½]) + J[i] = 0,  is = −σs,eff·∂φs/∂x, is(0) = −I_leak, is(L) = I;
//! kinetics       J[i] = a·Δx·2·i₀(x_s)·sinh(Fη/2RT), η = φs − φe − U(x_s);
//! particles      Fickian diffusion with outward flux N = J/(a·Δx·F) (see `diffusion`).
//! x = 0 is the separator side, x = L the positive collector. a = 3·φ_AM/R·f_contact (point
//! contacts, review §4); σe,eff from SE percolation, σs,eff from carbon (`params`).

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::model::{
    Citation, Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars,
};
use crate::physics::cathode::diffusion::Sphere;
use crate::physics::cathode::kinetics::{butler_volmer, exchange_current};
use crate::physics::cathode::params::CathodeParams;

/// The P2D cathode submodel.
#[derive(Debug, Clone)]
pub struct P2dCathode {
    pub p: CathodeParams,
    pub nx: usize,
    pub nr: usize,
    pub sphere: Sphere,
    /// Contact lost per unit volumetric strain swept and the pressure that holds half of it
    /// (None = constant contact).
    pub contact_loss: Option<ContactLossLaw>,
    /// Collector contact resistance [Ω·m²].
    pub contact_resistance: f64,
    /// Typical current density [A/m²] scaling the algebraic rows.
    pub i_scale: f64,
    pub xr: Range<usize>,
    pub phie: Range<usize>,
    pub phis: Range<usize>,
    pub jr: Range<usize>,
    pub contact: Option<usize>,
}

/// Citations of the composite-electrode model.
pub fn citations() -> Vec<Citation> {
    vec![
        Citation { key: "doyle1993", text: "M. Doyle, T. F. Fuller, J. Newman, J. Electrochem. Soc. 140 (1993) 1526 (porous-electrode P2D model)" },
        Citation { key: "scherzallen1970", text: "H. Scher, R. Zallen, J. Chem. Phys. 53 (1970) 3759 (critical volume fraction of continuum percolation)" },
    ]
}

impl P2dCathode {
    pub fn new(
        p: CathodeParams,
        nx: usize,
        nr: usize,
        contact_loss: Option<ContactLossLaw>,
        contact_resistance: f64,
        i_scale: f64,
    ) -> Self {
        let sphere = Sphere::new(p.radius, nr);
        P2dCathode {
            p,
            nx,
            nr,
            sphere,
            contact_loss,
            contact_resistance,
            i_scale,
            xr: 0..0,
            phie: 0..0,
            phis: 0..0,
            jr: 0..0,
            contact: None,
        }
    }

    fn dx(&self) -> f64 {
        self.p.thickness / self.nx as f64
    }

    /// Specific contact area a [1/m] at the current contact state.
    fn area<T: Real>(&self, y: &[T]) -> T {
        match self.contact {
            Some(c) => soft_floor(y[c], 1e-6) * self.p.specific_area(),
            None => T::cst(self.p.specific_area()),
        }
    }

    /// Mean filling of the whole electrode.
    pub fn mean_filling(&self, y: &[f64]) -> f64 {
        let mut s = 0.0;
        for i in 0..self.nx {
            let xs = &y[self.xr.start + i * self.nr..self.xr.start + (i + 1) * self.nr];
            s += self.sphere.mean(xs);
        }
        s / self.nx as f64
    }

    /// Surface fillings, OCPs and overpotentials of each node (f64 diagnostics).
    fn node_state(&self, y: &[f64], env: &Env) -> Vec<(f64, f64, f64, f64)> {
        let t = env.t();
        let d = self.p.diffusivity.at(t);
        let dx = self.dx();
        (0..self.nx)
            .map(|i| {
                let xs = &y[self.xr.start + i * self.nr..self.xr.start + (i + 1) * self.nr];
                let jn = y[self.jr.start + i];
                let n_out = jn / (self.p.particle_area() * dx * FARADAY);
                let xsurf = self.sphere.surface(xs, n_out, self.p.c_max, d);
                let u = self.p.ocp.eval(xsurf);
                let eta = y[self.phis.start + i] - y[self.phie.start + i] - u;
                (jn, xsurf, u, eta)
            })
            .collect()
    }
}

/// Loss of contact between the active particles and the electrolyte as they swell and shrink
/// (review §4): df/dt = −k·|ε̇|·(f − f_∞(p)), with |ε̇| the volumetric strain rate of the active
/// material, k the contact lost per unit strain swept and f_∞ = p/(p + p_h) the share the stack
/// pressure p keeps pressed together (p_h the pressure that holds half of it). Both constants
/// are assumed (k = 0.05, range 0.01–0.5; p_h = 5 MPa, range 1–50 MPa: composite cathodes of
/// solid-state cells keep their capacity better under tens of MPa, Doux et al., ACS Appl.
/// Energy Mater. 3 (2020) 1114). The contact scales the reacting area of the particles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContactLossLaw {
    /// Contact lost per unit volumetric strain swept [-].
    pub rate: f64,
    /// Stack pressure that keeps half of the contact [Pa].
    pub holding_pressure: f64,
}

impl ContactLossLaw {
    /// The contact the stack pressure `p` keeps.
    pub fn held<T: Real>(&self, p: T) -> T {
        let p = soft_floor(p, 1.0);
        p / (p + self.holding_pressure)
    }
}

impl Describe for P2dCathode {
    fn info(&self) -> Info {
        Info {
            phenomenon: "cathode/composite",
            variant: "p2d",
            citations: citations(),
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::TerminalVoltage]
    }
    fn needs(&self) -> Vec<Var> {
        vec![Var::Temperature, Var::Current]
    }
    fn residual_needs(&self) -> Vec<Var> {
        let mut v = vec![Var::LeakageCurrent, Var::PhiSeparatorCathode];
        if self.contact_loss.is_some() {
            v.push(Var::StackPressure);
        }
        v
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.xr = b.add_2d(
            "cathode.filling",
            self.nx,
            self.nr,
            Kind::Differential,
            1.0,
            "-",
        );
        self.phie = b.add(
            "cathode.phi_electrolyte",
            self.nx,
            Kind::Algebraic,
            1.0,
            "V",
        );
        self.phis = b.add("cathode.phi_solid", self.nx, Kind::Algebraic, 1.0, "V");
        self.jr = b.add(
            "cathode.node_current",
            self.nx,
            Kind::Algebraic,
            self.i_scale / self.nx as f64,
            "A/m^2",
        );
        if self.contact_loss.is_some() {
            self.contact = Some(
                b.add("cathode.contact", 1, Kind::Differential, 1.0, "-")
                    .start,
            );
        }
    }
    fn init(&self, y: &mut [f64], _env: &Env) {
        let u0: f64 = self.p.ocp.eval(self.p.x0);
        for k in self.xr.clone() {
            y[k] = self.p.x0;
        }
        for k in self.phie.clone() {
            y[k] = 0.0;
        }
        for k in self.phis.clone() {
            y[k] = u0;
        }
        for k in self.jr.clone() {
            y[k] = 0.0;
        }
        if let Some(c) = self.contact {
            y[c] = 1.0;
        }
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        let mut v = vec![
            OutputDecl {
                quantity: "cathode mean filling",
                unit: "-",
                description: "mean Na filling of the active material (1 = discharged)",
            },
            OutputDecl {
                quantity: "cathode open-circuit potential",
                unit: "V",
                description: "U at the mean filling",
            },
            OutputDecl {
                quantity: "cathode concentration overpotential",
                unit: "V",
                description: "reaction-weighted U(surface) − U(mean): solid diffusion",
            },
            OutputDecl {
                quantity: "cathode reaction overpotential",
                unit: "V",
                description: "reaction-weighted Butler–Volmer overpotential",
            },
            OutputDecl {
                quantity: "cathode ohmic overpotential",
                unit: "V",
                description: "ionic and electronic drops in the composite and at the collector",
            },
            OutputDecl {
                quantity: "cathode thickness change",
                unit: "um",
                description: "volume change of the active material mapped onto thickness",
            },
        ];
        if self.contact.is_some() {
            v.push(OutputDecl {
                quantity: "cathode contact fraction",
                unit: "-",
                description: "remaining active-material|electrolyte contact (1 = as made)",
            });
        }
        v
    }
    fn write_outputs(&self, y: &[f64], v: &Vars<f64>, env: &Env, out: &mut Vec<f64>) {
        let nodes = self.node_state(y, env);
        let total: f64 = nodes.iter().map(|n| n.0).sum();
        let w: Vec<f64> = if total.abs() > 1e-12 * self.i_scale {
            nodes.iter().map(|n| n.0 / total).collect()
        } else {
            vec![1.0 / self.nx as f64; self.nx]
        };
        let us: f64 = nodes.iter().zip(&w).map(|(n, w)| n.2 * w).sum();
        let eta: f64 = nodes.iter().zip(&w).map(|(n, w)| n.3 * w).sum();
        let xm = self.mean_filling(y);
        let um: f64 = self.p.ocp.eval(xm);
        let volt = v.get(Var::TerminalVoltage);
        let ohm = volt - v.get(Var::PhiSeparatorCathode) - us - eta;
        out.push(xm);
        out.push(um);
        out.push(us - um);
        out.push(eta);
        out.push(ohm);
        // charge removed since assembly × volume change per charge
        let removed = (self.p.x0 - xm) * self.p.capacity();
        out.push(self.p.volume_change * removed * 1e6);
        if let Some(c) = self.contact {
            out.push(y[c]);
        }
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        self.mean_filling(y) * self.p.capacity_mol
    }
}

impl Kernel for P2dCathode {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        let i = v.get(Var::Current);
        let last = y[self.phis.end - 1];
        let volt = last - i * (0.5 * self.dx() / self.p.sigma_s + self.contact_resistance);
        v.set(Var::TerminalVoltage, volt);
    }

    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        let t = v.temperature();
        let d = self.p.diffusivity.at(t);
        let k = self.p.rate_constant.at(t);
        let se = self.p.sigma_e.at(t);
        let ss = self.p.sigma_s;
        let a = self.area(y);
        let dx = self.dx();
        let nx = self.nx;
        let nr = self.nr;
        let i_ext = v.get(Var::Current);
        let i_leak = v.get(Var::LeakageCurrent);
        let phi_sc = v.get(Var::PhiSeparatorCathode);
        let inv = 1.0 / self.i_scale;
        let mut sum_j = T::cst(0.0);
        for i in 0..nx {
            let x0 = self.xr.start + i * nr;
            let xs = &y[x0..x0 + nr];
            let jn = y[self.jr.start + i];
            sum_j += jn;
            let n_out = jn / (self.p.particle_area() * (dx * FARADAY));
            // particle
            self.sphere
                .rhs(xs, n_out, self.p.c_max, d, &mut f[x0..x0 + nr]);
            // kinetics
            let xsurf = self.sphere.surface(xs, n_out, self.p.c_max, d);
            let u = self.p.ocp.eval(xsurf);
            let eta = y[self.phis.start + i] - y[self.phie.start + i] - u;
            let i0 = exchange_current(k, self.p.c_max, xsurf);
            f[self.jr.start + i] = (jn - a * butler_volmer(i0, eta, t) * dx) * inv;
            // electrolyte: faces i (left) and i+1 (right)
            let pe = y[self.phie.start + i];
            let ie_left = if i == 0 {
                (pe - phi_sc) * (-se / (0.5 * dx))
            } else {
                (pe - y[self.phie.start + i - 1]) * (-se / dx)
            };
            let ie_right = if i + 1 < nx {
                (y[self.phie.start + i + 1] - pe) * (-se / dx)
            } else {
                T::cst(0.0)
            };
            f[self.phie.start + i] = (ie_right - ie_left - jn) * inv;
            // solid
            let ps = y[self.phis.start + i];
            let is_left = if i == 0 {
                -i_leak
            } else {
                (ps - y[self.phis.start + i - 1]) * (-ss / dx)
            };
            let is_right = if i + 1 < nx {
                (y[self.phis.start + i + 1] - ps) * (-ss / dx)
            } else {
                i_ext
            };
            f[self.phis.start + i] = (is_right - is_left + jn) * inv;
        }
        if let (Some(c), Some(law)) = (self.contact, &self.contact_loss) {
            // volumetric strain rate of the active material: ΔV per charge × current / V_AM
            let eps_dot = -sum_j * (self.p.volume_change / (self.p.phi_active * self.p.thickness));
            let delta = 1e-9;
            let mag = (eps_dot * eps_dot + delta * delta).sqrt() - delta;
            let held = law.held(v.get(Var::StackPressure));
            f[c] = -((y[c] - held) * mag) * law.rate;
        }
    }
}
