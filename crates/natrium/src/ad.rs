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
    /// sinh with its derivative from a single exponential (Butler–Volmer kernels evaluate it at
    /// every node in every residual; the library sinh and cosh cost one exponential each, and
    /// glibc's sinh goes through expm1). Same value as `sinh` to within a few ulps.
    fn sinh_fast(self) -> Self;
}

/// sinh(x) and cosh(x) from one exponential; expm1 near 0 keeps the relative accuracy of sinh.
#[inline]
fn sinh_cosh(x: f64) -> (f64, f64) {
    if x.abs() < 0.5 {
        let m = x.exp_m1();
        let e = 1.0 + m;
        (0.5 * m * (1.0 + 1.0 / e), 0.5 * (e + 1.0 / e))
    } else {
        let e = x.exp();
        let ei = 1.0 / e;
        (0.5 * (e - ei), 0.5 * (e + ei))
    }
}

impl Real for f64 {
    #[inline]
    fn sinh_fast(self) -> f64 {
        sinh_cosh(self).0
    }
}

impl Real for Dual64 {
    #[inline]
    fn sinh_fast(self) -> Dual64 {
        let (s, c) = sinh_cosh(self.re);
        Dual64::new(s, self.eps * c)
    }
}

/// Smooth, strictly positive maximum of `x` and 0: ½·(x + √(x² + 4ε²)). Equals ε at 0, tends to
/// `x` for x ≫ ε and to ε²/|x| for x ≪ −ε. Keeps logarithms and square roots finite when Newton
/// iterates step a concentration slightly out of its physical range.
#[inline]
pub fn soft_floor<T: Real>(x: T, eps: f64) -> T {
    (x + (x * x + 4.0 * eps * eps).sqrt()) * 0.5
}

/// e^x, returning exactly 0 (value and slope) below x = −700, where e^x < 1e-304: the library
/// exp reaches its result there through the slow underflow path (with subnormal results below
/// −708), which kernels with exponential barriers and softplus tails hit at nearly every call.
#[inline]
pub fn exp_or_zero<T: Real>(x: T) -> T {
    if x.re() < -700.0 {
        T::cst(0.0)
    } else {
        x.exp()
    }
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
    fn sinh_fast_matches_the_library_sinh_and_its_derivative() {
        for &x in &[
            -800.0, -40.0, -3.0, -0.5, -0.4999, -1e-3, -1e-12, 0.0, 1e-9, 0.2, 0.5, 2.0, 30.0,
            700.0,
        ] {
            let s: f64 = x.sinh_fast();
            let exact = x.sinh();
            if exact.is_finite() {
                assert!(
                    (s - exact).abs() <= 4.0 * f64::EPSILON * exact.abs(),
                    "{x}: {s} vs {exact}"
                );
            } else {
                assert_eq!(s, exact, "{x}");
            }
            let d = Dual64::new(x, 1.0).sinh_fast();
            assert_eq!(d.re, s);
            let c = x.cosh();
            if c.is_finite() {
                assert!(
                    (d.eps - c).abs() <= 4.0 * f64::EPSILON * c,
                    "{x}: {} vs {c}",
                    d.eps
                );
            }
        }
        let n: f64 = f64::NAN.sinh_fast();
        assert!(n.is_nan());
    }

    #[test]
    fn exp_or_zero_is_exp_above_the_cut_and_zero_below() {
        let a: f64 = exp_or_zero(-3.0);
        assert_eq!(a, (-3.0f64).exp());
        let d = exp_or_zero(Dual64::new(-699.0, 1.0));
        assert_eq!(d.re, (-699.0f64).exp());
        assert_eq!(d.eps, (-699.0f64).exp());
        let z = exp_or_zero(Dual64::new(-1e12, 1.0));
        assert_eq!((z.re, z.eps), (0.0, 0.0));
        let n: f64 = exp_or_zero(f64::NAN);
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
