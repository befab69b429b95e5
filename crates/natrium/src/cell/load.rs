//! Validation of a cell design: every problem reported with file, line, field, value and the
//! expectation; warnings kept for physically questionable but runnable designs.

use std::path::Path;

use toml::Spanned;

use super::composite::{from_weights, Fractions, DEFAULT_PERCOLATION_THRESHOLD};
use super::raw::{RawCathode, RawCell, RawLayer, S};
use super::{Cathode, CellSpec, CellType, Fixture, ForecastOptions, Layer, Negative, Separator};
use crate::constants::T_REF;
use crate::error::{line_of, toml_error, InputError, InputErrors};
use crate::materials::{Class, Database, Material};
use crate::units::{self, dims, Dimension};

struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
    db: &'a Database,
    errors: Vec<InputError>,
    warnings: Vec<InputError>,
}

impl<'a> Ctx<'a> {
    fn line<T>(&self, s: &Spanned<T>) -> Option<usize> {
        Some(line_of(self.text, s.span().start))
    }
    fn error(
        &mut self,
        line: Option<usize>,
        field: &str,
        value: Option<&str>,
        msg: impl Into<String>,
    ) {
        let mut e = InputError::new(self.path, field, msg).at_line(line);
        if let Some(v) = value {
            e = e.with_value(v);
        }
        self.errors.push(e);
    }
    fn warn(&mut self, line: Option<usize>, field: &str, msg: impl Into<String>) {
        self.warnings
            .push(InputError::new(self.path, field, msg).at_line(line));
    }

    /// Parse a quantity, recording an error; `None` on failure.
    fn q(&mut self, s: &S, field: &str, dim: Dimension) -> Option<f64> {
        match units::parse_as(s.get_ref(), dim) {
            Ok(v) => Some(v),
            Err(e) => {
                let l = self.line(s);
                let msg = match e {
                    units::UnitError::WrongDimension {
                        found, expected, ..
                    } => format!(
                        "is {}, expected {}{}",
                        found.describe(),
                        expected.describe(),
                        expected
                            .example()
                            .map(|x| format!(" such as \"{x}\""))
                            .unwrap_or_default()
                    ),
                    units::UnitError::MissingUnit { expected, .. } => format!(
                        "has no unit; expected {}{}",
                        expected.describe(),
                        expected
                            .example()
                            .map(|x| format!(" such as \"{x}\""))
                            .unwrap_or_default()
                    ),
                    other => other.to_string(),
                };
                self.error(l, field, Some(s.get_ref()), msg);
                None
            }
        }
    }

    /// A strictly positive quantity.
    fn positive(&mut self, s: &S, field: &str, dim: Dimension) -> Option<f64> {
        let v = self.q(s, field, dim)?;
        if v <= 0.0 {
            let l = self.line(s);
            self.error(l, field, Some(s.get_ref()), "must be positive");
            return None;
        }
        Some(v)
    }

    /// A fraction in [0, 1] (given as "10 %" or 0.1).
    fn fraction(&mut self, s: &S, field: &str, max: f64) -> Option<f64> {
        let v = self.q(s, field, dims::DIMENSIONLESS)?;
        if !(0.0..=max).contains(&v) {
            let l = self.line(s);
            self.error(
                l,
                field,
                Some(s.get_ref()),
                format!("must lie between 0 and {} %", max * 100.0),
            );
            return None;
        }
        Some(v)
    }

    fn material(&mut self, s: &S, field: &str, class: Class) -> Option<Material> {
        match self.db.get_class(s.get_ref(), class) {
            Ok(m) => Some(m.clone()),
            Err(e) => {
                let l = self.line(s);
                self.error(l, field, Some(s.get_ref()), e.to_string());
                None
            }
        }
    }

    fn treatments(&mut self, list: &Option<Vec<S>>, field: &str) -> Vec<Material> {
        let mut out = Vec::new();
        for t in list.iter().flatten() {
            match self.db.get(t.get_ref()) {
                Ok(m) if matches!(m.class, Class::Treatment | Class::Interlayer) => {
                    out.push(m.clone())
                }
                Ok(m) => {
                    let l = self.line(t);
                    self.error(
                        l,
                        field,
                        Some(t.get_ref()),
                        format!("is a {}, expected a treatment or interlayer", m.class),
                    );
                }
                Err(e) => {
                    let l = self.line(t);
                    self.error(l, field, Some(t.get_ref()), e.to_string());
                }
            }
        }
        out
    }

    fn layer(
        &mut self,
        raw: &Spanned<RawLayer>,
        field: &str,
        class: Class,
        default_thickness: Option<f64>,
    ) -> Option<Layer> {
        let r = raw.get_ref();
        let material = self.material(&r.material, &format!("{field}.material"), class);
        let thickness = match &r.thickness {
            Some(t) => self.positive(t, &format!("{field}.thickness"), dims::LENGTH),
            None => match default_thickness
                .or_else(|| material.as_ref().and_then(|m| m.si("thickness")))
            {
                Some(t) => Some(t),
                None => {
                    let l = self.line(raw);
                    self.error(
                        l,
                        &format!("{field}.thickness"),
                        None,
                        "missing; give a thickness such as \"10 um\"",
                    );
                    None
                }
            },
        };
        let porosity = match &r.porosity {
            Some(p) => self.fraction(p, &format!("{field}.porosity"), 0.99)?,
            None => material
                .as_ref()
                .and_then(|m| m.si("porosity"))
                .unwrap_or(0.0),
        };
        if r.relative_density.is_some() {
            let l = self.line(raw);
            self.error(
                l,
                &format!("{field}.relative_density"),
                None,
                "only the separator has a relative density",
            );
        }
        let treatments = self.treatments(&r.treatments, &format!("{field}.treatments"));
        Some(Layer {
            material: material?,
            thickness: thickness?,
            porosity,
            treatments,
        })
    }
}

fn parse_ratio(s: &str) -> Result<Vec<f64>, String> {
    let parts: Vec<&str> = s.split(':').map(str::trim).collect();
    let mut out = Vec::new();
    for p in &parts {
        match p.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => out.push(v),
            _ => {
                return Err(format!(
                    "\"{p}\" is not a non-negative number; expected a ratio like \"65:20:5:10\""
                ))
            }
        }
    }
    Ok(out)
}

fn cathode(ctx: &mut Ctx, raw: &Spanned<RawCathode>) -> Option<Cathode> {
    let r = raw.get_ref();
    let line = ctx.line(raw);
    let active = ctx.material(&r.active, "cathode.active", Class::Cathode);
    let electrolyte = ctx.material(&r.electrolyte, "cathode.electrolyte", Class::Electrolyte);
    let carbon = r
        .carbon
        .as_ref()
        .and_then(|c| ctx.material(c, "cathode.carbon", Class::Additive));
    let binder = r
        .binder
        .as_ref()
        .and_then(|b| ctx.material(b, "cathode.binder", Class::Additive));
    let porosity = match &r.porosity {
        Some(p) => ctx.fraction(p, "cathode.porosity", 0.9),
        None => {
            ctx.warn(
                line,
                "cathode.porosity",
                "not given; assumed 0 % (a fully dense composite)",
            );
            Some(0.0)
        }
    };
    let density = |m: &Option<Material>| m.as_ref().and_then(|m| m.si("density"));
    let fractions: Option<Fractions> = match (&r.weight_ratio, &r.volume_fractions) {
        (Some(_), Some(v)) => {
            let l = ctx.line(v);
            ctx.error(
                l,
                "cathode",
                None,
                "give either weight_ratio or volume_fractions, not both",
            );
            None
        }
        (None, None) => {
            ctx.error(line, "cathode.weight_ratio", None, "missing: give weight_ratio = \"65:20:5:10\" (active:electrolyte:carbon:binder) or [cathode.volume_fractions]");
            None
        }
        (Some(w), None) => match parse_ratio(w.get_ref()) {
            Err(m) => {
                let l = ctx.line(w);
                ctx.error(l, "cathode.weight_ratio", Some(w.get_ref()), m);
                None
            }
            Ok(v) => {
                let expected = 2 + carbon.is_some() as usize + binder.is_some() as usize;
                let l = ctx.line(w);
                if v.len() != expected {
                    ctx.error(
                        l,
                        "cathode.weight_ratio",
                        Some(w.get_ref()),
                        format!(
                            "has {} parts but the composite has {expected} components (active:electrolyte{}{})",
                            v.len(),
                            if carbon.is_some() { ":carbon" } else { "" },
                            if binder.is_some() { ":binder" } else { "" }
                        ),
                    );
                    None
                } else if v[0] <= 0.0 || v[1] <= 0.0 {
                    ctx.error(
                        l,
                        "cathode.weight_ratio",
                        Some(w.get_ref()),
                        "active material and electrolyte parts must be positive",
                    );
                    None
                } else {
                    let total: f64 = v.iter().sum();
                    if (total - 100.0).abs() > 1e-9
                        && (total - 1.0).abs() > 1e-9
                        && (total - 100.0).abs() < 5.0
                    {
                        ctx.warn(l, "cathode.weight_ratio", format!("parts add up to {total}, not 100; treated as a ratio and normalised"));
                    }
                    let mut w4 = [v[0], v[1], 0.0, 0.0];
                    let mut k = 2;
                    if carbon.is_some() {
                        w4[2] = v[k];
                        k += 1;
                    }
                    if binder.is_some() {
                        w4[3] = v[k];
                    }
                    let rho = [
                        density(&active),
                        density(&electrolyte),
                        density(&carbon),
                        density(&binder),
                    ];
                    match (rho, porosity) {
                        ([Some(a), Some(e), c, b], Some(eps)) => {
                            if electrolyte
                                .as_ref()
                                .is_some_and(|m| m.si("density").is_none())
                            {
                                None
                            } else {
                                Some(from_weights(
                                    w4,
                                    [a, e, c.unwrap_or(1.0), b.unwrap_or(1.0)],
                                    eps,
                                ))
                            }
                        }
                        ([_, None, _, _], _) => {
                            ctx.error(line, "cathode.electrolyte", Some(r.electrolyte.get_ref()), "has no density in the database, so a weight ratio cannot be converted; give volume_fractions instead");
                            None
                        }
                        _ => None,
                    }
                }
            }
        },
        (None, Some(vf)) => {
            let v = vf.get_ref();
            let a = ctx.fraction(&v.active, "cathode.volume_fractions.active", 1.0);
            let e = ctx.fraction(&v.electrolyte, "cathode.volume_fractions.electrolyte", 1.0);
            let c = match &v.carbon {
                Some(c) => ctx.fraction(c, "cathode.volume_fractions.carbon", 1.0),
                None => Some(0.0),
            };
            let b = match &v.binder {
                Some(b) => ctx.fraction(b, "cathode.volume_fractions.binder", 1.0),
                None => Some(0.0),
            };
            if v.carbon.is_some() != carbon.is_some() || v.binder.is_some() != binder.is_some() {
                let l = ctx.line(vf);
                ctx.error(
                    l,
                    "cathode.volume_fractions",
                    None,
                    "give a fraction for exactly the components named (carbon, binder)",
                );
            }
            match (a, e, c, b, porosity) {
                (Some(a), Some(e), Some(c), Some(b), Some(eps)) => {
                    let f = Fractions {
                        active: a,
                        electrolyte: e,
                        carbon: c,
                        binder: b,
                        porosity: eps,
                    };
                    let sum = f.sum();
                    if (sum - 1.0).abs() > 5e-3 {
                        let l = ctx.line(vf);
                        ctx.error(
                            l,
                            "cathode.volume_fractions",
                            None,
                            format!(
                                "fractions do not add up: active {:.3} + electrolyte {:.3} + carbon {:.3} + binder {:.3} + porosity {:.3} = {:.3}, expected 1",
                                a, e, c, b, eps, sum
                            ),
                        );
                        None
                    } else {
                        Some(f)
                    }
                }
                _ => None,
            }
        }
    };
    let phi_c = match &r.percolation_threshold {
        Some(p) => ctx.fraction(p, "cathode.percolation_threshold", 0.9),
        None => Some(DEFAULT_PERCOLATION_THRESHOLD),
    };
    if let (Some(f), Some(pc)) = (fractions, phi_c) {
        if f.electrolyte <= pc {
            ctx.error(
                line,
                "cathode",
                None,
                format!(
                    "solid-electrolyte volume fraction {:.3} is at or below the percolation threshold {:.3}: the composite has no continuous ionic path (raise the electrolyte share or lower percolation_threshold if you have measured it)",
                    f.electrolyte, pc
                ),
            );
        } else if f.electrolyte < pc + 0.05 {
            ctx.warn(
                line,
                "cathode",
                format!(
                    "solid-electrolyte volume fraction {:.3} is within 0.05 of the percolation threshold {:.3}: effective ionic conductivity is {:.1e} of bulk",
                    f.electrolyte,
                    pc,
                    super::composite::percolation_factor(f.electrolyte, pc, super::DEFAULT_PERCOLATION_EXPONENT)
                ),
            );
        }
    }
    // specific capacity
    let (specific_capacity, basis) = match (&r.specific_capacity, &active) {
        (Some(s), _) => (
            ctx.positive(s, "cathode.specific_capacity", dims::SPECIFIC_CAPACITY),
            "given in the cell file".to_string(),
        ),
        (None, Some(m)) => match (m.prop("practical_capacity"), m.prop("theoretical_capacity")) {
            (Some(p), _) => (
                Some(p.si),
                format!("practical capacity of {} ({})", m.id, p.provenance_label()),
            ),
            (None, Some(t)) => (
                Some(t.si),
                format!(
                    "theoretical capacity of {} ({})",
                    m.id,
                    t.provenance_label()
                ),
            ),
            _ => (None, String::new()),
        },
        _ => (None, String::new()),
    };
    // exactly one of thickness / loading / areal_capacity
    let given = [
        r.thickness.is_some(),
        r.loading.is_some(),
        r.areal_capacity.is_some(),
    ];
    let n_given = given.iter().filter(|g| **g).count();
    if n_given != 1 {
        ctx.error(
            line,
            "cathode",
            None,
            format!("give exactly one of thickness, loading or areal_capacity ({n_given} given)"),
        );
    }
    let rho_am = density(&active);
    let thickness = if let Some(t) = &r.thickness {
        ctx.positive(t, "cathode.thickness", dims::LENGTH)
    } else if let Some(l) = &r.loading {
        let m = ctx.positive(l, "cathode.loading", dims::AREAL_MASS);
        match (m, fractions, rho_am) {
            (Some(m), Some(f), Some(rho)) => Some(m / (f.active * rho)),
            _ => None,
        }
    } else if let Some(q) = &r.areal_capacity {
        let qa = ctx.positive(q, "cathode.areal_capacity", dims::AREAL_CAPACITY);
        match (qa, specific_capacity, fractions, rho_am) {
            (Some(qa), Some(sc), Some(f), Some(rho)) => Some(qa / sc / (f.active * rho)),
            _ => None,
        }
    } else {
        None
    };
    if let (Some(t), Some(_)) = (thickness, fractions) {
        if t > 2e-3 {
            ctx.warn(
                line,
                "cathode.thickness",
                format!(
                    "{:.0} um is unusually thick for a composite cathode",
                    t * 1e6
                ),
            );
        }
    }
    let treatments = ctx.treatments(&r.treatments, "cathode.treatments");
    Some(Cathode {
        active: active?,
        electrolyte: electrolyte?,
        carbon,
        binder,
        fractions: fractions?,
        thickness: thickness?,
        specific_capacity: specific_capacity?,
        capacity_basis: basis,
        percolation_threshold: phi_c?,
        treatments,
    })
}

/// Parse and validate a cell design.
pub fn parse_cell(path: &Path, text: &str, db: &Database) -> Result<CellSpec, InputErrors> {
    let raw: RawCell = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
    let mut ctx = Ctx {
        path,
        text,
        db,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let kind = match &raw.kind {
        Some(k) => match CellType::parse(k.get_ref()) {
            Some(t) => t,
            None => {
                let l = ctx.line(k);
                ctx.error(
                    l,
                    "type",
                    Some(k.get_ref()),
                    "expected anode-free, na-metal, symmetric or deposition",
                );
                CellType::AnodeFree
            }
        },
        None => CellType::AnodeFree,
    };
    let area = match &raw.area {
        Some(a) => ctx.positive(a, "area", dims::AREA).unwrap_or(1e-4),
        None => 1e-4,
    };
    let temperature = match &raw.temperature {
        Some(t) => ctx.q(t, "temperature", dims::TEMPERATURE).unwrap_or(T_REF),
        None => T_REF,
    };
    if temperature < 150.0 {
        let l = raw.temperature.as_ref().and_then(|t| ctx.line(t));
        ctx.error(
            l,
            "temperature",
            raw.temperature.as_ref().map(|t| t.get_ref().as_str()),
            "below 150 K: outside the range natrium's property data covers",
        );
    }
    let stack_pressure = match &raw.stack_pressure {
        Some(p) => ctx.q(p, "stack_pressure", dims::PRESSURE).unwrap_or(0.0),
        None => 0.0,
    };
    if stack_pressure < 0.0 {
        let l = raw.stack_pressure.as_ref().and_then(|p| ctx.line(p));
        ctx.error(
            l,
            "stack_pressure",
            raw.stack_pressure.as_ref().map(|p| p.get_ref().as_str()),
            "must not be negative",
        );
    }
    let fixture = match &raw.fixture {
        None => Fixture::ConstantPressure,
        Some(f) => {
            let fr = f.get_ref();
            match fr.kind.get_ref().as_str() {
                "constant-pressure" => Fixture::ConstantPressure,
                "fixed-gap" => match &fr.stiffness {
                    Some(s) => Fixture::FixedGap {
                        stiffness: ctx
                            .positive(s, "fixture.stiffness", dims::AREAL_STIFFNESS)
                            .unwrap_or(1e10),
                    },
                    None => {
                        let l = ctx.line(f);
                        ctx.error(
                            l,
                            "fixture.stiffness",
                            None,
                            "a fixed-gap fixture needs its areal stiffness, e.g. \"1e10 Pa/m\"",
                        );
                        Fixture::ConstantPressure
                    }
                },
                other => {
                    let l = ctx.line(&fr.kind);
                    ctx.error(
                        l,
                        "fixture.kind",
                        Some(other),
                        "expected constant-pressure or fixed-gap",
                    );
                    Fixture::ConstantPressure
                }
            }
        }
    };

    let positive_collector = raw
        .positive_collector
        .as_ref()
        .and_then(|l| ctx.layer(l, "positive_collector", Class::Collector, None));
    let cathode_spec = raw.cathode.as_ref().and_then(|c| cathode(&mut ctx, c));
    let separator = match &raw.separator {
        Some(s) => {
            let r = s.get_ref();
            let material = ctx.material(&r.material, "separator.material", Class::Electrolyte);
            let thickness = match &r.thickness {
                Some(t) => ctx.positive(t, "separator.thickness", dims::LENGTH),
                None => {
                    let l = ctx.line(s);
                    ctx.error(
                        l,
                        "separator.thickness",
                        None,
                        "missing; give e.g. thickness = \"30 um\"",
                    );
                    None
                }
            };
            let relative_density = match &r.relative_density {
                Some(rd) => ctx.fraction(rd, "separator.relative_density", 1.0),
                None => Some(
                    material
                        .as_ref()
                        .and_then(|m| m.si("relative_density"))
                        .unwrap_or(1.0),
                ),
            };
            if let Some(rd) = relative_density {
                if rd < 0.5 {
                    let l = ctx.line(s);
                    ctx.error(
                        l,
                        "separator.relative_density",
                        None,
                        format!(
                            "{:.0} % is too porous for a separator (open porosity lets Na through)",
                            rd * 100.0
                        ),
                    );
                }
            }
            let treatments = ctx.treatments(&r.treatments, "separator.treatments");
            match (material, thickness, relative_density) {
                (Some(material), Some(thickness), Some(relative_density)) => Some(Separator {
                    material,
                    thickness,
                    relative_density,
                    treatments,
                }),
                _ => None,
            }
        }
        None => {
            ctx.error(
                None,
                "separator",
                None,
                "every cell needs a [separator] with material and thickness",
            );
            None
        }
    };
    let interlayer = raw.interlayer.as_ref().and_then(|l| {
        let r = l.get_ref();
        match ctx.db.get(r.material.get_ref()) {
            Ok(m) if m.class == Class::Interlayer => {
                ctx.layer(l, "interlayer", Class::Interlayer, None)
            }
            Ok(m) => {
                let line = ctx.line(&r.material);
                ctx.error(
                    line,
                    "interlayer.material",
                    Some(r.material.get_ref()),
                    format!("is a {}, expected an interlayer", m.class),
                );
                None
            }
            Err(e) => {
                let line = ctx.line(&r.material);
                ctx.error(
                    line,
                    "interlayer.material",
                    Some(r.material.get_ref()),
                    e.to_string(),
                );
                None
            }
        }
    });
    let negative_collector = raw
        .negative_collector
        .as_ref()
        .and_then(|l| ctx.layer(l, "negative_collector", Class::Collector, None));
    let counter_electrode = raw
        .counter_electrode
        .as_ref()
        .and_then(|l| ctx.layer(l, "counter_electrode", Class::Metal, None));

    // negative metal and its initial amount
    let metal_id = raw
        .negative
        .as_ref()
        .and_then(|n| n.get_ref().metal.as_ref())
        .cloned();
    let metal = match &metal_id {
        Some(m) => ctx.material(m, "negative.metal", Class::Metal),
        None => db.get_class("na", Class::Metal).ok().cloned(),
    };
    let vm = metal
        .as_ref()
        .map(super::metal_molar_volume)
        .unwrap_or(super::NA_MOLAR_VOLUME);
    let mut initial_thickness = 0.0;
    if let Some(n) = &raw.negative {
        let r = n.get_ref();
        match (&r.excess, &r.sodium_thickness) {
            (Some(_), Some(_)) => {
                let l = ctx.line(n);
                ctx.error(
                    l,
                    "negative",
                    None,
                    "give either excess or sodium_thickness, not both",
                );
            }
            (Some(e), None) => {
                if let Some(x) = ctx.q(e, "negative.excess", dims::DIMENSIONLESS) {
                    if x < 0.0 {
                        let l = ctx.line(e);
                        ctx.error(
                            l,
                            "negative.excess",
                            Some(e.get_ref()),
                            "must not be negative (0 % = anode-free)",
                        );
                    } else if let Some(c) = &cathode_spec {
                        initial_thickness = x * c.areal_capacity() * vm / crate::constants::FARADAY;
                    } else if x > 0.0 {
                        let l = ctx.line(e);
                        ctx.error(l, "negative.excess", Some(e.get_ref()), "an excess relative to the cathode capacity needs a cathode; use sodium_thickness");
                    }
                }
            }
            (None, Some(t)) => {
                if let Some(v) = ctx.q(t, "negative.sodium_thickness", dims::LENGTH) {
                    if v < 0.0 {
                        let l = ctx.line(t);
                        ctx.error(
                            l,
                            "negative.sodium_thickness",
                            Some(t.get_ref()),
                            "must not be negative",
                        );
                    } else {
                        initial_thickness = v;
                    }
                }
            }
            (None, None) => {}
        }
    }

    // per-type requirements
    let need = |ctx: &mut Ctx, present: bool, what: &str| {
        if !present {
            ctx.error(
                None,
                what,
                None,
                format!("required for a {} cell", kind.as_str()),
            );
        }
    };
    match kind {
        CellType::AnodeFree => {
            need(&mut ctx, raw.cathode.is_some(), "cathode");
            need(
                &mut ctx,
                raw.negative_collector.is_some(),
                "negative_collector",
            );
            need(
                &mut ctx,
                raw.positive_collector.is_some(),
                "positive_collector",
            );
            if initial_thickness > 0.0 {
                let l = raw.negative.as_ref().and_then(|n| ctx.line(n));
                ctx.error(l, "negative", None, "an anode-free cell starts with no sodium on the collector; use type = \"na-metal\" for a cell with excess sodium");
            }
            if let Some(c) = &cathode_spec {
                if c.active.made_charged() {
                    let l = raw.cathode.as_ref().and_then(|c| ctx.line(c));
                    ctx.warn(l, "cathode.active", format!("{} is made in its charged state and holds no cyclable sodium: an anode-free cell needs it pre-sodiated or a Na source (the forecast adds the Na mass)", c.active.id));
                }
            }
        }
        CellType::NaMetal => {
            need(&mut ctx, raw.cathode.is_some(), "cathode");
            if initial_thickness <= 0.0 {
                ctx.error(None, "negative", None, "a na-metal cell needs sodium at assembly: [negative] excess = \"100 %\" or sodium_thickness = \"50 um\"");
            }
        }
        CellType::Symmetric => {
            need(
                &mut ctx,
                raw.counter_electrode.is_some(),
                "counter_electrode",
            );
            if initial_thickness <= 0.0 {
                ctx.error(None, "negative.sodium_thickness", None, "a symmetric cell needs sodium on both sides: [negative] sodium_thickness = \"100 um\"");
            }
        }
        CellType::Deposition => {
            need(
                &mut ctx,
                raw.negative_collector.is_some(),
                "negative_collector",
            );
            need(
                &mut ctx,
                raw.counter_electrode.is_some(),
                "counter_electrode",
            );
        }
    }
    if !kind.is_full_cell() && raw.cathode.is_some() {
        let l = raw.cathode.as_ref().and_then(|c| ctx.line(c));
        ctx.error(
            l,
            "cathode",
            None,
            format!("a {} cell has no cathode", kind.as_str()),
        );
    }

    // sodium melts at 97.8 °C
    if let Some(m) = &metal {
        if let Some(tm) = m.si("melting_point") {
            if temperature >= tm {
                let l = raw.temperature.as_ref().and_then(|t| ctx.line(t));
                ctx.error(
                    l,
                    "temperature",
                    raw.temperature.as_ref().map(|t| t.get_ref().as_str()),
                    format!(
                        "{} melts at {}: the solid-state (solid metal) model is invalid at or above it",
                        m.name,
                        units::format_sig(tm, "degC", 4).unwrap_or_default()
                    ),
                );
            }
        }
    }

    // cathode window vs electrolyte stability window (warnings)
    if let (Some(c), Some(sep)) = (&cathode_spec, &separator) {
        for el in [&c.electrolyte, &sep.material] {
            if let (Some(vmax), Some(ox)) = (c.active.si("voltage_max"), el.si("oxidation_limit")) {
                if vmax > ox {
                    let l = raw.cathode.as_ref().and_then(|c| ctx.line(c));
                    ctx.warn(
                        l,
                        "cathode.active",
                        format!(
                            "upper cut-off {:.2} V of {} exceeds the oxidation limit {:.2} V of {}: expect electrolyte oxidation",
                            vmax, c.active.id, ox, el.id
                        ),
                    );
                }
            }
        }
        if let Some(red) = sep.material.si("reduction_limit") {
            if red > 0.0 {
                let l = raw.separator.as_ref().and_then(|s| ctx.line(s));
                ctx.warn(
                    l,
                    "separator.material",
                    format!("{} is reduced below {:.2} V vs Na+/Na: Na metal at 0 V forms an interphase", sep.material.id, red),
                );
            }
        }
    }

    // forecast options
    let mut forecast = ForecastOptions::default();
    if let Some(f) = &raw.forecast {
        let fr = f.get_ref();
        if let Some(ce) = &fr.coulombic_efficiency {
            if let Some(v) = ctx.fraction(ce, "forecast.coulombic_efficiency", 1.0) {
                forecast.coulombic_efficiency = v;
                forecast.coulombic_efficiency_note = fr
                    .coulombic_efficiency_note
                    .clone()
                    .unwrap_or_else(|| "given in the cell file".into());
            }
        }
        if let Some(ce) = &fr.first_cycle_efficiency {
            if let Some(v) = ctx.fraction(ce, "forecast.first_cycle_efficiency", 1.0) {
                forecast.first_cycle_efficiency = v;
                forecast.first_cycle_efficiency_note = fr
                    .first_cycle_efficiency_note
                    .clone()
                    .unwrap_or_else(|| "given in the cell file".into());
            }
        }
        if let Some(m) = &fr.mass_factor {
            if let Some(v) = ctx.fraction(m, "forecast.mass_factor", 1.0) {
                forecast.mass_factor = v;
            }
        }
        if let Some(m) = &fr.volume_factor {
            if let Some(v) = ctx.fraction(m, "forecast.volume_factor", 1.0) {
                forecast.volume_factor = v;
            }
        }
        if let Some(x) = &fr.na_metal_excess {
            if let Some(v) = ctx.q(x, "forecast.na_metal_excess", dims::DIMENSIONLESS) {
                forecast.na_metal_excess = v.max(0.0);
            }
        }
        if let Some(x) = &fr.np_ratio {
            if let Some(v) = ctx.positive(x, "forecast.np_ratio", dims::DIMENSIONLESS) {
                forecast.np_ratio = v;
            }
        }
    }

    if !ctx.errors.is_empty() {
        return Err(InputErrors(ctx.errors));
    }
    let (Some(separator), Some(metal)) = (separator, metal) else {
        return Err(InputErrors(vec![InputError::new(
            path,
            "",
            "incomplete cell design",
        )]));
    };
    Ok(CellSpec {
        name: raw.name.clone().unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default()
        }),
        note: raw.note.clone(),
        kind,
        area,
        temperature,
        stack_pressure,
        fixture,
        positive_collector,
        cathode: cathode_spec,
        separator,
        interlayer,
        negative_collector,
        negative: Negative {
            metal,
            initial_thickness,
        },
        counter_electrode,
        forecast,
        model: raw.model.map(|m| m.into_inner()).unwrap_or_default(),
        sources: raw.sources,
        file: Some(path.to_path_buf()),
        warnings: ctx.warnings,
    })
}
