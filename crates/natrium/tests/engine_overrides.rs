//! Overrides of temperature-dependent properties mean the value at the temperature the user
//! states (default: the cell's), whatever the temperature the material's data refer to
//! (regression: `[model] electrolyte_conductivity` was applied at the material's reference
//! temperature, 540 K for Na2B12H12, and then extrapolated to the cell's, ~190× too low).

use std::path::Path;

use natrium::cell::parse_cell;
use natrium::materials::{bundled_file, Database};
use natrium::output::MemorySink;
use natrium::protocol::Protocol;
use natrium::simulation::{Outcome, RunOptions, Simulation};

/// The thin-target design with another separator material and extra `[model]` lines.
fn design(separator: &str, temperature: &str, model: &str) -> Simulation {
    let db = Database::bundled().unwrap();
    let text = bundled_file("cells/nvp-nzsp-thin-target.toml")
        .unwrap()
        .replace(
            "[separator]\nmaterial = \"nzsp-34\"",
            &format!("[separator]\nmaterial = \"{separator}\""),
        )
        .replace(
            "temperature = \"25 degC\"",
            &format!("temperature = \"{temperature}\""),
        );
    let text = format!("{text}\n[model]\nleakage = false\n{model}\n");
    let cell = parse_cell(Path::new("override.toml"), &text, &db).unwrap();
    Simulation::new(&cell, RunOptions::default()).unwrap()
}

/// Separator ohmic drop [V] at 0.1 mA/cm² (1 A/m²) after 60 s of discharge from a charged state.
fn separator_drop(sim: &Simulation) -> f64 {
    let p = Protocol::parse(
        "Charge at 0.1 mA/cm2 for 10 min; Discharge at 0.1 mA/cm2 for 60 s",
        "<t>",
    )
    .unwrap();
    let mut mem = MemorySink::new();
    let h = mem.handle();
    let r = sim.run(&p, Some(&mut mem), &mut |_| {});
    assert_eq!(r.outcome, Outcome::Completed, "{}", r.outcome);
    let t = h.snapshot();
    let drop = t.column("separator ohmic overpotential [V]").unwrap();
    drop.last().unwrap().abs()
}

fn param(sim: &Simulation, name: &str) -> f64 {
    sim.params
        .params
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} not logged"))
        .value
}

#[test]
fn a_conductivity_override_holds_at_the_cell_temperature() {
    // 30 µm, σ = 1 mS/cm = 0.1 S/m, j = 1 A/m²: drop = jL/σ = 0.3 mV, whatever the material's
    // reference temperature (Na2B12H12's data are at 540 K)
    for material in ["na2b12h12", "nzsp-34"] {
        let sim = design(
            material,
            "25 degC",
            "electrolyte_conductivity = \"1 mS/cm\"",
        );
        let drop = separator_drop(&sim);
        approx::assert_relative_eq!(drop, 1.0 * 30e-6 / 0.1, max_relative = 1e-3);
        approx::assert_relative_eq!(
            param(&sim, "separator.conductivity_reference_temperature"),
            298.15,
            max_relative = 1e-12
        );
    }
}

#[test]
fn a_conductivity_stated_at_another_temperature_follows_the_materials_activation_energy() {
    // "1 mS/cm at 60 degC" on a cell at 25 °C: σ(25 °C) = 1 mS/cm · exp(−Ea/k (1/298.15 − 1/333.15))
    let sim = design(
        "nzsp-34",
        "25 degC",
        "electrolyte_conductivity = \"1 mS/cm at 60 degC\"",
    );
    let ea = param(&sim, "separator.activation_energy"); // eV
    let k = 8.617_333_262e-5; // eV/K
    let sigma25 = 0.1 * (-ea / k * (1.0 / 298.15 - 1.0 / 333.15)).exp();
    let drop = separator_drop(&sim);
    approx::assert_relative_eq!(drop, 30e-6 / sigma25, max_relative = 1e-3);
    // and the same value stated at the cell's own temperature needs no extrapolation
    let sim = design(
        "nzsp-34",
        "60 degC",
        "electrolyte_conductivity = \"1 mS/cm at 60 degC\"",
    );
    approx::assert_relative_eq!(separator_drop(&sim), 30e-6 / 0.1, max_relative = 1e-3);
}

#[test]
fn a_bad_temperature_after_at_is_an_error_naming_the_option() {
    let db = Database::bundled().unwrap();
    let text = format!(
        "{}\n[model]\nelectrolyte_conductivity = \"1 mS/cm at 25 V\"\n",
        bundled_file("cells/nvp-nzsp-thin-target.toml").unwrap()
    );
    // refused when the design is read, with the line of the entry
    let err = parse_cell(Path::new("bad.toml"), &text, &db)
        .err()
        .unwrap()
        .to_string();
    let line = text.lines().count();
    assert!(err.contains(&format!("bad.toml:{line}:")), "{err}");
    assert!(err.contains("electrolyte_conductivity"), "{err}");
    assert!(err.contains("temperature"), "{err}");
}
