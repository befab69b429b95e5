//! Canonical text of protocols and steps: it parses back to an equal value, bit for bit.
//!
//! Each quantity is written in the unit users read (mA/cm2, V, mAh/cm2, h/min/s, degC, MPa)
//! with the fewest digits that parse back to exactly the stored SI value; when no such text
//! exists in that unit (an arbitrary double in a non-decimal unit such as mAh) the value is
//! written in a decimal SI unit, which always converts exactly.

use std::fmt;

use super::{CapacityAmount, Current, Item, Mode, Protocol, Step, Stop};
use crate::units;

/// The shortest text of `v` (SI) in `unit` that parses back to exactly `v`.
fn in_unit(v: f64, unit: &str) -> Option<String> {
    // -0 reads back as +0 (the parser adds the unit offset); write both as "0"
    let v = if v == 0.0 { 0.0 } else { v };
    let x = units::to_unit(v, unit).ok()?;
    if x.is_finite() {
        for p in 1..=17usize {
            let Ok(y) = format!("{:.*e}", p - 1, x).parse::<f64>() else {
                break;
            };
            let Ok(num) = units::format_in(y, "") else {
                break;
            };
            let s = format!("{num} {unit}");
            if units::parse_quantity(&s).is_ok_and(|q| q.value == v) {
                return Some(s);
            }
        }
    }
    // decimal units convert exactly both ways
    let s = units::format_in(v, unit).ok()?;
    units::parse_quantity(&s)
        .is_ok_and(|q| q.value == v)
        .then_some(s)
}

/// `v` in `unit`, or in the decimal SI unit `fallback`.
fn exact(v: f64, unit: &str, fallback: &str) -> String {
    let v = if v == 0.0 { 0.0 } else { v };
    in_unit(v, unit)
        .or_else(|| units::format_in(v, fallback).ok())
        .unwrap_or_else(|| format!("{v} {fallback}"))
}

fn voltage(v: f64) -> String {
    exact(v, "V", "V")
}

/// A duration in h, min or s: the first whose number lies in [1, 1000), else seconds.
fn time(t: f64) -> String {
    for (u, factor) in [("h", 3600.0), ("min", 60.0)] {
        let x = (t / factor).abs();
        if (1.0..1000.0).contains(&x) {
            if let Some(s) = in_unit(t, u) {
                return s;
            }
        }
    }
    exact(t, "s", "s")
}

fn temperature(k: f64) -> String {
    exact(k, "degC", "K")
}

fn pressure(p: f64) -> String {
    exact(p, "MPa", "Pa")
}

fn c_rate(x: f64) -> String {
    let n = 1.0 / x;
    if (2.0..1e15).contains(&n) && n.fract() == 0.0 && 1.0 / n == x {
        return format!("C/{}", n as u64);
    }
    let num = units::format_in(x, "").unwrap_or_else(|_| format!("{x}"));
    format!("{num}C")
}

impl fmt::Display for Current {
    /// `0.1 mA/cm2`, `2 mA`, `C/5`, `0.3C`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Current::Density(j) => write!(f, "{}", exact(j, "mA/cm2", "A/m2")),
            Current::Absolute(i) => write!(f, "{}", exact(i, "mA", "A")),
            Current::CRate(x) => write!(f, "{}", c_rate(x)),
        }
    }
}

impl fmt::Display for CapacityAmount {
    /// `1 mAh/cm2`, `2 mAh`, `50 mAh/g`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            CapacityAmount::Areal(q) => write!(f, "{}", exact(q, "mAh/cm2", "C/m2")),
            // not "C": after a number it reads as a C-rate
            CapacityAmount::Absolute(q) => write!(f, "{}", exact(q, "mAh", "A s")),
            CapacityAmount::Specific(q) => write!(f, "{}", exact(q, "mAh/g", "C/kg")),
        }
    }
}

impl fmt::Display for Stop {
    /// Explicit form: `V > 3.8 V`, `V < 2.5 V`, `I < 0.02 mA/cm2`, `1 mAh/cm2`, `2 h`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_stop(f, self, None)
    }
}

/// A stop inside a step: the comparison is left out where the step's direction implies it.
fn write_stop(f: &mut fmt::Formatter<'_>, s: &Stop, rises: Option<bool>) -> fmt::Result {
    match *s {
        Stop::VoltageAbove(v) if rises == Some(true) => write!(f, "{}", voltage(v)),
        Stop::VoltageAbove(v) => write!(f, "V > {}", voltage(v)),
        Stop::VoltageBelow(v) if rises == Some(false) => write!(f, "{}", voltage(v)),
        Stop::VoltageBelow(v) => write!(f, "V < {}", voltage(v)),
        Stop::CurrentBelow(c) if rises.is_none() => write!(f, "{c}"),
        Stop::CurrentBelow(c) => write!(f, "I < {c}"),
        Stop::Capacity(a) => write!(f, "{a}"),
        Stop::Time(t) => write!(f, "{}", time(t)),
    }
}

impl fmt::Display for Step {
    /// One instruction in canonical form, e.g. `Charge at C/2 until 3.8 V or 5 h at 60 degC`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mode == Mode::SetAmbient {
            write!(f, "Set")?;
            if let Some(t) = self.temperature {
                write!(f, " temperature to {}", temperature(t))?;
            }
            if let Some(p) = self.pressure {
                let and = if self.temperature.is_some() {
                    " and"
                } else {
                    ""
                };
                write!(f, "{and} pressure to {}", pressure(p))?;
            }
            return Ok(());
        }
        write!(f, "{}", self.mode.keyword())?;
        let mut stops = self.stops.iter();
        let mut lead = false;
        match self.mode {
            Mode::Plate(c) | Mode::Strip(c) => {
                if let Some(Stop::Capacity(a)) = self.stops.first() {
                    write!(f, " {a}")?;
                    stops.next();
                    lead = true;
                }
                write!(f, " at {c}")?;
            }
            Mode::Charge(c) | Mode::Discharge(c) => write!(f, " at {c}")?,
            Mode::Hold(v) => write!(f, " at {}", voltage(v))?,
            Mode::Rest | Mode::SetAmbient => {}
        }
        let rises = self.mode.voltage_rises();
        for (k, s) in stops.enumerate() {
            let kw = if k > 0 || lead {
                "or"
            } else if matches!(s, Stop::Time(_)) {
                "for"
            } else {
                "until"
            };
            write!(f, " {kw} ")?;
            write_stop(f, s, rises)?;
        }
        if let Some(t) = self.temperature {
            write!(f, " at {}", temperature(t))?;
        }
        if let Some(p) = self.pressure {
            write!(f, " under {}", pressure(p))?;
        }
        Ok(())
    }
}

fn write_items(f: &mut fmt::Formatter<'_>, items: &[Item], indent: usize) -> fmt::Result {
    for it in items {
        match it {
            Item::Step(s) => writeln!(f, "{:indent$}{s}", "")?,
            Item::Repeat { count, body, .. } => {
                writeln!(f, "{:indent$}Repeat {count} times:", "")?;
                write_items(f, body, indent + 4)?;
            }
        }
    }
    Ok(())
}

impl fmt::Display for Protocol {
    /// One instruction per line; repeats as indented blocks (4 spaces).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_items(f, &self.items, 0)
    }
}
