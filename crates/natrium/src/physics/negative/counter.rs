//! The sodium counter electrode of symmetric (Na|SE|Na) and deposition (collector|SE|Na) cells,
//! with the same interface physics as the working side: Butler–Volmer charge transfer on the
//! contacted area, constriction through the contact spots and voids opened by stripping and
//! closed by creep (`contact`). It closes the circuit: V = φ_e(counter side) + η_counter.

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::materials::arrhenius::Arrhenius;
use crate::model::{
    Describe, Electrode, Env, EventDecl, EventKind, Info, Kernel, Kind, LayoutBuilder, OutputDecl,
    Var, Vars,
};
use crate::physics::cathode::kinetics::bv_overpotential;
use crate::physics::negative::contact::Contact;
use crate::physics::negative::kernels::{constriction_asr, step};

/// Counter electrode with interface physics.
#[derive(Debug, Clone)]
pub struct CounterInterface {
    pub i0: Arrhenius,
    pub n0: f64,
    pub scale: f64,
    pub molar_volume: f64,
    pub spot_radius: f64,
    pub conductivity: Arrhenius,
    /// Void/creep contact (None: contact fixed at `fixed_contact`).
    pub contact: Option<Contact>,
    pub fixed_contact: f64,
    n_eps: f64,
    range: Range<usize>,
}

impl CounterInterface {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        i0: Arrhenius,
        n0: f64,
        scale: f64,
        molar_volume: f64,
        spot_radius: f64,
        conductivity: Arrhenius,
        contact: Option<Contact>,
        fixed_contact: f64,
    ) -> Self {
        CounterInterface {
            i0,
            n0,
            scale,
            molar_volume,
            spot_radius,
            conductivity,
            contact,
            fixed_contact,
            n_eps: 10e-9 / molar_volume,
            range: 0..0,
        }
    }
    fn phi<T: Real>(&self, y: &[T]) -> T {
        if self.contact.is_some() {
            soft_floor(y[self.range.start + 1], 1e-6)
        } else {
            T::cst(self.fixed_contact)
        }
    }
    /// Counter overpotential (anodic positive for the counter) at ionic current `i`.
    fn overpotential<T: Real>(&self, y: &[T], i: T, t: f64) -> T {
        let jf = -i; // the counter strips when the working side plates
        let n = soft_floor(y[self.range.start], 1e-6 * self.n_eps);
        let s = n / (n + self.n_eps);
        let phi = self.phi(y);
        let area = soft_floor(phi * (s + (T::cst(1.0) - s) * step(-jf, 1e-3)), 1e-9);
        let ct = bv_overpotential(jf / area, T::cst(self.i0.at(t)), t);
        let rho = 1.0 / self.conductivity.at(t);
        ct + jf * constriction_asr(rho, self.spot_radius, phi)
    }
}

impl Describe for CounterInterface {
    fn info(&self) -> Info {
        Info {
            phenomenon: "counter/electrode",
            variant: if self.contact.is_some() {
                "sodium-interface-void-creep"
            } else {
                "sodium-interface"
            },
            citations: vec![],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![
            Var::TerminalVoltage,
            Var::CounterOverpotential,
            Var::CathodeSwellingRate,
        ]
    }
    fn needs(&self) -> Vec<Var> {
        vec![Var::PhiSeparatorCathode, Var::IonicCurrent]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        let n = if self.contact.is_some() { 2 } else { 1 };
        self.range = b.add(
            "counter.state",
            n,
            Kind::Differential,
            1.0,
            "mol/m^2 (sodium), - (contact)",
        );
    }
    fn init(&self, y: &mut [f64], _env: &Env) {
        y[self.range.start] = self.n0;
        if let Some(c) = &self.contact {
            y[self.range.start + 1] = c.p.initial;
        }
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        let mut v = vec![
            OutputDecl {
                quantity: "counter overpotential",
                unit: "V",
                description: "overpotential of the Na counter electrode (anodic positive)",
            },
            OutputDecl {
                quantity: "counter sodium thickness",
                unit: "um",
                description: "sodium metal of the counter electrode",
            },
        ];
        if self.contact.is_some() {
            v.push(OutputDecl {
                quantity: "counter contact fraction",
                unit: "-",
                description: "contact fraction of the counter electrode",
            });
        }
        v
    }
    fn write_outputs(&self, y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(v.get(Var::CounterOverpotential));
        out.push(y[self.range.start] * self.molar_volume * 1e6);
        if self.contact.is_some() {
            out.push(y[self.range.start + 1]);
        }
    }
    fn events(&self) -> Vec<EventDecl> {
        vec![EventDecl {
            kind: EventKind::SodiumDepleted(Electrode::Counter),
            description: "the counter electrode ran out of sodium",
        }]
    }
    fn event_values(&self, y: &[f64], _v: &Vars<f64>, _env: &Env, g: &mut Vec<f64>) {
        g.push(y[self.range.start] / self.n_eps - 0.05);
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        y[self.range.start]
    }
}

impl Kernel for CounterInterface {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, env: &Env) {
        let i = v.get(Var::IonicCurrent);
        let eta = self.overpotential(y, i, env.t());
        v.set(Var::CounterOverpotential, eta);
        v.set(Var::TerminalVoltage, v.get(Var::PhiSeparatorCathode) + eta);
        v.set(Var::CathodeSwellingRate, i * (self.molar_volume / FARADAY));
    }
    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, env: &Env, f: &mut [T]) {
        let i = v.get(Var::IonicCurrent);
        f[self.range.start] = i / FARADAY;
        if let Some(c) = &self.contact {
            let phi = y[self.range.start + 1];
            f[self.range.start + 1] = c.rate(phi, -i, T::cst(env.pressure.get()), env.t());
        }
    }
}
