//! The standard figures of a run.

use anyhow::Result;
use std::path::{Path, PathBuf};

use super::PlotData;
use natrium::plot::{self, sequential, Format, LinePlot, Marker, MultiPlot, Series};
use natrium::simulation::RunResult;

const BOTH: [Format; 2] = [Format::Png, Format::Svg];

/// Time axis unit for a run of `span` seconds: (label unit, seconds per unit).
fn time_unit(span: f64) -> (&'static str, f64) {
    if span < 2.0 * 3600.0 {
        ("min", 60.0)
    } else {
        ("h", 3600.0)
    }
}

fn series(label: &str, pts: &[(f64, f64)], x_scale: f64, y_scale: f64) -> Series {
    Series::new(
        label,
        pts.iter().map(|p| p.0 / x_scale).collect(),
        pts.iter().map(|p| p.1 * y_scale).collect(),
    )
}

/// Draw the standard plots of a run into `out`.
pub fn simulation_plots(
    d: &PlotData,
    result: &RunResult,
    out: &Path,
    half_cell: bool,
) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let vlabel = if half_cell {
        "working electrode vs Na [V]"
    } else {
        "voltage [V]"
    };
    let Some(v) = d.column("voltage [V]") else {
        return Ok(written);
    };
    let span = v.last().map_or(0.0, |p| p.0) - v[0].0;
    let (tu, ts) = time_unit(span);
    let tlabel = format!("time [{tu}]");
    if v.len() >= 2 {
        let mut p = LinePlot::new("Voltage", tlabel.as_str(), vlabel);
        p.series.push(series("", &v, ts, 1.0));
        written.extend(plot::write(&p, &out.join("voltage-time"), &BOTH)?);
    }
    written.extend(voltage_capacity(d, out, vlabel)?);
    written.extend(capacity_ce(result, out)?);
    written.extend(overpotentials(d, out, &tlabel, ts)?);
    written.extend(first_step(d, out, vlabel)?);
    written.extend(interface(d, result, out, &tlabel, ts)?);
    Ok(written)
}

/// Voltage against capacity, one curve per kept cycle, coloured in cycle order.
fn voltage_capacity(d: &PlotData, out: &Path, vlabel: &str) -> Result<Vec<PathBuf>> {
    let curves: Vec<(u32, Vec<(f64, f64)>)> = d
        .curves()
        .into_iter()
        .filter(|(_, p)| p.len() >= 2)
        .collect();
    if curves.is_empty() {
        return Ok(Vec::new());
    }
    let last = curves.iter().map(|c| c.0).max().unwrap_or(1).max(1);
    let mut p = LinePlot::new(
        "Voltage vs capacity by cycle",
        "capacity since cycle start [mAh/cm^2]",
        vlabel,
    );
    for (c, pts) in &curves {
        // position on a log scale of the cycle number, so early cycles are told apart
        let f = if last > 1 {
            (*c as f64).ln() / (last as f64).ln()
        } else {
            0.0
        };
        p.series
            .push(series(&format!("cycle {c}"), pts, 1.0, 1.0).with_color(sequential(0.9 * f)));
    }
    Ok(plot::write(&p, &out.join("voltage-capacity"), &BOTH)?)
}

/// Capacity and Coulombic efficiency per cycle.
fn capacity_ce(result: &RunResult, out: &Path) -> Result<Vec<PathBuf>> {
    let cyc: Vec<f64> = result.cycles.iter().map(|c| c.cycle as f64).collect();
    if cyc.len() < 2 {
        return Ok(Vec::new());
    }
    let per = |f: &dyn Fn(&natrium::output::CycleSummary) -> f64| -> Vec<f64> {
        result.cycles.iter().map(f).collect()
    };
    let mut cap = LinePlot::new("Capacity", "cycle", "capacity [mAh]");
    cap.series.push(Series::new(
        "discharge",
        cyc.clone(),
        per(&|c| c.discharge_capacity / 3.6),
    ));
    cap.series.push(Series::new(
        "charge",
        cyc.clone(),
        per(&|c| c.charge_capacity / 3.6),
    ));
    let mut ce = LinePlot::new("Coulombic efficiency", "cycle", "Coulombic efficiency [%]");
    ce.series.push(Series::new(
        "",
        cyc,
        per(&|c| c.coulombic_efficiency * 100.0),
    ));
    let m = MultiPlot {
        title: "Capacity and Coulombic efficiency".into(),
        panels: vec![cap, ce],
        columns: 1,
    };
    Ok(plot::write(&m, &out.join("capacity-ce"), &BOTH)?)
}

/// Overpotential breakdown against time.
fn overpotentials(d: &PlotData, out: &Path, tlabel: &str, ts: f64) -> Result<Vec<PathBuf>> {
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
    let mut p = LinePlot::new("Overpotential breakdown", tlabel, "overpotential [V]");
    for name in parts {
        if let Some(pts) = d.column(name) {
            p.series
                .push(series(name.trim_end_matches(" [V]"), &pts, ts, 1.0));
        }
    }
    if p.series.is_empty() {
        return Ok(Vec::new());
    }
    Ok(plot::write(&p, &out.join("overpotentials"), &BOTH)?)
}

/// The first plating step: linear time with the nucleation overpotential's extreme marked, and
/// the interface (or the working electrode of a half cell) on a logarithmic time axis, where a
/// dip of milliseconds to minutes and its relaxation are visible.
fn first_step(d: &PlotData, out: &Path, vlabel: &str) -> Result<Vec<PathBuf>> {
    let Some(f) = &d.first else {
        return Ok(Vec::new());
    };
    let lin = f.lin.points(0);
    if lin.len() < 3 {
        return Ok(Vec::new());
    }
    let span = lin.last().map_or(0.0, |p| p.0) - f.t0;
    let (tu, ts) = time_unit(span);
    let mut a = LinePlot::new(
        format!("First plating step (step {})", f.step),
        format!("time since the step started [{tu}]"),
        vlabel,
    );
    let rel: Vec<(f64, f64)> = lin.iter().map(|p| (p.0 - f.t0, p.1)).collect();
    a.series.push(series("", &rel, ts, 1.0));
    if let Some((t, eta, v)) = f.nucleation_max {
        a.markers.push(Marker::new(
            (t - f.t0) / ts,
            v,
            format!("nucleation {:.1} mV", eta.abs() * 1e3),
        ));
    }
    // log-time panel: the negative overpotential where it exists, else the voltage itself
    let (k, label, scale, extreme, last) = match (f.neg_min, f.neg_last) {
        (Some(m), Some(l)) => (1, "negative overpotential [mV]", 1e3, m, l),
        _ => {
            let last = lin.last().map_or(f64::NAN, |p| p.1);
            (
                0,
                "working electrode vs Na [mV]",
                1e3,
                f.v_min.unwrap_or((f.t0, last)),
                last,
            )
        }
    };
    let pts: Vec<(f64, f64)> = f.log.points(k).into_iter().filter(|p| p.0 > 0.0).collect();
    let mut panels = vec![a];
    if pts.len() >= 3 {
        let mut b = LinePlot::new(
            "First plating step, logarithmic time",
            "time since the step started [s]",
            label,
        );
        b.log_x = true;
        b.series.push(series("", &pts, 1.0, scale));
        let dip = (last - extreme.1) * scale;
        if dip > 0.05 && extreme.0 > f.t0 {
            b.markers.push(Marker::new(
                extreme.0 - f.t0,
                extreme.1 * scale,
                format!("dip {dip:.1} mV below the end of the step"),
            ));
        }
        panels.push(b);
    }
    let m = MultiPlot {
        title: "First plating step".into(),
        panels,
        columns: 1,
    };
    Ok(plot::write(&m, &out.join("first-step"), &BOTH)?)
}

/// Interface state (anode-free submodels) against time, and CE per cycle.
fn interface(
    d: &PlotData,
    result: &RunResult,
    out: &Path,
    tlabel: &str,
    ts: f64,
) -> Result<Vec<PathBuf>> {
    let mut panels = Vec::new();
    for (name, title) in [
        ("interface contact fraction [-]", "contact fraction"),
        ("stack pressure [MPa]", "stack pressure"),
        ("sodium thickness [um]", "Na thickness"),
        ("dead sodium [uAh/cm^2]", "dead sodium"),
    ] {
        if let Some(pts) = d.column(name) {
            let mut p = LinePlot::new(title, tlabel, name);
            p.series.push(series("", &pts, ts, 1.0));
            panels.push(p);
        }
    }
    if result.cycles.len() >= 2 {
        let mut ce = LinePlot::new("Coulombic efficiency", "cycle", "CE [%]");
        ce.series.push(Series::new(
            "",
            result.cycles.iter().map(|c| c.cycle as f64).collect(),
            result
                .cycles
                .iter()
                .map(|c| c.coulombic_efficiency * 100.0)
                .collect(),
        ));
        panels.push(ce);
    }
    if panels.len() < 2 {
        return Ok(Vec::new());
    }
    let m = MultiPlot {
        title: "Negative interface".into(),
        panels,
        columns: 2,
    };
    Ok(plot::write(&m, &out.join("interface"), &BOTH)?)
}
