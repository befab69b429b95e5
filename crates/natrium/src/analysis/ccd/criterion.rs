use std::fmt;

use super::{mah, short_number, A_PER_M2_PER_MA_PER_CM2};
use crate::model::BuildError;

/// The electrodes of a half cell (the model's own naming).
pub use crate::model::Electrode;

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

pub(super) fn invalid(option: &'static str, value: impl fmt::Display, expected: &str) -> CcdError {
    CcdError::InvalidOption {
        option,
        value: value.to_string(),
        expected: expected.to_string(),
    }
}
