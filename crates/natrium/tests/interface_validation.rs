//! Validation of the anode-free interface model against the review (issue 4): nucleation
//! overpotentials and their trends, contact and pressure, the welded and pressed symmetric cells
//! of ref. 80, the BaTiO3/C anode-free cell of ref. 54, dendrite trends and sodium accounting.
//!
//! The nucleation overpotential is read as the review reads it: the depth of the voltage dip at
//! the start of plating below the steady growth voltage that follows (end of the plating step).

use std::path::Path;

use natrium::cell::{parse_cell, CellSpec};
use natrium::materials::{bundled_file, Database};
use natrium::model::Electrode;
use natrium::output::{MemorySink, Table};
use natrium::protocol::Protocol;
use natrium::simulation::{EndCause, Outcome, RunOptions, RunResult, Simulation};

fn cell_text(name: &str) -> String {
    bundled_file(&format!("cells/{name}.toml"))
        .unwrap_or_else(|| panic!("no bundled cell {name}"))
        .to_string()
}

fn cell_from(text: &str) -> CellSpec {
    let db = Database::bundled().unwrap();
    parse_cell(Path::new("validation.toml"), text, &db).unwrap_or_else(|e| panic!("{e}"))
}

fn run(cell: &CellSpec, protocol: &str) -> (RunResult, Table) {
    let sim = Simulation::new(cell, RunOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let p = Protocol::parse(protocol, "<test>").unwrap();
    let mut mem = MemorySink::new();
    let h = mem.handle();
    let r = sim.run(&p, Some(&mut mem), &mut |_| {});
    (r, h.snapshot())
}

fn col<'a>(t: &'a Table, name: &str) -> &'a [f64] {
    t.column(name).unwrap_or_else(|| panic!("no column {name}"))
}

fn rows_of_step(t: &Table, step: f64) -> Vec<usize> {
    let s = col(t, "step");
    (0..t.len()).filter(|&i| s[i] == step).collect()
}

/// (dip below the final growth voltage, final growth overpotential) of a plating step [V].
fn nucleation_dip(t: &Table, step: f64) -> (f64, f64) {
    let v = col(t, "voltage [V]");
    let rows = rows_of_step(t, step);
    let vmin = rows.iter().map(|&i| v[i]).fold(f64::INFINITY, f64::min);
    let last = v[*rows.last().unwrap()];
    (last - vmin, -last)
}

fn plate_dip(cell: &CellSpec, j_ma_cm2: f64) -> (f64, f64) {
    let (r, t) = run(cell, &format!("Plate 0.1 mAh/cm2 at {j_ma_cm2} mA/cm2"));
    assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome);
    nucleation_dip(&t, 1.0)
}

#[test]
fn nucleation_overpotential_barely_depends_on_current_density_on_cu_nzsp() {
    // Review §2 (ref. 37, Cu | Na3.4Zr2Si2.4P0.6O12, 2 MPa): η_nuc hardly depends on the current
    // density. Over a decade of current (0.1 → 1 mA/cm²) the growth overpotential, which is
    // ohmic, rises tenfold; the nucleation dip must rise far less (model: 55 → 71 mV).
    let cell = cell_from(&cell_text("cu-nzsp34-na-deposition"));
    let (n_lo, g_lo) = plate_dip(&cell, 0.1);
    let (n_hi, g_hi) = plate_dip(&cell, 1.0);
    eprintln!(
        "Cu|NZSP-34: η_nuc {:.1} → {:.1} mV, growth {:.2} → {:.2} mV",
        n_lo * 1e3,
        n_hi * 1e3,
        g_lo * 1e3,
        g_hi * 1e3
    );
    assert!(g_hi / g_lo > 8.0, "growth overpotential is ohmic");
    assert!(
        n_hi > n_lo,
        "a higher current still needs a slightly deeper dip"
    );
    assert!(
        n_hi / n_lo < 1.5,
        "η_nuc {:.1} → {:.1} mV over a decade of current",
        n_lo * 1e3,
        n_hi * 1e3
    );
}

#[test]
fn nucleation_overpotential_rises_linearly_with_stack_pressure() {
    // Review §2 (ref. 37): at fixed current (0.2 mA/cm²) η_nuc rises linearly with the stack
    // pressure over 0–4 MPa; negative-interface.md: the slope is a few mV per MPa.
    let cell = cell_from(&cell_text("cu-nzsp34-na-deposition"));
    let pressures = [0.5, 1.0, 2.0, 3.0, 4.0];
    let mut eta = Vec::new();
    for p in pressures {
        let (r, t) = run(
            &cell,
            &format!("Set pressure to {p} MPa\nPlate 0.1 mAh/cm2 at 0.2 mA/cm2"),
        );
        assert_eq!(r.outcome, Outcome::Completed);
        eta.push(nucleation_dip(&t, 2.0).0 * 1e3);
    }
    eprintln!("η_nuc [mV] at {pressures:?} MPa: {eta:?}");
    assert!(eta.windows(2).all(|w| w[1] > w[0]), "monotone in pressure");
    // least-squares line and its coefficient of determination
    let n = pressures.len() as f64;
    let mx = pressures.iter().sum::<f64>() / n;
    let my = eta.iter().sum::<f64>() / n;
    let sxy: f64 = pressures
        .iter()
        .zip(&eta)
        .map(|(x, y)| (x - mx) * (y - my))
        .sum();
    let sxx: f64 = pressures.iter().map(|x| (x - mx).powi(2)).sum();
    let slope = sxy / sxx;
    let ss_res: f64 = pressures
        .iter()
        .zip(&eta)
        .map(|(x, y)| (y - my - slope * (x - mx)).powi(2))
        .sum();
    let ss_tot: f64 = eta.iter().map(|y| (y - my).powi(2)).sum();
    let r2 = 1.0 - ss_res / ss_tot;
    eprintln!("slope {slope:.2} mV/MPa, R² = {r2:.5}");
    assert!(r2 > 0.99, "linear: R² = {r2}");
    assert!((1.0..5.0).contains(&slope), "a few mV per MPa: {slope}");
}

#[test]
fn batio3_c_interlayer_cuts_the_nucleation_overpotential_as_reported() {
    // Review §2 (ref. 54): Al | NZSP 53 mV (0.1 mA/cm²) and 73 mV (1 mA/cm²); with the ~3 µm
    // BaTiO3/C interlayer 4 and 14 mV. Tolerance ±20 % (issue 4). The bare-Al wetting factor is
    // fitted to the 53 mV, the interlayer's two parameters to its 4 and 14 mV (see the data
    // files); the bare-Al value at 1 mA/cm² is a prediction.
    let bare = cell_from(&cell_text("al-nzsp-na-deposition"));
    let coated = cell_from(&cell_text("batio3c-al-nzsp-na-deposition"));
    let cases = [
        (&bare, 0.1, 53.0),
        (&bare, 1.0, 73.0),
        (&coated, 0.1, 4.0),
        (&coated, 1.0, 14.0),
    ];
    for (cell, j, reported) in cases {
        let (eta, _) = plate_dip(cell, j);
        let eta = eta * 1e3;
        eprintln!(
            "{}: {j} mA/cm²: {eta:.2} mV (reported {reported})",
            cell.name
        );
        assert!(
            (eta / reported - 1.0).abs() <= 0.2,
            "{}: {j} mA/cm²: {eta:.2} mV vs {reported} mV",
            cell.name
        );
    }
}

/// Interfacial resistance of one Na|NZSP interface of the pressed symmetric cell at stack
/// pressure `p` [MPa], from a short, small plating pulse (no voids open) [Ω·cm²].
fn pressed_interface_resistance(p: f64) -> f64 {
    let text = cell_text("na-nzsp-na-pressed").replace(
        "stack_pressure = \"0.5 MPa\"",
        &format!("stack_pressure = \"{p} MPa\""),
    );
    let cell = cell_from(&text);
    let j = 0.001; // mA/cm²
    let (r, t) = run(&cell, &format!("Plate at {j} mA/cm2 for 1 s"));
    assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome);
    let last = t.len() - 1;
    let working = col(&t, "negative overpotential [V]")[last].abs();
    working / (j * 1e-3)
}

#[test]
fn interfacial_resistance_falls_tenfold_with_modest_pressure() {
    // Review §3, Fig. 8 (ref. 81): NASICON between Na plates, an order of magnitude lower
    // interfacial resistance under modest uniaxial compression (here 0.2 → 2 MPa; the real
    // contact of a plastic rough contact grows ∝ p/H).
    let r_low = pressed_interface_resistance(0.2);
    let r_high = pressed_interface_resistance(2.0);
    eprintln!("R_int: {r_low:.0} Ω·cm² at 0.2 MPa, {r_high:.0} Ω·cm² at 2 MPa");
    assert!(r_low / r_high > 7.0 && r_low / r_high < 13.0);
    // and it keeps falling with pressure
    assert!(pressed_interface_resistance(4.0) < r_high);
}

#[test]
fn resistance_rises_while_stripping_and_falls_while_plating() {
    // Review §2: pores grow during stripping and shrink during plating. A welded cell at 0.5 MPa
    // stripped at 0.5 mA/cm² outruns creep (≈0.14 mA/cm² at 0.5 MPa), so voids open; plating
    // then closes them again.
    let cell = cell_from(&cell_text("na-nzsp-na-welded"));
    let (r, t) = run(
        &cell,
        "Strip at 0.5 mA/cm2 for 20 min\nPlate at 0.5 mA/cm2 for 20 min",
    );
    assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome);
    let phi = col(&t, "interface contact fraction [-]");
    let eta = col(&t, "negative overpotential [V]");
    let strip = rows_of_step(&t, 1.0);
    let plate = rows_of_step(&t, 2.0);
    let (s0, s1) = (strip[1], *strip.last().unwrap());
    let (p0, p1) = (plate[1], *plate.last().unwrap());
    eprintln!(
        "contact {:.3} → {:.3} (strip) → {:.3} (plate); |η| {:.2} → {:.2} mV, {:.2} → {:.2} mV",
        phi[s0],
        phi[s1],
        phi[p1],
        eta[s0].abs() * 1e3,
        eta[s1].abs() * 1e3,
        eta[p0].abs() * 1e3,
        eta[p1].abs() * 1e3
    );
    assert!(phi[s1] < 0.9 * phi[s0], "voids open while stripping");
    assert!(eta[s1].abs() > 1.5 * eta[s0].abs(), "resistance rises");
    assert!(phi[p1] > phi[p0] + 0.05, "plating closes voids");
    assert!(eta[p1].abs() < 0.8 * eta[p0].abs(), "resistance falls");
}

#[test]
fn welded_cell_holds_about_12_mv_for_200_cycles_and_the_pressed_one_fails_within_20() {
    // Review §3 (ref. 80): ultrasound-welded Na | NZSP | Na, 0.1 mA/cm², 12 mV for > 200 cycles
    // (1300 h); the same cell without welding failed within 20 cycles.
    let protocol = bundled_file("protocols/symmetric-welded.txt").unwrap();
    let (r, t) = run(&cell_from(&cell_text("na-nzsp-na-welded")), protocol);
    assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome);
    assert_eq!(r.cycles.len(), 200);
    let v = col(&t, "voltage [V]");
    let vmax = v.iter().fold(0.0f64, |m, x| m.max(x.abs())) * 1e3;
    let tend = col(&t, "time [s]")[t.len() - 1] / 3600.0;
    eprintln!("welded: max |V| {vmax:.2} mV over {tend:.0} h");
    assert!((vmax / 12.0 - 1.0).abs() < 0.2, "{vmax} mV");
    assert!((tend - 1300.0).abs() < 1.0);

    let (r, _) = run(&cell_from(&cell_text("na-nzsp-na-pressed")), protocol);
    match &r.outcome {
        Outcome::Ended { at, cause } => {
            eprintln!("pressed: ended in cycle {}: {cause}", at.cycle);
            assert!(at.cycle <= 20);
            assert!(matches!(cause, EndCause::ShortCircuit { .. }));
        }
        o => panic!("the pressed cell should fail: {o:?}"),
    }
}

#[test]
fn batio3_c_anode_free_cell_loses_about_4_6_percent_in_300_cycles_and_conserves_sodium() {
    // Review §2 (ref. 54): NVP | NZSP | BaTiO3-C@Al, 300 cycles at 0.1 mA/cm², 4.6 % loss. The
    // dead-sodium end fraction is fitted to this number; the test guards the calibration and
    // checks the sodium balance: plated + lost + in the cathode = initial, exactly.
    let cell = cell_from(&cell_text("nvp-nzsp-batio3c-al"));
    let protocol = bundled_file("protocols/batio3-300-cycles.txt").unwrap();
    let sim = Simulation::new(&cell, RunOptions::default()).unwrap();
    let p = Protocol::parse(protocol, "<test>").unwrap();
    let r = sim.run(&p, None, &mut |_| {});
    assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome);
    assert_eq!(r.cycles.len(), 300);
    let loss = 100.0 * (1.0 - r.cycles[299].retention);
    eprintln!("capacity loss after 300 cycles: {loss:.2} %");
    assert!((loss - 4.6).abs() < 0.5, "{loss} %");
    // sodium balance over the whole run, and by part at the end
    let rel = (r.sodium_final - r.sodium_initial) / r.sodium_initial;
    assert!(rel.abs() < 1e-9, "relative drift {rel:e}");
    let y: Vec<f64> = r.final_state.iter().map(|x| x.1).collect();
    let parts = sim.model().sodium_by_part(&y);
    let sum: f64 = parts.iter().map(|x| x.1).sum();
    assert!(((sum - r.sodium_initial) / r.sodium_initial).abs() < 1e-9);
    let dead = parts
        .iter()
        .find(|(p, _)| p.contains("dead"))
        .map(|x| x.1)
        .unwrap();
    assert!(dead > 0.0, "the lost sodium is accounted as dead sodium");
    // sodium is lost every cycle: no efficiency reaches 1
    let ce: Vec<f64> = r.cycles.iter().map(|c| c.coulombic_efficiency).collect();
    assert!(ce.iter().all(|c| *c < 1.0));
}

#[test]
fn first_cycle_coulombic_efficiency_is_below_later_ones() {
    // Review §1–2: the first charge also reduces the native oxide of a Cu collector and
    // nucleates sodium; later cycles only lose dead sodium. The BaTiO3/C cell on a bare Cu
    // collector instead of the coated Al.
    let text = cell_text("nvp-nzsp-batio3c-al")
        .replace(
            "[interlayer]\nmaterial = \"batio3-c\"\nthickness = \"3 um\"              # review §2: about 3 um\n",
            "",
        )
        .replace(
            "[negative_collector]\nmaterial = \"al\"",
            "[negative_collector]\nmaterial = \"cu\"",
        );
    let cell = cell_from(&text);
    assert!(cell.interlayer.is_none());
    let (r, _) = run(
        &cell,
        "Repeat 3 times: [Charge at 0.1 mA/cm2 until 3.8 V; Discharge at 0.1 mA/cm2 until 2.0 V]",
    );
    assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome);
    let ce: Vec<f64> = r.cycles.iter().map(|c| c.coulombic_efficiency).collect();
    eprintln!("CE: {ce:?}");
    assert!(ce[0] < ce[1] - 1e-3 && ce[0] < ce[2] - 1e-3);
}

/// First current density [mA/cm²] of a plating staircase (10 min per step) at which the pressed
/// symmetric cell shorts, with the separator's relative density and electronic conductivity
/// set; `None` if it never shorts.
fn plating_ccd(relative_density: f64, sigma_e: Option<f64>) -> Option<f64> {
    let text = cell_text("na-nzsp-na-pressed").replace(
        "[separator]\nmaterial = \"nzsp\"",
        &format!(
            "[separator]\nmaterial = \"nzsp\"\nrelative_density = \"{} %\"",
            relative_density * 100.0
        ),
    );
    let mut cell = cell_from(&text);
    if let Some(s) = sigma_e {
        cell.separator
            .material
            .props
            .get_mut("electronic_conductivity")
            .unwrap()
            .si = s;
    }
    let steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0];
    let protocol: Vec<String> = steps
        .iter()
        .map(|j| format!("Plate at {j} mA/cm2 for 10 min"))
        .collect();
    let (r, _) = run(&cell, &protocol.join("\n"));
    match r.outcome {
        Outcome::Ended { at, cause } => {
            assert!(matches!(cause, EndCause::ShortCircuit { .. }), "{cause}");
            Some(steps[at.step as usize - 1])
        }
        Outcome::Completed => None,
        o => panic!("{o:?}"),
    }
}

#[test]
fn denser_electrolyte_has_a_higher_critical_current() {
    // Review §3, §5 (ref. 61): denser NASICON resists dendrites. Smaller flaws raise the Porz
    // critical overpotential, so the plating staircase shorts at a higher current.
    let porous = plating_ccd(0.85, None);
    let dense = plating_ccd(0.98, None);
    eprintln!("plating CCD: 85 % dense {porous:?}, 98 % dense {dense:?} mA/cm²");
    let porous = porous.expect("the porous ceramic shorts within the staircase");
    assert!(dense.is_none_or(|d| d > porous));
}

#[test]
fn stripping_a_symmetric_cell_grows_dendrites_from_the_counter_electrode() {
    // In a symmetric cell the counter plates whatever the working electrode strips (review §3):
    // a stripping staircase loads the counter's flaws, not the working side's, and the short
    // that ends it comes from the counter.
    let cell = cell_from(&cell_text("na-nzsp-na-pressed"));
    let steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0];
    let protocol: Vec<String> = steps
        .iter()
        .map(|j| format!("Strip at {j} mA/cm2 for 10 min"))
        .collect();
    let (r, t) = run(&cell, &protocol.join("\n"));
    let working = col(&t, "dendrite damage");
    let counter = col(&t, "counter dendrite damage");
    let last = t.len() - 1;
    eprintln!(
        "strip staircase: {:?}; damage working {:.3e}, counter {:.3e}",
        r.outcome, working[last], counter[last]
    );
    assert!(
        working.iter().all(|&d| d.abs() < 1e-9),
        "the stripping side is not loaded"
    );
    assert!(
        counter[last] > 0.1,
        "the counter is loaded: {}",
        counter[last]
    );
    match &r.outcome {
        Outcome::Ended { cause, .. } => {
            assert_eq!(
                *cause,
                EndCause::ShortCircuit {
                    electrode: Electrode::Counter
                },
            )
        }
        Outcome::Completed => assert!(counter[last] < 1.0),
        o => panic!("{o:?}"),
    }
}

/// Time [s] to a short of the pressed symmetric cell plated at 0.1 mA/cm².
fn time_to_short(sigma_e: f64) -> f64 {
    let mut cell = cell_from(&cell_text("na-nzsp-na-pressed"));
    cell.separator
        .material
        .props
        .get_mut("electronic_conductivity")
        .unwrap()
        .si = sigma_e;
    let (r, _) = run(&cell, "Plate at 0.1 mA/cm2 for 2 h");
    match r.outcome {
        Outcome::Ended { at, cause } => {
            assert!(matches!(cause, EndCause::ShortCircuit { .. }), "{cause}");
            at.time
        }
        o => panic!("expected a short: {o:?}"),
    }
}

#[test]
fn electronically_leakier_electrolyte_fails_earlier() {
    // Review §3, §5 (refs. 55, 61): electronic conduction lets sodium deposit inside the
    // ceramic; doping that lowers σ_e delays the short.
    let tight = time_to_short(1e-7); // 1e-9 S/cm
    let leaky = time_to_short(1e-5); // 1e-7 S/cm
    eprintln!("time to short: {tight:.0} s at 1e-9 S/cm, {leaky:.0} s at 1e-7 S/cm");
    assert!(leaky < 0.5 * tight);
}

/// Voltage of the Cu | NZSP-34 deposition cell plating 2 mAh/cm² at `j` mA/cm² under `p` MPa,
/// with or without seeded delamination: (times [s], voltages [V]).
fn plating_trace(p: f64, j: f64, seed: Option<u64>) -> (Vec<f64>, Vec<f64>) {
    let mut text = cell_text("cu-nzsp34-na-deposition").replace(
        "stack_pressure = \"2 MPa\"",
        &format!("stack_pressure = \"{p} MPa\""),
    );
    if let Some(seed) = seed {
        text = text.replace(
            "[model.interface]",
            &format!("[model.interface]\nfluctuation = \"delamination\"\nseed = {seed}"),
        );
    }
    let (r, t) = run(&cell_from(&text), &format!("Plate 2 mAh/cm2 at {j} mA/cm2"));
    assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome);
    (
        col(&t, "time [s]").to_vec(),
        col(&t, "voltage [V]").to_vec(),
    )
}

/// RMS deviation of the fluctuating voltage from the smooth one over the steady part (after the
/// first 20 % of the time), relative to the smooth growth overpotential, averaged over seeds.
fn relative_fluctuation(p: f64, j: f64) -> f64 {
    let (tb, vb) = plating_trace(p, j, None);
    let t_end = *tb.last().unwrap();
    let smooth = |t: f64| {
        let k = tb.partition_point(|x| *x < t).min(tb.len() - 1);
        vb[k]
    };
    let seeds = 1..=4u64;
    let n = seeds.clone().count() as f64;
    seeds
        .map(|seed| {
            let (ta, va) = plating_trace(p, j, Some(seed));
            let dev: Vec<f64> = ta
                .iter()
                .zip(&va)
                .filter(|(t, _)| **t > 0.2 * t_end)
                .map(|(t, v)| v - smooth(*t))
                .collect();
            let rms = (dev.iter().map(|d| d * d).sum::<f64>() / dev.len() as f64).sqrt();
            rms / vb.last().unwrap().abs()
        })
        .sum::<f64>()
        / n
}

#[test]
fn delamination_fluctuations_are_seeded_and_fade_with_pressure_and_current() {
    // Review §2 (ref. 37): potential fluctuations on the steady part of plating, caused by local
    // delamination, smaller at higher current and at higher pressure. Reproducible per seed.
    // Creep (faster at higher pressure) and the plating flux (faster at higher current) heal
    // each delamination in the contact model, so the spikes are shorter.
    let a = plating_trace(1.0, 0.2, Some(3));
    let b = plating_trace(1.0, 0.2, Some(3));
    let c = plating_trace(1.0, 0.2, Some(4));
    assert_eq!(a, b, "same seed, same run");
    assert_ne!(a.1, c.1, "another seed, other events");
    let base = relative_fluctuation(1.0, 0.2);
    let pressed = relative_fluctuation(4.0, 0.2);
    let fast = relative_fluctuation(1.0, 1.0);
    eprintln!(
        "relative rms fluctuation: {:.2} % (1 MPa, 0.2 mA/cm²), {:.2} % (4 MPa), {:.2} % (1 mA/cm²)",
        base * 100.0,
        pressed * 100.0,
        fast * 100.0
    );
    assert!(base > 0.005, "visible fluctuations");
    assert!(pressed < 0.8 * base);
    assert!(fast < 0.8 * base);
}

#[test]
fn a_surface_treatment_changes_the_interfacial_resistance_as_reported() {
    // Database effects drive the interface parameters: Zn doping of NZSP lowers the Na | NZSP
    // interfacial resistance from 785 to 25 Ω·cm² (review §3, ref. 78). In the pressed cell the
    // treatment raises the reachable contact until the model's interfacial resistance has
    // fallen by that ratio; a small pulse must show it.
    let pulse = |text: &str| {
        let cell = cell_from(text);
        let (r, t) = run(&cell, "Plate at 0.001 mA/cm2 for 1 s");
        assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome);
        col(&t, "negative overpotential [V]")[t.len() - 1].abs() / 1e-6
    };
    let bare = cell_text("na-nzsp-na-pressed");
    let treated = bare.replace(
        "[separator]\nmaterial = \"nzsp\"",
        "[separator]\nmaterial = \"nzsp\"\ntreatments = [\"zn-doping\"]",
    );
    assert_ne!(bare, treated);
    let (r_bare, r_treated) = (pulse(&bare), pulse(&treated));
    let ratio = r_bare / r_treated;
    eprintln!("R_int {r_bare:.0} → {r_treated:.1} Ω·cm² (×{ratio:.1}; reported 785 → 25, ×31.4)");
    assert!((ratio / 31.4 - 1.0).abs() < 0.05, "ratio {ratio}");
}

#[test]
fn a_fixed_gap_fixture_turns_plating_and_cathode_shrinkage_into_pressure() {
    // DESIGN.md / negative-interface.md: in a fixture of areal stiffness K_A the pressure follows
    // the stack thickness, Δp = K_A·(h_Na + Δh_cathode), and creep of the sodium relaxes it.
    let stiffness = 1e10; // Pa/m
    let text = |relax: &str| {
        format!(
            "{}\n[fixture]\nkind = \"fixed-gap\"\nstiffness = \"1e10 Pa/m\"\n",
            cell_text("nvp-nzsp-batio3c-al")
        )
        .replace(
            "[forecast]",
            &format!("[model.interface]\nrelax_beta = {relax}\n\n[forecast]"),
        )
    };
    // without relaxation: the hand value, exactly
    let (r, t) = run(&cell_from(&text("0.0")), "Charge at 0.1 mA/cm2 for 2 h");
    assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome);
    let last = t.len() - 1;
    let p = col(&t, "stack pressure [MPa]");
    let h_na = col(&t, "sodium thickness [um]")[last] * 1e-6;
    let dh_cat = col(&t, "cathode thickness change [um]")[last] * 1e-6;
    let hand = 1.0 + stiffness * (h_na + dh_cat) / 1e6;
    eprintln!(
        "p {:.4} → {:.4} MPa; h_Na {:.3} µm, Δh_cathode {:.3} µm; hand {:.4} MPa",
        p[0],
        p[last],
        h_na * 1e6,
        dh_cat * 1e6,
        hand
    );
    assert!(
        h_na > 0.0 && dh_cat < 0.0,
        "plating thickens, the cathode shrinks"
    );
    approx::assert_relative_eq!(p[last], hand, max_relative = 1e-4);
    // a thin plated layer barely creeps; a 100 µm foil preloaded to 3 MPa in a fixed gap relaxes
    // within hours (the fitted behaviour: Na foil 3 → ≈0.6 MPa, Wang et al. 2020)
    let text = format!(
        "{}\n[fixture]\nkind = \"fixed-gap\"\nstiffness = \"1e10 Pa/m\"\n",
        cell_text("nvp-nzsp-na-metal")
    )
    .replace("stack_pressure = \"1 MPa\"", "stack_pressure = \"3 MPa\"");
    let (r, t) = run(&cell_from(&text), "Rest for 3 h");
    assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome);
    let p = col(&t, "stack pressure [MPa]");
    let (a, b) = (p[0], p[t.len() - 1]);
    eprintln!("100 µm Na foil at rest: {a:.3} → {b:.3} MPa in 3 h");
    assert!((a - 3.0).abs() < 1e-9);
    assert!((b / 0.6 - 1.0).abs() < 0.1, "relaxes to ≈0.6 MPa: {b}");
}
