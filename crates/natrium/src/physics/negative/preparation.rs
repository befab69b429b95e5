//! The contact of sodium with the electrolyte as the cell was made (docs/physics/contact.md).
//!
//! * **plated** in situ on a collector: sodium grows where it touches the electrolyte, φ₀ = 1,
//!   no surface film (the reduction interphase takes its place).
//! * **welded** (ultrasound): the oscillating pressure scrubs surface films away and bonds the
//!   foil over its whole area: φ₀ = 1, no film (review §3, ref. 80).
//! * **pressed**: a rough plastic contact. The real contact fraction grows with pressure over
//!   the hardness of sodium at the pressing rate (Bowden–Tabor, softened exponentially near full
//!   contact): φ₀ = 1 − exp(−(p + p_adh)/H), H = 3·σ_f (Tabor), σ_f = K·(ε̇/a(T))^m with
//!   K = 0.928 MPa·s^m, m = 0.164 measured on Na (Wang et al., Materialia 12 (2020) 100792),
//!   ε̇ = 0.1/t for asperities flattened by ≈10 % in the pressing time t (assumed), a(T) the
//!   Arrhenius factor of self-diffusion (Zener–Hollomon). Adhesion adds p_adh = W/λ_r, the work
//!   of adhesion over the roughness wavelength (assumed 1 µm).
//! * **melted**: molten sodium spreads where it wets: φ₀ = 1 on a film-free, wetted surface;
//!   on an air-formed film sodium wets poorly below ≈300 °C (Ahlbrecht et al., Ionics 23 (2017)
//!   1319; Lu et al., Nat. Commun. 5 (2014) 4578), φ₀ = (1 + cos θ)/2 with θ = 120° (assumed).
//! * The air-formed film of the electrolyte surface (carbonate, hydroxide: review §3) is a
//!   resistance in series on the contacted area, R_film/φ, unless a treatment removes it
//!   (`removes-surface-film`) or welding scrubs it away.

use crate::cell::{CollectorForm, Preparation, Route};
use crate::constants::GAS_CONSTANT;
use crate::materials::{Material, Mechanism};

/// Flow-stress coefficient of Na, σ = K·ε̇^m [Pa s^m] (Wang et al. 2020).
pub const FLOW_COEFFICIENT: f64 = 0.928e6;
/// Strain-rate sensitivity of Na (Wang et al. 2020).
pub const RATE_SENSITIVITY: f64 = 0.164;
/// Strain of the asperities flattened while pressing (assumed, range 0.03–0.3).
pub const ASPERITY_STRAIN: f64 = 0.1;
/// Roughness wavelength of a ground ceramic surface [m] (assumed, range 0.3–3 µm).
pub const ROUGHNESS_WAVELENGTH: f64 = 1e-6;
/// Surface energy of solid Na [J/m²] (0.22 J/m² in phase-field models of Na voids; liquid Na
/// 0.206 J/m² at 100 °C).
pub const NA_SURFACE_ENERGY: f64 = 0.22;
/// Contact angle of sodium on an electrolyte surface with its air-formed film [rad] (assumed
/// 120°: poor wetting below ≈300 °C, Ahlbrecht 2017, Lu 2014).
pub const FILMED_CONTACT_ANGLE: f64 = 2.0 * std::f64::consts::PI / 3.0;

/// How the sodium first met the electrolyte.
#[derive(Debug, Clone, PartialEq)]
pub struct InitialContact {
    /// Contact fraction after assembly [-].
    pub contact: f64,
    /// Surface-film resistance in series on the contacted area [Ω·m²].
    pub film_resistance: f64,
    /// How it was derived (for the parameter log).
    pub basis: String,
}

/// Whether any of `materials` acts by `m`.
pub fn acts(materials: &[&Material], m: Mechanism) -> bool {
    materials.iter().any(|x| x.mechanisms.contains(&m))
}

/// Hardness of sodium [Pa] pressed for `time` [s] at `t` [K] (activation `q` [J/mol] of the
/// Zener–Hollomon temperature compensation, reference 298.15 K).
pub fn pressing_hardness(time: f64, t: f64, q: f64) -> f64 {
    let rate = ASPERITY_STRAIN / time.max(1e-3);
    let a = (-(q / GAS_CONSTANT) * (1.0 / t - 1.0 / crate::constants::T_REF)).exp();
    3.0 * FLOW_COEFFICIENT * (rate / a).powf(RATE_SENSITIVITY)
}

/// The contact after assembly for a preparation, given the cell's stack pressure `p_stack`
/// [Pa] and temperature `t` [K], the film resistance of the electrolyte surface `film` [Ω·m²],
/// the treatments at the interface and the creep activation energy `q`.
pub fn initial_contact(
    prep: &Preparation,
    p_stack: f64,
    t: f64,
    film: f64,
    treatments: &[&Material],
    q: f64,
) -> InitialContact {
    let film_removed = acts(treatments, Mechanism::RemovesSurfaceFilm);
    let wets = acts(treatments, Mechanism::WetsSodium) || film_removed;
    let route = if acts(treatments, Mechanism::WeldsContact) {
        Route::Welded
    } else {
        prep.route
    };
    let film_left = if film_removed || matches!(route, Route::Welded | Route::Plated) {
        0.0
    } else {
        film
    };
    let theta = if wets { 0.0 } else { FILMED_CONTACT_ANGLE };
    match route {
        Route::Plated => InitialContact {
            contact: 1.0,
            film_resistance: 0.0,
            basis: "plated in situ: sodium grows in contact with the electrolyte".into(),
        },
        Route::Welded => InitialContact {
            contact: 1.0,
            film_resistance: 0.0,
            basis: "welded: bonded over the whole area, surface films scrubbed away (review §3, ref. 80)".into(),
        },
        Route::Melted => {
            let c = if wets { 1.0 } else { 0.5 * (1.0 + theta.cos()) };
            InitialContact {
                contact: c,
                film_resistance: film_left,
                basis: format!(
                    "melted: molten Na on a {} surface, φ0 = (1 + cos θ)/2 with θ = {:.0}°",
                    if wets { "wetted" } else { "film-covered" },
                    theta.to_degrees()
                ),
            }
        }
        Route::Pressed => {
            let p = prep.pressure.unwrap_or(p_stack);
            let tp = prep.temperature.unwrap_or(t);
            let h = pressing_hardness(prep.time, tp, q);
            let w = NA_SURFACE_ENERGY * (1.0 + theta.cos());
            let p_adh = w / ROUGHNESS_WAVELENGTH;
            let c = 1.0 - (-(p + p_adh) / h).exp();
            InitialContact {
                contact: c.clamp(1e-3, 1.0),
                film_resistance: film_left,
                basis: format!(
                    "pressed at {:.2} MPa for {:.0} s at {:.0} degC: φ0 = 1 − exp(−(p + W/λ)/H), H = {:.2} MPa (Tabor, flow law of Wang 2020), W/λ = {:.2} MPa",
                    p / 1e6,
                    prep.time,
                    tp - crate::constants::ZERO_CELSIUS,
                    h / 1e6,
                    p_adh / 1e6
                ),
            }
        }
    }
}

/// Conformity of a collector [-]: the share of the interface where it presses the plated sodium
/// against the electrolyte. A film (evaporated, sputtered) or a coating is conformal; a pellet
/// pressed above the collector's hardness is (Bowden–Tabor: contact ∝ p/H, saturating); a
/// rolled foil presses only part of it (`foil`, calibrated).
pub fn conformity(
    form: CollectorForm,
    fabrication_pressure: Option<f64>,
    hardness: f64,
    foil: f64,
) -> (f64, String) {
    match form {
        CollectorForm::Film => (1.0, "film on the electrolyte: conformal".into()),
        CollectorForm::Pellet => {
            let p = fabrication_pressure.unwrap_or(370e6);
            let c = 1.0 - (-p / hardness).exp();
            (
                c.max(foil),
                format!(
                    "pellet pressed at {:.0} MPa against a collector hardness of {:.0} MPa: 1 − exp(−p/H)",
                    p / 1e6,
                    hardness / 1e6
                ),
            )
        }
        CollectorForm::Foil => (
            foil,
            "foil: calibrated, 0.1, on Al foil | Na4(B10H10)(B12H12) | Na9Sn4, first-cycle efficiency 64 % at 1 mA/cm2 and 10 MPa (Deysher et al., Nat. Energy 9 (2024) 1161); range 0.05-0.5".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pressed_sodium_is_as_hard_as_its_flow_stress_says() {
        // 60 s at 25 °C: ε̇ = 1.7e-3 1/s → σ = 0.928·ε̇^0.164 ≈ 0.33 MPa → H ≈ 1.0 MPa
        let h = pressing_hardness(60.0, 298.15, 43e3);
        assert!((h / 1e6 - 1.0).abs() < 0.05, "{h}");
        // warmer and slower: softer
        assert!(pressing_hardness(600.0, 333.15, 43e3) < 0.6 * h);
    }

    #[test]
    fn contact_rises_with_pressing_pressure_and_saturates() {
        let prep = |p: f64| Preparation {
            route: Route::Pressed,
            pressure: Some(p),
            time: 60.0,
            temperature: None,
        };
        let c = |p: f64| initial_contact(&prep(p), 0.0, 298.15, 0.05, &[], 43e3).contact;
        assert!(c(0.2e6) < 0.35 && c(0.2e6) > 0.1, "{}", c(0.2e6));
        assert!(c(2e6) > 0.85, "{}", c(2e6));
        assert!(c(10e6) > 0.999);
        // the film is a series resistance, kept for a pressed foil
        let k = initial_contact(&prep(1e6), 0.0, 298.15, 0.05, &[], 43e3);
        assert_eq!(k.film_resistance, 0.05);
        let w = initial_contact(
            &Preparation::of(Route::Welded),
            1e6,
            298.15,
            0.05,
            &[],
            43e3,
        );
        assert_eq!((w.contact, w.film_resistance), (1.0, 0.0));
    }

    #[test]
    fn a_pellet_pressed_above_its_hardness_is_conformal() {
        let (c, _) = conformity(CollectorForm::Pellet, Some(370e6), 160e6, 0.5);
        assert!(c > 0.9, "{c}");
        let (f, _) = conformity(CollectorForm::Foil, None, 160e6, 0.5);
        assert_eq!(f, 0.5);
    }
}
