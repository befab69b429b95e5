//! The negative side: the interlayer on the separator, the metal and the sodium present at
//! assembly (as an excess over the cathode capacity or a foil thickness).

use super::ctx::Ctx;
use crate::cell::limits;
use crate::cell::raw::RawCell;
use crate::cell::{metal_molar_volume, Cathode, Layer, NA_MOLAR_VOLUME};
use crate::constants::FARADAY;
use crate::materials::{Class, Material};

/// The interlayer between separator and negative, if any; its material must be an interlayer.
pub(super) fn interlayer(ctx: &mut Ctx, raw: &RawCell) -> Option<Layer> {
    raw.interlayer.as_ref().and_then(|l| {
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
    })
}

/// The negative metal (sodium unless `[negative] metal` names another).
pub(super) fn metal(ctx: &mut Ctx, raw: &RawCell) -> Option<Material> {
    let metal_id = raw
        .negative
        .as_ref()
        .and_then(|n| n.get_ref().metal.as_ref())
        .cloned();
    match &metal_id {
        Some(m) => ctx.material(m, "negative.metal", Class::Metal),
        None => ctx.db.get_class("na", Class::Metal).ok().cloned(),
    }
}

/// The thickness of metal on the negative at assembly [m] (0 when `[negative]` gives none).
pub(super) fn initial_thickness(
    ctx: &mut Ctx,
    raw: &RawCell,
    metal: &Option<Material>,
    cathode_spec: &Option<Cathode>,
) -> f64 {
    let vm = metal
        .as_ref()
        .map(metal_molar_volume)
        .unwrap_or(NA_MOLAR_VOLUME);
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
                if let Some(x) = ctx.bounded(e, "negative.excess", &limits::SODIUM_EXCESS) {
                    if x < 0.0 {
                        let l = ctx.line(e);
                        ctx.error(
                            l,
                            "negative.excess",
                            Some(e.get_ref()),
                            "must not be negative (0 % = anode-free)",
                        );
                    } else if let Some(c) = cathode_spec {
                        initial_thickness = x * c.areal_capacity() * vm / FARADAY;
                    } else if x > 0.0 {
                        let l = ctx.line(e);
                        ctx.error(l, "negative.excess", Some(e.get_ref()), "an excess relative to the cathode capacity needs a cathode; use sodium_thickness");
                    }
                }
            }
            (None, Some(t)) => {
                if let Some(v) =
                    ctx.bounded(t, "negative.sodium_thickness", &limits::SODIUM_THICKNESS)
                {
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
    initial_thickness
}
