//! Metal properties and the contact multiplier from treatments and interlayers.

use super::defaults;
use super::opts::Opts;
use crate::constants::AVOGADRO;
use crate::error::InputError;
use crate::materials::Material;
use crate::model::params::ParamLog;
use crate::physics::negative::contact::CreepLaw;
use crate::units::{dims, Dimension};

/// Metal properties in SI with their log entries.
pub(super) struct MetalProps {
    pub(super) vm: f64,
    pub(super) creep: CreepLaw,
    pub(super) hardness: f64,
}

pub(super) fn metal_props(
    m: &Material,
    o: &Opts,
    log: &mut ParamLog,
) -> Result<MetalProps, InputError> {
    let vm = crate::cell::metal_molar_volume(m);
    let a = log.from_material(
        "metal.creep_prefactor",
        m,
        "creep_prefactor",
        "Pa^-5 s^-1",
        0.53e-30,
        "Wang et al. 2020: 0.53 MPa^-5/s",
    );
    let n = log.from_material(
        "metal.creep_exponent",
        m,
        "creep_exponent",
        "-",
        5.0,
        "Wang et al. 2020: n = 5",
    );
    let q = match m.prop("creep_activation_energy") {
        Some(p) => {
            let v = if p.dim == dims::ENERGY {
                p.si * AVOGADRO
            } else {
                p.si
            };
            log.add(
                "metal.creep_activation_energy",
                v,
                "J/mol",
                format!(
                    "{}.creep_activation_energy ({})",
                    m.id,
                    p.provenance_label()
                ),
            )
        }
        None => log.add(
            "metal.creep_activation_energy",
            44e3,
            "J/mol",
            "assumed: 44 kJ/mol lattice self-diffusion (Wang et al. 2020, expected)",
        ),
    };
    let flow = log.from_material(
        "metal.yield_strength",
        m,
        "yield_strength",
        "Pa",
        0.2e6,
        "review §2: Na yields at 0.2 MPa",
    );
    let hardness = log.from_material(
        "metal.hardness",
        m,
        "hardness",
        "Pa",
        3.0 * flow,
        "Tabor: H ≈ 3σ_y",
    );
    let beta = o.param(log, "creep_beta", dims::DIMENSIONLESS, "-", defaults::CREEP_BETA, "fitted: power-law creep stays below the diffusional regime to ~9 MPa (Spencer Jolly et al. 2020)")?;
    let diffusional = o.param(
        log,
        "creep_diffusional",
        Dimension::new(2, -1, 1, 0, 0, 0, 0),
        "m/(s Pa)",
        defaults::CREEP_DIFFUSIONAL,
        "fitted: void-free stripping current 0.28 mA/cm² per MPa (Spencer Jolly et al. 2020)",
    )?;
    log.add(
        "metal.diffusional_activation",
        defaults::CREEP_DIFFUSIONAL_EA,
        "J/mol",
        "0.14 eV apparent activation of the stripping limit (Lowack et al. 2026 preprint)",
    );
    Ok(MetalProps {
        vm,
        creep: CreepLaw {
            prefactor: a,
            exponent: n,
            activation: q,
            beta,
            diffusional,
            diffusional_activation: defaults::CREEP_DIFFUSIONAL_EA,
        },
        hardness,
    })
}

/// Multiplier of the Na|electrolyte contact from treatment/interlayer entries that report an
/// interfacial resistance (without → with): the contact is raised from `phi_base` until the
/// model's own interfacial resistance `resistance(φ)` [Ω·m²] (constriction plus charge transfer
/// on the contacts) has fallen by the reported ratio; capped at full contact.
pub(super) fn contact_multiplier(
    materials: &[&Material],
    phi_base: f64,
    resistance: &dyn Fn(f64) -> f64,
    log: &mut ParamLog,
) -> f64 {
    let mut phi = phi_base;
    for mat in materials {
        for e in &mat.effects {
            if e.property != "interfacial_resistance" {
                continue;
            }
            let (Some(a), Some(b)) = (e.without, e.with) else {
                continue;
            };
            if !(a > 0.0 && b > 0.0) {
                continue;
            }
            let target = resistance(phi) * b / a;
            let before = phi;
            if resistance(1.0) >= target {
                phi = 1.0;
            } else {
                // R(φ) falls monotonically: bisection in log φ on [φ, 1]
                let (mut lo, mut hi) = (phi.ln(), 0.0f64);
                for _ in 0..80 {
                    let mid = 0.5 * (lo + hi);
                    if resistance(mid.exp()) > target {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                phi = hi.exp();
            }
            log.note(format!(
                "{}: interfacial resistance {} → {} raises the reachable Na|electrolyte contact ×{:.1} (to match the ratio with the model's own resistance)",
                mat.id,
                e.without_text.as_deref().unwrap_or("?"),
                e.with_text.as_deref().unwrap_or("?"),
                phi / before
            ));
        }
    }
    phi / phi_base
}

pub(super) fn is_welded(materials: &[&Material]) -> bool {
    materials.iter().any(|m| m.id.contains("weld"))
}
