//! The step loop of a run: prepare a step (mode, set-points, stop conditions), integrate it to
//! its first stop condition, model event, random event or failure, and book it.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::control::{RunControl, StopRequest};
use super::cycles::Cycles;
use super::events::EventLog;
use super::outcome::{EndCause, Interruption, Outcome, Refusal, RunPoint};
use super::sampled::DipReader;
use super::{Progress, RunResult, Simulation};
use crate::model::{CellModel, Drive, EventDecl, EventKind, Mode as EnvMode};
use crate::output::{OutputError, RunMetadata, Sink};
use crate::protocol::{CapacityAmount, Current, ExpandedStep, Mode, Protocol, Step, Stop};
use crate::solver::{Integrator, StepOutcome, StopFn};

/// A protocol step ready to integrate.
struct Plan {
    no: u64,
    /// Direction the step drives sodium at the working electrode (`None`: rest, or a hold
    /// whose direction is read from the current when an event fires).
    drive: Option<Drive>,
    hold: bool,
    slots: Vec<StopFn>,
    /// Absolute end time from a time stop (∞ without one).
    t_end: f64,
}

/// Charge and energy counters at the start of the step in progress.
#[derive(Clone, Copy)]
struct Open {
    q0: f64,
    e0: f64,
}

/// Seeded random events of the model (e.g. local delamination): a Poisson process of candidate
/// times, reproducible for a given seed.
struct Jumps {
    rng: Option<ChaCha8Rng>,
    rate: f64,
    next: f64,
    count: u64,
}

impl Jumps {
    fn new(process: Option<(f64, u64)>, t0: f64) -> Jumps {
        let mut j = Jumps {
            rng: process.map(|(_, seed)| ChaCha8Rng::seed_from_u64(seed)),
            rate: process.map_or(0.0, |p| p.0),
            next: f64::INFINITY,
            count: 0,
        };
        j.next = j.draw(t0);
        j
    }
    fn draw(&mut self, t: f64) -> f64 {
        match self.rng.as_mut() {
            Some(r) if self.rate > 0.0 => {
                let u: f64 = r.random();
                t - (1.0 - u).ln() / self.rate
            }
            _ => f64::INFINITY,
        }
    }
    fn uniforms(&mut self) -> [f64; 2] {
        match self.rng.as_mut() {
            Some(r) => [r.random(), r.random()],
            None => [1.0, 1.0],
        }
    }
}

/// Why the inner loop of a step stopped.
enum StepEnd {
    /// A stop condition, the time limit, or a non-terminal model event ended the step.
    Done,
    /// The run ends here.
    Run(Outcome),
}

pub(super) struct Runner<'s, 'k> {
    sim: &'s Simulation,
    model: &'s CellModel,
    integ: Integrator<'s>,
    sink: Option<&'k mut dyn Sink>,
    control: RunControl,
    cycles: Cycles,
    events: EventLog,
    decls: Vec<EventDecl>,
    row: Vec<f64>,
    g: Vec<f64>,
    last_row_t: f64,
    vsign: f64,
    n_slots: usize,
    ambient_t: f64,
    ambient_p: f64,
    jumps: Jumps,
    open: Option<Open>,
    output_lost: Vec<OutputError>,
    stop_requested: Option<String>,
    steps_done: u64,
    total: u64,
    step_no: u64,
    warnings: Vec<String>,
    dip: DipReader,
}

impl<'s, 'k> Runner<'s, 'k> {
    pub(super) fn new(
        sim: &'s Simulation,
        mut integ: Integrator<'s>,
        mut sink: Option<&'k mut dyn Sink>,
        total: u64,
    ) -> Runner<'s, 'k> {
        let model = sim.model();
        let mut output_lost = Vec::new();
        if let Some(s) = sink.as_deref_mut() {
            if let Err(e) = s.begin(&sim.schema) {
                output_lost.push(e);
                sink = None;
            }
        }
        let decls = model.event_decls();
        let t0 = integ.t();
        let _ = integ.y();
        Runner {
            sim,
            model,
            integ,
            sink,
            control: sim.run_opts.control.clone(),
            cycles: Cycles::default(),
            events: EventLog::default(),
            row: Vec::with_capacity(sim.schema.len()),
            g: Vec::with_capacity(sim.problem.n_slots() + decls.len()),
            decls,
            last_row_t: f64::NEG_INFINITY,
            vsign: if sim.cell.kind.is_full_cell() {
                1.0
            } else {
                -1.0
            },
            n_slots: sim.problem.n_slots(),
            ambient_t: sim.cell.temperature,
            ambient_p: sim.cell.stack_pressure,
            jumps: Jumps::new(model.jump_process(), t0),
            open: None,
            output_lost,
            stop_requested: None,
            steps_done: 0,
            total,
            step_no: 0,
            warnings: Vec::new(),
            dip: DipReader::new(sim.run_opts.sample_interval),
        }
    }

    fn at(&mut self) -> RunPoint {
        RunPoint {
            time: self.integ.t(),
            cycle: self.cycles.number(),
            step: self.step_no,
        }
    }

    /// Run every step of the protocol; the outcome.
    pub(super) fn run(
        &mut self,
        protocol: &Protocol,
        progress: &mut dyn FnMut(Progress),
    ) -> Outcome {
        for es in protocol.steps() {
            if self.control.request() != StopRequest::None {
                let at = self.at();
                return Outcome::Interrupted {
                    at,
                    how: Interruption::AtStepBoundary,
                };
            }
            self.step_no = es.index + 1;
            if let Some(o) = self.run_step(&es) {
                return o;
            }
            self.steps_done += 1;
            progress(Progress {
                done: self.steps_done,
                total: self.total,
                cycle: self.cycles.number(),
                time: self.integ.t(),
            });
        }
        Outcome::Completed
    }

    /// One expanded step; `Some(outcome)` when the run ends in it.
    fn run_step(&mut self, es: &ExpandedStep) -> Option<Outcome> {
        let st = es.step;
        if let Mode::SetAmbient = st.mode {
            if let Some(t) = st.temperature {
                self.ambient_t = t;
            }
            if let Some(p) = st.pressure {
                self.ambient_p = p;
            }
            return None;
        }
        let plan = match self.prepare(st) {
            Ok(p) => p,
            Err(reason) => {
                let at = self.at();
                return Some(Outcome::Refused { at, reason });
            }
        };
        let t0 = self.integ.t();
        let end = match self.begin(st, &plan) {
            Err(o) => StepEnd::Run(o),
            Ok(true) => {
                self.emit(t0);
                StepEnd::Done
            }
            Ok(false) => {
                self.emit(t0);
                if plan.drive == Some(Drive::Plate) && self.on_bare_collector() {
                    let x = self.plating_overpotential();
                    self.dip.start(t0, x);
                }
                self.integrate(&plan)
            }
        };
        let t = self.integ.t();
        match end {
            StepEnd::Done => {
                self.emit(t);
                self.close_step(t);
                match self.stop_requested.take() {
                    Some(reason) => {
                        let at = self.at();
                        Some(Outcome::Stopped { at, reason })
                    }
                    None => None,
                }
            }
            StepEnd::Run(o) => {
                if !matches!(o, Outcome::Failed { .. }) {
                    self.emit(t);
                }
                self.close_step(t);
                Some(o)
            }
        }
    }

    /// Temperature, operating mode and stop conditions of a step.
    fn prepare(&mut self, st: &Step) -> Result<Plan, Refusal> {
        let temp = st.temperature.unwrap_or(self.ambient_t);
        if let Some(tm) = self.sim.cell.negative.metal.si("melting_point") {
            if temp >= tm {
                return Err(Refusal::Melting {
                    step_text: st.text.clone(),
                    line: st.line,
                    temperature: temp,
                    melting_point: tm,
                });
            }
        }
        let no_capacity = || Refusal::NoNominalCapacity {
            step_text: st.text.clone(),
            line: st.line,
        };
        let env = &self.model.env;
        env.temperature.set(temp);
        env.pressure.set(st.pressure.unwrap_or(self.ambient_p));
        let (mode, charging, drive) = match st.mode {
            Mode::Charge(c) | Mode::Plate(c) => {
                let i = self.sim.current_density(c).ok_or_else(no_capacity)?;
                (EnvMode::Current(-i), true, Some(Drive::Plate))
            }
            Mode::Discharge(c) | Mode::Strip(c) => {
                let i = self.sim.current_density(c).ok_or_else(no_capacity)?;
                (EnvMode::Current(i), false, Some(Drive::Strip))
            }
            Mode::Hold(v) => {
                let now = self.voltage_now();
                (
                    EnvMode::Voltage(self.vsign * v),
                    self.vsign * v > self.vsign * now,
                    None,
                )
            }
            Mode::Rest | Mode::SetAmbient => (EnvMode::Current(0.0), false, None),
        };
        env.mode.set(mode);
        if !matches!(st.mode, Mode::Rest) {
            self.cycles.begin_step(charging);
        }
        let t0 = self.integ.t();
        let mut slots = Vec::new();
        let mut t_end = f64::INFINITY;
        for s in &st.stops {
            match *s {
                Stop::VoltageAbove(v) => slots.push(StopFn::VoltageAbove(v)),
                Stop::VoltageBelow(v) => slots.push(StopFn::VoltageBelow(v)),
                Stop::CurrentBelow(c) => {
                    let i = self.sim.current_density(c).ok_or_else(no_capacity)?;
                    slots.push(StopFn::CurrentBelow(i));
                }
                Stop::Capacity(a) => {
                    let q = self.sim.areal_charge(a).ok_or_else(no_capacity)?;
                    slots.push(StopFn::ChargeReached(q));
                }
                Stop::Time(dt) => t_end = t_end.min(t0 + dt),
            }
        }
        slots.truncate(self.n_slots);
        Ok(Plan {
            no: self.step_no,
            drive,
            hold: matches!(st.mode, Mode::Hold(_)),
            slots,
            t_end,
        })
    }

    /// Arm the step's stops (clearing the last step's), apply discrete model changes and make
    /// the state consistent. `Ok(true)` when a stop is already met at the start.
    fn begin(&mut self, st: &Step, plan: &Plan) -> Result<bool, Outcome> {
        let q0 = self.integ.y()[self.model.core.charge];
        let e0 = self.integ.y()[self.model.core.energy];
        self.open = Some(Open { q0, e0 });
        self.sim.problem.set_stops(&plan.slots, self.vsign, q0);
        let mut notes = Vec::new();
        let model = self.model;
        if let Err(error) = self.integ.restart(|y| notes = model.step_boundary(y)) {
            let at = self.at();
            return Err(self.failed(at, error));
        }
        let t0 = self.integ.t();
        for n in notes {
            self.events.push(t0, plan.no, "model change", n);
        }
        // stop times belong to one step: a step without a time stop clears the last one's
        let stop_at = plan.t_end.min(self.jumps.next);
        if let Err(error) = self.integ.set_stop_time(stop_at) {
            let at = self.at();
            return Err(self.failed(at, error));
        }
        self.g.clear();
        let y = self.integ.y().to_vec();
        self.sim
            .problem
            .equations()
            .stops
            .borrow()
            .values(model, &y, &mut self.g);
        let met = self.g.iter().take(plan.slots.len()).position(|x| *x <= 0.0);
        if let Some(k) = met {
            let text = format!(
                "step {} (\"{}\", line {}) ended at once: its stop {} was already met at its \
                 start",
                plan.no,
                st.text.trim(),
                st.line,
                describe_stop(&plan.slots[k])
            );
            if self.events.count("stop met at start") == 0 {
                self.warnings.push(text.clone());
            }
            self.events.push(t0, plan.no, "stop met at start", text);
        }
        Ok(met.is_some())
    }

    /// Integrate the step until it ends.
    fn integrate(&mut self, plan: &Plan) -> StepEnd {
        // model events already in their region at the step start (e.g. stripping a negative that
        // holds no sodium): a zero crossing cannot catch them, so they are watched and fire as
        // soon as the state moves further in
        let mut pending: Vec<(usize, f64)> = Vec::new();
        if !self.decls.is_empty() {
            let mut ge = Vec::new();
            let y = self.integ.y().to_vec();
            self.model.event_values(&y, &mut ge);
            pending = ge
                .iter()
                .enumerate()
                .filter(|(_, x)| **x <= 0.0)
                .map(|(k, x)| (k, *x))
                .collect();
        }
        let max_steps = self.sim.run_opts.max_steps_per_step;
        let mut n_internal = 0usize;
        loop {
            if self.control.request() == StopRequest::Now {
                let at = self.at();
                return StepEnd::Run(Outcome::Interrupted {
                    at,
                    how: Interruption::Immediately,
                });
            }
            if let Some(o) = self.sink_outcome() {
                return o;
            }
            n_internal += 1;
            if n_internal > max_steps {
                let at = self.at();
                return StepEnd::Run(Outcome::Stalled {
                    at,
                    solver_steps: max_steps,
                });
            }
            let r = self.integ.step();
            match r {
                Ok(StepOutcome::Step(t)) => {
                    if self.dip.active() {
                        let x = self.plating_overpotential();
                        self.dip.push(t, x);
                    }
                    if !pending.is_empty() {
                        if let Some(end) = self.watch_pending(&mut pending, plan, t) {
                            return end;
                        }
                    }
                    let opts = &self.sim.run_opts;
                    if opts.every_step && t - self.last_row_t >= opts.min_interval {
                        self.emit(t);
                    }
                }
                Ok(StepOutcome::StopTime(t)) => {
                    if t < plan.t_end && t >= self.jumps.next {
                        if let Err(o) = self.random_event(t, plan) {
                            return StepEnd::Run(o);
                        }
                        continue;
                    }
                    return StepEnd::Done;
                }
                Ok(StepOutcome::Root { t, index }) => {
                    if let Some(end) = self.on_root(t, index, plan) {
                        return end;
                    }
                }
                Err(error) => {
                    let at = self.at();
                    return StepEnd::Run(self.failed(at, error));
                }
            }
        }
    }

    /// A sink asked to stop: the step ends here and the run after it.
    fn sink_outcome(&mut self) -> Option<StepEnd> {
        let reason = self.stop_requested.take()?;
        let at = self.at();
        Some(StepEnd::Run(Outcome::Stopped { at, reason }))
    }

    /// Check the events that started the step in their region.
    fn watch_pending(
        &mut self,
        pending: &mut Vec<(usize, f64)>,
        plan: &Plan,
        t: f64,
    ) -> Option<StepEnd> {
        let mut ge = Vec::new();
        let y = self.integ.y().to_vec();
        self.model.event_values(&y, &mut ge);
        let mut fired = None;
        pending.retain(|&(k, g0)| {
            let gk = ge[k];
            if gk < g0 - 1e-9 * g0.abs().max(1.0) {
                fired.get_or_insert(k);
            }
            gk <= 0.0 && gk <= g0
        });
        let k = fired?;
        self.model_event(k, t, plan)
    }

    /// A root of a stop or event function at `t`.
    fn on_root(&mut self, t: f64, index: usize, plan: &Plan) -> Option<StepEnd> {
        // is the condition really met at the end of the step?
        let y = self.integ.y().to_vec();
        self.g.clear();
        self.sim
            .problem
            .equations()
            .stops
            .borrow()
            .values(self.model, &y, &mut self.g);
        self.model.event_values(&y, &mut self.g);
        if self.g.get(index).copied().unwrap_or(1.0) > 0.0 {
            return None; // crossing in the other direction
        }
        if index < self.n_slots {
            if let Err(error) = self.integ.back_to(t) {
                let at = self.at();
                return Some(StepEnd::Run(self.failed(at, error)));
            }
            return Some(StepEnd::Done);
        }
        let k = index - self.n_slots;
        if !self.applies(k, plan) {
            return None;
        }
        if let Err(error) = self.integ.back_to(t) {
            let at = self.at();
            return Some(StepEnd::Run(self.failed(at, error)));
        }
        self.model_event(k, t, plan)
    }

    /// Whether model event `k` can end this step (depletion only where the step strips).
    fn applies(&mut self, k: usize, plan: &Plan) -> bool {
        let drive = if plan.hold {
            let i = self.integ.y()[self.model.core.current];
            (i != 0.0).then_some(if i > 0.0 { Drive::Strip } else { Drive::Plate })
        } else {
            plan.drive
        };
        self.decls[k].kind.applies(drive)
    }

    /// Model event `k` at time `t`: logged; it ends the step, or the run when terminal.
    fn model_event(&mut self, k: usize, t: f64, plan: &Plan) -> Option<StepEnd> {
        if !self.applies(k, plan) {
            return None;
        }
        let ev = self.decls[k].clone();
        self.events.push(
            t,
            plan.no,
            ev.name(),
            format!("{}: {}", ev.name(), ev.description),
        );
        if !ev.terminal() {
            return Some(StepEnd::Done);
        }
        let at = self.at();
        let cause = match ev.kind {
            EventKind::ShortCircuit(e) => EndCause::ShortCircuit { electrode: e },
            EventKind::SodiumDepleted(e) => EndCause::SodiumDepleted { electrode: e },
        };
        Some(StepEnd::Run(Outcome::Ended { at, cause }))
    }

    /// Offer a candidate random event at `t` to the model, draw the next candidate.
    fn random_event(&mut self, t: f64, plan: &Plan) -> Result<(), Outcome> {
        let u = self.jumps.uniforms();
        let mut trial = self.integ.y().to_vec();
        if let Some(note) = self.model.jump(&mut trial, u) {
            if let Err(error) = self.integ.restart(|y| y.copy_from_slice(&trial)) {
                let at = self.at();
                return Err(self.failed(at, error));
            }
            self.jumps.count += 1;
            self.events.push(t, plan.no, "random event", note);
        }
        self.jumps.next = self.jumps.draw(t);
        let stop_at = plan.t_end.min(self.jumps.next);
        if let Err(error) = self.integ.set_stop_time(stop_at) {
            let at = self.at();
            return Err(self.failed(at, error));
        }
        Ok(())
    }

    fn failed(&mut self, at: RunPoint, error: crate::solver::SolverError) -> Outcome {
        let diagnosis = self.sim.diagnose(&error, self.step_no);
        Outcome::Failed {
            at,
            error,
            diagnosis,
        }
    }

    /// Write a row at time `t` (the solver's current state).
    fn emit(&mut self, t: f64) {
        let Some(s) = self.sink.as_deref_mut() else {
            self.last_row_t = t;
            return;
        };
        let y = self.integ.y().to_vec();
        let cycle = self.cycles.number();
        self.sim.row(
            self.model,
            t,
            self.step_no,
            cycle,
            &y,
            self.vsign,
            &mut self.row,
        );
        self.last_row_t = t;
        match s.row(&self.row) {
            Ok(()) => {}
            Err(OutputError::StopRequested { reason }) => {
                self.stop_requested.get_or_insert(reason);
            }
            Err(e) => {
                // the time series is lost from here; the run goes on so that the cycles and the
                // metadata can still be written
                self.output_lost.push(e);
                self.sink = None;
            }
        }
    }

    /// Book the charge and energy the open step passed up to `t`.
    fn close_step(&mut self, t: f64) {
        let Some(open) = self.open.take() else {
            return;
        };
        let y = self.integ.y().to_vec();
        let core = self.model.core;
        let area = self.sim.cell.area;
        let dq = (y[core.charge] - open.q0) * area;
        let de = (y[core.energy] - open.e0) * area;
        let extras = self.sim.cycle_extras(self.model, &y);
        self.cycles.add(dq, de, t, extras);
        if self.dip.active() {
            let x = self.plating_overpotential();
            self.dip.push(t, x);
        }
        if let Some(d) = self.dip.finish() {
            self.cycles.note_dip(d);
        }
    }

    /// Whether sodium must nucleate on the collector: a model with nucleation whose coverage is
    /// (nearly) zero.
    fn on_bare_collector(&mut self) -> bool {
        let y = self.integ.y();
        let c = self.model.vars(y).get(crate::model::Var::Coverage);
        self.model.provides(crate::model::Var::Coverage) && c < 0.5
    }

    /// The overpotential of the negative against a sodium reference, positive while plating
    /// (what a cycler with a reference electrode records).
    fn plating_overpotential(&mut self) -> f64 {
        let y = self.integ.y();
        -self
            .model
            .vars(y)
            .get(crate::model::Var::NegativeOverpotential)
    }

    fn voltage_now(&mut self) -> f64 {
        let y = self.integ.y();
        self.model.vars(y).get(crate::model::Var::TerminalVoltage)
    }

    /// Move the run's results into `result`; hand back the sink if it is still healthy.
    pub(super) fn collect(
        mut self,
        result: &mut RunResult,
        metadata: &mut RunMetadata,
    ) -> Option<&'k mut dyn Sink> {
        let y = self.integ.y().to_vec();
        result.time = self.integ.t();
        result.sodium_final = self.model.sodium(&y);
        result.sodium_initial = self.model.sodium(&self.model.y0);
        result.charge_passed = y[self.model.core.charge];
        result.final_state = y
            .iter()
            .enumerate()
            .map(|(i, v)| (self.model.layout.name_of(i), *v))
            .collect();
        result.stats = self.integ.stats();
        result.steps_done = self.steps_done;
        result.cycles = std::mem::take(&mut self.cycles).finish();
        result.events = std::mem::take(&mut self.events);
        result.output_lost.append(&mut self.output_lost);
        result.warnings.append(&mut self.warnings);
        metadata.solver = serde_json::to_value(&result.stats).unwrap_or_default();
        if self.jumps.count > 0 {
            metadata.note(format!(
                "{} random delamination events (seeded, reproducible)",
                self.jumps.count
            ));
        }
        self.sink
    }
}

/// A stop condition as a user reads it.
fn describe_stop(s: &StopFn) -> String {
    match *s {
        StopFn::VoltageAbove(v) => format!("\"voltage above {v} V\""),
        StopFn::VoltageBelow(v) => format!("\"voltage below {v} V\""),
        StopFn::CurrentBelow(i) => format!("\"|current| below {} mA/cm^2\"", i / 10.0),
        StopFn::ChargeReached(q) => format!("\"{} mAh/cm^2 passed\"", q / 36_000.0),
        StopFn::Inactive => "(none)".into(),
    }
}

impl Simulation {
    /// A current set-point as a density [A/m²]; `None` for a C-rate without a capacity.
    pub(super) fn current_density(&self, c: Current) -> Option<f64> {
        match c {
            Current::Density(j) => Some(j),
            Current::Absolute(a) => Some(a / self.cell.area),
            Current::CRate(r) => self.nominal_capacity().map(|q| r * q / 3600.0),
        }
    }

    /// A capacity stop as charge per area [C/m²]; `None` for a per-mass capacity without a
    /// cathode.
    pub(super) fn areal_charge(&self, a: CapacityAmount) -> Option<f64> {
        match a {
            CapacityAmount::Areal(q) => Some(q),
            CapacityAmount::Absolute(q) => Some(q / self.cell.area),
            CapacityAmount::Specific(q) => {
                self.cell.cathode.as_ref().map(|c| q * c.active_loading())
            }
        }
    }
}
