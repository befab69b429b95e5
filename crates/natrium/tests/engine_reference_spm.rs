//! natrium's cathode models against a hand-written single-particle reference (issue 3, item 10).
//!
//! The reference below reuses nothing of natrium's physics (only the constants F and R and the
//! parameter values, read from the run's `ParamLog` so both sides use identical numbers):
//! * one spherical particle, node-centred finite volumes on N = 100 nodes r_i = i·R/N (the
//!   surface value is a node; natrium uses cell-centred shells with an extrapolated surface),
//!   backward-Euler time steps of 0.25 s with a tridiagonal (Thomas) solve;
//! * checked itself against the analytic constant-flux solution for a sphere (Crank, The
//!   Mathematics of Diffusion, 2nd ed., §6.3, constant flux at the surface):
//!   c_s − c₀ = (N·R/D)·[3Dt/R² + 1/5 − 2·Σₙ exp(−D·αₙ²·t/R²)/αₙ²] with tan αₙ = αₙ;
//! * the open-circuit potential re-implemented from nvp.toml's [ocv] plateau parameters
//!   (U = U₀ + s·(x − ½) + w·ln((1 − x)/x) + E·(e^(−x/δ) − e^(−(1−x)/δ))), or a linear table;
//! * symmetric Butler–Volmer on the contacted area, i₀ = F·k·c_max·√(x_s(1 − x_s));
//! * ohmic losses: separator L/σ and the uniform-reaction resistance L/(3σ) of both phases of
//!   the composite (Newman & Tobias 1962), an ideal counter electrode.
//!
//! Voltage curves of `cathode = "spm"` and of the P2D model with very high ionic and electronic
//! conductivity (cathode_nodes = 10) must agree with the reference to ~1 mV RMS at C/5 and 1C.

use std::path::Path;

use natrium::cell::parse_cell;
use natrium::constants::{FARADAY, GAS_CONSTANT};
use natrium::materials::{bundled_file, Database, OcvSpec};
use natrium::output::MemorySink;
use natrium::protocol::Protocol;
use natrium::simulation::{Outcome, RunOptions, Simulation};

const T: f64 = 298.15;
const X0: f64 = 0.05;

#[derive(Clone, Copy, Debug)]
enum Ocv {
    Plateau {
        u0: f64,
        slope: f64,
        wall: f64,
        edge: f64,
        width: f64,
    },
    /// U = a + b·x
    Linear { a: f64, b: f64 },
}

impl Ocv {
    fn u(&self, x: f64) -> f64 {
        match *self {
            Ocv::Plateau {
                u0,
                slope,
                wall,
                edge,
                width,
            } => {
                u0 + slope * (x - 0.5)
                    + wall * ((1.0 - x) / x).ln()
                    + edge * ((-x / width).exp() - (-(1.0 - x) / width).exp())
            }
            Ocv::Linear { a, b } => a + b * x,
        }
    }
}

/// Parameters of the reference, in SI.
#[derive(Debug, Clone)]
struct Params {
    radius: f64,
    diffusivity: f64,
    c_max: f64,
    k: f64,
    contact: f64,
    phi_am: f64,
    thickness: f64,
    /// Total ohmic resistance [Ω·m²]: separator + composite (L/3σ of both phases).
    r_ohm: f64,
    ocv: Ocv,
}

fn param(s: &Simulation, name: &str) -> f64 {
    s.params
        .params
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no parameter {name} in the log"))
        .value
}

fn params_of(s: &Simulation, ocv: Ocv) -> Params {
    let l = param(s, "cathode.thickness");
    let sigma_e =
        param(s, "cathode.electrolyte_conductivity_bulk") * param(s, "cathode.percolation_factor");
    let sigma_s = param(s, "cathode.electronic_conductivity");
    let r_ohm = param(s, "separator.thickness") / param(s, "separator.conductivity")
        + l / (3.0 * sigma_e)
        + l / (3.0 * sigma_s);
    Params {
        radius: param(s, "cathode.particle_radius"),
        diffusivity: param(s, "cathode.diffusivity"),
        c_max: param(s, "cathode.max_concentration"),
        k: param(s, "cathode.rate_constant"),
        contact: param(s, "cathode.contact_fraction"),
        phi_am: param(s, "cathode.active_fraction"),
        thickness: l,
        r_ohm,
        ocv,
    }
}

/// Node-centred finite volumes in a sphere, backward Euler. `flux_in(t)` is the molar flux into
/// the particle [mol/m²/s]. Returns (times, surface fillings).
fn particle(p: &Params, n: usize, dt: f64, t_end: f64, flux_in: f64) -> (Vec<f64>, Vec<f64>) {
    let dr = p.radius / n as f64;
    // volumes (÷4π/3 ×3 = r³ differences) and face areas (÷4π) of nodes 0..=n
    let face = |i: usize| ((i as f64 + 0.5) * dr).powi(2); // face between i and i+1
    let vol: Vec<f64> = (0..=n)
        .map(|i| {
            let lo = if i == 0 { 0.0 } else { (i as f64 - 0.5) * dr };
            let hi = if i == n {
                p.radius
            } else {
                (i as f64 + 0.5) * dr
            };
            (hi.powi(3) - lo.powi(3)) / 3.0
        })
        .collect();
    let g = p.diffusivity / dr;
    // tridiagonal system (I − dt·A)·x_new = x_old + dt·b
    let mut lower = vec![0.0; n + 1];
    let mut diag = vec![0.0; n + 1];
    let mut upper = vec![0.0; n + 1];
    for i in 0..=n {
        let mut d = 0.0;
        if i > 0 {
            let c = g * face(i - 1) / vol[i];
            lower[i] = -dt * c;
            d += c;
        }
        if i < n {
            let c = g * face(i) / vol[i];
            upper[i] = -dt * c;
            d += c;
        }
        diag[i] = 1.0 + dt * d;
    }
    let source = dt * p.radius.powi(2) * flux_in / p.c_max / vol[n];
    let mut x = vec![X0; n + 1];
    let steps = (t_end / dt).ceil() as usize;
    let mut ts = Vec::with_capacity(steps + 1);
    let mut xs = Vec::with_capacity(steps + 1);
    ts.push(0.0);
    xs.push(X0);
    let (mut c, mut d) = (vec![0.0; n + 1], vec![0.0; n + 1]);
    for k in 1..=steps {
        let mut rhs = x.clone();
        rhs[n] += source;
        // Thomas algorithm
        c[0] = upper[0] / diag[0];
        d[0] = rhs[0] / diag[0];
        for i in 1..=n {
            let m = diag[i] - lower[i] * c[i - 1];
            c[i] = upper[i] / m;
            d[i] = (rhs[i] - lower[i] * d[i - 1]) / m;
        }
        x[n] = d[n];
        for i in (0..n).rev() {
            x[i] = d[i] - c[i] * x[i + 1];
        }
        ts.push(k as f64 * dt);
        xs.push(x[n]);
    }
    (ts, xs)
}

/// Crank's constant-flux solution for the surface filling of a sphere.
fn crank_surface(p: &Params, flux_in: f64, t: f64) -> f64 {
    // roots of tan α = α in (nπ, (n+½)π), n = 1, 2, …
    let mut sum = 0.0;
    for n in 1..=2000 {
        let mut a = (n as f64 + 0.5) * std::f64::consts::PI - 1e-3;
        for _ in 0..50 {
            // f = sin a − a cos a, f' = a sin a
            let f = a.sin() - a * a.cos();
            let fp = a * a.sin();
            a -= f / fp;
        }
        sum += (-p.diffusivity * a * a * t / p.radius.powi(2)).exp() / (a * a);
    }
    let scale = flux_in * p.radius / (p.diffusivity * p.c_max);
    X0 + scale * (3.0 * p.diffusivity * t / p.radius.powi(2) + 0.2 - 2.0 * sum)
}

/// Reference terminal voltage at a constant current density `i` (positive on discharge).
fn reference_voltage(p: &Params, i: f64, xs: f64) -> f64 {
    let area = 3.0 * p.phi_am / p.radius * p.thickness; // particle surface per cell area
    let j_local = -i / (area * p.contact); // anodic positive; on the contacted surface
    let i0 = FARADAY * p.k * p.c_max * (xs * (1.0 - xs)).sqrt();
    let eta = 2.0 * GAS_CONSTANT * T / FARADAY * (j_local / (2.0 * i0)).asinh();
    p.ocv.u(xs) + eta - i * p.r_ohm
}

fn nvp_ocv() -> Ocv {
    let db = Database::bundled().unwrap();
    let nvp = db.get("nvp").unwrap();
    match nvp.ocv.as_ref().map(|o| &o.spec) {
        Some(OcvSpec::Plateau {
            voltage,
            slope,
            wall,
            edge,
            edge_width,
        }) => Ocv::Plateau {
            u0: *voltage,
            slope: *slope,
            wall: *wall,
            edge: *edge,
            width: *edge_width,
        },
        other => panic!("nvp OCV is not a plateau: {other:?}"),
    }
}

/// Simulation of the thin-target design from a charged state with an ideal counter electrode.
fn sim(model: &str, dir: &Path) -> Simulation {
    let db = Database::bundled().unwrap();
    let text = format!(
        "{}\n[model]\nnegative = \"ideal\"\nleakage = false\ninitial_filling = {X0}\n{model}\n",
        bundled_file("cells/nvp-nzsp-thin-target.toml").unwrap()
    );
    let cell = parse_cell(&dir.join("cell.toml"), &text, &db).unwrap();
    Simulation::new(
        &cell,
        RunOptions {
            rtol: Some(1e-8),
            atol: Some(1e-9),
            ..Default::default()
        },
    )
    .unwrap()
}

/// RMS and max difference [V] between natrium and the reference over a discharge at `rate`
/// (in C) lasting `hours`.
fn compare(s: &Simulation, ocv: Ocv, rate: f64, hours: f64) -> (f64, f64) {
    let p = params_of(s, ocv);
    let i = rate * s.nominal_capacity().unwrap() / 3600.0; // A/m²
    let t_end = hours * 3600.0;
    let area = 3.0 * p.phi_am / p.radius * p.thickness;
    let flux_in = i / (area * FARADAY); // Na into the particle on discharge
    let dt = 0.25;
    let (ts, xs) = particle(&p, 100, dt, t_end, flux_in);

    let prot = Protocol::parse(&format!("Discharge at {rate}C for {hours} h"), "<test>").unwrap();
    let mut mem = MemorySink::new();
    let h = mem.handle();
    let r = s.run(&prot, Some(&mut mem), &mut |_| {});
    assert_eq!(r.outcome, Outcome::Completed, "{:?}", r.outcome);
    let t = h.snapshot();
    let time = t.column("time [s]").unwrap();
    let v = t.column("voltage [V]").unwrap();
    let (mut sq, mut max, mut n) = (0.0, 0.0f64, 0);
    for (k, &tk) in time.iter().enumerate() {
        let j = ((tk / dt).floor() as usize).min(ts.len() - 2);
        let w = (tk - ts[j]) / dt;
        let x_ref = xs[j] * (1.0 - w) + xs[j + 1] * w;
        let e = v[k] - reference_voltage(&p, i, x_ref);
        sq += e * e;
        max = max.max(e.abs());
        n += 1;
    }
    assert!(n > 20, "only {n} rows");
    ((sq / n as f64).sqrt(), max)
}

#[test]
fn the_reference_particle_matches_cranks_analytic_solution() {
    // the reference's own accuracy, on the slow-diffusion case where it matters most
    let dir = tempfile::tempdir().unwrap();
    let s = sim("diffusivity = \"1e-17 m^2/s\"", dir.path());
    let p = params_of(&s, nvp_ocv());
    let i = s.nominal_capacity().unwrap() / 3600.0; // 1C
    let flux_in = i / (3.0 * p.phi_am / p.radius * p.thickness * FARADAY);
    let (ts, xs) = particle(&p, 100, 0.25, 3000.0, flux_in);
    for t in [60.0f64, 300.0, 1000.0, 3000.0] {
        let k = (t / 0.25).round() as usize;
        assert!((ts[k] - t).abs() < 1e-9);
        let exact = crank_surface(&p, flux_in, t);
        // offset of the surface over the start, ≈ N·R/(5·c_max·D) = 0.069 at pseudo-steady state
        let rise = exact - X0;
        assert!(
            (xs[k] - exact).abs() < 2e-3 * rise,
            "t = {t}: reference {} vs Crank {exact} (rise {rise})",
            xs[k]
        );
    }
}

#[test]
fn spm_matches_the_reference_on_the_nvp_plateau() {
    let dir = tempfile::tempdir().unwrap();
    let s = sim("cathode = \"spm\"\nparticle_shells = 20", dir.path());
    for (rate, hours) in [(0.2, 4.5), (1.0, 0.85)] {
        let (rms, max) = compare(&s, nvp_ocv(), rate, hours);
        eprintln!(
            "spm, NVP plateau, {rate}C: RMS {:.4} mV, max {:.4} mV",
            rms * 1e3,
            max * 1e3
        );
        assert!(rms < 1e-3, "{rate}C: RMS {rms} V");
    }
}

#[test]
fn spm_matches_the_reference_with_slow_diffusion_and_a_sloping_ocv() {
    // linear OCV 4.0 V → 3.0 V over the filling (a two-point table is interpolated linearly) and
    // D = 1e-17 m²/s, so the surface runs ahead of the mean by ≈0.07 (70 mV) at 1C
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ocv.csv"), "x,U\n0,4.0\n1,3.0\n").unwrap();
    let s = sim(
        "cathode = \"spm\"\nparticle_shells = 40\nocv_file = \"ocv.csv\"\ndiffusivity = \"1e-17 m^2/s\"",
        dir.path(),
    );
    let ocv = Ocv::Linear { a: 4.0, b: -1.0 };
    for (rate, hours) in [(0.2, 4.5), (1.0, 0.85)] {
        let (rms, max) = compare(&s, ocv, rate, hours);
        eprintln!(
            "spm, linear OCV, D = 1e-17, {rate}C: RMS {:.4} mV, max {:.4} mV",
            rms * 1e3,
            max * 1e3
        );
        assert!(rms < 1e-3, "{rate}C: RMS {rms} V");
    }
}

#[test]
fn p2d_with_high_conductivities_matches_the_reference() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ocv.csv"), "x,U\n0,4.0\n1,3.0\n").unwrap();
    let fast = "cathode = \"p2d\"\ncathode_nodes = 10\nparticle_shells = 20\n\
                electrolyte_conductivity = \"1e3 S/m\"\nelectronic_conductivity = \"1e6 S/m\"";
    let s = sim(fast, dir.path());
    for (rate, hours) in [(0.2, 4.5), (1.0, 0.85)] {
        let (rms, max) = compare(&s, nvp_ocv(), rate, hours);
        eprintln!(
            "p2d, NVP plateau, {rate}C: RMS {:.4} mV, max {:.4} mV",
            rms * 1e3,
            max * 1e3
        );
        assert!(rms < 1e-3, "{rate}C: RMS {rms} V");
    }
    let s = sim(
        &format!(
            "{fast}\nparticle_shells = 40\nocv_file = \"ocv.csv\"\ndiffusivity = \"1e-17 m^2/s\""
        )
        .replace("particle_shells = 20\n", ""),
        dir.path(),
    );
    let ocv = Ocv::Linear { a: 4.0, b: -1.0 };
    for (rate, hours) in [(0.2, 4.5), (1.0, 0.85)] {
        let (rms, max) = compare(&s, ocv, rate, hours);
        eprintln!(
            "p2d, linear OCV, D = 1e-17, {rate}C: RMS {:.4} mV, max {:.4} mV",
            rms * 1e3,
            max * 1e3
        );
        assert!(rms < 1e-3, "{rate}C: RMS {rms} V");
    }
}

#[test]
fn the_comparison_can_fail() {
    // a reference with a 10 % larger rate constant differs by ≈ (2RT/F)·ln(1.1) ≈ 5 mV in the
    // Tafel regime at 1C: the tolerance above is tight enough to see a wrong parameter
    let dir = tempfile::tempdir().unwrap();
    let s = sim("cathode = \"spm\"\nparticle_shells = 20", dir.path());
    let mut p = params_of(&s, nvp_ocv());
    let i = s.nominal_capacity().unwrap() / 3600.0;
    let x = 0.5;
    let v = reference_voltage(&p, i, x);
    p.k *= 1.1;
    let v2 = reference_voltage(&p, i, x);
    assert!((v - v2).abs() > 2e-3, "{} mV", (v - v2).abs() * 1e3);
}
