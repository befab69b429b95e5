//! What a variant of the negative interface reads its parameters from: the cell design, its
//! `[model.interface]` options (each key registered in [`super::registry`]), the sodium metal's
//! properties and the parameter log that records every value with its basis.

use std::path::PathBuf;

use super::registry;
use crate::cell::{CellSpec, CellType, CollectorForm};
use crate::error::InputError;
use crate::materials::arrhenius::Arrhenius;
use crate::materials::Material;
use crate::model::params::ParamLog;
use crate::physics::mechanics::creep::CreepLaw;
use crate::units::{self, Dimension};

/// The context of one resolution of the interface submodels.
pub struct Ctx<'a> {
    pub cell: &'a CellSpec,
    pub file: PathBuf,
    table: &'a toml::Table,
    pub log: &'a mut ParamLog,
    /// Molar volume of the negative metal [m³/mol].
    pub vm: f64,
    /// Ionic conductivity law of the separator.
    pub law: Arrhenius,
    /// Scale of the sodium inventory [mol/m²] (tolerances).
    pub n_scale: f64,
    /// The metal's creep law.
    pub creep: CreepLaw,
}

impl<'a> Ctx<'a> {
    pub fn new(
        cell: &'a CellSpec,
        table: &'a toml::Table,
        law: Arrhenius,
        n_scale: f64,
        log: &'a mut ParamLog,
    ) -> Result<Ctx<'a>, InputError> {
        let file = cell.file.clone().unwrap_or_else(|| "<cell>".into());
        registry::check_table(&file, table)?;
        let vm = cell.metal_molar_volume();
        let mut ctx = Ctx {
            cell,
            file,
            table,
            log,
            vm,
            law,
            n_scale,
            creep: CreepLaw::sodium(vm),
        };
        ctx.creep = super::creep_law::resolve(&mut ctx)?;
        Ok(ctx)
    }

    /// An error about `[model.interface] key`.
    pub fn err(&self, key: &str, msg: impl Into<String>) -> InputError {
        InputError::new(&self.file, format!("model.interface.{key}"), msg)
            .at_line(self.cell.model_line(&format!("interface.{key}")))
    }

    /// The seed of the random events (`seed`, default 0; checked when the design is read).
    pub fn seed(&self) -> u64 {
        match self.table.get("seed") {
            Some(toml::Value::Integer(k)) if *k >= 0 => *k as u64,
            _ => 0,
        }
    }

    /// Whether the design sets `key`.
    pub fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// The variant of a phenomenon (registered in [`registry::PHENOMENA`]): the design's choice
    /// or `default`.
    pub fn variant(&self, key: &str, default: &'static str) -> Result<&'static str, InputError> {
        let p = registry::phenomenon(key).ok_or_else(|| self.err(key, "not a phenomenon"))?;
        match self.table.get(key) {
            None => Ok(default),
            Some(toml::Value::String(s)) => p
                .variants
                .iter()
                .find(|v| **v == s.as_str())
                .copied()
                .ok_or_else(|| {
                    self.err(
                        key,
                        format!("\"{s}\": expected one of {}", p.variants.join(", ")),
                    )
                }),
            Some(v) => Err(self.err(
                key,
                format!("{v}: expected one of {}", p.variants.join(", ")),
            )),
        }
    }

    /// A quantity option, if given.
    pub fn option(&self, key: &str, dim: Dimension) -> Result<Option<f64>, InputError> {
        debug_assert!(registry::is_parameter(key), "unregistered option {key}");
        match self.table.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => units::parse_as(s, dim)
                .map(Some)
                .map_err(|e| self.err(key, format!("\"{s}\": {e}"))),
            Some(toml::Value::Float(x)) if dim.is_dimensionless() => Ok(Some(*x)),
            Some(toml::Value::Integer(x)) if dim.is_dimensionless() => Ok(Some(*x as f64)),
            Some(v) => Err(self.err(
                key,
                format!(
                    "{v}: expected a quantity string with units ({})",
                    dim.example().unwrap_or("see docs/physics")
                ),
            )),
        }
    }

    /// A parameter: the option `key` if given (logged as such), else `default` with its basis.
    /// Logged as `interface.key`.
    pub fn param(
        &mut self,
        key: &str,
        dim: Dimension,
        unit: &'static str,
        default: f64,
        basis: impl Into<String>,
    ) -> Result<f64, InputError> {
        let name = format!("interface.{key}");
        Ok(match self.option(key, dim)? {
            Some(v) => {
                if !v.is_finite() {
                    return Err(self.err(key, format!("{v} is not a finite value")));
                }
                self.log
                    .add(&name, v, unit, "cell file [model.interface] option")
            }
            None => self.log.add(&name, default, unit, basis),
        })
    }

    /// A parameter from a material field (with its provenance), else `default` labelled
    /// assumed; the option `key` overrides both.
    #[allow(clippy::too_many_arguments)] // key, unit and the two fallbacks are all needed
    pub fn param_from(
        &mut self,
        key: &str,
        dim: Dimension,
        unit: &'static str,
        material: Option<&Material>,
        field: &str,
        default: f64,
        why: &str,
    ) -> Result<f64, InputError> {
        if let Some(v) = self.option(key, dim)? {
            return Ok(self.log.add(
                &format!("interface.{key}"),
                v,
                unit,
                "cell file [model.interface] option",
            ));
        }
        let name = format!("interface.{key}");
        Ok(match material {
            Some(m) => self.log.from_material(&name, m, field, unit, default, why),
            None => self
                .log
                .add(&name, default, unit, format!("assumed: {why}")),
        })
    }

    /// Whether the negative side is a collector that sodium is plated onto (anode-free and
    /// deposition cells), rather than a sodium foil.
    pub fn collector_side(&self) -> bool {
        matches!(self.cell.kind, CellType::AnodeFree | CellType::Deposition)
    }

    /// The interlayer material, if any.
    pub fn interlayer(&self) -> Option<&'a Material> {
        self.cell.interlayer.as_ref().map(|l| &l.material)
    }

    /// How the collector meets the electrolyte (a foil unless the design says otherwise).
    pub fn collector_form(&self) -> CollectorForm {
        self.cell
            .negative_collector
            .as_ref()
            .and_then(|l| l.form)
            .unwrap_or(CollectorForm::Foil)
    }

    /// The negative collector material, if any.
    pub fn collector(&self) -> Option<&'a Material> {
        self.cell.negative_collector.as_ref().map(|l| &l.material)
    }

    /// The separator material.
    pub fn separator(&self) -> &'a Material {
        &self.cell.separator.material
    }

    /// Treatments of the separator and of the negative side (interlayer and collector).
    pub fn treatments(&self) -> Vec<&'a Material> {
        let mut out: Vec<&Material> = self.cell.separator.treatments.iter().collect();
        if let Some(l) = &self.cell.interlayer {
            out.extend(l.treatments.iter());
        }
        if let Some(l) = &self.cell.negative_collector {
            out.extend(l.treatments.iter());
        }
        out
    }
}
