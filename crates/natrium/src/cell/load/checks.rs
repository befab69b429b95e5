//! Checks across the design: the layers each cell type requires, the metal's melting point and
//! the cathode's voltage window against the electrolytes' stability windows.

use super::ctx::Ctx;
use crate::cell::raw::RawCell;
use crate::cell::{Cathode, CellType, Separator};
use crate::materials::Material;
use crate::units;

/// The layers and the sodium each cell type requires (and no cathode in half cells).
pub(super) fn type_requirements(
    ctx: &mut Ctx,
    raw: &RawCell,
    kind: CellType,
    cathode_spec: &Option<Cathode>,
    initial_thickness: f64,
) {
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
            need(ctx, raw.cathode.is_some(), "cathode");
            need(ctx, raw.negative_collector.is_some(), "negative_collector");
            need(ctx, raw.positive_collector.is_some(), "positive_collector");
            if initial_thickness > 0.0 {
                let l = raw.negative.as_ref().and_then(|n| ctx.line(n));
                ctx.error(l, "negative", None, "an anode-free cell starts with no sodium on the collector; use type = \"na-metal\" for a cell with excess sodium");
            }
            if let Some(c) = cathode_spec {
                if c.active.made_charged() {
                    let l = raw.cathode.as_ref().and_then(|c| ctx.line(c));
                    ctx.warn(l, "cathode.active", format!("{} is made in its charged state and holds no cyclable sodium: an anode-free cell needs it pre-sodiated or a Na source (the forecast adds the Na mass)", c.active.id));
                }
            }
        }
        CellType::NaMetal => {
            need(ctx, raw.cathode.is_some(), "cathode");
            if initial_thickness <= 0.0 {
                ctx.error(None, "negative", None, "a na-metal cell needs sodium at assembly: [negative] excess = \"100 %\" or sodium_thickness = \"50 um\"");
            }
        }
        CellType::Symmetric => {
            need(ctx, raw.counter_electrode.is_some(), "counter_electrode");
            if initial_thickness <= 0.0 {
                ctx.error(None, "negative.sodium_thickness", None, "a symmetric cell needs sodium on both sides: [negative] sodium_thickness = \"100 um\"");
            }
        }
        CellType::Deposition => {
            need(ctx, raw.negative_collector.is_some(), "negative_collector");
            need(ctx, raw.counter_electrode.is_some(), "counter_electrode");
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
}

/// The metal must be solid (sodium melts at 97.8 °C): the model is invalid at or above its
/// melting point.
pub(super) fn melting_point(
    ctx: &mut Ctx,
    raw: &RawCell,
    metal: &Option<Material>,
    temperature: f64,
) {
    if let Some(m) = metal {
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
}

/// Largest distance [K] between the cell's temperature and the temperature a separator's
/// conductivity was measured at before the Arrhenius extrapolation is flagged.
const CONDUCTIVITY_EXTRAPOLATION: f64 = 40.0;
/// Homologous temperature T/T_m above which the creep law of solid sodium (measured at room
/// temperature) is flagged: near melting, grain-boundary sliding and softening take over.
const NEAR_MELTING: f64 = 0.95;
/// Stack pressure [Pa] above which the void-closure law runs beyond the data it was calibrated
/// on (Spencer Jolly et al. 2020: up to 9 MPa) and the filament criterion's flaws decide alone.
const VOID_LAW_PRESSURE: f64 = 20e6;

/// Warnings where a law is used outside the data behind it: a separator far from the
/// temperature its conductivity was measured at, sodium near its melting point, stack pressure
/// beyond the calibration of the void-closure law.
pub(super) fn model_ranges(
    ctx: &mut Ctx,
    raw: &RawCell,
    separator: &Option<Separator>,
    metal: &Option<Material>,
    temperature: f64,
    pressure: f64,
) {
    let t_line = raw.temperature.as_ref().and_then(|t| ctx.line(t));
    let c = |k: f64| units::format_sig(k, "degC", 3).unwrap_or_default();
    if let Some(sep) = separator {
        if let Some(p) = sep.material.prop("ionic_conductivity") {
            if let Some(at) = p.at {
                if (temperature - at).abs() > CONDUCTIVITY_EXTRAPOLATION {
                    ctx.warn(
                        t_line,
                        "temperature",
                        format!(
                            "{} has its conductivity measured at {}; at {} it is extrapolated along an Arrhenius law{} (check for phase changes: e.g. closo-borates lose their superionic phase on cooling)",
                            sep.material.id,
                            c(at),
                            c(temperature),
                            if sep.material.prop("activation_energy").is_none() { " with an assumed activation energy" } else { "" }
                        ),
                    );
                }
            }
        }
    }
    if let Some(tm) = metal.as_ref().and_then(|m| m.si("melting_point")) {
        if temperature < tm && temperature > NEAR_MELTING * tm {
            ctx.warn(
                t_line,
                "temperature",
                format!(
                    "{} is within 5 % of the melting point ({}): the creep law of solid sodium, measured at room temperature, is stretched",
                    c(temperature),
                    c(tm)
                ),
            );
        }
    }
    if pressure > VOID_LAW_PRESSURE {
        let l = raw.stack_pressure.as_ref().and_then(|p| ctx.line(p));
        ctx.warn(
            l,
            "stack_pressure",
            format!(
                "{:.0} MPa is beyond the 9 MPa the void-closure law was calibrated on (Spencer Jolly et al. 2020); the separator's flaws decide whether the pressure shorts it",
                pressure / 1e6
            ),
        );
    }
}

/// Warnings when the cathode's upper cut-off exceeds an electrolyte's oxidation limit, or the
/// separator is reduced by Na metal.
pub(super) fn stability_windows(
    ctx: &mut Ctx,
    raw: &RawCell,
    cathode_spec: &Option<Cathode>,
    separator: &Option<Separator>,
) {
    if let (Some(c), Some(sep)) = (cathode_spec, separator) {
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
}
