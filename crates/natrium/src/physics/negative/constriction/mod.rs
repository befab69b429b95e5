//! Constriction of the current through the contact spots, with the resistances in series on
//! them (surface film, reduction interphase): `holm` or `none`.

pub mod holm;
pub mod none;

use super::resolve::Ctx;
use crate::error::InputError;
use crate::model::Submodel;

/// The variant the design asks for.
pub fn resolve(ctx: &mut Ctx) -> Result<Box<dyn Submodel>, InputError> {
    Ok(match ctx.variant("constriction", "holm")? {
        "holm" => Box::new(holm::Constriction::resolve(ctx)?),
        _ => Box::new(none::Direct),
    })
}
