//! Composition of the composite cathode: weight ratios → volume fractions, and the percolation
//! of its solid-electrolyte network.

/// Volume fractions of the composite (sum to 1 with the porosity).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fractions {
    pub active: f64,
    pub electrolyte: f64,
    pub carbon: f64,
    pub binder: f64,
    pub porosity: f64,
}

impl Fractions {
    pub fn solids(&self) -> f64 {
        self.active + self.electrolyte + self.carbon + self.binder
    }
    pub fn sum(&self) -> f64 {
        self.solids() + self.porosity
    }
}

/// Volume fractions from mass fractions `w` (any normalisation) and densities `rho` [kg/m³]
/// (active, electrolyte, carbon, binder), with porosity `eps`:
/// φ_i = (1 − ε)·(w_i/ρ_i) / Σ_j (w_j/ρ_j).
pub fn from_weights(w: [f64; 4], rho: [f64; 4], eps: f64) -> Fractions {
    let v: Vec<f64> = (0..4)
        .map(|i| if w[i] > 0.0 { w[i] / rho[i] } else { 0.0 })
        .collect();
    let total: f64 = v.iter().sum();
    let s = (1.0 - eps) / total;
    Fractions {
        active: v[0] * s,
        electrolyte: v[1] * s,
        carbon: v[2] * s,
        binder: v[3] * s,
        porosity: eps,
    }
}

/// Default percolation threshold of the solid-electrolyte network: the critical volume fraction
/// of continuum percolation of randomly packed spheres in 3-D, φc ≈ 0.16 (Scher & Zallen,
/// J. Chem. Phys. 53 (1970) 3759). Assumed for SE particles in a composite cathode; DESIGN.md
/// quotes 0.2–0.3 for real composites, which a cell file can set with `percolation_threshold`.
pub const DEFAULT_PERCOLATION_THRESHOLD: f64 = 0.16;

/// Default conductivity exponent t ≈ 2, the universal value of 3-D percolation
/// (Stauffer & Aharony, Introduction to Percolation Theory, 1994).
pub const DEFAULT_PERCOLATION_EXPONENT: f64 = 2.0;

/// Effective-conductivity factor of a percolating phase:
/// σ_eff/σ = ((φ − φc)/(1 − φc))^t for φ > φc, 0 otherwise (DESIGN.md, cathode composite).
pub fn percolation_factor(phi: f64, phi_c: f64, t: f64) -> f64 {
    if phi <= phi_c {
        0.0
    } else {
        ((phi - phi_c) / (1.0 - phi_c)).powf(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_weight_ratio_to_volume_fractions_by_hand() {
        // 65:20:5:10 NVP:NZSP:Super P:PVDF (review §4) with densities 3.156, 3.27, 1.9, 1.78
        let f = from_weights(
            [65.0, 20.0, 5.0, 10.0],
            [3156.0, 3270.0, 1900.0, 1780.0],
            0.0,
        );
        // hand: 65/3.156 = 20.596, 20/3.27 = 6.116, 5/1.9 = 2.632, 10/1.78 = 5.618; Σ = 34.962
        approx::assert_relative_eq!(f.active, 20.596 / 34.962, max_relative = 1e-3);
        approx::assert_relative_eq!(f.electrolyte, 6.116 / 34.962, max_relative = 1e-3);
        approx::assert_relative_eq!(f.sum(), 1.0, max_relative = 1e-12);
        let g = from_weights(
            [65.0, 20.0, 5.0, 10.0],
            [3156.0, 3270.0, 1900.0, 1780.0],
            0.1,
        );
        approx::assert_relative_eq!(g.electrolyte, 0.9 * f.electrolyte, max_relative = 1e-12);
    }

    #[test]
    fn percolation_limits() {
        assert_eq!(percolation_factor(0.1, 0.16, 2.0), 0.0);
        assert_eq!(percolation_factor(0.16, 0.16, 2.0), 0.0);
        assert_eq!(percolation_factor(1.0, 0.16, 2.0), 1.0);
        // monotone in φ
        let a = percolation_factor(0.3, 0.16, 2.0);
        let b = percolation_factor(0.4, 0.16, 2.0);
        assert!(b > a && a > 0.0);
        approx::assert_relative_eq!(a, (0.14f64 / 0.84).powi(2), max_relative = 1e-12);
    }
}
