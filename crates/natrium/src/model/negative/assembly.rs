//! Assembly of the negative-side submodels of an interface cell.

use super::defaults;
use super::metal::{contact_multiplier, is_welded, metal_props};
use super::opts::{Opts, KEYS};
use crate::cell::{CellSpec, CellType};
use crate::constants::{AVOGADRO, FARADAY, T_REF};
use crate::error::InputError;
use crate::materials::arrhenius::Arrhenius;
use crate::materials::{Class, Material};
use crate::model::params::ParamLog;
use crate::model::submodel::Submodel;
use crate::model::vars::Var;
use crate::physics::mechanics::pressure::{ConstantPressure, FixedGap, OtherSide};
use crate::physics::negative::alloy::AlloyStorage;
use crate::physics::negative::contact::{Contact, ContactParams, CreepLaw};
use crate::physics::negative::counter::CounterInterface;
use crate::physics::negative::dead::DeadSodium;
use crate::physics::negative::dendrite::{Dendrite, DendriteParams};
use crate::physics::negative::fluctuation::Delamination;
use crate::physics::negative::interphase::Interphase;
use crate::physics::negative::inventory::Inventory;
use crate::physics::negative::kernels::{
    barrier_constant, constriction_asr, critical_flaw_overpotential,
};
use crate::physics::negative::kinetics::{Constriction, Kinetics};
use crate::physics::negative::none::Off;
use crate::physics::negative::nucleation::{Nucleation, NucleationParams};
use crate::physics::negative::oxide::OxideReduction;
use crate::physics::negative::pores::PoreTrapping;
use crate::units::{dims, Dimension};

/// Build the negative-side submodels of an interface cell. `i_ion_scale` sets tolerances.
pub fn interface_submodels(
    cell: &CellSpec,
    table: &toml::Table,
    law: Arrhenius,
    n_scale: f64,
    log: &mut ParamLog,
) -> Result<Vec<Box<dyn Submodel>>, InputError> {
    let file = cell.file.clone().unwrap_or_else(|| "<cell>".into());
    let o = Opts {
        t: table,
        file: &file,
    };
    for k in table.keys() {
        if !KEYS.contains(&k.as_str()) {
            let hint = crate::materials::closest_name(k, KEYS)
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            return Err(o.err(
                k,
                format!("unknown interface option{hint}; known: {}", KEYS.join(", ")),
            ));
        }
    }
    let metal = &cell.negative.metal;
    let mp = metal_props(metal, &o, log)?;
    let vm = mp.vm;
    let mut subs: Vec<Box<dyn Submodel>> = Vec::new();
    let anode_free = matches!(cell.kind, CellType::AnodeFree | CellType::Deposition);

    // kinetics and constriction
    let i0v = o.param(
        log,
        "exchange_current",
        dims::CURRENT_DENSITY,
        "A/m^2",
        defaults::EXCHANGE_CURRENT,
        "assumed: R_ct ≈ 1 Ω·cm² (Eckhardt et al. 2023)",
    )?;
    // an override holds at the cell's temperature; the default is the value at 25 °C
    let i0_anchor = if o.t.contains_key("exchange_current") {
        cell.temperature
    } else {
        T_REF
    };
    let i0 = Arrhenius {
        value_ref: i0v,
        t_ref: i0_anchor,
        ea: crate::model::build::DEFAULT_NA_EXCHANGE_ACTIVATION,
        sigma_t: false,
        ea_assumed: true,
    };
    let (cdl_default, cdl_basis) = match cell
        .interlayer
        .as_ref()
        .and_then(|l| l.material.prop("double_layer_capacitance").map(|p| (l, p)))
    {
        Some((l, p)) => (
            p.si,
            format!(
                "{}.double_layer_capacitance ({})",
                l.material.id,
                p.provenance_label()
            ),
        ),
        None => (
            defaults::DOUBLE_LAYER,
            "assumed: 10 µF/cm² (electrode-interface class, materials-data.md)".to_string(),
        ),
    };
    let cdl = o.param(
        log,
        "double_layer_capacitance",
        dims::AREAL_CAPACITANCE,
        "F/m^2",
        cdl_default,
        &cdl_basis,
    )?;
    subs.push(Box::new(Kinetics::new(i0, cdl)));
    let spot = o.param(
        log,
        "spot_radius",
        dims::LENGTH,
        "m",
        defaults::SPOT_RADIUS,
        "assumed: 10 µm contact spots (negative-interface.md example)",
    )?;
    let (cc_default, cc_basis) = match &cell.interlayer {
        Some(l) => (
            1.0,
            format!(
                "assumed: the {} interlayer touches the ceramic everywhere and spreads the ion flux over it",
                l.material.id
            ),
        ),
        None => (
            defaults::COLLECTOR_CONTACT,
            "assumed: 5 % of a bare collector touches the ceramic".to_string(),
        ),
    };
    let coll_contact = o.param(
        log,
        "collector_contact",
        dims::DIMENSIONLESS,
        "-",
        cc_default,
        &cc_basis,
    )?;
    match o
        .variant("constriction", &["holm", "none"], "holm")?
        .as_str()
    {
        "holm" => subs.push(Box::new(Constriction {
            spot_radius: spot,
            conductivity: law,
            collector_contact: coll_contact,
        })),
        _ => subs.push(Box::new(Off::new(
            "negative/constriction",
            &[(Var::ConstrictionOverpotential, 0.0)],
        ))),
    }

    // materials at the interface
    let mut interface_mats: Vec<&Material> = cell.separator.treatments.iter().collect();
    if let Some(l) = &cell.interlayer {
        interface_mats.push(&l.material);
        interface_mats.extend(l.treatments.iter());
    }
    if let Some(l) = &cell.negative_collector {
        interface_mats.extend(l.treatments.iter());
    }

    // nucleation (anode-free and deposition cells)
    let nucleation_default = if anode_free { "classical" } else { "none" };
    match o
        .variant("nucleation", &["classical", "none"], nucleation_default)?
        .as_str()
    {
        "classical" => {
            let gamma = o.param(
                log,
                "surface_energy",
                dims::SURFACE_ENERGY,
                "J/m^2",
                metal
                    .si("surface_energy")
                    .unwrap_or(defaults::SURFACE_ENERGY),
                "Na surface energy (assumed 0.2 J/m², negative-interface.md)",
            )?;
            let omega = vm / AVOGADRO;
            let b = barrier_constant(gamma, omega);
            let interlayer = cell.interlayer.as_ref().map(|l| &l.material);
            let wetting = interlayer.and_then(|m| m.prop("nucleation_wetting").map(|p| (m, p)));
            let (f_default, basis) = match (interlayer, wetting) {
                (_, Some((m, p))) => {
                    (p.si, format!("{}.nucleation_wetting ({})", m.id, p.provenance_label()))
                }
                (Some(m), None) if m.family == "alloying-metal" => (1e-4, format!("{} alloys with Na: the nucleation barrier is removed (review §2)", m.id)),
                (Some(m), None) => match m.effects.iter().filter(|e| e.property == "nucleation_overpotential").min_by(|a, b| a.current_density.unwrap_or(f64::MAX).total_cmp(&b.current_density.unwrap_or(f64::MAX))) {
                    Some(e) if e.without.is_some() && e.with.is_some() => {
                        let r = e.with.unwrap_or(1.0) / e.without.unwrap_or(1.0);
                        (defaults::WETTING_BARE * r * r, format!("{}: barrier ∝ η², η {} → {} at the lowest current reported (review)", m.id, e.without_text.as_deref().unwrap_or(""), e.with_text.as_deref().unwrap_or("")))
                    }
                    _ => (defaults::WETTING_BARE, format!("{}: no nucleation data, bare-collector wetting", m.id)),
                },
                (None, _) => (defaults::WETTING_BARE, "fitted: Al|NZSP nucleation overpotential ≈53 mV at 0.1 mA/cm² (review §2, ref. 54)".to_string()),
            };
            let f = o.param(log, "wetting", dims::DIMENSIONLESS, "-", f_default, &basis)?;
            let j0 = o.param(
                log,
                "nucleation_prefactor",
                Dimension::new(-2, 0, -1, 0, 0, 0, 0),
                "1/(m^2 s)",
                defaults::NUCLEATION_PREFACTOR,
                "assumed: 8.6e18 sites/m² × 1e9 1/s (classical nucleation theory range 1e28–1e32)",
            )?;
            let sites = o.param(
                log,
                "nucleation_sites",
                Dimension::new(-2, 0, 0, 0, 0, 0, 0),
                "1/m^2",
                omega.powf(-2.0 / 3.0),
                "derived: one site per surface atom, Ω^(-2/3)",
            )?;
            let amp = o.param(
                log,
                "pressure_amplification",
                dims::DIMENSIONLESS,
                "-",
                defaults::PRESSURE_AMPLIFICATION,
                "assumed: ≈2.2 mV/MPa of nucleation overpotential, a slope of a few mV/MPa (review §2, ref. 37, gives none)",
            )?;
            subs.push(Box::new(Nucleation::new(
                NucleationParams {
                    barrier: f * b,
                    j0,
                    sites,
                    omega,
                    amplification: amp,
                    molar_volume: vm,
                },
                i0,
            )));
        }
        _ => subs.push(Box::new(Off::new(
            "negative/nucleation",
            &[(Var::Coverage, 1.0)],
        ))),
    }

    // contact, voids and creep
    let rho = 1.0 / law.at(cell.temperature);
    let r_ct =
        crate::constants::GAS_CONSTANT * cell.temperature / (FARADAY * i0.at(cell.temperature));
    let resistance = |phi: f64| -> f64 { constriction_asr(rho, spot, phi) + r_ct / phi };
    let phi_base = (defaults::FOIL_WETTING * cell.stack_pressure / mp.hardness)
        .clamp(defaults::CONTACT_MIN, 1.0);
    let mult = contact_multiplier(&interface_mats, phi_base, &resistance, log);
    let welded = is_welded(&interface_mats);
    let p0 = cell.stack_pressure;
    // a pressed foil on a poorly wetted ceramic reaches only the real contact of a plastic
    // rough contact; plated, welded and treated-to-wet interfaces reach full contact
    let pressed = if anode_free || welded {
        None
    } else {
        let w = log.add(
            "contact.pressed_wetting",
            defaults::FOIL_WETTING * mult,
            "-",
            "fitted foil wetting of as-sintered NASICON × treatment multipliers: φ_eq = min(1, w·p/H)",
        );
        Some((w, mp.hardness))
    };
    let phi0_default = match pressed {
        None => 1.0,
        Some((w, h)) => (w * p0 / h).clamp(defaults::CONTACT_MIN, 1.0),
    };
    let phi0 = o.param(
        log,
        "initial_contact",
        dims::DIMENSIONLESS,
        "-",
        phi0_default,
        if anode_free {
            "plated sodium grows in contact with the electrolyte"
        } else if welded {
            "ultrasound-welded: intimate contact (review §3, ref. 80)"
        } else {
            "pressed foil: fitted wetting of as-sintered NASICON × min(1, p/H) × treatment multipliers"
        },
    )?;
    let contact_params = ContactParams {
        initial: phi0,
        minimum: o.param(
            log,
            "contact_minimum",
            dims::DIMENSIONLESS,
            "-",
            defaults::CONTACT_MIN,
            "assumed",
        )?,
        length: o.param(
            log,
            "void_length",
            dims::LENGTH,
            "m",
            defaults::VOID_LENGTH,
            "assumed: void/roughness length scale 1 µm",
        )?,
        opening: o.param(
            log,
            "void_opening",
            dims::DIMENSIONLESS,
            "-",
            defaults::VOID_OPENING,
            "assumed",
        )?,
        creep: mp.creep.clone(),
        molar_volume: vm,
        t_ref: T_REF,
        pressed,
    };
    let contact_variant = o.variant("contact", &["void-creep", "none"], "void-creep")?;
    // random local delamination rides on the contact model
    let delamination = match o
        .variant("fluctuation", &["delamination", "none"], "none")?
        .as_str()
    {
        "delamination" => {
            if contact_variant == "none" {
                return Err(o.err(
                    "fluctuation",
                    "\"delamination\" acts on the contact fraction: it needs contact = \"void-creep\"",
                ));
            }
            let rate = o.param(
                log,
                "fluctuation_rate",
                Dimension::new(0, 0, -1, 0, 0, 0, 0),
                "1/s",
                defaults::FLUCTUATION_RATE,
                "assumed: one candidate delamination per 10 min of plating",
            )?;
            let amplitude = o.param(
                log,
                "fluctuation_amplitude",
                dims::DIMENSIONLESS,
                "-",
                defaults::FLUCTUATION_AMPLITUDE,
                "assumed: an event detaches up to half of the contact",
            )?;
            if !(0.0..1.0).contains(&amplitude) || rate <= 0.0 {
                return Err(o.err(
                    "fluctuation_amplitude",
                    format!("rate {rate} 1/s and amplitude {amplitude}: expected a positive rate and 0 ≤ amplitude < 1"),
                ));
            }
            let seed = match table.get("seed") {
                None => 0,
                Some(toml::Value::Integer(k)) if *k >= 0 => *k as u64,
                Some(v) => {
                    return Err(o.err("seed", format!("{v}: expected a non-negative integer")))
                }
            };
            log.add(
                "interface.seed",
                seed as f64,
                "-",
                "seed of the delamination events",
            );
            Some(Delamination {
                rate,
                amplitude,
                seed,
            })
        }
        _ => None,
    };
    match contact_variant.as_str() {
        "void-creep" => {
            let mut c = Contact::new(contact_params.clone());
            c.delamination = delamination;
            subs.push(Box::new(c))
        }
        _ => subs.push(Box::new(Off::new(
            "negative/contact",
            &[(Var::NegativeContact, phi0)],
        ))),
    }

    // inventory and its losses
    let n0 = cell.negative.initial_thickness / vm;
    subs.push(Box::new(Inventory::new(n0, n_scale, vm)));
    // native oxide: Cu2O is reduced by Na, Al2O3 is not
    let collector = cell.negative_collector.as_ref().map(|l| &l.material);
    let oxide_q = match collector {
        Some(c) if c.id.starts_with("cu") || c.id.contains("-cu") => {
            let t = c.si("native_oxide_thickness").unwrap_or(5e-9);
            // Cu2O: 6.0 g/cm3, 143.09 g/mol, 2 Na per formula unit
            2.0 * t * 6000.0 / 0.14309
        }
        _ => 0.0,
    };
    match o
        .variant(
            "oxide",
            &["first-charge", "none"],
            if oxide_q > 0.0 {
                "first-charge"
            } else {
                "none"
            },
        )?
        .as_str()
    {
        "first-charge" if oxide_q > 0.0 => {
            log.add(
                "interface.native_oxide",
                oxide_q,
                "mol/m^2",
                "Cu2O film of the collector (native_oxide_thickness, 2 Na per Cu2O)",
            );
            subs.push(Box::new(OxideReduction::new(oxide_q)));
        }
        _ => subs.push(Box::new(Off::new(
            "negative/native-oxide",
            &[(Var::OxideFlux, 0.0)],
        ))),
    }
    // alloying interlayer
    let alloy_q = cell
        .interlayer
        .as_ref()
        .filter(|l| l.material.family == "alloying-metal")
        .map(|l| {
            l.material.si("na_storage").unwrap_or_else(|| {
                // Na15Sn4-like: ~0.6 mAh/cm² per µm of alloying metal (100 nm Sn → 0.06 mAh/cm²)
                l.thickness / 1e-7 * 0.06 * 36_000.0
            }) / FARADAY
        });
    match (
        o.variant(
            "alloy",
            &["interlayer", "none"],
            if alloy_q.is_some() {
                "interlayer"
            } else {
                "none"
            },
        )?
        .as_str(),
        alloy_q,
    ) {
        ("interlayer", Some(q)) => {
            log.add(
                "interface.alloy_capacity",
                q,
                "mol/m^2",
                "interlayer na_storage or ~0.6 mAh/cm² per µm (negative-interface.md)",
            );
            subs.push(Box::new(AlloyStorage::new(q)));
        }
        _ => subs.push(Box::new(Off::new(
            "negative/alloy",
            &[(Var::AlloyFlux, 0.0)],
        ))),
    }
    // porous collector
    let pore_q = collector
        .and_then(|c| c.si("porosity").filter(|p| *p > 0.0))
        .map(|p| {
            let t = cell
                .negative_collector
                .as_ref()
                .map(|l| l.thickness)
                .unwrap_or(0.0);
            p * t / vm
        });
    match (
        o.variant(
            "pores",
            &["trapping", "none"],
            if pore_q.is_some() { "trapping" } else { "none" },
        )?
        .as_str(),
        pore_q,
    ) {
        ("trapping", Some(q)) => {
            log.add(
                "interface.pore_capacity",
                q,
                "mol/m^2",
                "collector porosity × thickness / V_m",
            );
            subs.push(Box::new(PoreTrapping::new(q, vm)));
        }
        _ => subs.push(Box::new(Off::new(
            "negative/collector-pores",
            &[(Var::PoreFlux, 0.0)],
        ))),
    }
    // interphase growth
    let k_sei = cell
        .separator
        .material
        .si("interphase_growth")
        .unwrap_or(0.0)
        / FARADAY;
    match o
        .variant(
            "interphase",
            &["parabolic", "none"],
            if k_sei > 0.0 { "parabolic" } else { "none" },
        )?
        .as_str()
    {
        "parabolic" if k_sei > 0.0 => {
            log.add(
                "interface.interphase_rate",
                k_sei,
                "mol/(m^2 s^0.5)",
                format!("{}.interphase_growth", cell.separator.material.id),
            );
            subs.push(Box::new(Interphase::new(k_sei)));
        }
        _ => subs.push(Box::new(Off::new(
            "negative/interphase",
            &[(Var::InterphaseFlux, 0.0)],
        ))),
    }
    // dead sodium
    match o
        .variant("dead", &["contact-isolation", "none"], "contact-isolation")?
        .as_str()
    {
        "contact-isolation" => {
            let bv = o.param(
                log,
                "dead_void",
                dims::DIMENSIONLESS,
                "-",
                defaults::DEAD_VOID,
                "assumed: 5 % of the flux stripped through voids, × (1 − φ)²",
            )?;
            let be = o.param(
                log,
                "dead_end",
                dims::DIMENSIONLESS,
                "-",
                defaults::DEAD_END,
                "fitted to the 4.6 % loss in 300 cycles of the BaTiO3/C cell (review §2)",
            )?;
            subs.push(Box::new(DeadSodium::new(bv, be, n_scale * 1e-3)));
        }
        _ => subs.push(Box::new(Off::new(
            "negative/dead-sodium",
            &[(Var::DeadFlux, 0.0)],
        ))),
    }
    // dendrites
    let mut counter_dendrite: Option<DendriteParams> = None;
    let dendrite = o.variant("dendrite", &["flaw-fracture", "none"], "flaw-fracture")?;
    if dendrite == "flaw-fracture" {
        {
            let sep = &cell.separator;
            let mut rho_rel = sep.relative_density;
            let mut sigma_e = sep.material.si("electronic_conductivity").unwrap_or(0.0);
            let mut flaw_factor = 1.0;
            for m in &interface_mats {
                for e in &m.effects {
                    match e.property.as_str() {
                        "relative_density" => {
                            if let Some(w) = e.with {
                                rho_rel = rho_rel.max(w);
                            }
                        }
                        "electronic_conductivity" => {
                            if let (Some(a), Some(b)) = (e.without, e.with) {
                                if a > 0.0 {
                                    sigma_e *= b / a;
                                }
                            }
                        }
                        "dendrites" => flaw_factor = 0.5,
                        _ => {}
                    }
                }
            }
            let k_ic = sep
                .material
                .si("fracture_toughness")
                .unwrap_or(defaults::FRACTURE_TOUGHNESS);
            log.add(
                "dendrite.fracture_toughness",
                k_ic,
                "Pa m^0.5",
                if sep.material.si("fracture_toughness").is_some() {
                    format!("{}.fracture_toughness", sep.material.id)
                } else {
                    "assumed: NZSP-type 1.3 MPa√m (Nonemacher 2019)".into()
                },
            );
            log.add(
                "dendrite.relative_density",
                rho_rel,
                "-",
                "separator relative density (with treatments)",
            );
            let c_default = (defaults::FLAW_C0 + defaults::FLAW_C1 * (1.0 - rho_rel)) * flaw_factor;
            let c = o.param(log, "flaw_size", dims::LENGTH, "m", c_default, "assumed: c = 1 µm + 50 µm·(1 − ρ_rel), halved by treatments reported to stop dendrites")?;
            let eta_crit = log.add(
                "dendrite.critical_overpotential",
                critical_flaw_overpotential(vm, k_ic, defaults::FLAW_Y, c),
                "V",
                "V_m·K_IC/(F·Y·√(πc)) (Porz et al. 2017)",
            );
            let rate = o.param(
                log,
                "damage_rate",
                Dimension::new(0, 0, -1, 0, 0, 0, 0),
                "1/s",
                defaults::DAMAGE_RATE,
                "assumed",
            )?;
            let leak = 1.0 + sigma_e / defaults::SIGMA_E_REF;
            log.add("dendrite.leak_factor", leak, "-", "1 + σ_e/(1e-8 S/cm) (assumed form: internal Na deposition in leaky ceramics, review ref. 61)");
            let params = DendriteParams {
                eta_crit,
                rate,
                leak_factor: leak,
            };
            counter_dendrite = Some(params.clone());
            subs.push(Box::new(Dendrite::new(params)));
        }
    }
    // stack pressure
    match cell.fixture {
        crate::cell::Fixture::ConstantPressure => subs.push(Box::new(ConstantPressure)),
        crate::cell::Fixture::FixedGap { stiffness } => {
            let beta_r = o.param(
                log,
                "relax_beta",
                dims::DIMENSIONLESS,
                "-",
                defaults::RELAX_BETA,
                "fitted: a 100 µm Na foil at 1e10 Pa/m relaxes 3 → 0.6 MPa in ≈3 h (Wang et al. 2020: within hours)",
            )?;
            log.add(
                "mechanics.stiffness",
                stiffness,
                "Pa/m",
                "cell design fixture",
            );
            let other_side = match &cell.cathode {
                Some(c) if cell.kind.is_full_cell() => OtherSide::Cathode {
                    volume_change: log.add(
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
            subs.push(Box::new(FixedGap::new(
                stiffness,
                CreepLaw {
                    beta: beta_r,
                    ..mp.creep.clone()
                },
                vm,
                T_REF,
                p0,
                other_side,
            )));
        }
    }
    // counter electrode of half cells
    if !cell.kind.is_full_cell() {
        if let Some(ce) = &cell.counter_electrode {
            let mut cmats: Vec<&Material> = cell.separator.treatments.iter().collect();
            cmats.extend(ce.treatments.iter());
            let cm = contact_multiplier(&cmats, phi_base, &resistance, log);
            let cwelded = is_welded(&cmats);
            let cphi0 = if cwelded {
                1.0
            } else {
                (defaults::FOIL_WETTING * cm * (p0 / mp.hardness).min(1.0))
                    .clamp(defaults::CONTACT_MIN, 1.0)
            };
            log.add(
                "counter.initial_contact",
                cphi0,
                "-",
                if cwelded {
                    "ultrasound-welded counter"
                } else {
                    "pressed counter foil (same rule as the working foil)"
                },
            );
            let counter_variant =
                o.variant("counter_contact", &["void-creep", "none"], "void-creep")?;
            if counter_variant == "none" {
                log.note(
                    "counter electrode contact held fixed (a large, well-contacted Na reference)",
                );
            }
            let contact = if contact_variant == "void-creep" && counter_variant == "void-creep" {
                Some(Contact::new(ContactParams {
                    initial: cphi0,
                    ..contact_params
                }))
            } else {
                None
            };
            subs.push(Box::new(CounterInterface::new(
                i0,
                ce.thickness / vm,
                n_scale,
                vm,
                spot,
                law,
                contact,
                cphi0,
            )));
            // sodium plated on the counter (while the working side strips) meets the same flaws
            if let Some(p) = counter_dendrite.take() {
                subs.push(Box::new(Dendrite::counter(p)));
            }
        }
    }
    let _ = Class::Metal;
    Ok(subs)
}
