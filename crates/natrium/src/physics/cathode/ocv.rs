//! Open-circuit potential U(x) of a cathode vs Na⁺/Na, x = Na filling fraction of the host
//! (1 = fully sodiated = discharged).
//!
//! * `plateau` (two-phase, NVP): U = U₀ + s·(x − ½) + w·ln((1 − x)/x) + E·(e^(−x/δ) − e^(−(1−x)/δ))
//!   — a flat plateau with a small tilt, logarithmic ends and exponential walls; an engineering form
//!   (docs/physics/materials.md), not a thermodynamic model.
//! * `steps` (staircase layered oxides): U = U_b + Σᵢ hᵢ·(1 − tanh((x − xᵢ)/wᵢ))/2 + w·ln((1 − x)/x).
//! * `table`: monotone piecewise-cubic Hermite interpolation (Fritsch & Carlson, SIAM J. Numer.
//!   Anal. 17 (1980) 238) of measured points, linear beyond the ends.

use std::path::Path;

use crate::ad::{exp_or_zero, soft_floor, Real};
use crate::error::InputError;
use crate::materials::{Material, OcvSpec, OcvStep};

/// Floor of x and 1 − x inside logarithms.
const X_EPS: f64 = 1e-9;

/// An open-circuit potential curve.
#[derive(Debug, Clone, PartialEq)]
pub enum Ocp {
    Plateau {
        voltage: f64,
        slope: f64,
        wall: f64,
        edge: f64,
        edge_width: f64,
    },
    Steps {
        base: f64,
        steps: Vec<OcvStep>,
        wall: f64,
    },
    Table(Pchip),
}

/// Monotone cubic Hermite interpolant.
#[derive(Debug, Clone, PartialEq)]
pub struct Pchip {
    x: Vec<f64>,
    y: Vec<f64>,
    d: Vec<f64>,
}

impl Pchip {
    /// Build from points sorted by x (at least two, strictly increasing x).
    pub fn new(points: &[(f64, f64)]) -> Pchip {
        let n = points.len();
        let x: Vec<f64> = points.iter().map(|p| p.0).collect();
        let y: Vec<f64> = points.iter().map(|p| p.1).collect();
        let h: Vec<f64> = (0..n - 1).map(|i| x[i + 1] - x[i]).collect();
        let del: Vec<f64> = (0..n - 1).map(|i| (y[i + 1] - y[i]) / h[i]).collect();
        let mut d = vec![0.0; n];
        if n == 2 {
            d[0] = del[0];
            d[1] = del[0];
        } else {
            for i in 1..n - 1 {
                if del[i - 1] * del[i] <= 0.0 {
                    d[i] = 0.0;
                } else {
                    // weighted harmonic mean (Fritsch–Butland form used by PCHIP)
                    let w1 = 2.0 * h[i] + h[i - 1];
                    let w2 = h[i] + 2.0 * h[i - 1];
                    d[i] = (w1 + w2) / (w1 / del[i - 1] + w2 / del[i]);
                }
            }
            d[0] = end_slope(h[0], h[1], del[0], del[1]);
            d[n - 1] = end_slope(h[n - 2], h[n - 3], del[n - 2], del[n - 3]);
        }
        Pchip { x, y, d }
    }

    pub fn points(&self) -> Vec<(f64, f64)> {
        self.x.iter().copied().zip(self.y.iter().copied()).collect()
    }

    pub fn eval<T: Real>(&self, xv: T) -> T {
        let n = self.x.len();
        let xr = xv.re();
        if xr.is_nan() {
            // keep NaN propagating (sparsity detection) without indexing by it
            return xv * self.y[0];
        }
        if xr <= self.x[0] {
            return T::cst(self.y[0]) + (xv - self.x[0]) * self.d[0];
        }
        if xr >= self.x[n - 1] {
            return T::cst(self.y[n - 1]) + (xv - self.x[n - 1]) * self.d[n - 1];
        }
        // binary search for the interval
        let i = match self.x.binary_search_by(|p| p.total_cmp(&xr)) {
            Ok(i) => i.min(n - 2),
            Err(i) => i - 1,
        };
        let h = self.x[i + 1] - self.x[i];
        let t = (xv - self.x[i]) / h;
        let t2 = t * t;
        let t3 = t2 * t;
        let h00 = t3 * 2.0 - t2 * 3.0 + 1.0;
        let h10 = t3 - t2 * 2.0 + t;
        let h01 = t2 * 3.0 - t3 * 2.0;
        let h11 = t3 - t2;
        h00 * self.y[i] + h10 * (h * self.d[i]) + h01 * self.y[i + 1] + h11 * (h * self.d[i + 1])
    }
}

fn end_slope(h0: f64, h1: f64, del0: f64, del1: f64) -> f64 {
    let d = ((2.0 * h0 + h1) * del0 - h0 * del1) / (h0 + h1);
    if d * del0 <= 0.0 {
        0.0
    } else if del0 * del1 <= 0.0 && d.abs() > 3.0 * del0.abs() {
        3.0 * del0
    } else {
        d
    }
}

/// ln((1 − x)/x) with floors.
#[inline]
pub fn logit_wall<T: Real>(x: T) -> T {
    (soft_floor(T::cst(1.0) - x, X_EPS) / soft_floor(x, X_EPS)).ln()
}

impl Ocp {
    /// U(x) [V].
    pub fn eval<T: Real>(&self, x: T) -> T {
        match self {
            Ocp::Plateau {
                voltage,
                slope,
                wall,
                edge,
                edge_width,
            } => {
                let mut u = T::cst(*voltage) + (x - 0.5) * *slope;
                if *wall != 0.0 {
                    u += logit_wall(x) * *wall;
                }
                if *edge != 0.0 {
                    let w = *edge_width;
                    u += (exp_or_zero(-x / w) - exp_or_zero((x - 1.0) / w)) * *edge;
                }
                u
            }
            Ocp::Steps { base, steps, wall } => {
                let mut u = T::cst(*base);
                for s in steps {
                    u += (T::cst(1.0) - crate::ad::tanh((x - s.x) / s.width)) * (0.5 * s.height);
                }
                if *wall != 0.0 {
                    u += logit_wall(x) * *wall;
                }
                u
            }
            Ocp::Table(p) => p.eval(x),
        }
    }

    /// Build from a material entry, with a label saying where it comes from. Without OCV data a
    /// monotone curve through (0, voltage_max), (½, mean_voltage), (1, voltage_min) is used and
    /// labelled as assumed.
    pub fn from_material(m: &Material) -> Result<(Ocp, String), String> {
        if let Some(o) = &m.ocv {
            let label = format!(
                "{} OCV of {} ({}{})",
                match o.spec {
                    OcvSpec::Plateau { .. } => "plateau",
                    OcvSpec::Steps { .. } => "staircase",
                    OcvSpec::Table { .. } => "tabulated",
                },
                m.id,
                o.provenance.as_str(),
                o.source
                    .as_ref()
                    .map(|s| format!(": {s}"))
                    .unwrap_or_default()
            );
            let ocp = match &o.spec {
                OcvSpec::Plateau {
                    voltage,
                    slope,
                    wall,
                    edge,
                    edge_width,
                } => Ocp::Plateau {
                    voltage: *voltage,
                    slope: *slope,
                    wall: *wall,
                    edge: *edge,
                    edge_width: *edge_width,
                },
                OcvSpec::Steps { steps } => Ocp::Steps {
                    base: o.base,
                    steps: steps.clone(),
                    wall: 0.0,
                },
                OcvSpec::Table { points } => Ocp::Table(Pchip::new(points)),
            };
            return Ok((ocp, label));
        }
        let vmax = m
            .si("voltage_max")
            .ok_or_else(|| format!("{} has no voltage_max", m.id))?;
        let vmin = m
            .si("voltage_min")
            .ok_or_else(|| format!("{} has no voltage_min", m.id))?;
        let mean = m.si("mean_voltage").unwrap_or(0.5 * (vmax + vmin));
        Ok((
            Ocp::Table(Pchip::new(&[(0.0, vmax), (0.5, mean), (1.0, vmin)])),
            format!("assumed OCV of {}: no data, monotone curve through the window ends and the mean voltage", m.id),
        ))
    }

    /// Read a user CSV of `x,U` rows (x = Na filling fraction, U in V); a header line and `#`
    /// comments are allowed.
    pub fn from_csv(path: &Path) -> Result<Ocp, InputError> {
        let text = crate::error::read_text(path)?;
        let mut pts = Vec::new();
        for (k, line) in text.lines().enumerate() {
            let l = line.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = l.split([',', ';', '\t']).map(str::trim).collect();
            let parsed =
                (cols.len() >= 2).then(|| (cols[0].parse::<f64>(), cols[1].parse::<f64>()));
            match parsed {
                Some((Ok(x), Ok(u))) if x.is_finite() && u.is_finite() => pts.push((x, u)),
                _ if pts.is_empty() && k == 0 => continue, // header
                _ => {
                    return Err(InputError::new(
                        path,
                        "x,U",
                        "expected two numbers: Na filling fraction x in [0, 1] and U in volts",
                    )
                    .at_line(Some(k + 1))
                    .with_value(l))
                }
            }
        }
        if pts.len() < 2 {
            return Err(InputError::new(path, "x,U", "need at least two points"));
        }
        pts.sort_by(|a, b| a.0.total_cmp(&b.0));
        if pts.windows(2).any(|w| w[1].0 <= w[0].0) {
            return Err(InputError::new(
                path,
                "x",
                "filling fractions must be distinct",
            ));
        }
        if pts.iter().any(|p| !(0.0..=1.0).contains(&p.0)) {
            return Err(InputError::new(
                path,
                "x",
                "filling fractions must lie in [0, 1]",
            ));
        }
        if pts.windows(2).any(|w| w[1].1 > w[0].1 + 1e-9) {
            return Err(InputError::new(
                path,
                "U",
                "U must not increase with x (x = 1 is fully sodiated, lowest voltage)",
            ));
        }
        Ok(Ocp::Table(Pchip::new(&pts)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ad::Dual64;

    #[test]
    fn pchip_interpolates_and_stays_monotone() {
        // NVPF points (Chayambuka et al. 2022 via docs/physics/materials.md)
        let pts = [
            (0.21, 4.29),
            (0.26, 4.17),
            (0.47, 4.15),
            (0.56, 4.11),
            (0.58, 3.94),
            (0.60, 3.70),
            (0.80, 3.68),
            (0.93, 3.65),
            (0.98, 3.45),
            (0.99, 3.36),
            (1.00, 3.03),
        ];
        let p = Pchip::new(&pts);
        for (x, y) in pts {
            assert!((p.eval(x) - y).abs() < 1e-12);
        }
        let mut last = f64::INFINITY;
        for k in 0..=1000 {
            let x = 0.21 + 0.79 * k as f64 / 1000.0;
            let u: f64 = p.eval(x);
            assert!(u <= last + 1e-12, "not monotone at {x}");
            last = u;
        }
    }

    #[test]
    fn dual_derivative_matches_finite_difference() {
        let o = Ocp::Plateau {
            voltage: 3.38,
            slope: -0.05,
            wall: 0.02,
            edge: 1.0,
            edge_width: 0.02,
        };
        for &x in &[0.05, 0.3, 0.5, 0.9] {
            let d = o.eval(Dual64::new(x, 1.0)).eps;
            let h = 1e-6;
            let fd = (o.eval(x + h) - o.eval(x - h)) / (2.0 * h);
            assert!(
                (d - fd).abs() < 1e-5 * fd.abs().max(1.0),
                "{x}: {d} vs {fd}"
            );
        }
    }

    #[test]
    fn plateau_is_flat_in_the_middle_and_diverges_at_the_ends() {
        // NVP entry: flat two-phase plateau near 3.38 V that reaches the 2.5-3.8 V cut-offs
        let o = Ocp::Plateau {
            voltage: 3.38,
            slope: -0.02,
            wall: 0.005,
            edge: 1.0,
            edge_width: 0.02,
        };
        let mid: f64 = o.eval(0.5);
        assert!((mid - 3.38).abs() < 1e-9);
        let a: f64 = o.eval(0.3);
        let b: f64 = o.eval(0.7);
        assert!((a - b).abs() < 0.02, "plateau tilt {}", a - b);
        assert!(o.eval(0.002f64) > 3.8);
        assert!(o.eval(0.998f64) < 2.5);
        // finite even outside [0, 1]
        assert!(o.eval(1.01f64).is_finite() && o.eval(-0.01f64).is_finite());
    }
}
