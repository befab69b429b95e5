//! The database of all materials: loading, lookup with suggestions, search, filters, sorting and
//! the cross-file integrity check.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::load::{closest, parse_material};
use super::references::References;
use super::table1::{self, Row};
use super::{Class, Ion, Material};
use crate::error::{InputError, InputErrors};
use crate::units;

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// Bundled data file contents by path relative to `data/` (materials, cells, protocols …).
pub fn bundled_file(rel: &str) -> Option<&'static str> {
    bundled::FILES
        .iter()
        .find(|(p, _)| *p == rel)
        .map(|(_, t)| *t)
}

/// All bundled file paths under a prefix (e.g. `"cells/"`).
pub fn bundled_files(prefix: &str) -> Vec<&'static str> {
    bundled::FILES
        .iter()
        .filter(|(p, _)| p.starts_with(prefix))
        .map(|(p, _)| *p)
        .collect()
}

/// An id that is not in the database.
#[derive(Debug, Clone, PartialEq)]
pub struct LookupError {
    pub id: String,
    pub expected: Option<Class>,
    /// The class it actually has, when it exists but is of the wrong class.
    pub found: Option<Class>,
    pub suggestion: Option<String>,
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.found, self.expected) {
            (Some(found), Some(exp)) => {
                write!(f, "material \"{}\" is a {found}, expected a {exp}", self.id)?
            }
            _ => {
                write!(f, "no material with id \"{}\"", self.id)?;
                if let Some(c) = self.expected {
                    write!(f, " in class {c}")?;
                }
            }
        }
        if let Some(s) = &self.suggestion {
            write!(f, " (did you mean \"{s}\"?)")?;
        }
        write!(f, "; `natrium materials list")?;
        if let Some(c) = self.expected {
            write!(f, " --class {c}")?;
        }
        write!(f, "` shows the ids")
    }
}

impl std::error::Error for LookupError {}

/// Filter for `materials list`.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub class: Option<Class>,
    pub family: Option<String>,
    pub ion: Option<Ion>,
    /// Property conditions in SI.
    pub conditions: Vec<Condition>,
    /// Temperature [K] at which conductivities are evaluated (Arrhenius) for conditions and
    /// sorting; `None` = as reported.
    pub temperature: Option<f64>,
}

/// `name op value` on a property, e.g. `ionic_conductivity >= 1 mS/cm`.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub prop: String,
    pub op: Op,
    /// Threshold in SI of `dim`.
    pub value: f64,
    /// Dimension of the threshold as written.
    pub dim: units::Dimension,
    /// The condition as written (for messages).
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Gt,
    Ge,
    Lt,
    Le,
}

/// A `--where` condition that cannot be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConditionError {
    #[error("\"{text}\": expected `property OP value` with OP one of > >= < <=, e.g. \"ionic_conductivity >= 1 mS/cm\"")]
    Syntax { text: String },
    #[error("\"{text}\": missing property name before {op}")]
    MissingProperty { text: String, op: String },
    /// The value does not parse (its message is part of this one, so it is not a `source`).
    #[error("\"{text}\": {cause}")]
    Value {
        text: String,
        cause: units::UnitError,
    },
    #[error("\"{text}\": unknown property \"{prop}\"{scope}; known: {known}")]
    UnknownProperty {
        text: String,
        prop: String,
        /// " for class …" when the search is limited to one class.
        scope: String,
        known: String,
    },
    #[error(transparent)]
    WrongDimension(Box<DimensionMismatch>),
}

/// A condition's value whose dimension is not the property's.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("\"{text}\": {value} is {found}; {prop} is {expected}, e.g. {example}")]
pub struct DimensionMismatch {
    pub text: String,
    /// The threshold as written, e.g. "1 mS".
    pub value: String,
    pub prop: String,
    /// "a conductance".
    pub found: String,
    /// "a conductivity".
    pub expected: String,
    /// The threshold in the property's unit, e.g. "1 mS/cm".
    pub example: String,
}

/// "a conductance", "an energy", "a quantity of dimension [m^-2 …]".
fn a_dimension(d: units::Dimension) -> String {
    match d.name() {
        Some(n) => {
            let article = if n.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {n}")
        }
        None => format!("a quantity of dimension [{d}]"),
    }
}

impl Condition {
    /// Parse `"ionic_conductivity >= 1 mS/cm"`. The property and the dimension of the value are
    /// checked by [`Condition::check`].
    pub fn parse(s: &str) -> Result<Condition, ConditionError> {
        for (tok, op) in [(">=", Op::Ge), ("<=", Op::Le), (">", Op::Gt), ("<", Op::Lt)] {
            if let Some((name, val)) = s.split_once(tok) {
                let name = name.trim();
                if name.is_empty() {
                    return Err(ConditionError::MissingProperty {
                        text: s.to_string(),
                        op: tok.to_string(),
                    });
                }
                let q = units::parse_quantity(val.trim()).map_err(|e| ConditionError::Value {
                    text: s.to_string(),
                    cause: e,
                })?;
                return Ok(Condition {
                    prop: name.to_string(),
                    op,
                    value: q.value,
                    dim: q.dim,
                    text: s.trim().to_string(),
                });
            }
        }
        Err(ConditionError::Syntax {
            text: s.to_string(),
        })
    }

    /// Check the property against the fields of `class` (all classes when `None`) and the
    /// dimension of the value against the property's, and bring the value to the property's
    /// canonical dimension (an activation energy given in kJ/mol is compared per particle).
    pub fn check(mut self, class: Option<Class>) -> Result<Condition, ConditionError> {
        let classes: Vec<Class> = match class {
            Some(c) => vec![c],
            None => Class::ALL.to_vec(),
        };
        let specs: Vec<&super::FieldSpec> = classes
            .iter()
            .flat_map(|c| super::fields_of(*c).iter())
            .filter(|f| f.name == self.prop)
            .collect();
        let Some(first) = specs.first() else {
            let mut known: Vec<&str> = classes
                .iter()
                .flat_map(|c| super::fields_of(*c).iter().map(|f| f.name))
                .collect();
            known.sort_unstable();
            known.dedup();
            return Err(ConditionError::UnknownProperty {
                text: self.text.clone(),
                prop: self.prop.clone(),
                scope: class.map(|c| format!(" for class {c}")).unwrap_or_default(),
                known: known.join(", "),
            });
        };
        if !specs.iter().any(|f| f.dims.contains(&self.dim)) {
            let value = self
                .text
                .split_once(['>', '<'])
                .map(|(_, v)| v.trim_start_matches('=').trim().to_string())
                .unwrap_or_default();
            // the number as written, in the property's unit
            let number: String = value
                .chars()
                .take_while(|c| c.is_ascii_digit() || "+-.eE".contains(*c))
                .collect();
            let number = if number.parse::<f64>().is_ok() {
                number
            } else {
                "1".to_string()
            };
            let mut expected: Vec<String> = Vec::new();
            for d in specs.iter().flat_map(|f| f.dims.iter()) {
                let a = a_dimension(*d);
                if !expected.contains(&a) {
                    expected.push(a);
                }
            }
            return Err(ConditionError::WrongDimension(Box::new(
                DimensionMismatch {
                    text: self.text.clone(),
                    value,
                    prop: self.prop.clone(),
                    found: a_dimension(self.dim),
                    expected: expected.join(" or "),
                    example: format!("{number} {}", first.unit).trim().to_string(),
                },
            )));
        }
        if self.dim == units::dims::MOLAR_ENERGY {
            self.value /= crate::constants::AVOGADRO;
            self.dim = units::dims::ENERGY;
        }
        Ok(self)
    }
    fn holds(&self, x: f64) -> bool {
        match self.op {
            Op::Gt => x > self.value,
            Op::Ge => x >= self.value,
            Op::Lt => x < self.value,
            Op::Le => x <= self.value,
        }
    }
}

/// Sort order for `materials list`.
#[derive(Debug, Clone, PartialEq)]
pub struct SortKey {
    pub prop: String,
    pub descending: bool,
}

/// All materials with Table 1 and the review's reference list.
#[derive(Debug, Clone, Default)]
pub struct Database {
    materials: BTreeMap<String, Material>,
    pub table1: Vec<Row>,
    pub references: References,
}

/// Values of one material that contradict each other (a voltage window upside down, a mean
/// voltage outside it, a practical capacity above the theoretical one).
fn consistency(m: &Material) -> Vec<InputError> {
    let mut errs = Vec::new();
    if let (Some(lo), Some(hi)) = (m.si("voltage_min"), m.si("voltage_max")) {
        if lo >= hi {
            errs.push(
                InputError::new(
                    &m.file,
                    "voltage_min",
                    format!("voltage_min ({lo} V) must be below voltage_max ({hi} V)"),
                )
                .with_value(format!("{lo} V")),
            );
        }
        if let Some(mean) = m.si("mean_voltage") {
            if mean < lo || mean > hi {
                errs.push(InputError::new(
                    &m.file,
                    "mean_voltage",
                    format!("mean voltage {mean} V lies outside the voltage window {lo}-{hi} V"),
                ));
            }
        }
    }
    if let (Some(p), Some(t)) = (m.si("practical_capacity"), m.si("theoretical_capacity")) {
        if p > t * 1.02 {
            errs.push(InputError::new(
                &m.file,
                "practical_capacity",
                format!(
                    "practical capacity {:.1} mAh/g exceeds the theoretical capacity {:.1} mAh/g",
                    p / 3600.0,
                    t / 3600.0
                ),
            ));
        }
    }
    errs
}

impl Database {
    /// The database bundled with natrium.
    pub fn bundled() -> Result<Database, InputErrors> {
        let files = bundled::FILES
            .iter()
            .map(|(p, t)| (PathBuf::from("data").join(p), p.to_string(), t.to_string()));
        Database::from_files(files)
    }

    /// Load a data directory laid out like `data/` (materials/<class>/*.toml, optional
    /// table1.toml and references.toml), or a plain directory of material files.
    pub fn load_dir(dir: &Path) -> Result<Database, InputErrors> {
        let mut files = Vec::new();
        collect(dir, dir, &mut files).map_err(|e| InputErrors(vec![e]))?;
        let mut loaded = Vec::new();
        for (path, rel) in files {
            let text = crate::error::read_text(&path)?;
            loaded.push((path, rel, text));
        }
        Database::from_files(loaded.into_iter())
    }

    fn from_files(
        files: impl Iterator<Item = (PathBuf, String, String)>,
    ) -> Result<Database, InputErrors> {
        let mut db = Database::default();
        let mut errors = Vec::new();
        for (path, rel, text) in files {
            if rel == "table1.toml" {
                match table1::parse(&path, &text) {
                    Ok(rows) => db.table1 = rows,
                    Err(e) => errors.extend(e.0),
                }
                continue;
            }
            if rel == "references.toml" {
                match References::parse(&path, &text) {
                    Ok(r) => db.references = r,
                    Err(e) => errors.push(e),
                }
                continue;
            }
            let other_data = rel.starts_with("cells/") || rel.starts_with("protocols/");
            if other_data || !rel.ends_with(".toml") {
                continue;
            }
            match parse_material(&path, &text) {
                Ok(m) => {
                    // values that contradict each other are errors of the file, whoever loads it
                    errors.extend(consistency(&m));
                    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
                    if stem != m.id {
                        errors.push(
                            InputError::new(
                                &path,
                                "id",
                                format!("id must equal the file name stem \"{stem}\""),
                            )
                            .with_value(&m.id),
                        );
                    }
                    // class folder must match class
                    if let Some(folder) = Path::new(&rel)
                        .parent()
                        .and_then(|p| p.file_name())
                        .and_then(|s| s.to_str())
                    {
                        if Class::parse(folder).is_some_and(|c| c != m.class) {
                            errors.push(InputError::new(
                                &path,
                                "class",
                                format!(
                                    "file is in folder \"{folder}\" but declares class {}",
                                    m.class
                                ),
                            ));
                        }
                    }
                    if let Some(prev) = db.materials.get(&m.id) {
                        errors.push(InputError::new(
                            &path,
                            "id",
                            format!(
                                "duplicate id \"{}\" (also in {})",
                                m.id,
                                prev.file.display()
                            ),
                        ));
                    } else {
                        db.materials.insert(m.id.clone(), m);
                    }
                }
                Err(e) => errors.extend(e.0),
            }
        }
        if errors.is_empty() {
            Ok(db)
        } else {
            Err(InputErrors(errors))
        }
    }

    /// Add or replace materials from a user directory (user entries win).
    pub fn merge(&mut self, other: Database) {
        for (id, m) in other.materials {
            self.materials.insert(id, m);
        }
        if !other.table1.is_empty() {
            self.table1 = other.table1;
        }
        if !other.references.is_empty() {
            self.references = other.references;
        }
    }

    pub fn len(&self) -> usize {
        self.materials.len()
    }
    pub fn is_empty(&self) -> bool {
        self.materials.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = &Material> {
        self.materials.values()
    }

    /// Look up by id (exact), then by alias or formula (case-insensitive).
    pub fn get(&self, id: &str) -> Result<&Material, LookupError> {
        if let Some(m) = self.materials.get(id) {
            return Ok(m);
        }
        let low = id.to_lowercase();
        if let Some(m) = self.materials.values().find(|m| {
            m.aliases.iter().any(|a| a.to_lowercase() == low)
                || m.formula
                    .as_deref()
                    .is_some_and(|f| f.to_lowercase() == low)
        }) {
            return Ok(m);
        }
        Err(LookupError {
            id: id.to_string(),
            expected: None,
            found: None,
            suggestion: self.suggest(id, None),
        })
    }

    /// Look up and require a class.
    pub fn get_class(&self, id: &str, class: Class) -> Result<&Material, LookupError> {
        match self.get(id) {
            Ok(m) if m.class == class => Ok(m),
            Ok(m) => Err(LookupError {
                id: id.to_string(),
                expected: Some(class),
                found: Some(m.class),
                suggestion: self.suggest(id, Some(class)),
            }),
            Err(mut e) => {
                e.expected = Some(class);
                e.suggestion = self.suggest(id, Some(class));
                Err(e)
            }
        }
    }

    fn suggest(&self, id: &str, class: Option<Class>) -> Option<String> {
        let ids: Vec<&str> = self
            .materials
            .values()
            .filter(|m| class.is_none_or(|c| m.class == c))
            .map(|m| m.id.as_str())
            .collect();
        closest(id, &ids).map(str::to_string).or_else(|| {
            // substring match as a fallback ("nzsp34" → "nzsp-34")
            let squash = |s: &str| s.replace(['-', '.', '_'], "").to_lowercase();
            let q = squash(id);
            ids.iter().find(|c| squash(c) == q).map(|s| s.to_string())
        })
    }

    /// Value of a property for filtering/sorting: conductivities are evaluated at the filter
    /// temperature when one is given.
    pub fn value_of(m: &Material, prop: &str, temperature: Option<f64>) -> Option<f64> {
        if prop == "ionic_conductivity" {
            if let (Some(t), Some(law)) = (temperature, m.conductivity_law()) {
                return Some(law.at(t));
            }
        }
        let p = m.prop(prop)?;
        if p.dim == units::dims::MOLAR_ENERGY {
            return Some(p.si / crate::constants::AVOGADRO);
        }
        Some(p.si)
    }

    /// Materials matching a filter, sorted.
    pub fn filter(&self, f: &Filter, sort: Option<&SortKey>) -> Vec<&Material> {
        let mut out: Vec<&Material> = self
            .materials
            .values()
            .filter(|m| f.class.is_none_or(|c| m.class == c))
            .filter(|m| f.family.as_deref().is_none_or(|fam| m.family == fam))
            .filter(|m| f.ion.is_none_or(|i| m.ion == i))
            .filter(|m| {
                f.conditions.iter().all(|c| {
                    Database::value_of(m, &c.prop, f.temperature).is_some_and(|x| c.holds(x))
                })
            })
            .collect();
        if let Some(k) = sort {
            out.sort_by(|a, b| {
                let va = Database::value_of(a, &k.prop, f.temperature);
                let vb = Database::value_of(b, &k.prop, f.temperature);
                // materials without the property go last
                match (va, vb) {
                    (Some(x), Some(y)) => {
                        if k.descending {
                            y.total_cmp(&x)
                        } else {
                            x.total_cmp(&y)
                        }
                    }
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => a.id.cmp(&b.id),
                }
            });
        }
        out
    }

    /// Free-text search over id, name, formula, aliases, family and note.
    pub fn search(&self, query: &str) -> Vec<&Material> {
        let q = query.to_lowercase();
        let mut hits: Vec<(u8, &Material)> = self
            .materials
            .values()
            .filter_map(|m| {
                let rank = if m.id == q {
                    0
                } else if m.id.contains(&q) || m.name.to_lowercase().contains(&q) {
                    1
                } else if m
                    .formula
                    .as_deref()
                    .is_some_and(|f| f.to_lowercase().contains(&q))
                    || m.aliases.iter().any(|a| a.to_lowercase().contains(&q))
                {
                    2
                } else if m.family.contains(&q)
                    || m.note
                        .as_deref()
                        .is_some_and(|n| n.to_lowercase().contains(&q))
                {
                    3
                } else {
                    return None;
                };
                Some((rank, m))
            })
            .collect();
        hits.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
        hits.into_iter().map(|(_, m)| m).collect()
    }

    /// Cross-file integrity: references resolve, counterparts exist, Table 1 rows resolve to
    /// entries of the right class. Per-file checks (sources, units, bounds) happen at load.
    pub fn check(&self) -> Vec<InputError> {
        let mut errs = Vec::new();
        let n_refs = self.references.len() as u32;
        let check_ref = |errs: &mut Vec<InputError>,
                         file: &Path,
                         field: &str,
                         s: &Option<super::Source>| {
            if let Some(n) = s.as_ref().and_then(|s| s.review) {
                if n > 0 && n_refs > 0 && self.references.get(n).is_none() {
                    errs.push(InputError::new(
                        file,
                        field,
                        format!("review reference {n} does not exist (the review has {n_refs})"),
                    ));
                }
            }
        };
        for m in self.materials.values() {
            for (k, p) in &m.props {
                check_ref(&mut errs, &m.file, k, &p.source);
            }
            for (i, e) in m.effects.iter().enumerate() {
                check_ref(&mut errs, &m.file, &format!("effects[{i}]"), &e.source);
            }
            if let Some(c) = &m.lithium_counterpart {
                match self.get_class(c, Class::Cathode) {
                    Ok(li) if li.ion == super::Ion::Li => {}
                    Ok(_) => errs.push(InputError::new(
                        &m.file,
                        "lithium_counterpart",
                        format!("\"{c}\" is not a Li (ion = \"Li\") cathode"),
                    )),
                    Err(e) => errs.push(InputError::new(
                        &m.file,
                        "lithium_counterpart",
                        e.to_string(),
                    )),
                }
            }
            errs.extend(consistency(m));
        }
        for r in &self.table1 {
            let file = PathBuf::from("data/table1.toml");
            let ctx = |field: &str, msg: String| {
                InputError::new(&file, format!("row[{}].{field}", r.number), msg)
                    .at_line(Some(r.line))
            };
            if let Err(e) = self.get_class(&r.electrolyte, Class::Electrolyte) {
                errs.push(ctx("electrolyte", e.to_string()));
            }
            if let Err(e) = self.get_class(&r.cathode, Class::Cathode) {
                errs.push(ctx("cathode", e.to_string()));
            }
            for n in &r.negative {
                if let Err(e) = self.get(n) {
                    errs.push(ctx("negative", e.to_string()));
                }
            }
            for p in &r.performance {
                check_ref(
                    &mut errs,
                    &file,
                    &format!("row[{}].performance", r.number),
                    &p.source,
                );
            }
        }
        errs
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, String)>) -> Result<(), InputError> {
    let rd = std::fs::read_dir(dir)
        .map_err(|e| InputError::new(dir, "", format!("cannot read directory: {e}")))?;
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(root, &p, out)?;
        } else if p.extension().and_then(|e| e.to_str()) == Some("toml") {
            let rel = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((p, rel));
        }
    }
    Ok(())
}
