//! Nucleation of sodium on a foreign collector and growth of the islands until they cover it:
//! `classical` (heterogeneous nucleation on a finite density of sites, JMAK coverage) or `none`
//! (the collector is covered from the start).

pub mod classical;

use super::none::Off;
use super::resolve::Ctx;
use crate::error::InputError;
use crate::materials::arrhenius::Arrhenius;
use crate::model::{Submodel, Var};

/// The variant the design asks for (classical on collectors, none on sodium foils).
pub fn resolve(ctx: &mut Ctx, i0: Arrhenius) -> Result<Box<dyn Submodel>, InputError> {
    let default = if ctx.collector_side() {
        "classical"
    } else {
        "none"
    };
    Ok(match ctx.variant("nucleation", default)? {
        "classical" => Box::new(classical::Nucleation::resolve(ctx, i0)?),
        _ => Box::new(Off::new("negative/nucleation", &[(Var::Coverage, 1.0)])),
    })
}
