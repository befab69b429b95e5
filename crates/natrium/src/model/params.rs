//! Every parameter a model uses, with its value, unit and where it comes from, so that a run's
//! metadata lists each number with its source or an "assumed" label.

use crate::materials::{Material, Provenance};

/// One model parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Dotted name, e.g. "cathode.diffusivity".
    pub name: String,
    /// Value in SI.
    pub value: f64,
    /// SI unit text.
    pub unit: &'static str,
    /// Where it comes from: a material field with its source, an option, or "assumed: …".
    pub basis: String,
}

/// Collects parameters while a model is built.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParamLog {
    pub params: Vec<Param>,
    pub notes: Vec<String>,
}

impl ParamLog {
    pub fn add(
        &mut self,
        name: &str,
        value: f64,
        unit: &'static str,
        basis: impl Into<String>,
    ) -> f64 {
        self.params.push(Param {
            name: name.to_string(),
            value,
            unit,
            basis: basis.into(),
        });
        value
    }

    /// Take `field` of a material (SI), or fall back to `default` labelled as assumed.
    pub fn from_material(
        &mut self,
        name: &str,
        m: &Material,
        field: &str,
        unit: &'static str,
        default: f64,
        why: &str,
    ) -> f64 {
        match m.prop(field) {
            Some(p) => {
                let basis = match p.provenance {
                    Provenance::Reported => format!("{}.{field} ({})", m.id, p.provenance_label()),
                    other => format!(
                        "{}.{field} ({}: {})",
                        m.id,
                        other.as_str(),
                        p.note.clone().unwrap_or_default()
                    ),
                };
                self.add(name, p.si, unit, basis)
            }
            None => self.add(
                name,
                default,
                unit,
                format!("assumed ({} has no {field}): {why}", m.id),
            ),
        }
    }

    /// An override from the cell file's `[model]` table, else the fallback closure.
    pub fn option_or(
        &mut self,
        name: &str,
        opt: Option<f64>,
        unit: &'static str,
        fallback: impl FnOnce(&mut ParamLog) -> f64,
    ) -> f64 {
        match opt {
            Some(v) => self.add(name, v, unit, "cell file [model] option"),
            None => fallback(self),
        }
    }

    /// The value last logged under `name`.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.params
            .iter()
            .rev()
            .find(|p| p.name == name)
            .map(|p| p.value)
    }

    pub fn note(&mut self, s: impl Into<String>) {
        self.notes.push(s.into());
    }
}
