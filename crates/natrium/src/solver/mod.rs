//! Time integration. This is the only module that uses the ODE/DAE solver crate (diffsol, pinned
//! to 0.18.0): variable-order BDF on the semi-explicit index-1 DAE M·y' = f(y) of the cell model,
//! with our own sparse LU (pivot sequence chosen once, refactorised without allocation; `lu`),
//! an exact Jacobian from dual numbers, root finding for protocol stop conditions and model
//! events, and our own consistent re-initialisation at mode changes.

mod consistent;
mod equations;
mod linear;
pub mod lu;

use diffsol::{
    Bdf, OdeBuilder, OdeSolverMethod, OdeSolverProblem, OdeSolverState, OdeSolverStopReason,
};

pub use consistent::ConsistencyFailure;
pub use equations::{Counters, Equations};

use crate::model::{CellModel, Var};
use equations::{read, write, Vec64};
use linear::NewtonLu;

/// A condition that ends a protocol step, as a root function.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StopFn {
    Inactive,
    /// Protocol voltage (cell voltage, or working-vs-counter for half cells) falls to the value.
    VoltageBelow(f64),
    /// Protocol voltage rises to the value.
    VoltageAbove(f64),
    /// |current density| falls to the value [A/m²].
    CurrentBelow(f64),
    /// |charge passed since the step began| reaches the value [C/m²].
    ChargeReached(f64),
}

/// The stop conditions of the current step.
#[derive(Debug, Clone, PartialEq)]
pub struct StopSet {
    pub slots: Vec<StopFn>,
    /// +1 for full cells, −1 for half cells (protocol voltage = −cell voltage).
    pub voltage_sign: f64,
    /// Charge counter at the start of the step [C/m²].
    pub charge_origin: f64,
}

impl StopSet {
    fn new(n: usize) -> StopSet {
        StopSet {
            slots: vec![StopFn::Inactive; n],
            voltage_sign: 1.0,
            charge_origin: 0.0,
        }
    }

    /// Root function values; each crosses zero when its condition is met.
    pub fn values(&self, model: &CellModel, y: &[f64], g: &mut Vec<f64>) {
        let v = if self.needs_voltage() {
            model.vars(y).get(Var::TerminalVoltage)
        } else {
            0.0
        };
        self.values_at(model, y, v, g);
    }

    /// Whether a stop condition watches the voltage.
    pub fn needs_voltage(&self) -> bool {
        self.slots
            .iter()
            .any(|s| matches!(s, StopFn::VoltageBelow(_) | StopFn::VoltageAbove(_)))
    }

    /// Root function values given the cell voltage of `y` (computed by the caller).
    pub fn values_at(&self, model: &CellModel, y: &[f64], voltage: f64, g: &mut Vec<f64>) {
        let v = self.voltage_sign * voltage;
        let i = y[model.core.current];
        let q = y[model.core.charge] - self.charge_origin;
        for s in &self.slots {
            g.push(match *s {
                StopFn::Inactive => 1.0,
                StopFn::VoltageBelow(x) => v - x,
                StopFn::VoltageAbove(x) => x - v,
                StopFn::CurrentBelow(x) => i.abs() - x,
                StopFn::ChargeReached(x) => x - q.abs(),
            });
        }
    }
}

/// Solver settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SolverOptions {
    pub rtol: f64,
    /// Absolute tolerance per unit of each state's scale.
    pub atol: f64,
    /// Number of protocol stop slots.
    pub slots: usize,
    /// Factor on the absolute tolerance of algebraic unknowns (potentials, node currents,
    /// applied current) in the local error test. For a semi-explicit index-1 DAE the algebraic
    /// unknowns are fixed by the differential ones through constraints that Newton solves at every
    /// step, so codes exclude them from error control or weight them loosely (Brenan, Campbell &
    /// Petzold, *Numerical Solution of Initial-Value Problems in DAEs*, SIAM 1996, §5.4; the
    /// `suppressalg` option of SUNDIALS IDA). Their relative tolerance still applies. With the
    /// default 100, cycle capacities move by < 1e-6 mAh against rtol 1e-8 and the thin-target
    /// design takes ≈ 30 % fewer steps; 1 weights them like the differential states.
    pub algebraic_atol_factor: f64,
    /// Largest factor by which one step-size change may grow the step. diffsol's default is 2,
    /// which after every restart (each protocol step starts at order 1 from a step small
    /// enough for the double-layer transient) costs two steps per doubling; CVODE allows 10
    /// (its η_max for steps after the first; Hindmarsh et al., ACM TOMS 31 (2005) 363, and the
    /// CVODE user guide). With 10 the C/2 cycle of the thin-target design takes ≈ 11 % fewer
    /// steps and the anode-free cycle with delamination jumps ≈ 23 % fewer.
    pub max_step_growth: f64,
}

impl Default for SolverOptions {
    fn default() -> Self {
        SolverOptions {
            rtol: 1e-6,
            atol: 1e-6,
            slots: 4,
            algebraic_atol_factor: 100.0,
            max_step_growth: 10.0,
        }
    }
}

/// A failed solve: where, when, and the state at the last accepted step.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SolverError {
    #[error("the solver failed at t = {time:.6} s after {steps} steps: {message}")]
    Integration {
        time: f64,
        steps: usize,
        message: String,
        state: Vec<(String, f64)>,
    },
    #[error("inconsistent state at t = {time:.6} s: the algebraic equations did not converge (largest residual {} in {})", .failure.max_residual, .failure.worst)]
    Inconsistent {
        time: f64,
        failure: ConsistencyFailure,
        state: Vec<(String, f64)>,
    },
    #[error("solver set-up failed: {0}")]
    Setup(String),
}

impl SolverError {
    /// The state at failure, by name (empty for set-up errors).
    pub fn state(&self) -> &[(String, f64)] {
        match self {
            SolverError::Integration { state, .. } | SolverError::Inconsistent { state, .. } => {
                state
            }
            SolverError::Setup(_) => &[],
        }
    }
}

/// Solver statistics for a run.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Stats {
    pub steps: usize,
    pub lu_factorisations: usize,
    pub newton_iterations: usize,
    pub error_test_failures: usize,
    pub newton_failures: usize,
    pub rhs_evaluations: u64,
    pub jacobian_evaluations: u64,
    pub restarts: usize,
    pub jacobian_nonzeros: usize,
    pub states: usize,
    /// Pivot sequences chosen by the sparse LU (the first, and one each time a refactorisation
    /// found a pivot too small).
    pub pivot_analyses: usize,
}

/// The problem: model, tolerances and diffsol's problem object.
pub struct Problem {
    inner: OdeSolverProblem<Equations>,
    alg: Vec<usize>,
    atol: Vec<f64>,
    max_step_growth: f64,
}

/// Outcome of one solver step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StepOutcome {
    /// An internal step to time t.
    Step(f64),
    /// A root function crossed zero at time t (slot index: protocol slots first, then model
    /// events); the solver is left at its internal step end.
    Root { t: f64, index: usize },
    /// The stop time was reached.
    StopTime(f64),
}

fn named(model: &CellModel, y: &[f64]) -> Vec<(String, f64)> {
    y.iter()
        .enumerate()
        .map(|(i, v)| (model.layout.name_of(i), *v))
        .collect()
}

impl Problem {
    /// Make the model's initial state consistent and set up the problem.
    pub fn new(model: CellModel, opts: &SolverOptions) -> Result<Problem, SolverError> {
        let n = model.n();
        let alg = model.layout.algebraic();
        // consistent initialisation converges on the tolerance of the states themselves; the
        // step's error test weights algebraic unknowns more loosely
        let atol: Vec<f64> = model.layout.scale.iter().map(|s| opts.atol * s).collect();
        let error_atol: Vec<f64> = (atol.iter().zip(&model.layout.differential))
            .map(|(a, &diff)| {
                if diff {
                    *a
                } else {
                    a * opts.algebraic_atol_factor
                }
            })
            .collect();
        let mut y = model.y0.clone();
        let mut dy = vec![0.0; n];
        consistent::make_consistent(&model, &alg, &mut y, &mut dy, &atol, opts.rtol).map_err(
            |failure| SolverError::Inconsistent {
                time: 0.0,
                state: named(&model, &y),
                failure,
            },
        )?;
        let eqn = Equations::new(model, y, opts.slots).map_err(SolverError::Setup)?;
        let mut inner = OdeBuilder::<equations::Mat>::new()
            .p([0.0])
            .rtol(opts.rtol)
            .atol(error_atol)
            .build_from_eqn(eqn)
            .map_err(|e| SolverError::Setup(e.to_string()))?;
        // Newton must converge well below the error-test tolerance: the algebraic unknowns
        // (potentials, node currents) are strongly coupled to the particle surfaces, and an
        // algebraic state left inconsistent by a loose Newton solve reappears in the next step's
        // error estimate as a jump that no step size removes (diffsol's default is 0.2).
        inner.ode_options.nonlinear_solver_tolerance = 0.05;

        Ok(Problem {
            inner,
            alg,
            atol,
            max_step_growth: opts.max_step_growth,
        })
    }

    pub fn model(&self) -> &CellModel {
        &self.inner.eqn.model
    }

    /// Start later runs from another state (e.g. a charged cell); it is made consistent first.
    pub fn set_initial(&mut self, y: &[f64]) -> Result<(), SolverError> {
        let model = &self.inner.eqn.model;
        if y.len() != model.n() {
            return Err(SolverError::Setup(format!(
                "initial state has {} entries, the model has {}",
                y.len(),
                model.n()
            )));
        }
        let mut y = y.to_vec();
        let mut dy = vec![0.0; y.len()];
        consistent::make_consistent(
            model,
            &self.alg,
            &mut y,
            &mut dy,
            &self.atol,
            self.inner.rtol,
        )
        .map_err(|failure| SolverError::Inconsistent {
            time: 0.0,
            state: named(model, &y),
            failure,
        })?;
        self.inner.eqn.initial = y;
        Ok(())
    }

    pub fn equations(&self) -> &Equations {
        &self.inner.eqn
    }

    /// Set the stop conditions of the next step.
    pub fn set_stops(&self, slots: &[StopFn], voltage_sign: f64, charge_origin: f64) {
        let mut s = self.inner.eqn.stops.borrow_mut();
        for (k, slot) in s.slots.iter_mut().enumerate() {
            *slot = slots.get(k).copied().unwrap_or(StopFn::Inactive);
        }
        s.voltage_sign = voltage_sign;
        s.charge_origin = charge_origin;
    }

    /// Number of protocol stop slots.
    pub fn n_slots(&self) -> usize {
        self.inner.eqn.stops.borrow().slots.len()
    }

    /// Start integrating from the consistent initial state.
    pub fn integrator(&self) -> Result<Integrator<'_>, SolverError> {
        let mut state = diffsol::BdfState::new_without_initialise(&self.inner)
            .map_err(|e| SolverError::Setup(e.to_string()))?;
        {
            let mut s = state.as_mut();
            let y0 = self.inner.eqn.initial.clone();
            let mut dy = vec![0.0; y0.len()];
            let mut f = vec![0.0; y0.len()];
            self.model().residual(&y0, &mut f);
            let bad: Vec<String> = (0..f.len())
                .filter(|&i| !f[i].is_finite() || !y0[i].is_finite())
                .map(|i| self.model().layout.name_of(i))
                .collect();
            if !bad.is_empty() {
                return Err(SolverError::Setup(format!(
                    "the model is not finite at its initial state (rows {}): a parameter or \
                     coupling is missing or out of range",
                    bad.join(", ")
                )));
            }
            for i in 0..f.len() {
                dy[i] = if self.model().layout.differential[i] {
                    f[i]
                } else {
                    0.0
                };
            }
            write(s.dy, &dy);
            s.set_step_size(
                self.inner.h0,
                &self.inner.atol,
                self.inner.rtol,
                &self.inner.eqn,
                1,
            );
        }
        let analyses0 = linear::analyses();
        let mut solver = self
            .inner
            .bdf_solver::<NewtonLu>(state)
            .map_err(|e| SolverError::Setup(e.to_string()))?;
        // the Newton-failure limit counts over the solver's life; a long protocol restarts often
        solver.config_mut().maximum_newton_fails = usize::MAX;
        solver.config_mut().maximum_timestep_growth = self.max_step_growth;
        let n = self.model().n();
        Ok(Integrator {
            problem: self,
            solver,
            buf: vec![0.0; n],
            dbuf: vec![0.0; n],
            restarts: 0,
            analyses0,
        })
    }
}

/// A running integration.
pub struct Integrator<'a> {
    problem: &'a Problem,
    solver: Bdf<'a, Equations, NewtonLu>,
    buf: Vec<f64>,
    dbuf: Vec<f64>,
    restarts: usize,
    analyses0: usize,
}

impl<'a> Integrator<'a> {
    pub fn t(&self) -> f64 {
        self.solver.state().t
    }

    /// Current step size [s].
    pub fn h(&self) -> f64 {
        self.solver.state().h
    }

    /// The current state (copied into an internal buffer).
    pub fn y(&mut self) -> &[f64] {
        read(self.solver.state().y, &mut self.buf);
        &self.buf
    }

    fn failure(&mut self, message: String) -> SolverError {
        let time = self.t();
        let steps = self.solver.get_statistics().number_of_steps;
        let y = self.y().to_vec();
        SolverError::Integration {
            time,
            steps,
            message,
            state: named(self.problem.model(), &y),
        }
    }

    /// Take one internal step.
    pub fn step(&mut self) -> Result<StepOutcome, SolverError> {
        match self.solver.step() {
            Ok(OdeSolverStopReason::InternalTimestep) => Ok(StepOutcome::Step(self.t())),
            Ok(OdeSolverStopReason::RootFound(t, index)) => Ok(StepOutcome::Root { t, index }),
            Ok(OdeSolverStopReason::TstopReached) => Ok(StepOutcome::StopTime(self.t())),
            Err(e) => Err(self.failure(e.to_string())),
        }
    }

    /// Make the next steps land exactly on `t`.
    pub fn set_stop_time(&mut self, t: f64) -> Result<(), SolverError> {
        self.solver
            .set_stop_time(t)
            .map_err(|e| SolverError::Setup(e.to_string()))
    }

    /// State at time `t` within the last step (dense output).
    pub fn interpolate(&mut self, t: f64, out: &mut [f64]) -> Result<(), SolverError> {
        let v: Vec64 = self
            .solver
            .interpolate(t)
            .map_err(|e| SolverError::Setup(e.to_string()))?;
        read(&v, out);
        Ok(())
    }

    /// Move the solver back to an event time inside the last step.
    pub fn back_to(&mut self, t: f64) -> Result<(), SolverError> {
        self.solver
            .state_mut_back(t)
            .map_err(|e| SolverError::Setup(e.to_string()))
    }

    /// Restart after the model's environment or state changed: optionally edit the state,
    /// re-solve the algebraic unknowns, reset the derivative and the step size.
    pub fn restart(&mut self, edit: impl FnOnce(&mut [f64])) -> Result<(), SolverError> {
        let p = self.problem;
        let model = p.model();
        read(self.solver.state().y, &mut self.buf);
        edit(&mut self.buf);
        let t = self.t();
        let res = consistent::make_consistent(
            model,
            &p.alg,
            &mut self.buf,
            &mut self.dbuf,
            &p.atol,
            p.inner.rtol,
        );
        if let Err(failure) = res {
            return Err(SolverError::Inconsistent {
                time: t,
                state: named(model, &self.buf),
                failure,
            });
        }
        let pr = self.solver.problem();
        let mut s = self.solver.state_mut();
        write(s.y, &self.buf);
        write(s.dy, &self.dbuf);
        s.set_step_size(pr.h0, &pr.atol, pr.rtol, &pr.eqn, 1);
        // diffsol's first-step heuristic differences the right-hand side along dy, which on
        // algebraic rows compares a constraint with a rate and can return steps below the
        // resolution of t (then "step size too small"); start no smaller than a floor that t
        // resolves, and let the error test shrink it if needed
        let floor = (1e-8 * (1.0 + t.abs())).min(1e-3);
        if s.h.is_nan() || *s.h < floor {
            *s.h = floor;
        }
        self.restarts += 1;
        Ok(())
    }

    /// Statistics so far.
    pub fn stats(&self) -> Stats {
        let s = self.solver.get_statistics();
        let c = &self.problem.inner.eqn.counters;
        Stats {
            steps: s.number_of_steps,
            lu_factorisations: s.number_of_linear_solver_setups,
            newton_iterations: s.number_of_nonlinear_solver_iterations,
            error_test_failures: s.number_of_error_test_failures,
            newton_failures: s.number_of_nonlinear_solver_fails,
            rhs_evaluations: c.rhs.get(),
            jacobian_evaluations: c.jacobians.get(),
            restarts: self.restarts,
            jacobian_nonzeros: self.problem.model().pattern().len(),
            states: self.problem.model().n(),
            pivot_analyses: linear::analyses() - self.analyses0,
        }
    }
}
