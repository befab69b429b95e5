//! The protocol runner: one solver for the whole experiment; at every step boundary the operating
//! mode, set-points, temperature and pressure change, discrete model changes are applied, and the
//! algebraic state is made consistent again. Each step arms its own stop conditions (and clears
//! those of the step before); model events end a step only where they can apply.

use std::time::SystemTime;

use super::control::RunControl;
use super::events::EventLog;
use super::outcome::{Outcome, RunPoint};
use super::runner::Runner;
use super::{RunResult, Simulation};
use crate::output::{format_rfc3339, RunMetadata, Sink};
use crate::protocol::Protocol;

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
    /// Stop flag shared with whoever may interrupt the run (a signal handler, Python).
    pub control: RunControl,
    /// Interval at which a cycler would record the voltage [s]: the nucleation dip is also
    /// read as such a trace shows it (0 = not read).
    pub sample_interval: f64,
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
            control: RunControl::new(),
            sample_interval: 1.0,
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

impl Simulation {
    /// Metadata of a run of `protocol`, stamped now.
    fn metadata(&self, protocol: &Protocol) -> RunMetadata {
        let mut m = self.base_metadata.clone();
        m.created = format_rfc3339(SystemTime::now());
        m.protocol = protocol.to_string();
        m
    }

    /// Run a protocol. Rows go to `sink` (already created by the caller, who finishes it). A
    /// sink that fails is not written to again (the run goes on; the error is in
    /// [`RunResult::output_lost`]); a sink that returns [`OutputError::StopRequested`]
    /// (crate::output::OutputError) stops the run with [`Outcome::Stopped`].
    pub fn run(
        &self,
        protocol: &Protocol,
        sink: Option<&mut dyn Sink>,
        progress: &mut dyn FnMut(Progress),
    ) -> RunResult {
        let mut metadata = self.metadata(protocol);
        let model = self.model();
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
            events: EventLog::default(),
            output_lost: Vec::new(),
            warnings: Vec::new(),
        };
        let at0 = RunPoint {
            time: 0.0,
            cycle: 0,
            step: 0,
        };
        // refuse what cannot run before computing anything
        match self.check_protocol(protocol) {
            Ok(warnings) => result.warnings = warnings,
            Err(reason) => {
                result.outcome = Outcome::Refused { at: at0, reason };
                return self.finish_metadata(result, metadata);
            }
        }
        let integ = match self.problem.integrator() {
            Ok(i) => i,
            Err(error) => {
                let diagnosis = self.diagnose_setup(&error);
                result.outcome = Outcome::Failed {
                    at: at0,
                    error,
                    diagnosis,
                };
                return self.finish_metadata(result, metadata);
            }
        };
        let mut runner = Runner::new(self, integ, sink, protocol.n_steps_expanded());
        result.outcome = runner.run(protocol, progress);
        let sink = runner.collect(&mut result, &mut metadata);
        let result = self.finish_metadata(result, metadata);
        if let Some(s) = sink {
            // a sink that failed was detached by the runner; this one is still healthy
            let _ = s.set_metadata(&result.metadata);
        }
        result
    }

    /// Record the outcome, warnings and events in the metadata (and the result's copy).
    fn finish_metadata(&self, mut result: RunResult, mut metadata: RunMetadata) -> RunResult {
        metadata.outcome = result.outcome.to_json();
        match &result.outcome {
            Outcome::Completed | Outcome::Stopped { .. } | Outcome::Ended { .. } => {
                metadata.note(format!("run {}", result.outcome))
            }
            other => metadata.warn(format!("run {other}")),
        }
        for w in &result.warnings {
            metadata.warn(w.clone());
        }
        for e in &result.output_lost {
            metadata.warn(format!("output lost: {e}"));
        }
        metadata.events = result.events.to_json();
        result.metadata = metadata;
        result
    }
}
