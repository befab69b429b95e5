//! Reduction of the collector's native oxide on the first charge: `first-charge` (Cu₂O) or
//! `none`.

pub mod first_charge;

pub use first_charge::OxideReduction;
