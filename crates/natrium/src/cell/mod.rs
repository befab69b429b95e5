//! Cell designs: TOML files whose layers reference materials by id, validated into a
//! [`CellSpec`] in SI units.
//!
//! A design names its `type` (anode-free full cell, Na-metal full cell, symmetric Na|SE|Na,
//! collector|SE|Na deposition cell), its layers and thicknesses, the composite cathode by weight
//! ratio or volume fractions with porosity, its loading (thickness, mass loading or areal
//! capacity), area, initial Na excess, stack pressure and temperature. See `data/cells/`.

pub mod composite;
mod every_submodel;
pub mod limits;
mod load;
mod model_option;
mod raw;

pub use composite::{
    percolation_factor, Fractions, DEFAULT_PERCOLATION_EXPONENT, DEFAULT_PERCOLATION_THRESHOLD,
};
pub use every_submodel::{with_every_submodel, EVERY_SUBMODEL_FIXTURE};
pub use load::parse_cell;
pub use model_option::ModelOptionError;

use std::path::PathBuf;

use crate::constants::FARADAY;
use crate::error::InputError;
use crate::materials::Material;

/// Molar volume of sodium metal [m³/mol]: M/ρ = 22.99 g/mol / 0.968 g/cm³ = 23.75 cm³/mol
/// (docs/physics/materials.md). Used when a metal entry lacks density or molar mass.
pub const NA_MOLAR_VOLUME: f64 = 22.99e-3 / 968.0;

/// The kinds of cell natrium builds from one TOML schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellType {
    /// Composite cathode | SE | bare (or coated) collector; sodium plates on first charge.
    AnodeFree,
    /// Composite cathode | SE | sodium metal foil (with a collector).
    NaMetal,
    /// Na | SE | Na.
    Symmetric,
    /// Collector | SE | Na (deposition study, review ref. 37).
    Deposition,
}

impl CellType {
    pub fn parse(s: &str) -> Option<CellType> {
        Some(match s {
            "anode-free" => CellType::AnodeFree,
            "na-metal" => CellType::NaMetal,
            "symmetric" => CellType::Symmetric,
            "deposition" => CellType::Deposition,
            _ => return None,
        })
    }
    pub fn as_str(&self) -> &'static str {
        match self {
            CellType::AnodeFree => "anode-free",
            CellType::NaMetal => "na-metal",
            CellType::Symmetric => "symmetric",
            CellType::Deposition => "deposition",
        }
    }
    /// Whether the cell has a cathode (a full cell).
    pub fn is_full_cell(&self) -> bool {
        matches!(self, CellType::AnodeFree | CellType::NaMetal)
    }
}

/// A layer: a material and its thickness [m].
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    pub material: Material,
    pub thickness: f64,
    /// Porosity (collectors, interlayers).
    pub porosity: f64,
    /// Surface treatments applied to this layer (material entries of class treatment).
    pub treatments: Vec<Material>,
    /// How a negative collector meets the electrolyte (collectors only).
    pub form: Option<CollectorForm>,
    /// Pressure the collector was pressed with against the electrolyte [Pa] (pellets).
    pub fabrication_pressure: Option<f64>,
}

impl Layer {
    /// A plain layer (no collector form).
    pub fn new(material: Material, thickness: f64) -> Layer {
        Layer {
            material,
            thickness,
            porosity: 0.0,
            treatments: Vec::new(),
            form: None,
            fabrication_pressure: None,
        }
    }
}

/// How a negative collector meets the electrolyte: it decides how much of the interface the
/// collector presses the plated sodium against the electrolyte (docs/physics/contact.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollectorForm {
    /// A rolled foil laid on the electrolyte.
    Foil,
    /// A film evaporated or sputtered onto the electrolyte (conformal by construction).
    Film,
    /// A powder pressed together with the electrolyte (conformal when pressed above its
    /// hardness).
    Pellet,
}

impl CollectorForm {
    pub fn parse(s: &str) -> Option<CollectorForm> {
        Some(match s {
            "foil" => CollectorForm::Foil,
            "film" => CollectorForm::Film,
            "pellet" => CollectorForm::Pellet,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            CollectorForm::Foil => "foil",
            CollectorForm::Film => "film",
            CollectorForm::Pellet => "pellet",
        }
    }
}

/// How a sodium electrode was brought into contact with the electrolyte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Plated in situ on a collector (anode-free, deposition): grows in contact.
    Plated,
    /// A foil pressed on the electrolyte.
    Pressed,
    /// Ultrasound-welded foil.
    Welded,
    /// Molten sodium applied and solidified.
    Melted,
}

impl Route {
    pub fn parse(s: &str) -> Option<Route> {
        Some(match s {
            "plated" => Route::Plated,
            "pressed" => Route::Pressed,
            "welded" => Route::Welded,
            "melted" => Route::Melted,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Plated => "plated",
            Route::Pressed => "pressed",
            Route::Welded => "welded",
            Route::Melted => "melted",
        }
    }
}

/// The preparation of a sodium electrode: route, and for pressed foils the pressure, time and
/// temperature of pressing (defaults: the stack pressure, 60 s, the cell temperature).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Preparation {
    pub route: Route,
    /// Pressing pressure [Pa] (`None`: the stack pressure).
    pub pressure: Option<f64>,
    /// Pressing time [s].
    pub time: f64,
    /// Pressing temperature [K] (`None`: the cell temperature).
    pub temperature: Option<f64>,
}

impl Preparation {
    pub fn of(route: Route) -> Preparation {
        Preparation {
            route,
            pressure: None,
            time: 60.0,
            temperature: None,
        }
    }
}

/// The solid-electrolyte separator.
#[derive(Debug, Clone, PartialEq)]
pub struct Separator {
    pub material: Material,
    pub thickness: f64,
    /// Relative density of the body (1 = fully dense).
    pub relative_density: f64,
    pub treatments: Vec<Material>,
    /// Grain size of the ceramic [m] (`None`: the material's).
    pub grain_size: Option<f64>,
    /// Largest pore size [m] (`None`: from grain size and relative density).
    pub pore_size: Option<f64>,
}

/// The composite cathode.
#[derive(Debug, Clone, PartialEq)]
pub struct Cathode {
    pub active: Material,
    pub electrolyte: Material,
    pub carbon: Option<Material>,
    pub binder: Option<Material>,
    pub fractions: Fractions,
    /// [m]
    pub thickness: f64,
    /// Specific capacity used [C/kg] and where it came from.
    pub specific_capacity: f64,
    pub capacity_basis: String,
    pub percolation_threshold: f64,
    pub treatments: Vec<Material>,
}

impl Cathode {
    /// Active-material mass per area [kg/m²].
    pub fn active_loading(&self) -> f64 {
        self.thickness * self.fractions.active * self.active.si("density").unwrap_or(f64::NAN)
    }
    /// Areal capacity [C/m²].
    pub fn areal_capacity(&self) -> f64 {
        self.active_loading() * self.specific_capacity
    }
}

/// The negative side: metal present at assembly.
#[derive(Debug, Clone, PartialEq)]
pub struct Negative {
    /// The metal that plates (Na; Li only for comparison cells).
    pub metal: Material,
    /// Metal present at assembly [m] of thickness.
    pub initial_thickness: f64,
    /// How the sodium on the negative side met the electrolyte.
    pub preparation: Preparation,
}

/// How the stack is held.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fixture {
    /// Pressure held constant (springs, pneumatic).
    ConstantPressure,
    /// Fixed gap: swelling raises pressure through an areal stiffness [Pa/m].
    FixedGap { stiffness: f64 },
}

/// Options of the energy and cycle-life forecast, each with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastOptions {
    pub coulombic_efficiency: f64,
    pub coulombic_efficiency_note: String,
    pub first_cycle_efficiency: f64,
    pub first_cycle_efficiency_note: String,
    pub mass_factor: f64,
    pub volume_factor: f64,
    pub na_metal_excess: f64,
    pub np_ratio: f64,
}

impl Default for ForecastOptions {
    fn default() -> Self {
        ForecastOptions {
            coulombic_efficiency: 0.999,
            coulombic_efficiency_note: "assumed: 99.9 % per cycle".into(),
            first_cycle_efficiency: 0.95,
            first_cycle_efficiency_note: "assumed: 95 % on the first cycle".into(),
            mass_factor: 0.8,
            volume_factor: 0.7,
            na_metal_excess: 1.0,
            np_ratio: 1.1,
        }
    }
}

/// A validated cell design in SI units.
#[derive(Debug, Clone, PartialEq)]
pub struct CellSpec {
    pub name: String,
    pub note: Option<String>,
    pub kind: CellType,
    /// [m²]
    pub area: f64,
    /// [K]
    pub temperature: f64,
    /// [Pa]
    pub stack_pressure: f64,
    pub fixture: Fixture,
    pub positive_collector: Option<Layer>,
    pub cathode: Option<Cathode>,
    pub separator: Separator,
    pub interlayer: Option<Layer>,
    pub negative_collector: Option<Layer>,
    pub negative: Negative,
    pub counter_electrode: Option<Layer>,
    /// How the counter electrode's sodium met the electrolyte (half cells).
    pub counter_preparation: Preparation,
    pub forecast: ForecastOptions,
    /// Model options table (checked when the design is read, resolved when a model is built).
    pub model: toml::Table,
    /// Lines of the `[model]` entries in the design file, by dotted key (`"interface.contact"`),
    /// for errors found when the model is built.
    pub model_lines: Vec<(String, usize)>,
    pub sources: Vec<String>,
    pub file: Option<PathBuf>,
    /// Problems that do not stop a run (e.g. window beyond electrolyte stability).
    pub warnings: Vec<InputError>,
}

impl CellSpec {
    /// The line of a `[model]` entry in the design file, by dotted key under `[model]`.
    pub fn model_line(&self, key: &str) -> Option<usize> {
        self.model_lines
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, l)| *l)
    }

    /// Molar volume of the plating metal [m³/mol].
    pub fn metal_molar_volume(&self) -> f64 {
        metal_molar_volume(&self.negative.metal)
    }
    /// Thickness of metal per charge [m per C/m²] = V_m/F.
    pub fn metal_thickness_per_charge(&self) -> f64 {
        self.metal_molar_volume() / FARADAY
    }
}

/// V_m = M/ρ of a metal entry.
pub fn metal_molar_volume(m: &Material) -> f64 {
    match (m.si("molar_mass"), m.si("density")) {
        (Some(mm), Some(rho)) if rho > 0.0 => mm / rho,
        _ => NA_MOLAR_VOLUME,
    }
}
