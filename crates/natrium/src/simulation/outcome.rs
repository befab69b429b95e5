//! How a run ended, as data: what the caller, the CLI's exit status, the CCD analysis and the
//! metadata all read, instead of matching message text.

use serde::Serialize;

use crate::model::Electrode;
use crate::solver::SolverError;

/// Where in a run something happened.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RunPoint {
    /// Simulated time [s].
    pub time: f64,
    /// Cycle number (0 before the first cycle starts).
    pub cycle: u32,
    /// Expanded protocol step, from 1 (0 before the first step).
    pub step: u64,
}

/// Why the cell itself ended a run before its protocol did: a result, not an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "cause", rename_all = "kebab-case")]
pub enum EndCause {
    /// A sodium filament grown from `electrode` crossed the separator.
    ShortCircuit { electrode: Electrode },
    /// The counter electrode of a half cell ran out of sodium: nothing can supply the working
    /// electrode any more. (The working electrode running out ends only its step.)
    SodiumDepleted { electrode: Electrode },
}

impl std::fmt::Display for EndCause {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EndCause::ShortCircuit { electrode } => write!(
                f,
                "short circuit: a sodium filament from the {} electrode crossed the separator",
                electrode.as_str()
            ),
            EndCause::SodiumDepleted { electrode } => {
                write!(f, "the {} electrode ran out of sodium", electrode.as_str())
            }
        }
    }
}

/// Why a run was refused at a step: the input asks for something outside the model's validity.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Refusal {
    /// The step's temperature is at or above sodium's melting point [K].
    Melting {
        step_text: String,
        line: usize,
        temperature: f64,
        melting_point: f64,
    },
    /// A C-rate (or per-capacity quantity) in a cell without a cathode capacity.
    NoNominalCapacity { step_text: String, line: usize },
    /// A set-point or stop outside its valid range, or a stop that is already met or cannot
    /// be met (found before the run).
    Protocol {
        step_text: String,
        line: usize,
        problem: String,
    },
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Melting {
                step_text,
                line,
                temperature,
                melting_point,
            } => write!(
                f,
                "step \"{}\" (line {line}) asks for {:.1} °C: sodium melts at {:.1} °C and the \
                 solid-state model is invalid there",
                step_text.trim(),
                temperature - crate::constants::ZERO_CELSIUS,
                melting_point - crate::constants::ZERO_CELSIUS
            ),
            Refusal::NoNominalCapacity { step_text, line } => write!(
                f,
                "step \"{}\" (line {line}) gives a C-rate, but this cell has no cathode capacity; \
                 give half-cell currents as a current density (mA/cm^2) or a current (mA)",
                step_text.trim()
            ),
            Refusal::Protocol {
                step_text,
                line,
                problem,
            } => write!(f, "step \"{}\" (line {line}) {problem}", step_text.trim()),
        }
    }
}

/// How a run was interrupted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Interruption {
    /// Stopped at a protocol step boundary (first request).
    AtStepBoundary,
    /// Stopped inside a step (second request); the step is closed where it stood.
    Immediately,
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Every step ran to one of its stop conditions.
    Completed,
    /// The caller's observer asked to stop (e.g. a CCD criterion was met); `reason` is its own.
    Stopped { at: RunPoint, reason: String },
    /// The cell ended the run (short circuit, depleted counter electrode): a result.
    Ended { at: RunPoint, cause: EndCause },
    /// A step asks for something the model cannot represent; nothing after it was run.
    Refused { at: RunPoint, reason: Refusal },
    /// The solver failed; results before the failure are kept. `diagnosis` names the input
    /// that most likely caused it, when one can be named.
    Failed {
        at: RunPoint,
        error: SolverError,
        diagnosis: Option<String>,
    },
    /// A step did not reach any stop condition within the solver-step limit.
    Stalled { at: RunPoint, solver_steps: usize },
    /// The run was interrupted (signal or caller); results up to `at` are kept.
    Interrupted { at: RunPoint, how: Interruption },
}

/// Exit statuses of the `natrium` command, one per kind of ending.
pub mod exit_code {
    /// The protocol ran to its end.
    pub const COMPLETED: u8 = 0;
    /// The solver failed or a step never reached its stop (results up to there are written).
    pub const SOLVER_FAILURE: u8 = 1;
    /// Bad input, or a run refused for physics (e.g. above sodium's melting point).
    pub const INPUT: u8 = 2;
    /// The cell ended the run early (short circuit, depleted counter electrode): a result,
    /// written whole.
    pub const ENDED_BY_CELL: u8 = 3;
    /// Some output could not be written (e.g. a full disk); the message lists what was lost.
    pub const OUTPUT_LOST: u8 = 4;
    /// Interrupted by a signal; what was computed is written and marked `interrupted`.
    pub const INTERRUPTED: u8 = 130;
}

impl Outcome {
    /// Where the run ended (`None` for a completed run).
    pub fn point(&self) -> Option<RunPoint> {
        match self {
            Outcome::Completed => None,
            Outcome::Stopped { at, .. }
            | Outcome::Ended { at, .. }
            | Outcome::Refused { at, .. }
            | Outcome::Failed { at, .. }
            | Outcome::Stalled { at, .. }
            | Outcome::Interrupted { at, .. } => Some(*at),
        }
    }

    /// Short machine-readable kind: `completed`, `stopped`, `ended`, `refused`, `failed`,
    /// `stalled`, `interrupted`.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::Stopped { .. } => "stopped",
            Outcome::Ended { .. } => "ended",
            Outcome::Refused { .. } => "refused",
            Outcome::Failed { .. } => "failed",
            Outcome::Stalled { .. } => "stalled",
            Outcome::Interrupted { .. } => "interrupted",
        }
    }

    /// Whether every protocol step ran (or the caller stopped it on purpose).
    pub fn is_success(&self) -> bool {
        matches!(self, Outcome::Completed | Outcome::Stopped { .. })
    }

    /// The exit status the command line gives this outcome (see [`exit_code`]).
    pub fn exit_code(&self) -> u8 {
        match self {
            Outcome::Completed | Outcome::Stopped { .. } => exit_code::COMPLETED,
            Outcome::Failed { .. } | Outcome::Stalled { .. } => exit_code::SOLVER_FAILURE,
            Outcome::Refused { .. } => exit_code::INPUT,
            Outcome::Ended { .. } => exit_code::ENDED_BY_CELL,
            Outcome::Interrupted { .. } => exit_code::INTERRUPTED,
        }
    }

    /// The outcome as JSON for the metadata: `{"kind": …, "time_s": …, …}`.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        let mut v = json!({ "kind": self.kind(), "message": self.to_string() });
        if let Some(p) = self.point() {
            v["time_s"] = json!(finite_or_null(p.time));
            v["cycle"] = json!(p.cycle);
            v["step"] = json!(p.step);
        }
        match self {
            Outcome::Ended { cause, .. } => {
                v["cause"] = serde_json::to_value(cause).unwrap_or_default();
            }
            Outcome::Refused { reason, .. } => {
                v["reason"] = serde_json::to_value(reason).unwrap_or_default();
            }
            Outcome::Failed {
                error, diagnosis, ..
            } => {
                v["error"] = json!(error.to_string());
                v["diagnosis"] = json!(diagnosis);
                v["state"] = error
                    .state()
                    .iter()
                    .map(|(n, x)| (n.clone(), json!(finite_or_null(*x))))
                    .collect::<serde_json::Map<_, _>>()
                    .into();
            }
            Outcome::Stalled { solver_steps, .. } => v["solver_steps"] = json!(solver_steps),
            Outcome::Interrupted { how, .. } => {
                v["how"] = serde_json::to_value(how).unwrap_or_default();
            }
            Outcome::Stopped { reason, .. } => v["reason"] = json!(reason),
            Outcome::Completed => {}
        }
        v
    }
}

fn finite_or_null(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = |p: &RunPoint| {
            format!(
                "at t = {:.2} h (cycle {}, step {})",
                p.time / 3600.0,
                p.cycle,
                p.step
            )
        };
        match self {
            Outcome::Completed => write!(f, "completed"),
            Outcome::Stopped { at: p, reason } => write!(f, "stopped {}: {reason}", at(p)),
            Outcome::Ended { at: p, cause } => write!(f, "ended by the cell {}: {cause}", at(p)),
            Outcome::Refused { at: p, reason } => write!(f, "refused {}: {reason}", at(p)),
            Outcome::Failed {
                at: p,
                error,
                diagnosis,
            } => {
                write!(f, "solver failure {}: {error}", at(p))?;
                if let Some(d) = diagnosis {
                    write!(f, "; likely cause: {d}")?;
                }
                Ok(())
            }
            Outcome::Stalled {
                at: p,
                solver_steps,
            } => write!(
                f,
                "step {} did not reach any of its stop conditions within {solver_steps} solver \
                 steps {} (is the stop reachable?)",
                p.step,
                at(p)
            ),
            Outcome::Interrupted { at: p, how } => write!(
                f,
                "interrupted {} ({})",
                at(p),
                match how {
                    Interruption::AtStepBoundary => "at a step boundary",
                    Interruption::Immediately => "inside the step",
                }
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_exit_status_and_json() {
        let at = RunPoint {
            time: 3600.0,
            cycle: 2,
            step: 5,
        };
        let cases = [
            (Outcome::Completed, 0, "completed"),
            (
                Outcome::Ended {
                    at,
                    cause: EndCause::ShortCircuit {
                        electrode: Electrode::Counter,
                    },
                },
                3,
                "ended",
            ),
            (
                Outcome::Interrupted {
                    at,
                    how: Interruption::AtStepBoundary,
                },
                130,
                "interrupted",
            ),
            (
                Outcome::Stalled {
                    at,
                    solver_steps: 10,
                },
                1,
                "stalled",
            ),
        ];
        for (o, code, kind) in cases {
            assert_eq!(o.exit_code(), code);
            let j = o.to_json();
            assert_eq!(j["kind"], kind);
            if kind != "completed" {
                assert_eq!(j["step"], 5);
                assert_eq!(j["time_s"], 3600.0);
            }
        }
        let j = Outcome::Ended {
            at,
            cause: EndCause::ShortCircuit {
                electrode: Electrode::Counter,
            },
        }
        .to_json();
        assert_eq!(j["cause"]["cause"], "short-circuit");
        assert_eq!(j["cause"]["electrode"], "counter");
    }
}
