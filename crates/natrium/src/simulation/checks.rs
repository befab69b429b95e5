//! Checks of a protocol against the cell before anything is computed: steps whose stop is
//! already met at the start of the run or can never be met, currents, capacities, temperatures
//! and pressures outside their valid range (refused) or their typical range (warned).

use super::outcome::Refusal;
use super::Simulation;
use crate::model::Var;
use crate::protocol::limits::{self, Limit};
use crate::protocol::{CapacityAmount, Item, Mode, Protocol, Step, Stop};

/// A step refused before the run, with what is wrong.
fn refuse(st: &Step, what: String) -> Refusal {
    Refusal::Protocol {
        step_text: st.text.clone(),
        line: st.line,
        problem: what,
    }
}

/// Every distinct step of the protocol, in order, without expanding repeats.
fn walk<'a>(items: &'a [Item], out: &mut Vec<&'a Step>) {
    for it in items {
        match it {
            Item::Step(s) => out.push(s),
            Item::Repeat { body, .. } => walk(body, out),
        }
    }
}

impl Simulation {
    /// Refuse what cannot run; warnings for what is unusual. Cheap: each distinct step once.
    /// [`Simulation::run`] calls it first; call it yourself to refuse before preparing outputs.
    pub fn check_protocol(&self, protocol: &Protocol) -> Result<Vec<String>, Refusal> {
        let mut steps = Vec::new();
        walk(&protocol.items, &mut steps);
        let mut warnings = Vec::new();
        for st in &steps {
            self.check_step(st, &mut warnings)?;
        }
        if let Some(first) = steps.iter().find(|s| !matches!(s.mode, Mode::SetAmbient)) {
            self.check_first_step(first)?;
        }
        Ok(warnings)
    }

    /// Set-points and stops of one step against their limits and the cell.
    fn check_step(&self, st: &Step, warnings: &mut Vec<String>) -> Result<(), Refusal> {
        let mut check = |lim: &Limit, si: f64| -> Result<(), Refusal> {
            match lim.check(si) {
                limits::Verdict::Ok => Ok(()),
                limits::Verdict::Unusual(msg) => {
                    warnings.push(format!(
                        "step \"{}\" (line {}): {msg}",
                        st.text.trim(),
                        st.line
                    ));
                    Ok(())
                }
                limits::Verdict::Invalid(msg) => Err(refuse(st, msg)),
            }
        };
        let current = match st.mode {
            Mode::Charge(c) | Mode::Discharge(c) | Mode::Plate(c) | Mode::Strip(c) => Some(c),
            _ => None,
        };
        if let Some(c) = current {
            match self.current_density(c) {
                Some(j) => check(&limits::CURRENT_DENSITY, j)?,
                None => {
                    return Err(Refusal::NoNominalCapacity {
                        step_text: st.text.clone(),
                        line: st.line,
                    })
                }
            }
        }
        if let Some(t) = st.temperature {
            check(&limits::TEMPERATURE, t)?;
            if let Some(tm) = self.cell.negative.metal.si("melting_point") {
                if t >= tm {
                    return Err(Refusal::Melting {
                        step_text: st.text.clone(),
                        line: st.line,
                        temperature: t,
                        melting_point: tm,
                    });
                }
            }
        }
        if let Some(p) = st.pressure {
            check(&limits::PRESSURE, p)?;
        }
        let (lo, hi) = self.voltage_window();
        if let Mode::Hold(v) = st.mode {
            if v < lo || v > hi {
                return Err(refuse(
                    st,
                    format!(
                        "holds at {v} V, outside the voltages this cell can reach \
                         ({lo} to {hi} V{})",
                        self.window_basis()
                    ),
                ));
            }
        }
        for s in &st.stops {
            match *s {
                Stop::VoltageAbove(v) | Stop::VoltageBelow(v) if v < lo || v > hi => {
                    return Err(refuse(
                        st,
                        format!(
                            "stops at {v} V, outside the voltages this cell can reach \
                             ({lo} to {hi} V{})",
                            self.window_basis()
                        ),
                    ))
                }
                Stop::Capacity(a) => {
                    if let Some(q) = self.areal_charge(a) {
                        check(&limits::AREAL_CAPACITY, q)?;
                        self.check_capacity(st, q, a)?;
                    }
                }
                Stop::Time(dt) => check(&limits::DURATION, dt)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// The range of voltages the protocol may name: the cathode's window widened by 1.5 V for
    /// full cells (over-charge and over-discharge studies), ±5 V vs Na for half cells.
    fn voltage_window(&self) -> (f64, f64) {
        if !self.cell.kind.is_full_cell() {
            return (-5.0, 5.0);
        }
        let am = self.cell.cathode.as_ref().map(|c| &c.active);
        let lo = am.and_then(|m| m.si("voltage_min")).unwrap_or(1.0);
        let hi = am.and_then(|m| m.si("voltage_max")).unwrap_or(4.5);
        ((lo - 1.5).max(0.0), hi + 1.5)
    }

    fn window_basis(&self) -> String {
        match self.cell.cathode.as_ref() {
            Some(c) if self.cell.kind.is_full_cell() => format!(
                ": the window of {} widened by 1.5 V on each side",
                c.active.id
            ),
            _ => " vs the Na counter electrode".into(),
        }
    }

    /// A capacity that the cell cannot pass in one step, with no other stop to end it.
    fn check_capacity(&self, st: &Step, q: f64, a: CapacityAmount) -> Result<(), Refusal> {
        let Some(cap) = self.nominal_capacity() else {
            return Ok(());
        };
        let other_stop = st.stops.iter().any(|s| {
            matches!(
                s,
                Stop::VoltageAbove(_) | Stop::VoltageBelow(_) | Stop::Time(_)
            )
        });
        if q > 1.5 * cap && !other_stop {
            let _ = a;
            return Err(refuse(
                st,
                format!(
                    "asks for {:.4} mAh/cm^2 in one step, but the cathode holds {:.4} mAh/cm^2 \
                     and the step has no voltage or time stop: it cannot end on its own \
                     condition (add \"or until 3.8 V\", or lower the capacity)",
                    q / 36_000.0,
                    cap / 36_000.0
                ),
            ));
        }
        Ok(())
    }

    /// The first step's voltage stop, if the initial state already meets it.
    fn check_first_step(&self, st: &Step) -> Result<(), Refusal> {
        if !matches!(
            st.mode,
            Mode::Charge(_) | Mode::Discharge(_) | Mode::Plate(_) | Mode::Strip(_)
        ) {
            return Ok(());
        }
        let model = self.model();
        let y0 = &self.problem.equations().initial;
        let vsign = if self.cell.kind.is_full_cell() {
            1.0
        } else {
            -1.0
        };
        let v0 = vsign * model.vars(y0).get(Var::TerminalVoltage);
        if !v0.is_finite() {
            return Ok(());
        }
        for s in &st.stops {
            let met = match *s {
                Stop::VoltageAbove(v) => v0 >= v,
                Stop::VoltageBelow(v) => v0 <= v,
                _ => false,
            };
            if met {
                let (dir, word) = match s {
                    Stop::VoltageAbove(_) => ("above", "rises"),
                    _ => ("below", "falls"),
                };
                let v = match s {
                    Stop::VoltageAbove(v) | Stop::VoltageBelow(v) => *v,
                    _ => f64::NAN,
                };
                return Err(refuse(
                    st,
                    format!(
                        "stops when the voltage {word} {dir} {v} V, but the cell starts at \
                         {v0:.3} V: the step would end at once having done nothing"
                    ),
                ));
            }
        }
        Ok(())
    }
}
