//! The nucleation dip as a cycler records it. A cycler logs the voltage every Δt (1 s is usual)
//! from the moment the current is switched on; a dip that lasts milliseconds is invisible on
//! such a trace, one that relaxes over seconds is not. For each plating step that starts on a
//! bare collector the reader samples the overpotential of the negative against a sodium
//! reference at t₀ + k·Δt (linear between solver steps; the cell voltage of a half cell differs
//! from it by the ohmic drop, constant at constant current) and reports the depth as a paper
//! reads it from the curve: the largest plating overpotential of the samples minus the lowest
//! that follows it (the growth plateau). It also reports the same from the unsampled solution.

/// One dip.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dip {
    /// Depth read from the samples [V].
    pub sampled: f64,
    /// Depth of the solution itself [V].
    pub exact: f64,
    /// Time of the deepest sample after the step start [s].
    pub at: f64,
}

/// Running extremes of one series: the peak and the lowest value after it.
#[derive(Debug, Clone, Copy)]
struct PeakThenLow {
    peak: f64,
    peak_t: f64,
    low_after: f64,
}

impl PeakThenLow {
    fn new() -> Self {
        PeakThenLow {
            peak: f64::NEG_INFINITY,
            peak_t: 0.0,
            low_after: f64::INFINITY,
        }
    }
    fn push(&mut self, t: f64, x: f64) {
        if x > self.peak {
            self.peak = x;
            self.peak_t = t;
            self.low_after = x;
        } else if x < self.low_after {
            self.low_after = x;
        }
    }
    fn depth(&self) -> f64 {
        if self.peak.is_finite() && self.low_after.is_finite() {
            self.peak - self.low_after
        } else {
            f64::NAN
        }
    }
}

/// Reads the dip of one step at a time.
#[derive(Debug, Clone)]
pub(super) struct DipReader {
    interval: f64,
    active: bool,
    t0: f64,
    next: f64,
    prev: (f64, f64),
    sampled: PeakThenLow,
    exact: PeakThenLow,
}

impl DipReader {
    /// A reader sampling every `interval` seconds.
    pub(super) fn new(interval: f64) -> DipReader {
        DipReader {
            interval,
            active: false,
            t0: 0.0,
            next: 0.0,
            prev: (0.0, 0.0),
            sampled: PeakThenLow::new(),
            exact: PeakThenLow::new(),
        }
    }

    /// Start reading a step at time `t0`, where the plating direction of the voltage `x0` is
    /// already applied (the reader looks for a peak of `x`).
    pub(super) fn start(&mut self, t0: f64, x0: f64) {
        self.active = self.interval > 0.0 && self.interval.is_finite();
        self.t0 = t0;
        self.next = t0 + self.interval;
        self.prev = (t0, x0);
        self.sampled = PeakThenLow::new();
        self.exact = PeakThenLow::new();
    }

    /// Whether a step is being read.
    pub(super) fn active(&self) -> bool {
        self.active
    }

    /// The solution at the end of a solver step.
    pub(super) fn push(&mut self, t: f64, x: f64) {
        if !self.active || t <= self.prev.0 {
            return;
        }
        let (ta, xa) = self.prev;
        while self.next <= t {
            let w = (self.next - ta) / (t - ta);
            self.sampled.push(self.next - self.t0, xa + w * (x - xa));
            self.next += self.interval;
        }
        self.exact.push(t - self.t0, x);
        self.prev = (t, x);
    }

    /// End the step: its dip, if the step lasted at least one sample.
    pub(super) fn finish(&mut self) -> Option<Dip> {
        if !self.active {
            return None;
        }
        self.active = false;
        let sampled = self.sampled.depth();
        sampled.is_finite().then_some(Dip {
            sampled,
            exact: self.exact.depth(),
            at: self.sampled.peak_t,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dip of depth 50 mV relaxing with time constant `tau` onto a 10 mV plateau.
    fn trace(tau: f64) -> impl Fn(f64) -> f64 {
        move |t: f64| 0.010 + 0.050 * (-t / tau).exp() * (1.0 - (-t / 1e-3).exp())
    }

    fn read(tau: f64, dt_solver: f64) -> Dip {
        let f = trace(tau);
        let mut r = DipReader::new(1.0);
        r.start(0.0, 0.0);
        let mut t = 0.0;
        while t < 600.0 {
            t += dt_solver * (1.0 + t);
            r.push(t, f(t));
        }
        r.finish().unwrap()
    }

    #[test]
    fn a_millisecond_dip_is_invisible_at_one_sample_per_second() {
        let d = read(5e-3, 1e-4);
        assert!(d.sampled < 1e-6, "{}", d.sampled);
        // the solution's own dip: max of 50 mV·e^(−t/5 ms)(1 − e^(−t/1 ms)) at t = ln 6 ms,
        // 50 mV·(5/6)·6^(−1/5) = 29.1 mV
        let want = 0.050 * (5.0 / 6.0) * 6f64.powf(-0.2);
        approx::assert_relative_eq!(d.exact, want, max_relative = 0.01);
    }

    #[test]
    fn a_dip_relaxing_over_a_minute_is_read_at_the_first_sample() {
        let d = read(60.0, 1e-4);
        // first sample at 1 s: 50·e^(−1/60) = 49.2 mV above the 10 mV plateau reached later
        approx::assert_relative_eq!(
            d.sampled,
            0.050 * (-1.0f64 / 60.0).exp(),
            max_relative = 1e-3
        );
        assert_eq!(d.at, 1.0);
    }

    #[test]
    fn a_step_shorter_than_one_sample_reads_nothing() {
        let mut r = DipReader::new(1.0);
        r.start(0.0, 0.0);
        r.push(0.5, 0.05);
        assert!(r.finish().is_none());
    }
}
