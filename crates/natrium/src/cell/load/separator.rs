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
    }
}
