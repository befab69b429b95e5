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
//!   f = [`CriteriaOptions::contact_floor`] (default 0.5: half the contact lost). The floor is
//!   relative because the contact after assembly depends on the preparation (a foil pressed at
//!   0.2 MPa starts near 0.2, a welded or plated one at 1). Losing contact also strands the
//!   sodium over it (isolation), so a deeper floor would mostly report the stripping electrode
//!   as empty rather than as failed. Where f·φ₀ lies at or below the model's minimum contact
//!   φ_min the criterion cannot fire and the voltage limit decides;
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
//!   deposition cell) and the counter electrode strips. In a symmetric cell the counter is
//!   stripped at the same current, so its contact loss can end a plating test — the criterion
//!   names the electrode.
//! * **stripping**: sodium is stripped from the working electrode (voids open there) and plates on
//!   the counter, whose filaments the same flaw criterion watches. A deposition cell has no
//!   sodium on its collector, so the test first pre-plates a stated capacity ([`Preplate`]) at a
//!   low current.
//!
//! A ramp is run as a fine upper staircase: [`RAMP_RESOLUTION`] steps, each holding the current
//! the ramp reaches at its end (conservative by at most one step).

mod criterion;
mod map;
mod monitor;
mod options;
mod plan;
mod result;
mod staircase;
#[cfg(test)]
mod tests;

pub use criterion::{CcdError, Criterion, Electrode};
pub use map::{ccd_map, CcdMap, MapCell};
pub use options::{
    CcdOptions, CriteriaOptions, Direction, Dwell, Increment, MapOptions, Preplate, Schedule,
};
pub use plan::plan;
pub use result::{CcdProgress, CcdResult, CcdStep};
pub use staircase::ccd;

#[cfg(doc)]
use crate::simulation::Simulation;

/// A/m² per mA/cm².
pub const A_PER_M2_PER_MA_PER_CM2: f64 = 10.0;
/// C/m² per mAh/cm².
pub const C_PER_M2_PER_MAH_PER_CM2: f64 = 36_000.0;
/// Number of constant-current steps that approximate a ramp.
pub const RAMP_RESOLUTION: usize = 200;
/// Largest number of steps in one staircase.
pub const MAX_STEPS: usize = 5000;

fn mah(q: f64) -> f64 {
    q / C_PER_M2_PER_MAH_PER_CM2
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
