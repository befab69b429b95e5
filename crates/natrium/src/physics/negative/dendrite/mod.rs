//! Sodium filaments through the separator: `filament` (flaws filled with sodium crack open when
//! the stress in them exceeds the ceramic's flaw strength; the filament then advances as fast
//! as the focused current feeds it, and shorts the cell when it spans the separator) or `none`.

pub mod filament;

pub use filament::{Filament, Side};

use super::resolve::Ctx;
use crate::error::InputError;

/// The variant the design asks for, on the working side and (for half cells) on the counter.
pub fn resolve(ctx: &mut Ctx) -> Result<Option<filament::FlawParams>, InputError> {
    match ctx.variant("dendrite", "filament")? {
        "filament" => filament::FlawParams::resolve(ctx).map(Some),
        _ => Ok(None),
    }
}
