//! Solid-electrolyte separator: ionic transport (single-ion ohmic or binary with t+ < 1) and
//! electronic leakage.

pub mod binary;
pub mod leakage;
pub mod ohmic;
