//! Contact of the negative metal with the electrolyte: `void-creep` (voids opened by stripping,
//! closed by creep and plating, starting from the contact the preparation gave) or `none` (the
//! contact after assembly, held).

pub mod void_creep;

pub use void_creep::{Contact, ContactParams};

use super::none::Off;
use super::preparation::{acts, conformity, initial_contact, InitialContact};
use super::resolve::Ctx;
use crate::cell::{CollectorForm, Preparation};
use crate::error::InputError;
use crate::materials::Mechanism;
use crate::model::{Submodel, Var};
use crate::units::dims;

/// Conformity of a rolled foil collector: the share of the interface where the foil presses the
/// plated sodium onto the electrolyte. Calibrated: the first-cycle efficiency of an Al foil |
/// Na4(B10H10)(B12H12) | Na9Sn4 half cell, 64 % for 1 mAh/cm² at 1 mA/cm² and 10 MPa (Deysher
/// et al., Nat. Energy 9 (2024) 1161; model 64.5 %); range 0.05–0.5.
pub const FOIL_CONFORMITY: f64 = 0.1;
/// Hardness of a collector metal without data [Pa] (assumed: Al, 160 MPa).
pub const COLLECTOR_HARDNESS: f64 = 160e6;
/// Lowest contact fraction (assumed).
pub const CONTACT_MIN: f64 = 1e-3;
/// Resistance of the air-formed surface film of an oxide electrolyte without data of its own
/// [Ω·m²]: 800 Ω·cm², derived from the interfacial resistance of bare pressed Na | NZSP pellets,
/// 391–1658 Ω·cm² (review refs 46 and 78; baselines of Wang et al., J. Mater. Chem. A 2022,
/// and Fu et al.), where contact under a few MPa is nearly complete and charge transfer adds
/// ≈1 Ω·cm², so the rest is the film (geometric middle of the range).
pub const FILM_OXIDE: f64 = 0.08;

/// The surface-film resistance an electrolyte family carries when its entry gives none, with
/// the basis: oxides handled in air carry carbonate and hydroxide films (review §3); sulfides,
/// hydroborates and halides are handled in inert gas and form none.
pub fn film_default(family: &str) -> (f64, &'static str) {
    match family {
        "nasicon" | "garnet" => (
            FILM_OXIDE,
            "derived: 800 ohm cm^2, bare pressed Na | NZSP pellets 391-1658 ohm cm^2 (review refs 46, 78; Wang 2022; Fu), range 391-1658",
        ),
        "beta-alumina" => (
            FILM_OXIDE,
            "assumed like NASICON (air-formed surface layer; Bay et al., Adv. Energy Mater. 10 (2020) 1902899 remove it by heat treatment), range 100-2000 ohm cm^2",
        ),
        _ => (
            0.0,
            "none: handled in inert gas, no air-formed film reported for this family",
        ),
    }
}

/// The contact parameters of the negative side (or, with `counter`, of the counter electrode).
pub fn params(ctx: &mut Ctx, counter: bool) -> Result<ContactParams, InputError> {
    let cell = ctx.cell;
    let prep: Preparation = if counter {
        cell.counter_preparation
    } else {
        cell.negative.preparation
    };
    let prefix = if counter { "counter" } else { "contact" };
    let sep = ctx.separator();
    let (film_family, film_why) = film_default(&sep.family);
    let film_material = ctx.log.from_material(
        &format!("{prefix}.surface_film_resistance"),
        sep,
        "surface_film_resistance",
        "ohm m^2",
        film_family,
        film_why,
    );
    let film_opt = if counter {
        None
    } else {
        ctx.option("film_resistance", dims::AREAL_RESISTANCE)?
    };
    let film = film_opt.unwrap_or(film_material);
    let mut treatments = ctx.cell.separator.treatments.iter().collect::<Vec<_>>();
    if counter {
        if let Some(ce) = &cell.counter_electrode {
            treatments.extend(ce.treatments.iter());
        }
    } else {
        treatments = ctx.treatments();
    }
    let q = ctx.creep.activation;
    let start: InitialContact = initial_contact(
        &prep,
        cell.stack_pressure,
        cell.temperature,
        film,
        &treatments,
        q,
    );
    // the contact a pressed foil returns to: the pressing law at the stack pressure over an hour
    let eq_prep = Preparation {
        pressure: Some(cell.stack_pressure),
        time: 3600.0,
        ..prep
    };
    let rest = initial_contact(
        &eq_prep,
        cell.stack_pressure,
        cell.temperature,
        film,
        &treatments,
        q,
    );
    let equilibrium = ctx.log.add(
        &format!("{prefix}.equilibrium_contact"),
        rest.contact.max(start.contact),
        "-",
        format!(
            "the contact at rest under the stack pressure: {}",
            rest.basis
        ),
    );
    let initial = if counter {
        ctx.log.add(
            &format!("{prefix}.initial_contact"),
            start.contact,
            "-",
            start.basis.clone(),
        )
    } else {
        ctx.param(
            "initial_contact",
            dims::DIMENSIONLESS,
            "-",
            start.contact,
            start.basis.clone(),
        )?
    };
    ctx.log.add(
        &format!("{prefix}.film_resistance"),
        start.film_resistance,
        "ohm m^2",
        if film_opt.is_some() {
            "cell file [model.interface] option".to_string()
        } else if start.film_resistance > 0.0 {
            format!(
                "{}.surface_film_resistance, in series on the contacts",
                sep.id
            )
        } else {
            "no film: plated, welded, or removed by a treatment".to_string()
        },
    );
    let conformity = if counter {
        1.0
    } else {
        resolve_conformity(ctx)?
    };
    let minimum = if counter {
        CONTACT_MIN
    } else {
        ctx.param(
            "contact_minimum",
            dims::DIMENSIONLESS,
            "-",
            CONTACT_MIN,
            "assumed: 0.1 % of the interface stays in contact",
        )?
    };
    let opening = if counter {
        1.0
    } else {
        ctx.param(
            "void_opening",
            dims::DIMENSIONLESS,
            "-",
            1.0,
            "assumed: a contact spot recedes by its own stripping (k = 1; range 0.3-3)",
        )?
    };
    Ok(ContactParams {
        initial,
        equilibrium: equilibrium.max(initial),
        minimum,
        conformity,
        opening,
        film_resistance: start.film_resistance,
        creep: ctx.creep.clone(),
        molar_volume: ctx.vm,
    })
}

/// The share of the interface the collector (or the stack, for a foil) presses.
fn resolve_conformity(ctx: &mut Ctx) -> Result<f64, InputError> {
    let (default, basis) = if !ctx.collector_side() {
        (
            1.0,
            "a sodium foil: the stack presses it everywhere".to_string(),
        )
    } else if let Some(l) = ctx.interlayer() {
        if acts(&[l], Mechanism::ConformsToSodium) {
            (
                1.0,
                format!(
                    "{}: a compliant coating that follows the sodium (conforms-to-sodium)",
                    l.id
                ),
            )
        } else {
            (
                1.0,
                format!(
                    "{}: a coating bonded to the collector and the electrolyte (assumed conformal)",
                    l.id
                ),
            )
        }
    } else {
        let coll = ctx.cell.negative_collector.as_ref();
        let form = coll.and_then(|l| l.form).unwrap_or(CollectorForm::Foil);
        let hardness = coll
            .and_then(|l| l.material.si("hardness"))
            .unwrap_or(COLLECTOR_HARDNESS);
        let fab = coll.and_then(|l| l.fabrication_pressure);
        let (c, b) = conformity(form, fab, hardness, FOIL_CONFORMITY);
        (c, format!("{} collector: {b}", form.as_str()))
    };
    ctx.param("conformity", dims::DIMENSIONLESS, "-", default, basis)
}

/// The variant the design asks for (with its delamination events, if any).
pub fn resolve(ctx: &mut Ctx) -> Result<Box<dyn Submodel>, InputError> {
    let p = params(ctx, false)?;
    let delamination = super::fluctuation::Delamination::resolve(ctx)?;
    Ok(match ctx.variant("contact", "void-creep")? {
        "void-creep" => {
            let mut c = Contact::new(p);
            c.delamination = delamination;
            Box::new(c)
        }
        _ => {
            if delamination.is_some() {
                return Err(ctx.err(
                    "fluctuation",
                    "\"delamination\" acts on the contact fraction: it needs contact = \"void-creep\"",
                ));
            }
            Box::new(Off::new(
                "negative/contact",
                &[
                    (Var::NegativeContact, p.initial),
                    (Var::ContactRate, 0.0),
                    (Var::FilmResistance, p.film_resistance),
                ],
            ))
        }
    })
}
