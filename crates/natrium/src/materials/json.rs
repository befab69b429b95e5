//! JSON views of materials for `--json` output.

use serde_json::{json, Map, Value};

use super::{fields_of, Material, OcvSpec, Property, Source};
use crate::units;

fn source_json(s: &Option<Source>) -> Value {
    match s {
        Some(s) => json!({ "review": s.review, "paper": s.paper, "where": s.location }),
        None => Value::Null,
    }
}

/// A property as JSON: SI value, display value in the field's unit, provenance.
pub fn property_json(p: &Property, display_unit: &str) -> Value {
    let display = units::to_unit(p.si, display_unit).ok();
    json!({
        "as_written": p.text,
        "si": p.si,
        "si_unit": p.dim.to_string(),
        "value": display,
        "unit": display_unit,
        "range_si": p.range.map(|(a, b)| vec![a, b]),
        "at_K": p.at,
        "provenance": p.provenance.as_str(),
        "source": source_json(&p.source),
        "note": p.note,
        "arrhenius_form": p.sigma_t_form.map(|t| if t { "sigma-t" } else { "sigma" }),
    })
}

impl Material {
    /// Full JSON description.
    pub fn to_json(&self) -> Value {
        let mut props = Map::new();
        for spec in fields_of(self.class) {
            if let Some(p) = self.props.get(spec.name) {
                let unit = if p.dim == units::dims::MOLAR_ENERGY {
                    "kJ/mol"
                } else {
                    spec.unit
                };
                props.insert(spec.name.to_string(), property_json(p, unit));
            }
        }
        let statements: Map<String, Value> = self
            .statements
            .iter()
            .map(|(k, s)| {
                (
                    k.clone(),
                    json!({ "text": s.text, "source": source_json(&s.source) }),
                )
            })
            .collect();
        let ocv = self.ocv.as_ref().map(|o| {
            let spec = match &o.spec {
                OcvSpec::Plateau { voltage, slope, wall, edge, edge_width } => {
                    json!({ "model": "plateau", "voltage_V": voltage, "slope_V": slope, "wall_V": wall, "edge_V": edge, "edge_width": edge_width })
                }
                OcvSpec::Steps { steps } => json!({
                    "model": "steps", "base_V": o.base,
                    "steps": steps.iter().map(|s| json!({"x": s.x, "height_V": s.height, "width": s.width})).collect::<Vec<_>>()
                }),
                OcvSpec::Table { points } => json!({ "model": "table", "points": points }),
            };
            json!({ "spec": spec, "provenance": o.provenance.as_str(), "source": source_json(&o.source), "note": o.note })
        });
        let effects: Vec<Value> = self
            .effects
            .iter()
            .map(|e| {
                json!({
                    "property": e.property, "without": e.without_text, "with": e.with_text,
                    "without_si": e.without, "with_si": e.with,
                    "current_density_A_per_m2": e.current_density, "pressure_Pa": e.pressure,
                    "temperature_K": e.temperature, "conditions": e.conditions,
                    "source": source_json(&e.source), "note": e.note,
                })
            })
            .collect();
        json!({
            "id": self.id,
            "name": self.name,
            "formula": self.formula,
            "class": self.class.as_str(),
            "family": self.family,
            "ion": match self.ion { super::Ion::Na => "Na", super::Ion::Li => "Li" },
            "aliases": self.aliases,
            "review_section": self.review_section,
            "note": self.note,
            "file": self.file.display().to_string(),
            "properties": props,
            "statements": statements,
            "lithium_counterpart": self.lithium_counterpart,
            "applies_to": self.applies_to,
            "ocv": ocv,
            "effects": effects,
        })
    }
}
