use super::monitor::Monitor;
use super::plan::{
    check_criteria, check_half_cell, counter_sodium, plan, preplating, protocol_of, sodium_charge,
    test_cell, Planned,
};
use super::{
    mah, short_number, CcdError, CcdOptions, CcdProgress, CcdResult, CcdStep, CriteriaOptions,
    Criterion, Direction, Dwell, Electrode, Schedule, A_PER_M2_PER_MA_PER_CM2, RAMP_RESOLUTION,
};
use crate::cell::{CellSpec, CellType};
use crate::output::{Sink, Table};
use crate::protocol::{CapacityAmount, Current, Mode, Stop};
use crate::simulation::{EndCause, Outcome, RunOptions, Simulation};

/// What one run of conditioning + test steps gave.
pub(super) struct Probe {
    pub(super) steps: Vec<CcdStep>,
    /// (test step index, time since test start, criterion), or a failure during conditioning.
    pub(super) failure: Option<(Option<usize>, f64, Criterion)>,
    pub(super) trace: Table,
    pub(super) protocol: String,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn probe(
    cell: &CellSpec,
    direction: Direction,
    conditioning: &[Planned],
    test: &[(f64, Dwell)],
    criteria: CriteriaOptions,
    rtol: Option<f64>,
    available: f64,
    progress: &mut dyn FnMut(CcdProgress),
) -> Result<Probe, CcdError> {
    let opts = RunOptions {
        rtol,
        every_step: true,
        min_interval: 0.0,
        command: "natrium ccd".into(),
        ..Default::default()
    };
    let sim = Simulation::new(cell, opts)?;
    let phi_min = sim
        .params
        .params
        .iter()
        .find(|p| p.name == "interface.contact_minimum")
        .map(|p| p.value)
        .unwrap_or(0.0);
    let mut planned: Vec<Planned> = conditioning.to_vec();
    planned.extend(test.iter().map(|&(j, d)| Planned {
        mode: direction.mode(j),
        stop: d.stop(),
    }));
    let protocol = protocol_of(&planned);
    let first_test = conditioning.len() as u64 + 1;
    let currents: Vec<f64> = test.iter().map(|t| t.0).collect();
    let mut mon = Monitor::new(first_test, currents.clone(), criteria, phi_min);
    let n_cond = conditioning.len() as u64;
    let total = test.len();
    let result = sim.run(&protocol, Some(&mut mon as &mut dyn Sink), &mut |p| {
        if p.done > n_cond {
            let done = (p.done - n_cond) as usize;
            progress(CcdProgress {
                done,
                total,
                current_density: currents.get(done - 1).copied().unwrap_or(f64::NAN),
            });
        }
    });
    let t0 = mon.test_start.unwrap_or(result.time);
    // candidates: (time, 1-based step, criterion)
    let mut cands: Vec<(f64, u64, Criterion)> = Vec::new();
    if let Some(f) = mon.fired.clone() {
        cands.push((f.time, f.step, f.criterion));
    }
    let last_step = mon.last.map(|l| l.0).unwrap_or(1);
    match &result.outcome {
        Outcome::Completed | Outcome::Stopped { .. } => {}
        Outcome::Ended { at, cause } => {
            if mon.fired.is_none() {
                let crit = match cause {
                    EndCause::ShortCircuit { .. } => Criterion::ShortCircuit,
                    EndCause::SodiumDepleted { electrode } => Criterion::SodiumDepleted {
                        electrode: *electrode,
                        stripped: f64::NAN,
                        available: match electrode {
                            Electrode::Counter => counter_sodium(cell).unwrap_or(f64::NAN),
                            Electrode::Working => available,
                        },
                    },
                };
                cands.push((at.time, at.step, crit));
            }
        }
        Outcome::Failed { at, error, .. } => {
            cands.push((
                at.time,
                last_step.max(at.step),
                Criterion::SolverFailure {
                    message: error.to_string(),
                },
            ));
        }
        other => {
            // stalled, refused or interrupted: no CCD can be read from it
            let at = other.point().unwrap_or(crate::simulation::RunPoint {
                time: result.time,
                cycle: 0,
                step: last_step,
            });
            cands.push((
                at.time,
                last_step.max(at.step),
                Criterion::SolverFailure {
                    message: other.to_string(),
                },
            ));
        }
    }
    // the working electrode's (non-terminal) depletion event
    if direction == Direction::Stripping {
        if let Some(e) = result.events.find(
            crate::model::EventKind::SodiumDepleted(Electrode::Working).name(),
            t0,
        ) {
            let step = step_at(&mon.trace, e.time).unwrap_or(last_step);
            cands.push((
                e.time,
                step,
                Criterion::SodiumDepleted {
                    electrode: Electrode::Working,
                    stripped: f64::NAN,
                    available,
                },
            ));
        }
    }
    cands.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut steps = std::mem::take(&mut mon.steps);
    let failure = match cands.into_iter().next() {
        None => {
            for s in &mut steps {
                s.passed = true;
            }
            None
        }
        Some((t, step, mut crit)) if step >= first_test => {
            let k = ((step - first_test) as usize).min(steps.len().saturating_sub(1));
            steps.truncate(k + 1);
            for s in &mut steps[..k] {
                s.passed = true;
            }
            if let Some(s) = steps.get_mut(k) {
                s.passed = false;
                // the monitor may have seen rows after the event; cut the step at it
                s.duration = s.duration.min(t - t0 - s.start.max(0.0)).max(0.0);
            }
            if let Criterion::SodiumDepleted { stripped, .. } = &mut crit {
                *stripped = steps.iter().map(CcdStep::charge).sum();
            }
            Some((Some(k), t - t0, crit))
        }
        Some((t, _, crit)) => {
            steps.clear();
            Some((None, t - t0, crit))
        }
    };
    // time relative to the start of the test
    let mut trace = std::mem::take(&mut mon.trace);
    if let Some(col) = trace.columns.first_mut() {
        for x in col.iter_mut() {
            *x -= t0;
        }
    }
    Ok(Probe {
        steps,
        failure,
        trace,
        protocol: protocol.to_string(),
    })
}

/// The protocol step a time falls in, from the trace.
fn step_at(trace: &Table, t: f64) -> Option<u64> {
    let ts = trace.columns.first()?;
    let ss = trace.columns.get(1)?;
    let i = ts.iter().position(|&x| x >= t)?;
    Some(ss[i] as u64)
}

// ---------------------------------------------------------------------------------------------
// public entry points

/// Run a CCD test on a half cell.
pub fn ccd(
    cell: &CellSpec,
    opts: &CcdOptions,
    progress: &mut dyn FnMut(CcdProgress),
) -> Result<CcdResult, CcdError> {
    check_half_cell(cell)?;
    check_criteria(&opts.criteria)?;
    let cell = test_cell(cell, opts.pressure, opts.temperature)?;
    let test = plan(&opts.mode)?;
    let mut notes = Vec::new();
    let planned_charge: f64 = test.iter().map(|(j, d)| d.charge(*j)).sum();
    let pre = preplating(
        &cell,
        opts.direction,
        &opts.preplate,
        planned_charge,
        &mut notes,
    )?;
    let conditioning: Vec<Planned> = pre
        .map(|(q, j)| Planned {
            mode: Mode::Plate(Current::Density(j)),
            stop: Stop::Capacity(CapacityAmount::Areal(q)),
        })
        .into_iter()
        .collect();
    let preplated = pre.map(|p| p.0).unwrap_or(0.0);
    // sodium available to the stripping electrode
    let available = match opts.direction {
        Direction::Plating => counter_sodium(&cell).unwrap_or(f64::NAN),
        Direction::Stripping => sodium_charge(&cell, cell.negative.initial_thickness) + preplated,
    };
    if available.is_finite() && planned_charge > available {
        notes.push(format!(
            "the schedule strips {:.3} mAh/cm² from the {} electrode if nothing fails, more than its {:.3} mAh/cm² of sodium: the test ends by depletion unless a criterion fires first",
            mah(planned_charge),
            match opts.direction {
                Direction::Plating => "counter",
                Direction::Stripping => "working",
            },
            mah(available)
        ));
    }
    if opts.direction == Direction::Stripping && cell.kind == CellType::Symmetric {
        notes.push(
            "the counter electrode plates; the dendrite model sits on the working electrode only, so shorts from the counter are not modelled".into(),
        );
    }
    if let Schedule::Ramp { rate, max } = opts.mode {
        notes.push(format!(
            "ramp of {} mA/cm² per h approximated by {RAMP_RESOLUTION} steps of {:.1} s, each at the current reached at its end",
            short_number(rate * 3600.0 / A_PER_M2_PER_MA_PER_CM2, 4),
            max / rate / RAMP_RESOLUTION as f64
        ));
    }
    let max = test.last().map(|t| t.0).unwrap_or(f64::NAN);
    let p = probe(
        &cell,
        opts.direction,
        &conditioning,
        &test,
        opts.criteria,
        opts.rtol,
        available,
        progress,
    )?;
    let (ccd, failed_at, criterion, time) = match p.failure {
        None => (p.steps.last().map(|s| s.current_density), None, None, None),
        Some((None, _, crit)) => {
            return Err(CcdError::Preplate {
                capacity: preplated,
                current: opts.preplate.current,
                criterion: crit,
            })
        }
        Some((Some(k), t, crit)) => (
            k.checked_sub(1).map(|i| p.steps[i].current_density),
            Some(p.steps[k].current_density),
            Some(crit),
            Some(t),
        ),
    };
    Ok(CcdResult {
        cell: cell.name.clone(),
        kind: cell.kind,
        direction: opts.direction,
        pressure: cell.stack_pressure,
        temperature: cell.temperature,
        ccd,
        failed_at,
        criterion,
        time,
        steps: p.steps,
        trace: p.trace,
        first_test_step: conditioning.len() as u64 + 1,
        preplated,
        max,
        protocol: p.protocol,
        notes,
    })
}
