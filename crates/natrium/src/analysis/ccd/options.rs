use std::fmt;

use crate::protocol::{CapacityAmount, Current, Mode, Stop};

/// Which way the working electrode is driven.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Sodium plates on the working electrode; the counter strips.
    #[default]
    Plating,
    /// Sodium is stripped from the working electrode; the counter plates.
    Stripping,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Plating => "plating",
            Direction::Stripping => "stripping",
        }
    }
    /// `plating`/`plate` or `stripping`/`strip` (case-insensitive).
    pub fn parse(s: &str) -> Option<Direction> {
        match s.trim().to_ascii_lowercase().as_str() {
            "plating" | "plate" => Some(Direction::Plating),
            "stripping" | "strip" => Some(Direction::Stripping),
            _ => None,
        }
    }
    pub(super) fn mode(self, j: f64) -> Mode {
        match self {
            Direction::Plating => Mode::Plate(Current::Density(j)),
            Direction::Stripping => Mode::Strip(Current::Density(j)),
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the current density rises from one staircase step to the next.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Increment {
    /// Add this much \[A/m²\].
    Add(f64),
    /// Multiply by this factor (> 1).
    Factor(f64),
}

/// How long each step lasts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dwell {
    /// A duration \[s\].
    Time(f64),
    /// A charge per area \[C/m²\].
    Capacity(f64),
}

impl Dwell {
    /// Charge per area \[C/m²\] passed by a full step at `j` \[A/m²\].
    pub fn charge(self, j: f64) -> f64 {
        match self {
            Dwell::Time(t) => j * t,
            Dwell::Capacity(q) => q,
        }
    }
    pub(super) fn stop(self) -> Stop {
        match self {
            Dwell::Time(t) => Stop::Time(t),
            Dwell::Capacity(q) => Stop::Capacity(CapacityAmount::Areal(q)),
        }
    }
}

/// The current schedule of a CCD test (SI).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Schedule {
    /// Steps `start`, `start ⊕ step`, … up to `max` \[A/m²\], each lasting `dwell`.
    Staircase {
        start: f64,
        step: Increment,
        dwell: Dwell,
        max: f64,
    },
    /// A linear ramp from 0 at `rate` \[A/m²/s\] up to `max` \[A/m²\].
    Ramp { rate: f64, max: f64 },
}

impl Default for Schedule {
    /// 0.05 mA/cm² steps of 30 min from 0.05 to 5 mA/cm².
    fn default() -> Self {
        Schedule::Staircase {
            start: 0.5,
            step: Increment::Add(0.5),
            dwell: Dwell::Time(1800.0),
            max: 50.0,
        }
    }
}

/// The failure criteria and their thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CriteriaOptions {
    /// Limit of |V| (working vs counter electrode) \[V\]; default 1 V.
    pub voltage_limit: f64,
    /// Relative contact floor f in [0, 1): contact loss fires below f·φ₀, φ₀ the largest contact
    /// of the electrode so far in the test (only where f·φ₀ exceeds the model's minimum
    /// contact); 0 switches the criterion off. Default 0.5.
    pub contact_floor: f64,
}

impl Default for CriteriaOptions {
    fn default() -> Self {
        CriteriaOptions {
            voltage_limit: 1.0,
            contact_floor: 0.5,
        }
    }
}

/// Pre-plating of a deposition cell before a stripping test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Preplate {
    /// Charge plated \[C/m²\]; `None`: 110 % of what the test would strip if nothing failed, at
    /// most 80 % of the counter electrode's sodium.
    pub capacity: Option<f64>,
    /// Current density of the pre-plating \[A/m²\]; default 0.1 mA/cm².
    pub current: f64,
}

impl Default for Preplate {
    fn default() -> Self {
        Preplate {
            capacity: None,
            current: 1.0,
        }
    }
}

/// Options of a CCD test (SI).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CcdOptions {
    pub direction: Direction,
    pub mode: Schedule,
    pub criteria: CriteriaOptions,
    /// Stack pressure \[Pa\] instead of the design's (it also sets the initial contact of pressed
    /// foils, which the model derives from the assembly pressure).
    pub pressure: Option<f64>,
    /// Temperature \[K\] instead of the design's.
    pub temperature: Option<f64>,
    pub preplate: Preplate,
    /// Relative tolerance of the solver (default: the model's).
    pub rtol: Option<f64>,
}
/// Options of a pressure × current-density map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapOptions {
    pub direction: Direction,
    /// Stack pressures \[Pa\] (rows of the map).
    pub pressures: Vec<f64>,
    /// Current densities \[A/m²\] (columns of the map).
    pub currents: Vec<f64>,
    /// Length of the constant-current test of each map cell, run on the fresh cell.
    pub test: Dwell,
    pub criteria: CriteriaOptions,
    pub temperature: Option<f64>,
    pub preplate: Preplate,
    /// Also find the CCD at each pressure with this schedule (`None`: map only).
    pub staircase: Option<Schedule>,
    pub rtol: Option<f64>,
}
