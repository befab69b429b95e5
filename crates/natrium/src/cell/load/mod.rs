//! Validation of a cell design: every problem reported with file, line, field, value and the
//! expectation; warnings kept for physically questionable but runnable designs.
//!
//! [`parse_cell`] checks the parts in a fixed order (conditions, collectors and cathode,
//! separator, negative side, cross-checks, forecast options), which is the order of its errors.

mod cathode;
mod checks;
mod conditions;
mod ctx;
mod forecast;
mod negative;
mod separator;

use std::path::Path;

use ctx::Ctx;

use super::raw::RawCell;
use super::{CellSpec, CellType, Negative, Preparation, Route};
use crate::error::{toml_error, InputError, InputErrors};
use crate::materials::{Class, Database};

/// Lines of every entry under `[model]` (dotted keys relative to it, e.g. `"cathode"`,
/// `"interface.contact"`).
fn model_lines(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut table: Option<String> = None;
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if t.starts_with('[') {
            let name = t.trim_matches(|c| c == '[' || c == ']').replace(' ', "");
            table = if name == "model" {
                Some(String::new())
            } else {
                name.strip_prefix("model.").map(|s| format!("{s}."))
            };
            continue;
        }
        let (Some(prefix), Some(eq)) = (&table, t.find('=')) else {
            continue;
        };
        if t.starts_with('#') {
            continue;
        }
        let key = t[..eq].trim().trim_matches('"').replace(' ', "");
        if !key.is_empty() {
            out.push((format!("{prefix}{key}"), i + 1));
        }
    }
    out
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
    let kind = conditions::cell_type(&mut ctx, &raw);
    let area = conditions::area(&mut ctx, &raw);
    let temperature = conditions::temperature(&mut ctx, &raw);
    let stack_pressure = conditions::stack_pressure(&mut ctx, &raw);
    let fixture = conditions::fixture(&mut ctx, &raw);

    let positive_collector = raw
        .positive_collector
        .as_ref()
        .and_then(|l| ctx.layer(l, "positive_collector", Class::Collector, None));
    let cathode_spec = raw
        .cathode
        .as_ref()
        .and_then(|c| cathode::cathode(&mut ctx, c));
    let separator = separator::separator(&mut ctx, &raw);
    let interlayer = negative::interlayer(&mut ctx, &raw);
    let negative_collector = raw
        .negative_collector
        .as_ref()
        .and_then(|l| ctx.layer(l, "negative_collector", Class::Collector, None));
    let counter_electrode = raw
        .counter_electrode
        .as_ref()
        .and_then(|l| ctx.layer(l, "counter_electrode", Class::Metal, None));

    // how the sodium met the electrolyte: plated in situ on a collector, a foil otherwise
    let default_route = match kind {
        CellType::AnodeFree | CellType::Deposition => Route::Plated,
        _ => Route::Pressed,
    };
    let preparation = match &raw.negative {
        Some(n) => {
            let r = n.get_ref();
            ctx.preparation(
                "negative",
                &r.preparation,
                &r.pressing_pressure,
                &r.pressing_time,
                &r.pressing_temperature,
                default_route,
            )
        }
        None => Preparation::of(default_route),
    };
    let counter_preparation = match &raw.counter_electrode {
        Some(c) => {
            let r = c.get_ref();
            ctx.preparation(
                "counter_electrode",
                &r.preparation,
                &r.pressing_pressure,
                &r.pressing_time,
                &r.pressing_temperature,
                Route::Pressed,
            )
        }
        None => Preparation::of(Route::Pressed),
    };

    // negative metal and its initial amount
    let metal = negative::metal(&mut ctx, &raw);
    let initial_thickness = negative::initial_thickness(&mut ctx, &raw, &metal, &cathode_spec);

    checks::type_requirements(&mut ctx, &raw, kind, &cathode_spec, initial_thickness);
    checks::melting_point(&mut ctx, &raw, &metal, temperature);
    checks::stability_windows(&mut ctx, &raw, &cathode_spec, &separator);
    checks::model_ranges(
        &mut ctx,
        &raw,
        &separator,
        &metal,
        temperature,
        stack_pressure,
    );
    let forecast = forecast::options(&mut ctx, &raw);
    let model_lines = model_lines(text);
    if let Some(m) = &raw.model {
        // typos and bad values in [model] are errors of the design, with their line
        let interface = match m.get_ref().get("interface") {
            Some(toml::Value::Table(t)) => {
                crate::physics::negative::registry::check_table(path, t).err()
            }
            _ => None,
        };
        let options = crate::model::ModelOptions::from_table(path, m.get_ref()).err();
        for mut e in options.into_iter().chain(interface) {
            let key = e.field.trim_start_matches("model.").to_string();
            e.line = model_lines
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, l)| *l)
                .or_else(|| ctx.line(m));
            ctx.errors.push(e);
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
            preparation,
        },
        counter_electrode,
        counter_preparation,
        forecast,
        model: raw.model.map(|m| m.into_inner()).unwrap_or_default(),
        model_lines,
        sources: raw.sources,
        file: Some(path.to_path_buf()),
        warnings: ctx.warnings,
    })
}
