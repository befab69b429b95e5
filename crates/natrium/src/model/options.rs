//! Model options from the `[model]` table of a cell design: which variant of each phenomenon, the
//! discretisation, and parameter overrides. Every option has a documented default.

use std::path::{Path, PathBuf};

use crate::error::InputError;
use crate::materials::arrhenius::Arrhenius;
use crate::units::{self, dims, Dimension};

/// Cathode resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CathodeModel {
    /// Pseudo-two-dimensional: `nodes` through the thickness × `shells` in each particle.
    P2d,
    /// Single particle with a uniform-reaction electrode resistance L/(3σ).
    Spm,
}

/// Electrolyte transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElectrolyteModel {
    /// Single-ion conductor (t+ = 1): Ohm's law only.
    SingleIon,
    /// Binary solid electrolyte with t+ < 1: concentration polarisation.
    Binary,
}

/// Negative electrode of full cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NegativeModel {
    /// Sodium metal with an interfacial resistance/kinetics and an inventory.
    Metal,
    /// Ideal counter electrode: no overpotential, no separator drop (for P2D comparisons).
    Ideal,
    /// The full interface: nucleation (on collectors), charge transfer with double layer,
    /// constriction, contact voids and creep, inventory losses, dendrites, stack pressure.
    Interface,
}

/// Cathode contact evolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactLoss {
    None,
    /// Contact fraction decays with the volumetric strain swept by the active particles.
    Strain,
}

/// An override of a temperature-dependent property: the value at a stated temperature.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueAt {
    /// The value (SI).
    pub value: f64,
    /// Temperature [K] at which it holds, from "… at 25 degC"; `None` = the cell's temperature.
    pub at: Option<f64>,
}

impl ValueAt {
    /// The temperature the value holds at, given the cell's.
    pub fn temperature(&self, cell_temperature: f64) -> f64 {
        self.at.unwrap_or(cell_temperature)
    }
    /// Where the temperature came from, for the parameter log.
    pub fn basis(&self, cell_temperature: f64) -> String {
        let t = self.temperature(cell_temperature) - crate::constants::ZERO_CELSIUS;
        match self.at {
            Some(_) => format!("cell file [model] option, stated at {t:.1} degC"),
            None => format!("cell file [model] option, at the cell temperature {t:.1} degC"),
        }
    }
    /// The law through this value: `law`'s temperature dependence re-anchored at the stated
    /// point, so that the override holds exactly at the temperature the user meant.
    pub fn anchor(&self, law: Arrhenius, cell_temperature: f64) -> Arrhenius {
        Arrhenius {
            value_ref: self.value,
            t_ref: self.temperature(cell_temperature),
            ..law
        }
    }
}

/// All model options (SI).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelOptions {
    pub cathode: CathodeModel,
    pub cathode_nodes: usize,
    pub particle_shells: usize,
    pub electrolyte: ElectrolyteModel,
    pub separator_nodes: usize,
    pub negative: Option<NegativeModel>,
    /// Fraction of the particle surface touching the solid electrolyte.
    pub contact_fraction: f64,
    pub contact_loss: ContactLoss,
    /// Contact lost per unit volumetric strain swept [-].
    pub contact_loss_rate: f64,
    /// Stack pressure that keeps half of the cathode's contact [Pa].
    pub contact_holding_pressure: f64,
    pub leakage: bool,
    /// Overrides of cathode parameters (plain P2D comparisons).
    /// Solid diffusivity and rate constant of the active material (at the cell's temperature
    /// unless stated with "… at T").
    pub diffusivity: Option<ValueAt>,
    pub rate_constant: Option<ValueAt>,
    pub particle_radius: Option<f64>,
    pub max_concentration: Option<f64>,
    pub ocv_file: Option<PathBuf>,
    /// Electrolyte conductivity override [S/m] for separator and composite network (at the
    /// cell's temperature unless stated with "… at T").
    pub electrolyte_conductivity: Option<ValueAt>,
    /// Electronic conductivity override of the composite [S/m].
    pub electronic_conductivity: Option<f64>,
    /// Interfacial area-specific resistance of a Na-metal electrode [Ω·m²].
    pub interface_resistance: Option<f64>,
    /// Collector/contact resistance [Ω·m²].
    pub contact_resistance: f64,
    /// Initial Na filling of the cathode (default: its discharged state, 0.995 of the range).
    pub initial_filling: Option<f64>,
    /// Solver tolerances: relative, and absolute in units of each state's scale (the
    /// layout's `scale`, so 1e-6 means a millionth of a typical value of every state).
    pub rtol: f64,
    pub atol: f64,
    /// Anode-free interface options (raw; read by the negative-interface assembly).
    pub interface: toml::Table,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            cathode: CathodeModel::P2d,
            cathode_nodes: 10,
            particle_shells: 10,
            electrolyte: ElectrolyteModel::SingleIon,
            separator_nodes: 6,
            negative: None,
            contact_fraction: 0.5,
            contact_loss: ContactLoss::Strain,
            contact_loss_rate: 0.05,
            contact_holding_pressure: 5e6,
            leakage: true,
            diffusivity: None,
            rate_constant: None,
            particle_radius: None,
            max_concentration: None,
            ocv_file: None,
            electrolyte_conductivity: None,
            electronic_conductivity: None,
            interface_resistance: None,
            contact_resistance: 0.0,
            initial_filling: None,
            rtol: 1e-6,
            atol: 1e-6,
            interface: toml::Table::new(),
        }
    }
}

/// Keys of `[model]` handled here; everything else must be an `[model.interface]` sub-table.
const KEYS: &[&str] = &[
    "cathode",
    "cathode_nodes",
    "particle_shells",
    "electrolyte",
    "separator_nodes",
    "negative",
    "contact_fraction",
    "contact_loss",
    "contact_loss_rate",
    "contact_holding_pressure",
    "leakage",
    "diffusivity",
    "rate_constant",
    "particle_radius",
    "max_concentration",
    "ocv_file",
    "electrolyte_conductivity",
    "electronic_conductivity",
    "interface_resistance",
    "contact_resistance",
    "initial_filling",
    "rtol",
    "atol",
    "interface",
];

struct P<'a> {
    file: &'a Path,
    t: &'a toml::Table,
}

impl<'a> P<'a> {
    fn err(&self, key: &str, v: Option<String>, msg: impl Into<String>) -> InputError {
        let mut e = InputError::new(self.file, format!("model.{key}"), msg);
        if let Some(v) = v {
            e = e.with_value(v);
        }
        e
    }
    fn word(&self, key: &str, allowed: &[&str]) -> Result<Option<String>, InputError> {
        match self.t.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) if allowed.contains(&s.as_str()) => Ok(Some(s.clone())),
            Some(v) => Err(self.err(
                key,
                Some(shown(v)),
                format!("expected one of {}", allowed.join(", ")),
            )),
        }
    }
    fn int(&self, key: &str, lo: i64, hi: i64) -> Result<Option<usize>, InputError> {
        match self.t.get(key) {
            None => Ok(None),
            Some(toml::Value::Integer(i)) if (lo..=hi).contains(i) => Ok(Some(*i as usize)),
            Some(v) => Err(self.err(
                key,
                Some(shown(v)),
                format!("expected an integer from {lo} to {hi}"),
            )),
        }
    }
    fn boolean(&self, key: &str) -> Result<Option<bool>, InputError> {
        match self.t.get(key) {
            None => Ok(None),
            Some(toml::Value::Boolean(b)) => Ok(Some(*b)),
            Some(v) => Err(self.err(key, Some(shown(v)), "expected true or false")),
        }
    }
    fn q(&self, key: &str, dim: Dimension, lo: f64, hi: f64) -> Result<Option<f64>, InputError> {
        let (v, shown_v) = match self.t.get(key) {
            None => return Ok(None),
            Some(toml::Value::String(s)) => (
                units::parse_as(s, dim)
                    .map_err(|e| self.err(key, Some(s.clone()), e.to_string()))?,
                s.clone(),
            ),
            Some(toml::Value::Float(x)) if dim.is_dimensionless() => (*x, x.to_string()),
            Some(toml::Value::Integer(x)) if dim.is_dimensionless() => (*x as f64, x.to_string()),
            Some(v) => {
                return Err(self.err(
                    key,
                    Some(shown(v)),
                    format!(
                        "expected a quantity string with units ({})",
                        dim.example().unwrap_or("see docs")
                    ),
                ))
            }
        };
        if !(lo..=hi).contains(&v) {
            let unit = dim
                .example()
                .and_then(|e| e.split_once(' '))
                .map(|(_, u)| u);
            let range = match unit {
                Some(u) => format!(
                    "from {} to {}",
                    crate::limits::show(lo, u),
                    crate::limits::show(hi, u)
                ),
                None => format!("from {lo:e} to {hi:e}"),
            };
            return Err(self.err(
                key,
                Some(shown_v),
                format!("outside the accepted range {range}"),
            ));
        }
        Ok(Some(v))
    }
}

impl P<'_> {
    /// A temperature-dependent quantity: "1 mS/cm" (at the cell's temperature) or
    /// "1 mS/cm at 25 degC".
    fn q_at(
        &self,
        key: &str,
        dim: Dimension,
        lo: f64,
        hi: f64,
    ) -> Result<Option<ValueAt>, InputError> {
        let Some(toml::Value::String(s)) = self.t.get(key) else {
            return Ok(self
                .q(key, dim, lo, hi)?
                .map(|value| ValueAt { value, at: None }));
        };
        let lower = s.to_ascii_lowercase();
        let Some(k) = lower.find(" at ") else {
            return Ok(self
                .q(key, dim, lo, hi)?
                .map(|value| ValueAt { value, at: None }));
        };
        let (v, t) = (&s[..k], &s[k + 4..]);
        let sub = toml::Table::from_iter([(key.to_string(), toml::Value::String(v.to_string()))]);
        let value = P {
            file: self.file,
            t: &sub,
        }
        .q(key, dim, lo, hi)?
        .unwrap_or(f64::NAN);
        let at = units::parse_as(t.trim(), dims::TEMPERATURE).map_err(|e| {
            self.err(
                key,
                Some(s.clone()),
                format!("the temperature after \"at\": {e} (e.g. \"1 mS/cm at 25 degC\")"),
            )
        })?;
        if !(150.0..=600.0).contains(&at) {
            return Err(self.err(
                key,
                Some(s.clone()),
                "the temperature after \"at\" must lie from -123 to 327 degC",
            ));
        }
        Ok(Some(ValueAt {
            value,
            at: Some(at),
        }))
    }
}

impl ModelOptions {
    /// Parse the `[model]` table of a cell file.
    pub fn from_table(file: &Path, t: &toml::Table) -> Result<ModelOptions, InputError> {
        let p = P { file, t };
        for k in t.keys() {
            if !KEYS.contains(&k.as_str()) {
                let hint = crate::materials::closest_name(k, KEYS)
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                return Err(p.err(
                    k,
                    None,
                    format!("unknown model option{hint}; known: {}", KEYS.join(", ")),
                ));
            }
        }
        let mut o = ModelOptions::default();
        if let Some(c) = p.word("cathode", &["p2d", "spm"])? {
            o.cathode = if c == "p2d" {
                CathodeModel::P2d
            } else {
                CathodeModel::Spm
            };
        }
        if let Some(n) = p.int("cathode_nodes", 1, 200)? {
            o.cathode_nodes = n;
        }
        if let Some(n) = p.int("particle_shells", 2, 200)? {
            o.particle_shells = n;
        }
        if let Some(e) = p.word("electrolyte", &["single-ion", "binary"])? {
            o.electrolyte = if e == "single-ion" {
                ElectrolyteModel::SingleIon
            } else {
                ElectrolyteModel::Binary
            };
        }
        if let Some(n) = p.int("separator_nodes", 2, 200)? {
            o.separator_nodes = n;
        }
        if let Some(n) = p.word("negative", &["interface", "metal", "ideal"])? {
            o.negative = Some(match n.as_str() {
                "metal" => NegativeModel::Metal,
                "ideal" => NegativeModel::Ideal,
                _ => NegativeModel::Interface,
            });
        }
        if let Some(x) = p.q("contact_fraction", dims::DIMENSIONLESS, 1e-4, 1.0)? {
            o.contact_fraction = x;
        }
        if let Some(c) = p.word("contact_loss", &["none", "strain"])? {
            o.contact_loss = if c == "none" {
                ContactLoss::None
            } else {
                ContactLoss::Strain
            };
        }
        if let Some(x) = p.q("contact_loss_rate", dims::DIMENSIONLESS, 0.0, 100.0)? {
            o.contact_loss_rate = x;
        }
        if let Some(x) = p.q("contact_holding_pressure", dims::PRESSURE, 1e3, 1e10)? {
            o.contact_holding_pressure = x;
        }
        if let Some(b) = p.boolean("leakage")? {
            o.leakage = b;
        }
        o.diffusivity = p.q_at("diffusivity", dims::DIFFUSIVITY, 1e-24, 1e-6)?;
        o.rate_constant = p.q_at("rate_constant", dims::VELOCITY, 1e-20, 1.0)?;
        o.particle_radius = p.q("particle_radius", dims::LENGTH, 1e-9, 1e-3)?;
        o.max_concentration = p.q("max_concentration", dims::CONCENTRATION, 1.0, 1e6)?;
        o.electrolyte_conductivity =
            p.q_at("electrolyte_conductivity", dims::CONDUCTIVITY, 1e-12, 1e4)?;
        o.electronic_conductivity =
            p.q("electronic_conductivity", dims::CONDUCTIVITY, 1e-12, 1e9)?;
        o.interface_resistance = p.q("interface_resistance", dims::AREAL_RESISTANCE, 0.0, 1e2)?;
        if let Some(r) = p.q("contact_resistance", dims::AREAL_RESISTANCE, 0.0, 1e2)? {
            o.contact_resistance = r;
        }
        o.initial_filling = p.q("initial_filling", dims::DIMENSIONLESS, 0.0, 1.0)?;
        if let Some(x) = p.q("rtol", dims::DIMENSIONLESS, 1e-12, 1e-2)? {
            o.rtol = x;
        }
        if let Some(x) = p.q("atol", dims::DIMENSIONLESS, 1e-14, 1e-2)? {
            o.atol = x;
        }
        match t.get("ocv_file") {
            None => {}
            Some(toml::Value::String(s)) => {
                let path = PathBuf::from(s);
                let path = if path.is_relative() {
                    file.parent().map(|d| d.join(&path)).unwrap_or(path)
                } else {
                    path
                };
                o.ocv_file = Some(path);
            }
            Some(v) => {
                return Err(p.err(
                    "ocv_file",
                    Some(shown(v)),
                    "expected a path to a CSV of x,U rows",
                ))
            }
        }
        match t.get("interface") {
            None => {}
            Some(toml::Value::Table(it)) => o.interface = it.clone(),
            Some(v) => {
                return Err(p.err(
                    "interface",
                    Some(shown(v)),
                    "expected a [model.interface] table",
                ))
            }
        }
        if o.cathode == CathodeModel::P2d && o.cathode_nodes < 2 {
            return Err(p.err(
                "cathode_nodes",
                Some(o.cathode_nodes.to_string()),
                "a P2D cathode needs at least 2 nodes (use cathode = \"spm\" for one particle)",
            ));
        }
        Ok(o)
    }
}

/// A TOML value as the user wrote it, for error messages (strings without their quotes).
fn shown(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
