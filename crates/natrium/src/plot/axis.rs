//! Axes: ranges from data (finite values, 5 % margin), log-scale checks, and clipping of
//! polylines to the visible box.

use super::{name, PlotError};

/// One axis: its range in data units and whether it is logarithmic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub log: bool,
}

impl Axis {
    fn t(&self, v: f64) -> f64 {
        if self.log {
            v.log10()
        } else {
            v
        }
    }
    fn untransform(&self, t: f64) -> f64 {
        if self.log {
            10f64.powf(t)
        } else {
            t
        }
    }
    /// Position of `v` on the axis, 0 at `lo` and 1 at `hi`.
    pub fn norm(&self, v: f64) -> f64 {
        let (a, b) = (self.t(self.lo), self.t(self.hi));
        (self.t(v) - a) / (b - a)
    }
    /// Data value at position `u` (inverse of [`Axis::norm`]).
    pub fn at(&self, u: f64) -> f64 {
        let (a, b) = (self.t(self.lo), self.t(self.hi));
        self.untransform(a + u * (b - a))
    }
    pub fn contains(&self, v: f64) -> bool {
        v.is_finite() && (!self.log || v > 0.0) && (-1e-9..=1.0 + 1e-9).contains(&self.norm(v))
    }
}

/// Check that every finite value is > 0 when the axis is logarithmic.
pub(crate) fn check_log(
    title: &str,
    axis: &'static str,
    what: &str,
    values: impl IntoIterator<Item = f64>,
) -> Result<(), PlotError> {
    match values.into_iter().find(|v| v.is_finite() && *v <= 0.0) {
        Some(value) => Err(PlotError::InvalidLogData {
            title: name(title),
            axis,
            what: what.to_string(),
            value,
        }),
        None => Ok(()),
    }
}

/// Check a user-given range: finite, increasing, and > 0 on a log axis.
pub(crate) fn check_range(
    title: &str,
    axis: &'static str,
    range: Option<(f64, f64)>,
    log: bool,
) -> Result<(), PlotError> {
    let Some((lo, hi)) = range else { return Ok(()) };
    if !(lo.is_finite() && hi.is_finite() && lo < hi) {
        return Err(PlotError::InvalidInput {
            title: name(title),
            message: format!("{axis} range ({lo}, {hi}) must be finite and increasing"),
        });
    }
    check_log(title, axis, &format!("the {axis} range"), log.then_some(lo))
}

/// The axis for `values` (finite ones only), padded by 5 % on each side, or the fixed range.
/// `None` when there is no finite value and no fixed range.
pub(crate) fn auto_axis(
    values: impl IntoIterator<Item = f64>,
    log: bool,
    fixed: Option<(f64, f64)>,
) -> Option<Axis> {
    if let Some((lo, hi)) = fixed {
        return Some(Axis { lo, hi, log });
    }
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values {
        if v.is_finite() && (!log || v > 0.0) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if lo > hi {
        return None;
    }
    Some(pad(lo, hi, log))
}

/// Pad `[lo, hi]` by 5 % (in log space on a log axis); a single value gets a unit-ish span.
pub(crate) fn pad(lo: f64, hi: f64, log: bool) -> Axis {
    if log {
        let (a, b) = (lo.log10(), hi.log10());
        let p = if b > a { 0.05 * (b - a) } else { 0.5 };
        return Axis {
            lo: 10f64.powf(a - p),
            hi: 10f64.powf(b + p),
            log,
        };
    }
    let mid = 0.5 * (lo + hi);
    let span = hi - lo;
    let p = if span > 1e-9 * mid.abs() {
        0.05 * span
    } else if mid == 0.0 {
        1.0
    } else {
        0.1 * mid.abs()
    };
    let (l, h) = (lo - p, hi + p);
    if l.is_finite() && h.is_finite() {
        Axis { lo: l, hi: h, log }
    } else {
        Axis {
            lo,
            hi: if hi > lo { hi } else { lo + 1.0 },
            log,
        }
    }
}

/// Split a polyline at non-finite points and clip it to the box of `xa` × `ya`
/// (Liang–Barsky in normalised, possibly logarithmic, coordinates).
pub(crate) fn clip_polyline(pts: &[(f64, f64)], xa: &Axis, ya: &Axis) -> Vec<Vec<(f64, f64)>> {
    let ok = |p: &(f64, f64)| {
        p.0.is_finite() && p.1.is_finite() && (!xa.log || p.0 > 0.0) && (!ya.log || p.1 > 0.0)
    };
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur: Vec<(f64, f64)> = Vec::new();
    let mut flush = |cur: &mut Vec<(f64, f64)>| {
        if !cur.is_empty() {
            runs.push(std::mem::take(cur));
        }
    };
    let single = |p: &(f64, f64)| xa.contains(p.0) && ya.contains(p.1);
    for (i, p) in pts.iter().enumerate() {
        if !ok(p) {
            flush(&mut cur);
            continue;
        }
        let prev = if i > 0 && ok(&pts[i - 1]) {
            Some(pts[i - 1])
        } else {
            None
        };
        let Some(q) = prev else {
            // start of a run: a lone point is kept only if inside (a run of one draws nothing)
            if single(p) {
                cur.push(*p);
            }
            continue;
        };
        let (u0, v0, u1, v1) = (xa.norm(q.0), ya.norm(q.1), xa.norm(p.0), ya.norm(p.1));
        match liang_barsky(u0, v0, u1, v1) {
            None => flush(&mut cur),
            Some((ta, tb)) => {
                let a = (xa.at(u0 + ta * (u1 - u0)), ya.at(v0 + ta * (v1 - v0)));
                let b = (xa.at(u0 + tb * (u1 - u0)), ya.at(v0 + tb * (v1 - v0)));
                if ta > 0.0 || cur.is_empty() {
                    flush(&mut cur);
                    cur.push(if ta > 0.0 { a } else { q });
                }
                cur.push(if tb < 1.0 { b } else { *p });
                if tb < 1.0 {
                    flush(&mut cur);
                }
            }
        }
    }
    flush(&mut cur);
    runs
}

/// Parameter interval of segment (u0,v0)→(u1,v1) inside the unit square.
fn liang_barsky(u0: f64, v0: f64, u1: f64, v1: f64) -> Option<(f64, f64)> {
    let (du, dv) = (u1 - u0, v1 - v0);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-du, u0), (du, 1.0 - u0), (-dv, v0), (dv, 1.0 - v0)] {
        let q = q + 1e-12;
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_range_ignores_nan_and_pads() {
        let a = auto_axis([1.0, f64::NAN, 3.0, f64::INFINITY], false, None).unwrap();
        assert!((a.lo - 0.9).abs() < 1e-12 && (a.hi - 3.1).abs() < 1e-12);
        assert!(auto_axis([f64::NAN], false, None).is_none());
        let c = auto_axis([2.0, 2.0], false, None).unwrap();
        assert!(c.lo < 2.0 && c.hi > 2.0);
        let l = auto_axis([1.0, 100.0], true, None).unwrap();
        assert!(l.lo < 1.0 && l.lo > 0.0 && l.hi > 100.0);
    }

    #[test]
    fn clipping_splits_at_nan_and_box() {
        let xa = Axis {
            lo: 0.0,
            hi: 10.0,
            log: false,
        };
        let ya = Axis {
            lo: 0.0,
            hi: 1.0,
            log: false,
        };
        let pts = [
            (1.0, 0.5),
            (2.0, 0.5),
            (f64::NAN, 0.5),
            (3.0, 0.5),
            (4.0, 2.0),
            (5.0, 0.5),
        ];
        let runs = clip_polyline(&pts, &xa, &ya);
        assert_eq!(runs.len(), 3, "{runs:?}");
        assert_eq!(runs[0], vec![(1.0, 0.5), (2.0, 0.5)]);
        // leaves through the top at y = 1 and comes back
        assert!((runs[1].last().unwrap().1 - 1.0).abs() < 1e-9);
        assert!((runs[2][0].1 - 1.0).abs() < 1e-9);
        assert_eq!(*runs[2].last().unwrap(), (5.0, 0.5));
    }
}
