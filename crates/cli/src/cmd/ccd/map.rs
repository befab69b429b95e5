use anyhow::{Context, Result};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::staircase::{criteria_text, criterion_json, dwell_text, schedule_text, write_json};
use super::{explain, fmt, ma, num, progress_bar, quantity_list, Parsed, BOTH};
use crate::args::CcdArgs;
use crate::table;
use natrium::analysis::ccd::{self, CcdMap, CcdResult, Criterion, MapOptions};
use natrium::plot::{self, HeatMap, LabelledHeatMap, LinePlot, Marker, Series};
use natrium::units::dims;

pub(super) fn run_map(a: &CcdArgs, cell: &natrium::cell::CellSpec, p: Parsed) -> Result<ExitCode> {
    let pressures = quantity_list(
        "pressures",
        a.pressures.as_deref().unwrap_or(""),
        dims::PRESSURE,
        "0.5,1,2,4MPa",
    )?;
    let currents = quantity_list(
        "currents",
        a.currents.as_deref().unwrap_or(""),
        dims::CURRENT_DENSITY,
        "0.1,0.2,0.5,1mA/cm2",
    )?;
    let opts = MapOptions {
        direction: p.direction,
        pressures,
        currents,
        test: p.dwell,
        criteria: p.criteria,
        temperature: p.temperature,
        preplate: p.preplate,
        staircase: (!a.no_staircase).then_some(p.schedule),
        rtol: a.rtol,
    };
    let total = opts.pressures.len() * opts.currents.len()
        + if opts.staircase.is_some() {
            opts.pressures.len()
        } else {
            0
        };
    let bar = progress_bar(a.quiet || a.json, total as u64, "run");
    let m = ccd::ccd_map(cell, &opts, &|done, _| bar.set_position(done as u64)).map_err(explain)?;
    bar.finish_and_clear();
    let mut written = Vec::new();
    if let Some(out) = &a.out {
        written = write_map(&m, &opts, out)?;
    }
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&map_json(&m, &opts))?)?;
    } else {
        print_map(&m, &opts)?;
        for w in &written {
            outln!("wrote {}", w.display())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_map(m: &CcdMap, o: &MapOptions) -> Result<()> {
    outln!(
        "CCD map: {}, {}, test {} per cell",
        m.cell,
        m.direction,
        dwell_text(o.test)
    )?;
    outln!("criteria: {}", criteria_text(&o.criteria))?;
    let mut header = vec!["pressure [MPa]".to_string()];
    header.extend(
        m.currents
            .iter()
            .map(|j| format!("{} mA/cm²", fmt(ma(*j), 3))),
    );
    let h: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = table::new(&h);
    for (ip, p) in m.pressures.iter().enumerate() {
        let mut row = vec![fmt(p / 1e6, 3)];
        for ij in 0..m.currents.len() {
            row.push(match m.cell_at(ip, ij) {
                Some(c) if c.passed => format!("pass {} V", fmt(c.max_voltage, 3)),
                Some(c) => format!(
                    "FAIL {}{}",
                    c.criterion.as_ref().map(Criterion::code).unwrap_or("?"),
                    if c.preplate_failed {
                        " (pre-plating)"
                    } else {
                        ""
                    }
                ),
                None => "?".into(),
            });
        }
        t.add_row(row);
    }
    outln!("cells: pass with the largest |V|, or the criterion that fired")?;
    outln!("{t}")?;
    if !m.staircases.is_empty() {
        if let Some(s) = &o.staircase {
            outln!("CCD per pressure ({})", schedule_text(s))?;
        }
        let mut t = table::new(&[
            "pressure [MPa]",
            "CCD [mA/cm²]",
            "failed at [mA/cm²]",
            "criterion",
        ]);
        for (p, r) in m.pressures.iter().zip(&m.staircases) {
            match r {
                Ok(r) => t.add_row(vec![
                    fmt(p / 1e6, 3),
                    ccd_text(r),
                    fmt(r.failed_at.map(ma).unwrap_or(f64::NAN), 3),
                    r.criterion
                        .as_ref()
                        .map(|c| c.to_string())
                        .unwrap_or_else(|| "none up to the maximum".into()),
                ]),
                Err(e) => t.add_row(vec![
                    fmt(p / 1e6, 3),
                    "–".into(),
                    "–".into(),
                    format!("error: {e}"),
                ]),
            };
        }
        outln!("{t}")?;
    }
    for n in &m.notes {
        outln!("note: {n}")?;
    }
    Ok(())
}

fn ccd_text(r: &CcdResult) -> String {
    match (r.determined(), r.ccd, r.failed_at) {
        (true, Some(c), _) => fmt(ma(c), 3),
        (true, None, Some(f)) => format!("< {}", fmt(ma(f), 3)),
        (_, c, _) => format!("≥ {}", fmt(c.map(ma).unwrap_or(0.0), 3)),
    }
}

fn map_json(m: &CcdMap, o: &MapOptions) -> Value {
    json!({
        "cell": m.cell,
        "direction": m.direction.as_str(),
        "test per cell": dwell_text(o.test),
        "criteria": {
            "voltage limit [V]": o.criteria.voltage_limit,
            "contact floor": o.criteria.contact_floor,
        },
        "pressures [MPa]": m.pressures.iter().map(|p| p / 1e6).collect::<Vec<_>>(),
        "current densities [mA/cm^2]": m.currents.iter().map(|j| ma(*j)).collect::<Vec<_>>(),
        "cells": m.cells.iter().map(|c| json!({
            "stack pressure [MPa]": c.pressure / 1e6,
            "current density [mA/cm^2]": ma(c.current_density),
            "passed": c.passed,
            "criterion": criterion_json(&c.criterion),
            "during pre-plating": c.preplate_failed,
            "time to failure [h]": c.time.map(|t| t / 3600.0),
            "max |voltage| [V]": num(c.max_voltage),
            "min contact fraction": num(c.min_contact),
            "min counter contact fraction": num(c.min_counter_contact),
            "max flaw loading": num(c.max_flaw_loading),
        })).collect::<Vec<_>>(),
        "ccd per pressure": m.pressures.iter().zip(&m.staircases).map(|(p, r)| match r {
            Ok(r) => json!({
                "stack pressure [MPa]": p / 1e6,
                "ccd [mA/cm^2]": r.ccd.map(ma),
                "failed at [mA/cm^2]": r.failed_at.map(ma),
                "criterion": criterion_json(&r.criterion),
                "determined": r.determined(),
                "summary": r.summary(),
            }),
            Err(e) => json!({ "stack pressure [MPa]": p / 1e6, "error": e.to_string() }),
        }).collect::<Vec<_>>(),
        "notes": m.notes,
    })
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

fn write_map(m: &CcdMap, o: &MapOptions, out: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let mut w = Vec::new();
    let mut csv = String::from("stack pressure [MPa],current density [mA/cm^2],passed,criterion,during pre-plating,time to failure [h],max |voltage| [V],min contact fraction [-],min counter contact fraction [-],max flaw loading [-],criterion text\n");
    for c in &m.cells {
        let row = [
            csv_num(c.pressure / 1e6),
            csv_num(ma(c.current_density)),
            (c.passed as u8).to_string(),
            c.criterion
                .as_ref()
                .map(|k| k.code().to_string())
                .unwrap_or_default(),
            (c.preplate_failed as u8).to_string(),
            csv_num(c.time.map(|t| t / 3600.0).unwrap_or(f64::NAN)),
            csv_num(c.max_voltage),
            csv_num(c.min_contact),
            csv_num(c.min_counter_contact),
            csv_num(c.max_flaw_loading),
            csv_field(
                &c.criterion
                    .as_ref()
                    .map(|k| k.to_string())
                    .unwrap_or_default(),
            ),
        ];
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    let path = out.join("ccd-map.csv");
    w.push(
        natrium::fsutil::write_atomic(&path, csv.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?,
    );
    if !m.staircases.is_empty() {
        let mut csv = String::from(
            "stack pressure [MPa],ccd [mA/cm^2],failed at [mA/cm^2],criterion,determined,summary\n",
        );
        for (p, r) in m.pressures.iter().zip(&m.staircases) {
            let row = match r {
                Ok(r) => [
                    csv_num(p / 1e6),
                    csv_num(r.ccd.map(ma).unwrap_or(f64::NAN)),
                    csv_num(r.failed_at.map(ma).unwrap_or(f64::NAN)),
                    r.criterion
                        .as_ref()
                        .map(|k| k.code().to_string())
                        .unwrap_or_default(),
                    (r.determined() as u8).to_string(),
                    csv_field(&r.summary()),
                ],
                Err(e) => [
                    csv_num(p / 1e6),
                    String::new(),
                    String::new(),
                    "error".into(),
                    "0".into(),
                    csv_field(&e.to_string()),
                ],
            };
            csv.push_str(&row.join(","));
            csv.push('\n');
        }
        let path = out.join("ccd-vs-pressure.csv");
        w.push(
            natrium::fsutil::write_atomic(&path, csv.as_bytes())
                .with_context(|| format!("writing {}", path.display()))?,
        );
        if let Some(p) = ccd_pressure_plot(m) {
            match plot::write(&p, &out.join("ccd-vs-pressure"), &BOTH) {
                Ok(paths) => w.extend(paths),
                Err(e) => eprintln!("warning: plot not drawn: {e}"),
            }
        }
    }
    w.push(write_json(&out.join("ccd-map.json"), &map_json(m, o))?);
    match plot::write(&heat_map(m), &out.join("ccd-map"), &BOTH) {
        Ok(paths) => w.extend(paths),
        Err(e) => eprintln!("warning: heat map not drawn: {e}"),
    }
    Ok(w)
}

fn heat_map(m: &CcdMap) -> LabelledHeatMap {
    let x: Vec<f64> = m.currents.iter().map(|j| ma(*j)).collect();
    let y: Vec<f64> = m.pressures.iter().map(|p| p / 1e6).collect();
    let log_x = x.len() > 1 && x[0] > 0.0 && x[x.len() - 1] / x[0] >= 10.0;
    let mut z = Vec::new();
    let mut labels = Vec::new();
    for ip in 0..y.len() {
        let mut zr = Vec::new();
        let mut lr = Vec::new();
        for ij in 0..x.len() {
            let c = m.cell_at(ip, ij);
            zr.push(c.map(|c| c.max_voltage).unwrap_or(f64::NAN));
            lr.push(match c {
                Some(c) if c.passed => "ok".to_string(),
                Some(c) => c
                    .criterion
                    .as_ref()
                    .map(|k| k.label().to_string())
                    .unwrap_or_else(|| "?".into()),
                None => String::new(),
            });
        }
        z.push(zr);
        labels.push(lr);
    }
    LabelledHeatMap {
        map: HeatMap {
            title: format!("CCD map, {} (ok = passed, else the criterion)", m.direction),
            x_label: "current density [mA/cm²]".into(),
            y_label: "stack pressure [MPa]".into(),
            z_label: "max |V| in the test [V]".into(),
            x,
            y,
            z,
            log_x,
            log_y: false,
            log_z: false,
        },
        labels,
    }
}

fn ccd_pressure_plot(m: &CcdMap) -> Option<LinePlot> {
    let mut p = LinePlot::new(
        format!("CCD vs stack pressure ({})", m.direction),
        "stack pressure [MPa]",
        "current density [mA/cm²]",
    );
    let mut xs = Vec::new();
    let mut ccd = Vec::new();
    let mut fail = Vec::new();
    for (pr, r) in m.pressures.iter().zip(&m.staircases) {
        if let Ok(r) = r {
            xs.push(pr / 1e6);
            ccd.push(r.ccd.map(ma).unwrap_or(f64::NAN));
            fail.push(
                r.failed_at
                    .filter(|_| r.determined())
                    .map(ma)
                    .unwrap_or(f64::NAN),
            );
            if !r.determined() {
                if let Some(c) = r.ccd {
                    p.markers
                        .push(Marker::new(pr / 1e6, ma(c), "≥ (no failure)"));
                }
            }
        }
    }
    if xs.is_empty() {
        return None;
    }
    p.series.push(
        Series::new("last passed (CCD)", xs.clone(), ccd)
            .with_style(plot::SeriesStyle::LineAndPoints),
    );
    if fail.iter().any(|x| x.is_finite()) {
        p.series
            .push(Series::new("failed at", xs, fail).with_style(plot::SeriesStyle::Points));
    }
    Some(p)
}
