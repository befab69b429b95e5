//! Naming the input behind a solver failure. A failure that follows from what the user asked
//! (a current the separator cannot carry, a cathode emptied by a capacity stop beyond its
//! capacity) is reported as that input, with numbers, instead of only "step size too small".

use super::Simulation;
use crate::model::Mode as EnvMode;
use crate::solver::SolverError;

/// Separator drop above which the current is the likely cause [V].
const OHMIC_LIMIT: f64 = 1.5;

impl Simulation {
    /// A likely cause of `error` in step `step`, from the set-point and the state at failure.
    pub(super) fn diagnose(&self, error: &SolverError, step: u64) -> Option<String> {
        let env = &self.model().env;
        let t = env.t();
        if let EnvMode::Current(j) = env.mode.get() {
            if let Some(drop) = self.separator_drop(j.abs(), t) {
                if drop > OHMIC_LIMIT {
                    return Some(format!(
                        "step {step} drives {:.4} mA/cm^2, which drops {drop:.2} V across the \
                         separator alone ({:.1} um of {} at {:.1} degC): the current is beyond \
                         what the cell can carry; lower it or use a thinner or more conductive \
                         separator",
                        j.abs() / 10.0,
                        self.cell.separator.thickness * 1e6,
                        self.cell.separator.material.id,
                        t - crate::constants::ZERO_CELSIUS
                    ));
                }
            }
        }
        if let Some(msg) = self.emptied_cathode(error.state(), step) {
            return Some(msg);
        }
        if let EnvMode::Voltage(v) = env.mode.get() {
            return Some(format!(
                "step {step} holds at {v} V; if the failure comes right at the step's start, \
                 the hold voltage is far from the cell's voltage (solid diffusion cannot supply \
                 the current a sudden jump asks for)"
            ));
        }
        None
    }

    /// A likely cause of a failure to start.
    pub(super) fn diagnose_setup(&self, error: &SolverError) -> Option<String> {
        match error {
            SolverError::Setup(m) if m.contains("not finite") => Some(
                "a parameter of the design is out of the range where the model is defined; \
                 see the parameter list in metadata.json"
                    .into(),
            ),
            _ => None,
        }
    }

    /// Ohmic drop across the separator at current density `j` [A/m²] and temperature `t`.
    fn separator_drop(&self, j: f64, t: f64) -> Option<f64> {
        let law = self.cell.separator.material.conductivity_law()?;
        let sigma = law.at(t);
        (sigma > 0.0).then(|| j * self.cell.separator.thickness / sigma)
    }

    /// Whether the cathode's particles are empty or full where the solver stopped.
    fn emptied_cathode(&self, state: &[(String, f64)], step: u64) -> Option<String> {
        let (lo, hi) = state
            .iter()
            .filter(|(n, _)| n.starts_with("cathode.filling"))
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), (_, x)| {
                (a.min(*x), b.max(*x))
            });
        if lo < 1e-3 {
            return Some(format!(
                "the cathode is emptied of sodium at its particle surfaces in step {step}: the \
                 charge asks for more than the cathode holds at this rate (a capacity stop \
                 beyond its capacity, or a current its solid diffusion cannot follow)"
            ));
        }
        if hi > 1.0 - 1e-3 {
            return Some(format!(
                "the cathode is filled with sodium at its particle surfaces in step {step}: the \
                 discharge asks for more than it can take at this rate (a capacity stop beyond \
                 its capacity, or a current its solid diffusion cannot follow)"
            ));
        }
        None
    }
}
