//! The review's numbered reference list (`data/references.toml`), so that `review = N` in a data
//! file resolves to a citation.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{toml_error, InputError};

/// One reference of the review.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub n: u32,
    pub authors: String,
    pub journal: String,
    pub year: u32,
    #[serde(default)]
    pub volume: Option<String>,
    #[serde(default)]
    pub pages: Option<String>,
}

impl Reference {
    /// "Ortmann et al., Adv. Energy Mater. 14 (2024) 2302729"
    pub fn citation(&self) -> String {
        let mut s = format!("{}, {}", self.authors, self.journal);
        if let Some(v) = &self.volume {
            s.push_str(&format!(" {v}"));
        }
        s.push_str(&format!(" ({})", self.year));
        if let Some(p) = &self.pages {
            s.push_str(&format!(" {p}"));
        }
        s
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(rename = "ref", default)]
    refs: Vec<Reference>,
}

/// The reference list by number.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct References(pub BTreeMap<u32, Reference>);

impl References {
    pub fn parse(path: &Path, text: &str) -> Result<References, InputError> {
        let f: File = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
        let mut map = BTreeMap::new();
        for r in f.refs {
            if map.contains_key(&r.n) {
                return Err(InputError::new(
                    path,
                    "ref.n",
                    format!("reference {} appears twice", r.n),
                ));
            }
            map.insert(r.n, r);
        }
        Ok(References(map))
    }
    pub fn get(&self, n: u32) -> Option<&Reference> {
        self.0.get(&n)
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
