//! Reduction of the electrolyte by sodium, by electrolyte family (docs/physics/inventory.md):
//! `self-limiting` (a few nanometres that form on the first contact and stop: NASICON and other
//! oxides), `growing` (a mixed-conducting interphase that keeps growing while sodium is plated
//! onto it, and slowly at rest: sulfides, selenides, chlorides) or `none` (stable: hydroborates,
//! β''-alumina). Either takes sodium from the plated metal and adds a resistance in series.

pub mod growing;
pub mod self_limiting;

use super::none::Off;
use super::resolve::Ctx;
use crate::error::InputError;
use crate::model::{Submodel, Var};

/// The variant the electrolyte's family calls for.
pub fn family_default(family: &str) -> &'static str {
    match family {
        "sulfide" | "selenide" | "halide-sulfide" | "oxysulfide" | "thioborate" | "chloride" => {
            "growing"
        }
        "hydride" | "beta-alumina" => "none",
        _ => "self-limiting",
    }
}

/// The variant the design asks for (by default the one of the separator's family).
pub fn resolve(ctx: &mut Ctx) -> Result<Box<dyn Submodel>, InputError> {
    let sep = ctx.separator();
    let default = family_default(&sep.family);
    Ok(match ctx.variant("interphase", default)? {
        "self-limiting" => Box::new(self_limiting::SelfLimiting::resolve(ctx)?),
        "growing" => Box::new(growing::Growing::resolve(ctx)?),
        _ => {
            ctx.log.note(format!(
                "{}: no reduction interphase ({} electrolytes are stable against sodium)",
                sep.id, sep.family
            ));
            Box::new(Off::new(
                "negative/interphase",
                &[(Var::InterphaseFlux, 0.0), (Var::InterphaseResistance, 0.0)],
            ))
        }
    })
}
