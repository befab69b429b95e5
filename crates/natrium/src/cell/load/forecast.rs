//! Forecast options: Coulombic efficiencies, packaging factors and the comparison cells' Na
//! excess and N/P ratio.

use super::ctx::Ctx;
use crate::cell::limits;
use crate::cell::raw::RawCell;
use crate::cell::ForecastOptions;

/// The `[forecast]` options over their defaults.
pub(super) fn options(ctx: &mut Ctx, raw: &RawCell) -> ForecastOptions {
    let mut forecast = ForecastOptions::default();
    if let Some(f) = &raw.forecast {
        let fr = f.get_ref();
        if let Some(ce) = &fr.coulombic_efficiency {
            if let Some(v) = ctx.bounded(ce, "forecast.coulombic_efficiency", &limits::EFFICIENCY) {
                forecast.coulombic_efficiency = v;
                forecast.coulombic_efficiency_note = fr
                    .coulombic_efficiency_note
                    .clone()
                    .unwrap_or_else(|| "given in the cell file".into());
            }
        }
        if let Some(ce) = &fr.first_cycle_efficiency {
            if let Some(v) = ctx.bounded(ce, "forecast.first_cycle_efficiency", &limits::EFFICIENCY)
            {
                forecast.first_cycle_efficiency = v;
                forecast.first_cycle_efficiency_note = fr
                    .first_cycle_efficiency_note
                    .clone()
                    .unwrap_or_else(|| "given in the cell file".into());
            }
        }
        if let Some(m) = &fr.mass_factor {
            if let Some(v) = ctx.bounded(m, "forecast.mass_factor", &limits::PACKAGING_FACTOR) {
                forecast.mass_factor = v;
            }
        }
        if let Some(m) = &fr.volume_factor {
            if let Some(v) = ctx.bounded(m, "forecast.volume_factor", &limits::PACKAGING_FACTOR) {
                forecast.volume_factor = v;
            }
        }
        if let Some(x) = &fr.na_metal_excess {
            if let Some(v) = ctx.bounded(x, "forecast.na_metal_excess", &limits::SODIUM_EXCESS) {
                forecast.na_metal_excess = v.max(0.0);
            }
        }
        if let Some(x) = &fr.np_ratio {
            if let Some(v) = ctx.bounded(x, "forecast.np_ratio", &limits::NP_RATIO) {
                forecast.np_ratio = v;
            }
        }
    }
    forecast
}
