//! Run metadata: what produced a result (version, time, command, cell, protocol, submodels,
//! citations, solver statistics, warnings), written as JSON next to the data and into Parquet
//! footers.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::OutputError;
use crate::fsutil::write_atomic;

/// A reference a result depends on, registered by the submodel or material that uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// Short key, e.g. `"skundin2025"`.
    pub key: String,
    /// Full reference text.
    pub text: String,
}

/// Everything needed to know what produced an output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunMetadata {
    pub natrium_version: String,
    /// Git commit natrium was built from (`unknown` outside a checkout).
    #[serde(default)]
    pub natrium_commit: String,
    /// UTC creation time, RFC 3339 (`2025-06-01T12:00:00Z`).
    pub created: String,
    /// The command line or API call that produced the run.
    pub command: String,
    /// The cell design as given (resolved), or `null`.
    #[serde(default)]
    pub cell: serde_json::Value,
    /// The experiment script.
    #[serde(default)]
    pub protocol: String,
    #[serde(default)]
    pub citations: Vec<Citation>,
    /// `(phenomenon, variant)` in model order, e.g. `("nucleation", "classical")`; written as
    /// a JSON object `{"nucleation": "classical", …}` (order kept).
    #[serde(default, with = "submodels_as_object")]
    pub submodels: Vec<(String, String)>,
    /// Solver statistics (steps, function evaluations, failures, …), or `null`.
    #[serde(default)]
    pub solver: serde_json::Value,
    /// Solver tolerances and options of the run.
    #[serde(default)]
    pub tolerances: serde_json::Value,
    /// Discretisation: nodes and shells of each meshed part, and the number of states.
    #[serde(default)]
    pub mesh: serde_json::Value,
    /// How the run ended, machine-readable: `{"kind": "completed" | "stopped" | "ended" |
    /// "refused" | "failed" | "stalled" | "interrupted", "message", "time_s", "cycle", "step", …}`.
    #[serde(default)]
    pub outcome: serde_json::Value,
    /// Discrete events: total, counts by kind, the first and last ones with their times.
    #[serde(default)]
    pub events: serde_json::Value,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub warnings: Vec<String>,
}

impl RunMetadata {
    /// Metadata stamped with this crate's version and the current UTC time.
    pub fn new(command: impl Into<String>) -> RunMetadata {
        RunMetadata {
            natrium_version: env!("CARGO_PKG_VERSION").to_string(),
            natrium_commit: env!("NATRIUM_COMMIT").to_string(),
            created: format_rfc3339(SystemTime::now()),
            command: command.into(),
            cell: serde_json::Value::Null,
            protocol: String::new(),
            citations: Vec::new(),
            submodels: Vec::new(),
            solver: serde_json::Value::Null,
            tolerances: serde_json::Value::Null,
            mesh: serde_json::Value::Null,
            outcome: serde_json::Value::Null,
            events: serde_json::Value::Null,
            notes: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Add a citation unless one with the same key is already there.
    pub fn cite(&mut self, key: impl Into<String>, text: impl Into<String>) {
        let key = key.into();
        if !self.citations.iter().any(|c| c.key == key) {
            self.citations.push(Citation {
                key,
                text: text.into(),
            });
        }
    }

    /// Record the variant chosen for a phenomenon (replacing an earlier choice).
    pub fn submodel(&mut self, phenomenon: impl Into<String>, variant: impl Into<String>) {
        let (p, v) = (phenomenon.into(), variant.into());
        match self.submodels.iter_mut().find(|(q, _)| *q == p) {
            Some(e) => e.1 = v,
            None => self.submodels.push((p, v)),
        }
    }

    pub fn warn(&mut self, message: impl Into<String>) {
        self.warnings.push(message.into());
    }

    pub fn note(&mut self, message: impl Into<String>) {
        self.notes.push(message.into());
    }

    pub fn to_json_value(&self) -> serde_json::Value {
        // Serializing plain strings, vectors and `Value`s cannot fail.
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// Pretty-printed JSON.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Write the metadata as a JSON file (atomically).
    pub fn write_json(&self, path: &Path) -> Result<PathBuf, OutputError> {
        let mut text = self.to_json_string();
        text.push('\n');
        write_atomic(path, text.as_bytes()).map_err(|e| OutputError::io(path, e))
    }

    /// Read a file written by [`write_json`](Self::write_json).
    pub fn read_json(path: &Path) -> Result<RunMetadata, OutputError> {
        let text = std::fs::read_to_string(path).map_err(|e| OutputError::io(path, e))?;
        serde_json::from_str(&text).map_err(|e| OutputError::Json {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }
}

/// `t` as an RFC 3339 UTC timestamp with whole seconds, e.g. `2023-11-14T22:13:20Z`.
pub fn format_rfc3339(t: SystemTime) -> String {
    let secs: i64 = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => {
            let d = e.duration();
            -(d.as_secs() as i64) - i64::from(d.subsec_nanos() > 0)
        }
    };
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        sod / 3600,
        (sod % 3600) / 60,
        sod % 60
    )
}

/// Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant, "chrono-compatible
/// low-level date algorithms", `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32; // [1, 31]
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32; // [1, 12]
    (if m <= 2 { y + 1 } else { y }, m, d)
}

mod submodels_as_object {
    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(v: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(v.len()))?;
        for (k, val) in v {
            m.serialize_entry(k, val)?;
        }
        m.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Vec<(String, String)>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of phenomenon → variant")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, String>()? {
                    out.push((k, v));
                }
                Ok(out)
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: i64) -> String {
        let t = if secs >= 0 {
            UNIX_EPOCH + Duration::from_secs(secs as u64)
        } else {
            UNIX_EPOCH - Duration::from_secs((-secs) as u64)
        };
        format_rfc3339(t)
    }

    #[test]
    fn rfc3339_known_dates() {
        assert_eq!(at(0), "1970-01-01T00:00:00Z");
        assert_eq!(at(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(at(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(at(4_107_542_399), "2100-02-28T23:59:59Z");
        assert_eq!(at(-1), "1969-12-31T23:59:59Z");
        assert_eq!(
            format_rfc3339(UNIX_EPOCH + Duration::from_millis(1_500)),
            "1970-01-01T00:00:01Z"
        );
    }

    #[test]
    fn json_round_trip_keeps_submodel_order() {
        let mut m = RunMetadata::new("natrium run cell.toml");
        m.submodel("nucleation", "classical");
        m.submodel("contact", "voids-creep");
        m.submodel("nucleation", "none");
        m.cite("skundin2025", "Skundin & Kulova, Batteries 2025, 11, 292");
        m.cite("skundin2025", "duplicate");
        m.solver = serde_json::json!({"steps": 120, "failures": 0});
        m.warn("Na melts at 97.8 °C");
        let v = m.to_json_value();
        assert_eq!(v["submodels"]["nucleation"], "none");
        let text = m.to_json_string();
        assert!(text.find("nucleation").unwrap() < text.find("contact").unwrap());
        assert_eq!(m.citations.len(), 1);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("meta.json");
        m.write_json(&p).unwrap();
        assert_eq!(RunMetadata::read_json(&p).unwrap(), m);
        assert!(m.created.ends_with('Z') && m.created.len() == 20);
    }
}
