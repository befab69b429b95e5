//! The sodium counter electrode of symmetric (Na|SE|Na) and deposition (collector|SE|Na) cells,
//! with the interface physics of the working side: Butler–Volmer charge transfer on the
//! contacted area, constriction through the contact spots, the surface film of a pressed foil
//! in series, and the same contact law (voids opened by stripping and closed by creep under the
//! stack pressure, [`super::contact::Contact`]) from the counter's own preparation. No double
//! layer (its time constant, ≈ms, is far below a step) and no interphase (a half cell's
//! counter is the reference; docs/physics/contact.md). It closes the circuit:
//! V = φ_e(counter side) + η_counter.

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::error::InputError;
use crate::materials::arrhenius::Arrhenius;
use crate::model::{
    Describe, Electrode, Env, EventDecl, EventKind, Info, Kernel, Kind, LayoutBuilder, OutputDecl,
    Var, Vars,
};
use crate::physics::cathode::kinetics::bv_overpotential;
use crate::physics::negative::contact::{self, Contact};
use crate::physics::negative::inventory::CONNECTED_LAYER;
use crate::physics::negative::kernels::{constriction_asr, step};
use crate::physics::negative::resolve::Ctx;

/// Counter electrode with interface physics.
#[derive(Debug, Clone)]
pub struct CounterInterface {
    /// Exchange current of Na | electrolyte.
    pub i0: Arrhenius,
    /// Sodium at assembly [mol/m²].
    pub n0: f64,
    /// Inventory scale [mol/m²].
    pub scale: f64,
    pub molar_volume: f64,
    /// Contact-spot radius [m].
    pub spot_radius: f64,
    /// Electrolyte conductivity law.
    pub conductivity: Arrhenius,
    /// Void/creep contact (`None`: held at its value after assembly).
    pub contact: Option<Contact>,
    /// Contact after assembly (and held, without a contact law) [-].
    pub initial_contact: f64,
    /// Surface-film resistance on the contacts [Ω·m²].
    pub film_resistance: f64,
    n_eps: f64,
    range: Range<usize>,
}

impl CounterInterface {
    /// The counter electrode of the design, with the working side's exchange current and spot
    /// radius.
    pub fn resolve(ctx: &mut Ctx, i0: Arrhenius, spot_radius: f64) -> Result<Self, InputError> {
        let ce =
            ctx.cell.counter_electrode.as_ref().ok_or_else(|| {
                ctx.err("counter_contact", "a half cell needs a [counter_electrode]")
            })?;
        let p = contact::params(ctx, true)?;
        let with_law = ctx.variant("counter_contact", "void-creep")? == "void-creep";
        if !with_law {
            ctx.log.note(
                "counter contact held at its value after assembly (counter_contact = \"none\")",
            );
        }
        Ok(CounterInterface {
            i0,
            n0: ce.thickness / ctx.vm,
            scale: ctx.n_scale,
            molar_volume: ctx.vm,
            spot_radius,
            conductivity: ctx.law,
            initial_contact: p.initial,
            film_resistance: p.film_resistance,
            contact: with_law.then(|| Contact::new(p)),
            n_eps: CONNECTED_LAYER / ctx.vm,
            range: 0..0,
        })
    }

    fn phi<T: Real>(&self, y: &[T]) -> T {
        match &self.contact {
            Some(c) => soft_floor(
                c.total(y[self.range.start + 1], y[self.range.start + 2]),
                1e-6,
            ),
            None => T::cst(self.initial_contact),
        }
    }

    fn presence<T: Real>(&self, y: &[T]) -> T {
        let n = soft_floor(y[self.range.start], 1e-6 * self.n_eps);
        n / (n + self.n_eps)
    }

    /// Counter overpotential (anodic positive for the counter) at ionic current `i`.
    fn overpotential<T: Real>(&self, y: &[T], i: T, t: f64) -> T {
        let jf = -i; // the counter strips when the working side plates
        let s = self.presence(y);
        let phi = self.phi(y);
        let area = soft_floor(phi * (s + (T::cst(1.0) - s) * step(-jf, 1e-3)), 1e-9);
        let ct = bv_overpotential(jf / area, T::cst(self.i0.at(t)), t);
        let rho = 1.0 / self.conductivity.at(t);
        ct + jf
            * (constriction_asr(rho, self.spot_radius, phi) + phi.recip() * self.film_resistance)
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
            Var::CounterContact,
            Var::CathodeSwellingRate,
        ]
    }
    fn needs(&self) -> Vec<Var> {
        vec![
            Var::Temperature,
            Var::PhiSeparatorCathode,
            Var::IonicCurrent,
        ]
    }
    fn residual_needs(&self) -> Vec<Var> {
        vec![Var::StackPressure]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        let n = if self.contact.is_some() { 3 } else { 1 };
        self.range = b.add(
            "counter.state",
            n,
            Kind::Differential,
            1.0,
            "mol/m^2 (sodium), - (contact: pressed, unpressed part)",
        );
        let start = self.range.start + 1;
        if let Some(c) = &mut self.contact {
            c.place(start);
        }
    }
    fn init(&self, y: &mut [f64], _env: &Env) {
        y[self.range.start] = self.n0;
        if self.contact.is_some() {
            y[self.range.start + 1] = self.initial_contact;
            y[self.range.start + 2] = self.initial_contact;
        }
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![
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
            OutputDecl {
                quantity: "counter contact fraction",
                unit: "-",
                description: "contact fraction of the counter electrode",
            },
        ]
    }
    fn write_outputs(&self, y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(v.get(Var::CounterOverpotential));
        out.push(y[self.range.start] * self.molar_volume * 1e6);
        out.push(v.get(Var::CounterContact));
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
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        let i = v.get(Var::IonicCurrent);
        let eta = self.overpotential(y, i, v.temperature());
        v.set(Var::CounterOverpotential, eta);
        v.set(Var::CounterContact, self.phi(y));
        v.set(Var::TerminalVoltage, v.get(Var::PhiSeparatorCathode) + eta);
        v.set(Var::CathodeSwellingRate, i * (self.molar_volume / FARADAY));
    }
    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        let i = v.get(Var::IonicCurrent);
        let k = self.range.start;
        f[k] = i / FARADAY;
        if let Some(c) = &self.contact {
            let (rp, ru) = c.rates(
                y[k + 1],
                y[k + 2],
                -i,
                self.presence(y),
                v.get(Var::StackPressure),
                v.temperature(),
            );
            f[k + 1] = rp;
            f[k + 2] = ru;
        }
    }
}
