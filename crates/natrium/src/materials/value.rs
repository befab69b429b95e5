//! A sourced value: a quantity with its unit, provenance, source and note.

use serde::Deserialize;
use std::fmt;

use crate::units::Dimension;

/// Where a value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Reference number in the review (Skundin & Kulova, Batteries 2025, 11, 292); 0 = the
    /// review's own statement.
    pub review: Option<u32>,
    /// Original paper: first author, journal, volume, year, first page.
    pub paper: Option<String>,
    /// Place in the source ("Table 1", "Fig. 8", "§3").
    #[serde(rename = "where")]
    pub location: Option<String>,
}

impl Source {
    pub fn is_empty(&self) -> bool {
        self.review.is_none() && self.paper.as_deref().is_none_or(|p| p.trim().is_empty())
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        match self.review {
            Some(0) => parts.push("review".to_string()),
            Some(n) => parts.push(format!("review ref. {n}")),
            None => {}
        }
        if let Some(p) = &self.paper {
            parts.push(p.clone());
        }
        if let Some(w) = &self.location {
            parts.push(w.clone());
        }
        write!(f, "{}", parts.join("; "))
    }
}

/// How a value was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Provenance {
    /// Reported in a cited source.
    #[default]
    Reported,
    /// Computed from other sourced numbers (the note says how).
    Derived,
    /// An engineering estimate or an unchecked recalled value (the note says why).
    Assumed,
}

impl Provenance {
    pub fn as_str(&self) -> &'static str {
        match self {
            Provenance::Reported => "reported",
            Provenance::Derived => "derived",
            Provenance::Assumed => "assumed",
        }
    }
}

/// A resolved, validated value.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    /// Value in SI.
    pub si: f64,
    /// Its dimension (one of the field's accepted dimensions).
    pub dim: Dimension,
    /// As written in the file.
    pub text: String,
    /// Reported spread (SI).
    pub range: Option<(f64, f64)>,
    /// Temperature of the measurement [K].
    pub at: Option<f64>,
    pub source: Option<Source>,
    pub provenance: Provenance,
    pub note: Option<String>,
    /// Arrhenius form for activation energies: true = σT form.
    pub sigma_t_form: Option<bool>,
    /// 1-based line in the file.
    pub line: Option<usize>,
}

impl Property {
    /// A short provenance label for tables: the source, or "derived"/"assumed".
    pub fn provenance_label(&self) -> String {
        match (self.provenance, &self.source) {
            (Provenance::Reported, Some(s)) => s.to_string(),
            (p, Some(s)) if !s.is_empty() => format!("{} ({s})", p.as_str()),
            (p, _) => p.as_str().to_string(),
        }
    }
}

/// The raw form of a value table in a data file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawValue {
    pub value: String,
    pub range: Option<Vec<String>>,
    pub at: Option<String>,
    pub source: Option<Source>,
    #[serde(default)]
    pub provenance: Provenance,
    pub note: Option<String>,
    pub form: Option<String>,
}
