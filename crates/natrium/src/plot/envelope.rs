//! Bounded-memory decimation of long series for plotting, that draws nothing that is not in the
//! data.
//!
//! Samples arrive in order of a non-decreasing key `s` (time, log-time, or the arc length of a
//! voltage–capacity curve). They are grouped into buckets of equal width in `s`; each bucket
//! keeps, for every series, its first and last point and the points where `y` is smallest and
//! largest (the "M4" aggregation of Jugel et al., VLDB 2014). When the buckets exceed their cap
//! the width doubles and neighbours merge, so memory stays bounded whatever the run length. A
//! plot of the kept points, with buckets no wider than a pixel, lights the same pixels as the
//! full series: every extreme is kept, so no spike is lost and none is invented (stride
//! thinning, by contrast, draws a smooth curve that is not the trace).
//!
//! Hand-written: the plotting crates decimate nothing, and this must run while the data stream
//! past.

/// The four points a bucket keeps of one series.
#[derive(Debug, Clone, Copy)]
struct Four {
    first: (f64, f64),
    last: (f64, f64),
    min: (f64, f64),
    max: (f64, f64),
    /// Whether any finite point arrived.
    seen: bool,
}

impl Four {
    const EMPTY: Four = Four {
        first: (f64::NAN, f64::NAN),
        last: (f64::NAN, f64::NAN),
        min: (f64::NAN, f64::INFINITY),
        max: (f64::NAN, f64::NEG_INFINITY),
        seen: false,
    };

    fn add(&mut self, p: (f64, f64)) {
        if !(p.0.is_finite() && p.1.is_finite()) {
            return;
        }
        if !self.seen {
            self.first = p;
            self.seen = true;
        }
        self.last = p;
        if p.1 < self.min.1 {
            self.min = p;
        }
        if p.1 > self.max.1 {
            self.max = p;
        }
    }

    fn merge(&mut self, later: &Four) {
        if !later.seen {
            return;
        }
        if !self.seen {
            *self = *later;
            return;
        }
        self.last = later.last;
        if later.min.1 < self.min.1 {
            self.min = later.min;
        }
        if later.max.1 > self.max.1 {
            self.max = later.max;
        }
    }
}

/// One bucket: its index (`floor((s - origin)/width)`), the key span it saw, and its points.
#[derive(Debug, Clone)]
struct Bucket {
    index: i64,
    s_last: f64,
    /// (key, point) of each series' first/min/max/last, to order them within the bucket.
    series: Vec<Four>,
    keys: Vec<[f64; 4]>,
}

/// M4 envelope of several series sharing a key.
#[derive(Debug, Clone)]
pub struct Envelope {
    n_series: usize,
    origin: Option<f64>,
    width: f64,
    cap: usize,
    buckets: Vec<Bucket>,
    samples: u64,
}

impl Envelope {
    /// `n_series` series, buckets of initial width `width` in the key, at most `cap` buckets
    /// (at least 2).
    pub fn new(n_series: usize, width: f64, cap: usize) -> Envelope {
        Envelope {
            n_series,
            origin: None,
            width: if width > 0.0 && width.is_finite() {
                width
            } else {
                1.0
            },
            cap: cap.max(2),
            buckets: Vec::new(),
            samples: 0,
        }
    }

    /// Samples pushed so far.
    pub fn samples(&self) -> u64 {
        self.samples
    }

    /// Buckets held now (≤ cap).
    pub fn buckets(&self) -> usize {
        self.buckets.len()
    }

    /// Add one sample at key `s` with one `(x, y)` point per series (non-finite points are
    /// skipped for their series). Keys must not decrease; a smaller one is treated as equal to
    /// the last.
    pub fn push(&mut self, s: f64, points: &[(f64, f64)]) {
        if !s.is_finite() {
            return;
        }
        self.samples += 1;
        let origin = *self.origin.get_or_insert(s);
        let s = match self.buckets.last() {
            Some(b) => s.max(b.s_last),
            None => s,
        };
        let index = ((s - origin) / self.width).floor() as i64;
        if self.buckets.last().map(|b| b.index) != Some(index) {
            self.buckets.push(Bucket {
                index,
                s_last: s,
                series: vec![Four::EMPTY; self.n_series],
                keys: vec![[f64::NAN; 4]; self.n_series],
            });
        }
        let b = self.buckets.last_mut().expect("a bucket was just ensured");
        b.s_last = s;
        for (k, p) in points.iter().take(self.n_series).enumerate() {
            let f = &mut b.series[k];
            let before = (f.seen, f.min.1, f.max.1);
            f.add(*p);
            let keys = &mut b.keys[k];
            if f.seen && !before.0 {
                keys[0] = s;
            }
            if f.seen {
                keys[3] = s;
                if f.min.1 < before.1 {
                    keys[1] = s;
                }
                if f.max.1 > before.2 {
                    keys[2] = s;
                }
            }
        }
        if self.buckets.len() > self.cap {
            self.coarsen();
        }
    }

    /// Double the bucket width and merge neighbours.
    fn coarsen(&mut self) {
        self.width *= 2.0;
        let old = std::mem::take(&mut self.buckets);
        for mut b in old {
            b.index = b.index.div_euclid(2);
            match self.buckets.last_mut() {
                Some(prev) if prev.index == b.index => {
                    prev.s_last = b.s_last;
                    for k in 0..self.n_series {
                        let (pf, bf) = (prev.series[k], b.series[k]);
                        let mut merged = pf;
                        merged.merge(&bf);
                        let mut keys = prev.keys[k];
                        if !pf.seen && bf.seen {
                            keys = b.keys[k];
                        } else if bf.seen {
                            keys[3] = b.keys[k][3];
                            if bf.min.1 < pf.min.1 {
                                keys[1] = b.keys[k][1];
                            }
                            if bf.max.1 > pf.max.1 {
                                keys[2] = b.keys[k][2];
                            }
                        }
                        prev.series[k] = merged;
                        prev.keys[k] = keys;
                    }
                }
                _ => self.buckets.push(b),
            }
        }
    }

    /// The kept points of series `k` in key order (first, extremes, last of each bucket;
    /// duplicates removed).
    pub fn points(&self, k: usize) -> Vec<(f64, f64)> {
        let mut out: Vec<(f64, f64)> = Vec::with_capacity(4 * self.buckets.len());
        for b in &self.buckets {
            let Some(f) = b.series.get(k).filter(|f| f.seen) else {
                continue;
            };
            let keys = b.keys[k];
            let mut four = [
                (keys[0], 0, f.first),
                (keys[1], 1, f.min),
                (keys[2], 2, f.max),
                (keys[3], 3, f.last),
            ];
            four.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            for (_, _, p) in four {
                if out.last() != Some(&p) {
                    out.push(p);
                }
            }
        }
        out
    }

    /// Smallest and largest `y` of series `k` over all samples.
    pub fn y_extent(&self, k: usize) -> Option<(f64, f64)> {
        let mut r: Option<(f64, f64)> = None;
        for b in &self.buckets {
            if let Some(f) = b.series.get(k).filter(|f| f.seen) {
                let (lo, hi) = r.unwrap_or((f64::INFINITY, f64::NEG_INFINITY));
                r = Some((lo.min(f.min.1), hi.max(f.max.1)));
            }
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A noisy signal with a few spikes, 10⁶ samples.
    fn signal(i: u64) -> f64 {
        let t = i as f64;
        let spike = if i % 99_991 == 17 { 5.0 } else { 0.0 };
        (t * 1e-4).sin() + 0.01 * ((t * 0.37).sin()) + spike
    }

    #[test]
    fn memory_is_bounded_and_every_extreme_is_kept() {
        let mut e = Envelope::new(1, 1.0, 500);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        let n = 1_000_000u64;
        for i in 0..n {
            let y = signal(i);
            lo = lo.min(y);
            hi = hi.max(y);
            e.push(i as f64, &[(i as f64, y)]);
        }
        assert!(e.buckets() <= 500);
        assert_eq!(e.samples(), n);
        let pts = e.points(0);
        assert!(pts.len() <= 4 * 500);
        assert_eq!(e.y_extent(0), Some((lo, hi)));
        // every spike survives (a spike is ≥ 3.99, the rest of the signal ≤ 1.01)
        let spikes = (0..n).filter(|i| i % 99_991 == 17).count();
        let kept = pts.iter().filter(|p| p.1 > 3.0).count();
        assert_eq!(kept, spikes);
        // every kept point is a sample of the signal (nothing invented)
        for &(x, y) in &pts {
            assert_eq!(y, signal(x as u64), "point ({x}, {y}) is not in the data");
        }
        // and in key order
        assert!(pts.windows(2).all(|w| w[0].0 <= w[1].0));
    }

    #[test]
    fn series_with_gaps_and_a_second_series() {
        let mut e = Envelope::new(2, 0.5, 8);
        for i in 0..100 {
            let t = i as f64;
            let y2 = if i % 3 == 0 { f64::NAN } else { -t };
            e.push(t, &[(t, t * t), (t, y2)]);
        }
        let a = e.points(0);
        let b = e.points(1);
        assert_eq!(a.first(), Some(&(0.0, 0.0)));
        assert_eq!(a.last(), Some(&(99.0, 9801.0)));
        assert!(b.iter().all(|p| p.1.is_finite()));
        assert_eq!(b.last(), Some(&(98.0, -98.0)));
    }
}
