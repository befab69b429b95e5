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

/// tanh that stays finite for dual numbers: num-dual computes tanh as sinh/cosh, which is
/// inf/inf = NaN beyond |x| ≈ 710; here |x| > 20 returns ±1 exactly (the true value and slope
/// differ from that by less than 1e-17).
#[inline]
pub fn tanh<T: Real>(x: T) -> T {
    let r = x.re();
    if r > 20.0 {
        T::cst(1.0)
    } else if r < -20.0 {
        T::cst(-1.0)
    } else {
        x.tanh()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tanh_is_finite_for_large_dual_arguments() {
        let t = tanh(Dual64::new(-1000.0, 1.0));
        assert_eq!(t.re, -1.0);
        assert_eq!(t.eps, 0.0);
        let t = tanh(Dual64::new(0.5, 1.0));
        assert!((t.eps - (1.0 - 0.5f64.tanh().powi(2))).abs() < 1e-15);
        let n: f64 = tanh(f64::NAN);
        assert!(n.is_nan());
    }

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
