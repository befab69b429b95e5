//! natrium: simulation and design of all-solid-state anode-free sodium batteries.
//!
//! SI units inside; units at the edges ([`units`]). Every material value carries its source
//! ([`materials`]).

pub mod cell;
pub mod constants;
pub mod error;
pub mod fsutil;
pub mod materials;
pub mod output;
pub mod plot;
pub mod protocol;
pub mod units;

pub use error::{InputError, InputErrors};
