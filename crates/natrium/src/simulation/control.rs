//! Stopping a run from outside (a signal handler, a Python KeyboardInterrupt, a GUI button): a
//! shared flag the runner polls between solver steps. The first request stops the run at the
//! next protocol step boundary, a second one at once; either way what was computed is kept and
//! the outputs are written whole, marked interrupted.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

/// What has been asked of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopRequest {
    /// Nothing: keep going.
    None,
    /// Finish the step in progress, then stop.
    AtStepBoundary,
    /// Stop now, inside the step.
    Now,
}

/// A cloneable handle to one run's stop flag.
#[derive(Debug, Clone, Default)]
pub struct RunControl {
    flag: Arc<AtomicU8>,
}

impl RunControl {
    pub fn new() -> RunControl {
        RunControl::default()
    }

    /// Escalate: the first call asks for a stop at the step boundary, any later one for a stop
    /// now. Returns the request now in force. Safe to call from a signal-handling thread.
    pub fn request_stop(&self) -> StopRequest {
        let before = self
            .flag
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |f| Some((f + 1).min(2)))
            .unwrap_or(2);
        decode((before + 1).min(2))
    }

    /// Ask for an immediate stop.
    pub fn stop_now(&self) {
        self.flag.store(2, Ordering::SeqCst);
    }

    /// The request in force.
    pub fn request(&self) -> StopRequest {
        decode(self.flag.load(Ordering::Relaxed))
    }

    /// How many requests were made (0, 1, 2+).
    pub fn requests(&self) -> u8 {
        self.flag.load(Ordering::Relaxed)
    }
}

fn decode(f: u8) -> StopRequest {
    match f {
        0 => StopRequest::None,
        1 => StopRequest::AtStepBoundary,
        _ => StopRequest::Now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_escalate_and_saturate() {
        let c = RunControl::new();
        let c2 = c.clone();
        assert_eq!(c.request(), StopRequest::None);
        assert_eq!(c2.request_stop(), StopRequest::AtStepBoundary);
        assert_eq!(c.request(), StopRequest::AtStepBoundary);
        assert_eq!(c2.request_stop(), StopRequest::Now);
        assert_eq!(c2.request_stop(), StopRequest::Now);
        assert_eq!(c.request(), StopRequest::Now);
        assert_eq!(c.requests(), 2);
    }
}
