//! What a residual evaluation sees besides the state: time, the operating mode and set-points of
//! the current protocol step, temperature and external pressure. Held in `Cell`s so the runner can
//! change them between steps while the solver holds the model.

use std::cell::Cell;

/// How the external circuit is driven.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mode {
    /// Current density [A/m²] imposed (positive = discharge).
    Current(f64),
    /// Terminal voltage [V] imposed.
    Voltage(f64),
}

/// Environment of an evaluation.
#[derive(Debug)]
pub struct Env {
    pub mode: Cell<Mode>,
    /// Temperature [K].
    pub temperature: Cell<f64>,
    /// External (fixture) stack pressure [Pa].
    pub pressure: Cell<f64>,
    /// Time [s] of the current evaluation.
    pub time: Cell<f64>,
}

impl Env {
    pub fn new(temperature: f64, pressure: f64) -> Env {
        Env {
            mode: Cell::new(Mode::Current(0.0)),
            temperature: Cell::new(temperature),
            pressure: Cell::new(pressure),
            time: Cell::new(0.0),
        }
    }
    #[inline]
    pub fn t(&self) -> f64 {
        self.temperature.get()
    }
}
