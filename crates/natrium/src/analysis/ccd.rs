//! Critical current density (CCD) of a half cell: the largest current density at which sodium
//! plates (or strips) without one of the failure criteria below firing, found by a current
//! staircase or a ramp; and a map of pass/fail over stack pressure × current density.
//!
//! # What is measured
//!
//! One [`Simulation`] per design runs a protocol built here: an optional pre-plating
//! (conditioning) step, then galvanostatic steps of rising current density in one direction.
//! Every time-series row is watched while the run goes on, and the run is stopped at the first
//! criterion that fires:
//!
//! * **short circuit** — the dendrite submodel's terminal event (a sodium filament crosses the
//!   separator when the local plating overpotential at the contacts exceeds the flaw-fracture
//!   threshold for long enough);
//! * **overpotential** — |V| above [`CriteriaOptions::voltage_limit`] (default 1 V), V being the
//!   working electrode against the Na counter electrode. This is the whole polarisation of the
//!   cell: both interfaces *and* the separator's ohmic drop j·L/σ (0.17 V per mA/cm² for a 1 mm
//!   NZSP pellet at 25 °C), so with thick pellets a high-current failure can be mostly ohmic —
//!   the step table lists the ohmic part beside it;
//! * **contact loss** — the contact fraction of either electrode (the model's
//!   `interface contact fraction` and, where the counter electrode has void/creep contact,
//!   `counter contact fraction`) falls below f·φ₀: it has lost the fraction 1 − f of its contact,
//!   φ₀ being the largest contact of that electrode so far in the test and
//!   f = [`CriteriaOptions::contact_floor`] (default 0.1). The floor is relative because pressed
//!   foils start at a contact of a few 10⁻³ (and creep can raise it by orders of magnitude before
//!   stripping collapses it). Where f·φ₀ lies at or below the model's minimum contact φ_min the
//!   criterion cannot fire and the voltage limit decides;
//! * **sodium depleted** — the stripping electrode ran out of connected sodium (the model's
//!   `sodium depleted` event on the working electrode, the terminal `counter sodium depleted` on
//!   the counter). This is an inventory limit of the test, not a rate limit: the CCD is then
//!   only bounded from below;
//! * **solver failure** — reported as such, never as a physical criterion.
//!
//! The CCD is the current density of the last step passed; `failed_at` that of the step in which
//! a criterion fired. A first step that fails gives no CCD (below the start current).
//!
//! # Directions and cells
//!
//! Only half cells have a voltage that measures the negative interfaces: `symmetric` (Na|SE|Na)
//! and `deposition` (collector|SE|Na) cells. The *working* electrode is the `[negative]` side.
//! * **plating**: sodium plates on the working electrode (on the bare or coated collector of a
//!   deposition cell) and the counter electrode strips. The dendrite model sits on the working
//!   electrode. In a symmetric cell the counter is stripped at the same current, so its contact
//!   loss can end a plating test — the criterion names the electrode.
//! * **stripping**: sodium is stripped from the working electrode (voids open there) and plates on
//!   the counter, where no dendrite model is attached. A deposition cell has no sodium on its
//!   collector, so the test first pre-plates a stated capacity ([`Preplate`]) at a low current.
//!
//! A ramp is run as a fine upper staircase: [`RAMP_RESOLUTION`] steps, each holding the current
//! the ramp reaches at its end (conservative by at most one step).

use std::fmt;

use rayon::prelude::*;

use crate::cell::{CellSpec, CellType};
use crate::constants::FARADAY;
use crate::model::BuildError;
use crate::output::{Column, OutputError, Schema, Sink, Table};
use crate::protocol::{CapacityAmount, Current, Item, Mode, Protocol, Step, Stop};
use crate::simulation::{Outcome, RunOptions, Simulation};

/// A/m² per mA/cm².
pub const A_PER_M2_PER_MA_PER_CM2: f64 = 10.0;
/// C/m² per mAh/cm².
pub const C_PER_M2_PER_MAH_PER_CM2: f64 = 36_000.0;
/// Number of constant-current steps that approximate a ramp.
pub const RAMP_RESOLUTION: usize = 200;
/// Largest number of steps in one staircase.
pub const MAX_STEPS: usize = 5000;

/// Which way the working electrode is driven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Sodium plates on the working electrode; the counter strips.
    #[default]
    Plating,
    /// Sodium is stripped from the working electrode; the counter plates.
    Stripping,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Plating => "plating",
            Direction::Stripping => "stripping",
        }
    }
    /// `plating`/`plate` or `stripping`/`strip` (case-insensitive).
    pub fn parse(s: &str) -> Option<Direction> {
        match s.trim().to_ascii_lowercase().as_str() {
            "plating" | "plate" => Some(Direction::Plating),
            "stripping" | "strip" => Some(Direction::Stripping),
            _ => None,
        }
    }
    fn mode(self, j: f64) -> Mode {
        match self {
            Direction::Plating => Mode::Plate(Current::Density(j)),
            Direction::Stripping => Mode::Strip(Current::Density(j)),
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the current density rises from one staircase step to the next.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Increment {
    /// Add this much \[A/m²\].
    Add(f64),
    /// Multiply by this factor (> 1).
    Factor(f64),
}

/// How long each step lasts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dwell {
    /// A duration \[s\].
    Time(f64),
    /// A charge per area \[C/m²\].
    Capacity(f64),
}

impl Dwell {
    /// Charge per area \[C/m²\] passed by a full step at `j` \[A/m²\].
    pub fn charge(self, j: f64) -> f64 {
        match self {
            Dwell::Time(t) => j * t,
            Dwell::Capacity(q) => q,
        }
    }
    fn stop(self) -> Stop {
        match self {
            Dwell::Time(t) => Stop::Time(t),
            Dwell::Capacity(q) => Stop::Capacity(CapacityAmount::Areal(q)),
        }
    }
}

/// The current schedule of a CCD test (SI).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Schedule {
    /// Steps `start`, `start ⊕ step`, … up to `max` \[A/m²\], each lasting `dwell`.
    Staircase {
        start: f64,
        step: Increment,
        dwell: Dwell,
        max: f64,
    },
    /// A linear ramp from 0 at `rate` \[A/m²/s\] up to `max` \[A/m²\].
    Ramp { rate: f64, max: f64 },
}

impl Default for Schedule {
    /// 0.05 mA/cm² steps of 30 min from 0.05 to 5 mA/cm².
    fn default() -> Self {
        Schedule::Staircase {
            start: 0.5,
            step: Increment::Add(0.5),
            dwell: Dwell::Time(1800.0),
            max: 50.0,
        }
    }
}

/// The failure criteria and their thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CriteriaOptions {
    /// Limit of |V| (working vs counter electrode) \[V\]; default 1 V.
    pub voltage_limit: f64,
    /// Relative contact floor f in [0, 1): contact loss fires below f·φ₀, φ₀ the largest contact
    /// of the electrode so far in the test (only where f·φ₀ exceeds the model's minimum
    /// contact); 0 switches the criterion off. Default 0.1.
    pub contact_floor: f64,
}

impl Default for CriteriaOptions {
    fn default() -> Self {
        CriteriaOptions {
            voltage_limit: 1.0,
            contact_floor: 0.1,
        }
    }
}

/// Pre-plating of a deposition cell before a stripping test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Preplate {
    /// Charge plated \[C/m²\]; `None`: 110 % of what the test would strip if nothing failed, at
    /// most 80 % of the counter electrode's sodium.
    pub capacity: Option<f64>,
    /// Current density of the pre-plating \[A/m²\]; default 0.1 mA/cm².
    pub current: f64,
}

impl Default for Preplate {
    fn default() -> Self {
        Preplate {
            capacity: None,
            current: 1.0,
        }
    }
}

/// Options of a CCD test (SI).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CcdOptions {
    pub direction: Direction,
    pub mode: Schedule,
    pub criteria: CriteriaOptions,
    /// Stack pressure \[Pa\] instead of the design's (it also sets the initial contact of pressed
    /// foils, which the model derives from the assembly pressure).
    pub pressure: Option<f64>,
    /// Temperature \[K\] instead of the design's.
    pub temperature: Option<f64>,
    pub preplate: Preplate,
    /// Relative tolerance of the solver (default: the model's).
    pub rtol: Option<f64>,
}

/// The electrodes of a half cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Electrode {
    /// The `[negative]` side: the collector of a deposition cell, one foil of a symmetric cell.
    Working,
    /// The Na counter electrode.
    Counter,
}

impl Electrode {
    pub fn as_str(self) -> &'static str {
        match self {
            Electrode::Working => "working",
            Electrode::Counter => "counter",
        }
    }
}

/// The criterion that ended a test.
#[derive(Debug, Clone, PartialEq)]
pub enum Criterion {
    /// The dendrite submodel's short circuit.
    ShortCircuit,
    /// |V| rose above the limit \[V\].
    Overpotential { limit: f64, voltage: f64 },
    /// A contact fraction fell below its floor; `initial` is the largest contact of that
    /// electrode in the test before the loss (the reference of the floor).
    ContactLoss {
        electrode: Electrode,
        contact: f64,
        threshold: f64,
        initial: f64,
    },
    /// The stripping electrode ran out of connected sodium; `stripped` of `available` \[C/m²\]
    /// (NaN when unknown).
    SodiumDepleted {
        electrode: Electrode,
        stripped: f64,
        available: f64,
    },
    /// The solver failed (numerical, not physical).
    SolverFailure { message: String },
    /// Another terminal model event or run limit.
    ModelEnded { cause: String },
}

impl Criterion {
    /// A short machine-readable name: `short-circuit`, `overpotential`, `contact-loss`,
    /// `sodium-depleted`, `solver-failure`, `model-ended`.
    pub fn code(&self) -> &'static str {
        match self {
            Criterion::ShortCircuit => "short-circuit",
            Criterion::Overpotential { .. } => "overpotential",
            Criterion::ContactLoss { .. } => "contact-loss",
            Criterion::SodiumDepleted { .. } => "sodium-depleted",
            Criterion::SolverFailure { .. } => "solver-failure",
            Criterion::ModelEnded { .. } => "model-ended",
        }
    }
    /// A label of a few characters for plots.
    pub fn label(&self) -> &'static str {
        match self {
            Criterion::ShortCircuit => "short",
            Criterion::Overpotential { .. } => "|V|>lim",
            Criterion::ContactLoss {
                electrode: Electrode::Working,
                ..
            } => "contact",
            Criterion::ContactLoss { .. } => "contact CE",
            Criterion::SodiumDepleted { .. } => "no Na",
            Criterion::SolverFailure { .. } => "solver",
            Criterion::ModelEnded { .. } => "ended",
        }
    }
    /// Whether the criterion limits the current (short circuit, overpotential, contact loss), as
    /// opposed to running out of sodium or a numerical failure.
    pub fn is_rate_limit(&self) -> bool {
        matches!(
            self,
            Criterion::ShortCircuit
                | Criterion::Overpotential { .. }
                | Criterion::ContactLoss { .. }
        )
    }
}

fn mah(q: f64) -> f64 {
    q / C_PER_M2_PER_MAH_PER_CM2
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Criterion::ShortCircuit => write!(
                f,
                "short circuit: a sodium filament crossed the separator (dendrite model)"
            ),
            Criterion::Overpotential { limit, voltage } => write!(
                f,
                "overpotential: |V| = {:.3} V passed the {limit} V limit",
                voltage.abs()
            ),
            Criterion::ContactLoss {
                electrode,
                contact,
                threshold,
                initial,
            } => write!(
                f,
                "contact loss at the {} electrode: contact fraction {} fell below {} (best in the test {})",
                electrode.as_str(),
                short_number(*contact, 3),
                short_number(*threshold, 3),
                short_number(*initial, 3)
            ),
            Criterion::SodiumDepleted {
                electrode,
                stripped,
                available,
            } => {
                write!(
                    f,
                    "sodium depleted at the {} electrode",
                    electrode.as_str()
                )?;
                if stripped.is_finite() && available.is_finite() {
                    write!(
                        f,
                        " after stripping {:.3} of {:.3} mAh/cm²",
                        mah(*stripped),
                        mah(*available)
                    )?;
                }
                write!(f, " (an inventory limit of the test, not a rate limit)")
            }
            Criterion::SolverFailure { message } => {
                write!(f, "solver failure (numerical, not a physical criterion): {message}")
            }
            Criterion::ModelEnded { cause } => write!(f, "run ended by the model: {cause}"),
        }
    }
}

/// Errors of a CCD test.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CcdError {
    #[error("{cell}: a CCD test needs a half cell (type \"symmetric\" or \"deposition\"), whose voltage measures the sodium interfaces; this is a{} {kind} cell", if kind.starts_with('a') { "n" } else { "" })]
    NotAHalfCell { cell: String, kind: &'static str },
    /// `option` is the name of the setting as the command line spells it (without dashes).
    #[error("{option} = {value}: {expected}")]
    InvalidOption {
        option: &'static str,
        value: String,
        expected: String,
    },
    #[error("building the model: {0}")]
    Build(#[from] BuildError),
    #[error("pre-plating {:.3} mAh/cm² at {:.3} mA/cm² failed before the test began: {criterion}", mah(*capacity), current / A_PER_M2_PER_MA_PER_CM2)]
    Preplate {
        capacity: f64,
        current: f64,
        criterion: Criterion,
    },
}

fn invalid(option: &'static str, value: impl fmt::Display, expected: &str) -> CcdError {
    CcdError::InvalidOption {
        option,
        value: value.to_string(),
        expected: expected.to_string(),
    }
}

/// `x` with `sig` significant digits, trailing zeros of the fraction removed.
pub fn short_number(x: f64, sig: usize) -> String {
    let s = crate::units::sig_digits(x, sig);
    if s.contains('.') && !s.contains(['e', 'E']) {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn ma(j: f64) -> String {
    format!("{} mA/cm²", short_number(j / A_PER_M2_PER_MA_PER_CM2, 4))
}

/// One step of a test.
#[derive(Debug, Clone, PartialEq)]
pub struct CcdStep {
    /// Current density \[A/m²\] (magnitude).
    pub current_density: f64,
    /// Start since the beginning of the test \[s\].
    pub start: f64,
    /// Duration run \[s\] (up to the failure in a failed step).
    pub duration: f64,
    /// Largest |V| \[V\].
    pub max_voltage: f64,
    /// V at the end of the step \[V\] (signed; plating negative).
    pub end_voltage: f64,
    /// Largest |separator ohmic overpotential| \[V\] (NaN when the model has none).
    pub max_ohmic: f64,
    /// Smallest contact fraction of the working electrode (NaN without contact model).
    pub min_contact: f64,
    /// Smallest contact fraction of the counter electrode (NaN when fixed).
    pub min_counter_contact: f64,
    /// Largest flaw loading (local plating overpotential / critical; NaN without dendrites).
    pub max_flaw_loading: f64,
    pub passed: bool,
}

impl CcdStep {
    fn new(j: f64) -> CcdStep {
        CcdStep {
            current_density: j,
            start: f64::NAN,
            duration: 0.0,
            max_voltage: 0.0,
            end_voltage: f64::NAN,
            max_ohmic: f64::NAN,
            min_contact: f64::NAN,
            min_counter_contact: f64::NAN,
            max_flaw_loading: f64::NAN,
            passed: false,
        }
    }
    /// Charge per area passed in the step \[C/m²\].
    pub fn charge(&self) -> f64 {
        self.current_density * self.duration
    }
}

/// Result of a CCD test.
#[derive(Debug, Clone, PartialEq)]
pub struct CcdResult {
    pub cell: String,
    pub kind: CellType,
    pub direction: Direction,
    /// Stack pressure \[Pa\] and temperature \[K\] of the test.
    pub pressure: f64,
    pub temperature: f64,
    /// Current density of the last step passed \[A/m²\]; `None` when the first step failed.
    pub ccd: Option<f64>,
    /// Current density of the step in which the criterion fired \[A/m²\].
    pub failed_at: Option<f64>,
    /// What ended the test; `None` when every step up to the maximum passed.
    pub criterion: Option<Criterion>,
    /// When the criterion fired, since the start of the test (after pre-plating) \[s\].
    pub time: Option<f64>,
    /// The steps run, in order.
    pub steps: Vec<CcdStep>,
    /// Time series of the whole run (pre-plating included, time from the start of the test).
    pub trace: Table,
    /// Value of the trace's `step` column for the first test step (2 after a pre-plating).
    pub first_test_step: u64,
    /// Charge pre-plated \[C/m²\] (0 when none).
    pub preplated: f64,
    /// Largest current density scheduled \[A/m²\].
    pub max: f64,
    /// The protocol run (canonical text).
    pub protocol: String,
    pub notes: Vec<String>,
}

impl CcdResult {
    /// Whether a rate criterion (short circuit, overpotential, contact loss) fired: only then is
    /// the CCD bracketed from above.
    pub fn determined(&self) -> bool {
        self.criterion
            .as_ref()
            .is_some_and(Criterion::is_rate_limit)
    }

    /// One-sentence summary with units.
    pub fn summary(&self) -> String {
        let dir = self.direction.as_str();
        match (&self.criterion, self.ccd, self.failed_at) {
            (None, Some(c), _) => format!(
                "no criterion fired up to {} ({dir}): CCD ≥ {}",
                ma(self.max),
                ma(c)
            ),
            (Some(k), c, Some(f)) if k.is_rate_limit() => {
                let at = self
                    .time
                    .map(|t| format!(" after {:.2} h", t / 3600.0))
                    .unwrap_or_default();
                match c {
                    Some(c) => format!(
                        "CCD ({dir}) = {} (last step passed); failed at {}{at} by {k}",
                        ma(c),
                        ma(f)
                    ),
                    None => format!("CCD ({dir}) < {} (the first step failed{at}) by {k}", ma(f)),
                }
            }
            (Some(k), c, f) => format!(
                "no CCD found ({dir}): the test ended at {} by {k}; CCD ≥ {}",
                f.map(ma).unwrap_or_else(|| "the start".into()),
                c.map(ma).unwrap_or_else(|| "0".into())
            ),
            (None, None, _) => format!("no step was run ({dir})"),
        }
    }

    /// The steps as a table in display units (mA/cm², V, h).
    pub fn steps_table(&self) -> Table {
        let schema = Schema::new(vec![
            Column::new("step", "", "step number"),
            Column::new(
                "current density",
                "mA/cm^2",
                "magnitude of the step's current",
            ),
            Column::new("start", "h", "start since the beginning of the test"),
            Column::new("duration", "h", "time run in the step"),
            Column::new("charge", "mAh/cm^2", "charge passed in the step"),
            Column::new("max |voltage|", "V", "largest |V| (working vs counter)"),
            Column::new("end voltage", "V", "V at the end of the step"),
            Column::new(
                "max |separator ohmic|",
                "V",
                "ohmic part of the voltage (j L / sigma)",
            ),
            Column::new("min contact fraction", "-", "working electrode"),
            Column::new("min counter contact fraction", "-", "counter electrode"),
            Column::new(
                "max flaw loading",
                "-",
                "local plating overpotential / critical (1 = cracks grow)",
            ),
            Column::new("passed", "", "1 = passed, 0 = failed"),
        ]);
        let mut t = Table::new(schema);
        for (i, s) in self.steps.iter().enumerate() {
            // the row width matches the schema by construction
            let _ = t.push_row(&[
                (i + 1) as f64,
                s.current_density / A_PER_M2_PER_MA_PER_CM2,
                s.start / 3600.0,
                s.duration / 3600.0,
                mah(s.charge()),
                s.max_voltage,
                s.end_voltage,
                s.max_ohmic,
                s.min_contact,
                s.min_counter_contact,
                s.max_flaw_loading,
                if s.passed { 1.0 } else { 0.0 },
            ]);
        }
        t
    }
}

/// Progress of a staircase: test steps done of the total scheduled.
#[derive(Debug, Clone, Copy)]
pub struct CcdProgress {
    pub done: usize,
    pub total: usize,
    /// Current density of the step just finished \[A/m²\].
    pub current_density: f64,
}

// ---------------------------------------------------------------------------------------------
// planning

fn check_half_cell(cell: &CellSpec) -> Result<(), CcdError> {
    match cell.kind {
        CellType::Symmetric | CellType::Deposition => Ok(()),
        k => Err(CcdError::NotAHalfCell {
            cell: cell.name.clone(),
            kind: k.as_str(),
        }),
    }
}

/// `v` \[SI\] shown in the unit users give it in.
fn shown(v: f64, unit: &str) -> String {
    match unit {
        "A/m²" => ma(v),
        "C/m²" => format!("{} mAh/cm²", short_number(mah(v), 4)),
        "A/m²/s" => format!(
            "{} mA/cm² per h",
            short_number(v * 3600.0 / A_PER_M2_PER_MA_PER_CM2, 4)
        ),
        "K" => format!("{} K", short_number(v, 5)),
        _ => format!("{} {unit}", short_number(v, 4)),
    }
}

fn positive(option: &'static str, v: f64, unit: &str, what: &str) -> Result<(), CcdError> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(invalid(
            option,
            shown(v, unit),
            &format!("expected a positive {what}"),
        ))
    }
}

fn check_criteria(c: &CriteriaOptions) -> Result<(), CcdError> {
    positive("voltage-limit", c.voltage_limit, "V", "voltage")?;
    if !(0.0..1.0).contains(&c.contact_floor) {
        return Err(invalid(
            "contact-floor",
            c.contact_floor,
            "expected a fraction in [0, 1) of the best contact in the test (0 = off)",
        ));
    }
    Ok(())
}

/// The current densities \[A/m²\] and the stop of each step of a schedule.
pub fn plan(schedule: &Schedule) -> Result<Vec<(f64, Dwell)>, CcdError> {
    match *schedule {
        Schedule::Staircase {
            start,
            step,
            dwell,
            max,
        } => {
            positive("start", start, "A/m²", "current density")?;
            positive("max", max, "A/m²", "current density")?;
            if max < start {
                return Err(invalid(
                    "max",
                    ma(max),
                    &format!("must not be below the start current {}", ma(start)),
                ));
            }
            match dwell {
                Dwell::Time(t) => positive("dwell", t, "s", "time")?,
                Dwell::Capacity(q) => positive("capacity", q, "C/m²", "capacity per area")?,
            }
            let n = match step {
                Increment::Add(d) => {
                    positive("step", d, "A/m²", "current density increment")?;
                    ((max - start) / d * (1.0 + 1e-12)).floor() + 1.0
                }
                Increment::Factor(f) => {
                    if !(f.is_finite() && f > 1.0) {
                        return Err(invalid("step", format!("x{f}"), "a factor must exceed 1"));
                    }
                    ((max / start).ln() / f.ln() * (1.0 + 1e-12)).floor() + 1.0
                }
            };
            if n > MAX_STEPS as f64 {
                return Err(invalid(
                    "step",
                    match step {
                        Increment::Add(d) => ma(d),
                        Increment::Factor(f) => format!("x{f}"),
                    },
                    &format!(
                        "{n} steps from {} to {}; at most {MAX_STEPS} are allowed",
                        ma(start),
                        ma(max)
                    ),
                ));
            }
            let n = n as usize;
            Ok((0..n)
                .map(|k| {
                    let j = match step {
                        Increment::Add(d) => start + k as f64 * d,
                        Increment::Factor(f) => start * f.powi(k as i32),
                    };
                    (j.min(max.max(start)), dwell)
                })
                .collect())
        }
        Schedule::Ramp { rate, max } => {
            positive("rate", rate, "A/m²/s", "current ramp rate")?;
            positive("max", max, "A/m²", "current density")?;
            let dt = max / rate / RAMP_RESOLUTION as f64;
            Ok((1..=RAMP_RESOLUTION)
                .map(|k| (max * k as f64 / RAMP_RESOLUTION as f64, Dwell::Time(dt)))
                .collect())
        }
    }
}

/// Sodium of an electrode as charge per area \[C/m²\].
fn sodium_charge(cell: &CellSpec, thickness: f64) -> f64 {
    thickness / cell.metal_molar_volume() * FARADAY
}

fn counter_sodium(cell: &CellSpec) -> Option<f64> {
    cell.counter_electrode
        .as_ref()
        .map(|c| sodium_charge(cell, c.thickness))
}

/// The cell with the test's pressure and temperature.
fn test_cell(
    cell: &CellSpec,
    pressure: Option<f64>,
    temperature: Option<f64>,
) -> Result<CellSpec, CcdError> {
    let mut c = cell.clone();
    if let Some(p) = pressure {
        if !(p.is_finite() && p >= 0.0) {
            return Err(invalid(
                "pressure",
                format!("{} MPa", p / 1e6),
                "expected a stack pressure ≥ 0",
            ));
        }
        c.stack_pressure = p;
    }
    if let Some(t) = temperature {
        positive("temperature", t, "K", "absolute temperature")?;
        c.temperature = t;
    }
    if let Some(tm) = c.negative.metal.si("melting_point") {
        if c.temperature >= tm {
            return Err(invalid(
                "temperature",
                format!("{:.1} °C", c.temperature - 273.15),
                &format!(
                    "sodium melts at {:.1} °C; the solid-state interface model does not apply",
                    tm - 273.15
                ),
            ));
        }
    }
    Ok(c)
}

/// A planned protocol step.
#[derive(Debug, Clone, Copy)]
struct Planned {
    mode: Mode,
    stop: Stop,
}

fn protocol_of(steps: &[Planned]) -> Protocol {
    let items = steps
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut s = Step {
                mode: p.mode,
                stops: vec![p.stop],
                temperature: None,
                pressure: None,
                text: String::new(),
                line: i + 1,
                span: 0..0,
            };
            s.text = s.to_string();
            Item::Step(s)
        })
        .collect();
    Protocol {
        items,
        source: "<ccd>".into(),
    }
}

/// Pre-plating of a stripping test on a deposition cell: (capacity, current) or None.
fn preplating(
    cell: &CellSpec,
    direction: Direction,
    preplate: &Preplate,
    planned_strip: f64,
    notes: &mut Vec<String>,
) -> Result<Option<(f64, f64)>, CcdError> {
    if direction != Direction::Stripping || cell.kind != CellType::Deposition {
        return Ok(None);
    }
    positive(
        "preplate-current",
        preplate.current,
        "A/m²",
        "current density",
    )?;
    let q = match preplate.capacity {
        Some(q) => {
            positive("preplate", q, "C/m²", "capacity per area")?;
            notes.push(format!(
                "pre-plated {:.3} mAh/cm² at {} before stripping (as asked)",
                mah(q),
                ma(preplate.current)
            ));
            q
        }
        None => {
            let want = 1.1 * planned_strip;
            let cap = counter_sodium(cell)
                .map(|c| 0.8 * c)
                .unwrap_or(f64::INFINITY);
            let q = want.min(cap);
            notes.push(format!(
                "pre-plated {:.3} mAh/cm² at {} before stripping: 110 % of the {:.3} mAh/cm² the staircase strips if nothing fails{}",
                mah(q),
                ma(preplate.current),
                mah(planned_strip),
                if want > cap {
                    format!(", capped at 80 % of the counter electrode's {:.3} mAh/cm²", mah(cap / 0.8))
                } else {
                    String::new()
                }
            ));
            q
        }
    };
    Ok(Some((q, preplate.current)))
}

// ---------------------------------------------------------------------------------------------
// the run monitor

/// Where a criterion fired.
#[derive(Debug, Clone, PartialEq)]
struct Fired {
    time: f64,
    /// 1-based protocol step.
    step: u64,
    criterion: Criterion,
}

/// Column indices of the quantities watched.
#[derive(Debug, Default, Clone, Copy)]
struct Cols {
    t: usize,
    step: usize,
    v: usize,
    j: Option<usize>,
    ohmic: Option<usize>,
    phi: Option<usize>,
    phi_c: Option<usize>,
    flaw: Option<usize>,
}

/// A sink that watches every row, keeps per-step statistics and a trace, and stops the run
/// (by refusing a row) when a criterion fires.
struct Monitor {
    cols: Option<Cols>,
    /// 1-based protocol step of the first test step.
    first_test: u64,
    criteria: CriteriaOptions,
    phi_min: f64,
    /// Largest contact fraction of each electrode seen in the test so far.
    phi0: Option<f64>,
    phi0_c: Option<f64>,
    steps: Vec<CcdStep>,
    last: Option<(u64, f64, f64, f64, f64)>, // step, t, |V|, φ, φ_c
    fired: Option<Fired>,
    trace: Table,
    test_start: Option<f64>,
}

fn trace_schema() -> Schema {
    Schema::new(vec![
        Column::new(
            "time",
            "s",
            "since the start of the test (negative: pre-plating)",
        ),
        Column::new("step", "", "protocol step (expanded, from 1)"),
        Column::new(
            "current density",
            "mA/cm^2",
            "external current density, negative while the working electrode plates",
        ),
        Column::new(
            "voltage",
            "V",
            "working electrode vs the Na counter electrode",
        ),
        Column::new(
            "interface contact fraction",
            "-",
            "contact fraction of the working electrode",
        ),
        Column::new(
            "counter contact fraction",
            "-",
            "contact fraction of the counter electrode",
        ),
        Column::new(
            "flaw loading",
            "-",
            "local plating overpotential / critical",
        ),
        Column::new(
            "separator ohmic overpotential",
            "V",
            "ohmic drop across the separator",
        ),
    ])
}

impl Monitor {
    fn new(
        first_test: u64,
        currents: Vec<f64>,
        criteria: CriteriaOptions,
        phi_min: f64,
    ) -> Monitor {
        Monitor {
            cols: None,
            first_test,
            steps: currents.iter().map(|&j| CcdStep::new(j)).collect(),
            criteria,
            phi_min,
            phi0: None,
            phi0_c: None,
            last: None,
            fired: None,
            trace: Table::new(trace_schema()),
            test_start: None,
        }
    }

    fn threshold(&self, phi0: f64) -> Option<f64> {
        let thr = self.criteria.contact_floor * phi0;
        (thr > self.phi_min).then_some(thr)
    }

    /// Linear interpolation of the crossing time of `x` through `thr` between two rows.
    fn cross(t0: f64, x0: f64, t1: f64, x1: f64, thr: f64) -> f64 {
        if (x1 - x0).abs() > 0.0 && t1 > t0 {
            let s = ((thr - x0) / (x1 - x0)).clamp(0.0, 1.0);
            t0 + s * (t1 - t0)
        } else {
            t1
        }
    }

    fn watch(&mut self, row: &[f64]) -> Option<Fired> {
        let c = self.cols?;
        let get = |i: Option<usize>| i.map(|i| row[i]).unwrap_or(f64::NAN);
        let t = row[c.t];
        let step = row[c.step] as u64;
        let v = row[c.v];
        let phi = get(c.phi);
        let phi_c = get(c.phi_c);
        let in_test = step >= self.first_test;
        if in_test && self.test_start.is_none() {
            self.test_start = Some(t);
        }
        if in_test {
            let up = |a: Option<f64>, x: f64| {
                if x.is_finite() {
                    Some(a.map_or(x, |a| a.max(x)))
                } else {
                    a
                }
            };
            self.phi0 = up(self.phi0, phi);
            self.phi0_c = up(self.phi0_c, phi_c);
        }
        let prev = self.last.filter(|p| p.0 == step);
        self.last = Some((step, t, v.abs(), phi, phi_c));
        if in_test {
            let k = (step - self.first_test) as usize;
            if let Some(s) = self.steps.get_mut(k) {
                let t0 = self.test_start.unwrap_or(0.0);
                if s.start.is_nan() {
                    s.start = t - t0;
                }
                s.duration = (t - t0) - s.start;
                s.max_voltage = s.max_voltage.max(v.abs());
                s.end_voltage = v;
                let fmax = |a: f64, b: f64| if a.is_nan() { b } else { a.max(b) };
                let fmin = |a: f64, b: f64| if a.is_nan() { b } else { a.min(b) };
                s.max_ohmic = fmax(s.max_ohmic, get(c.ohmic).abs());
                s.min_contact = fmin(s.min_contact, phi);
                s.min_counter_contact = fmin(s.min_counter_contact, phi_c);
                s.max_flaw_loading = fmax(s.max_flaw_loading, get(c.flaw));
            }
        }
        // criteria (also during pre-plating, against the contact at its start)
        let limit = self.criteria.voltage_limit;
        if v.abs() > limit {
            let time = match prev {
                Some((_, t0, v0, _, _)) if v0 <= limit => Self::cross(t0, v0, t, v.abs(), limit),
                _ => t,
            };
            return Some(Fired {
                time,
                step,
                criterion: Criterion::Overpotential {
                    limit,
                    voltage: v.abs(),
                },
            });
        }
        let (phi0, phi0_c) = if in_test {
            (self.phi0, self.phi0_c)
        } else {
            (None, None)
        };
        for (electrode, x, x0, prev_x) in [
            (Electrode::Working, phi, phi0, prev.map(|p| p.3)),
            (Electrode::Counter, phi_c, phi0_c, prev.map(|p| p.4)),
        ] {
            let (Some(x0), true) = (x0, x.is_finite()) else {
                continue;
            };
            let Some(thr) = self.threshold(x0) else {
                continue;
            };
            if x < thr {
                let time = match (prev, prev_x) {
                    (Some((_, t0, ..)), Some(px)) if px >= thr => Self::cross(t0, px, t, x, thr),
                    _ => t,
                };
                return Some(Fired {
                    time,
                    step,
                    criterion: Criterion::ContactLoss {
                        electrode,
                        contact: x,
                        threshold: thr,
                        initial: x0,
                    },
                });
            }
        }
        None
    }
}

impl Sink for Monitor {
    fn begin(&mut self, schema: &Schema) -> Result<(), OutputError> {
        let need = |name: &str| {
            schema
                .index_of(name)
                .ok_or_else(|| OutputError::InvalidSchema {
                    message: format!("the CCD monitor needs the column \"{name}\""),
                })
        };
        self.cols = Some(Cols {
            t: need("time [s]")?,
            step: need("step")?,
            v: need("voltage [V]")?,
            j: schema.index_of("current density [mA/cm^2]"),
            ohmic: schema.index_of("separator ohmic overpotential [V]"),
            phi: schema.index_of("interface contact fraction [-]"),
            phi_c: schema.index_of("counter contact fraction [-]"),
            flaw: schema.index_of("flaw loading [-]"),
        });
        Ok(())
    }

    fn row(&mut self, values: &[f64]) -> Result<(), OutputError> {
        if let Some(c) = self.cols {
            let get = |i: Option<usize>| i.map(|i| values[i]).unwrap_or(f64::NAN);
            let _ = self.trace.push_row(&[
                values[c.t],
                values[c.step],
                get(c.j),
                values[c.v],
                get(c.phi),
                get(c.phi_c),
                get(c.flaw),
                get(c.ohmic),
            ]);
        }
        if self.fired.is_some() {
            return Err(stop_error());
        }
        if let Some(f) = self.watch(values) {
            let message = f.criterion.to_string();
            self.fired = Some(f);
            return Err(OutputError::Io {
                path: "<ccd monitor>".into(),
                message,
            });
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<Vec<std::path::PathBuf>, OutputError> {
        Ok(Vec::new())
    }
}

fn stop_error() -> OutputError {
    OutputError::Io {
        path: "<ccd monitor>".into(),
        message: "criterion fired".into(),
    }
}

// ---------------------------------------------------------------------------------------------
// one run

/// What one run of conditioning + test steps gave.
struct Probe {
    steps: Vec<CcdStep>,
    /// (test step index, time since test start, criterion), or a failure during conditioning.
    failure: Option<(Option<usize>, f64, Criterion)>,
    trace: Table,
    protocol: String,
}

#[allow(clippy::too_many_arguments)]
fn probe(
    cell: &CellSpec,
    direction: Direction,
    conditioning: &[Planned],
    test: &[(f64, Dwell)],
    criteria: CriteriaOptions,
    rtol: Option<f64>,
    available: f64,
    progress: &mut dyn FnMut(CcdProgress),
) -> Result<Probe, CcdError> {
    let opts = RunOptions {
        rtol,
        every_step: true,
        min_interval: 0.0,
        command: "natrium ccd".into(),
        ..Default::default()
    };
    let sim = Simulation::new(cell, opts)?;
    let phi_min = sim
        .params
        .params
        .iter()
        .find(|p| p.name == "interface.contact_minimum")
        .map(|p| p.value)
        .unwrap_or(0.0);
    let mut planned: Vec<Planned> = conditioning.to_vec();
    planned.extend(test.iter().map(|&(j, d)| Planned {
        mode: direction.mode(j),
        stop: d.stop(),
    }));
    let protocol = protocol_of(&planned);
    let first_test = conditioning.len() as u64 + 1;
    let currents: Vec<f64> = test.iter().map(|t| t.0).collect();
    let mut mon = Monitor::new(first_test, currents.clone(), criteria, phi_min);
    let n_cond = conditioning.len() as u64;
    let total = test.len();
    let result = sim.run(&protocol, Some(&mut mon as &mut dyn Sink), &mut |p| {
        if p.done > n_cond {
            let done = (p.done - n_cond) as usize;
            progress(CcdProgress {
                done,
                total,
                current_density: currents.get(done - 1).copied().unwrap_or(f64::NAN),
            });
        }
    });
    let t0 = mon.test_start.unwrap_or(result.time);
    // candidates: (time, 1-based step, criterion)
    let mut cands: Vec<(f64, u64, Criterion)> = Vec::new();
    if let Some(f) = mon.fired.clone() {
        cands.push((f.time, f.step, f.criterion));
    }
    let last_step = mon.last.map(|l| l.0).unwrap_or(1);
    match &result.outcome {
        Outcome::Completed => {}
        Outcome::Ended {
            time, step, cause, ..
        } => {
            if mon.fired.is_none() {
                let crit = if cause.starts_with("short circuit") {
                    Criterion::ShortCircuit
                } else if cause.starts_with("counter sodium depleted") {
                    Criterion::SodiumDepleted {
                        electrode: Electrode::Counter,
                        stripped: f64::NAN,
                        available: counter_sodium(cell).unwrap_or(f64::NAN),
                    }
                } else if cause.contains("solver steps") {
                    Criterion::SolverFailure {
                        message: cause.clone(),
                    }
                } else {
                    Criterion::ModelEnded {
                        cause: cause.clone(),
                    }
                };
                cands.push((*time, *step, crit));
            }
        }
        Outcome::Failed(e) => {
            let time = match e {
                crate::solver::SolverError::Integration { time, .. }
                | crate::solver::SolverError::Inconsistent { time, .. } => *time,
                crate::solver::SolverError::Setup(_) => result.time,
            };
            cands.push((
                time,
                last_step,
                Criterion::SolverFailure {
                    message: e.to_string(),
                },
            ));
        }
    }
    // the working electrode's (non-terminal) depletion event
    if direction == Direction::Stripping {
        if let Some((t, _)) = result
            .events
            .iter()
            .find(|(t, e)| e.starts_with("sodium depleted") && *t >= t0)
        {
            let step = step_at(&mon.trace, *t).unwrap_or(last_step);
            cands.push((
                *t,
                step,
                Criterion::SodiumDepleted {
                    electrode: Electrode::Working,
                    stripped: f64::NAN,
                    available,
                },
            ));
        }
    }
    cands.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut steps = std::mem::take(&mut mon.steps);
    let failure = match cands.into_iter().next() {
        None => {
            for s in &mut steps {
                s.passed = true;
            }
            None
        }
        Some((t, step, mut crit)) if step >= first_test => {
            let k = ((step - first_test) as usize).min(steps.len().saturating_sub(1));
            steps.truncate(k + 1);
            for s in &mut steps[..k] {
                s.passed = true;
            }
            if let Some(s) = steps.get_mut(k) {
                s.passed = false;
                // the monitor may have seen rows after the event; cut the step at it
                s.duration = s.duration.min(t - t0 - s.start.max(0.0)).max(0.0);
            }
            if let Criterion::SodiumDepleted { stripped, .. } = &mut crit {
                *stripped = steps.iter().map(CcdStep::charge).sum();
            }
            Some((Some(k), t - t0, crit))
        }
        Some((t, _, crit)) => {
            steps.clear();
            Some((None, t - t0, crit))
        }
    };
    // time relative to the start of the test
    let mut trace = std::mem::take(&mut mon.trace);
    if let Some(col) = trace.columns.first_mut() {
        for x in col.iter_mut() {
            *x -= t0;
        }
    }
    Ok(Probe {
        steps,
        failure,
        trace,
        protocol: protocol.to_string(),
    })
}

/// The protocol step a time falls in, from the trace.
fn step_at(trace: &Table, t: f64) -> Option<u64> {
    let ts = trace.columns.first()?;
    let ss = trace.columns.get(1)?;
    let i = ts.iter().position(|&x| x >= t)?;
    Some(ss[i] as u64)
}

// ---------------------------------------------------------------------------------------------
// public entry points

/// Run a CCD test on a half cell.
pub fn ccd(
    cell: &CellSpec,
    opts: &CcdOptions,
    progress: &mut dyn FnMut(CcdProgress),
) -> Result<CcdResult, CcdError> {
    check_half_cell(cell)?;
    check_criteria(&opts.criteria)?;
    let cell = test_cell(cell, opts.pressure, opts.temperature)?;
    let test = plan(&opts.mode)?;
    let mut notes = Vec::new();
    let planned_charge: f64 = test.iter().map(|(j, d)| d.charge(*j)).sum();
    let pre = preplating(
        &cell,
        opts.direction,
        &opts.preplate,
        planned_charge,
        &mut notes,
    )?;
    let conditioning: Vec<Planned> = pre
        .map(|(q, j)| Planned {
            mode: Mode::Plate(Current::Density(j)),
            stop: Stop::Capacity(CapacityAmount::Areal(q)),
        })
        .into_iter()
        .collect();
    let preplated = pre.map(|p| p.0).unwrap_or(0.0);
    // sodium available to the stripping electrode
    let available = match opts.direction {
        Direction::Plating => counter_sodium(&cell).unwrap_or(f64::NAN),
        Direction::Stripping => sodium_charge(&cell, cell.negative.initial_thickness) + preplated,
    };
    if available.is_finite() && planned_charge > available {
        notes.push(format!(
            "the schedule strips {:.3} mAh/cm² from the {} electrode if nothing fails, more than its {:.3} mAh/cm² of sodium: the test ends by depletion unless a criterion fires first",
            mah(planned_charge),
            match opts.direction {
                Direction::Plating => "counter",
                Direction::Stripping => "working",
            },
            mah(available)
        ));
    }
    if opts.direction == Direction::Stripping && cell.kind == CellType::Symmetric {
        notes.push(
            "the counter electrode plates; the dendrite model sits on the working electrode only, so shorts from the counter are not modelled".into(),
        );
    }
    if let Schedule::Ramp { rate, max } = opts.mode {
        notes.push(format!(
            "ramp of {} mA/cm² per h approximated by {RAMP_RESOLUTION} steps of {:.1} s, each at the current reached at its end",
            short_number(rate * 3600.0 / A_PER_M2_PER_MA_PER_CM2, 4),
            max / rate / RAMP_RESOLUTION as f64
        ));
    }
    let max = test.last().map(|t| t.0).unwrap_or(f64::NAN);
    let p = probe(
        &cell,
        opts.direction,
        &conditioning,
        &test,
        opts.criteria,
        opts.rtol,
        available,
        progress,
    )?;
    let (ccd, failed_at, criterion, time) = match p.failure {
        None => (p.steps.last().map(|s| s.current_density), None, None, None),
        Some((None, _, crit)) => {
            return Err(CcdError::Preplate {
                capacity: preplated,
                current: opts.preplate.current,
                criterion: crit,
            })
        }
        Some((Some(k), t, crit)) => (
            k.checked_sub(1).map(|i| p.steps[i].current_density),
            Some(p.steps[k].current_density),
            Some(crit),
            Some(t),
        ),
    };
    Ok(CcdResult {
        cell: cell.name.clone(),
        kind: cell.kind,
        direction: opts.direction,
        pressure: cell.stack_pressure,
        temperature: cell.temperature,
        ccd,
        failed_at,
        criterion,
        time,
        steps: p.steps,
        trace: p.trace,
        first_test_step: conditioning.len() as u64 + 1,
        preplated,
        max,
        protocol: p.protocol,
        notes,
    })
}

/// Options of a pressure × current-density map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapOptions {
    pub direction: Direction,
    /// Stack pressures \[Pa\] (rows of the map).
    pub pressures: Vec<f64>,
    /// Current densities \[A/m²\] (columns of the map).
    pub currents: Vec<f64>,
    /// Length of the constant-current test of each map cell, run on the fresh cell.
    pub test: Dwell,
    pub criteria: CriteriaOptions,
    pub temperature: Option<f64>,
    pub preplate: Preplate,
    /// Also find the CCD at each pressure with this schedule (`None`: map only).
    pub staircase: Option<Schedule>,
    pub rtol: Option<f64>,
}

/// One cell of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapCell {
    /// \[Pa\]
    pub pressure: f64,
    /// \[A/m²\]
    pub current_density: f64,
    pub passed: bool,
    pub criterion: Option<Criterion>,
    /// Time to failure since the start of the test \[s\].
    pub time: Option<f64>,
    /// Figures of merit of the test step (NaN when it did not run, e.g. failed pre-plating).
    pub max_voltage: f64,
    pub min_contact: f64,
    pub min_counter_contact: f64,
    pub max_flaw_loading: f64,
    /// The pre-plating failed (the criterion is from it).
    pub preplate_failed: bool,
}

/// A pressure × current-density map and the CCD per pressure.
#[derive(Debug, Clone, PartialEq)]
pub struct CcdMap {
    pub cell: String,
    pub direction: Direction,
    pub pressures: Vec<f64>,
    pub currents: Vec<f64>,
    pub test: Dwell,
    /// `cells[ip * currents.len() + ij]`.
    pub cells: Vec<MapCell>,
    /// CCD per pressure (same order as `pressures`) when a staircase was asked for.
    pub staircases: Vec<Result<CcdResult, CcdError>>,
    pub notes: Vec<String>,
}

impl CcdMap {
    pub fn cell_at(&self, ip: usize, ij: usize) -> Option<&MapCell> {
        self.cells.get(ip * self.currents.len() + ij)
    }
}

fn check_grid(option: &'static str, v: &[f64], what: &str, zero_ok: bool) -> Result<(), CcdError> {
    if v.is_empty() {
        return Err(invalid(
            option,
            "(empty)",
            &format!("give at least one {what}"),
        ));
    }
    for &x in v {
        if !(x.is_finite() && (x > 0.0 || (zero_ok && x == 0.0))) {
            return Err(invalid(
                option,
                x,
                &format!(
                    "every {what} must be {}",
                    if zero_ok { "≥ 0" } else { "> 0" }
                ),
            ));
        }
    }
    if !v.windows(2).all(|w| w[1] > w[0]) {
        return Err(invalid(
            option,
            format!("{v:?}"),
            "values must be strictly increasing",
        ));
    }
    Ok(())
}

/// Run the map (and the staircases) in parallel with rayon. `progress` is called after each
/// run with (runs done, runs in total).
pub fn ccd_map(
    cell: &CellSpec,
    opts: &MapOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<CcdMap, CcdError> {
    check_half_cell(cell)?;
    check_criteria(&opts.criteria)?;
    check_grid("pressures", &opts.pressures, "stack pressure", true)?;
    check_grid("currents", &opts.currents, "current density", false)?;
    match opts.test {
        Dwell::Time(t) => positive("dwell", t, "s", "time")?,
        Dwell::Capacity(q) => positive("capacity", q, "C/m²", "capacity per area")?,
    }
    if let Some(s) = &opts.staircase {
        plan(s)?;
    }
    if let Some(t) = opts.temperature {
        positive("temperature", t, "K", "absolute temperature")?;
    }
    let n_cells = opts.pressures.len() * opts.currents.len();
    let total = n_cells
        + if opts.staircase.is_some() {
            opts.pressures.len()
        } else {
            0
        };
    let done = std::sync::atomic::AtomicUsize::new(0);
    let tick = || {
        let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(d, total);
    };
    let jobs: Vec<(usize, usize)> = (0..opts.pressures.len())
        .flat_map(|ip| (0..opts.currents.len()).map(move |ij| (ip, ij)))
        .collect();
    let cells: Result<Vec<MapCell>, CcdError> = jobs
        .par_iter()
        .map(|&(ip, ij)| {
            let r = map_cell(cell, opts, opts.pressures[ip], opts.currents[ij]);
            tick();
            r
        })
        .collect();
    let cells = cells?;
    let staircases: Vec<Result<CcdResult, CcdError>> = match &opts.staircase {
        Some(s) => opts
            .pressures
            .par_iter()
            .map(|&p| {
                let o = CcdOptions {
                    direction: opts.direction,
                    mode: *s,
                    criteria: opts.criteria,
                    pressure: Some(p),
                    temperature: opts.temperature,
                    preplate: opts.preplate,
                    rtol: opts.rtol,
                };
                let r = ccd(cell, &o, &mut |_| {});
                tick();
                r
            })
            .collect(),
        None => Vec::new(),
    };
    let mut notes = vec![format!(
        "each map cell is one constant-current {} step ({}) on the fresh cell at that stack pressure",
        opts.direction,
        match opts.test {
            Dwell::Time(t) => format!("{:.3} h", t / 3600.0),
            Dwell::Capacity(q) => format!("{:.3} mAh/cm²", mah(q)),
        }
    )];
    if opts.direction == Direction::Stripping && cell.kind == CellType::Deposition {
        notes.push(format!(
            "stripping cells are first pre-plated with 110 % of the test charge at {}",
            ma(opts.preplate.current)
        ));
    }
    Ok(CcdMap {
        cell: cell.name.clone(),
        direction: opts.direction,
        pressures: opts.pressures.clone(),
        currents: opts.currents.clone(),
        test: opts.test,
        cells,
        staircases,
        notes,
    })
}

fn map_cell(cell: &CellSpec, opts: &MapOptions, p: f64, j: f64) -> Result<MapCell, CcdError> {
    let c = test_cell(cell, Some(p), opts.temperature)?;
    let test = [(j, opts.test)];
    let pre = Preplate {
        capacity: Some(opts.preplate.capacity.unwrap_or(1.1 * opts.test.charge(j))),
        current: opts.preplate.current,
    };
    let mut sink_notes = Vec::new();
    let conditioning: Vec<Planned> = preplating(&c, opts.direction, &pre, 0.0, &mut sink_notes)?
        .map(|(q, jp)| Planned {
            mode: Mode::Plate(Current::Density(jp)),
            stop: Stop::Capacity(CapacityAmount::Areal(q)),
        })
        .into_iter()
        .collect();
    let preplated = pre
        .capacity
        .filter(|_| !conditioning.is_empty())
        .unwrap_or(0.0);
    let available = match opts.direction {
        Direction::Plating => counter_sodium(&c).unwrap_or(f64::NAN),
        Direction::Stripping => sodium_charge(&c, c.negative.initial_thickness) + preplated,
    };
    let pr = probe(
        &c,
        opts.direction,
        &conditioning,
        &test,
        opts.criteria,
        opts.rtol,
        available,
        &mut |_| {},
    )?;
    let s = pr.steps.first();
    let g = |f: fn(&CcdStep) -> f64| s.map(f).unwrap_or(f64::NAN);
    let (passed, criterion, time, preplate_failed) = match pr.failure {
        None => (true, None, None, false),
        Some((Some(_), t, k)) => (false, Some(k), Some(t), false),
        Some((None, t, k)) => (false, Some(k), Some(t), true),
    };
    Ok(MapCell {
        pressure: p,
        current_density: j,
        passed,
        criterion,
        time,
        max_voltage: g(|s| s.max_voltage),
        min_contact: g(|s| s.min_contact),
        min_counter_contact: g(|s| s.min_counter_contact),
        max_flaw_loading: g(|s| s.max_flaw_loading),
        preplate_failed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staircase_plans_additive_and_factor_steps() {
        let s = Schedule::Staircase {
            start: 0.5,
            step: Increment::Add(0.5),
            dwell: Dwell::Time(60.0),
            max: 2.0,
        };
        let p = plan(&s).unwrap();
        let j: Vec<f64> = p.iter().map(|x| x.0).collect();
        assert_eq!(j, vec![0.5, 1.0, 1.5, 2.0]);
        let s = Schedule::Staircase {
            start: 1.0,
            step: Increment::Factor(2.0),
            dwell: Dwell::Capacity(36.0),
            max: 10.0,
        };
        let j: Vec<f64> = plan(&s).unwrap().iter().map(|x| x.0).collect();
        assert_eq!(j, vec![1.0, 2.0, 4.0, 8.0]);
    }

    #[test]
    fn ramp_is_an_upper_staircase_ending_at_max() {
        let p = plan(&Schedule::Ramp {
            rate: 0.01,
            max: 20.0,
        })
        .unwrap();
        assert_eq!(p.len(), RAMP_RESOLUTION);
        assert_eq!(p.last().unwrap().0, 20.0);
        let Dwell::Time(dt) = p[0].1 else {
            panic!("ramp steps are timed")
        };
        assert!((dt * RAMP_RESOLUTION as f64 - 2000.0).abs() < 1e-9);
    }

    #[test]
    fn bad_schedules_name_the_option() {
        let e = plan(&Schedule::Staircase {
            start: 2.0,
            step: Increment::Add(0.5),
            dwell: Dwell::Time(60.0),
            max: 1.0,
        })
        .unwrap_err();
        assert!(
            matches!(e, CcdError::InvalidOption { option: "max", .. }),
            "{e}"
        );
        let e = plan(&Schedule::Staircase {
            start: 1.0,
            step: Increment::Factor(1.0),
            dwell: Dwell::Time(60.0),
            max: 2.0,
        })
        .unwrap_err();
        assert!(e.to_string().contains("factor must exceed 1"), "{e}");
        let e = plan(&Schedule::Staircase {
            start: 1e-6,
            step: Increment::Add(1e-6),
            dwell: Dwell::Time(60.0),
            max: 50.0,
        })
        .unwrap_err();
        assert!(e.to_string().contains("at most"), "{e}");
    }

    #[test]
    fn monitor_interpolates_the_voltage_crossing() {
        let mut m = Monitor::new(1, vec![1.0], CriteriaOptions::default(), 1e-3);
        m.cols = Some(Cols {
            t: 0,
            step: 1,
            v: 2,
            ..Default::default()
        });
        assert!(m.watch(&[0.0, 1.0, -0.5]).is_none());
        let f = m.watch(&[10.0, 1.0, -1.5]).unwrap();
        assert!((f.time - 5.0).abs() < 1e-12);
        assert!(matches!(f.criterion, Criterion::Overpotential { .. }));
    }

    #[test]
    fn contact_floor_is_relative_to_the_best_contact() {
        let m = Monitor::new(1, vec![1.0], CriteriaOptions::default(), 1e-3);
        assert_eq!(m.threshold(0.5), Some(0.05));
        // a pressed foil at 0.3 % contact cannot lose 90 % of it above φ_min = 0.1 %
        assert!(m.threshold(3e-3).is_none());
    }
}
