//! Potential fluctuations from local delamination (review §2, from Ortmann et al. 2024, ref. 37:
//! fluctuations on the steady part of plating, smaller at higher current and pressure, caused by
//! local delamination of the collector).
//!
//! Assumed structure: delamination events form a Poisson process of rate λ during plating, drawn
//! by the runner from a seeded generator (reproducible for a given seed). An event detaches a
//! random share u·a of the current contact, φ → φ·(1 − u·a), u uniform on [0, 1). The contact
//! model heals it by creep under the stack pressure and by the plating flux (`contact`), so the
//! voltage spikes fade faster, and look smaller, at higher pressure and current, as observed.
//! λ and a are assumptions (no measured statistics in the review).

use crate::error::InputError;
use crate::physics::negative::resolve::Ctx;
use crate::units::{dims, Dimension};

/// Candidate rate of local delamination events during plating [1/s] (assumed: one per 10 min).
pub const RATE: f64 = 1.0 / 600.0;
/// Largest share of the contact one event detaches (assumed).
pub const AMPLITUDE: f64 = 0.5;

/// Parameters of the delamination process.
#[derive(Debug, Clone, PartialEq)]
pub struct Delamination {
    /// Candidate event rate λ [1/s].
    pub rate: f64,
    /// Largest share of the contact one event detaches, a ∈ (0, 1).
    pub amplitude: f64,
    /// Seed of the event sequence.
    pub seed: u64,
}

impl Delamination {
    /// The process the design asks for (`fluctuation = "delamination"`), or `None`.
    pub fn resolve(ctx: &mut Ctx) -> Result<Option<Delamination>, InputError> {
        if ctx.variant("fluctuation", "none")? != "delamination" {
            return Ok(None);
        }
        let rate = ctx.param(
            "fluctuation_rate",
            Dimension::new(0, 0, -1, 0, 0, 0, 0),
            "1/s",
            RATE,
            "assumed: one candidate delamination per 10 min of plating",
        )?;
        let amplitude = ctx.param(
            "fluctuation_amplitude",
            dims::DIMENSIONLESS,
            "-",
            AMPLITUDE,
            "assumed: an event detaches up to half of the contact",
        )?;
        if !(0.0..1.0).contains(&amplitude) || rate <= 0.0 {
            return Err(ctx.err(
                "fluctuation_amplitude",
                format!("rate {rate} 1/s and amplitude {amplitude}: expected a positive rate and 0 ≤ amplitude < 1"),
            ));
        }
        let seed = ctx.seed();
        ctx.log.add(
            "interface.seed",
            seed as f64,
            "-",
            "seed of the delamination events",
        );
        Ok(Some(Delamination {
            rate,
            amplitude,
            seed,
        }))
    }

    /// The contact after an event with uniform draw `u` ∈ [0, 1).
    pub fn detach(&self, phi: f64, u: f64) -> f64 {
        phi * (1.0 - self.amplitude * u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_detaches_at_most_the_amplitude() {
        let d = Delamination {
            rate: 1.0 / 600.0,
            amplitude: 0.5,
            seed: 7,
        };
        assert_eq!(d.detach(0.8, 0.0), 0.8);
        assert!((d.detach(0.8, 0.999_999) - 0.4).abs() < 1e-6);
        assert!(d.detach(1.0, 0.5) > 0.5 && d.detach(1.0, 0.5) < 1.0);
    }
}
