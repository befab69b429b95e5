//! Engine benchmarks (issue 3 §9, issue 4 §6): `cargo bench -p natrium`.
//!
//! - a 1C discharge of the default design from its charged state (the charge is prepared once,
//!   outside the timing);
//! - C/2 cycling of the default design, 10 cycles per iteration (×100 for the 1000-cycle target);
//! - the BaTiO3/C anode-free design with every submodel on, 10 cycles per iteration.
//!
//! `scripts/bench.sh` runs the full-length workloads through `natrium bench` and prints medians.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use natrium::cell::{parse_cell, with_every_submodel, CellSpec};
use natrium::materials::{bundled_file, Database};
use natrium::protocol::Protocol;
use natrium::simulation::{Outcome, RunOptions, Simulation};

fn cell(name: &str, every_submodel: bool) -> CellSpec {
    let db = Database::bundled().expect("bundled database");
    let mut text = bundled_file(&format!("cells/{name}.toml"))
        .expect("bundled design")
        .to_string();
    if every_submodel {
        text = with_every_submodel(&text);
    }
    parse_cell(Path::new(name), &text, &db).expect("valid design")
}

fn opts() -> RunOptions {
    RunOptions {
        every_step: false,
        ..Default::default()
    }
}

fn discharge_1c(c: &mut Criterion) {
    let cell = cell("nvp-nzsp-thin-target", false);
    let prep = Protocol::parse("Charge at C/5 until 3.8 V; Rest for 1 h", "<bench>").unwrap();
    let discharge = Protocol::parse("Discharge at 1C until 2.5 V", "<bench>").unwrap();
    let mut sim = Simulation::new(&cell, opts()).unwrap();
    let r = sim.run(&prep, None, &mut |_| {});
    assert_eq!(r.outcome, Outcome::Completed);
    let charged: Vec<f64> = r.final_state.iter().map(|(_, v)| *v).collect();
    c.bench_function("1C discharge, nvp-nzsp-thin-target", |b| {
        b.iter(|| {
            sim.set_initial_state(&charged).unwrap();
            let r = sim.run(&discharge, None, &mut |_| {});
            assert_eq!(r.outcome, Outcome::Completed);
            black_box(r.stats.steps)
        })
    });
}

fn cycling(c: &mut Criterion, id: &str, cell: &CellSpec, steps: &str) {
    let p = Protocol::parse(&format!("Repeat 10 times: [{steps}]"), "<bench>").unwrap();
    c.bench_function(id, |b| {
        b.iter(|| {
            let sim = Simulation::new(cell, opts()).unwrap();
            let r = sim.run(&p, None, &mut |_| {});
            assert_eq!(r.outcome, Outcome::Completed);
            black_box(r.cycles.len())
        })
    });
}

fn cycling_c2(c: &mut Criterion) {
    cycling(
        c,
        "10 cycles at C/2, nvp-nzsp-thin-target",
        &cell("nvp-nzsp-thin-target", false),
        "Charge at C/2 until 3.8 V; Discharge at C/2 until 2.5 V",
    );
}

fn cycling_every_submodel(c: &mut Criterion) {
    cycling(
        c,
        "10 cycles at 0.1 mA/cm2, nvp-nzsp-batio3c-al, every submodel",
        &cell("nvp-nzsp-batio3c-al", true),
        "Charge at 0.1 mA/cm2 until 3.8 V; Discharge at 0.1 mA/cm2 until 2.0 V",
    );
}

criterion_group! {
    name = engine;
    config = Criterion::default().sample_size(10);
    targets = discharge_1c, cycling_c2, cycling_every_submodel
}
criterion_main!(engine);
