//! The log of discrete events of a run (re-nucleation, depletion, delamination, ignored events):
//! bounded whatever the run length. Every event is counted by kind; the first and the last
//! [`EventLog::KEEP`] are kept with their times.

use std::collections::{BTreeMap, VecDeque};

use serde_json::json;

/// One logged event.
#[derive(Debug, Clone, PartialEq)]
pub struct RunEvent {
    /// Simulated time [s].
    pub time: f64,
    /// Expanded protocol step, from 1.
    pub step: u64,
    /// Kind, for counting (e.g. "sodium depleted", "re-nucleation").
    pub kind: String,
    /// What happened.
    pub text: String,
}

/// Bounded event log.
#[derive(Debug, Clone, Default)]
pub struct EventLog {
    first: Vec<RunEvent>,
    last: VecDeque<RunEvent>,
    counts: BTreeMap<String, u64>,
    total: u64,
}

impl EventLog {
    /// Events kept at each end of the log.
    pub const KEEP: usize = 50;

    pub fn push(&mut self, time: f64, step: u64, kind: &str, text: impl Into<String>) {
        let e = RunEvent {
            time,
            step,
            kind: kind.to_string(),
            text: text.into(),
        };
        *self.counts.entry(e.kind.clone()).or_insert(0) += 1;
        self.total += 1;
        if self.first.len() < Self::KEEP {
            self.first.push(e);
        } else {
            if self.last.len() == Self::KEEP {
                self.last.pop_front();
            }
            self.last.push_back(e);
        }
    }

    /// Events logged in all (kept or not).
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Count of one kind.
    pub fn count(&self, kind: &str) -> u64 {
        self.counts.get(kind).copied().unwrap_or(0)
    }

    /// Counts by kind.
    pub fn counts(&self) -> &BTreeMap<String, u64> {
        &self.counts
    }

    /// The kept events in time order (the first `KEEP` and the last `KEEP`).
    pub fn kept(&self) -> impl Iterator<Item = &RunEvent> {
        self.first.iter().chain(self.last.iter())
    }

    /// The first kept event of a kind at or after `t`.
    pub fn find(&self, kind: &str, t: f64) -> Option<&RunEvent> {
        self.kept().find(|e| e.kind == kind && e.time >= t)
    }

    /// Events left out between the first and the last kept ones.
    pub fn omitted(&self) -> u64 {
        self.total - (self.first.len() + self.last.len()) as u64
    }

    /// JSON summary for the metadata.
    pub fn to_json(&self) -> serde_json::Value {
        let list = |v: &mut dyn Iterator<Item = &RunEvent>| -> Vec<serde_json::Value> {
            v.map(|e| json!({"time_s": e.time, "step": e.step, "kind": e.kind, "text": e.text}))
                .collect()
        };
        json!({
            "total": self.total,
            "counts": self.counts,
            "first": list(&mut self.first.iter()),
            "omitted": self.omitted(),
            "last": list(&mut self.last.iter()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_bounded_and_counts_everything() {
        let mut log = EventLog::default();
        for k in 0..100_000u64 {
            log.push(k as f64, k + 1, if k % 2 == 0 { "a" } else { "b" }, "x");
        }
        assert_eq!(log.total(), 100_000);
        assert_eq!(log.count("a"), 50_000);
        assert_eq!(log.kept().count(), 2 * EventLog::KEEP);
        assert_eq!(log.omitted(), 100_000 - 2 * EventLog::KEEP as u64);
        let times: Vec<f64> = log.kept().map(|e| e.time).collect();
        assert!(times.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(times.last(), Some(&99_999.0));
        assert!(log.find("b", 1000.0).is_some_and(|e| e.time >= 1000.0));
    }
}
