//! `natrium simulate …`

use anyhow::{anyhow, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use super::plots::PlotSink;
use crate::args::{Cli, SimulateArgs};
use natrium::output::{
    self, Manifest, MultiSink, NumberFormat, OutputDir, OutputError, Sink, Thinned, Thinning,
};
use natrium::simulation::{exit_code, Outcome, RunControl, RunOptions, RunResult, Simulation};
use natrium::units::{self, dims};

/// Longest accepted `--min-interval` [s] (about 30 years).
const MAX_INTERVAL: f64 = 1e9;

pub fn run(cli: &Cli, a: &SimulateArgs) -> Result<ExitCode> {
    let db = super::database(cli)?;
    let mut cell = super::load_cell(&a.cell, &db)?;
    super::set_model_options(&mut cell, &a.model)?;
    let protocol = super::load_protocol(&a.protocol)?;
    let min_interval = duration("--min-interval", a.min_interval.as_deref())?;
    let sample_interval = duration("--sample-interval", Some(&a.sample_interval))?;
    let control = RunControl::new();
    crate::signals::install(control.clone());
    // the solver's every step reaches the plots; the files get the thinned copy
    let thinning = if a.step_ends {
        Thinning::StepEnds
    } else if min_interval > 0.0 {
        Thinning::MinInterval(min_interval)
    } else {
        Thinning::All
    };
    let opts = RunOptions {
        rtol: a.rtol,
        atol: a.atol,
        every_step: true,
        min_interval: 0.0,
        command: crate::out::command_line(),
        control,
        sample_interval,
        ..Default::default()
    };
    let sim = Simulation::new(&cell, opts).with_context(|| super::building_context(&a.model))?;
    // refuse what cannot run before touching --out
    if let Err(reason) = sim.check_protocol(&protocol) {
        eprintln!("error: run refused: {reason}");
        return Ok(ExitCode::from(exit_code::INPUT));
    }
    let dir = OutputDir::claim(&a.out, a.force)?;
    for p in &dir.removed {
        if !a.quiet {
            eprintln!("removed {} (earlier run, --force)", p.display());
        }
    }
    let format = NumberFormat { digits: a.digits };
    let mut sinks: Vec<Box<dyn Sink>> = Vec::new();
    for f in &a.format {
        let ext = f.trim().to_lowercase();
        let path = a.out.join(format!("timeseries.{ext}"));
        let file = output::sink_with_format(&path, format)?;
        sinks.push(Box::new(Thinned::new(file, thinning)));
    }
    let plot_sink = PlotSink::new();
    let plot_data = plot_sink.handle();
    if !a.no_plots {
        sinks.push(Box::new(plot_sink));
    }
    let mut sink = MultiSink::new(sinks);
    let bar = progress_bar(a.quiet, protocol.n_steps_expanded());
    let t0 = std::time::Instant::now();
    let mut result = sim.run(&protocol, Some(&mut sink as &mut dyn Sink), &mut |p| {
        bar.set_position(p.done);
        bar.set_message(format!("cycle {}, t = {:.2} h", p.cycle, p.time / 3600.0));
    });
    bar.finish_and_clear();
    let wall = t0.elapsed();
    result.metadata.note(match thinning {
        Thinning::All => "time-series file: every solver step".to_string(),
        Thinning::StepEnds => "time-series file: first and last row of each step".to_string(),
        Thinning::MinInterval(dt) => format!(
            "time-series file: first and last row of each step, rows at least {dt} s apart \
             between them; the plots use every solver step"
        ),
    });
    let (mut written, mut lost) = sink.finish_all();
    lost.append(&mut result.output_lost);
    for e in &lost {
        result.metadata.warn(format!("output lost: {e}"));
    }
    match output::write_summaries(
        &a.out.join("cycles.csv"),
        &result.cycles,
        Some(&result.metadata),
    ) {
        Ok(p) => written.extend(p),
        Err(e) => lost.push(e),
    }
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
    match result.metadata.write_json(&a.out.join("metadata.json")) {
        Ok(p) => written.push(p),
        Err(e) => lost.push(e),
    }
    let manifest = Manifest {
        natrium_version: env!("CARGO_PKG_VERSION").to_string(),
        command: result.metadata.command.clone(),
        outcome: result.outcome.kind().to_string(),
        files: dir.relative(&written),
        lost: lost.iter().map(|e| e.to_string()).collect(),
    };
    if let Err(e) = dir.write_manifest(&manifest) {
        lost.push(e);
    }
    // the files are written; a closed stdout (`… | head`) only cuts the summary short
    let printed = if a.quiet {
        Ok(())
    } else {
        summary(&cell, &protocol, &result, wall, &written)
    };
    report_outcome(&result.outcome)?;
    report_lost(&lost, &a.out);
    printed?;
    let code = match result.outcome.exit_code() {
        exit_code::COMPLETED if !lost.is_empty() => exit_code::OUTPUT_LOST,
        c => c,
    };
    Ok(ExitCode::from(code))
}

/// A duration option (`--min-interval`, `--sample-interval`) as seconds (0 when not given),
/// validated.
fn duration(flag: &str, arg: Option<&str>) -> Result<f64> {
    let Some(s) = arg else { return Ok(0.0) };
    let v = units::parse_as(s, dims::TIME)
        .map_err(|e| anyhow!("{flag} {s:?}: {e} (expected a duration such as \"30 s\")"))?;
    if !(0.0..=MAX_INTERVAL).contains(&v) {
        anyhow::bail!("{flag} {s:?}: must be a duration from 0 s to {MAX_INTERVAL:e} s, got {v} s");
    }
    Ok(v)
}

fn progress_bar(quiet: bool, total: u64) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
    }
    let b = ProgressBar::new(total);
    b.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{bar:30}] step {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    b
}

/// What ended the run, on stderr unless it completed (always printed, also under `-q`).
fn report_outcome(outcome: &Outcome) -> Result<()> {
    match outcome {
        Outcome::Completed => {}
        Outcome::Stopped { .. } | Outcome::Ended { .. } => outln!("run {outcome}")?,
        Outcome::Interrupted { .. } => {
            eprintln!(
                "run {outcome}; the outputs hold what was computed and are marked interrupted"
            )
        }
        Outcome::Refused { reason, .. } => eprintln!("error: run refused: {reason}"),
        Outcome::Failed { error, .. } => {
            eprintln!("error: {outcome}");
            let mut worst: Vec<&(String, f64)> = error.state().iter().collect();
            worst.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
            if !worst.is_empty() {
                eprintln!("state at failure (largest magnitudes; all of it in metadata.json):");
                for (n, v) in worst.iter().take(8) {
                    eprintln!("  {n} = {v:.6e}");
                }
            }
            eprintln!("results up to the failure were written");
        }
        Outcome::Stalled { .. } => {
            eprintln!("error: {outcome}; results up to there were written")
        }
    }
    Ok(())
}

fn report_lost(lost: &[OutputError], out: &std::path::Path) {
    if lost.is_empty() {
        return;
    }
    eprintln!(
        "error: {} output(s) in {} could not be written; what is listed in \
         natrium-manifest.json was written whole:",
        lost.len(),
        out.display()
    );
    for e in lost {
        eprintln!("  lost: {e}");
    }
}

fn summary(
    cell: &natrium::cell::CellSpec,
    protocol: &natrium::protocol::Protocol,
    result: &RunResult,
    wall: std::time::Duration,
    written: &[PathBuf],
) -> Result<()> {
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
    for (kind, n) in result.events.counts() {
        outln!("events: {n} × {kind}")?;
    }
    for w in &result.warnings {
        outln!("warning: {w}")?;
    }
    for p in written {
        outln!("wrote {}", p.display())?;
    }
    Ok(())
}
