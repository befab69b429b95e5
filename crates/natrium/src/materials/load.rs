//! Reading one material file: every field checked, every error located by file, line and field.

use std::collections::BTreeMap;
use std::path::Path;

use toml::Spanned;

use super::fields::{families_of, fields_of, FieldSpec};
use super::value::RawValue;
use super::{
    Class, Effect, Ion, Material, Ocv, OcvSpec, OcvStep, Property, Provenance, Source, Statement,
};
use crate::error::{line_of, toml_error, InputError, InputErrors};
use crate::materials::Mechanism;
use crate::units::{self, dims, Dimension};

type Doc = BTreeMap<String, Spanned<toml::Value>>;

const HEADER: &[&str] = &[
    "id",
    "name",
    "formula",
    "class",
    "family",
    "aliases",
    "review_section",
    "note",
    "ion",
];
const STATEMENTS: &[&str] = &["na_compatibility", "ocv_description"];
const EFFECT_PROPERTIES: &[&str] = &[
    "nucleation_overpotential",
    "interfacial_resistance",
    "overpotential",
    "relative_density",
    "ionic_conductivity",
    "electronic_conductivity",
    "cycles",
    "capacity_retention",
    "critical_current_density",
    "dendrites",
    "capacity",
];

/// The key holding the source of a text statement (`ocv_description` → `ocv_source`).
fn source_key(statement: &str) -> String {
    match statement {
        "ocv_description" => "ocv_source".to_string(),
        other => format!("{other}_source"),
    }
}

struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
    /// The document with a span for every key and value, to locate keys inside tables.
    spans: Option<toml::de::DeTable<'a>>,
    errors: Vec<InputError>,
}

impl<'a> Ctx<'a> {
    fn line(&self, span: std::ops::Range<usize>) -> Option<usize> {
        Some(line_of(self.text, span.start))
    }
    /// Line of `key = …` inside the top-level table `table` (`[table]` or `table = { … }`), found
    /// from the parsed document's spans; falls back to the table's own line (`span`).
    fn line_of_key(&self, table: &str, span: std::ops::Range<usize>, key: &str) -> Option<usize> {
        let found = self.spans.as_ref().and_then(|doc| {
            let (_, t) = doc.iter().find(|(k, _)| k.get_ref().as_ref() == table)?;
            let v = t.get_ref().get(key)?;
            Some(line_of(self.text, v.span().start))
        });
        found.or_else(|| self.line(span))
    }
    /// Line of the `i`-th table of the array of tables `[[array]]` (falls back to `span`).
    fn line_of_element(
        &self,
        array: &str,
        span: std::ops::Range<usize>,
        i: usize,
    ) -> Option<usize> {
        let found = self.spans.as_ref().and_then(|doc| {
            let (_, a) = doc.iter().find(|(k, _)| k.get_ref().as_ref() == array)?;
            let e = a.get_ref().get(i)?;
            Some(line_of(self.text, e.span().start))
        });
        found.or_else(|| self.line(span))
    }
    fn err(&mut self, line: Option<usize>, field: &str, value: Option<&str>, msg: String) {
        let mut e = InputError::new(self.path, field, msg).at_line(line);
        if let Some(v) = value {
            e = e.with_value(v);
        }
        self.errors.push(e);
    }
}

fn take_str(ctx: &mut Ctx, doc: &Doc, key: &str, required: bool) -> Option<String> {
    match doc.get(key) {
        Some(v) => match v.get_ref().as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                let l = ctx.line(v.span());
                ctx.err(l, key, None, "expected a string".into());
                None
            }
        },
        None => {
            if required {
                ctx.err(None, key, None, "required field is missing".into());
            }
            None
        }
    }
}

fn to_source(ctx: &mut Ctx, v: &toml::Value, field: &str, line: Option<usize>) -> Option<Source> {
    match v.clone().try_into::<Source>() {
        Ok(s) => Some(s),
        Err(e) => {
            ctx.err(
                line,
                field,
                None,
                format!(
                    "invalid source ({}); expected {{ review = N, paper = \"...\", where = \"...\" }}",
                    e.message().trim()
                ),
            );
            None
        }
    }
}

/// Parse one material file.
pub fn parse_material(path: &Path, text: &str) -> Result<Material, InputErrors> {
    let doc: Doc = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
    let mut ctx = Ctx {
        path,
        text,
        spans: toml::de::DeTable::parse(text).ok().map(|d| d.into_inner()),
        errors: Vec::new(),
    };

    let id = take_str(&mut ctx, &doc, "id", true).unwrap_or_default();
    if !id.is_empty()
        && !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
    {
        let l = doc.get("id").and_then(|v| ctx.line(v.span()));
        ctx.err(
            l,
            "id",
            Some(&id),
            "ids are kebab-case: lowercase letters, digits, '-' and '.'".into(),
        );
    }
    let name = take_str(&mut ctx, &doc, "name", true).unwrap_or_default();
    let formula = take_str(&mut ctx, &doc, "formula", false);
    let class_s = take_str(&mut ctx, &doc, "class", true).unwrap_or_default();
    let class = Class::parse(&class_s);
    if class.is_none() && !class_s.is_empty() {
        let l = doc.get("class").and_then(|v| ctx.line(v.span()));
        let all: Vec<_> = Class::ALL.iter().map(|c| c.as_str()).collect();
        ctx.err(
            l,
            "class",
            Some(&class_s),
            format!("unknown class; expected one of {}", all.join(", ")),
        );
    }
    let family = take_str(&mut ctx, &doc, "family", true).unwrap_or_default();
    if let Some(c) = class {
        let fams = families_of(c);
        if !family.is_empty() && !fams.contains(&family.as_str()) {
            let l = doc.get("family").and_then(|v| ctx.line(v.span()));
            ctx.err(
                l,
                "family",
                Some(&family),
                format!(
                    "unknown family for class {c}; expected one of {}",
                    fams.join(", ")
                ),
            );
        }
    }
    let aliases = match doc.get("aliases") {
        Some(v) => match v.get_ref().as_array() {
            Some(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            None => {
                let l = ctx.line(v.span());
                ctx.err(l, "aliases", None, "expected an array of strings".into());
                Vec::new()
            }
        },
        None => Vec::new(),
    };
    let mechanisms = match doc.get("mechanisms") {
        Some(v) => {
            let l = ctx.line(v.span());
            match v.get_ref().as_array() {
                Some(a) => {
                    let mut out = Vec::new();
                    for x in a {
                        match x.as_str().and_then(Mechanism::parse) {
                            Some(m) => out.push(m),
                            None => ctx.err(
                                l,
                                "mechanisms",
                                x.as_str(),
                                format!(
                                    "unknown mechanism; expected {}",
                                    Mechanism::ALL
                                        .iter()
                                        .map(|m| m.as_str())
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            ),
                        }
                    }
                    out
                }
                None => {
                    ctx.err(l, "mechanisms", None, "expected an array of strings".into());
                    Vec::new()
                }
            }
        }
        None => Vec::new(),
    };
    let review_section = take_str(&mut ctx, &doc, "review_section", false);
    let note = take_str(&mut ctx, &doc, "note", false);
    let ion = match take_str(&mut ctx, &doc, "ion", false).as_deref() {
        None | Some("Na") => Ion::Na,
        Some("Li") => Ion::Li,
        Some(other) => {
            let l = doc.get("ion").and_then(|v| ctx.line(v.span()));
            ctx.err(l, "ion", Some(other), "expected \"Na\" or \"Li\"".into());
            Ion::Na
        }
    };

    let mut statements = BTreeMap::new();
    for key in STATEMENTS {
        if let Some(text) = take_str(&mut ctx, &doc, key, false) {
            let skey = source_key(key);
            let source = doc.get(&skey).and_then(|v| {
                let l = ctx.line(v.span());
                to_source(&mut ctx, v.get_ref(), &skey, l)
            });
            statements.insert(key.to_string(), Statement { text, source });
        }
    }
    let lithium_counterpart = take_str(&mut ctx, &doc, "lithium_counterpart", false);
    let applies_to = take_str(&mut ctx, &doc, "applies_to", false);
    if let Some(a) = &applies_to {
        if !["negative-interface", "electrolyte", "cathode-interface"].contains(&a.as_str()) {
            let l = doc.get("applies_to").and_then(|v| ctx.line(v.span()));
            ctx.err(
                l,
                "applies_to",
                Some(a),
                "expected negative-interface, electrolyte or cathode-interface".into(),
            );
        }
    }

    let specs: &[FieldSpec] = class.map(fields_of).unwrap_or(&[]);
    let mut props = BTreeMap::new();
    let mut ocv = None;
    let mut effects = Vec::new();
    for (key, v) in &doc {
        let k = key.as_str();
        if HEADER.contains(&k)
            || STATEMENTS.contains(&k)
            || STATEMENTS.iter().any(|st| source_key(st) == k)
            || k == "lithium_counterpart"
            || k == "applies_to"
            || k == "mechanisms"
            || k == "mechanisms_note"
        {
            continue;
        }
        if k == "ocv" {
            ocv = parse_ocv(&mut ctx, v);
            continue;
        }
        if k == "effects" {
            effects = parse_effects(&mut ctx, v);
            continue;
        }
        match specs.iter().find(|s| s.name == k) {
            Some(spec) => {
                if let Some(p) = parse_value(&mut ctx, spec, v) {
                    props.insert(k.to_string(), p);
                }
            }
            None => {
                if class.is_some() {
                    let l = ctx.line(v.span());
                    let names: Vec<&str> = specs.iter().map(|s| s.name).collect();
                    let hint = closest(k, &names)
                        .map(|c| format!(" (did you mean `{c}`?)"))
                        .unwrap_or_default();
                    ctx.err(
                        l,
                        k,
                        None,
                        format!(
                            "unknown field for class {}{hint}; known fields: {}",
                            class_s,
                            names.join(", ")
                        ),
                    );
                }
            }
        }
    }
    for spec in specs.iter().filter(|s| s.required) {
        if !props.contains_key(spec.name)
            && !ctx.errors.iter().any(|e| e.field.starts_with(spec.name))
        {
            ctx.err(
                None,
                spec.name,
                None,
                format!(
                    "required for class {class_s}: {} in {} (e.g. [{}] value = \"…\")",
                    spec.help, spec.unit, spec.name
                ),
            );
        }
    }

    if !ctx.errors.is_empty() {
        return Err(InputErrors(ctx.errors));
    }
    Ok(Material {
        id,
        name,
        formula,
        class: class.unwrap_or(Class::Electrolyte),
        family,
        aliases,
        review_section,
        note,
        ion,
        file: path.to_path_buf(),
        props,
        statements,
        lithium_counterpart,
        applies_to,
        mechanisms,
        ocv,
        effects,
    })
}

/// Closest name by Jaro–Winkler similarity (for "did you mean").
pub fn closest<'b>(word: &str, candidates: &[&'b str]) -> Option<&'b str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(s, _)| *s > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn check_provenance(
    ctx: &mut Ctx,
    field: &str,
    line: Option<usize>,
    prov: Provenance,
    source: &Option<Source>,
    note: &Option<String>,
) {
    let has_source = source.as_ref().is_some_and(|s| !s.is_empty());
    let has_note = note.as_ref().is_some_and(|n| !n.trim().is_empty());
    match prov {
        Provenance::Reported if !has_source => ctx.err(
            line,
            field,
            None,
            "a reported value needs `source = { review = N, paper = \"...\" }`; otherwise set provenance = \"derived\" or \"assumed\" with a note".into(),
        ),
        Provenance::Derived | Provenance::Assumed if !has_note => ctx.err(
            line,
            field,
            None,
            format!("a {} value needs a `note` saying how it was obtained", prov.as_str()),
        ),
        _ => {}
    }
}

fn parse_value(ctx: &mut Ctx, spec: &FieldSpec, v: &Spanned<toml::Value>) -> Option<Property> {
    let span = v.span();
    let line = ctx.line(span.clone());
    let raw: RawValue = match v.get_ref().clone().try_into() {
        Ok(r) => r,
        Err(e) => {
            let hint = if v.get_ref().is_str() {
                format!(
                    "; write a table: [{}] value = \"{}\" with a source",
                    spec.name,
                    v.get_ref().as_str().unwrap_or("")
                )
            } else if e.message().contains("expected a string") {
                format!(
                    "; the entries of [{}] are quoted strings (value = \"{}\", a quantity \
                     with its unit)",
                    spec.name,
                    spec.dims[0].example().unwrap_or("1 unit")
                )
            } else {
                String::new()
            };
            // name the entry of the table whose value the message quotes (e.g. an unknown
            // provenance or form), else the table
            let quoted = e.message().split('`').nth(1).unwrap_or("");
            let entry = v.get_ref().as_table().and_then(|t| {
                t.iter()
                    .find(|(_, x)| x.as_str() == Some(quoted))
                    .map(|(k, _)| k.clone())
            });
            let field = match &entry {
                Some(k) => format!("{}.{k}", spec.name),
                None => spec.name.to_string(),
            };
            ctx.err(
                line,
                &field,
                entry.as_ref().map(|_| quoted),
                format!("{}{hint}", e.message().trim()),
            );
            return None;
        }
    };
    let vline = ctx.line_of_key(spec.name, span.clone(), "value");
    let field = format!("{}.value", spec.name);
    let (si, dim) = match units::parse_any_of(&raw.value, spec.dims) {
        Ok(x) => x,
        Err(e) => {
            let msg = match e {
                units::UnitError::WrongDimension { found, .. } => {
                    let exp: Vec<String> = spec.dims.iter().map(|d| d.describe()).collect();
                    format!(
                        "is {}, expected {} (e.g. \"{}\")",
                        found.describe(),
                        exp.join(" or "),
                        spec.dims[0].example().unwrap_or(spec.unit)
                    )
                }
                other => other.to_string(),
            };
            ctx.err(vline, &field, Some(&raw.value), msg);
            return None;
        }
    };
    let canonical = to_canonical(si, dim, spec.dims[0]);
    if !(canonical >= spec.min && canonical <= spec.max) {
        let lo = units::format_sig(spec.min, spec.unit, 3).unwrap_or_default();
        let hi = units::format_sig(spec.max, spec.unit, 3).unwrap_or_default();
        ctx.err(
            vline,
            &field,
            Some(&raw.value),
            format!("outside the physical bounds of {} [{lo}, {hi}]", spec.help),
        );
    }
    let mut range = None;
    if let Some(r) = &raw.range {
        let rline = ctx.line_of_key(spec.name, span.clone(), "range");
        if r.len() != 2 {
            ctx.err(
                rline,
                &format!("{}.range", spec.name),
                None,
                "expected [low, high]".into(),
            );
        } else {
            let lo = units::parse_as(&r[0], dim);
            let hi = units::parse_as(&r[1], dim);
            match (lo, hi) {
                (Ok(a), Ok(b)) if a <= b => range = Some((a, b)),
                (Ok(_), Ok(_)) => ctx.err(
                    rline,
                    &format!("{}.range", spec.name),
                    None,
                    "low end is above the high end".into(),
                ),
                (Err(e), _) | (_, Err(e)) => {
                    ctx.err(rline, &format!("{}.range", spec.name), None, e.to_string())
                }
            }
        }
    }
    let mut at = None;
    if let Some(a) = &raw.at {
        let aline = ctx.line_of_key(spec.name, span.clone(), "at");
        match units::parse_as(a, dims::TEMPERATURE) {
            Ok(t) if t > 0.0 => at = Some(t),
            Ok(_) => ctx.err(
                aline,
                &format!("{}.at", spec.name),
                Some(a),
                "temperature below absolute zero".into(),
            ),
            Err(e) => ctx.err(aline, &format!("{}.at", spec.name), Some(a), e.to_string()),
        }
    }
    let mut sigma_t_form = None;
    match (&raw.form, spec.name) {
        (Some(f), "activation_energy") => match f.as_str() {
            "sigma" => sigma_t_form = Some(false),
            "sigma-t" => sigma_t_form = Some(true),
            other => ctx.err(
                ctx.line_of_key(spec.name, span.clone(), "form"),
                "activation_energy.form",
                Some(other),
                "expected \"sigma\" (σ = σ0·exp(−Ea/kT)) or \"sigma-t\" (σT = A·exp(−Ea/kT))"
                    .into(),
            ),
        },
        (None, "activation_energy") => ctx.err(
            line,
            "activation_energy.form",
            None,
            "say which Arrhenius form Ea was fitted with: form = \"sigma\" or \"sigma-t\"".into(),
        ),
        (Some(_), _) => ctx.err(
            line,
            &format!("{}.form", spec.name),
            None,
            "`form` is only meaningful for activation_energy".into(),
        ),
        (None, _) => {}
    }
    check_provenance(ctx, spec.name, line, raw.provenance, &raw.source, &raw.note);
    Some(Property {
        si,
        dim,
        text: raw.value.clone(),
        range,
        at,
        source: raw.source,
        provenance: raw.provenance,
        note: raw.note,
        sigma_t_form,
        line: vline,
    })
}

/// Convert an accepted alternative dimension to the canonical one (only J/mol → J for now).
fn to_canonical(si: f64, dim: Dimension, canonical: Dimension) -> f64 {
    if dim == dims::MOLAR_ENERGY && canonical == dims::ENERGY {
        si / crate::constants::AVOGADRO
    } else {
        si
    }
}

fn table_get<'t>(t: &'t toml::Table, k: &str) -> Option<&'t toml::Value> {
    t.get(k)
}

fn parse_ocv(ctx: &mut Ctx, v: &Spanned<toml::Value>) -> Option<Ocv> {
    let span = v.span();
    let line = ctx.line(span.clone());
    let Some(t) = v.get_ref().as_table() else {
        ctx.err(line, "ocv", None, "expected a table [ocv]".into());
        return None;
    };
    let known = [
        "model",
        "voltage",
        "slope",
        "wall",
        "edge",
        "edge_width",
        "base",
        "steps",
        "points",
        "source",
        "provenance",
        "note",
    ];
    for k in t.keys() {
        if !known.contains(&k.as_str()) {
            ctx.err(
                line,
                &format!("ocv.{k}"),
                None,
                format!("unknown key; known: {}", known.join(", ")),
            );
        }
    }
    let volt = |ctx: &mut Ctx, k: &str| -> Option<f64> {
        let s = table_get(t, k)?.as_str().map(str::to_string);
        let l = ctx.line_of_key("ocv", span.clone(), k);
        match s {
            Some(s) => match units::parse_as(&s, dims::VOLTAGE) {
                Ok(x) => Some(x),
                Err(e) => {
                    ctx.err(l, &format!("ocv.{k}"), Some(&s), e.to_string());
                    None
                }
            },
            None => {
                ctx.err(
                    l,
                    &format!("ocv.{k}"),
                    None,
                    "expected a voltage string like \"3.38 V\"".into(),
                );
                None
            }
        }
    };
    let model = table_get(t, "model").and_then(|m| m.as_str()).unwrap_or("");
    let spec = match model {
        "plateau" => {
            let voltage = volt(ctx, "voltage");
            let slope = if t.contains_key("slope") {
                volt(ctx, "slope")
            } else {
                Some(0.0)
            };
            let wall = if t.contains_key("wall") {
                volt(ctx, "wall")
            } else {
                Some(0.0)
            };
            let edge = if t.contains_key("edge") {
                volt(ctx, "edge")
            } else {
                Some(0.0)
            };
            let edge_width = match table_get(t, "edge_width") {
                None => Some(0.02),
                Some(w) => match num(w) {
                    Some(w) if w > 0.0 && w < 0.5 => Some(w),
                    _ => {
                        let l = ctx.line_of_key("ocv", span.clone(), "edge_width");
                        ctx.err(
                            l,
                            "ocv.edge_width",
                            None,
                            "expected a number in (0, 0.5) (fraction of the filling range)".into(),
                        );
                        None
                    }
                },
            };
            match (voltage, slope, wall, edge, edge_width) {
                (Some(voltage), Some(slope), Some(wall), Some(edge), Some(edge_width)) => {
                    Some(OcvSpec::Plateau {
                        voltage,
                        slope,
                        wall,
                        edge,
                        edge_width,
                    })
                }
                _ => None,
            }
        }
        "steps" => {
            let mut steps = Vec::new();
            match table_get(t, "steps").and_then(|s| s.as_array()) {
                Some(arr) => {
                    for (i, s) in arr.iter().enumerate() {
                        let st = s.as_table();
                        let x = st.and_then(|st| st.get("x")).and_then(num);
                        let w = st.and_then(|st| st.get("width")).and_then(num);
                        let h = st
                            .and_then(|st| st.get("height"))
                            .and_then(|h| h.as_str())
                            .and_then(|h| units::parse_as(h, dims::VOLTAGE).ok());
                        match (x, h, w) {
                            (Some(x), Some(height), Some(width))
                                if width > 0.0 && (0.0..=1.0).contains(&x) =>
                            {
                                steps.push(OcvStep { x, height, width })
                            }
                            _ => ctx.err(
                                ctx.line_of_key("ocv", span.clone(), "steps"),
                                &format!("ocv.steps[{i}]"),
                                None,
                                "expected { x = 0..1, height = \"0.3 V\", width = > 0 }".into(),
                            ),
                        }
                    }
                    Some(OcvSpec::Steps { steps })
                }
                None => {
                    ctx.err(
                        line,
                        "ocv.steps",
                        None,
                        "model \"steps\" needs steps = [{ x, height, width }, …]".into(),
                    );
                    None
                }
            }
        }
        "table" => match table_get(t, "points").and_then(|p| p.as_array()) {
            Some(arr) => {
                let mut pts = Vec::new();
                let mut bad = false;
                for p in arr {
                    match p.as_array().map(|a| a.iter().map(num).collect::<Vec<_>>()) {
                        Some(a) if a.len() == 2 && a[0].is_some() && a[1].is_some() => {
                            pts.push((a[0].unwrap_or(0.0), a[1].unwrap_or(0.0)))
                        }
                        _ => bad = true,
                    }
                }
                let pl = ctx.line_of_key("ocv", span.clone(), "points");
                if bad || pts.len() < 2 {
                    ctx.err(
                        pl,
                        "ocv.points",
                        None,
                        "expected at least two [x, volts] pairs of numbers".into(),
                    );
                    None
                } else {
                    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
                    if pts.windows(2).any(|w| w[1].0 <= w[0].0) {
                        ctx.err(
                            pl,
                            "ocv.points",
                            None,
                            "filling fractions x must be distinct".into(),
                        );
                    }
                    if pts
                        .iter()
                        .any(|p| !(0.0..=1.0).contains(&p.0) || !(0.0..=6.0).contains(&p.1))
                    {
                        ctx.err(
                            pl,
                            "ocv.points",
                            None,
                            "x must lie in [0, 1] and U in [0, 6] V".into(),
                        );
                    }
                    if pts.windows(2).any(|w| w[1].1 > w[0].1 + 1e-9) {
                        ctx.err(
                            pl,
                            "ocv.points",
                            None,
                            "U must not increase with Na filling x (1 = fully sodiated, lowest voltage)".into(),
                        );
                    }
                    Some(OcvSpec::Table { points: pts })
                }
            }
            None => {
                ctx.err(
                    line,
                    "ocv.points",
                    None,
                    "model \"table\" needs points = [[x, U], …]".into(),
                );
                None
            }
        },
        other => {
            ctx.err(
                ctx.line_of_key("ocv", span.clone(), "model"),
                "ocv.model",
                Some(other),
                "expected \"plateau\", \"steps\" or \"table\"".into(),
            );
            None
        }
    };
    let base = if t.contains_key("base") {
        volt(ctx, "base").unwrap_or(0.0)
    } else {
        0.0
    };
    let provenance = match table_get(t, "provenance").and_then(|p| p.as_str()) {
        None | Some("reported") => Provenance::Reported,
        Some("derived") => Provenance::Derived,
        Some("assumed") => Provenance::Assumed,
        Some(o) => {
            ctx.err(
                line,
                "ocv.provenance",
                Some(o),
                "expected reported, derived or assumed".into(),
            );
            Provenance::Assumed
        }
    };
    let source = table_get(t, "source").and_then(|s| to_source(ctx, s, "ocv.source", line));
    let note = table_get(t, "note")
        .and_then(|n| n.as_str())
        .map(str::to_string);
    check_provenance(ctx, "ocv", line, provenance, &source, &note);
    spec.map(|spec| Ocv {
        spec,
        base,
        provenance,
        source,
        note,
    })
}

fn num(v: &toml::Value) -> Option<f64> {
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

fn parse_effects(ctx: &mut Ctx, v: &Spanned<toml::Value>) -> Vec<Effect> {
    let span = v.span();
    let line = ctx.line(span.clone());
    let Some(arr) = v.get_ref().as_array() else {
        ctx.err(line, "effects", None, "expected [[effects]] tables".into());
        return Vec::new();
    };
    let known = [
        "property",
        "without",
        "with",
        "current_density",
        "pressure",
        "temperature",
        "conditions",
        "source",
        "note",
        "provenance",
    ];
    let mut out = Vec::new();
    for (i, e) in arr.iter().enumerate() {
        let field = format!("effects[{i}]");
        let line = ctx.line_of_element("effects", span.clone(), i);
        let Some(t) = e.as_table() else {
            ctx.err(line, &field, None, "expected a table".into());
            continue;
        };
        for k in t.keys() {
            if !known.contains(&k.as_str()) {
                ctx.err(
                    line,
                    &format!("{field}.{k}"),
                    None,
                    format!("unknown key; known: {}", known.join(", ")),
                );
            }
        }
        let property = t
            .get("property")
            .and_then(|p| p.as_str())
            .unwrap_or("")
            .to_string();
        if !EFFECT_PROPERTIES.contains(&property.as_str()) {
            ctx.err(
                line,
                &format!("{field}.property"),
                Some(&property),
                format!("expected one of {}", EFFECT_PROPERTIES.join(", ")),
            );
        }
        let mut q = |k: &str, dim: Option<Dimension>| -> (Option<f64>, Option<String>) {
            let Some(val) = t.get(k) else {
                return (None, None);
            };
            let s = match val {
                toml::Value::String(s) => s.clone(),
                other => match num(other) {
                    Some(x) => x.to_string(),
                    None => {
                        ctx.err(
                            line,
                            &format!("{field}.{k}"),
                            None,
                            "expected a quantity string or number".into(),
                        );
                        return (None, None);
                    }
                },
            };
            let parsed = match dim {
                Some(d) => units::parse_as(&s, d),
                None => units::parse_quantity(&s).map(|q| q.value),
            };
            match parsed {
                Ok(x) => (Some(x), Some(s)),
                Err(e) => {
                    ctx.err(line, &format!("{field}.{k}"), Some(&s), e.to_string());
                    (None, Some(s))
                }
            }
        };
        let (without, without_text) = q("without", None);
        let (with, with_text) = q("with", None);
        let (current_density, _) = q("current_density", Some(dims::CURRENT_DENSITY));
        let (pressure, _) = q("pressure", Some(dims::PRESSURE));
        let (temperature, _) = q("temperature", Some(dims::TEMPERATURE));
        // without and with must share a dimension
        if let (Some(a), Some(b)) = (&without_text, &with_text) {
            let da = units::parse_quantity(a).map(|q| q.dim);
            let db = units::parse_quantity(b).map(|q| q.dim);
            if let (Ok(da), Ok(db)) = (da, db) {
                if da != db {
                    ctx.err(
                        line,
                        &field,
                        None,
                        format!(
                            "`without` ({}) and `with` ({}) have different dimensions",
                            da.describe(),
                            db.describe()
                        ),
                    );
                }
            }
        }
        let source = t
            .get("source")
            .and_then(|s| to_source(ctx, s, &format!("{field}.source"), line));
        let note = t.get("note").and_then(|n| n.as_str()).map(str::to_string);
        let prov = match t.get("provenance").and_then(|p| p.as_str()) {
            Some("derived") => Provenance::Derived,
            Some("assumed") => Provenance::Assumed,
            _ => Provenance::Reported,
        };
        check_provenance(ctx, &field, line, prov, &source, &note);
        out.push(Effect {
            property,
            without,
            with,
            without_text,
            with_text,
            current_density,
            pressure,
            temperature,
            conditions: t
                .get("conditions")
                .and_then(|c| c.as_str())
                .map(str::to_string),
            source,
            note,
        });
    }
    out
}
