//! Energy-density and cycle-life forecast of a cell design and of its comparison cells
//! (review §6–7; method in docs/physics/materials.md, "Energy density of a stack").
//!
//! Per unit area, the *stack* is the repeat unit of a stacked cell with double-sided collectors:
//! ½ positive collector + composite cathode + separator + [interlayer] + negative side + ½
//! negative collector. Mass is invariant on charge (the plated metal comes from the cathode);
//! volume is taken in the thicker of the charged and discharged states. The *cell* applies the
//! packaging factors (mass, volume) of the design's `[forecast]` table.
//!
//! Capacity fade is inventory-limited: every cycle loses (1 − CE) of the charge cycled; an
//! anode-free cell has no reserve, so Q_n = Q_1·CE^(n−1); a Na-metal cell first spends its excess.

use crate::cell::{Cathode, CellSpec, CellType};
use crate::constants::FARADAY;
use crate::materials::{Class, Database, Ion, Material};

/// One layer of the stack budget.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerBudget {
    /// Role: "positive collector", "cathode composite", "separator", …
    pub role: String,
    /// Material ids (composite: all components).
    pub material: String,
    /// Share of the layer in one repeat unit (½ for double-sided collectors).
    pub share: f64,
    /// Thickness in the discharged state [m] (full layer, before the share).
    pub thickness_discharged: f64,
    /// Thickness in the charged state [m].
    pub thickness_charged: f64,
    /// Mass per area [kg/m²] (full layer, before the share).
    pub mass: f64,
    /// Cost per area [USD/m²] of the priced part (full layer).
    pub cost: f64,
    /// Components without a price.
    pub unpriced: Vec<String>,
}

/// Forecast of one cell.
#[derive(Debug, Clone, PartialEq)]
pub struct CellForecast {
    pub label: String,
    pub layers: Vec<LayerBudget>,
    /// Cathode capacity per area [C/m²].
    pub cathode_capacity: f64,
    /// First-discharge capacity per area [C/m²].
    pub areal_capacity: f64,
    /// Mean discharge voltage [V].
    pub mean_voltage: f64,
    /// First-discharge energy per area [J/m²].
    pub areal_energy: f64,
    /// Stack mass [kg/m²] and thicknesses [m].
    pub stack_mass: f64,
    pub stack_thickness_discharged: f64,
    pub stack_thickness_charged: f64,
    /// [J/kg] and [J/m³].
    pub stack_specific_energy: f64,
    pub stack_energy_density: f64,
    pub cell_specific_energy: f64,
    pub cell_energy_density: f64,
    /// Metal on the negative side at full charge [m].
    pub metal_thickness_charged: f64,
    /// Metal plated by one full charge [m].
    pub plated_thickness: f64,
    /// Change of cathode thickness on full charge [m] (negative = shrinks).
    pub cathode_thickness_change: f64,
    /// Stack swelling on full charge [m] = plated metal + cathode change.
    pub swelling: f64,
    /// Materials cost [USD/J] of the priced components, and the priced mass fraction.
    pub cost_per_energy: Option<f64>,
    pub priced_mass_fraction: f64,
    pub first_cycle_efficiency: f64,
    pub coulombic_efficiency: f64,
    /// Cycles until the discharge capacity falls to 80 % of the first.
    pub cycles_to_80: f64,
    pub notes: Vec<String>,
}

/// A full forecast: the design and its comparison cells, with the assumptions used.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    pub design: String,
    pub cells: Vec<CellForecast>,
    pub assumptions: Vec<String>,
    pub warnings: Vec<String>,
}

/// Errors of the forecast (designs it cannot evaluate).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ForecastError {
    #[error("{0}: a forecast needs a full cell (anode-free or na-metal) with a cathode")]
    NotAFullCell(String),
    #[error("material {id} lacks {field}, needed for the forecast")]
    MissingProperty { id: String, field: String },
}

fn need(m: &Material, field: &str) -> Result<f64, ForecastError> {
    m.si(field).ok_or_else(|| ForecastError::MissingProperty {
        id: m.id.clone(),
        field: field.to_string(),
    })
}

/// Cycles until capacity falls to 80 %: a reserve `reserve` (fraction of capacity, after the
/// first cycle) is spent first at (1 − CE) per cycle, then Q_n ∝ CE^n.
pub fn cycles_to_80(coulombic_efficiency: f64, reserve: f64) -> f64 {
    let ce = coulombic_efficiency;
    if ce >= 1.0 {
        return f64::INFINITY;
    }
    let loss = 1.0 - ce;
    let plateau = if reserve > 0.0 { reserve / loss } else { 0.0 };
    1.0 + plateau + (0.8f64).ln() / ce.ln()
}

fn price(m: &Material) -> Option<f64> {
    m.si("price")
}

/// The composite cathode layer; returns the budget and the Na mass added by pre-sodiation.
fn cathode_layer(
    c: &Cathode,
    q_areal: f64,
    notes: &mut Vec<String>,
    db: &Database,
) -> Result<LayerBudget, ForecastError> {
    let f = &c.fractions;
    let rho_am = need(&c.active, "density")?;
    let rho_se = need(&c.electrolyte, "density")?;
    let mut parts: Vec<(&Material, f64)> = vec![
        (&c.active, f.active * rho_am),
        (&c.electrolyte, f.electrolyte * rho_se),
    ];
    if let Some(m) = &c.carbon {
        parts.push((m, f.carbon * need(m, "density")?));
    }
    if let Some(m) = &c.binder {
        parts.push((m, f.binder * need(m, "density")?));
    }
    let mut mass = 0.0;
    let mut cost = 0.0;
    let mut unpriced = Vec::new();
    for (m, areal_density_per_thickness) in &parts {
        let mm = areal_density_per_thickness * c.thickness;
        mass += mm;
        match price(m) {
            Some(p) => cost += p * mm,
            None => unpriced.push(m.id.clone()),
        }
    }
    // a cathode made in its charged state holds none of the ion it cycles: an anode-free cell
    // needs that ion supplied (pre-sodiation or a Na source), so its mass Q/F·M is added
    if c.active.made_charged() {
        let (metal_id, symbol, verb, m_default) = match c.active.ion {
            Ion::Na => ("na", "Na", "pre-sodiation", 22.99e-3),
            Ion::Li => ("li", "Li", "pre-lithiation", 6.94e-3),
        };
        let metal = db.get_class(metal_id, Class::Metal).ok();
        let molar_mass = metal.and_then(|n| n.si("molar_mass")).unwrap_or(m_default);
        let added = q_areal / FARADAY * molar_mass;
        mass += added;
        notes.push(format!(
            "{} ({}) is made in its charged state and holds no cyclable {symbol}: an anode-free cell needs the {symbol} it cycles supplied by {verb} or a {symbol} source; the forecast adds {:.3} mg/cm^2 of {symbol} (Q/F·M) to the cathode",
            c.active.id,
            c.active.formula.as_deref().unwrap_or("no formula"),
            added * 100.0
        ));
        match metal.and_then(price) {
            Some(p) => cost += p * added,
            None => unpriced.push(metal_id.to_string()),
        }
    }
    let dv = c.active.si("volume_change");
    let dl = match dv {
        Some(v) => v * q_areal,
        None => {
            notes.push(format!(
                "{} has no volume-change data: cathode thickness change taken as 0",
                c.active.id
            ));
            0.0
        }
    };
    let mut ids = vec![c.active.id.clone(), c.electrolyte.id.clone()];
    ids.extend(c.carbon.iter().map(|m| m.id.clone()));
    ids.extend(c.binder.iter().map(|m| m.id.clone()));
    Ok(LayerBudget {
        role: "cathode composite".into(),
        material: ids.join("+"),
        share: 1.0,
        thickness_discharged: c.thickness,
        thickness_charged: c.thickness + dl,
        mass,
        cost,
        unpriced,
    })
}

fn simple_layer(
    role: &str,
    m: &Material,
    thickness: f64,
    porosity: f64,
    share: f64,
    notes: &mut Vec<String>,
) -> LayerBudget {
    let mass = match m.si("density") {
        Some(rho) => rho * thickness * (1.0 - porosity),
        None => {
            notes.push(format!(
                "{} ({role}) has no density: its mass is taken as 0",
                m.id
            ));
            0.0
        }
    };
    let (cost, unpriced) = match price(m) {
        Some(p) => (p * mass, vec![]),
        None => (0.0, vec![m.id.clone()]),
    };
    LayerBudget {
        role: role.into(),
        material: m.id.clone(),
        share,
        thickness_discharged: thickness,
        thickness_charged: thickness,
        mass,
        cost,
        unpriced,
    }
}

/// Negative side of a comparison cell.
enum NegativeSide<'a> {
    /// Plated metal only (anode-free), `metal` entry.
    AnodeFree { metal: &'a Material },
    /// Metal foil present at assembly, `excess` as a fraction of the cathode capacity.
    Metal { metal: &'a Material, excess: f64 },
    /// Hard-carbon composite anode with N/P ratio.
    HardCarbon {
        anode: &'a Material,
        electrolyte: &'a Material,
        np: f64,
    },
}

struct Variant<'a> {
    label: String,
    cathode: Cathode,
    separator_material: &'a Material,
    separator_thickness: f64,
    separator_density_factor: f64,
    positive_collector: Option<(&'a Material, f64, f64)>,
    negative_collector: Option<(&'a Material, f64, f64)>,
    interlayer: Option<(&'a Material, f64, f64)>,
    negative: NegativeSide<'a>,
    first_cycle_efficiency: f64,
    coulombic_efficiency: f64,
    mass_factor: f64,
    volume_factor: f64,
}

fn evaluate(v: &Variant, db: &Database) -> Result<CellForecast, ForecastError> {
    let mut notes = Vec::new();
    let c = &v.cathode;
    let q_cat = c.areal_capacity();
    let mut layers = Vec::new();
    if let Some((m, t, p)) = v.positive_collector {
        layers.push(simple_layer("positive collector", m, t, p, 0.5, &mut notes));
    }
    layers.push(cathode_layer(c, q_cat, &mut notes, db)?);
    let mut sep = simple_layer(
        "separator",
        v.separator_material,
        v.separator_thickness,
        0.0,
        1.0,
        &mut notes,
    );
    sep.mass *= v.separator_density_factor;
    sep.cost *= v.separator_density_factor;
    layers.push(sep);
    if let Some((m, t, p)) = v.interlayer {
        layers.push(simple_layer("interlayer", m, t, p, 1.0, &mut notes));
    }
    let v_cat = need(&c.active, "mean_voltage")?;
    let eta1 = v.first_cycle_efficiency;
    let (q1, mean_voltage, metal_charged, plated, reserve) = match &v.negative {
        NegativeSide::AnodeFree { metal } => {
            let vm = crate::cell::metal_molar_volume(metal);
            let h = q_cat * vm / FARADAY;
            layers.push(LayerBudget {
                role: "plated metal (from the cathode)".into(),
                material: metal.id.clone(),
                share: 1.0,
                thickness_discharged: 0.0,
                thickness_charged: h,
                mass: 0.0,
                cost: 0.0,
                unpriced: vec![],
            });
            (eta1 * q_cat, v_cat, h, h, 0.0)
        }
        NegativeSide::Metal { metal, excess } => {
            let vm = crate::cell::metal_molar_volume(metal);
            let h0 = excess * q_cat * vm / FARADAY;
            let h = q_cat * vm / FARADAY;
            let rho = need(metal, "density")?;
            let mass = h0 * rho;
            let (cost, unpriced) = match price(metal) {
                Some(p) => (p * mass, vec![]),
                None => (0.0, vec![metal.id.clone()]),
            };
            layers.push(LayerBudget {
                role: "metal foil".into(),
                material: metal.id.clone(),
                share: 1.0,
                thickness_discharged: h0,
                thickness_charged: h0 + h,
                mass,
                cost,
                unpriced,
            });
            // the excess first covers the first-cycle loss, then the per-cycle losses
            let first_loss = 1.0 - eta1;
            let (q1, reserve) = if *excess >= first_loss {
                (q_cat, excess - first_loss)
            } else {
                (q_cat * (1.0 - (first_loss - excess)), 0.0)
            };
            (q1, v_cat, h0 + h, h, reserve)
        }
        NegativeSide::HardCarbon {
            anode,
            electrolyte,
            np,
        } => {
            let q_hc = need(anode, "specific_capacity")?;
            let rho_hc = need(anode, "density")?;
            let rho_se = need(electrolyte, "density")?;
            let e_hc = need(anode, "mean_potential")?;
            // hard-carbon composite: 60 vol% HC, 30 vol% SE, 10 % porosity (assumed)
            let (phi_hc, phi_se) = (0.6, 0.3);
            let l = np * q_cat / (phi_hc * rho_hc * q_hc);
            let m_hc = l * phi_hc * rho_hc;
            let m_se = l * phi_se * rho_se;
            let mut cost = 0.0;
            let mut unpriced = vec![];
            for (m, mm) in [(*anode, m_hc), (*electrolyte, m_se)] {
                match price(m) {
                    Some(p) => cost += p * mm,
                    None => unpriced.push(m.id.clone()),
                }
            }
            layers.push(LayerBudget {
                role: "hard-carbon composite anode".into(),
                material: format!("{}+{}", anode.id, electrolyte.id),
                share: 1.0,
                thickness_discharged: l,
                thickness_charged: l,
                mass: m_hc + m_se,
                cost,
                unpriced,
            });
            let eta_hc = anode.si("first_cycle_efficiency").unwrap_or(eta1);
            notes.push(format!(
                "hard-carbon composite: 60 vol% {} + 30 vol% {} + 10 % porosity, N/P = {np} (assumed); first-cycle efficiency {:.0} % from {}",
                anode.id,
                electrolyte.id,
                eta_hc * 100.0,
                anode.id
            ));
            (eta_hc * q_cat, v_cat - e_hc, 0.0, 0.0, 0.0)
        }
    };
    if let Some((m, t, p)) = v.negative_collector {
        layers.push(simple_layer("negative collector", m, t, p, 0.5, &mut notes));
    }
    let stack_mass: f64 = layers.iter().map(|l| l.share * l.mass).sum();
    let t_dis: f64 = layers
        .iter()
        .map(|l| l.share * l.thickness_discharged)
        .sum();
    let t_chg: f64 = layers.iter().map(|l| l.share * l.thickness_charged).sum();
    let energy = q1 * mean_voltage;
    let volume = t_dis.max(t_chg);
    let cost: f64 = layers.iter().map(|l| l.share * l.cost).sum();
    let priced_mass: f64 = layers
        .iter()
        .filter(|l| l.unpriced.is_empty())
        .map(|l| l.share * l.mass)
        .sum();
    let dl_cat = layers
        .iter()
        .find(|l| l.role == "cathode composite")
        .map(|l| l.thickness_charged - l.thickness_discharged)
        .unwrap_or(0.0);
    // each material once, in stack order (the separator is often the cathode's electrolyte)
    let mut any_unpriced: Vec<String> = Vec::new();
    for id in layers.iter().flat_map(|l| l.unpriced.iter()) {
        if !any_unpriced.contains(id) {
            any_unpriced.push(id.clone());
        }
    }
    if !any_unpriced.is_empty() {
        notes.push(format!(
            "no price for: {} (cost covers the priced materials only)",
            any_unpriced.join(", ")
        ));
    }
    Ok(CellForecast {
        label: v.label.clone(),
        layers,
        cathode_capacity: q_cat,
        areal_capacity: q1,
        mean_voltage,
        areal_energy: energy,
        stack_mass,
        stack_thickness_discharged: t_dis,
        stack_thickness_charged: t_chg,
        stack_specific_energy: energy / stack_mass,
        stack_energy_density: energy / volume,
        cell_specific_energy: energy / stack_mass * v.mass_factor,
        cell_energy_density: energy / volume * v.volume_factor,
        metal_thickness_charged: metal_charged,
        plated_thickness: plated,
        cathode_thickness_change: dl_cat,
        swelling: t_chg - t_dis,
        cost_per_energy: if energy > 0.0 && cost > 0.0 {
            Some(cost / energy)
        } else {
            None
        },
        priced_mass_fraction: priced_mass / stack_mass,
        first_cycle_efficiency: q1 / q_cat,
        coulombic_efficiency: v.coulombic_efficiency,
        cycles_to_80: cycles_to_80(v.coulombic_efficiency, reserve),
        notes,
    })
}

/// Which comparison cells to build.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareOptions {
    /// Na excess of the Na-metal comparison (fraction of capacity); `None` = the design's value.
    pub na_metal_excess: Option<f64>,
    pub np_ratio: Option<f64>,
    pub coulombic_efficiency: Option<f64>,
    pub first_cycle_efficiency: Option<f64>,
    pub include_comparisons: bool,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            na_metal_excess: None,
            np_ratio: None,
            coulombic_efficiency: None,
            first_cycle_efficiency: None,
            include_comparisons: true,
        }
    }
}

/// The Li electrolyte of the Li counterpart: garnet for oxide Na conductors, argyrodite else.
fn li_electrolyte<'a>(na_se: &Material, db: &'a Database) -> Option<&'a Material> {
    let id = match na_se.family.as_str() {
        "nasicon" | "beta-alumina" | "oxide" | "garnet" => "llzo",
        _ => "lpscl",
    };
    db.get_class(id, Class::Electrolyte).ok()
}

/// Forecast a design with its comparison cells.
pub fn forecast<'a>(
    cell: &'a CellSpec,
    db: &'a Database,
    opts: &CompareOptions,
) -> Result<Forecast, ForecastError> {
    let Some(cathode) = &cell.cathode else {
        return Err(ForecastError::NotAFullCell(cell.name.clone()));
    };
    if !cell.kind.is_full_cell() {
        return Err(ForecastError::NotAFullCell(cell.name.clone()));
    }
    let f = &cell.forecast;
    let ce = opts.coulombic_efficiency.unwrap_or(f.coulombic_efficiency);
    let eta1 = opts
        .first_cycle_efficiency
        .unwrap_or(f.first_cycle_efficiency);
    let excess = opts.na_metal_excess.unwrap_or(f.na_metal_excess);
    let np = opts.np_ratio.unwrap_or(f.np_ratio);
    let mut assumptions = vec![
        "stack = repeat unit with double-sided collectors (½ of each collector); mass invariant on charge, volume in the thicker state".to_string(),
        format!("cell = stack × {} by mass and × {} by volume (packaging; assumed, docs/physics/materials.md)", f.mass_factor, f.volume_factor),
        format!(
            "Coulombic efficiency {:.3} % ({}); first-cycle efficiency {:.1} % ({})",
            ce * 100.0,
            if opts.coulombic_efficiency.is_some() { "command line" } else { &f.coulombic_efficiency_note },
            eta1 * 100.0,
            if opts.first_cycle_efficiency.is_some() { "command line" } else { &f.first_cycle_efficiency_note },
        ),
        "capacity fade is inventory-limited only (no cathode or electrolyte degradation)".to_string(),
        "cathode volume change maps fully onto thickness (laterally constrained stack)".to_string(),
        format!("cathode specific capacity: {}", cathode.capacity_basis),
    ];
    let pc = cell
        .positive_collector
        .as_ref()
        .map(|l| (&l.material, l.thickness, l.porosity));
    let nc = cell
        .negative_collector
        .as_ref()
        .map(|l| (&l.material, l.thickness, l.porosity));
    let il = cell
        .interlayer
        .as_ref()
        .map(|l| (&l.material, l.thickness, l.porosity));
    let sep_factor = cell.separator.relative_density;
    let base = |label: String, negative: NegativeSide<'a>| -> Variant<'a> {
        Variant {
            label,
            cathode: cathode.clone(),
            separator_material: &cell.separator.material,
            separator_thickness: cell.separator.thickness,
            separator_density_factor: sep_factor,
            positive_collector: pc,
            negative_collector: nc,
            interlayer: il,
            negative,
            first_cycle_efficiency: eta1,
            coulombic_efficiency: ce,
            mass_factor: f.mass_factor,
            volume_factor: f.volume_factor,
        }
    };
    let metal = &cell.negative.metal;
    let design_excess = if cell.kind == CellType::NaMetal {
        let vm = crate::cell::metal_molar_volume(metal);
        cell.negative.initial_thickness * FARADAY / vm / cathode.areal_capacity()
    } else {
        0.0
    };
    let mut cells = Vec::new();
    let design_label = match cell.kind {
        CellType::AnodeFree => "this design: anode-free Na".to_string(),
        _ => format!(
            "this design: Na metal ({:.0} % excess)",
            design_excess * 100.0
        ),
    };
    let design_neg = match cell.kind {
        CellType::AnodeFree => NegativeSide::AnodeFree { metal },
        _ => NegativeSide::Metal {
            metal,
            excess: design_excess,
        },
    };
    cells.push(evaluate(&base(design_label, design_neg), db)?);
    let mut warnings: Vec<String> = cell.warnings.iter().map(|w| w.to_string()).collect();
    if opts.include_comparisons {
        if cell.kind != CellType::AnodeFree {
            cells.push(evaluate(
                &base("anode-free Na".into(), NegativeSide::AnodeFree { metal }),
                db,
            )?);
        }
        cells.push(evaluate(
            &base(
                format!("Na metal ({:.0} % excess)", excess * 100.0),
                NegativeSide::Metal { metal, excess },
            ),
            db,
        )?);
        assumptions.push(format!(
            "Na-metal comparison: {:.0} % Na excess over the cathode capacity",
            excess * 100.0
        ));
        match db.get_class("hard-carbon", Class::Anode) {
            Ok(hc) => {
                let mut v = base(
                    "Na-ion (hard carbon)".into(),
                    NegativeSide::HardCarbon {
                        anode: hc,
                        electrolyte: &cathode.electrolyte,
                        np,
                    },
                );
                // no plated metal, so no interlayer on the anode side
                v.interlayer = None;
                cells.push(evaluate(&v, db)?);
            }
            Err(e) => warnings.push(format!("Na-ion comparison skipped: {e}")),
        }
        match li_counterpart(cell, cathode, db, eta1, ce) {
            Ok(Some(v)) => {
                cells.push(evaluate(&v, db)?);
                assumptions.push(
                    "Li counterpart: same composite volume fractions and thicknesses with the Li cathode analogue, a Li electrolyte of the same family (llzo/lpscl), Cu negative collector, no interlayer".into(),
                );
            }
            Ok(None) => warnings.push(format!(
                "no Li anode-free counterpart: {} has no lithium_counterpart entry",
                cathode.active.id
            )),
            Err(e) => warnings.push(format!("Li counterpart skipped: {e}")),
        }
    }
    Ok(Forecast {
        design: cell.name.clone(),
        cells,
        assumptions,
        warnings,
    })
}

fn li_counterpart<'a>(
    cell: &'a CellSpec,
    cathode: &Cathode,
    db: &'a Database,
    eta1: f64,
    ce: f64,
) -> Result<Option<Variant<'a>>, String> {
    let Some(li_id) = &cathode.active.lithium_counterpart else {
        return Ok(None);
    };
    let li_cat = db
        .get_class(li_id, Class::Cathode)
        .map_err(|e| e.to_string())?;
    if li_cat.ion != Ion::Li {
        return Err(format!("{li_id} is not a Li cathode"));
    }
    let li = db
        .get_class("li", Class::Metal)
        .map_err(|e| e.to_string())?;
    let cu = db
        .get_class("cu", Class::Collector)
        .map_err(|e| e.to_string())?;
    let se_cat =
        li_electrolyte(&cathode.electrolyte, db).ok_or("no Li electrolyte entry (llzo/lpscl)")?;
    let se_sep = li_electrolyte(&cell.separator.material, db)
        .ok_or("no Li electrolyte entry (llzo/lpscl)")?;
    let mut c = cathode.clone();
    c.active = li_cat.clone();
    c.electrolyte = se_cat.clone();
    c.specific_capacity = li_cat
        .si("practical_capacity")
        .or_else(|| li_cat.si("theoretical_capacity"))
        .ok_or_else(|| format!("{li_id} has no capacity"))?;
    let f = &cell.forecast;
    let nc_t = cell
        .negative_collector
        .as_ref()
        .map(|l| l.thickness)
        .unwrap_or(10e-6);
    Ok(Some(Variant {
        label: format!("anode-free Li ({li_id})"),
        cathode: c,
        separator_material: se_sep,
        separator_thickness: cell.separator.thickness,
        separator_density_factor: cell.separator.relative_density,
        positive_collector: cell
            .positive_collector
            .as_ref()
            .map(|l| (&l.material, l.thickness, l.porosity)),
        negative_collector: Some((cu, nc_t, 0.0)),
        interlayer: None,
        negative: NegativeSide::AnodeFree { metal: li },
        first_cycle_efficiency: eta1,
        coulombic_efficiency: ce,
        mass_factor: f.mass_factor,
        volume_factor: f.volume_factor,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_life_limits() {
        // anode-free: 0.8 = CE^(n-1)
        let n = cycles_to_80(0.999, 0.0);
        approx::assert_relative_eq!(n, 1.0 + 0.8f64.ln() / 0.999f64.ln(), max_relative = 1e-12);
        approx::assert_relative_eq!(n, 224.0, max_relative = 0.01);
        // a 100 % reserve at 99.9 % lasts 1000 more cycles
        approx::assert_relative_eq!(cycles_to_80(0.999, 1.0) - n, 1000.0, max_relative = 1e-9);
        assert!(cycles_to_80(1.0, 0.0).is_infinite());
    }
}
