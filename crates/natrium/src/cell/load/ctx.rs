//! The validation context: collects errors and warnings with file, line, field and value, and
//! parses quantities, fractions, materials, treatments and plain layers.

use std::path::Path;

use toml::Spanned;

use crate::cell::raw::{RawLayer, S};
use crate::cell::{limits, CollectorForm, Layer, Preparation, Route};
use crate::error::{line_of, InputError};
use crate::limits::{Limit, Verdict};
use crate::materials::{Class, Database, Material};
use crate::units::{self, Dimension};

/// The thickness limit of a layer of a material class.
fn thickness_limit(class: Class) -> &'static Limit {
    match class {
        Class::Electrolyte => &limits::SEPARATOR_THICKNESS,
        Class::Interlayer => &limits::INTERLAYER_THICKNESS,
        Class::Metal | Class::Anode => &limits::SODIUM_THICKNESS,
        _ => &limits::COLLECTOR_THICKNESS,
    }
}

pub(super) struct Ctx<'a> {
    pub(super) path: &'a Path,
    pub(super) text: &'a str,
    pub(super) db: &'a Database,
    pub(super) errors: Vec<InputError>,
    pub(super) warnings: Vec<InputError>,
}

impl<'a> Ctx<'a> {
    pub(super) fn line<T>(&self, s: &Spanned<T>) -> Option<usize> {
        Some(line_of(self.text, s.span().start))
    }
    pub(super) fn error(
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
    pub(super) fn warn(&mut self, line: Option<usize>, field: &str, msg: impl Into<String>) {
        self.warnings
            .push(InputError::new(self.path, field, msg).at_line(line));
    }

    /// Parse a quantity, recording an error; `None` on failure.
    pub(super) fn q(&mut self, s: &S, field: &str, dim: Dimension) -> Option<f64> {
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

    /// A quantity within its valid range (error), warned outside its typical range.
    pub(super) fn bounded(&mut self, s: &S, field: &str, lim: &Limit) -> Option<f64> {
        let v = self.q(s, field, lim.dim)?;
        let l = self.line(s);
        match lim.check(v) {
            Verdict::Ok => Some(v),
            Verdict::Unusual(m) => {
                self.warn(l, field, format!("{} ({m})", s.get_ref()));
                Some(v)
            }
            Verdict::Invalid(m) => {
                self.error(l, field, Some(s.get_ref()), m);
                None
            }
        }
    }

    /// The preparation of a sodium electrode from its keys (`field` names the table), with
    /// `default` when `preparation` is not given.
    #[allow(clippy::too_many_arguments)] // the four keys of a preparation
    pub(super) fn preparation(
        &mut self,
        field: &str,
        route: &Option<S>,
        pressure: &Option<S>,
        time: &Option<S>,
        temperature: &Option<S>,
        default: Route,
    ) -> Preparation {
        let mut p = Preparation::of(default);
        if let Some(r) = route {
            match Route::parse(r.get_ref()) {
                Some(x) => p.route = x,
                None => {
                    let l = self.line(r);
                    self.error(
                        l,
                        &format!("{field}.preparation"),
                        Some(r.get_ref()),
                        "expected plated, pressed, welded or melted",
                    );
                }
            }
        }
        if let Some(x) = pressure {
            p.pressure = self.bounded(
                x,
                &format!("{field}.pressing_pressure"),
                &limits::STACK_PRESSURE,
            );
        }
        if let Some(x) = time {
            if let Some(t) =
                self.bounded(x, &format!("{field}.pressing_time"), &limits::PRESSING_TIME)
            {
                p.time = t;
            }
        }
        if let Some(x) = temperature {
            p.temperature = self.bounded(
                x,
                &format!("{field}.pressing_temperature"),
                &limits::TEMPERATURE,
            );
        }
        let pressing = pressure.is_some() || time.is_some() || temperature.is_some();
        if pressing && p.route != Route::Pressed {
            let l = route.as_ref().and_then(|r| self.line(r));
            self.error(
                l,
                &format!("{field}.preparation"),
                Some(p.route.as_str()),
                "pressing_pressure, pressing_time and pressing_temperature describe a pressed foil: set preparation = \"pressed\" or remove them",
            );
        }
        p
    }

    pub(super) fn material(&mut self, s: &S, field: &str, class: Class) -> Option<Material> {
        match self.db.get_class(s.get_ref(), class) {
            Ok(m) => Some(m.clone()),
            Err(e) => {
                let l = self.line(s);
                self.error(l, field, Some(s.get_ref()), e.to_string());
                None
            }
        }
    }

    pub(super) fn treatments(&mut self, list: &Option<Vec<S>>, field: &str) -> Vec<Material> {
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

    pub(super) fn layer(
        &mut self,
        raw: &Spanned<RawLayer>,
        field: &str,
        class: Class,
        default_thickness: Option<f64>,
    ) -> Option<Layer> {
        let r = raw.get_ref();
        let material = self.material(&r.material, &format!("{field}.material"), class);
        let thickness = match &r.thickness {
            Some(t) => self.bounded(t, &format!("{field}.thickness"), thickness_limit(class)),
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
            Some(p) => self.bounded(p, &format!("{field}.porosity"), &limits::LAYER_POROSITY)?,
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
        // keys that belong to other layers
        let misplaced: [(&str, bool, &str); 8] = [
            ("form", r.form.is_some(), "negative_collector"),
            (
                "fabrication_pressure",
                r.fabrication_pressure.is_some(),
                "negative_collector",
            ),
            ("grain_size", r.grain_size.is_some(), "separator"),
            ("pore_size", r.pore_size.is_some(), "separator"),
            ("preparation", r.preparation.is_some(), "counter_electrode"),
            (
                "pressing_pressure",
                r.pressing_pressure.is_some(),
                "counter_electrode",
            ),
            (
                "pressing_time",
                r.pressing_time.is_some(),
                "counter_electrode",
            ),
            (
                "pressing_temperature",
                r.pressing_temperature.is_some(),
                "counter_electrode",
            ),
        ];
        for (key, given, owner) in misplaced {
            if given && owner != field {
                let l = self.line(raw);
                self.error(
                    l,
                    &format!("{field}.{key}"),
                    None,
                    format!("`{key}` belongs in [{owner}], not [{field}]"),
                );
            }
        }
        let form = match &r.form {
            Some(f) if field == "negative_collector" => match CollectorForm::parse(f.get_ref()) {
                Some(x) => Some(x),
                None => {
                    let l = self.line(f);
                    self.error(
                        l,
                        "negative_collector.form",
                        Some(f.get_ref()),
                        "expected foil, film or pellet",
                    );
                    None
                }
            },
            _ => None,
        };
        let fabrication_pressure = match &r.fabrication_pressure {
            Some(p) if field == "negative_collector" => self.bounded(
                p,
                "negative_collector.fabrication_pressure",
                &limits::FABRICATION_PRESSURE,
            ),
            _ => None,
        };
        Some(Layer {
            material: material?,
            thickness: thickness?,
            porosity,
            treatments,
            form,
            fabrication_pressure,
        })
    }
}
