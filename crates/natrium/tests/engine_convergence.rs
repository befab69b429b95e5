//! Spatial convergence of the P2D cathode (issue 3, item 8).
//!
//! The 1C discharge capacity (from a charged state x₀ = 0.05 to 2.5 V, ideal counter electrode,
//! no leakage) is computed with cathode_nodes = 5, 10, 20, 40 and, separately, with
//! particle_shells = 5, 10, 20, 40 (with a slow diffusivity, 1e-16 m²/s, so that solid
//! diffusion matters). Finite volumes with second-order fluxes should converge: the change
//! between successive doublings must shrink by a factor ≥ 2 (observed order ≥ 1). At the time of
//! writing both converge at order ≈ 2.0 (ratios 4.0, 4.0).

use std::path::Path;

use natrium::cell::parse_cell;
use natrium::materials::{bundled_file, Database};
use natrium::output::MemorySink;
use natrium::protocol::Protocol;
use natrium::simulation::{Outcome, RunOptions, Simulation};

/// (capacity delivered [C/m²], voltage at the end [V]).
fn run(model: &str, protocol: &str) -> (f64, f64) {
    let db = Database::bundled().unwrap();
    let text = format!(
        "{}\n[model]\nnegative = \"ideal\"\nleakage = false\ninitial_filling = 0.05\n{model}\n",
        bundled_file("cells/nvp-nzsp-thin-target.toml").unwrap()
    );
    let cell = parse_cell(Path::new("thin-target.toml"), &text, &db).unwrap();
    // tight tolerances so that time-integration error is far below the spatial error
    let s = Simulation::new(
        &cell,
        RunOptions {
            every_step: false,
            rtol: Some(1e-9),
            atol: Some(1e-9),
            ..Default::default()
        },
    )
    .unwrap();
    let p = Protocol::parse(protocol, "<test>").unwrap();
    let mut mem = MemorySink::new();
    let h = mem.handle();
    let r = s.run(&p, Some(&mut mem), &mut |_| {});
    assert_eq!(r.outcome, Outcome::Completed, "[{model}] {:?}", r.outcome);
    let v = *h.snapshot().column("voltage [V]").unwrap().last().unwrap();
    (r.charge_passed, v)
}

/// Observed orders log2(|d_k| / |d_{k+1}|) of successive differences.
fn orders(values: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let d: Vec<f64> = values.windows(2).map(|w| w[1] - w[0]).collect();
    let p = d
        .windows(2)
        .map(|w| (w[0].abs() / w[1].abs()).log2())
        .collect();
    (d, p)
}

const N: [usize; 4] = [5, 10, 20, 40];

#[test]
fn discharge_capacity_converges_with_cathode_nodes() {
    let q: Vec<f64> = N
        .iter()
        .map(|n| {
            run(
                &format!("cathode_nodes = {n}"),
                "Discharge at 1C until 2.5 V",
            )
            .0
        })
        .collect();
    let (d, p) = orders(&q);
    eprintln!(
        "cathode_nodes {N:?}: capacity {:?} mAh/cm², differences {d:?} C/m², observed orders {p:?}",
        q.iter().map(|x| x / 36_000.0).collect::<Vec<_>>()
    );
    // about 3 mAh/cm² (the cathode's 3.2 mAh/cm² from x = 0.05 to the 2.5 V wall)
    assert!(q.iter().all(|x| (2.9..3.1).contains(&(x / 36_000.0))));
    for (k, order) in p.iter().enumerate() {
        assert!(
            *order >= 1.0,
            "refinement {}→{}: order {order} (differences {d:?})",
            N[k + 1],
            N[k + 2]
        );
    }
    // the error estimate of 10 nodes (the default) is below 0.01 % of the capacity
    assert!(d[1].abs() / q[3] < 1e-4, "{}", d[1].abs() / q[3]);
}

#[test]
fn voltage_at_fixed_time_converges_with_cathode_nodes() {
    let v: Vec<f64> = N
        .iter()
        .map(|n| {
            run(
                &format!("cathode_nodes = {n}"),
                "Discharge at 1C for 30 min",
            )
            .1
        })
        .collect();
    let (d, p) = orders(&v);
    eprintln!("cathode_nodes {N:?}: V(30 min) {v:?}, differences {d:?}, observed orders {p:?}");
    for order in &p {
        assert!(*order >= 1.0, "orders {p:?} (differences {d:?})");
    }
}

#[test]
fn discharge_capacity_converges_with_particle_shells() {
    let q: Vec<f64> = N
        .iter()
        .map(|n| {
            run(
                &format!("particle_shells = {n}\ndiffusivity = \"1e-16 m^2/s\""),
                "Discharge at 1C until 2.5 V",
            )
            .0
        })
        .collect();
    let (d, p) = orders(&q);
    eprintln!(
        "particle_shells {N:?}: capacity {:?} mAh/cm², differences {d:?} C/m², observed orders {p:?}",
        q.iter().map(|x| x / 36_000.0).collect::<Vec<_>>()
    );
    for order in &p {
        assert!(*order >= 1.0, "orders {p:?} (differences {d:?})");
    }
    // slow diffusion costs capacity, more so with fewer shells (the surface saturates earlier)
    assert!(q.windows(2).all(|w| w[1] > w[0]), "{q:?}");
}
