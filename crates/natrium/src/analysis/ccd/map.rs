use rayon::prelude::*;

use super::criterion::invalid;
use super::plan::{
    check_criteria, check_half_cell, counter_sodium, plan, positive, preplating, sodium_charge,
    test_cell, Planned,
};
use super::staircase::probe;
use super::{
    ccd, ma, mah, CcdError, CcdOptions, CcdResult, CcdStep, Criterion, Direction, Dwell,
    MapOptions, Preplate,
};
use crate::cell::{CellSpec, CellType};
use crate::protocol::{CapacityAmount, Current, Mode, Stop};

/// One cell of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapCell {
    /// \[Pa\]
    pub pressure: f64,
    /// \[A/m²\]
    pub current_density: f64,
    pub passed: bool,
    pub criterion: Option<Criterion>,
    /// Time to failure since the start of the test \[s\].
    pub time: Option<f64>,
    /// Figures of merit of the test step (NaN when it did not run, e.g. failed pre-plating).
    pub max_voltage: f64,
    pub min_contact: f64,
    pub min_counter_contact: f64,
    pub max_flaw_loading: f64,
    /// The pre-plating failed (the criterion is from it).
    pub preplate_failed: bool,
}

/// A pressure × current-density map and the CCD per pressure.
#[derive(Debug, Clone, PartialEq)]
pub struct CcdMap {
    pub cell: String,
    pub direction: Direction,
    pub pressures: Vec<f64>,
    pub currents: Vec<f64>,
    pub test: Dwell,
    /// `cells[ip * currents.len() + ij]`.
    pub cells: Vec<MapCell>,
    /// CCD per pressure (same order as `pressures`) when a staircase was asked for.
    pub staircases: Vec<Result<CcdResult, CcdError>>,
    pub notes: Vec<String>,
}

impl CcdMap {
    pub fn cell_at(&self, ip: usize, ij: usize) -> Option<&MapCell> {
        self.cells.get(ip * self.currents.len() + ij)
    }
}

fn check_grid(option: &'static str, v: &[f64], what: &str, zero_ok: bool) -> Result<(), CcdError> {
    if v.is_empty() {
        return Err(invalid(
            option,
            "(empty)",
            &format!("give at least one {what}"),
        ));
    }
    for &x in v {
        if !(x.is_finite() && (x > 0.0 || (zero_ok && x == 0.0))) {
            return Err(invalid(
                option,
                x,
                &format!(
                    "every {what} must be {}",
                    if zero_ok { "≥ 0" } else { "> 0" }
                ),
            ));
        }
    }
    if !v.windows(2).all(|w| w[1] > w[0]) {
        return Err(invalid(
            option,
            format!("{v:?}"),
            "values must be strictly increasing",
        ));
    }
    Ok(())
}

/// Run the map (and the staircases) in parallel with rayon. `progress` is called after each
/// run with (runs done, runs in total).
pub fn ccd_map(
    cell: &CellSpec,
    opts: &MapOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<CcdMap, CcdError> {
    check_half_cell(cell)?;
    check_criteria(&opts.criteria)?;
    check_grid("pressures", &opts.pressures, "stack pressure", true)?;
    check_grid("currents", &opts.currents, "current density", false)?;
    match opts.test {
        Dwell::Time(t) => positive("dwell", t, "s", "time")?,
        Dwell::Capacity(q) => positive("capacity", q, "C/m²", "capacity per area")?,
    }
    if let Some(s) = &opts.staircase {
        plan(s)?;
    }
    if let Some(t) = opts.temperature {
        positive("temperature", t, "K", "absolute temperature")?;
    }
    let n_cells = opts.pressures.len() * opts.currents.len();
    let total = n_cells
        + if opts.staircase.is_some() {
            opts.pressures.len()
        } else {
            0
        };
    let done = std::sync::atomic::AtomicUsize::new(0);
    let tick = || {
        let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(d, total);
    };
    let jobs: Vec<(usize, usize)> = (0..opts.pressures.len())
        .flat_map(|ip| (0..opts.currents.len()).map(move |ij| (ip, ij)))
        .collect();
    let cells: Result<Vec<MapCell>, CcdError> = jobs
        .par_iter()
        .map(|&(ip, ij)| {
            let r = map_cell(cell, opts, opts.pressures[ip], opts.currents[ij]);
            tick();
            r
        })
        .collect();
    let cells = cells?;
    let staircases: Vec<Result<CcdResult, CcdError>> = match &opts.staircase {
        Some(s) => opts
            .pressures
            .par_iter()
            .map(|&p| {
                let o = CcdOptions {
                    direction: opts.direction,
                    mode: *s,
                    criteria: opts.criteria,
                    pressure: Some(p),
                    temperature: opts.temperature,
                    preplate: opts.preplate,
                    rtol: opts.rtol,
                };
                let r = ccd(cell, &o, &mut |_| {});
                tick();
                r
            })
            .collect(),
        None => Vec::new(),
    };
    let mut notes = vec![format!(
        "each map cell is one constant-current {} step ({}) on the fresh cell at that stack pressure",
        opts.direction,
        match opts.test {
            Dwell::Time(t) => format!("{:.3} h", t / 3600.0),
            Dwell::Capacity(q) => format!("{:.3} mAh/cm²", mah(q)),
        }
    )];
    if opts.direction == Direction::Stripping && cell.kind == CellType::Deposition {
        notes.push(format!(
            "stripping cells are first pre-plated with 110 % of the test charge at {}",
            ma(opts.preplate.current)
        ));
    }
    Ok(CcdMap {
        cell: cell.name.clone(),
        direction: opts.direction,
        pressures: opts.pressures.clone(),
        currents: opts.currents.clone(),
        test: opts.test,
        cells,
        staircases,
        notes,
    })
}

fn map_cell(cell: &CellSpec, opts: &MapOptions, p: f64, j: f64) -> Result<MapCell, CcdError> {
    let c = test_cell(cell, Some(p), opts.temperature)?;
    let test = [(j, opts.test)];
    let pre = Preplate {
        capacity: Some(opts.preplate.capacity.unwrap_or(1.1 * opts.test.charge(j))),
        current: opts.preplate.current,
    };
    let mut sink_notes = Vec::new();
    let conditioning: Vec<Planned> = preplating(&c, opts.direction, &pre, 0.0, &mut sink_notes)?
        .map(|(q, jp)| Planned {
            mode: Mode::Plate(Current::Density(jp)),
            stop: Stop::Capacity(CapacityAmount::Areal(q)),
        })
        .into_iter()
        .collect();
    let preplated = pre
        .capacity
        .filter(|_| !conditioning.is_empty())
        .unwrap_or(0.0);
    let available = match opts.direction {
        Direction::Plating => counter_sodium(&c).unwrap_or(f64::NAN),
        Direction::Stripping => sodium_charge(&c, c.negative.initial_thickness) + preplated,
    };
    let pr = probe(
        &c,
        opts.direction,
        &conditioning,
        &test,
        opts.criteria,
        opts.rtol,
        available,
        &mut |_| {},
    )?;
    let s = pr.steps.first();
    let g = |f: fn(&CcdStep) -> f64| s.map(f).unwrap_or(f64::NAN);
    let (passed, criterion, time, preplate_failed) = match pr.failure {
        None => (true, None, None, false),
        Some((Some(_), t, k)) => (false, Some(k), Some(t), false),
        Some((None, t, k)) => (false, Some(k), Some(t), true),
    };
    Ok(MapCell {
        pressure: p,
        current_density: j,
        passed,
        criterion,
        time,
        max_voltage: g(|s| s.max_voltage),
        min_contact: g(|s| s.min_contact),
        min_counter_contact: g(|s| s.min_counter_contact),
        max_flaw_loading: g(|s| s.max_flaw_loading),
        preplate_failed,
    })
}
