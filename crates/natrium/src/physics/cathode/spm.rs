//! Single-particle limit of the composite cathode: one representative particle, uniform reaction,
//! and the composite's ohmic losses as the uniform-reaction resistance L/(3σ) of each phase
//! (exact for uniform reaction in one resistive phase; Newman & Tobias, J. Electrochem. Soc. 109
//! (1962) 1183).
//!
//! Unknowns: shells x[k] (differential), the electrode reaction current J (algebraic, J + I_ion = 0,
//! linear so charge balance is exact) and the collector-side potential φs (algebraic):
//!   φs = φe,sep + U(x_s) + η(J) − I_ion·L/(3σe) − I·L/(3σs),  η = (2RT/F)·asinh(J/(2·a·L·i₀)).

use std::ops::Range;

use crate::ad::Real;
use crate::constants::FARADAY;
use crate::model::{Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars};
use crate::physics::cathode::diffusion::Sphere;
use crate::physics::cathode::kinetics::{bv_overpotential, exchange_current};
use crate::physics::cathode::params::CathodeParams;

/// Single-particle cathode.
#[derive(Debug, Clone)]
pub struct SpmCathode {
    pub p: CathodeParams,
    pub sphere: Sphere,
    pub contact_resistance: f64,
    pub i_scale: f64,
    pub xr: Range<usize>,
    pub jr: usize,
    pub phis: usize,
}

impl SpmCathode {
    pub fn new(p: CathodeParams, nr: usize, contact_resistance: f64, i_scale: f64) -> Self {
        let sphere = Sphere::new(p.radius, nr);
        SpmCathode {
            p,
            sphere,
            contact_resistance,
            i_scale,
            xr: 0..0,
            jr: 0,
            phis: 0,
        }
    }

    fn parts<T: Real>(&self, y: &[T], v: &Vars<T>, _env: &Env) -> (T, T, T, T) {
        let t = v.temperature();
        let d = self.p.diffusivity.at(t);
        let k = self.p.rate_constant.at(t);
        let al = self.p.specific_area() * self.p.thickness;
        let jn = y[self.jr];
        let n_out = jn / (self.p.particle_area() * self.p.thickness * FARADAY);
        let xs = self
            .sphere
            .surface(&y[self.xr.clone()], n_out, self.p.c_max, d);
        let u = self.p.ocp.eval(xs);
        let i0 = exchange_current(k, self.p.c_max, xs);
        let eta = bv_overpotential(jn / al, i0, t);
        let ohm = -(v.get(Var::IonicCurrent) * (self.p.thickness / (3.0 * self.p.sigma_e.at(t)))
            + v.get(Var::Current) * (self.p.thickness / (3.0 * self.p.sigma_s)));
        (u, eta, ohm, n_out)
    }
}

impl Describe for SpmCathode {
    fn info(&self) -> Info {
        Info {
            phenomenon: "cathode/composite",
            variant: "single-particle",
            citations: super::p2d::citations(),
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::TerminalVoltage]
    }
    fn needs(&self) -> Vec<Var> {
        vec![Var::Temperature, Var::Current]
    }
    fn residual_needs(&self) -> Vec<Var> {
        vec![Var::IonicCurrent, Var::PhiSeparatorCathode]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.xr = b.add(
            "cathode.filling",
            self.sphere.n,
            Kind::Differential,
            1.0,
            "-",
        );
        self.jr = b
            .add(
                "cathode.reaction_current",
                1,
                Kind::Algebraic,
                self.i_scale,
                "A/m^2",
            )
            .start;
        self.phis = b
            .add("cathode.phi_solid", 1, Kind::Algebraic, 1.0, "V")
            .start;
    }
    fn init(&self, y: &mut [f64], _env: &Env) {
        for k in self.xr.clone() {
            y[k] = self.p.x0;
        }
        y[self.jr] = 0.0;
        y[self.phis] = self.p.ocp.eval(self.p.x0);
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![
            OutputDecl {
                quantity: "cathode mean filling",
                unit: "-",
                description: "mean Na filling of the particle (1 = discharged)",
            },
            OutputDecl {
                quantity: "cathode open-circuit potential",
                unit: "V",
                description: "U at the mean filling",
            },
            OutputDecl {
                quantity: "cathode concentration overpotential",
                unit: "V",
                description: "U(surface) − U(mean)",
            },
            OutputDecl {
                quantity: "cathode reaction overpotential",
                unit: "V",
                description: "Butler–Volmer overpotential",
            },
            OutputDecl {
                quantity: "cathode ohmic overpotential",
                unit: "V",
                description: "L/(3σ) drops of both phases and the collector contact",
            },
            OutputDecl {
                quantity: "cathode thickness change",
                unit: "um",
                description: "volume change of the active material mapped onto thickness",
            },
        ]
    }
    fn write_outputs(&self, y: &[f64], v: &Vars<f64>, env: &Env, out: &mut Vec<f64>) {
        let (u, eta, ohm, _) = self.parts(y, v, env);
        let xm = self.sphere.mean(&y[self.xr.clone()]);
        let um: f64 = self.p.ocp.eval(xm);
        out.push(xm);
        out.push(um);
        out.push(u - um);
        out.push(eta);
        out.push(ohm - v.get(Var::Current) * self.contact_resistance);
        out.push(self.p.volume_change * (self.p.x0 - xm) * self.p.capacity() * 1e6);
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        self.sphere.mean(&y[self.xr.clone()]) * self.p.capacity_mol
    }
}

impl Kernel for SpmCathode {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        v.set(
            Var::TerminalVoltage,
            y[self.phis] - v.get(Var::Current) * self.contact_resistance,
        );
    }
    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, env: &Env, f: &mut [T]) {
        let (u, eta, ohm, n_out) = self.parts(y, v, env);
        let d = self.p.diffusivity.at(v.temperature());
        self.sphere.rhs(
            &y[self.xr.clone()],
            n_out,
            self.p.c_max,
            d,
            &mut f[self.xr.clone()],
        );
        f[self.jr] = (y[self.jr] + v.get(Var::IonicCurrent)) / self.i_scale;
        f[self.phis] = y[self.phis] - (v.get(Var::PhiSeparatorCathode) + u + eta + ohm);
    }
}
