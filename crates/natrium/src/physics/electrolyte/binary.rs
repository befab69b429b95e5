//! Concentration polarisation of a solid electrolyte with t+ < 1 (review §5: a transference number
//! below one builds a concentration gradient that lowers voltage and energy).
//!
//! Dilute binary electrolyte (Newman & Thomas-Alyea, Electrochemical Systems, ch. 11–12): salt
//! diffusion ∂c/∂t = D·∂²c/∂x² across the separator, with salt entering at the negative side and
//! leaving at the cathode side at (1 − t+)·I/F; the potential across the separator is
//! φ(L) − φ(0) = −∫ I/κ(c) dx + (2RT/F)(1 − t+)·ln(c_L/c_0), κ(c) = κ_ref·c/c_ref. The salt
//! diffusivity follows Nernst–Einstein for a 1:1 conductor: D = 2·t+(1 − t+)·κ·RT/(F²·c_ref).
//! Assumption (stated): the salt balance is closed at the separator|cathode boundary, i.e. the
//! composite's own electrolyte network carries no concentration gradient.

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::{FARADAY, GAS_CONSTANT};
use crate::materials::arrhenius::Arrhenius;
use crate::model::{
    Citation, Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars,
};

/// Binary separator with concentration states (normalised by c_ref).
#[derive(Debug, Clone)]
pub struct BinarySeparator {
    pub thickness: f64,
    pub nodes: usize,
    pub transference: f64,
    pub conductivity: Arrhenius,
    /// Reference (initial) salt concentration [mol/m³].
    pub c_ref: f64,
    range: Range<usize>,
}

impl BinarySeparator {
    pub fn new(
        thickness: f64,
        nodes: usize,
        transference: f64,
        conductivity: Arrhenius,
        c_ref: f64,
    ) -> Self {
        BinarySeparator {
            thickness,
            nodes: nodes.max(2),
            transference,
            conductivity,
            c_ref,
            range: 0..0,
        }
    }
    /// Salt diffusivity [m²/s] at temperature t (Nernst–Einstein).
    pub fn diffusivity(&self, t: f64) -> f64 {
        2.0 * self.transference
            * (1.0 - self.transference)
            * self.conductivity.at(t)
            * GAS_CONSTANT
            * t
            / (FARADAY * FARADAY * self.c_ref)
    }
    fn dx(&self) -> f64 {
        self.thickness / self.nodes as f64
    }
}

impl Describe for BinarySeparator {
    fn info(&self) -> Info {
        Info {
            phenomenon: "electrolyte/transport",
            variant: "binary-concentration",
            citations: vec![Citation { key: "newman2004", text: "J. Newman, K. E. Thomas-Alyea, Electrochemical Systems, 3rd ed., Wiley (2004), ch. 11-12" }],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![
            Var::PhiSeparatorCathode,
            Var::SeparatorOhmic,
            Var::SeparatorConcentration,
        ]
    }
    fn needs(&self) -> Vec<Var> {
        vec![Var::Temperature, Var::IonicCurrent, Var::PhiNegative]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add(
            "separator.concentration",
            self.nodes,
            Kind::Differential,
            1.0,
            "c/c_ref",
        );
    }
    fn init(&self, y: &mut [f64], _env: &Env) {
        for i in self.range.clone() {
            y[i] = 1.0;
        }
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![
            OutputDecl {
                quantity: "separator ohmic overpotential",
                unit: "V",
                description: "∫ I/κ(c) dx across the separator",
            },
            OutputDecl {
                quantity: "separator concentration overpotential",
                unit: "V",
                description: "(2RT/F)(1 − t+) ln(c_0/c_L)",
            },
            OutputDecl {
                quantity: "salt concentration at negative",
                unit: "c/c_ref",
                description: "normalised concentration next to the negative",
            },
            OutputDecl {
                quantity: "salt concentration at cathode",
                unit: "c/c_ref",
                description: "normalised concentration next to the cathode",
            },
        ]
    }
    fn write_outputs(&self, y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(v.get(Var::SeparatorOhmic));
        out.push(v.get(Var::SeparatorConcentration));
        out.push(y[self.range.start]);
        out.push(y[self.range.end - 1]);
    }
}

impl Kernel for BinarySeparator {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        let t = v.temperature();
        let i = v.get(Var::IonicCurrent);
        let d = self.diffusivity(t);
        let flux = i * ((1.0 - self.transference) / (FARADAY * self.c_ref)); // normalised salt flux
        let dx = self.dx();
        let c = &y[self.range.clone()];
        let c0 = soft_floor(c[0] + flux * (0.5 * dx / d), 1e-6);
        let cl = soft_floor(c[self.nodes - 1] - flux * (0.5 * dx / d), 1e-6);
        let kref = self.conductivity.at(t);
        let mut r = T::cst(0.0);
        for ck in c {
            r += (soft_floor(*ck, 1e-6) * kref).recip() * dx;
        }
        let ohm = i * r;
        let conc = (c0 / cl).ln() * (2.0 * GAS_CONSTANT * t / FARADAY * (1.0 - self.transference));
        v.set(Var::SeparatorOhmic, ohm);
        v.set(Var::SeparatorConcentration, conc);
        v.set(
            Var::PhiSeparatorCathode,
            v.get(Var::PhiNegative) - ohm - conc,
        );
    }
    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        let t = v.temperature();
        let d = self.diffusivity(t);
        let dx = self.dx();
        let flux = v.get(Var::IonicCurrent) * ((1.0 - self.transference) / (FARADAY * self.c_ref));
        let c = &y[self.range.clone()];
        let n = self.nodes;
        let mut left = flux; // salt entering the first cell
        for k in 0..n {
            let right = if k + 1 < n {
                (c[k] - c[k + 1]) * (d / dx)
            } else {
                flux
            };
            f[self.range.start + k] = (left - right) / dx;
            left = right;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::constants::ELEMENTARY_CHARGE;

    #[test]
    fn single_ion_limit_has_no_gradient() {
        let s = BinarySeparator::new(
            1e-3,
            4,
            1.0 - 1e-12,
            Arrhenius {
                value_ref: 0.06,
                t_ref: 298.15,
                ea: 0.3 * ELEMENTARY_CHARGE,
                sigma_t: false,
                ea_assumed: false,
            },
            1000.0,
        );
        assert!(s.diffusivity(298.15) < 1e-20);
    }

    #[test]
    fn steady_gradient_matches_the_analytic_one() {
        // Steady state: linear profile with slope −(1−t+)I/(F D); the FV residual of that profile vanishes.
        let mut s = BinarySeparator::new(
            1e-4,
            5,
            0.8,
            Arrhenius {
                value_ref: 0.1,
                t_ref: 298.15,
                ea: 0.3 * ELEMENTARY_CHARGE,
                sigma_t: false,
                ea_assumed: false,
            },
            1000.0,
        );
        let mut b = LayoutBuilder::default();
        s.declare(&mut b);
        let env = Env::new(298.15, 0.0);
        let i = 10.0;
        let d = s.diffusivity(298.15);
        let slope = -(1.0 - 0.8) * i / (FARADAY * 1000.0 * d);
        let dx = 1e-4 / 5.0;
        let y: Vec<f64> = (0..5)
            .map(|k| 1.0 + slope * (k as f64 + 0.5) * dx - slope * 0.5e-4)
            .collect();
        let mut v = Vars::<f64>::new();
        v.set(Var::Temperature, 298.15);
        v.set(Var::IonicCurrent, i);
        v.set(Var::PhiNegative, 0.0);
        let mut f = vec![0.0; 5];
        s.residual(&y, &v, &env, &mut f);
        for fk in f {
            assert!(fk.abs() < 1e-9, "{fk}");
        }
        s.compute(&y, &mut v, &env);
        // concentration overpotential of the linear profile: (2RT/F)(1−t+) ln(c(0)/c(L))
        let c0 = 1.0 - slope * 0.5e-4;
        let cl = 1.0 + slope * 0.5e-4;
        let exact = 2.0 * GAS_CONSTANT * 298.15 / FARADAY * 0.2 * (c0 / cl).ln();
        approx::assert_relative_eq!(
            v.get(Var::SeparatorConcentration),
            exact,
            max_relative = 1e-9
        );
    }
}
