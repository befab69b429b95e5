//! `natrium bench`: median wall time of the engine's reference workloads on this machine.

use anyhow::{Context, Result};
use std::process::ExitCode;
use std::time::Instant;

use crate::args::{BenchArgs, Cli};
use natrium::protocol::Protocol;
use natrium::simulation::{Outcome, RunOptions, Simulation};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

pub fn run(cli: &Cli, a: &BenchArgs) -> Result<ExitCode> {
    let db = super::database(cli)?;
    let cell = super::load_cell(&a.cell, &db)?;
    let opts = RunOptions {
        every_step: false,
        rtol: a.rtol,
        atol: a.atol,
        ..Default::default()
    };
    outln!(
        "natrium bench: {} ({} states)",
        cell.name,
        Simulation::new(&cell, opts.clone())?.model().n()
    )?;
    if cfg!(debug_assertions) {
        outln!("warning: debug build; run `cargo run --release -- bench` for meaningful numbers")?;
    }
    // 1C discharge from the charged state (prepared once, untimed)
    let prep = Protocol::parse("Charge at C/5 until 3.8 V; Rest for 1 h", "<bench>")?;
    let discharge = Protocol::parse("Discharge at 1C until 2.5 V", "<bench>")?;
    let mut times = Vec::new();
    let mut steps = 0;
    for _ in 0..a.repeat.max(1) {
        let mut sim = Simulation::new(&cell, opts.clone())?;
        let r = sim.run(&prep, None, &mut |_| {});
        anyhow::ensure!(
            matches!(r.outcome, Outcome::Completed),
            "preparation failed: {:?}",
            r.outcome
        );
        let y: Vec<f64> = r.final_state.iter().map(|(_, v)| *v).collect();
        sim.set_initial_state(&y).context("charged state")?;
        let t = Instant::now();
        let r = sim.run(&discharge, None, &mut |_| {});
        times.push(t.elapsed().as_secs_f64());
        steps = r.stats.steps;
        anyhow::ensure!(
            matches!(r.outcome, Outcome::Completed),
            "1C discharge failed: {:?}",
            r.outcome
        );
    }
    outln!(
        "1C discharge: median {:.3} ms over {} runs ({} solver steps)",
        median(times) * 1e3,
        a.repeat.max(1),
        steps
    )?;
    // C/2 cycling
    let cyc = Protocol::parse(
        &format!(
            "Repeat {} times: [Charge at C/2 until 3.8 V; Discharge at C/2 until 2.5 V]",
            a.cycles
        ),
        "<bench>",
    )?;
    let mut times = Vec::new();
    let mut stats = None;
    for _ in 0..a.repeat.max(1) {
        let sim = Simulation::new(&cell, opts.clone())?;
        let t = Instant::now();
        let r = sim.run(&cyc, None, &mut |_| {});
        times.push(t.elapsed().as_secs_f64());
        anyhow::ensure!(
            !matches!(r.outcome, Outcome::Failed(_)),
            "cycling failed: {:?}",
            r.outcome
        );
        stats = Some((r.stats, r.cycles.len()));
    }
    let (s, n) = stats.unwrap_or_default();
    outln!(
        "{} cycles of C/2 cycling: median {:.3} s over {} runs ({} cycles completed, {} solver steps, {} LU factorisations)",
        a.cycles,
        median(times),
        a.repeat.max(1),
        n,
        s.steps,
        s.lu_factorisations
    )?;
    Ok(ExitCode::SUCCESS)
}
