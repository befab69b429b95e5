use super::{ma, mah, Criterion, Direction, A_PER_M2_PER_MA_PER_CM2};
use crate::cell::CellType;
use crate::output::{Column, Schema, Table};

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
    pub(super) fn new(j: f64) -> CcdStep {
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

    /// How the CCD is known: `"="` when a rate criterion bracketed it from above, `"<"` when
    /// the first step already failed, `"≥"` when it is only a lower bound (no rate criterion
    /// fired).
    pub fn relation(&self) -> &'static str {
        match (self.determined(), self.ccd) {
            (true, Some(_)) => "=",
            (true, None) => "<",
            (false, _) => "≥",
        }
    }

    /// The CCD as a user reads it, e.g. `"≥ 0.50 mA/cm^2"` or `"= 0.35 mA/cm^2"`.
    pub fn ccd_text(&self) -> String {
        match (self.relation(), self.ccd, self.failed_at) {
            ("<", _, Some(f)) => format!("< {}", ma(f)),
            (rel, Some(c), _) => format!("{rel} {}", ma(c)),
            _ => "≥ 0 mA/cm^2".into(),
        }
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
