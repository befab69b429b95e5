//! `natrium cells …`

use anyhow::Result;
use serde_json::json;
use std::process::ExitCode;

use crate::args::{CellsCmd, Cli};
use crate::table;
use natrium::cell::{CellSpec, Layer};
use natrium::units;

pub fn run(cli: &Cli, cmd: &CellsCmd) -> Result<ExitCode> {
    let db = super::database(cli)?;
    match cmd {
        CellsCmd::List => {
            let mut t = table::new(&["design", "type", "name"]);
            for rel in natrium::materials::bundled_files("cells/") {
                let stem = rel.trim_start_matches("cells/").trim_end_matches(".toml");
                match super::load_cell(stem, &db) {
                    Ok(c) => t.add_row(vec![
                        stem.to_string(),
                        c.kind.as_str().to_string(),
                        c.name.clone(),
                    ]),
                    Err(e) => t.add_row(vec![stem.to_string(), "invalid".into(), format!("{e:#}")]),
                };
            }
            outln!("{t}")?;
            Ok(ExitCode::SUCCESS)
        }
        CellsCmd::Show { cell, json } => {
            let c = super::load_cell(cell, &db)?;
            if *json {
                outln!("{}", serde_json::to_string_pretty(&cell_json(&c))?)?;
            } else {
                print_cell(&c)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn um(x: f64) -> String {
    units::format_sig(x, "um", 4).unwrap_or_default()
}

fn layer_row(t: &mut comfy_table::Table, role: &str, l: &Layer) {
    let tr: Vec<&str> = l.treatments.iter().map(|m| m.id.as_str()).collect();
    t.add_row(vec![
        role.to_string(),
        l.material.id.clone(),
        um(l.thickness),
        if tr.is_empty() {
            String::new()
        } else {
            tr.join(", ")
        },
    ]);
}

fn print_cell(c: &CellSpec) -> Result<()> {
    outln!("{} ({} cell)", c.name, c.kind.as_str())?;
    if let Some(n) = &c.note {
        outln!("{n}")?;
    }
    outln!(
        "area {}, temperature {}, stack pressure {}",
        units::format_sig(c.area, "cm^2", 4).unwrap_or_default(),
        units::format_sig(c.temperature, "degC", 4).unwrap_or_default(),
        units::format_sig(c.stack_pressure, "MPa", 4).unwrap_or_default()
    )?;
    let mut t = table::new(&["layer", "material", "thickness", "treatments"]);
    if let Some(l) = &c.positive_collector {
        layer_row(&mut t, "positive collector", l);
    }
    if let Some(k) = &c.cathode {
        t.add_row(vec![
            "cathode composite".to_string(),
            format!("{} + {}", k.active.id, k.electrolyte.id),
            um(k.thickness),
            String::new(),
        ]);
    }
    t.add_row(vec![
        "separator".to_string(),
        c.separator.material.id.clone(),
        um(c.separator.thickness),
        c.separator
            .treatments
            .iter()
            .map(|m| m.id.clone())
            .collect::<Vec<_>>()
            .join(", "),
    ]);
    if let Some(l) = &c.interlayer {
        layer_row(&mut t, "interlayer", l);
    }
    if c.negative.initial_thickness > 0.0 {
        t.add_row(vec![
            "metal at assembly".to_string(),
            c.negative.metal.id.clone(),
            um(c.negative.initial_thickness),
            String::new(),
        ]);
    }
    if let Some(l) = &c.negative_collector {
        layer_row(&mut t, "negative collector", l);
    }
    if let Some(l) = &c.counter_electrode {
        layer_row(&mut t, "counter electrode", l);
    }
    outln!("{t}")?;
    if let Some(k) = &c.cathode {
        let f = &k.fractions;
        outln!(
            "composite volume fractions: active {:.3}, electrolyte {:.3}, carbon {:.3}, binder {:.3}, porosity {:.3}",
            f.active, f.electrolyte, f.carbon, f.binder, f.porosity
        )?;
        outln!(
            "active loading {}, specific capacity {} ({}), areal capacity {}",
            units::format_sig(k.active_loading(), "mg/cm^2", 4).unwrap_or_default(),
            units::format_sig(k.specific_capacity, "mAh/g", 4).unwrap_or_default(),
            k.capacity_basis,
            units::format_sig(k.areal_capacity(), "mAh/cm^2", 4).unwrap_or_default()
        )?;
        let se = natrium::cell::percolation_factor(
            f.electrolyte,
            k.percolation_threshold,
            natrium::cell::DEFAULT_PERCOLATION_EXPONENT,
        );
        outln!(
            "electrolyte network: percolation threshold {:.2}, effective/bulk conductivity {:.3e}",
            k.percolation_threshold,
            se
        )?;
    }
    for s in &c.sources {
        outln!("source: {s}")?;
    }
    if c.warnings.is_empty() {
        outln!("design is valid")?;
    }
    Ok(())
}

fn cell_json(c: &CellSpec) -> serde_json::Value {
    let layer = |l: &Layer| json!({ "material": l.material.id, "thickness_m": l.thickness, "porosity": l.porosity, "treatments": l.treatments.iter().map(|m| m.id.clone()).collect::<Vec<_>>() });
    json!({
        "name": c.name,
        "type": c.kind.as_str(),
        "area_m2": c.area,
        "temperature_K": c.temperature,
        "stack_pressure_Pa": c.stack_pressure,
        "positive_collector": c.positive_collector.as_ref().map(layer),
        "cathode": c.cathode.as_ref().map(|k| json!({
            "active": k.active.id, "electrolyte": k.electrolyte.id,
            "carbon": k.carbon.as_ref().map(|m| m.id.clone()), "binder": k.binder.as_ref().map(|m| m.id.clone()),
            "volume_fractions": { "active": k.fractions.active, "electrolyte": k.fractions.electrolyte, "carbon": k.fractions.carbon, "binder": k.fractions.binder, "porosity": k.fractions.porosity },
            "thickness_m": k.thickness, "specific_capacity_C_per_kg": k.specific_capacity, "capacity_basis": k.capacity_basis,
            "areal_capacity_C_per_m2": k.areal_capacity(), "active_loading_kg_per_m2": k.active_loading(),
            "percolation_threshold": k.percolation_threshold,
        })),
        "separator": { "material": c.separator.material.id, "thickness_m": c.separator.thickness, "relative_density": c.separator.relative_density },
        "interlayer": c.interlayer.as_ref().map(layer),
        "negative_collector": c.negative_collector.as_ref().map(layer),
        "negative_metal": c.negative.metal.id, "negative_initial_thickness_m": c.negative.initial_thickness,
        "counter_electrode": c.counter_electrode.as_ref().map(layer),
        "warnings": c.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
        "sources": c.sources,
    })
}
