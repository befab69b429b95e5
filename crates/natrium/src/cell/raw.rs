//! The raw TOML form of a cell design, before validation. Spans give line numbers for errors.

use serde::Deserialize;
use toml::Spanned;

pub type S = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCell {
    pub name: Option<String>,
    pub note: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<S>,
    pub area: Option<S>,
    pub temperature: Option<S>,
    pub stack_pressure: Option<S>,
    pub fixture: Option<Spanned<RawFixture>>,
    pub positive_collector: Option<Spanned<RawLayer>>,
    pub cathode: Option<Spanned<RawCathode>>,
    pub separator: Option<Spanned<RawLayer>>,
    pub interlayer: Option<Spanned<RawLayer>>,
    pub negative_collector: Option<Spanned<RawLayer>>,
    pub negative: Option<Spanned<RawNegative>>,
    /// The Na counter/reference electrode of symmetric and deposition cells.
    pub counter_electrode: Option<Spanned<RawLayer>>,
    pub forecast: Option<Spanned<RawForecast>>,
    /// Model options for simulations (submodel variants and parameters); validated by the model.
    pub model: Option<Spanned<toml::Table>>,
    /// Sources of the design choices (free text, one per line).
    #[serde(default)]
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLayer {
    pub material: S,
    pub thickness: Option<S>,
    /// Relative density override for an electrolyte separator.
    pub relative_density: Option<S>,
    pub porosity: Option<S>,
    pub treatments: Option<Vec<S>>,
    /// Collectors: foil, film or pellet, and the pressure a pellet was pressed with.
    pub form: Option<S>,
    pub fabrication_pressure: Option<S>,
    /// Separator microstructure.
    pub grain_size: Option<S>,
    pub pore_size: Option<S>,
    /// Counter electrode: how it met the electrolyte.
    pub preparation: Option<S>,
    pub pressing_pressure: Option<S>,
    pub pressing_time: Option<S>,
    pub pressing_temperature: Option<S>,
    /// Free text for readers of the file.
    #[allow(dead_code)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCathode {
    pub active: S,
    pub electrolyte: S,
    pub carbon: Option<S>,
    pub binder: Option<S>,
    /// "65:20:5:10" — active:electrolyte:carbon:binder by mass (a ratio; normalised).
    pub weight_ratio: Option<S>,
    /// Volume fractions; with `porosity` they must add up to 1.
    pub volume_fractions: Option<Spanned<RawFractions>>,
    pub porosity: Option<S>,
    pub thickness: Option<S>,
    /// Active-material mass per area, e.g. "10 mg/cm^2".
    pub loading: Option<S>,
    pub areal_capacity: Option<S>,
    /// Specific capacity used (default: the material's practical capacity, else theoretical).
    pub specific_capacity: Option<S>,
    pub percolation_threshold: Option<S>,
    pub treatments: Option<Vec<S>>,
    /// Free text for readers of the file.
    #[allow(dead_code)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFractions {
    pub active: S,
    pub electrolyte: S,
    pub carbon: Option<S>,
    pub binder: Option<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNegative {
    /// Sodium present at assembly as a fraction of the cathode capacity ("0 %" = anode-free).
    pub excess: Option<S>,
    /// Or as a thickness of Na foil.
    pub sodium_thickness: Option<S>,
    /// Metal (default "na").
    pub metal: Option<S>,
    /// How the sodium met the electrolyte: plated, pressed, welded, melted.
    pub preparation: Option<S>,
    pub pressing_pressure: Option<S>,
    pub pressing_time: Option<S>,
    pub pressing_temperature: Option<S>,
    /// Free text for readers of the file.
    #[allow(dead_code)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFixture {
    /// "constant-pressure" | "fixed-gap"
    pub kind: S,
    /// Areal stiffness of the fixed-gap fixture with the stack, e.g. "1e10 Pa/m".
    pub stiffness: Option<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawForecast {
    /// Coulombic efficiency per cycle used for the cycle-life estimate.
    pub coulombic_efficiency: Option<S>,
    pub coulombic_efficiency_note: Option<String>,
    /// First-cycle Coulombic efficiency.
    pub first_cycle_efficiency: Option<S>,
    pub first_cycle_efficiency_note: Option<String>,
    /// Cell/stack factors (packaging): mass and volume.
    pub mass_factor: Option<S>,
    pub volume_factor: Option<S>,
    /// Sodium excess of the Na-metal comparison cell (fraction of capacity).
    pub na_metal_excess: Option<S>,
    /// N/P ratio of the Na-ion (hard carbon) comparison cell.
    pub np_ratio: Option<S>,
}
