//! `natrium materials …`

use anyhow::{bail, Result};
use serde_json::json;
use std::process::ExitCode;

use crate::args::{Cli, ListArgs, MaterialsCmd};
use crate::table;
use natrium::materials::{fields_of, Class, Condition, Filter, Material, SortKey};
use natrium::units::{self, dims};

pub fn run(cli: &Cli, cmd: &MaterialsCmd) -> Result<ExitCode> {
    match cmd {
        MaterialsCmd::Check => check(cli),
        MaterialsCmd::List(a) => list(cli, a),
        MaterialsCmd::Show { id, json } => show(cli, id, *json),
        MaterialsCmd::Search { query, json } => search(cli, query, *json),
        MaterialsCmd::Table1 { json } => table1(cli, *json),
    }
}

fn check(cli: &Cli) -> Result<ExitCode> {
    let db = match super::database(cli) {
        Ok(db) => db,
        Err(e) => {
            eprintln!("{e:#}");
            return Ok(ExitCode::from(1));
        }
    };
    let errs = db.check();
    for e in &errs {
        eprintln!("{e}");
    }
    let mut counts = std::collections::BTreeMap::new();
    for m in db.iter() {
        *counts.entry(m.class.as_str()).or_insert(0) += 1;
    }
    let summary: Vec<String> = counts.iter().map(|(c, n)| format!("{n} {c}")).collect();
    outln!(
        "{} materials ({}), {} Table 1 rows, {} review references: {}",
        db.len(),
        summary.join(", "),
        db.table1.len(),
        db.references.len(),
        if errs.is_empty() {
            "all checks pass".to_string()
        } else {
            format!("{} problems", errs.len())
        }
    )?;
    Ok(if errs.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The one or two values that characterise a material in a list.
fn key_values(m: &Material, temperature: Option<f64>) -> String {
    let show = |name: &str, unit: &str| -> Option<String> {
        let p = m.prop(name)?;
        let v = if p.dim == dims::MOLAR_ENERGY && unit == "eV" {
            p.si / natrium::constants::AVOGADRO
        } else {
            p.si
        };
        units::format_sig(v, unit, 3).ok()
    };
    let mut parts: Vec<String> = Vec::new();
    match m.class {
        Class::Electrolyte => {
            match (temperature, m.conductivity_law()) {
                (Some(t), Some(law)) => {
                    let s = units::format_sig(law.at(t), "mS/cm", 3).unwrap_or_default();
                    let tc = units::format_sig(t, "degC", 3).unwrap_or_default();
                    parts.push(format!(
                        "σ({tc}) = {s}{}",
                        if law.ea_assumed { " (Ea assumed)" } else { "" }
                    ));
                }
                _ => {
                    if let Some(s) = show("ionic_conductivity", "mS/cm") {
                        let at = m
                            .prop("ionic_conductivity")
                            .and_then(|p| p.at)
                            .and_then(|t| units::format_sig(t, "degC", 3).ok())
                            .unwrap_or_else(|| "RT".into());
                        parts.push(format!("σ = {s} at {at}"));
                    }
                }
            }
            if let Some(s) = show("activation_energy", "eV") {
                parts.push(format!("Ea = {s}"));
            }
            if let Some(s) = show("relative_density", "%") {
                parts.push(format!("ρ_rel = {s}"));
            }
        }
        Class::Cathode => {
            if let Some(s) = show("theoretical_capacity", "mAh/g") {
                parts.push(format!("q_th = {s}"));
            }
            if let Some(s) = show("mean_voltage", "V") {
                parts.push(format!("V̄ = {s}"));
            }
            if let Some(s) = show("density", "g/cm3") {
                parts.push(format!("ρ = {s}"));
            }
        }
        Class::Collector | Class::Additive | Class::Metal => {
            if let Some(s) = show("density", "g/cm3") {
                parts.push(format!("ρ = {s}"));
            }
            if let Some(s) = show("thickness", "um") {
                parts.push(format!("t = {s}"));
            }
            if let Some(s) = show("melting_point", "degC") {
                parts.push(format!("T_m = {s}"));
            }
        }
        Class::Anode => {
            if let Some(s) = show("specific_capacity", "mAh/g") {
                parts.push(format!("q = {s}"));
            }
            if let Some(s) = show("mean_potential", "V") {
                parts.push(format!("E = {s}"));
            }
        }
        Class::Interlayer | Class::Treatment => {
            for e in m.effects.iter().take(2) {
                parts.push(format!(
                    "{}: {} → {}",
                    e.property.replace('_', " "),
                    e.without_text.as_deref().unwrap_or("?"),
                    e.with_text.as_deref().unwrap_or("?")
                ));
            }
        }
    }
    parts.join("; ")
}

fn list(cli: &Cli, a: &ListArgs) -> Result<ExitCode> {
    let db = super::database(cli)?;
    let class = match &a.class {
        Some(c) => match Class::parse(c) {
            Some(c) => Some(c),
            None => bail!(
                "--class \"{c}\": expected one of {}",
                Class::ALL
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        None => None,
    };
    let temperature = match &a.at {
        Some(t) => {
            Some(units::parse_as(t, dims::TEMPERATURE).map_err(|e| anyhow::anyhow!("--at: {e}"))?)
        }
        None => None,
    };
    let mut conditions = Vec::new();
    for c in &a.conditions {
        let cond = Condition::parse(c)
            .and_then(|cond| cond.check(class))
            .map_err(|e| anyhow::anyhow!("--where {e}"))?;
        conditions.push(cond);
    }
    if let Some(s) = &a.sort {
        validate_prop(s, class)?;
    }
    let filter = Filter {
        class,
        family: a.family.clone(),
        ion: None,
        conditions,
        temperature,
    };
    let sort = a.sort.as_ref().map(|p| SortKey {
        prop: p.clone(),
        descending: a.desc,
    });
    let hits = db.filter(&filter, sort.as_ref());
    if a.json {
        let v: Vec<_> = hits.iter().map(|m| m.to_json()).collect();
        outln!("{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = table::new(&[
        "id",
        "class",
        "family",
        "formula",
        "key values",
        "source of first value",
    ]);
    for m in &hits {
        let src = fields_of(m.class)
            .iter()
            .find_map(|f| m.prop(f.name))
            .map(|p| p.provenance_label())
            .or_else(|| {
                m.effects
                    .first()
                    .and_then(|e| e.source.as_ref())
                    .map(|s| s.to_string())
            })
            .unwrap_or_default();
        t.add_row(vec![
            m.id.clone(),
            m.class.to_string(),
            m.family.clone(),
            m.formula.clone().unwrap_or_default(),
            key_values(m, temperature),
            src,
        ]);
    }
    outln!("{t}")?;
    outln!("{} of {} materials", hits.len(), db.len())?;
    Ok(ExitCode::SUCCESS)
}

fn validate_prop(name: &str, class: Option<Class>) -> Result<()> {
    let classes: Vec<Class> = match class {
        Some(c) => vec![c],
        None => Class::ALL.to_vec(),
    };
    let known: Vec<&str> = classes
        .iter()
        .flat_map(|c| fields_of(*c).iter().map(|f| f.name))
        .collect();
    if known.contains(&name) {
        Ok(())
    } else {
        let mut k = known.clone();
        k.sort();
        k.dedup();
        bail!("unknown property \"{name}\"; known: {}", k.join(", "))
    }
}

fn show(cli: &Cli, id: &str, as_json: bool) -> Result<ExitCode> {
    let db = super::database(cli)?;
    let m = db.get(id)?;
    if as_json {
        outln!("{}", serde_json::to_string_pretty(&m.to_json())?)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!("{} — {}", m.id, m.label())?;
    outln!(
        "class {}, family {}{}",
        m.class,
        m.family,
        m.review_section
            .as_ref()
            .map(|s| format!(", review §{s}"))
            .unwrap_or_default()
    )?;
    if !m.aliases.is_empty() {
        outln!("aliases: {}", m.aliases.join(", "))?;
    }
    if let Some(n) = &m.note {
        outln!("note: {n}")?;
    }
    outln!("file: {}", m.file.display())?;
    let mut t = table::new(&[
        "property",
        "value",
        "as written",
        "conditions",
        "provenance / source",
        "note",
    ]);
    for spec in fields_of(m.class) {
        if let Some(p) = m.prop(spec.name) {
            let unit = if p.dim == dims::MOLAR_ENERGY {
                "kJ/mol"
            } else {
                spec.unit
            };
            let v = units::format_sig(p.si, unit, 4).unwrap_or_else(|_| p.text.clone());
            let mut cond = Vec::new();
            if let Some(t) = p.at {
                cond.push(format!(
                    "at {}",
                    units::format_sig(t, "degC", 3).unwrap_or_default()
                ));
            }
            if let Some((a, b)) = p.range {
                cond.push(format!(
                    "range {}–{}",
                    units::format_sig(a, unit, 3).unwrap_or_default(),
                    units::format_sig(b, unit, 3).unwrap_or_default()
                ));
            }
            if let Some(f) = p.sigma_t_form {
                cond.push(if f {
                    "σT form".into()
                } else {
                    "σ form".into()
                });
            }
            t.add_row(vec![
                spec.name.to_string(),
                v,
                p.text.clone(),
                cond.join(", "),
                p.provenance_label(),
                p.note.clone().unwrap_or_default(),
            ]);
        }
    }
    outln!("{t}")?;
    for (k, s) in &m.statements {
        outln!(
            "{k}: {}{}",
            s.text,
            s.source
                .as_ref()
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default()
        )?;
    }
    if let Some(c) = &m.lithium_counterpart {
        outln!("lithium counterpart: {c}")?;
    }
    if let Some(o) = &m.ocv {
        outln!(
            "open-circuit potential: {:?} ({}{})",
            o.spec,
            o.provenance.as_str(),
            o.note
                .as_ref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default()
        )?;
    }
    if !m.effects.is_empty() {
        let mut t = table::new(&["effect", "without", "with", "conditions", "source"]);
        for e in &m.effects {
            let mut cond = Vec::new();
            if let Some(j) = e.current_density {
                cond.push(units::format_sig(j, "mA/cm^2", 3).unwrap_or_default());
            }
            if let Some(p) = e.pressure {
                cond.push(units::format_sig(p, "MPa", 3).unwrap_or_default());
            }
            if let Some(c) = &e.conditions {
                cond.push(c.clone());
            }
            t.add_row(vec![
                e.property.replace('_', " "),
                e.without_text.clone().unwrap_or_default(),
                e.with_text.clone().unwrap_or_default(),
                cond.join("; "),
                e.source.as_ref().map(|s| s.to_string()).unwrap_or_default(),
            ]);
        }
        outln!("{t}")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn search(cli: &Cli, q: &str, as_json: bool) -> Result<ExitCode> {
    let db = super::database(cli)?;
    let hits = db.search(q);
    if as_json {
        let v: Vec<_> = hits.iter().map(|m| m.to_json()).collect();
        outln!("{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if hits.is_empty() {
        outln!("no material matches \"{q}\"")?;
        return Ok(ExitCode::from(1));
    }
    let mut t = table::new(&["id", "class", "name", "formula", "key values"]);
    for m in hits {
        t.add_row(vec![
            m.id.clone(),
            m.class.to_string(),
            m.name.clone(),
            m.formula.clone().unwrap_or_default(),
            key_values(m, None),
        ]);
    }
    outln!("{t}")?;
    Ok(ExitCode::SUCCESS)
}

fn table1(cli: &Cli, as_json: bool) -> Result<ExitCode> {
    let db = super::database(cli)?;
    if as_json {
        let rows: Vec<_> = db
            .table1
            .iter()
            .map(|r| {
                json!({
                    "number": r.number, "electrolyte": r.electrolyte, "cathode": r.cathode, "negative": r.negative,
                    "voltage_min_V": r.voltage_min, "voltage_max_V": r.voltage_max,
                    "conductivity_S_per_cm": r.conductivity / 100.0, "conductivity_at_K": r.conductivity_at,
                    "performance": r.performance.iter().map(|p| json!({
                        "capacity": p.capacity_text, "rate": p.rate, "cycles": p.cycles,
                        "source": p.source.as_ref().map(|s| s.to_string()),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        outln!("{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut t = table::new(&[
        "#",
        "electrolyte",
        "cathode",
        "negative",
        "window [V]",
        "σ [S/cm]",
        "capacity, rate, cycles",
        "ref.",
    ]);
    for r in &db.table1 {
        let perf: Vec<String> = r
            .performance
            .iter()
            .map(|p| {
                format!(
                    "{} at {}, {} cycles",
                    p.capacity_text,
                    p.rate.as_deref().unwrap_or("?"),
                    p.cycles.map(|c| c.to_string()).unwrap_or("?".into())
                )
            })
            .collect();
        let refs: Vec<String> = r
            .performance
            .iter()
            .filter_map(|p| p.source.as_ref().and_then(|s| s.review))
            .map(|n| n.to_string())
            .collect();
        t.add_row(vec![
            r.number.to_string(),
            r.electrolyte_as_written
                .clone()
                .unwrap_or_else(|| r.electrolyte.clone()),
            r.cathode_as_written
                .clone()
                .unwrap_or_else(|| r.cathode.clone()),
            r.negative_as_written
                .clone()
                .unwrap_or_else(|| r.negative.join("+")),
            format!("{}–{}", r.voltage_min, r.voltage_max),
            format!("{:.3e}", r.conductivity / 100.0),
            perf.join("; "),
            refs.join(", "),
        ]);
    }
    outln!("{t}")?;
    outln!("Source: Skundin & Kulova, Batteries 11 (2025) 292, Table 1.")?;
    Ok(ExitCode::SUCCESS)
}
