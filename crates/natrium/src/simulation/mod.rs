//! Running an experiment on a cell: build the model from the design, integrate each protocol step
//! with its stop conditions, stream outputs, summarise cycles, and report how the run ended.
//!
//! ```no_run
//! use natrium::{cell, materials::Database, protocol::Protocol, simulation::{Simulation, RunOptions}};
//! let db = Database::bundled().unwrap();
//! let text = natrium::materials::bundled_file("cells/nvp-nzsp-batio3c-al.toml").unwrap();
//! let cell = cell::parse_cell("nvp-nzsp-batio3c-al.toml".as_ref(), text, &db).unwrap();
//! let protocol = Protocol::parse("Charge at 0.1 mA/cm2 until 3.8 V; Discharge at 0.1 mA/cm2 until 2.5 V", "<string>").unwrap();
//! let sim = Simulation::new(&cell, RunOptions::default()).unwrap();
//! let result = sim.run(&protocol, None, &mut |_| {});
//! println!("{:?}", result.outcome);
//! ```

mod checks;
mod control;
mod cycles;
mod diagnose;
mod events;
mod outcome;
mod rows;
mod run;
mod runner;
mod sampled;

pub use control::{RunControl, StopRequest};
pub use events::{EventLog, RunEvent};
pub use outcome::{exit_code, EndCause, Interruption, Outcome, Refusal, RunPoint};
pub use run::{Progress, RunOptions};
pub use sampled::Dip;

use crate::cell::{CellSpec, CellType};
use crate::model::{build_model, BuildError, ModelOptions, ParamLog};
use crate::output::{CycleSummary, RunMetadata, Schema};
use crate::solver::{Problem, SolverOptions, Stats};

/// Result of a run.
#[derive(Debug, Clone)]
pub struct RunResult {
    pub outcome: Outcome,
    pub cycles: Vec<CycleSummary>,
    pub stats: Stats,
    pub metadata: RunMetadata,
    /// Steps completed (expanded).
    pub steps_done: u64,
    /// Simulated time [s].
    pub time: f64,
    /// Sodium inventory [mol/m²] at the start and end.
    pub sodium_initial: f64,
    pub sodium_final: f64,
    /// Charge passed [C/m²] (external circuit).
    pub charge_passed: f64,
    /// Final state by name.
    pub final_state: Vec<(String, f64)>,
    /// Discrete events (re-nucleation, depletion, delamination …), bounded.
    pub events: EventLog,
    /// Outputs that could not be written (the sink was detached at the first failure).
    pub output_lost: Vec<crate::output::OutputError>,
    /// Things the user should know about the run (a stop met at a step's start, inputs outside
    /// their typical range …).
    pub warnings: Vec<String>,
}

/// A prepared simulation of one cell.
pub struct Simulation {
    pub cell: CellSpec,
    pub options: ModelOptions,
    pub params: ParamLog,
    pub(crate) problem: Problem,
    pub(crate) run_opts: RunOptions,
    /// What every run's metadata shares (cell, parameters, citations, submodels, notes) and the
    /// time-series schema, built once: a short run would otherwise spend a few per cent of its
    /// time rebuilding them.
    pub(crate) base_metadata: RunMetadata,
    pub(crate) schema: Schema,
    pub(crate) solver_options: SolverOptions,
}

impl Simulation {
    /// Build the model and its solver problem.
    pub fn new(cell: &CellSpec, run_opts: RunOptions) -> Result<Simulation, BuildError> {
        let (model, options, params) = build_model(cell)?;
        let solver_opts = SolverOptions {
            rtol: run_opts.rtol.unwrap_or(options.rtol),
            atol: run_opts.atol.unwrap_or(options.atol),
            ..SolverOptions::default()
        };
        let problem =
            Problem::new(model, &solver_opts).map_err(|e| BuildError::Physics(e.to_string()))?;
        let solver_options = solver_opts;
        let mut sim = Simulation {
            cell: cell.clone(),
            options,
            params,
            problem,
            run_opts,
            base_metadata: RunMetadata::new(""),
            schema: Schema::new(Vec::new()),
            solver_options,
        };
        sim.base_metadata = sim.build_base_metadata();
        sim.schema = sim.build_schema();
        Ok(sim)
    }

    /// Start subsequent runs from state `y` (e.g. the final state of a previous run).
    pub fn set_initial_state(&mut self, y: &[f64]) -> Result<(), crate::solver::SolverError> {
        self.problem.set_initial(y)
    }

    /// The model.
    pub fn model(&self) -> &crate::model::CellModel {
        self.problem.model()
    }

    /// Nominal capacity per area used for C-rates [C/m²]: the cathode's areal capacity, or
    /// `None` for half cells.
    pub fn nominal_capacity(&self) -> Option<f64> {
        match self.cell.kind {
            CellType::AnodeFree | CellType::NaMetal => {
                self.cell.cathode.as_ref().map(|c| c.areal_capacity())
            }
            _ => None,
        }
    }
}
