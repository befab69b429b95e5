//! Resolution of the metal's creep law ([`crate::physics::mechanics::creep`]) from the metal's
//! material entry and the `[model.interface]` options `void_spacing`, `grain_size` and
//! `creep_activation`, each logged with its basis.

use super::resolve::Ctx;
use crate::constants::AVOGADRO;
use crate::error::InputError;
use crate::physics::mechanics::creep::{CreepLaw, GRAIN_SIZE, VOID_SPACING};
use crate::units::{dims, Dimension};

/// The creep law of the cell's negative metal.
pub fn resolve(ctx: &mut Ctx) -> Result<CreepLaw, InputError> {
    let m = &ctx.cell.negative.metal;
    let mut law = CreepLaw::sodium(ctx.vm);
    law.prefactor = ctx.log.from_material(
        "creep.prefactor",
        m,
        "creep_prefactor",
        "Pa^-5 s^-1",
        law.prefactor,
        "Wang et al. 2020: 0.53 MPa^-5 s^-1",
    );
    law.exponent = ctx.log.from_material(
        "creep.exponent",
        m,
        "creep_exponent",
        "-",
        law.exponent,
        "Wang et al. 2020: n = 5",
    );
    law.self_diffusivity = ctx.log.from_material(
        "creep.self_diffusivity",
        m,
        "self_diffusivity",
        "m^2/s",
        law.self_diffusivity,
        "5.7e-13 m^2/s at 25 degC (tracer self-diffusion of Na)",
    );
    let q_material = m.prop("creep_activation_energy").map(|p| {
        if p.dim == dims::ENERGY {
            p.si * AVOGADRO
        } else {
            p.si
        }
    });
    law.activation = match (
        ctx.option("creep_activation", dims::MOLAR_ENERGY)?,
        q_material,
    ) {
        (Some(q), _) => ctx.log.add(
            "interface.creep_activation",
            q,
            "J/mol",
            "cell file [model.interface] option",
        ),
        (None, Some(q)) => ctx.log.add(
            "creep.activation",
            q,
            "J/mol",
            format!("{}.creep_activation_energy", m.id),
        ),
        (None, None) => ctx.log.add(
            "creep.activation",
            law.activation,
            "J/mol",
            "assumed: 43 kJ/mol, lattice self-diffusion of Na (Wang et al. 2020)",
        ),
    };
    law.atomic_volume = ctx.log.add(
        "creep.atomic_volume",
        ctx.vm / AVOGADRO,
        "m^3",
        "derived: V_m/N_A",
    );
    law.grain_size = ctx.param(
        "grain_size",
        dims::LENGTH,
        "m",
        GRAIN_SIZE,
        "assumed: 100 um Na grains (columnar grains up to 150 um, Fuchs et al. 2024; range 10-300 um)",
    )?;
    law.void_spacing = ctx.param(
        "void_spacing",
        dims::LENGTH,
        "m",
        VOID_SPACING,
        "calibrated on Spencer Jolly et al. 2020 (Na|beta''-alumina: void-free stripping 2.5 mA/cm2 at 9 MPa); range 1-150 um",
    )?;
    let _ = Dimension::new(0, 0, 0, 0, 0, 0, 0);
    Ok(law)
}
