//! Physics of the anode-free interface in whole runs: limits, hand-computed values and the
//! trends the model must show by construction of its physics (not by fitting): voids and
//! creep, the preparation's contact and films, the clock of filaments and the upper pressure
//! limit, inventory losses by mechanism and their accounting. Calibration checks and
//! predictions of published data are in `interface_calibration.rs` and
//! `interface_predictions.rs`.

mod support;

use natrium::model::Electrode;
use natrium::physics::mechanics::creep::CreepLaw;
use natrium::simulation::{EndCause, Outcome};
use support::*;

const VM: f64 = 22.99e-3 / 968.0;

#[test]
fn resistance_rises_while_stripping_and_falls_while_plating() {
    // A welded cell at 0.5 MPa stripped at 0.5 mA/cm² outruns creep (void-free current
    // ≈0.14 mA/cm² at 0.5 MPa), so voids open; plating then closes them again.
    let cell = cell_from(&cell_text("na-nzsp-na-welded"));
    let (r, t) = run(
        &cell,
        "Strip at 0.5 mA/cm2 for 20 min\nPlate at 0.5 mA/cm2 for 20 min",
    );
    assert_eq!(r.outcome, Outcome::Completed, "{}", r.outcome);
    let phi = col(&t, "interface contact fraction [-]");
    let eta = col(&t, "negative overpotential [V]");
    let strip = rows_of_step(&t, 1.0);
    let plate = rows_of_step(&t, 2.0);
    let (s0, s1) = (strip[1], *strip.last().unwrap());
    // a second into plating, once the double layer has switched sign
    let time = col(&t, "time [s]");
    let p0 = *plate
        .iter()
        .find(|&&i| time[i] > time[plate[0]] + 1.0)
        .unwrap();
    let p1 = *plate.last().unwrap();
    eprintln!(
        "contact {:.3} → {:.3} → {:.3}; η {:.3} {:.3} {:.3} {:.3} mV",
        phi[s0],
        phi[s1],
        phi[p1],
        eta[s0] * 1e3,
        eta[s1] * 1e3,
        eta[p0] * 1e3,
        eta[p1] * 1e3
    );
    assert!(phi[s1] < 0.9 * phi[s0], "voids open while stripping");
    assert!(eta[s1].abs() > 1.5 * eta[s0].abs(), "resistance rises");
    // plating refills at V_m·j/F plus creep, (1.2 + 0.3) nm/s over λ = 8 µm: +0.03 in 20 min
    assert!(phi[p1] > phi[p0] + 0.02, "plating closes voids");
    // R_ct/φ dominates a welded interface: the overpotential falls with 1/φ
    assert!(eta[p1].abs() < 0.99 * eta[p0].abs(), "resistance falls");
}

/// Contact of the welded symmetric cell after stripping `j` mA/cm² for 20 min at `p` MPa and
/// `t` °C.
fn contact_after_strip(j: f64, p: f64, t: f64) -> f64 {
    let text = with_line(
        "na-nzsp-na-welded",
        "stack_pressure",
        &format!("stack_pressure = \"{p} MPa\""),
    )
    .replace(
        "temperature = \"25 degC\"",
        &format!("temperature = \"{t} degC\""),
    );
    let (r, tab) = run(
        &cell_from(&text),
        &format!("Strip at {j} mA/cm2 for 20 min"),
    );
    assert_eq!(r.outcome, Outcome::Completed, "{}", r.outcome);
    *col(&tab, "interface contact fraction [-]").last().unwrap()
}

#[test]
fn the_void_free_current_comes_from_creep_linear_in_pressure_and_activated_in_temperature() {
    let law = CreepLaw::sodium(VM);
    let j = |p: f64, t: f64| law.void_free_current(p, t, VM) / 10.0; // mA/cm²
                                                                     // linear in pressure (diffusional creep), activated with self-diffusion (43 kJ/mol, and
                                                                     // the 1/T of the mobility)
    approx::assert_relative_eq!(j(4e6, 298.15) / j(1e6, 298.15), 4.0, max_relative = 1e-6);
    let arrhenius =
        (-43e3f64 / 8.314462618 * (1.0 / 333.15 - 1.0 / 298.15)).exp() * 298.15 / 333.15;
    approx::assert_relative_eq!(
        j(1e6, 333.15) / j(1e6, 298.15),
        arrhenius,
        max_relative = 1e-3
    );
    // and the simulated cell keeps its contact below it and loses it above it
    for (p, t) in [(1.0, 25.0), (4.0, 25.0), (1.0, 60.0)] {
        let jf = j(p * 1e6, t + 273.15);
        let below = contact_after_strip(0.7 * jf, p, t);
        let above = contact_after_strip(2.0 * jf, p, t);
        eprintln!("{p} MPa, {t} °C: j* {jf:.2} mA/cm²; contact {below:.3} below, {above:.3} above");
        assert!(below > 0.99, "{below}");
        assert!(above < 0.9, "{above}");
    }
}

/// Area-specific resistance [Ω·cm²] of the negative interface of a pressed symmetric cell, from
/// a 1 µA/cm² pulse.
fn pulse_asr(text: &str) -> f64 {
    let (r, t) = run(&cell_from(text), "Plate at 0.001 mA/cm2 for 1 s");
    assert_eq!(r.outcome, Outcome::Completed, "{}", r.outcome);
    col(&t, "negative overpotential [V]")[t.len() - 1].abs() / 1e-6
}

#[test]
fn pressing_sets_the_contact_and_a_film_is_a_resistance_in_series() {
    // The pressed foil's contact follows the pressing law (plastic contact at the flow stress
    // of Na); the air-formed film (800 Ω·cm² of NASICON) sits in series on it: ASR ≈ R_film/φ₀.
    use natrium::cell::{Preparation, Route};
    use natrium::physics::negative::preparation::initial_contact;
    let phi = |p: f64| {
        let prep = Preparation {
            route: Route::Pressed,
            pressure: Some(p),
            time: Preparation::of(Route::Pressed).time,
            temperature: None,
        };
        initial_contact(&prep, p, 298.15, 0.08, &[], 43e3).contact
    };
    let asr = |p: f64| {
        pulse_asr(&with_line(
            "na-nzsp-na-pressed",
            "stack_pressure",
            &format!("stack_pressure = \"{p} MPa\""),
        ))
    };
    let (lo, hi) = (asr(0.2), asr(2.0));
    eprintln!(
        "ASR {lo:.0} Ω·cm² at 0.2 MPa, {hi:.0} at 2 MPa; contact {:.3} → {:.3}",
        phi(0.2e6),
        phi(2e6)
    );
    // the film dominates; charge transfer and constriction add a few per cent at low contact
    approx::assert_relative_eq!(lo / hi, phi(2e6) / phi(0.2e6), max_relative = 0.1);
    approx::assert_relative_eq!(hi, 800.0 / phi(2e6), max_relative = 0.05);
    // a treatment that removes the film (molten-Na reduction) leaves charge transfer and
    // constriction: about a hundred times less
    let treated = with_line(
        "na-nzsp-na-pressed",
        "stack_pressure",
        "stack_pressure = \"2 MPa\"",
    )
    .replace(
        "[separator]\nmaterial = \"nzsp\"",
        "[separator]\nmaterial = \"nzsp\"\ntreatments = [\"liquid-na-treatment\"]",
    );
    let clean = pulse_asr(&treated);
    eprintln!("with the film removed: {clean:.1} Ω·cm²");
    assert!(clean < hi / 100.0 && clean > 0.1, "{clean}");
}

#[test]
fn a_filament_takes_twice_as_long_through_a_twice_as_thick_separator() {
    let pen = |l: &str| {
        let text = with_line(
            "na-nzsp-na-pressed",
            "thickness",
            &format!("thickness = \"{l}\""),
        );
        let (r, t) = run(&cell_from(&text), "Plate at 0.5 mA/cm2 for 10 h");
        assert_eq!(r.outcome, Outcome::Completed, "{}", r.outcome);
        *col(&t, "filament penetration [-]").last().unwrap()
    };
    let (thin, thick) = (pen("0.5 mm"), pen("1 mm"));
    eprintln!("penetration after 10 h: {thin:.4} (0.5 mm), {thick:.4} (1 mm)");
    assert!(thin > 0.05);
    approx::assert_relative_eq!(thin / thick, 2.0, max_relative = 0.02);
}

#[test]
fn smaller_flaws_of_a_denser_ceramic_carry_less_load() {
    // Flaw c = d·(6(1 − ρ)/π)^(1/3) (d = 5 µm): 3.30 µm at 85 %, 1.68 µm at 98 %; the load at the
    // same current scales as √c (σ_c ∝ 1/√c), a ratio of 1.40.
    let load = |rd: f64| {
        let text = cell_text("na-nzsp-na-pressed").replace(
            "[separator]\nmaterial = \"nzsp\"",
            &format!("[separator]\nmaterial = \"nzsp\"\nrelative_density = \"{rd} %\""),
        );
        let (_, t) = run(&cell_from(&text), "Plate at 0.05 mA/cm2 for 10 min");
        *col(&t, "flaw loading [-]").last().unwrap()
    };
    let c = |rd: f64| 5.0 * (6.0 * (1.0 - rd / 100.0) / std::f64::consts::PI).cbrt();
    let (porous, dense) = (load(85.0), load(98.0));
    eprintln!("flaw loading at 0.05 mA/cm²: {porous:.3} (85 %), {dense:.3} (98 %)");
    approx::assert_relative_eq!(
        porous / dense,
        (c(85.0) / c(98.0)).sqrt(),
        max_relative = 0.03
    );
}

#[test]
fn too_much_stack_pressure_shorts_a_cell_even_at_rest() {
    // Flaws of 50 µm in NASICON (K_IC 1.25 MPa√m) break at σ_c = 89 MPa: below, nothing happens
    // at rest; above, sodium creeps into the cracks and shorts the cell.
    let rest = |p: f64| {
        let text = with_line(
            "na-nzsp-na-welded",
            "stack_pressure",
            &format!("stack_pressure = \"{p} MPa\""),
        ) + "\n[model.interface]\nflaw_size = \"50 um\"\n";
        run_quiet(&cell_from(&text), "Rest for 100 h").outcome
    };
    assert_eq!(rest(60.0), Outcome::Completed);
    match rest(120.0) {
        Outcome::Ended {
            cause: EndCause::ShortCircuit { .. },
            at,
        } => {
            eprintln!("120 MPa: short after {:.1} h", at.time / 3600.0);
            assert!(at.time < 100.0 * 3600.0);
        }
        o => panic!("{o}"),
    }
}

#[test]
fn stripping_a_symmetric_cell_grows_filaments_from_the_counter_electrode() {
    // In a symmetric cell the counter plates whatever the working electrode strips: a stripping
    // staircase loads the counter's flaws, not the working side's.
    let cell = cell_from(&cell_text("na-nzsp-na-pressed"));
    let steps = [0.05, 0.1, 0.2, 0.5, 1.0];
    let protocol: Vec<String> = steps
        .iter()
        .map(|j| format!("Strip at {j} mA/cm2 for 10 min"))
        .collect();
    let (r, t) = run(&cell, &protocol.join("\n"));
    let working = col(&t, "filament penetration [-]");
    let counter = col(&t, "counter filament penetration [-]");
    let last = t.len() - 1;
    eprintln!(
        "{}: working {:.2e}, counter {:.2e}",
        r.outcome, working[last], counter[last]
    );
    assert!(
        working.iter().all(|&d| d.abs() < 1e-9),
        "the stripping side is not loaded"
    );
    assert!(
        counter[last] > 1e-3,
        "the counter is loaded: {}",
        counter[last]
    );
    if let Outcome::Ended { cause, .. } = &r.outcome {
        assert_eq!(
            *cause,
            EndCause::ShortCircuit {
                electrode: Electrode::Counter
            }
        );
    }
}

/// First cycle of a half cell (plate 1 mAh/cm² at 1 mA/cm², strip to 1 V): efficiency [%] and
/// the sodium left in each reservoir [mAh/cm²].
fn first_cycle(text: &str) -> (f64, Vec<(String, f64)>) {
    let cell = cell_from(text);
    let c = cycles(
        &cell,
        "Plate 1 mAh/cm2 at 1 mA/cm2\nStrip at 1 mA/cm2 until 1 V",
    );
    let parts = c[0]
        .extra
        .iter()
        .filter(|(k, _)| k.starts_with("Na in negative/"))
        .cloned()
        .collect();
    (100.0 * c[0].coulombic_efficiency, parts)
}

#[test]
fn first_cycle_losses_by_mechanism_add_up_and_order_as_their_causes() {
    let foil = first_cycle(&cell_text("al-foil-nbh-deposition"));
    let pellet = first_cycle(&cell_text("al-pellet-nbh-deposition"));
    let sulfide = first_cycle(&cell_text("al-foil-nps-deposition"));
    let porous_text = cell_text("al-pellet-nbh-deposition").replace(
        "form = \"pellet\"",
        "form = \"pellet\"\nporosity = \"20 %\"",
    );
    let porous = first_cycle(&porous_text);
    for (name, (ice, parts)) in [
        ("foil", &foil),
        ("pellet", &pellet),
        ("sulfide", &sulfide),
        ("porous", &porous),
    ] {
        eprintln!("{name}: {ice:.1} %  {parts:?}");
        // what was plated and not stripped sits in the reservoirs: 1 mAh/cm² × (1 − CE)
        let held: f64 = parts.iter().map(|(_, x)| x).sum();
        approx::assert_relative_eq!(held, 1.0 - ice / 100.0, max_relative = 1e-3);
    }
    let part = |p: &Vec<(String, f64)>, k: &str| {
        p.iter()
            .find(|(n, _)| n.contains(k))
            .map(|x| x.1)
            .unwrap_or(0.0)
    };
    // a foil strands sodium where it does not press; a dense pellet presses everywhere
    assert!(foil.0 < pellet.0 - 10.0);
    assert!(part(&foil.1, "isolation") > 3.0 * part(&pellet.1, "isolation"));
    // the sulfide's interphase keeps growing; the hydroborate has none
    assert!(sulfide.0 < foil.0 - 10.0);
    assert!(part(&sulfide.1, "interphase") > 0.2 && part(&foil.1, "interphase") == 0.0);
    // pores of the collector trap sodium
    assert!(porous.0 < pellet.0 - 0.3);
    assert!(part(&porous.1, "pores") > 0.01);
}

#[test]
fn an_interlayer_changes_first_cycle_efficiency_and_life_of_the_anode_free_cell() {
    let protocol =
        "Repeat 20 times: [Charge at 0.1 mA/cm2 until 3.8 V; Discharge at 0.1 mA/cm2 until 2.0 V]";
    let bare = cycles(&cell_from(&cell_text("nvp-nzsp-al")), protocol);
    let coated = cycles(&cell_from(&cell_text("nvp-nzsp-batio3c-al")), protocol);
    let (b1, c1) = (bare[0].coulombic_efficiency, coated[0].coulombic_efficiency);
    let (b20, c20) = (bare[19].retention, coated[19].retention);
    eprintln!(
        "first cycle: bare {:.1} %, BaTiO3/C {:.1} %; retention at 20: {:.1} %, {:.1} %",
        100.0 * b1,
        100.0 * c1,
        100.0 * b20,
        100.0 * c20
    );
    // the coating keeps some sodium in its carbon but presses the plated metal everywhere
    assert!(c1 > b1 + 0.05);
    assert!(extra(&coated[0], "Na in negative/storage [mAh/cm^2]") > 0.01);
    assert!(c20 > 0.95 && b20 < c20 - 0.02);
}

#[test]
fn a_thin_plated_layer_barely_relaxes_a_fixed_gap_and_the_hand_value_holds() {
    // In a fixture of areal stiffness K_A, Δp = K_A·(h_Na + Δh_cathode); a plated film a few
    // µm thick under a centimetre-wide electrode cannot squeeze out (thin-film creep).
    let text = format!(
        "{}\n[fixture]\nkind = \"fixed-gap\"\nstiffness = \"1e10 Pa/m\"\n",
        cell_text("nvp-nzsp-batio3c-al")
    );
    let (r, t) = run(&cell_from(&text), "Charge at 0.1 mA/cm2 for 2 h");
    assert_eq!(r.outcome, Outcome::Completed, "{}", r.outcome);
    let last = t.len() - 1;
    let p = col(&t, "stack pressure [MPa]");
    let h_na = col(&t, "sodium thickness [um]")[last] * 1e-6;
    let dh_cat = col(&t, "cathode thickness change [um]")[last] * 1e-6;
    let hand = 1.0 + 1e10 * (h_na + dh_cat) / 1e6;
    eprintln!("p {:.4} → {:.4} MPa; hand {hand:.4} MPa", p[0], p[last]);
    assert!(h_na > 0.0 && dh_cat < 0.0);
    approx::assert_relative_eq!(p[last], hand, max_relative = 1e-3);
}

#[test]
fn a_thick_foil_in_a_fixed_gap_relaxes_the_preload_within_hours() {
    // The same law: a 1.5 mm foil on a 6.35 mm electrode (Wang et al.'s geometry) preloaded to
    // 3 MPa in a stiff fixed gap creeps and lets the pressure fall.
    let text = format!(
        "{}\n[fixture]\nkind = \"fixed-gap\"\nstiffness = \"1e12 Pa/m\"\n",
        with_line(
            "nvp-nzsp-na-metal",
            "stack_pressure",
            "stack_pressure = \"3 MPa\""
        )
    )
    .replace("area = \"1 cm^2\"", "area = \"0.3167 cm^2\"")
    .replace(
        "sodium_thickness = \"100 um\"",
        "sodium_thickness = \"1.5 mm\"",
    );
    let (r, t) = run(&cell_from(&text), "Rest for 3 h");
    assert_eq!(r.outcome, Outcome::Completed, "{}", r.outcome);
    let p = col(&t, "stack pressure [MPa]");
    eprintln!("preload 3 MPa → {:.2} MPa after 3 h", p[t.len() - 1]);
    assert!(p[t.len() - 1] < 1.5, "{}", p[t.len() - 1]);
}
