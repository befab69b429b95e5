//! The protocol runner: one solver for the whole experiment; at every step boundary the operating
//! mode, set-points, temperature and pressure change, discrete model changes are applied, and the
//! algebraic state is made consistent again.

use serde_json::json;

use super::{Outcome, RunResult, Simulation};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::constants::FARADAY;
use crate::model::{CellModel, Mode as EnvMode};
use crate::output::{format_rfc3339, Column, CycleSummary, RunMetadata, Schema, Sink};
use crate::protocol::{CapacityAmount, Current, Mode, Protocol, Stop};
use crate::solver::{Integrator, StepOutcome, StopFn};
use std::time::SystemTime;

/// Options of a run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub rtol: Option<f64>,
    pub atol: Option<f64>,
    /// Write a time-series row at every internal solver step (otherwise only at step ends).
    pub every_step: bool,
    /// Minimum time between rows [s] when writing every step (0 = all).
    pub min_interval: f64,
    /// Command line recorded in the metadata.
    pub command: String,
    /// Safety limit of solver steps within one protocol step.
    pub max_steps_per_step: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            rtol: None,
            atol: None,
            every_step: true,
            min_interval: 0.0,
            command: String::new(),
            max_steps_per_step: 200_000,
        }
    }
}

/// Progress report.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
    pub cycle: u32,
    pub time: f64,
}

/// Cycle bookkeeping from the exact charge and energy counters.
#[derive(Default)]
struct Cycles {
    list: Vec<CycleSummary>,
    cur: Option<CycleSummary>,
    first_discharge: Option<f64>,
}

impl Cycles {
    fn begin_step(&mut self, charging: bool) {
        let need_new = match &self.cur {
            None => true,
            Some(c) => charging && c.discharge_capacity > 0.0,
        };
        if need_new {
            if let Some(c) = self.cur.take() {
                self.close(c);
            }
            let n = self.list.len() as u32 + 1;
            self.cur = Some(CycleSummary {
                cycle: n,
                charge_capacity: 0.0,
                discharge_capacity: 0.0,
                coulombic_efficiency: f64::NAN,
                charge_energy: 0.0,
                discharge_energy: 0.0,
                mean_charge_voltage: f64::NAN,
                mean_discharge_voltage: f64::NAN,
                retention: f64::NAN,
                end_time: 0.0,
                extra: Vec::new(),
            });
        }
    }
    fn add(&mut self, dq: f64, de: f64, t: f64, extra: Vec<(String, f64)>) {
        if let Some(c) = self.cur.as_mut() {
            if dq > 0.0 {
                c.discharge_capacity += dq;
                c.discharge_energy += de;
            } else if dq < 0.0 {
                c.charge_capacity -= dq;
                c.charge_energy -= de;
            }
            c.end_time = t;
            c.extra = extra;
        }
    }
    fn close(&mut self, mut c: CycleSummary) {
        if c.charge_capacity > 0.0 {
            c.mean_charge_voltage = c.charge_energy / c.charge_capacity;
            c.coulombic_efficiency = c.discharge_capacity / c.charge_capacity;
        }
        if c.discharge_capacity > 0.0 {
            c.mean_discharge_voltage = c.discharge_energy / c.discharge_capacity;
            let first = *self.first_discharge.get_or_insert(c.discharge_capacity);
            c.retention = c.discharge_capacity / first;
        }
        self.list.push(c);
    }
    fn finish(mut self) -> Vec<CycleSummary> {
        if let Some(c) = self.cur.take() {
            if c.charge_capacity > 0.0 || c.discharge_capacity > 0.0 {
                self.close(c);
            }
        }
        self.list
    }
    fn number(&self) -> u32 {
        self.cur
            .as_ref()
            .map(|c| c.cycle)
            .unwrap_or(self.list.len() as u32)
    }
}

/// The core output columns written before the model's own.
fn core_columns(half_cell: bool) -> Vec<Column> {
    vec![
        Column::new("time", "s", "time since the start of the experiment"),
        Column::new(
            "cycle",
            "",
            "cycle number (a cycle starts with a charge that follows a discharge)",
        ),
        Column::new("step", "", "protocol step number (expanded, from 1)"),
        Column::new(
            "voltage",
            "V",
            if half_cell {
                "working-electrode potential vs the Na counter electrode"
            } else {
                "cell voltage"
            },
        ),
        Column::new("current", "mA", "external current, positive on discharge"),
        Column::new("temperature", "degC", "temperature of the step"),
        Column::new(
            "external pressure",
            "MPa",
            "stack pressure applied by the fixture",
        ),
        Column::new(
            "total sodium",
            "mAh/cm^2",
            "all sodium in the model, cathode and negative side (conserved)",
        ),
    ]
}

impl Simulation {
    /// Output schema of the time series.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    pub(crate) fn build_schema(&self) -> Schema {
        let mut cols = core_columns(!self.cell.kind.is_full_cell());
        for d in self.model().output_decls() {
            cols.push(Column::new(d.quantity, d.unit, d.description));
        }
        Schema::new(cols)
    }

    #[allow(clippy::too_many_arguments)] // one row: every argument is a column source
    fn row(
        &self,
        model: &CellModel,
        t: f64,
        step: u64,
        cycle: u32,
        y: &[f64],
        vsign: f64,
        out: &mut Vec<f64>,
    ) {
        out.clear();
        let v = model.vars(y);
        out.push(t);
        out.push(cycle as f64);
        out.push(step as f64);
        out.push(vsign * v.get(crate::model::Var::TerminalVoltage));
        out.push(y[model.core.current] * self.cell.area * 1e3);
        out.push(model.env.t() - crate::constants::ZERO_CELSIUS);
        out.push(model.env.pressure.get() / 1e6);
        out.push(model.sodium(y) * FARADAY / 36_000.0);
        model.write_outputs(y, out);
    }

    fn current_density(&self, c: Current) -> Result<f64, String> {
        match c {
            Current::Density(j) => Ok(j),
            Current::Absolute(a) => Ok(a / self.cell.area),
            Current::CRate(r) => self
                .nominal_capacity()
                .map(|q| r * q / 3600.0)
                .ok_or_else(|| {
                    "a C-rate needs a cathode capacity; give half-cell currents as mA/cm^2"
                        .to_string()
                }),
        }
    }

    /// Metadata of a run of `protocol`, stamped now.
    fn metadata(&self, protocol: &Protocol) -> RunMetadata {
        let mut m = self.base_metadata.clone();
        m.created = format_rfc3339(SystemTime::now());
        m.protocol = protocol.to_string();
        m
    }

    /// The part of the metadata that does not depend on the run.
    pub(crate) fn build_base_metadata(&self) -> RunMetadata {
        let mut m = RunMetadata::new(self.run_opts.command.clone());
        for c in self.model().citations() {
            m.cite(c.key, c.text);
        }
        m.cite("skundin2025", "A. M. Skundin, T. L. Kulova, Batteries 11 (2025) 292 (review; materials data and validation targets)");
        for i in self.model().infos() {
            m.submodel(i.phenomenon, i.variant);
        }
        let params: Vec<serde_json::Value> = self
            .params
            .params
            .iter()
            .map(|p| json!({ "name": p.name, "value": p.value, "unit": p.unit, "basis": p.basis }))
            .collect();
        m.cell = json!({
            "name": self.cell.name,
            "type": self.cell.kind.as_str(),
            "file": self.cell.file.as_ref().map(|f| f.display().to_string()),
            "area_m2": self.cell.area,
            "parameters": params,
        });
        for n in &self.params.notes {
            m.note(n.clone());
        }
        for w in &self.cell.warnings {
            m.warn(w.to_string());
        }
        m
    }

    /// Run a protocol. Rows go to `sink` (already created by the caller, who finishes it).
    #[allow(unused_assignments)] // the row macro updates bookkeeping that the last use does not read
    pub fn run(
        &self,
        protocol: &Protocol,
        mut sink: Option<&mut dyn Sink>,
        progress: &mut dyn FnMut(Progress),
    ) -> RunResult {
        let model = self.model();
        let mut metadata = self.metadata(protocol);
        let schema = &self.schema;
        let mut result = RunResult {
            outcome: Outcome::Completed,
            cycles: Vec::new(),
            stats: Default::default(),
            metadata: RunMetadata::new(""),
            steps_done: 0,
            time: 0.0,
            sodium_initial: model.sodium(&model.y0),
            sodium_final: f64::NAN,
            charge_passed: 0.0,
            final_state: Vec::new(),
            events: Vec::new(),
        };
        if let Some(s) = sink.as_deref_mut() {
            if let Err(e) = s.begin(schema) {
                result.outcome = Outcome::Ended {
                    time: 0.0,
                    cycle: 0,
                    step: 0,
                    cause: format!("output: {e}"),
                };
                result.metadata = metadata;
                return result;
            }
        }
        let mut integ = match self.problem.integrator() {
            Ok(i) => i,
            Err(e) => {
                result.outcome = Outcome::Failed(e);
                result.metadata = metadata;
                return result;
            }
        };
        result.sodium_initial = model.sodium(integ.y());
        let vsign = if self.cell.kind.is_full_cell() {
            1.0
        } else {
            -1.0
        };
        let n_slots = self.problem.n_slots();
        let events = model.event_decls();
        let mut ambient_t = self.cell.temperature;
        let mut ambient_p = self.cell.stack_pressure;
        let t_melt = self.cell.negative.metal.si("melting_point");
        let total = protocol.n_steps_expanded();
        let mut cycles = Cycles::default();
        let mut row = Vec::with_capacity(schema.len());
        let mut g = Vec::with_capacity(n_slots + events.len());
        let mut last_row_t = f64::NEG_INFINITY;
        let mut stopped = false;

        macro_rules! emit {
            ($t:expr, $step:expr) => {{
                let t = $t;
                let y = integ.y().to_vec();
                self.row(model, t, $step, cycles.number(), &y, vsign, &mut row);
                last_row_t = t;
                if let Some(s) = sink.as_deref_mut() {
                    if let Err(e) = s.row(&row) {
                        result.outcome = Outcome::Ended {
                            time: t,
                            cycle: cycles.number(),
                            step: $step,
                            cause: format!("output: {e}"),
                        };
                        stopped = true;
                    }
                }
            }};
        }

        // charge and energy counters at the start of the step in progress
        let mut open_step: Option<(f64, f64)> = None;
        // seeded random events of the model (e.g. local delamination): a Poisson process of
        // candidate times, reproducible for a given seed
        let jump_process = model.jump_process();
        let mut rng = jump_process.map(|(_, seed)| ChaCha8Rng::seed_from_u64(seed));
        let draw_next = |rng: &mut Option<ChaCha8Rng>, t: f64| -> f64 {
            match (rng.as_mut(), jump_process) {
                (Some(r), Some((rate, _))) => {
                    let u: f64 = r.random();
                    t - (1.0 - u).ln() / rate
                }
                _ => f64::INFINITY,
            }
        };
        let mut next_jump = draw_next(&mut rng, integ.t());
        let mut n_jumps = 0u64;
        'steps: for es in protocol.steps() {
            let st = es.step;
            let step_no = es.index + 1;
            if let Mode::SetAmbient = st.mode {
                if let Some(t) = st.temperature {
                    ambient_t = t;
                }
                if let Some(p) = st.pressure {
                    ambient_p = p;
                }
                result.steps_done += 1;
                continue;
            }
            let temp = st.temperature.unwrap_or(ambient_t);
            if let Some(tm) = t_melt {
                if temp >= tm {
                    result.outcome = Outcome::Ended {
                        time: integ.t(),
                        cycle: cycles.number(),
                        step: step_no,
                        cause: format!(
                            "step {step_no} (\"{}\", line {}) asks for {:.1} °C: sodium melts at {:.1} °C and the solid-state model is invalid",
                            st.text.trim(),
                            st.line,
                            temp - 273.15,
                            tm - 273.15
                        ),
                    };
                    break;
                }
            }
            model.env.temperature.set(temp);
            model.env.pressure.set(st.pressure.unwrap_or(ambient_p));
            // operating mode
            let (mode, charging) = match st.mode {
                Mode::Charge(c) | Mode::Plate(c) => match self.current_density(c) {
                    Ok(i) => (EnvMode::Current(-i), true),
                    Err(e) => {
                        result.outcome = Outcome::Ended {
                            time: integ.t(),
                            cycle: cycles.number(),
                            step: step_no,
                            cause: format!("step {step_no}: {e}"),
                        };
                        break;
                    }
                },
                Mode::Discharge(c) | Mode::Strip(c) => match self.current_density(c) {
                    Ok(i) => (EnvMode::Current(i), false),
                    Err(e) => {
                        result.outcome = Outcome::Ended {
                            time: integ.t(),
                            cycle: cycles.number(),
                            step: step_no,
                            cause: format!("step {step_no}: {e}"),
                        };
                        break;
                    }
                },
                Mode::Hold(v) => (
                    EnvMode::Voltage(vsign * v),
                    vsign * v > vsign * self.voltage_now(&mut integ),
                ),
                Mode::Rest => (EnvMode::Current(0.0), false),
                Mode::SetAmbient => unreachable!("handled above"),
            };
            model.env.mode.set(mode);
            if !matches!(st.mode, Mode::Rest) {
                cycles.begin_step(charging);
            }
            // stop conditions
            let t0 = integ.t();
            let mut slots = Vec::new();
            let mut t_end = f64::INFINITY;
            for s in &st.stops {
                match *s {
                    Stop::VoltageAbove(v) => slots.push(StopFn::VoltageAbove(v)),
                    Stop::VoltageBelow(v) => slots.push(StopFn::VoltageBelow(v)),
                    Stop::CurrentBelow(c) => match self.current_density(c) {
                        Ok(i) => slots.push(StopFn::CurrentBelow(i)),
                        Err(e) => {
                            result.outcome = Outcome::Ended {
                                time: t0,
                                cycle: cycles.number(),
                                step: step_no,
                                cause: format!("step {step_no}: {e}"),
                            };
                            break 'steps;
                        }
                    },
                    Stop::Capacity(a) => slots.push(StopFn::ChargeReached(match a {
                        CapacityAmount::Areal(q) => q,
                        CapacityAmount::Absolute(q) => q / self.cell.area,
                        CapacityAmount::Specific(q) => {
                            q * self
                                .cell
                                .cathode
                                .as_ref()
                                .map(|c| c.active_loading())
                                .unwrap_or(f64::NAN)
                        }
                    })),
                    Stop::Time(dt) => t_end = t_end.min(t0 + dt),
                }
            }
            if slots.len() > n_slots {
                slots.truncate(n_slots);
            }
            let q0 = integ.y()[model.core.charge];
            let e0 = integ.y()[model.core.energy];
            open_step = Some((q0, e0));
            // book the charge and energy the step passed up to time t, and close it
            macro_rules! close_step {
                ($t:expr) => {{
                    let y = integ.y().to_vec();
                    let dq = (y[model.core.charge] - q0) * self.cell.area;
                    let de = (y[model.core.energy] - e0) * self.cell.area;
                    cycles.add(dq, de, $t, self.cycle_extras(model, &y));
                    open_step = None;
                }};
            }
            // a model event at time t: recorded; a terminal one ends the run with its cause
            macro_rules! model_event {
                ($ev:expr, $t:expr) => {{
                    let ev: &crate::model::EventDecl = $ev;
                    let t = $t;
                    result
                        .events
                        .push((t, format!("{}: {}", ev.name, ev.description)));
                    if ev.terminal {
                        emit!(t, step_no);
                        result.outcome = Outcome::Ended {
                            time: t,
                            cycle: cycles.number(),
                            step: step_no,
                            cause: format!("{} ({})", ev.name, ev.description),
                        };
                        close_step!(t);
                        break 'steps;
                    }
                }};
            }
            self.problem.set_stops(&slots, vsign, q0);
            // discrete changes and consistent re-initialisation
            let mut notes = Vec::new();
            if let Err(e) = integ.restart(|y| notes = model.step_boundary(y)) {
                result.outcome = Outcome::Failed(e);
                break;
            }
            for n in notes {
                result.events.push((t0, n));
            }
            // already satisfied (e.g. "Charge until 2.5 V" above 2.5 V)?
            g.clear();
            self.problem
                .equations()
                .stops
                .borrow()
                .values(model, integ.y(), &mut g);
            let satisfied = g.iter().take(slots.len()).any(|x| *x <= 0.0);
            // model events already in their region at the step start (e.g. stripping a
            // negative that holds no sodium): a zero crossing cannot catch them, so they are
            // watched and fire as soon as the state moves further in
            let mut pending: Vec<(usize, f64)> = Vec::new();
            if !events.is_empty() {
                let mut ge = Vec::new();
                model.event_values(integ.y(), &mut ge);
                pending = ge
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| **x <= 0.0)
                    .map(|(k, x)| (k, *x))
                    .collect();
            }
            if !satisfied {
                let stop_at = t_end.min(next_jump);
                if stop_at.is_finite() {
                    if let Err(e) = integ.set_stop_time(stop_at) {
                        result.outcome = Outcome::Failed(e);
                        break;
                    }
                }
                emit!(t0, step_no);
                let mut n_internal = 0usize;
                loop {
                    if stopped {
                        break 'steps;
                    }
                    n_internal += 1;
                    if n_internal > self.run_opts.max_steps_per_step {
                        result.outcome = Outcome::Ended {
                            time: integ.t(),
                            cycle: cycles.number(),
                            step: step_no,
                            cause: format!("step {step_no} did not end within {} solver steps (is its stop condition reachable?)", self.run_opts.max_steps_per_step),
                        };
                        break 'steps;
                    }
                    let r = integ.step();
                    log::trace!(
                        "step {step_no}: t = {:.6} s, h = {:.3e} s, {:?}",
                        integ.t(),
                        integ.h(),
                        r.as_ref().ok()
                    );
                    match r {
                        Ok(StepOutcome::Step(t)) => {
                            if !pending.is_empty() {
                                let mut ge = Vec::new();
                                model.event_values(integ.y(), &mut ge);
                                let mut fired = None;
                                pending.retain(|&(k, g0)| {
                                    let gk = ge[k];
                                    if gk < g0 - 1e-9 * g0.abs().max(1.0) {
                                        fired.get_or_insert(k);
                                    }
                                    gk <= 0.0 && gk <= g0
                                });
                                if let Some(k) = fired {
                                    model_event!(&events[k], t);
                                    break;
                                }
                            }
                            if self.run_opts.every_step
                                && t - last_row_t >= self.run_opts.min_interval
                            {
                                emit!(t, step_no);
                            }
                        }
                        Ok(StepOutcome::StopTime(t)) => {
                            if t < t_end && t >= next_jump {
                                // a candidate random event: offer it to the model
                                let u: [f64; 2] = match rng.as_mut() {
                                    Some(r) => [r.random(), r.random()],
                                    None => [1.0, 1.0],
                                };
                                let mut trial = integ.y().to_vec();
                                if model.jump(&mut trial, u).is_some() {
                                    if let Err(e) = integ.restart(|y| y.copy_from_slice(&trial)) {
                                        result.outcome = Outcome::Failed(e);
                                        break 'steps;
                                    }
                                    n_jumps += 1;
                                }
                                next_jump = draw_next(&mut rng, t);
                                let stop_at = t_end.min(next_jump);
                                if stop_at.is_finite() {
                                    if let Err(e) = integ.set_stop_time(stop_at) {
                                        result.outcome = Outcome::Failed(e);
                                        break 'steps;
                                    }
                                }
                                continue;
                            }
                            break;
                        }
                        Ok(StepOutcome::Root { t, index }) => {
                            // is the condition really met at the end of the step?
                            let y = integ.y().to_vec();
                            g.clear();
                            self.problem
                                .equations()
                                .stops
                                .borrow()
                                .values(model, &y, &mut g);
                            model.event_values(&y, &mut g);
                            if g.get(index).copied().unwrap_or(1.0) > 0.0 {
                                continue; // crossing in the other direction
                            }
                            if let Err(e) = integ.back_to(t) {
                                result.outcome = Outcome::Failed(e);
                                break 'steps;
                            }
                            if index >= n_slots {
                                model_event!(&events[index - n_slots], t);
                            }
                            break;
                        }
                        Err(e) => {
                            result.outcome = Outcome::Failed(e);
                            break 'steps;
                        }
                    }
                }
            }
            let t = integ.t();
            emit!(t, step_no);
            close_step!(t);
            result.steps_done += 1;
            progress(super::Progress {
                done: result.steps_done,
                total,
                cycle: cycles.number(),
                time: t,
            });
            if stopped {
                break;
            }
        }
        let y = integ.y().to_vec();
        if let (Some((q0, e0)), Outcome::Failed(_)) = (open_step, &result.outcome) {
            // keep what the failed step passed before the failure
            let dq = (y[model.core.charge] - q0) * self.cell.area;
            let de = (y[model.core.energy] - e0) * self.cell.area;
            cycles.add(dq, de, integ.t(), self.cycle_extras(model, &y));
        }
        result.time = integ.t();
        result.sodium_final = model.sodium(&y);
        result.charge_passed = y[model.core.charge];
        result.final_state = y
            .iter()
            .enumerate()
            .map(|(i, v)| (model.layout.name_of(i), *v))
            .collect();
        result.stats = integ.stats();
        result.cycles = cycles.finish();
        metadata.solver = serde_json::to_value(&result.stats).unwrap_or_default();
        if n_jumps > 0 {
            metadata.note(format!(
                "{n_jumps} random delamination events (seeded, reproducible)"
            ));
        }
        match &result.outcome {
            Outcome::Completed => {}
            Outcome::Ended { time, cause, .. } => {
                metadata.note(format!("run ended at t = {time:.1} s: {cause}"))
            }
            Outcome::Failed(e) => metadata.warn(format!("solver failure: {e}")),
        }
        for (t, e) in &result.events {
            metadata.note(format!("t = {t:.1} s: {e}"));
        }
        if let Some(s) = sink {
            let _ = s.set_metadata(&metadata);
        }
        result.metadata = metadata;
        result
    }

    fn voltage_now(&self, integ: &mut Integrator<'_>) -> f64 {
        let y = integ.y().to_vec();
        self.model()
            .vars(&y)
            .get(crate::model::Var::TerminalVoltage)
    }

    /// Per-cycle extra columns: sodium held by each part of the model.
    fn cycle_extras(&self, model: &CellModel, y: &[f64]) -> Vec<(String, f64)> {
        model
            .sodium_by_part(y)
            .into_iter()
            .map(|(part, n)| (format!("Na in {part} [mAh/cm^2]"), n * FARADAY / 36_000.0))
            .collect()
    }
}
