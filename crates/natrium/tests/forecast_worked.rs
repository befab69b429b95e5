//! The energy forecast checked by hand (issue 2, item 4): molar volumes of plated Na and Li,
//! every number of the forecast of `nvp-nzsp-thin-target` recomputed here from the design and the
//! material densities, the trends against the comparison cells, cycle life, and the Table 1
//! re-forecast.
//!
//! Method (analysis/forecast.rs and physics/materials-data.md): the stack is one repeat unit with
//! double-sided collectors (½ of each collector), mass is invariant on charge, volume is taken in
//! the thicker state, and the cell applies packaging factors 0.8 (mass) and 0.7 (volume).

use std::path::Path;

use natrium::analysis::table1::{forecast_table1, row_cell, StandardStack};
use natrium::analysis::{forecast, CompareOptions};
use natrium::cell::{metal_molar_volume, parse_cell, CellSpec, NA_MOLAR_VOLUME};
use natrium::constants::FARADAY;
use natrium::materials::{bundled_file, Class, Database};

/// 1 Ah in coulombs.
const AH: f64 = 3600.0;

fn db() -> Database {
    Database::bundled().unwrap()
}

fn design(name: &str, db: &Database) -> CellSpec {
    let rel = format!("cells/{name}.toml");
    parse_cell(Path::new(&rel), bundled_file(&rel).unwrap(), db).unwrap()
}

fn rel_eq(a: f64, b: f64, tol: f64, what: &str) {
    let scale = a.abs().max(b.abs()).max(1e-300);
    assert!(
        (a - b).abs() <= tol * scale,
        "{what}: forecast {a:.12e} vs hand {b:.12e} (rel. diff {:.2e})",
        (a - b).abs() / scale
    );
}

#[test]
fn molar_volume_of_sodium_and_lithium_by_hand() {
    let db = db();
    // Na: V_m = M/ρ = 22.99 g/mol / 0.968 g/cm³ = 23.750 cm³/mol
    let vm_na_cm3 = 22.99 / 0.968;
    approx::assert_relative_eq!(vm_na_cm3, 23.750, max_relative = 1e-4);
    approx::assert_relative_eq!(NA_MOLAR_VOLUME * 1e6, vm_na_cm3, max_relative = 1e-12);
    let na = db.get_class("na", Class::Metal).unwrap();
    approx::assert_relative_eq!(
        metal_molar_volume(na) * 1e6,
        vm_na_cm3,
        max_relative = 1e-12
    );
    // per ampere-hour: 1 Ah = 3600 C = 3600/96485.33 mol = 0.037311 mol e⁻ → Na
    // 0.037311 mol × 23.750 cm³/mol = 0.8862 cm³/Ah (review §2 rounds to "0.88 cm^3")
    let na_per_ah = vm_na_cm3 * AH / FARADAY; // cm³/Ah
    approx::assert_relative_eq!(AH / FARADAY, 0.037_311, max_relative = 1e-4);
    approx::assert_relative_eq!(na_per_ah, 0.886, max_relative = 1e-3);
    // per mAh/cm²: 3.6 C/cm² → 3.7311e-5 mol/cm² × 23.750 cm³/mol = 8.862e-4 cm = 8.86 µm
    let um_per_mah_cm2 = vm_na_cm3 * 3.6 / FARADAY * 1e4;
    approx::assert_relative_eq!(um_per_mah_cm2, 8.86, max_relative = 1e-3);
    // Li: V_m = 6.94/0.534 = 12.996 cm³/mol → 0.4849 cm³/Ah (DESIGN.md: 0.485)
    let li = db.get_class("li", Class::Metal).unwrap();
    let li_per_ah = metal_molar_volume(li) * 1e6 * AH / FARADAY;
    approx::assert_relative_eq!(li_per_ah, 6.94 / 0.534 * AH / FARADAY, max_relative = 1e-12);
    approx::assert_relative_eq!(li_per_ah, 0.485, max_relative = 2e-3);
    // Review §2: Na needs "1.7 times greater" volume than Li per Ah. From the densities and
    // molar masses above the ratio is 0.8862/0.4849 = 1.83; the review's 1.7 is low (0.88/0.52
    // would give it, i.e. an older/lower Li density or a rounded Na figure). We accept the
    // review's statement only as the range [1.7, 1.9] and keep the 1.83 we compute.
    let ratio = na_per_ah / li_per_ah;
    approx::assert_relative_eq!(ratio, 1.8275, max_relative = 2e-3);
    assert!((1.7..=1.9).contains(&ratio), "Na/Li volume per Ah {ratio}");
}

#[test]
fn forecast_of_the_thin_target_by_hand() {
    let db = db();
    let cell = design("nvp-nzsp-thin-target", &db);
    let f = forecast(&cell, &db, &CompareOptions::default()).unwrap();
    let af = &f.cells[0];
    assert!(af.label.contains("anode-free"), "{}", af.label);

    let k = cell.cathode.as_ref().unwrap();
    let rho = |id: &str| db.get(id).unwrap().si("density").unwrap();
    // composite: φ = 0.55 NVP, 0.32 NZSP-34, 0.04 Super P, 0.04 PVDF, 5 % porosity
    assert_eq!(
        (
            k.fractions.active,
            k.fractions.electrolyte,
            k.fractions.carbon,
            k.fractions.binder
        ),
        (0.55, 0.32, 0.04, 0.04)
    );
    // areal capacity Q = L·φ_AM·ρ_AM·q = 3 mAh/cm² by construction (= 108 000 C/m²)
    let q_spec = 110.0 * 3.6e3; // 110 mAh/g of NVP (practical, review ref. 80) in C/kg
    let l_cat = 3.0 * 36_000.0 / (q_spec * 0.55 * rho("nvp"));
    rel_eq(k.thickness, l_cat, 1e-12, "cathode thickness");
    let q = l_cat * 0.55 * rho("nvp") * q_spec;
    rel_eq(af.cathode_capacity, q, 1e-9, "cathode areal capacity");
    approx::assert_relative_eq!(q, 108_000.0, max_relative = 1e-12);
    // first discharge: η1 = 95 % (assumed default) → 2.85 mAh/cm²
    rel_eq(
        af.areal_capacity,
        0.95 * q,
        1e-9,
        "first-discharge capacity",
    );
    // plated Na h = Q·V_m/F = 108000 × 2.375e-5 / 96485 = 26.58 µm
    let vm = 22.99e-3 / 968.0;
    let h = q * vm / FARADAY;
    rel_eq(af.plated_thickness, h, 1e-9, "plated thickness");
    approx::assert_relative_eq!(h * 1e6, 26.58, max_relative = 1e-3);
    rel_eq(af.metal_thickness_charged, h, 1e-9, "metal at full charge");
    // NVP shrinks by 0.21 cm³/Ah on charge (review §4): ΔL = −0.21e-6 m³/3600 C × Q = −6.30 µm
    let dl = -0.21e-6 / AH * q;
    rel_eq(af.cathode_thickness_change, dl, 1e-9, "cathode shrinkage");
    approx::assert_relative_eq!(dl * 1e6, -6.30, max_relative = 1e-3);
    rel_eq(
        af.swelling,
        h + dl,
        1e-9,
        "swelling = plated + cathode change",
    );
    // stack mass per repeat unit: ½ Al (10 µm) + composite + separator (30 µm) + ½ Al (10 µm)
    let m_pc = 0.5 * rho("al") * 10e-6;
    let m_cat = l_cat
        * (0.55 * rho("nvp") + 0.32 * rho("nzsp-34") + 0.04 * rho("super-p") + 0.04 * rho("pvdf"));
    let m_sep = rho("nzsp-34") * 30e-6 * cell.separator.relative_density;
    let m_nc = 0.5 * rho("al") * 10e-6;
    let m = m_pc + m_cat + m_sep + m_nc;
    rel_eq(af.stack_mass, m, 1e-9, "stack mass");
    // ≈ 57.95 mg/cm² (printed by `natrium forecast`)
    approx::assert_relative_eq!(m * 100.0, 57.95, max_relative = 1e-3);
    // thicknesses: discharged 5 + L + 30 + 5 µm; charged adds h and ΔL; volume = thicker one
    let t_dis = 5e-6 + l_cat + 30e-6 + 5e-6;
    let t_chg = t_dis + h + dl;
    rel_eq(
        af.stack_thickness_discharged,
        t_dis,
        1e-9,
        "discharged thickness",
    );
    rel_eq(af.stack_thickness_charged, t_chg, 1e-9, "charged thickness");
    // energy: 0.95·Q × 3.4 V (NVP mean discharge voltage)
    let e = 0.95 * q * 3.4;
    rel_eq(af.areal_energy, e, 1e-9, "areal energy");
    let wh_kg = e / m / 3600.0;
    let wh_l = e / t_dis.max(t_chg) / 3600.0 / 1000.0;
    rel_eq(
        af.stack_specific_energy / 3600.0,
        wh_kg,
        1e-9,
        "stack Wh/kg",
    );
    rel_eq(af.stack_energy_density / 3.6e6, wh_l, 1e-9, "stack Wh/L");
    rel_eq(
        af.cell_specific_energy / 3600.0,
        0.8 * wh_kg,
        1e-9,
        "cell Wh/kg",
    );
    rel_eq(
        af.cell_energy_density / 3.6e6,
        0.7 * wh_l,
        1e-9,
        "cell Wh/L",
    );
    // printed values: 167.2 Wh/kg and 445.7 Wh/L for the stack
    approx::assert_relative_eq!(wh_kg, 167.2, max_relative = 1e-3);
    approx::assert_relative_eq!(wh_l, 445.7, max_relative = 1e-3);
    // the layer budget adds up and collectors count half
    let shares: Vec<(String, f64)> = af
        .layers
        .iter()
        .map(|l| (l.role.clone(), l.share))
        .collect();
    assert!(
        shares
            .iter()
            .any(|(r, s)| r.contains("positive collector") && *s == 0.5),
        "{shares:?}"
    );
    assert!(
        shares
            .iter()
            .any(|(r, s)| r.contains("negative collector") && *s == 0.5),
        "{shares:?}"
    );
    let sum: f64 = af.layers.iter().map(|l| l.share * l.mass).sum();
    rel_eq(sum, af.stack_mass, 1e-12, "layer masses");
}

#[test]
fn anode_free_beats_na_metal_and_na_ion() {
    let db = db();
    let cell = design("nvp-nzsp-thin-target", &db);
    let by = |f: &natrium::analysis::Forecast, key: &str| {
        f.cells
            .iter()
            .find(|c| c.label.contains(key))
            .unwrap_or_else(|| {
                panic!(
                    "no cell {key}: {:?}",
                    f.cells.iter().map(|c| &c.label).collect::<Vec<_>>()
                )
            })
            .clone()
    };
    // With the same first-cycle accounting (η1 = 100 %), dropping the Na foil and the anode can
    // only gain: the anode-free cell has the highest Wh/kg and Wh/L (review §1, §6).
    let same = CompareOptions {
        first_cycle_efficiency: Some(1.0),
        ..Default::default()
    };
    let f = forecast(&cell, &db, &same).unwrap();
    let (af, na, ion) = (
        by(&f, "anode-free Na"),
        by(&f, "Na metal (100 % excess)"),
        by(&f, "Na-ion"),
    );
    for (other, name) in [(&na, "Na metal"), (&ion, "Na-ion")] {
        assert!(
            af.stack_specific_energy > other.stack_specific_energy,
            "Wh/kg: anode-free {} vs {name} {}",
            af.stack_specific_energy / 3600.0,
            other.stack_specific_energy / 3600.0
        );
        assert!(
            af.stack_energy_density > other.stack_energy_density,
            "Wh/L: anode-free vs {name}"
        );
    }
    // the Na foil of the metal cell weighs exactly Q·M_Na/F (100 % excess)
    rel_eq(
        na.stack_mass - af.stack_mass,
        af.cathode_capacity / FARADAY * 22.99e-3,
        1e-9,
        "Na foil mass",
    );

    // With the default assumptions (first-cycle efficiency 95 % for both), the Na-metal cell's
    // excess covers the first-cycle loss, so its first discharge is 5 % larger; the anode-free
    // cell then wins in Wh/L and Na-ion loses in both, but the Wh/kg comparison with Na metal
    // is a near tie decided by η1 against the foil mass:
    //   (Wh/kg)_AF/(Wh/kg)_Na = η1 · m_Na/m_AF = 0.95 × 60.52/57.95 = 0.992.
    let f = forecast(&cell, &db, &CompareOptions::default()).unwrap();
    let (af, na, ion) = (
        by(&f, "anode-free Na"),
        by(&f, "Na metal (100 % excess)"),
        by(&f, "Na-ion"),
    );
    assert!(af.stack_energy_density > na.stack_energy_density);
    assert!(af.stack_specific_energy > ion.stack_specific_energy);
    assert!(af.stack_energy_density > ion.stack_energy_density);
    rel_eq(
        af.stack_specific_energy / na.stack_specific_energy,
        0.95 * na.stack_mass / af.stack_mass,
        1e-9,
        "Wh/kg ratio anode-free / Na metal",
    );
    // Na-ion: lower voltage (hard carbon sits ~0.1 V above Na) and an anode of its own
    assert!(ion.mean_voltage < af.mean_voltage);
    assert_eq!(ion.plated_thickness, 0.0);
}

#[test]
fn cycle_life_from_coulombic_efficiency() {
    let db = db();
    let cell = design("nvp-nzsp-thin-target", &db);
    // anode-free: Q_n = Q_1·CE^(n−1) → 0.8 = 0.999^(n−1) → n = 1 + ln 0.8/ln 0.999 = 224.0
    let hand = 1.0 + 0.8f64.ln() / 0.999f64.ln();
    approx::assert_relative_eq!(hand, 224.03, max_relative = 1e-4);
    let opts = CompareOptions {
        coulombic_efficiency: Some(0.999),
        first_cycle_efficiency: Some(1.0),
        ..Default::default()
    };
    let f = forecast(&cell, &db, &opts).unwrap();
    rel_eq(
        f.cells[0].cycles_to_80,
        hand,
        1e-12,
        "anode-free cycles to 80 %",
    );
    // a 100 % Na excess is spent first at 0.1 % per cycle: 1000 more cycles
    let na = f
        .cells
        .iter()
        .find(|c| c.label.contains("Na metal (100 %"))
        .unwrap();
    rel_eq(
        na.cycles_to_80 - f.cells[0].cycles_to_80,
        1000.0,
        1e-9,
        "extra cycles of 100 % excess",
    );
    // with the default 95 % first cycle, 5 % of the excess covers it and 95 % is left: +950
    let f = forecast(&cell, &db, &CompareOptions::default()).unwrap();
    let na = f
        .cells
        .iter()
        .find(|c| c.label.contains("Na metal (100 %"))
        .unwrap();
    rel_eq(
        na.cycles_to_80 - f.cells[0].cycles_to_80,
        950.0,
        1e-9,
        "extra cycles, η1 = 95 %",
    );
    // the BaTiO3/C cell of ref. 54: 4.6 % loss over 300 cycles → CE = 0.954^(1/300) = 99.9843 %
    let b = design("nvp-nzsp-batio3c-al", &db);
    approx::assert_relative_eq!(
        b.forecast.coulombic_efficiency,
        0.954f64.powf(1.0 / 300.0),
        max_relative = 1e-6
    );
    let f = forecast(&b, &db, &CompareOptions::default()).unwrap();
    // 0.8 = CE^(n−1) → n ≈ 1 + ln 0.8 / ln 0.999843 ≈ 1422
    let n = 1.0 + 0.8f64.ln() / b.forecast.coulombic_efficiency.ln();
    rel_eq(f.cells[0].cycles_to_80, n, 1e-12, "ref. 54 cycles to 80 %");
    assert!((1400.0..1450.0).contains(&n), "{n}");
}

#[test]
fn table1_reforecast_has_every_row() {
    let db = db();
    let stack = StandardStack::default();
    let rows = forecast_table1(&db, &stack);
    assert_eq!(rows.len(), 25);
    for r in &rows {
        let c = r
            .result
            .as_ref()
            .unwrap_or_else(|e| panic!("row {}: {e}", r.row.number));
        // standard stack: 2 mAh/cm² of cathode, 95 % first cycle → 1.9 mAh/cm² delivered
        rel_eq(
            c.cathode_capacity,
            2.0 * 36_000.0,
            1e-9,
            "Table 1 cathode capacity",
        );
        rel_eq(
            c.areal_capacity,
            0.95 * 2.0 * 36_000.0,
            1e-9,
            "Table 1 first discharge",
        );
        // 2 mAh/cm² plates 2 × 8.862 = 17.72 µm of Na
        approx::assert_relative_eq!(c.plated_thickness * 1e6, 17.72, max_relative = 1e-3);
        let wh_kg = c.stack_specific_energy / 3600.0;
        assert!(
            (30.0..400.0).contains(&wh_kg),
            "row {}: {wh_kg} Wh/kg",
            r.row.number
        );
    }
}

#[test]
fn table1_row17_nacro2_250_mah_g_is_capped_at_theoretical() {
    let db = db();
    let stack = StandardStack::default();
    let rows = forecast_table1(&db, &stack);
    let r = rows.iter().find(|r| r.row.number == 17).unwrap();
    assert_eq!(r.row.cathode, "nacro2");
    let notes = r.notes.join("\n");
    assert!(
        notes.contains("250 mAh/g") && notes.contains("capped at the theoretical"),
        "{notes}"
    );
    // the cell is built with the theoretical 125.3 mAh/g, not 250
    let (cell, _) = row_cell(&r.row, &stack, &db).unwrap();
    let th = db
        .get("nacro2")
        .unwrap()
        .si("theoretical_capacity")
        .unwrap();
    let k = cell.cathode.as_ref().unwrap();
    rel_eq(k.specific_capacity, th, 1e-12, "row 17 specific capacity");
    approx::assert_relative_eq!(th / 3600.0, 125.3, max_relative = 1e-3);
    // and so the composite is thick enough for 2 mAh/cm²: L = Q/(q·φ·ρ)
    rel_eq(
        k.thickness,
        2.0 * 36_000.0 / (th * 0.55 * db.get("nacro2").unwrap().si("density").unwrap()),
        1e-12,
        "row 17 thickness",
    );
    // rows whose capacity is below theoretical are not capped
    let r3 = rows.iter().find(|r| r.row.number == 3).unwrap();
    assert!(!r3.notes.join(" ").contains("capped"));
    let (cell3, _) = row_cell(&r3.row, &stack, &db).unwrap();
    approx::assert_relative_eq!(
        cell3.cathode.as_ref().unwrap().specific_capacity / 3600.0,
        88.0,
        max_relative = 1e-9
    ); // Table 1 row 3: 88 mAh/g at 0.2 C
}

#[test]
fn table1_sodium_free_cathodes_are_presodiated() {
    // TiS2 and FeS2 contain no Na as made (tis2.toml/fes2.toml notes: "Contains no Na as made:
    // it cannot supply the Na of an anode-free cell without pre-sodiation"), so an anode-free
    // cell with them needs the Na it cycles added to the cathode: Δm = Q/F·M_Na
    // = 72 000 C/m² / 96 485 × 22.99 g/mol = 1.716 mg/cm², with a note saying so.
    let db = db();
    let stack = StandardStack::default();
    let rows = forecast_table1(&db, &stack);
    let sodium_free: Vec<_> = rows
        .iter()
        .filter(|r| r.row.cathode == "tis2" || r.row.cathode == "fes2")
        .collect();
    assert!(sodium_free.len() >= 6, "rows 14 and 19-23");
    for r in sodium_free {
        let notes = r.notes.join("\n");
        assert!(
            notes.contains("pre-sodiation"),
            "row {} ({}) lacks the pre-sodiation note:\n{notes}",
            r.row.number,
            r.row.cathode
        );
        let c = r.result.as_ref().unwrap();
        let cat = c
            .layers
            .iter()
            .find(|l| l.role == "cathode composite")
            .unwrap();
        let (cell, _) = row_cell(&r.row, &stack, &db).unwrap();
        let k = cell.cathode.as_ref().unwrap();
        let f = &k.fractions;
        let rho = |id: &str| db.get(id).unwrap().si("density").unwrap();
        let solids = k.thickness
            * (f.active * rho(&k.active.id)
                + f.electrolyte * rho(&k.electrolyte.id)
                + f.carbon * rho("super-p")
                + f.binder * rho("pvdf"));
        rel_eq(
            cat.mass - solids,
            2.0 * 36_000.0 / FARADAY * 22.99e-3,
            1e-9,
            "pre-sodiation Na mass",
        );
    }
}

#[test]
fn cathodes_made_in_the_charged_state() {
    // the as-made state follows from the formula: no Na at all, or no more than the charged
    // end of the window (NaTi2(PO4)3 keeps its one Na), means the cathode cannot feed an
    // anode-free cell; Na-rich as-made cathodes can, even when their charged end holds no Na
    // (Na2MnFe(CN)6 → MnFe(CN)6)
    let db = db();
    for id in ["tis2", "fes2", "ptcda", "pto", "ntp", "tis2-li"] {
        assert!(db.get(id).unwrap().made_charged(), "{id} is made charged");
    }
    for id in [
        "nvp", "nmhcf", "nacro2", "naxcoo2", "p2-nnmo", "ncnfm", "licoo2",
    ] {
        assert!(
            !db.get(id).unwrap().made_charged(),
            "{id} is made discharged"
        );
    }
    // and a Na-rich row gets no pre-sodiation
    let rows = forecast_table1(&db, &StandardStack::default());
    for r in rows.iter().filter(|r| r.row.cathode == "nvp") {
        assert!(
            !r.notes.join(" ").contains("pre-sodiation"),
            "{:?}",
            r.notes
        );
    }
}
