//! A slow discharge delivers the capacity the open-circuit curve says it should (issue 3,
//! item 7).
//!
//! Plain configuration: the target design's composite with a user OCV table (`ocv_file`), an
//! ideal counter electrode, no electronic leakage, and fast solid diffusion, kinetics and ionic
//! transport, so that at C/100 the cathode stays within a millivolt of equilibrium. Starting
//! from a charged state x₀ = 0.10 and discharging until the voltage reaches U(x_end), the
//! delivered charge must be
//!     Q = c_max · φ_AM · L · (x_end − x₀) · F
//! where x_end is found by inverting the OCV table at the cut-off voltage (here the cut-offs are
//! table points, so x_end is exact), within 0.5 %.

use std::io::Write;
use std::path::Path;

use natrium::cell::parse_cell;
use natrium::constants::FARADAY;
use natrium::materials::{bundled_file, Database};
use natrium::output::MemorySink;
use natrium::protocol::Protocol;
use natrium::simulation::{Outcome, RunOptions, Simulation};

/// A sloping, monotone OCV table (x = Na filling, 1 = discharged; U in V), with unequal
/// slopes so that the interpolation matters.
const OCV: &[(f64, f64)] = &[
    (0.05, 3.95),
    (0.20, 3.70),
    (0.40, 3.50),
    (0.60, 3.35),
    (0.80, 3.15),
    (0.95, 2.90),
];
const X0: f64 = 0.10;

/// x at which the table reaches `u` (piecewise-linear inversion; exact at the table points).
fn invert(u: f64) -> f64 {
    for w in OCV.windows(2) {
        let ((x1, u1), (x2, u2)) = (w[0], w[1]);
        if u <= u1 && u >= u2 {
            return x1 + (u1 - u) / (u1 - u2) * (x2 - x1);
        }
    }
    panic!("{u} V outside the table");
}

fn sim(dir: &Path) -> Simulation {
    let csv = dir.join("ocv.csv");
    let mut f = std::fs::File::create(&csv).unwrap();
    writeln!(f, "x,U").unwrap();
    for (x, u) in OCV {
        writeln!(f, "{x},{u}").unwrap();
    }
    let db = Database::bundled().unwrap();
    let text = format!(
        "{}\n[model]\nnegative = \"ideal\"\nleakage = false\nocv_file = \"{}\"\n\
         initial_filling = {X0}\ndiffusivity = \"1e-11 m^2/s\"\nrate_constant = \"1e-6 m/s\"\n\
         electrolyte_conductivity = \"100 mS/cm\"\n",
        bundled_file("cells/nvp-nzsp-thin-target.toml").unwrap(),
        csv.display()
    );
    let cell = parse_cell(&dir.join("cell.toml"), &text, &db).unwrap();
    Simulation::new(
        &cell,
        RunOptions {
            every_step: false,
            ..Default::default()
        },
    )
    .unwrap()
}

fn param(s: &Simulation, name: &str) -> f64 {
    s.params
        .params
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no parameter {name}"))
        .value
}

#[test]
fn slow_discharge_delivers_the_ocv_capacity() {
    let dir = tempfile::tempdir().unwrap();
    let s = sim(dir.path());
    // the model uses our table and our starting point
    assert!(
        s.params.notes.iter().any(|n| n.contains("user OCV table")),
        "{:?}",
        s.params.notes
    );
    approx::assert_relative_eq!(param(&s, "cathode.initial_filling"), X0);
    let c_max = param(&s, "cathode.max_concentration");
    let cat = s.cell.cathode.as_ref().unwrap();
    let (phi, l) = (cat.fractions.active, cat.thickness);
    // NVP: c_max = 13 850 mol/m³ (ρ·n/M), φ = 0.55, L = 157.1 µm → 1.155e5 C/m² for Δx = 1
    approx::assert_relative_eq!(c_max, 13_850.0, max_relative = 1e-9);
    let full = c_max * phi * l * FARADAY;

    for u_cut in [3.35, 2.90] {
        let x_end = invert(u_cut);
        let expected = full * (x_end - X0);
        let p = Protocol::parse(&format!("Discharge at C/100 until {u_cut} V"), "<test>").unwrap();
        let mut mem = MemorySink::new();
        let h = mem.handle();
        let r = s.run(&p, Some(&mut mem), &mut |_| {});
        assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome);
        let q = r.charge_passed; // C/m², positive on discharge
        eprintln!(
            "cut-off {u_cut} V: x_end = {x_end}, delivered {:.5} mAh/cm², OCV says {:.5} mAh/cm² ({:+.3} %), {} steps",
            q / 36_000.0,
            expected / 36_000.0,
            (q / expected - 1.0) * 100.0,
            r.stats.steps
        );
        approx::assert_relative_eq!(q, expected, max_relative = 5e-3);
        // the mean filling at the end is x_end
        let t = h.snapshot();
        let xm = *t
            .column("cathode mean filling [-]")
            .unwrap()
            .last()
            .unwrap();
        assert!(
            (xm - x_end).abs() < 5e-3 * (x_end - X0),
            "mean filling {xm} vs {x_end}"
        );
        // and the energy is ∫U dQ of the table (trapezoid on the table is within 0.5 %)
        let e = *t
            .column("energy delivered [mWh/cm^2]")
            .unwrap()
            .last()
            .unwrap()
            * 36_000.0;
        let mut ocv_energy = 0.0;
        let n = 2000;
        for k in 0..n {
            let xa = X0 + (x_end - X0) * k as f64 / n as f64;
            let xb = X0 + (x_end - X0) * (k + 1) as f64 / n as f64;
            let ua = interp(xa);
            let ub = interp(xb);
            ocv_energy += 0.5 * (ua + ub) * (xb - xa) * full;
        }
        approx::assert_relative_eq!(e, ocv_energy, max_relative = 5e-3);
    }
}

/// Piecewise-linear U(x) of the table (the model uses a monotone cubic through the same points;
/// the energy comparison allows 0.5 % for the difference).
fn interp(x: f64) -> f64 {
    for w in OCV.windows(2) {
        let ((x1, u1), (x2, u2)) = (w[0], w[1]);
        if x >= x1 && x <= x2 {
            return u1 + (x - x1) / (x2 - x1) * (u2 - u1);
        }
    }
    panic!("{x} outside the table");
}
