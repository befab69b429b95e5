//! The interface of a cell design, phenomenon by phenomenon: each folder resolves its variant
//! and parameters from the design (logging every value with its basis), and this recipe puts
//! them in the order the quantities flow.

use super::dendrite::{Filament, Side};
use super::none::Off;
use super::resolve::Ctx;
use super::{
    constriction, contact, counter, dendrite, interphase, inventory, isolation, kinetics,
    nucleation, oxide, pores, storage,
};
use crate::cell::{CellSpec, Fixture};
use crate::error::InputError;
use crate::materials::arrhenius::Arrhenius;
use crate::model::params::ParamLog;
use crate::model::{Submodel, Var};
use crate::physics::mechanics::pressure::{ConstantPressure, FixedGap, OtherSide};

/// Build the negative-side submodels of an interface cell from the design and its
/// `[model.interface]` table. `law` is the separator's conductivity, `n_scale` the scale of the
/// sodium inventory [mol/m²].
pub fn interface_submodels(
    cell: &CellSpec,
    table: &toml::Table,
    law: Arrhenius,
    n_scale: f64,
    log: &mut ParamLog,
) -> Result<Vec<Box<dyn Submodel>>, InputError> {
    let mut ctx = Ctx::new(cell, table, law, n_scale, log)?;
    let ctx = &mut ctx;
    let mut subs: Vec<Box<dyn Submodel>> = Vec::new();

    // charge transfer, with the interlayer's storage holding the interface at its potential
    let store = storage::resolve(ctx)?;
    let mut kin = kinetics::Kinetics::resolve(ctx)?;
    let i0 = kin.i0;
    if let Some(s) = &store {
        kin.eta0 = s.potential_at(0.0, cell.temperature);
    }
    subs.push(Box::new(kin));
    match store {
        Some(s) => subs.push(Box::new(s)),
        None => subs.push(storage::off()),
    }
    subs.push(constriction::resolve(ctx)?);
    let spot = ctx
        .log
        .get("interface.spot_radius")
        .unwrap_or(constriction::holm::SPOT_RADIUS);
    subs.push(nucleation::resolve(ctx, i0)?);
    subs.push(contact::resolve(ctx)?);

    // the inventory and the reservoirs that take sodium from it
    subs.push(Box::new(inventory::Inventory::resolve(ctx)?));
    subs.push(isolation::resolve(ctx)?);
    subs.push(interphase::resolve(ctx)?);
    let ox_default = if oxide::OxideReduction::capacity_of(ctx) > 0.0 {
        "first-charge"
    } else {
        "none"
    };
    match ctx.variant("oxide", ox_default)? {
        "first-charge" => match oxide::OxideReduction::resolve(ctx)? {
            Some(o) => subs.push(Box::new(o)),
            None => subs.push(Box::new(Off::new(
                "negative/native-oxide",
                &[(Var::OxideFlux, 0.0)],
            ))),
        },
        _ => subs.push(Box::new(Off::new(
            "negative/native-oxide",
            &[(Var::OxideFlux, 0.0)],
        ))),
    }
    let pore = pores::PoreTrapping::resolve(ctx)?;
    let pore_default = if pore.is_some() { "trapping" } else { "none" };
    match (ctx.variant("pores", pore_default)?, pore) {
        ("trapping", Some(p)) => subs.push(Box::new(p)),
        ("trapping", None) => {
            return Err(ctx.err(
                "pores",
                "\"trapping\" needs a porous collector: give [negative_collector] porosity > 0",
            ))
        }
        _ => subs.push(Box::new(Off::new(
            "negative/collector-pores",
            &[(Var::PoreFlux, 0.0)],
        ))),
    }

    // filaments through the separator, from this side and from a half cell's counter
    let flaws = dendrite::resolve(ctx)?;
    if let Some(f) = &flaws {
        subs.push(Box::new(Filament::new(f.clone(), Side::Working)));
    }

    // stack pressure
    subs.push(pressure(ctx)?);

    // the counter electrode of a half cell
    if !cell.kind.is_full_cell() {
        subs.push(Box::new(counter::CounterInterface::resolve(ctx, i0, spot)?));
        if let Some(f) = flaws {
            subs.push(Box::new(Filament::new(f, Side::Counter)));
        }
    }
    Ok(subs)
}

/// The fixture: constant pressure, or a fixed gap whose pressure follows the swelling of the
/// stack and the creep of the sodium layer.
fn pressure(ctx: &mut Ctx) -> Result<Box<dyn Submodel>, InputError> {
    let cell = ctx.cell;
    Ok(match cell.fixture {
        Fixture::ConstantPressure => Box::new(ConstantPressure),
        Fixture::FixedGap { stiffness } => {
            ctx.log.add(
                "mechanics.stiffness",
                stiffness,
                "Pa/m",
                "cell design fixture",
            );
            let radius = ctx.log.add(
                "mechanics.electrode_radius",
                (cell.area / std::f64::consts::PI).sqrt(),
                "m",
                "sqrt(area/pi): the width the sodium layer is squeezed over",
            );
            let other_side = match &cell.cathode {
                Some(c) if cell.kind.is_full_cell() => OtherSide::Cathode {
                    volume_change: ctx.log.add(
                        "mechanics.cathode_volume_change",
                        c.active.si("volume_change").unwrap_or(0.0),
                        "m^3/C",
                        format!(
                            "{}.volume_change, applied uniaxially to the cathode layer",
                            c.active.id
                        ),
                    ),
                },
                _ => OtherSide::Counter,
            };
            Box::new(FixedGap::new(
                stiffness,
                ctx.creep.clone(),
                ctx.vm,
                radius,
                cell.stack_pressure,
                other_side,
            ))
        }
    })
}
