//! natrium: simulation and design of all-solid-state anode-free sodium batteries.
//!
//! SI units inside; units at the edges ([`units`]). Every material value carries its source
//! ([`materials`]).

pub mod ad;
pub mod analysis;
pub mod cell;
pub mod constants;
pub mod error;
pub mod fsutil;
pub mod limits;
pub mod materials;
pub mod model;
pub mod output;
pub mod physics;
pub mod plot;
pub mod protocol;
pub mod simulation;
pub mod solver;
pub mod units;

pub use error::{InputError, InputErrors};
