//! Parameters of the composite cathode, resolved from the cell design, the materials database and
//! the model options, each recorded with its basis.

use crate::cell::{percolation_factor, Cathode, DEFAULT_PERCOLATION_EXPONENT};
use crate::constants::{ELEMENTARY_CHARGE, FARADAY};
use crate::materials::arrhenius::Arrhenius;
use crate::model::{ModelOptions, ParamLog};
use crate::physics::cathode::ocv::Ocp;

/// Activation energy assumed for solid diffusion and charge transfer without data [J].
pub const DEFAULT_EA_TRANSPORT: f64 = 0.35 * ELEMENTARY_CHARGE;

/// Everything the cathode submodels need (SI).
#[derive(Debug, Clone)]
pub struct CathodeParams {
    pub thickness: f64,
    pub phi_active: f64,
    pub phi_electrolyte: f64,
    pub radius: f64,
    /// Diffusivity at reference temperature and its Arrhenius law.
    pub diffusivity: Arrhenius,
    /// Rate constant law [m/s].
    pub rate_constant: Arrhenius,
    pub c_max: f64,
    /// Fraction of particle surface in contact with the SE network.
    pub contact_fraction: f64,
    /// Effective ionic conductivity of the composite network (law of the bulk × percolation factor).
    pub sigma_e: Arrhenius,
    pub percolation: f64,
    /// Effective electronic conductivity of the composite [S/m].
    pub sigma_s: f64,
    pub ocp: Ocp,
    pub ocp_label: String,
    /// Volume change per charge on charge [m³/C] (negative = shrinks).
    pub volume_change: f64,
    /// Initial filling.
    pub x0: f64,
    /// Cyclable Na [mol/m²] at full filling.
    pub capacity_mol: f64,
}

impl CathodeParams {
    /// Particle surface area per electrode volume in contact with electrolyte [1/m].
    pub fn specific_area(&self) -> f64 {
        self.particle_area() * self.contact_fraction
    }
    /// Whole particle surface per electrode volume, 3·φ_AM/R [1/m]: the sodium a node exchanges
    /// is spread over it for the spherically symmetric diffusion problem (so the sodium balance is
    /// exact), while the kinetics act on the contacted part only.
    pub fn particle_area(&self) -> f64 {
        3.0 * self.phi_active / self.radius
    }
    /// Cyclable capacity per area [C/m²] between filling 0 and 1.
    pub fn capacity(&self) -> f64 {
        self.capacity_mol * FARADAY
    }
}

/// Resolve the cathode parameters.
pub fn resolve(
    c: &Cathode,
    o: &ModelOptions,
    temperature: f64,
    log: &mut ParamLog,
) -> Result<CathodeParams, String> {
    let am = &c.active;
    let f = &c.fractions;
    let thickness = log.add("cathode.thickness", c.thickness, "m", "cell design");
    log.add(
        "cathode.active_fraction",
        f.active,
        "-",
        "cell design (volume fraction)",
    );
    log.add(
        "cathode.electrolyte_fraction",
        f.electrolyte,
        "-",
        "cell design (volume fraction)",
    );
    let radius = log.option_or("cathode.particle_radius", o.particle_radius, "m", |l| {
        l.from_material(
            "cathode.particle_radius",
            am,
            "particle_radius",
            "m",
            1e-6,
            "1 um generic primary particle",
        )
    });
    // an override holds at the cell's (or its stated) temperature: the law is anchored there
    let d_anchor = o
        .diffusivity
        .map_or(crate::constants::T_REF, |v| v.temperature(temperature));
    let k_anchor = o
        .rate_constant
        .map_or(crate::constants::T_REF, |v| v.temperature(temperature));
    if let Some(v) = o.diffusivity {
        log.note(format!("cathode.diffusivity: {}", v.basis(temperature)));
    }
    if let Some(v) = o.rate_constant {
        log.note(format!("cathode.rate_constant: {}", v.basis(temperature)));
    }
    let d_ref = log.option_or(
        "cathode.diffusivity",
        o.diffusivity.map(|v| v.value),
        "m^2/s",
        |l| {
            l.from_material(
                "cathode.diffusivity",
                am,
                "diffusivity",
                "m^2/s",
                1e-15,
                "1e-15 m^2/s, middle of the recalled 1e-14..1e-16 range of Na hosts",
            )
        },
    );
    let rho = am
        .si("density")
        .ok_or_else(|| format!("{} has no density", am.id))?;
    // cyclable concentration: from the material, else from the specific capacity actually used
    let c_max = match (o.max_concentration, am.si("max_concentration")) {
        (Some(v), _) => log.add(
            "cathode.max_concentration",
            v,
            "mol/m^3",
            "cell file [model] option",
        ),
        (None, Some(_)) => log.from_material(
            "cathode.max_concentration",
            am,
            "max_concentration",
            "mol/m^3",
            0.0,
            "",
        ),
        (None, None) => log.add(
            "cathode.max_concentration",
            rho * c.specific_capacity / FARADAY,
            "mol/m^3",
            format!(
                "derived: density × specific capacity / F ({})",
                c.capacity_basis
            ),
        ),
    };
    let k_ref = match (
        o.rate_constant,
        am.si("rate_constant"),
        am.si("exchange_current_density"),
    ) {
        (Some(k), _, _) => log.add(
            "cathode.rate_constant",
            k.value,
            "m/s",
            k.basis(temperature),
        ),
        (None, Some(_), _) => {
            log.from_material("cathode.rate_constant", am, "rate_constant", "m/s", 0.0, "")
        }
        (None, None, Some(i0)) => log.add(
            "cathode.rate_constant",
            i0 / (FARADAY * c_max * 0.5),
            "m/s",
            format!(
                "derived from {}.exchange_current_density at half filling",
                am.id
            ),
        ),
        _ => log.add(
            "cathode.rate_constant",
            1e-11,
            "m/s",
            format!("assumed ({} has no kinetics data): 1e-11 m/s", am.id),
        ),
    };
    let contact = log.add(
        "cathode.contact_fraction",
        o.contact_fraction,
        "-",
        if o.contact_fraction == ModelOptions::default().contact_fraction {
            "assumed: half of the particle surface touches the solid electrolyte (point contacts, review §4)".to_string()
        } else {
            "cell file [model] option".to_string()
        },
    );
    let law = c
        .electrolyte
        .conductivity_law()
        .ok_or_else(|| format!("{} has no ionic conductivity", c.electrolyte.id))?;
    let law = match o.electrolyte_conductivity {
        Some(s) => s.anchor(law, temperature),
        None => law,
    };
    log.add(
        "cathode.electrolyte_conductivity_bulk",
        law.value_ref,
        "S/m",
        format!(
            "{}.ionic_conductivity{}",
            c.electrolyte.id,
            if law.ea_assumed {
                " (activation energy assumed)"
            } else {
                ""
            }
        ),
    );
    let perc = percolation_factor(
        f.electrolyte,
        c.percolation_threshold,
        DEFAULT_PERCOLATION_EXPONENT,
    );
    log.add(
        "cathode.percolation_factor",
        perc,
        "-",
        format!(
            "((φ − φc)/(1 − φc))^t with φ = {:.3}, φc = {:.2}, t = 2 (percolation; DESIGN.md)",
            f.electrolyte, c.percolation_threshold
        ),
    );
    let sigma_e = Arrhenius {
        value_ref: law.value_ref * perc,
        ..law
    };
    // electronic path: carbon and the (coated) active material, Bruggeman φ^1.5 (assumed form)
    let sigma_s = match o.electronic_conductivity {
        Some(s) => log.add(
            "cathode.electronic_conductivity",
            s,
            "S/m",
            "cell file [model] option",
        ),
        None => {
            let sc = c
                .carbon
                .as_ref()
                .and_then(|m| m.si("electronic_conductivity"))
                .unwrap_or(1000.0);
            let sa = am.si("electronic_conductivity").unwrap_or(0.0);
            let s = sc * f.carbon.powf(1.5) + sa * f.active.powf(1.5);
            let s = if s > 0.0 { s } else { 10.0 };
            log.add(
                "cathode.electronic_conductivity",
                s,
                "S/m",
                "Bruggeman σ·φ^1.5 of carbon and coated active material (assumed form; carbon 10 S/cm if not in the database)",
            )
        }
    };
    let (ocp, label) = match &o.ocv_file {
        Some(p) => (
            Ocp::from_csv(p).map_err(|e| e.to_string())?,
            format!("user OCV table {}", p.display()),
        ),
        None => Ocp::from_material(am)?,
    };
    log.note(format!("cathode open-circuit potential: {label}"));
    let volume_change = am.si("volume_change").unwrap_or(0.0);
    let x0 = match o.initial_filling {
        Some(x) => log.add(
            "cathode.initial_filling",
            x,
            "-",
            "cell file [model] option",
        ),
        None => log.add(
            "cathode.initial_filling",
            0.995,
            "-",
            "assumed: as-made cathode fully sodiated, 0.5 % short of the wall of the OCV",
        ),
    };
    let capacity_mol = c_max * f.active * thickness;
    Ok(CathodeParams {
        thickness,
        phi_active: f.active,
        phi_electrolyte: f.electrolyte,
        radius,
        diffusivity: Arrhenius {
            value_ref: d_ref,
            t_ref: d_anchor,
            ea: DEFAULT_EA_TRANSPORT,
            sigma_t: false,
            ea_assumed: true,
        },
        rate_constant: Arrhenius {
            value_ref: k_ref,
            t_ref: k_anchor,
            ea: DEFAULT_EA_TRANSPORT,
            sigma_t: false,
            ea_assumed: true,
        },
        c_max,
        contact_fraction: contact,
        sigma_e,
        percolation: perc,
        sigma_s,
        ocp,
        ocp_label: label,
        volume_change,
        x0,
        capacity_mol,
    })
}
