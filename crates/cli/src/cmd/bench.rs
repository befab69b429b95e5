//! `natrium bench`: median wall time of the engine's reference workloads on this machine, with
//! the solver statistics that explain it (steps per cycle, cost per step).

use anyhow::{Context, Result};
use serde_json::json;
use std::process::ExitCode;
use std::time::Instant;

use crate::args::{BenchArgs, Cli};
use natrium::protocol::Protocol;
use natrium::simulation::{Outcome, RunOptions, Simulation};
use natrium::solver::Stats;

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

fn min(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

fn stats_json(s: &Stats, cycles: usize, secs: f64) -> serde_json::Value {
    json!({
        "steps": s.steps,
        "steps_per_cycle": s.steps as f64 / cycles.max(1) as f64,
        "us_per_step": secs / s.steps.max(1) as f64 * 1e6,
        "lu_factorisations": s.lu_factorisations,
        "pivot_analyses": s.pivot_analyses,
        "newton_iterations": s.newton_iterations,
        "error_test_failures": s.error_test_failures,
        "newton_failures": s.newton_failures,
        "rhs_evaluations": s.rhs_evaluations,
        "jacobian_evaluations": s.jacobian_evaluations,
        "restarts": s.restarts,
    })
}

pub fn run(cli: &Cli, a: &BenchArgs) -> Result<ExitCode> {
    let db = super::database(cli)?;
    let (shown, mut text) = super::cell_text(&a.cell)?;
    if a.every_submodel {
        text = natrium::cell::with_every_submodel(&text);
    }
    let mut cell = super::parse_cell(&shown, &text, &db)?;
    super::set_model_options(&mut cell, &a.model)?;
    let opts = RunOptions {
        every_step: false,
        rtol: a.rtol,
        atol: a.atol,
        ..Default::default()
    };
    let repeat = a.repeat.max(1);
    let states = Simulation::new(&cell, opts.clone())
        .with_context(|| super::building_context(&a.model))?
        .model()
        .n();
    if !a.json {
        outln!("natrium bench: {} ({} states)", cell.name, states)?;
    }
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: debug build; run `cargo run --release -- bench` for meaningful numbers"
        );
    }
    let mut report = json!({
        "cell": cell.name,
        "states": states,
        "every_submodel": a.every_submodel,
        "repeat": repeat,
        "debug_build": cfg!(debug_assertions),
    });
    // 1C discharge from the charged state (prepared once per run, untimed)
    if !a.no_discharge {
        let prep = Protocol::parse("Charge at C/5 until 3.8 V; Rest for 1 h", "<bench>")?;
        let discharge = Protocol::parse("Discharge at 1C until 2.5 V", "<bench>")?;
        let mut times = Vec::new();
        let mut stats = Stats::default();
        for _ in 0..repeat {
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
            stats = r.stats;
            anyhow::ensure!(
                matches!(r.outcome, Outcome::Completed),
                "1C discharge failed: {:?}",
                r.outcome
            );
        }
        let med = median(&times);
        report["discharge_1c"] = json!({
            "median_s": med,
            "min_s": min(&times),
            "times_s": times,
            "stats": stats_json(&stats, 1, med),
        });
        if !a.json {
            outln!(
                "1C discharge: median {:.3} ms (min {:.3}) over {} runs; {} solver steps, {:.2} µs/step",
                med * 1e3,
                min(&times) * 1e3,
                repeat,
                stats.steps,
                med / stats.steps.max(1) as f64 * 1e6
            )?;
        }
    }
    // cycling
    let cyc = Protocol::parse(
        &format!("Repeat {} times: [{}]", a.cycles, a.cycle),
        "<bench>",
    )?;
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..repeat {
        let sim = Simulation::new(&cell, opts.clone())?;
        let t = Instant::now();
        let r = sim.run(&cyc, None, &mut |_| {});
        times.push(t.elapsed().as_secs_f64());
        anyhow::ensure!(
            !matches!(r.outcome, Outcome::Failed { .. } | Outcome::Stalled { .. }),
            "cycling failed: {:?}",
            r.outcome
        );
        last = Some((r.stats, r.cycles.len(), r.outcome));
    }
    let (s, n, outcome) = last.unwrap_or((Stats::default(), 0, Outcome::Completed));
    let med = median(&times);
    report["cycling"] = json!({
        "protocol": format!("Repeat {} times: [{}]", a.cycles, a.cycle),
        "cycles_requested": a.cycles,
        "cycles_completed": n,
        "completed": matches!(outcome, Outcome::Completed),
        "median_s": med,
        "min_s": min(&times),
        "times_s": times,
        "ms_per_cycle": med / n.max(1) as f64 * 1e3,
        "stats": stats_json(&s, n, med),
    });
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "{} cycles ({}): median {:.3} s (min {:.3}) over {} runs, {:.3} ms/cycle",
        a.cycles,
        a.cycle,
        med,
        min(&times),
        repeat,
        med / n.max(1) as f64 * 1e3
    )?;
    outln!(
        "  {} cycles completed, {} solver steps ({:.0}/cycle, {:.2} µs/step), {} LU factorisations ({} pivot choices), {} Newton iterations, {} error-test failures, {} Newton failures, {} restarts",
        n,
        s.steps,
        s.steps as f64 / n.max(1) as f64,
        med / s.steps.max(1) as f64 * 1e6,
        s.lu_factorisations,
        s.pivot_analyses,
        s.newton_iterations,
        s.error_test_failures,
        s.newton_failures,
        s.restarts
    )?;
    if !matches!(outcome, Outcome::Completed) {
        outln!("  the run ended early: {outcome}")?;
    }
    Ok(ExitCode::SUCCESS)
}
