//! Helpers shared by the interface test files: bundled designs (optionally edited), runs into
//! memory, columns, steps and cycle summaries.
#![allow(dead_code)]

use std::path::Path;

use natrium::cell::{parse_cell, CellSpec};
use natrium::materials::{bundled_file, Database};
use natrium::output::{CycleSummary, MemorySink, Table};
use natrium::protocol::Protocol;
use natrium::simulation::{Outcome, RunOptions, RunResult, Simulation};

/// The text of a bundled design.
pub fn cell_text(name: &str) -> String {
    bundled_file(&format!("cells/{name}.toml"))
        .unwrap_or_else(|| panic!("no bundled cell {name}"))
        .to_string()
}

/// A design from its text.
pub fn cell_from(text: &str) -> CellSpec {
    let db = Database::bundled().unwrap();
    parse_cell(Path::new("test.toml"), text, &db).unwrap_or_else(|e| panic!("{e}"))
}

/// A bundled design with `[model.interface]` options added.
pub fn with_interface(name: &str, options: &str) -> CellSpec {
    let text = cell_text(name);
    let text = if text.contains("[model.interface]") {
        text.replace(
            "[model.interface]",
            &format!("[model.interface]\n{options}"),
        )
    } else {
        format!("{text}\n[model.interface]\n{options}\n")
    };
    cell_from(&text)
}

/// A bundled design with one top-level line replaced (`key = ...`).
pub fn with_line(name: &str, key: &str, line: &str) -> String {
    let text = cell_text(name);
    let mut out = Vec::new();
    let mut done = false;
    for l in text.lines() {
        if !done && l.trim_start().starts_with(&format!("{key} ")) {
            out.push(line.to_string());
            done = true;
        } else {
            out.push(l.to_string());
        }
    }
    assert!(done, "{name} has no line for {key}");
    out.join("\n") + "\n"
}

/// Run a protocol, keeping the time series in memory.
pub fn run(cell: &CellSpec, protocol: &str) -> (RunResult, Table) {
    let sim = Simulation::new(cell, RunOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let p = Protocol::parse(protocol, "<test>").unwrap();
    let mut mem = MemorySink::new();
    let h = mem.handle();
    let r = sim.run(&p, Some(&mut mem), &mut |_| {});
    (r, h.snapshot())
}

/// Run a protocol without a time series.
pub fn run_quiet(cell: &CellSpec, protocol: &str) -> RunResult {
    let sim = Simulation::new(cell, RunOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let p = Protocol::parse(protocol, "<test>").unwrap();
    sim.run(&p, None, &mut |_| {})
}

/// Run and require completion; the cycle summaries.
pub fn cycles(cell: &CellSpec, protocol: &str) -> Vec<CycleSummary> {
    let r = run_quiet(cell, protocol);
    assert_eq!(r.outcome, Outcome::Completed, "{}", r.outcome);
    r.cycles
}

pub fn col<'a>(t: &'a Table, name: &str) -> &'a [f64] {
    t.column(name).unwrap_or_else(|| panic!("no column {name}"))
}

pub fn rows_of_step(t: &Table, step: f64) -> Vec<usize> {
    let s = col(t, "step");
    (0..t.len()).filter(|&i| s[i] == step).collect()
}

/// An extra of a cycle summary (panics if absent).
pub fn extra(c: &CycleSummary, name: &str) -> f64 {
    c.extra(name)
        .unwrap_or_else(|| panic!("cycle {} has no {name}: {:?}", c.cycle, c.extra))
}

/// The nucleation dip of the first plating of a design at `j` mA/cm², as a cycler sampling
/// every second reads it [mV].
pub fn dip_at(cell: &CellSpec, j: f64) -> f64 {
    let c = cycles(cell, &format!("Plate 0.1 mAh/cm2 at {j} mA/cm2"));
    extra(&c[0], "nucleation overpotential [mV]")
}

/// First-cycle efficiency [%] of a half cell plating `q` mAh/cm² at `j` mA/cm² and stripping
/// back to 1 V.
pub fn half_cell_efficiency(cell: &CellSpec, q: f64, j: f64) -> f64 {
    let c = cycles(
        cell,
        &format!("Plate {q} mAh/cm2 at {j} mA/cm2\nStrip at {j} mA/cm2 until 1 V"),
    );
    100.0 * c[0].coulombic_efficiency
}
