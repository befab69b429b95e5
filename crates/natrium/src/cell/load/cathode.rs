//! The composite cathode: components, composition (weight ratio or volume fractions with
//! porosity), percolation check, specific capacity and loading.

use crate::cell::limits;
use toml::Spanned;

use super::ctx::Ctx;
use crate::cell::composite::{from_weights, Fractions, DEFAULT_PERCOLATION_THRESHOLD};
use crate::cell::raw::RawCathode;
use crate::cell::Cathode;
use crate::materials::{Class, Material};

fn parse_ratio(s: &str) -> Result<Vec<f64>, String> {
    let parts: Vec<&str> = s.split(':').map(str::trim).collect();
    let mut out = Vec::new();
    for p in &parts {
        match p.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => out.push(v),
            _ => {
                return Err(format!(
                    "\"{p}\" is not a non-negative number; expected a ratio like \"65:20:5:10\""
                ))
            }
        }
    }
    Ok(out)
}

pub(super) fn cathode(ctx: &mut Ctx, raw: &Spanned<RawCathode>) -> Option<Cathode> {
    let r = raw.get_ref();
    let line = ctx.line(raw);
    let active = ctx.material(&r.active, "cathode.active", Class::Cathode);
    let electrolyte = ctx.material(&r.electrolyte, "cathode.electrolyte", Class::Electrolyte);
    let carbon = r
        .carbon
        .as_ref()
        .and_then(|c| ctx.material(c, "cathode.carbon", Class::Additive));
    let binder = r
        .binder
        .as_ref()
        .and_then(|b| ctx.material(b, "cathode.binder", Class::Additive));
    let porosity = match &r.porosity {
        Some(p) => ctx.bounded(p, "cathode.porosity", &limits::CATHODE_POROSITY),
        None => {
            ctx.warn(
                line,
                "cathode.porosity",
                "not given; assumed 0 % (a fully dense composite)",
            );
            Some(0.0)
        }
    };
    let density = |m: &Option<Material>| m.as_ref().and_then(|m| m.si("density"));
    let fractions: Option<Fractions> = match (&r.weight_ratio, &r.volume_fractions) {
        (Some(_), Some(v)) => {
            let l = ctx.line(v);
            ctx.error(
                l,
                "cathode",
                None,
                "give either weight_ratio or volume_fractions, not both",
            );
            None
        }
        (None, None) => {
            ctx.error(line, "cathode.weight_ratio", None, "missing: give weight_ratio = \"65:20:5:10\" (active:electrolyte:carbon:binder) or [cathode.volume_fractions]");
            None
        }
        (Some(w), None) => match parse_ratio(w.get_ref()) {
            Err(m) => {
                let l = ctx.line(w);
                ctx.error(l, "cathode.weight_ratio", Some(w.get_ref()), m);
                None
            }
            Ok(v) => {
                let expected = 2 + carbon.is_some() as usize + binder.is_some() as usize;
                let l = ctx.line(w);
                if v.len() != expected {
                    ctx.error(
                        l,
                        "cathode.weight_ratio",
                        Some(w.get_ref()),
                        format!(
                            "has {} parts but the composite has {expected} components (active:electrolyte{}{})",
                            v.len(),
                            if carbon.is_some() { ":carbon" } else { "" },
                            if binder.is_some() { ":binder" } else { "" }
                        ),
                    );
                    None
                } else if v[0] <= 0.0 || v[1] <= 0.0 {
                    ctx.error(
                        l,
                        "cathode.weight_ratio",
                        Some(w.get_ref()),
                        "active material and electrolyte parts must be positive",
                    );
                    None
                } else {
                    let total: f64 = v.iter().sum();
                    if (total - 100.0).abs() > 1e-9
                        && (total - 1.0).abs() > 1e-9
                        && (total - 100.0).abs() < 5.0
                    {
                        ctx.warn(l, "cathode.weight_ratio", format!("parts add up to {total}, not 100; treated as a ratio and normalised"));
                    }
                    let mut w4 = [v[0], v[1], 0.0, 0.0];
                    let mut k = 2;
                    if carbon.is_some() {
                        w4[2] = v[k];
                        k += 1;
                    }
                    if binder.is_some() {
                        w4[3] = v[k];
                    }
                    let rho = [
                        density(&active),
                        density(&electrolyte),
                        density(&carbon),
                        density(&binder),
                    ];
                    match (rho, porosity) {
                        ([Some(a), Some(e), c, b], Some(eps)) => {
                            if electrolyte
                                .as_ref()
                                .is_some_and(|m| m.si("density").is_none())
                            {
                                None
                            } else {
                                Some(from_weights(
                                    w4,
                                    [a, e, c.unwrap_or(1.0), b.unwrap_or(1.0)],
                                    eps,
                                ))
                            }
                        }
                        ([_, None, _, _], _) => {
                            ctx.error(line, "cathode.electrolyte", Some(r.electrolyte.get_ref()), "has no density in the database, so a weight ratio cannot be converted; give volume_fractions instead");
                            None
                        }
                        _ => None,
                    }
                }
            }
        },
        (None, Some(vf)) => {
            let v = vf.get_ref();
            let a = ctx.bounded(
                &v.active,
                "cathode.volume_fractions.active",
                &limits::VOLUME_FRACTION,
            );
            let e = ctx.bounded(
                &v.electrolyte,
                "cathode.volume_fractions.electrolyte",
                &limits::VOLUME_FRACTION,
            );
            let c = match &v.carbon {
                Some(c) => ctx.bounded(
                    c,
                    "cathode.volume_fractions.carbon",
                    &limits::VOLUME_FRACTION,
                ),
                None => Some(0.0),
            };
            let b = match &v.binder {
                Some(b) => ctx.bounded(
                    b,
                    "cathode.volume_fractions.binder",
                    &limits::VOLUME_FRACTION,
                ),
                None => Some(0.0),
            };
            if v.carbon.is_some() != carbon.is_some() || v.binder.is_some() != binder.is_some() {
                let l = ctx.line(vf);
                ctx.error(
                    l,
                    "cathode.volume_fractions",
                    None,
                    "give a fraction for exactly the components named (carbon, binder)",
                );
            }
            match (a, e, c, b, porosity) {
                (Some(a), Some(e), Some(c), Some(b), Some(eps)) => {
                    let f = Fractions {
                        active: a,
                        electrolyte: e,
                        carbon: c,
                        binder: b,
                        porosity: eps,
                    };
                    let sum = f.sum();
                    if (sum - 1.0).abs() > 5e-3 {
                        let l = ctx.line(vf);
                        ctx.error(
                            l,
                            "cathode.volume_fractions",
                            None,
                            format!(
                                "fractions do not add up: active {:.3} + electrolyte {:.3} + carbon {:.3} + binder {:.3} + porosity {:.3} = {:.3}, expected 1",
                                a, e, c, b, eps, sum
                            ),
                        );
                        None
                    } else {
                        Some(f)
                    }
                }
                _ => None,
            }
        }
    };
    let phi_c = match &r.percolation_threshold {
        Some(p) => ctx.bounded(
            p,
            "cathode.percolation_threshold",
            &limits::PERCOLATION_THRESHOLD,
        ),
        None => Some(DEFAULT_PERCOLATION_THRESHOLD),
    };
    if let (Some(f), Some(pc)) = (fractions, phi_c) {
        if f.electrolyte <= pc {
            ctx.error(
                line,
                "cathode",
                None,
                format!(
                    "solid-electrolyte volume fraction {:.3} is at or below the percolation threshold {:.3}: the composite has no continuous ionic path (raise the electrolyte share or lower percolation_threshold if you have measured it)",
                    f.electrolyte, pc
                ),
            );
        } else if f.electrolyte < pc + 0.05 {
            ctx.warn(
                line,
                "cathode",
                format!(
                    "solid-electrolyte volume fraction {:.3} is within 0.05 of the percolation threshold {:.3}: effective ionic conductivity is {:.1e} of bulk",
                    f.electrolyte,
                    pc,
                    crate::cell::composite::percolation_factor(f.electrolyte, pc, crate::cell::DEFAULT_PERCOLATION_EXPONENT)
                ),
            );
        }
    }
    // specific capacity
    let (specific_capacity, basis) = match (&r.specific_capacity, &active) {
        (Some(s), _) => (
            ctx.bounded(s, "cathode.specific_capacity", &limits::SPECIFIC_CAPACITY),
            "given in the cell file".to_string(),
        ),
        (None, Some(m)) => match (m.prop("practical_capacity"), m.prop("theoretical_capacity")) {
            (Some(p), _) => (
                Some(p.si),
                format!("practical capacity of {} ({})", m.id, p.provenance_label()),
            ),
            (None, Some(t)) => (
                Some(t.si),
                format!(
                    "theoretical capacity of {} ({})",
                    m.id,
                    t.provenance_label()
                ),
            ),
            _ => (None, String::new()),
        },
        _ => (None, String::new()),
    };
    // exactly one of thickness / loading / areal_capacity
    let given = [
        r.thickness.is_some(),
        r.loading.is_some(),
        r.areal_capacity.is_some(),
    ];
    let n_given = given.iter().filter(|g| **g).count();
    if n_given != 1 {
        ctx.error(
            line,
            "cathode",
            None,
            format!("give exactly one of thickness, loading or areal_capacity ({n_given} given)"),
        );
    }
    let rho_am = density(&active);
    let thickness = if let Some(t) = &r.thickness {
        ctx.bounded(t, "cathode.thickness", &limits::CATHODE_THICKNESS)
    } else if let Some(l) = &r.loading {
        let m = ctx.bounded(l, "cathode.loading", &limits::CATHODE_LOADING);
        match (m, fractions, rho_am) {
            (Some(m), Some(f), Some(rho)) => Some(m / (f.active * rho)),
            _ => None,
        }
    } else if let Some(q) = &r.areal_capacity {
        let qa = ctx.bounded(q, "cathode.areal_capacity", &limits::AREAL_CAPACITY);
        match (qa, specific_capacity, fractions, rho_am) {
            (Some(qa), Some(sc), Some(f), Some(rho)) => Some(qa / sc / (f.active * rho)),
            _ => None,
        }
    } else {
        None
    };
    if let (Some(t), Some(_)) = (thickness, fractions) {
        if t > 2e-3 {
            ctx.warn(
                line,
                "cathode.thickness",
                format!(
                    "{:.0} um is unusually thick for a composite cathode",
                    t * 1e6
                ),
            );
        }
    }
    let treatments = ctx.treatments(&r.treatments, "cathode.treatments");
    Some(Cathode {
        active: active?,
        electrolyte: electrolyte?,
        carbon,
        binder,
        fractions: fractions?,
        thickness: thickness?,
        specific_capacity: specific_capacity?,
        capacity_basis: basis,
        percolation_threshold: phi_c?,
        treatments,
    })
}
