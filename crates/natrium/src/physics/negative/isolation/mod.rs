//! Sodium isolated by contact loss: `contact` (stranded where stripping opens voids,
//! reconnected where they close) or `none`.

pub mod contact;

use super::none::Off;
use super::resolve::Ctx;
use crate::error::InputError;
use crate::model::{Submodel, Var};

/// The variant the design asks for.
pub fn resolve(ctx: &mut Ctx) -> Result<Box<dyn Submodel>, InputError> {
    Ok(match ctx.variant("isolation", "contact")? {
        "contact" => Box::new(contact::Isolation::new(ctx.n_scale * 1e-3, ctx.vm)),
        _ => Box::new(Off::new("negative/isolation", &[(Var::IsolationFlux, 0.0)])),
    })
}
