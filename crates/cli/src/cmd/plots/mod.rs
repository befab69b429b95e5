//! Plots of a simulation, drawn from data kept in bounded memory whatever the run length.
//!
//! The plot sink sees every solver step (the files may be thinned, the plots are not): long
//! series go through M4 envelopes ([`natrium::plot::Envelope`]), so every extreme of the trace
//! is drawn and nothing that is not in it; the first plating step is kept on a logarithmic time
//! axis (the nucleation dip lasts milliseconds to minutes), with its extremes tracked exactly;
//! voltage–capacity curves are kept for a logarithmic selection of cycles (1, 2, 3, 5, 10, 20,
//! 30, 50, …) and the last.

mod draw;

pub use draw::simulation_plots;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use natrium::output::{OutputError, RunMetadata, Schema, Sink};
use natrium::plot::Envelope;

/// Buckets of the whole-run time envelope (a figure is 1000 px wide).
const TIMELINE_BUCKETS: usize = 2000;
/// Buckets of each voltage–capacity curve.
const CURVE_BUCKETS: usize = 1000;
/// Buckets of the first plating step, in log10 of its time.
const FIRST_STEP_BUCKETS: usize = 800;

/// Column indices the plots need.
#[derive(Clone, Copy)]
struct Cols {
    t: usize,
    cycle: usize,
    step: usize,
    v: usize,
    current: usize,
    q: Option<usize>,
    negative: Option<usize>,
    nucleation: Option<usize>,
}

/// The first plating step (charge of a full cell, plating of a half cell).
pub struct FirstStep {
    pub step: u64,
    pub t0: f64,
    /// Key log10(t − t0 [s]); series: voltage [V], negative overpotential [V].
    pub log: Envelope,
    /// Key t; series: voltage [V].
    pub lin: Envelope,
    /// Exact extremes over every solver step: (t, voltage) at the lowest voltage (highest for
    /// a full cell's charge is not a dip), and (t, value) of the most negative negative
    /// overpotential, and the last negative overpotential.
    pub v_min: Option<(f64, f64)>,
    pub neg_min: Option<(f64, f64)>,
    pub neg_last: Option<f64>,
    /// (t, η, voltage) of the largest nucleation overpotential.
    pub nucleation_max: Option<(f64, f64, f64)>,
}

/// A voltage–capacity curve of one cycle, keyed on the capacity's arc length.
struct Curve {
    cycle: u32,
    q0: f64,
    arc: f64,
    last_q: f64,
    env: Envelope,
}

/// Data kept for plotting.
#[derive(Default)]
pub struct PlotData {
    pub schema: Option<Schema>,
    cols: Option<Cols>,
    /// Columns in the timeline (all but time, cycle and step), by schema index.
    pub series: Vec<usize>,
    /// Key t [s]; one series per entry of `series`, x = t [s].
    pub timeline: Option<Envelope>,
    pub first: Option<FirstStep>,
    first_done: bool,
    curves: Vec<Curve>,
    current: Option<Curve>,
}

/// Whether cycle `c` is kept (1, 2, 3, 5 × powers of ten).
fn selected(c: u32) -> bool {
    let mut k = 1u32;
    while k <= c {
        if [1, 2, 3, 5].iter().any(|m| k * m == c) {
            return true;
        }
        k = k.saturating_mul(10);
    }
    false
}

impl PlotData {
    fn begin(&mut self, schema: &Schema) {
        let i = |n: &str| schema.index_of(n);
        self.cols = match (
            i("time [s]"),
            i("cycle"),
            i("step"),
            i("voltage [V]"),
            i("current [mA]"),
        ) {
            (Some(t), Some(cycle), Some(step), Some(v), Some(current)) => Some(Cols {
                t,
                cycle,
                step,
                v,
                current,
                q: i("charge passed [mAh/cm^2]"),
                negative: i("negative overpotential [V]"),
                nucleation: i("nucleation overpotential [V]"),
            }),
            _ => None,
        };
        if let Some(c) = self.cols {
            self.series = (0..schema.len())
                .filter(|&k| k != c.t && k != c.cycle && k != c.step)
                .collect();
            self.timeline = Some(Envelope::new(self.series.len(), 1.0, TIMELINE_BUCKETS));
        }
        self.schema = Some(schema.clone());
    }

    fn push(&mut self, row: &[f64]) {
        let Some(c) = self.cols else { return };
        let t = row[c.t];
        if let Some(env) = self.timeline.as_mut() {
            let pts: Vec<(f64, f64)> = self.series.iter().map(|&k| (t, row[k])).collect();
            env.push(t, &pts);
        }
        self.first_step(c, row);
        if let Some(iq) = c.q {
            self.curve(c.cycle, iq, c.v, row);
        }
    }

    /// Track the first step that plates (negative current) at full resolution.
    fn first_step(&mut self, c: Cols, row: &[f64]) {
        let (t, step, v, i) = (row[c.t], row[c.step] as u64, row[c.v], row[c.current]);
        if self.first_done {
            return;
        }
        if let Some(f) = &self.first {
            if step != f.step {
                self.first_done = true;
                return;
            }
        } else if i < 0.0 {
            self.first = Some(FirstStep {
                step,
                t0: t,
                log: Envelope::new(2, 0.002, FIRST_STEP_BUCKETS),
                lin: Envelope::new(1, 0.01, FIRST_STEP_BUCKETS),
                v_min: None,
                neg_min: None,
                neg_last: None,
                nucleation_max: None,
            });
        }
        let Some(f) = self.first.as_mut() else { return };
        let neg = c.negative.map_or(f64::NAN, |k| row[k]);
        let dt = t - f.t0;
        if dt > 0.0 {
            f.log.push(dt.log10(), &[(dt, v), (dt, neg)]);
        }
        f.lin.push(t, &[(t, v)]);
        if v.is_finite() && f.v_min.is_none_or(|m| v < m.1) {
            f.v_min = Some((t, v));
        }
        if neg.is_finite() {
            if f.neg_min.is_none_or(|m| neg < m.1) {
                f.neg_min = Some((t, neg));
            }
            f.neg_last = Some(neg);
        }
        if let Some(eta) = c.nucleation.map(|k| row[k]).filter(|x| x.is_finite()) {
            if f.nucleation_max.is_none_or(|m| eta.abs() > m.1.abs()) {
                f.nucleation_max = Some((t, eta, v));
            }
        }
    }

    /// Voltage against capacity since the cycle started, for selected cycles.
    fn curve(&mut self, ic: usize, iq: usize, iv: usize, row: &[f64]) {
        let cycle = row[ic] as u32;
        let (q, v) = (row[iq], row[iv]);
        if self.current.as_ref().is_none_or(|c| c.cycle != cycle) {
            if let Some(done) = self.current.take() {
                self.keep(done);
            }
            self.current = Some(Curve {
                cycle,
                q0: q,
                arc: 0.0,
                last_q: q,
                env: Envelope::new(1, 1e-6, CURVE_BUCKETS),
            });
        }
        if let Some(cur) = self.current.as_mut() {
            cur.arc += (q - cur.last_q).abs();
            cur.last_q = q;
            cur.env.push(cur.arc, &[(-(q - cur.q0), v)]);
        }
    }

    /// Keep a finished cycle's curve if it is selected (or as the latest candidate "last").
    fn keep(&mut self, c: Curve) {
        self.curves.retain(|k| selected(k.cycle));
        self.curves.push(c);
    }

    /// The kept curves: (cycle, points), in cycle order.
    pub fn curves(&self) -> Vec<(u32, Vec<(f64, f64)>)> {
        self.curves
            .iter()
            .chain(self.current.iter())
            .filter(|c| selected(c.cycle) || std::ptr::eq(*c, self.last_curve()))
            .map(|c| (c.cycle, c.env.points(0)))
            .collect()
    }

    fn last_curve(&self) -> &Curve {
        self.current
            .as_ref()
            .or(self.curves.last())
            .expect("called with at least one curve")
    }

    /// Points of a timeline column by name: (t [s], value).
    pub fn column(&self, name: &str) -> Option<Vec<(f64, f64)>> {
        let k = self.schema.as_ref()?.index_of(name)?;
        let pos = self.series.iter().position(|&s| s == k)?;
        let pts = self.timeline.as_ref()?.points(pos);
        (!pts.is_empty()).then_some(pts)
    }
}

/// A sink that keeps the plot data.
pub struct PlotSink {
    data: Arc<Mutex<PlotData>>,
}

/// Access to the data after the run.
#[derive(Clone)]
pub struct PlotHandle(Arc<Mutex<PlotData>>);

impl PlotHandle {
    pub fn take(&self) -> PlotData {
        let mut g = self.0.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut *g)
    }
}

impl PlotSink {
    pub fn new() -> PlotSink {
        PlotSink {
            data: Arc::new(Mutex::new(PlotData::default())),
        }
    }
    pub fn handle(&self) -> PlotHandle {
        PlotHandle(self.data.clone())
    }
}

impl Sink for PlotSink {
    fn begin(&mut self, schema: &Schema) -> Result<(), OutputError> {
        self.data
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .begin(schema);
        Ok(())
    }
    fn row(&mut self, values: &[f64]) -> Result<(), OutputError> {
        self.data
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(values);
        Ok(())
    }
    fn set_metadata(&mut self, _: &RunMetadata) -> Result<(), OutputError> {
        Ok(())
    }
    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>, OutputError> {
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_kept_are_log_spaced() {
        let kept: Vec<u32> = (1..=1000).filter(|c| selected(*c)).collect();
        assert_eq!(
            kept,
            vec![1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500, 1000]
        );
    }
}
