//! Build a [`CellModel`] from a validated cell design: choose the variant of each phenomenon from
//! the cell type and the `[model]` options, resolve every parameter with its basis, assemble.

use crate::cell::{CellSpec, CellType};
use crate::constants::FARADAY;
use crate::error::InputError;
use crate::materials::arrhenius::Arrhenius;
use crate::model::cell_model::{AssemblyError, CellModel, CoreIndex};
use crate::model::env::Env;
use crate::model::options::{
    CathodeModel, ContactLoss, ElectrolyteModel, ModelOptions, NegativeModel,
};
use crate::model::params::ParamLog;
use crate::model::submodel::Submodel;
use crate::physics;
use crate::physics::cathode::params as cparams;

/// Why a model could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Input(#[from] InputError),
    /// (not exposed as `source()`: the message already carries it)
    #[error("model assembly: {0}")]
    Assembly(AssemblyError),
    #[error("{0}")]
    Physics(String),
}

impl From<AssemblyError> for BuildError {
    fn from(e: AssemblyError) -> Self {
        BuildError::Assembly(e)
    }
}

/// Exchange current density assumed for a Na|solid-electrolyte interface without data [A/m²]:
/// 25.7 mA/cm², i.e. R_ct = RT/(F·i₀) ≈ 1 Ω·cm² (Eckhardt et al. 2023; docs/physics/constriction.md).
pub const DEFAULT_NA_EXCHANGE_CURRENT: f64 = 257.0;
/// Activation energy of the Na|electrolyte exchange current [J] (assumed 0.3 eV; the interface
/// model uses the same value).
pub const DEFAULT_NA_EXCHANGE_ACTIVATION: f64 = 0.3 * crate::constants::ELEMENTARY_CHARGE;

/// Build the model of a cell design.
pub fn build_model(cell: &CellSpec) -> Result<(CellModel, ModelOptions, ParamLog), BuildError> {
    build(cell).map_err(|e| match e {
        // a [model] error gets the line of its entry in the design file
        BuildError::Input(mut ie) if ie.line.is_none() => {
            if let Some(key) = ie.field.strip_prefix("model.") {
                ie.line = cell.model_line(key);
            }
            BuildError::Input(ie)
        }
        other => other,
    })
}

fn build(cell: &CellSpec) -> Result<(CellModel, ModelOptions, ParamLog), BuildError> {
    let file = cell.file.clone().unwrap_or_else(|| "<cell>".into());
    let opts = ModelOptions::from_table(&file, &cell.model)?;
    let mut log = ParamLog::default();
    let env = Env::new(cell.temperature, cell.stack_pressure);
    let vm = cell.metal_molar_volume();
    log.add(
        "negative.metal_molar_volume",
        vm,
        "m^3/mol",
        format!("M/ρ of {}", cell.negative.metal.id),
    );

    // current scale: 1C for full cells, 0.1 mA/cm² for half cells
    let cap = cell.cathode.as_ref().map(|c| c.areal_capacity());
    let i_scale = cap.map(|q| q / 3600.0).unwrap_or(1.0);
    let n_scale = cap.map(|q| q / FARADAY).unwrap_or(36_000.0 / FARADAY);

    let mut subs: Vec<Box<dyn Submodel>> = Vec::new();
    subs.push(Box::new(physics::thermal::isothermal::Isothermal));
    subs.push(Box::new(physics::control::Control::new(i_scale)));

    // electrolyte: leakage and transport
    let sep = &cell.separator;
    let law: Arrhenius = match (
        opts.electrolyte_conductivity,
        sep.material.conductivity_law(),
    ) {
        (Some(s), Some(l)) => s.anchor(l, cell.temperature),
        (Some(s), None) => s.anchor(
            Arrhenius {
                value_ref: s.value,
                t_ref: crate::constants::T_REF,
                ea: 0.3 * crate::constants::ELEMENTARY_CHARGE,
                sigma_t: false,
                ea_assumed: true,
            },
            cell.temperature,
        ),
        (None, Some(l)) => l,
        (None, None) => {
            return Err(BuildError::Physics(format!(
                "{} has no ionic conductivity",
                sep.material.id
            )))
        }
    };
    log.add(
        "separator.conductivity",
        law.value_ref,
        "S/m",
        match opts.electrolyte_conductivity {
            Some(s) => s.basis(cell.temperature),
            None => format!(
                "{}.ionic_conductivity at {:.1} K",
                sep.material.id, law.t_ref
            ),
        },
    );
    log.add(
        "separator.conductivity_reference_temperature",
        law.t_ref,
        "K",
        "temperature at which separator.conductivity holds (Arrhenius anchor)",
    );
    log.add(
        "separator.activation_energy",
        law.ea / crate::constants::ELEMENTARY_CHARGE,
        "eV",
        if law.ea_assumed {
            format!("assumed ({} gives none): family default", sep.material.id)
        } else {
            format!(
                "{}.activation_energy ({} form)",
                sep.material.id,
                if law.sigma_t { "σT" } else { "σ" }
            )
        },
    );
    log.add("separator.thickness", sep.thickness, "m", "cell design");
    let half_cell = !cell.kind.is_full_cell();
    let sigma_el = sep.material.si("electronic_conductivity").unwrap_or(0.0);
    let conductance = if opts.leakage && !half_cell {
        sigma_el / sep.thickness
    } else {
        0.0
    };
    if sigma_el > 0.0 {
        log.add(
            "separator.electronic_conductivity",
            sigma_el,
            "S/m",
            format!("{}.electronic_conductivity", sep.material.id),
        );
        if half_cell {
            log.note("electronic leakage neglected in a half cell (its voltage is millivolts)");
        }
    }
    subs.push(Box::new(physics::electrolyte::leakage::Leakage {
        conductance,
    }));
    match opts.electrolyte {
        ElectrolyteModel::SingleIon => {
            subs.push(Box::new(physics::electrolyte::ohmic::OhmicSeparator {
                thickness: sep.thickness,
                conductivity: law,
            }));
        }
        ElectrolyteModel::Binary => {
            let tp = sep.material.si("transference_number").ok_or_else(|| {
                BuildError::Physics(format!(
                    "electrolyte = \"binary\" needs a transference number, and {} has none",
                    sep.material.id
                ))
            })?;
            if tp >= 1.0 {
                return Err(BuildError::Physics(format!(
                    "{} has t+ = {tp}: a single-ion conductor has no concentration polarisation (use electrolyte = \"single-ion\")",
                    sep.material.id
                )));
            }
            log.add(
                "separator.transference_number",
                tp,
                "-",
                format!("{}.transference_number", sep.material.id),
            );
            let c_ref = log.add(
                "separator.salt_concentration",
                1000.0,
                "mol/m^3",
                "assumed: 1 M of mobile carriers (sets the Nernst-Einstein diffusivity)",
            );
            subs.push(Box::new(
                physics::electrolyte::binary::BinarySeparator::new(
                    sep.thickness,
                    opts.separator_nodes,
                    tp,
                    law,
                    c_ref,
                ),
            ));
        }
    }

    // negative side
    let n0 = cell.negative.initial_thickness / vm;
    let negative = opts.negative.unwrap_or(NegativeModel::Interface);
    let i0 = DEFAULT_NA_EXCHANGE_CURRENT;
    let r_int = opts.interface_resistance.unwrap_or(0.0);
    match negative {
        NegativeModel::Ideal | NegativeModel::Metal
            if !matches!(cell.fixture, crate::cell::Fixture::ConstantPressure) =>
        {
            return Err(BuildError::Physics(
                "a fixed-gap fixture needs the interface model (negative = \"interface\"): its pressure follows the plated sodium".into(),
            ));
        }
        NegativeModel::Ideal => {
            subs.push(Box::new(physics::mechanics::pressure::ConstantPressure));
            subs.push(Box::new(physics::negative::metal::MetalElectrode::ideal(
                n0.max(n_scale * 10.0),
                vm,
                n_scale,
            )));
            log.note("ideal negative electrode: no overpotential (plain P2D comparison)");
        }
        NegativeModel::Metal => {
            subs.push(Box::new(physics::mechanics::pressure::ConstantPressure));
            log.add(
                "negative.exchange_current_density",
                i0,
                "A/m^2",
                "assumed: R_ct ≈ 1 Ω·cm² of well-contacted Na|NZSP (Eckhardt et al. 2023)",
            );
            log.add(
                "negative.interface_resistance",
                r_int,
                "ohm m^2",
                if opts.interface_resistance.is_some() {
                    "cell file [model] option"
                } else {
                    "none beyond charge transfer"
                },
            );
            let ea = log.add(
                "negative.exchange_current_activation",
                DEFAULT_NA_EXCHANGE_ACTIVATION,
                "J",
                "assumed: 0.3 eV, as in the interface model",
            );
            subs.push(Box::new(physics::negative::metal::MetalElectrode::new(
                i0, ea, r_int, n0, vm, n_scale,
            )));
        }
        NegativeModel::Interface => {
            if opts.interface_resistance.is_some() {
                return Err(BuildError::Physics(
                    "interface_resistance applies to negative = \"metal\"; the interface model computes it from contact and constriction".into(),
                ));
            }
            subs.extend(physics::negative::interface_submodels(
                cell,
                &opts.interface,
                law,
                n_scale,
                &mut log,
            )?);
        }
    }

    // positive side
    match (&cell.cathode, cell.kind) {
        (Some(c), CellType::AnodeFree | CellType::NaMetal) => {
            let p = cparams::resolve(c, &opts, cell.temperature, &mut log)
                .map_err(BuildError::Physics)?;
            log.note("solid diffusivity and rate constant follow Arrhenius laws with an assumed 0.35 eV activation energy");
            match opts.cathode {
                CathodeModel::P2d => {
                    let loss = match opts.contact_loss {
                        ContactLoss::None => None,
                        ContactLoss::Strain => Some(physics::cathode::p2d::ContactLossLaw {
                            rate: log.add(
                                "cathode.contact_loss_rate",
                                opts.contact_loss_rate,
                                "-",
                                "assumed: 0.05 of the contact lost per unit volumetric strain swept (range 0.01-0.5; [model] contact_loss_rate)",
                            ),
                            holding_pressure: log.add(
                                "cathode.contact_holding_pressure",
                                opts.contact_holding_pressure,
                                "Pa",
                                "assumed: 5 MPa keeps half of the contact (range 1-50 MPa; [model] contact_holding_pressure)",
                            ),
                        }),
                    };
                    subs.push(Box::new(physics::cathode::p2d::P2dCathode::new(
                        p,
                        opts.cathode_nodes,
                        opts.particle_shells,
                        loss,
                        opts.contact_resistance,
                        i_scale,
                    )));
                }
                CathodeModel::Spm => {
                    subs.push(Box::new(physics::cathode::spm::SpmCathode::new(
                        p,
                        opts.particle_shells,
                        opts.contact_resistance,
                        i_scale,
                    )));
                }
            }
        }
        (None, CellType::Symmetric | CellType::Deposition) => {
            let ce = cell
                .counter_electrode
                .as_ref()
                .ok_or_else(|| BuildError::Physics("half cell without counter electrode".into()))?;
            // the interface model brings its own counter electrode
            if negative != NegativeModel::Interface {
                let n_counter = ce.thickness / vm;
                subs.push(Box::new(physics::negative::metal::CounterElectrode::new(
                    physics::negative::metal::MetalElectrode::new(
                        i0,
                        DEFAULT_NA_EXCHANGE_ACTIVATION,
                        r_int,
                        n_counter,
                        vm,
                        n_scale,
                    ),
                )));
            }
        }
        _ => {
            return Err(BuildError::Physics(format!(
                "cell type {} does not match its layers",
                cell.kind.as_str()
            )))
        }
    }

    let model = CellModel::assemble(subs, env, |l| CoreIndex {
        current: l
            .block("circuit.current")
            .map(|b| b.range.start)
            .unwrap_or(0),
        charge: l
            .block("circuit.charge")
            .map(|b| b.range.start)
            .unwrap_or(0),
        energy: l
            .block("circuit.energy")
            .map(|b| b.range.start)
            .unwrap_or(0),
    })?;
    Ok((model, opts, log))
}
