//! `[model]` entries given outside the design file, e.g. `natrium simulate … --model
//! cathode=spm --model interface.fluctuation=delamination`: the same keys and values as the
//! design's `[model]` table (and its sub-tables), validated with it when the model is built.

use super::CellSpec;

/// Why a `KEY=VALUE` model option could not be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelOptionError {
    #[error("model option '{given}': expected KEY=VALUE with a [model] key such as cathode=spm or interface.fluctuation=delamination")]
    Syntax { given: String },
    #[error(
        "model option '{given}': [model] {key} is a value in the design, not a table of options"
    )]
    NotATable { given: String, key: String },
}

impl CellSpec {
    /// Set one `[model]` entry from `KEY=VALUE` (dotted keys reach sub-tables such as
    /// `interface.seed=3`). VALUE is read as a TOML value (`20`, `1e-5`, `true`, `"p2d"`), or
    /// as a string when it is not one (`spm`). Replaces the design's own entry if it has one.
    pub fn set_model_option(&mut self, assignment: &str) -> Result<(), ModelOptionError> {
        let syntax = || ModelOptionError::Syntax {
            given: assignment.to_string(),
        };
        let (key, value) = assignment.split_once('=').ok_or_else(syntax)?;
        let path: Vec<&str> = key.trim().split('.').map(str::trim).collect();
        let valid = |k: &&str| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        };
        if !path.iter().all(valid) || value.trim().is_empty() {
            return Err(syntax());
        }
        let value = value.trim();
        let value = toml::from_str::<toml::Table>(&format!("v = {value}"))
            .ok()
            .and_then(|mut t| t.remove("v"))
            .unwrap_or_else(|| toml::Value::String(value.to_string()));
        let (last, parents) = path.split_last().ok_or_else(syntax)?;
        let mut table = &mut self.model;
        for (i, k) in parents.iter().enumerate() {
            let entry = table
                .entry(k.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            table = entry
                .as_table_mut()
                .ok_or_else(|| ModelOptionError::NotATable {
                    given: assignment.to_string(),
                    key: path[..=i].join("."),
                })?;
        }
        table.insert(last.to_string(), value);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::materials::{bundled_file, Database};
    use crate::model::ModelOptions;

    fn cell() -> CellSpec {
        let db = Database::bundled().unwrap();
        let text = bundled_file("cells/nvp-nzsp-thin-target.toml").unwrap();
        crate::cell::parse_cell(std::path::Path::new("t.toml"), text, &db).unwrap()
    }

    #[test]
    fn options_reach_the_model_with_their_toml_types() {
        let mut c = cell();
        c.set_model_option("cathode=spm").unwrap();
        c.set_model_option("particle_shells = 12").unwrap();
        c.set_model_option("interface.seed=3").unwrap();
        assert_eq!(c.model["cathode"].as_str(), Some("spm"));
        assert_eq!(c.model["particle_shells"].as_integer(), Some(12));
        assert_eq!(c.model["interface"]["seed"].as_integer(), Some(3));
        let o = ModelOptions::from_table(std::path::Path::new("t.toml"), &c.model).unwrap();
        assert_eq!(o.particle_shells, 12);
        assert_eq!(o.cathode, crate::model::options::CathodeModel::Spm);
        // the model built from it is the single-particle limit: fewer states than the P2D
        let (spm, _, _) = crate::model::build_model(&c).unwrap();
        let (p2d, _, _) = crate::model::build_model(&cell()).unwrap();
        assert!(spm.n() < p2d.n() / 2, "{} vs {}", spm.n(), p2d.n());
    }

    #[test]
    fn a_bad_value_is_reported_by_the_model_options_with_the_key() {
        let mut c = cell();
        c.set_model_option("cathode=p3d").unwrap();
        let e = ModelOptions::from_table(std::path::Path::new("t.toml"), &c.model)
            .unwrap_err()
            .to_string();
        assert!(e.contains("cathode") && e.contains("p3d"), "{e}");
    }

    #[test]
    fn malformed_assignments_are_refused() {
        let mut c = cell();
        for bad in ["cathode", "=spm", "cathode=", "a..b=1", "ca thode=spm"] {
            let e = c.set_model_option(bad).unwrap_err();
            assert!(matches!(e, ModelOptionError::Syntax { .. }), "{bad}: {e}");
        }
        c.set_model_option("cathode=spm").unwrap();
        let e = c.set_model_option("cathode.x=1").unwrap_err();
        assert_eq!(
            e,
            ModelOptionError::NotATable {
                given: "cathode.x=1".into(),
                key: "cathode".into()
            }
        );
    }
}
