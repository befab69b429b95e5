//! Predictions of published measurements the interface model was not fitted to. Each test
//! states its dataset and its tolerance, both written down (in `docs/validation.md`, with the
//! tolerance policy there) before the model was run on it. Predictions that miss their tolerance
//! are kept as `#[ignore]`d tests asserting the published value, so `cargo test -- --ignored`
//! shows where the model stands; their numbers are in `docs/validation.md`.

mod support;

use natrium::physics::mechanics::creep::CreepLaw;
use natrium::simulation::{EndCause, Outcome};
use support::*;

const VM: f64 = 22.99e-3 / 968.0;

/// True stress [Pa] and engineering strain of a Na disc under constant load after `hours`,
/// thinning by the squeeze-flow creep law (Wang et al.'s test: 1.5 mm thick, 6.35 mm wide,
/// 3 MPa, room temperature). Volume is conserved: R = R₀√(h₀/h), σ = σ₀·h/h₀.
fn constant_load(hours: f64) -> (f64, f64) {
    let law = CreepLaw::sodium(VM);
    let (h0, r0, s0, t): (f64, f64, f64, f64) = (1.5e-3, 3.175e-3, 3e6, 298.15);
    let mut h = h0;
    let mut time = 0.0;
    while time < hours * 3600.0 {
        let r = r0 * (h0 / h).sqrt();
        let s = s0 * h / h0;
        // explicit midpoint, each step thinning the disc by at most 0.1 % (the first seconds
        // flow fast: 3 MPa is far above the flow stress of bulk Na)
        let k1: f64 = law.squeeze_rate(s, h, r, t);
        let dt = (1e-3 / k1).min(hours * 3600.0 - time);
        let hm = h * (1.0 - 0.5 * dt * k1);
        let rm = r0 * (h0 / hm).sqrt();
        let k2: f64 = law.squeeze_rate(s0 * hm / h0, hm, rm, t);
        h *= 1.0 - dt * k2;
        time += dt;
    }
    (s0 * h / h0, 1.0 - h / h0)
}

#[test]
fn prediction_constant_load_creep_of_a_sodium_disc() {
    // Wang, Chang, Wolfenstine, Sakamoto, Materialia 12 (2020) 100792: under a constant 3 MPa
    // load the disc strains beyond 50 % and the true stress falls to about 1.02 MPa within
    // hours. Tolerance: true stress within ±20 % of 1.02 MPa at 1 h and at 3 h; strain > 50 %.
    for hours in [1.0, 3.0] {
        let (s, e) = constant_load(hours);
        eprintln!(
            "after {hours} h: true stress {:.2} MPa, strain {:.2}",
            s / 1e6,
            e
        );
        assert!((s / 1.02e6 - 1.0).abs() < 0.2, "{s}");
        assert!(e > 0.5, "{e}");
    }
}

#[test]
fn prediction_dense_pellet_collector_first_cycle_efficiency() {
    // Deysher et al., Nat. Energy 9 (2024) 1161: Al pellet (cold-pressed at 370 MPa) | NBH |
    // Na9Sn4, 93 % at 1 mA/cm², 10 MPa. Only the foil value (64 %) was used in calibration; the
    // pellet's conformity follows from its hardness. Tolerance ±5 percentage points.
    let ice = half_cell_efficiency(&cell_from(&cell_text("al-pellet-nbh-deposition")), 1.0, 1.0);
    eprintln!("Al pellet | NBH first-cycle efficiency: {ice:.1} % (published 93 %)");
    assert!((ice - 93.0).abs() <= 5.0, "{ice}");
}

#[test]
fn prediction_nucleation_on_evaporated_cu_barely_depends_on_current_and_pressure() {
    // Ortmann et al., Adv. Energy Mater. 14 (2024) 2302729 (5 µm evaporated Cu on NZSP): the
    // nucleation overpotential changes by only a few mV between 0.1 and 1 mA/cm² and between
    // atmospheric pressure and 4 MPa, with no clear trend. Tolerance: changes below 5 mV.
    let cell = cell_from(&cell_text("cu-nzsp34-na-deposition"));
    let (a, b) = (dip_at(&cell, 0.1), dip_at(&cell, 1.0));
    eprintln!("Cu film dip: {a:.1} mV at 0.1, {b:.1} mV at 1 mA/cm²");
    assert!((a - b).abs() < 5.0);
    let at = |p: &str| {
        let text = with_line(
            "cu-nzsp34-na-deposition",
            "stack_pressure",
            &format!("stack_pressure = \"{p}\""),
        );
        dip_at(&cell_from(&text), 0.2)
    };
    let (lo, hi) = (at("0.1 MPa"), at("4 MPa"));
    eprintln!("Cu film dip at 0.2 mA/cm²: {lo:.2} mV at 0.1 MPa, {hi:.2} mV at 4 MPa");
    assert!((lo - hi).abs() < 5.0);
}

#[test]
fn prediction_batio3_c_nucleation_overpotential_at_1_ma() {
    // Sun et al., Mater. Today 80 (2024) 395: 14 mV at 1 mA/cm² with the BaTiO3/C layer (the
    // 0.1 mA/cm² value calibrated its wetting). Tolerance ±30 % or ±5 mV, whichever is larger.
    let d = dip_at(&cell_from(&cell_text("batio3c-al-nzsp-na-deposition")), 1.0);
    eprintln!("BaTiO3/C dip at 1 mA/cm²: {d:.1} mV (published 14 mV)");
    assert!((d - 14.0).abs() <= 5.0, "{d}");
}

#[test]
fn prediction_welded_symmetric_cell_holds_12_mv_for_200_cycles() {
    // Wang et al., Nat. Commun. 12 (2021) 7109 (review ref. 80): ultrasound-welded Na | NZSP |
    // Na, 0.1 mA/cm², about 12 mV for more than 200 cycles (1300 h). Tolerance ±30 % on the
    // polarisation, and no failure.
    let protocol = natrium::materials::bundled_file("protocols/symmetric-welded.txt").unwrap();
    let (r, t) = run(&cell_from(&cell_text("na-nzsp-na-welded")), protocol);
    assert_eq!(r.outcome, Outcome::Completed, "{}", r.outcome);
    assert_eq!(r.cycles.len(), 200);
    let v = col(&t, "voltage [V]");
    let vmax = v.iter().fold(0.0f64, |m, x| m.max(x.abs())) * 1e3;
    eprintln!("welded symmetric cell: largest |V| {vmax:.1} mV over 200 cycles");
    assert!((vmax / 12.0 - 1.0).abs() <= 0.3, "{vmax}");
}

// ---- predictions that miss their tolerance (documented in docs/validation.md) ----

#[test]
#[ignore = "known miss: 100 mV predicted (docs/validation.md)"]
fn prediction_bare_al_nucleation_overpotential_at_1_ma() {
    // Sun et al. 2024: 73 mV at 1 mA/cm² on bare Al (0.1 mA/cm² calibrated the site density).
    // Tolerance ±30 %.
    let d = dip_at(&cell_from(&cell_text("al-nzsp-na-deposition")), 1.0);
    assert!((d / 73.0 - 1.0).abs() <= 0.3, "{d}");
}

#[test]
#[ignore = "known miss: about 45 % predicted (docs/validation.md)"]
fn prediction_sulfide_on_foil_keeps_almost_nothing() {
    // Deysher et al. 2024: Al foil | Na3PS4 | Na9Sn4, 4 % at 1 mA/cm², 10 MPa. Tolerance ±5 points.
    let ice = half_cell_efficiency(&cell_from(&cell_text("al-foil-nps-deposition")), 1.0, 1.0);
    assert!((ice - 4.0).abs() <= 5.0, "{ice}");
}

#[test]
#[ignore = "known miss: about 0.5 % predicted (docs/validation.md)"]
fn prediction_batio3_c_anode_free_cell_loses_4_6_percent_in_300_cycles() {
    // Sun et al. 2024: NVP | NZSP | BaTiO3-C@Al, 4.6 % lost in 300 cycles at 0.1 mA/cm².
    // Tolerance: the loss within a factor 2.
    let protocol = natrium::materials::bundled_file("protocols/batio3-300-cycles.txt").unwrap();
    let c = cycles(&cell_from(&cell_text("nvp-nzsp-batio3c-al")), protocol);
    let loss = 100.0 * (1.0 - c[299].retention);
    assert!(loss > 2.3 && loss < 9.2, "{loss} %");
}

#[test]
#[ignore = "known miss: the pressed cell shorts in cycle 37 (docs/validation.md)"]
fn prediction_pressed_symmetric_cell_fails_within_20_cycles() {
    // Wang et al. 2021: the unwelded Na | NZSP | Na cell failed within 20 cycles at 0.1 mA/cm².
    let protocol = natrium::materials::bundled_file("protocols/symmetric-welded.txt").unwrap();
    let r = run_quiet(&cell_from(&cell_text("na-nzsp-na-pressed")), protocol);
    match r.outcome {
        Outcome::Ended {
            at,
            cause: EndCause::ShortCircuit { .. },
        } => assert!(at.cycle <= 20, "{}", at.cycle),
        o => panic!("{o}"),
    }
}

#[test]
#[ignore = "known miss: the model's void-free current has 0.45 eV (docs/validation.md)"]
fn prediction_activation_energy_of_the_critical_stripping_current() {
    // Lowack et al., arXiv:2603.23340 (2026): 0.13-0.15 eV for three ceramics. Tolerance ±0.05 eV.
    let law = CreepLaw::sodium(VM);
    let (t1, t2) = (298.15, 353.15);
    let j1 = law.void_free_current(1e6, t1, VM);
    let j2 = law.void_free_current(1e6, t2, VM);
    let ea = (j2 / j1).ln() * 8.617e-5 / (1.0 / t1 - 1.0 / t2);
    assert!((ea - 0.14).abs() <= 0.05, "{ea} eV");
}

#[test]
#[ignore = "known miss: 1 MPa at 40 °C keeps 78.5 %, not about 96 % (docs/validation.md)"]
fn prediction_warmer_cells_need_less_stack_pressure() {
    // Deysher et al. 2024 (Al pellet | NBH): at 40 °C, 1 and 5 MPa cycle as reversibly as
    // 10 MPa. Tolerance: first-cycle efficiency at 1 MPa within 5 points of that at 10 MPa.
    let ice = |p: &str| {
        let text = with_line(
            "al-pellet-nbh-deposition",
            "stack_pressure",
            &format!("stack_pressure = \"{p}\""),
        )
        .replace("temperature = \"25 degC\"", "temperature = \"40 degC\"");
        half_cell_efficiency(&cell_from(&text), 1.0, 1.0)
    };
    let (lo, hi) = (ice("1 MPa"), ice("10 MPa"));
    assert!((lo - hi).abs() <= 5.0, "{lo} vs {hi}");
}

#[test]
#[ignore = "known miss: the foil cell settles at 96 % (docs/validation.md)"]
fn prediction_a_foil_collector_dies_within_tens_of_cycles_and_a_pellet_does_not() {
    // Deysher et al. 2024: an anode-free full cell on Al foil loses most of its capacity within
    // tens of cycles; on a dense Al pellet it keeps cycling. Tolerance: the foil cell below 50 %
    // of its first capacity by cycle 30, the pellet cell above 90 % at cycle 30 (NVP | NZSP here,
    // at 0.1 mA/cm²: the trend, not the chemistry, is predicted).
    let protocol =
        "Repeat 30 times: [Charge at 0.1 mA/cm2 until 3.8 V; Discharge at 0.1 mA/cm2 until 2.0 V]";
    let foil = cycles(&cell_from(&cell_text("nvp-nzsp-al")), protocol);
    let pellet_text = cell_text("nvp-nzsp-al").replace(
        "form = \"foil\"",
        "form = \"pellet\"\nfabrication_pressure = \"370 MPa\"",
    );
    let pellet = cycles(&cell_from(&pellet_text), protocol);
    let (f, p) = (foil[29].retention, pellet[29].retention);
    eprintln!(
        "retention after 30 cycles: foil {:.1} %, pellet {:.1} %",
        100.0 * f,
        100.0 * p
    );
    assert!(f < 0.5 && p > 0.9, "{f} {p}");
}
