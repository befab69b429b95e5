//! The separator: its electrolyte, thickness, relative density (dense enough to block Na) and
//! treatments.

use super::ctx::Ctx;
use crate::cell::limits;
use crate::cell::raw::RawCell;
use crate::cell::Separator;
use crate::materials::Class;

/// The separator every cell needs; `None` (with errors recorded) when missing or invalid.
pub(super) fn separator(ctx: &mut Ctx, raw: &RawCell) -> Option<Separator> {
    match &raw.separator {
        Some(s) => {
            let r = s.get_ref();
            let material = ctx.material(&r.material, "separator.material", Class::Electrolyte);
            let thickness = match &r.thickness {
                Some(t) => ctx.bounded(t, "separator.thickness", &limits::SEPARATOR_THICKNESS),
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
                Some(rd) => {
                    ctx.bounded(rd, "separator.relative_density", &limits::RELATIVE_DENSITY)
                }
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
            let grain_size = r
                .grain_size
                .as_ref()
                .and_then(|g| ctx.bounded(g, "separator.grain_size", &limits::MICROSTRUCTURE));
            let pore_size = r
                .pore_size
                .as_ref()
                .and_then(|g| ctx.bounded(g, "separator.pore_size", &limits::MICROSTRUCTURE));
            for (key, given) in [
                ("form", r.form.is_some()),
                ("fabrication_pressure", r.fabrication_pressure.is_some()),
                ("preparation", r.preparation.is_some()),
                ("pressing_pressure", r.pressing_pressure.is_some()),
                ("pressing_time", r.pressing_time.is_some()),
                ("pressing_temperature", r.pressing_temperature.is_some()),
            ] {
                if given {
                    let l = ctx.line(s);
                    ctx.error(
                        l,
                        &format!("separator.{key}"),
                        None,
                        format!("`{key}` does not apply to the separator"),
                    );
                }
            }
            match (material, thickness, relative_density) {
                (Some(material), Some(thickness), Some(relative_density)) => Some(Separator {
                    material,
                    thickness,
                    relative_density,
                    treatments,
                    grain_size,
                    pore_size,
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
    }
}
