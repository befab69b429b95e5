//! Per-cycle summaries: capacities, energies, Coulombic efficiency, mean voltages, retention.
//!
//! The engine feeds a [`CycleAccumulator`] with `(time [s], current [A], voltage [V])` samples,
//! current positive on discharge. Charge and energy are integrated with the trapezoid rule,
//! separately for charge (I < 0) and discharge (I > 0); a segment whose current changes sign is
//! split where the linear interpolant crosses zero. Everything is SI inside ([`CycleSummary`]);
//! [`summary_schema`] and [`CycleSummary::to_row`] convert to display units (mAh, mWh, %).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{sink_for, Column, OutputError, RunMetadata, Schema, Table};
use crate::constants::MAH;

/// 1 mWh in joules.
const MWH: f64 = 3.6;

/// One cycle's totals, in SI units (C, J, V, fractions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CycleSummary {
    /// Cycle number, from 1.
    pub cycle: u32,
    /// Charge passed while charging (I < 0), positive [C].
    pub charge_capacity: f64,
    /// Charge passed while discharging (I > 0) [C].
    pub discharge_capacity: f64,
    /// discharge / charge capacity of this cycle [-]; NaN when nothing was charged.
    pub coulombic_efficiency: f64,
    /// Energy put in while charging, positive [J].
    pub charge_energy: f64,
    /// Energy delivered while discharging [J].
    pub discharge_energy: f64,
    /// charge energy / charge capacity [V]; NaN without charge.
    pub mean_charge_voltage: f64,
    /// discharge energy / discharge capacity [V]; NaN without discharge.
    pub mean_discharge_voltage: f64,
    /// Discharge capacity / that of the first cycle that discharged anything [-]; NaN before it.
    pub retention: f64,
    /// Time of the cycle's last sample [s].
    pub end_time: f64,
    /// Model-specific quantities, keyed by full column name with display unit
    /// (`"lost Na inventory [mAh]"`, `"contact fraction"`); values already in that unit.
    pub extra: Vec<(String, f64)>,
}

impl CycleSummary {
    /// The value of an extra quantity by column name.
    pub fn extra(&self, name: &str) -> Option<f64> {
        self.extra.iter().find(|(n, _)| n == name).map(|e| e.1)
    }

    /// The row for [`summary_schema`]`(extra_names)`, in display units; extras this cycle
    /// lacks are NaN.
    pub fn to_row<S: AsRef<str>>(&self, extra_names: &[S]) -> Vec<f64> {
        let mut row = vec![
            f64::from(self.cycle),
            self.charge_capacity / MAH,
            self.discharge_capacity / MAH,
            self.coulombic_efficiency * 100.0,
            self.charge_energy / MWH,
            self.discharge_energy / MWH,
            self.mean_charge_voltage,
            self.mean_discharge_voltage,
            self.retention * 100.0,
            self.end_time / 3600.0,
        ];
        row.extend(
            extra_names
                .iter()
                .map(|n| self.extra(n.as_ref()).unwrap_or(f64::NAN)),
        );
        row
    }
}

/// Columns of the cycle-summary table; `extra_names` are full column names with units
/// (`"lost Na inventory [mAh]"`) appended in order.
pub fn summary_schema<S: AsRef<str>>(extra_names: &[S]) -> Schema {
    let mut s = Schema::default()
        .with(Column::count("cycle", "cycle number, from 1"))
        .with(Column::new(
            "charge capacity",
            "mAh",
            "charge passed while charging",
        ))
        .with(Column::new(
            "discharge capacity",
            "mAh",
            "charge passed while discharging",
        ))
        .with(Column::new(
            "coulombic efficiency",
            "%",
            "discharge capacity / charge capacity of the cycle",
        ))
        .with(Column::new(
            "charge energy",
            "mWh",
            "energy put in while charging",
        ))
        .with(Column::new(
            "discharge energy",
            "mWh",
            "energy delivered while discharging",
        ))
        .with(Column::new(
            "mean charge voltage",
            "V",
            "charge energy / charge capacity",
        ))
        .with(Column::new(
            "mean discharge voltage",
            "V",
            "discharge energy / discharge capacity",
        ))
        .with(Column::new(
            "capacity retention",
            "%",
            "discharge capacity / first discharge capacity",
        ))
        .with(Column::new("end time", "h", "time at the end of the cycle"));
    for n in extra_names {
        s.push(Column::from_name(n.as_ref()));
    }
    s
}

/// The extra column names used by any of the summaries, in first-seen order.
pub fn summary_extra_names(summaries: &[CycleSummary]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for s in summaries {
        for (n, _) in &s.extra {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
    }
    names
}

/// The summaries as a table in display units.
pub fn summaries_table(summaries: &[CycleSummary]) -> Table {
    let extra = summary_extra_names(summaries);
    let mut t = Table::new(summary_schema(&extra));
    for s in summaries {
        for (c, x) in t.columns.iter_mut().zip(s.to_row(&extra)) {
            c.push(x);
        }
    }
    t
}

/// Write the summaries to a `.csv`, `.json` or `.parquet` file (atomically).
pub fn write_summaries(
    path: &Path,
    summaries: &[CycleSummary],
    metadata: Option<&RunMetadata>,
) -> Result<Vec<PathBuf>, OutputError> {
    let mut t = summaries_table(summaries);
    t.metadata = metadata.cloned();
    t.write_to(sink_for(path)?)
}

/// Compensated (Neumaier) sum: a long cycle adds many small increments.
#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    sum: f64,
    compensation: f64,
}

impl Sum {
    fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
    }
    fn value(&self) -> f64 {
        self.sum + self.compensation
    }
}

/// Totals of the open cycle.
#[derive(Debug, Clone)]
struct Running {
    cycle: u32,
    has_samples: bool,
    /// Previous sample of the current step `(t, I, V)`.
    prev: Option<(f64, f64, f64)>,
    q_charge: Sum,
    q_discharge: Sum,
    e_charge: Sum,
    e_discharge: Sum,
    end_time: f64,
    extra: Vec<(String, f64)>,
}

impl Running {
    fn new(cycle: u32) -> Running {
        Running {
            cycle,
            has_samples: false,
            prev: None,
            q_charge: Sum::default(),
            q_discharge: Sum::default(),
            e_charge: Sum::default(),
            e_discharge: Sum::default(),
            end_time: f64::NAN,
            extra: Vec::new(),
        }
    }

    /// Trapezoid over one segment in which the current does not change sign.
    fn segment(&mut self, (ta, ia, va): (f64, f64, f64), (tb, ib, vb): (f64, f64, f64)) {
        let dt = tb - ta;
        let q = 0.5 * (ia + ib) * dt;
        let e = 0.5 * (ia * va + ib * vb) * dt;
        if ia + ib > 0.0 {
            self.q_discharge.add(q);
            self.e_discharge.add(e);
        } else if ia + ib < 0.0 {
            self.q_charge.add(-q);
            self.e_charge.add(-e);
        }
    }

    fn integrate(&mut self, a: (f64, f64, f64), b: (f64, f64, f64)) {
        let (ta, ia, va) = a;
        let (tb, ib, vb) = b;
        if tb <= ta {
            return;
        }
        if (ia < 0.0 && ib > 0.0) || (ia > 0.0 && ib < 0.0) {
            let f = ia / (ia - ib); // in (0, 1)
            let z = (ta + f * (tb - ta), 0.0, va + f * (vb - va));
            self.segment(a, z);
            self.segment(z, b);
        } else {
            self.segment(a, b);
        }
    }

    fn summary(&self, first_discharge: Option<f64>) -> CycleSummary {
        let ratio = |num: f64, den: f64| if den > 0.0 { num / den } else { f64::NAN };
        let (qc, qd) = (self.q_charge.value(), self.q_discharge.value());
        let (ec, ed) = (self.e_charge.value(), self.e_discharge.value());
        CycleSummary {
            cycle: self.cycle,
            charge_capacity: qc,
            discharge_capacity: qd,
            coulombic_efficiency: ratio(qd, qc),
            charge_energy: ec,
            discharge_energy: ed,
            mean_charge_voltage: ratio(ec, qc),
            mean_discharge_voltage: ratio(ed, qd),
            retention: first_discharge.map_or(f64::NAN, |q0| ratio(qd, q0)),
            end_time: self.end_time,
            extra: self.extra.clone(),
        }
    }
}

/// Builds [`CycleSummary`]s from a stream of samples.
///
/// ```
/// use natrium::output::CycleAccumulator;
/// let mut acc = CycleAccumulator::new();
/// acc.start_cycle();
/// acc.sample(0.0, -1.0, 3.3); // charge at 1 A
/// acc.sample(3600.0, -1.0, 3.4);
/// acc.start_step();
/// acc.sample(3600.0, 0.9, 3.3); // discharge at 0.9 A
/// acc.sample(7200.0, 0.9, 3.2);
/// let s = acc.finish();
/// assert_eq!(s[0].charge_capacity, 3600.0);
/// assert_eq!(s[0].coulombic_efficiency, 0.9);
/// ```
///
/// * [`start_cycle`](Self::start_cycle) closes the open cycle (if it has samples) and opens the
///   next; calling it again before any sample does nothing, so it is safe to call at the start
///   of every cycle including the first.
/// * [`start_step`](Self::start_step) stops integration across a step boundary; the first
///   sample of a step should be at the step's start time. Within a step, consecutive samples are
///   joined by straight lines.
/// * A sample with a non-finite value, or with a time earlier than the previous one, breaks
///   the chain like a step boundary (nothing is integrated across it).
#[derive(Debug, Clone)]
pub struct CycleAccumulator {
    done: Vec<CycleSummary>,
    open: Running,
    first_discharge: Option<f64>,
}

impl Default for CycleAccumulator {
    fn default() -> Self {
        CycleAccumulator::new()
    }
}

impl CycleAccumulator {
    pub fn new() -> CycleAccumulator {
        CycleAccumulator {
            done: Vec::new(),
            open: Running::new(1),
            first_discharge: None,
        }
    }

    /// Number of the open cycle (from 1).
    pub fn cycle(&self) -> u32 {
        self.open.cycle
    }

    /// Close the open cycle if it has samples, returning its summary, and open the next.
    pub fn start_cycle(&mut self) -> Option<CycleSummary> {
        if !self.open.has_samples {
            self.open.prev = None;
            return None;
        }
        let qd = self.open.q_discharge.value();
        if self.first_discharge.is_none() && qd > 0.0 {
            self.first_discharge = Some(qd);
        }
        let s = self.open.summary(self.first_discharge);
        self.open = Running::new(self.open.cycle + 1);
        self.done.push(s.clone());
        Some(s)
    }

    /// A step boundary: the next sample is not joined to the previous one.
    pub fn start_step(&mut self) {
        self.open.prev = None;
    }

    /// One sample: time [s], current [A] (positive = discharge), voltage [V].
    pub fn sample(&mut self, time: f64, current: f64, voltage: f64) {
        if !(time.is_finite() && current.is_finite() && voltage.is_finite()) {
            self.open.prev = None;
            return;
        }
        let b = (time, current, voltage);
        if let Some(a) = self.open.prev {
            self.open.integrate(a, b);
        }
        self.open.prev = Some(b);
        self.open.has_samples = true;
        self.open.end_time = time;
    }

    /// Set a model-specific quantity of the open cycle (full column name with display unit;
    /// value in that unit). Setting the same name again replaces the value.
    pub fn set_extra(&mut self, name: impl Into<String>, value: f64) {
        let name = name.into();
        match self.open.extra.iter_mut().find(|(n, _)| *n == name) {
            Some(e) => e.1 = value,
            None => self.open.extra.push((name, value)),
        }
    }

    /// The open cycle's totals so far (its retention uses the open cycle as reference if no
    /// earlier cycle discharged).
    pub fn current(&self) -> CycleSummary {
        let reference = self.first_discharge.or(Some(self.open.q_discharge.value()));
        self.open.summary(reference)
    }

    /// Summaries of the closed cycles.
    pub fn summaries(&self) -> &[CycleSummary] {
        &self.done
    }

    /// Close the open cycle (if it has samples) and return all summaries.
    pub fn finish(mut self) -> Vec<CycleSummary> {
        self.start_cycle();
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_change_is_split_at_zero() {
        let mut acc = CycleAccumulator::new();
        // current ramps from -1 A to +1 A over 2 s at constant 3 V
        acc.sample(0.0, -1.0, 3.0);
        acc.sample(2.0, 1.0, 3.0);
        let s = acc.finish().remove(0);
        assert_eq!(s.charge_capacity, 0.5);
        assert_eq!(s.discharge_capacity, 0.5);
        assert_eq!(s.charge_energy, 1.5);
        assert_eq!(s.mean_discharge_voltage, 3.0);
        assert_eq!(s.coulombic_efficiency, 1.0);
    }

    #[test]
    fn start_cycle_is_idempotent_and_numbers_from_one() {
        let mut acc = CycleAccumulator::new();
        assert!(acc.start_cycle().is_none());
        assert!(acc.start_cycle().is_none());
        acc.sample(0.0, 1.0, 3.0);
        acc.sample(1.0, 1.0, 3.0);
        assert_eq!(acc.start_cycle().unwrap().cycle, 1);
        assert_eq!(acc.cycle(), 2);
        assert!(acc.start_cycle().is_none());
        assert_eq!(acc.finish().len(), 1);
    }

    #[test]
    fn no_charge_gives_nan_efficiency() {
        let mut acc = CycleAccumulator::new();
        acc.sample(0.0, 1.0, 3.0);
        acc.sample(10.0, 1.0, 3.0);
        let s = acc.current();
        assert!(s.coulombic_efficiency.is_nan());
        assert!(s.mean_charge_voltage.is_nan());
        assert_eq!(s.retention, 1.0);
    }

    #[test]
    fn rest_and_breaks_add_nothing() {
        let mut acc = CycleAccumulator::new();
        acc.sample(0.0, 0.0, 3.0);
        acc.sample(100.0, 0.0, 3.0);
        acc.sample(f64::NAN, 1.0, 3.0);
        acc.sample(200.0, 1.0, 3.0);
        acc.sample(150.0, 1.0, 3.0); // backwards: a break
        let s = acc.current();
        assert_eq!((s.charge_capacity, s.discharge_capacity), (0.0, 0.0));
        assert_eq!(s.end_time, 150.0);
    }

    #[test]
    fn schema_and_row_agree() {
        let mut acc = CycleAccumulator::new();
        acc.sample(0.0, -MAH, 3.5);
        acc.sample(3600.0, -MAH, 3.5);
        acc.set_extra("lost Na inventory [mAh]", 0.01);
        let s = acc.finish();
        let extra = summary_extra_names(&s);
        let schema = summary_schema(&extra);
        let row = s[0].to_row(&extra);
        assert_eq!(schema.len(), row.len());
        assert_eq!(
            row[schema.index_of("charge capacity [mAh]").unwrap()],
            3600.0
        );
        assert_eq!(
            row[schema.index_of("charge energy [mWh]").unwrap()],
            3.5 * 3600.0
        );
        assert_eq!(row[schema.index_of("end time [h]").unwrap()], 1.0);
        assert_eq!(row[schema.index_of("lost Na inventory").unwrap()], 0.01);
        assert_eq!(schema.0.last().unwrap().unit, "mAh");
    }
}
