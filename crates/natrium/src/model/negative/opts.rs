//! Reading and checking the options of `[model.interface]`.

use crate::error::InputError;
use crate::model::params::ParamLog;
use crate::units::{self, Dimension};

/// Reads `[model.interface]`.
pub(super) struct Opts<'a> {
    pub(super) t: &'a toml::Table,
    pub(super) file: &'a std::path::Path,
}

impl<'a> Opts<'a> {
    pub(super) fn err(&self, key: &str, msg: impl Into<String>) -> InputError {
        InputError::new(self.file, format!("model.interface.{key}"), msg)
    }
    pub(super) fn variant(
        &self,
        key: &str,
        allowed: &[&str],
        default: &'static str,
    ) -> Result<String, InputError> {
        match self.t.get(key) {
            None => Ok(default.to_string()),
            Some(toml::Value::String(s)) if allowed.contains(&s.as_str()) => Ok(s.clone()),
            Some(v) => Err(self.err(key, format!("{v}: expected one of {}", allowed.join(", ")))),
        }
    }
    pub(super) fn q(&self, key: &str, dim: Dimension) -> Result<Option<f64>, InputError> {
        match self.t.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => units::parse_as(s, dim)
                .map(Some)
                .map_err(|e| self.err(key, e.to_string())),
            Some(toml::Value::Float(x)) if dim.is_dimensionless() => Ok(Some(*x)),
            Some(toml::Value::Integer(x)) if dim.is_dimensionless() => Ok(Some(*x as f64)),
            Some(v) => Err(self.err(key, format!("{v}: expected a quantity string with units"))),
        }
    }
    pub(super) fn param(
        &self,
        log: &mut ParamLog,
        key: &str,
        dim: Dimension,
        unit: &'static str,
        default: f64,
        basis: &str,
    ) -> Result<f64, InputError> {
        Ok(match self.q(key, dim)? {
            Some(v) => log.add(
                &format!("interface.{key}"),
                v,
                unit,
                "cell file [model.interface] option",
            ),
            None => log.add(&format!("interface.{key}"), default, unit, basis),
        })
    }
}

pub(super) const KEYS: &[&str] = &[
    "nucleation",
    "contact",
    "constriction",
    "dead",
    "interphase",
    "oxide",
    "alloy",
    "pores",
    "dendrite",
    "fluctuation",
    "exchange_current",
    "double_layer_capacitance",
    "spot_radius",
    "surface_energy",
    "wetting",
    "nucleation_prefactor",
    "nucleation_sites",
    "pressure_amplification",
    "collector_contact",
    "initial_contact",
    "creep_beta",
    "void_length",
    "void_opening",
    "contact_minimum",
    "dead_void",
    "dead_end",
    "flaw_size",
    "fracture_toughness",
    "damage_rate",
    "relax_beta",
    "seed",
    "creep_diffusional",
    "counter_contact",
    "fluctuation_rate",
    "fluctuation_amplitude",
];
