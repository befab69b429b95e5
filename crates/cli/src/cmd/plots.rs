//! Plots of a simulation. The time series is kept for plotting in bounded memory: rows are thinned
//! by halving whenever the buffer fills, and the voltage–capacity curves are kept at full
//! resolution only for a logarithmic selection of cycles (1, 2, 3, 5, 10, 20, 50, …) and the last.

use anyhow::Result;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use natrium::output::{OutputError, RunMetadata, Schema, Sink};
use natrium::plot::{self, Format, LinePlot, Marker, MultiPlot, Series};
use natrium::simulation::RunResult;

const MAX_ROWS: usize = 40_000;

/// A voltage–capacity curve: (capacity since cycle start [mAh/cm²], voltage [V]).
type Curve = Vec<(f64, f64)>;

/// Data kept for plotting.
#[derive(Default)]
pub struct PlotData {
    pub schema: Option<Schema>,
    pub rows: Vec<Vec<f64>>,
    stride: usize,
    seen: usize,
    /// (cycle, capacity since cycle start [mAh/cm²], voltage [V]) of selected cycles.
    pub curves: Vec<(u32, Curve)>,
    current: Option<(u32, f64, Curve)>,
    /// First protocol step at full resolution: (time [s], row).
    pub first_step: Vec<Vec<f64>>,
}

fn selected(cycle: u32) -> bool {
    let mut k = 1u32;
    while k <= cycle {
        for m in [1, 2, 3, 5] {
            if k * m == cycle {
                return true;
            }
        }
        k = k.saturating_mul(10);
    }
    false
}

impl PlotData {
    fn col(&self, name: &str) -> Option<usize> {
        self.schema.as_ref().and_then(|s| s.index_of(name))
    }
    fn push(&mut self, row: &[f64]) {
        let (Some(ic), Some(iq), Some(iv), Some(is)) = (
            self.col("cycle [-]").or(self.col("cycle")),
            self.col("charge passed [mAh/cm^2]"),
            self.col("voltage [V]"),
            self.col("step").or(self.col("step [-]")),
        ) else {
            return;
        };
        if row[is] == 1.0 {
            self.first_step.push(row.to_vec());
        }
        let cycle = row[ic] as u32;
        let q = row[iq];
        let v = row[iv];
        match &mut self.current {
            Some((c, q0, pts)) if *c == cycle => pts.push((-(q - *q0), v)),
            _ => {
                if let Some((c, _, pts)) = self.current.take() {
                    if selected(c) {
                        self.curves.push((c, pts));
                    } else {
                        // keep the latest unselected cycle as the candidate "last"
                        self.curves.retain(|(k, _)| selected(*k));
                        self.curves.push((c, pts));
                    }
                }
                self.current = Some((cycle, q, vec![(0.0, v)]));
            }
        }
        self.seen += 1;
        if self.stride == 0 {
            self.stride = 1;
        }
        if self.seen % self.stride == 0 {
            self.rows.push(row.to_vec());
            if self.rows.len() >= MAX_ROWS {
                let kept: Vec<Vec<f64>> = self.rows.iter().step_by(2).cloned().collect();
                self.rows = kept;
                self.stride *= 2;
            }
        }
    }
    fn close(&mut self) {
        if let Some((c, _, pts)) = self.current.take() {
            self.curves.retain(|(k, _)| selected(*k));
            self.curves.push((c, pts));
        }
    }
}

/// A sink that keeps a thinned copy of the time series for plots.
pub struct PlotSink {
    data: Arc<Mutex<PlotData>>,
}

/// Access to the data after the run.
#[derive(Clone)]
pub struct PlotHandle(Arc<Mutex<PlotData>>);

impl PlotHandle {
    pub fn take(&self) -> PlotData {
        let mut g = self.0.lock().unwrap_or_else(|e| e.into_inner());
        g.close();
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
        self.data.lock().unwrap_or_else(|e| e.into_inner()).schema = Some(schema.clone());
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

const BOTH: [Format; 2] = [Format::Png, Format::Svg];

/// Draw the standard plots of a run into `out`.
pub fn simulation_plots(
    d: &PlotData,
    result: &RunResult,
    out: &Path,
    half_cell: bool,
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let Some(schema) = &d.schema else {
        return Ok(written);
    };
    let col = |name: &str| -> Option<Vec<f64>> {
        schema
            .index_of(name)
            .map(|i| d.rows.iter().map(|r| r[i]).collect())
    };
    let vlabel = if half_cell {
        "working electrode vs Na [V]"
    } else {
        "voltage [V]"
    };
    let (Some(t), Some(v)) = (col("time [s]"), col("voltage [V]")) else {
        return Ok(written);
    };
    let th: Vec<f64> = t.iter().map(|x| x / 3600.0).collect();
    if th.len() >= 2 {
        let mut p = LinePlot::new("Voltage", "time [h]", vlabel);
        p.series.push(Series::new("", th.clone(), v.clone()));
        written.extend(plot::write(&p, &out.join("voltage-time"), &BOTH)?);
    }
    // voltage vs capacity, by cycle
    if !d.curves.is_empty() {
        let mut p = LinePlot::new(
            "Voltage vs capacity by cycle",
            "capacity since cycle start [mAh/cm^2]",
            vlabel,
        );
        for (c, pts) in &d.curves {
            if pts.len() >= 2 {
                p.series.push(Series::new(
                    format!("cycle {c}"),
                    pts.iter().map(|x| x.0).collect(),
                    pts.iter().map(|x| x.1).collect(),
                ));
            }
        }
        if !p.series.is_empty() {
            written.extend(plot::write(&p, &out.join("voltage-capacity"), &BOTH)?);
        }
    }
    // capacity and CE vs cycle
    let cyc: Vec<f64> = result.cycles.iter().map(|c| c.cycle as f64).collect();
    if cyc.len() >= 2 {
        let mut cap = LinePlot::new("Capacity", "cycle", "capacity [mAh]");
        cap.series.push(Series::new(
            "discharge",
            cyc.clone(),
            result
                .cycles
                .iter()
                .map(|c| c.discharge_capacity / 3.6)
                .collect(),
        ));
        cap.series.push(Series::new(
            "charge",
            cyc.clone(),
            result
                .cycles
                .iter()
                .map(|c| c.charge_capacity / 3.6)
                .collect(),
        ));
        let mut ce = LinePlot::new("Coulombic efficiency", "cycle", "Coulombic efficiency [%]");
        ce.series.push(Series::new(
            "",
            cyc.clone(),
            result
                .cycles
                .iter()
                .map(|c| c.coulombic_efficiency * 100.0)
                .collect(),
        ));
        let m = MultiPlot {
            title: "Capacity and Coulombic efficiency".into(),
            panels: vec![cap, ce],
            columns: 1,
        };
        written.extend(plot::write(&m, &out.join("capacity-ce"), &BOTH)?);
    }
    // overpotential breakdown
    let parts = [
        "cathode concentration overpotential [V]",
        "cathode reaction overpotential [V]",
        "cathode ohmic overpotential [V]",
        "separator ohmic overpotential [V]",
        "separator concentration overpotential [V]",
        "negative overpotential [V]",
        "nucleation overpotential [V]",
        "growth overpotential [V]",
        "constriction overpotential [V]",
        "counter overpotential [V]",
    ];
    let mut p = LinePlot::new("Overpotential breakdown", "time [h]", "overpotential [V]");
    for name in parts {
        if let Some(y) = col(name) {
            p.series
                .push(Series::new(name.trim_end_matches(" [V]"), th.clone(), y));
        }
    }
    if !p.series.is_empty() && th.len() >= 2 {
        written.extend(plot::write(&p, &out.join("overpotentials"), &BOTH)?);
    }
    // first step at full resolution with the extreme of the voltage marked (nucleation dip)
    if d.first_step.len() >= 3 {
        if let (Some(it), Some(iv)) = (schema.index_of("time [s]"), schema.index_of("voltage [V]"))
        {
            let x: Vec<f64> = d.first_step.iter().map(|r| r[it] / 60.0).collect();
            let y: Vec<f64> = d.first_step.iter().map(|r| r[iv]).collect();
            let mut p = LinePlot::new("Voltage", "time [min]", vlabel);
            p.series.push(Series::new("", x.clone(), y.clone()));
            if let Some(ie) = schema.index_of("nucleation overpotential [V]") {
                // mark the largest nucleation overpotential
                if let Some((k, _)) = d
                    .first_step
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1[ie].abs().total_cmp(&b.1[ie].abs()))
                {
                    let eta = d.first_step[k][ie];
                    p.markers.push(Marker::new(
                        x[k],
                        y[k],
                        format!("nucleation {:.1} mV", eta.abs() * 1e3),
                    ));
                }
            }
            // the negative interface on a logarithmic time axis, where the dip (milliseconds
            // to seconds) and its relaxation to steady growth are visible
            let mut panels = vec![p];
            if let Some(ineg) = schema.index_of("negative overpotential [V]") {
                let t0 = d.first_step[0][it];
                let pts: Vec<(f64, f64)> = d
                    .first_step
                    .iter()
                    .map(|r| (r[it] - t0, r[ineg] * 1e3))
                    .filter(|(t, _)| *t > 0.0)
                    .collect();
                if pts.len() >= 3 {
                    let mut q = LinePlot::new(
                        "Negative interface",
                        "time since the step started [s]",
                        "negative overpotential [mV]",
                    );
                    q.log_x = true;
                    let (tx, vy): (Vec<f64>, Vec<f64>) = pts.iter().copied().unzip();
                    if let Some((k, _)) = vy.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)) {
                        let dip = vy[vy.len() - 1] - vy[k];
                        if dip > 0.0 {
                            q.markers.push(Marker::new(
                                tx[k],
                                vy[k],
                                format!("nucleation dip {dip:.1} mV below growth"),
                            ));
                        }
                    }
                    q.series.push(Series::new("", tx, vy));
                    panels.push(q);
                }
            }
            if panels.len() == 1 {
                written.extend(plot::write(&panels[0], &out.join("first-step"), &BOTH)?);
            } else {
                let m = MultiPlot {
                    title: "First step".into(),
                    panels,
                    columns: 1,
                };
                written.extend(plot::write(&m, &out.join("first-step"), &BOTH)?);
            }
        }
    }
    // interface state (anode-free submodels)
    let mut panels = Vec::new();
    for (name, title) in [
        ("interface contact fraction [-]", "contact fraction"),
        ("stack pressure [MPa]", "stack pressure"),
        ("sodium thickness [um]", "Na thickness"),
        ("lost sodium [mAh/cm^2]", "lost Na inventory"),
    ] {
        if let Some(y) = col(name) {
            let mut p = LinePlot::new(title, "time [h]", name);
            p.series.push(Series::new("", th.clone(), y));
            panels.push(p);
        }
    }
    if cyc.len() >= 2 {
        let mut ce = LinePlot::new("Coulombic efficiency", "cycle", "CE [%]");
        ce.series.push(Series::new(
            "",
            cyc.clone(),
            result
                .cycles
                .iter()
                .map(|c| c.coulombic_efficiency * 100.0)
                .collect(),
        ));
        panels.push(ce);
    }
    if panels.len() >= 2 && th.len() >= 2 {
        let m = MultiPlot {
            title: "Negative interface".into(),
            panels,
            columns: 2,
        };
        written.extend(plot::write(&m, &out.join("interface"), &BOTH)?);
    }
    Ok(written)
}
