//! The materials database: one self-describing TOML file per material, every value with units and
//! a source (see `data/materials/README.md`).
//!
//! [`Database::bundled`] loads the files compiled into the library; [`Database::load_dir`] reads a
//! directory (e.g. a user's own materials) and [`Database::merge`] combines them.

pub mod arrhenius;
mod db;
mod fields;
pub mod formula;
mod json;
mod load;
pub mod references;
pub mod table1;
mod value;

pub use db::{
    bundled_file, bundled_files, Condition, ConditionError, Database, DimensionMismatch, Filter,
    LookupError, Op, SortKey,
};
pub use fields::{families_of, fields_of, FieldSpec};
pub use json::property_json;
pub use load::{closest as closest_name, parse_material};
pub use value::{Property, Provenance, Source};

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// Material classes (the `class` field, and the folder under `data/materials/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    Electrolyte,
    Cathode,
    Collector,
    Interlayer,
    Treatment,
    Additive,
    Anode,
    Metal,
}

impl Class {
    pub const ALL: [Class; 8] = [
        Class::Electrolyte,
        Class::Cathode,
        Class::Collector,
        Class::Interlayer,
        Class::Treatment,
        Class::Additive,
        Class::Anode,
        Class::Metal,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            Class::Electrolyte => "electrolyte",
            Class::Cathode => "cathode",
            Class::Collector => "collector",
            Class::Interlayer => "interlayer",
            Class::Treatment => "treatment",
            Class::Additive => "additive",
            Class::Anode => "anode",
            Class::Metal => "metal",
        }
    }
    pub fn parse(s: &str) -> Option<Class> {
        Class::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The ion a material works with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ion {
    #[default]
    Na,
    Li,
}

/// A text statement with its source (e.g. compatibility with Na metal).
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub text: String,
    pub source: Option<Source>,
}

/// Open-circuit potential description of a cathode.
#[derive(Debug, Clone, PartialEq)]
pub enum OcvSpec {
    /// Two-phase plateau: U(x) = voltage + slope·(x − ½) + wall·ln((1 − x)/x)
    /// + edge·(exp(−x/edge_width) − exp(−(1 − x)/edge_width)), x = Na filling.
    Plateau {
        voltage: f64,
        slope: f64,
        wall: f64,
        edge: f64,
        edge_width: f64,
    },
    /// Sum of smoothed steps between a base and the top of the window.
    Steps { steps: Vec<OcvStep> },
    /// Measured points (x = Na filling fraction, U in V), monotone.
    Table { points: Vec<(f64, f64)> },
}

/// One tanh step of a staircase OCV: height [V] centred at filling `x` with width `width`.
#[derive(Debug, Clone, PartialEq)]
pub struct OcvStep {
    pub x: f64,
    pub height: f64,
    pub width: f64,
}

/// An OCV with provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct Ocv {
    pub spec: OcvSpec,
    /// Base voltage for `Steps` (V at full sodiation) — unused otherwise.
    pub base: f64,
    pub provenance: Provenance,
    pub source: Option<Source>,
    pub note: Option<String>,
}

/// A physical action of a treatment or interlayer on the sodium | electrolyte interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mechanism {
    /// Removes the air-formed carbonate/hydroxide film of the electrolyte surface (anneals,
    /// molten-Na reduction, dry polishing).
    RemovesSurfaceFilm,
    /// Makes the surface wetted by sodium (sodiophilic coatings, reduced surfaces).
    WetsSodium,
    /// Bonds the foil to the electrolyte over its whole area (ultrasound welding).
    WeldsContact,
    /// Spreads the current evenly over the interface and follows the sodium as it plates and
    /// strips (compliant coatings between collector and electrolyte).
    ConformsToSodium,
}

impl Mechanism {
    pub const ALL: [Mechanism; 4] = [
        Mechanism::RemovesSurfaceFilm,
        Mechanism::WetsSodium,
        Mechanism::WeldsContact,
        Mechanism::ConformsToSodium,
    ];
    pub fn parse(s: &str) -> Option<Mechanism> {
        Mechanism::ALL.into_iter().find(|m| m.as_str() == s)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Mechanism::RemovesSurfaceFilm => "removes-surface-film",
            Mechanism::WetsSodium => "wets-sodium",
            Mechanism::WeldsContact => "welds-contact",
            Mechanism::ConformsToSodium => "conforms-to-sodium",
        }
    }
}

/// A reported effect of an interlayer or treatment.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    pub property: String,
    pub without: Option<f64>,
    pub with: Option<f64>,
    pub without_text: Option<String>,
    pub with_text: Option<String>,
    pub current_density: Option<f64>,
    pub pressure: Option<f64>,
    pub temperature: Option<f64>,
    pub conditions: Option<String>,
    pub source: Option<Source>,
    pub note: Option<String>,
}

/// One material entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Material {
    pub id: String,
    pub name: String,
    pub formula: Option<String>,
    pub class: Class,
    pub family: String,
    pub aliases: Vec<String>,
    pub review_section: Option<String>,
    pub note: Option<String>,
    pub ion: Ion,
    /// Where it was loaded from.
    pub file: PathBuf,
    /// Sourced values by field name.
    pub props: BTreeMap<String, Property>,
    /// Text statements by field name (na_compatibility, ocv_description, …).
    pub statements: BTreeMap<String, Statement>,
    pub lithium_counterpart: Option<String>,
    pub applies_to: Option<String>,
    /// What a treatment or interlayer does to the sodium | electrolyte interface, for the
    /// interface model (docs/physics/contact.md).
    pub mechanisms: Vec<Mechanism>,
    pub ocv: Option<Ocv>,
    pub effects: Vec<Effect>,
}

impl Material {
    /// A sourced value by field name.
    pub fn prop(&self, name: &str) -> Option<&Property> {
        self.props.get(name)
    }
    /// SI value of a field.
    pub fn si(&self, name: &str) -> Option<f64> {
        self.props.get(name).map(|p| p.si)
    }
    /// Atoms of the working ion (Na or Li) per formula unit as made, read from the formula.
    pub fn ion_as_made(&self) -> Option<f64> {
        let symbol = match self.ion {
            Ion::Na => "Na",
            Ion::Li => "Li",
        };
        formula::element_count(self.formula.as_deref()?, symbol)
    }
    /// Whether a cathode is made in its charged (ion-poor) state, so that it holds none of the
    /// ion it cycles and an anode-free cell built with it needs that ion supplied (pre-sodiation
    /// or a Na source). True when the formula holds no ion at all, or no more than the charged
    /// end `na_charged` of a window whose discharged end `na_discharged` lies above it
    /// (TiS2, FeS2, PTCDA; NaTi2(PO4)3 whose one Na is not extracted). False when the formula
    /// cannot be read.
    pub fn made_charged(&self) -> bool {
        let Some(x0) = self.ion_as_made() else {
            return false;
        };
        if x0 <= 0.0 {
            return true;
        }
        match (self.si("na_charged"), self.si("na_discharged")) {
            (Some(xc), Some(xd)) => xd > xc && x0 <= xc + 1e-6,
            _ => false,
        }
    }
    /// Display label: name and formula.
    pub fn label(&self) -> String {
        match &self.formula {
            Some(f) if f != &self.name => format!("{} ({f})", self.name),
            _ => self.name.clone(),
        }
    }
}
