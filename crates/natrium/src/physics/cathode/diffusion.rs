//! Fickian diffusion of Na in a spherical active particle, finite volumes in r.
//!
//! ∂c/∂t = (1/r²)·∂/∂r(r²·D·∂c/∂r), −D·∂c/∂r|_R = N (molar flux out of the particle), written for
//! the filling fraction x = c/c_max on `n` equal-width shells. Shell k spans [kΔr, (k+1)Δr];
//! fluxes at faces are D·Δx/Δr, and the surface value is extrapolated from the outer shell with
//! the boundary gradient: x_s = x_{n−1} − (N/(c_max·D))·Δr/2. Conservative by construction: the
//! volume-weighted sum of dx/dt equals −3·N/(R·c_max) exactly (see tests).

use crate::ad::Real;

/// Geometry of the shell discretisation of one particle.
#[derive(Debug, Clone, PartialEq)]
pub struct Sphere {
    pub n: usize,
    pub radius: f64,
    /// Shell volumes divided by 4π/3 [m³].
    vol: Vec<f64>,
    /// Face areas divided by 4π/3 (face k is the outer face of shell k) [m²].
    area: Vec<f64>,
    dr: f64,
}

impl Sphere {
    pub fn new(radius: f64, n: usize) -> Sphere {
        let n = n.max(1);
        let dr = radius / n as f64;
        let vol = (0..n)
            .map(|k| dr.powi(3) * (((k + 1) as f64).powi(3) - (k as f64).powi(3)))
            .collect();
        let area = (0..n)
            .map(|k| 3.0 * ((k + 1) as f64 * dr).powi(2))
            .collect();
        Sphere {
            n,
            radius,
            vol,
            area,
            dr,
        }
    }

    /// Volume fraction of shell k (Σ = 1).
    pub fn weight(&self, k: usize) -> f64 {
        self.vol[k] / self.radius.powi(3)
    }

    /// Mean filling of the particle.
    pub fn mean<T: Real>(&self, x: &[T]) -> T {
        let mut s = T::cst(0.0);
        for (k, xk) in x.iter().enumerate() {
            s += *xk * self.weight(k);
        }
        s
    }

    /// Surface filling given the outward molar flux `n_out` [mol/m²/s].
    #[inline]
    pub fn surface<T: Real>(&self, x: &[T], n_out: T, c_max: f64, d: f64) -> T {
        x[self.n - 1] - n_out * (0.5 * self.dr / (c_max * d))
    }

    /// dx/dt of each shell into `out` for diffusivity `d` [m²/s] and outward flux `n_out`.
    pub fn rhs<T: Real>(&self, x: &[T], n_out: T, c_max: f64, d: f64, out: &mut [T]) {
        let n = self.n;
        let g = d / self.dr;
        let mut inner_flux = T::cst(0.0); // inward-positive flux through the inner face, × area
        for k in 0..n {
            // flux through the outer face of shell k (positive outward), times area
            let outer = if k + 1 < n {
                (x[k] - x[k + 1]) * (g * self.area[k])
            } else {
                n_out * (self.area[k] / c_max)
            };
            out[k] = (inner_flux - outer) / self.vol[k];
            inner_flux = outer;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conserves_sodium_exactly() {
        let s = Sphere::new(2e-7, 10);
        let x: Vec<f64> = (0..10).map(|k| 0.3 + 0.02 * k as f64).collect();
        let mut dx = vec![0.0; 10];
        let n_out = 1e-6;
        let c_max = 13850.0;
        s.rhs(&x, n_out, c_max, 1e-15, &mut dx);
        let total: f64 = (0..10).map(|k| dx[k] * s.weight(k)).sum();
        approx::assert_relative_eq!(
            total,
            -3.0 * n_out / (s.radius * c_max),
            max_relative = 1e-12
        );
    }

    /// Pseudo-steady profile under constant flux: every shell drifts at −3N/(R c_max) and the
    /// surface sits N·R/(5·c_max·D) below the mean (Crank, The Mathematics of Diffusion, §6.3).
    fn surface_offset(n: usize) -> f64 {
        let (r, d, c_max, n_out) = (1e-6, 1e-14, 1e4, 1e-5);
        let s = Sphere::new(r, n);
        let drift = -3.0 * n_out / (r * c_max);
        // solve rhs(x) = drift shell by shell from the centre outwards (flux recursion)
        let mut x = vec![0.0; n];
        let g = d / s.dr;
        let mut inner = 0.0;
        for k in 0..n - 1 {
            let outer = inner - drift * s.vol[k];
            x[k + 1] = x[k] - outer / (g * s.area[k]);
            inner = outer;
        }
        let mean = s.mean(&x);
        let surf = s.surface(&x, n_out, c_max, d);
        let exact = n_out * r / (5.0 * c_max * d);
        (mean - surf - exact).abs() / exact
    }

    #[test]
    fn converges_at_second_order_to_the_analytic_surface_offset() {
        let e10 = surface_offset(10);
        let e20 = surface_offset(20);
        let e40 = surface_offset(40);
        let order1 = (e10 / e20).log2();
        let order2 = (e20 / e40).log2();
        assert!(e10 < 0.02, "10 shells: relative error {e10}");
        assert!(order1 > 1.8 && order2 > 1.8, "orders {order1}, {order2}");
    }
}
