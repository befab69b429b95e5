//! Re-forecast of every Table 1 system (review §6) as an anode-free cell on one standard stack.

use super::forecast::{forecast, CellForecast, CompareOptions};
use crate::cell::{
    Cathode, CellSpec, CellType, Fixture, ForecastOptions, Fractions, Layer, Negative, Separator,
    DEFAULT_PERCOLATION_THRESHOLD,
};
use crate::materials::table1::{ReportedCapacity, Row};
use crate::materials::{Class, Database, Material};

/// The standard stack every Table 1 system is placed in (all values assumed, chosen as a
/// near-term practical target, and stated in every output).
#[derive(Debug, Clone, PartialEq)]
pub struct StandardStack {
    /// Areal capacity [C/m²].
    pub areal_capacity: f64,
    pub fractions: Fractions,
    pub separator_thickness: f64,
    pub collector_thickness: f64,
    pub collector: &'static str,
    pub carbon: &'static str,
    pub binder: &'static str,
    pub interlayer_thickness: f64,
}

impl Default for StandardStack {
    fn default() -> Self {
        StandardStack {
            areal_capacity: 2.0 * 36_000.0, // 2 mAh/cm²
            fractions: Fractions {
                active: 0.55,
                electrolyte: 0.30,
                carbon: 0.05,
                binder: 0.05,
                porosity: 0.05,
            },
            separator_thickness: 30e-6,
            collector_thickness: 10e-6,
            collector: "al",
            carbon: "super-p",
            binder: "pvdf",
            interlayer_thickness: 3e-6,
        }
    }
}

impl StandardStack {
    /// The stack as one line of text for outputs.
    pub fn describe(&self) -> String {
        format!(
            "standard stack (assumed): {:.1} mAh/cm^2 cathode of {:.0} vol% active, {:.0} vol% electrolyte (the row's), {:.0} vol% {}, {:.0} vol% {}, {:.0} % porosity; {:.0} um separator of the row's electrolyte; {:.0} um {} collectors on both sides; row-specified interlayer {:.0} um; capacity from the Table 1 entry (mAh/g) else the material's practical capacity",
            self.areal_capacity / 36_000.0,
            self.fractions.active * 100.0,
            self.fractions.electrolyte * 100.0,
            self.fractions.carbon * 100.0,
            self.carbon,
            self.fractions.binder * 100.0,
            self.binder,
            self.fractions.porosity * 100.0,
            self.separator_thickness * 1e6,
            self.collector_thickness * 1e6,
            self.collector,
            self.interlayer_thickness * 1e6,
        )
    }
}

/// Result for one row: the forecast of its anode-free cell, or why it could not be made.
#[derive(Debug, Clone, PartialEq)]
pub struct RowForecast {
    pub row: Row,
    pub result: Result<CellForecast, String>,
    pub notes: Vec<String>,
}

fn get<'a>(db: &'a Database, id: &str, class: Class) -> Result<&'a Material, String> {
    db.get_class(id, class).map_err(|e| e.to_string())
}

/// Build the anode-free cell of one row on the standard stack.
pub fn row_cell(
    row: &Row,
    stack: &StandardStack,
    db: &Database,
) -> Result<(CellSpec, Vec<String>), String> {
    let mut notes = Vec::new();
    let active = get(db, &row.cathode, Class::Cathode)?.clone();
    let se = get(db, &row.electrolyte, Class::Electrolyte)?.clone();
    let al = get(db, stack.collector, Class::Collector)?.clone();
    let carbon = get(db, stack.carbon, Class::Additive)?.clone();
    let binder = get(db, stack.binder, Class::Additive)?.clone();
    let na = get(db, "na", Class::Metal)?.clone();
    let theoretical = active.si("theoretical_capacity");
    let reported = row.performance.iter().find_map(|p| match p.capacity {
        ReportedCapacity::Specific(q) => Some((q, p.capacity_text.clone(), p.rate.clone())),
        ReportedCapacity::Areal(_) => None,
    });
    let (q, basis) = match (reported, theoretical) {
        (Some((q, text, rate)), Some(th)) if q > th * 1.02 => {
            notes.push(format!("Table 1 capacity {text} exceeds the theoretical {:.0} mAh/g: capped at the theoretical value", th / 3600.0));
            (
                th,
                format!(
                    "theoretical capacity (Table 1 reports {text} at {}, above it)",
                    rate.unwrap_or_else(|| "?".into())
                ),
            )
        }
        (Some((q, text, rate)), _) => (
            q,
            format!("Table 1: {text} at {}", rate.unwrap_or_else(|| "?".into())),
        ),
        (None, _) => match active.si("practical_capacity").or(theoretical) {
            Some(q) => (
                q,
                format!(
                    "practical capacity of {} (Table 1 gives an areal capacity)",
                    active.id
                ),
            ),
            None => return Err(format!("{} has no capacity", active.id)),
        },
    };
    let rho = active
        .si("density")
        .ok_or_else(|| format!("{} has no density", active.id))?;
    if se.si("density").is_none() {
        return Err(format!("{} has no density", se.id));
    }
    let thickness = stack.areal_capacity / q / (stack.fractions.active * rho);
    let mut interlayer = None;
    for n in &row.negative {
        if let Ok(m) = db.get_class(n, Class::Interlayer) {
            interlayer = Some(Layer::new(
                m.clone(),
                m.si("thickness").unwrap_or(stack.interlayer_thickness),
            ));
        }
    }
    if row
        .negative
        .iter()
        .any(|n| n != "na" && n != "al" && db.get_class(n, Class::Interlayer).is_err())
    {
        notes.push(format!(
            "the reported cell used {} as negative; here it is an anode-free {} collector",
            row.negative_as_written.clone().unwrap_or_default(),
            stack.collector
        ));
    }
    let cell = CellSpec {
        name: format!(
            "Table 1 row {}: {} | {} | anode-free",
            row.number, row.cathode, row.electrolyte
        ),
        note: None,
        kind: CellType::AnodeFree,
        area: 1e-4,
        temperature: crate::constants::T_REF,
        stack_pressure: 0.0,
        fixture: Fixture::ConstantPressure,
        positive_collector: Some(Layer::new(al.clone(), stack.collector_thickness)),
        cathode: Some(Cathode {
            active,
            electrolyte: se.clone(),
            carbon: Some(carbon),
            binder: Some(binder),
            fractions: stack.fractions,
            thickness,
            specific_capacity: q,
            capacity_basis: basis,
            percolation_threshold: DEFAULT_PERCOLATION_THRESHOLD,
            treatments: vec![],
        }),
        separator: Separator {
            material: se.clone(),
            thickness: stack.separator_thickness,
            relative_density: se.si("relative_density").unwrap_or(1.0),
            treatments: vec![],
            grain_size: None,
            pore_size: None,
        },
        interlayer,
        negative_collector: Some(Layer::new(al, stack.collector_thickness)),
        negative: Negative {
            metal: na,
            initial_thickness: 0.0,
            preparation: crate::cell::Preparation::of(crate::cell::Route::Plated),
        },
        counter_electrode: None,
        counter_preparation: crate::cell::Preparation::of(crate::cell::Route::Pressed),
        forecast: ForecastOptions::default(),
        model: Default::default(),
        model_lines: Vec::new(),
        sources: vec![format!("review Table 1, row {}", row.number)],
        file: None,
        warnings: vec![],
    };
    Ok((cell, notes))
}

/// Forecast every row.
pub fn forecast_table1(db: &Database, stack: &StandardStack) -> Vec<RowForecast> {
    let opts = CompareOptions {
        include_comparisons: false,
        ..Default::default()
    };
    db.table1
        .iter()
        .map(|row| match row_cell(row, stack, db) {
            Ok((cell, mut notes)) => match forecast(&cell, db, &opts) {
                Ok(f) => {
                    let mut c = f.cells.into_iter().next();
                    if let Some(c) = c.as_mut() {
                        notes.extend(c.notes.iter().cloned());
                    }
                    RowForecast {
                        row: row.clone(),
                        result: c.ok_or_else(|| "no result".to_string()),
                        notes,
                    }
                }
                Err(e) => RowForecast {
                    row: row.clone(),
                    result: Err(e.to_string()),
                    notes,
                },
            },
            Err(e) => RowForecast {
                row: row.clone(),
                result: Err(e),
                notes: vec![],
            },
        })
        .collect()
}
