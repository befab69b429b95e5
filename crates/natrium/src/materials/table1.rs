//! The review's Table 1 (25 all-solid-state Na systems) as a dataset linked to material ids.

use serde::Deserialize;
use std::path::Path;

use super::Source;
use crate::error::{line_of, toml_error, InputError, InputErrors};
use crate::units::{self, dims};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerformance {
    capacity: String,
    rate: Option<String>,
    cycles: Option<u32>,
    source: Option<Source>,
    note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRow {
    number: u32,
    electrolyte: String,
    electrolyte_as_written: Option<String>,
    cathode: String,
    cathode_as_written: Option<String>,
    negative: Vec<String>,
    negative_as_written: Option<String>,
    voltage_min: String,
    voltage_max: String,
    conductivity: String,
    conductivity_at: Option<String>,
    #[serde(default)]
    performance: Vec<RawPerformance>,
    note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    row: Vec<toml::Spanned<RawRow>>,
}

/// A capacity reported in Table 1: specific (per gram of cathode) or areal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReportedCapacity {
    /// C/kg.
    Specific(f64),
    /// C/m².
    Areal(f64),
}

/// One performance entry of a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Performance {
    pub capacity: ReportedCapacity,
    pub capacity_text: String,
    pub rate: Option<String>,
    pub cycles: Option<u32>,
    pub source: Option<Source>,
    pub note: Option<String>,
}

/// One row of Table 1.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub number: u32,
    pub electrolyte: String,
    pub electrolyte_as_written: Option<String>,
    pub cathode: String,
    pub cathode_as_written: Option<String>,
    pub negative: Vec<String>,
    pub negative_as_written: Option<String>,
    /// V.
    pub voltage_min: f64,
    pub voltage_max: f64,
    /// S/m.
    pub conductivity: f64,
    /// K; room temperature (25 °C) when the table does not say.
    pub conductivity_at: f64,
    pub performance: Vec<Performance>,
    pub note: Option<String>,
    pub line: usize,
}

/// Parse `table1.toml`.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Row>, InputErrors> {
    let raw: RawFile = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
    let mut rows = Vec::new();
    let mut errs = Vec::new();
    for sr in raw.row {
        let line = line_of(text, sr.span().start);
        let r = sr.into_inner();
        let mut q = |field: &str, s: &str, d| match units::parse_as(s, d) {
            Ok(x) => x,
            Err(e) => {
                errs.push(
                    InputError::new(path, format!("row[{}].{field}", r.number), e.to_string())
                        .at_line(Some(line))
                        .with_value(s),
                );
                f64::NAN
            }
        };
        let voltage_min = q("voltage_min", &r.voltage_min, dims::VOLTAGE);
        let voltage_max = q("voltage_max", &r.voltage_max, dims::VOLTAGE);
        let conductivity = q("conductivity", &r.conductivity, dims::CONDUCTIVITY);
        let conductivity_at = match &r.conductivity_at {
            Some(t) => q("conductivity_at", t, dims::TEMPERATURE),
            None => crate::constants::T_REF,
        };
        let mut performance = Vec::new();
        for (k, p) in r.performance.iter().enumerate() {
            let cap = match units::parse_quantity(&p.capacity) {
                Ok(c) if c.dim == dims::SPECIFIC_CAPACITY => {
                    Some(ReportedCapacity::Specific(c.value))
                }
                Ok(c) if c.dim == dims::AREAL_CAPACITY => Some(ReportedCapacity::Areal(c.value)),
                Ok(c) => {
                    errs.push(
                        InputError::new(
                            path,
                            format!("row[{}].performance[{k}].capacity", r.number),
                            format!("is {}, expected mAh/g or mAh/cm^2", c.dim.describe()),
                        )
                        .at_line(Some(line))
                        .with_value(&p.capacity),
                    );
                    None
                }
                Err(e) => {
                    errs.push(
                        InputError::new(
                            path,
                            format!("row[{}].performance[{k}].capacity", r.number),
                            e.to_string(),
                        )
                        .at_line(Some(line))
                        .with_value(&p.capacity),
                    );
                    None
                }
            };
            if p.source.as_ref().is_none_or(|s| s.is_empty()) {
                errs.push(
                    InputError::new(
                        path,
                        format!("row[{}].performance[{k}].source", r.number),
                        "every Table 1 entry needs its source (review reference number)",
                    )
                    .at_line(Some(line)),
                );
            }
            if let Some(capacity) = cap {
                performance.push(Performance {
                    capacity,
                    capacity_text: p.capacity.clone(),
                    rate: p.rate.clone(),
                    cycles: p.cycles,
                    source: p.source.clone(),
                    note: p.note.clone(),
                });
            }
        }
        if voltage_min >= voltage_max {
            errs.push(
                InputError::new(
                    path,
                    format!("row[{}].voltage_min", r.number),
                    "voltage_min must be below voltage_max",
                )
                .at_line(Some(line)),
            );
        }
        rows.push(Row {
            number: r.number,
            electrolyte: r.electrolyte,
            electrolyte_as_written: r.electrolyte_as_written,
            cathode: r.cathode,
            cathode_as_written: r.cathode_as_written,
            negative: r.negative,
            negative_as_written: r.negative_as_written,
            voltage_min,
            voltage_max,
            conductivity,
            conductivity_at,
            performance,
            note: r.note,
            line,
        });
    }
    if errs.is_empty() {
        Ok(rows)
    } else {
        Err(InputErrors(errs))
    }
}
