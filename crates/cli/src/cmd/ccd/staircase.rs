use anyhow::{Context, Result};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

use super::{fmt, ma, num, BOTH};
use crate::table;
use natrium::analysis::ccd::{
    CcdOptions, CcdResult, CriteriaOptions, Criterion, Dwell, Increment, Schedule,
    C_PER_M2_PER_MAH_PER_CM2,
};
use natrium::plot::{self, LinePlot, Marker, MultiPlot, Series};

pub(super) fn schedule_text(s: &Schedule) -> String {
    match *s {
        Schedule::Staircase {
            start,
            step,
            dwell,
            max,
        } => format!(
            "staircase {} → {} mA/cm², {} per step, {}",
            fmt(ma(start), 4),
            fmt(ma(max), 4),
            match step {
                Increment::Add(d) => format!("+{} mA/cm²", fmt(ma(d), 4)),
                Increment::Factor(f) => format!("×{}", fmt(f, 4)),
            },
            dwell_text(dwell)
        ),
        Schedule::Ramp { rate, max } => format!(
            "ramp 0 → {} mA/cm² at {} mA/cm² per h",
            fmt(ma(max), 4),
            fmt(ma(rate) * 3600.0, 4)
        ),
    }
}

pub(super) fn dwell_text(d: Dwell) -> String {
    match d {
        Dwell::Time(t) if t >= 3600.0 => format!("{} h", fmt(t / 3600.0, 4)),
        Dwell::Time(t) => format!("{} min", fmt(t / 60.0, 4)),
        Dwell::Capacity(q) => format!("{} mAh/cm2", fmt(q / C_PER_M2_PER_MAH_PER_CM2, 4)),
    }
}

pub(super) fn criteria_text(c: &CriteriaOptions) -> String {
    format!(
        "short circuit (dendrite model); |V| > {} V (working vs counter, separator ohmic drop included); {}; sodium depletion; solver failure (reported apart)",
        c.voltage_limit,
        if c.contact_floor > 0.0 {
            format!(
                "contact fraction below {} × its best in the test",
                fmt(c.contact_floor, 3)
            )
        } else {
            "contact criterion off".into()
        }
    )
}

pub(super) fn print_result(r: &CcdResult, o: &CcdOptions) -> Result<()> {
    outln!(
        "CCD test: {} ({} cell), {}, {} MPa, {:.1} °C",
        r.cell,
        r.kind.as_str(),
        r.direction,
        fmt(r.pressure / 1e6, 4),
        r.temperature - 273.15
    )?;
    outln!("schedule: {}", schedule_text(&o.mode))?;
    outln!("criteria: {}", criteria_text(&o.criteria))?;
    let mut t = table::new(&[
        "step",
        "j [mA/cm²]",
        "duration [h]",
        "max |V| [V]",
        "ohmic [V]",
        "min contact",
        "min counter contact",
        "max flaw loading",
        "passed",
    ]);
    let n = r.steps.len();
    let skip = n.saturating_sub(30);
    if skip > 0 {
        outln!("(first {skip} steps omitted here; all are in the JSON and CSV outputs)")?;
    }
    for (i, s) in r.steps.iter().enumerate().skip(skip) {
        t.add_row(vec![
            (i + 1).to_string(),
            fmt(ma(s.current_density), 4),
            fmt(s.duration / 3600.0, 3),
            fmt(s.max_voltage, 4),
            fmt(s.max_ohmic, 3),
            fmt(s.min_contact, 3),
            fmt(s.min_counter_contact, 3),
            fmt(s.max_flaw_loading, 3),
            if s.passed { "yes" } else { "NO" }.into(),
        ]);
    }
    outln!("{t}")?;
    outln!("result: {}", r.summary())?;
    for n in &r.notes {
        outln!("note: {n}")?;
    }
    Ok(())
}

pub(super) fn criterion_json(c: &Option<Criterion>) -> Value {
    match c {
        None => Value::Null,
        Some(c) => json!({
            "code": c.code(),
            "text": c.to_string(),
            "rate limit": c.is_rate_limit(),
        }),
    }
}

pub(super) fn result_json(r: &CcdResult, o: &CcdOptions) -> Value {
    json!({
        "cell": r.cell,
        "type": r.kind.as_str(),
        "direction": r.direction.as_str(),
        "stack pressure [MPa]": r.pressure / 1e6,
        "temperature [degC]": r.temperature - 273.15,
        "schedule": schedule_text(&o.mode),
        "criteria": {
            "voltage limit [V]": o.criteria.voltage_limit,
            "contact floor": o.criteria.contact_floor,
        },
        "ccd [mA/cm^2]": r.ccd.map(ma),
        "failed at [mA/cm^2]": r.failed_at.map(ma),
        "criterion": criterion_json(&r.criterion),
        "determined": r.determined(),
        "ccd relation": r.relation(),
        "ccd text": r.ccd_text(),
        "time to failure [h]": r.time.map(|t| t / 3600.0),
        "pre-plated [mAh/cm^2]": r.preplated / C_PER_M2_PER_MAH_PER_CM2,
        "summary": r.summary(),
        "steps": r.steps.iter().map(|s| json!({
            "current density [mA/cm^2]": ma(s.current_density),
            "start [h]": s.start / 3600.0,
            "duration [h]": s.duration / 3600.0,
            "max |voltage| [V]": num(s.max_voltage),
            "end voltage [V]": num(s.end_voltage),
            "max |separator ohmic| [V]": num(s.max_ohmic),
            "min contact fraction": num(s.min_contact),
            "min counter contact fraction": num(s.min_counter_contact),
            "max flaw loading": num(s.max_flaw_loading),
            "passed": s.passed,
        })).collect::<Vec<_>>(),
        "protocol": r.protocol,
        "notes": r.notes,
    })
}

pub(super) fn write_json(path: &Path, v: &Value) -> Result<PathBuf> {
    let text = serde_json::to_string_pretty(v)?;
    natrium::fsutil::write_atomic(path, text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

pub(super) fn write_result(r: &CcdResult, o: &CcdOptions, out: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let mut w = Vec::new();
    w.extend(r.steps_table().write(&out.join("ccd-steps.csv"))?);
    w.extend(r.trace.write(&out.join("ccd-trace.csv"))?);
    w.push(write_json(&out.join("ccd.json"), &result_json(r, o))?);
    match staircase_plot(r) {
        Some(p) => match plot::write(&p, &out.join("ccd-staircase"), &BOTH) {
            Ok(paths) => w.extend(paths),
            Err(e) => eprintln!("warning: plot not drawn: {e}"),
        },
        None => eprintln!("warning: too few points for a staircase plot"),
    }
    Ok(w)
}

/// Voltage, current density and contact fractions against time in the test.
fn staircase_plot(r: &CcdResult) -> Option<MultiPlot> {
    let tr = &r.trace;
    let t = tr.column("time [s]")?;
    let step = tr.column("step")?;
    let first = r.first_test_step as f64;
    let keep: Vec<usize> = (0..t.len()).filter(|&i| step[i] >= first).collect();
    if keep.len() < 2 {
        return None;
    }
    let pick = |name: &str| -> Option<Vec<f64>> {
        let c = tr.column(name)?;
        Some(keep.iter().map(|&i| c[i]).collect())
    };
    let th: Vec<f64> = keep.iter().map(|&i| t[i] / 3600.0).collect();
    let mut v = LinePlot::new(
        format!("CCD {} staircase", r.direction),
        "time in test [h]",
        "working vs counter [V]",
    );
    v.series
        .push(Series::new("", th.clone(), pick("voltage [V]")?));
    if let (Some(c), Some(tf)) = (&r.criterion, r.time) {
        let vt = pick("voltage [V]")?;
        let k = th
            .iter()
            .position(|&x| x >= tf / 3600.0)
            .unwrap_or(th.len() - 1);
        v.markers.push(Marker::new(
            th[k],
            vt[k],
            format!(
                "{} at {} mA/cm²",
                c.code(),
                fmt(r.failed_at.map(ma).unwrap_or(f64::NAN), 3)
            ),
        ));
    }
    let mut j = LinePlot::new("", "time in test [h]", "|current density| [mA/cm²]");
    j.series.push(Series::new(
        "",
        th.clone(),
        pick("current density [mA/cm^2]")?
            .into_iter()
            .map(f64::abs)
            .collect(),
    ));
    let mut panels = vec![v, j];
    let mut c = LinePlot::new("", "time in test [h]", "contact fraction [-]");
    for (name, label) in [
        ("interface contact fraction [-]", "working"),
        ("counter contact fraction [-]", "counter"),
    ] {
        if let Some(y) = pick(name) {
            if y.iter().any(|x| x.is_finite()) {
                c.series.push(Series::new(label, th.clone(), y));
            }
        }
    }
    if !c.series.is_empty() {
        panels.push(c);
    }
    Some(MultiPlot {
        title: r.summary_short(),
        panels,
        columns: 1,
    })
}

trait Short {
    fn summary_short(&self) -> String;
}

impl Short for CcdResult {
    fn summary_short(&self) -> String {
        match (&self.criterion, self.ccd) {
            (None, Some(c)) => format!("CCD ≥ {} mA/cm²", fmt(ma(c), 3)),
            (Some(k), Some(c)) if k.is_rate_limit() => {
                format!("CCD = {} mA/cm² ({})", fmt(ma(c), 3), k.code())
            }
            (Some(k), None) if k.is_rate_limit() => format!(
                "CCD < {} mA/cm² ({})",
                fmt(self.failed_at.map(ma).unwrap_or(f64::NAN), 3),
                k.code()
            ),
            (Some(k), c) => format!(
                "CCD ≥ {} mA/cm² ({})",
                fmt(c.map(ma).unwrap_or(0.0), 3),
                k.code()
            ),
            (None, None) => "no step".into(),
        }
    }
}
