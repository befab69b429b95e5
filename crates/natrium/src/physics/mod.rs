//! Physics kernels and submodels, one folder per phenomenon, one file per variant. Kernels are
//! written once, generic over [`crate::ad::Real`], and each states its equation and source in its
//! doc comment.

pub mod cathode;
pub mod control;
pub mod electrolyte;
pub mod mechanics;
pub mod negative;
pub mod thermal;
