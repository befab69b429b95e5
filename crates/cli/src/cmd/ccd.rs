//! `natrium ccd …`

use anyhow::{anyhow, bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{json, Value};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::args::{CcdArgs, Cli};
use crate::table;
use natrium::analysis::ccd::{
    self, CcdError, CcdMap, CcdOptions, CcdResult, CriteriaOptions, Criterion, Direction, Dwell,
    Increment, MapOptions, Preplate, Schedule, A_PER_M2_PER_MA_PER_CM2, C_PER_M2_PER_MAH_PER_CM2,
};
use natrium::plot::{self, Format, HeatMap, LabelledHeatMap, LinePlot, Marker, MultiPlot, Series};
use natrium::units::{self, dims, Dimension};

const BOTH: [Format; 2] = [Format::Png, Format::Svg];
/// A/m²/s.
const RAMP_RATE: Dimension = Dimension::new(-2, 0, -1, 1, 0, 0, 0);

/// What a dimension is called in messages.
fn dim_name(d: Dimension) -> String {
    if d == RAMP_RATE {
        "ramp rate (current density per time)".into()
    } else {
        d.name().map(str::to_string).unwrap_or_else(|| d.describe())
    }
}

/// Why `value` of `--flag` is not a quantity of dimension `dim`, naming the flag, the value and
/// the unit expected.
fn unit_error(
    flag: &str,
    value: &str,
    dim: Dimension,
    example: &str,
    e: units::UnitError,
) -> anyhow::Error {
    let want = format!("expected a {} such as \"{example}\"", dim_name(dim));
    match e {
        units::UnitError::WrongDimension { found, .. } => anyhow!(
            "--{flag} {value:?} is a {} [{found}], {want}",
            found.name().unwrap_or("quantity")
        ),
        units::UnitError::MissingUnit { .. } => anyhow!("--{flag} {value:?} has no unit; {want}"),
        other => anyhow!("--{flag} {value:?}: {other}; {want}"),
    }
}

/// Parse `value` of `--flag` as a quantity of dimension `dim`.
fn quantity(flag: &str, value: &str, dim: Dimension, example: &str) -> Result<f64> {
    units::parse_as(value, dim).map_err(|e| unit_error(flag, value, dim, example, e))
}

fn opt_quantity(
    flag: &str,
    value: &Option<String>,
    dim: Dimension,
    example: &str,
    default: f64,
) -> Result<f64> {
    match value {
        Some(v) => quantity(flag, v, dim, example),
        None => Ok(default),
    }
}

/// A comma-separated list of quantities; bare numbers take the unit of the last entry
/// ("0.5,1,2,4MPa").
fn quantity_list(flag: &str, value: &str, dim: Dimension, example: &str) -> Result<Vec<f64>> {
    let parts: Vec<&str> = value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let Some(last) = parts.last() else {
        bail!("--{flag} {value:?}: empty list (expected values such as \"{example}\")");
    };
    // the unit of the last entry: the shortest tail that parses as a unit of `dim` after a number
    let unit = (0..last.len())
        .filter(|&k| last.is_char_boundary(k))
        .find(|&k| {
            units::parse_as(&last[..k], dims::DIMENSIONLESS).is_ok()
                && units::parse_as(&format!("1 {}", &last[k..]), dim).is_ok()
        })
        .map(|k| last[k..].trim().to_string());
    let check = |p: &str, text: &str| {
        units::parse_as(text, dim).map_err(|e| {
            unit_error(flag, p, dim, example, e).context(format!("in --{flag} {value:?}"))
        })
    };
    if unit.is_none() {
        // the last entry gives the unit of the list: report its problem first
        check(last, last)?;
    }
    parts
        .iter()
        .map(|p| {
            let bare = units::parse_as(p, dims::DIMENSIONLESS).is_ok();
            let text = match (&unit, bare) {
                (Some(u), true) => format!("{p} {u}"),
                _ => p.to_string(),
            };
            check(p, &text)
        })
        .collect()
}

fn fraction(flag: &str, value: &Option<String>, default: f64) -> Result<f64> {
    match value {
        Some(v) => units::parse_as(v, dims::DIMENSIONLESS)
            .map_err(|e| anyhow!("--{flag} {v:?}: {e} (expected a fraction such as 0.1 or 10 %)")),
        None => Ok(default),
    }
}

fn increment(value: &Option<String>) -> Result<Increment> {
    let Some(v) = value else {
        return Ok(Increment::Add(0.5));
    };
    let t = v.trim();
    for prefix in ["x", "X", "×", "*"] {
        if let Some(f) = t.strip_prefix(prefix) {
            let f = units::parse_as(f, dims::DIMENSIONLESS)
                .map_err(|e| anyhow!("--step {v:?}: {e} (a factor is written \"x1.5\")"))?;
            return Ok(Increment::Factor(f));
        }
    }
    units::parse_as(t, dims::CURRENT_DENSITY)
        .map(Increment::Add)
        .map_err(|e| {
            anyhow!(
                "--step {v:?}: {e} (expected a current density such as \"0.05 mA/cm2\" to add, or a factor such as \"x1.5\")"
            )
        })
}

/// The library's option names are the flags without dashes.
fn explain(e: CcdError) -> anyhow::Error {
    match e {
        CcdError::InvalidOption {
            option,
            value,
            expected,
        } => anyhow!("--{option} {value}: {expected}"),
        other => anyhow!(other),
    }
}

fn ma(j: f64) -> f64 {
    j / A_PER_M2_PER_MA_PER_CM2
}

fn fmt(x: f64, sig: usize) -> String {
    if x.is_finite() {
        ccd::short_number(x, sig)
    } else {
        "–".into()
    }
}

fn num(x: f64) -> Value {
    if x.is_finite() {
        json!(x)
    } else {
        Value::Null
    }
}

struct Parsed {
    direction: Direction,
    schedule: Schedule,
    dwell: Dwell,
    criteria: CriteriaOptions,
    temperature: Option<f64>,
    preplate: Preplate,
}

fn parse_common(a: &CcdArgs) -> Result<Parsed> {
    let direction = Direction::parse(&a.direction).ok_or_else(|| {
        anyhow!(
            "--direction {:?}: expected \"plating\" or \"stripping\"",
            a.direction
        )
    })?;
    let dwell = match (&a.dwell, &a.capacity) {
        (_, Some(c)) => Dwell::Capacity(quantity(
            "capacity",
            c,
            dims::AREAL_CAPACITY,
            "0.1 mAh/cm2",
        )?),
        (Some(d), None) => Dwell::Time(quantity("dwell", d, dims::TIME, "30 min")?),
        (None, None) => Dwell::Time(1800.0),
    };
    let start = opt_quantity("start", &a.start, dims::CURRENT_DENSITY, "0.05 mA/cm2", 0.5)?;
    let max = opt_quantity("max", &a.max, dims::CURRENT_DENSITY, "5 mA/cm2", 50.0)?;
    let schedule = match a.mode.trim().to_ascii_lowercase().as_str() {
        "staircase" | "stairs" | "steps" => {
            if a.rate.is_some() {
                bail!("--rate applies to --mode ramp; a staircase uses --start, --step and --dwell/--capacity");
            }
            Schedule::Staircase {
                start,
                step: increment(&a.step)?,
                dwell,
                max,
            }
        }
        "ramp" => {
            for (flag, given) in [
                ("start", a.start.is_some()),
                ("step", a.step.is_some()),
                ("dwell", a.dwell.is_some()),
                ("capacity", a.capacity.is_some()),
            ] {
                if given {
                    bail!("--{flag} applies to --mode staircase; a ramp starts at 0 and uses --rate and --max");
                }
            }
            Schedule::Ramp {
                rate: opt_quantity("rate", &a.rate, RAMP_RATE, "0.1 mA/cm2/h", 1.0 / 3600.0)?,
                max,
            }
        }
        other => bail!("--mode {other:?}: expected \"staircase\" or \"ramp\""),
    };
    let criteria = CriteriaOptions {
        voltage_limit: opt_quantity("voltage-limit", &a.voltage_limit, dims::VOLTAGE, "1 V", 1.0)?,
        contact_floor: fraction("contact-floor", &a.contact_floor, 0.1)?,
    };
    let temperature = match &a.temperature {
        Some(t) => Some(quantity("temperature", t, dims::TEMPERATURE, "25 degC")?),
        None => None,
    };
    let preplate = Preplate {
        capacity: match &a.preplate {
            Some(q) => Some(quantity("preplate", q, dims::AREAL_CAPACITY, "1 mAh/cm2")?),
            None => None,
        },
        current: opt_quantity(
            "preplate-current",
            &a.preplate_current,
            dims::CURRENT_DENSITY,
            "0.1 mA/cm2",
            1.0,
        )?,
    };
    Ok(Parsed {
        direction,
        schedule,
        dwell,
        criteria,
        temperature,
        preplate,
    })
}

fn progress_bar(quiet: bool, total: u64, what: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden())
    } else {
        let b = ProgressBar::new(total);
        b.set_style(
            ProgressStyle::with_template(&format!(
                "{{elapsed_precise}} [{{bar:30}}] {what} {{pos}}/{{len}} {{msg}}"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        b
    }
}

pub fn run(cli: &Cli, a: &CcdArgs) -> Result<ExitCode> {
    let db = super::database(cli)?;
    let cell = super::load_cell(&a.cell, &db)?;
    let p = parse_common(a)?;
    if a.map {
        return run_map(a, &cell, p);
    }
    if a.pressures.is_some() || a.currents.is_some() {
        bail!("--pressures and --currents belong to --map");
    }
    let pressure = match &a.pressure {
        Some(s) => Some(quantity("pressure", s, dims::PRESSURE, "2 MPa")?),
        None => None,
    };
    let opts = CcdOptions {
        direction: p.direction,
        mode: p.schedule,
        criteria: p.criteria,
        pressure,
        temperature: p.temperature,
        preplate: p.preplate,
        rtol: a.rtol,
    };
    let total = ccd::plan(&opts.mode).map_err(explain)?.len();
    let bar = progress_bar(a.quiet || a.json, total as u64, "step");
    let r = ccd::ccd(&cell, &opts, &mut |p| {
        bar.set_position(p.done as u64);
        bar.set_message(format!("{:.3} mA/cm²", ma(p.current_density)));
    })
    .map_err(explain)?;
    bar.finish_and_clear();
    let mut written = Vec::new();
    if let Some(out) = &a.out {
        written = write_result(&r, &opts, out)?;
    }
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&result_json(&r, &opts))?)?;
    } else {
        print_result(&r, &opts)?;
        for w in &written {
            outln!("wrote {}", w.display())?;
        }
    }
    Ok(match &r.criterion {
        Some(Criterion::SolverFailure { .. }) => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    })
}

fn schedule_text(s: &Schedule) -> String {
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

fn dwell_text(d: Dwell) -> String {
    match d {
        Dwell::Time(t) if t >= 3600.0 => format!("{} h", fmt(t / 3600.0, 4)),
        Dwell::Time(t) => format!("{} min", fmt(t / 60.0, 4)),
        Dwell::Capacity(q) => format!("{} mAh/cm2", fmt(q / C_PER_M2_PER_MAH_PER_CM2, 4)),
    }
}

fn criteria_text(c: &CriteriaOptions) -> String {
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

fn print_result(r: &CcdResult, o: &CcdOptions) -> Result<()> {
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

fn criterion_json(c: &Option<Criterion>) -> Value {
    match c {
        None => Value::Null,
        Some(c) => json!({
            "code": c.code(),
            "text": c.to_string(),
            "rate limit": c.is_rate_limit(),
        }),
    }
}

fn result_json(r: &CcdResult, o: &CcdOptions) -> Value {
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

fn write_json(path: &Path, v: &Value) -> Result<PathBuf> {
    let text = serde_json::to_string_pretty(v)?;
    natrium::fsutil::write_atomic(path, text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

fn write_result(r: &CcdResult, o: &CcdOptions, out: &Path) -> Result<Vec<PathBuf>> {
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

// ---------------------------------------------------------------------------------------------
// map mode

fn run_map(a: &CcdArgs, cell: &natrium::cell::CellSpec, p: Parsed) -> Result<ExitCode> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_take_the_unit_of_their_last_entry() {
        let p = quantity_list("pressures", "0.5,1,2,4MPa", dims::PRESSURE, "").unwrap();
        assert_eq!(p, vec![0.5e6, 1e6, 2e6, 4e6]);
        let p = quantity_list("pressures", "1e-1, 200 kPa , 2e-1 MPa", dims::PRESSURE, "").unwrap();
        assert_eq!(p, vec![1e5, 2e5, 2e5]);
        let j = quantity_list("currents", "0.1,0.2mA/cm2", dims::CURRENT_DENSITY, "").unwrap();
        assert_eq!(j, vec![1.0, 2.0]);
        let e = quantity_list("currents", "0.1,1mA", dims::CURRENT_DENSITY, "1mA/cm2").unwrap_err();
        let e = format!("{e:#}"); // as main prints it
        assert!(e.contains("--currents") && e.contains("\"1mA\""), "{e}");
        assert!(quantity_list("currents", " , ", dims::CURRENT_DENSITY, "").is_err());
    }

    #[test]
    fn steps_are_increments_or_factors() {
        assert_eq!(increment(&None).unwrap(), Increment::Add(0.5));
        assert_eq!(
            increment(&Some("0.1 mA/cm2".into())).unwrap(),
            Increment::Add(1.0)
        );
        assert_eq!(
            increment(&Some("x1.5".into())).unwrap(),
            Increment::Factor(1.5)
        );
        assert!(increment(&Some("1.5".into())).is_err());
    }
}
