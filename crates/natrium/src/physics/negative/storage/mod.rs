//! Sodium taken up by an interlayer before (and while) sodium metal plates: `sodiation` (carbon
//! and alloying layers, with their potential and an irreversible share) or `none`.

pub mod sodiation;

use super::none::Off;
use super::resolve::Ctx;
use crate::error::InputError;
use crate::model::{Submodel, Var};

/// The variant the design asks for: `sodiation` when the interlayer stores sodium.
pub fn resolve(ctx: &mut Ctx) -> Result<Option<sodiation::Sodiation>, InputError> {
    let stores = ctx.interlayer().and_then(sodiation::Kind::of).is_some();
    let default = if stores { "sodiation" } else { "none" };
    match ctx.variant("storage", default)? {
        "sodiation" => sodiation::Sodiation::resolve(ctx).map(Some),
        _ => Ok(None),
    }
}

/// The `none` variant.
pub fn off() -> Box<dyn Submodel> {
    Box::new(Off::new("negative/storage", &[(Var::StorageFlux, 0.0)]))
}
