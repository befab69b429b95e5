//! Contact of the sodium with the electrolyte: voids opened by stripping, closed by creep under
//! the stack pressure and refilled by plating (review §2–3; docs/physics/contact.md).
//!
//! The interface has two parts: the share c (conformity) that the collector — or, for a foil
//! electrode, the stack — presses against the electrolyte, and the rest, which nothing presses.
//! In each part r with contact φ_r:
//!   dφ_r/dt = [−k·(v_s − v_c,r)₊·(φ_r − φ_min)/(1 − φ_min) + (v_c,r + v_p)·(φ_eq − φ_r)]/λ,
//! with the recession of the contacts while stripping v_s = V_m·s·I₊/(F·φ) (s the presence of
//! connected sodium), the closure by creep at the local pressure v_c = creep(p/c) in the pressed
//! part and 0 in the other, and refilling by plating v_p = V_m·I₋/F. λ is the void spacing of
//! the creep law; k = 1 (assumed). The contact is φ = c·φ_p + (1 − c)·φ_u. Stripping faster
//! than creep opens voids (resistance rises), plating and creep close them (it falls); the
//! void-free stripping current is where v_s = v_c. φ_eq is the contact the interface returns to:
//! 1 for plated, welded and melted-and-wetted sodium, the contact of the pressing law at the
//! stack pressure for a pressed foil. The air-formed film of a pressed foil is a resistance in
//! series on the contacts.

use std::ops::Range;

use crate::ad::{soft_floor, Real};
use crate::constants::FARADAY;
use crate::model::{
    Citation, Describe, Env, Info, Kernel, Kind, LayoutBuilder, OutputDecl, Var, Vars,
};
use crate::physics::mechanics::creep::CreepLaw;
use crate::physics::negative::fluctuation::Delamination;
use crate::physics::negative::kernels::pos;

/// Contact parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ContactParams {
    /// Contact after assembly [-].
    pub initial: f64,
    /// Contact the interface returns to at rest [-].
    pub equilibrium: f64,
    /// Lowest contact [-].
    pub minimum: f64,
    /// Share of the interface pressed by the collector or stack [-].
    pub conformity: f64,
    /// Void-opening factor k [-].
    pub opening: f64,
    /// Surface-film resistance on the contacts [Ω·m²].
    pub film_resistance: f64,
    pub creep: CreepLaw,
    pub molar_volume: f64,
}

/// Void/creep contact submodel (also the contact of a half cell's counter electrode, which
/// owns one and evaluates it for its own current).
#[derive(Debug, Clone)]
pub struct Contact {
    pub p: ContactParams,
    /// Random local delamination, if on.
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

    /// Index of the first of the two states (pressed, unpressed part).
    pub fn index(&self) -> usize {
        self.range.start
    }

    /// Place the two states at `start` (for an owner that declares them itself).
    pub fn place(&mut self, start: usize) {
        self.range = start..start + 2;
    }

    /// Total contact c·φ_p + (1 − c)·φ_u.
    pub fn total<T: Real>(&self, phi_p: T, phi_u: T) -> T {
        phi_p * self.p.conformity + phi_u * (1.0 - self.p.conformity)
    }

    /// Rates (dφ_p/dt, dφ_u/dt) for a current density `i` leaving the sodium (anodic positive)
    /// with presence `s`, at stack pressure `p` and temperature `t`.
    pub fn rates<T: Real>(&self, phi_p: T, phi_u: T, i: T, s: T, p: T, t: f64) -> (T, T) {
        let k = &self.p;
        let phi = soft_floor(self.total(phi_p, phi_u), 1e-4);
        let strip = pos(i, 1e-4) * s * (k.molar_volume / FARADAY);
        let plate = pos(-i, 1e-4) * (k.molar_volume / FARADAY);
        let v_s = strip / phi;
        let v_c = k
            .creep
            .void_closure_speed(p * (1.0 / k.conformity.max(1e-3)), t);
        let lambda = k.creep.void_spacing;
        let one = |phi_r: T, vc: T| {
            let open = pos(v_s - vc, 1e-14) * ((phi_r - k.minimum) / (1.0 - k.minimum)) * k.opening;
            let close = (vc + plate) * (T::cst(k.equilibrium) - phi_r);
            (close - open) / lambda
        };
        (one(phi_p, v_c), one(phi_u, T::cst(0.0)))
    }
}

impl Describe for Contact {
    fn info(&self) -> Info {
        Info {
            phenomenon: "negative/contact",
            variant: "void-creep",
            citations: vec![
                Citation { key: "wang2020", text: "M. J. Wang, J. Chang, J. B. Wolfenstine, J. Sakamoto, Materialia 12 (2020) 100792 (Na creep and plasticity; review ref. 53)" },
                Citation { key: "spencerjolly2020", text: "D. Spencer Jolly et al., ACS Appl. Mater. Interfaces 12 (2020) 678 (void formation on stripping Na|β''-alumina, pressure needed ∝ current)" },
                Citation { key: "zhang2020", text: "X. Zhang, Q. J. Wang, K. L. Harrison, S. A. Roberts, S. J. Harris, Cell Rep. Phys. Sci. 1 (2020) 100012 (pressure-driven interface evolution; review ref. 52)" },
            ],
        }
    }
    fn provides(&self) -> Vec<Var> {
        vec![Var::NegativeContact, Var::ContactRate, Var::FilmResistance]
    }
    fn needs(&self) -> Vec<Var> {
        vec![
            Var::Temperature,
            Var::IonicCurrent,
            Var::MetalPresence,
            Var::StackPressure,
        ]
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        self.range = b.add("negative.contact", 2, Kind::Differential, 1.0, "-");
    }
    fn init(&self, y: &mut [f64], _env: &Env) {
        y[self.range.start] = self.p.initial;
        y[self.range.start + 1] = self.p.initial;
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        vec![OutputDecl {
            quantity: "interface contact fraction",
            unit: "-",
            description:
                "fraction of the sodium|electrolyte interface in contact (voids reduce it)",
        }]
    }
    fn write_outputs(&self, _y: &[f64], v: &Vars<f64>, _env: &Env, out: &mut Vec<f64>) {
        out.push(v.get(Var::NegativeContact));
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
        // sodium plated after a complete strip grows in contact with the electrolyte
        let eq = self.p.equilibrium;
        let i = self.range.start;
        if v.get(Var::MetalPresence) < 0.05 && (y[i] < eq - 1e-3 || y[i + 1] < eq - 1e-3) {
            y[i] = eq;
            y[i + 1] = eq;
        }
        None
    }
}

impl Kernel for Contact {
    fn compute<T: Real>(&self, y: &[T], v: &mut Vars<T>, _env: &Env) {
        let (pp, pu) = (y[self.range.start], y[self.range.start + 1]);
        v.set(Var::NegativeContact, soft_floor(self.total(pp, pu), 1e-6));
        let (rp, ru) = self.rates(
            pp,
            pu,
            v.get(Var::IonicCurrent),
            v.get(Var::MetalPresence),
            v.get(Var::StackPressure),
            v.temperature(),
        );
        v.set(Var::ContactRate, self.total(rp, ru));
        v.set(Var::FilmResistance, T::cst(self.p.film_resistance));
    }
    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, _env: &Env, f: &mut [T]) {
        let (pp, pu) = (y[self.range.start], y[self.range.start + 1]);
        let (rp, ru) = self.rates(
            pp,
            pu,
            v.get(Var::IonicCurrent),
            v.get(Var::MetalPresence),
            v.get(Var::StackPressure),
            v.temperature(),
        );
        f[self.range.start] = rp;
        f[self.range.start + 1] = ru;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(conformity: f64) -> Contact {
        Contact::new(ContactParams {
            initial: 1.0,
            equilibrium: 1.0,
            minimum: 1e-3,
            conformity,
            opening: 1.0,
            film_resistance: 0.0,
            creep: CreepLaw::sodium(22.99e-3 / 968.0),
            molar_volume: 22.99e-3 / 968.0,
        })
    }

    #[test]
    fn voids_open_only_above_the_void_free_current() {
        let c = contact(1.0);
        let vm = 22.99e-3 / 968.0;
        let j_free = c.p.creep.void_free_current(1e6, 298.15, vm);
        // below: full contact stays full; above: it falls
        let (below, _) = c.rates(1.0, 1.0, 0.5 * j_free, 1.0, 1e6, 298.15);
        let (above, _) = c.rates(1.0, 1.0, 3.0 * j_free, 1.0, 1e6, 298.15);
        assert!(below.abs() < 1e-9, "{below}");
        assert!(above < 0.0, "{above}");
    }

    #[test]
    fn the_unpressed_part_loses_contact_at_any_stripping_and_plating_refills_it() {
        let c = contact(0.5);
        let (p, u) = c.rates(1.0, 1.0, 1.0, 1.0, 1e6, 298.15);
        assert!(u < 0.0 && p.abs() < u.abs(), "{p} {u}");
        let (_, u2) = c.rates(0.5, 0.5, -1.0, 1.0, 1e6, 298.15);
        assert!(u2 > 0.0);
        // no sodium left to strip: nothing opens (the smooth positive part, 1e-14 m/s wide,
        // leaves a rate below a ten-thousandth of the one with sodium)
        let (_, u3) = c.rates(1.0, 1.0, 1.0, 0.0, 1e6, 298.15);
        assert!(u3.abs() < 1e-4 * u.abs(), "{u3} vs {u}");
    }
}
