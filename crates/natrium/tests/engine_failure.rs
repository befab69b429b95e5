//! How a run ends when it cannot go on (issue 3, item 12; README: "A failed solve reports the
//! time, step count and state, and keeps the results computed before it").
//!
//! * A solver failure, provoked deterministically by overcharging: "Charge at 1C for 3 h" asks
//!   for three times the cell's capacity. After ≈1.07 h every particle is empty, the OCV wall
//!   diverges and the integrator cannot continue (≈3846 s).
//! * A model-validity end: a step at 110 °C is above the melting point of sodium (97.8 °C).

use std::path::Path;

use natrium::cell::parse_cell;
use natrium::materials::{bundled_file, Database};
use natrium::output::MemorySink;
use natrium::protocol::Protocol;
use natrium::simulation::{Outcome, RunOptions, Simulation};
use natrium::solver::SolverError;

fn sim() -> Simulation {
    let db = Database::bundled().unwrap();
    let text = bundled_file("cells/nvp-nzsp-thin-target.toml").unwrap();
    let cell = parse_cell(Path::new("thin-target.toml"), text, &db).unwrap();
    Simulation::new(&cell, RunOptions::default()).unwrap()
}

#[test]
fn overcharge_fails_with_time_steps_and_state_and_keeps_the_rows() {
    let s = sim();
    let p = Protocol::parse("Charge at 1C for 3 h", "<test>").unwrap();
    let mut mem = MemorySink::new();
    let h = mem.handle();
    let r = s.run(&p, Some(&mut mem), &mut |_| {});
    let err = match &r.outcome {
        Outcome::Failed { error, .. } => error.clone(),
        other => panic!("expected a solver failure, got {other:?}"),
    };
    let (time, steps, state) = match &err {
        SolverError::Integration {
            time, steps, state, ..
        } => (*time, *steps, state.clone()),
        other => panic!("expected an integration failure, got {other}"),
    };
    eprintln!("{err}");
    // the cell is empty after Q/I = 3.207/3 h ≈ 1.07 h; it fails beyond full charge, before 3 h
    let full = 3.207 / 3.0 * 3600.0;
    assert!(
        time > 0.95 * full && time < 3.0 * 3600.0,
        "failed at t = {time} s"
    );
    assert!(steps > 10, "{steps} steps");
    // the message names the time and the step count
    let msg = err.to_string();
    assert!(
        msg.contains(&format!("{time:.6} s")) && msg.contains(&format!("{steps} steps")),
        "{msg}"
    );
    // the state at failure, by name, with the model's blocks
    assert_eq!(state.len(), s.model().n());
    assert_eq!(err.state().len(), state.len());
    for name in ["circuit.current", "circuit.charge", "cathode.filling[0,0]"] {
        assert!(
            state.iter().any(|(n, _)| n == name),
            "{name} missing from the state"
        );
    }
    let q = state.iter().find(|(n, _)| n == "circuit.charge").unwrap().1;
    // it had charged for `time` seconds at 1C = 30 A/m²
    approx::assert_relative_eq!(q, -30.0 * time, max_relative = 1e-6);
    // the run result keeps what was computed: the rows up to the failure …
    let t = h.snapshot();
    assert!(t.len() > 10, "{} rows kept", t.len());
    let times = t.column("time [s]").unwrap();
    assert_eq!(times[0], 0.0);
    let last = *times.last().unwrap();
    assert!(
        last <= time + 1e-9 && last > 0.9 * time,
        "last row at {last} s, failure at {time} s"
    );
    // … the voltage rose far past any cut-off before the failure (no silent garbage rows)
    let v = t.column("voltage [V]").unwrap();
    assert!(v.iter().all(|x| x.is_finite()));
    assert!(
        *v.last().unwrap() > 4.0,
        "last voltage {}",
        v.last().unwrap()
    );
    // … the time, sodium inventory and metadata of the run
    approx::assert_relative_eq!(r.time, time, max_relative = 1e-12);
    let drift = (r.sodium_final - r.sodium_initial) / r.sodium_initial;
    assert!(drift.abs() < 1e-9, "sodium drift {drift:e}");
    assert!(
        r.metadata
            .warnings
            .iter()
            .any(|w| w.contains("solver failure")),
        "metadata warnings: {:?}",
        r.metadata.warnings
    );
    // and a failure is deterministic: the same run fails at the same time
    let r2 = s.run(&p, None, &mut |_| {});
    match r2.outcome {
        Outcome::Failed {
            error: SolverError::Integration { time: t2, .. },
            ..
        } => {
            assert_eq!(t2, time)
        }
        o => panic!("second run: {o:?}"),
    }
}

#[test]
fn a_failed_run_keeps_the_summary_of_the_cycle_in_progress() {
    let s = sim();
    let p = Protocol::parse("Charge at 1C for 3 h", "<test>").unwrap();
    let r = s.run(&p, None, &mut |_| {});
    assert!(matches!(r.outcome, Outcome::Failed { .. }));
    assert_eq!(
        r.cycles.len(),
        1,
        "the charge before the failure is a cycle"
    );
    // charge capacity = |Q| × area, in C
    approx::assert_relative_eq!(
        r.cycles[0].charge_capacity,
        -r.charge_passed * s.cell.area,
        max_relative = 1e-9
    );
}

#[test]
fn a_step_above_the_sodium_melting_point_is_refused_before_the_run() {
    let s = sim();
    let p = Protocol::parse(
        "Charge at C/5 for 10 min\nSet temperature to 110 degC\nCharge at 1C until 3.8 V",
        "<test>",
    )
    .unwrap();
    let mut mem = MemorySink::new();
    let h = mem.handle();
    let r = s.run(&p, Some(&mut mem), &mut |_| {});
    match &r.outcome {
        Outcome::Refused { at, reason } => {
            // refused before anything ran, naming the step that asks for it
            assert_eq!(at.step, 0);
            let msg = reason.to_string();
            assert!(msg.contains("melts at 97.8"), "{msg}");
            assert!(msg.contains("110.0"), "{msg}");
            assert!(msg.contains("line 2"), "{msg}");
            assert_eq!(r.outcome.exit_code(), 2);
        }
        other => panic!("expected Refused, got {other:?}"),
    }
    assert_eq!(r.steps_done, 0);
    assert!(h.snapshot().is_empty());
    // the cause is in the metadata, machine-readable
    assert_eq!(r.metadata.outcome["kind"], "refused");
    assert_eq!(r.metadata.outcome["reason"]["reason"], "melting");
    assert!(
        r.metadata.warnings.iter().any(|n| n.contains("melts")),
        "{:?}",
        r.metadata.warnings
    );
    // a per-step temperature suffix is refused the same way
    let p = Protocol::parse("Rest for 1 h at 100 degC", "<test>").unwrap();
    let r = s.run(&p, None, &mut |_| {});
    assert!(
        matches!(&r.outcome, Outcome::Refused { reason, .. } if reason.to_string().contains("melts")),
        "{:?}",
        r.outcome
    );
}

#[test]
fn a_c_rate_on_a_half_cell_ends_with_a_clear_cause() {
    // a symmetric cell has no cathode capacity: "C/5" cannot be converted to a current
    let db = Database::bundled().unwrap();
    let text = bundled_file("cells/na-nzsp-na-welded.toml").unwrap();
    let cell = parse_cell(Path::new("w.toml"), text, &db).unwrap();
    let s = Simulation::new(&cell, RunOptions::default()).unwrap();
    assert_eq!(s.nominal_capacity(), None);
    let p = Protocol::parse("Plate at C/5 for 1 h", "<test>").unwrap();
    let r = s.run(&p, None, &mut |_| {});
    match &r.outcome {
        Outcome::Refused { reason, .. } => {
            let msg = reason.to_string();
            assert!(msg.contains("C-rate") && msg.contains("mA/cm^2"), "{msg}");
            assert!(msg.contains("line 1"), "{msg}");
        }
        o => panic!("{o:?}"),
    }
}

#[test]

fn a_discharge_after_a_short_charge_runs_to_its_cut_off() {
    // After 10 min at C/5 the cathode is back near its discharged end (mean filling ≈ 0.96),
    // and a 1C discharge until 2.5 V should simply run into the cut-off within a minute. The SPM
    // and the P2D with the default interface negative (which has a double layer) do this; the
    // P2D with `negative = "metal"` or `"ideal"` fails before its first step.
    let db = Database::bundled().unwrap();
    for negative in ["metal", "ideal"] {
        let text = format!(
            "{}\n[model]\nnegative = \"{negative}\"\n",
            bundled_file("cells/nvp-nzsp-thin-target.toml").unwrap()
        );
        let cell = parse_cell(Path::new("t.toml"), &text, &db).unwrap();
        let s = Simulation::new(&cell, RunOptions::default()).unwrap();
        let p = Protocol::parse(
            "Charge at C/5 for 10 min; Discharge at 1C until 2.5 V",
            "<test>",
        )
        .unwrap();
        let r = s.run(&p, None, &mut |_| {});
        let why = match &r.outcome {
            Outcome::Failed { error, .. } => error.to_string(),
            o => format!("{o:?}"),
        };
        assert!(r.outcome == Outcome::Completed, "[{negative}] {why}");
    }
}

/// A sink that asks for an immediate stop after `after` rows, as a second Ctrl-C would.
struct StopAfter {
    inner: MemorySink,
    after: usize,
    seen: usize,
    control: natrium::simulation::RunControl,
}

impl natrium::output::Sink for StopAfter {
    fn begin(&mut self, s: &natrium::output::Schema) -> Result<(), natrium::output::OutputError> {
        self.inner.begin(s)
    }
    fn row(&mut self, v: &[f64]) -> Result<(), natrium::output::OutputError> {
        self.seen += 1;
        if self.seen == self.after {
            self.control.request_stop();
            self.control.request_stop();
        }
        self.inner.row(v)
    }
    fn finish(self: Box<Self>) -> Result<Vec<std::path::PathBuf>, natrium::output::OutputError> {
        Ok(vec![])
    }
}

#[test]
fn an_immediate_stop_ends_inside_the_step_and_books_what_it_passed() {
    use natrium::simulation::{Interruption, RunControl};
    let control = RunControl::new();
    let db = Database::bundled().unwrap();
    let text = bundled_file("cells/nvp-nzsp-thin-target.toml").unwrap();
    let cell = parse_cell(Path::new("thin-target.toml"), text, &db).unwrap();
    let opts = RunOptions {
        control: control.clone(),
        ..RunOptions::default()
    };
    let s = Simulation::new(&cell, opts).unwrap();
    let p = Protocol::parse(
        "Charge at C/2 until 3.8 V; Discharge at C/2 until 2.5 V",
        "<t>",
    )
    .unwrap();
    let mut sink = StopAfter {
        inner: MemorySink::new(),
        after: 40,
        seen: 0,
        control,
    };
    let h = sink.inner.handle();
    let r = s.run(&p, Some(&mut sink), &mut |_| {});
    match &r.outcome {
        Outcome::Interrupted { at, how } => {
            assert_eq!(*how, Interruption::Immediately);
            assert_eq!(at.step, 1, "stopped inside the first step");
        }
        o => panic!("{o:?}"),
    }
    assert_eq!(r.outcome.exit_code(), 130);
    assert_eq!(r.metadata.outcome["kind"], "interrupted");
    // the partial charge is booked in the cycle summary, and equals what the rows show
    let t = h.snapshot();
    let q = t.column("charge passed [mAh/cm^2]").unwrap();
    let booked = r.cycles[0].charge_capacity / s.cell.area / 36_000.0;
    approx::assert_relative_eq!(booked, -q.last().unwrap(), max_relative = 1e-9);
    assert!(booked > 0.0);
}
