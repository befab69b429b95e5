//! The cell's type and operating conditions: area, temperature, stack pressure and fixture.

use super::ctx::Ctx;
use crate::cell::limits;
use crate::cell::raw::RawCell;
use crate::cell::{CellType, Fixture};
use crate::constants::T_REF;

/// The cell type (anode-free when not given).
pub(super) fn cell_type(ctx: &mut Ctx, raw: &RawCell) -> CellType {
    match &raw.kind {
        Some(k) => match CellType::parse(k.get_ref()) {
            Some(t) => t,
            None => {
                let l = ctx.line(k);
                ctx.error(
                    l,
                    "type",
                    Some(k.get_ref()),
                    "expected anode-free, na-metal, symmetric or deposition",
                );
                CellType::AnodeFree
            }
        },
        None => CellType::AnodeFree,
    }
}

/// The electrode area (1 cm² when not given).
pub(super) fn area(ctx: &mut Ctx, raw: &RawCell) -> f64 {
    match &raw.area {
        Some(a) => ctx.bounded(a, "area", &limits::AREA).unwrap_or(1e-4),
        None => 1e-4,
    }
}

/// The temperature (25 °C when not given), within the range of the property data.
pub(super) fn temperature(ctx: &mut Ctx, raw: &RawCell) -> f64 {
    match &raw.temperature {
        Some(t) => ctx
            .bounded(t, "temperature", &limits::TEMPERATURE)
            .unwrap_or(T_REF),
        None => T_REF,
    }
}

/// The stack pressure (0 when not given).
pub(super) fn stack_pressure(ctx: &mut Ctx, raw: &RawCell) -> f64 {
    match &raw.stack_pressure {
        Some(p) => ctx
            .bounded(p, "stack_pressure", &limits::STACK_PRESSURE)
            .unwrap_or(0.0),
        None => 0.0,
    }
}

/// The fixture: constant pressure (default) or a fixed gap with its areal stiffness.
pub(super) fn fixture(ctx: &mut Ctx, raw: &RawCell) -> Fixture {
    match &raw.fixture {
        None => Fixture::ConstantPressure,
        Some(f) => {
            let fr = f.get_ref();
            match fr.kind.get_ref().as_str() {
                "constant-pressure" => Fixture::ConstantPressure,
                "fixed-gap" => match &fr.stiffness {
                    Some(s) => Fixture::FixedGap {
                        stiffness: ctx
                            .bounded(s, "fixture.stiffness", &limits::FIXTURE_STIFFNESS)
                            .unwrap_or(1e10),
                    },
                    None => {
                        let l = ctx.line(f);
                        ctx.error(
                            l,
                            "fixture.stiffness",
                            None,
                            "a fixed-gap fixture needs its areal stiffness, e.g. \"1e10 Pa/m\"",
                        );
                        Fixture::ConstantPressure
                    }
                },
                other => {
                    let l = ctx.line(&fr.kind);
                    ctx.error(
                        l,
                        "fixture.kind",
                        Some(other),
                        "expected constant-pressure or fixed-gap",
                    );
                    Fixture::ConstantPressure
                }
            }
        }
    }
}
