use super::{CcdStep, CriteriaOptions, Criterion, Electrode};
use crate::output::{Column, OutputError, Schema, Sink, Table};

/// Where a criterion fired.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Fired {
    pub(super) time: f64,
    /// 1-based protocol step.
    pub(super) step: u64,
    pub(super) criterion: Criterion,
}

/// Column indices of the quantities watched.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Cols {
    pub(super) t: usize,
    pub(super) step: usize,
    pub(super) v: usize,
    pub(super) j: Option<usize>,
    pub(super) ohmic: Option<usize>,
    pub(super) phi: Option<usize>,
    pub(super) phi_c: Option<usize>,
    pub(super) flaw: Option<usize>,
}

/// A sink that watches every row, keeps per-step statistics and a trace, and stops the run
/// (by refusing a row) when a criterion fires.
pub(super) struct Monitor {
    pub(super) cols: Option<Cols>,
    /// 1-based protocol step of the first test step.
    first_test: u64,
    criteria: CriteriaOptions,
    phi_min: f64,
    /// Largest contact fraction of each electrode seen in the test so far.
    phi0: Option<f64>,
    phi0_c: Option<f64>,
    pub(super) steps: Vec<CcdStep>,
    pub(super) last: Option<(u64, f64, f64, f64, f64)>, // step, t, |V|, φ, φ_c
    pub(super) fired: Option<Fired>,
    pub(super) trace: Table,
    pub(super) test_start: Option<f64>,
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
    pub(super) fn new(
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

    pub(super) fn threshold(&self, phi0: f64) -> Option<f64> {
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

    pub(super) fn watch(&mut self, row: &[f64]) -> Option<Fired> {
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
            return Err(OutputError::StopRequested { reason: message });
        }
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<Vec<std::path::PathBuf>, OutputError> {
        Ok(Vec::new())
    }
}

fn stop_error() -> OutputError {
    OutputError::StopRequested {
        reason: "criterion fired".into(),
    }
}
