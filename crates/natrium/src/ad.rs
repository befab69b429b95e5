//! Scalars for residuals: every physics kernel is written once, generic over [`Real`], and is
//! evaluated with `f64` for values and with forward-mode dual numbers ([`Dual64`], num-dual
//! crate) for exact Jacobian-vector products.

pub use num_dual::{Dual64, DualNum};

/// A scalar a residual can be evaluated with: `f64` or a dual number.
pub trait Real: DualNum<Primitive = f64> + Copy + Send + Sync + 'static {
    /// The value part.
    fn val(&self) -> f64 {
        self.re()
    }
    /// A constant.
    fn cst(x: f64) -> Self {
        Self::from(x)
    }
}

impl<T: DualNum<Primitive = f64> + Copy + Send + Sync + 'static> Real for T {}

/// Smooth, strictly positive maximum of `x` and 0: ½·(x + √(x² + 4ε²)). Equals ε at 0, tends to
/// `x` for x ≫ ε and to ε²/|x| for x ≪ −ε. Keeps logarithms and square roots finite when Newton
/// iterates step a concentration slightly out of its physical range.
#[inline]
pub fn soft_floor<T: Real>(x: T, eps: f64) -> T {
    (x + (x * x + 4.0 * eps * eps).sqrt()) * 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_floor_is_continuous_and_positive() {
        let eps = 1e-3;
        for &x in &[-1.0, -1e-3, 0.0, 1e-4, 1e-3, 2e-3, 0.5] {
            let v: f64 = soft_floor(x, eps);
            assert!(v > 0.0, "{x} -> {v}");
        }
        let v0: f64 = soft_floor(0.0, eps);
        assert!((v0 - eps).abs() < 1e-15);
        let big: f64 = soft_floor(0.3, eps);
        assert!((big - 0.3).abs() < 1e-5);
        // derivative through a dual number equals the analytic ½(1 + x/√(x²+4ε²))
        let x = 1e-3;
        let d = soft_floor(Dual64::new(x, 1.0), eps);
        let exact = 0.5 * (1.0 + x / (x * x + 4.0 * eps * eps).sqrt());
        assert!((d.eps - exact).abs() < 1e-12);
    }
}
