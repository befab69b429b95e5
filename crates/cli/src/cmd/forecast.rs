//! `natrium forecast …`

use anyhow::{anyhow, Result};
use natrium::cell::limits;
use natrium::limits::{Limit, Verdict};
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

use crate::args::{Cli, ForecastArgs};
use crate::table;
use natrium::analysis::table1::{forecast_table1, RowForecast, StandardStack};
use natrium::analysis::{forecast, CellForecast, CompareOptions, Forecast};
use natrium::units;

/// J/kg → Wh/kg and J/m³ → Wh/L.
const WH_PER_KG: f64 = 1.0 / 3600.0;
const WH_PER_L: f64 = 1.0 / 3600.0 / 1000.0;

/// A forecast option within its valid range (error), warned outside its typical range.
fn limited(s: &Option<String>, flag: &str, lim: &Limit) -> Result<Option<f64>> {
    let Some(v) = s else { return Ok(None) };
    let x = units::parse_as(v, lim.dim).map_err(|e| anyhow!("{flag} {v:?}: {e}"))?;
    match lim.check(x) {
        Verdict::Ok => {}
        Verdict::Unusual(m) => eprintln!("warning: {flag} {v:?}: {m}"),
        Verdict::Invalid(m) => anyhow::bail!("{flag} {v:?}: {m}"),
    }
    Ok(Some(x))
}

pub fn run(cli: &Cli, a: &ForecastArgs) -> Result<ExitCode> {
    let db = super::database(cli)?;
    if a.table1 {
        return table1(&db, a);
    }
    let cell_arg = a
        .cell
        .as_deref()
        .ok_or_else(|| anyhow!("give a cell file or --table1"))?;
    let cell = super::load_cell(cell_arg, &db)?;
    let opts = CompareOptions {
        na_metal_excess: limited(&a.na_excess, "--na-excess", &limits::SODIUM_EXCESS)?,
        np_ratio: limited(&a.np, "--np", &limits::NP_RATIO)?,
        coulombic_efficiency: limited(&a.ce, "--ce", &limits::EFFICIENCY)?,
        first_cycle_efficiency: limited(&a.first_ce, "--first-ce", &limits::EFFICIENCY)?,
        include_comparisons: !a.no_compare,
    };
    let f = forecast(&cell, &db, &opts)?;
    // a closed stdout (`… | head`) must not cost the files asked for: write them, then report
    let printed = if a.json {
        outln!("{}", serde_json::to_string_pretty(&forecast_json(&f))?)
    } else {
        print_forecast(&f)
    };
    if let Some(p) = &a.csv {
        write_csv(&f, p)?;
        eprintln!("wrote {}", p.display());
    }
    if let Some(stem) = &a.plot {
        for p in plot_forecast(&f, stem)? {
            eprintln!("wrote {}", p.display());
        }
    }
    printed?;
    Ok(ExitCode::SUCCESS)
}

/// (label, unit, value) rows of the comparison table.
fn metrics(c: &CellForecast) -> Vec<(&'static str, &'static str, f64)> {
    vec![
        (
            "first-discharge areal capacity",
            "mAh/cm^2",
            c.areal_capacity / 36_000.0,
        ),
        ("mean discharge voltage", "V", c.mean_voltage),
        (
            "stack specific energy",
            "Wh/kg",
            c.stack_specific_energy * WH_PER_KG,
        ),
        (
            "stack energy density",
            "Wh/L",
            c.stack_energy_density * WH_PER_L,
        ),
        (
            "cell specific energy",
            "Wh/kg",
            c.cell_specific_energy * WH_PER_KG,
        ),
        (
            "cell energy density",
            "Wh/L",
            c.cell_energy_density * WH_PER_L,
        ),
        ("stack mass", "mg/cm^2", c.stack_mass * 100.0),
        (
            "stack thickness, discharged",
            "um",
            c.stack_thickness_discharged * 1e6,
        ),
        (
            "stack thickness, charged",
            "um",
            c.stack_thickness_charged * 1e6,
        ),
        (
            "metal at full charge",
            "um",
            c.metal_thickness_charged * 1e6,
        ),
        ("metal plated per charge", "um", c.plated_thickness * 1e6),
        (
            "cathode thickness change on charge",
            "um",
            c.cathode_thickness_change * 1e6,
        ),
        ("stack swelling on charge", "um", c.swelling * 1e6),
        (
            "materials cost (priced part)",
            "USD/kWh",
            c.cost_per_energy.map(|x| x * 3.6e6).unwrap_or(f64::NAN),
        ),
        (
            "mass fraction with a price",
            "%",
            c.priced_mass_fraction * 100.0,
        ),
        (
            "first-cycle efficiency",
            "%",
            c.first_cycle_efficiency * 100.0,
        ),
        ("Coulombic efficiency", "%", c.coulombic_efficiency * 100.0),
        ("cycles to 80 % capacity", "", c.cycles_to_80),
    ]
}

fn fmt(x: f64) -> String {
    if x.is_nan() {
        "n/a".into()
    } else if x.is_infinite() {
        "∞".into()
    } else {
        units::sig_digits(x, 4)
    }
}

fn print_forecast(f: &Forecast) -> Result<()> {
    outln!("Forecast: {}", f.design)?;
    let mut header: Vec<String> = vec!["quantity".into(), "unit".into()];
    header.extend(f.cells.iter().map(|c| c.label.clone()));
    let h: Vec<&str> = header.iter().map(|s| s.as_str()).collect();
    let mut t = table::new(&h);
    let rows: Vec<Vec<(&str, &str, f64)>> = f.cells.iter().map(metrics).collect();
    for k in 0..rows[0].len() {
        let mut r = vec![rows[0][k].0.to_string(), rows[0][k].1.to_string()];
        r.extend(rows.iter().map(|m| fmt(m[k].2)));
        t.add_row(r);
    }
    outln!("{t}")?;
    let d = &f.cells[0];
    outln!("Layers of the design (one repeat unit: collectors count half):")?;
    let mut t = table::new(&[
        "layer",
        "material",
        "share",
        "thickness discharged [um]",
        "thickness charged [um]",
        "mass [mg/cm^2]",
        "mass share [%]",
    ]);
    for l in &d.layers {
        t.add_row(vec![
            l.role.clone(),
            l.material.clone(),
            fmt(l.share),
            fmt(l.thickness_discharged * 1e6),
            fmt(l.thickness_charged * 1e6),
            fmt(l.mass * 100.0),
            fmt(l.share * l.mass / d.stack_mass * 100.0),
        ]);
    }
    outln!("{t}")?;
    outln!("Assumptions:")?;
    for a in &f.assumptions {
        outln!("  - {a}")?;
    }
    for c in &f.cells {
        for n in &c.notes {
            outln!("  - [{}] {n}", c.label)?;
        }
    }
    for w in &f.warnings {
        outln!("warning: {w}")?;
    }
    Ok(())
}

fn forecast_json(f: &Forecast) -> serde_json::Value {
    json!({
        "design": f.design,
        "assumptions": f.assumptions,
        "warnings": f.warnings,
        "cells": f.cells.iter().map(|c| {
            let m: serde_json::Map<String, serde_json::Value> = metrics(c)
                .into_iter()
                .map(|(k, u, v)| {
                    let key = if u.is_empty() { k.to_string() } else { format!("{k} [{u}]") };
                    (key, if v.is_finite() { json!(v) } else { serde_json::Value::Null })
                })
                .collect();
            json!({
                "label": c.label,
                "metrics": m,
                "layers": c.layers.iter().map(|l| json!({
                    "role": l.role, "material": l.material, "share": l.share,
                    "thickness discharged [um]": l.thickness_discharged * 1e6,
                    "thickness charged [um]": l.thickness_charged * 1e6,
                    "mass [mg/cm^2]": l.mass * 100.0,
                    "unpriced": l.unpriced,
                })).collect::<Vec<_>>(),
                "notes": c.notes,
            })
        }).collect::<Vec<_>>(),
    })
}

fn csv_text(header: &[String], rows: &[Vec<String>]) -> String {
    let mut w = String::new();
    let esc = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    w.push_str(&header.iter().map(|h| esc(h)).collect::<Vec<_>>().join(","));
    w.push('\n');
    for r in rows {
        w.push_str(&r.iter().map(|h| esc(h)).collect::<Vec<_>>().join(","));
        w.push('\n');
    }
    w
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

fn write_csv(f: &Forecast, path: &Path) -> Result<()> {
    let mut header = vec!["cell".to_string()];
    header.extend(metrics(&f.cells[0]).iter().map(|(k, u, _)| {
        if u.is_empty() {
            k.to_string()
        } else {
            format!("{k} [{u}]")
        }
    }));
    let rows: Vec<Vec<String>> = f
        .cells
        .iter()
        .map(|c| {
            let mut r = vec![c.label.clone()];
            r.extend(metrics(c).iter().map(|(_, _, v)| num(*v)));
            r
        })
        .collect();
    natrium::fsutil::write_atomic(path, csv_text(&header, &rows).as_bytes())?;
    Ok(())
}

fn plot_forecast(f: &Forecast, stem: &Path) -> Result<Vec<std::path::PathBuf>> {
    use natrium::plot::{self, BarChart, Format};
    let chart = BarChart {
        title: format!("Energy forecast: {}", f.design),
        y_label: "stack specific energy [Wh/kg] · energy density [Wh/L]".into(),
        categories: f.cells.iter().map(|c| c.label.clone()).collect(),
        groups: vec![
            (
                "stack specific energy [Wh/kg]".into(),
                f.cells
                    .iter()
                    .map(|c| c.stack_specific_energy * WH_PER_KG)
                    .collect(),
            ),
            (
                "stack energy density [Wh/L]".into(),
                f.cells
                    .iter()
                    .map(|c| c.stack_energy_density * WH_PER_L)
                    .collect(),
            ),
        ],
        value_labels: true,
    };
    Ok(plot::write(&chart, stem, &[Format::Png, Format::Svg])?)
}

fn table1(db: &natrium::materials::Database, a: &ForecastArgs) -> Result<ExitCode> {
    let stack = StandardStack::default();
    let rows = forecast_table1(db, &stack);
    let header: Vec<String> = [
        "row",
        "cathode",
        "electrolyte",
        "reported negative",
        "ref.",
        "areal capacity [mAh/cm^2]",
        "mean voltage [V]",
        "stack specific energy [Wh/kg]",
        "stack energy density [Wh/L]",
        "cell specific energy [Wh/kg]",
        "cell energy density [Wh/L]",
        "plated Na [um]",
        "swelling [um]",
        "cycles to 80 %",
        "note",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let table_rows: Vec<Vec<String>> = rows.iter().map(|r| row_values(r, num)).collect();
    // a closed stdout (`… | head`) must not cost the files asked for: write them, then report
    let printed = if a.json {
        print_table1(true, &header, &table_rows, &stack)
    } else {
        let shown: Vec<Vec<String>> = rows.iter().map(|r| row_values(r, fmt)).collect();
        print_table1(false, &header, &shown, &stack)
    };
    if let Some(p) = &a.csv {
        natrium::fsutil::write_atomic(p, csv_text(&header, &table_rows).as_bytes())?;
        eprintln!("wrote {}", p.display());
    }
    if let Some(stem) = &a.plot {
        use natrium::plot::{self, BarChart, Format};
        let ok: Vec<&RowForecast> = rows.iter().filter(|r| r.result.is_ok()).collect();
        let chart = BarChart {
            title: "Table 1 systems as anode-free cells (standard stack)".into(),
            y_label: "stack specific energy [Wh/kg] · energy density [Wh/L]".into(),
            categories: ok
                .iter()
                .map(|r| format!("{} {}", r.row.number, r.row.cathode))
                .collect(),
            groups: vec![
                (
                    "Wh/kg".into(),
                    ok.iter()
                        .map(|r| {
                            r.result
                                .as_ref()
                                .map(|c| c.stack_specific_energy * WH_PER_KG)
                                .unwrap_or(f64::NAN)
                        })
                        .collect(),
                ),
                (
                    "Wh/L".into(),
                    ok.iter()
                        .map(|r| {
                            r.result
                                .as_ref()
                                .map(|c| c.stack_energy_density * WH_PER_L)
                                .unwrap_or(f64::NAN)
                        })
                        .collect(),
                ),
            ],
            value_labels: false,
        };
        for p in plot::write(&chart, stem, &[Format::Png, Format::Svg])? {
            eprintln!("wrote {}", p.display());
        }
    }
    printed?;
    Ok(ExitCode::SUCCESS)
}

/// The Table 1 re-forecast on stdout: JSON, or a table with the standard stack below it.
fn print_table1(
    as_json: bool,
    header: &[String],
    table_rows: &[Vec<String>],
    stack: &StandardStack,
) -> Result<()> {
    if as_json {
        let v: Vec<serde_json::Value> = table_rows
            .iter()
            .map(|r| {
                serde_json::Value::Object(
                    header
                        .iter()
                        .cloned()
                        .zip(r.iter().map(|s| json!(s)))
                        .collect(),
                )
            })
            .collect();
        outln!(
            "{}",
            serde_json::to_string_pretty(&json!({ "stack": stack.describe(), "rows": v }))?
        )?;
    } else {
        // headers on two short lines (quantity, unit) so the number columns stay narrow and
        // the note keeps its room; the CSV/JSON headers are the one-line forms
        let h: Vec<&str> = header
            .iter()
            .map(|s| match s.as_str() {
                "reported negative" => "reported\nnegative",
                "areal capacity [mAh/cm^2]" => "capacity\nmAh/cm^2",
                "mean voltage [V]" => "voltage\nV",
                "stack specific energy [Wh/kg]" => "stack\nWh/kg",
                "stack energy density [Wh/L]" => "stack\nWh/L",
                "cell specific energy [Wh/kg]" => "cell\nWh/kg",
                "cell energy density [Wh/L]" => "cell\nWh/L",
                "plated Na [um]" => "plated Na\num",
                "swelling [um]" => "swelling\num",
                "cycles to 80 %" => "cycles\nto 80 %",
                other => other,
            })
            .collect();
        let mut t = table::new(&h);
        for r in table_rows {
            t.add_row(
                r.iter()
                    .map(|s| match s.char_indices().nth(60) {
                        Some((i, _)) => format!("{}…", &s[..i]),
                        None => s.clone(),
                    })
                    .collect::<Vec<_>>(),
            );
        }
        outln!("{t}")?;
        outln!("{}", stack.describe())?;
        outln!(
            "Coulombic efficiency 99.9 % and first-cycle efficiency 95 % (assumed) for every row."
        )?;
    }
    Ok(())
}

/// One Table 1 row as text, numbers written by `num_text` (full precision for CSV/JSON,
/// significant digits for the terminal).
fn row_values(r: &RowForecast, num_text: fn(f64) -> String) -> Vec<String> {
    let refs: Vec<String> = r
        .row
        .performance
        .iter()
        .filter_map(|p| p.source.as_ref().and_then(|s| s.review))
        .map(|n| n.to_string())
        .collect();
    let mut v = vec![
        r.row.number.to_string(),
        r.row.cathode.clone(),
        r.row.electrolyte.clone(),
        r.row.negative_as_written.clone().unwrap_or_default(),
        refs.join(" "),
    ];
    match &r.result {
        Ok(c) => {
            v.extend([
                num_text(c.areal_capacity / 36_000.0),
                num_text(c.mean_voltage),
                num_text(c.stack_specific_energy * WH_PER_KG),
                num_text(c.stack_energy_density * WH_PER_L),
                num_text(c.cell_specific_energy * WH_PER_KG),
                num_text(c.cell_energy_density * WH_PER_L),
                num_text(c.plated_thickness * 1e6),
                num_text(c.swelling * 1e6),
                num_text(c.cycles_to_80),
            ]);
            v.push(r.notes.join("; "));
        }
        Err(e) => {
            v.extend(std::iter::repeat_n(String::new(), 9));
            v.push(format!("not evaluated: {e}"));
        }
    }
    v
}
