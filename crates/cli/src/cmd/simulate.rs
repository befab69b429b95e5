//! `natrium simulate …`

use anyhow::{anyhow, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::process::ExitCode;

use super::plots::PlotSink;
use crate::args::{Cli, SimulateArgs};
use natrium::output::{self, MultiSink, Sink};
use natrium::simulation::{Outcome, RunOptions, Simulation};
use natrium::units::{self, dims};

pub fn run(cli: &Cli, a: &SimulateArgs) -> Result<ExitCode> {
    let db = super::database(cli)?;
    let mut cell = super::load_cell(&a.cell, &db)?;
    super::set_model_options(&mut cell, &a.model)?;
    let protocol = super::load_protocol(&a.protocol)?;
    let min_interval = match &a.min_interval {
        Some(s) => units::parse_as(s, dims::TIME).map_err(|e| anyhow!("--min-interval: {e}"))?,
        None => 0.0,
    };
    let opts = RunOptions {
        rtol: a.rtol,
        every_step: !a.step_ends,
        min_interval,
        command: crate::out::command_line(),
        ..Default::default()
    };
    let sim = Simulation::new(&cell, opts).with_context(|| super::building_context(&a.model))?;
    std::fs::create_dir_all(&a.out).with_context(|| format!("creating {}", a.out.display()))?;
    let mut sinks: Vec<Box<dyn Sink>> = Vec::new();
    for f in &a.format {
        let ext = f.trim().to_lowercase();
        let path = a.out.join(format!("timeseries.{ext}"));
        sinks.push(output::sink_for(&path)?);
    }
    let plot_sink = PlotSink::new();
    let plot_data = plot_sink.handle();
    if !a.no_plots {
        sinks.push(Box::new(plot_sink));
    }
    let mut sink = MultiSink::new(sinks);
    let total = protocol.n_steps_expanded();
    let bar = if a.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden())
    } else {
        let b = ProgressBar::new(total);
        b.set_style(
            ProgressStyle::with_template("{elapsed_precise} [{bar:30}] step {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        b
    };
    let t0 = std::time::Instant::now();
    let result = sim.run(&protocol, Some(&mut sink as &mut dyn Sink), &mut |p| {
        bar.set_position(p.done);
        bar.set_message(format!("cycle {}, t = {:.2} h", p.cycle, p.time / 3600.0));
    });
    bar.finish_and_clear();
    let wall = t0.elapsed();
    let mut written = Box::new(sink).finish()?;
    written.extend(output::write_summaries(
        &a.out.join("cycles.csv"),
        &result.cycles,
        Some(&result.metadata),
    )?);
    written.push(result.metadata.write_json(&a.out.join("metadata.json"))?);
    if !a.no_plots {
        match super::plots::simulation_plots(
            &plot_data.take(),
            &result,
            &a.out,
            !cell.kind.is_full_cell(),
        ) {
            Ok(paths) => written.extend(paths),
            Err(e) => eprintln!("warning: plots not drawn: {e:#}"),
        }
    }
    // the files are written; a closed stdout (`… | head`) only cuts the summary short, and a
    // solver failure still exits with status 1
    let print_summary = || -> Result<()> {
        if a.quiet {
            return Ok(());
        }
        outln!(
            "{} ({} cell), protocol {}",
            cell.name,
            cell.kind.as_str(),
            protocol.source
        )?;
        outln!(
            "{} steps in {:.1} h simulated, {} cycles, {} solver steps, wall time {:.2} s",
            result.steps_done,
            result.time / 3600.0,
            result.cycles.len(),
            result.stats.steps,
            wall.as_secs_f64()
        )?;
        if let Some(c) = result.cycles.first() {
            outln!(
                "cycle 1: charge {:.4} mAh, discharge {:.4} mAh, CE {:.2} %",
                c.charge_capacity / 3.6,
                c.discharge_capacity / 3.6,
                c.coulombic_efficiency * 100.0
            )?;
        }
        if let Some(c) = result.cycles.last().filter(|_| result.cycles.len() > 1) {
            outln!(
                "cycle {}: discharge {:.4} mAh, CE {:.3} %, retention {:.2} %",
                c.cycle,
                c.discharge_capacity / 3.6,
                c.coulombic_efficiency * 100.0,
                c.retention * 100.0
            )?;
        }
        let drift =
            (result.sodium_final - result.sodium_initial) / result.sodium_initial.abs().max(1e-300);
        outln!("sodium inventory conserved to {drift:.1e} (relative)")?;
        for (t, e) in result.events.iter().take(10) {
            outln!("event at {:.2} h: {e}", t / 3600.0)?;
        }
        for p in &written {
            outln!("wrote {}", p.display())?;
        }
        Ok(())
    };
    let printed = print_summary();
    match &result.outcome {
        Outcome::Completed => {
            printed?;
            Ok(ExitCode::SUCCESS)
        }
        Outcome::Ended {
            time, cycle, cause, ..
        } => {
            printed?;
            outln!(
                "run ended at t = {:.2} h (cycle {cycle}): {cause}",
                time / 3600.0
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Outcome::Failed(e) => {
            eprintln!("error: {e}");
            let mut worst: Vec<&(String, f64)> = e.state().iter().collect();
            worst.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
            if !e.state().is_empty() {
                eprintln!("state at failure (largest magnitudes; full state in metadata.json is not kept):");
                for (n, v) in worst.iter().take(8) {
                    eprintln!("  {n} = {v:.6e}");
                }
            }
            eprintln!("results up to the failure were written");
            Ok(ExitCode::from(1))
        }
    }
}
