//! `natrium ccd …`

use anyhow::{anyhow, bail, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{json, Value};
use std::io::IsTerminal;
use std::process::ExitCode;

use crate::args::{CcdArgs, Cli};
use natrium::analysis::ccd::{
    self, CcdError, CcdOptions, CriteriaOptions, Criterion, Direction, Dwell, Increment, Preplate,
    Schedule, A_PER_M2_PER_MA_PER_CM2,
};
use natrium::plot::Format;
use natrium::units::{self, dims, Dimension};

mod map;
mod staircase;
#[cfg(test)]
mod tests;

use map::run_map;
use staircase::{print_result, result_json, write_result};

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
