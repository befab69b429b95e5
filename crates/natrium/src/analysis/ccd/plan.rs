use super::criterion::invalid;
use super::{
    ma, mah, short_number, CcdError, CriteriaOptions, Direction, Dwell, Increment, Preplate,
    Schedule, A_PER_M2_PER_MA_PER_CM2, MAX_STEPS, RAMP_RESOLUTION,
};
use crate::cell::{CellSpec, CellType};
use crate::constants::FARADAY;
use crate::protocol::{Item, Mode, Protocol, Step, Stop};

pub(super) fn check_half_cell(cell: &CellSpec) -> Result<(), CcdError> {
    match cell.kind {
        CellType::Symmetric | CellType::Deposition => Ok(()),
        k => Err(CcdError::NotAHalfCell {
            cell: cell.name.clone(),
            kind: k.as_str(),
        }),
    }
}

/// `v` \[SI\] shown in the unit users give it in.
fn shown(v: f64, unit: &str) -> String {
    match unit {
        "A/m²" => ma(v),
        "C/m²" => format!("{} mAh/cm²", short_number(mah(v), 4)),
        "A/m²/s" => format!(
            "{} mA/cm² per h",
            short_number(v * 3600.0 / A_PER_M2_PER_MA_PER_CM2, 4)
        ),
        "K" => format!("{} K", short_number(v, 5)),
        _ => format!("{} {unit}", short_number(v, 4)),
    }
}

pub(super) fn positive(
    option: &'static str,
    v: f64,
    unit: &str,
    what: &str,
) -> Result<(), CcdError> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(invalid(
            option,
            shown(v, unit),
            &format!("expected a positive {what}"),
        ))
    }
}

/// Shortest and longest dwell of a CCD step: below a second the "CCD" measures the double
/// layer, not the interface; beyond 10⁷ s (four months) a step is a life test.
pub const DWELL: crate::limits::Limit = crate::limits::Limit {
    quantity: "dwell",
    dim: crate::units::dims::TIME,
    unit: "s",
    valid: (1.0, 1e7),
    typical: (60.0, 1e5),
    why: "below 1 s a step charges the double layer rather than testing the interface",
};

/// `v` within `lim` (an error naming the option, value and valid range otherwise).
fn within(option: &'static str, v: f64, lim: &crate::limits::Limit) -> Result<(), CcdError> {
    match lim.check(v) {
        crate::limits::Verdict::Invalid(m) => Err(invalid(
            option,
            crate::limits::show(v, lim.unit),
            &format!("expected a value in the valid range: {m}"),
        )),
        _ => Ok(()),
    }
}

pub(super) fn check_criteria(c: &CriteriaOptions) -> Result<(), CcdError> {
    positive("voltage-limit", c.voltage_limit, "V", "voltage")?;
    if !(0.0..1.0).contains(&c.contact_floor) {
        return Err(invalid(
            "contact-floor",
            c.contact_floor,
            "expected a fraction in [0, 1) of the best contact in the test (0 = off)",
        ));
    }
    Ok(())
}

/// The current densities \[A/m²\] and the stop of each step of a schedule.
pub fn plan(schedule: &Schedule) -> Result<Vec<(f64, Dwell)>, CcdError> {
    match *schedule {
        Schedule::Staircase {
            start,
            step,
            dwell,
            max,
        } => {
            positive("start", start, "A/m²", "current density")?;
            positive("max", max, "A/m²", "current density")?;
            within("start", start, &crate::protocol::limits::CURRENT_DENSITY)?;
            within("max", max, &crate::protocol::limits::CURRENT_DENSITY)?;
            if max < start {
                return Err(invalid(
                    "max",
                    ma(max),
                    &format!("must not be below the start current {}", ma(start)),
                ));
            }
            match dwell {
                Dwell::Time(t) => {
                    positive("dwell", t, "s", "time")?;
                    within("dwell", t, &DWELL)?;
                }
                Dwell::Capacity(q) => {
                    positive("capacity", q, "C/m²", "capacity per area")?;
                    within("capacity", q, &crate::protocol::limits::AREAL_CAPACITY)?;
                }
            }
            let n = match step {
                Increment::Add(d) => {
                    positive("step", d, "A/m²", "current density increment")?;
                    ((max - start) / d * (1.0 + 1e-12)).floor() + 1.0
                }
                Increment::Factor(f) => {
                    if !(f.is_finite() && f > 1.0) {
                        return Err(invalid("step", format!("x{f}"), "a factor must exceed 1"));
                    }
                    ((max / start).ln() / f.ln() * (1.0 + 1e-12)).floor() + 1.0
                }
            };
            if n > MAX_STEPS as f64 {
                return Err(invalid(
                    "step",
                    match step {
                        Increment::Add(d) => ma(d),
                        Increment::Factor(f) => format!("x{f}"),
                    },
                    &format!(
                        "{n} steps from {} to {}; at most {MAX_STEPS} are allowed",
                        ma(start),
                        ma(max)
                    ),
                ));
            }
            let n = n as usize;
            Ok((0..n)
                .map(|k| {
                    let j = match step {
                        Increment::Add(d) => start + k as f64 * d,
                        Increment::Factor(f) => start * f.powi(k as i32),
                    };
                    (j.min(max.max(start)), dwell)
                })
                .collect())
        }
        Schedule::Ramp { rate, max } => {
            positive("rate", rate, "A/m²/s", "current ramp rate")?;
            positive("max", max, "A/m²", "current density")?;
            within("max", max, &crate::protocol::limits::CURRENT_DENSITY)?;
            let dt = max / rate / RAMP_RESOLUTION as f64;
            if dt < DWELL.valid.0 {
                return Err(invalid(
                    "rate",
                    shown(rate, "A/m²/s"),
                    &format!(
                        "the ramp to {} would take {:.1} s, less than 1 s per each of its {} \
                         steps; lower the rate",
                        ma(max),
                        dt * RAMP_RESOLUTION as f64,
                        RAMP_RESOLUTION
                    ),
                ));
            }
            Ok((1..=RAMP_RESOLUTION)
                .map(|k| (max * k as f64 / RAMP_RESOLUTION as f64, Dwell::Time(dt)))
                .collect())
        }
    }
}

/// Sodium of an electrode as charge per area \[C/m²\].
pub(super) fn sodium_charge(cell: &CellSpec, thickness: f64) -> f64 {
    thickness / cell.metal_molar_volume() * FARADAY
}

pub(super) fn counter_sodium(cell: &CellSpec) -> Option<f64> {
    cell.counter_electrode
        .as_ref()
        .map(|c| sodium_charge(cell, c.thickness))
}

/// The cell with the test's pressure and temperature.
pub(super) fn test_cell(
    cell: &CellSpec,
    pressure: Option<f64>,
    temperature: Option<f64>,
) -> Result<CellSpec, CcdError> {
    let mut c = cell.clone();
    if let Some(p) = pressure {
        if !(p.is_finite() && p >= 0.0) {
            return Err(invalid(
                "pressure",
                format!("{} MPa", p / 1e6),
                "expected a stack pressure ≥ 0",
            ));
        }
        c.stack_pressure = p;
    }
    if let Some(t) = temperature {
        positive("temperature", t, "K", "absolute temperature")?;
        c.temperature = t;
    }
    if let Some(tm) = c.negative.metal.si("melting_point") {
        if c.temperature >= tm {
            return Err(invalid(
                "temperature",
                format!("{:.1} °C", c.temperature - 273.15),
                &format!(
                    "sodium melts at {:.1} °C; the solid-state interface model does not apply",
                    tm - 273.15
                ),
            ));
        }
    }
    Ok(c)
}

/// A planned protocol step.
#[derive(Debug, Clone, Copy)]
pub(super) struct Planned {
    pub(super) mode: Mode,
    pub(super) stop: Stop,
}

pub(super) fn protocol_of(steps: &[Planned]) -> Protocol {
    let items = steps
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut s = Step {
                mode: p.mode,
                stops: vec![p.stop],
                temperature: None,
                pressure: None,
                text: String::new(),
                line: i + 1,
                span: 0..0,
            };
            s.text = s.to_string();
            Item::Step(s)
        })
        .collect();
    Protocol {
        items,
        source: "<ccd>".into(),
    }
}

/// Pre-plating of a stripping test on a deposition cell: (capacity, current) or None.
pub(super) fn preplating(
    cell: &CellSpec,
    direction: Direction,
    preplate: &Preplate,
    planned_strip: f64,
    notes: &mut Vec<String>,
) -> Result<Option<(f64, f64)>, CcdError> {
    if direction != Direction::Stripping || cell.kind != CellType::Deposition {
        return Ok(None);
    }
    positive(
        "preplate-current",
        preplate.current,
        "A/m²",
        "current density",
    )?;
    let q = match preplate.capacity {
        Some(q) => {
            positive("preplate", q, "C/m²", "capacity per area")?;
            notes.push(format!(
                "pre-plated {:.3} mAh/cm² at {} before stripping (as asked)",
                mah(q),
                ma(preplate.current)
            ));
            q
        }
        None => {
            let want = 1.1 * planned_strip;
            let cap = counter_sodium(cell)
                .map(|c| 0.8 * c)
                .unwrap_or(f64::INFINITY);
            let q = want.min(cap);
            notes.push(format!(
                "pre-plated {:.3} mAh/cm² at {} before stripping: 110 % of the {:.3} mAh/cm² the staircase strips if nothing fails{}",
                mah(q),
                ma(preplate.current),
                mah(planned_strip),
                if want > cap {
                    format!(", capped at 80 % of the counter electrode's {:.3} mAh/cm²", mah(cap / 0.8))
                } else {
                    String::new()
                }
            ));
            q
        }
    };
    Ok(Some((q, preplate.current)))
}
