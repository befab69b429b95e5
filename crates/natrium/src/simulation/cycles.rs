//! Cycle bookkeeping of the runner, from the exact charge and energy counters of the model (the
//! integrals of current and power are states, so capacities carry the solver's accuracy, not
//! that of a quadrature over output rows).

use crate::output::CycleSummary;

/// Cycle-summary column of the nucleation dip as a cycler's trace shows it.
pub const NUCLEATION_SAMPLED: &str = "nucleation overpotential [mV]";
/// Cycle-summary column of the nucleation dip of the unsampled solution.
pub const NUCLEATION_EXACT: &str = "nucleation overpotential (unsampled) [mV]";

/// Cycles so far and the one in progress.
#[derive(Default)]
pub(super) struct Cycles {
    list: Vec<CycleSummary>,
    cur: Option<CycleSummary>,
    first_discharge: Option<f64>,
    /// The nucleation dip of the cycle in progress (its first plating on a bare collector).
    dip: Option<super::sampled::Dip>,
    /// Whether any cycle read a dip (then every cycle gets the columns).
    any_dip: bool,
}

impl Cycles {
    /// A charging step after a discharge opens a new cycle (as does the first step).
    pub(super) fn begin_step(&mut self, charging: bool) {
        let need_new = match &self.cur {
            None => true,
            Some(c) => charging && c.discharge_capacity > 0.0,
        };
        if need_new {
            if let Some(c) = self.cur.take() {
                self.close(c);
            }
            self.dip = None;
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

    /// Book charge `dq` [C] and energy `de` [J] passed in a step (positive on discharge).
    pub(super) fn add(&mut self, dq: f64, de: f64, t: f64, extra: Vec<(String, f64)>) {
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

    /// The nucleation dip read in the cycle in progress (the first one counts).
    pub(super) fn note_dip(&mut self, d: super::sampled::Dip) {
        if self.dip.is_none() && self.cur.is_some() {
            self.dip = Some(d);
            self.any_dip = true;
        }
    }

    fn close(&mut self, mut c: CycleSummary) {
        if self.any_dip {
            let (s, e) = self
                .dip
                .map_or((f64::NAN, f64::NAN), |d| (d.sampled, d.exact));
            c.extra.push((NUCLEATION_SAMPLED.to_string(), s * 1e3));
            c.extra.push((NUCLEATION_EXACT.to_string(), e * 1e3));
        }
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

    /// The summaries, the cycle in progress closed if it passed any charge.
    pub(super) fn finish(mut self) -> Vec<CycleSummary> {
        if let Some(c) = self.cur.take() {
            if c.charge_capacity > 0.0 || c.discharge_capacity > 0.0 {
                self.close(c);
            }
        }
        self.list
    }

    /// Number of the cycle in progress (that of the last closed one between cycles).
    pub(super) fn number(&self) -> u32 {
        self.cur
            .as_ref()
            .map(|c| c.cycle)
            .unwrap_or(self.list.len() as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_charge_after_a_discharge_opens_a_cycle_and_rests_do_not() {
        let mut c = Cycles::default();
        c.begin_step(true);
        c.add(-10.0, -35.0, 1.0, vec![]);
        c.begin_step(false);
        c.add(9.0, 30.0, 2.0, vec![]);
        c.begin_step(false); // a second discharge stays in cycle 1
        c.add(0.5, 1.5, 3.0, vec![]);
        assert_eq!(c.number(), 1);
        c.begin_step(true);
        c.add(-9.5, -33.0, 4.0, vec![]);
        c.begin_step(false);
        c.add(4.75, 15.0, 5.0, vec![]);
        let list = c.finish();
        assert_eq!(list.len(), 2);
        assert!((list[0].coulombic_efficiency - 0.95).abs() < 1e-15);
        assert!((list[0].mean_charge_voltage - 3.5).abs() < 1e-15);
        assert!((list[1].retention - 0.5).abs() < 1e-15);
    }
}
